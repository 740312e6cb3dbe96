/*
 * figures.c -- juten's results turned into the four charts: the data each
 * chart needs, read off a model and an analysis result.  The charts
 * themselves (charts.c) know nothing of juten's types.  Numbers that the
 * charts print as labels are rounded here to the precision the tables use
 * (juten_precision_of), so a chart never shows more decimals than the data.
 */

#include "juten_figures.h"
#include "juten_report.h"
#include "juten_str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v rounded to d decimals (NaN and infinities unchanged). */
static double round_to(double v, int d)
{
    if (!isfinite(v))
        return v;
    double s = pow(10, d);
    return nearbyint(v * s) / s;
}

/* "+M03 M12 -M07" for the measures joining and leaving at point i. */
static char *point_label(const juten_model *m, const juten_frontier *f, int i)
{
    const unsigned char *now = f->points[i].selected;
    const unsigned char *prev = i ? f->points[i - 1].selected : NULL;
    juten_str s = JUTEN_STR_INIT;
    int shown = 0, more = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < juten_model_measure_count(m); j++) {
            bool in = pass == 0 ? now[j] && !(prev && prev[j]) : prev && prev[j] && !now[j];
            if (!in)
                continue;
            if (shown >= 4) {
                more++;
                continue;
            }
            juten_str_printf(&s, "%s%s%s", shown ? " " : "", pass ? "-" : "+",
                             juten_model_measure_id(m, j));
            shown++;
        }
    if (more)
        juten_str_printf(&s, " (+%d)", more);
    return juten_str_take(&s);
}

juten_status juten_figure_frontier(const juten_plot_options *o, const juten_model *m,
                                   const juten_frontier *f, juten_plot_outcome *out,
                                   juten_diags *d)
{
    int n = f->n_points;
    double *x = malloc(((size_t)n + 1) * sizeof *x), *v = malloc(((size_t)n + 1) * sizeof *v),
           *lp = malloc(((size_t)n + 1) * sizeof *lp);
    char **lab = calloc((size_t)n + 1, sizeof *lab);
    juten_status st = JUTEN_ERR_NOMEM;
    if (x && v && lp && lab) {
        st = JUTEN_OK;
        for (int i = 0; i < n && st == JUTEN_OK; i++) {
            x[i] = f->points[i].at;
            v[i] = f->points[i].objective;
            lp[i] = f->points[i].lp_bound;
            /* label every point when few, else the first and every k-th */
            int every = n <= 15 ? 1 : n / 12;
            if (i % every == 0 && !(lab[i] = point_label(m, f, i)))
                st = JUTEN_ERR_NOMEM;
        }
        juten_plot_options fo = *o;
        fo.approximate = f->gap > 0;
        if (st == JUTEN_OK)
            st = juten_plot_frontier(&fo,
                                     f->parameter == JUTEN_SWEEP_SAVINGS_RATE
                                         ? "savings rate (fraction of listed savings realised)"
                                         : "headroom: net increase allowed beyond savings",
                                     "weighted risk reduction", n, x, v, lp,
                                     (const char *const *)lab, out, d);
    }
    for (int i = 0; lab && i < n; i++)
        free(lab[i]);
    free(lab);
    free(x);
    free(v);
    free(lp);
    return st;
}

/* Area labels: full names for legends, ids under bars (names are long). */
static const char **area_names(const juten_model *m, bool ids)
{
    int na = juten_model_area_count(m);
    const char **a = malloc(((size_t)na + 1) * sizeof *a);
    for (int k = 0; a && k < na; k++) {
        const char *name = juten_model_area_name(m, k);
        a[k] = !ids && name && *name ? name : juten_model_area_id(m, k);
    }
    return a;
}

juten_status juten_figure_ranking(const juten_plot_options *o, const juten_model *m,
                                  const juten_ranking *r, juten_plot_outcome *out,
                                  juten_diags *d)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += !isnan(r->entries[i].entry_at); /* measures that never enter have no bar */
    const char **id = malloc(((size_t)n + 1) * sizeof *id);
    const char **name = malloc(((size_t)n + 1) * sizeof *name);
    int *area = malloc(((size_t)n + 1) * sizeof *area);
    double *entry = malloc(((size_t)n + 1) * sizeof *entry);
    bool *leaves = malloc(((size_t)n + 1) * sizeof *leaves);
    const char **an = area_names(m, false);
    juten_status st = JUTEN_ERR_NOMEM;
    juten_precision pr;
    juten_precision_of(m, r->scenario_headroom, juten_model_savings_rate(m), &pr);
    if (id && name && area && entry && leaves && an) {
        int k = 0;
        for (int i = 0; i < r->n; i++) {
            const juten_rank_entry *e = &r->entries[i];
            if (isnan(e->entry_at))
                continue;
            id[k] = juten_model_measure_id(m, e->measure);
            name[k] = juten_model_measure_name(m, e->measure);
            area[k] = juten_model_measure_area(m, e->measure);
            entry[k] = round_to(e->entry_at, pr.net); /* labelled with it */
            leaves[k] = !isnan(e->leaves_at);
            k++;
        }
        st = juten_plot_ranking(o, n, id, name, area, entry, leaves, juten_model_area_count(m), an,
                                out, d);
    }
    free(id);
    free(name);
    free(area);
    free(entry);
    free(leaves);
    free(an);
    return st;
}

