/*
 * stats.c -- the statistics of a simulation: Wilson intervals, the mean,
 * sd and percentiles of a sample, and Spearman's rank correlation.  Every
 * sum runs in index (draw) order, so that a statistic depends on the
 * records alone, never on how they were computed.
 */
#include "juten_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define Z95 1.959963984540054

void juten_wilson(long k, long n, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = *hi = NAN;
        return;
    }
    double p = (double)k / (double)n, z2 = Z95 * Z95, nn = (double)n;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = Z95 * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    *lo = k == 0 ? 0 : fmax(0, centre - half);
    *hi = k == n ? 1 : fmin(1, centre + half);
}

juten_status juten_dist_stats_of(const double *x, long n, juten_dist_stats *out)
{
    if (n <= 0) {
        *out = (juten_dist_stats){NAN, NAN, NAN, NAN, NAN};
        return JUTEN_OK;
    }
    double *s = malloc((size_t)n * sizeof *s);
    if (!s)
        return JUTEN_ERR_NOMEM;
    memcpy(s, x, (size_t)n * sizeof *s);
    out->mean = gsl_stats_mean(x, 1, (size_t)n);
    out->sd = n > 1 ? gsl_stats_sd_m(x, 1, (size_t)n, out->mean) : 0;
    gsl_sort(s, 1, (size_t)n);
    out->p5 = gsl_stats_quantile_from_sorted_data(s, 1, (size_t)n, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(s, 1, (size_t)n, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(s, 1, (size_t)n, 0.95);
    free(s);
    return JUTEN_OK;
}

/* Average ranks (1-based) of x into r; ties share their mean rank. */
static bool ranks(const double *x, long n, double *r)
{
    size_t *p = malloc((size_t)n * sizeof *p);
    if (!p)
        return false;
    gsl_sort_index(p, x, 1, (size_t)n);
    for (long i = 0; i < n;) {
        long j = i;
        while (j + 1 < n && x[p[j + 1]] == x[p[i]])
            j++;
        double rk = (double)(i + j) / 2 + 1;
        for (long k = i; k <= j; k++)
            r[p[k]] = rk;
        i = j + 1;
    }
    free(p);
    return true;
}

double juten_spearman(const double *x, const double *y, long n)
{
    if (n < 2)
        return NAN;
    double *rx = malloc((size_t)n * sizeof *rx), *ry = malloc((size_t)n * sizeof *ry);
    double c = NAN;
    if (rx && ry && ranks(x, n, rx) && ranks(y, n, ry)) {
        double sx = gsl_stats_sd(rx, 1, (size_t)n), sy = gsl_stats_sd(ry, 1, (size_t)n);
        c = sx > 0 && sy > 0 ? gsl_stats_correlation(rx, 1, ry, 1, (size_t)n) : 0;
    }
    free(rx);
    free(ry);
    return c;
}
