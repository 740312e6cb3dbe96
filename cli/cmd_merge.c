/*
 * cmd_merge.c -- `juten merge PARTS...`: the partial results of `juten
 * simulate --shard k/n` joined into what `juten simulate` writes for the
 * whole run, to the byte.
 *
 * Nothing is trusted that can be checked: the parts must be of one run
 * (manifests agree) and cover its draws exactly once (juten_partial.h),
 * and the scenario, loaded again, must still be the files the parts were
 * computed from (sha256).  The portfolio comes from the parts, not from a
 * new solve, so a merge never depends on a solver's clock.  Then the
 * summary and the report are simulate's own (juten_sim_summarise,
 * juten_report_simulation) on the joined records.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <stdlib.h>
#include <string.h>

#include "shard.h"

void help_merge(FILE *f)
{
    fputs(_("Usage: juten merge PART... [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("Joins the partial results written by `juten simulate SCENARIO --shard K/N -o\n"
            "FILE` (in any order, one per slice) and writes what `juten simulate SCENARIO`\n"
            "with the same options writes for the whole run, byte for byte.  Refuses parts\n"
            "of different runs (inputs, seed, draws, options or portfolio differ), a\n"
            "missing or overlapping slice, and a scenario whose files changed since the\n"
            "parts were computed (sha256).\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --format FORMAT      table (default), csv (UTF-8 with BOM, for Excel), json or\n"
            "                       xlsx (an Excel workbook, as simulate's; -o FILE.xlsx\n"
            "                       alone picks it)\n"
            "  -o, --output FILE    write there instead of standard output (replaced\n"
            "                       atomically; devices and symlinks are written through)\n"
            "  --scenario FILE      load the scenario from FILE rather than from the path the\n"
            "                       parts name (its files must be the same, by sha256)\n"
            "  -h, --help           show this help\n"),
          f);
    fputc('\n', f);
    fputs(_("Example:\n"), f);
    /* commands: the same in every language */
    fputs("  juten simulate scenarios/fy2017/scenario.ini --shard 1/2 -o part-1.json\n"
          "  juten simulate scenarios/fy2017/scenario.ini --shard 2/2 -o part-2.json\n"
          "  juten merge part-*.json --format csv -o simulation.csv\n",
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "merge");
}

typedef struct merge_args {
    const char *scenario;
} merge_args;

static int merge_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    (void)cmd;
    merge_args *a = ctx;
    if (code == CLI_OPT_SCENARIO) {
        a->scenario = arg;
        return 0;
    }
    return -1;
}

typedef struct merge_out {
    const juten_model *m;
    const juten_uncertainty *u;
    const unsigned char *x;
    const char *source;
    const juten_sim_summary *s;
    juten_format fmt;
} merge_out;

static juten_status write_merged(FILE *f, void *ctx, juten_diags *d)
{
    const merge_out *c = ctx;
    return juten_report_simulation(f, c->fmt, c->m, c->u, c->x, c->source, c->s, d);
}

/* Read every part, check them, join: 0 and *joined, or an exit code with
 * the messages printed. */
static int read_parts(int n, char **paths, juten_sim_partial **parts, juten_sim_records **joined)
{
    juten_diags *d = juten_diags_create(0);
    if (!d)
        return EXIT_SOFTWARE;
    juten_status worst = JUTEN_OK;
    for (int i = 0; i < n; i++) {
        juten_status st = juten_sim_partial_read(paths[i], &parts[i], d);
        /* a missing file outranks a bad one, as for the loader */
        if (st != JUTEN_OK && (worst == JUTEN_OK || st == JUTEN_ERR_NOFILE))
            worst = st;
    }
    if (worst == JUTEN_OK)
        worst = juten_sim_partial_check(parts, n, joined, d);
    cli_print_diags(d);
    juten_diags_free(d);
    return worst == JUTEN_OK ? 0 : cli_exit_code(worst);
}

int cmd_merge(int argc, char **argv)
{
    static const int accepted[] = {CLI_OPT_HELP, CLI_OPT_FORMAT, CLI_OPT_OUTPUT,
                                   CLI_OPT_SCENARIO, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    merge_args ma = {NULL};
    int rc = cli_parse_options("merge", argc, argv, accepted, &cc, help_merge, merge_extra, &ma);
    if (rc >= 0)
        return rc;
    int n = argc - optind;
    if (n < 1)
        return cli_usage_error("merge", _("the partial results to merge are required (the files "
                                        "juten simulate --shard K/N -o FILE wrote)"));
    juten_sim_partial **parts = calloc((size_t)n, sizeof *parts);
    if (!parts)
        return EXIT_SOFTWARE;
    juten_sim_records *rec = NULL;
    juten_model *m = NULL;
    juten_diags *d = NULL;
    unsigned char *x = NULL;
    juten_sampler *sampler = NULL;
    juten_rules *rules = NULL;
    juten_sim_summary *sum = NULL;
    if ((rc = read_parts(n, argv + optind, parts, &rec)) != 0)
        goto out;

    const juten_partial_manifest *mf = juten_sim_partial_manifest(parts[0]);
    const char *scenario = ma.scenario ? ma.scenario : mf->scenario;
    if ((rc = cli_load(scenario, &m, true)) != 0) {
        if (!ma.scenario)
            fprintf(stderr, _("juten merge: the parts were computed from %s; if it lives "
                            "elsewhere here, give it with --scenario FILE\n"),
                    mf->scenario);
        goto out;
    }
    d = juten_diags_create(0);
    x = calloc((size_t)juten_model_measure_count(m) + 1, 1);
    juten_status st = d && x ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_sim_partial_match_model(parts[0], m, x, d);

    /* simulate's setup, from the manifest: the declaration with the run's
     * draws and seed, the options that change an answer */
    juten_uncertainty u = *juten_model_uncertainty(m);
    u.draws = mf->draws;
    u.seed = mf->seed;
    if (st == JUTEN_OK)
        st = juten_sampler_create(m, &u, &sampler, d);
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = m;
    su.sampler = sampler;
    su.portfolio = x;
    su.reoptimise = mf->reoptimise;
    su.solve.node_limit = mf->node_limit;
    su.solve.mip_gap = mf->mip_gap;
    su.solve.time_limit = mf->time_limit;
    su.solve.headroom = mf->headroom;
    su.solve.savings_rate = mf->savings_rate;
    su.solve.rules = mf->rules;
    su.solve.heuristic = mf->heuristic;
    if (st == JUTEN_OK)
        st = juten_rules_create(m, su.solve.headroom, su.solve.savings_rate, &rules);
    if (st == JUTEN_OK)
        st = juten_sim_summarise(&su, rules, rec, &sum, d);
    if (st == JUTEN_OK) {
        const char *source = juten_sim_partial_setting(parts[0], "portfolio_source");
        merge_out mo = {m, &u, x, source ? source : "", sum, cc.fmt};
        st = cli_write_output(&cc, write_merged, &mo, d);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
out:
    juten_sim_summary_free(sum);
    juten_rules_free(rules);
    juten_sampler_free(sampler);
    free(x);
    juten_diags_free(d);
    juten_model_free(m);
    juten_sim_records_free(rec);
    for (int i = 0; i < n; i++)
        juten_sim_partial_free(parts[i]);
    free(parts);
    return rc;
}
