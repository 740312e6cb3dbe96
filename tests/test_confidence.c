/*
 * test_confidence.c -- the chance constraint of the solver (solver/chance.c)
 * against brute force on tiny rounds, and `solve --confidence` as a library
 * call (sim/confidence.c): validation out of sample, the robust bound, the
 * mean objective, the Wilson interval; and the command line.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "juten_confidence.h"
#include "juten_plot.h"
#include "juten_sim.h"
#include "testmodels.h"
#include "testutil.h"

/* The same tolerance as every rule check of the solver. */
static bool breaks(double act, double headroom)
{
    return act > headroom + 1e-6 * (1.0 + fabs(headroom));
}

/* Sampled offset coefficients around the nominal ones (seeded). */
static void sample_coefs(const juten_model *m, double rate, int K, uint64_t seed, double *coef)
{
    int n = juten_model_measure_count(m);
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int k = 0; k < K; k++)
        for (int j = 0; j < n; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            double u = (double)(x >> 11) / 9007199254740992.0; /* [0, 1) */
            double c = juten_model_measure_cost(m, j) * (0.6 + 0.8 * u);
            double s = juten_model_measure_saving(m, j) * (1.4 - 0.8 * u);
            coef[(size_t)k * n + j] = c - rate * s;
        }
}

/* Best value over every portfolio meeting the rules other than the offset
 * and breaking at most maxv of the K samples; NAN when none does. */
static double brute_best(const juten_model *m, const double *coef, int K, int maxv,
                         double headroom, double rate)
{
    int n = juten_model_measure_count(m);
    bool x[32];
    double best = NAN;
    for (unsigned long mask = 0; mask < (1ul << n); mask++) {
        for (int j = 0; j < n; j++)
            x[j] = (mask >> j) & 1u;
        if (!tm_feasible(m, x, headroom, rate, JUTEN_RULE_ALL & ~JUTEN_RULE_OFFSET, NULL))
            continue;
        int v = 0;
        for (int k = 0; k < K && v <= maxv; k++) {
            double a = 0.0;
            for (int j = 0; j < n; j++)
                if (x[j])
                    a += coef[(size_t)k * n + j];
            v += breaks(a, headroom);
        }
        if (v > maxv)
            continue;
        double val = tm_value(m, x);
        if (isnan(best) || val > best)
            best = val;
    }
    return best;
}

/* The MIP's optimum is the best portfolio with at most floor((1-P)K)
 * violations of the same samples, on every tiny round tried; and clearing
 * the constraint gives back the nominal program. */
