/*
 * simulation.c -- `juten simulate` as a planner reads it (table) and as a
 * machine reads it (CSV, one long table); the JSON form is json.c's.
 *
 * Money carries the data's decimals plus one (a mean of amounts with one
 * decimal needs the second to show a difference); probabilities are
 * percentages with one decimal, their intervals too.
 */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 10 /* drivers and EVPPI shown in the table */

static const char *dist_text(char *buf, size_t n, const juten_uncertainty *u)
{
    if (u->dist[0] == u->dist[1] && u->dist[1] == u->dist[2]) {
        snprintf(buf, n, "%s", juten_distribution_name(u->dist[0]));
    } else {
        snprintf(buf, n, "cost %s, risk_reduction %s, saving %s",
                 juten_distribution_name(u->dist[0]), juten_distribution_name(u->dist[1]),
                 juten_distribution_name(u->dist[2]));
    }
    bool pert = u->dist[0] == JUTEN_DIST_PERT || u->dist[1] == JUTEN_DIST_PERT ||
                u->dist[2] == JUTEN_DIST_PERT;
    if (pert) {
        size_t l = strlen(buf);
        char g[64];
        snprintf(buf + l, n - l, " (beta-PERT shape %s)", juten_text_amount(g, u->pert_gamma, 3));
    }
    return buf;
}

static void dist_line(FILE *f, const char *label, const juten_dist_stats *s, int dec,
                      const char *unit)
{
    char a[5][64];
    fprintf(f, "  %-22s mean %s, sd %s; 5%% %s, median %s, 95%% %s%s\n", label,
            juten_text_fixed(a[0], s->mean, dec), juten_text_fixed(a[1], s->sd, dec),
            juten_text_fixed(a[2], s->p5, dec), juten_text_fixed(a[3], s->p50, dec),
            juten_text_fixed(a[4], s->p95, dec), unit);
}

