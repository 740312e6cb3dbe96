/*
 * test_solver.c -- the solver proved against brute force, GLPK contained,
 * re-solves and threads.
 *
 * The brute-force checker below is written from the model structs and the
 * policy's rules directly; it shares no code with the formulation, so a
 * wrong row in solver.c cannot hide behind the same mistake here.  Random
 * models use small integers and shares in steps of 0.05 so that a portfolio
 * is either clearly feasible or clearly not (no tolerance games).
 */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_log.h>

#include "lpi.h"
#include "model_int.h"
#include "juten_solver.h"
#include "testutil.h"

#include "testmodels.h"

#define rint_in tm_rint
#define random_model(seed, max_n) tm_random_model((seed), 1, (max_n))
#define random_model_sized tm_random_model
#define brute_feasible(m, x, h, r) tm_feasible((m), (x), (h), (r), JUTEN_RULE_ALL, NULL)
#define value_of tm_value
#define brute_best(m, h, r) tm_best((m), (h), (r), JUTEN_RULE_ALL, NULL)
static char dupbuf[64];
#define dupf(fmt, k) (snprintf(dupbuf, sizeof dupbuf, fmt, k), strdup(dupbuf))

static void check_against_brute(const juten_model *m, juten_result *r, double headroom,
                                double rate, uint64_t seed)
{
    double best = brute_best(m, headroom, rate);
    juten_outcome oc = juten_result_outcome(r);
    if (isnan(best)) {
        ck_assert_msg(oc == JUTEN_INFEASIBLE, "seed %llu: brute force finds no portfolio, "
                      "solver says %s", (unsigned long long)seed, juten_outcome_str(oc));
        ck_assert_msg(juten_result_explanation_count(r) > 0,
                      "seed %llu: infeasible without explanation", (unsigned long long)seed);
        return;
    }
    ck_assert_msg(oc == JUTEN_OPTIMAL, "seed %llu: brute force best %g, solver says %s",
                  (unsigned long long)seed, best, juten_outcome_str(oc));
    bool x[32];
    for (int i = 0; i < m->n_measures; i++)
        x[i] = juten_result_selected(r, i);
    ck_assert_msg(brute_feasible(m, x, headroom, rate),
                  "seed %llu: solver's portfolio breaks a rule", (unsigned long long)seed);
    ck_assert_msg(fabs(value_of(m, x) - best) <= 1e-6 * (1 + fabs(best)),
                  "seed %llu: solver value %g, brute force best %g", (unsigned long long)seed,
                  value_of(m, x), best);
    ck_assert(fabs(juten_result_objective(r) - best) <= 1e-6 * (1 + fabs(best)));
}

static void run_random(bool heuristic, int count, uint64_t base, int *n_infeasible)
{
    for (int k = 0; k < count; k++) {
        uint64_t seed = base + (uint64_t)k;
        juten_model *m = random_model(seed, 14);
        juten_solve_options o;
        juten_solve_options_init(&o);
        o.heuristic = heuristic;
        juten_result *r = NULL;
        juten_diags *d = juten_diags_create(0);
        ck_assert_int_eq(juten_solve(m, &o, &r, d), JUTEN_OK);
        check_against_brute(m, r, m->headroom, m->savings_rate, seed);
        if (juten_result_outcome(r) == JUTEN_INFEASIBLE)
            (*n_infeasible)++;
        juten_result_free(r);
        juten_diags_free(d);
        juten_model_free(m);
    }
}

START_TEST(brute_force_300_models)
{
    int infeasible = 0;
    run_random(true, 300, 1000, &infeasible);
    /* the generator must exercise both outcomes */
    ck_assert_int_ge(infeasible, 15);
    ck_assert_int_le(infeasible, 200);
}
END_TEST

START_TEST(brute_force_without_heuristic)
{
    int infeasible = 0;
    run_random(false, 120, 5000, &infeasible);
    ck_assert_int_ge(infeasible, 5);
}
END_TEST

/* One solver re-solved with new values, headroom and rate, each checked. */
/* Rows per measure are sized from the data: one measure carrying 100 tags
 * (each with a minimum) and another sharing its cost across 40 ministries
 * (each with a ceiling), loaded through the real CSV and INI readers and
 * proved against brute force.  A fixed cap once dropped tags past the 64th
 * and shares past the 34th from the program and from the re-check alike. */
START_TEST(many_tags_and_shares)
{
    int feasible = 0, with_a = 0, with_b = 0, without_b = 0;
    for (int t = 0; t < 30; t++) {
        juten_model_free(tm_random_model(900 + (uint64_t)t, 1, 1)); /* seeds tm_rint */
        char *csv = NULL, *ini = NULL, *mins = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&mins, &len);
        fputs("id,name,ceiling\n", f);
        int low = rint_in(0, 1) ? rint_in(30, 39) : -1; /* one low ceiling, or none */
        for (int k = 0; k < 40; k++)
            fprintf(f, "K%d,k%d,%s\n", k, k, k == low ? "0.5" : "1000");
        fclose(f);
        f = open_memstream(&csv, &len);
        fputs("id,name,area,ministry,cost,risk_reduction,saving,tags,cost_share\n", f);
        fputs("A,a,society,K0,4,-5,5,\"", f); /* funded when a tag minimum needs it */
        for (int q = 0; q < 100; q++)
            fprintf(f, "%st%d", q ? ";" : "", q);
        fputs("\",\n", f);
        fputs("B,b,society,K0,30,60,40,,\"", f);
        for (int k = 0; k < 40; k++)
            fprintf(f, "%sK%d:0.025", k ? ";" : "", k);
        fputs("\"\n", f);
        for (int i = 0; i < 6; i++)
            fprintf(f, "C%d,c%d,society,K%d,%d,%d,%d,t%d,\n", i, i, rint_in(0, 29), rint_in(1, 9),
                    rint_in(1, 30), rint_in(0, 12), rint_in(50, 99));
        fclose(f);
        f = open_memstream(&ini, &len);
        fputs("[scenario]\nmeasures = m.csv\nareas = a.csv\nministries = k.csv\n"
              "[minimum_by_tag]\n", f);
        for (int q = 0; q < 100; q++) /* most tags have a minimum: > 64 rows for A */
            if (rint_in(0, 4) > 0)
                fprintf(f, "t%d = %s\n", q, rint_in(0, 4) ? "0.5" : "2");
        fclose(f);
        tu_write("k.csv", mins, (size_t)-1);
        tu_write("m.csv", csv, (size_t)-1);
        tu_write("a.csv", "id,name,weight\nsociety,s,1\n", (size_t)-1);
        const char *path = tu_write("s.ini", ini, (size_t)-1);
        free(mins);
        free(csv);
        free(ini);
        juten_model *m = NULL;
        juten_diags *d = juten_diags_create(0);
        juten_status st = juten_model_load(path, &m, d);
        ck_assert_msg(st == JUTEN_OK, "round %d: %s", t,
                      juten_diags_count(d) ? juten_diags_get(d, 0)->message : "?");
        ck_assert_int_eq(m->measures[0].n_tags, 100);
        ck_assert_int_eq(m->measures[1].n_shares, 40);
        juten_solve_options o;
        juten_solve_options_init(&o);
        juten_result *r = NULL;
        ck_assert_int_eq(juten_solve(m, &o, &r, d), JUTEN_OK);
        check_against_brute(m, r, m->headroom, m->savings_rate, 900 + (uint64_t)t);
        if (juten_result_outcome(r) == JUTEN_OPTIMAL) {
            feasible++;
            with_a += juten_result_selected(r, 0);
            with_b += juten_result_selected(r, 1);
            without_b += !juten_result_selected(r, 1);
        }
        juten_result_free(r);
        juten_diags_free(d);
        juten_model_free(m);
    }
    /* A is in when a tag past the 64th needs it, B only when no ceiling
     * past the 34th stops it: the rounds must show both */
    ck_assert_int_ge(feasible, 20);
    ck_assert_int_ge(with_a, 3);
    ck_assert_int_ge(with_b, 3);
    ck_assert_int_ge(without_b, 3);
}
END_TEST

