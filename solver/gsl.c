/*
 * gsl.c -- the GNU Scientific Library behind one file.
 *
 * GSL's default error handler prints and aborts; a library must not do
 * either, so juten switches it off before any GSL call and checks return
 * codes instead.  The simulation modules obtain their random number
 * generators here, always with an explicit generator type and seed, so that
 * a run is reproducible from its seed alone.
 */
#include "juten_solver.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>

const char *juten_gsl_version(void);
void juten_gsl_init(void);

const char *juten_gsl_version(void) { return gsl_version; }

void juten_gsl_init(void)
{
    /* Idempotent and cheap: set the handler every time rather than keep
     * shared state. */
    gsl_set_error_handler_off();
}