static juten_status table(FILE *f, const juten_model *m, const juten_uncertainty *u,
                          const unsigned char *portfolio, const char *source,
                          const juten_sim_summary *s)
{
    juten_precision pr;
    juten_precision_of(m, s->headroom, s->savings_rate, &pr);
    int dm = pr.net + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS : pr.net + 1;
    int dv = pr.value;
    const char *cur = juten_model_currency(m);
    char unit[64];
    snprintf(unit, sizeof unit, "%s%s", *cur ? " " : "", cur);
    char a[8][64], dt[160];
    int n = juten_model_measure_count(m), k = 0;
    for (int i = 0; i < n; i++)
        k += portfolio[i] != 0;

    fprintf(f, "%s: %ld draws (seed %llu), %s\n", juten_model_name(m), s->draws,
            (unsigned long long)s->seed, dist_text(dt, sizeof dt, u));
    if (u->correlation_ministry > 0 || u->correlation_area > 0)
        fprintf(f, "Correlation: a ministry's estimates share %s of their variation, an "
                   "area's %s\n", juten_text_percent(a[0], u->correlation_ministry),
                juten_text_percent(a[1], u->correlation_area));
    if (!u->declared)
        fprintf(f, "(the scenario has no [uncertainty] section: these are the defaults)\n");
    fprintf(f, "Portfolio: %s, %d measures\n", source, k);
    if (!s->structural_ok)
        fprintf(f, "  warning: it breaks a dependency, exclusive group or forced decision\n");

    fprintf(f, "\nOffset rule (net balance at most the headroom of %s%s):\n",
            juten_text_amount(a[0], s->headroom, pr.money), unit);
    fprintf(f, "  holds in %s of draws (95%% interval %s to %s)\n",
            juten_text_percent(a[0], s->offset_probability),
            juten_text_percent(a[1], s->offset_ci_lo), juten_text_percent(a[2], s->offset_ci_hi));
    dist_line(f, "net balance", &s->net, dm, unit);
    dist_line(f, "spending", &s->spend, dm, unit);
    dist_line(f, "realised savings", &s->savings, dm, unit);
    fprintf(f, "  %-22s %s%s (mean excess over the headroom in the worst 5%% of draws)\n",
            "expected overrun", juten_text_fixed(a[0], s->expected_overrun_worst5, dm), unit);

    fprintf(f, "\nValue (weighted risk reduction): nominal %s\n",
            juten_text_fixed(a[0], s->value_nominal, dv));
    dist_line(f, "value", &s->value, dv + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS : dv + 1,
              "");

    if (s->n_rules > 1) {
        fprintf(f, "\nProbability that each rule holds:\n");
        for (int q = 0; q < s->n_rules; q++)
            fprintf(f, "  %-34s %7s\n", s->rule_names[q],
                    juten_text_percent(a[0], s->rule_probability[q]));
        fprintf(f, "  %-34s %7s\n", "all of them at once",
                juten_text_percent(a[0], s->all_rules_probability));
    }

    if (s->n_drivers > 0) {
        fprintf(f, "\nWhat moves the net balance most (rank correlation with it):\n");
        const char *hd[] = {"id", "estimate", "ministry", "name", "correlation"};
        juten_table *t = juten_table_new(5, hd, "lllll");
        if (!t)
            return JUTEN_ERR_NOMEM;
        juten_table_set_max_width(t, 3, 36);
        for (int i = 0; i < s->n_drivers && i < MAX_ROWS; i++) {
            const juten_driver *dr = &s->drivers[i];
            int mi = juten_model_measure_ministry(m, dr->measure);
            char *nm = juten_text_one_line(juten_model_measure_name(m, dr->measure));
            snprintf(a[0], 64, "%+.2f", dr->rank_correlation);
            const char *cells[] = {juten_model_measure_id(m, dr->measure),
                                   juten_field_name(dr->field),
                                   mi >= 0 ? juten_model_ministry_id(m, mi) : "-",
                                   nm ? nm : "", a[0]};
            bool ok = juten_table_add(t, cells);
            free(nm);
            if (!ok) {
                juten_table_free(t);
                return JUTEN_ERR_NOMEM;
            }
        }
        juten_table_print(t, f, 2);
        juten_table_free(t);
        if (s->n_drivers > MAX_ROWS)
            fprintf(f, "  (%d more in the CSV and JSON output)\n", s->n_drivers - MAX_ROWS);
    }

    if (!s->reoptimised)
        return ferror(f) ? JUTEN_ERR_IO : JUTEN_OK;

    fprintf(f, "\nReoptimised for each draw: %ld draws with a portfolio, %ld proven to have none",
            s->feasible_draws, s->infeasible_draws);
    if (s->limited_draws)
        fprintf(f, ", %ld where a limit stopped the search before any", s->limited_draws);
    if (s->unproven_draws)
        fprintf(f, "; %ld not proven optimal (limits)", s->unproven_draws);
    fprintf(f, "\n");
    dist_line(f, "optimal value", &s->optimum, dv, "");
    dist_line(f, "regret of this one", &s->regret, dv, "");
    fprintf(f, "  (regret: the draw's optimum minus this portfolio's value, which counts "
               "as 0 in a draw where it breaks a rule)\n");
    if (s->regret_held_draws > 0)
        fprintf(f, "  %-22s mean %s, in the %s of draws where it meets every rule\n", "",
                juten_text_fixed(a[0], s->regret_held_mean, dv),
                juten_text_percent(a[1], (double)s->regret_held_draws / (double)s->draws));
    else
        fprintf(f, "  %-22s it meets every rule in none of the draws\n", "");

    fprintf(f, "\nSelection frequency (core: funded in at least 90%% of draws, exterior: at "
               "most 10%%):\n");
    const char *hs[] = {"id", "name", "frequency", "95% interval", "class", "here"};
    juten_table *t = juten_table_new(6, hs, "llrlll");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 1, 36);
    for (int i = 0; i < s->n_selection; i++) {
        const juten_selection *sl = &s->selection[i];
        char *nm = juten_text_one_line(juten_model_measure_name(m, sl->measure));
        char ci[140];
        snprintf(ci, sizeof ci, "%s-%s", juten_text_percent(a[1], sl->ci_lo),
                 juten_text_percent(a[2], sl->ci_hi));
        const char *cells[] = {juten_model_measure_id(m, sl->measure), nm ? nm : "",
                               juten_text_percent(a[0], sl->frequency), ci, sl->class_name,
                               portfolio[sl->measure] ? "yes" : ""};
        bool ok = juten_table_add(t, cells);
        free(nm);
        if (!ok) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    juten_table_print(t, f, 2);
    juten_table_free(t);

    fprintf(f, "\nValue of information (weighted risk reduction, %d candidate portfolios):\n",
            s->n_candidates);
    fprintf(f, "  perfect information on every estimate (EVPI): %s\n",
            juten_text_fixed(a[0], s->evpi, dv + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS : dv + 1));
    fprintf(f, "  worth refining first (EVPPI, Strong & Oakley's method, %d blocks):\n",
            s->evppi_blocks);
    const char *he[] = {"id", "estimate", "name", "EVPPI"};
    t = juten_table_new(4, he, "lllr");
    if (!t)
        return JUTEN_ERR_NOMEM;
    juten_table_set_max_width(t, 2, 36);
    for (int i = 0; i < s->n_evppi && i < MAX_ROWS; i++) {
        const juten_evppi *e = &s->evppi[i];
        char *nm = juten_text_one_line(juten_model_measure_name(m, e->measure));
        const char *cells[] = {juten_model_measure_id(m, e->measure), juten_field_name(e->field),
                               nm ? nm : "",
                               juten_text_fixed(a[0], e->value,
                                                dv + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS
                                                                            : dv + 1)};
        bool ok = juten_table_add(t, cells);
        free(nm);
        if (!ok) {
            juten_table_free(t);
            return JUTEN_ERR_NOMEM;
        }
    }
    juten_table_print(t, f, 4);
    juten_table_free(t);
    return ferror(f) ? JUTEN_ERR_IO : JUTEN_OK;
}

