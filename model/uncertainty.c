/*
 * uncertainty.c -- the scenario's [uncertainty] section: which distribution
 * each three-point field is drawn from, with what shape, how many draws,
 * which seed and how strongly a ministry's (or an area's) measures move
 * together.  Read from the merged base chain key by key, every mistake at
 * its file:line:col.  Drawing itself is the simulation module's (sim/).
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[JUTEN_FIELDS] = {"cost", "risk_reduction", "saving"};
static const char *const dist_names[] = {"pert", "triangular", "uniform", "lognormal"};
#define N_DISTS ((int)(sizeof dist_names / sizeof dist_names[0]))

const char *juten_field_name(juten_field f)
{
    return (unsigned)f < JUTEN_FIELDS ? field_names[f] : "?";
}

const char *juten_distribution_name(juten_distribution d)
{
    return (unsigned)d < (unsigned)N_DISTS ? dist_names[d] : "?";
}

void juten_uncertainty_init(juten_uncertainty *u)
{
    memset(u, 0, sizeof *u);
    for (int f = 0; f < JUTEN_FIELDS; f++)
        u->dist[f] = JUTEN_DIST_PERT;
    u->pert_gamma = 4;
    u->draws = 10000;
    u->seed = 1;
}

const juten_uncertainty *juten_model_uncertainty(const juten_model *m)
{
    return m ? &m->uncertainty : NULL;
}

enum { K_DIST, K_COST, K_RISK, K_SAVING, K_GAMMA, K_DRAWS, K_SEED, K_CMIN, K_CAREA, K_N };
static const char *const ukeys[K_N] = {"distribution", "cost", "risk_reduction", "saving",
                                      "pert_gamma", "draws", "seed",
                                      "correlation_ministry", "correlation_area"};

static int dist_of(const char *s)
{
    for (int d = 0; d < N_DISTS; d++)
        if (strcmp(s, dist_names[d]) == 0)
            return d;
    return -1;
}

static void bad(jm_rep *r, const jm_kv *kv, const char *expected)
{
    char q[200];
    jm_report(r, JUTEN_ERROR, kv->vpos.file, kv->vpos.line, kv->vpos.col,
              _("[uncertainty] %s: \"%s\" is not valid; expected %s"), kv->key,
              jm_quote(q, sizeof q, kv->text, strlen(kv->text)), expected);
}

/* A whole number in [lo, hi], digits only (thousands separators allowed
 * through the loader's number reader for draws). */
