/*
 * analysis_int.h -- what the analyses (frontier.c, rank.c, explain.c,
 * alternatives.c, prices.c, conflict.c) share: they all re-solve one
 * solver's integer program, so they read its internals (solver_int.h).
 */
#ifndef JUTEN_ANALYSIS_INT_H
#define JUTEN_ANALYSIS_INT_H

#include <math.h>

#include "juten_analysis.h"
#include "solver_int.h"

static inline bool juten_have_portfolio(const juten_result *r)
{
    return r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE;
}

/* Two values are the same step of the curve when they differ by less than
 * this: sums of the same terms in another order differ in the last bits,
 * and solvers check rows to about 1e-7. */
static inline double juten_value_delta(double v)
{
    return 1e-6 * (1.0 + fabs(v));
}

/* analysis.c: the solver an analysis runs on (a new one over m when `on`
 * is NULL, else `on`, marked), and its end: the new one freed, or `on` put
 * back as it was.  end returns st, or its own failure when st is JUTEN_OK. */
juten_status juten_analysis_begin(juten_solver *on, const juten_model *m, juten_solver **s,
                                  juten_solver_mark *mk, juten_diags *d);
juten_status juten_analysis_end(juten_solver *on, juten_solver *s, juten_solver_mark *mk,
                                juten_status st, juten_diags *d);

/* explain.c: why forcing measure j in (dir +1) or out (-1) leaves no
 * portfolio, in a few words from its minimal conflict ("it is mandatory",
 * "M45 (mandatory) requires it"); NULL when the conflict is not one of the
 * common cases (or out of memory). */
char *juten_forced_reason(const juten_model *m, int j, int dir, const juten_conflict *c);

#endif