juten_status juten_figure_allocation(const juten_plot_options *o, const juten_model *m,
                                     const juten_result *r, juten_plot_outcome *out,
                                     juten_diags *d)
{
    int na = juten_model_area_count(m);
    double *share = calloc(2 * (size_t)na + 1, sizeof *share);
    double *mn = malloc(((size_t)na + 1) * sizeof *mn), *mx = malloc(((size_t)na + 1) * sizeof *mx);
    const char **an = area_names(m, true);
    juten_status st = JUTEN_ERR_NOMEM;
    if (share && mn && mx && an) {
        /* column 1: what was requested (every candidate's cost); column 2:
         * what the optimal portfolio funds */
        double total = 0, spend = juten_result_spend(r);
        for (int j = 0; j < juten_model_measure_count(m); j++) {
            share[juten_model_measure_area(m, j)] += juten_model_measure_cost(m, j);
            total += juten_model_measure_cost(m, j);
        }
        for (int a = 0; a < na; a++) {
            share[a] = total > 0 ? share[a] / total : 0.0;
            share[na + a] = spend > 0 ? juten_result_area_spend(r, a) / spend : 0.0;
            mn[a] = juten_model_area_min_share(m, a);
            mx[a] = juten_model_area_max_share(m, a);
        }
        static const char *const cols[] = {"requested (all candidates)", "funded (optimal)"};
        st = juten_plot_allocation(o, na, an, mn, mx, 2, cols, share, out, d);
    }
    free(share);
    free(mn);
    free(mx);
    free(an);
    return st;
}

juten_status juten_figure_tornado(const juten_plot_options *o, const juten_model *m,
                                  const juten_measure_explanation *ex, int k, int max_rows,
                                  juten_plot_outcome *out, juten_diags *d)
{
    /* margin = relative change of the risk-reduction estimate (in %) that
     * flips the decision: negative for funded measures (how far it may
     * fall), positive for the others (how far it must rise) */
    int *idx = malloc(((size_t)k + 1) * sizeof *idx);
    double *margin = malloc(((size_t)k + 1) * sizeof *margin);
    juten_status st = JUTEN_ERR_NOMEM;
    if (!idx || !margin)
        goto done;
    int n = 0;
    for (int i = 0; i < k; i++) {
        const juten_measure_explanation *e = &ex[i];
        double r = juten_model_measure_risk(m, e->measure);
        double mg;
        if (!e->can_flip || isnan(e->break_even_risk))
            mg = e->selected ? -INFINITY : INFINITY;
        else
            mg = 100.0 * (e->break_even_risk - r) / (fabs(r) > 1e-9 ? fabs(r) : 1.0);
        /* a percentage, labelled with one decimal like every share */
        mg = round_to(mg, 1);
        margin[i] = mg;
        idx[n++] = i;
    }
    /* most fragile decisions first (smallest |margin|); stable */
    for (int a = 1; a < n; a++) {
        int v = idx[a], b = a - 1;
        while (b >= 0 && fabs(margin[idx[b]]) > fabs(margin[v])) {
            idx[b + 1] = idx[b];
            b--;
        }
        idx[b + 1] = v;
    }
    if (max_rows > 0 && n > max_rows)
        n = max_rows;
    char **lab = calloc((size_t)n + 1, sizeof *lab);
    double *lo = malloc(((size_t)n + 1) * sizeof *lo), *hi = malloc(((size_t)n + 1) * sizeof *hi);
    if (lab && lo && hi) {
        st = JUTEN_OK;
        for (int q = 0; q < n && st == JUTEN_OK; q++) {
            const juten_measure_explanation *e = &ex[idx[q]];
            const char *mid = juten_model_measure_id(m, e->measure);
            const char *mname = juten_model_measure_name(m, e->measure);
            size_t len = strlen(mid) + strlen(mname) + 16;
            if (!(lab[q] = malloc(len)))
                st = JUTEN_ERR_NOMEM;
            else
                snprintf(lab[q], len, "%s %s (%s)", mid, mname, e->selected ? "in" : "out");
            lo[q] = e->selected ? margin[idx[q]] : 0.0;
            hi[q] = e->selected ? 0.0 : margin[idx[q]];
        }
        if (st == JUTEN_OK)
            st = juten_plot_tornado(o, "change of the risk-reduction estimate that flips the "
                                       "decision (%)",
                                    n, (const char *const *)lab, lo, hi, out, d);
    }
    for (int q = 0; lab && q < n; q++)
        free(lab[q]);
    free(lab);
    free(lo);
    free(hi);
done:
    free(idx);
    free(margin);
    return st;
}

juten_status juten_figure_confidence(const juten_plot_options *o, const juten_model *m,
                                     const juten_confidence *c, juten_plot_outcome *out,
                                     juten_diags *d)
{
    (void)m;
    int n = c->n_price;
    double *buf = malloc((4 * (size_t)n + 1) * sizeof *buf);
    char (*names)[32] = malloc(((size_t)n + 1) * sizeof *names);
    const char **lab = malloc(((size_t)n + 1) * sizeof *lab);
    juten_status st = JUTEN_ERR_NOMEM;
    if (buf && names && lab) {
        double *p = buf, *lo = buf + n, *hi = buf + 2 * n, *v = buf + 3 * n;
        for (int i = 0; i < n; i++) {
            const juten_confidence_point *q = &c->price[i];
            p[i] = q->probability;
            lo[i] = q->ci_lo;
            hi[i] = q->ci_hi;
            v[i] = q->objective;
            if (q->robust)
                snprintf(names[i], sizeof names[i], "robust");
            else if (q->target == 0)
                snprintf(names[i], sizeof names[i], "nominal");
            else
                snprintf(names[i], sizeof names[i], "P = %.10g%%", 100 * q->target);
            lab[i] = names[i];
        }
        st = juten_plot_confidence(o, c->objective == JUTEN_CONFIDENCE_MEAN
                                          ? "価値（リスク低減の期待値）"
                                          : "価値（最頻値のリスク低減）",
                                   n, lab, p, lo, hi, v, out, d);
    }
    free(buf);
    free(names);
    free(lab);
    return st;
}
