/*
 * util.c -- small text helpers for the loader's messages and a string hash.
 *
 * Messages quote what the planner wrote, so quoting must be safe for any
 * bytes (a value may hold a newline or be 10 000 characters long) and
 * columns must count characters, not bytes, because Japanese text is three
 * bytes a character in UTF-8 and editors show characters.
 *
 * The hash is a plain open-addressing table with FNV-1a: every id lookup in
 * the loader goes through it, so 100 000 measures load in linear time.
 */
#include "load_int.h"

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

int jm_utf8_chars(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
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
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool lead = (c & 0xC0) != 0x80;
        if (lead) {
            if (chars == max_chars || o + 8 >= bufsz) {
                if (o + 4 <= bufsz) {
                    memcpy(buf + o, "...", 3);
                    o += 3;
                }
                break;
            }
            chars++;
        }
        buf[o++] = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
    }
    buf[o < bufsz ? o : bufsz - 1] = 0;
    return buf;
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
