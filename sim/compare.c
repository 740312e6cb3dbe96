/*
 * compare.c -- what-if scenarios side by side (juten_compare.h).
 *
 * Each scenario is solved as `solve` solves it, priced as `solve` prices
 * it, and its optimum simulated as `simulate` simulates it -- but every
 * scenario over the same draws: draws are keyed by measure id (sampler.c),
 * so with one seed and one number of draws a measure listed by two
 * scenarios gets the same numbers in both, and a difference in the offset
 * probability is a difference of the scenarios, not of sampling.  The seed
 * and the draws are the reference's (or the caller's), whatever each
 * what-if declares.
 *
 * The changes are read from the loaded models through the public
 * accessors, by id, so they say what the solver saw, not what a file
 * seemed to say (a key inherited through `base =` is no change).
 */
#include "juten_compare.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void juten_compare_options_init(juten_compare_options *o)
{
    memset(o, 0, sizeof *o);
    juten_solve_options_init(&o->solve);
    o->prices = true;
    o->simulate = true;
}

/* ---- unions of ids ------------------------------------------------------ */

typedef struct id_union {
    int n, cap;
    const char **ids, **names;
} id_union;

static int union_find(const id_union *u, const char *id)
{
    for (int i = 0; i < u->n; i++)
        if (!strcmp(u->ids[i], id))
            return i;
    return -1;
}

static bool union_add(id_union *u, const char *id, const char *name)
{
    if (!id || union_find(u, id) >= 0)
        return true;
    if (u->n == u->cap) {
        int cap = u->cap ? 2 * u->cap : 16;
        const char **a = realloc(u->ids, (size_t)cap * sizeof *a);
        if (!a)
            return false;
        u->ids = a;
        const char **b = realloc(u->names, (size_t)cap * sizeof *b);
        if (!b)
            return false;
        u->names = b;
        u->cap = cap;
    }
    u->ids[u->n] = id;
    u->names[u->n] = name;
    u->n++;
    return true;
}

/* ---- changes against the reference --------------------------------------- */

typedef struct changes {
    int n;
    char **items;
    bool nomem;
} changes;

/* The changes are also CSV cells and JSON values (report/compare.c), which
 * machines read: they stay in English, untranslated. */
