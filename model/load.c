/*
 * load.c -- juten_model_load(): read a budget round and validate it.
 *
 * The order of work follows the dependencies between the files: the
 * scenario (and its base chain) names the files; areas and ministries come
 * before measures so that each measure row can be checked against them as
 * it is read; `requires` and [force] are resolved once all measure ids are
 * known; then the shared validation pass (validate.c) runs with a locator that
 * maps every value back to its file, line and column.
 *
 * All errors are collected, not just the first, because a planner fixing
 * a 300-row spreadsheet wants the whole list in one go.  Only checks that
 * would merely echo an earlier failure are skipped: when areas.csv cannot
 * be read, "unknown area" is not reported for every measure.
 *
 * Whether the input is a scenario or a measures CSV is decided by content
 * (an INI section header first), not by the file name, so a planner can
 * pass whatever file they have open.
 */
#include "load_int.h"
#include "juten_i18n.h"
#include "juten_comparison.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files ---------------------------------------------------------------- */

int jm_file_read(const char *path, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno ? errno : EIO;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return e ? e : EIO;
    }
    /* Only regular files and FIFOs (a pipe given as /dev/stdin): a device
     * such as /dev/zero would be read for ever. */
    int kind = S_ISDIR(st.st_mode) ? JM_READ_DIR : S_ISCHR(st.st_mode) ? JM_READ_CHR
             : S_ISBLK(st.st_mode) ? JM_READ_BLK : S_ISSOCK(st.st_mode) ? JM_READ_SOCK
             : (S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) ? 0 : JM_READ_SPECIAL;
    if (kind == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > JM_INPUT_MAX)
        kind = JM_READ_TOO_BIG;
    if (kind) {
        close(fd);
        return kind;
    }
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 1 << 16;
    size_t n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            /* a FIFO, or a file growing while read: never beyond the cap */
            if (n > JM_INPUT_MAX) {
                free(buf);
                close(fd);
                return JM_READ_TOO_BIG;
            }
            size_t nc = cap * 2 > (size_t)JM_INPUT_MAX + 1 ? (size_t)JM_INPUT_MAX + 1 : cap * 2;
            unsigned char *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                close(fd);
                return ENOMEM;
            }
            buf = nb;
            cap = nc;
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return e ? e : EIO;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (n > JM_INPUT_MAX) {
        free(buf);
        return JM_READ_TOO_BIG;
    }
    *data = buf;
    *len = n;
    return 0;
}

static void report_unreadable(jm_rep *r, const char *what, const char *path,
                              jm_pos from, int err)
{
    char msg[256];
    switch (err) {
    case JM_READ_TOO_BIG:
        snprintf(msg, sizeof msg, _("it is larger than %d MiB, the most juten reads (a "
                 "budget round is kilobytes to megabytes); is it the right file?"),
                 JM_INPUT_MAX >> 20);
        break;
    case JM_READ_DIR:
        snprintf(msg, sizeof msg, "%s", _("it is a directory; expected a file"));
        break;
    case JM_READ_CHR:
    case JM_READ_BLK:
    case JM_READ_SOCK:
    case JM_READ_SPECIAL:
        snprintf(msg, sizeof msg, "%s",
                 err == JM_READ_CHR ? _("it is a character device, not a regular file; "
                                        "expected a CSV or INI file (or a pipe)")
                 : err == JM_READ_BLK ? _("it is a block device, not a regular file; "
                                          "expected a CSV or INI file (or a pipe)")
                 : err == JM_READ_SOCK ? _("it is a socket, not a regular file; "
                                           "expected a CSV or INI file (or a pipe)")
                 : _("it is a special file, not a regular file; expected a CSV or "
                     "INI file (or a pipe)"));
        break;
    default:
        if (strerror_r(err, msg, sizeof msg) != 0)
            snprintf(msg, sizeof msg, _("error %d"), err);
    }
    if (from.file)
        jm_report(r, JUTEN_ERROR, from.file, from.line, from.col,
                  _("cannot read the %s file \"%s\": %s"), what, path, msg);
    else
        jm_report(r, JUTEN_ERROR, path, 0, 0, _("cannot read \"%s\": %s"), path, msg);
}

