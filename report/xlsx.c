/*
 * xlsx.c -- results as an Excel workbook (--format xlsx): one sheet per
 * table of the command and a "run" sheet with the scenario, the status, the
 * parameters solved with and every input file with its sha256.  The only
 * file that uses libxlsxwriter.
 *
 * Numbers are stored as numbers with a number format (money with the data's
 * own decimals, juten_precision_of; shares and probabilities as percent), so
 * a planner can sum and chart them; full precision is kept in the cell and
 * only the display rounds, as in the table.  Ids have their names in the
 * next column.  The header row of every sheet is frozen and every column is
 * as wide as its widest cell in display columns (a CJK character takes two).
 *
 * libxlsxwriter writes by file name: the workbook goes into a private
 * scratch directory and is then copied into f, which is the caller's output
 * (juten_output.h): so -o to a symlink, FIFO or device writes through and a
 * regular file is replaced atomically, like every other output.  The
 * workbook's creation date is fixed, so the same result gives the same
 * bytes.
 */
#include "report_int.h"
#include "juten_compare.h"
#include "juten_i18n.h"
#include "juten_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define XL_MAX_COLS 40 /* compare: 2 + 3 quantities x 8 scenarios */
#define XL_MIN_WIDTH 6
#define XL_MAX_WIDTH 80

typedef struct xl_book {
    lxw_workbook *wb;
    lxw_format *bold, *money, *net, *value, *pct, *rate, *count;
    juten_precision pr;
    bool ok; /* false once a call failed (out of memory, or too many rows) */
} xl_book;

typedef struct xl_sheet {
    xl_book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
    int ncols;
    int width[XL_MAX_COLS];
} xl_sheet;

/* "#,##0" with d decimals. */
static lxw_format *number_format(lxw_workbook *wb, int d, bool percent)
{
    char nf[32];
    snprintf(nf, sizeof nf, "%s%s%.*s%s", percent ? "0" : "#,##0", d > 0 ? "." : "", d,
             "000000", percent ? "%" : "");
    lxw_format *f = workbook_add_format(wb);
    if (f)
        format_set_num_format(f, nf);
    return f;
}

static void note_width(xl_sheet *s, int col, int w)
{
    if (col < XL_MAX_COLS && w > s->width[col])
        s->width[col] = w;
}

static void cell_text(xl_sheet *s, int col, const char *text)
{
    if (!text)
        return;
    if (worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text, NULL) != LXW_NO_ERROR)
        s->b->ok = false;
    note_width(s, col, juten_utf8_width(text));
}

/* A number, blank when not finite (Excel has no NaN or infinity). */
static void cell_num(xl_sheet *s, int col, double v, lxw_format *fmt)
{
    if (!isfinite(v))
        return;
    /* 15 significant digits, so 53.6 is not stored as 53.599999999999994;
     * binary noise of sums below 1e-9, the least amount the loader accepts,
     * dropped, so a net of -1.4e-14 is 0 and not shown as "-0.0" */
    if (fabs(v) < 1e6)
        v = nearbyint(v * 1e9) / 1e9;
    char clean[64];
    snprintf(clean, sizeof clean, "%.15g", v == 0 ? 0.0 : v);
    v = strtod(clean, NULL);
    if (worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, fmt) != LXW_NO_ERROR)
        s->b->ok = false;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.3f", fabs(v));
    note_width(s, col, n + n / 3 + 1); /* digits, thousands separators, sign */
}

static void cell_int(xl_sheet *s, int col, double v) { cell_num(s, col, v, s->b->count); }

static void cell_yesno(xl_sheet *s, int col, bool v) { cell_text(s, col, v ? "yes" : "no"); }

static void next_row(xl_sheet *s) { s->row++; }

/* A sheet with its header row (bold, frozen); name and headers as given. */
static bool sheet_new_as_is(xl_book *b, xl_sheet *s, const char *name, const char *const *hd,
                            int n)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->ncols = n < XL_MAX_COLS ? n : XL_MAX_COLS;
    s->ws = workbook_add_worksheet(b->wb, name);
    if (!s->ws) {
        b->ok = false;
        return false;
    }
    for (int c = 0; c < n; c++) {
        if (worksheet_write_string(s->ws, 0, (lxw_col_t)c, hd[c], b->bold) != LXW_NO_ERROR)
            b->ok = false;
        note_width(s, c, juten_utf8_width(hd[c]) + 1); /* bold is wider */
    }
    worksheet_freeze_panes(s->ws, 1, 0);
    s->row = 1;
    return true;
}

/* A sheet name or column header in the planner's language.  Their msgids
 * carry the context "xlsx|" (a sheet's "value" column or "ranking" sheet is
 * not the word a table or a progress line has), which English drops. */
static const char *xl_tr(const char *msgid)
{
    const char *t = _(msgid);
    const char *bar = strchr(msgid, '|');
    return t != msgid || !bar ? t : bar + 1;
}

/* The same with name and headers (marked N_("xlsx|...")) in the planner's
 * language. */
static bool sheet_new(xl_book *b, xl_sheet *s, const char *name, const char *const *hd, int n)
{
    const char *tr[XL_MAX_COLS];
    n = n < XL_MAX_COLS ? n : XL_MAX_COLS;
    for (int c = 0; c < n; c++)
        tr[c] = xl_tr(hd[c]);
    return sheet_new_as_is(b, s, xl_tr(name), tr, n);
}

static void sheet_done(xl_sheet *s)
{
    if (!s->ws)
        return;
    for (int c = 0; c < s->ncols; c++) {
        int w = s->width[c] + 2;
        w = w < XL_MIN_WIDTH ? XL_MIN_WIDTH : w > XL_MAX_WIDTH ? XL_MAX_WIDTH : w;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}

/* "id;id;..." of the measures in `now` and not in `before` (before NULL:
 * all of now); names: their names instead.  NULL when out of memory. */
static char *id_list(const juten_model *m, const unsigned char *now, const unsigned char *before,
                     bool names)
{
    size_t len = 1, used = 0;
    int n = juten_model_measure_count(m);
    for (int j = 0; j < n; j++)
        if (now[j] && !(before && before[j]))
            len += strlen(names ? juten_model_measure_name(m, j) : juten_model_measure_id(m, j)) + 2;
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (int j = 0; j < n; j++)
        if (now[j] && !(before && before[j])) {
            const char *t = names ? juten_model_measure_name(m, j) : juten_model_measure_id(m, j);
            used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "; " : "", t);
        }
    return out;
}

