/*
 * juten_figures.h -- the charts of juten's own results: the exact frontier,
 * the ranking, the area allocation of a portfolio and the tornado of
 * break-even margins; and the charts of a simulation (`juten simulate`).  (juten_plot.h draws charts from plain arrays.)
 */
#ifndef JUTEN_FIGURES_H
#define JUTEN_FIGURES_H

#include "juten_analysis.h"
#include "juten_plot.h"
#include "juten_sim.h"

/* The frontier, titled by what it shows, the scenario's headroom (or
 * savings rate) marked: o->budget when set (a headroom, or a savings rate
 * as a fraction), else the model's; a savings rate is drawn in %. */
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

/* The charts of a simulation of portfolio (one byte per measure; NULL: not
 * named) with its summary (juten_sim_summarise of rec).  o->title, when
 * set, names the scenario in the subtitle; the title is the chart's
 * sentence. */
/* The net balance of every draw against the headroom; the title gives the
 * probability that the offset holds and its interval. */
juten_status juten_figure_simulation(const juten_plot_options *o, const juten_model *m,
                                     const unsigned char *portfolio, const juten_sim_summary *s,
                                     const juten_sim_records *rec, juten_plot_outcome *out,
                                     juten_diags *d);
/* Selection frequencies, most often selected first; needs a summary with
 * reoptimisation (else JUTEN_ERR_USAGE). */
juten_status juten_figure_selection(const juten_plot_options *o, const juten_model *m,
                                    const unsigned char *portfolio, const juten_sim_summary *s,
                                    juten_plot_outcome *out, juten_diags *d);
/* The max_rows (0: all) strongest drivers of the net balance. */
juten_status juten_figure_drivers(const juten_plot_options *o, const juten_model *m,
                                  const unsigned char *portfolio, const juten_sim_summary *s,
                                  int max_rows, juten_plot_outcome *out, juten_diags *d);

/* The price of confidence of juten_confidence_solve (with options.price):
 * value against the probability achieved out of sample, nominal to robust. */
#include "juten_confidence.h"
juten_status juten_figure_confidence(const juten_plot_options *o, const juten_model *m,
                                     const juten_confidence *c, juten_plot_outcome *out,
                                     juten_diags *d);

/* `juten compare --plot`: value and spending by area, one group per area,
 * one bar per scenario (numbered as in the comparison's table). */
#include "juten_compare.h"
juten_status juten_figure_compare(const juten_plot_options *o, const juten_comparison *c,
                                  juten_plot_outcome *out, juten_diags *d);
#endif
