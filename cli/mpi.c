/*
 * mpi.c -- `juten simulate --mpi`: the draws split over MPI ranks; the only
 * file that includes <mpi.h> (built with -DJUTEN_MPI=ON; otherwise --mpi is
 * a usage error and these are stubs).
 *
 * Rank r of P computes draws [rN/P, (r+1)N/P) -- the slices of --shard --
 * with juten_sim_run on its own threads; rank 0 gathers the records into
 * one juten_sim_records, in rank order, which is draw order.  The summary
 * is then computed from the whole set on rank 0 alone, exactly as a single
 * process would, so the output is the same to the byte.  Every rank first
 * learns whether all ranks succeeded (one reduction), so that a rank whose
 * solve faulted never leaves the others waiting in a gather.
 */
#include "shard.h"
#include "juten_i18n.h"

#include <stdlib.h>

#ifdef JUTEN_MPI
#include <limits.h>
#include <mpi.h>

static bool mpi_started;

bool cli_mpi_available(void) { return true; }

int cli_mpi_init(int *rank, int *size)
{
    int provided = 0;
    if (!mpi_started) {
        if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
            fputs(_("juten simulate: --mpi: MPI_Init failed (run under mpirun)\n"), stderr);
            return EXIT_SOFTWARE;
        }
        mpi_started = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

void cli_mpi_finalize(void)
{
    if (mpi_started)
        MPI_Finalize();
    mpi_started = false;
}

/* Gather one array of `width` elements of type t per draw from every
 * rank's slice into the full array on rank 0. */
static bool gather(const void *mine, void *all, long my_count, const int *counts,
                   const int *displs, int width, MPI_Datatype t)
{
    int np;
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    int *c = malloc((size_t)np * sizeof *c), *dp = malloc((size_t)np * sizeof *dp);
    bool ok = c && dp;
    for (int r = 0; ok && r < np; r++) {
        c[r] = counts[r] * width;
        dp[r] = displs[r] * width;
    }
    /* every rank must enter the collective, even one short of memory: it
     * then sends nothing, and the reduction after the gathers tells all */
    int rc = MPI_Gatherv(mine, ok ? (int)my_count * width : 0, t, all, c, dp, t, 0,
                     MPI_COMM_WORLD);
    free(c);
    free(dp);
    return ok && rc == MPI_SUCCESS;
}

juten_status cli_mpi_run(const juten_sim_setup *setup, long draws, juten_sim_records **out,
                         juten_diags *d)
{
    *out = NULL;
    int rank, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    int n_rules = 0;
    uint64_t first;
    long count;
    cli_shard_slice(draws, rank + 1, np, &first, &count);
    juten_sim_records *mine = NULL;
    juten_status st = juten_sim_run(setup, first, count, &mine, d);
    if (st == JUTEN_OK)
        n_rules = mine->n_rules;

    /* the widest array per rank must fit MPI's int counts */
    int nm = juten_model_measure_count(setup->model);
    if (st == JUTEN_OK && (draws > INT_MAX / (nm + 1) || draws > INT_MAX / (n_rules + 1))) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("--mpi: %ld draws are too many to gather in one message; split the "
                        "run with --shard and merge instead"), draws);
        st = JUTEN_ERR_USAGE;
    }
    /* all ranks agree on the outcome before any gather: the worst status */
    int my_st = (int)st, worst = 0;
    MPI_Allreduce(&my_st, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != JUTEN_OK) {
        juten_sim_records_free(mine);
        if (st == JUTEN_OK)
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("--mpi: another rank failed (its messages are on its stderr)"));
        return (juten_status)worst;
    }

    int *counts = malloc((size_t)np * sizeof *counts), *displs = malloc((size_t)np * sizeof *displs);
    juten_sim_records *all = NULL;
    int fail = !counts || !displs;
    if (!fail)
        for (int r = 0; r < np; r++) {
            uint64_t f;
            long c;
            cli_shard_slice(draws, r + 1, np, &f, &c);
            counts[r] = (int)c;
            displs[r] = (int)f;
        }
    if (rank == 0 && !fail) {
        fail = juten_sim_records_alloc(draws, mine->n_measures, mine->n_rules, mine->reoptimised,
                                       &all) != JUTEN_OK;
        if (!fail)
            all->first = 0;
    }
    /* rank 0 tells whether it can receive */
    MPI_Bcast(&fail, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (fail) {
        free(counts);
        free(displs);
        juten_sim_records_free(mine);
        juten_sim_records_free(all);
        return JUTEN_ERR_NOMEM;
    }
    bool ok = true;
    bool root = rank == 0;
#define G(field, width, type)                                                             \
    ok = gather(mine->field, root ? all->field : NULL, count, counts, displs, (width),    \
                (type)) && ok
    G(spend, 1, MPI_DOUBLE);
    G(savings, 1, MPI_DOUBLE);
    G(net, 1, MPI_DOUBLE);
    G(value, 1, MPI_DOUBLE);
    G(holds, mine->n_rules, MPI_UNSIGNED_CHAR);
    if (mine->reoptimised) {
        G(outcome, 1, MPI_SIGNED_CHAR);
        G(objective, 1, MPI_DOUBLE);
        G(selected, mine->n_measures, MPI_UNSIGNED_CHAR);
    }
#undef G
    free(counts);
    free(displs);
    juten_sim_records_free(mine);
    int bad = !ok, any_bad = 0;
    MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (any_bad) {
        juten_sim_records_free(all);
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("--mpi: gathering the draws failed"));
        return JUTEN_ERR_INTERNAL;
    }
    *out = all;
    return JUTEN_OK;
}

#else /* without MPI */

bool cli_mpi_available(void) { return false; }

int cli_mpi_init(int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    fputs(_("juten simulate: --mpi: this juten was built without MPI "
                    "(configure with -DJUTEN_MPI=ON)\n"), stderr);
    return EXIT_USAGE;
}

juten_status cli_mpi_run(const juten_sim_setup *setup, long draws, juten_sim_records **out,
                         juten_diags *d)
{
    (void)setup;
    (void)draws;
    *out = NULL;
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("this juten was built without MPI"));
    return JUTEN_ERR_USAGE;
}

void cli_mpi_finalize(void) {}

#endif
