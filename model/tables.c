/*
 * tables.c -- the rows of the three CSV tables (measures, areas,
 * ministries) read into the model, one record at a time; the first record,
 * the header, goes to columns.c, which decides which column is which.
 *
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
#include "juten_i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TRANSLATORS: what one row of the table is, in "every %s needs an id" */
static const char *const table_noun[JM_NTABLES] = {N_("measure"), N_("area"), N_("ministry")};

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
    const char *h = t < JM_NTABLES && f < jm_table_ncols[t] ? L->hdr[t][f] : NULL;
    char q[200];
    if (h)
        snprintf(buf, n, _("column \"%s\" (%s)"), jm_quote(q, sizeof q, h, strlen(h)),
                 jm_table_cols[t][f]);
    else
        snprintf(buf, n, _("column \"%s\""), jm_table_cols[t][f]);
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
    jm_report(L->r, JUTEN_ERROR, L->path[t], line, col, _("%s: %s"), label, msg);
    L->bad[t][row] |= (uint32_t)1 << field;
}

/* ---- cells ---------------------------------------------------------------- */

static void trim(const char **s, size_t *n) { jm_trim(s, n); }

char *jm_load_strndup(jm_load *L, const char *s, size_t n)
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
        jm_field_error(L, t, row, f, _("\"%s\" %s"), jm_quote(q, sizeof q, ts, tn), why);
        return NAN;
    }
    return v;
}

