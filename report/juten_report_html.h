/*
 * juten_report_html.h -- the meeting report: one self-contained HTML page
 * (`juten report`) holding the whole argument for a budget round, or for a
 * set of what-if scenarios.
 *
 * The page has no script, no style sheet, image or font of its own outside
 * it and no address to fetch: CSS is inline, charts are inline SVG (drawn by
 * gnuplot's svg terminal and passed in as text).  Every text from the data
 * (names, ids, file names, the command line) is escaped.  The command
 * computes every part (cli/cmd_report.c); a part left NULL is a section
 * left out, except the decision, portfolio and record, which are always
 * there.  The same inputs give the same bytes: no clock, host or user
 * appears in it.
 */
#ifndef JUTEN_REPORT_HTML_H
#define JUTEN_REPORT_HTML_H

#include <stdio.h>
#include "juten_analysis.h"
#include "juten_compare.h"
#include "juten_confidence.h"
#include "juten_report.h"
#include "juten_sim.h"

/* The charts of the report, each an SVG document (NULL: not drawn). */
typedef enum juten_html_chart {
    JUTEN_HTML_FRONTIER,
    JUTEN_HTML_RANKING,
    JUTEN_HTML_ALLOCATION,
    JUTEN_HTML_TORNADO,
    JUTEN_HTML_SIMULATION,
    JUTEN_HTML_CONFIDENCE,
    JUTEN_HTML_COMPARE,
    JUTEN_HTML_NCHARTS
} juten_html_chart;

typedef struct juten_meeting {
    const juten_model *model;          /* the round reported (a comparison's reference) */
    const char *file;                  /* its path as given */
    const juten_result *result;        /* its optimum (required) */
    const juten_prices *prices;        /* rule prices; NULL: not computed */
    const juten_result *more;          /* the optimum with `more_amount` more headroom
                                          (one more 億円 of savings or headroom); NULL: none */
    double more_amount;
    const juten_frontier *frontier;    /* the budgets examined by the ranking (grid) */
    const juten_ranking *ranking;
    int ranking_rows;                  /* rows of the ranking table (the chart has all) */
    const juten_explanations *explanations; /* every measure explained (measure order) */
    const int *explain_ids;            /* measures asked for with --explain (indices) */
    int n_explain_ids;
    int explain_nearest;               /* how many of the closest to flipping to show */
    const juten_portfolios *alternatives;
    const juten_sim_summary *simulation; /* of the optimum; NULL: no [uncertainty] */
    const juten_confidence *confidence;  /* with its price of confidence; NULL: none */
    const juten_comparison *comparison;  /* several scenarios; NULL: one */
    const char *const *comparison_files;
    const char *comparison_title;        /* the set's name, or NULL */
    const char *chart[JUTEN_HTML_NCHARTS];
    /* the decision record */
    const char *command_line;          /* as typed, for the record */
    const char *juten_version, *solver_version, *gsl_version;
    const juten_solve_options *solve;  /* the options the figures were computed with */
} juten_meeting;

void juten_meeting_init(juten_meeting *mt);

/* Write the page.  JUTEN_ERR_IO when writing fails. */
juten_status juten_report_html(FILE *f, const juten_meeting *mt, juten_diags *d);

#endif
