/*
 * test_html.c -- `juten report`: the meeting's HTML page, through the real
 * binary.  What the browser test (report_browser.sh) cannot see cheaply:
 * data names escaped, nothing outside the page, the decision record's
 * sha256 sums equal to an independent sha256sum, the same bytes twice, an
 * infeasible round, the comparison section, writing through a symlink, and
 * the usage errors.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static tu_run_result run(const char *const *args)
{
    return tu_juten(NULL, NULL, args);
}
#define RUN(...) run((const char *const[]){__VA_ARGS__, NULL})

/* A small round with an evil measure name, ranges and [uncertainty]. */
static const char *small_round(const char *dir, const char *headroom)
{
    char p[256];
    snprintf(p, sizeof p, "%s/areas.csv", dir);
    tu_write(p, "id,name,weight\nsociety,社会 & <b>安全</b>,1\neconomy,経済,1.2\n", (size_t)-1);
    snprintf(p, sizeof p, "%s/measures.csv", dir);
    tu_write(p,
             "id,name,area,cost,risk_reduction,saving,cost_low,cost_high,saving_low,saving_high\n"
             "M1,</svg><script>alert(1)</script>,society,4,9,0,3,6,,\n"
             "M2,監視の強化,society,3,5,0,2.5,4,,\n"
             "M3,\"人材 \"\"育成\"\" 'x'\",economy,2,3,0,1.5,3,,\n"
             "M4,演習,economy,1,1,0,0.8,1.5,,\n"
             "S1,業務改革,society,0.5,0,7,0.4,0.7,5,8\n",
             (size_t)-1);
    snprintf(p, sizeof p, "%s/s.ini", dir);
    char ini[1024];
    snprintf(ini, sizeof ini,
             "[scenario]\nname = Test round\nmeasures = measures.csv\nareas = areas.csv\n"
             "currency = 億円\nheadroom = %s\n[uncertainty]\ndraws = 300\nseed = 7\n",
             headroom ? headroom : "1");
    return tu_write(p, ini, (size_t)-1);
}

static void report(const char *const *args, int want_status)
{
    tu_run_result r = run(args);
    ck_assert_msg(r.status == want_status, "status %d, stderr: %s", r.status, r.err);
    tu_run_free(&r);
}

START_TEST(report_escapes_names_and_refers_to_nothing_outside)
{
    const char *ini = small_round("h1", NULL);
    const char *out = tu_path("h1/report.html");
    tu_run_result r = RUN("report", ini, "-o", out, "--no-confidence", "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.err, "report written to"), "%s", r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    ck_assert_ptr_nonnull(html);
    /* the evil name is text, never markup */
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "社会 &amp; &lt;b&gt;安全&lt;/b&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "人材 &quot;育成&quot; &#39;x&#39;"));
    /* every address is an SVG namespace; nothing is loaded from elsewhere */
    for (const char *p = html; (p = strstr(p, "http")) != NULL; p++)
        ck_assert_msg(!strncmp(p, "http://www.w3.org/2000/svg\"", 27) ||
                          !strncmp(p, "http://www.w3.org/1999/xlink\"", 29),
                      "an address: %.60s", p);
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_ptr_null(strstr(html, "<link"));
    ck_assert_ptr_null(strstr(html, "<img"));
    ck_assert_ptr_null(strstr(html, "@import"));
    /* the sections a meeting needs */
    static const char *const ids[] = {"portfolio", "rules", "more", "ranking", "tradeoff",
                                      "explanations", "prices", "uncertainty", "record"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "<section id=\"%s\"", ids[i]);
        ck_assert_msg(strstr(html, want), "no section %s", ids[i]);
        /* and the contents link to it */
        snprintf(want, sizeof want, "<li><a href=\"#%s\">", ids[i]);
        ck_assert_msg(strstr(html, want), "no contents entry for %s", ids[i]);
    }
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"en\">"));
    ck_assert_ptr_nonnull(strstr(html, "@media print"));
    free(html);
}
END_TEST

