/*
 * csvload.c -- CSV text to records with positions (the only libcsv user).
 *
 * libcsv parses RFC 4180 CSV, but reports neither line nor column.  We feed
 * it one physical line at a time (it keeps its state across calls, so a
 * quoted value may still span lines), which tells us where each record
 * starts; csv_parse's return value is the byte offset of a syntax error in
 * the line fed.  Positions of individual fields are not stored -- 100 000
 * rows times 18 columns would be wasted memory -- but recomputed by a small
 * quote-aware scan of the record's text, only when a message needs one.
 *
 * Rows whose cells are all empty (",,,,", which Excel writes for rows that
 * were merely formatted) are skipped like blank lines.
 *
 * Strict mode (CSV_STRICT | CSV_STRICT_FINI) is what makes the errors
 * detectable at all: without it libcsv silently accepts ab"c and a quote
 * left open at the end of the file.  After a syntax error the parser is
 * restarted at the next line, so one bad row does not hide the others.
 *
 * Excel's "Unicode text" export is UTF-16 (decoded before this) with TABs
 * between the cells: a header line with tabs and no comma makes the whole
 * file tab-separated, with a notice.  libcsv then must not skip tabs as
 * blanks around fields, or empty cells would vanish.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#define OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

typedef struct rd {
    jm_rep *r;
    const char *path, *text;
    size_t len;
    jm_record_fn fn;
    void *user;

    char *arena; /* field texts of the current record, NUL-separated */
    size_t alen, acap;
    size_t *foff, *flen;
    const char **fptr;
    int nf, fcap;

    int rec_line;   /* line where the current record starts */
    size_t rec_off;
    int cur_line;   /* line being fed */
    size_t cur_off, cur_end;
    int header_n;   /* fields in the header, 0 before it */
    char delim;     /* ',' or '\t' */
    bool stop, nomem;
} rd;

static void on_field(void *s, size_t n, void *data)
{
    rd *c = data;
    if (c->stop || c->nomem)
        return;
    if (c->nf == c->fcap) {
        int nc = c->fcap ? 2 * c->fcap : 32;
        size_t *no = realloc(c->foff, (size_t)nc * sizeof *no);
        if (no)
            c->foff = no;
        size_t *nl = realloc(c->flen, (size_t)nc * sizeof *nl);
        if (nl)
            c->flen = nl;
        const char **np = realloc(c->fptr, (size_t)nc * sizeof *np);
        if (np)
            c->fptr = np;
        if (!no || !nl || !np) {
            c->nomem = true;
            return;
        }
        c->fcap = nc;
    }
    if (c->alen + n + 1 > c->acap) {
        size_t na = c->acap ? c->acap : 1024;
        while (na < c->alen + n + 1)
            na *= 2;
        char *a = realloc(c->arena, na);
        if (!a) {
            c->nomem = true;
            return;
        }
        c->arena = a;
        c->acap = na;
    }
    if (n)
        memcpy(c->arena + c->alen, s, n);
    c->arena[c->alen + n] = 0;
    c->foff[c->nf] = c->alen;
    c->flen[c->nf] = n;
    c->nf++;
    c->alen += n + 1;
}

static void on_record(int term, void *data)
{
    rd *c = data;
    (void)term;
    int nf = c->nf;
    c->nf = 0;
    c->alen = 0;
    if (c->stop || c->nomem)
        return;
    for (int i = 0; i < nf; i++)
        c->fptr[i] = c->arena + c->foff[i];
    if (c->header_n > 0) {
        /* Excel writes ",,,," for rows that were only formatted: skip */
        int k = 0;
        while (k < nf && c->flen[k] == 0)
            k++;
        if (k == nf)
            return;
    }
    if (c->header_n == 0) {
        c->header_n = nf;
    } else if (nf != c->header_n) {
        int line, col;
        if (nf > c->header_n) {
            jm_csv_locate(c->text, c->len, c->rec_off, c->rec_line,
                          c->header_n, c->delim, &line, &col, NULL, 0);
        } else {
            line = c->cur_line;
            col = (int)juten_utf8_count(c->text + c->cur_off, c->cur_end - c->cur_off) + 1;
        }
        jm_report(c->r, JUTEN_ERROR, c->path, line, col,
                  c->delim == '\t'
                  ? P_("row has %d field but the header has %d; expected %d "
                       "fields (a value containing a tab must be in double quotes)",
                       "row has %d fields but the header has %d; expected %d "
                       "fields (a value containing a tab must be in double quotes)",
                       (unsigned long)nf)
                  : P_("row has %d field but the header has %d; expected %d "
                       "fields (a value containing a comma must be in double quotes)",
                       "row has %d fields but the header has %d; expected %d "
                       "fields (a value containing a comma must be in double quotes)",
                       (unsigned long)nf),
                  nf, c->header_n, c->header_n);
        return;
    }
    jm_record rec = {nf, c->fptr, c->flen, c->rec_line, c->rec_off, c->delim};
    if (!c->fn(c->user, &rec))
        c->stop = true;
}

