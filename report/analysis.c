/*
 * analysis.c -- the decision-meeting results as tables and CSV: the
 * trade-off curve, the priority ranking, explanations and alternatives.
 * (Their JSON is in json.c.)
 *
 * Each table reads as a planner would say it: "at 20 億円 these measures
 * join", "M12 enters third, at 14.5 億円, and leaves again at 30", "M07 is
 * out; forcing it in costs 3.2; it would enter at a risk reduction of 12.4
 * or a cost of 2.1".  Numbers have the decimals of the data they come from
 * (juten_precision_of), one precision per column, and CSV the same decimals.
 */
#include "report_int.h"
#include "juten_str.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Table numbers: each quantity with its data's decimals (juten_precision_of),
 * fixed so columns line up; CSV the same decimals (juten_csv_number). */
#define FIX(buf, v, d) juten_text_fixed((buf), (v), (d))

/* A CSV number cell with the table's d decimals, empty for NaN. */
static void csv_num(FILE *f, double v, int d) { juten_csv_number(f, v, d); }

/* The decimals of a column of savings rates (frontier breakpoints): 3, or
 * more (at most 6) until no two consecutive rows look alike; shown rounded
 * up, so "from this rate on" stays true of the rate printed. */
static int rate_column_decimals(const juten_frontier *fr)
{
    for (int d = 3; d < 6; d++) {
        double s = pow(10, d);
        bool clash = false;
        for (int i = 1; i < fr->n_points && !clash; i++)
            clash = ceil(fr->points[i].at * s - 1e-6) == ceil(fr->points[i - 1].at * s - 1e-6) &&
                    fr->points[i].at != fr->points[i - 1].at;
        if (!clash)
            return d;
    }
    return 6;
}

static const char *rate_up(char *buf, double v, int d)
{
    double s = pow(10, d);
    return juten_text_fixed(buf, ceil(v * s - 1e-6) / s, d);
}

/* "M01 M07 M12" of the measures in a and not in b (b may be NULL), cut
 * after max ids with "+N more"; into a new string. */
static char *ids_diff(const juten_model *m, const unsigned char *a, const unsigned char *b,
                      int max, const char *sep)
{
    juten_str s = JUTEN_STR_INIT;
    int shown = 0, total = 0;
    for (int j = 0; j < juten_model_measure_count(m); j++) {
        if (!a[j] || (b && b[j]))
            continue;
        total++;
        if (max > 0 && shown == max)
            continue;
        juten_str_printf(&s, "%s%s", shown ? sep : "", juten_model_measure_id(m, j));
        shown++;
    }
    if (total > shown) /* only tables cut (CSV passes max 0): translated */
        juten_str_printf(&s, _(" +%d more"), total - shown);
    return juten_str_take(&s);
}

/* The names of the measures ids_diff lists (no cap), for the CSV column
 * beside the ids: a planner reads names, a program the ids. */
static char *names_diff(const juten_model *m, const unsigned char *a, const unsigned char *b)
{
    juten_str s = JUTEN_STR_INIT;
    int shown = 0;
    for (int j = 0; j < juten_model_measure_count(m); j++)
        if (a[j] && !(b && b[j]))
            juten_str_printf(&s, "%s%s", shown++ ? ";" : "", juten_model_measure_name(m, j));
    return juten_str_take(&s);
}

/* ",cell" of a names_diff list; false when out of memory. */
static bool csv_names(FILE *f, const juten_model *m, const unsigned char *a,
                      const unsigned char *b)
{
    char *n = names_diff(m, a, b);
    if (!n)
        return false;
    fputc(',', f);
    juten_csv_cell(f, n, true);
    free(n);
    return true;
}

static void csv_end(FILE *f) { fputs("\r\n", f); }

static void csv_header(FILE *f, const char *const *h, int n)
{
    fputs("\xEF\xBB\xBF", f);
    for (int c = 0; c < n; c++) {
        if (c)
            fputc(',', f);
        juten_csv_cell(f, h[c], true);
    }
    csv_end(f);
}

static const char *unit(const juten_model *m)
{
    return juten_model_currency(m);
}

/* The round's name for a heading, or `fallback` when it has none. */
static const char *title(const juten_model *m, const char *fallback)
{
    const char *name = juten_model_name(m);
    return *name ? name : fallback;
}

/* ---- frontier ----------------------------------------------------------- */

