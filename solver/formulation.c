/*
 * formulation.c -- the integer program of juten_solver.h as rows: which
 * rows a round has, their coefficients from the present numbers, the plain
 * compressed copies (by row and by column) that checks, the heuristic and
 * the diagnosis read, and how they reach GLPK.
 *
 * The sparsity pattern is fixed when the solver is built (keep_entry): new
 * costs, savings, risk reductions or a new savings rate rewrite numbers in
 * place, in the rows that use them, and push just those rows, in an order
 * that leaves GLPK's internal lists as the numbers alone decide
 * (juten_form_push_rows).  Bounds (rule families, headroom, what-if
 * decisions) are applied per run (juten_solver_apply_rules).
 */
#include "solver_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A solver belongs to the thread that created it (GLPK's state is per
 * thread): from any other thread the public calls refuse to run. */
bool juten_solver_owned_here(const juten_solver *s, juten_diags *d)
{
    if (s->owner == juten_lpi_thread_id())
        return true;
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                    _("this solver was created by another thread and can only be used by "
                    "that thread (GLPK keeps its state per thread); create one solver in "
                    "each thread"));
    return false;
}

static juten_status add_row(juten_solver *s, int *cap, juten_row_kind kind,
                            unsigned family, int ref, int ref2, char *name,
                            double lb, double ub)
{
    if (!name)
        return JUTEN_ERR_NOMEM;
    if (s->nrows == *cap) {
        int nc = *cap ? 2 * *cap : 16;
        juten_row *nr = realloc(s->rows, (size_t)nc * sizeof *nr);
        if (!nr) {
            free(name);
            return JUTEN_ERR_NOMEM;
        }
        s->rows = nr;
        *cap = nc;
    }
    s->rows[s->nrows++] = (juten_row){kind, ref, ref2, family, name, NULL, lb, ub, NULL, 0};
    return JUTEN_OK;
}

juten_status juten_form_enumerate_rows(juten_solver *s)
{
    const juten_model *m = s->m;
    int cap = 0;
    JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_OFFSET, JUTEN_RULE_OFFSET, -1, -1,
                juten_solver_asprintf("offset"), -INFINITY, m->headroom));
    for (int a = 0; a < m->n_areas; a++) {
        const juten_area *ar = &m->areas[a];
        if (!isnan(ar->min_share) && ar->min_share > 0)
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_AREA_MIN_SHARE, JUTEN_RULE_AREA_SHARE, a, -1,
                        juten_solver_asprintf("area_min_share[%s]", ar->id), 0.0, INFINITY));
        if (!isnan(ar->max_share) && ar->max_share < 1)
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_AREA_MAX_SHARE, JUTEN_RULE_AREA_SHARE, a, -1,
                        juten_solver_asprintf("area_max_share[%s]", ar->id), -INFINITY, 0.0));
        bool lo = !isnan(ar->min_spend) && ar->min_spend > 0;
        bool hi = !isnan(ar->max_spend);
        if (lo || hi)
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_AREA_SPEND, JUTEN_RULE_AREA_SPEND, a, -1,
                        juten_solver_asprintf("area_spend[%s]", ar->id),
                        lo ? ar->min_spend : -INFINITY, hi ? ar->max_spend : INFINITY));
    }
    for (int t = 0; t < m->n_tags; t++)
        if (!isnan(m->tags[t].minimum) && m->tags[t].minimum > 0)
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_TAG_MIN, JUTEN_RULE_TAG_MIN, t, -1,
                        juten_solver_asprintf("tag_min[%s]", m->tags[t].id), m->tags[t].minimum,
                        INFINITY));
    for (int k = 0; k < m->n_ministries; k++)
        if (isfinite(m->ministries[k].ceiling))
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_CEILING, JUTEN_RULE_CEILING, k, -1,
                        juten_solver_asprintf("ceiling[%s]", m->ministries[k].id), -INFINITY,
                        m->ministries[k].ceiling));
    for (int i = 0; i < m->n_measures; i++)
        for (int q = 0; q < m->measures[i].n_requires; q++) {
            int j = m->measures[i].requires[q];
            JUTEN_TRY(add_row(s, &cap, JUTEN_ROW_REQUIRES, JUTEN_RULE_REQUIRES, i, j,
                        juten_solver_asprintf("requires[%s->%s]", m->measures[i].id, m->measures[j].id),
                        -INFINITY, 0.0));
        }
    if (m->n_groups > 0) {
        int *count = calloc((size_t)m->n_groups, sizeof *count);
        if (!count)
            return JUTEN_ERR_NOMEM;
        for (int i = 0; i < m->n_measures; i++)
            if (m->measures[i].group >= 0)
                count[m->measures[i].group]++;
        juten_status st = JUTEN_OK;
        for (int g = 0; g < m->n_groups && st == JUTEN_OK; g++)
            if (count[g] >= 2)
                st = add_row(s, &cap, JUTEN_ROW_GROUP, JUTEN_RULE_GROUP, g, -1,
                             juten_solver_asprintf("group[%s]", m->groups[g].id), -INFINITY, 1.0);
        free(count);
        JUTEN_TRY(st);
    }
    return JUTEN_OK;
}