/* Blank lines are skipped anywhere; '#' comment lines only above the
 * header, so that a data row whose id starts with '#' is never dropped. */
static bool skip_line(const char *s, size_t n, bool comments_allowed)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n || s[i] == '\n' || (comments_allowed && s[i] == '#');
}

/* Report a syntax error at byte `at` of the current line. */
static void syntax_error(rd *c, size_t at)
{
    const char *t = c->text;
    int col = (int)juten_utf8_count(t + c->cur_off, at - c->cur_off) + 1;
    size_t fs = at, fe = at;
    while (fs > c->cur_off && t[fs - 1] != c->delim)
        fs--;
    while (fe < c->cur_end && t[fe] != c->delim)
        fe++;
    char q[200];
    jm_quote(q, sizeof q, t + fs, fe - fs);
    if (t[at] == '"')
        jm_report(c->r, JUTEN_ERROR, c->path, c->cur_line, col,
                  _("malformed CSV: a double quote inside the unquoted value "
                  "\"%s\"; put the whole value in double quotes and double "
                  "the quote inside it (\"\")"), q);
    else
        jm_report(c->r, JUTEN_ERROR, c->path, c->cur_line, col,
                  c->delim == '\t'
                  ? _("malformed CSV: text after the closing double quote in "
                      "\"%s\"; expected a tab or the end of the line after a "
                      "quoted value")
                  : _("malformed CSV: text after the closing double quote in "
                      "\"%s\"; expected a comma or the end of the line after a "
                      "quoted value"), q);
}

/* Where the quote left open at the end of the file was opened. */
static void unterminated(rd *c)
{
    const char *t = c->text;
    size_t i = c->rec_off, open = c->rec_off;
    int ln = c->rec_line, open_line = ln;
    size_t lstart = i, open_lstart = i;
    bool inq = false;
    for (; i < c->len; i++) {
        char ch = t[i];
        if (inq) {
            if (ch == '"') {
                if (i + 1 < c->len && t[i + 1] == '"')
                    i++;
                else
                    inq = false;
            }
        } else if (ch == '"') {
            inq = true;
            open = i;
            open_line = ln;
            open_lstart = lstart;
        }
        if (ch == '\n') {
            ln++;
            lstart = i + 1;
        }
    }
    jm_report(c->r, JUTEN_ERROR, c->path, open_line,
              (int)juten_utf8_count(t + open_lstart, open - open_lstart) + 1,
              _("malformed CSV: the double quote opening this value is never "
              "closed, so the rest of the file was read as one value; add "
              "the closing \""));
}

static int space_only(unsigned char ch) { return ch == CSV_SPACE; }

/* ',' or, when the first line that is neither blank nor a comment has tabs
 * and no comma, '\t'. */
static char find_delim(const char *text, size_t len)
{
    size_t ls = 0;
    while (ls < len) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        size_t i = ls;
        while (i < le && text[i] == ' ')
            i++;
        bool only_tabs = true;
        for (size_t k = i; k < le; k++)
            only_tabs &= text[k] == '\t' || text[k] == ' ';
        if (i < le && text[i] != '#' && !only_tabs) {
            bool tab = memchr(text + ls, '\t', le - ls) != NULL;
            bool comma = memchr(text + ls, ',', le - ls) != NULL;
            return tab && !comma ? '\t' : ',';
        }
        ls = le + 1;
    }
    return ',';
}

static int parser_init(struct csv_parser *p, char delim)
{
    if (csv_init(p, OPTS) != 0)
        return -1;
    if (delim != ',') {
        csv_set_delim(p, (unsigned char)delim);
        csv_set_space_func(p, space_only);
    }
    return 0;
}

