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

/* JUTEN_FORMAT_XLSX: an Excel workbook (report/xlsx.c), a sheet per table
 * and a "run" sheet; solve, rank, frontier, explain, alternatives and
 * simulate have one.  It is binary: written to f like the others, but f
 * should be a file (the CLI refuses a terminal). */
typedef enum juten_format {
    JUTEN_FORMAT_TABLE,
    JUTEN_FORMAT_CSV,
    JUTEN_FORMAT_JSON,
    JUTEN_FORMAT_XLSX
} juten_format;

/* Parse "table", "csv", "json", "xlsx"; false if unknown. */
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
/* The portfolios of juten_alternatives, each against set->reference (the
 * optimum): measures added and removed (ids, and names in the text after the
 * table and in CSV/JSON), value, spend and net changes, differ_by. */
juten_status juten_report_alternatives(FILE *f, juten_format fmt, const juten_model *m,
                                       const juten_portfolios *set, juten_diags *d);

/* A simulation's summary (juten simulate): table, CSV (one long table:
 * section, item, name, field, value, ci_low, ci_high) or JSON.  portfolio
 * is the fixed portfolio simulated (one byte per measure); u the
 * declaration drawn from. */
#include "juten_sim.h"
juten_status juten_report_simulation(FILE *f, juten_format fmt, const juten_model *m,
                                     const juten_uncertainty *u, const unsigned char *portfolio,
                                     const char *portfolio_source,
                                     const juten_sim_summary *s, juten_diags *d);

/* The portfolio of a `juten solve --format json` output (its "selected"
 * ids) into x, one byte per measure. */
juten_status juten_report_json_portfolio(const juten_model *m, const char *path, const char *text,
                                         size_t len, unsigned char *x, juten_diags *d);

/* A number as a planner writes it: at most `decimals` decimals, trailing
 * zeros removed, never "-0".  buf must hold 64 bytes. */
const char *juten_text_amount(char *buf, double v, int decimals);

/* Display precision, chosen from the data's own: a table never shows more
 * decimals than the inputs have, and one quantity keeps one number of
 * decimals everywhere it is printed (every column right-aligned).  CSV has
 * the table's decimals too; JSON (and the workbook's cells) keep full
 * precision. */
typedef struct juten_precision {
    int money;  /* amounts of money: the most decimals of any input money cell (cost,
                   saving, their ranges, area spends, ceilings, tag minimums, headroom) */
    int net;    /* realised savings, net cost and budgets (frontier, ranking): money, or
                   more when the savings rate times a saving needs them */
    int value;  /* weighted risk reduction (values, losses, bounds, prices) and risk
                   reductions: the most decimals of any risk_reduction x weight */
} juten_precision;
/* Each field in 0..JUTEN_MAX_DECIMALS.  headroom and savings_rate are the
 * values solved with (a command-line override counts as an input). */
#define JUTEN_MAX_DECIMALS 3
void juten_precision_of(const juten_model *m, double headroom, double savings_rate,
                        juten_precision *p);
/* The fewest decimals d <= max such that v * 10^d is an integer to within
 * 1e-9 (or, for large values, the rounding error of a double of that size);
 * max for NaN and infinities. */
int juten_decimals_of(double v, int max);
/* max(d, the decimals v needs, at most JUTEN_MAX_DECIMALS): a column of
 * derived amounts (ministry charges split by cost_share, realised savings at
 * an overridden rate) widened to what its values need. */
int juten_decimals_widen(int d, double v);

/* v with exactly `decimals` decimals (a column of them lines up), never
 * "-0"; "-" for NaN.  buf must hold 64 bytes. */
const char *juten_text_fixed(char *buf, double v, int decimals);
/* A fraction as a percentage with one decimal: 0.15 -> "15.0%". */
const char *juten_text_percent(char *buf, double fraction);
/* A rate or fraction alone: at most 3 decimals, trailing zeros dropped
 * (1 -> "1", 0.7 -> "0.7", 0.638333 -> "0.638"). */
const char *juten_text_rate(char *buf, double rate);

/* A copy of s fit for one table cell or one line of text: a line break
 * (\n, \r\n or \r) becomes "↵", a tab or other control character a space.
 * NULL when out of memory. */
char *juten_text_one_line(const char *s);

/* Output files: see juten_output.h (the one writer every output goes
 * through). */

#endif
