/*
 * solver.c -- the integer program: formulation, re-solving, results.
 *
 * A solver builds the program of juten_solver.h once from a model and keeps
 * it in GLPK.  A run applies only what changed since the previous run: new
 * values rebuild the coefficient rows, a new savings rate rebuilds the offset
 * row, a new headroom or a different set of rule families only touches
 * bounds.  This is what makes frontiers, explanations and Monte Carlo draws
 * cheap: thousands of runs share one problem object and its basis.
 *
 * Every portfolio GLPK returns is checked here against the plain copy of the
 * rows before it is reported, and its objective, spend and savings are
 * recomputed in a fixed order, so that reports do not depend on GLPK's
 * floating-point path and a solver defect cannot pass silently.
 */
#include "solver_int.h"
#include "juten_gsl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

const char *juten_outcome_str(juten_outcome o)
{
    switch (o) {
    case JUTEN_OPTIMAL: return "optimal";
    case JUTEN_FEASIBLE: return "feasible";
    case JUTEN_INFEASIBLE: return "infeasible";
    case JUTEN_NO_SOLUTION: return "no_solution";
    }
    return "unknown";
}

const char *juten_rule_family_name(unsigned bit)
{
    switch (bit) {
    case JUTEN_RULE_OFFSET: return "offset";
    case JUTEN_RULE_AREA_SHARE: return "area shares";
    case JUTEN_RULE_AREA_SPEND: return "area spending limits";
    case JUTEN_RULE_TAG_MIN: return "tag minimums";
    case JUTEN_RULE_CEILING: return "ministry ceilings";
    case JUTEN_RULE_MANDATORY: return "mandatory measures";
    case JUTEN_RULE_INCLUDE: return "forced inclusions";
    case JUTEN_RULE_EXCLUDE: return "forced exclusions";
    case JUTEN_RULE_REQUIRES: return "dependencies";
    case JUTEN_RULE_GROUP: return "exclusive groups";
    }
    return "unknown rule";
}

const char *juten_solver_backend_version(void) { return juten_lpi_version(); }

double juten_solver_clock(void) { return now_seconds(); }

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

bool juten_strlist_add(char ***list, int *n, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    char **nl = s ? realloc(*list, ((size_t)*n + 1) * sizeof *nl) : NULL;
    if (!nl) {
        free(s);
        va_end(ap);
        return false;
    }
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    nl[(*n)++] = s;
    *list = nl;
    return true;
}

/* ---- names ------------------------------------------------------------ */

static char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *xasprintf(const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* CPLEX-LP names allow letters, digits and !"#$%&()/,.;?@_`'{}|~ only, and
 * at most 255 characters.  Readable names map as [ -> (, ] -> ), "->" -> /,
 * anything else -> _. */
static char *lp_safe(const char *name)
{
    static const char ok[] = "!\"#$%&()/,.;?@_`'{}|~";
    size_t n = strlen(name);
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n && k < 240; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '[')
            s[k++] = '(';
        else if (c == ']')
            s[k++] = ')';
        else if (c == '-' && name[i + 1] == '>') {
            s[k++] = '/';
            i++;
        } else if ((c < 128 && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                (c >= 'A' && c <= 'Z'))) ||
                   (c < 128 && c && strchr(ok, c)))
            s[k++] = (char)c;
        else if (c >= 0x80 && (c & 0xC0) == 0x80)
            continue; /* one _ per non-ASCII character */
        else
            s[k++] = '_';
    }
    s[k] = 0;
    return s;
}

