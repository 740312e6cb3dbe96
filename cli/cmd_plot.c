/*
 * cmd_plot.c -- `juten plot`: the charts for the decision meeting, and the
 * helpers behind the --plot option of frontier, rank, explain and solve.
 */
#include "cli.h"
#include "juten_i18n.h"
#include "juten_figures.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void help_plot(FILE *f)
{
    fputs(_("Usage: juten plot SCENARIO KIND [--terminal png|svg|pdf] [-o FILE] [OPTIONS]\n"), f);
    fputc('\n', f);
    fprintf(f, _("Draws a chart with gnuplot. KIND is one of\n"
               "  frontier    the exact trade-off curve (steps), with the LP bound, the\n"
               "              scenario's headroom marked and the measure of most value\n"
               "              joining at each of the five largest steps\n"
               "  ranking     bars by entry budget, coloured by policy area; measures that\n"
               "              leave again are marked, and so is the scenario's headroom\n"
               "  allocation  spending share per policy area: all candidates against the\n"
               "              optimal portfolio, with the minimum and maximum shares\n"
               "  tornado     the most fragile decisions: how far each risk-reduction\n"
               "              estimate may move before the decision flips; funded measures\n"
               "              marked\n"
               "  simulation  the net balance over the draws of juten simulate: histogram and\n"
               "              cumulative share against the headroom; the title says how\n"
               "              often the offset holds (95%% interval)\n"
               "  selection   how often each measure is in a draw's best portfolio (implies\n"
               "              --reoptimise), with Wilson 95%% intervals, coloured core,\n"
               "              borderline or exterior; the portfolio's measures marked\n"
               "  drivers     the estimates that move the net balance most: rank\n"
               "              correlation, positive to the right, negative to the left\n"
               "  confidence  the price of confidence: the value of the best portfolio\n"
               "              against the probability its offset holds (checked on fresh\n"
               "              draws, with the 95%% interval), from the nominal optimum\n"
               "              through 50%% ... 99%% to the robust one (as solve\n"
               "              --confidence 0.95 computes it, with its defaults; --seed\n"
               "              applies)\n"
               "The image is written to FILE (default KIND.png, .svg or .pdf) and the data\n"
               "(.dat) and gnuplot script (.gp) beside it are kept. Without gnuplot the .dat\n"
               "and .gp files are still written, with a warning saying how to render them.\n"
               "The format follows FILE's extension (.png, .svg, .pdf); another extension,\n"
               "or --terminal disagreeing with it, is a usage error. A FILE without one (a\n"
               "device such as /dev/stdout) is PNG unless --terminal says otherwise.\n"
               "A regular FILE is replaced atomically (the previous image is kept if\n"
               "gnuplot fails); a symlink, FIFO or device is written through, never\n"
               "replaced, and for a FIFO or device no .dat or .gp is kept. A .dat or .gp\n"
               "that is a symlink is replaced by the new file (what it points to is never\n"
               "written). SVG names the fonts IPAexGothic, Noto Sans CJK JP, Yu Gothic,\n"
               "Meiryo, sans-serif, so Japanese shows on a PC without IPAex.\n"
               "The commands frontier, rank, explain and solve take --plot FILE too, and\n"
               "simulate --plot FILE draws the simulation chart.\n"));
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --terminal T         png (default), svg or pdf\n"
            "  --max-points N       frontier: at most N breakpoints (default 200)\n"
            "  --parameter P        frontier: headroom (default) or savings-rate\n"
            "  --from X, --to Y     frontier and ranking: the range of the parameter (the\n"
            "                       ranking's default as for `juten rank`)\n"
            "  --rows N             tornado: the N most fragile decisions; drivers: the N\n"
            "                       strongest (default 25)\n"
            "  --portfolio P, --draws N, --seed S, --jobs T, --reoptimise\n"
            "                       simulation, selection and drivers: as for juten\n"
            "                       simulate, --time-limit too (the same draws, so the\n"
            "                       same numbers)\n"
            "  -o, --output FILE    the image file\n"
            "  --time-limit SEC, --gap REL, --headroom X, --savings-rate R, --no-heuristic,\n"
            "  --quiet              as for juten solve\n"
            "  -h, --help           show this help\n"),
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "plot");
}

void cli_plot_options(juten_plot_options *po, const juten_model *m, const char *path)
{
    juten_plot_options_init(po);
    po->output = path;
    const char *dot = strrchr(path, '.');
    if (dot)
        juten_plot_terminal_parse(dot + 1, &po->terminal);
    po->title = juten_model_name(m);
    po->currency = juten_model_currency(m);
}