START_TEST(test_chance_brute_force)
{
    int checked = 0, infeasible = 0, binding = 0;
    for (uint64_t seed = 1; seed <= 80; seed++) {
        juten_model *m = tm_random_model(seed, 3, 10);
        ck_assert_ptr_nonnull(m);
        int n = juten_model_measure_count(m);
        double rate = juten_model_savings_rate(m), head = juten_model_headroom(m);
        int K = 8 + (int)(seed % 5) * 6;
        double P = (double[]){0.5, 0.7, 0.8, 0.9, 0.95}[seed % 5];
        int maxv = (int)floor((1.0 - P) * K + 1e-9);
        double *coef = malloc((size_t)K * n * sizeof *coef);
        sample_coefs(m, rate, K, seed, coef);
        juten_diags *d = juten_diags_create(0);
        juten_solver *s = NULL;
        ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
        juten_solve_options o;
        juten_solve_options_init(&o);
        o.explain = false;
        o.time_limit = 0;
        ck_assert_int_eq(juten_solver_set_chance(s, K, coef, maxv, d), JUTEN_OK);
        juten_result *r = NULL;
        ck_assert_int_eq(juten_solver_run(s, &o, &r, d), JUTEN_OK);
        double best = brute_best(m, coef, K, maxv, head, rate);
        if (isnan(best)) {
            ck_assert_msg(juten_result_outcome(r) == JUTEN_INFEASIBLE, "seed %llu: %s (n %d K %d maxv %d)",
                          (unsigned long long)seed, juten_outcome_str(juten_result_outcome(r)), n, K, maxv);
            infeasible++;
        } else {
            ck_assert_msg(juten_result_outcome(r) == JUTEN_OPTIMAL, "seed %llu: outcome %s",
                          (unsigned long long)seed, juten_outcome_str(juten_result_outcome(r)));
            ck_assert_msg(fabs(juten_result_objective(r) - best) <= 1e-6 * (1 + fabs(best)),
                          "seed %llu: MIP %.9g, brute force %.9g", (unsigned long long)seed,
                          juten_result_objective(r), best);
            unsigned char x[32];
            for (int j = 0; j < n; j++)
                x[j] = juten_result_selected(r, j);
            int v = juten_solver_chance_violations(s, x);
            ck_assert_int_le(v, maxv);
            ck_assert_int_ge(v, 0);
            /* the nominal optimum breaks more samples than allowed: the
             * constraint changed the answer */
            double nominal = tm_best(m, head, rate, JUTEN_RULE_ALL, NULL);
            if (!isnan(nominal) && best < nominal - 1e-9)
                binding++;
            checked++;
        }
        juten_result_free(r);
        /* back to the nominal program: the re-solve engine as before */
        juten_solver_clear_chance(s);
        ck_assert_int_eq(juten_solver_chance_violations(s, (const unsigned char *)"x"), -1);
        ck_assert_int_eq(juten_solver_run(s, &o, &r, d), JUTEN_OK);
        double nominal = tm_best(m, head, rate, JUTEN_RULE_ALL, NULL);
        if (isnan(nominal))
            ck_assert_int_eq(juten_result_outcome(r), JUTEN_INFEASIBLE);
        else
            ck_assert(fabs(juten_result_objective(r) - nominal) <= 1e-6 * (1 + fabs(nominal)));
        juten_result_free(r);
        juten_solver_free(s);
        juten_diags_free(d);
        free(coef);
        juten_model_free(m);
    }
    /* the rounds must exercise both answers and constraints that bind */
    ck_assert_msg(checked >= 25 && infeasible >= 5, "%d with a portfolio, %d without, %d binding", checked, infeasible, binding);
    ck_assert_int_ge(binding, 5);
    (void)infeasible;
}
END_TEST

START_TEST(test_chance_arguments)
{
    juten_model *m = tm_random_model(3, 4, 6);
    juten_diags *d = juten_diags_create(0);
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
    int n = juten_model_measure_count(m);
    double *coef = calloc((size_t)2 * n, sizeof *coef);
    ck_assert_int_eq(juten_solver_set_chance(s, 0, coef, 0, d), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_solver_set_chance(s, 2, coef, -1, d), JUTEN_ERR_USAGE);
    coef[n + 1] = NAN;
    ck_assert_int_eq(juten_solver_set_chance(s, 2, coef, 0, d), JUTEN_ERR_USAGE);
    ck_assert_int_ge((int)juten_diags_count(d), 3);
    free(coef);
    juten_solver_free(s);
    juten_diags_free(d);
    juten_model_free(m);
}
END_TEST

START_TEST(test_wilson)
{
    double lo, hi;
    juten_wilson(50, 100, &lo, &hi);
    ck_assert(fabs(lo - 0.40383153) < 1e-6 && fabs(hi - 0.59616847) < 1e-6);
    juten_wilson(100, 100, &lo, &hi);
    ck_assert(fabs(lo - 0.96300718) < 1e-6 && hi == 1.0);
    juten_wilson(0, 10, &lo, &hi);
    ck_assert(lo == 0.0 && fabs(hi - 0.27753279) < 1e-6);
}
END_TEST

/* A small round with wide ranges, where the nominal optimum breaks the
 * offset in many draws. */
