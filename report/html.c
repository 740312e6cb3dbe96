/*
 * html.c -- the meeting report as one self-contained HTML page (see
 * juten_report_html.h).
 *
 * Layout: a cover block with the decision in a few sentences, then one
 * <section> per question a meeting asks, each starting a new printed page
 * (CSS break-before).  Tables are plain <table>s with numbers right-aligned
 * in tabular figures; charts are the SVG documents gnuplot drew, inlined
 * with their prolog removed and their element ids prefixed per chart, so
 * that seven charts in one page never point at each other's definitions.
 *
 * Every text from the data goes through put_text (HTML escaping), and every
 * fixed text through _() (juten_i18n.h), so the page is in one language.
 */
#include "juten_report_html.h"
#include "juten_i18n.h"
#include "juten_report_confidence.h"
#include "report_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void juten_meeting_init(juten_meeting *mt)
{
    memset(mt, 0, sizeof *mt);
    mt->ranking_rows = 15;
    mt->explain_nearest = 5;
    mt->more_amount = 1;
}

/* ------------------------------------------------------------------ */
/* writing helpers                                                      */

static void put_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* printf whose %s arguments are data: each is escaped.  Only %s, %d, %ld,
 * %.Nf, %% (and positional %N$ forms, as translations use) are accepted. */
