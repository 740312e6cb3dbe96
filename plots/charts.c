/*
 * charts.c -- the juten charts of the decision: frontier, ranking, allocation, tornado,
 * and the price of confidence.
 *
 * Each writer checks its arguments, writes its data blocks (every caller
 * text through juten_plot_dat_str, see plot_int.h) and the plot commands,
 * which refer to those texts by column (ytic(6), strcol(2), arrays filled by
 * stats) and never by value.  Layout numbers the script needs -- counts,
 * ranges, margins wide enough for the longest Japanese name -- are computed
 * here and written as numbers.  A plot element that would have no points is
 * left out, because gnuplot fails on a plot with nothing in it and warns
 * about an element with nothing in it.
 */
#include "plot_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void juten_plot_options_init(juten_plot_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->terminal = JUTEN_PLOT_PNG;
    o->output = NULL;
    o->timeout = 30;
    o->gnuplot = "gnuplot";
    o->title = NULL;
    o->currency = "";
    o->budget = NAN;
    o->budget_label = NULL;
}

bool juten_plot_terminal_parse(const char *s, juten_plot_terminal *out)
{
    static const struct { const char *name; juten_plot_terminal t; } names[] = {
        {"png", JUTEN_PLOT_PNG}, {"svg", JUTEN_PLOT_SVG}, {"pdf", JUTEN_PLOT_PDF}};
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            if (out)
                *out = names[i].t;
            return true;
        }
    return false;
}

/* ---- shared pieces ---- */

/* Distinct, colour-blind-friendly fills (Tableau 10), cycled. */
static const char *const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
enum { PALETTE_N = (int)(sizeof palette / sizeof palette[0]) };

void juten_plot_write_palette(FILE *gp)
{
    for (int i = 0; i < PALETTE_N; i++)
        fprintf(gp, "set linetype %d lc rgb \"%s\" lw 1.5 pt 7\n", i + 1, palette[i]);
    fprintf(gp, "set linetype cycle %d\n", PALETTE_N);
}

/* "no data" in the middle of an empty chart; the text is juten_txt[k]
 * (1-based), loaded from the data file like every other text. */
static void write_empty(FILE *gp, int k)
{
    fputs("set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\n", gp);
    fprintf(gp, "set label 1 juten_txt[%d] at graph 0.5, graph 0.5 center font \",14\"\n", k);
    fputs("plot NaN notitle\n", gp);
}

static void write_end(FILE *gp)
{
    fputs("unset output\n", gp);
}

juten_status juten_plot_bad_args(juten_diags *d, const char *what)
{
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "%s", what);
    return JUTEN_ERR_USAGE;
}

/* How every chart starts: nothing rendered yet in *out (may be NULL), and
 * false (with the sentence in d) when fn was given no options. */
bool juten_plot_begin(const juten_plot_options *o, juten_plot_outcome *out, juten_diags *d,
                      const char *fn)
{
    if (out) {
        out->rendered = false;
        out->files_kept = false;
        out->message[0] = 0;
    }
    if (!o)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "%s: no options", fn);
    return o != NULL;
}

/* "label (currency)", or label alone; caller frees. */
char *juten_plot_with_unit(const char *label, const char *currency)
{
    const char *l = label ? label : "";
    const char *c = currency ? currency : "";
    size_t n = strlen(l) + strlen(c) + 8;
    char *s = malloc(n);
    if (!s)
        return NULL;
    if (*c)
        snprintf(s, n, *l ? "%s (%s)" : "%s(%s)", l, c);
    else
        snprintf(s, n, "%s", l);
    return s;
}

/* A money amount as a planner reads it: at most 2 decimals, no trailing
 * zeros.  buf: 40 bytes. */
static const char *amount(char *buf, double v)
{
    return juten_plot_num(buf, isfinite(v) ? round(v * 100) / 100 : v);
}

/* Left margin (in character widths) for tick labels of w display columns
 * at the ",10" tick font; wide characters are about two columns. */
int juten_plot_margin_for(int w)
{
    return (int)ceil(w * 0.9) + 2;
}

/* Image height for one bar per row: about 24 px a row plus the title, axis
 * and margins, so bars neither crowd nor bloat. */
int juten_plot_rows_height(int n)
{
    return n > 10 ? 160 + 24 * n : 400;
}

juten_status juten_plot_finish(juten_plot_job *j, juten_plot_outcome *out)
{
    write_end(j->gp.f);
    return juten_plot_job_finish(j, out);
}

/* ---- frontier ---- */

/* The chart's own texts, in English and marked for translation (po/ja.po),
 * in one place; they are written translated into the .dat file (a text
 * block read into juten_txt[]), never into the script, like every other
 * text, so a translation can hold any character.  One language per chart:
 * every fixed text on it goes through _(). */
enum { FT_OPTIMAL, FT_APPROX, FT_LP, FT_BUDGET, FT_XLABEL, FT_YLABEL, FT_EMPTY, FT_N };
static const char *const frontier_text[FT_N] = {
    [FT_OPTIMAL] = N_("optimal value"),
    [FT_APPROX] = N_("best value found (within the gap)"),
    [FT_LP] = N_("LP-relaxation bound"),
    [FT_BUDGET] = N_("scenario's budget"),
    [FT_XLABEL] = N_("budget"),
    [FT_YLABEL] = N_("value"),
    [FT_EMPTY] = N_("no data"),
};

/* A text block: index, text; the last block of the file. */
static void write_texts(FILE *df, int prev_rows, const char *const *t, int n)
{
    juten_plot_dat_block(df, prev_rows);
    for (int i = 0; i < n; i++) {
        fprintf(df, "%d\t", i);
        juten_plot_dat_str(df, _(t[i]), 0);
        fputc('\n', df);
    }
}

/* Load that block into juten_txt[1..n]; before any range is set. */
static void load_texts(FILE *gp, int block, int n)
{
    fprintf(gp, "array juten_txt[%d]\n", n);
    fprintf(gp, "stats juten_dat index %d using (juten_txt[int($1) + 1] = strcol(2), 0) nooutput\n",
            block);
}

