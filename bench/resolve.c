/*
 * resolve.c -- juten-bench-resolve: how many re-solves per second one solver
 * object sustains when every measure's numbers change between runs.
 *
 * This is the loop of a Monte Carlo study or of a planner's what-if session:
 * load a round once, create one solver, then for each draw give it new costs,
 * risk reductions and savings (juten_solver_set_values) and solve again
 * (juten_solver_run).  Only those two calls are timed; loading, creating the
 * solver, writing the draw's line and --export-dir's files are not.
 *
 * Each draw takes, for every measure and in the order cost, risk reduction,
 * saving, a value uniform in the measure's three-point [low, high] range when
 * the round gives one (low < high), else uniform within +-10% of the most
 * likely value.  The generator is splitmix64 seeded from --seed, so a draw
 * depends on the round and the seed only: two runs write the same numbers.
 *
 * The three-point ranges come from juten_model.h's accessors, and nothing
 * from solver/ beyond the public juten_solver.h is used: the layouts and the
 * re-solve engine behind them are free to change.
 *
 * Output: one line per draw in --out (draw number, outcome, objective with 17
 * significant digits, selected measure ids in model order) so that two runs,
 * or two builds, can be compared byte for byte; a summary on stdout as
 * "key value" lines (resolve.sh reads them); errors on stderr.
 *
 * Exit codes: 0 every draw solved (whatever its outcome), 64 usage, 65 bad
 * input, 66 missing input, 70 a re-solve failed, 73 an output cannot be
 * created, 74 writing failed.
 */
#include "bench_util.h"
#include "juten_error.h"
#include "juten_model.h"
#include "juten_solver.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_OK = 0, EXIT_USAGE = 64, EXIT_DATA = 65, EXIT_NOINPUT = 66, EXIT_SOFTWARE = 70,
       EXIT_CANTCREAT = 73, EXIT_IOERR = 74 };

static const char *usage_text =
    "Usage: juten-bench-resolve SCENARIO [OPTIONS]\n"
    "\n"
    "Loads SCENARIO once, then for every draw gives one solver new values for\n"
    "every measure (uniform in its [low, high] range, else within +-10%% of\n"
    "the value) and re-solves.  Prints re-solves per second and the outcome\n"
    "counts on stdout.\n"
    "\n"
    "Options:\n"
    "  --draws N          number of draws (default 100)\n"
    "  --seed S           seed of the draws (default 1)\n"
    "  --gap REL          relative gap of each re-solve (default 0: proven optimal)\n"
    "  --time-limit SEC   time limit of each re-solve (default 60; 0: none)\n"
    "  --out FILE         one line per draw: number, outcome, objective, selected ids\n"
    "  --export-dir DIR   also write each draw's integer program as DIR/draw-NNNNNN.lp\n"
    "                     (juten_solver_export after set_values; not timed)\n"
    "  --no-heuristic     do not use juten's incumbent heuristic\n"
    "  --warm             start each re-solve from the previous draw's portfolio\n"
    "                     (history-dependent: for comparison only)\n"
    "  --no-reference     do not give the solver a fixed reference (by default the\n"
    "                     nominal optimum's basis and portfolio, set before the\n"
    "                     first draw and not timed, start every re-solve)\n"
    "  --node-limit N     stop each re-solve after N branch-and-bound nodes\n"
    "  -h, --help         show this help\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "juten-bench-resolve: %s%s%s\n%s", msg, arg ? ": " : "", arg ? arg : "",
            "Try 'juten-bench-resolve --help'.\n");
    return EXIT_USAGE;
}

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, and the same numbers
 * on every platform. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) from the top 53 bits. */