static void put_fmt(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put_fmt(FILE *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_text(f, buf);
}

/* v rounded as %.*f shows it, without a "-0.0" (as juten_text_fixed, for
 * a number inside a translated sentence) */
static double shown(double v, int decimals)
{
    return fabs(v) < 0.5 * pow(10, -decimals) ? 0 : v;
}

/* 10000 as "10,000" (buf: 32 bytes) */
static const char *grouped(char *buf, long v)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v), o = 0;
    if (v < 0)
        buf[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static void put_number(FILE *f, double v, int decimals)
{
    if (isnan(v))
        fputs("–", f);
    else if (isinf(v))
        fputs(v > 0 ? "∞" : "−∞", f);
    else {
        char buf[64];
        fputs(juten_text_fixed(buf, v, decimals), f); /* never "-0.0" */
    }
}

static void put_percent(FILE *f, double p, int decimals)
{
    if (isnan(p))
        fputs("–", f);
    else
        fprintf(f, "%.*f%%", decimals, 100 * p);
}

static void th(FILE *f, const char *text, bool num)
{
    fputs(num ? "<th class=\"n\">" : "<th>", f);
    put_text(f, text);
    fputs("</th>", f);
}

/* a header that may wrap: a scenario's name over a column of numbers */
static void th_wrap(FILE *f, const char *text, bool num)
{
    fputs(num ? "<th class=\"n wrap\">" : "<th class=\"wrap\">", f);
    put_text(f, text);
    fputs("</th>", f);
}

/* <table><thead> with one header per letter of align ('l' text, 'r' a
 * number, right-aligned), the headers given after it; then <tbody>. */
static void table_open(FILE *f, const char *align, ...)
{
    va_list ap;
    va_start(ap, align);
    fputs("<table>\n<thead><tr>", f);
    for (const char *a = align; *a; a++)
        th(f, va_arg(ap, const char *), *a == 'r');
    fputs("</tr></thead>\n<tbody>\n", f);
    va_end(ap);
}

static void td_text(FILE *f, const char *text)
{
    fputs("<td>", f);
    put_text(f, text);
    fputs("</td>", f);
}

static void td_num(FILE *f, double v, int decimals)
{
    fputs("<td class=\"n\">", f);
    put_number(f, v, decimals);
    fputs("</td>", f);
}

static void td_pct(FILE *f, double p, int decimals)
{
    fputs("<td class=\"n\">", f);
    put_percent(f, p, decimals);
    fputs("</td>", f);
}

static void section_open(FILE *f, const char *id, const char *title)
{
    /* the portfolio follows the decision on the first page */
    fprintf(f, "<section id=\"%s\"%s>\n<h2>", id,
            !strcmp(id, "portfolio") ? " class=\"follow\"" : "");
    put_text(f, title);
    fputs("</h2>\n", f);
}

static void para_open(FILE *f)
{
    fputs("<p>", f);
}

static void para_close(FILE *f)
{
    fputs("</p>\n", f);
}

/* A measure as "M03 name" in a table cell pair. */
static void td_measure(FILE *f, const juten_model *m, int i)
{
    fputs("<td class=\"id\">", f);
    put_text(f, juten_model_measure_id(m, i));
    fputs("</td><td>", f);
    put_text(f, juten_model_measure_name(m, i));
    fputs("</td>", f);
}

/* "M03 IoT…, M04 …" inline: ids with names */
static void put_measure_list(FILE *f, const juten_model *m, const int *idx, int n)
{
    for (int k = 0; k < n; k++) {
        if (k)
            fputs(_(", "), f);
        fputs("<b>", f);
        put_text(f, juten_model_measure_id(m, idx[k]));
        fputs("</b> ", f);
        put_text(f, juten_model_measure_name(m, idx[k]));
    }
}

/* ------------------------------------------------------------------ */
/* inline SVG                                                           */

/* Copy gnuplot's SVG without its XML prolog, with every id and every
 * reference to one (href="#x", url(#x)) prefixed by "cN-", and a class for
 * the style sheet.  Anything that could reach outside the page -- an href
 * not starting with '#', a <script> or <foreignObject> -- gnuplot's svg
 * terminal does not write; if one appeared the chart is left out rather
 * than inlined. */
static bool svg_is_closed(const char *svg)
{
    static const char *const banned[] = {"<script", "<foreignObject", "href=\"http",
                                         "href='http", "href=\"//", "href='//",
                                         "href=\"data:", "href='data:", "<image",
                                         "@import", "src="};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (strstr(svg, banned[i]))
            return false;
    return true;
}

static void put_svg(FILE *f, const char *svg, int chart)
{
    const char *p = strstr(svg, "<svg");
    if (!p || !svg_is_closed(svg)) {
        fputs("<p class=\"note\">", f);
        put_text(f, _("(chart not shown: gnuplot's output was not plain SVG)"));
        fputs("</p>\n", f);
        return;
    }
    fprintf(f, "<svg class=\"chart\" role=\"img\"");
    p += 4;
    char prefix[16];
    snprintf(prefix, sizeof prefix, "c%d-", chart);
    while (*p) {
        if ((!strncmp(p, "id=\"", 4) || !strncmp(p, "id='", 4)) &&
            (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n')) {
            fwrite(p, 1, 4, f);
            fputs(prefix, f);
            p += 4;
        } else if (!strncmp(p, "href=\"#", 7) || !strncmp(p, "href='#", 7)) {
            fwrite(p, 1, 7, f);
            fputs(prefix, f);
            p += 7;
        } else if (!strncmp(p, "url(#", 5)) {
            fputs("url(#", f);
            fputs(prefix, f);
            p += 5;
        } else {
            fputc(*p++, f);
        }
    }
    fputc('\n', f);
}

static void figure(FILE *f, const juten_meeting *mt, juten_html_chart c, const char *caption)
{
    if (!mt->chart[c])
        return;
    fputs("<figure>\n", f);
    put_svg(f, mt->chart[c], (int)c + 1);
    if (caption) {
        fputs("<figcaption>", f);
        put_text(f, caption);
        fputs("</figcaption>\n", f);
    }
    fputs("</figure>\n", f);
}

/* ------------------------------------------------------------------ */
/* the style sheet                                                      */

static const char css[] =
    "<style>\n"
    ":root{--ink:#1b1f24;--muted:#5b6470;--rule:#d5d9de;--band:#f3f5f7;--accent:#1f5fa8}\n"
    "html{font-family:\"Noto Sans CJK JP\",\"IPAexGothic\",\"Hiragino Sans\",\"Yu Gothic\","
    "\"Meiryo\",system-ui,sans-serif;color:var(--ink);line-height:1.55}\n"
    "body{max-width:60rem;margin:2rem auto;padding:0 1.5rem}\n"
    "h1{font-size:1.7rem;margin:0 0 .2rem}\n"
    "h2{font-size:1.25rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;"
    "margin-top:2.4rem}\n"
    "h3{font-size:1.05rem;margin:1.4rem 0 .4rem}\n"
    ".sub{color:var(--muted);margin:0 0 1.2rem}\n"
    ".decision{background:var(--band);border-left:5px solid var(--accent);"
    "padding:.8rem 1.1rem;font-size:1.08rem}\n"
    ".decision p{margin:.35rem 0}\n"
    "table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem;width:100%}\n"
    "th,td{padding:.22rem .5rem;border-bottom:1px solid var(--rule);text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--band);font-weight:600}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.id{white-space:nowrap;font-weight:600}\n"
    "td:first-child,th:first-child{white-space:nowrap}\n"
    "th.wrap{white-space:normal;overflow-wrap:anywhere}\n"
    "tr.total td{font-weight:600;border-top:2px solid var(--ink)}\n"
    "tr.group th{background:none;border-bottom:1px solid var(--ink);padding-top:.7rem}\n"
    "tr.limit td{background:#fff4e0}\n"
    ".yes{color:#17713a;font-weight:600}.no{color:var(--muted)}\n"
    ".note{color:var(--muted);font-size:.88rem}\n"
    "figure{margin:1rem 0}\n"
    "svg.chart{width:100%;height:auto;max-height:60rem;display:block}\n"
    "figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem}\n"
    "code,.mono{font-family:\"DejaVu Sans Mono\",monospace;font-size:.82rem;"
    "overflow-wrap:anywhere}\n"
    ".mono{word-break:break-all}\n"
    "ul.tight{margin:.3rem 0;padding-left:1.3rem}\n"
    "nav.toc{margin:1.2rem 0 0;font-size:.92rem;columns:2;column-gap:2rem}\n"
    "nav.toc h3{margin:0 0 .3rem;column-span:all}\n"
    "nav.toc ol{margin:0;padding-left:1.4rem}\n"
    "a{color:var(--accent);text-decoration:none}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "section{break-before:page}section.follow{break-before:auto}h2{margin-top:0}"
    "figure,tr,h3{break-inside:avoid}h3{break-after:avoid}svg.chart{max-height:230mm}"
    ".decision{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "th,tr.limit td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "</style>\n";

/* ------------------------------------------------------------------ */
/* sections                                                             */

static const char *cur(const juten_model *m)
{
    const char *c = juten_model_currency(m);
    return c && *c ? c : "";
}

/* the roles juten_model_file_role gives, for the record */
static const char *const file_roles[] = {N_("scenario"), N_("measures"), N_("areas"),
                                         N_("ministries")};

static const char *role_text(const char *role)
{
    for (size_t i = 0; role && i < sizeof file_roles / sizeof file_roles[0]; i++)
        if (!strcmp(role, file_roles[i]))
            return _(file_roles[i]);
    return role ? role : "";
}

static bool has_portfolio(const juten_result *r)
{
    juten_outcome o = juten_result_outcome(r);
    return o == JUTEN_OPTIMAL || o == JUTEN_FEASIBLE;
}

static void decision(FILE *f, const juten_meeting *mt)
{
    const juten_model *m = mt->model;
    const juten_result *r = mt->result;
    const char *c = cur(m);
    fputs("<div class=\"decision\">\n", f);
    if (!has_portfolio(r)) {
        para_open(f);
        put_text(f, juten_result_outcome(r) == JUTEN_INFEASIBLE
                        ? _("No portfolio satisfies every rule of this round: the reasons follow.")
                        : _("No portfolio was found within the limits of the search, and none "
                            "was proven impossible."));
        para_close(f);
        for (int i = 0; i < juten_result_explanation_count(r); i++) {
            para_open(f);
            put_text(f, juten_result_explanation(r, i));
            para_close(f);
        }
        fputs("</div>\n", f);
        return;
    }
    int n = juten_model_measure_count(m), k = juten_result_selected_count(r);
    para_open(f);
    if (juten_result_outcome(r) == JUTEN_OPTIMAL)
        put_fmt(f, _("Fund %d of the %d measures requested, for %.1f %s of spending: a weighted "
                     "risk reduction of %.2f, the most any portfolio within the rules achieves."),
                k, n, juten_result_spend(r), c, juten_result_objective(r));
    else
        put_fmt(f, _("Fund %d of the %d measures requested, for %.1f %s of spending: a weighted "
                     "risk reduction of %.2f, within %.1f%% of the best possible (not proven "
                     "optimal)."),
                k, n, juten_result_spend(r), c, juten_result_objective(r),
                100 * juten_result_gap(r));
    para_close(f);
    para_open(f);
    put_fmt(f, _("The spending is offset by %.1f %s of realised efficiency savings: a net of "
                 "%.1f %s against an allowed %.1f %s."),
            shown(juten_result_savings(r), 1), c, shown(juten_result_net(r), 1), c,
            shown(juten_result_headroom(r), 1), c);
    para_close(f);
    if (mt->simulation) {
        const juten_sim_summary *s = mt->simulation;
        para_open(f);
        char g[32];
        put_fmt(f, _("Over %s draws of the estimates' ranges the offset holds in %.1f%% of "
                     "them (95%% interval %.1f–%.1f%%)"),
                grouped(g, s->draws), 100 * s->offset_probability, 100 * s->offset_ci_lo,
                100 * s->offset_ci_hi);
        bool conf = false;
        if (mt->confidence && !isnan(mt->confidence->probability) && mt->confidence->result &&
            has_portfolio(mt->confidence->result)) {
            const juten_confidence *cf = mt->confidence;
            put_fmt(f, _("; a portfolio that holds with %.0f%% confidence is worth %.2f (%.1f%% "
                         "of the value above)."),
                    100 * cf->target, juten_result_objective(cf->result),
                    100 * juten_result_objective(cf->result) / juten_result_objective(r));
            conf = true;
        }
        if (!conf)
            put_text(f, _("."));
        para_close(f);
    }
    fputs("</div>\n", f);
}

static void portfolio_section(FILE *f, const juten_meeting *mt)
{
    const juten_model *m = mt->model;
    const juten_result *r = mt->result;
    if (!has_portfolio(r))
        return;
    section_open(f, "portfolio", _("The portfolio"));
    para_open(f);
    put_fmt(f, _("Cost, realised saving and weighted value of each funded measure (%s)."),
            cur(m));
    para_close(f);
    table_open(f, "llllrrr", _("id"), _("measure"), _("area"), _("ministry"), _("cost"), _("saving"), _("value"));
    for (int i = 0; i < juten_model_measure_count(m); i++) {
        if (!juten_result_selected(r, i))
            continue;
        fputs("<tr>", f);
        td_measure(f, m, i);
        td_text(f, juten_model_area_id(m, juten_model_measure_area(m, i)));
        int k = juten_model_measure_ministry(m, i);
        td_text(f, k >= 0 ? juten_model_ministry_id(m, k) : "–");
        td_num(f, juten_result_cost(r, i), 1);
        td_num(f, juten_result_saving(r, i) * juten_result_savings_rate(r), 1);
        td_num(f, juten_result_value(r, i), 2);
        fputs("</tr>\n", f);
    }
    fputs("<tr class=\"total\"><td></td>", f);
    td_text(f, _("total"));
    fputs("<td></td><td></td>", f);
    td_num(f, juten_result_spend(r), 1);
    td_num(f, juten_result_savings(r), 1);
    td_num(f, juten_result_objective(r), 2);
    fputs("</tr>\n</tbody></table>\n", f);
    fputs("</section>\n", f);
}

static bool near(double a, double b)
{
    return fabs(a - b) <= 1e-6 * (1 + fabs(b));
}

static void rules_section(FILE *f, const juten_meeting *mt)
{
    const juten_model *m = mt->model;
    const juten_result *r = mt->result;
    if (!has_portfolio(r))
        return;
    section_open(f, "rules", _("Spending by area and ministry against the rules"));
    double spend = juten_result_spend(r);
    fputs("<h3>", f);
    put_text(f, _("Policy areas"));
    fputs("</h3>\n", f);
    table_open(f, "llrrrrr", _("area"), _("name"), _("spending"), _("share"), _("minimum share"), _("maximum share"), _("weight"));
    for (int a = 0; a < juten_model_area_count(m); a++) {
        double s = juten_result_area_spend(r, a), share = spend > 0 ? s / spend : NAN;
        double lo = juten_model_area_min_share(m, a), hi = juten_model_area_max_share(m, a);
        bool at = (!isnan(lo) && near(share, lo)) || (!isnan(hi) && near(share, hi));
        fputs(at ? "<tr class=\"limit\">" : "<tr>", f);
        fputs("<td class=\"id\">", f);
        put_text(f, juten_model_area_id(m, a));
        fputs("</td>", f);
        td_text(f, juten_model_area_name(m, a));
        td_num(f, s, 1);
        td_pct(f, share, 1);
        td_pct(f, lo, 1);
        td_pct(f, hi, 1);
        td_num(f, juten_model_area_weight(m, a), 2);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    if (juten_model_ministry_count(m) > 0) {
        fputs("<h3>", f);
        put_text(f, _("Ministries"));
        fputs("</h3>\n", f);
    table_open(f, "llrrr", _("ministry"), _("name"), _("charge"), _("ceiling"), _("used"));
        for (int k = 0; k < juten_model_ministry_count(m); k++) {
            double ch = juten_result_ministry_charge(r, k), ce = juten_model_ministry_ceiling(m, k);
            bool finite = isfinite(ce);
            fputs(finite && near(ch, ce) ? "<tr class=\"limit\">" : "<tr>", f);
            fputs("<td class=\"id\">", f);
            put_text(f, juten_model_ministry_id(m, k));
            fputs("</td>", f);
            td_text(f, juten_model_ministry_name(m, k));
            td_num(f, ch, 2);
            td_num(f, finite ? ce : NAN, 1);
            td_pct(f, finite && ce > 0 ? ch / ce : NAN, 1);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    para_open(f);
    fputs("<span class=\"note\">", f);
    put_text(f, _("Rows shaded are at a limit of their rule."));
    fputs("</span>", f);
    para_close(f);
    figure(f, mt, JUTEN_HTML_ALLOCATION, _("Share of spending by area against the rules."));
    int nb = juten_result_binding_count(r);
    if (nb > 0) {
        fputs("<h3>", f);
        put_text(f, _("Rules at their limit"));
        fputs("</h3>\n<ul class=\"tight\">\n", f);
        bool weighed = juten_result_binding_weighed(r);
        for (int i = 0; i < nb; i++) {
            fputs("<li><code>", f);
            put_text(f, juten_result_binding(r, i));
            fputs("</code>", f);
            double g = weighed ? juten_result_binding_gain(r, i) : NAN;
            if (!isnan(g)) {
                fputs(" — ", f);
                put_fmt(f, _("dropping it alone would add %.2f to the value"), g);
            }
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);
}

static void more_section(FILE *f, const juten_meeting *mt)
{
    const juten_model *m = mt->model;
    const juten_result *r = mt->result, *q = mt->more;
    if (!q || !has_portfolio(r))
        return;
    const char *c = cur(m);
    char title[256];
    snprintf(title, sizeof title, _("What one more %s of savings or headroom would buy"), c);
    section_open(f, "more", title);
    if (!has_portfolio(q)) {
        para_open(f);
        put_text(f, _("The round with more money was not solved to a portfolio."));
        para_close(f);
        fputs("</section>\n", f);
        return;
    }
    int n = juten_model_measure_count(m);
    int *join = malloc(((size_t)n + 1) * sizeof *join), *leave = malloc(((size_t)n + 1) * sizeof *leave);
    int nj = 0, nl = 0;
    for (int i = 0; join && leave && i < n; i++) {
        bool a = juten_result_selected(r, i), b = juten_result_selected(q, i);
        if (b && !a)
            join[nj++] = i;
        else if (a && !b)
            leave[nl++] = i;
    }
    double gain = juten_result_objective(q) - juten_result_objective(r);
    para_open(f);
    put_fmt(f, _("With %.1f %s more headroom, or the same amount more realised savings (the "
                 "offset rule counts both alike), the best portfolio is worth %.2f: %.2f "
                 "more."),
            mt->more_amount, c, juten_result_objective(q), gain);
    para_close(f);
    if (nj == 0 && nl == 0) {
        para_open(f);
        put_text(f, _("The portfolio does not change: the extra money would stay unspent."));
        para_close(f);
    } else {
        table_open(f, "lllrrr", _("change"), _("id"), _("measure"), _("cost"), _("saving"), _("value"));
        for (int side = 0; side < 2; side++)
            for (int k = 0; k < (side ? nl : nj); k++) {
                int i = side ? leave[k] : join[k];
                fputs(side ? "<tr><td class=\"no\">" : "<tr><td class=\"yes\">", f);
                put_text(f, side ? _("leaves") : _("joins"));
                fputs("</td>", f);
                td_measure(f, m, i);
                td_num(f, juten_result_cost(q, i), 1);
                td_num(f, juten_result_saving(q, i) * juten_result_savings_rate(q), 1);
                td_num(f, juten_result_value(q, i), 2);
                fputs("</tr>\n", f);
            }
        fputs("</tbody></table>\n", f);
    }
    double dual = juten_result_offset_dual(r);
    if (isfinite(dual) && dual > 0) {
        para_open(f);
        fputs("<span class=\"note\">", f);
        put_fmt(f, _("For comparison, the linear relaxation prices the offset rule at %.2f "
                     "of value per %s; whole measures make the real gain lumpy."),
                dual, c);
        fputs("</span>", f);
        para_close(f);
    }
    free(join);
    free(leave);
    fputs("</section>\n", f);
}

static void ranking_section(FILE *f, const juten_meeting *mt)
{
    const juten_model *m = mt->model;
    const juten_ranking *rk = mt->ranking;
    if (!rk || rk->n == 0)
        return;
    const char *c = cur(m);
    section_open(f, "ranking", _("The priority ranking"));
    para_open(f);
    put_fmt(f, _("The order in which measures enter the best portfolio as the money allowed "
                 "beyond savings grows, read off %d budgets from %.1f to %.1f %s; the "
                 "scenario's own headroom is %.1f %s."),
            mt->frontier ? mt->frontier->n_points : 0, rk->range_from, rk->range_to, c,
            rk->scenario_headroom, c);
    para_close(f);
    table_open(f, "rllrrl", _("rank"), _("id"), _("measure"), _("enters at"), _("value per net cost"), _("funded now"));
    int rows = mt->ranking_rows > 0 && mt->ranking_rows < rk->n ? mt->ranking_rows : rk->n;
    for (int e = 0; e < rows; e++) {
        const juten_rank_entry *en = &rk->entries[e];
        fputs("<tr>", f);
        fprintf(f, "<td class=\"n\">%d</td>", en->rank);
        td_measure(f, m, en->measure);
        td_num(f, en->entry_at, 1);
        td_num(f, en->ratio, 2);
        fputs(en->at_scenario ? "<td class=\"yes\">" : "<td class=\"no\">", f);
        put_text(f, en->at_scenario ? _("yes") : _("no"));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    if (rows < rk->n) {
        para_open(f);
        fputs("<span class=\"note\">", f);
        put_fmt(f, _("The first %d of %d measures; `juten rank` lists them all."), rows, rk->n);
        fputs("</span>", f);
        para_close(f);
    }
    figure(f, mt, JUTEN_HTML_RANKING, _("Budget at which each measure enters, by area."));
    fputs("</section>\n", f);
}

static void frontier_section(FILE *f, const juten_meeting *mt)
{
    if (!mt->chart[JUTEN_HTML_FRONTIER])
        return;
    section_open(f, "tradeoff", _("The trade-off curve"));
    para_open(f);
    put_text(f, _("The best value reachable at each amount of money allowed beyond savings; "
                  "the dashed line marks this scenario's budget."));
    para_close(f);
    figure(f, mt, JUTEN_HTML_FRONTIER, NULL);
    fputs("</section>\n", f);
}

/* the explanations shown: those asked for, then the nearest to flipping */
static int explanation_order(const juten_meeting *mt, int *show)
{
    const juten_explanations *ex = mt->explanations;
    int n = 0;
    for (int k = 0; k < mt->n_explain_ids; k++)
        for (int e = 0; e < ex->n; e++)
            if (ex->items[e].measure == mt->explain_ids[k])
                show[n++] = e;
    for (int pick = 0; pick < mt->explain_nearest; pick++) {
        int best = -1;
        for (int e = 0; e < ex->n; e++) {
            const juten_measure_explanation *x = &ex->items[e];
            if (!x->can_flip || x->undecided || !isfinite(x->loss))
                continue;
            if (juten_model_measure_mandatory(mt->model, x->measure))
                continue;
            bool taken = false;
            for (int s = 0; s < n; s++)
                taken |= show[s] == e;
            if (taken)
                continue;
            if (best < 0 || x->loss < ex->items[best].loss - 1e-12)
                best = e;
        }
        if (best < 0)
            break;
        show[n++] = best;
    }
    return n;
}

static void explain_one(FILE *f, const juten_meeting *mt, const juten_measure_explanation *x)
{
    const juten_model *m = mt->model;
    const char *c = cur(m);
    int i = x->measure;
    fputs("<h3>", f);
    put_text(f, juten_model_measure_id(m, i));
    fputc(' ', f);
    put_text(f, juten_model_measure_name(m, i));
    fputs("</h3>\n<ul class=\"tight\">\n<li>", f);
    put_text(f, x->selected ? _("Funded.") : _("Not funded."));
    fputc(' ', f);
    if (x->undecided)
        put_text(f, _("The re-solve this needs ran out of time: no figures."));
    else if (x->can_flip)
        put_fmt(f, x->selected ? _("Leaving it out, the best portfolio is worth %.2f: %.2f "
                                   "less.")
                               : _("Forcing it in, the best portfolio is worth %.2f: %.2f "
                                   "less."),
                x->forced_objective, x->loss);
    else if (x->reason)
        put_fmt(f, _("It cannot be the other way: %s."), x->reason);
    else
        put_text(f, _("No portfolio exists with it the other way."));
    fputs("</li>\n", f);
    if (!isnan(x->break_even_risk)) {
        fputs("<li>", f);
        put_fmt(f, x->selected ? _("It stays funded while its risk reduction is at least %.2f "
                                   "(now %.2f).")
                               : _("It would be funded at a risk reduction of %.2f (now %.2f)."),
                x->break_even_risk, juten_model_measure_risk(m, i));
        fputs("</li>\n", f);
    }
    if (!isnan(x->break_even_cost)) {
        fputs("<li>", f);
        put_fmt(f, x->selected ? _("It stays funded while its cost is at most %.2f %s (now "
                                   "%.2f).")
                               : _("It would be funded at a cost of %.2f %s (now %.2f)."),
                x->break_even_cost, c, juten_model_measure_cost(m, i));
        fputs("</li>\n", f);
    }
    if (!isnan(x->break_even_saving)) {
        fputs("<li>", f);
        put_fmt(f, _("Break-even listed saving: %.2f %s (now %.2f)."), x->break_even_saving, c,
                juten_model_measure_saving(m, i));
        fputs("</li>\n", f);
    }
    if (x->n_blocking > 0) {
        fputs("<li>", f);
        put_text(f, _("Rules holding the other side back:"));
        for (int b = 0; b < x->n_blocking; b++) {
            fputs(b ? ", <code>" : " <code>", f);
            put_text(f, x->blocking[b]);
            fputs("</code>", f);
            if (x->blocking_gain && !isnan(x->blocking_gain[b])) {
                fputc(' ', f);
                put_fmt(f, _("(+%.2f)"), x->blocking_gain[b]);
            }
        }
        fputs("</li>\n", f);
    }
    if (!x->can_flip && !isnan(x->least_headroom)) {
        fputs("<li>", f);
        put_fmt(f, _("It becomes possible from a headroom of %.1f %s."), x->least_headroom, c);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void explanations_section(FILE *f, const juten_meeting *mt)
{
    const juten_explanations *ex = mt->explanations;
    if (!ex || ex->n == 0)
        return;
    int *show = malloc(((size_t)ex->n + (size_t)mt->n_explain_ids + 1) * sizeof *show);
    if (!show)
        return;
    int n = explanation_order(mt, show);
    section_open(f, "explanations", _("Measures the meeting may ask about"));
    para_open(f);
    put_fmt(f, _("The %d decisions closest to flipping (the least value lost if decided the "
                 "other way)%s."),
            n - mt->n_explain_ids,
            mt->n_explain_ids > 0 ? _(", after those asked for") : "");
    para_close(f);
    for (int s = 0; s < n; s++)
        explain_one(f, mt, &ex->items[show[s]]);
    figure(f, mt, JUTEN_HTML_TORNADO,
           _("How far each decision is from flipping: the value lost by deciding it the other "
             "way."));
    free(show);
    fputs("</section>\n", f);
}

static void alternatives_section(FILE *f, const juten_meeting *mt)
{
    const juten_portfolios *p = mt->alternatives;
    const juten_model *m = mt->model;
    if (!p || p->n <= 1 || !p->items[0].selected)
        return;
    const char *c = cur(m);
    int n = juten_model_measure_count(m);
    section_open(f, "alternatives", _("Alternatives worth discussing"));
    para_open(f);
    put_fmt(f, _("The best portfolios that differ from the recommended one, and from each "
                 "other, in at least %d measures."),
            p->differ_by);
    para_close(f);
    const unsigned char *base = p->items[0].selected;
    int *idx = malloc(((size_t)n + 1) * sizeof *idx);
    if (!idx)
        return;
    table_open(f, "lrrrll", _("portfolio"), _("value"), _("spending"), _("net"), _("adds"), _("drops"));
    for (int a = 0; a < p->n; a++) {
        const juten_portfolio *q = &p->items[a];
        fputs("<tr>", f);
        if (a == 0)
            td_text(f, _("recommended"));
        else {
            char name[64];
            snprintf(name, sizeof name, _("alternative %d"), a);
            td_text(f, name);
        }
        td_num(f, q->objective, 2);
        td_num(f, q->spend, 1);
        td_num(f, q->net, 1);
        for (int side = 0; side < 2; side++) {
            int k = 0;
            for (int i = 0; a > 0 && i < n; i++)
                if ((side == 0 && q->selected[i] && !base[i]) ||
                    (side == 1 && !q->selected[i] && base[i]))
                    idx[k++] = i;
            fputs("<td>", f);
            if (k)
                put_measure_list(f, m, idx, k);
            else
                fputs("–", f);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    para_open(f);
    fputs("<span class=\"note\">", f);
    put_fmt(f, _("Spending and net in %s."), c);
    fputs("</span>", f);
    para_close(f);
    free(idx);
    fputs("</section>\n", f);
}

static void prices_section(FILE *f, const juten_meeting *mt)
{
    const juten_prices *p = mt->prices;
    if (!p || p->n == 0)
        return;
    section_open(f, "prices", _("What each rule costs"));
    para_open(f);
    put_text(f, _("The value given up because of each family of rules: the optimum without it "
                  "minus the optimum with every rule."));
    para_close(f);
    table_open(f, "lrr", _("rule"), _("price"), _("range"));
    for (int k = 0; k < p->n; k++) {
        const juten_rule_price *q = &p->items[k];
        fputs("<tr>", f);
        td_text(f, juten_text_rule_family(q->family));
        td_num(f, q->price, 2);
        fputs("<td class=\"n\">", f);
        if (near(q->lo, q->hi))
            fputs("–", f);
        else {
            put_number(f, q->lo, 2);
            fputs("–", f);
            put_number(f, q->hi, 2);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    fputs("</section>\n", f);
}

static void uncertainty_section(FILE *f, const juten_meeting *mt)
{
    const juten_sim_summary *s = mt->simulation;
    if (!s)
        return;
    const juten_model *m = mt->model;
    const char *c = cur(m);
    section_open(f, "uncertainty", _("How sure the numbers are"));
    para_open(f);
    char g[32];
    put_fmt(f, _("The recommended portfolio over %s draws of costs, risk reductions and "
                 "savings from their declared ranges (seed %llu)."),
            grouped(g, s->draws), (unsigned long long)s->seed);
    para_close(f);
    table_open(f, "lrrrr", _("figure"), _("mean"), _("5%"), _("median"), _("95%"));
    struct {
        const char *name;
        const juten_dist_stats *st;
        int dec;
    } rows[] = {{_("net (spending − savings)"), &s->net, 2},
                {_("spending"), &s->spend, 2},
                {_("realised savings"), &s->savings, 2},
                {_("value"), &s->value, 2}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        fputs("<tr>", f);
        td_text(f, rows[k].name);
        td_num(f, rows[k].st->mean, rows[k].dec);
        td_num(f, rows[k].st->p5, rows[k].dec);
        td_num(f, rows[k].st->p50, rows[k].dec);
        td_num(f, rows[k].st->p95, rows[k].dec);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n<ul class=\"tight\">\n<li>", f);
    put_fmt(f, _("The offset holds in %.1f%% of draws (95%% interval %.1f–%.1f%%); the net "
                 "stays within the headroom of %.1f %s."),
            100 * s->offset_probability, 100 * s->offset_ci_lo, 100 * s->offset_ci_hi,
            s->headroom, c);
    fputs("</li>\n<li>", f);
    put_fmt(f, _("In the worst 5%% of draws the net exceeds the headroom by %.2f %s on "
                 "average."),
            s->expected_overrun_worst5, c);
    fputs("</li>\n<li>", f);
    put_fmt(f, _("Every rule holds at once in %.1f%% of draws."), 100 * s->all_rules_probability);
    fputs("</li>\n</ul>\n", f);
    if (s->n_rules > 1) {
        table_open(f, "lr", _("rule"), _("holds in"));
        for (int q = 0; q < s->n_rules; q++) {
            fputs("<tr><td><code>", f);
            put_text(f, s->rule_names[q]);
            fputs("</code></td>", f);
            td_pct(f, s->rule_probability[q], 1);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    if (s->n_drivers > 0) {
        fputs("<h3>", f);
        put_text(f, _("The estimates that move the net most"));
        fputs("</h3>\n", f);
    table_open(f, "lllr", _("id"), _("measure"), _("estimate"), _("rank correlation with the net"));
        for (int k = 0; k < s->n_drivers && k < 8; k++) {
            const juten_driver *dv = &s->drivers[k];
            fputs("<tr>", f);
            td_measure(f, m, dv->measure);
            td_text(f, dv->field == JUTEN_FIELD_COST     ? _("cost")
                       : dv->field == JUTEN_FIELD_RISK   ? _("risk reduction")
                                                         : _("saving"));
            td_num(f, dv->rank_correlation, 2);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    figure(f, mt, JUTEN_HTML_SIMULATION, _("The net balance over the draws, with the headroom."));
    const juten_confidence *cf = mt->confidence;
    if (cf) {
        fputs("<h3>", f);
        put_text(f, _("The price of confidence"));
        fputs("</h3>\n", f);
        para_open(f);
        if (cf->result && has_portfolio(cf->result))
            put_fmt(f, _("The best portfolio whose offset holds with %.0f%% confidence is worth "
                         "%.2f against %.2f; out of sample it holds in %.2f%% of %s fresh "
                         "draws (%.2f–%.2f%%)."),
                    100 * cf->target, juten_result_objective(cf->result), cf->nominal_objective,
                    100 * cf->probability, grouped(g, cf->draws), 100 * cf->ci_lo, 100 * cf->ci_hi);
        else
            put_fmt(f, _("No portfolio holds with %.0f%% confidence."), 100 * cf->target);
        para_close(f);
        if (cf->n_price > 0) {
            table_open(f, "lrrr", _("level"), _("value"), _("value given up"), _("offset holds (out of sample)"));
            for (int k = 0; k < cf->n_price; k++) {
                const juten_confidence_point *pt = &cf->price[k];
                char lvl[64];
                if (pt->robust)
                    snprintf(lvl, sizeof lvl, "%s", _("robust (costs high, savings low)"));
                else if (pt->target == 0)
                    snprintf(lvl, sizeof lvl, "%s", _("most likely values"));
                else
                    snprintf(lvl, sizeof lvl, "%.0f%%", 100 * pt->target);
                fputs("<tr>", f);
                td_text(f, lvl);
                td_num(f, pt->objective, 2);
                td_num(f, pt->price, 2);
                td_pct(f, pt->probability, 1);
                fputs("</tr>\n", f);
            }
            fputs("</tbody></table>\n", f);
        }
        figure(f, mt, JUTEN_HTML_CONFIDENCE,
               _("Value against the probability that the offset holds."));
    }
    fputs("</section>\n", f);
}

/* a row heading the rows below it, across the whole table */
static void group_row(FILE *f, int cols, const char *title)
{
    fprintf(f, "<tr class=\"group\"><th colspan=\"%d\">", cols);
    put_text(f, title);
    fputs("</th></tr>\n", f);
}

static void comparison_section(FILE *f, const juten_meeting *mt)
{
    const juten_comparison *cm = mt->comparison;
    if (!cm)
        return;
    section_open(f, "comparison", mt->comparison_title && *mt->comparison_title
                                      ? mt->comparison_title
                                      : _("The scenarios side by side"));
    para_open(f);
    put_fmt(f, _("%d scenarios, the first the reference; money in %s."), cm->n,
            cur(cm->s[0].model));
    para_close(f);
    fputs("<table>\n<thead><tr>", f);
    th(f, _("figure"), false);
    for (int k = 0; k < cm->n; k++)
        th_wrap(f, juten_model_name(cm->s[k].model), true);
    fputs("</tr></thead>\n<tbody>\n", f);
    static const char *const rows[] = {N_("status"), N_("value"), N_("spending"),
                                       N_("realised savings"), N_("net"), N_("headroom"),
                                       N_("measures funded"), N_("offset holds")};
    for (size_t q = 0; q < sizeof rows / sizeof rows[0]; q++) {
        if (q == 7 && cm->draws == 0)
            continue;
        fputs("<tr>", f);
        td_text(f, _(rows[q]));
        for (int k = 0; k < cm->n; k++) {
            const juten_compare_scenario *s = &cm->s[k];
            const juten_result *r = s->result;
            switch (q) {
            case 0:
                fputs("<td class=\"n\">", f);
                put_text(f, juten_text_outcome(juten_result_outcome(r)));
                fputs("</td>", f);
                break;
            case 1: td_num(f, s->have ? juten_result_objective(r) : NAN, 2); break;
            case 2: td_num(f, s->have ? juten_result_spend(r) : NAN, 1); break;
            case 3: td_num(f, s->have ? juten_result_savings(r) : NAN, 1); break;
            case 4: td_num(f, s->have ? juten_result_net(r) : NAN, 1); break;
            case 5: td_num(f, s->headroom, 1); break;
            case 6: fprintf(f, "<td class=\"n\">%d</td>", s->selected); break;
            case 7: td_pct(f, s->simulated ? s->offset_probability : NAN, 1); break;
            }
        }
        fputs("</tr>\n", f);
    }
    group_row(f, cm->n + 1, _("Spending by area (share of the scenario's spending)"));
    for (int a = 0; a < cm->n_areas; a++) {
        fputs("<tr>", f);
        td_text(f, cm->area_ids[a]);
        for (int k = 0; k < cm->n; k++) {
            const juten_compare_scenario *s = &cm->s[k];
            double sp = s->have ? juten_result_spend(s->result) : NAN;
            fputs("<td class=\"n\">", f);
            put_number(f, s->area_spend[a], 1);
            if (sp > 0 && !isnan(s->area_spend[a])) {
                fputs(" (", f);
                put_percent(f, s->area_spend[a] / sp, 1);
                fputs(")", f);
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    if (cm->n_ministries > 0)
        group_row(f, cm->n + 1, _("Charge by ministry"));
    for (int q = 0; q < cm->n_ministries; q++) {
        fputs("<tr>", f);
        td_text(f, cm->ministry_ids[q]);
        for (int k = 0; k < cm->n; k++)
            td_num(f, cm->s[k].ministry_charge[q], 2);
        fputs("</tr>\n", f);
    }
    bool priced = false;
    for (int k = 0; k < cm->n; k++)
        priced |= cm->s[k].prices && cm->s[k].prices->n > 0;
    if (priced)
        group_row(f, cm->n + 1, _("Price of each rule"));
    for (unsigned bit = 1; bit & JUTEN_RULE_ALL; bit <<= 1) {
        bool any = false;
        for (int k = 0; k < cm->n; k++)
            for (int q = 0; cm->s[k].prices && q < cm->s[k].prices->n; q++)
                any |= cm->s[k].prices->items[q].family == bit;
        if (!any)
            continue;
        fputs("<tr>", f);
        td_text(f, juten_text_rule_family(bit));
        for (int k = 0; k < cm->n; k++) {
            double v = NAN;
            for (int q = 0; cm->s[k].prices && q < cm->s[k].prices->n; q++)
                if (cm->s[k].prices->items[q].family == bit)
                    v = cm->s[k].prices->items[q].price;
            td_num(f, v, 2);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    if (cm->draws > 0) {
        para_open(f);
        fputs("<span class=\"note\">", f);
        char g[32];
        put_fmt(f, _("The offset probabilities use the same %s draws for every scenario (seed "
                     "%llu)."),
                grouped(g, cm->draws), (unsigned long long)cm->seed);
        fputs("</span>", f);
        para_close(f);
    }
    fputs("<h3>", f);
    put_text(f, _("What each scenario changes"));
    fputs("</h3>\n<ul class=\"tight\">\n", f);
    for (int k = 1; k < cm->n; k++) {
        fputs("<li><b>", f);
        put_text(f, juten_model_name(cm->s[k].model));
        fputs("</b>: ", f);
        if (cm->s[k].n_changes == 0)
            put_text(f, _("no change in its inputs"));
        for (int q = 0; q < cm->s[k].n_changes; q++) {
            if (q)
                fputs("; ", f);
            fputs("<code>", f);
            put_text(f, cm->s[k].changes[q]);
            fputs("</code>", f);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
    if (cm->n_differences > 0) {
        fputs("<h3>", f);
        put_text(f, _("Measures funded in some scenarios but not all"));
        fputs("</h3>\n", f);
    fputs("<table>\n<thead><tr>", f);
        th(f, _("id"), false);
        th(f, _("measure"), false);
        for (int k = 0; k < cm->n; k++)
            th_wrap(f, juten_model_name(cm->s[k].model), false);
        fputs("</tr></thead>\n<tbody>\n", f);
        for (int q = 0; q < cm->n_differences; q++) {
            const juten_compare_difference *df = &cm->differences[q];
            fputs("<tr><td class=\"id\">", f);
            put_text(f, df->id);
            fputs("</td>", f);
            td_text(f, df->name);
            for (int k = 0; k < cm->n; k++) {
                fputs(df->funded[k] ? "<td class=\"yes\">" : "<td class=\"no\">", f);
                put_text(f, df->funded[k] ? _("funded") : "–");
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    figure(f, mt, JUTEN_HTML_COMPARE, _("Value and spending by area, one bar per scenario."));
    fputs("</section>\n", f);
}

static void record_files(FILE *f, const juten_model *m)
{
    for (int k = 0; k < juten_model_file_count(m); k++) {
        fputs("<tr>", f);
        td_text(f, role_text(juten_model_file_role(m, k)));
        fputs("<td class=\"mono\">", f);
        put_text(f, juten_model_file_path(m, k));
        fputs("</td><td class=\"mono\">", f);
        put_text(f, juten_model_file_sha256(m, k));
        fputs("</td></tr>\n", f);
    }
}

static void record_section(FILE *f, const juten_meeting *mt)
{
    section_open(f, "record", _("Decision record"));
    para_open(f);
    put_text(f, _("Everything needed to reproduce every number in this report: run the "
                  "command below on files with these sha256 sums, with the same versions."));
    para_close(f);
    fputs("<table>\n<tbody>\n<tr>", f);
    th(f, _("command"), false);
    fputs("<td class=\"mono\">", f);
    put_text(f, mt->command_line ? mt->command_line : "");
    fputs("</td></tr>\n<tr>", f);
    th(f, _("versions"), false);
    fputs("<td>", f);
    put_fmt(f, "juten %s, %s, GSL %s", mt->juten_version ? mt->juten_version : "?",
            mt->solver_version ? mt->solver_version : "?",
            mt->gsl_version ? mt->gsl_version : "?");
    fputs("</td></tr>\n", f);
    if (mt->simulation) {
        fputs("<tr>", f);
        th(f, _("simulation"), false);
        fputs("<td>", f);
        put_fmt(f, _("%ld draws, seed %llu"), mt->simulation->draws,
                (unsigned long long)mt->simulation->seed);
        if (mt->confidence) {
            fputs("; ", f);
            put_fmt(f, _("confidence %.0f%%: %ld samples, %ld validation draws, seed %llu"),
                    100 * mt->confidence->target, mt->confidence->samples,
                    mt->confidence->draws, (unsigned long long)mt->confidence->seed);
        }
        fputs("</td></tr>\n", f);
    }
    if (mt->solve) {
        fputs("<tr>", f);
        th(f, _("solver settings"), false);
        fputs("<td>", f);
        put_fmt(f, _("relative gap %g, node limit %ld (0: none), time limit %g s"),
                mt->solve->mip_gap, mt->solve->node_limit, mt->solve->time_limit);
        fputs("</td></tr>\n", f);
    }
    fputs("<tr>", f);
    th(f, _("result"), false);
    fputs("<td>", f);
    put_text(f, juten_text_outcome(juten_result_outcome(mt->result)));
    fputs("</td></tr>\n</tbody></table>\n", f);
    fputs("<h3>", f);
    put_text(f, _("Input files"));
    fputs("</h3>\n", f);
    table_open(f, "lll", _("role"), _("file"), "sha256");
    if (mt->comparison)
        for (int k = 0; k < mt->comparison->n; k++)
            record_files(f, mt->comparison->s[k].model);
    else
        record_files(f, mt->model);
    fputs("</tbody></table>\n", f);
    fputs("</section>\n", f);
}

/* "Contents": a link to each <section id="X"> of body with its <h2> title
 * (already escaped there, so copied as it is). */
static void contents(FILE *f, const char *body)
{
    fputs("<nav class=\"toc\">\n<h3>", f);
    put_text(f, _("Contents"));
    fputs("</h3>\n<ol>\n", f);
    for (const char *p = body; (p = strstr(p, "<section id=\"")) != NULL;) {
        p += 13;
        const char *q = strchr(p, '"'), *h = strstr(p, "<h2>"), *e = h ? strstr(h, "</h2>") : NULL;
        if (!q || !h || !e)
            break;
        fputs("<li><a href=\"#", f);
        fwrite(p, 1, (size_t)(q - p), f);
        fputs("\">", f);
        fwrite(h + 4, 1, (size_t)(e - h - 4), f);
        fputs("</a></li>\n", f);
        p = e;
    }
    fputs("</ol>\n</nav>\n", f);
}

juten_status juten_report_html(FILE *f, const juten_meeting *mt, juten_diags *d)
{
    if (!mt || !mt->model || !mt->result) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "juten_report_html: a model and its result are required");
        return JUTEN_ERR_USAGE;
    }
    const juten_model *m = mt->model;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            juten_i18n_language());
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    put_text(f, mt->comparison_title && *mt->comparison_title ? mt->comparison_title
                                                              : juten_model_name(m));
    fputs(" — ", f);
    put_text(f, _("budget prioritisation report"));
    fputs("</title>\n", f);
    fputs(css, f);
    fputs("</head>\n<body>\n<header>\n<h1>", f);
    put_text(f, juten_model_name(m));
    fputs("</h1>\n<p class=\"sub\">", f);
    put_text(f, _("Budget prioritisation report"));
    if (mt->comparison) {
        fputs(" · ", f);
        put_fmt(f, _("reference scenario of %d compared"), mt->comparison->n);
    }
    fputs(" · <span class=\"mono\">", f);
    put_text(f, mt->file ? mt->file : "");
    fputs("</span></p>\n</header>\n", f);
    decision(f, mt);
    /* the sections go to memory first, so that the contents can list the
     * ones present, by the titles they were given */
    char *body = NULL;
    size_t body_len = 0;
    FILE *b = open_memstream(&body, &body_len);
    if (!b) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "%s", _("out of memory"));
        return JUTEN_ERR_NOMEM;
    }
    portfolio_section(b, mt);
    rules_section(b, mt);
    more_section(b, mt);
    ranking_section(b, mt);
    frontier_section(b, mt);
    explanations_section(b, mt);
    alternatives_section(b, mt);
    prices_section(b, mt);
    uncertainty_section(b, mt);
    comparison_section(b, mt);
    record_section(b, mt);
    bool lost = ferror(b) != 0;
    if (fclose(b) != 0 || lost || !body) {
        free(body);
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "%s", _("out of memory"));
        return JUTEN_ERR_NOMEM;
    }
    contents(f, body);
    fwrite(body, 1, body_len, f);
    free(body);
    fputs("</body>\n</html>\n", f);
    if (ferror(f)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "%s", _("writing the report failed"));
        return JUTEN_ERR_IO;
    }
    return JUTEN_OK;
}
