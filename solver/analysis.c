/*
 * analysis.c -- frontier, ranking, explanations, alternatives and rule
 * prices, all by exact re-solves of one integer program.
 *
 * The frontier is the heart of it.  The optimal value V(H) as a function of
 * the headroom H is a non-decreasing step function.  At a breakpoint H_k
 * with optimum V_k, the next breakpoint is the least net cost of any
 * portfolio worth more than V_k: one "minimise net cost subject to value >=
 * V_k + delta" solve, with the offset rule switched off.  Then one ordinary
 * solve at that budget gives V_{k+1}.  Two solves per breakpoint, no grid,
 * nothing missed.  For the savings rate the least rate at which a better
 * portfolio fits is a ratio, (cost - headroom) / savings, minimised by
 * Dinkelbach's iteration over the same "minimise net cost" solve.
 *
 * Explanations force a measure the other way and re-solve.  Because a
 * measure's value enters the objective linearly, the break-even risk
 * reduction follows exactly from the forced optimum; cost enters the rules,
 * so the break-even cost is found by bisection on re-solves.
 */
#include "juten_analysis.h"
#include "solver_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *juten_sweep_name(juten_sweep p)
{
    return p == JUTEN_SWEEP_SAVINGS_RATE ? "savings_rate" : "headroom";
}

void juten_frontier_options_init(juten_frontier_options *o)
{
    o->parameter = JUTEN_SWEEP_HEADROOM;
    o->max_points = 200;
    o->from = NAN;
    o->to = NAN;
}

static bool have_portfolio(const juten_result *r)
{
    return r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE;
}

/* Two values are the same step of the curve when they differ by less than
 * this: sums of the same terms in another order differ in the last bits,
 * and solvers check rows to about 1e-7. */
static double value_delta(double v)
{
    return 1e-6 * (1.0 + fabs(v));
}

/* Listed cost and savings of a portfolio. */
static void cost_and_savings(const juten_solver *s, const unsigned char *sel, double *c,
                             double *sv)
{
    *c = *sv = 0.0;
    for (int j = 0; j < s->n; j++)
        if (sel[j]) {
            *c += s->cost[j];
            *sv += s->saving[j];
        }
}

static juten_status add_point(juten_frontier *f, double at, const juten_result *r)
{
    juten_frontier_point *np =
        realloc(f->points, ((size_t)f->n_points + 1) * sizeof *np);
    if (!np)
        return JUTEN_ERR_NOMEM;
    f->points = np;
    unsigned char *sel = malloc((size_t)f->n_measures + 1);
    if (!sel)
        return JUTEN_ERR_NOMEM;
    memcpy(sel, r->selected, (size_t)f->n_measures);
    bool proven = r->outcome == JUTEN_OPTIMAL ||
                  (f->gap > 0 && !r->time_limited && r->gap <= f->gap * (1 + 1e-9));
    double bb = r->outcome == JUTEN_OPTIMAL ? r->objective : r->best_bound;
    f->points[f->n_points++] =
        (juten_frontier_point){at, r->objective, r->lp_bound, bb, proven, sel};
    return JUTEN_OK;
}

void juten_frontier_free(juten_frontier *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n_points; i++)
        free(f->points[i].selected);
    free(f->points);
    free(f);
}

/* Least savings rate in [lo, hi] at which some portfolio worth more than
 * `floor` (NAN: any) satisfies the offset with headroom H; *found false if
 * none.  Dinkelbach: f(rho) = min_x cost(x) - rho savings(x) - H is concave
 * and decreasing; from rho = hi, rho <- (cost - H) / savings of the
 * minimiser until f(rho) = 0. */
static juten_status least_rate(juten_solver *s, const juten_solve_options *o, double H,
                               double floor, double lo, double hi, unsigned char *start,
                               double *rho_out, bool *found, int *solves, juten_diags *d)
{
    juten_solve_options q = *o;
    q.rules &= ~JUTEN_RULE_OFFSET;
    q.explain = false;
    /* start (may be NULL): a portfolio worth more than `floor` under the
     * other rules, such as the best at the top of the range; each
     * iteration's minimiser is the next one's start (the floor is the same) */
    q.start = start;
    double rho = hi;
    *found = false;
    for (int it = 0; it < 200; it++) {
        q.savings_rate = rho;
        juten_result *r = NULL;
        ++*solves;
        juten_status st = juten_solver_run_mode(s, &q, true, floor, &r, d);
        if (st != JUTEN_OK)
            return st;
        if (!have_portfolio(r)) {
            juten_result_free(r);
            return JUTEN_OK; /* nothing worth `floor` exists at all */
        }
        double c, sv;
        cost_and_savings(s, r->selected, &c, &sv);
        if (start)
            memcpy(start, r->selected, (size_t)s->n);
        juten_result_free(r);
        double f = c - rho * sv - H;
        double tol = 1e-9 * (1.0 + fabs(c) + fabs(H));
        if (f > tol) {
            if (it == 0)
                return JUTEN_OK; /* not even at the top of the range */
            /* cannot happen in exact arithmetic; stop where we are */
            *found = true;
            *rho_out = rho;
            return JUTEN_OK;
        }
        if (sv <= 0.0 || f >= -tol) {
            *found = true;
            *rho_out = sv <= 0.0 ? lo : rho;
            if (sv > 0.0 && *rho_out < lo)
                *rho_out = lo;
            return JUTEN_OK;
        }
        double next = (c - H) / sv;
        if (next <= lo) {
            /* feasible already at the bottom of the range */
            *found = true;
            *rho_out = lo;
            return JUTEN_OK;
        }
        if (next >= rho) {
            *found = true;
            *rho_out = rho;
            return JUTEN_OK;
        }
        rho = next;
    }
    *found = true;
    *rho_out = rho;
    return JUTEN_OK;
}

static juten_status solve_at(juten_solver *s, juten_solve_options *q, juten_frontier *f,
                             double x, const unsigned char *start, juten_result **r,
                             juten_diags *d)
{
    if (f->parameter == JUTEN_SWEEP_HEADROOM)
        q->headroom = x;
    else
        q->savings_rate = x;
    q->start = start;
    f->solves++;
    return juten_solver_run(s, q, r, d);
}

