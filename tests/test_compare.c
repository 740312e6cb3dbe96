/*
 * test_compare.c -- `juten compare`: the comparison set file, the library's
 * comparison (a scenario against itself), and the command on FY2017
 * against `solve` and `simulate` run one scenario at a time.
 */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "juten_compare.h"
#include "juten_comparison.h"
#include "juten_model.h"

static const char *fy(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "scenarios/fy2017/%s", name);
    return buf[k];
}

static json_t *parse(const tu_run_result *r)
{
    json_error_t e;
    json_t *j = json_loadb(r->out, r->out_len, 0, &e);
    ck_assert_msg(j, "not JSON (%s): %.200s", e.text, r->out);
    return j;
}

/* A scenario compared with itself: no differences, no changes, equal
 * figures and the same probability from the same draws. */
START_TEST(test_compare_self)
{
    juten_diags *d = juten_diags_create(0);
    juten_model *a = NULL, *b = NULL;
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &a, d), JUTEN_OK);
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &b, d), JUTEN_OK);
    const juten_model *ms[2] = {a, b};
    juten_compare_options o;
    juten_compare_options_init(&o);
    o.prices = false;
    o.draws = 400;
    o.jobs = 1;
    juten_comparison *c = NULL;
    ck_assert_int_eq(juten_compare(ms, 2, &o, &c, d), JUTEN_OK);
    ck_assert_int_eq(c->n_differences, 0);
    ck_assert_int_eq(c->s[1].n_changes, 0);
    ck_assert(c->s[0].have && c->s[1].have);
    ck_assert(c->s[0].simulated && c->s[1].simulated);
    ck_assert_int_eq(c->draws, 400);
    ck_assert(c->s[0].offset_probability == c->s[1].offset_probability);
    ck_assert(juten_result_objective(c->s[0].result) == juten_result_objective(c->s[1].result));
    ck_assert(juten_result_spend(c->s[0].result) == juten_result_spend(c->s[1].result));
    ck_assert_int_eq(c->s[0].selected, c->s[1].selected);
    ck_assert_int_gt(c->s[0].selected, 0);
    for (int i = 0; i < c->n_areas; i++)
        ck_assert(c->s[0].area_spend[i] == c->s[1].area_spend[i]);
    for (int i = 0; i < c->n_ministries; i++)
        ck_assert(c->s[0].ministry_charge[i] == c->s[1].ministry_charge[i]);
    juten_comparison_free(c);
    /* one scenario is not a comparison */
    ck_assert_int_eq(juten_compare(ms, 1, &o, &c, d), JUTEN_ERR_USAGE);
    ck_assert_ptr_null(c);
    juten_model_free(a);
    juten_model_free(b);
    juten_diags_free(d);
}
END_TEST

/* The changes are read from the models: the area weights and the new tag
 * minimum of tokyo2020.ini, the forced decisions of nctc.ini. */
START_TEST(test_compare_changes_from_models)
{
    juten_diags *d = juten_diags_create(0);
    juten_model *a = NULL, *b = NULL, *c3 = NULL;
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &a, d), JUTEN_OK);
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/tokyo2020.ini"), &b, d), JUTEN_OK);
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/nctc.ini"), &c3, d), JUTEN_OK);
    const juten_model *ms[3] = {a, b, c3};
    juten_compare_options o;
    juten_compare_options_init(&o);
    o.prices = false;
    o.simulate = false;
    juten_comparison *c = NULL;
    ck_assert_int_eq(juten_compare(ms, 3, &o, &c, d), JUTEN_OK);
    ck_assert_int_eq(c->draws, 0);
    ck_assert(!c->s[0].simulated && isnan(c->s[0].offset_probability));
    ck_assert_int_eq(c->s[1].n_changes, 3);
    ck_assert_str_eq(c->s[1].changes[0], "weight[society] 1.3 -> 1.5");
    ck_assert_str_eq(c->s[1].changes[1], "weight[structure] 1.2 -> 1.5");
    ck_assert_str_eq(c->s[1].changes[2], "tag_min[tokyo2020] none -> 30");
    ck_assert_int_eq(c->s[2].n_changes, 2);
    ck_assert_str_eq(c->s[2].changes[0], "exclude M16");
    ck_assert_str_eq(c->s[2].changes[1], "include M41");
    juten_comparison_free(c);
    juten_model_free(a);
    juten_model_free(b);
    juten_model_free(c3);
    juten_diags_free(d);
}
END_TEST

