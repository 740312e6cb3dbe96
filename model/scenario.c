/*
 * scenario.c -- the scenario file (INI) and its `base =` chain; the only
 * file including <ini.h>.
 *
 * libinih does the INI syntax (sections, name = value, inline ; comments,
 * indented continuation lines), but Debian builds it without line numbers
 * in the handler (INI_HANDLER_LINENO=0) and with a 200-byte line buffer.
 * So we hand it the text through our own reader callback, which
 *   - counts lines, so the handler knows where the key and value are and
 *     every message gets file:line:col;
 *   - checks the line structure itself (section names, missing '=', keys
 *     outside a section) because libinih only returns the first bad line;
 *   - passes over-long lines as a short stand-in and keeps the real value
 *     itself, so a long [force] list or a long Japanese name is never cut.
 * Continuation lines (indented, as in Python's configparser) are allowed
 * only for the [force] lists; elsewhere an indented line is almost always
 * an accidentally indented key, so it is refused with that hint.
 *
 * A scenario may name a base scenario.  The chain is read first to last,
 * cycles detected by device and inode (the same file reached by two
 * spellings is still a cycle), and applied from the deepest base up:
 * scalar keys are replaced, [weights], [minimum_by_tag] and [columns]
 * merge key by key, [force] lists accumulate.  Paths are resolved against the file that
 * names them, when it is read.
 */
#include "load_int.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { SEC_NONE = -1, SEC_BAD = -2, SEC_SCENARIO = 0, SEC_WEIGHTS, SEC_MINIMUM, SEC_FORCE,
       SEC_COLUMNS, SEC_N };
static const char *const sections[SEC_N] = {"scenario", "weights", "minimum_by_tag", "force",
                                            "columns"};

enum { K_NAME, K_MEASURES, K_AREAS, K_MINISTRIES, K_CURRENCY, K_HEADROOM,
       K_SAVINGS_RATE, K_BASE, K_N };
static const char *const keys[K_N] = {"name", "measures", "areas", "ministries",
                                      "currency", "headroom", "savings_rate", "base"};

/* One [scenario] key as set in one file. */
typedef struct setting {
    bool set;
    char *value;  /* as written; for paths, resolved against the file */
    double num;   /* for headroom and savings_rate */
    bool num_ok;
    jm_pos pos;   /* of the value */
} setting;

/* What one file says, before it is merged with its base. */
typedef struct layer {
    const char *file;      /* owned by the scenario's file list */
    int section_line;      /* first [scenario] header, 0 if none */
    setting s[K_N];
    jm_kv *weights;
    int n_weights;
    jm_kv *minimums;
    int n_minimums;
    jm_force_item *force;
    int n_force, force_cap;
    jm_colmap *columns;
    int n_columns;
    jm_strmap seen[SEC_N]; /* keys set in this file, -> line */
} layer;

typedef struct ini_ctx {
    jm_rep *r;
    layer *ly;
    const char *text;
    size_t len, pos;
    int line;
    const char *ls; /* current line (no '\n') */
    size_t ll;
    int sect;
    bool have_prev; /* mirrors libinih's prev_name: a key line in this section */
    bool cont;      /* the current line continues the previous key */
    char *long_value;
    int kcol, vcol;
    char prev_key[128];
    int prev_line;
    bool nomem;
} ini_ctx;

static int col_at(const ini_ctx *c, const char *p)
{
    return (int)juten_utf8_count(c->ls, (size_t)(p - c->ls)) + 1;
}

static bool blank(char ch) { return ch == ' ' || ch == '\t'; }

/* libinih's rule: a ';' starts an inline comment when preceded by a blank.
 * Returns the end of the text before any comment (or stop char). */
static const char *find_end(const char *s, const char *e, const char *stop)
{
    bool was_space = false;
    for (; s < e; s++) {
        if (stop && strchr(stop, *s))
            return s;
        if (was_space && *s == ';')
            return s;
        was_space = blank(*s);
    }
    return e;
}

