/*
 * juten_partial.h -- partial results of a simulation split across processes
 * or machines (`juten simulate --shard k/n`, `juten merge`).
 *
 * A partial file is one JSON object: a manifest saying which run the part
 * belongs to (the inputs by sha256, seed, stream, total draws, the options
 * that change an answer, the portfolio simulated) and the per-draw records
 * of its range of draws, every double written as a C99 hex float so that
 * it reads back to the same bits.  Reading refuses what is not a partial
 * file or is of another format version; checking refuses parts of
 * different runs and parts that do not cover the run's draws exactly once.
 * Every refusal names the file.
 */
#ifndef JUTEN_PARTIAL_H
#define JUTEN_PARTIAL_H

#include <stdio.h>
#include "juten_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The format version this juten writes and reads. */
#define JUTEN_PARTIAL_FORMAT 1

/* An input file of the run, as juten_model_file_* give it. */
typedef struct juten_partial_input {
    const char *role, *path, *sha256;
} juten_partial_input;

/* A setting the command used, by name, in its canonical spelling (the
 * command line's options that change the answer but have no field here). */
typedef struct juten_partial_setting {
    const char *name, *value;
} juten_partial_setting;

/* What identifies the run a part belongs to.  Strings and arrays are
 * borrowed: on writing from the caller, on reading from the partial. */
typedef struct juten_partial_manifest {
    int format_version;                /* JUTEN_PARTIAL_FORMAT (set on writing) */
    const char *juten_version;         /* JUTEN_VERSION (set on writing) */
    const char *scenario;              /* the scenario as the command was given it */
    int n_inputs;
    const juten_partial_input *inputs; /* every input file, with its sha256 */
    uint64_t seed;
    unsigned stream;
    long draws;                        /* of the whole run, all parts together */
    int shard, shards;                 /* k of n (0 of 0: not a --shard part) */
    bool reoptimise;
    /* the solve options that change a reoptimised draw's answer */
    long node_limit;
    double mip_gap, time_limit, headroom, savings_rate;
    unsigned rules;
    bool heuristic;
    /* the portfolio simulated: one byte per measure, with its ids */
    int n_measures;
    const char *const *measure_ids;
    const unsigned char *portfolio;
    int n_settings;
    const juten_partial_setting *settings;
} juten_partial_manifest;

/* A manifest with every field empty or zero (stream JUTEN_STREAM_SIMULATE). */
void juten_partial_manifest_init(juten_partial_manifest *mf);
/* Fill the fields a setup determines: inputs (from the model), seed and
 * draws (from the sampler's uncertainty), reoptimise, the solve options,
 * the portfolio and its ids.  The strings stay the model's and the
 * setup's; `inputs` points into store (room for juten_model_file_count(m)
 * entries), `measure_ids` into ids (juten_model_measure_count(m)), both to
 * live as long as the manifest.  The caller sets scenario, shard and
 * settings. */
void juten_partial_manifest_fill(juten_partial_manifest *mf, const juten_sim_setup *setup,
                                 juten_partial_input *store, const char **ids);

/* Write a partial result: the manifest and the records (their range is the
 * part's).  Errors writing are JUTEN_ERR_IO; inconsistent arguments (the
 * records' measures differ from the manifest's) JUTEN_ERR_USAGE. */
juten_status juten_sim_partial_write(FILE *f, const juten_partial_manifest *mf,
                                     const juten_sim_records *rec, juten_diags *diags);

typedef struct juten_sim_partial juten_sim_partial;

/* Read the partial file at path.  JUTEN_ERR_NOFILE when it cannot be read;
 * JUTEN_ERR_INPUT when it is not a partial result of juten, is of another
 * format version, or is damaged (diagnostics name the file). */
juten_status juten_sim_partial_read(const char *path, juten_sim_partial **out,
                                    juten_diags *diags);
void juten_sim_partial_free(juten_sim_partial *p); /* NULL is a no-op */
const char *juten_sim_partial_path(const juten_sim_partial *p);
const juten_partial_manifest *juten_sim_partial_manifest(const juten_sim_partial *p);
const juten_sim_records *juten_sim_partial_records(const juten_sim_partial *p);
/* A setting's value by name, or NULL. */
const char *juten_sim_partial_setting(const juten_sim_partial *p, const char *name);

/* Check that the parts (any order) are of one run -- the same inputs'
 * sha256, seed, stream, draws, options, settings and portfolio -- and that
 * together they cover draws [0, draws) with neither gap nor overlap; then
 * join their records into *joined.  JUTEN_ERR_INPUT otherwise, naming the
 * files at fault. */
juten_status juten_sim_partial_check(juten_sim_partial *const *parts, int n,
                                     juten_sim_records **joined, juten_diags *diags);

/* Whether model m was read from the very files the part names (the same
 * roles and sha256, in order): JUTEN_ERR_INPUT, naming the file that
 * changed, otherwise.  Then the part's portfolio in m's measure order into
 * x (one byte per measure; may be NULL). */
juten_status juten_sim_partial_match_model(const juten_sim_partial *p, const juten_model *m,
                                           unsigned char *x, juten_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
