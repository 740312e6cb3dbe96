/*
 * confidence.c -- `solve --confidence P` and `--robust` as library calls
 * (juten_confidence.h): sampled offset rows for the solver's chance
 * constraint, the out-of-sample validation and its Wilson interval, the
 * re-solves when validation misses, and the price of confidence.
 *
 * One solver serves every solve of a call (the chance constraint set and
 * cleared around each), one sampler workspace every draw: the call is
 * single-threaded, so its numbers depend on the inputs and the seed alone.
 * In-sample coefficients are drawn once for the largest K asked for and
 * shared by every level (draw k is the same number whatever K is).
 */
#include "juten_confidence.h"
#include "juten_i18n.h"
#include "juten_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *juten_confidence_objective_name(juten_confidence_objective o)
{
    return o == JUTEN_CONFIDENCE_MEAN ? "mean" : "nominal";
}

void juten_confidence_options_init(juten_confidence_options *o)
{
    o->target = 0.95;
    o->robust = false;
    o->samples = 0;
    o->validate = 100000;
    o->seed_given = false;
    o->seed = 1;
    o->objective = JUTEN_CONFIDENCE_NOMINAL;
    o->max_rounds = 4;
    o->price = false;
    juten_solve_options_init(&o->solve);
}

/* The most samples the program is given for a round of n measures. */
static long samples_cap(const juten_model *m)
{
    long n = juten_model_measure_count(m);
    long cap = 200000 / (n > 0 ? n : 1);
    if (cap < 200)
        cap = 200;
    return cap > 20000 ? 20000 : cap;
}

long juten_confidence_default_samples(const juten_model *m, double target)
{
    long k = 100;
    if (target > 0 && target < 1) {
        double need = ceil(20.0 / (1.0 - target) - 1e-9);
        if (need > k)
            k = need > 1e9 ? 1000000000L : (long)need;
    }
    long cap = samples_cap(m);
    return k < cap ? k : cap;
}

/* The allowed violations of K samples at level P. */
static long allowed(double target, long K)
{
    double v = floor((1.0 - target) * (double)K + 1e-9);
    return v < 0 ? 0 : (long)v;
}

/* The tolerance of every rule check in the solver (JUTEN_FEAS_TOL there):
 * a net balance within it of the headroom holds, in sample and out. */
static double holds_limit(double headroom)
{
    return headroom + 1e-6 * (1.0 + fabs(headroom));
}

typedef struct ctx {
    const juten_model *m;
    const juten_confidence_options *o;
    juten_solve_options so;       /* chance solves: a node budget by default */
    juten_solve_options so_plain; /* the plain and robust solves: the caller's */
    juten_sampler *sp;
    juten_sampler_ws *ws;
    juten_solver *s;
    int n;
    double rate, headroom;
    double *risk;          /* the objective's risk reductions (NULL: nominal) */
    double *cost, *saving; /* draw buffers */
    unsigned char *need;
    double *coef;          /* in-sample offset coefficients, K_drawn * n */
    long drawn;
    long solves;           /* chance-constrained solves so far (progress) */
    juten_diags *d;
} ctx;

/* Draws 0..K-1 of the in-sample stream, as offset coefficients. */
static juten_status ensure_samples(ctx *c, long K)
{
    if (K <= c->drawn)
        return JUTEN_OK;
    double *nc = realloc(c->coef, (size_t)K * (size_t)c->n * sizeof *nc + sizeof *nc);
    if (!nc)
        return JUTEN_ERR_NOMEM;
    c->coef = nc;
    for (long k = c->drawn; k < K; k++) {
        juten_sampler_draw(c->sp, c->ws, JUTEN_STREAM_SAMPLE, (uint64_t)k, NULL, c->cost, NULL,
                           c->saving);
        double *row = c->coef + (size_t)k * (size_t)c->n;
        for (int j = 0; j < c->n; j++)
            row[j] = c->cost[j] - c->rate * c->saving[j];
    }
    c->drawn = K;
    return JUTEN_OK;
}

