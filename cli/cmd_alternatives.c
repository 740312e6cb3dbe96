/*
 * cmd_alternatives.c -- `juten alternatives`: the next-best portfolios worth
 * discussing (each differing from the others in several measures), and the
 * best portfolio without chosen measures, each against the optimum, for a
 * meeting that wants choices, not one answer.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void help_alternatives(FILE *f)
{
    fputs(_("Usage: juten alternatives SCENARIO [-k K] [--differ-by N] [--within PCT]\n"
            "                          [--without ID[,ID...]] [OPTIONS]\n"),
          f);
    fputc('\n', f);
    fprintf(f, _("The K best portfolios, best first, each differing from the optimum and from\n"
               "every earlier one in at least N measures (funded in one and not the other;\n"
               "each later one excluded by a cut and the program re-solved), or with --within\n"
               "every such portfolio worth at least (100 - PCT) %% of the optimum (at most K,\n"
               "default 1000 then).  Each is shown against the optimum: the measures it adds\n"
               "and removes (ids, then names), and its value, spending and net cost changes.\n"
               "With --without, the best portfolio leaving those measures out (K of them with\n"
               "-k), against the optimum with nothing left out; when no portfolio can leave\n"
               "them out (a measure is mandatory, funded by [force] include, or required by\n"
               "one that is), it says why and exits 1.\n"));
    fputc('\n', f);
    fprintf(f, _("Options:\n"
               "  -k K                 how many portfolios (default 3; 1 with --without)\n"
               "  --differ-by N        each differs from the others in at least N measures\n"
               "                       (default 3; 1: merely distinct; at most the number\n"
               "                       of measures)\n"
               "  --within PCT         all portfolios within PCT %% of the optimum\n"
               "  --without ID[,ID...] the best portfolio without these measures\n"));
    cli_common_help(f);
    fputc('\n', f);
    cli_exit_codes_print(f, "alternatives");
}

typedef struct alt_ctx {
    const juten_model *m;
    const juten_portfolios *set;
    juten_format fmt;
} alt_ctx;

static juten_status write_alt(FILE *f, void *vctx, juten_diags *d)
{
    alt_ctx *c = vctx;
    return juten_report_alternatives(f, c->fmt, c->m, c->set, d);
}

typedef struct alt_args {
    int k;
    double within;
    double differ_by; /* NAN: the default; checked against the round once loaded */
    const char *without;
} alt_args;

static int alt_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    alt_args *a = ctx;
    double v;
    if (code == CLI_OPT_K) {
        if (!cli_parse_double(arg, &v) || v < 1 || v > 100000 || v != (int)v)
            return cli_usage_error(cmd, _("-k needs a whole number from 1, not '%s'"), arg);
        a->k = (int)v;
        return 0;
    }
    if (code == CLI_OPT_WITHIN) {
        if (!cli_parse_double(arg, &v) || v < 0 || v > 100)
            return cli_usage_error(cmd, _("--within needs a percentage from 0 to 100, not '%s'"),
                                   arg);
        a->within = v / 100.0;
        return 0;
    }
    if (code == CLI_OPT_DIFFER_BY) {
        if (!cli_parse_double(arg, &v) || v < 1 || v > 1e6 || v != (int)v)
            return cli_usage_error(
                cmd, "--differ-by needs a whole number of measures from 1, not '%s'", arg);
        a->differ_by = v;
        return 0;
    }
    if (code == CLI_OPT_WITHOUT) {
        if (!*arg)
            return cli_usage_error(cmd, _("--without needs measure ids, e.g. M51 or M51,M07"));
        a->without = arg;
        return 0;
    }
    return -1;
}

/* The ids of --without into indices; 0, or the exit code (65: no such
 * measure, as `explain` says for an unknown id). */
static int parse_without(const juten_model *m, const char *list, const char *path, int **out,
                         int *n)
{
    *out = NULL;
    *n = 0;
    if (!list)
        return 0;
    int *ids = malloc((strlen(list) + 1) * sizeof *ids);
    char *copy = strdup(list);
    if (!ids || !copy) {
        free(ids);
        free(copy);
        fputs(_("juten alternatives: out of memory\n"), stderr);
        return EXIT_SOFTWARE;
    }
    int k = 0;
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        int j = juten_model_find_measure(m, t);
        if (j < 0) {
            fprintf(stderr, _("juten alternatives: --without: no measure with id '%s' in %s\n"), t,
                    path);
            free(ids);
            free(copy);
            return EXIT_DATAERR;
        }
        bool seen = false;
        for (int q = 0; q < k; q++)
            seen |= ids[q] == j;
        if (!seen)
            ids[k++] = j;
    }
    free(copy);
    if (k == 0) {
        free(ids);
        return cli_usage_error("alternatives", _("--without needs measure ids, e.g. M51 or M51,M07"));
    }
    *out = ids;
    *n = k;
    return 0;
}

int cmd_alternatives(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_K,         CLI_OPT_WITHIN,
                                   CLI_OPT_DIFFER_BY, CLI_OPT_WITHOUT, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    alt_args aa = {0, NAN, NAN, NULL};
    int rc = cli_parse_options("alternatives", argc, argv, accepted, &cc,
                               help_alternatives, alt_extra, &aa);
    if (rc >= 0)
        return rc;
    juten_alternatives_options ao;
    juten_alternatives_options_init(&ao);
    ao.within = aa.within;
    juten_model *m = NULL;
    if ((rc = cli_load_one("alternatives", argc, argv, &m)) != 0)
        return rc;
    int nm = juten_model_measure_count(m);
    if (!isnan(aa.differ_by)) {
        if (aa.differ_by > nm) {
            juten_model_free(m);
            return cli_usage_error("alternatives",
                                   _("--differ-by can be at most the round's %d measures, not %g"),
                                   nm, aa.differ_by);
        }
        ao.differ_by = (int)aa.differ_by;
    } else if (ao.differ_by > nm) {
        ao.differ_by = nm > 0 ? nm : 1; /* a tiny round: as different as it can be */
    }
    int *wo = NULL, nwo = 0;
    if ((rc = parse_without(m, aa.without, argv[optind], &wo, &nwo)) != 0) {
        juten_model_free(m);
        return rc;
    }
    ao.without = wo;
    ao.n_without = nwo;
    ao.k = aa.k ? aa.k : !isnan(aa.within) ? 1000 : nwo ? 1 : 3;
    juten_diags *d = juten_diags_create(0);
    juten_portfolios *p = NULL;
    juten_status st = d ? juten_alternatives(m, &cc.so, &ao, &p, d) : JUTEN_ERR_NOMEM;
    int n = st == JUTEN_OK ? p->n : 0;
    if (st == JUTEN_OK) {
        alt_ctx ctx = {m, p, cc.fmt};
        st = cli_write_output(&cc, write_alt, &ctx, d);
    }
    cli_print_diags(d);
    rc = cli_exit_code(st);
    if (st == JUTEN_OK && n == 0) {
        if (nwo && p->reference.selected)
            fprintf(stderr, "juten: %s\n",
                    p->reason ? p->reason : _("no portfolio leaves those measures out"));
        else
            fputs(_("juten: no portfolio satisfies every rule; `juten solve` explains "
                            "why\n"), stderr);
        rc = EXIT_NO_PORTFOLIO;
    }
    juten_portfolios_free(p);
    free(wo);
    juten_diags_free(d);
    juten_model_free(m);
    return rc;
}
