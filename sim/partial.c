/*
 * partial.c -- partial results of a split simulation: written by `juten
 * simulate --shard k/n`, read back and checked by `juten merge`.  sim/'s
 * only user of jansson (report/json.c is report's).
 *
 * The file is JSON so that a planner or a script can look into a part
 * (which run, which draws), but every double is a C99 hex float string
 * ("0x1.8p+3"): jansson's reals cannot carry NaN (a draw without a
 * portfolio has no objective) and any decimal printing would have to be
 * proved to round-trip.  strtod reads %a back to the same bits, so a merged
 * run's summary is computed from exactly the numbers the single run would
 * have had, and its output is the same to the byte.
 *
 * Uncertain identity is refused rather than guessed: a part of another
 * format version, of other inputs (sha256), seed, draws, options or
 * portfolio never joins another; a part that is not one of ours is named
 * as such.  The records' own shape and tiling are juten_sim_records_join's.
 */
#include "juten_partial.h"
#include "juten_i18n.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_NAME "juten-partial"

void juten_partial_manifest_init(juten_partial_manifest *mf)
{
    memset(mf, 0, sizeof *mf);
    mf->format_version = JUTEN_PARTIAL_FORMAT;
    mf->juten_version = JUTEN_VERSION;
    mf->stream = JUTEN_STREAM_SIMULATE;
    mf->mip_gap = 0;
    mf->headroom = NAN;
    mf->savings_rate = NAN;
}

void juten_partial_manifest_fill(juten_partial_manifest *mf, const juten_sim_setup *setup,
                                 juten_partial_input *store, const char **ids)
{
    const juten_model *m = setup->model;
    int nf = juten_model_file_count(m);
    for (int f = 0; f < nf; f++)
        store[f] = (juten_partial_input){juten_model_file_role(m, f),
                                         juten_model_file_path(m, f),
                                         juten_model_file_sha256(m, f)};
    mf->n_inputs = nf;
    mf->inputs = store;
    const juten_uncertainty *u = setup->sampler ? juten_sampler_uncertainty(setup->sampler)
                                                : juten_model_uncertainty(m);
    mf->seed = u->seed;
    mf->draws = u->draws;
    mf->reoptimise = setup->reoptimise;
    mf->node_limit = setup->solve.node_limit;
    mf->mip_gap = setup->solve.mip_gap;
    mf->time_limit = setup->solve.time_limit;
    mf->headroom = setup->solve.headroom;
    mf->savings_rate = setup->solve.savings_rate;
    mf->rules = setup->solve.rules;
    mf->heuristic = setup->solve.heuristic;
    mf->n_measures = juten_model_measure_count(m);
    for (int i = 0; i < mf->n_measures; i++)
        ids[i] = juten_model_measure_id(m, i);
    mf->measure_ids = ids;
    mf->portfolio = setup->portfolio;
}

/* ---- writing ------------------------------------------------------------ */

/* Build with one memory flag, to keep the writer flat. */
static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
    if (!v || json_object_set_new(o, key, v) != 0)
        *ok = false;
}

static void push(json_t *a, json_t *v, bool *ok)
{
    if (!v || json_array_append_new(a, v) != 0)
        *ok = false;
}

/* A double as a C99 hex float: exact, and NaN and infinities too. */
static json_t *hexd(double v)
{
    char buf[64];
    if (isnan(v))
        return json_string("nan");
    snprintf(buf, sizeof buf, "%a", v);
    return json_string(buf);
}

static json_t *hex_array(const double *x, long n, bool *ok)
{
    json_t *a = json_array();
    if (!a) {
        *ok = false;
        return NULL;
    }
    for (long k = 0; k < n && *ok; k++)
        push(a, hexd(x[k]), ok);
    return a;
}

