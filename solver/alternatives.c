/*
 * alternatives.c -- the next-best distinct portfolios, by no-good cuts.
 */
#include "juten_analysis.h"
#include "analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void juten_portfolios_free(juten_portfolios *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++)
        free(p->items[i].selected);
    free(p->items);
    free(p);
}

static juten_status alternatives_run(juten_solver *on, const juten_model *m,
                                     const juten_solve_options *o, int k, double within,
                                     juten_portfolios **out, juten_diags *d)
{
    *out = NULL;
    if (k <= 0)
        return JUTEN_ERR_USAGE;
    juten_portfolios *set = calloc(1, sizeof *set);
    juten_portfolio *p = calloc((size_t)k, sizeof *p);
    if (!set || !p) {
        free(set);
        free(p);
        return JUTEN_ERR_NOMEM;
    }
    set->items = p;
    juten_solver *s = NULL;
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_status st = juten_analysis_begin(on, m, &s, &mk, d);
    int n = 0;
    juten_solve_options q = *o;
    q.explain = false;
    double best = NAN;
    while (st == JUTEN_OK && n < k) {
        juten_solve_progress(o, "alternatives found", n, k);
        juten_result *r = NULL;
        if ((st = juten_solver_run(s, &q, &r, d)) != JUTEN_OK)
            break;
        if (!juten_have_portfolio(r)) {
            juten_result_free(r);
            break;
        }
        if (n == 0)
            best = r->objective;
        else if (!isnan(within) &&
                 r->objective < best - within * fabs(best) - juten_value_delta(best)) {
            juten_result_free(r);
            break;
        }
        p[n].objective = r->objective;
        p[n].selected = malloc((size_t)m->n_measures + 1);
        if (!p[n].selected) {
            juten_result_free(r);
            st = JUTEN_ERR_NOMEM;
            break;
        }
        memcpy(p[n].selected, r->selected, (size_t)m->n_measures);
        n++;
        set->n = n;
        juten_result_free(r);
        st = juten_solver_add_cut(s, p[n - 1].selected, d);
    }
    st = juten_analysis_end(on, s, &mk, st, d);
    if (st != JUTEN_OK) {
        juten_portfolios_free(set);
        return st;
    }
    *out = set;
    return JUTEN_OK;
}

juten_status juten_alternatives(const juten_model *m, const juten_solve_options *o, int k,
                                double within, juten_portfolios **out, juten_diags *d)
{
    return alternatives_run(NULL, m, o, k, within, out, d);
}

juten_status juten_alternatives_on(juten_solver *s, const juten_solve_options *o, int k,
                                   double within, juten_portfolios **out, juten_diags *d)
{
    *out = NULL;
    return s ? alternatives_run(s, s->m, o, k, within, out, d) : JUTEN_ERR_USAGE;
}
