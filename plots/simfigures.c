/*
 * simfigures.c -- a Monte Carlo run (juten_sim.h's records and summary)
 * turned into its three charts: the net balance against the headroom, how
 * often each measure is in a draw's best portfolio, and what drives the net
 * balance.  The charts (simcharts.c) know nothing of juten's types; the
 * sentences of their titles are made here from the summary's numbers, so
 * the chart says what the table says.  Every sentence is one format
 * string marked for translation (one language per chart).
 */

#include "juten_figures.h"
#include "juten_report.h"
#include "juten_str.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "FY2017 request round: a portfolio of 35 measures, 10000 draws (seed 1)";
 * best: the selection chart's line, "the best portfolio of each draw";
 * caller frees. */
static char *run_line(const juten_plot_options *o, const juten_model *m,
                      const juten_sim_summary *s, const unsigned char *portfolio, bool best)
{
    juten_str b = JUTEN_STR_INIT, t = JUTEN_STR_INIT;
    unsigned long long seed = (unsigned long long)s->seed;
    if (best && s->feasible_draws < s->draws)
        juten_str_printf(&b, _("the best portfolio of each draw, %ld draws (seed %llu), %ld of "
                               "them with a portfolio"),
                         s->draws, seed, s->feasible_draws);
    else if (best)
        juten_str_printf(&b, _("the best portfolio of each draw, %ld draws (seed %llu)"), s->draws,
                         seed);
    else if (portfolio) {
        int k = 0;
        for (int i = 0; i < juten_model_measure_count(m); i++)
            k += portfolio[i] != 0;
        juten_str_printf(&b, P_("a portfolio of %d measure, %ld draws (seed %llu)",
                                "a portfolio of %d measures, %ld draws (seed %llu)", k),
                         k, s->draws, seed);
    } else
        juten_str_printf(&b, _("%ld draws (seed %llu)"), s->draws, seed);
    char *body = juten_str_take(&b);
    if (!body)
        return NULL;
    const char *name = o->title && *o->title ? o->title : juten_model_name(m);
    if (!name || !*name)
        return body;
    juten_str_printf(&t, "%s: %s", name, body);
    free(body);
    return juten_str_take(&t);
}

juten_status juten_figure_simulation(const juten_plot_options *o, const juten_model *m,
                                     const unsigned char *portfolio, const juten_sim_summary *s,
                                     const juten_sim_records *rec, juten_plot_outcome *out,
                                     juten_diags *d)
{
    if (!o || !m || !s || !rec || rec->count < 0 || (rec->count > 0 && !rec->net)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "juten_figure_simulation: options, model, summary and records needed");
        return JUTEN_ERR_USAGE;
    }
    long n = rec->count;
    double *net = malloc(((size_t)n + 1) * sizeof *net);
    char *sub = run_line(o, m, s, portfolio, false);
    juten_status st = JUTEN_ERR_NOMEM;
    if (net && sub) {
        /* A draw the offset rule counts as holding (within the solver's
         * tolerance) is drawn at or below the headroom, so the green bars
         * are exactly the draws the title counts. */
        for (long k = 0; k < n; k++) {
            net[k] = rec->net[k];
            bool holds = rec->holds && rec->n_rules > 0 &&
                         rec->holds[(size_t)k * (size_t)rec->n_rules] != 0;
            if (holds && net[k] > s->headroom)
                net[k] = s->headroom;
        }
        juten_precision pr;
        juten_precision_of(m, s->headroom, s->savings_rate, &pr);
        const char *cur = o->currency ? o->currency : "";
        char p[64], lo[64], hi[64], h[64], title[256], limit[160];
        juten_text_percent(p, s->offset_probability);
        juten_text_percent(lo, s->offset_ci_lo);
        juten_text_percent(hi, s->offset_ci_hi);
        size_t l = strlen(lo);
        if (l > 0 && lo[l - 1] == '%')
            lo[l - 1] = 0; /* "11.8–13.1%" */
        /* TRANSLATORS: the share of draws, then the interval's ends, "12.4%", "11.8", "13.1%" */
        snprintf(title, sizeof title, _("Offset holds in %s of draws (95%% interval %s\u2013%s)"),
                 p, lo, hi);
        juten_text_amount(h, s->headroom, pr.money);
        char with[96];
        snprintf(with, sizeof with, "%s%s%s", h, *cur ? " " : "", cur);
        double lo_v = HUGE_VAL, hi_v = -HUGE_VAL;
        for (long k = 0; k < n; k++) {
            lo_v = fmin(lo_v, net[k]);
            hi_v = fmax(hi_v, net[k]);
        }
        double span = hi_v - lo_v > 0 ? hi_v - lo_v : 1;
        /* the chart leaves out a limit this far from the data: say where */
        /* TRANSLATORS: the limit's key: the amount and its unit, "12 億円" */
        if (n > 0 && s->headroom > hi_v + 0.5 * span)
            snprintf(limit, sizeof limit, _("headroom %s (off the chart, to the right)"), with);
        else if (n > 0 && s->headroom < lo_v - 0.5 * span)
            snprintf(limit, sizeof limit, _("headroom %s (off the chart, to the left)"), with);
        else
            snprintf(limit, sizeof limit, _("headroom %s"), with);
        const char *legend[] = {_("draws where the offset holds"), _("draws where it breaks"),
                                _("cumulative share of draws (right axis)"), limit};
        juten_plot_options fo = *o;
        fo.title = title;
        fo.subtitle = sub;
        st = juten_plot_distribution(&fo, _("net balance: spending minus realised savings"), n,
                                     net, s->headroom, legend, out, d);
    }
    free(net);
    free(sub);
    return st;
}

