/*
 * rules.c -- the policy's rules checked for one portfolio at one draw's
 * numbers: the offset, area shares and spends, tag minimums and ministry
 * ceilings, with the solver's names and its feasibility tolerance, so that
 * "holds in this draw" means what `solve` means by it.  Dependencies,
 * exclusive groups and forced decisions do not depend on the numbers and
 * are checked once (juten_rules_structural).
 */
#include "juten_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { R_OFFSET, R_AREA_MIN, R_AREA_MAX, R_AREA_SPEND, R_TAG, R_CEILING } rkind;

typedef struct rrule {
    rkind kind;
    int index;        /* area, tag or ministry */
    double lo, hi;    /* share or amount limits (NAN: none) */
    char *name;
} rrule;

typedef struct rshare {
    int ministry;
    double share;
} rshare;

struct juten_rules {
    const juten_model *m;
    double headroom, rate;
    int n, n_areas, n_tags, n_ministries;
    double *weight;   /* per measure: its area's weight */
    int *area;
    int *share_start; /* CSR of the charge shares: measure -> (ministry, share) */
    rshare *shares;
    int *tag_start, *tags;
    int n_rules;
    rrule *rules;
};

/* The solver's tolerance (solver_int.h JUTEN_FEAS_TOL): a rule holds
 * within 1e-6 (1 + |bound|). */
static double tol(double b) { return 1e-6 * (1.0 + fabs(b)); }

static char *fmt_name(const char *pre, const char *id)
{
    size_t n = strlen(pre) + strlen(id) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s[%s]", pre, id);
    return s;
}

static bool add_rule(juten_rules *r, rkind k, int index, double lo, double hi, char *name)
{
    if (!name)
        return false;
    rrule *nr = realloc(r->rules, (size_t)(r->n_rules + 1) * sizeof *nr);
    if (!nr) {
        free(name);
        return false;
    }
    r->rules = nr;
    nr[r->n_rules++] = (rrule){k, index, lo, hi, name};
    return true;
}

juten_status juten_rules_create(const juten_model *m, double headroom, double savings_rate,
                                juten_rules **out)
{
    *out = NULL;
    juten_rules *r = calloc(1, sizeof *r);
    if (!r)
        return JUTEN_ERR_NOMEM;
    r->m = m;
    r->headroom = isnan(headroom) ? juten_model_headroom(m) : headroom;
    r->rate = isnan(savings_rate) ? juten_model_savings_rate(m) : savings_rate;
    r->n = juten_model_measure_count(m);
    r->n_areas = juten_model_area_count(m);
    r->n_tags = juten_model_tag_count(m);
    r->n_ministries = juten_model_ministry_count(m);
    size_t n1 = (size_t)r->n + 1;
    r->weight = malloc(n1 * sizeof *r->weight);
    r->area = malloc(n1 * sizeof *r->area);
    r->share_start = malloc(n1 * sizeof *r->share_start);
    r->tag_start = malloc(n1 * sizeof *r->tag_start);
    if (!r->weight || !r->area || !r->share_start || !r->tag_start)
        goto nomem;
    int ns = 0, nt = 0;
    for (int i = 0; i < r->n; i++) {
        ns += juten_model_measure_share_count(m, i) ? juten_model_measure_share_count(m, i)
              : juten_model_measure_ministry(m, i) >= 0 ? 1 : 0;
        nt += juten_model_measure_tag_count(m, i);
    }
    r->shares = malloc(((size_t)ns + 1) * sizeof *r->shares);
    r->tags = malloc(((size_t)nt + 1) * sizeof *r->tags);
    if (!r->shares || !r->tags)
        goto nomem;
    ns = nt = 0;
    for (int i = 0; i < r->n; i++) {
        r->area[i] = juten_model_measure_area(m, i);
        r->weight[i] = juten_model_area_weight(m, r->area[i]);
        r->share_start[i] = ns;
        int q = juten_model_measure_share_count(m, i);
        if (q)
            for (int j = 0; j < q; j++)
                r->shares[ns++] = (rshare){juten_model_measure_share_ministry(m, i, j),
                                           juten_model_measure_share(m, i, j)};
        else if (juten_model_measure_ministry(m, i) >= 0)
            r->shares[ns++] = (rshare){juten_model_measure_ministry(m, i), 1.0};
        r->tag_start[i] = nt;
        for (int j = 0; j < juten_model_measure_tag_count(m, i); j++)
            r->tags[nt++] = juten_model_measure_tag(m, i, j);
    }
    r->share_start[r->n] = ns;
    r->tag_start[r->n] = nt;

    if (!add_rule(r, R_OFFSET, -1, NAN, r->headroom, strdup("offset")))
        goto nomem;
    for (int a = 0; a < r->n_areas; a++) {
        const char *id = juten_model_area_id(m, a);
        double mn = juten_model_area_min_share(m, a), mx = juten_model_area_max_share(m, a);
        double sl = juten_model_area_min_spend(m, a), sh = juten_model_area_max_spend(m, a);
        if (!isnan(mn) && !add_rule(r, R_AREA_MIN, a, mn, NAN, fmt_name("area_min_share", id)))
            goto nomem;
        if (!isnan(mx) && !add_rule(r, R_AREA_MAX, a, NAN, mx, fmt_name("area_max_share", id)))
            goto nomem;
        if ((!isnan(sl) || !isnan(sh)) &&
            !add_rule(r, R_AREA_SPEND, a, sl, sh, fmt_name("area_spend", id)))
            goto nomem;
    }
    for (int t = 0; t < r->n_tags; t++) {
        double L = juten_model_tag_minimum(m, t);
        if (!isnan(L) && !add_rule(r, R_TAG, t, L, NAN, fmt_name("tag_min", juten_model_tag_id(m, t))))
            goto nomem;
    }
    for (int k = 0; k < r->n_ministries; k++) {
        double c = juten_model_ministry_ceiling(m, k);
        if (isfinite(c) &&
            !add_rule(r, R_CEILING, k, NAN, c, fmt_name("ceiling", juten_model_ministry_id(m, k))))
            goto nomem;
    }
    *out = r;
    return JUTEN_OK;
nomem:
    juten_rules_free(r);
    return JUTEN_ERR_NOMEM;
}