/* The sampled curve (gap > 0), see juten_analysis.h.  x0 is the first
 * parameter value (lowest feasible or --from), hi the top of the range.
 * From each point (value V, proven bound B) the next is sought where the
 * curve's slope (the LP price of the offset at first, then the secant
 * through the last two points) predicts a gain of about the gap; a solve
 * there that beats B is the next point, one that does not doubles the step.
 * A solve at the top of the range that cannot beat B ends the curve. */
static juten_status frontier_sampled(juten_solver *s, const juten_solve_options *o,
                                     juten_frontier *f, double x0, double hi, bool hi_is_end,
                                     int max_points, bool *no_start, juten_diags *d)
{
    int n = f->n_measures;
    double G = f->gap;
    juten_solve_options q = *o;
    q.explain = false;
    juten_result *r = NULL;
    unsigned char *prev = malloc((size_t)n + 1);
    if (!prev)
        return JUTEN_ERR_NOMEM;

    double x = x0;
    juten_status st = solve_at(s, &q, f, x, NULL, &r, d);
    if (st == JUTEN_OK && r->outcome == JUTEN_INFEASIBLE && no_start)
        *no_start = true;
    if (st != JUTEN_OK || !have_portfolio(r))
        goto done; /* out of time: the list stays empty and incomplete */
    if ((st = add_point(f, x, r)) != JUTEN_OK)
        goto done;
    memcpy(prev, r->selected, (size_t)n);
    /* first slope: the LP price of money at the first point */
    double slope = fabs(r->offset_dual);
    if (f->parameter == JUTEN_SWEEP_SAVINGS_RATE) {
        double c, sv;
        cost_and_savings(s, r->selected, &c, &sv);
        slope *= sv; /* d(value)/d(rate) = price x savings realised */
    }
    juten_result_free(r);
    r = NULL;
    double step = NAN;
    while (f->n_points < max_points) {
        juten_solve_progress(o, "trade-off curve: points found", f->n_points, -1);
        const juten_frontier_point *pt = &f->points[f->n_points - 1];
        double V = pt->objective, B = fmax(pt->best_bound, V);
        double beat = B + value_delta(B);
        if (x >= hi) {
            f->complete = hi_is_end; /* the first point is at the top already */
            break;
        }
        if (isnan(step)) {
            /* aim a little past the gain that proves a step */
            double want = 1.25 * fmax(beat - V, G * fabs(V));
            step = slope > 0 && isfinite(slope) ? want / slope
                                                 : 1e-3 * (hi - x);
        }
        double xn = x + step;
        if (!(xn > x))
            xn = nextafter(x, INFINITY);
        if (xn > hi)
            xn = hi;
        if ((st = solve_at(s, &q, f, xn, prev, &r, d)) != JUTEN_OK)
            goto done;
        if (!have_portfolio(r))
            break; /* out of time */
        if (r->objective > beat) {
            if ((st = add_point(f, xn, r)) != JUTEN_OK)
                goto done;
            slope = (r->objective - V) / (xn - x);
            memcpy(prev, r->selected, (size_t)n);
            x = xn;
            step = NAN;
        } else if (xn >= hi) {
            /* nothing better than B at the top of the range: more money adds
             * at most the gap (complete when the range is all there is) */
            f->complete = hi_is_end && !r->time_limited;
            break;
        } else {
            step *= 2.0;
        }
        juten_result_free(r);
        r = NULL;
    }
done:
    juten_result_free(r);
    free(prev);
    return st;
}

/* The sampled curve over the headroom, from H up to --to or to where the
 * offset cannot bind any more (the net cost of funding everything that
 * costs money). */
static juten_status sampled_headroom(juten_solver *s, const juten_solve_options *q,
                                     juten_frontier *f, const juten_frontier_options *fo,
                                     double H, double rate, int max_points, bool *no_start,
                                     juten_diags *d)
{
    double top = 0.0;
    for (int j = 0; j < s->n; j++)
        top += fmax(0.0, s->cost[j] - rate * s->saving[j]);
    top += 1e-9 * (1.0 + top);
    double hi = isnan(fo->to) || fo->to > top ? top : fo->to;
    if (hi < H)
        H = hi; /* the range starts beyond all that money can change */
    juten_solve_options r = *q;
    r.savings_rate = rate;
    return frontier_sampled(s, &r, f, H, hi, hi >= top, max_points, no_start, d);
}

/* The least headroom at which any portfolio exists (the offset switched
 * off, net cost minimised): *found false when none exists at any headroom. */
static juten_status least_headroom(juten_solver *s, const juten_solve_options *q, double rate,
                                   double *H, bool *found, bool *proven, juten_diags *d)
{
    juten_solve_options no_offset = *q;
    no_offset.rules &= ~JUTEN_RULE_OFFSET;
    no_offset.savings_rate = rate;
    juten_result *r = NULL;
    juten_status st = juten_solver_run_mode(s, &no_offset, true, NAN, &r, d);
    if (st != JUTEN_OK)
        return st;
    *found = have_portfolio(r);
    *proven = r->outcome == JUTEN_INFEASIBLE;
    *H = *found ? r->net : NAN;
    juten_result_free(r);
    return JUTEN_OK;
}

