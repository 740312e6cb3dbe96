/*
 * juten_output.h -- the one way juten writes a file: results (-o), exports
 * (--lp, --mps), charts and their .dat/.gp files all go through it.
 *
 * A regular target (or a new one) is written to a temporary file beside it,
 * fsync'd, and renamed over it on commit: a failed run never leaves a
 * half-written file and never destroys the previous one.  A target that
 * exists and is a symbolic link, a FIFO, a socket or a character or block
 * device (/dev/null, /dev/stdout, /dev/full) is opened and written through,
 * never replaced: renaming over /dev/null as root would replace the device
 * for the whole machine.  Errors: a target that cannot be created or opened
 * is JUTEN_ERR_CANTCREAT; a failed write, flush or fsync is JUTEN_ERR_IO.
 *
 * Programs that write by name (GLPK, gnuplot) write into a private scratch
 * directory; the file is then copied through an output here, under the same
 * rules.  Temporary files and scratch directories are remembered while they
 * exist, so that juten_file_catch_signals() can remove them when the
 * process is interrupted (SIGINT, SIGTERM, SIGHUP).  A SIGKILL cannot be
 * caught: it may leave a ".NAME.tmp-XXXXXX" file beside the target and a
 * "juten-XXXXXX" directory in $TMPDIR (or /tmp).
 *
 * The writer itself is base/juten_file.h; this is its face for the library:
 * the calls that can fail, reporting into juten_diags with a juten_status.
 * The others (juten_file_stream, juten_file_close, juten_file_is_stream,
 * juten_file_scratch_*, juten_file_track_child, juten_file_catch_signals)
 * are base's own.
 */
#ifndef JUTEN_OUTPUT_H
#define JUTEN_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "juten_error.h"
#include "juten_file.h"

typedef juten_file juten_output;

/* Flags for juten_output_open_flags. */
enum {
    /* The file is juten's own (a chart's .dat or .gp beside the image): a
     * symbolic link there is replaced by the new file (the link's target is
     * never written), and a FIFO, socket or device there is refused
     * (JUTEN_ERR_CANTCREAT) rather than written through. */
    JUTEN_OUTPUT_OWN_FILE = 1u
};

/* Open path for writing ("-" or NULL: standard output).  Write to
 * juten_file_stream(o); juten_file_close(o) instead of a commit removes the
 * temporary file and leaves the target as it was. */
juten_status juten_output_open(const char *path, juten_output **out, juten_diags *d);
juten_status juten_output_open_flags(const char *path, unsigned flags, juten_output **out,
                                     juten_diags *d);
/* Append the whole content of the file src (e.g. written by GLPK into a
 * scratch directory).  A read error is JUTEN_ERR_IO; write errors show at
 * commit. */
juten_status juten_output_copy_from(juten_output *o, const char *src, juten_diags *d);
/* Flush, fsync (regular files), check for errors, rename into place; frees o. */
juten_status juten_output_commit(juten_output *o, juten_diags *d);

/* A private scratch directory (juten_file_scratch_create); its paths and
 * removal are juten_file_scratch_path and juten_file_scratch_remove. */
typedef juten_file_scratch juten_scratch;
juten_status juten_scratch_create(juten_scratch **out, juten_diags *d);

#endif
