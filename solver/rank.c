/*
 * rank.c -- the priority ranking read off a frontier (when each measure
 * enters and leaves as the budget grows), and the best nested ranking.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

juten_status juten_rank_frontier(const juten_model *m, const juten_solve_options *o,
                                 const juten_frontier_options *fo, int grid_points,
                                 juten_frontier **out, juten_diags *d)
{
    if (grid_points > 0)
        return juten_frontier_grid(m, o, fo->from, fo->to, grid_points, out, d);
    juten_frontier_options e = *fo;
    e.parameter = JUTEN_SWEEP_HEADROOM;
    return juten_frontier_compute(m, o, &e, out, d);
}

/* ---- ranking ------------------------------------------------------------ */

static void sort_entries(juten_rank_entry *e, int n, bool by_ratio)
{
    /* insertion sort would be quadratic; a simple merge sort keeps ties in
     * measure order, which makes the output deterministic */
    if (n < 2)
        return;
    juten_rank_entry *tmp = malloc((size_t)n * sizeof *tmp);
    if (!tmp)
        return;
    for (int width = 1; width < n; width *= 2)
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, k = mid, t = lo;
            while (i < mid && k < hi) {
                const juten_rank_entry *a = &e[i], *b = &e[k];
                bool take_a;
                if (by_ratio)
                    take_a = a->ratio > b->ratio ||
                             (a->ratio == b->ratio && a->measure < b->measure);
                else {
                    bool na = isnan(a->entry_at), nb = isnan(b->entry_at);
                    if (na != nb)
                        take_a = !na;
                    else if (!na && a->entry_at != b->entry_at)
                        take_a = a->entry_at < b->entry_at;
                    else if (a->ratio != b->ratio)
                        take_a = a->ratio > b->ratio;
                    else
                        take_a = a->measure < b->measure;
                }
                tmp[t++] = take_a ? e[i++] : e[k++];
            }
            while (i < mid)
                tmp[t++] = e[i++];
            while (k < hi)
                tmp[t++] = e[k++];
            memcpy(e + lo, tmp + lo, (size_t)(hi - lo) * sizeof *e);
        }
    free(tmp);
}

juten_status juten_rank_compute(const juten_model *m, const juten_frontier *f,
                                double scenario_headroom, juten_ranking **out, juten_diags *d)
{
    (void)d;
    *out = NULL;
    juten_ranking *rk = calloc(1, sizeof *rk);
    if (!rk)
        return JUTEN_ERR_NOMEM;
    int n = m->n_measures;
    rk->n = n;
    rk->complete = f->complete;
    rk->grid = f->grid;
    rk->scenario_headroom = isnan(scenario_headroom) ? m->headroom : scenario_headroom;
    rk->range_from = f->n_points ? f->points[0].at : NAN;
    rk->range_to = f->n_points ? f->points[f->n_points - 1].at : NAN;
    if (!isnan(f->range_to) && f->range_to > rk->range_to)
        rk->range_to = f->range_to;
    rk->grid_step = NAN;
    if (f->grid && f->n_points > 1)
        rk->grid_step = (f->points[f->n_points - 1].at - f->points[0].at) /
                        (double)(f->n_points - 1);
    /* the portfolio at the scenario's budget: the last point at or below it */
    int at_s = -1;
    for (int p = 0; p < f->n_points; p++)
        if (f->points[p].at <= rk->scenario_headroom + 1e-9 * (1 + fabs(rk->scenario_headroom)))
            at_s = p;
    rk->entries = calloc((size_t)n + 1, sizeof *rk->entries);
    if (!rk->entries) {
        free(rk);
        return JUTEN_ERR_NOMEM;
    }
    for (int j = 0; j < n; j++) {
        const juten_measure *me = &m->measures[j];
        juten_rank_entry *e = &rk->entries[j];
        e->measure = j;
        e->entry_at = e->leaves_at = NAN;
        e->at_scenario = at_s >= 0 && f->points[at_s].selected[j];
        int runs = 0;
        for (int p = 0; p < f->n_points; p++)
            runs += f->points[p].selected[j] && (p == 0 || !f->points[p - 1].selected[j]);
        if (runs && !(e->intervals = malloc((size_t)runs * sizeof *e->intervals))) {
            juten_ranking_free(rk);
            return JUTEN_ERR_NOMEM;
        }
        for (int p = 0; p < f->n_points; p++) {
            bool in = f->points[p].selected[j];
            bool was = p > 0 && f->points[p - 1].selected[j];
            if (in && !was) {
                e->intervals[e->n_intervals][0] = f->points[p].at;
                e->intervals[e->n_intervals][1] = NAN;
                e->n_intervals++;
            } else if (!in && was)
                e->intervals[e->n_intervals - 1][1] = f->points[p].at;
        }
        if (e->n_intervals) {
            e->entry_at = e->intervals[0][0];
            e->leaves_at = e->intervals[0][1];
        }
        if (!isnan(e->leaves_at))
            rk->n_leaving++;
        double value = m->areas[me->area].weight * me->risk;
        double net = me->cost - m->savings_rate * me->saving;
        e->ratio = net > 1e-12 ? value / net : value > 0 ? INFINITY : value < 0 ? -INFINITY : 0.0;
    }
    sort_entries(rk->entries, n, true);
    for (int i = 0; i < n; i++)
        rk->entries[i].ratio_rank = i + 1;
    sort_entries(rk->entries, n, false);
    for (int i = 0; i < n; i++)
        rk->entries[i].rank = i + 1;
    *out = rk;
    return JUTEN_OK;
}

