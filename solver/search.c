/*
 * search.c -- how juten drives GLPK's branch-and-bound.
 *
 * Budget models are knapsacks with a few dense side rows, and GLPK alone
 * struggles with them: its incumbent is poor on tight budgets and it cannot
 * prove what it cannot find.  juten therefore
 *
 *   1. solves the LP relaxation and rounds it with its own heuristic
 *      (heuristic.c) into a first portfolio;
 *   2. solves a "core" problem exactly: the measures whose LP reduced cost is
 *      near zero (where the decisions are close) stay free, all others are
 *      fixed at their LP values; a small integer program, solved by GLPK
 *      with a node budget (not a time budget, so that the answer does not
 *      depend on the machine's speed);
 *   3. fixes by reduced cost: with incumbent value z and LP bound zLP, a
 *      measure the LP leaves out with reduced cost below -(zLP - z) cannot be
 *      in any better portfolio, and one it funds with reduced cost above
 *      zLP - z cannot be left out of one; GLPK then searches only the rest;
 *   4. runs GLPK's branch-and-bound on what is left, offering the incumbent
 *      first and juten's heuristic at the nodes.
 *
 * Every step keeps the answer exact: fixings only remove portfolios worse
 * than one already found, so "optimal" still means optimal over all
 * portfolios.
 */
#include "solver_int.h"
#include "juten_clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double value(const juten_solver *s, const double *x)
{
    double v = 0.0;
    for (int j = 0; j < s->n; j++)
        if (x[j] > 0.5)
            v += s->obj[j];
    return v;
}

/* With a value floor, a value 1e-6 above the one to beat must not be met
 * by "integral" columns at 1e-5: GLPK's default integrality tolerance is
 * tightened so that such runs return true 0/1 portfolios. */
static double int_tol(const juten_solver *s)
{
    return isnan(s->value_above) ? 0.0 : 1e-9;
}

/* The fast search (lpi.h) at gaps from FAST_GAP, for FAST_NODES(n) nodes.
 * Measured on synthetic rounds of 1,000 measures (bench/): at a 1e-3 gap it
 * is 3 to 10 times faster than GLPK's defaults (Driebeck-Tomlin branching,
 * cover cuts only, the heuristic at fewer nodes); at 1e-4 it is several
 * times slower; and on the 70-measure FY2017 round at some budgets it
 * stalls where the defaults finish in 0.03 s, hence the node budget (it
 * grows with the round: the large rounds it helps need deeper trees) and
 * the stall test in glpk.c. */
#define FAST_GAP 5e-4
#define FAST_NODES(n) (10L * (long)(n))

/* The lazy check GLPK's search runs before it records a portfolio (lpi.h):
 * the same rule check juten applies to every result, so that what GLPK calls
 * feasible and what juten reports agree. */
static bool check_portfolio(void *ctx, const double *x)
{
    juten_solver *s = ctx;
    for (int j = 0; j < s->n; j++)
        s->chk[j] = x[j] > 0.5;
    return juten_solver_feasible(s, s->chk);
}

/* The incumbent is within the relative gap asked for (> 0) of the bound,
 * measured as GLPK measures it. */
static bool gap_met(double bound, double inc, double gap)
{
    return gap > 0 && bound - inc <= gap * (fabs(inc) + 1e-10);
}

static double remaining(double t0, double limit)
{
    if (limit <= 0)
        return 0.0; /* no limit */
    double left = limit - (juten_clock_monotonic() - t0);
    return left > 1e-3 ? left : 1e-3;
}

/* Put back the bounds the rules give (after core fixing or reduced-cost
 * fixing changed some). */
static juten_status restore_bounds(juten_solver *s, const unsigned char *changed,
                                   juten_diags *d)
{
    for (int j = 0; j < s->n; j++)
        if (changed[j]) {
            juten_status st = juten_lpi_set_col_bounds(s->lp, j, s->col_lb[j], s->col_ub[j], d);
            if (st != JUTEN_OK)
                return st;
        }
    return JUTEN_OK;
}