static char *dup_trimmed(const char *s, const char *e)
{
    while (s < e && blank(*s))
        s++;
    while (e > s && blank(e[-1]))
        e--;
    char *v = malloc((size_t)(e - s) + 1);
    if (v) {
        memcpy(v, s, (size_t)(e - s));
        v[e - s] = 0;
    }
    return v;
}

/* Feed libinih `s`..`e` (plus an optional leading prefix). */
static char *feed(char *str, int num, const char *prefix, const char *s, const char *e)
{
    size_t pl = strlen(prefix), n = (size_t)(e - s);
    if (pl + n + 1 > (size_t)num)
        n = 0; /* callers only pass what fits */
    memcpy(str, prefix, pl);
    memcpy(str + pl, s, n);
    str[pl + n] = 0;
    return str;
}

static char *line_reader(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    if (c->pos >= c->len || c->nomem)
        return NULL;
    c->ls = c->text + c->pos;
    const char *nl = memchr(c->ls, '\n', c->len - c->pos);
    c->ll = nl ? (size_t)(nl - c->ls) : c->len - c->pos;
    c->pos += c->ll + (nl ? 1 : 0);
    c->line++;
    c->cont = false;
    free(c->long_value);
    c->long_value = NULL;
    c->kcol = c->vcol = 0;

    const char *e = c->ls + c->ll;
    const char *t = c->ls;
    while (t < e && blank(*t))
        t++;
    if (t == e || *t == ';' || *t == '#')
        return feed(str, num, "", t, t);

    if (*t == '[') {
        const char *close = find_end(t + 1, e, "]");
        c->have_prev = false;
        if (close == e || *close != ']') {
            char q[200];
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, col_at(c, t),
                      "section header \"%s\" has no closing \"]\"; expected "
                      "e.g. [scenario]", jm_quote(q, sizeof q, t, (size_t)(e - t)));
            c->sect = SEC_BAD;
            return feed(str, num, "[-]", t, t);
        }
        c->sect = SEC_BAD;
        for (int i = 0; i < SEC_N; i++)
            if ((size_t)(close - t - 1) == strlen(sections[i]) &&
                memcmp(t + 1, sections[i], strlen(sections[i])) == 0)
                c->sect = i;
        if (c->sect == SEC_BAD) {
            char q[200], hint[96] = "";
            jm_suggest sg;
            jm_suggest_init(&sg, t + 1, (size_t)(close - t - 1));
            for (int i = 0; i < SEC_N; i++)
                jm_suggest_try(&sg, sections[i]);
            if (jm_suggest_best(&sg))
                snprintf(hint, sizeof hint, " (did you mean [%s]?)", jm_suggest_best(&sg));
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, col_at(c, t + 1),
                      "unknown section \"[%s]\"%s; expected [scenario], [weights], "
                      "[minimum_by_tag], [force] or [columns]",
                      jm_quote(q, sizeof q, t + 1, (size_t)(close - t - 1)), hint);
        } else if (c->sect == SEC_SCENARIO && !c->ly->section_line)
            c->ly->section_line = c->line;
        return feed(str, num, "[s]", t, t);
    }

    if (t > c->ls && c->have_prev) {
        /* an indented line: libinih continues the previous key's value */
        if (c->sect < 0)
            return feed(str, num, "", t, t);
        c->cont = true;
        c->vcol = col_at(c, t);
        const char *end = find_end(t, e, NULL);
        while (end > t && blank(end[-1]))
            end--;
        if ((size_t)(end - t) + 2 > (size_t)num) {
            c->long_value = dup_trimmed(t, end);
            if (!c->long_value)
                c->nomem = true;
            return feed(str, num, " x", t, t);
        }
        return feed(str, num, " ", t, end);
    }

    /* a key line */
    const char *sep = find_end(t, e, "=:");
    char q[200];
    if (sep == e || (*sep != '=' && *sep != ':')) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, col_at(c, t),
                  "\"%s\" is not a key = value line; expected e.g. "
                  "\"headroom = 0\" (a line starting with ; or # is a comment)",
                  jm_quote(q, sizeof q, t, (size_t)(e - t)));
        return feed(str, num, "", t, t);
    }
    const char *kend = sep;
    while (kend > t && blank(kend[-1]))
        kend--;
    c->kcol = col_at(c, t);
    const char *v = sep + 1;
    while (v < e && blank(*v))
        v++;
    c->vcol = col_at(c, v);
    if (kend == t) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "\"%s\" has no key before \"%c\"; expected e.g. \"headroom = 0\"",
                  jm_quote(q, sizeof q, t, (size_t)(e - t)), *sep);
        return feed(str, num, "", t, t);
    }
    if (c->sect == SEC_BAD)
        return feed(str, num, "", t, t); /* the section was reported */
    if (c->sect == SEC_NONE) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "key \"%s\" is outside any section; put it under [scenario] "
                  "(or [weights], [minimum_by_tag], [force], [columns])",
                  jm_quote(q, sizeof q, t, (size_t)(kend - t)));
        return feed(str, num, "", t, t);
    }
    c->have_prev = true;
    if ((size_t)(e - t) + 1 <= (size_t)num)
        return feed(str, num, "", t, e);
    /* Too long for libinih's buffer: keep the value ourselves. */
    if ((size_t)(kend - t) + 3 > (size_t)num) {
        c->have_prev = false;
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "key \"%s\" is too long; expected a key such as \"headroom\" "
                  "or an area or tag id", jm_quote(q, sizeof q, t, (size_t)(kend - t)));
        return feed(str, num, "", t, t);
    }
    const char *vend = find_end(sep + 1, e, NULL);
    c->long_value = dup_trimmed(sep + 1, vend);
    if (!c->long_value)
        c->nomem = true;
    feed(str, num, "", t, kend);
    size_t kl = (size_t)(kend - t);
    str[kl] = '=';
    str[kl + 1] = 'x';
    str[kl + 2] = 0;
    return str;
}