static juten_model *small_round(void)
{
    const char *csv =
        "id,name,area,ministry,cost,risk_reduction,saving,cost_low,cost_high,"
        "risk_low,risk_high,saving_low,saving_high\n"
        "A,a,x,,10,30,0,8,14,20,60,,\n"
        "B,b,x,,8,20,0,6,12,10,30,,\n"
        "C,c,x,,6,15,0,5,9,5,20,,\n"
        "D,d,x,,5,9,0,4,7,6,12,,\n"
        "E,e,x,,4,8,0,3,6,5,11,,\n"
        "S1,s1,x,,0,0,15,,,,,9,18\n"
        "S2,s2,x,,0,0,12,,,,,7,14\n";
    tu_write("small.csv", csv, (size_t)-1);
    tu_write("small_areas.csv", "id,name,weight\nx,x,1\n", (size_t)-1);
    const char *ini = tu_write("small.ini",
                               "[scenario]\nname = small\nmeasures = small.csv\n"
                               "areas = small_areas.csv\nheadroom = 0\n",
                               (size_t)-1);
    juten_model *m = NULL;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_model_load(ini, &m, d), JUTEN_OK);
    juten_diags_free(d);
    return m;
}

/* Out of sample, the validated portfolio holds at least at the target
 * (the interval's lower end reaches it), where the nominal one does not;
 * the robust one holds in every draw. */
START_TEST(test_confidence_out_of_sample)
{
    juten_model *m = small_round();
    juten_confidence_options o;
    juten_confidence_options_init(&o);
    o.target = 0.9;
    o.validate = 20000;
    o.price = true;
    o.solve.node_limit = 1000000; /* a proof, on seven measures */
    juten_diags *d = juten_diags_create(0);
    juten_confidence *c = NULL;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c, d), JUTEN_OK);
    ck_assert_int_eq(juten_result_outcome(c->result), JUTEN_OPTIMAL);
    ck_assert_int_eq(c->samples, 200);
    ck_assert_int_eq(c->max_violations, 20);
    ck_assert_int_le(c->violations, c->max_violations);
    ck_assert(c->validated);
    ck_assert(c->ci_lo >= o.target);
    ck_assert(c->ci_lo <= c->probability && c->probability <= c->ci_hi);
    ck_assert(c->probability >= o.target - (c->ci_hi - c->ci_lo));
    /* the nominal optimum is far from the target here */
    ck_assert_int_eq(c->n_price, 7);
    ck_assert(c->price[0].target == 0 && c->price[0].probability < 0.8);
    ck_assert(c->price[6].robust && c->price[6].probability == 1.0);
    /* values fall as the level rises, robust lowest */
    for (int i = 1; i < 7; i++)
        ck_assert(c->price[i].objective <= c->price[i - 1].objective + 1e-9);
    ck_assert(c->price[3].target == 0.9);
    ck_assert(c->price[3].objective == juten_result_objective(c->result));
    juten_confidence_free(c);

    /* same inputs, same numbers; another seed, other samples */
    juten_confidence *c2 = NULL, *c3 = NULL;
    o.price = false;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c2, d), JUTEN_OK);
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c3, d), JUTEN_OK);
    ck_assert(c2->probability == c3->probability && c2->violations == c3->violations);
    juten_confidence_free(c3);
    o.seed_given = true;
    o.seed = 12345;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c3, d), JUTEN_OK);
    ck_assert_int_eq(c3->seed, 12345);
    ck_assert(c3->probability != c2->probability);
    juten_confidence_free(c2);
    juten_confidence_free(c3);

    /* robust: every draw holds (costs never above cost_high, savings never
     * below saving_low) */
    o.robust = true;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c, d), JUTEN_OK);
    ck_assert(c->probability == 1.0 && c->holds == o.validate);
    ck_assert(juten_result_net(c->result) <= 1e-9);
    juten_confidence_free(c);

    /* a level no portfolio of risk reductions reaches except the empty one
     * is still an answer, and a bad level is refused */
    o.robust = false;
    o.target = 1.5;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c, d), JUTEN_ERR_USAGE);
    ck_assert_ptr_null(c);
    juten_diags_free(d);
    juten_model_free(m);
}
END_TEST

