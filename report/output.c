/*
 * output.c -- the one file writer: atomic for regular files, written through
 * for what is not ours to replace, and the scratch space for programs that
 * write by name; plus the registry that removes temporary files when a
 * signal interrupts us.
 *
 * A result file is either the whole new result or the old file untouched:
 * we write a temporary file beside the target (same directory, so rename is
 * atomic), fsync it, and rename it over the target.  Targets that exist and
 * are not regular files (devices such as /dev/null, FIFOs) or are symbolic
 * links are opened and written in place instead: replacing /dev/null by a
 * regular file as root breaks the whole machine, and replacing a symlink
 * would silently cut it from what it points to.  The one exception is a file
 * juten owns (a chart's .dat and .gp): a symlink planted there is replaced,
 * so that writing our data never writes wherever the link points.
 *
 * GLPK and gnuplot write by file name.  They write into a private scratch
 * directory (mode 0700, in $TMPDIR), and the file is then copied through an
 * output, so the rules above hold for them too and a write error on the
 * target is reported as one (/dev/full: JUTEN_ERR_IO, not "cannot create").
 *
 * The registry is two fixed arrays of atomic pointers to path strings owned
 * by the outputs and scratch directories; a pointer is published only once
 * its string is complete and cleared before the string is freed, so the
 * signal handler can walk it with nothing but unlink(), rmdir(), kill() and
 * waitpid(), which are async-signal-safe.
 */
#include "juten_output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the registry of live temporary paths ---- */

#define REG_SLOTS 32

/* Two arrays, files and directories, so a slot is one atomic pointer: it
 * is claimed with a compare-and-swap (outputs may be opened from several
 * threads) and read by the handler without locks. */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the signal handler needs lock-free pointers");
static _Atomic(char *) reg_files[REG_SLOTS];
static _Atomic(char *) reg_dirs[REG_SLOTS];
static volatile sig_atomic_t reg_child;

/* Remember path (a string that outlives the registration); the slot, or -1
 * when the registry is full (the file is then only not cleaned on a signal). */
static int reg_add(char *path, bool dir)
{
    _Atomic(char *) *tab = dir ? reg_dirs : reg_files;
    for (int i = 0; i < REG_SLOTS; i++) {
        char *expected = NULL;
        if (atomic_compare_exchange_strong(&tab[i], &expected, path))
            return dir ? REG_SLOTS + i : i;
    }
    return -1;
}

static void reg_del(int slot)
{
    if (slot >= 0 && slot < REG_SLOTS)
        atomic_store(&reg_files[slot], NULL);
    else if (slot >= REG_SLOTS && slot < 2 * REG_SLOTS)
        atomic_store(&reg_dirs[slot - REG_SLOTS], NULL);
}

void juten_output_track_child(pid_t pgid) { reg_child = pgid; }

static void on_signal(int sig)
{
    int saved = errno;
    pid_t c = (pid_t)reg_child;
    if (c > 0) {
        kill(-c, SIGKILL);
        (void)waitpid(c, NULL, 0);
    }
    for (int i = 0; i < REG_SLOTS; i++) {
        char *p = atomic_load(&reg_files[i]);
        if (p)
            unlink(p);
    }
    for (int i = 0; i < REG_SLOTS; i++) {
        char *p = atomic_load(&reg_dirs[i]);
        if (p)
            rmdir(p);
    }
    errno = saved;
    /* Only now the default action: dying by the same signal tells the
     * parent (a shell, a test) what happened.  Not SA_RESETHAND: Linux kills
     * at once on a second signal whose action is the default, even while it
     * is blocked, and `timeout` or a shell often sends two (to the process
     * and to its group), which would cut the cleanup short. */
    signal(sig, SIG_DFL);
    raise(sig);
}

void juten_output_catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    enum { NSIGS = sizeof sigs / sizeof sigs[0] };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* one cleanup at a time: the others wait until it re-raises */
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIGS; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (int i = 0; i < NSIGS; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* nohup and friends: keep ignoring */
        (void)sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- outputs ---- */

struct juten_output {
    char *target;     /* NULL: stdout */
    char *tmp;        /* temporary path, NULL when written through */
    int slot;         /* registry slot of tmp */
    FILE *f;
    bool sync;        /* fsync on commit (regular files) */
    int err;          /* first errno of a failed copy */
};

static void free_output(juten_output *o)
{
    reg_del(o->slot);
    free(o->target);
    free(o->tmp);
    free(o);
}

static mode_t default_mode(void)
{
    mode_t um = umask(0);
    umask(um);
    return 0666 & ~um;
}

/* Open the existing target itself (symlink, FIFO, device). */
static juten_status open_through(juten_output *o, const char *path, juten_diags *d)
{
    /* O_CREAT: a dangling symlink is written through to a new file. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
    if (fd < 0) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot open for writing: %s", strerror(errno));
        return JUTEN_ERR_CANTCREAT;
    }
    struct stat st;
    o->sync = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot open for writing: %s", strerror(e));
        return JUTEN_ERR_CANTCREAT;
    }
    return JUTEN_OK;
}

/* A temporary file ".NAME.tmp-XXXXXX" beside the target. */
static juten_status open_temp(juten_output *o, const char *path, mode_t mode, juten_diags *d)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t len = dirlen + strlen(base) + 32;
    o->tmp = malloc(len);
    if (!o->tmp)
        return JUTEN_ERR_NOMEM;
    snprintf(o->tmp, len, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot create output file: %s",
                        strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return JUTEN_ERR_CANTCREAT;
    }
    o->slot = reg_add(o->tmp, false);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC); /* no child (gnuplot) inherits it */
    (void)fchmod(fd, mode);
    o->sync = true;
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot create output file: %s", strerror(e));
        return JUTEN_ERR_CANTCREAT;
    }
    return JUTEN_OK;
}