/* ---- the handler ---------------------------------------------------------- */

static int find_key(const char *name)
{
    for (int i = 0; i < K_N; i++)
        if (strcmp(name, keys[i]) == 0)
            return i;
    return -1;
}

static jm_pos pos_at(const ini_ctx *c, int col)
{
    jm_pos p = {c->ly->file, c->line, col};
    return p;
}

/* A key seen twice in one file is an error (which one would win?). */
static bool first_time(ini_ctx *c, int sect, const char *name)
{
    jm_strmap *h = &c->ly->seen[sect];
    size_t nl = strlen(name);
    int prev = jm_strmap_get(h, name, nl);
    if (prev >= 0) {
        char q[200];
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "key \"%s\" in [%s] is set twice in this file (first on line "
                  "%d); expected each key once", jm_quote(q, sizeof q, name, nl),
                  sections[sect], prev);
        return false;
    }
    char *k = strdup(name); /* borrowed by the map; freed with the layer */
    if (!k || jm_strmap_put(h, k, c->line) == -2) {
        free(k);
        c->nomem = true;
        return false;
    }
    return true;
}

static void add_force(ini_ctx *c, int sign, const char *value)
{
    layer *ly = c->ly;
    const char *s = value;
    /* columns are counted on from the previous id, not from the start of
     * the value: a 200 000-id line must stay linear */
    const char *counted = value;
    int col = c->vcol;
    for (;;) {
        const char *e = strchr(s, ',');
        if (!e)
            e = s + strlen(s);
        const char *a = s;
        size_t n = (size_t)(e - s);
        jm_trim(&a, &n);
        if (n > 0) {
            if (ly->n_force == ly->force_cap) {
                int nc = ly->force_cap ? 2 * ly->force_cap : 16;
                jm_force_item *nf = realloc(ly->force, (size_t)nc * sizeof *nf);
                if (!nf) {
                    c->nomem = true;
                    return;
                }
                ly->force = nf;
                ly->force_cap = nc;
            }
            char *id = malloc(n + 1);
            if (!id) {
                c->nomem = true;
                return;
            }
            memcpy(id, a, n);
            id[n] = 0;
            col += (int)juten_utf8_count(counted, (size_t)(a - counted));
            counted = a;
            jm_force_item *it = &ly->force[ly->n_force++];
            it->id = id;
            it->sign = sign;
            it->pos = pos_at(c, col);
        }
        if (!*e)
            break;
        s = e + 1;
    }
}

