/*
 * validate.c -- the model's validation: the one pass every model goes
 * through before a solver may trust it (jm_model_check, and
 * juten_model_finish for models built in code).
 *
 * Validation lives apart from the loader because models are also built
 * in code (tests, benchmarks, generators) and must pass exactly the same
 * checks: ids unique, indices in range, numbers finite and in range (and
 * within a sane magnitude: see JM_MAX_AMOUNT), three-point estimates
 * ordered, cost shares summing to one, no dependency cycles.  The loader
 * calls the same pass with a locator, so that the same mistake is reported
 * at its file, line and column, quoting the value as the planner wrote it;
 * a model built in code gets the same sentence naming the measure instead.
 *
 * The dependency check is an iterative depth-first search with an explicit
 * stack: 100 000 measures in one chain must not overflow the C stack.
 */
#include "load_int.h"
#include "juten_i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shares of one measure must add up to 1 within this. */
#define SHARE_SUM_TOL 1e-9

typedef struct ck {
    juten_model *m;
    jm_rep r;
    const jm_locator *loc;
    const char *measures_file; /* for code-built measures with a line */
} ck;

static bool is_bad(const ck *c, int table, int row, int field)
{
    return c->loc && c->loc->bad && c->loc->bad(c->loc->user, table, row, field);
}

/* Shortest "%g" that reads back to the same double. */
static void fmt_num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, n, "%.17g", v);
}

static const char *field_name(int table, int field)
{
    switch (table) {
    case JM_T_MEASURE:
        return field == JM_F_FORCE ? "force" : jm_measure_cols[field];
    case JM_T_AREA: return jm_area_cols[field];
    case JM_T_MINISTRY: return jm_ministry_cols[field];
    case JM_T_TAG: return field == JM_G_ID ? "id" : "minimum";
    default: return field == JM_S_HEADROOM ? "headroom" : "savings_rate";
    }
}

static const char *row_id(const ck *c, int table, int row)
{
    const juten_model *m = c->m;
    const char *id = NULL;
    switch (table) {
    case JM_T_MEASURE: id = m->measures[row].id; break;
    case JM_T_AREA: id = m->areas[row].id; break;
    case JM_T_MINISTRY: id = m->ministries[row].id; break;
    case JM_T_TAG: id = m->tags[row].id; break;
    default: break;
    }
    return id;
}

/* The value of a field as text, for messages about models built in code. */
static void plain_value(const ck *c, int table, int row, int field, double v,
                        char *buf, size_t n)
{
    if (table == JM_T_MEASURE && field == JM_F_REQUIRES) {
        const juten_measure *me = &c->m->measures[row];
        size_t o = 0;
        buf[0] = 0;
        for (int j = 0; j < me->n_requires && o + 20 < n; j++) {
            int k = me->requires[j];
            const char *id = k >= 0 && k < c->m->n_measures && c->m->measures[k].id
                                 ? c->m->measures[k].id : "?";
            o += (size_t)snprintf(buf + o, n - o, "%s%s", j ? ";" : "", id);
        }
        return;
    }
    if (table == JM_T_MEASURE && field == JM_F_ID) {
        const char *id = c->m->measures[row].id;
        snprintf(buf, n, "%s", id ? id : "");
        return;
    }
    fmt_num(buf, n, v);
}

/*
 * Report about one value.  With a locator the message is placed at the
 * value and quotes it as written:  column "cost": "-3" is negative; ...
 * Without one it names the row:      measure "M01": cost -3 is negative; ...
 */
