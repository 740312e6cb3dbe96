/*
 * cmd_compare.c -- `juten compare A.ini B.ini ...` (or a comparison file
 * with a [compare] section): what-if scenarios side by side, the first the
 * reference (sim/juten_compare.h; written by report/compare.c).
 */
#include "cli.h"
#include "juten_comparison.h"
#include "juten_compare.h"
#include "juten_figures.h"
#include "juten_report_compare.h"
#include "juten_i18n.h"

#include <stdlib.h>
#include <string.h>

void help_compare(FILE *f)
{
    fputs(_("Usage: juten compare SCENARIO SCENARIO... [OPTIONS]\n"
            "       juten compare SET.ini [OPTIONS]\n"),
          f);
    fputc('\n', f);
    fputs(_("Solves 2 to 8 what-if scenarios and shows them side by side, the first as\n"
            "the reference: each one's status, value, spending, realised savings, net\n"
            "against its headroom, the measures funded, the probability that its offset\n"
            "holds (for a scenario with an [uncertainty] section: its optimum over the\n"
            "same draws for every scenario, with the reference's seed and number of\n"
            "draws), spending and share per policy area, charge per ministry, and the\n"
            "price of each rule; then the measures funded in some scenarios but not all,\n"
            "and, per scenario, what changed in its inputs against the reference\n"
            "(headroom, savings rate, area weights and limits, tag minimums, forced\n"
            "decisions, ceilings, distribution settings, measures added or missing).\n"
            "SET.ini is a comparison file: a [compare] section whose key scenarios lists\n"
            "the scenario files (relative to it), e.g. scenarios/fy2017/meeting.ini.\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"), f);
    cli_common_help(f);
    fputs(_("  --no-prices          skip the rule prices (one extra solve per rule family\n"
            "                       and scenario)\n"
            "  --draws N            draws of the offset probability (default: the\n"
            "                       reference's [uncertainty] draws)\n"
            "  --seed S             their seed (default: the reference's)\n"
            "  --jobs T             simulation threads (default: the cores present); the\n"
            "                       output does not depend on it\n"
            "  --plot FILE          also draw value and spending by area, one bar per\n"
            "                       scenario (.png, .svg, .pdf)\n"),
          f);
    fputc('\n', f);
    fputs(_("--format xlsx (or -o FILE.xlsx) writes an Excel workbook, a sheet per table:\n"
            "scenarios, differences (one TRUE/FALSE column per scenario), areas,\n"
            "ministries, rule prices, changes, and run (the draws, the seed and every\n"
            "input file with its sha256).\n"),
          f);
    fputc('\n', f);
    fputs(_("A comparison file listing fewer than 2 or more than 8 scenarios is bad input\n"
            "(65, with its file:line:column); so many on the command line a usage error.\n"),
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "compare");
}

typedef struct compare_args {
    bool prices;
    const char *plot;
    cli_sim_args sim;
} compare_args;

static int compare_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    compare_args *a = ctx;
    int rc = cli_sim_option(cmd, code, arg, &a->sim);
    if (rc != -1)
        return rc;
    return cli_output_option(code, arg, &a->plot, &a->prices);
}

typedef struct write_ctx {
    const juten_comparison *c;
    const char *const *files;
    const char *title;
    juten_format fmt;
} write_ctx;

static juten_status write_compare(FILE *f, void *vctx, juten_diags *d)
{
    write_ctx *w = vctx;
    return juten_report_compare(f, w->fmt, w->c, w->files, w->title, d);
}

int cmd_compare(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_NO_PRICES, CLI_OPT_PLOT,
                                   CLI_OPT_DRAWS, CLI_OPT_SEED, CLI_OPT_JOBS, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    compare_args ca;
    memset(&ca, 0, sizeof ca);
    ca.prices = true;
    int rc = cli_parse_options("compare", argc, argv, accepted, &cc, help_compare,
                               compare_extra, &ca);
    if (rc >= 0)
        return rc;
    int n_ops = argc - optind;
    const char *const *files = (const char *const *)argv + optind;
    juten_comparison_set *set = NULL;
    if (n_ops == 1) {
        /* one operand: a comparison file, or one scenario too few */
        juten_diags *d = juten_diags_create(0);
        if (!d)
            return EXIT_SOFTWARE;
        juten_status st = juten_comparison_load(argv[optind], &set, d);
        cli_print_diags(d);
        juten_diags_free(d);
        if (st != JUTEN_OK)
            return cli_exit_code(st);
        if (!set->is_set) {
            juten_comparison_set_free(set);
            return cli_usage_error("compare", "one scenario given (%s): compare needs 2 to %d "
                                              "scenarios, or a comparison file with a "
                                              "[compare] section", argv[optind],
                                   JUTEN_COMPARE_MAX);
        }
        n_ops = set->n;
        files = (const char *const *)set->paths;
    } else if (n_ops < 2 || n_ops > JUTEN_COMPARE_MAX) {
        return cli_usage_error("compare", "%d scenarios given: compare needs 2 to %d (the "
                                          "first is the reference)", n_ops, JUTEN_COMPARE_MAX);
    }
    juten_model *models[JUTEN_COMPARE_MAX] = {0};
    for (int k = 0; k < n_ops && rc <= 0; k++)
        rc = cli_load(files[k], &models[k], true);
    juten_diags *d = rc > 0 ? NULL : juten_diags_create(0);
    juten_comparison *c = NULL;
    if (rc <= 0) {
        rc = 0;
        juten_compare_options co;
        juten_compare_options_init(&co);
        co.solve = cc.so;
        co.prices = ca.prices;
        co.draws = ca.sim.draws;
        co.seed_given = ca.sim.seed_set;
        co.seed = ca.sim.seed;
        co.jobs = ca.sim.jobs;
        juten_status st = d ? juten_compare((const juten_model *const *)models, n_ops, &co, &c, d)
                            : JUTEN_ERR_NOMEM;
        cli_progress_clear();
        if (st == JUTEN_OK) {
            write_ctx w = {c, files, set && *set->name ? set->name : NULL, cc.fmt};
            st = cli_write_output(&cc, write_compare, &w, d);
        }
        if (st == JUTEN_OK && ca.plot) {
            juten_plot_options po;
            juten_plot_outcome oc;
            cli_plot_options(&po, models[0], ca.plot);
            po.title = set && *set->name ? set->name
                                         : _("Scenarios compared: value and spending by area");
            st = cli_plot_finish(juten_figure_compare(&po, c, &oc, d), &oc, ca.plot);
        }
        cli_print_diags(d);
        rc = cli_exit_code(st);
    }
    juten_comparison_free(c);
    juten_diags_free(d);
    for (int k = 0; k < n_ops; k++)
        juten_model_free(models[k]);
    juten_comparison_set_free(set);
    return rc;
}
