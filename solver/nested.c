/*
 * nested.c -- the best nested chain of portfolios over a frontier's points,
 * for `rank --nested`.
 *
 * A funding queue needs portfolios that only grow as money grows: P_1 ⊆ P_2
 * ⊆ … ⊆ P_K, P_k within the rules at the k-th point of the frontier.  The
 * best such chain maximises the total value sum_k v(P_k), i.e. it loses the
 * least against the unnested optima.  Greedy nesting (each step optimal given
 * the earlier ones) can lose more: a measure that is best at a small budget
 * may block a better mix later.  So juten solves all points at once: one
 * integer program with a copy x_{j,k} of every measure per point, every rule
 * written once per point (only the offset row changes: its bound for the
 * headroom, its coefficients for the savings rate), and the nesting rows
 * x_{j,k} <= x_{j,k+1}.  The greedy chain is the first incumbent, so the
 * answer is never worse than greedy, and the proven bound says how far from
 * the best chain it can be when the time limit stops the search.
 */
#include "solver_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Does portfolio x satisfy every rule at point k?  The rows other than the
 * offset are the same at every point. */
static bool fits_at(const juten_solver *s, const unsigned char *x, bool by_rate, double at,
                    bool offset)
{
    for (int r = offset ? 1 : 0; r < s->nrows; r++)
        if (!juten_solver_row_ok(s, r, juten_solver_row_activity(s, r, x)))
            return false;
    for (int j = 0; j < s->n; j++)
        if (x[j] < s->col_lb[j] || x[j] > s->col_ub[j])
            return false;
    if (!offset)
        return true;
    double rate = by_rate ? at : s->rate, ub = by_rate ? s->row_ub[0] : at, net = 0.0;
    for (int j = 0; j < s->n; j++)
        if (x[j])
            net += s->cost[j] - rate * s->saving[j];
    return net <= ub + juten_solver_row_tol(s, 0, ub);
}

