/*
 * simplot.c -- the simulation's charts on the command line: `juten plot
 * SCENARIO simulation|selection|drivers`, and the chart behind `juten
 * simulate --plot FILE`.
 *
 * plot runs the same simulation as `juten simulate` with the same options
 * (--portfolio, --draws, --seed, --jobs, --reoptimise) and the same
 * defaults, so a chart shows the numbers the simulate table prints for the
 * same command line: the option parsing and the choice of portfolio are
 * here, and cmd_simulate.c calls them too.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "juten_figures.h"

int cli_sim_option(const char *cmd, int code, const char *arg, cli_sim_args *a)
{
    char *end;
    switch (code) {
    case CLI_OPT_PORTFOLIO:
        a->portfolio = arg;
        return 0;
    case CLI_OPT_REOPTIMISE:
        a->reoptimise = true;
        return 0;
    case CLI_OPT_DRAWS: {
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || *end || end == arg || v < 1 || v > 1000000000)
            return cli_usage_error(cmd, _("--draws \"%s\": expected a whole number from 1 to "
                                        "1000000000"), arg);
        a->draws = v;
        return 0;
    }
    case CLI_OPT_SEED: {
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        if (errno || *end || end == arg || arg[0] == '-')
            return cli_usage_error(cmd, _("--seed \"%s\": expected a whole number from 0 to "
                                        "18446744073709551615"), arg);
        a->seed = v;
        a->seed_set = true;
        return 0;
    }
    case CLI_OPT_JOBS: {
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || *end || end == arg || v < 1 || v > 256)
            return cli_usage_error(cmd, _("--jobs \"%s\": expected a number of threads from 1 "
                                        "to 256"), arg);
        a->jobs = (int)v;
        return 0;
    }
    default:
        return -1;
    }
}

static void progress(void *ctx, long done, long total)
{
    (void)ctx;
    cli_progress(NULL, _("simulating"), done, total);
}

/* The portfolio of a simulation: --portfolio ids or file, else the optimum
 * at the most likely values; *source says which.  0, an exit code (the
 * reason printed), or -1 - status. */
int cli_sim_portfolio(const char *cmd, const juten_model *m, const cli_sim_args *a,
                      const cli_common *cc, unsigned char *x, const char **source,
                      juten_diags *d)
{
    int n = juten_model_measure_count(m);
    if (a->portfolio) {
        juten_status st;
        if (access(a->portfolio, F_OK) == 0) {
            char *text = NULL;
            size_t len = 0;
            st = juten_model_read_text(a->portfolio, &text, &len, d);
            if (st == JUTEN_OK) {
                size_t i = 0;
                while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' ||
                                   text[i] == '\t'))
                    i++;
                st = i < len && text[i] == '{'
                         ? juten_report_json_portfolio(m, a->portfolio, text, len, x, d)
                         : juten_model_portfolio_csv(m, a->portfolio, text, len, x, d);
            }
            free(text);
            *source = "from the file given";
        } else {
            st = juten_model_portfolio_ids(m, a->portfolio, x, d);
            *source = "the measures given";
        }
        return st == JUTEN_OK ? 0 : -1 - (int)st;
    }
    juten_solve_options so = cc->so;
    so.explain = false;
    so.progress = NULL;
    juten_result *r = NULL;
    juten_status st = juten_solve(m, &so, &r, d);
    if (st != JUTEN_OK)
        return -1 - (int)st;
    juten_outcome oc = juten_result_outcome(r);
    if (oc != JUTEN_OPTIMAL && oc != JUTEN_FEASIBLE) {
        bool nodes = juten_result_node_limited(r), clock = juten_result_time_limited(r);
        juten_result_free(r);
        cli_print_diags(d);
        if (oc == JUTEN_NO_SOLUTION && (nodes || clock))
            fprintf(stderr,
                    nodes ? _("juten %s: no portfolio was found at the most likely values "
                              "within the node limit, and none was proven impossible; raise "
                              "--node-limit, or give one with --portfolio\n")
                          : _("juten %s: no portfolio was found at the most likely values "
                              "within the time limit, and none was proven impossible; raise "
                              "--time-limit, or give one with --portfolio\n"),
                    cmd);
        else
            fprintf(stderr, _("juten %s: the round has no portfolio at its most likely "
                            "values (%s); run juten solve to see why, or give one with "
                            "--portfolio\n"),
                    cmd, juten_outcome_str(oc));
        return EXIT_NO_PORTFOLIO;
    }
    for (int i = 0; i < n; i++)
        x[i] = juten_result_selected(r, i) ? 1 : 0;
    *source = oc == JUTEN_OPTIMAL ? "the optimum at the most likely values"
                                  : "the best found at the most likely values (not proven)";
    juten_result_free(r);
    return 0;
}

