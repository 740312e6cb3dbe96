/*
 * cmd_report.c -- `juten report SCENARIO|SET.ini -o report.html`: every
 * analysis a decision meeting needs, computed as the other commands compute
 * it (solve, rule prices, rank, explain, alternatives, simulate, solve
 * --confidence, compare), drawn with the same charts in SVG, and written as
 * one self-contained HTML page by report/html.c.
 *
 * The charts are drawn into a private scratch directory and read back
 * into the page; nothing of them is left behind.  Without gnuplot the page
 * is still written, without charts, and the command says so.
 */
#include "cli.h"
#include "juten_comparison.h"
#include "juten_confidence.h"
#include "juten_figures.h"
#include "juten_file.h"
#include "juten_i18n.h"
#include "juten_report_html.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *juten_gsl_version(void);

void help_report(FILE *f)
{
    fputs(_("Usage: juten report SCENARIO -o report.html [OPTIONS]\n"
            "       juten report SET.ini -o report.html [OPTIONS]\n"),
          f);
    fputc('\n', f);
    fputs(_("Writes the decision meeting's report: one self-contained HTML page (inline\n"
            "style sheet, charts as inline SVG, no script, nothing fetched from any file\n"
            "or address) that prints cleanly on A4, one section per page. Sections: the\n"
            "decision in a few sentences; the portfolio; spending by area and ministry\n"
            "against the rules; what one more unit of savings or headroom would buy;\n"
            "the priority ranking; the trade-off curve with the scenario's budget; the\n"
            "measures closest to flipping (and those given with --explain), explained;\n"
            "alternatives that differ in at least 3 measures; the price of each rule;\n"
            "when the scenario declares [uncertainty], the simulation of the portfolio\n"
            "and the price of confidence; for a comparison file (a [compare] section,\n"
            "e.g. scenarios/fy2017/meeting.ini), the scenarios side by side, the first\n"
            "one reported in full; and a decision record (command line, sha256 of every\n"
            "input file, versions, seed and draws) to reproduce every number.\n"
            "The same inputs give the same bytes. Texts follow --lang.\n"),
          f);
    fputc('\n', f);
    fputs(_("Options:\n"
            "  -o, --output FILE    the page (replaced atomically; a device, FIFO or symlink\n"
            "                       is written through); required on a terminal\n"
            "  --explain ID,...     also explain these measures\n"
            "  --confidence P       the confidence level of the uncertainty section\n"
            "                       (default 0.95)\n"
            "  --no-confidence      leave out the chance-constrained portfolio and the\n"
            "                       price of confidence (the slowest part: several solves)\n"
            "  --no-prices          leave out the rule prices\n"
            "  --draws N, --seed S  the simulation's draws and seed (default: the\n"
            "                       scenario's [uncertainty])\n"
            "  --jobs T             simulation threads (default: the cores present); the\n"
            "                       page does not depend on it\n"
            "  --time-limit SEC     time limit of each solve (default 60)\n"
            "  --node-limit N, --gap G, --headroom X, --savings-rate R, --no-heuristic,\n"
            "  --quiet              as for juten solve\n"),
          f);
    fputc('\n', f);
    fputs(_("Example:\n"), f);
    /* commands: the same in every language */
    fputs("  juten report scenarios/fy2017/meeting.ini -o report.html\n"
          "  juten --lang ja report scenarios/fy2017/scenario.ini -o report-ja.html\n",
          f);
    fputc('\n', f);
    cli_exit_codes_print(f, "report");
}

typedef struct report_args {
    const char *explain;
    bool prices, confidence;
    double level;
    cli_sim_args sim;
} report_args;