/* Two cells: the ids and their names. */
static void cell_ids(xl_sheet *s, int col, const juten_model *m, const unsigned char *now,
                     const unsigned char *before)
{
    char *ids = id_list(m, now, before, false), *names = id_list(m, now, before, true);
    if (!ids || !names)
        s->b->ok = false;
    cell_text(s, col, ids);
    cell_text(s, col + 1, names);
    free(ids);
    free(names);
}

static juten_status book_open(xl_book *b, const char *path, const juten_model *m,
                              const juten_precision *prec)
{
    memset(b, 0, sizeof *b);
    b->ok = true;
    lxw_workbook_options opt = {0};
    opt.tmpdir = NULL;
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb)
        return JUTEN_ERR_NOMEM;
    /* a fixed date (2000-01-01): the same result, the same bytes */
    lxw_doc_properties props = {0};
    props.title = (char *)juten_model_name(m);
    props.created = 946684800;
    workbook_set_properties(b->wb, &props);
    b->pr = *prec;
    const juten_precision pr = b->pr;
    b->bold = workbook_add_format(b->wb);
    if (b->bold)
        format_set_bold(b->bold);
    b->money = number_format(b->wb, pr.money, false);
    b->net = number_format(b->wb, pr.net, false);
    b->value = number_format(b->wb, pr.value, false);
    b->pct = number_format(b->wb, 1, true);
    b->rate = NULL; /* General: weights and rates as typed (1.3, 0.7) */
    b->count = number_format(b->wb, 0, false);
    if (!b->bold || !b->money || !b->net || !b->value || !b->pct || !b->count)
        b->ok = false;
    return JUTEN_OK;
}

/* One parameter row of the run sheet. */
static void run_num(xl_sheet *s, const char *item, double v, lxw_format *fmt)
{
    cell_text(s, 0, item);
    cell_num(s, 1, v, fmt);
    next_row(s);
}

static void run_text(xl_sheet *s, const char *item, const char *v)
{
    cell_text(s, 0, item);
    cell_text(s, 1, v);
    next_row(s);
}

/* The run sheet's head; the caller adds its parameters, then run_finish. */
static void run_start(xl_book *b, xl_sheet *s, const juten_model *m, const char *command,
                      const char *status)
{
    static const char *const hd[] = {N_("xlsx|item"), N_("xlsx|value"), N_("xlsx|sha256")};
    if (!sheet_new(b, s, N_("xlsx|run"), hd, 3))
        return;
    run_text(s, "scenario", juten_model_name(m));
    run_text(s, "command", command);
    if (status)
        run_text(s, "status", status);
    run_text(s, "currency", juten_model_currency(m));
    run_text(s, "juten", JUTEN_VERSION);
    run_text(s, "solver", juten_solver_backend_version());
}

/* The head of the input files' rows. */
static void run_files_head(xl_sheet *s)
{
    next_row(s);
    cell_text(s, 0, "input file (role)");
    cell_text(s, 1, "path");
    cell_text(s, 2, "sha256");
    next_row(s);
}

/* Every input file of m with its role, path and sha256; the role after
 * the scenario's number when k >= 0 (compare). */
static void run_files(xl_sheet *s, const juten_model *m, int k)
{
    for (int i = 0; i < juten_model_file_count(m); i++) {
        char role[160];
        if (k >= 0)
            snprintf(role, sizeof role, "%d %s", k + 1, juten_model_file_role(m, i));
        cell_text(s, 0, k >= 0 ? role : juten_model_file_role(m, i));
        cell_text(s, 1, juten_model_file_path(m, i));
        cell_text(s, 2, juten_model_file_sha256(m, i));
        next_row(s);
    }
}

static void run_finish(xl_sheet *s, const juten_model *m)
{
    if (!s->ws)
        return;
    run_files_head(s);
    run_files(s, m, -1);
    sheet_done(s);
}

/* Close the workbook (it is written now) and copy it into f. */
static juten_status book_close(xl_book *b, const char *path, FILE *f, juten_diags *d)
{
    lxw_error e = workbook_close(b->wb);
    if (!b->ok) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "building the Excel workbook failed (out of memory or more rows than "
                        "a sheet holds)");
        return JUTEN_ERR_INTERNAL;
    }
    if (e != LXW_NO_ERROR) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "writing the Excel workbook failed: %s",
                        lxw_strerror(e));
        return JUTEN_ERR_IO;
    }
    FILE *in = fopen(path, "rb");
    if (!in) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot read the Excel workbook back");
        return JUTEN_ERR_IO;
    }
    char buf[65536];
    size_t n;
    juten_status st = JUTEN_OK;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n) {
            st = JUTEN_ERR_IO;
            break;
        }
    if (ferror(in))
        st = JUTEN_ERR_IO;
    fclose(in);
    if (st != JUTEN_OK)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "writing the Excel workbook failed");
    return st;
}

/* Build a workbook with fill(b, ctx) in a scratch directory, then copy it
 * into f. */
typedef void (*xl_fill)(xl_book *b, const void *ctx);
static juten_status with_book_pr(FILE *f, const juten_model *m, const juten_precision *pr,
                                 xl_fill fill, const void *ctx, juten_diags *d)
{
    juten_scratch *sc = NULL;
    juten_status st = juten_scratch_create(&sc, d);
    if (st != JUTEN_OK)
        return st;
    const char *path = juten_file_scratch_path(sc, "out.xlsx");
    xl_book b;
    st = path ? book_open(&b, path, m, pr) : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK) {
        fill(&b, ctx);
        st = book_close(&b, path, f, d);
    }
    juten_file_scratch_remove(sc);
    return st;
}

/* The same with the precision of m solved at headroom and savings_rate. */
static juten_status with_book(FILE *f, const juten_model *m, double headroom,
                              double savings_rate, xl_fill fill, const void *ctx,
                              juten_diags *d)
{
    juten_precision pr;
    juten_precision_of(m, headroom, savings_rate, &pr);
    return with_book_pr(f, m, &pr, fill, ctx, d);
}

/* ---- rule prices (solve, explain) ----------------------------------------- */

static void prices_sheet(xl_book *b, const juten_rule_price *prices, int n)
{
    static const char *const hd[] = {N_("xlsx|rule family"), N_("xlsx|price"), N_("xlsx|at least"),
                                     N_("xlsx|at most"), N_("xlsx|note")};
    xl_sheet s;
    if (!sheet_new(b, &s, N_("xlsx|rule prices"), hd, 5))
        return;
    for (int i = 0; i < n; i++) {
        cell_text(&s, 0, juten_rule_family_name(prices[i].family));
        if (isinf(prices[i].price))
            cell_text(&s, 4, _("infeasible without it"));
        else
            cell_num(&s, 1, prices[i].price, b->value);
        cell_num(&s, 2, prices[i].lo, b->value);
        cell_num(&s, 3, prices[i].hi, b->value);
        next_row(&s);
    }
    sheet_done(&s);
}

