/*
 * scenario_chain.c -- a scenario and its `base =` chain resolved into one
 * jm_scenario: each file read by scenario.c (jm_layer_parse), then merged.
 *
 * The chain is read first to last, cycles detected by device and inode
 * (the same file reached by two spellings is still a cycle), and applied
 * from the deepest base up: scalar keys are replaced, [weights],
 * [minimum_by_tag] and [columns] merge key by key, [force] lists
 * accumulate.  A base path was resolved against the file that names it
 * when that file was read.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- merging the chain ---------------------------------------------------- */

static void move_str(char **dst, char **src)
{
    free(*dst);
    *dst = *src;
    *src = NULL;
}

static bool merge_kv(jm_kv **arr, int *n, jm_strmap *idx, jm_kv *from, int nfrom)
{
    for (int i = 0; i < nfrom; i++) {
        int at = jm_strmap_get(idx, from[i].key, strlen(from[i].key));
        if (at >= 0) {
            free((*arr)[at].text);
            (*arr)[at].text = from[i].text;
            (*arr)[at].value = from[i].value;
            (*arr)[at].kpos = from[i].kpos;
            (*arr)[at].vpos = from[i].vpos;
            free(from[i].key);
        } else {
            jm_kv *na = realloc(*arr, (size_t)(*n + 1) * sizeof *na);
            if (!na)
                return false;
            *arr = na;
            na[*n] = from[i];
            if (jm_strmap_put(idx, na[*n].key, *n) == -2)
                return false;
            (*n)++;
        }
        from[i].key = from[i].text = NULL;
    }
    return true;
}

/* [columns] of a file over its base's: key by key, like [weights]. */
static bool merge_columns(jm_scenario *sc, jm_strmap *idx, jm_layer *ly)
{
    for (int i = 0; i < ly->n_columns; i++) {
        jm_colmap *from = &ly->columns[i];
        int at = jm_strmap_get(idx, from->key, strlen(from->key));
        if (at >= 0) {
            jm_colmap *to = &sc->columns[at];
            free(to->header);
            free(from->key);
            to->header = from->header;
            to->kpos = from->kpos;
            to->vpos = from->vpos;
        } else {
            jm_colmap *na = realloc(sc->columns, (size_t)(sc->n_columns + 1) * sizeof *na);
            if (!na)
                return false;
            sc->columns = na;
            na[sc->n_columns] = *from;
            if (jm_strmap_put(idx, na[sc->n_columns].key, sc->n_columns) == -2) {
                from->key = from->header = NULL;
                sc->n_columns++;
                return false;
            }
            sc->n_columns++;
        }
        from->key = from->header = NULL;
    }
    return true;
}

static bool apply_layer(jm_scenario *sc, jm_layer *ly, jm_strmap *widx, jm_strmap *midx,
                        jm_strmap *cidx, jm_strmap *uidx)
{
    jm_setting *s = ly->s;
    if (s[JM_SK_NAME].set)
        move_str(&sc->name, &s[JM_SK_NAME].value);
    if (s[JM_SK_CURRENCY].set)
        move_str(&sc->currency, &s[JM_SK_CURRENCY].value);
    if (s[JM_SK_MEASURES].set) {
        move_str(&sc->measures, &s[JM_SK_MEASURES].value);
        sc->measures_pos = s[JM_SK_MEASURES].pos;
    }
    if (s[JM_SK_AREAS].set) {
        move_str(&sc->areas, &s[JM_SK_AREAS].value);
        sc->areas_pos = s[JM_SK_AREAS].pos;
    }
    if (s[JM_SK_MINISTRIES].set) {
        move_str(&sc->ministries, &s[JM_SK_MINISTRIES].value);
        sc->ministries_pos = s[JM_SK_MINISTRIES].pos;
    }
    if (s[JM_SK_HEADROOM].set && s[JM_SK_HEADROOM].num_ok) {
        sc->headroom.value = s[JM_SK_HEADROOM].num;
        move_str(&sc->headroom.text, &s[JM_SK_HEADROOM].value);
        sc->headroom.vpos = s[JM_SK_HEADROOM].pos;
        sc->has_headroom = true;
    }
    if (s[JM_SK_SAVINGS_RATE].set && s[JM_SK_SAVINGS_RATE].num_ok) {
        sc->savings_rate.value = s[JM_SK_SAVINGS_RATE].num;
        move_str(&sc->savings_rate.text, &s[JM_SK_SAVINGS_RATE].value);
        sc->savings_rate.vpos = s[JM_SK_SAVINGS_RATE].pos;
        sc->has_savings_rate = true;
    }
    if (!merge_kv(&sc->weights, &sc->n_weights, widx, ly->weights, ly->n_weights) ||
        !merge_kv(&sc->minimums, &sc->n_minimums, midx, ly->minimums, ly->n_minimums) ||
        !merge_columns(sc, cidx, ly) ||
        !merge_kv(&sc->uncertainty, &sc->n_uncertainty, uidx, ly->uncertainty,
                  ly->n_uncertainty))
        return false;
    if (ly->has_uncertainty)
        sc->has_uncertainty = true;
    if (ly->n_force) {
        jm_force_item *nf = realloc(sc->force, (size_t)(sc->n_force + ly->n_force) * sizeof *nf);
        if (!nf)
            return false;
        sc->force = nf;
        memcpy(sc->force + sc->n_force, ly->force, (size_t)ly->n_force * sizeof *nf);
        sc->n_force += ly->n_force;
        ly->n_force = 0; /* the ids moved */
    }
    return true;
}

static bool add_file_name(jm_scenario *sc, const char *path)
{
    char **nf = realloc(sc->files, (size_t)(sc->n_files + 1) * sizeof *nf);
    if (!nf)
        return false;
    sc->files = nf;
    if (!(sc->files[sc->n_files] = strdup(path)))
        return false;
    sc->n_files++;
    return true;
}

juten_status jm_scenario_load(jm_rep *r, juten_model *m, const char *path,
                              const char *text, size_t len, jm_scenario *sc)
{
    juten_status st = JUTEN_OK;
    jm_layer *layers = NULL;
    int n_layers = 0;
    struct stat *ids = NULL; /* device and inode of each file in the chain */
    char *owned_text = NULL;
    const char *cur_text = text;
    size_t cur_len = len;

    if (!add_file_name(sc, path))
        return JUTEN_ERR_NOMEM;
    for (;;) {
        const char *file = sc->files[sc->n_files - 1];
        jm_layer *nl = realloc(layers, (size_t)(n_layers + 1) * sizeof *nl);
        struct stat *ni = realloc(ids, (size_t)(n_layers + 1) * sizeof *ni);
        if (nl)
            layers = nl;
        if (ni)
            ids = ni;
        if (!nl || !ni) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        jm_layer *ly = &layers[n_layers++];
        memset(ly, 0, sizeof *ly);
        ly->file = file;
        if (stat(file, &ids[n_layers - 1]) != 0)
            memset(&ids[n_layers - 1], 0, sizeof ids[0]);
        st = jm_layer_parse(r, ly, cur_text, cur_len);
        free(owned_text);
        owned_text = NULL;
        if (st != JUTEN_OK || !ly->s[JM_SK_BASE].set)
            break;

        /* follow `base =` */
        const char *base = ly->s[JM_SK_BASE].value;
        jm_pos bpos = ly->s[JM_SK_BASE].pos;
        struct stat bs;
        if (stat(base, &bs) == 0) {
            int hit = -1;
            for (int i = 0; i < n_layers; i++)
                if (ids[i].st_ino == bs.st_ino && ids[i].st_dev == bs.st_dev)
                    hit = i;
            if (hit >= 0) {
                char chain[1024];
                size_t o = 0;
                for (int i = hit; i < n_layers && o + 8 < sizeof chain; i++)
                    o += (size_t)snprintf(chain + o, sizeof chain - o, "%s -> ", layers[i].file);
                if (o < sizeof chain)
                    snprintf(chain + o, sizeof chain - o, "%s", base);
                jm_report(r, JUTEN_ERROR, bpos.file, bpos.line, bpos.col,
                          _("base scenarios form a cycle: %s; a scenario cannot "
                          "be its own base"), chain);
                break;
            }
        }
        if (!add_file_name(sc, base)) {
            st = JUTEN_ERR_NOMEM;
            break;
        }
        char *bt;
        size_t bl;
        st = jm_input_read(r, m, "scenario", sc->files[sc->n_files - 1], bpos, &bt, &bl);
        if (st != JUTEN_OK)
            break;
        owned_text = bt;
        cur_text = bt;
        cur_len = bl;
    }
    free(owned_text);
    free(ids);

    if (st != JUTEN_ERR_NOMEM) {
        jm_strmap widx = {0}, midx = {0}, cidx = {0}, uidx = {0};
        for (int i = n_layers - 1; i >= 0; i--)
            if (!apply_layer(sc, &layers[i], &widx, &midx, &cidx, &uidx)) {
                st = JUTEN_ERR_NOMEM;
                break;
            }
        jm_strmap_free(&widx);
        jm_strmap_free(&midx);
        jm_strmap_free(&cidx);
        jm_strmap_free(&uidx);
    }
    if (st == JUTEN_OK || st == JUTEN_ERR_INPUT) {
        int line = n_layers > 0 && layers[0].section_line ? layers[0].section_line : 1;
        if (!sc->measures)
            jm_report(r, JUTEN_ERROR, path, line, 1,
                      _("the scenario names no measures file; expected "
                      "\"measures = measures.csv\" under [scenario]"));
        if (!sc->areas)
            jm_report(r, JUTEN_ERROR, path, line, 1,
                      _("the scenario names no areas file; expected "
                      "\"areas = areas.csv\" under [scenario]"));
    }
    for (int i = 0; i < n_layers; i++)
        jm_layer_free(&layers[i]);
    free(layers);
    return st;
}

void jm_scenario_free(jm_scenario *sc)
{
    for (int i = 0; i < sc->n_files; i++)
        free(sc->files[i]);
    free(sc->files);
    free(sc->name);
    free(sc->currency);
    free(sc->measures);
    free(sc->areas);
    free(sc->ministries);
    free(sc->headroom.text);
    free(sc->savings_rate.text);
    jm_kvs_free(sc->weights, sc->n_weights);
    jm_kvs_free(sc->minimums, sc->n_minimums);
    jm_kvs_free(sc->uncertainty, sc->n_uncertainty);
    jm_forces_free(sc->force, sc->n_force);
    jm_colmaps_free(sc->columns, sc->n_columns);
    memset(sc, 0, sizeof *sc);
}
