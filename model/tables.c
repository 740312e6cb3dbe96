/*
 * tables.c -- the three CSV tables (measures, areas, ministries) read into
 * the model, one record at a time.
 *
 * The header decides which column is which (order free, names
 * case-insensitive), so a planner may add or reorder columns in Excel.
 * Every cell is checked for what it must be *syntactically* here -- a
 * number, yes/no, a known id -- and reported at its line and column with
 * the column's name and the value as written.  Range rules (cost >= 0,
 * low <= mode <= high, shares summing to 1, cycles) are not checked here
 * but in validate.c, shared with models built in code; the loader tells that
 * pass where each value came from and which cells already had an error,
 * so one mistake yields one message.
 *
 * Rows keep only their record's offset in the text; a field's column is
 * recomputed from it when, and only when, a message needs it.
 */
#include "load_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const int ncols[JM_NTABLES] = {JM_F_NCOLS, JM_A_NCOLS, JM_K_NCOLS};
static const char *const *const colnames[JM_NTABLES] = {jm_measure_cols, jm_area_cols,
                                                        jm_ministry_cols};
static const char *const table_noun[JM_NTABLES] = {"measure", "area", "ministry"};

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

static int row_line(const jm_load *L, int t, int row)
{
    return L->line[t][row];
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void jm_col_label(const jm_load *L, int t, int f, char *buf, size_t n)
{
    const char *h = t < JM_NTABLES && f < ncols[t] ? L->hdr[t][f] : NULL;
    char q[200];
    if (h)
        snprintf(buf, n, "column \"%s\" (%s)", jm_quote(q, sizeof q, h, strlen(h)),
                 colnames[t][f]);
    else
        snprintf(buf, n, "column \"%s\"", colnames[t][f]);
}

void jm_field_error(jm_load *L, int t, int row, int field, const char *fmt, ...)
{
    int line = 0, col = 0;
    int k = L->col[t][field];
    if (k >= 0)
        jm_csv_locate(L->text[t], L->len[t], L->off[t][row], row_line(L, t, row),
                      k, L->delim[t], &line, &col, NULL, 0);
    char msg[1024], label[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jm_col_label(L, t, field, label, sizeof label);
    jm_report(L->r, JUTEN_ERROR, L->path[t], line, col, "%s: %s", label, msg);
    L->bad[t][row] |= (uint32_t)1 << field;
}

/* ---- cells ---------------------------------------------------------------- */

static void trim(const char **s, size_t *n) { jm_trim(s, n); }

static char *dupn(jm_load *L, const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        L->nomem = true;
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* A number cell; empty gives dflt (or an error when required).  On error
 * the value is NAN and the field is marked reported. */
static double number(jm_load *L, int t, int row, int f, const char *s, size_t n,
                     bool required, double dflt)
{
    const char *ts = s;
    size_t tn = n;
    trim(&ts, &tn);
    if (tn == 0 && !required)
        return dflt;
    double v;
    bool share = t == JM_T_AREA && (f == JM_A_MIN_SHARE || f == JM_A_MAX_SHARE);
    const char *why = share ? jm_number_parse_share(s, n, &v) : jm_number_parse(s, n, &v);
    if (why) {
        char q[200];
        jm_field_error(L, t, row, f, "\"%s\" %s", jm_quote(q, sizeof q, ts, tn), why);
        return NAN;
    }
    return v;
}

/* Ids must be usable inside the ';' / ',' / ':' separated lists. */
static bool id_ok(jm_load *L, int t, int row, int f, const char *s, size_t n)
{
    char q[200];
    if (n == 0) {
        jm_field_error(L, t, row, f, "\"\" is empty; every %s needs an id", table_noun[t]);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == ';' || s[i] == ',' || s[i] == ':' || s[i] == '=' ||
            (unsigned char)s[i] < 0x20) {
            jm_field_error(L, t, row, f,
                           "\"%s\" contains \"%c\"; an id cannot contain ; , : = "
                           "or line breaks, which separate ids in lists",
                           jm_quote(q, sizeof q, s, n), s[i] < 0x20 ? ' ' : s[i]);
            return false;
        }
    return true;
}

/* A few valid ids for "expected one of" hints. */
static void some_ids(const jm_load *L, int t, char *buf, size_t n)
{
    int count = t == JM_T_AREA ? L->m->n_areas : L->m->n_ministries;
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < count && i < 8 && o + 48 < n; i++) {
        const char *id = t == JM_T_AREA ? L->m->areas[i].id : L->m->ministries[i].id;
        o += (size_t)snprintf(buf + o, n - o, "%s%.40s", i ? ", " : "", id);
    }
    if (count > 8 && o + 8 < n)
        snprintf(buf + o, n - o, ", ...");
}

void jm_did_you_mean(jm_load *L, int t, const char *s, size_t n, char *buf, size_t bufsz)
{
    buf[0] = 0;
    /* each search scans the whole table: a few dozen hints are plenty,
     * and 100 000 bad references must not take quadratic time */
    if (L->suggest_left <= 0)
        return;
    L->suggest_left--;
    const juten_model *m = L->m;
    int count = t == JM_T_MEASURE ? m->n_measures : t == JM_T_AREA ? m->n_areas
              : t == JM_T_MINISTRY ? m->n_ministries : m->n_tags;
    jm_suggest sg;
    jm_suggest_init(&sg, s, n);
    for (int i = 0; i < count; i++) {
        const char *id = t == JM_T_MEASURE ? m->measures[i].id : t == JM_T_AREA
                         ? m->areas[i].id : t == JM_T_MINISTRY ? m->ministries[i].id
                         : m->tags[i].id;
        if (id)
            jm_suggest_try(&sg, id);
    }
    const char *best = jm_suggest_best(&sg);
    if (best) {
        char q[200];
        snprintf(buf, bufsz, " (did you mean \"%s\"?)", jm_quote(q, sizeof q, best, strlen(best)));
    }
}

/* ---- growing the tables --------------------------------------------------- */

static bool grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return true;
    int nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, (size_t)nc * size);
    if (!np)
        return false;
    *p = np;
    *cap = nc;
    return true;
}