/* ---- CSV: section, item, name, field, value, ci_low, ci_high ------------ */

/* One row; its numbers with the d decimals the table shows them with (a
 * share or probability, shown as a percent with one decimal: 3). */
static void row(FILE *f, const char *section, const char *item, const char *name,
                const char *field, double v, double lo, double hi, int d)
{
    juten_csv_cell(f, section, true);
    fputc(',', f);
    juten_csv_cell(f, item, true);
    fputc(',', f);
    juten_csv_cell(f, name ? name : "", true);
    fputc(',', f);
    juten_csv_cell(f, field ? field : "", true);
    fputc(',', f);
    juten_csv_number(f, v, d);
    fputc(',', f);
    juten_csv_number(f, lo, d);
    fputc(',', f);
    juten_csv_number(f, hi, d);
    fputs("\r\n", f);
}

static void dist_rows(FILE *f, const char *section, const juten_dist_stats *s, int d)
{
    row(f, section, "mean", NULL, NULL, s->mean, NAN, NAN, d);
    row(f, section, "sd", NULL, NULL, s->sd, NAN, NAN, d);
    row(f, section, "p5", NULL, NULL, s->p5, NAN, NAN, d);
    row(f, section, "p50", NULL, NULL, s->p50, NAN, NAN, d);
    row(f, section, "p95", NULL, NULL, s->p95, NAN, NAN, d);
}