/* Plot area of the 1200 x 700 frontier image in pixels (about: gnuplot's
 * margins at the ",11" font), and the ",9" label font's metrics: enough to
 * keep labels apart and off the curve. */
enum { FR_W = 1200, FR_H = 700, FR_PLOT_W = 1080, FR_PLOT_H = 580 };
#define FR_COL_PX 6.8
#define FR_LINE_PX 15.0

typedef struct fr_box { double x0, x1, y0, y1; } fr_box;

static bool fr_overlaps(const fr_box *a, const fr_box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* The step curve's value at xq (the value of the last breakpoint at or
 * before it); -HUGE_VAL before the first. */
static double fr_curve(int n, const double *x, const double *v, double xq)
{
    double c = -HUGE_VAL;
    for (int i = 0; i < n && x[i] <= xq; i++)
        c = v[i];
    return c;
}

enum { FR_LABEL_COLS = 40 };

juten_status juten_plot_frontier(const juten_plot_options *o, const char *xlabel, const char *ylabel,
                                 int n, const double *x, const double *value, const double *lp_bound,
                                 const char *const *label, juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_frontier"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && (!x || !value)))
        return juten_plot_bad_args(d, "juten_plot_frontier: n must be >= 0 and x and value given");
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(value[i]))
            return juten_plot_bad_args(d, "juten_plot_frontier: x and value must be finite numbers");
        if (i > 0 && x[i] < x[i - 1])
            return juten_plot_bad_args(d, "juten_plot_frontier: x must be in increasing order");
    }
    char *xl = juten_plot_with_unit(xlabel ? xlabel : _(frontier_text[FT_XLABEL]), o->currency);
    if (!xl)
        return JUTEN_ERR_NOMEM;
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "frontier",
        "# Block 1: breakpoints: x, value, LP bound, label as drawn (cut), label, where the\n"
        "#          label is drawn (x, y; NaN: not drawn, no room).\n"
        "# Block 2: the step curve: x, value (the last step drawn a little further).\n"
        "# Block 3: the scenario's budget: x, where its label is drawn (x, y), label, the\n"
        "#          optimal value there (NaN: below the first breakpoint).\n"
        "# Block 4: the chart's texts: index, text.\n",
        FR_W, FR_H, xl, ylabel ? ylabel : _(frontier_text[FT_YLABEL]), d);
    free(xl);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    bool budget = isfinite(o->budget) && n > 0;
    const char *blabel = o->budget_label && *o->budget_label ? o->budget_label
                                                             : _(frontier_text[FT_BUDGET]);

    /* ranges: x from the data (and the budget), y fitted to the values */
    double lo = n ? x[0] : 0, hi = n ? x[n - 1] : 1;
    double span = hi - lo > 0 ? hi - lo : 1;
    double xr0 = lo - span * 0.02, xr1 = hi + span * 0.08;
    if (budget) {
        xr0 = fmin(xr0, o->budget - span * 0.04);
        xr1 = fmax(xr1, o->budget + span * 0.04);
    }
    double ylo = HUGE_VAL, yhi = -HUGE_VAL;
    for (int i = 0; i < n; i++) {
        ylo = fmin(ylo, value[i]);
        yhi = fmax(yhi, value[i]);
        if (lp_bound && isfinite(lp_bound[i])) {
            ylo = fmin(ylo, lp_bound[i]);
            yhi = fmax(yhi, lp_bound[i]);
        }
    }
    if (n == 0)
        ylo = 0, yhi = 1;
    double yspan = yhi - ylo > 0 ? yhi - ylo : fmax(1.0, fabs(yhi) * 0.1);
    /* room below the curve for the labels; 0 only when the data start there */
    double yr0 = ylo - yspan * 0.10, yr1 = yhi + yspan * 0.08;
    if (ylo >= 0 && yr0 < 0)
        yr0 = 0;
    double px = FR_PLOT_W / (xr1 - xr0), py = FR_PLOT_H / (yr1 - yr0); /* pixels per unit */
    double lh = FR_LINE_PX / py, gapx = 6 / px;

    /* labels: each below the curve beside its point, away from the others,
     * the key (top left) and the budget's line and label */
    double *lx = malloc(((size_t)n + 1) * sizeof *lx), *ly = malloc(((size_t)n + 1) * sizeof *ly);
    fr_box *placed = malloc(((size_t)n + 3) * sizeof *placed);
    if (!lx || !ly || !placed) {
        free(lx);
        free(ly);
        free(placed);
        juten_plot_job_abort(&j);
        return JUTEN_ERR_NOMEM;
    }
    int np = 0;
    placed[np++] = (fr_box){xr0, xr0 + 300 / px, yr1 - 70 / py, yr1}; /* the key */
    double bx = NAN, by = NAN;
    if (budget) {
        double w = (juten_plot_text_width(blabel, 0) * FR_COL_PX + 4) / px;
        /* at the bottom, right of the line if it fits, else left of it */
        bx = o->budget + gapx + w < xr1 ? o->budget + gapx : o->budget - gapx - w;
        by = yr0 + 0.8 * lh;
        placed[np++] = (fr_box){bx, bx + w, by - 0.6 * lh, by + 0.6 * lh};
    }
    for (int i = 0; i < n; i++) {
        lx[i] = ly[i] = NAN;
        if (!label || !label[i] || !*label[i])
            continue;
        double w = (juten_plot_text_width(label[i], FR_LABEL_COLS) * FR_COL_PX + 4) / px;
        for (int side = 0; side < 2 && isnan(lx[i]); side++) {
            double x0 = side == 0 ? x[i] + gapx : x[i] - gapx - w;
            if (x0 < xr0 || x0 + w > xr1)
                continue;
            /* the curve is non-decreasing: over the label its lowest is at x0 */
            double top = fmin(fr_curve(n, x, value, x0), value[i]) - 0.5 * lh;
            for (int k = 0; k < 4; k++, top -= 1.1 * lh) { /* near its point, or not at all */
                fr_box b = {x0, x0 + w, top - lh, top};
                if (b.y0 < yr0 + 0.1 * lh || value[i] - top > 4 * lh)
                    break; /* off the axis, or too far from its point to be read with it */
                bool clash = budget && b.x0 < o->budget && o->budget < b.x1;
                for (int q = 0; q < np && !clash; q++)
                    clash = fr_overlaps(&b, &placed[q]);
                if (!clash) {
                    placed[np++] = b;
                    lx[i] = x0;
                    ly[i] = top - lh / 2;
                    break;
                }
            }
        }
    }

    juten_plot_dat_block(df, 1);
    bool any_lp = false, any_label = false;
    for (int i = 0; i < n; i++) {
        juten_plot_dat_num(df, x[i]);
        fputc('\t', df);
        juten_plot_dat_num(df, value[i]);
        fputc('\t', df);
        double lp = lp_bound ? lp_bound[i] : NAN;
        any_lp = any_lp || isfinite(lp);
        juten_plot_dat_num(df, lp);
        fputc('\t', df);
        juten_plot_dat_str(df, label ? label[i] : NULL, FR_LABEL_COLS);
        fputc('\t', df);
        juten_plot_dat_str(df, label ? label[i] : NULL, 0);
        fputc('\t', df);
        juten_plot_dat_num(df, lx[i]);
        fputc('\t', df);
        juten_plot_dat_num(df, ly[i]);
        fputc('\n', df);
        any_label = any_label || !isnan(lx[i]);
    }
    free(lx);
    free(ly);
    free(placed);
    juten_plot_dat_block(df, n);
    if (n > 0) {
        for (int i = 0; i < n; i++) {
            juten_plot_dat_num(df, x[i]);
            fputc('\t', df);
            juten_plot_dat_num(df, value[i]);
            fputc('\n', df);
        }
        /* the last value holds on: to the budget when it lies beyond, unless
         * the list was cut there (more breakpoints may follow: drawing the
         * last value on would show a value the round may not have) */
        double end = x[n - 1] + (o->cut ? 0 : span > 0 && hi > lo ? span * 0.04 : 1);
        if (budget && o->budget > end && !o->cut)
            end = o->budget;
        juten_plot_dat_num(df, end);
        fputc('\t', df);
        juten_plot_dat_num(df, value[n - 1]);
        fputc('\n', df);
    }
    juten_plot_dat_block(df, n > 0 ? n + 1 : 0);
    if (budget) {
        juten_plot_dat_num(df, o->budget);
        fputc('\t', df);
        juten_plot_dat_num(df, bx);
        fputc('\t', df);
        juten_plot_dat_num(df, by);
        fputc('\t', df);
        juten_plot_dat_str(df, blabel, 0);
        fputc('\t', df);
        double at = fr_curve(n, x, value, o->budget);
        if (o->cut && o->budget > x[n - 1])
            at = NAN; /* beyond a cut list the curve's value there is unknown */
        juten_plot_dat_num(df, isfinite(at) ? at : NAN);
        fputc('\n', df);
    }
    write_texts(df, budget ? 1 : 0, frontier_text, FT_N);

    load_texts(gp, 4, FT_N);
    if (n == 0) {
        write_empty(gp, FT_EMPTY + 1);
        return juten_plot_finish(&j, out);
    }
    char a[40], b[40];
    fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a, xr0), juten_plot_num(b, xr1));
    /* a fixed y range: autoscale would round 190 up to 250, or start at 0 */
    fprintf(gp, "set yrange [%s:%s]\n", juten_plot_num(a, yr0), juten_plot_num(b, yr1));
    fputs("set grid xtics ytics lc rgb \"#dddddd\" lw 1\n"
          "set key top left Left reverse box opaque samplen 3\n"
          "set xtics nomirror\nset ytics nomirror\n"
          "set border 3\n",
          gp);
    if (budget)
        fprintf(gp, "set arrow 1 from %s, graph 0 to %s, graph 1 nohead lw 2 dt 2 "
                    "lc rgb \"#6a3d9a\" back\n",
                juten_plot_num(a, o->budget), juten_plot_num(b, o->budget));
    fprintf(gp, "plot juten_dat index 2 using 1:2 with steps lw 2.5 lc rgb \"#1f5fa8\" "
                "title juten_txt[%d]",
            (o->approximate ? FT_APPROX : FT_OPTIMAL) + 1);
    if (any_lp)
        fprintf(gp, ", \\\n     juten_dat index 1 using 1:3 with lines dt 2 lw 1.5 lc rgb \"#c0392b\" "
                    "title juten_txt[%d]",
                FT_LP + 1);
    fputs(", \\\n     juten_dat index 1 using 1:2 with points pt 7 ps 0.8 lc rgb \"#1f5fa8\" "
          "notitle",
          gp);
    if (any_label)
        fputs(", \\\n     juten_dat index 1 using ($6 == $6 ? $1 : NaN):2 with points pt 6 ps 1.8 "
              "lw 1.5 lc rgb \"#222222\" notitle"
              ", \\\n     juten_dat index 1 using 6:7:4 with labels left font \",9\" "
              "tc rgb \"#222222\" notitle",
              gp);
    if (budget)
        fputs(", \\\n     juten_dat index 3 using 2:3:4 with labels left font \",10\" "
              "tc rgb \"#6a3d9a\" notitle"
              ", \\\n     juten_dat index 3 using 1:5 with points pt 9 ps 2 lc rgb \"#6a3d9a\" "
              "notitle",
              gp);
    fputc('\n', gp);
    return juten_plot_finish(&j, out);
}

