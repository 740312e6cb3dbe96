/*
 * json.c -- results as JSON for other programs; the only file that uses
 * jansson.
 *
 * Keys keep their insertion order and reals are printed with 12 significant
 * digits, so the same result always gives the same bytes and sums such as
 * 0.1 + 0.2 do not show binary noise.  Nothing time-dependent is written:
 * the `run` object identifies the inputs by sha256 and the software by
 * version, which is what an auditor needs to reproduce the run.
 */
#include "report_int.h"
#include "solver_int.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

juten_status juten_report_json_solution(FILE *f, const juten_model *m, const juten_result *r,
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
    for (int i = 0; files && i < m->n_files; i++) {
        json_t *fo = json_object();
        if (fo) {
            put(fo, "role", json_string(m->files[i].role), ok);
            put(fo, "path", json_string(m->files[i].path), ok);
            put(fo, "sha256", json_string(m->files[i].sha256), ok);
        }
        push(files, fo, ok);
    }
    put(run, "inputs", files, ok);
    return run;
}

juten_status juten_report_json_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        juten_diags *d)
{
    bool ok = true;
    json_t *o = json_object();
    if (!o)
        return JUTEN_ERR_NOMEM;
    bool have = r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE;
    put(o, "scenario", json_string(m->name ? m->name : ""), &ok);
    put(o, "currency", json_string(m->currency ? m->currency : ""), &ok);
    put(o, "status", json_string(juten_outcome_str(r->outcome)), &ok);
    put(o, "objective", have ? num(r->objective) : json_null(), &ok);
    put(o, "best_bound", num(r->best_bound), &ok);
    put(o, "gap", have ? num(r->gap) : json_null(), &ok);
    put(o, "lp_bound", num(r->lp_bound), &ok);
    put(o, "time_limited", json_boolean(r->time_limited), &ok);
    put(o, "headroom", num(r->headroom), &ok);
    put(o, "savings_rate", num(r->savings_rate), &ok);
    put(o, "spend", have ? num(r->spend) : json_null(), &ok);
    put(o, "savings", have ? num(r->savings) : json_null(), &ok);
    put(o, "net", have ? num(r->net) : json_null(), &ok);

    json_t *sel = json_array();
    for (int j = 0; sel && have && j < m->n_measures; j++)
        if (r->selected[j])
            push(sel, json_string(m->measures[j].id), &ok);
    put(o, "selected", sel, &ok);

    json_t *areas = json_array();
    for (int k = 0; areas && have && k < m->n_areas; k++) {
        const juten_area *ar = &m->areas[k];
        json_t *a = json_object();
        if (a) {
            put(a, "id", json_string(ar->id), &ok);
            put(a, "name", json_string(ar->name), &ok);
            put(a, "weight", num(ar->weight), &ok);
            put(a, "spend", num(r->area_spend[k]), &ok);
            put(a, "share", num(r->spend > 0 ? r->area_spend[k] / r->spend : 0.0), &ok);
            put(a, "min_share", num(ar->min_share), &ok);
            put(a, "max_share", num(ar->max_share), &ok);
        }
        push(areas, a, &ok);
    }
    put(o, "areas", areas, &ok);

    json_t *mins = json_array();
    for (int k = 0; mins && have && k < m->n_ministries; k++) {
        const juten_ministry *mi = &m->ministries[k];
        json_t *a = json_object();
        if (a) {
            put(a, "id", json_string(mi->id), &ok);
            put(a, "name", json_string(mi->name), &ok);
            put(a, "charge", num(r->ministry_charge[k]), &ok);
            put(a, "ceiling", num(mi->ceiling), &ok);
        }
        push(mins, a, &ok);
    }
    put(o, "ministries", mins, &ok);

    json_t *bind = json_array();
    for (int i = 0; bind && i < r->n_binding; i++)
        push(bind, json_string(r->binding[i]), &ok);
    put(o, "binding", bind, &ok);

    if (r->outcome == JUTEN_INFEASIBLE || r->n_explanation > 0) {
        json_t *ex = json_array();
        for (int i = 0; ex && i < r->n_explanation; i++)
            push(ex, json_string(r->explanation[i]), &ok);
        put(o, "explanation", ex, &ok);
    }
    put(o, "run", juten_json_run_info(m, &ok), &ok);

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