/* Coefficient of measure j in a row for cost c, saving v and value w. */
static double coef_of(const juten_solver *s, const juten_row *row, int j, double c, double v,
                      double w)
{
    const juten_measure *me = &s->m->measures[j];
    switch (row->kind) {
    case JUTEN_ROW_OFFSET:
        return c - s->rate * v;
    case JUTEN_ROW_AREA_MIN_SHARE:
        return c * ((me->area == row->ref ? 1.0 : 0.0) - s->m->areas[row->ref].min_share);
    case JUTEN_ROW_AREA_MAX_SHARE:
        return c * ((me->area == row->ref ? 1.0 : 0.0) - s->m->areas[row->ref].max_share);
    case JUTEN_ROW_AREA_SPEND:
        return me->area == row->ref ? c : 0.0;
    case JUTEN_ROW_TAG_MIN:
        for (int q = 0; q < me->n_tags; q++)
            if (me->tags[q] == row->ref)
                return c;
        return 0.0;
    case JUTEN_ROW_CEILING:
        return c * juten_measure_charge_share(me, row->ref);
    case JUTEN_ROW_REQUIRES:
        return j == row->ref ? 1.0 : j == row->ref2 ? -1.0 : 0.0;
    case JUTEN_ROW_GROUP:
        return me->group == row->ref ? 1.0 : 0.0;
    case JUTEN_ROW_VALUE:
        return w;
    case JUTEN_ROW_CUT: {
        /* members are the portfolio's measures, sorted: -1 in, +1 out */
        int lo = 0, hi = row->n_members - 1;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            if (row->members[mid] == j)
                return -1.0;
            if (row->members[mid] < j)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return 1.0;
    }
    }
    return 0.0;
}

/* Coefficient of measure j in a row under the current values and rate. */
static double coef(const juten_solver *s, const juten_row *row, int j)
{
    return coef_of(s, row, j, s->cost[j], s->saving[j], s->val[j]);
}

/* Is (row, j) stored?  Every entry the row's structure can make nonzero,
 * whatever the numbers: the offset row holds every measure, a share row
 * every measure its share can weigh, the value row every measure of an
 * area with a weight.  The pattern is fixed for the solver's life, so new
 * costs, savings, values or a new rate rewrite numbers in place and never
 * the pattern (an entry may hold 0 for the present numbers). */
static bool keep_entry(const juten_solver *s, const juten_row *row, int j)
{
    if (row->kind == JUTEN_ROW_OFFSET)
        return true;
    if (row->kind == JUTEN_ROW_VALUE)
        return s->m->areas[s->m->measures[j].area].weight != 0.0;
    return coef_of(s, row, j, 1.0, 1.0, 1.0) != 0.0;
}

/* The numbers a row's coefficients are made of (JUTEN_DEP_* bits). */
static unsigned row_dep(const juten_row *row)
{
    switch (row->kind) {
    case JUTEN_ROW_OFFSET:
        return JUTEN_DEP_COST | JUTEN_DEP_SAVING;
    case JUTEN_ROW_AREA_MIN_SHARE:
    case JUTEN_ROW_AREA_MAX_SHARE:
    case JUTEN_ROW_AREA_SPEND:
    case JUTEN_ROW_TAG_MIN:
    case JUTEN_ROW_CEILING:
        return JUTEN_DEP_COST;
    case JUTEN_ROW_VALUE:
        return JUTEN_DEP_RISK;
    case JUTEN_ROW_REQUIRES:
    case JUTEN_ROW_GROUP:
    case JUTEN_ROW_CUT:
        return 0;
    }
    return JUTEN_DEP_ALL;
}

