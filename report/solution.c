/*
 * solution.c -- the portfolio as a table for the terminal and as CSV for
 * Excel.  (JSON is in json.c, the only file that uses jansson.)
 *
 * The table answers a planner's questions in the order they are asked: is
 * there a portfolio and is it proven best; what is funded; does the money
 * add up (spending, realised savings, net against the headroom); how it
 * splits by policy area and by ministry; which rules are at their limit.
 * Each number has the decimals of the data it comes from (juten_precision_of),
 * one precision per column; the CSV for Excel keeps full precision.
 */
#include "report_int.h"
#include "solver_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Numbers in the table: each quantity with the decimals of its data
 * (juten_precision_of), fixed, so a column lines up; CSV keeps full
 * precision (juten_csv_number). */
#define FIX(buf, v, d) juten_text_fixed((buf), (v), (d))

bool juten_format_parse(const char *s, juten_format *out)
{
    if (!strcmp(s, "table"))
        *out = JUTEN_FORMAT_TABLE;
    else if (!strcmp(s, "csv"))
        *out = JUTEN_FORMAT_CSV;
    else if (!strcmp(s, "json"))
        *out = JUTEN_FORMAT_JSON;
    else
        return false;
    return true;
}

juten_status juten_report_json_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        const juten_rule_price *prices, int n_prices,
                                        const juten_conflict *conflict, juten_diags *d);

static const char *cur(const juten_model *m)
{
    return m->currency ? m->currency : "";
}

static void status_line(FILE *f, const juten_result *r, const juten_precision *pr)
{
    char a[64], b[64];
    switch (r->outcome) {
    case JUTEN_OPTIMAL:
        fprintf(f, "Status: optimal (proven best portfolio under every rule)\n");
        break;
    case JUTEN_FEASIBLE:
        if (isnan(r->best_bound))
            fprintf(f, "Status: feasible, not proven optimal: every rule holds, but the time "
                       "limit came before any bound on the best value (raise --time-limit to "
                       "prove it)\n");
        else
            fprintf(f, "Status: feasible, not proven optimal: gap %s%%, best bound %s%s\n",
                    juten_text_amount(a, 100 * r->gap, 4), FIX(b, r->best_bound, pr->value),
                    r->time_limited ? " (stopped at the time limit)" : "");
        break;
    case JUTEN_INFEASIBLE:
        fprintf(f, "Status: infeasible: no portfolio satisfies every rule\n");
        break;
    case JUTEN_NO_SOLUTION:
        fprintf(f, "Status: no portfolio found within the limits (none proven impossible)%s\n",
                r->time_limited ? "; raise --time-limit" : "");
        break;
    }
}

