/*
 * juten_error.h -- status codes and the diagnostics list (the error object).
 *
 * Every fallible juten call returns a juten_status saying whether the *call*
 * worked, and takes an optional juten_diags list into which it writes
 * sentences a planner can read: file, line and column for input errors, and a
 * plain description for everything else.  What the model says (optimal,
 * infeasible, ...) is never a status: it is an outcome carried by the result
 * (see solver/juten_solver.h), as in the HiGHS C API.
 *
 * The list keeps notices and warnings as well as errors, so that `juten check`
 * can show everything a file triggered; errors beyond a cap are counted but
 * not stored, so a file with 100 000 bad rows cannot exhaust memory.
 */
#ifndef JUTEN_ERROR_H
#define JUTEN_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum juten_status {
    JUTEN_OK = 0,
    JUTEN_ERR_USAGE,    /* a library function was called with bad arguments */
    JUTEN_ERR_INPUT,    /* the input data is invalid (listed in the diagnostics) */
    JUTEN_ERR_NOFILE,   /* an input file is missing or unreadable */
    JUTEN_ERR_NOMEM,    /* out of memory */
    JUTEN_ERR_SOLVER,   /* the LP/MIP solver faulted (contained) */
    JUTEN_ERR_INTERNAL, /* a bug in juten */
    JUTEN_ERR_CANTCREAT,/* an output file cannot be created */
    JUTEN_ERR_IO        /* reading or writing failed part way */
} juten_status;

/* A readable name for a status, e.g. "bad input data". Never NULL. */
const char *juten_status_str(juten_status st);

typedef enum juten_severity {
    JUTEN_NOTICE = 0,
    JUTEN_WARNING = 1,
    JUTEN_ERROR = 2
} juten_severity;

/* One diagnostic.  file may be NULL (not about a file); line and col are
 * 1-based and 0 when unknown.  col counts characters (not bytes) from the
 * start of the line, so it matches what an editor shows. */
typedef struct juten_diag {
    juten_severity severity;
    const char *file;
    int line;
    int col;
    const char *message;
} juten_diag;

typedef struct juten_diags juten_diags;

#define JUTEN_DIAGS_DEFAULT_CAP 50

/* A new, empty list storing at most error_cap errors (0: the default, 50).
 * Notices and warnings are capped separately at the same number. */
juten_diags *juten_diags_create(size_t error_cap);
void juten_diags_free(juten_diags *d); /* NULL is a no-op */

/* Append a diagnostic; d may be NULL (the call then does nothing).  Returns
 * false only when the entry could not be stored for lack of memory. */
bool juten_diags_add(juten_diags *d, juten_severity sev, const char *file,
                     int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
bool juten_diags_addv(juten_diags *d, juten_severity sev, const char *file,
                      int line, int col, const char *fmt, va_list ap);

size_t juten_diags_count(const juten_diags *d);          /* stored entries */
const juten_diag *juten_diags_get(const juten_diags *d, size_t i);
size_t juten_diags_errors(const juten_diags *d);         /* all errors seen */
size_t juten_diags_warnings(const juten_diags *d);       /* all warnings seen */
size_t juten_diags_dropped(const juten_diags *d);        /* seen but not stored */
size_t juten_diags_cap(const juten_diags *d);
void juten_diags_clear(juten_diags *d);

/* "file:line:col: error: message" (parts omitted when unknown) into a newly
 * allocated string; NULL on allocation failure.  Free with free(). */
char *juten_diag_format(const juten_diag *e);

#ifdef __cplusplus
}
#endif
#endif
