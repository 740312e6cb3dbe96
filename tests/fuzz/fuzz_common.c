/*
 * fuzz_common.c -- the harnesses' temporary directory and the checks made on
 * every load.  A failed check calls abort(), which libFuzzer reports as a
 * crash with the input that caused it.
 */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "juten_model.h"

static char dir[256];

static void remove_dir(void)
{
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlink(fz_path(e->d_name));
        closedir(dp);
    }
    rmdir(dir);
}

const char *fz_dir(void)
{
    if (dir[0])
        return dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/juten-fuzz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        abort();
    }
    atexit(remove_dir);
    return dir;
}

const char *fz_path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", fz_dir(), name);
    return p;
}

void fz_write(const char *name, const uint8_t *data, size_t size)
{
    FILE *f = fopen(fz_path(name), "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(name);
        abort();
    }
}

void fz_copy_source(const char *rel, const char *name)
{
    char src[1024];
    snprintf(src, sizeof src, "%s/%s", JUTEN_SOURCE_DIR, rel);
    FILE *f = fopen(src, "rb");
    if (!f) {
        perror(src);
        abort();
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fz_write(name, buf, n);
}

void fz_load_and_check(const char *path)
{
    juten_diags *d = juten_diags_create(0);
    juten_model *m = NULL;
    juten_status st = juten_model_load(path, &m, d);
    if ((st == JUTEN_OK) != (m != NULL))
        abort(); /* a model exactly when the load succeeded */
    if (st != JUTEN_OK && st != JUTEN_ERR_NOMEM && juten_diags_errors(d) == 0)
        abort(); /* every failure says why */
    for (size_t i = 0; i < juten_diags_count(d); i++) {
        const juten_diag *e = juten_diags_get(d, i);
        if (!e->message || !e->message[0])
            abort();
        char *text = juten_diag_format(e);
        if (!text)
            abort();
        free(text);
    }
    if (m) {
        int n = juten_model_measure_count(m);
        if (n < 0 || juten_model_area_count(m) < 0 || juten_model_ministry_count(m) < 0)
            abort();
        (void)juten_model_name(m);
        (void)juten_model_currency(m);
        for (int i = 0; i < n; i++) {
            const char *id = juten_model_measure_id(m, i);
            if (!id || juten_model_find_measure(m, id) < 0)
                abort();
        }
    }
    juten_model_free(m);
    juten_diags_free(d);
}