static bool resize(void **p, int n, size_t size)
{
    void *np = realloc(*p, (size_t)n * size);
    if (!np)
        return false;
    *p = np;
    return true;
}

/* Room for `need` rows in table t and in the loader's per-row arrays. */
static bool ensure(jm_load *L, int t, int need)
{
    if (need <= L->cap[t])
        return true;
    int nc = L->cap[t] ? 2 * L->cap[t] : 64;
    while (nc < need)
        nc *= 2;
    juten_model *m = L->m;
    bool ok = resize((void **)&L->off[t], nc, sizeof *L->off[t]) &&
              resize((void **)&L->bad[t], nc, sizeof *L->bad[t]) &&
              resize((void **)&L->line[t], nc, sizeof *L->line[t]);
    if (ok && t == JM_T_MEASURE)
        ok = resize((void **)&m->measures, nc, sizeof *m->measures) &&
             resize((void **)&L->req_off, nc, sizeof *L->req_off) &&
             resize((void **)&L->force_item, nc, sizeof *L->force_item);
    else if (ok && t == JM_T_AREA)
        ok = resize((void **)&m->areas, nc, sizeof *m->areas);
    else if (ok)
        ok = resize((void **)&m->ministries, nc, sizeof *m->ministries);
    if (!ok) {
        L->nomem = true;
        return false;
    }
    L->cap[t] = nc;
    return true;
}

/* A new row in table t, remembering where its record is. */
static int new_row(jm_load *L, int t, const jm_record *rec)
{
    juten_model *m = L->m;
    int n = t == JM_T_MEASURE ? m->n_measures : t == JM_T_AREA ? m->n_areas : m->n_ministries;
    if (!ensure(L, t, n + 1))
        return -1;
    L->bad[t][n] = 0;
    L->off[t][n] = rec ? rec->off : 0;
    L->line[t][n] = rec ? rec->line : 0;
    if (t == JM_T_MEASURE) {
        L->req_off[n] = SIZE_MAX;
        L->force_item[n] = -1;
    }
    return n;
}

