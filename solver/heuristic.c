/*
 * heuristic.c -- juten's own incumbent heuristic, handed to GLPK's
 * branch-and-bound.
 *
 * GLPK's weakness on budget models is finding good portfolios early: its
 * rounding heuristic often finds nothing on tight budgets, and a weak
 * incumbent leaves the gap open for minutes.  This heuristic works as a
 * planner fills a budget, guided by the LP relaxation:
 *
 *   1. keep what must be funded and what the LP funds fully;
 *   2. repair unmet minimums (tag minimums, minimum shares and spends) with
 *      the measures that reduce the total violation;
 *   3. fill the remaining money in the order of the LP reduced costs (value
 *      net of the dual prices of every rule the measure uses), or of value
 *      per net cost without an LP;
 *   4. improve by swaps: drop a weak funded measure, fund a better one.
 *
 * Every measure is added together with what it requires.  Only portfolios
 * that pass the same full check as every reported portfolio are returned.
 */
#include "solver_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>



/* Violation of row r at activity a (0 when within bounds). */
static double viol(const juten_solver *s, int r, double a)
{
    double lb = s->row_lb[r], ub = s->row_ub[r], v = 0.0;
    if (isfinite(ub) && a > ub + juten_solver_row_tol(s, r, ub))
        v += (a - ub) / (1.0 + fabs(ub));
    if (isfinite(lb) && a < lb - juten_solver_row_tol(s, r, lb))
        v += (lb - a) / (1.0 + fabs(lb));
    return v;
}

/* A move: columns to add (+1) or drop (-1), kept in s->stack / s->order
 * scratch.  Up to 2n entries (adds, and a swap in a group for each). */
typedef struct move {
    int *col;
    signed char *sign;
    int len;
} move;

/* Append j and everything it requires (transitively) that is not yet
 * selected.  False if one of them cannot be funded. */
static bool add_closure(juten_solver *s, move *mv, int j)
{
    const juten_model *m = s->m;
    bool deps = (s->rules & JUTEN_RULE_REQUIRES) != 0;
    if (++s->stamp == 0x7fffffff) {
        memset(s->mark, 0, (size_t)s->n * sizeof *s->mark);
        s->stamp = 1;
    }
    int head = mv->len;
    mv->col[mv->len] = j;
    mv->sign[mv->len++] = 1;
    s->mark[j] = s->stamp;
    while (head < mv->len) {
        int i = mv->col[head++];
        if (s->col_ub[i] < 0.5)
            return false;
        if (!deps)
            continue;
        const juten_measure *me = &m->measures[i];
        for (int q = 0; q < me->n_requires; q++) {
            int k = me->requires[q];
            if (!s->sel[k] && s->mark[k] != s->stamp) {
                s->mark[k] = s->stamp;
                mv->col[mv->len] = k;
                mv->sign[mv->len++] = 1;
            }
        }
    }
    return true;
}

/* Row changes of a move into s->delta for the rows listed in s->touched. */
static int gather(juten_solver *s, const move *mv)
{
    int nt = 0;
    for (int q = 0; q < mv->len; q++) {
        int j = mv->col[q];
        double sg = mv->sign[q];
        for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
            int r = s->crow[e];
            if (!s->rowmark[r]) {
                s->rowmark[r] = 1;
                s->delta[r] = 0.0;
                s->touched[nt++] = r;
            }
            s->delta[r] += sg * s->cval[e];
        }
    }
    for (int q = 0; q < nt; q++)
        s->rowmark[s->touched[q]] = 0;
    return nt;
}

static double move_gain(const juten_solver *s, const move *mv)
{
    double g = 0.0;
    for (int q = 0; q < mv->len; q++)
        g += mv->sign[q] * s->obj[mv->col[q]];
    return g;
}

/* Change in total violation if the move were made. */
static double viol_change(const juten_solver *s, int nt)
{
    double dv = 0.0;
    for (int q = 0; q < nt; q++) {
        int r = s->touched[q];
        dv += viol(s, r, s->act[r] + s->delta[r]) - viol(s, r, s->act[r]);
    }
    return dv;
}

/* Does the move keep every touched row within its bounds? */
static bool stays_feasible(const juten_solver *s, int nt)
{
    for (int q = 0; q < nt; q++) {
        int r = s->touched[q];
        if (viol(s, r, s->act[r] + s->delta[r]) > 0.0)
            return false;
    }
    return true;
}

