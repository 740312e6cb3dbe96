/*
 * juten_plot.h -- charts of juten results, drawn by gnuplot.
 *
 * Each chart is three files side by side: the image (e.g. frontier.png), the
 * data (frontier.dat) and the gnuplot script (frontier.gp).  The data and the
 * script are always written and kept, so a planner can re-render or restyle
 * a chart by hand ("gnuplot -d frontier.gp" in that directory).
 *
 * Every piece of text that comes from the caller -- measure names, ids, area
 * and portfolio names, labels, the title, the axis labels, the currency --
 * goes into the .dat file only; the script reads it from there as data.
 * gnuplot runs backquoted shell commands and expands @macros in the script
 * text, so a measure named "`rm -rf ~`" must never reach it.
 *
 * gnuplot runs as a child process without a shell, with a time limit, with
 * its output captured (the library prints nothing).  A machine without
 * gnuplot is not an error: the data and script are written, the outcome says
 * the image was not rendered and how to render it later, and the call
 * returns JUTEN_OK.
 *
 * Every file is written by the shared writer (juten_output.h): gnuplot
 * renders into a private scratch directory and the image is then copied to
 * the output under the same rules as every other juten output.
 *
 * Strings are UTF-8.  Money values are in the model's unit (options.currency
 * names it on the axes); shares are fractions (0.25 = 25 %).
 */
#ifndef JUTEN_PLOT_H
#define JUTEN_PLOT_H

#include <stdbool.h>
#include "juten_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum juten_plot_terminal { JUTEN_PLOT_PNG, JUTEN_PLOT_SVG, JUTEN_PLOT_PDF } juten_plot_terminal;

/* "png", "svg", "pdf" (any case); false if unknown (out untouched). */
bool juten_plot_terminal_parse(const char *s, juten_plot_terminal *out);

typedef struct juten_plot_options {
    juten_plot_terminal terminal;   /* default PNG (pngcairo, or gd png without cairo) */
    const char *output;             /* image path, e.g. "frontier.png"; the .dat and .gp files are
                                       written beside it with the same stem: frontier.dat, frontier.gp.
                                       The file name (not the directory) may hold letters, digits,
                                       non-ASCII characters, space and . _ - + = , ( ) [ ] only
                                       (not starting with -),
                                       because the script must name its files.  Its
                                       extension, if any, must name the terminal (.png,
                                       .svg, .pdf, any case): a mismatch or another
                                       extension is JUTEN_ERR_USAGE.  A regular file is
                                       replaced atomically; a symlink, FIFO or device is
                                       written through (for a FIFO or device the .dat and
                                       .gp are made in a scratch directory and not kept);
                                       a .dat or .gp that is a symlink is replaced, never
                                       followed, and one that is a FIFO or device refused. */
    double timeout;                 /* seconds gnuplot may run, default 30; INFINITY: no limit */
    const char *gnuplot;            /* program name (searched in PATH) or path, default "gnuplot" */
    const char *title;              /* chart title (may be Japanese), may be NULL */
    const char *subtitle;           /* a second, smaller title line, may be NULL */
    const char *currency;           /* unit label for money axes, e.g. "億円", may be "" or NULL */
    bool approximate;               /* frontier: the values are proven within a gap, not optimal
                                       (the legend says so) */
    bool cut;                       /* frontier: the list of points was cut (max points or the
                                       range), so the curve may change after its last point: it
                                       is not drawn on beyond it, and a budget beyond it gets no
                                       point on the curve */
    double budget;                  /* frontier and ranking: the scenario's own budget on the
                                       x axis, drawn as a dashed vertical line (the range
                                       widened to show it); NAN (default): none */
    const char *budget_label;       /* the text beside that line, e.g. "scenario's budget: 0 億円"
                                       (a caller text); NULL: "scenario's budget" */
} juten_plot_options;

/* Defaults: PNG, no output (must be set), 30 s, "gnuplot", no title or subtitle, "", no budget. */
void juten_plot_options_init(juten_plot_options *o);

