/*
 * error.c -- the diagnostics list: juten's error object.
 *
 * Entries are stored in the order they were added, which is the order the
 * loader meets them in the files, so `juten check` output reads top to
 * bottom like the file.  Errors past the cap are counted, not stored; the
 * same cap applies separately to notices and warnings so that one noisy
 * file cannot push out the errors.
 */
#include "juten_error.h"
#include "juten_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct juten_diags {
    juten_diag *items;
    size_t n, alloc;
    size_t cap;
    size_t n_errors, n_warnings, n_other;
    size_t stored_errors, stored_other;
    size_t dropped;
};

const char *juten_status_str(juten_status st)
{
    switch (st) {
    case JUTEN_OK: return _("success");
    case JUTEN_ERR_USAGE: return _("invalid arguments");
    case JUTEN_ERR_INPUT: return _("bad input data");
    case JUTEN_ERR_NOFILE: return _("input file missing or unreadable");
    case JUTEN_ERR_NOMEM: return _("out of memory");
    case JUTEN_ERR_SOLVER: return _("solver fault");
    case JUTEN_ERR_INTERNAL: return _("internal error");
    case JUTEN_ERR_CANTCREAT: return _("cannot create output");
    case JUTEN_ERR_IO: return _("input/output error");
    }
    return _("unknown status");
}

juten_diags *juten_diags_create(size_t error_cap)
{
    juten_diags *d = calloc(1, sizeof *d);
    if (d)
        d->cap = error_cap ? error_cap : JUTEN_DIAGS_DEFAULT_CAP;
    return d;
}

void juten_diags_clear(juten_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].message);
    }
    d->n = 0;
    d->n_errors = d->n_warnings = d->n_other = 0;
    d->stored_errors = d->stored_other = d->dropped = 0;
}

void juten_diags_free(juten_diags *d)
{
    if (!d)
        return;
    juten_diags_clear(d);
    free(d->items);
    free(d);
}

bool juten_diags_addv(juten_diags *d, juten_severity sev, const char *file,
                      int line, int col, const char *fmt, va_list ap)
{
    if (!d)
        return true;
    if (sev == JUTEN_ERROR)
        d->n_errors++;
    else if (sev == JUTEN_WARNING)
        d->n_warnings++;
    else
        d->n_other++;
    size_t *stored = sev == JUTEN_ERROR ? &d->stored_errors : &d->stored_other;
    if (*stored >= d->cap) {
        d->dropped++;
        return true;
    }
    if (d->n == d->alloc) {
        size_t na = d->alloc ? 2 * d->alloc : 16;
        juten_diag *ni = realloc(d->items, na * sizeof *ni);
        if (!ni)
            return false;
        d->items = ni;
        d->alloc = na;
    }
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (len < 0)
        return false;
    char *msg = malloc((size_t)len + 1);
    char *fcopy = file ? strdup(file) : NULL;
    if (!msg || (file && !fcopy)) {
        free(msg);
        free(fcopy);
        return false;
    }
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    d->items[d->n++] = (juten_diag){sev, fcopy, line, col, msg};
    (*stored)++;
    return true;
}

bool juten_diags_add(juten_diags *d, juten_severity sev, const char *file,
                     int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = juten_diags_addv(d, sev, file, line, col, fmt, ap);
    va_end(ap);
    return ok;
}

size_t juten_diags_count(const juten_diags *d) { return d ? d->n : 0; }
size_t juten_diags_errors(const juten_diags *d) { return d ? d->n_errors : 0; }
size_t juten_diags_warnings(const juten_diags *d) { return d ? d->n_warnings : 0; }
size_t juten_diags_dropped(const juten_diags *d) { return d ? d->dropped : 0; }
size_t juten_diags_cap(const juten_diags *d) { return d ? d->cap : 0; }

const juten_diag *juten_diags_get(const juten_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

char *juten_diag_format(const juten_diag *e)
{
    char where[64] = "";
    if (e->line > 0 && e->col > 0)
        snprintf(where, sizeof where, ":%d:%d", e->line, e->col);
    else if (e->line > 0)
        snprintf(where, sizeof where, ":%d", e->line);
    const char *file = e->file ? e->file : "juten";
    size_t len = strlen(file) + strlen(where) + strlen(e->message) + 64;
    char *s = malloc(len);
    if (!s)
        return NULL;
    /* TRANSLATORS: the file and its position, then the message */
    if (e->severity == JUTEN_ERROR)
        snprintf(s, len, _("%s%s: error: %s"), file, where, e->message);
    else if (e->severity == JUTEN_WARNING)
        snprintf(s, len, _("%s%s: warning: %s"), file, where, e->message);
    else
        snprintf(s, len, _("%s%s: notice: %s"), file, where, e->message);
    return s;
}