/* Rewrite, in both compressed copies, the entries of column j in the rows
 * whose coefficients use any of the numbers in dep: O(entries of column j). */
void juten_form_update_column(juten_solver *s, int j, unsigned dep)
{
    for (int e = s->cstart[j]; e < s->cstart[j + 1]; e++) {
        const juten_row *row = &s->rows[s->crow[e]];
        if (s->row_dep[s->crow[e]] & dep) {
            double v = coef(s, row, j);
            s->cval[e] = v;
            s->rval[s->cpos[e]] = v;
        }
    }
}

/* A new savings rate: rewrite the offset row (row 0) in both copies; GLPK
 * gets it with the next push. */
void juten_form_update_rate(juten_solver *s)
{
    for (int j = 0; j < s->n; j++)
        juten_form_update_column(s, j, JUTEN_DEP_SAVING);
    s->dirty |= JUTEN_DEP_SAVING;
}

/* Which columns can appear in a row: the dense rows (offset, area shares)
 * scan every column, the sparse ones only their members, so building the
 * matrix costs O(nonzeros), not O(rows x columns). */
static int row_candidates(const juten_solver *s, const juten_row *row, int *out)
{
    int n = 0;
    if (row->kind == JUTEN_ROW_REQUIRES) {
        out[n++] = row->ref;
        out[n++] = row->ref2;
    } else if (row->members && row->kind != JUTEN_ROW_CUT) {
        memcpy(out, row->members, (size_t)row->n_members * sizeof *out);
        n = row->n_members;
    } else {
        for (int j = 0; j < s->n; j++)
            out[n++] = j;
    }
    return n;
}

/* Member lists of the sparse rows, in column order, built in two passes
 * over the measures (count, then fill): a round with thousands of groups
 * must not cost groups x measures. */
juten_status juten_form_collect_members(juten_solver *s)
{
    const juten_model *m = s->m;
    /* row index for each area (spend), tag, ministry and group; -1: none */
    int na = m->n_areas, nt = m->n_tags, nk = m->n_ministries, ng = m->n_groups;
    int *map = malloc(((size_t)na + nt + nk + ng + 1) * sizeof *map);
    int *count = calloc((size_t)s->nrows + 1, sizeof *count);
    if (!map || !count) {
        free(map);
        free(count);
        return JUTEN_ERR_NOMEM;
    }
    int *area_row = map, *tag_row = map + na, *min_row = tag_row + nt, *grp_row = min_row + nk;
    for (int i = 0; i < na + nt + nk + ng; i++)
        map[i] = -1;
    for (int r = 0; r < s->nrows; r++) {
        const juten_row *row = &s->rows[r];
        switch (row->kind) {
        case JUTEN_ROW_AREA_SPEND: area_row[row->ref] = r; break;
        case JUTEN_ROW_TAG_MIN: tag_row[row->ref] = r; break;
        case JUTEN_ROW_CEILING: min_row[row->ref] = r; break;
        case JUTEN_ROW_GROUP: grp_row[row->ref] = r; break;
        default: break;
        }
    }
    /* the most sparse rows one measure can be in: its area, its group, a
     * ceiling per share (or its own ministry) and a row per tag; sized from
     * the data, since the loader sets no limit on tags or shares */
    size_t most = 3;
    for (int j = 0; j < s->n; j++) {
        size_t k = 3 + (size_t)m->measures[j].n_shares + (size_t)m->measures[j].n_tags;
        if (k > most)
            most = k;
    }
    int *rows = malloc(most * sizeof *rows);
    juten_status st = rows ? JUTEN_OK : JUTEN_ERR_NOMEM;
    for (int pass = 0; pass < 2 && st == JUTEN_OK; pass++) {
        for (int j = 0; j < s->n; j++) {
            const juten_measure *me = &m->measures[j];
            int k = 0;
            if (area_row[me->area] >= 0)
                rows[k++] = area_row[me->area];
            if (me->group >= 0 && grp_row[me->group] >= 0)
                rows[k++] = grp_row[me->group];
            if (me->n_shares == 0) {
                if (me->ministry >= 0 && min_row[me->ministry] >= 0)
                    rows[k++] = min_row[me->ministry];
            }
            for (int q = 0; q < me->n_shares; q++)
                if (min_row[me->shares[q].ministry] >= 0)
                    rows[k++] = min_row[me->shares[q].ministry];
            for (int q = 0; q < me->n_tags; q++)
                if (tag_row[me->tags[q]] >= 0)
                    rows[k++] = tag_row[me->tags[q]];
            for (int q = 0; q < k; q++) {
                juten_row *row = &s->rows[rows[q]];
                if (pass == 0)
                    count[rows[q]]++;
                else if (row->n_members == 0 || row->members[row->n_members - 1] != j)
                    row->members[row->n_members++] = j; /* a tag listed twice counts once */
            }
        }
        if (pass == 0)
            for (int r = 0; r < s->nrows && st == JUTEN_OK; r++) {
                juten_row *row = &s->rows[r];
                if (row->kind == JUTEN_ROW_AREA_SPEND || row->kind == JUTEN_ROW_TAG_MIN ||
                    row->kind == JUTEN_ROW_CEILING || row->kind == JUTEN_ROW_GROUP)
                    if (!(row->members = malloc(((size_t)count[r] + 1) * sizeof(int))))
                        st = JUTEN_ERR_NOMEM;
            }
    }
    free(rows);
    free(map);
    free(count);
    return st;
}