/* A [columns] line: `cost = 要求額（億円）` reads that header as the field;
 * `areas.id = 分野コード` limits it to one table (an unprefixed id or name
 * applies to every table). */
static void add_column(ini_ctx *c, const char *name, const char *value)
{
    static const char *const tables[JM_NTABLES] = {"measures", "areas", "ministries"};
    static const char *const *const cols[JM_NTABLES] = {jm_measure_cols, jm_area_cols,
                                                        jm_ministry_cols};
    static const int ncol[JM_NTABLES] = {JM_F_NCOLS, JM_A_NCOLS, JM_K_NCOLS};
    char q[200];
    unsigned want = 7;
    const char *fname = name;
    const char *dot = strchr(name, '.');
    if (dot) {
        want = 0;
        for (int t = 0; t < JM_NTABLES; t++)
            if ((size_t)(dot - name) == strlen(tables[t]) &&
                strncmp(name, tables[t], strlen(tables[t])) == 0)
                want = 1u << t;
        if (!want) {
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                      "[columns] \"%s\": \"%s\" is not a table; expected a field "
                      "such as cost, or measures., areas. or ministries. before it",
                      jm_quote(q, sizeof q, name, strlen(name)),
                      jm_quote(q + 100, 100, name, (size_t)(dot - name)));
            return;
        }
        fname = dot + 1;
    }
    int field = -1;
    unsigned found = 0;
    for (int t = 0; t < JM_NTABLES; t++)
        for (int j = 0; j < ncol[t]; j++)
            if ((want >> t & 1) && strcmp(fname, cols[t][j]) == 0) {
                field = j;
                found |= 1u << t;
            }
    if (field < 0) {
        jm_suggest sg;
        jm_suggest_init(&sg, fname, strlen(fname));
        for (int t = 0; t < JM_NTABLES; t++)
            for (int j = 0; j < ncol[t]; j++)
                if (want >> t & 1)
                    jm_suggest_try(&sg, cols[t][j]);
        char hint[96] = "";
        if (jm_suggest_best(&sg))
            snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", jm_suggest_best(&sg));
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "[columns] \"%s\" is not a field juten reads%s; expected a column "
                  "name such as id, name, area, cost, risk_reduction, saving, ministry, "
                  "mandatory, requires, weight or ceiling (README \"Input files\" lists "
                  "them all)", jm_quote(q, sizeof q, name, strlen(name)), hint);
        return;
    }
    if (!*value) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  "[columns] %s: the header is empty; expected the header text of "
                  "the column, e.g. %s = 要求額（億円）", name, fname);
        return;
    }
    char key[64];
    int single = found == 1 ? 0 : found == 2 ? 1 : found == 4 ? 2 : -1;
    if (single >= 0 && (dot || field > JM_F_NAME))
        snprintf(key, sizeof key, "%s.%s", tables[single], fname);
    else
        snprintf(key, sizeof key, "%s", fname);
    if (!first_time(c, SEC_COLUMNS, key))
        return;
    jm_colmap *na = realloc(c->ly->columns, (size_t)(c->ly->n_columns + 1) * sizeof *na);
    if (!na) {
        c->nomem = true;
        return;
    }
    c->ly->columns = na;
    jm_colmap *cm = &na[c->ly->n_columns];
    memset(cm, 0, sizeof *cm);
    cm->key = strdup(key);
    cm->header = strdup(value);
    if (!cm->key || !cm->header) {
        free(cm->key);
        free(cm->header);
        c->nomem = true;
        return;
    }
    cm->tables = found;
    cm->field = field;
    cm->kpos = pos_at(c, c->kcol);
    cm->vpos = pos_at(c, c->vcol);
    c->ly->n_columns++;
}

