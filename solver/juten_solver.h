/*
 * juten_solver.h -- choose the funding portfolio: the integer program.
 *
 * A juten_solver owns one GLPK problem built from a model.  It belongs to
 * the thread that created it (GLPK keeps its environment per thread): from
 * another thread every call returns JUTEN_ERR_USAGE and changes nothing
 * (juten_solver_free there frees juten's memory but must leave the GLPK
 * problem to its owner's environment).  Many threads may each own a solver
 * over the same immutable model.  Between runs
 * the caller may change the numbers (juten_solver_set_values) or the
 * parameters and rule families (juten_solve_options) without rebuilding.
 *
 * Re-solving many times (draws of uncertain numbers, what-ifs): give the
 * solver a fixed reference once (juten_solver_set_reference: the nominal
 * optimum's basis and portfolio), then per draw set the values and run.
 * Every run then starts from that reference and never from the run before,
 * so a draw's answer depends on its own numbers and options only: draws
 * solved in any order, on any number of threads or machines, agree to the
 * bit.  Set a node limit rather than a time limit when that must hold for
 * draws the limit stops too.
 *
 * The integer program (binary x_i per measure), every row named:
 *   max  sum_i w_area(i) r_i x_i
 *   offset                 sum_i (c_i - rate s_i) x_i <= headroom
 *   area_min_share[a]      sum_{i in a} c_i x_i >= min_share_a sum_i c_i x_i
 *   area_max_share[a]      sum_{i in a} c_i x_i <= max_share_a sum_i c_i x_i
 *   area_spend[a]          min_spend_a <= sum_{i in a} c_i x_i <= max_spend_a
 *   tag_min[t]             sum_{i tagged t} c_i x_i >= L_t
 *   ceiling[m]             sum_i share_im c_i x_i <= ceiling_m
 *   requires[i->j]         x_i <= x_j
 *   group[g]               sum_{i in g} x_i <= 1
 *   mandatory[i], include[i], exclude[i]: x_i fixed (column bounds)
 */
#ifndef JUTEN_SOLVER_H
#define JUTEN_SOLVER_H

#include <stdbool.h>
#include "juten_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rule families, as bits: the options say which are enforced. */
enum {
    JUTEN_RULE_OFFSET     = 1u << 0,
    JUTEN_RULE_AREA_SHARE = 1u << 1,
    JUTEN_RULE_AREA_SPEND = 1u << 2,
    JUTEN_RULE_TAG_MIN    = 1u << 3,
    JUTEN_RULE_CEILING    = 1u << 4,
    JUTEN_RULE_MANDATORY  = 1u << 5,
    JUTEN_RULE_INCLUDE    = 1u << 6,
    JUTEN_RULE_EXCLUDE    = 1u << 7,
    JUTEN_RULE_REQUIRES   = 1u << 8,
    JUTEN_RULE_GROUP      = 1u << 9,
    JUTEN_RULE_ALL        = (1u << 10) - 1
};
#define JUTEN_RULE_FAMILIES 10
/* The family's name as used in explanations ("offset", "area shares", ...). */
const char *juten_rule_family_name(unsigned family_bit);

typedef enum juten_outcome {
    JUTEN_OPTIMAL = 0,    /* proven optimal (within mip_gap, 0 by default) */
    JUTEN_FEASIBLE,       /* a portfolio, not proven optimal: see gap, bound */
    JUTEN_INFEASIBLE,     /* no portfolio satisfies the rules (proven) */
    JUTEN_NO_SOLUTION     /* none found within the limits, none proven absent */
} juten_outcome;
const char *juten_outcome_str(juten_outcome o); /* "optimal", ... */

