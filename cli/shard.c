/*
 * shard.c -- `juten simulate --shard k/n`: which draws slice k holds, and
 * its partial result written for `juten merge`.
 *
 * Slices are contiguous ([(k-1)N/n, kN/n)) rather than strided, so that a
 * part is one range of records and merging is concatenation; the draws
 * are pure functions of their index (juten_sim.h), so a slice computed
 * anywhere holds exactly the records the whole run would have had there.
 */
#include "shard.h"
#include "juten_i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_shard_parse(const char *cmd, const char *arg, int *k, int *n)
{
    char *end = NULL;
    errno = 0;
    long a = strtol(arg, &end, 10);
    bool ok = !errno && end != arg && *end == '/' && arg[0] >= '0' && arg[0] <= '9';
    long b = 0;
    if (ok) {
        const char *s = end + 1;
        errno = 0;
        b = strtol(s, &end, 10);
        ok = !errno && end != s && !*end && s[0] >= '0' && s[0] <= '9';
    }
    if (!ok)
        return cli_usage_error(cmd, _("--shard needs K/N, such as 2/8 (slice K of N), not '%s'"),
                               arg);
    if (b < 1 || b > 1000000 || a < 1 || a > b)
        return cli_usage_error(cmd, _("--shard K/N needs 1 <= K <= N (N at most 1000000), not "
                                    "'%s'"), arg);
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int cli_shard_check_draws(const char *cmd, int n, long draws)
{
    if ((long)n > draws)
        return cli_usage_error(cmd, _("--shard: %d slices of %ld draws would leave some empty: "
                                    "use at most %ld slices"),
                               n, draws, draws);
    return 0;
}

/* floor(k * N / n) as (k q + k r / n), with N = q n + r: exact, and k r <
 * n^2 never overflows where k N might. */
static uint64_t slice_start(uint64_t draws, uint64_t k, uint64_t n)
{
    uint64_t q = draws / n, r = draws % n;
    return k * q + (k * r) / n;
}

void cli_shard_slice(long draws, int k, int n, uint64_t *first, long *count)
{
    uint64_t a = slice_start((uint64_t)draws, (uint64_t)k - 1, (uint64_t)n);
    uint64_t b = slice_start((uint64_t)draws, (uint64_t)k, (uint64_t)n);
    *first = a;
    *count = (long)(b - a);
}

typedef struct shard_out {
    const juten_partial_manifest *mf;
    const juten_sim_records *rec;
} shard_out;

static juten_status write_part(FILE *f, void *ctx, juten_diags *d)
{
    const shard_out *o = ctx;
    return juten_sim_partial_write(f, o->mf, o->rec, d);
}

int cli_shard_write(const cli_common *cc, const char *scenario, const juten_sim_setup *setup,
                    int k, int n, const juten_partial_setting *settings, int n_settings,
                    const juten_sim_records *rec)
{
    const juten_model *m = setup->model;
    int nf = juten_model_file_count(m), nm = juten_model_measure_count(m);
    juten_partial_input *inputs = calloc((size_t)nf + 1, sizeof *inputs);
    const char **ids = calloc((size_t)nm + 1, sizeof *ids);
    juten_diags *d = juten_diags_create(0);
    if (!inputs || !ids || !d) {
        free(inputs);
        free(ids);
        juten_diags_free(d);
        fputs(_("juten simulate: out of memory\n"), stderr);
        return EXIT_SOFTWARE;
    }
    juten_partial_manifest mf;
    juten_partial_manifest_init(&mf);
    juten_partial_manifest_fill(&mf, setup, inputs, ids);
    mf.scenario = scenario;
    mf.shard = k;
    mf.shards = n;
    mf.settings = settings;
    mf.n_settings = n_settings;
    shard_out o = {&mf, rec};
    juten_status st = cli_write_output(cc, write_part, &o, d);
    cli_print_diags(d);
    juten_diags_free(d);
    free(inputs);
    free(ids);
    return cli_exit_code(st);
}

int cli_split_option(const char *cmd, int code, const char *arg, cli_split *sp)
{
    switch (code) {
    case CLI_OPT_SHARD:
        return cli_shard_parse(cmd, arg, &sp->shard_k, &sp->shard_n);
    case CLI_OPT_MPI:
        if (!cli_mpi_available())
            return cli_usage_error(cmd, _("--mpi: this juten was built without MPI (configure "
                                        "with -DJUTEN_MPI=ON, see README)"));
        sp->mpi = true;
        return 0;
    default:
        return -1;
    }
}

int cli_split_run(const cli_split *sp, const char *scenario, const cli_common *cc,
                  const juten_sim_setup *setup, long draws, const char *source,
                  juten_sim_records **rec, juten_status *st, juten_diags *d)
{
    static const char cmd[] = "simulate";
    int rc;
    *rec = NULL;
    /* The command's deadline (cli_parse_options: now + --time-limit, 60 s
     * by default) must not reach the draws: past it every later draw's
     * solve would stop unproven, so a long run would differ from the same
     * run in shards, or on a faster machine.  --time-limit stays a limit
     * per draw (solve.time_limit), as simulate --help says. */
    juten_sim_setup copy = *setup;
    copy.solve.deadline = 0;
    const juten_sim_setup *su = &copy;
    if (sp->mpi && sp->shard_n)
        return cli_usage_error(cmd, _("--shard and --mpi split the draws two ways: give one"));
    if (sp->mpi) {
        int rank, size;
        if ((rc = cli_mpi_init(&rank, &size)) != 0)
            return rc;
        if ((long)size > draws) {
            if (rank == 0)
                cli_usage_error(cmd, _("--mpi: %d ranks for %ld draws would leave some idle: run "
                                     "at most %ld ranks"),
                                size, draws, draws);
            return EXIT_USAGE;
        }
        *st = cli_mpi_run(su, draws, rec, d);
        if (rank == 0)
            return -1;
        /* the other ranks write nothing but their own failures */
        cli_print_diags(d);
        return *st == JUTEN_OK ? EXIT_PORTFOLIO : cli_exit_code(*st);
    }
    if (!sp->shard_n) {
        *st = juten_sim_run(su, 0, draws, rec, d);
        return -1;
    }
    if ((rc = cli_shard_check_draws(cmd, sp->shard_n, draws)) != 0)
        return rc;
    uint64_t first;
    long count;
    cli_shard_slice(draws, sp->shard_k, sp->shard_n, &first, &count);
    *st = juten_sim_run(su, first, count, rec, d);
    cli_print_diags(d);
    if (*st != JUTEN_OK)
        return cli_exit_code(*st);
    const juten_partial_setting settings[] = {{"portfolio_source", source}};
    return cli_shard_write(cc, scenario, su, sp->shard_k, sp->shard_n, settings, 1, *rec);
}