static void apply(juten_solver *s, const move *mv, int nt)
{
    for (int q = 0; q < nt; q++)
        s->act[s->touched[q]] += s->delta[s->touched[q]];
    for (int q = 0; q < mv->len; q++)
        s->sel[mv->col[q]] = mv->sign[q] > 0;
}

/* Stable merge sort of idx by descending key (ties: lower index first), so
 * the heuristic is deterministic without qsort_r. */
static void sort_desc(int *idx, int *tmp, int n, const double *key)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_desc(idx, tmp, h, key);
    sort_desc(idx + h, tmp, n - h, key);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) {
        int a = idx[i], b = idx[j];
        bool take_a = key[a] > key[b] || (key[a] == key[b] && a < b);
        tmp[k++] = take_a ? idx[i++] : idx[j++];
    }
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, (size_t)n * sizeof *idx);
}

/* Can j be dropped (not fixed, nothing selected requires it)? */
static bool droppable(const juten_solver *s, int j)
{
    if (!s->sel[j] || s->col_lb[j] > 0.5)
        return false;
    if (!(s->rules & JUTEN_RULE_REQUIRES))
        return true;
    for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
        const juten_row *row = &s->rows[s->crow[e]];
        if (row->kind == JUTEN_ROW_REQUIRES && row->ref2 == j && s->sel[row->ref])
            return false;
    }
    return true;
}

/* Coefficient of column j in the offset row (row 0). */
static double offset_coef(const juten_solver *s, int j)
{
    for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++)
        if (s->crow[e] == 0)
            return s->cval[e];
    return 0.0;
}

typedef struct heur {
    juten_solver *s;
    move mv;
    int *cand;     /* unselected candidates in score order */
    int ncand;
    int *selorder; /* measures funded in step 1, in score order */
    int nsel;
    int *tmp;
    double total_viol;
} heur;

static double total_violation(const juten_solver *s)
{
    double v = 0.0;
    for (int r = 0; r < s->nrows; r++)
        v += viol(s, r, s->act[r]);
    return v;
}

/* Add j (with closure) if it keeps feasibility and gains value. */
static bool try_add(heur *h, int j)
{
    juten_solver *s = h->s;
    h->mv.len = 0;
    if (s->sel[j] || !add_closure(s, &h->mv, j))
        return false;
    double gain = move_gain(s, &h->mv);
    if (gain <= 0.0)
        return false;
    int nt = gather(s, &h->mv);
    if (!stays_feasible(s, nt))
        return false;
    apply(s, &h->mv, nt);
    return true;
}

static void fill(heur *h)
{
    for (int q = 0; q < h->ncand; q++)
        try_add(h, h->cand[q]);
}

/* Add or drop measures while that reduces the total violation of the rules,
 * until none is left or nothing helps.  Drops matter: when minimum shares
 * are tight, dropping a measure of another area raises every share at once,
 * where an add fixes one share and strains the others. */
/* Make an add a swap within exclusive groups: for each measure the move
 * adds, drop the group's funded member (when it may be dropped).  False
 * when one may not: the add would break the group. */
static bool swap_in_groups(juten_solver *s, move *mv)
{
    if (!(s->rules & JUTEN_RULE_GROUP))
        return true;
    int adds = mv->len;
    for (int q = 0; q < adds; q++) {
        int j = mv->col[q];
        for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
            int r = s->crow[e];
            if (s->rows[r].kind != JUTEN_ROW_GROUP || !isfinite(s->row_ub[r]))
                continue;
            for (int f = s->rstart[r]; f < s->rstart[r + 1]; f++) {
                int k = s->rcol[f];
                if (k == j || !s->sel[k])
                    continue;
                if (!droppable(s, k))
                    return false;
                mv->col[mv->len] = k;
                mv->sign[mv->len++] = -1;
            }
        }
    }
    return true;
}

/* Does the move break a group or a dependency that holds now?  Repairs
 * trade one violation for another only among the money rules (minimums,
 * shares, spends, ceilings): an exclusive pair funded together or a
 * requirement unmet is no step towards a portfolio. */
static bool breaks_structure(const juten_solver *s, int nt)
{
    for (int q = 0; q < nt; q++) {
        int r = s->touched[q];
        juten_row_kind k = s->rows[r].kind;
        if ((k == JUTEN_ROW_GROUP || k == JUTEN_ROW_REQUIRES) &&
            viol(s, r, s->act[r] + s->delta[r]) > viol(s, r, s->act[r]))
            return true;
    }
    return false;
}