/* Rows of bytes (rules held, measures selected) as strings of '0' and '1'. */
static json_t *bit_rows(const unsigned char *b, long n, int width, bool *ok)
{
    json_t *a = json_array();
    char *s = malloc((size_t)width + 1);
    if (!a || !s) {
        json_decref(a);
        free(s);
        *ok = false;
        return NULL;
    }
    for (long k = 0; k < n && *ok; k++) {
        for (int q = 0; q < width; q++)
            s[q] = b[(size_t)k * (size_t)width + (size_t)q] ? '1' : '0';
        s[width] = '\0';
        push(a, json_string(s), ok);
    }
    free(s);
    return a;
}

static json_t *manifest_json(const juten_partial_manifest *mf, const juten_sim_records *rec,
                             bool *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = false;
        return NULL;
    }
    char buf[32];
    put(o, "format", json_string(FORMAT_NAME), ok);
    put(o, "format_version", json_integer(JUTEN_PARTIAL_FORMAT), ok);
    put(o, "juten_version", json_string(JUTEN_VERSION), ok);
    put(o, "scenario", json_string(mf->scenario ? mf->scenario : ""), ok);
    json_t *in = json_array();
    for (int f = 0; in && f < mf->n_inputs; f++) {
        json_t *e = json_object();
        if (e) {
            put(e, "role", json_string(mf->inputs[f].role), ok);
            put(e, "path", json_string(mf->inputs[f].path), ok);
            put(e, "sha256", json_string(mf->inputs[f].sha256), ok);
        }
        push(in, e, ok);
    }
    put(o, "inputs", in, ok);
    /* a 64-bit seed does not fit jansson's signed integers: a string */
    snprintf(buf, sizeof buf, "%" PRIu64, mf->seed);
    put(o, "seed", json_string(buf), ok);
    put(o, "stream", json_integer(mf->stream), ok);
    put(o, "draws", json_integer(mf->draws), ok);
    put(o, "shard", json_integer(mf->shard), ok);
    put(o, "shards", json_integer(mf->shards), ok);
    snprintf(buf, sizeof buf, "%" PRIu64, rec->first);
    put(o, "first", json_string(buf), ok);
    put(o, "count", json_integer(rec->count), ok);
    put(o, "reoptimise", json_boolean(mf->reoptimise), ok);
    json_t *op = json_object();
    if (op) {
        put(op, "node_limit", json_integer(mf->node_limit), ok);
        put(op, "gap", hexd(mf->mip_gap), ok);
        put(op, "time_limit", hexd(mf->time_limit), ok);
        put(op, "headroom", hexd(mf->headroom), ok);
        put(op, "savings_rate", hexd(mf->savings_rate), ok);
        put(op, "rules", json_integer(mf->rules), ok);
        put(op, "heuristic", json_boolean(mf->heuristic), ok);
    }
    put(o, "options", op, ok);
    json_t *se = json_object();
    for (int i = 0; se && i < mf->n_settings; i++)
        put(se, mf->settings[i].name, json_string(mf->settings[i].value), ok);
    put(o, "settings", se, ok);
    json_t *ms = json_array();
    for (int i = 0; ms && i < mf->n_measures; i++)
        push(ms, json_string(mf->measure_ids[i]), ok);
    put(o, "measures", ms, ok);
    put(o, "portfolio", bit_rows(mf->portfolio, 1, mf->n_measures, ok), ok);
    put(o, "n_rules", json_integer(rec->n_rules), ok);
    return o;
}