/* ---- solve ---------------------------------------------------------------- */

typedef struct solution_ctx {
    const juten_model *m;
    const juten_result *r;
    const juten_rule_price *prices;
    int n_prices;
    const juten_conflict *conflict;
} solution_ctx;

static void fill_solution(xl_book *b, const void *vctx)
{
    const solution_ctx *c = vctx;
    const juten_model *m = c->m;
    const juten_result *r = c->r;
    const juten_outcome outcome = juten_result_outcome(r);
    const bool have = outcome == JUTEN_OPTIMAL || outcome == JUTEN_FEASIBLE;
    const double spend = juten_result_spend(r);
    xl_sheet s;

    static const char *const hp[] = {N_("xlsx|id"),       N_("xlsx|name"),
                                     N_("xlsx|area"),     N_("xlsx|area name"),
                                     N_("xlsx|ministry"), N_("xlsx|ministry name"),
                                     N_("xlsx|funded"),   N_("xlsx|cost"),
                                     N_("xlsx|saving"),   N_("xlsx|risk_reduction"),
                                     N_("xlsx|weight"),   N_("xlsx|weighted_value")};
    if (sheet_new(b, &s, N_("xlsx|portfolio"), hp, 12)) {
        for (int j = 0; have && j < juten_model_measure_count(m); j++) {
            int a = juten_model_measure_area(m, j), mi = juten_model_measure_ministry(m, j);
            cell_text(&s, 0, juten_model_measure_id(m, j));
            cell_text(&s, 1, juten_model_measure_name(m, j));
            cell_text(&s, 2, juten_model_area_id(m, a));
            cell_text(&s, 3, juten_model_area_name(m, a));
            cell_text(&s, 4, mi >= 0 ? juten_model_ministry_id(m, mi) : "");
            cell_text(&s, 5, mi >= 0 ? juten_model_ministry_name(m, mi) : "");
            cell_yesno(&s, 6, juten_result_selected(r, j));
            cell_num(&s, 7, juten_result_cost(r, j), b->money);
            cell_num(&s, 8, juten_result_saving(r, j), b->money);
            cell_num(&s, 9, juten_result_risk(r, j), b->value);
            cell_num(&s, 10, juten_model_area_weight(m, a), b->rate);
            cell_num(&s, 11, juten_result_value(r, j), b->value);
            next_row(&s);
        }
        sheet_done(&s);
    }
    static const char *const ha[] = {N_("xlsx|id"),       N_("xlsx|name"),  N_("xlsx|weight"),
                                     N_("xlsx|spend"),    N_("xlsx|share"), N_("xlsx|min_share"),
                                     N_("xlsx|max_share")};
    if (have && sheet_new(b, &s, N_("xlsx|areas"), ha, 7)) {
        for (int k = 0; k < juten_model_area_count(m); k++) {
            double as = juten_result_area_spend(r, k);
            cell_text(&s, 0, juten_model_area_id(m, k));
            cell_text(&s, 1, juten_model_area_name(m, k));
            cell_num(&s, 2, juten_model_area_weight(m, k), b->rate);
            cell_num(&s, 3, as, b->money);
            cell_num(&s, 4, spend > 0 ? as / spend : 0.0, b->pct);
            cell_num(&s, 5, juten_model_area_min_share(m, k), b->pct);
            cell_num(&s, 6, juten_model_area_max_share(m, k), b->pct);
            next_row(&s);
        }
        sheet_done(&s);
    }
    static const char *const hm[] = {N_("xlsx|id"), N_("xlsx|name"), N_("xlsx|charge"),
                                     N_("xlsx|ceiling")};
    if (have && juten_model_ministry_count(m) > 0 &&
        sheet_new(b, &s, N_("xlsx|ministries"), hm, 4)) {
        /* charges split by cost_share can need more decimals than the data */
        int dc = b->pr.money;
        for (int k = 0; k < juten_model_ministry_count(m); k++)
            dc = juten_decimals_widen(dc, juten_result_ministry_charge(r, k));
        lxw_format *cf = dc == b->pr.money ? b->money : number_format(b->wb, dc, false);
        if (!cf)
            b->ok = false;
        for (int k = 0; k < juten_model_ministry_count(m); k++) {
            cell_text(&s, 0, juten_model_ministry_id(m, k));
            cell_text(&s, 1, juten_model_ministry_name(m, k));
            cell_num(&s, 2, juten_result_ministry_charge(r, k), cf);
            cell_num(&s, 3, juten_model_ministry_ceiling(m, k), b->money);
            next_row(&s);
        }
        sheet_done(&s);
    }
    static const char *const hb[] = {N_("xlsx|rule"), N_("xlsx|value gained by dropping it alone")};
    if (have && sheet_new(b, &s, N_("xlsx|rules at limit"), hb, 2)) {
        bool weighed = juten_result_binding_weighed(r);
        for (int i = 0; i < juten_result_binding_count(r); i++) {
            cell_text(&s, 0, juten_result_binding(r, i));
            if (weighed)
                cell_num(&s, 1, juten_result_binding_gain(r, i), b->value);
            next_row(&s);
        }
        sheet_done(&s);
    }
    if (have && c->prices)
        prices_sheet(b, c->prices, c->n_prices);
    const int n_ex = juten_result_explanation_count(r);
    static const char *const he[] = {N_("xlsx|why no portfolio"), N_("xlsx|relax by")};
    if ((!have || n_ex > 0) && sheet_new(b, &s, N_("xlsx|explanation"), he, 2)) {
        for (int i = 0; i < n_ex; i++) {
            cell_text(&s, 0, juten_result_explanation(r, i));
            next_row(&s);
        }
        for (int i = 0; c->conflict && i < c->conflict->n; i++) {
            cell_text(&s, 0, c->conflict->items[i].sentence);
            cell_num(&s, 1, c->conflict->items[i].relax_by, b->money);
            next_row(&s);
        }
        sheet_done(&s);
    }

    run_start(b, &s, m, "solve", juten_outcome_str(outcome));
    if (have) {
        run_num(&s, "objective", juten_result_objective(r), b->value);
        run_num(&s, "spend", spend, b->money);
        run_num(&s, "savings", juten_result_savings(r), b->net);
        run_num(&s, "net", juten_result_net(r), b->net);
        run_num(&s, "gap", juten_result_gap(r), b->pct);
    }
    run_num(&s, "best_bound", juten_result_best_bound(r), b->value);
    run_num(&s, "headroom", juten_result_headroom(r), b->money);
    run_num(&s, "savings_rate", juten_result_savings_rate(r), b->rate);
    run_text(&s, "time_limited", juten_result_time_limited(r) ? "yes" : "no");
    run_text(&s, "node_limited", juten_result_node_limited(r) ? "yes" : "no");
    run_finish(&s, m);
}