/* --objective mean: the value is the weighted mean risk reduction. */
START_TEST(test_confidence_mean_objective)
{
    juten_model *m = small_round();
    juten_confidence_options o;
    juten_confidence_options_init(&o);
    o.target = 0.8;
    o.validate = 5000;
    o.objective = JUTEN_CONFIDENCE_MEAN;
    juten_diags *d = juten_diags_create(0);
    juten_confidence *c = NULL;
    ck_assert_int_eq(juten_confidence_solve(m, &o, &c, d), JUTEN_OK);
    juten_sampler *sp = NULL;
    ck_assert_int_eq(juten_sampler_create(m, NULL, &sp, d), JUTEN_OK);
    double want = 0.0;
    int n = juten_model_measure_count(m);
    bool differs = false;
    for (int j = 0; j < n; j++) {
        int e = juten_sampler_estimate_of(sp, j, JUTEN_FIELD_RISK);
        double mean = e < 0 ? juten_model_measure_risk(m, j) : juten_sampler_estimate_mean(sp, e);
        differs |= fabs(mean - juten_model_measure_risk(m, j)) > 1e-6;
        if (juten_result_selected(c->result, j))
            want += mean;
    }
    ck_assert(differs); /* the round's means are not its most likely values */
    ck_assert(fabs(juten_result_objective(c->result) - want) < 1e-9);
    ck_assert_int_eq(c->objective, JUTEN_CONFIDENCE_MEAN);
    juten_sampler_free(sp);
    juten_confidence_free(c);
    juten_diags_free(d);
    juten_model_free(m);
}
END_TEST

static const char *const fy2017_args[] = {"solve",         "scenarios/fy2017/scenario.ini",
                                          "--confidence",  "0.95",
                                          "--format",      "json",
                                          "--validate",    "4000",
                                          "--samples",     "200",
                                          "--node-limit",  "20",
                                          "--time-limit",  "900",
                                          "--quiet",       NULL};

/* The command line: JSON keys present, the same bytes twice. */
START_TEST(test_cli_confidence_fy2017)
{
    const char *root = JUTEN_SOURCE_DIR;
    tu_run_result a = tu_juten(root, NULL, fy2017_args);
    ck_assert_msg(a.status == 0, "exit %d: %s", a.status, a.err);
    static const char *const keys[] = {
        "\"confidence\": {", "\"target\": 0.95", "\"samples\": 200", "\"in_sample\":",
        "\"out_of_sample\": {", "\"draws\": 4000", "\"probability\":", "\"ci\": [",
        "\"adjustments\": [", "\"price_of_confidence\": [", "\"level\": \"robust\"",
        "\"level\": 0.99", "\"given_up\":", "\"selected\": ["};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(strstr(a.out, keys[i]), "missing %s", keys[i]);
    tu_run_result b = tu_juten(root, NULL, fy2017_args);
    ck_assert_int_eq(b.status, 0);
    ck_assert_uint_eq(a.out_len, b.out_len);
    ck_assert(memcmp(a.out, b.out, a.out_len) == 0);
    tu_run_free(&a);
    tu_run_free(&b);
}
END_TEST

