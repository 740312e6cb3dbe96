/*
 * solver.c -- a solver's life: create and free, new numbers, keeping GLPK
 * in step with a run's options (juten_solver_prepare), the fixed reference
 * of re-solves, and the run itself.
 *
 * A solver builds the program of juten_solver.h once from a model
 * (formulation.c) and keeps it in GLPK.  A run applies only what changed
 * since the previous run: new values rewrite the rows that use them, a new
 * savings rate the offset row, a new headroom or a different set of rule
 * families only bounds.  This is what makes frontiers, explanations and
 * Monte Carlo draws cheap: thousands of runs share one problem object.
 *
 * Every portfolio GLPK returns is checked against the plain copy of the
 * rows before it is reported (result.c recomputes its figures in a fixed
 * order), so that reports do not depend on GLPK's floating-point path and a
 * solver defect cannot pass silently.
 */
#include "solver_int.h"
#include "juten_i18n.h"
#include "juten_gsl.h"
#include "juten_clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *juten_solver_backend_version(void) { return juten_lpi_version(); }

double juten_solver_clock(void) { return juten_clock_monotonic(); }

void juten_solve_options_init(juten_solve_options *o)
{
    o->time_limit = 60.0;
    o->node_limit = 0;
    o->deadline = 0.0;
    o->mip_gap = 0.0;
    o->headroom = NAN;
    o->savings_rate = NAN;
    o->rules = JUTEN_RULE_ALL;
    o->heuristic = true;
    o->explain = true;
    o->fix = NULL;
    o->start = NULL;
    o->progress = NULL;
    o->progress_ctx = NULL;
}

/* ---- names ------------------------------------------------------------ */

/* ---- building --------------------------------------------------------- */

/* (Re)create the GLPK problem from the plain rows: at creation, and after a
 * GLPK fault in this thread destroyed it, so one fault costs one run, not
 * the solver. */
static juten_status make_lpi(juten_solver *s, juten_diags *d)
{
    juten_lpi_free(s->lp);
    s->lp = NULL;
    char **rn = malloc(((size_t)s->nrows + 1) * sizeof *rn);
    if (!rn)
        return JUTEN_ERR_NOMEM;
    for (int r = 0; r < s->nrows; r++)
        rn[r] = s->rows[r].lp_name;
    juten_status st = juten_lpi_create(&s->lp, s->nrows, s->n, d);
    if (st == JUTEN_OK)
        st = juten_lpi_set_names(s->lp, "juten", "risk_reduction", (const char *const *)rn,
                                 (const char *const *)s->col_names, d);
    free(rn);
    if (st == JUTEN_OK)
        st = juten_form_push_rows(s, JUTEN_DEP_ALL, d);
    s->lp_cold = true;
    return st;
}

