/*
 * chance.c -- the offset rule as a chance constraint: the best portfolio
 * whose offset holds in all but a given number of K sampled scenarios
 * (sample average approximation; juten_solver_set_chance in juten_solver.h).
 *
 * The program is a problem of its own, built per run from the solver's
 * plain rows (every rule but the nominal offset, at the solver's values
 * and the run's effective bounds), the K sampled offset rows with their
 * big-M violation columns, and the count row.  Keeping it apart leaves the
 * measures-only program of every other run, its reference basis and its
 * heuristic untouched: a solver with the chance constraint cleared is the
 * solver it was.  GLPK is reached through lpi.h only.
 *
 * juten's own heuristic is reused on the nominal rows with the offset row
 * switched back on at a lowered headroom: each round lowers it by how far
 * the (max_violations + 1)-th worst sample is over, until the portfolio
 * meets the chance constraint.  The lazy check holds GLPK's portfolios to
 * the same count at the same tolerance as every other rule.
 */
#include "solver_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct juten_chance {
    int K, max_viol;
    double *coef;          /* K * n, sample-major */
    /* per run */
    juten_lpi *lp;
    int ncols;             /* n + the z columns */
    int *zrow;             /* per sample: its z column, -1 when it has none */
    double *act;           /* per sample: the activity of a portfolio */
    unsigned char *x;      /* a portfolio, one byte per measure */
};

void juten_solver_clear_chance(juten_solver *s)
{
    if (!s || !s->chance)
        return;
    juten_lpi_free(s->chance->lp);
    free(s->chance->coef);
    free(s->chance->zrow);
    free(s->chance->act);
    free(s->chance->x);
    free(s->chance);
    s->chance = NULL;
    /* the offset row's bound comes back with the next run's rules */
}

juten_status juten_solver_set_chance(juten_solver *s, int K, const double *coef,
                                     int max_violations, juten_diags *d)
{
    if (!s)
        return JUTEN_ERR_USAGE;
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    if (K < 1 || !coef || max_violations < 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("a chance constraint needs at least one sample and a number of "
                        "allowed violations >= 0 (got %d samples, %d violations)"),
                        K, max_violations);
        return JUTEN_ERR_USAGE;
    }
    size_t cells = (size_t)K * (size_t)s->n;
    for (size_t e = 0; e < cells; e++)
        if (!isfinite(coef[e])) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("sample %zu: the offset coefficient of measure %s is not finite"),
                            e / (size_t)s->n, s->m->measures[e % (size_t)s->n].id);
            return JUTEN_ERR_USAGE;
        }
    struct juten_chance *c = calloc(1, sizeof *c);
    if (!c)
        return JUTEN_ERR_NOMEM;
    c->K = K;
    c->max_viol = max_violations;
    c->coef = malloc((cells ? cells : 1) * sizeof *c->coef);
    c->zrow = malloc((size_t)K * sizeof *c->zrow);
    c->act = malloc((size_t)K * sizeof *c->act);
    c->x = malloc((size_t)s->n + 1);
    if (!c->coef || !c->zrow || !c->act || !c->x) {
        free(c->coef);
        free(c->zrow);
        free(c->act);
        free(c->x);
        free(c);
        return JUTEN_ERR_NOMEM;
    }
    memcpy(c->coef, coef, cells * sizeof *c->coef);
    juten_solver_clear_chance(s);
    s->chance = c;
    return JUTEN_OK;
}

/* Sample activities of portfolio x into c->act; the number of samples
 * over the headroom (beyond the tolerance of every rule check). */
static int violations(const juten_solver *s, const unsigned char *x)
{
    const struct juten_chance *c = s->chance;
    double lim = s->headroom + juten_feas_tol(s->headroom);
    int v = 0;
    for (int k = 0; k < c->K; k++) {
        const double *a = c->coef + (size_t)k * (size_t)s->n;
        double t = 0.0;
        for (int j = 0; j < s->n; j++)
            if (x[j])
                t += a[j];
        c->act[k] = t;
        v += t > lim;
    }
    return v;
}

int juten_solver_chance_violations(const juten_solver *s, const unsigned char *x)
{
    if (!s || !s->chance || !x)
        return -1;
    return violations(s, x);
}

