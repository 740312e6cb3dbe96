/*
 * juten_report.h -- writing results for people and programs, and writing
 * output files safely.
 *
 * Three forms of every result: an aligned table for the terminal (columns
 * aligned by display width, so Japanese names line up), CSV for Excel (UTF-8
 * with BOM and CRLF, cells guarded against formula injection) and JSON for
 * other programs.  All three are deterministic: the same model and result
 * give the same bytes (no clocks, no addresses, fixed number formats).
 */
#ifndef JUTEN_REPORT_H
#define JUTEN_REPORT_H

#include <stdio.h>
#include "juten_analysis.h"
#include "juten_model.h"
#include "juten_solver.h"

typedef enum juten_format { JUTEN_FORMAT_TABLE, JUTEN_FORMAT_CSV, JUTEN_FORMAT_JSON } juten_format;

/* Parse "table", "csv", "json"; false if unknown. */
bool juten_format_parse(const char *s, juten_format *out);

/* Write the portfolio (or the infeasibility explanation); prices (may be
 * NULL) adds what each rule family costs, conflict (may be NULL) the
 * minimal set of conflicting rules of an infeasible round. */
juten_status juten_report_solution(FILE *f, juten_format fmt, const juten_model *m,
                                   const juten_result *r, const juten_rule_price *prices,
                                   int n_prices, const juten_conflict *conflict,
                                   juten_diags *d);

juten_status juten_report_frontier(FILE *f, juten_format fmt, const juten_model *m,
                                   const juten_frontier *fr, juten_diags *d);
juten_status juten_report_ranking(FILE *f, juten_format fmt, const juten_model *m,
                                  const juten_ranking *rk, juten_diags *d);
/* prices (may be NULL) are the price of each rule family: JSON
 * "rule_prices" and a section after the table; not in CSV (one row per
 * measure). */
juten_status juten_report_explanations(FILE *f, juten_format fmt, const juten_model *m,
                                       const juten_measure_explanation *ex, int k,
                                       const juten_rule_price *prices, int n_prices,
                                       juten_diags *d);
juten_status juten_report_alternatives(FILE *f, juten_format fmt, const juten_model *m,
                                       const juten_portfolio *p, int n, juten_diags *d);

/* Display width of a UTF-8 string in terminal columns (East Asian wide and
 * full-width characters count 2). */
int juten_text_width(const char *s);

/* A number as a planner writes it: at most `decimals` decimals, trailing
 * zeros removed, never "-0".  buf must hold 64 bytes. */
const char *juten_text_amount(char *buf, double v, int decimals);

/*
 * Output files.  A regular file (or a new one) is written to a temporary file
 * in the same directory and renamed over the target on commit, so a failed
 * run never leaves a half-written file and never destroys the previous one.
 * A path that exists and is not a regular file (/dev/null, /dev/stdout, a
 * FIFO) or is a symbolic link is written through in place: renaming over
 * /dev/null would replace the device for the whole machine.  "-" or NULL is
 * standard output.
 */
typedef struct juten_output juten_output;
juten_status juten_output_open(const char *path, juten_output **out, juten_diags *d);
FILE *juten_output_file(juten_output *o);
/* The path a library should write to by name (the temporary file, or the
 * target when written through).  The FILE is closed first by this call. */
const char *juten_output_path_for_library(juten_output *o);
/* Flush, check for errors, rename into place; frees o. */
juten_status juten_output_commit(juten_output *o, juten_diags *d);
/* Remove the temporary file; frees o.  NULL is a no-op. */
void juten_output_abort(juten_output *o);

#endif