static juten_status csv(FILE *f, const juten_model *m, const unsigned char *portfolio,
                        const juten_sim_summary *s)
{
    /* the table's decimals (table() above) */
    juten_precision pr;
    juten_precision_of(m, s->headroom, s->savings_rate, &pr);
    const int dm = pr.net + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS : pr.net + 1;
    const int dv = pr.value, dv1 = dv + 1 > JUTEN_MAX_DECIMALS ? JUTEN_MAX_DECIMALS : dv + 1;
    const int pc = 3; /* a percent with one decimal, as a fraction */
    fputs("\xEF\xBB\xBFsection,item,name,field,value,ci_low,ci_high\r\n", f);
    row(f, "run", "draws", NULL, NULL, (double)s->draws, NAN, NAN, 0);
    /* the seed as the integer it is: a double would round a 64-bit one */
    fprintf(f, "run,seed,,,%llu,,\r\n", (unsigned long long)s->seed);
    row(f, "offset", "headroom", NULL, NULL, s->headroom, NAN, NAN, pr.money);
    row(f, "offset", "probability", NULL, NULL, s->offset_probability, s->offset_ci_lo,
        s->offset_ci_hi, pc);
    row(f, "offset", "expected_overrun_worst5", NULL, NULL, s->expected_overrun_worst5, NAN,
        NAN, dm);
    dist_rows(f, "net", &s->net, dm);
    dist_rows(f, "spend", &s->spend, dm);
    dist_rows(f, "savings", &s->savings, dm);
    row(f, "value", "nominal", NULL, NULL, s->value_nominal, NAN, NAN, dv);
    dist_rows(f, "value", &s->value, dv1);
    for (int q = 0; q < s->n_rules; q++)
        row(f, "rule", s->rule_names[q], NULL, NULL, s->rule_probability[q], NAN, NAN, pc);
    row(f, "rule", "all", NULL, NULL, s->all_rules_probability, NAN, NAN, pc);
    int n = juten_model_measure_count(m);
    for (int i = 0; i < n; i++)
        if (portfolio[i])
            row(f, "portfolio", juten_model_measure_id(m, i), juten_model_measure_name(m, i),
                NULL, 1, NAN, NAN, 0);
    for (int i = 0; i < s->n_drivers; i++)
        row(f, "driver", juten_model_measure_id(m, s->drivers[i].measure),
            juten_model_measure_name(m, s->drivers[i].measure),
            juten_field_name(s->drivers[i].field), s->drivers[i].rank_correlation, NAN, NAN, 2);
    if (s->reoptimised) {
        row(f, "reoptimise", "feasible_draws", NULL, NULL, (double)s->feasible_draws, NAN, NAN,
            0);
        row(f, "reoptimise", "infeasible_draws", NULL, NULL, (double)s->infeasible_draws, NAN,
            NAN, 0);
        row(f, "reoptimise", "unproven_draws", NULL, NULL, (double)s->unproven_draws, NAN, NAN,
            0);
        row(f, "reoptimise", "limited_without_portfolio_draws", NULL, NULL,
            (double)s->limited_draws, NAN, NAN, 0);
        dist_rows(f, "optimum", &s->optimum, dv);
        dist_rows(f, "regret", &s->regret, dv);
        row(f, "regret", "where_rules_hold_mean", NULL, NULL, s->regret_held_mean, NAN, NAN, dv);
        row(f, "regret", "where_rules_hold_draws", NULL, NULL, (double)s->regret_held_draws, NAN,
            NAN, 0);
        for (int i = 0; i < s->n_selection; i++) {
            const juten_selection *sl = &s->selection[i];
            row(f, "frequency", juten_model_measure_id(m, sl->measure),
                juten_model_measure_name(m, sl->measure), sl->class_name, sl->frequency,
                sl->ci_lo, sl->ci_hi, pc);
        }
        row(f, "voi", "evpi", NULL, NULL, s->evpi, NAN, NAN, dv1);
        for (int i = 0; i < s->n_evppi; i++)
            row(f, "evppi", juten_model_measure_id(m, s->evppi[i].measure),
                juten_model_measure_name(m, s->evppi[i].measure),
                juten_field_name(s->evppi[i].field), s->evppi[i].value, NAN, NAN, dv1);
    }
    return ferror(f) ? JUTEN_ERR_IO : JUTEN_OK;
}

juten_status juten_report_simulation(FILE *f, juten_format fmt, const juten_model *m,
                                     const juten_uncertainty *u, const unsigned char *portfolio,
                                     const char *portfolio_source,
                                     const juten_sim_summary *s, juten_diags *d)
{
    juten_status st;
    switch (fmt) {
    case JUTEN_FORMAT_JSON:
        return juten_report_json_simulation(f, m, u, portfolio, portfolio_source, s, d);
    case JUTEN_FORMAT_XLSX:
        return juten_report_xlsx_simulation(f, m, u, portfolio, portfolio_source, s, d);
    case JUTEN_FORMAT_CSV:
        st = csv(f, m, portfolio, s);
        break;
    default:
        st = table(f, m, u, portfolio, portfolio_source, s);
        break;
    }
    if (st == JUTEN_ERR_IO)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "writing the simulation output failed");
    return st;
}
