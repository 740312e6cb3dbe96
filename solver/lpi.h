/*
 * lpi.h -- the narrow interface between juten and its MIP solver (GLPK).
 *
 * Only solver/glpk.c includes <glpk.h>; everything else builds and solves
 * integer programs through these calls, as SCIP's lpi.h hides its LP solvers.
 * Each call contains GLPK: a GLPK fault (which would otherwise abort the
 * process) becomes JUTEN_ERR_SOLVER with GLPK's message in the diagnostics,
 * and GLPK never writes to stdout or stderr.
 *
 * Threads: a juten_lpi belongs to the thread that created it.  GLPK keeps its
 * environment in thread-local storage; after a fault that environment is
 * freed (the only safe recovery), which destroys every GLPK object of that
 * thread, so every juten_lpi of the thread reports itself dead from then on
 * (juten_lpi_alive) and must be re-created.  Any call on a juten_lpi from
 * another thread returns JUTEN_ERR_USAGE without touching GLPK, and
 * juten_lpi_alive is false there; juten_lpi_free from another thread frees
 * juten's memory only (the GLPK problem stays in its owner's environment).
 * A call made inside another (from the heuristic hook) that faults unwinds
 * to the outer call, which returns JUTEN_ERR_SOLVER.
 *
 * Indices are 0-based here (GLPK's are 1-based).
 */
#ifndef JUTEN_LPI_H
#define JUTEN_LPI_H

#include <stdbool.h>
#include "juten_error.h"

typedef struct juten_lpi juten_lpi;

typedef enum juten_lpi_sense { JUTEN_LPI_LE, JUTEN_LPI_GE, JUTEN_LPI_RANGE,
                               JUTEN_LPI_EQ, JUTEN_LPI_FREE } juten_lpi_sense;

juten_status juten_lpi_create(juten_lpi **out, int nrows, int ncols, juten_diags *d);
void juten_lpi_free(juten_lpi *lp);
bool juten_lpi_alive(const juten_lpi *lp);
/* Created by the calling thread (false for NULL). */
bool juten_lpi_owned(const juten_lpi *lp);
/* The calling thread's number, unique for the life of the process (unlike a
 * pthread_t, never reused): what a juten_lpi records as its owner. */
unsigned long juten_lpi_thread_id(void);

/* Names must be LP-safe (see juten_lpi_safe_name); they appear in exports. */
juten_status juten_lpi_set_names(juten_lpi *lp, const char *prob, const char *obj,
                                 const char *const *rows, const char *const *cols,
                                 juten_diags *d);
/* Append k rows (free, no coefficients) named names[0..k); returns the index
 * of the first in *first. */
juten_status juten_lpi_add_rows(juten_lpi *lp, int k, const char *const *names, int *first,
                                juten_diags *d);

/* Delete rows first, first + 1, ... (those added after the first `first`). */
juten_status juten_lpi_del_rows_from(juten_lpi *lp, int first, juten_diags *d);

/* Binary columns with objective coefficients (maximisation). */
juten_status juten_lpi_set_obj(juten_lpi *lp, const double *obj, juten_diags *d);
/* Column bounds: lb == ub fixes the binary. */
juten_status juten_lpi_set_col_bounds(juten_lpi *lp, int j, double lb, double ub, juten_diags *d);
juten_status juten_lpi_set_row(juten_lpi *lp, int i, juten_lpi_sense s, double lb,
                               double ub, juten_diags *d);
/* Replace row i's coefficients (0-based column indices, no duplicates). */
juten_status juten_lpi_set_row_coefs(juten_lpi *lp, int i, int len, const int *idx,
                                     const double *val, juten_diags *d);

/* The incumbent-heuristic hook: given the current LP relaxation values x and
 * reduced costs dj (ncols each, 0-based), write a 0/1 vector into out and
 * return true when a feasible portfolio was found.  Called at the root and
 * at some nodes. */
typedef bool (*juten_lpi_heuristic)(void *ctx, const double *x, const double *dj,
                                    double *out);

/* The feasibility check: given a 0/1 vector (ncols values), return true when
 * it satisfies every rule as the caller counts it.  GLPK accepts an LP point
 * as integral when each column is within its integrality tolerance of 0 or
 * 1, and rows within its own scaled tolerance; the rounded portfolio can
 * then break a row by more than the caller allows (a cost of 1.83 at
 * x = 1 - 1e-5 is 1.8e-5 over a zero offset).  With a check, such a point
 * is never recorded: the exact portfolio it rounds to is cut off by a lazy
 * no-good row and the node is re-solved. */
typedef bool (*juten_lpi_check)(void *ctx, const double *x);

