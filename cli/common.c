/*
 * common.c -- helpers shared by the subcommands: exit codes, diagnostics on
 * stderr, strict option parsing, model loading.
 */
#include "cli.h"
#include "juten_clock.h"
#include "juten_i18n.h"
#include "juten_utf8.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int cli_exit_code(juten_status st)
{
    switch (st) {
    case JUTEN_OK: return EXIT_PORTFOLIO;
    case JUTEN_ERR_USAGE: return EXIT_USAGE;
    case JUTEN_ERR_INPUT: return EXIT_DATAERR;
    case JUTEN_ERR_NOFILE: return EXIT_NOINPUT;
    case JUTEN_ERR_CANTCREAT: return EXIT_CANTCREAT;
    case JUTEN_ERR_IO: return EXIT_IOERR;
    case JUTEN_ERR_NOMEM:
    case JUTEN_ERR_SOLVER:
    case JUTEN_ERR_INTERNAL: return EXIT_SOFTWARE;
    }
    return EXIT_SOFTWARE;
}

void cli_print_diags(const juten_diags *d)
{
    cli_progress_clear();
    for (size_t i = 0; i < juten_diags_count(d); i++) {
        char *s = juten_diag_format(juten_diags_get(d, i));
        if (s) {
            fprintf(stderr, "%s\n", s);
            free(s);
        }
    }
    size_t dropped = juten_diags_dropped(d);
    if (dropped)
        fprintf(stderr, _("juten: %zu more messages not shown (at most %zu errors are listed); "
                          "fix these and run `juten check` again\n"),
                dropped, juten_diags_cap(d));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "juten%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    /* TRANSLATORS: after a usage error; the command, "juten solve --help" */
    fprintf(stderr, _("Try 'juten %s%s--help' for more information.\n"), cmd ? cmd : "",
            cmd ? " " : "");
    return EXIT_USAGE;
}

bool cli_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v) || strpbrk(s, "xXpP") || strpbrk(s, "nN"))
        return false;
    *out = v;
    return true;
}

/* The loader's bound on amounts of money (README "Input files"): a larger
 * headroom is a typing accident, and would break the solver's scaling. */
#define CLI_MAX_MONEY 1e12

int cli_parse_headroom(const char *cmd, const char *arg, double *out)
{
    double v;
    if (!cli_parse_double(arg, &v))
        return cli_usage_error(cmd, _("--headroom needs a number, not '%s'"), arg);
    if (fabs(v) > CLI_MAX_MONEY)
        return cli_usage_error(cmd, _("--headroom must lie between -1e12 and 1e12 (an amount of "
                                    "money, like every amount in the input), not '%s'"), arg);
    *out = v;
    return 0;
}

int cli_parse_savings_rate(const char *cmd, const char *arg, double *out)
{
    double v;
    if (!cli_parse_double(arg, &v) || v < 0 || v > 1)
        return cli_usage_error(cmd, _("--savings-rate is the fraction of listed savings realised: "
                                    "a number between 0 and 1 such as 0.7, not '%s'"), arg);
    *out = v;
    return 0;
}

int cli_load(const char *path, juten_model **m, bool quiet_ok)
{
    juten_diags *d = juten_diags_create(0);
    if (!d) {
        fputs(_("juten: out of memory\n"), stderr);
        return EXIT_SOFTWARE;
    }
    juten_status st = juten_model_load(path, m, d);
    if (st != JUTEN_OK || !quiet_ok)
        cli_print_diags(d);
    else {
        /* on success show warnings and notices anyway: they matter */
        cli_print_diags(d);
    }
    juten_diags_free(d);
    return st == JUTEN_OK ? 0 : cli_exit_code(st);
}

int cli_one_scenario(const char *cmd, int argc)
{
    if (optind == argc - 1)
        return 0;
    return cli_usage_error(cmd, "%s", optind >= argc ? _("a SCENARIO file is required")
                                                     : _("exactly one SCENARIO file is expected"));
}

int cli_load_one(const char *cmd, int argc, char **argv, juten_model **m)
{
    int rc = cli_one_scenario(cmd, argc);
    return rc ? rc : cli_load(argv[optind], m, true);
}

int cli_output_option(int code, const char *arg, const char **plot, bool *prices)
{
    if (code == CLI_OPT_PLOT && plot) {
        *plot = arg;
        return 0;
    }
    if (code == CLI_OPT_NO_PRICES && prices) {
        *prices = false;
        return 0;
    }
    return -1;
}

