/*
 * testmodels.c -- random budget rounds with every kind of rule, and an
 * independent brute-force checker written from the policy's rules (it
 * shares no code with the solver's formulation).  Small integers and shares
 * in steps of 0.05 keep every portfolio clearly feasible or clearly not.
 */
#include "testmodels.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a deterministic generator (xorshift64*) ---------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
int tm_rint(int lo, int hi) { return lo + (int)(rnd() % (uint64_t)(hi - lo + 1)); }
#define rint_in tm_rint
static bool chance(int pct) { return rint_in(1, 100) <= pct; }

/* snprintf at the call site keeps the format literal (checked). */
static char dupbuf[64];
#define dupf(fmt, k) (snprintf(dupbuf, sizeof dupbuf, fmt, k), strdup(dupbuf))

/* A random model with every kind of rule; n measures between min_n and
 * max_n. */
juten_model *tm_random_model(uint64_t seed, int min_n, int max_n)
{
    rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
    juten_model *m = juten_model_alloc();
    ck_assert_ptr_nonnull(m);
    m->name = strdup("random");
    m->currency = strdup("oku");
    m->headroom = chance(70) ? 0 : rint_in(-5, 20);
    static const double rates[] = {1.0, 0.5, 0.75, 1.0};
    m->savings_rate = rates[rint_in(0, 3)];
    int n = rint_in(min_n, max_n);
    /* large rounds: rules per measure thinned and limits scaled, so that
     * they stay feasible as often as small ones */
    int big = max_n > 20 ? max_n / 10 : 1;
    m->n_areas = rint_in(1, 3);
    m->areas = calloc((size_t)m->n_areas, sizeof *m->areas);
    for (int a = 0; a < m->n_areas; a++) {
        juten_area *ar = &m->areas[a];
        ar->id = dupf("A%d", a);
        ar->name = dupf("area %d", a);
        ar->weight = rint_in(0, 4) * 0.5;
        ar->min_share = ar->max_share = ar->min_spend = ar->max_spend = NAN;
        if (chance(20))
            ar->min_share = rint_in(1, 8) * 0.05;
        if (chance(25))
            ar->max_share = rint_in(8, 19) * 0.05;
        if (chance(10))
            ar->min_spend = rint_in(1, 8) * big;
        if (chance(15))
            ar->max_spend = rint_in(5, 40) * big;
        if (!isnan(ar->min_spend) && !isnan(ar->max_spend) && ar->min_spend > ar->max_spend)
            ar->max_spend = ar->min_spend;
    }
    m->n_ministries = rint_in(0, 3);
    m->ministries = calloc((size_t)m->n_ministries + 1, sizeof *m->ministries);
    for (int k = 0; k < m->n_ministries; k++) {
        m->ministries[k].id = dupf("MIN%d", k);
        m->ministries[k].name = dupf("ministry %d", k);
        m->ministries[k].ceiling = chance(60) ? rint_in(5, 40) * big : INFINITY;
    }
    m->n_tags = rint_in(0, 2);
    m->tags = calloc((size_t)m->n_tags + 1, sizeof *m->tags);
    for (int t = 0; t < m->n_tags; t++) {
        m->tags[t].id = dupf("tag-%d", t);
        m->tags[t].minimum = chance(40) ? rint_in(1, 10) * big : NAN;
    }
    m->n_groups = rint_in(0, 2);
    m->groups = calloc((size_t)m->n_groups + 1, sizeof *m->groups);
    for (int g = 0; g < m->n_groups; g++)
        m->groups[g].id = dupf("G%d", g);
    m->n_measures = n;
    m->measures = calloc((size_t)n, sizeof *m->measures);
    for (int i = 0; i < n; i++) {
        juten_measure *me = &m->measures[i];
        me->id = dupf("M%02d", i);
        me->name = dupf("measure %d", i);
        me->area = rint_in(0, m->n_areas - 1);
        me->ministry = m->n_ministries ? rint_in(-1, m->n_ministries - 1) : -1;
        bool saving_row = chance(25);
        me->cost = saving_row ? rint_in(0, 2) : rint_in(0, 20);
        me->saving = saving_row ? rint_in(1, 15) : (chance(10) ? rint_in(1, 3) : 0);
        me->risk = saving_row ? rint_in(-5, 5) : rint_in(-2, 30);
        me->cost_lo = me->cost_hi = me->risk_lo = me->risk_hi = NAN;
        me->saving_lo = me->saving_hi = NAN;
        me->mandatory = big > 1 ? chance(1) : chance(5);
        me->force = chance(big > 1 ? 1 : 5) ? JUTEN_FORCE_INCLUDE : chance(big > 1 ? 1 : 5) ? JUTEN_FORCE_EXCLUDE
                                                                 : JUTEN_FORCE_NONE;
        if (me->mandatory && me->force != JUTEN_FORCE_NONE)
            me->force = JUTEN_FORCE_NONE;
        me->group = m->n_groups && chance(big > 1 ? 3 : 30) ? rint_in(0, m->n_groups - 1) : -1;
        if (i > 0 && chance(big > 1 ? 4 : 25)) {
            me->n_requires = 1;
            me->requires = malloc(sizeof(int));
            me->requires[0] = rint_in(0, i - 1);
        }
        if (m->n_tags && chance(40)) {
            me->n_tags = 1;
            me->tags = malloc(sizeof(int));
            me->tags[0] = rint_in(0, m->n_tags - 1);
        }
        if (m->n_ministries >= 2 && chance(15)) {
            me->n_shares = 2;
            me->shares = malloc(2 * sizeof *me->shares);
            me->shares[0] = (juten_share){0, 0.5};
            me->shares[1] = (juten_share){1, 0.5};
        }
    }
    juten_diags *d = juten_diags_create(0);
    juten_status st = juten_model_finish(m, d);
    if (st != JUTEN_OK) {
        for (size_t i = 0; i < juten_diags_count(d); i++)
            fprintf(stderr, "%s\n", juten_diags_get(d, i)->message);
    }
    ck_assert_int_eq(st, JUTEN_OK);
    juten_diags_free(d);
    return m;
}

