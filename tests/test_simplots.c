/*
 * test_simplots.c -- the simulation's charts: the net balance distribution,
 * the selection frequencies and the drivers tornado, in every image format
 * (SVG opened with rsvg-convert, PDF with pdftoppm), through symlinks and
 * FIFOs; their data checked against the simulation summary (the green bars
 * are the draws the title counts, the bins split at the headroom); and the
 * command line: `juten plot SCENARIO simulation|selection|drivers` and
 * `juten simulate --plot`, the same bytes on one thread or two.
 *
 * Rendering needs gnuplot (gnuplot-nox); without it those tests say so and
 * pass, as in test_plots.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "juten_figures.h"
#include "juten_plot.h"
#include "juten_report.h"
#include "juten_sim.h"
#include "plotutil.h"
#include "testutil.h"

#define FY2017 tu_src("scenarios/fy2017/scenario.ini")
#define RUN(...) tu_juten(NULL, NULL, (const char *const[]){__VA_ARGS__, NULL})

/* ---- helpers ---- */

/* The data rows of block `index` of a chart's .dat (comments and blank
 * lines dropped), as one string with a row per line; caller frees. */
static char *dat_block(const char *dat_path, int index)
{
    char *text = tu_read(dat_path, NULL);
    ck_assert_msg(text != NULL, "no %s", dat_path);
    char *p = text;
    for (int b = 0; b < index; b++) {
        p = strstr(p, "\n\n\n");
        ck_assert_msg(p != NULL, "%s has no block %d", dat_path, index);
        p += 3;
    }
    char *end = strstr(p, "\n\n\n");
    if (end)
        end[1] = 0;
    char *out = calloc(1, strlen(p) + 1);
    for (char *line = strtok(p, "\n"); line; line = strtok(NULL, "\n"))
        if (line[0] != '#') {
            strcat(out, line);
            strcat(out, "\n");
        }
    free(text);
    return out;
}

/* Field k (0-based, tab-separated) of a row as a number. */
static double field(const char *row, int k)
{
    const char *p = row;
    for (int i = 0; i < k; i++) {
        p = strchr(p, '\t');
        ck_assert_ptr_nonnull(p);
        p++;
    }
    return strncmp(p, "NaN", 3) == 0 ? NAN : strtod(p, NULL);
}

static int count_rows(const char *block)
{
    int n = 0;
    for (const char *p = block; *p; p++)
        n += *p == '\n';
    return n;
}

/* ---- realistic inputs ---- */

enum kind { DISTRIBUTION, SELECTION, DRIVERS, NKINDS };
static const char *const kind_name[] = {"distribution", "selection", "drivers"};

/* A skewed net balance: a deterministic mix, about 15 % at or below 0. */
static double *net_values(long n)
{
    double *x = malloc((size_t)n * sizeof *x);
    unsigned long long s = 88172645463325252ULL;
    for (long i = 0; i < n; i++) {
        double u = 0;
        for (int k = 0; k < 4; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            u += (double)(s >> 11) / 9007199254740992.0;
        }
        x[i] = 4.5 + 3.9 * (u - 2) * 1.7 + 0.2 * (u - 2) * (u - 2);
    }
    return x;
}

static const char *const legend[] = {"draws where the offset holds", "draws where it breaks",
                                     "cumulative share of draws (right axis)", "headroom 0 億円"};