juten_status juten_frontier_compute(const juten_model *m, const juten_solve_options *o,
                                    const juten_frontier_options *fo, juten_frontier **out,
                                    juten_diags *d)
{
    *out = NULL;
    juten_frontier *f = calloc(1, sizeof *f);
    if (!f)
        return JUTEN_ERR_NOMEM;
    f->parameter = fo->parameter;
    f->n_measures = m->n_measures;
    f->gap = o->mip_gap > 0 ? o->mip_gap : 0.0;
    juten_solver *s = NULL;
    juten_status st = juten_solver_create(m, &s, d);
    if (st != JUTEN_OK) {
        juten_frontier_free(f);
        return st;
    }
    juten_solve_options q = *o;
    q.explain = false;
    juten_solve_options no_offset = q;
    no_offset.rules &= ~JUTEN_RULE_OFFSET;
    double rate = isnan(o->savings_rate) ? m->savings_rate : o->savings_rate;
    double head = isnan(o->headroom) ? m->headroom : o->headroom;
    int max_points = fo->max_points > 0 ? fo->max_points : 200;
    juten_result *r = NULL;
    unsigned char *rate_start = NULL; /* the savings-rate searches' start */
    unsigned char *start = malloc((size_t)m->n_measures + 1);
    if (!start) {
        juten_solver_free(s);
        juten_frontier_free(f);
        return JUTEN_ERR_NOMEM;
    }

    if (fo->parameter == JUTEN_SWEEP_HEADROOM) {
        no_offset.savings_rate = rate;
        double H = fo->from;
        if (f->gap > 0 && !isnan(H)) {
            /* sampled from --from: no need for the least feasible headroom
             * unless nothing fits there */
            bool no_start = false;
            st = sampled_headroom(s, &q, f, fo, H, rate, max_points, &no_start, d);
            if (st != JUTEN_OK || !no_start)
                goto done;
        }
        /* the least headroom at which any portfolio exists */
        double Hmin;
        bool found, none_anywhere;
        f->solves++;
        if ((st = least_headroom(s, &q, rate, &Hmin, &found, &none_anywhere, d)) != JUTEN_OK)
            goto done;
        if (!found) {
            f->complete = none_anywhere; /* no budget helps */
            goto done;
        }
        if (isnan(H) || H < Hmin)
            H = Hmin;
        if (f->gap > 0) {
            st = sampled_headroom(s, &q, f, fo, H, rate, max_points, NULL, d);
            goto done;
        }
        for (;;) {
            q.headroom = H;
            juten_solve_progress(o, "trade-off curve: breakpoints found", f->n_points, -1);
            q.savings_rate = rate;
            f->solves++;
            st = juten_solver_run(s, &q, &r, d);
            if (st != JUTEN_OK)
                goto done;
            if (!have_portfolio(r))
                goto done; /* out of time: the list stays incomplete */
            if ((st = add_point(f, H, r)) != JUTEN_OK)
                goto done;
            double V = r->objective;
            juten_result_free(r);
            r = NULL;
            if (f->n_points >= max_points)
                break;
            f->solves++;
            st = juten_solver_run_mode(s, &no_offset, true, V, &r, d);
            if (st != JUTEN_OK)
                goto done;
            if (r->outcome == JUTEN_INFEASIBLE) {
                f->complete = true; /* nothing is worth more at any budget */
                break;
            }
            if (!have_portfolio(r))
                break;
            double Hn = r->net;
            /* the portfolio that set the breakpoint fits there: start from it */
            memcpy(start, r->selected, (size_t)m->n_measures);
            q.start = start;
            juten_result_free(r);
            r = NULL;
            if (Hn <= H)
                Hn = H + 1e-9 * (1.0 + fabs(H)); /* guards against rounding */
            if (!isnan(fo->to) && Hn > fo->to)
                break;
            H = Hn;
        }
    } else {
        double lo = isnan(fo->from) ? 0.0 : fo->from;
        double hi = isnan(fo->to) ? 1.0 : fo->to;
        if (hi < lo) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            "the savings-rate range is empty (from %g to %g)", lo, hi);
            st = JUTEN_ERR_USAGE;
            goto done;
        }
        double rho, top_value = NAN;
        bool found;
        int have_top = 0; /* 0: not solved yet; 1: a portfolio; -1: none */
        rate_start = malloc((size_t)m->n_measures + 1);
        if (!rate_start) {
            st = JUTEN_ERR_NOMEM;
            goto done;
        }
        st = least_rate(s, &q, head, NAN, lo, hi, NULL, &rho, &found, &f->solves, d);
        if (st != JUTEN_OK)
            goto done;
        if (!found) {
            /* no portfolio at any rate in the range; complete only when the
             * range is everything there is */
            f->complete = isnan(fo->to) || fo->to >= 1.0;
            goto done;
        }
        if (f->gap > 0) {
            q.headroom = head;
            st = frontier_sampled(s, &q, f, rho, hi, hi >= 1.0, max_points, NULL, d);
            goto done;
        }
        for (;;) {
            q.headroom = head;
            q.savings_rate = rho;
            juten_solve_progress(o, "trade-off curve: breakpoints found", f->n_points, -1);
            f->solves++;
            st = juten_solver_run(s, &q, &r, d);
            if (st != JUTEN_OK)
                goto done;
            if (!have_portfolio(r))
                goto done;
            if ((st = add_point(f, rho, r)) != JUTEN_OK)
                goto done;
            double V = r->objective;
            juten_result_free(r);
            r = NULL;
            if (f->n_points >= max_points)
                break;
            double next;
            /* the best portfolio at the top of the range is worth more than V
             * whenever a next breakpoint exists: every search starts there */
            if (!have_top) {
                q.headroom = head;
                q.savings_rate = hi;
                q.start = NULL;
                f->solves++;
                juten_result *t = NULL;
                if ((st = juten_solver_run(s, &q, &t, d)) != JUTEN_OK)
                    goto done;
                if (have_portfolio(t))
                    memcpy(start, t->selected, (size_t)m->n_measures);
                have_top = have_portfolio(t) ? 1 : -1;
                top_value = have_portfolio(t) ? t->objective : NAN;
                juten_result_free(t);
            }
            if (have_top > 0 && top_value > V + value_delta(V))
                memcpy(rate_start, start, (size_t)m->n_measures);
            st = least_rate(s, &q, head, V, rho, hi,
                            have_top > 0 && top_value > V + value_delta(V) ? rate_start : NULL,
                            &next, &found, &f->solves, d);
            if (st != JUTEN_OK)
                goto done;
            if (!found) {
                f->complete = isnan(fo->to) || fo->to >= 1.0;
                break;
            }
            if (next <= rho)
                next = rho + 1e-12;
            rho = next;
        }
    }
done:
    free(rate_start);
    free(start);
    juten_result_free(r);
    juten_solver_free(s);
    if (st != JUTEN_OK) {
        juten_frontier_free(f);
        return st;
    }
    *out = f;
    return JUTEN_OK;
}