static void repair(heur *h)
{
    juten_solver *s = h->s;
    h->total_viol = total_violation(s);
    for (int pass = 0; pass < 12 && h->total_viol > 0.0; pass++) {
        bool progress = false;
        for (int q = 0; q < h->ncand && h->total_viol > 0.0; q++) {
            int j = h->cand[q];
            h->mv.len = 0;
            if (s->sel[j] || !add_closure(s, &h->mv, j) || !swap_in_groups(s, &h->mv))
                continue;
            int nt = gather(s, &h->mv);
            if (breaks_structure(s, nt))
                continue;
            if (viol_change(s, nt) < -1e-12) {
                apply(s, &h->mv, nt);
                h->total_viol = total_violation(s);
                progress = true;
            }
        }
        /* drops, weakest first: candidates are in descending score, so walk
         * the funded measures by ascending score */
        for (int q = h->nsel - 1; q >= 0 && h->total_viol > 0.0; q--) {
            int k = h->selorder[q];
            if (!droppable(s, k))
                continue;
            h->mv.col[0] = k;
            h->mv.sign[0] = -1;
            h->mv.len = 1;
            int nt = gather(s, &h->mv);
            if (viol_change(s, nt) < -1e-12) {
                apply(s, &h->mv, nt);
                h->total_viol = total_violation(s);
                progress = true;
            }
        }
        if (!progress)
            break;
    }
}

/* Swap moves: for each of the best unselected candidates that does not fit,
 * drop the weakest funded measure that makes room and raises the value. */
static void improve(heur *h, int max_candidates, int max_selected)
{
    juten_solver *s = h->s;
    int n = s->n;
    int *weak = malloc(((size_t)n + 1) * sizeof *weak);
    double *key = malloc(((size_t)n + 1) * sizeof *key);
    int *tmp = malloc(((size_t)n + 1) * sizeof *tmp);
    double *offc = malloc(((size_t)n + 1) * sizeof *offc);
    if (!weak || !key || !tmp || !offc) {
        free(weak);
        free(key);
        free(tmp);
        free(offc);
        return;
    }
    int off = s->nrows > 0 && s->rows[0].kind == JUTEN_ROW_OFFSET && isfinite(s->row_ub[0]) ? 0 : -1;
    for (int j = 0; j < n; j++)
        offc[j] = off >= 0 ? offset_coef(s, j) : 0.0;
    for (int pass = 0; pass < 3; pass++) {
        /* funded measures, weakest (lowest score) first */
        int nw = 0;
        for (int j = 0; j < n; j++)
            if (droppable(s, j)) {
                weak[nw++] = j;
                key[j] = -s->score[j];
            }
        sort_desc(weak, tmp, nw, key);
        if (nw > max_selected)
            nw = max_selected;
        /* the weakest max_selected, now by ascending value: the first swap
         * partner that passes the checks is the one that gains most */
        for (int t = 0; t < nw; t++)
            key[weak[t]] = -s->obj[weak[t]];
        sort_desc(weak, tmp, nw, key);
        bool improved = false;
        int tried = 0;
        for (int q = 0; q < h->ncand && tried < max_candidates; q++) {
            int u = h->cand[q];
            if (s->sel[u] || s->obj[u] <= 0.0 || s->col_ub[u] < 0.5)
                continue;
            tried++;
            if (try_add(h, u)) {
                improved = true;
                continue;
            }
            /* u with what it requires, given the current portfolio: the
             * gain and offset change of a swap follow from these in O(1),
             * so only promising swaps pay for the full check.  (A swap that
             * drops something u requires re-adds it: it is the plain add
             * that try_add just refused.) */
            h->mv.len = 0;
            if (!add_closure(s, &h->mv, u))
                continue;
            double gu = move_gain(s, &h->mv), du = 0.0;
            for (int t2 = 0; t2 < h->mv.len; t2++)
                du += offc[h->mv.col[t2]];
            int best_k = -1;
            double best_gain = 0.0;
            for (int t = 0; t < nw; t++) {
                int k = weak[t];
                if (!s->sel[k])
                    continue;
                double g = gu - s->obj[k];
                if (g <= best_gain + 1e-12)
                    break; /* every later partner is worth at least as much */
                /* quick test on the offset, the rule that binds most often,
                 * before the full check */
                if (off >= 0) {
                    double dv = du - offc[k];
                    if (s->act[off] + dv > s->row_ub[off] + juten_feas_tol(s->row_ub[off]) && dv > 0)
                        continue;
                }
                h->mv.len = 0;
                h->mv.col[0] = k;
                h->mv.sign[0] = -1;
                h->mv.len = 1;
                s->sel[k] = 0; /* closure must not count k as funded */
                bool ok = add_closure(s, &h->mv, u);
                s->sel[k] = 1;
                if (!ok)
                    continue;
                g = move_gain(s, &h->mv);
                if (g <= best_gain + 1e-12)
                    continue;
                int nt = gather(s, &h->mv);
                if (stays_feasible(s, nt)) {
                    best_gain = g;
                    best_k = k;
                    break;
                }
            }
            if (best_k >= 0) {
                h->mv.len = 0;
                h->mv.col[0] = best_k;
                h->mv.sign[0] = -1;
                h->mv.len = 1;
                s->sel[best_k] = 0;
                bool ok = add_closure(s, &h->mv, u);
                s->sel[best_k] = 1;
                if (ok) {
                    int nt = gather(s, &h->mv);
                    apply(s, &h->mv, nt);
                    improved = true;
                    fill(h); /* the swap may have freed room */
                }
            }
        }
        if (!improved)
            break;
    }
    free(weak);
    free(key);
    free(tmp);
    free(offc);
}