/* gnuplot draws the charts: each an inline SVG whose ids are its own */
START_TEST(report_inlines_charts_with_their_own_ids)
{
    if (system("command -v gnuplot >/dev/null 2>&1") != 0)
        return; /* no charts to inline: the page is still written (below) */
    const char *ini = small_round("h2", NULL);
    const char *out = tu_path("h2/report.html");
    tu_run_result r = RUN("report", ini, "-o", out, "--no-confidence", "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    int charts = 0;
    for (const char *p = html; (p = strstr(p, "<svg class=\"chart\"")) != NULL; p++)
        charts++;
    ck_assert_int_ge(charts, 4);
    ck_assert_ptr_null(strstr(html, "<?xml"));
    /* a reference to a definition names that chart's copy */
    ck_assert_ptr_null(strstr(html, "href='#gp"));
    ck_assert_ptr_null(strstr(html, "id='gp"));
    ck_assert_ptr_nonnull(strstr(html, "id='c1-gp") ? strstr(html, "id='c1-gp")
                                                     : strstr(html, "id='c2-gp"));
    free(html);
    /* no scratch files left, beside the report or in $TMPDIR: each chart
     * was drawn in a private directory, removed after */
    char dir[512], scratch[512], cmd[1200];
    snprintf(dir, sizeof dir, "%s/h2", tu_tmpdir());
    snprintf(scratch, sizeof scratch, "%s/h2-tmp", tu_tmpdir());
    ck_assert_int_eq(mkdir(scratch, 0700), 0);
    const char *old = getenv("TMPDIR");
    char *keep = old ? strdup(old) : NULL;
    setenv("TMPDIR", scratch, 1);
    r = RUN("report", ini, "-o", out, "--no-confidence", "--quiet");
    if (keep) {
        setenv("TMPDIR", keep, 1);
        free(keep);
    } else {
        unsetenv("TMPDIR");
    }
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 4 && test -z \"$(ls -A %s)\"", dir,
             scratch);
    ck_assert_msg(system(cmd) == 0, "files left beside the report in %s or in %s", dir, scratch);
}
END_TEST

/* without gnuplot the page is still written, without charts, with a warning */
START_TEST(report_without_gnuplot_has_no_charts_and_says_so)
{
    const char *ini = small_round("h9", NULL);
    const char *out = tu_path("h9/report.html");
    tu_run_result r = tu_juten(NULL, "/nonexistent",
                               (const char *const[]){"report", ini, "-o", out, "--no-confidence",
                                                     "--quiet", NULL});
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.err, "charts are left out") && strstr(r.err, "gnuplot"), "%s", r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    ck_assert_ptr_null(strstr(html, "<svg"));
    ck_assert_ptr_nonnull(strstr(html, "<section id=\"record\""));
    free(html);
}
END_TEST

START_TEST(report_same_bytes_twice_and_record_matches_sha256sum)
{
    const char *ini = small_round("h3", NULL);
    char a[512];
    snprintf(a, sizeof a, "%s", tu_path("h3/a.html"));
    size_t la, lb;
    report((const char *const[]){"report", ini, "-o", a, "--quiet", "--jobs", "1", NULL}, 0);
    char *ha = tu_read(a, &la);
    report((const char *const[]){"report", ini, "-o", a, "--quiet", "--jobs", "2", NULL}, 0);
    char *hb = tu_read(a, &lb);
    /* the same bytes but for the command line the record quotes */
    char *ca = strstr(ha, "--jobs 1"), *cb = strstr(hb, "--jobs 2");
    ck_assert(ca && cb);
    ca[7] = cb[7] = 'T';
    ck_assert_uint_eq(la, lb);
    ck_assert_msg(memcmp(ha, hb, la) == 0, "1 and 2 threads give different pages");
    /* the record: each input's sha256 as sha256sum computes it, the seed,
     * the draws, the versions and the command line */
    static const char *const files[] = {"s.ini", "measures.csv", "areas.csv"};
    for (size_t i = 0; i < 3; i++) {
        char cmd[700], path[512];
        snprintf(path, sizeof path, "%s/h3/%s", tu_tmpdir(), files[i]);
        snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
        FILE *p = popen(cmd, "r");
        char hex[65] = {0};
        ck_assert_int_eq(fscanf(p, "%64s", hex), 1);
        pclose(p);
        ck_assert_msg(strstr(ha, hex), "the record lacks %s's sha256 %s", files[i], hex);
    }
    ck_assert_ptr_nonnull(strstr(ha, "300 draws, seed 7"));
    ck_assert_ptr_nonnull(strstr(ha, "confidence 95%"));
    ck_assert_ptr_nonnull(strstr(ha, "juten 0."));
    ck_assert_ptr_nonnull(strstr(ha, "GLPK"));
    ck_assert_ptr_nonnull(strstr(ha, "GSL"));
    /* the command as typed, with the language */
    ck_assert_ptr_nonnull(strstr(ha, "juten --lang en report "));
    ck_assert_ptr_nonnull(strstr(ha, " --quiet --jobs T</td>"));
    ck_assert_ptr_nonnull(strstr(ha, "The price of confidence"));
    free(ha);
    free(hb);
}
END_TEST