/* Thousands of exclusive pairs, the empty portfolio feasible and the best
 * obvious (each pair's cheaper half): GLPK's crash basis took 24 s to the
 * LP optimum on 20,000 pairs and juten reported no portfolio at a 10 s
 * limit; from the heuristic's portfolio the LP is a few pivots.  And when
 * even that cannot finish (a 1 ms limit), the heuristic's portfolio is
 * still reported, as feasible with no bound. */
static juten_model *exclusive_pairs(int pairs)
{
    size_t cap = (size_t)pairs * 64 + 128, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv, cap, "id,name,area,cost,risk_reduction,saving,group\n");
    for (int i = 0; i < pairs; i++)
        for (int j = 0; j < 2; j++)
            len += (size_t)snprintf(csv + len, cap - len, "M%d_%d,n,society,%d,%d,1,G%d\n", i, j,
                                    1 + j, 1 + j, i);
    const char *path = tu_write("pairs.csv", csv, len);
    free(csv);
    juten_model *m = NULL;
    ck_assert_int_eq(juten_model_load(path, &m, NULL), JUTEN_OK);
    return m;
}

START_TEST(many_exclusive_groups)
{
    juten_model *m = exclusive_pairs(20000);
    juten_solve_options o;
    juten_solve_options_init(&o);
    o.time_limit = 10;
    juten_result *r = NULL;
    ck_assert_int_eq(juten_solve(m, &o, &r, NULL), JUTEN_OK);
    ck_assert_str_eq(juten_outcome_str(juten_result_outcome(r)), "optimal");
    ck_assert_double_eq_tol(juten_result_objective(r), 20000, 1e-6);
    for (int i = 0; i < 40000; i += 2)
        ck_assert(juten_result_selected(r, i) && !juten_result_selected(r, i + 1));
    juten_result_free(r);

    o.time_limit = 1e-3;
    ck_assert_int_eq(juten_solve(m, &o, &r, NULL), JUTEN_OK);
    juten_outcome oc = juten_result_outcome(r);
    ck_assert_msg(oc == JUTEN_FEASIBLE || oc == JUTEN_OPTIMAL, "at 1 ms: %s",
                  juten_outcome_str(oc));
    ck_assert(juten_result_net(r) <= 1e-9);
    if (oc == JUTEN_FEASIBLE)
        ck_assert(juten_result_objective(r) > 0);
    juten_result_free(r);
    juten_model_free(m);
}
END_TEST

START_TEST(resolve_with_changed_numbers)
{
    for (int k = 0; k < 60; k++) {
        juten_model *m = random_model(9000 + (uint64_t)k, 12);
        juten_diags *d = juten_diags_create(0);
        juten_solver *s = NULL;
        ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
        int n = m->n_measures;
        double *c = malloc((size_t)n * sizeof *c), *r = malloc((size_t)n * sizeof *r),
               *v = malloc((size_t)n * sizeof *v);
        for (int rep = 0; rep < 6; rep++) {
            for (int i = 0; i < n; i++) {
                c[i] = rint_in(0, 20);
                r[i] = rint_in(-3, 30);
                v[i] = rint_in(0, 6);
            }
            ck_assert_int_eq(juten_solver_set_values(s, c, r, v, d), JUTEN_OK);
            juten_solve_options o;
            juten_solve_options_init(&o);
            o.headroom = rint_in(0, 15);
            o.savings_rate = rep % 2 ? 0.5 : 1.0;
            /* from the second set of numbers on, half the rounds re-solve
             * from a fixed reference: integer numbers make the reference's
             * basis singular for some later ones (GLPK's factorizer then
             * faults, and the run is repeated from the crash basis) */
            if (rep == 1 && k % 2 == 0)
                ck_assert_int_eq(juten_solver_set_reference(s, &o, NULL, d), JUTEN_OK);
            juten_result *res = NULL;
            juten_status rst = juten_solver_run(s, &o, &res, d);
            ck_assert_msg(rst == JUTEN_OK, "status %d: %s", rst,
                          juten_diags_count(d) ? juten_diags_get(d, 0)->message : "");
            /* brute force on a copy of the model with the new values */
            double *oc = malloc((size_t)n * 3 * sizeof *oc);
            for (int i = 0; i < n; i++) {
                oc[3 * i] = m->measures[i].cost;
                oc[3 * i + 1] = m->measures[i].risk;
                oc[3 * i + 2] = m->measures[i].saving;
                m->measures[i].cost = c[i];
                m->measures[i].risk = r[i];
                m->measures[i].saving = v[i];
            }
            check_against_brute(m, res, o.headroom, o.savings_rate, 9000 + (uint64_t)k);
            for (int i = 0; i < n; i++) {
                m->measures[i].cost = oc[3 * i];
                m->measures[i].risk = oc[3 * i + 1];
                m->measures[i].saving = oc[3 * i + 2];
            }
            free(oc);
            juten_result_free(res);
        }
        free(c);
        free(r);
        free(v);
        juten_solver_free(s);
        juten_diags_free(d);
        juten_model_free(m);
    }
}
END_TEST

/* Every rule family can be switched off; each result matches brute force
 * on the model without that rule. */
