/*
 * summary.c -- every statistic of a simulation, from its per-draw records.
 *
 * Always in draw order and from the full set of records, so that one run,
 * three merged shards and two MPI ranks print the same bytes.  What the
 * records do not hold (the value of every estimate in every draw) is drawn
 * again: a draw is a pure function of its number (sampler.c).
 *
 * Value of information.  The net benefit of portfolio d in draw k is its
 * weighted risk reduction when it meets every rule at that draw's numbers,
 * and 0 when it breaks one (a portfolio that breaks the offset is not
 * fundable).  The best portfolio of each draw is the reoptimised one, so
 *   EVPI  = mean_k optimum_k - max_d mean_k NB(d, k)
 * over a candidate set D: the most frequent optimal portfolios of the draws
 * (at most 64, fewer for very many draws) and the portfolio simulated.
 * The EVPPI of one estimate is Strong & Oakley's (2013) block estimator:
 * sort the draws by that estimate, cut them into B equal blocks, and
 *   EVPPI = sum_b (n_b / N) max_d mean_{k in b} NB(d, k) - max_d mean_k NB(d, k),
 * the expected gain of choosing from D once the estimate alone is known.
 */
#include "juten_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>

static const char *class_of(double f)
{
    return f >= 0.9 ? "core" : f <= 0.1 ? "exterior" : "borderline";
}

void juten_sim_summary_free(juten_sim_summary *s)
{
    if (!s)
        return;
    free(s->rule_names);
    free(s->rule_probability);
    free(s->drivers);
    free(s->selection);
    free(s->evppi);
    free(s);
}

static int cmp_driver(const void *a, const void *b)
{
    const juten_driver *x = a, *y = b;
    double ax = fabs(x->rank_correlation), ay = fabs(y->rank_correlation);
    if (ax != ay)
        return ax < ay ? 1 : -1;
    return x->estimate - y->estimate;
}

static int cmp_evppi(const void *a, const void *b)
{
    const juten_evppi *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    return x->estimate - y->estimate;
}

/* ---- the candidate portfolios -------------------------------------------- */

typedef struct cand {
    long first;   /* the first draw with it */
    long count;
} cand;

