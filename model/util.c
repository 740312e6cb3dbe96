/*
 * util.c -- small text helpers for the loader's messages and a string hash.
 *
 * Messages quote what the planner wrote, so quoting must be safe for any
 * bytes (a value may hold a newline or be 10 000 characters long) and
 * columns must count characters, not bytes, because Japanese text is three
 * bytes a character in UTF-8 and editors show characters.
 *
 * Names a planner typed (a column header, a tag, an area or measure id in
 * the scenario) that match nothing get one shared did-you-mean helper:
 * case, separators (_ - space), a plural s, an _id suffix and an edit or
 * two (optimal string alignment distance, by characters) are "close".
 *
 * The hash is a plain open-addressing table with FNV-1a: every id lookup in
 * the loader goes through it, so 100 000 measures load in linear time.
 */
#include "load_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jm_report(jm_rep *r, juten_severity sev, const char *file, int line,
               int col, const char *fmt, ...)
{
    if (sev == JUTEN_ERROR)
        r->errors++;
    va_list ap;
    va_start(ap, fmt);
    if (!juten_diags_addv(r->d, sev, file, line, col, fmt, ap))
        r->nomem = true;
    va_end(ap);
}

/* The character at s[*i] (bounded by len).  The text was validated by the
 * decoder, so only a value cut short holds a byte that is none: it stands
 * as U+FFFD, which no test below mistakes for a blank or a letter. */
static long cp_at(const char *s, size_t len, size_t *i)
{
    long cp = juten_utf8_next(s, len, i);
    return cp < 0 ? 0xFFFD : cp;
}

/* Characters that look like nothing or like an ordinary space: a message
 * quoting a value shows them as <U+00A0>, or the planner would stare at
 * "12" that is "not a number". */
static bool invisible(long cp)
{
    return cp == 0xA0 || cp == 0xAD || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) ||
           cp == 0xFEFF;
}

char *jm_quote(char *buf, size_t bufsz, const char *s, size_t len)
{
    /* Keep at most ~60 characters: enough to recognise the value, short
     * enough that the message stays on one terminal line. */
    const int max_chars = 60;
    size_t o = 0;
    int chars = 0;
    if (bufsz == 0)
        return buf;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        long cp = cp_at(s, len, &i);
        if (chars == max_chars || o + 12 >= bufsz) {
            if (o + 4 <= bufsz) {
                memcpy(buf + o, "...", 3);
                o += 3;
            }
            break;
        }
        chars++;
        if (invisible(cp)) {
            o += (size_t)snprintf(buf + o, bufsz - o, "<U+%04lX>", cp);
        } else if (cp < 0x20 || cp == 0x7F) {
            buf[o++] = ' ';
        } else {
            memcpy(buf + o, s + start, i - start);
            o += i - start;
        }
    }
    buf[o < bufsz ? o : bufsz - 1] = 0;
    return buf;
}

/* ---- blanks ------------------------------------------------------------ */

/* Bytes of a blank at s[0..n): space, tab, NO-BREAK SPACE (which Excel
 * leaves behind from pasted web text), IDEOGRAPHIC SPACE (a Japanese
 * keyboard's space) or a stray byte-order mark; 0 if none. */
static size_t blank_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return 3;
    return 0;
}

/* The blank ending at s[n), in bytes, or 0. */
static size_t blank_before(const char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (blank_at(s + n - k, k) == k)
            return k;
    return 0;
}

void jm_trim(const char **s, size_t *n)
{
    size_t k;
    while ((k = blank_at(*s, *n)) > 0) {
        *s += k;
        *n -= k;
    }
    while ((k = blank_before(*s, *n)) > 0)
        *n -= k;
}

/* ---- names: folding and did-you-mean ------------------------------------ */

size_t jm_fold(const char *s, size_t n, char *out, size_t outsz)
{
    jm_trim(&s, &n);
    size_t o = 0;
    for (size_t i = 0; i < n && outsz > 0;) {
        size_t start = i;
        long cp = cp_at(s, n, &i);
        char c = 0;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            c = (char)(cp - 0xFEE0); /* full-width ASCII, as NFKC folds it */
        else if (cp == 0x3000 || cp == 0xA0)
            c = ' ';
        else if (cp < 0x80)
            c = (char)cp;
        if (c) {
            if (o + 1 >= outsz)
                break;
            out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        } else {
            if (o + (i - start) >= outsz)
                break;
            memcpy(out + o, s + start, i - start);
            o += i - start;
        }
    }
    if (outsz > 0)
        out[o < outsz ? o : outsz - 1] = 0;
    return o;
}

enum { SUG_MAX = 64 }; /* code points compared; longer names are not close */

/* Fold for comparison: jm_fold, then drop separators ' ', '_', '-', '.'.
 * Returns the number of code points in cp, or -1 when too long. */