static void change_add(changes *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void change_add(changes *c, const char *fmt, ...)
{
    if (c->nomem)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **a = realloc(c->items, ((size_t)c->n + 1) * sizeof *a);
    char *s = a ? strdup(buf) : NULL;
    if (a)
        c->items = a;
    if (!s) {
        c->nomem = true;
        return;
    }
    c->items[c->n++] = s;
}

/* Equal as settings: both absent (NAN), both unlimited, or the same. */
static bool same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* A setting as the change line prints it: "none" for no rule. */
static const char *show(char *buf, double v)
{
    if (isnan(v) || isinf(v))
        return "none";
    snprintf(buf, 40, "%.15g", v == 0 ? 0.0 : v);
    return buf;
}

static void change_num(changes *c, const char *what, double a, double b)
{
    char x[40], y[40];
    if (!same(a, b))
        change_add(c, "%s %s -> %s", what, show(x, a), show(y, b));
}

static const char *force_name(int f)
{
    return f > 0 ? "include" : f < 0 ? "exclude" : "none";
}

static void diff_models(const juten_model *r, const juten_model *m, changes *c)
{
    char what[200];
    change_num(c, "headroom", juten_model_headroom(r), juten_model_headroom(m));
    change_num(c, "savings_rate", juten_model_savings_rate(r), juten_model_savings_rate(m));
    /* areas */
    for (int a = 0; a < juten_model_area_count(m); a++) {
        const char *id = juten_model_area_id(m, a);
        int b = -1;
        for (int k = 0; k < juten_model_area_count(r); k++)
            if (!strcmp(juten_model_area_id(r, k), id))
                b = k;
        if (b < 0) {
            change_add(c, "new area %s", id);
            continue;
        }
        static const char *const fields[] = {"weight", "min_share", "max_share", "min_spend",
                                             "max_spend"};
        double (*const get[])(const juten_model *, int) = {
            juten_model_area_weight, juten_model_area_min_share, juten_model_area_max_share,
            juten_model_area_min_spend, juten_model_area_max_spend};
        for (int q = 0; q < 5; q++) {
            snprintf(what, sizeof what, "%s[%s]", fields[q], id);
            change_num(c, what, get[q](r, b), get[q](m, a));
        }
    }
    for (int k = 0; k < juten_model_area_count(r); k++) {
        bool found = false;
        for (int a = 0; a < juten_model_area_count(m) && !found; a++)
            found = !strcmp(juten_model_area_id(r, k), juten_model_area_id(m, a));
        if (!found)
            change_add(c, "area %s absent", juten_model_area_id(r, k));
    }
    /* tag minimums, by tag id (a tag without a minimum reads NAN) */
    for (int t = 0; t < juten_model_tag_count(m); t++) {
        const char *id = juten_model_tag_id(m, t);
        double before = NAN;
        for (int k = 0; k < juten_model_tag_count(r); k++)
            if (!strcmp(juten_model_tag_id(r, k), id))
                before = juten_model_tag_minimum(r, k);
        snprintf(what, sizeof what, "tag_min[%s]", id);
        change_num(c, what, before, juten_model_tag_minimum(m, t));
    }
    for (int k = 0; k < juten_model_tag_count(r); k++) {
        const char *id = juten_model_tag_id(r, k);
        bool found = false;
        for (int t = 0; t < juten_model_tag_count(m) && !found; t++)
            found = !strcmp(juten_model_tag_id(m, t), id);
        if (!found && !isnan(juten_model_tag_minimum(r, k))) {
            snprintf(what, sizeof what, "tag_min[%s]", id);
            change_num(c, what, juten_model_tag_minimum(r, k), NAN);
        }
    }
    /* ministries */
    for (int a = 0; a < juten_model_ministry_count(m); a++) {
        const char *id = juten_model_ministry_id(m, a);
        int b = -1;
        for (int k = 0; k < juten_model_ministry_count(r); k++)
            if (!strcmp(juten_model_ministry_id(r, k), id))
                b = k;
        if (b < 0) {
            change_add(c, "new ministry %s", id);
            continue;
        }
        snprintf(what, sizeof what, "ceiling[%s]", id);
        change_num(c, what, juten_model_ministry_ceiling(r, b), juten_model_ministry_ceiling(m, a));
    }
    for (int k = 0; k < juten_model_ministry_count(r); k++) {
        bool found = false;
        for (int a = 0; a < juten_model_ministry_count(m) && !found; a++)
            found = !strcmp(juten_model_ministry_id(r, k), juten_model_ministry_id(m, a));
        if (!found)
            change_add(c, "ministry %s absent", juten_model_ministry_id(r, k));
    }
    /* measures: forced decisions, numbers, and those only in one */
    for (int i = 0; i < juten_model_measure_count(m); i++) {
        const char *id = juten_model_measure_id(m, i);
        int j = juten_model_find_measure(r, id);
        if (j < 0) {
            change_add(c, "new measure %s", id);
            continue;
        }
        int fr = juten_model_measure_force(r, j), fm = juten_model_measure_force(m, i);
        if (fr != fm) {
            if (fr == 0)
                change_add(c, "%s %s", force_name(fm), id);
            else
                change_add(c, "force[%s] %s -> %s", id, force_name(fr), force_name(fm));
        }
        if (juten_model_measure_mandatory(r, j) != juten_model_measure_mandatory(m, i))
            change_add(c, "mandatory[%s] %s -> %s", id,
                       juten_model_measure_mandatory(r, j) ? "yes" : "no",
                       juten_model_measure_mandatory(m, i) ? "yes" : "no");
        static const char *const fields[] = {"cost", "risk_reduction", "saving"};
        double (*const get[])(const juten_model *, int) = {
            juten_model_measure_cost, juten_model_measure_risk, juten_model_measure_saving};
        for (int q = 0; q < 3; q++) {
            snprintf(what, sizeof what, "%s[%s]", fields[q], id);
            change_num(c, what, get[q](r, j), get[q](m, i));
        }
    }
    for (int j = 0; j < juten_model_measure_count(r); j++)
        if (juten_model_find_measure(m, juten_model_measure_id(r, j)) < 0)
            change_add(c, "measure %s absent", juten_model_measure_id(r, j));
    /* the distribution settings */
    const juten_uncertainty *ur = juten_model_uncertainty(r), *um = juten_model_uncertainty(m);
    if (ur->declared != um->declared)
        change_add(c, "[uncertainty] %s -> %s", ur->declared ? "declared" : "none",
                   um->declared ? "declared" : "none");
    for (int f = 0; f < JUTEN_FIELDS; f++)
        if (ur->dist[f] != um->dist[f])
            change_add(c, "distribution[%s] %s -> %s", juten_field_name((juten_field)f),
                       juten_distribution_name(ur->dist[f]), juten_distribution_name(um->dist[f]));
    change_num(c, "pert_gamma", ur->pert_gamma, um->pert_gamma);
    change_num(c, "draws", (double)ur->draws, (double)um->draws);
    if (ur->seed != um->seed)
        change_add(c, "seed %llu -> %llu", (unsigned long long)ur->seed,
                   (unsigned long long)um->seed);
    change_num(c, "correlation_ministry", ur->correlation_ministry, um->correlation_ministry);
    change_num(c, "correlation_area", ur->correlation_area, um->correlation_area);
}

/* ---- the comparison ------------------------------------------------------ */

void juten_comparison_free(juten_comparison *c)
{
    if (!c)
        return;
    for (int k = 0; c->s && k < c->n; k++) {
        juten_compare_scenario *s = &c->s[k];
        juten_result_free(s->result);
        juten_prices_free(s->prices);
        free(s->area_spend);
        free(s->area_value);
        free(s->ministry_charge);
        for (int i = 0; i < s->n_changes; i++)
            free(s->changes[i]);
        free(s->changes);
    }
    for (int i = 0; c->differences && i < c->n_differences; i++)
        free(c->differences[i].funded);
    free(c->differences);
    free(c->s);
    free(c->area_ids);
    free(c->area_names);
    free(c->ministry_ids);
    free(c->ministry_names);
    free(c);
}

/* The offset probability of scenario s's portfolio over the shared draws. */
static juten_status simulate_one(juten_compare_scenario *s, const juten_compare_options *o,
                                 long draws, uint64_t seed, juten_diags *d)
{
    const juten_model *m = s->model;
    int n = juten_model_measure_count(m);
    juten_uncertainty u = *juten_model_uncertainty(m);
    u.draws = draws;
    u.seed = seed;
    unsigned char *x = calloc((size_t)n + 1, 1);
    juten_sampler *sampler = NULL;
    juten_rules *rules = NULL;
    juten_sim_records *rec = NULL;
    juten_sim_summary *sum = NULL;
    juten_status st = x ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int i = 0; x && i < n; i++)
        x[i] = juten_result_selected(s->result, i) ? 1 : 0;
    if (st == JUTEN_OK)
        st = juten_sampler_create(m, &u, &sampler, d);
    if (st == JUTEN_OK)
        st = juten_rules_create(m, o->solve.headroom, o->solve.savings_rate, &rules);
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = m;
    su.sampler = sampler;
    su.portfolio = x;
    su.jobs = o->jobs;
    if (st == JUTEN_OK)
        st = juten_sim_run(&su, 0, draws, &rec, d);
    if (st == JUTEN_OK)
        st = juten_sim_summarise(&su, rules, rec, &sum, d);
    if (st == JUTEN_OK) {
        s->simulated = true;
        s->offset_probability = sum->offset_probability;
        s->offset_ci_lo = sum->offset_ci_lo;
        s->offset_ci_hi = sum->offset_ci_hi;
    }
    juten_sim_summary_free(sum);
    juten_sim_records_free(rec);
    juten_rules_free(rules);
    juten_sampler_free(sampler);
    free(x);
    return st;
}