static juten_status render(enum kind k, const juten_plot_options *o, juten_plot_outcome *out,
                           juten_diags *d)
{
    switch (k) {
    case DISTRIBUTION: {
        double *x = net_values(3000);
        juten_status st = juten_plot_distribution(o, "net balance", 3000, x, 0, legend, out, d);
        free(x);
        return st;
    }
    case SELECTION: {
        const char *id[] = {"M51", "M09", "M21", "M13", "M42", "M58", "M26", "M14"};
        const char *name[] = {"内閣サイバーセキュリティセンター（NISC）の体制強化",
                              "データ利活用プロジェクト", "GSOCシステムの検知・解析能力の強化",
                              "医療等分野ネットワーク", "高等教育におけるセキュリティ人材育成",
                              "政府機関間のサイバー脅威情報共有基盤", "防衛省ネットワーク監視器材",
                              "厚生労働省・日本年金機構"};
        const double f[] = {1, 0.834, 0.776, 0.724, 0.198, 0.094, 0.004, 0};
        const double lo[] = {0.992, 0.799, 0.738, 0.684, 0.165, 0.071, 0.001, 0};
        const double hi[] = {1, 0.864, 0.81, 0.761, 0.235, 0.123, 0.014, 0.008};
        const int cls[] = {0, 1, 1, 1, 1, 2, 2, 2};
        const bool mk[] = {true, true, true, false, true, false, false, false};
        return juten_plot_selection(o, 8, id, name, f, lo, hi, cls, mk, out, d);
    }
    case DRIVERS:
    default: {
        const char *lab[] = {"M42 cost (MEXT)  高等教育におけるセキュリティ人材育成",
                             "M30 cost (METI)  産業系制御システム",
                             "M59 saving (CAS)  政府情報システムの統合・集約化",
                             "M60 saving (MHLW)  日本年金機構", "M51 cost (CAS)  NISC",
                             "M01 risk reduction (IPA)  情報処理推進機構交付金"};
        const double v[] = {0.41, 0.40, -0.38, -0.28, 0.27, 0.004};
        return juten_plot_drivers(o, "rank correlation", 6, lab, v, out, d);
    }
    }
}

static const char *const ext[] = {"png", "svg", "pdf"};

/* ---- the chart calls ---- */

START_TEST(every_sim_chart_renders_and_opens_in_a_viewer)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("all");
    bool rsvg = tp_run_tool((const char *const[]){"rsvg-convert", "--version", NULL}) == 0;
    bool poppler = tp_run_tool((const char *const[]){"pdftoppm", "-v", NULL}) == 0;
    if (!rsvg || !poppler)
        fprintf(stderr, "%s: %s%s not installed (scripts/deps.sh installs librsvg2-bin and "
                        "poppler-utils): those checks skipped\n",
                __func__, rsvg ? "" : "rsvg-convert ", poppler ? "" : "pdftoppm");
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++)
        for (int t = 0; t < 3; t++) {
            char name[64];
            snprintf(name, sizeof name, "%s.%s", kind_name[k], ext[t]);
            juten_plot_options o;
            juten_plot_options_init(&o);
            o.terminal = (juten_plot_terminal)t;
            o.output = tp_join(dir, name);
            o.title = "Offset holds in 12.4% of draws";
            o.subtitle = "FY2017 予算: 3000 draws";
            o.currency = "億円";
            juten_plot_outcome out;
            juten_status st = render((enum kind)k, &o, &out, d);
            char *msgs = tp_diag_text(d);
            ck_assert_msg(st == JUTEN_OK, "%s: status %d: %s", name, st, msgs);
            ck_assert_msg(out.rendered, "%s: not rendered: %s", name, out.message);
            /* no warning from gnuplot either: it would mean a broken element */
            ck_assert_msg(juten_diags_count(d) == 0, "%s: diagnostics: %s", name, msgs);
            free(msgs);
            tp_assert_magic(o.output, o.terminal);
            if (t == JUTEN_PLOT_SVG) {
                char *text = tu_read(o.output, NULL);
                ck_assert_msg(!strstr(text, "scale(0.00)"), "%s: scale(0.00)", name);
                free(text);
                if (rsvg) {
                    char png[4200];
                    snprintf(png, sizeof png, "%s-svg.png", o.output);
                    ck_assert_msg(tp_run_tool((const char *const[]){"rsvg-convert", "-o", png,
                                                                 o.output, NULL}) == 0,
                                  "rsvg-convert refused %s", o.output);
                    tp_assert_magic(png, JUTEN_PLOT_PNG);
                }
            }
            if (t == JUTEN_PLOT_PDF && poppler) {
                char stem[4200], png[4300];
                snprintf(stem, sizeof stem, "%s-pdf", o.output);
                ck_assert_msg(tp_run_tool((const char *const[]){"pdftoppm", "-png", "-r", "30",
                                                             "-singlefile", o.output, stem,
                                                             NULL}) == 0,
                              "pdftoppm refused %s", o.output);
                snprintf(png, sizeof png, "%s.png", stem);
                tp_assert_magic(png, JUTEN_PLOT_PNG);
            }
        }
    juten_diags_free(d);
}
END_TEST