static int sug_form(const char *s, size_t n, long *cp)
{
    char f[4 * SUG_MAX + 8];
    size_t fl = jm_fold(s, n, f, sizeof f);
    int k = 0;
    for (size_t i = 0; i < fl;) {
        long c = cp_at(f, fl, &i);
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == 0x30FB /* ・ */)
            continue;
        if (k == SUG_MAX)
            return -1;
        cp[k++] = c;
    }
    return k;
}

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions, so "requries" is one step from "requires"). */
static int osa(const long *a, int na, const long *b, int nb)
{
    int d[SUG_MAX + 1][SUG_MAX + 1];
    for (int i = 0; i <= na; i++)
        d[i][0] = i;
    for (int j = 0; j <= nb; j++)
        d[0][j] = j;
    for (int i = 1; i <= na; i++)
        for (int j = 1; j <= nb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[na][nb];
}

void jm_suggest_init(jm_suggest *sg, const char *key, size_t len)
{
    memset(sg, 0, sizeof *sg);
    sg->best_d = INT_MAX;
    sg->n = sug_form(key, len, sg->key);
    /* "ministry_id", "area id": the name without its id suffix is also
     * tried (only after a separator, so that "grid" is not "gr") */
    char f[4 * SUG_MAX + 8];
    size_t fl = jm_fold(key, len, f, sizeof f);
    sg->n_stem = -1;
    if (fl > 3 && strcmp(f + fl - 2, "id") == 0 && strchr(" _-.", f[fl - 3]))
        sg->n_stem = sug_form(f, fl - 3, sg->stem);
}

/* How many edits still count as "close" to a candidate of n code points:
 * none for short names (M01 and M02 are different measures), one for
 * four or five letters, two beyond; a CJK name of four or more characters
 * may be one character off. */
static int allowed(const long *c, int n)
{
    bool ascii = true;
    for (int i = 0; i < n; i++)
        ascii &= c[i] < 0x80;
    if (!ascii)
        return n >= 4 ? 1 : 0;
    return n <= 3 ? 0 : n <= 5 ? 1 : 2;
}

/* Distance of key to cand, counting a plural "s" on either side as free. */
static int dist(const long *k, int nk, const long *c, int nc)
{
    int d = osa(k, nk, c, nc);
    if (nk > 1 && k[nk - 1] == 's') {
        int e = osa(k, nk - 1, c, nc);
        if (e < d)
            d = e;
    }
    if (nc > 1 && c[nc - 1] == 's') {
        int e = osa(k, nk, c, nc - 1);
        if (e < d)
            d = e;
    }
    return d;
}

void jm_suggest_try(jm_suggest *sg, const char *cand)
{
    long c[SUG_MAX];
    int nc = sug_form(cand, strlen(cand), c);
    if (nc <= 0 || sg->n < 0)
        return;
    int lim = allowed(c, nc);
    /* a length difference beyond the limit cannot be close: skip the
     * table (this runs for every id of a large round) */
    int dl = sg->n - nc;
    if (dl < 0)
        dl = -dl;
    int d = INT_MAX;
    if (dl <= lim + 1)
        d = dist(sg->key, sg->n, c, nc);
    if (sg->n_stem > 0) {
        int e = dist(sg->stem, sg->n_stem, c, nc);
        if (e < d)
            d = e;
    }
    if (sg->n_stem >= 0 && nc == 2 && c[0] == 'i' && c[1] == 'd') {
        /* "measure_id" names the id column; one step, so that the stem
         * ("area_id": area) wins when it matches too */
        if (d > 1)
            d = 1;
        if (lim < 1)
            lim = 1;
    }
    if (d <= lim && d < sg->best_d) {
        sg->best_d = d;
        sg->best = cand;
    }
}

const char *jm_suggest_best(const jm_suggest *sg)
{
    return sg->best;
}

/* ---- string hash ------------------------------------------------------- */

static size_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 29));
}

bool jm_strmap_init(jm_strmap *h, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 2)
        cap *= 2;
    h->keys = calloc(cap, sizeof *h->keys);
    h->vals = malloc(cap * sizeof *h->vals);
    h->n = 0;
    if (!h->keys || !h->vals) {
        free(h->keys);
        free(h->vals);
        h->keys = NULL;
        h->vals = NULL;
        h->cap = 0;
        return false;
    }
    h->cap = cap;
    return true;
}

void jm_strmap_free(jm_strmap *h)
{
    if (!h)
        return;
    free(h->keys);
    free(h->vals);
    h->keys = NULL;
    h->vals = NULL;
    h->cap = h->n = 0;
}

static bool key_eq(const char *k, const char *key, size_t len)
{
    return strncmp(k, key, len) == 0 && k[len] == 0;
}

int jm_strmap_get(const jm_strmap *h, const char *key, size_t len)
{
    if (!h->cap)
        return -1;
    size_t mask = h->cap - 1;
    for (size_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        if (!h->keys[i])
            return -1;
        if (key_eq(h->keys[i], key, len))
            return h->vals[i];
    }
}

static bool grow(jm_strmap *h)
{
    jm_strmap nh;
    if (!jm_strmap_init(&nh, h->cap)) /* doubles the capacity */
        return false;
    size_t mask = nh.cap - 1;
    for (size_t j = 0; j < h->cap; j++) {
        if (!h->keys[j])
            continue;
        size_t i = hash_bytes(h->keys[j], strlen(h->keys[j])) & mask;
        while (nh.keys[i])
            i = (i + 1) & mask;
        nh.keys[i] = h->keys[j];
        nh.vals[i] = h->vals[j];
    }
    nh.n = h->n;
    jm_strmap_free(h);
    *h = nh;
    return true;
}

int jm_strmap_put(jm_strmap *h, const char *key, int val)
{
    if ((h->n + 1) * 2 > h->cap && !grow(h))
        return -2;
    size_t len = strlen(key);
    size_t mask = h->cap - 1;
    size_t i = hash_bytes(key, len) & mask;
    for (; h->keys[i]; i = (i + 1) & mask)
        if (key_eq(h->keys[i], key, len))
            return h->vals[i];
    h->keys[i] = key;
    h->vals[i] = val;
    h->n++;
    return -1;
}
