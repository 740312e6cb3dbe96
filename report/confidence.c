/*
 * confidence.c -- the report of `solve --confidence P` and `solve --robust`
 * (juten_report_confidence.h): the portfolio as solve writes it, then what
 * the sampling and the validation found and the price of confidence.
 * With json.c, the only file that uses jansson: its members are added to
 * the solution object json.c builds, so the two reports share every key.
 */
#include "juten_report_confidence.h"
#include "report_int.h"
#include "juten_i18n.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

json_t *juten_json_solution_object(const juten_model *m, const juten_result *r,
                                   const juten_conflict *conflict, bool *okp);
juten_status juten_json_finish_report(FILE *f, json_t *o, const juten_model *m, bool ok,
                                      juten_diags *d);

const char *juten_text_probability(char *buf, double p)
{
    if (isnan(p))
        snprintf(buf, 64, "-");
    else
        snprintf(buf, 64, "%.2f%%", 100.0 * p);
    return buf;
}

static bool have_portfolio(juten_outcome o)
{
    return o == JUTEN_OPTIMAL || o == JUTEN_FEASIBLE;
}

/* "95%", "nominal", "robust": the name of a row of the price table. */
static const char *level_name(char *buf, const juten_confidence_point *p)
{
    if (p->robust)
        /* TRANSLATORS: a row of the price of confidence: the worst case */
        return _("robust");
    if (p->target == 0)
        /* TRANSLATORS: a row of the price of confidence: the plain solve */
        return _("nominal");
    snprintf(buf, 64, "%.10g%%", 100.0 * p->target);
    return buf;
}

/* ---- table ---- */

/* "  label" padded to `width` display columns, the start of a line of the
 * confidence figures. */
static void label(FILE *f, const char *text, int width)
{
    fputs("  ", f);
    juten_text_pad(f, text, width);
}

