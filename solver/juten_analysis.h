/*
 * juten_analysis.h -- what a decision meeting needs beyond one portfolio:
 * the exact trade-off curve, the priority ranking, why each measure is in or
 * out and what would flip it, the next-best portfolios, and the price of
 * each policy rule.
 *
 * Every figure here comes from re-solving the same integer program exactly
 * (one solver, changed bounds and values), never from LP reduced costs,
 * which mislead on 0-1 models.
 *
 * Each analysis comes twice: over a model (a solver of its own, at the
 * model's numbers), and `_on` a caller's solver, at that solver's present
 * numbers (a draw of a simulation, a what-if of a comparison) and from its
 * fixed reference when it has one (juten_solver_set_reference).  The `_on`
 * form leaves the solver as it found it: the same numbers and rows, nothing
 * switched off; the solver must belong to the calling thread.
 *
 * One ownership rule for all: an analysis hands back one object through
 * its `out` argument (NULL on an error status), which its own `_free`
 * releases (NULL is a no-op); the arrays it holds carry their counts.  A
 * round without a portfolio is an outcome, not an error: JUTEN_OK, and the
 * object says so.
 */
#ifndef JUTEN_ANALYSIS_H
#define JUTEN_ANALYSIS_H

#include "juten_solver.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the trade-off curve ------------------------------------------------ */

typedef enum juten_sweep { JUTEN_SWEEP_HEADROOM, JUTEN_SWEEP_SAVINGS_RATE } juten_sweep;
const char *juten_sweep_name(juten_sweep p); /* "headroom", "savings_rate" */

typedef struct juten_frontier_options {
    juten_sweep parameter;  /* default: headroom */
    int max_points;         /* default 200 */
    double from, to;        /* range of the parameter; NAN (default): from the lowest
                               feasible value, to where more money adds nothing
                               (headroom) or to 1 (savings rate) */
} juten_frontier_options;
void juten_frontier_options_init(juten_frontier_options *o);

typedef struct juten_frontier_point {
    double at;              /* the parameter value of the breakpoint */
    double objective;       /* optimal value from here to the next breakpoint */
    double lp_bound;        /* LP-relaxation bound at this parameter value */
    double best_bound;      /* proven bound on the best value at this parameter value */
    bool proven;            /* the solve at this point proved optimality (within the
                               gap asked for, when it is not 0) */
    unsigned char *selected;/* the portfolio (one byte per measure) */
} juten_frontier_point;

typedef struct juten_frontier {
    juten_sweep parameter;
    int n_measures;
    int n_points;
    juten_frontier_point *points; /* increasing `at`; the first at the lowest feasible value */
    bool complete;          /* false when max_points or `to` cut the list */
    double gap;             /* 0: exact breakpoints; > 0: sampled within this gap */
    int solves;             /* integer programs solved to draw it */
    bool grid;              /* built by juten_frontier_grid: points at fixed budgets,
                               each the proven optimum there, not breakpoints */
    double range_from, range_to; /* the range examined (NAN: not recorded) */
    double scenario_headroom;    /* the scenario's own headroom (a point of a grid) */
} juten_frontier;

/* With a zero gap (the default): the exact breakpoints of the optimal value
 * as a function of the headroom (or the savings rate): every value of the
 * parameter at which the optimum changes, found by alternating "best
 * portfolio at this budget" and "least money for any better portfolio"
 * solves (Dinkelbach iterations for the savings rate), not by a grid.
 *
 * With a gap G > 0 (o->mip_gap): a sampled curve for rounds too large to
 * prove every breakpoint.  Each point's portfolio is within G of the best at
 * its parameter value (best_bound proves it), and is worth more than
 * anything possible at the previous point (more than its best_bound), so
 * every point is a real step up; steps aim at a value gain of about G.
 * Breakpoints between two points are not listed; the true curve lies
 * between the points' values and the next point's best_bound.  Only
 * "best portfolio at this budget" solves, each starting from the previous
 * point's portfolio. */
juten_status juten_frontier_compute(const juten_model *m, const juten_solve_options *o,
                                    const juten_frontier_options *fo, juten_frontier **out,
                                    juten_diags *d);
juten_status juten_frontier_compute_on(juten_solver *s, const juten_solve_options *o,
                                       const juten_frontier_options *fo, juten_frontier **out,
                                       juten_diags *d);