juten_status juten_frontier_grid(const juten_model *m, const juten_solve_options *o,
                                 double from, double to, int k, juten_frontier **out,
                                 juten_diags *d)
{
    *out = NULL;
    if (k < 2)
        k = 2;
    juten_frontier *f = calloc(1, sizeof *f);
    unsigned char *prev = malloc((size_t)m->n_measures + 1);
    double *at = malloc(((size_t)k + 1) * sizeof *at);
    juten_solver *s = NULL;
    juten_result *r = NULL;
    juten_status st = f && prev && at ? juten_solver_create(m, &s, d) : JUTEN_ERR_NOMEM;
    if (st != JUTEN_OK)
        goto done;
    f->parameter = JUTEN_SWEEP_HEADROOM;
    f->n_measures = m->n_measures;
    f->gap = o->mip_gap > 0 ? o->mip_gap : 0.0;
    f->grid = true;
    juten_solve_options q = *o;
    q.explain = false;
    double rate = isnan(o->savings_rate) ? m->savings_rate : o->savings_rate;
    double Hs = isnan(o->headroom) ? m->headroom : o->headroom;
    f->scenario_headroom = Hs;
    double Hmin;
    bool found, none_anywhere;
    f->solves++;
    if ((st = least_headroom(s, &q, rate, &Hmin, &found, &none_anywhere, d)) != JUTEN_OK)
        goto done;
    if (!found) {
        f->complete = none_anywhere;
        f->range_from = f->range_to = NAN;
        goto done;
    }
    double top = 0.0; /* beyond this the offset cannot bind */
    for (int j = 0; j < s->n; j++)
        top += fmax(0.0, s->cost[j] - rate * s->saving[j]);
    double lo = isnan(from) || from < Hmin ? Hmin : from;
    double hi = to;
    if (isnan(hi)) {
        hi = Hs + fabs(Hs - lo);
        if (hi > top)
            hi = top > Hs ? top : Hs; /* past `top` money changes nothing */
        if (hi <= lo)
            hi = lo + fmax(1.0, 0.1 * fabs(top - lo));
    }
    if (hi < lo) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "the headroom range is empty: no portfolio exists below %g, and the "
                        "range ends at %g", Hmin, hi);
        st = JUTEN_ERR_USAGE;
        goto done;
    }
    f->range_from = lo;
    f->range_to = hi;
    /* k budgets evenly spaced, and the scenario's own among them */
    int nb = 0;
    bool placed = !(Hs >= lo && Hs <= hi);
    for (int i = 0; i < k; i++) {
        double x = i == k - 1 ? hi : lo + (hi - lo) * (double)i / (double)(k - 1);
        if (!placed && Hs <= x) {
            if (Hs < x)
                at[nb++] = Hs;
            placed = true;
        }
        at[nb++] = x;
    }
    f->complete = true;
    for (int i = 0; i < nb; i++) {
        q.headroom = at[i];
        juten_solve_progress(o, "ranking: budgets solved", i, nb);
        q.savings_rate = rate;
        q.start = f->n_points ? prev : NULL;
        f->solves++;
        if ((st = juten_solver_run(s, &q, &r, d)) != JUTEN_OK)
            goto done;
        if (!have_portfolio(r)) {
            f->complete = false; /* out of time */
            break;
        }
        if ((st = add_point(f, at[i], r)) != JUTEN_OK)
            goto done;
        memcpy(prev, r->selected, (size_t)m->n_measures);
        juten_result_free(r);
        r = NULL;
    }
done:
    juten_result_free(r);
    juten_solver_free(s);
    free(prev);
    free(at);
    if (st != JUTEN_OK) {
        juten_frontier_free(f);
        return st;
    }
    *out = f;
    return JUTEN_OK;
}

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
    *found = have_portfolio(r);
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
            juten_solve_progress(q, "nested ranking: improving", k, K);
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
        juten_solve_progress(o, "nested ranking: budgets", k, K);
        for (int j = 0; j < n; j++)
            fix[j] = k > 0 && chain[(size_t)(k - 1) * n + j] ? 1 : 0;
        bool found;
        st = best_at(s, &q, f, at[k], fix, NULL, chain + (size_t)k * n, &found, d);
        /* keeping the previous portfolio is always possible: it satisfies
         * every rule at a larger budget */
        if (st == JUTEN_OK && !found) {
            st = JUTEN_ERR_INTERNAL;
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            "internal error: a nested portfolio could not be extended");
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

/* ---- explanations -------------------------------------------------------- */

void juten_explanations_free(juten_measure_explanation *e, int k)
{
    if (!e)
        return;
    for (int i = 0; i < k; i++) {
        for (int b = 0; b < e[i].n_blocking; b++)
            free(e[i].blocking[b]);
        free(e[i].blocking);
        free(e[i].blocking_gain);
        for (int b = 0; b < e[i].n_why; b++)
            free(e[i].why[b]);
        free(e[i].why);
        free(e[i].reason);
        juten_conflict_free(e[i].conflict);
    }
    free(e);
}

/* The quantity of measure j a break-even search varies. */
enum { VARY_COST, VARY_SAVING };

/* Optimum with measure j forced in (+1) or out (-1), with its cost (or its
 * saving) at c; -INFINITY when no portfolio exists then.  Optionally hands
 * back the result (run with q->explain as given: the forced solve the
 * planner reads is explained, the bisection's are not). */
static juten_status forced_value(juten_solver *s, const juten_solve_options *o,
                                 signed char *fix, int j, int dir, int vary, double c,
                                 double *costs, double *savings, double *v, juten_result **keep,
                                 juten_diags *d)
{
    double *arr = vary == VARY_SAVING ? savings : costs;
    double saved = arr[j];
    arr[j] = c;
    juten_status st = juten_solver_set_values(s, costs, s->risk, savings, d);
    arr[j] = saved;
    if (st != JUTEN_OK)
        return st;
    fix[j] = (signed char)dir;
    juten_solve_options q = *o;
    q.fix = fix;
    if (!keep)
        q.explain = false;
    juten_result *r = NULL;
    st = juten_solver_run(s, &q, &r, d);
    fix[j] = 0;
    if (st != JUTEN_OK)
        return st;
    /* no portfolio: -INFINITY when proven impossible, NAN when the time
     * ran out first (undecided; callers must not read it as impossible) */
    *v = have_portfolio(r) ? r->objective : r->outcome == JUTEN_INFEASIBLE ? -INFINITY : NAN;
    if (keep)
        *keep = r;
    else
        juten_result_free(r);
    return JUTEN_OK;
}

/* Narrow [lo, hi] to tol around the value of j's cost (or saving) at which
 * the optimum with measure j funded crosses `target`: at `ok` (lo or hi)
 * it reaches the target, at the other end it does not (the optimum only
 * falls as the cost rises, only rises as the saving does). */