void juten_ranking_free(juten_ranking *r)
{
    if (!r)
        return;
    for (int i = 0; r->entries && i < r->n; i++)
        free(r->entries[i].intervals);
    free(r->entries);
    free(r);
}

/* ---- nested ranking ----------------------------------------------------- */

/* Total value of a chain of K portfolios. */
static double chain_value(const juten_solver *s, const unsigned char *chain, int K)
{
    double v = 0.0;
    for (size_t c = 0; c < (size_t)K * (size_t)s->n; c++)
        if (chain[c])
            v += s->val[c % (size_t)s->n];
    return v;
}

/* The best portfolio at point k with fix[] (in/out/free per measure); sel
 * gets it and *v its value; false when there is none. */
static juten_status best_at(juten_solver *s, juten_solve_options *q, const juten_frontier *f,
                            double at, const signed char *fix, const unsigned char *start,
                            unsigned char *sel, bool *found, juten_diags *d)
{
    if (f->parameter == JUTEN_SWEEP_HEADROOM)
        q->headroom = at;
    else
        q->savings_rate = at;
    q->fix = fix;
    q->start = start;
    juten_result *r = NULL;
    juten_status st = juten_solver_run(s, q, &r, d);
    q->fix = NULL;
    q->start = NULL;
    if (st != JUTEN_OK)
        return st;
    *found = juten_have_portfolio(r);
    if (*found)
        memcpy(sel, r->selected, (size_t)s->n);
    juten_result_free(r);
    return JUTEN_OK;
}

/* Improve a nested chain (the forward greedy one on entry):
 *   - greedy from the top: the optimum at the largest budget, then at each
 *     smaller one the best part of the one above (it may find nothing: a
 *     part may break a minimum); kept when worth more;
 *   - then sweeps of re-solving each point between its neighbours (funding
 *     everything below, nothing outside the one above) until no point
 *     gains.  Every step keeps the chain nested and within the rules. */
