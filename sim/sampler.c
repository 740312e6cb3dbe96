/*
 * sampler.c -- draws of the three-point estimates under the scenario's
 * [uncertainty] declaration.
 *
 * Every value starts as a standard normal score z (random.c).  With
 * correlation, z = sqrt(rm) F_ministry + sqrt(ra) F_area + sqrt(1-rm-ra) e:
 * a one-factor Gaussian copula per group, the factors drawn once per draw
 * and field for each ministry and area.  The value is then G(z) = Q(Phi(z)),
 * Q the marginal's quantile function:
 *
 *   pert        a + (b-a) Beta(alpha, beta), Vose's form:
 *               alpha = 1 + g (m-a)/(b-a), beta = 1 + g (b-m)/(b-a)
 *   triangular  on [a, b], mode m
 *   uniform     on [a, b]
 *   lognormal   exp(mu + sigma z), a and b its 5th and 95th percentiles
 *
 * The lognormal is exact.  For the others G is tabulated once per estimate
 * at 1025 points of z in [-8.5, 8.5], exactly (GSL's beta quantiles), with
 * its exact slope phi(z) / f(G(z)), and read by cubic Hermite interpolation:
 * the table reproduces G to about 1e-9 of the range (tests/test_sim.c checks
 * it) at a few nanoseconds a value, where GSL's quantile takes a microsecond.
 * Outside the table (probability 2e-17), and in the one interval holding a
 * triangle's mode (where G is not smooth), G is computed exactly.  Because
 * every marginal is a function of one normal score, the same score serves
 * the copula, the ranks of the drivers and every distribution alike.
 */
#include "sim_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "juten_gsl.h"

#define TAB_K 1024
#define PREFETCH_AHEAD 32
#define TAB_Z 8.5
#define Z_P95 1.6448536269514722 /* the standard normal's 95th percentile */

enum { HK_MEASURE = 1, HK_MINISTRY = 2, HK_AREA = 3 };

typedef struct js_est {
    int measure;
    juten_field field;
    juten_distribution dist;
    double a, m, b;          /* low, most likely, high */
    double alpha, beta;      /* pert */
    double mu, sigma;        /* lognormal */
    double mean, var;
    int ministry, area;      /* factor indices (-1: none) */
    double lm, la, le;       /* loadings: ministry, area, own */
    uint64_t hash;
    double *tab;             /* G and h G' at the TAB_K + 1 knots, interleaved
                                (G_j, hG'_j, G_j+1, ...): a lookup reads 4 adjacent
                                doubles, one cache line mostly; NULL: lognormal */
    int kink;                /* the table interval holding a triangle's mode (-1: none) */
} js_est;

struct juten_sampler {
    const juten_model *model;
    juten_uncertainty u;
    int n_measures, n_ministries, n_areas;
    int n_est;
    js_est *est;
    int *est_of;             /* [measure * 3 + field] -> estimate, -1 fixed */
    double *fixed;           /* [measure * 3 + field] the most likely value */
    uint64_t *factor_hash;   /* [(ministries + areas) * 3] */
    bool correlated;
};

struct juten_sampler_ws {
    js_rng *rng;
    double *factor;          /* the draw's factor scores */
    uint64_t factor_draw;    /* which draw and stream they belong to */
    unsigned factor_stream;
    bool factor_valid;
    /* juten_sampler_draw's two passes: the scores of the estimates drawn,
     * which estimate, and where each value goes */
    double *z;
    uint64_t *hash;
    int *slot;
    double **dst;
};

/* ---- marginals ------------------------------------------------------------ */

/* Exact G(z) = Q(Phi(z)), each tail from its own side for accuracy. */
static double exact_g(const js_est *e, double z)
{
    double p = gsl_cdf_ugaussian_P(z), q = gsl_cdf_ugaussian_Q(z);
    double w = e->b - e->a, y;
    switch (e->dist) {
    case JUTEN_DIST_LOGNORMAL:
        return exp(e->mu + e->sigma * z);
    case JUTEN_DIST_UNIFORM:
        y = z < 0 ? p : 1 - q;
        break;
    case JUTEN_DIST_TRIANGULAR: {
        double c = (e->m - e->a) / w;
        y = p < c ? sqrt(p * c) : 1 - sqrt(q * (1 - c));
        break;
    }
    default:
        y = z < 0 ? gsl_cdf_beta_Pinv(p, e->alpha, e->beta)
                  : 1 - gsl_cdf_beta_Pinv(q, e->beta, e->alpha);
        break;
    }
    if (!(y >= 0))
        y = 0;
    if (y > 1)
        y = 1;
    return e->a + w * y;
}

