/*
 * json.c -- results as JSON for other programs; with confidence.c (which
 * adds its members to the solution object built here) the only file that
 * uses jansson.
 *
 * Keys keep their insertion order and reals are printed with 12 significant
 * digits, so the same result always gives the same bytes and sums such as
 * 0.1 + 0.2 do not show binary noise.  Nothing time-dependent is written:
 * the `run` object identifies the inputs by sha256 and the software by
 * version, which is what an auditor needs to reproduce the run.
 */
#include "report_int.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static juten_status finish_report(FILE *f, json_t *o, const juten_model *m,
                                  const juten_rule_price *prices, int n_prices, bool ok,
                                  juten_diags *d);

/* A number, or null when it is not finite (JSON has no NaN). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* Adds with a memory check folded into one flag, to keep the writer flat. */
static void put(json_t *obj, const char *key, json_t *v, bool *ok)
{
    if (!v || json_object_set_new(obj, key, v) != 0)
        *ok = false;
}

static void push(json_t *arr, json_t *v, bool *ok)
{
    if (!v || json_array_append_new(arr, v) != 0)
        *ok = false;
}

/* The object of every report, its first member the scenario's name; NULL
 * when out of memory. */
static json_t *report_object(const juten_model *m, bool *ok)
{
    json_t *o = json_object();
    if (o)
        put(o, "scenario", json_string(juten_model_name(m)), ok);
    return o;
}

json_t *juten_json_run_info(const juten_model *m, bool *ok);
json_t *juten_json_run_info(const juten_model *m, bool *ok)
{
    json_t *run = json_object();
    if (!run) {
        *ok = false;
        return NULL;
    }
    put(run, "juten", json_string(JUTEN_VERSION), ok);
    put(run, "solver", json_string(juten_solver_backend_version()), ok);
    json_t *files = json_array();
    for (int i = 0; files && i < juten_model_file_count(m); i++) {
        json_t *fo = json_object();
        if (fo) {
            put(fo, "role", json_string(juten_model_file_role(m, i)), ok);
            put(fo, "path", json_string(juten_model_file_path(m, i)), ok);
            put(fo, "sha256", json_string(juten_model_file_sha256(m, i)), ok);
        }
        push(files, fo, ok);
    }
    put(run, "inputs", files, ok);
    return run;
}

/* {rule family: [lo, hi]}: where each price lies (a point when proven). */
static json_t *rule_price_ranges_json(const juten_rule_price *prices, int n, bool *ok)
{
    json_t *rp = json_object();
    for (int i = 0; rp && i < n; i++) {
        json_t *pair = json_array();
        push(pair, isinf(prices[i].lo) ? json_null() : num(prices[i].lo), ok);
        push(pair, isinf(prices[i].hi) ? json_null() : num(prices[i].hi), ok);
        put(rp, juten_rule_family_name(prices[i].family), pair, ok);
    }
    if (!rp)
        *ok = false;
    return rp;
}

/* {rule: value gained by dropping it alone (at least, when not proven)}. */
static json_t *gains_json(const char *const *names, const double *gain, int n, bool *ok)
{
    json_t *g = json_object();
    for (int i = 0; g && i < n; i++)
        put(g, names[i], isnan(gain[i]) ? json_null() : num(gain[i]), ok);
    if (!g)
        *ok = false;
    return g;
}

/* {rule family: value given up because of it} (solve and explain). */
static json_t *rule_prices_json(const juten_rule_price *prices, int n, bool *ok)
{
    json_t *rp = json_object();
    for (int i = 0; rp && i < n; i++)
        put(rp, juten_rule_family_name(prices[i].family),
            isinf(prices[i].price) ? json_string("infeasible without it")
                                   : num(prices[i].price), ok);
    if (!rp)
        *ok = false;
    return rp;
}

/* The solution's members (everything but the prices and the run), for
 * solve and for solve --confidence (confidence.c adds its own after them);
 * NULL when out of memory. */
json_t *juten_json_solution_object(const juten_model *m, const juten_result *r,
                                   const juten_conflict *conflict, bool *okp);