START_TEST(rule_families_switch_off)
{
    juten_model *m = random_model(424242, 10);
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, NULL), JUTEN_OK);
    juten_solve_options o;
    juten_solve_options_init(&o);
    o.rules = 0; /* nothing enforced: everything with positive value is funded */
    juten_result *r = NULL;
    ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_result_outcome(r), JUTEN_OPTIMAL);
    double expect = 0;
    for (int i = 0; i < m->n_measures; i++) {
        double v = m->areas[m->measures[i].area].weight * m->measures[i].risk;
        if (v > 0)
            expect += v;
    }
    ck_assert_double_eq_tol(juten_result_objective(r), expect, 1e-9);
    juten_result_free(r);
    juten_solver_free(s);
    juten_model_free(m);
}
END_TEST

/* ---- the offset on a known case ----------------------------------------- */

static juten_model *tiny_model(void)
{
    juten_model *m = juten_model_alloc();
    m->name = strdup("tiny");
    m->currency = strdup("oku");
    m->headroom = 0;
    m->savings_rate = 1;
    m->n_areas = 1;
    m->areas = calloc(1, sizeof *m->areas);
    m->areas[0] = (juten_area){strdup("society"), strdup("society"), 1.0, NAN, NAN, NAN, NAN};
    m->n_measures = 3;
    m->measures = calloc(3, sizeof *m->measures);
    const double cost[] = {10, 6, 0}, risk[] = {10, 7, 0}, sav[] = {0, 0, 12};
    for (int i = 0; i < 3; i++) {
        juten_measure *me = &m->measures[i];
        me->id = dupf("M%d", i + 1);
        me->name = dupf("measure %d", i + 1);
        me->cost = cost[i];
        me->risk = risk[i];
        me->saving = sav[i];
        me->ministry = -1;
        me->group = -1;
        me->cost_lo = me->cost_hi = me->risk_lo = me->risk_hi = NAN;
        me->saving_lo = me->saving_hi = NAN;
    }
    ck_assert_int_eq(juten_model_finish(m, NULL), JUTEN_OK);
    return m;
}

START_TEST(offset_known_answer)
{
    /* Savings 12 fund either M1 (10 -> value 10) or M2 (6 -> 7), not both:
     * the optimum is M1 + M3, value 10; with headroom 4 both fit: 17. */
    juten_model *m = tiny_model();
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, NULL), JUTEN_OK);
    juten_solve_options o;
    juten_solve_options_init(&o);
    juten_result *r = NULL;
    ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_result_outcome(r), JUTEN_OPTIMAL);
    ck_assert_double_eq_tol(juten_result_objective(r), 10.0, 1e-9);
    ck_assert(juten_result_selected(r, 0) && !juten_result_selected(r, 1));
    ck_assert_double_eq_tol(juten_result_spend(r), 10.0, 1e-12);
    ck_assert_double_eq_tol(juten_result_savings(r), 12.0, 1e-12);
    ck_assert_double_eq_tol(juten_result_net(r), -2.0, 1e-12);
    juten_result_free(r);
    o.headroom = 4;
    o.explain = false; /* the plain list of rows at their limit, unweighed */
    ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
    ck_assert_double_eq_tol(juten_result_objective(r), 17.0, 1e-9);
    ck_assert_int_eq(juten_result_binding_count(r), 1);
    ck_assert_str_eq(juten_result_binding(r, 0), "offset");
    juten_result_free(r);
    /* savings rate 0.5: 6 available, only M2 fits */
    o.headroom = 0;
    o.savings_rate = 0.5;
    ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
    ck_assert_double_eq_tol(juten_result_objective(r), 7.0, 1e-9);
    juten_result_free(r);
    juten_solver_free(s);
    juten_model_free(m);
}
END_TEST

START_TEST(infeasible_is_explained)
{
    juten_model *m = tiny_model();
    m->measures[0].mandatory = true;
    m->measures[1].mandatory = true; /* 16 needed, 12 available */
    juten_result *r = NULL;
    juten_solve_options o;
    juten_solve_options_init(&o);
    ck_assert_int_eq(juten_solve(m, &o, &r, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_result_outcome(r), JUTEN_INFEASIBLE);
    ck_assert_int_ge(juten_result_explanation_count(r), 1);
    const char *e = juten_result_explanation(r, 0);
    ck_assert_msg(strstr(e, "M1, M2") && strstr(e, "16") && strstr(e, "12"), "%s", e);
    juten_result_free(r);
    juten_model_free(m);
}
END_TEST

/* ---- containment -------------------------------------------------------- */

START_TEST(glpk_fault_is_contained)
{
    juten_lpi *lp = NULL;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_lpi_create(&lp, 2, 3, d), JUTEN_OK);
    ck_assert(juten_lpi_alive(lp));
    ck_assert_int_eq(juten_lpi_provoke_fault(lp, d), JUTEN_ERR_SOLVER);
    ck_assert_int_eq(juten_diags_errors(d), 1);
    ck_assert_msg(strstr(juten_diags_get(d, 0)->message, "GLPK") &&
                      strstr(juten_diags_get(d, 0)->message, "out of range"),
                  "%s", juten_diags_get(d, 0)->message);
    /* the object died with GLPK's environment and says so */
    ck_assert(!juten_lpi_alive(lp));
    juten_diags_clear(d);
    ck_assert_int_eq(juten_lpi_set_row(lp, 0, JUTEN_LPI_LE, 0, 1, d), JUTEN_ERR_SOLVER);
    juten_lpi_free(lp);
    /* and the process goes on solving; a solver whose GLPK problem died
     * with the fault rebuilds it on its next run */
    juten_model *m = tiny_model();
    juten_solver *sv = NULL;
    ck_assert_int_eq(juten_solver_create(m, &sv, d), JUTEN_OK);
    juten_lpi *lp2 = NULL;
    ck_assert_int_eq(juten_lpi_create(&lp2, 1, 1, d), JUTEN_OK);
    ck_assert_int_eq(juten_lpi_provoke_fault(lp2, d), JUTEN_ERR_SOLVER);
    juten_lpi_free(lp2);
    juten_solve_options so;
    juten_solve_options_init(&so);
    juten_result *rr = NULL;
    ck_assert_int_eq(juten_solver_run(sv, &so, &rr, d), JUTEN_OK);
    ck_assert_double_eq_tol(juten_result_objective(rr), 10.0, 1e-9);
    juten_result_free(rr);
    juten_solver_free(sv);
    juten_result *r = NULL;
    juten_solve_options o;
    juten_solve_options_init(&o);
    ck_assert_int_eq(juten_solve(m, &o, &r, d), JUTEN_OK);
    ck_assert_double_eq_tol(juten_result_objective(r), 10.0, 1e-9);
    juten_result_free(r);
    juten_model_free(m);
    juten_diags_free(d);
}
END_TEST

