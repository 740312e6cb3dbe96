/*
 * charts.c -- the four juten charts: frontier, ranking, allocation, tornado.
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

static void write_empty(FILE *gp)
{
    fputs("set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\n"
          "set label 1 \"データなし (no data)\" at graph 0.5, graph 0.5 center font \",14\"\n"
          "plot NaN notitle\n",
          gp);
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
    char *xl = juten_plot_with_unit(xlabel ? xlabel : "予算", o->currency);
    if (!xl)
        return JUTEN_ERR_NOMEM;
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "frontier",
        "# Block 1: breakpoints: x, value, LP bound, label as drawn (cut), label.\n"
        "# Block 2: the step curve: x, value (the last step drawn a little further).\n",
        1200, 700, xl, ylabel ? ylabel : "価値", d);
    free(xl);
    if (st != JUTEN_OK)
        return st;
    FILE *df = j.dat.f, *gp = j.gp.f;
    juten_plot_dat_block(df, 1);
    bool any_lp = false;
    for (int i = 0; i < n; i++) {
        juten_plot_dat_num(df, x[i]);
        fputc('\t', df);
        juten_plot_dat_num(df, value[i]);
        fputc('\t', df);
        double lp = lp_bound ? lp_bound[i] : NAN;
        any_lp = any_lp || isfinite(lp);
        juten_plot_dat_num(df, lp);
        fputc('\t', df);
        juten_plot_dat_str(df, label ? label[i] : NULL, 40);
        fputc('\t', df);
        juten_plot_dat_str(df, label ? label[i] : NULL, 0);
        fputc('\n', df);
    }
    juten_plot_dat_block(df, n);
    if (n > 0) {
        double span = x[n - 1] - x[0];
        double ext = span > 0 ? span * 0.04 : 1;
        for (int i = 0; i < n; i++) {
            juten_plot_dat_num(df, x[i]);
            fputc('\t', df);
            juten_plot_dat_num(df, value[i]);
            fputc('\n', df);
        }
        juten_plot_dat_num(df, x[n - 1] + ext);
        fputc('\t', df);
        juten_plot_dat_num(df, value[n - 1]);
        fputc('\n', df);
    }

    if (n == 0) {
        write_empty(gp);
        return juten_plot_finish(&j, out);
    }
    double lo = x[0], hi = x[n - 1];
    double span = hi - lo > 0 ? hi - lo : 1;
    char a[40], b[40];
    fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a, lo - span * 0.02),
            juten_plot_num(b, hi + span * 0.08));
    /* a fixed y range: autoscale would round 190 up to 250 */
    double ylo = 0, yhi = 0;
    for (int i = 0; i < n; i++) {
        ylo = fmin(ylo, value[i]);
        yhi = fmax(yhi, value[i]);
        if (lp_bound && isfinite(lp_bound[i])) {
            ylo = fmin(ylo, lp_bound[i]);
            yhi = fmax(yhi, lp_bound[i]);
        }
    }
    double yspan = yhi - ylo > 0 ? yhi - ylo : 1;
    fprintf(gp, "set yrange [%s:%s]\n", juten_plot_num(a, ylo < 0 ? ylo - yspan * 0.05 : 0),
            juten_plot_num(b, yhi + yspan * 0.06));
    fputs("set grid xtics ytics lc rgb \"#dddddd\" lw 1\n"
          "set key top left Left reverse box opaque samplen 3\n"
          "set xtics nomirror\nset ytics nomirror\n"
          "set border 3\n",
          gp);
    fprintf(gp, "plot juten_dat index 2 using 1:2 with steps lw 2.5 lc rgb \"#1f5fa8\" title \"%s\"",
            o->approximate ? "最良値（許容差内）" : "最適値");
    if (any_lp)
        fputs(", \\\n     juten_dat index 1 using 1:3 with lines dt 2 lw 1.5 lc rgb \"#c0392b\" "
              "title \"LP緩和の上界\"",
              gp);
    fputs(", \\\n     juten_dat index 1 using 1:2 with points pt 7 ps 1.1 lc rgb \"#1f5fa8\" "
          "notitle",
          gp);
    bool any_label = false;
    for (int i = 0; label && i < n; i++)
        any_label = any_label || (label[i] && *label[i]);
    if (any_label)
        /* Under each step's horizontal run the plot is empty down to the
         * axis, so labels stand upright there, right of the riser: they
         * cannot collide with each other or with the curves. */
        fputs(", \\\n     juten_dat index 1 using 1:2:4 with labels right rotate by 90 "
              "offset 1.0,-0.7 font \",9\" tc rgb \"#333333\" notitle",
              gp);
    fputc('\n', gp);
    return juten_plot_finish(&j, out);
}

