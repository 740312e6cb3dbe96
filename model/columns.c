/*
 * columns.c -- the columns of the three CSV tables: their names (English,
 * the Japanese names planners use, and the scenario's [columns] mapping),
 * and the header row, which decides which column is which.
 *
 * Order is free and names are matched after folding (jm_fold), so a planner
 * may add, rename or reorder columns in Excel.  An unknown header close to
 * a known column is an error with "did you mean" (a misspelt "requires"
 * would drop every dependency without a word); other unknown columns are
 * listed once as ignored; a missing required column stops the table, as
 * its rows could not be read.  The rows are tables.c's.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const jm_measure_cols[JM_F_NCOLS] = {
    "id", "name", "area", "cost", "risk_reduction", "saving", "ministry",
    "mandatory", "requires", "group", "tags", "cost_share", "cost_low",
    "cost_high", "risk_low", "risk_high", "saving_low", "saving_high"};
const char *const jm_area_cols[JM_A_NCOLS] = {
    "id", "name", "weight", "min_share", "max_share", "min_spend", "max_spend"};
const char *const jm_ministry_cols[JM_K_NCOLS] = {"id", "name", "ceiling"};

const int jm_table_ncols[JM_NTABLES] = {JM_F_NCOLS, JM_A_NCOLS, JM_K_NCOLS};
const char *const *const jm_table_cols[JM_NTABLES] = {jm_measure_cols, jm_area_cols,
                                                      jm_ministry_cols};

/* ---- the header row ------------------------------------------------------ */

/* Japanese names planners give the columns (README "Input files" lists
 * them); matched after folding (jm_fold), like the English names. */
typedef struct alias {
    int table, field;
    const char *name;
} alias;

static const alias aliases[] = {
    {JM_T_MEASURE, JM_F_ID, "施策番号"}, {JM_T_MEASURE, JM_F_ID, "番号"},
    {JM_T_MEASURE, JM_F_ID, "施策ID"},
    {JM_T_MEASURE, JM_F_NAME, "施策名"}, {JM_T_MEASURE, JM_F_NAME, "名称"},
    {JM_T_MEASURE, JM_F_NAME, "事業名"},
    {JM_T_MEASURE, JM_F_AREA, "分野"}, {JM_T_MEASURE, JM_F_AREA, "政策分野"},
    {JM_T_MEASURE, JM_F_COST, "要求額"}, {JM_T_MEASURE, JM_F_COST, "費用"},
    {JM_T_MEASURE, JM_F_COST, "経費"},
    {JM_T_MEASURE, JM_F_RISK, "リスク低減"}, {JM_T_MEASURE, JM_F_RISK, "リスク低減効果"},
    {JM_T_MEASURE, JM_F_RISK, "リスク削減"},
    {JM_T_MEASURE, JM_F_SAVING, "削減額"}, {JM_T_MEASURE, JM_F_SAVING, "節減額"},
    {JM_T_MEASURE, JM_F_SAVING, "効率化額"},
    {JM_T_MEASURE, JM_F_MINISTRY, "府省庁"}, {JM_T_MEASURE, JM_F_MINISTRY, "府省"},
    {JM_T_MEASURE, JM_F_MINISTRY, "省庁"},
    {JM_T_MEASURE, JM_F_MANDATORY, "必須"},
    {JM_T_MEASURE, JM_F_REQUIRES, "前提"}, {JM_T_MEASURE, JM_F_REQUIRES, "前提施策"},
    {JM_T_MEASURE, JM_F_GROUP, "排他グループ"}, {JM_T_MEASURE, JM_F_GROUP, "グループ"},
    {JM_T_MEASURE, JM_F_TAGS, "タグ"},
    {JM_T_MEASURE, JM_F_COST_SHARE, "負担割合"}, {JM_T_MEASURE, JM_F_COST_SHARE, "費用分担"},
    {JM_T_MEASURE, JM_F_COST_LO, "要求額下限"}, {JM_T_MEASURE, JM_F_COST_LO, "費用下限"},
    {JM_T_MEASURE, JM_F_COST_HI, "要求額上限"}, {JM_T_MEASURE, JM_F_COST_HI, "費用上限"},
    {JM_T_MEASURE, JM_F_RISK_LO, "リスク低減下限"},
    {JM_T_MEASURE, JM_F_RISK_HI, "リスク低減上限"},
    {JM_T_MEASURE, JM_F_SAVING_LO, "削減額下限"}, {JM_T_MEASURE, JM_F_SAVING_LO, "節減額下限"},
    {JM_T_MEASURE, JM_F_SAVING_HI, "削減額上限"}, {JM_T_MEASURE, JM_F_SAVING_HI, "節減額上限"},
    {JM_T_AREA, JM_A_ID, "分野"}, {JM_T_AREA, JM_A_ID, "分野ID"}, {JM_T_AREA, JM_A_ID, "番号"},
    {JM_T_AREA, JM_A_NAME, "分野名"}, {JM_T_AREA, JM_A_NAME, "名称"},
    {JM_T_AREA, JM_A_WEIGHT, "重み"},
    {JM_T_AREA, JM_A_MIN_SHARE, "下限割合"}, {JM_T_AREA, JM_A_MIN_SHARE, "最低割合"},
    {JM_T_AREA, JM_A_MAX_SHARE, "上限割合"}, {JM_T_AREA, JM_A_MAX_SHARE, "最高割合"},
    {JM_T_AREA, JM_A_MIN_SPEND, "下限額"}, {JM_T_AREA, JM_A_MIN_SPEND, "最低額"},
    {JM_T_AREA, JM_A_MAX_SPEND, "上限額"}, {JM_T_AREA, JM_A_MAX_SPEND, "最高額"},
    {JM_T_MINISTRY, JM_K_ID, "府省庁"}, {JM_T_MINISTRY, JM_K_ID, "府省"},
    {JM_T_MINISTRY, JM_K_ID, "府省ID"}, {JM_T_MINISTRY, JM_K_ID, "略称"},
    {JM_T_MINISTRY, JM_K_NAME, "府省庁名"}, {JM_T_MINISTRY, JM_K_NAME, "府省名"},
    {JM_T_MINISTRY, JM_K_NAME, "名称"},
    {JM_T_MINISTRY, JM_K_CEILING, "上限"}, {JM_T_MINISTRY, JM_K_CEILING, "上限額"},
};
enum { N_ALIASES = (int)(sizeof aliases / sizeof aliases[0]) };

