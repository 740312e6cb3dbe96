/*
 * output.c -- output files written atomically, or written through when they
 * are not ours to replace.
 *
 * A result file is either the whole new result or the old file untouched:
 * we write a temporary file beside the target (same directory, so rename is
 * atomic), fsync it, and rename it over the target.  Targets that exist and
 * are not regular files (devices such as /dev/null, FIFOs) or are symbolic
 * links are opened and written in place instead: replacing /dev/null by a
 * regular file as root breaks the whole machine, and replacing a symlink
 * would silently cut it from what it points to.
 */
#include "juten_report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct juten_output {
    char *target;     /* NULL: stdout */
    char *tmp;        /* temporary path, NULL when written through */
    FILE *f;
    bool closed;      /* f already closed (library wrote by name) */
    mode_t mode;
};

static void free_output(juten_output *o)
{
    free(o->target);
    free(o->tmp);
    free(o);
}

juten_status juten_output_open(const char *path, juten_output **out, juten_diags *d)
{
    *out = NULL;
    juten_output *o = calloc(1, sizeof *o);
    if (!o)
        return JUTEN_ERR_NOMEM;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return JUTEN_OK;
    }
    o->target = strdup(path);
    if (!o->target) {
        free_output(o);
        return JUTEN_ERR_NOMEM;
    }
    struct stat lst;
    bool exists = lstat(path, &lst) == 0;
    if (exists && S_ISDIR(lst.st_mode)) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot write output: it is a directory");
        free_output(o);
        return JUTEN_ERR_CANTCREAT;
    }
    if (exists && !S_ISREG(lst.st_mode)) {
        /* device, FIFO, socket or symbolic link: write through */
        o->f = fopen(path, "w");
        if (!o->f) {
            juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot open for writing: %s",
                            strerror(errno));
            free_output(o);
            return JUTEN_ERR_CANTCREAT;
        }
        *out = o;
        return JUTEN_OK;
    }
    /* temporary file in the target's directory */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t len = dirlen + strlen(base) + 32;
    o->tmp = malloc(len);
    if (!o->tmp) {
        free_output(o);
        return JUTEN_ERR_NOMEM;
    }
    snprintf(o->tmp, len, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot create output file: %s",
                        strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        free_output(o);
        return JUTEN_ERR_CANTCREAT;
    }
    if (exists)
        o->mode = lst.st_mode & 07777;
    else {
        mode_t um = umask(0);
        umask(um);
        o->mode = 0666 & ~um;
    }
    (void)fchmod(fd, o->mode);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot create output file: %s", strerror(e));
        free_output(o);
        return JUTEN_ERR_CANTCREAT;
    }
    *out = o;
    return JUTEN_OK;
}

FILE *juten_output_file(juten_output *o) { return o->f; }

const char *juten_output_path_for_library(juten_output *o)
{
    if (!o->target)
        return "/dev/stdout";
    if (!o->closed && o->f) {
        fclose(o->f);
        o->f = NULL;
        o->closed = true;
    }
    return o->tmp ? o->tmp : o->target;
}

juten_status juten_output_commit(juten_output *o, juten_diags *d)
{
    juten_status st = JUTEN_OK;
    const char *shown = o->target ? o->target : "standard output";
    if (o->f) {
        bool bad = fflush(o->f) != 0 || ferror(o->f);
        int e = errno;
        if (!bad && o->tmp && fsync(fileno(o->f)) != 0) {
            bad = true;
            e = errno;
        }
        if (o->f != stdout) {
            if (fclose(o->f) != 0 && !bad) {
                bad = true;
                e = errno;
            }
        }
        o->f = NULL;
        if (bad) {
            juten_diags_add(d, JUTEN_ERROR, o->target, 0, 0, "writing %s failed: %s", shown,
                            strerror(e));
            st = JUTEN_ERR_IO;
        }
    }
    if (st == JUTEN_OK && o->tmp) {
        if (rename(o->tmp, o->target) != 0) {
            juten_diags_add(d, JUTEN_ERROR, o->target, 0, 0, "cannot replace the file: %s",
                            strerror(errno));
            st = JUTEN_ERR_CANTCREAT;
        } else {
            free(o->tmp);
            o->tmp = NULL;
        }
    }
    if (o->tmp)
        unlink(o->tmp);
    free_output(o);
    return st;
}

void juten_output_abort(juten_output *o)
{
    if (!o)
        return;
    if (o->f && o->f != stdout)
        fclose(o->f);
    else if (o->f)
        fflush(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free_output(o);
}
