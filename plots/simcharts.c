/*
 * simcharts.c -- the charts of a Monte Carlo run: the distribution of a
 * money amount against a limit (histogram and cumulative share), selection
 * frequencies with their intervals, and the drivers of an amount as a
 * tornado of correlations.
 *
 * The same rules as charts.c: every caller text goes into the .dat file
 * through juten_plot_dat_str and the script reads it by column or from
 * arrays filled by stats; numbers the layout needs (bins, ranges, margins)
 * are computed here, in the order of the values given, so the files are
 * the same bytes however the values were computed.  The fixed texts of
 * each chart are in one table, marked for translation and written
 * translated as the data file's last block, read into juten_fix[] (one
 * language per chart; measure names are data and may be Japanese either
 * way: the fonts of plot.c show them).
 */
#include "plot_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fixed colours: green for what holds (and core measures), red for
 * what breaks, amber for borderline, grey for exterior; blue for what
 * lowers an amount. */
#define C_HOLDS "#59a14f"
#define C_BREAKS "#e15759"
#define C_BORDER "#f2b134"
#define C_EXTERIOR "#bab0ac"
#define C_LOWERS "#4e79a7"
#define C_LINE "#222222"
#define C_LIMIT "#1f3a93"

/* "no data" in the middle: the text is juten_fix[k] (1-based). */
static void write_empty(FILE *gp, int k)
{
    fputs("set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\nunset y2tics\n", gp);
    fprintf(gp, "set label 1 juten_fix[%d] at graph 0.5, graph 0.5 center font \",14\"\n", k);
    fputs("plot NaN notitle\n", gp);
}

/* A block of texts (index, text), loaded into the script's array `name`
 * (1-based) by stats: legend entries and labels the caller's data shape. */
static void write_texts(FILE *df, int n, const char *const *texts)
{
    for (int i = 0; i < n; i++) {
        fprintf(df, "%d\t", i);
        juten_plot_dat_str(df, texts[i], 0);
        fputc('\n', df);
    }
}

static void load_texts(FILE *gp, const char *name, int block, int n)
{
    fprintf(gp, "array %s[%d]\n", name, n);
    fprintf(gp, "stats juten_dat index %d using (%s[int($1) + 1] = strcol(2), 0) nooutput\n",
            block, name);
}

/* The chart's fixed texts, translated: the data file's last block (after
 * one of prev_rows rows), read into juten_fix[1..n].  The loading goes
 * first in the script, before any range is set (stats honours ranges). */
static void write_fixed(FILE *df, int prev_rows, const char *const *t, int n)
{
    juten_plot_dat_block(df, prev_rows);
    for (int i = 0; i < n; i++) {
        fprintf(df, "%d\t", i);
        juten_plot_dat_str(df, _(t[i]), 0);
        fputc('\n', df);
    }
}

/* A "nice" step near raw: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double raw)
{
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return m * p;
}

/* v with exactly `dec` decimals (0 to 3) and '.' whatever the locale,
 * sign first when plus is set ("+0.41"); buf: 48 bytes. */