static void ck_report(ck *c, juten_severity sev, int table, int row, int field,
                      double v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
static void ck_report(ck *c, juten_severity sev, int table, int row, int field,
                      double v, const char *fmt, ...)
{
    char pred[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pred, sizeof pred, fmt, ap);
    va_end(ap);
    jm_where w;
    memset(&w, 0, sizeof w);
    if (c->loc && c->loc->where && c->loc->where(c->loc->user, table, row, field, &w)) {
        jm_report(&c->r, sev, w.file, w.line, w.col, _("%s: \"%s\" %s"), w.what,
                  w.text, pred);
        return;
    }
    char val[256], q[200];
    plain_value(c, table, row, field, v, val, sizeof val);
    jm_quote(q, sizeof q, val, strlen(val));
    const char *file = NULL;
    int line = 0;
    if (table == JM_T_MEASURE && c->m->measures[row].line > 0 && c->measures_file) {
        file = c->measures_file;
        line = c->m->measures[row].line;
    }
    static const char *const tname[] = {N_("measure"), N_("area"), N_("ministry"), N_("tag"),
                                        N_("scenario")};
    if (table == JM_T_SCENARIO) {
        jm_report(&c->r, sev, file, line, 0, _("scenario: %s %s %s"),
                  field_name(table, field), q, pred);
        return;
    }
    const char *id = row_id(c, table, row);
    if (id && *id)
        jm_report(&c->r, sev, file, line, 0, _("%s \"%s\": %s %s %s"), _(tname[table]),
                  id, field_name(table, field), q, pred);
    else
        jm_report(&c->r, sev, file, line, 0, _("%s #%d: %s %s %s"), _(tname[table]),
                  row + 1, field_name(table, field), q, pred);
}

/* A finite value within the sane range: |v| <= max, and a nonzero value
 * not below JM_TINY (1e308 or 5e-324 from a spreadsheet is a mistake,
 * and would overflow the totals or break the solver's scaling). */
static bool check_magnitude(ck *c, int table, int row, int field, double v, double max)
{
    if (!isfinite(v))
        return true; /* reported by the caller */
    if (fabs(v) > max) {
        ck_report(c, JUTEN_ERROR, table, row, field, v,
                  _("is too large; juten accepts values up to 1e%d in absolute value "
                  "(a budget in 円 or in 億円 is far below that)"), (int)lround(log10(max)));
        return false;
    }
    if (v != 0 && fabs(v) < JM_TINY) {
        ck_report(c, JUTEN_ERROR, table, row, field, v,
                  _("is too small; a value that is not 0 must be at least 1e%d in "
                  "absolute value (write 0 for nothing)"), (int)lround(log10(JM_TINY)));
        return false;
    }
    return true;
}

/* The most a value of this field may be in absolute value. */
static double field_max(int table, int field)
{
    if ((table == JM_T_AREA && field == JM_A_WEIGHT) ||
        (table == JM_T_SCENARIO && field == JM_S_SAVINGS_RATE))
        return JM_MAX_FACTOR;
    if (table == JM_T_AREA && (field == JM_A_MIN_SHARE || field == JM_A_MAX_SHARE))
        return 1;
    return JM_MAX_AMOUNT;
}

/* A value that must be finite and >= 0 (or NAN when `optional`), within
 * the sane range of its field. */
static bool check_nonneg(ck *c, int table, int row, int field, double v,
                         bool optional, const char *what)
{
    if (is_bad(c, table, row, field))
        return false;
    if (optional && isnan(v))
        return true;
    if (!isfinite(v)) {
        ck_report(c, JUTEN_ERROR, table, row, field, v,
                  _("is not a finite number; expected %s of 0 or more"), what);
        return false;
    }
    if (v < 0) {
        ck_report(c, JUTEN_ERROR, table, row, field, v,
                  _("is negative; expected %s of 0 or more"), what);
        return false;
    }
    if (!(table == JM_T_AREA && (field == JM_A_MIN_SHARE || field == JM_A_MAX_SHARE) && v > 1))
        return check_magnitude(c, table, row, field, v, field_max(table, field));
    return true; /* a share above 1 has its own message */
}

/* Ids unique and non-empty within one table. */
static void check_ids(ck *c, int table, int n, jm_strmap *map, const char *noun)
{
    for (int i = 0; i < n; i++) {
        const char *id = row_id(c, table, i);
        if (is_bad(c, table, i, 0))
            continue;
        if (!id || !*id) {
            ck_report(c, JUTEN_ERROR, table, i, 0, 0, _("is empty; every %s needs an id"), noun);
            continue;
        }
        int prev = jm_strmap_put(map, id, i);
        if (prev == -2) {
            c->r.nomem = true;
            return;
        }
        if (prev >= 0)
            ck_report(c, JUTEN_ERROR, table, i, 0, 0,
                      _("is used by %s #%d and #%d; ids must be unique"), noun,
                      prev + 1, i + 1);
    }
}

static void check_scenario(ck *c)
{
    juten_model *m = c->m;
    if (!is_bad(c, JM_T_SCENARIO, 0, JM_S_HEADROOM) && !isfinite(m->headroom))
        ck_report(c, JUTEN_ERROR, JM_T_SCENARIO, 0, JM_S_HEADROOM, m->headroom,
                  _("is not a finite number; expected an amount such as 0 or 12.5"));
    else if (!is_bad(c, JM_T_SCENARIO, 0, JM_S_HEADROOM))
        check_magnitude(c, JM_T_SCENARIO, 0, JM_S_HEADROOM, m->headroom, JM_MAX_AMOUNT);
    if (check_nonneg(c, JM_T_SCENARIO, 0, JM_S_SAVINGS_RATE, m->savings_rate,
                     false, _("a fraction")) && m->savings_rate > 1)
        ck_report(c, JUTEN_WARNING, JM_T_SCENARIO, 0, JM_S_SAVINGS_RATE,
                  m->savings_rate,
                  _("is above 1: more savings are assumed realised than are "
                  "listed; expected a fraction such as 0.8"));
    if (!m->name && !(m->name = strdup("")))
        c->r.nomem = true;
    if (!m->currency && !(m->currency = strdup("")))
        c->r.nomem = true;
}

static void check_min_max(ck *c, int table, int row, int fmin, int fmax,
                          double lo, double hi, bool ok_lo, bool ok_hi)
{
    if (ok_lo && ok_hi && !isnan(lo) && !isnan(hi) && lo > hi) {
        char b[64];
        fmt_num(b, sizeof b, lo);
        ck_report(c, JUTEN_ERROR, table, row, fmax, hi,
                  _("is below %s %s; expected %s <= %s"), field_name(table, fmin),
                  b, field_name(table, fmin), field_name(table, fmax));
    }
}

static void check_areas(ck *c)
{
    juten_model *m = c->m;
    jm_strmap ids = {0};
    check_ids(c, JM_T_AREA, m->n_areas, &ids, _("area"));
    jm_strmap_free(&ids);
    for (int i = 0; i < m->n_areas; i++) {
        juten_area *a = &m->areas[i];
        if (!a->name && !(a->name = strdup(a->id ? a->id : "")))
            c->r.nomem = true;
        check_nonneg(c, JM_T_AREA, i, JM_A_WEIGHT, a->weight, false, _("a weight"));
        bool ok[2];
        double sh[2] = {a->min_share, a->max_share};
        for (int k = 0; k < 2; k++) {
            int f = JM_A_MIN_SHARE + k;
            ok[k] = check_nonneg(c, JM_T_AREA, i, f, sh[k], true, _("a fraction"));
            if (ok[k] && sh[k] > 1) {
                ck_report(c, JUTEN_ERROR, JM_T_AREA, i, f, sh[k],
                          _("is above 1; expected a fraction of the total "
                          "funded cost between 0 and 1 (write 0.3, not 30)"));
                ok[k] = false;
            }
        }
        check_min_max(c, JM_T_AREA, i, JM_A_MIN_SHARE, JM_A_MAX_SHARE,
                      a->min_share, a->max_share, ok[0], ok[1]);
        ok[0] = check_nonneg(c, JM_T_AREA, i, JM_A_MIN_SPEND, a->min_spend, true, _("an amount"));
        ok[1] = check_nonneg(c, JM_T_AREA, i, JM_A_MAX_SPEND, a->max_spend, true, _("an amount"));
        check_min_max(c, JM_T_AREA, i, JM_A_MIN_SPEND, JM_A_MAX_SPEND,
                      a->min_spend, a->max_spend, ok[0], ok[1]);
    }
}

static void check_ministries_tags_groups(ck *c)
{
    juten_model *m = c->m;
    jm_strmap ids = {0};
    check_ids(c, JM_T_MINISTRY, m->n_ministries, &ids, _("ministry"));
    jm_strmap_free(&ids);
    for (int i = 0; i < m->n_ministries; i++) {
        juten_ministry *k = &m->ministries[i];
        if (!k->name && !(k->name = strdup(k->id ? k->id : "")))
            c->r.nomem = true;
        if (is_bad(c, JM_T_MINISTRY, i, JM_K_CEILING))
            continue;
        if (isnan(k->ceiling) || k->ceiling < 0)
            ck_report(c, JUTEN_ERROR, JM_T_MINISTRY, i, JM_K_CEILING, k->ceiling,
                      "%s", isnan(k->ceiling)
                      ? _("is not a number; expected a ceiling of 0 or more (or no value "
                          "for no ceiling)")
                      : _("is negative; expected a ceiling of 0 or more (or no value for "
                          "no ceiling)"));
        else /* INFINITY: no ceiling */
            check_magnitude(c, JM_T_MINISTRY, i, JM_K_CEILING, k->ceiling, JM_MAX_AMOUNT);
    }
    jm_strmap tids = {0};
    check_ids(c, JM_T_TAG, m->n_tags, &tids, _("tag"));
    jm_strmap_free(&tids);
    for (int i = 0; i < m->n_tags; i++)
        check_nonneg(c, JM_T_TAG, i, JM_G_MINIMUM, m->tags[i].minimum, true,
                     _("a minimum"));
    jm_strmap gids = {0};
    for (int i = 0; i < m->n_groups; i++) {
        const char *id = m->groups[i].id;
        if (!id || !*id) {
            jm_report(&c->r, JUTEN_ERROR, NULL, 0, 0, _("group #%d has no id"), i + 1);
            continue;
        }
        int prev = jm_strmap_put(&gids, id, i);
        if (prev == -2)
            c->r.nomem = true;
        else if (prev >= 0)
            jm_report(&c->r, JUTEN_ERROR, NULL, 0, 0,
                      _("group id \"%s\" is used by groups #%d and #%d; ids "
                      "must be unique"), id, prev + 1, i + 1);
    }
    jm_strmap_free(&gids);
}

/* low <= mode <= high for one three-point estimate; absent ends (NAN)
 * become the mode. */
static void check_range(ck *c, int row, int fmode, int flo, int fhi,
                        double mode, double *lo, double *hi, bool nonneg)
{
    if (is_bad(c, JM_T_MEASURE, row, fmode) || !isfinite(mode))
        return;
    const char *nm = jm_measure_cols[fmode], *nl = jm_measure_cols[flo],
               *nh = jm_measure_cols[fhi];
    /* An absent end equals the mode and needs no check of its own. */
    bool lo_given = !isnan(*lo), hi_given = !isnan(*hi);
    if (!lo_given)
        *lo = mode;
    if (!hi_given)
        *hi = mode;
    if (!lo_given && !hi_given)
        return;
    bool lo_bad = lo_given && !is_bad(c, JM_T_MEASURE, row, flo) &&
                  (!isfinite(*lo) || *lo > mode || (nonneg && *lo < 0));
    bool hi_bad = hi_given && !is_bad(c, JM_T_MEASURE, row, fhi) &&
                  (!isfinite(*hi) || *hi < mode);
    if (lo_given && !lo_bad && !is_bad(c, JM_T_MEASURE, row, flo))
        check_magnitude(c, JM_T_MEASURE, row, flo, *lo, JM_MAX_AMOUNT);
    if (hi_given && !hi_bad && !is_bad(c, JM_T_MEASURE, row, fhi))
        check_magnitude(c, JM_T_MEASURE, row, fhi, *hi, JM_MAX_AMOUNT);
    if (!lo_bad && !hi_bad)
        return; /* the common case: no message, so no position lookups */
    char mtext[160];
    jm_where w;
    memset(&w, 0, sizeof w);
    if (c->loc && c->loc->where && c->loc->where(c->loc->user, JM_T_MEASURE, row, fmode, &w))
        snprintf(mtext, sizeof mtext, _("\"%s\" in column \"%s\""), w.text, nm);
    else {
        char b[64];
        fmt_num(b, sizeof b, mode);
        snprintf(mtext, sizeof mtext, "%s %s", nm, b);
    }
    if (lo_bad) {
        if (!isfinite(*lo))
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, row, flo, *lo,
                      _("is not a finite number; expected a low estimate"));
        else if (*lo > mode)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, row, flo, *lo,
                      _("is above the most likely value %s; expected %s <= %s <= %s"),
                      mtext, nl, nm, nh);
        else if (nonneg && *lo < 0)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, row, flo, *lo,
                      _("is negative; expected a low estimate of 0 or more"));
    }
    if (hi_bad) {
        if (!isfinite(*hi))
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, row, fhi, *hi,
                      _("is not a finite number; expected a high estimate"));
        else if (*hi < mode)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, row, fhi, *hi,
                      _("is below the most likely value %s; expected %s <= %s <= %s"),
                      mtext, nl, nm, nh);
    }
}