juten_status cli_plot_finish(juten_status st, const juten_plot_outcome *oc, const char *path)
{
    cli_progress_clear();
    if (st != JUTEN_OK)
        return st;
    if (oc->rendered && oc->files_kept)
        fprintf(stderr, _("juten: chart written to %s (data and gnuplot script kept beside it)\n"),
                path);
    else if (oc->rendered)
        fprintf(stderr, _("juten: chart written to %s\n"), path);
    else
        fprintf(stderr, _("juten: warning: the chart was not rendered: %s\n"), oc->message);
    return JUTEN_OK;
}

typedef struct plot_args {
    juten_plot_terminal term;
    bool term_given;
    int rows;
    juten_frontier_options fo;
    cli_sim_args sim;
} plot_args;

static int plot_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    plot_args *a = ctx;
    double v;
    switch (code) {
    case CLI_OPT_TERMINAL:
        if (!juten_plot_terminal_parse(arg, &a->term))
            return cli_usage_error(cmd, _("--terminal must be png, svg or pdf, not '%s'"), arg);
        a->term_given = true;
        return 0;
    case CLI_OPT_ROWS:
        if (!cli_parse_double(arg, &v) || v < 1 || v != (int)v)
            return cli_usage_error(cmd, _("--rows needs a whole number from 1, not '%s'"), arg);
        a->rows = (int)v;
        return 0;
    case CLI_OPT_FORMAT:
        return cli_usage_error(cmd, _("plot draws an image: use --terminal, not --format"));
    }
    int r = cli_sim_option(cmd, code, arg, &a->sim);
    return r != -1 ? r : cli_frontier_option(cmd, code, arg, &a->fo);
}