static const char *fixed(char *buf, double v, int dec, bool plus)
{
    double s = pow(10, dec);
    double r = round(v * s) / s;
    char num[40];
    juten_plot_num(num, fabs(r));
    char *dot = strchr(num, '.');
    int have = dot ? (int)strlen(dot + 1) : 0;
    snprintf(buf, 48, "%s%s%s%.*s", r < 0 ? "-" : plus && r > 0 ? "+" : "",
             num, dot || dec == 0 ? "" : ".", dec - have, "000");
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Linear interpolation between order statistics of sorted s[0..n). */
static double quantile_sorted(const double *s, long n, double p)
{
    double h = p * (double)(n - 1);
    long i = (long)floor(h);
    if (i >= n - 1)
        return s[n - 1];
    return s[i] + (h - (double)i) * (s[i + 1] - s[i]);
}

/* ---- distribution against a limit ---- */

enum { DT_XLABEL, DT_YLABEL, DT_Y2LABEL, DT_EMPTY, DT_N };
static const char *const distribution_text[DT_N] = {
    [DT_XLABEL] = N_("value"),
    [DT_YLABEL] = N_("share of draws (%)"),
    [DT_Y2LABEL] = N_("cumulative share of draws (%)"),
    [DT_EMPTY] = N_("no data"),
};

juten_status juten_plot_distribution(const juten_plot_options *o, const char *xlabel, long n,
                                     const double *x, double limit, const char *const *legend,
                                     juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_distribution"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && !x) || !legend)
        return juten_plot_bad_args(d, "juten_plot_distribution: n must be >= 0 and x and "
                                      "the legend given");
    for (long i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return juten_plot_bad_args(d, "juten_plot_distribution: the values must be finite");
    double *s = malloc(((size_t)n + 1) * sizeof *s);
    char *xl = juten_plot_with_unit(xlabel ? xlabel : _(distribution_text[DT_XLABEL]), o->currency);
    if (!s || !xl) {
        free(s);
        free(xl);
        return JUTEN_ERR_NOMEM;
    }
    if (n > 0)
        memcpy(s, x, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);

    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "distribution",
        "# Block 1: legend texts: index, text (at or below the limit, above it, cumulative,\n"
        "#          the limit).\n"
        "# Block 2: bins (right-closed, one edge at the limit): centre, width, share of\n"
        "#          values in % at or below the limit, the same above it.\n"
        "# Block 3: cumulative share: value, % of values at or below it.\n"
        "# Block 4: the chart's texts: index, text.\n",
        1200, 720, xl, _(distribution_text[DT_YLABEL]), d);
    free(xl);
    if (st != JUTEN_OK) {
        free(s);
        return st;
    }
    FILE *df = j.dat.f, *gp = j.gp.f;
    load_texts(gp, "juten_fix", 4, DT_N);
    juten_plot_dat_block(df, 1);
    write_texts(df, 4, legend);
    juten_plot_dat_block(df, 4);
    if (n == 0) {
        juten_plot_dat_block(df, 0);
        write_fixed(df, 0, distribution_text, DT_N);
        write_empty(gp, DT_EMPTY + 1);
        free(s);
        return juten_plot_finish(&j, out);
    }

    double lo = s[0], hi = s[n - 1];
    double span = hi - lo;
    bool lim = isfinite(limit);
    /* the limit is drawn when it is near the data; far away it would
     * squeeze the histogram into a corner, so the legend says where it is */
    bool lim_shown = lim && limit >= lo - 0.5 * (span > 0 ? span : 1) &&
                     limit <= hi + 0.5 * (span > 0 ? span : 1);
    /* bin width: Freedman-Diaconis, kept between 12 and 60 bins over the
     * data, rounded to a nice step so the edges read well */
    double iqr = quantile_sorted(s, n, 0.75) - quantile_sorted(s, n, 0.25);
    double w = iqr > 0 ? 2 * iqr / cbrt((double)n) : span / 20;
    if (span > 0) {
        if (w < span / 60)
            w = span / 60;
        if (w > span / 12)
            w = span / 12;
    }
    if (!(w > 0))
        w = fabs(lo) > 0 ? fabs(lo) * 0.05 : 1;
    w = nice_step(w);
    /* edges at anchor + k w; the anchor is the limit so that every bin is
     * wholly on one side of it.  A limit off the chart is on one side of
     * every bin anyway: then the edges are round multiples of w near the
     * data (and the bin numbers stay small whatever the limit). */
    double anchor = lim_shown ? limit : floor(lo / w) * w;
    long k0 = (long)ceil((lo - anchor) / w) - 1, k1 = (long)ceil((hi - anchor) / w) - 1;
    long nb = k1 - k0 + 1;
    long *count = calloc((size_t)nb, sizeof *count);
    if (!count) {
        free(s);
        juten_plot_job_abort(&j);
        return JUTEN_ERR_NOMEM;
    }
    for (long i = 0; i < n; i++) {
        long k = (long)ceil((x[i] - anchor) / w) - 1 - k0;
        count[k < 0 ? 0 : k >= nb ? nb - 1 : k]++;
    }
    double ymax = 0;
    bool any_in = false, any_over = false;
    char a1[40], a2[40];
    for (long k = 0; k < nb; k++) {
        double e0 = anchor + (double)(k + k0) * w, e1 = e0 + w;
        double share = 100.0 * (double)count[k] / (double)n;
        bool in = !lim || e1 <= limit + 1e-9 * w;
        fprintf(df, "%s\t%s\t", juten_plot_num(a1, (e0 + e1) / 2), juten_plot_num(a2, w));
        juten_plot_dat_num(df, in ? share : NAN);
        fputc('\t', df);
        juten_plot_dat_num(df, in ? NAN : share);
        fputc('\n', df);
        if (count[k] > 0) {
            any_in = any_in || in;
            any_over = any_over || !in;
        }
        if (share > ymax)
            ymax = share;
    }
    double xlo = anchor + (double)k0 * w, xhi = anchor + (double)(k1 + 1) * w;
    if (lim_shown) {
        xlo = fmin(xlo, limit);
        xhi = fmax(xhi, limit);
    }
    double pad = (xhi - xlo) * 0.03;
    xlo -= pad;
    xhi += pad;
    /* the cumulative share: every value when few (a true staircase), else
     * on a grid of 500 points across the axis */
    juten_plot_dat_block(df, (int)nb);
    bool exact = n <= 1000;
    if (exact) {
        fprintf(df, "%s\t0\n", juten_plot_num(a1, xlo));
        for (long i = 0; i < n; i++)
            if (i == n - 1 || s[i + 1] != s[i])
                fprintf(df, "%s\t%s\n", juten_plot_num(a1, s[i]),
                        juten_plot_num(a2, 100.0 * (double)(i + 1) / (double)n));
        fprintf(df, "%s\t100\n", juten_plot_num(a1, xhi));
    } else {
        long i = 0;
        for (int g = 0; g <= 500; g++) {
            double v = xlo + (xhi - xlo) * g / 500.0;
            while (i < n && s[i] <= v)
                i++;
            fprintf(df, "%s\t%s\n", juten_plot_num(a1, v),
                    juten_plot_num(a2, 100.0 * (double)i / (double)n));
        }
    }
    free(count);
    free(s);
    write_fixed(df, 1, distribution_text, DT_N);

    load_texts(gp, "juten_txt", 1, 4);
    fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a1, xlo), juten_plot_num(a2, xhi));
    fprintf(gp, "set yrange [0:%s]\n", juten_plot_num(a1, ymax > 0 ? ymax * 1.12 : 1));
    fprintf(gp, "set y2label juten_fix[%d] noenhanced\n", DT_Y2LABEL + 1);
    fputs("set y2range [0:112]\n"
          "set y2tics 0, 20, 100 nomirror\n"
          "set ytics nomirror\n"
          "set xtics nomirror\n"
          "set mxtics\n"
          "set grid xtics ytics lc rgb \"#e4e4e4\" lw 1\n"
          "set border 11\n"
          /* below the plot, clear of the axis label: a legend inside
           * would sit on bars or the curve */
          "set key below center horizontal Left reverse samplen 2.5 spacing 1.2 width 2 height 1.5\n"
          "set style fill solid 0.85 border lc rgb \"#ffffff\"\n",
          gp);
    if (lim_shown)
        fprintf(gp, "set arrow 1 from %s, graph 0 to %s, graph 1 nohead lw 2.5 dt 2 lc rgb \""
                    C_LIMIT "\" front\n",
                juten_plot_num(a1, limit), juten_plot_num(a2, limit));
    fputs("plot NaN notitle", gp);
    if (any_in)
        fputs(", \\\n     juten_dat index 2 using 1:3:2 with boxes lc rgb \"" C_HOLDS "\" "
              "title juten_txt[1]",
              gp);
    if (any_over)
        fputs(", \\\n     juten_dat index 2 using 1:4:2 with boxes lc rgb \"" C_BREAKS "\" "
              "title juten_txt[2]",
              gp);
    fprintf(gp, ", \\\n     juten_dat index 3 using 1:2 axes x1y2 with %s lw 2.5 lc rgb \"" C_LINE
                "\" title juten_txt[3]",
            exact ? "steps" : "lines");
    /* the limit: an arrow across the graph, and a legend entry alone */
    if (lim_shown)
        fputs(", \\\n     NaN with lines lw 2.5 dt 2 lc rgb \"" C_LIMIT "\" title juten_txt[4]", gp);
    else if (lim)
        fputs(", \\\n     NaN with lines lw 0 lc rgb \"#ffffff\" title juten_txt[4]", gp);
    fputc('\n', gp);
    return juten_plot_finish(&j, out);
}