/* Out of sample: in how many of the draws the portfolio holds. */
static long validate(ctx *c, const juten_result *r, long draws)
{
    for (int j = 0; j < c->n; j++)
        c->need[j] = juten_result_selected(r, j);
    double lim = holds_limit(c->headroom);
    long holds = 0;
    for (long v = 0; v < draws; v++) {
        juten_sampler_draw(c->sp, c->ws, JUTEN_STREAM_VALIDATE, (uint64_t)v, c->need, c->cost,
                           NULL, c->saving);
        double net = 0.0;
        for (int j = 0; j < c->n; j++)
            if (c->need[j])
                net += c->cost[j] - c->rate * c->saving[j];
        holds += net <= lim;
    }
    return holds;
}

static bool has_portfolio(const juten_result *r)
{
    return r && (juten_result_outcome(r) == JUTEN_OPTIMAL ||
                 juten_result_outcome(r) == JUTEN_FEASIBLE);
}

/* Fill a point's out-of-sample figures from its portfolio. */
static void judge(ctx *c, juten_confidence_point *p, const juten_result *r)
{
    p->outcome = r ? juten_result_outcome(r) : JUTEN_NO_SOLUTION;
    p->time_limited = r && juten_result_time_limited(r);
    p->draws = c->o->validate;
    if (!has_portfolio(r)) {
        p->objective = p->probability = p->ci_lo = p->ci_hi = NAN;
        return;
    }
    p->objective = juten_result_objective(r);
    long h = validate(c, r, c->o->validate);
    p->probability = (double)h / (double)c->o->validate;
    juten_wilson(h, c->o->validate, &p->ci_lo, &p->ci_hi); /* stats.c, as simulate */
}

/* One chance-constrained solve on the first K samples; start (may be
 * NULL) is offered as a first incumbent. */
static juten_status solve_chance(ctx *c, long K, long maxv, const unsigned char *start,
                                 juten_result **out)
{
    *out = NULL;
    juten_status st = ensure_samples(c, K);
    if (st != JUTEN_OK)
        return st;
    if (K > 2147483647L || maxv > 2147483647L)
        return JUTEN_ERR_USAGE;
    st = juten_solver_set_chance(c->s, (int)K, c->coef, (int)maxv, c->d);
    c->so.start = start;
    juten_solve_progress(&c->so, _("chance-constrained solves"), ++c->solves, -1);
    if (st == JUTEN_OK)
        st = juten_solver_run(c->s, &c->so, out, c->d);
    c->so.start = NULL;
    juten_solver_clear_chance(c->s);
    return st;
}

/* A level with its validation loop: the final portfolio in *out, its
 * figures in *p, each step appended to adj (may be NULL). */
static juten_status level(ctx *c, double target, const unsigned char *start,
                          juten_confidence_point *p, juten_result **out,
                          juten_confidence_adjustment **adj, int *n_adj, long *violations)
{
    long K = c->o->samples > 0 ? c->o->samples : juten_confidence_default_samples(c->m, target);
    long maxv = allowed(target, K);
    long cap = samples_cap(c->m);
    if (cap < K)
        cap = K;
    juten_result *best = NULL;
    *out = NULL;
    memset(p, 0, sizeof *p);
    p->target = target;
    p->in_sample = NAN;
    juten_status st = JUTEN_OK;
    for (int round = 0;; round++) {
        juten_result *r = NULL;
        st = solve_chance(c, K, maxv, start, &r);
        if (st != JUTEN_OK)
            break;
        if (!has_portfolio(r)) {
            if (!best) { /* no portfolio at the level at all */
                best = r;
                judge(c, p, r);
                p->samples = K;
                p->max_violations = maxv;
                break;
            }
            juten_result_free(r);
            if (adj && *n_adj > 0)
                (*adj)[*n_adj - 1].no_portfolio = true;
            break; /* the tighter program has none: keep the last */
        }
        juten_result_free(best);
        best = r;
        juten_confidence_point q;
        memset(&q, 0, sizeof q);
        judge(c, &q, r);
        q.target = target;
        q.samples = K;
        q.max_violations = maxv;
        q.adjustments = p->adjustments;
        *p = q;
        if (violations) {
            unsigned char *x = malloc((size_t)c->n + 1);
            if (!x) {
                st = JUTEN_ERR_NOMEM;
                break;
            }
            for (int j = 0; j < c->n; j++)
                x[j] = juten_result_selected(r, j);
            /* counted on the samples themselves, as the program did */
            long v = 0;
            double lim = holds_limit(c->headroom);
            for (long k = 0; k < K; k++) {
                const double *row = c->coef + (size_t)k * (size_t)c->n;
                double t = 0.0;
                for (int j = 0; j < c->n; j++)
                    if (x[j])
                        t += row[j];
                v += t > lim;
            }
            free(x);
            *violations = v;
            p->violations = v;
            p->in_sample = 1.0 - (double)v / (double)K;
        }
        p->validated = q.ci_lo >= target;
        if (p->validated || round >= c->o->max_rounds)
            break;
        /* tighten: the allowed violations scaled by the shortfall, at least
         * one fewer; with none left, twice the samples */
        long nK = K, nv;
        bool more = false;
        if (maxv > 0) {
            double ratio = (1.0 - target) / fmax(1e-12, 1.0 - q.ci_lo);
            nv = (long)floor((double)maxv * ratio);
            if (nv >= maxv)
                nv = maxv - 1;
        } else {
            nK = 2 * K < cap ? 2 * K : cap;
            nv = 0;
            more = true;
            if (nK <= K)
                break; /* no more samples allowed: stop here */
        }
        if (adj) {
            juten_confidence_adjustment *na =
                realloc(*adj, ((size_t)*n_adj + 1) * sizeof *na);
            if (!na) {
                st = JUTEN_ERR_NOMEM;
                break;
            }
            *adj = na;
            na[*n_adj] = (juten_confidence_adjustment){K, maxv, q.probability, q.ci_lo, nK, nv,
                                                        more, false};
            (*n_adj)++;
        }
        p->adjustments++;
        K = nK;
        maxv = nv;
    }
    if (st != JUTEN_OK) {
        juten_result_free(best);
        return st;
    }
    *out = best;
    return JUTEN_OK;
}

/* The worst case of every estimate: costs at their highs, savings at
 * their lows, the objective's risk reductions. */
static juten_status robust(ctx *c, juten_confidence_point *p, juten_result **out)
{
    *out = NULL;
    double *hi = malloc(((size_t)c->n + 1) * sizeof *hi);
    double *lo = malloc(((size_t)c->n + 1) * sizeof *lo);
    juten_status st = hi && lo ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int j = 0; st == JUTEN_OK && j < c->n; j++) {
        hi[j] = juten_model_measure_cost_hi(c->m, j);
        lo[j] = juten_model_measure_saving_lo(c->m, j);
    }
    if (st == JUTEN_OK)
        st = juten_solver_set_values(c->s, hi, c->risk, lo, c->d);
    if (st == JUTEN_OK)
        st = juten_solver_run(c->s, &c->so_plain, out, c->d);
    juten_status st2 = juten_solver_set_values(c->s, NULL, c->risk, NULL, c->d);
    if (st == JUTEN_OK)
        st = st2;
    free(hi);
    free(lo);
    if (st != JUTEN_OK) {
        juten_result_free(*out);
        *out = NULL;
        return st;
    }
    memset(p, 0, sizeof *p);
    p->target = NAN;
    p->robust = true;
    p->in_sample = NAN;
    judge(c, p, *out);
    return JUTEN_OK;
}