juten_status juten_sim_partial_write(FILE *f, const juten_partial_manifest *mf,
                                     const juten_sim_records *rec, juten_diags *diags)
{
    if (!f || !mf || !rec || !mf->portfolio || mf->n_measures != rec->n_measures ||
        (mf->n_measures > 0 && !mf->measure_ids) || mf->reoptimise != rec->reoptimised ||
        (mf->n_inputs > 0 && !mf->inputs) || (mf->n_settings > 0 && !mf->settings)) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                        _("juten_sim_partial_write: the manifest does not match the records"));
        return JUTEN_ERR_USAGE;
    }
    bool ok = true;
    json_t *o = manifest_json(mf, rec, &ok);
    json_t *r = json_object();
    if (r) {
        put(r, "spend", hex_array(rec->spend, rec->count, &ok), &ok);
        put(r, "savings", hex_array(rec->savings, rec->count, &ok), &ok);
        put(r, "net", hex_array(rec->net, rec->count, &ok), &ok);
        put(r, "value", hex_array(rec->value, rec->count, &ok), &ok);
        put(r, "holds", bit_rows(rec->holds, rec->count, rec->n_rules, &ok), &ok);
        if (rec->reoptimised) {
            json_t *oc = json_array();
            for (long k = 0; oc && k < rec->count && ok; k++)
                push(oc, json_integer(rec->outcome[k]), &ok);
            put(r, "outcome", oc, &ok);
            put(r, "objective", hex_array(rec->objective, rec->count, &ok), &ok);
            put(r, "selected", bit_rows(rec->selected, rec->count, rec->n_measures, &ok), &ok);
        }
    }
    if (o)
        put(o, "records", r, &ok);
    else
        json_decref(r);
    if (!ok || !o) {
        json_decref(o);
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("out of memory writing a partial result"));
        return JUTEN_ERR_NOMEM;
    }
    int rc = json_dumpf(o, f, JSON_INDENT(1));
    json_decref(o);
    if (rc != 0 || fputc('\n', f) == EOF || ferror(f)) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("cannot write the partial result: %s"),
                        strerror(errno));
        return JUTEN_ERR_IO;
    }
    return JUTEN_OK;
}

/* ---- reading ------------------------------------------------------------ */

struct juten_sim_partial {
    char *path;
    json_t *root;                   /* owns every string the manifest borrows */
    juten_partial_manifest mf;
    juten_partial_input *inputs;
    const char **ids;
    unsigned char *portfolio;
    juten_partial_setting *settings;
    juten_sim_records *rec;
};

void juten_sim_partial_free(juten_sim_partial *p)
{
    if (!p)
        return;
    free(p->path);
    json_decref(p->root);
    free(p->inputs);
    free(p->ids);
    free(p->portfolio);
    free(p->settings);
    juten_sim_records_free(p->rec);
    free(p);
}

const char *juten_sim_partial_path(const juten_sim_partial *p) { return p ? p->path : NULL; }
const juten_partial_manifest *juten_sim_partial_manifest(const juten_sim_partial *p)
{
    return p ? &p->mf : NULL;
}
const juten_sim_records *juten_sim_partial_records(const juten_sim_partial *p)
{
    return p ? p->rec : NULL;
}

const char *juten_sim_partial_setting(const juten_sim_partial *p, const char *name)
{
    for (int i = 0; p && i < p->mf.n_settings; i++)
        if (!strcmp(p->settings[i].name, name))
            return p->settings[i].value;
    return NULL;
}

/* The reader's state: the file's name for every message, and whether a
 * message was given (the first damage found is reported, then reading
 * stops). */
typedef struct rd {
    const char *path;
    juten_diags *d;
    bool bad;
} rd;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void damaged(rd *r, const char *fmt, ...)
{
    if (r->bad)
        return;
    r->bad = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    juten_diags_add(r->d, JUTEN_ERROR, r->path, 0, 0,
                    _("damaged partial result: %s (write the part again with juten simulate "
                    "--shard)"), msg);
}

static json_t *member(rd *r, json_t *o, const char *key, json_type t)
{
    json_t *v = json_object_get(o, key);
    bool okt = v && (json_typeof(v) == t ||
                     (t == JSON_TRUE && json_is_boolean(v)));
    if (!okt) {
        damaged(r, _("\"%s\" is missing or not %s"), key,
                t == JSON_STRING ? _("a string") : t == JSON_INTEGER ? _("an integer")
                : t == JSON_ARRAY ? _("an array") : t == JSON_OBJECT ? _("an object")
                : _("true or false"));
        return NULL;
    }
    return v;
}

static const char *str_member(rd *r, json_t *o, const char *key)
{
    json_t *v = member(r, o, key, JSON_STRING);
    return v ? json_string_value(v) : "";
}