/* The chance constraint holds and so does every other rule. */
static bool chance_ok(const juten_solver *s, const unsigned char *x)
{
    if (!(s->rules & JUTEN_RULE_OFFSET))
        return juten_solver_feasible(s, x);
    return juten_solver_feasible(s, x) && violations(s, x) <= s->chance->max_viol;
}

static bool check_hook(void *ctx, const double *x)
{
    juten_solver *s = ctx;
    for (int j = 0; j < s->n; j++)
        s->chance->x[j] = x[j] > 0.5;
    return chance_ok(s, s->chance->x);
}

/* The (max_viol + 1)-th largest sample activity (after violations()). */
static double kth_worst(const struct juten_chance *c)
{
    /* partial selection on a copy: K is in the thousands at most */
    double *a = malloc((size_t)c->K * sizeof *a);
    if (!a)
        return INFINITY;
    memcpy(a, c->act, (size_t)c->K * sizeof *a);
    int want = c->max_viol; /* 0-based rank from the top */
    int lo = 0, hi = c->K - 1;
    while (lo < hi) {
        double piv = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] > piv)
                i++;
            while (a[j] < piv)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
    double v = a[want];
    free(a);
    return v;
}

/* juten's heuristic on the nominal rules, the offset row back on at a
 * headroom lowered until the chance constraint holds.  out: n bytes. */
static bool chance_heuristic(juten_solver *s, const double *lpx, const double *dj,
                             int rounds, unsigned char *out)
{
    struct juten_chance *c = s->chance;
    int off = s->nrows > 0 && s->rows[0].kind == JUTEN_ROW_OFFSET ? 0 : -1;
    if (off < 0 || !(s->rules & JUTEN_RULE_OFFSET))
        return juten_heuristic_run(s, lpx, dj, out) && chance_ok(s, out);
    double h = s->headroom;
    bool ok = false;
    for (int round = 0; round < rounds && !ok; round++) {
        s->row_ub[0] = h;
        bool found = juten_heuristic_run(s, lpx, dj, out);
        s->row_ub[0] = INFINITY;
        if (!found)
            break;
        if (!juten_solver_feasible(s, out))
            break;
        if (violations(s, out) <= c->max_viol) {
            ok = true;
            break;
        }
        double over = kth_worst(c) - s->headroom;
        if (!isfinite(over))
            break;
        h -= over + juten_feas_tol(s->headroom);
    }
    s->row_ub[0] = INFINITY;
    return ok;
}

static bool heuristic_hook(void *ctx, const double *lpx, const double *dj, double *out)
{
    juten_solver *s = ctx;
    struct juten_chance *c = s->chance;
    unsigned char *x = malloc((size_t)s->n + 1);
    if (!x)
        return false;
    bool ok = chance_heuristic(s, lpx, dj, 3, x);
    if (ok) {
        violations(s, x);
        for (int j = 0; j < s->n; j++)
            out[j] = x[j];
        double lim = s->headroom + juten_feas_tol(s->headroom);
        for (int k = 0; k < c->K; k++)
            if (c->zrow[k] >= 0)
                out[c->zrow[k]] = c->act[k] > lim ? 1.0 : 0.0;
    }
    free(x);
    return ok;
}

/* ---- big-M strengthening ----
 *
 * The plain M_k (every positive coefficient funded) makes the relaxation
 * weak: FY2017's offset coefficients add up to hundreds where a portfolio's
 * sampled net moves by a few.  Luedtke, Ahmed and Nemhauser's (2010)
 * argument gives a valid smaller one: a portfolio meeting the chance
 * constraint holds in all but max_viol samples of any set S, so for each i
 * in S let m_ki bound sum_j coef_kj x_j - headroom over the portfolios
 * that hold in sample i; the (max_viol + 1)-th smallest m_ki over S bounds
 * it over every portfolio meeting the constraint.  m_ki here is the dual
 * bound of the relaxation with the single row of sample i and the column
 * bounds, min over lambda >= 0 of lambda (h - fixed_i) + sum_free max(0,
 * coef_kj - lambda coef_ij): weak duality makes any lambda valid, and the
 * sweep over the breakpoints finds the best one in O(n log n). */

typedef struct brk {
    double at;
    int j;
} brk;

static int brk_cmp(const void *a, const void *b)
{
    const brk *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->j - y->j; /* a total order: the same sweep on every libc */
}