juten_status juten_solver_create(const juten_model *m, juten_solver **out,
                                 juten_diags *d)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!m) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("no model given to the solver"));
        return JUTEN_ERR_USAGE;
    }
    juten_gsl_init(); /* before anything here can reach GSL */
    juten_solver *s = calloc(1, sizeof *s);
    if (!s)
        return JUTEN_ERR_NOMEM;
    s->m = m;
    s->owner = juten_lpi_thread_id();
    s->n = m->n_measures;
    size_t n = (size_t)s->n + 1;
    s->cost = malloc(n * sizeof(double));
    s->risk = malloc(n * sizeof(double));
    s->saving = malloc(n * sizeof(double));
    s->obj = malloc(n * sizeof(double));
    s->val = malloc(n * sizeof(double));
    s->col_lb = malloc(n * sizeof(double));
    s->col_ub = malloc(n * sizeof(double));
    s->sel = malloc(n);
    s->chk = malloc(n);
    s->order = malloc(n * sizeof(int));
    s->stack = malloc(n * sizeof(int));
    s->score = malloc(n * sizeof(double));
    s->mark = calloc(n, sizeof(int));
    s->fix = calloc(n, 1);
    s->ref_cstat = malloc(n * sizeof(int));
    juten_status st = JUTEN_ERR_NOMEM;
    if (!s->cost || !s->risk || !s->saving || !s->obj || !s->val || !s->col_lb || !s->col_ub ||
        !s->sel || !s->chk || !s->order || !s->stack || !s->score || !s->mark || !s->fix ||
        !s->ref_cstat)
        goto fail;
    for (int j = 0; j < s->n; j++) {
        s->cost[j] = m->measures[j].cost;
        s->risk[j] = m->measures[j].risk;
        s->saving[j] = m->measures[j].saving;
    }
    s->rate = m->savings_rate;
    s->headroom = m->headroom;
    s->rules = JUTEN_RULE_ALL;
    if ((st = juten_form_enumerate_rows(s)) != JUTEN_OK || (st = juten_form_collect_members(s)) != JUTEN_OK)
        goto fail;
    st = JUTEN_ERR_NOMEM;
    size_t nr = (size_t)s->nrows + 1;
    s->row_lb = malloc(nr * sizeof(double));
    s->row_ub = malloc(nr * sizeof(double));
    s->act = malloc(nr * sizeof(double));
    s->row_off = calloc(nr, 1);
    s->col_rule_off = calloc(n, 1);
    s->value_row = -1;
    s->value_above = NAN;
    s->delta = calloc(nr, sizeof(double));
    s->touched = malloc(nr * sizeof(int));
    s->rowmark = calloc(nr, 1);
    if (!s->row_lb || !s->row_ub || !s->act || !s->delta || !s->touched || !s->rowmark ||
        !s->row_off || !s->col_rule_off)
        goto fail;
    /* LP-safe unique names for the export */
    s->col_names = calloc(n, sizeof *s->col_names);
    char **rn = malloc(nr * sizeof *rn);
    if (!rn || !s->col_names) {
        free(rn);
        goto fail;
    }
    bool names_ok = true;
    for (int r = 0; r < s->nrows; r++)
        names_ok &= (rn[r] = juten_lp_safe(s->rows[r].name)) != NULL;
    for (int j = 0; j < s->n; j++) {
        char *full = juten_solver_asprintf("x(%s)", m->measures[j].id);
        s->col_names[j] = full ? juten_lp_safe(full) : NULL;
        free(full);
        names_ok &= s->col_names[j] != NULL;
    }
    /* rows and columns are unique separately: their prefixes differ */
    names_ok = names_ok && juten_lp_uniquify(rn, s->nrows) && juten_lp_uniquify(s->col_names, s->n);
    for (int r = 0; r < s->nrows; r++)
        s->rows[r].lp_name = rn[r];
    free(rn);
    if (!names_ok)
        goto fail;
    if ((st = juten_form_build_matrix(s)) != JUTEN_OK || (st = make_lpi(s, d)) != JUTEN_OK)
        goto fail;
    *out = s;
    return JUTEN_OK;
fail:
    if (st == JUTEN_ERR_NOMEM)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("out of memory while building the integer program"));
    juten_solver_free(s);
    return st;
}

void juten_solver_free(juten_solver *s)
{
    if (!s)
        return;
    juten_solver_clear_chance(s);
    juten_lpi_free(s->lp);
    for (int j = 0; s->col_names && j < s->n; j++)
        free(s->col_names[j]);
    free(s->col_names);
    for (int r = 0; r < s->nrows; r++) {
        free(s->rows[r].name);
        free(s->rows[r].lp_name);
        free(s->rows[r].members);
    }
    free(s->rows);
    free(s->rstart); free(s->rcol); free(s->rval);
    free(s->cstart); free(s->crow); free(s->cval); free(s->cpos); free(s->row_dep);
    free(s->fix); free(s->ref_rstat); free(s->ref_cstat); free(s->ref_sel);
    free(s->cost); free(s->risk); free(s->saving); free(s->obj); free(s->val);
    free(s->row_off);
    free(s->col_rule_off);
    free(s->col_lb); free(s->col_ub); free(s->row_lb); free(s->row_ub);
    free(s->act); free(s->sel); free(s->chk); free(s->order); free(s->stack); free(s->score);
    free(s->mark); free(s->delta); free(s->touched); free(s->rowmark);
    free(s);
}

