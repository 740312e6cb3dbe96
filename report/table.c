/*
 * table.c -- aligned plain-text tables and CSV cells.
 *
 * Tables measure cells by display width (base/juten_utf8.h), so a column
 * of Japanese names lines up with the ASCII columns beside it in any
 * terminal.  Line breaks and tabs inside a cell are shown as "↵" and a
 * space, so every row stays one line.
 */
#include "report_int.h"
#include "juten_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct juten_table {
    int ncols;
    char **headers;
    char *align;
    int *maxw;
    char ***rows;
    int nrows, cap;
};

juten_table *juten_table_new(int ncols, const char *const *headers, const char *align)
{
    juten_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->headers = calloc((size_t)ncols, sizeof *t->headers);
    t->align = strdup(align);
    t->maxw = calloc((size_t)ncols, sizeof *t->maxw);
    if (!t->headers || !t->align || !t->maxw) {
        juten_table_free(t);
        return NULL;
    }
    for (int c = 0; c < ncols; c++)
        if (!(t->headers[c] = strdup(headers[c]))) {
            juten_table_free(t);
            return NULL;
        }
    return t;
}

void juten_table_set_max_width(juten_table *t, int col, int max_width)
{
    if (col >= 0 && col < t->ncols)
        t->maxw[col] = max_width;
}

bool juten_table_add(juten_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        int nc = t->cap ? 2 * t->cap : 32;
        char ***nr = realloc(t->rows, (size_t)nc * sizeof *nr);
        if (!nr)
            return false;
        t->rows = nr;
        t->cap = nc;
    }
    char **row = calloc((size_t)t->ncols, sizeof *row);
    if (!row)
        return false;
    for (int c = 0; c < t->ncols; c++)
        /* a name with a line break (a quoted CSV cell) would break the
         * row in two: one line per row, always */
        if (!(row[c] = juten_text_one_line(cells[c]))) {
            for (int k = 0; k < c; k++)
                free(row[k]);
            free(row);
            return false;
        }
    t->rows[t->nrows++] = row;
    return true;
}

static void print_cell(FILE *f, const char *s, int width, int maxw, char align, bool last)
{
    int w = juten_utf8_width(s);
    size_t bytes = strlen(s);
    bool cut = false;
    if (maxw > 0 && w > maxw) {
        bytes = juten_utf8_fit(s, maxw - 1, &w);
        cut = true;
        w += 1;
    }
    int pad = width - w;
    if (align == 'r')
        for (int i = 0; i < pad; i++)
            fputc(' ', f);
    fwrite(s, 1, bytes, f);
    if (cut)
        fputs("\xE2\x80\xA6", f); /* … */
    if (align != 'r' && !last)
        for (int i = 0; i < pad; i++)
            fputc(' ', f);
}

void juten_table_print(const juten_table *t, FILE *f, int indent)
{
    int *w = calloc((size_t)t->ncols, sizeof *w);
    if (!w)
        return;
    for (int c = 0; c < t->ncols; c++) {
        w[c] = juten_utf8_width(t->headers[c]);
        for (int r = 0; r < t->nrows; r++) {
            int cw = juten_utf8_width(t->rows[r][c]);
            if (t->maxw[c] > 0 && cw > t->maxw[c])
                cw = t->maxw[c];
            if (cw > w[c])
                w[c] = cw;
        }
    }
    for (int r = -1; r < t->nrows; r++) {
        fprintf(f, "%*s", indent, "");
        for (int c = 0; c < t->ncols; c++) {
            const char *s = r < 0 ? t->headers[c] : t->rows[r][c];
            print_cell(f, s, w[c], t->maxw[c], t->align[c], c == t->ncols - 1);
            if (c < t->ncols - 1)
                fputs("  ", f);
        }
        fputc('\n', f);
    }
    free(w);
}

void juten_table_free(juten_table *t)
{
    if (!t)
        return;
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    if (t->headers)
        for (int c = 0; c < t->ncols; c++)
            free(t->headers[c]);
    free(t->headers);
    free(t->align);
    free(t->maxw);
    free(t);
}

void juten_csv_cell(FILE *f, const char *s, bool is_text)
{
    if (!s)
        s = "";
    bool guard = is_text && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                             s[0] == '\t' || s[0] == '\r');
    bool quote = guard || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* v with d decimals as the table shows it, never "-0"; trim: trailing
 * zeros dropped (a rate, as juten_text_rate). */
static void csv_decimals(FILE *f, double v, int d, bool trim)
{
    if (!isfinite(v))
        return;
    d = d < 0 ? 0 : d > 9 ? 9 : d;
    char buf[400];
    snprintf(buf, sizeof buf, "%.*f", d, v);
    if (trim && strchr(buf, '.')) {
        char *p = buf + strlen(buf) - 1;
        while (*p == '0')
            *p-- = '\0';
        if (*p == '.')
            *p = '\0';
    }
    /* "-0.0" is a rounding artefact of a tiny negative (binary noise of a
     * sum): zero */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    fputs(buf, f);
}

void juten_csv_number(FILE *f, double v, int decimals) { csv_decimals(f, v, decimals, false); }

void juten_csv_rate(FILE *f, double v, int decimals) { csv_decimals(f, v, decimals, true); }