static int report_extra(const char *cmd, int code, const char *arg, void *ctx)
{
    report_args *a = ctx;
    double v;
    switch (code) {
    case CLI_OPT_EXPLAIN:
        a->explain = arg;
        return 0;
    case CLI_OPT_NO_CONFIDENCE:
        a->confidence = false;
        return 0;
    case CLI_OPT_CONFIDENCE:
        if (!cli_parse_double(arg, &v) || !(v > 0 && v < 1))
            return cli_usage_error(cmd, _("--confidence needs a probability strictly between 0 "
                                          "and 1, e.g. 0.95, not '%s'"),
                                   arg);
        a->level = v;
        return 0;
    case CLI_OPT_FORMAT:
        return cli_usage_error(cmd, _("report writes an HTML page: leave out --format"));
    case CLI_OPT_NO_PRICES:
        a->prices = false;
        return 0;
    }
    return cli_sim_option(cmd, code, arg, &a->sim);
}

/* The command line as typed, quoted for a POSIX shell where needed. */
static char *command_line(int argc, char **argv)
{
    size_t cap = 16;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 3;
    char *s = malloc(cap), *o = s;
    if (!s)
        return NULL;
    /* the language is part of what reproduces the same bytes */
    o += sprintf(o, "juten --lang %s", juten_i18n_language());
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool plain = *a != '\0';
        for (const char *p = a; *p; p++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "-_./=,:+@%", *p) && (unsigned char)*p < 0x80)
                plain = false;
        *o++ = ' ';
        if (plain) {
            o += sprintf(o, "%s", a);
            continue;
        }
        *o++ = '\'';
        for (const char *p = a; *p; p++) {
            if (*p == '\'')
                o += sprintf(o, "'\\''");
            else
                *o++ = *p;
        }
        *o++ = '\'';
    }
    *o = '\0';
    return s;
}

static bool show_progress; /* stderr is a terminal and --quiet not given */

static void progress_stage(const char *stage)
{
    if (show_progress)
        cli_progress(NULL, stage, -1, -1);
}

/* Everything the page shows, owned here. */
typedef struct report_run {
    juten_result *r, *more;
    juten_prices *prices;
    juten_frontier *fr;
    juten_ranking *rk;
    juten_explanations *ex;
    juten_portfolios *alt;
    cli_sim_outcome sim; /* the simulation of the optimum */
    juten_confidence *conf;
    juten_comparison *cmp;
    int *asked;
    int n_asked;
    unsigned char *x;
    char *chart[JUTEN_HTML_NCHARTS];
} report_run;

static void run_free(report_run *w)
{
    juten_result_free(w->r);
    juten_result_free(w->more);
    juten_prices_free(w->prices);
    juten_frontier_free(w->fr);
    juten_ranking_free(w->rk);
    juten_explanations_free(w->ex);
    juten_portfolios_free(w->alt);
    cli_sim_outcome_free(&w->sim);
    juten_confidence_free(w->conf);
    juten_comparison_free(w->cmp);
    free(w->asked);
    free(w->x);
    for (int c = 0; c < JUTEN_HTML_NCHARTS; c++)
        free(w->chart[c]);
}

/* --explain ID,...: indices, each id checked */
static juten_status parse_explain(const juten_model *m, const char *list, report_run *w,
                                  juten_diags *d)
{
    int n = juten_model_measure_count(m);
    unsigned char *x = calloc((size_t)n + 1, 1);
    w->asked = malloc(((size_t)n + 1) * sizeof *w->asked);
    if (!x || !w->asked) {
        free(x);
        return JUTEN_ERR_NOMEM;
    }
    juten_status st = juten_model_portfolio_ids(m, list, x, d);
    for (int i = 0; st == JUTEN_OK && i < n; i++)
        if (x[i])
            w->asked[w->n_asked++] = i;
    free(x);
    return st;
}

static bool have_portfolio(const juten_result *r)
{
    juten_outcome o = juten_result_outcome(r);
    return o == JUTEN_OPTIMAL || o == JUTEN_FEASIBLE;
}

