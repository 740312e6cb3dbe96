/*
 * cmd_check.c -- `juten check`: load and validate a scenario, list every
 * mistake, and summarise what was read.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <getopt.h>
#include <string.h>

void help_check(FILE *f)
{
    fputs(_("Usage: juten check SCENARIO\n"), f);
    fputc('\n', f);
    fputs(_("Reads the scenario file and the CSV files it names (or a measures CSV on its\n"
            "own) and lists every problem found, each with file:line:column, the offending\n"
            "value and what was expected (at most 50 errors are listed). CSV files may be\n"
            "UTF-8 (with or without BOM), CP932/Shift_JIS as Japanese Excel saves them, or\n"
            "UTF-16 with BOM (also Excel's tab-separated \"Unicode text\"); conversions are\n"
            "reported as notices. Unknown columns close to a known one are errors (\"did you\n"
            "mean\"); other unknown columns are listed once as ignored.\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  -h, --help  show this help\n"),
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "check");
}

int cmd_check(int argc, char **argv)
{
    static const int accepted[] = {CLI_OPT_HELP, CLI_OPT_END};
    int rc = cli_parse_options("check", argc, argv, accepted, NULL, help_check, NULL, NULL);
    if (rc >= 0)
        return rc;
    if ((rc = cli_one_scenario("check", argc)) != 0)
        return rc;
    const char *path = argv[optind];
    juten_model *m = NULL;
    rc = cli_load(path, &m, true);
    if (rc)
        return rc;
    printf(_("%s: OK: %d measures, %d areas, %d ministries\n"), path, juten_model_measure_count(m),
           juten_model_area_count(m), juten_model_ministry_count(m));
    juten_model_free(m);
    return 0;
}
