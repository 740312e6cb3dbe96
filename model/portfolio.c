/*
 * portfolio.c -- a portfolio named by the planner: a list of ids
 * ("M03,M04,M05") or a `juten solve --format csv` output read back (its
 * id and funded columns), so that `simulate --portfolio` can weigh the
 * portfolio a meeting has on the table.  (solve's JSON is read by
 * report/json.c, the jansson user.)
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <stdlib.h>
#include <string.h>

static int find_id(const juten_model *m, const char *s, size_t n)
{
    char buf[256];
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    return juten_model_find_measure(m, buf);
}

juten_status juten_model_portfolio_ids(const juten_model *m, const char *ids, unsigned char *x,
                                       juten_diags *d)
{
    int n = juten_model_measure_count(m);
    memset(x, 0, (size_t)n);
    juten_status st = JUTEN_OK;
    int count = 0;
    for (const char *s = ids;;) {
        const char *e = strchr(s, ',');
        if (!e)
            e = s + strlen(s);
        const char *a = s;
        size_t l = (size_t)(e - s);
        jm_trim(&a, &l);
        if (l > 0) {
            int i = find_id(m, a, l);
            if (i < 0) {
                char q[200];
                juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                                _("--portfolio: \"%s\" is not a measure id of the round; "
                                "expected ids such as %s, separated by commas, or a file "
                                "written by juten solve --format csv or json"),
                                jm_quote(q, sizeof q, a, l),
                                n > 0 ? juten_model_measure_id(m, 0) : "M01");
                st = JUTEN_ERR_INPUT;
            } else {
                x[i] = 1;
                count++;
            }
        }
        if (!*e)
            break;
        s = e + 1;
    }
    return st;
}

typedef struct prd {
    const juten_model *m;
    const char *path;
    unsigned char *x;
    jm_rep *r;
    int col_id, col_funded;
    bool header_done;
} prd;

static bool on_rec(void *user, const jm_record *rec)
{
    prd *p = user;
    if (!p->header_done) {
        p->header_done = true;
        for (int k = 0; k < rec->n; k++) {
            if (strcmp(rec->f[k], "id") == 0)
                p->col_id = k;
            if (strcmp(rec->f[k], "funded") == 0)
                p->col_funded = k;
        }
        if (p->col_id < 0 || p->col_funded < 0) {
            jm_report(p->r, JUTEN_ERROR, p->path, rec->line, 1,
                      _("this CSV has no \"id\" and \"funded\" columns; expected the output "
                      "of juten solve --format csv"));
            return false;
        }
        return true;
    }
    int i = find_id(p->m, rec->f[p->col_id], rec->len[p->col_id]);
    const char *fv = rec->f[p->col_funded];
    bool yes = strcmp(fv, "yes") == 0;
    if (i < 0) {
        char q[200];
        jm_report(p->r, JUTEN_ERROR, p->path, rec->line, 1,
                  _("\"%s\" is not a measure id of the round simulated; expected the "
                  "portfolio of this round"),
                  jm_quote(q, sizeof q, rec->f[p->col_id], rec->len[p->col_id]));
        return true;
    }
    if (!yes && strcmp(fv, "no") != 0) {
        char q[200];
        jm_report(p->r, JUTEN_ERROR, p->path, rec->line, 0,
                  _("funded is \"%s\"; expected yes or no"), jm_quote(q, sizeof q, fv, strlen(fv)));
        return true;
    }
    p->x[i] = yes;
    return true;
}

juten_status juten_model_portfolio_csv(const juten_model *m, const char *path, const char *text,
                                       size_t len, unsigned char *x, juten_diags *d)
{
    jm_rep r = {d, 0, false};
    memset(x, 0, (size_t)juten_model_measure_count(m));
    prd p = {m, path, x, &r, -1, -1, false};
    juten_status st = jm_csv_read(&r, path, text, len, on_rec, &p);
    if (r.nomem)
        return JUTEN_ERR_NOMEM;
    if (st == JUTEN_OK && (r.errors || !p.header_done))
        st = JUTEN_ERR_INPUT;
    if (!p.header_done)
        jm_report(&r, JUTEN_ERROR, path, 0, 0, _("the file is empty; expected the output of "
                                               "juten solve --format csv"));
    return st;
}

juten_status juten_model_read_text(const char *path, char **text, size_t *len, juten_diags *d)
{
    jm_rep r = {d, 0, false};
    unsigned char *raw;
    size_t rawlen;
    int err = jm_file_read(path, &raw, &rawlen);
    if (err) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, _("cannot read the file: %s"), strerror(err));
        return JUTEN_ERR_NOFILE;
    }
    juten_status st = jm_text_decode(&r, path, raw, rawlen, text, len);
    free(raw);
    return st;
}
