/*
 * text.c -- display width of UTF-8 text and planner-style number formatting.
 *
 * Terminal tables must align Japanese names, whose characters take two
 * columns.  glibc's wcwidth() depends on the process locale, so tables would
 * change with LANG; juten computes East Asian width itself from the Unicode
 * ranges that are wide or full-width, which keeps output byte-identical
 * everywhere.
 */
#include "juten_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Decode one UTF-8 character; returns its length (1 for invalid bytes). */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len == 1) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned v = c & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static int cp_width(unsigned c)
{
    if (c == 0)
        return 0;
    if (c >= 0x300 && c <= 0x36F) /* combining marks */
        return 0;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

int juten_text_width(const char *s)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        p += utf8_next(p, &cp);
        w += cp_width(cp);
    }
    return w;
}

/* Bytes of s that fit in max_w columns (whole characters only). */
size_t juten_text_fit(const char *s, int max_w, int *width);
size_t juten_text_fit(const char *s, int max_w, int *width)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0;
    while (*p) {
        unsigned cp;
        int len = utf8_next(p, &cp);
        int cw = cp_width(cp);
        if (w + cw > max_w)
            break;
        w += cw;
        p += len;
    }
    *width = w;
    return (size_t)(p - (const unsigned char *)s);
}

const char *juten_text_amount(char *buf, double v, int decimals)
{
    if (isnan(v)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    snprintf(buf, 64, "%.*f", decimals, v);
    if (strchr(buf, '.')) {
        char *p = buf + strlen(buf) - 1;
        while (*p == '0')
            *p-- = 0;
        if (*p == '.')
            *p = 0;
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}