void juten_confidence_free(juten_confidence *c)
{
    if (!c)
        return;
    juten_result_free(c->result);
    free(c->adjustments);
    free(c->price);
    free(c);
}

static void ctx_free(ctx *c)
{
    juten_solver_free(c->s);
    juten_sampler_ws_free(c->ws);
    juten_sampler_free(c->sp);
    free(c->risk);
    free(c->cost);
    free(c->saving);
    free(c->need);
    free(c->coef);
}

static void set_price(juten_confidence_point *p, double nominal)
{
    p->price = isnan(p->objective) || isnan(nominal) ? NAN : nominal - p->objective;
}

juten_status juten_confidence_solve(const juten_model *m, const juten_confidence_options *o,
                                    juten_confidence **out, juten_diags *d)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!m || !o)
        return JUTEN_ERR_USAGE;
    if (!o->robust && !(o->target > 0 && o->target < 1)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the confidence level must lie strictly between 0 and 1 (got %g)"),
                        o->target);
        return JUTEN_ERR_USAGE;
    }
    if (o->validate < 1 || o->samples < 0 || o->samples > 1000000 || o->max_rounds < 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the confidence options need validation draws >= 1, samples from 0 "
                        "to 1000000 and rounds >= 0 (got %ld, %ld, %d)"),
                        o->validate, o->samples, o->max_rounds);
        return JUTEN_ERR_USAGE;
    }
    ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.o = o;
    c.d = d;
    c.so = o->solve;
    c.so.explain = false; /* explanations see the nominal rules only */
    c.so_plain = c.so;
    if (c.so.node_limit <= 0)
        c.so.node_limit = JUTEN_CONFIDENCE_NODES;
    c.n = juten_model_measure_count(m);
    c.rate = isnan(o->solve.savings_rate) ? juten_model_savings_rate(m) : o->solve.savings_rate;
    c.headroom = isnan(o->solve.headroom) ? juten_model_headroom(m) : o->solve.headroom;
    juten_uncertainty u = *juten_model_uncertainty(m);
    if (o->seed_given)
        u.seed = o->seed;
    juten_confidence *res = calloc(1, sizeof *res);
    size_t nb = ((size_t)c.n + 1) * sizeof(double);
    c.cost = malloc(nb);
    c.saving = malloc(nb);
    c.need = malloc((size_t)c.n + 1);
    juten_status st = res && c.cost && c.saving && c.need ? JUTEN_OK : JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_sampler_create(m, &u, &c.sp, d);
    if (st == JUTEN_OK && !(c.ws = juten_sampler_ws_new(c.sp)))
        st = JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK)
        st = juten_solver_create(m, &c.s, d);
    if (st == JUTEN_OK && o->objective == JUTEN_CONFIDENCE_MEAN) {
        if (!(c.risk = malloc(nb)))
            st = JUTEN_ERR_NOMEM;
        for (int j = 0; st == JUTEN_OK && j < c.n; j++) {
            int e = juten_sampler_estimate_of(c.sp, j, JUTEN_FIELD_RISK);
            c.risk[j] = e < 0 ? juten_model_measure_risk(m, j)
                              : juten_sampler_estimate_mean(c.sp, e);
        }
        if (st == JUTEN_OK)
            st = juten_solver_set_values(c.s, NULL, c.risk, NULL, d);
    }
    if (st != JUTEN_OK) {
        ctx_free(&c);
        free(res);
        return st;
    }
    res->target = o->robust ? NAN : o->target;
    res->robust = o->robust;
    res->objective = o->objective;
    res->seed = u.seed;
    res->headroom = c.headroom;
    res->savings_rate = c.rate;
    res->draws = o->validate;
    res->nominal_objective = NAN;
    res->in_sample = NAN;

    /* the plain solve (same objective): what confidence is priced against */
    juten_result *plain = NULL;
    juten_confidence_point pp;
    memset(&pp, 0, sizeof pp);
    st = juten_solver_run(c.s, &c.so_plain, &plain, d);
    if (st == JUTEN_OK) {
        if (has_portfolio(plain))
            res->nominal_objective = juten_result_objective(plain);
        if (o->price) {
            pp.in_sample = NAN;
            judge(&c, &pp, plain);
        }
    }
    juten_result_free(plain);

    juten_confidence_point main_pt;
    memset(&main_pt, 0, sizeof main_pt);
    if (st == JUTEN_OK && o->robust)
        st = robust(&c, &main_pt, &res->result);
    else if (st == JUTEN_OK)
        st = level(&c, o->target, NULL, &main_pt, &res->result, &res->adjustments,
                   &res->n_adjustments, &res->violations);
    if (st == JUTEN_OK) {
        res->samples = main_pt.samples;
        res->max_violations = main_pt.max_violations;
        res->in_sample = main_pt.in_sample;
        res->probability = main_pt.probability;
        res->ci_lo = main_pt.ci_lo;
        res->ci_hi = main_pt.ci_hi;
        res->validated = !o->robust && main_pt.validated;
        res->holds = isnan(main_pt.probability)
                         ? 0
                         : (long)llround(main_pt.probability * (double)o->validate);
        set_price(&main_pt, res->nominal_objective);
    }

    /* the fixed levels, and the target among them when it is not one */
    static const double fixed[] = {0.5, 0.8, 0.9, 0.95, 0.99};
    double levels[6];
    int nl = 0;
    bool placed = o->robust;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (!placed && o->target < fixed[i] - 1e-12) {
            levels[nl++] = o->target;
            placed = true;
        }
        if (!placed && fabs(o->target - fixed[i]) <= 1e-12)
            placed = true;
        levels[nl++] = fixed[i];
    }
    if (!placed)
        levels[nl++] = o->target;
    if (st == JUTEN_OK && o->price) {
        res->price = calloc((size_t)nl + 2, sizeof *res->price);
        if (!res->price)
            st = JUTEN_ERR_NOMEM;
        else {
            pp.target = 0;
            pp.price = 0;
            set_price(&pp, res->nominal_objective);
            res->price[res->n_price++] = pp;
        }
        /* robust first, then the levels from the highest down, each
         * offered the portfolio of the one above: a portfolio that holds at
         * a higher level holds at a lower one on the same samples, so the
         * values fall with the level as they must, even where a node
         * budget stops the search short */
        juten_confidence_point pts[8];
        unsigned char *prev = malloc((size_t)c.n + 1);
        bool have_prev = false;
        if (!prev)
            st = JUTEN_ERR_NOMEM;
        for (int i = nl; st == JUTEN_OK && i >= 0; i--) {
            juten_confidence_point p;
            juten_result *r = NULL;
            const juten_result *got = NULL;
            bool is_robust = i == nl;
            if (is_robust ? o->robust : (!o->robust && fabs(levels[i] - o->target) < 1e-12)) {
                p = main_pt; /* solved already */
                got = res->result;
            } else {
                long v = 0;
                st = is_robust ? robust(&c, &p, &r)
                               : level(&c, levels[i], have_prev ? prev : NULL, &p, &r, NULL, NULL,
                                       &v);
                if (st != JUTEN_OK)
                    break;
                got = r;
            }
            if (!is_robust && has_portfolio(got)) {
                for (int j = 0; j < c.n; j++)
                    prev[j] = juten_result_selected(got, j);
                have_prev = true;
            }
            juten_result_free(r);
            set_price(&p, res->nominal_objective);
            pts[i] = p;
        }
        free(prev);
        for (int i = 0; st == JUTEN_OK && i <= nl; i++)
            res->price[res->n_price++] = pts[i];
    }
    ctx_free(&c);
    if (st != JUTEN_OK) {
        juten_confidence_free(res);
        return st;
    }
    *out = res;
    return JUTEN_OK;
}