typedef struct juten_solve_options {
    double time_limit;    /* wall-clock seconds per solve, default 60; <= 0: none */
    long node_limit;      /* 0 (default): none; otherwise the most nodes of the
                             branch-and-bound (after juten's own fixed-budget
                             preliminary searches).  Unlike time, a node budget
                             stops a run at the same point on every machine;
                             a run it stops says so (juten_result_node_limited) */
    double deadline;      /* 0 (default): none; otherwise a juten_solver_clock() time
                             after which no run starts searching and a running one
                             stops: a whole command's analyses (rule prices,
                             explanations, frontiers) share one time limit this way */
    double mip_gap;       /* relative gap at which to stop, default 0 */
    double headroom;      /* NAN (default): the model's */
    double savings_rate;  /* NAN (default): the model's */
    unsigned rules;       /* families enforced, default JUTEN_RULE_ALL */
    bool heuristic;       /* juten's own incumbent heuristic, default true */
    bool explain;         /* explain the result (extra solves), default true: why
                               no portfolio exists, or which rules at their limit
                               hold the value down and by how much */
    const signed char *fix; /* NULL, or per measure: +1 fund it, -1 leave it out,
                               0 as the rules say (what-if decisions) */
    const unsigned char *start; /* NULL, or a portfolio (one byte per measure) to
                               start from when it satisfies the rules: a
                               neighbouring solve's answer */
    /* NULL (default), or called by the long analyses (frontier points,
     * ranking grid, explanations, rule prices, alternatives, conflicts) as
     * they go: `stage` says what is being solved, `done` of `total` (total
     * -1 when unknown; `stage` is valid during the call only: copy it to
     * keep it).  The library never prints: a command line passes a
     * printer, a test a counter. */
    void (*progress)(void *ctx, const char *stage, long done, long total);
    void *progress_ctx;
} juten_solve_options;

void juten_solve_options_init(juten_solve_options *o);

/* The clock of juten_solve_options.deadline: monotonic seconds. */
double juten_solver_clock(void);
/* Report progress through o->progress, if any (a no-op without one). */
static inline void juten_solve_progress(const juten_solve_options *o, const char *stage,
                                        long done, long total)
{
    if (o && o->progress)
        o->progress(o->progress_ctx, stage, done, total);
}

typedef struct juten_solver juten_solver;
typedef struct juten_result juten_result;

juten_status juten_solver_create(const juten_model *m, juten_solver **out,
                                 juten_diags *diags);
void juten_solver_free(juten_solver *s); /* NULL is a no-op */

/* Replace the values used by later runs; NULL keeps the model's values for
 * that quantity.  Arrays have one entry per measure and are copied. */
juten_status juten_solver_set_values(juten_solver *s, const double *cost,
                                     const double *risk, const double *saving,
                                     juten_diags *diags);

/* The fixed reference of later runs: solve now (with o, at the present
 * values) and keep the root LP's basis and the portfolio found.  Every later
 * run starts its LP from that basis, freshly factorized, and offers that
 * portfolio as a first incumbent when it meets the run's rules; nothing
 * that ran in between is used.  *out (may be NULL) receives the reference
 * run's result.  Without a portfolio the basis is still kept. */
juten_status juten_solver_set_reference(juten_solver *s, const juten_solve_options *o,
                                        juten_result **out, juten_diags *diags);
/* Back to the default: each run starts from the last basis, or afresh
 * after new values. */
void juten_solver_clear_reference(juten_solver *s);

/* A chance constraint in place of the offset row, for later runs (sample
 * average approximation): K sampled offset rows, coef[k * n + j] the offset
 * coefficient of measure j in sample k (its cost minus the savings rate
 * times its saving, as drawn: the caller applies the rate), of which at
 * most max_violations may exceed the headroom.  Every other rule keeps the
 * solver's values.  The program gets one binary z_k per sample that can be
 * broken,
 *   chance[k]        sum_j coef_kj x_j - M_k z_k <= headroom
 *   chance_count     sum_k z_k <= max_violations
 * with M_k = sum_j max(0, coef_kj) over the measures the column bounds
 * leave free, plus coef_kj over those fixed in, minus the headroom (a
 * sample no portfolio can break gets no z and no row; with max_violations
 * 0 the rows are hard and there is no z).  It is solved as a problem of its
 * own, with juten's heuristic on the nominal rows; the reference of
 * re-solves is not used.  Results then list no offset among the binding
 * rules and report offset_dual NAN; explanations (o->explain) see the
 * nominal rules only, so pass explain off.  The arrays are copied.
 * JUTEN_ERR_USAGE for K < 1, max_violations < 0, or a coefficient that is
 * not finite. */
juten_status juten_solver_set_chance(juten_solver *s, int K, const double *coef,
                                     int max_violations, juten_diags *diags);
/* Back to the nominal offset row (a no-op without a chance constraint). */
void juten_solver_clear_chance(juten_solver *s);
/* After a run under a chance constraint: how many of the K samples the
 * portfolio x (one byte per measure) breaks, at the tolerance of every
 * rule check; -1 without a chance constraint. */