static bool required_col(int t, int f)
{
    switch (t) {
    case JM_T_MEASURE:
        return f == JM_F_ID || f == JM_F_NAME || f == JM_F_AREA || f == JM_F_COST ||
               f == JM_F_RISK;
    case JM_T_AREA:
        return f == JM_A_ID || f == JM_A_NAME || f == JM_A_WEIGHT;
    default:
        return f == JM_K_ID || f == JM_K_NAME;
    }
}

static bool folded_eq(const char *name, const char *folded, size_t fl)
{
    char f[1024];
    size_t n = jm_fold(name, strlen(name), f, sizeof f);
    return n == fl && memcmp(f, folded, fl) == 0;
}

/* The field a header cell names: the scenario's [columns] first, then the
 * English name, then a Japanese one; -1 if none. */
static int match_column(jm_load *L, int t, const char *folded, size_t fl)
{
    for (int i = 0; i < L->sc.n_columns; i++) {
        jm_colmap *cm = &L->sc.columns[i];
        if ((cm->tables >> t & 1) && folded_eq(cm->header, folded, fl)) {
            cm->used = true;
            return cm->field;
        }
    }
    for (int j = 0; j < jm_table_ncols[t]; j++)
        if (strlen(jm_table_cols[t][j]) == fl && memcmp(jm_table_cols[t][j], folded, fl) == 0)
            return j;
    for (int i = 0; i < N_ALIASES; i++)
        if (aliases[i].table == t && folded_eq(aliases[i].name, folded, fl))
            return aliases[i].field;
    return -1;
}

/* A known column an unknown header is close to (a misspelling that would
 * otherwise drop every dependency or ceiling without a word): its field,
 * and in *as the name it resembles; -1 if none. */
/* A known column an unknown header is close to (a misspelling that would
 * otherwise drop every dependency or ceiling without a word): its field,
 * and in *as the name it resembles; -1 if none.  "削減額（億円）" and
 * "cost (yen)" -- a known name with a unit in brackets -- are close too. */