juten_status jm_csv_read(jm_rep *r, const char *path, const char *text,
                         size_t len, jm_record_fn fn, void *user)
{
    rd c = {0};
    c.r = r;
    c.path = path;
    c.text = text;
    c.len = len;
    c.fn = fn;
    c.user = user;
    size_t errors0 = r->errors;
    c.delim = find_delim(text, len);
    if (c.delim == '\t')
        jm_report(r, JUTEN_NOTICE, path, 0, 0,
                  _("read as tab-separated text (the header row has tabs and no "
                  "commas, as in Excel's \"Unicode text\")"));
    struct csv_parser p;
    if (parser_init(&p, c.delim) != 0)
        return JUTEN_ERR_NOMEM;

    size_t ls = 0;
    int line = 1;
    while (ls < len && !c.stop && !c.nomem) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len; /* excludes the '\n' */
        size_t feed = nl ? le - ls + 1 : le - ls;
        c.cur_line = line;
        c.cur_off = ls;
        c.cur_end = le;
        /* p.pstate (public in csv.h) is 0 between records: this line
         * starts a new record, or is a blank/comment line to skip. */
        if (p.pstate == 0) {
            if (skip_line(text + ls, le - ls, c.header_n == 0)) {
                ls += feed;
                line++;
                continue;
            }
            c.rec_line = line;
            c.rec_off = ls;
        }
        size_t got = csv_parse(&p, text + ls, feed, on_field, on_record, &c);
        if (got < feed) {
            if (csv_error(&p) == CSV_EPARSE) {
                syntax_error(&c, ls + got);
            } else {
                c.nomem = true;
                break;
            }
            csv_free(&p);
            if (parser_init(&p, c.delim) != 0) {
                c.nomem = true;
                break;
            }
            c.nf = 0;
            c.alen = 0;
        }
        ls += feed;
        line++;
    }
    if (!c.stop && !c.nomem) {
        c.cur_line = line - 1;
        if (csv_fini(&p, on_field, on_record, &c) != 0) {
            if (csv_error(&p) == CSV_EPARSE)
                unterminated(&c);
            else
                c.nomem = true;
        }
    }
    csv_free(&p);
    free(c.arena);
    free(c.foff);
    free(c.flen);
    free(c.fptr);
    if (c.nomem)
        return JUTEN_ERR_NOMEM;
    return r->errors > errors0 ? JUTEN_ERR_INPUT : JUTEN_OK;
}

void jm_csv_locate(const char *t, size_t len, size_t off, int line, int k,
                   char delim, int *fline, int *fcol, char *val, size_t valsz)
{
    size_t i = off, lstart = off;
    int ln = line;
    /* a blank before a field; a tab only when it does not separate fields */
#define BLANK(ch) ((ch) == ' ' || ((ch) == '\t' && delim != '\t'))
    for (int field = 0; field < k && i < len; field++) {
        while (i < len && BLANK(t[i]))
            i++;
        if (i < len && t[i] == '"') {
            for (i++; i < len; i++) {
                if (t[i] == '"') {
                    if (i + 1 < len && t[i + 1] == '"') {
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                if (t[i] == '\n') {
                    ln++;
                    lstart = i + 1;
                }
            }
        }
        while (i < len && t[i] != delim && t[i] != '\n')
            i++;
        if (i >= len || t[i] == '\n')
            break; /* the record has fewer fields: point at its end */
        i++;
    }
    while (i < len && BLANK(t[i]))
        i++;
    *fline = ln;
    *fcol = (int)juten_utf8_count(t + lstart, i - lstart) + 1;
    if (!val || valsz == 0)
        return;
    size_t o = 0;
    if (i < len && t[i] == '"') {
        for (i++; i < len && o + 1 < valsz; i++) {
            if (t[i] == '"') {
                if (i + 1 < len && t[i + 1] == '"')
                    i++;
                else
                    break;
            }
            val[o++] = t[i];
        }
    } else {
        while (i < len && t[i] != delim && t[i] != '\n' && o + 1 < valsz)
            val[o++] = t[i++];
        while (o > 0 && BLANK(val[o - 1]))
            o--;
    }
#undef BLANK
    if (o + 1 >= valsz) /* cut: do not leave half a UTF-8 character */
        o = juten_utf8_cut(val, o);
    val[o] = 0;
}
