/*
 * juten_comparison.h -- a comparison set: the scenario files a meeting
 * compares side by side (`juten compare meeting.ini`), read from an INI
 * file with one [compare] section:
 *
 *   [compare]
 *   name = FY2017 what-ifs for the 9 September meeting   ; optional
 *   scenarios = scenario.ini, tokyo2020.ini, austerity.ini
 *
 * Paths are relative to the file that names them; the first scenario is
 * the reference the others are compared against.
 */
#ifndef JUTEN_COMPARISON_H
#define JUTEN_COMPARISON_H

#include <stdbool.h>
#include "juten_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most scenarios one comparison holds (the reference included). */
#define JUTEN_COMPARE_MAX 8

typedef struct juten_comparison_set {
    bool is_set;      /* the file has a [compare] section; false: it is something
                         else (a scenario), and n is 0 */
    char *name;       /* the set's name ("" when not given) */
    int n;            /* scenarios listed (2 to JUTEN_COMPARE_MAX when is_set) */
    char **paths;     /* resolved against the set file's directory */
} juten_comparison_set;

/* Read a comparison set.  A file without a [compare] section gives
 * JUTEN_OK with is_set false (the caller decides what it is).  Errors are
 * reported at file:line:col: another section beside [compare], an unknown
 * key (did-you-mean for a near miss), a key set twice, an empty entry, or
 * fewer than 2 or more than JUTEN_COMPARE_MAX scenarios (JUTEN_ERR_INPUT);
 * a missing file is JUTEN_ERR_NOFILE.  The scenario files themselves are
 * not read here. */
juten_status juten_comparison_load(const char *path, juten_comparison_set **out,
                                   juten_diags *d);
void juten_comparison_set_free(juten_comparison_set *s); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif
