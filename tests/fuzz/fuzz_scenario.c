/*
 * fuzz_scenario.c -- libFuzzer harness for the scenario INI: each input is
 * written as fuzz.ini beside copies of the bundled FY2017 files, so that its
 * measures/areas/ministries/base keys can name real files, and loaded
 * through juten_model_load.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        static const char *const files[] = {"measures.csv", "areas.csv", "ministries.csv",
                                            "scenario.ini"};
        for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
            char rel[128];
            snprintf(rel, sizeof rel, "scenarios/fy2017/%s", files[i]);
            fz_copy_source(rel, files[i]);
        }
        ready = true;
    }
    fz_write("fuzz.ini", data, size);
    fz_load_and_check(fz_path("fuzz.ini"));
    return 0;
}