juten_status juten_report_xlsx_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        const juten_rule_price *prices, int n_prices,
                                        const juten_conflict *conflict, juten_diags *d)
{
    solution_ctx c = {m, r, prices, n_prices, conflict};
    return with_book(f, m, juten_result_headroom(r), juten_result_savings_rate(r),
                     fill_solution, &c, d);
}

/* ---- rank ----------------------------------------------------------------- */

typedef struct ranking_ctx {
    const juten_model *m;
    const juten_ranking *rk;
} ranking_ctx;

static void fill_ranking(xl_book *b, const void *vctx)
{
    const ranking_ctx *c = vctx;
    const juten_model *m = c->m;
    const juten_ranking *rk = c->rk;
    static const char *const hd[] = {N_("xlsx|rank"),       N_("xlsx|id"),
                                     N_("xlsx|name"),       N_("xlsx|area"),
                                     N_("xlsx|area name"),  N_("xlsx|entry_at"),
                                     N_("xlsx|leaves_at"),  N_("xlsx|ratio_rank"),
                                     N_("xlsx|ratio"),      N_("xlsx|funded at scenario"),
                                     N_("xlsx|funded over")};
    xl_sheet s;
    if (sheet_new(b, &s, N_("xlsx|ranking"), hd, 11)) {
        for (int i = 0; i < rk->n; i++) {
            const juten_rank_entry *e = &rk->entries[i];
            const int j = e->measure, a = juten_model_measure_area(m, j);
            cell_int(&s, 0, e->rank);
            cell_text(&s, 1, juten_model_measure_id(m, j));
            cell_text(&s, 2, juten_model_measure_name(m, j));
            cell_text(&s, 3, juten_model_area_id(m, a));
            cell_text(&s, 4, juten_model_area_name(m, a));
            cell_num(&s, 5, e->entry_at, b->net);
            cell_num(&s, 6, e->leaves_at, b->net);
            cell_int(&s, 7, e->ratio_rank);
            cell_num(&s, 8, e->ratio, b->rate);
            cell_yesno(&s, 9, e->at_scenario);
            char iv[512];
            size_t used = 0;
            iv[0] = '\0';
            for (int k = 0; k < e->n_intervals && used < sizeof iv - 140; k++) {
                char lo[64], hi[64];
                juten_text_amount(lo, e->intervals[k][0], JUTEN_MAX_DECIMALS);
                if (isnan(e->intervals[k][1]))
                    snprintf(hi, sizeof hi, "end");
                else
                    juten_text_amount(hi, e->intervals[k][1], JUTEN_MAX_DECIMALS);
                used += (size_t)snprintf(iv + used, sizeof iv - used, "%s%s..%s",
                                         used ? "; " : "", lo, hi);
            }
            cell_text(&s, 10, iv);
            next_row(&s);
        }
        sheet_done(&s);
    }
    run_start(b, &s, m, "rank", rk->complete ? "complete" : "incomplete");
    run_num(&s, "scenario headroom", rk->scenario_headroom, b->money);
    run_num(&s, "savings_rate", juten_model_savings_rate(m), b->rate);
    run_num(&s, "range from", rk->range_from, b->net);
    run_num(&s, "range to", rk->range_to, b->net);
    run_num(&s, "grid step", rk->grid_step, b->net);
    run_text(&s, "nested", rk->nested || rk->n_leaving == 0 ? "yes" : "no");
    if (rk->nested) {
        run_num(&s, "nesting cost total", rk->nesting_cost_total, b->value);
        run_num(&s, "nesting cost max", rk->nesting_cost_max, b->value);
    }
    run_num(&s, "leaving", rk->n_leaving, b->count);
    run_finish(&s, m);
}

juten_status juten_report_xlsx_ranking(FILE *f, const juten_model *m, const juten_ranking *rk,
                                       juten_diags *d)
{
    ranking_ctx c = {m, rk};
    return with_book(f, m, rk->scenario_headroom, juten_model_savings_rate(m), fill_ranking, &c,
                     d);
}

/* ---- frontier ------------------------------------------------------------- */

typedef struct frontier_ctx {
    const juten_model *m;
    const juten_frontier *fr;
} frontier_ctx;

static void fill_frontier(xl_book *b, const void *vctx)
{
    const frontier_ctx *c = vctx;
    const juten_model *m = c->m;
    const juten_frontier *fr = c->fr;
    const bool rate = fr->parameter == JUTEN_SWEEP_SAVINGS_RATE;
    static const char *const hd[] = {N_("xlsx|at"),
                                     N_("xlsx|objective"),
                                     N_("xlsx|lp_bound"),
                                     N_("xlsx|best_bound"),
                                     N_("xlsx|proven"),
                                     N_("xlsx|joins"),
                                     N_("xlsx|joins (names)"),
                                     N_("xlsx|leaves"),
                                     N_("xlsx|leaves (names)"),
                                     N_("xlsx|selected"),
                                     N_("xlsx|selected (names)")};
    xl_sheet s;
    if (sheet_new(b, &s, N_("xlsx|points"), hd, 11)) {
        for (int i = 0; i < fr->n_points; i++) {
            const juten_frontier_point *p = &fr->points[i];
            const unsigned char *prev = i ? fr->points[i - 1].selected : NULL;
            cell_num(&s, 0, p->at, rate ? b->rate : b->net);
            cell_num(&s, 1, p->objective, b->value);
            cell_num(&s, 2, p->lp_bound, b->value);
            cell_num(&s, 3, p->best_bound, b->value);
            cell_yesno(&s, 4, p->proven);
            cell_ids(&s, 5, m, p->selected, prev);
            if (prev)
                cell_ids(&s, 7, m, prev, p->selected);
            cell_ids(&s, 9, m, p->selected, NULL);
            next_row(&s);
        }
        sheet_done(&s);
    }
    run_start(b, &s, m, "frontier", fr->complete ? "complete" : "incomplete");
    run_text(&s, "parameter", juten_sweep_name(fr->parameter));
    run_num(&s, "headroom", juten_model_headroom(m), b->money);
    run_num(&s, "savings_rate", juten_model_savings_rate(m), b->rate);
    run_num(&s, "gap", fr->gap, b->pct);
    run_num(&s, "solves", fr->solves, b->count);
    run_finish(&s, m);
}

