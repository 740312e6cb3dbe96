/*
 * bench_util.h -- what the benchmark drivers (resolve.c, sim.c) share:
 * strict number options and printing a run's diagnostics.  Header only:
 * each driver is one program of its own.
 */
#ifndef JUTEN_BENCH_UTIL_H
#define JUTEN_BENCH_UTIL_H

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "juten_error.h"

/* The whole string a whole number >= lo. */
static inline bool bench_parse_long(const char *s, long lo, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo)
        return false;
    *out = v;
    return true;
}

/* The whole string a finite number >= lo. */
static inline bool bench_parse_real(const char *s, double lo, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo)
        return false;
    *out = v;
    return true;
}

/* Every diagnostic on stderr, "prog: file:line:col: ...". */
static inline void bench_print_diags(const char *prog, const juten_diags *d)
{
    for (size_t i = 0; i < juten_diags_count(d); i++) {
        char *s = juten_diag_format(juten_diags_get(d, i));
        if (s)
            fprintf(stderr, "%s: %s\n", prog, s);
        free(s);
    }
}

#endif
