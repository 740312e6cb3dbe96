/*
 * cmd_solve.c -- `juten solve`: the recommended portfolio as a table, CSV or
 * JSON, with the price of each rule; when no portfolio exists, why.  With
 * --confidence P or --robust, the portfolio whose offset holds with
 * probability P (or at the worst case), validated, and the price of
 * confidence (sim/juten_confidence.h).
 */
#include "cli.h"
#include "juten_i18n.h"
#include "juten_confidence.h"
#include "juten_figures.h"
#include "juten_report_confidence.h"

#include <errno.h>
#include <inttypes.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void help_solve(FILE *f)
{
    fputs(_("Usage: juten solve SCENARIO [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("Chooses the funding portfolio with the greatest weighted risk reduction such\n"
            "that new spending is covered by realised savings plus the headroom (the\n"
            "offset rule), and every area share, tag minimum, ministry ceiling,\n"
            "dependency, exclusive group, mandatory and forced decision holds. The\n"
            "answer is proven optimal unless the status says otherwise. Then, for every\n"
            "rule family the round uses, it re-solves without that family and reports\n"
            "the risk reduction the rule costs (its price). When no portfolio exists,\n"
            "the exit code is 1 and the output says why; the reasons are printed once:\n"
            "in the table when stdout and stderr are the same terminal or file (stderr\n"
            "then has a one-line summary), and also in full on stderr when the output\n"
            "goes elsewhere (-o FILE, a redirection, or --format csv).\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"), f);
    cli_common_help(f);
    fputs(_("  --no-prices          skip the rule prices (one extra solve per rule family;\n"
            "                       together they get one more --time-limit)\n"
            "  --plot FILE          also draw the area allocation with gnuplot (.png, .svg, .pdf)\n"),
          f);
    fputc('\n', f);
    fprintf(f, _("Uncertain estimates (the scenario's [uncertainty] section, or its defaults):\n"
               "  --confidence P       the best portfolio whose offset rule holds with\n"
               "                       probability >= P (0 < P < 1) when costs, risk reductions\n"
               "                       and savings are drawn from their three-point estimates:\n"
               "                       K sampled scenarios, of which at most floor((1-P)K) may\n"
               "                       break the offset (every other rule at the nominal\n"
               "                       values); then checked on fresh draws, and solved again\n"
               "                       with fewer violations allowed (or more samples) while\n"
               "                       the 95%% interval's lower end is below P (at most 4\n"
               "                       times). Rule prices are not computed; the price of\n"
               "                       confidence is (the value given up at 0.5, 0.8, 0.9,\n"
               "                       0.95, 0.99 and robust; --no-prices skips it)\n"
               "  --samples K          in-sample scenarios (default: max(100, ceil(20/(1-P))),\n"
               "                       so that at least 20 may break the offset, capped at\n"
               "                       max(200, 200000/measures) and 20000). Each of these\n"
               "                       solves stops after 100 nodes unless --node-limit says\n"
               "                       otherwise (the status line gives the gap)\n"
               "  --seed S             override the scenario's seed (default: [uncertainty]\n"
               "                       seed, else 1)\n"
               "  --objective nominal|mean\n"
               "                       maximise the most likely risk reductions (default) or\n"
               "                       their means under the declared distributions\n"
               "  --robust             instead: the portfolio that meets every rule with costs\n"
               "                       at cost_high and savings at saving_low (the\n"
               "                       conservative bound), also checked on fresh draws\n"
               "  --validate N         fresh draws for the check (default 100000)\n"));
    fputc('\n', f);
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
    const juten_confidence *conf; /* solve --confidence / --robust */
} solve_ctx;

static juten_status write_solution(FILE *f, void *vctx, juten_diags *d)
{
    solve_ctx *c = vctx;
    return juten_report_solution(f, c->fmt, c->m, c->r, c->prices, c->n_prices, c->conflict, d);
}

typedef struct solve_args {
    bool prices;
    const char *plot;
    bool confidence, robust, sampling_option; /* sampling_option: one that needs either */
    juten_confidence_options co;
} solve_args;

/* A whole number in [lo, hi], as typed (no sign tricks, no exponent). */
static bool parse_count(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < (unsigned long long)lo || v > (unsigned long long)hi)
        return false;
    *out = (long)v;
    return true;
}