/* Rebuild the compressed rows and columns from the current values. */
juten_status juten_form_build_matrix(juten_solver *s)
{
    /* values first: the value-floor row is made of them */
    for (int j = 0; j < s->n; j++) {
        s->val[j] = s->m->areas[s->m->measures[j].area].weight * s->risk[j];
        s->obj[j] = s->custom_obj ? s->custom_obj[j]
                    : s->min_net  ? -(s->cost[j] - s->rate * s->saving[j])
                                  : s->val[j];
    }
    int *cand = malloc(((size_t)s->n + 2) * sizeof *cand);
    int *count = calloc((size_t)s->nrows + 1, sizeof *count);
    if (!cand || !count) {
        free(cand);
        free(count);
        return JUTEN_ERR_NOMEM;
    }
    /* pass 1: count nonzeros */
    size_t nnz = 0;
    for (int r = 0; r < s->nrows; r++) {
        int nc = row_candidates(s, &s->rows[r], cand);
        for (int q = 0; q < nc; q++)
            if (keep_entry(s, &s->rows[r], cand[q]))
                count[r]++;
        nnz += (size_t)count[r];
    }
    if (nnz > (size_t)2147483647) {
        free(cand);
        free(count);
        return JUTEN_ERR_NOMEM;
    }
    int *rstart = malloc(((size_t)s->nrows + 1) * sizeof *rstart);
    int *rcol = malloc((nnz ? nnz : 1) * sizeof *rcol);
    double *rval = malloc((nnz ? nnz : 1) * sizeof *rval);
    int *cstart = calloc((size_t)s->n + 1, sizeof *cstart);
    int *crow = malloc((nnz ? nnz : 1) * sizeof *crow);
    double *cval = malloc((nnz ? nnz : 1) * sizeof *cval);
    int *cpos = malloc((nnz ? nnz : 1) * sizeof *cpos);
    unsigned char *dep = malloc((size_t)s->nrows + 1);
    if (!rstart || !rcol || !rval || !cstart || !crow || !cval || !cpos || !dep) {
        free(rstart); free(rcol); free(rval); free(cstart); free(crow); free(cval);
        free(cpos); free(dep);
        free(cand);
        free(count);
        return JUTEN_ERR_NOMEM;
    }
    /* pass 2: fill rows */
    int pos = 0;
    for (int r = 0; r < s->nrows; r++) {
        rstart[r] = pos;
        dep[r] = (unsigned char)row_dep(&s->rows[r]);
        int nc = row_candidates(s, &s->rows[r], cand);
        for (int q = 0; q < nc; q++) {
            double v = coef(s, &s->rows[r], cand[q]);
            if (keep_entry(s, &s->rows[r], cand[q])) {
                rcol[pos] = cand[q];
                rval[pos] = v;
                pos++;
            }
        }
    }
    rstart[s->nrows] = pos;
    /* columns by transposition */
    for (int e = 0; e < pos; e++)
        cstart[rcol[e] + 1]++;
    for (int j = 0; j < s->n; j++)
        cstart[j + 1] += cstart[j];
    int *fill = cand; /* reuse: n + 2 >= n entries */
    memcpy(fill, cstart, (size_t)s->n * sizeof *fill);
    for (int r = 0; r < s->nrows; r++)
        for (int e = rstart[r]; e < rstart[r + 1]; e++) {
            int j = rcol[e];
            crow[fill[j]] = r;
            cval[fill[j]] = rval[e];
            cpos[fill[j]] = e;
            fill[j]++;
        }
    free(cand);
    free(count);
    free(s->rstart); free(s->rcol); free(s->rval);
    free(s->cstart); free(s->crow); free(s->cval); free(s->cpos); free(s->row_dep);
    s->rstart = rstart; s->rcol = rcol; s->rval = rval;
    s->cstart = cstart; s->crow = crow; s->cval = cval; s->cpos = cpos;
    s->row_dep = dep;
    return JUTEN_OK;
}