juten_status juten_report_xlsx_frontier(FILE *f, const juten_model *m, const juten_frontier *fr,
                                        juten_diags *d)
{
    frontier_ctx c = {m, fr};
    return with_book(f, m, juten_model_headroom(m), juten_model_savings_rate(m), fill_frontier,
                     &c, d);
}

/* ---- explain -------------------------------------------------------------- */

typedef struct explain_ctx {
    const juten_model *m;
    const juten_measure_explanation *ex;
    int k;
    const juten_rule_price *prices;
    int n_prices;
} explain_ctx;

static void fill_explanations(xl_book *b, const void *vctx)
{
    const explain_ctx *c = vctx;
    const juten_model *m = c->m;
    static const char *const hd[] = {N_("xlsx|id"),
                                     N_("xlsx|name"),
                                     N_("xlsx|selected"),
                                     N_("xlsx|objective"),
                                     N_("xlsx|forced_objective"),
                                     N_("xlsx|loss"),
                                     N_("xlsx|can_flip"),
                                     N_("xlsx|break_even_risk_reduction"),
                                     N_("xlsx|break_even_cost"),
                                     N_("xlsx|break_even_saving"),
                                     N_("xlsx|cost_tolerance"),
                                     N_("xlsx|blocking"),
                                     N_("xlsx|reason"),
                                     N_("xlsx|least_headroom"),
                                     N_("xlsx|optimal_headroom")};
    xl_sheet s;
    if (sheet_new(b, &s, N_("xlsx|measures"), hd, 15)) {
        for (int i = 0; i < c->k; i++) {
            const juten_measure_explanation *e = &c->ex[i];
            cell_text(&s, 0, juten_model_measure_id(m, e->measure));
            cell_text(&s, 1, juten_model_measure_name(m, e->measure));
            cell_yesno(&s, 2, e->selected);
            cell_num(&s, 3, e->objective, b->value);
            if (e->can_flip) {
                cell_num(&s, 4, e->forced_objective, b->value);
                cell_num(&s, 5, e->loss, b->value);
            }
            cell_yesno(&s, 6, e->can_flip);
            cell_num(&s, 7, e->break_even_risk, b->value);
            cell_num(&s, 8, e->break_even_cost, b->money);
            cell_num(&s, 9, e->break_even_saving, b->money);
            cell_num(&s, 10, e->cost_tolerance, b->money);
            size_t len = 1;
            for (int q = 0; q < e->n_blocking; q++)
                len += strlen(e->blocking[q]) + 2;
            char *bl = calloc(len, 1);
            if (!bl)
                b->ok = false;
            for (int q = 0; bl && q < e->n_blocking; q++) {
                if (q)
                    strcat(bl, "; ");
                strcat(bl, e->blocking[q]);
            }
            cell_text(&s, 11, bl);
            free(bl);
            if (!e->can_flip) {
                cell_text(&s, 12, e->reason);
                cell_num(&s, 13, e->least_headroom, b->net);
                cell_num(&s, 14, e->optimal_headroom, b->net);
            }
            next_row(&s);
        }
        sheet_done(&s);
    }
    if (c->prices)
        prices_sheet(b, c->prices, c->n_prices);
    run_start(b, &s, m, "explain", NULL);
    if (c->k > 0)
        run_num(&s, "objective", c->ex[0].objective, b->value);
    run_num(&s, "headroom", juten_model_headroom(m), b->money);
    run_num(&s, "savings_rate", juten_model_savings_rate(m), b->rate);
    run_finish(&s, m);
}

juten_status juten_report_xlsx_explanations(FILE *f, const juten_model *m,
                                            const juten_measure_explanation *ex, int k,
                                            const juten_rule_price *prices, int n_prices,
                                            juten_diags *d)
{
    explain_ctx c = {m, ex, k, prices, n_prices};
    return with_book(f, m, juten_model_headroom(m), juten_model_savings_rate(m),
                     fill_explanations, &c, d);
}

/* ---- alternatives --------------------------------------------------------- */

typedef struct alternatives_ctx {
    const juten_model *m;
    const juten_portfolio *p;
    int n;
} alternatives_ctx;

static void fill_alternatives(xl_book *b, const void *vctx)
{
    const alternatives_ctx *c = vctx;
    const juten_model *m = c->m;
    static const char *const hd[] = {N_("xlsx|rank"),
                                     N_("xlsx|objective"),
                                     N_("xlsx|gap_to_best"),
                                     N_("xlsx|added"),
                                     N_("xlsx|added (names)"),
                                     N_("xlsx|removed"),
                                     N_("xlsx|removed (names)"),
                                     N_("xlsx|selected"),
                                     N_("xlsx|selected (names)")};
    xl_sheet s;
    if (sheet_new(b, &s, N_("xlsx|alternatives"), hd, 9)) {
        for (int i = 0; i < c->n; i++) {
            cell_int(&s, 0, i + 1);
            cell_num(&s, 1, c->p[i].objective, b->value);
            cell_num(&s, 2, c->p[0].objective - c->p[i].objective, b->value);
            cell_ids(&s, 3, m, c->p[i].selected, c->p[0].selected);
            cell_ids(&s, 5, m, c->p[0].selected, c->p[i].selected);
            cell_ids(&s, 7, m, c->p[i].selected, NULL);
            next_row(&s);
        }
        sheet_done(&s);
    }
    run_start(b, &s, m, "alternatives", c->n > 0 ? "found" : "no portfolio");
    run_num(&s, "portfolios", c->n, b->count);
    run_num(&s, "headroom", juten_model_headroom(m), b->money);
    run_num(&s, "savings_rate", juten_model_savings_rate(m), b->rate);
    run_finish(&s, m);
}

juten_status juten_report_xlsx_alternatives(FILE *f, const juten_model *m,
                                            const juten_portfolio *p, int n, juten_diags *d)
{
    alternatives_ctx c = {m, p, n};
    return with_book(f, m, juten_model_headroom(m), juten_model_savings_rate(m),
                     fill_alternatives, &c, d);
}

/* ---- simulate ------------------------------------------------------------- */

typedef struct simulation_ctx {
    const juten_model *m;
    const juten_uncertainty *u;
    const unsigned char *portfolio;
    const char *source;
    const juten_sim_summary *s;
} simulation_ctx;