juten_status juten_report_frontier(FILE *f, juten_format fmt, const juten_model *m,
                                   const juten_frontier *fr, juten_diags *d)
{
    if (fmt == JUTEN_FORMAT_JSON)
        return juten_report_json_frontier(f, m, fr, d);
    if (fmt == JUTEN_FORMAT_XLSX)
        return juten_report_xlsx_frontier(f, m, fr, d);
    bool rate = fr->parameter == JUTEN_SWEEP_SAVINGS_RATE;
    char a[64], b[64], c[64];
    juten_precision pr;
    juten_precision_of(m, juten_model_headroom(m), juten_model_savings_rate(m), &pr);
    /* exact headroom breakpoints are net costs of portfolios, with the
     * decimals of the data (and of the savings rate solved with, which the
     * curve does not record): the money's, or what the points need */
    int dat = pr.money;
    for (int i = 0; !rate && i < fr->n_points; i++) {
        int k = juten_decimals_of(fr->points[i].at, JUTEN_MAX_DECIMALS);
        dat = k > dat ? k : dat;
    }
    if (rate)
        dat = rate_column_decimals(fr);
    const int dv = pr.value;
    if (fmt == JUTEN_FORMAT_CSV) {
        static const char *const h[] = {"at",         "objective",   "lp_bound",
                                        "proven",     "joins",       "leaves",
                                        "selected",   "joins_names", "leaves_names",
                                        "selected_names"};
        csv_header(f, h, 10);
        for (int i = 0; i < fr->n_points; i++) {
            const juten_frontier_point *p = &fr->points[i];
            const unsigned char *prev = i ? fr->points[i - 1].selected : NULL;
            char *jn = ids_diff(m, p->selected, prev, 0, ";");
            char *lv = prev ? ids_diff(m, prev, p->selected, 0, ";") : strdup("");
            char *al = ids_diff(m, p->selected, NULL, 0, ";");
            if (!jn || !lv || !al) {
                free(jn);
                free(lv);
                free(al);
                return JUTEN_ERR_NOMEM;
            }
            if (rate) /* rounded up as the table shows it */
                csv_num(f, ceil(p->at * pow(10, dat) - 1e-6) / pow(10, dat), dat);
            else
                csv_num(f, p->at, dat);
            fputc(',', f);
            csv_num(f, p->objective, dv);
            fputc(',', f);
            csv_num(f, p->lp_bound, dv);
            fprintf(f, ",%s,", p->proven ? "yes" : "no");
            juten_csv_cell(f, jn, true);
            fputc(',', f);
            juten_csv_cell(f, lv, true);
            fputc(',', f);
            juten_csv_cell(f, al, true);
            free(jn);
            free(lv);
            free(al);
            if (!csv_names(f, m, p->selected, prev))
                return JUTEN_ERR_NOMEM;
            if (prev && !csv_names(f, m, prev, p->selected))
                return JUTEN_ERR_NOMEM;
            if (!prev)
                fputc(',', f);
            if (!csv_names(f, m, p->selected, NULL))
                return JUTEN_ERR_NOMEM;
            csv_end(f);
        }
        return JUTEN_OK;
    }
    fprintf(f, rate ? _("%s: trade-off curve of weighted risk reduction against the savings "
                        "rate\n")
                    : _("%s: trade-off curve of weighted risk reduction against the headroom\n"),
            title(m, "juten"));
    if (fr->gap > 0)
        fprintf(f, rate ? _("Sampled within a gap of %g: each row's portfolio is within that gap "
                            "of the best at its rate,\nand worth more than anything possible at "
                            "the row before; breakpoints between rows are not listed.\n")
                        : _("Sampled within a gap of %g: each row's portfolio is within that gap "
                            "of the best at its budget,\nand worth more than anything possible "
                            "at the row before; breakpoints between rows are not listed.\n"),
                fr->gap);
    else
        fputs(rate ? _("Each row is an exact breakpoint: the optimum holds from that rate up to "
                       "the next one (rates rounded up).\n")
                   : _("Each row is an exact breakpoint: the optimum holds from that budget up "
                       "to the next one.\n"), f);
    if (!rate && *unit(m))
        /* TRANSLATORS: the unit of money, e.g. 億円 */
        fprintf(f, _("Headroom is the net increase allowed beyond realised savings, in %s.\n\n"),
                unit(m));
    else if (!rate)
        fputs(_("Headroom is the net increase allowed beyond realised savings.\n\n"), f);
    else
        fputc('\n', f);
    /* TRANSLATORS: "at" is the headroom or savings rate of the row */
    static const char *const h[] = {N_("at"),   N_("value"), N_("LP bound"),
                                    N_("gain"), N_("joins"), N_("leaves")};
    juten_table *t = juten_table_new(6, h, "rrrrll");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 4, 50);
    juten_table_set_max_width(t, 5, 40);
    for (int i = 0; i < fr->n_points; i++) {
        const juten_frontier_point *p = &fr->points[i];
        const unsigned char *prev = i ? fr->points[i - 1].selected : NULL;
        char *jn = ids_diff(m, p->selected, prev, 12, " ");
        char *lv = prev ? ids_diff(m, prev, p->selected, 12, " ") : strdup("");
        char g[64], at[80];
        if (i)
            FIX(g, p->objective - fr->points[i - 1].objective, dv);
        else
            strcpy(g, "");
        snprintf(at, sizeof at, "%s%s", rate ? rate_up(a, p->at, dat) : FIX(a, p->at, dat),
                 p->proven ? "" : " *");
        const char *cells[6] = {at, FIX(b, p->objective, dv), FIX(c, p->lp_bound, dv), g,
                                jn ? jn : "", lv ? lv : ""};
        bool ok = jn && lv && juten_table_add(t, cells);
        free(jn);
        free(lv);
        if (!ok) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    juten_table_print(t, f, 2);
    juten_table_free(t);
    if (fr->n_points == 0)
        fputs(rate ? _("  (no portfolio satisfies the rules at any savings rate in the range)\n")
                   : _("  (no portfolio satisfies the rules at any headroom in the range)\n"), f);
    bool unproven = false;
    for (int i = 0; i < fr->n_points; i++)
        unproven |= !fr->points[i].proven;
    if (unproven)
        fputs(fr->gap > 0 ? _("* not proven within the gap within the time limit\n")
                          : _("* not proven optimal within the time limit\n"), f);
    if (fr->gap > 0)
        fprintf(f, "\n%s\n", fr->complete
                                 ? _("The list is complete: more money adds less than the gap "
                                     "beyond the last row.")
                                 : _("The list stops early (--max-points, --to or a time "
                                     "limit)."));
    else
        fprintf(f, "\n%s\n", fr->complete
                                 ? _("The list is complete: more money adds nothing beyond the "
                                     "last breakpoint.")
                                 : _("The list stops early (--max-points or --to); the points "
                                     "shown are exact."));
    return JUTEN_OK;
}