/* ---- ranking ---- */

/* The chart's own texts (see frontier_text). */
enum { RT_LEAVES, RT_LEAVES_NOTE, RT_XLABEL, RT_EMPTY, RT_N };
static const char *const ranking_text[RT_N] = {
    [RT_LEAVES] = N_("leaves again at a larger budget"),
    [RT_LEAVES_NOTE] = N_("  (leaves later)"),
    [RT_XLABEL] = N_("budget at which the measure is first funded"),
    [RT_EMPTY] = N_("no data"),
};

/* Rows kept free above the bars for a key of k entries (about 16 px an
 * entry against 24 px a row), so the key never covers a bar. */
static int key_rows(int k)
{
    return (int)ceil((k * 16.0 + 20) / 24.0);
}

juten_status juten_plot_ranking(const juten_plot_options *o, int n, const char *const *id,
                                const char *const *name, const int *area, const double *entry_at,
                                const bool *leaves, int n_areas, const char *const *area_names,
                                juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_ranking"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || n_areas < 0 || (n > 0 && (!id || !area || !entry_at)) ||
        (n_areas > 0 && !area_names))
        return juten_plot_bad_args(d, "juten_plot_ranking: n and n_areas must be >= 0 and id, area, "
                           "entry_at and area_names given");
    for (int i = 0; i < n; i++)
        if (area[i] < 0 || area[i] >= n_areas)
            return juten_plot_bad_args(d, "juten_plot_ranking: an area index is outside 0..n_areas-1");

    enum { NAME_COLS = 40 };
    /* each row's tick label: "id  name", cut to NAME_COLS columns */
    char **tick = calloc((size_t)(n > 0 ? n : 1), sizeof *tick);
    if (!tick)
        return JUTEN_ERR_NOMEM;
    int maxw = 4;
    for (int i = 0; i < n; i++) {
        const char *nm = name && name[i] ? name[i] : "";
        const char *ident = id[i] ? id[i] : "";
        size_t len = strlen(ident) + strlen(nm) + 3;
        tick[i] = malloc(len);
        if (!tick[i]) {
            for (int k = 0; k < i; k++)
                free(tick[k]);
            free(tick);
            return JUTEN_ERR_NOMEM;
        }
        snprintf(tick[i], len, "%s%s%s", ident, *ident && *nm ? "  " : "", nm);
        int w = juten_plot_text_width(tick[i], NAME_COLS);
        if (w > maxw)
            maxw = w;
    }
    char *xl = juten_plot_with_unit(_(ranking_text[RT_XLABEL]), o->currency);
    bool budget = isfinite(o->budget) && n > 0;
    int n_keys = n_areas + 2; /* the areas, "leaves again", the budget */
    int extra = n > 0 ? key_rows(n_keys) : 0;
    juten_plot_job j;
    juten_status st =
        xl ? juten_plot_job_open(
                 &j, o, "ranking",
                 "# Block 1: areas: index, name.\n"
                 "# Block 2: measures in rank order: rank, row (top = n), area index, entry\n"
                 "#          budget, leaves again (1/0), tick label, id, name, entry budget as text.\n"
                 "# Block 3: the scenario's budget: x, label.\n"
                 "# Block 4: the chart's texts: index, text.\n",
                 1200, juten_plot_rows_height(n + extra), xl, NULL, d)
           : JUTEN_ERR_NOMEM;
    free(xl);
    if (st != JUTEN_OK)
        goto done;
    FILE *df = j.dat.f, *gp = j.gp.f;
    juten_plot_dat_block(df, 1);
    for (int a = 0; a < n_areas; a++) {
        fprintf(df, "%d\t", a);
        juten_plot_dat_str(df, area_names[a], 0);
        fputc('\n', df);
    }
    juten_plot_dat_block(df, n_areas);
    bool *has_bar = calloc((size_t)(n_areas > 0 ? n_areas : 1), sizeof *has_bar);
    if (!has_bar) {
        juten_plot_job_abort(&j);
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    bool any_leave = false, any_bar = false;
    double xmax = -HUGE_VAL, xmin = HUGE_VAL;
    for (int i = 0; i < n; i++) {
        char amt[40];
        bool bar = isfinite(entry_at[i]);
        bool lv = leaves && leaves[i] && bar;
        fprintf(df, "%d\t%d\t%d\t", i + 1, n - i, area[i]);
        juten_plot_dat_num(df, entry_at[i]);
        fprintf(df, "\t%d\t", lv ? 1 : 0);
        juten_plot_dat_str(df, tick[i], NAME_COLS);
        fputc('\t', df);
        juten_plot_dat_str(df, id[i], 0);
        fputc('\t', df);
        juten_plot_dat_str(df, name ? name[i] : NULL, 0);
        fputc('\t', df);
        /* the hatch alone is lost where patterns are not drawn (some SVG
         * viewers), so the label says it too */
        char etext[80];
        if (bar)
            snprintf(etext, sizeof etext, "%s%s", amount(amt, entry_at[i]),
                     lv ? _(ranking_text[RT_LEAVES_NOTE]) : "");
        juten_plot_dat_str(df, bar ? etext : NULL, 0);
        fputc('\n', df);
        if (bar) {
            has_bar[area[i]] = true;
            any_bar = true;
            if (entry_at[i] > xmax)
                xmax = entry_at[i];
            if (entry_at[i] < xmin)
                xmin = entry_at[i];
        }
        any_leave = any_leave || lv;
    }
    juten_plot_dat_block(df, n);
    if (budget) {
        juten_plot_dat_num(df, o->budget);
        fputc('\t', df);
        juten_plot_dat_str(df, o->budget_label && *o->budget_label ? o->budget_label
                                                                   : _(frontier_text[FT_BUDGET]), 0);
        fputc('\n', df);
    }
    write_texts(df, budget ? 1 : 0, ranking_text, RT_N);
    load_texts(gp, 4, RT_N);
    if (budget)
        fputs("array juten_budget[1]\n"
              "stats juten_dat index 3 using (juten_budget[1] = strcol(2), 0) nooutput\n",
              gp);
    if (n == 0) {
        write_empty(gp, RT_EMPTY + 1);
    } else {
        char a1[40];
        if (n_areas > 0) { /* strings first: stats would apply the ranges set below */
            fprintf(gp, "array juten_area[%d]\n", n_areas);
            fputs("stats juten_dat index 1 using (juten_area[int($1) + 1] = strcol(2), 0) nooutput\n",
                  gp);
        }
        juten_plot_write_palette(gp);
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        /* the key lives in rows kept free above the first bar */
        fprintf(gp, "set yrange [0.4:%d]\n", n + 1 + extra);
        /* bars grow from 0, or from just left of the smallest entry when
         * budgets are negative (a headroom below zero: net savings owed) */
        if (!any_bar)
            xmin = 0, xmax = 1;
        if (budget) { /* the scenario's budget is on the chart */
            xmin = fmin(xmin, o->budget);
            xmax = fmax(xmax, o->budget);
        }
        double lo = xmin < 0 ? xmin : 0.0, hi = xmax > 0 ? xmax : xmin < 0 ? xmax : 1.0;
        double span = hi - lo > 0 ? hi - lo : 1.0;
        double base = xmin < 0 ? lo - 0.05 * span : 0.0;
        char b1[40];
        juten_plot_num(b1, base);
        fprintf(gp, "set xrange [%s:%s]\n", b1, juten_plot_num(a1, hi + 0.15 * span));
        fputs("set ytics scale 0 nomirror font \",10\"\n"
              "set xtics nomirror\n"
              "set grid xtics lc rgb \"#dddddd\"\n"
              "set border 3\n"
              "set key inside top right box opaque\n"
              "set style fill solid 0.9 border lc rgb \"#555555\"\n",
              gp);
        if (budget) { /* across the bars only, not through the key */
            char b2[40], b3[40];
            fprintf(gp, "set arrow 1 from %s, 0.4 to %s, %s nohead lw 2 dt 2 lc rgb \"#6a3d9a\" "
                        "front\n",
                    juten_plot_num(a1, o->budget), juten_plot_num(b2, o->budget),
                    juten_plot_num(b3, n + 0.6));
        }
        /* the tick labels come from an invisible element covering every row */
        fprintf(gp, "plot juten_dat index 2 using (%s):2:ytic(6) with points pt -1 notitle", b1);
        for (int a = 0; a < n_areas; a++) {
            if (!has_bar[a])
                continue;
            fprintf(gp, ", \\\n     juten_dat index 2 using ($3 == %d ? ($4 + %s) / 2 : NaN):2:(%s):4:"
                        "($2 - 0.38):($2 + 0.38) with boxxyerror lt %d title juten_area[%d]",
                    a, b1, b1, a % PALETTE_N + 1, a + 1);
        }
        if (any_leave)
            fprintf(gp, ", \\\n     juten_dat index 2 using ($5 == 1 ? ($4 + %s) / 2 : NaN):2:(%s):4:"
                        "($2 - 0.38):($2 + 0.38) with boxxyerror fs transparent pattern 4 border "
                        "lc rgb \"#222222\" lc rgb \"#222222\" title juten_txt[%d]",
                    b1, b1, RT_LEAVES + 1);
        if (budget)
            fputs(", \\\n     NaN with lines lw 2 dt 2 "
                  "lc rgb \"#6a3d9a\" title juten_budget[1]",
                  gp);
        if (any_bar)
            fputs(", \\\n     juten_dat index 2 using 4:2:9 with labels left offset 0.5,0 "
                  "font \",9\" notitle",
                  gp);
        fputc('\n', gp);
    }
    free(has_bar);
    st = juten_plot_finish(&j, out);
done:
    for (int i = 0; i < n; i++)
        free(tick[i]);
    free(tick);
    return st;
}

