/*
 * juten_gsl.h -- the GNU Scientific Library as juten uses it (solver/gsl.c).
 *
 * GSL's default error handler prints a message and calls abort(), which a
 * library must never do.  juten_gsl_init switches it off for the whole
 * process (GSL keeps one handler, not one per thread), once; GSL functions
 * then return their error codes and juten checks them.  The library calls it
 * itself wherever GSL can be reached (juten_solver_create, through which every
 * solve, analysis and simulation goes); a program that calls GSL before any
 * juten function and wants GSL's abort back can set its own handler after.
 */
#ifndef JUTEN_GSL_H
#define JUTEN_GSL_H

/* GSL's version string, "2.7.1". */
const char *juten_gsl_version(void);

/* Switch GSL's aborting error handler off, once per process; thread-safe,
 * cheap on every call after the first. */
void juten_gsl_init(void);

#endif