juten_status juten_compare(const juten_model *const *models, int n,
                           const juten_compare_options *o, juten_comparison **out,
                           juten_diags *d)
{
    *out = NULL;
    if (!models || n < 2 || n > 8 || !o) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("a comparison takes 2 to 8 scenarios, the first the reference; "
                        "%d given"), n);
        return JUTEN_ERR_USAGE;
    }
    juten_comparison *c = calloc(1, sizeof *c);
    if (!c)
        return JUTEN_ERR_NOMEM;
    c->n = n;
    c->s = calloc((size_t)n, sizeof *c->s);
    id_union ua = {0}, um = {0}, ux = {0};
    juten_status st = c->s ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int k = 0; st == JUTEN_OK && k < n; k++) {
        const juten_model *m = models[k];
        for (int a = 0; a < juten_model_area_count(m); a++)
            if (!union_add(&ua, juten_model_area_id(m, a), juten_model_area_name(m, a)))
                st = JUTEN_ERR_NOMEM;
        for (int a = 0; a < juten_model_ministry_count(m); a++)
            if (!union_add(&um, juten_model_ministry_id(m, a), juten_model_ministry_name(m, a)))
                st = JUTEN_ERR_NOMEM;
        for (int i = 0; i < juten_model_measure_count(m); i++)
            if (!union_add(&ux, juten_model_measure_id(m, i), juten_model_measure_name(m, i)))
                st = JUTEN_ERR_NOMEM;
    }
    c->n_areas = ua.n;
    c->area_ids = ua.ids;
    c->area_names = ua.names;
    c->n_ministries = um.n;
    c->ministry_ids = um.ids;
    c->ministry_names = um.names;
    /* the shared draws: the reference's, unless the caller says otherwise */
    const juten_uncertainty *ref_u = juten_model_uncertainty(models[0]);
    long draws = o->draws > 0 ? o->draws : ref_u->draws;
    uint64_t seed = o->seed_given ? o->seed : ref_u->seed;
    c->draws_from_reference = o->draws <= 0;
    c->seed_from_reference = !o->seed_given;
    c->seed = seed;
    for (int k = 0; st == JUTEN_OK && k < n; k++) {
        juten_compare_scenario *s = &c->s[k];
        const juten_model *m = models[k];
        s->model = m;
        s->offset_probability = s->offset_ci_lo = s->offset_ci_hi = NAN;
        juten_solve_options so = o->solve;
        st = juten_solve(m, &so, &s->result, d);
        if (st != JUTEN_OK)
            break;
        juten_outcome oc = juten_result_outcome(s->result);
        s->have = oc == JUTEN_OPTIMAL || oc == JUTEN_FEASIBLE;
        s->selected = s->have ? juten_result_selected_count(s->result) : 0;
        s->headroom = juten_result_headroom(s->result);
        s->savings_rate = juten_result_savings_rate(s->result);
        s->area_spend = malloc(((size_t)ua.n + 1) * sizeof *s->area_spend);
        s->area_value = malloc(((size_t)ua.n + 1) * sizeof *s->area_value);
        s->ministry_charge = malloc(((size_t)um.n + 1) * sizeof *s->ministry_charge);
        if (!s->area_spend || !s->area_value || !s->ministry_charge) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        for (int a = 0; a < ua.n; a++)
            s->area_spend[a] = s->area_value[a] = NAN;
        for (int a = 0; a < um.n; a++)
            s->ministry_charge[a] = NAN;
        for (int a = 0; a < juten_model_area_count(m); a++) {
            int u = union_find(&ua, juten_model_area_id(m, a));
            s->area_spend[u] = s->have ? juten_result_area_spend(s->result, a) : 0.0;
            s->area_value[u] = 0.0;
        }
        for (int i = 0; s->have && i < juten_model_measure_count(m); i++)
            if (juten_result_selected(s->result, i)) {
                int u = union_find(&ua, juten_model_area_id(m, juten_model_measure_area(m, i)));
                s->area_value[u] += juten_result_value(s->result, i);
            }
        for (int a = 0; a < juten_model_ministry_count(m); a++)
            s->ministry_charge[union_find(&um, juten_model_ministry_id(m, a))] =
                s->have ? juten_result_ministry_charge(s->result, a) : 0.0;
        if (s->have && o->prices)
            st = juten_rule_prices_of(m, &so, s->result, &s->prices, d);
        if (st == JUTEN_OK && s->have && o->simulate && juten_model_uncertainty(m)->declared) {
            st = simulate_one(s, o, draws, seed, d);
            c->draws = draws;
        }
        if (st == JUTEN_OK && k > 0) {
            changes ch = {0, NULL, false};
            diff_models(models[0], m, &ch);
            s->n_changes = ch.n;
            s->changes = ch.items;
            if (ch.nomem)
                st = JUTEN_ERR_NOMEM;
        }
        if (st != JUTEN_OK)
            juten_diags_add(d, JUTEN_ERROR, juten_model_file_count(m) > 0
                                                ? juten_model_file_path(m, 0) : NULL,
                            0, 0, _("comparing scenario %d (%s) stopped"), k + 1,
                            juten_model_name(m));
    }
    /* the measures funded in some scenarios but not all */
    for (int u = 0; st == JUTEN_OK && u < ux.n; u++) {
        bool any = false, all = true;
        bool *f = malloc((size_t)n * sizeof *f);
        if (!f) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        for (int k = 0; k < n; k++) {
            int i = juten_model_find_measure(models[k], ux.ids[u]);
            f[k] = i >= 0 && c->s[k].have && juten_result_selected(c->s[k].result, i);
            any = any || f[k];
            all = all && f[k];
        }
        if (!any || all) {
            free(f);
            continue;
        }
        juten_compare_difference *nd =
            realloc(c->differences, ((size_t)c->n_differences + 1) * sizeof *nd);
        if (!nd) {
            free(f);
            st = JUTEN_ERR_NOMEM;
            break;
        }
        c->differences = nd;
        nd[c->n_differences++] = (juten_compare_difference){ux.ids[u], ux.names[u], f};
    }
    free(ux.ids);
    free(ux.names);
    if (st != JUTEN_OK) {
        juten_comparison_free(c);
        return st;
    }
    *out = c;
    return JUTEN_OK;
}
