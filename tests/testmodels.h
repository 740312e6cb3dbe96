/*
 * testmodels.h -- random rounds and the brute-force checker shared by the
 * solver and analysis suites.
 */
#ifndef JUTEN_TESTMODELS_H
#define JUTEN_TESTMODELS_H

#include <stdbool.h>
#include <stdint.h>
#include "juten_solver.h"
#include "model_int.h"

/* Uniform integer in [lo, hi] from the generator's current stream. */
int tm_rint(int lo, int hi);
/* A random round (seeded, deterministic) with min_n..max_n measures and
 * every kind of rule. */
juten_model *tm_random_model(uint64_t seed, int min_n, int max_n);
/* Does portfolio x satisfy the rule families in `rules` (JUTEN_RULE_*), and
 * the decisions in fix (NULL: none; +1 in, -1 out)? */
bool tm_feasible(const juten_model *m, const bool *x, double headroom, double rate,
                 unsigned rules, const signed char *fix);
double tm_value(const juten_model *m, const bool *x);
double tm_net(const juten_model *m, const bool *x, double rate);
/* Best value over all subsets (n <= 20); NAN when none is feasible. */
double tm_best(const juten_model *m, double headroom, double rate, unsigned rules,
               const signed char *fix);

#endif