juten_status juten_solver_set_values(juten_solver *s, const double *cost,
                                     const double *risk, const double *saving,
                                     juten_diags *d)
{
    if (!s)
        return JUTEN_ERR_USAGE;
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    for (int j = 0; j < s->n; j++) {
        double c = cost ? cost[j] : s->m->measures[j].cost;
        double r = risk ? risk[j] : s->m->measures[j].risk;
        double v = saving ? saving[j] : s->m->measures[j].saving;
        if (!isfinite(c) || !isfinite(r) || !isfinite(v) || c < 0 || v < 0) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("measure %s: values must be finite with cost and saving >= 0 "
                            "(got cost %g, risk reduction %g, saving %g)"),
                            s->m->measures[j].id, c, r, v);
            return JUTEN_ERR_USAGE;
        }
    }
    /* only the entries of the changed columns, in the rows that use the
     * changed numbers: a new risk reduction touches the objective (and the
     * value row) alone, a new saving the offset row alone */
    unsigned changed = 0;
    for (int j = 0; j < s->n; j++) {
        double c = cost ? cost[j] : s->m->measures[j].cost;
        double r = risk ? risk[j] : s->m->measures[j].risk;
        double v = saving ? saving[j] : s->m->measures[j].saving;
        unsigned dep = (c != s->cost[j] ? JUTEN_DEP_COST : 0u) |
                       (v != s->saving[j] ? JUTEN_DEP_SAVING : 0u) |
                       (r != s->risk[j] ? JUTEN_DEP_RISK : 0u);
        if (!dep)
            continue;
        s->cost[j] = c;
        s->saving[j] = v;
        s->risk[j] = r;
        s->val[j] = s->m->areas[s->m->measures[j].area].weight * r;
        if (dep & JUTEN_DEP_COST)
            dep |= JUTEN_DEP_SAVING; /* the offset row holds c - rate * s */
        juten_form_update_column(s, j, dep);
        changed |= dep;
    }
    s->dirty |= changed;
    if (changed)
        s->lp_cold = true; /* new numbers: no earlier basis is a starting point */
    return JUTEN_OK;
}

/* Bring GLPK's copy in line with the options and values of this run. */
juten_status juten_solver_prepare(juten_solver *s, const juten_solve_options *o, juten_diags *d)
{
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    double rate = isnan(o->savings_rate) ? s->m->savings_rate : o->savings_rate;
    double head = isnan(o->headroom) ? s->m->headroom : o->headroom;
    if (!isfinite(rate) || rate < 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the savings rate must be a finite number >= 0 (got %g)"), rate);
        return JUTEN_ERR_USAGE;
    }
    if (!isfinite(head)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("the headroom must be finite (got %g)"), head);
        return JUTEN_ERR_USAGE;
    }
    s->headroom = head;
    s->rules = (o->rules & JUTEN_RULE_ALL) | JUTEN_RULE_INTERNAL;
    /* the caller's decisions are read now, not kept: its array may go */
    s->have_fix = o->fix != NULL;
    for (int j = 0; j < s->n; j++)
        s->fix[j] = o->fix ? o->fix[j] : 0;
    if (!juten_lpi_alive(s->lp)) {
        /* an earlier GLPK fault in this thread destroyed the problem */
        s->rate = rate;
        JUTEN_TRY(juten_form_build_matrix(s));
        JUTEN_TRY(make_lpi(s, d));
        s->dirty = 0;
        s->pushed_min_net = s->min_net;
        s->pushed_custom = s->custom_obj;
    }
    if (rate != s->rate) {
        s->rate = rate;
        juten_form_update_rate(s);
    }
    if (s->dirty & JUTEN_DEP_ALL)
        JUTEN_TRY(juten_form_build_matrix(s)); /* rows were added */
    if (s->dirty || s->min_net != s->pushed_min_net || s->custom_obj != s->pushed_custom) {
        /* another objective over the same rows keeps the matrix, and so
         * GLPK's basis (the frontier alternates "best value" and "least
         * money" solves) */
        JUTEN_TRY(juten_form_push_rows(s, s->dirty, d));
        s->dirty = 0;
        s->pushed_min_net = s->min_net;
        s->pushed_custom = s->custom_obj;
    }
    if (!isnan(s->value_above)) {
        double big = 0.0;
        for (int j = 0; j < s->n; j++)
            if (fabs(s->val[j]) > big)
                big = fabs(s->val[j]);
        s->value_margin = 1e-6 * (1.0 + fabs(s->value_above) + big);
    }
    juten_solver_apply_rules(s);
    for (int r = 0; r < s->nrows; r++) {
        double lb = s->row_lb[r], ub = s->row_ub[r];
        juten_lpi_sense sense = isfinite(lb) && isfinite(ub) ? JUTEN_LPI_RANGE
                                : isfinite(lb)               ? JUTEN_LPI_GE
                                : isfinite(ub)               ? JUTEN_LPI_LE
                                                             : JUTEN_LPI_FREE;
        JUTEN_TRY(juten_lpi_set_row(s->lp, r, sense, isfinite(lb) ? lb : 0.0,
                              isfinite(ub) ? ub : 0.0, d));
    }
    for (int j = 0; j < s->n; j++)
        JUTEN_TRY(juten_lpi_set_col_bounds(s->lp, j, s->col_lb[j], s->col_ub[j], d));
    return JUTEN_OK;
}