static void check_measure(ck *c, int i)
{
    juten_model *m = c->m;
    juten_measure *me = &m->measures[i];
    if (!me->name && !(me->name = strdup("")))
        c->r.nomem = true;
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_AREA) && (me->area < 0 || me->area >= m->n_areas))
        ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_AREA, me->area,
                  _("is not an area index; expected 0 to %d"), m->n_areas - 1);
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_MINISTRY) &&
        (me->ministry < -1 || me->ministry >= m->n_ministries))
        ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_MINISTRY, me->ministry,
                  _("is not a ministry index; expected -1 (none) or 0 to %d"),
                  m->n_ministries - 1);
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_GROUP) &&
        (me->group < -1 || me->group >= m->n_groups))
        ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_GROUP, me->group,
                  _("is not a group index; expected -1 (none) or 0 to %d"),
                  m->n_groups - 1);

    check_nonneg(c, JM_T_MEASURE, i, JM_F_COST, me->cost, false, _("a cost"));
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_RISK) && !isfinite(me->risk))
        ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_RISK, me->risk,
                  _("is not a finite number; expected a risk reduction such as 2.5"));
    else if (!is_bad(c, JM_T_MEASURE, i, JM_F_RISK))
        check_magnitude(c, JM_T_MEASURE, i, JM_F_RISK, me->risk, JM_MAX_AMOUNT);
    check_nonneg(c, JM_T_MEASURE, i, JM_F_SAVING, me->saving, false, _("a saving"));
    check_range(c, i, JM_F_COST, JM_F_COST_LO, JM_F_COST_HI, me->cost,
                &me->cost_lo, &me->cost_hi, true);
    check_range(c, i, JM_F_RISK, JM_F_RISK_LO, JM_F_RISK_HI, me->risk,
                &me->risk_lo, &me->risk_hi, false);
    check_range(c, i, JM_F_SAVING, JM_F_SAVING_LO, JM_F_SAVING_HI, me->saving,
                &me->saving_lo, &me->saving_hi, true);

    if (!is_bad(c, JM_T_MEASURE, i, JM_F_REQUIRES)) {
        bool self = false, range = false;
        for (int j = 0; j < me->n_requires; j++) {
            if (me->requires[j] == i)
                self = true;
            else if (me->requires[j] < 0 || me->requires[j] >= m->n_measures)
                range = true;
        }
        if (self)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_REQUIRES, 0,
                      _("names the measure itself (\"%s\"); a measure cannot "
                      "require itself"), me->id ? me->id : "");
        if (range)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_REQUIRES, 0,
                      _("holds an index outside 0 to %d"), m->n_measures - 1);
    }
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_TAGS))
        for (int j = 0; j < me->n_tags; j++)
            if (me->tags[j] < 0 || me->tags[j] >= m->n_tags) {
                ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_TAGS, 0,
                          _("holds a tag index outside 0 to %d"), m->n_tags - 1);
                break;
            }
    if (me->n_shares > 0 && !is_bad(c, JM_T_MEASURE, i, JM_F_COST_SHARE)) {
        double sum = 0;
        bool bad = false;
        for (int j = 0; j < me->n_shares && !bad; j++) {
            const juten_share *s = &me->shares[j];
            if (s->ministry < 0 || s->ministry >= m->n_ministries) {
                ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_COST_SHARE, s->share,
                          _("names ministry index %d; expected 0 to %d"),
                          s->ministry, m->n_ministries - 1);
                bad = true;
            } else if (!(s->share >= JM_TINY && s->share <= 1)) {
                char b[64];
                fmt_num(b, sizeof b, s->share);
                ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_COST_SHARE, s->share,
                          _("gives %s a share of %s; expected each share above "
                          "0 (at least 1e-9) and at most 1"), m->ministries[s->ministry].id, b);
                bad = true;
            }
            for (int k = 0; k < j && !bad; k++)
                if (me->shares[k].ministry == s->ministry) {
                    ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_COST_SHARE, 0,
                              _("names ministry %s twice; expected each ministry once"),
                              m->ministries[s->ministry].id);
                    bad = true;
                }
            sum += s->share;
        }
        if (!bad && fabs(sum - 1) > SHARE_SUM_TOL) {
            char b[64];
            fmt_num(b, sizeof b, sum);
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_COST_SHARE, sum,
                      _("has shares adding up to %s; expected them to add up to "
                      "1 (tolerance %g)"), b, SHARE_SUM_TOL);
        }
    }
    if (!is_bad(c, JM_T_MEASURE, i, JM_F_FORCE)) {
        if (me->force != JUTEN_FORCE_NONE && me->force != JUTEN_FORCE_INCLUDE &&
            me->force != JUTEN_FORCE_EXCLUDE)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_FORCE, me->force,
                      _("is not a force value; expected -1, 0 or 1"));
        else if (me->mandatory && me->force == JUTEN_FORCE_EXCLUDE)
            ck_report(c, JUTEN_ERROR, JM_T_MEASURE, i, JM_F_FORCE, me->force,
                      _("excludes measure %s, which is mandatory; remove it "
                      "from the exclude list or make it not mandatory"),
                      me->id ? me->id : "");
    }
}

