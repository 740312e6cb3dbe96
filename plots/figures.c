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
#include "plot_int.h" /* juten_plot_text_width, juten_plot_num */
#include "juten_i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The charts' own texts, in English, marked for translation and shown
 * through _(), in one table; the few with numbers in them are format
 * strings, written at their call with _() so the compiler checks their
 * arguments.  Titles are "subject (scenario name)". */
enum {
    FX_FRONTIER_TITLE, FX_FRONTIER_RATE_TITLE, FX_FRONTIER_X, FX_FRONTIER_RATE_X, FX_FRONTIER_Y,
    FX_RANKING_TITLE, FX_ALLOCATION_TITLE, FX_REQUESTED,
    FX_FUNDED, FX_TORNADO_TITLE, FX_TORNADO_X, FX_CONFIDENCE_TITLE, FX_CONFIDENCE_Y_MEAN,
    FX_CONFIDENCE_Y_MODE, FX_ROBUST, FX_NOMINAL, FX_N
};
static const char *const fig_text[FX_N] = {
    [FX_FRONTIER_TITLE] = N_("Risk reduction against the money allowed beyond savings"),
    [FX_FRONTIER_RATE_TITLE] = N_("Risk reduction against the share of savings realised"),
    [FX_FRONTIER_X] = N_("headroom: net increase allowed beyond savings"),
    /* xgettext:no-c-format */
    [FX_FRONTIER_RATE_X] = N_("savings rate (% of listed savings realised)"),
    [FX_FRONTIER_Y] = N_("weighted risk reduction"),
    [FX_RANKING_TITLE] = N_("Priority ranking: the budget at which each measure is first funded"),
    [FX_ALLOCATION_TITLE] = N_("Share of spending per policy area: requested against funded"),
    [FX_REQUESTED] = N_("requested (all candidates)"),
    [FX_FUNDED] = N_("funded (optimal portfolio)"),
    [FX_TORNADO_TITLE] = N_("How far each risk-reduction estimate may move before the decision flips"),
    [FX_TORNADO_X] = N_("change of the risk-reduction estimate that flips the decision (%)"),
    [FX_CONFIDENCE_TITLE] = N_("The price of confidence: value against the probability the offset holds"),
    [FX_CONFIDENCE_Y_MEAN] = N_("value (expected risk reduction)"),
    [FX_CONFIDENCE_Y_MODE] = N_("value (most likely risk reduction)"),
    [FX_ROBUST] = N_("robust"),
    [FX_NOMINAL] = N_("nominal"),
};

/* "subject (FY2017 request round)": the scenario's name from o->title (the
 * caller's), else the model's; caller frees. */
static char *chart_title(const juten_plot_options *o, const juten_model *m, int subject)
{
    const char *name = o->title && *o->title ? o->title : juten_model_name(m);
    juten_str t = JUTEN_STR_INIT;
    if (name && *name)
        juten_str_printf(&t, "%s (%s)", _(fig_text[subject]), name);
    else
        juten_str_printf(&t, "%s", _(fig_text[subject]));
    return juten_str_take(&t);
}

/* A measure's name as a label: up to its first bracket ("GSOCシステムの
 * 検知・解析能力の強化（…）" loses the parenthesis) when what is left still
 * says something (6 columns or more); the chart cuts it further with an
 * ellipsis.  Caller frees. */
static char *short_name(const char *name)
{
    static const char *const opens[] = {"（", "(", "【", "［", "["};
    if (!name)
        name = "";
    size_t cut = strlen(name);
    for (size_t k = 0; k < sizeof opens / sizeof opens[0]; k++) {
        const char *p = strstr(name, opens[k]);
        if (p && (size_t)(p - name) < cut)
            cut = (size_t)(p - name);
    }
    char *s = malloc(strlen(name) + 1);
    if (!s)
        return NULL;
    memcpy(s, name, cut);
    s[cut] = 0;
    while (cut > 0 && s[cut - 1] == ' ')
        s[--cut] = 0;
    if (juten_plot_text_width(s, 0) < 6)
        strcpy(s, name);
    return s;
}