json_t *juten_json_solution_object(const juten_model *m, const juten_result *r,
                                   const juten_conflict *conflict, bool *okp)
{
    bool ok = *okp;
    json_t *o = report_object(m, &ok);
    if (!o) {
        *okp = false;
        return NULL;
    }
    const juten_outcome outcome = juten_result_outcome(r);
    const double spend = juten_result_spend(r);
    bool have = outcome == JUTEN_OPTIMAL || outcome == JUTEN_FEASIBLE;
    put(o, "currency", json_string(juten_model_currency(m)), &ok);
    put(o, "status", json_string(juten_outcome_str(outcome)), &ok);
    put(o, "objective", have ? num(juten_result_objective(r)) : json_null(), &ok);
    put(o, "best_bound", num(juten_result_best_bound(r)), &ok);
    put(o, "gap", have ? num(juten_result_gap(r)) : json_null(), &ok);
    put(o, "lp_bound", num(juten_result_lp_bound(r)), &ok);
    put(o, "time_limited", json_boolean(juten_result_time_limited(r)), &ok);
    put(o, "node_limited", json_boolean(juten_result_node_limited(r)), &ok);
    put(o, "headroom", num(juten_result_headroom(r)), &ok);
    put(o, "savings_rate", num(juten_result_savings_rate(r)), &ok);
    put(o, "spend", have ? num(spend) : json_null(), &ok);
    put(o, "savings", have ? num(juten_result_savings(r)) : json_null(), &ok);
    put(o, "net", have ? num(juten_result_net(r)) : json_null(), &ok);

    json_t *sel = json_array();
    for (int j = 0; sel && have && j < juten_model_measure_count(m); j++)
        if (juten_result_selected(r, j))
            push(sel, json_string(juten_model_measure_id(m, j)), &ok);
    put(o, "selected", sel, &ok);

    json_t *areas = json_array();
    for (int k = 0; areas && have && k < juten_model_area_count(m); k++) {
        json_t *a = json_object();
        if (a) {
            double as = juten_result_area_spend(r, k);
            put(a, "id", json_string(juten_model_area_id(m, k)), &ok);
            put(a, "name", json_string(juten_model_area_name(m, k)), &ok);
            put(a, "weight", num(juten_model_area_weight(m, k)), &ok);
            put(a, "spend", num(as), &ok);
            put(a, "share", num(spend > 0 ? as / spend : 0.0), &ok);
            put(a, "min_share", num(juten_model_area_min_share(m, k)), &ok);
            put(a, "max_share", num(juten_model_area_max_share(m, k)), &ok);
        }
        push(areas, a, &ok);
    }
    put(o, "areas", areas, &ok);

    json_t *mins = json_array();
    for (int k = 0; mins && have && k < juten_model_ministry_count(m); k++) {
        json_t *a = json_object();
        if (a) {
            put(a, "id", json_string(juten_model_ministry_id(m, k)), &ok);
            put(a, "name", json_string(juten_model_ministry_name(m, k)), &ok);
            put(a, "charge", num(juten_result_ministry_charge(r, k)), &ok);
            put(a, "ceiling", num(juten_model_ministry_ceiling(m, k)), &ok);
        }
        push(mins, a, &ok);
    }
    put(o, "ministries", mins, &ok);

    const int n_binding = juten_result_binding_count(r);
    json_t *bind = json_array();
    for (int i = 0; bind && i < n_binding; i++)
        push(bind, json_string(juten_result_binding(r, i)), &ok);
    put(o, "binding", bind, &ok);
    if (juten_result_binding_weighed(r)) {
        /* {rule: value gained by dropping it alone}, as gains_json writes it */
        json_t *g = json_object();
        for (int i = 0; g && i < n_binding; i++) {
            double gain = juten_result_binding_gain(r, i);
            put(g, juten_result_binding(r, i), isnan(gain) ? json_null() : num(gain), &ok);
        }
        if (!g)
            ok = false;
        put(o, "binding_gain", g, &ok);
        put(o, "binding_inert", json_integer(juten_result_binding_inert(r)), &ok);
        put(o, "binding_unchecked", json_integer(juten_result_binding_unchecked(r)), &ok);
    }

    const int n_ex = juten_result_explanation_count(r);
    if (outcome == JUTEN_INFEASIBLE || n_ex > 0) {
        json_t *ex = json_array();
        for (int i = 0; ex && i < n_ex; i++)
            push(ex, json_string(juten_result_explanation(r, i)), &ok);
        put(o, "explanation", ex, &ok);
    }
    if (conflict && conflict->n > 0) {
        json_t *cf = json_array(), *rb = json_object(), *cs = json_array();
        for (int i = 0; cf && rb && cs && i < conflict->n; i++) {
            push(cf, json_string(conflict->items[i].rule), &ok);
            push(cs, json_string(conflict->items[i].sentence), &ok);
            if (!isnan(conflict->items[i].relax_by))
                put(rb, conflict->items[i].rule, num(conflict->items[i].relax_by), &ok);
        }
        put(o, "conflict", cf, &ok);
        put(o, "relax_by", rb, &ok);
        put(o, "conflict_explained", cs, &ok);
    }
    *okp = ok;
    return o;
}