/* Every bin is wholly on one side of the limit, the green ones hold
 * exactly the values at or below it, and the cumulative share ends at
 * 100 %; a limit far from the data is named, not drawn. */
START_TEST(distribution_bins_split_at_the_limit)
{
    const char *dir = tp_subdir("bins");
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = "gnuplot-does-not-exist"; /* the files are what is checked */
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    long n = 2500;
    double *x = net_values(n);
    const double limits[] = {0.37, -3.1, 7.95};
    for (size_t q = 0; q < sizeof limits / sizeof limits[0]; q++) {
        double limit = limits[q];
        o.output = tp_join(dir, "d.png");
        ck_assert_int_eq(juten_plot_distribution(&o, "net", n, x, limit, legend, &out, d),
                         JUTEN_OK);
        long below = 0;
        for (long i = 0; i < n; i++)
            below += x[i] <= limit;
        char *bins = dat_block(tp_join(dir, "d.dat"), 2);
        int nb = count_rows(bins);
        ck_assert_msg(nb >= 10 && nb <= 64, "%d bins", nb);
        double green = 0, total = 0;
        for (char *row = strtok(bins, "\n"); row; row = strtok(NULL, "\n")) {
            double c = field(row, 0), w = field(row, 1), in = field(row, 2), over = field(row, 3);
            ck_assert(w > 0);
            ck_assert_msg(isnan(in) != isnan(over), "a bin on both sides: %s", row);
            double tol = 1e-9 * (1 + fabs(limit));
            if (!isnan(in))
                ck_assert_msg(c + w / 2 <= limit + tol, "green bin past the limit: %s", row);
            else
                ck_assert_msg(c - w / 2 >= limit - tol, "red bin below the limit: %s", row);
            green += isnan(in) ? 0 : in;
            total += isnan(in) ? over : in;
        }
        free(bins);
        ck_assert_msg(fabs(green - 100.0 * (double)below / (double)n) < 1e-6,
                      "limit %g: green %g%%, values at or below %g%%", limit, green,
                      100.0 * (double)below / (double)n);
        ck_assert(fabs(total - 100) < 1e-6);
        char *cdf = dat_block(tp_join(dir, "d.dat"), 3);
        const char *last = cdf + strlen(cdf) - 1;
        while (last > cdf && last[-1] != '\n')
            last--;
        ck_assert_msg(fabs(field(last, 1) - 100) < 1e-9, "the cumulative share ends at %s", last);
        free(cdf);
        char *gp = tu_read(tp_join(dir, "d.gp"), NULL);
        ck_assert_msg(strstr(gp, "set arrow 1 from"), "no limit line");
        free(gp);
    }
    /* far from the data: no line, the axis fits the data alone */
    o.output = tp_join(dir, "far.png");
    ck_assert_int_eq(juten_plot_distribution(&o, "net", n, x, 500, legend, &out, d), JUTEN_OK);
    char *gp = tu_read(tp_join(dir, "far.gp"), NULL);
    ck_assert_msg(!strstr(gp, "set arrow 1 from"), "a limit off the chart is drawn");
    char *xr = strstr(gp, "set xrange [");
    ck_assert_ptr_nonnull(xr);
    ck_assert_msg(strtod(strchr(xr, ':') + 1, NULL) < 100, "the axis reaches the limit: %.40s", xr);
    free(gp);
    /* a headroom of 10^12 (the largest allowed) keeps the bins few */
    ck_assert_int_eq(juten_plot_distribution(&o, "net", n, x, 1e12, legend, &out, d), JUTEN_OK);
    char *bins = dat_block(tp_join(dir, "far.dat"), 2);
    ck_assert_msg(count_rows(bins) >= 10 && count_rows(bins) <= 64, "%d bins", count_rows(bins));
    free(bins);
    free(x);
    juten_diags_free(d);
}
END_TEST