/* The comparison set file: paths relative to it, name, errors at
 * file:line:col. */
START_TEST(test_comparison_set_file)
{
    juten_diags *d = juten_diags_create(0);
    juten_comparison_set *s = NULL;
    ck_assert_int_eq(juten_comparison_load(tu_src("scenarios/fy2017/meeting.ini"), &s, d),
                     JUTEN_OK);
    ck_assert(s->is_set);
    ck_assert_int_eq(s->n, 3);
    ck_assert_str_eq(s->paths[0], tu_src("scenarios/fy2017/scenario.ini"));
    ck_assert_str_eq(s->paths[2], tu_src("scenarios/fy2017/austerity.ini"));
    juten_comparison_set_free(s);
    /* a scenario is not a set, and not an error */
    ck_assert_int_eq(juten_comparison_load(tu_src("scenarios/fy2017/scenario.ini"), &s, d),
                     JUTEN_OK);
    ck_assert(!s->is_set);
    ck_assert_int_eq(s->n, 0);
    juten_comparison_set_free(s);
    ck_assert_uint_eq(juten_diags_count(d), 0);
    /* a misspelt key, with its place and a suggestion */
    const char *p = tu_write("bad.ini", "; meeting\n[compare]\nname = x\n  scenario = a.ini, b.ini\n",
                             (size_t)-1);
    ck_assert_int_eq(juten_comparison_load(p, &s, d), JUTEN_ERR_INPUT);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(juten_diags_count(d), 2); /* the key, and no scenarios */
    const juten_diag *e = juten_diags_get(d, 0);
    ck_assert_int_eq(e->line, 4);
    ck_assert_int_eq(e->col, 3);
    ck_assert_msg(strstr(e->message, "did you mean \"scenarios\""), "%s", e->message);
    juten_diags_free(d);
    d = juten_diags_create(0);
    /* one scenario listed, an empty entry, another section */
    p = tu_write("one.ini", "[compare]\nscenarios = a.ini,\n[scenario]\nname = x\n", (size_t)-1);
    ck_assert_int_eq(juten_comparison_load(p, &s, d), JUTEN_ERR_INPUT);
    ck_assert_uint_eq(juten_diags_count(d), 3);
    ck_assert_int_eq(juten_diags_get(d, 0)->line, 2);
    ck_assert_int_eq(juten_diags_get(d, 0)->col, 19);
    ck_assert_int_eq(juten_diags_get(d, 1)->line, 3);
    ck_assert_int_eq(juten_diags_get(d, 2)->line, 2);
    ck_assert_int_eq(juten_diags_get(d, 2)->col, 13);
    ck_assert_msg(strstr(juten_diags_get(d, 2)->message, "1 scenario listed"), "%s",
                  juten_diags_get(d, 2)->message);
    juten_diags_free(d);
    d = juten_diags_create(0);
    ck_assert_int_eq(juten_comparison_load(tu_path("no-such.ini"), &s, d), JUTEN_ERR_NOFILE);
    juten_diags_free(d);
}
END_TEST

static const char *selected_has(json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (!strcmp(json_string_value(v), id)) return id;
    return NULL;
}

/* base against austerity: the differences are the symmetric difference of
 * the two `solve` portfolios; the change line names the savings rate. */