/* Core problem: keep free the `core` free columns with the smallest
 * |reduced cost| (fractional ones have 0), fix the rest at their LP values,
 * solve with a node budget.  Improves *inc / *inc_obj when it finds better. */
static juten_status solve_core(juten_solver *s, const juten_solve_options *o, double t0,
                               const double *x, const double *dj, double *inc,
                               double *inc_obj, unsigned char *changed, juten_diags *d)
{
    int n = s->n;
    int nfree = 0;
    for (int j = 0; j < n; j++)
        nfree += s->col_lb[j] < s->col_ub[j];
    int core = nfree / 8;
    if (core < 60)
        core = 60;
    if (core > 400)
        core = 400;
    if (nfree <= 2 * core)
        return JUTEN_OK; /* small enough for the main search as it is */
    int *idx = malloc((size_t)n * sizeof *idx);
    double *key = malloc((size_t)n * sizeof *key);
    double *xc = malloc((size_t)n * sizeof *xc);
    if (!idx || !key || !xc) {
        free(idx);
        free(key);
        free(xc);
        return JUTEN_ERR_NOMEM;
    }
    int m = 0;
    for (int j = 0; j < n; j++)
        if (s->col_lb[j] < s->col_ub[j]) {
            bool frac = x[j] > 1e-6 && x[j] < 1 - 1e-6;
            key[j] = frac ? -1.0 : fabs(dj[j]);
            idx[m++] = j;
        }
    {
        /* bottom-up merge sort by (key, index): n log n, deterministic */
        int *tmp = malloc((size_t)m * sizeof *tmp);
        if (!tmp) {
            free(idx);
            free(key);
            free(xc);
            return JUTEN_ERR_NOMEM;
        }
        for (int width = 1; width < m; width *= 2) {
            for (int lo = 0; lo < m; lo += 2 * width) {
                int mid = lo + width < m ? lo + width : m;
                int hi = lo + 2 * width < m ? lo + 2 * width : m;
                int i = lo, k = mid, t = lo;
                while (i < mid && k < hi) {
                    int a = idx[i], b = idx[k];
                    bool ta = key[a] < key[b] || (key[a] == key[b] && a < b);
                    tmp[t++] = ta ? idx[i++] : idx[k++];
                }
                while (i < mid)
                    tmp[t++] = idx[i++];
                while (k < hi)
                    tmp[t++] = idx[k++];
            }
            memcpy(idx, tmp, (size_t)m * sizeof *idx);
        }
        free(tmp);
    }
    juten_status st = JUTEN_OK;
    bool start_ok = true;
    for (int q = core; q < m && st == JUTEN_OK; q++) {
        int j = idx[q];
        double v = x[j] > 0.5 ? 1.0 : 0.0;
        if (inc[j] != v)
            start_ok = false;
        st = juten_lpi_set_col_bounds(s->lp, j, v, v, d);
        changed[j] = 1;
    }
    if (st == JUTEN_OK) {
        juten_lpi_params p = {remaining(t0, o->time_limit), o->mip_gap,
                              o->heuristic ? juten_heuristic_lpi_hook : NULL, s,
                              start_ok ? inc : NULL, 2000, int_tol(s),
                              o->mip_gap >= FAST_GAP, check_portfolio, s};
        juten_lpi_result r;
        st = juten_lpi_solve_mip(s->lp, &p, &r, xc, d);
        if (st == JUTEN_OK && (r.status == JUTEN_LPI_OPTIMAL || r.status == JUTEN_LPI_FEASIBLE)) {
            double v = value(s, xc);
            if (v > *inc_obj + 1e-9 * (1 + fabs(v))) {
                memcpy(inc, xc, (size_t)n * sizeof *inc);
                *inc_obj = v;
            }
        }
    }
    if (st == JUTEN_OK)
        st = restore_bounds(s, changed, d);
    memset(changed, 0, (size_t)n);
    free(idx);
    free(key);
    free(xc);
    return st;
}

/* Below this many exclusive-group rows GLPK's own crash basis is as good
 * (measured: 1,500 groups in a 100,000-measure round of bench/ solve as
 * fast either way; 20,000 groups of two take 24 s from GLPK's basis and
 * under a second from the portfolio's). */
