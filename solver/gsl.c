/*
 * gsl.c -- the GNU Scientific Library behind one file.
 *
 * GSL's default error handler prints and aborts; a library must not do
 * either, so juten switches it off before any GSL call and checks return
 * codes instead.  The simulation modules obtain their random number
 * generators here, always with an explicit generator type and seed, so that
 * a run is reproducible from its seed alone.
 */
#include "juten_gsl.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <pthread.h>

const char *juten_gsl_version(void) { return gsl_version; }

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_init_once(void) { gsl_set_error_handler_off(); }

void juten_gsl_init(void)
{
    /* The handler is one process-wide variable inside GSL: setting it from
     * several threads at once would be a data race, so it is set once. */
    pthread_once(&gsl_once, gsl_init_once);
}
