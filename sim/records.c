/*
 * records.c -- joining the records of consecutive ranges into one (shards,
 * MPI ranks, partial files); their allocation is run.c's.
 *
 * Joining is concatenation in draw order and nothing else: the summary is
 * recomputed from the joined records, so a run split any way gives the
 * same bytes as the run in one piece.  That is also why join refuses parts
 * that leave a gap or overlap: a draw missing or counted twice would change
 * every statistic without anything showing it.
 */
#include "juten_sim.h"
#include "juten_i18n.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Order of the parts: by first draw, an empty part before a full one at
 * the same place (it then tiles trivially). */
static int by_first(const void *a, const void *b)
{
    const juten_sim_records *x = *(const juten_sim_records *const *)a;
    const juten_sim_records *y = *(const juten_sim_records *const *)b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return 0;
}

/* Copy part p's rows into r at draw offset `at`. */
static void copy_rows(juten_sim_records *r, const juten_sim_records *p, size_t at)
{
    size_t k = (size_t)p->count;
    if (k == 0)
        return;
    memcpy(r->spend + at, p->spend, k * sizeof *r->spend);
    memcpy(r->savings + at, p->savings, k * sizeof *r->savings);
    memcpy(r->net + at, p->net, k * sizeof *r->net);
    memcpy(r->value + at, p->value, k * sizeof *r->value);
    memcpy(r->holds + at * (size_t)r->n_rules, p->holds, k * (size_t)r->n_rules);
    if (r->reoptimised) {
        memcpy(r->outcome + at, p->outcome, k * sizeof *r->outcome);
        memcpy(r->objective + at, p->objective, k * sizeof *r->objective);
        memcpy(r->selected + at * (size_t)r->n_measures, p->selected,
               k * (size_t)r->n_measures);
    }
}

juten_status juten_sim_records_join(juten_sim_records *const *parts, int n,
                                    juten_sim_records **out, juten_diags *diags)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!parts || n <= 0) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("no records to join"));
        return JUTEN_ERR_USAGE;
    }
    for (int i = 0; i < n; i++)
        if (!parts[i] || parts[i]->count < 0) {
            juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("records part %d is missing"), i + 1);
            return JUTEN_ERR_USAGE;
        }
    const juten_sim_records *p0 = parts[0];
    for (int i = 1; i < n; i++) {
        const juten_sim_records *p = parts[i];
        if (p->n_measures != p0->n_measures || p->n_rules != p0->n_rules ||
            p->reoptimised != p0->reoptimised) {
            juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                            _("the records of draws [%" PRIu64 ", %" PRIu64 ") have %d measures, "
                            "%d rules%s, those of draws [%" PRIu64 ", %" PRIu64 ") %d measures, "
                            "%d rules%s: they are not parts of one run"),
                            p->first, p->first + (uint64_t)p->count, p->n_measures, p->n_rules,
                            p->reoptimised ? _(" and reoptimisation") : _(" without reoptimisation"),
                            p0->first, p0->first + (uint64_t)p0->count, p0->n_measures,
                            p0->n_rules,
                            p0->reoptimised ? _(" and reoptimisation") : _(" without reoptimisation"));
            return JUTEN_ERR_INPUT;
        }
    }

    const juten_sim_records **order = malloc((size_t)n * sizeof *order);
    if (!order)
        return JUTEN_ERR_NOMEM;
    for (int i = 0; i < n; i++)
        order[i] = parts[i];
    qsort(order, (size_t)n, sizeof *order, by_first);

    /* They must tile [first of the lowest, end of the highest). */
    uint64_t start = order[0]->first, at = start;
    for (int j = 0; j < n; j++) {
        const juten_sim_records *p = order[j];
        uint64_t end = p->first + (uint64_t)p->count;
        if (p->first > at) {
            juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                            _("draws [%" PRIu64 ", %" PRIu64 ") are missing: no part covers them "
                            "(the next part covers [%" PRIu64 ", %" PRIu64 "))"),
                            at, p->first, p->first, end);
            free(order);
            return JUTEN_ERR_INPUT;
        }
        if (p->first < at) {
            juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                            _("draws [%" PRIu64 ", %" PRIu64 ") overlap the part before: draws "
                            "[%" PRIu64 ", %" PRIu64 ") would be counted twice"),
                            p->first, end, p->first, at < end ? at : end);
            free(order);
            return JUTEN_ERR_INPUT;
        }
        at = end;
    }
    if (at - start > (uint64_t)LONG_MAX) {
        free(order);
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("too many draws to join"));
        return JUTEN_ERR_INPUT;
    }

    juten_sim_records *r;
    juten_status st = juten_sim_records_alloc((long)(at - start), p0->n_measures, p0->n_rules,
                                              p0->reoptimised, &r);
    if (st != JUTEN_OK) {
        free(order);
        return st;
    }
    r->first = start;
    for (int j = 0; j < n; j++) {
        const juten_sim_records *p = order[j];
        copy_rows(r, p, (size_t)(p->first - start));
    }
    free(order);
    *out = r;
    return JUTEN_OK;
}