static long long int_member(rd *r, json_t *o, const char *key, long long lo, long long hi)
{
    json_t *v = member(r, o, key, JSON_INTEGER);
    if (!v)
        return lo;
    long long x = json_integer_value(v);
    if (x < lo || x > hi) {
        damaged(r, _("\"%s\" is %lld, outside [%lld, %lld]"), key, x, lo, hi);
        return lo;
    }
    return x;
}

static bool bool_member(rd *r, json_t *o, const char *key)
{
    json_t *v = member(r, o, key, JSON_TRUE);
    return v && json_is_true(v);
}

static double parse_hex(rd *r, json_t *v, const char *what)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || !*s) {
        damaged(r, _("a number of \"%s\" is not a hex float string"), what);
        return NAN;
    }
    if (!strcmp(s, "nan"))
        return NAN;
    errno = 0;
    char *end;
    double x = strtod(s, &end);
    if (*end) {
        damaged(r, _("\"%s\" in \"%s\" is not a number"), s, what);
        return NAN;
    }
    return x;
}

static uint64_t u64_member(rd *r, json_t *o, const char *key)
{
    const char *s = str_member(r, o, key);
    if (r->bad)
        return 0;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (!*s || *end || errno || *s == '-') {
        damaged(r, _("\"%s\" is \"%s\", not a whole number"), key, s);
        return 0;
    }
    return (uint64_t)x;
}

static void read_hex_array(rd *r, json_t *recs, const char *key, double *x, long n)
{
    json_t *a = member(r, recs, key, JSON_ARRAY);
    if (!a)
        return;
    if ((long)json_array_size(a) != n) {
        damaged(r, _("\"%s\" has %zu entries, not %ld"), key, json_array_size(a), n);
        return;
    }
    for (long k = 0; k < n && !r->bad; k++)
        x[k] = parse_hex(r, json_array_get(a, (size_t)k), key);
}

static void read_bit_rows(rd *r, json_t *recs, const char *key, unsigned char *b, long n,
                          int width)
{
    json_t *a = member(r, recs, key, JSON_ARRAY);
    if (!a)
        return;
    if ((long)json_array_size(a) != n) {
        damaged(r, _("\"%s\" has %zu entries, not %ld"), key, json_array_size(a), n);
        return;
    }
    for (long k = 0; k < n && !r->bad; k++) {
        json_t *v = json_array_get(a, (size_t)k);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s || strlen(s) != (size_t)width || strspn(s, "01") != (size_t)width) {
            damaged(r, _("entry %ld of \"%s\" is not %d digits 0 or 1"), k + 1, key, width);
            return;
        }
        for (int q = 0; q < width; q++)
            b[(size_t)k * (size_t)width + (size_t)q] = s[q] == '1';
    }
}

