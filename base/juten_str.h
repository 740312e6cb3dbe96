/*
 * juten_str.h -- a string that grows as text is appended, for the lists of
 * measure ids the reports, charts and diagnostics build ("M01, M03 and 2
 * more").
 *
 * Part of juten_base: it includes nothing from the rest of juten.
 */
#ifndef JUTEN_STR_H
#define JUTEN_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Starts empty (JUTEN_STR_INIT).  After a failed allocation the text is
 * freed and later appends do nothing, so a caller appends freely and checks
 * once, at juten_str_take. */
typedef struct juten_str {
    char *s;
    size_t len, cap;
    bool failed;
} juten_str;
#define JUTEN_STR_INIT {NULL, 0, 0, false}

/* Append printf-formatted text; false when out of memory (now or before). */
bool juten_str_printf(juten_str *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The text, "" when nothing was appended, for the caller to free; NULL when
 * an allocation failed.  b is empty again afterwards. */
char *juten_str_take(juten_str *b);

#endif