#define GROUP_BASIS_ROWS 2000

/* Hand the LP a starting basis built from the heuristic's portfolio when
 * the round has many exclusive groups: each group's funded measure basic
 * in its group's row. */
static juten_status start_from_groups(juten_solver *s, unsigned char *hx, double *x,
                                      juten_diags *d)
{
    int groups = 0;
    for (int r = 0; r < s->nrows; r++)
        groups += s->rows[r].kind == JUTEN_ROW_GROUP && s->row_ub[r] == 1.0 &&
                  !isfinite(s->row_lb[r]);
    if (groups < GROUP_BASIS_ROWS || !juten_heuristic_run(s, NULL, NULL, hx))
        return JUTEN_OK;
    int *key = malloc(((size_t)s->n + 1) * sizeof *key);
    if (!key)
        return JUTEN_ERR_NOMEM;
    for (int j = 0; j < s->n; j++) {
        key[j] = -1;
        x[j] = hx[j] ? 1.0 : 0.0;
    }
    for (int r = 0; r < s->nrows; r++) {
        if (s->rows[r].kind != JUTEN_ROW_GROUP || s->row_ub[r] != 1.0 ||
            isfinite(s->row_lb[r]))
            continue;
        for (int e = s->rstart[r]; e < s->rstart[r + 1]; e++) {
            int j = s->rcol[e];
            if (hx[j] && s->col_lb[j] < s->col_ub[j] && key[j] < 0) {
                key[j] = r; /* the group's funded measure, at 1 = the row's bound */
                break;
            }
        }
    }
    juten_status st = juten_lpi_start_basis(s->lp, x, key, d);
    free(key);
    return st;
}

