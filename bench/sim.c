/*
 * sim.c -- juten-bench-sim: how fast the simulation draws and re-solves,
 * through the public headers only (juten_sim.h, juten_solver.h,
 * juten_model.h), so that sim/ and solver/ may change behind it.
 *
 * Three modes:
 *
 *   --sample (default)  a fixed portfolio: times juten_sampler_draw over the
 *       portfolio's measures alone (need = the portfolio), then the whole
 *       juten_sim_run (sampling, every rule evaluated, the records) on one
 *       thread and on --jobs threads, then the net balance's statistics (the
 *       probability that it is at most the headroom, mean, sd, 5/50/95 %
 *       points).  "Values" are the uncertain fields actually drawn: the
 *       portfolio's estimates with low < high, times the draws, the same
 *       count bench/sim_numpy.py uses.  --spec FILE writes those estimates
 *       (and the fixed parts of the sums) for sim_numpy.py.
 *   --reoptimise  per draw what juten_sim_run's worker does when it
 *       reoptimises: juten_sampler_draw of every measure, then
 *       juten_solver_set_values and juten_solver_run from the nominal
 *       optimum as fixed reference (set before the first draw, not timed);
 *       times each step.  --out writes one line per draw (draw, outcome,
 *       objective with 17 digits, gap); --export-dir writes the draw's
 *       integer program (juten_solver_export after set_values, not timed),
 *       for one cbc process per draw (bench/sim.sh).
 *   --hash  the SHA-256 of every value of draws [0, N) (all measures, all
 *       fields, as little-endian doubles in draw, measure, field order) and
 *       of the portfolio's draws: a change to sim/sampler.c or sim/random.c
 *       must leave both unchanged (bench/CMakeLists.txt checks FY2017's).
 *
 * Output: "key value" lines on stdout (bench/sim.sh reads them); errors on
 * stderr.  Exit codes: 0 done, 64 usage, 65 bad input, 66 missing input, 70
 * a solve or run failed, 73 an output cannot be created, 74 writing failed.
 */
#include "bench_util.h"
#include "juten_error.h"
#include "juten_model.h"
#include "juten_sim.h"
#include "juten_solver.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <nettle/sha2.h>

enum { EXIT_OK = 0, EXIT_USAGE = 64, EXIT_DATA = 65, EXIT_NOINPUT = 66, EXIT_SOFTWARE = 70,
       EXIT_CANTCREAT = 73, EXIT_IOERR = 74 };

static const char *usage_text =
    "Usage: juten-bench-sim SCENARIO [--sample | --reoptimise | --hash] [OPTIONS]\n"
    "\n"
    "  --sample           (default) fixed portfolio: time juten_sampler_draw over the\n"
    "                     portfolio's measures, juten_sim_run on 1 and --jobs threads,\n"
    "                     and the net balance's statistics\n"
    "  --reoptimise       per draw: sampler_draw, solver_set_values, solver_run from\n"
    "                     the nominal optimum as reference; each step timed\n"
    "  --hash             SHA-256 of every value of draws [0, N) and of the\n"
    "                     portfolio's draws (no timing)\n"
    "\n"
    "Options:\n"
    "  --draws N          draws (default 100000; --reoptimise 100; --hash 10000)\n"
    "  --first K          first draw (default 0)\n"
    "  --seed S           seed (default: the scenario's [uncertainty] seed)\n"
    "  --independent      no copula: the scenario's correlations set to 0 (what\n"
    "                     sim_numpy.py draws)\n"
    "  --jobs T           threads of the second juten_sim_run (default 2)\n"
    "  --reps R           --sample: repetitions of each timed loop (default 5); the\n"
    "                     medians and minima are printed\n"
    "  --gap REL          gap of the nominal solve and of every draw's (default 0)\n"
    "  --portfolio IDS    the fixed portfolio (comma-separated ids; default: the\n"
    "                     nominal optimum at --gap)\n"
    "  --spec FILE        --sample: write the portfolio's estimates for sim_numpy.py\n"
    "  --out FILE         --reoptimise: one line per draw (draw, outcome, objective, gap)\n"
    "  --export-dir DIR   --reoptimise: each draw's program as DIR/draw-NNNNNN.lp\n"
    "  -h, --help         show this help\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "juten-bench-sim: %s%s%s\nTry 'juten-bench-sim --help'.\n", msg,
            arg ? ": " : "", arg ? arg : "");
    return EXIT_USAGE;
}

