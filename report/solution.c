/*
 * solution.c -- the portfolio as a table for the terminal and as CSV for
 * Excel.  (JSON is in json.c, the only file that uses jansson.)
 *
 * The table answers a planner's questions in the order they are asked: is
 * there a portfolio and is it proven best; what is funded; does the money
 * add up (spending, realised savings, net against the headroom); how it
 * splits by policy area and by ministry; which rules are at their limit.
 * Each number has the decimals of the data it comes from (juten_precision_of),
 * one precision per column, and the CSV for Excel the same decimals.
 */
#include "report_int.h"
#include "juten_i18n.h"
#include "juten_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Numbers in the table: each quantity with the decimals of its data
 * (juten_precision_of), fixed, so a column lines up; CSV the same
 * (juten_csv_number). */
#define FIX(buf, v, d) juten_text_fixed((buf), (v), (d))

bool juten_format_parse(const char *s, juten_format *out)
{
    if (!strcmp(s, "table"))
        *out = JUTEN_FORMAT_TABLE;
    else if (!strcmp(s, "csv"))
        *out = JUTEN_FORMAT_CSV;
    else if (!strcmp(s, "json"))
        *out = JUTEN_FORMAT_JSON;
    else if (!strcmp(s, "xlsx"))
        *out = JUTEN_FORMAT_XLSX;
    else
        return false;
    return true;
}

/* " 億円", or nothing when the scenario names no currency. */
static const char *cur(const juten_model *m)
{
    return juten_model_currency(m);
}

static void status_line(FILE *f, const juten_result *r, const juten_precision *pr)
{
    char a[64], b[64];
    bool limited = juten_result_time_limited(r);
    switch (juten_result_outcome(r)) {
    case JUTEN_OPTIMAL:
        fputs(_("Status: optimal (proven best portfolio under every rule)\n"), f);
        break;
    case JUTEN_FEASIBLE:
        if (isnan(juten_result_best_bound(r)))
            fputs(_("Status: feasible, not proven optimal: every rule holds, but the time "
                    "limit came before any bound on the best value (raise --time-limit to "
                    "prove it)\n"), f);
        else if (limited)
            fprintf(f, _("Status: feasible, not proven optimal: gap %s%%, best bound %s (stopped "
                         "at the time limit)\n"),
                    juten_text_amount(a, 100 * juten_result_gap(r), 4),
                    FIX(b, juten_result_best_bound(r), pr->value));
        else if (juten_result_node_limited(r))
            fprintf(f, _("Status: feasible, not proven optimal: gap %s%%, best bound %s (stopped "
                         "at the node limit)\n"),
                    juten_text_amount(a, 100 * juten_result_gap(r), 4),
                    FIX(b, juten_result_best_bound(r), pr->value));
        else
            fprintf(f, _("Status: feasible, not proven optimal: gap %s%%, best bound %s\n"),
                    juten_text_amount(a, 100 * juten_result_gap(r), 4),
                    FIX(b, juten_result_best_bound(r), pr->value));
        break;
    case JUTEN_INFEASIBLE:
        fputs(_("Status: infeasible: no portfolio satisfies every rule\n"), f);
        break;
    case JUTEN_NO_SOLUTION:
        if (limited)
            fputs(_("Status: no portfolio found within the limits (none proven impossible); "
                    "raise --time-limit\n"), f);
        else if (juten_result_node_limited(r))
            fputs(_("Status: no portfolio found within the limits (none proven impossible); "
                    "raise --node-limit\n"), f);
        else
            fputs(_("Status: no portfolio found within the limits (none proven impossible)\n"),
                  f);
        break;
    }
}

/* The rules at their limit, with their gains when weighed, as
 * juten_report_binding_text prints them (the result keeps them behind
 * accessors, the printer takes arrays shared with the explanations). */