static double density(const js_est *e, double x)
{
    double w = e->b - e->a, y = (x - e->a) / w;
    switch (e->dist) {
    case JUTEN_DIST_UNIFORM:
        return 1 / w;
    case JUTEN_DIST_TRIANGULAR: {
        double c = (e->m - e->a) / w;
        return y < c ? 2 * y / (c * w) : 2 * (1 - y) / ((1 - c) * w);
    }
    default:
        return gsl_ran_beta_pdf(y, e->alpha, e->beta) / w;
    }
}

static bool build_table(js_est *e)
{
    const double h = 2 * TAB_Z / TAB_K;
    /* A triangle's density has a corner at its mode, so G has a jump in
     * its second derivative there: the cubic across that one interval
     * would be off by some 5e-7 of the range.  That interval is computed
     * exactly instead (a draw lands in it well under 1 % of the time). */
    e->kink = -1;
    if (e->dist == JUTEN_DIST_TRIANGULAR && e->m > e->a && e->m < e->b) {
        double t = (gsl_cdf_ugaussian_Pinv((e->m - e->a) / (e->b - e->a)) + TAB_Z) *
                   (TAB_K / (2 * TAB_Z));
        if (t >= 0 && t < TAB_K)
            e->kink = (int)t;
    }
    e->tab = malloc(2 * (TAB_K + 1) * sizeof *e->tab);
    if (!e->tab)
        return false;
    double *t = e->tab;
    for (int j = 0; j <= TAB_K; j++)
        t[2 * j] = exact_g(e, -TAB_Z + j * h);
    for (int j = 0; j <= TAB_K; j++) {
        double z = -TAB_Z + j * h, f = density(e, t[2 * j]);
        double s = gsl_ran_ugaussian_pdf(z) / f;
        if (!isfinite(s) || s < 0 || !(f > 0)) {
            /* at a bound with zero density: the one-sided secant */
            int j0 = j > 0 ? j - 1 : j, j1 = j < TAB_K ? j + 1 : j;
            s = (t[2 * j1] - t[2 * j0]) / ((j1 - j0) * h);
        }
        t[2 * j + 1] = s * h; /* scaled for the unit interval */
    }
    return true;
}

static double eval_g(const js_est *e, double z)
{
    if (!e->tab)
        return exp(e->mu + e->sigma * z);
    double t = (z + TAB_Z) * (TAB_K / (2 * TAB_Z));
    if (!(t >= 0) || t >= TAB_K)
        return exact_g(e, z);
    int j = (int)t;
    if (j == e->kink)
        return exact_g(e, z);
    double s = t - j, s2 = s * s, r = 1 - s;
    const double *k = e->tab + 2 * j; /* G_j, hG'_j, G_j+1, hG'_j+1 */
    double x = (1 + 2 * s) * r * r * k[0] + s * r * r * k[1] + s2 * (3 - 2 * s) * k[2] -
               s2 * r * k[3];
    if (x < e->a)
        x = e->a;
    if (x > e->b)
        x = e->b;
    return x;
}

/* ---- building ------------------------------------------------------------- */

static void range_of(const juten_model *m, int i, int f, double *a, double *mode, double *b)
{
    switch (f) {
    case JUTEN_FIELD_COST:
        *a = juten_model_measure_cost_lo(m, i);
        *mode = juten_model_measure_cost(m, i);
        *b = juten_model_measure_cost_hi(m, i);
        break;
    case JUTEN_FIELD_RISK:
        *a = juten_model_measure_risk_lo(m, i);
        *mode = juten_model_measure_risk(m, i);
        *b = juten_model_measure_risk_hi(m, i);
        break;
    default:
        *a = juten_model_measure_saving_lo(m, i);
        *mode = juten_model_measure_saving(m, i);
        *b = juten_model_measure_saving_hi(m, i);
        break;
    }
}

