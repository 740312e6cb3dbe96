/*
 * alternatives.c -- the next-best portfolios worth discussing: each one
 * differs from the best and from every earlier one in at least `differ_by`
 * measures (a cut on the symmetric difference per portfolio found), so a
 * meeting is not shown the optimum with one small measure swapped; and
 * the best portfolio with chosen measures left out ("what if we drop the
 * big one"), compared with the optimum as it is.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "analysis_int.h"
#include "juten_str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void juten_alternatives_options_init(juten_alternatives_options *a)
{
    a->k = 3;
    a->within = NAN;
    a->differ_by = 3;
    a->without = NULL;
    a->n_without = 0;
}

void juten_portfolios_free(juten_portfolios *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++)
        free(p->items[i].selected);
    free(p->items);
    free(p->without);
    free(p->reference.selected);
    free(p->reason);
    free(p);
}

/* A portfolio of the result (a copy of its selection). */
static juten_status keep(const juten_result *r, int n, juten_portfolio *p)
{
    p->selected = malloc((size_t)n + 1);
    if (!p->selected)
        return JUTEN_ERR_NOMEM;
    memcpy(p->selected, r->selected, (size_t)n);
    p->objective = r->objective;
    p->spend = r->spend;
    p->net = r->net;
    return JUTEN_OK;
}

static juten_status keep_copy(const juten_portfolio *from, int n, juten_portfolio *p)
{
    *p = *from;
    p->selected = malloc((size_t)n + 1);
    if (!p->selected)
        return JUTEN_ERR_NOMEM;
    memcpy(p->selected, from->selected, (size_t)n);
    return JUTEN_OK;
}

/* Why leaving out the measures in `fix` (-1) leaves no portfolio when the
 * round as it is has one: the decisions that fund one of them, else the
 * common reasons of the forced round's minimal conflict (found on the
 * model's numbers, as juten_explain does), else the first sentence of
 * `solve`'s explanation. */
static juten_status without_reason_of(juten_solver *s, const juten_model *m,
                                      const juten_solve_options *q, const signed char *fix,
                                      const juten_portfolios *set, const char *list,
                                      char **out, juten_diags *d)
{
    if (!q) {
        *out = juten_solver_asprintf(_("no portfolio leaving out %s was found within the "
                                       "time limit"),
                                     list);
        return *out ? JUTEN_OK : JUTEN_ERR_NOMEM;
    }
    for (int i = 0; i < set->n_without; i++) {
        const juten_measure *me = &m->measures[set->without[i]];
        if (me->mandatory || me->force == JUTEN_FORCE_INCLUDE) {
            *out = juten_solver_asprintf(me->mandatory
                                             ? _("%s cannot be left out: it is mandatory")
                                             : _("%s cannot be left out: it is funded by "
                                                 "[force] include"),
                                         me->id);
            return *out ? JUTEN_OK : JUTEN_ERR_NOMEM;
        }
    }
    juten_solve_options c = *q;
    c.fix = fix;
    c.explain = false;
    /* as explain does: a short limit per conflict solve, so the sentence
     * never costs more than the answer */
    if (c.time_limit <= 0 || c.time_limit > 2)
        c.time_limit = 2;
    juten_conflict *cf = NULL;
    juten_status st = juten_conflict_find(m, &c, &cf, d);
    if (st != JUTEN_OK)
        return st;
    for (int i = 0; cf && i < set->n_without && !*out; i++) {
        char *why = juten_forced_reason(m, set->without[i], -1, cf);
        if (why) {
            *out = juten_solver_asprintf(_("%s cannot be left out: %s"),
                                         m->measures[set->without[i]].id, why);
            free(why);
            if (!*out)
                st = JUTEN_ERR_NOMEM;
        }
    }
    juten_conflict_free(cf);
    if (st != JUTEN_OK || *out)
        return st;
    c = *q;
    c.fix = fix;
    c.explain = true;
    juten_result *r = NULL;
    if ((st = juten_solver_run(s, &c, &r, d)) != JUTEN_OK)
        return st;
    *out = juten_solver_asprintf(_("leaving out %s leaves no portfolio: %s"), list,
                                 r->n_explanation > 0 ? r->explanation[0]
                                                      : _("none satisfies the rules"));
    juten_result_free(r);
    return *out ? JUTEN_OK : JUTEN_ERR_NOMEM;
}

/* The same, naming the measures as a list ("M51, M07"); q NULL: the forced
 * round was not proven infeasible (time ran out). */
static juten_status without_reason(juten_solver *s, const juten_model *m,
                                   const juten_solve_options *q, const signed char *fix,
                                   const juten_portfolios *set, char **out, juten_diags *d)
{
    juten_str ids = JUTEN_STR_INIT;
    for (int i = 0; i < set->n_without; i++)
        juten_str_printf(&ids, "%s%s", i ? ", " : "", m->measures[set->without[i]].id);
    char *list = juten_str_take(&ids);
    if (!list)
        return JUTEN_ERR_NOMEM;
    juten_status st = without_reason_of(s, m, q, fix, set, list, out, d);
    free(list);
    return st;
}