/* ---- ranking ------------------------------------------------------------ */

/* "-43.5 to -35.8, from 6.53" (sep ", ") or "-43.5..-35.8;6.53.." (CSV):
 * the budget intervals in which a measure is funded, into a new string. */
static char *intervals_text(const juten_rank_entry *e, bool csv, int decimals)
{
    size_t cap = 16 + (size_t)e->n_intervals * 80;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t len = 0;
    s[0] = 0;
    char a[64], b[64];
    for (int i = 0; i < e->n_intervals; i++) {
        if (!csv && i == 3) {
            /* a table cell: the first three, the rest in CSV and JSON */
            snprintf(s + len, cap - len, _(" (+%d more)"), e->n_intervals - 3);
            break;
        }
        /* TRANSLATORS: between two budget intervals in a table cell */
        const char *sep = i ? (csv ? ";" : _(", ")) : "";
        FIX(a, e->intervals[i][0], decimals); /* CSV too: the table's decimals */
        if (isnan(e->intervals[i][1]))
            /* TRANSLATORS: a separator (or nothing), then the budget from which a
             * measure stays funded */
            len += (size_t)snprintf(s + len, cap - len, csv ? "%s%s.." : _("%sfrom %s"), sep, a);
        else
        {
            FIX(b, e->intervals[i][1], decimals);
            /* TRANSLATORS: a separator (or nothing), then a budget interval */
            len += (size_t)snprintf(s + len, cap - len, csv ? "%s%s..%s" : _("%s%s to %s"), sep,
                                    a, b);
        }
    }
    return s;
}

juten_status juten_report_ranking(FILE *f, juten_format fmt, const juten_model *m,
                                  const juten_ranking *rk, juten_diags *d)
{
    if (fmt == JUTEN_FORMAT_JSON)
        return juten_report_json_ranking(f, m, rk, d);
    if (fmt == JUTEN_FORMAT_XLSX)
        return juten_report_xlsx_ranking(f, m, rk, d);
    char a[64], b[64], r1[32], r2[32], hs[64];
    /* budgets with the precision of net money; a grid budget is exact only
     * to a grid step anyway */
    juten_precision pr;
    juten_precision_of(m, rk->scenario_headroom, juten_model_savings_rate(m), &pr);
    const int dn = pr.net;
    FIX(hs, rk->scenario_headroom, pr.money);
    if (fmt == JUTEN_FORMAT_CSV) {
        static const char *const h[] = {"rank", "id", "name", "area", "entry_at", "leaves_at",
                                        "funded_over", "funded_at_scenario", "ratio_rank",
                                        "ratio", "area_name"};
        csv_header(f, h, 11);
        for (int i = 0; i < rk->n; i++) {
            const juten_rank_entry *e = &rk->entries[i];
            const int j = e->measure;
            char *iv = intervals_text(e, true, dn);
            if (!iv)
                return JUTEN_ERR_NOMEM;
            fprintf(f, "%d,", e->rank);
            juten_csv_cell(f, juten_model_measure_id(m, j), true);
            fputc(',', f);
            juten_csv_cell(f, juten_model_measure_name(m, j), true);
            fputc(',', f);
            juten_csv_cell(f, juten_model_area_id(m, juten_model_measure_area(m, j)), true);
            fputc(',', f);
            csv_num(f, e->entry_at, dn);
            fputc(',', f);
            csv_num(f, e->leaves_at, dn);
            fputc(',', f);
            juten_csv_cell(f, iv, true);
            fprintf(f, ",%s,%d,", e->at_scenario ? "yes" : "no", e->ratio_rank);
            juten_csv_rate(f, e->ratio, 3); /* not in the table: a rate's 3 */
            fputc(',', f);
            juten_csv_cell(f, juten_model_area_name(m, juten_model_measure_area(m, j)), true);
            csv_end(f);
            free(iv);
        }
        return JUTEN_OK;
    }
    fprintf(f, rk->nested ? _("%s: nested priority ranking (the order in which measures enter "
                              "the nested portfolio as the headroom grows)\n")
                          : _("%s: priority ranking (the order in which measures enter the "
                              "optimal portfolio as the headroom grows)\n"),
            title(m, "juten"));
    /* the ranking's column of this scenario's headroom, named as the
     * sentence below names it */
    char at_head[80];
    /* TRANSLATORS: a column header: funded at this scenario's headroom %s */
    snprintf(at_head, sizeof at_head, _("at %s"), hs);
    if (!isnan(rk->range_from))
        /* TRANSLATORS: from, to, unit, this scenario's headroom, the column header "at %s" */
        fprintf(f, _("Headroom examined: %s to %s %s; this scenario's headroom is %s (column "
                     "\"%s\").\n"),
                FIX(a, rk->range_from, dn), FIX(b, rk->range_to, dn), unit(m), hs, at_head);
    fputc('\n', f);
    static const char *const h0[] = {N_("rank"),      N_("id"),          N_("name"),
                                     N_("area"),      N_("enters at"),   N_("funded over"),
                                     "",              N_("ratio rank")};
    const char *h[8];
    memcpy(h, h0, sizeof h);
    h[6] = at_head;
    juten_table *t = juten_table_new(8, h, "rlllrlcr");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 2, 36);
    for (int i = 0; i < rk->n; i++) {
        const juten_rank_entry *e = &rk->entries[i];
        const int j = e->measure;
        snprintf(r1, sizeof r1, "%d", e->rank);
        snprintf(r2, sizeof r2, "%d", e->ratio_rank);
        char *iv = intervals_text(e, false, dn);
        if (!iv) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
        const char *cells[8] = {r1, juten_model_measure_id(m, j), juten_model_measure_name(m, j),
                                juten_model_area_id(m, juten_model_measure_area(m, j)),
                                isnan(e->entry_at) ? _("not reached") : FIX(a, e->entry_at, dn),
                                iv,
                                /* TRANSLATORS: a cell: funded at this scenario's headroom */
                                e->at_scenario ? _("funded") : "", r2};
        bool ok = juten_table_add(t, cells);
        free(iv);
        if (!ok) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    juten_table_print(t, f, 2);
    juten_table_free(t);
    int unreached = 0;
    for (int i = 0; i < rk->n; i++)
        unreached += isnan(rk->entries[i].entry_at);
    if (unreached && !isnan(rk->range_to))
        fprintf(f, P_("\n%d measure is not reached within the range examined (up to %s %s): "
                      "--to extends it.\n",
                      "\n%d measures are not reached within the range examined (up to %s %s): "
                      "--to extends it.\n", unreached),
                unreached, FIX(a, rk->range_to, dn), unit(m));
    if (rk->grid) {
        if (!unreached)
            fputc('\n', f);
        /* TRANSLATORS: the grid step and its unit */
        fprintf(f, _("Each budget shown is one of the budgets solved (every %s %s, and the "
                     "scenario's own): a measure enters at most one step below it. --exact "
                     "lists the exact breakpoints instead.\n"),
                juten_text_amount(a, rk->grid_step, 3), unit(m));
    }
    if (rk->nested)
    {
        fprintf(f, _("\nNested ranking: portfolios that only grow as money grows, so it is a "
                     "funding queue.\nNesting costs %s of weighted risk reduction summed over "
                     "the budgets, at most %s at one budget,\nagainst the optimal "
                     "portfolios.\n"),
                FIX(a, rk->nesting_cost_total, pr.value), FIX(b, rk->nesting_cost_max, pr.value));
        if (rk->nesting_proven)
            fputs(_("No nested ranking loses less (proven).\n"), f);
        else
            fprintf(f, _("Not proven the least within the time limit: every nested ranking "
                         "loses at least %s.\n"),
                    FIX(a, rk->nesting_cost_least, pr.value));
    }
    else if (rk->n_leaving)
        fprintf(f, P_("\n%d measure enters and later leaves again as money grows (some "
                      "re-enter): optimal portfolios are not nested, so this is not a simple "
                      "funding queue (--nested gives one).\n",
                      "\n%d measures enter and later leave again as money grows (some "
                      "re-enter): optimal portfolios are not nested, so this is not a simple "
                      "funding queue (--nested gives one).\n", rk->n_leaving),
                rk->n_leaving);
    else
        fputs(_("\nThe optimal portfolios are nested: fund in this order as money "
                "appears.\n"), f);
    int differ = 0;
    for (int i = 0; i < rk->n; i++)
        differ += rk->entries[i].rank != rk->entries[i].ratio_rank;
    fprintf(f, _("The naive value-per-cost order (ratio rank) differs for %d of %d measures.\n"),
            differ, rk->n);
    if (!rk->complete)
        fputs(_("The frontier behind this ranking stopped early (time or --max-points); "
                "later entries may be missing.\n"), f);
    return JUTEN_OK;
}

