/*
 * cmd_solve.c -- `juten solve`: the recommended portfolio as a table, CSV or
 * JSON, with the price of each rule; when no portfolio exists, why.
 */
#include "cli.h"
#include "juten_figures.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void help_solve(FILE *f)
{
    fprintf(f,
            "Usage: juten solve SCENARIO [OPTIONS]\n"
            "\n"
            "Chooses the funding portfolio with the greatest weighted risk reduction such\n"
            "that new spending is covered by realised savings plus the headroom (the\n"
            "offset rule), and every area share, tag minimum, ministry ceiling,\n"
            "dependency, exclusive group, mandatory and forced decision holds. The\n"
            "answer is proven optimal unless the status says otherwise. Then, for every\n"
            "rule family the round uses, it re-solves without that family and reports\n"
            "the risk reduction the rule costs (its price). When no portfolio exists,\n"
            "the exit code is 1 and the output says why; the reasons are printed once:\n"
            "in the table when stdout and stderr are the same terminal or file (stderr\n"
            "then has a one-line summary), and also in full on stderr when the output\n"
            "goes elsewhere (-o FILE, a redirection, or --format csv).\n"
            "\n"
            "Options:\n" CLI_COMMON_HELP
            "  --no-prices          skip the rule prices (one extra solve per rule family;\n"
            "                       together they get one more --time-limit)\n"
            "  --plot FILE          also draw the area allocation with gnuplot (.png, .svg, .pdf)\n"
            "\n");
    cli_exit_codes_print(f, "solve");
}

/* True when the output (out_path, NULL: stdout) is the very file, pipe or
 * terminal stderr writes to (same device and inode), as in a terminal or
 * `juten solve ... > log 2>&1`: then an explanation in the output and again
 * on stderr would be read twice.  A new file written by -o never is. */
static bool output_is_stderr(const char *out_path)
{
    struct stat a, b;
    if (fstat(STDERR_FILENO, &b) != 0)
        return false;
    if (out_path ? stat(out_path, &a) != 0 : fstat(STDOUT_FILENO, &a) != 0)
        return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

typedef struct solve_ctx {
    const juten_model *m;
    const juten_result *r;
    const juten_rule_price *prices;
    int n_prices;
    const juten_conflict *conflict;
    juten_format fmt;
} solve_ctx;

static juten_status write_solution(FILE *f, void *vctx, juten_diags *d)
{
    solve_ctx *c = vctx;
    return juten_report_solution(f, c->fmt, c->m, c->r, c->prices, c->n_prices, c->conflict, d);
}

typedef struct solve_args {
    bool prices;
    const char *plot;
} solve_args;

static int solve_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    (void)cmd;
    solve_args *a = ctx;
    return cli_output_option(code, arg, &a->plot, &a->prices);
}

int cmd_solve(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_NO_PRICES, CLI_OPT_PLOT,
                                   CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    solve_args sa = {true, NULL};
    int rc = cli_parse_options("solve", argc, argv, accepted, &cc, help_solve, solve_extra,
                               &sa);
    if (rc >= 0)
        return rc;
    bool prices = sa.prices;
    const char *plot = sa.plot;
    juten_model *m = NULL;
    if ((rc = cli_load_one("solve", argc, argv, &m)) != 0)
        return rc;
    juten_diags *d = juten_diags_create(0);
    juten_result *r = NULL;
    juten_prices *pr = NULL;
    juten_status st = d ? juten_solve(m, &cc.so, &r, d) : JUTEN_ERR_NOMEM;
    bool have = st == JUTEN_OK && (juten_result_outcome(r) == JUTEN_OPTIMAL ||
                                   juten_result_outcome(r) == JUTEN_FEASIBLE);
    if (have && prices)
        st = juten_rule_prices_of(m, &cc.so, r, &pr, d);
    juten_conflict *conflict = NULL;
    if (st == JUTEN_OK && juten_result_outcome(r) == JUTEN_INFEASIBLE)
        st = juten_conflict_find(m, &cc.so, &conflict, d);
    if (st == JUTEN_OK) {
        solve_ctx ctx = {m, r, pr ? pr->items : NULL, pr ? pr->n : 0, conflict, cc.fmt};
        st = cli_write_output(&cc, write_solution, &ctx, d);
    }
    if (st == JUTEN_OK && have && plot) {
        juten_plot_options po;
        juten_plot_outcome oc;
        cli_plot_options(&po, m, plot);
        st = cli_plot_finish(juten_figure_allocation(&po, m, r, &oc, d), &oc, plot);
    }
    cli_print_diags(d);
    if (st != JUTEN_OK) {
        if (st == JUTEN_ERR_NOMEM && juten_diags_count(d) == 0)
            fprintf(stderr, "juten: out of memory\n");
        rc = cli_exit_code(st);
    } else {
        juten_outcome oc = juten_result_outcome(r);
        if (oc == JUTEN_INFEASIBLE && cc.fmt != JUTEN_FORMAT_CSV &&
            output_is_stderr(cc.out_path)) {
            /* the table (or JSON) just written to this same terminal or
             * file carries the explanation: say so once, do not repeat it */
            fprintf(stderr, "juten: no portfolio satisfies every rule of %s; the reasons are in "
                            "the output above\n",
                    argv[optind]);
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_INFEASIBLE) {
            fprintf(stderr, "juten: no portfolio satisfies every rule of %s:\n", argv[optind]);
            for (int i = 0; i < juten_result_explanation_count(r); i++)
                fprintf(stderr, "  - %s\n", juten_result_explanation(r, i));
            if (conflict && conflict->n > 0) {
                fprintf(stderr, "A minimal set of rules that cannot hold together (drop or move "
                                "any one of them and a portfolio exists):\n");
                for (int i = 0; i < conflict->n; i++)
                    fprintf(stderr, "  - %s: %s\n", conflict->items[i].rule,
                            conflict->items[i].sentence);
            }
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_NO_SOLUTION && juten_result_node_limited(r)) {
            fprintf(stderr, "juten: no portfolio was found within the node limit of %ld, and "
                            "none was proven impossible; raise --node-limit\n",
                    cc.so.node_limit);
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_NO_SOLUTION) {
            fprintf(stderr, "juten: no portfolio was found within the time limit of %g s, and "
                            "none was proven impossible; raise --time-limit\n",
                    cc.so.time_limit);
            rc = EXIT_NO_PORTFOLIO;
        } else {
            rc = EXIT_PORTFOLIO;
        }
    }
    juten_conflict_free(conflict);
    juten_prices_free(pr);
    juten_result_free(r);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