void juten_frontier_free(juten_frontier *f);

/* The optimum at k evenly spaced headrooms from `from` to `to` and at the
 * scenario's own headroom (o->headroom, or the model's), each solved as
 * `solve` would (to o->mip_gap, 0: proven optimal), starting from the
 * previous budget's portfolio.  from NAN: the least headroom at which any
 * portfolio exists; to NAN: the scenario's headroom plus its distance from
 * `from` (so the scenario's budget sits mid-range), at most the headroom
 * beyond which the offset cannot bind.  This is what a ranking needs on
 * rounds where exact breakpoints are too many to list: every point is an
 * optimum, and the portfolio at the scenario's headroom is the one `solve`
 * gives.  k < 2 means 2. */
juten_status juten_frontier_grid(const juten_model *m, const juten_solve_options *o,
                                 double from, double to, int k, juten_frontier **out,
                                 juten_diags *d);
juten_status juten_frontier_grid_on(juten_solver *s, const juten_solve_options *o, double from,
                                    double to, int k, juten_frontier **out, juten_diags *d);

/* ---- the priority ranking ---------------------------------------------- */

typedef struct juten_rank_entry {
    int measure;
    int rank;               /* 1 = funded first; measures never funded come last */
    double entry_at;        /* budget at which it first enters; NAN: not within the range */
    double leaves_at;       /* first larger budget at which it is dropped; NAN: stays */
    int ratio_rank;         /* rank by value per net cost (the naive order) */
    double ratio;           /* value per net cost (INFINITY for savings with value) */
    int n_intervals;        /* the budget intervals in which it is funded, in order: */
    double (*intervals)[2]; /* [enter, leave); leave NAN: funded to the end of the range */
    bool at_scenario;       /* funded at the scenario's own headroom */
} juten_rank_entry;

typedef struct juten_ranking {
    int n;                  /* one entry per measure, in rank order */
    juten_rank_entry *entries;
    int n_leaving;          /* measures that enter and later leave again */
    bool complete;          /* the frontier behind it was complete */
    bool nested;            /* built by juten_rank_nested */
    double nesting_cost_total; /* sum over breakpoints of optimum - nested value */
    double nesting_cost_max;   /* the largest such difference at one breakpoint */
    bool nesting_proven;       /* no nested chain loses less in total */
    double nesting_cost_least; /* proven: every nested chain loses at least this */
    double range_from, range_to;  /* the budgets examined (the frontier's points) */
    double scenario_headroom;     /* the scenario's own headroom */
    bool grid;                    /* read off a grid of budgets, not exact breakpoints */
    double grid_step;             /* its spacing: an entry lies within one step below */
} juten_ranking;

/* The ranking read off a headroom frontier: each measure's first budget and
 * every interval of budgets in which it is funded.  scenario_headroom (NAN:
 * the model's) marks which measures are funded at the scenario's budget:
 * those of the last point at or below it. */
juten_status juten_rank_compute(const juten_model *m, const juten_frontier *f,
                                double scenario_headroom, juten_ranking **out,
                                juten_diags *d);
void juten_ranking_free(juten_ranking *r);

/* The frontier a ranking is read from: with grid_points > 0 a grid of that
 * many budgets over fo->from..fo->to (juten_frontier_grid, the default of
 * `juten rank` and `juten plot ... ranking`), otherwise the exact
 * breakpoints (juten_frontier_compute, at most fo->max_points). */
juten_status juten_rank_frontier(const juten_model *m, const juten_solve_options *o,
                                 const juten_frontier_options *fo, int grid_points,
                                 juten_frontier **out, juten_diags *d);

/* The best nested ranking: portfolios P_1 ⊆ P_2 ⊆ … at the frontier's
 * points, each within the rules there, with the largest total value (the
 * least total loss against the frontier's portfolios).  Greedy nesting gives
 * the first chain; one integer program over all points at once (nested.c)
 * improves and proves it within o->time_limit (nesting_proven, or
 * nesting_cost_least as the proven floor).  Never-leaving by construction. */
juten_status juten_rank_nested(const juten_model *m, const juten_solve_options *o,
                               const juten_frontier *f, juten_ranking **out, juten_diags *d);

/* ---- explanations ------------------------------------------------------ */

