/*
 * heuristic.c -- juten's own incumbent heuristic, handed to GLPK's
 * branch-and-bound.
 *
 * GLPK's weakness on budget models is finding good portfolios early when the
 * budget is tight: its rounding heuristic often finds nothing and the search
 * wanders.  This heuristic rounds the LP relaxation the way a planner would
 * fill a budget: measures the LP funds fully first, then by value per net
 * cost, each added with everything it requires, only when no upper limit
 * (offset, ceilings, maximum shares, groups) gets worse; then it repairs
 * unmet minimums (tag minimums, minimum shares and spends); then tries
 * one-for-one swaps that raise the value.  It returns only portfolios that
 * pass the same full check every reported portfolio passes.
 */
#include "solver_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double tol(double b) { return 1e-6 * (1.0 + fabs(b)); }

/* Collect j and everything it requires (transitively) that is not yet
 * selected into s->stack[0..*len).  False if one of them cannot be funded. */
static bool closure(juten_solver *s, int j, int *len)
{
    const juten_model *m = s->m;
    bool deps = (s->rules & JUTEN_RULE_REQUIRES) != 0;
    if (++s->stamp == 0x7fffffff) {
        memset(s->mark, 0, (size_t)s->n * sizeof *s->mark);
        s->stamp = 1;
    }
    int n = 0, head = 0;
    s->stack[n++] = j;
    s->mark[j] = s->stamp;
    while (head < n) {
        int i = s->stack[head++];
        if (s->col_ub[i] < 0.5)
            return false;
        if (!deps)
            continue;
        const juten_measure *me = &m->measures[i];
        for (int q = 0; q < me->n_requires; q++) {
            int k = me->requires[q];
            if (!s->sel[k] && s->mark[k] != s->stamp) {
                s->mark[k] = s->stamp;
                s->stack[n++] = k;
            }
        }
    }
    *len = n;
    return true;
}

/* Row changes if the columns in stack[0..len) were added (sign +1) or
 * removed (sign -1); the touched rows are listed in s->touched. */
static int gather(juten_solver *s, int len, double sign)
{
    int nt = 0;
    for (int q = 0; q < len; q++) {
        int j = s->stack[q];
        for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
            int r = s->crow[e];
            if (!s->rowmark[r]) {
                s->rowmark[r] = 1;
                s->delta[r] = 0.0;
                s->touched[nt++] = r;
            }
            s->delta[r] += sign * s->cval[e];
        }
    }
    return nt;
}

static void ungather(juten_solver *s, int nt)
{
    for (int q = 0; q < nt; q++)
        s->rowmark[s->touched[q]] = 0;
}

/* Would the change keep every limit satisfied, or at least not make a
 * violated one worse?  With strict, lower limits must hold too. */
static bool change_ok(const juten_solver *s, int nt, bool strict)
{
    for (int q = 0; q < nt; q++) {
        int r = s->touched[q];
        double a = s->act[r], b = a + s->delta[r];
        double ub = s->row_ub[r], lb = s->row_lb[r];
        if (isfinite(ub) && b > ub + tol(ub) && b > a)
            return false;
        if (strict && isfinite(lb) && b < lb - tol(lb) && b < a)
            return false;
    }
    return true;
}

static void commit(juten_solver *s, int len, int nt, unsigned char v)
{
    for (int q = 0; q < nt; q++)
        s->act[s->touched[q]] += s->delta[s->touched[q]];
    for (int q = 0; q < len; q++)
        s->sel[s->stack[q]] = v;
}

static int by_score(const void *a, const void *b, void *ctx)
{
    const double *sc = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (sc[i] != sc[j])
        return sc[i] > sc[j] ? -1 : 1;
    return (i > j) - (i < j);
}

/* qsort_r is a GNU extension; a small merge sort keeps us portable and
 * deterministic. */
static void sort_by_score(int *idx, int *tmp, int n, const double *sc)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_by_score(idx, tmp, h, sc);
    sort_by_score(idx + h, tmp, n - h, sc);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = by_score(&idx[i], &idx[j], (void *)sc) <= 0 ? idx[i++] : idx[j++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, (size_t)n * sizeof *idx);
}

/* Net cost under the offset: what funding j takes from the savings. */
static double net_cost(const juten_solver *s, int j)
{
    return s->cost[j] - s->rate * s->saving[j];
}

static bool try_add(juten_solver *s, int j, bool need_gain)
{
    int len;
    if (s->sel[j] || !closure(s, j, &len))
        return false;
    double gain = 0.0, net = 0.0;
    for (int q = 0; q < len; q++) {
        gain += s->obj[s->stack[q]];
        net += net_cost(s, s->stack[q]);
    }
    if (need_gain && !(gain > 0 || (gain == 0 && net < 0)))
        return false;
    int nt = gather(s, len, 1.0);
    bool ok = change_ok(s, nt, false);
    if (ok)
        commit(s, len, nt, 1);
    ungather(s, nt);
    return ok;
}