/* s (a buffer of cap bytes) cut in place to at most cols display columns,
 * "…" marking the cut; a snprintf'd copy may itself end mid-character,
 * which the loop never keeps. */
static void cut_cols(char *s, size_t cap, int cols)
{
    if (juten_plot_text_width(s, 0) <= cols)
        return;
    size_t keep = 0;
    for (size_t i = 0; s[i];) {
        size_t k = i + 1;
        while (((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
        char c = s[k];
        s[k] = 0;
        int w = juten_plot_text_width(s, 0);
        s[k] = c;
        if (w > cols - 1)
            break;
        keep = k;
        i = k;
    }
    if (keep + 4 <= cap) {
        memcpy(s + keep, "\u2026", 4);
    } else {
        s[keep] = 0;
    }
}

/* v rounded to d decimals (NaN and infinities unchanged). */
static double round_to(double v, int d)
{
    if (!isfinite(v))
        return v;
    double s = pow(10, d);
    return nearbyint(v * s) / s;
}

/* A measure's weighted value: what the objective counts. */
static double measure_value(const juten_model *m, int j)
{
    return juten_model_measure_risk(m, j) *
           juten_model_area_weight(m, juten_model_measure_area(m, j));
}

/* "+M28 日本版NCFTAへの参画, +2 more": the most valuable measure joining at
 * point i (i > 0) and how many join with it; NULL when none joins. */
static char *point_label(const juten_model *m, const juten_frontier *f, int i, bool *nomem)
{
    const unsigned char *now = f->points[i].selected, *prev = f->points[i - 1].selected;
    int best = -1, joins = 0;
    for (int j = 0; j < juten_model_measure_count(m); j++)
        if (now[j] && !prev[j]) {
            joins++;
            if (best < 0 || measure_value(m, j) > measure_value(m, best))
                best = j;
        }
    if (best < 0)
        return NULL;
    char *nm = short_name(juten_model_measure_name(m, best));
    char cutnm[96];
    juten_str s = JUTEN_STR_INIT;
    if (nm) {
        snprintf(cutnm, sizeof cutnm, "%s", nm);
        cut_cols(cutnm, sizeof cutnm, 24);
        if (joins > 1)
            /* TRANSLATORS: a step of the trade-off curve: the measure
             * joining (id, name) and how many more join with it */
            juten_str_printf(&s, _("+%s %s, +%d more"), juten_model_measure_id(m, best), cutnm,
                             joins - 1);
        else
            juten_str_printf(&s, "+%s %s", juten_model_measure_id(m, best), cutnm);
    }
    free(nm);
    char *r = nm ? juten_str_take(&s) : NULL;
    if (!r)
        *nomem = true;
    return r;
}

enum { FRONTIER_LABELS = 5 };

juten_status juten_figure_frontier(const juten_plot_options *o, const juten_model *m,
                                   const juten_frontier *f, juten_plot_outcome *out,
                                   juten_diags *d)
{
    int n = f->n_points;
    bool rate = f->parameter == JUTEN_SWEEP_SAVINGS_RATE;
    double *x = malloc(((size_t)n + 1) * sizeof *x), *v = malloc(((size_t)n + 1) * sizeof *v),
           *lp = malloc(((size_t)n + 1) * sizeof *lp);
    char **lab = calloc((size_t)n + 1, sizeof *lab);
    char *title = chart_title(o, m, rate ? FX_FRONTIER_RATE_TITLE : FX_FRONTIER_TITLE);
    juten_status st = JUTEN_ERR_NOMEM;
    if (x && v && lp && lab && title) {
        st = JUTEN_OK;
        for (int i = 0; i < n; i++) {
            /* a savings rate is a share: in %, not in money */
            x[i] = rate ? 100 * f->points[i].at : f->points[i].at;
            v[i] = f->points[i].objective;
            lp[i] = f->points[i].lp_bound;
        }
        /* labels for the few steps that matter: the largest gains in value
         * (the first point's portfolio is not a step) */
        bool nomem = false;
        for (int k = 0; k < FRONTIER_LABELS; k++) {
            int best = -1;
            for (int i = 1; i < n; i++)
                if (!lab[i] && (best < 0 || v[i] - v[i - 1] > v[best] - v[best - 1]))
                    best = i;
            if (best < 0 || !(v[best] - v[best - 1] > 0))
                break;
            lab[best] = point_label(m, f, best, &nomem);
            if (!lab[best] && !nomem)
                lab[best] = calloc(1, 1); /* nothing joins: an empty label, not chosen again */
            if (!lab[best])
                nomem = true;
            if (nomem)
                break;
        }
        if (nomem)
            st = JUTEN_ERR_NOMEM;
        juten_plot_options fo = *o;
        fo.approximate = f->gap > 0;
        fo.cut = !f->complete;
        fo.title = title;
        char blab[160], amt[64];
        juten_precision pr;
        /* the caller's budget (--headroom, --savings-rate) before the scenario's */
        double hs = !rate && isfinite(o->budget)                ? o->budget
                    : isfinite(f->scenario_headroom) && f->grid ? f->scenario_headroom
                                                                : juten_model_headroom(m);
        double sr = rate && isfinite(o->budget) ? o->budget : juten_model_savings_rate(m);
        juten_precision_of(m, hs, sr, &pr);
        if (rate) {
            fo.currency = ""; /* the axis is a share */
            fo.budget = 100 * sr;
            juten_plot_num(amt, round_to(fo.budget, 1));
            /* TRANSLATORS: the rate in %, "80" */
            snprintf(blab, sizeof blab, _("scenario's savings rate: %s%%"), amt);
        } else {
            fo.budget = hs;
            char with[96];
            juten_text_amount(amt, hs, pr.money);
            snprintf(with, sizeof with, "%s%s%s", amt, o->currency && *o->currency ? " " : "",
                     o->currency ? o->currency : "");
            /* TRANSLATORS: the amount and its unit, "12 億円" */
            snprintf(blab, sizeof blab, _("scenario's headroom: %s"), with);
        }
        fo.budget_label = blab;
        if (st == JUTEN_OK)
            st = juten_plot_frontier(&fo, _(fig_text[rate ? FX_FRONTIER_RATE_X : FX_FRONTIER_X]),
                                     _(fig_text[FX_FRONTIER_Y]), n, x, v, lp,
                                     (const char *const *)lab, out, d);
    }
    for (int i = 0; lab && i < n; i++)
        free(lab[i]);
    free(lab);
    free(x);
    free(v);
    free(lp);
    free(title);
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
    char **shortn = calloc((size_t)n + 1, sizeof *shortn);
    char *title = chart_title(o, m, FX_RANKING_TITLE);
    if (id && name && area && entry && leaves && an && shortn && title) {
        int k = 0;
        st = JUTEN_OK;
        for (int i = 0; i < r->n; i++) {
            const juten_rank_entry *e = &r->entries[i];
            if (isnan(e->entry_at))
                continue;
            id[k] = juten_model_measure_id(m, e->measure);
            if (!(shortn[k] = short_name(juten_model_measure_name(m, e->measure))))
                st = JUTEN_ERR_NOMEM;
            name[k] = shortn[k];
            area[k] = juten_model_measure_area(m, e->measure);
            entry[k] = round_to(e->entry_at, pr.net); /* labelled with it */
            leaves[k] = !isnan(e->leaves_at);
            k++;
        }
        juten_plot_options fo = *o;
        fo.title = title;
        char amt[64], with[96], blab[160];
        fo.budget = r->scenario_headroom;
        juten_text_amount(amt, r->scenario_headroom, pr.money);
        snprintf(with, sizeof with, "%s%s%s", amt, o->currency && *o->currency ? " " : "",
                 o->currency ? o->currency : "");
        snprintf(blab, sizeof blab, _("scenario's headroom: %s"), with);
        fo.budget_label = blab;
        if (st == JUTEN_OK)
            st = juten_plot_ranking(&fo, n, id, name, area, entry, leaves,
                                    juten_model_area_count(m), an, out, d);
    }
    for (int i = 0; shortn && i < n; i++)
        free(shortn[i]);
    free(shortn);
    free(title);
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
        const char *const cols[] = {_(fig_text[FX_REQUESTED]), _(fig_text[FX_FUNDED])};
        char *title = chart_title(o, m, FX_ALLOCATION_TITLE);
        juten_plot_options fo = *o;
        fo.title = title;
        st = title ? juten_plot_allocation(&fo, na, an, mn, mx, 2, cols, share, out, d)
                   : JUTEN_ERR_NOMEM;
        free(title);
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
    bool *funded = malloc(((size_t)n + 1) * sizeof *funded);
    char *title = chart_title(o, m, FX_TORNADO_TITLE);
    if (lab && lo && hi && funded && title) {
        st = JUTEN_OK;
        for (int q = 0; q < n && st == JUTEN_OK; q++) {
            const juten_measure_explanation *e = &ex[idx[q]];
            const char *mid = juten_model_measure_id(m, e->measure);
            char *mname = short_name(juten_model_measure_name(m, e->measure));
            size_t len = strlen(mid) + (mname ? strlen(mname) : 0) + 4;
            if (!mname || !(lab[q] = malloc(len)))
                st = JUTEN_ERR_NOMEM;
            else
                snprintf(lab[q], len, "%s %s", mid, mname);
            free(mname);
            funded[q] = e->selected;
            lo[q] = e->selected ? margin[idx[q]] : 0.0;
            hi[q] = e->selected ? 0.0 : margin[idx[q]];
        }
        juten_plot_options fo = *o;
        fo.title = title;
        if (st == JUTEN_OK)
            st = juten_plot_tornado_funded(&fo, _(fig_text[FX_TORNADO_X]), n,
                                           (const char *const *)lab, lo, hi, funded, out, d);
    }
    free(funded);
    free(title);
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
    int n = c->n_price;
    double *buf = malloc((4 * (size_t)n + 1) * sizeof *buf);
    char (*names)[32] = malloc(((size_t)n + 1) * sizeof *names);
    const char **lab = malloc(((size_t)n + 1) * sizeof *lab);
    char *title = chart_title(o, m, FX_CONFIDENCE_TITLE);
    juten_status st = JUTEN_ERR_NOMEM;
    if (buf && names && lab && title) {
        double *p = buf, *lo = buf + n, *hi = buf + 2 * n, *v = buf + 3 * n;
        for (int i = 0; i < n; i++) {
            const juten_confidence_point *q = &c->price[i];
            p[i] = q->probability;
            lo[i] = q->ci_lo;
            hi[i] = q->ci_hi;
            v[i] = q->objective;
            if (q->robust)
                snprintf(names[i], sizeof names[i], "%s", _(fig_text[FX_ROBUST]));
            else if (q->target == 0)
                snprintf(names[i], sizeof names[i], "%s", _(fig_text[FX_NOMINAL]));
            else
                /* TRANSLATORS: the confidence level asked for, "P = 95%" */
                snprintf(names[i], sizeof names[i], _("P = %.10g%%"), 100 * q->target);
            lab[i] = names[i];
        }
        juten_plot_options fo = *o;
        fo.title = title;
        st = juten_plot_confidence(&fo, _(fig_text[c->objective == JUTEN_CONFIDENCE_MEAN
                                                       ? FX_CONFIDENCE_Y_MEAN
                                                       : FX_CONFIDENCE_Y_MODE]),
                                   n, lab, p, lo, hi, v, out, d);
    }
    free(title);
    free(buf);
    free(names);
    free(lab);
    return st;
}
