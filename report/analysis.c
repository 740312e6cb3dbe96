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
    if (total > shown)
        juten_str_printf(&s, " +%d more", total - shown);
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
    fprintf(f, "%s: trade-off curve of weighted risk reduction against the %s\n",
            title(m, "juten"), rate ? "savings rate" : "headroom");
    if (fr->gap > 0)
        fprintf(f, "Sampled within a gap of %g: each row's portfolio is within that gap of the "
                   "best at its %s,\nand worth more than anything possible at the row "
                   "before; breakpoints between rows are not listed.\n",
                fr->gap, rate ? "rate" : "budget");
    else
        fprintf(f, "Each row is an exact breakpoint: the optimum holds from that %s up to the "
                   "next one%s.\n",
                rate ? "rate" : "budget", rate ? " (rates rounded up)" : "");
    if (!rate)
        fprintf(f, "Headroom is the net increase allowed beyond realised savings%s%s.\n\n",
                *unit(m) ? ", in " : "", unit(m));
    else
        fputc('\n', f);
    static const char *const h[] = {"at", "value", "LP bound", "gain", "joins", "leaves"};
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
        fprintf(f, "  (no portfolio satisfies the rules at any %s in the range)\n",
                rate ? "savings rate" : "headroom");
    bool unproven = false;
    for (int i = 0; i < fr->n_points; i++)
        unproven |= !fr->points[i].proven;
    if (unproven)
        fprintf(f, "* not proven %s within the time limit\n",
                fr->gap > 0 ? "within the gap" : "optimal");
    if (fr->gap > 0)
        fprintf(f, "\n%s\n", fr->complete
                                 ? "The list is complete: more money adds less than the gap "
                                   "beyond the last row."
                                 : "The list stops early (--max-points, --to or a time limit).");
    else
        fprintf(f, "\n%s\n", fr->complete
                                 ? "The list is complete: more money adds nothing beyond the "
                                   "last breakpoint."
                                 : "The list stops early (--max-points or --to); the points "
                                   "shown are exact.");
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
            snprintf(s + len, cap - len, " (+%d more)", e->n_intervals - 3);
            break;
        }
        const char *sep = i ? (csv ? ";" : ", ") : "";
        FIX(a, e->intervals[i][0], decimals); /* CSV too: the table's decimals */
        if (isnan(e->intervals[i][1]))
            len += (size_t)snprintf(s + len, cap - len, csv ? "%s%s.." : "%sfrom %s", sep, a);
        else
        {
            FIX(b, e->intervals[i][1], decimals);
            len += (size_t)snprintf(s + len, cap - len, csv ? "%s%s..%s" : "%s%s to %s", sep, a,
                                    b);
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
    fprintf(f, "%s: %s (the order in which measures enter the %s portfolio as the headroom "
               "grows)\n",
            title(m, "juten"),
            rk->nested ? "nested priority ranking" : "priority ranking",
            rk->nested ? "nested" : "optimal");
    if (!isnan(rk->range_from))
        fprintf(f, "Headroom examined: %s to %s %s; this scenario's headroom is %s (column "
                   "\"at %s\").\n",
                FIX(a, rk->range_from, dn), FIX(b, rk->range_to, dn), unit(m), hs, hs);
    fputc('\n', f);
    static const char *const h0[] = {"rank", "id", "name", "area", "enters at", "funded over",
                                     "at", "ratio rank"};
    char at_head[80];
    snprintf(at_head, sizeof at_head, "at %s", hs);
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
                                isnan(e->entry_at) ? "not reached" : FIX(a, e->entry_at, dn), iv,
                                e->at_scenario ? "funded" : "", r2};
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
        fprintf(f, "\n%d measure%s %s not reached within the range examined (up to %s %s): "
                   "--to extends it.\n",
                unreached, unreached == 1 ? "" : "s", unreached == 1 ? "is" : "are",
                FIX(a, rk->range_to, dn), unit(m));
    if (rk->grid)
        fprintf(f, "%sEach budget shown is one of the budgets solved (every %s %s, and the "
                   "scenario's own): a measure enters at most one step below it. --exact "
                   "lists the exact breakpoints instead.\n",
                unreached ? "" : "\n", juten_text_amount(a, rk->grid_step, 3), unit(m));
    if (rk->nested)
    {
        fprintf(f, "\nNested ranking: portfolios that only grow as money grows, so it is a "
                   "funding queue.\nNesting costs %s of weighted risk reduction summed over "
                   "the budgets, at most %s at one budget,\nagainst the optimal portfolios.\n",
                FIX(a, rk->nesting_cost_total, pr.value), FIX(b, rk->nesting_cost_max, pr.value));
        if (rk->nesting_proven)
            fprintf(f, "No nested ranking loses less (proven).\n");
        else
            fprintf(f, "Not proven the least within the time limit: every nested ranking "
                       "loses at least %s.\n",
                    FIX(a, rk->nesting_cost_least, pr.value));
    }
    else if (rk->n_leaving)
        fprintf(f, "\n%d measure%s enter%s and later leave%s again as money grows (some "
                   "re-enter): optimal portfolios are not nested, so this is not a simple "
                   "funding queue (--nested gives one).\n",
                rk->n_leaving, rk->n_leaving == 1 ? "" : "s", rk->n_leaving == 1 ? "s" : "",
                rk->n_leaving == 1 ? "s" : "");
    else
        fprintf(f, "\nThe optimal portfolios are nested: fund in this order as money "
                   "appears.\n");
    int differ = 0;
    for (int i = 0; i < rk->n; i++)
        differ += rk->entries[i].rank != rk->entries[i].ratio_rank;
    fprintf(f, "The naive value-per-cost order (ratio rank) differs for %d of %d measures.\n",
            differ, rk->n);
    if (!rk->complete)
        fprintf(f, "The frontier behind this ranking stopped early (time or --max-points); "
                   "later entries may be missing.\n");
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
        snprintf(out, size, "%sto within %s%s", parens ? " (" : "; ",
                 juten_text_amount(a, tol, 6), parens ? ")" : "");
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
        fprintf(f, "  %s the optimal portfolio (value %s).\n",
                e->selected ? "IN" : "OUT of", FIX(a, e->objective, dv));
        if (e->undecided && isnan(e->forced_objective) && !isinf(e->loss)) {
            fprintf(f, "  Not decided within the time limit: forcing it %s was not solved "
                       "in time (raise --time-limit).\n", e->selected ? "out" : "in");
            continue;
        }
        if (!e->can_flip) {
            const char *verb = e->selected ? "left out" : "funded";
            const char *side = e->selected ? "left out" : "funded";
            if (e->reason)
                fprintf(f, "  It cannot be %s: %s.\n", verb, e->reason);
            else
                fprintf(f, "  It cannot be %s: no portfolio satisfies the rules %s it.\n", verb,
                        e->selected ? "without" : "with");
            /* a measure's own decision needs no list: the reason says it */
            bool own = e->conflict && e->conflict->n == 1 && e->conflict->items[0].rule &&
                       strchr(e->conflict->items[0].rule, '[') &&
                       !strncmp(strchr(e->conflict->items[0].rule, '[') + 1, mid,
                                strlen(mid)) &&
                       (e->conflict->items[0].family &
                        (JUTEN_RULE_MANDATORY | JUTEN_RULE_INCLUDE | JUTEN_RULE_EXCLUDE));
            if (e->conflict && e->conflict->n > 0 && !own) {
                fprintf(f, "  With %s %s, these rules cannot all hold (drop or move any one of "
                           "them and a portfolio exists):\n", mid, side);
                for (int q = 0; q < e->conflict->n; q++)
                    fprintf(f, "    - %s: %s\n", e->conflict->items[q].rule,
                            e->conflict->items[q].sentence);
            } else if (!own) {
                for (int q = 0; q < e->n_why; q++)
                    fprintf(f, "    - %s\n", e->why[q]);
            }
            if (!isnan(e->least_headroom)) {
                fprintf(f, "  With %s %s and every other rule as it is, a portfolio exists from "
                           "a headroom\n  of %s%s%s (now %s%s%s)", mid, side, FIX(a, e->least_headroom, dm), sp, u,
                        FIX(b, e->headroom, dm), sp, u);
                if (!isnan(e->least_headroom_objective))
                    fprintf(f, ";\n  there the best one is worth %s",
                            FIX(a, e->least_headroom_objective, dv));
                if (!isnan(e->least_headroom_unforced))
                    fprintf(f, " (the best of all, %s)", FIX(b, e->least_headroom_unforced, dv));
                fprintf(f, ".\n");
                if (!isnan(e->optimal_headroom)) {
                    char tol[96];
                    tolerance_note(tol, sizeof tol, true, e->cost_tolerance, dm);
                    fprintf(f, "  From a headroom of %s%s%s%s the optimal portfolio %s.\n",
                            FIX(a, e->optimal_headroom, dm), sp, u, tol,
                            e->selected ? "leaves it out" : "funds it");
                }
                else
                    fprintf(f, "  More headroom alone never makes %s it optimal.\n",
                            e->selected ? "leaving out" : "funding");
            } else if (!own && e->conflict && e->conflict->n > 0) {
                fprintf(f, "  No headroom makes it possible: a rule other than the offset must "
                           "change.\n");
            }
            continue;
        }
        fprintf(f, "  Forcing it %s gives at best %s: %s less.\n", e->selected ? "out" : "in",
                FIX(a, e->forced_objective, dv), FIX(b, e->loss, dv));
        if (!isnan(e->break_even_risk))
            fprintf(f, "  It would %s if its risk reduction were %s %s (now %s).\n",
                    e->selected ? "drop out" : "enter",
                    e->selected ? "below" : "above", FIX(a, e->break_even_risk, dv),
                    FIX(b, mrisk, dv));
        else
            fprintf(f, "  No risk-reduction estimate flips it (its area weighs 0).\n");
        if (!isnan(e->break_even_cost)) {
            char tol[96];
            tolerance_note(tol, sizeof tol, false, e->cost_tolerance, dm);
            fprintf(f, "  It would %s if its cost were %s %s%s%s (now %s%s).\n",
                    e->selected ? "drop out" : "enter", e->selected ? "above" : "at most",
                    FIX(a, e->break_even_cost, dm), *u ? " " : "", u, FIX(b, mcost, dm), tol);
        }
        else if (e->undecided)
            fprintf(f, "  Its break-even cost was not found within the time limit (raise "
                       "--time-limit).\n");
        else if (e->selected)
            fprintf(f, "  It stays in at any cost tried.\n");
        else
            fprintf(f, "  It would not enter even at no cost.\n");
        if (!isnan(e->break_even_saving))
            fprintf(f, "  It would %s if its listed saving were %s %s%s%s (now %s; to within "
                       "%s).\n",
                    e->selected ? "drop out" : "enter", e->selected ? "below" : "at least",
                    FIX(a, e->break_even_saving, dm), sp, u, FIX(b, msaving, dm),
                    juten_text_amount(c, e->cost_tolerance, 6));
        else if (e->selected && msaving > 0 && msaving * e->savings_rate >= mcost &&
                 e->savings_rate > 0)
            fprintf(f, "  It stays in even with no saving.\n");
        if (e->n_blocking && e->blocking_gain) {
            fprintf(f, "  Rules holding the value down when it is forced %s (value gained if "
                       "that rule alone were dropped):\n",
                    e->selected ? "out" : "in");
            juten_report_binding_text(f, "    ", (const char *const *)e->blocking,
                                      e->blocking_gain, e->n_blocking, e->n_blocking_inert,
                                      e->n_blocking_unchecked, dv);
        } else if (e->n_blocking) {
            fprintf(f, "  Rules at their limit when it is forced %s:", e->selected ? "out" : "in");
            for (int q = 0; q < e->n_blocking; q++)
                fprintf(f, "%s %s", q ? "," : "", e->blocking[q]);
            fputc('\n', f);
        } else if (e->blocking_gain) {
            fprintf(f, "  No rule at its limit holds the value down when it is forced %s.\n",
                    e->selected ? "out" : "in");
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

/* "M12 (name), M33 (name)" of the measures in a and not in b. */
static char *named_diff(const juten_model *m, const unsigned char *a, const unsigned char *b)
{
    juten_str s = JUTEN_STR_INIT;
    int shown = 0;
    for (int j = 0; j < juten_model_measure_count(m); j++) {
        if (!a[j] || (b && b[j]))
            continue;
        const char *nm = juten_model_measure_name(m, j);
        if (nm && *nm)
            juten_str_printf(&s, "%s%s (%s)", shown ? ", " : "", juten_model_measure_id(m, j),
                             nm);
        else
            juten_str_printf(&s, "%s%s", shown ? ", " : "", juten_model_measure_id(m, j));
        shown++;
    }
    if (!shown)
        juten_str_printf(&s, "none");
    return juten_str_take(&s);
}

/* "M51" or "M51 and M07" or "M51, M07 and M12": the measures left out. */
static char *without_ids(const juten_model *m, const juten_portfolios *set)
{
    juten_str s = JUTEN_STR_INIT;
    for (int i = 0; i < set->n_without; i++)
        juten_str_printf(&s, "%s%s",
                         i == 0 ? "" : i == set->n_without - 1 ? " and " : ", ",
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
                    set->reason ? set->reason : "no portfolio leaves them out");
        else
            fprintf(f, "%s: no portfolio satisfies the rules, so there are no alternatives\n",
                    title(m, "juten"));
        free(wo);
        return JUTEN_OK;
    } else {
        if (set->n_without)
            fprintf(f, "%s: the best portfolio%s without %s", title(m, "juten"),
                    n == 1 ? "" : "s", wo);
        else
            fprintf(f, "%s: the %d best portfolio%s", title(m, "juten"), n, n == 1 ? "" : "s");
        if (n > 1)
            fprintf(f, ", each differing from the others in at least %d measure%s",
                    set->differ_by, set->differ_by == 1 ? "" : "s");
        fprintf(f, "\n(changes against the optimum%s, value %s, spending %s%s%s)\n\n",
                set->n_without ? " with nothing left out" : "", FIX(a, ref->objective, pr.value),
                FIX(b, ref->spend, pr.money), *unit(m) ? " " : "", unit(m));
    }
    static const char *const h[] = {"#",   "value", "change", "spend", "change",
                                    "net", "change", "added", "removed"};
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
        char *adn = csv ? named_diff(m, p[i].selected, ref->selected) : NULL;
        char *rmn = csv ? named_diff(m, ref->selected, p[i].selected) : NULL;
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
            juten_csv_cell(f, strcmp(adn, "none") ? adn : "", true);
            fputc(',', f);
            juten_csv_cell(f, strcmp(rmn, "none") ? rmn : "", true);
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
            char *adn = named_diff(m, p[i].selected, ref->selected);
            char *rmn = named_diff(m, ref->selected, p[i].selected);
            ok = adn && rmn;
            if (ok)
                fprintf(f, "\n#%d: value %s, spending %s%s%s, net %s against the optimum\n"
                           "  joins:  %s\n  leaves: %s\n",
                        i + 1, signed_fix(c1, p[i].objective - ref->objective, pr.value),
                        signed_fix(c2, p[i].spend - ref->spend, pr.money), *unit(m) ? " " : "",
                        unit(m),
                        signed_fix(c4, p[i].net - ref->net, pr.net), adn, rmn);
            free(adn);
            free(rmn);
        }
    }
    juten_table_free(t);
    free(wo);
    return ok ? JUTEN_OK : JUTEN_ERR_NOMEM;
}
