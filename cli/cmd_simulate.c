/*
 * cmd_simulate.c -- `juten simulate`: draws of the three-point estimates
 * under the scenario's [uncertainty]; how likely a portfolio meets the
 * offset and the other rules, what drives its net balance, and with
 * --reoptimise which measures are safe bets and what information is worth.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "juten_clock.h"
#include "juten_sim.h"
#include "shard.h"

void help_simulate(FILE *f)
{
    fputs(_("Usage: juten simulate SCENARIO [OPTIONS]\n"), f);
    fputc('\n', f);
    fprintf(f, _("Draws every uncertain estimate (cost, risk_reduction and saving between their\n"
               "_low and _high columns) from the distributions the scenario's [uncertainty]\n"
               "section declares (beta-PERT by default), and reports for a fixed portfolio\n"
               "how likely the offset rule holds (with a 95%% Wilson interval), the net\n"
               "balance's mean, spread and percentiles, the expected overrun in the worst 5%%\n"
               "of draws, the value against its nominal figure, how likely each other rule\n"
               "holds, and which estimates drive the net balance (rank correlation).\n"
               "With --reoptimise it also solves every draw: how often each measure is\n"
               "funded (core, borderline, exterior), the regret of the fixed portfolio, and\n"
               "the value of perfect information (EVPI) and of each estimate (EVPPI).\n"
               "Draw k is the same on any thread or machine: the output depends on the\n"
               "scenario, the seed and the options only.\n"));
    fputc('\n', f);
    fputs(_("Options:\n"), f);
    cli_common_help(f);
    fputs(_("  --portfolio P        the portfolio to simulate: ids (M03,M04,...) or a file\n"
            "                       written by juten solve --format csv or json (default:\n"
            "                       the optimum at the most likely values)\n"
            "  --reoptimise         also find the best portfolio of every draw\n"
            "  --draws N            number of draws (default: [uncertainty] draws, 10000)\n"
            "  --seed S             seed (default: [uncertainty] seed, 1)\n"
            "  --jobs T             threads (default: the cores present); the output does\n"
            "                       not depend on it\n"
            "  --timing             print the time taken and draws per second on stderr\n"
            "  --plot FILE          also draw the net balance chart (.png, .svg, .pdf), as\n"
            "                       juten plot SCENARIO simulation; with --reoptimise too\n"
            "                       (juten plot draws the selection and drivers charts);\n"
            "                       not with --shard\n"
            "  --shard K/N          compute slice K of N of the draws only and write it as\n"
            "                       a partial result (JSON) for juten merge\n"
            "  --mpi                split the draws over the ranks of mpirun; rank 0 writes\n"
            "                       the output (a juten built with -DJUTEN_MPI=ON)\n"),
          f);
    fputc('\n', f);
    fputs(_("With --reoptimise, --time-limit is a limit per draw and is off by default (a\n"
            "clock would cut draws unevenly); use --node-limit for a reproducible bound.\n"),
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "simulate");
}

typedef struct sim_args {
    cli_sim_args sim; /* the options plot shares (simplot.c) */
    bool timing;
    const char *plot;
    cli_split split;  /* --shard, --mpi */
} sim_args;

static int sim_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    sim_args *a = ctx;
    int rc = cli_sim_option(cmd, code, arg, &a->sim);
    if (rc != -1)
        return rc;
    switch (code) {
    case CLI_OPT_TIMING:
        a->timing = true;
        return 0;
    case CLI_OPT_PLOT:
        a->plot = arg;
        return 0;
    default:
        return cli_split_option(cmd, code, arg, &a->split);
    }
}

typedef struct progress_state {
    bool on;
    double t0;
} progress_state;

static void sim_progress(void *ctx, long done, long total)
{
    progress_state *p = ctx;
    if (!p->on)
        return;
    double t = juten_clock_monotonic() - p->t0;
    char stage[128];
    if (done > 0 && t > 0) {
        double rate = (double)done / t, left = (double)(total - done) / rate;
        snprintf(stage, sizeof stage, _("simulating (%.0f draws/s, about %.0f s left)"), rate, left);
    } else {
        snprintf(stage, sizeof stage, _("simulating"));
    }
    cli_progress(NULL, stage, done, total);
}


/* Every draw keeps a record until the statistics are done (they are
 * computed in draw order from all of them): refuse, before hours of work,
 * a number of draws whose records would not fit in half of this machine's
 * memory. */
static int check_memory(const juten_uncertainty *u, int n, int n_rules, bool reoptimise)
{
    double per = 4 * sizeof(double) + (double)n_rules + (reoptimise ? 1 + sizeof(double) + n : 0);
    double need = per * (double)u->draws;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return 0;
    double have = (double)pages * (double)page;
    if (need <= have / 2)
        return 0;
    long fit = (long)(have / 2 / per);
    return cli_usage_error("simulate", _("%ld draws would need about %.1f GB for their records, "
                                       "more than half of this machine's %.1f GB; use at most "
                                       "%ld draws (a probability's interval narrows with the "
                                       "square root of the draws: 100,000 already give about "
                                       "0.3 points)"),
                           u->draws, need / 1e9, have / 1e9, fit);
}

