/*
 * juten_sim.h -- Monte Carlo over the three-point estimates: how likely a
 * portfolio is to meet the offset, which measures are safe bets, what
 * refining an estimate is worth.
 *
 * Three layers, each usable alone:
 *
 *   sampler   draws of every uncertain estimate (cost, risk reduction,
 *             saving of each measure) from the scenario's [uncertainty]
 *             declaration.  Draw k of a measure's field is a pure function
 *             of (seed, stream, k, measure id, field): the same on any
 *             thread, shard, rank or machine, and the same in every
 *             scenario that lists the measure, so differences between
 *             portfolios and scenarios are never sampling noise.
 *   records   one record per draw (a fixed portfolio's spending, savings,
 *             net balance, value and rules held; with reoptimisation the
 *             best portfolio for that draw), computed for any range of
 *             draws on any number of threads.  Records of disjoint ranges
 *             concatenate: shards and MPI ranks compute ranges, and merging
 *             them is concatenation, never adding partial sums.
 *   summary   every statistic, recomputed from the full set of records in
 *             draw order, so that the bytes of the output never depend on
 *             how the draws were split.
 *
 * Random numbers: Philox4x32-10 (Random123), keyed by the seed, the counter
 * (draw, 64-bit hash of stream, field and measure id); GSL's ziggurat turns
 * its bits into standard normal scores.  A one-factor Gaussian copula per
 * group (ministry, area) correlates the normal scores; each marginal is the
 * normal score pushed through its quantile function (sampler.c).
 */
#ifndef JUTEN_SIM_H
#define JUTEN_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include "juten_model.h"
#include "juten_solver.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the sampler -------------------------------------------------------- */

/* Streams: independent families of draws from one seed. */
enum {
    JUTEN_STREAM_SIMULATE = 0, /* `simulate` and everything reported per draw */
    JUTEN_STREAM_SAMPLE = 1,   /* the in-sample scenarios of --confidence */
    JUTEN_STREAM_VALIDATE = 2, /* out-of-sample validation of --confidence */
    JUTEN_STREAM_INNER = 3     /* inner loops of nested checks (tests) */
};

typedef struct juten_sampler juten_sampler;

/* Build the sampler of model m under u (NULL: the model's own declaration,
 * juten_model_uncertainty).  Immutable once built: any number of threads
 * may draw from one sampler, each with its own workspace.  Errors (a
 * lognormal field whose low is not positive, ...) go to diags with the
 * measure's line: JUTEN_ERR_INPUT. */
juten_status juten_sampler_create(const juten_model *m, const juten_uncertainty *u,
                                  juten_sampler **out, juten_diags *diags);
void juten_sampler_free(juten_sampler *s); /* NULL is a no-op */
const juten_uncertainty *juten_sampler_uncertainty(const juten_sampler *s);

/* The estimates that vary (low < high), in measure order, field order
 * within a measure. */
int juten_sampler_estimate_count(const juten_sampler *s);
int juten_sampler_estimate_measure(const juten_sampler *s, int e);
juten_field juten_sampler_estimate_field(const juten_sampler *s, int e);
/* The estimate of (measure, field), or -1 when it is fixed. */
int juten_sampler_estimate_of(const juten_sampler *s, int measure, juten_field f);
/* Its mean under the declared distribution (closed form). */
double juten_sampler_estimate_mean(const juten_sampler *s, int e);

/* Per-thread scratch of one sampler: it caches the factors of the last
 * draw, so use it with the sampler it was made for only. */
typedef struct juten_sampler_ws juten_sampler_ws;
juten_sampler_ws *juten_sampler_ws_new(const juten_sampler *s); /* NULL: no memory */
void juten_sampler_ws_free(juten_sampler_ws *w);

/* Draw `draw` of stream `stream`: every measure's cost, risk reduction and
 * saving into the arrays (one entry per measure; a NULL array is skipped;
 * fixed fields get their value).  need (NULL: all) limits the work to the
 * measures with need[i] != 0; the others get their most likely values. */