static int close_column(int t, const char *s, size_t n, const char **as)
{
    jm_suggest sg;
    jm_suggest_init(&sg, s, n);
    for (int j = 0; j < jm_table_ncols[t]; j++)
        jm_suggest_try(&sg, jm_table_cols[t][j]);
    for (int i = 0; i < N_ALIASES; i++)
        if (aliases[i].table == t)
            jm_suggest_try(&sg, aliases[i].name);
    const char *best = jm_suggest_best(&sg);
    *as = best;
    for (int j = 0; best && j < jm_table_ncols[t]; j++)
        if (best == jm_table_cols[t][j])
            return j;
    for (int i = 0; best && i < N_ALIASES; i++)
        if (best == aliases[i].name)
            return aliases[i].field;
    /* a unit in brackets at the end: (), [] (also full-width) or 【】 */
    char f[1024];
    size_t fl = jm_fold(s, n, f, sizeof f);
    size_t open = fl;
    if (fl > 0 && (f[fl - 1] == ')' || f[fl - 1] == ']')) {
        char o = f[fl - 1] == ')' ? '(' : '[';
        for (size_t i = fl - 1; i-- > 0;)
            if (f[i] == o) {
                open = i;
                break;
            }
    } else if (fl > 3 && memcmp(f + fl - 3, "】", 3) == 0) {
        for (size_t i = fl - 3; i-- > 0;)
            if (i + 3 <= fl && memcmp(f + i, "【", 3) == 0) {
                open = i;
                break;
            }
    }
    if (open == 0 || open == fl)
        return -1;
    const char *stem = f;
    size_t sn = open;
    jm_trim(&stem, &sn);
    for (int j = 0; j < jm_table_ncols[t]; j++)
        if (strlen(jm_table_cols[t][j]) == sn && memcmp(jm_table_cols[t][j], stem, sn) == 0) {
            *as = jm_table_cols[t][j];
            return j;
        }
    for (int i = 0; i < N_ALIASES; i++)
        if (aliases[i].table == t && folded_eq(aliases[i].name, stem, sn)) {
            *as = aliases[i].name;
            return aliases[i].field;
        }
    return -1;
}