/* ---- selection frequencies ---- */

/* The first three are the classes' keys, in class order (0 core, 1
 * borderline, 2 exterior). */
enum { ST_CORE, ST_BORDER, ST_EXTERIOR, ST_CI, ST_MARKED, ST_XLABEL, ST_EMPTY, ST_N };
static const char *const selection_text[ST_N] = {
    /* xgettext:no-c-format */
    [ST_CORE] = N_("core (in at least 90% of draws)"),
    [ST_BORDER] = N_("borderline"),
    /* xgettext:no-c-format */
    [ST_EXTERIOR] = N_("exterior (in at most 10%)"),
    /* xgettext:no-c-format */
    [ST_CI] = N_("95% interval (Wilson)"),
    [ST_MARKED] = N_("in the portfolio simulated"),
    [ST_XLABEL] = N_("selected in this share of the draws with a portfolio (%)"),
    [ST_EMPTY] = N_("no data"),
};

juten_status juten_plot_selection(const juten_plot_options *o, int n, const char *const *id,
                                  const char *const *name, const double *frequency,
                                  const double *ci_lo, const double *ci_hi, const int *cls,
                                  const bool *marked, juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_selection"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && (!id || !frequency || !cls)))
        return juten_plot_bad_args(d, "juten_plot_selection: n must be >= 0 and id, frequency "
                                      "and cls given");
    for (int i = 0; i < n; i++)
        if (cls[i] < 0 || cls[i] > 2)
            return juten_plot_bad_args(d, "juten_plot_selection: a class must be 0 (core), 1 "
                                          "(borderline) or 2 (exterior)");
    enum { NAME_COLS = 30 };
    char **tick = calloc((size_t)(n > 0 ? n : 1), sizeof *tick);
    if (!tick)
        return JUTEN_ERR_NOMEM;
    int maxw = 4;
    juten_status st = JUTEN_OK;
    for (int i = 0; i < n && st == JUTEN_OK; i++) {
        const char *nm = name && name[i] ? name[i] : "";
        const char *ident = id[i] ? id[i] : "";
        size_t len = strlen(ident) + strlen(nm) + 3;
        if (!(tick[i] = malloc(len))) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        snprintf(tick[i], len, "%s%s%s", ident, *ident && *nm ? "  " : "", nm);
        int tw = juten_plot_text_width(tick[i], NAME_COLS);
        if (tw > maxw)
            maxw = tw;
    }
    juten_plot_job j;
    /* 20 px a row: 70 measures still fit a tall slide */
    int height = n > 12 ? 200 + 20 * n : 480;
    if (st == JUTEN_OK)
        st = juten_plot_job_open(
            &j, o, "selection",
            "# Block 1: measures, top first: index, row (top = n), class (0 core, 1\n"
            "#          borderline, 2 exterior), frequency %, interval low %, high %, in\n"
            "#          the portfolio (1/0), tick label (cut), frequency as text, id, name.\n"
            "# Block 2: the chart's texts: index, text.\n",
            1200, height, _(selection_text[ST_XLABEL]), NULL, d);
    if (st != JUTEN_OK)
        goto done;
    FILE *df = j.dat.f, *gp = j.gp.f;
    load_texts(gp, "juten_fix", 2, ST_N);
    juten_plot_dat_block(df, 1);
    bool has[3] = {false, false, false}, any_mark = false, any_ci = false;
    for (int i = 0; i < n; i++) {
        double f = frequency[i] * 100;
        double l = ci_lo ? ci_lo[i] * 100 : NAN, h = ci_hi ? ci_hi[i] * 100 : NAN;
        bool mk = marked && marked[i];
        fprintf(df, "%d\t%d\t%d\t", i, n - i, cls[i]);
        juten_plot_dat_num(df, f);
        fputc('\t', df);
        juten_plot_dat_num(df, l);
        fputc('\t', df);
        juten_plot_dat_num(df, h);
        fprintf(df, "\t%d\t", mk ? 1 : 0);
        juten_plot_dat_str(df, tick[i], NAME_COLS);
        fputc('\t', df);
        char t[48], num[48];
        snprintf(t, sizeof t, "%s%%", fixed(num, f, 1, false));
        juten_plot_dat_str(df, isfinite(f) ? t : NULL, 0);
        fputc('\t', df);
        juten_plot_dat_str(df, id[i], 0);
        fputc('\t', df);
        juten_plot_dat_str(df, name ? name[i] : NULL, 0);
        fputc('\n', df);
        if (isfinite(f))
            has[cls[i]] = true;
        any_mark = any_mark || mk;
        any_ci = any_ci || (isfinite(l) && isfinite(h));
    }
    write_fixed(df, n, selection_text, ST_N);
    if (n == 0) {
        write_empty(gp, ST_EMPTY + 1);
    } else {
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        fprintf(gp, "set yrange [0.3:%d.7]\n", n);
        /* 0-100 % for the bars, then room for the value labels and, past
         * 112, the column that marks the portfolio's measures */
        fputs("set xrange [0:118]\n"
              "set xtics 0, 10, 100 nomirror\n"
              "set ytics scale 0 nomirror font \",9\"\n"
              "set grid xtics lc rgb \"#e4e4e4\"\n"
              "set border 3\n"
              "set key below center horizontal Left reverse samplen 1.5 spacing 1.2 width 2 height 1\n"
              "set style fill solid 0.9 border lc rgb \"#666666\"\n"
              "set style textbox opaque noborder margins 0.5,0.3\n"
              /* the class limits */
              "set arrow 1 from 10, graph 0 to 10, graph 1 nohead dt 2 lw 1 lc rgb \"#777777\" back\n"
              "set arrow 2 from 90, graph 0 to 90, graph 1 nohead dt 2 lw 1 lc rgb \"#777777\" back\n",
              gp);
        fputs("plot juten_dat index 1 using (0):2:ytic(8) with points pt -1 notitle", gp);
        static const char *const ccolour[] = {C_HOLDS, C_BORDER, C_EXTERIOR};
        for (int c = 0; c < 3; c++)
            if (has[c])
                fprintf(gp, ", \\\n     juten_dat index 1 using ($3 == %d ? $4 / 2 : NaN):2:(0):4:"
                            "($2 - 0.36):($2 + 0.36) with boxxyerror lc rgb \"%s\" "
                            "title juten_fix[%d]",
                        c, ccolour[c], ST_CORE + c + 1);
        if (any_ci)
            fprintf(gp, ", \\\n     juten_dat index 1 using 4:2:5:6 with xerrorbars pt -1 lw 1.2 "
                        "lc rgb \"" C_LINE "\" title juten_fix[%d]",
                    ST_CI + 1);
        /* on an opaque box, so a class line never crosses a value */
        fputs(", \\\n     juten_dat index 1 using ($6 == $6 ? $6 : $4):2:9 with labels boxed left "
              "offset 0.5,0 font \",8\" tc rgb \"#333333\" notitle",
              gp);
        if (any_mark)
            fprintf(gp, ", \\\n     juten_dat index 1 using ($7 == 1 ? 115 : NaN):2 with points "
                        "pt 13 ps 1.1 lc rgb \"" C_LINE "\" title juten_fix[%d]",
                    ST_MARKED + 1);
        fputc('\n', gp);
    }
    st = juten_plot_finish(&j, out);
done:
    for (int i = 0; i < n; i++)
        free(tick[i]);
    free(tick);
    return st;
}