/* ---- header --------------------------------------------------------------- */

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
    for (int j = 0; j < ncols[t]; j++)
        if (strlen(colnames[t][j]) == fl && memcmp(colnames[t][j], folded, fl) == 0)
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
    for (int j = 0; j < ncols[t]; j++)
        jm_suggest_try(&sg, colnames[t][j]);
    for (int i = 0; i < N_ALIASES; i++)
        if (aliases[i].table == t)
            jm_suggest_try(&sg, aliases[i].name);
    const char *best = jm_suggest_best(&sg);
    *as = best;
    for (int j = 0; best && j < ncols[t]; j++)
        if (best == colnames[t][j])
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
    for (int j = 0; j < ncols[t]; j++)
        if (strlen(colnames[t][j]) == sn && memcmp(colnames[t][j], stem, sn) == 0) {
            *as = colnames[t][j];
            return j;
        }
    for (int i = 0; i < N_ALIASES; i++)
        if (aliases[i].table == t && folded_eq(aliases[i].name, stem, sn)) {
            *as = aliases[i].name;
            return aliases[i].field;
        }
    return -1;
}

static bool header(jm_load *L, int t, const jm_record *rec)
{
    int nc = ncols[t];
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
        trim(&s, &n);
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
            bool other = strcmp(folded, colnames[t][f]) != 0;
            jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                      "column \"%s\" appears twice (first as column %d%s%s%s); "
                      "expected each column once", jm_quote(q, sizeof q, s, n),
                      L->col[t][f] + 1, other ? ", both read as \"" : "",
                      other ? colnames[t][f] : "", other ? "\"" : "");
        } else {
            L->col[t][f] = k;
            if (strcmp(folded, colnames[t][f]) != 0 && !(L->hdr[t][f] = dupn(L, s, n))) {
                free(unmatched);
                return false;
            }
        }
    }
    for (int u = 0; u < n_unmatched; u++) {
        int k = unmatched[u];
        const char *s = rec->f[k];
        size_t n = rec->len[k];
        trim(&s, &n);
        int line, col;
        jm_csv_locate(L->text[t], L->len[t], rec->off, rec->line, k, rec->delim, &line,
                      &col, NULL, 0);
        const char *as = NULL;
        int near = close_column(t, s, n, &as);
        /* close to a column that is read from another header anyway: not a
         * misspelling that loses data ("要求額（前年度）" beside 要求額) */
        if (near >= 0 && L->col[t][near] < 0) {
            char a2[200];
            bool by_alias = strcmp(as, colnames[t][near]) != 0;
            jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                      "unknown column \"%s\"; did you mean \"%s\"%s%s%s? Rename the "
                      "header, or map it in the scenario file: [columns] %s = %s",
                      jm_quote(q, sizeof q, s, n), jm_quote(a2, sizeof a2, as, strlen(as)),
                      by_alias ? " (" : "", by_alias ? colnames[t][near] : "",
                      by_alias ? ")" : "", colnames[t][near], q);
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
                                  colnames[t][j]);
        jm_report(L->r, JUTEN_WARNING, L->path[t], ignored_line, ignored_col,
                  "ignored column%s %s: juten does not read %s; the known columns "
                  "are: %s (or their Japanese names, or a mapping in the scenario's "
                  "[columns] section)", n_ignored == 1 ? "" : "s", ignored,
                  n_ignored == 1 ? "it" : "them", list);
    }
    if (unnamed && !title)
        jm_report(L->r, JUTEN_WARNING, L->path[t], rec->line, 1,
                  "%d column%s without a name in the header %s ignored",
                  unnamed, unnamed == 1 ? "" : "s", unnamed == 1 ? "is" : "are");
    if (title) {
        /* "平成29年度 要求一覧" above the header: Excel keeps the title row */
        int line, col;
        jm_csv_locate(L->text[t], L->len[t], rec->off, rec->line, first_k, rec->delim,
                      &line, &col, NULL, 0);
        const char *s = rec->f[first_k];
        size_t n = rec->len[first_k];
        trim(&s, &n);
        jm_report(L->r, JUTEN_ERROR, L->path[t], line, col,
                  "the first row \"%s\" is not a header row (it has one cell and "
                  "none of the columns %s); if it is a title above the header, start "
                  "it with # to make it a comment, or delete it",
                  jm_quote(q, sizeof q, s, n),
                  t == JM_T_MEASURE ? "id, name, area, cost, risk_reduction"
                  : t == JM_T_AREA ? "id, name, weight" : "id, name");
        ok = false;
    } else if (missing) {
        for (int f = 0; f < nc; f++)
            if (required_col(t, f) && L->col[t][f] < 0 && !(near_reported >> f & 1)) {
                jm_report(L->r, JUTEN_ERROR, L->path[t], rec->line, 1,
                          "missing required column \"%s\"; the header row must "
                          "name %s (or their Japanese names, see README; another "
                          "header can be mapped in the scenario file, e.g. "
                          "[columns] %s = ...)", colnames[t][f],
                          t == JM_T_MEASURE ? "id, name, area, cost and risk_reduction"
                          : t == JM_T_AREA ? "id, name and weight" : "id and name",
                          colnames[t][f]);
                ok = false;
            }
    }
    L->header_done[t] = true;
    L->header_line[t] = rec->line;
    if (!ok)
        L->failed[t] = true; /* rows would only repeat the problem */
    return ok;
}