static juten_status table_solution(FILE *f, const juten_model *m, const juten_result *r,
                                   const juten_rule_price *prices, int n_prices,
                                   const juten_conflict *conflict)
{
    char a[64], b[64], c[64];
    juten_precision pr;
    juten_precision_of(m, r->headroom, r->savings_rate, &pr);
    const int dm = pr.money, dv = pr.value;
    /* realised savings and the net: widened to what this result needs (a
     * savings rate times a saving); charges split by cost_share likewise */
    int dn = pr.net, dc = dm;
    dn = juten_decimals_widen(dn, r->savings);
    dn = juten_decimals_widen(dn, r->net);
    for (int k = 0; k < m->n_ministries; k++)
        dc = juten_decimals_widen(dc, r->ministry_charge[k]);
    /* " 億円", or nothing when the scenario names no currency */
    char u[64];
    snprintf(u, sizeof u, "%s%s", *cur(m) ? " " : "", cur(m));
    char *title = juten_text_one_line(m->name && *m->name ? m->name : "juten portfolio");
    if (!title)
        return JUTEN_ERR_NOMEM;
    fprintf(f, "%s\n", title);
    free(title);
    status_line(f, r, &pr);
    fprintf(f, "Parameters: headroom %s%s, savings rate %s\n", FIX(a, r->headroom, dm), u,
            juten_text_rate(b, r->savings_rate));
    if (r->outcome == JUTEN_INFEASIBLE || r->outcome == JUTEN_NO_SOLUTION) {
        if (r->n_explanation) {
            fprintf(f, "\nWhy:\n");
            for (int i = 0; i < r->n_explanation; i++)
                fprintf(f, "  - %s\n", r->explanation[i]);
        }
        if (conflict && conflict->n > 0) {
            fprintf(f, "\nA minimal set of rules that cannot hold together (drop or move any "
                       "one of them and a portfolio exists):\n");
            for (int i = 0; i < conflict->n; i++)
                fprintf(f, "  - %s: %s\n", conflict->items[i].rule, conflict->items[i].sentence);
        }
        return JUTEN_OK;
    }

    static const char *const hd[] = {"id", "name", "area", "ministry", "cost", "saving", "value"};
    juten_table *t = juten_table_new(7, hd, "llllrrr");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 1, 40);
    for (int j = 0; j < m->n_measures; j++) {
        if (!r->selected[j])
            continue;
        const juten_measure *me = &m->measures[j];
        const char *cells[7] = {me->id, me->name, m->areas[me->area].id,
                                me->ministry >= 0 ? m->ministries[me->ministry].id : "",
                                FIX(a, r->cost[j], dm), FIX(b, r->saving[j], dm),
                                FIX(c, r->value[j], dv)};
        if (!juten_table_add(t, cells)) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    fprintf(f, "\nFunded measures (%d of %d):\n", r->n_selected, m->n_measures);
    juten_table_print(t, f, 2);
    juten_table_free(t);

    fprintf(f, "\nTotals:\n");
    fprintf(f, "  spending          %s%s\n", FIX(a, r->spend, dm), u);
    fprintf(f, "  realised savings  %s%s (savings rate %s of %s listed)\n",
            FIX(a, r->savings, dn), u, juten_text_rate(b, r->savings_rate),
            FIX(c, r->savings_rate > 0 ? r->savings / r->savings_rate : 0.0, dm));
    fprintf(f, "  net               %s%s against a headroom of %s%s (%s%s to spare)\n",
            FIX(a, r->net, dn), u, FIX(b, r->headroom, dm), u, FIX(c, r->headroom - r->net, dn),
            u);
    fprintf(f, "  value             %s (weighted risk reduction)\n", FIX(a, r->objective, dv));

    static const char *const ha[] = {"area", "name", "spend", "share", "min share", "max share"};
    juten_table *ta = juten_table_new(6, ha, "llrrrr");
    if (!ta)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(ta, 1, 40);
    for (int k = 0; k < m->n_areas; k++) {
        const juten_area *ar = &m->areas[k];
        double share = r->spend > 0 ? r->area_spend[k] / r->spend : 0.0;
        char s1[64], s2[64], s3[64];
        const char *cells[6] = {ar->id,
                                ar->name,
                                FIX(a, r->area_spend[k], dm),
                                juten_text_percent(s1, share),
                                juten_text_percent(s2, ar->min_share),
                                juten_text_percent(s3, ar->max_share)};
        if (!juten_table_add(ta, cells)) {
            juten_table_free(ta);
            return JUTEN_ERR_NOMEM;
        }
    }
    fprintf(f, "\nBy policy area:\n");
    juten_table_print(ta, f, 2);
    juten_table_free(ta);

    if (m->n_ministries > 0) {
        static const char *const hm[] = {"ministry", "name", "charge", "ceiling", "used"};
        juten_table *tm = juten_table_new(5, hm, "llrrr");
        if (!tm)
            return JUTEN_ERR_NOMEM;
        juten_table_set_max_width(tm, 1, 30);
        for (int k = 0; k < m->n_ministries; k++) {
            const juten_ministry *mi = &m->ministries[k];
            char s1[64], s2[64];
            if (isfinite(mi->ceiling)) {
                FIX(s1, mi->ceiling, dm);
                if (mi->ceiling > 0)
                    juten_text_percent(s2, r->ministry_charge[k] / mi->ceiling);
                else
                    strcpy(s2, "-");
            } else {
                strcpy(s1, "none");
                strcpy(s2, "-");
            }
            const char *cells[5] = {mi->id, mi->name, FIX(a, r->ministry_charge[k], dc),
                                    s1, s2};
            if (!juten_table_add(tm, cells)) {
                juten_table_free(tm);
                return JUTEN_ERR_NOMEM;
            }
        }
        fprintf(f, "\nBy ministry (charges follow cost_share where given):\n");
        juten_table_print(tm, f, 2);
        juten_table_free(tm);
    }

    if (r->binding_gain)
        fprintf(f, "\nRules at their limit (value gained if that rule alone were dropped):");
    else
        fprintf(f, "\nRules at their limit:");
    if (r->n_binding == 0)
        fprintf(f, " none that hold the value down\n");
    else
        fputc('\n', f);
    juten_report_binding_text(f, "  ", r->binding, r->binding_gain, r->n_binding,
                              r->n_binding_inert, r->n_binding_unchecked, dv);
    juten_report_rule_prices_text(f, prices, prices ? n_prices : 0, dv);
    juten_report_offset_price_note(f, prices, prices ? n_prices : 0, r->objective);
    return JUTEN_OK;
}