static juten_status improve_chain(juten_solver *s, juten_solve_options *q,
                                  const juten_frontier *f, const double *at, int K,
                                  unsigned char *chain, signed char *fix, juten_diags *d)
{
    int n = s->n;
    if (K <= 0)
        return JUTEN_OK;
    unsigned char *back = malloc((size_t)K * (size_t)n + 1);
    if (!back)
        return JUTEN_ERR_NOMEM;
    juten_status st = JUTEN_OK;
    bool ok = true;
    memcpy(back + (size_t)(K - 1) * n, f->points[K - 1].selected, (size_t)n);
    for (int k = K - 2; k >= 0 && ok && st == JUTEN_OK; k--) {
        const unsigned char *above = back + (size_t)(k + 1) * n;
        for (int j = 0; j < n; j++)
            fix[j] = above[j] ? 0 : -1;
        st = best_at(s, q, f, at[k], fix, NULL, back + (size_t)k * n, &ok, d);
    }
    if (st == JUTEN_OK && ok &&
        chain_value(s, back, K) > chain_value(s, chain, K) + 1e-9 * (1.0 + chain_value(s, chain, K)))
        memcpy(chain, back, (size_t)K * (size_t)n);
    free(back);
    unsigned char *sel = malloc((size_t)n + 1);
    if (!sel)
        return JUTEN_ERR_NOMEM;
    for (int sweep = 0; sweep < 3 && st == JUTEN_OK; sweep++) {
        bool gained = false;
        for (int k = 0; k < K && st == JUTEN_OK; k++) {
            unsigned char *cur = chain + (size_t)k * n;
            juten_solve_progress(q, _("nested ranking: improving"), k, K);
            const unsigned char *below = k > 0 ? cur - n : NULL;
            const unsigned char *above = k + 1 < K ? cur + n : NULL;
            for (int j = 0; j < n; j++)
                fix[j] = below && below[j] ? 1 : above && !above[j] ? -1 : 0;
            bool found;
            st = best_at(s, q, f, at[k], fix, cur, sel, &found, d);
            if (st != JUTEN_OK || !found)
                continue;
            double vo = 0.0, vn = 0.0;
            for (int j = 0; j < n; j++) {
                vo += cur[j] ? s->val[j] : 0.0;
                vn += sel[j] ? s->val[j] : 0.0;
            }
            if (vn > vo + 1e-9 * (1.0 + fabs(vo))) {
                memcpy(cur, sel, (size_t)n);
                gained = true;
            }
        }
        if (!gained)
            break;
    }
    free(sel);
    return st;
}

/* A proven floor on what any nested chain loses against the frontier.
 * Small enough (K x n up to 600 columns): the best chain itself, one
 * integer program over all points (nested.c), which may also improve the
 * chain.  Otherwise, for rounds of up to 300 measures, the points split
 * into disjoint pairs, and each pair's best two-point chain loses at least
 * as much as any longer chain does on those two points.  Larger rounds get
 * no floor (0): GLPK cannot bound those programs in reasonable time.  A node budget, not a clock, bounds each search, so the
 * answer is the same on every machine; an unfinished search still gives a
 * valid bound. */
static juten_status chain_floor(juten_solver *s, const juten_solve_options *o,
                                const juten_frontier *f, bool by_rate, const double *at, int K,
                                unsigned char *chain, double *least, juten_diags *d)
{
    int n = s->n;
    *least = 0.0;
    double best = 0.0;
    for (int k = 0; k < K; k++)
        best += f->points[k].objective;
    bool proven;
    double bound;
    if ((long)K * n <= 600) {
        juten_status st =
            juten_nested_chain(s, o, by_rate, at, K, chain, 200000, &proven, &bound, d);
        if (st == JUTEN_OK && !isnan(bound) && bound < best)
            *least = best - bound;
        return st;
    }
    if (2L * n > 600)
        return JUTEN_OK; /* too large for GLPK to bound quickly: no floor */
    unsigned char *w = malloc(2 * (size_t)n + 1);
    if (!w)
        return JUTEN_ERR_NOMEM;
    juten_status st = JUTEN_OK;
    for (int k = 0; k + 1 < K && st == JUTEN_OK; k += 2) {
        memcpy(w, chain + (size_t)k * n, 2 * (size_t)n);
        st = juten_nested_chain(s, o, by_rate, at + k, 2, w, 20000, &proven, &bound, d);
        double pair = f->points[k].objective + f->points[k + 1].objective;
        if (st == JUTEN_OK && !isnan(bound) && bound < pair)
            *least += pair - bound;
    }
    free(w);
    return st;
}