/* ---- rows ----------------------------------------------------------------- */

#define CELL(x) (L->col[t][x] >= 0)
#define TXT(x) (rec->f[L->col[t][x]])
#define LEN(x) (rec->len[L->col[t][x]])

/* A group or tag by name, created on first appearance. */
static int intern(jm_load *L, bool tag, const char *s, size_t n)
{
    juten_model *m = L->m;
    jm_strmap *h = tag ? &L->tags : &L->groups;
    int k = jm_strmap_get(h, s, n);
    if (k >= 0)
        return k;
    char *id = dupn(L, s, n);
    if (!id)
        return -1;
    bool ok = tag ? grow((void **)&m->tags, &L->tag_cap, m->n_tags + 1, sizeof *m->tags)
                  : grow((void **)&m->groups, &L->group_cap, m->n_groups + 1, sizeof *m->groups);
    if (!ok) {
        free(id);
        L->nomem = true;
        return -1;
    }
    if (tag) {
        k = m->n_tags++;
        m->tags[k].id = id;
        m->tags[k].minimum = NAN;
    } else {
        k = m->n_groups++;
        m->groups[k].id = id;
    }
    if (jm_strmap_put(h, id, k) == -2)
        L->nomem = true;
    return k;
}

/* An area (direct CSV) or ministry (no ministries file) created on first
 * use, with neutral settings. */
static int auto_row(jm_load *L, int t, const char *s, size_t n)
{
    juten_model *m = L->m;
    int k = new_row(L, t, NULL);
    char *id = dupn(L, s, n), *name = dupn(L, s, n);
    if (k < 0 || !id || !name) {
        free(id);
        free(name);
        L->nomem = true;
        return -1;
    }
    if (t == JM_T_AREA) {
        m->areas[k] = (juten_area){id, name, 1.0, NAN, NAN, NAN, NAN};
        m->n_areas++;
    } else {
        m->ministries[k] = (juten_ministry){id, name, INFINITY};
        m->n_ministries++;
    }
    if (jm_strmap_put(&L->ids[t], id, k) == -2)
        L->nomem = true;
    return k;
}