static void add_kv(ini_ctx *c, jm_kv **arr, int *n, const char *name, const char *value)
{
    double v;
    const char *why = jm_number_parse(value, strlen(value), &v);
    if (why) {
        char q[200], k[200];
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  "[%s] %s: \"%s\" %s", sections[c->sect],
                  jm_quote(k, sizeof k, name, strlen(name)),
                  jm_quote(q, sizeof q, value, strlen(value)), why);
        return;
    }
    jm_kv *na = realloc(*arr, (size_t)(*n + 1) * sizeof *na);
    if (!na) {
        c->nomem = true;
        return;
    }
    *arr = na;
    jm_kv *kv = &na[*n];
    kv->key = strdup(name);
    kv->text = strdup(value);
    if (!kv->key || !kv->text) {
        free(kv->key);
        free(kv->text);
        c->nomem = true;
        return;
    }
    kv->value = v;
    kv->kpos = pos_at(c, c->kcol);
    kv->vpos = pos_at(c, c->vcol);
    (*n)++;
}

static void set_scenario_key(ini_ctx *c, const char *name, const char *value)
{
    char q[200];
    int k = find_key(name);
    if (k < 0) {
        jm_suggest sg;
        jm_suggest_init(&sg, name, strlen(name));
        for (int i = 0; i < K_N; i++)
            jm_suggest_try(&sg, keys[i]);
        char hint[64] = "";
        if (jm_suggest_best(&sg))
            snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", jm_suggest_best(&sg));
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  "unknown key \"%s\" in [scenario]%s; expected name, measures, "
                  "areas, ministries, currency, headroom, savings_rate or base",
                  jm_quote(q, sizeof q, name, strlen(name)), hint);
        return;
    }
    if (!first_time(c, SEC_SCENARIO, name))
        return;
    setting *s = &c->ly->s[k];
    s->pos = pos_at(c, c->vcol);
    if (k == K_HEADROOM || k == K_SAVINGS_RATE) {
        /* savings_rate is a fraction: "80%" reads as 0.8 */
        const char *why = k == K_SAVINGS_RATE
                              ? jm_number_parse_share(value, strlen(value), &s->num)
                              : jm_number_parse(value, strlen(value), &s->num);
        if (why) {
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                      "[scenario] %s: \"%s\" %s", name,
                      jm_quote(q, sizeof q, value, strlen(value)), why);
            return;
        }
        s->num_ok = true;
    }
    bool path = k == K_MEASURES || k == K_AREAS || k == K_MINISTRIES || k == K_BASE;
    if (path && !*value) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  "[scenario] %s: \"\" is empty; expected a file name such as "
                  "%s (relative to this file)", name,
                  k == K_BASE ? "../fy2017/scenario.ini" : k == K_MEASURES
                  ? "measures.csv" : k == K_AREAS ? "areas.csv" : "ministries.csv");
        return;
    }
    s->value = path ? jm_path_join(c->ly->file, value) : strdup(value);
    if (!s->value) {
        c->nomem = true;
        return;
    }
    s->set = true;
}

static int on_key(void *user, const char *section, const char *name,
                       const char *value)
{
    ini_ctx *c = user;
    (void)section; /* our reader tracks the section, with its position */
    if (c->nomem)
        return 1;
    if (c->long_value)
        value = c->long_value;
    char q[200];
    if (c->cont) {
        if (c->sect == SEC_FORCE && (strcmp(c->prev_key, "include") == 0 ||
                                     strcmp(c->prev_key, "exclude") == 0)) {
            add_force(c, c->prev_key[0] == 'i' ? 1 : -1, value);
            return 1;
        }
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  "\"%s\" is indented, so it would continue the value of \"%s\" "
                  "from line %d; only [force] lists may continue on the next "
                  "line: remove the indentation",
                  jm_quote(q, sizeof q, value, strlen(value)), c->prev_key, c->prev_line);
        return 1;
    }
    snprintf(c->prev_key, sizeof c->prev_key, "%s", name);
    c->prev_line = c->line;
    switch (c->sect) {
    case SEC_SCENARIO:
        set_scenario_key(c, name, value);
        break;
    case SEC_WEIGHTS:
        if (first_time(c, SEC_WEIGHTS, name))
            add_kv(c, &c->ly->weights, &c->ly->n_weights, name, value);
        break;
    case SEC_MINIMUM:
        if (first_time(c, SEC_MINIMUM, name))
            add_kv(c, &c->ly->minimums, &c->ly->n_minimums, name, value);
        break;
    case SEC_COLUMNS:
        add_column(c, name, value);
        break;
    case SEC_FORCE:
        if (strcmp(name, "include") == 0 || strcmp(name, "exclude") == 0)
            add_force(c, name[0] == 'i' ? 1 : -1, value);
        else
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                      "unknown key \"%s\" in [force]; expected include or exclude",
                      jm_quote(q, sizeof q, name, strlen(name)));
        break;
    default:
        break;
    }
    return 1;
}

