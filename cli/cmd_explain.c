/*
 * cmd_explain.c -- `juten explain`: why a measure is in or out, what it
 * costs to force it the other way, and what would flip the decision.
 */
#include "cli.h"
#include "juten_i18n.h"
#include "juten_figures.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void help_explain(FILE *f)
{
    fputs(_("Usage: juten explain SCENARIO ID... [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("For each measure (or every measure with ID 'all'): whether it is in the\n"
            "optimal portfolio; the best value if it were forced the other way (an exact\n"
            "re-solve) and so what the decision is worth; the break-even risk reduction\n"
            "(exact) and cost (bisection on re-solves, to --tolerance) at which the\n"
            "decision flips, and for a savings measure the break-even saving; and the\n"
            "rules holding the forced solve's value down, each with the value gained if\n"
            "it alone were dropped. When the other way leaves no portfolio: why (a\n"
            "reason such as \"it is mandatory\", and the forced round's minimal conflict\n"
            "in the words of `juten solve`), the least headroom at which it becomes\n"
            "possible with the best value there, and the headroom from which the\n"
            "optimal portfolio takes that side.\n"
            "LP reduced costs are not used: they mislead on 0-1 models.\n"
            "After the measures: the price of each rule family, the risk reduction the\n"
            "rule costs (a re-solve without it), as in `juten solve`.\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --tolerance X        precision of the break-even cost (default 0.001)\n"
            "  --no-prices          skip the rule prices (one extra solve per rule family)\n"
            "  --plot FILE          also draw a tornado of break-even margins (.png, .svg, .pdf)\n"),
          f);
    cli_common_help(f);
    fputc('\n', f);
    cli_exit_codes_print(f, "explain");
}

typedef struct explain_ctx {
    const juten_model *m;
    const juten_measure_explanation *ex;
    int k;
    const juten_rule_price *prices;
    int n_prices;
    juten_format fmt;
} explain_ctx;

static juten_status write_explain(FILE *f, void *vctx, juten_diags *d)
{
    explain_ctx *c = vctx;
    return juten_report_explanations(f, c->fmt, c->m, c->ex, c->k, c->prices, c->n_prices, d);
}

typedef struct explain_args {
    double tol;
    const char *plot;
    bool prices;
} explain_args;

static int explain_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    explain_args *a = ctx;
    if (code == CLI_OPT_TOLERANCE) {
        if (!cli_parse_double(arg, &a->tol) || a->tol <= 0)
            return cli_usage_error(cmd, _("--tolerance needs a number > 0, not '%s'"), arg);
        return 0;
    }
    return cli_output_option(code, arg, &a->plot, &a->prices);
}

int cmd_explain(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_TOLERANCE, CLI_OPT_NO_PRICES,
                                   CLI_OPT_PLOT, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    explain_args ea = {1e-3, NULL, true};
    int rc = cli_parse_options("explain", argc, argv, accepted, &cc, help_explain,
                               explain_extra, &ea);
    if (rc >= 0)
        return rc;
    double tol = ea.tol;
    const char *plot = ea.plot;
    if (argc - optind < 2)
        return cli_usage_error("explain", _("a SCENARIO and at least one measure ID are required"));
    juten_model *m = NULL;
    rc = cli_load(argv[optind], &m, true);
    if (rc)
        return rc;
    int n = juten_model_measure_count(m);
    int *ids = malloc(((size_t)n + (size_t)argc) * sizeof *ids);
    int k = 0;
    for (int a = optind + 1; ids && a < argc; a++) {
        if (!strcmp(argv[a], "all")) {
            for (int j = 0; j < n; j++)
                ids[k++] = j;
            continue;
        }
        int j = juten_model_find_measure(m, argv[a]);
        if (j < 0) {
            fprintf(stderr, _("juten explain: no measure with id '%s' in %s\n"), argv[a],
                    argv[optind]);
            free(ids);
            juten_model_free(m);
            return EXIT_DATAERR;
        }
        ids[k++] = j;
    }
    juten_diags *d = juten_diags_create(0);
    juten_explanations *ex = NULL;
    juten_status st = ids && d ? juten_explain(m, &cc.so, ids, k, tol, &ex, d) : JUTEN_ERR_NOMEM;
    /* a round without a portfolio has nothing to explain: an outcome */
    bool none = st == JUTEN_OK && ex->outcome != JUTEN_OPTIMAL && ex->outcome != JUTEN_FEASIBLE;
    juten_prices *pr = NULL;
    if (st == JUTEN_OK && !none && ea.prices)
        st = juten_rule_prices(m, &cc.so, &pr, d);
    if (st == JUTEN_OK && !none) {
        explain_ctx ctx = {m, ex->items, ex->n, pr ? pr->items : NULL, pr ? pr->n : 0, cc.fmt};
        st = cli_write_output(&cc, write_explain, &ctx, d);
    }
    if (st == JUTEN_OK && !none && plot) {
        juten_plot_options po;
        juten_plot_outcome oc;
        cli_plot_options(&po, m, plot);
        st = cli_plot_finish(juten_figure_tornado(&po, m, ex->items, ex->n, 0, &oc, d), &oc,
                             plot);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (none) {
        fprintf(stderr, _("juten explain: there is no portfolio to explain: the round is %s (run "
                        "`juten solve` for the reasons)\n"), juten_outcome_str(ex->outcome));
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_prices_free(pr);
    juten_explanations_free(ex);
    free(ids);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