/* The doubles as little-endian bytes, whatever the host's order, so that
 * the hash names the numbers. */
static void hash_doubles(struct sha256_ctx *h, const double *x, int n)
{
    for (int i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &x[i], sizeof u);
        uint8_t b[8];
        for (int j = 0; j < 8; j++)
            b[j] = (uint8_t)(u >> (8 * j));
        sha256_update(h, sizeof b, b);
    }
}

static void print_hash(const char *key, struct sha256_ctx *h)
{
    uint8_t dg[SHA256_DIGEST_SIZE];
    sha256_digest(h, sizeof dg, dg);
    printf("%s ", key);
    for (size_t i = 0; i < sizeof dg; i++)
        printf("%02x", dg[i]);
    putchar('\n');
}

/* This thread's CPU seconds: on a machine shared with other work a
 * process is sometimes off its core, which wall time counts and CPU time
 * does not (values per CPU second are values per second per core). */
static double cpu_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct bench {
    const juten_model *m;
    const juten_sampler *s;
    const unsigned char *x;
    int n;
    double headroom, rate;
} bench;

/* The portfolio's estimates for sim_numpy.py: one line per uncertain field
 * (field, low, mode, high, area weight) after a header with what the sums
 * need besides (the fixed costs, savings and value of the portfolio, the
 * headroom, the savings rate, the PERT shape). */
static int write_spec(const bench *b, const char *path, const char *scenario)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "juten-bench-sim: cannot create %s: %s\n", path, strerror(errno));
        return EXIT_CANTCREAT;
    }
    const juten_uncertainty *u = juten_sampler_uncertainty(b->s);
    double fcost = 0, fsave = 0, fvalue = 0;
    int ne = 0;
    for (int i = 0; i < b->n; i++) {
        if (!b->x[i])
            continue;
        double w = juten_model_area_weight(b->m, juten_model_measure_area(b->m, i));
        if (juten_sampler_estimate_of(b->s, i, JUTEN_FIELD_COST) < 0)
            fcost += juten_model_measure_cost(b->m, i);
        else
            ne++;
        if (juten_sampler_estimate_of(b->s, i, JUTEN_FIELD_RISK) < 0)
            fvalue += w * juten_model_measure_risk(b->m, i);
        else
            ne++;
        if (juten_sampler_estimate_of(b->s, i, JUTEN_FIELD_SAVING) < 0)
            fsave += juten_model_measure_saving(b->m, i);
        else
            ne++;
    }
    fprintf(f, "# juten-bench-sim --spec of %s\n", scenario);
    fprintf(f, "headroom %.17g\nsavings_rate %.17g\npert_gamma %.17g\n", b->headroom, b->rate,
            u->pert_gamma);
    fprintf(f, "fixed_cost %.17g\nfixed_saving %.17g\nfixed_value %.17g\nestimates %d\n", fcost,
            fsave, fvalue, ne);
    for (int i = 0; i < b->n; i++) {
        if (!b->x[i])
            continue;
        double w = juten_model_area_weight(b->m, juten_model_measure_area(b->m, i));
        for (int fl = 0; fl < JUTEN_FIELDS; fl++) {
            int e = juten_sampler_estimate_of(b->s, i, (juten_field)fl);
            if (e < 0)
                continue;
            double lo, mode, hi;
            switch (fl) {
            case JUTEN_FIELD_COST:
                lo = juten_model_measure_cost_lo(b->m, i);
                mode = juten_model_measure_cost(b->m, i);
                hi = juten_model_measure_cost_hi(b->m, i);
                break;
            case JUTEN_FIELD_RISK:
                lo = juten_model_measure_risk_lo(b->m, i);
                mode = juten_model_measure_risk(b->m, i);
                hi = juten_model_measure_risk_hi(b->m, i);
                break;
            default:
                lo = juten_model_measure_saving_lo(b->m, i);
                mode = juten_model_measure_saving(b->m, i);
                hi = juten_model_measure_saving_hi(b->m, i);
                break;
            }
            fprintf(f, "%s %.17g %.17g %.17g %.17g\n", juten_field_name((juten_field)fl), lo,
                    mode, hi, w);
        }
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "juten-bench-sim: error writing %s\n", path);
        return EXIT_IOERR;
    }
    return EXIT_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* --sample */
