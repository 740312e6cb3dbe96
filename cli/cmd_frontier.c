/*
 * cmd_frontier.c -- `juten frontier`: the trade-off curve of weighted risk
 * reduction against the headroom or the savings rate (exact breakpoints, or
 * sampled within a gap).
 */
#include "cli.h"
#include "juten_i18n.h"
#include "juten_figures.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void help_frontier(FILE *f)
{
    fputs(_("Usage: juten frontier SCENARIO [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("The trade-off curve: the best weighted risk reduction as a function of the\n"
            "money available. The optimum is a step function; juten finds its exact\n"
            "breakpoints (every value at which the optimum changes), not a grid, with the\n"
            "LP-relaxation bound beside each and the measures that join or leave there.\n"),
          f);
    fputc('\n', f);
    fputs(_("With --gap G above 0 the curve is sampled instead, for rounds of hundreds of\n"
            "measures whose exact breakpoints lie a few yen apart: each point's portfolio\n"
            "is proven within G of the best at its value of the parameter, and is worth\n"
            "more than anything possible at the point before; steps aim at a gain of about\n"
            "G, and breakpoints between points are not listed (try --gap 1e-3).\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --parameter P        headroom (default: the allowed net increase beyond\n"
            "                       savings) or savings-rate (the fraction of savings realised)\n"
            "  --max-points N       at most N points (default 200)\n"
            "  --from X, --to Y     range of the parameter (default: from the lowest\n"
            "                       feasible value to where more money adds nothing; the\n"
            "                       savings rate stops at 1)\n"
            "  --plot FILE          also draw the curve with gnuplot (.png, .svg or .pdf)\n"),
          f);
    cli_common_help(f);
    fputc('\n', f);
    cli_exit_codes_print(f, "frontier");
}

void cli_frontier_notice(const char *cmd, const juten_model *m, const juten_solve_options *so)
{
    int n = juten_model_measure_count(m);
    if (so->mip_gap <= 0 && n >= 300)
        fprintf(stderr,
                _("juten %s: note: %d measures and no --gap: every exact breakpoint is proven,\n"
                "which can take very long on a round this size; --gap 1e-3 samples the curve\n"
                "within 0.1%% instead, usually in seconds.\n"),
                cmd, n);
}

/* Shared by frontier and rank: parse the frontier options. */
int cli_frontier_option(const char *cmd, int code, const char *arg, juten_frontier_options *fo)
{
    double v;
    switch (code) {
    case CLI_OPT_PARAMETER:
        if (!strcmp(arg, "headroom"))
            fo->parameter = JUTEN_SWEEP_HEADROOM;
        else if (!strcmp(arg, "savings-rate") || !strcmp(arg, "savings_rate"))
            fo->parameter = JUTEN_SWEEP_SAVINGS_RATE;
        else
            return cli_usage_error(cmd, _("--parameter must be headroom or savings-rate, not '%s'"),
                                   arg);
        return 0;
    case CLI_OPT_MAX_POINTS:
        if (!cli_parse_double(arg, &v) || v < 1 || v > 100000 || v != (int)v)
            return cli_usage_error(cmd, _("--max-points needs a whole number from 1, not '%s'"), arg);
        fo->max_points = (int)v;
        return 0;
    case CLI_OPT_FROM:
        /* a headroom or a savings rate: the headroom's range bounds both */
        if (!cli_parse_double(arg, &v) || !(fabs(v) <= 1e12))
            return cli_usage_error(cmd, _("--from needs a number from -1e12 to 1e12, not '%s'"),
                                   arg);
        fo->from = v;
        return 0;
    case CLI_OPT_TO:
        if (!cli_parse_double(arg, &v) || !(fabs(v) <= 1e12))
            return cli_usage_error(cmd, _("--to needs a number from -1e12 to 1e12, not '%s'"), arg);
        fo->to = v;
        return 0;
    }
    return -1;
}

typedef struct frontier_ctx {
    const juten_model *m;
    const juten_frontier *f;
    juten_format fmt;
} frontier_ctx;

static juten_status write_frontier(FILE *f, void *vctx, juten_diags *d)
{
    frontier_ctx *c = vctx;
    return juten_report_frontier(f, c->fmt, c->m, c->f, d);
}

typedef struct frontier_args {
    juten_frontier_options fo;
    const char *plot;
} frontier_args;

static int frontier_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    frontier_args *a = ctx;
    if (cli_output_option(code, arg, &a->plot, NULL) == 0)
        return 0;
    return cli_frontier_option(cmd, code, arg, &a->fo);
}

int cmd_frontier(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_PARAMETER, CLI_OPT_MAX_POINTS,
                                   CLI_OPT_FROM, CLI_OPT_TO, CLI_OPT_PLOT, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    frontier_args fa = {{0}, NULL};
    juten_frontier_options_init(&fa.fo);
    int rc = cli_parse_options("frontier", argc, argv, accepted, &cc, help_frontier,
                               frontier_extra, &fa);
    if (rc >= 0)
        return rc;
    juten_frontier_options fo = fa.fo;
    const char *plot = fa.plot;
    juten_model *m = NULL;
    if ((rc = cli_load_one("frontier", argc, argv, &m)) != 0)
        return rc;
    cli_frontier_notice("frontier", m, &cc.so);
    juten_diags *d = juten_diags_create(0);
    juten_frontier *fr = NULL;
    juten_status st = d ? juten_frontier_compute(m, &cc.so, &fo, &fr, d) : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK) {
        frontier_ctx ctx = {m, fr, cc.fmt};
        st = cli_write_output(&cc, write_frontier, &ctx, d);
    }
    if (st == JUTEN_OK && plot && fr->n_points > 0) {
        juten_plot_options po;
        juten_plot_outcome oc;
        cli_plot_options(&po, m, plot);
        /* the budget marked: --headroom or --savings-rate when given */
        po.budget = fo.parameter == JUTEN_SWEEP_SAVINGS_RATE ? cc.so.savings_rate : cc.so.headroom;
        st = cli_plot_finish(juten_figure_frontier(&po, m, fr, &oc, d), &oc, plot);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (st == JUTEN_OK && fr->n_points == 0) {
        /* the parameter by its name in the data (juten_sweep_name) */
        fputs(fo.parameter == JUTEN_SWEEP_SAVINGS_RATE
                  ? _("juten: no portfolio satisfies the rules at any value of the savings_rate "
                      "in the range; `juten solve` explains why\n")
                  : _("juten: no portfolio satisfies the rules at any value of the headroom in "
                      "the range; `juten solve` explains why\n"),
              stderr);
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_frontier_free(fr);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