juten_status juten_solver_run(juten_solver *s, const juten_solve_options *o,
                              juten_result **out, juten_diags *d)
{
    return juten_solver_run_mode(s, o, false, NAN, out, d);
}

juten_status juten_solver_run_objective(juten_solver *s, const juten_solve_options *o,
                                        const double *obj, juten_result **out, juten_diags *d)
{
    s->custom_obj = obj;
    /* the pointer may be reused for other numbers: always push */
    s->pushed_custom = NULL;
    juten_status st = juten_solver_run_mode(s, o, false, NAN, out, d);
    s->custom_obj = NULL;
    return st;
}

void juten_solver_set_col_rule_off(juten_solver *s, const unsigned char *off)
{
    for (int j = 0; j < s->n; j++)
        s->col_rule_off[j] = off ? off[j] : 0;
}

/* The search, with a way out should GLPK fault on a basis kept across
 * coefficient changes (the reference's, or the last one after a new
 * savings rate).  Such a basis is factorized afresh before use (glpk.c:
 * GLPK 5.0 fails an internal assertion when it updates a stale
 * factorization), and none of the tests and benchmarks has faulted since;
 * if one does, the fault is contained (it costs the thread's GLPK problems,
 * rebuilt on their next run) and the run is repeated once from GLPK's crash
 * basis.  The fault would follow from the numbers and the basis alone, so a
 * draw that takes this way takes it on every thread and in every order. */
static juten_status search_contained(juten_solver *s, const juten_solve_options *o,
                                     juten_lpi_result *lr, unsigned char *sel, juten_diags *d)
{
    if (s->chance) /* the chance program is a problem of its own (chance.c) */
        return juten_chance_search(s, o, lr, sel, d);
    juten_diags *first = juten_diags_create(0);
    juten_status st = juten_search(s, o, lr, sel, first ? first : d);
    bool retry = st == JUTEN_ERR_SOLVER && s->basis_reused && !juten_lpi_alive(s->lp);
    if (first && !retry)
        for (size_t i = 0; i < juten_diags_count(first); i++) {
            const juten_diag *g = juten_diags_get(first, i);
            juten_diags_add(d, g->severity, g->file, g->line, g->col, "%s", g->message);
        }
    juten_diags_free(first);
    if (!retry)
        return st;
    s->no_reuse = true;
    st = juten_solver_prepare(s, o, d); /* rebuilds the GLPK problem */
    if (st == JUTEN_OK)
        st = juten_search(s, o, lr, sel, d);
    s->no_reuse = false;
    return st;
}