juten_status jm_input_read(jm_rep *r, juten_model *m, const char *role,
                           const char *path, jm_pos from, char **text,
                           size_t *len)
{
    unsigned char *raw;
    size_t rawlen;
    *text = NULL;
    *len = 0;
    int err = jm_file_read(path, &raw, &rawlen);
    if (err) {
        if (err == ENOMEM)
            return JUTEN_ERR_NOMEM;
        report_unreadable(r, role, path, from, err);
        return JUTEN_ERR_NOFILE;
    }
    if (!jm_model_add_file(m, role, path, raw, rawlen)) {
        free(raw);
        return JUTEN_ERR_NOMEM;
    }
    juten_status st = jm_text_decode(r, path, raw, rawlen, text, len);
    free(raw);
    return st;
}

char *jm_path_join(const char *base, const char *rel)
{
    const char *slash = strrchr(base, '/');
    if (rel[0] == '/' || !slash)
        return strdup(rel);
    size_t dl = (size_t)(slash - base) + 1;
    char *p = malloc(dl + strlen(rel) + 1);
    if (p) {
        memcpy(p, base, dl);
        strcpy(p + dl, rel);
    }
    return p;
}

/* A scenario if the first line that is neither blank nor a comment is an
 * INI section header (or a key = value line, which no CSV header is). */
static bool looks_like_scenario(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && s[i] == '[')
            return true;
        const char *nl = memchr(s + i, '\n', n - i);
        if (i < n && s[i] != '\n' && s[i] != ';' && s[i] != '#') {
            /* "key = value" without a comma cannot be a CSV header (it
             * needs at least five columns): a scenario missing its
             * [scenario] line, better reported as such */
            size_t e = nl ? (size_t)(nl - s) : n;
            return memchr(s + i, '=', e - i) && !memchr(s + i, ',', e - i);
        }
        if (!nl)
            return false;
        i = (size_t)(nl - s) + 1;
    }
    return false;
}

/* ---- the locator for the validation pass ---------------------------------- */

static bool loc_bad(void *user, int table, int row, int field)
{
    const jm_load *L = user;
    if (table > JM_T_MINISTRY)
        return false;
    if (row < 0)
        return L->failed[table];
    if (!L->bad[table] || row >= L->cap[table])
        return false;
    return field >= 0 && field < 32 && (L->bad[table][row] >> field) & 1;
}

static void from_kv(jm_where *w, const char *section, const jm_kv *kv)
{
    char q[100];
    w->file = kv->vpos.file;
    w->line = kv->vpos.line;
    w->col = kv->vpos.col;
    snprintf(w->what, sizeof w->what, "[%s] %s", section,
             kv->key ? jm_quote(q, sizeof q, kv->key, strlen(kv->key)) : "");
    jm_quote(w->text, sizeof w->text, kv->text, strlen(kv->text));
}

static bool loc_where(void *user, int table, int row, int field, jm_where *w)
{
    const jm_load *L = user;
    switch (table) {
    case JM_T_SCENARIO:
        if (field == JM_S_HEADROOM && L->sc.has_headroom) {
            from_kv(w, "scenario", &L->sc.headroom);
            snprintf(w->what, sizeof w->what, "[scenario] headroom");
            return true;
        }
        if (field == JM_S_SAVINGS_RATE && L->sc.has_savings_rate) {
            from_kv(w, "scenario", &L->sc.savings_rate);
            snprintf(w->what, sizeof w->what, "[scenario] savings_rate");
            return true;
        }
        return false;
    case JM_T_TAG:
        if (field == JM_G_MINIMUM && L->tag_minimum && L->tag_minimum[row] >= 0) {
            from_kv(w, "minimum_by_tag", &L->sc.minimums[L->tag_minimum[row]]);
            return true;
        }
        return false;
    case JM_T_AREA:
        if (field == JM_A_WEIGHT && L->area_weight && row < L->m->n_areas &&
            L->area_weight[row] >= 0) {
            from_kv(w, "weights", &L->sc.weights[L->area_weight[row]]);
            return true;
        }
        break;
    case JM_T_MEASURE:
        if (field == JM_F_FORCE) {
            if (!L->force_item || L->force_item[row] < 0)
                return false;
            const jm_force_item *it = &L->sc.force[L->force_item[row]];
            w->file = it->pos.file;
            w->line = it->pos.line;
            w->col = it->pos.col;
            snprintf(w->what, sizeof w->what, "[force] %s",
                     it->sign > 0 ? "include" : "exclude");
            jm_quote(w->text, sizeof w->text, it->id, strlen(it->id));
            return true;
        }
        break;
    default:
        return false;
    }
    /* a CSV cell */
    if (!L->text[table] || L->line[table][row] == 0 || L->col[table][field] < 0)
        return false;
    char val[512];
    jm_csv_locate(L->text[table], L->len[table], L->off[table][row],
                  L->line[table][row], L->col[table][field], L->delim[table], &w->line,
                  &w->col, val, sizeof val);
    w->file = L->path[table];
    jm_col_label(L, table, field, w->what, sizeof w->what);
    jm_quote(w->text, sizeof w->text, val, strlen(val));
    return true;
}

