/*
 * plotutil.c -- the chart suites' shared helpers (plotutil.h).
 */
#include "plotutil.h"
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

bool tp_have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = strdup(path);
    bool found = false;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char p[4096];
        snprintf(p, sizeof p, "%s/gnuplot", dir);
        found = access(p, X_OK) == 0;
    }
    free(copy);
    return found;
}

const char *tp_subdir(const char *name)
{
    const char *p = tu_path(name);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    return p;
}

char *tp_join(const char *dir, const char *name)
{
    static char ring[16][4096];
    static int i;
    char *p = ring[i++ % 16];
    snprintf(p, 4096, "%s/%s", dir, name);
    return p;
}

bool tp_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int tp_run_tool(const char *const *argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], (char *const *)argv);
        _exit(errno == ENOENT ? 126 : 127);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -2;
    return WEXITSTATUS(status) == 126 ? -1 : WEXITSTATUS(status);
}

char *tp_diag_text(const juten_diags *d)
{
    size_t cap = 1, n = juten_diags_count(d);
    for (size_t i = 0; i < n; i++)
        cap += strlen(juten_diags_get(d, i)->message) + 1;
    char *s = calloc(1, cap);
    for (size_t i = 0; s && i < n; i++) {
        strcat(s, juten_diags_get(d, i)->message);
        strcat(s, "\n");
    }
    return s;
}

void tp_assert_magic(const char *path, juten_plot_terminal t)
{
    size_t len = 0;
    char *data = tu_read(path, &len);
    ck_assert_msg(data != NULL, "no image %s", path);
    ck_assert_msg(len > 0, "empty image %s", path);
    switch (t) {
    case JUTEN_PLOT_PNG:
        ck_assert_msg(len >= 4 && memcmp(data, "\x89PNG", 4) == 0, "not a PNG: %s", path);
        break;
    case JUTEN_PLOT_SVG:
        ck_assert_msg(strstr(data, "<svg") != NULL, "not an SVG: %s", path);
        break;
    case JUTEN_PLOT_PDF:
        ck_assert_msg(len >= 4 && memcmp(data, "%PDF", 4) == 0, "not a PDF: %s", path);
        break;
    }
    free(data);
}