static juten_status bisect_value(juten_solver *s, const juten_solve_options *q, signed char *fix,
                                 int j, int vary, double *costs, double *savings,
                                 double target, double tol, double *lo, double *hi,
                                 juten_diags *d)
{
    bool ok_low = vary == VARY_COST;
    while (*hi - *lo > tol) {
        double mid = 0.5 * (*lo + *hi), vm;
        juten_status st = forced_value(s, q, fix, j, 1, vary, mid, costs, savings, &vm, NULL, d);
        if (st != JUTEN_OK)
            return st;
        if (isnan(vm)) {
            *lo = *hi = NAN; /* out of time: undecided */
            return JUTEN_OK;
        }
        bool reaches = vm >= target - value_delta(target);
        if (reaches == ok_low)
            *lo = mid;
        else
            *hi = mid;
    }
    return JUTEN_OK;
}

/* A savings measure: its realised saving covers at least its cost, so its
 * decision turns on the saving more than on the cost. */
static bool savings_measure(const juten_measure *me, double rate)
{
    return me->saving > 0 && rate > 0 && rate * me->saving >= me->cost;
}

/* Break-even saving of measure j (see juten_analysis.h).  In: drops out
 * when the optimum with it funded falls below Vout, the best without it
 * (which does not depend on its saving).  Out: enters when the optimum
 * with it funded reaches V. */
static juten_status break_even_saving(juten_solver *s, const juten_solve_options *q,
                                      signed char *fix, int j, const juten_measure_explanation *e,
                                      double *costs, double *savings, double tol, double *out,
                                      juten_diags *d)
{
    const juten_measure *me = &s->m->measures[j];
    *out = NAN;
    double v;
    juten_status st;
    if (e->selected) {
        double Vout = e->forced_objective;
        if ((st = forced_value(s, q, fix, j, 1, VARY_SAVING, 0.0, costs, savings, &v, NULL,
                               d)) != JUTEN_OK)
            return st;
        if (isnan(v))
            return JUTEN_OK; /* out of time */
        if (v >= Vout - value_delta(Vout))
            return JUTEN_OK; /* stays in even with no saving */
        double lo = 0.0, hi = me->saving;
        if ((st = bisect_value(s, q, fix, j, VARY_SAVING, costs, savings, Vout, tol, &lo, &hi,
                               d)) != JUTEN_OK)
            return st;
        *out = hi;
        return JUTEN_OK;
    }
    double V = e->objective, lo = me->saving, hi = 2 * me->saving;
    int grow = 0;
    for (; grow < 20; grow++) {
        if ((st = forced_value(s, q, fix, j, 1, VARY_SAVING, hi, costs, savings, &v, NULL,
                               d)) != JUTEN_OK)
            return st;
        if (isnan(v))
            return JUTEN_OK; /* out of time */
        if (v >= V - value_delta(V))
            break;
        lo = hi;
        hi *= 2;
    }
    if (grow == 20)
        return JUTEN_OK; /* no saving we tried brings it in */
    if ((st = bisect_value(s, q, fix, j, VARY_SAVING, costs, savings, V, tol, &lo, &hi, d)) !=
        JUTEN_OK)
        return st;
    *out = hi;
    return JUTEN_OK;
}

/* The conflict says why forcing measure j (dir) is impossible; the common
 * cases in a few words. */
static char *forced_reason(const juten_model *m, int j, int dir, const juten_conflict *c)
{
    const char *id = m->measures[j].id;
    char want[300], buf[600];
    if (!c || c->n == 0)
        return NULL;
    for (int i = 0; i < c->n; i++) {
        const char *rule = c->items[i].rule;
        snprintf(want, sizeof want, "%s[%s]", dir < 0 ? "mandatory" : "exclude", id);
        if (!strcmp(rule, want))
            return strdup(dir < 0 ? "it is mandatory" : "it is excluded by [force] exclude");
        snprintf(want, sizeof want, "include[%s]", id);
        if (dir < 0 && !strcmp(rule, want))
            return strdup("it is funded by [force] include");
    }
    /* the short reasons below hold only when one rule is behind it: the
     * conflict has at most one rule on amounts (offset, shares, spends,
     * tags, ceilings), besides decisions and dependencies */
    int amounts = 0;
    for (int i = 0; i < c->n; i++)
        amounts += (c->items[i].family &
                    (JUTEN_RULE_OFFSET | JUTEN_RULE_AREA_SHARE | JUTEN_RULE_AREA_SPEND |
                     JUTEN_RULE_TAG_MIN | JUTEN_RULE_CEILING)) != 0;
    if (amounts > 1)
        return NULL;
    if (dir < 0 && amounts == 0) {
        /* required, through a chain of dependencies, by a measure that must be funded */
        for (int i = 0; i < c->n; i++) {
            if (c->items[i].family != JUTEN_RULE_MANDATORY &&
                c->items[i].family != JUTEN_RULE_INCLUDE)
                continue;
            const char *r = c->items[i].rule, *lb = strchr(r, '[');
            bool chain = false;
            for (int q = 0; q < c->n; q++)
                chain |= c->items[q].family == JUTEN_RULE_REQUIRES;
            if (!lb || !chain)
                continue;
            snprintf(buf, sizeof buf, "%.*s (%s) requires it", (int)(strlen(lb + 1) - 1), lb + 1,
                     c->items[i].family == JUTEN_RULE_MANDATORY ? "mandatory"
                                                                : "[force] include");
            return strdup(buf);
        }
    }
    for (int i = 0; i < c->n; i++) {
        const char *r = c->items[i].rule;
        const char *lb = strchr(r, '[');
        int len = lb ? (int)(strlen(lb + 1) - 1) : 0;
        if (dir < 0 && c->items[i].family == JUTEN_RULE_TAG_MIN && lb) {
            snprintf(buf, sizeof buf, "the minimum for tag \"%.*s\" needs it", len, lb + 1);
            return strdup(buf);
        }
        if (dir < 0 && !strncmp(r, "area_min_share[", 15)) {
            snprintf(buf, sizeof buf, "the minimum share of area %.*s needs it", len, lb + 1);
            return strdup(buf);
        }
        if (dir < 0 && !strncmp(r, "area_spend[", 11)) {
            snprintf(buf, sizeof buf, "the minimum spend of area %.*s needs it", len, lb + 1);
            return strdup(buf);
        }
    }
    if (c->n == 1 && c->items[0].family == JUTEN_RULE_OFFSET)
        return strdup(dir > 0 ? "the offset leaves no room for it"
                              : "the offset needs its savings");
    if (dir > 0 && amounts == 1 && c->n == 1) {
        /* one rule alone keeps it out */
        const char *r = c->items[0].rule, *lb = strchr(r, '[');
        int len = lb ? (int)(strlen(lb + 1) - 1) : 0;
        if (!lb)
            return NULL;
        if (!strncmp(r, "ceiling[", 8))
            snprintf(buf, sizeof buf, "the ceiling of %.*s leaves no room for it", len, lb + 1);
        else if (!strncmp(r, "area_max_share[", 15))
            snprintf(buf, sizeof buf, "the maximum share of area %.*s leaves no room for it",
                     len, lb + 1);
        else if (!strncmp(r, "area_spend[", 11))
            snprintf(buf, sizeof buf, "the spending limit of area %.*s leaves no room for it",
                     len, lb + 1);
        else
            return NULL;
        return strdup(buf);
    }
    return NULL;
}

