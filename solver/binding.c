/*
 * binding.c -- which rules at their limit hold a proven optimum's value
 * down, and by how much: each candidate rule is re-solved switched off.
 */
#include "solver_int.h"
#include "juten_i18n.h"
#include "juten_clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Could a single change of the portfolio (funding one more free measure, or
 * dropping one) break row q?  That is what "at its limit" means for a 0-1
 * model: a row with slack smaller than any one measure's share of it holds
 * the portfolio back as much as an exactly tight one. */
static bool row_at_limit(const juten_solver *s, int q, const unsigned char *sel, double act)
{
    double lb = s->row_lb[q], ub = s->row_ub[q];
    double tu = isfinite(ub) ? juten_feas_tol(ub) : 0.0, tl = isfinite(lb) ? juten_feas_tol(lb) : 0.0;
    for (int e = s->rstart[q]; e < s->rstart[q + 1]; e++) {
        int c = s->rcol[e];
        if (s->col_lb[c] >= s->col_ub[c])
            continue; /* decided by a rule or a what-if: it cannot move */
        double a = sel[c] ? -s->rval[e] : s->rval[e];
        if ((isfinite(ub) && act + a > ub + tu) || (isfinite(lb) && act + a < lb - tl))
            return true;
    }
    return false;
}

/* At most this many rules get a re-solve each, so a large round's `solve`
 * stays within about one more --time-limit for them all. */
#define BINDING_CHECK_MAX 40
/* For a proven optimum asked to explain itself: which rules at their limit
 * hold the value down, and by how much.  Each candidate (a rule a single
 * change would break) is re-solved switched off, starting from this
 * portfolio (it satisfies the looser round); the gain is the new optimum
 * minus this one.  Rules whose removal gains nothing are left out of the
 * list: `requires[M21->M20]` with M20 mandatory is tight and says nothing.
 * Aggregate rules (offset, shares, spends, tags, ceilings) come before
 * dependencies and groups when the count cap applies.  The re-solves share
 * a quarter of o->time_limit. */
juten_status juten_binding_gains(juten_solver *s, const juten_solve_options *o,
                                  juten_result *r)
{
    int nr = s->nrows;
    int *cand = malloc(((size_t)nr + 1) * sizeof *cand);
    unsigned char *saved = malloc((size_t)nr + 1), *off = malloc((size_t)nr + 1);
    unsigned char *start = malloc((size_t)s->n + 1);
    juten_status st = JUTEN_OK;
    if (!cand || !saved || !off || !start) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    memcpy(saved, s->row_off, (size_t)nr);
    memcpy(start, r->selected, (size_t)s->n);
    int nc = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int q = 0; q < nr; q++) {
            const juten_row *row = &s->rows[q];
            if (!(s->rules & row->family) || row->family == JUTEN_RULE_INTERNAL ||
                s->row_off[q])
                continue;
            bool pairwise = row->kind == JUTEN_ROW_REQUIRES || row->kind == JUTEN_ROW_GROUP;
            if (pairwise != (pass == 1))
                continue;
            if (row_at_limit(s, q, r->selected, juten_solver_row_activity(s, q, r->selected)))
                cand[nc++] = q;
        }
    int nchk = nc < BINDING_CHECK_MAX ? nc : BINDING_CHECK_MAX;
    double V = r->objective, t0 = juten_clock_monotonic();
    juten_solve_options q = *o;
    q.explain = false;
    q.start = start;
    q.progress = NULL;
    /* a quarter of the time limit for them all: `solve` with the rule prices
     * stays within about 2.25 time limits */
    double budget = o->time_limit > 0 ? o->time_limit / 4 : 0.0;
    if (budget > 0 && nchk > 0)
        q.time_limit = budget / nchk;
    char **names = NULL;
    int nn = 0;
    double *gain = malloc(((size_t)nc + 1) * sizeof *gain);
    if (!gain) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < nc && st == JUTEN_OK; i++) {
        int row = cand[i];
        double g = NAN;
        bool late = budget > 0 && juten_clock_monotonic() - t0 >= budget;
        if (i < nchk && !late) {
            juten_solve_progress(o, _("checking the rules at their limit"), i, nchk);
            memcpy(off, saved, (size_t)nr);
            off[row] = 1;
            juten_solver_set_row_off(s, off);
            juten_result *w = NULL;
            /* no diagnostics: a check that fails leaves the rule unchecked
             * and the answer as it is */
            st = juten_solver_run_mode(s, &q, false, NAN, &w, NULL);
            if (st != JUTEN_OK && st != JUTEN_ERR_NOMEM)
                st = JUTEN_OK;
            else if (st == JUTEN_OK) {
                bool have = w->outcome == JUTEN_OPTIMAL || w->outcome == JUTEN_FEASIBLE;
                if (have && w->objective - V > 1e-6 * (1.0 + fabs(V)))
                    g = w->objective - V; /* at least this much (all of it when proven) */
                else if (w->outcome == JUTEN_OPTIMAL)
                    g = 0.0;
            }
            juten_result_free(w);
        }
        if (st != JUTEN_OK)
            break;
        if (g == 0.0) {
            r->n_binding_inert++;
            continue;
        }
        if (isnan(g)) {
            r->n_binding_unchecked++; /* counted, not listed: it may gain nothing */
            continue;
        }
        if (!juten_strlist_add(&names, &nn, "%s", s->rows[row].name)) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        gain[nn - 1] = g;
    }
    juten_solver_set_row_off(s, saved);
    s->min_net = false;
    s->value_above = NAN;
    if (st == JUTEN_OK) {
        for (int i = 0; i < r->n_binding; i++)
            free(r->binding[i]);
        free(r->binding);
        r->binding = names;
        r->n_binding = nn;
        r->binding_gain = gain;
        gain = NULL;
        names = NULL;
    }
    for (int i = 0; names && i < nn; i++)
        free(names[i]);
    free(names);
    free(gain);
done:
    free(cand);
    free(saved);
    free(off);
    free(start);
    return st;
}
