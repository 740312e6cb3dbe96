/*
 * model.c -- the model's life cycle (allocation, the files it was read
 * from, freeing) and its accessors.
 *
 * A model is built by the loader (load.c) or in code; either way
 * juten_model_finish() / jm_model_check() (validate.c) must accept it
 * before a solver may trust it.
 */
#include "load_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- life cycle --------------------------------------------------------- */

juten_model *juten_model_alloc(void)
{
    juten_model *m = calloc(1, sizeof *m);
    if (m) {
        m->headroom = 0;
        m->savings_rate = 1;
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