/* Does the best portfolio at headroom H take measure j's forced side (dir)?
 * The optimum with it forced reaches the optimum without forcing. */
static juten_status forced_side_optimal(juten_solver *s, const juten_solve_options *c,
                                        signed char *fix, int j, int dir, double H, bool *yes,
                                        juten_diags *d)
{
    juten_solve_options at = *c;
    at.headroom = H;
    juten_result *r = NULL;
    fix[j] = (signed char)dir;
    juten_status st = juten_solver_run(s, &at, &r, d);
    fix[j] = 0;
    if (st != JUTEN_OK)
        return st;
    double vf = have_portfolio(r) ? r->objective : -INFINITY;
    juten_result_free(r);
    r = NULL;
    if ((st = juten_solver_run(s, &at, &r, d)) != JUTEN_OK)
        return st;
    double v = have_portfolio(r) ? r->objective : -INFINITY;
    juten_result_free(r);
    *yes = isfinite(vf) && vf >= v - value_delta(v);
    return JUTEN_OK;
}

/* From the least headroom that allows forcing measure j, the headroom from
 * which the forced side is the optimal one: bisection between the least
 * headroom and the budget beyond which the offset cannot bind. */
static juten_status optimal_from(juten_solver *s, const juten_solve_options *c, signed char *fix,
                                 int j, int dir, juten_measure_explanation *e, double tol,
                                 juten_diags *d)
{
    double lo = e->least_headroom, top = 0.0;
    for (int i = 0; i < s->n; i++)
        top += fmax(0.0, s->cost[i] - s->rate * s->saving[i]);
    double hi = fmax(top, lo);
    bool yes;
    juten_status st = forced_side_optimal(s, c, fix, j, dir, lo, &yes, d);
    if (st != JUTEN_OK || yes) {
        if (st == JUTEN_OK)
            e->optimal_headroom = lo;
        return st;
    }
    if ((st = forced_side_optimal(s, c, fix, j, dir, hi, &yes, d)) != JUTEN_OK || !yes)
        return st; /* more money alone does not make it the better side */
    while (hi - lo > tol) {
        double mid = 0.5 * (lo + hi);
        if ((st = forced_side_optimal(s, c, fix, j, dir, mid, &yes, d)) != JUTEN_OK)
            return st;
        if (yes)
            hi = mid;
        else
            lo = mid;
    }
    e->optimal_headroom = hi;
    return JUTEN_OK;
}

/* Forcing measure j (dir) leaves no portfolio: the forced round's minimal
 * conflict, the reason in words, and the least headroom at which forcing
 * it works, with the optima there. */
static juten_status explain_infeasible(juten_solver *s, const juten_model *m,
                                       const juten_solve_options *q, signed char *fix, int j,
                                       int dir, const juten_result *forced,
                                       juten_measure_explanation *e, double tol,
                                       juten_diags *d)
{
    for (int i = 0; i < forced->n_explanation; i++)
        if (!juten_strlist_add(&e->why, &e->n_why, "%s", forced->explanation[i]))
            return JUTEN_ERR_NOMEM;
    fix[j] = (signed char)dir;
    juten_solve_options c = *q;
    c.fix = fix;
    c.explain = false;
    /* the conflict's elastic amounts can be slow to prove (on FY2017 with
     * NCTC forced in, 10 s each at a sixth of the limit): an explanation
     * per measure gives each solve 2 s at most, and an amount not proven
     * by then is left out of the sentence (`solve` on the forced round
     * gives the full limit) */
    juten_solve_options cq = c;
    if (cq.time_limit <= 0 || cq.time_limit > 2)
        cq.time_limit = 2;
    juten_status st = juten_conflict_find(m, &cq, &e->conflict, d);
    if (st == JUTEN_OK && e->conflict && e->conflict->n > 0) {
        e->reason = forced_reason(m, j, dir, e->conflict);
    }
    /* the least headroom at which any portfolio with the measure forced
     * exists: least net cost with the offset off, as the frontier finds its
     * first point */
    juten_solve_options no_offset = c;
    no_offset.rules &= ~JUTEN_RULE_OFFSET;
    juten_result *r = NULL;
    if (st == JUTEN_OK)
        st = juten_solver_run_mode(s, &no_offset, true, NAN, &r, d);
    if (st == JUTEN_OK && have_portfolio(r) && (q->rules & JUTEN_RULE_OFFSET)) {
        double H = r->net;
        juten_result_free(r);
        r = NULL;
        juten_solve_options at = c;
        at.headroom = H;
        if ((st = juten_solver_run(s, &at, &r, d)) == JUTEN_OK && !have_portfolio(r)) {
            /* the least net cost sits on the row's tolerance: a hair more */
            juten_result_free(r);
            r = NULL;
            at.headroom = H + 1e-9 * (1.0 + fabs(H));
            st = juten_solver_run(s, &at, &r, d);
        }
        if (st == JUTEN_OK && have_portfolio(r)) {
            e->least_headroom = at.headroom;
            e->least_headroom_objective = r->objective;
            juten_result_free(r);
            r = NULL;
            fix[j] = 0;
            st = juten_solver_run(s, &at, &r, d);
            if (st == JUTEN_OK && have_portfolio(r))
                e->least_headroom_unforced = r->objective;
        }
    }
    juten_result_free(r);
    r = NULL;
    fix[j] = 0;
    if (st == JUTEN_OK && !isnan(e->least_headroom))
        st = optimal_from(s, &c, fix, j, dir, e, tol, d);
    return st;
}

