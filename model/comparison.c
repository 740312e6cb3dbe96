/*
 * comparison.c -- a comparison set file (INI, one [compare] section) read
 * into the list of scenario files it names.
 *
 * The file is tiny and its only list is comma-separated paths, so it is
 * read line by line here with the loader's conventions (the same text
 * decoding, ';' and '#' comments, an inline comment after a blank, errors
 * at file:line:column, did-you-mean for keys) rather than through
 * scenario.c's libinih handler, whose sections and keys are a scenario's.
 * A file with no [compare] section is not an error: it may be a scenario,
 * and the caller says so in its own words.
 */
#include "juten_comparison.h"
#include "juten_i18n.h"
#include "juten_model.h"
#include "load_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

static int col_of(const char *ls, const char *p)
{
    return (int)juten_utf8_count(ls, (size_t)(p - ls)) + 1;
}

/* The directory part of path with its slash ("" when none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = 0;
    }
    return d;
}

static char *join(const char *dir, const char *s, size_t n)
{
    size_t dl = s[0] == '/' ? 0 : strlen(dir);
    char *p = malloc(dl + n + 1);
    if (p) {
        memcpy(p, dir, dl);
        memcpy(p + dl, s, n);
        p[dl + n] = 0;
    }
    return p;
}

void juten_comparison_set_free(juten_comparison_set *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++)
        free(s->paths[i]);
    free(s->paths);
    free(s->name);
    free(s);
}

/* scenarios = a, b, c: each entry resolved and appended. */
static bool add_list(jm_rep *r, juten_comparison_set *s, const char *file, int line,
                     const char *ls, const char *v, const char *e, const char *dir,
                     int *list_col)
{
    *list_col = col_of(ls, v);
    const char *p = v;
    for (;;) {
        const char *c = memchr(p, ',', (size_t)(e - p));
        const char *q = c ? c : e, *a = p, *b = q;
        while (a < b && blank(*a))
            a++;
        while (b > a && blank(b[-1]))
            b--;
        if (a == b) {
            jm_report(r, JUTEN_ERROR, file, line, col_of(ls, a),
                      _("empty entry in the list of scenarios; expected scenario files "
                      "separated by commas, e.g. scenarios = scenario.ini, austerity.ini"));
        } else {
            char **np = realloc(s->paths, ((size_t)s->n + 1) * sizeof *np);
            char *path = np ? join(dir, a, (size_t)(b - a)) : NULL;
            if (np)
                s->paths = np;
            if (!path)
                return false;
            s->paths[s->n++] = path;
        }
        if (!c)
            return true;
        p = c + 1;
    }
}

