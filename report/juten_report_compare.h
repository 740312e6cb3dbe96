/*
 * juten_report_compare.h -- writing `juten compare`: the scenarios side by
 * side as a table, as CSV (one long table, names beside ids, for Excel) or
 * as JSON.  files[k] is the path scenario k was read from, as given.
 */
#ifndef JUTEN_REPORT_COMPARE_H
#define JUTEN_REPORT_COMPARE_H

#include <stdio.h>
#include "juten_compare.h"
#include "juten_report.h"

juten_status juten_report_compare(FILE *f, juten_format fmt, const juten_comparison *c,
                                  const char *const *files, const char *title,
                                  juten_diags *d);

#endif