static juten_status binding_text(FILE *f, const juten_result *r, int dv)
{
    int n = juten_result_binding_count(r);
    bool weighed = juten_result_binding_weighed(r);
    const char **names = malloc(((size_t)n + 1) * sizeof *names);
    double *gain = weighed ? malloc(((size_t)n + 1) * sizeof *gain) : NULL;
    if (!names || (weighed && !gain)) {
        free(names);
        free(gain);
        return JUTEN_ERR_NOMEM;
    }
    for (int i = 0; i < n; i++) {
        names[i] = juten_result_binding(r, i);
        if (gain)
            gain[i] = juten_result_binding_gain(r, i);
    }
    juten_report_binding_text(f, "  ", names, gain, n, juten_result_binding_inert(r),
                              juten_result_binding_unchecked(r), dv);
    free(names);
    free(gain);
    return JUTEN_OK;
}

static juten_status table_solution(FILE *f, const juten_model *m, const juten_result *r,
                                   const juten_rule_price *prices, int n_prices,
                                   const juten_conflict *conflict)
{
    char a[64], b[64], c[64];
    const double headroom = juten_result_headroom(r), rate = juten_result_savings_rate(r);
    const double spend = juten_result_spend(r), savings = juten_result_savings(r);
    const double net = juten_result_net(r);
    const juten_outcome outcome = juten_result_outcome(r);
    const int n_min = juten_model_ministry_count(m);
    juten_precision pr;
    juten_precision_of(m, headroom, rate, &pr);
    const int dm = pr.money, dv = pr.value;
    /* realised savings and the net: widened to what this result needs (a
     * savings rate times a saving); charges split by cost_share likewise */
    int dn = pr.net, dc = dm;
    dn = juten_decimals_widen(dn, savings);
    dn = juten_decimals_widen(dn, net);
    for (int k = 0; k < n_min; k++)
        dc = juten_decimals_widen(dc, juten_result_ministry_charge(r, k));
    /* " 億円", or nothing when the scenario names no currency */
    char u[64];
    snprintf(u, sizeof u, "%s%s", *cur(m) ? " " : "", cur(m));
    const char *name = juten_model_name(m);
    char *title = juten_text_one_line(*name ? name : _("juten portfolio"));
    if (!title)
        return JUTEN_ERR_NOMEM;
    fprintf(f, "%s\n", title);
    free(title);
    status_line(f, r, &pr);
    /* TRANSLATORS: headroom (with its unit, " 億円"), then the savings rate */
    fprintf(f, _("Parameters: headroom %s%s, savings rate %s\n"), FIX(a, headroom, dm), u,
            juten_text_rate(b, rate));
    if (outcome == JUTEN_INFEASIBLE || outcome == JUTEN_NO_SOLUTION) {
        int n_ex = juten_result_explanation_count(r);
        if (n_ex) {
            fputs(_("\nWhy:\n"), f);
            for (int i = 0; i < n_ex; i++)
                fprintf(f, "  - %s\n", juten_result_explanation(r, i));
        }
        if (conflict && conflict->n > 0) {
            fputs(_("\nA minimal set of rules that cannot hold together (drop or move any "
                    "one of them and a portfolio exists):\n"), f);
            for (int i = 0; i < conflict->n; i++)
                fprintf(f, "  - %s: %s\n", conflict->items[i].rule, conflict->items[i].sentence);
        }
        return JUTEN_OK;
    }

    static const char *const hd[] = {N_("id"),   N_("name"),   N_("area"), N_("ministry"),
                                     N_("cost"), N_("saving"), N_("value")};
    juten_table *t = juten_table_new(7, hd, "llllrrr");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 1, 40);
    const int n_meas = juten_model_measure_count(m);
    for (int j = 0; j < n_meas; j++) {
        if (!juten_result_selected(r, j))
            continue;
        int mi = juten_model_measure_ministry(m, j);
        const char *cells[7] = {juten_model_measure_id(m, j), juten_model_measure_name(m, j),
                                juten_model_area_id(m, juten_model_measure_area(m, j)),
                                mi >= 0 ? juten_model_ministry_id(m, mi) : "",
                                FIX(a, juten_result_cost(r, j), dm),
                                FIX(b, juten_result_saving(r, j), dm),
                                FIX(c, juten_result_value(r, j), dv)};
        if (!juten_table_add(t, cells)) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    fprintf(f, _("\nFunded measures (%d of %d):\n"), juten_result_selected_count(r), n_meas);
    juten_table_print(t, f, 2);
    juten_table_free(t);

    fputs(_("\nTotals:\n"), f);
    /* the labels in one column, as wide as the widest (two columns a
     * Japanese character) and at least as in English */
    const char *lab[4] = {_("spending"), _("realised savings"), _("net"), _("value")};
    const int lw = juten_text_width_max(16, lab, 4) + 2;
    fputs("  ", f);
    juten_text_pad(f, lab[0], lw);
    fprintf(f, "%s%s\n", FIX(a, spend, dm), u);
    fputs("  ", f);
    juten_text_pad(f, lab[1], lw);
    /* TRANSLATORS: realised savings with unit, the savings rate, the savings listed */
    fprintf(f, _("%s%s (savings rate %s of %s listed)\n"), FIX(a, savings, dn), u,
            juten_text_rate(b, rate), FIX(c, rate > 0 ? savings / rate : 0.0, dm));
    fputs("  ", f);
    juten_text_pad(f, lab[2], lw);
    /* TRANSLATORS: net with unit, headroom with unit, what is left with unit */
    fprintf(f, _("%s%s against a headroom of %s%s (%s%s to spare)\n"), FIX(a, net, dn), u,
            FIX(b, headroom, dm), u, FIX(c, headroom - net, dn), u);
    fputs("  ", f);
    juten_text_pad(f, lab[3], lw);
    fprintf(f, _("%s (weighted risk reduction)\n"), FIX(a, juten_result_objective(r), dv));

    static const char *const ha[] = {N_("area"),  N_("name"),      N_("spend"),
                                     N_("share"), N_("min share"), N_("max share")};
    juten_table *ta = juten_table_new(6, ha, "llrrrr");
    if (!ta)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(ta, 1, 40);
    for (int k = 0; k < juten_model_area_count(m); k++) {
        double as = juten_result_area_spend(r, k);
        double share = spend > 0 ? as / spend : 0.0;
        char s1[64], s2[64], s3[64];
        const char *cells[6] = {juten_model_area_id(m, k),
                                juten_model_area_name(m, k),
                                FIX(a, as, dm),
                                juten_text_percent(s1, share),
                                juten_text_percent(s2, juten_model_area_min_share(m, k)),
                                juten_text_percent(s3, juten_model_area_max_share(m, k))};
        if (!juten_table_add(ta, cells)) {
            juten_table_free(ta);
            return JUTEN_ERR_NOMEM;
        }
    }
    fputs(_("\nBy policy area:\n"), f);
    juten_table_print(ta, f, 2);
    juten_table_free(ta);

    if (n_min > 0) {
        static const char *const hm[] = {N_("ministry"), N_("name"), N_("charge"),
                                         N_("ceiling"), N_("used")};
        juten_table *tm = juten_table_new(5, hm, "llrrr");
        if (!tm)
            return JUTEN_ERR_NOMEM;
        juten_table_set_max_width(tm, 1, 30);
        for (int k = 0; k < n_min; k++) {
            double ceiling = juten_model_ministry_ceiling(m, k);
            double charge = juten_result_ministry_charge(r, k);
            char s1[64], s2[64];
            if (isfinite(ceiling)) {
                FIX(s1, ceiling, dm);
                if (ceiling > 0)
                    juten_text_percent(s2, charge / ceiling);
                else
                    strcpy(s2, "-");
            } else {
                /* TRANSLATORS: a ministry without a ceiling (a table cell) */
                snprintf(s1, sizeof s1, "%s", _("none"));
                strcpy(s2, "-");
            }
            const char *cells[5] = {juten_model_ministry_id(m, k), juten_model_ministry_name(m, k),
                                    FIX(a, charge, dc), s1, s2};
            if (!juten_table_add(tm, cells)) {
                juten_table_free(tm);
                return JUTEN_ERR_NOMEM;
            }
        }
        fputs(_("\nBy ministry (charges follow cost_share where given):\n"), f);
        juten_table_print(tm, f, 2);
        juten_table_free(tm);
    }

    bool none = juten_result_binding_count(r) == 0;
    if (juten_result_binding_weighed(r))
        fputs(none ? _("\nRules at their limit (value gained if that rule alone were dropped): "
                       "none that hold the value down\n")
                   : _("\nRules at their limit (value gained if that rule alone were "
                       "dropped):\n"), f);
    else
        fputs(none ? _("\nRules at their limit: none that hold the value down\n")
                   : _("\nRules at their limit:\n"), f);
    juten_status st = binding_text(f, r, dv);
    if (st != JUTEN_OK)
        return st;
    juten_report_rule_prices_text(f, prices, prices ? n_prices : 0, dv);
    juten_report_offset_price_note(f, prices, prices ? n_prices : 0, juten_result_objective(r));
    return JUTEN_OK;
}