juten_status juten_report_json_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        const juten_rule_price *prices, int n_prices,
                                        const juten_conflict *conflict, juten_diags *d)
{
    bool ok = true;
    json_t *o = juten_json_solution_object(m, r, conflict, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    return finish_report(f, o, m, prices, n_prices, ok, d);
}

/* finish_report for the other JSON writers of report/ (confidence.c). */
juten_status juten_json_finish_report(FILE *f, json_t *o, const juten_model *m, bool ok,
                                      juten_diags *d);
juten_status juten_json_finish_report(FILE *f, json_t *o, const juten_model *m, bool ok,
                                      juten_diags *d)
{
    return finish_report(f, o, m, NULL, 0, ok, d);
}

/* Write o, free it, report failures. */
static juten_status dump(FILE *f, json_t *o, bool ok, juten_diags *d)
{
    juten_status st = JUTEN_OK;
    if (!ok)
        st = JUTEN_ERR_NOMEM;
    else if (json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0 ||
             fputc('\n', f) == EOF)
        st = JUTEN_ERR_IO;
    if (st == JUTEN_ERR_IO)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "writing the JSON output failed");
    json_decref(o);
    return st;
}

/* How every report ends: the rule prices when given (solve, explain), the
 * run's provenance, then the object written and freed. */
static juten_status finish_report(FILE *f, json_t *o, const juten_model *m,
                                  const juten_rule_price *prices, int n_prices, bool ok,
                                  juten_diags *d)
{
    if (prices) {
        put(o, "rule_prices", rule_prices_json(prices, n_prices, &ok), &ok);
        put(o, "rule_price_ranges", rule_price_ranges_json(prices, n_prices, &ok), &ok);
    }
    put(o, "run", juten_json_run_info(m, &ok), &ok);
    return dump(f, o, ok, d);
}

static json_t *id_array(const juten_model *m, const unsigned char *sel, bool *ok)
{
    json_t *a = json_array();
    for (int j = 0; a && j < juten_model_measure_count(m); j++)
        if (sel[j])
            push(a, json_string(juten_model_measure_id(m, j)), ok);
    if (!a)
        *ok = false;
    return a;
}

/* Ids in `now` and not in `before` (the measures that join). */
static json_t *diff_ids(const juten_model *m, const unsigned char *now,
                        const unsigned char *before, bool *ok)
{
    json_t *a = json_array();
    for (int j = 0; a && j < juten_model_measure_count(m); j++)
        if (now[j] && !(before && before[j]))
            push(a, json_string(juten_model_measure_id(m, j)), ok);
    if (!a)
        *ok = false;
    return a;
}

