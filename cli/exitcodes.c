/*
 * exitcodes.c -- which exit codes each command can return, for its --help
 * and the overview.  One table, so a command's help never lists a code it
 * cannot return (check and export never return 1: they solve nothing;
 * check writes no file, so never 73 or 74).  Kept in step with the README's
 * "Exit codes" table.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <string.h>

typedef struct exit_code_row {
    int code;
    const char *meaning;
} exit_code_row;

/* The meaning of 0 and 1 depends on the command; the others do not. */
static const exit_code_row common_rows[] = {
    {EXIT_USAGE, "usage error (unknown option, missing, malformed or out-of-range value)"},
    {EXIT_DATAERR, "bad input data (every error listed with file:line:column, up to 50)"},
    {EXIT_NOINPUT, "an input file is missing or unreadable"},
    {EXIT_SOFTWARE, "internal error or solver fault"},
    {EXIT_CANTCREAT, "an output file cannot be created"},
    {EXIT_IOERR, "input/output error while writing"},
};

typedef struct command_codes {
    const char *cmd;
    const char *ok;         /* meaning of 0 */
    const char *none;       /* meaning of 1, NULL: never returned */
    bool writes;            /* may return 73 and 74 */
} command_codes;

static const command_codes table[] = {
    {"check", "the files are valid", NULL, false},
    {"solve", "a portfolio was found",
     "no feasible portfolio exists, or none was found within the time limit (the output and "
     "stderr say why)", true},
    {"export", "the model was written", NULL, true},
    {"frontier", "the curve was computed",
     "no portfolio satisfies the rules anywhere in the range", true},
    {"rank", "the ranking was computed", "no portfolio satisfies the rules at any headroom",
     true},
    {"explain", "the measures were explained", "no portfolio satisfies the rules", true},
    {"alternatives", "at least one portfolio was found", "no portfolio satisfies the rules",
     true},
    {"simulate", "the simulation ran (whatever the probabilities)",
     "no portfolio to simulate: the round has none at its most likely values", true},
    {"merge", "the parts were merged and the output written", NULL, true},
    {"compare", "every scenario was solved (whatever its status)", NULL, true},
    {"report", "the report was written",
     "the report was written, but no portfolio satisfies the rules (the page says why)", true},
    {"plot", "the chart was written (or its files, without gnuplot)",
     "nothing to draw: no portfolio satisfies the rules", true},
};

void cli_exit_codes_print(FILE *f, const char *cmd)
{
    const command_codes *c = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (cmd && !strcmp(table[i].cmd, cmd))
            c = &table[i];
    fprintf(f, "Exit codes:\n");
    if (c) {
        fprintf(f, "  %-3d %s\n", EXIT_PORTFOLIO, c->ok);
        if (c->none)
            fprintf(f, "  %-3d %s\n", EXIT_NO_PORTFOLIO, c->none);
    } else {
        fprintf(f, "  %-3d success (a portfolio was found, the check passed, the file was "
                   "written)\n",
                EXIT_PORTFOLIO);
        fprintf(f, "  %-3d no feasible portfolio, or none found in time (solve, frontier, "
                   "rank,\n      explain, alternatives, plot; not check or export)\n",
                EXIT_NO_PORTFOLIO);
    }
    for (size_t i = 0; i < sizeof common_rows / sizeof common_rows[0]; i++) {
        int code = common_rows[i].code;
        if (c && !c->writes && (code == EXIT_CANTCREAT || code == EXIT_IOERR))
            continue;
        fprintf(f, "  %-3d %s\n", code, common_rows[i].meaning);
    }
}