/* ---- explanations ------------------------------------------------------- */


/* The bisection's tolerance, " (to within X)" or "; to within X", only when
 * it is coarser than the money's last decimal shown (dm decimals); ""
 * otherwise. */
static void tolerance_note(char *out, size_t size, bool parens, double tol, int dm)
{
    char a[64];
    out[0] = 0;
    if (tol > 0.5 * pow(10, -dm) + 1e-12)
        snprintf(out, size, parens ? _(" (to within %s)") : _("; to within %s"),
                 juten_text_amount(a, tol, 6));
}

juten_status juten_report_explanations(FILE *f, juten_format fmt, const juten_model *m,
                                       const juten_measure_explanation *ex, int k,
                                       const juten_rule_price *prices, int n_prices,
                                       juten_diags *d)
{
    if (fmt == JUTEN_FORMAT_JSON)
        return juten_report_json_explanations(f, m, ex, k, prices, n_prices, d);
    if (fmt == JUTEN_FORMAT_XLSX)
        return juten_report_xlsx_explanations(f, m, ex, k, prices, n_prices, d);
    char a[64], b[64], c[64];
    if (fmt == JUTEN_FORMAT_CSV) {
        static const char *const h[] = {"id", "selected", "objective", "forced_objective",
                                        "loss", "break_even_risk_reduction",
                                        "break_even_cost", "blocking", "break_even_saving",
                                        "reason", "least_headroom", "optimal_headroom", "name"};
        csv_header(f, h, 13);
        juten_precision cp; /* the table's decimals */
        juten_precision_of(m, juten_model_headroom(m), juten_model_savings_rate(m), &cp);
        for (int i = 0; i < k; i++) {
            const juten_measure_explanation *e = &ex[i];
            juten_csv_cell(f, juten_model_measure_id(m, e->measure), true);
            fprintf(f, ",%s,", e->selected ? "yes" : "no");
            csv_num(f, e->objective, cp.value);
            fputc(',', f);
            csv_num(f, e->can_flip ? e->forced_objective : NAN, cp.value);
            fputc(',', f);
            csv_num(f, e->can_flip ? e->loss : NAN, cp.value);
            fputc(',', f);
            csv_num(f, e->break_even_risk, cp.value);
            fputc(',', f);
            csv_num(f, e->break_even_cost, cp.money);
            fputc(',', f);
            size_t len = 1;
            for (int q = 0; q < e->n_blocking; q++)
                len += strlen(e->blocking[q]) + 1;
            char *bl = calloc(len, 1);
            if (!bl)
                return JUTEN_ERR_NOMEM;
            for (int q = 0; q < e->n_blocking; q++) {
                if (q)
                    strcat(bl, ";");
                strcat(bl, e->blocking[q]);
            }
            juten_csv_cell(f, bl, true);
            free(bl);
            fputc(',', f);
            csv_num(f, e->break_even_saving, cp.money);
            fputc(',', f);
            juten_csv_cell(f, e->reason ? e->reason : "", true);
            fputc(',', f);
            csv_num(f, e->least_headroom, cp.money);
            fputc(',', f);
            csv_num(f, e->optimal_headroom, cp.money);
            fputc(',', f);
            juten_csv_cell(f, juten_model_measure_name(m, e->measure), true);
            csv_end(f);
        }
        return JUTEN_OK;
    }
    const char *u = unit(m);
    juten_precision pr;
    juten_precision_of(m, juten_model_headroom(m), juten_model_savings_rate(m), &pr);
    const int dm = pr.money, dv = pr.value;
    const char *sp = *u ? " " : "";
    for (int i = 0; i < k; i++) {
        const juten_measure_explanation *e = &ex[i];
        const int j = e->measure;
        const char *mid = juten_model_measure_id(m, j);
        const double mcost = juten_model_measure_cost(m, j);
        const double mrisk = juten_model_measure_risk(m, j);
        const double msaving = juten_model_measure_saving(m, j);
        char *name = juten_text_one_line(juten_model_measure_name(m, j));
        if (!name)
            return JUTEN_ERR_NOMEM;
        fprintf(f, "%s%s %s (%s)\n", i ? "\n" : "", mid, name,
                juten_model_area_id(m, juten_model_measure_area(m, j)));
        free(name);
        fprintf(f, e->selected ? _("  IN the optimal portfolio (value %s).\n")
                               : _("  OUT of the optimal portfolio (value %s).\n"),
                FIX(a, e->objective, dv));
        if (e->undecided && isnan(e->forced_objective) && !isinf(e->loss)) {
            fputs(e->selected ? _("  Not decided within the time limit: forcing it out was not "
                                  "solved in time (raise --time-limit).\n")
                              : _("  Not decided within the time limit: forcing it in was not "
                                  "solved in time (raise --time-limit).\n"), f);
            continue;
        }
        if (!e->can_flip) {
            bool sel = e->selected;
            if (e->reason)
                /* TRANSLATORS: the reason is a sentence of the solver (no final stop) */
                fprintf(f, sel ? _("  It cannot be left out: %s.\n")
                               : _("  It cannot be funded: %s.\n"), e->reason);
            else
                fputs(sel ? _("  It cannot be left out: no portfolio satisfies the rules "
                              "without it.\n")
                          : _("  It cannot be funded: no portfolio satisfies the rules with "
                              "it.\n"), f);
            /* a measure's own decision needs no list: the reason says it */
            bool own = e->conflict && e->conflict->n == 1 && e->conflict->items[0].rule &&
                       strchr(e->conflict->items[0].rule, '[') &&
                       !strncmp(strchr(e->conflict->items[0].rule, '[') + 1, mid,
                                strlen(mid)) &&
                       (e->conflict->items[0].family &
                        (JUTEN_RULE_MANDATORY | JUTEN_RULE_INCLUDE | JUTEN_RULE_EXCLUDE));
            if (e->conflict && e->conflict->n > 0 && !own) {
                fprintf(f, sel ? _("  With %s left out, these rules cannot all hold (drop or "
                                   "move any one of them and a portfolio exists):\n")
                               : _("  With %s funded, these rules cannot all hold (drop or move "
                                   "any one of them and a portfolio exists):\n"), mid);
                for (int q = 0; q < e->conflict->n; q++)
                    fprintf(f, "    - %s: %s\n", e->conflict->items[q].rule,
                            e->conflict->items[q].sentence);
            } else if (!own) {
                for (int q = 0; q < e->n_why; q++)
                    fprintf(f, "    - %s\n", e->why[q]);
            }
            if (!isnan(e->least_headroom)) {
                /* the least headroom and the headroom now, each with " 億円" */
                char least[80], now[80];
                snprintf(least, sizeof least, "%s%s%s", FIX(a, e->least_headroom, dm), sp, u);
                snprintf(now, sizeof now, "%s%s%s", FIX(b, e->headroom, dm), sp, u);
                /* one sentence for each combination of what is known; the
                 * English keeps its line breaks */
                bool obj = !isnan(e->least_headroom_objective);
                bool all = obj && !isnan(e->least_headroom_unforced);
                FIX(a, e->least_headroom_objective, dv);
                FIX(b, e->least_headroom_unforced, dv);
                if (sel && all)
                    fprintf(f, _("  With %s left out and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s);\n  there the best "
                                 "one is worth %s (the best of all, %s).\n"),
                            mid, least, now, a, b);
                else if (all)
                    fprintf(f, _("  With %s funded and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s);\n  there the best "
                                 "one is worth %s (the best of all, %s).\n"),
                            mid, least, now, a, b);
                else if (sel && obj)
                    fprintf(f, _("  With %s left out and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s);\n  there the best "
                                 "one is worth %s.\n"),
                            mid, least, now, a);
                else if (obj)
                    fprintf(f, _("  With %s funded and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s);\n  there the best "
                                 "one is worth %s.\n"),
                            mid, least, now, a);
                else if (sel)
                    fprintf(f, _("  With %s left out and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s).\n"),
                            mid, least, now);
                else
                    fprintf(f, _("  With %s funded and every other rule as it is, a portfolio "
                                 "exists from a headroom\n  of %s (now %s).\n"),
                            mid, least, now);
                if (!isnan(e->optimal_headroom)) {
                    char tol[96];
                    tolerance_note(tol, sizeof tol, true, e->cost_tolerance, dm);
                    /* TRANSLATORS: a headroom with its unit, then " (to within X)" or
                     * nothing */
                    fprintf(f, sel ? _("  From a headroom of %s%s%s%s the optimal portfolio "
                                       "leaves it out.\n")
                                   : _("  From a headroom of %s%s%s%s the optimal portfolio "
                                       "funds it.\n"),
                            FIX(a, e->optimal_headroom, dm), sp, u, tol);
                }
                else
                    fputs(sel ? _("  More headroom alone never makes leaving out it optimal.\n")
                              : _("  More headroom alone never makes funding it optimal.\n"), f);
            } else if (!own && e->conflict && e->conflict->n > 0) {
                fputs(_("  No headroom makes it possible: a rule other than the offset must "
                        "change.\n"), f);
            }
            continue;
        }
        const bool sel = e->selected;
        fprintf(f, sel ? _("  Forcing it out gives at best %s: %s less.\n")
                       : _("  Forcing it in gives at best %s: %s less.\n"),
                FIX(a, e->forced_objective, dv), FIX(b, e->loss, dv));
        if (!isnan(e->break_even_risk))
            fprintf(f, sel ? _("  It would drop out if its risk reduction were below %s (now "
                               "%s).\n")
                           : _("  It would enter if its risk reduction were above %s (now "
                               "%s).\n"),
                    FIX(a, e->break_even_risk, dv), FIX(b, mrisk, dv));
        else
            fputs(_("  No risk-reduction estimate flips it (its area weighs 0).\n"), f);
        if (!isnan(e->break_even_cost)) {
            char tol[96];
            tolerance_note(tol, sizeof tol, false, e->cost_tolerance, dm);
            /* TRANSLATORS: the break-even cost, " " and the unit (or nothing), the
             * cost now, then "; to within X" or nothing */
            fprintf(f, sel ? _("  It would drop out if its cost were above %s%s%s (now %s%s).\n")
                           : _("  It would enter if its cost were at most %s%s%s (now %s%s).\n"),
                    FIX(a, e->break_even_cost, dm), *u ? " " : "", u, FIX(b, mcost, dm), tol);
        }
        else if (e->undecided)
            fputs(_("  Its break-even cost was not found within the time limit (raise "
                    "--time-limit).\n"), f);
        else if (sel)
            fputs(_("  It stays in at any cost tried.\n"), f);
        else
            fputs(_("  It would not enter even at no cost.\n"), f);
        if (!isnan(e->break_even_saving))
            /* TRANSLATORS: the break-even saving, " " and the unit (or nothing), the
             * saving now, the bisection's tolerance */
            fprintf(f, sel ? _("  It would drop out if its listed saving were below %s%s%s (now "
                               "%s; to within %s).\n")
                           : _("  It would enter if its listed saving were at least %s%s%s (now "
                               "%s; to within %s).\n"),
                    FIX(a, e->break_even_saving, dm), sp, u, FIX(b, msaving, dm),
                    juten_text_amount(c, e->cost_tolerance, 6));
        else if (sel && msaving > 0 && msaving * e->savings_rate >= mcost &&
                 e->savings_rate > 0)
            fputs(_("  It stays in even with no saving.\n"), f);
        if (e->n_blocking && e->blocking_gain) {
            fputs(sel ? _("  Rules holding the value down when it is forced out (value gained "
                          "if that rule alone were dropped):\n")
                      : _("  Rules holding the value down when it is forced in (value gained "
                          "if that rule alone were dropped):\n"), f);
            juten_report_binding_text(f, "    ", (const char *const *)e->blocking,
                                      e->blocking_gain, e->n_blocking, e->n_blocking_inert,
                                      e->n_blocking_unchecked, dv);
        } else if (e->n_blocking) {
            fputs(sel ? _("  Rules at their limit when it is forced out:")
                      : _("  Rules at their limit when it is forced in:"), f);
            for (int q = 0; q < e->n_blocking; q++)
                fprintf(f, "%s %s", q ? "," : "", e->blocking[q]);
            fputc('\n', f);
        } else if (e->blocking_gain) {
            fputs(sel ? _("  No rule at its limit holds the value down when it is forced out.\n")
                      : _("  No rule at its limit holds the value down when it is forced in.\n"),
                  f);
        }
    }
    juten_report_rule_prices_text(f, prices, n_prices, dv);
    juten_report_offset_price_note(f, prices, n_prices, k > 0 ? ex[0].objective : NAN);
    return JUTEN_OK;
}