static void sum_row(xl_sheet *s, const char *item, double v, lxw_format *fmt, double lo,
                    double hi)
{
    cell_text(s, 0, item);
    cell_num(s, 1, v, fmt);
    cell_num(s, 2, lo, fmt);
    cell_num(s, 3, hi, fmt);
    next_row(s);
}

static void dist_rows(xl_sheet *s, const char *what, const juten_dist_stats *st,
                      lxw_format *fmt)
{
    static const char *const stat[] = {"mean", "sd", "p5", "p50", "p95"};
    const double v[] = {st->mean, st->sd, st->p5, st->p50, st->p95};
    for (int i = 0; i < 5; i++) {
        char item[64];
        snprintf(item, sizeof item, "%s %s", what, stat[i]);
        sum_row(s, item, v[i], fmt, NAN, NAN);
    }
}

static void fill_simulation(xl_book *b, const void *vctx)
{
    const simulation_ctx *c = vctx;
    const juten_model *m = c->m;
    const juten_sim_summary *sm = c->s;
    static const char *const hs[] = {N_("xlsx|item"), N_("xlsx|value"), N_("xlsx|ci_low"),
                                     N_("xlsx|ci_high")};
    xl_sheet s;
    if (sheet_new(b, &s, N_("xlsx|summary"), hs, 4)) {
        sum_row(&s, "offset probability", sm->offset_probability, b->pct, sm->offset_ci_lo,
                sm->offset_ci_hi);
        sum_row(&s, "all rules probability", sm->all_rules_probability, b->pct, NAN, NAN);
        sum_row(&s, "expected overrun (worst 5%)", sm->expected_overrun_worst5, b->net, NAN,
                NAN);
        dist_rows(&s, "net", &sm->net, b->net);
        dist_rows(&s, "spend", &sm->spend, b->money);
        dist_rows(&s, "savings", &sm->savings, b->net);
        sum_row(&s, "value nominal", sm->value_nominal, b->value, NAN, NAN);
        dist_rows(&s, "value", &sm->value, b->value);
        if (sm->reoptimised) {
            sum_row(&s, "feasible draws", (double)sm->feasible_draws, b->count, NAN, NAN);
            sum_row(&s, "unproven draws", (double)sm->unproven_draws, b->count, NAN, NAN);
            dist_rows(&s, "optimum", &sm->optimum, b->value);
            dist_rows(&s, "regret", &sm->regret, b->value);
            sum_row(&s, "regret mean where every rule holds", sm->regret_held_mean, b->value,
                    NAN, NAN);
            sum_row(&s, "draws where every rule holds", (double)sm->regret_held_draws,
                    b->count, NAN, NAN);
            sum_row(&s, "EVPI", sm->evpi, b->value, NAN, NAN);
        }
        sum_row(&s, "infeasible draws", (double)sm->infeasible_draws, b->count, NAN, NAN);
        sheet_done(&s);
    }
    static const char *const hr[] = {N_("xlsx|rule"), N_("xlsx|probability it holds")};
    if (sheet_new(b, &s, N_("xlsx|rules"), hr, 2)) {
        for (int q = 0; q < sm->n_rules; q++) {
            cell_text(&s, 0, sm->rule_names[q]);
            cell_num(&s, 1, sm->rule_probability[q], b->pct);
            next_row(&s);
        }
        cell_text(&s, 0, "all");
        cell_num(&s, 1, sm->all_rules_probability, b->pct);
        next_row(&s);
        sheet_done(&s);
    }
    static const char *const hdv[] = {N_("xlsx|id"), N_("xlsx|name"), N_("xlsx|estimate"),
                                      N_("xlsx|rank_correlation")};
    if (sheet_new(b, &s, N_("xlsx|drivers"), hdv, 4)) {
        for (int i = 0; i < sm->n_drivers; i++) {
            cell_text(&s, 0, juten_model_measure_id(m, sm->drivers[i].measure));
            cell_text(&s, 1, juten_model_measure_name(m, sm->drivers[i].measure));
            cell_text(&s, 2, juten_field_name(sm->drivers[i].field));
            cell_num(&s, 3, sm->drivers[i].rank_correlation, b->rate);
            next_row(&s);
        }
        sheet_done(&s);
    }
    static const char *const hp[] = {N_("xlsx|id"), N_("xlsx|name")};
    if (sheet_new(b, &s, N_("xlsx|portfolio"), hp, 2)) {
        for (int j = 0; j < juten_model_measure_count(m); j++)
            if (c->portfolio[j]) {
                cell_text(&s, 0, juten_model_measure_id(m, j));
                cell_text(&s, 1, juten_model_measure_name(m, j));
                next_row(&s);
            }
        sheet_done(&s);
    }
    if (sm->reoptimised) {
        static const char *const hm[] = {
            N_("xlsx|id"),      N_("xlsx|name"),  N_("xlsx|frequency"),   N_("xlsx|ci_low"),
            N_("xlsx|ci_high"), N_("xlsx|class"), N_("xlsx|in portfolio")};
        if (sheet_new(b, &s, N_("xlsx|measures"), hm, 7)) {
            for (int i = 0; i < sm->n_selection; i++) {
                const juten_selection *sl = &sm->selection[i];
                cell_text(&s, 0, juten_model_measure_id(m, sl->measure));
                cell_text(&s, 1, juten_model_measure_name(m, sl->measure));
                cell_num(&s, 2, sl->frequency, b->pct);
                cell_num(&s, 3, sl->ci_lo, b->pct);
                cell_num(&s, 4, sl->ci_hi, b->pct);
                cell_text(&s, 5, sl->class_name);
                cell_yesno(&s, 6, c->portfolio[sl->measure] != 0);
                next_row(&s);
            }
            sheet_done(&s);
        }
        static const char *const he[] = {N_("xlsx|id"), N_("xlsx|name"), N_("xlsx|estimate"),
                                         N_("xlsx|EVPPI")};
        if (sheet_new(b, &s, N_("xlsx|EVPPI"), he, 4)) {
            for (int i = 0; i < sm->n_evppi; i++) {
                cell_text(&s, 0, juten_model_measure_id(m, sm->evppi[i].measure));
                cell_text(&s, 1, juten_model_measure_name(m, sm->evppi[i].measure));
                cell_text(&s, 2, juten_field_name(sm->evppi[i].field));
                cell_num(&s, 3, sm->evppi[i].value, b->value);
                next_row(&s);
            }
            sheet_done(&s);
        }
    }
    run_start(b, &s, m, "simulate", sm->structural_ok ? "structural rules hold"
                                                      : "structural rules broken");
    run_num(&s, "draws", (double)sm->draws, b->count);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)sm->seed);
    run_text(&s, "seed", seed); /* text: a 64-bit seed exceeds a double's digits */
    run_num(&s, "headroom", sm->headroom, b->money);
    run_num(&s, "savings_rate", sm->savings_rate, b->rate);
    run_text(&s, "reoptimise", sm->reoptimised ? "yes" : "no");
    run_text(&s, "portfolio from", c->source);
    for (int fl = 0; fl < JUTEN_FIELDS; fl++) {
        char item[64];
        snprintf(item, sizeof item, "distribution of %s", juten_field_name((juten_field)fl));
        run_text(&s, item, juten_distribution_name(c->u->dist[fl]));
    }
    run_num(&s, "pert_gamma", c->u->pert_gamma, b->rate);
    run_num(&s, "correlation ministry", c->u->correlation_ministry, b->rate);
    run_num(&s, "correlation area", c->u->correlation_area, b->rate);
    run_finish(&s, m);
}