static double median_of(const double *x, int n)
{
    double *c = malloc((size_t)n * sizeof *c);
    if (!c)
        return NAN;
    memcpy(c, x, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    double v = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    free(c);
    return v;
}

static double min_of(const double *x, int n)
{
    double v = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] < v)
            v = x[i];
    return v;
}

static int run_sample(const bench *b, uint64_t first, long draws, int jobs, int reps)
{
    int n = b->n;
    long values_per_draw = 0;
    for (int i = 0; i < n; i++)
        if (b->x[i])
            for (int f = 0; f < JUTEN_FIELDS; f++)
                values_per_draw += juten_sampler_estimate_of(b->s, i, (juten_field)f) >= 0;
    double values = (double)values_per_draw * (double)draws;
    double *cost = malloc(((size_t)n + 1) * sizeof *cost);
    double *risk = malloc(((size_t)n + 1) * sizeof *risk);
    double *saving = malloc(((size_t)n + 1) * sizeof *saving);
    juten_sampler_ws *ws = juten_sampler_ws_new(b->s);
    juten_diags *d = juten_diags_create(20);
    int rc = EXIT_OK;
    if (!cost || !risk || !saving || !ws || !d) {
        fprintf(stderr, "juten-bench-sim: out of memory\n");
        rc = EXIT_SOFTWARE;
        goto out;
    }
    int in_portfolio = 0;
    for (int i = 0; i < n; i++)
        in_portfolio += b->x[i] != 0;
    printf("portfolio_measures %d\n", in_portfolio);
    printf("values_per_draw %ld\n", values_per_draw);

    /* 1. the sampler alone, over the portfolio's measures; a checksum of
     * the draws keeps the compiler from dropping them.  2. the whole run, on
     * one thread and on `jobs`, then what the numpy peer computes from the
     * net balances.  Each repetition runs all three in turn, so that a
     * change of the machine's load hits them alike; medians and minima are
     * printed (the minimum is the least disturbed run). */
    double *t_draw = malloc((size_t)reps * sizeof *t_draw);
    double *t_run[2] = {malloc((size_t)reps * sizeof(double)), malloc((size_t)reps * sizeof(double))};
    double *t_stats = malloc((size_t)reps * sizeof *t_stats);
    double *c_draw = malloc((size_t)reps * sizeof *c_draw);
    double *c_run = malloc((size_t)reps * sizeof *c_run);
    if (!t_draw || !t_run[0] || !t_run[1] || !t_stats || !c_draw || !c_run) {
        fprintf(stderr, "juten-bench-sim: out of memory\n");
        rc = EXIT_SOFTWARE;
        goto out2;
    }
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = b->m;
    su.sampler = b->s;
    su.portfolio = b->x;
    su.solve.headroom = b->headroom;
    su.solve.savings_rate = b->rate;
    int tj[2] = {1, jobs};
    double sum = 0;
    for (int rep = 0; rep < reps; rep++) {
        double c0 = cpu_clock(), t0 = juten_solver_clock();
        for (long k = 0; k < draws; k++) {
            juten_sampler_draw(b->s, ws, JUTEN_STREAM_SIMULATE, first + (uint64_t)k, b->x, cost,
                               risk, saving);
            sum += cost[0] + risk[n - 1] + saving[n / 2];
        }
        t_draw[rep] = juten_solver_clock() - t0;
        c_draw[rep] = cpu_clock() - c0;
        for (int r = 0; r < 2; r++) {
            juten_sim_records *rec = NULL;
            su.jobs = tj[r];
            c0 = cpu_clock(); /* with 1 job this thread does all the work */
            t0 = juten_solver_clock();
            juten_status st = juten_sim_run(&su, first, draws, &rec, d);
            t_run[r][rep] = juten_solver_clock() - t0;
            if (r == 0)
                c_run[rep] = cpu_clock() - c0;
            if (st != JUTEN_OK) {
                bench_print_diags("juten-bench-sim", d);
                rc = EXIT_SOFTWARE;
                goto out2;
            }
            t0 = juten_solver_clock();
            juten_dist_stats ds;
            juten_dist_stats_of(rec->net, rec->count, &ds);
            long held = 0;
            for (long k = 0; k < rec->count; k++)
                held += rec->net[k] <= b->headroom;
            double ts = juten_solver_clock() - t0;
            if (r == 0)
                t_stats[rep] = ts;
            if (r == 0 && rep == 0) {
                printf("offset_probability %.6f\n", (double)held / (double)rec->count);
                printf("net_mean %.6f\nnet_sd %.6f\nnet_p5 %.6f\nnet_p50 %.6f\nnet_p95 %.6f\n",
                       ds.mean, ds.sd, ds.p5, ds.p50, ds.p95);
            }
            juten_sim_records_free(rec);
        }
    }
    printf("draws %ld\nreps %d\n", draws, reps);
    printf("checksum %.17g\n", sum);
    double md = median_of(t_draw, reps), mn = min_of(t_draw, reps);
    printf("sampler_s %.6f\nsampler_min_s %.6f\n", md, mn);
    printf("sampler_values_per_s %.0f\nsampler_min_values_per_s %.0f\n", values / md, values / mn);
    printf("sampler_ns_per_value %.2f\nsampler_min_ns_per_value %.2f\n", 1e9 * md / values,
           1e9 * mn / values);
    double cd = median_of(c_draw, reps), cr = median_of(c_run, reps);
    printf("sampler_cpu_s %.6f\nsampler_cpu_values_per_s %.0f\n", cd, values / cd);
    printf("run_jobs1_cpu_s %.6f\nrun_jobs1_cpu_values_per_s %.0f\n", cr, values / cr);
    double ms = median_of(t_stats, reps);
    printf("stats_s %.6f\n", ms);
    double r1 = median_of(t_run[0], reps), r1m = min_of(t_run[0], reps);
    for (int r = 0; r < 2; r++) {
        double mr = median_of(t_run[r], reps), mm = min_of(t_run[r], reps);
        printf("run_jobs%d_s %.6f\nrun_jobs%d_min_s %.6f\n", tj[r], mr, tj[r], mm);
        printf("run_jobs%d_values_per_s %.0f\nrun_jobs%d_min_values_per_s %.0f\n", tj[r],
               values / mr, tj[r], values / mm);
        printf("total_jobs%d_values_per_s %.0f\n", tj[r], values / (mr + ms));
        if (r == 1)
            printf("speedup_jobs%d %.3f\nspeedup_jobs%d_min %.3f\n", tj[r], r1 / mr, tj[r],
                   r1m / mm);
    }
out2:
    free(t_draw);
    free(t_run[0]);
    free(t_run[1]);
    free(t_stats);
    free(c_draw);
    free(c_run);
out:
    juten_diags_free(d);
    juten_sampler_ws_free(ws);
    free(cost);
    free(risk);
    free(saving);
    return rc;
}