static void layer_free(layer *ly)
{
    for (int i = 0; i < K_N; i++)
        free(ly->s[i].value);
    for (int i = 0; i < ly->n_weights; i++) {
        free(ly->weights[i].key);
        free(ly->weights[i].text);
    }
    free(ly->weights);
    for (int i = 0; i < ly->n_minimums; i++) {
        free(ly->minimums[i].key);
        free(ly->minimums[i].text);
    }
    free(ly->minimums);
    for (int i = 0; i < ly->n_force; i++)
        free(ly->force[i].id);
    free(ly->force);
    for (int i = 0; i < ly->n_columns; i++) {
        free(ly->columns[i].key);
        free(ly->columns[i].header);
    }
    free(ly->columns);
    for (int s = 0; s < SEC_N; s++) {
        for (size_t i = 0; i < ly->seen[s].cap; i++)
            free((char *)ly->seen[s].keys[i]);
        jm_strmap_free(&ly->seen[s]);
    }
}

static juten_status parse_layer(jm_rep *r, layer *ly, const char *text, size_t len)
{
    ini_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.ly = ly;
    c.text = text;
    c.len = len;
    c.sect = SEC_NONE;
    ini_parse_stream(line_reader, &c, on_key, &c);
    free(c.long_value);
    return c.nomem ? JUTEN_ERR_NOMEM : JUTEN_OK;
}

/* ---- merging the chain ---------------------------------------------------- */

static void move_str(char **dst, char **src)
{
    free(*dst);
    *dst = *src;
    *src = NULL;
}

static bool merge_kv(jm_kv **arr, int *n, jm_strmap *idx, jm_kv *from, int nfrom)
{
    for (int i = 0; i < nfrom; i++) {
        int at = jm_strmap_get(idx, from[i].key, strlen(from[i].key));
        if (at >= 0) {
            free((*arr)[at].text);
            (*arr)[at].text = from[i].text;
            (*arr)[at].value = from[i].value;
            (*arr)[at].kpos = from[i].kpos;
            (*arr)[at].vpos = from[i].vpos;
            free(from[i].key);
        } else {
            jm_kv *na = realloc(*arr, (size_t)(*n + 1) * sizeof *na);
            if (!na)
                return false;
            *arr = na;
            na[*n] = from[i];
            if (jm_strmap_put(idx, na[*n].key, *n) == -2)
                return false;
            (*n)++;
        }
        from[i].key = from[i].text = NULL;
    }
    return true;
}

/* [columns] of a file over its base's: key by key, like [weights]. */
static bool merge_columns(jm_scenario *sc, jm_strmap *idx, layer *ly)
{
    for (int i = 0; i < ly->n_columns; i++) {
        jm_colmap *from = &ly->columns[i];
        int at = jm_strmap_get(idx, from->key, strlen(from->key));
        if (at >= 0) {
            jm_colmap *to = &sc->columns[at];
            free(to->header);
            free(from->key);
            to->header = from->header;
            to->kpos = from->kpos;
            to->vpos = from->vpos;
        } else {
            jm_colmap *na = realloc(sc->columns, (size_t)(sc->n_columns + 1) * sizeof *na);
            if (!na)
                return false;
            sc->columns = na;
            na[sc->n_columns] = *from;
            if (jm_strmap_put(idx, na[sc->n_columns].key, sc->n_columns) == -2) {
                from->key = from->header = NULL;
                sc->n_columns++;
                return false;
            }
            sc->n_columns++;
        }
        from->key = from->header = NULL;
    }
    return true;
}

