/*
 * conflict.c -- when no portfolio exists: a minimal set of named rules that
 * cannot hold together, and by how much each would have to move.
 *
 * Deletion filter, first over rule families (cheap: at most ten re-solves),
 * then over the single rules of the families that remain: a rule is dropped
 * for good when the rest stays infeasible without it, kept otherwise.  What
 * is left is infeasible, and removing any one of its rules makes it feasible
 * (minimal, though not necessarily the smallest such set).
 *
 * Then, for each rule of the conflict, the elastic question: holding the
 * conflict's other rules, how close can that rule's own quantity get to its
 * limit?  The difference is the amount the rule must move, in money for the
 * offset, shares, spends, tag minimums and ceilings.
 */
#include "juten_analysis.h"
#include "juten_i18n.h"
#include "solver_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void juten_conflict_free(juten_conflict *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        free(c->items[i].rule);
        free(c->items[i].sentence);
    }
    free(c->items);
    free(c);
}

/* One candidate rule: a row, or a measure's fixed decision. */
typedef struct item {
    int row;        /* row index, or -1 */
    int col;        /* measure with a decision, or -1 */
    unsigned family;
    bool on;
} item;

/* Switch off, for the next runs, every rule whose item is off. */
static bool apply_masks(juten_solver *s, const item *it, int n)
{
    unsigned char *roff = calloc((size_t)juten_solver_row_count(s) + 1, 1);
    unsigned char *coff = calloc((size_t)s->n + 1, 1);
    if (!roff || !coff) {
        free(roff);
        free(coff);
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (it[i].on)
            continue;
        if (it[i].row >= 0)
            roff[it[i].row] = 1;
        else
            coff[it[i].col] = 1;
    }
    juten_solver_set_row_off(s, roff);
    juten_solver_set_col_rule_off(s, coff);
    free(roff);
    free(coff);
    return true;
}

/* Is there a portfolio with these families and items on?  *err: a status
 * (> 0) on failure, -1 when the time limit left it undecided. */
static bool feasible_now(juten_solver *s, const juten_solve_options *o, unsigned rules,
                         const item *it, int n, int *err, juten_diags *d)
{
    if (!apply_masks(s, it, n)) {
        *err = JUTEN_ERR_NOMEM;
        return false;
    }
    juten_solve_options q = *o;
    q.rules = rules;
    q.explain = false;
    juten_result *r = NULL;
    juten_status st = juten_solver_run(s, &q, &r, d);
    if (st != JUTEN_OK) {
        *err = st;
        return false;
    }
    bool ok = r->outcome == JUTEN_OPTIMAL || r->outcome == JUTEN_FEASIBLE;
    if (r->outcome == JUTEN_NO_SOLUTION)
        *err = -1;
    juten_result_free(r);
    return ok;
}

static const char *decision_name(const juten_measure *me, unsigned family)
{
    (void)me;
    return family == JUTEN_RULE_MANDATORY ? "mandatory"
           : family == JUTEN_RULE_INCLUDE ? "include"
                                          : "exclude";
}

static char *fmt_amount(double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.3f", v);
    char *p = buf + strlen(buf) - 1;
    while (p > buf && *p == '0')
        *p-- = 0;
    if (*p == '.')
        *p = 0;
    return strdup(buf);
}

