/*
 * cli.h -- what the juten command's files share: exit codes, the command
 * table, option helpers and diagnostics printing.  No algorithm lives in the
 * command line layer: each cmd_*.c parses options, calls the library, and
 * prints.
 */
#ifndef JUTEN_CLI_H
#define JUTEN_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "juten_model.h"
#include "juten_report.h"
#include "juten_solver.h"

/* Exit codes (sysexits.h values), documented in --help and the README. */
enum {
    EXIT_PORTFOLIO = 0,     /* a portfolio was found */
    EXIT_NO_PORTFOLIO = 1,  /* no feasible portfolio; explanation on stderr */
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
void help_check(FILE *f);
void help_solve(FILE *f);
void help_export(FILE *f);

/* Exit code for a library status. */
int cli_exit_code(juten_status st);
/* Print every diagnostic to stderr ("file:line:col: error: ..."), then a
 * line on errors not shown because of the cap. */
void cli_print_diags(const juten_diags *d);
/* "juten CMD: message" on stderr, then a hint to --help; returns 64. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Strict number option: the whole string, finite. */
bool cli_parse_double(const char *s, double *out);
/* Load a model, printing diagnostics; returns 0 or an exit code. */
int cli_load(const char *path, juten_model **m, bool quiet_ok);

extern const char cli_exit_codes_help[];

#endif
