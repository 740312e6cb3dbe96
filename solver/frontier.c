/*
 * frontier.c -- the exact trade-off curve, and the grid of optima a ranking
 * is read from.
 *
 * The optimal value V(H) as a function of the headroom H is a
 * non-decreasing step function.  At a breakpoint H_k with optimum V_k, the
 * next breakpoint is the least net cost of any portfolio worth more than
 * V_k: one "minimise net cost subject to value >= V_k + delta" solve, with
 * the offset rule switched off.  Then one ordinary solve at that budget
 * gives V_{k+1}.  Two solves per breakpoint, no grid, nothing missed.  For
 * the savings rate the least rate at which a better portfolio fits is a
 * ratio, (cost - headroom) / savings, minimised by Dinkelbach's iteration
 * over the same "minimise net cost" solve.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "analysis_int.h"

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

/* Solve at q's parameters and add the optimum as the point at `at`: *V
 * its value; *got false when the solve found no portfolio (the time ran
 * out: the list stays incomplete). */
static juten_status add_optimum(juten_solver *s, const juten_solve_options *q, juten_frontier *f,
                                double at, double *V, bool *got, juten_diags *d)
{
    juten_result *r = NULL;
    f->solves++;
    juten_status st = juten_solver_run(s, q, &r, d);
    *got = st == JUTEN_OK && juten_have_portfolio(r);
    if (*got) {
        *V = r->objective;
        st = add_point(f, at, r);
    }
    juten_result_free(r);
    return st;
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
        if (!juten_have_portfolio(r)) {
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
    if (st != JUTEN_OK || !juten_have_portfolio(r))
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
        juten_solve_progress(o, _("trade-off curve: points found"), f->n_points, -1);
        const juten_frontier_point *pt = &f->points[f->n_points - 1];
        double V = pt->objective, B = fmax(pt->best_bound, V);
        double beat = B + juten_value_delta(B);
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
        if (!juten_have_portfolio(r))
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
 * off, net cost minimised, counted in f->solves): *found false when none
 * exists at any headroom. */
static juten_status least_headroom(juten_solver *s, const juten_solve_options *q, double rate,
                                   juten_frontier *f, double *H, bool *found, bool *proven,
                                   juten_diags *d)
{
    f->solves++;
    juten_solve_options no_offset = *q;
    no_offset.rules &= ~JUTEN_RULE_OFFSET;
    no_offset.savings_rate = rate;
    juten_result *r = NULL;
    juten_status st = juten_solver_run_mode(s, &no_offset, true, NAN, &r, d);
    if (st != JUTEN_OK)
        return st;
    *found = juten_have_portfolio(r);
    *proven = r->outcome == JUTEN_INFEASIBLE;
    *H = *found ? r->net : NAN;
    juten_result_free(r);
    return JUTEN_OK;
}

static juten_status frontier_compute_run(juten_solver *on, const juten_model *m, const juten_solve_options *o,
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
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_status st = juten_analysis_begin(on, m, &s, &mk, d);
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
        st = juten_analysis_end(on, s, &mk, st, d);
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
        if ((st = least_headroom(s, &q, rate, f, &Hmin, &found, &none_anywhere, d)) != JUTEN_OK)
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
            juten_solve_progress(o, _("trade-off curve: breakpoints found"), f->n_points, -1);
            q.savings_rate = rate;
            double V;
            bool got;
            if ((st = add_optimum(s, &q, f, H, &V, &got, d)) != JUTEN_OK || !got)
                goto done; /* no portfolio: out of time, the list stays incomplete */
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
            if (!juten_have_portfolio(r))
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
                            _("the savings-rate range is empty (from %g to %g)"), lo, hi);
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
            juten_solve_progress(o, _("trade-off curve: breakpoints found"), f->n_points, -1);
            double V;
            bool got;
            if ((st = add_optimum(s, &q, f, rho, &V, &got, d)) != JUTEN_OK || !got)
                goto done;
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
                if (juten_have_portfolio(t))
                    memcpy(start, t->selected, (size_t)m->n_measures);
                have_top = juten_have_portfolio(t) ? 1 : -1;
                top_value = juten_have_portfolio(t) ? t->objective : NAN;
                juten_result_free(t);
            }
            if (have_top > 0 && top_value > V + juten_value_delta(V))
                memcpy(rate_start, start, (size_t)m->n_measures);
            st = least_rate(s, &q, head, V, rho, hi,
                            have_top > 0 && top_value > V + juten_value_delta(V) ? rate_start : NULL,
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
    st = juten_analysis_end(on, s, &mk, st, d);
    if (st != JUTEN_OK) {
        juten_frontier_free(f);
        return st;
    }
    *out = f;
    return JUTEN_OK;
}

juten_status juten_frontier_compute(const juten_model *m, const juten_solve_options *o,
                                    const juten_frontier_options *fo, juten_frontier **out,
                                    juten_diags *d)
{
    return frontier_compute_run(NULL, m, o, fo, out, d);
}

juten_status juten_frontier_compute_on(juten_solver *s, const juten_solve_options *o,
                                       const juten_frontier_options *fo, juten_frontier **out,
                                       juten_diags *d)
{
    *out = NULL;
    return s ? frontier_compute_run(s, s->m, o, fo, out, d) : JUTEN_ERR_USAGE;
}

static juten_status frontier_grid_run(juten_solver *on, const juten_model *m, const juten_solve_options *o,
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
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_result *r = NULL;
    juten_status st = f && prev && at ? juten_analysis_begin(on, m, &s, &mk, d) : JUTEN_ERR_NOMEM;
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
    if ((st = least_headroom(s, &q, rate, f, &Hmin, &found, &none_anywhere, d)) != JUTEN_OK)
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
                        _("the headroom range is empty: no portfolio exists below %g, and the "
                        "range ends at %g"), Hmin, hi);
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
        juten_solve_progress(o, _("ranking: budgets solved"), i, nb);
        q.savings_rate = rate;
        q.start = f->n_points ? prev : NULL;
        f->solves++;
        if ((st = juten_solver_run(s, &q, &r, d)) != JUTEN_OK)
            goto done;
        if (!juten_have_portfolio(r)) {
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
    st = juten_analysis_end(on, s, &mk, st, d);
    free(prev);
    free(at);
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
    return frontier_grid_run(NULL, m, o, from, to, k, out, d);
}

juten_status juten_frontier_grid_on(juten_solver *s, const juten_solve_options *o, double from,
                                    double to, int k, juten_frontier **out, juten_diags *d)
{
    *out = NULL;
    return s ? frontier_grid_run(s, s->m, o, from, to, k, out, d) : JUTEN_ERR_USAGE;
}
