/*
 * test_plots.c -- the plots module: every chart in every image format, the
 * fallback without gnuplot, text that tries to run commands, a gnuplot that
 * hangs or fails, bad arguments, and outputs that are symlinks, FIFOs or
 * devices.  SVG and PDF charts are opened with rsvg-convert and pdftoppm
 * when those are installed.
 *
 * The rendering tests need gnuplot (Debian: gnuplot-nox) and are skipped
 * with a message when it is not installed; everything else runs anywhere.
 * Slow and failing gnuplots are shell scripts the tests write themselves.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "juten_i18n.h"
#include "juten_plot.h"
#include "juten_figures.h"
#include "juten_clock.h"
#include "plot_int.h"
#include "plotutil.h"
#include "testutil.h"

/* ---- helpers ---- */

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* No temporary file of ours is left in dir. */
/* $TMPDIR of the tests (main sets it): the scratch directories go there. */
static char scratch_root[4096];

static void assert_no_temps(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        ck_assert_msg(strncmp(e->d_name, ".juten-plot-", 12) != 0 && !strstr(e->d_name, ".tmp-"),
                      "temporary file left behind: %s", e->d_name);
    }
    closedir(d);
    /* and no scratch directory outlives its chart */
    d = opendir(scratch_root);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        ck_assert_msg(strncmp(e->d_name, "juten-", 6) != 0, "scratch directory left behind: %s",
                      e->d_name);
    closedir(d);
}

/* Write an executable shell script (a fake gnuplot). */
static const char *fake_program(const char *dir, const char *script)
{
    char *p = tp_join(dir, "gnuplot");
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(script, f);
    fclose(f);
    ck_assert_int_eq(chmod(p, 0755), 0);
    return p;
}

/* ---- realistic inputs for each kind of chart ---- */

enum kind { FRONTIER, RANKING, ALLOCATION, TORNADO, NKINDS };
static const char *const kind_name[] = {"frontier", "ranking", "allocation", "tornado"};

static const char *const areas[] = {"経済社会", "国民生活", "国際", "横断的施策", "推進体制"};

/* Render kind with texts that may be replaced: special is used as one
 * measure's name (or label/area/portfolio name) when not NULL. */
static juten_status render(enum kind k, const juten_plot_options *o, const char *special,
                           juten_plot_outcome *out, juten_diags *d)
{
    switch (k) {
    case FRONTIER: {
        static const double x[] = {0, 4.2, 9.5, 13.1, 18, 22.4, 27.9, 33, 39.5, 45.2, 52, 60};
        static const double v[] = {0, 31, 58, 74, 92, 108, 121, 137, 150, 163, 178, 190};
        static const double lp[] = {4, 37, 63, 79, 95, 111, 125, 141, 156, 168, 181, 191};
        const char *lab[] = {"", "+M12", "+M31 M7", "+M3", "+M18 -M12 +M22", "+M5",
                             "+M27 M9", "+M14", "+M2 M40", "+M11", "+M29 M30", "+M6"};
        if (special)
            lab[3] = special;
        return juten_plot_frontier(o, "使える予算", "リスク低減効果", 12, x, v, lp, lab, out, d);
    }
    case RANKING: {
        const char *id[] = {"M1", "M2", "M3", "M4", "M5", "M6"};
        const char *name[] = {"重要インフラ防護演習", "政府機関の監視体制(GSOC)強化",
                              "中小企業向け相談窓口", "IoT機器の脆弱性調査",
                              "サイバー攻撃情報共有基盤", "国際連携による捜査協力"};
        static const int area[] = {0, 4, 1, 0, 3, 2};
        static const double entry[] = {1.5, 4.1, 6.7, 7.2, 9.8, 12.4};
        static const bool leaves[] = {false, false, false, true, false, false};
        if (special)
            name[2] = special;
        return juten_plot_ranking(o, 6, id, name, area, entry, leaves, 5, areas, out, d);
    }
    case ALLOCATION: {
        static const double mn[] = {0.15, 0.20, NAN, 0.10, 0.05};
        static const double mx[] = {0.40, NAN, 0.25, 0.35, 0.15};
        const char *pf[] = {"base", "austerity", "東京大会重点"};
        static const double sh[] = {0.32, 0.24, 0.12, 0.20, 0.12, 0.28, 0.21, 0.08,
                                    0.33, 0.10, 0.22, 0.30, 0.18, 0.16, 0.14};
        const char *an[] = {areas[0], areas[1], areas[2], areas[3], areas[4]};
        if (special) {
            pf[1] = special;
            an[2] = special;
        }
        return juten_plot_allocation(o, 5, an, mn, mx, 3, pf, sh, out, d);
    }
    case TORNADO:
    default: {
        const char *lab[] = {"M1 重要インフラ防護演習", "M2 GSOC強化", "M3 相談窓口",
                             "M4 IoT調査"};
        static const double lo[] = {-8.3, -7.5, -INFINITY, -1.1};
        static const double hi[] = {11, NAN, 12.5, INFINITY};
        static const bool funded[] = {true, true, false, false};
        if (special)
            lab[1] = special;
        return juten_plot_tornado_funded(o, "推定値の変化", 4, lab, lo, hi, funded, out, d);
    }
    }
}

static const char *const ext[] = {"png", "svg", "pdf"};

/* ---- tests ---- */

START_TEST(options_and_terminals)
{
    juten_plot_options o;
    juten_plot_options_init(&o);
    ck_assert_int_eq(o.terminal, JUTEN_PLOT_PNG);
    ck_assert(o.timeout == 30);
    ck_assert_str_eq(o.gnuplot, "gnuplot");
    ck_assert_ptr_null(o.output);
    ck_assert_ptr_null(o.title);
    juten_plot_terminal t = JUTEN_PLOT_PNG;
    ck_assert(juten_plot_terminal_parse("svg", &t) && t == JUTEN_PLOT_SVG);
    ck_assert(juten_plot_terminal_parse("pdf", &t) && t == JUTEN_PLOT_PDF);
    ck_assert(juten_plot_terminal_parse("PNG", &t) && t == JUTEN_PLOT_PNG);
    ck_assert(!juten_plot_terminal_parse("jpeg", &t) && t == JUTEN_PLOT_PNG);
    ck_assert(!juten_plot_terminal_parse(NULL, &t));
}
END_TEST

static char *dat_of(const char *s, int max_cols)
{
    const char *p = tu_path("field.txt");
    FILE *f = fopen(p, "w");
    juten_plot_dat_str(f, s, max_cols);
    fclose(f);
    return tu_read(p, NULL);
}

START_TEST(data_fields)
{
    /* known answers: gnuplot's data-file rules (no escape for '"' in a
     * quoted field, backslash escapes applied to strings) */
    static const struct { const char *in; int cols; const char *out; } cases[] = {
        {"plain", 0, "\"plain\""},
        {"", 0, ""},
        {"say \"hi\"", 0, "\"say ''hi''\""},
        {"a\tb\nc\rd", 0, "\"a b c d\""},
        {"C:\\temp\\101", 0, "\"C:\\\\temp\\\\101\""},
        {"`id` @x $HOME a_b", 0, "\"`id` @x $HOME a_b\""},
        {"bad \xff\xfe byte", 0, "\"bad ?? byte\""},
        {"\xed\xa0\x80", 0, "\"???\""},                 /* a UTF-16 surrogate: not UTF-8 */
        {"情報セキュリティ対策", 7, "\"情報セ…\""},     /* 3 wide + ellipsis = 7 columns */
        {"short", 7, "\"short\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = dat_of(cases[i].in, cases[i].cols);
        ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: %s", i, got);
        free(got);
    }
    ck_assert_int_eq(juten_plot_text_width("M1  重要", 0), 8);
    ck_assert_int_eq(juten_plot_text_width("情報セキュリティ対策", 7), 7);
    char b[40];
    ck_assert_str_eq(juten_plot_num(b, 0.1), "0.1");
    ck_assert_str_eq(juten_plot_num(b, -0.0), "0");
    ck_assert_str_eq(juten_plot_num(b, 1200), "1200");
    ck_assert_str_eq(juten_plot_num(b, -2.5e-7), "-2.5e-07");
    ck_assert_str_eq(juten_plot_num(b, NAN), "NaN");
    ck_assert_str_eq(juten_plot_num(b, INFINITY), "NaN");
}
END_TEST

START_TEST(renders_every_kind_and_format)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("all");
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++) {
        for (int t = 0; t < 3; t++) {
            char name[64];
            snprintf(name, sizeof name, "%s.%s", kind_name[k], ext[t]);
            juten_plot_options o;
            juten_plot_options_init(&o);
            o.terminal = (juten_plot_terminal)t;
            o.output = tp_join(dir, name);
            o.title = "FY2017 トレードオフ曲線";
            o.currency = "億円";
            o.budget = 20; /* frontier and ranking mark it */
            o.budget_label = "予算案: 20 億円";
            juten_plot_outcome out;
            juten_status st = render((enum kind)k, &o, NULL, &out, d);
            char *msgs = tp_diag_text(d);
            ck_assert_msg(st == JUTEN_OK, "%s: status %d: %s", name, st, msgs);
            ck_assert_msg(out.rendered, "%s: not rendered: %s", name, out.message);
            ck_assert_msg(juten_diags_count(d) == 0, "%s: diagnostics: %s", name, msgs);
            free(msgs);
            tp_assert_magic(o.output, o.terminal);
            snprintf(name, sizeof name, "%s.dat", kind_name[k]);
            ck_assert(file_size(tp_join(dir, name)) > 0);
            snprintf(name, sizeof name, "%s.gp", kind_name[k]);
            ck_assert(file_size(tp_join(dir, name)) > 0);
        }
    }
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(empty_charts_render)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("empty");
    juten_plot_options o;
    juten_plot_options_init(&o);
    juten_plot_outcome out;
    o.output = tp_join(dir, "f.png");
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, 0, NULL, NULL, NULL, NULL, &out, NULL),
                     JUTEN_OK);
    ck_assert(out.rendered);
    o.output = tp_join(dir, "r.png");
    ck_assert_int_eq(juten_plot_ranking(&o, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, &out, NULL),
                     JUTEN_OK);
    ck_assert(out.rendered);
    o.output = tp_join(dir, "a.png");
    ck_assert_int_eq(juten_plot_allocation(&o, 0, NULL, NULL, NULL, 0, NULL, NULL, &out, NULL),
                     JUTEN_OK);
    ck_assert(out.rendered);
    /* areas but no portfolio: the empty portfolio block must not shift the
     * area block's index */
    o.output = tp_join(dir, "a2.png");
    ck_assert_int_eq(juten_plot_allocation(&o, 5, areas, NULL, NULL, 0, NULL, NULL, &out, NULL),
                     JUTEN_OK);
    ck_assert(out.rendered);
    o.output = tp_join(dir, "t.png");
    ck_assert_int_eq(juten_plot_tornado(&o, NULL, 0, NULL, NULL, NULL, &out, NULL), JUTEN_OK);
    ck_assert(out.rendered);
    tp_assert_magic(o.output, JUTEN_PLOT_PNG);
}
END_TEST

START_TEST(approximate_frontier_says_so)
{
    /* a frontier sampled within a gap is not called optimal in the legend */
    const char *dir = tp_subdir("approx");
    for (int approx = 0; approx < 2; approx++) {
        juten_plot_options o;
        juten_plot_options_init(&o);
        o.output = tp_join(dir, approx ? "a.png" : "e.png");
        o.gnuplot = "gnuplot-does-not-exist";
        o.approximate = approx;
        juten_plot_outcome out;
        ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, NULL), JUTEN_OK);
        char *gp = tu_read(tp_join(dir, approx ? "a.gp" : "e.gp"), NULL);
        ck_assert_ptr_nonnull(gp);
        char *dat = tu_read(tp_join(dir, approx ? "a.dat" : "e.dat"), NULL);
        ck_assert_ptr_nonnull(dat);
        /* the legend entry the curve takes: texts 1 (optimal) and 2 (within the gap) */
        ck_assert(strstr(dat, "\"optimal value\"") && strstr(dat, "within the gap"));
        ck_assert_msg((strstr(gp, "with steps lw 2.5 lc rgb \"#1f5fa8\" title juten_txt[2]") !=
                       NULL) == (approx == 1), "%s", gp);
        free(dat);
        free(gp);
    }
}
END_TEST

START_TEST(without_gnuplot_writes_files_and_says_how)
{
    const char *dir = tp_subdir("nognuplot");
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s.png", kind_name[k]);
        juten_plot_options o;
        juten_plot_options_init(&o);
        o.output = tp_join(dir, name);
        o.gnuplot = "gnuplot-does-not-exist";
        juten_plot_outcome out;
        ck_assert_int_eq(render((enum kind)k, &o, NULL, &out, d), JUTEN_OK);
        ck_assert(!out.rendered);
        ck_assert_msg(strstr(out.message, "not found") != NULL, "%s", out.message);
        char want[80];
        snprintf(want, sizeof want, "\"gnuplot -d %s.gp\"", kind_name[k]);
        ck_assert_msg(strstr(out.message, want) != NULL, "%s", out.message);
        ck_assert_msg(strstr(out.message, dir) != NULL, "%s", out.message);
        ck_assert(!tp_exists(o.output));
        snprintf(name, sizeof name, "%s.dat", kind_name[k]);
        ck_assert(file_size(tp_join(dir, name)) > 0);
        snprintf(name, sizeof name, "%s.gp", kind_name[k]);
        ck_assert(file_size(tp_join(dir, name)) > 0);
    }
    ck_assert_int_eq(juten_diags_count(d), 0); /* not an error, not even a warning */

    /* the same with the default program name and a PATH without it */
    const char *empty = tp_subdir("emptybin");
    char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", empty, 1);
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tp_join(dir, "again.png");
    juten_plot_outcome out;
    juten_status st = render(TORNADO, &o, NULL, &out, d);
    if (saved) {
        setenv("PATH", saved, 1);
        free(saved);
    }
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert(!out.rendered);
    ck_assert_msg(strstr(out.message, "gnuplot was not found in PATH") != NULL, "%s", out.message);
    ck_assert(tp_exists(tp_join(dir, "again.gp")) && tp_exists(tp_join(dir, "again.dat")));
    assert_no_temps(dir);

    /* and the command the message gives does render it later */
    if (tp_have_gnuplot()) {
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            if (chdir(dir) != 0)
                _exit(126);
            execlp("gnuplot", "gnuplot", "-d", "again.gp", (char *)NULL);
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        tp_assert_magic(tp_join(dir, "again.png"), JUTEN_PLOT_PNG);
    }
    juten_diags_free(d);
}
END_TEST

START_TEST(text_cannot_run_commands)
{
    const char *dir = tp_subdir("inject");
    char pwned[1024], pwned2[1024]; /* copies: tp_join() reuses its buffers */
    snprintf(pwned, sizeof pwned, "%s", tp_join(dir, "PWNED"));
    snprintf(pwned2, sizeof pwned2, "%s", tp_join(dir, "PWNED2"));
    char evil[1200], title[1200], stored[1200];
    snprintf(evil, sizeof evil, "`touch %s` \"q\" a_b", pwned);
    snprintf(title, sizeof title, "`touch %s` @juten_dat $HOME 題名 x_1^2", pwned2);
    /* as the .dat holds it: '"' as '' */
    snprintf(stored, sizeof stored, "`touch %s` ''q'' a_b", pwned);
    bool gp = tp_have_gnuplot();
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++) {
        for (int t = 0; t < 3; t++) {
            char name[64];
            snprintf(name, sizeof name, "%s.%s", kind_name[k], ext[t]);
            juten_plot_options o;
            juten_plot_options_init(&o);
            o.terminal = (juten_plot_terminal)t;
            o.output = tp_join(dir, name);
            o.title = title;
            o.currency = "`touch /nonexistent/x`億円";
            o.budget = 10;
            o.budget_label = "`touch /nonexistent/y` 予算線";
            juten_plot_outcome out;
            juten_status st = render((enum kind)k, &o, evil, &out, d);
            ck_assert_msg(st == JUTEN_OK, "%s: status %d", name, st);
            ck_assert_msg(out.rendered == gp, "%s: %s", name, out.message);

            snprintf(name, sizeof name, "%s.gp", kind_name[k]);
            char *script = tu_read(tp_join(dir, name), NULL);
            ck_assert_ptr_nonnull(script);
            ck_assert_msg(strchr(script, '`') == NULL, "%s holds a backquote", name);
            ck_assert_msg(strstr(script, "PWNED") == NULL, "%s holds the name", name);
            ck_assert_msg(strstr(script, "touch") == NULL, "%s holds the name", name);
            ck_assert_msg(strstr(script, "a_b") == NULL, "%s holds the name", name);
            ck_assert_msg(strstr(script, "題名") == NULL, "%s holds the title", name);
            ck_assert_msg(strstr(script, "予算線") == NULL, "%s holds the budget label", name);
            ck_assert_msg(strstr(script, "noenhanced") != NULL, "%s: enhanced text", name);
            free(script);

            snprintf(name, sizeof name, "%s.dat", kind_name[k]);
            char *data = tu_read(tp_join(dir, name), NULL);
            ck_assert_ptr_nonnull(data);
            ck_assert_msg(strstr(data, stored) != NULL, "%s lacks the name", name);
            ck_assert_msg(strstr(data, "題名") != NULL, "%s lacks the title", name);
            free(data);
        }
    }
    ck_assert_msg(!tp_exists(pwned) && !tp_exists(pwned2), "a backquoted command ran");
    if (gp) {
        /* the text is drawn literally: no subscript, no substitution */
        char *svg = tu_read(tp_join(dir, "allocation.svg"), NULL); /* names uncut */
        ck_assert_ptr_nonnull(svg);
        char want[1200];
        snprintf(want, sizeof want, "`touch %s` ''q'' a_b", pwned);
        ck_assert_msg(strstr(svg, want) != NULL, "the name is not drawn literally");
        ck_assert_msg(strstr(svg, "@juten_dat $HOME 題名 x_1^2") != NULL, "title not literal");
        free(svg);
    }
    assert_no_temps(dir);

    /* control characters and backslashes reach the chart as drawn text */
    if (gp) {
        juten_plot_options o;
        juten_plot_options_init(&o);
        o.terminal = JUTEN_PLOT_SVG;
        o.output = tp_join(dir, "ctl.svg");
        juten_plot_outcome out;
        ck_assert_int_eq(render(RANKING, &o, "x\ty\nz C:\\dir\\101 <b>&", &out, d), JUTEN_OK);
        ck_assert(out.rendered);
        char *svg = tu_read(o.output, NULL);
        ck_assert_msg(strstr(svg, "x y z C:\\dir\\101 &lt;b>&amp;") != NULL, "not literal");
        free(svg);
    }

    /* a file name gnuplot would read as code is refused before anything */
    static const char *const bad_names[] = {"`touch PWNED3`.png", "a'b.png", "a\"b.png",
                                            "@x.png",   "$x.png", "<x.png",
                                            "|x.png",   "~x.png", "a\\b.png",
                                            "-e.png",   "x\n.png", "a#b.png"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        juten_plot_options o;
        juten_plot_options_init(&o);
        o.output = tp_join(dir, bad_names[i]);
        juten_plot_outcome out;
        ck_assert_msg(render(FRONTIER, &o, NULL, &out, NULL) == JUTEN_ERR_USAGE, "%s",
                      bad_names[i]);
        ck_assert(!tp_exists(o.output));
    }
    ck_assert(!tp_exists(tp_join(dir, "PWNED3")));
    /* a Japanese name with spaces and parentheses is fine */
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tp_join(dir, "予算 曲線 (FY2017).png");
    o.gnuplot = "gnuplot-does-not-exist";
    juten_plot_outcome out;
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, NULL), JUTEN_OK);
    ck_assert(tp_exists(tp_join(dir, "予算 曲線 (FY2017).gp")));
    juten_diags_free(d);
}
END_TEST

