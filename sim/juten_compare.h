/*
 * juten_compare.h -- what-if scenarios side by side: each solved, its
 * figures per area and ministry, the rule prices, the probability that
 * its offset holds over the same draws, the measures funded in some but
 * not all, and what changed in each scenario's inputs against the first
 * (the reference).
 *
 * Figures are keyed by id, not index: two scenarios may list different
 * measures, areas or ministries.  The unions keep the reference's order,
 * then each later scenario's new ids in its order.
 */
#ifndef JUTEN_COMPARE_H
#define JUTEN_COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include "juten_analysis.h"
#include "juten_model.h"
#include "juten_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct juten_compare_options {
    juten_solve_options solve; /* every scenario is solved with these (headroom and
                                  savings_rate NAN: each scenario's own) */
    bool prices;               /* rule prices of each scenario (default true) */
    bool simulate;             /* the offset probability (default true) */
    long draws;                /* 0 (default): the reference scenario's [uncertainty] draws */
    bool seed_given;
    uint64_t seed;             /* when seed_given; else the reference's seed */
    int jobs;                  /* simulation threads; <= 0: the cores present */
} juten_compare_options;
void juten_compare_options_init(juten_compare_options *o);

typedef struct juten_compare_scenario {
    const juten_model *model;  /* borrowed */
    juten_result *result;      /* owned */
    juten_prices *prices;      /* owned; NULL when not computed (no portfolio, or off) */
    bool have;                 /* a portfolio (optimal or feasible) */
    int selected;              /* measures funded */
    double headroom, savings_rate;
    /* the offset probability over the shared draws: only when the scenario
     * declares [uncertainty] and has a portfolio (else NAN, simulated false) */
    bool simulated;
    double offset_probability, offset_ci_lo, offset_ci_hi;
    double *area_spend, *area_value;  /* per union area (NAN: the scenario lacks it) */
    double *ministry_charge;          /* per union ministry (NAN: lacks it) */
    int n_changes;
    char **changes;            /* what differs from the reference, one phrase each
                                  ("savings_rate 1 -> 0.7"); none for the reference */
} juten_compare_scenario;

typedef struct juten_compare_difference {
    const char *id, *name;     /* borrowed from the first scenario that lists it */
    bool *funded;              /* per scenario */
} juten_compare_difference;

typedef struct juten_comparison {
    int n;
    juten_compare_scenario *s;
    int n_areas;
    const char **area_ids, **area_names;           /* borrowed */
    int n_ministries;
    const char **ministry_ids, **ministry_names;   /* borrowed */
    int n_differences;
    juten_compare_difference *differences;          /* union measure order */
    long draws;                /* of the shared simulation (0: none simulated) */
    uint64_t seed;
    bool draws_from_reference, seed_from_reference; /* not overridden */
} juten_comparison;

/* Solve, price and simulate models[0..n) (2 <= n <= JUTEN_COMPARE_MAX;
 * else JUTEN_ERR_USAGE).  The models must outlive the result.  A scenario
 * without a portfolio is still compared (its status says so); an error of
 * a solve stops the comparison with the scenario named in diags. */
juten_status juten_compare(const juten_model *const *models, int n,
                           const juten_compare_options *o, juten_comparison **out,
                           juten_diags *d);
void juten_comparison_free(juten_comparison *c); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif
