/*
 * test_cli.c -- the juten command as a planner uses it: the real binary,
 * real files, exit codes, the three output forms, atomic output files, and
 * the bundled FY2017 scenario checked rule by rule and against glpsol.
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "juten_report.h"
#include "juten_utf8.h"
#include "testutil.h"

#define FY2017 tu_src("scenarios/fy2017/scenario.ini")

static tu_run_result run(const char *const *args) { return tu_juten(NULL, NULL, args); }

#define RUN(...) run((const char *const[]){__VA_ARGS__, NULL})

static json_t *parse_json(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    ck_assert_msg(j != NULL, "invalid JSON: %s (line %d)", err.text, err.line);
    return j;
}

static json_t *solve_json(const char *scenario)
{
    tu_run_result r = RUN("solve", scenario, "--format", "json");
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    json_t *j = parse_json(r.out);
    tu_run_free(&r);
    return j;
}

/* --node-limit stops every solve at the same point on any machine: the
 * same bytes twice, the limit named when it stops the search, a usage
 * error for a non-number. */
START_TEST(node_limit_is_reproducible)
{
    tu_run_result a = RUN("solve", FY2017, "--node-limit", "20", "--no-prices", "--format", "json");
    tu_run_result b = RUN("solve", FY2017, "--node-limit", "20", "--no-prices", "--format", "json");
    ck_assert_msg(a.status == 0, "exit %d: %s", a.status, a.err);
    json_t *ja = parse_json(a.out), *jb = parse_json(b.out);
    ck_assert_str_eq(json_string_value(json_object_get(ja, "status")), "feasible");
    ck_assert(json_is_true(json_object_get(ja, "node_limited")));
    ck_assert(json_is_false(json_object_get(ja, "time_limited")));
    ck_assert(json_equal(json_object_get(ja, "selected"), json_object_get(jb, "selected")));
    ck_assert(json_real_value(json_object_get(ja, "objective")) ==
              json_real_value(json_object_get(jb, "objective")));
    json_decref(ja);
    json_decref(jb);
    tu_run_free(&a);
    tu_run_free(&b);
    tu_run_result t = RUN("solve", FY2017, "--node-limit", "20", "--no-prices");
    ck_assert_int_eq(t.status, 0);
    ck_assert_msg(strstr(t.out, "(stopped at the node limit)"), "%s", t.out);
    tu_run_free(&t);
    tu_run_result c = RUN("solve", FY2017, "--node-limit", "2", "--no-prices");
    ck_assert_int_eq(c.status, 1);
    ck_assert_msg(strstr(c.err, "node limit of 2") && strstr(c.err, "--node-limit"), "%s", c.err);
    tu_run_free(&c);
    tu_run_result e = RUN("solve", FY2017, "--node-limit", "x");
    ck_assert_int_eq(e.status, 64);
    ck_assert(strstr(e.err, "--node-limit needs a whole number"));
    tu_run_free(&e);
}
END_TEST

/* ---- help, version, usage errors ---------------------------------------- */

START_TEST(help_and_version)
{
    tu_run_result r = RUN("--help");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "Usage: juten") && strstr(r.out, "Exit codes"));
    tu_run_free(&r);
    tu_run_result a = RUN("help", "solve"), b = RUN("solve", "--help");
    ck_assert_int_eq(a.status, 0);
    ck_assert_int_eq(b.status, 0);
    ck_assert_str_eq(a.out, b.out);
    ck_assert(strstr(a.out, "--savings-rate") && strstr(a.out, "--time-limit") &&
              strstr(a.out, "--gap") && strstr(a.out, "--headroom") && strstr(a.out, "-o"));
    tu_run_free(&a);
    tu_run_free(&b);
    r = RUN("help", "export");
    ck_assert(r.status == 0 && strstr(r.out, "--mps"));
    tu_run_free(&r);
    r = RUN("check", "--help");
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    r = RUN("--version");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "juten ") && strstr(r.out, "GLPK ") && strstr(r.out, "GSL "));
    tu_run_free(&r);
}
END_TEST

START_TEST(usage_errors_exit_64)
{
    const char *const *cases[] = {
        (const char *const[]){NULL},
        (const char *const[]){"frobnicate", NULL},
        (const char *const[]){"solve", NULL},
        (const char *const[]){"solve", "a.ini", "b.ini", NULL},
        (const char *const[]){"solve", "x.ini", "--format", "xml", NULL},
        (const char *const[]){"solve", "x.ini", "--time-limit", "abc", NULL},
        (const char *const[]){"solve", "x.ini", "--time-limit", "-1", NULL},
        (const char *const[]){"solve", "x.ini", "--gap", "nan", NULL},
        (const char *const[]){"solve", "x.ini", "--savings-rate", "0x10", NULL},
        (const char *const[]){"solve", "x.ini", "--bogus", NULL},
        (const char *const[]){"solve", "x.ini", "--format", NULL},
        (const char *const[]){"export", "x.ini", NULL},
        (const char *const[]){"export", "x.ini", "--lp", "a", "--mps", "b", NULL},
        (const char *const[]){"help", "nope", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_run_result r = run(cases[i]);
        ck_assert_msg(r.status == 64, "case %zu: exit %d", i, r.status);
        ck_assert_msg(r.err_len > 0 && r.out_len == 0, "case %zu: usage goes to stderr", i);
        tu_run_free(&r);
    }
}
END_TEST

/* ---- the language ------------------------------------------------------- */

/* --lang ja: a usage error is Japanese (the option and the value quoted as
 * given), still on stderr with exit 64; without it, the same error is the
 * English one, byte for byte. */
START_TEST(usage_errors_in_japanese)
{
    tu_run_result r = RUN("--lang", "ja", "solve", FY2017, "--headroom", "abc");
    ck_assert_msg(r.status == 64, "exit %d: %s", r.status, r.err);
    ck_assert_int_eq(r.out_len, 0);
    ck_assert_msg(strstr(r.err, "juten solve: --headroom には数値を指定してください ('abc' は使えません)\n"
                                "詳しくは 'juten solve --help' を参照してください。\n"),
                  "%s", r.err);
    ck_assert_msg(!strstr(r.err, "needs a number") && !strstr(r.err, "Try "), "%s", r.err);
    tu_run_free(&r);
    r = RUN("solve", FY2017, "--lang=ja", "--bogus");
    ck_assert_msg(r.status == 64 && strstr(r.err, "不明なオプション '--bogus' です"), "%d: %s",
                  r.status, r.err);
    tu_run_free(&r);
    r = RUN("solve", FY2017, "--headroom", "abc");
    ck_assert_msg(r.status == 64, "exit %d", r.status);
    ck_assert_str_eq(r.err, "juten solve: --headroom needs a number, not 'abc'\n"
                            "Try 'juten solve --help' for more information.\n");
    tu_run_free(&r);
}
END_TEST

/* The chart's data file holds every text on the chart (the script holds
 * none): with --lang ja the title, axis labels and keys are Japanese and no
 * fixed English text is left; without it they are the English ones.  The
 * scenario's and the areas' names are data and stay as they are. */
START_TEST(plot_texts_in_japanese)
{
    mkdir(tu_path("lang"), 0755);
    static const char *const english[] = {
        "Share of spending per policy area", "requested (all candidates)",
        "funded (optimal portfolio)", "\"minimum share\"", "\"maximum share\"",
        "\"policy area\"", "\"share of spending (%)\"", "\"no data\""};
    tu_run_result r = RUN("--lang", "ja", "plot", FY2017, "allocation", "-o",
                          tu_path("lang/ja.png"));
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.err, "グラフを") && !strstr(r.err, "chart written"), "%s", r.err);
    tu_run_free(&r);
    char *dat = tu_read(tu_path("lang/ja.dat"), NULL);
    ck_assert(dat);
    ck_assert_msg(strstr(dat, "\"分野別の配分比率：要求と採択 (FY2017 request round)\""), "%s", dat);
    ck_assert_msg(strstr(dat, "\"要求（全候補施策）\"") && strstr(dat, "\"最低配分比率\"") &&
                      strstr(dat, "\"所要額合計に占める比率（%）\""),
                  "%s", dat);
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        ck_assert_msg(!strstr(dat, english[i]), "English %s left: %s", english[i], dat);
    free(dat);
    r = RUN("plot", FY2017, "allocation", "-o", tu_path("lang/en.png"));
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    dat = tu_read(tu_path("lang/en.dat"), NULL);
    ck_assert(dat);
    ck_assert_msg(strstr(dat, "\"Share of spending per policy area: requested against funded "
                              "(FY2017 request round)\"") &&
                      strstr(dat, "\"minimum share\"") && !strstr(dat, "最低配分比率"),
                  "%s", dat);
    free(dat);
    /* a chart of the simulation (simcharts.c): its keys and axis too */
    r = RUN("--lang", "ja", "plot", FY2017, "drivers", "--draws", "200", "-o",
            tu_path("lang/drivers.png"));
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    dat = tu_read(tu_path("lang/drivers.dat"), NULL);
    ck_assert(dat);
    ck_assert_msg(strstr(dat, "\"差引を最も動かす変動要因\"") &&
                      strstr(dat, "\"見積りと差引の順位相関（Spearman）\""),
                  "%s", dat);
    ck_assert_msg(!strstr(dat, "net balance") && !strstr(dat, "\"correlation\"") &&
                      !strstr(dat, "draws (seed"),
                  "%s", dat);
    free(dat);
}
END_TEST

/* ---- check -------------------------------------------------------------- */

START_TEST(check_bundled_scenarios)
{
    static const char *files[] = {"scenario.ini", "tokyo2020.ini", "austerity.ini",
                                  "headroom.ini", "nctc.ini"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "scenarios/fy2017/%s", files[i]);
        tu_run_result r = RUN("check", tu_src(rel));
        ck_assert_msg(r.status == 0, "%s: exit %d\n%s", files[i], r.status, r.err);
        ck_assert(strstr(r.out, "OK"));
        tu_run_free(&r);
    }
}
END_TEST

START_TEST(check_missing_and_bad_files)
{
    tu_run_result r = RUN("check", tu_path("no-such.ini"));
    ck_assert_int_eq(r.status, 66);
    ck_assert(strstr(r.err, "no-such.ini"));
    tu_run_free(&r);

    tu_write("bad/areas.csv", "id,name,weight\nsociety,社会,1\n", (size_t)-1);
    tu_write("bad/measures.csv",
             "id,name,area,cost,risk_reduction\n"
             "M1,ok,society,1,2\n"
             "M2,bad cost,society,12%,2\n"
             "M3,bad area,nowhere,1,2\n",
             (size_t)-1);
    const char *ini = tu_write("bad/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n", (size_t)-1);
    r = RUN("check", ini);
    ck_assert_int_eq(r.status, 65);
    ck_assert_msg(strstr(r.err, "measures.csv:3:") && strstr(r.err, "12%") &&
                      strstr(r.err, "measures.csv:4:") && strstr(r.err, "nowhere"),
                  "%s", r.err);
    tu_run_free(&r);
    /* solve refuses the same data with the same code */
    r = RUN("solve", ini);
    ck_assert_int_eq(r.status, 65);
    ck_assert_int_eq(r.out_len, 0);
    tu_run_free(&r);
}
END_TEST

/* ---- solve: the three forms ----------------------------------------------- */

START_TEST(solve_table_fy2017)
{
    tu_run_result r = RUN("solve", FY2017);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert(strstr(r.out, "Status: optimal"));
    ck_assert(strstr(r.out, "Funded measures"));
    ck_assert(strstr(r.out, "By policy area"));
    ck_assert(strstr(r.out, "By ministry"));
    ck_assert(strstr(r.out, "Rules at their limit"));
    /* Columns align by display width: in the funded-measures table the
     * "area" column starts at the same display column on every line. */
    char *tab = strstr(r.out, "Funded measures");
    char *line = strchr(tab, '\n') + 1;
    char *hdr_area = strstr(line, "  area");
    ck_assert_ptr_nonnull(hdr_area);
    char save = hdr_area[0];
    hdr_area[0] = 0;
    int col = juten_utf8_width(line);
    hdr_area[0] = save;
    int rows = 0;
    for (char *p = strchr(line, '\n') + 1; *p && *p != '\n'; p = strchr(p, '\n') + 1) {
        char *end = strchr(p, '\n');
        *end = 0;
        /* area ids are ASCII words preceded by two spaces: find the first
         * area id from the model's five */
        static const char *areas[] = {"  economy", "  society", "  international",
                                      "  crosscutting", "  structure"};
        char *hit = NULL;
        for (int a = 0; a < 5; a++) {
            char *h = strstr(p, areas[a]);
            if (h && (!hit || h < hit))
                hit = h;
        }
        ck_assert_ptr_nonnull(hit);
        char tmp = hit[0];
        hit[0] = 0;
        int w = juten_utf8_width(p);
        hit[0] = tmp;
        ck_assert_msg(w == col, "row starts area column at %d, header at %d: %s", w, col, p);
        *end = '\n';
        rows++;
    }
    ck_assert_int_ge(rows, 10);
    tu_run_free(&r);
}
END_TEST