/* ---- alternatives ------------------------------------------------------- */

/* A change against the optimum with its sign ("+2.0", "-0.5", "0"); buf
 * holds 65 bytes or more. */
static const char *signed_fix(char *buf, double v, int d)
{
    if (isnan(v))
        return juten_text_fixed(buf, v, d);
    if (fabs(v) < 0.5 * pow(10, -d))
        return "0";
    buf[0] = v < 0 ? '-' : '+';
    juten_text_fixed(buf + 1, fabs(v), d);
    return buf;
}

/* "M12 (name), M33 (name)" of the measures in a and not in b; "" when
 * there are none (the table says "none" in its language, CSV leaves the
 * cell empty).  text: for the lines after the table, in the planner's
 * language; else the CSV cell, as it always was. */
static char *named_diff(const juten_model *m, const unsigned char *a, const unsigned char *b,
                        bool text)
{
    /* TRANSLATORS: between two measures of a list */
    const char *sep = text ? _(", ") : ", ";
    juten_str s = JUTEN_STR_INIT;
    int shown = 0;
    for (int j = 0; j < juten_model_measure_count(m); j++) {
        if (!a[j] || (b && b[j]))
            continue;
        const char *nm = juten_model_measure_name(m, j);
        juten_str_printf(&s, "%s", shown ? sep : "");
        if (nm && *nm)
            /* TRANSLATORS: a measure's id and name in a list of measures */
            juten_str_printf(&s, text ? _("%s (%s)") : "%s (%s)", juten_model_measure_id(m, j),
                             nm);
        else
            juten_str_printf(&s, "%s", juten_model_measure_id(m, j));
        shown++;
    }
    if (!shown)
        juten_str_printf(&s, "%s", "");
    return juten_str_take(&s);
}