void juten_report_binding_text(FILE *f, const char *indent, const char *const *names,
                               const double *gain, int n, int inert, int unchecked,
                               int decimals)
{
    char a[64];
    /* names measured by display width: a rule names its area, ministry or
     * tag by id, and an id may be Japanese */
    int w = juten_text_width_max(0, names, n), wg = 0;
    for (int i = 0; i < n; i++)
        if (gain && !isnan(gain[i]) && (int)strlen(FIX(a, gain[i], decimals)) > wg)
            wg = (int)strlen(a);
    /* the gains right-aligned in one column, as in a table */
    for (int i = 0; i < n; i++) {
        fputs(indent, f);
        if (!gain) {
            fprintf(f, "%s\n", names[i]);
            continue;
        }
        juten_text_pad(f, names[i], w);
        fprintf(f, "  %*s\n", wg, isnan(gain[i]) ? "?" : FIX(a, gain[i], decimals));
    }
    if (gain && inert > 0) {
        fputs(indent, f);
        fprintf(f, P_("(%d more rule is at its limit, but dropping it alone gains nothing: "
                      "not listed)\n",
                      "(%d more rules are at their limit, but dropping any one of them alone "
                      "gains nothing: not listed)\n", inert),
                inert);
    }
    if (gain && unchecked > 0) {
        fputs(indent, f);
        fprintf(f, P_("(%d more rule at its limit could not be weighed: the re-solves share a "
                      "quarter of --time-limit and check at most 40 rules)\n",
                      "(%d more rules at their limit could not be weighed: the re-solves share "
                      "a quarter of --time-limit and check at most 40 rules)\n", unchecked),
                unchecked);
    }
}