/* GLPK writes nothing to stdout or stderr, even when it faults. */
START_TEST(glpk_prints_nothing)
{
    int pipefd[2];
    ck_assert_int_eq(pipe(pipefd), 0);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    dup2(pipefd[1], 1);
    dup2(pipefd[1], 2);
    juten_model *m = random_model(77, 12);
    juten_result *r = NULL;
    juten_solve_options o;
    juten_solve_options_init(&o);
    juten_solve(m, &o, &r, NULL);
    juten_result_free(r);
    juten_lpi *lp = NULL;
    juten_lpi_create(&lp, 1, 1, NULL);
    juten_lpi_provoke_fault(lp, NULL);
    juten_lpi_free(lp);
    juten_model_free(m);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(save_out);
    close(save_err);
    close(pipefd[1]);
    char buf[256];
    ssize_t got = read(pipefd[0], buf, sizeof buf);
    close(pipefd[0]);
    ck_assert_msg(got == 0, "GLPK printed %zd bytes", got);
}
END_TEST

/* A GLPK fault raised inside glp_intopt, with the branch-and-bound callback
 * on the stack: the heuristic hook (called by the callback) makes GLPK fail
 * on the problem being solved.  The fault must unwind to juten_lpi_solve_mip,
 * not return into GLPK's frames after their environment is gone. */
typedef struct fault_hook {
    juten_lpi *lp;
    int calls;
} fault_hook;

static bool faulting_heuristic(void *ctx, const double *x, const double *dj, double *out)
{
    (void)x, (void)dj, (void)out;
    fault_hook *h = ctx;
    h->calls++;
    juten_lpi_provoke_fault(h->lp, NULL);
    return false; /* reached only if the fault did not unwind */
}

/* max sum v_j x_j s.t. sum w_j x_j <= cap over KN binaries: fractional at
 * the root, so GLPK branches and calls the heuristic. */
#define KN 24
static const double kn_cap = 100.5;
static double kn_v(int j) { return 3.0 + (double)((j * 7) % 11); }
static double kn_w(int j) { return 4.0 + (double)((j * 5) % 13); }

static juten_lpi *knapsack_lpi(juten_diags *d)
{
    juten_lpi *lp = NULL;
    if (juten_lpi_create(&lp, 1, KN, d) != JUTEN_OK)
        return NULL;
    double v[KN], w[KN];
    int idx[KN];
    for (int j = 0; j < KN; j++) {
        v[j] = kn_v(j);
        w[j] = kn_w(j);
        idx[j] = j;
    }
    if (juten_lpi_set_obj(lp, v, d) != JUTEN_OK ||
        juten_lpi_set_row(lp, 0, JUTEN_LPI_LE, 0.0, kn_cap, d) != JUTEN_OK ||
        juten_lpi_set_row_coefs(lp, 0, KN, idx, w, d) != JUTEN_OK) {
        juten_lpi_free(lp);
        return NULL;
    }
    return lp;
}

/* The knapsack's optimum by dynamic programming over integer weights. */
static double knapsack_best(void)
{
    double best[101] = {0};
    for (int j = 0; j < KN; j++)
        for (int c = 100; c >= (int)kn_w(j); c--)
            best[c] = fmax(best[c], best[c - (int)kn_w(j)] + kn_v(j));
    return best[100];
}

/* One fault inside glp_intopt; returns the status of the faulted solve and
 * whether a fresh problem in the same thread then solves to the optimum. */
static juten_status fault_in_intopt(int *hook_calls, bool *recovered, juten_diags *d)
{
    juten_lpi *lp = knapsack_lpi(d);
    if (!lp)
        return JUTEN_ERR_INTERNAL;
    fault_hook h = {lp, 0};
    juten_lpi_params p = {0};
    p.heuristic = faulting_heuristic;
    p.heuristic_ctx = &h;
    juten_lpi_result res;
    double x[KN];
    juten_status st = juten_lpi_solve_mip(lp, &p, &res, x, d);
    *hook_calls = h.calls;
    bool dead = !juten_lpi_alive(lp);
    juten_lpi_free(lp);
    /* the thread's GLPK comes back for new problems */
    *recovered = false;
    juten_lpi *again = knapsack_lpi(NULL);
    if (again && dead) {
        juten_lpi_params q = {0};
        if (juten_lpi_solve_mip(again, &q, &res, x, NULL) == JUTEN_OK &&
            res.status == JUTEN_LPI_OPTIMAL && fabs(res.objective - knapsack_best()) < 1e-9)
            *recovered = true;
    }
    juten_lpi_free(again);
    return st;
}

START_TEST(glpk_fault_inside_branch_and_bound)
{
    juten_diags *d = juten_diags_create(0);
    int calls = 0;
    bool recovered = false;
    ck_assert_int_eq(fault_in_intopt(&calls, &recovered, d), JUTEN_ERR_SOLVER);
    ck_assert_int_eq(calls, 1);
    ck_assert_int_eq(juten_diags_errors(d), 1);
    /* GLPK refuses changes to a problem it is solving: its own message */
    ck_assert_msg(strstr(juten_diags_get(d, 0)->message, "internal error") &&
                      strstr(juten_diags_get(d, 0)->message, "glp_set_obj_coef"),
                  "%s", juten_diags_get(d, 0)->message);
    ck_assert(recovered);
    juten_diags_free(d);
}
END_TEST

/* A fault inside juten_lpi_create (GLPK refuses the row count) returns the
 * status and leaves nothing allocated (the sanitizer build checks leaks). */
START_TEST(glpk_fault_inside_create)
{
    juten_diags *d = juten_diags_create(0);
    juten_lpi *lp = (juten_lpi *)&d; /* anything but NULL */
    ck_assert_int_eq(juten_lpi_create(&lp, 200000000, 1, d), JUTEN_ERR_SOLVER);
    ck_assert_ptr_null(lp);
    ck_assert_msg(strstr(juten_diags_get(d, 0)->message, "GLPK"), "%s",
                  juten_diags_get(d, 0)->message);
    ck_assert_int_eq(juten_lpi_create(&lp, 1, 1, d), JUTEN_OK);
    ck_assert(juten_lpi_alive(lp));
    juten_lpi_free(lp);
    juten_diags_free(d);
}
END_TEST

/* GSL's aborting error handler is off once the library is in use: a GSL
 * domain error returns its code instead of aborting the process. */
