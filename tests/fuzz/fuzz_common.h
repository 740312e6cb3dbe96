/*
 * fuzz_common.h -- what the two libFuzzer harnesses share: a private
 * directory on a tmpfs for the input file (the loader reads files by path),
 * and the checks every load must pass whatever the input.
 */
#ifndef JUTEN_FUZZ_COMMON_H
#define JUTEN_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The harness's directory, made on first use (under /dev/shm when it
 * exists, else $TMPDIR or /tmp) and removed at exit with what is in it. */
const char *fz_dir(void);
/* dir/name, in a static buffer. */
const char *fz_path(const char *name);
/* Write bytes to dir/name; aborts on failure (the harness, not the input). */
void fz_write(const char *name, const uint8_t *data, size_t size);
/* Copy a file of the source tree (relative to JUTEN_SOURCE_DIR) into dir. */
void fz_copy_source(const char *rel, const char *name);
/* Load path through juten_model_load and check the loader's promises:
 * a model exactly when JUTEN_OK, an error diagnostic on every failure,
 * every diagnostic a formatted sentence, views of the model readable. */
void fz_load_and_check(const char *path);

#endif
