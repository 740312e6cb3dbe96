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
#include "juten_output.h"
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

/* Output files: see juten_output.h (the one writer every output goes
 * through). */

#endif