static bool set_marginal(js_est *e, double gamma)
{
    double w = e->b - e->a;
    switch (e->dist) {
    case JUTEN_DIST_LOGNORMAL:
        if (!(e->a > 0))
            return false;
        e->mu = (log(e->a) + log(e->b)) / 2;
        e->sigma = (log(e->b) - log(e->a)) / (2 * Z_P95);
        e->mean = exp(e->mu + e->sigma * e->sigma / 2);
        e->var = expm1(e->sigma * e->sigma) * exp(2 * e->mu + e->sigma * e->sigma);
        /* the lognormal is unbounded: a and b stop being bounds */
        e->a = 0;
        e->b = INFINITY;
        return true;
    case JUTEN_DIST_UNIFORM:
        e->mean = (e->a + e->b) / 2;
        e->var = w * w / 12;
        break;
    case JUTEN_DIST_TRIANGULAR:
        e->mean = (e->a + e->m + e->b) / 3;
        e->var = (e->a * e->a + e->b * e->b + e->m * e->m - e->a * e->b - e->a * e->m -
                  e->b * e->m) / 18;
        break;
    default:
        e->alpha = 1 + gamma * (e->m - e->a) / w;
        e->beta = 1 + gamma * (e->b - e->m) / w;
        e->mean = (e->a + gamma * e->m + e->b) / (gamma + 2);
        e->var = (e->mean - e->a) * (e->b - e->mean) / (gamma + 3);
        break;
    }
    return build_table(e);
}

juten_status juten_sampler_create(const juten_model *m, const juten_uncertainty *u,
                                  juten_sampler **out, juten_diags *diags)
{
    *out = NULL;
    juten_gsl_init();
    if (!m)
        return JUTEN_ERR_USAGE;
    juten_sampler *s = calloc(1, sizeof *s);
    if (!s)
        return JUTEN_ERR_NOMEM;
    s->model = m;
    s->u = u ? *u : *juten_model_uncertainty(m);
    s->n_measures = juten_model_measure_count(m);
    s->n_ministries = juten_model_ministry_count(m);
    s->n_areas = juten_model_area_count(m);
    double rm = s->u.correlation_ministry, ra = s->u.correlation_area;
    if (!(rm >= 0 && ra >= 0 && rm + ra <= 1 + 1e-12) || !(s->u.pert_gamma > 0)) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                        _("uncertainty: correlations must be in [0, 1] with a sum of at "
                        "most 1, and pert_gamma above 0"));
        free(s);
        return JUTEN_ERR_INPUT;
    }
    s->correlated = rm > 0 || ra > 0;
    size_t n3 = (size_t)s->n_measures * JUTEN_FIELDS;
    s->est_of = malloc((n3 + 1) * sizeof *s->est_of);
    s->fixed = malloc((n3 + 1) * sizeof *s->fixed);
    s->est = calloc(n3 + 1, sizeof *s->est);
    s->factor_hash = malloc(((size_t)(s->n_ministries + s->n_areas) * JUTEN_FIELDS + 1) *
                            sizeof *s->factor_hash);
    if (!s->est_of || !s->fixed || !s->est || !s->factor_hash) {
        juten_sampler_free(s);
        return JUTEN_ERR_NOMEM;
    }
    for (int k = 0; k < s->n_ministries; k++)
        for (int f = 0; f < JUTEN_FIELDS; f++)
            s->factor_hash[k * JUTEN_FIELDS + f] =
                js_hash(HK_MINISTRY, (unsigned char)f, juten_model_ministry_id(m, k));
    for (int a = 0; a < s->n_areas; a++)
        for (int f = 0; f < JUTEN_FIELDS; f++)
            s->factor_hash[(s->n_ministries + a) * JUTEN_FIELDS + f] =
                js_hash(HK_AREA, (unsigned char)f, juten_model_area_id(m, a));
    juten_status st = JUTEN_OK;
    int bad = 0;
    for (int i = 0; i < s->n_measures; i++) {
        for (int f = 0; f < JUTEN_FIELDS; f++) {
            double a, mode, b;
            range_of(m, i, f, &a, &mode, &b);
            s->fixed[i * JUTEN_FIELDS + f] = mode;
            s->est_of[i * JUTEN_FIELDS + f] = -1;
            if (!(a < b))
                continue;
            js_est *e = &s->est[s->n_est];
            e->measure = i;
            e->field = (juten_field)f;
            e->dist = s->u.dist[f];
            e->a = a;
            e->m = mode;
            e->b = b;
            e->ministry = juten_model_measure_ministry(m, i);
            e->area = juten_model_measure_area(m, i);
            double own = 1;
            e->lm = e->la = 0;
            if (e->ministry >= 0 && rm > 0) {
                e->lm = sqrt(rm);
                own -= rm;
            }
            if (e->area >= 0 && ra > 0) {
                e->la = sqrt(ra);
                own -= ra;
            }
            e->le = sqrt(own > 0 ? own : 0);
            e->hash = js_hash(HK_MEASURE, (unsigned char)f, juten_model_measure_id(m, i));
            if (!set_marginal(e, s->u.pert_gamma)) {
                if (e->dist == JUTEN_DIST_LOGNORMAL) {
                    if (bad++ < 5)
                        juten_diags_add(diags, JUTEN_ERROR, NULL,
                                        juten_model_measure_line(m, i), 0,
                                        _("measure %s: a lognormal %s needs a low above 0 "
                                        "(low and high are its 5th and 95th percentiles)"),
                                        juten_model_measure_id(m, i),
                                        juten_field_name((juten_field)f));
                    st = JUTEN_ERR_INPUT;
                    continue;
                }
                juten_sampler_free(s);
                return JUTEN_ERR_NOMEM;
            }
            s->est_of[i * JUTEN_FIELDS + f] = s->n_est++;
        }
    }
    if (st != JUTEN_OK) {
        juten_sampler_free(s);
        return st;
    }
    *out = s;
    return JUTEN_OK;
}