/* The index of a ministry named in a measure row, or -1 after an error. */
static int ministry_ref(jm_load *L, int row, int f, const char *s, size_t n, const char *cell)
{
    int k = jm_strmap_get(&L->ids[JM_T_MINISTRY], s, n);
    if (k >= 0)
        return k;
    if (!L->have_ministries)
        return auto_row(L, JM_T_MINISTRY, s, n);
    if (L->failed[JM_T_MINISTRY]) {
        L->bad[JM_T_MEASURE][row] |= (uint32_t)1 << f;
        return -1;
    }
    char q[200], c2[200], list[512], hint[256];
    some_ids(L, JM_T_MINISTRY, list, sizeof list);
    jm_did_you_mean(L, JM_T_MINISTRY, s, n, hint, sizeof hint);
    if (cell)
        jm_field_error(L, JM_T_MEASURE, row, f,
                       "\"%s\" in \"%s\" is not a ministry id in %s%s; expected one of: %s",
                       jm_quote(q, sizeof q, s, n), jm_quote(c2, sizeof c2, cell, strlen(cell)),
                       base_name(L->path[JM_T_MINISTRY]), hint, list);
    else
        jm_field_error(L, JM_T_MEASURE, row, f,
                       "\"%s\" is not a ministry id in %s%s; expected one of: %s",
                       jm_quote(q, sizeof q, s, n), base_name(L->path[JM_T_MINISTRY]), hint,
                       list);
    return -1;
}

static void cost_share(jm_load *L, int row, const char *cell, size_t cn)
{
    juten_measure *me = &L->m->measures[row];
    const char *s = cell, *end = cell + cn;
    int n_items = 1;
    for (const char *p = s; p < end; p++)
        n_items += *p == ';';
    me->shares = malloc((size_t)n_items * sizeof *me->shares);
    if (!me->shares) {
        L->nomem = true;
        return;
    }
    char q[200], c2[200];
    while (s <= end) {
        const char *e = memchr(s, ';', (size_t)(end - s));
        if (!e)
            e = end;
        const char *a = s;
        size_t n = (size_t)(e - s);
        trim(&a, &n);
        if (n > 0) {
            const char *colon = memchr(a, ':', n);
            if (!colon) {
                jm_field_error(L, JM_T_MEASURE, row, JM_F_COST_SHARE,
                               "\"%s\" in \"%s\" is not ministry:share; expected "
                               "e.g. MIC:0.5;METI:0.5", jm_quote(q, sizeof q, a, n),
                               jm_quote(c2, sizeof c2, cell, cn));
                return;
            }
            const char *ms = a;
            size_t mn = (size_t)(colon - a);
            trim(&ms, &mn);
            int k = ministry_ref(L, row, JM_F_COST_SHARE, ms, mn, cell);
            if (k < 0)
                return;
            double v;
            const char *why = jm_number_parse_share(colon + 1, (size_t)(a + n - colon - 1), &v);
            if (why) {
                const char *vs = colon + 1;
                size_t vn = (size_t)(a + n - colon - 1);
                trim(&vs, &vn);
                jm_field_error(L, JM_T_MEASURE, row, JM_F_COST_SHARE,
                               "the share \"%s\" of %s %s", jm_quote(q, sizeof q, vs, vn),
                               L->m->ministries[k].id, why);
                return;
            }
            me->shares[me->n_shares++] = (juten_share){k, v};
        }
        if (e == end)
            break;
        s = e + 1;
    }
}

static void tags(jm_load *L, int row, const char *cell, size_t cn)
{
    juten_measure *me = &L->m->measures[row];
    int n_items = 1;
    for (size_t i = 0; i < cn; i++)
        n_items += cell[i] == ';';
    me->tags = malloc((size_t)n_items * sizeof *me->tags);
    if (!me->tags) {
        L->nomem = true;
        return;
    }
    const char *s = cell, *end = cell + cn;
    while (s <= end) {
        const char *e = memchr(s, ';', (size_t)(end - s));
        if (!e)
            e = end;
        const char *a = s;
        size_t n = (size_t)(e - s);
        trim(&a, &n);
        if (n > 0) {
            int k = intern(L, true, a, n);
            if (k < 0)
                return;
            bool dup = false;
            for (int j = 0; j < me->n_tags; j++)
                dup |= me->tags[j] == k;
            if (!dup)
                me->tags[me->n_tags++] = k;
        }
        if (e == end)
            break;
        s = e + 1;
    }
}