typedef struct name_ref {
    char **slot;
    int order;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(*x->slot, *y->slot);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Make every LP name unique (GLPK would merge equal column names on reading
 * the file back): the first keeps its name, later ones get "#<k>_<index>". */
static bool uniquify(char **names, int n)
{
    name_ref *refs = malloc((size_t)(n ? n : 1) * sizeof *refs);
    if (!refs)
        return false;
    for (int i = 0; i < n; i++)
        refs[i] = (name_ref){&names[i], i};
    qsort(refs, (size_t)n, sizeof *refs, cmp_name_ref);
    bool ok = true;
    for (int i = 0; i < n && ok;) {
        int j = i + 1;
        while (j < n && strcmp(*refs[j].slot, *refs[i].slot) == 0)
            j++;
        for (int k = i + 1; k < j && ok; k++) {
            char *nn = xasprintf("%s#%d_%d", *refs[k].slot, k - i + 1, refs[k].order);
            if (!nn)
                ok = false;
            else {
                free(*refs[k].slot);
                *refs[k].slot = nn;
            }
        }
        i = j;
    }
    free(refs);
    return ok;
}

/* ---- building --------------------------------------------------------- */

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

#define TRY(x)                                                                    \
    do {                                                                          \
        juten_status st_ = (x);                                                   \
        if (st_ != JUTEN_OK)                                                      \
            return st_;                                                           \
    } while (0)

static juten_status enumerate_rows(juten_solver *s)
{
    const juten_model *m = s->m;
    int cap = 0;
    TRY(add_row(s, &cap, JUTEN_ROW_OFFSET, JUTEN_RULE_OFFSET, -1, -1,
                xasprintf("offset"), -INFINITY, m->headroom));
    for (int a = 0; a < m->n_areas; a++) {
        const juten_area *ar = &m->areas[a];
        if (!isnan(ar->min_share) && ar->min_share > 0)
            TRY(add_row(s, &cap, JUTEN_ROW_AREA_MIN_SHARE, JUTEN_RULE_AREA_SHARE, a, -1,
                        xasprintf("area_min_share[%s]", ar->id), 0.0, INFINITY));
        if (!isnan(ar->max_share) && ar->max_share < 1)
            TRY(add_row(s, &cap, JUTEN_ROW_AREA_MAX_SHARE, JUTEN_RULE_AREA_SHARE, a, -1,
                        xasprintf("area_max_share[%s]", ar->id), -INFINITY, 0.0));
        bool lo = !isnan(ar->min_spend) && ar->min_spend > 0;
        bool hi = !isnan(ar->max_spend);
        if (lo || hi)
            TRY(add_row(s, &cap, JUTEN_ROW_AREA_SPEND, JUTEN_RULE_AREA_SPEND, a, -1,
                        xasprintf("area_spend[%s]", ar->id),
                        lo ? ar->min_spend : -INFINITY, hi ? ar->max_spend : INFINITY));
    }
    for (int t = 0; t < m->n_tags; t++)
        if (!isnan(m->tags[t].minimum) && m->tags[t].minimum > 0)
            TRY(add_row(s, &cap, JUTEN_ROW_TAG_MIN, JUTEN_RULE_TAG_MIN, t, -1,
                        xasprintf("tag_min[%s]", m->tags[t].id), m->tags[t].minimum,
                        INFINITY));
    for (int k = 0; k < m->n_ministries; k++)
        if (isfinite(m->ministries[k].ceiling))
            TRY(add_row(s, &cap, JUTEN_ROW_CEILING, JUTEN_RULE_CEILING, k, -1,
                        xasprintf("ceiling[%s]", m->ministries[k].id), -INFINITY,
                        m->ministries[k].ceiling));
    for (int i = 0; i < m->n_measures; i++)
        for (int q = 0; q < m->measures[i].n_requires; q++) {
            int j = m->measures[i].requires[q];
            TRY(add_row(s, &cap, JUTEN_ROW_REQUIRES, JUTEN_RULE_REQUIRES, i, j,
                        xasprintf("requires[%s->%s]", m->measures[i].id, m->measures[j].id),
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
                             xasprintf("group[%s]", m->groups[g].id), -INFINITY, 1.0);
        free(count);
        TRY(st);
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
static void update_column(juten_solver *s, int j, unsigned dep)
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
static void update_rate(juten_solver *s)
{
    for (int j = 0; j < s->n; j++)
        update_column(s, j, JUTEN_DEP_SAVING);
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
static juten_status collect_members(juten_solver *s)
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
static juten_status build_matrix(juten_solver *s)
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
static juten_status push_rows(juten_solver *s, unsigned dirty, juten_diags *d)
{
    if (dirty & JUTEN_DEP_ALL)
        for (int r = 0; r < s->nrows; r++)
            if (s->row_dep[r] == 0)
                TRY(push_row(s, r, d));
    if (dirty & (JUTEN_DEP_ALL | JUTEN_DEP_COST)) {
        for (int r = s->nrows - 1; r >= 0; r--)
            if (s->row_dep[r] & JUTEN_DEP_COST)
                TRY(push_row(s, r, d));
    } else if (dirty & JUTEN_DEP_SAVING) {
        for (int r = s->nrows - 1; r >= 0; r--)
            if (s->row_dep[r] & JUTEN_DEP_SAVING)
                TRY(push_row(s, r, d));
    }
    if (dirty && s->value_row >= 0)
        TRY(push_row(s, s->value_row, d));
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
            s->row_lb[r] = -INFINITY;
            s->row_ub[r] = s->headroom;
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

static double row_tol(double bound)
{
    return 1e-6 * (1.0 + fabs(bound));
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
    return row_tol(bound);
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
 * portfolio in members) to a solver already built. */
static juten_status append_row(juten_solver *s, juten_row_kind kind, int *members,
                               int n_members, juten_diags *d)
{
    int r = s->nrows;
    size_t nr = (size_t)r + 2;
    bool grown = grow(&s->rows, nr * sizeof *s->rows) && grow(&s->row_lb, nr * sizeof(double)) &&
                 grow(&s->row_ub, nr * sizeof(double)) && grow(&s->act, nr * sizeof(double)) &&
                 grow(&s->delta, nr * sizeof(double)) && grow(&s->touched, nr * sizeof(int)) &&
                 grow(&s->rowmark, nr) && grow(&s->row_off, nr);
    char *name = kind == JUTEN_ROW_VALUE ? xasprintf("value_floor") : xasprintf("cut[%d]", r);
    char *lp_name = name ? lp_safe(name) : NULL;
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
    TRY(juten_lpi_add_rows(s->lp, 1, (const char *const *)&lp_name, &first, d));
    if (kind == JUTEN_ROW_VALUE)
        s->value_row = r;
    s->dirty |= JUTEN_DEP_ALL; /* the matrix is rebuilt and pushed with the next run */
    return JUTEN_OK;
}

/* A solver belongs to the thread that created it (GLPK's state is per
 * thread): from any other thread the public calls refuse to run. */
static bool owned_here(const juten_solver *s, juten_diags *d)
{
    if (s->owner == juten_lpi_thread_id())
        return true;
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                    "this solver was created by another thread and can only be used by "
                    "that thread (GLPK keeps its state per thread); create one solver in "
                    "each thread");
    return false;
}

juten_status juten_solver_add_cut(juten_solver *s, const unsigned char *sel, juten_diags *d)
{
    if (!owned_here(s, d))
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
    juten_status st = append_row(s, JUTEN_ROW_CUT, members, k, d);
    if (st != JUTEN_OK)
        free(members);
    return st;
}

void juten_solver_set_row_off(juten_solver *s, const unsigned char *off)
{
    for (int r = 0; r < s->nrows; r++)
        s->row_off[r] = off ? off[r] : 0;
}

int juten_solver_row_count(const juten_solver *s) { return s->nrows; }
const juten_row *juten_solver_row(const juten_solver *s, int r) { return &s->rows[r]; }

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
        st = push_rows(s, JUTEN_DEP_ALL, d);
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
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "no model given to the solver");
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
    if ((st = enumerate_rows(s)) != JUTEN_OK || (st = collect_members(s)) != JUTEN_OK)
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
        names_ok &= (rn[r] = lp_safe(s->rows[r].name)) != NULL;
    for (int j = 0; j < s->n; j++) {
        char *full = xasprintf("x(%s)", m->measures[j].id);
        s->col_names[j] = full ? lp_safe(full) : NULL;
        free(full);
        names_ok &= s->col_names[j] != NULL;
    }
    /* rows and columns are unique separately: their prefixes differ */
    names_ok = names_ok && uniquify(rn, s->nrows) && uniquify(s->col_names, s->n);
    for (int r = 0; r < s->nrows; r++)
        s->rows[r].lp_name = rn[r];
    free(rn);
    if (!names_ok)
        goto fail;
    if ((st = build_matrix(s)) != JUTEN_OK || (st = make_lpi(s, d)) != JUTEN_OK)
        goto fail;
    *out = s;
    return JUTEN_OK;
fail:
    if (st == JUTEN_ERR_NOMEM)
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "out of memory while building the integer program");
    juten_solver_free(s);
    return st;
}

void juten_solver_free(juten_solver *s)
{
    if (!s)
        return;
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
    if (!owned_here(s, d))
        return JUTEN_ERR_USAGE;
    for (int j = 0; j < s->n; j++) {
        double c = cost ? cost[j] : s->m->measures[j].cost;
        double r = risk ? risk[j] : s->m->measures[j].risk;
        double v = saving ? saving[j] : s->m->measures[j].saving;
        if (!isfinite(c) || !isfinite(r) || !isfinite(v) || c < 0 || v < 0) {
            juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                            "measure %s: values must be finite with cost and saving >= 0 "
                            "(got cost %g, risk reduction %g, saving %g)",
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
        update_column(s, j, dep);
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
    if (!owned_here(s, d))
        return JUTEN_ERR_USAGE;
    double rate = isnan(o->savings_rate) ? s->m->savings_rate : o->savings_rate;
    double head = isnan(o->headroom) ? s->m->headroom : o->headroom;
    if (!isfinite(rate) || rate < 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        "the savings rate must be a finite number >= 0 (got %g)", rate);
        return JUTEN_ERR_USAGE;
    }
    if (!isfinite(head)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, "the headroom must be finite (got %g)", head);
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
        TRY(build_matrix(s));
        TRY(make_lpi(s, d));
        s->dirty = 0;
        s->pushed_min_net = s->min_net;
        s->pushed_custom = s->custom_obj;
    }
    if (rate != s->rate) {
        s->rate = rate;
        update_rate(s);
    }
    if (s->dirty & JUTEN_DEP_ALL)
        TRY(build_matrix(s)); /* rows were added */
    if (s->dirty || s->min_net != s->pushed_min_net || s->custom_obj != s->pushed_custom) {
        /* another objective over the same rows keeps the matrix, and so
         * GLPK's basis (the frontier alternates "best value" and "least
         * money" solves) */
        TRY(push_rows(s, s->dirty, d));
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
        TRY(juten_lpi_set_row(s->lp, r, sense, isfinite(lb) ? lb : 0.0,
                              isfinite(ub) ? ub : 0.0, d));
    }
    for (int j = 0; j < s->n; j++)
        TRY(juten_lpi_set_col_bounds(s->lp, j, s->col_lb[j], s->col_ub[j], d));
    return JUTEN_OK;
}

static juten_result *result_alloc(const juten_solver *s)
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

/* Could a single change of the portfolio (funding one more free measure, or
 * dropping one) break row q?  That is what "at its limit" means for a 0-1
 * model: a row with slack smaller than any one measure's share of it holds
 * the portfolio back as much as an exactly tight one. */
static bool row_at_limit(const juten_solver *s, int q, const unsigned char *sel, double act)
{
    double lb = s->row_lb[q], ub = s->row_ub[q];
    double tu = isfinite(ub) ? row_tol(ub) : 0.0, tl = isfinite(lb) ? row_tol(lb) : 0.0;
    for (int e = s->rstart[q]; e < s->rstart[q + 1]; e++) {
        int c = s->rcol[e];
        if (s->col_lb[c] >= s->col_ub[c])
            continue; /* decided by a rule or a what-if: it cannot move */
        double a = sel[c] ? -s->rval[e] : s->rval[e];
        if ((isfinite(ub) && act + a > ub + tu) || (isfinite(lb) && act + a < lb - tl))
            return true;
    }
    return false;
}

/* At most this many rules get a re-solve each, so a large round's `solve`
 * stays within about one more --time-limit for them all. */
#define BINDING_CHECK_MAX 40

/* For a proven optimum asked to explain itself: which rules at their limit
 * hold the value down, and by how much.  Each candidate (a rule a single
 * change would break) is re-solved switched off, starting from this
 * portfolio (it satisfies the looser round); the gain is the new optimum
 * minus this one.  Rules whose removal gains nothing are left out of the
 * list: `requires[M21->M20]` with M20 mandatory is tight and says nothing.
 * Aggregate rules (offset, shares, spends, tags, ceilings) come before
 * dependencies and groups when the count cap applies.  The re-solves share
 * a quarter of o->time_limit. */
static juten_status binding_gains(juten_solver *s, const juten_solve_options *o,
                                  juten_result *r)
{
    int nr = s->nrows;
    int *cand = malloc(((size_t)nr + 1) * sizeof *cand);
    unsigned char *saved = malloc((size_t)nr + 1), *off = malloc((size_t)nr + 1);
    unsigned char *start = malloc((size_t)s->n + 1);
    juten_status st = JUTEN_OK;
    if (!cand || !saved || !off || !start) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    memcpy(saved, s->row_off, (size_t)nr);
    memcpy(start, r->selected, (size_t)s->n);
    int nc = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int q = 0; q < nr; q++) {
            const juten_row *row = &s->rows[q];
            if (!(s->rules & row->family) || row->family == JUTEN_RULE_INTERNAL ||
                s->row_off[q])
                continue;
            bool pairwise = row->kind == JUTEN_ROW_REQUIRES || row->kind == JUTEN_ROW_GROUP;
            if (pairwise != (pass == 1))
                continue;
            if (row_at_limit(s, q, r->selected, juten_solver_row_activity(s, q, r->selected)))
                cand[nc++] = q;
        }
    int nchk = nc < BINDING_CHECK_MAX ? nc : BINDING_CHECK_MAX;
    double V = r->objective, t0 = now_seconds();
    juten_solve_options q = *o;
    q.explain = false;
    q.start = start;
    q.progress = NULL;
    /* a quarter of the time limit for them all: `solve` with the rule prices
     * stays within about 2.25 time limits */
    double budget = o->time_limit > 0 ? o->time_limit / 4 : 0.0;
    if (budget > 0 && nchk > 0)
        q.time_limit = budget / nchk;
    char **names = NULL;
    int nn = 0;
    double *gain = malloc(((size_t)nc + 1) * sizeof *gain);
    if (!gain) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < nc && st == JUTEN_OK; i++) {
        int row = cand[i];
        double g = NAN;
        bool late = budget > 0 && now_seconds() - t0 >= budget;
        if (i < nchk && !late) {
            juten_solve_progress(o, "checking the rules at their limit", i, nchk);
            memcpy(off, saved, (size_t)nr);
            off[row] = 1;
            juten_solver_set_row_off(s, off);
            juten_result *w = NULL;
            /* no diagnostics: a check that fails leaves the rule unchecked
             * and the answer as it is */
            st = juten_solver_run_mode(s, &q, false, NAN, &w, NULL);
            if (st != JUTEN_OK && st != JUTEN_ERR_NOMEM)
                st = JUTEN_OK;
            else if (st == JUTEN_OK) {
                bool have = w->outcome == JUTEN_OPTIMAL || w->outcome == JUTEN_FEASIBLE;
                if (have && w->objective - V > 1e-6 * (1.0 + fabs(V)))
                    g = w->objective - V; /* at least this much (all of it when proven) */
                else if (w->outcome == JUTEN_OPTIMAL)
                    g = 0.0;
            }
            juten_result_free(w);
        }
        if (st != JUTEN_OK)
            break;
        if (g == 0.0) {
            r->n_binding_inert++;
            continue;
        }
        if (isnan(g)) {
            r->n_binding_unchecked++; /* counted, not listed: it may gain nothing */
            continue;
        }
        if (!juten_strlist_add(&names, &nn, "%s", s->rows[row].name)) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        gain[nn - 1] = g;
    }
    juten_solver_set_row_off(s, saved);
    s->min_net = false;
    s->value_above = NAN;
    if (st == JUTEN_OK) {
        for (int i = 0; i < r->n_binding; i++)
            free(r->binding[i]);
        free(r->binding);
        r->binding = names;
        r->n_binding = nn;
        r->binding_gain = gain;
        gain = NULL;
        names = NULL;
    }
    for (int i = 0; names && i < nn; i++)
        free(names[i]);
    free(names);
    free(gain);
done:
    free(cand);
    free(saved);
    free(off);
    free(start);
    return st;
}

