/*
 * shard.h -- a simulation split over processes or machines, as the command
 * line sees it: `simulate --shard k/n` (shard.c), `merge` (cmd_merge.c) and
 * `simulate --mpi` (mpi.c, the only file that includes <mpi.h>).
 */
#ifndef JUTEN_CLI_SHARD_H
#define JUTEN_CLI_SHARD_H

#include "cli.h"
#include "juten_partial.h"
#include "juten_sim.h"

/* "k/n" with 1 <= k <= n (the draws are checked once known): 0, or the
 * exit code of a usage error (already printed). */
int cli_shard_parse(const char *cmd, const char *arg, int *k, int *n);
/* Draws [(k-1)*N/n, k*N/n) of N, in integer arithmetic, without overflow:
 * slices of consecutive k tile [0, N). */
void cli_shard_slice(long draws, int k, int n, uint64_t *first, long *count);
/* n <= draws: 0, or a usage error's exit code (printed). */
int cli_shard_check_draws(const char *cmd, int n, long draws);

/* Write the partial result of slice k of n (records rec) to cc's output:
 * the manifest from the setup, the scenario as given and the command's
 * settings.  Returns the exit code. */
int cli_shard_write(const cli_common *cc, const char *scenario, const juten_sim_setup *setup,
                    int k, int n, const juten_partial_setting *settings, int n_settings,
                    const juten_sim_records *rec);

/* How simulate splits its draws: --shard k/n, --mpi (neither: one run). */
typedef struct cli_split {
    int shard_k, shard_n; /* 0 of 0: not a shard */
    bool mpi;
} cli_split;
/* --shard and --mpi: 0 handled, -1 not one of them, otherwise the exit code
 * of a usage error (printed; --mpi in a juten built without MPI is one). */
int cli_split_option(const char *cmd, int code, const char *arg, cli_split *sp);
/* simulate's records under the split: with neither option, draws [0,
 * draws) into *rec; with --mpi, every rank its slice, gathered into *rec on
 * rank 0; with --shard, slice k, written as a partial result to cc's
 * output.  Returns -1 when the command goes on to its summary (with *rec,
 * or the failure in *st and d), or the exit code when it is done (the part
 * written, or an MPI rank other than 0), its messages printed.  source is
 * the portfolio's provenance as the report words it. */
int cli_split_run(const cli_split *sp, const char *scenario, const cli_common *cc,
                  const juten_sim_setup *su, long draws, const char *source,
                  juten_sim_records **rec, juten_status *st, juten_diags *d);

/* MPI (mpi.c).  Without -DJUTEN_MPI=ON cli_mpi_available() is false and
 * the others are never called. */
bool cli_mpi_available(void);
/* MPI_Init (threads: funnelled, the draws' threads never call MPI); the
 * process's rank and the number of ranks.  0, or an exit code (printed). */
int cli_mpi_init(int *rank, int *size);
/* Each rank computes its slice of draws [0, draws) with juten_sim_run; rank
 * 0 gathers every slice into *out (NULL on the other ranks).  Every rank
 * gets the same status: a rank that failed fails them all (its diagnostics
 * in its own diags). */
juten_status cli_mpi_run(const juten_sim_setup *setup, long draws, juten_sim_records **out,
                         juten_diags *d);
/* MPI_Finalize, if cli_mpi_init ran. */
void cli_mpi_finalize(void);

#endif