/* ---- ranking ---- */

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
    char *xl = juten_plot_with_unit("採択される予算額", o->currency);
    juten_plot_job j;
    juten_status st =
        xl ? juten_plot_job_open(
                 &j, o, "ranking",
                 "# Block 1: areas: index, name.\n"
                 "# Block 2: measures in rank order: rank, row (top = n), area index, entry\n"
                 "#          budget, leaves again (1/0), tick label, id, name, entry budget as text.\n",
                 1200, juten_plot_rows_height(n), xl, NULL, d)
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
            snprintf(etext, sizeof etext, "%s%s", amount(amt, entry_at[i]), lv ? "  (後に外れる)" : "");
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
    if (n == 0) {
        write_empty(gp);
    } else {
        char a1[40];
        if (n_areas > 0) { /* strings first: stats would apply the ranges set below */
            fprintf(gp, "array juten_area[%d]\n", n_areas);
            fputs("stats juten_dat index 1 using (juten_area[int($1) + 1] = strcol(2), 0) nooutput\n",
                  gp);
        }
        juten_plot_write_palette(gp);
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        fprintf(gp, "set yrange [0.4:%d]\n", n + 1);
        /* bars grow from 0, or from just left of the smallest entry when
         * budgets are negative (a headroom below zero: net savings owed) */
        if (!any_bar)
            xmin = 0, xmax = 1;
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
              "set key top right box opaque\n"
              "set style fill solid 0.9 border lc rgb \"#555555\"\n",
              gp);
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
                        "lc rgb \"#222222\" lc rgb \"#222222\" title \"後に外れる\"",
                    b1, b1);
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
        "#          portfolio, then the same shares as text.\n",
        1200, 700, "分野", "歳出に占める割合 (%)", d);
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
    if (n_areas == 0) {
        write_empty(gp);
    } else {
        char a1[40], a2[40], w[40], off[40];
        double width = 0.8 / (K > 0 ? K : 1);
        if (K > 0) { /* strings first: stats would apply the ranges set below */
            fprintf(gp, "array juten_pf[%d]\n", K);
            fputs("stats juten_dat index 1 using (juten_pf[int($1) + 1] = strcol(2), 0) nooutput\n", gp);
        }
        juten_plot_write_palette(gp);
        fprintf(gp, "set xrange [-0.6:%s]\n", juten_plot_num(a1, n_areas - 0.4));
        fprintf(gp, "set yrange [0:%s]\n", juten_plot_num(a2, ymax > 0 ? ymax * 1.15 : 1));
        fprintf(gp, "set boxwidth %s absolute\n", juten_plot_num(w, width));
        fputs("set style fill solid 0.9 border lc rgb \"#555555\"\n"
              "set xtics scale 0 nomirror\n"
              "set ytics nomirror\n"
              "set grid ytics lc rgb \"#dddddd\"\n"
              "set border 3\n"
              "set key outside right top vertical box spacing 1.2\n"
              "set style textbox opaque noborder margins 0.5,0.5\n",
              gp);
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
                  "nohead lw 3 lc rgb \"#c0392b\" title \"最低割合\"",
                  gp);
        if (any_max)
            fputs(", \\\n     juten_dat index 2 using ($1 - 0.46):4:(0.92):(0) with vectors "
                  "nohead lw 3 dt 2 lc rgb \"#222222\" title \"最高割合\"",
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

juten_status juten_plot_tornado(const juten_plot_options *o, const char *xlabel, int n,
                                const char *const *label, const double *low, const double *high,
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
    juten_plot_job j;
    juten_status st = juten_plot_job_open(
        &j, o, "tornado",
        "# Block 1: measures, top first: index, row (top = n), low, high (infinite ones\n"
        "#          drawn to the edge), left bar from, to, right bar from, to, label as\n"
        "#          drawn (cut), low as text, high as text, label.\n",
        1200, juten_plot_rows_height(n), xlabel ? xlabel : "損益分岐までの余裕", NULL, d);
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
        fputc('\n', df);
    }
    if (n == 0) {
        write_empty(gp);
    } else {
        char a1[40], a2[40];
        double pad = (xmax - xmin > 0 ? xmax - xmin : 1) * 0.12;
        fprintf(gp, "set lmargin %d\n", juten_plot_margin_for(maxw));
        fprintf(gp, "set yrange [0.4:%d]\n", n + 1);
        fprintf(gp, "set xrange [%s:%s]\n", juten_plot_num(a1, xmin - pad), juten_plot_num(a2, xmax + pad));
        fputs("set ytics scale 0 nomirror font \",10\"\n"
              "set xtics nomirror\n"
              "set grid xtics lc rgb \"#dddddd\"\n"
              "set border 1\n"
              "set key outside right top vertical box spacing 1.2\n"
              "set style fill solid 0.9 border lc rgb \"#555555\"\n"
              "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lw 2 lc rgb \"#222222\" front\n",
              gp);
        fputs("plot juten_dat index 1 using (0):2:ytic(9) with points pt -1 notitle", gp);
        if (any_left)
            fputs(", \\\n     juten_dat index 1 using (($5 + $6) / 2):2:5:6:($2 - 0.36):($2 + 0.36) "
                  "with boxxyerror lc rgb \"#4e79a7\" title \"下げ方向の余裕\", \\\n"
                  "     juten_dat index 1 using 3:2:10 with labels right offset -0.6,0 "
                  "font \",9\" notitle",
                  gp);
        if (any_right)
            fputs(", \\\n     juten_dat index 1 using (($7 + $8) / 2):2:7:8:($2 - 0.36):($2 + 0.36) "
                  "with boxxyerror lc rgb \"#e15759\" title \"上げ方向の余裕\", \\\n"
                  "     juten_dat index 1 using 4:2:11 with labels left offset 0.6,0 "
                  "font \",9\" notitle",
                  gp);
        fputc('\n', gp);
    }
    return juten_plot_finish(&j, out);
}