void juten_sampler_draw(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                        uint64_t draw, const unsigned char *need, double *cost,
                        double *risk, double *saving);
/* One estimate's value in that draw (the same number juten_sampler_draw
 * gives it). */
double juten_sampler_draw_one(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                              uint64_t draw, int e);
/* The normal score behind it (monotone in the value): ranks without the
 * quantile function. */
double juten_sampler_score(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                           uint64_t draw, int e);

/* Values of a distribution, for tests and charts: quantile p (0 < p < 1) of
 * estimate e, and the closed-form variance. */
double juten_sampler_estimate_quantile(const juten_sampler *s, int e, double p);
double juten_sampler_estimate_variance(const juten_sampler *s, int e);

/* ---- rules checked per draw --------------------------------------------- */

/* The rules whose holding depends on the numbers of a draw: the offset,
 * then area shares and spends, tag minimums and ministry ceilings the
 * model declares, in that order, named as solve names them
 * ("offset", "area_min_share[economy]", "tag_min[incident-response]",
 * "ceiling[CAS]").  Dependencies, groups and forced decisions depend on
 * the portfolio alone and are checked once. */
typedef struct juten_rules juten_rules;
juten_status juten_rules_create(const juten_model *m, double headroom, double savings_rate,
                                juten_rules **out);
void juten_rules_free(juten_rules *r);
int juten_rules_count(const juten_rules *r);
const char *juten_rules_name(const juten_rules *r, int q);
/* Evaluate portfolio x (one byte per measure) at the values: spend,
 * realised savings, net balance (spend - rate * savings), value (area
 * weight * risk reduction), and holds[q] for each rule (may be NULL).
 * Returns true when every rule holds. */
typedef struct juten_eval {
    double spend, savings, net, value;
} juten_eval;
bool juten_rules_eval(const juten_rules *r, const unsigned char *x, const double *cost,
                      const double *risk, const double *saving, juten_eval *ev,
                      unsigned char *holds);
/* Whether the portfolio meets the rules that do not depend on the numbers
 * (requires, groups, mandatory and forced rows). */
bool juten_rules_structural(const juten_rules *r, const unsigned char *x);

/* ---- records ------------------------------------------------------------ */