static int class_index(const char *c)
{
    return !c ? 1 : !strcmp(c, "core") ? 0 : !strcmp(c, "exterior") ? 2 : 1;
}

juten_status juten_figure_selection(const juten_plot_options *o, const juten_model *m,
                                    const unsigned char *portfolio, const juten_sim_summary *s,
                                    juten_plot_outcome *out, juten_diags *d)
{
    if (!o || !m || !s) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "juten_figure_selection: options, model and summary needed");
        return JUTEN_ERR_USAGE;
    }
    if (!s->reoptimised) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "the selection chart needs a simulation with reoptimisation "
                        "(--reoptimise)");
        return JUTEN_ERR_USAGE;
    }
    int n = s->n_selection;
    int *idx = malloc(((size_t)n + 1) * sizeof *idx);
    const char **id = malloc(((size_t)n + 1) * sizeof *id);
    const char **name = malloc(((size_t)n + 1) * sizeof *name);
    double *f = malloc(((size_t)n + 1) * sizeof *f), *lo = malloc(((size_t)n + 1) * sizeof *lo),
           *hi = malloc(((size_t)n + 1) * sizeof *hi);
    int *cls = malloc(((size_t)n + 1) * sizeof *cls);
    bool *mk = malloc(((size_t)n + 1) * sizeof *mk);
    char *sub = run_line(o, m, s, NULL, true);
    juten_status st = JUTEN_ERR_NOMEM;
    if (idx && id && name && f && lo && hi && cls && mk && sub) {
        /* most often selected first; ties in measure order (stable) */
        for (int i = 0; i < n; i++) {
            int v = i, b = i - 1;
            while (b >= 0 && s->selection[idx[b]].frequency < s->selection[v].frequency) {
                idx[b + 1] = idx[b];
                b--;
            }
            idx[b + 1] = v;
        }
        for (int q = 0; q < n; q++) {
            const juten_selection *sl = &s->selection[idx[q]];
            id[q] = juten_model_measure_id(m, sl->measure);
            name[q] = juten_model_measure_name(m, sl->measure);
            f[q] = sl->frequency;
            lo[q] = sl->ci_lo;
            hi[q] = sl->ci_hi;
            cls[q] = class_index(sl->class_name);
            mk[q] = portfolio && portfolio[sl->measure];
        }
        juten_plot_options fo = *o;
        fo.title = _("How often each measure is in a draw's best portfolio");
        fo.subtitle = sub;
        st = juten_plot_selection(&fo, n, id, name, f, lo, hi, cls, mk, out, d);
    }
    free(idx);
    free(id);
    free(name);
    free(f);
    free(lo);
    free(hi);
    free(cls);
    free(mk);
    free(sub);
    return st;
}

juten_status juten_figure_drivers(const juten_plot_options *o, const juten_model *m,
                                  const unsigned char *portfolio, const juten_sim_summary *s,
                                  int max_rows, juten_plot_outcome *out, juten_diags *d)
{
    if (!o || !m || !s) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "juten_figure_drivers: options, model and summary needed");
        return JUTEN_ERR_USAGE;
    }
    int n = s->n_drivers; /* |rank correlation| descending already */
    if (max_rows > 0 && n > max_rows)
        n = max_rows;
    char **lab = calloc((size_t)n + 1, sizeof *lab);
    double *v = malloc(((size_t)n + 1) * sizeof *v);
    char *sub = run_line(o, m, s, portfolio, false);
    juten_status st = lab && v && sub ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int q = 0; q < n && st == JUTEN_OK; q++) {
        const juten_driver *dr = &s->drivers[q];
        int mi = juten_model_measure_ministry(m, dr->measure);
        /* the field in words, in the chart's language ("risk_reduction"
         * is the data files' name of it) */
        static const char *const field_words[JUTEN_FIELDS] = {
            [JUTEN_FIELD_COST] = N_("cost"),
            [JUTEN_FIELD_RISK] = N_("risk reduction"),
            [JUTEN_FIELD_SAVING] = N_("saving"),
        };
        const char *field =
            (unsigned)dr->field < JUTEN_FIELDS ? _(field_words[dr->field]) : "?";
        /* "M42 cost (MEXT)  高等教育における…": the chart cuts the name */
        juten_str t = JUTEN_STR_INIT;
        juten_str_printf(&t, "%s %s", juten_model_measure_id(m, dr->measure), field);
        if (mi >= 0)
            juten_str_printf(&t, " (%s)", juten_model_ministry_id(m, mi));
        char *nm = juten_text_one_line(juten_model_measure_name(m, dr->measure));
        if (nm && *nm)
            juten_str_printf(&t, "  %s", nm);
        free(nm);
        if (!(lab[q] = juten_str_take(&t)))
            st = JUTEN_ERR_NOMEM;
        v[q] = dr->rank_correlation;
    }
    if (st == JUTEN_OK) {
        juten_plot_options fo = *o;
        fo.title = _("What moves the net balance most");
        fo.subtitle = sub;
        st = juten_plot_drivers(&fo, _("rank correlation of the estimate with the net balance "
                                       "(Spearman)"),
                                n, (const char *const *)lab, v, out, d);
    }
    for (int q = 0; lab && q < n; q++)
        free(lab[q]);
    free(lab);
    free(v);
    free(sub);
    return st;
}
