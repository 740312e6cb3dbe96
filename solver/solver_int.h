/*
 * solver_int.h -- the solver's internal layout, shared by the solver's own
 * files (formulation, search, heuristic, diagnosis, analyses) and by no
 * file outside solver/: report/ and plots/ read results through the public
 * accessors of juten_solver.h and juten_analysis.h.
 *
 * The integer program is kept twice: once inside GLPK (through lpi.h) and
 * once here as plain compressed rows and columns.  The plain copy lets juten
 * verify every portfolio GLPK returns, name the rules that bind, run its own
 * incumbent heuristic, and explain infeasibility without asking GLPK.
 */
#ifndef JUTEN_SOLVER_INT_H
#define JUTEN_SOLVER_INT_H

#include <math.h>

#include "juten_solver.h"
#include "lpi.h"
#include "model_int.h"

#define JUTEN_TRY(x)                                                              \
    do {                                                                          \
        juten_status st_ = (x);                                                   \
        if (st_ != JUTEN_OK)                                                      \
            return st_;                                                           \
    } while (0)

/* The feasibility tolerance, one for every check (results, the lazy check
 * in GLPK's search, the heuristic, diagnosis, analyses): a rule with bound
 * b holds within JUTEN_FEAS_TOL * (1 + |b|). */
#define JUTEN_FEAS_TOL 1e-6
static inline double juten_feas_tol(double bound)
{
    return JUTEN_FEAS_TOL * (1.0 + fabs(bound));
}

typedef enum juten_row_kind {
    JUTEN_ROW_OFFSET,
    JUTEN_ROW_AREA_MIN_SHARE,
    JUTEN_ROW_AREA_MAX_SHARE,
    JUTEN_ROW_AREA_SPEND,
    JUTEN_ROW_TAG_MIN,
    JUTEN_ROW_CEILING,
    JUTEN_ROW_REQUIRES,
    JUTEN_ROW_GROUP,
    JUTEN_ROW_VALUE,      /* sum value_j x_j >= floor (frontier searches) */
    JUTEN_ROW_CUT         /* no-good cut excluding one portfolio (members) */
} juten_row_kind;

/* What a row's coefficients are made of, as bits: a change of those
 * numbers rewrites exactly the rows that use them. */
enum {
    JUTEN_DEP_COST = 1u << 0,
    JUTEN_DEP_SAVING = 1u << 1,    /* savings, and the savings rate */
    JUTEN_DEP_RISK = 1u << 2,
    JUTEN_DEP_ALL = 1u << 3        /* rows added or rebuilt: push every row */
};

/* Internal family bits beyond the public ones: rows that analyses add. */
#define JUTEN_RULE_INTERNAL (1u << 16)

typedef struct juten_row {
    juten_row_kind kind;
    int ref, ref2;        /* area/tag/ministry/group index; requires: i, j */
    unsigned family;      /* JUTEN_RULE_* bit */
    char *name;           /* readable: "ceiling[MIC]" */
    char *lp_name;        /* LP-safe, unique: "ceiling(MIC)" */
    double lb, ub;        /* -INFINITY / INFINITY when absent */
    int *members;         /* columns that can appear in a sparse row; NULL: all */
    int n_members;
} juten_row;

struct juten_solver {
    const juten_model *m;
    juten_lpi *lp;
    unsigned long owner;           /* juten_lpi_thread_id() of the creating thread */
    char **col_names;              /* LP-safe, unique: "x(M01)" */
    int n;                         /* measures = columns */
    double *cost, *risk, *saving;  /* values in use */
    double *val;                   /* value of each measure: weight * risk */
    double *obj;                   /* the search objective: val, or -net cost */

    int nrows;
    juten_row *rows;
    /* compressed rows: row r's entries are [rstart[r], rstart[r+1]) */
    int *rstart, *rcol;
    double *rval;
    /* compressed columns of the same matrix */
    int *cstart, *crow;
    double *cval;

    int *cpos;                     /* per column entry: its place in the row arrays */
    unsigned char *row_dep;        /* per row: JUTEN_DEP_* bits its coefficients use */

    /* what GLPK currently holds, to push only what changed */
    unsigned dirty;                /* JUTEN_DEP_* bits changed since the last push */
    bool lp_cold;                  /* values changed: the next LP starts afresh */
    bool pushed_since_lp;          /* coefficients changed since the last LP */
    bool basis_reused;             /* this run's LP started from a basis kept across
                                      coefficient changes (search.c) */
    bool no_reuse;                 /* this run starts from GLPK's crash basis */

    /* the fixed reference of re-solves (juten_solver_set_reference) */
    bool has_ref;
    bool capture_ref;              /* the run in progress keeps its root basis */
    int ref_nrows;
    int *ref_rstat, *ref_cstat;    /* the reference's root LP basis */
    unsigned char *ref_sel;        /* the reference's portfolio; NULL: none */