juten_status juten_explain(const juten_model *m, const juten_solve_options *o,
                           const int *measures, int k, double cost_tol,
                           juten_measure_explanation **out, juten_diags *d)
{
    *out = NULL;
    if (cost_tol <= 0)
        cost_tol = 1e-3;
    juten_measure_explanation *ex = calloc((size_t)k + 1, sizeof *ex);
    int n = m->n_measures;
    signed char *fix = calloc((size_t)n + 1, 1);
    double *costs = malloc(((size_t)n + 1) * sizeof *costs);
    double *savings = malloc(((size_t)n + 1) * sizeof *savings);
    juten_solver *s = NULL;
    juten_result *base = NULL, *forced = NULL;
    juten_status st = JUTEN_ERR_NOMEM;
    if (!ex || !fix || !costs || !savings)
        goto fail;
    if ((st = juten_solver_create(m, &s, d)) != JUTEN_OK)
        goto fail;
    for (int j = 0; j < n; j++) {
        costs[j] = m->measures[j].cost;
        savings[j] = m->measures[j].saving;
    }
    juten_solve_options q = *o;
    q.explain = false;
    q.progress = NULL; /* one report per measure, from here */
    if ((st = juten_solver_run(s, &q, &base, d)) != JUTEN_OK)
        goto fail;
    if (!have_portfolio(base)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "there is no portfolio to explain: the round is %s (run `juten solve` "
                        "for the reasons)", juten_outcome_str(base->outcome));
        st = JUTEN_ERR_INPUT;
        goto fail;
    }
    double V = base->objective;
    double rate = isnan(o->savings_rate) ? m->savings_rate : o->savings_rate;
    /* the forced solve a planner reads explains itself: why no portfolio,
     * or which rules at their limit hold its value down */
    juten_solve_options qx = q;
    qx.explain = true;
    for (int t = 0; t < k; t++) {
        int j = measures[t];
        const juten_measure *me = &m->measures[j];
        char stage[160];
        snprintf(stage, sizeof stage, "explaining %s", me->id);
        juten_solve_progress(o, stage, t, k);
        juten_measure_explanation *e = &ex[t];
        e->measure = j;
        e->selected = base->selected[j];
        e->objective = V;
        e->headroom = base->headroom;
        e->savings_rate = base->savings_rate;
        e->cost_tolerance = cost_tol;
        e->break_even_saving = e->least_headroom = NAN;
        e->least_headroom_objective = e->least_headroom_unforced = NAN;
        e->optimal_headroom = NAN;
        int dir = e->selected ? -1 : 1;
        double vf;
        forced = NULL;
        if ((st = forced_value(s, &qx, fix, j, dir, VARY_COST, me->cost, costs, savings, &vf,
                               &forced, d)) != JUTEN_OK)
            goto fail;
        if (isnan(vf)) {
            /* out of time before the forced solve ended: say so */
            e->undecided = true;
            e->forced_objective = e->loss = e->break_even_risk = e->break_even_cost = NAN;
            juten_result_free(forced);
            forced = NULL;
            continue;
        }
        e->can_flip = isfinite(vf);
        e->forced_objective = e->can_flip ? vf : NAN;
        e->loss = e->can_flip ? V - vf : INFINITY;
        if (e->can_flip) {
            for (int b = 0; b < forced->n_binding; b++)
                if (!juten_strlist_add(&e->blocking, &e->n_blocking, "%s", forced->binding[b])) {
                    st = JUTEN_ERR_NOMEM;
                    goto fail;
                }
            if (forced->binding_gain) {
                e->blocking_gain = malloc(((size_t)forced->n_binding + 1) * sizeof(double));
                if (!e->blocking_gain) {
                    st = JUTEN_ERR_NOMEM;
                    goto fail;
                }
                memcpy(e->blocking_gain, forced->binding_gain,
                       (size_t)forced->n_binding * sizeof(double));
                e->n_blocking_inert = forced->n_binding_inert;
                e->n_blocking_unchecked = forced->n_binding_unchecked;
            }
        } else if (forced->outcome == JUTEN_INFEASIBLE) {
            if ((st = explain_infeasible(s, m, &q, fix, j, dir, forced, e, cost_tol, d)) != JUTEN_OK)
                goto fail;
        }
        juten_result_free(forced);
        forced = NULL;
        /* risk: the forced optimum moves one-for-one with the measure's
         * weighted value, the other side does not move at all */
        double w = m->areas[me->area].weight;
        e->break_even_risk = NAN;
        if (e->can_flip && w > 0)
            e->break_even_risk = e->selected ? me->risk - e->loss / w : me->risk + e->loss / w;
        /* cost: bisection on re-solves */
        e->break_even_cost = NAN;
        if (!e->can_flip)
            continue;
        if (savings_measure(me, rate) &&
            (st = break_even_saving(s, &q, fix, j, e, costs, savings, cost_tol,
                                    &e->break_even_saving, d)) != JUTEN_OK)
            goto fail;
        if (!e->selected) {
            /* enters at cost c when the optimum with it funded reaches V */
            double v0;
            if ((st = forced_value(s, &q, fix, j, 1, VARY_COST, 0.0, costs, savings, &v0, NULL,
                                   d)) != JUTEN_OK)
                goto fail;
            if (isnan(v0)) {
                e->undecided = true;
                continue;
            }
            if (v0 < V - value_delta(V))
                continue; /* not even free would bring it in */
            double lo = 0.0, hi = me->cost;
            if ((st = bisect_value(s, &q, fix, j, VARY_COST, costs, savings, V, cost_tol, &lo,
                                   &hi, d)) != JUTEN_OK)
                goto fail;
            e->break_even_cost = lo;
            e->undecided |= isnan(lo);
        } else {
            /* leaves when the optimum with it funded falls below the best
             * without it (which does not depend on its cost) */
            double Vout = e->forced_objective;
            double lo = me->cost, hi = me->cost > 0 ? 2 * me->cost : 1.0, vh = V;
            int grow = 0;
            for (; grow < 60; grow++) {
                if ((st = forced_value(s, &q, fix, j, 1, VARY_COST, hi, costs, savings, &vh,
                                       NULL, d)) != JUTEN_OK)
                    goto fail;
                if (isnan(vh))
                    break;
                if (vh < Vout - value_delta(Vout))
                    break;
                lo = hi;
                hi *= 2;
            }
            if (grow == 60)
                continue; /* stays in at any cost we tried */
            if (isnan(vh)) {
                e->undecided = true;
                continue;
            }
            if ((st = bisect_value(s, &q, fix, j, VARY_COST, costs, savings, Vout, cost_tol, &lo,
                                   &hi, d)) != JUTEN_OK)
                goto fail;
            e->break_even_cost = hi;
            e->undecided |= isnan(hi);
        }
    }
    juten_solve_progress(o, "explaining measures", k, k);
    juten_result_free(base);
    juten_solver_free(s);
    free(fix);
    free(costs);
    free(savings);
    *out = ex;
    return JUTEN_OK;