/* The sentence for one rule of the conflict. */
static char *sentence(const juten_solver *s, const juten_row *row, int col, unsigned family,
                      double relax, double bound, const char *cur)
{
    char buf[1024];
    char *r = isnan(relax) ? NULL : fmt_amount(relax);
    char *b = isnan(bound) ? NULL : fmt_amount(bound);
    char *nb = NULL;
    const char *u = cur && *cur ? cur : "";
    const char *sp = *u ? " " : "";
    if (col >= 0) {
        const juten_measure *me = &s->m->measures[col];
        char *c = fmt_amount(s->cost[col]);
        if (family == JUTEN_RULE_EXCLUDE)
            snprintf(buf, sizeof buf, _("%s is excluded by [force] exclude; allowing it is one way "
                     "out."), me->id);
        else
            snprintf(buf, sizeof buf,
                     family == JUTEN_RULE_MANDATORY
                         ? _("%s must be funded (mandatory; it costs %s%s%s); making it "
                             "optional is one way out.")
                         : _("%s must be funded ([force] include; it costs %s%s%s); making it "
                             "optional is one way out."),
                     me->id, c ? c : "?", sp, u);
        free(c);
    } else if (isnan(relax) && row->kind != JUTEN_ROW_REQUIRES && row->kind != JUTEN_ROW_GROUP) {
        /* how far it must move was not proven in time: say what the rule is
         * and that it cannot hold, with no made-up amount */
        if (row->kind == JUTEN_ROW_OFFSET)
            snprintf(buf, sizeof buf, _("The offset cannot hold with the other rules of this "
                     "conflict (by how much was not proven within the time limit)."));
        else
            snprintf(buf, sizeof buf, _("The rule %s cannot hold with the other rules of this "
                     "conflict (by how much was not proven within the time limit)."), row->name);
    } else {
        switch (row->kind) {
        case JUTEN_ROW_OFFSET:
            nb = isnan(relax) ? NULL : fmt_amount(bound + relax);
            snprintf(buf, sizeof buf, _("The offset allows a net increase of at most %s%s%s; with "
                     "the other rules of this conflict the least possible is %s%s%s (%s%s%s more "
                     "headroom or savings)."), b ? b : "?", sp, u, nb ? nb : "?", sp, u,
                     r ? r : "?", sp, u);
            break;
        case JUTEN_ROW_TAG_MIN:
            nb = isnan(relax) ? NULL : fmt_amount(bound - relax);
            snprintf(buf, sizeof buf, _("The minimum for tag \"%s\" is %s%s%s; with the other rules "
                     "of this conflict at most %s%s%s can be spent on it (lower it by %s%s%s)."),
                     s->m->tags[row->ref].id, b ? b : "?", sp, u, nb ? nb : "?", sp, u,
                     r ? r : "?", sp, u);
            break;
        case JUTEN_ROW_CEILING:
            nb = isnan(relax) ? NULL : fmt_amount(bound + relax);
            snprintf(buf, sizeof buf, _("The ceiling of %s is %s%s%s; the other rules of this "
                     "conflict charge it at least %s%s%s (raise it by %s%s%s)."),
                     s->m->ministries[row->ref].id, b ? b : "?", sp, u, nb ? nb : "?", sp, u,
                     r ? r : "?", sp, u);
            break;
        case JUTEN_ROW_AREA_MIN_SHARE:
        case JUTEN_ROW_AREA_MAX_SHARE:
            snprintf(buf, sizeof buf,
                     row->kind == JUTEN_ROW_AREA_MIN_SHARE
                         ? _("The minimum share of area %s (%s%%) cannot be met with the "
                             "other rules of this conflict: it misses by %s%s%s of spending.")
                         : _("The maximum share of area %s (%s%%) cannot be met with the "
                             "other rules of this conflict: it misses by %s%s%s of spending."),
                     s->m->areas[row->ref].id,
                     (nb = fmt_amount(100 * (row->kind == JUTEN_ROW_AREA_MIN_SHARE
                                                 ? s->m->areas[row->ref].min_share
                                                 : s->m->areas[row->ref].max_share)))
                         ? nb
                         : "?",
                     r ? r : "?", sp, u);
            break;
        case JUTEN_ROW_AREA_SPEND:
            snprintf(buf, sizeof buf, _("The spending limits of area %s cannot be met with the "
                     "other rules of this conflict: they miss by %s%s%s."),
                     s->m->areas[row->ref].id, r ? r : "?", sp, u);
            break;
        case JUTEN_ROW_REQUIRES:
            snprintf(buf, sizeof buf, _("%s requires %s; dropping this dependency is one way out."),
                     s->m->measures[row->ref].id, s->m->measures[row->ref2].id);
            break;
        case JUTEN_ROW_GROUP:
            snprintf(buf, sizeof buf, _("At most one measure of group %s may be funded; allowing "
                     "two is one way out."), s->m->groups[row->ref].id);
            break;
        default:
            snprintf(buf, sizeof buf, "%s", row->name);
        }
    }
    free(r);
    free(b);
    free(nb);
    return strdup(buf);
}

/* Elastic amount of one row, switched off itself, with only the conflict's
 * other rules in force: how far its best activity stays from its limits. */
static juten_status relax_amount(juten_solver *s, const juten_solve_options *o, unsigned rules,
                                 int r, double lim_lb, double lim_ub, double *amount,
                                 juten_diags *d)
{
    *amount = NAN;
    double *obj = calloc((size_t)s->n + 1, sizeof *obj);
    if (!obj)
        return JUTEN_ERR_NOMEM;
    juten_solve_options q = *o;
    q.rules = rules;
    q.explain = false;
    juten_status st = JUTEN_OK;
    for (int side = 0; side < 2 && st == JUTEN_OK; side++) {
        /* side 0: a lower limit (maximise the activity); side 1: an upper one */
        double lim = side == 0 ? lim_lb : lim_ub;
        if (!isfinite(lim))
            continue;
        memset(obj, 0, (size_t)s->n * sizeof *obj);
        for (int e = s->rstart[r]; e < s->rstart[r + 1]; e++)
            obj[s->rcol[e]] = side == 0 ? s->rval[e] : -s->rval[e];
        juten_result *res = NULL;
        st = juten_solver_run_objective(s, &q, obj, &res, d);
        if (st != JUTEN_OK)
            break;
        /* only a proven best activity says how far the rule must move; an
         * incumbent stopped by the time limit would overstate it */
        if (res->outcome == JUTEN_OPTIMAL) {
            double act = juten_solver_row_activity(s, r, res->selected);
            double miss = side == 0 ? lim - act : act - lim;
            if (miss > 1e-9 * (1 + fabs(lim)) && (isnan(*amount) || miss > *amount))
                *amount = miss;
        }
        juten_result_free(res);
    }
    free(obj);
    return st;
}

