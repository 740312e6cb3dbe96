/*
 * report_int.h -- helpers shared by the report writers: aligned text tables
 * and CSV cells.
 */
#ifndef JUTEN_REPORT_INT_H
#define JUTEN_REPORT_INT_H

#include <stdio.h>
#include "juten_report.h"

typedef struct juten_table juten_table;

/* align: one letter per column, 'l' or 'r'.  max_width caps a column
 * (0: none); longer cells are cut with an ellipsis.  The headers are
 * translated (_()): callers mark them with N_(); an empty header stays
 * empty and one not in the catalogue is printed as given. */
juten_table *juten_table_new(int ncols, const char *const *headers, const char *align);
void juten_table_set_max_width(juten_table *t, int col, int max_width);
bool juten_table_add(juten_table *t, const char *const *cells);
void juten_table_print(const juten_table *t, FILE *f, int indent);
void juten_table_free(juten_table *t);

/* s, then spaces up to `width` display columns (none when s is wider):
 * printf's %-*s for a text that may be Japanese (two columns a character). */
void juten_text_pad(FILE *f, const char *s, int width);
/* The widest display width among texts[0..n) and width: the column a group
 * of hand-aligned labels needs. */
int juten_text_width_max(int width, const char *const *texts, int n);

/* One CSV cell: quoted when needed; text cells starting with = + - @ (or a
 * tab or carriage return) get a leading apostrophe so Excel shows them as
 * text instead of running them as formulas. */
void juten_csv_cell(FILE *f, const char *s, bool is_text);

/* A number in a CSV cell with the decimals the table of the same command
 * shows it with (juten_precision_of: 120.0, 186.06), never "-0"; nothing
 * for NaN or infinities (an empty cell).  A share or probability the table
 * shows as a percent with p decimals goes here as a fraction with p + 2. */
void juten_csv_number(FILE *f, double v, int decimals);
/* The same with trailing zeros dropped, as the table shows rates and
 * weights (juten_text_rate: 1, 0.7, 0.638 with decimals 3). */
void juten_csv_rate(FILE *f, double v, int decimals);

/* "Price of each rule" as text (solve and explain); nothing when n is 0. */
void juten_report_rule_prices_text(FILE *f, const juten_rule_price *prices, int n,
                                   int decimals);
/* Why the offset's price can exceed the whole value (after the prices). */
void juten_report_offset_price_note(FILE *f, const juten_rule_price *prices, int n,
                                    double value);
/* Rules at their limit with the value dropping each alone would gain
 * (gain NULL: not measured, names only), one per line after `indent`. */
void juten_report_binding_text(FILE *f, const char *indent, const char *const *names,
                               const double *gain, int n, int inert, int unchecked,
                               int decimals);

/* The JSON form of each report (json.c), chosen by the juten_report_* of
 * solution.c and analysis.c. */
juten_status juten_report_json_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        const juten_rule_price *prices, int n_prices,
                                        const juten_conflict *conflict, juten_diags *d);
juten_status juten_report_json_frontier(FILE *f, const juten_model *m, const juten_frontier *fr,
                                        juten_diags *d);
juten_status juten_report_json_ranking(FILE *f, const juten_model *m, const juten_ranking *rk,
                                       juten_diags *d);
juten_status juten_report_json_explanations(FILE *f, const juten_model *m,
                                            const juten_measure_explanation *ex, int k,
                                            const juten_rule_price *prices, int n_prices,
                                            juten_diags *d);
juten_status juten_report_json_alternatives(FILE *f, const juten_model *m,
                                            const juten_portfolios *set, juten_diags *d);

juten_status juten_report_json_simulation(FILE *f, const juten_model *m,
                                         const juten_uncertainty *u,
                                         const unsigned char *portfolio,
                                         const char *portfolio_source,
                                         const juten_sim_summary *s, juten_diags *d);

/* The Excel form of each report (xlsx.c): the workbook is built in a
 * scratch directory and copied into f. */
juten_status juten_report_xlsx_solution(FILE *f, const juten_model *m, const juten_result *r,
                                        const juten_rule_price *prices, int n_prices,
                                        const juten_conflict *conflict, juten_diags *d);
juten_status juten_report_xlsx_frontier(FILE *f, const juten_model *m, const juten_frontier *fr,
                                        juten_diags *d);
juten_status juten_report_xlsx_ranking(FILE *f, const juten_model *m, const juten_ranking *rk,
                                       juten_diags *d);
juten_status juten_report_xlsx_explanations(FILE *f, const juten_model *m,
                                            const juten_measure_explanation *ex, int k,
                                            const juten_rule_price *prices, int n_prices,
                                            juten_diags *d);
juten_status juten_report_xlsx_alternatives(FILE *f, const juten_model *m,
                                            const juten_portfolio *p, int n, juten_diags *d);
juten_status juten_report_xlsx_simulation(FILE *f, const juten_model *m,
                                          const juten_uncertainty *u,
                                          const unsigned char *portfolio,
                                          const char *portfolio_source,
                                          const juten_sim_summary *s, juten_diags *d);
/* compare's workbook (compare.c sends JUTEN_FORMAT_XLSX here); files and
 * title as juten_report_compare takes them. */
/* A rule family's name and a solve's status as tables and pages show them,
 * in the chosen language (juten_rule_family_name and juten_outcome_str
 * stay the English tokens of JSON and CSV). */
const char *juten_text_rule_family(unsigned family_bit);
const char *juten_text_outcome(int outcome);

struct juten_comparison;
/* One precision per quantity over every scenario of a comparison (each
 * row of its table mixes them), for its table, CSV and workbook alike. */
void juten_compare_precision(const struct juten_comparison *c, juten_precision *p);
juten_status juten_report_xlsx_comparison(FILE *f, const struct juten_comparison *c,
                                          const char *const *files, const char *title,
                                          juten_diags *d);

#endif