static void read_manifest(rd *r, juten_sim_partial *p)
{
    json_t *o = p->root;
    juten_partial_manifest *mf = &p->mf;
    mf->juten_version = str_member(r, o, "juten_version");
    mf->scenario = str_member(r, o, "scenario");
    json_t *in = member(r, o, "inputs", JSON_ARRAY);
    if (in) {
        mf->n_inputs = (int)json_array_size(in);
        p->inputs = calloc((size_t)mf->n_inputs + 1, sizeof *p->inputs);
        if (!p->inputs) {
            damaged(r, _("out of memory"));
            return;
        }
        for (int f = 0; f < mf->n_inputs && !r->bad; f++) {
            json_t *e = json_array_get(in, (size_t)f);
            if (!json_is_object(e)) {
                damaged(r, _("input %d is not an object"), f + 1);
                return;
            }
            p->inputs[f] = (juten_partial_input){str_member(r, e, "role"),
                                                 str_member(r, e, "path"),
                                                 str_member(r, e, "sha256")};
        }
        mf->inputs = p->inputs;
    }
    mf->seed = u64_member(r, o, "seed");
    mf->stream = (unsigned)int_member(r, o, "stream", 0, 0xffff);
    mf->draws = (long)int_member(r, o, "draws", 1, LONG_MAX);
    mf->shard = (int)int_member(r, o, "shard", 0, INT_MAX);
    mf->shards = (int)int_member(r, o, "shards", 0, INT_MAX);
    mf->reoptimise = bool_member(r, o, "reoptimise");
    json_t *op = member(r, o, "options", JSON_OBJECT);
    if (op) {
        mf->node_limit = (long)int_member(r, op, "node_limit", 0, LONG_MAX);
        mf->mip_gap = parse_hex(r, member(r, op, "gap", JSON_STRING), "gap");
        mf->time_limit = parse_hex(r, member(r, op, "time_limit", JSON_STRING), "time_limit");
        mf->headroom = parse_hex(r, member(r, op, "headroom", JSON_STRING), "headroom");
        mf->savings_rate = parse_hex(r, member(r, op, "savings_rate", JSON_STRING),
                                     "savings_rate");
        mf->rules = (unsigned)int_member(r, op, "rules", 0, 0xffffffffLL);
        mf->heuristic = bool_member(r, op, "heuristic");
    }
    json_t *se = member(r, o, "settings", JSON_OBJECT);
    if (se) {
        p->settings = calloc(json_object_size(se) + 1, sizeof *p->settings);
        if (!p->settings) {
            damaged(r, _("out of memory"));
            return;
        }
        const char *key;
        json_t *v;
        int i = 0;
        json_object_foreach(se, key, v) {
            if (!json_is_string(v)) {
                damaged(r, _("setting \"%s\" is not a string"), key);
                return;
            }
            p->settings[i++] = (juten_partial_setting){key, json_string_value(v)};
        }
        mf->n_settings = i;
        mf->settings = p->settings;
    }
    json_t *ms = member(r, o, "measures", JSON_ARRAY);
    if (ms) {
        mf->n_measures = (int)json_array_size(ms);
        p->ids = calloc((size_t)mf->n_measures + 1, sizeof *p->ids);
        p->portfolio = calloc((size_t)mf->n_measures + 1, 1);
        if (!p->ids || !p->portfolio) {
            damaged(r, _("out of memory"));
            return;
        }
        for (int i = 0; i < mf->n_measures && !r->bad; i++) {
            json_t *v = json_array_get(ms, (size_t)i);
            if (!json_is_string(v)) {
                damaged(r, _("measure %d is not a string"), i + 1);
                return;
            }
            p->ids[i] = json_string_value(v);
        }
        mf->measure_ids = p->ids;
        read_bit_rows(r, o, "portfolio", p->portfolio, 1, mf->n_measures);
        mf->portfolio = p->portfolio;
    }
}

static void read_records(rd *r, juten_sim_partial *p)
{
    json_t *o = p->root;
    uint64_t first = u64_member(r, o, "first");
    long count = (long)int_member(r, o, "count", 0, LONG_MAX);
    int n_rules = (int)int_member(r, o, "n_rules", 0, 100000);
    json_t *recs = member(r, o, "records", JSON_OBJECT);
    if (r->bad)
        return;
    if (first > (uint64_t)p->mf.draws || (uint64_t)count > (uint64_t)p->mf.draws - first) {
        damaged(r, _("draws [%" PRIu64 ", %" PRIu64 ") lie outside the run's %ld draws"), first,
                first + (uint64_t)count, p->mf.draws);
        return;
    }
    if (juten_sim_records_alloc(count, p->mf.n_measures, n_rules, p->mf.reoptimise, &p->rec) !=
        JUTEN_OK) {
        damaged(r, _("out of memory"));
        return;
    }
    juten_sim_records *rec = p->rec;
    rec->first = first;
    read_hex_array(r, recs, "spend", rec->spend, count);
    read_hex_array(r, recs, "savings", rec->savings, count);
    read_hex_array(r, recs, "net", rec->net, count);
    read_hex_array(r, recs, "value", rec->value, count);
    read_bit_rows(r, recs, "holds", rec->holds, count, n_rules);
    if (!rec->reoptimised || r->bad)
        return;
    json_t *oc = member(r, recs, "outcome", JSON_ARRAY);
    if (oc && (long)json_array_size(oc) != count)
        damaged(r, _("\"outcome\" has %zu entries, not %ld"), json_array_size(oc), count);
    for (long k = 0; oc && k < count && !r->bad; k++) {
        json_t *v = json_array_get(oc, (size_t)k);
        if (!json_is_integer(v) || json_integer_value(v) < -128 || json_integer_value(v) > 127)
            damaged(r, _("entry %ld of \"outcome\" is not a solve's outcome"), k + 1);
        else
            rec->outcome[k] = (signed char)json_integer_value(v);
    }
    read_hex_array(r, recs, "objective", rec->objective, count);
    read_bit_rows(r, recs, "selected", rec->selected, count, rec->n_measures);
}

