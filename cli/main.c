/*
 * main.c -- the juten command: a table of subcommands, as git and bpftool
 * do.  `juten help CMD` and `juten CMD --help` print the same text to stdout
 * and exit 0; usage errors go to stderr with exit 64.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <string.h>

const char *juten_gsl_version(void);

static const cli_command commands[] = {
    {"check", cmd_check,
     N_("validate a scenario and list every mistake with file:line:column"), help_check},
    {"solve", cmd_solve,
     N_("choose the best portfolio under the offset rule and policy rules"), help_solve},
    {"export", cmd_export,
     N_("write the integer program as CPLEX-LP or MPS for other solvers"), help_export},
    {"frontier", cmd_frontier,
     N_("the exact trade-off curve of risk reduction against money"), help_frontier},
    {"rank", cmd_rank,
     N_("the priority ranking: when each measure enters as money grows"), help_rank},
    {"explain", cmd_explain,
     N_("why a measure is in or out, and what would flip it"), help_explain},
    {"alternatives", cmd_alternatives, N_("the next-best distinct portfolios"), help_alternatives},
    {"simulate", cmd_simulate,
     N_("Monte Carlo: how likely the offset holds, safe bets, value of information"), help_simulate},
    {"merge", cmd_merge,
     N_("join the partial results of simulate --shard into the whole run's output"), help_merge},
    {"compare", cmd_compare,
     N_("what-if scenarios side by side: figures, differences, changes"), help_compare},
    {"report", cmd_report,
     N_("the meeting's report: one self-contained HTML page with every section"), help_report},
    {"plot", cmd_plot,
     N_("charts with gnuplot: frontier, ranking, allocation, tornado"), help_plot},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void main_help(FILE *f)
{
    fputs(_("Usage: juten COMMAND SCENARIO [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("juten chooses which cybersecurity measures a budget round funds when new\n"
            "spending must be offset by efficiency savings (FY2017 Budget Prioritisation\n"
            "Policy, clause 3), under area shares, tag minimums, ministry ceilings,\n"
            "dependencies and exclusive alternatives, with a GLPK integer program.\n"),
          f);
    fputc('\n', f);
    fputs(_("SCENARIO is a scenario file (INI) naming measures.csv, areas.csv and\n"
            "ministries.csv, or a measures CSV on its own (every area then weighs 1).\n"),
          f);
    fputc('\n', f);
    fputs(_("Commands:\n"), f);
    /* the names are ASCII, so padding them aligns the summaries in any language */
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("  help CMD      show the help of a command (same as juten CMD --help)\n"), f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the versions of juten, GLPK and GSL\n"
            "  --lang ja|en   the language of every text, table and chart (any command;\n"
            "                 default: Japanese when the locale is, e.g. LANG=ja_JP.UTF-8)\n"),
          f);
    fputc('\n', f);
    fputs(_("Example:\n"), f);
    fputs("  juten solve scenarios/fy2017/scenario.ini\n"
          "  juten solve scenarios/fy2017/austerity.ini --format csv -o portfolio.csv\n",
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, NULL);
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    int rc = cli_lang_setup(&argc, argv);
    if (rc)
        return rc;
    if (argc < 2) {
        /* the list from the table, so that it names every command */
        char list[256];
        size_t o = 0;
        for (size_t i = 0; i < NCOMMANDS && o < sizeof list; i++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                                  commands[i].name);
        return cli_usage_error(NULL, _("a command is required (%s)"), list);
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        main_help(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("juten %s\n%s\nGSL %s\n", JUTEN_VERSION, juten_solver_backend_version(),
               juten_gsl_version());
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3) {
            main_help(stdout);
            return 0;
        }
        const cli_command *c = find_command(argv[2]);
        if (!c)
            return cli_usage_error(NULL, _("no such command: '%s'"), argv[2]);
        c->help(stdout);
        return 0;
    }
    const cli_command *c = find_command(cmd);
    if (!c)
        return cli_usage_error(NULL, _("no such command: '%s' (see juten --help)"), cmd);
    /* an interrupted run removes its temporary files (see juten_output.h) */
    juten_file_catch_signals();
    return c->run(argc - 1, argv + 1);
}
