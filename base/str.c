/*
 * str.c -- the growing string of juten_str.h.  The capacity doubles past
 * what is needed, so a list of n ids costs O(n) copying, not O(n^2).
 */
#include "juten_str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void str_fail(juten_str *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = true;
}

bool juten_str_printf(juten_str *b, const char *fmt, ...)
{
    if (b->failed)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        str_fail(b);
        return false;
    }
    size_t need = b->len + (size_t)n + 1;
    if (need > b->cap) {
        size_t cap = 2 * need < 64 ? 64 : 2 * need;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            str_fail(b);
            return false;
        }
        b->s = ns;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *juten_str_take(juten_str *b)
{
    char *s = b->failed ? NULL : b->s ? b->s : calloc(1, 1);
    *b = (juten_str)JUTEN_STR_INIT;
    return s;
}