static double jnum(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    ck_assert_msg(v && json_is_number(v), "key %s missing or not a number", k);
    return json_number_value(v);
}

/* Every rule of the bundled scenario holds in the portfolio juten prints:
 * recomputed here from the CSV-independent JSON figures. */
START_TEST(solve_json_fy2017_respects_rules)
{
    json_t *j = solve_json(FY2017);
    ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "optimal");
    static const char *keys[] = {"objective", "best_bound", "gap", "spend", "savings", "net",
                                 "selected", "areas", "ministries", "binding", "run"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(json_object_get(j, keys[i]), "missing key %s", keys[i]);
    double spend = jnum(j, "spend"), sav = jnum(j, "savings"), net = jnum(j, "net");
    ck_assert_double_eq_tol(net, spend - sav, 1e-9);
    ck_assert(net <= jnum(j, "headroom") + 1e-9);
    ck_assert_double_eq_tol(jnum(j, "gap"), 0.0, 1e-12);
    ck_assert_int_ge(json_array_size(json_object_get(j, "selected")), 10);
    size_t i;
    json_t *a;
    double total = 0;
    json_array_foreach(json_object_get(j, "areas"), i, a) {
        double share = jnum(a, "share");
        json_t *mn = json_object_get(a, "min_share"), *mx = json_object_get(a, "max_share");
        if (json_is_number(mn))
            ck_assert(share >= json_number_value(mn) - 1e-9);
        if (json_is_number(mx))
            ck_assert(share <= json_number_value(mx) + 1e-9);
        total += jnum(a, "spend");
    }
    ck_assert_double_eq_tol(total, spend, 1e-6);
    json_array_foreach(json_object_get(j, "ministries"), i, a) {
        json_t *c = json_object_get(a, "ceiling");
        if (json_is_number(c))
            ck_assert(jnum(a, "charge") <= json_number_value(c) + 1e-9);
    }
    json_t *run_o = json_object_get(j, "run");
    ck_assert(json_is_string(json_object_get(run_o, "solver")));
    json_t *inputs = json_object_get(run_o, "inputs");
    ck_assert_int_ge(json_array_size(inputs), 4);
    json_array_foreach(inputs, i, a)
        ck_assert_int_eq(strlen(json_string_value(json_object_get(a, "sha256"))), 64);
    json_decref(j);
}
END_TEST

START_TEST(solve_is_deterministic)
{
    static const char *fmts[] = {"table", "csv", "json"};
    for (int f = 0; f < 3; f++) {
        tu_run_result a = RUN("solve", FY2017, "--format", fmts[f]);
        tu_run_result b = RUN("solve", FY2017, "--format", fmts[f]);
        ck_assert_int_eq(a.status, 0);
        ck_assert_int_eq(a.out_len, b.out_len);
        ck_assert_msg(memcmp(a.out, b.out, a.out_len) == 0, "%s output differs", fmts[f]);
        tu_run_free(&a);
        tu_run_free(&b);
    }
}
END_TEST

START_TEST(csv_for_excel)
{
    tu_write("inj/areas.csv", "id,name,weight\nsociety,社会,1\n", (size_t)-1);
    tu_write("inj/measures.csv",
             "id,name,area,cost,risk_reduction,saving\n"
             "M1,\"=HYPERLINK(\"\"http://x\"\")\",society,1,5,0\n"
             "M2,@SUM(A1),society,0,1,3\n"
             "M3,\"名前, カンマ\",society,1,2,0\n",
             (size_t)-1);
    const char *ini = tu_write("inj/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n", (size_t)-1);
    tu_run_result r = RUN("solve", ini, "--format", "csv");
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert(r.out_len > 3 && memcmp(r.out, "\xEF\xBB\xBF", 3) == 0);
    /* every line ends in CRLF */
    for (size_t k = 0; k < r.out_len; k++)
        if (r.out[k] == '\n')
            ck_assert(k > 0 && r.out[k - 1] == '\r');
    ck_assert_msg(strstr(r.out, "\"'=HYPERLINK(\"\"http://x\"\")\""), "%s", r.out);
    ck_assert(strstr(r.out, "\"'@SUM(A1)\""));
    ck_assert(strstr(r.out, "\"名前, カンマ\""));
    ck_assert(strstr(r.out, "M1,") && strstr(r.out, ",yes,"));
    tu_run_free(&r);
}
END_TEST

/* The what-if files move the portfolio the way their names say. */
START_TEST(what_ifs_move_as_expected)
{
    json_t *base = solve_json(FY2017);
    json_t *aus = solve_json(tu_src("scenarios/fy2017/austerity.ini"));
    json_t *head = solve_json(tu_src("scenarios/fy2017/headroom.ini"));
    ck_assert(jnum(aus, "spend") < jnum(base, "spend"));
    ck_assert(jnum(aus, "objective") < jnum(base, "objective"));
    ck_assert_double_eq_tol(jnum(aus, "savings_rate"), 0.7, 1e-12);
    ck_assert(jnum(head, "objective") > jnum(base, "objective"));
    ck_assert(jnum(head, "spend") > jnum(base, "spend"));
    json_decref(base);
    json_decref(aus);
    json_decref(head);
    /* command-line overrides act like the files */
    tu_run_result r = RUN("solve", FY2017, "--format", "json", "--savings-rate", "0.7");
    ck_assert_int_eq(r.status, 0);
    json_t *o = parse_json(r.out);
    json_t *a2 = solve_json(tu_src("scenarios/fy2017/austerity.ini"));
    ck_assert_double_eq_tol(jnum(o, "objective"), jnum(a2, "objective"), 1e-9);
    json_decref(o);
    json_decref(a2);
    tu_run_free(&r);
}
END_TEST

/* ---- export, re-solved by glpsol ---------------------------------------- */

static double glpsol(const char *fmt_flag, const char *path)
{
    const char *sol = tu_path("glpsol.txt");
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(tu_path("glpsol.log"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            dup2(fd, 1);
        execlp("glpsol", "glpsol", fmt_flag, path, "-o", sol, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "glpsol failed");
    char *text = tu_read(sol, NULL);
    ck_assert(strstr(text, "INTEGER OPTIMAL"));
    char *p = strchr(strstr(text, "Objective:"), '=');
    double v = strtod(p + 1, NULL);
    free(text);
    return v;
}

START_TEST(export_lp_and_mps_agree_with_glpsol)
{
    json_t *j = solve_json(FY2017);
    double obj = jnum(j, "objective");
    json_decref(j);
    const char *lp = tu_path("fy.lp"), *mps = tu_path("fy.mps");
    tu_run_result r = RUN("export", FY2017, "--lp", lp);
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    r = RUN("export", FY2017, "--mps", mps);
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    char *text = tu_read(lp, NULL);
    ck_assert(strstr(text, "offset") && strstr(text, "ceiling(") && strstr(text, "x(M01)"));
    free(text);
    ck_assert_double_eq_tol(glpsol("--lp", lp), obj, 1e-6 * (1 + fabs(obj)));
    /* the MPS file minimises the negated value */
    ck_assert_double_eq_tol(glpsol("--freemps", mps), -obj, 1e-6 * (1 + fabs(obj)));
    /* the export follows the overrides too */
    tu_run_result a = RUN("solve", FY2017, "--format", "json", "--headroom", "15");
    json_t *ja = parse_json(a.out);
    r = RUN("export", FY2017, "--lp", lp, "--headroom", "15");
    ck_assert_int_eq(r.status, 0);
    ck_assert_double_eq_tol(glpsol("--lp", lp), jnum(ja, "objective"), 1e-6 * (1 + obj));
    json_decref(ja);
    tu_run_free(&a);
    tu_run_free(&r);
}
END_TEST

/* ---- infeasible rounds --------------------------------------------------- */

START_TEST(infeasible_exit_1_with_reasons)
{
    tu_write("inf/areas.csv", "id,name,weight\nsociety,社会,1\n", (size_t)-1);
    tu_write("inf/measures.csv",
             "id,name,area,cost,risk_reduction,saving,mandatory,tags\n"
             "M1,a,society,30,5,0,yes,incident-response\n"
             "M2,b,society,20,5,0,yes,\n"
             "S1,reform,society,0,0,40,no,\n",
             (size_t)-1);
    const char *ini = tu_write("inf/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n"
                               "currency = 億円\n",
                               (size_t)-1);
    tu_run_result r = RUN("solve", ini);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "M1, M2") && strstr(r.err, "50") && strstr(r.err, "40") &&
                      strstr(r.err, "億円"),
                  "%s", r.err);
    ck_assert(strstr(r.out, "infeasible"));
    tu_run_free(&r);
    r = RUN("solve", ini, "--format", "json");
    ck_assert_int_eq(r.status, 1);
    json_t *j = parse_json(r.out);
    ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "infeasible");
    ck_assert_int_ge(json_array_size(json_object_get(j, "explanation")), 1);
    /* the minimal conflict: the offset and the two mandatory measures; the
     * offset must move by 10 (50 needed, 40 saved) */
    json_t *cf = json_object_get(j, "conflict");
    ck_assert_int_eq(json_array_size(cf), 3);
    ck_assert_double_eq_tol(jnum(json_object_get(j, "relax_by"), "offset"), 10.0, 1e-9);
    json_decref(j);
    tu_run_free(&r);
    /* with enough headroom the same round has a portfolio */
    r = RUN("solve", ini, "--headroom", "10");
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
}
END_TEST

/* ---- output files ------------------------------------------------------- */

