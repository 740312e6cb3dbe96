/*
 * juten_file.h -- the safe file writer, scratch directories for programs
 * that write by name, and removal of both when a signal interrupts us.
 *
 * A regular target (or a new one) is written to a temporary file
 * ".NAME.tmp-XXXXXX" beside it, fsync'd, and renamed over it on commit: a
 * failed run never leaves a half-written file and never destroys the
 * previous one.  A target that exists and is a symbolic link, a FIFO, a
 * socket or a character or block device (/dev/null, /dev/stdout, /dev/full)
 * is opened and written through, never replaced: renaming over /dev/null as
 * root would replace the device for the whole machine.  A file the caller
 * owns (JUTEN_FILE_OWN) is the exception: a symlink there is replaced and a
 * FIFO, socket or device refused.
 *
 * Part of juten_base: it includes nothing from the rest of juten, so it
 * says what failed in a juten_file_error and leaves the sentence to the
 * caller (report/juten_output.h turns it into juten_diags).
 */
#ifndef JUTEN_FILE_H
#define JUTEN_FILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

typedef enum juten_file_status {
    JUTEN_FILE_OK = 0,
    JUTEN_FILE_NOMEM,     /* out of memory */
    JUTEN_FILE_CANTCREAT, /* the target or a directory cannot be created or opened */
    JUTEN_FILE_IO         /* a read, write, flush, fsync or close failed */
} juten_file_status;

/* What failed; err is the errno where the failure has one. */
typedef enum juten_file_failure {
    JUTEN_FILE_FAIL_NONE = 0,
    JUTEN_FILE_FAIL_NOMEM,
    JUTEN_FILE_FAIL_DIRECTORY, /* the target is a directory */
    JUTEN_FILE_FAIL_OPEN,      /* an existing target cannot be opened to write through */
    JUTEN_FILE_FAIL_CREATE,    /* the temporary file beside the target cannot be created */
    JUTEN_FILE_FAIL_NOT_OWN,   /* JUTEN_FILE_OWN, and a FIFO, socket or device is there */
    JUTEN_FILE_FAIL_READ,      /* juten_file_copy_from: the source cannot be read */
    JUTEN_FILE_FAIL_WRITE,     /* writing, flushing, fsync or closing failed */
    JUTEN_FILE_FAIL_RENAME,    /* the temporary file cannot be renamed over the target */
    JUTEN_FILE_FAIL_SCRATCH    /* a scratch directory cannot be created */
} juten_file_failure;

typedef struct juten_file_error {
    juten_file_failure what;
    int err;          /* errno, 0 when none */
    const char *path; /* the file concerned (NULL: standard output); valid while the writer,
                         the source string or the environment it came from is */
} juten_file_error;

typedef struct juten_file juten_file;

/* Flags for juten_file_open. */
enum {
    /* The file is the caller's own (a chart's .dat or .gp beside the image):
     * a symbolic link there is replaced by the new file (the link's target is
     * never written), and a FIFO, socket or device there is refused
     * (JUTEN_FILE_CANTCREAT) rather than written through. */
    JUTEN_FILE_OWN = 1u
};

/* Open path for writing ("-" or NULL: standard output).  e may be NULL. */
juten_file_status juten_file_open(const char *path, unsigned flags, juten_file **out,
                                  juten_file_error *e);
FILE *juten_file_stream(juten_file *f);
/* Append the whole content of the file src.  A read error is JUTEN_FILE_IO;
 * write errors show at commit. */
juten_file_status juten_file_copy_from(juten_file *f, const char *src, juten_file_error *e);
/* Flush, fsync (regular files), close, check for errors, rename into place.
 * f stays allocated (e->path points into it) until juten_file_close. */
juten_file_status juten_file_commit(juten_file *f, juten_file_error *e);
/* Free f; a temporary file that was not committed is removed, so the target
 * keeps what it held.  NULL is a no-op. */
void juten_file_close(juten_file *f);

/* True if path exists and, following symbolic links, is a FIFO, a socket or
 * a device: a target written through that is no place for other files. */
bool juten_file_is_stream(const char *path);

/* A private directory (mode 0700) in $TMPDIR, or /tmp when $TMPDIR is unset,
 * not absolute, or holds characters other than ASCII letters, digits and
 * / . _ - (so its paths can stand in a program's script without any
 * quoting). */
typedef struct juten_file_scratch juten_file_scratch;
juten_file_status juten_file_scratch_create(juten_file_scratch **out, juten_file_error *e);
const char *juten_file_scratch_dir(const juten_file_scratch *s);
/* dir/name for a file the caller (or a program it runs) will create there;
 * name must be a plain file name of the characters above.  The path is
 * remembered for removal.  NULL when out of memory or more than 8 names. */
const char *juten_file_scratch_path(juten_file_scratch *s, const char *name);
/* Remove the named files and the directory; frees s.  NULL is a no-op. */
void juten_file_scratch_remove(juten_file_scratch *s);

/* A child process (its own process group) that writes into a scratch
 * directory: killed and reaped if a signal interrupts us.  0 forgets it. */
void juten_file_track_child(pid_t pgid);

/* Install handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE (those not
 * ignored) that kill a tracked child, remove every live temporary file and
 * scratch directory with async-signal-safe calls, and re-raise the signal
 * with its default action.  A SIGKILL cannot be caught: it may leave a
 * ".NAME.tmp-XXXXXX" file beside the target and a "juten-XXXXXX" directory
 * in $TMPDIR (or /tmp). */
void juten_file_catch_signals(void);

#endif