void juten_report_binding_text(FILE *f, const char *indent, char *const *names,
                               const double *gain, int n, int inert, int unchecked,
                               int decimals)
{
    char a[64];
    int w = 0, wg = 0;
    for (int i = 0; i < n; i++) {
        if ((int)strlen(names[i]) > w)
            w = (int)strlen(names[i]);
        if (gain && !isnan(gain[i]) && (int)strlen(FIX(a, gain[i], decimals)) > wg)
            wg = (int)strlen(a);
    }
    /* the gains right-aligned in one column, as in a table */
    for (int i = 0; i < n; i++) {
        if (!gain)
            fprintf(f, "%s%s\n", indent, names[i]);
        else if (isnan(gain[i]))
            fprintf(f, "%s%-*s  %*s\n", indent, w, names[i], wg, "?");
        else
            fprintf(f, "%s%-*s  %*s\n", indent, w, names[i], wg, FIX(a, gain[i], decimals));
    }
    if (gain && inert > 0)
        fprintf(f, "%s(%d more rule%s at %s limit, but dropping %s alone gains nothing: "
                   "not listed)\n", indent, inert, inert == 1 ? " is" : "s are",
                inert == 1 ? "its" : "their", inert == 1 ? "it" : "any one of them");
    if (gain && unchecked > 0)
        fprintf(f, "%s(%d more rule%s at %s limit could not be weighed: the re-solves share a "
                   "quarter of --time-limit and check at most 40 rules)\n", indent, unchecked,
                unchecked == 1 ? "" : "s", unchecked == 1 ? "its" : "their");
}

void juten_report_offset_price_note(FILE *f, const juten_rule_price *prices, int n,
                                    double value)
{
    char a[64], b[64];
    for (int i = 0; prices && i < n; i++) {
        if (prices[i].family != JUTEN_RULE_OFFSET || !isfinite(prices[i].price) ||
            !(prices[i].price > 0))
            continue;
        fprintf(f, "\nThe offset's price is the value of everything the offset keeps out: "
                   "without it juten\nwould fund every measure worth funding, so its price "
                   "is not a share of what is\nfunded");
        if (isfinite(value) && prices[i].price > value)
            fprintf(f, "; here it exceeds the whole value of the portfolio (%s against %s)",
                    juten_text_amount(a, prices[i].price, 3), juten_text_amount(b, value, 3));
        fprintf(f, ".\n");
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
    fprintf(f, "\nPrice of each rule (value given up because of it; 0: it costs nothing):\n");
    for (int i = 0; i < n; i++) {
        const char *name = juten_rule_family_name(prices[i].family);
        if (isnan(prices[i].price))
            fprintf(f, "  %-22s not proven within the time limit (--time-limit)\n", name);
        else if (prices[i].hi > prices[i].lo) {
            char lo[64], hi[64];
            fprintf(f, "  %-22s %*s  (between %s and %s: solved within the gap)\n", name, w,
                    juten_text_fixed(a, prices[i].price, decimals),
                    juten_text_fixed(lo, prices[i].lo, decimals),
                    juten_text_fixed(hi, prices[i].hi, decimals));
        } else
            fprintf(f, "  %-22s %*s\n", name, w, juten_text_fixed(a, prices[i].price, decimals));
    }
}

static void csv_row_end(FILE *f) { fputs("\r\n", f); }

static juten_status csv_solution(FILE *f, const juten_model *m, const juten_result *r)
{
    fputs("\xEF\xBB\xBF", f); /* BOM: Japanese Excel reads UTF-8 only with it */
    static const char *const hd[] = {"id", "name", "area", "ministry", "funded", "cost",
                                     "saving", "risk_reduction", "weight", "weighted_value"};
    for (int c = 0; c < 10; c++) {
        if (c)
            fputc(',', f);
        juten_csv_cell(f, hd[c], true);
    }
    csv_row_end(f);
    bool have = r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE;
    for (int j = 0; j < m->n_measures; j++) {
        const juten_measure *me = &m->measures[j];
        juten_csv_cell(f, me->id, true);
        fputc(',', f);
        juten_csv_cell(f, me->name, true);
        fputc(',', f);
        juten_csv_cell(f, m->areas[me->area].id, true);
        fputc(',', f);
        juten_csv_cell(f, me->ministry >= 0 ? m->ministries[me->ministry].id : "", true);
        fputc(',', f);
        fputs(have ? (r->selected[j] ? "yes" : "no") : "", f);
        const double num[5] = {r->cost[j], r->saving[j], r->risk[j], m->areas[me->area].weight,
                               r->value[j]};
        for (int q = 0; q < 5; q++) {
            fputc(',', f);
            juten_csv_number(f, num[q]);
        }
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
    }
    return JUTEN_ERR_USAGE;
}