    /* the run in progress (read by the heuristic) */
    double rate, headroom;
    unsigned rules;
    bool min_net;                  /* minimise net cost instead of maximising value */
    bool pushed_min_net;
    double value_above;            /* value to beat strictly; NAN: none */
    double value_margin;           /* how far above it the value row sits */
    int value_row;                 /* index of the value row, -1 until needed */
    unsigned char *row_off;        /* per row: switched off by an analysis */
    unsigned char *col_rule_off;   /* per column: its mandatory/[force] decision ignored */
    const double *custom_obj;      /* maximise this instead of value (NULL: value) */
    const double *pushed_custom;
    signed char *fix;              /* the run's per-measure decisions (a copy: the
                                      caller's array is read during the call only) */
    bool have_fix;
    double *col_lb, *col_ub;       /* effective column bounds */
    double *row_lb, *row_ub;       /* effective row bounds (rule families applied) */

    /* the chance constraint in place of the offset row (chance.c); NULL: none */
    struct juten_chance *chance;

    /* heuristic scratch */
    double *act;                   /* row activities */
    unsigned char *sel;
    unsigned char *chk;            /* the lazy check's portfolio (search.c) */
    int *order, *stack, *mark;     /* per column */
    int stamp;
    double *score;
    double *delta;                 /* per row */
    int *touched;                  /* per row */
    unsigned char *rowmark;        /* per row */
};

struct juten_result {
    juten_outcome outcome;
    int n;
    unsigned char *selected;
    int n_selected;
    double objective, best_bound, gap, lp_bound;
    double offset_dual;            /* root LP price of the offset row (value per unit of
                                      headroom); NAN when unknown */
    double spend, savings, net, headroom, savings_rate;
    double seconds;
    bool time_limited;
    bool node_limited;
    unsigned rules;
    /* values the run used (copies: the solver may change them later) */
    double *cost, *risk, *saving, *value;
    double *area_spend;            /* per area */
    double *ministry_charge;       /* per ministry */
    char **binding; int n_binding;
    /* With o->explain on a proven optimum, binding lists only the rules a
     * single change of the portfolio would break and whose relaxation alone
     * raises the value; binding_gain[i] is that gain (at least that much when
     * the re-solve was not proven).  NULL: not computed (binding then lists
     * every row exactly at its limit). */
    double *binding_gain;
    int n_binding_inert;           /* at their limit, but dropping them gains nothing */
    int n_binding_unchecked;       /* candidates not decided (time or count cap) */
    char **explanation; int n_explanation;
};

/* Load the options into the solver and GLPK (values, rate, rules, bounds)
 * as a run would, without solving. */
juten_status juten_solver_prepare(juten_solver *s, const juten_solve_options *o,
                                  juten_diags *d);

/* The best nested chain over K points (nested.c): at[k] is the headroom, or
 * the savings rate when by_rate; chain holds K portfolios of n bytes, point
 * after point: the greedy chain on entry, the best found on return.
 * node_limit (0: none) bounds the search deterministically.
 * *proven when it is the best chain; *bound bounds the total value of any
 * chain (NAN when the search found nothing better to report). */
juten_status juten_nested_chain(juten_solver *s, const juten_solve_options *o, bool by_rate,
                                const double *at, int K, unsigned char *chain,
                                long node_limit, bool *proven, double *bound, juten_diags *d);

/* Effective bounds of every row and column for the given options. */
void juten_solver_apply_rules(juten_solver *s);

/* A run for the analyses: as juten_solver_run, but optionally minimising the
 * net cost (spend - rate * savings) instead of maximising value, and
 * optionally only among portfolios worth more than value_above (NAN: all).
 * "More" means by a margin of 1e-6 relative to the values involved. */
juten_status juten_solver_run_mode(juten_solver *s, const juten_solve_options *o,
                                   bool min_net, double value_above, juten_result **out,
                                   juten_diags *d);

/* A run maximising sum obj_j x_j (any objective, e.g. a row's activity)
 * under the rules in force. */
juten_status juten_solver_run_objective(juten_solver *s, const juten_solve_options *o,
                                        const double *obj, juten_result **out, juten_diags *d);

/* Ignore (1) or honour (0) the mandatory/[force] decision of single
 * measures in later runs; NULL: honour all. */
void juten_solver_set_col_rule_off(juten_solver *s, const unsigned char *off);

/* Add a no-good cut: every later run differs from this portfolio in at
 * least differ_by measures (1: excludes exactly this portfolio). */
juten_status juten_solver_add_cut(juten_solver *s, const unsigned char *sel, int differ_by,
                                  juten_diags *d);