void juten_sampler_free(juten_sampler *s)
{
    if (!s)
        return;
    if (s->est)
        for (int e = 0; e < s->n_est; e++)
            free(s->est[e].tab);
    free(s->est);
    free(s->est_of);
    free(s->fixed);
    free(s->factor_hash);
    free(s);
}

const juten_uncertainty *juten_sampler_uncertainty(const juten_sampler *s)
{
    return &s->u;
}

int juten_sampler_estimate_count(const juten_sampler *s) { return s->n_est; }
int juten_sampler_estimate_measure(const juten_sampler *s, int e) { return s->est[e].measure; }
juten_field juten_sampler_estimate_field(const juten_sampler *s, int e) { return s->est[e].field; }
double juten_sampler_estimate_mean(const juten_sampler *s, int e) { return s->est[e].mean; }
double juten_sampler_estimate_variance(const juten_sampler *s, int e) { return s->est[e].var; }

int juten_sampler_estimate_of(const juten_sampler *s, int measure, juten_field f)
{
    if (measure < 0 || measure >= s->n_measures || (unsigned)f >= JUTEN_FIELDS)
        return -1;
    return s->est_of[measure * JUTEN_FIELDS + f];
}

double juten_sampler_estimate_quantile(const juten_sampler *s, int e, double p)
{
    if (e < 0 || e >= s->n_est || !(p > 0 && p < 1))
        return NAN;
    return exact_g(&s->est[e], gsl_cdf_ugaussian_Pinv(p));
}

/* ---- drawing -------------------------------------------------------------- */

juten_sampler_ws *juten_sampler_ws_new(const juten_sampler *s)
{
    juten_sampler_ws *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->rng = js_rng_new();
    w->factor = malloc(((size_t)(s->n_ministries + s->n_areas) * JUTEN_FIELDS + 1) *
                       sizeof *w->factor);
    w->z = malloc(((size_t)s->n_est + 1) * sizeof *w->z);
    w->hash = malloc(((size_t)s->n_est + 1) * sizeof *w->hash);
    w->slot = malloc(((size_t)s->n_est + 1) * sizeof *w->slot);
    w->dst = malloc(((size_t)s->n_est + 1) * sizeof *w->dst);
    if (!w->rng || !w->factor || !w->z || !w->hash || !w->slot || !w->dst) {
        juten_sampler_ws_free(w);
        return NULL;
    }
    return w;
}

void juten_sampler_ws_free(juten_sampler_ws *w)
{
    if (!w)
        return;
    js_rng_free(w->rng);
    free(w->factor);
    free(w->z);
    free(w->hash);
    free(w->slot);
    free(w->dst);
    free(w);
}