START_TEST(test_cli_compare_base_austerity)
{
    const char *root = JUTEN_SOURCE_DIR;
    json_t *sel[2];
    const char *names[2] = {"scenario.ini", "austerity.ini"};
    for (int k = 0; k < 2; k++) {
        const char *args[] = {"solve", fy(names[k]), "--format", "json", "--no-prices",
                              "--quiet", NULL};
        tu_run_result r = tu_juten(root, NULL, args);
        ck_assert_msg(r.status == 0, "%s", r.err);
        json_t *j = parse(&r);
        sel[k] = json_incref(json_object_get(j, "selected"));
        json_decref(j);
        tu_run_free(&r);
    }
    const char *args[] = {"compare", fy("scenario.ini"), fy("austerity.ini"), "--format",
                          "json", "--no-prices", "--draws", "200", "--quiet", NULL};
    tu_run_result r = tu_juten(root, NULL, args);
    ck_assert_msg(r.status == 0, "%s", r.err);
    json_t *j = parse(&r);
    json_t *diffs = json_object_get(j, "differences");
    /* every id of the symmetric difference is listed, with who funds it */
    size_t expect = 0;
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *v;
        json_array_foreach(sel[k], i, v) {
            const char *id = json_string_value(v);
            if (selected_has(sel[1 - k], id))
                continue;
            expect++;
            size_t q;
            json_t *e;
            bool found = false;
            json_array_foreach(diffs, q, e) if (!strcmp(json_string_value(json_object_get(e, "id")), id)) {
                found = true;
                json_t *f = json_object_get(e, "funded");
                ck_assert(json_is_true(json_array_get(f, (size_t)k)));
                ck_assert(json_is_false(json_array_get(f, (size_t)(1 - k))));
                ck_assert(json_string_length(json_object_get(e, "name")) > 0);
            }
            ck_assert_msg(found, "%s missing from differences", id);
        }
    }
    ck_assert_int_gt(expect, 0);
    ck_assert_uint_eq(json_array_size(diffs), expect);
    json_t *ch = json_array_get(json_object_get(j, "changes"), 1);
    json_t *list = json_object_get(ch, "changes");
    ck_assert_uint_eq(json_array_size(list), 1);
    ck_assert_str_eq(json_string_value(json_array_get(list, 0)), "savings_rate 1 -> 0.7");
    ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(json_object_get(j, "changes"), 0), "changes")), 0);
    json_t *s1 = json_array_get(json_object_get(j, "scenarios"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(s1, "file")), fy("austerity.ini"));
    ck_assert(json_real_value(json_object_get(s1, "savings_rate")) == 0.7);
    json_decref(j);
    json_decref(sel[0]);
    json_decref(sel[1]);
    tu_run_free(&r);
    /* the table names the change too */
    const char *targs[] = {"compare", fy("scenario.ini"), fy("austerity.ini"), "--no-prices",
                           "--draws", "200", "--quiet", NULL};
    r = tu_juten(root, NULL, targs);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "  2: savings_rate 1 -> 0.7\n"), "%s", r.out);
    tu_run_free(&r);
}
END_TEST

/* A comparison file where one round is expected (solve, simulate, ...):
 * the command works on its reference, the first scenario listed, and says
 * so; a set listing another set is bad input. */
START_TEST(test_cli_comparison_file_elsewhere_is_its_reference)
{
    const char *root = JUTEN_SOURCE_DIR;
    const char *a1[] = {"solve", fy("meeting.ini"), "--no-prices", "--format", "json",
                        "--quiet", NULL};
    const char *a2[] = {"solve", fy("scenario.ini"), "--no-prices", "--format", "json",
                        "--quiet", NULL};
    tu_run_result r1 = tu_juten(root, NULL, a1), r2 = tu_juten(root, NULL, a2);
    ck_assert_msg(r1.status == 0, "%s", r1.err);
    ck_assert_msg(strstr(r1.err, "notice: a comparison set of 3 scenarios") &&
                      strstr(r1.err, "scenario.ini") && strstr(r1.err, "juten compare"),
                  "%s", r1.err);
    json_t *j1 = parse(&r1), *j2 = parse(&r2);
    ck_assert(json_equal(json_object_get(j1, "selected"), json_object_get(j2, "selected")));
    ck_assert(json_real_value(json_object_get(j1, "objective")) ==
              json_real_value(json_object_get(j2, "objective")));
    json_decref(j1);
    json_decref(j2);
    tu_run_free(&r1);
    tu_run_free(&r2);
    char body[512];
    snprintf(body, sizeof body, "[compare]\nscenarios = %s, ", tu_src("scenarios/fy2017/meeting.ini"));
    snprintf(body + strlen(body), sizeof body - strlen(body), "%s\n",
             tu_src("scenarios/fy2017/austerity.ini"));
    const char *nested = tu_write("nested.ini", body, (size_t)-1);
    const char *a3[] = {"solve", nested, "--quiet", NULL};
    tu_run_result r3 = tu_juten(root, NULL, a3);
    ck_assert_msg(r3.status == 65 && strstr(r3.err, "cannot list another comparison set"),
                  "exit %d: %s", r3.status, r3.err);
    tu_run_free(&r3);
}
END_TEST