START_TEST(sim_charts_write_through_symlinks_and_fifos)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("special");
    char real[4096], link[4096], fifo[4096];
    snprintf(real, sizeof real, "%s", tp_join(dir, "real.png"));
    snprintf(link, sizeof link, "%s", tp_join(dir, "link.png"));
    snprintf(fifo, sizeof fifo, "%s", tp_join(dir, "fifo.png"));
    FILE *f = fopen(real, "w");
    fputs("keep", f);
    fclose(f);
    ck_assert_int_eq(symlink("real.png", link), 0);
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++) {
        juten_plot_options o;
        juten_plot_options_init(&o);
        juten_plot_outcome out;
        o.output = link;
        ck_assert_int_eq(render((enum kind)k, &o, &out, d), JUTEN_OK);
        ck_assert(out.rendered && out.files_kept);
        struct stat st;
        ck_assert_int_eq(lstat(link, &st), 0);
        ck_assert_msg(S_ISLNK(st.st_mode), "%s: the symlink was replaced", kind_name[k]);
        tp_assert_magic(real, JUTEN_PLOT_PNG);
        ck_assert_int_eq(unlink(real), 0);

        ck_assert_int_eq(mkfifo(fifo, 0600), 0);
        int pfd[2];
        ck_assert_int_eq(pipe(pfd), 0);
        pid_t reader = fork();
        if (reader == 0) {
            int fd = open(fifo, O_RDONLY);
            char b[4096];
            ssize_t r, total = 0, first = -1;
            while ((r = read(fd, b, sizeof b)) > 0) {
                if (first < 0)
                    first = r >= 4 && memcmp(b, "\x89PNG", 4) == 0;
                total += r;
            }
            char msg = first == 1 && total > 1000 ? 'y' : 'n';
            (void)!write(pfd[1], &msg, 1);
            _exit(0);
        }
        close(pfd[1]);
        o.output = fifo;
        ck_assert_int_eq(render((enum kind)k, &o, &out, d), JUTEN_OK);
        ck_assert(out.rendered && !out.files_kept);
        char got = 0;
        ck_assert_int_eq(read(pfd[0], &got, 1), 1);
        close(pfd[0]);
        waitpid(reader, NULL, 0);
        ck_assert_msg(got == 'y', "%s: the FIFO's reader did not get the PNG", kind_name[k]);
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert(S_ISFIFO(st.st_mode));
        ck_assert(!tp_exists(tp_join(dir, "fifo.dat")) && !tp_exists(tp_join(dir, "fifo.gp")));
        ck_assert_int_eq(unlink(fifo), 0);
    }
    juten_diags_free(d);
}
END_TEST