static void factors(const juten_sampler *s, juten_sampler_ws *w, unsigned stream, uint64_t draw)
{
    if (w->factor_valid && w->factor_draw == draw && w->factor_stream == stream)
        return;
    /* in one batch each, and only the group kinds with a loading: a zero
     * correlation's factors are never read (score() adds lm or la only when
     * it is above 0) */
    int nm = s->n_ministries * JUTEN_FIELDS, na = s->n_areas * JUTEN_FIELDS;
    if (s->u.correlation_ministry > 0)
        js_rng_normals(w->rng, s->u.seed, stream, draw, s->factor_hash, nm, w->factor);
    if (s->u.correlation_area > 0)
        js_rng_normals(w->rng, s->u.seed, stream, draw, s->factor_hash + nm, na,
                       w->factor + nm);
    w->factor_draw = draw;
    w->factor_stream = stream;
    w->factor_valid = true;
}

static double score(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                    uint64_t draw, const js_est *e)
{
    double z = js_rng_normal(w->rng, s->u.seed, stream, draw, e->hash);
    if (!s->correlated)
        return z;
    factors(s, w, stream, draw);
    z *= e->le;
    if (e->lm > 0)
        z += e->lm * w->factor[e->ministry * JUTEN_FIELDS + e->field];
    if (e->la > 0)
        z += e->la * w->factor[(s->n_ministries + e->area) * JUTEN_FIELDS + e->field];
    return z;
}

double juten_sampler_score(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                           uint64_t draw, int e)
{
    return score(s, w, stream, draw, &s->est[e]);
}

double juten_sampler_draw_one(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                              uint64_t draw, int e)
{
    const js_est *es = &s->est[e];
    return eval_g(es, score(s, w, stream, draw, es));
}

/* In passes, for speed only (each value is the same pure function of its
 * normal score either way): the estimates wanted, then their scores in one
 * batch (js_rng_normals), each with its table's cache line fetched ahead,
 * then the tables.  Done one value at a time, each value waited for its
 * Philox block and then for its table read (the tables of a few hundred
 * estimates do not fit in cache); this way both overlap. */
void juten_sampler_draw(const juten_sampler *s, juten_sampler_ws *w, unsigned stream,
                        uint64_t draw, const unsigned char *need, double *cost,
                        double *risk, double *saving)
{
    double *out[JUTEN_FIELDS] = {cost, risk, saving};
    int q = 0;
    for (int i = 0; i < s->n_measures; i++) {
        const int *eo = &s->est_of[i * JUTEN_FIELDS];
        const double *fx = &s->fixed[i * JUTEN_FIELDS];
        bool want = !need || need[i];
        for (int f = 0; f < JUTEN_FIELDS; f++) {
            if (!out[f])
                continue;
            int e = eo[f];
            if (e < 0 || !want) {
                out[f][i] = fx[f];
                continue;
            }
            w->hash[q] = s->est[e].hash;
            w->slot[q] = e;
            w->dst[q] = &out[f][i];
            q++;
        }
    }
    js_rng_normals(w->rng, s->u.seed, stream, draw, w->hash, q, w->z);
    if (s->correlated)
        factors(s, w, stream, draw);
    for (int k = 0; k < q; k++) {
        const js_est *es = &s->est[w->slot[k]];
        double z = w->z[k];
        if (s->correlated) { /* as score() */
            z *= es->le;
            if (es->lm > 0)
                z += es->lm * w->factor[es->ministry * JUTEN_FIELDS + es->field];
            if (es->la > 0)
                z += es->la * w->factor[(s->n_ministries + es->area) * JUTEN_FIELDS + es->field];
            w->z[k] = z;
        }
    }
    /* each table read fetched PREFETCH_AHEAD values before it is needed:
     * far enough to hide the memory's latency, near enough that the lines
     * are still there (a burst of all of them at once overflows the
     * processor's queue of misses, and the excess is dropped) */
    for (int k = 0; k < q + PREFETCH_AHEAD; k++) {
        int p = k;
        if (p < q) {
            const js_est *es = &s->est[w->slot[p]];
            double t = (w->z[p] + TAB_Z) * (TAB_K / (2 * TAB_Z));
            if (es->tab && t >= 0 && t < TAB_K) { /* 4 doubles: maybe two lines */
                __builtin_prefetch(es->tab + 2 * (int)t);
                __builtin_prefetch(es->tab + 2 * (int)t + 3);
            }
        }
        int e = k - PREFETCH_AHEAD;
        if (e >= 0)
            *w->dst[e] = eval_g(&s->est[w->slot[e]], w->z[e]);
    }
}