START_TEST(gsl_error_handler_is_off)
{
    juten_model *m = tiny_model();
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, NULL), JUTEN_OK);
    gsl_sf_result r;
    ck_assert_int_eq(gsl_sf_log_e(-1.0, &r), GSL_EDOM);
    /* the handler in force is GSL's "off" handler, not the default (NULL) */
    gsl_error_handler_t *prev = gsl_set_error_handler(NULL);
    ck_assert(prev != NULL);
    gsl_set_error_handler(prev);
    juten_solver_free(s);
    juten_model_free(m);
}
END_TEST

/* ---- threads: one solver per thread over one shared model --------------- */

typedef struct thread_job {
    const juten_model *m;
    int reps;
    int faults;             /* faults to provoke, inside glp_intopt and outside */
    juten_status status;    /* of the last run */
    double objective;
    unsigned char sel[32];
    int fault_ok;           /* faults contained as expected */
} thread_job;

static void *thread_solve(void *arg)
{
    thread_job *j = arg;
    juten_solver *s = NULL;
    j->status = juten_solver_create(j->m, &s, NULL);
    if (j->status != JUTEN_OK)
        return NULL;
    juten_solve_options o;
    juten_solve_options_init(&o);
    for (int rep = 0; rep < j->reps || rep < j->faults; rep++) {
        if (rep < j->faults) {
            /* a fault in this thread must not disturb the others, and this
             * thread's own solver rebuilds its problem on the next run */
            int calls = 0;
            bool recovered = false;
            if (fault_in_intopt(&calls, &recovered, NULL) == JUTEN_ERR_SOLVER && calls == 1 &&
                recovered)
                j->fault_ok++;
            juten_lpi *lp = NULL;
            if (juten_lpi_create(&lp, 1, 1, NULL) == JUTEN_OK &&
                juten_lpi_provoke_fault(lp, NULL) == JUTEN_ERR_SOLVER)
                j->fault_ok++;
            juten_lpi_free(lp);
        }
        juten_result *r = NULL;
        j->status = juten_solver_run(s, &o, &r, NULL);
        if (j->status != JUTEN_OK)
            break;
        j->objective = juten_result_objective(r);
        for (int i = 0; i < j->m->n_measures; i++)
            j->sel[i] = juten_result_selected(r, i);
        juten_result_free(r);
    }
    juten_solver_free(s);
    return NULL;
}

/* The first model from `seed` on whose optimum funds at least `min_funded`
 * measures and leaves at least two out: the threads must agree on a
 * portfolio that says something, not on "nothing fits". */
static juten_model *nontrivial_model(uint64_t seed, int min_funded)
{
    for (int k = 0; k < 200; k++) {
        juten_model *m = random_model(seed + (uint64_t)k, 14);
        double best = brute_best(m, m->headroom, m->savings_rate);
        if (!isnan(best) && best > 0) {
            juten_result *r = NULL;
            juten_solve_options o;
            juten_solve_options_init(&o);
            ck_assert_int_eq(juten_solve(m, &o, &r, NULL), JUTEN_OK);
            int funded = juten_result_selected_count(r);
            juten_result_free(r);
            if (funded >= min_funded && funded <= m->n_measures - 2)
                return m;
        }
        juten_model_free(m);
    }
    ck_abort_msg("no model with a non-trivial portfolio from seed %llu",
                 (unsigned long long)seed);
    return NULL;
}

START_TEST(threads_share_one_model)
{
    juten_model *m = nontrivial_model(31337, 4);
    enum { NT = 4 };
    thread_job ref = {m, 1, 0, JUTEN_ERR_INTERNAL, NAN, {0}, 0};
    thread_solve(&ref);
    ck_assert_int_eq(ref.status, JUTEN_OK);
    ck_assert(isfinite(ref.objective) && ref.objective > 0);
    bool x[32];
    int funded = 0;
    for (int i = 0; i < m->n_measures; i++)
        funded += x[i] = ref.sel[i];
    ck_assert_int_ge(funded, 4);
    ck_assert(brute_feasible(m, x, m->headroom, m->savings_rate));
    ck_assert(fabs(ref.objective - brute_best(m, m->headroom, m->savings_rate)) < 1e-6);
    /* three threads solve while a fourth faults, inside GLPK's
     * branch-and-bound and outside it, between its own solves */
    thread_job jobs[NT];
    pthread_t th[NT];
    for (int t = 0; t < NT; t++) {
        jobs[t] = (thread_job){m, 20, t == 0 ? 20 : 0, JUTEN_ERR_INTERNAL, NAN, {0}, 0};
        ck_assert_int_eq(pthread_create(&th[t], NULL, thread_solve, &jobs[t]), 0);
    }
    for (int t = 0; t < NT; t++)
        pthread_join(th[t], NULL);
    ck_assert_int_eq(jobs[0].fault_ok, 2 * 20);
    for (int t = 0; t < NT; t++) {
        ck_assert_msg(jobs[t].status == JUTEN_OK, "thread %d: status %d", t, jobs[t].status);
        ck_assert_msg(memcmp(jobs[t].sel, ref.sel, sizeof ref.sel) == 0,
                      "thread %d: another portfolio", t);
        ck_assert_double_eq(jobs[t].objective, ref.objective);
    }
    juten_model_free(m);
}
END_TEST

/* A solver (and a GLPK problem) used from a thread other than its creator's
 * refuses with a usage error and touches nothing; its owner goes on. */
typedef struct foreign_job {
    juten_solver *s;
    juten_lpi *lp;
    juten_status run, values, exported, lpi_row;
    bool lpi_alive;
    bool said_thread;
} foreign_job;

static void *foreign_use(void *arg)
{
    foreign_job *f = arg;
    juten_diags *d = juten_diags_create(0);
    juten_solve_options o;
    juten_solve_options_init(&o);
    juten_result *r = NULL;
    f->run = juten_solver_run(f->s, &o, &r, d);
    juten_result_free(r);
    f->said_thread = juten_diags_count(d) == 1 &&
                     strstr(juten_diags_get(d, 0)->message, "another thread") != NULL;
    f->values = juten_solver_set_values(f->s, NULL, NULL, NULL, d);
    f->exported = juten_solver_export(f->s, &o, JUTEN_EXPORT_LP, tu_path("foreign.lp"), d);
    f->lpi_alive = juten_lpi_alive(f->lp);
    f->lpi_row = juten_lpi_set_row(f->lp, 0, JUTEN_LPI_LE, 0, 1, d);
    juten_diags_free(d);
    return NULL;
}

/* ---- re-solves from a fixed reference: order and threads change nothing ---- */

enum { DRAWS = 24, DRAW_RUNS = 2 };