START_TEST(test_cli_confidence_table_and_usage)
{
    const char *root = JUTEN_SOURCE_DIR;
    const char *const table[] = {"solve", "scenarios/fy2017/scenario.ini", "--confidence", "0.9",
                                 "--validate", "2000", "--node-limit", "10", "--no-prices",
                                 "--samples", "100",
                                 "--time-limit", "900", "--quiet", NULL};
    tu_run_result t = tu_juten(root, NULL, table);
    ck_assert_msg(t.status == 0, "exit %d: %s", t.status, t.err);
    ck_assert(strstr(t.out, "Confidence (the offset rule under the declared distributions):"));
    ck_assert(strstr(t.out, "out of sample"));
    ck_assert(!strstr(t.out, "Price of confidence")); /* --no-prices */
    tu_run_free(&t);
    const char *const robust[] = {"solve", "scenarios/fy2017/scenario.ini", "--robust",
                                  "--validate", "2000", "--no-prices", "--quiet", NULL};
    t = tu_juten(root, NULL, robust);
    ck_assert_msg(t.status == 0, "exit %d: %s", t.status, t.err);
    ck_assert(strstr(t.out, "Robust (the offset rule at every estimate's worst case):"));
    ck_assert(strstr(t.out, "100.00% hold"));
    tu_run_free(&t);
    static const char *const bad[][8] = {
        {"solve", "scenarios/fy2017/scenario.ini", "--confidence", "1", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--confidence", "0.9x", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--samples", "100", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--confidence", "0.9", "--samples", "0", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--confidence", "0.9", "--robust", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--robust", "--objective", "median", NULL},
        {"solve", "scenarios/fy2017/scenario.ini", "--robust", "--seed", "-1", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tu_run_result u = tu_juten(root, NULL, bad[i]);
        ck_assert_msg(u.status == 64, "case %zu: exit %d", i, u.status);
        ck_assert(strstr(u.err, "juten solve"));
        tu_run_free(&u);
    }
}
END_TEST

/* The chart: its data, its script, the image when gnuplot is here; points
 * without a portfolio left out, bad arguments refused. */
START_TEST(test_plot_confidence)
{
    juten_plot_options o;
    juten_plot_options_init(&o);
    o.output = tu_path("conf.png");
    o.title = "信頼水準";
    const char *lab[] = {"nominal", "P = 90%", "none", "robust"};
    double p[] = {0.3, 0.91, NAN, 1.0}, lo[] = {0.29, 0.9, NAN, 0.999}, hi[] = {0.31, 0.92, NAN, 1};
    double v[] = {186, 175.5, NAN, 125.7};
    juten_plot_outcome out;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_plot_confidence(&o, NULL, 4, lab, p, lo, hi, v, &out, d), JUTEN_OK);
    char *dat = tu_read(tu_path("conf.dat"), NULL);
    ck_assert_ptr_nonnull(dat);
    ck_assert(strstr(dat, "\"P = 90%\""));
    ck_assert(strstr(dat, "91\t90\t92\t175.5"));
    ck_assert(!strstr(dat, "\"none\"")); /* no portfolio: not drawn */
    free(dat);
    char *gp = tu_read(tu_path("conf.gp"), NULL);
    ck_assert(strstr(gp, "xerrorbars") && !strstr(gp, "P = 90%")); /* texts in the data only */
    free(gp);
    if (out.rendered) {
        size_t len = 0;
        char *png = tu_read(tu_path("conf.png"), &len);
        ck_assert(len > 1000 && memcmp(png, "\x89PNG", 4) == 0);
        free(png);
    } else {
        ck_assert(strstr(out.message, "gnuplot"));
    }
    ck_assert_int_eq(juten_plot_confidence(&o, NULL, 2, lab, NULL, lo, hi, v, &out, d),
                     JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_plot_confidence(&o, NULL, -1, lab, p, lo, hi, v, &out, d),
                     JUTEN_ERR_USAGE);
    juten_diags_free(d);
    /* and from the command line, on the small round */
    juten_model_free(small_round());
    const char *const args[] = {"plot", tu_path("small.ini"), "confidence", "-o",
                                tu_path("c.svg"), "--quiet", NULL};
    tu_run_result r = tu_juten(NULL, NULL, args);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    char *cd = tu_read(tu_path("c.dat"), NULL);
    ck_assert(cd && strstr(cd, "\"robust\"") && strstr(cd, "\"P = 99%\""));
    free(cd);
    tu_run_free(&r);
}
END_TEST

static Suite *confidence_suite(void)
{
    Suite *s = suite_create("confidence");
    TCase *tc = tcase_create("chance");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_chance_brute_force);
    tcase_add_test(tc, test_chance_arguments);
    tcase_add_test(tc, test_wilson);
    suite_add_tcase(s, tc);
    TCase *tl = tcase_create("library");
    tcase_set_timeout(tl, 240);
    tcase_add_test(tl, test_confidence_out_of_sample);
    tcase_add_test(tl, test_confidence_mean_objective);
    tcase_add_test(tl, test_plot_confidence);
    suite_add_tcase(s, tl);
    TCase *tcli = tcase_create("cli");
    tcase_set_timeout(tcli, 600);
    tcase_add_test(tcli, test_cli_confidence_fy2017);
    tcase_add_test(tcli, test_cli_confidence_table_and_usage);
    suite_add_tcase(s, tcli);
    return s;
}

int main(void) { return tu_run_suite(confidence_suite()); }