/* Ids must be usable inside the ';' / ',' / ':' separated lists. */
static bool id_ok(jm_load *L, int t, int row, int f, const char *s, size_t n)
{
    char q[200];
    if (n == 0) {
        jm_field_error(L, t, row, f, _("\"\" is empty; every %s needs an id"), _(table_noun[t]));
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == ';' || s[i] == ',' || s[i] == ':' || s[i] == '=' ||
            (unsigned char)s[i] < 0x20) {
            jm_field_error(L, t, row, f,
                           _("\"%s\" contains \"%c\"; an id cannot contain ; , : = "
                           "or line breaks, which separate ids in lists"),
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
        snprintf(buf, bufsz, _(" (did you mean \"%s\"?)"), jm_quote(q, sizeof q, best, strlen(best)));
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

/* ---- rows ----------------------------------------------------------------- */

#define CELL(x) (L->col[t][x] >= 0)
#define TXT(x) (rec->f[L->col[t][x]])
#define LEN(x) (rec->len[L->col[t][x]])
/* the number in column x of row i (number() above) */
#define NUM(x, required, dflt) number(L, t, i, (x), TXT(x), LEN(x), (required), (dflt))

/* A group or tag by name, created on first appearance. */
static int intern(jm_load *L, bool tag, const char *s, size_t n)
{
    juten_model *m = L->m;
    jm_strmap *h = tag ? &L->tags : &L->groups;
    int k = jm_strmap_get(h, s, n);
    if (k >= 0)
        return k;
    char *id = jm_load_strndup(L, s, n);
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
    char *id = jm_load_strndup(L, s, n), *name = jm_load_strndup(L, s, n);
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
                       _("\"%s\" in \"%s\" is not a ministry id in %s%s; expected one of: %s"),
                       jm_quote(q, sizeof q, s, n), jm_quote(c2, sizeof c2, cell, strlen(cell)),
                       base_name(L->path[JM_T_MINISTRY]), hint, list);
    else
        jm_field_error(L, JM_T_MEASURE, row, f,
                       _("\"%s\" is not a ministry id in %s%s; expected one of: %s"),
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
                               _("\"%s\" in \"%s\" is not ministry:share; expected "
                               "e.g. MIC:0.5;METI:0.5"), jm_quote(q, sizeof q, a, n),
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
                               _("the share \"%s\" of %s %s"), jm_quote(q, sizeof q, vs, vn),
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
    if (!(me->id = jm_load_strndup(L, s, n)))
        return;
    if (id_ok(L, t, i, JM_F_ID, s, n)) {
        int prev = jm_strmap_put(&L->ids[t], me->id, i);
        if (prev == -2)
            L->nomem = true;
        else if (prev >= 0)
            jm_field_error(L, t, i, JM_F_ID, _("\"%s\" is used twice: first on line %d; "
                           "ids must be unique"), jm_quote(q, sizeof q, s, n),
                           m->measures[prev].line);
    }

    s = TXT(JM_F_NAME);
    n = LEN(JM_F_NAME);
    trim(&s, &n);
    if (!(me->name = jm_load_strndup(L, s, n)))
        return;

    s = TXT(JM_F_AREA);
    n = LEN(JM_F_AREA);
    trim(&s, &n);
    if (n == 0 && L->direct)
        jm_field_error(L, t, i, JM_F_AREA, "%s", _("\"\" is empty; expected an area id"));
    else if (n == 0)
        jm_field_error(L, t, i, JM_F_AREA, _("\"\" is empty; expected an area id from %s"),
                       base_name(L->path[JM_T_AREA]));
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
                           _("\"%s\" is not an area id in %s%s; expected one of: %s"),
                           jm_quote(q, sizeof q, s, n), base_name(L->path[JM_T_AREA]), hint,
                           list);
        }
    }

    me->cost = NUM(JM_F_COST, true, 0);
    me->risk = NUM(JM_F_RISK, true, 0);
    if (CELL(JM_F_SAVING))
        me->saving = NUM(JM_F_SAVING, false, 0);
    static const int range_f[6] = {JM_F_COST_LO, JM_F_COST_HI, JM_F_RISK_LO,
                                   JM_F_RISK_HI, JM_F_SAVING_LO, JM_F_SAVING_HI};
    double *range_v[6] = {&me->cost_lo, &me->cost_hi, &me->risk_lo,
                          &me->risk_hi, &me->saving_lo, &me->saving_hi};
    for (int k = 0; k < 6; k++)
        if (CELL(range_f[k]))
            *range_v[k] = NUM(range_f[k], false, NAN);

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
                           _("\"%s\" is not yes or no; expected yes/no, true/false, "
                           "1/0, ○/×, はい/いいえ or 有/無 (empty means no)"),
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
    if (!(*id = jm_load_strndup(L, s, n)))
        return false;
    if (id_ok(L, t, i, id_field, s, n)) {
        int prev = jm_strmap_put(&L->ids[t], *id, i);
        if (prev == -2)
            L->nomem = true;
        else if (prev >= 0)
            jm_field_error(L, t, i, id_field, _("\"%s\" is used twice: first on line %d; "
                           "ids must be unique"), jm_quote(q, sizeof q, s, n),
                           row_line(L, t, prev));
    }
    s = TXT(name_field);
    n = LEN(name_field);
    trim(&s, &n);
    return (*name = jm_load_strndup(L, s, n)) != NULL;
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
    a->weight = NUM(JM_A_WEIGHT, true, 0);
    double *opt[4] = {&a->min_share, &a->max_share, &a->min_spend, &a->max_spend};
    for (int k = 0; k < 4; k++)
        if (CELL(JM_A_MIN_SHARE + k))
            *opt[k] = NUM(JM_A_MIN_SHARE + k, false, NAN);
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
        k->ceiling = NUM(JM_K_CEILING, false, INFINITY);
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
        return jm_table_header(L, c->t, rec);
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
                  _("the file is empty; expected a header row such as \"%s\" "
                  "and one row per %s"), t == JM_T_MEASURE ? "id,name,area,cost,risk_reduction"
                  : t == JM_T_AREA ? "id,name,weight" : "id,name,ceiling", _(table_noun[t]));
        L->failed[t] = true;
    } else if (L->failed[t]) {
        /* a required column is missing (reported) */
    } else if (rows == 0 && t != JM_T_MINISTRY) {
        /* when every row was refused, saying "no rows" would only repeat it */
        if (L->r->errors == errors0)
            jm_report(L->r, JUTEN_ERROR, L->path[t], L->header_line[t], 1,
                      "%s", t == JM_T_MEASURE
                      ? _("the file has a header row but no measures; expected one row "
                          "per measure below the header")
                      : _("the file has a header row but no areas; expected one row "
                          "per area below the header"));
        L->failed[t] = true;
    }
    return L->r->errors > errors0 ? JUTEN_ERR_INPUT : JUTEN_OK;
}