/* ---- resolving references -------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void resolve_requires(jm_load *L)
{
    juten_model *m = L->m;
    char q[200];
    for (int i = 0; i < m->n_measures && !L->nomem; i++) {
        if (L->req_off[i] == SIZE_MAX)
            continue;
        const char *cell = L->req + L->req_off[i];
        int n_items = 1;
        for (const char *p = cell; *p; p++)
            n_items += *p == ';';
        juten_measure *me = &m->measures[i];
        me->requires = malloc((size_t)n_items * sizeof *me->requires);
        if (!me->requires) {
            L->nomem = true;
            return;
        }
        const char *s = cell;
        for (;;) {
            const char *e = strchr(s, ';');
            if (!e)
                e = s + strlen(s);
            const char *a = s;
            size_t an = (size_t)(e - s);
            jm_trim(&a, &an);
            const char *b = a + an;
            if (b > a) {
                int k = jm_strmap_get(&L->ids[JM_T_MEASURE], a, (size_t)(b - a));
                if (k < 0) {
                    char hint[256];
                    jm_did_you_mean(L, JM_T_MEASURE, a, (size_t)(b - a), hint, sizeof hint);
                    jm_field_error(L, JM_T_MEASURE, i, JM_F_REQUIRES,
                                   _("\"%s\" is not a measure id%s; expected ids from "
                                   "column \"id\" separated by \";\""),
                                   jm_quote(q, sizeof q, a, (size_t)(b - a)), hint);
                    /* the ids that do resolve are still checked for cycles */
                    L->bad[JM_T_MEASURE][i] &= ~((uint32_t)1 << JM_F_REQUIRES);
                } else {
                    bool dup = false;
                    for (int j = 0; j < me->n_requires; j++)
                        dup |= me->requires[j] == k;
                    if (!dup)
                        me->requires[me->n_requires++] = k;
                }
            }
            if (!*e)
                break;
            s = e + 1;
        }
    }
}

static void apply_weights(jm_load *L)
{
    juten_model *m = L->m;
    L->area_weight = malloc(((size_t)m->n_areas + 1) * sizeof *L->area_weight);
    if (!L->area_weight) {
        L->nomem = true;
        return;
    }
    for (int i = 0; i < m->n_areas; i++)
        L->area_weight[i] = -1;
    for (int k = 0; k < L->sc.n_weights; k++) {
        const jm_kv *kv = &L->sc.weights[k];
        int a = jm_strmap_get(&L->ids[JM_T_AREA], kv->key, strlen(kv->key));
        if (a < 0) {
            if (!L->failed[JM_T_AREA]) {
                char q[200], hint[256];
                jm_did_you_mean(L, JM_T_AREA, kv->key, strlen(kv->key), hint, sizeof hint);
                jm_report(L->r, JUTEN_ERROR, kv->kpos.file, kv->kpos.line, kv->kpos.col,
                          _("[weights] \"%s\" is not an area id in %s%s; expected "
                          "an id from its column \"id\""),
                          jm_quote(q, sizeof q, kv->key, strlen(kv->key)),
                          base_name(L->path[JM_T_AREA]), hint);
            }
            continue;
        }
        m->areas[a].weight = kv->value;
        L->area_weight[a] = k;
        L->bad[JM_T_AREA][a] &= ~((uint32_t)1 << JM_A_WEIGHT); /* replaced */
    }
}