/* ---- the independent checker -------------------------------------------- */

double tm_net(const juten_model *m, const bool *x, double rate)
{
    double n = 0;
    for (int i = 0; i < m->n_measures; i++)
        if (x[i])
            n += m->measures[i].cost - rate * m->measures[i].saving;
    return n;
}


static bool has_tag(const juten_measure *me, int t)
{
    for (int q = 0; q < me->n_tags; q++)
        if (me->tags[q] == t)
            return true;
    return false;
}

static double charge(const juten_measure *me, int k)
{
    if (me->n_shares == 0)
        return me->ministry == k ? me->cost : 0.0;
    double c = 0;
    for (int q = 0; q < me->n_shares; q++)
        if (me->shares[q].ministry == k)
            c += me->shares[q].share * me->cost;
    return c;
}

#define EPS 1e-9

bool tm_feasible(const juten_model *m, const bool *x, double headroom, double rate,
                 unsigned rules, const signed char *fix)
{
    double spend = 0, sav = 0;
    for (int i = 0; i < m->n_measures; i++) {
        const juten_measure *me = &m->measures[i];
        if (((me->mandatory && (rules & JUTEN_RULE_MANDATORY)) ||
             (me->force == JUTEN_FORCE_INCLUDE && (rules & JUTEN_RULE_INCLUDE))) &&
            !x[i])
            return false;
        if (me->force == JUTEN_FORCE_EXCLUDE && (rules & JUTEN_RULE_EXCLUDE) && x[i])
            return false;
        if (fix && ((fix[i] > 0 && !x[i]) || (fix[i] < 0 && x[i])))
            return false;
        if (x[i]) {
            spend += me->cost;
            sav += me->saving;
            for (int q = 0; q < me->n_requires && (rules & JUTEN_RULE_REQUIRES); q++)
                if (!x[me->requires[q]])
                    return false;
        }
    }
    if ((rules & JUTEN_RULE_OFFSET) && spend > headroom + rate * sav + EPS)
        return false;
    for (int a = 0; a < m->n_areas; a++) {
        const juten_area *ar = &m->areas[a];
        double s = 0;
        for (int i = 0; i < m->n_measures; i++)
            if (x[i] && m->measures[i].area == a)
                s += m->measures[i].cost;
        bool sh = rules & JUTEN_RULE_AREA_SHARE, sp = rules & JUTEN_RULE_AREA_SPEND;
        if (sh && !isnan(ar->min_share) && s < ar->min_share * spend - EPS)
            return false;
        if (sh && !isnan(ar->max_share) && s > ar->max_share * spend + EPS)
            return false;
        if (sp && !isnan(ar->min_spend) && s < ar->min_spend - EPS)
            return false;
        if (sp && !isnan(ar->max_spend) && s > ar->max_spend + EPS)
            return false;
    }
    for (int t = 0; t < m->n_tags && (rules & JUTEN_RULE_TAG_MIN); t++) {
        if (isnan(m->tags[t].minimum))
            continue;
        double s = 0;
        for (int i = 0; i < m->n_measures; i++)
            if (x[i] && has_tag(&m->measures[i], t))
                s += m->measures[i].cost;
        if (s < m->tags[t].minimum - EPS)
            return false;
    }
    for (int k = 0; k < m->n_ministries && (rules & JUTEN_RULE_CEILING); k++) {
        double s = 0;
        for (int i = 0; i < m->n_measures; i++)
            if (x[i])
                s += charge(&m->measures[i], k);
        if (s > m->ministries[k].ceiling + EPS)
            return false;
    }
    for (int g = 0; g < m->n_groups && (rules & JUTEN_RULE_GROUP); g++) {
        int c = 0;
        for (int i = 0; i < m->n_measures; i++)
            c += x[i] && m->measures[i].group == g;
        if (c > 1)
            return false;
    }
    return true;
}

double tm_value(const juten_model *m, const bool *x)
{
    double v = 0;
    for (int i = 0; i < m->n_measures; i++)
        if (x[i])
            v += m->areas[m->measures[i].area].weight * m->measures[i].risk;
    return v;
}

/* Best value over all subsets; NAN when none is feasible. */
double tm_best(const juten_model *m, double headroom, double rate, unsigned rules,
               const signed char *fix)
{
    int n = m->n_measures;
    bool x[32];
    double best = NAN;
    for (uint32_t mask = 0; mask < (1u << n); mask++) {
        for (int i = 0; i < n; i++)
            x[i] = (mask >> i) & 1;
        if (!tm_feasible(m, x, headroom, rate, rules, fix))
            continue;
        double v = tm_value(m, x);
        if (isnan(best) || v > best)
            best = v;
    }
    return best;
}

