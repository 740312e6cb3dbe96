/*
 * model.c -- the model's life cycle (allocation, the files it was read
 * from, freeing) and its accessors.
 *
 * A model is built by the loader (load.c) or in code; either way
 * juten_model_finish() / jm_model_check() (validate.c) must accept it
 * before a solver may trust it.
 */
#include "load_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- life cycle --------------------------------------------------------- */

juten_model *juten_model_alloc(void)
{
    juten_model *m = calloc(1, sizeof *m);
    if (m) {
        m->headroom = 0;
        m->savings_rate = 1;
        juten_uncertainty_init(&m->uncertainty);
    }
    return m;
}

void juten_model_free(juten_model *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_measures; i++) {
        juten_measure *me = &m->measures[i];
        free(me->id);
        free(me->name);
        free(me->requires);
        free(me->tags);
        free(me->shares);
    }
    free(m->measures);
    for (int i = 0; i < m->n_areas; i++) {
        free(m->areas[i].id);
        free(m->areas[i].name);
    }
    free(m->areas);
    for (int i = 0; i < m->n_ministries; i++) {
        free(m->ministries[i].id);
        free(m->ministries[i].name);
    }
    free(m->ministries);
    for (int i = 0; i < m->n_tags; i++)
        free(m->tags[i].id);
    free(m->tags);
    for (int i = 0; i < m->n_groups; i++)
        free(m->groups[i].id);
    free(m->groups);
    for (int i = 0; i < m->n_files; i++) {
        free(m->files[i].role);
        free(m->files[i].path);
    }
    free(m->files);
    jm_strmap_free(m->measure_index);
    free(m->measure_index);
    free(m->name);
    free(m->currency);
    free(m);
}

bool jm_model_add_file(juten_model *m, const char *role, const char *path,
                       const void *data, size_t len)
{
    juten_input_file *nf = realloc(m->files, (size_t)(m->n_files + 1) * sizeof *nf);
    if (!nf)
        return false;
    m->files = nf;
    juten_input_file *f = &m->files[m->n_files];
    f->role = strdup(role);
    f->path = strdup(path);
    if (!f->role || !f->path) {
        free(f->role);
        free(f->path);
        return false;
    }
    jm_sha256_hex(data, len, f->sha256);
    m->n_files++;
    return true;
}

/* ---- accessors ---------------------------------------------------------- */

const char *juten_model_name(const juten_model *m)
{
    return m && m->name ? m->name : "";
}

const char *juten_model_currency(const juten_model *m)
{
    return m && m->currency ? m->currency : "";
}

int juten_model_measure_count(const juten_model *m) { return m ? m->n_measures : 0; }
int juten_model_area_count(const juten_model *m) { return m ? m->n_areas : 0; }
int juten_model_ministry_count(const juten_model *m) { return m ? m->n_ministries : 0; }

const char *juten_model_measure_id(const juten_model *m, int i)
{
    return m && i >= 0 && i < m->n_measures ? m->measures[i].id : NULL;
}

int juten_model_find_measure(const juten_model *m, const char *id)
{
    if (!m || !id)
        return -1;
    if (m->measure_index)
        return jm_strmap_get(m->measure_index, id, strlen(id));
    for (int i = 0; i < m->n_measures; i++)
        if (m->measures[i].id && strcmp(m->measures[i].id, id) == 0)
            return i;
    return -1;
}

/* The element i of one of the model's arrays, or NULL when out of range:
 * every accessor below answers "nothing" rather than reading past an end. */
static const juten_measure *measure_at(const juten_model *m, int i)
{
    return m && i >= 0 && i < m->n_measures ? &m->measures[i] : NULL;
}

static const juten_area *area_at(const juten_model *m, int a)
{
    return m && a >= 0 && a < m->n_areas ? &m->areas[a] : NULL;
}

static const juten_ministry *ministry_at(const juten_model *m, int k)
{
    return m && k >= 0 && k < m->n_ministries ? &m->ministries[k] : NULL;
}

static const juten_input_file *file_at(const juten_model *m, int f)
{
    return m && f >= 0 && f < m->n_files ? &m->files[f] : NULL;
}

double juten_model_headroom(const juten_model *m) { return m ? m->headroom : NAN; }
double juten_model_savings_rate(const juten_model *m) { return m ? m->savings_rate : NAN; }

/* Measure fields: one line each, NAN / NULL / -1 / 0 out of range. */
#define MEASURE_FIELD(type, name, expr, none)                                   \
    type juten_model_measure_##name(const juten_model *m, int i)                \
    {                                                                           \
        const juten_measure *me = measure_at(m, i);                             \
        return me ? (expr) : (none);                                            \
    }

MEASURE_FIELD(const char *, name, me->name, NULL)
MEASURE_FIELD(int, area, me->area, -1)
MEASURE_FIELD(int, ministry, me->ministry, -1)
MEASURE_FIELD(double, cost, me->cost, NAN)
MEASURE_FIELD(double, risk, me->risk, NAN)
MEASURE_FIELD(double, saving, me->saving, NAN)
MEASURE_FIELD(double, cost_lo, me->cost_lo, NAN)
MEASURE_FIELD(double, cost_hi, me->cost_hi, NAN)
MEASURE_FIELD(double, risk_lo, me->risk_lo, NAN)
MEASURE_FIELD(double, risk_hi, me->risk_hi, NAN)
MEASURE_FIELD(double, saving_lo, me->saving_lo, NAN)
MEASURE_FIELD(double, saving_hi, me->saving_hi, NAN)
MEASURE_FIELD(bool, mandatory, me->mandatory, false)
MEASURE_FIELD(int, force, (int)me->force, 0)
MEASURE_FIELD(int, group, me->group, -1)
MEASURE_FIELD(int, line, me->line, 0)
MEASURE_FIELD(int, requires_count, me->n_requires, 0)
MEASURE_FIELD(int, tag_count, me->n_tags, 0)
MEASURE_FIELD(int, share_count, me->n_shares, 0)
#undef MEASURE_FIELD

int juten_model_measure_requires(const juten_model *m, int i, int q)
{
    const juten_measure *me = measure_at(m, i);
    return me && q >= 0 && q < me->n_requires ? me->requires[q] : -1;
}

int juten_model_measure_tag(const juten_model *m, int i, int q)
{
    const juten_measure *me = measure_at(m, i);
    return me && q >= 0 && q < me->n_tags ? me->tags[q] : -1;
}

int juten_model_measure_share_ministry(const juten_model *m, int i, int q)
{
    const juten_measure *me = measure_at(m, i);
    return me && q >= 0 && q < me->n_shares ? me->shares[q].ministry : -1;
}

double juten_model_measure_share(const juten_model *m, int i, int q)
{
    const juten_measure *me = measure_at(m, i);
    return me && q >= 0 && q < me->n_shares ? me->shares[q].share : NAN;
}

double juten_model_measure_charge_share(const juten_model *m, int i, int k)
{
    const juten_measure *me = measure_at(m, i);
    return me ? juten_measure_charge_share(me, k) : NAN;
}

const char *juten_model_area_id(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->id : NULL;
}

const char *juten_model_area_name(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->name : NULL;
}

double juten_model_area_weight(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->weight : NAN;
}

double juten_model_area_min_share(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->min_share : NAN;
}

double juten_model_area_max_share(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->max_share : NAN;
}

double juten_model_area_min_spend(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->min_spend : NAN;
}

double juten_model_area_max_spend(const juten_model *m, int a)
{
    const juten_area *ar = area_at(m, a);
    return ar ? ar->max_spend : NAN;
}

const char *juten_model_ministry_id(const juten_model *m, int k)
{
    const juten_ministry *mi = ministry_at(m, k);
    return mi ? mi->id : NULL;
}

const char *juten_model_ministry_name(const juten_model *m, int k)
{
    const juten_ministry *mi = ministry_at(m, k);
    return mi ? mi->name : NULL;
}

double juten_model_ministry_ceiling(const juten_model *m, int k)
{
    const juten_ministry *mi = ministry_at(m, k);
    return mi ? mi->ceiling : NAN;
}

int juten_model_tag_count(const juten_model *m) { return m ? m->n_tags : 0; }

const char *juten_model_tag_id(const juten_model *m, int t)
{
    return m && t >= 0 && t < m->n_tags ? m->tags[t].id : NULL;
}

double juten_model_tag_minimum(const juten_model *m, int t)
{
    return m && t >= 0 && t < m->n_tags ? m->tags[t].minimum : NAN;
}

int juten_model_group_count(const juten_model *m) { return m ? m->n_groups : 0; }

const char *juten_model_group_id(const juten_model *m, int g)
{
    return m && g >= 0 && g < m->n_groups ? m->groups[g].id : NULL;
}

int juten_model_file_count(const juten_model *m) { return m ? m->n_files : 0; }

const char *juten_model_file_role(const juten_model *m, int f)
{
    const juten_input_file *fi = file_at(m, f);
    return fi ? fi->role : NULL;
}

const char *juten_model_file_path(const juten_model *m, int f)
{
    const juten_input_file *fi = file_at(m, f);
    return fi ? fi->path : NULL;
}

const char *juten_model_file_sha256(const juten_model *m, int f)
{
    const juten_input_file *fi = file_at(m, f);
    return fi ? fi->sha256 : NULL;
}

double juten_measure_charge_share(const juten_measure *me, int ministry)
{
    if (me->n_shares > 0) {
        double s = 0;
        for (int j = 0; j < me->n_shares; j++)
            if (me->shares[j].ministry == ministry)
                s += me->shares[j].share;
        return s;
    }
    return me->ministry == ministry ? 1.0 : 0.0;
}
