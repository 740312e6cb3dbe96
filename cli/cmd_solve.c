/*
 * cmd_solve.c -- `juten solve`: the recommended portfolio as a table, CSV or
 * JSON; when none exists, why.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void help_solve(FILE *f)
{
    fprintf(f,
            "Usage: juten solve SCENARIO [OPTIONS]\n"
            "\n"
            "Chooses the funding portfolio with the greatest weighted risk reduction such\n"
            "that new spending is covered by realised savings plus the headroom (the\n"
            "offset rule), and every area share, tag minimum, ministry ceiling,\n"
            "dependency, exclusive group, mandatory and forced decision holds. The\n"
            "answer is proven optimal unless the status says otherwise. When no\n"
            "portfolio exists, the reasons are printed on stderr and the exit code is 1.\n"
            "\n"
            "Options:\n"
            "  --format FORMAT      table (default), csv (UTF-8 with BOM, for Excel) or json\n"
            "  -o, --output FILE    write there instead of standard output (replaced\n"
            "                       atomically; devices and symlinks are written through)\n"
            "  --time-limit SEC     stop the search after SEC seconds (default 60) and\n"
            "                       report the best portfolio found with its gap\n"
            "  --gap REL            stop when within REL of the best bound (default 0:\n"
            "                       prove optimality)\n"
            "  --headroom X         override the scenario's headroom (allowed net increase)\n"
            "  --savings-rate R     override the fraction of listed savings realised\n"
            "  --no-heuristic       do not use juten's incumbent heuristic (GLPK alone)\n"
            "  -h, --help           show this help\n"
            "\n%s",
            cli_exit_codes_help);
}

int cmd_solve(int argc, char **argv)
{
    enum { O_FORMAT = 256, O_TIME, O_GAP, O_HEAD, O_RATE, O_NOHEUR };
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, O_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"time-limit", required_argument, NULL, O_TIME},
        {"gap", required_argument, NULL, O_GAP},
        {"headroom", required_argument, NULL, O_HEAD},
        {"savings-rate", required_argument, NULL, O_RATE},
        {"no-heuristic", no_argument, NULL, O_NOHEUR},
        {0, 0, 0, 0}};
    juten_solve_options so;
    juten_solve_options_init(&so);
    juten_format fmt = JUTEN_FORMAT_TABLE;
    const char *out_path = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        double v;
        switch (c) {
        case 'h':
            help_solve(stdout);
            return 0;
        case 'o':
            out_path = optarg;
            break;
        case O_FORMAT:
            if (!juten_format_parse(optarg, &fmt))
                return cli_usage_error("solve", "--format must be table, csv or json, not '%s'",
                                       optarg);
            break;
        case O_TIME:
            if (!cli_parse_double(optarg, &v) || v <= 0)
                return cli_usage_error("solve", "--time-limit needs a number of seconds > 0, "
                                                "not '%s'", optarg);
            so.time_limit = v;
            break;
        case O_GAP:
            if (!cli_parse_double(optarg, &v) || v < 0 || v >= 1)
                return cli_usage_error("solve", "--gap needs a relative gap in [0, 1), such "
                                                "as 0.001, not '%s'", optarg);
            so.mip_gap = v;
            break;
        case O_HEAD:
            if (!cli_parse_double(optarg, &v))
                return cli_usage_error("solve", "--headroom needs a number, not '%s'", optarg);
            so.headroom = v;
            break;
        case O_RATE:
            if (!cli_parse_double(optarg, &v) || v < 0)
                return cli_usage_error("solve", "--savings-rate needs a number >= 0 such as "
                                                "0.7, not '%s'", optarg);
            so.savings_rate = v;
            break;
        case O_NOHEUR:
            so.heuristic = false;
            break;
        case ':':
            return cli_usage_error("solve", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("solve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("solve", optind >= argc ? "a SCENARIO file is required"
                                                       : "exactly one SCENARIO file is expected");
    juten_model *m = NULL;
    int rc = cli_load(argv[optind], &m, true);
    if (rc)
        return rc;
    juten_diags *d = juten_diags_create(0);
    juten_result *r = NULL;
    juten_status st = d ? juten_solve(m, &so, &r, d) : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK) {
        juten_output *out = NULL;
        st = juten_output_open(out_path, &out, d);
        if (st == JUTEN_OK) {
            st = juten_report_solution(juten_output_file(out), fmt, m, r, d);
            if (st == JUTEN_OK)
                st = juten_output_commit(out, d);
            else
                juten_output_abort(out);
        }
    }
    cli_print_diags(d);
    if (st != JUTEN_OK) {
        if (st == JUTEN_ERR_NOMEM && juten_diags_count(d) == 0)
            fprintf(stderr, "juten: out of memory\n");
        rc = cli_exit_code(st);
    } else {
        juten_outcome oc = juten_result_outcome(r);
        if (oc == JUTEN_INFEASIBLE) {
            fprintf(stderr, "juten: no portfolio satisfies every rule of %s:\n", argv[optind]);
            for (int i = 0; i < juten_result_explanation_count(r); i++)
                fprintf(stderr, "  - %s\n", juten_result_explanation(r, i));
            rc = EXIT_NO_PORTFOLIO;
        } else if (oc == JUTEN_NO_SOLUTION) {
            fprintf(stderr, "juten: no portfolio was found within the time limit of %g s, and "
                            "none was proven impossible; raise --time-limit\n", so.time_limit);
            rc = EXIT_NO_PORTFOLIO;
        } else {
            rc = EXIT_PORTFOLIO;
        }
    }
    juten_result_free(r);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