typedef struct juten_measure_explanation {
    int measure;
    bool selected;              /* in the optimal portfolio */
    double objective;           /* the optimum */
    double headroom, savings_rate; /* the parameters it was computed at */
    bool can_flip;              /* forcing it the other way leaves a portfolio */
    bool undecided;             /* a re-solve this explanation needs ran out of time
                                   (--time-limit bounds the whole command): the
                                   figures it would have given are NAN, not guessed */
    double forced_objective;    /* optimum with it forced the other way; NAN if none */
    double loss;                /* objective - forced_objective; INFINITY if none */
    double break_even_risk;     /* risk reduction at which the decision flips; NAN: never */
    double break_even_cost;     /* cost at which it flips (within tolerance); NAN: never */
    double cost_tolerance;      /* the bisection's tolerance on cost */
    char **blocking;            /* rules at their limit in the forced solve that hold
                                   its value down (as `solve`'s "binding") */
    int n_blocking;
    double *blocking_gain;      /* per blocking rule: value gained by dropping it alone
                                   (at least); NULL: not measured */
    int n_blocking_inert;       /* at their limit, but dropping them gains nothing */
    int n_blocking_unchecked;   /* candidates not decided (time or count cap) */
    double break_even_saving;   /* a savings measure (listed saving x rate >= cost):
                                   in, the saving below which it drops out; out, the
                                   saving at which it enters (within cost_tolerance);
                                   NAN: not a savings measure, or no saving flips it */
    /* When forcing it the other way leaves no portfolio (can_flip false): */
    char *reason;               /* why, in a few words ("it is mandatory", "M45
                                   (mandatory) requires it", "the tag minimum for
                                   \"incident-response\" needs it"); NULL: see conflict */
    char **why;                 /* `solve`'s explanation of the forced round */
    int n_why;
    struct juten_conflict *conflict; /* its minimal conflict (NULL: none found) */
    double least_headroom;      /* least headroom at which forcing it is possible
                                   (offset off, least net cost); NAN: no headroom helps */
    double least_headroom_objective; /* the optimum with it forced, at that headroom */
    double least_headroom_unforced;  /* the optimum without forcing, at that headroom */
    double optimal_headroom;    /* a headroom (bisection to cost_tolerance, from
                                   least_headroom) from which forcing it is optimal:
                                   the best portfolio there takes the forced side;
                                   NAN: not within what money can change */
} juten_measure_explanation;

typedef struct juten_explanations {
    juten_outcome outcome;      /* of the round as it is: without a portfolio
                                   (infeasible, or none found in time) there is
                                   nothing to explain and n is 0 */
    int n;                      /* the measures asked for, in the order asked */
    juten_measure_explanation *items;
} juten_explanations;

/* For each of the k measures: in or out, and what forcing it the other way
 * costs (an exact re-solve), break-even risk reduction (exact), cost and,
 * for savings measures, saving (bisection to cost_tolerance), and the rules
 * holding the forced solve's value down.  When no portfolio exists with it
 * forced: why (reason, why, conflict) and the least headroom that allows
 * it.  Calls o->progress once per measure. */
juten_status juten_explain(const juten_model *m, const juten_solve_options *o,
                           const int *measures, int k, double cost_tolerance,
                           juten_explanations **out, juten_diags *d);
juten_status juten_explain_on(juten_solver *s, const juten_solve_options *o,
                              const int *measures, int k, double cost_tolerance,
                              juten_explanations **out, juten_diags *d);
void juten_explanations_free(juten_explanations *e);

/* ---- alternatives ------------------------------------------------------ */

typedef struct juten_portfolio {
    double objective;
    double spend, net;      /* its spending and net cost (spend - rate x savings) */
    unsigned char *selected;
} juten_portfolio;

typedef struct juten_alternatives_options {
    int k;                  /* how many portfolios, default 3 */
    double within;          /* NAN (default), or a fraction (0.02 for 2 %): only
                               portfolios worth at least (1 - within) x the best */
    int differ_by;          /* default 3: each portfolio differs from every earlier
                               one (the best included) in at least this many
                               measures; 1: merely distinct.  1..number of measures */
    const int *without;     /* NULL, or measures (indices) left out of every
                               portfolio: "what if we drop the big one" */
    int n_without;
} juten_alternatives_options;
void juten_alternatives_options_init(juten_alternatives_options *a);