static int count_entries(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

START_TEST(output_is_atomic_and_safe)
{
    mkdir(tu_path("out"), 0755);
    const char *dest = tu_path("out/p.json");
    tu_write("out/p.json", "previous", (size_t)-1);
    /* success replaces it whole, leaves no temporary file */
    tu_run_result r = RUN("solve", FY2017, "--format", "json", "-o", dest);
    ck_assert_int_eq(r.status, 0);
    ck_assert_int_eq(r.out_len, 0);
    tu_run_free(&r);
    char *text = tu_read(dest, NULL);
    ck_assert(text[0] == '{');
    free(text);
    ck_assert_int_eq(count_entries(tu_path("out")), 1);
    /* bad input: the previous file survives untouched */
    tu_write("out/p.json", "previous", (size_t)-1);
    r = RUN("solve", tu_path("missing.ini"), "-o", dest);
    ck_assert_int_eq(r.status, 66);
    tu_run_free(&r);
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "previous");
    free(text);
    /* a directory that does not exist: 73 */
    r = RUN("solve", FY2017, "-o", tu_path("no/such/dir/p.json"));
    ck_assert_int_eq(r.status, 73);
    tu_run_free(&r);
    /* /dev/null stays a device */
    r = RUN("solve", FY2017, "-o", "/dev/null");
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    r = RUN("export", FY2017, "--lp", "/dev/null");
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    struct stat st;
    ck_assert_int_eq(stat("/dev/null", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    /* a symlink is written through, not replaced */
    const char *target = tu_write("out/target.txt", "old", (size_t)-1);
    const char *link = tu_path("out/link.txt");
    ck_assert_int_eq(symlink(target, link), 0);
    r = RUN("solve", FY2017, "--format", "csv", "-o", link);
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    struct stat lst;
    ck_assert_int_eq(lstat(link, &lst), 0);
    ck_assert(S_ISLNK(lst.st_mode));
    text = tu_read(target, NULL);
    ck_assert(memcmp(text, "\xEF\xBB\xBF", 3) == 0);
    free(text);
    /* a FIFO is written through */
    const char *fifo = tu_path("out/fifo");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(fifo, O_RDONLY);
        char buf[4096];
        while (read(fd, buf, sizeof buf) > 0)
            ;
        _exit(0);
    }
    r = RUN("solve", FY2017, "--format", "json", "-o", fifo);
    ck_assert_int_eq(r.status, 0);
    tu_run_free(&r);
    waitpid(pid, NULL, 0);
    ck_assert_int_eq(lstat(fifo, &lst), 0);
    ck_assert(S_ISFIFO(lst.st_mode));
}
END_TEST

/* ---- the decision-analysis commands -------------------------------------- */

static json_t *run_json(const char *const *args)
{
    tu_run_result r = run(args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    json_t *j = parse_json(r.out);
    tu_run_free(&r);
    return j;
}

START_TEST(frontier_json_shape)
{
    json_t *j = run_json((const char *const[]){"frontier", FY2017, "--format", "json",
                                               "--max-points", "12", NULL});
    ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")), "headroom");
    json_t *pts = json_object_get(j, "points");
    ck_assert_int_eq(json_array_size(pts), 12);
    ck_assert(json_is_false(json_object_get(j, "complete")));
    double prev_at = -INFINITY, prev_v = -INFINITY;
    size_t i;
    json_t *p;
    json_array_foreach(pts, i, p) {
        double at = jnum(p, "at"), v = jnum(p, "objective");
        ck_assert(at > prev_at);
        ck_assert(v > prev_v);
        ck_assert(jnum(p, "lp_bound") >= v - 1e-9);
        ck_assert(json_array_size(json_object_get(p, "selected")) > 0);
        prev_at = at;
        prev_v = v;
    }
    json_decref(j);
    /* the savings-rate sweep ends at the model's optimum at rate 1 */
    j = run_json((const char *const[]){"frontier", FY2017, "--format", "json", "--parameter",
                                       "savings-rate", "--from", "0.99", NULL});
    ck_assert_str_eq(json_string_value(json_object_get(j, "parameter")), "savings_rate");
    pts = json_object_get(j, "points");
    ck_assert(json_is_true(json_object_get(j, "complete")));
    json_t *last = json_array_get(pts, json_array_size(pts) - 1);
    json_t *base = solve_json(FY2017);
    ck_assert_double_eq_tol(jnum(last, "objective"), jnum(base, "objective"), 1e-9);
    ck_assert(jnum(last, "at") <= 1.0);
    json_decref(base);
    json_decref(j);
    /* sampled within a gap: complete to the top, each point a step up past
     * the bound of the one before, ending within the gap of the best
     * portfolio with the offset switched off */
    /* the shape, not the speed: a limit no loaded sanitizer build reaches
     * (7 s of CPU in a plain build, several times that under ASan) */
    j = run_json((const char *const[]){"frontier", FY2017, "--format", "json", "--gap", "0.01",
                                       "--time-limit", "900", NULL});
    ck_assert(json_is_false(json_object_get(j, "exact")));
    ck_assert_double_eq_tol(jnum(j, "gap"), 0.01, 1e-12);
    ck_assert(json_is_true(json_object_get(j, "complete")));
    pts = json_object_get(j, "points");
    ck_assert_int_ge(json_array_size(pts), 10);
    ck_assert_int_ge((int)json_integer_value(json_object_get(j, "solves")),
                     (int)json_array_size(pts));
    double prev_b = -INFINITY;
    prev_at = -INFINITY;
    json_array_foreach(pts, i, p) {
        double at = jnum(p, "at"), v = jnum(p, "objective"), b = jnum(p, "best_bound");
        ck_assert(at > prev_at);
        ck_assert(v > prev_b);
        ck_assert(b >= v - 1e-9);
        /* every point proven within the gap on this small round */
        ck_assert(json_is_true(json_object_get(p, "proven")));
        ck_assert(b <= v * 1.01 + 1e-9);
        prev_at = at;
        prev_b = b;
    }
    json_t *top = run_json((const char *const[]){"solve", FY2017, "--format", "json",
                                                 "--headroom", "100000", "--no-prices", NULL});
    ck_assert(jnum(top, "objective") <= prev_b * 1.01 + 1e-9);
    json_decref(top);
    json_decref(j);
}
END_TEST

START_TEST(rank_json_shape)
{
    json_t *j = run_json((const char *const[]){"rank", FY2017, "--format", "json",
                                               "--points", "20", NULL});
    json_t *rk = json_object_get(j, "ranking");
    ck_assert_int_eq(json_array_size(rk), 70);
    ck_assert(json_real_value(json_object_get(j, "scenario_headroom")) == 0.0);
    json_t *range = json_object_get(j, "range");
    ck_assert(json_number_value(json_object_get(range, "from")) < 0);
    ck_assert(json_number_value(json_object_get(range, "to")) > 0);
    json_t *base = solve_json(FY2017);
    size_t funded = 0, i;
    json_t *e;
    json_array_foreach(rk, i, e) {
        ck_assert_int_eq(json_integer_value(json_object_get(e, "rank")), (json_int_t)i + 1);
        ck_assert(json_is_string(json_object_get(e, "id")));
        ck_assert(json_is_integer(json_object_get(e, "ratio_rank")));
        ck_assert(json_object_get(e, "entry_at") && json_object_get(e, "leaves_at"));
        json_t *iv = json_object_get(e, "intervals");
        ck_assert(json_is_array(iv));
        if (json_array_size(iv))
            ck_assert(json_real_value(json_array_get(json_array_get(iv, 0), 0)) ==
                      json_real_value(json_object_get(e, "entry_at")));
        if (json_is_true(json_object_get(e, "funded_at_scenario"))) {
            funded++;
            /* the ranking's portfolio at the scenario's headroom is solve's */
            bool in_solve = false;
            size_t k;
            json_t *id;
            json_array_foreach(json_object_get(base, "selected"), k, id)
                in_solve |= !strcmp(json_string_value(id),
                                    json_string_value(json_object_get(e, "id")));
            ck_assert(in_solve);
        }
    }
    ck_assert_int_eq(funded, json_array_size(json_object_get(base, "selected")));
    json_decref(base);
    json_decref(j);
    tu_run_result r = RUN("rank", FY2017, "--points", "20");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "ratio rank") && strstr(r.out, "not nested") &&
              strstr(r.out, "at 0") && strstr(r.out, "funded over"));
    tu_run_free(&r);
    r = RUN("rank", FY2017, "--exact", "--max-points", "30");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "not reached") && strstr(r.out, "stopped early"));
    tu_run_free(&r);
    r = RUN("rank", FY2017, "--exact", "--points", "5");
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
}
END_TEST

START_TEST(explain_json_and_errors)
{
    json_t *base = solve_json(FY2017);
    json_t *j = run_json((const char *const[]){"explain", FY2017, "M52", "M01", "--format",
                                               "json", NULL});
    json_t *ms = json_object_get(j, "measures");
    ck_assert_int_eq(json_array_size(ms), 2);
    json_t *a = json_array_get(ms, 0);
    ck_assert_str_eq(json_string_value(json_object_get(a, "id")), "M52");
    ck_assert(json_is_true(json_object_get(a, "selected")));
    double loss = jnum(a, "loss");
    ck_assert_double_eq_tol(jnum(a, "forced_objective"), jnum(base, "objective") - loss, 1e-9);
    ck_assert(json_is_number(json_object_get(a, "break_even_risk_reduction")));
    ck_assert(json_is_number(json_object_get(a, "break_even_cost")));
    ck_assert(json_is_array(json_object_get(a, "blocking")));
    /* the rule prices, as solve gives them */
    json_t *sp = json_object_get(base, "rule_prices"), *ep = json_object_get(j, "rule_prices");
    ck_assert(json_is_object(sp) && json_is_object(ep));
    ck_assert_int_eq(json_object_size(ep), json_object_size(sp));
    const char *key;
    json_t *val;
    json_object_foreach(sp, key, val) {
        ck_assert_ptr_nonnull(json_object_get(ep, key));
        ck_assert_double_eq_tol(json_number_value(json_object_get(ep, key)),
                                json_number_value(val), 1e-9);
    }
    json_decref(j);
    json_decref(base);
    j = run_json((const char *const[]){"explain", FY2017, "M52", "--no-prices", "--format",
                                       "json", NULL});
    ck_assert_ptr_null(json_object_get(j, "rule_prices"));
    json_decref(j);
    tu_run_result r = RUN("explain", FY2017, "NOPE");
    ck_assert_int_eq(r.status, 65);
    ck_assert(strstr(r.err, "NOPE"));
    tu_run_free(&r);
    r = RUN("explain", FY2017);
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
}
END_TEST

START_TEST(alternatives_json_shape)
{
    json_t *j = run_json((const char *const[]){"alternatives", FY2017, "-k", "3", "--format",
                                               "json", NULL});
    json_t *ps = json_object_get(j, "portfolios");
    ck_assert_int_eq(json_array_size(ps), 3);
    double prev = INFINITY;
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p) {
        double v = jnum(p, "objective");
        ck_assert(v <= prev + 1e-9);
        prev = v;
        json_t *df = json_object_get(p, "differs");
        ck_assert(json_is_array(json_object_get(df, "added")));
        ck_assert(json_is_array(json_object_get(df, "removed")));
        if (i > 0)
            ck_assert(json_array_size(json_object_get(df, "added")) +
                          json_array_size(json_object_get(df, "removed")) > 0);
    }
    json_decref(j);
    j = run_json((const char *const[]){"alternatives", FY2017, "--within", "0.1", "--format",
                                       "json", NULL});
    ps = json_object_get(j, "portfolios");
    ck_assert_int_ge(json_array_size(ps), 1);
    double best = jnum(json_array_get(ps, 0), "objective");
    json_array_foreach(ps, i, p)
        ck_assert(jnum(p, "objective") >= best * 0.999 - 1e-9);
    json_decref(j);
}
END_TEST

/* The ids of a JSON array of strings, as a set over the round's ids. */
static int id_set_diff(json_t *a, json_t *b)
{
    int d = 0;
    size_t i, q;
    json_t *x, *y;
    json_array_foreach(a, i, x) {
        bool in = false;
        json_array_foreach(b, q, y) in |= !strcmp(json_string_value(x), json_string_value(y));
        d += !in;
    }
    json_array_foreach(b, i, x) {
        bool in = false;
        json_array_foreach(a, q, y) in |= !strcmp(json_string_value(x), json_string_value(y));
        d += !in;
    }
    return d;
}

static bool ids_have(json_t *a, const char *id)
{
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) if (!strcmp(json_string_value(x), id)) return true;
    return false;
}

/* The least number of measures in which two of the portfolios differ. */
static int least_apart(json_t *ps)
{
    int least = 1 << 30;
    for (size_t i = 0; i < json_array_size(ps); i++)
        for (size_t q = 0; q < i; q++) {
            int dd = id_set_diff(json_object_get(json_array_get(ps, i), "selected"),
                                 json_object_get(json_array_get(ps, q), "selected"));
            least = dd < least ? dd : least;
        }
    return least;
}

/* FY2017: by default each alternative differs from the others in at least
 * 3 measures (--differ-by 1 gives one-measure swaps there), and each says
 * what it adds and removes, with names, and its value and spend changes. */
