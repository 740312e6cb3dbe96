/*
 * prices.c -- the price of each rule family: the value the round gives up
 * because of it, by re-solving with the family switched off.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

juten_status juten_rule_prices(const juten_model *m, const juten_solve_options *o,
                               juten_prices **out, juten_diags *d)
{
    return juten_rule_prices_of(m, o, NULL, out, d);
}

void juten_prices_free(juten_prices *p) { free(p); }

/* A relaxation's result counts when it is proven optimal, or within the
 * gap asked for (then the price is a range). */
static bool settled(const juten_result *r, double gap)
{
    return r->outcome == JUTEN_OPTIMAL ||
           (r->outcome == JUTEN_FEASIBLE && gap > 0 && !r->time_limited && !isnan(r->gap) &&
            r->gap <= gap * (1 + 1e-9));
}

static juten_status rule_prices_of_run(juten_solver *on, const juten_model *m,
                                       const juten_solve_options *o, const juten_result *given,
                                       juten_prices *out, juten_diags *d)
{
    out->n = 0;
    juten_solver *s = NULL;
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_status st = juten_analysis_begin(on, m, &s, &mk, d);
    if (st != JUTEN_OK)
        return st;
    juten_solve_options q = *o;
    q.explain = false;
    juten_result *base = NULL;
    if (!given && (st = juten_solver_run(s, &q, &base, d)) != JUTEN_OK) {
        st = juten_analysis_end(on, s, &mk, st, d);
        return st;
    }
    const juten_result *b0 = given ? given : base;
    double gap = o->mip_gap > 0 ? o->mip_gap : 0.0;
    bool feasible = juten_have_portfolio(b0) && settled(b0, gap);
    double V = b0->objective;
    double VB = b0->outcome == JUTEN_OPTIMAL ? V : b0->best_bound;
    /* every relaxation keeps today's portfolio feasible: start from it */
    unsigned char *start = juten_have_portfolio(b0) ? malloc((size_t)m->n_measures + 1) : NULL;
    if (start)
        memcpy(start, b0->selected, (size_t)m->n_measures);
    q.start = start;
    bool any = juten_have_portfolio(b0);
    bool base_optimal = b0->outcome == JUTEN_OPTIMAL;
    juten_result_free(base);
    b0 = base = NULL;
    unsigned present = juten_solver_families_present(s) & q.rules;
    /* the prices together get one more time limit, shared between the
     * families (and the command's deadline bounds them all) */
    int nfam = 0;
    for (int b = 0; b < JUTEN_RULE_FAMILIES; b++)
        nfam += (present >> b) & 1u;
    if (q.time_limit > 0 && nfam > 0)
        q.time_limit /= nfam;
    for (int b = 0; b < JUTEN_RULE_FAMILIES && st == JUTEN_OK; b++) {
        unsigned bit = 1u << b;
        if (!(present & bit))
            continue;
        juten_solve_progress(o, _("rule prices: families"), b, JUTEN_RULE_FAMILIES);
        juten_solve_options w = q;
        w.rules &= ~bit;
        juten_result *r = NULL;
        if ((st = juten_solver_run(s, &w, &r, d)) != JUTEN_OK)
            break;
        juten_rule_price p = {bit, NAN, NAN, NAN};
        if (!juten_have_portfolio(r) || !settled(r, gap) || (any && !feasible)) {
            /* not settled within the time limit */
        } else if (!any) {
            p.price = p.lo = p.hi = INFINITY;
        } else {
            double RB = r->outcome == JUTEN_OPTIMAL ? r->objective : r->best_bound;
            p.price = r->objective - V;
            p.lo = fmax(0.0, r->objective - VB);
            p.hi = fmax(p.lo, RB - V);
            if (p.price < 0 && p.price > -juten_value_delta(V))
                p.price = 0.0;
            if (p.price < p.lo)
                p.price = p.lo;
            if (r->outcome == JUTEN_OPTIMAL && base_optimal)
                p.lo = p.hi = p.price;
        }
        out->items[out->n++] = p;
        juten_result_free(r);
    }
    free(start);
    st = juten_analysis_end(on, s, &mk, st, d);
    return st;
}

/* Run into a new juten_prices, handed to *out on success. */
static juten_status prices_new(juten_solver *on, const juten_model *m,
                               const juten_solve_options *o, const juten_result *given,
                               juten_prices **out, juten_diags *d)
{
    *out = NULL;
    juten_prices *p = calloc(1, sizeof *p);
    if (!p)
        return JUTEN_ERR_NOMEM;
    juten_status st = rule_prices_of_run(on, m, o, given, p, d);
    if (st != JUTEN_OK) {
        free(p);
        return st;
    }
    *out = p;
    return JUTEN_OK;
}

juten_status juten_rule_prices_of(const juten_model *m, const juten_solve_options *o,
                                  const juten_result *given, juten_prices **out,
                                  juten_diags *d)
{
    return prices_new(NULL, m, o, given, out, d);
}

juten_status juten_rule_prices_on(juten_solver *s, const juten_solve_options *o,
                                  const juten_result *base, juten_prices **out,
                                  juten_diags *d)
{
    *out = NULL;
    return s ? prices_new(s, s->m, o, base, out, d) : JUTEN_ERR_USAGE;
}