juten_status juten_report_xlsx_simulation(FILE *f, const juten_model *m,
                                          const juten_uncertainty *u,
                                          const unsigned char *portfolio,
                                          const char *portfolio_source,
                                          const juten_sim_summary *s, juten_diags *d)
{
    simulation_ctx c = {m, u, portfolio, portfolio_source, s};
    return with_book(f, m, s->headroom, s->savings_rate, fill_simulation, &c, d);
}

/* ---- compare -------------------------------------------------------------- */

typedef struct comparison_ctx {
    const juten_comparison *c;
    const char *const *files;
    const char *title;
} comparison_ctx;

/* The per-scenario quantities of compare's sheets. */
enum xl_per { XL_FUNDED, XL_SPEND, XL_SHARE, XL_VALUE, XL_CHARGE, XL_PRICE };

/* The header of quantity q for scenario k (1-based). */
static void per_header(char *buf, size_t cap, enum xl_per q, int k)
{
    /* TRANSLATORS: column headers of compare's workbook, one column per
     * scenario; %d is the scenario's number (1 is the reference) */
    switch (q) {
    case XL_FUNDED: snprintf(buf, cap, _("funded in %d"), k); break;
    case XL_SPEND: snprintf(buf, cap, _("spend %d"), k); break;
    case XL_SHARE: snprintf(buf, cap, _("share %d"), k); break;
    case XL_VALUE: snprintf(buf, cap, _("value %d"), k); break;
    case XL_CHARGE: snprintf(buf, cap, _("charge %d"), k); break;
    case XL_PRICE: snprintf(buf, cap, _("price %d"), k); break;
    }
}

/* Headers fixed[0..nf) (marked N_("xlsx|..."), translated here), then each quantity
 * of per[0..np) for scenarios 1..n; buf holds the formatted ones. */
static int scenario_headers(const char **hd, char (*buf)[96], const char *const *fixed, int nf,
                            const enum xl_per *per, int np, int n)
{
    int h = 0;
    for (int i = 0; i < nf && h < XL_MAX_COLS; i++)
        hd[h++] = xl_tr(fixed[i]);
    for (int q = 0; q < np; q++)
        for (int k = 0; k < n && h < XL_MAX_COLS; k++) {
            per_header(buf[h], sizeof buf[h], per[q], k + 1);
            hd[h] = buf[h];
            h++;
        }
    return h;
}