juten_status juten_sim_partial_read(const char *path, juten_sim_partial **out,
                                    juten_diags *diags)
{
    if (!out)
        return JUTEN_ERR_USAGE;
    *out = NULL;
    if (!path)
        return JUTEN_ERR_USAGE;
    FILE *f = fopen(path, "rb");
    if (!f) {
        juten_diags_add(diags, JUTEN_ERROR, path, 0, 0, _("cannot read the partial result: %s"),
                        strerror(errno));
        return JUTEN_ERR_NOFILE;
    }
    json_error_t je;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    bool read_error = ferror(f);
    fclose(f);
    if (!root) {
        if (read_error) {
            juten_diags_add(diags, JUTEN_ERROR, path, 0, 0, _("cannot read the partial result"));
            return JUTEN_ERR_NOFILE;
        }
        juten_diags_add(diags, JUTEN_ERROR, path, je.line > 0 ? je.line : 0,
                        je.column > 0 ? je.column : 0,
                        _("not a partial result of `juten simulate --shard` (not JSON: %s)"),
                        je.text);
        return JUTEN_ERR_INPUT;
    }
    json_t *fmt = json_is_object(root) ? json_object_get(root, "format") : NULL;
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), FORMAT_NAME) != 0) {
        json_decref(root);
        juten_diags_add(diags, JUTEN_ERROR, path, 0, 0,
                        _("not a partial result of `juten simulate --shard` (no \"format\": "
                          "\"%s\"): give merge the files the shards wrote"),
                        FORMAT_NAME);
        return JUTEN_ERR_INPUT;
    }
    json_t *ver = json_object_get(root, "format_version");
    if (!json_is_integer(ver) || json_integer_value(ver) != JUTEN_PARTIAL_FORMAT) {
        json_t *jv = json_object_get(root, "juten_version");
        juten_diags_add(diags, JUTEN_ERROR, path, 0, 0,
                        _("a partial result of format version %lld (written by juten %s); this "
                        "juten (%s) reads version %d: merge the parts with the juten that "
                        "wrote them"),
                        json_is_integer(ver) ? (long long)json_integer_value(ver) : -1LL,
                        json_is_string(jv) ? json_string_value(jv) : "?", JUTEN_VERSION,
                        JUTEN_PARTIAL_FORMAT);
        json_decref(root);
        return JUTEN_ERR_INPUT;
    }
    juten_sim_partial *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        json_decref(root);
        return JUTEN_ERR_NOMEM;
    }
    p->root = root;
    juten_partial_manifest_init(&p->mf);
    rd r = {path, diags, false};
    read_manifest(&r, p);
    if (!r.bad)
        read_records(&r, p);
    if (r.bad) {
        juten_sim_partial_free(p);
        return JUTEN_ERR_INPUT;
    }
    *out = p;
    return JUTEN_OK;
}

/* ---- checking ----------------------------------------------------------- */

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* The first way part b's run differs from part a's, as a phrase; NULL when
 * they are of one run. */