/* ---- drivers ---- */

enum { RV_RAISES, RV_LOWERS, RV_XLABEL, RV_EMPTY, RV_N };
static const char *const drivers_text[RV_N] = {
    [RV_RAISES] = N_("a higher estimate raises the net balance"),
    [RV_LOWERS] = N_("a higher estimate lowers the net balance"),
    [RV_XLABEL] = N_("correlation"),
    [RV_EMPTY] = N_("no data"),
};

juten_status juten_plot_drivers(const juten_plot_options *o, const char *xlabel, int n,
                                const char *const *label, const double *value,
                                juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_drivers"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && (!label || !value)))
        return juten_plot_bad_args(d, "juten_plot_drivers: n must be >= 0 and label and value "
                                      "given");
    enum { LABEL_COLS = 40 };
    int maxw = 4;
    double m = 0;
    for (int i = 0; i < n; i++) {
        int w = juten_plot_text_width(label[i], LABEL_COLS);
        if (w > maxw)
            maxw = w;
        if (isfinite(value[i]) && fabs(value[i]) > m)
            m = fabs(value[i]);
    }
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "drivers",
        "# Block 1: drivers, top first: index, row (top = n), value if positive, value if\n"
        "#          negative, label as drawn (cut), value as text, label.\n"
        "# Block 2: the chart's texts: index, text.\n",
        1200, n > 12 ? 220 + 26 * n : 560, xlabel ? xlabel : _(drivers_text[RV_XLABEL]), NULL, d);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    load_texts(gp, "juten_fix", 2, RV_N);
    juten_plot_dat_block(df, 1);
    bool any_pos = false, any_neg = false;
    for (int i = 0; i < n; i++) {
        double v = value[i];
        fprintf(df, "%d\t%d\t", i, n - i);
        juten_plot_dat_num(df, v > 0 ? v : NAN);
        fputc('\t', df);
        juten_plot_dat_num(df, v < 0 ? v : NAN);
        fputc('\t', df);
        juten_plot_dat_str(df, label[i], LABEL_COLS);
        fputc('\t', df);
        char t[48];
        if (isfinite(v))
            fixed(t, v, 2, true);
        juten_plot_dat_str(df, isfinite(v) ? t : NULL, 0);
        fputc('\t', df);
        juten_plot_dat_str(df, label[i], 0);
        fputc('\n', df);
        any_pos = any_pos || v > 0;
        any_neg = any_neg || v < 0;
    }
    write_fixed(df, n, drivers_text, RV_N);
    if (n == 0) {
        write_empty(gp, RV_EMPTY + 1);
    } else {
        char a1[40], a2[40];
        /* symmetric, so left and right compare at a glance; room for labels */
        double e = m > 0 ? m * 1.25 : 1;
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        fprintf(gp, "set yrange [0.4:%d]\n", n + 1);
        fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a1, -e), juten_plot_num(a2, e));
        fputs("set ytics scale 0 nomirror font \",10\"\n"
              "set xtics nomirror\n"
              "set grid xtics lc rgb \"#e4e4e4\"\n"
              "set border 1\n"
              "set key below center horizontal Left reverse samplen 1.5 spacing 1.2 width 2 height 1\n"
              "set style fill solid 0.9 border lc rgb \"#555555\"\n"
              "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lw 2 lc rgb \"" C_LINE "\" front\n",
              gp);
        fputs("plot juten_dat index 1 using (0):2:ytic(5) with points pt -1 notitle", gp);
        if (any_pos)
            fputs(", \\\n     juten_dat index 1 using ($3 / 2):2:(0):3:($2 - 0.34):($2 + 0.34) "
                  "with boxxyerror lc rgb \"" C_BREAKS "\" title juten_fix[1], \\\n"
                  "     juten_dat index 1 using 3:2:6 with labels left offset 0.5,0 font \",9\" "
                  "notitle",
                  gp);
        if (any_neg)
            fputs(", \\\n     juten_dat index 1 using ($4 / 2):2:4:(0):($2 - 0.34):($2 + 0.34) "
                  "with boxxyerror lc rgb \"" C_LOWERS "\" title juten_fix[2], \\\n"
                  "     juten_dat index 1 using 4:2:6 with labels right offset -0.5,0 font \",9\" "
                  "notitle",
                  gp);
        fputc('\n', gp);
    }
    return juten_plot_finish(&j, out);
}