typedef struct write_ctx {
    const juten_model *m;
    const juten_uncertainty *u;
    const unsigned char *x;
    const char *source;
    const juten_sim_summary *s;
    juten_format fmt;
} write_ctx;

static juten_status write_sim(FILE *f, void *vctx, juten_diags *d)
{
    write_ctx *c = vctx;
    return juten_report_simulation(f, c->fmt, c->m, c->u, c->x, c->source, c->s, d);
}

int cmd_simulate(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_PORTFOLIO, CLI_OPT_REOPTIMISE,
                                   CLI_OPT_DRAWS, CLI_OPT_SEED, CLI_OPT_JOBS, CLI_OPT_TIMING,
                                   CLI_OPT_PLOT, CLI_OPT_SHARD, CLI_OPT_MPI, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    sim_args sa;
    memset(&sa, 0, sizeof sa);
    int rc = cli_parse_options("simulate", argc, argv, accepted, &cc, help_simulate, sim_extra,
                               &sa);
    if (rc >= 0)
        return rc;
    if (sa.plot && sa.split.shard_n > 0) /* a shard's part has no summary to draw */
        return cli_usage_error("simulate", _("--plot needs the whole run, not a shard: run "
                                           "juten plot SCENARIO simulation"));
    juten_model *m = NULL;
    if ((rc = cli_load_one("simulate", argc, argv, &m)) != 0)
        return rc;
    int n = juten_model_measure_count(m);
    juten_diags *d = juten_diags_create(0);
    unsigned char *x = calloc((size_t)n + 1, 1);
    juten_sampler *sampler = NULL;
    juten_rules *rules = NULL;
    juten_sim_records *rec = NULL;
    juten_sim_summary *sum = NULL;
    juten_status st = d && x ? JUTEN_OK : JUTEN_ERR_NOMEM;
    const char *source = "";
    if (st == JUTEN_OK) {
        int pr = cli_sim_portfolio("simulate", m, &sa.sim, &cc, x, &source, d);
        if (pr > 0) {
            rc = pr;
            goto out;
        }
        if (pr < 0)
            st = (juten_status)(-1 - pr);
    }
    juten_uncertainty u = *juten_model_uncertainty(m);
    if (sa.sim.draws)
        u.draws = sa.sim.draws;
    if (sa.sim.seed_set)
        u.seed = sa.sim.seed;
    if (st == JUTEN_OK)
        st = juten_sampler_create(m, &u, &sampler, d);
    if (st == JUTEN_OK)
        st = juten_rules_create(m, cc.so.headroom, cc.so.savings_rate, &rules);
    if (st == JUTEN_OK && (rc = check_memory(&u, n, juten_rules_count(rules), sa.sim.reoptimise)))
        goto out;
    progress_state ps = {cc.so.progress != NULL, juten_clock_monotonic()};
    double t0 = juten_clock_monotonic();
    if (st == JUTEN_OK) {
        juten_sim_setup su;
        juten_sim_setup_init(&su);
        su.model = m;
        su.sampler = sampler;
        su.portfolio = x;
        su.reoptimise = sa.sim.reoptimise;
        su.solve = cc.so;
        su.solve.explain = false;
        su.solve.progress = NULL;
        /* per draw: no clock unless asked for (a clock cuts draws unevenly) */
        if (!cc.time_limit_given)
            su.solve.time_limit = 0;
        su.jobs = sa.sim.jobs;
        su.progress = sim_progress;
        su.progress_ctx = &ps;
        int done = cli_split_run(&sa.split, argv[optind], &cc, &su, u.draws, source, &rec, &st,
                                 d);
        if (done >= 0) { /* a shard's part written, or an MPI rank other than 0 */
            rc = done;
            goto out;
        }
        double t1 = juten_clock_monotonic();
        if (st == JUTEN_OK)
            st = juten_sim_summarise(&su, rules, rec, &sum, d);
        if (ps.on)
            cli_progress_clear();
        if (sa.timing && st == JUTEN_OK)
            fprintf(stderr, _("juten simulate: %ld draws in %.2f s (%.0f draws/s), statistics "
                            "%.2f s\n"),
                    u.draws, t1 - t0, (double)u.draws / (t1 - t0 > 0 ? t1 - t0 : 1e-9),
                    juten_clock_monotonic() - t1);
    }
    if (st == JUTEN_OK) {
        write_ctx wc = {m, &u, x, source, sum, cc.fmt};
        st = cli_write_output(&cc, write_sim, &wc, d);
    }
    if (st == JUTEN_OK)
        st = cli_simulate_plot(sa.plot, m, x, sum, rec, d);
    cli_print_diags(d);
    rc = st == JUTEN_OK ? EXIT_PORTFOLIO : cli_exit_code(st);
out:
    cli_mpi_finalize();
    juten_sim_summary_free(sum);
    juten_sim_records_free(rec);
    juten_rules_free(rules);
    juten_sampler_free(sampler);
    free(x);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
