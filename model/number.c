/*
 * number.c -- the single, strict reader for every number in the input.
 *
 * Budget tables come out of Japanese Excel, which writes "1,200" with a
 * thousands separator, sometimes full-width digits ("１２．５"), and a
 * triangle for minus ("△3").  strtod() alone would read "1,200" as 1 and
 * "12%" as 12 -- silently wrong by a factor of 1000 or 100.  So the whole
 * string is validated against a small grammar first and only then handed
 * to strtod, in the "C" locale so that a host program's setlocale() cannot
 * turn the decimal point into a comma.  Anything not read exactly is
 * refused with a hint saying what to write instead.
 *
 * A percentage is refused in amounts ("12%" of what?) but read in share
 * columns, where it is unambiguous and where juten itself prints "15%".
 */
#define _GNU_SOURCE /* strtod_l, newlocale */
#include "load_int.h"
#include "juten_i18n.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* stands for a leading △ or ▲ while the text is checked */
#define TRI '\x01'

/* The reasons a cell is not a number: the predicate of a sentence whose
 * subject is the quoted cell ("\"12円\" is not a number; ..."). */
static const char *const msg_empty = N_("is empty; expected a number");
static const char *const msg_plain = N_("is not a number; expected a plain decimal such as 12.5");
static const char *const msg_percent =
    N_("is not a number; expected a plain decimal such as 12.5"
       " (a percentage is not accepted in this column, only in share columns "
       "such as min_share: write the amount)");
static const char *const msg_pct_place =
    N_("is not a share; expected a fraction such as 0.15 or a percentage such "
       "as 15%");
static const char *const msg_currency =
    N_("is not a number; write the amount without a currency sign or 円, "
       "e.g. 1200");
static const char *const msg_excel =
    N_("is a spreadsheet error value, not a number; fix the formula in the "
       "spreadsheet or enter the amount");
static const char *const msg_nonfinite =
    N_("is not a finite number; expected a plain decimal such as 12.5");
static const char *const msg_hex =
    N_("is not a number; expected a plain decimal such as 12.5 (hexadecimal is not accepted)");
static const char *const msg_range =
    N_("is out of range (too large for a number); expected a plain decimal such as 12.5");
static const char *const msg_grouping =
    N_("has misplaced thousands separators; expected groups of three digits "
       "such as 1,200 or no separator (a decimal comma is not accepted: write "
       "12.5)");
static const char *const msg_triangle =
    N_("is not a number; the minus sign (△ or ▲) must come first, e.g. △3");

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static bool is_space_cp(long cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF;
}