/* "M51" or "M51 and M07" or "M51, M07 and M12": the measures left out
 * (in a sentence of the table: translated). */
static char *without_ids(const juten_model *m, const juten_portfolios *set)
{
    juten_str s = JUTEN_STR_INIT;
    for (int i = 0; i < set->n_without; i++)
        juten_str_printf(&s, "%s%s",
                         /* TRANSLATORS: between the last two of a list of measure ids */
                         i == 0 ? "" : i == set->n_without - 1 ? _(" and ")
                                                                /* TRANSLATORS: between two
                                                                 * ids of a list */
                                                                : _(", "),
                         juten_model_measure_id(m, set->without[i]));
    if (!set->n_without)
        juten_str_printf(&s, "%s", "");
    return juten_str_take(&s);
}

juten_status juten_report_alternatives(FILE *f, juten_format fmt, const juten_model *m,
                                       const juten_portfolios *set, juten_diags *d)
{
    if (fmt == JUTEN_FORMAT_JSON)
        return juten_report_json_alternatives(f, m, set, d);
    if (fmt == JUTEN_FORMAT_XLSX)
        return juten_report_xlsx_alternatives(f, m, set->items, set->n, d);
    const juten_portfolio *p = set->items, *ref = &set->reference;
    int n = set->n;
    char a[64], b[64], c1[80], c2[80], c3[64], c4[80], r1[16]; /* c1, c2, c4: a sign and a number */
    juten_precision pr;
    juten_precision_of(m, juten_model_headroom(m), juten_model_savings_rate(m), &pr);
    char *wo = without_ids(m, set);
    if (!wo)
        return JUTEN_ERR_NOMEM;
    if (fmt == JUTEN_FORMAT_CSV) {
        static const char *const h[] = {
            "rank",         "objective",     "gap_to_best", "added",       "removed",
            "selected",     "value_change",  "spend",       "spend_change", "net",
            "net_change",   "added_names",   "removed_names", "differ_by", "without",
            "selected_names", "without_names"};
        csv_header(f, h, 17);
    } else if (n == 0) {
        /* nothing to list: the command says why on stderr too */
        if (set->n_without && ref->selected)
            fprintf(f, "%s: %s\n", title(m, "juten"),
                    set->reason ? set->reason : _("no portfolio leaves them out"));
        else
            fprintf(f, _("%s: no portfolio satisfies the rules, so there are no alternatives\n"),
                    title(m, "juten"));
        free(wo);
        return JUTEN_OK;
    } else {
        /* one sentence for each case: the title, the portfolios (the ids
         * left out), and how far apart they are */
        const char *ttl = title(m, "juten");
        if (set->n_without && n == 1)
            fprintf(f, _("%s: the best portfolio without %s"), ttl, wo);
        else if (set->n_without)
            /* TRANSLATORS: the round, the ids left out, the least difference */
            fprintf(f, P_("%s: the best portfolios without %s, each differing from the others "
                          "in at least %d measure",
                          "%s: the best portfolios without %s, each differing from the others "
                          "in at least %d measures", set->differ_by),
                    ttl, wo, set->differ_by);
        else if (n == 1)
            fprintf(f, _("%s: the 1 best portfolio"), ttl);
        else
            /* TRANSLATORS: the round, how many portfolios, the least difference */
            fprintf(f, P_("%s: the %d best portfolios, each differing from the others in at "
                          "least %d measure",
                          "%s: the %d best portfolios, each differing from the others in at "
                          "least %d measures", set->differ_by),
                    ttl, n, set->differ_by);
        /* TRANSLATORS: value, spending, " " and the unit (or nothing) */
        fprintf(f, set->n_without ? _("\n(changes against the optimum with nothing left out, "
                                      "value %s, spending %s%s%s)\n\n")
                                  : _("\n(changes against the optimum, value %s, spending "
                                      "%s%s%s)\n\n"),
                FIX(a, ref->objective, pr.value), FIX(b, ref->spend, pr.money),
                *unit(m) ? " " : "", unit(m));
    }
    /* TRANSLATORS: each "change" is against the optimum, of the column before */
    static const char *const h[] = {N_("#"),   N_("value"),  N_("change"),
                                    N_("spend"), N_("change"), N_("net"),
                                    N_("change"), N_("added"), N_("removed")};
    juten_table *t = fmt == JUTEN_FORMAT_TABLE ? juten_table_new(9, h, "rrrrrrrll") : NULL;
    if (fmt == JUTEN_FORMAT_TABLE && !t) {
        free(wo);
        return JUTEN_ERR_NOMEM;
    }
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        bool csv = fmt == JUTEN_FORMAT_CSV;
        char *ad = ids_diff(m, p[i].selected, ref->selected, csv ? 0 : 12, csv ? ";" : " ");
        char *rm = ids_diff(m, ref->selected, p[i].selected, csv ? 0 : 12, csv ? ";" : " ");
        char *al = csv ? ids_diff(m, p[i].selected, NULL, 0, ";") : NULL;
        char *adn = csv ? named_diff(m, p[i].selected, ref->selected, false) : NULL;
        char *rmn = csv ? named_diff(m, ref->selected, p[i].selected, false) : NULL;
        ok = ad && rm && (!csv || (al && adn && rmn));
        if (ok && csv) {
            fprintf(f, "%d,", i + 1);
            csv_num(f, p[i].objective, pr.value);
            fputc(',', f);
            csv_num(f, ref->objective - p[i].objective, pr.value);
            fputc(',', f);
            juten_csv_cell(f, ad, true);
            fputc(',', f);
            juten_csv_cell(f, rm, true);
            fputc(',', f);
            juten_csv_cell(f, al, true);
            fputc(',', f);
            csv_num(f, p[i].objective - ref->objective, pr.value);
            fputc(',', f);
            csv_num(f, p[i].spend, pr.money);
            fputc(',', f);
            csv_num(f, p[i].spend - ref->spend, pr.money);
            fputc(',', f);
            csv_num(f, p[i].net, pr.net);
            fputc(',', f);
            csv_num(f, p[i].net - ref->net, pr.net);
            fputc(',', f);
            juten_csv_cell(f, adn, true);
            fputc(',', f);
            juten_csv_cell(f, rmn, true);
            fprintf(f, ",%d,", set->differ_by);
            juten_str ws = JUTEN_STR_INIT;
            for (int q = 0; q < set->n_without; q++)
                juten_str_printf(&ws, "%s%s", q ? ";" : "", juten_model_measure_id(m, set->without[q]));
            if (!set->n_without)
                juten_str_printf(&ws, "%s", "");
            char *w = juten_str_take(&ws);
            juten_csv_cell(f, w ? w : "", true);
            free(w);
            /* the names of the selected and of the left-out ids, at the end */
            ok = csv_names(f, m, p[i].selected, NULL);
            unsigned char *wm = calloc((size_t)juten_model_measure_count(m) + 1, 1);
            for (int q = 0; wm && q < set->n_without; q++)
                wm[set->without[q]] = 1;
            ok = ok && wm && csv_names(f, m, wm, NULL);
            free(wm);
            csv_end(f);
        } else if (ok) {
            snprintf(r1, sizeof r1, "%d", i + 1);
            const char *cells[9] = {r1,
                                    FIX(a, p[i].objective, pr.value),
                                    signed_fix(c1, p[i].objective - ref->objective, pr.value),
                                    FIX(b, p[i].spend, pr.money),
                                    signed_fix(c2, p[i].spend - ref->spend, pr.money),
                                    FIX(c3, p[i].net, pr.net),
                                    signed_fix(c4, p[i].net - ref->net, pr.net),
                                    *ad ? ad : "-",
                                    *rm ? rm : "-"};
            ok = juten_table_add(t, cells);
        }
        free(ad);
        free(rm);
        free(al);
        free(adn);
        free(rmn);
    }
    if (ok && t) {
        juten_table_print(t, f, 2);
        /* the names a meeting talks in: what joins and what leaves */
        for (int i = 0; ok && i < n; i++) {
            if (!memcmp(p[i].selected, ref->selected, (size_t)juten_model_measure_count(m)))
                continue;
            char *adn = named_diff(m, p[i].selected, ref->selected, true);
            char *rmn = named_diff(m, ref->selected, p[i].selected, true);
            ok = adn && rmn;
            if (ok) {
                /* TRANSLATORS: the portfolio's number, the changes of value,
                 * spending (" " and the unit, or nothing) and net */
                fprintf(f, _("\n#%d: value %s, spending %s%s%s, net %s against the optimum\n"),
                        i + 1, signed_fix(c1, p[i].objective - ref->objective, pr.value),
                        signed_fix(c2, p[i].spend - ref->spend, pr.money), *unit(m) ? " " : "",
                        unit(m), signed_fix(c4, p[i].net - ref->net, pr.net));
                /* the two labels in one column, by display width */
                const char *lab[2] = {_("joins:"), _("leaves:")};
                int lw = juten_text_width_max(0, lab, 2) + 1;
                for (int q = 0; q < 2; q++) {
                    fputs("  ", f);
                    juten_text_pad(f, lab[q], lw);
                    fprintf(f, "%s\n", *(q ? rmn : adn) ? (q ? rmn : adn) : _("none"));
                }
            }
            free(adn);
            free(rmn);
        }
    }
    juten_table_free(t);
    free(wo);
    return ok ? JUTEN_OK : JUTEN_ERR_NOMEM;
}
