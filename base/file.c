/*
 * file.c -- the one file writer: atomic for regular files, written through
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
 * the caller owns (a chart's .dat and .gp): a symlink planted there is
 * replaced, so that writing our data never writes wherever the link points.
 *
 * GLPK and gnuplot write by file name.  They write into a private scratch
 * directory (mode 0700, in $TMPDIR), and the file is then copied through a
 * writer, so the rules above hold for them too and a write error on the
 * target is reported as one (/dev/full: JUTEN_FILE_IO, not "cannot create").
 *
 * The registry is two fixed arrays of atomic pointers to path strings owned
 * by the writers and scratch directories; a pointer is published only once
 * its string is complete and cleared before the string is freed, so the
 * signal handler can walk it with nothing but unlink(), rmdir(), kill() and
 * waitpid(), which are async-signal-safe.
 *
 * Failures are told as a juten_file_error (what, errno, path), never as
 * text: base/ knows nothing of juten_diags.
 */
#include "juten_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
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

void juten_file_track_child(pid_t pgid) { reg_child = pgid; }

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

void juten_file_catch_signals(void)
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

/* ---- writers ---- */

struct juten_file {
    char *target;     /* NULL: stdout */
    char *tmp;        /* temporary path, NULL when written through */
    int slot;         /* registry slot of tmp */
    FILE *f;
    bool sync;        /* fsync on commit (regular files) */
    int err;          /* first errno of a failed copy */
};

static juten_file_status fail(juten_file_error *e, juten_file_failure what, int err,
                              const char *path)
{
    if (e) {
        e->what = what;
        e->err = err;
        e->path = path;
    }
    switch (what) {
    case JUTEN_FILE_FAIL_NONE: return JUTEN_FILE_OK;
    case JUTEN_FILE_FAIL_NOMEM: return JUTEN_FILE_NOMEM;
    case JUTEN_FILE_FAIL_READ:
    case JUTEN_FILE_FAIL_WRITE: return JUTEN_FILE_IO;
    default: return JUTEN_FILE_CANTCREAT;
    }
}

static void free_file(juten_file *o)
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
static juten_file_status open_through(juten_file *o, const char *path, juten_file_error *e)
{
    /* O_CREAT: a dangling symlink is written through to a new file. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
    if (fd < 0)
        return fail(e, JUTEN_FILE_FAIL_OPEN, errno, path);
    struct stat st;
    o->sync = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int err = errno;
        close(fd);
        return fail(e, JUTEN_FILE_FAIL_OPEN, err, path);
    }
    return JUTEN_FILE_OK;
}

/* A temporary file ".NAME.tmp-XXXXXX" beside the target. */
static juten_file_status open_temp(juten_file *o, const char *path, mode_t mode,
                                   juten_file_error *e)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t len = dirlen + strlen(base) + 32;
    o->tmp = malloc(len);
    if (!o->tmp)
        return fail(e, JUTEN_FILE_FAIL_NOMEM, ENOMEM, path);
    snprintf(o->tmp, len, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int err = errno;
        free(o->tmp);
        o->tmp = NULL;
        return fail(e, JUTEN_FILE_FAIL_CREATE, err, path);
    }
    o->slot = reg_add(o->tmp, false);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC); /* no child (gnuplot) inherits it */
    (void)fchmod(fd, mode);
    o->sync = true;
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int err = errno;
        close(fd);
        unlink(o->tmp);
        return fail(e, JUTEN_FILE_FAIL_CREATE, err, path);
    }
    return JUTEN_FILE_OK;
}