static void apply_minimums(jm_load *L)
{
    juten_model *m = L->m;
    L->tag_minimum = malloc(((size_t)m->n_tags + (size_t)L->sc.n_minimums + 1) *
                            sizeof *L->tag_minimum);
    if (!L->tag_minimum) {
        L->nomem = true;
        return;
    }
    for (int i = 0; i < m->n_tags + L->sc.n_minimums; i++)
        L->tag_minimum[i] = -1;
    for (int k = 0; k < L->sc.n_minimums; k++) {
        const jm_kv *kv = &L->sc.minimums[k];
        size_t kl = strlen(kv->key);
        int g = jm_strmap_get(&L->tags, kv->key, kl);
        if (g < 0) {
            /* a floor on a tag no measure carries can never be met (or, at
             * 0, means nothing): almost always a misspelt tag */
            if (!L->failed[JM_T_MEASURE]) {
                char q[200], hint[256];
                jm_did_you_mean(L, JM_T_TAG, kv->key, kl, hint, sizeof hint);
                jm_report(L->r, JUTEN_ERROR, kv->kpos.file, kv->kpos.line, kv->kpos.col,
                          kv->value > 0
                          ? _("[minimum_by_tag] \"%s\": no measure has this tag, so the "
                              "minimum can never be met%s; expected a tag from column "
                              "\"tags\" of %s")
                          : _("[minimum_by_tag] \"%s\": no measure has this tag, so the "
                              "minimum applies to nothing%s; expected a tag from column "
                              "\"tags\" of %s"),
                          jm_quote(q, sizeof q, kv->key, kl),
                          hint, base_name(L->path[JM_T_MEASURE]));
            }
            continue;
        }
        m->tags[g].minimum = kv->value;
        L->tag_minimum[g] = k;
    }
}

static void apply_force(jm_load *L)
{
    juten_model *m = L->m;
    char q[200];
    for (int k = 0; k < L->sc.n_force; k++) {
        const jm_force_item *it = &L->sc.force[k];
        const char *list = it->sign > 0 ? "include" : "exclude";
        int i = jm_strmap_get(&L->ids[JM_T_MEASURE], it->id, strlen(it->id));
        if (i < 0) {
            char hint[256];
            jm_did_you_mean(L, JM_T_MEASURE, it->id, strlen(it->id), hint, sizeof hint);
            jm_report(L->r, JUTEN_ERROR, it->pos.file, it->pos.line, it->pos.col,
                      _("[force] %s: \"%s\" is not a measure id in %s%s; expected ids "
                      "from its column \"id\" separated by commas"), list,
                      jm_quote(q, sizeof q, it->id, strlen(it->id)),
                      base_name(L->path[JM_T_MEASURE]), hint);
            continue;
        }
        juten_measure *me = &m->measures[i];
        if (me->force == JUTEN_FORCE_NONE) {
            me->force = it->sign > 0 ? JUTEN_FORCE_INCLUDE : JUTEN_FORCE_EXCLUDE;
            L->force_item[i] = k;
        } else if ((me->force > 0) != (it->sign > 0)) {
            const jm_force_item *first = &L->sc.force[L->force_item[i]];
            jm_report(L->r, JUTEN_ERROR, it->pos.file, it->pos.line, it->pos.col,
                      _("[force] %s: \"%s\" is also in the %s list (%s:%d); a "
                      "measure cannot be both included and excluded"), list,
                      jm_quote(q, sizeof q, it->id, strlen(it->id)),
                      first->sign > 0 ? "include" : "exclude", first->pos.file,
                      first->pos.line);
            L->bad[JM_T_MEASURE][i] |= (uint32_t)1 << JM_F_FORCE;
        }
    }
}

/* A [columns] line that matched no header would silently do nothing (the
 * column it meant to map stays unread): an error, unless a table it
 * applies to could not be read at all. */
static void check_columns_used(jm_load *L)
{
    for (int i = 0; i < L->sc.n_columns; i++) {
        const jm_colmap *cm = &L->sc.columns[i];
        if (cm->used)
            continue;
        bool any = false, all = true;
        char files[512];
        size_t o = 0;
        files[0] = 0;
        for (int t = 0; t < JM_NTABLES; t++) {
            if (!(cm->tables >> t & 1) || !L->path[t])
                continue;
            if (!L->header_done[t]) {
                all = false;
                continue;
            }
            any = true;
            o += (size_t)snprintf(files + o, sizeof files - o, "%s%s", o ? _(" or ") : "",
                                  base_name(L->path[t]));
            if (o >= sizeof files)
                o = sizeof files - 1;
        }
        if (!any || !all)
            continue;
        char q[200];
        jm_report(L->r, JUTEN_ERROR, cm->vpos.file, cm->vpos.line, cm->vpos.col,
                  _("[columns] %s: no column of %s has the header \"%s\"; expected "
                  "the header text exactly as in the file's first row"),
                  cm->key, files, jm_quote(q, sizeof q, cm->header, strlen(cm->header)));
    }
}