juten_status juten_search(juten_solver *s, const juten_solve_options *o,
                          juten_lpi_result *res, unsigned char *sel, juten_diags *d)
{
    int n = s->n;
    double t0 = juten_clock_monotonic();
    res->status = JUTEN_LPI_NOSOLUTION;
    res->objective = res->best_bound = res->lp_bound = res->row0_dual = NAN;
    res->time_limited = false;
    res->node_limited = false;
    size_t sz = ((size_t)n + 1) * sizeof(double);
    double *x = malloc(sz), *dj = malloc(sz), *inc = malloc(sz), *xb = malloc(sz);
    unsigned char *hx = malloc((size_t)n + 1), *changed = calloc((size_t)n + 1, 1);
    juten_status st = JUTEN_ERR_NOMEM;
    if (!x || !dj || !inc || !xb || !hx || !changed)
        goto done;

    /* 1. the LP relaxation: from the fixed reference's basis when there is
     * one, afresh after new numbers, otherwise from the last LP's basis
     * (the analyses' neighbouring solves); with no basis to start from and
     * many exclusive groups, from the heuristic's portfolio (lpi.h) */
    bool from_ref = s->has_ref && !s->no_reuse;
    if (from_ref || s->lp_cold || s->no_reuse) {
        st = from_ref ? juten_lpi_restart(s->lp, s->ref_rstat, s->ref_nrows, s->ref_cstat, d)
                      : juten_lpi_restart(s->lp, NULL, 0, NULL, d);
        if (st != JUTEN_OK)
            goto done;
        s->lp_cold = false;
    }
    s->basis_reused = juten_lpi_has_basis(s->lp) && (from_ref || s->pushed_since_lp);
    if (!juten_lpi_has_basis(s->lp) && o->heuristic) {
        st = start_from_groups(s, hx, xb, d);
        if (st != JUTEN_OK)
            goto done;
    }
    juten_lpi_lp lr;
    st = juten_lpi_solve_lp(s->lp, o->time_limit, &lr, x, dj, d);
    if (st != JUTEN_OK)
        goto done;
    s->pushed_since_lp = false;
    if (lr.status == JUTEN_LPI_INFEASIBLE) {
        res->status = JUTEN_LPI_INFEASIBLE; /* no fractional plan, so no portfolio */
        goto done;
    }
    if (lr.status != JUTEN_LPI_OPTIMAL) {
        /* Out of time before the LP was solved (thousands of exclusive
         * groups make GLPK's simplex slow): the heuristic needs no LP, so a
         * portfolio that meets every rule is still reported, as feasible
         * with no proven bound, rather than none at all. */
        res->time_limited = true;
        if (o->heuristic && juten_heuristic_run(s, NULL, NULL, hx)) {
            for (int j = 0; j < n; j++)
                sel[j] = hx[j];
            double v = 0.0;
            for (int j = 0; j < n; j++)
                v += hx[j] ? s->obj[j] : 0.0;
            res->status = JUTEN_LPI_FEASIBLE;
            res->objective = v;
        }
        goto done;
    }
    res->lp_bound = lr.objective;
    res->row0_dual = juten_lpi_row_dual(s->lp, 0);
    if (s->capture_ref) {
        /* juten_solver_set_reference: this root basis is where every later
         * run starts */
        int *rs = realloc(s->ref_rstat, ((size_t)s->nrows + 1) * sizeof *rs);
        if (!rs) {
            st = JUTEN_ERR_NOMEM;
            goto done;
        }
        s->ref_rstat = rs;
        s->ref_nrows = s->nrows;
        if ((st = juten_lpi_get_basis(s->lp, s->ref_rstat, s->ref_cstat, d)) != JUTEN_OK)
            goto done;
        s->capture_ref = false; /* the first run's root only, not its checks' */
    }
    /* a neighbouring solve's portfolio, or the reference's */
    const unsigned char *start = o->start ? o->start : s->has_ref ? s->ref_sel : NULL;

    bool have = false;
    double inc_obj = -INFINITY;
    if (o->heuristic && juten_heuristic_run(s, x, dj, hx)) {
        have = true;
        for (int j = 0; j < n; j++)
            inc[j] = hx[j];
        inc_obj = value(s, inc);
    }
    /* that portfolio: taken when it fits these rules, and in any case
     * repaired and grown by the heuristic (kept, what breaks a rule mended,
     * what the rules now allow filled in the LP's order, then swaps): a
     * draw of new numbers often breaks the reference's tight offset by a
     * little, and the repaired reference is then the best first incumbent */
    if (start) {
        if (juten_solver_feasible(s, start)) {
            double v = 0.0;
            for (int j = 0; j < n; j++)
                if (start[j])
                    v += s->obj[j];
            if (!have || v > inc_obj) {
                have = true;
                inc_obj = v;
                for (int j = 0; j < n; j++)
                    inc[j] = start[j] ? 1.0 : 0.0;
            }
        }
        for (int j = 0; j < n; j++)
            xb[j] = start[j] ? 1.0 : 0.0;
        if (o->heuristic && juten_heuristic_run(s, xb, dj, hx)) {
            double vh = 0.0;
            for (int j = 0; j < n; j++)
                vh += hx[j] ? s->obj[j] : 0.0;
            if (!have || vh > inc_obj) {
                have = true;
                inc_obj = vh;
                for (int j = 0; j < n; j++)
                    inc[j] = hx[j];
            }
        }
    }
    /* Within the gap of the LP bound already: nothing to search (a large
     * round's first portfolio often is; measured on a hard 100,000-measure
     * round of bench/ at 1e-4, the core problem and GLPK's search after it
     * took a quarter of the time and changed nothing) */
    if (have && gap_met(lr.objective, inc_obj, o->mip_gap))
        goto within_gap;
    /* 2. the core problem */
    if (have) {
        st = solve_core(s, o, t0, x, dj, inc, &inc_obj, changed, d);
        if (st != JUTEN_OK)
            goto done;
        if (gap_met(lr.objective, inc_obj, o->mip_gap))
            goto within_gap;
    }
    /* 3. reduced-cost fixing against the incumbent */
    if (have) {
        double g = lr.objective - inc_obj;
        double eps = 1e-7 * (1.0 + fabs(lr.objective));
        for (int j = 0; j < n && st == JUTEN_OK; j++) {
            if (s->col_lb[j] >= s->col_ub[j])
                continue;
            if (x[j] < 1e-9 && dj[j] < -(g + eps)) {
                st = juten_lpi_set_col_bounds(s->lp, j, 0.0, 0.0, d);
                changed[j] = 1;
            } else if (x[j] > 1 - 1e-9 && dj[j] > g + eps) {
                st = juten_lpi_set_col_bounds(s->lp, j, 1.0, 1.0, d);
                changed[j] = 1;
            }
        }
        if (st != JUTEN_OK)
            goto done;
    }
    /* 4. branch-and-bound on the rest.  At a loose gap first the fast
     * search (see lpi.h) under a node budget; if it has not closed the gap,
     * GLPK's default search takes over from the best portfolio so far. */
    juten_lpi_params p = {remaining(t0, o->time_limit), o->mip_gap,
                          o->heuristic ? juten_heuristic_lpi_hook : NULL, s,
                          have ? inc : NULL, o->node_limit, int_tol(s), false,
                          check_portfolio, s};
    juten_lpi_result r;
    if (o->mip_gap >= FAST_GAP) {
        p.fast = true;
        p.node_limit = o->node_limit > 0 && o->node_limit < FAST_NODES(n) ? o->node_limit
                                                                         : FAST_NODES(n);
        st = juten_lpi_solve_mip(s->lp, &p, &r, xb, d);
        bool user_spent = o->node_limit > 0 && o->node_limit <= FAST_NODES(n);
        if (st == JUTEN_OK && r.node_limited && !r.time_limited && !user_spent) {
            if (r.status == JUTEN_LPI_FEASIBLE) {
                double v = value(s, xb);
                if (!have || v > inc_obj) {
                    memcpy(inc, xb, (size_t)n * sizeof *inc);
                    inc_obj = v;
                    have = true;
                }
            }
            p.fast = false;
            p.node_limit = o->node_limit;
            p.start = have ? inc : NULL;
            p.time_limit = remaining(t0, o->time_limit);
            st = juten_lpi_solve_mip(s->lp, &p, &r, xb, d);
        }
    } else {
        st = juten_lpi_solve_mip(s->lp, &p, &r, xb, d);
    }
    juten_status st2 = restore_bounds(s, changed, d);
    if (st == JUTEN_OK)
        st = st2;
    if (st != JUTEN_OK)
        goto done;
    res->time_limited = r.time_limited;
    res->node_limited = r.node_limited && o->node_limit > 0 && !r.time_limited;
    bool glpk_has = r.status == JUTEN_LPI_OPTIMAL || r.status == JUTEN_LPI_FEASIBLE;
    double gv = glpk_has ? value(s, xb) : -INFINITY;
    const double *best = NULL;
    if (glpk_has && (!have || gv >= inc_obj - 1e-9 * (1 + fabs(gv))))
        best = xb;
    else if (have)
        best = inc;
    if (!best) {
        res->status = r.status; /* INFEASIBLE (nothing was fixed) or NOSOLUTION */
        res->best_bound = r.best_bound;
        goto done;
    }
    double bv = value(s, best);
    for (int j = 0; j < n; j++)
        sel[j] = best[j] > 0.5;
    res->objective = bv;
    if (r.status == JUTEN_LPI_OPTIMAL || r.status == JUTEN_LPI_INFEASIBLE) {
        /* the restricted search is complete, and the fixings removed only
         * portfolios worse than the incumbent */
        res->status = JUTEN_LPI_OPTIMAL;
        res->best_bound = bv;
    } else {
        res->status = JUTEN_LPI_FEASIBLE;
        double b = isnan(r.best_bound) ? lr.objective : r.best_bound;
        res->best_bound = b > bv ? (b < lr.objective ? b : lr.objective) : bv;
    }
    goto done;
within_gap:
    for (int j = 0; j < n; j++)
        sel[j] = inc[j] > 0.5;
    res->status = JUTEN_LPI_FEASIBLE;
    res->objective = value(s, inc);
    res->best_bound = lr.objective;
done:
    free(x);
    free(dj);
    free(inc);
    free(xb);
    free(hx);
    free(changed);
    return st;
}
