/*
 * compare.c -- the report of `juten compare` (juten_report_compare.h):
 * what-if scenarios side by side.
 *
 * The table answers, in order: how each scenario comes out (status, value,
 * money, the chance its offset holds); what changed in its inputs; which
 * measures it funds that another does not; where the money goes by area
 * and ministry; what each rule family costs.  Scenarios are numbered
 * columns (1 is the reference), named once at the top, so a row of eight
 * scenarios still fits a terminal.  With json.c and confidence.c one of
 * the files that use jansson.  Nothing here depends on time or threads:
 * the same inputs give the same bytes.
 */
#include "juten_report_compare.h"
#include "juten_report_confidence.h"
#include "report_int.h"
#include "juten_i18n.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *juten_json_run_info(const juten_model *m, bool *ok);

#define FIX(buf, v, d) juten_text_fixed((buf), (v), (d))

/* One precision per quantity over every scenario (each table row mixes
 * them); the workbook's columns use it too (report_int.h). */
void juten_compare_precision(const juten_comparison *c, juten_precision *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < c->n; k++) {
        juten_precision q;
        const juten_compare_scenario *s = &c->s[k];
        juten_precision_of(s->model, s->headroom, s->savings_rate, &q);
        if (s->have) {
            q.net = juten_decimals_widen(q.net, juten_result_savings(s->result));
            q.net = juten_decimals_widen(q.net, juten_result_net(s->result));
        }
        p->money = q.money > p->money ? q.money : p->money;
        p->net = q.net > p->net ? q.net : p->net;
        p->value = q.value > p->value ? q.value : p->value;
    }
}

static const char *status_of(const juten_compare_scenario *s)
{
    return juten_outcome_str(juten_result_outcome(s->result));
}


/* The price of rule family `family` in scenario s: NAN when not priced. */
static double price_of(const juten_compare_scenario *s, unsigned family, bool *listed)
{
    *listed = false;
    for (int i = 0; s->prices && i < s->prices->n; i++)
        if (s->prices->items[i].family == family) {
            *listed = true;
            return s->prices->items[i].price;
        }
    return NAN;
}

static const char *cur_of(const juten_comparison *c)
{
    return juten_model_currency(c->s[0].model);
}

static void draws_sentence(FILE *f, const juten_comparison *c)
{
    if (c->draws <= 0) {
        fputs(_("Offset probability: no scenario declares [uncertainty] (or none has a "
                "portfolio); not simulated\n"),
              f);
        return;
    }
    fprintf(f, _("Offset probability: the same %ld draws (seed %llu) for every scenario that "
                 "declares [uncertainty]; %s\n"),
            c->draws, (unsigned long long)c->seed,
            c->draws_from_reference && c->seed_from_reference
                ? _("draws and seed are the reference scenario's")
            : c->draws_from_reference ? _("draws the reference's, seed from --seed")
            : c->seed_from_reference ? _("seed the reference's, draws from --draws")
                                     : _("draws and seed from the command line"));
}