static juten_status alternatives_run(juten_solver *on, const juten_model *m,
                                     const juten_solve_options *o,
                                     const juten_alternatives_options *ao,
                                     juten_portfolios **out, juten_diags *d)
{
    *out = NULL;
    juten_alternatives_options def;
    if (!ao) {
        juten_alternatives_options_init(&def);
        ao = &def;
    }
    int nm = m->n_measures, k = ao->k;
    if (k <= 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("alternatives: the number of portfolios must be at least 1, not %d"), k);
        return JUTEN_ERR_USAGE;
    }
    if (ao->differ_by < 1 || ao->differ_by > (nm > 0 ? nm : 1)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("alternatives: portfolios can differ in 1 to %d measures (the round "
                        "has %d), not %d"),
                        nm > 0 ? nm : 1, nm, ao->differ_by);
        return JUTEN_ERR_USAGE;
    }
    if (ao->n_without < 0 || (ao->n_without > 0 && !ao->without)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("alternatives: no measures to leave out"));
        return JUTEN_ERR_USAGE;
    }
    for (int i = 0; i < ao->n_without; i++)
        if (ao->without[i] < 0 || ao->without[i] >= nm) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            _("alternatives: measure %d to leave out is not in the round (it has "
                            "%d measures)"),
                            ao->without[i], nm);
            return JUTEN_ERR_USAGE;
        }
    juten_portfolios *set = calloc(1, sizeof *set);
    juten_portfolio *p = calloc((size_t)k, sizeof *p);
    signed char *fix = calloc((size_t)nm + 1, 1);
    int *wo = malloc(((size_t)ao->n_without + 1) * sizeof *wo);
    if (!set || !p || !fix || !wo) {
        free(set);
        free(p);
        free(fix);
        free(wo);
        return JUTEN_ERR_NOMEM;
    }
    set->items = p;
    set->differ_by = ao->differ_by;
    set->without = wo;
    set->n_without = ao->n_without;
    if (ao->n_without)
        memcpy(wo, ao->without, (size_t)ao->n_without * sizeof *wo);
    set->reference.objective = NAN;
    set->reference.spend = set->reference.net = NAN;
    juten_solver *s = NULL;
    juten_solver_mark mk = {0, NULL, NULL, NULL};
    juten_status st = juten_analysis_begin(on, m, &s, &mk, d);
    juten_solve_options q = *o;
    q.explain = false;
    /* the caller's own decisions, with the measures left out on top */
    if (o->fix)
        memcpy(fix, o->fix, (size_t)nm);
    for (int i = 0; i < ao->n_without; i++)
        fix[wo[i]] = -1;
    juten_result *r = NULL;
    /* the reference: the optimum as the round is, before any cut */
    if (st == JUTEN_OK && (st = juten_solver_run(s, &q, &r, d)) == JUTEN_OK &&
        juten_have_portfolio(r))
        st = keep(r, nm, &set->reference);
    juten_result_free(r);
    r = NULL;
    bool have_ref = st == JUTEN_OK && set->reference.selected;
    juten_solve_options qw = q;
    qw.fix = fix;
    int n = 0;
    double best = NAN;
    while (have_ref && st == JUTEN_OK && n < k) {
        juten_solve_progress(o, _("alternatives found"), n, k);
        if (n == 0 && ao->n_without == 0) {
            /* the best is the reference itself: no second solve */
            st = keep_copy(&set->reference, nm, &p[0]);
        } else {
            if ((st = juten_solver_run(s, &qw, &r, d)) != JUTEN_OK)
                break;
            if (!juten_have_portfolio(r)) {
                bool proven = r->outcome == JUTEN_INFEASIBLE;
                juten_result_free(r);
                r = NULL;
                if (n == 0 && proven)
                    st = without_reason(s, m, &q, fix, set, &set->reason, d);
                else if (n == 0)
                    st = without_reason(s, m, NULL, fix, set, &set->reason, d);
                break;
            }
            if (n > 0 && !isnan(ao->within) &&
                r->objective < best - ao->within * fabs(best) - juten_value_delta(best)) {
                juten_result_free(r);
                r = NULL;
                break;
            }
            st = keep(r, nm, &p[n]);
            juten_result_free(r);
            r = NULL;
        }
        if (st != JUTEN_OK)
            break;
        if (n == 0)
            best = p[0].objective;
        n++;
        set->n = n;
        if (n < k)
            st = juten_solver_add_cut(s, p[n - 1].selected, ao->differ_by, d);
    }
    st = juten_analysis_end(on, s, &mk, st, d);
    free(fix);
    if (st != JUTEN_OK) {
        juten_portfolios_free(set);
        return st;
    }
    *out = set;
    return JUTEN_OK;
}

juten_status juten_alternatives(const juten_model *m, const juten_solve_options *o,
                                const juten_alternatives_options *ao, juten_portfolios **out,
                                juten_diags *d)
{
    return alternatives_run(NULL, m, o, ao, out, d);
}

juten_status juten_alternatives_on(juten_solver *s, const juten_solve_options *o,
                                   const juten_alternatives_options *ao,
                                   juten_portfolios **out, juten_diags *d)
{
    *out = NULL;
    return s ? alternatives_run(s, s->m, o, ao, out, d) : JUTEN_ERR_USAGE;
}