START_TEST(alternatives_differ_by_on_fy2017)
{
    json_t *j = run_json((const char *const[]){"alternatives", FY2017, "--format", "json", NULL});
    ck_assert_int_eq(json_integer_value(json_object_get(j, "differ_by")), 3);
    json_t *ps = json_object_get(j, "portfolios"), *ref = json_object_get(j, "reference");
    ck_assert_int_eq(json_array_size(ps), 3);
    ck_assert_int_ge(least_apart(ps), 3);
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p) {
        json_t *df = json_object_get(p, "differs");
        ck_assert_int_eq(json_integer_value(json_object_get(df, "measures")),
                         id_set_diff(json_object_get(p, "selected"),
                                     json_object_get(ref, "selected")));
        ck_assert_double_eq_tol(jnum(df, "value"), jnum(p, "objective") - jnum(ref, "objective"),
                                1e-9);
        ck_assert_double_eq_tol(jnum(df, "spend"), jnum(p, "spend") - jnum(ref, "spend"), 1e-9);
        ck_assert_double_eq_tol(jnum(df, "net"), jnum(p, "net") - jnum(ref, "net"), 1e-9);
        json_t *am = json_object_get(df, "added_measures");
        ck_assert_int_eq(json_array_size(am), json_array_size(json_object_get(df, "added")));
        size_t q;
        json_t *e;
        json_array_foreach(am, q, e) {
            ck_assert(ids_have(json_object_get(df, "added"),
                               json_string_value(json_object_get(e, "id"))));
            ck_assert(strlen(json_string_value(json_object_get(e, "name"))) > 0);
        }
        if (i > 0)
            ck_assert_int_ge(json_integer_value(json_object_get(df, "measures")), 3);
    }
    json_decref(j);
    j = run_json((const char *const[]){"alternatives", FY2017, "--differ-by", "1", "--format",
                                       "json", NULL});
    ck_assert_int_eq(json_integer_value(json_object_get(j, "differ_by")), 1);
    ck_assert_int_lt(least_apart(json_object_get(j, "portfolios")), 3);
    json_decref(j);
    /* --within keeps working with --differ-by */
    j = run_json((const char *const[]){"alternatives", FY2017, "--within", "0.3", "--differ-by",
                                       "4", "--format", "json", NULL});
    ps = json_object_get(j, "portfolios");
    ck_assert_int_ge(json_array_size(ps), 2);
    ck_assert_int_ge(least_apart(ps), 4);
    double best = jnum(json_array_get(ps, 0), "objective");
    json_array_foreach(ps, i, p)
        ck_assert(jnum(p, "objective") >= best * 0.997 - 1e-9);
    json_decref(j);
    /* the table names what joins and leaves; the CSV carries the changes */
    tu_run_result r = RUN("alternatives", FY2017);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "at least 3 measures") && strstr(r.out, "joins:") &&
                      strstr(r.out, "leaves:") && strstr(r.out, "M28 (日本版NCFTA"),
                  "%s", r.out);
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "--format", "csv");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "value_change,spend,spend_change,net,net_change,added_names,"
                                "removed_names,differ_by,without"),
                  "%s", r.out);
    tu_run_free(&r);
    /* K from 1 to the number of measures */
    static const char *const bad[] = {"0", "-1", "2.5", "x", "71", "1000"};
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        r = RUN("alternatives", FY2017, "--differ-by", bad[b]);
        ck_assert_msg(r.status == 64 && strstr(r.err, "--differ-by"), "%s: %d %s", bad[b],
                      r.status, r.err);
        tu_run_free(&r);
    }
    r = RUN("alternatives", FY2017, "--differ-by", "70", "-k", "1");
    ck_assert_msg(r.status == 0, "%d %s", r.status, r.err);
    tu_run_free(&r);
}
END_TEST

/* --without: the best portfolio leaving measures out, against the optimum;
 * M51 (NISC) is mandatory in FY2017, so that says why; with M51 made
 * optional, it is removed and the value lost is shown. */
START_TEST(alternatives_without_on_fy2017)
{
    tu_run_result r = RUN("alternatives", FY2017, "--without", "M51");
    ck_assert_msg(r.status == 1, "%d %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "M51") && strstr(r.out, "mandatory"), "%s", r.out);
    ck_assert_msg(strstr(r.err, "M51") && strstr(r.err, "mandatory"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "--without", "M51", "--format", "json");
    ck_assert_int_eq(r.status, 1);
    json_t *j = parse_json(r.out);
    ck_assert_int_eq(json_array_size(json_object_get(j, "portfolios")), 0);
    ck_assert(strstr(json_string_value(json_object_get(j, "reason")), "mandatory"));
    json_decref(j);
    tu_run_free(&r);

    size_t len = 0;
    char *csv = tu_read(tu_src("scenarios/fy2017/measures.csv"), &len);
    ck_assert(csv);
    char *line = strstr(csv, "\nM51,");
    ck_assert(line);
    char *f = line + 1;
    for (int c = 0; c < 7; c++)
        f = strchr(f, ',') + 1;
    ck_assert(!strncmp(f, "yes,", 4));
    memmove(f + 2, f + 3, strlen(f + 3) + 1);
    memcpy(f, "no", 2);
    tu_write("alt51/measures.csv", csv, (size_t)-1);
    free(csv);
    char ini_text[4096];
    snprintf(ini_text, sizeof ini_text, "[scenario]\nbase = %s\nmeasures = measures.csv\n",
             FY2017);
    const char *ini = tu_write("alt51/s.ini", ini_text, (size_t)-1);
    j = run_json((const char *const[]){"alternatives", ini, "--without", "M51", "--format",
                                       "json", NULL});
    json_t *ps = json_object_get(j, "portfolios"), *ref = json_object_get(j, "reference");
    ck_assert_int_eq(json_array_size(ps), 1);
    ck_assert(ids_have(json_object_get(ref, "selected"), "M51"));
    json_t *p = json_array_get(ps, 0), *df = json_object_get(p, "differs");
    ck_assert(!ids_have(json_object_get(p, "selected"), "M51"));
    ck_assert(ids_have(json_object_get(df, "removed"), "M51"));
    ck_assert_int_gt(json_array_size(json_object_get(df, "added")), 0);
    ck_assert(jnum(df, "value") < 0);
    ck_assert(ids_have(json_object_get(j, "without"), "M51"));
    json_decref(j);
    r = RUN("alternatives", ini, "--without", "M51");
    ck_assert_msg(r.status == 0, "%d %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "without M51") && strstr(r.out, "leaves:") &&
                      strstr(r.out, "M51 (内閣サイバーセキュリティセンター（NISC）予算)"),
                  "%s", r.out);
    tu_run_free(&r);
    /* required by a mandatory measure: said in the planner's words */
    tu_write("altreq/areas.csv", "id,name,weight\nsociety,社会,1\n", (size_t)-1);
    tu_write("altreq/measures.csv",
             "id,name,area,cost,risk_reduction,mandatory,requires\n"
             "M1,監視,society,1,2,yes,M2\n"
             "M2,基盤,society,1,1,no,\n"
             "M3,訓練,society,1,3,no,\n",
             (size_t)-1);
    const char *req = tu_write("altreq/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n"
                               "headroom = 10\n",
                               (size_t)-1);
    r = RUN("alternatives", req, "--without", "M2");
    ck_assert_msg(r.status == 1 &&
                      strstr(r.out, "M2 cannot be left out: M1 (mandatory) requires it"),
                  "%d %s", r.status, r.out);
    tu_run_free(&r);
    r = RUN("alternatives", req, "--without", "M3");
    ck_assert_msg(r.status == 0 && strstr(r.out, "leaves: M3 (訓練)") &&
                      strstr(r.out, "value -3, spending -1, net -1"),
                  "%d %s", r.status, r.out);
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "--without", "M51,NOPE");
    ck_assert_msg(r.status == 65 && strstr(r.err, "NOPE"), "%d %s", r.status, r.err);
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "--without", ",");
    ck_assert_msg(r.status == 64, "%d %s", r.status, r.err);
    tu_run_free(&r);
}
END_TEST

START_TEST(solve_reports_rule_prices)
{
    json_t *j = solve_json(FY2017);
    json_t *rp = json_object_get(j, "rule_prices");
    ck_assert(json_is_object(rp));
    ck_assert(json_object_get(rp, "offset") && json_object_get(rp, "area shares"));
    const char *k;
    json_t *v;
    json_object_foreach(rp, k, v)
        ck_assert_msg(!json_is_number(v) || json_number_value(v) >= 0, "%s", k);
    json_decref(j);
    tu_run_result r = RUN("solve", FY2017, "--no-prices", "--format", "json");
    json_t *j2 = parse_json(r.out);
    ck_assert_ptr_null(json_object_get(j2, "rule_prices"));
    json_decref(j2);
    tu_run_free(&r);
}
END_TEST

START_TEST(plot_renders_or_falls_back)
{
    mkdir(tu_path("charts"), 0755);
    const char *png = tu_path("charts/alloc.png");
    tu_run_result r = RUN("plot", FY2017, "allocation", "-o", png);
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    size_t len = 0;
    char *img = tu_read(png, &len);
    ck_assert_msg(img && len > 1000 && memcmp(img, "\x89PNG", 4) == 0, "no PNG written");
    free(img);
    char *dat = tu_read(tu_path("charts/alloc.dat"), NULL), *gp = tu_read(tu_path("charts/alloc.gp"), NULL);
    ck_assert(dat && gp);
    free(dat);
    free(gp);
    /* gnuplot absent from PATH: the data and script are still written, the
     * command succeeds and says how to render them */
    const char *svg = tu_path("charts/nognu.svg");
    tu_run_result q = tu_juten(NULL, "/nonexistent-dir",
                               (const char *const[]){"plot", FY2017, "allocation", "-o", svg,
                                                     "--terminal", "svg", NULL});
    ck_assert_msg(q.status == 0, "exit %d: %s", q.status, q.err);
    ck_assert_msg(strstr(q.err, "gnuplot -d"), "%s", q.err);
    ck_assert(access(tu_path("charts/nognu.dat"), F_OK) == 0);
    ck_assert(access(tu_path("charts/nognu.gp"), F_OK) == 0);
    ck_assert(access(svg, F_OK) != 0);
    tu_run_free(&q);
    r = RUN("plot", FY2017, "pie");
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
}
END_TEST

/* ---- charts and exports into links, FIFOs and devices -------------------- */

static bool starts_with_file(const char *path, const char *magic)
{
    size_t len = 0;
    char *data = tu_read(path, &len);
    bool ok = data && len >= strlen(magic) && memcmp(data, magic, strlen(magic)) == 0;
    free(data);
    return ok;
}

/* A FIFO's reader in a child: it reads everything and reports through a
 * pipe whether the data began with magic. */
static pid_t fifo_reader(const char *fifo, const char *magic, int *report)
{
    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(120);
        int fd = open(fifo, O_RDONLY);
        char b[8192];
        ssize_t n = read(fd, b, sizeof b), more;
        char ok = n >= (ssize_t)strlen(magic) && memcmp(b, magic, strlen(magic)) == 0 ? 'y' : 'n';
        while ((more = read(fd, b, sizeof b)) > 0) {
        }
        (void)!write(pfd[1], &ok, 1);
        _exit(0);
    }
    close(pfd[1]);
    *report = pfd[0];
    return pid;
}

static char fifo_result(pid_t pid, int report)
{
    char c = 0;
    if (read(report, &c, 1) != 1)
        c = '?';
    close(report);
    waitpid(pid, NULL, 0);
    return c;
}