/* The bound m_ki (see above); bp: n entries of scratch. */
static double pair_bound(const juten_solver *s, const double *ak, const double *ai, brk *bp)
{
    int n = s->n, nb = 0;
    double fixed_k = 0.0, cap = s->headroom;
    double c0 = 0.0, c1; /* g(lambda) = c0 + c1 lambda between breakpoints */
    double sum_ai_active = 0.0;
    for (int j = 0; j < n; j++) {
        if (s->col_ub[j] < 0.5)
            continue;
        if (s->col_lb[j] > 0.5) {
            fixed_k += ak[j];
            cap -= ai[j];
            continue;
        }
        /* active just above lambda = 0: ak - lambda ai > 0 */
        bool active = ak[j] > 0 || (ak[j] == 0 && ai[j] < 0);
        if (active) {
            c0 += ak[j];
            sum_ai_active += ai[j];
        }
        if (ai[j] != 0.0) {
            double r = ak[j] / ai[j];
            if (r > 0)
                bp[nb++] = (brk){r, j};
        }
    }
    c1 = cap - sum_ai_active;
    double best = c0; /* g(0) */
    qsort(bp, (size_t)nb, sizeof *bp, brk_cmp);
    for (int q = 0; q < nb; q++) {
        double lam = bp[q].at;
        double g = c0 + c1 * lam;
        if (g < best)
            best = g;
        int j = bp[q].j;
        /* the term of j changes side at its breakpoint */
        if (ai[j] > 0) { /* was active, now not */
            c0 -= ak[j];
            c1 += ai[j];
        } else { /* was not, now is */
            c0 += ak[j];
            c1 -= ai[j];
        }
    }
    if (c1 < 0) /* g falls without end: the row of sample i cannot hold */
        return -INFINITY;
    return fixed_k + best - s->headroom;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* The samples S the strengthening compares each one with: at least 100
 * and twice the allowed violations, K x |S| pairs of O(n log n) each.
 * Measured on FY2017 at P = 0.95, K = 500: |S| = 100 takes the root
 * relaxation from 211.3 (plain M) to 185.8 (the nominal optimum is
 * 186.1) in 0.5 s; |S| = 400 reaches 185.2 in 2 s, and the search after it
 * gains no more than that difference. */
#define CHANCE_PAIR_SAMPLES 100

/* M_k for every sample: min(plain, strengthened); bigm[k] <= 0 means no
 * portfolio meeting the constraint breaks sample k. */
static juten_status strengthen(const juten_solver *s, double *bigm)
{
    const struct juten_chance *c = s->chance;
    int p = c->max_viol;
    int ns = CHANCE_PAIR_SAMPLES > 2 * (p + 1) ? CHANCE_PAIR_SAMPLES : 2 * (p + 1);
    if (ns > c->K)
        ns = c->K;
    if (p == 0 || ns <= p)
        return JUTEN_OK;
    brk *bp = malloc(((size_t)s->n + 1) * sizeof *bp);
    double *m = malloc((size_t)ns * sizeof *m);
    if (!bp || !m) {
        free(bp);
        free(m);
        return JUTEN_ERR_NOMEM;
    }
    for (int k = 0; k < c->K; k++) {
        const double *ak = c->coef + (size_t)k * (size_t)s->n;
        for (int i = 0; i < ns; i++)
            m[i] = pair_bound(s, ak, c->coef + (size_t)i * (size_t)s->n, bp);
        qsort(m, (size_t)ns, sizeof *m, dbl_cmp);
        if (m[p] < bigm[k])
            bigm[k] = m[p];
    }
    free(bp);
    free(m);
    return JUTEN_OK;
}

static juten_lpi_sense sense_of(double lb, double ub)
{
    return isfinite(lb) && isfinite(ub) ? JUTEN_LPI_RANGE
           : isfinite(lb)               ? JUTEN_LPI_GE
           : isfinite(ub)               ? JUTEN_LPI_LE
                                        : JUTEN_LPI_FREE;
}

/* Build the run's program in c->lp from the solver's rows and bounds. */
static juten_status build(juten_solver *s, juten_diags *d)
{
    struct juten_chance *c = s->chance;
    int n = s->n;
    bool offset_on = (s->rules & JUTEN_RULE_OFFSET) != 0;
    /* big-M per sample from the column bounds; which samples get a z */
    double *bigm = malloc(2 * (size_t)c->K * sizeof *bigm);
    if (!bigm)
        return JUTEN_ERR_NOMEM;
    double *plain = bigm + c->K; /* M_k before strengthening */
    int nz = 0, nsample_rows = 0;
    for (int k = 0; k < c->K; k++) {
        const double *a = c->coef + (size_t)k * (size_t)n;
        double most = 0.0;
        for (int j = 0; j < n; j++) {
            if (s->col_ub[j] < 0.5)
                continue;
            if (s->col_lb[j] > 0.5)
                most += a[j];
            else if (a[j] > 0)
                most += a[j];
        }
        bigm[k] = plain[k] = most - s->headroom;
    }
    juten_status st0 = offset_on ? strengthen(s, bigm) : JUTEN_OK;
    if (st0 != JUTEN_OK) {
        free(bigm);
        return st0;
    }
    /* A sample no portfolio within the bounds can break needs no row.  One
     * that no portfolio meeting the constraint breaks (strengthened M_k <=
     * 0) gets a hard row: it must not be dropped, since the argument says
     * nothing of the portfolios that break more than max_viol samples,
     * and without the row those would pass. */
    double tol = juten_feas_tol(s->headroom);
    for (int k = 0; k < c->K; k++) {
        c->zrow[k] = -1;
        if (!offset_on || plain[k] <= tol)
            continue;
        nsample_rows++;
        if (c->max_viol > 0 && bigm[k] > tol)
            c->zrow[k] = n + nz++;
    }
    int nrule = 0;
    for (int r = 0; r < s->nrows; r++)
        if (s->rows[r].kind != JUTEN_ROW_OFFSET &&
            (isfinite(s->row_lb[r]) || isfinite(s->row_ub[r])))
            nrule++;
    bool count_row = nz > c->max_viol;
    int nrows = nrule + nsample_rows + (count_row ? 1 : 0);
    c->ncols = n + nz;
    juten_lpi_free(c->lp);
    c->lp = NULL;
    int *idx = malloc(((size_t)n + 2 + (size_t)nz) * sizeof *idx);
    double *val = malloc(((size_t)n + 2 + (size_t)nz) * sizeof *val);
    double *obj = calloc((size_t)c->ncols + 1, sizeof *obj);
    juten_status st = idx && val && obj ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_lpi_create(&c->lp, nrows, c->ncols, d);
    int row = 0;
    for (int r = 0; r < s->nrows && st == JUTEN_OK; r++) {
        double lb = s->row_lb[r], ub = s->row_ub[r];
        if (s->rows[r].kind == JUTEN_ROW_OFFSET || (!isfinite(lb) && !isfinite(ub)))
            continue;
        st = juten_lpi_set_row_coefs(c->lp, row, s->rstart[r + 1] - s->rstart[r],
                                     s->rcol + s->rstart[r], s->rval + s->rstart[r], d);
        if (st == JUTEN_OK)
            st = juten_lpi_set_row(c->lp, row, sense_of(lb, ub), isfinite(lb) ? lb : 0.0,
                                   isfinite(ub) ? ub : 0.0, d);
        row++;
    }
    for (int k = 0; k < c->K && st == JUTEN_OK; k++) {
        if (!offset_on || plain[k] <= tol)
            continue;
        const double *a = c->coef + (size_t)k * (size_t)n;
        int len = 0;
        for (int j = 0; j < n; j++)
            if (a[j] != 0.0) {
                idx[len] = j;
                val[len++] = a[j];
            }
        if (c->zrow[k] >= 0) {
            idx[len] = c->zrow[k];
            val[len++] = -bigm[k];
        }
        st = juten_lpi_set_row_coefs(c->lp, row, len, idx, val, d);
        if (st == JUTEN_OK)
            st = juten_lpi_set_row(c->lp, row, JUTEN_LPI_LE, 0.0, s->headroom, d);
        row++;
    }
    if (count_row && st == JUTEN_OK) {
        for (int q = 0; q < nz; q++) {
            idx[q] = n + q;
            val[q] = 1.0;
        }
        st = juten_lpi_set_row_coefs(c->lp, row, nz, idx, val, d);
        if (st == JUTEN_OK)
            st = juten_lpi_set_row(c->lp, row, JUTEN_LPI_LE, 0.0, (double)c->max_viol, d);
        row++;
    }
    for (int j = 0; j < n; j++)
        if (obj)
            obj[j] = s->obj[j];
    if (st == JUTEN_OK)
        st = juten_lpi_set_obj(c->lp, obj, d);
    for (int j = 0; j < c->ncols && st == JUTEN_OK; j++)
        st = j < n ? juten_lpi_set_col_bounds(c->lp, j, s->col_lb[j], s->col_ub[j], d)
                   : juten_lpi_set_col_bounds(c->lp, j, 0.0, 1.0, d);
    free(bigm);
    free(idx);
    free(val);
    free(obj);
    return st;
}

static double value_of(const juten_solver *s, const unsigned char *x)
{
    double v = 0.0;
    for (int j = 0; j < s->n; j++)
        if (x[j])
            v += s->obj[j];
    return v;
}

/* The first incumbent: the nominal program's optimum (juten's own search,
 * on the solver's GLPK problem) at a headroom lowered until the chance
 * constraint holds, each round by how far the (max_viol + 1)-th worst
 * sample is over.  A few exact solves of the small program: a far better
 * start than any rounding of the chance program's relaxation. */
#define SHIFT_DOWN 8
#define SHIFT_BISECT 5

/* The nominal optimum at headroom h into x; *ok when it meets the chance
 * constraint (*got when there was a portfolio at all). */
static juten_status shifted_solve(juten_solver *s, const juten_solve_options *so, double h,
                                  unsigned char *x, bool *got, bool *ok, juten_diags *d)
{
    *got = *ok = false;
    s->row_ub[0] = h;
    juten_status st = juten_lpi_set_row(s->lp, 0, JUTEN_LPI_LE, 0.0, h, d);
    juten_lpi_result lr;
    if (st == JUTEN_OK)
        st = juten_search(s, so, &lr, x, d);
    s->row_ub[0] = INFINITY;
    juten_status st2 = juten_lpi_alive(s->lp)
                           ? juten_lpi_set_row(s->lp, 0, JUTEN_LPI_FREE, 0.0, 0.0, d)
                           : JUTEN_OK;
    if (st == JUTEN_OK)
        st = st2;
    if (st != JUTEN_OK || (lr.status != JUTEN_LPI_OPTIMAL && lr.status != JUTEN_LPI_FEASIBLE))
        return st;
    *got = juten_solver_feasible(s, x);
    *ok = *got && violations(s, x) <= s->chance->max_viol;
    return JUTEN_OK;
}

static juten_status shifted_start(juten_solver *s, const juten_solve_options *o,
                                  unsigned char *inc, bool *have, juten_diags *d)
{
    *have = false;
    if (!(s->rules & JUTEN_RULE_OFFSET) || s->nrows == 0 || s->rows[0].kind != JUTEN_ROW_OFFSET)
        return JUTEN_OK;
    struct juten_chance *c = s->chance;
    juten_solve_options so = *o;
    so.node_limit = 2000; /* its own budget: the same start whatever the caller's limit */
    unsigned char *x = malloc((size_t)s->n + 1);
    if (!x)
        return JUTEN_ERR_NOMEM;
    double h = s->headroom, h_bad = NAN, h_good = NAN, best = -INFINITY;
    juten_status st = JUTEN_OK;
    bool got, ok;
    /* down, by how far the (max_viol + 1)-th worst sample is over */
    for (int round = 0; round < SHIFT_DOWN && st == JUTEN_OK; round++) {
        st = shifted_solve(s, &so, h, x, &got, &ok, d);
        if (st != JUTEN_OK || !got)
            break;
        if (ok) {
            h_good = h;
            best = value_of(s, x);
            memcpy(inc, x, (size_t)s->n);
            *have = true;
            break;
        }
        h_bad = h;
        violations(s, x);
        double over = kth_worst(c) - s->headroom;
        if (!isfinite(over))
            break;
        h -= over + juten_feas_tol(s->headroom);
    }
    /* then halve the step between the last headroom that broke it and the
     * first that held: the step down overshoots by the samples' spread */
    for (int round = 0; round < SHIFT_BISECT && st == JUTEN_OK && *have && !isnan(h_bad);
         round++) {
        double mid = 0.5 * (h_good + h_bad);
        st = shifted_solve(s, &so, mid, x, &got, &ok, d);
        if (st != JUTEN_OK || !got)
            break;
        if (ok) {
            h_good = mid;
            double v = value_of(s, x);
            if (v > best) {
                best = v;
                memcpy(inc, x, (size_t)s->n);
            }
        } else {
            h_bad = mid;
        }
    }
    free(x);
    return st;
}

juten_status juten_chance_search(juten_solver *s, const juten_solve_options *o,
                                 juten_lpi_result *res, unsigned char *sel, juten_diags *d)
{
    struct juten_chance *c = s->chance;
    int n = s->n;
    *res = (juten_lpi_result){JUTEN_LPI_NOSOLUTION, NAN, NAN, NAN, NAN, false, false};
    juten_status st = build(s, d);
    double *start = calloc((size_t)c->ncols + 1, sizeof *start);
    double *xv = calloc((size_t)c->ncols + 1, sizeof *xv);
    unsigned char *inc = malloc((size_t)n + 1);
    if (st == JUTEN_OK && (!start || !xv || !inc))
        st = JUTEN_ERR_NOMEM;
    bool have = false;
    double inc_obj = -INFINITY;
    if (st == JUTEN_OK)
        st = shifted_start(s, o, inc, &have, d);
    if (st == JUTEN_OK && o->start) {
        /* a neighbouring solve's portfolio (a higher level's, in the
         * price of confidence), when it meets this constraint and is better */
        memcpy(c->x, o->start, (size_t)n);
        for (int j = 0; j < n; j++)
            c->x[j] = c->x[j] != 0;
        if (chance_ok(s, c->x) && (!have || value_of(s, c->x) > value_of(s, inc))) {
            memcpy(inc, c->x, (size_t)n);
            have = true;
        }
    }
    if (st == JUTEN_OK && have) {
        /* the first incumbent: z set where the portfolio breaks a sample */
        inc_obj = value_of(s, inc);
        violations(s, inc);
        double lim = s->headroom + juten_feas_tol(s->headroom);
        for (int j = 0; j < n; j++)
            start[j] = inc[j];
        for (int k = 0; k < c->K; k++)
            if (c->zrow[k] >= 0)
                start[c->zrow[k]] = c->act[k] > lim ? 1.0 : 0.0;
    }
    juten_lpi_result r = {JUTEN_LPI_NOSOLUTION, NAN, NAN, NAN, NAN, false, false};
    if (st == JUTEN_OK) {
        juten_lpi_params p = {o->time_limit, o->mip_gap,
                              o->heuristic ? heuristic_hook : NULL, s,
                              have ? start : NULL, o->node_limit, 0.0, false,
                              check_hook, s};
        st = juten_lpi_solve_mip(c->lp, &p, &r, xv, d);
    }
    if (st == JUTEN_OK) {
        res->lp_bound = r.lp_bound;
        res->time_limited = r.time_limited;
        res->node_limited = r.node_limited && o->node_limit > 0 && !r.time_limited;
        bool glpk_has = r.status == JUTEN_LPI_OPTIMAL || r.status == JUTEN_LPI_FEASIBLE;
        if (glpk_has) {
            for (int j = 0; j < n; j++)
                c->x[j] = xv[j] > 0.5;
            if (!chance_ok(s, c->x))
                glpk_has = false; /* the lazy check should have kept it out */
        }
        double gv = glpk_has ? value_of(s, c->x) : -INFINITY;
        const unsigned char *best = NULL;
        if (glpk_has && (!have || gv >= inc_obj - 1e-9 * (1 + fabs(gv))))
            best = c->x;
        else if (have)
            best = inc;
        if (!best) {
            res->status = r.status == JUTEN_LPI_OPTIMAL ? JUTEN_LPI_NOSOLUTION : r.status;
            res->best_bound = r.best_bound;
        } else {
            memcpy(sel, best, (size_t)n);
            res->objective = value_of(s, best);
            if (r.status == JUTEN_LPI_OPTIMAL) {
                res->status = JUTEN_LPI_OPTIMAL;
                res->best_bound = res->objective;
            } else {
                res->status = JUTEN_LPI_FEASIBLE;
                double b = isnan(r.best_bound) ? r.lp_bound : r.best_bound;
                res->best_bound = isnan(b) || b < res->objective ? res->objective : b;
            }
        }
    }
    /* the program is rebuilt by the next run: its rows follow the bounds */
    juten_lpi_free(c->lp);
    c->lp = NULL;
    free(start);
    free(xv);
    free(inc);
    return st;
}