juten_status cli_sim_fixed(const juten_model *m, const cli_common *cc, const cli_sim_args *a,
                           bool reoptimise, const unsigned char *x, cli_sim_outcome *out,
                           juten_diags *d)
{
    memset(out, 0, sizeof *out);
    juten_uncertainty u = *juten_model_uncertainty(m);
    if (a->draws)
        u.draws = a->draws;
    if (a->seed_set)
        u.seed = a->seed;
    juten_status st = juten_sampler_create(m, &u, &out->sampler, d);
    if (st == JUTEN_OK)
        st = juten_rules_create(m, cc->so.headroom, cc->so.savings_rate, &out->rules);
    if (st != JUTEN_OK)
        return st;
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = m;
    su.sampler = out->sampler;
    su.portfolio = x;
    su.reoptimise = reoptimise;
    su.solve = cc->so;
    su.solve.explain = false;
    su.solve.progress = NULL;
    /* per draw: no clock unless asked for, and the command's deadline
     * never reaches the draws (it would cut the later ones unproven),
     * as in simulate (cli/shard.c) */
    if (!cc->time_limit_given)
        su.solve.time_limit = 0;
    su.solve.deadline = 0;
    su.jobs = a->jobs;
    su.progress = cc->so.progress ? progress : NULL;
    st = juten_sim_run(&su, 0, u.draws, &out->rec, d);
    if (st == JUTEN_OK)
        st = juten_sim_summarise(&su, out->rules, out->rec, &out->sum, d);
    cli_progress_clear();
    return st;
}

void cli_sim_outcome_free(cli_sim_outcome *o)
{
    juten_sim_summary_free(o->sum);
    juten_sim_records_free(o->rec);
    juten_rules_free(o->rules);
    juten_sampler_free(o->sampler);
    memset(o, 0, sizeof *o);
}

int cli_plot_simulation_kind(const char *kind, const juten_model *m, cli_common *cc,
                             const cli_sim_args *a,
                             const juten_plot_options *po, int rows, juten_plot_outcome *oc,
                             juten_status *status, juten_diags *d)
{
    bool selection = !strcmp(kind, "selection");
    int n = juten_model_measure_count(m);
    unsigned char *x = calloc((size_t)n + 1, 1);
    cli_sim_outcome so = {0};
    juten_status st = x ? JUTEN_OK : JUTEN_ERR_NOMEM;
    int rc = 0;
    if (st == JUTEN_OK) {
        const char *source = NULL;
        int pr = cli_sim_portfolio("plot", m, a, cc, x, &source, d);
        if (pr > 0)
            rc = pr;
        else if (pr < 0)
            st = (juten_status)(-1 - pr);
    }
    /* the selection needs every draw solved */
    if (!rc && st == JUTEN_OK)
        st = cli_sim_fixed(m, cc, a, a->reoptimise || selection, x, &so, d);
    if (!rc && st == JUTEN_OK) {
        if (selection)
            st = juten_figure_selection(po, m, x, so.sum, oc, d);
        else if (!strcmp(kind, "drivers"))
            st = juten_figure_drivers(po, m, x, so.sum, rows, oc, d);
        else
            st = juten_figure_simulation(po, m, x, so.sum, so.rec, oc, d);
    }
    cli_sim_outcome_free(&so);
    free(x);
    *status = st;
    return rc;
}

juten_status cli_simulate_plot(const char *path, const juten_model *m, const unsigned char *x,
                               const juten_sim_summary *s, const juten_sim_records *rec,
                               juten_diags *d)
{
    if (!path)
        return JUTEN_OK;
    juten_plot_options po;
    juten_plot_outcome oc;
    cli_plot_options(&po, m, path);
    return cli_plot_finish(juten_figure_simulation(&po, m, x, s, rec, &oc, d), &oc, path);
}
