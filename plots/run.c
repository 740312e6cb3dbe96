/*
 * run.c -- running gnuplot: no shell, a time limit, output captured.
 *
 * The program is looked up in PATH here (not by posix_spawnp) so that "not
 * installed" is told apart from "failed to start" on every libc, and so a
 * relative path is resolved against our directory, not gnuplot's.  The child
 * gets /dev/null as stdin, one pipe as stdout and stderr (the library prints
 * nothing; the last lines go into the diagnostic), the chart's directory as
 * working directory, and a process group of its own, so that on timeout
 * SIGKILL reaches anything it started as well.  We poll the pipe and
 * waitpid(WNOHANG) in short steps until it exits or the limit passes.
 */
/* posix_spawn_file_actions_addchdir_np (glibc >= 2.29) is a GNU extension */
#define _GNU_SOURCE 1

#include "plot_int.h"
#include "juten_clock.h"
#include "juten_utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* JUTEN_PLOT_FORK forces the fork/exec path (to test it on glibc). */
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ) && !defined(JUTEN_PLOT_FORK)
#if __GLIBC_PREREQ(2, 29)
#define HAVE_ADDCHDIR 1
#endif
#endif

static bool is_exec_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* An absolute path for prog, or NULL (errno ENOENT: not found). */
static char *resolve(const char *prog)
{
    if (strchr(prog, '/')) {
        if (!is_exec_file(prog)) {
            errno = ENOENT;
            return NULL;
        }
        if (prog[0] == '/')
            return strdup(prog);
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return NULL;
        size_t len = strlen(cwd) + strlen(prog) + 2;
        char *p = malloc(len);
        if (p)
            snprintf(p, len, "%s/%s", cwd, prog);
        free(cwd);
        return p;
    }
    const char *path = getenv("PATH");
    char defpath[256];
    if (!path) {
        size_t n = confstr(_CS_PATH, defpath, sizeof defpath);
        path = n > 0 && n <= sizeof defpath ? defpath : "/bin:/usr/bin";
    }
    char *cwd = NULL;
    for (const char *s = path;; s++) {
        const char *e = strchr(s, ':');
        size_t dl = e ? (size_t)(e - s) : strlen(s);
        const char *dir = s;
        if (dl == 0) { /* an empty entry is the current directory */
            if (!cwd && !(cwd = getcwd(NULL, 0)))
                return NULL;
            dir = cwd;
            dl = strlen(cwd);
        }
        size_t len = dl + strlen(prog) + 2;
        char *p = malloc(len);
        if (!p) {
            free(cwd);
            return NULL;
        }
        snprintf(p, len, "%.*s/%s", (int)dl, dir, prog);
        if (p[0] == '/' && is_exec_file(p)) {
            free(cwd);
            return p;
        }
        if (p[0] != '/' && is_exec_file(p)) { /* relative PATH entry: anchor it */
            char *here = cwd ? cwd : getcwd(NULL, 0);
            char *abs = here ? malloc(strlen(here) + len + 1) : NULL;
            if (abs)
                sprintf(abs, "%s/%s", here, p);
            if (here != cwd)
                free(here);
            free(p);
            free(cwd);
            return abs;
        }
        free(p);
        if (!e)
            break;
        s = e;
    }
    free(cwd);
    errno = ENOENT;
    return NULL;
}

/* Keep the last bytes the child printed. */
typedef struct capture {
    char buf[8192];
    size_t len;
} capture;

static void capture_add(capture *c, const char *b, size_t n)
{
    const size_t keep = sizeof c->buf / 2;
    if (n > keep) {
        b += n - keep;
        n = keep;
    }
    if (c->len + n > sizeof c->buf) {
        size_t drop = c->len + n - sizeof c->buf;
        memmove(c->buf, c->buf + drop, c->len - drop);
        c->len -= drop;
    }
    memcpy(c->buf + c->len, b, n);
    c->len += n;
}

