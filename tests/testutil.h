/*
 * testutil.h -- helpers shared by the Check suites: temporary directories and
 * files, and running the real juten binary with captured output.
 */
#ifndef JUTEN_TESTUTIL_H
#define JUTEN_TESTUTIL_H

#include <check.h>
#include <stddef.h>

/* A fresh directory under $TMPDIR (or /tmp); the path is static storage
 * owned by the helper and removed (recursively) by tu_cleanup(). */
const char *tu_tmpdir(void);
void tu_cleanup(void);

/* Write len bytes (len == (size_t)-1: strlen) to dir/name; returns the full
 * path in a static rotating buffer (valid for the next 64 calls of tu_path, tu_src or tu_write). */
const char *tu_write(const char *name, const char *data, size_t len);
/* Path of dir/name without writing. */
const char *tu_path(const char *name);

/* Read a whole file (NUL-terminated; *len may be NULL).  Caller frees. */
char *tu_read(const char *path, size_t *len);

typedef struct tu_run_result {
    int status;     /* exit code, or 128+signal */
    char *out;      /* captured stdout (NUL-terminated) */
    size_t out_len;
    char *err;      /* captured stderr */
    size_t err_len;
} tu_run_result;

/* Run the juten binary with the given arguments (NULL-terminated), in
 * directory cwd (NULL: current); env_path (NULL: inherit) replaces PATH. */
tu_run_result tu_juten(const char *cwd, const char *env_path, const char *const *args);
void tu_run_free(tu_run_result *r);

/* Path of a file in the source tree, e.g. tu_src("scenarios/fy2017/scenario.ini"). */
const char *tu_src(const char *rel);

/* A suite's main: run s (with the temporary directory made first, so the
 * forked tests share it), remove the directory; the exit status (0: all
 * passed). */
int tu_run_suite(Suite *s);

#endif