/* splitmix64: the draws' own stream, independent of the model generator */
static uint64_t draw_state;
static double draw_uniform(void)
{
    uint64_t z = (draw_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

typedef struct draw_out {
    int status;
    juten_outcome outcome;
    bool node_limited;
    double objective;
    unsigned char sel[128];
} draw_out;

typedef struct draw_job {
    const juten_model *m;
    const double *cost, *risk, *saving; /* DRAWS x n */
    const int *order;                   /* draws this job solves, in this order */
    int count;
    draw_out *out;                      /* DRAWS x DRAW_RUNS, by draw */
    int status;
} draw_job;

/* Run r of a draw: proven optimal (r = 0), or stopped by a node budget of
 * 3 (r = 1): a limit that must stop a draw at the same point everywhere. */
static void draw_options(juten_solve_options *o, int r)
{
    juten_solve_options_init(o);
    o->explain = false;
    o->time_limit = 0;
    o->node_limit = r == 1 ? 3 : 0;
}

static void *draw_thread(void *arg)
{
    draw_job *j = arg;
    int n = j->m->n_measures;
    juten_solver *s = NULL;
    j->status = juten_solver_create(j->m, &s, NULL);
    juten_solve_options o;
    draw_options(&o, 0);
    if (j->status == JUTEN_OK)
        j->status = juten_solver_set_reference(s, &o, NULL, NULL);
    for (int q = 0; q < j->count && j->status == JUTEN_OK; q++) {
        int k = j->order[q];
        j->status = juten_solver_set_values(s, j->cost + (size_t)k * n, j->risk + (size_t)k * n,
                                            j->saving + (size_t)k * n, NULL);
        for (int r = 0; r < DRAW_RUNS && j->status == JUTEN_OK; r++) {
            draw_options(&o, r);
            juten_result *res = NULL;
            j->status = juten_solver_run(s, &o, &res, NULL);
            if (j->status != JUTEN_OK)
                break;
            draw_out *w = &j->out[k * DRAW_RUNS + r];
            memset(w, 0, sizeof *w);
            w->status = JUTEN_OK;
            w->outcome = juten_result_outcome(res);
            w->node_limited = juten_result_node_limited(res);
            w->objective = juten_result_objective(res);
            for (int i = 0; i < n; i++)
                w->sel[i] = juten_result_selected(res, i);
            juten_result_free(res);
        }
    }
    juten_solver_free(s);
    return NULL;
}

/* Solve every draw on `threads` threads, thread t taking the draws at
 * positions t, t + threads, ... of `order`. */
static void solve_draws(const juten_model *m, const double *c, const double *r,
                        const double *v, const int *order, int threads, draw_out *out)
{
    draw_job jobs[4];
    int lists[4][DRAWS];
    pthread_t th[4];
    for (int t = 0; t < threads; t++) {
        int k = 0;
        for (int q = t; q < DRAWS; q += threads)
            lists[t][k++] = order[q];
        jobs[t] = (draw_job){m, c, r, v, lists[t], k, out, JUTEN_ERR_INTERNAL};
        ck_assert_int_eq(pthread_create(&th[t], NULL, draw_thread, &jobs[t]), 0);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        ck_assert_msg(jobs[t].status == JUTEN_OK, "thread %d of %d: status %d", t, threads,
                      jobs[t].status);
    }
}

START_TEST(draws_agree_in_any_order_and_thread)
{
    juten_diags *d = juten_diags_create(0);
    juten_model *m = NULL;
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &m, d), JUTEN_OK);
    int n = m->n_measures;
    ck_assert_int_le(n, 128);
    /* each number uniform within its three-point range (or +-10 %) */
    double *c = malloc((size_t)DRAWS * n * sizeof *c), *r = malloc((size_t)DRAWS * n * sizeof *r),
           *v = malloc((size_t)DRAWS * n * sizeof *v);
    draw_state = 20160831;
    for (int k = 0; k < DRAWS; k++)
        for (int i = 0; i < n; i++) {
            const juten_measure *me = &m->measures[i];
            double lo = me->cost_lo < me->cost_hi ? me->cost_lo : 0.9 * me->cost;
            double hi = me->cost_lo < me->cost_hi ? me->cost_hi : 1.1 * me->cost;
            c[k * n + i] = lo + (hi - lo) * draw_uniform();
            lo = me->risk_lo < me->risk_hi ? me->risk_lo : 0.9 * me->risk;
            hi = me->risk_lo < me->risk_hi ? me->risk_hi : 1.1 * me->risk;
            r[k * n + i] = lo + (hi - lo) * draw_uniform();
            lo = me->saving_lo < me->saving_hi ? me->saving_lo : 0.9 * me->saving;
            hi = me->saving_lo < me->saving_hi ? me->saving_hi : 1.1 * me->saving;
            v[k * n + i] = lo + (hi - lo) * draw_uniform();
        }
    int fwd[DRAWS], rev[DRAWS], shuf[DRAWS];
    for (int k = 0; k < DRAWS; k++)
        fwd[k] = shuf[k] = k, rev[k] = DRAWS - 1 - k;
    for (int k = DRAWS - 1; k > 0; k--) {
        int q = (int)(draw_uniform() * (k + 1)), t = shuf[k];
        shuf[k] = shuf[q];
        shuf[q] = t;
    }
    static draw_out ref[DRAWS * DRAW_RUNS], got[DRAWS * DRAW_RUNS];
    solve_draws(m, c, r, v, fwd, 1, ref);
    /* the runs say something: most draws proven, some stopped by the nodes */
    int proven = 0, stopped = 0;
    for (int k = 0; k < DRAWS; k++) {
        proven += ref[k * DRAW_RUNS].outcome == JUTEN_OPTIMAL;
        stopped += ref[k * DRAW_RUNS + 1].node_limited;
        ck_assert(!ref[k * DRAW_RUNS].node_limited);
    }
    ck_assert_int_ge(proven, DRAWS - 2);
    ck_assert_int_ge(stopped, 3);
    /* the reference changes the path, never the optimum: a fresh solver,
     * cold, on each draw gives the same value */
    for (int k = 0; k < DRAWS; k++) {
        if (ref[k * DRAW_RUNS].outcome != JUTEN_OPTIMAL)
            continue;
        juten_solver *s = NULL;
        ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
        ck_assert_int_eq(juten_solver_set_values(s, c + (size_t)k * n, r + (size_t)k * n,
                                                 v + (size_t)k * n, d), JUTEN_OK);
        juten_solve_options o;
        draw_options(&o, 0);
        juten_result *res = NULL;
        ck_assert_int_eq(juten_solver_run(s, &o, &res, d), JUTEN_OK);
        ck_assert_int_eq(juten_result_outcome(res), JUTEN_OPTIMAL);
        double a = juten_result_objective(res), b = ref[k * DRAW_RUNS].objective;
        ck_assert_msg(fabs(a - b) <= 1e-9 * (1 + fabs(a)), "draw %d: %.17g cold, %.17g warm", k,
                      a, b);
        juten_result_free(res);
        juten_solver_free(s);
    }
    const struct { const int *order; int threads; const char *name; } ways[] = {
        {rev, 1, "reversed"}, {shuf, 1, "shuffled"}, {fwd, 2, "2 threads"},
        {shuf, 2, "2 threads, shuffled"}, {rev, 4, "4 threads, reversed"},
        {shuf, 4, "4 threads, shuffled"}};
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        memset(got, 0xa5, sizeof got);
        solve_draws(m, c, r, v, ways[w].order, ways[w].threads, got);
        for (int k = 0; k < DRAWS * DRAW_RUNS; k++) {
            ck_assert_msg(got[k].outcome == ref[k].outcome &&
                              got[k].node_limited == ref[k].node_limited,
                          "%s: draw %d run %d: outcome %d/%d, node limit %d/%d", ways[w].name,
                          k / DRAW_RUNS, k % DRAW_RUNS, got[k].outcome, ref[k].outcome,
                          got[k].node_limited, ref[k].node_limited);
            ck_assert_msg(memcmp(&got[k].objective, &ref[k].objective, sizeof(double)) == 0,
                          "%s: draw %d run %d: objective %.17g, in order %.17g", ways[w].name,
                          k / DRAW_RUNS, k % DRAW_RUNS, got[k].objective, ref[k].objective);
            ck_assert_msg(memcmp(got[k].sel, ref[k].sel, (size_t)n) == 0,
                          "%s: draw %d run %d: another portfolio", ways[w].name,
                          k / DRAW_RUNS, k % DRAW_RUNS);
        }
    }
    free(c);
    free(r);
    free(v);
    juten_model_free(m);
    juten_diags_free(d);
}
END_TEST