static double uniform01(uint64_t *state)
{
    return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

/* One value: uniform in [lo, hi] when the range is proper, else within
 * +-10% of the mode (a zero stays zero).  Never below zero when the mode is
 * not, since costs and savings must stay >= 0. */
static double draw_value(uint64_t *rng, double mode, double lo, double hi)
{
    double u = uniform01(rng);
    if (isfinite(lo) && isfinite(hi) && lo < hi)
        return lo + u * (hi - lo);
    return mode * (0.9 + 0.2 * u);
}

static int load_exit(juten_status st)
{
    switch (st) {
    case JUTEN_ERR_NOFILE: return EXIT_NOINPUT;
    case JUTEN_ERR_INPUT: return EXIT_DATA;
    default: return EXIT_SOFTWARE;
    }
}

int main(int argc, char **argv)
{
    const char *scenario = NULL, *out_path = NULL, *export_dir = NULL;
    long draws = 100, seed_l = 1;
    double gap = 0.0, tlim = 60.0;
    bool heuristic = true, warm = false, reference = true;
    long node_limit = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "--draws") || !strcmp(a, "--seed") || !strcmp(a, "--gap") ||
                     !strcmp(a, "--time-limit") || !strcmp(a, "--out") ||
                     !strcmp(a, "--export-dir") || !strcmp(a, "--node-limit");
        if (takes && !v)
            return usage_error("option needs a value", a);
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--draws")) {
            if (!bench_parse_long(v, 1, &draws))
                return usage_error("--draws needs a whole number >= 1", v);
        } else if (!strcmp(a, "--seed")) {
            if (!bench_parse_long(v, 0, &seed_l))
                return usage_error("--seed needs a whole number >= 0", v);
        } else if (!strcmp(a, "--gap")) {
            if (!bench_parse_real(v, 0.0, &gap) || gap >= 1.0)
                return usage_error("--gap needs a number from 0 to below 1", v);
        } else if (!strcmp(a, "--time-limit")) {
            if (!bench_parse_real(v, 0.0, &tlim))
                return usage_error("--time-limit needs a number of seconds >= 0", v);
        } else if (!strcmp(a, "--out")) {
            out_path = v;
        } else if (!strcmp(a, "--export-dir")) {
            export_dir = v;
        } else if (!strcmp(a, "--no-heuristic")) {
            heuristic = false;
        } else if (!strcmp(a, "--warm")) {
            warm = true;
        } else if (!strcmp(a, "--no-reference")) {
            reference = false;
        } else if (!strcmp(a, "--node-limit")) {
            char *e = NULL;
            node_limit = v ? strtol(v, &e, 10) : -1;
            if (!v || *e || node_limit < 0)
                return usage_error("--node-limit needs a whole number >= 0", v);
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
    if (export_dir && mkdir(export_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "juten-bench-resolve: cannot create %s: %s\n", export_dir,
                strerror(errno));
        return EXIT_CANTCREAT;
    }

    juten_diags *d = juten_diags_create(0);
    if (!d) {
        fprintf(stderr, "juten-bench-resolve: out of memory\n");
        return EXIT_SOFTWARE;
    }
    juten_model *m = NULL;
    juten_status st = juten_model_load(scenario, &m, d);
    if (st != JUTEN_OK) {
        bench_print_diags("juten-bench-resolve", d);
        juten_diags_free(d);
        return load_exit(st);
    }
    juten_diags_clear(d);
    juten_solver *s = NULL;
    st = juten_solver_create(m, &s, d);
    if (st != JUTEN_OK) {
        bench_print_diags("juten-bench-resolve", d);
        juten_model_free(m);
        juten_diags_free(d);
        return EXIT_SOFTWARE;
    }
    FILE *out = NULL;
    if (out_path && !(out = fopen(out_path, "w"))) {
        fprintf(stderr, "juten-bench-resolve: cannot create %s: %s\n", out_path,
                strerror(errno));
        juten_solver_free(s);
        juten_model_free(m);
        juten_diags_free(d);
        return EXIT_CANTCREAT;
    }

    int n = juten_model_measure_count(m);
    double *cost = malloc(((size_t)n + 1) * sizeof *cost);
    double *risk = malloc(((size_t)n + 1) * sizeof *risk);
    double *saving = malloc(((size_t)n + 1) * sizeof *saving);
    unsigned char *prev = calloc((size_t)n + 1, 1);
    size_t path_sz = export_dir ? strlen(export_dir) + 32 : 1;
    char *path = malloc(path_sz);
    int rc = EXIT_OK;
    if (!cost || !risk || !saving || !prev || !path) {
        fprintf(stderr, "juten-bench-resolve: out of memory\n");
        rc = EXIT_SOFTWARE;
        goto done;
    }

    juten_solve_options o;
    juten_solve_options_init(&o);
    o.mip_gap = gap;
    o.time_limit = tlim;
    o.heuristic = heuristic;
    o.explain = false; /* a study re-solving thousands of times asks for numbers, not reasons */
    o.node_limit = node_limit;
    if (reference && (st = juten_solver_set_reference(s, &o, NULL, d)) != JUTEN_OK) {
        fprintf(stderr, "juten-bench-resolve: the reference solve failed (%s)\n",
                juten_status_str(st));
        bench_print_diags("juten-bench-resolve", d);
        rc = EXIT_SOFTWARE;
        goto done;
    }

    uint64_t rng = (uint64_t)seed_l;
    long counts[4] = {0, 0, 0, 0};
    long time_limited = 0, gap_reached = 0;
    bool have_prev = false;
    double total = 0.0, slowest = 0.0;
    for (long k = 1; k <= draws; k++) {
        for (int i = 0; i < n; i++) {
            cost[i] = draw_value(&rng, juten_model_measure_cost(m, i),
                                 juten_model_measure_cost_lo(m, i),
                                 juten_model_measure_cost_hi(m, i));
            risk[i] = draw_value(&rng, juten_model_measure_risk(m, i),
                                 juten_model_measure_risk_lo(m, i),
                                 juten_model_measure_risk_hi(m, i));
            saving[i] = draw_value(&rng, juten_model_measure_saving(m, i),
                                   juten_model_measure_saving_lo(m, i),
                                   juten_model_measure_saving_hi(m, i));
        }
        o.start = warm && have_prev ? prev : NULL;
        juten_result *r = NULL;
        double t0 = juten_solver_clock();
        st = juten_solver_set_values(s, cost, risk, saving, d);
        if (st == JUTEN_OK)
            st = juten_solver_run(s, &o, &r, d);
        double dt = juten_solver_clock() - t0;
        total += dt;
        if (dt > slowest)
            slowest = dt;
        if (st != JUTEN_OK) {
            fprintf(stderr, "juten-bench-resolve: draw %ld failed (%s)\n", k,
                    juten_status_str(st));
            bench_print_diags("juten-bench-resolve", d);
            rc = EXIT_SOFTWARE;
            break;
        }
        juten_outcome oc = juten_result_outcome(r);
        if ((int)oc >= 0 && (int)oc < 4)
            counts[oc]++;
        double gap_k = juten_result_gap(r);
        if (oc == JUTEN_FEASIBLE && gap_k <= gap * (1 + 1e-9)) /* the gap, to rounding */
            gap_reached++;
        else if (oc == JUTEN_FEASIBLE)
            time_limited++; /* stopped short of the gap: only the time limit does that */
        have_prev = oc == JUTEN_OPTIMAL || oc == JUTEN_FEASIBLE;
        for (int i = 0; i < n; i++)
            prev[i] = have_prev && juten_result_selected(r, i);
        if (out) {
            fprintf(out, "%ld\t%s\t%.17g\t", k, juten_outcome_str(oc),
                    juten_result_objective(r));
            bool first = true;
            for (int i = 0; i < n; i++)
                if (have_prev && juten_result_selected(r, i)) {
                    fprintf(out, "%s%s", first ? "" : ",", juten_model_measure_id(m, i));
                    first = false;
                }
            fputc('\n', out);
        }
        juten_result_free(r);
        if (export_dir) {
            snprintf(path, path_sz, "%s/draw-%06ld.lp", export_dir, k);
            st = juten_solver_export(s, &o, JUTEN_EXPORT_LP, path, d);
            if (st != JUTEN_OK) {
                bench_print_diags("juten-bench-resolve", d);
                rc = st == JUTEN_ERR_CANTCREAT ? EXIT_CANTCREAT : EXIT_IOERR;
                break;
            }
        }
        juten_diags_clear(d);
    }
    long done_draws = counts[0] + counts[1] + counts[2] + counts[3];
    printf("scenario %s\n", scenario);
    printf("measures %d\n", n);
    printf("draws %ld\n", done_draws);
    printf("seed %ld\n", seed_l);
    printf("gap %g\n", gap);
    printf("seconds %.6f\n", total);
    printf("resolves_per_s %.3f\n", total > 0 ? (double)done_draws / total : 0.0);
    printf("mean_ms %.3f\n", done_draws ? 1e3 * total / (double)done_draws : 0.0);
    printf("slowest_ms %.3f\n", 1e3 * slowest);
    printf("optimal %ld\n", counts[JUTEN_OPTIMAL]);
    printf("feasible %ld\n", counts[JUTEN_FEASIBLE]);
    printf("gap_reached %ld\n", gap_reached);
    printf("time_limited %ld\n", time_limited);
    printf("infeasible %ld\n", counts[JUTEN_INFEASIBLE]);
    printf("no_solution %ld\n", counts[JUTEN_NO_SOLUTION]);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_IOERR;
done:
    if (out && fclose(out) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "juten-bench-resolve: error writing %s: %s\n", out_path, strerror(errno));
        rc = EXIT_IOERR;
    }
    free(cost);
    free(risk);
    free(saving);
    free(prev);
    free(path);
    juten_solver_free(s);
    juten_model_free(m);
    juten_diags_free(d);
    return rc;
}