/* Totals, per-area and per-ministry figures and binding rules of the
 * portfolio in r->selected, all recomputed in index order. */
static juten_status summarise(juten_solver *s, const juten_solve_options *o, juten_result *r)
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
        bool tight = (isfinite(ub) && ub - act <= row_tol(ub)) ||
                     (isfinite(lb) && act - lb <= row_tol(lb));
        if (row->kind == JUTEN_ROW_REQUIRES && !r->selected[row->ref])
            tight = false; /* 0 <= 0 with neither funded says nothing */
        if (tight && !juten_strlist_add(&r->binding, &r->n_binding, "%s", row->name))
            return JUTEN_ERR_NOMEM;
    }
    /* only the run a planner asked to explain, on a proven optimum, and not
     * the analyses' own searches (net cost, value floors, other objectives) */
    if (o->explain && r->outcome == JUTEN_OPTIMAL && !s->min_net && isnan(s->value_above) &&
        !s->custom_obj)
        return binding_gains(s, o, r);
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
    if (!owned_here(s, d))
        return JUTEN_ERR_USAGE;
    double t0 = now_seconds();
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
        juten_status vs = append_row(s, JUTEN_ROW_VALUE, NULL, 0, d);
        if (vs != JUTEN_OK)
            return vs;
    }
    s->min_net = min_net;
    s->value_above = value_above;
    TRY(juten_solver_prepare(s, o, d));
    juten_result *r = result_alloc(s);
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
                            "internal error: the solver returned a portfolio that breaks a "
                            "rule; please report this with the input files");
            juten_result_free(r);
            return JUTEN_ERR_INTERNAL;
        }
        if ((st = summarise(s, o, r)) != JUTEN_OK) {
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
    r->seconds = now_seconds() - t0;
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
    if (!owned_here(s, d))
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
    if (!owned_here(s, d))
        return JUTEN_ERR_USAGE;
    /* A mandatory measure that is also excluded is written as the bounds
     * 1 <= x <= 0: the file says what juten solves, and another solver
     * reports it infeasible as juten does. */
    s->min_net = false;
    s->value_above = NAN;
    TRY(juten_solver_prepare(s, o, d));
    return juten_lpi_write(s->lp, fmt == JUTEN_EXPORT_MPS, path, d);
}

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