static int solve_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    solve_args *a = ctx;
    double v;
    long k;
    switch (code) {
    case CLI_OPT_CONFIDENCE:
        if (!cli_parse_double(arg, &v) || !(v > 0 && v < 1))
            return cli_usage_error(cmd, _("--confidence needs a probability strictly between 0 "
                                        "and 1, e.g. 0.95, not '%s'"), arg);
        a->confidence = true;
        a->co.target = v;
        return 0;
    case CLI_OPT_SAMPLES:
        if (!parse_count(arg, 1, 1000000, &k))
            return cli_usage_error(cmd, _("--samples needs a whole number from 1 to 1000000, "
                                        "not '%s'"), arg);
        a->co.samples = k;
        a->sampling_option = true;
        return 0;
    case CLI_OPT_VALIDATE:
        if (!parse_count(arg, 1, 100000000, &k))
            return cli_usage_error(cmd, _("--validate needs a whole number from 1 to 100000000, "
                                        "not '%s'"), arg);
        a->co.validate = k;
        a->sampling_option = true;
        return 0;
    case CLI_OPT_SEED: {
        errno = 0;
        char *end;
        unsigned long long sd = strtoull(arg, &end, 10);
        if (!*arg || *arg == '-' || *arg == '+' || *arg == ' ' || errno || *end)
            return cli_usage_error(cmd, _("--seed needs a whole number from 0 to 2^64-1, "
                                        "not '%s'"), arg);
        a->co.seed = (uint64_t)sd;
        a->co.seed_given = true;
        a->sampling_option = true;
        return 0;
    }
    case CLI_OPT_OBJECTIVE:
        if (!strcmp(arg, "nominal"))
            a->co.objective = JUTEN_CONFIDENCE_NOMINAL;
        else if (!strcmp(arg, "mean"))
            a->co.objective = JUTEN_CONFIDENCE_MEAN;
        else
            return cli_usage_error(cmd, _("--objective must be nominal or mean, not '%s'"), arg);
        a->sampling_option = true;
        return 0;
    case CLI_OPT_ROBUST:
        a->robust = true;
        return 0;
    }
    return cli_output_option(code, arg, &a->plot, &a->prices);
}

static juten_status write_confidence(FILE *f, void *vctx, juten_diags *d)
{
    solve_ctx *c = vctx;
    return juten_report_confidence(f, c->fmt, c->m, c->conf, d);
}

/* solve --confidence P / --robust. */
static int solve_confidence(const char *path, cli_common *cc, solve_args *sa)
{
    juten_model *m = NULL;
    int rc = cli_load(path, &m, true);
    if (rc)
        return rc;
    juten_diags *d = juten_diags_create(0);
    juten_confidence *conf = NULL;
    sa->co.solve = cc->so;
    /* the node budget bounds each chance-constrained solve the same way on
     * every machine; a clock (the command's 60 s by default) would cut the
     * later levels of the price of confidence on a busy one, so only
     * --time-limit given sets one */
    if (!cc->time_limit_given) {
        sa->co.solve.time_limit = 0;
        sa->co.solve.deadline = 0;
    }
    sa->co.robust = sa->robust;
    sa->co.price = sa->prices;
    juten_status st = d ? juten_confidence_solve(m, &sa->co, &conf, d) : JUTEN_ERR_NOMEM;
    bool have = st == JUTEN_OK && (juten_result_outcome(conf->result) == JUTEN_OPTIMAL ||
                                   juten_result_outcome(conf->result) == JUTEN_FEASIBLE);
    cli_progress_clear();
    if (st == JUTEN_OK) {
        solve_ctx ctx = {m, conf->result, NULL, 0, NULL, cc->fmt, conf};
        st = cli_write_output(cc, write_confidence, &ctx, d);
    }
    if (st == JUTEN_OK && have && sa->plot) {
        juten_plot_options po;
        juten_plot_outcome oc;
        cli_plot_options(&po, m, sa->plot);
        st = cli_plot_finish(juten_figure_allocation(&po, m, conf->result, &oc, d), &oc,
                             sa->plot);
    }
    cli_print_diags(d);
    if (st != JUTEN_OK) {
        if (st == JUTEN_ERR_NOMEM && juten_diags_count(d) == 0)
            fputs(_("juten: out of memory\n"), stderr);
        rc = cli_exit_code(st);
    } else if (!have) {
        fprintf(stderr,
                sa->robust ? _("juten: no portfolio meets the rules of %s at the worst case of "
                               "every estimate\n")
                           : _("juten: no portfolio meets the rules of %s with the offset "
                               "holding at that level in the samples\n"),
                path);
        rc = EXIT_NO_PORTFOLIO;
    } else {
        if (!sa->robust && !conf->validated) {
            char a[64], b[64];
            fprintf(stderr, _("juten: warning: out of sample the portfolio holds in %s of the "
                            "draws (95%% interval from %s), below the target, after %d "
                            "re-solves; raise --samples\n"),
                    juten_text_probability(a, conf->probability),
                    juten_text_probability(b, conf->ci_lo), conf->n_adjustments);
        }
        rc = EXIT_PORTFOLIO;
    }
    juten_confidence_free(conf);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}