static juten_status push_row(juten_solver *s, int r, juten_diags *d)
{
    return juten_lpi_set_row_coefs(s->lp, r, s->rstart[r + 1] - s->rstart[r],
                                   s->rcol + s->rstart[r], s->rval + s->rstart[r], d);
}

/* The objective of the run: value, net cost, or the caller's. */
static void set_objective(juten_solver *s)
{
    for (int j = 0; j < s->n; j++)
        s->obj[j] = s->custom_obj ? s->custom_obj[j]
                    : s->min_net  ? -(s->cost[j] - s->rate * s->saving[j])
                                  : s->val[j];
}

/* Give GLPK the rows whose numbers changed (s->dirty), and the objective.
 *
 * GLPK keeps each row and column as a linked list, and a rewritten row's
 * entries go to the head of every column's list.  The order of those lists
 * steers GLPK's arithmetic (the simplex builds its matrix column by column,
 * the cover-cut generator reads rows in order), so it must depend on the
 * numbers alone, never on which changes came before.  Rows are pushed in a
 * fixed order that leaves every column's list as
 *     value row, cost rows (offset first, ascending), structural rows
 * whatever was rewritten: structural rows (requires, groups, cuts) when
 * rows were added, then the cost rows from the last to the offset, or the
 * offset alone when only savings or the rate changed, then the value row.
 * Each push then costs the entries of the rows that use the changed
 * numbers, and the arithmetic of a run depends on its own numbers only. */
juten_status juten_form_push_rows(juten_solver *s, unsigned dirty, juten_diags *d)
{
    if (dirty & JUTEN_DEP_ALL)
        for (int r = 0; r < s->nrows; r++)
            if (s->row_dep[r] == 0)
                JUTEN_TRY(push_row(s, r, d));
    if (dirty & (JUTEN_DEP_ALL | JUTEN_DEP_COST)) {
        for (int r = s->nrows - 1; r >= 0; r--)
            if (s->row_dep[r] & JUTEN_DEP_COST)
                JUTEN_TRY(push_row(s, r, d));
    } else if (dirty & JUTEN_DEP_SAVING) {
        for (int r = s->nrows - 1; r >= 0; r--)
            if (s->row_dep[r] & JUTEN_DEP_SAVING)
                JUTEN_TRY(push_row(s, r, d));
    }
    if (dirty && s->value_row >= 0)
        JUTEN_TRY(push_row(s, s->value_row, d));
    if (dirty)
        s->pushed_since_lp = true;
    set_objective(s);
    return juten_lpi_set_obj(s->lp, s->obj, d);
}

