/*
 * output.c -- juten_output.h over the base writer (base/file.c): the same
 * files, written by the same rules, with each failure told as a sentence in
 * juten_diags and as a juten_status (cannot create: JUTEN_ERR_CANTCREAT,
 * a failed write: JUTEN_ERR_IO), which base/ cannot know of.
 */
#include "juten_output.h"
#include "juten_i18n.h"

#include <string.h>

/* The sentence for each failure of the base writer; with_errno: followed
 * by ": " and strerror.  A failed write names its file inside the sentence. */
static const struct {
    const char *text;
    bool with_errno;
} sentence[] = {
    [JUTEN_FILE_FAIL_DIRECTORY] = {N_("cannot write output: it is a directory"), false},
    [JUTEN_FILE_FAIL_OPEN] = {N_("cannot open for writing"), true},
    [JUTEN_FILE_FAIL_CREATE] = {N_("cannot create output file"), true},
    [JUTEN_FILE_FAIL_NOT_OWN] = {N_("cannot write this file: it is a FIFO, socket or device, "
                                    "and juten keeps its own regular file under this name; "
                                    "move it away"), false},
    [JUTEN_FILE_FAIL_READ] = {N_("cannot read the file to copy"), true},
    [JUTEN_FILE_FAIL_RENAME] = {N_("cannot replace the file"), true},
    [JUTEN_FILE_FAIL_SCRATCH] = {N_("cannot create a scratch directory"), true},
};

/* Tell a failure of the base writer in d; its juten_status.  Out of memory
 * is told by the status alone, as everywhere in juten. */
static juten_status told(juten_file_status fs, const juten_file_error *e, juten_diags *d)
{
    if (e->what == JUTEN_FILE_FAIL_WRITE)
        /* TRANSLATORS: the file (or "standard output"), then the system's reason */
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, _("writing %s failed: %s"),
                        e->path ? e->path : _("standard output"), strerror(e->err));
    else if (e->what != JUTEN_FILE_FAIL_NONE && e->what != JUTEN_FILE_FAIL_NOMEM)
        juten_diags_add(d, JUTEN_ERROR, e->path, 0, 0, "%s%s%s", _(sentence[e->what].text),
                        sentence[e->what].with_errno ? ": " : "",
                        sentence[e->what].with_errno ? strerror(e->err) : "");
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

juten_status juten_scratch_create(juten_scratch **out, juten_diags *d)
{
    juten_file_error e;
    juten_file_status fs = juten_file_scratch_create(out, &e);
    return told(fs, &e, d);
}