int juten_solver_chance_violations(const juten_solver *s, const unsigned char *x);

/* Solve.  JUTEN_OK means the solve ran: look at the result's outcome.  An
 * error status (JUTEN_ERR_SOLVER after a contained GLPK fault, NOMEM, USAGE)
 * leaves *out NULL and the reason in diags. */
juten_status juten_solver_run(juten_solver *s, const juten_solve_options *o,
                              juten_result **out, juten_diags *diags);

/* One-shot convenience: create, run, free. */
juten_status juten_solve(const juten_model *m, const juten_solve_options *o,
                         juten_result **out, juten_diags *diags);

typedef enum juten_export_format { JUTEN_EXPORT_LP, JUTEN_EXPORT_MPS } juten_export_format;

/* Write the integer program (with the options' parameters and rules) in
 * CPLEX-LP or free MPS form to path.  MPS cannot say "maximise", so the MPS
 * file minimises the negated objective: its optimum is minus juten's.  The file is written in place: callers
 * wanting atomic replacement pass a temporary path and rename it. */
juten_status juten_solver_export(juten_solver *s, const juten_solve_options *o,
                                 juten_export_format fmt, const char *path,
                                 juten_diags *diags);

/* Results. */
void juten_result_free(juten_result *r);
juten_outcome juten_result_outcome(const juten_result *r);
double juten_result_objective(const juten_result *r);  /* NAN without portfolio */
double juten_result_best_bound(const juten_result *r); /* NAN if unknown */
double juten_result_gap(const juten_result *r);        /* relative; NAN if unknown */
double juten_result_spend(const juten_result *r);
double juten_result_savings(const juten_result *r);    /* realised: rate * listed */
double juten_result_net(const juten_result *r);        /* spend - savings */
double juten_result_headroom(const juten_result *r);
double juten_result_savings_rate(const juten_result *r);
double juten_result_seconds(const juten_result *r);
bool juten_result_time_limited(const juten_result *r); /* the clock stopped the search */
bool juten_result_node_limited(const juten_result *r); /* the node limit stopped it */
bool juten_result_selected(const juten_result *r, int measure);
int juten_result_selected_count(const juten_result *r);
int juten_result_binding_count(const juten_result *r);
const char *juten_result_binding(const juten_result *r, int i);
int juten_result_explanation_count(const juten_result *r);
const char *juten_result_explanation(const juten_result *r, int i);
/* The root LP relaxation's value, an upper bound on any portfolio; NAN if unknown. */
double juten_result_lp_bound(const juten_result *r);
/* Root LP price of the offset row (value per unit of headroom); NAN if unknown. */
double juten_result_offset_dual(const juten_result *r);
/* The rule families the run enforced (JUTEN_RULE_* bits). */
unsigned juten_result_rules(const juten_result *r);
/* The values the run used for measure j (the model's, or those given by
 * juten_solver_set_values); value = area weight * risk reduction.  NAN out of range. */
double juten_result_cost(const juten_result *r, int j);
double juten_result_risk(const juten_result *r, int j);
double juten_result_saving(const juten_result *r, int j);
double juten_result_value(const juten_result *r, int j);
/* Spending of the portfolio in area a (0 <= a < juten_model_area_count of the
 * model solved: the result does not know the count), at the run's costs. */
double juten_result_area_spend(const juten_result *r, int a);
/* Charge of the portfolio to ministry k (0 <= k < juten_model_ministry_count of
 * the model solved), cost_share applied. */
double juten_result_ministry_charge(const juten_result *r, int k);
/* True when the binding rules were weighed (o->explain on a proven optimum):
 * then binding lists only the rules whose relaxation alone raises the value. */
bool juten_result_binding_weighed(const juten_result *r);
/* Value gained if binding rule i alone were dropped (at least that much when
 * not proven); NAN when not weighed, unknown, or out of range. */
double juten_result_binding_gain(const juten_result *r, int i);
/* Weighed rules at their limit whose dropping gains nothing (not listed). */
int juten_result_binding_inert(const juten_result *r);
/* Rules at their limit that could not be weighed (time or count cap). */
int juten_result_binding_unchecked(const juten_result *r);

/* Solver identity for reports: "GLPK 5.0". */
const char *juten_solver_backend_version(void);

#ifdef __cplusplus
}
#endif
#endif
