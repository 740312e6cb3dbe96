/*
 * output.c -- juten_output.h over the base writer (base/file.c): the same
 * files, written by the same rules, with each failure told as a sentence in
 * juten_diags and as a juten_status (cannot create: JUTEN_ERR_CANTCREAT,
 * a failed write: JUTEN_ERR_IO), which base/ cannot know of.
 */
#include "juten_output.h"

#include <string.h>

/* The sentence for a failure of the base writer, and its status. */
static juten_status told(juten_file_status fs, const juten_file_error *e, juten_diags *d)
{
    const char *why = strerror(e->err);
    switch (e->what) {
    case JUTEN_FILE_FAIL_NONE:
    case JUTEN_FILE_FAIL_NOMEM:
        break;
    case JUTEN_FILE_FAIL_DIRECTORY:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot write output: it is a directory");
        break;
    case JUTEN_FILE_FAIL_OPEN:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot open for writing: %s", why);
        break;
    case JUTEN_FILE_FAIL_CREATE:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot create output file: %s", why);
        break;
    case JUTEN_FILE_FAIL_NOT_OWN:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0,
                        "cannot write this file: it is a FIFO, socket or device, and juten "
                        "keeps its own regular file under this name; move it away");
        break;
    case JUTEN_FILE_FAIL_READ:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot read the file to copy: %s", why);
        break;
    case JUTEN_FILE_FAIL_WRITE:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "writing %s failed: %s",
                        e->path ? e->path : "standard output", why);
        break;
    case JUTEN_FILE_FAIL_RENAME:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot replace the file: %s", why);
        break;
    case JUTEN_FILE_FAIL_SCRATCH:
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "cannot create a scratch directory: %s",
                        why);
        break;
    }
    switch (fs) {
    case JUTEN_FILE_OK: return JUTEN_OK;
    case JUTEN_FILE_NOMEM: return JUTEN_ERR_NOMEM;
    case JUTEN_FILE_IO: return JUTEN_ERR_IO;
    case JUTEN_FILE_CANTCREAT: break;
    }
    return JUTEN_ERR_CANTCREAT;
}

juten_status juten_output_open_flags(const char *path, unsigned flags, juten_output **out,
                                     juten_diags *d)
{
    juten_file_error e;
    juten_file_status fs =
        juten_file_open(path, (flags & JUTEN_OUTPUT_OWN_FILE) ? JUTEN_FILE_OWN : 0, out, &e);
    return told(fs, &e, d);
}

juten_status juten_output_open(const char *path, juten_output **out, juten_diags *d)
{
    return juten_output_open_flags(path, 0, out, d);
}

FILE *juten_output_file(juten_output *o) { return juten_file_stream(o); }

juten_status juten_output_copy_from(juten_output *o, const char *src, juten_diags *d)
{
    juten_file_error e;
    juten_file_status fs = juten_file_copy_from(o, src, &e);
    return told(fs, &e, d);
}

juten_status juten_output_commit(juten_output *o, juten_diags *d)
{
    juten_file_error e;
    juten_file_status fs = juten_file_commit(o, &e);
    juten_status st = told(fs, &e, d); /* e.path is o's: tell before closing */
    juten_file_close(o);
    return st;
}

void juten_output_abort(juten_output *o) { juten_file_close(o); }

bool juten_output_is_stream(const char *path) { return juten_file_is_stream(path); }

juten_status juten_scratch_create(juten_scratch **out, juten_diags *d)
{
    juten_file_error e;
    juten_file_status fs = juten_file_scratch_create(out, &e);
    return told(fs, &e, d);
}

const char *juten_scratch_dir(const juten_scratch *s) { return juten_file_scratch_dir(s); }

const char *juten_scratch_path(juten_scratch *s, const char *name)
{
    return juten_file_scratch_path(s, name);
}

void juten_scratch_remove(juten_scratch *s) { juten_file_scratch_remove(s); }

void juten_output_track_child(pid_t pgid) { juten_file_track_child(pgid); }

void juten_output_catch_signals(void) { juten_file_catch_signals(); }