juten_status juten_conflict_find(const juten_model *m, const juten_solve_options *o,
                                 juten_conflict **out, juten_diags *d)
{
    *out = NULL;
    juten_conflict *c = calloc(1, sizeof *c);
    if (!c)
        return JUTEN_ERR_NOMEM;
    juten_solver *s = NULL;
    juten_status st = juten_solver_create(m, &s, d);
    item *it = NULL;
    int ni = 0, err = 0;
    if (st != JUTEN_OK)
        goto done;
    unsigned rules = o->rules & JUTEN_RULE_ALL;
    int nrows = juten_solver_row_count(s);
    it = calloc((size_t)nrows + 3 * (size_t)m->n_measures + 1, sizeof *it);
    if (!it) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    for (int r = 0; r < nrows; r++) {
        const juten_row *row = juten_solver_row(s, r);
        if (row->family & JUTEN_RULE_ALL)
            it[ni++] = (item){r, -1, row->family, true};
    }
    for (int j = 0; j < m->n_measures; j++) {
        const juten_measure *me = &m->measures[j];
        if (me->mandatory)
            it[ni++] = (item){-1, j, JUTEN_RULE_MANDATORY, true};
        else if (me->force == JUTEN_FORCE_INCLUDE)
            it[ni++] = (item){-1, j, JUTEN_RULE_INCLUDE, true};
        if (me->force == JUTEN_FORCE_EXCLUDE)
            it[ni++] = (item){-1, j, JUTEN_RULE_EXCLUDE, true};
    }
    if (feasible_now(s, o, rules, it, ni, &err, d) || err) {
        st = err > 0 ? (juten_status)err : JUTEN_OK;
        c->undecided = err < 0;
        goto done; /* feasible: no conflict (or undecided in time) */
    }
    /* families */
    unsigned present = juten_solver_families_present(s) & rules;
    for (int b = 0; b < JUTEN_RULE_FAMILIES; b++) {
        unsigned bit = 1u << b;
        if (!(present & bit))
            continue;
        juten_solve_progress(o, _("conflict: rule families tested"), b, JUTEN_RULE_FAMILIES);
        bool f = feasible_now(s, o, rules & ~bit, it, ni, &err, d);
        if (err > 0) {
            st = (juten_status)err;
            goto done;
        }
        if (!f && err == 0)
            rules &= ~bit; /* not needed for the conflict */
        err = 0;
    }
    /* single rules of the families that remain */
    for (int i = 0; i < ni; i++) {
        juten_solve_progress(o, _("conflict: single rules tested"), i, ni);
        if (!(it[i].family & rules)) {
            it[i].on = false;
            continue;
        }
        it[i].on = false;
        bool f = feasible_now(s, o, rules, it, ni, &err, d);
        if (err > 0) {
            st = (juten_status)err;
            goto done;
        }
        if (f || err < 0)
            it[i].on = true; /* needed (or undecided: keep, to stay safe) */
        err = 0;
    }
    /* elastic amounts and sentences */
    int nc = 0;
    for (int i = 0; i < ni; i++)
        nc += it[i].on;
    c->items = calloc((size_t)nc + 1, sizeof *c->items);
    if (!c->items) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    c->minimal = true;
    const char *cur = m->currency ? m->currency : "";
    for (int i = 0; i < ni && st == JUTEN_OK; i++) {
        if (!it[i].on)
            continue;
        juten_solve_progress(o, _("conflict: how far each rule must move"), c->n, nc);
        juten_conflict_item *ci = &c->items[c->n++];
        ci->family = it[i].family;
        ci->relax_by = NAN;
        if (it[i].row >= 0) {
            const juten_row *row = juten_solver_row(s, it[i].row);
            ci->rule = strdup(row->name);
            double lim_lb = row->lb;
            double lim_ub = row->kind == JUTEN_ROW_OFFSET ? s->headroom : row->ub;
            it[i].on = false;
            if (!apply_masks(s, it, ni))
                st = JUTEN_ERR_NOMEM;
            if (st == JUTEN_OK)
                st = relax_amount(s, o, rules, it[i].row, lim_lb, lim_ub, &ci->relax_by, d);
            it[i].on = true;
            ci->sentence = sentence(s, row, -1, ci->family, ci->relax_by,
                                    isfinite(lim_ub) ? lim_ub : lim_lb, cur);
        } else {
            char name[300];
            snprintf(name, sizeof name, "%s[%s]", decision_name(&m->measures[it[i].col], ci->family),
                     m->measures[it[i].col].id);
            ci->rule = strdup(name);
            ci->sentence = sentence(s, NULL, it[i].col, ci->family, NAN, NAN, cur);
        }
        if (!ci->rule || !ci->sentence)
            st = JUTEN_ERR_NOMEM;
    }
done:
    free(it);
    juten_solver_free(s);
    if (st != JUTEN_OK) {
        juten_conflict_free(c);
        return st;
    }
    *out = c;
    return JUTEN_OK;
}