typedef struct juten_plot_outcome {
    bool rendered;                  /* gnuplot ran and the image exists and is non-empty */
    bool files_kept;                /* the .dat and .gp are kept beside the image (false when
                                       the image goes to a device or FIFO, e.g. /dev/stdout) */
    char message[512];              /* when not rendered: why (e.g. "gnuplot was not found in PATH"),
                                       and the exact command to render it later, e.g.
                                       "gnuplot -d frontier.gp" run in the directory of the files;
                                       "" when rendered */
} juten_plot_outcome;

/*
 * All the chart calls share these rules.  out may be NULL.  Status:
 *   JUTEN_OK            written; rendered, or gnuplot is missing (see out)
 *   JUTEN_ERR_USAGE     bad arguments (n < 0, NULL arrays, unusable file name)
 *   JUTEN_ERR_CANTCREAT the files cannot be created or opened (e.g. missing
 *                       directory)
 *   JUTEN_ERR_IO        writing failed (a full disk, /dev/full), or gnuplot
 *                       failed or timed out (its last error lines are in the
 *                       diagnostic); the previous image, if any, is left
 *                       untouched
 *   JUTEN_ERR_NOMEM     out of memory
 */

/* Frontier: the step curve of the optimal value against money available (x,
 * non-decreasing), drawn as steps (each value holds from its x to the next
 * x, the last a little beyond, or on to the budget), the LP-relaxation bound
 * as a line (lp_bound may be NULL; NAN entries are skipped), breakpoints
 * marked.  Breakpoints with a label[i] (label or label[i] may be NULL or "";
 * give a few, e.g. "+M28 日本版NCFTAへの参画, +2 more") get it written
 * horizontally below the curve, beside the point, where it collides with
 * neither the curve nor another label; one with no such place is left out.
 * The y axis fits the values (it starts at 0 only when they do).  The key
 * is in the top left corner, which a non-decreasing curve leaves empty.
 * xlabel/ylabel may be NULL; the currency (when not "") is added to the x
 * label. */
juten_status juten_plot_frontier(const juten_plot_options *o, const char *xlabel, const char *ylabel,
                                 int n, const double *x, const double *value, const double *lp_bound,
                                 const char *const *label, juten_plot_outcome *out, juten_diags *d);

/* Ranking: horizontal bars, one per measure in rank order (first at the top),
 * bar length = entry budget (the x at which it enters; NAN: never, no bar),
 * coloured by area (area[i] is an index 0..n_areas-1 into area_names);
 * measures that leave again (leaves[i] true; leaves may be NULL) are hatched
 * and marked.  name may be NULL (ids only).  The key sits in rows kept free
 * above the bars; o->budget, when set, is drawn as a line across the bars. */
juten_status juten_plot_ranking(const juten_plot_options *o, int n, const char *const *id,
                                const char *const *name, const int *area, const double *entry_at,
                                const bool *leaves, int n_areas, const char *const *area_names,
                                juten_plot_outcome *out, juten_diags *d);

/* Allocation: per area, grouped bars of the funded share of spending, one
 * per portfolio (e.g. "base", "austerity"), compared against the required
 * minimum and maximum shares (min_share/max_share may be NULL; NAN = none).
 * share[k * n_areas + a] is the share of area a in portfolio k. */
juten_status juten_plot_allocation(const juten_plot_options *o, int n_areas,
                                   const char *const *area_names, const double *min_share,
                                   const double *max_share, int n_portfolios,
                                   const char *const *portfolio_names, const double *share,
                                   juten_plot_outcome *out, juten_diags *d);

/* Tornado: per measure, a horizontal bar from low[i] to high[i] around a
 * centre line at 0 (break-even margins: how far an estimate may move before
 * the decision flips), first at the top, in the order given.  An infinite
 * margin (the decision never flips) is drawn to the edge and marked "∞";
 * NAN draws nothing on that side.  The key sits above the bars. */