/* --hash */
static int run_hash(const bench *b, uint64_t first, long draws)
{
    int n = b->n;
    double *v[3];
    for (int f = 0; f < 3; f++)
        v[f] = malloc(((size_t)n + 1) * sizeof *v[f]);
    juten_sampler_ws *ws = juten_sampler_ws_new(b->s);
    double *row = malloc(((size_t)n * 3 + 1) * sizeof *row);
    if (!v[0] || !v[1] || !v[2] || !ws || !row) {
        fprintf(stderr, "juten-bench-sim: out of memory\n");
        return EXIT_SOFTWARE;
    }
    struct sha256_ctx all, port;
    sha256_init(&all);
    sha256_init(&port);
    for (int pass = 0; pass < 2; pass++)
        for (long k = 0; k < draws; k++) {
            juten_sampler_draw(b->s, ws, JUTEN_STREAM_SIMULATE, first + (uint64_t)k,
                               pass ? b->x : NULL, v[0], v[1], v[2]);
            for (int i = 0; i < n; i++)
                for (int f = 0; f < 3; f++)
                    row[i * 3 + f] = v[f][i];
            hash_doubles(pass ? &port : &all, row, n * 3);
        }
    printf("draws %ld\nfirst %llu\n", draws, (unsigned long long)first);
    print_hash("sha256_all", &all);
    print_hash("sha256_portfolio", &port);
    for (int f = 0; f < 3; f++)
        free(v[f]);
    free(row);
    juten_sampler_ws_free(ws);
    return EXIT_OK;
}