void cli_common_init(cli_common *c)
{
    juten_solve_options_init(&c->so);
    c->fmt = JUTEN_FORMAT_TABLE;
    c->out_path = NULL;
    c->time_limit_given = false;
    c->fmt_given = false;
    if (isatty(STDERR_FILENO)) {
        static bool registered;
        if (!registered && atexit(cli_progress_clear) == 0)
            registered = true; /* the line never outlives the command */
        c->so.progress = cli_progress;
    }
}

int cli_common_option(const char *cmd, int code, const char *arg, cli_common *c)
{
    double v;
    switch (code) {
    case CLI_OPT_OUTPUT:
        c->out_path = arg;
        return 0;
    case CLI_OPT_FORMAT:
        if (!juten_format_parse(arg, &c->fmt))
            return cli_usage_error(cmd, _("--format must be table, csv, json or xlsx, not '%s'"),
                                   arg);
        c->fmt_given = true;
        return 0;
    case CLI_OPT_TIME_LIMIT:
        if (!cli_parse_double(arg, &v) || v <= 0)
            return cli_usage_error(cmd, _("--time-limit needs a number of seconds > 0, not '%s'"),
                                   arg);
        c->so.time_limit = v;
        c->time_limit_given = true;
        return 0;
    case CLI_OPT_NODE_LIMIT: {
        char *end = NULL;
        errno = 0;
        long n = strtol(arg, &end, 10);
        if (errno || end == arg || *end || n < 1)
            return cli_usage_error(cmd, _("--node-limit needs a whole number of nodes >= 1, not "
                                        "'%s'"), arg);
        c->so.node_limit = n;
        return 0;
    }
    case CLI_OPT_GAP:
        if (!cli_parse_double(arg, &v) || v < 0 || v >= 1)
            return cli_usage_error(cmd, _("--gap needs a relative gap in [0, 1), such as 0.001, "
                                        "not '%s'"), arg);
        c->so.mip_gap = v;
        return 0;
    case CLI_OPT_HEADROOM:
        return cli_parse_headroom(cmd, arg, &c->so.headroom);
    case CLI_OPT_SAVINGS_RATE:
        return cli_parse_savings_rate(cmd, arg, &c->so.savings_rate);
    case CLI_OPT_NO_HEURISTIC:
        c->so.heuristic = false;
        return 0;
    case CLI_OPT_QUIET:
        c->so.progress = NULL;
        return 0;
    }
    return -1;
}

juten_status cli_write_output(const cli_common *c, cli_writer write, void *ctx, juten_diags *d)
{
    juten_output *out = NULL;
    cli_progress_clear();
    juten_status st = juten_output_open(c->out_path, &out, d);
    if (st != JUTEN_OK)
        return st;
    st = write(juten_file_stream(out), ctx, d);
    if (st == JUTEN_OK)
        return juten_output_commit(out, d);
    juten_file_close(out);
    return st;
}

/* True when path ends in ".xlsx" (any case). */
static bool xlsx_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 5 && !strcasecmp(path + n - 5, ".xlsx");
}

int cli_format_check(const char *cmd, cli_common *c)
{
    /* -o FILE.xlsx picks the workbook, as --plot FILE.svg picks SVG; a
     * different --format into such a name would give Excel a file it
     * cannot open */
    if (xlsx_name(c->out_path)) {
        if (!c->fmt_given)
            c->fmt = JUTEN_FORMAT_XLSX;
        else if (c->fmt != JUTEN_FORMAT_XLSX)
            return cli_usage_error(cmd, _("-o %s names an Excel workbook: use --format xlsx, or "
                                        "another file name for this format"), c->out_path);
    }
    bool to_stdout = !c->out_path || !strcmp(c->out_path, "-");
    if (c->fmt == JUTEN_FORMAT_XLSX && to_stdout && isatty(STDOUT_FILENO))
        return cli_usage_error(cmd, _("an Excel workbook is a binary file, not for a terminal: "
                                    "write it with -o FILE.xlsx"));
    return 0;
}

