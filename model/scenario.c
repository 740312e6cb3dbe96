/*
 * scenario.c -- one scenario file (INI) read into its settings (a jm_layer:
 * the [scenario] keys, [weights], [minimum_by_tag], [force], [columns]);
 * the only file including <ini.h>.  Following `base =` and merging the
 * files is scenario_chain.c's.
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
 * Paths are resolved against the file that names them, when it is read.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <errno.h>
#include <math.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SEC_NONE = -1, SEC_BAD = -2, SEC_SCENARIO = 0, SEC_WEIGHTS, SEC_MINIMUM, SEC_FORCE,
       SEC_COLUMNS, SEC_UNCERTAINTY, SEC_N };
static const char *const sections[SEC_N] = {"scenario", "weights", "minimum_by_tag", "force",
                                            "columns", "uncertainty"};

static const char *const keys[JM_SK_N] = {"name", "measures", "areas", "ministries",
                                         "currency", "headroom", "savings_rate", "base"};

typedef struct ini_ctx {
    jm_rep *r;
    jm_layer *ly;
    jm_strmap seen[SEC_N]; /* keys set in this file, -> line */
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
                      _("section header \"%s\" has no closing \"]\"; expected "
                      "e.g. [scenario]"), jm_quote(q, sizeof q, t, (size_t)(e - t)));
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
                snprintf(hint, sizeof hint, _(" (did you mean [%s]?)"), jm_suggest_best(&sg));
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, col_at(c, t + 1),
                      _("unknown section \"[%s]\"%s; expected [scenario], [weights], "
                      "[minimum_by_tag], [force], [columns] or [uncertainty]"),
                      jm_quote(q, sizeof q, t + 1, (size_t)(close - t - 1)), hint);
        } else if (c->sect == SEC_SCENARIO && !c->ly->section_line)
            c->ly->section_line = c->line;
        else if (c->sect == SEC_UNCERTAINTY)
            c->ly->has_uncertainty = true;
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
                  _("\"%s\" is not a key = value line; expected e.g. "
                  "\"headroom = 0\" (a line starting with ; or # is a comment)"),
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
                  _("\"%s\" has no key before \"%c\"; expected e.g. \"headroom = 0\""),
                  jm_quote(q, sizeof q, t, (size_t)(e - t)), *sep);
        return feed(str, num, "", t, t);
    }
    if (c->sect == SEC_BAD)
        return feed(str, num, "", t, t); /* the section was reported */
    if (c->sect == SEC_NONE) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  _("key \"%s\" is outside any section; put it under [scenario] "
                  "(or [weights], [minimum_by_tag], [force], [columns], [uncertainty])"),
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
                  _("key \"%s\" is too long; expected a key such as \"headroom\" "
                  "or an area or tag id"), jm_quote(q, sizeof q, t, (size_t)(kend - t)));
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
    for (int i = 0; i < JM_SK_N; i++)
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
    jm_strmap *h = &c->seen[sect];
    size_t nl = strlen(name);
    int prev = jm_strmap_get(h, name, nl);
    if (prev >= 0) {
        char q[200];
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  _("key \"%s\" in [%s] is set twice in this file (first on line "
                  "%d); expected each key once"), jm_quote(q, sizeof q, name, nl),
                  sections[sect], prev);
        return false;
    }
    char *k = strdup(name); /* borrowed by the map; freed with the jm_layer */
    if (!k || jm_strmap_put(h, k, c->line) == -2) {
        free(k);
        c->nomem = true;
        return false;
    }
    return true;
}

static void add_force(ini_ctx *c, int sign, const char *value)
{
    jm_layer *ly = c->ly;
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
                      _("[columns] \"%s\": \"%s\" is not a table; expected a field "
                      "such as cost, or measures., areas. or ministries. before it"),
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
            snprintf(hint, sizeof hint, _(" (did you mean \"%s\"?)"), jm_suggest_best(&sg));
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  _("[columns] \"%s\" is not a field juten reads%s; expected a column "
                  "name such as id, name, area, cost, risk_reduction, saving, ministry, "
                  "mandatory, requires, weight or ceiling (README \"Input files\" lists "
                  "them all)"), jm_quote(q, sizeof q, name, strlen(name)), hint);
        return;
    }
    if (!*value) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  _("[columns] %s: the header is empty; expected the header text of "
                  "the column, e.g. %s = 要求額（億円）"), name, fname);
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

/* A key = value kept as text (a number or a word): [uncertainty], whose
 * keys are checked when the chain is merged (model/uncertainty.c). */
