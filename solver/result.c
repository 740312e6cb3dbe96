/*
 * result.c -- what a run reports: the portfolio's totals, per-area and
 * per-ministry figures recomputed in index order from the solver's plain
 * numbers (so reports never depend on GLPK's floating-point path), the
 * rules at their limit, and the public accessors of juten_result.
 */
#include "solver_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

juten_result *juten_result_alloc(const juten_solver *s)
{
    juten_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t n = (size_t)s->n + 1;
    r->n = s->n;
    r->selected = calloc(n, 1);
    r->cost = malloc(n * sizeof(double));
    r->risk = malloc(n * sizeof(double));
    r->saving = malloc(n * sizeof(double));
    r->value = malloc(n * sizeof(double));
    r->area_spend = calloc((size_t)s->m->n_areas + 1, sizeof(double));
    r->ministry_charge = calloc((size_t)s->m->n_ministries + 1, sizeof(double));
    if (!r->selected || !r->cost || !r->risk || !r->saving || !r->value ||
        !r->area_spend || !r->ministry_charge) {
        juten_result_free(r);
        return NULL;
    }
    memcpy(r->cost, s->cost, (size_t)s->n * sizeof(double));
    memcpy(r->risk, s->risk, (size_t)s->n * sizeof(double));
    memcpy(r->saving, s->saving, (size_t)s->n * sizeof(double));
    memcpy(r->value, s->val, (size_t)s->n * sizeof(double));
    r->objective = r->best_bound = r->gap = r->lp_bound = r->offset_dual = NAN;
    r->headroom = s->headroom;
    r->savings_rate = s->rate;
    r->rules = s->rules;
    return r;
}

/* Totals, per-area and per-ministry figures and binding rules of the
 * portfolio in r->selected, all recomputed in index order. */
juten_status juten_result_summarise(juten_solver *s, const juten_solve_options *o, juten_result *r)
{
    const juten_model *m = s->m;
    double obj = 0, spend = 0, sav = 0;
    r->n_selected = 0;
    for (int j = 0; j < s->n; j++) {
        if (!r->selected[j])
            continue;
        r->n_selected++;
        obj += s->val[j];
        spend += s->cost[j];
        sav += s->saving[j];
        r->area_spend[m->measures[j].area] += s->cost[j];
        for (int k = 0; k < m->n_ministries; k++) {
            double sh = juten_measure_charge_share(&m->measures[j], k);
            if (sh != 0.0)
                r->ministry_charge[k] += sh * s->cost[j];
        }
    }
    r->objective = obj;
    r->spend = spend;
    r->savings = s->rate * sav;
    r->net = spend - r->savings;
    for (int q = 0; q < s->nrows; q++) {
        if (!(s->rules & s->rows[q].family) || s->rows[q].family == JUTEN_RULE_INTERNAL ||
            s->row_off[q])
            continue;
        const juten_row *row = &s->rows[q];
        double act = juten_solver_row_activity(s, q, r->selected);
        double lb = s->row_lb[q], ub = s->row_ub[q];
        bool tight = (isfinite(ub) && ub - act <= juten_feas_tol(ub)) ||
                     (isfinite(lb) && act - lb <= juten_feas_tol(lb));
        if (row->kind == JUTEN_ROW_REQUIRES && !r->selected[row->ref])
            tight = false; /* 0 <= 0 with neither funded says nothing */
        if (tight && !juten_strlist_add(&r->binding, &r->n_binding, "%s", row->name))
            return JUTEN_ERR_NOMEM;
    }
    /* only the run a planner asked to explain, on a proven optimum, and not
     * the analyses' own searches (net cost, value floors, other objectives) */
    if (o->explain && r->outcome == JUTEN_OPTIMAL && !s->min_net && isnan(s->value_above) &&
        !s->custom_obj)
        return juten_binding_gains(s, o, r);
    return JUTEN_OK;
}

/* ---- result accessors ------------------------------------------------- */

void juten_result_free(juten_result *r)
{
    if (!r)
        return;
    free(r->selected);
    free(r->cost); free(r->risk); free(r->saving); free(r->value);
    free(r->area_spend);
    free(r->ministry_charge);
    for (int i = 0; i < r->n_binding; i++)
        free(r->binding[i]);
    free(r->binding);
    free(r->binding_gain);
    for (int i = 0; i < r->n_explanation; i++)
        free(r->explanation[i]);
    free(r->explanation);
    free(r);
}

juten_outcome juten_result_outcome(const juten_result *r) { return r->outcome; }
double juten_result_objective(const juten_result *r) { return r->objective; }
double juten_result_best_bound(const juten_result *r) { return r->best_bound; }
double juten_result_gap(const juten_result *r) { return r->gap; }
double juten_result_spend(const juten_result *r) { return r->spend; }
double juten_result_savings(const juten_result *r) { return r->savings; }
double juten_result_net(const juten_result *r) { return r->net; }
double juten_result_headroom(const juten_result *r) { return r->headroom; }
double juten_result_savings_rate(const juten_result *r) { return r->savings_rate; }
double juten_result_seconds(const juten_result *r) { return r->seconds; }
bool juten_result_time_limited(const juten_result *r) { return r->time_limited; }
bool juten_result_node_limited(const juten_result *r) { return r->node_limited; }
int juten_result_selected_count(const juten_result *r) { return r->n_selected; }
int juten_result_binding_count(const juten_result *r) { return r->n_binding; }
int juten_result_explanation_count(const juten_result *r) { return r->n_explanation; }

bool juten_result_selected(const juten_result *r, int i)
{
    return i >= 0 && i < r->n && r->selected[i];
}

const char *juten_result_binding(const juten_result *r, int i)
{
    return i >= 0 && i < r->n_binding ? r->binding[i] : NULL;
}

const char *juten_result_explanation(const juten_result *r, int i)
{
    return i >= 0 && i < r->n_explanation ? r->explanation[i] : NULL;
}


double juten_result_lp_bound(const juten_result *r) { return r->lp_bound; }
double juten_result_offset_dual(const juten_result *r) { return r->offset_dual; }
/* the public families only: analyses' own rows carry JUTEN_RULE_INTERNAL */
unsigned juten_result_rules(const juten_result *r) { return r->rules & JUTEN_RULE_ALL; }
bool juten_result_binding_weighed(const juten_result *r) { return r->binding_gain != NULL; }
int juten_result_binding_inert(const juten_result *r) { return r->n_binding_inert; }
int juten_result_binding_unchecked(const juten_result *r) { return r->n_binding_unchecked; }

double juten_result_cost(const juten_result *r, int j)
{
    return j >= 0 && j < r->n ? r->cost[j] : NAN;
}

double juten_result_risk(const juten_result *r, int j)
{
    return j >= 0 && j < r->n ? r->risk[j] : NAN;
}

double juten_result_saving(const juten_result *r, int j)
{
    return j >= 0 && j < r->n ? r->saving[j] : NAN;
}

double juten_result_value(const juten_result *r, int j)
{
    return j >= 0 && j < r->n ? r->value[j] : NAN;
}

double juten_result_area_spend(const juten_result *r, int a)
{
    /* the result does not record the model's area count: a < 0 is all
     * that can be told apart here */
    return a >= 0 ? r->area_spend[a] : NAN;
}

double juten_result_ministry_charge(const juten_result *r, int k)
{
    return k >= 0 ? r->ministry_charge[k] : NAN;
}

double juten_result_binding_gain(const juten_result *r, int i)
{
    return r->binding_gain && i >= 0 && i < r->n_binding ? r->binding_gain[i] : NAN;
}
