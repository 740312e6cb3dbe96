/*
 * exitcodes.c -- which exit codes each command can return, for its --help
 * and the overview.  One table, so a command's help never lists a code it
 * cannot return (check and export never return 1: they solve nothing;
 * check writes no file, so never 73 or 74).  Kept in step with the README's
 * "Exit codes" table.  Also the help of the options every solving command
 * shares (cli_common_help), the other text all the --help pages have.
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
    {EXIT_USAGE, N_("usage error (unknown option, missing, malformed or out-of-range value)")},
    {EXIT_DATAERR, N_("bad input data (every error listed with file:line:column, up to 50)")},
    {EXIT_NOINPUT, N_("an input file is missing or unreadable")},
    {EXIT_SOFTWARE, N_("internal error or solver fault")},
    {EXIT_CANTCREAT, N_("an output file cannot be created")},
    {EXIT_IOERR, N_("input/output error while writing")},
};

typedef struct command_codes {
    const char *cmd;
    const char *ok;         /* meaning of 0 */
    const char *none;       /* meaning of 1, NULL: never returned */
    bool writes;            /* may return 73 and 74 */
} command_codes;

static const command_codes table[] = {
    {"check", N_("the files are valid"), NULL, false},
    {"solve", N_("a portfolio was found"),
     N_("no feasible portfolio exists, or none was found within the time limit (the output and "
        "stderr say why)"), true},
    {"export", N_("the model was written"), NULL, true},
    {"frontier", N_("the curve was computed"),
     N_("no portfolio satisfies the rules anywhere in the range"), true},
    {"rank", N_("the ranking was computed"),
     N_("no portfolio satisfies the rules at any headroom"), true},
    {"explain", N_("the measures were explained"), N_("no portfolio satisfies the rules"), true},
    {"alternatives", N_("at least one portfolio was found"),
     N_("no portfolio satisfies the rules"), true},
    {"simulate", N_("the simulation ran (whatever the probabilities)"),
     N_("no portfolio to simulate: the round has none at its most likely values"), true},
    {"merge", N_("the parts were merged and the output written"), NULL, true},
    {"compare", N_("every scenario was solved (whatever its status)"), NULL, true},
    {"report", N_("the report was written"),
     N_("the report was written, but no portfolio satisfies the rules (the page says why)"),
     true},
    {"plot", N_("the chart was written (or its files, without gnuplot)"),
     N_("nothing to draw: no portfolio satisfies the rules"), true},
};

void cli_exit_codes_print(FILE *f, const char *cmd)
{
    const command_codes *c = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (cmd && !strcmp(table[i].cmd, cmd))
            c = &table[i];
    fputs(_("Exit codes:\n"), f);
    /* the code is ASCII, so its padding is the same in every language */
    if (c) {
        fprintf(f, "  %-3d %s\n", EXIT_PORTFOLIO, _(c->ok));
        if (c->none)
            fprintf(f, "  %-3d %s\n", EXIT_NO_PORTFOLIO, _(c->none));
    } else {
        fprintf(f, "  %-3d %s\n", EXIT_PORTFOLIO,
                _("success (a portfolio was found, the check passed, the file was written)"));
        /* TRANSLATORS: the second line is indented by 6 spaces, under the text
         * of the first (after "  1   ") */
        fprintf(f, "  %-3d %s\n", EXIT_NO_PORTFOLIO,
                _("no feasible portfolio, or none found in time (solve, frontier, rank,\n"
                  "      explain, alternatives, plot; not check or export)"));
    }
    for (size_t i = 0; i < sizeof common_rows / sizeof common_rows[0]; i++) {
        int code = common_rows[i].code;
        if (c && !c->writes && (code == EXIT_CANTCREAT || code == EXIT_IOERR))
            continue;
        fprintf(f, "  %-3d %s\n", code, _(common_rows[i].meaning));
    }
}

void cli_common_help(FILE *f)
{
    /* TRANSLATORS: the options every solving command shares, in its --help
     * after "Options:"; keep the option names and the column of the texts */
    fputs(_("  --format FORMAT      table (default), csv (UTF-8 with BOM, for Excel), json or\n"
            "                       xlsx (Excel workbook; -o FILE.xlsx alone picks it)\n"
            "  -o, --output FILE    write there instead of standard output (replaced\n"
            "                       atomically; devices and symlinks are written through)\n"
            "  --time-limit SEC     time limit of the whole command, all its solves together\n"
            "                       (default 60); what is not done by then is reported so\n"
            "  --node-limit N       stop each solve's search after N branch-and-bound nodes\n"
            "                       (default: none); unlike the clock, the same on every\n"
            "                       machine\n"
            "  --gap REL            relative gap at which a solve may stop (default 0)\n"
            "  --headroom X         override the scenario's headroom (-1e12 to 1e12)\n"
            "  --savings-rate R     override the fraction of listed savings realised\n"
            "                       (0 to 1)\n"
            "  --no-heuristic       do not use juten's incumbent heuristic (GLPK alone)\n"
            "  --quiet              no progress line on stderr (shown only on a terminal)\n"
            "  -h, --help           show this help\n"),
          f);
}