juten_status juten_report_json_frontier(FILE *f, const juten_model *m, const juten_frontier *fr,
                                        juten_diags *d)
{
    bool ok = true;
    json_t *o = report_object(m, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    put(o, "currency", json_string(juten_model_currency(m)), &ok);
    put(o, "parameter", json_string(juten_sweep_name(fr->parameter)), &ok);
    json_t *pts = json_array();
    for (int i = 0; pts && i < fr->n_points; i++) {
        const juten_frontier_point *p = &fr->points[i];
        const unsigned char *prev = i ? fr->points[i - 1].selected : NULL;
        json_t *po = json_object();
        if (po) {
            put(po, "at", num(p->at), &ok);
            put(po, "objective", num(p->objective), &ok);
            put(po, "lp_bound", num(p->lp_bound), &ok);
            put(po, "best_bound", num(p->best_bound), &ok);
            put(po, "proven", json_boolean(p->proven), &ok);
            put(po, "selected", id_array(m, p->selected, &ok), &ok);
            put(po, "joins", diff_ids(m, p->selected, prev, &ok), &ok);
            put(po, "leaves", prev ? diff_ids(m, prev, p->selected, &ok) : json_array(), &ok);
        }
        push(pts, po, &ok);
    }
    put(o, "points", pts, &ok);
    put(o, "complete", json_boolean(fr->complete), &ok);
    put(o, "exact", json_boolean(fr->gap <= 0), &ok);
    put(o, "gap", json_real(fr->gap), &ok);
    put(o, "solves", json_integer(fr->solves), &ok);
    return finish_report(f, o, m, NULL, 0, ok, d);
}

juten_status juten_report_json_ranking(FILE *f, const juten_model *m, const juten_ranking *rk,
                                       juten_diags *d)
{
    bool ok = true;
    json_t *o = report_object(m, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    json_t *arr = json_array();
    for (int i = 0; arr && i < rk->n; i++) {
        const juten_rank_entry *e = &rk->entries[i];
        const int j = e->measure;
        json_t *eo = json_object();
        if (eo) {
            put(eo, "id", json_string(juten_model_measure_id(m, j)), &ok);
            put(eo, "name", json_string(juten_model_measure_name(m, j)), &ok);
            put(eo, "area", json_string(juten_model_area_id(m, juten_model_measure_area(m, j))),
                &ok);
            put(eo, "rank", json_integer(e->rank), &ok);
            put(eo, "entry_at", num(e->entry_at), &ok);
            put(eo, "leaves_at", num(e->leaves_at), &ok);
            put(eo, "ratio_rank", json_integer(e->ratio_rank), &ok);
            put(eo, "ratio", isfinite(e->ratio) ? json_real(e->ratio) : json_null(), &ok);
            json_t *iv = json_array();
            for (int k = 0; iv && k < e->n_intervals; k++) {
                json_t *pair = json_array();
                push(pair, num(e->intervals[k][0]), &ok);
                push(pair, num(e->intervals[k][1]), &ok);
                push(iv, pair, &ok);
            }
            put(eo, "intervals", iv, &ok);
            put(eo, "funded_at_scenario", json_boolean(e->at_scenario), &ok);
        }
        push(arr, eo, &ok);
    }
    put(o, "ranking", arr, &ok);
    put(o, "scenario_headroom", num(rk->scenario_headroom), &ok);
    json_t *range = json_object();
    if (range) {
        put(range, "from", num(rk->range_from), &ok);
        put(range, "to", num(rk->range_to), &ok);
        put(range, "grid_step", num(rk->grid_step), &ok);
    }
    put(o, "range", range, &ok);
    put(o, "nested", json_boolean(rk->nested || rk->n_leaving == 0), &ok);
    if (rk->nested) {
        json_t *nc = json_object();
        if (nc) {
            put(nc, "total", num(rk->nesting_cost_total), &ok);
            put(nc, "max", num(rk->nesting_cost_max), &ok);
            put(nc, "least_possible", num(rk->nesting_cost_least), &ok);
            put(nc, "proven", json_boolean(rk->nesting_proven), &ok);
        }
        put(o, "nesting_cost", nc, &ok);
    }
    put(o, "leaving", json_integer(rk->n_leaving), &ok);
    put(o, "complete", json_boolean(rk->complete), &ok);
    return finish_report(f, o, m, NULL, 0, ok, d);
}

juten_status juten_report_json_explanations(FILE *f, const juten_model *m,
                                            const juten_measure_explanation *ex, int k,
                                            const juten_rule_price *prices, int n_prices,
                                            juten_diags *d)
{
    bool ok = true;
    json_t *o = report_object(m, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    put(o, "objective", k > 0 ? num(ex[0].objective) : json_null(), &ok);
    json_t *arr = json_array();
    for (int i = 0; arr && i < k; i++) {
        const juten_measure_explanation *e = &ex[i];
        json_t *eo = json_object();
        if (eo) {
            put(eo, "id", json_string(juten_model_measure_id(m, e->measure)), &ok);
            put(eo, "selected", json_boolean(e->selected), &ok);
            put(eo, "forced_objective", num(e->forced_objective), &ok);
            put(eo, "loss", isinf(e->loss) ? json_null() : num(e->loss), &ok);
            put(eo, "can_flip", json_boolean(e->can_flip), &ok);
            put(eo, "undecided", json_boolean(e->undecided), &ok);
            put(eo, "break_even_risk_reduction", num(e->break_even_risk), &ok);
            put(eo, "break_even_cost", num(e->break_even_cost), &ok);
            put(eo, "break_even_saving", num(e->break_even_saving), &ok);
            put(eo, "cost_tolerance", num(e->cost_tolerance), &ok);
            json_t *b = json_array();
            for (int q = 0; b && q < e->n_blocking; q++)
                push(b, json_string(e->blocking[q]), &ok);
            put(eo, "blocking", b, &ok);
            if (e->blocking_gain) {
                put(eo, "blocking_gain",
                    gains_json((const char *const *)e->blocking, e->blocking_gain, e->n_blocking, &ok), &ok);
                put(eo, "blocking_inert", json_integer(e->n_blocking_inert), &ok);
                put(eo, "blocking_unchecked", json_integer(e->n_blocking_unchecked), &ok);
            }
            if (!e->can_flip) {
                /* why forcing it the other way leaves no portfolio */
                put(eo, "reason", e->reason ? json_string(e->reason) : json_null(), &ok);
                json_t *w = json_array();
                for (int q = 0; w && q < e->n_why; q++)
                    push(w, json_string(e->why[q]), &ok);
                put(eo, "why", w, &ok);
                json_t *cf = json_array();
                for (int q = 0; cf && e->conflict && q < e->conflict->n; q++) {
                    const juten_conflict_item *ci = &e->conflict->items[q];
                    json_t *co = json_object();
                    if (co) {
                        put(co, "rule", json_string(ci->rule), &ok);
                        put(co, "relax_by", num(ci->relax_by), &ok);
                        put(co, "sentence", json_string(ci->sentence), &ok);
                    }
                    push(cf, co, &ok);
                }
                put(eo, "conflict", cf, &ok);
                put(eo, "least_headroom", num(e->least_headroom), &ok);
                put(eo, "least_headroom_objective", num(e->least_headroom_objective), &ok);
                put(eo, "least_headroom_unforced", num(e->least_headroom_unforced), &ok);
                put(eo, "optimal_headroom", num(e->optimal_headroom), &ok);
            }
        }
        push(arr, eo, &ok);
    }
    put(o, "measures", arr, &ok);
    return finish_report(f, o, m, prices, n_prices, ok, d);
}

/* [{"id": .., "name": ..}] of the measures in now and not in before. */
static json_t *diff_named(const juten_model *m, const unsigned char *now,
                          const unsigned char *before, bool *ok)
{
    json_t *a = json_array();
    for (int j = 0; a && j < juten_model_measure_count(m); j++)
        if (now[j] && !(before && before[j])) {
            json_t *e = json_object();
            if (e) {
                put(e, "id", json_string(juten_model_measure_id(m, j)), ok);
                const char *nm = juten_model_measure_name(m, j);
                put(e, "name", json_string(nm ? nm : ""), ok);
            }
            push(a, e, ok);
        }
    if (!a)
        *ok = false;
    return a;
}

static json_t *portfolio_json(const juten_model *m, const juten_portfolio *p, bool *ok)
{
    json_t *po = json_object();
    if (!po) {
        *ok = false;
        return NULL;
    }
    put(po, "objective", num(p->objective), ok);
    put(po, "spend", num(p->spend), ok);
    put(po, "net", num(p->net), ok);
    put(po, "selected", id_array(m, p->selected, ok), ok);
    return po;
}

juten_status juten_report_json_alternatives(FILE *f, const juten_model *m,
                                            const juten_portfolios *set, juten_diags *d)
{
    bool ok = true;
    json_t *o = report_object(m, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    const juten_portfolio *p = set->items, *ref = &set->reference;
    put(o, "differ_by", json_integer(set->differ_by), &ok);
    json_t *wo = json_array();
    for (int i = 0; wo && i < set->n_without; i++)
        push(wo, json_string(juten_model_measure_id(m, set->without[i])), &ok);
    put(o, "without", wo, &ok);
    /* the optimum every portfolio is compared with (null: the round has none) */
    put(o, "reference", ref->selected ? portfolio_json(m, ref, &ok) : json_null(), &ok);
    if (set->reason)
        put(o, "reason", json_string(set->reason), &ok);
    json_t *arr = json_array();
    for (int i = 0; arr && i < set->n; i++) {
        json_t *po = portfolio_json(m, &p[i], &ok);
        if (po) {
            json_t *df = json_object();
            if (df) {
                int nd = 0;
                for (int j = 0; j < juten_model_measure_count(m); j++)
                    nd += (p[i].selected[j] != 0) != (ref->selected[j] != 0);
                put(df, "added", diff_ids(m, p[i].selected, ref->selected, &ok), &ok);
                put(df, "removed", diff_ids(m, ref->selected, p[i].selected, &ok), &ok);
                put(df, "added_measures", diff_named(m, p[i].selected, ref->selected, &ok),
                    &ok);
                put(df, "removed_measures", diff_named(m, ref->selected, p[i].selected, &ok),
                    &ok);
                put(df, "measures", json_integer(nd), &ok);
                put(df, "value", num(p[i].objective - ref->objective), &ok);
                put(df, "spend", num(p[i].spend - ref->spend), &ok);
                put(df, "net", num(p[i].net - ref->net), &ok);
            }
            put(po, "differs", df, &ok);
        }
        push(arr, po, &ok);
    }
    put(o, "portfolios", arr, &ok);
    return finish_report(f, o, m, NULL, 0, ok, d);
}

/* ---- simulate ------------------------------------------------------------- */

static json_t *dist_json(const juten_dist_stats *s, bool *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = false;
        return NULL;
    }
    put(o, "mean", num(s->mean), ok);
    put(o, "sd", num(s->sd), ok);
    put(o, "p5", num(s->p5), ok);
    put(o, "p50", num(s->p50), ok);
    put(o, "p95", num(s->p95), ok);
    return o;
}

static json_t *ci_json(double lo, double hi, bool *ok)
{
    json_t *a = json_array();
    push(a, num(lo), ok);
    push(a, num(hi), ok);
    if (!a)
        *ok = false;
    return a;
}

juten_status juten_report_json_simulation(FILE *f, const juten_model *m,
                                         const juten_uncertainty *u,
                                         const unsigned char *portfolio,
                                         const char *portfolio_source,
                                         const juten_sim_summary *s, juten_diags *d)
{
    bool ok = true;
    json_t *o = report_object(m, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    put(o, "draws", json_integer((json_int_t)s->draws), &ok);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)s->seed);
    /* a 64-bit seed can exceed what JSON readers hold exactly: an integer
     * when it fits in 53 bits, else its decimal string */
    put(o, "seed", s->seed < (1ull << 53) ? json_integer((json_int_t)s->seed) : json_string(seed),
        &ok);
    json_t *dist = json_object();
    for (int fl = 0; dist && fl < JUTEN_FIELDS; fl++)
        put(dist, juten_field_name((juten_field)fl),
            json_string(juten_distribution_name(u->dist[fl])), &ok);
    put(o, "distribution", dist, &ok);
    put(o, "pert_gamma", num(u->pert_gamma), &ok);
    json_t *corr = json_object();
    if (corr) {
        put(corr, "ministry", num(u->correlation_ministry), &ok);
        put(corr, "area", num(u->correlation_area), &ok);
    }
    put(o, "correlation", corr, &ok);
    put(o, "reoptimise", json_boolean(s->reoptimised), &ok);
    put(o, "portfolio_source", json_string(portfolio_source), &ok);
    put(o, "portfolio", id_array(m, portfolio, &ok), &ok);

    json_t *off = json_object();
    if (off) {
        put(off, "headroom", num(s->headroom), &ok);
        put(off, "savings_rate", num(s->savings_rate), &ok);
        put(off, "probability", num(s->offset_probability), &ok);
        put(off, "ci", ci_json(s->offset_ci_lo, s->offset_ci_hi, &ok), &ok);
        put(off, "net", dist_json(&s->net, &ok), &ok);
        put(off, "spend", dist_json(&s->spend, &ok), &ok);
        put(off, "savings", dist_json(&s->savings, &ok), &ok);
        put(off, "expected_overrun_worst5", num(s->expected_overrun_worst5), &ok);
    }
    put(o, "offset", off, &ok);
    json_t *val = dist_json(&s->value, &ok);
    if (val)
        put(val, "nominal", num(s->value_nominal), &ok);
    put(o, "value", val, &ok);
    json_t *rules = json_object();
    for (int q = 0; rules && q < s->n_rules; q++)
        put(rules, s->rule_names[q], num(s->rule_probability[q]), &ok);
    put(o, "rules", rules, &ok);
    put(o, "all_rules", num(s->all_rules_probability), &ok);
    put(o, "structural_rules_hold", json_boolean(s->structural_ok), &ok);
    json_t *drv = json_array();
    for (int i = 0; drv && i < s->n_drivers; i++) {
        json_t *e = json_object();
        if (e) {
            put(e, "id", json_string(juten_model_measure_id(m, s->drivers[i].measure)), &ok);
            put(e, "field", json_string(juten_field_name(s->drivers[i].field)), &ok);
            put(e, "rank_correlation", num(s->drivers[i].rank_correlation), &ok);
        }
        push(drv, e, &ok);
    }
    put(o, "drivers", drv, &ok);
    if (s->reoptimised) {
        put(o, "feasible_draws", json_integer((json_int_t)s->feasible_draws), &ok);
        put(o, "unproven_draws", json_integer((json_int_t)s->unproven_draws), &ok);
        put(o, "limited_without_portfolio_draws", json_integer((json_int_t)s->limited_draws),
            &ok);
        put(o, "optimum", dist_json(&s->optimum, &ok), &ok);
        json_t *ms = json_array();
        for (int i = 0; ms && i < s->n_selection; i++) {
            const juten_selection *sl = &s->selection[i];
            json_t *e = json_object();
            if (e) {
                put(e, "id", json_string(juten_model_measure_id(m, sl->measure)), &ok);
                put(e, "name", json_string(juten_model_measure_name(m, sl->measure)), &ok);
                put(e, "frequency", num(sl->frequency), &ok);
                put(e, "ci", ci_json(sl->ci_lo, sl->ci_hi, &ok), &ok);
                put(e, "class", json_string(sl->class_name), &ok);
                put(e, "in_portfolio", json_boolean(portfolio[sl->measure] != 0), &ok);
            }
            push(ms, e, &ok);
        }
        put(o, "measures", ms, &ok);
        put(o, "regret", dist_json(&s->regret, &ok), &ok);
        json_t *rh = json_object();
        if (rh) {
            put(rh, "draws", json_integer((json_int_t)s->regret_held_draws), &ok);
            put(rh, "mean", num(s->regret_held_mean), &ok);
        }
        put(o, "regret_where_rules_hold", rh, &ok);
        put(o, "evpi", num(s->evpi), &ok);
        put(o, "candidates", json_integer(s->n_candidates), &ok);
        put(o, "evppi_blocks", json_integer(s->evppi_blocks), &ok);
        json_t *ev = json_array();
        for (int i = 0; ev && i < s->n_evppi; i++) {
            json_t *e = json_object();
            if (e) {
                put(e, "id", json_string(juten_model_measure_id(m, s->evppi[i].measure)), &ok);
                put(e, "field", json_string(juten_field_name(s->evppi[i].field)), &ok);
                put(e, "value", num(s->evppi[i].value), &ok);
            }
            push(ev, e, &ok);
        }
        put(o, "evppi", ev, &ok);
    }
    put(o, "infeasible_draws", json_integer((json_int_t)s->infeasible_draws), &ok);
    return finish_report(f, o, m, NULL, 0, ok, d);
}

/* ---- reading a solve output back (simulate --portfolio FILE) ------------- */

juten_status juten_report_json_portfolio(const juten_model *m, const char *path, const char *text,
                                         size_t len, unsigned char *x, juten_diags *d)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    memset(x, 0, (size_t)juten_model_measure_count(m));
    if (!root) {
        juten_diags_add(d, JUTEN_ERROR, path, err.line, err.column,
                        "not valid JSON (%s); expected the output of juten solve --format json",
                        err.text);
        return JUTEN_ERR_INPUT;
    }
    json_t *sel = json_object_get(root, "selected");
    juten_status st = JUTEN_OK;
    if (!json_is_array(sel)) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0,
                        "no \"selected\" list of ids; expected the output of juten solve "
                        "--format json (of a round with a portfolio)");
        st = JUTEN_ERR_INPUT;
    }
    for (size_t i = 0; st == JUTEN_OK && i < json_array_size(sel); i++) {
        const char *id = json_string_value(json_array_get(sel, i));
        int k = id ? juten_model_find_measure(m, id) : -1;
        if (k < 0) {
            juten_diags_add(d, JUTEN_ERROR, path, 0, 0,
                            "selected[%zu] \"%s\" is not a measure id of the round simulated",
                            i, id ? id : "(not a string)");
            st = JUTEN_ERR_INPUT;
        } else {
            x[k] = 1;
        }
    }
    json_decref(root);
    return st;
}