/* Write "A -> B -> ... -> A" for the cycle stack[from..top]; a long cycle
 * shows its first six and last five measures. */
static void cycle_text(const juten_model *m, const int *stack, int from,
                       int top, char *buf, size_t n)
{
    int len = top - from + 1;
    size_t o = 0;
    buf[0] = 0;
    for (int k = 0; k <= len && o + 64 < n; k++) {
        if (len > 12 && k == 6) {
            o += (size_t)snprintf(buf + o, n - o, _(" -> ... (%d more)"), len - 11);
            k = len - 5;
        }
        int node = k == len ? stack[from] : stack[from + k];
        o += (size_t)snprintf(buf + o, n - o, "%s%.40s", k ? " -> " : "",
                              m->measures[node].id);
    }
}

static void check_cycles(ck *c)
{
    juten_model *m = c->m;
    int n = m->n_measures;
    if (n == 0)
        return;
    unsigned char *color = calloc((size_t)n, 1); /* 0 new, 1 on stack, 2 done */
    int *next = calloc((size_t)n, sizeof *next);  /* next edge to follow */
    int *pos = malloc((size_t)n * sizeof *pos);   /* place on the stack */
    int *stack = malloc((size_t)n * sizeof *stack);
    if (!color || !next || !pos || !stack) {
        c->r.nomem = true;
        goto done;
    }
    for (int s = 0; s < n; s++) {
        if (color[s])
            continue;
        int top = 0;
        stack[0] = s;
        pos[s] = 0;
        color[s] = 1;
        while (top >= 0) {
            int u = stack[top];
            const juten_measure *mu = &m->measures[u];
            if (next[u] < mu->n_requires) {
                int v = mu->requires[next[u]++];
                if (v == u || v < 0 || v >= n)
                    continue; /* reported as self-dependency / index error */
                if (color[v] == 0) {
                    color[v] = 1;
                    stack[++top] = v;
                    pos[v] = top;
                } else if (color[v] == 1) {
                    char path[1024];
                    cycle_text(m, stack, pos[v], top, path, sizeof path);
                    ck_report(c, JUTEN_ERROR, JM_T_MEASURE, v, JM_F_REQUIRES, 0,
                              _("makes a dependency cycle: %s; a measure cannot "
                              "depend on itself through others: remove one of "
                              "these requirements"), path);
                }
            } else {
                color[u] = 2;
                top--;
            }
        }
    }
done:
    free(color);
    free(next);
    free(pos);
    free(stack);
}