/* --reoptimise */
static int run_reopt(const bench *b, juten_solver *solver, const juten_solve_options *o,
                     uint64_t first, long draws, const char *out_path, const char *export_dir)
{
    int n = b->n;
    double *cost = malloc(((size_t)n + 1) * sizeof *cost);
    double *risk = malloc(((size_t)n + 1) * sizeof *risk);
    double *saving = malloc(((size_t)n + 1) * sizeof *saving);
    double *per = malloc(((size_t)draws + 1) * sizeof *per);
    juten_sampler_ws *ws = juten_sampler_ws_new(b->s);
    juten_diags *d = juten_diags_create(20);
    size_t path_sz = export_dir ? strlen(export_dir) + 32 : 1;
    char *path = malloc(path_sz);
    FILE *out = NULL;
    int rc = EXIT_OK;
    if (!cost || !risk || !saving || !per || !ws || !d || !path) {
        fprintf(stderr, "juten-bench-sim: out of memory\n");
        rc = EXIT_SOFTWARE;
        goto done;
    }
    if (out_path && !(out = fopen(out_path, "w"))) {
        fprintf(stderr, "juten-bench-sim: cannot create %s: %s\n", out_path, strerror(errno));
        rc = EXIT_CANTCREAT;
        goto done;
    }
    long counts[4] = {0, 0, 0, 0}, unproven = 0;
    double t_draw = 0, t_set = 0, t_run = 0, obj_sum = 0;
    long with_obj = 0;
    for (long k = 0; k < draws; k++) {
        uint64_t draw = first + (uint64_t)k;
        double t0 = juten_solver_clock();
        juten_sampler_draw(b->s, ws, JUTEN_STREAM_SIMULATE, draw, NULL, cost, risk, saving);
        double t1 = juten_solver_clock();
        juten_status st = juten_solver_set_values(solver, cost, risk, saving, d);
        double t2 = juten_solver_clock();
        juten_result *r = NULL;
        if (st == JUTEN_OK)
            st = juten_solver_run(solver, o, &r, d);
        double t3 = juten_solver_clock();
        t_draw += t1 - t0;
        t_set += t2 - t1;
        t_run += t3 - t2;
        per[k] = t3 - t0;
        if (st != JUTEN_OK) {
            fprintf(stderr, "juten-bench-sim: draw %llu failed (%s)\n",
                    (unsigned long long)draw, juten_status_str(st));
            bench_print_diags("juten-bench-sim", d);
            rc = EXIT_SOFTWARE;
            break;
        }
        juten_outcome oc = juten_result_outcome(r);
        if ((int)oc >= 0 && (int)oc < 4)
            counts[oc]++;
        double gap = juten_result_gap(r), obj = juten_result_objective(r);
        /* a portfolio not proven within the gap asked for (to rounding) */
        if (oc == JUTEN_FEASIBLE && !(gap <= o->mip_gap * (1 + 1e-9)))
            unproven++;
        if (isfinite(obj)) {
            obj_sum += obj;
            with_obj++;
        }
        if (out)
            fprintf(out, "%llu\t%s\t%.17g\t%.6g\n", (unsigned long long)draw,
                    juten_outcome_str(oc), obj, gap);
        juten_result_free(r);
        if (export_dir) {
            snprintf(path, path_sz, "%s/draw-%06llu.lp", export_dir, (unsigned long long)draw);
            st = juten_solver_export(solver, o, JUTEN_EXPORT_LP, path, d);
            if (st != JUTEN_OK) {
                bench_print_diags("juten-bench-sim", d);
                rc = st == JUTEN_ERR_CANTCREAT ? EXIT_CANTCREAT : EXIT_IOERR;
                break;
            }
        }
        juten_diags_clear(d);
    }
    long done_draws = counts[0] + counts[1] + counts[2] + counts[3];
    double total = t_draw + t_set + t_run;
    qsort(per, (size_t)done_draws, sizeof *per, cmp_double);
    printf("draws %ld\n", done_draws);
    printf("gap %g\n", o->mip_gap);
    printf("seconds %.6f\n", total);
    printf("draws_per_s %.3f\n", total > 0 ? (double)done_draws / total : 0.0);
    printf("sample_s %.6f\nset_values_s %.6f\nrun_s %.6f\n", t_draw, t_set, t_run);
    printf("median_ms %.3f\n", done_draws ? 1e3 * per[done_draws / 2] : 0.0);
    printf("slowest_ms %.3f\n", done_draws ? 1e3 * per[done_draws - 1] : 0.0);
    printf("optimal %ld\nfeasible %ld\nunproven %ld\ninfeasible %ld\nno_solution %ld\n",
           counts[JUTEN_OPTIMAL], counts[JUTEN_FEASIBLE], unproven, counts[JUTEN_INFEASIBLE],
           counts[JUTEN_NO_SOLUTION]);
    printf("objective_mean %.10g\n", with_obj ? obj_sum / (double)with_obj : NAN);
done:
    if (out && fclose(out) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "juten-bench-sim: error writing %s\n", out_path);
        rc = EXIT_IOERR;
    }
    free(cost);
    free(risk);
    free(saving);
    free(per);
    free(path);
    juten_sampler_ws_free(ws);
    juten_diags_free(d);
    return rc;
}