/* ---- allocation ---- */

/* The chart's own texts (see frontier_text). */
enum { AT_MIN, AT_MAX, AT_XLABEL, AT_YLABEL, AT_EMPTY, AT_N };
static const char *const allocation_text[AT_N] = {
    [AT_MIN] = N_("minimum share"),
    [AT_MAX] = N_("maximum share"),
    [AT_XLABEL] = N_("policy area"),
    [AT_YLABEL] = N_("share of spending (%)"),
    [AT_EMPTY] = N_("no data"),
};

juten_status juten_plot_allocation(const juten_plot_options *o, int n_areas,
                                   const char *const *area_names, const double *min_share,
                                   const double *max_share, int n_portfolios,
                                   const char *const *portfolio_names, const double *share,
                                   juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_allocation"))
        return JUTEN_ERR_USAGE;
    if (n_areas < 0 || n_portfolios < 0 || (n_areas > 0 && !area_names) ||
        (n_portfolios > 0 && (!portfolio_names || (n_areas > 0 && !share))))
        return juten_plot_bad_args(d, "juten_plot_allocation: counts must be >= 0 and area_names, "
                           "portfolio_names and share given");
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "allocation",
        "# Block 1: portfolios: index, name.\n"
        "# Block 2: areas: index, name, minimum %, maximum %, then the share in % for each\n"
        "#          portfolio, then the same shares as text.\n"
        "# Block 3: the chart's texts: index, text.\n",
        1200, 700, _(allocation_text[AT_XLABEL]), _(allocation_text[AT_YLABEL]), d);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    int K = n_portfolios;
    juten_plot_dat_block(df, 1);
    for (int k = 0; k < K; k++) {
        fprintf(df, "%d\t", k);
        juten_plot_dat_str(df, portfolio_names[k], 0);
        fputc('\n', df);
    }
    juten_plot_dat_block(df, K);
    bool any_min = false, any_max = false;
    bool *has = calloc((size_t)(K > 0 ? K : 1), sizeof *has);
    if (!has) {
        juten_plot_job_abort(&j);
        return JUTEN_ERR_NOMEM;
    }
    double ymax = 0;
    for (int a = 0; a < n_areas; a++) {
        double mn = min_share ? min_share[a] : NAN, mx = max_share ? max_share[a] : NAN;
        fprintf(df, "%d\t", a);
        juten_plot_dat_str(df, area_names[a], 0);
        fputc('\t', df);
        juten_plot_dat_num(df, mn * 100);
        fputc('\t', df);
        juten_plot_dat_num(df, mx * 100);
        any_min = any_min || isfinite(mn);
        any_max = any_max || isfinite(mx);
        if (isfinite(mn) && mn * 100 > ymax)
            ymax = mn * 100;
        if (isfinite(mx) && mx * 100 > ymax)
            ymax = mx * 100;
        for (int k = 0; k < K; k++) {
            double s = share[(size_t)k * (size_t)n_areas + (size_t)a];
            fputc('\t', df);
            juten_plot_dat_num(df, s * 100);
            if (isfinite(s)) {
                has[k] = true;
                if (s * 100 > ymax)
                    ymax = s * 100;
            }
        }
        for (int k = 0; k < K; k++) {
            double s = share[(size_t)k * (size_t)n_areas + (size_t)a];
            char t[48], num[40];
            if (isfinite(s))
                snprintf(t, sizeof t, "%s%%", juten_plot_num(num, round(s * 1000) / 10));
            fputc('\t', df);
            juten_plot_dat_str(df, isfinite(s) ? t : NULL, 0);
        }
        fputc('\n', df);
    }
    write_texts(df, n_areas, allocation_text, AT_N);
    load_texts(gp, 3, AT_N);
    /* the key goes inside, in the top corner above the lower of the two
     * outer areas, and the y range leaves that corner empty: the key's
     * entries take about 20 px each of the 580 px plot */
    int kw = juten_plot_text_width(_(allocation_text[AT_MIN]), 0);
    for (int k = -1; k < K; k++) {
        int w = juten_plot_text_width(k < 0 ? _(allocation_text[AT_MAX]) : portfolio_names[k], 0);
        kw = w > kw ? w : kw;
    }
    /* the areas the key's width covers from either side (plot ~1100 px) */
    int covered = (int)ceil(n_areas * (kw * 7.5 + 80) / 1100.0);
    if (covered > n_areas)
        covered = n_areas;
    double corner_l = 0, corner_r = 0;
    for (int side = 0; side < 2; side++)
        for (int q = 0; q < covered; q++) {
            int a = side == 0 ? q : n_areas - 1 - q;
            double c = 0;
            const double lim[] = {min_share ? min_share[a] : NAN, max_share ? max_share[a] : NAN};
            for (int t = 0; t < 2; t++)
                if (isfinite(lim[t]))
                    c = fmax(c, lim[t] * 100);
            for (int k = 0; k < K; k++) {
                double v = share[(size_t)k * (size_t)n_areas + (size_t)a];
                if (isfinite(v))
                    c = fmax(c, v * 100);
            }
            double *cs = side == 0 ? &corner_l : &corner_r;
            *cs = fmax(*cs, c);
        }
    bool key_left = corner_l < corner_r;
    int n_keys = K + any_min + any_max;
    double key_frac = (n_keys * 20.0 + 40) / 580; /* of the height, with the value labels */
    double ytop = ymax > 0 ? ymax * 1.15 : 1;
    double corner = key_left ? corner_l : corner_r;
    if (corner > 0 && corner * 1.08 > ytop * (1 - key_frac))
        ytop = corner * 1.08 / (1 - key_frac);
    if (n_areas == 0) {
        write_empty(gp, AT_EMPTY + 1);
    } else {
        char a1[40], a2[40], w[40], off[40];
        double width = 0.8 / (K > 0 ? K : 1);
        if (K > 0) { /* strings first: stats would apply the ranges set below */
            fprintf(gp, "array juten_pf[%d]\n", K);
            fputs("stats juten_dat index 1 using (juten_pf[int($1) + 1] = strcol(2), 0) nooutput\n", gp);
        }
        juten_plot_write_palette(gp);
        fprintf(gp, "set xrange [-0.6:%s]\n", juten_plot_num(a1, n_areas - 0.4));
        fprintf(gp, "set yrange [0:%s]\n", juten_plot_num(a2, ytop));
        fprintf(gp, "set boxwidth %s absolute\n", juten_plot_num(w, width));
        fputs("set style fill solid 0.9 border lc rgb \"#555555\"\n"
              "set xtics scale 0 nomirror\n"
              "set ytics nomirror\n"
              "set grid ytics lc rgb \"#dddddd\"\n"
              "set border 3\n"
              "set style textbox opaque noborder margins 0.5,0.5\n",
              gp);
        fprintf(gp, "set key inside top %s vertical box opaque spacing 1.2\n",
                key_left ? "left Left reverse" : "right");
        /* The tick labels ride on points that draw nothing: "pt -1", not
         * "ps 0", for which the SVG terminal writes scale(0.00), a matrix
         * SVG viewers refuse (rsvg: InvalidMatrix). */
        fputs("plot juten_dat index 2 using 1:(0):xtic(2) with points pt -1 notitle", gp);
        for (int k = 0; k < K; k++) {
            if (!has[k])
                continue;
            juten_plot_num(off, (k - (K - 1) / 2.0) * width);
            fprintf(gp, ", \\\n     juten_dat index 2 using ($1 + %s):%d with boxes lt %d "
                        "title juten_pf[%d]",
                    off, 5 + k, k % PALETTE_N + 1, k + 1);
        }
        if (any_min)
            fputs(", \\\n     juten_dat index 2 using ($1 - 0.46):3:(0.92):(0) with vectors "
                  "nohead lw 3 lc rgb \"#c0392b\" title juten_txt[1]",
                  gp);
        if (any_max)
            fputs(", \\\n     juten_dat index 2 using ($1 - 0.46):4:(0.92):(0) with vectors "
                  "nohead lw 3 dt 2 lc rgb \"#222222\" title juten_txt[2]",
                  gp);
        /* value labels last, on an opaque box, so a min/max line never crosses them */
        for (int k = 0; k < K; k++) {
            if (!has[k])
                continue;
            juten_plot_num(off, (k - (K - 1) / 2.0) * width);
            fprintf(gp, ", \\\n     juten_dat index 2 using ($1 + %s):%d:%d with labels "
                        "boxed center offset 0,0.8 font \",9\" notitle",
                    off, 5 + k, 5 + K + k);
        }
        fputc('\n', gp);
    }
    free(has);
    return juten_plot_finish(&j, out);
}

/* ---- tornado ---- */

/* The chart's own texts (see frontier_text). */
enum { TT_DOWN, TT_UP, TT_FUNDED, TT_XLABEL, TT_EMPTY, TT_N };
static const char *const tornado_text[TT_N] = {
    [TT_DOWN] = N_("margin downwards (the estimate may fall this far)"),
    [TT_UP] = N_("margin upwards (the estimate must rise this far)"),
    [TT_FUNDED] = N_("funded (in the portfolio)"),
    [TT_XLABEL] = N_("margin before the decision flips"),
    [TT_EMPTY] = N_("no data"),
};

juten_status juten_plot_tornado(const juten_plot_options *o, const char *xlabel, int n,
                                const char *const *label, const double *low, const double *high,
                                juten_plot_outcome *out, juten_diags *d)
{
    return juten_plot_tornado_funded(o, xlabel, n, label, low, high, NULL, out, d);
}

juten_status juten_plot_tornado_funded(const juten_plot_options *o, const char *xlabel, int n,
                                       const char *const *label, const double *low,
                                       const double *high, const bool *funded,
                                       juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_tornado"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && (!label || !low || !high)))
        return juten_plot_bad_args(d, "juten_plot_tornado: n must be >= 0 and label, low and high given");
    enum { LABEL_COLS = 34 };
    int maxw = 4;
    double m = 0; /* the largest finite margin, for the range and for "∞" */
    for (int i = 0; i < n; i++) {
        int w = juten_plot_text_width(label[i], LABEL_COLS);
        if (w > maxw)
            maxw = w;
        if (isfinite(low[i]) && fabs(low[i]) > m)
            m = fabs(low[i]);
        if (isfinite(high[i]) && fabs(high[i]) > m)
            m = fabs(high[i]);
    }
    if (m == 0)
        m = 1;
    double edge = m * 1.15; /* where an infinite margin ends */
    bool any_funded = false;
    for (int i = 0; funded && i < n; i++)
        any_funded = any_funded || funded[i];
    int extra = n > 0 ? key_rows(2 + any_funded) : 0;
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "tornado",
        "# Block 1: measures, top first: index, row (top = n), low, high (infinite ones\n"
        "#          drawn to the edge), left bar from, to, right bar from, to, label as\n"
        "#          drawn (cut), low as text, high as text, label, funded (1/0).\n"
        "# Block 2: the chart's texts: index, text.\n",
        1200, juten_plot_rows_height(n + extra), xlabel ? xlabel : _(tornado_text[TT_XLABEL]), NULL,
        d);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    juten_plot_dat_block(df, 1);
    bool any_left = false, any_right = false;
    double xmin = 0, xmax = 0;
    for (int i = 0; i < n; i++) {
        double lo = low[i], hi = high[i];
        double dlo = isinf(lo) ? (lo < 0 ? -edge : edge) : lo;
        double dhi = isinf(hi) ? (hi < 0 ? -edge : edge) : hi;
        double l0 = NAN, l1 = NAN, r0 = NAN, r1 = NAN;
        if (!isnan(dlo) && dlo < 0) {
            l0 = dlo;
            l1 = !isnan(dhi) && dhi < 0 ? dhi : 0;
            any_left = true;
        }
        if (!isnan(dhi) && dhi > 0) {
            r0 = !isnan(dlo) && dlo > 0 ? dlo : 0;
            r1 = dhi;
            any_right = true;
        }
        if (!isnan(dlo)) {
            xmin = fmin(xmin, dlo);
            xmax = fmax(xmax, dlo);
        }
        if (!isnan(dhi)) {
            xmin = fmin(xmin, dhi);
            xmax = fmax(xmax, dhi);
        }
        char tl[40], th[40];
        fprintf(df, "%d\t%d\t", i, n - i);
        const double v[] = {dlo, dhi, l0, l1, r0, r1};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            juten_plot_dat_num(df, v[k]);
            fputc('\t', df);
        }
        juten_plot_dat_str(df, label[i], LABEL_COLS);
        fputc('\t', df);
        /* a value label only beside a bar: the side with no margin says
         * nothing (it used to print "0" on every row) */
        juten_plot_dat_str(df, !(dlo < 0) ? NULL : isinf(lo) ? "-∞" : amount(tl, lo), 0);
        fputc('\t', df);
        juten_plot_dat_str(df, !(dhi > 0) ? NULL : isinf(hi) ? "∞" : amount(th, hi), 0);
        fputc('\t', df);
        juten_plot_dat_str(df, label[i], 0);
        fprintf(df, "\t%d\n", funded && funded[i] ? 1 : 0);
    }
    write_texts(df, n, tornado_text, TT_N);
    load_texts(gp, 2, TT_N);
    if (n == 0) {
        write_empty(gp, TT_EMPTY + 1);
    } else {
        char a1[40], a2[40];
        double pad = (xmax - xmin > 0 ? xmax - xmin : 1) * 0.12;
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        /* the key lives in rows kept free above the first bar */
        fprintf(gp, "set yrange [0.4:%d]\n", n + 1 + extra);
        double xr0 = xmin - pad * (any_funded ? 1.6 : 1); /* room for the funded marks */
        fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a1, xr0), juten_plot_num(a2, xmax + pad));
        fputs("set ytics scale 0 nomirror font \",10\"\n"
              "set xtics nomirror\n"
              "set grid xtics lc rgb \"#dddddd\"\n"
              "set border 1\n"
              "set key inside top right vertical box opaque spacing 1.2\n"
              "set style fill solid 0.9 border lc rgb \"#555555\"\n",
              gp);
        fprintf(gp, "set arrow 1 from 0, 0.4 to 0, %d.6 nohead lw 2 lc rgb \"#222222\" front\n", n);
        fputs("plot juten_dat index 1 using (0):2:ytic(9) with points pt -1 notitle", gp);
        if (any_left)
            fputs(", \\\n     juten_dat index 1 using (($5 + $6) / 2):2:5:6:($2 - 0.36):($2 + 0.36) "
                  "with boxxyerror lc rgb \"#4e79a7\" title juten_txt[1], \\\n"
                  "     juten_dat index 1 using 3:2:10 with labels right offset -0.6,0 "
                  "font \",9\" notitle",
                  gp);
        if (any_right)
            fputs(", \\\n     juten_dat index 1 using (($7 + $8) / 2):2:7:8:($2 - 0.36):($2 + 0.36) "
                  "with boxxyerror lc rgb \"#e15759\" title juten_txt[2], \\\n"
                  "     juten_dat index 1 using 4:2:11 with labels left offset 0.6,0 "
                  "font \",9\" notitle",
                  gp);
        if (any_funded) {
            char a3[40];
            /* left of every bar and value label, beside the row's name */
            fprintf(gp, ", \\\n     juten_dat index 1 using ($13 == 1 ? %s : NaN):2 with points "
                        "pt 5 ps 1.1 lc rgb \"#222222\" title juten_txt[%d]",
                    juten_plot_num(a3, xmin - 1.3 * pad), TT_FUNDED + 1);
        }
        fputc('\n', gp);
    }
    return juten_plot_finish(&j, out);
}