juten_status juten_rank_nested(const juten_model *m, const juten_solve_options *o,
                               const juten_frontier *f, juten_ranking **out, juten_diags *d)
{
    *out = NULL;
    int n = m->n_measures;
    juten_frontier nf = *f;
    nf.points = calloc((size_t)f->n_points + 1, sizeof *nf.points);
    signed char *fix = calloc((size_t)n + 1, 1);
    juten_solver *s = NULL;
    juten_status st = nf.points && fix ? juten_solver_create(m, &s, d) : JUTEN_ERR_NOMEM;
    nf.n_points = 0;
    juten_solve_options q = *o;
    q.explain = false;
    int K = f->n_points;
    bool by_rate = f->parameter == JUTEN_SWEEP_SAVINGS_RATE;
    unsigned char *chain = st == JUTEN_OK ? malloc((size_t)K * (size_t)n + 1) : NULL;
    double *at = st == JUTEN_OK ? malloc(((size_t)K + 1) * sizeof *at) : NULL;
    double least = 0.0;
    if (st == JUTEN_OK && (!chain || !at))
        st = JUTEN_ERR_NOMEM;
    /* greedy nesting, the start of the search for the best chain: at each
     * budget the best portfolio that keeps everything funded before */
    for (int k = 0; k < K && st == JUTEN_OK; k++) {
        at[k] = f->points[k].at;
        juten_solve_progress(o, _("nested ranking: budgets"), k, K);
        for (int j = 0; j < n; j++)
            fix[j] = k > 0 && chain[(size_t)(k - 1) * n + j] ? 1 : 0;
        bool found;
        st = best_at(s, &q, f, at[k], fix, NULL, chain + (size_t)k * n, &found, d);
        /* keeping the previous portfolio is always possible: it satisfies
         * every rule at a larger budget */
        if (st == JUTEN_OK && !found) {
            st = JUTEN_ERR_INTERNAL;
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("internal error: a nested portfolio could not be extended"));
        }
    }
    if (st == JUTEN_OK)
        st = improve_chain(s, &q, f, at, K, chain, fix, d);
    /* the ranking's points: the frontier's budgets with the chain's portfolios */
    for (int k = 0; k < K && st == JUTEN_OK; k++) {
        nf.points[k] = f->points[k];
        nf.points[k].selected = malloc((size_t)n + 1);
        if (!nf.points[k].selected)
            st = JUTEN_ERR_NOMEM;
        else
            nf.n_points = k + 1;
    }
    if (st == JUTEN_OK)
        st = chain_floor(s, &q, f, by_rate, at, K, chain, &least, d);
    double total = 0, worst = 0, best_total = 0;
    for (int k = 0; k < K && st == JUTEN_OK; k++) {
        juten_frontier_point *pt = &nf.points[k];
        memcpy(pt->selected, chain + (size_t)k * n, (size_t)n);
        double v = 0.0;
        for (int j = 0; j < n; j++)
            if (pt->selected[j])
                v += s->val[j];
        pt->objective = pt->best_bound = v;
        double gapv = f->points[k].objective - v;
        if (gapv < 0)
            gapv = 0;
        total += gapv;
        if (gapv > worst)
            worst = gapv;
        best_total += f->points[k].objective;
    }
    free(chain);
    free(at);
    juten_ranking *rk = NULL;
    if (st == JUTEN_OK)
        st = juten_rank_compute(m, &nf, o->headroom, &rk, d);
    if (st == JUTEN_OK) {
        rk->nested = true;
        rk->nesting_cost_total = total;
        rk->nesting_cost_max = worst;
        rk->nesting_cost_least = fmin(least, total);
        rk->nesting_proven = total - least <= 1e-6 * (1.0 + fabs(best_total));
        if (rk->nesting_proven)
            for (int k = 0; k < nf.n_points; k++)
                nf.points[k].proven = true;
        rk->complete = f->complete;
        *out = rk;
    }
    for (int p = 0; p < nf.n_points; p++)
        free(nf.points[p].selected);
    free(nf.points);
    free(fix);
    juten_solver_free(s);
    return st;
}
