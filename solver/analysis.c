/*
 * analysis.c -- the solver an analysis runs on: a new one over the model,
 * or the caller's, which may hold other numbers (a draw, a what-if) and a
 * fixed reference.  On a caller's solver the analysis leaves it as it found
 * it: its numbers, its rows (the value floor and no-good cuts an analysis
 * adds are deleted), no rows switched off, no decisions set aside.
 */
#include "analysis_int.h"

juten_status juten_analysis_begin(juten_solver *on, const juten_model *m, juten_solver **s,
                                  juten_solver_mark *mk, juten_diags *d)
{
    *s = NULL;
    if (!on)
        return juten_solver_create(m, s, d);
    juten_status st = juten_solver_mark_begin(on, mk, d);
    if (st == JUTEN_OK)
        *s = on;
    return st;
}

juten_status juten_analysis_end(juten_solver *on, juten_solver *s, juten_solver_mark *mk,
                                juten_status st, juten_diags *d)
{
    if (!on) {
        juten_solver_free(s);
        return st;
    }
    if (!s)
        return st; /* juten_analysis_begin failed: nothing was changed */
    juten_status st2 = juten_solver_mark_end(on, mk, d);
    return st != JUTEN_OK ? st : st2;
}
