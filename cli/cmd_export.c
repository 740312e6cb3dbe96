/*
 * cmd_export.c -- `juten export`: the integer program as CPLEX-LP or MPS,
 * so that any other solver (glpsol, cbc, HiGHS) can re-solve and audit it.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void help_export(FILE *f)
{
    fputs(_("Usage: juten export SCENARIO (--lp FILE | --mps FILE) [OPTIONS]\n"), f);
    fputc('\n', f);
    fputs(_("Writes the integer program juten solves, with readable row names such as\n"
            "offset, area_min_share(society), ceiling(MIC) and requires(M12/M03) and one\n"
            "binary x(ID) per measure, in CPLEX-LP or free MPS format. The objective is\n"
            "maximised in the LP file; MPS cannot state a direction, so the MPS file\n"
            "minimises the negated objective (its optimum is minus juten's value).\n"
            "Re-solve it with, for example:\n"
            "  glpsol --lp model.lp -o solution.txt\n"
            "  cbc model.lp solve\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  --lp FILE          write CPLEX-LP format\n"
            "  --mps FILE         write free MPS format\n"
            "  --headroom X       override the scenario's headroom (-1e12 to 1e12)\n"
            "  --savings-rate R   override the fraction of listed savings realised (0 to 1)\n"
            "  -h, --help         show this help\n"),
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "export");
}

typedef struct export_args {
    juten_solve_options so;
    const char *lp, *mps;
} export_args;

static int export_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    export_args *a = ctx;
    switch (code) {
    case CLI_OPT_LP:
        a->lp = arg;
        return 0;
    case CLI_OPT_MPS:
        a->mps = arg;
        return 0;
    case CLI_OPT_HEADROOM:
        return cli_parse_headroom(cmd, arg, &a->so.headroom);
    case CLI_OPT_SAVINGS_RATE:
        return cli_parse_savings_rate(cmd, arg, &a->so.savings_rate);
    }
    return -1;
}

int cmd_export(int argc, char **argv)
{
    /* only the options that change the program written: no solve runs */
    static const int accepted[] = {CLI_OPT_HELP, CLI_OPT_LP, CLI_OPT_MPS, CLI_OPT_HEADROOM,
                                   CLI_OPT_SAVINGS_RATE, CLI_OPT_END};
    export_args ea = {.lp = NULL, .mps = NULL};
    juten_solve_options_init(&ea.so);
    int rc = cli_parse_options("export", argc, argv, accepted, NULL, help_export, export_extra,
                               &ea);
    if (rc >= 0)
        return rc;
    juten_solve_options so = ea.so;
    const char *lp = ea.lp, *mps = ea.mps;
    if ((rc = cli_one_scenario("export", argc)) != 0)
        return rc;
    if (!lp == !mps)
        return cli_usage_error("export", _("give exactly one of --lp FILE or --mps FILE"));
    juten_model *m = NULL;
    rc = cli_load(argv[optind], &m, true);
    if (rc)
        return rc;
    juten_diags *d = juten_diags_create(0);
    juten_solver *s = NULL;
    juten_output *out = NULL;
    juten_scratch *scr = NULL;
    juten_status st = d ? juten_solver_create(m, &s, d) : JUTEN_ERR_NOMEM;
    /* GLPK writes by name: into a private scratch file, then copied through
     * the one output writer (atomic, or written through a device/symlink),
     * so a write error on the target is a write error (74). */
    if (st == JUTEN_OK)
        st = juten_output_open(lp ? lp : mps, &out, d);
    if (st == JUTEN_OK)
        st = juten_scratch_create(&scr, d);
    const char *tmp = NULL;
    if (st == JUTEN_OK && !(tmp = juten_file_scratch_path(scr, lp ? "model.lp" : "model.mps")))
        st = JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_solver_export(s, &so, lp ? JUTEN_EXPORT_LP : JUTEN_EXPORT_MPS, tmp, d);
    if (st == JUTEN_OK)
        st = juten_output_copy_from(out, tmp, d);
    if (st == JUTEN_OK)
        st = juten_output_commit(out, d);
    else
        juten_file_close(out);
    juten_file_scratch_remove(scr);
    cli_print_diags(d);
    rc = cli_exit_code(st);
    juten_solver_free(s);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
