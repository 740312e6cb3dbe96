/*
 * cmd_alternatives.c -- `juten alternatives`: the next-best distinct
 * portfolios, for a meeting that wants choices, not one answer.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>

void help_alternatives(FILE *f)
{
    fprintf(f,
            "Usage: juten alternatives SCENARIO [-k K] [--within PCT] [OPTIONS]\n"
            "\n"
            "The K best distinct portfolios, best first (each later one excluded by a\n"
            "no-good cut and the program re-solved), or with --within every portfolio\n"
            "worth at least (100 - PCT) %% of the optimum (at most K, default 1000 then),\n"
            "with the measures each adds and removes against the best.\n"
            "\n"
            "Options:\n"
            "  -k K                 how many portfolios (default 3)\n"
            "  --within PCT         all portfolios within PCT %% of the optimum\n" CLI_COMMON_HELP
            "\n");
    cli_exit_codes_print(f, "alternatives");
}

typedef struct alt_ctx {
    const juten_model *m;
    const juten_portfolio *p;
    int n;
    juten_format fmt;
} alt_ctx;

static juten_status write_alt(FILE *f, void *vctx, juten_diags *d)
{
    alt_ctx *c = vctx;
    return juten_report_alternatives(f, c->fmt, c->m, c->p, c->n, d);
}

typedef struct alt_args {
    int k;
    double within;
} alt_args;

static int alt_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    alt_args *a = ctx;
    double v;
    if (code == CLI_OPT_K) {
        if (!cli_parse_double(arg, &v) || v < 1 || v > 100000 || v != (int)v)
            return cli_usage_error(cmd, "-k needs a whole number from 1, not '%s'", arg);
        a->k = (int)v;
        return 0;
    }
    if (code == CLI_OPT_WITHIN) {
        if (!cli_parse_double(arg, &v) || v < 0 || v > 100)
            return cli_usage_error(cmd, "--within needs a percentage from 0 to 100, not '%s'",
                                   arg);
        a->within = v / 100.0;
        return 0;
    }
    return -1;
}

int cmd_alternatives(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_K, CLI_OPT_WITHIN, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    alt_args aa = {0, NAN};
    int rc = cli_parse_options("alternatives", argc, argv, accepted, &cc,
                               help_alternatives, alt_extra, &aa);
    if (rc >= 0)
        return rc;
    int k = aa.k;
    double within = aa.within;
    juten_model *m = NULL;
    if ((rc = cli_load_one("alternatives", argc, argv, &m)) != 0)
        return rc;
    if (k == 0)
        k = isnan(within) ? 3 : 1000;
    juten_diags *d = juten_diags_create(0);
    juten_portfolios *p = NULL;
    juten_status st = d ? juten_alternatives(m, &cc.so, k, within, &p, d) : JUTEN_ERR_NOMEM;
    int n = st == JUTEN_OK ? p->n : 0;
    if (st == JUTEN_OK) {
        alt_ctx ctx = {m, p->items, n, cc.fmt};
        st = cli_write_output(&cc, write_alt, &ctx, d);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (st == JUTEN_OK && n == 0) {
        fprintf(stderr, "juten: no portfolio satisfies every rule; `juten solve` explains why\n");
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_portfolios_free(p);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