void juten_report_offset_price_note(FILE *f, const juten_rule_price *prices, int n,
                                    double value)
{
    char a[64], b[64];
    for (int i = 0; prices && i < n; i++) {
        if (prices[i].family != JUTEN_RULE_OFFSET || !isfinite(prices[i].price) ||
            !(prices[i].price > 0))
            continue;
        if (isfinite(value) && prices[i].price > value)
            fprintf(f, _("\nThe offset's price is the value of everything the offset keeps "
                         "out: without it juten\nwould fund every measure worth funding, so "
                         "its price is not a share of what is\nfunded; here it exceeds the "
                         "whole value of the portfolio (%s against %s).\n"),
                    juten_text_amount(a, prices[i].price, 3), juten_text_amount(b, value, 3));
        else
            fputs(_("\nThe offset's price is the value of everything the offset keeps out: "
                    "without it juten\nwould fund every measure worth funding, so its price "
                    "is not a share of what is\nfunded.\n"), f);
    }
}

void juten_report_rule_prices_text(FILE *f, const juten_rule_price *prices, int n, int decimals)
{
    char a[64];
    if (!prices || n <= 0)
        return;
    /* the prices right-aligned in one column, like a table's */
    int w = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(prices[i].price)) {
            int k = (int)strlen(juten_text_fixed(a, prices[i].price, decimals));
            w = k > w ? k : w;
        }
    /* the names in one column by display width, 22 columns or more */
    int wn = 22;
    for (int i = 0; i < n; i++) {
        int k = juten_utf8_width(juten_text_rule_family(prices[i].family));
        wn = k > wn ? k : wn;
    }
    fputs(_("\nPrice of each rule (value given up because of it; 0: it costs nothing):\n"), f);
    for (int i = 0; i < n; i++) {
        fputs("  ", f);
        juten_text_pad(f, juten_text_rule_family(prices[i].family), wn);
        if (isnan(prices[i].price))
            fputs(_(" not proven within the time limit (--time-limit)\n"), f);
        else if (prices[i].hi > prices[i].lo) {
            char lo[64], hi[64];
            fprintf(f, " %*s  ", w, juten_text_fixed(a, prices[i].price, decimals));
            fprintf(f, _("(between %s and %s: solved within the gap)\n"),
                    juten_text_fixed(lo, prices[i].lo, decimals),
                    juten_text_fixed(hi, prices[i].hi, decimals));
        } else
            fprintf(f, " %*s\n", w, juten_text_fixed(a, prices[i].price, decimals));
    }
}