/* yes/no as planners type it: English words, 1/0, and the marks of
 * Japanese tables (○ for yes, × for no; はい/いいえ; 有/無). */
static bool mandatory(const char *s, size_t n, bool *out)
{
    static const char *const yes[] = {"yes", "true", "1", "y", "○", "◯", "●", "✓", "✔",
                                      "はい", "有", "あり", "要"};
    static const char *const no[] = {"no", "false", "0", "n", "×", "✕", "✗", "✘",
                                     "いいえ", "無", "なし", "不要"};
    char f[64];
    size_t fl = jm_fold(s, n, f, sizeof f);
    if (fl == 0) {
        *out = false;
        return true;
    }
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(f, yes[i]) == 0) {
            *out = true;
            return true;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(f, no[i]) == 0) {
            *out = false;
            return true;
        }
    return false;
}

static void measure_row(jm_load *L, const jm_record *rec)
{
    const int t = JM_T_MEASURE;
    int i = new_row(L, t, rec);
    if (i < 0)
        return;
    juten_model *m = L->m;
    juten_measure *me = &m->measures[i];
    memset(me, 0, sizeof *me);
    m->n_measures++;
    me->area = -1;
    me->ministry = -1;
    me->group = -1;
    me->line = rec->line;
    me->cost_lo = me->cost_hi = me->risk_lo = me->risk_hi = NAN;
    me->saving_lo = me->saving_hi = NAN;
    char q[200];

    const char *s = TXT(JM_F_ID);
    size_t n = LEN(JM_F_ID);
    trim(&s, &n);
    if (!(me->id = dupn(L, s, n)))
        return;
    if (id_ok(L, t, i, JM_F_ID, s, n)) {
        int prev = jm_strmap_put(&L->ids[t], me->id, i);
        if (prev == -2)
            L->nomem = true;
        else if (prev >= 0)
            jm_field_error(L, t, i, JM_F_ID, "\"%s\" is used twice: first on line %d; "
                           "ids must be unique", jm_quote(q, sizeof q, s, n),
                           m->measures[prev].line);
    }

    s = TXT(JM_F_NAME);
    n = LEN(JM_F_NAME);
    trim(&s, &n);
    if (!(me->name = dupn(L, s, n)))
        return;

    s = TXT(JM_F_AREA);
    n = LEN(JM_F_AREA);
    trim(&s, &n);
    if (n == 0)
        jm_field_error(L, t, i, JM_F_AREA, "\"\" is empty; expected an area id%s%s",
                       L->direct ? "" : " from ", L->direct ? "" : base_name(L->path[JM_T_AREA]));
    else if ((me->area = jm_strmap_get(&L->ids[JM_T_AREA], s, n)) < 0) {
        if (L->direct)
            me->area = auto_row(L, JM_T_AREA, s, n);
        else if (L->failed[JM_T_AREA])
            L->bad[t][i] |= (uint32_t)1 << JM_F_AREA;
        else {
            char list[512], hint[256];
            some_ids(L, JM_T_AREA, list, sizeof list);
            jm_did_you_mean(L, JM_T_AREA, s, n, hint, sizeof hint);
            jm_field_error(L, t, i, JM_F_AREA,
                           "\"%s\" is not an area id in %s%s; expected one of: %s",
                           jm_quote(q, sizeof q, s, n), base_name(L->path[JM_T_AREA]), hint,
                           list);
        }
    }

    me->cost = number(L, t, i, JM_F_COST, TXT(JM_F_COST), LEN(JM_F_COST), true, 0);
    me->risk = number(L, t, i, JM_F_RISK, TXT(JM_F_RISK), LEN(JM_F_RISK), true, 0);
    if (CELL(JM_F_SAVING))
        me->saving = number(L, t, i, JM_F_SAVING, TXT(JM_F_SAVING), LEN(JM_F_SAVING), false, 0);
    static const int range_f[6] = {JM_F_COST_LO, JM_F_COST_HI, JM_F_RISK_LO,
                                   JM_F_RISK_HI, JM_F_SAVING_LO, JM_F_SAVING_HI};
    double *range_v[6] = {&me->cost_lo, &me->cost_hi, &me->risk_lo,
                          &me->risk_hi, &me->saving_lo, &me->saving_hi};
    for (int k = 0; k < 6; k++)
        if (CELL(range_f[k]))
            *range_v[k] = number(L, t, i, range_f[k], TXT(range_f[k]), LEN(range_f[k]),
                                 false, NAN);

    if (CELL(JM_F_MINISTRY)) {
        s = TXT(JM_F_MINISTRY);
        n = LEN(JM_F_MINISTRY);
        trim(&s, &n);
        if (n > 0 && id_ok(L, t, i, JM_F_MINISTRY, s, n))
            me->ministry = ministry_ref(L, i, JM_F_MINISTRY, s, n, NULL);
    }
    if (CELL(JM_F_MANDATORY)) {
        s = TXT(JM_F_MANDATORY);
        n = LEN(JM_F_MANDATORY);
        trim(&s, &n);
        if (!mandatory(s, n, &me->mandatory))
            jm_field_error(L, t, i, JM_F_MANDATORY,
                           "\"%s\" is not yes or no; expected yes/no, true/false, "
                           "1/0, ○/×, はい/いいえ or 有/無 (empty means no)",
                           jm_quote(q, sizeof q, s, n));
    }
    if (CELL(JM_F_REQUIRES)) {
        s = TXT(JM_F_REQUIRES);
        n = LEN(JM_F_REQUIRES);
        trim(&s, &n);
        if (n > 0) {
            if (L->req_len + n + 1 > L->req_cap) {
                size_t nc = L->req_cap ? L->req_cap : 4096;
                while (nc < L->req_len + n + 1)
                    nc *= 2;
                char *nr = realloc(L->req, nc);
                if (!nr) {
                    L->nomem = true;
                    return;
                }
                L->req = nr;
                L->req_cap = nc;
            }
            memcpy(L->req + L->req_len, s, n);
            L->req[L->req_len + n] = 0;
            L->req_off[i] = L->req_len;
            L->req_len += n + 1;
        }
    }
    if (CELL(JM_F_GROUP)) {
        s = TXT(JM_F_GROUP);
        n = LEN(JM_F_GROUP);
        trim(&s, &n);
        if (n > 0)
            me->group = intern(L, false, s, n);
    }
    if (CELL(JM_F_TAGS)) {
        s = TXT(JM_F_TAGS);
        n = LEN(JM_F_TAGS);
        trim(&s, &n);
        if (n > 0)
            tags(L, i, s, n);
    }
    if (CELL(JM_F_COST_SHARE)) {
        s = TXT(JM_F_COST_SHARE);
        n = LEN(JM_F_COST_SHARE);
        trim(&s, &n);
        if (n > 0)
            cost_share(L, i, s, n);
    }
}