START_TEST(bad_arguments_and_empty_charts)
{
    const char *dir = tp_subdir("bad");
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = "gnuplot-does-not-exist";
    o.output = tp_join(dir, "x.png");
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    const double bad[] = {1, NAN, 2};
    ck_assert_int_eq(juten_plot_distribution(&o, NULL, 3, bad, 0, legend, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_distribution(&o, NULL, 2, bad, 0, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    const char *id[] = {"M1"};
    const double f[] = {0.5};
    const int cls[] = {3};
    ck_assert_int_eq(juten_plot_selection(&o, 1, id, NULL, f, NULL, NULL, cls, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_drivers(&o, NULL, 1, NULL, f, &out, d), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_drivers(NULL, NULL, 0, NULL, NULL, &out, d), JUTEN_ERR_USAGE);
    ck_assert(!tp_exists(o.output) && !tp_exists(tp_join(dir, "x.dat")));
    ck_assert_int_eq(juten_diags_errors(d), 5);
    /* nothing to draw is a chart that says so */
    juten_diags_clear(d);
    ck_assert_int_eq(juten_plot_distribution(&o, NULL, 0, NULL, 0, legend, &out, d), JUTEN_OK);
    char *gp = tu_read(tp_join(dir, "x.gp"), NULL);
    ck_assert_msg(strstr(gp, "set label 1 juten_fix["), "%s", gp);
    free(gp);
    char *dat = tu_read(tp_join(dir, "x.dat"), NULL);
    ck_assert_msg(strstr(dat, "\"no data\""), "%s", dat);
    free(dat);
    ck_assert_int_eq(juten_plot_selection(&o, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &out,
                                          d),
                     JUTEN_OK);
    ck_assert_int_eq(juten_plot_drivers(&o, NULL, 0, NULL, NULL, &out, d), JUTEN_OK);
    juten_diags_free(d);
}
END_TEST

/* Texts from the caller (titles, legend entries, names, labels) reach the
 * data file only: a name that would run a command in a gnuplot script runs
 * nothing. */
START_TEST(caller_text_stays_in_the_data)
{
    const char *dir = tp_subdir("inject");
    static const char evil[] = "`touch PWNED` @juten_dat system(\"touch PWNED\")";
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.title = evil;
    o.subtitle = evil;
    o.currency = evil;
    if (!tp_have_gnuplot())
        o.gnuplot = "gnuplot-does-not-exist";
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    const char *leg[] = {evil, evil, evil, evil};
    double *x = net_values(500);
    o.output = tp_join(dir, "a.png");
    ck_assert_int_eq(juten_plot_distribution(&o, evil, 500, x, 0, leg, &out, d), JUTEN_OK);
    free(x);
    const char *id[] = {evil, "M2"};
    const char *name[] = {evil, "名前"};
    const double f[] = {0.5, 0.95}, lo[] = {0.4, 0.9}, hi[] = {0.6, 0.99};
    const int cls[] = {1, 0};
    const bool mk[] = {true, false};
    o.output = tp_join(dir, "b.png");
    ck_assert_int_eq(juten_plot_selection(&o, 2, id, name, f, lo, hi, cls, mk, &out, d),
                     JUTEN_OK);
    const char *lab[] = {evil, "M2 cost (CAS)"};
    const double v[] = {0.3, -0.2};
    o.output = tp_join(dir, "c.png");
    ck_assert_int_eq(juten_plot_drivers(&o, evil, 2, lab, v, &out, d), JUTEN_OK);
    const char *stems[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "%s.gp", stems[i]);
        char *gp = tu_read(tp_join(dir, nm), NULL);
        ck_assert_msg(!strstr(gp, "PWNED"), "%s holds caller text", nm);
        free(gp);
        snprintf(nm, sizeof nm, "%s.dat", stems[i]);
        char *dat = tu_read(tp_join(dir, nm), NULL);
        ck_assert_msg(strstr(dat, "`touch PWNED`"), "%s lost the text", nm);
        free(dat);
    }
    ck_assert(!tp_exists(tp_join(dir, "PWNED")) && !tp_exists("PWNED"));
    juten_diags_free(d);
}
END_TEST

/* ---- the figures of a real simulation ---- */

typedef struct sim_run {
    juten_model *m;
    unsigned char *x;
    juten_sampler *sampler;
    juten_rules *rules;
    juten_sim_records *rec;
    juten_sim_summary *sum;
} sim_run;

static void simulate(sim_run *r, long draws, bool reoptimise, juten_diags *d)
{
    memset(r, 0, sizeof *r);
    ck_assert_int_eq(juten_model_load(FY2017, &r->m, d), JUTEN_OK);
    int n = juten_model_measure_count(r->m);
    r->x = calloc((size_t)n, 1);
    juten_solve_options so;
    juten_solve_options_init(&so);
    so.explain = false;
    juten_result *res = NULL;
    ck_assert_int_eq(juten_solve(r->m, &so, &res, d), JUTEN_OK);
    for (int i = 0; i < n; i++)
        r->x[i] = juten_result_selected(res, i) ? 1 : 0;
    juten_result_free(res);
    juten_uncertainty u = *juten_model_uncertainty(r->m);
    u.draws = draws;
    ck_assert_int_eq(juten_sampler_create(r->m, &u, &r->sampler, d), JUTEN_OK);
    ck_assert_int_eq(juten_rules_create(r->m, so.headroom, so.savings_rate, &r->rules),
                     JUTEN_OK);
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = r->m;
    su.sampler = r->sampler;
    su.portfolio = r->x;
    su.reoptimise = reoptimise;
    su.solve = so;
    su.solve.time_limit = 0;
    su.jobs = 2;
    ck_assert_int_eq(juten_sim_run(&su, 0, draws, &r->rec, d), JUTEN_OK);
    ck_assert_int_eq(juten_sim_summarise(&su, r->rules, r->rec, &r->sum, d), JUTEN_OK);
}

static void sim_free(sim_run *r)
{
    juten_sim_summary_free(r->sum);
    juten_sim_records_free(r->rec);
    juten_rules_free(r->rules);
    juten_sampler_free(r->sampler);
    free(r->x);
    juten_model_free(r->m);
}

START_TEST(figures_say_what_the_summary_says)
{
    const char *dir = tp_subdir("figures");
    juten_diags *d = juten_diags_create(0);
    sim_run r;
    simulate(&r, 600, false, d);
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = "gnuplot-does-not-exist";
    o.currency = juten_model_currency(r.m);
    juten_plot_outcome out;

    /* the title is the offset probability and its interval, as the table
     * prints them; the green bars hold exactly that share of the draws */
    o.output = tp_join(dir, "sim.png");
    ck_assert_int_eq(juten_figure_simulation(&o, r.m, r.x, r.sum, r.rec, &out, d), JUTEN_OK);
    char p[64], lo[64], hi[64], want[256];
    juten_text_percent(p, r.sum->offset_probability);
    juten_text_percent(lo, r.sum->offset_ci_lo);
    juten_text_percent(hi, r.sum->offset_ci_hi);
    lo[strlen(lo) - 1] = 0;
    snprintf(want, sizeof want, "\"Offset holds in %s of draws (95%% interval %s\u2013%s)\"", p,
             lo, hi);
    char *head = dat_block(tp_join(dir, "sim.dat"), 0);
    ck_assert_msg(strstr(head, want), "%s not in %s", want, head);
    char runs[64];
    snprintf(runs, sizeof runs, "600 draws (seed %llu)", (unsigned long long)r.sum->seed);
    ck_assert_msg(strstr(head, runs), "%s not in %s", runs, head);
    ck_assert_msg(strstr(head, "(億円)"), "no currency on the axis: %s", head);
    free(head);
    char *bins = dat_block(tp_join(dir, "sim.dat"), 2);
    double green = 0;
    for (char *row = strtok(bins, "\n"); row; row = strtok(NULL, "\n"))
        green += isnan(field(row, 2)) ? 0 : field(row, 2);
    free(bins);
    ck_assert_msg(fabs(green - 100 * r.sum->offset_probability) < 1e-6, "green %g%%, title %s",
                  green, p);

    /* drivers: the strongest first, labelled "M42 cost (MEXT)  name" */
    o.output = tp_join(dir, "drivers.png");
    ck_assert_int_eq(juten_figure_drivers(&o, r.m, r.x, r.sum, 5, &out, d), JUTEN_OK);
    char *rows = dat_block(tp_join(dir, "drivers.dat"), 1);
    ck_assert_int_eq(count_rows(rows), r.sum->n_drivers < 5 ? r.sum->n_drivers : 5);
    const juten_driver *dr = &r.sum->drivers[0];
    char lab[128];
    snprintf(lab, sizeof lab, "\"%s %s (%s)  ", juten_model_measure_id(r.m, dr->measure),
             juten_field_name(dr->field),
             juten_model_ministry_id(r.m, juten_model_measure_ministry(r.m, dr->measure)));
    ck_assert_msg(strstr(rows, lab), "%s not in %s", lab, rows);
    /* positive to the right (column 3), negative to the left (column 4) */
    double v = dr->rank_correlation;
    ck_assert(v > 0 ? fabs(field(rows, 2) - v) < 1e-9 && isnan(field(rows, 3))
                    : fabs(field(rows, 3) - v) < 1e-9 && isnan(field(rows, 2)));
    free(rows);

    /* no reoptimisation: no selection chart, and no file */
    o.output = tp_join(dir, "nosel.png");
    juten_diags_clear(d);
    ck_assert_int_eq(juten_figure_selection(&o, r.m, r.x, r.sum, &out, d), JUTEN_ERR_USAGE);
    char *msgs = tp_diag_text(d);
    ck_assert_msg(strstr(msgs, "--reoptimise"), "%s", msgs);
    free(msgs);
    ck_assert(!tp_exists(tp_join(dir, "nosel.dat")));
    sim_free(&r);

    /* selection: most often selected first, the portfolio's measures marked */
    juten_diags_clear(d);
    simulate(&r, 40, true, d);
    o.output = tp_join(dir, "sel.png");
    ck_assert_int_eq(juten_figure_selection(&o, r.m, r.x, r.sum, &out, d), JUTEN_OK);
    rows = dat_block(tp_join(dir, "sel.dat"), 1);
    ck_assert_int_eq(count_rows(rows), r.sum->n_selection);
    double prev = 101;
    int marked = 0, in_portfolio = 0;
    for (int i = 0; i < juten_model_measure_count(r.m); i++)
        in_portfolio += r.x[i];
    for (char *row = strtok(rows, "\n"); row; row = strtok(NULL, "\n")) {
        double f = field(row, 3);
        ck_assert_msg(f <= prev, "not sorted by frequency: %s", row);
        prev = f;
        ck_assert(field(row, 4) <= f + 1e-9 && f <= field(row, 5) + 1e-9);
        int cls = (int)field(row, 2);
        ck_assert(cls == (f >= 90 ? 0 : f <= 10 ? 2 : 1));
        marked += (int)field(row, 6);
    }
    ck_assert_int_eq(marked, in_portfolio);
    free(rows);
    sim_free(&r);
    juten_diags_free(d);
}
END_TEST

/* ---- the command line ---- */

START_TEST(plot_simulation_kinds_from_the_command_line)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("cli");
    const char *d1 = tp_subdir("cli/one"), *d2 = tp_subdir("cli/two");
    (void)dir;
    /* the same bytes on one thread or two */
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s", tp_join(d1, "sim.png"));
    snprintf(b, sizeof b, "%s", tp_join(d2, "sim.png"));
    tu_run_result r = RUN("plot", FY2017, "simulation", "--draws", "800", "--jobs", "1", "-o", a);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "chart written to"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("plot", FY2017, "simulation", "--draws", "800", "--jobs", "2", "-o", b);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    tp_assert_magic(a, JUTEN_PLOT_PNG);
    for (int k = 0; k < 2; k++) {
        const char *nm = k ? "sim.gp" : "sim.dat";
        char *x = tu_read(tp_join(d1, nm), NULL), *y = tu_read(tp_join(d2, nm), NULL);
        ck_assert_msg(x && y && strcmp(x, y) == 0, "%s differs between 1 and 2 threads", nm);
        free(x);
        free(y);
    }
    /* simulate --plot draws the same chart from the same draws */
    r = RUN("simulate", FY2017, "--draws", "800", "--plot", tp_join(d1, "via-simulate.png"), "-o",
            tp_join(d1, "table.txt"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    tp_assert_magic(tp_join(d1, "via-simulate.png"), JUTEN_PLOT_PNG);
    char *x = tu_read(tp_join(d1, "sim.dat"), NULL), *y = tu_read(tp_join(d1, "via-simulate.dat"), NULL);
    /* the data files differ only in the name of the script in their first line */
    ck_assert_ptr_nonnull(strchr(x, '\n'));
    ck_assert_str_eq(strchr(x, '\n'), strchr(y, '\n'));
    free(x);
    free(y);
    char *table = tu_read(tp_join(d1, "table.txt"), NULL);
    ck_assert_msg(strstr(table, "Offset rule"), "%s", table);
    free(table);

    /* drivers with --rows, selection (reoptimises without being told), SVG and PDF */
    r = RUN("plot", FY2017, "drivers", "--draws", "300", "--rows", "7", "-o",
            tp_join(d1, "drivers.svg"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    tp_assert_magic(tp_join(d1, "drivers.svg"), JUTEN_PLOT_SVG);
    char *rows = dat_block(tp_join(d1, "drivers.dat"), 1);
    ck_assert_int_eq(count_rows(rows), 7);
    free(rows);
    r = RUN("plot", FY2017, "selection", "--draws", "30", "-o", tp_join(d1, "selection.pdf"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    tp_assert_magic(tp_join(d1, "selection.pdf"), JUTEN_PLOT_PDF);
    rows = dat_block(tp_join(d1, "selection.dat"), 1);
    ck_assert_int_eq(count_rows(rows), 70);
    free(rows);
    /* a portfolio given by ids, and the seed, reach the chart */
    r = RUN("plot", FY2017, "simulation", "--draws", "200", "--seed", "7", "--portfolio",
            "M01,M02", "-o", tp_join(d2, "two.png"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    char *head = dat_block(tp_join(d2, "two.dat"), 0);
    ck_assert_msg(strstr(head, "a portfolio of 2 measures, 200 draws (seed 7)"), "%s", head);
    free(head);
}
END_TEST

START_TEST(usage_errors_and_help)
{
    const char *dir = tp_subdir("usage");
    tu_run_result r = RUN("plot", FY2017, "simulation", "--draws", "0");
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "--draws"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("plot", FY2017, "drivers", "--jobs", "x");
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    r = RUN("plot", FY2017, "histogram");
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "simulation, selection or drivers"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("plot", FY2017, "simulation", "--portfolio", "M999", "-o", tp_join(dir, "p.png"));
    ck_assert_int_eq(r.status, 65);
    ck_assert(!tp_exists(tp_join(dir, "p.png")));
    tu_run_free(&r);
    r = RUN("simulate", FY2017, "--draws", "50", "--plot", tp_join(dir, "x.jpg"));
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "must end in .png, .svg or .pdf"), "%s", r.err);
    tu_run_free(&r);

    r = RUN("simulate", FY2017, "--draws", "50", "--shard", "1/2", "--plot", tp_join(dir, "s.png"));
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "not a shard"), "%s", r.err);
    ck_assert(!tp_exists(tp_join(dir, "s.png")));
    tu_run_free(&r);

    /* plot --help and simulate --help say the same */
    tu_run_result hp = RUN("plot", "--help"), hs = RUN("simulate", "--help");
    ck_assert_int_eq(hp.status, 0);
    ck_assert_int_eq(hs.status, 0);
    const char *want_plot[] = {"  simulation  ", "  selection   ", "  drivers     ",
                               "--reoptimise", "--draws N", "--seed S", "--jobs T",
                               "--portfolio P", "simulate --plot FILE"};
    for (size_t i = 0; i < sizeof want_plot / sizeof want_plot[0]; i++)
        ck_assert_msg(strstr(hp.out, want_plot[i]), "plot --help lacks %s", want_plot[i]);
    ck_assert_msg(strstr(hs.out, "--plot FILE") && strstr(hs.out, "juten plot SCENARIO simulation"),
                  "%s", hs.out);
    tu_run_free(&hp);
    tu_run_free(&hs);
}
END_TEST

static Suite *simplots_suite(void)
{
    Suite *s = suite_create("simplots");
    TCase *tc = tcase_create("simplots");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_sim_chart_renders_and_opens_in_a_viewer);
    tcase_add_test(tc, distribution_bins_split_at_the_limit);
    tcase_add_test(tc, sim_charts_write_through_symlinks_and_fifos);
    tcase_add_test(tc, bad_arguments_and_empty_charts);
    tcase_add_test(tc, caller_text_stays_in_the_data);
    tcase_add_test(tc, figures_say_what_the_summary_says);
    tcase_add_test(tc, plot_simulation_kinds_from_the_command_line);
    tcase_add_test(tc, usage_errors_and_help);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    tu_tmpdir();
    char scratch[4096];
    snprintf(scratch, sizeof scratch, "%s", tu_path("scratch"));
    mkdir(scratch, 0700);
    setenv("TMPDIR", scratch, 1);
    return tu_run_suite(simplots_suite());
}