juten_status juten_output_open_flags(const char *path, unsigned flags, juten_output **out,
                                     juten_diags *d)
{
    *out = NULL;
    juten_output *o = calloc(1, sizeof *o);
    if (!o)
        return JUTEN_ERR_NOMEM;
    o->slot = -1;
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
    juten_status st;
    if (exists && S_ISDIR(lst.st_mode)) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, "cannot write output: it is a directory");
        st = JUTEN_ERR_CANTCREAT;
    } else if (exists && S_ISLNK(lst.st_mode) && !(flags & JUTEN_OUTPUT_OWN_FILE)) {
        st = open_through(o, path, d);
    } else if (exists && !S_ISREG(lst.st_mode) && !S_ISLNK(lst.st_mode)) {
        if (flags & JUTEN_OUTPUT_OWN_FILE) {
            juten_diags_add(d, JUTEN_ERROR, path, 0, 0,
                            "cannot write this file: it is a FIFO, socket or device, and juten "
                            "keeps its own regular file under this name; move it away");
            st = JUTEN_ERR_CANTCREAT;
        } else {
            st = open_through(o, path, d); /* device, FIFO or socket */
        }
    } else {
        /* regular, new, or (our own file) a symlink replaced by the rename */
        bool keep_mode = exists && S_ISREG(lst.st_mode);
        st = open_temp(o, path, keep_mode ? (lst.st_mode & 07777) : default_mode(), d);
    }
    if (st != JUTEN_OK) {
        if (o->f)
            fclose(o->f);
        if (o->tmp)
            unlink(o->tmp);
        free_output(o);
        return st;
    }
    *out = o;
    return JUTEN_OK;
}

juten_status juten_output_open(const char *path, juten_output **out, juten_diags *d)
{
    return juten_output_open_flags(path, 0, out, d);
}

FILE *juten_output_file(juten_output *o) { return o->f; }

juten_status juten_output_copy_from(juten_output *o, const char *src, juten_diags *d)
{
    int fd = open(src, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        juten_diags_add(d, JUTEN_ERROR, src, 0, 0, "cannot read the file to copy: %s",
                        strerror(errno));
        return JUTEN_ERR_IO;
    }
    char buf[65536];
    juten_status st = JUTEN_OK;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            juten_diags_add(d, JUTEN_ERROR, src, 0, 0, "cannot read the file to copy: %s",
                            strerror(errno));
            st = JUTEN_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        if (fwrite(buf, 1, (size_t)n, o->f) != (size_t)n) {
            if (!o->err)
                o->err = errno ? errno : EIO;
            break; /* reported by commit */
        }
    }
    close(fd);
    return st;
}

juten_status juten_output_commit(juten_output *o, juten_diags *d)
{
    juten_status st = JUTEN_OK;
    const char *shown = o->target ? o->target : "standard output";
    if (o->f) {
        errno = 0;
        bool bad = fflush(o->f) != 0 || ferror(o->f) || o->err;
        int e = o->err ? o->err : errno ? errno : EIO;
        if (!bad && o->sync && fsync(fileno(o->f)) != 0) {
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
            reg_del(o->slot);
            o->slot = -1;
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

bool juten_output_is_stream(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* ---- scratch directories ---- */

#define SCRATCH_FILES 8

struct juten_scratch {
    char *dir;
    int dir_slot;
    int n;
    char *file[SCRATCH_FILES];
    int slot[SCRATCH_FILES];
};

/* Characters a scratch path may hold: nothing a shell or gnuplot reads. */
static bool plain_chars(const char *s, bool allow_slash)
{
    for (; *s; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-' || (allow_slash && c == '/');
        if (!ok)
            return false;
    }
    return true;
}

juten_status juten_scratch_create(juten_scratch **out, juten_diags *d)
{
    *out = NULL;
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/' || !plain_chars(base, true) || strlen(base) > 1024)
        base = "/tmp";
    juten_scratch *s = calloc(1, sizeof *s);
    size_t len = strlen(base) + 16;
    if (!s || !(s->dir = malloc(len))) {
        free(s);
        return JUTEN_ERR_NOMEM;
    }
    snprintf(s->dir, len, "%s/juten-XXXXXX", base);
    if (!mkdtemp(s->dir)) {
        juten_diags_add(d, JUTEN_ERROR, base, 0, 0, "cannot create a scratch directory: %s",
                        strerror(errno));
        free(s->dir);
        free(s);
        return JUTEN_ERR_CANTCREAT;
    }
    s->dir_slot = reg_add(s->dir, true);
    *out = s;
    return JUTEN_OK;
}

const char *juten_scratch_dir(const juten_scratch *s) { return s->dir; }

const char *juten_scratch_path(juten_scratch *s, const char *name)
{
    if (s->n >= SCRATCH_FILES || !*name || !plain_chars(name, false) || name[0] == '.')
        return NULL;
    size_t len = strlen(s->dir) + strlen(name) + 2;
    char *p = malloc(len);
    if (!p)
        return NULL;
    snprintf(p, len, "%s/%s", s->dir, name);
    s->file[s->n] = p;
    s->slot[s->n] = reg_add(p, false);
    s->n++;
    return p;
}

void juten_scratch_remove(juten_scratch *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        unlink(s->file[i]);
        reg_del(s->slot[i]);
        free(s->file[i]);
    }
    rmdir(s->dir);
    reg_del(s->dir_slot);
    free(s->dir);
    free(s);
}