static void fill_comparison(xl_book *b, const void *vctx)
{
    const comparison_ctx *x = vctx;
    const juten_comparison *c = x->c;
    const int n = c->n;
    const char *hd[XL_MAX_COLS];
    char hbuf[XL_MAX_COLS][96];
    xl_sheet s;

    /* the scenarios, one row each, as the table's first block */
    static const char *const hs[] = {N_("xlsx|#"),
                                     N_("xlsx|name"),
                                     N_("xlsx|file"),
                                     N_("xlsx|status"),
                                     N_("xlsx|objective"),
                                     N_("xlsx|spend"),
                                     N_("xlsx|savings"),
                                     N_("xlsx|net"),
                                     N_("xlsx|headroom"),
                                     N_("xlsx|savings_rate"),
                                     N_("xlsx|funded"),
                                     N_("xlsx|selected"),
                                     N_("xlsx|selected (names)"),
                                     N_("xlsx|offset probability"),
                                     N_("xlsx|ci_low"),
                                     N_("xlsx|ci_high")};
    if (sheet_new(b, &s, N_("xlsx|scenarios"), hs, 16)) {
        for (int k = 0; k < n; k++) {
            const juten_compare_scenario *sc = &c->s[k];
            const juten_result *r = sc->result;
            cell_int(&s, 0, k + 1);
            cell_text(&s, 1, juten_model_name(sc->model));
            cell_text(&s, 2, x->files[k]);
            cell_text(&s, 3, juten_outcome_str(juten_result_outcome(r)));
            if (sc->have) {
                cell_num(&s, 4, juten_result_objective(r), b->value);
                cell_num(&s, 5, juten_result_spend(r), b->money);
                cell_num(&s, 6, juten_result_savings(r), b->net);
                cell_num(&s, 7, juten_result_net(r), b->net);
            }
            cell_num(&s, 8, sc->headroom, b->money);
            cell_num(&s, 9, sc->savings_rate, b->rate);
            if (sc->have) {
                const int nm = juten_model_measure_count(sc->model);
                unsigned char *sel = calloc((size_t)(nm > 0 ? nm : 1), 1);
                if (!sel)
                    b->ok = false;
                for (int j = 0; sel && j < nm; j++)
                    sel[j] = juten_result_selected(r, j) ? 1 : 0;
                cell_int(&s, 10, sc->selected);
                if (sel)
                    cell_ids(&s, 11, sc->model, sel, NULL);
                free(sel);
            }
            if (sc->simulated) {
                cell_num(&s, 13, sc->offset_probability, b->pct);
                cell_num(&s, 14, sc->offset_ci_lo, b->pct);
                cell_num(&s, 15, sc->offset_ci_hi, b->pct);
            }
            next_row(&s);
        }
        sheet_done(&s);
    }

    /* the measures funded in some but not all: one TRUE/FALSE per scenario */
    static const char *const hdf[] = {N_("xlsx|id"), N_("xlsx|name")};
    static const enum xl_per pdf[] = {XL_FUNDED};
    int h = scenario_headers(hd, hbuf, hdf, 2, pdf, 1, n);
    if (sheet_new_as_is(b, &s, xl_tr(N_("xlsx|differences")), hd, h)) {
        for (int i = 0; i < c->n_differences; i++) {
            cell_text(&s, 0, c->differences[i].id);
            cell_text(&s, 1, c->differences[i].name);
            for (int k = 0; k < n; k++)
                if (worksheet_write_boolean(s.ws, s.row, (lxw_col_t)(2 + k),
                                            c->differences[i].funded[k], NULL) != LXW_NO_ERROR)
                    b->ok = false;
            next_row(&s);
        }
        sheet_done(&s);
    }

    /* spending, share and value by area */
    static const char *const ha[] = {N_("xlsx|id"), N_("xlsx|name")};
    static const enum xl_per pa[] = {XL_SPEND, XL_SHARE, XL_VALUE};
    h = scenario_headers(hd, hbuf, ha, 2, pa, 3, n);
    if (sheet_new_as_is(b, &s, xl_tr(N_("xlsx|areas")), hd, h)) {
        for (int a = 0; a < c->n_areas; a++) {
            cell_text(&s, 0, c->area_ids[a]);
            cell_text(&s, 1, c->area_names[a]);
            for (int k = 0; k < n; k++) {
                const juten_compare_scenario *sc = &c->s[k];
                if (!sc->have || isnan(sc->area_spend[a]))
                    continue;
                double tot = juten_result_spend(sc->result);
                cell_num(&s, 2 + k, sc->area_spend[a], b->money);
                cell_num(&s, 2 + n + k, tot > 0 ? sc->area_spend[a] / tot : 0.0, b->pct);
                cell_num(&s, 2 + 2 * n + k, sc->area_value[a], b->value);
            }
            next_row(&s);
        }
        sheet_done(&s);
    }

    /* charge by ministry, with its ceiling in the reference */
    static const char *const hm[] = {N_("xlsx|id"), N_("xlsx|name"), N_("xlsx|ceiling")};
    static const enum xl_per pm[] = {XL_CHARGE};
    h = scenario_headers(hd, hbuf, hm, 3, pm, 1, n);
    if (c->n_ministries > 0 && sheet_new_as_is(b, &s, xl_tr(N_("xlsx|ministries")), hd, h)) {
        /* charges split by cost_share can need more decimals than the data */
        int dc = b->pr.money;
        for (int k = 0; k < n; k++)
            for (int i = 0; c->s[k].have && i < c->n_ministries; i++)
                if (!isnan(c->s[k].ministry_charge[i]))
                    dc = juten_decimals_widen(dc, c->s[k].ministry_charge[i]);
        lxw_format *cf = dc == b->pr.money ? b->money : number_format(b->wb, dc, false);
        if (!cf)
            b->ok = false;
        const juten_model *ref = c->s[0].model;
        for (int i = 0; i < c->n_ministries; i++) {
            cell_text(&s, 0, c->ministry_ids[i]);
            cell_text(&s, 1, c->ministry_names[i]);
            for (int q = 0; q < juten_model_ministry_count(ref); q++)
                if (!strcmp(juten_model_ministry_id(ref, q), c->ministry_ids[i]))
                    cell_num(&s, 2, juten_model_ministry_ceiling(ref, q), b->money);
            for (int k = 0; k < n; k++)
                if (c->s[k].have)
                    cell_num(&s, 3 + k, c->s[k].ministry_charge[i], cf);
            next_row(&s);
        }
        sheet_done(&s);
    }

    /* the price of each rule family any scenario uses */
    bool priced = false;
    for (int k = 0; k < n; k++)
        priced = priced || c->s[k].prices;
    static const char *const hp[] = {N_("xlsx|rule family")};
    static const enum xl_per pp[] = {XL_PRICE};
    h = scenario_headers(hd, hbuf, hp, 1, pp, 1, n);
    if (priced && sheet_new_as_is(b, &s, xl_tr(N_("xlsx|rule prices")), hd, h)) {
        for (int fam = 0; fam < JUTEN_RULE_FAMILIES; fam++) {
            bool used = false;
            for (int k = 0; k < n; k++)
                for (int i = 0; c->s[k].prices && i < c->s[k].prices->n; i++)
                    if (c->s[k].prices->items[i].family == 1u << fam) {
                        const double p = c->s[k].prices->items[i].price;
                        used = true;
                        if (isinf(p))
                            cell_text(&s, 1 + k, _("infeasible without it"));
                        else
                            cell_num(&s, 1 + k, p, b->value);
                    }
            if (!used)
                continue;
            cell_text(&s, 0, juten_rule_family_name(1u << fam));
            next_row(&s);
        }
        sheet_done(&s);
    }

    /* what changed in each scenario's inputs against the reference */
    static const char *const hc[] = {N_("xlsx|#"), N_("xlsx|file"), N_("xlsx|change")};
    if (sheet_new(b, &s, N_("xlsx|changes"), hc, 3)) {
        for (int k = 1; k < n; k++)
            for (int i = 0; i < c->s[k].n_changes; i++) {
                cell_int(&s, 0, k + 1);
                cell_text(&s, 1, x->files[k]);
                cell_text(&s, 2, c->s[k].changes[i]);
                next_row(&s);
            }
        sheet_done(&s);
    }

    /* the run: the shared draws and every scenario's inputs */
    static const char *const hr[] = {N_("xlsx|item"), N_("xlsx|value"), N_("xlsx|sha256")};
    if (!sheet_new(b, &s, N_("xlsx|run"), hr, 3))
        return;
    if (x->title && *x->title)
        run_text(&s, "comparison", x->title);
    run_text(&s, "scenario", juten_model_name(c->s[0].model));
    run_text(&s, "command", "compare");
    run_num(&s, "scenarios", n, b->count);
    run_text(&s, "currency", juten_model_currency(c->s[0].model));
    run_text(&s, "juten", JUTEN_VERSION);
    run_text(&s, "solver", juten_solver_backend_version());
    if (c->draws > 0) {
        run_num(&s, "draws", (double)c->draws, b->count);
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)c->seed);
        run_text(&s, "seed", seed); /* text: a 64-bit seed exceeds a double's digits */
        run_text(&s, "draws from", c->draws_from_reference ? "reference" : "command line");
        run_text(&s, "seed from", c->seed_from_reference ? "reference" : "command line");
    }
    run_files_head(&s);
    for (int k = 0; k < n; k++)
        run_files(&s, c->s[k].model, k);
    sheet_done(&s);
}

juten_status juten_report_xlsx_comparison(FILE *f, const juten_comparison *c,
                                          const char *const *files, const char *title,
                                          juten_diags *d)
{
    comparison_ctx x = {c, files, title};
    juten_precision pr;
    juten_compare_precision(c, &pr);
    return with_book_pr(f, c->s[0].model, &pr, fill_comparison, &x, d);
}