START_TEST(foreign_thread_is_refused)
{
    juten_model *m = tiny_model();
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, NULL), JUTEN_OK);
    juten_lpi *lp = NULL;
    ck_assert_int_eq(juten_lpi_create(&lp, 1, 1, NULL), JUTEN_OK);
    foreign_job f = {s, lp, JUTEN_OK, JUTEN_OK, JUTEN_OK, JUTEN_OK, true, false};
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, foreign_use, &f), 0);
    pthread_join(t, NULL);
    ck_assert_int_eq(f.run, JUTEN_ERR_USAGE);
    ck_assert(f.said_thread);
    ck_assert_int_eq(f.values, JUTEN_ERR_USAGE);
    ck_assert_int_eq(f.exported, JUTEN_ERR_USAGE);
    ck_assert(!f.lpi_alive);
    ck_assert_int_eq(f.lpi_row, JUTEN_ERR_USAGE);
    ck_assert(access(tu_path("foreign.lp"), F_OK) != 0);
    /* the owner is undisturbed */
    ck_assert(juten_lpi_alive(lp));
    juten_lpi_free(lp);
    juten_solve_options o;
    juten_solve_options_init(&o);
    juten_result *r = NULL;
    ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
    ck_assert_double_eq_tol(juten_result_objective(r), 10.0, 1e-9);
    juten_result_free(r);
    juten_solver_free(s);
    juten_model_free(m);
}
END_TEST

/* ---- the export re-solved by glpsol ------------------------------------- */