static juten_status table_compare(FILE *f, const juten_comparison *c, const char *const *files,
                                  const char *title)
{
    char a[64], b[64];
    juten_precision pr;
    juten_compare_precision(c, &pr);
    const int n = c->n;
    const char *unit = cur_of(c);
    if (title && *title)
        fprintf(f, "%s\n", title);
    if (*unit)
        fprintf(f, _("Comparison of %d scenarios (1 is the reference); amounts in %s\n"), n,
                unit);
    else
        fprintf(f, _("Comparison of %d scenarios (1 is the reference)\n"), n);
    for (int k = 0; k < n; k++) {
        char *nm = juten_text_one_line(juten_model_name(c->s[k].model));
        fprintf(f, "  %d  %s  (%s)\n", k + 1, nm ? nm : "", files[k]);
        free(nm);
    }
    draws_sentence(f, c);
    fputc('\n', f);

    /* the figures */
    static const char *const hd[] = {"#", N_("status"), N_("value"), N_("spend"),
                                     N_("savings"), N_("net"), N_("headroom"), N_("funded"),
                                     N_("offset holds")};
    juten_table *t = juten_table_new(9, hd, "lrrrrrrrr");
    if (!t)
        return JUTEN_ERR_NOMEM;
    for (int k = 0; k < n; k++) {
        const juten_compare_scenario *s = &c->s[k];
        char num[6][64], idx[16], cnt[16];
        snprintf(idx, sizeof idx, "%d", k + 1);
        snprintf(cnt, sizeof cnt, "%d", s->selected);
        const juten_result *r = s->result;
        FIX(num[0], s->have ? juten_result_objective(r) : NAN, pr.value);
        FIX(num[1], s->have ? juten_result_spend(r) : NAN, pr.money);
        FIX(num[2], s->have ? juten_result_savings(r) : NAN, pr.net);
        FIX(num[3], s->have ? juten_result_net(r) : NAN, pr.net);
        FIX(num[4], s->headroom, pr.money);
        juten_text_probability(num[5], s->simulated ? s->offset_probability : NAN);
        const char *cells[] = {idx, juten_text_outcome(juten_result_outcome(s->result)), num[0], num[1], num[2], num[3], num[4],
                               s->have ? cnt : "-", num[5]};
        if (!juten_table_add(t, cells)) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    juten_table_print(t, f, 2);
    juten_table_free(t);
    for (int k = 0; k < n; k++)
        if (!c->s[k].have)
            fprintf(f, _("  %d has no portfolio (%s): juten solve %s with the same options "
                         "says why\n"),
                    k + 1, juten_text_outcome(juten_result_outcome(c->s[k].result)), files[k]);

    fputs(_("\nChanges against the reference (its inputs as loaded):\n"), f);
    for (int k = 1; k < n; k++) {
        const juten_compare_scenario *s = &c->s[k];
        fprintf(f, "  %d: ", k + 1);
        if (s->n_changes == 0)
            fputs(_("no change"), f);
        for (int i = 0; i < s->n_changes; i++)
            fprintf(f, "%s%s", i ? "; " : "", s->changes[i]);
        fputc('\n', f);
    }

    /* the measures funded in some but not all */
    int ncol = 2 + n;
    const char **hdr = calloc((size_t)ncol, sizeof *hdr);
    const char **cells = calloc((size_t)ncol, sizeof *cells);
    char (*nums)[16] = calloc((size_t)(n > 0 ? n : 1), sizeof *nums); /* n >= 0; -O2 cannot tell */
    char *align = calloc((size_t)ncol + 1, 1);
    juten_status st = hdr && cells && nums && align ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK) {
        hdr[0] = N_("id");
        hdr[1] = N_("name");
        align[0] = align[1] = 'l';
        for (int k = 0; k < n; k++) {
            snprintf(nums[k], sizeof nums[k], "%d", k + 1);
            hdr[2 + k] = nums[k];
            align[2 + k] = 'r';
        }
        if (c->n_differences == 0)
            fputs(_("\nNo measure is funded in some scenarios and not in others.\n"), f);
        else {
            fprintf(f, _("\nMeasures funded in some scenarios but not all (%d):\n"),
                    c->n_differences);
            t = juten_table_new(ncol, hdr, align);
            if (!t)
                st = JUTEN_ERR_NOMEM;
            if (t)
                juten_table_set_max_width(t, 1, 40);
            for (int i = 0; t && st == JUTEN_OK && i < c->n_differences; i++) {
                char *nm = juten_text_one_line(c->differences[i].name);
                cells[0] = c->differences[i].id;
                cells[1] = nm ? nm : "";
                for (int k = 0; k < n; k++)
                    cells[2 + k] = c->differences[i].funded[k] ? _("yes") : "-";
                if (!nm || !juten_table_add(t, cells))
                    st = JUTEN_ERR_NOMEM;
                free(nm);
            }
            if (t && st == JUTEN_OK)
                juten_table_print(t, f, 2);
            juten_table_free(t);
        }
    }
    /* areas, ministries, prices: one row per item, one column per scenario */
    /* charges split by cost_share: as many decimals as they need */
    int dc = pr.money;
    for (int k = 0; k < n; k++)
        for (int i = 0; c->s[k].have && i < c->n_ministries; i++)
            if (!isnan(c->s[k].ministry_charge[i]))
                dc = juten_decimals_widen(dc, c->s[k].ministry_charge[i]);
    char (*vals)[96] = st == JUTEN_OK ? calloc((size_t)n, sizeof *vals) : NULL;
    if (st == JUTEN_OK && !vals)
        st = JUTEN_ERR_NOMEM;
    for (int part = 0; st == JUTEN_OK && part < 3; part++) {
        int rows = part == 0 ? c->n_areas : part == 1 ? c->n_ministries : JUTEN_RULE_FAMILIES;
        if (part == 0)
            fputs(_("\nSpending by area (share of the scenario's spending):\n"), f);
        else if (part == 1) {
            if (rows == 0)
                continue;
            fputs(_("\nCharge by ministry (its ceiling in the reference):\n"), f);
        } else {
            bool any = false;
            for (int k = 0; k < n; k++)
                any = any || c->s[k].prices;
            if (!any)
                continue;
            fputs(_("\nPrice of each rule (value given up because of it; - : not used or "
                    "not priced):\n"),
                  f);
        }
        hdr[0] = part == 0 ? N_("area") : part == 1 ? N_("ministry") : N_("rule");
        align[1] = part == 1 ? 'r' : 'l';
        hdr[1] = part == 1 ? N_("ceiling") : "";
        t = juten_table_new(ncol, hdr, align);
        if (!t) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        for (int i = 0; st == JUTEN_OK && i < rows; i++) {
            bool used = part != 2;
            for (int k = 0; k < n; k++) {
                const juten_compare_scenario *s = &c->s[k];
                if (part == 0) {
                    double sp = s->area_spend[i], tot = s->have ? juten_result_spend(s->result) : 0;
                    if (isnan(sp) || !s->have)
                        snprintf(vals[k], sizeof vals[k], "-");
                    else
                        snprintf(vals[k], sizeof vals[k], "%s (%s)", FIX(a, sp, pr.money),
                                 juten_text_percent(b, tot > 0 ? sp / tot : 0.0));
                } else if (part == 1) {
                    double ch = s->ministry_charge[i];
                    snprintf(vals[k], sizeof vals[k], "%s",
                             isnan(ch) || !s->have ? "-" : FIX(a, ch, dc));
                } else {
                    bool listed;
                    double p = price_of(s, 1u << i, &listed);
                    used = used || listed;
                    snprintf(vals[k], sizeof vals[k], "%s",
                             !listed || isnan(p) ? "-"
                             : isinf(p)          ? _("infeasible without it")
                                                 : FIX(a, p, pr.value));
                }
                cells[2 + k] = vals[k];
            }
            if (!used)
                continue;
            char ceil[64] = "";
            if (part == 0) {
                cells[0] = c->area_ids[i];
                cells[1] = "";
            } else if (part == 1) {
                cells[0] = c->ministry_ids[i];
                int r = -1;
                for (int q = 0; q < juten_model_ministry_count(c->s[0].model); q++)
                    if (!strcmp(juten_model_ministry_id(c->s[0].model, q), c->ministry_ids[i]))
                        r = q;
                double cv = r >= 0 ? juten_model_ministry_ceiling(c->s[0].model, r) : NAN;
                snprintf(ceil, sizeof ceil, "%s", isfinite(cv) ? FIX(a, cv, pr.money) : "-");
                cells[1] = ceil;
            } else {
                cells[0] = juten_text_rule_family(1u << i);
                cells[1] = "";
            }
            if (!juten_table_add(t, cells))
                st = JUTEN_ERR_NOMEM;
        }
        if (st == JUTEN_OK)
            juten_table_print(t, f, 2);
        juten_table_free(t);
    }
    free(vals);
    free(hdr);
    free(cells);
    free(nums);
    free(align);
    return st;
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_text_row(FILE *f, const char *section, int k, const char *file, const char *item,
                         const char *name, const char *field)
{
    char idx[16];
    snprintf(idx, sizeof idx, "%d", k + 1);
    juten_csv_cell(f, section, true);
    fputc(',', f);
    fputs(k >= 0 ? idx : "", f);
    fputc(',', f);
    juten_csv_cell(f, file ? file : "", true);
    fputc(',', f);
    juten_csv_cell(f, item ? item : "", true);
    fputc(',', f);
    juten_csv_cell(f, name ? name : "", true);
    fputc(',', f);
    juten_csv_cell(f, field, true);
    fputc(',', f);
}

/* v with the d decimals the table shows it with */
static void csv_num(FILE *f, const char *section, int k, const char *file, const char *item,
                    const char *name, const char *field, double v, int d)
{
    csv_text_row(f, section, k, file, item, name, field);
    if (d < 0) /* a rate, as the table shows one */
        juten_csv_rate(f, v, 3);
    else
        juten_csv_number(f, v, d);
    fputs("\r\n", f);
}

static void csv_str(FILE *f, const char *section, int k, const char *file, const char *item,
                    const char *name, const char *field, const char *v)
{
    csv_text_row(f, section, k, file, item, name, field);
    juten_csv_cell(f, v, true);
    fputs("\r\n", f);
}

static juten_status csv_compare(FILE *f, const juten_comparison *c, const char *const *files)
{
    fputs("\xEF\xBB\xBF", f); /* BOM: Japanese Excel reads UTF-8 only with it */
    fputs("section,scenario,file,item,name,field,value\r\n", f);
    /* the table's decimals: one per quantity over every scenario; shares
     * (a percent with one decimal) 3, the offset probability (two) 4 */
    juten_precision pr;
    juten_compare_precision(c, &pr);
    int dc = pr.money;
    for (int k = 0; k < c->n; k++)
        for (int i = 0; c->s[k].have && i < c->n_ministries; i++)
            if (!isnan(c->s[k].ministry_charge[i]))
                dc = juten_decimals_widen(dc, c->s[k].ministry_charge[i]);
    for (int k = 0; k < c->n; k++) {
        const juten_compare_scenario *s = &c->s[k];
        const juten_result *r = s->result;
        const char *fl = files[k], *nm = juten_model_name(s->model);
        csv_str(f, "scenario", k, fl, "", nm, "status", status_of(s));
        csv_num(f, "scenario", k, fl, "", nm, "objective",
                s->have ? juten_result_objective(r) : NAN, pr.value);
        csv_num(f, "scenario", k, fl, "", nm, "spend", s->have ? juten_result_spend(r) : NAN,
                pr.money);
        csv_num(f, "scenario", k, fl, "", nm, "savings",
                s->have ? juten_result_savings(r) : NAN, pr.net);
        csv_num(f, "scenario", k, fl, "", nm, "net", s->have ? juten_result_net(r) : NAN, pr.net);
        csv_num(f, "scenario", k, fl, "", nm, "headroom", s->headroom, pr.money);
        csv_num(f, "scenario", k, fl, "", nm, "savings_rate", s->savings_rate, -1);
        csv_num(f, "scenario", k, fl, "", nm, "funded", s->have ? s->selected : NAN, 0);
        csv_num(f, "scenario", k, fl, "", nm, "offset_probability",
                s->simulated ? s->offset_probability : NAN, 4);
    }
    for (int k = 1; k < c->n; k++)
        for (int i = 0; i < c->s[k].n_changes; i++)
            csv_str(f, "change", k, files[k], "", juten_model_name(c->s[k].model), "change",
                    c->s[k].changes[i]);
    for (int i = 0; i < c->n_differences; i++)
        for (int k = 0; k < c->n; k++)
            csv_str(f, "difference", k, files[k], c->differences[i].id, c->differences[i].name,
                    "funded", c->differences[i].funded[k] ? "yes" : "no");
    for (int a = 0; a < c->n_areas; a++)
        for (int k = 0; k < c->n; k++) {
            const juten_compare_scenario *s = &c->s[k];
            double tot = s->have ? juten_result_spend(s->result) : NAN;
            csv_num(f, "area", k, files[k], c->area_ids[a], c->area_names[a], "spend",
                    s->have ? s->area_spend[a] : NAN, pr.money);
            csv_num(f, "area", k, files[k], c->area_ids[a], c->area_names[a], "share",
                    s->have && tot > 0 ? s->area_spend[a] / tot : NAN, 3);
            csv_num(f, "area", k, files[k], c->area_ids[a], c->area_names[a], "value",
                    s->have ? s->area_value[a] : NAN, pr.value);
        }
    for (int a = 0; a < c->n_ministries; a++)
        for (int k = 0; k < c->n; k++)
            csv_num(f, "ministry", k, files[k], c->ministry_ids[a], c->ministry_names[a],
                    "charge", c->s[k].have ? c->s[k].ministry_charge[a] : NAN, dc);
    for (int k = 0; k < c->n; k++)
        for (int i = 0; c->s[k].prices && i < c->s[k].prices->n; i++) {
            const juten_rule_price *p = &c->s[k].prices->items[i];
            csv_num(f, "rule_price", k, files[k], juten_rule_family_name(p->family), "", "price",
                    p->price, pr.value);
        }
    return ferror(f) ? JUTEN_ERR_IO : JUTEN_OK;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static void put(json_t *o, const char *k, json_t *v, bool *ok)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *ok = false;
}

static void push(json_t *a, json_t *v, bool *ok)
{
    if (!v || json_array_append_new(a, v) != 0)
        *ok = false;
}

static json_t *json_compare(const juten_comparison *c, const char *const *files, bool *ok)
{
    json_t *o = json_object(), *sc = json_array();
    if (!o || !sc) {
        json_decref(o);
        json_decref(sc);
        *ok = false;
        return NULL;
    }
    for (int k = 0; k < c->n; k++) {
        const juten_compare_scenario *s = &c->s[k];
        const juten_result *r = s->result;
        const juten_model *m = s->model;
        json_t *e = json_object(), *sel = json_array(), *rp = json_object();
        if (!e || !sel || !rp) {
            json_decref(e);
            json_decref(sel);
            json_decref(rp);
            *ok = false;
            break;
        }
        put(e, "name", json_string(juten_model_name(m)), ok);
        put(e, "file", json_string(files[k]), ok);
        put(e, "status", json_string(status_of(s)), ok);
        put(e, "objective", s->have ? num(juten_result_objective(r)) : json_null(), ok);
        put(e, "spend", s->have ? num(juten_result_spend(r)) : json_null(), ok);
        put(e, "savings", s->have ? num(juten_result_savings(r)) : json_null(), ok);
        put(e, "net", s->have ? num(juten_result_net(r)) : json_null(), ok);
        put(e, "headroom", num(s->headroom), ok);
        put(e, "savings_rate", num(s->savings_rate), ok);
        for (int j = 0; s->have && j < juten_model_measure_count(m); j++)
            if (juten_result_selected(r, j))
                push(sel, json_string(juten_model_measure_id(m, j)), ok);
        put(e, "selected", sel, ok);
        put(e, "offset_probability", s->simulated ? num(s->offset_probability) : json_null(), ok);
        if (s->simulated) {
            json_t *ci = json_array();
            push(ci, num(s->offset_ci_lo), ok);
            push(ci, num(s->offset_ci_hi), ok);
            put(e, "offset_ci", ci, ok);
        } else {
            put(e, "offset_ci", json_null(), ok);
        }
        for (int i = 0; s->prices && i < s->prices->n; i++) {
            const juten_rule_price *p = &s->prices->items[i];
            put(rp, juten_rule_family_name(p->family),
                isinf(p->price) ? json_string("infeasible without it") : num(p->price), ok);
        }
        put(e, "rule_prices", s->prices ? rp : (json_decref(rp), json_null()), ok);
        push(sc, e, ok);
    }
    put(o, "scenarios", sc, ok);

    json_t *df = json_array();
    for (int i = 0; df && i < c->n_differences; i++) {
        json_t *e = json_object(), *fa = json_array();
        for (int k = 0; fa && k < c->n; k++)
            push(fa, json_boolean(c->differences[i].funded[k]), ok);
        if (e) {
            put(e, "id", json_string(c->differences[i].id), ok);
            put(e, "name", json_string(c->differences[i].name), ok);
            put(e, "funded", fa, ok);
        } else
            json_decref(fa);
        push(df, e, ok);
    }
    put(o, "differences", df, ok);

    json_t *ch = json_array();
    for (int k = 0; ch && k < c->n; k++) {
        json_t *e = json_object(), *list = json_array();
        for (int i = 0; list && i < c->s[k].n_changes; i++)
            push(list, json_string(c->s[k].changes[i]), ok);
        if (e) {
            put(e, "scenario", json_integer(k + 1), ok);
            put(e, "file", json_string(files[k]), ok);
            put(e, "changes", list, ok);
        } else
            json_decref(list);
        push(ch, e, ok);
    }
    put(o, "changes", ch, ok);

    json_t *ar = json_array();
    for (int a = 0; ar && a < c->n_areas; a++) {
        json_t *e = json_object(), *sp = json_array(), *sh = json_array(), *va = json_array();
        for (int k = 0; sp && sh && va && k < c->n; k++) {
            const juten_compare_scenario *s = &c->s[k];
            double tot = s->have ? juten_result_spend(s->result) : NAN;
            push(sp, s->have ? num(s->area_spend[a]) : json_null(), ok);
            push(sh, s->have && tot > 0 ? num(s->area_spend[a] / tot)
                     : s->have && !isnan(s->area_spend[a]) ? json_real(0) : json_null(), ok);
            push(va, s->have ? num(s->area_value[a]) : json_null(), ok);
        }
        if (e) {
            put(e, "id", json_string(c->area_ids[a]), ok);
            put(e, "name", json_string(c->area_names[a]), ok);
            put(e, "spend", sp, ok);
            put(e, "share", sh, ok);
            put(e, "value", va, ok);
        }
        push(ar, e, ok);
    }
    put(o, "areas", ar, ok);

    json_t *mi = json_array();
    for (int a = 0; mi && a < c->n_ministries; a++) {
        json_t *e = json_object(), *cg = json_array();
        for (int k = 0; cg && k < c->n; k++)
            push(cg, c->s[k].have ? num(c->s[k].ministry_charge[a]) : json_null(), ok);
        if (e) {
            put(e, "id", json_string(c->ministry_ids[a]), ok);
            put(e, "name", json_string(c->ministry_names[a]), ok);
            put(e, "charge", cg, ok);
        }
        push(mi, e, ok);
    }
    put(o, "ministries", mi, ok);

    json_t *run = json_object(), *sim = json_object(), *inputs = json_array();
    if (run && sim && inputs) {
        put(run, "juten", json_string(JUTEN_VERSION), ok);
        put(run, "solver", json_string(juten_solver_backend_version()), ok);
        put(sim, "draws", c->draws > 0 ? json_integer(c->draws) : json_null(), ok);
        put(sim, "seed", c->draws > 0 ? json_integer((json_int_t)c->seed) : json_null(), ok);
        put(sim, "draws_from", json_string(c->draws_from_reference ? "reference" : "command line"), ok);
        put(sim, "seed_from", json_string(c->seed_from_reference ? "reference" : "command line"), ok);
        put(run, "simulation", sim, ok);
        for (int k = 0; k < c->n; k++) {
            json_t *ri = juten_json_run_info(c->s[k].model, ok);
            json_t *in = ri ? json_object_get(ri, "inputs") : NULL;
            push(inputs, in ? json_incref(in) : NULL, ok);
            json_decref(ri);
        }
        put(run, "inputs", inputs, ok);
    } else {
        json_decref(sim);
        json_decref(inputs);
        *ok = false;
    }
    put(o, "run", run, ok);
    return o;
}

juten_status juten_report_compare(FILE *f, juten_format fmt, const juten_comparison *c,
                                  const char *const *files, const char *title,
                                  juten_diags *d)
{
    if (!c || !files)
        return JUTEN_ERR_USAGE;
    if (fmt == JUTEN_FORMAT_TABLE)
        return table_compare(f, c, files, title);
    if (fmt == JUTEN_FORMAT_CSV)
        return csv_compare(f, c, files);
    if (fmt == JUTEN_FORMAT_XLSX)
        return juten_report_xlsx_comparison(f, c, files, title, d);
    bool ok = true;
    json_t *o = json_compare(c, files, &ok);
    juten_status st = ok && o ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK &&
        (json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0 ||
         fputc('\n', f) == EOF)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "writing the JSON output failed");
        st = JUTEN_ERR_IO;
    }
    json_decref(o);
    return st;
}