typedef struct juten_portfolios {
    int n;                  /* 0: no portfolio satisfies the rules (or none was
                               found in time), or none without the measures
                               left out (see reason) */
    juten_portfolio *items; /* best first */
    int differ_by;          /* as asked */
    int n_without;          /* the measures left out (a copy), in the order asked */
    int *without;
    juten_portfolio reference; /* the optimum with nothing left out, which every
                               item is compared with: items[0] itself without
                               `without`; selected NULL when the round has none */
    char *reason;           /* with `without`, a reference and no item: why the
                               measures cannot be left out, in planner's words
                               ("M03 is mandatory"); NULL otherwise */
} juten_portfolios;

/* The k best portfolios, best first, each differing from the best and from
 * every earlier one in at least differ_by measures (a cut on the symmetric
 * difference with each portfolio found: sum over its measures of (1 - x)
 * plus sum over the others of x >= differ_by); with within not NAN, only
 * those within that fraction of the best, at most k.  With `without`, the
 * portfolios are among those leaving those measures out, and the reference
 * is the optimum of the round as it is.  ao NULL: the defaults.  A
 * differ_by outside 1..measures or an index out of range: JUTEN_ERR_USAGE
 * with a sentence in d. */
juten_status juten_alternatives(const juten_model *m, const juten_solve_options *o,
                                const juten_alternatives_options *ao, juten_portfolios **out,
                                juten_diags *d);
juten_status juten_alternatives_on(juten_solver *s, const juten_solve_options *o,
                                   const juten_alternatives_options *ao,
                                   juten_portfolios **out, juten_diags *d);
void juten_portfolios_free(juten_portfolios *p);

/* ---- the price of each rule -------------------------------------------- */

typedef struct juten_rule_price {
    unsigned family;        /* JUTEN_RULE_* bit */
    double price;           /* value given up because of the rule family (>= 0);
                               INFINITY when the round is infeasible only with it */
    double lo, hi;          /* the true price lies in [lo, hi]: equal to price when
                               both solves are proven optimal, wider when they were
                               solved within a gap (--gap) */
} juten_rule_price;

typedef struct juten_prices {
    int n;                  /* the families the round uses, in JUTEN_RULE_* order
                               (a family without which an infeasible round has a
                               portfolio is priced INFINITY) */
    juten_rule_price items[JUTEN_RULE_FAMILIES];
} juten_prices;

/* For every rule family the round uses: the optimum without it minus the
 * optimum with it (NAN when that solve was not proven optimal within its
 * share of o->time_limit, which the families split between them, or before
 * o->deadline). */
juten_status juten_rule_prices(const juten_model *m, const juten_solve_options *o,
                               juten_prices **out, juten_diags *d);
/* The same with the round already solved under o (base, from juten_solve or
 * juten_solver_run): one solve fewer. */
juten_status juten_rule_prices_of(const juten_model *m, const juten_solve_options *o,
                                  const juten_result *base, juten_prices **out,
                                  juten_diags *d);
/* On a caller's solver; base may be NULL (one more solve). */
juten_status juten_rule_prices_on(juten_solver *s, const juten_solve_options *o,
                                  const juten_result *base, juten_prices **out,
                                  juten_diags *d);
void juten_prices_free(juten_prices *p);

/* ---- infeasibility as a minimal conflict ------------------------------- */

typedef struct juten_conflict_item {
    char *rule;             /* "offset", "tag_min[incident-response]", "mandatory[M03]" */
    unsigned family;        /* JUTEN_RULE_* bit */
    double relax_by;        /* how far the rule must move (money for the offset,
                               shares, spends, tag minimums, ceilings); NAN when it
                               is a yes/no decision */
    char *sentence;         /* the same in a planner's words */
} juten_conflict_item;

typedef struct juten_conflict {
    int n;                  /* 0: the round is feasible (or undecided) */
    juten_conflict_item *items;
    bool minimal;           /* removing any one rule of it makes a portfolio possible */
    bool undecided;         /* a feasibility test ran out of time */
} juten_conflict;

/* A minimal set of rules that conflict (deletion filter over rule families,
 * then single rules), with the elastic amount of each. */
juten_status juten_conflict_find(const juten_model *m, const juten_solve_options *o,
                                 juten_conflict **out, juten_diags *d);
void juten_conflict_free(juten_conflict *c);

#ifdef __cplusplus
}
#endif
#endif