int main(int argc, char **argv)
{
    enum { SAMPLE, REOPT, HASH } mode = SAMPLE;
    const char *scenario = NULL, *portfolio = NULL, *spec = NULL, *out_path = NULL,
               *export_dir = NULL;
    long draws = -1, first = 0, seed = -1, jobs = 2, reps = 5;
    double gap = 0;
    bool independent = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "--draws") || !strcmp(a, "--first") || !strcmp(a, "--seed") ||
                     !strcmp(a, "--jobs") || !strcmp(a, "--gap") || !strcmp(a, "--portfolio") ||
                     !strcmp(a, "--spec") || !strcmp(a, "--out") || !strcmp(a, "--export-dir") ||
                     !strcmp(a, "--reps");
        if (takes && !v)
            return usage_error("option needs a value", a);
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--sample")) {
            mode = SAMPLE;
        } else if (!strcmp(a, "--reoptimise")) {
            mode = REOPT;
        } else if (!strcmp(a, "--hash")) {
            mode = HASH;
        } else if (!strcmp(a, "--independent")) {
            independent = true;
        } else if (!strcmp(a, "--draws")) {
            if (!bench_parse_long(v, 1, &draws))
                return usage_error("--draws needs a whole number >= 1", v);
        } else if (!strcmp(a, "--reps")) {
            if (!bench_parse_long(v, 1, &reps) || reps > 1000)
                return usage_error("--reps needs a whole number from 1 to 1000", v);
        } else if (!strcmp(a, "--first")) {
            if (!bench_parse_long(v, 0, &first))
                return usage_error("--first needs a whole number >= 0", v);
        } else if (!strcmp(a, "--seed")) {
            if (!bench_parse_long(v, 0, &seed))
                return usage_error("--seed needs a whole number >= 0", v);
        } else if (!strcmp(a, "--jobs")) {
            if (!bench_parse_long(v, 1, &jobs) || jobs > 256)
                return usage_error("--jobs needs a whole number from 1 to 256", v);
        } else if (!strcmp(a, "--gap")) {
            if (!bench_parse_real(v, 0.0, &gap) || gap >= 1.0)
                return usage_error("--gap needs a number from 0 to below 1", v);
        } else if (!strcmp(a, "--portfolio")) {
            portfolio = v;
        } else if (!strcmp(a, "--spec")) {
            spec = v;
        } else if (!strcmp(a, "--out")) {
            out_path = v;
        } else if (!strcmp(a, "--export-dir")) {
            export_dir = v;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option", a);
        } else if (scenario) {
            return usage_error("exactly one SCENARIO file is expected", a);
        } else {
            scenario = a;
        }
        if (takes)
            i++;
    }
    if (!scenario)
        return usage_error("a SCENARIO file is required", NULL);
    if (draws < 0)
        draws = mode == SAMPLE ? 100000 : mode == REOPT ? 100 : 10000;
    if (export_dir && mkdir(export_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "juten-bench-sim: cannot create %s: %s\n", export_dir, strerror(errno));
        return EXIT_CANTCREAT;
    }

    juten_diags *d = juten_diags_create(0);
    juten_model *m = NULL;
    juten_sampler *s = NULL;
    juten_solver *solver = NULL;
    unsigned char *x = NULL;
    int rc = EXIT_OK;
    if (!d) {
        fprintf(stderr, "juten-bench-sim: out of memory\n");
        return EXIT_SOFTWARE;
    }
    juten_status st = juten_model_load(scenario, &m, d);
    if (st != JUTEN_OK) {
        bench_print_diags("juten-bench-sim", d);
        rc = st == JUTEN_ERR_NOFILE ? EXIT_NOINPUT : st == JUTEN_ERR_INPUT ? EXIT_DATA
                                                                           : EXIT_SOFTWARE;
        goto done;
    }
    juten_uncertainty u = *juten_model_uncertainty(m);
    if (seed >= 0)
        u.seed = (uint64_t)seed;
    if (independent) /* what sim_numpy.py draws: no copula */
        u.correlation_ministry = u.correlation_area = 0;
    if ((st = juten_sampler_create(m, &u, &s, d)) != JUTEN_OK) {
        bench_print_diags("juten-bench-sim", d);
        rc = st == JUTEN_ERR_INPUT ? EXIT_DATA : EXIT_SOFTWARE;
        goto done;
    }
    int n = juten_model_measure_count(m);
    x = calloc((size_t)n + 1, 1);
    if (!x) {
        rc = EXIT_SOFTWARE;
        goto done;
    }
    juten_solve_options o;
    juten_solve_options_init(&o);
    o.mip_gap = gap;
    o.time_limit = 0; /* as juten simulate: no clock per draw */
    o.explain = false;
    double t0 = juten_solver_clock();
    if (portfolio && (st = juten_model_portfolio_ids(m, portfolio, x, d)) != JUTEN_OK) {
        bench_print_diags("juten-bench-sim", d);
        rc = EXIT_DATA;
        goto done;
    }
    /* Without --portfolio, the nominal optimum (juten simulate's default
     * portfolio); with --reoptimise that solve is also the solver's fixed
     * reference, as in juten_sim_run's workers. */
    if ((!portfolio || mode == REOPT) && (st = juten_solver_create(m, &solver, d)) != JUTEN_OK) {
        bench_print_diags("juten-bench-sim", d);
        rc = EXIT_SOFTWARE;
        goto done;
    }
    if (solver) {
        juten_result *r = NULL;
        st = juten_solver_set_reference(solver, &o, &r, d);
        if (st != JUTEN_OK || !r ||
            (juten_result_outcome(r) != JUTEN_OPTIMAL &&
             juten_result_outcome(r) != JUTEN_FEASIBLE)) {
            fprintf(stderr, "juten-bench-sim: no portfolio at the most likely values\n");
            bench_print_diags("juten-bench-sim", d);
            juten_result_free(r);
            rc = EXIT_SOFTWARE;
            goto done;
        }
        if (!portfolio)
            for (int i = 0; i < n; i++)
                x[i] = juten_result_selected(r, i) ? 1 : 0;
        juten_result_free(r);
    }
    printf("scenario %s\nmeasures %d\nestimates %d\nseed %llu\n", scenario, n,
           juten_sampler_estimate_count(s), (unsigned long long)u.seed);
    printf("nominal_solve_s %.6f\n", juten_solver_clock() - t0);
    if (!portfolio) {
        printf("portfolio ");
        bool firstid = true;
        for (int i = 0; i < n; i++)
            if (x[i]) {
                printf("%s%s", firstid ? "" : ",", juten_model_measure_id(m, i));
                firstid = false;
            }
        putchar('\n');
    }
    bench b = {m, s, x, n, juten_model_headroom(m), juten_model_savings_rate(m)};
    if (spec && (rc = write_spec(&b, spec, scenario)) != EXIT_OK)
        goto done;
    switch (mode) {
    case SAMPLE:
        rc = run_sample(&b, (uint64_t)first, draws, (int)jobs, (int)reps);
        break;
    case HASH:
        rc = run_hash(&b, (uint64_t)first, draws);
        break;
    case REOPT:
        rc = run_reopt(&b, solver, &o, (uint64_t)first, draws, out_path, export_dir);
        break;
    }
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_IOERR;
done:
    free(x);
    juten_solver_free(solver);
    juten_sampler_free(s);
    juten_model_free(m);
    juten_diags_free(d);
    return rc;
}