juten_status juten_comparison_load(const char *path, juten_comparison_set **out,
                                   juten_diags *d)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    juten_status st = juten_model_read_text(path, &text, &len, d);
    if (st != JUTEN_OK)
        return st;
    juten_comparison_set *s = calloc(1, sizeof *s);
    char *dir = dir_of(path);
    if (!s || !dir) {
        free(text);
        free(dir);
        free(s);
        return JUTEN_ERR_NOMEM;
    }
    jm_rep r = {d, 0, false};
    bool nomem = false, in_compare = false, have_list = false, have_name = false;
    int list_line = 0, list_col = 0, name_line = 0;
    int other_line = 0, other_col = 0; /* the first other section */
    char other[64] = "";
    int line = 0;
    const char *p = text, *end = text + len;
    while (p < end && !nomem) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *ls = p, *e = nl ? nl : end;
        p = nl ? nl + 1 : end;
        line++;
        /* the text before an inline comment (';' after a blank) */
        const char *t = ls;
        while (t < e && blank(*t))
            t++;
        if (t == e || *t == ';' || *t == '#')
            continue;
        for (const char *q = t + 1; q < e; q++)
            if (*q == ';' && blank(q[-1])) {
                e = q;
                break;
            }
        while (e > t && blank(e[-1]))
            e--;
        char q[200];
        if (*t == '[') {
            const char *close = memchr(t, ']', (size_t)(e - t));
            if (!close) {
                jm_report(&r, JUTEN_ERROR, path, line, col_of(ls, t),
                          _("section header \"%s\" has no closing ']'"),
                          jm_quote(q, sizeof q, t, (size_t)(e - t)));
                continue;
            }
            size_t n = (size_t)(close - t - 1);
            in_compare = n == 7 && memcmp(t + 1, "compare", 7) == 0;
            if (in_compare)
                s->is_set = true;
            else if (!other_line) {
                other_line = line;
                other_col = col_of(ls, t);
                jm_quote(other, sizeof other, t + 1, n);
            }
            continue;
        }
        const char *eq = memchr(t, '=', (size_t)(e - t));
        if (!eq) {
            jm_report(&r, JUTEN_ERROR, path, line, col_of(ls, t),
                      _("\"%s\" is not a key = value line; expected for example "
                      "scenarios = scenario.ini, austerity.ini"),
                      jm_quote(q, sizeof q, t, (size_t)(e - t)));
            continue;
        }
        if (!in_compare)
            continue; /* another section's keys: reported once, below */
        const char *ke = eq, *v = eq + 1;
        while (ke > t && blank(ke[-1]))
            ke--;
        while (v < e && blank(*v))
            v++;
        size_t kn = (size_t)(ke - t);
        if (kn == 9 && memcmp(t, "scenarios", 9) == 0) {
            if (have_list) {
                jm_report(&r, JUTEN_ERROR, path, line, col_of(ls, t),
                          _("key \"scenarios\" in [compare] is set twice in this file (first "
                          "on line %d); expected each key once"), list_line);
                continue;
            }
            have_list = true;
            list_line = line;
            nomem = !add_list(&r, s, path, line, ls, v, e, dir, &list_col);
        } else if (kn == 4 && memcmp(t, "name", 4) == 0) {
            if (have_name) {
                jm_report(&r, JUTEN_ERROR, path, line, col_of(ls, t),
                          _("key \"name\" in [compare] is set twice in this file (first on "
                          "line %d); expected each key once"), name_line);
                continue;
            }
            have_name = true;
            name_line = line;
            free(s->name);
            s->name = malloc((size_t)(e - v) + 1);
            if (!s->name)
                nomem = true;
            else {
                memcpy(s->name, v, (size_t)(e - v));
                s->name[e - v] = 0;
            }
        } else {
            static const char *const known[] = {"scenarios", "name"};
            jm_suggest sg;
            jm_suggest_init(&sg, t, kn);
            for (size_t k = 0; k < 2; k++)
                jm_suggest_try(&sg, known[k]);
            const char *best = jm_suggest_best(&sg);
            char hint[64] = "";
            if (best)
                snprintf(hint, sizeof hint, _(" (did you mean \"%s\"?)"), best);
            jm_report(&r, JUTEN_ERROR, path, line, col_of(ls, t),
                      _("unknown key \"%s\" in [compare]%s; expected scenarios or name"),
                      jm_quote(q, sizeof q, t, kn), hint);
        }
    }
    if (!nomem && s->is_set) {
        if (other_line)
            jm_report(&r, JUTEN_ERROR, path, other_line, other_col,
                      _("section [%s] in a comparison file; expected only [compare] (the "
                      "scenarios it lists hold their own settings)"), other);
        if (!have_list)
            jm_report(&r, JUTEN_ERROR, path, 0, 0,
                      _("[compare] names no scenarios; expected scenarios = A.ini, B.ini, ..."));
        else if (s->n < 2 || s->n > JUTEN_COMPARE_MAX)
            jm_report(&r, JUTEN_ERROR, path, list_line, list_col,
                      P_("%d scenario listed; a comparison takes 2 to %d (the first is the "
                         "reference)",
                         "%d scenarios listed; a comparison takes 2 to %d (the first is the "
                         "reference)", (unsigned long)s->n), s->n, JUTEN_COMPARE_MAX);
    }
    free(text);
    free(dir);
    if (nomem || r.nomem) {
        juten_comparison_set_free(s);
        return JUTEN_ERR_NOMEM;
    }
    if (r.errors) {
        juten_comparison_set_free(s);
        return JUTEN_ERR_INPUT;
    }
    if (!s->name && !(s->name = strdup(""))) {
        juten_comparison_set_free(s);
        return JUTEN_ERR_NOMEM;
    }
    if (!s->is_set) { /* not a comparison file: nothing listed */
        for (int i = 0; i < s->n; i++)
            free(s->paths[i]);
        s->n = 0;
    }
    *out = s;
    return JUTEN_OK;
}