/* Read what is there; false at end of file (or error). */
static bool drain(int fd, capture *c)
{
    char b[4096];
    for (;;) {
        ssize_t k = read(fd, b, sizeof b);
        if (k > 0) {
            capture_add(c, b, (size_t)k);
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        return k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

/* The last few meaningful lines, joined with " | ".  gnuplot echoes the
 * failing command and puts a line with a caret under it; both are dropped,
 * its '"file" line N: message' lines kept.  Control characters become
 * spaces; a cut never splits a UTF-8 character. */
static void summarise(const capture *c, char *out, size_t cap)
{
    enum { MAXL = 3 };
    const char *lines[MAXL];
    size_t lens[MAXL];
    int nl = 0;
    bool skip_above = false;
    size_t end = c->len;
    while (end > 0 && nl < MAXL) {
        size_t start = end;
        while (start > 0 && c->buf[start - 1] != '\n')
            start--;
        const char *l = c->buf + start;
        size_t len = end - start;
        end = start > 0 ? start - 1 : 0;
        while (len > 0 && strchr(" \t\r", l[len - 1]))
            len--;
        size_t lead = 0;
        while (lead < len && (l[lead] == ' ' || l[lead] == '\t'))
            lead++;
        if (lead == len)
            continue; /* blank */
        if (skip_above) {
            skip_above = false;
            continue;
        }
        size_t k = lead;
        while (k < len && strchr("^ \t", l[k]))
            k++;
        if (k == len) { /* a caret line: the echoed command is above it */
            skip_above = true;
            continue;
        }
        lines[nl] = l + lead;
        lens[nl] = len - lead;
        nl++;
    }
    size_t o = 0;
    for (int i = nl - 1; i >= 0; i--) {
        if (o > 0 && o + 4 < cap) {
            memcpy(out + o, " | ", 3);
            o += 3;
        }
        for (size_t k = 0; k < lens[i] && o + 1 < cap; k++) {
            unsigned char ch = (unsigned char)lines[i][k];
            out[o++] = ch < 0x20 || ch == 0x7F ? ' ' : (char)ch;
        }
    }
    if (o + 1 >= cap) /* cut: drop a partial UTF-8 character at the end */
        o = juten_utf8_cut(out, o);
    out[o] = 0;
}

/* Move fd above the standard descriptors, close-on-exec. */
static int high_fd(int fd)
{
    if (fd > 2) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        return fd;
    }
    int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return nfd;
}

/* The child's environment: ours with LC_ALL=C.UTF-8.  The scripts say "set
 * encoding utf8", which gnuplot answers with "iconv failed to convert degree
 * sign" in a locale that is not UTF-8 (LC_ALL=C, a bare server); the texts
 * are data either way and the numbers C's.  NULL: no memory. */
static char **child_environment(void)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) != 0)
            env[k++] = environ[i];
    env[k] = (char *)"LC_ALL=C.UTF-8";
    return env;
}

juten_status juten_plot_run(const char *prog, const char *dir, const char *const *args,
                            double timeout, juten_plot_run_result *r)
{
    memset(r, 0, sizeof *r);
    char *path = resolve(prog);
    if (!path) {
        if (errno == ENOMEM)
            return JUTEN_ERR_NOMEM;
        r->not_found = true;
        return JUTEN_OK;
    }
    size_t na = 0;
    while (args[na])
        na++;
    char **argv = calloc(na + 2, sizeof *argv);
    capture *cap = calloc(1, sizeof *cap);
    char **env = child_environment();
    if (!argv || !cap || !env) {
        free(path);
        free(argv);
        free(cap);
        free(env);
        return JUTEN_ERR_NOMEM;
    }
    argv[0] = (char *)prog;
    for (size_t i = 0; i < na; i++)
        argv[i + 1] = (char *)args[i];

    int fds[2] = {-1, -1};
    if (pipe(fds) != 0 || (fds[0] = high_fd(fds[0])) < 0 || (fds[1] = high_fd(fds[1])) < 0) {
        r->spawn_failed = true;
        r->spawn_errno = errno;
        if (fds[0] >= 0)
            close(fds[0]);
        if (fds[1] >= 0)
            close(fds[1]);
        free(path);
        free(argv);
        free(cap);
        free(env);
        return JUTEN_OK;
    }
    sigset_t none;
    sigemptyset(&none);
    pid_t pid;
    int e;
#ifdef HAVE_ADDCHDIR
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    sigaddset(&def, SIGCHLD);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    e = posix_spawn(&pid, path, &fa, &at, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
#else
    /* no way to set the child's directory through posix_spawn: fork, set
     * up exactly as above, exec; only async-signal-safe calls in the child */
    pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0 ||
            chdir(dir) != 0)
            _exit(127);
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execve(path, argv, env);
        _exit(127);
    }
    e = pid < 0 ? errno : 0;
#endif
    close(fds[1]);
    free(path);
    free(argv);
    free(env);
    if (e != 0) {
        close(fds[0]);
        free(cap);
        /* the program was found above, so even ENOENT here means it could
         * not start (a missing #! interpreter, the directory gone) */
        r->spawn_failed = true;
        r->spawn_errno = e;
        return JUTEN_OK;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    /* in its own process group, a Ctrl-C at the terminal does not reach
     * it: the signal cleanup kills it before removing the scratch files */
    juten_file_track_child(pid);

    double deadline = isinf(timeout) ? INFINITY : juten_clock_monotonic() + timeout;
    bool open_pipe = true;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (juten_clock_monotonic() >= deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            r->timed_out = true;
            break;
        }
        if (open_pipe) {
            struct pollfd p = {fds[0], POLLIN, 0};
            if (poll(&p, 1, 20) > 0)
                open_pipe = drain(fds[0], cap);
        } else {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    juten_file_track_child(0);
    if (open_pipe)
        drain(fds[0], cap); /* what is left; never blocks */
    close(fds[0]);
    if (!r->timed_out) {
        if (WIFEXITED(status))
            r->exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            r->exit_code = 128 + WTERMSIG(status);
        else
            r->exit_code = 255;
    }
    summarise(cap, r->tail, sizeof r->tail);
    free(cap);
    return JUTEN_OK;
}