/* Switch single rows off (1) or on (0) for later runs; NULL: all on.  The
 * array has one entry per row (juten_solver_row_count). */
void juten_solver_set_row_off(juten_solver *s, const unsigned char *off);
int juten_solver_row_count(const juten_solver *s);
/* The rule families this round uses at all (rows or fixed measures). */
unsigned juten_solver_families_present(const juten_solver *s);
const juten_row *juten_solver_row(const juten_solver *s, int r);

/* Row activity of a 0/1 vector and its feasibility under the effective
 * bounds (tolerance scaled by the row's bound). */
double juten_solver_row_activity(const juten_solver *s, int r, const unsigned char *x);
bool juten_solver_row_ok(const juten_solver *s, int r, double act);
double juten_solver_row_tol(const juten_solver *s, int r, double bound);
bool juten_solver_feasible(const juten_solver *s, const unsigned char *x);

/* The incumbent heuristic (heuristic.c): lpx (LP values) and dj (reduced
 * costs) may be NULL. */
bool juten_heuristic_run(juten_solver *s, const double *lpx, const double *dj,
                         unsigned char *out);
bool juten_heuristic_lpi_hook(void *ctx, const double *lpx, const double *dj, double *out);

/* The search (search.c): root LP, heuristic, core problem, reduced-cost
 * fixing, branch-and-bound.  res->status and sel (the portfolio) on return. */
juten_status juten_search(juten_solver *s, const juten_solve_options *o,
                          juten_lpi_result *res, unsigned char *sel, juten_diags *d);

/* The search of a run under a chance constraint (chance.c): the program
 * of juten_solver_set_chance, solved as a problem of its own; same contract
 * as juten_search. */
juten_status juten_chance_search(juten_solver *s, const juten_solve_options *o,
                                 juten_lpi_result *res, unsigned char *sel, juten_diags *d);

/* Infeasibility explanation (diagnose.c): fills r->explanation. */
juten_status juten_diagnose_infeasible(juten_solver *s, const juten_solve_options *o,
                                       juten_result *r, juten_diags *d);

/* names.c: a formatted string (NULL when out of memory); an LP-safe copy
 * of a name; make n names unique in place (false when out of memory). */
char *juten_solver_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *juten_lp_safe(const char *name);
bool juten_lp_uniquify(char **names, int n);

/* formulation.c */
juten_status juten_form_enumerate_rows(juten_solver *s);
juten_status juten_form_collect_members(juten_solver *s);
/* Rebuild the compressed rows and columns from the present numbers. */
juten_status juten_form_build_matrix(juten_solver *s);
/* Push the rows that use the numbers in `dirty` (JUTEN_DEP_* bits) and
 * the objective to GLPK. */
juten_status juten_form_push_rows(juten_solver *s, unsigned dirty, juten_diags *d);
/* Rewrite column j's entries in the rows that use the numbers in dep. */
void juten_form_update_column(juten_solver *s, int j, unsigned dep);
/* The offset row after a new savings rate (s->rate). */
void juten_form_update_rate(juten_solver *s);
/* Append an analysis row (the value floor, or a no-good cut). */
juten_status juten_form_append_row(juten_solver *s, juten_row_kind kind, int *members,
                                   int n_members, juten_diags *d);
/* False (and a sentence in d) when called from a thread other than the
 * solver's owner. */
bool juten_solver_owned_here(const juten_solver *s, juten_diags *d);

/* An analysis on a caller's solver leaves it as it found it: the mark
 * holds the numbers and the row count before, and juten_solver_mark_end
 * puts the numbers back, deletes the rows the analysis added (value floor,
 * no-good cuts) and clears its switches (rows off, decisions set aside). */
typedef struct juten_solver_mark {
    int nrows;
    double *cost, *risk, *saving;
} juten_solver_mark;
juten_status juten_solver_mark_begin(juten_solver *s, juten_solver_mark *mk, juten_diags *d);
juten_status juten_solver_mark_end(juten_solver *s, juten_solver_mark *mk, juten_diags *d);
/* Delete rows first.. (juten's copy and GLPK's). */
juten_status juten_form_drop_rows(juten_solver *s, int first, juten_diags *d);

/* result.c: a result for the run in progress (values copied); totals,
 * figures and binding rules of r->selected. */
juten_result *juten_result_alloc(const juten_solver *s);
juten_status juten_result_summarise(juten_solver *s, const juten_solve_options *o,
                                    juten_result *r);
/* binding.c: the gain of each rule at its limit (o->explain on an optimum). */
juten_status juten_binding_gains(juten_solver *s, const juten_solve_options *o,
                                 juten_result *r);

/* Append a formatted line to a string list. */
bool juten_strlist_add(char ***list, int *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
