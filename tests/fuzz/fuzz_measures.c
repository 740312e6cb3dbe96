/*
 * fuzz_measures.c -- libFuzzer harness for the measures CSV: each input is
 * written as a file and loaded through juten_model_load, as `juten check
 * measures.csv` would (a CSV given alone, every area weighted 1).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write("measures.csv", data, size);
    fz_load_and_check(fz_path("measures.csv"));
    return 0;
}