/* The analyses of the round, in the order of the page. */
static juten_status analyse(const juten_model *m, cli_common *cc, const report_args *ra,
                            report_run *w, juten_diags *d)
{
    juten_solve_options so = cc->so;
    int n = juten_model_measure_count(m);
    progress_stage(_("solving"));
    juten_status st = juten_solve(m, &so, &w->r, d);
    if (st != JUTEN_OK || !have_portfolio(w->r))
        return st;
    if (ra->prices) {
        progress_stage(_("pricing the rules"));
        if ((st = juten_rule_prices_of(m, &so, w->r, &w->prices, d)) != JUTEN_OK)
            return st;
    }
    juten_solve_options quick = so;
    quick.explain = false;
    quick.headroom = juten_result_headroom(w->r) + 1;
    quick.savings_rate = juten_result_savings_rate(w->r);
    progress_stage(_("solving with one more unit of money"));
    if ((st = juten_solve(m, &quick, &w->more, d)) != JUTEN_OK)
        return st;
    progress_stage(_("ranking"));
    juten_frontier_options fo;
    juten_frontier_options_init(&fo);
    quick = so;
    quick.explain = false;
    if ((st = juten_rank_frontier(m, &quick, &fo, 100, &w->fr, d)) != JUTEN_OK)
        return st;
    if (w->fr->n_points > 0 &&
        (st = juten_rank_compute(m, w->fr, so.headroom, &w->rk, d)) != JUTEN_OK)
        return st;
    progress_stage(_("explaining every decision"));
    int *ids = malloc(((size_t)n + 1) * sizeof *ids);
    if (!ids)
        return JUTEN_ERR_NOMEM;
    for (int j = 0; j < n; j++)
        ids[j] = j;
    st = juten_explain(m, &so, ids, n, 1e-3, &w->ex, d);
    free(ids);
    if (st != JUTEN_OK)
        return st;
    progress_stage(_("looking for alternatives"));
    juten_alternatives_options ao;
    juten_alternatives_options_init(&ao);
    if ((st = juten_alternatives(m, &quick, &ao, &w->alt, d)) != JUTEN_OK)
        return st;
    if (!(w->x = calloc((size_t)n + 1, 1)))
        return JUTEN_ERR_NOMEM;
    for (int i = 0; i < n; i++)
        w->x[i] = juten_result_selected(w->r, i) ? 1 : 0;
    if (!juten_model_uncertainty(m)->declared)
        return JUTEN_OK;
    if ((st = cli_sim_fixed(m, cc, &ra->sim, false, w->x, &w->sim, d)) != JUTEN_OK)
        return st;
    if (ra->confidence) {
        progress_stage(_("solving for confidence and its price"));
        juten_confidence_options co;
        juten_confidence_options_init(&co);
        co.solve = so;
        co.solve.progress = NULL;
        if (!cc->time_limit_given) /* as solve --confidence: the node budget only */
            co.solve.time_limit = 0;
        co.target = ra->level;
        co.price = true;
        co.seed_given = ra->sim.seed_set;
        co.seed = ra->sim.seed;
        if ((st = juten_confidence_solve(m, &co, &w->conf, d)) != JUTEN_OK)
            return st;
    }
    return JUTEN_OK;
}

/* ---- charts drawn in scratch directories, read back as text ---- */

/* One chart, drawn by gnuplot in a scratch directory of its own (base's
 * juten_file_scratch: private, and removed with its files if a signal
 * stops the command), and returned as the SVG's text; NULL when it was not
 * drawn (the first reason said on stderr, once: *warned). */