static juten_status table_confidence(FILE *f, const juten_model *m, const juten_confidence *c)
{
    char a[64], b[64], e[64];
    juten_precision pr;
    juten_precision_of(m, c->headroom, c->savings_rate, &pr);
    const int dv = pr.value;
    bool have = have_portfolio(juten_result_outcome(c->result));
    /* the labels in one column: 18 display columns, or the widest label
     * and two spaces (two columns a Japanese character) */
    const char *lab[] = {_("solved at"), _("target"),    _("objective"),     _("seed"),
                         _("samples"),   _("in sample"), _("out of sample"), _("validated"),
                         _("value given up")};
    const int lw = juten_text_width_max(16, lab, (int)(sizeof lab / sizeof lab[0])) + 2;
    if (c->robust) {
        fputs(_("\nRobust (the offset rule at every estimate's worst case):\n"), f);
        label(f, lab[0], lw);
        fputs(_("costs at cost_high, savings at saving_low (the figures above are at those "
                "values)\n"), f);
    } else {
        fputs(_("\nConfidence (the offset rule under the declared distributions):\n"), f);
        label(f, lab[1], lw);
        fprintf(f, _("%s of draws with net <= headroom\n"), juten_text_probability(a, c->target));
    }
    label(f, lab[2], lw);
    fputs(c->objective == JUTEN_CONFIDENCE_MEAN ? _("mean risk reductions\n")
                                                : _("most likely (nominal) risk reductions\n"),
          f);
    label(f, lab[3], lw);
    fprintf(f, "%llu\n", (unsigned long long)c->seed);
    if (!c->robust) {
        label(f, lab[4], lw);
        fprintf(f, _("%ld in-sample draws, at most %ld of them may break the offset\n"),
                c->samples, c->max_violations);
        if (have) {
            label(f, lab[5], lw);
            fprintf(f, _("%s hold (%ld of %ld break the offset)\n"),
                    juten_text_probability(a, c->in_sample), c->violations, c->samples);
        }
    }
    if (have) {
        label(f, lab[6], lw);
        fprintf(f, _("%s hold in %ld fresh draws (95%% interval %s to %s)\n"),
                juten_text_probability(a, c->probability), c->draws,
                juten_text_probability(b, c->ci_lo), juten_text_probability(e, c->ci_hi));
        if (!c->robust) {
            label(f, lab[7], lw);
            fputs(c->validated ? _("yes: the interval's lower end reaches the target\n")
                               : _("NO: the interval's lower end is below the target\n"), f);
        }
    }
    if (!isnan(c->nominal_objective) && have) {
        label(f, lab[8], lw);
        fprintf(f, _("%s against the plain solve (%s)\n"),
                juten_text_fixed(a, c->nominal_objective - juten_result_objective(c->result), dv),
                juten_text_fixed(b, c->nominal_objective, dv));
    }
    if (c->n_adjustments > 0) {
        fputs(_("\nRe-solved after validation:\n"), f);
        for (int i = 0; i < c->n_adjustments; i++) {
            const juten_confidence_adjustment *q = &c->adjustments[i];
            fprintf(f, "  %d. ", i + 1);
            fprintf(f, _("%ld samples, %ld allowed to break: %s out of sample (lower end %s), "
                         "below the target; "),
                    q->samples, q->max_violations, juten_text_probability(a, q->probability),
                    juten_text_probability(b, q->ci_lo));
            if (q->more_samples && q->no_portfolio)
                fprintf(f, _("solved again with %ld samples: no portfolio there, the previous "
                             "one is kept\n"), q->next_samples);
            else if (q->more_samples)
                fprintf(f, _("solved again with %ld samples\n"), q->next_samples);
            else if (q->no_portfolio)
                fprintf(f, _("solved again allowing %ld to break: no portfolio there, the "
                             "previous one is kept\n"), q->next_max_violations);
            else
                fprintf(f, _("solved again allowing %ld to break\n"), q->next_max_violations);
        }
    }
    if (c->n_price > 0) {
        fputs(_("\nPrice of confidence (value given up against the plain solve):\n"), f);
        static const char *const hd[] = {N_("level"),     N_("value"),         N_("given up"),
                                         N_("samples"),   N_("allowed"),       N_("in sample"),
                                         N_("out of sample"),
                                         /* xgettext:no-c-format */
                                         N_("95% interval")};
        juten_table *t = juten_table_new(8, hd, "lrrrrrrl");
        if (!t)
            return JUTEN_ERR_NOMEM;
        for (int i = 0; i < c->n_price; i++) {
            const juten_confidence_point *p = &c->price[i];
            char c0[64], c1[64], c2[64], c3[64], c4[64], c5[64], c6[64], c7[160];
            bool h = have_portfolio(p->outcome);
            bool sampled = !p->robust && p->target > 0;
            char l1[64], l2[64];
            if (h)
                snprintf(c7, sizeof c7, "%s - %s", juten_text_probability(l1, p->ci_lo),
                         juten_text_probability(l2, p->ci_hi));
            else
                snprintf(c7, sizeof c7, "%s", _("no portfolio"));
            if (sampled) {
                snprintf(c3, sizeof c3, "%ld", p->samples);
                snprintf(c4, sizeof c4, "%ld", p->max_violations);
            } else {
                snprintf(c3, sizeof c3, "-");
                snprintf(c4, sizeof c4, "-");
            }
            const char *cells[8] = {level_name(c0, p),
                                    h ? juten_text_fixed(c1, p->objective, dv) : "-",
                                    h ? juten_text_fixed(c2, p->price, dv) : "-", c3, c4,
                                    h && sampled ? juten_text_probability(c5, p->in_sample) : "-",
                                    h ? juten_text_probability(c6, p->probability) : "-", c7};
            if (!juten_table_add(t, cells)) {
                juten_table_free(t);
                return JUTEN_ERR_NOMEM;
            }
        }
        juten_table_print(t, f, 2);
        juten_table_free(t);
        fputs(_("  (each level validated and re-solved as above; \"nominal\" is the plain "
                "solve, \"robust\" the worst case)\n"), f);
    }
    return JUTEN_OK;
}

/* ---- JSON ---- */

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

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

static json_t *oos_json(long draws, double p, double lo, double hi, bool *ok)
{
    json_t *o = json_object(), *ci = json_array();
    if (!o || !ci) {
        json_decref(o);
        json_decref(ci);
        *ok = false;
        return NULL;
    }
    put(o, "draws", json_integer(draws), ok);
    put(o, "probability", num(p), ok);
    push(ci, num(lo), ok);
    push(ci, num(hi), ok);
    put(o, "ci", ci, ok);
    return o;
}