static void add_kv(ini_ctx *c, jm_kv **arr, int *n, const char *name, const char *value,
                   bool text_only)
{
    double v = NAN;
    const char *why = text_only ? NULL : jm_number_parse(value, strlen(value), &v);
    if (why) {
        char q[200], k[200];
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  _("[%s] %s: \"%s\" %s"), sections[c->sect],
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
        for (int i = 0; i < JM_SK_N; i++)
            jm_suggest_try(&sg, keys[i]);
        char hint[64] = "";
        if (jm_suggest_best(&sg))
            snprintf(hint, sizeof hint, _(" (did you mean \"%s\"?)"), jm_suggest_best(&sg));
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                  _("unknown key \"%s\" in [scenario]%s; expected name, measures, "
                  "areas, ministries, currency, headroom, savings_rate or base"),
                  jm_quote(q, sizeof q, name, strlen(name)), hint);
        return;
    }
    if (!first_time(c, SEC_SCENARIO, name))
        return;
    jm_setting *s = &c->ly->s[k];
    s->pos = pos_at(c, c->vcol);
    if (k == JM_SK_HEADROOM || k == JM_SK_SAVINGS_RATE) {
        /* savings_rate is a fraction: "80%" reads as 0.8 */
        const char *why = k == JM_SK_SAVINGS_RATE
                              ? jm_number_parse_share(value, strlen(value), &s->num)
                              : jm_number_parse(value, strlen(value), &s->num);
        if (why) {
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                      _("[scenario] %s: \"%s\" %s"), name,
                      jm_quote(q, sizeof q, value, strlen(value)), why);
            return;
        }
        s->num_ok = true;
    }
    bool path = k == JM_SK_MEASURES || k == JM_SK_AREAS || k == JM_SK_MINISTRIES || k == JM_SK_BASE;
    if (path && !*value) {
        jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->vcol,
                  _("[scenario] %s: \"\" is empty; expected a file name such as "
                  "%s (relative to this file)"), name,
                  k == JM_SK_BASE ? "../fy2017/scenario.ini" : k == JM_SK_MEASURES
                  ? "measures.csv" : k == JM_SK_AREAS ? "areas.csv" : "ministries.csv");
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
                  _("\"%s\" is indented, so it would continue the value of \"%s\" "
                  "from line %d; only [force] lists may continue on the next "
                  "line: remove the indentation"),
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
            add_kv(c, &c->ly->weights, &c->ly->n_weights, name, value, false);
        break;
    case SEC_MINIMUM:
        if (first_time(c, SEC_MINIMUM, name))
            add_kv(c, &c->ly->minimums, &c->ly->n_minimums, name, value, false);
        break;
    case SEC_UNCERTAINTY:
        if (first_time(c, SEC_UNCERTAINTY, name))
            add_kv(c, &c->ly->uncertainty, &c->ly->n_uncertainty, name, value, true);
        break;
    case SEC_COLUMNS:
        add_column(c, name, value);
        break;
    case SEC_FORCE:
        if (strcmp(name, "include") == 0 || strcmp(name, "exclude") == 0)
            add_force(c, name[0] == 'i' ? 1 : -1, value);
        else
            jm_report(c->r, JUTEN_ERROR, c->ly->file, c->line, c->kcol,
                      _("unknown key \"%s\" in [force]; expected include or exclude"),
                      jm_quote(q, sizeof q, name, strlen(name)));
        break;
    default:
        break;
    }
    return 1;
}

void jm_kvs_free(jm_kv *kv, int n)
{
    for (int i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].text);
    }
    free(kv);
}

void jm_forces_free(jm_force_item *f, int n)
{
    for (int i = 0; i < n; i++)
        free(f[i].id);
    free(f);
}

void jm_colmaps_free(jm_colmap *cm, int n)
{
    for (int i = 0; i < n; i++) {
        free(cm[i].key);
        free(cm[i].header);
    }
    free(cm);
}

void jm_layer_free(jm_layer *ly)
{
    for (int i = 0; i < JM_SK_N; i++)
        free(ly->s[i].value);
    jm_kvs_free(ly->weights, ly->n_weights);
    jm_kvs_free(ly->minimums, ly->n_minimums);
    jm_kvs_free(ly->uncertainty, ly->n_uncertainty);
    jm_forces_free(ly->force, ly->n_force);
    jm_colmaps_free(ly->columns, ly->n_columns);
}

juten_status jm_layer_parse(jm_rep *r, jm_layer *ly, const char *text, size_t len)
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
    for (int s = 0; s < SEC_N; s++) {
        for (size_t i = 0; i < c.seen[s].cap; i++)
            free((char *)c.seen[s].keys[i]);
        jm_strmap_free(&c.seen[s]);
    }
    return c.nomem ? JUTEN_ERR_NOMEM : JUTEN_OK;
}
