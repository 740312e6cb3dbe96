/*
 * diagnose.c -- why no portfolio exists, in a planner's words.
 *
 * "Infeasible" alone is useless in a meeting.  First come the checks a
 * planner would do by hand, each a proof on its own: the measures that must
 * be funded already need more than the offset can ever allow; a tag minimum
 * needs more than every tagged measure costs; a mandatory measure requires an
 * excluded one; two mandatory measures are exclusive alternatives; a ceiling
 * is smaller than the mandatory charges; ...  When none of them fires, the
 * conflict involves several rules together, and juten re-solves with each
 * rule family switched off in turn (then pairs) and names the families whose
 * removal makes a portfolio possible.
 */
#include "solver_int.h"
#include "juten_i18n.h"
#include "juten_str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An amount as a planner writes it: up to 3 decimals, no trailing zeros. */
static const char *amt(char buf[static 48], double v)
{
    snprintf(buf, 48, "%.3f", v);
    char *p = buf + strlen(buf) - 1;
    while (p > buf && *p == '0')
        *p-- = 0;
    if (*p == '.')
        *p = 0;
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* "M01, M03, M07" (at most 8, then "and N more") into a new string. */
static char *id_list(const juten_solver *s, const unsigned char *in)
{
    juten_str b = JUTEN_STR_INIT;
    int shown = 0, total = 0;
    for (int j = 0; j < s->n; j++) {
        if (!in[j])
            continue;
        total++;
        if (shown < 8)
            juten_str_printf(&b, "%s%s", shown++ ? ", " : "", s->m->measures[j].id);
    }
    if (total > shown)
        juten_str_printf(&b, _(" and %d more"), total - shown);
    return juten_str_take(&b);
}

static const char *why_forced(const juten_solver *s, int j)
{
    const juten_measure *me = &s->m->measures[j];
    if (me->mandatory && (s->rules & JUTEN_RULE_MANDATORY))
        return _("mandatory");
    if (me->force == JUTEN_FORCE_INCLUDE && (s->rules & JUTEN_RULE_INCLUDE))
        return _("forced in by [force] include");
    return _("required by a measure that must be funded");
}

#define ADD(...)                                                                  \
    do {                                                                          \
        if (!juten_strlist_add(&r->explanation, &r->n_explanation, __VA_ARGS__)) { \
            st = JUTEN_ERR_NOMEM;                                                 \
            goto done;                                                            \
        }                                                                         \
    } while (0)

/* The named checks.  Returns the number that fired (or -1 on no memory). */
static int named_checks(juten_solver *s, juten_result *r, const char *cur)
{
    const juten_model *m = s->m;
    int n = s->n, fired = 0;
    juten_status st = JUTEN_OK;
    char a1[48], a2[48], a3[48], a4[48], a5[48], a6[48];
    unsigned char *must = calloc((size_t)n + 1, 1);
    int *queue = malloc(((size_t)n + 1) * sizeof *queue);
    char *ids = NULL;
    if (!must || !queue) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    /* 1. contradictory decisions on one measure */
    for (int j = 0; j < n; j++)
        if (s->col_lb[j] > s->col_ub[j]) {
            ADD(_("%s is %s, but [force] exclude removes it: a measure cannot be both "
                "funded and excluded."), m->measures[j].id, why_forced(s, j));
            fired++;
        }
    /* 2. the set that must be funded: fixed measures and what they require */
    int qn = 0;
    for (int j = 0; j < n; j++)
        if (s->col_lb[j] > 0.5 && !must[j]) {
            must[j] = 1;
            queue[qn++] = j;
        }
    for (int h = 0; h < qn; h++) {
        int i = queue[h];
        if (!(s->rules & JUTEN_RULE_REQUIRES))
            break;
        const juten_measure *me = &m->measures[i];
        for (int q = 0; q < me->n_requires; q++) {
            int k = me->requires[q];
            if (s->col_ub[k] < 0.5 && s->col_lb[i] <= s->col_ub[i]) {
                ADD(_("%s is %s and requires %s, but %s is excluded by [force] exclude "
                    "(rule requires[%s->%s])."), me->id, why_forced(s, i), m->measures[k].id,
                    m->measures[k].id, me->id, m->measures[k].id);
                fired++;
            }
            if (!must[k]) {
                must[k] = 1;
                queue[qn++] = k;
            }
        }
    }
    /* 3. two measures that must be funded are exclusive alternatives */
    if (s->rules & JUTEN_RULE_GROUP)
        for (int g = 0; g < m->n_groups; g++) {
            int first = -1;
            for (int j = 0; j < n; j++) {
                if (!must[j] || m->measures[j].group != g)
                    continue;
                if (first < 0)
                    first = j;
                else {
                    ADD(_("%s (%s) and %s (%s) must both be funded, but they are exclusive "
                        "alternatives in group %s (rule group[%s])."), m->measures[first].id,
                        why_forced(s, first), m->measures[j].id, why_forced(s, j),
                        m->groups[g].id, m->groups[g].id);
                    fired++;
                }
            }
        }
    ids = id_list(s, must);
    if (!ids) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    /* 4. the offset: what must be funded against every saving available */
    if (s->rules & JUTEN_RULE_OFFSET) {
        double cost = 0, sav = 0, extra = 0;
        for (int j = 0; j < n; j++) {
            double net = s->cost[j] - s->rate * s->saving[j];
            if (must[j]) {
                cost += s->cost[j];
                sav += s->rate * s->saving[j];
            } else if (s->col_ub[j] > 0.5 && net < 0)
                extra += -net;
        }
        if (cost - sav > s->headroom + extra + juten_feas_tol(s->headroom)) {
            ADD(_("The measures that must be funded (%s) cost %s %s and release savings of "
                "%s %s, a net %s %s; but the offset rule allows at most %s %s: the headroom "
                "of %s plus the net savings of every other savings measure (%s)."),
                ids, amt(a1, cost), cur, amt(a2, sav), cur, amt(a3, cost - sav), cur,
                amt(a4, s->headroom + extra), cur, amt(a5, s->headroom), amt(a6, extra));
            fired++;
        }
    }
    /* 5. tag minimums beyond all tagged measures */
    if (s->rules & JUTEN_RULE_TAG_MIN)
        for (int t = 0; t < m->n_tags; t++) {
            double L = m->tags[t].minimum;
            if (isnan(L) || L <= 0)
                continue;
            double avail = 0;
            int count = 0;
            for (int j = 0; j < n; j++) {
                const juten_measure *me = &m->measures[j];
                for (int q = 0; q < me->n_tags; q++)
                    if (me->tags[q] == t && s->col_ub[j] > 0.5) {
                        avail += s->cost[j];
                        count++;
                    }
            }
            if (avail < L - juten_feas_tol(L)) {
                ADD(_("The minimum for tag \"%s\" needs %s %s of spending, but the %d tagged "
                    "measures that may be funded cost only %s %s together (rule tag_min[%s])."),
                    m->tags[t].id, amt(a1, L), cur, count, amt(a2, avail), cur, m->tags[t].id);
                fired++;
            }
        }
    /* 6. area spending limits */
    if (s->rules & JUTEN_RULE_AREA_SPEND)
        for (int a = 0; a < m->n_areas; a++) {
            const juten_area *ar = &m->areas[a];
            double avail = 0, forced = 0;
            for (int j = 0; j < n; j++)
                if (m->measures[j].area == a) {
                    if (s->col_ub[j] > 0.5)
                        avail += s->cost[j];
                    if (must[j])
                        forced += s->cost[j];
                }
            if (!isnan(ar->min_spend) && avail < ar->min_spend - juten_feas_tol(ar->min_spend)) {
                ADD(_("Area %s must receive at least %s %s, but all its measures that may be "
                    "funded cost only %s %s (rule area_spend[%s])."), ar->id,
                    amt(a1, ar->min_spend), cur, amt(a2, avail), cur, ar->id);
                fired++;
            }
            if (!isnan(ar->max_spend) && forced > ar->max_spend + juten_feas_tol(ar->max_spend)) {
                ADD(_("Area %s may receive at most %s %s, but its measures that must be funded "
                    "already cost %s %s (rule area_spend[%s])."), ar->id,
                    amt(a1, ar->max_spend), cur, amt(a2, forced), cur, ar->id);
                fired++;
            }
        }
    /* 7. ministry ceilings below the charges that must be made */
    if (s->rules & JUTEN_RULE_CEILING)
        for (int k = 0; k < m->n_ministries; k++) {
            double ceil = m->ministries[k].ceiling;
            if (!isfinite(ceil))
                continue;
            double charge = 0;
            for (int j = 0; j < n; j++)
                if (must[j])
                    charge += s->cost[j] * juten_measure_charge_share(&m->measures[j], k);
            if (charge > ceil + juten_feas_tol(ceil)) {
                ADD(_("The ceiling of %s is %s %s, but the measures that must be funded already "
                    "charge it %s %s (rule ceiling[%s])."), m->ministries[k].id, amt(a1, ceil),
                    cur, amt(a2, charge), cur, m->ministries[k].id);
                fired++;
            }
        }
    /* 8. a minimum share with nothing that can fill it */
    if (s->rules & JUTEN_RULE_AREA_SHARE) {
        double forced_total = 0;
        for (int j = 0; j < n; j++)
            if (must[j])
                forced_total += s->cost[j];
        for (int a = 0; a < m->n_areas && forced_total > 0; a++) {
            const juten_area *ar = &m->areas[a];
            if (isnan(ar->min_share) || ar->min_share <= 0)
                continue;
            double avail = 0;
            for (int j = 0; j < n; j++)
                if (m->measures[j].area == a && s->col_ub[j] > 0.5)
                    avail += s->cost[j];
            if (avail <= 0) {
                ADD(_("Area %s must receive at least %s%% of all spending, and the measures "
                    "that must be funded spend %s %s, but none of the area's measures can be "
                    "funded (rule area_min_share[%s])."), ar->id, amt(a1, 100 * ar->min_share),
                    amt(a2, forced_total), cur, ar->id);
                fired++;
            }
        }
    }
done:
    free(must);
    free(queue);
    free(ids);
    return st == JUTEN_OK ? fired : -1;
}

/* Is the model feasible with these rule families?  -1 on error. */
static int feasible_with(juten_solver *s, const juten_solve_options *o, unsigned rules,
                         juten_diags *d)
{
    juten_solve_options q = *o;
    q.rules = rules;
    q.explain = false;
    if (q.time_limit <= 0 || q.time_limit > 10)
        q.time_limit = 10;
    juten_result *rr = NULL;
    if (juten_solver_run(s, &q, &rr, d) != JUTEN_OK)
        return -1;
    int ok = rr->outcome == JUTEN_OPTIMAL || rr->outcome == JUTEN_FEASIBLE ? 1
             : rr->outcome == JUTEN_INFEASIBLE                              ? 0
                                                                            : 2;
    juten_result_free(rr);
    return ok;
}

juten_status juten_diagnose_infeasible(juten_solver *s, const juten_solve_options *o,
                                       juten_result *r, juten_diags *d)
{
    juten_status st = JUTEN_OK;
    const char *cur = s->m->currency && *s->m->currency ? s->m->currency : "";
    int fired = named_checks(s, r, cur);
    if (fired < 0)
        return JUTEN_ERR_NOMEM;
    if (fired > 0)
        return JUTEN_OK;

    unsigned rules = o->rules & JUTEN_RULE_ALL;
    unsigned present = juten_solver_families_present(s) & rules;
    unsigned bits[JUTEN_RULE_FAMILIES];
    int nb = 0;
    for (int b = 0; b < JUTEN_RULE_FAMILIES; b++)
        if (present & (1u << b))
            bits[nb++] = 1u << b;
    char line[1024];
    size_t len = 0;
    int found = 0;
    for (int i = 0; i < nb; i++) {
        int f = feasible_with(s, o, rules & ~bits[i], d);
        if (f < 0)
            return JUTEN_ERR_SOLVER;
        if (f == 1) {
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", found ? ", " : "",
                                    _(juten_rule_family_name(bits[i])));
            found++;
        }
        if (len >= sizeof line)
            len = sizeof line - 1;
    }
    if (found) {
        ADD(_("No single check explains it: the rules conflict together. Removing any one of "
            "these rule families makes a portfolio possible: %s."), line);
        goto done;
    }
    for (int i = 0; i < nb; i++)
        for (int k = i + 1; k < nb; k++) {
            int f = feasible_with(s, o, rules & ~(bits[i] | bits[k]), d);
            if (f < 0)
                return JUTEN_ERR_SOLVER;
            if (f == 1) {
                len += (size_t)snprintf(line + len, sizeof line - len, _("%s%s and %s"),
                                        found ? _("; ") : "", _(juten_rule_family_name(bits[i])),
                                        _(juten_rule_family_name(bits[k])));
                found++;
                if (len >= sizeof line)
                    len = sizeof line - 1;
            }
        }
    if (found)
        ADD(_("No single rule family is to blame: a portfolio becomes possible only when two "
            "families are removed together: %s."), line);
    else
        ADD(_("The rules conflict in a way that removing one or two rule families does not "
            "resolve; check the mandatory measures, tag minimums and area shares together."));
done:
    /* leave the solver as the caller's options set it */
    s->rules = o->rules & JUTEN_RULE_ALL;
    juten_solver_apply_rules(s);
    return st;
}