/* The id (unique within its table) and name cells of an area or ministry
 * row; false when out of memory. */
static bool id_and_name(jm_load *L, int t, int i, const jm_record *rec, int id_field,
                        int name_field, char **id, char **name)
{
    char q[200];
    const char *s = TXT(id_field);
    size_t n = LEN(id_field);
    trim(&s, &n);
    if (!(*id = dupn(L, s, n)))
        return false;
    if (id_ok(L, t, i, id_field, s, n)) {
        int prev = jm_strmap_put(&L->ids[t], *id, i);
        if (prev == -2)
            L->nomem = true;
        else if (prev >= 0)
            jm_field_error(L, t, i, id_field, "\"%s\" is used twice: first on line %d; "
                           "ids must be unique", jm_quote(q, sizeof q, s, n),
                           row_line(L, t, prev));
    }
    s = TXT(name_field);
    n = LEN(name_field);
    trim(&s, &n);
    return (*name = dupn(L, s, n)) != NULL;
}

static void area_row(jm_load *L, const jm_record *rec)
{
    const int t = JM_T_AREA;
    int i = new_row(L, t, rec);
    if (i < 0)
        return;
    juten_model *m = L->m;
    juten_area *a = &m->areas[i];
    *a = (juten_area){NULL, NULL, NAN, NAN, NAN, NAN, NAN};
    m->n_areas++;
    if (!id_and_name(L, t, i, rec, JM_A_ID, JM_A_NAME, &a->id, &a->name))
        return;
    a->weight = number(L, t, i, JM_A_WEIGHT, TXT(JM_A_WEIGHT), LEN(JM_A_WEIGHT), true, 0);
    double *opt[4] = {&a->min_share, &a->max_share, &a->min_spend, &a->max_spend};
    for (int k = 0; k < 4; k++)
        if (CELL(JM_A_MIN_SHARE + k))
            *opt[k] = number(L, t, i, JM_A_MIN_SHARE + k, TXT(JM_A_MIN_SHARE + k),
                             LEN(JM_A_MIN_SHARE + k), false, NAN);
}

