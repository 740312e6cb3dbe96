/*
 * plotutil.h -- what the chart suites (test_plots, test_simplots) share:
 * whether gnuplot is there, scratch paths, running the viewers (rsvg-convert,
 * pdftoppm) quietly, and checking an image file's kind.
 */
#ifndef JUTEN_PLOTUTIL_H
#define JUTEN_PLOTUTIL_H

#include <stdbool.h>
#include <stdio.h>
#include "juten_error.h"
#include "juten_plot.h"

/* gnuplot on PATH. */
bool tp_have_gnuplot(void);
/* In a test returning void: skip it, saying why, when gnuplot is missing. */
#define TP_SKIP_WITHOUT_GNUPLOT()                                                            \
    do {                                                                                     \
        if (!tp_have_gnuplot()) {                                                            \
            fprintf(stderr, "%s: skipped: gnuplot is not installed (apt-get install "        \
                            "gnuplot-nox)\n", __func__);                                     \
            return;                                                                          \
        }                                                                                    \
    } while (0)
/* A fresh directory for one test: tmpdir/name. */
const char *tp_subdir(const char *name);
/* dir/name in a rotating buffer: valid for the next 15 calls only. */
char *tp_join(const char *dir, const char *name);
bool tp_exists(const char *path);
/* Run argv quietly: its exit status, -1 when the program is missing, -2
 * when it did not exit normally. */
int tp_run_tool(const char *const *argv);
/* All diagnostics, one per line (caller frees). */
char *tp_diag_text(const juten_diags *d);
/* The file is a non-empty image of kind t (PNG, SVG or PDF magic). */
void tp_assert_magic(const char *path, juten_plot_terminal t);

#endif