typedef enum juten_lpi_status {
    JUTEN_LPI_OPTIMAL,       /* integer optimum proven (within mip_gap) */
    JUTEN_LPI_FEASIBLE,      /* integer feasible, stopped early */
    JUTEN_LPI_INFEASIBLE,    /* proven: no integer solution */
    JUTEN_LPI_NOSOLUTION     /* stopped with no integer solution, none proven absent */
} juten_lpi_status;

typedef struct juten_lpi_params {
    double time_limit;      /* seconds of wall clock; <= 0 none */
    double mip_gap;         /* relative gap */
    juten_lpi_heuristic heuristic; /* may be NULL */
    void *heuristic_ctx;
    const double *start;    /* an incumbent to offer first (0/1 per column), may be NULL */
    long node_limit;        /* stop after this many nodes (0: none); unlike time,
                               a node budget gives the same answer on every machine */
    double int_tol;         /* integrality tolerance; 0: GLPK's default (1e-5) */
    bool fast;              /* raise the bound fast rather than dig deep (Gomory cuts,
                               most-fractional branching, the heuristic at every
                               node): good at loose gaps on large rounds, but it can
                               stall, so callers give it a node limit */
    juten_lpi_check check;  /* may be NULL: GLPK's own tolerances decide */
    void *check_ctx;
} juten_lpi_params;

typedef struct juten_lpi_result {
    juten_lpi_status status;
    double objective;        /* of the incumbent; NAN if none */
    double best_bound;       /* NAN if unknown */
    double lp_bound;         /* root LP relaxation optimum; NAN if not solved */
    double row0_dual;        /* root LP dual price of row 0 (the offset); NAN if none */
    bool time_limited;       /* the wall-clock limit stopped the search */
    bool node_limited;       /* the node limit (or, in the fast search, lack of
                                progress over a number of nodes) stopped it */
} juten_lpi_result;

/* Solve the MIP.  x receives the incumbent (ncols values, 0/1) when there is
 * one. */
juten_status juten_lpi_solve_mip(juten_lpi *lp, const juten_lpi_params *p,
                                 juten_lpi_result *res, double *x, juten_diags *d);


/* Solve only the LP relaxation (warm-started from the last basis).  status
 * is OPTIMAL, INFEASIBLE or NOSOLUTION (time limit); x and dj (may be NULL)
 * receive the values and reduced costs when optimal. */
typedef struct juten_lpi_lp {
    juten_lpi_status status;
    double objective;
} juten_lpi_lp;
juten_status juten_lpi_solve_lp(juten_lpi *lp, double time_limit, juten_lpi_lp *out,
                                double *x, double *dj, juten_diags *d);

/* Whether the next LP starts from a basis of an earlier one. */
bool juten_lpi_has_basis(const juten_lpi *lp);

/* A starting basis for the next LP when there is none: the 0/1 point x
 * (feasible for every row), with column j basic in place of row key[j]'s
 * slack when key[j] >= 0 (at most one column per row; rows so claimed must
 * be at their upper bound at x), every other column at the bound x gives
 * it and every other row basic.  The next LP then starts from x with the
 * primal simplex.  On a round of thousands of exclusive groups, with each
 * group's funded measure basic in the group's row, this is a few pivots
 * from the optimum where GLPK's crash basis is tens of thousands. */
juten_status juten_lpi_start_basis(juten_lpi *lp, const double *x, const int *key,
                                   juten_diags *d);

/* The current basis: GLPK's status code of every row (nrows entries, as
 * created plus added) and column, to hand back to juten_lpi_restart. */
juten_status juten_lpi_get_basis(juten_lpi *lp, int *rstat, int *cstat, juten_diags *d);

/* Start the next LP afresh, from the basis given (rows [0, nrows) with
 * rstat, later rows basic, columns with cstat), factorized from scratch, or
 * with NULL arrays (or a basis the present numbers make singular) from
 * GLPK's crash basis.  Either way the next LP's path depends on the
 * problem and the basis given, never on what earlier solves left behind:
 * the warm start of re-solves that must not depend on their order. */
juten_status juten_lpi_restart(juten_lpi *lp, const int *rstat, int nrows, const int *cstat,
                               juten_diags *d);

/* Dual price of row i in the last LP solved by juten_lpi_solve_lp (0-based);
 * NAN when there is no optimal LP. */
double juten_lpi_row_dual(juten_lpi *lp, int i);

juten_status juten_lpi_write(juten_lpi *lp, bool mps, const char *path, juten_diags *d);

/* "GLPK 5.0" */
const char *juten_lpi_version(void);

/* Tests only: make GLPK raise one of its internal errors inside a contained
 * call, to prove that the process survives and the status comes back. */
juten_status juten_lpi_provoke_fault(juten_lpi *lp, juten_diags *d);

#endif
