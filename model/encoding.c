/*
 * encoding.c -- bytes of an input file to UTF-8 text (the only iconv user).
 *
 * Planners produce these files with Excel.  Japanese Excel's "CSV (comma
 * delimited)" is CP932 (Shift_JIS with Microsoft's extensions); "CSV UTF-8"
 * starts with a byte-order mark; "Unicode text" is UTF-16 with a BOM.  All
 * of them are accepted, each conversion announced by a notice so that
 * nobody wonders why names look right.  What cannot be identified safely is
 * refused with the line and column of the first bad byte, never guessed:
 * CP932 is assumed only when the bytes contain no valid multi-byte UTF-8
 * sequence at all and convert without a single error.
 *
 * Line ends are normalised to "\n" (CRLF from Windows, lone CR from old
 * Mac Excel) so that every later stage counts lines the same way.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* Line and character column of byte `off`, counting CRLF, LF and CR as line
 * ends. */
static void position_of(const unsigned char *s, size_t off, int *line, int *col)
{
    int ln = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\r' && i + 1 < off && s[i + 1] == '\n')
            continue; /* CRLF: the LF counts */
        if (s[i] == '\n' || s[i] == '\r') {
            ln++;
            start = i + 1;
        }
    }
    *line = ln;
    *col = (int)juten_utf8_count((const char *)s + start, off - start) + 1;
}

/* Offset of the first byte that is not valid UTF-8, or len; counts the
 * valid multi-byte sequences met before it.  Valid is juten_utf8_decode's
 * strict form (no overlongs, surrogates or values past U+10FFFF), so every
 * later stage may decode the text without checking again. */
static size_t utf8_check(const unsigned char *s, size_t len, size_t *n_multi)
{
    *n_multi = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = juten_utf8_decode((const char *)s + i, len - i, &cp);
        if (n == 0)
            return i;
        if (n > 1)
            (*n_multi)++;
        i += (size_t)n;
    }
    return len;
}

/* Convert with iconv.  Returns 0 on success, 1 when the input is not valid
 * in `from` (*bad = offset of the offending input byte), -1 when out of
 * memory or the conversion is unavailable. */
static int convert(const char *from, const unsigned char *in, size_t inlen,
                   char **out, size_t *outlen, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = inlen * 3 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return -1;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = inlen, ol = cap - 1;
    int rc = 0;
    while (il > 0) {
        size_t k = iconv(cd, &ip, &il, &op, &ol);
        if (k != (size_t)-1)
            break;
        if (errno == E2BIG) { /* cannot happen with 3x, but be safe */
            size_t used = (size_t)(op - buf);
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                rc = -1;
                break;
            }
            buf = nb;
            op = buf + used;
            ol = cap - 1 - used;
            continue;
        }
        *bad = (size_t)((const unsigned char *)ip - in);
        rc = 1;
        break;
    }
    iconv_close(cd);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    *op = 0;
    *out = buf;
    *outlen = (size_t)(op - buf);
    return 0;
}

/* CRLF and lone CR to LF, in place. */
static size_t normalise_newlines(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < len && s[i + 1] == '\n')
                i++;
        } else
            s[o++] = s[i];
    }
    s[o] = 0;
    return o;
}

static const char *const hint_save =
    N_("save the file as \"CSV UTF-8\" (in Excel: Save As, file type "
    "\"CSV UTF-8 (Comma delimited)\")");

juten_status jm_text_decode(jm_rep *r, const char *path,
                            const unsigned char *raw, size_t len, char **out,
                            size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    char *text = NULL;
    size_t tlen = 0;

    if (len >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
        raw += 3; /* "CSV UTF-8": the BOM is silently dropped */
        len -= 3;
    } else if (len >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) ||
                            (raw[0] == 0xFE && raw[1] == 0xFF))) {
        const char *enc = raw[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        size_t bad = 0;
        int rc = convert(enc, raw + 2, len - 2, &text, &tlen, &bad);
        if (rc < 0)
            return JUTEN_ERR_NOMEM;
        if (rc > 0) {
            /* Count lines in what converted fine, for a useful position. */
            char *part = NULL;
            size_t plen = 0, bad2 = 0;
            int line = 1, col = 1;
            if (convert(enc, raw + 2, bad & ~(size_t)1, &part, &plen, &bad2) == 0) {
                position_of((unsigned char *)part, plen, &line, &col);
                free(part);
            }
            jm_report(r, JUTEN_ERROR, path, line, col,
                      _("invalid %s text (it starts with a %s byte-order mark "
                      "but is cut short or holds an unpaired surrogate); %s"),
                      enc, enc, _(hint_save));
            return JUTEN_ERR_INPUT;
        }
        size_t nul = tlen;
        const char *z = memchr(text, 0, tlen);
        if (z)
            nul = (size_t)(z - text);
        if (nul < tlen) {
            int line, col;
            position_of((unsigned char *)text, nul, &line, &col);
            jm_report(r, JUTEN_ERROR, path, line, col,
                      _("contains a NUL character (code 0), which a text file "
                      "cannot contain; %s"), _(hint_save));
            free(text);
            return JUTEN_ERR_INPUT;
        }
        jm_report(r, JUTEN_NOTICE, path, 0, 0,
                  _("converted from %s (byte-order mark found)"), enc);
        *outlen = normalise_newlines(text, tlen);
        *out = text;
        return JUTEN_OK;
    }

    const unsigned char *z = memchr(raw, 0, len);
    if (z) {
        int line, col;
        position_of(raw, (size_t)(z - raw), &line, &col);
        jm_report(r, JUTEN_ERROR, path, line, col,
                  _("contains a NUL byte (code 0), which a text file cannot "
                  "contain; is it a spreadsheet (.xlsx) or UTF-16 text "
                  "without a byte-order mark? %s"), _(hint_save));
        return JUTEN_ERR_INPUT;
    }

    size_t n_multi;
    size_t bad = utf8_check(raw, len, &n_multi);
    if (bad == len) {
        text = malloc(len + 1);
        if (!text)
            return JUTEN_ERR_NOMEM;
        memcpy(text, raw, len);
        text[len] = 0;
        *outlen = normalise_newlines(text, len);
        *out = text;
        return JUTEN_OK;
    }
    if (n_multi == 0) {
        /* Not UTF-8: perhaps CP932, if every byte converts. */
        size_t bad2 = 0;
        int rc = convert("CP932", raw, len, &text, &tlen, &bad2);
        if (rc == 0) {
            jm_report(r, JUTEN_NOTICE, path, 0, 0,
                      _("converted from CP932 (Shift_JIS, as Japanese Excel "
                      "saves CSV)"));
            *outlen = normalise_newlines(text, tlen);
            *out = text;
            return JUTEN_OK;
        }
    }
    int line, col;
    position_of(raw, bad, &line, &col);
    jm_report(r, JUTEN_ERROR, path, line, col,
              _("invalid UTF-8: byte 0x%02X does not start or continue a "
              "valid character (and the file is not CP932 either); %s"),
              raw[bad], _(hint_save));
    return JUTEN_ERR_INPUT;
}