fail:
    juten_result_free(base);
    juten_result_free(forced);
    juten_solver_free(s);
    free(fix);
    free(costs);
    free(savings);
    juten_explanations_free(ex, k);
    return st;
}

/* ---- alternatives ------------------------------------------------------- */

void juten_portfolios_free(juten_portfolio *p, int n)
{
    if (!p)
        return;
    for (int i = 0; i < n; i++)
        free(p[i].selected);
    free(p);
}

juten_status juten_alternatives(const juten_model *m, const juten_solve_options *o, int k,
                                double within, juten_portfolio **out, int *n_out,
                                juten_diags *d)
{
    *out = NULL;
    *n_out = 0;
    if (k <= 0)
        return JUTEN_ERR_USAGE;
    juten_portfolio *p = calloc((size_t)k, sizeof *p);
    if (!p)
        return JUTEN_ERR_NOMEM;
    juten_solver *s = NULL;
    juten_status st = juten_solver_create(m, &s, d);
    int n = 0;
    juten_solve_options q = *o;
    q.explain = false;
    double best = NAN;
    while (st == JUTEN_OK && n < k) {
        juten_solve_progress(o, "alternatives found", n, k);
        juten_result *r = NULL;
        if ((st = juten_solver_run(s, &q, &r, d)) != JUTEN_OK)
            break;
        if (!have_portfolio(r)) {
            juten_result_free(r);
            break;
        }
        if (n == 0)
            best = r->objective;
        else if (!isnan(within) &&
                 r->objective < best - within * fabs(best) - value_delta(best)) {
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
        juten_result_free(r);
        st = juten_solver_add_cut(s, p[n - 1].selected, d);
    }
    juten_solver_free(s);
    if (st != JUTEN_OK) {
        juten_portfolios_free(p, n);
        return st;
    }
    *out = p;
    *n_out = n;
    return JUTEN_OK;
}

/* ---- rule prices ---------------------------------------------------------- */

juten_status juten_rule_prices(const juten_model *m, const juten_solve_options *o,
                               juten_rule_price *out, int *n_out, juten_diags *d)
{
    return juten_rule_prices_of(m, o, NULL, out, n_out, d);
}

/* A relaxation's result counts when it is proven optimal, or within the
 * gap asked for (then the price is a range). */
static bool settled(const juten_result *r, double gap)
{
    return r->outcome == JUTEN_OPTIMAL ||
           (r->outcome == JUTEN_FEASIBLE && gap > 0 && !r->time_limited && !isnan(r->gap) &&
            r->gap <= gap * (1 + 1e-9));
}

juten_status juten_rule_prices_of(const juten_model *m, const juten_solve_options *o,
                                  const juten_result *given, juten_rule_price *out, int *n_out,
                                  juten_diags *d)
{
    *n_out = 0;
    juten_solver *s = NULL;
    juten_status st = juten_solver_create(m, &s, d);
    if (st != JUTEN_OK)
        return st;
    juten_solve_options q = *o;
    q.explain = false;
    juten_result *base = NULL;
    if (!given && (st = juten_solver_run(s, &q, &base, d)) != JUTEN_OK) {
        juten_solver_free(s);
        return st;
    }
    const juten_result *b0 = given ? given : base;
    double gap = o->mip_gap > 0 ? o->mip_gap : 0.0;
    bool feasible = have_portfolio(b0) && settled(b0, gap);
    double V = b0->objective;
    double VB = b0->outcome == JUTEN_OPTIMAL ? V : b0->best_bound;
    /* every relaxation keeps today's portfolio feasible: start from it */
    unsigned char *start = have_portfolio(b0) ? malloc((size_t)m->n_measures + 1) : NULL;
    if (start)
        memcpy(start, b0->selected, (size_t)m->n_measures);
    q.start = start;
    bool any = have_portfolio(b0);
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
        juten_solve_progress(o, "rule prices: families", b, JUTEN_RULE_FAMILIES);
        juten_solve_options w = q;
        w.rules &= ~bit;
        juten_result *r = NULL;
        if ((st = juten_solver_run(s, &w, &r, d)) != JUTEN_OK)
            break;
        juten_rule_price p = {bit, NAN, NAN, NAN};
        if (!have_portfolio(r) || !settled(r, gap) || (any && !feasible)) {
            /* not settled within the time limit */
        } else if (!any) {
            p.price = p.lo = p.hi = INFINITY;
        } else {
            double RB = r->outcome == JUTEN_OPTIMAL ? r->objective : r->best_bound;
            p.price = r->objective - V;
            p.lo = fmax(0.0, r->objective - VB);
            p.hi = fmax(p.lo, RB - V);
            if (p.price < 0 && p.price > -value_delta(V))
                p.price = 0.0;
            if (p.price < p.lo)
                p.price = p.lo;
            if (r->outcome == JUTEN_OPTIMAL && base_optimal)
                p.lo = p.hi = p.price;
        }
        out[(*n_out)++] = p;
        juten_result_free(r);
    }
    free(start);
    juten_solver_free(s);
    return st;
}