bool juten_heuristic_run(juten_solver *s, const double *lpx, const double *dj,
                         unsigned char *out)
{
    int n = s->n;
    heur h = {s, {NULL, NULL, 0}, NULL, 0, NULL, 0, NULL, 0.0};
    h.mv.col = malloc((2 * (size_t)n + 2) * sizeof *h.mv.col); /* adds, and a swap each */
    h.mv.sign = malloc(2 * (size_t)n + 2);
    h.cand = malloc(((size_t)n + 1) * sizeof *h.cand);
    h.tmp = malloc(((size_t)n + 1) * sizeof *h.tmp);
    h.selorder = malloc(((size_t)n + 1) * sizeof *h.selorder);
    bool ok = false;
    if (!h.mv.col || !h.mv.sign || !h.cand || !h.tmp || !h.selorder)
        goto done;

    memset(s->sel, 0, (size_t)n);
    for (int r = 0; r < s->nrows; r++)
        s->act[r] = 0.0;
    /* 1. what must be funded, and what the LP funds fully */
    for (int j = 0; j < n; j++) {
        bool take = s->col_lb[j] > 0.5 || (lpx && lpx[j] > 1.0 - 1e-6);
        if (!take || s->sel[j])
            continue;
        h.mv.len = 0;
        if (!add_closure(s, &h.mv, j)) {
            if (s->col_lb[j] > 0.5)
                goto done; /* a fixed measure requires an excluded one */
            continue;
        }
        apply(s, &h.mv, gather(s, &h.mv));
    }
    /* candidates by reduced cost (LP) or value per net cost */
    for (int j = 0; j < n; j++) {
        double nc = s->cost[j] - s->rate * s->saving[j], v = s->obj[j];
        double dens = nc > 1e-12 ? v / nc : (v >= 0 ? 1e12 + v : -1e12 + v / (1e-12 - nc));
        s->score[j] = dj ? dj[j] + 1e-9 * atan(dens) : dens;
        if (lpx && dj && lpx[j] > 1e-6)
            s->score[j] = 1e12 + lpx[j]; /* fractional ones first */
        if (!s->sel[j] && s->col_ub[j] > 0.5)
            h.cand[h.ncand++] = j;
        else if (s->sel[j])
            h.selorder[h.nsel++] = j;
    }
    sort_desc(h.cand, h.tmp, h.ncand, s->score);
    sort_desc(h.selorder, h.tmp, h.nsel, s->score);
    /* 2.-4. */
    repair(&h);
    if (h.total_viol > 0.0)
        goto done;
    fill(&h);
    improve(&h, 300, 300);
    ok = juten_solver_feasible(s, s->sel);
    if (ok)
        memcpy(out, s->sel, (size_t)n);
done:
    free(h.mv.col);
    free(h.mv.sign);
    free(h.cand);
    free(h.tmp);
    free(h.selorder);
    return ok;
}

bool juten_heuristic_lpi_hook(void *ctx, const double *lpx, const double *dj, double *out)
{
    juten_solver *s = ctx;
    unsigned char *x = malloc((size_t)s->n + 1);
    if (!x)
        return false;
    bool ok = juten_heuristic_run(s, lpx, dj, x);
    if (ok)
        for (int j = 0; j < s->n; j++)
            out[j] = x[j];
    free(x);
    return ok;
}
