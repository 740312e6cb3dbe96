/*
 * testutil.c -- temporary files and child processes for the test suites.
 * Tests run the installed binary exactly as a planner would, so these helpers
 * fork/exec it directly (no shell) and capture both streams.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[4096];
static char ring[64][4096];
static int ring_i;

const char *tu_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/juten-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return tmpdir;
}

void tu_cleanup(void)
{
    if (tmpdir[0]) {
        pid_t pid = fork();
        if (pid == 0) {
            execlp("rm", "rm", "-rf", "--", tmpdir, (char *)NULL);
            _exit(127);
        }
        if (pid > 0)
            waitpid(pid, NULL, 0);
        tmpdir[0] = 0;
    }
}

/* dir/name into the next ring slot; aborts (a test bug) when too long. */
static const char *join(const char *dir, const char *name)
{
    char *p = ring[ring_i++ % 64];
    size_t a = strlen(dir), b = strlen(name);
    if (a + b + 2 > sizeof ring[0]) {
        fprintf(stderr, "testutil: path too long: %s/%s\n", dir, name);
        abort();
    }
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

const char *tu_path(const char *name) { return join(tu_tmpdir(), name); }

const char *tu_src(const char *rel) { return join(JUTEN_SOURCE_DIR, rel); }

const char *tu_write(const char *name, const char *data, size_t len)
{
    const char *p = tu_path(name);
    if (len == (size_t)-1)
        len = strlen(data);
    /* make parent directories for names like "sub/x.csv" */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", p);
    for (char *s = dir + strlen(tu_tmpdir()) + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(dir, 0777);
            *s = '/';
        }
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(p);
        abort();
    }
    return p;
}

char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

static char *slurp_fd(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

tu_run_result tu_juten(const char *cwd, const char *env_path, const char *const *args)
{
    tu_run_result r = {0};
    /* Capture through files, not pipes, so a large stdout cannot deadlock
     * against an unread stderr. */
    char outp[4200], errp[4200];
    snprintf(outp, sizeof outp, "%s/.run-out", tu_tmpdir());
    snprintf(errp, sizeof errp, "%s/.run-err", tu_tmpdir());
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || in < 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        dup2(in, 0);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        if (env_path)
            setenv("PATH", env_path, 1);
        size_t n = 0;
        while (args[n])
            n++;
        const char **argv = calloc(n + 2, sizeof *argv);
        argv[0] = JUTEN_BINARY;
        for (size_t i = 0; i < n; i++)
            argv[i + 1] = args[i];
        execv(JUTEN_BINARY, (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    int fo = open(outp, O_RDONLY), fe = open(errp, O_RDONLY);
    r.out = slurp_fd(fo, &r.out_len);
    r.err = slurp_fd(fe, &r.err_len);
    close(fo);
    close(fe);
    return r;
}

void tu_run_free(tu_run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int tu_run_suite(Suite *s)
{
    tu_tmpdir(); /* shared by the forked tests, removed below */
    /* the suites expect English texts whatever the developer's locale (C.UTF-8:
     * English, and gnuplot can still read the scripts' UTF-8); a
     * test of Japanese output passes --lang ja or sets LANG itself */
    setenv("LC_ALL", "C.UTF-8", 1);
    unsetenv("LANG");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_cleanup();
    return failed ? 1 : 0;
}