void juten_solver_apply_rules(juten_solver *s)
{
    const juten_model *m = s->m;
    for (int r = 0; r < s->nrows; r++) {
        juten_row *row = &s->rows[r];
        if (!(s->rules & row->family) || s->row_off[r]) {
            s->row_lb[r] = -INFINITY;
            s->row_ub[r] = INFINITY;
        } else if (row->kind == JUTEN_ROW_VALUE) {
            s->row_lb[r] = isnan(s->value_above) ? -INFINITY : s->value_above + s->value_margin;
            s->row_ub[r] = INFINITY;
        } else if (row->kind == JUTEN_ROW_OFFSET) {
            /* with a chance constraint set, the sampled rows of chance.c
             * stand in for the nominal offset row */
            s->row_lb[r] = -INFINITY;
            s->row_ub[r] = s->chance ? INFINITY : s->headroom;
        } else {
            s->row_lb[r] = row->lb;
            s->row_ub[r] = row->ub;
        }
    }
    for (int j = 0; j < s->n; j++) {
        const juten_measure *me = &m->measures[j];
        double lb = 0.0, ub = 1.0;
        if (s->col_rule_off[j]) {
            /* the decision on this measure is set aside by an analysis */
        } else if ((me->mandatory && (s->rules & JUTEN_RULE_MANDATORY)) ||
            (me->force == JUTEN_FORCE_INCLUDE && (s->rules & JUTEN_RULE_INCLUDE)))
            lb = 1.0;
        if (!s->col_rule_off[j] && me->force == JUTEN_FORCE_EXCLUDE &&
            (s->rules & JUTEN_RULE_EXCLUDE))
            ub = 0.0;
        if (s->have_fix && s->fix[j] > 0)
            lb = 1.0;
        else if (s->have_fix && s->fix[j] < 0)
            ub = 0.0;
        s->col_lb[j] = lb;
        s->col_ub[j] = ub;
    }
}

double juten_solver_row_activity(const juten_solver *s, int r, const unsigned char *x)
{
    double a = 0.0;
    for (int e = s->rstart[r]; e < s->rstart[r + 1]; e++)
        if (x[s->rcol[e]])
            a += s->rval[e];
    return a;
}

double juten_solver_row_tol(const juten_solver *s, int r, double bound)
{
    /* The value floor sits a margin above the value to beat (far enough
     * that GLPK's scaled tolerances cannot reach below it); it is checked to
     * half that margin, so whatever passes is truly better. */
    if (s->rows[r].kind == JUTEN_ROW_VALUE)
        return 0.5 * s->value_margin;
    return juten_feas_tol(bound);
}

bool juten_solver_row_ok(const juten_solver *s, int r, double act)
{
    double lb = s->row_lb[r], ub = s->row_ub[r];
    if (isfinite(ub) && act > ub + juten_solver_row_tol(s, r, ub))
        return false;
    if (isfinite(lb) && act < lb - juten_solver_row_tol(s, r, lb))
        return false;
    return true;
}

bool juten_solver_feasible(const juten_solver *s, const unsigned char *x)
{
    for (int j = 0; j < s->n; j++)
        if ((x[j] && s->col_ub[j] < 0.5) || (!x[j] && s->col_lb[j] > 0.5))
            return false;
    for (int r = 0; r < s->nrows; r++)
        if (!juten_solver_row_ok(s, r, juten_solver_row_activity(s, r, x)))
            return false;
    return true;
}

/* realloc into *pp (any object pointer), keeping the old block on failure. */
static bool grow_block(void **pp, size_t bytes)
{
    void *q = realloc(*pp, bytes);
    if (!q)
        return false;
    *pp = q;
    return true;
}
#define grow(pp, bytes) grow_block((void **)(pp), (bytes))
/* Append an analysis row (the value floor, or a no-good cut with its
 * portfolio in members, bound for portfolios merely distinct:
 * juten_solver_add_cut sets the bound of its differ_by) to a solver
 * already built. */