juten_status juten_solver_run_mode(juten_solver *s, const juten_solve_options *o,
                                   bool min_net, double value_above, juten_result **out,
                                   juten_diags *d)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!s || !o)
        return JUTEN_ERR_USAGE;
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    double t0 = juten_clock_monotonic();
    /* a deadline shortens this run's limit; past it, nothing is searched */
    juten_solve_options lim = *o;
    bool past_deadline = false;
    if (o->deadline > 0) {
        double left = o->deadline - t0;
        past_deadline = left <= 0;
        if (!past_deadline && (lim.time_limit <= 0 || left < lim.time_limit))
            lim.time_limit = left;
    }
    o = &lim;
    if (!isnan(value_above) && s->value_row < 0) {
        juten_status vs = juten_form_append_row(s, JUTEN_ROW_VALUE, NULL, 0, d);
        if (vs != JUTEN_OK)
            return vs;
    }
    s->min_net = min_net;
    s->value_above = value_above;
    JUTEN_TRY(juten_solver_prepare(s, o, d));
    juten_result *r = juten_result_alloc(s);
    if (!r)
        return JUTEN_ERR_NOMEM;
    juten_status st = JUTEN_OK;

    bool bounds_conflict = false;
    for (int j = 0; j < s->n; j++)
        bounds_conflict |= s->col_lb[j] > s->col_ub[j];

    juten_lpi_result lr = {JUTEN_LPI_INFEASIBLE, NAN, NAN, NAN, NAN, false, false};
    if (past_deadline && !bounds_conflict) {
        lr.status = JUTEN_LPI_NOSOLUTION;
        lr.time_limited = true;
    } else if (!bounds_conflict) {
        st = search_contained(s, o, &lr, r->selected, d);
        if (st != JUTEN_OK) {
            juten_result_free(r);
            return st;
        }
    }
    r->time_limited = lr.time_limited;
    r->node_limited = lr.node_limited;
    r->lp_bound = lr.lp_bound;
    r->offset_dual = s->nrows > 0 && s->rows[0].kind == JUTEN_ROW_OFFSET ? lr.row0_dual : NAN;
    switch (lr.status) {
    case JUTEN_LPI_OPTIMAL: r->outcome = JUTEN_OPTIMAL; break;
    case JUTEN_LPI_FEASIBLE: r->outcome = JUTEN_FEASIBLE; break;
    case JUTEN_LPI_INFEASIBLE: r->outcome = JUTEN_INFEASIBLE; break;
    case JUTEN_LPI_NOSOLUTION: r->outcome = JUTEN_NO_SOLUTION; break;
    }
    if (r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE) {
        if (!juten_solver_feasible(s, r->selected)) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("internal error: the solver returned a portfolio that breaks a "
                            "rule; please report this with the input files"));
            juten_result_free(r);
            return JUTEN_ERR_INTERNAL;
        }
        if ((st = juten_result_summarise(s, o, r)) != JUTEN_OK) {
            juten_result_free(r);
            return st;
        }
        if (r->outcome == JUTEN_OPTIMAL) {
            r->best_bound = r->objective;
            r->gap = 0.0;
        } else {
            r->best_bound = isnan(lr.best_bound) ? lr.lp_bound : lr.best_bound;
            if (r->best_bound < r->objective)
                r->best_bound = r->objective;
            r->gap = fabs(r->best_bound - r->objective) / (fabs(r->objective) + 1e-10);
        }
    } else {
        r->objective = NAN;
        r->best_bound = lr.best_bound;
    }
    if (r->outcome == JUTEN_INFEASIBLE && o->explain) {
        st = juten_diagnose_infeasible(s, o, r, d);
        if (st != JUTEN_OK) {
            juten_result_free(r);
            return st;
        }
    }
    r->seconds = juten_clock_monotonic() - t0;
    *out = r;
    return JUTEN_OK;
}