static juten_status json_confidence(FILE *f, const juten_model *m, const juten_confidence *c,
                                    juten_diags *d)
{
    bool ok = true;
    json_t *o = juten_json_solution_object(m, c->result, NULL, &ok);
    if (!o)
        return JUTEN_ERR_NOMEM;
    bool have = have_portfolio(juten_result_outcome(c->result));
    json_t *cf = json_object();
    if (cf) {
        put(cf, "target", c->robust ? json_null() : num(c->target), &ok);
        put(cf, "robust", json_boolean(c->robust), &ok);
        put(cf, "objective", json_string(juten_confidence_objective_name(c->objective)), &ok);
        put(cf, "seed", c->seed <= (uint64_t)INT64_MAX ? json_integer((json_int_t)c->seed)
                                                       : json_null(), &ok);
        put(cf, "samples", json_integer(c->samples), &ok);
        put(cf, "max_violations", json_integer(c->max_violations), &ok);
        put(cf, "in_sample", have && !c->robust ? num(c->in_sample) : json_null(), &ok);
        put(cf, "in_sample_violations",
            have && !c->robust ? json_integer(c->violations) : json_null(), &ok);
        put(cf, "out_of_sample",
            have ? oos_json(c->draws, c->probability, c->ci_lo, c->ci_hi, &ok) : json_null(),
            &ok);
        put(cf, "validated", json_boolean(c->validated), &ok);
        json_t *adj = json_array();
        for (int i = 0; adj && i < c->n_adjustments; i++) {
            const juten_confidence_adjustment *q = &c->adjustments[i];
            json_t *a = json_object();
            if (a) {
                put(a, "samples", json_integer(q->samples), &ok);
                put(a, "max_violations", json_integer(q->max_violations), &ok);
                put(a, "probability", num(q->probability), &ok);
                put(a, "ci_lo", num(q->ci_lo), &ok);
                put(a, "action", json_string(q->more_samples ? "more samples"
                                                             : "fewer violations allowed"), &ok);
                put(a, "next_samples", json_integer(q->next_samples), &ok);
                put(a, "next_max_violations", json_integer(q->next_max_violations), &ok);
                put(a, "no_portfolio", json_boolean(q->no_portfolio), &ok);
            }
            push(adj, a, &ok);
        }
        put(cf, "adjustments", adj, &ok);
        put(cf, "nominal_objective", num(c->nominal_objective), &ok);
    }
    put(o, "confidence", cf, &ok);
    if (c->n_price > 0) {
        json_t *pc = json_array();
        for (int i = 0; pc && i < c->n_price; i++) {
            const juten_confidence_point *p = &c->price[i];
            bool h = have_portfolio(p->outcome);
            bool sampled = !p->robust && p->target > 0;
            json_t *e = json_object();
            if (e) {
                put(e, "level", sampled ? num(p->target)
                                        : json_string(p->robust ? "robust" : "nominal"), &ok);
                put(e, "status", json_string(juten_outcome_str(p->outcome)), &ok);
                put(e, "objective", h ? num(p->objective) : json_null(), &ok);
                put(e, "given_up", h ? num(p->price) : json_null(), &ok);
                put(e, "samples", sampled ? json_integer(p->samples) : json_null(), &ok);
                put(e, "max_violations", sampled ? json_integer(p->max_violations) : json_null(),
                    &ok);
                put(e, "in_sample", h && sampled ? num(p->in_sample) : json_null(), &ok);
                put(e, "out_of_sample",
                    h ? oos_json(p->draws, p->probability, p->ci_lo, p->ci_hi, &ok) : json_null(),
                    &ok);
                put(e, "validated", sampled ? json_boolean(p->validated) : json_null(), &ok);
                put(e, "adjustments", json_integer(p->adjustments), &ok);
            }
            push(pc, e, &ok);
        }
        put(o, "price_of_confidence", pc, &ok);
    }
    return juten_json_finish_report(f, o, m, ok, d);
}

juten_status juten_report_confidence(FILE *f, juten_format fmt, const juten_model *m,
                                     const juten_confidence *c, juten_diags *d)
{
    if (!f || !m || !c || !c->result)
        return JUTEN_ERR_USAGE;
    switch (fmt) {
    case JUTEN_FORMAT_TABLE: {
        juten_status st = juten_report_solution(f, fmt, m, c->result, NULL, 0, NULL, d);
        return st == JUTEN_OK ? table_confidence(f, m, c) : st;
    }
    case JUTEN_FORMAT_CSV:
    case JUTEN_FORMAT_XLSX: /* the portfolio, as solve's */
        return juten_report_solution(f, fmt, m, c->result, NULL, 0, NULL, d);
    case JUTEN_FORMAT_JSON:
        return json_confidence(f, m, c, d);
    }
    return JUTEN_ERR_USAGE;
}