juten_status jm_model_check(juten_model *m, juten_diags *d, const jm_locator *loc)
{
    if (!m)
        return JUTEN_ERR_USAGE;
    ck c = {0};
    c.m = m;
    c.r.d = d;
    c.loc = loc;
    for (int i = 0; i < m->n_files; i++)
        if (m->files[i].role && strcmp(m->files[i].role, "measures") == 0)
            c.measures_file = m->files[i].path;
    if ((m->n_measures > 0 && !m->measures) || (m->n_areas > 0 && !m->areas) ||
        (m->n_ministries > 0 && !m->ministries) || (m->n_tags > 0 && !m->tags) ||
        (m->n_groups > 0 && !m->groups) || m->n_measures < 0 || m->n_areas < 0 ||
        m->n_ministries < 0 || m->n_tags < 0 || m->n_groups < 0)
        return JUTEN_ERR_USAGE;

    check_scenario(&c);
    if (m->n_areas == 0 && !is_bad(&c, JM_T_AREA, -1, -1))
        jm_report(&c.r, JUTEN_ERROR, NULL, 0, 0,
                  _("the model has no areas; expected at least one policy area"));
    if (m->n_measures == 0 && !is_bad(&c, JM_T_MEASURE, -1, -1))
        jm_report(&c.r, JUTEN_ERROR, NULL, 0, 0,
                  _("the model has no measures; expected at least one candidate measure"));
    check_areas(&c);
    check_ministries_tags_groups(&c);

    jm_strmap *ids = calloc(1, sizeof *ids);
    if (!ids || !jm_strmap_init(ids, (size_t)m->n_measures)) {
        free(ids);
        return JUTEN_ERR_NOMEM;
    }
    check_ids(&c, JM_T_MEASURE, m->n_measures, ids, _("measure"));
    for (int i = 0; i < m->n_measures; i++)
        check_measure(&c, i);
    check_cycles(&c);

    if (c.r.nomem) {
        jm_strmap_free(ids);
        free(ids);
        return JUTEN_ERR_NOMEM;
    }
    jm_strmap_free(m->measure_index);
    free(m->measure_index);
    m->measure_index = ids;
    return c.r.errors ? JUTEN_ERR_INPUT : JUTEN_OK;
}

juten_status juten_model_finish(juten_model *m, juten_diags *diags)
{
    return jm_model_check(m, diags, NULL);
}