juten_file_status juten_file_open(const char *path, unsigned flags, juten_file **out,
                                  juten_file_error *e)
{
    *out = NULL;
    fail(e, JUTEN_FILE_FAIL_NONE, 0, path);
    juten_file *o = calloc(1, sizeof *o);
    if (!o)
        return fail(e, JUTEN_FILE_FAIL_NOMEM, ENOMEM, path);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return JUTEN_FILE_OK;
    }
    o->target = strdup(path);
    if (!o->target) {
        free_file(o);
        return fail(e, JUTEN_FILE_FAIL_NOMEM, ENOMEM, path);
    }
    struct stat lst;
    bool exists = lstat(path, &lst) == 0;
    juten_file_status st;
    if (exists && S_ISDIR(lst.st_mode)) {
        st = fail(e, JUTEN_FILE_FAIL_DIRECTORY, EISDIR, path);
    } else if (exists && S_ISLNK(lst.st_mode) && !(flags & JUTEN_FILE_OWN)) {
        st = open_through(o, path, e);
    } else if (exists && !S_ISREG(lst.st_mode) && !S_ISLNK(lst.st_mode)) {
        if (flags & JUTEN_FILE_OWN)
            st = fail(e, JUTEN_FILE_FAIL_NOT_OWN, 0, path);
        else
            st = open_through(o, path, e); /* device, FIFO or socket */
    } else {
        /* regular, new, or (our own file) a symlink replaced by the rename */
        bool keep_mode = exists && S_ISREG(lst.st_mode);
        st = open_temp(o, path, keep_mode ? (lst.st_mode & 07777) : default_mode(), e);
    }
    if (st != JUTEN_FILE_OK) {
        if (o->f)
            fclose(o->f);
        if (o->tmp)
            unlink(o->tmp);
        free_file(o);
        return st;
    }
    *out = o;
    return JUTEN_FILE_OK;
}

FILE *juten_file_stream(juten_file *o) { return o->f; }

juten_file_status juten_file_copy_from(juten_file *o, const char *src, juten_file_error *e)
{
    fail(e, JUTEN_FILE_FAIL_NONE, 0, src);
    int fd = open(src, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(e, JUTEN_FILE_FAIL_READ, errno, src);
    char buf[65536];
    juten_file_status st = JUTEN_FILE_OK;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = fail(e, JUTEN_FILE_FAIL_READ, errno, src);
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

juten_file_status juten_file_commit(juten_file *o, juten_file_error *e)
{
    juten_file_status st = fail(e, JUTEN_FILE_FAIL_NONE, 0, o->target);
    if (o->f) {
        errno = 0;
        bool bad = fflush(o->f) != 0 || ferror(o->f) || o->err;
        int err = o->err ? o->err : errno ? errno : EIO;
        if (!bad && o->sync && fsync(fileno(o->f)) != 0) {
            bad = true;
            err = errno;
        }
        if (o->f != stdout) {
            if (fclose(o->f) != 0 && !bad) {
                bad = true;
                err = errno;
            }
        }
        o->f = NULL;
        if (bad)
            st = fail(e, JUTEN_FILE_FAIL_WRITE, err, o->target);
    }
    if (st == JUTEN_FILE_OK && o->tmp) {
        if (rename(o->tmp, o->target) != 0) {
            st = fail(e, JUTEN_FILE_FAIL_RENAME, errno, o->target);
        } else {
            reg_del(o->slot);
            o->slot = -1;
            free(o->tmp);
            o->tmp = NULL;
        }
    }
    if (o->tmp) {
        /* the target keeps its old content; nothing is left beside it */
        unlink(o->tmp);
        reg_del(o->slot);
        o->slot = -1;
        free(o->tmp);
        o->tmp = NULL;
    }
    return st;
}

void juten_file_close(juten_file *o)
{
    if (!o)
        return;
    if (o->f && o->f != stdout)
        fclose(o->f);
    else if (o->f)
        fflush(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free_file(o);
}

bool juten_file_is_stream(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* ---- scratch directories ---- */

#define SCRATCH_FILES 8

struct juten_file_scratch {
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

juten_file_status juten_file_scratch_create(juten_file_scratch **out, juten_file_error *e)
{
    *out = NULL;
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/' || !plain_chars(base, true) || strlen(base) > 1024)
        base = "/tmp";
    fail(e, JUTEN_FILE_FAIL_NONE, 0, base);
    juten_file_scratch *s = calloc(1, sizeof *s);
    size_t len = strlen(base) + 16;
    if (!s || !(s->dir = malloc(len))) {
        free(s);
        return fail(e, JUTEN_FILE_FAIL_NOMEM, ENOMEM, base);
    }
    snprintf(s->dir, len, "%s/juten-XXXXXX", base);
    if (!mkdtemp(s->dir)) {
        int err = errno;
        free(s->dir);
        free(s);
        return fail(e, JUTEN_FILE_FAIL_SCRATCH, err, base);
    }
    s->dir_slot = reg_add(s->dir, true);
    *out = s;
    return JUTEN_FILE_OK;
}

const char *juten_file_scratch_dir(const juten_file_scratch *s) { return s->dir; }

const char *juten_file_scratch_path(juten_file_scratch *s, const char *name)
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

void juten_file_scratch_remove(juten_file_scratch *s)
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