typedef struct juten_sim_setup {
    const juten_model *model;
    const juten_sampler *sampler;
    const unsigned char *portfolio; /* the fixed portfolio, one byte per measure */
    bool reoptimise;                /* also solve each draw */
    juten_solve_options solve;      /* for the reoptimisation (explain off; no time
                                       limit unless given: a clock cuts draws unevenly) */
    int jobs;                       /* threads; <= 0: the cores present */
    /* Called from the threads now and then (serialised by the library):
     * draws done of total. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
} juten_sim_setup;
void juten_sim_setup_init(juten_sim_setup *s);

/* Per-draw records of draws [first, first + count).  Arrays have `count`
 * entries; rules and selected have count * n_rules and count *
 * n_measures bytes (draw-major). */
typedef struct juten_sim_records {
    uint64_t first;
    long count;
    int n_measures;
    int n_rules;
    bool reoptimised;
    double *spend, *savings, *net, *value; /* the fixed portfolio */
    unsigned char *holds;                  /* rule q of draw k: holds[k * n_rules + q] */
    /* With reoptimisation (else NULL): */
    signed char *outcome;                  /* juten_outcome of the draw's solve */
    double *objective;                     /* NAN without a portfolio */
    unsigned char *selected;               /* measure i of draw k: [k * n_measures + i] */
} juten_sim_records;

juten_status juten_sim_records_alloc(long count, int n_measures, int n_rules,
                                     bool reoptimised, juten_sim_records **out);
void juten_sim_records_free(juten_sim_records *r);
/* Compute the records of draws [first, first + count) on setup->jobs
 * threads.  Errors of a draw's solve (a contained GLPK fault) stop the run
 * with the draw named in diags. */
juten_status juten_sim_run(const juten_sim_setup *setup, uint64_t first, long count,
                           juten_sim_records **out, juten_diags *diags);
/* Join records of consecutive ranges (parts in any order; they must tile
 * [first of the lowest, end of the highest) without gap or overlap and
 * agree on shape): JUTEN_ERR_INPUT otherwise, with the range at fault. */
juten_status juten_sim_records_join(juten_sim_records *const *parts, int n,
                                    juten_sim_records **out, juten_diags *diags);

/* ---- summary ------------------------------------------------------------ */

typedef struct juten_dist_stats {
    double mean, sd, p5, p50, p95;
} juten_dist_stats;

typedef struct juten_driver {
    int estimate;              /* index for juten_sampler_estimate_* */
    int measure;
    juten_field field;
    double rank_correlation;   /* Spearman, with the net balance */
} juten_driver;

typedef struct juten_selection {
    int measure;
    double frequency;          /* of the draws with a portfolio */
    double ci_lo, ci_hi;       /* Wilson 95 % */
    const char *class_name;    /* "core" (>= 0.9), "borderline", "exterior" (<= 0.1) */
} juten_selection;

typedef struct juten_evppi {
    int estimate, measure;
    juten_field field;
    double value;
} juten_evppi;

typedef struct juten_sim_summary {
    long draws;
    uint64_t seed;
    double headroom, savings_rate;
    /* the fixed portfolio */
    double offset_probability, offset_ci_lo, offset_ci_hi;
    juten_dist_stats net, spend, savings;
    double expected_overrun_worst5;   /* mean of max(0, net - headroom) in the worst 5 % */
    double value_nominal;
    juten_dist_stats value;
    double all_rules_probability;     /* every rule at once */
    int n_rules;
    const char **rule_names;          /* borrowed from the juten_rules */
    double *rule_probability;
    bool structural_ok;               /* dependencies, groups, forced rows */
    int n_drivers;
    juten_driver *drivers;            /* |rank correlation| descending */
    /* with reoptimisation */
    bool reoptimised;
    /* draws with a portfolio; proven to have none; stopped by a limit
     * before any; not proven (a limit stopped them, with or without one) */
    long feasible_draws, infeasible_draws, limited_draws, unproven_draws;
    juten_dist_stats optimum;         /* over the draws with a portfolio */
    int n_selection;
    juten_selection *selection;       /* measure order */
    double regret_mean;               /* E[optimum - NB(portfolio)] */
    juten_dist_stats regret;
    long regret_held_draws;           /* draws where the portfolio meets every rule */
    double regret_held_mean;          /* mean regret over those (NAN: none) */
    int n_candidates;                 /* portfolios weighed for the value of information */
    double evpi;
    int n_evppi;
    juten_evppi *evppi;               /* descending */
    int evppi_blocks;
} juten_sim_summary;

/* All statistics of the full set of records (first must be 0 and count
 * the declared draws, or any range: the summary is of the records given). */
juten_status juten_sim_summarise(const juten_sim_setup *setup, const juten_rules *rules,
                                 const juten_sim_records *rec, juten_sim_summary **out,
                                 juten_diags *diags);
void juten_sim_summary_free(juten_sim_summary *s);

/* Statistics helpers (stats.c), public for tests and reports. */
/* Wilson score interval at 95 % for k successes in n. */
void juten_wilson(long k, long n, double *lo, double *hi);
/* Mean, sample sd and the 5/50/95 % points (linear interpolation between
 * order statistics, as numpy's default) of x[0..n), in index order; x is
 * not changed. */
juten_status juten_dist_stats_of(const double *x, long n, juten_dist_stats *out);
/* Spearman rank correlation (average ranks for ties). */
double juten_spearman(const double *x, const double *y, long n);

#ifdef __cplusplus
}
#endif
#endif