START_TEST(report_of_an_infeasible_round_says_why_and_exits_1)
{
    /* savings of 7 cannot bring the net down to -20 */
    const char *ini = small_round("h4", "-20");
    const char *out = tu_path("h4/report.html");
    tu_run_result r = RUN("report", ini, "-o", out, "--quiet");
    ck_assert_msg(r.status == 1, "status %d: %s", r.status, r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_nonnull(strstr(html, "No portfolio satisfies every rule"));
    ck_assert_ptr_nonnull(strstr(html, "<section id=\"record\""));
    free(html);
}
END_TEST

START_TEST(report_of_a_comparison_has_the_scenarios_side_by_side)
{
    small_round("h5", NULL);
    tu_write("h5/lean.ini", "[scenario]\nbase = s.ini\nname = Lean\nsavings_rate = 0.7\n",
             (size_t)-1);
    const char *set = tu_write("h5/set.ini", "[compare]\nname = Meeting\nscenarios = s.ini, "
                                             "lean.ini\n",
                               (size_t)-1);
    const char *out = tu_path("h5/report.html");
    tu_run_result r = RUN("report", set, "-o", out, "--no-confidence", "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<section id=\"comparison\""));
    ck_assert_ptr_nonnull(strstr(html, "savings_rate 1 -&gt; 0.7"));
    ck_assert_ptr_nonnull(strstr(html, "reference scenario of 2 compared"));
    /* both scenarios' files in the record */
    ck_assert_ptr_nonnull(strstr(html, "lean.ini"));
    free(html);
}
END_TEST

START_TEST(report_writes_through_a_symlink)
{
    const char *ini = small_round("h6", NULL);
    char target[512];
    snprintf(target, sizeof target, "%s", tu_write("h6/target.html", "old", (size_t)-1));
    const char *link = tu_path("h6/link.html");
    ck_assert_int_eq(symlink(target, link), 0);
    tu_run_result r = RUN("report", ini, "-o", link, "--no-confidence", "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    char *html = tu_read(target, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<!DOCTYPE html>"));
    free(html);
}
END_TEST

START_TEST(report_usage_errors)
{
    const char *ini = small_round("h7", NULL);
    tu_run_result r = RUN("report", ini, "--format", "json", "-o", tu_path("h7/x.html"));
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "HTML"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("report", "-o", tu_path("h7/x.html"));
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    r = RUN("report", tu_path("h7/missing.ini"), "-o", tu_path("h7/x.html"));
    ck_assert_int_eq(r.status, 66);
    tu_run_free(&r);
    r = RUN("report", ini, "--confidence", "1.5", "-o", tu_path("h7/x.html"));
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    r = RUN("report", ini, "--explain", "M9", "-o", tu_path("h7/x.html"));
    ck_assert_int_eq(r.status, 65);
    ck_assert_msg(strstr(r.err, "M9"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("report", "--help");
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Usage: juten report"));
    tu_run_free(&r);
}
END_TEST

/* --explain puts the measures asked for first in their section */
START_TEST(report_explains_the_measures_asked_for)
{
    const char *ini = small_round("h8", NULL);
    const char *out = tu_path("h8/report.html");
    tu_run_result r = RUN("report", ini, "-o", out, "--no-confidence", "--quiet", "--explain",
                          "M4");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    char *html = tu_read(out, NULL);
    const char *sec = strstr(html, "<section id=\"explanations\"");
    ck_assert_ptr_nonnull(sec);
    const char *first = strstr(sec, "<h3>");
    ck_assert_ptr_nonnull(first);
    ck_assert_msg(!strncmp(first, "<h3>M4 ", 7), "%.40s", first);
    ck_assert_ptr_nonnull(strstr(sec, "after those asked for"));
    free(html);
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("report");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, report_escapes_names_and_refers_to_nothing_outside);
    tcase_add_test(tc, report_inlines_charts_with_their_own_ids);
    tcase_add_test(tc, report_without_gnuplot_has_no_charts_and_says_so);
    tcase_add_test(tc, report_same_bytes_twice_and_record_matches_sha256sum);
    tcase_add_test(tc, report_of_an_infeasible_round_says_why_and_exits_1);
    tcase_add_test(tc, report_of_a_comparison_has_the_scenarios_side_by_side);
    tcase_add_test(tc, report_writes_through_a_symlink);
    tcase_add_test(tc, report_usage_errors);
    tcase_add_test(tc, report_explains_the_measures_asked_for);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(html_suite());
}