static const char *differs(const juten_partial_manifest *a, const juten_partial_manifest *b)
{
    if (strcmp(a->juten_version, b->juten_version))
        return N_("juten version");
    if (a->n_inputs != b->n_inputs)
        return N_("input files");
    for (int f = 0; f < a->n_inputs; f++)
        if (strcmp(a->inputs[f].role, b->inputs[f].role) ||
            strcmp(a->inputs[f].sha256, b->inputs[f].sha256))
            return N_("input files (their sha256)");
    if (a->seed != b->seed)
        return N_("seed");
    if (a->stream != b->stream)
        return N_("stream");
    if (a->draws != b->draws)
        return N_("number of draws");
    if (a->reoptimise != b->reoptimise)
        return N_("--reoptimise");
    if (a->node_limit != b->node_limit)
        return N_("--node-limit");
    if (!same_double(a->mip_gap, b->mip_gap))
        return N_("--gap");
    if (!same_double(a->time_limit, b->time_limit))
        return N_("--time-limit");
    if (!same_double(a->headroom, b->headroom))
        return N_("--headroom");
    if (!same_double(a->savings_rate, b->savings_rate))
        return N_("--savings-rate");
    if (a->rules != b->rules)
        return N_("rules enforced");
    if (a->heuristic != b->heuristic)
        return N_("--no-heuristic");
    if (a->n_settings != b->n_settings)
        return N_("options");
    for (int i = 0; i < a->n_settings; i++)
        if (strcmp(a->settings[i].name, b->settings[i].name) ||
            strcmp(a->settings[i].value, b->settings[i].value))
            return N_("options");
    if (a->n_measures != b->n_measures)
        return N_("measures");
    for (int i = 0; i < a->n_measures; i++)
        if (strcmp(a->measure_ids[i], b->measure_ids[i]))
            return N_("measures");
    if (memcmp(a->portfolio, b->portfolio, (size_t)a->n_measures))
        return N_("portfolio simulated");
    return NULL;
}

static int by_first_part(const void *x, const void *y)
{
    const juten_sim_records *a = (*(juten_sim_partial *const *)x)->rec;
    const juten_sim_records *b = (*(juten_sim_partial *const *)y)->rec;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return a->count < b->count ? -1 : a->count > b->count;
}

/* "shard 2/3" for the messages, when the part says. */
static const char *which(const juten_sim_partial *p, char *buf, size_t n)
{
    if (p->mf.shards > 0)
        snprintf(buf, n, _(" (shard %d/%d)"), p->mf.shard, p->mf.shards);
    else
        buf[0] = '\0';
    return buf;
}

