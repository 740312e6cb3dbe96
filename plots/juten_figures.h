/*
 * juten_figures.h -- the charts of juten's own results: the exact frontier,
 * the ranking, the area allocation of a portfolio and the tornado of
 * break-even margins.  (juten_plot.h draws charts from plain arrays.)
 */
#ifndef JUTEN_FIGURES_H
#define JUTEN_FIGURES_H

#include "juten_analysis.h"
#include "juten_plot.h"

juten_status juten_figure_frontier(const juten_plot_options *o, const juten_model *m,
                                   const juten_frontier *f, juten_plot_outcome *out,
                                   juten_diags *d);
juten_status juten_figure_ranking(const juten_plot_options *o, const juten_model *m,
                                  const juten_ranking *r, juten_plot_outcome *out,
                                  juten_diags *d);
/* Area shares of all candidates ("requested") beside the optimal portfolio,
 * against the minimum and maximum shares. */
juten_status juten_figure_allocation(const juten_plot_options *o, const juten_model *m,
                                     const juten_result *r, juten_plot_outcome *out,
                                     juten_diags *d);
/* The max_rows most fragile decisions (0: all). */
juten_status juten_figure_tornado(const juten_plot_options *o, const juten_model *m,
                                  const juten_measure_explanation *ex, int k, int max_rows,
                                  juten_plot_outcome *out, juten_diags *d);

/* The price of confidence of juten_confidence_solve (with options.price):
 * value against the probability achieved out of sample, nominal to robust. */
#include "juten_confidence.h"
juten_status juten_figure_confidence(const juten_plot_options *o, const juten_model *m,
                                     const juten_confidence *c, juten_plot_outcome *out,
                                     juten_diags *d);
#endif