/* Can j be dropped (not fixed, nothing selected requires it)? */
static bool droppable(const juten_solver *s, int j)
{
    if (!s->sel[j] || s->col_lb[j] > 0.5)
        return false;
    if (!(s->rules & JUTEN_RULE_REQUIRES))
        return true;
    /* the requires rows are in the column copy: x_i - x_j <= 0 has -1 at j */
    for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
        const juten_row *row = &s->rows[s->crow[e]];
        if (row->kind == JUTEN_ROW_REQUIRES && row->ref2 == j && s->sel[row->ref])
            return false;
    }
    return true;
}

bool juten_heuristic_run(juten_solver *s, const double *lpx, unsigned char *out)
{
    int n = s->n;
    memset(s->sel, 0, (size_t)n);
    for (int r = 0; r < s->nrows; r++)
        s->act[r] = 0.0;
    /* fixed measures and what they require */
    for (int j = 0; j < n; j++) {
        if (s->col_lb[j] < 0.5 || s->sel[j])
            continue;
        int len;
        if (!closure(s, j, &len))
            return false;
        int nt = gather(s, len, 1.0);
        commit(s, len, nt, 1);
        ungather(s, nt);
    }
    /* order: what the LP funds, then value per unit of net cost */
    int m = 0;
    for (int j = 0; j < n; j++) {
        if (s->sel[j] || s->col_ub[j] < 0.5)
            continue;
        double nc = net_cost(s, j), v = s->obj[j];
        double dens = nc > 1e-12 ? v / nc : (v >= 0 ? 1e12 + v : -1e12 + v / (1e-12 - nc));
        s->score[j] = lpx ? floor(lpx[j] * 1e6 + 0.5) * 1e-6 * 1e15 + atan(dens) : dens;
        s->order[m++] = j;
    }
    int *tmp = malloc(((size_t)m + 1) * sizeof *tmp);
    if (!tmp)
        return false;
    sort_by_score(s->order, tmp, m, s->score);
    free(tmp);
    for (int q = 0; q < m; q++) {
        int j = s->order[q];
        bool lp_wants = lpx && lpx[j] > 0.5;
        try_add(s, j, !lp_wants);
    }
    /* repair unmet minimums */
    for (int r = 0; r < s->nrows; r++) {
        double lb = s->row_lb[r];
        if (!isfinite(lb))
            continue;
        for (int q = 0; q < m && s->act[r] < lb - tol(lb); q++) {
            int j = s->order[q];
            double c = 0;
            for (int e = s->rstart[r]; e < s->rstart[r + 1]; e++)
                if (s->rcol[e] == j) {
                    c = s->rval[e];
                    break;
                }
            if (c > 0)
                try_add(s, j, false);
        }
    }
    /* one-for-one swaps: drop a selected measure, add a better one.  The
     * scan is quadratic, so only on rounds small enough for it to be cheap;
     * large rounds rely on the LP ordering and the branch-and-bound. */
    for (int pass = 0; pass < 2 && n <= 2000; pass++) {
        bool improved = false;
        for (int q = 0; q < m; q++) {
            int j = s->order[q];
            if (s->sel[j] || s->obj[j] <= 0 || s->col_ub[j] < 0.5)
                continue;
            if (try_add(s, j, true)) {
                improved = true;
                continue;
            }
            /* find the cheapest-value droppable measure that makes room */
            int best = -1;
            double best_v = s->obj[j];
            for (int k = 0; k < n; k++) {
                if (!droppable(s, k) || s->obj[k] >= best_v)
                    continue;
                s->stack[0] = k;
                int nt = gather(s, 1, -1.0);
                commit(s, 1, nt, 0);
                ungather(s, nt);
                int len;
                bool fits = false;
                if (closure(s, j, &len)) {
                    double gain = 0;
                    for (int t = 0; t < len; t++)
                        gain += s->obj[s->stack[t]];
                    if (gain > s->obj[k]) {
                        int nt2 = gather(s, len, 1.0);
                        fits = change_ok(s, nt2, true);
                        ungather(s, nt2);
                    }
                }
                s->stack[0] = k;
                nt = gather(s, 1, 1.0);
                commit(s, 1, nt, 1);
                ungather(s, nt);
                if (fits) {
                    best = k;
                    best_v = s->obj[k];
                }
            }
            if (best >= 0) {
                s->stack[0] = best;
                int nt = gather(s, 1, -1.0);
                commit(s, 1, nt, 0);
                ungather(s, nt);
                if (try_add(s, j, false))
                    improved = true;
                else { /* cannot happen: undo */
                    s->stack[0] = best;
                    nt = gather(s, 1, 1.0);
                    commit(s, 1, nt, 1);
                    ungather(s, nt);
                }
            }
        }
        if (!improved)
            break;
    }
    if (!juten_solver_feasible(s, s->sel))
        return false;
    memcpy(out, s->sel, (size_t)n);
    return true;
}

bool juten_heuristic_lpi_hook(void *ctx, const double *lpx, double *out)
{
    juten_solver *s = ctx;
    unsigned char *x = malloc((size_t)s->n + 1);
    if (!x)
        return false;
    bool ok = juten_heuristic_run(s, lpx, x);
    if (ok)
        for (int j = 0; j < s->n; j++)
            out[j] = x[j];
    free(x);
    return ok;
}