static void ministry_row(jm_load *L, const jm_record *rec)
{
    const int t = JM_T_MINISTRY;
    int i = new_row(L, t, rec);
    if (i < 0)
        return;
    juten_model *m = L->m;
    juten_ministry *k = &m->ministries[i];
    *k = (juten_ministry){NULL, NULL, INFINITY};
    m->n_ministries++;
    if (!id_and_name(L, t, i, rec, JM_K_ID, JM_K_NAME, &k->id, &k->name))
        return;
    if (CELL(JM_K_CEILING))
        k->ceiling = number(L, t, i, JM_K_CEILING, TXT(JM_K_CEILING), LEN(JM_K_CEILING),
                            false, INFINITY);
}

typedef struct table_ctx {
    jm_load *L;
    int t;
} table_ctx;

static bool on_record(void *user, const jm_record *rec)
{
    table_ctx *c = user;
    jm_load *L = c->L;
    if (!L->header_done[c->t])
        return header(L, c->t, rec);
    if (c->t == JM_T_MEASURE)
        measure_row(L, rec);
    else if (c->t == JM_T_AREA)
        area_row(L, rec);
    else
        ministry_row(L, rec);
    return !L->nomem;
}

juten_status jm_table_read(jm_load *L, int t)
{
    table_ctx c = {L, t};
    size_t errors0 = L->r->errors;
    juten_status st = jm_csv_read(L->r, L->path[t], L->text[t], L->len[t], on_record, &c);
    if (L->nomem || st == JUTEN_ERR_NOMEM)
        return JUTEN_ERR_NOMEM;
    int rows = t == JM_T_MEASURE ? L->m->n_measures
             : t == JM_T_AREA ? L->m->n_areas : L->m->n_ministries;
    if (!L->header_done[t]) {
        jm_report(L->r, JUTEN_ERROR, L->path[t], 1, 1,
                  "the file is empty; expected a header row such as \"%s\" "
                  "and one row per %s", t == JM_T_MEASURE ? "id,name,area,cost,risk_reduction"
                  : t == JM_T_AREA ? "id,name,weight" : "id,name,ceiling", table_noun[t]);
        L->failed[t] = true;
    } else if (L->failed[t]) {
        /* a required column is missing (reported) */
    } else if (rows == 0 && t != JM_T_MINISTRY) {
        /* when every row was refused, saying "no rows" would only repeat it */
        if (L->r->errors == errors0)
            jm_report(L->r, JUTEN_ERROR, L->path[t], L->header_line[t], 1,
                      "the file has a header row but no %ss; expected one row "
                      "per %s below the header", table_noun[t], table_noun[t]);
        L->failed[t] = true;
    }
    return L->r->errors > errors0 ? JUTEN_ERR_INPUT : JUTEN_OK;
}