static char *draw_one(const juten_model *m, const report_run *w, juten_html_chart which,
                      bool *warned, juten_diags *d)
{
    juten_file_error fe;
    juten_file_scratch *sc = NULL;
    if (juten_file_scratch_create(&sc, &fe) != JUTEN_FILE_OK) {
        if (!*warned) {
            cli_progress_clear();
            fprintf(stderr, _("juten report: warning: no scratch directory for the charts (%s): "
                              "they are left out\n"),
                    strerror(fe.err));
        }
        *warned = true;
        return NULL;
    }
    const char *svg = juten_file_scratch_path(sc, "chart.svg");
    bool named = svg && juten_file_scratch_path(sc, "chart.dat") &&
                 juten_file_scratch_path(sc, "chart.gp");
    juten_plot_options po;
    juten_plot_outcome oc;
    juten_status st = named ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK) {
        cli_plot_options(&po, m, svg);
        po.terminal = JUTEN_PLOT_SVG;
        switch (which) {
        case JUTEN_HTML_FRONTIER:
            po.budget = juten_result_headroom(w->r);
            st = juten_figure_frontier(&po, m, w->fr, &oc, d);
            break;
        case JUTEN_HTML_RANKING: st = juten_figure_ranking(&po, m, w->rk, &oc, d); break;
        case JUTEN_HTML_ALLOCATION: st = juten_figure_allocation(&po, m, w->r, &oc, d); break;
        case JUTEN_HTML_TORNADO:
            st = juten_figure_tornado(&po, m, w->ex->items, w->ex->n, 20, &oc, d);
            break;
        case JUTEN_HTML_SIMULATION:
            st = juten_figure_simulation(&po, m, w->x, w->sim.sum, w->sim.rec, &oc, d);
            break;
        case JUTEN_HTML_CONFIDENCE: st = juten_figure_confidence(&po, m, w->conf, &oc, d); break;
        case JUTEN_HTML_COMPARE:
            po.title = _("Scenarios compared: value and spending by area");
            st = juten_figure_compare(&po, w->cmp, &oc, d);
            break;
        default: st = JUTEN_ERR_INTERNAL;
        }
    }
    char *text = NULL;
    if (st == JUTEN_OK && oc.rendered) {
        size_t len = 0;
        if (juten_model_read_text(svg, &text, &len, d) != JUTEN_OK) {
            free(text);
            text = NULL;
        }
    } else if (st == JUTEN_OK && !*warned) {
        cli_progress_clear();
        fprintf(stderr, _("juten report: warning: the charts are left out: %s\n"), oc.message);
        *warned = true;
    }
    juten_file_scratch_remove(sc);
    return text;
}

static void draw_charts(const juten_model *m, report_run *w, juten_diags *d)
{
    progress_stage(_("drawing the charts"));
    bool warned = false, have[JUTEN_HTML_NCHARTS];
    have[JUTEN_HTML_FRONTIER] = w->fr && w->fr->n_points > 0;
    have[JUTEN_HTML_RANKING] = w->rk != NULL;
    have[JUTEN_HTML_ALLOCATION] = true;
    have[JUTEN_HTML_TORNADO] = w->ex && w->ex->n > 0;
    have[JUTEN_HTML_SIMULATION] = w->sim.sum != NULL;
    have[JUTEN_HTML_CONFIDENCE] = w->conf && w->conf->n_price > 0;
    have[JUTEN_HTML_COMPARE] = w->cmp != NULL;
    for (int c = 0; c < JUTEN_HTML_NCHARTS; c++)
        if (have[c])
            w->chart[c] = draw_one(m, w, (juten_html_chart)c, &warned, d);
}

typedef struct write_ctx {
    const juten_meeting *mt;
} write_ctx;

static juten_status write_page(FILE *f, void *vctx, juten_diags *d)
{
    write_ctx *w = vctx;
    return juten_report_html(f, w->mt, d);
}