juten_status juten_solver_set_reference(juten_solver *s, const juten_solve_options *o,
                                        juten_result **out, juten_diags *d)
{
    if (out)
        *out = NULL;
    if (!s || !o)
        return JUTEN_ERR_USAGE;
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    juten_solver_clear_reference(s);
    /* the reference itself from GLPK's crash basis: it depends on the
     * numbers and options alone, like every run after it */
    s->lp_cold = true;
    s->capture_ref = true;
    juten_result *r = NULL;
    juten_status st = juten_solver_run(s, o, &r, d);
    s->capture_ref = false;
    if (st != JUTEN_OK)
        return st;
    if (r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE) {
        if (!(s->ref_sel = malloc((size_t)s->n + 1))) {
            juten_result_free(r);
            return JUTEN_ERR_NOMEM;
        }
        memcpy(s->ref_sel, r->selected, (size_t)s->n);
    }
    s->has_ref = s->ref_rstat != NULL && s->ref_nrows > 0;
    if (out)
        *out = r;
    else
        juten_result_free(r);
    return JUTEN_OK;
}

void juten_solver_clear_reference(juten_solver *s)
{
    if (!s)
        return;
    s->has_ref = false;
    free(s->ref_sel);
    s->ref_sel = NULL;
    free(s->ref_rstat);
    s->ref_rstat = NULL;
    s->ref_nrows = 0;
}

juten_status juten_solver_mark_begin(juten_solver *s, juten_solver_mark *mk, juten_diags *d)
{
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    size_t bytes = ((size_t)s->n + 1) * sizeof(double);
    mk->nrows = s->nrows;
    mk->cost = malloc(bytes);
    mk->risk = malloc(bytes);
    mk->saving = malloc(bytes);
    if (!mk->cost || !mk->risk || !mk->saving) {
        free(mk->cost);
        free(mk->risk);
        free(mk->saving);
        mk->cost = mk->risk = mk->saving = NULL;
        return JUTEN_ERR_NOMEM;
    }
    memcpy(mk->cost, s->cost, bytes - sizeof(double));
    memcpy(mk->risk, s->risk, bytes - sizeof(double));
    memcpy(mk->saving, s->saving, bytes - sizeof(double));
    return JUTEN_OK;
}

juten_status juten_solver_mark_end(juten_solver *s, juten_solver_mark *mk, juten_diags *d)
{
    juten_status st = JUTEN_OK;
    if (mk->cost) {
        st = juten_solver_set_values(s, mk->cost, mk->risk, mk->saving, d);
        juten_status st2 = juten_form_drop_rows(s, mk->nrows, d);
        if (st == JUTEN_OK)
            st = st2;
    }
    juten_solver_set_row_off(s, NULL);
    juten_solver_set_col_rule_off(s, NULL);
    s->min_net = false;
    s->value_above = NAN;
    s->custom_obj = NULL;
    free(mk->cost);
    free(mk->risk);
    free(mk->saving);
    mk->cost = mk->risk = mk->saving = NULL;
    return st;
}

juten_status juten_solve(const juten_model *m, const juten_solve_options *o,
                         juten_result **out, juten_diags *d)
{
    juten_solver *s = NULL;
    juten_status st = juten_solver_create(m, &s, d);
    if (st == JUTEN_OK)
        st = juten_solver_run(s, o, out, d);
    juten_solver_free(s);
    return st;
}

juten_status juten_solver_export(juten_solver *s, const juten_solve_options *o,
                                 juten_export_format fmt, const char *path,
                                 juten_diags *d)
{
    if (!s || !o || !path)
        return JUTEN_ERR_USAGE;
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    /* A mandatory measure that is also excluded is written as the bounds
     * 1 <= x <= 0: the file says what juten solves, and another solver
     * reports it infeasible as juten does. */
    s->min_net = false;
    s->value_above = NAN;
    JUTEN_TRY(juten_solver_prepare(s, o, d));
    return juten_lpi_write(s->lp, fmt == JUTEN_EXPORT_MPS, path, d);
}

