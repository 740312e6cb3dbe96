/*
 * explain.c -- why each measure is in or out, and what would flip it.
 *
 * An explanation forces a measure the other way and re-solves.  Because a
 * measure's value enters the objective linearly, the break-even risk
 * reduction follows exactly from the forced optimum; cost enters the rules,
 * so the break-even cost is found by bisection on re-solves.  When forcing
 * leaves no portfolio, the reason, a minimal conflict and the least
 * headroom that allows it.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "analysis_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void free_items(juten_measure_explanation *e, int k)
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

void juten_explanations_free(juten_explanations *x)
{
    if (!x)
        return;
    free_items(x->items, x->n);
    free(x);
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
    *v = juten_have_portfolio(r) ? r->objective : r->outcome == JUTEN_INFEASIBLE ? -INFINITY : NAN;
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
        bool reaches = vm >= target - juten_value_delta(target);
        if (reaches == ok_low)
            *lo = mid;
        else
            *hi = mid;
    }
    return JUTEN_OK;
}

/* A savings measure: its realised saving covers at least its cost, so its
 * decision turns on the saving more than on the cost. */
static bool savings_measure(double cost, double saving, double rate)
{
    return saving > 0 && rate > 0 && rate * saving >= cost;
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
        if (v >= Vout - juten_value_delta(Vout))
            return JUTEN_OK; /* stays in even with no saving */
        double lo = 0.0, hi = savings[j];
        if ((st = bisect_value(s, q, fix, j, VARY_SAVING, costs, savings, Vout, tol, &lo, &hi,
                               d)) != JUTEN_OK)
            return st;
        *out = hi;
        return JUTEN_OK;
    }
    double V = e->objective, lo = savings[j], hi = 2 * savings[j];
    int grow = 0;
    for (; grow < 20; grow++) {
        if ((st = forced_value(s, q, fix, j, 1, VARY_SAVING, hi, costs, savings, &v, NULL,
                               d)) != JUTEN_OK)
            return st;
        if (isnan(v))
            return JUTEN_OK; /* out of time */
        if (v >= V - juten_value_delta(V))
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
char *juten_forced_reason(const juten_model *m, int j, int dir, const juten_conflict *c)
{
    const char *id = m->measures[j].id;
    char want[300], buf[600];
    if (!c || c->n == 0)
        return NULL;
    for (int i = 0; i < c->n; i++) {
        const char *rule = c->items[i].rule;
        snprintf(want, sizeof want, "%s[%s]", dir < 0 ? "mandatory" : "exclude", id);
        if (!strcmp(rule, want))
            return strdup(dir < 0 ? _("it is mandatory") : _("it is excluded by [force] exclude"));
        snprintf(want, sizeof want, "include[%s]", id);
        if (dir < 0 && !strcmp(rule, want))
            return strdup(_("it is funded by [force] include"));
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
            snprintf(buf, sizeof buf,
                     c->items[i].family == JUTEN_RULE_MANDATORY
                         ? _("%.*s (mandatory) requires it")
                         : _("%.*s ([force] include) requires it"),
                     (int)(strlen(lb + 1) - 1), lb + 1);
            return strdup(buf);
        }
    }
    for (int i = 0; i < c->n; i++) {
        const char *r = c->items[i].rule;
        const char *lb = strchr(r, '[');
        int len = lb ? (int)(strlen(lb + 1) - 1) : 0;
        if (dir < 0 && c->items[i].family == JUTEN_RULE_TAG_MIN && lb) {
            snprintf(buf, sizeof buf, _("the minimum for tag \"%.*s\" needs it"), len, lb + 1);
            return strdup(buf);
        }
        if (dir < 0 && !strncmp(r, "area_min_share[", 15)) {
            snprintf(buf, sizeof buf, _("the minimum share of area %.*s needs it"), len, lb + 1);
            return strdup(buf);
        }
        if (dir < 0 && !strncmp(r, "area_spend[", 11)) {
            snprintf(buf, sizeof buf, _("the minimum spend of area %.*s needs it"), len, lb + 1);
            return strdup(buf);
        }
    }
    if (c->n == 1 && c->items[0].family == JUTEN_RULE_OFFSET)
        return strdup(dir > 0 ? _("the offset leaves no room for it")
                              : _("the offset needs its savings"));
    if (dir > 0 && amounts == 1 && c->n == 1) {
        /* one rule alone keeps it out */
        const char *r = c->items[0].rule, *lb = strchr(r, '[');
        int len = lb ? (int)(strlen(lb + 1) - 1) : 0;
        if (!lb)
            return NULL;
        if (!strncmp(r, "ceiling[", 8))
            snprintf(buf, sizeof buf, _("the ceiling of %.*s leaves no room for it"), len, lb + 1);
        else if (!strncmp(r, "area_max_share[", 15))
            snprintf(buf, sizeof buf, _("the maximum share of area %.*s leaves no room for it"),
                     len, lb + 1);
        else if (!strncmp(r, "area_spend[", 11))
            snprintf(buf, sizeof buf, _("the spending limit of area %.*s leaves no room for it"),
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
    double vf = juten_have_portfolio(r) ? r->objective : -INFINITY;
    juten_result_free(r);
    r = NULL;
    if ((st = juten_solver_run(s, &at, &r, d)) != JUTEN_OK)
        return st;
    double v = juten_have_portfolio(r) ? r->objective : -INFINITY;
    juten_result_free(r);
    *yes = isfinite(vf) && vf >= v - juten_value_delta(v);
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
        e->reason = juten_forced_reason(m, j, dir, e->conflict);
    }
    /* the least headroom at which any portfolio with the measure forced
     * exists: least net cost with the offset off, as the frontier finds its
     * first point */
    juten_solve_options no_offset = c;
    no_offset.rules &= ~JUTEN_RULE_OFFSET;
    juten_result *r = NULL;
    if (st == JUTEN_OK)
        st = juten_solver_run_mode(s, &no_offset, true, NAN, &r, d);
    if (st == JUTEN_OK && juten_have_portfolio(r) && (q->rules & JUTEN_RULE_OFFSET)) {
        double H = r->net;
        juten_result_free(r);
        r = NULL;
        juten_solve_options at = c;
        at.headroom = H;
        if ((st = juten_solver_run(s, &at, &r, d)) == JUTEN_OK && !juten_have_portfolio(r)) {
            /* the least net cost sits on the row's tolerance: a hair more */
            juten_result_free(r);
            r = NULL;
            at.headroom = H + 1e-9 * (1.0 + fabs(H));
            st = juten_solver_run(s, &at, &r, d);
        }
        if (st == JUTEN_OK && juten_have_portfolio(r)) {
            e->least_headroom = at.headroom;
            e->least_headroom_objective = r->objective;
            juten_result_free(r);
            r = NULL;
            fix[j] = 0;
            st = juten_solver_run(s, &at, &r, d);
            if (st == JUTEN_OK && juten_have_portfolio(r))
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

static juten_status explain_run(juten_solver *on, const juten_model *m, const juten_solve_options *o,
                           const int *measures, int k, double cost_tol,
                           juten_explanations **out, juten_diags *d)
{
    *out = NULL;
    if (cost_tol <= 0)
        cost_tol = 1e-3;
    juten_explanations *x = calloc(1, sizeof *x);
    juten_measure_explanation *ex = calloc((size_t)k + 1, sizeof *ex);
    int n = m->n_measures;
    signed char *fix = calloc((size_t)n + 1, 1);
    double *costs = malloc(((size_t)n + 1) * sizeof *costs);
    double *savings = malloc(((size_t)n + 1) * sizeof *savings);
    juten_solver *s = NULL;
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_result *base = NULL, *forced = NULL;
    juten_status st = JUTEN_ERR_NOMEM;
    if (!x || !ex || !fix || !costs || !savings)
        goto fail;
    if ((st = juten_analysis_begin(on, m, &s, &mk, d)) != JUTEN_OK)
        goto fail;
    for (int j = 0; j < n; j++) {
        costs[j] = s->cost[j]; /* the solver's numbers: a caller's may be a draw */
        savings[j] = s->saving[j];
    }
    juten_solve_options q = *o;
    q.explain = false;
    q.progress = NULL; /* one report per measure, from here */
    if ((st = juten_solver_run(s, &q, &base, d)) != JUTEN_OK)
        goto fail;
    x->outcome = base->outcome;
    if (!juten_have_portfolio(base)) {
        /* nothing to explain: an outcome the caller reports, not an error */
        juten_result_free(base);
        st = juten_analysis_end(on, s, &mk, JUTEN_OK, d);
        free(fix);
        free(costs);
        free(savings);
        free(ex);
        if (st != JUTEN_OK) {
            free(x);
            return st;
        }
        *out = x;
        return JUTEN_OK;
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
        snprintf(stage, sizeof stage, _("explaining %s"), me->id);
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
        if ((st = forced_value(s, &qx, fix, j, dir, VARY_COST, costs[j], costs, savings, &vf,
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
            e->break_even_risk = e->selected ? s->risk[j] - e->loss / w : s->risk[j] + e->loss / w;
        /* cost: bisection on re-solves */
        e->break_even_cost = NAN;
        if (!e->can_flip)
            continue;
        if (savings_measure(costs[j], savings[j], rate) &&
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
            if (v0 < V - juten_value_delta(V))
                continue; /* not even free would bring it in */
            double lo = 0.0, hi = costs[j];
            if ((st = bisect_value(s, &q, fix, j, VARY_COST, costs, savings, V, cost_tol, &lo,
                                   &hi, d)) != JUTEN_OK)
                goto fail;
            e->break_even_cost = lo;
            e->undecided |= isnan(lo);
        } else {
            /* leaves when the optimum with it funded falls below the best
             * without it (which does not depend on its cost) */
            double Vout = e->forced_objective;
            double lo = costs[j], hi = costs[j] > 0 ? 2 * costs[j] : 1.0, vh = V;
            int grow = 0;
            for (; grow < 60; grow++) {
                if ((st = forced_value(s, &q, fix, j, 1, VARY_COST, hi, costs, savings, &vh,
                                       NULL, d)) != JUTEN_OK)
                    goto fail;
                if (isnan(vh))
                    break;
                if (vh < Vout - juten_value_delta(Vout))
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
    juten_solve_progress(o, _("explaining measures"), k, k);
    juten_result_free(base);
    st = juten_analysis_end(on, s, &mk, st, d);
    free(fix);
    free(costs);
    free(savings);
    if (st != JUTEN_OK) {
        free_items(ex, k);
        free(x);
        return st;
    }
    x->n = k;
    x->items = ex;
    *out = x;
    return JUTEN_OK;
fail:
    juten_result_free(base);
    juten_result_free(forced);
    st = juten_analysis_end(on, s, &mk, st, d);
    free(fix);
    free(costs);
    free(savings);
    free_items(ex, k);
    free(x);
    return st;
}

juten_status juten_explain(const juten_model *m, const juten_solve_options *o,
                           const int *measures, int k, double cost_tol,
                           juten_explanations **out, juten_diags *d)
{
    return explain_run(NULL, m, o, measures, k, cost_tol, out, d);
}

juten_status juten_explain_on(juten_solver *s, const juten_solve_options *o,
                              const int *measures, int k, double cost_tol,
                              juten_explanations **out, juten_diags *d)
{
    *out = NULL;
    return s ? explain_run(s, s->m, o, measures, k, cost_tol, out, d) : JUTEN_ERR_USAGE;
}