/* pct: a share, where "15%" (as juten itself prints shares) is 0.15. */
static const char *parse(const char *s, size_t len, double *out, bool pct)
{
    /* 1. Map to ASCII: TRI marks a triangle minus, 'X' anything foreign. */
    char a[128];
    size_t n = 0;
    bool currency = false, foreign = false, too_long = false;
    size_t i = 0;
    /* skip leading and trailing blanks (ASCII and the ideographic space) */
    while (i < len) {
        size_t j = i;
        if (!is_space_cp(juten_utf8_next(s, len, &j)))
            break;
        i = j;
    }
    while (i < len) {
        long cp = juten_utf8_next(s, len, &i);
        char c;
        if (cp >= 0x21 && cp < 0x7F)
            c = (char)cp;
        else if (is_space_cp(cp))
            c = ' ';
        else if (cp >= 0xFF10 && cp <= 0xFF19)
            c = (char)('0' + (cp - 0xFF10));
        else if (cp == 0xFF0E)
            c = '.';
        else if (cp == 0xFF0C)
            c = ',';
        else if (cp == 0xFF0D || cp == 0x2212)
            c = '-';
        else if (cp == 0xFF0B)
            c = '+';
        else if (cp == 0xFF45 || cp == 0xFF25)
            c = 'e';
        else if (cp == 0xFF05)
            c = '%';
        else if (cp == 0x25B3 || cp == 0x25B2)
            c = TRI;
        else if (cp == 0x00A5 || cp == 0xFFE5 || cp == 0x5186 || cp == 0xFF04) {
            currency = true;
            c = 'X';
        } else {
            foreign = true;
            c = 'X';
        }
        if (c == '\\' || c == '$') /* CP932 shows 0x5C as a yen sign */
            currency = true;
        if (n + 1 >= sizeof a) {
            too_long = true;
            break;
        }
        a[n++] = c;
    }
    while (n > 0 && a[n - 1] == ' ')
        n--;
    a[n] = 0;

    if (n == 0)
        return _(msg_empty);
    bool percent = false;
    if (pct && memchr(a, '%', n)) {
        /* one '%' at the very end, after a plain number without exponent */
        size_t e = n - 1;
        if (a[e] != '%' || memchr(a, '%', e) || memchr(a, 'e', e) || memchr(a, 'E', e))
            return _(msg_pct_place);
        n = e;
        while (n > 0 && a[n - 1] == ' ')
            n--;
        a[n] = 0;
        if (n == 0)
            return _(msg_pct_place);
        percent = true;
    }
    if (memchr(a, '%', n))
        return _(msg_percent);
    if (currency)
        return _(msg_currency);
    if (a[0] == '#')
        return _(msg_excel);
    if (too_long || foreign)
        return _(msg_plain);

    /* 2. Grammar: sign? int-part ('.' digits*)? (e sign? digits)? */
    size_t p = 0;
    char clean[136]; /* room for a percentage's "e-2" */
    size_t c = 0;
    if (a[p] == TRI) {
        clean[c++] = '-';
        p++;
        if (a[p] == '+' || a[p] == '-')
            return _(msg_plain);
    } else if (a[p] == '+' || a[p] == '-') {
        clean[c++] = a[p++];
    }
    if (memchr(a + p, TRI, n - p))
        return _(msg_triangle);
    {
        const char *rest = a + p;
        if ((rest[0] | 0x20) >= 'a' && (rest[0] | 0x20) <= 'z' &&
            (strcasecmp(rest, "nan") == 0 || strcasecmp(rest, "inf") == 0 ||
             strcasecmp(rest, "infinity") == 0))
            return _(msg_nonfinite);
        if (rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'))
            return _(msg_hex);
    }
    size_t digits = 0, group = 0, groups = 0;
    bool comma = false;
    while (p < n && ((a[p] >= '0' && a[p] <= '9') || a[p] == ',')) {
        if (a[p] == ',') {
            /* first group 1-3 digits, later groups exactly 3 */
            if (groups == 0 ? (group < 1 || group > 3) : group != 3)
                return _(msg_grouping);
            groups++;
            group = 0;
            comma = true;
        } else {
            clean[c++] = a[p];
            digits++;
            group++;
        }
        p++;
    }
    if (comma && group != 3)
        return _(msg_grouping);
    if (p < n && a[p] == '.') {
        clean[c++] = a[p++];
        while (p < n && a[p] >= '0' && a[p] <= '9') {
            clean[c++] = a[p++];
            digits++;
        }
        if (p < n && a[p] == ',')
            return _(msg_grouping);
    }
    if (digits == 0)
        return _(msg_plain);
    if (p < n && (a[p] == 'e' || a[p] == 'E')) {
        clean[c++] = 'e';
        p++;
        if (p < n && (a[p] == '+' || a[p] == '-'))
            clean[c++] = a[p++];
        size_t ed = 0;
        while (p < n && a[p] >= '0' && a[p] <= '9') {
            clean[c++] = a[p++];
            ed++;
        }
        if (ed == 0)
            return _(msg_plain);
    }
    if (p != n)
        return (a[p] == ',') ? _(msg_grouping) : _(msg_plain);
    if (percent) {
        /* "33.3%" read as 33.3e-2, so the share is the double nearest to
         * 0.333, not 33.3 rounded and then divided */
        memcpy(clean + c, "e-2", 3);
        c += 3;
    }
    clean[c] = 0;

    /* 3. Convert the validated text exactly. */
    pthread_once(&c_locale_once, make_c_locale);
    char *end;
    errno = 0;
    double v = c_locale ? strtod_l(clean, &end, c_locale) : strtod(clean, &end);
    if (*end != 0)
        return _(msg_plain);
    if (!isfinite(v))
        return _(msg_range);
    if (v == 0 && signbit(v))
        v = 0; /* "-0" is zero; keep the sign out of reports */
    *out = v;
    return NULL;
}

const char *jm_number_parse(const char *s, size_t len, double *out)
{
    return parse(s, len, out, false);
}

const char *jm_number_parse_share(const char *s, size_t len, double *out)
{
    return parse(s, len, out, true);
}