static void csv_row_end(FILE *f) { fputs("\r\n", f); }

static juten_status csv_solution(FILE *f, const juten_model *m, const juten_result *r)
{
    fputs("\xEF\xBB\xBF", f); /* BOM: Japanese Excel reads UTF-8 only with it */
    /* area_name and ministry_name come last: columns added later go at the
     * end, so a sheet reading the others by position keeps working */
    static const char *const hd[] = {"id", "name", "area", "ministry", "funded", "cost",
                                     "saving", "risk_reduction", "weight", "weighted_value",
                                     "area_name", "ministry_name"};
    for (int c = 0; c < 12; c++) {
        if (c)
            fputc(',', f);
        juten_csv_cell(f, hd[c], true);
    }
    csv_row_end(f);
    juten_outcome outcome = juten_result_outcome(r);
    bool have = outcome == JUTEN_OPTIMAL || outcome == JUTEN_FEASIBLE;
    /* the table's decimals: money for cost and saving, the value's for risk
     * reduction and weighted value, a rate's for the weight */
    juten_precision pr;
    juten_precision_of(m, juten_result_headroom(r), juten_result_savings_rate(r), &pr);
    const int dec[5] = {pr.money, pr.money, pr.value, 3, pr.value};
    for (int j = 0; j < juten_model_measure_count(m); j++) {
        int area = juten_model_measure_area(m, j), mi = juten_model_measure_ministry(m, j);
        juten_csv_cell(f, juten_model_measure_id(m, j), true);
        fputc(',', f);
        juten_csv_cell(f, juten_model_measure_name(m, j), true);
        fputc(',', f);
        juten_csv_cell(f, juten_model_area_id(m, area), true);
        fputc(',', f);
        juten_csv_cell(f, mi >= 0 ? juten_model_ministry_id(m, mi) : "", true);
        fputc(',', f);
        fputs(have ? (juten_result_selected(r, j) ? "yes" : "no") : "", f);
        const double num[5] = {juten_result_cost(r, j), juten_result_saving(r, j),
                               juten_result_risk(r, j), juten_model_area_weight(m, area),
                               juten_result_value(r, j)};
        for (int q = 0; q < 5; q++) {
            fputc(',', f);
            if (q == 3)
                juten_csv_rate(f, num[q], dec[q]);
            else
                juten_csv_number(f, num[q], dec[q]);
        }
        fputc(',', f);
        juten_csv_cell(f, juten_model_area_name(m, area), true);
        fputc(',', f);
        juten_csv_cell(f, mi >= 0 ? juten_model_ministry_name(m, mi) : "", true);
        csv_row_end(f);
    }
    return JUTEN_OK;
}

juten_status juten_report_solution(FILE *f, juten_format fmt, const juten_model *m,
                                   const juten_result *r, const juten_rule_price *prices,
                                   int n_prices, const juten_conflict *conflict,
                                   juten_diags *d)
{
    switch (fmt) {
    case JUTEN_FORMAT_TABLE:
        return table_solution(f, m, r, prices, n_prices, conflict);
    case JUTEN_FORMAT_CSV:
        return csv_solution(f, m, r);
    case JUTEN_FORMAT_JSON:
        return juten_report_json_solution(f, m, r, prices, n_prices, conflict, d);
    case JUTEN_FORMAT_XLSX:
        return juten_report_xlsx_solution(f, m, r, prices, n_prices, conflict, d);
    }
    return JUTEN_ERR_USAGE;
}