juten_status juten_form_append_row(juten_solver *s, juten_row_kind kind, int *members,
                               int n_members, juten_diags *d)
{
    int r = s->nrows;
    size_t nr = (size_t)r + 2;
    bool grown = grow(&s->rows, nr * sizeof *s->rows) && grow(&s->row_lb, nr * sizeof(double)) &&
                 grow(&s->row_ub, nr * sizeof(double)) && grow(&s->act, nr * sizeof(double)) &&
                 grow(&s->delta, nr * sizeof(double)) && grow(&s->touched, nr * sizeof(int)) &&
                 grow(&s->rowmark, nr) && grow(&s->row_off, nr);
    char *name = kind == JUTEN_ROW_VALUE ? juten_solver_asprintf("value_floor") : juten_solver_asprintf("cut[%d]", r);
    char *lp_name = name ? juten_lp_safe(name) : NULL;
    if (!grown || !lp_name) {
        free(name);
        free(lp_name);
        return JUTEN_ERR_NOMEM;
    }
    s->rowmark[r] = 0;
    s->delta[r] = 0.0;
    s->row_off[r] = 0;
    double rlb = kind == JUTEN_ROW_CUT ? 1.0 - n_members : -INFINITY;
    s->rows[r] = (juten_row){kind, -1, -1, JUTEN_RULE_INTERNAL, name, lp_name, rlb, INFINITY,
                             members, n_members};
    s->nrows++;
    int first;
    JUTEN_TRY(juten_lpi_add_rows(s->lp, 1, (const char *const *)&lp_name, &first, d));
    if (kind == JUTEN_ROW_VALUE)
        s->value_row = r;
    s->dirty |= JUTEN_DEP_ALL; /* the matrix is rebuilt and pushed with the next run */
    return JUTEN_OK;
}

juten_status juten_form_drop_rows(juten_solver *s, int first, juten_diags *d)
{
    if (first >= s->nrows)
        return JUTEN_OK;
    for (int r = first; r < s->nrows; r++) {
        free(s->rows[r].name);
        free(s->rows[r].lp_name);
        free(s->rows[r].members);
    }
    if (s->value_row >= first)
        s->value_row = -1;
    s->nrows = first;
    s->dirty |= JUTEN_DEP_ALL;
    /* a problem a GLPK fault destroyed is rebuilt from these rows */
    return juten_lpi_alive(s->lp) ? juten_lpi_del_rows_from(s->lp, first, d) : JUTEN_OK;
}

juten_status juten_solver_add_cut(juten_solver *s, const unsigned char *sel, int differ_by,
                                  juten_diags *d)
{
    if (!juten_solver_owned_here(s, d))
        return JUTEN_ERR_USAGE;
    int k = 0;
    for (int j = 0; j < s->n; j++)
        k += sel[j] != 0;
    int *members = malloc(((size_t)k + 1) * sizeof *members);
    if (!members)
        return JUTEN_ERR_NOMEM;
    k = 0;
    for (int j = 0; j < s->n; j++)
        if (sel[j])
            members[k++] = j;
    juten_status st = juten_form_append_row(s, JUTEN_ROW_CUT, members, k, d);
    if (st != JUTEN_OK) {
        free(members);
        return st;
    }
    /* the row is -sum_{in} x + sum_{out} x >= differ_by - |in|: the
     * symmetric difference with the portfolio is at least differ_by */
    s->rows[s->nrows - 1].lb = (double)differ_by - k;
    return JUTEN_OK;
}

void juten_solver_set_row_off(juten_solver *s, const unsigned char *off)
{
    for (int r = 0; r < s->nrows; r++)
        s->row_off[r] = off ? off[r] : 0;
}

int juten_solver_row_count(const juten_solver *s) { return s->nrows; }
const juten_row *juten_solver_row(const juten_solver *s, int r) { return &s->rows[r]; }
/* Which rule families does this model use at all? */
unsigned juten_solver_families_present(const juten_solver *s)
{
    unsigned f = 0;
    for (int r = 0; r < s->nrows; r++)
        if (s->rows[r].family != JUTEN_RULE_INTERNAL)
            f |= s->rows[r].family;
    for (int j = 0; j < s->n; j++) {
        const juten_measure *me = &s->m->measures[j];
        if (me->mandatory)
            f |= JUTEN_RULE_MANDATORY;
        if (me->force == JUTEN_FORCE_INCLUDE)
            f |= JUTEN_RULE_INCLUDE;
        if (me->force == JUTEN_FORCE_EXCLUDE)
            f |= JUTEN_RULE_EXCLUDE;
    }
    return f;
}
