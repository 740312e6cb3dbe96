/*
 * plot_int.h -- what the chart writers share: the job (three files beside
 * one image), data-file fields, and running gnuplot.
 *
 * The rule the whole module keeps: text from the caller is written with
 * juten_plot_dat_str() into the .dat file and nowhere else.  The script
 * (.gp) is built from literal format strings, numbers formatted here, the
 * fixed legend texts, and the two file names, which juten_plot_job_open()
 * has checked to hold no character gnuplot would interpret.
 */
#ifndef JUTEN_PLOT_INT_H
#define JUTEN_PLOT_INT_H

#include <stdio.h>
#include "juten_output.h"
#include "juten_plot.h"

/* One of the two text files, written through the shared output writer as
 * juten's own file: to a temporary name renamed into place (a symbolic link
 * planted under the name is replaced, never followed). */
typedef struct juten_plot_file {
    char *path;     /* target */
    juten_output *out;
    FILE *f;
} juten_plot_file;

typedef struct juten_plot_job {
    const juten_plot_options *o;
    juten_diags *d;
    char *dir;        /* directory of the .dat and .gp ("." when the output has none; the
                         scratch directory when the image goes to a device or FIFO) */
    char *image_base; /* file names as the script names them */
    char *dat_base;
    char *gp_base;
    bool stream;      /* the image target is a device, FIFO or socket: the .dat and .gp
                         live in the scratch directory and are not kept */
    juten_scratch *scratch; /* gnuplot renders the image here */
    juten_plot_file dat, gp;
} juten_plot_job;

/* Check the options, open the .dat and .gp files and write their common
 * head: the text block (block 0: title, x label, y label) and the script's
 * terminal, font, output and the code that loads the texts into
 * juten_title, juten_xlabel, juten_ylabel.  width and height are the image
 * size in pixels (PDF: pixels / 150 = inches).  kind names the chart in the
 * file comments; layout ("# Block 1: ...\n" lines) documents the other
 * blocks at the top of the data file.  The script must load strings with
 * stats before it sets any range (stats honours ranges).  xlabel/ylabel may be NULL.  On failure nothing is left. */
juten_status juten_plot_job_open(juten_plot_job *j, const juten_plot_options *o, const char *kind,
                                 const char *layout, int width, int height, const char *xlabel,
                                 const char *ylabel, juten_diags *d);
/* Commit the .dat and .gp, render the image into the scratch directory and,
 * when gnuplot succeeded, copy it through the shared writer to the output
 * (atomic for a regular file, written through a symlink or device); fill
 * out; frees the job. */
juten_status juten_plot_job_finish(juten_plot_job *j, juten_plot_outcome *out);
/* Remove the temporary files and the scratch directory; frees the job.
 * Safe after a failed open. */
void juten_plot_job_abort(juten_plot_job *j);

/* Data-file fields.  A string is written quoted, as gnuplot's data-file
 * syntax wants, after sanitising: tabs, newlines and other control
 * characters become spaces, '"' becomes "''" (gnuplot has no escape for a
 * quote inside a quoted field), '\' is doubled (gnuplot applies backslash
 * escapes to data strings), invalid UTF-8 bytes become '?'.  NULL or "" is
 * written as an empty field.  max_cols > 0 cuts the text to that many
 * display columns with an ellipsis. */
void juten_plot_dat_str(FILE *f, const char *s, int max_cols);
/* A number in the C locale's syntax whatever the process locale; NAN and
 * infinities as NaN (gnuplot skips the point). */
void juten_plot_dat_num(FILE *f, double v);
/* End a data block of prev_rows rows and start the next (gnuplot's
 * "index").  gnuplot merges runs of blank lines, so an empty block would
 * shift the index of every later one: an empty block gets one "NaN" row,
 * which the script must then not read. */
void juten_plot_dat_block(FILE *f, int prev_rows);

/* v formatted like "%.10g" but always with '.' as decimal point; buf must
 * hold 40 bytes.  For numbers in the script. */
const char *juten_plot_num(char *buf, double v);

/* Display width of s in columns as it will appear after sanitising and
 * cutting to max_cols (East Asian wide characters count 2). */
int juten_plot_text_width(const char *s, int max_cols);

/* Running gnuplot. */
typedef struct juten_plot_run_result {
    bool not_found;     /* the program is not in PATH (or the path does not exist) */
    bool spawn_failed;  /* it exists but could not be started: spawn_errno */
    int spawn_errno;
    bool timed_out;     /* killed after the time limit */
    int exit_code;      /* exit status, or 128 + signal number */
    char tail[1024];    /* the last lines it printed, on one line ("" if none) */
} juten_plot_run_result;

/* Run prog (a name searched in PATH, or a path) with the given arguments
 * (NULL-terminated, without argv[0]) in directory dir, stdin from
 * /dev/null, stdout and stderr captured; kill it after timeout seconds.
 * Returns JUTEN_ERR_NOMEM or JUTEN_OK; what happened is in r. */
juten_status juten_plot_run(const char *prog, const char *dir, const char *const *args,
                            double timeout, juten_plot_run_result *r);

/* Pieces every chart writer shares (charts.c). */
/* Nothing rendered yet in *out (may be NULL); false, with the sentence in
 * d, when fn was given no options. */
bool juten_plot_begin(const juten_plot_options *o, juten_plot_outcome *out, juten_diags *d,
                      const char *fn);
/* The sentence in d; returns JUTEN_ERR_USAGE. */
juten_status juten_plot_bad_args(juten_diags *d, const char *what);
/* "label (currency)", or label alone; caller frees; NULL: no memory. */
char *juten_plot_with_unit(const char *label, const char *currency);
/* The palette as gnuplot line types 1..10. */
void juten_plot_write_palette(FILE *gp);
/* Left margin (character widths) for tick labels w display columns wide. */
int juten_plot_margin_for(int w);
/* Image height for n rows of bars. */
int juten_plot_rows_height(int n);
/* End the script and juten_plot_job_finish. */
juten_status juten_plot_finish(juten_plot_job *j, juten_plot_outcome *out);

#endif