int cli_parse_options(const char *cmd, int argc, char **argv, const int *accepted,
                      cli_common *cc, void (*help)(FILE *), cli_extra_option extra, void *ctx)
{
    cli_options o;
    if (!cli_options_build(accepted, &o)) {
        fprintf(stderr, _("juten %s: internal error: an option missing from the option table\n"),
                cmd);
        return EXIT_SOFTWARE;
    }
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, o.shortopts, o.longopts, NULL)) != -1) {
        if (c == CLI_OPT_HELP) {
            help(stdout);
            return 0;
        }
        if (c == ':')
            return cli_usage_error(cmd, _("option '%s' needs a value"), argv[optind - 1]);
        int rc = extra ? extra(cmd, c, optarg, ctx) : -1;
        if (rc < 0 && cc)
            rc = cli_common_option(cmd, c, optarg, cc);
        if (rc > 0)
            return rc;
        if (rc < 0)
            return cli_usage_error(cmd, _("unknown option '%s'"), argv[optind - 1]);
    }
    /* --time-limit bounds the whole command: every solve of its analyses
     * shares one deadline */
    if (cc && cc->so.time_limit > 0)
        cc->so.deadline = juten_solver_clock() + cc->so.time_limit;
    /* plot's -o is the chart, and it has no --format of its own to check */
    if (cc && strcmp(cmd, "plot") != 0) {
        int rc = cli_format_check(cmd, cc);
        if (rc)
            return rc;
    }
    return -1;
}

/* ---- the progress line ---------------------------------------------------- */

/* The library reports when a step ends; a single solve can take a minute.
 * A small ticker thread redraws the latest report so the seconds keep
 * counting in between, and so the last report is shown even when it came
 * within the 0.2 s throttle.  Everything it draws is plain text and \r: no
 * colour or cursor codes (NO_COLOR holds). */
static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;
static bool progress_started, progress_active, progress_dirty;
static double progress_t0 = -1.0, progress_last = -1.0;
static char progress_stage[160];
static long progress_done, progress_total;
static int progress_width; /* columns of the line on screen, 0: none shown */

/* Draw the line (progress_mu held). */
static void progress_draw(double t)
{
    char line[240];
    int n;
    /* the stage is the library's text, translated when its catalogue has it */
    const char *stage = *progress_stage ? _(progress_stage) : "";
    if (progress_done < 0) /* a stage without a count */
        /* TRANSLATORS: the progress line: the stage, seconds */
        n = snprintf(line, sizeof line, _("juten: %s, %.0f s"), stage, t - progress_t0);
    else if (progress_total > 0)
        /* TRANSLATORS: the progress line: the stage, steps done/all, seconds */
        n = snprintf(line, sizeof line, _("juten: %s %ld/%ld, %.0f s"), stage, progress_done,
                     progress_total, t - progress_t0);
    else
        /* TRANSLATORS: the progress line: the stage, steps done, seconds */
        n = snprintf(line, sizeof line, _("juten: %s %ld, %.0f s"), stage, progress_done,
                     t - progress_t0);
    if (n < 0)
        return;
    if (n >= (int)sizeof line)
        line[juten_utf8_cut(line, sizeof line - 1)] = 0;
    /* padded in columns, not bytes: a Japanese character is 3 bytes, 2 columns */
    n = juten_utf8_width(line);
    fprintf(stderr, "\r%s%*s", line, progress_width > n ? progress_width - n : 0, "");
    fflush(stderr);
    progress_width = n;
    progress_last = t;
    progress_dirty = false;
}

static void *progress_ticker(void *arg)
{
    (void)arg;
    for (;;) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&progress_mu);
        double t = juten_clock_monotonic();
        /* a report not drawn yet, or a second gone by: the count of seconds */
        if (progress_active && (progress_dirty || t - progress_last >= 1.0) &&
            t - progress_last >= 0.2)
            progress_draw(t);
        pthread_mutex_unlock(&progress_mu);
    }
    return NULL;
}

void cli_progress(void *ctx, const char *stage, long done, long total)
{
    (void)ctx;
    pthread_mutex_lock(&progress_mu);
    double t = juten_clock_monotonic();
    if (progress_t0 < 0)
        progress_t0 = t;
    snprintf(progress_stage, sizeof progress_stage, "%s", stage ? stage : "");
    progress_done = done;
    progress_total = total;
    progress_active = progress_dirty = true;
    /* at most five redraws a second: a terminal is slow, a planner's eye slower */
    if (progress_last < 0 || t - progress_last >= 0.2)
        progress_draw(t);
    if (!progress_started) {
        pthread_t th;
        if (pthread_create(&th, NULL, progress_ticker, NULL) == 0) {
            pthread_detach(th);
            progress_started = true;
        }
    }
    pthread_mutex_unlock(&progress_mu);
}

void cli_progress_clear(void)
{
    pthread_mutex_lock(&progress_mu);
    if (progress_width > 0) {
        fprintf(stderr, "\r%*s\r", progress_width, "");
        fflush(stderr);
    }
    progress_width = 0;
    progress_active = progress_dirty = false;
    pthread_mutex_unlock(&progress_mu);
}