START_TEST(gnuplot_that_hangs_is_stopped)
{
    const char *dir = tp_subdir("slow");
    const char *bin = tp_subdir("slowbin");
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = fake_program(bin, "#!/bin/sh\nsleep 30\n");
    o.timeout = 1;
    o.output = tp_join(dir, "frontier.png");
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    double t0 = juten_clock_monotonic();
    juten_status st = render(FRONTIER, &o, NULL, &out, d);
    double took = juten_clock_monotonic() - t0;
    ck_assert_int_eq(st, JUTEN_ERR_IO);
    ck_assert_msg(took < 2.5, "took %.2f s", took);
    ck_assert(!out.rendered);
    char *msgs = tp_diag_text(d);
    ck_assert_msg(strstr(msgs, "gnuplot did not finish within 1 s") != NULL, "%s", msgs);
    free(msgs);
    ck_assert(!tp_exists(o.output));
    ck_assert(tp_exists(tp_join(dir, "frontier.gp")) && tp_exists(tp_join(dir, "frontier.dat")));
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(gnuplot_that_fails_keeps_the_old_image)
{
    const char *dir = tp_subdir("fail");
    const char *bin = tp_subdir("failbin");
    const char *old = tu_write("fail/frontier.png", "OLD IMAGE", (size_t)-1);
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = fake_program(bin, "#!/bin/sh\n"
                                  "echo 'some chatter on stdout'\n"
                                  "echo '\"frontier.gp\" line 7: the renderer broke' >&2\n"
                                  "exit 3\n");
    o.output = old;
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    /* the library prints nothing: gnuplot's output is captured */
    fflush(stdout);
    fflush(stderr);
    int saved1 = dup(1), saved2 = dup(2);
    int cap = open(tu_path("fail-stdio.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(cap, 1);
    dup2(cap, 2);
    juten_status st = render(FRONTIER, &o, NULL, &out, d);
    fflush(stdout);
    fflush(stderr);
    dup2(saved1, 1);
    dup2(saved2, 2);
    close(saved1);
    close(saved2);
    close(cap);
    ck_assert_int_eq(file_size(tu_path("fail-stdio.txt")), 0);

    ck_assert_int_eq(st, JUTEN_ERR_IO);
    ck_assert(!out.rendered);
    ck_assert_msg(strstr(out.message, "gnuplot -d frontier.gp") != NULL, "%s", out.message);
    ck_assert_int_eq(juten_diags_errors(d), 1);
    const juten_diag *e = juten_diags_get(d, 0);
    ck_assert_msg(strstr(e->message, "exit status 3") != NULL, "%s", e->message);
    ck_assert_msg(strstr(e->message, "line 7: the renderer broke") != NULL, "%s", e->message);
    char *img = tu_read(old, NULL);
    ck_assert_str_eq(img, "OLD IMAGE");
    free(img);
    assert_no_temps(dir);

    /* a gnuplot that succeeds without writing anything: also kept */
    juten_diags_clear(d);
    o.gnuplot = fake_program(bin, "#!/bin/sh\nexit 0\n");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_ERR_IO);
    char *msgs = tp_diag_text(d);
    ck_assert_msg(strstr(msgs, "wrote no image") != NULL, "%s", msgs);
    free(msgs);
    img = tu_read(old, NULL);
    ck_assert_str_eq(img, "OLD IMAGE");
    free(img);
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(gnuplot_is_run_without_shell_in_the_chart_directory)
{
    const char *dir = tp_subdir("argv");
    const char *bin = tp_subdir("argvbin");
    char script[8192];
    /* records its directory and arguments, then reads stdin (at once at
     * end of file if stdin is /dev/null; a terminal would hang to timeout) */
    snprintf(script, sizeof script,
             "#!/bin/sh\npwd -P > '%s/args.txt'\nfor a in \"$@\"; do echo \"$a\" >> '%s/args.txt'; done\n"
             "cat >> '%s/args.txt'\nexit 0\n",
             bin, bin, bin);
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = fake_program(bin, script);
    o.output = tp_join(dir, "chart.svg");
    o.terminal = JUTEN_PLOT_SVG;
    o.timeout = 10;
    juten_plot_outcome out;
    ck_assert_int_eq(render(TORNADO, &o, NULL, &out, NULL), JUTEN_ERR_IO); /* no image */
    char *args = tu_read(tp_join(bin, "args.txt"), NULL);
    ck_assert_ptr_nonnull(args);
    char *real = realpath(dir, NULL);
    char head[8400];
    /* the image goes to a scratch directory of ours, in $TMPDIR */
    snprintf(head, sizeof head, "%s\n-d\n-e\njuten_out='%s/juten-", real, scratch_root);
    ck_assert_msg(strncmp(args, head, strlen(head)) == 0, "%s", args);
    ck_assert_msg(strstr(args, "'\nchart.gp\n") != NULL, "%s", args);
    ck_assert_msg(strstr(args, "chart.gp\n") + strlen("chart.gp\n") == args + strlen(args),
                  "stdin was not empty: %s", args);
    free(real);
    free(args);
    assert_no_temps(dir);
}
END_TEST

START_TEST(missing_directory)
{
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tu_path("no/such/dir/frontier.png");
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    for (int k = 0; k < NKINDS; k++) {
        juten_diags_clear(d);
        ck_assert_int_eq(render((enum kind)k, &o, NULL, &out, d), JUTEN_ERR_CANTCREAT);
        ck_assert_int_eq(juten_diags_errors(d), 1);
        ck_assert(!out.rendered);
    }
    char *msgs = tp_diag_text(d);
    ck_assert_msg(strstr(msgs, "does not exist") != NULL, "%s", msgs);
    free(msgs);
    /* an existing directory as the image */
    const char *dir = tp_subdir("isdir.png");
    o.output = dir;
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, NULL), JUTEN_ERR_CANTCREAT);
    juten_diags_free(d);
}
END_TEST

START_TEST(bad_arguments)
{
    const char *dir = tp_subdir("badargs");
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tp_join(dir, "x.png");
    o.gnuplot = "gnuplot-does-not-exist";
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    double x[] = {0, 1}, v[] = {0, 1};
    const char *id[] = {"M1", "M2"};
    int area[] = {0, 1};
    double e[] = {1, 2};
    const char *lab[] = {"a", "b"};

    ck_assert_int_eq(juten_plot_frontier(NULL, NULL, NULL, 2, x, v, NULL, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, -1, x, v, NULL, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, 2, NULL, v, NULL, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    double xdown[] = {1, 0};
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, 2, xdown, v, NULL, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_ranking(&o, 2, NULL, NULL, area, e, NULL, 2, areas, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_ranking(&o, 2, id, NULL, area, e, NULL, 1, areas, &out, d),
                     JUTEN_ERR_USAGE); /* area 1 out of 0..0 */
    ck_assert_int_eq(juten_plot_ranking(&o, -3, id, NULL, area, e, NULL, 2, areas, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_allocation(&o, 2, NULL, NULL, NULL, 1, lab, e, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_allocation(&o, 2, areas, NULL, NULL, 1, lab, NULL, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_allocation(&o, -1, areas, NULL, NULL, 1, lab, e, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_tornado(&o, NULL, 2, lab, NULL, e, &out, d), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_tornado(&o, NULL, -2, lab, e, e, &out, d), JUTEN_ERR_USAGE);
    juten_plot_options bad = o;
    bad.output = NULL;
    ck_assert_int_eq(juten_plot_tornado(&bad, NULL, 2, lab, e, e, &out, d), JUTEN_ERR_USAGE);
    bad = o;
    bad.timeout = 0;
    ck_assert_int_eq(juten_plot_tornado(&bad, NULL, 2, lab, e, e, &out, d), JUTEN_ERR_USAGE);
    bad.timeout = NAN;
    ck_assert_int_eq(juten_plot_tornado(&bad, NULL, 2, lab, e, e, &out, d), JUTEN_ERR_USAGE);
    bad = o;
    bad.output = tp_join(dir, "x.dat"); /* would be its own data file */
    ck_assert_int_eq(juten_plot_tornado(&bad, NULL, 2, lab, e, e, &out, d), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_diags_errors(d), 16);
    /* nothing was written by any of them */
    ck_assert(!tp_exists(tp_join(dir, "x.gp")) && !tp_exists(tp_join(dir, "x.dat")));
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(charts_never_replace_special_files)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("special");
    char real[4096], link[4096], fifo[4096], victim[4096], dat_link[4096];
    snprintf(real, sizeof real, "%s", tp_join(dir, "real.png"));
    snprintf(link, sizeof link, "%s", tp_join(dir, "link.png"));
    snprintf(fifo, sizeof fifo, "%s", tp_join(dir, "fifo.png"));
    snprintf(victim, sizeof victim, "%s", tp_join(dir, "victim.txt"));
    snprintf(dat_link, sizeof dat_link, "%s", tp_join(dir, "link.dat"));
    FILE *f = fopen(real, "w");
    fputs("keep", f);
    fclose(f);
    f = fopen(victim, "w");
    fputs("keep", f);
    fclose(f);
    ck_assert_int_eq(symlink("real.png", link), 0);
    /* a sidecar planted as a symlink to another file */
    ck_assert_int_eq(symlink("victim.txt", dat_link), 0);
    juten_diags *d = juten_diags_create(0);
    juten_plot_options o;
    juten_plot_options_init(&o);
    juten_plot_outcome out;

    /* a symlink: the image is written through it, the link stays */
    o.output = link;
    ck_assert_int_eq(render(ALLOCATION, &o, NULL, &out, d), JUTEN_OK);
    ck_assert(out.rendered && out.files_kept);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert_msg(S_ISLNK(st.st_mode), "the symlink was replaced");
    tp_assert_magic(real, JUTEN_PLOT_PNG);
    /* the planted .dat link was replaced by our file; its target untouched */
    ck_assert_int_eq(lstat(dat_link, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    char *text = tu_read(victim, NULL);
    ck_assert_str_eq(text, "keep");
    free(text);
    ck_assert(tp_exists(tp_join(dir, "link.gp")));

    /* a FIFO with a reader: written through, still a FIFO, no files kept */
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    pid_t reader = fork();
    if (reader == 0) {
        int fd = open(fifo, O_RDONLY);
        char b[4096];
        ssize_t n, total = 0, first = -1;
        while ((n = read(fd, b, sizeof b)) > 0) {
            if (first < 0)
                first = n >= 4 && memcmp(b, "\x89PNG", 4) == 0;
            total += n;
        }
        char msg = first == 1 && total > 1000 ? 'y' : 'n';
        (void)!write(pfd[1], &msg, 1);
        _exit(0);
    }
    close(pfd[1]);
    o.output = fifo;
    ck_assert_int_eq(render(ALLOCATION, &o, NULL, &out, d), JUTEN_OK);
    ck_assert(out.rendered && !out.files_kept);
    char got = 0;
    ck_assert_int_eq(read(pfd[0], &got, 1), 1);
    close(pfd[0]);
    waitpid(reader, NULL, 0);
    ck_assert_msg(got == 'y', "the FIFO's reader did not get the PNG");
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    ck_assert(!tp_exists(tp_join(dir, "fifo.dat")) && !tp_exists(tp_join(dir, "fifo.gp")));

    /* private device nodes (root only): never replaced; a full one is an
     * I/O error */
    char dnull[4096], dfull[4096];
    snprintf(dnull, sizeof dnull, "%s", tp_join(dir, "mynull"));
    snprintf(dfull, sizeof dfull, "%s", tp_join(dir, "myfull"));
    if (mknod(dnull, S_IFCHR | 0666, makedev(1, 3)) == 0 &&
        mknod(dfull, S_IFCHR | 0666, makedev(1, 7)) == 0) {
        o.output = dnull;
        ck_assert_int_eq(render(TORNADO, &o, NULL, &out, d), JUTEN_OK);
        ck_assert(out.rendered);
        o.output = dfull;
        juten_diags_clear(d);
        ck_assert_int_eq(render(TORNADO, &o, NULL, &out, d), JUTEN_ERR_IO);
        ck_assert(!out.rendered);
        ck_assert_int_eq(lstat(dnull, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert_int_eq(lstat(dfull, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert(!tp_exists(tp_join(dir, "mynull.dat")) && !tp_exists(tp_join(dir, "myfull.gp")));
    }
    /* a sidecar that is a FIFO is refused, not written into */
    char dat_fifo[4096];
    snprintf(dat_fifo, sizeof dat_fifo, "%s", tp_join(dir, "other.dat"));
    ck_assert_int_eq(mkfifo(dat_fifo, 0600), 0);
    o.output = tp_join(dir, "other.png");
    juten_diags_clear(d);
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_ERR_CANTCREAT);
    ck_assert(!tp_exists(o.output));
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(every_chart_opens_in_a_viewer)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    const char *dir = tp_subdir("viewers");
    bool rsvg = tp_run_tool((const char *const[]){"rsvg-convert", "--version", NULL}) == 0;
    bool poppler = tp_run_tool((const char *const[]){"pdftoppm", "-v", NULL}) == 0;
    if (!rsvg || !poppler)
        fprintf(stderr, "%s: %s%s not installed (scripts/deps.sh installs librsvg2-bin and "
                        "poppler-utils): those checks skipped\n",
                __func__, rsvg ? "" : "rsvg-convert ", poppler ? "" : "pdftoppm");
    juten_diags *d = juten_diags_create(0);
    for (int k = 0; k < NKINDS; k++) {
        char svg[4096], pdf[4096], png[4096], stem[4096];
        snprintf(svg, sizeof svg, "%s/%s.svg", dir, kind_name[k]);
        snprintf(pdf, sizeof pdf, "%s/%s.pdf", dir, kind_name[k]);
        snprintf(png, sizeof png, "%s/%s-svg.png", dir, kind_name[k]);
        snprintf(stem, sizeof stem, "%s/%s-pdf", dir, kind_name[k]);
        juten_plot_options o;
        juten_plot_options_init(&o);
        o.title = "FY2017 予算";
        o.budget = 70; /* beyond the data: the range widens */
        o.budget_label = "予算案";
        o.terminal = JUTEN_PLOT_SVG;
        o.output = svg;
        juten_plot_outcome out;
        ck_assert_int_eq(render((enum kind)k, &o, NULL, &out, d), JUTEN_OK);
        ck_assert(out.rendered);
        char *text = tu_read(svg, NULL);
        /* a zero scale is an invalid matrix: viewers refuse the file */
        ck_assert_msg(!strstr(text, "scale(0.00)"), "%s: scale(0.00)", svg);
        /* Japanese shows on a PC without IPAex */
        ck_assert_msg(strstr(text, "font-family=\"IPAexGothic, Noto Sans CJK JP, Yu Gothic, "
                                   "Meiryo, sans-serif\""),
                      "%s: no font fallbacks", svg);
        free(text);
        if (rsvg) {
            ck_assert_msg(tp_run_tool((const char *const[]){"rsvg-convert", "-o", png, svg,
                                                         NULL}) == 0,
                          "rsvg-convert refused %s", svg);
            tp_assert_magic(png, JUTEN_PLOT_PNG);
        }
        o.terminal = JUTEN_PLOT_PDF;
        o.output = pdf;
        ck_assert_int_eq(render((enum kind)k, &o, NULL, &out, d), JUTEN_OK);
        ck_assert(out.rendered);
        if (poppler) {
            ck_assert_msg(tp_run_tool((const char *const[]){"pdftoppm", "-png", "-r", "30",
                                                         "-singlefile", pdf, stem, NULL}) == 0,
                          "pdftoppm refused %s", pdf);
            char out_png[4200];
            snprintf(out_png, sizeof out_png, "%s.png", stem);
            tp_assert_magic(out_png, JUTEN_PLOT_PNG);
        }
    }
    char *msgs = tp_diag_text(d);
    ck_assert_msg(juten_diags_count(d) == 0, "%s", msgs);
    free(msgs);
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

START_TEST(format_follows_the_file_name)
{
    const char *dir = tp_subdir("names");
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = "gnuplot-does-not-exist"; /* no rendering needed */
    juten_diags *d = juten_diags_create(0);
    juten_plot_outcome out;
    /* a PDF named .png, and a format juten does not draw */
    o.terminal = JUTEN_PLOT_PDF;
    o.output = tp_join(dir, "x.png");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_ERR_USAGE);
    o.terminal = JUTEN_PLOT_PNG;
    o.output = tp_join(dir, "x.jpg");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_diags_errors(d), 2);
    char *msgs = tp_diag_text(d);
    ck_assert_msg(strstr(msgs, "ends in .png but the chart is drawn as PDF"), "%s", msgs);
    ck_assert_msg(strstr(msgs, "must end in .png, .svg or .pdf"), "%s", msgs);
    free(msgs);
    ck_assert(!tp_exists(tp_join(dir, "x.dat")) && !tp_exists(tp_join(dir, "x.gp")));
    /* the extension in any case, and no extension at all, are fine */
    juten_diags_clear(d);
    o.terminal = JUTEN_PLOT_SVG;
    o.output = tp_join(dir, "Chart.SVG");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_OK);
    o.output = tp_join(dir, "chart");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, &out, d), JUTEN_OK);
    ck_assert(tp_exists(tp_join(dir, "chart.gp")));
    assert_no_temps(dir);
    juten_diags_free(d);
}
END_TEST

/* ---- charts fit for a slide ---- */

#define FY2017 tu_src("scenarios/fy2017/scenario.ini")

/* The .dat and .gp of a chart drawn at dir/stem.png without gnuplot. */
static juten_plot_options quiet_options(const char *dir, const char *stem)
{
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.gnuplot = "gnuplot-does-not-exist";
    static char paths[8][4096]; /* o.output stays valid for the next 7 calls */
    static int k;
    char *p = paths[k++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s.png", dir, stem);
    o.output = p;
    return o;
}

static char *chart_file(const char *dir, const char *stem, const char *ext_)
{
    char name[256];
    snprintf(name, sizeof name, "%s.%s", stem, ext_);
    char *t = tu_read(tp_join(dir, name), NULL);
    ck_assert_msg(t != NULL, "no %s", name);
    return t;
}

/* The lower end of the script's "set yrange [lo:hi]". */
static double yrange_low(const char *gp)
{
    const char *p = strstr(gp, "set yrange [");
    ck_assert_msg(p != NULL, "no y range: %s", gp);
    return strtod(p + strlen("set yrange ["), NULL);
}

START_TEST(frontier_axis_fits_the_data)
{
    const char *dir = tp_subdir("fit");
    /* values from 118 to 154: the axis must not start at 0 (the curve
     * would use the top fifth) */
    static const double x[] = {-43.5, -40, -35, -30, -25, -21};
    static const double v[] = {118.4, 124, 131, 140, 148, 154.3};
    juten_plot_options o = quiet_options(dir, "high");
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, 6, x, v, NULL, NULL, NULL, NULL), JUTEN_OK);
    char *gp = chart_file(dir, "high", "gp");
    double lo = yrange_low(gp);
    ck_assert_msg(lo > 100 && lo < 118.4, "y axis from %g", lo);
    free(gp);
    /* values from 0: the axis starts at 0, not below */
    static const double v0[] = {0, 24, 31, 40, 48, 54.3};
    o = quiet_options(dir, "zero");
    ck_assert_int_eq(juten_plot_frontier(&o, NULL, NULL, 6, x, v0, NULL, NULL, NULL, NULL), JUTEN_OK);
    gp = chart_file(dir, "zero", "gp");
    ck_assert_msg(yrange_low(gp) == 0, "y axis from %g", yrange_low(gp));
    free(gp);
}
END_TEST

START_TEST(budget_is_marked_on_frontier_and_ranking)
{
    const char *dir = tp_subdir("budget");
    for (int k = FRONTIER; k <= RANKING; k++)
        for (int with = 0; with < 2; with++) {
            char stem[32];
            snprintf(stem, sizeof stem, "%s-%d", kind_name[k], with);
            juten_plot_options o = quiet_options(dir, stem);
            if (with) {
                o.budget = 75; /* beyond both charts' data */
                o.budget_label = "scenario's headroom: 75 億円";
            }
            ck_assert_int_eq(render((enum kind)k, &o, NULL, NULL, NULL), JUTEN_OK);
            char *gp = chart_file(dir, stem, "gp"), *dat = chart_file(dir, stem, "dat");
            /* the line at the budget, its label in the data (never the script) */
            ck_assert_msg((strstr(gp, "set arrow 1 from 75,") != NULL) == with, "%s: %s", stem, gp);
            ck_assert_msg((strstr(dat, "\"scenario's headroom: 75 億円\"") != NULL) == with, "%s",
                          stem);
            ck_assert(!strstr(gp, "億円"));
            /* the x axis reaches the budget */
            const char *xr = strstr(gp, "set xrange [");
            ck_assert_ptr_nonnull(xr);
            double x1 = strtod(strchr(xr, ':') + 1, NULL);
            ck_assert_msg(with ? x1 > 75 : x1 < 75, "%s: x axis to %g", stem, x1);
            free(gp);
            free(dat);
        }
}
END_TEST

/* A curve whose list of points was cut (max points, --to) may change after
 * its last point: it is not drawn on to a budget beyond it, and the budget
 * gets no value on the curve (FY2017's default frontier stops at 200
 * breakpoints near -21 億円, far below the scenario's headroom of 0, where
 * the optimum is 186.06, not the last point's 154). */
START_TEST(cut_frontier_is_not_drawn_beyond_its_last_point)
{
    const char *dir = tp_subdir("cut");
    for (int cut = 0; cut < 2; cut++) {
        char stem[16];
        snprintf(stem, sizeof stem, "cut-%d", cut);
        juten_plot_options o = quiet_options(dir, stem);
        o.budget = 75; /* beyond the data, whose last point is at 60 with value 190 */
        o.cut = cut;
        ck_assert_int_eq(render(FRONTIER, &o, NULL, NULL, NULL), JUTEN_OK);
        char *dat = chart_file(dir, stem, "dat");
        ck_assert_msg((strstr(dat, "\n75\t190\n") != NULL) == !cut, "%s: %s", stem, dat);
        const char *b3 = strstr(dat, "\n75\t");
        while (b3 && strncmp(b3, "\n75\t190\n", 9) == 0)
            b3 = strstr(b3 + 1, "\n75\t");
        ck_assert_ptr_nonnull(b3); /* the budget's own line */
        const char *eol = strchr(b3 + 1, '\n');
        bool nan_at = eol && eol - b3 > 4 && strncmp(eol - 3, "NaN", 3) == 0;
        ck_assert_msg(nan_at == (bool)cut, "%s: %.*s", stem, (int)(eol - b3), b3);
        free(dat);
    }
}
END_TEST

START_TEST(frontier_labels_few_and_placed)
{
    /* labels are drawn horizontally below the curve, each beside its point
     * and none over another; one with no room is left out, not piled up */
    const char *dir = tp_subdir("labels");
    juten_plot_options o = quiet_options(dir, "f");
    ck_assert_int_eq(render(FRONTIER, &o, NULL, NULL, NULL), JUTEN_OK);
    char *gp = chart_file(dir, "f", "gp");
    ck_assert_msg(!strstr(gp, "rotate"), "labels are rotated: %s", gp);
    ck_assert(strstr(gp, "using 6:7:4 with labels left"));
    free(gp);
    /* read the placed labels back from block 1 */
    char *dat = chart_file(dir, "f", "dat");
    static const double x[] = {0, 4.2, 9.5, 13.1, 18, 22.4, 27.9, 33, 39.5, 45.2, 52, 60};
    static const double v[] = {0, 31, 58, 74, 92, 108, 121, 137, 150, 163, 178, 190};
    const char *p = strstr(dat, "\n\n\n");
    ck_assert_ptr_nonnull(p);
    int placed = 0;
    for (int i = 0; i < 12; i++) {
        p = strchr(p + 1, '\n');
        while (p[1] == '\n')
            p++;
        const char *line = p + 1, *end = strchr(line, '\n');
        /* the last two fields: where the label is drawn */
        const char *t2 = end;
        while (t2 > line && t2[-1] != '\t')
            t2--;
        const char *t1 = t2 - 1;
        while (t1 > line && t1[-1] != '\t')
            t1--;
        double lx = strtod(t1, NULL), ly = strtod(t2, NULL);
        if (strncmp(t1, "NaN", 3) == 0)
            continue;
        placed++;
        /* below the curve where it starts: the step function's value there */
        double curve = -HUGE_VAL;
        for (int q = 0; q < 12 && x[q] <= lx; q++)
            curve = v[q];
        ck_assert_msg(ly < curve, "label %d at (%g, %g) above the curve (%g)", i, lx, ly, curve);
        ck_assert_msg(fabs(lx - x[i]) < 15, "label %d at %g, far from its point %g", i, lx, x[i]);
    }
    ck_assert_msg(placed >= 4, "only %d labels placed", placed);
    free(dat);
}
END_TEST

/* Every script is ASCII: the charts' own texts (English, or the language
 * chosen) are data, in the .dat, like the caller's. */
START_TEST(chart_texts_are_data_and_english)
{
    const char *dir = tp_subdir("lang");
    for (int k = 0; k < NKINDS; k++) {
        juten_plot_options o = quiet_options(dir, kind_name[k]);
        o.budget = 5;
        ck_assert_int_eq(render((enum kind)k, &o, NULL, NULL, NULL), JUTEN_OK);
        char *gp = chart_file(dir, kind_name[k], "gp");
        for (const unsigned char *c = (const unsigned char *)gp; *c; c++)
            ck_assert_msg(*c < 0x80, "%s.gp holds a non-ASCII text near: %.40s", kind_name[k],
                          (const char *)c - (c - (const unsigned char *)gp > 20 ? 20 : 0));
        ck_assert_msg(strstr(gp, "juten_txt"), "%s: no text block", kind_name[k]);
        free(gp);
        char *dat = chart_file(dir, kind_name[k], "dat");
        static const char *const english[] = {"\"LP-relaxation bound\"", "\"leaves again",
                                              "\"minimum share\"", "\"funded (in the portfolio)\""};
        ck_assert_msg(strstr(dat, english[k]), "%s: %s", kind_name[k], dat);
        free(dat);
    }
    /* the empty chart too */
    juten_plot_options o = quiet_options(dir, "empty");
    ck_assert_int_eq(juten_plot_tornado(&o, NULL, 0, NULL, NULL, NULL, NULL, NULL), JUTEN_OK);
    char *gp = chart_file(dir, "empty", "gp");
    ck_assert_msg(strstr(gp, "set label 1 juten_txt["), "%s", gp);
    ck_assert_msg(!strstr(gp, "no data"), "%s", gp);
    free(gp);
    char *dat = chart_file(dir, "empty", "dat");
    ck_assert_msg(strstr(dat, "\"no data\""), "%s", dat);
    free(dat);
}
END_TEST

/* Japanese chosen: every fixed text of each chart is the catalogue's
 * Japanese, none is left in English (one language per chart), and the
 * script stays ASCII.  The catalogue is the build's (build/locale, beside
 * the tests directory), bound the way cli/lang.c binds it. */
START_TEST(chart_texts_follow_the_language)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    ck_assert(len > 0);
    exe[len] = 0;
    char *slash = strrchr(exe, '/');
    ck_assert(slash);
    *slash = 0; /* build/tests */
    slash = strrchr(exe, '/');
    ck_assert(slash);
    strcpy(slash, "/locale");
    ck_assert_msg(access(exe, F_OK) == 0, "no catalogue at %s", exe);
    bindtextdomain(JUTEN_TEXTDOMAIN, exe);
    bind_textdomain_codeset(JUTEN_TEXTDOMAIN, "UTF-8");
    ck_assert(setlocale(LC_MESSAGES, "C.UTF-8"));
    setenv("LANGUAGE", "ja", 1);
    juten_i18n_set_language("ja");

    static const char *const english[NKINDS][6] = {
        {"optimal value", "best value found (within the gap)", "LP-relaxation bound",
         "scenario's budget", "no data", NULL},
        {"leaves again at a larger budget", "budget at which the measure is first funded",
         "no data", NULL},
        {"minimum share", "maximum share", "policy area", "share of spending (%)", "no data",
         NULL},
        {"margin downwards (the estimate may fall this far)",
         "margin upwards (the estimate must rise this far)", "funded (in the portfolio)",
         "margin before the decision flips", "no data", NULL},
    };
    static const char *const japanese[NKINDS] = {"\"LP緩和による上界\"",
                                                 "\"施策が初めて採択される予算\"",
                                                 "\"最低配分比率\"", "\"判断が変わるまでの余裕\""};
    const char *dir = tp_subdir("ja");
    for (int k = 0; k < NKINDS; k++) {
        juten_plot_options o = quiet_options(dir, kind_name[k]);
        o.budget = 5;
        ck_assert_int_eq(render((enum kind)k, &o, NULL, NULL, NULL), JUTEN_OK);
        char *gp = chart_file(dir, kind_name[k], "gp");
        for (const unsigned char *c = (const unsigned char *)gp; *c; c++)
            ck_assert_msg(*c < 0x80, "%s.gp holds a non-ASCII text", kind_name[k]);
        free(gp);
        char *dat = chart_file(dir, kind_name[k], "dat");
        ck_assert_msg(strstr(dat, japanese[k]), "%s: %s", kind_name[k], dat);
        for (int e = 0; english[k][e]; e++) {
            char quoted[128];
            snprintf(quoted, sizeof quoted, "\"%s\"", english[k][e]);
            ck_assert_msg(!strstr(dat, quoted), "%s: English %s left: %s", kind_name[k],
                          quoted, dat);
        }
        ck_assert_msg(!strstr(dat, "(leaves later)"), "%s: %s", kind_name[k], dat);
        free(dat);
    }
    /* the empty chart says so in Japanese */
    juten_plot_options o = quiet_options(dir, "empty");
    ck_assert_int_eq(juten_plot_tornado(&o, NULL, 0, NULL, NULL, NULL, NULL, NULL), JUTEN_OK);
    char *dat = chart_file(dir, "empty", "dat");
    ck_assert_msg(strstr(dat, "\"データなし\"") && !strstr(dat, "\"no data\""), "%s", dat);
    free(dat);
}
END_TEST

/* A planner's shell in the C locale (LC_ALL=C, a bare server): gnuplot
 * still reads the UTF-8 scripts without the "iconv failed to convert degree
 * sign" warning, because juten runs it with LC_ALL=C.UTF-8. */
START_TEST(renders_quietly_in_the_c_locale)
{
    TP_SKIP_WITHOUT_GNUPLOT();
    setenv("LC_ALL", "C", 1);
    const char *dir = tp_subdir("clocale");
    juten_diags *d = juten_diags_create(0);
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tp_join(dir, "frontier.png");
    o.title = "FY2017 トレードオフ曲線";
    juten_plot_outcome out;
    juten_status st = render(FRONTIER, &o, NULL, &out, d);
    char *msgs = tp_diag_text(d);
    ck_assert_msg(st == JUTEN_OK && out.rendered, "status %d: %s %s", st, out.message, msgs);
    ck_assert_msg(juten_diags_count(d) == 0, "diagnostics: %s", msgs);
    free(msgs);
    juten_diags_free(d);
}
END_TEST

START_TEST(keys_sit_inside)
{
    const char *dir = tp_subdir("keys");
    for (int k = 0; k < NKINDS; k++) {
        juten_plot_options o = quiet_options(dir, kind_name[k]);
        ck_assert_int_eq(render((enum kind)k, &o, NULL, NULL, NULL), JUTEN_OK);
        char *gp = chart_file(dir, kind_name[k], "gp");
        ck_assert_msg(strstr(gp, "set key ") && !strstr(gp, "set key outside"), "%s: %s",
                      kind_name[k], gp);
        free(gp);
    }
    /* bar charts keep rows free above the bars for the key: 6 bars, more rows */
    char *gp = chart_file(dir, "ranking", "gp");
    const char *yr = strstr(gp, "set yrange [0.4:");
    ck_assert_ptr_nonnull(yr);
    ck_assert_int_gt(atoi(yr + strlen("set yrange [0.4:")), 6 + 1);
    free(gp);
    gp = chart_file(dir, "tornado", "gp");
    yr = strstr(gp, "set yrange [0.4:");
    ck_assert_ptr_nonnull(yr);
    ck_assert_int_gt(atoi(yr + strlen("set yrange [0.4:")), 4 + 1);
    free(gp);
    /* the allocation's key goes to the lower side (here: the right, 16 % and
     * 14 % against 32 % and 28 %) and the y range leaves room above it */
    gp = chart_file(dir, "allocation", "gp");
    ck_assert_msg(strstr(gp, "set key inside top right"), "%s", gp);
    free(gp);
}
END_TEST

/* The figures of the FY2017 round: each title says what the chart shows
 * and names the scenario; the savings-rate frontier is in %, not money;
 * the tornado marks the funded measures. */
START_TEST(figures_say_what_they_show)
{
    const char *dir = tp_subdir("figures");
    juten_diags *d = juten_diags_create(0);
    juten_model *m = NULL;
    ck_assert_int_eq(juten_model_load(FY2017, &m, d), JUTEN_OK);
    int nm = juten_model_measure_count(m);
    const char *scen = juten_model_name(m);
    ck_assert(scen && *scen);
    char want[512];

    /* a hand-made frontier of three points, for both parameters */
    unsigned char *sel = calloc(3 * (size_t)nm, 1);
    for (int j = 0; j < 6; j++)
        sel[j] = sel[nm + j] = sel[2 * nm + j] = 1;
    sel[nm + 10] = sel[2 * nm + 10] = sel[2 * nm + 11] = sel[2 * nm + 12] = 1;
    juten_frontier_point pts[3] = {
        {.at = 0.5, .objective = 120, .lp_bound = 125, .proven = true, .selected = sel},
        {.at = 0.7, .objective = 135, .lp_bound = 138, .proven = true, .selected = sel + nm},
        {.at = 0.9, .objective = 150, .lp_bound = 151, .proven = true, .selected = sel + 2 * nm}};
    juten_frontier f = {.parameter = JUTEN_SWEEP_SAVINGS_RATE, .n_measures = nm, .n_points = 3,
                        .points = pts, .complete = true, .scenario_headroom = NAN};
    juten_plot_options o = quiet_options(dir, "rate");
    o.currency = "億円";
    ck_assert_int_eq(juten_figure_frontier(&o, m, &f, NULL, d), JUTEN_OK);
    char *dat = chart_file(dir, "rate", "dat");
    char *head_end = strstr(dat, "\n\n\n"); /* block 0: title, x label, y label */
    ck_assert_ptr_nonnull(head_end);
    *head_end = 0;
    snprintf(want, sizeof want, "\"Risk reduction against the share of savings realised (%s)\"",
             scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    ck_assert_msg(strstr(dat, "savings rate (%") && !strstr(dat, "億円"), "%s", dat);
    *head_end = '\n';
    /* the rate in %: the scenario's rate (1 = 100 %) and points at 50 .. 90 */
    ck_assert_msg(strstr(dat, "\"scenario's savings rate: 100%\""), "%s", dat);
    ck_assert_msg(strstr(dat, "\n50\t120\t"), "%s", dat);
    /* labels name the measure joining, shortened, not a list of ids */
    ck_assert_msg(strstr(dat, "\"+M") && strstr(dat, ", +1 more\""), "%s", dat);
    free(dat);

    f.parameter = JUTEN_SWEEP_HEADROOM;
    for (int i = 0; i < 3; i++)
        pts[i].at = -30 + 10 * i;
    o = quiet_options(dir, "headroom");
    o.currency = "億円";
    ck_assert_int_eq(juten_figure_frontier(&o, m, &f, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "headroom", "dat");
    snprintf(want, sizeof want, "\"Risk reduction against the money allowed beyond savings (%s)\"",
             scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    ck_assert_msg(strstr(dat, "(億円)\""), "%s", dat); /* money: in the unit */
    ck_assert_msg(strstr(dat, "\"scenario's headroom: 0 億円\""), "%s", dat);
    free(dat);
    /* a headroom the caller gives (--headroom) is the one marked */
    o = quiet_options(dir, "given");
    o.currency = "億円";
    o.budget = -15;
    ck_assert_int_eq(juten_figure_frontier(&o, m, &f, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "given", "dat");
    ck_assert_msg(strstr(dat, "\"scenario's headroom: -15 億円\""), "%s", dat);
    free(dat);

    /* ranking: two measures */
    juten_rank_entry re[2] = {{.measure = 0, .rank = 1, .entry_at = -20, .leaves_at = NAN},
                              {.measure = 1, .rank = 2, .entry_at = 5, .leaves_at = NAN}};
    juten_ranking rk = {.n = 2, .entries = re, .scenario_headroom = 0};
    o = quiet_options(dir, "ranking");
    ck_assert_int_eq(juten_figure_ranking(&o, m, &rk, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "ranking", "dat");
    snprintf(want, sizeof want,
             "\"Priority ranking: the budget at which each measure is first funded (%s)\"", scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    ck_assert_msg(strstr(dat, "\"scenario's headroom: 0\""), "%s", dat);
    free(dat);

    /* tornado: one funded, one not */
    juten_measure_explanation ex[2];
    memset(ex, 0, sizeof ex);
    ex[0].measure = 0;
    ex[0].selected = true;
    ex[0].can_flip = true;
    ex[0].break_even_risk = juten_model_measure_risk(m, 0) * 0.9;
    ex[1].measure = 1;
    ex[1].selected = false;
    ex[1].can_flip = true;
    ex[1].break_even_risk = juten_model_measure_risk(m, 1) * 1.2;
    o = quiet_options(dir, "tornado");
    ck_assert_int_eq(juten_figure_tornado(&o, m, ex, 2, 0, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "tornado", "dat");
    snprintf(want, sizeof want,
             "\"How far each risk-reduction estimate may move before the decision flips (%s)\"",
             scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    /* the rows end in the funded flag: M01 (funded, first: the smaller margin) 1, the other 0 */
    char id0[64];
    snprintf(id0, sizeof id0, "\"%s ", juten_model_measure_id(m, 0));
    const char *row0 = strstr(dat, id0);
    ck_assert_ptr_nonnull(row0);
    const char *eol = strchr(row0, '\n');
    ck_assert_msg(eol[-1] == '1' && eol[-2] == '\t', "%.*s", (int)(eol - row0), row0);
    ck_assert_msg(strstr(eol, "\t0\n"), "%s", eol);
    free(dat);
    char *gp = chart_file(dir, "tornado", "gp");
    ck_assert_msg(strstr(gp, "($13 == 1 ?") && strstr(gp, "pt 5"), "%s", gp);
    free(gp);

    /* allocation: the optimal portfolio */
    juten_solve_options so;
    juten_solve_options_init(&so);
    so.explain = false;
    juten_result *r = NULL;
    ck_assert_int_eq(juten_solve(m, &so, &r, d), JUTEN_OK);
    o = quiet_options(dir, "allocation");
    ck_assert_int_eq(juten_figure_allocation(&o, m, r, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "allocation", "dat");
    snprintf(want, sizeof want,
             "\"Share of spending per policy area: requested against funded (%s)\"", scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    free(dat);
    juten_result_free(r);

    /* confidence: nominal and robust */
    juten_confidence_point cp[2] = {
        {.target = 0, .objective = 186, .probability = 0.16, .ci_lo = 0.15, .ci_hi = 0.17},
        {.target = NAN, .robust = true, .objective = 126, .probability = 1, .ci_lo = 0.99,
         .ci_hi = 1}};
    juten_confidence c;
    memset(&c, 0, sizeof c);
    c.n_price = 2;
    c.price = cp;
    o = quiet_options(dir, "confidence");
    ck_assert_int_eq(juten_figure_confidence(&o, m, &c, NULL, d), JUTEN_OK);
    dat = chart_file(dir, "confidence", "dat");
    snprintf(want, sizeof want,
             "\"The price of confidence: value against the probability the offset holds (%s)\"",
             scen);
    ck_assert_msg(strstr(dat, want), "%s", dat);
    ck_assert_msg(!strstr(dat, "価値"), "%s", dat);
    free(dat);

    char *msgs = tp_diag_text(d);
    ck_assert_msg(juten_diags_errors(d) == 0, "%s", msgs);
    free(msgs);
    free(sel);
    juten_model_free(m);
    juten_diags_free(d);
}
END_TEST

static Suite *plots_suite(void)
{
    Suite *s = suite_create("plots");
    TCase *tc = tcase_create("plots");
    tcase_add_test(tc, options_and_terminals);
    tcase_add_test(tc, data_fields);
    tcase_add_test(tc, renders_every_kind_and_format);
    tcase_add_test(tc, empty_charts_render);
    tcase_add_test(tc, without_gnuplot_writes_files_and_says_how);
    tcase_add_test(tc, approximate_frontier_says_so);
    tcase_add_test(tc, text_cannot_run_commands);
    tcase_add_test(tc, gnuplot_that_hangs_is_stopped);
    tcase_add_test(tc, gnuplot_that_fails_keeps_the_old_image);
    tcase_add_test(tc, gnuplot_is_run_without_shell_in_the_chart_directory);
    tcase_add_test(tc, missing_directory);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, charts_never_replace_special_files);
    tcase_add_test(tc, every_chart_opens_in_a_viewer);
    tcase_add_test(tc, format_follows_the_file_name);
    tcase_add_test(tc, frontier_axis_fits_the_data);
    tcase_add_test(tc, budget_is_marked_on_frontier_and_ranking);
    tcase_add_test(tc, frontier_labels_few_and_placed);
    tcase_add_test(tc, cut_frontier_is_not_drawn_beyond_its_last_point);
    tcase_add_test(tc, chart_texts_are_data_and_english);
    tcase_add_test(tc, chart_texts_follow_the_language);
    tcase_add_test(tc, renders_quietly_in_the_c_locale);
    tcase_add_test(tc, keys_sit_inside);
    tcase_add_test(tc, figures_say_what_they_show);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    tu_tmpdir(); /* shared by the forked tests, removed below */
    snprintf(scratch_root, sizeof scratch_root, "%s", tu_path("scratch"));
    mkdir(scratch_root, 0700);
    setenv("TMPDIR", scratch_root, 1);
    return tu_run_suite(plots_suite());
}
