/*
 * cli.h -- what the juten command's files share: exit codes, the command
 * table, option helpers and diagnostics printing.  No algorithm lives in the
 * command line layer: each cmd_*.c parses options, calls the library, and
 * prints.
 */
#ifndef JUTEN_CLI_H
#define JUTEN_CLI_H

#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include "juten_model.h"
#include "juten_report.h"
#include "juten_solver.h"

/* Exit codes (sysexits.h values), documented in --help (per command, see
 * exitcodes.c) and the README. */
enum {
    EXIT_PORTFOLIO = 0,     /* a portfolio was found */
    EXIT_NO_PORTFOLIO = 1,  /* no feasible portfolio (not check, export: exitcodes.c) */
    EXIT_USAGE = 64,
    EXIT_DATAERR = 65,
    EXIT_NOINPUT = 66,
    EXIT_SOFTWARE = 70,
    EXIT_CANTCREAT = 73,
    EXIT_IOERR = 74
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    void (*help)(FILE *f);
} cli_command;

int cmd_check(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_frontier(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_alternatives(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
void help_simulate(FILE *f);
int cmd_merge(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
void help_report(FILE *f);
void help_compare(FILE *f);
void help_merge(FILE *f);
void help_plot(FILE *f);
void help_check(FILE *f);
void help_solve(FILE *f);
void help_export(FILE *f);
void help_frontier(FILE *f);
void help_rank(FILE *f);
void help_explain(FILE *f);
void help_alternatives(FILE *f);

/* Options every solving command shares: output and the base parameters. */
typedef struct cli_common {
    juten_solve_options so;
    juten_format fmt;
    const char *out_path;
    bool time_limit_given; /* --time-limit was on the command line */
    bool fmt_given;        /* --format was on the command line */
} cli_common;

/* After the options: -o FILE.xlsx without --format picks xlsx, with
 * another --format is a usage error; xlsx to a terminal is refused (use
 * -o).  0, or the exit code of the usage error (printed).  Done by
 * cli_parse_options for every command but plot. */
int cli_format_check(const char *cmd, cli_common *c);

/* Every option juten knows, by its code: the getopt_long `val` the option
 * handlers switch on, and the index of its row (long name, value or not)
 * in the one table of options.c.  A short option's code is its letter; the
 * long-only ones follow from CLI_OPT_FIRST_LONG, past every letter, so no two
 * options share a code.  The help texts stay with each command's --help. */
typedef enum cli_opt {
    CLI_OPT_END = 0, /* ends a command's list of accepted options */
    CLI_OPT_HELP = 'h',
    CLI_OPT_K = 'k',
    CLI_OPT_OUTPUT = 'o',
    CLI_OPT_FIRST_LONG = 256,
    CLI_OPT_FORMAT = CLI_OPT_FIRST_LONG,
    CLI_OPT_TIME_LIMIT,
    CLI_OPT_NODE_LIMIT,
    CLI_OPT_GAP,
    CLI_OPT_HEADROOM,
    CLI_OPT_SAVINGS_RATE,
    CLI_OPT_NO_HEURISTIC,
    CLI_OPT_QUIET,
    CLI_OPT_NO_PRICES,
    CLI_OPT_PLOT,
    CLI_OPT_TOLERANCE,
    CLI_OPT_PARAMETER,
    CLI_OPT_MAX_POINTS,
    CLI_OPT_FROM,
    CLI_OPT_TO,
    CLI_OPT_NESTED,
    CLI_OPT_POINTS,
    CLI_OPT_EXACT,
    CLI_OPT_WITHIN,
    CLI_OPT_DIFFER_BY,
    CLI_OPT_WITHOUT,
    CLI_OPT_TERMINAL,
    CLI_OPT_ROWS,
    CLI_OPT_LP,
    CLI_OPT_MPS,
    CLI_OPT_PORTFOLIO,
    CLI_OPT_REOPTIMISE,
    CLI_OPT_DRAWS,
    CLI_OPT_SEED,
    CLI_OPT_JOBS,
    CLI_OPT_TIMING,
    CLI_OPT_SHARD,
    CLI_OPT_MPI,
    CLI_OPT_SCENARIO,
    CLI_OPT_CONFIDENCE,
    CLI_OPT_SAMPLES,
    CLI_OPT_OBJECTIVE,
    CLI_OPT_ROBUST,
    CLI_OPT_VALIDATE,
    CLI_OPT_EXPLAIN,
    CLI_OPT_NO_CONFIDENCE,
    CLI_OPT_LAST /* one past the last code: the size of the table */
} cli_opt;

/* The options of every solving command (handled by cli_common_option);
 * -h, --help first.  A command's list: {CLI_COMMON_OPTS, ..., CLI_OPT_END}. */
#define CLI_COMMON_OPTS                                                         \
    CLI_OPT_HELP, CLI_OPT_FORMAT, CLI_OPT_OUTPUT, CLI_OPT_TIME_LIMIT, CLI_OPT_NODE_LIMIT, \
        CLI_OPT_GAP, CLI_OPT_HEADROOM, CLI_OPT_SAVINGS_RATE, CLI_OPT_NO_HEURISTIC, CLI_OPT_QUIET
/* Print the help of CLI_COMMON_OPTS, one option a line or two, in the
 * planner's language (exitcodes.c): each command's --help calls it where its
 * options list them, so the text is one translation, not one per command. */
void cli_common_help(FILE *f);

/* getopt_long's arguments for a list of accepted codes (options.c). */
#define CLI_MAX_OPTIONS 32
typedef struct cli_options {
    struct option longopts[CLI_MAX_OPTIONS + 1];
    char shortopts[2 * CLI_MAX_OPTIONS + 2];
} cli_options;
/* false: a code not in the table, or too many (a mistake in juten itself) */
bool cli_options_build(const int *accepted, cli_options *out);

void cli_common_init(cli_common *c);
/* Handle one option of CLI_COMMON_OPTS: 0 handled, -1 not a common
 * option, otherwise the exit code of a usage error (already printed). */
int cli_common_option(const char *cmd, int code, const char *arg, cli_common *c);

/* Write a result with `write` into the output chosen by c (atomically);
 * prints diagnostics; returns a library status. */
typedef juten_status (*cli_writer)(FILE *f, void *ctx, juten_diags *d);
juten_status cli_write_output(const cli_common *c, cli_writer write, void *ctx, juten_diags *d);

/* The option loop of every command: `accepted` lists the codes the
 * command takes, ended by CLI_OPT_END (getopt_long's tables are built from
 * options.c); --help prints help and returns 0; common options go to cc
 * (NULL: the command has none); the command's own options go to extra
 * (returning 0 handled, -1 unknown, or an exit code).  Returns -1 when
 * parsing went through (optind then points at the operands), otherwise the
 * exit code to return. */
typedef int (*cli_extra_option)(const char *cmd, int code, const char *arg, void *ctx);
int cli_parse_options(const char *cmd, int argc, char **argv, const int *accepted,
                      cli_common *cc, void (*help)(FILE *), cli_extra_option extra, void *ctx);

/* On a large round with no gap, say that exact breakpoints take long and
 * how to sample instead (frontier, rank, plot). */
void cli_frontier_notice(const char *cmd, const juten_model *m, const juten_solve_options *so);
/* --parameter, --max-points, --from, --to: shared by frontier, rank and
 * plot; 0 handled, -1 not one of them, otherwise a usage error's code. */
int cli_frontier_option(const char *cmd, int code, const char *arg, juten_frontier_options *fo);

/* --plot FILE: chart options from the file's extension and the model. */
#include "juten_plot.h"
void cli_plot_options(juten_plot_options *po, const juten_model *m, const char *path);
/* Tell the planner where the chart went, or why it was not rendered. */
juten_status cli_plot_finish(juten_status st, const juten_plot_outcome *oc, const char *path);

/* The simulation's charts (simplot.c).  The options of simulate that plot
 * takes too, parsed alike: 0 handled, -1 not one of them, otherwise a
 * usage error's code. */
typedef struct cli_sim_args {
    const char *portfolio;
    bool reoptimise;
    long draws;       /* 0: the scenario's */
    bool seed_set;
    unsigned long long seed;
    int jobs;
} cli_sim_args;
int cli_sim_option(const char *cmd, int code, const char *arg, cli_sim_args *a);
/* The portfolio of a simulation for command cmd: --portfolio ids or a solve
 * CSV/JSON file, else the optimum at the most likely values; *source says
 * which, for the report.  0, an exit code (the reason printed), or
 * -1 - status (the reason in d). */
int cli_sim_portfolio(const char *cmd, const juten_model *m, const cli_sim_args *a,
                      const cli_common *cc, unsigned char *x, const char **source,
                      juten_diags *d);
/* The simulation of portfolio x as `juten simulate` runs it: a's draws,
 * seed and jobs, the solving options of cc for the draws when reoptimise
 * (no clock unless --time-limit was given), progress on a terminal.  What
 * it made is in *out (cli_sim_outcome_free), also after a failure. */
struct juten_sampler;
struct juten_rules;
typedef struct cli_sim_outcome {
    struct juten_sampler *sampler;
    struct juten_rules *rules;
    struct juten_sim_records *rec;
    struct juten_sim_summary *sum;
} cli_sim_outcome;
juten_status cli_sim_fixed(const juten_model *m, const cli_common *cc, const cli_sim_args *a,
                           bool reoptimise, const unsigned char *x, cli_sim_outcome *out,
                           juten_diags *d);
void cli_sim_outcome_free(cli_sim_outcome *o);
/* `juten plot SCENARIO simulation|selection|drivers`: simulate as `juten
 * simulate` does (selection: with reoptimisation) and draw the chart with
 * po (rows: drivers shown).  Returns 0 with the library's status in
 * *status, or an exit code already explained on stderr (no portfolio). */
int cli_plot_simulation_kind(const char *kind, const juten_model *m, cli_common *cc,
                             const cli_sim_args *a,
                             const juten_plot_options *po, int rows, juten_plot_outcome *oc,
                             juten_status *status, juten_diags *d);
/* `juten simulate --plot FILE` (path NULL: nothing): the net balance chart
 * of portfolio x, then cli_plot_finish. */
struct juten_sim_summary;
struct juten_sim_records;
juten_status cli_simulate_plot(const char *path, const juten_model *m, const unsigned char *x,
                               const struct juten_sim_summary *s,
                               const struct juten_sim_records *rec, juten_diags *d);

/* The progress line on stderr (a terminal only; cli_common_init installs
 * it, --quiet removes it): the stage, done/total, seconds so far, redrawn
 * in place at most five times a second.  cli_progress_clear wipes it before
 * anything else is written. */
void cli_progress(void *ctx, const char *stage, long done, long total);
void cli_progress_clear(void);

/* Exit code for a library status. */
int cli_exit_code(juten_status st);
/* Print every diagnostic to stderr ("file:line:col: error: ..."), then a
 * line on errors not shown because of the cap. */
void cli_print_diags(const juten_diags *d);
/* "juten CMD: message" on stderr, then a hint to --help; returns 64. */
/* Take `--lang ja|en` out of argv (anywhere before `--`), choose the
 * language (that, else the locale's), and bind the catalogues; 0, or the
 * exit code of a usage error (printed).  See lang.c. */
int cli_lang_setup(int *argc, char **argv);

int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Strict number option: the whole string, finite. */
bool cli_parse_double(const char *s, double *out);
/* Load a model, printing diagnostics; returns 0 or an exit code. */
int cli_load(const char *path, juten_model **m, bool quiet_ok);
/* The one SCENARIO operand left after the options (optind): 0, or the exit
 * code of a usage error naming what is missing or extra. */
int cli_one_scenario(const char *cmd, int argc);
/* cli_one_scenario, then cli_load of that operand. */
int cli_load_one(const char *cmd, int argc, char **argv, juten_model **m);
/* --plot FILE into *plot and --no-prices into *prices (either NULL: the
 * command does not take it), taken alike by solve, explain, frontier and
 * rank: 0 handled, -1 not one of them. */
int cli_output_option(int code, const char *arg, const char **plot, bool *prices);

/* "Exit codes:" and the codes command cmd can return (exitcodes.c); cmd
 * NULL: every code, for the overview. */
void cli_exit_codes_print(FILE *f, const char *cmd);

/* --headroom and --savings-rate, range-checked like the loader's inputs
 * (|headroom| <= 1e12, the savings rate in [0, 1]): 0, or the exit code of
 * a usage error (already printed). */
int cli_parse_headroom(const char *cmd, const char *arg, double *out);
int cli_parse_savings_rate(const char *cmd, const char *arg, double *out);


#endif