/* meeting.ini gives the same bytes as its three files on the command line;
 * the probabilities are those of `juten simulate` with the same seed and
 * draws, scenario by scenario. */
START_TEST(test_cli_compare_meeting_and_simulate)
{
    const char *root = JUTEN_SOURCE_DIR;
    const char *a1[] = {"compare", fy("meeting.ini"), "--format", "json", "--draws", "1000",
                        "--seed", "7", "--quiet", NULL};
    const char *a2[] = {"compare", fy("scenario.ini"), fy("tokyo2020.ini"), fy("austerity.ini"),
                        "--format", "json", "--draws", "1000", "--seed", "7", "--quiet", NULL};
    tu_run_result r1 = tu_juten(root, NULL, a1), r2 = tu_juten(root, NULL, a2);
    ck_assert_msg(r1.status == 0, "%s", r1.err);
    ck_assert_msg(r2.status == 0, "%s", r2.err);
    ck_assert_uint_eq(r1.out_len, r2.out_len);
    ck_assert(memcmp(r1.out, r2.out, r1.out_len) == 0);
    json_t *j = parse(&r1);
    json_t *sim = json_object_get(json_object_get(j, "run"), "simulation");
    ck_assert_int_eq(json_integer_value(json_object_get(sim, "draws")), 1000);
    ck_assert_int_eq(json_integer_value(json_object_get(sim, "seed")), 7);
    ck_assert(json_object_get(json_array_get(json_object_get(j, "scenarios"), 0), "rule_prices"));
    const char *names[3] = {"scenario.ini", "tokyo2020.ini", "austerity.ini"};
    double probs[3];
    for (int k = 0; k < 3; k++) {
        const char *sa[] = {"simulate", fy(names[k]), "--format", "json", "--draws", "1000",
                            "--seed", "7", "--quiet", NULL};
        tu_run_result s = tu_juten(root, NULL, sa);
        ck_assert_msg(s.status == 0, "%s", s.err);
        json_t *sj = parse(&s);
        double p = json_real_value(json_object_get(json_object_get(sj, "offset"), "probability"));
        json_t *e = json_array_get(json_object_get(j, "scenarios"), (size_t)k);
        double q = json_real_value(json_object_get(e, "offset_probability"));
        ck_assert_msg(p == q, "%s: simulate %g, compare %g", names[k], p, q);
        probs[k] = q;
        json_decref(sj);
        tu_run_free(&s);
    }
    /* the scenarios differ, so the test would see a mix-up */
    ck_assert(probs[0] != probs[2]);
    json_decref(j);
    tu_run_free(&r1);
    tu_run_free(&r2);
    /* CSV: one long table, names beside ids */
    const char *a3[] = {"compare", fy("meeting.ini"), "--format", "csv", "--draws", "100",
                        "--no-prices", "--quiet", NULL};
    tu_run_result r3 = tu_juten(root, NULL, a3);
    ck_assert_int_eq(r3.status, 0);
    ck_assert(strstr(r3.out, "section,scenario,file,item,name,field,value\r\n"));
    ck_assert(strstr(r3.out, "change,3,scenarios/fy2017/austerity.ini,,"));
    ck_assert(strstr(r3.out, ",savings_rate 1 -> 0.7\r\n"));
    ck_assert(strstr(r3.out, "area,1,scenarios/fy2017/scenario.ini,society,"));
    tu_run_free(&r3);
}
END_TEST

/* Usage and input errors: 64 for too few or too many, 66 naming a missing
 * file, 65 with file:line:col for a bad [compare] key. */