static bool apply_layer(jm_scenario *sc, layer *ly, jm_strmap *widx, jm_strmap *midx,
                        jm_strmap *cidx)
{
    setting *s = ly->s;
    if (s[K_NAME].set)
        move_str(&sc->name, &s[K_NAME].value);
    if (s[K_CURRENCY].set)
        move_str(&sc->currency, &s[K_CURRENCY].value);
    if (s[K_MEASURES].set) {
        move_str(&sc->measures, &s[K_MEASURES].value);
        sc->measures_pos = s[K_MEASURES].pos;
    }
    if (s[K_AREAS].set) {
        move_str(&sc->areas, &s[K_AREAS].value);
        sc->areas_pos = s[K_AREAS].pos;
    }
    if (s[K_MINISTRIES].set) {
        move_str(&sc->ministries, &s[K_MINISTRIES].value);
        sc->ministries_pos = s[K_MINISTRIES].pos;
    }
    if (s[K_HEADROOM].set && s[K_HEADROOM].num_ok) {
        sc->headroom.value = s[K_HEADROOM].num;
        move_str(&sc->headroom.text, &s[K_HEADROOM].value);
        sc->headroom.vpos = s[K_HEADROOM].pos;
        sc->has_headroom = true;
    }
    if (s[K_SAVINGS_RATE].set && s[K_SAVINGS_RATE].num_ok) {
        sc->savings_rate.value = s[K_SAVINGS_RATE].num;
        move_str(&sc->savings_rate.text, &s[K_SAVINGS_RATE].value);
        sc->savings_rate.vpos = s[K_SAVINGS_RATE].pos;
        sc->has_savings_rate = true;
    }
    if (!merge_kv(&sc->weights, &sc->n_weights, widx, ly->weights, ly->n_weights) ||
        !merge_kv(&sc->minimums, &sc->n_minimums, midx, ly->minimums, ly->n_minimums) ||
        !merge_columns(sc, cidx, ly))
        return false;
    if (ly->n_force) {
        jm_force_item *nf = realloc(sc->force, (size_t)(sc->n_force + ly->n_force) * sizeof *nf);
        if (!nf)
            return false;
        sc->force = nf;
        memcpy(sc->force + sc->n_force, ly->force, (size_t)ly->n_force * sizeof *nf);
        sc->n_force += ly->n_force;
        ly->n_force = 0; /* the ids moved */
    }
    return true;
}

static bool add_file_name(jm_scenario *sc, const char *path)
{
    char **nf = realloc(sc->files, (size_t)(sc->n_files + 1) * sizeof *nf);
    if (!nf)
        return false;
    sc->files = nf;
    if (!(sc->files[sc->n_files] = strdup(path)))
        return false;
    sc->n_files++;
    return true;
}