juten_status juten_sim_partial_check(juten_sim_partial *const *parts, int n,
                                     juten_sim_records **joined, juten_diags *diags)
{
    if (!joined)
        return JUTEN_ERR_USAGE;
    *joined = NULL;
    if (!parts || n <= 0) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0, _("no partial results to merge"));
        return JUTEN_ERR_USAGE;
    }
    for (int i = 0; i < n; i++)
        if (!parts[i] || !parts[i]->rec)
            return JUTEN_ERR_USAGE;
    const juten_sim_partial *p0 = parts[0];
    bool bad = false;
    for (int i = 1; i < n; i++) {
        const char *what = differs(&p0->mf, &parts[i]->mf);
        if (what) {
            juten_diags_add(diags, JUTEN_ERROR, parts[i]->path, 0, 0,
                            what[strlen(what) - 1] == 's'
                                ? _("a part of another run than %s: its %s differ; merge only "
                                    "the parts of one `juten simulate --shard` run")
                                : _("a part of another run than %s: its %s differs; merge only "
                                    "the parts of one `juten simulate --shard` run"),
                            p0->path, _(what));
            bad = true;
        }
    }
    if (bad)
        return JUTEN_ERR_INPUT;

    juten_sim_partial **order = malloc((size_t)n * sizeof *order);
    juten_sim_records **recs = malloc((size_t)n * sizeof *recs);
    if (!order || !recs) {
        free(order);
        free(recs);
        return JUTEN_ERR_NOMEM;
    }
    memcpy(order, parts, (size_t)n * sizeof *order);
    qsort(order, (size_t)n, sizeof *order, by_first_part);
    /* the ranges in draw order, named by file: join would find the same
     * faults, but could only name draws */
    uint64_t at = 0, draws = (uint64_t)p0->mf.draws;
    char b1[48], b2[48];
    for (int j = 0; j < n && !bad; j++) {
        const juten_sim_partial *p = order[j];
        uint64_t first = p->rec->first, end = first + (uint64_t)p->rec->count;
        if (first > at) {
            juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                            _("draws [%" PRIu64 ", %" PRIu64 ") of the %" PRIu64 " are missing: "
                            "no part covers them (the next part, %s%s, starts at draw %" PRIu64
                            "); give merge every part"),
                            at, first, draws, p->path, which(p, b1, sizeof b1), first);
            bad = true;
        } else if (first < at) {
            const juten_sim_partial *q = order[j - 1];
            juten_diags_add(diags, JUTEN_ERROR, p->path, 0, 0,
                            _("its draws [%" PRIu64 ", %" PRIu64 ")%s overlap those of %s%s, "
                            "[%" PRIu64 ", %" PRIu64 "): a draw would be counted twice; give "
                            "merge each part once"),
                            first, end, which(p, b1, sizeof b1), q->path,
                            which(q, b2, sizeof b2), q->rec->first,
                            q->rec->first + (uint64_t)q->rec->count);
            bad = true;
        }
        at = end;
    }
    if (!bad && at < draws) {
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                        _("draws [%" PRIu64 ", %" PRIu64 ") of the %" PRIu64 " are missing: no "
                        "part covers them (the last part, %s, ends at draw %" PRIu64 "); give "
                        "merge every part"),
                        at, draws, draws, order[n - 1]->path, at);
        bad = true;
    }
    juten_status st = JUTEN_ERR_INPUT;
    if (!bad) {
        for (int i = 0; i < n; i++)
            recs[i] = parts[i]->rec;
        st = juten_sim_records_join(recs, n, joined, diags);
    }
    free(order);
    free(recs);
    return st;
}

juten_status juten_sim_partial_match_model(const juten_sim_partial *p, const juten_model *m,
                                           unsigned char *x, juten_diags *diags)
{
    if (!p || !m)
        return JUTEN_ERR_USAGE;
    const juten_partial_manifest *mf = &p->mf;
    int nf = juten_model_file_count(m);
    for (int f = 0; f < mf->n_inputs || f < nf; f++) {
        if (f >= nf || f >= mf->n_inputs ||
            strcmp(mf->inputs[f].role, juten_model_file_role(m, f))) {
            juten_diags_add(diags, JUTEN_ERROR, p->path, 0, 0,
                            _("the scenario %s now reads other files than when the part was "
                            "computed: run the shards again"),
                            mf->scenario);
            return JUTEN_ERR_INPUT;
        }
        if (strcmp(mf->inputs[f].sha256, juten_model_file_sha256(m, f))) {
            juten_diags_add(diags, JUTEN_ERROR, juten_model_file_path(m, f), 0, 0,
                            _("this %s file has changed since %s was computed (sha256 %.12s... "
                            "then, %.12s... now): the parts are of the old data; run the "
                            "shards again"),
                            mf->inputs[f].role, p->path, mf->inputs[f].sha256,
                            juten_model_file_sha256(m, f));
            return JUTEN_ERR_INPUT;
        }
    }
    int n = juten_model_measure_count(m);
    if (n != mf->n_measures) {
        juten_diags_add(diags, JUTEN_ERROR, p->path, 0, 0,
                        _("the part has %d measures, the scenario %s %d"), mf->n_measures,
                        mf->scenario, n);
        return JUTEN_ERR_INPUT;
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(mf->measure_ids[i], juten_model_measure_id(m, i))) {
            juten_diags_add(diags, JUTEN_ERROR, p->path, 0, 0,
                            _("measure %d of the part is %s, of the scenario %s"), i + 1,
                            mf->measure_ids[i], juten_model_measure_id(m, i));
            return JUTEN_ERR_INPUT;
        }
        if (x)
            x[i] = mf->portfolio[i];
    }
    return JUTEN_OK;
}