static bool whole(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

void jm_uncertainty_apply(jm_rep *r, juten_model *m, const jm_scenario *sc,
                          const char *measures_path)
{
    juten_uncertainty *u = &m->uncertainty;
    juten_uncertainty_init(u);
    u->declared = sc->has_uncertainty;
    int field_set[JUTEN_FIELDS] = {0, 0, 0};
    const jm_kv *cm = NULL, *ca = NULL;
    for (int k = 0; k < sc->n_uncertainty; k++) {
        const jm_kv *kv = &sc->uncertainty[k];
        int key = -1;
        for (int i = 0; i < K_N; i++)
            if (strcmp(kv->key, ukeys[i]) == 0)
                key = i;
        if (key < 0) {
            char q[200], hint[96] = "";
            jm_suggest sg;
            jm_suggest_init(&sg, kv->key, strlen(kv->key));
            for (int i = 0; i < K_N; i++)
                jm_suggest_try(&sg, ukeys[i]);
            if (jm_suggest_best(&sg))
                snprintf(hint, sizeof hint, _(" (did you mean \"%s\"?)"), jm_suggest_best(&sg));
            jm_report(r, JUTEN_ERROR, kv->kpos.file, kv->kpos.line, kv->kpos.col,
                      _("unknown key \"%s\" in [uncertainty]%s; expected distribution, "
                      "cost, risk_reduction, saving, pert_gamma, draws, seed, "
                      "correlation_ministry or correlation_area"),
                      jm_quote(q, sizeof q, kv->key, strlen(kv->key)), hint);
            continue;
        }
        double v;
        uint64_t w;
        switch (key) {
        case K_DIST:
        case K_COST:
        case K_RISK:
        case K_SAVING: {
            int d = dist_of(kv->text);
            if (d < 0) {
                bad(r, kv, _("pert, triangular, uniform or lognormal"));
                break;
            }
            if (key == K_DIST) {
                for (int f = 0; f < JUTEN_FIELDS; f++)
                    if (!field_set[f])
                        u->dist[f] = (juten_distribution)d;
            } else {
                u->dist[key - K_COST] = (juten_distribution)d;
                field_set[key - K_COST] = 1;
            }
            break;
        }
        case K_GAMMA:
            if (jm_number_parse(kv->text, strlen(kv->text), &v) || !(v > 0) || v > 1000)
                bad(r, kv, _("a shape above 0 and at most 1000 (4 is the classic PERT)"));
            else
                u->pert_gamma = v;
            break;
        case K_DRAWS:
            if (jm_number_parse(kv->text, strlen(kv->text), &v) || v != floor(v) || v < 1 ||
                v > 1e9)
                bad(r, kv, _("a whole number of draws from 1 to 1000000000"));
            else
                u->draws = (long)v;
            break;
        case K_SEED:
            if (!whole(kv->text, 0, UINT64_MAX, &w))
                bad(r, kv, _("a whole number from 0 to 18446744073709551615"));
            else
                u->seed = w;
            break;
        case K_CMIN:
        case K_CAREA:
            if (jm_number_parse_share(kv->text, strlen(kv->text), &v) || v < 0 || v > 1) {
                bad(r, kv, _("a correlation from 0 to 1 (0.5 or 50%)"));
                break;
            }
            if (key == K_CMIN) {
                u->correlation_ministry = v;
                cm = kv;
            } else {
                u->correlation_area = v;
                ca = kv;
            }
            break;
        default:
            break;
        }
    }
    if (u->correlation_ministry + u->correlation_area > 1 + 1e-12) {
        const jm_kv *at = ca ? ca : cm;
        jm_report(r, JUTEN_ERROR, at->vpos.file, at->vpos.line, at->vpos.col,
                  _("[uncertainty] correlation_ministry (%g) and correlation_area (%g) "
                  "add up to more than 1; expected a sum of at most 1 (each is the "
                  "share of a draw's variation its group shares)"),
                  u->correlation_ministry, u->correlation_area);
    }
    /* lognormal takes low and high as its 5th and 95th percentiles: both
     * must be positive */
    for (int f = 0; f < JUTEN_FIELDS; f++) {
        if (u->dist[f] != JUTEN_DIST_LOGNORMAL)
            continue;
        int shown = 0;
        for (int i = 0; i < m->n_measures; i++) {
            const juten_measure *me = &m->measures[i];
            double lo = f == 0 ? me->cost_lo : f == 1 ? me->risk_lo : me->saving_lo;
            double hi = f == 0 ? me->cost_hi : f == 1 ? me->risk_hi : me->saving_hi;
            if (lo < hi && !(lo > 0)) {
                if (shown++ < 5)
                    jm_report(r, JUTEN_ERROR, measures_path, me->line, 0,
                              _("measure %s: %s_low is %g, but a lognormal %s takes "
                              "low and high as its 5th and 95th percentiles, which "
                              "must be above 0; expected a positive low, or another "
                              "distribution for %s in [uncertainty]"), me->id,
                              f == 1 ? "risk" : field_names[f], lo, field_names[f],
                              field_names[f]);
            }
        }
        if (shown > 5)
            jm_report(r, JUTEN_ERROR, measures_path, 0, 0,
                      P_("%d more measure has a %s_low of 0 or less",
                         "%d more measures have a %s_low of 0 or less",
                         (unsigned long)(shown - 5)), shown - 5,
                      f == 1 ? "risk" : field_names[f]);
    }
}