juten_status jm_scenario_load(jm_rep *r, juten_model *m, const char *path,
                              const char *text, size_t len, jm_scenario *sc)
{
    juten_status st = JUTEN_OK;
    layer *layers = NULL;
    int n_layers = 0;
    struct stat *ids = NULL; /* device and inode of each file in the chain */
    char *owned_text = NULL;
    const char *cur_text = text;
    size_t cur_len = len;

    if (!add_file_name(sc, path))
        return JUTEN_ERR_NOMEM;
    for (;;) {
        const char *file = sc->files[sc->n_files - 1];
        layer *nl = realloc(layers, (size_t)(n_layers + 1) * sizeof *nl);
        struct stat *ni = realloc(ids, (size_t)(n_layers + 1) * sizeof *ni);
        if (nl)
            layers = nl;
        if (ni)
            ids = ni;
        if (!nl || !ni) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        layer *ly = &layers[n_layers++];
        memset(ly, 0, sizeof *ly);
        ly->file = file;
        if (stat(file, &ids[n_layers - 1]) != 0)
            memset(&ids[n_layers - 1], 0, sizeof ids[0]);
        st = parse_layer(r, ly, cur_text, cur_len);
        free(owned_text);
        owned_text = NULL;
        if (st != JUTEN_OK || !ly->s[K_BASE].set)
            break;

        /* follow `base =` */
        const char *base = ly->s[K_BASE].value;
        jm_pos bpos = ly->s[K_BASE].pos;
        struct stat bs;
        if (stat(base, &bs) == 0) {
            int hit = -1;
            for (int i = 0; i < n_layers; i++)
                if (ids[i].st_ino == bs.st_ino && ids[i].st_dev == bs.st_dev)
                    hit = i;
            if (hit >= 0) {
                char chain[1024];
                size_t o = 0;
                for (int i = hit; i < n_layers && o + 8 < sizeof chain; i++)
                    o += (size_t)snprintf(chain + o, sizeof chain - o, "%s -> ", layers[i].file);
                if (o < sizeof chain)
                    snprintf(chain + o, sizeof chain - o, "%s", base);
                jm_report(r, JUTEN_ERROR, bpos.file, bpos.line, bpos.col,
                          "base scenarios form a cycle: %s; a scenario cannot "
                          "be its own base", chain);
                break;
            }
        }
        if (!add_file_name(sc, base)) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        char *bt;
        size_t bl;
        st = jm_input_read(r, m, "scenario", sc->files[sc->n_files - 1], bpos, &bt, &bl);
        if (st != JUTEN_OK)
            break;
        owned_text = bt;
        cur_text = bt;
        cur_len = bl;
    }
    free(owned_text);
    free(ids);

    if (st != JUTEN_ERR_NOMEM) {
        jm_strmap widx = {0}, midx = {0}, cidx = {0};
        for (int i = n_layers - 1; i >= 0; i--)
            if (!apply_layer(sc, &layers[i], &widx, &midx, &cidx)) {
                st = JUTEN_ERR_NOMEM;
                break;
            }
        jm_strmap_free(&widx);
        jm_strmap_free(&midx);
        jm_strmap_free(&cidx);
    }
    if (st == JUTEN_OK || st == JUTEN_ERR_INPUT) {
        int line = n_layers > 0 && layers[0].section_line ? layers[0].section_line : 1;
        if (!sc->measures)
            jm_report(r, JUTEN_ERROR, path, line, 1,
                      "the scenario names no measures file; expected "
                      "\"measures = measures.csv\" under [scenario]");
        if (!sc->areas)
            jm_report(r, JUTEN_ERROR, path, line, 1,
                      "the scenario names no areas file; expected "
                      "\"areas = areas.csv\" under [scenario]");
    }
    for (int i = 0; i < n_layers; i++)
        layer_free(&layers[i]);
    free(layers);
    return st;
}

void jm_scenario_free(jm_scenario *sc)
{
    for (int i = 0; i < sc->n_files; i++)
        free(sc->files[i]);
    free(sc->files);
    free(sc->name);
    free(sc->currency);
    free(sc->measures);
    free(sc->areas);
    free(sc->ministries);
    free(sc->headroom.text);
    free(sc->savings_rate.text);
    for (int i = 0; i < sc->n_weights; i++) {
        free(sc->weights[i].key);
        free(sc->weights[i].text);
    }
    free(sc->weights);
    for (int i = 0; i < sc->n_minimums; i++) {
        free(sc->minimums[i].key);
        free(sc->minimums[i].text);
    }
    free(sc->minimums);
    for (int i = 0; i < sc->n_force; i++)
        free(sc->force[i].id);
    free(sc->force);
    for (int i = 0; i < sc->n_columns; i++) {
        free(sc->columns[i].key);
        free(sc->columns[i].header);
    }
    free(sc->columns);
    memset(sc, 0, sizeof *sc);
}