START_TEST(test_cli_compare_errors)
{
    const char *root = JUTEN_SOURCE_DIR;
    const char *one[] = {"compare", fy("scenario.ini"), NULL};
    tu_run_result r = tu_juten(root, NULL, one);
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "one scenario given"), "%s", r.err);
    tu_run_free(&r);
    const char *none[] = {"compare", NULL};
    r = tu_juten(root, NULL, none);
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    const char *nine[12] = {"compare"};
    for (int i = 1; i <= 9; i++)
        nine[i] = fy("scenario.ini");
    r = tu_juten(root, NULL, nine);
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "9 scenarios given"), "%s", r.err);
    tu_run_free(&r);
    const char *missing[] = {"compare", fy("scenario.ini"), fy("no-such.ini"), NULL};
    r = tu_juten(root, NULL, missing);
    ck_assert_int_eq(r.status, 66);
    ck_assert_msg(strstr(r.err, "no-such.ini"), "%s", r.err);
    tu_run_free(&r);
    /* a set file beside copies: a misspelt key */
    const char *bad = tu_write("meeting-bad.ini", "[compare]\nscenarios = a.ini, b.ini\nlabel = x\n",
                               (size_t)-1);
    const char *b[] = {"compare", bad, NULL};
    r = tu_juten(root, NULL, b);
    ck_assert_int_eq(r.status, 65);
    char want[600];
    snprintf(want, sizeof want, "%s:3:1: error: unknown key \"label\" in [compare]", bad);
    ck_assert_msg(strstr(r.err, want), "%s", r.err);
    tu_run_free(&r);
    /* a set naming a missing scenario: 66 with its path */
    const char *gone = tu_write("meeting-gone.ini", "[compare]\nscenarios = x1.ini, x2.ini\n",
                                (size_t)-1);
    const char *g[] = {"compare", gone, NULL};
    r = tu_juten(root, NULL, g);
    ck_assert_int_eq(r.status, 66);
    ck_assert_msg(strstr(r.err, "x1.ini"), "%s", r.err);
    tu_run_free(&r);
    /* --help: the options and the exit codes */
    const char *h[] = {"compare", "--help", NULL};
    r = tu_juten(root, NULL, h);
    ck_assert_int_eq(r.status, 0);
    static const char *const keys[] = {"Usage: juten compare SCENARIO SCENARIO...", "--no-prices",
                                       "--draws N", "--seed S", "--plot FILE", "[compare]",
                                       "  0   every scenario was solved", "  64  usage error"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(strstr(r.out, keys[i]), "help lacks %s", keys[i]);
    tu_run_free(&r);
}
END_TEST

/* The chart: rendered (with gnuplot), its data naming every area and
 * scenario. */
START_TEST(test_cli_compare_plot)
{
    const char *root = JUTEN_SOURCE_DIR;
    const char *png = tu_path("cmp.png");
    const char *a[] = {"compare", fy("meeting.ini"), "--no-prices", "--draws", "100",
                       "--plot", png, "--quiet", NULL};
    tu_run_result r = tu_juten(root, NULL, a);
    ck_assert_msg(r.status == 0, "%s", r.err);
    size_t len = 0;
    char *dat = tu_read(tu_path("cmp.dat"), &len);
    ck_assert(dat);
    ck_assert(strstr(dat, "\"structure\""));
    ck_assert(strstr(dat, "\"3 FY2017 request round, austerity"));
    free(dat);
    if (strstr(r.err, "chart written")) {
        char *img = tu_read(png, &len);
        ck_assert(img && len > 1000 && !memcmp(img, "\x89PNG", 4));
        free(img);
    }
    tu_run_free(&r);
}
END_TEST

static Suite *compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tl = tcase_create("library");
    tcase_set_timeout(tl, 120);
    tcase_add_test(tl, test_compare_self);
    tcase_add_test(tl, test_compare_changes_from_models);
    tcase_add_test(tl, test_comparison_set_file);
    suite_add_tcase(s, tl);
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_cli_compare_base_austerity);
    tcase_add_test(tc, test_cli_compare_meeting_and_simulate);
    tcase_add_test(tc, test_cli_comparison_file_elsewhere_is_its_reference);
    tcase_add_test(tc, test_cli_compare_errors);
    tcase_add_test(tc, test_cli_compare_plot);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(compare_suite()); }