int cmd_solve(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_NO_PRICES, CLI_OPT_PLOT,
                                   CLI_OPT_CONFIDENCE, CLI_OPT_SAMPLES, CLI_OPT_SEED,
                                   CLI_OPT_OBJECTIVE, CLI_OPT_ROBUST, CLI_OPT_VALIDATE,
                                   CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    solve_args sa;
    memset(&sa, 0, sizeof sa);
    sa.prices = true;
    juten_confidence_options_init(&sa.co);
    int rc = cli_parse_options("solve", argc, argv, accepted, &cc, help_solve, solve_extra,
                               &sa);
    if (rc >= 0)
        return rc;
    if (sa.confidence && sa.robust)
        return cli_usage_error("solve", _("--confidence and --robust are two answers: give one "
                                        "(the price of confidence of --confidence includes "
                                        "the robust portfolio)"));
    if (sa.sampling_option && !sa.confidence && !sa.robust)
        return cli_usage_error("solve", _("--samples, --seed, --objective and --validate go "
                                        "with --confidence P or --robust"));
    if (sa.confidence || sa.robust) {
        if ((rc = cli_one_scenario("solve", argc)) != 0)
            return rc;
        return solve_confidence(argv[optind], &cc, &sa);
    }
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
        solve_ctx ctx = {m, r, pr ? pr->items : NULL, pr ? pr->n : 0, conflict, cc.fmt, NULL};
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
            fputs(_("juten: out of memory\n"), stderr);
        rc = cli_exit_code(st);
    } else {
        juten_outcome oc = juten_result_outcome(r);
        if (oc == JUTEN_INFEASIBLE && cc.fmt != JUTEN_FORMAT_CSV && cc.fmt != JUTEN_FORMAT_XLSX &&
            output_is_stderr(cc.out_path)) {
            /* the table (or JSON) just written to this same terminal or
             * file carries the explanation: say so once, do not repeat it */
            fprintf(stderr, _("juten: no portfolio satisfies every rule of %s; the reasons are in "
                            "the output above\n"),
                    argv[optind]);
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_INFEASIBLE) {
            fprintf(stderr, _("juten: no portfolio satisfies every rule of %s:\n"), argv[optind]);
            for (int i = 0; i < juten_result_explanation_count(r); i++)
                fprintf(stderr, "  - %s\n", juten_result_explanation(r, i));
            if (conflict && conflict->n > 0) {
                fputs(_("A minimal set of rules that cannot hold together (drop or move "
                                "any one of them and a portfolio exists):\n"), stderr);
                for (int i = 0; i < conflict->n; i++)
                    fprintf(stderr, "  - %s: %s\n", conflict->items[i].rule,
                            conflict->items[i].sentence);
            }
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_NO_SOLUTION && juten_result_node_limited(r)) {
            fprintf(stderr, _("juten: no portfolio was found within the node limit of %ld, and "
                            "none was proven impossible; raise --node-limit\n"),
                    cc.so.node_limit);
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_NO_SOLUTION) {
            fprintf(stderr, _("juten: no portfolio was found within the time limit of %g s, and "
                            "none was proven impossible; raise --time-limit\n"),
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