bool jm_table_header(jm_load *L, int t, const jm_record *rec)
{
    int nc = jm_table_ncols[t];
    for (int f = 0; f < JM_F_NCOLS; f++)
        L->col[t][f] = -1;
    L->delim[t] = rec->delim;
    int unnamed = 0, nonempty = 0, matched = 0, first_k = -1;
    bool ok = true;
    char q[200], ignored[600];
    size_t io = 0;
    int n_ignored = 0, ignored_line = 0, ignored_col = 0;
    ignored[0] = 0;
    /* unmatched header cells, looked at once every known column is placed */
    int *unmatched = malloc(((size_t)rec->n + 1) * sizeof *unmatched);
    int n_unmatched = 0;
    uint32_t near_reported = 0; /* fields already named in a did-you-mean */
    if (!unmatched) {
        L->nomem = true;
        return false;
    }
    for (int k = 0; k < rec->n; k++) {
        const char *s = rec->f[k];
        size_t n = rec->len[k];
        jm_trim(&s, &n);
        if (n == 0) {
            unnamed++;
            continue;
        }
        if (nonempty++ == 0)
            first_k = k;
        char folded[1024];
        size_t fl = jm_fold(s, n, folded, sizeof folded);
        int f = match_column(L, t, folded, fl);
        if (f < 0) {
            unmatched[n_unmatched++] = k;
            continue;
        }
        matched++;
        if (L->col[t][f] >= 0) {
            int line, col;
            jm_csv_locate(L->text[t], L->len[t], rec->off, rec->line, k, rec->delim, &line,
                          &col, NULL, 0);
            bool other = strcmp(folded, jm_table_cols[t][f]) != 0;
            if (other)
                jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                          _("column \"%s\" appears twice (first as column %d, both read "
                            "as \"%s\"); expected each column once"),
                          jm_quote(q, sizeof q, s, n), L->col[t][f] + 1, jm_table_cols[t][f]);
            else
                jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                          _("column \"%s\" appears twice (first as column %d); expected "
                            "each column once"),
                          jm_quote(q, sizeof q, s, n), L->col[t][f] + 1);
        } else {
            L->col[t][f] = k;
            if (strcmp(folded, jm_table_cols[t][f]) != 0 && !(L->hdr[t][f] = jm_load_strndup(L, s, n))) {
                free(unmatched);
                return false;
            }
        }
    }
    for (int u = 0; u < n_unmatched; u++) {
        int k = unmatched[u];
        const char *s = rec->f[k];
        size_t n = rec->len[k];
        jm_trim(&s, &n);
        int line, col;
        jm_csv_locate(L->text[t], L->len[t], rec->off, rec->line, k, rec->delim, &line,
                      &col, NULL, 0);
        const char *as = NULL;
        int near = close_column(t, s, n, &as);
        /* close to a column that is read from another header anyway: not a
         * misspelling that loses data ("要求額（前年度）" beside 要求額) */
        if (near >= 0 && L->col[t][near] < 0) {
            char a2[200];
            bool by_alias = strcmp(as, jm_table_cols[t][near]) != 0;
            jm_quote(q, sizeof q, s, n);
            jm_quote(a2, sizeof a2, as, strlen(as));
            if (by_alias)
                jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                          _("unknown column \"%s\"; did you mean \"%s\" (%s)? Rename the "
                            "header, or map it in the scenario file: [columns] %s = %s"),
                          q, a2, jm_table_cols[t][near], jm_table_cols[t][near], q);
            else
                jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                          _("unknown column \"%s\"; did you mean \"%s\"? Rename the "
                            "header, or map it in the scenario file: [columns] %s = %s"),
                          q, a2, jm_table_cols[t][near], q);
            near_reported |= (uint32_t)1 << near;
            continue;
        }
        if (n_ignored++ == 0) {
            ignored_line = line;
            ignored_col = col;
        }
        if (io + 80 < sizeof ignored)
            io += (size_t)snprintf(ignored + io, sizeof ignored - io, "%s\"%s\"",
                                   io ? ", " : "", jm_quote(q, sizeof q, s, n));
        else if (io + 5 < sizeof ignored && !strstr(ignored, "..."))
            io += (size_t)snprintf(ignored + io, sizeof ignored - io, ", ...");
    }
    free(unmatched);
    bool missing = false;
    for (int f = 0; f < nc; f++)
        missing |= required_col(t, f) && L->col[t][f] < 0;
    if (missing)
        ok = false; /* rows cannot be read without their required cells */
    bool title = missing && nonempty == 1 && matched == 0;
    if (n_ignored && !title) {
        char list[512];
        size_t o = 0;
        for (int j = 0; j < nc && o + 32 < sizeof list; j++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", j ? ", " : "",
                                  jm_table_cols[t][j]);
        jm_report(L->r, JUTEN_WARNING, L->path[t], ignored_line, ignored_col,
                  P_("ignored column %s: juten does not read it; the known columns "
                     "are: %s (or their Japanese names, or a mapping in the scenario's "
                     "[columns] section)",
                     "ignored columns %s: juten does not read them; the known columns "
                     "are: %s (or their Japanese names, or a mapping in the scenario's "
                     "[columns] section)", (unsigned long)n_ignored), ignored, list);
    }
    if (unnamed && !title)
        jm_report(L->r, JUTEN_WARNING, L->path[t], rec->line, 1,
                  P_("%d column without a name in the header is ignored",
                     "%d columns without a name in the header are ignored",
                     (unsigned long)unnamed), unnamed);
    if (title) {
        /* "平成29年度 要求一覧" above the header: Excel keeps the title row */
        int line, col;
        jm_csv_locate(L->text[t], L->len[t], rec->off, rec->line, first_k, rec->delim,
                      &line, &col, NULL, 0);
        const char *s = rec->f[first_k];
        size_t n = rec->len[first_k];
        jm_trim(&s, &n);
        jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                  _("the first row \"%s\" is not a header row (it has one cell and "
                  "none of the columns %s); if it is a title above the header, start "
                  "it with # to make it a comment, or delete it"),
                  jm_quote(q, sizeof q, s, n),
                  t == JM_T_MEASURE ? "id, name, area, cost, risk_reduction"
                  : t == JM_T_AREA ? "id, name, weight" : "id, name");
        ok = false;
    } else if (missing) {
        for (int f = 0; f < nc; f++)
            if (required_col(t, f) && L->col[t][f] < 0 && !(near_reported >> f & 1)) {
                jm_report(L->r, JUTEN_ERROR, L->path[t], rec->line, 1,
                          _("missing required column \"%s\"; the header row must "
                          "name %s (or their Japanese names, see README; another "
                          "header can be mapped in the scenario file, e.g. "
                          "[columns] %s = ...)"), jm_table_cols[t][f],
                          t == JM_T_MEASURE ? _("id, name, area, cost and risk_reduction")
                          : t == JM_T_AREA ? _("id, name and weight") : _("id and name"),
                          jm_table_cols[t][f]);
                ok = false;
            }
    }
    L->header_done[t] = true;
    L->header_line[t] = rec->line;
    if (!ok)
        L->failed[t] = true; /* rows would only repeat the problem */
    return ok;
}