static uint64_t hash_bytes(const unsigned char *p, int n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* The distinct optimal portfolios, most frequent first (ties: earliest). */
static juten_status candidates(const juten_sim_records *rec, cand **out, long *n_out)
{
    int n = rec->n_measures;
    long cap = 1;
    while (cap < 2 * rec->count + 2)
        cap <<= 1;
    long *slot = malloc((size_t)cap * sizeof *slot);
    cand *c = malloc(((size_t)rec->count + 1) * sizeof *c);
    if (!slot || !c) {
        free(slot);
        free(c);
        return JUTEN_ERR_NOMEM;
    }
    for (long i = 0; i < cap; i++)
        slot[i] = -1;
    long nc = 0;
    for (long k = 0; k < rec->count; k++) {
        if (isnan(rec->objective[k]))
            continue;
        const unsigned char *x = rec->selected + (size_t)k * (size_t)n;
        long h = (long)(hash_bytes(x, n) & (uint64_t)(cap - 1));
        for (;;) {
            if (slot[h] < 0) {
                slot[h] = nc;
                c[nc++] = (cand){k, 1};
                break;
            }
            cand *q = &c[slot[h]];
            if (memcmp(rec->selected + (size_t)q->first * (size_t)n, x, (size_t)n) == 0) {
                q->count++;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    free(slot);
    qsort(c, (size_t)nc, sizeof *c, cmp_cand);
    *out = c;
    *n_out = nc;
    return JUTEN_OK;
}

/* ---- value of information ------------------------------------------------- */

static double best_mean(const double *nb, long n_draws, int nd, const size_t *idx, long from,
                        long to)
{
    double best = -INFINITY;
    for (int d = 0; d < nd; d++) {
        double s = 0;
        for (long j = from; j < to; j++)
            s += nb[(idx ? idx[j] : (size_t)j) * (size_t)nd + (size_t)d];
        if (s > best)
            best = s;
    }
    (void)n_draws;
    return best / (double)(to - from);
}

static juten_status value_of_information(const juten_sim_setup *su, const juten_rules *rules,
                                         const juten_sim_records *rec, juten_sim_summary *S)
{
    int n = rec->n_measures;
    long N = rec->count;
    cand *c = NULL;
    long nc = 0;
    juten_status st = candidates(rec, &c, &nc);
    if (st != JUTEN_OK)
        return st;
    long cap = 64;
    while (cap > 8 && (double)N * (double)cap > 32e6)
        cap /= 2;
    if (nc > cap)
        nc = cap;
    /* + the portfolio simulated, unless it is one of them already (a
     * duplicate would change no maximum, but would be counted) */
    bool listed = false;
    for (long d = 0; d < nc && !listed; d++)
        listed = memcmp(rec->selected + (size_t)c[d].first * (size_t)n, su->portfolio,
                        (size_t)n) == 0;
    int nd = (int)nc + (listed ? 0 : 1);
    unsigned char **port = malloc((size_t)nd * sizeof *port);
    double *nb = malloc((size_t)N * (size_t)nd * sizeof *nb + 1);
    double *cost = malloc(((size_t)n + 1) * 3 * sizeof *cost);
    size_t *idx = malloc(((size_t)N + 1) * sizeof *idx);
    double *score = malloc(((size_t)N + 1) * sizeof *score);
    juten_sampler_ws *ws = juten_sampler_ws_new(su->sampler);
    S->evppi = calloc((size_t)juten_sampler_estimate_count(su->sampler) + 1, sizeof *S->evppi);
    if (!port || !nb || !cost || !idx || !score || !ws || !S->evppi) {
        st = JUTEN_ERR_NOMEM;
        goto out;
    }
    for (long d = 0; d < nc; d++)
        port[d] = rec->selected + (size_t)c[d].first * (size_t)n;
    if (!listed)
        port[nc] = (unsigned char *)su->portfolio;
    S->n_candidates = nd;
    double *risk = cost + n + 1, *saving = risk + n + 1;
    for (long k = 0; k < N; k++) {
        juten_sampler_draw(su->sampler, ws, JUTEN_STREAM_SIMULATE, rec->first + (uint64_t)k,
                           NULL, cost, risk, saving);
        for (int d = 0; d < nd; d++) {
            juten_eval ev;
            bool ok = juten_rules_eval(rules, port[d], cost, risk, saving, &ev, NULL) &&
                      juten_rules_structural(rules, port[d]);
            nb[(size_t)k * (size_t)nd + (size_t)d] = ok ? ev.value : 0;
        }
    }
    double base = best_mean(nb, N, nd, NULL, 0, N);
    double vstar = 0;
    for (long k = 0; k < N; k++)
        vstar += isnan(rec->objective[k]) ? 0 : rec->objective[k];
    vstar /= (double)N;
    S->evpi = fmax(0, vstar - base);

    int B = (int)lround(sqrt((double)N) / 2);
    if (B > 50)
        B = 50;
    if (B < 1)
        B = 1;
    S->evppi_blocks = B;
    int ne = juten_sampler_estimate_count(su->sampler);
    for (int e = 0; e < ne; e++) {
        for (long k = 0; k < N; k++)
            score[k] = juten_sampler_score(su->sampler, ws, JUTEN_STREAM_SIMULATE,
                                           rec->first + (uint64_t)k, e);
        gsl_sort_index(idx, score, 1, (size_t)N);
        double sum = 0;
        for (int b = 0; b < B; b++) {
            long from = (long)((double)N * b / B), to = (long)((double)N * (b + 1) / B);
            if (to > from)
                sum += (double)(to - from) * best_mean(nb, N, nd, idx, from, to);
        }
        double v = sum / (double)N - base;
        S->evppi[e] = (juten_evppi){e, juten_sampler_estimate_measure(su->sampler, e),
                                    juten_sampler_estimate_field(su->sampler, e),
                                    v > 0 ? v : 0};
    }
    S->n_evppi = ne;
    qsort(S->evppi, (size_t)ne, sizeof *S->evppi, cmp_evppi);
out:
    free(c);
    free(port);
    free(nb);
    free(cost);
    free(idx);
    free(score);
    juten_sampler_ws_free(ws);
    return st;
}

/* ---- the summary ---------------------------------------------------------- */

juten_status juten_sim_summarise(const juten_sim_setup *su, const juten_rules *rules,
                                 const juten_sim_records *rec, juten_sim_summary **out,
                                 juten_diags *diags)
{
    (void)diags;
    *out = NULL;
    if (!su || !rules || !rec || rec->count < 1)
        return JUTEN_ERR_USAGE;
    juten_sim_summary *S = calloc(1, sizeof *S);
    if (!S)
        return JUTEN_ERR_NOMEM;
    long N = rec->count;
    int n = rec->n_measures, R = rec->n_rules;
    const juten_uncertainty *u = juten_sampler_uncertainty(su->sampler);
    S->draws = N;
    S->seed = u->seed;
    S->headroom = isnan(su->solve.headroom) ? juten_model_headroom(su->model) : su->solve.headroom;
    S->savings_rate = isnan(su->solve.savings_rate) ? juten_model_savings_rate(su->model)
                                                   : su->solve.savings_rate;
    juten_status st = JUTEN_OK;
    double *tmp = malloc(((size_t)N + 1) * sizeof *tmp);
    double *score = malloc(((size_t)N + 1) * sizeof *score);
    juten_sampler_ws *ws = juten_sampler_ws_new(su->sampler);
    S->rule_names = malloc(((size_t)R + 1) * sizeof *S->rule_names);
    S->rule_probability = malloc(((size_t)R + 1) * sizeof *S->rule_probability);
    if (!tmp || !score || !ws || !S->rule_names || !S->rule_probability) {
        st = JUTEN_ERR_NOMEM;
        goto out;
    }

    /* the offset */
    long held = 0;
    for (long k = 0; k < N; k++)
        held += rec->holds[(size_t)k * (size_t)R] != 0; /* rule 0 is the offset */
    S->offset_probability = (double)held / (double)N;
    juten_wilson(held, N, &S->offset_ci_lo, &S->offset_ci_hi);
    if ((st = juten_dist_stats_of(rec->net, N, &S->net)) != JUTEN_OK ||
        (st = juten_dist_stats_of(rec->spend, N, &S->spend)) != JUTEN_OK ||
        (st = juten_dist_stats_of(rec->savings, N, &S->savings)) != JUTEN_OK ||
        (st = juten_dist_stats_of(rec->value, N, &S->value)) != JUTEN_OK)
        goto out;
    memcpy(tmp, rec->net, (size_t)N * sizeof *tmp);
    gsl_sort(tmp, 1, (size_t)N);
    long worst = (long)ceil(0.05 * (double)N);
    if (worst < 1)
        worst = 1;
    double over = 0;
    for (long j = N - worst; j < N; j++)
        over += fmax(0, tmp[j] - S->headroom);
    S->expected_overrun_worst5 = over / (double)worst;

    /* the nominal value of the portfolio */
    {
        int nm = juten_model_measure_count(su->model);
        double v = 0;
        for (int i = 0; i < nm; i++)
            if (su->portfolio[i])
                v += juten_model_area_weight(su->model, juten_model_measure_area(su->model, i)) *
                     juten_model_measure_risk(su->model, i);
        S->value_nominal = v;
    }

    /* the other rules */
    S->n_rules = R;
    long all = 0;
    for (int q = 0; q < R; q++) {
        long h = 0;
        for (long k = 0; k < N; k++)
            h += rec->holds[(size_t)k * (size_t)R + (size_t)q] != 0;
        S->rule_names[q] = juten_rules_name(rules, q);
        S->rule_probability[q] = (double)h / (double)N;
    }
    for (long k = 0; k < N; k++) {
        bool ok = true;
        for (int q = 0; q < R; q++)
            ok &= rec->holds[(size_t)k * (size_t)R + (size_t)q] != 0;
        all += ok;
    }
    S->all_rules_probability = (double)all / (double)N;
    S->structural_ok = juten_rules_structural(rules, su->portfolio);

    /* drivers: the cost and saving estimates of the portfolio's measures */
    {
        int ne = juten_sampler_estimate_count(su->sampler);
        S->drivers = calloc((size_t)ne + 1, sizeof *S->drivers);
        if (!S->drivers) {
            st = JUTEN_ERR_NOMEM;
            goto out;
        }
        for (int e = 0; e < ne; e++) {
            int i = juten_sampler_estimate_measure(su->sampler, e);
            juten_field f = juten_sampler_estimate_field(su->sampler, e);
            if (!su->portfolio[i] || f == JUTEN_FIELD_RISK ||
                (f == JUTEN_FIELD_SAVING && S->savings_rate == 0))
                continue;
            for (long k = 0; k < N; k++)
                score[k] = juten_sampler_score(su->sampler, ws, JUTEN_STREAM_SIMULATE,
                                               rec->first + (uint64_t)k, e);
            double rho = juten_spearman(score, rec->net, N);
            S->drivers[S->n_drivers++] = (juten_driver){e, i, f, isnan(rho) ? 0 : rho};
        }
        qsort(S->drivers, (size_t)S->n_drivers, sizeof *S->drivers, cmp_driver);
    }

    if (rec->reoptimised) {
        S->reoptimised = true;
        long nf = 0, m = 0;
        for (long k = 0; k < N; k++) {
            juten_outcome oc = (juten_outcome)rec->outcome[k];
            if (!isnan(rec->objective[k]))
                tmp[nf++] = rec->objective[k];
            else if (oc == JUTEN_INFEASIBLE)
                S->infeasible_draws++;
            else
                S->limited_draws++; /* a limit stopped it before any portfolio */
            if (oc != JUTEN_OPTIMAL && oc != JUTEN_INFEASIBLE)
                S->unproven_draws++;
        }
        S->feasible_draws = nf;
        if ((st = juten_dist_stats_of(tmp, nf, &S->optimum)) != JUTEN_OK)
            goto out;
        S->selection = calloc((size_t)n + 1, sizeof *S->selection);
        if (!S->selection) {
            st = JUTEN_ERR_NOMEM;
            goto out;
        }
        S->n_selection = n;
        for (int i = 0; i < n; i++) {
            long c = 0;
            for (long k = 0; k < N; k++)
                c += !isnan(rec->objective[k]) && rec->selected[(size_t)k * (size_t)n + (size_t)i];
            juten_selection *sl = &S->selection[i];
            sl->measure = i;
            sl->frequency = nf ? (double)c / (double)nf : NAN;
            juten_wilson(c, nf, &sl->ci_lo, &sl->ci_hi);
            sl->class_name = nf ? class_of(sl->frequency) : "none";
        }
        /* regret of the portfolio simulated: optimum - NB(portfolio) */
        bool structural = S->structural_ok;
        double held_sum = 0;
        for (long k = 0; k < N; k++) {
            bool ok = structural;
            for (int q = 0; q < R; q++)
                ok &= rec->holds[(size_t)k * (size_t)R + (size_t)q] != 0;
            double vs = isnan(rec->objective[k]) ? 0 : rec->objective[k];
            tmp[m++] = vs - (ok ? rec->value[k] : 0);
            if (ok) {
                S->regret_held_draws++;
                held_sum += vs - rec->value[k];
            }
        }
        if ((st = juten_dist_stats_of(tmp, m, &S->regret)) != JUTEN_OK)
            goto out;
        S->regret_mean = S->regret.mean;
        S->regret_held_mean = S->regret_held_draws ? held_sum / (double)S->regret_held_draws : NAN;
        if ((st = value_of_information(su, rules, rec, S)) != JUTEN_OK)
            goto out;
    }
out:
    free(tmp);
    free(score);
    juten_sampler_ws_free(ws);
    if (st != JUTEN_OK) {
        juten_sim_summary_free(S);
        return st;
    }
    *out = S;
    return JUTEN_OK;
}