juten_status juten_nested_chain(juten_solver *s, const juten_solve_options *o, bool by_rate,
                                const double *at, int K, unsigned char *chain,
                                long node_limit, bool *proven, double *bound, juten_diags *d)
{
    *proven = false;
    *bound = NAN;
    int n = s->n;
    if (K <= 0 || n <= 0)
        return JUTEN_OK;
    /* rules, values and effective bounds at the first point */
    juten_solve_options q = *o;
    if (!by_rate)
        q.headroom = at[0];
    else
        q.savings_rate = at[0];
    s->min_net = false;
    s->value_above = NAN;
    s->custom_obj = NULL;
    juten_status st = juten_solver_prepare(s, &q, d);
    if (st != JUTEN_OK)
        return st;

    /* the rows in force (effective bounds), the offset row apart */
    int nr = 0;
    for (int r = 0; r < s->nrows; r++)
        nr += isfinite(s->row_lb[r]) || isfinite(s->row_ub[r]);
    bool offset = s->nrows > 0 && s->rows[0].kind == JUTEN_ROW_OFFSET &&
                  isfinite(s->row_ub[0]);
    long ncols = (long)n * K;
    long nrows = (long)nr * K + (long)n * (K - 1);
    if (ncols > 2000000 || nrows > 4000000) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the nested ranking over %d points of %d measures is too large "
                        "(%ld columns); use fewer points (--max-points)"),
                        K, n, ncols);
        return JUTEN_ERR_USAGE;
    }
    juten_lpi *lp = NULL;
    int *idx = malloc(((size_t)n + 2) * sizeof *idx);
    double *val = malloc(((size_t)n + 2) * sizeof *val);
    double *obj = malloc((size_t)ncols * sizeof *obj);
    double *x = malloc((size_t)ncols * sizeof *x);
    double *start = malloc((size_t)ncols * sizeof *start);
    st = JUTEN_ERR_NOMEM;
    if (!idx || !val || !obj || !x || !start)
        goto done;
    if ((st = juten_lpi_create(&lp, (int)nrows, (int)ncols, d)) != JUTEN_OK)
        goto done;
    for (int k = 0; k < K; k++)
        for (int j = 0; j < n; j++) {
            long c = (long)k * n + j;
            obj[c] = s->val[j];
            start[c] = chain[c] ? 1.0 : 0.0;
            if ((st = juten_lpi_set_col_bounds(lp, (int)c, s->col_lb[j], s->col_ub[j], d)) !=
                JUTEN_OK)
                goto done;
        }
    if ((st = juten_lpi_set_obj(lp, obj, d)) != JUTEN_OK)
        goto done;
    int row = 0;
    for (int k = 0; k < K && st == JUTEN_OK; k++) {
        double rate = by_rate ? at[k] : s->rate;
        for (int r = 0; r < s->nrows && st == JUTEN_OK; r++) {
            double lb = s->row_lb[r], ub = s->row_ub[r];
            if (!isfinite(lb) && !isfinite(ub))
                continue;
            bool is_offset = offset && r == 0;
            if (is_offset && !by_rate)
                ub = at[k];
            int len = 0;
            for (int e = s->rstart[r]; e < s->rstart[r + 1]; e++) {
                int j = s->rcol[e];
                idx[len] = k * n + j;
                val[len++] = is_offset ? s->cost[j] - rate * s->saving[j] : s->rval[e];
            }
            juten_lpi_sense sense = isfinite(lb) && isfinite(ub) ? JUTEN_LPI_RANGE
                                    : isfinite(lb)               ? JUTEN_LPI_GE
                                                                 : JUTEN_LPI_LE;
            st = juten_lpi_set_row(lp, row, sense, lb, ub, d);
            if (st == JUTEN_OK)
                st = juten_lpi_set_row_coefs(lp, row, len, idx, val, d);
            row++;
        }
    }
    /* nesting: x_{j,k} - x_{j,k+1} <= 0 */
    for (int k = 0; k + 1 < K && st == JUTEN_OK; k++)
        for (int j = 0; j < n && st == JUTEN_OK; j++) {
            idx[0] = k * n + j;
            val[0] = 1.0;
            idx[1] = (k + 1) * n + j;
            val[1] = -1.0;
            st = juten_lpi_set_row(lp, row, JUTEN_LPI_LE, -INFINITY, 0.0, d);
            if (st == JUTEN_OK)
                st = juten_lpi_set_row_coefs(lp, row, 2, idx, val, d);
            row++;
        }
    if (st != JUTEN_OK)
        goto done;

    juten_lpi_params p = {o->time_limit, o->mip_gap, NULL, NULL, start, node_limit, 1e-9, false,
                          NULL, NULL};
    juten_lpi_result res;
    if ((st = juten_lpi_solve_mip(lp, &p, &res, x, d)) != JUTEN_OK)
        goto done;
    if (res.status == JUTEN_LPI_OPTIMAL || res.status == JUTEN_LPI_FEASIBLE) {
        /* keep GLPK's chain only when juten's own checks pass: nested, every
         * portfolio within the rules at its point, worth at least the greedy
         * chain (it always should be: the greedy chain was offered) */
        double vg = 0.0, vx = 0.0;
        bool ok = true;
        for (long c = 0; c < ncols; c++) {
            vg += start[c] * obj[c];
            vx += (x[c] > 0.5) * obj[c];
            if (c + n < ncols && x[c] > 0.5 && x[c + n] < 0.5)
                ok = false;
        }
        unsigned char *sel = malloc((size_t)n + 1);
        if (!sel) {
            st = JUTEN_ERR_NOMEM;
            goto done;
        }
        for (int k = 0; k < K && ok; k++) {
            for (int j = 0; j < n; j++)
                sel[j] = x[(long)k * n + j] > 0.5;
            ok = fits_at(s, sel, by_rate, at[k], offset);
        }
        free(sel);
        if (ok && vx >= vg - 1e-9 * (1.0 + fabs(vg))) {
            for (long c = 0; c < ncols; c++)
                chain[c] = x[c] > 0.5;
            *proven = res.status == JUTEN_LPI_OPTIMAL && o->mip_gap <= 0;
            double b = isnan(res.best_bound) ? res.lp_bound : res.best_bound;
            *bound = *proven || !(b > vx) ? vx : b;
        }
    }
done:
    juten_lpi_free(lp);
    free(idx);
    free(val);
    free(obj);
    free(x);
    free(start);
    return st;
}