/* ---- the loader ------------------------------------------------------------- */

static juten_status read_table(jm_load *L, int t, const char *role, const char *path,
                               jm_pos from)
{
    L->path[t] = path;
    juten_status st = jm_input_read(L->r, L->m, role, path, from, &L->text[t], &L->len[t]);
    if (st == JUTEN_OK)
        st = jm_table_read(L, t);
    else
        L->failed[t] = true;
    return st;
}

static char *file_stem(const char *path)
{
    const char *b = base_name(path);
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = 0;
    }
    return s;
}

static void load_free(jm_load *L)
{
    for (int t = 0; t < JM_NTABLES; t++) {
        free(L->text[t]);
        free(L->off[t]);
        free(L->line[t]);
        free(L->bad[t]);
        jm_strmap_free(&L->ids[t]);
        for (int f = 0; f < JM_F_NCOLS; f++)
            free(L->hdr[t][f]);
    }
    jm_strmap_free(&L->groups);
    jm_strmap_free(&L->tags);
    free(L->req);
    free(L->req_off);
    free(L->area_weight);
    free(L->tag_minimum);
    free(L->force_item);
    jm_scenario_free(&L->sc);
}

static juten_status worst(juten_status a, juten_status b)
{
    /* out of memory beats a missing file beats bad input */
    static const int rank[] = {[JUTEN_OK] = 0, [JUTEN_ERR_INPUT] = 1,
                               [JUTEN_ERR_NOFILE] = 2, [JUTEN_ERR_NOMEM] = 3};
    int ra = a <= JUTEN_ERR_NOMEM ? rank[a] : 3, rb = b <= JUTEN_ERR_NOMEM ? rank[b] : 3;
    return ra >= rb ? a : b;
}

/* Whether the first section of an INI text is [compare]: a comparison set
 * (juten_comparison.h), not a scenario. */
static bool is_comparison(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
            i++;
        if (i < n && s[i] == '[')
            return n - i >= 9 && memcmp(s + i, "[compare]", 9) == 0;
        if (i < n && s[i] != '\n' && s[i] != ';' && s[i] != '#')
            return false;
        const char *nl = memchr(s + i, '\n', n - i);
        if (!nl)
            return false;
        i = (size_t)(nl - s) + 1;
    }
    return false;
}

static juten_status model_load(const char *path, juten_model **out, juten_diags *diags,
                               int depth);

/* A comparison set given where one round is expected (`juten solve
 * meeting.ini`): the round is its reference scenario, the first it lists,
 * and a notice says so; `juten compare` is what compares them all. */
static juten_status load_reference(const char *path, juten_model **out, juten_diags *diags,
                                   int depth)
{
    juten_comparison_set *set = NULL;
    juten_status st = juten_comparison_load(path, &set, diags);
    if (st != JUTEN_OK)
        return st;
    if (!set->is_set || set->n < 1 || depth > 0) {
        juten_diags_add(diags, JUTEN_ERROR, path, 0, 0,
                        "%s", depth > 0 ? _("a comparison set cannot list another comparison "
                                            "set; expected scenario files")
                                        : _("the comparison set lists no scenario"));
        juten_comparison_set_free(set);
        return JUTEN_ERR_INPUT;
    }
    juten_diags_add(diags, JUTEN_NOTICE, path, 0, 0,
                    _("a comparison set of %d scenarios: this command works on its reference, "
                    "%s (juten compare %s compares them all)"),
                    set->n, set->paths[0], path);
    st = model_load(set->paths[0], out, diags, depth + 1);
    juten_comparison_set_free(set);
    return st;
}

juten_status juten_model_load(const char *path, juten_model **out, juten_diags *diags)
{
    return model_load(path, out, diags, 0);
}