int cmd_report(int argc, char **argv)
{
    static const int accepted[] = {CLI_COMMON_OPTS, CLI_OPT_EXPLAIN, CLI_OPT_CONFIDENCE,
                                   CLI_OPT_NO_CONFIDENCE, CLI_OPT_NO_PRICES, CLI_OPT_DRAWS,
                                   CLI_OPT_SEED, CLI_OPT_JOBS, CLI_OPT_END};
    cli_common cc;
    cli_common_init(&cc);
    /* as typed: getopt_long reorders argv */
    char *cmdline = command_line(argc, argv);
    report_args ra;
    memset(&ra, 0, sizeof ra);
    ra.prices = true;
    ra.confidence = true;
    ra.level = 0.95;
    int rc = cli_parse_options("report", argc, argv, accepted, &cc, help_report, report_extra,
                               &ra);
    if (rc < 0 && !cmdline)
        rc = EXIT_SOFTWARE;
    if (rc >= 0) {
        free(cmdline);
        return rc;
    }
    /* each analysis has its own limits here: one deadline for the whole
     * page would leave its last sections to chance */
    cc.so.deadline = 0;
    show_progress = cc.so.progress != NULL;
    bool to_stdout = !cc.out_path || !strcmp(cc.out_path, "-");
    if ((rc = cli_one_scenario("report", argc)) == 0 && to_stdout && isatty(STDOUT_FILENO))
        rc = cli_usage_error("report", _("the report is an HTML page, not for a terminal: "
                                         "write it with -o report.html"));
    if (rc) {
        free(cmdline);
        return rc;
    }
    const char *operand = argv[optind];
    juten_diags *d = juten_diags_create(0);
    if (!d) {
        free(cmdline);
        return EXIT_SOFTWARE;
    }
    juten_comparison_set *set = NULL;
    juten_status st = juten_comparison_load(operand, &set, d);
    cli_print_diags(d);
    if (st != JUTEN_OK) {
        juten_diags_free(d);
        free(cmdline);
        return cli_exit_code(st);
    }
    int n_models = set->is_set ? set->n : 1;
    const char *const *files = set->is_set ? (const char *const *)set->paths : &operand;
    juten_model *models[JUTEN_COMPARE_MAX] = {0};
    rc = 0;
    for (int k = 0; k < n_models && !rc; k++)
        rc = cli_load(files[k], &models[k], true);
    report_run w;
    memset(&w, 0, sizeof w);
    juten_meeting mt;
    juten_meeting_init(&mt);
    if (!rc) {
        juten_diags_free(d);
        d = juten_diags_create(0);
        st = d ? JUTEN_OK : JUTEN_ERR_NOMEM;
        const juten_model *m = models[0];
        if (st == JUTEN_OK && ra.explain)
            st = parse_explain(m, ra.explain, &w, d);
        if (st == JUTEN_OK)
            st = analyse(m, &cc, &ra, &w, d);
        if (st == JUTEN_OK && set->is_set) {
            progress_stage(_("comparing the scenarios"));
            juten_compare_options co;
            juten_compare_options_init(&co);
            co.solve = cc.so;
            co.solve.progress = NULL;
            co.prices = ra.prices;
            co.draws = ra.sim.draws;
            co.seed_given = ra.sim.seed_set;
            co.seed = ra.sim.seed;
            co.jobs = ra.sim.jobs;
            st = juten_compare((const juten_model *const *)models, n_models, &co, &w.cmp, d);
        }
        if (st == JUTEN_OK && have_portfolio(w.r))
            draw_charts(m, &w, d);
        cli_progress_clear();
        if (st == JUTEN_OK) {
            mt.model = m;
            mt.file = files[0];
            mt.result = w.r;
            mt.prices = w.prices;
            mt.more = w.more;
            mt.frontier = w.fr;
            mt.ranking = w.rk;
            mt.explanations = w.ex;
            mt.explain_ids = w.asked;
            mt.n_explain_ids = w.n_asked;
            mt.alternatives = w.alt;
            mt.simulation = w.sim.sum;
            mt.confidence = w.conf;
            mt.comparison = w.cmp;
            mt.comparison_files = files;
            mt.comparison_title = set->is_set && *set->name ? set->name : NULL;
            for (int c = 0; c < JUTEN_HTML_NCHARTS; c++)
                mt.chart[c] = w.chart[c];
            mt.command_line = cmdline;
            mt.juten_version = JUTEN_VERSION;
            mt.solver_version = juten_solver_backend_version();
            mt.gsl_version = juten_gsl_version();
            mt.solve = &cc.so;
            write_ctx wc = {&mt};
            st = cli_write_output(&cc, write_page, &wc, d);
        }
        cli_print_diags(d);
        rc = cli_exit_code(st);
        if (st == JUTEN_OK && cc.out_path && strcmp(cc.out_path, "-"))
            fprintf(stderr, _("juten: report written to %s\n"), cc.out_path);
        if (st == JUTEN_OK && !have_portfolio(w.r))
            rc = EXIT_NO_PORTFOLIO;
    }
    free(cmdline);
    run_free(&w);
    juten_diags_free(d);
    for (int k = 0; k < n_models; k++)
        juten_model_free(models[k]);
    juten_comparison_set_free(set);
    return rc;
}