int cmd_plot(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_TERMINAL, CLI_OPT_ROWS,
                                   CLI_OPT_MAX_POINTS, CLI_OPT_PARAMETER, CLI_OPT_FROM,
                                   CLI_OPT_TO, CLI_OPT_PORTFOLIO, CLI_OPT_REOPTIMISE,
                                   CLI_OPT_DRAWS, CLI_OPT_SEED, CLI_OPT_JOBS, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    plot_args pa;
    memset(&pa, 0, sizeof pa);
    pa.term = JUTEN_PLOT_PNG;
    pa.rows = 25;
    juten_frontier_options_init(&pa.fo);
    int rc = cli_parse_options("plot", argc, argv, accepted, &cc, help_plot, plot_extra, &pa);
    if (rc >= 0)
        return rc;
    juten_frontier_options fo = pa.fo;
    juten_plot_terminal term = pa.term;
    bool term_given = pa.term_given;
    int rows = pa.rows;
    if (argc - optind != 2)
        return cli_usage_error("plot", _("a SCENARIO and a KIND (frontier, ranking, allocation, "
                                       "tornado, confidence, simulation, selection, drivers) are "
                                       "required"));
    const char *kind = argv[optind + 1];
    static const char *const kinds[] = {"frontier",   "ranking",   "allocation", "tornado",
                                        "simulation", "selection", "drivers",    "confidence"};
    int k = -1;
    for (int i = 0; i < 8; i++)
        if (!strcmp(kind, kinds[i]))
            k = i;
    if (k < 0)
        return cli_usage_error("plot", _("unknown chart '%s': use frontier, ranking, allocation, "
                                       "tornado, confidence, simulation, selection or drivers"),
                               kind);
    static const char *const ext[] = {"png", "svg", "pdf"};
    char defpath[64];
    snprintf(defpath, sizeof defpath, "%s.%s", kind, ext[term]);
    const char *path = cc.out_path ? cc.out_path : defpath;
    /* The format follows the file name; --terminal may only agree with it
     * (a PDF named .png would open nowhere). */
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (dot && dot != (slash ? slash + 1 : path) && dot[1]) {
        juten_plot_terminal by_name;
        if (!juten_plot_terminal_parse(dot + 1, &by_name))
            return cli_usage_error("plot", _("the image file '%s' must end in .png, .svg or .pdf "
                                           "(or have no extension, as /dev/stdout)"), path);
        if (term_given && by_name != term)
            return cli_usage_error("plot", _("--terminal %s does not match the file name '%s': "
                                           "name it .%s, or leave --terminal out (the format "
                                           "follows the extension)"),
                                   ext[term], path, ext[term]);
    }

    juten_model *m = NULL;
    rc = cli_load(argv[optind], &m, true);
    if (rc)
        return rc;
    juten_plot_options po;
    cli_plot_options(&po, m, path);
    if (term_given)
        po.terminal = term;
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome oc;
    juten_status st = d ? JUTEN_OK : JUTEN_ERR_NOMEM;
    juten_frontier *fr = NULL;
    juten_ranking *rk = NULL;
    juten_result *r = NULL;
    juten_explanations *ex = NULL;
    juten_confidence *conf = NULL;
    int *ids = NULL, n = juten_model_measure_count(m);
    bool none = false;
    if (st == JUTEN_OK && k <= 1) {
        if (k == 1)
            fo.parameter = JUTEN_SWEEP_HEADROOM;
        if (k == 0)
            cli_frontier_notice("plot", m, &cc.so);
        /* the ranking chart is the ranking of `juten rank`: the same grid */
        st = k == 0 ? juten_frontier_compute(m, &cc.so, &fo, &fr, d)
                    : juten_rank_frontier(m, &cc.so, &fo, 100, &fr, d);
        none = st == JUTEN_OK && fr->n_points == 0;
        if (st == JUTEN_OK && k == 0 && !none) {
            /* the budget marked: --headroom or --savings-rate when given */
            po.budget = fo.parameter == JUTEN_SWEEP_SAVINGS_RATE ? cc.so.savings_rate
                                                                 : cc.so.headroom;
            st = juten_figure_frontier(&po, m, fr, &oc, d);
            if (st == JUTEN_OK && !fr->complete)
                fprintf(stderr,
                        fr->n_points == 1
                            ? _("juten plot: the curve stops at its %dst point (--max-points "
                                "or --to): beyond it the optimum may change, so it is not "
                                "drawn on; raise --max-points, or give --from and --to\n")
                            : _("juten plot: the curve stops at its %dth point (--max-points "
                                "or --to): beyond it the optimum may change, so it is not "
                                "drawn on; raise --max-points, or give --from and --to\n"),
                        fr->n_points);
        }
        if (st == JUTEN_OK && k == 1 && !none && (st = juten_rank_compute(m, fr, cc.so.headroom, &rk, d)) == JUTEN_OK)
            st = juten_figure_ranking(&po, m, rk, &oc, d);
    } else if (st == JUTEN_OK && k == 2) {
        cc.so.explain = false;
        st = juten_solve(m, &cc.so, &r, d);
        none = st == JUTEN_OK && juten_result_selected_count(r) == 0 &&
               (juten_result_outcome(r) == JUTEN_INFEASIBLE ||
                juten_result_outcome(r) == JUTEN_NO_SOLUTION);
        if (st == JUTEN_OK && !none)
            st = juten_figure_allocation(&po, m, r, &oc, d);
    } else if (st == JUTEN_OK && k == 7) {
        juten_confidence_options co;
        juten_confidence_options_init(&co);
        co.solve = cc.so;
        if (!cc.time_limit_given) { /* as solve --confidence: the node budget only */
            co.solve.time_limit = 0;
            co.solve.deadline = 0;
        }
        co.price = true;
        co.seed_given = pa.sim.seed_set; /* --seed, as for the simulation charts */
        co.seed = pa.sim.seed;
        st = juten_confidence_solve(m, &co, &conf, d);
        none = st == JUTEN_OK && conf->n_price == 0;
        if (st == JUTEN_OK && !none)
            st = juten_figure_confidence(&po, m, conf, &oc, d);
    } else if (st == JUTEN_OK && k >= 4 && k <= 6) {
        int src = cli_plot_simulation_kind(kind, m, &cc, &pa.sim, &po, rows, &oc,
                                           &st, d);
        if (src) { /* no portfolio: already said */
            juten_diags_free(d);
            juten_model_free(m);
            return src;
        }
    } else if (st == JUTEN_OK) {
        ids = malloc(((size_t)n + 1) * sizeof *ids);
        if (!ids)
            st = JUTEN_ERR_NOMEM;
        for (int j = 0; ids && j < n; j++)
            ids[j] = j;
        if (st == JUTEN_OK)
            st = juten_explain(m, &cc.so, ids, n, 1e-3, &ex, d);
        none = st == JUTEN_OK && ex->n == 0;
        if (st == JUTEN_OK && !none)
            st = juten_figure_tornado(&po, m, ex->items, ex->n, rows, &oc, d);
    }
    if (st == JUTEN_OK && !none)
        st = cli_plot_finish(st, &oc, path);
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (st == JUTEN_OK && none) {
        fputs(_("juten: nothing to draw: no portfolio satisfies the rules; `juten "
                        "solve` explains why\n"), stderr);
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_explanations_free(ex);
    juten_confidence_free(conf);
    free(ids);
    juten_result_free(r);
    juten_ranking_free(rk);
    juten_frontier_free(fr);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