static double glpsol_objective(const char *lp_path, bool *infeasible)
{
    const char *sol = tu_path("glpsol.out");
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(tu_path("glpsol.log"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            dup2(fd, 1);
        execlp("glpsol", "glpsol", "--lp", lp_path, "-o", sol, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "glpsol failed (is glpk-utils installed?)");
    char *text = tu_read(sol, NULL);
    ck_assert_ptr_nonnull(text);
    *infeasible = strstr(text, "INTEGER EMPTY") != NULL || strstr(text, "INFEASIBLE") != NULL ||
                  strstr(text, "UNDEFINED") != NULL;
    double v = NAN;
    char *p = strstr(text, "Objective:");
    if (p && !*infeasible) {
        p = strchr(p, '=');
        ck_assert_ptr_nonnull(p);
        v = strtod(p + 1, NULL);
    }
    free(text);
    return v;
}

START_TEST(export_resolved_by_glpsol)
{
    int checked = 0, infeasible_checked = 0;
    for (int k = 0; k < 40; k++) {
        juten_model *m = random_model(70000 + (uint64_t)k, 14);
        juten_solver *s = NULL;
        juten_diags *d = juten_diags_create(0);
        ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
        juten_solve_options o;
        juten_solve_options_init(&o);
        const char *lp = tu_path("model.lp");
        ck_assert_int_eq(juten_solver_export(s, &o, JUTEN_EXPORT_LP, lp, d), JUTEN_OK);
        juten_result *r = NULL;
        ck_assert_int_eq(juten_solver_run(s, &o, &r, d), JUTEN_OK);
        bool inf = false;
        double v = glpsol_objective(lp, &inf);
        if (juten_result_outcome(r) == JUTEN_INFEASIBLE) {
            ck_assert_msg(inf, "model %d: juten infeasible, glpsol found %g", k, v);
            infeasible_checked++;
        } else {
            ck_assert_msg(!inf, "model %d: glpsol infeasible, juten found %g", k,
                          juten_result_objective(r));
            ck_assert_msg(fabs(v - juten_result_objective(r)) <= 1e-6 * (1 + fabs(v)),
                          "model %d: glpsol %g, juten %g", k, v, juten_result_objective(r));
            checked++;
        }
        juten_result_free(r);
        juten_solver_free(s);
        juten_diags_free(d);
        juten_model_free(m);
    }
    ck_assert_int_ge(checked, 10);
    ck_assert_int_ge(infeasible_checked, 1);
}
END_TEST

/* Rounds too large for brute force go through every stage of the search
 * (core problem, reduced-cost fixing, branch-and-bound); glpsol, solving
 * the exported model on its own, must agree. */
START_TEST(large_models_agree_with_glpsol)
{
    int checked = 0;
    for (int k = 0; k < 12; k++) {
        juten_model *m = random_model_sized(880000 + (uint64_t)k, 150, 400);
        juten_solver *s = NULL;
        ck_assert_int_eq(juten_solver_create(m, &s, NULL), JUTEN_OK);
        juten_solve_options o;
        juten_solve_options_init(&o);
        const char *lp = tu_path("large.lp");
        ck_assert_int_eq(juten_solver_export(s, &o, JUTEN_EXPORT_LP, lp, NULL), JUTEN_OK);
        juten_result *r = NULL;
        ck_assert_int_eq(juten_solver_run(s, &o, &r, NULL), JUTEN_OK);
        bool inf = false;
        double v = glpsol_objective(lp, &inf);
        if (juten_result_outcome(r) == JUTEN_INFEASIBLE) {
            if (getenv("JUTEN_TEST_VERBOSE"))
                fprintf(stderr, "model %d: %s\n", k, juten_result_explanation(r, 0));
            ck_assert_msg(inf, "model %d: juten infeasible, glpsol %g", k, v);
        }
        else {
            ck_assert_msg(juten_result_outcome(r) == JUTEN_OPTIMAL, "model %d: %s", k,
                          juten_outcome_str(juten_result_outcome(r)));
            ck_assert_msg(!inf && fabs(v - juten_result_objective(r)) <= 1e-6 * (1 + fabs(v)),
                          "model %d (n=%d): glpsol %g, juten %g", k, m->n_measures, v,
                          juten_result_objective(r));
            checked++;
        }
        juten_result_free(r);
        juten_solver_free(s);
        juten_model_free(m);
    }
    ck_assert_int_ge(checked, 6);
}
END_TEST

/* The result's public accessors report the values the run used (here set
 * by juten_solver_set_values, not the model's), the per-area and
 * per-ministry figures of its portfolio, and the weighing of the binding
 * rules; out of range they give NAN instead of reading past an end. */
START_TEST(result_accessors_mirror_the_run)
{
    juten_diags *d = juten_diags_create(0);
    juten_model *m = NULL;
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &m, d), JUTEN_OK);
    juten_solver *s = NULL;
    ck_assert_int_eq(juten_solver_create(m, &s, d), JUTEN_OK);
    int n = m->n_measures;
    double *c = malloc((size_t)n * sizeof *c), *r = malloc((size_t)n * sizeof *r),
           *v = malloc((size_t)n * sizeof *v);
    for (int j = 0; j < n; j++) {
        c[j] = 1.02 * m->measures[j].cost;
        r[j] = m->measures[j].risk + 1;
        v[j] = 1.25 * m->measures[j].saving;
    }
    ck_assert_int_eq(juten_solver_set_values(s, c, r, v, d), JUTEN_OK);
    juten_solve_options o;
    juten_solve_options_init(&o);
    juten_result *res = NULL;
    ck_assert_int_eq(juten_solver_run(s, &o, &res, d), JUTEN_OK);
    ck_assert_int_eq(juten_result_outcome(res), JUTEN_OPTIMAL);
    ck_assert_uint_eq(juten_result_rules(res), JUTEN_RULE_ALL);
    double *area = calloc((size_t)m->n_areas + 1, sizeof *area);
    double *charge = calloc((size_t)m->n_ministries + 1, sizeof *charge);
    for (int j = 0; j < n; j++) {
        ck_assert_double_eq(juten_result_cost(res, j), c[j]);
        ck_assert_double_eq(juten_result_risk(res, j), r[j]);
        ck_assert_double_eq(juten_result_saving(res, j), v[j]);
        ck_assert_double_eq_tol(juten_result_value(res, j),
                                m->areas[m->measures[j].area].weight * r[j], 1e-12);
        if (!juten_result_selected(res, j))
            continue;
        area[m->measures[j].area] += c[j];
        for (int k = 0; k < m->n_ministries; k++)
            charge[k] += juten_measure_charge_share(&m->measures[j], k) * c[j];
    }
    for (int a = 0; a < m->n_areas; a++)
        ck_assert_double_eq_tol(juten_result_area_spend(res, a), area[a], 1e-9);
    for (int k = 0; k < m->n_ministries; k++)
        ck_assert_double_eq_tol(juten_result_ministry_charge(res, k), charge[k], 1e-9);
    ck_assert(isnan(juten_result_cost(res, -1)) && isnan(juten_result_cost(res, n)));
    ck_assert(isnan(juten_result_value(res, n)) && isnan(juten_result_area_spend(res, -1)));
    ck_assert(isfinite(juten_result_lp_bound(res)));
    ck_assert(juten_result_lp_bound(res) >= juten_result_objective(res) - 1e-9);
    /* explain is on by default and the run is a proven optimum: weighed */
    ck_assert(juten_result_binding_weighed(res));
    int nb = juten_result_binding_count(res);
    for (int i = 0; i < nb; i++) {
        double g = juten_result_binding_gain(res, i);
        ck_assert(isnan(g) || g > 0);
    }
    ck_assert(isnan(juten_result_binding_gain(res, nb)));
    ck_assert_int_ge(juten_result_binding_inert(res), 0);
    ck_assert_int_ge(juten_result_binding_unchecked(res), 0);
    juten_result_free(res);
    /* without explain, the binding rules are not weighed: no gains */
    o.explain = false;
    o.rules = JUTEN_RULE_ALL & ~JUTEN_RULE_CEILING;
    ck_assert_int_eq(juten_solver_run(s, &o, &res, d), JUTEN_OK);
    ck_assert(!juten_result_binding_weighed(res));
    ck_assert(isnan(juten_result_binding_gain(res, 0)));
    ck_assert_uint_eq(juten_result_rules(res), JUTEN_RULE_ALL & ~JUTEN_RULE_CEILING);
    juten_result_free(res);
    free(area);
    free(charge);
    free(c);
    free(r);
    free(v);
    juten_solver_free(s);
    juten_model_free(m);
    juten_diags_free(d);
}
END_TEST

static Suite *solver_suite(void)
{
    Suite *s = suite_create("solver");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60); /* the slowest test: 1 s under ASan */
    tcase_add_test(tc, offset_known_answer);
    tcase_add_test(tc, infeasible_is_explained);
    tcase_add_test(tc, brute_force_300_models);
    tcase_add_test(tc, brute_force_without_heuristic);
    tcase_add_test(tc, many_tags_and_shares);
    tcase_add_test(tc, many_exclusive_groups);
    tcase_add_test(tc, resolve_with_changed_numbers);
    tcase_add_test(tc, rule_families_switch_off);
    tcase_add_test(tc, glpk_fault_is_contained);
    tcase_add_test(tc, glpk_prints_nothing);
    tcase_add_test(tc, glpk_fault_inside_branch_and_bound);
    tcase_add_test(tc, glpk_fault_inside_create);
    tcase_add_test(tc, gsl_error_handler_is_off);
    tcase_add_test(tc, threads_share_one_model);
    tcase_add_test(tc, foreign_thread_is_refused);
    tcase_add_test(tc, draws_agree_in_any_order_and_thread);
    tcase_add_test(tc, export_resolved_by_glpsol);
    tcase_add_test(tc, large_models_agree_with_glpsol);
    tcase_add_test(tc, result_accessors_mirror_the_run);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(solver_suite());
}
