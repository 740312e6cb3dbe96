/*
 * juten_confidence.h -- `solve --confidence P`: the best portfolio whose
 * offset rule holds with probability at least P under the declared
 * distributions of the three-point estimates, by sample average
 * approximation, validated out of sample; and `--robust`, the portfolio
 * that holds at every estimate's worst case.
 *
 * In-sample: K draws of JUTEN_STREAM_SAMPLE (draws 0..K-1, so a larger K
 * keeps the smaller one's samples), of which at most floor((1 - P) K) may
 * break the offset (juten_solver_set_chance).  Every other rule holds at
 * the nominal values.  Out of sample: fresh draws of JUTEN_STREAM_VALIDATE,
 * the share in which the portfolio's net balance is within the headroom,
 * with a Wilson 95 % interval (juten_wilson, as `simulate`).  When the interval's lower end is below P,
 * fewer violations are allowed (in proportion to the shortfall), or, once
 * none are, the samples are doubled, and the program is solved again: at
 * most max_rounds times, each step recorded.
 *
 * Everything is single-threaded and a pure function of the model, the
 * options and the seed: the same inputs give the same numbers on every
 * machine, unless a solve's time limit stops it (then the result says so).
 */
#ifndef JUTEN_CONFIDENCE_H
#define JUTEN_CONFIDENCE_H

#include <stdbool.h>
#include <stdint.h>
#include "juten_model.h"
#include "juten_solver.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JUTEN_CONFIDENCE_NODES 100

typedef enum juten_confidence_objective {
    JUTEN_CONFIDENCE_NOMINAL = 0, /* the most likely risk reductions, as `solve` */
    JUTEN_CONFIDENCE_MEAN         /* their means under the declared distributions */
} juten_confidence_objective;
const char *juten_confidence_objective_name(juten_confidence_objective o); /* "nominal", "mean" */

typedef struct juten_confidence_options {
    double target;            /* P, 0 < P < 1 (ignored with robust) */
    bool robust;              /* the worst-case portfolio instead */
    long samples;             /* K; 0 (default): juten_confidence_default_samples */
    long validate;            /* out-of-sample draws, default 100000 */
    bool seed_given;          /* seed overrides the scenario's [uncertainty] seed */
    uint64_t seed;
    juten_confidence_objective objective;
    int max_rounds;           /* re-solves when validation misses, default 4 */
    /* Each solve stops after solve.node_limit branch-and-bound nodes; 0
     * (the default) means JUTEN_CONFIDENCE_NODES, not none: a node of the
     * chance program costs tens of milliseconds, and a budget gives the same
     * answer on every machine where a clock would not. */
    bool price;               /* also the price of confidence (several solves) */
    juten_solve_options solve; /* limits, headroom, rate, rules (explain is not used) */
} juten_confidence_options;
void juten_confidence_options_init(juten_confidence_options *o);

/* The default K for target P on model m: enough that floor((1 - P) K) >= 20
 * violations are allowed, at least 100: K = max(100, ceil(20 / (1 - P)))
 * (0.9: 200, 0.95: 400, 0.99: 2000), then capped at max(200, 200000 /
 * measures) and 20000 (the program has K dense rows over the measures and
 * K binaries). */
long juten_confidence_default_samples(const juten_model *m, double target);

/* One step of the validation loop: the level solved, what validation gave,
 * and what was changed for the next solve. */
typedef struct juten_confidence_adjustment {
    long samples, max_violations;   /* of the solve that missed */
    double probability, ci_lo;      /* its out-of-sample figures */
    long next_samples, next_max_violations;
    bool more_samples;              /* K was raised (else fewer violations allowed) */
    bool no_portfolio;              /* the tightened program had no portfolio: the
                                       previous one was kept */
} juten_confidence_adjustment;

/* A row of the price of confidence. */
typedef struct juten_confidence_point {
    double target;        /* NAN: the robust row; 0: the nominal (plain solve) row */
    bool robust;
    juten_outcome outcome;
    double objective;     /* NAN without a portfolio */
    double price;         /* value given up against the plain solve (same objective) */
    long samples, max_violations, violations;
    double in_sample;     /* share of the samples that hold (NAN: none drawn) */
    long draws;
    double probability, ci_lo, ci_hi; /* out of sample (NAN without a portfolio) */
    int adjustments;      /* re-solves the validation asked for */
    bool validated;       /* ci_lo >= target (robust, nominal: not judged, false) */
    bool time_limited;
} juten_confidence_point;

typedef struct juten_confidence {
    double target;
    bool robust;
    juten_confidence_objective objective;
    uint64_t seed;
    double headroom, savings_rate;
    long samples, max_violations;  /* of the final solve (robust: 0, 0) */
    long violations;               /* in-sample samples the portfolio breaks */
    double in_sample;              /* share that hold; NAN when robust */
    long draws;                    /* out of sample */
    long holds;
    double probability, ci_lo, ci_hi; /* NAN without a portfolio */
    bool validated;                /* ci_lo >= target */
    juten_result *result;          /* the portfolio (outcome, figures); owned */
    double nominal_objective;      /* the plain solve's, same objective; NAN: none */
    int n_adjustments;
    juten_confidence_adjustment *adjustments;
    int n_price;                   /* 0 unless options.price */
    juten_confidence_point *price; /* nominal, 0.5, 0.8, 0.9, 0.95, 0.99, robust */
} juten_confidence;

/* Solve.  JUTEN_OK means it ran: see result's outcome (no portfolio at
 * the level is JUTEN_INFEASIBLE there).  Errors: a bad option
 * (JUTEN_ERR_USAGE, with a sentence), the sampler's (JUTEN_ERR_INPUT), the
 * solver's. */
juten_status juten_confidence_solve(const juten_model *m, const juten_confidence_options *o,
                                    juten_confidence **out, juten_diags *diags);
void juten_confidence_free(juten_confidence *c); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif
