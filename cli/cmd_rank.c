/*
 * cmd_rank.c -- `juten rank`: the priority ranking read off the exact
 * headroom frontier, beside the naive value-per-cost order.
 */
#include "cli.h"
#include "juten_i18n.h"
#include "juten_figures.h"

#include <getopt.h>
#include <stdlib.h>

void help_rank(FILE *f)
{
    fputs(_("Usage: juten rank SCENARIO [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("The priority ranking: the order in which measures enter the optimal\n"
            "portfolio as the headroom grows, up to and beyond the scenario's own\n"
            "headroom (marked in the table). Each measure shows the budget at which it\n"
            "first enters and every interval of budgets in which it is funded:\n"
            "optimal portfolios are not always nested, so a measure can leave and\n"
            "re-enter. The naive value-per-net-cost order is shown beside it (ratio\n"
            "rank). The funded measures at the scenario's headroom are the portfolio\n"
            "`juten solve` gives.\n"),
          f);
    fputc('\n', f);
    fputs(_("By default the optimum is solved at --points budgets evenly spaced from the\n"
            "lowest headroom at which any portfolio exists to the scenario's headroom plus\n"
            "as much again (at most where more money changes nothing), and at the\n"
            "scenario's headroom itself; an entry budget is then exact to one grid step.\n"
            "With --exact, every breakpoint of the exact frontier instead (see `juten\n"
            "frontier`; on large rounds there are thousands).\n"
            "With --nested, portfolios only grow as money grows (a funding queue), chosen\n"
            "to lose the least value against the optimal ones over all the budgets; juten\n"
            "says whether that is proven the least, and otherwise the proven floor.\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --from X             start the range at headroom X\n"
            "  --to Y               end the range at headroom Y\n"
            "  --points N           budgets solved over the range (default 100)\n"
            "  --exact              the exact breakpoints instead of a grid of budgets\n"
            "  --max-points N       with --exact: at most N breakpoints (default 200)\n"
            "  --nested             a ranking whose portfolios are nested (a funding queue),\n"
            "                       and what nesting costs against the optimal portfolios\n"
            "  --plot FILE          also draw the ranking with gnuplot (.png, .svg or .pdf)\n"),
          f);
    cli_common_help(f);
    fputc('\n', f);
    cli_exit_codes_print(f, "rank");
}

typedef struct rank_ctx {
    const juten_model *m;
    const juten_ranking *r;
    juten_format fmt;
} rank_ctx;

static juten_status write_rank(FILE *f, void *vctx, juten_diags *d)
{
    rank_ctx *c = vctx;
    return juten_report_ranking(f, c->fmt, c->m, c->r, d);
}

typedef struct rank_args {
    juten_frontier_options fo;
    const char *plot;
    bool nested;
    int points;             /* grid budgets; 0 with --exact */
} rank_args;

static int rank_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    rank_args *a = ctx;
    if (cli_output_option(code, arg, &a->plot, NULL) == 0)
        return 0;
    if (code == CLI_OPT_NESTED) {
        a->nested = true;
        return 0;
    }
    if (code == CLI_OPT_POINTS) {
        double v;
        if (!cli_parse_double(arg, &v) || v < 2 || v > 100000 || v != (int)v)
            return cli_usage_error(cmd, _("--points needs a whole number from 2, not '%s'"), arg);
        if (a->points == 0)
            return cli_usage_error(cmd, _("--points and --exact exclude each other"));
        a->points = (int)v;
        return 0;
    }
    if (code == CLI_OPT_EXACT) {
        if (a->points != 100)
            return cli_usage_error(cmd, _("--points and --exact exclude each other"));
        a->points = 0;
        return 0;
    }
    return cli_frontier_option(cmd, code, arg, &a->fo);
}

int cmd_rank(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_MAX_POINTS, CLI_OPT_FROM, CLI_OPT_TO,
                                   CLI_OPT_PLOT, CLI_OPT_NESTED, CLI_OPT_POINTS, CLI_OPT_EXACT,
                                   CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    rank_args ra = {{0}, NULL, false, 100};
    juten_frontier_options_init(&ra.fo);
    int rc = cli_parse_options("rank", argc, argv, accepted, &cc, help_rank, rank_extra, &ra);
    if (rc >= 0)
        return rc;
    juten_frontier_options fo = ra.fo;
    const char *plot = ra.plot;
    bool nested = ra.nested;
    juten_model *m = NULL;
    if ((rc = cli_load_one("rank", argc, argv, &m)) != 0)
        return rc;
    if (ra.points == 0)
        cli_frontier_notice("rank", m, &cc.so);
    juten_diags *d = juten_diags_create(0);
    juten_frontier *fr = NULL;
    juten_ranking *rk = NULL;
    juten_status st = d ? juten_rank_frontier(m, &cc.so, &fo, ra.points, &fr, d) : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = nested ? juten_rank_nested(m, &cc.so, fr, &rk, d) : juten_rank_compute(m, fr, cc.so.headroom, &rk, d);
    if (st == JUTEN_OK) {
        rank_ctx ctx = {m, rk, cc.fmt};
        st = cli_write_output(&cc, write_rank, &ctx, d);
    }
    if (st == JUTEN_OK && plot && fr->n_points > 0) {
        juten_plot_options po;
        juten_plot_outcome oc;
        cli_plot_options(&po, m, plot);
        st = cli_plot_finish(juten_figure_ranking(&po, m, rk, &oc, d), &oc, plot);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (st == JUTEN_OK && fr->n_points == 0) {
        fputs(_("juten: no portfolio satisfies the rules at any headroom; "
                        "`juten solve` explains why\n"), stderr);
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_ranking_free(rk);
    juten_frontier_free(fr);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
