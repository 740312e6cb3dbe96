/*
 * compare.c (plots) -- the chart of `juten compare --plot`: per policy
 * area, one bar per scenario, of the value funded (upper panel) and the
 * spending (lower panel), so a meeting sees at a glance where each what-if
 * moves the money and what it buys.  Built like the allocation chart:
 * every caller text (area and scenario names, the axis labels) goes to the
 * .dat file only and the script reads it from there.
 */
#include "juten_figures.h"
#include "plot_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SERIES_COLOURS 10 /* the palette's line types (charts.c) */

juten_status juten_plot_grouped_pair(const juten_plot_options *o, int n_groups,
                                     const char *const *group_names, int n_series,
                                     const char *const *series_names, const char *top_label,
                                     const double *top, const char *bottom_label,
                                     const double *bottom, juten_plot_outcome *out,
                                     juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_grouped_pair"))
        return JUTEN_ERR_USAGE;
    if (n_groups < 1 || n_series < 1 || !group_names || !series_names || !top || !bottom)
        return juten_plot_bad_args(d, "juten_plot_grouped_pair: at least one group and one "
                                      "series, with their names and both value arrays");
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "grouped bars",
        "# Block 1: series (scenarios): index, name.\n"
        "# Block 2: groups (areas): index, name, the upper value of each series, then the\n"
        "#          lower value of each series.\n"
        "# Block 3: 0, the upper panel's axis label, the lower panel's.\n",
        1200, 900, NULL, NULL, d);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    const int K = n_series, G = n_groups;
    juten_plot_dat_block(df, 1);
    for (int k = 0; k < K; k++) {
        fprintf(df, "%d\t", k);
        juten_plot_dat_str(df, series_names[k], 40);
        fputc('\n', df);
    }
    juten_plot_dat_block(df, K);
    double lo[2] = {0, 0}, hi[2] = {0, 0};
    for (int g = 0; g < G; g++) {
        fprintf(df, "%d\t", g);
        juten_plot_dat_str(df, group_names[g], 0);
        for (int p = 0; p < 2; p++)
            for (int k = 0; k < K; k++) {
                double v = (p ? bottom : top)[(size_t)k * (size_t)G + (size_t)g];
                fputc('\t', df);
                juten_plot_dat_num(df, v);
                if (isfinite(v)) {
                    lo[p] = v < lo[p] ? v : lo[p];
                    hi[p] = v > hi[p] ? v : hi[p];
                }
            }
        fputc('\n', df);
    }
    juten_plot_dat_block(df, G);
    fputs("0\t", df);
    juten_plot_dat_str(df, top_label, 0);
    fputc('\t', df);
    juten_plot_dat_str(df, bottom_label, 0);
    fputc('\n', df);

    char a1[40], a2[40], w[40], off[40];
    double width = 0.8 / K;
    fprintf(gp, "array juten_pf[%d]\n", K);
    fputs("stats juten_dat index 1 using (juten_pf[int($1) + 1] = strcol(2), 0) nooutput\n"
          "juten_top = \"\"; juten_bottom = \"\"\n"
          "stats juten_dat index 3 using (juten_top = strcol(2), juten_bottom = strcol(3), 0) "
          "nooutput\n",
          gp);
    juten_plot_write_palette(gp);
    fprintf(gp, "set xrange [-0.6:%s]\n", juten_plot_num(a1, G - 0.4));
    fprintf(gp, "set boxwidth %s absolute\n", juten_plot_num(w, width));
    fputs("set style fill solid 0.9 border lc rgb \"#555555\"\n"
          "set xtics scale 0 nomirror\n"
          "set ytics nomirror\n"
          "set grid ytics lc rgb \"#dddddd\"\n"
          "set border 3\n"
          "set xzeroaxis lt -1\n"
          "set key outside right top vertical box spacing 1.2\n"
          /* both panels the same width, the legend in the right margin */
          "set lmargin 10\n"
          "set rmargin at screen 0.64\n"
          "unset title\n"
          "set multiplot layout 2,1 title juten_title noenhanced font \",14\"\n",
          gp);
    for (int p = 0; p < 2; p++) {
        double span = hi[p] - lo[p];
        if (span <= 0)
            span = 1;
        fprintf(gp, "set ylabel %s noenhanced\n", p ? "juten_bottom" : "juten_top");
        fprintf(gp, "set yrange [%s:%s]\n", juten_plot_num(a1, lo[p] < 0 ? lo[p] - 0.1 * span : 0),
                juten_plot_num(a2, hi[p] + 0.1 * span));
        if (p)
            fputs("unset key\n", gp);
        fputs("plot juten_dat index 2 using 1:(0):xtic(2) with points pt -1 notitle", gp);
        for (int k = 0; k < K; k++) {
            juten_plot_num(off, (k - (K - 1) / 2.0) * width);
            fprintf(gp, ", \\\n     juten_dat index 2 using ($1 + %s):%d with boxes lt %d "
                        "title juten_pf[%d]",
                    off, 3 + p * K + k, k % SERIES_COLOURS + 1, k + 1);
        }
        fputc('\n', gp);
    }
    fputs("unset multiplot\n", gp);
    return juten_plot_finish(&j, out);
}

juten_status juten_figure_compare(const juten_plot_options *o, const juten_comparison *c,
                                  juten_plot_outcome *out, juten_diags *d)
{
    if (!c || c->n < 1 || c->n_areas < 1)
        return juten_plot_bad_args(d, "juten_figure_compare: a comparison with areas");
    const int K = c->n, G = c->n_areas;
    double *val = malloc((size_t)K * (size_t)G * sizeof *val);
    double *spend = malloc((size_t)K * (size_t)G * sizeof *spend);
    char **names = calloc((size_t)K, sizeof *names);
    juten_status st = val && spend && names ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int k = 0; st == JUTEN_OK && k < K; k++) {
        const juten_compare_scenario *s = &c->s[k];
        const char *nm = juten_model_name(s->model);
        size_t len = strlen(nm ? nm : "") + 16;
        names[k] = malloc(len);
        if (!names[k]) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        snprintf(names[k], len, "%d %s", k + 1, nm ? nm : "");
        for (int g = 0; g < G; g++) {
            val[(size_t)k * G + g] = s->have ? s->area_value[g] : NAN;
            spend[(size_t)k * G + g] = s->have ? s->area_spend[g] : NAN;
        }
    }
    const char *cur = juten_model_currency(c->s[0].model);
    char *sl = st == JUTEN_OK ? juten_plot_with_unit(_("Spending"), cur) : NULL;
    if (st == JUTEN_OK && !sl)
        st = JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_plot_grouped_pair(o, G, c->area_ids, K, (const char *const *)names,
                                     _("Value (weighted risk reduction)"), val, sl, spend, out, d);
    free(sl);
    for (int k = 0; names && k < K; k++)
        free(names[k]);
    free(names);
    free(val);
    free(spend);
    return st;
}