START_TEST(outputs_never_replace_links_fifos_or_devices)
{
    mkdir(tu_path("special"), 0755);
    char real[4096], link[4096], fifo[4096], victim[4096];
    snprintf(real, sizeof real, "%s", tu_write("special/real.png", "keep", (size_t)-1));
    snprintf(victim, sizeof victim, "%s", tu_write("special/victim.txt", "keep", (size_t)-1));
    snprintf(link, sizeof link, "%s", tu_path("special/link.png"));
    snprintf(fifo, sizeof fifo, "%s", tu_path("special/fifo.png"));
    ck_assert_int_eq(symlink("real.png", link), 0);
    ck_assert_int_eq(symlink("victim.txt", tu_path("special/link.gp")), 0);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    struct stat st;

    /* plot -o symlink: written through; the planted .gp link is replaced,
     * the file it pointed to is never written */
    tu_run_result r = RUN("plot", FY2017, "allocation", "-o", link);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert(starts_with_file(real, "\x89PNG"));
    ck_assert_int_eq(lstat(tu_path("special/link.gp"), &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    char *text = tu_read(victim, NULL);
    ck_assert_str_eq(text, "keep");
    free(text);

    /* plot -o FIFO, and solve --plot FIFO: the reader gets the image */
    int rep;
    pid_t rd = fifo_reader(fifo, "\x89PNG", &rep);
    r = RUN("plot", FY2017, "allocation", "-o", fifo);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    ck_assert_int_eq(fifo_result(rd, rep), 'y');
    rd = fifo_reader(fifo, "\x89PNG", &rep);
    r = RUN("solve", FY2017, "--no-prices", "--plot", fifo);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    ck_assert_int_eq(fifo_result(rd, rep), 'y');
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    /* nothing kept beside a FIFO */
    ck_assert(access(tu_path("special/fifo.dat"), F_OK) != 0);
    ck_assert(access(tu_path("special/fifo.gp"), F_OK) != 0);

    /* export --lp through a symlink */
    ck_assert_int_eq(symlink("model-real.lp", tu_path("special/model.lp")), 0);
    r = RUN("export", FY2017, "--lp", tu_path("special/model.lp"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    ck_assert_int_eq(lstat(tu_path("special/model.lp"), &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert(starts_with_file(tu_path("special/model-real.lp"), "\\* Problem"));

    /* private device nodes (root only): a null device stays a device; a
     * full one is a write error, 74, for every writer */
    char dnull[4096], dfull[4096];
    snprintf(dnull, sizeof dnull, "%s", tu_path("special/mynull"));
    snprintf(dfull, sizeof dfull, "%s", tu_path("special/myfull"));
    if (mknod(dnull, S_IFCHR | 0666, makedev(1, 3)) == 0 &&
        mknod(dfull, S_IFCHR | 0666, makedev(1, 7)) == 0) {
        r = RUN("plot", FY2017, "allocation", "-o", dnull);
        ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
        tu_run_free(&r);
        /* NULL stands for the scenario, "@" for the full device */
        static const char *const writers[][6] = {
            {"plot", NULL, "allocation", "-o", "@", NULL},
            {"solve", NULL, "--no-prices", "--plot", "@", NULL},
            {"solve", NULL, "--no-prices", "-o", "@", NULL},
            {"export", NULL, "--lp", "@", NULL, NULL},
            {"export", NULL, "--mps", "@", NULL, NULL},
        };
        for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
            const char *args[6];
            for (int a = 0; a < 6; a++)
                args[a] = writers[i][a] && !strcmp(writers[i][a], "@") ? dfull : writers[i][a];
            args[1] = FY2017;
            r = tu_juten(NULL, NULL, args);
            ck_assert_msg(r.status == 74, "%s %s: exit %d: %s", args[0], args[2], r.status, r.err);
            ck_assert_msg(strstr(r.err, "No space left on device"), "%s", r.err);
            tu_run_free(&r);
        }
        ck_assert_int_eq(lstat(dnull, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert_int_eq(lstat(dfull, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert(access(tu_path("special/mynull.dat"), F_OK) != 0);
    }
    /* and no temporary file anywhere */
    DIR *d = opendir(tu_path("special"));
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        ck_assert_msg(!strstr(e->d_name, ".tmp-"), "left behind: %s", e->d_name);
    closedir(d);
}
END_TEST

START_TEST(plot_format_follows_the_file_name)
{
    mkdir(tu_path("fmt"), 0755);
    /* a PDF named .png, and an extension juten does not draw: usage errors */
    tu_run_result r = RUN("plot", FY2017, "allocation", "-o", tu_path("fmt/x.png"),
                          "--terminal", "pdf");
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "--terminal pdf does not match"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("plot", FY2017, "allocation", "-o", tu_path("fmt/x.jpg"));
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "must end in .png, .svg or .pdf"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("solve", FY2017, "--no-prices", "--plot", tu_path("fmt/x.jpg"));
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    ck_assert(access(tu_path("fmt/x.png"), F_OK) != 0 && access(tu_path("fmt/x.jpg"), F_OK) != 0);
    /* without --terminal the format follows the extension */
    r = RUN("plot", FY2017, "allocation", "-o", tu_path("fmt/a.svg"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    char *svg = tu_read(tu_path("fmt/a.svg"), NULL);
    ck_assert(svg && strstr(svg, "<svg"));
    free(svg);
    r = RUN("plot", FY2017, "allocation", "-o", tu_path("fmt/a.pdf"));
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    ck_assert(starts_with_file(tu_path("fmt/a.pdf"), "%PDF"));
    /* --terminal that agrees is fine; the help says all this */
    r = RUN("plot", FY2017, "allocation", "-o", tu_path("fmt/b.svg"), "--terminal", "svg");
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    r = RUN("help", "plot");
    ck_assert(strstr(r.out, "The format follows FILE's extension"));
    ck_assert(strstr(r.out, "written through"));
    tu_run_free(&r);
}
END_TEST

START_TEST(interrupted_plot_leaves_nothing_behind)
{
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    mkdir(tu_path("intr"), 0755);
    mkdir(tu_path("intr/bin"), 0755);
    char bin[4096], pidfile[4096], scratch[4096], out[4096];
    snprintf(bin, sizeof bin, "%s", tu_path("intr/bin"));
    snprintf(pidfile, sizeof pidfile, "%s", tu_path("intr/gnuplot.pid"));
    snprintf(out, sizeof out, "%s", tu_path("intr/chart.png"));
    /* a gnuplot that says it runs, then takes its time */
    char script[16384];
    snprintf(script, sizeof script, "#!/bin/sh\necho $$ > '%s.new'\nmv '%s.new' '%s'\nsleep 60\n",
             pidfile, pidfile, pidfile);
    ck_assert_int_eq(chmod(tu_write("intr/bin/gnuplot", script, (size_t)-1), 0755), 0);
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        snprintf(scratch, sizeof scratch, "%s/intr/tmp%zu", tu_tmpdir(), k);
        mkdir(scratch, 0700);
        unlink(pidfile);
        pid_t pid = fork();
        if (pid == 0) {
            char path[4200];
            snprintf(path, sizeof path, "%s:/usr/bin:/bin", bin);
            setenv("PATH", path, 1);
            setenv("TMPDIR", scratch, 1);
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            execl(JUTEN_BINARY, JUTEN_BINARY, "plot", FY2017, "allocation", "-o", out,
                  (char *)NULL);
            _exit(127);
        }
        /* wait until the (fake) gnuplot runs: the chart is being drawn */
        char *gp_pid = NULL;
        for (int i = 0; i < 600 && !(gp_pid = tu_read(pidfile, NULL)); i++) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        ck_assert_msg(gp_pid != NULL, "gnuplot never started");
        pid_t gp = (pid_t)atoi(gp_pid);
        free(gp_pid);
        kill(pid, sigs[k]);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sigs[k], "status %d", status);
        /* gnuplot was stopped with it (gone, or a zombie waiting for init to
         * reap it: poll a little, the reaping is the kernel's timing), and
         * the scratch directory is gone */
        bool stopped = false;
        for (int i = 0; i < 100 && !stopped; i++) {
            stopped = kill(gp, 0) != 0 && errno == ESRCH;
            char statp[64], *st = NULL;
            snprintf(statp, sizeof statp, "/proc/%d/stat", (int)gp);
            if (!stopped && (st = tu_read(statp, NULL)) != NULL) {
                const char *rp = strrchr(st, ')');
                stopped = rp && rp[1] == ' ' && rp[2] == 'Z';
            }
            free(st);
            if (!stopped) {
                struct timespec ts = {0, 50 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
        }
        ck_assert_msg(stopped, "gnuplot (pid %d) still runs", (int)gp);
        DIR *d = opendir(scratch);
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            ck_assert_msg(e->d_name[0] == '.', "left behind in $TMPDIR: %s", e->d_name);
        closedir(d);
        d = opendir(tu_path("intr"));
        while ((e = readdir(d)) != NULL)
            ck_assert_msg(!strstr(e->d_name, ".tmp-"), "left behind: %s", e->d_name);
        closedir(d);
        ck_assert(access(out, F_OK) != 0);
    }
}
END_TEST

/* ---- one explanation, numbers by the data's precision, per-command help -- */

/* Run juten with stdout and stderr going to one file, as in a terminal or
 * `juten ... > log 2>&1`; returns the exit code, *text the file. */
static int run_merged(const char *const *args, char **text)
{
    const char *path = tu_path("merged.txt");
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (fd < 0 || in < 0)
            _exit(127);
        dup2(fd, 1);
        dup2(fd, 2);
        dup2(in, 0);
        const char *argv[32];
        int n = 0;
        argv[n++] = JUTEN_BINARY;
        for (int i = 0; args[i] && n < 31; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        execv(JUTEN_BINARY, (char *const *)argv);
        _exit(127);
    }
    int st;
    ck_assert(waitpid(pid, &st, 0) == pid);
    *text = tu_read(path, NULL);
    ck_assert_ptr_nonnull(*text);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

#define MERGED(text, ...) run_merged((const char *const[]){__VA_ARGS__, NULL}, (text))

START_TEST(infeasible_explained_once)
{
    static const char why[] = "The measures that must be funded (M20, M51)";
    static const char conflict[] = "A minimal set of rules that cannot hold together";
    /* a terminal (or one log file): stdout's table carries the explanation,
     * stderr says where it is in one line */
    char *text = NULL;
    int rc = MERGED(&text, "solve", FY2017, "--headroom", "-100", "--no-prices");
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(count_of(text, why) == 1, "explanation printed %d times:\n%s",
                  count_of(text, why), text);
    ck_assert_int_eq(count_of(text, conflict), 1);
    ck_assert_msg(strstr(text, "juten: no portfolio satisfies every rule"), "%s", text);
    free(text);
    /* CSV carries no explanation: then stderr has it, once */
    rc = MERGED(&text, "solve", FY2017, "--headroom", "-100", "--format", "csv");
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(count_of(text, why) == 1, "%s", text);
    free(text);
    /* the table in a file (-o): stderr still tells why, in full, once */
    const char *out = tu_path("inf-table.txt");
    rc = MERGED(&text, "solve", FY2017, "--headroom", "-100", "-o", out);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(count_of(text, why) == 1 && count_of(text, conflict) == 1, "%s", text);
    free(text);
    char *file = tu_read(out, NULL);
    ck_assert(file && count_of(file, why) == 1);
    free(file);
    /* stdout redirected elsewhere (separate files): each place has it once */
    tu_run_result r = RUN("solve", FY2017, "--headroom", "-100");
    ck_assert_int_eq(r.status, 1);
    ck_assert_int_eq(count_of(r.out, why), 1);
    ck_assert_int_eq(count_of(r.err, why), 1);
    tu_run_free(&r);
}
END_TEST

START_TEST(parameter_ranges_are_usage_errors)
{
    static const char *const bad[][3] = {
        {"solve", "--savings-rate", "1.5"},   {"solve", "--savings-rate", "-0.1"},
        {"solve", "--savings-rate", "1e200"}, {"solve", "--headroom", "1e308"},
        {"solve", "--headroom", "-2e12"},     {"explain", "--headroom", "1e13"},
        {"frontier", "--savings-rate", "2"},  {"export", "--savings-rate", "1.01"},
        {"export", "--headroom", "1e308"},    {"alternatives", "--savings-rate", "1e200"},
        {"frontier", "--to", "1e308"},        {"rank", "--from", "-1e13"},
        {"plot", "--to", "1e300"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *cmd = bad[i][0];
        bool exp = !strcmp(cmd, "export"), ex = !strcmp(cmd, "explain");
        bool pl = !strcmp(cmd, "plot");
        tu_run_result r = exp  ? RUN(cmd, FY2017, bad[i][1], bad[i][2], "--lp", tu_path("r.lp"))
                          : ex ? RUN(cmd, FY2017, "M52", bad[i][1], bad[i][2])
                          : pl ? RUN(cmd, FY2017, "ranking", bad[i][1], bad[i][2])
                               : RUN(cmd, FY2017, bad[i][1], bad[i][2]);
        ck_assert_msg(r.status == 64, "%s %s %s: exit %d: %s", cmd, bad[i][1], bad[i][2],
                      r.status, r.err);
        ck_assert_msg(strstr(r.err, bad[i][1]) &&
                          (strstr(r.err, "between 0 and 1") || strstr(r.err, "1e12")),
                      "%s", r.err);
        tu_run_free(&r);
    }
    /* the ends of the ranges are fine */
    tu_run_result r = RUN("solve", FY2017, "--savings-rate", "1", "--headroom", "1e12",
                          "--no-prices", "--format", "json");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    r = RUN("solve", FY2017, "--savings-rate", "0", "--headroom", "-1e12", "--no-prices");
    ck_assert_msg(r.status == 1, "%d %s", r.status, r.err);
    tu_run_free(&r);
    /* no portfolio: alternatives says so instead of "the 0 best" */
    r = RUN("alternatives", FY2017, "--headroom", "-100", "-k", "3");
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.out, "no portfolio satisfies the rules") && !strstr(r.out, "0 best"),
                  "%s", r.out);
    tu_run_free(&r);
}
END_TEST

/* The lines of a table that follows the line containing title: up to the
 * first blank line; header first. Returns the count; lines point into text
 * (NUL-terminated in place). */
static int table_lines(char *text, const char *title, char **lines, int max)
{
    char *p = strstr(text, title);
    ck_assert_msg(p != NULL, "no \"%s\" in:\n%s", title, text);
    p = strchr(p, '\n') + 1;
    int n = 0;
    while (*p && *p != '\n' && n < max) {
        char *e = strchr(p, '\n');
        lines[n++] = p;
        if (!e)
            break;
        *e = 0;
        p = e + 1;
    }
    return n;
}

/* The k-th whitespace-separated field from the end of a line (0: last). */
static const char *field_from_end(const char *line, int k, char *buf)
{
    const char *e = line + strlen(line);
    for (;;) {
        while (e > line && e[-1] == ' ')
            e--;
        const char *b = e;
        while (b > line && b[-1] != ' ')
            b--;
        if (k-- == 0) {
            memcpy(buf, b, (size_t)(e - b));
            buf[e - b] = 0;
            return buf;
        }
        e = b;
    }
}

static int decimals_in(const char *s)
{
    const char *dot = strchr(s, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

START_TEST(numbers_follow_the_data_precision)
{
    tu_run_result r = RUN("solve", FY2017);
    ck_assert_msg(r.status == 0, "%s", r.err);
    char *lines[200], buf[128];
    /* FY2017 costs and savings have one decimal; risk x weight two */
    int n = table_lines(r.out, "Funded measures", lines, 200);
    ck_assert_int_ge(n, 10);
    int width = juten_utf8_width(lines[0]);
    for (int i = 1; i < n; i++) {
        ck_assert_msg(juten_utf8_width(lines[i]) == width, "not right-aligned: %s", lines[i]);
        ck_assert_msg(decimals_in(field_from_end(lines[i], 2, buf)) == 1, "cost %s", buf);
        ck_assert_msg(decimals_in(field_from_end(lines[i], 1, buf)) == 1, "saving %s", buf);
        ck_assert_msg(decimals_in(field_from_end(lines[i], 0, buf)) == 2, "value %s", buf);
    }
    tu_run_free(&r);
    r = RUN("solve", FY2017);
    /* ministry charges split by cost_share have two decimals, ceilings one;
     * shares are percentages with one decimal */
    n = table_lines(r.out, "By ministry", lines, 200);
    ck_assert_int_ge(n, 5);
    for (int i = 1; i < n; i++) {
        ck_assert_msg(decimals_in(field_from_end(lines[i], 2, buf)) == 2, "charge %s", buf);
        ck_assert_msg(decimals_in(field_from_end(lines[i], 1, buf)) == 1, "ceiling %s", buf);
        const char *used = field_from_end(lines[i], 0, buf);
        ck_assert_msg(!strcmp(used, "-") || (decimals_in(used) == 2 && strchr(used, '%')),
                      "used %s", used);
    }
    tu_run_free(&r);
    /* the LP bound like the value; savings rates to 3 (here 4) decimals */
    r = RUN("frontier", FY2017, "--max-points", "5");
    ck_assert_msg(r.status == 0, "%s", r.err);
    n = table_lines(r.out, "LP bound", lines, 20); /* the rows after the header */
    ck_assert_int_ge(n, 3);
    for (int i = 0; i < n; i++) {
        char l2[512];
        snprintf(l2, sizeof l2, "%s", lines[i]);
        char *tok = strtok(l2, " ");
        ck_assert_msg(decimals_in(tok) == 1, "at %s", tok);
        ck_assert_msg(decimals_in(strtok(NULL, " ")) == 2, "value in %s", lines[i]);
        ck_assert_msg(decimals_in(strtok(NULL, " ")) == 2, "LP bound in %s", lines[i]);
    }
    tu_run_free(&r);
    r = RUN("frontier", FY2017, "--parameter", "savings-rate", "--max-points", "4");
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(!strstr(r.out, "0.638333") && strstr(r.out, "0.6384"), "%s", r.out);
    tu_run_free(&r);
    /* the break-even cost to the money's precision, with no false "to
     * within 0.001" */
    r = RUN("explain", FY2017, "M52", "--no-prices");
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(!strstr(r.out, "to within") && strstr(r.out, "(now 6.0)") &&
                      strstr(r.out, "(now 8.50)") && strstr(r.out, "value 186.06"),
                  "%s", r.out);
    tu_run_free(&r);
    /* CSV has the table's decimals: money and values to 3 here, the weight
     * as a rate */
    tu_write("prec/areas.csv", "id,name,weight\nsociety,社会,1.25\n", (size_t)-1);
    tu_write("prec/measures.csv",
             "id,name,area,cost,risk_reduction,saving\n"
             "M1,a,society,1.23456,5.4321,0\n"
             "M2,b,society,0,1,3\n",
             (size_t)-1);
    const char *ini = tu_write("prec/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n",
                               (size_t)-1);
    r = RUN("solve", ini, "--format", "csv");
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.out, ",1.235,0.000,5.432,1.25,6.790,"), "%s", r.out);
    tu_run_free(&r);
    /* ... and the table caps decimals at 3 */
    r = RUN("solve", ini);
    ck_assert_msg(strstr(r.out, "1.235") && strstr(r.out, "6.790") && !strstr(r.out, "1.23456"),
                  "%s", r.out);
    tu_run_free(&r);
}
END_TEST

START_TEST(line_breaks_in_names_keep_tables_whole)
{
    tu_write("nl/areas.csv", "id,name,weight\nsociety,\"社会\nsecond\",1\n", (size_t)-1);
    tu_write("nl/measures.csv",
             "id,name,area,cost,risk_reduction,saving\n"
             "M1,\"first line\nsecond line\",society,1,5,0\n"
             "M2,\"tab\there\",society,0,1,3\n",
             (size_t)-1);
    const char *ini = tu_write("nl/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n",
                               (size_t)-1);
    tu_run_result r = RUN("solve", ini);
    ck_assert_msg(r.status == 0, "%s", r.err);
    char *lines[20];
    char *copy = strdup(r.out);
    int n = table_lines(copy, "Funded measures (2 of 2)", lines, 20);
    ck_assert_msg(n == 3, "%d lines:\n%s", n, r.out);
    ck_assert_msg(strstr(r.out, "first line\xE2\x86\xB5second line") && strstr(r.out, "tab here"),
                  "%s", r.out);
    free(copy);
    copy = strdup(r.out);
    n = table_lines(copy, "By policy area", lines, 20);
    ck_assert_msg(n == 2, "%d lines:\n%s", n, r.out);
    free(copy);
    tu_run_free(&r);
    r = RUN("rank", ini);
    ck_assert_msg(r.status == 0 && !strstr(r.out, "line\nsecond"), "%s", r.out);
    tu_run_free(&r);
    r = RUN("explain", ini, "all", "--no-prices");
    ck_assert_msg(r.status == 0 && !strstr(r.out, "line\nsecond"), "%s", r.out);
    tu_run_free(&r);
}
END_TEST

START_TEST(help_lists_each_commands_exit_codes)
{
    static const struct {
        const char *cmd;
        bool one, write;
    } c[] = {{"check", false, false}, {"solve", true, true},    {"export", false, true},
             {"frontier", true, true}, {"rank", true, true},    {"explain", true, true},
             {"alternatives", true, true}, {"plot", true, true}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        tu_run_result r = RUN("help", c[i].cmd);
        ck_assert_int_eq(r.status, 0);
        char *ec = strstr(r.out, "Exit codes");
        ck_assert_msg(ec != NULL, "%s", r.out);
        ck_assert_msg((strstr(ec, "\n  1 ") != NULL) == c[i].one, "%s: %s", c[i].cmd, ec);
        ck_assert_msg((strstr(ec, "\n  73 ") != NULL) == c[i].write, "%s: %s", c[i].cmd, ec);
        ck_assert_msg(strstr(ec, "\n  0 ") && strstr(ec, "\n  64 ") && strstr(ec, "\n  65 "),
                      "%s: %s", c[i].cmd, ec);
        tu_run_free(&r);
    }
    /* the overview says which commands return 1 */
    tu_run_result r = RUN("--help");
    char *ec = strstr(r.out, "Exit codes");
    ck_assert_ptr_nonnull(ec);
    ck_assert_msg(strstr(ec, "not check or export"), "%s", ec);
    tu_run_free(&r);
}
END_TEST

/* ---- explanations of impossible directions, binding rules, progress ------ */

/* explain M01 on FY2017: forcing it in is impossible at headroom 0; the
 * output says why (the forced round's minimal conflict, as solve words it)
 * and from which headroom it becomes possible and optimal. */
START_TEST(explain_says_why_a_direction_is_impossible)
{
    tu_run_result r = RUN("explain", FY2017, "M01", "M51", "M66", "--no-prices");
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "With M01 funded, these rules cannot all hold"), "%s", r.out);
    ck_assert(strstr(r.out, "- offset: The offset allows a net increase of at most 0"));
    ck_assert(strstr(r.out, "With M01 funded and every other rule as it is, a portfolio exists "
                            "from a headroom\n  of 5.0 億円 (now 0.0 億円)"));
    ck_assert(strstr(r.out, "there the best one is worth 192.54"));
    ck_assert(strstr(r.out, "From a headroom of 6.1 億円"));
    ck_assert(strstr(r.out, "It cannot be left out: it is mandatory."));
    ck_assert(strstr(r.out, "It would drop out if its listed saving were below 2.5"));
    ck_assert(!strstr(r.out, "no portfolio satisfies the rules with it.\n\n"));
    tu_run_free(&r);
    json_t *j = run_json((const char *const[]){"explain", FY2017, "M01", "M66", "--no-prices",
                                               "--format", "json", NULL});
    json_t *a = json_array_get(json_object_get(j, "measures"), 0);
    ck_assert(json_is_false(json_object_get(a, "can_flip")));
    ck_assert_double_eq_tol(jnum(a, "least_headroom"), 5.0, 1e-6);
    ck_assert_double_eq_tol(jnum(a, "optimal_headroom"), 6.1, 2e-3);
    json_t *cf = json_object_get(a, "conflict");
    ck_assert(json_is_array(cf) && json_array_size(cf) > 0);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cf, 0), "rule")), "offset");
    json_t *b = json_array_get(json_object_get(j, "measures"), 1);
    double bs = jnum(b, "break_even_saving");
    ck_assert(bs > 2.4 && bs < 2.6);
    ck_assert(json_is_object(json_object_get(b, "blocking_gain")));
    json_decref(j);
}
END_TEST

/* solve's rules at their limit: only those whose relaxation raises the
 * value, with the gain; the offset's price is explained in words. */
START_TEST(solve_lists_rules_that_hold_the_value_down)
{
    tu_run_result r = RUN("solve", FY2017);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    const char *sec = strstr(r.out, "Rules at their limit (value gained if that rule alone");
    ck_assert_msg(sec != NULL, "%s", r.out);
    const char *end = strstr(sec, "Price of each rule");
    ck_assert_ptr_nonnull(end);
    char *part = strndup(sec, (size_t)(end - sec));
    const char *tag = strstr(part, "tag_min[incident-response]");
    ck_assert_msg(tag != NULL, "%s", part);
    tag += strlen("tag_min[incident-response]");
    tag += strspn(tag, " ");
    ck_assert_msg(!strncmp(tag, "0.95\n", 5), "%s", part);
    ck_assert(strstr(part, "ceiling[CAS]"));
    ck_assert(!strstr(part, "requires[M21->M20]"));
    ck_assert(strstr(part, "dropping any one of them alone gains nothing"));
    free(part);
    ck_assert(strstr(r.out, "everything the offset keeps out"));
    ck_assert(strstr(r.out, "(213.07 against 186.06)"));
    tu_run_free(&r);
    json_t *j = solve_json(FY2017);
    json_t *g = json_object_get(j, "binding_gain");
    ck_assert(json_is_object(g));
    ck_assert_double_eq_tol(jnum(g, "tag_min[incident-response]"), 0.95, 1e-9);
    ck_assert_ptr_null(json_object_get(g, "requires[M21->M20]"));
    ck_assert_int_eq(json_array_size(json_object_get(j, "binding")), json_object_size(g));
    json_decref(j);
}
END_TEST

/* Progress goes to stderr on a terminal only, and never with --quiet;
 * every solving command takes --quiet and documents it. */
START_TEST(progress_only_on_a_terminal)
{
    static const char *const cmds[] = {"solve", "frontier", "rank", "explain", "alternatives",
                                       "plot"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        tu_run_result h = RUN(cmds[i], "--help");
        ck_assert_msg(strstr(h.out, "--quiet"), "%s --help has no --quiet", cmds[i]);
        tu_run_free(&h);
    }
    /* the tests' stderr is a pipe: no progress line */
    tu_run_result r = RUN("explain", FY2017, "M02", "M03", "--no-prices");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(!strchr(r.err, '\r') && !strstr(r.err, "explaining"), "%s", r.err);
    tu_run_free(&r);
    r = RUN("frontier", FY2017, "--quiet", "--max-points", "3");
    ck_assert_int_eq(r.status, 0);
    ck_assert(!strchr(r.err, '\r'));
    tu_run_free(&r);
    /* on a terminal (util-linux script gives one): the line, updated in
     * place, wiped at the end, without colour codes; --quiet: nothing */
    if (access("/usr/bin/script", X_OK) != 0)
        return;
    char cmd[8192], log[4200];
    snprintf(log, sizeof log, "%s", tu_path("progress.log"));
    for (int quiet = 0; quiet < 2; quiet++) {
        snprintf(cmd, sizeof cmd,
                 "NO_COLOR=1 /usr/bin/script -qec '%s explain %s M01 M02 M03 --no-prices -o "
                 "%s/explain.txt%s' %s >/dev/null 2>&1",
                 JUTEN_BINARY, FY2017, tu_tmpdir(), quiet ? " --quiet" : "", log);
        ck_assert_int_eq(system(cmd), 0);
        char *t = tu_read(log, NULL);
        ck_assert_ptr_nonnull(t);
        if (quiet)
            ck_assert_msg(!strstr(t, "juten: explaining"), "%s", t);
        else
            ck_assert_msg(strstr(t, "\rjuten: explaining M01 0/3, 0 s"), "%s", t);
        ck_assert(!strstr(t, "\033["));
        free(t);
    }
}
END_TEST

/* Every option a command's --help lists under "Options:" is one the
 * command accepts (cli/options.c builds each command's getopt tables from
 * its list of codes; the help texts are written by hand). */
/* A number of draws whose records cannot fit is refused at once, with the
 * most that fit, not after hours of drawing. */
START_TEST(simulate_refuses_draws_that_cannot_fit)
{
    tu_run_result r = RUN("simulate", FY2017, "--draws", "1000000000", "--reoptimise");
    ck_assert_msg(r.status == 64, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "would need about") && strstr(r.err, "use at most"), "%s", r.err);
    ck_assert_str_eq(r.out, "");
    tu_run_free(&r);
}
END_TEST

/* Draws a node limit stopped before any portfolio are not "infeasible":
 * they are counted apart, and the three counts add up to the draws. */
START_TEST(simulate_counts_limited_draws_apart)
{
    json_t *j = run_json((const char *const[]){"simulate", FY2017, "--reoptimise", "--draws",
                                               "60", "--node-limit", "5", "--format", "json",
                                               "--quiet", NULL});
    long feas = (long)json_integer_value(json_object_get(j, "feasible_draws"));
    long inf = (long)json_integer_value(json_object_get(j, "infeasible_draws"));
    long lim = (long)json_integer_value(json_object_get(j, "limited_without_portfolio_draws"));
    long unp = (long)json_integer_value(json_object_get(j, "unproven_draws"));
    ck_assert_msg(inf == 0 && lim > 0 && feas > 0 && feas + inf + lim == 60 && unp >= lim,
                  "feasible %ld, infeasible %ld, limited %ld, unproven %ld", feas, inf, lim, unp);
    json_decref(j);
    tu_run_result r = RUN("simulate", FY2017, "--reoptimise", "--draws", "10", "--node-limit",
                          "2", "--quiet");
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "within the node limit") && strstr(r.err, "--node-limit"), "%s",
                  r.err);
    tu_run_free(&r);
}
END_TEST

START_TEST(help_lists_only_accepted_options)
{
    static const char *const cmds[] = {"check", "solve", "export", "frontier", "rank",
                                       "explain", "alternatives", "plot"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        tu_run_result h = RUN(cmds[i], "--help");
        ck_assert_int_eq(h.status, 0);
        const char *p = strstr(h.out, "\nOptions:\n"), *end = strstr(h.out, "\nExit codes:");
        ck_assert_msg(p && end && p < end, "%s --help has no Options section", cmds[i]);
        int seen = 0;
        for (; (p = strstr(p, "--")) && p < end; p += 2) {
            if (!(p[-1] == ' ' || p[-1] == '(') || p[2] < 'a' || p[2] > 'z')
                continue;
            char opt[64];
            size_t n = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
            while (n > 2 && p[n - 1] == '-')
                n--;
            ck_assert(n < sizeof opt);
            memcpy(opt, p, n);
            opt[n] = '\0';
            tu_run_result r = RUN(cmds[i], opt);
            ck_assert_msg(!strstr(r.err, "unknown option"), "%s --help lists %s, which it "
                          "refuses: %s", cmds[i], opt, r.err);
            tu_run_free(&r);
            seen++;
        }
        ck_assert_msg(seen > 0, "%s --help lists no option", cmds[i]);
        tu_run_free(&h);
    }
}
END_TEST

/* ---- Japanese reports ---------------------------------------------------- */

/* The English of every entry of po/ja.po whose translation differs from it,
 * split into pieces at line breaks and printf directives, each trimmed;
 * pieces of one word are left out (a single word such as "id" or "offset"
 * may be a rule's name or an id in any language).  catalogue_english
 * returns them as a NULL-terminated array, freed with free_strings. */

/* The text between the first and the last quote of a .po line, unescaped,
 * written at out; the end of what was written. */
static char *po_unescape(const char *line, char *out)
{
    const char *a = strchr(line, '"'), *b = strrchr(line, '"');
    if (!a || b <= a)
        return out;
    for (const char *p = a + 1; p < b; p++) {
        if (*p == '\\' && p + 1 < b) {
            p++;
            *out++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
        } else
            *out++ = *p;
    }
    return out;
}

/* English words in s: runs of non-space holding a letter (": the" is one). */
static int word_count(const char *s)
{
    int n = 0;
    bool in = false, letter = false;
    for (const char *p = s;; p++) {
        if (!*p || isspace((unsigned char)*p)) {
            n += in && letter;
            in = letter = false;
            if (!*p)
                return n;
        } else {
            in = true;
            letter |= isalpha((unsigned char)*p) != 0;
        }
    }
}

static void add_pieces(char ***list, size_t *n, const char *text, bool directives)
{
    char *copy = strdup(text);
    ck_assert_ptr_nonnull(copy);
    /* cut at line breaks, and at each printf directive of a c-format text */
    for (char *p = copy; *p; p++)
        if (*p == '\n')
            *p = '\x01';
        else if (directives && *p == '%') {
            *p++ = '\x01';
            while (*p && !strchr("sdgfuxlc%", *p))
                *p++ = '\x01';
            if (*p == 'l')
                while (*p == 'l')
                    *p++ = '\x01';
            if (*p)
                *p = '\x01';
        }
    char *save = NULL;
    for (char *t = strtok_r(copy, "\x01", &save); t; t = strtok_r(NULL, "\x01", &save)) {
        while (isspace((unsigned char)*t))
            t++;
        size_t len = strlen(t);
        while (len && isspace((unsigned char)t[len - 1]))
            t[--len] = 0;
        if (word_count(t) < 2)
            continue;
        *list = realloc(*list, (*n + 2) * sizeof **list);
        ck_assert_ptr_nonnull(*list);
        (*list)[(*n)++] = strdup(t);
        (*list)[*n] = NULL;
    }
    free(copy);
}

/* One entry of po/ja.po while it is read. */
typedef struct po_entry {
    char *id, *id_end, *str, *str_end, *cur; /* cur: where continuation lines go */
    bool fmt, pending;
} po_entry;

static void po_entry_end(po_entry *e, char ***list, size_t *n)
{
    *e->id_end = 0;
    *e->str_end = 0;
    /* the English of a translated entry (the header's msgid is empty) */
    if (e->pending && *e->id && *e->str && strcmp(e->id, e->str))
        add_pieces(list, n, e->id, e->fmt);
    e->pending = e->fmt = false;
    e->cur = NULL;
    e->id_end = e->id;
    e->str_end = e->str;
}

static char **catalogue_english(void)
{
    char *po = tu_read(tu_src("po/ja.po"), NULL);
    ck_assert_ptr_nonnull(po);
    char **list = calloc(1, sizeof *list);
    size_t n = 0;
    po_entry e = {0};
    e.id = e.id_end = malloc(strlen(po) + 1);
    e.str = e.str_end = malloc(strlen(po) + 1);
    ck_assert(list && e.id && e.str);
    char *save = NULL;
    for (char *line = strtok_r(po, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !strncmp(line, "msgid ", 6))
            if (e.pending && e.cur != e.id)
                po_entry_end(&e, &list, &n);
        if (!strncmp(line, "#,", 2))
            e.fmt = strstr(line, " c-format") != NULL;
        else if (!strncmp(line, "msgid ", 6)) {
            e.pending = true;
            e.cur = e.id;
            e.id_end = po_unescape(line, e.id);
        } else if (!strncmp(line, "msgstr ", 7) || !strncmp(line, "msgstr[0] ", 10)) {
            e.cur = e.str;
            e.str_end = po_unescape(strchr(line, ' '), e.str);
        } else if (!strncmp(line, "msgid_plural ", 13) || !strncmp(line, "msgstr[", 7))
            e.cur = NULL; /* the singular and msgstr[0] stand for the entry */
        else if (line[0] == '"' && e.cur == e.id)
            e.id_end = po_unescape(line, e.id_end);
        else if (line[0] == '"' && e.cur == e.str)
            e.str_end = po_unescape(line, e.str_end);
    }
    po_entry_end(&e, &list, &n);
    free(e.id);
    free(e.str);
    free(po);
    return list;
}

static void free_strings(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

/* The display column at which `mark` (NULL: the first digit) starts on each
 * line of text that holds it, after `from` and before the next blank line
 * (from NULL: all of text), is the same on every line: hand-aligned labels
 * stay aligned when they are Japanese.  The number of lines checked. */
static int same_column(const char *text, const char *from, const char *mark)
{
    const char *p = text;
    if (from) {
        p = strstr(text, from);
        ck_assert_msg(p, "no \"%s\" in:\n%.1500s", from, text);
        p += strlen(from);
    }
    int col = -1, lines = 0;
    while (*p && *p != '\n') {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *line = strndup(p, len);
        char *at = mark ? strstr(line, mark) : strpbrk(line, "0123456789");
        if (at) {
            *at = 0;
            int w = juten_utf8_width(line);
            ck_assert_msg(col < 0 || w == col, "\"%s\" at column %d, not %d, in:\n%.1500s",
                          mark ? mark : "a number", w, col, text);
            col = w;
            lines++;
        }
        free(line);
        p += len + (end != NULL);
        if (!from && *p == '\n')
            p++; /* the whole text: blank lines do not end it */
    }
    return lines;
}

START_TEST(reports_in_japanese)
{
    char **english = catalogue_english();
    size_t n_english = 0;
    while (english[n_english])
        n_english++;
    /* the catalogue has the report's texts: this test cannot pass empty */
    ck_assert_msg(n_english > 100, "only %zu English texts read from po/ja.po", n_english);
    static const struct {
        const char *args[6];
        const char *headings[4];
    } cases[] = {
        {{"solve", NULL},
         {"採択する施策（70 件中 35 件）", "\n合計:\n", "\n分野別:\n", "（重み付きリスク低減効果）"}},
        {{"rank", NULL},
         {"優先順位（", "費用対効果順位", "採択される範囲", "件の施策で異なります"}},
        {{"simulate", "--draws", "200", NULL},
         {"回の試行（乱数シード", "\n相殺ルール（", "各ルールが成り立つ確率", "変動要因"}},
        /* measures that can flip: the sentences are all the report's own */
        {{"explain", "M03", "M12", NULL},
         {"最適な採択案に含まれません", "不採択を強制すると", "採択を強制したときに効果を抑えている",
          "\nルールの潜在価格"}},
        {{"alternatives", NULL},
         {"上位 3 件の採択案", "変化は最適解との比較", "\n  加わる: ", "\n  外れる: "}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *const *a = cases[c].args;
        const char *cmd = a[0];
        /* juten --lang ja CMD SCENARIO [options] */
        const char *ja_args[10] = {"--lang", "ja", cmd, FY2017};
        const char *en_args[10] = {cmd, FY2017};
        size_t k = 1, nj = 4, ne = 2;
        for (; a[k]; k++)
            ja_args[nj++] = en_args[ne++] = a[k];
        tu_run_result ja = run(ja_args);
        ck_assert_msg(ja.status == 0, "%s: exit %d: %.1500s", cmd, ja.status, ja.err);
        /* (a) the Japanese headings are there */
        for (size_t h = 0; h < 4; h++)
            ck_assert_msg(strstr(ja.out, cases[c].headings[h]),
                          "%s --lang ja lacks \"%s\":\n%.1500s", cmd, cases[c].headings[h],
                          ja.out);
        /* hand-aligned labels in Japanese: the figures in one column */
        if (!strcmp(cmd, "solve"))
            ck_assert_int_eq(same_column(ja.out, "\n合計:\n", NULL), 4);
        if (!strcmp(cmd, "simulate"))
            ck_assert_int_ge(same_column(ja.out, NULL, "平均 "), 4);
        /* (b) no English text of the catalogue is left in it */
        for (size_t i = 0; i < n_english; i++)
            ck_assert_msg(!strstr(ja.out, english[i]),
                          "%s --lang ja still says \"%s\":\n%.1500s", cmd, english[i], ja.out);
        /* and without --lang (the suites' C locale) it stays English */
        tu_run_result en = run(en_args);
        ck_assert_int_eq(en.status, 0);
        ck_assert_msg(!strstr(en.out, cases[c].headings[0]), "%s in English: %.1500s", cmd,
                      en.out);
        /* (d) a Japanese locale without --lang gives the same bytes */
        unsetenv("LC_ALL");
        setenv("LANG", "ja_JP.UTF-8", 1);
        tu_run_result env = run(en_args);
        setenv("LC_ALL", "C.UTF-8", 1); /* as tu_run_suite left it */
        unsetenv("LANG");
        ck_assert_int_eq(env.status, 0);
        ck_assert_msg(env.out_len == ja.out_len && !memcmp(env.out, ja.out, ja.out_len),
                      "%s with LANG=ja_JP.UTF-8 differs from --lang ja:\n%.1500s", cmd, env.out);
        /* (c) CSV is for machines: the same bytes in either language */
        ja_args[nj++] = en_args[ne++] = "--format";
        ja_args[nj++] = en_args[ne++] = "csv";
        tu_run_result jc = run(ja_args), ec = run(en_args);
        ck_assert_int_eq(jc.status, 0);
        ck_assert_int_eq(ec.status, 0);
        ck_assert_msg(ec.out_len > 100, "%s --format csv: %.1500s", cmd, ec.err);
        ck_assert_msg(jc.out_len == ec.out_len && !memcmp(jc.out, ec.out, ec.out_len),
                      "%s --format csv differs with --lang ja:\n%.700s\n---\n%.700s", cmd,
                      jc.out, ec.out);
        tu_run_free(&ja);
        tu_run_free(&en);
        tu_run_free(&env);
        tu_run_free(&jc);
        tu_run_free(&ec);
    }
    free_strings(english);
}
END_TEST

/* The help pages in Japanese.  Each page (juten --help, juten help, juten CMD
 * --help, juten help CMD) in English is the same without --lang as with
 * --lang en; with --lang ja it is Japanese: none of the English page's prose
 * lines (longer than 30 characters, naming no option and no command) is left
 * in it, and its Japanese lines fit 80 columns. */
static const char *const help_cmds[] = {"check",    "solve",   "export",  "frontier",
                                        "rank",     "explain", "alternatives", "simulate",
                                        "merge",    "compare", "report",  "plot"};

/* The line names an option (-o, --format) or a command (juten, solve, ...). */
static bool names_option_or_command(const char *line)
{
    if (strstr(line, "juten"))
        return true;
    for (const char *p = line; *p; p++)
        if (*p == '-' && (p == line || p[-1] == ' ' || p[-1] == '(' || p[-1] == '[' ||
                          p[-1] == '-') &&
            ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '-'))
            return true;
    for (size_t i = 0; i < sizeof help_cmds / sizeof help_cmds[0]; i++) {
        size_t n = strlen(help_cmds[i]);
        for (const char *p = line; (p = strstr(p, help_cmds[i])); p += n) {
            bool start = p == line || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_');
            bool end = !((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_');
            if (start && end)
                return true;
        }
    }
    return false;
}

static void check_japanese_help(const char *what, const char *en, const char *ja)
{
    ck_assert_msg(strstr(ja, "使い方") || strstr(ja, "終了コード"), "%s: not Japanese:\n%s",
                  what, ja);
    int prose = 0;
    for (const char *l = en; *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        char line[256];
        ck_assert(n < sizeof line);
        memcpy(line, l, n);
        line[n] = '\0';
        const char *t = line + strspn(line, " ");
        if (strlen(t) > 30 && !names_option_or_command(t)) {
            ck_assert_msg(!strstr(ja, t), "%s: English left in the Japanese help: '%s'", what,
                          t);
            prose++;
        }
        l += n + (nl != NULL);
    }
    ck_assert_msg(prose > 0, "%s: no prose line checked", what);
    for (const char *l = ja; *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        char line[512];
        ck_assert(n < sizeof line);
        memcpy(line, l, n);
        line[n] = '\0';
        bool ascii = true;
        for (size_t i = 0; i < n; i++)
            ascii = ascii && (unsigned char)line[i] < 0x80;
        ck_assert_msg(ascii || juten_utf8_width(line) <= 80, "%s: a line of %d columns: '%s'",
                      what, juten_utf8_width(line), line);
        l += n + (nl != NULL);
    }
}

/* en: args in English (without --lang and with --lang en, byte-identical);
 * ja: the same args with --lang ja. */
static void check_help_page(const char *what, const char *const *args, const char *const *en_args,
                            const char *const *ja_args)
{
    tu_run_result a = run(args), b = run(en_args), j = run(ja_args);
    ck_assert_msg(a.status == 0 && b.status == 0 && j.status == 0, "%s: exit %d, %d, %d", what,
                  a.status, b.status, j.status);
    ck_assert_msg(a.out_len == b.out_len && !memcmp(a.out, b.out, a.out_len),
                  "%s: --lang en differs from the default", what);
    ck_assert_msg(!strstr(a.out, "使い方"), "%s: the default is not English", what);
    check_japanese_help(what, a.out, j.out);
    tu_run_free(&a);
    tu_run_free(&b);
    tu_run_free(&j);
}

START_TEST(help_pages_in_japanese)
{
    check_help_page("juten --help", (const char *const[]){"--help", NULL},
                    (const char *const[]){"--lang", "en", "--help", NULL},
                    (const char *const[]){"--lang", "ja", "--help", NULL});
    check_help_page("juten help", (const char *const[]){"help", NULL},
                    (const char *const[]){"--lang", "en", "help", NULL},
                    (const char *const[]){"--lang", "ja", "help", NULL});
    for (size_t i = 0; i < sizeof help_cmds / sizeof help_cmds[0]; i++) {
        const char *c = help_cmds[i];
        char what[64];
        snprintf(what, sizeof what, "juten %s --help", c);
        check_help_page(what, (const char *const[]){c, "--help", NULL},
                        (const char *const[]){"--lang", "en", c, "--help", NULL},
                        (const char *const[]){"--lang", "ja", c, "--help", NULL});
        snprintf(what, sizeof what, "juten help %s", c);
        check_help_page(what, (const char *const[]){"help", c, NULL},
                        (const char *const[]){"--lang", "en", "help", c, NULL},
                        (const char *const[]){"--lang", "ja", "help", c, NULL});
        /* the same page both ways, in Japanese too */
        tu_run_result a = RUN("--lang", "ja", "help", c), b = RUN("--lang", "ja", c, "--help");
        ck_assert_str_eq(a.out, b.out);
        tu_run_free(&a);
        tu_run_free(&b);
    }
    /* the overview's command summaries are translated too */
    tu_run_result r = RUN("--lang", "ja", "--help");
    ck_assert_msg(strstr(r.out, "  solve         ") && !strstr(r.out, "choose the best portfolio"),
                  "%s", r.out);
    tu_run_free(&r);
}
END_TEST

/* ---- the library's messages in Japanese ---------------------------------- */

/* `juten --lang ja check` says what is wrong in Japanese, at the same
 * file:line:column and quoting the same value; without --lang (the suites
 * run in the C locale) the same message is the English one. */
START_TEST(check_messages_in_japanese)
{
    tu_write("ja/areas.csv", "id,name,weight\nsociety,社会,1\n", (size_t)-1);
    tu_write("ja/measures.csv",
             "id,name,area,cost,risk_reduction\n"
             "M1,ok,society,1,2\n"
             "M2,bad cost,society,12x,2\n"
             "M3,bad area,socety,1,2\n",
             (size_t)-1);
    const char *ini = tu_write("ja/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n"
                               "hedroom = 1\n", (size_t)-1);
    tu_run_result ja = RUN("--lang", "ja", "check", ini);
    ck_assert_int_eq(ja.status, 65);
    ck_assert_msg(strstr(ja.err, "measures.csv:3:21: エラー: 列 \"cost\": \"12x\" は数値ではありません"),
                  "%s", ja.err);
    ck_assert_msg(strstr(ja.err, "measures.csv:4:13: エラー: 列 \"area\": \"socety\" は "
                             "areas.csv の分野 ID ではありません (\"society\" の誤りではありませんか?)"),
                  "%s", ja.err);
    ck_assert_msg(strstr(ja.err, "s.ini:4:1: エラー: [scenario] のキー \"hedroom\" は不明です "
                             "(\"headroom\" の誤りではありませんか?)"),
                  "%s", ja.err);
    ck_assert_msg(!strstr(ja.err, "error:") && !strstr(ja.err, "not a number"), "%s", ja.err);
    tu_run_result en = RUN("check", ini);
    ck_assert_int_eq(en.status, 65);
    ck_assert_msg(strstr(en.err, "measures.csv:3:21: error: column \"cost\": \"12x\" is not a "
                             "number; expected a plain decimal such as 12.5"),
                  "%s", en.err);
    ck_assert_msg(strstr(en.err, "measures.csv:4:13: error: column \"area\": \"socety\" is not "
                             "an area id in areas.csv (did you mean \"society\"?)"),
                  "%s", en.err);
    ck_assert_msg(strstr(en.err, "s.ini:4:1: error: unknown key \"hedroom\" in [scenario] "
                             "(did you mean \"headroom\"?)"),
                  "%s", en.err);
    ck_assert_msg(!strstr(en.err, "エラー"), "%s", en.err);
    tu_run_free(&ja);
    tu_run_free(&en);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, help_and_version);
    tcase_add_test(tc, node_limit_is_reproducible);
    tcase_add_test(tc, usage_errors_exit_64);
    tcase_add_test(tc, usage_errors_in_japanese);
    tcase_add_test(tc, plot_texts_in_japanese);
    tcase_add_test(tc, check_bundled_scenarios);
    tcase_add_test(tc, check_missing_and_bad_files);
    tcase_add_test(tc, solve_table_fy2017);
    tcase_add_test(tc, solve_json_fy2017_respects_rules);
    tcase_add_test(tc, solve_is_deterministic);
    tcase_add_test(tc, csv_for_excel);
    tcase_add_test(tc, what_ifs_move_as_expected);
    tcase_add_test(tc, export_lp_and_mps_agree_with_glpsol);
    tcase_add_test(tc, infeasible_exit_1_with_reasons);
    tcase_add_test(tc, output_is_atomic_and_safe);
    tcase_add_test(tc, frontier_json_shape);
    tcase_add_test(tc, rank_json_shape);
    tcase_add_test(tc, explain_json_and_errors);
    tcase_add_test(tc, alternatives_json_shape);
    tcase_add_test(tc, alternatives_differ_by_on_fy2017);
    tcase_add_test(tc, alternatives_without_on_fy2017);
    tcase_add_test(tc, solve_reports_rule_prices);
    tcase_add_test(tc, plot_renders_or_falls_back);
    tcase_add_test(tc, outputs_never_replace_links_fifos_or_devices);
    tcase_add_test(tc, plot_format_follows_the_file_name);
    tcase_add_test(tc, interrupted_plot_leaves_nothing_behind);
    tcase_add_test(tc, infeasible_explained_once);
    tcase_add_test(tc, parameter_ranges_are_usage_errors);
    tcase_add_test(tc, numbers_follow_the_data_precision);
    tcase_add_test(tc, line_breaks_in_names_keep_tables_whole);
    tcase_add_test(tc, help_lists_each_commands_exit_codes);
    tcase_add_test(tc, explain_says_why_a_direction_is_impossible);
    tcase_add_test(tc, solve_lists_rules_that_hold_the_value_down);
    tcase_add_test(tc, progress_only_on_a_terminal);
    tcase_add_test(tc, help_lists_only_accepted_options);
    tcase_add_test(tc, simulate_refuses_draws_that_cannot_fit);
    tcase_add_test(tc, simulate_counts_limited_draws_apart);
    tcase_add_test(tc, help_pages_in_japanese);
    tcase_add_test(tc, check_messages_in_japanese);
    suite_add_tcase(s, tc);
    /* the text reports in Japanese (--lang ja and a Japanese locale) */
    TCase *tj = tcase_create("japanese");
    tcase_set_timeout(tj, 300);
    tcase_add_test(tj, reports_in_japanese);
    suite_add_tcase(s, tj);
    return s;
}

int main(void)
{
    return tu_run_suite(cli_suite());
}