/* ---- confidence ---- */

/* The chart's own texts (see frontier_text). */
enum { CT_CURVE, CT_INTERVAL, CT_XLABEL, CT_YLABEL, CT_EMPTY, CT_N };
static const char *const confidence_text[CT_N] = {
    [CT_CURVE] = N_("best value at each confidence level"),
    /* xgettext:no-c-format */
    [CT_INTERVAL] = N_("95% interval (Wilson)"),
    [CT_XLABEL] = N_("probability that the offset rule holds (validation draws, %)"),
    [CT_YLABEL] = N_("value"),
    [CT_EMPTY] = N_("no data"),
};

juten_status juten_plot_confidence(const juten_plot_options *o, const char *ylabel, int n,
                                   const char *const *label, const double *probability,
                                   const double *ci_lo, const double *ci_hi, const double *value,
                                   juten_plot_outcome *out, juten_diags *d)
{
    if (!juten_plot_begin(o, out, d, "juten_plot_confidence"))
        return JUTEN_ERR_USAGE;
    if (n < 0 || (n > 0 && (!probability || !value)))
        return juten_plot_bad_args(d, "juten_plot_confidence: n must be >= 0 and probability and value "
                           "given");
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "confidence",
        "# Block 1: points in the order given: probability (%), interval low (%),\n"
        "#          interval high (%), value, label as drawn (cut), label.\n"
        "# Block 2: the chart's texts: index, text.\n",
        1200, 700, _(confidence_text[CT_XLABEL]), ylabel ? ylabel : _(confidence_text[CT_YLABEL]), d);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    juten_plot_dat_block(df, 1);
    int shown = 0;
    double ylo = INFINITY, yhi = -INFINITY, xlo = 100, xhi = 0;
    for (int i = 0; i < n; i++) {
        double p = probability[i], v = value[i];
        if (!isfinite(p) || !isfinite(v))
            continue; /* no portfolio at that level: nothing to draw */
        double lo = ci_lo && isfinite(ci_lo[i]) ? ci_lo[i] : p;
        double hi = ci_hi && isfinite(ci_hi[i]) ? ci_hi[i] : p;
        const double row[] = {100 * p, 100 * lo, 100 * hi, v};
        for (size_t k = 0; k < sizeof row / sizeof row[0]; k++) {
            juten_plot_dat_num(df, row[k]);
            fputc('\t', df);
        }
        juten_plot_dat_str(df, label ? label[i] : NULL, 16);
        fputc('\t', df);
        juten_plot_dat_str(df, label ? label[i] : NULL, 0);
        fputc('\n', df);
        ylo = fmin(ylo, v);
        yhi = fmax(yhi, v);
        xlo = fmin(xlo, 100 * lo);
        xhi = fmax(xhi, 100 * hi);
        shown++;
    }
    write_texts(df, shown, confidence_text, CT_N);
    load_texts(gp, 2, CT_N);
    if (shown == 0) {
        write_empty(gp, CT_EMPTY + 1);
        return juten_plot_finish(&j, out);
    }
    char a[40], b[40];
    double ys = yhi - ylo > 0 ? yhi - ylo : fmax(1.0, fabs(yhi) * 0.1);
    double xs = xhi - xlo > 0 ? xhi - xlo : 10;
    fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a, fmax(0, xlo - xs * 0.05)),
            juten_plot_num(b, xhi + xs * 0.12)); /* room for the last label */
    fprintf(gp, "set yrange [%s:%s]\n", juten_plot_num(a, ylo - ys * 0.12),
            juten_plot_num(b, yhi + ys * 0.12));
    fputs("set grid xtics ytics lc rgb \"#dddddd\" lw 1\n"
          "set key bottom left Left reverse box opaque samplen 3\n"
          "set xtics nomirror\nset ytics nomirror\n"
          "set border 3\n"
          "plot juten_dat index 1 using 1:4 with lines lw 2 lc rgb \"#1f5fa8\" "
          "title juten_txt[1], \\\n"
          "     juten_dat index 1 using 1:4:2:3 with xerrorbars pt 7 ps 1.2 "
          "lc rgb \"#1f5fa8\" title juten_txt[2], \\\n"
          "     juten_dat index 1 using 1:4:5 with labels left offset 0.8,0.9 font \",10\" "
          "tc rgb \"#333333\" notitle\n",
          gp);
    return juten_plot_finish(&j, out);
}