juten_status juten_plot_tornado(const juten_plot_options *o, const char *xlabel, int n,
                                const char *const *label, const double *low, const double *high,
                                juten_plot_outcome *out, juten_diags *d);
/* The same, with the rows of funded[i] (may be NULL) marked "funded": a
 * filled square at the left edge, in the key as "funded (in the portfolio)". */
juten_status juten_plot_tornado_funded(const juten_plot_options *o, const char *xlabel, int n,
                                       const char *const *label, const double *low,
                                       const double *high, const bool *funded,
                                       juten_plot_outcome *out, juten_diags *d);

/* The charts of a Monte Carlo run (simcharts.c).  Their fixed texts are
 * English; caller texts (names, legend entries) may be in any language. */

/* Distribution: a histogram of x[0..n) (share of values per bin, in %) and
 * its cumulative share on a second axis, against a limit drawn as a
 * vertical line (NAN: none).  Bins are right-closed with an edge at the
 * limit, so each bin is wholly at or below it (legend[0], green) or above
 * it (legend[1], red); their width is a round number near the
 * Freedman-Diaconis width, 12 to 60 bins over the data.  legend[2] names
 * the cumulative curve, legend[3] the limit (a limit far outside the data
 * is not drawn and only named: say where it is in legend[3]).  The axes fit
 * the data (and the limit when it is near); the currency is added to
 * xlabel.  The title and subtitle come from the options. */
juten_status juten_plot_distribution(const juten_plot_options *o, const char *xlabel, long n,
                                     const double *x, double limit, const char *const *legend,
                                     juten_plot_outcome *out, juten_diags *d);

/* Selection: per measure, in the order given (first at the top), a bar of
 * frequency[i] (a fraction of draws) with the interval ci_lo..ci_hi as
 * whiskers (either may be NULL), coloured by cls[i] (0 core, 1 borderline,
 * 2 exterior), labelled "id  name" (name may be NULL) and the value; the
 * measures with marked[i] (may be NULL) get a mark in a column of their
 * own.  Dashed lines at 10 % and 90 % show the class limits. */
juten_status juten_plot_selection(const juten_plot_options *o, int n, const char *const *id,
                                  const char *const *name, const double *frequency,
                                  const double *ci_lo, const double *ci_hi, const int *cls,
                                  const bool *marked, juten_plot_outcome *out, juten_diags *d);

/* Drivers of the net balance: a tornado of value[i] (a correlation, -1 to
 * 1) in the order given, positive to the right (red: a higher estimate
 * raises the net balance), negative to the left (blue), each labelled
 * label[i] and its value with two decimals; the axis is symmetric. */
juten_status juten_plot_drivers(const juten_plot_options *o, const char *xlabel, int n,
                                const char *const *label, const double *value,
                                juten_plot_outcome *out, juten_diags *d);

/* Confidence: the price of confidence, one point per portfolio (levels,
 * nominal, robust) at (achieved probability, value), with the probability's
 * interval as a horizontal bar (ci_lo/ci_hi may be NULL), joined in the
 * order given and labelled label[i].  Probabilities are fractions; a point
 * with a NAN probability or value (no portfolio) is left out. */
juten_status juten_plot_confidence(const juten_plot_options *o, const char *ylabel, int n,
                                   const char *const *label, const double *probability,
                                   const double *ci_lo, const double *ci_hi, const double *value,
                                   juten_plot_outcome *out, juten_diags *d);
/* Two panels of grouped bars over the same groups (e.g. policy areas): per
 * group one bar per series (e.g. scenario) of top[k * n_groups + g] in the
 * upper panel (axis top_label) and bottom[...] in the lower (bottom_label);
 * NAN draws no bar.  The title comes from the options (compare.c). */
juten_status juten_plot_grouped_pair(const juten_plot_options *o, int n_groups,
                                     const char *const *group_names, int n_series,
                                     const char *const *series_names, const char *top_label,
                                     const double *top, const char *bottom_label,
                                     const double *bottom, juten_plot_outcome *out,
                                     juten_diags *d);
#ifdef __cplusplus
}
#endif
#endif