void juten_rules_free(juten_rules *r)
{
    if (!r)
        return;
    for (int q = 0; q < r->n_rules; q++)
        free(r->rules[q].name);
    free(r->rules);
    free(r->weight);
    free(r->area);
    free(r->share_start);
    free(r->shares);
    free(r->tag_start);
    free(r->tags);
    free(r);
}

int juten_rules_count(const juten_rules *r) { return r->n_rules; }
const char *juten_rules_name(const juten_rules *r, int q)
{
    return q >= 0 && q < r->n_rules ? r->rules[q].name : NULL;
}

bool juten_rules_eval(const juten_rules *r, const unsigned char *x, const double *cost,
                      const double *risk, const double *saving, juten_eval *ev,
                      unsigned char *holds)
{
    /* small rounds keep their sums on the stack; sums in measure order */
    double area_buf[64], tag_buf[64], min_buf[64];
    double *as = r->n_areas <= 64 ? area_buf : calloc((size_t)r->n_areas, sizeof *as);
    double *ts = r->n_tags <= 64 ? tag_buf : calloc((size_t)r->n_tags, sizeof *ts);
    double *ms = r->n_ministries <= 64 ? min_buf : calloc((size_t)r->n_ministries, sizeof *ms);
    bool heap_fail = !as || !ts || !ms;
    if (!heap_fail) {
        if (as == area_buf)
            memset(as, 0, sizeof(double) * (size_t)r->n_areas);
        if (ts == tag_buf)
            memset(ts, 0, sizeof(double) * (size_t)r->n_tags);
        if (ms == min_buf)
            memset(ms, 0, sizeof(double) * (size_t)r->n_ministries);
    }
    double spend = 0, sav = 0, value = 0;
    for (int i = 0; i < r->n; i++) {
        if (!x[i])
            continue;
        double c = cost[i];
        spend += c;
        sav += saving[i];
        value += r->weight[i] * risk[i];
        if (heap_fail)
            continue;
        as[r->area[i]] += c;
        for (int j = r->tag_start[i]; j < r->tag_start[i + 1]; j++)
            ts[r->tags[j]] += c;
        for (int j = r->share_start[i]; j < r->share_start[i + 1]; j++)
            ms[r->shares[j].ministry] += r->shares[j].share * c;
    }
    juten_eval e = {spend, r->rate * sav, spend - r->rate * sav, value};
    if (ev)
        *ev = e;
    bool all = true;
    for (int q = 0; q < r->n_rules; q++) {
        const rrule *u = &r->rules[q];
        bool ok = true;
        if (heap_fail && u->kind != R_OFFSET) {
            ok = false; /* no memory for the sums: say "not shown to hold" */
        } else {
            switch (u->kind) {
            case R_OFFSET:
                ok = e.net <= u->hi + tol(u->hi);
                break;
            case R_AREA_MIN: /* spend_a - min * spend >= 0 */
                ok = as[u->index] - u->lo * spend >= -tol(0);
                break;
            case R_AREA_MAX:
                ok = as[u->index] - u->hi * spend <= tol(0);
                break;
            case R_AREA_SPEND:
                ok = (isnan(u->lo) || as[u->index] >= u->lo - tol(u->lo)) &&
                     (isnan(u->hi) || as[u->index] <= u->hi + tol(u->hi));
                break;
            case R_TAG:
                ok = ts[u->index] >= u->lo - tol(u->lo);
                break;
            case R_CEILING:
                ok = ms[u->index] <= u->hi + tol(u->hi);
                break;
            }
        }
        if (holds)
            holds[q] = ok;
        all &= ok;
    }
    if (as != area_buf)
        free(as);
    if (ts != tag_buf)
        free(ts);
    if (ms != min_buf)
        free(ms);
    return all;
}

bool juten_rules_structural(const juten_rules *r, const unsigned char *x)
{
    const juten_model *m = r->m;
    int ng = juten_model_group_count(m);
    int *in_group = calloc((size_t)ng + 1, sizeof *in_group);
    bool ok = in_group != NULL;
    for (int i = 0; ok && i < r->n; i++) {
        if (juten_model_measure_mandatory(m, i) && !x[i])
            ok = false;
        int f = juten_model_measure_force(m, i);
        if ((f > 0 && !x[i]) || (f < 0 && x[i]))
            ok = false;
        if (!x[i])
            continue;
        for (int q = 0; q < juten_model_measure_requires_count(m, i); q++)
            if (!x[juten_model_measure_requires(m, i, q)])
                ok = false;
        int g = juten_model_measure_group(m, i);
        if (g >= 0 && ++in_group[g] > 1)
            ok = false;
    }
    free(in_group);
    return ok;
}