static juten_status model_load(const char *path, juten_model **out, juten_diags *diags,
                               int depth)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!path || !*path)
        return JUTEN_ERR_USAGE;
    jm_rep r = {diags, 0, false};
    jm_load L;
    memset(&L, 0, sizeof L);
    L.r = &r;
    L.suggest_left = 100;
    for (int t = 0; t < JM_NTABLES; t++)
        for (int f = 0; f < JM_F_NCOLS; f++)
            L.col[t][f] = -1;
    juten_model *m = L.m = juten_model_alloc();
    if (!m)
        return JUTEN_ERR_NOMEM;
    juten_status st = JUTEN_OK;

    unsigned char *raw;
    size_t rawlen;
    int err = jm_file_read(path, &raw, &rawlen);
    if (err) {
        if (err == ENOMEM) {
            st = JUTEN_ERR_NOMEM;
        } else {
            report_unreadable(&r, "input", path, (jm_pos){NULL, 0, 0}, err);
            st = JUTEN_ERR_NOFILE;
        }
        goto done;
    }
    char *text;
    size_t tlen;
    st = jm_text_decode(&r, path, raw, rawlen, &text, &tlen);
    if (st != JUTEN_OK) {
        free(raw);
        goto done;
    }
    if (is_comparison(text, tlen)) {
        free(raw);
        free(text);
        load_free(&L);
        juten_model_free(m);
        return load_reference(path, out, diags, depth);
    }
    bool scenario = looks_like_scenario(text, tlen);
    if (!jm_model_add_file(m, scenario ? "scenario" : "measures", path, raw, rawlen)) {
        free(raw);
        free(text);
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    free(raw);

    if (scenario) {
        st = jm_scenario_load(&r, m, path, text, tlen, &L.sc);
        free(text);
        if (st == JUTEN_ERR_NOMEM)
            goto done;
        if (L.sc.areas)
            st = worst(st, read_table(&L, JM_T_AREA, "areas", L.sc.areas, L.sc.areas_pos));
        else
            L.failed[JM_T_AREA] = true;
        if (st == JUTEN_ERR_NOMEM)
            goto done;
        if (L.sc.ministries) {
            L.have_ministries = true;
            st = worst(st, read_table(&L, JM_T_MINISTRY, "ministries", L.sc.ministries,
                                      L.sc.ministries_pos));
            if (st == JUTEN_ERR_NOMEM)
                goto done;
        }
        apply_weights(&L);
        if (L.sc.measures)
            st = worst(st, read_table(&L, JM_T_MEASURE, "measures", L.sc.measures,
                                      L.sc.measures_pos));
        else
            L.failed[JM_T_MEASURE] = true;
    } else {
        L.direct = true;
        L.path[JM_T_MEASURE] = path;
        L.text[JM_T_MEASURE] = text;
        L.len[JM_T_MEASURE] = tlen;
        jm_report(&r, JUTEN_NOTICE, path, 0, 0,
                  _("read as a measures table without a scenario file: every "
                  "area gets weight 1, headroom is 0 and savings_rate is 1 "
                  "(write a scenario file to set them)"));
        st = jm_table_read(&L, JM_T_MEASURE);
        /* the areas come from the measures: none means that was reported */
        if (m->n_areas == 0)
            L.failed[JM_T_AREA] = true;
    }
    if (L.nomem || st == JUTEN_ERR_NOMEM) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }

    check_columns_used(&L);
    if (!L.failed[JM_T_MEASURE])
        resolve_requires(&L);
    apply_minimums(&L);
    if (!L.failed[JM_T_MEASURE])
        apply_force(&L);
    if (!L.failed[JM_T_MEASURE])
        jm_uncertainty_apply(&r, m, &L.sc, L.path[JM_T_MEASURE]);
    if (L.nomem) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }

    m->name = L.sc.name && *L.sc.name ? strdup(L.sc.name) : file_stem(path);
    m->currency = strdup(L.sc.currency ? L.sc.currency : "");
    if (L.sc.has_headroom)
        m->headroom = L.sc.headroom.value;
    if (L.sc.has_savings_rate)
        m->savings_rate = L.sc.savings_rate.value;
    if (!m->name || !m->currency) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }

    jm_locator loc = {&L, loc_bad, loc_where};
    juten_status cst = jm_model_check(m, diags, &loc);
    if (cst == JUTEN_ERR_NOMEM || r.nomem) {
        st = JUTEN_ERR_NOMEM;
        goto done;
    }
    if (cst != JUTEN_OK || r.errors)
        st = worst(st, JUTEN_ERR_INPUT);

done:
    if (r.nomem)
        st = JUTEN_ERR_NOMEM;
    else if (st == JUTEN_OK && r.errors)
        st = JUTEN_ERR_INPUT;
    load_free(&L);
    if (st != JUTEN_OK) {
        juten_model_free(m);
        return st;
    }
    *out = m;
    return JUTEN_OK;
}
