/*
 * test_shard.c -- a simulation split across processes and machines: records
 * joined from parts in any order, partial files that carry every double to
 * the bit and refuse parts of another run, and (the CLI tests below) the
 * real binary's `simulate --shard` + `merge` giving the bytes of one run.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "juten_partial.h"
#include "juten_sim.h"
#include "testutil.h"

/* ---- synthetic records -------------------------------------------------- */

/* A value of draw k that no two draws share and that exercises the hex
 * floats: negative zero, NaN, infinities, a subnormal, the largest double. */
static double value_of(uint64_t k, int which)
{
    switch ((k + (uint64_t)which) % 9) {
    case 0: return -0.0;
    case 1: return NAN;
    case 2: return INFINITY;
    case 3: return -INFINITY;
    case 4: return 4.9e-324 * (double)(k + 1);
    case 5: return DBL_MAX;
    default: return 0.1 * (double)k + 1.0 / 3.0 * which;
    }
}

static juten_sim_records *synth(uint64_t first, long count, int n_measures, int n_rules,
                                bool reopt)
{
    juten_sim_records *r;
    ck_assert_int_eq(juten_sim_records_alloc(count, n_measures, n_rules, reopt, &r), JUTEN_OK);
    r->first = first;
    for (long j = 0; j < count; j++) {
        uint64_t k = first + (uint64_t)j;
        r->spend[j] = value_of(k, 0);
        r->savings[j] = value_of(k, 1);
        r->net[j] = value_of(k, 2);
        r->value[j] = value_of(k, 3);
        for (int q = 0; q < n_rules; q++)
            r->holds[(size_t)j * (size_t)n_rules + (size_t)q] = (unsigned char)((k >> q) & 1);
        if (reopt) {
            r->outcome[j] = (signed char)(k % 4);
            r->objective[j] = value_of(k, 4);
            for (int i = 0; i < n_measures; i++)
                r->selected[(size_t)j * (size_t)n_measures + (size_t)i] =
                    (unsigned char)(((k * 7) >> i) & 1);
        }
    }
    return r;
}

/* Same bits (NaN equal to NaN), same bytes. */
static void assert_same_records(const juten_sim_records *a, const juten_sim_records *b)
{
    ck_assert_uint_eq(a->first, b->first);
    ck_assert_int_eq(a->count, b->count);
    ck_assert_int_eq(a->n_measures, b->n_measures);
    ck_assert_int_eq(a->n_rules, b->n_rules);
    ck_assert_int_eq(a->reoptimised, b->reoptimised);
    size_t n = (size_t)a->count;
    const double *da[] = {a->spend, a->savings, a->net, a->value, a->objective};
    const double *db[] = {b->spend, b->savings, b->net, b->value, b->objective};
    for (int w = 0; w < (a->reoptimised ? 5 : 4); w++)
        for (size_t k = 0; k < n; k++) {
            if (isnan(da[w][k])) {
                ck_assert_msg(isnan(db[w][k]), "array %d draw %zu: NaN became %a", w, k,
                              db[w][k]);
                continue;
            }
            ck_assert_msg(memcmp(&da[w][k], &db[w][k], sizeof(double)) == 0,
                          "array %d draw %zu: %a became %a", w, k, da[w][k], db[w][k]);
        }
    ck_assert(memcmp(a->holds, b->holds, n * (size_t)a->n_rules) == 0);
    if (a->reoptimised) {
        ck_assert(memcmp(a->outcome, b->outcome, n) == 0);
        ck_assert(memcmp(a->selected, b->selected, n * (size_t)a->n_measures) == 0);
    }
}

/* Does some diagnostic contain all of the given strings? */
static bool diag_has(const juten_diags *d, const char *a, const char *b)
{
    for (size_t i = 0; i < juten_diags_count(d); i++) {
        char *s = juten_diag_format(juten_diags_get(d, i));
        bool hit = s && strstr(s, a) && (!b || strstr(s, b));
        free(s);
        if (hit)
            return true;
    }
    return false;
}

static char *diags_text(const juten_diags *d)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < juten_diags_count(d); i++) {
        char *s = juten_diag_format(juten_diags_get(d, i));
        if (s) {
            strncat(buf, s, sizeof buf - strlen(buf) - 2);
            strcat(buf, "\n");
        }
        free(s);
    }
    return buf;
}

START_TEST(join_tiles_parts_in_any_order)
{
    for (int reopt = 0; reopt <= 1; reopt++) {
        juten_sim_records *whole = synth(0, 200, 5, 3, reopt);
        juten_sim_records *p[3] = {synth(133, 67, 5, 3, reopt), synth(0, 66, 5, 3, reopt),
                                   synth(66, 67, 5, 3, reopt)};
        juten_sim_records *j;
        juten_diags *d = juten_diags_create(0);
        ck_assert_int_eq(juten_sim_records_join(p, 3, &j, d), JUTEN_OK);
        assert_same_records(whole, j);
        juten_sim_records_free(j);
        /* an empty part anywhere in the range changes nothing */
        juten_sim_records *q[4] = {p[0], synth(66, 0, 5, 3, reopt), p[1], p[2]};
        ck_assert_int_eq(juten_sim_records_join(q, 4, &j, d), JUTEN_OK);
        assert_same_records(whole, j);
        juten_sim_records_free(j);
        juten_sim_records_free(q[1]);
        /* a range that does not start at 0 is a range */
        juten_sim_records *r[2] = {p[0], p[2]};
        ck_assert_int_eq(juten_sim_records_join(r, 2, &j, d), JUTEN_OK);
        ck_assert_uint_eq(j->first, 66);
        ck_assert_int_eq(j->count, 134);
        juten_sim_records_free(j);
        for (int i = 0; i < 3; i++)
            juten_sim_records_free(p[i]);
        juten_sim_records_free(whole);
        juten_diags_free(d);
    }
}
END_TEST

START_TEST(join_refuses_gaps_overlaps_and_other_shapes)
{
    juten_sim_records *a = synth(0, 50, 4, 2, true), *b = synth(60, 40, 4, 2, true),
                      *c = synth(40, 30, 4, 2, true), *e = synth(50, 10, 4, 3, true),
                      *f = synth(50, 10, 4, 2, false);
    juten_sim_records *j = (juten_sim_records *)1;
    juten_diags *d = juten_diags_create(0);

    juten_sim_records *gap[2] = {b, a};
    ck_assert_int_eq(juten_sim_records_join(gap, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_ptr_null(j);
    ck_assert_msg(diag_has(d, "draws [50, 60) are missing", NULL), "%s", diags_text(d));

    juten_diags_clear(d);
    juten_sim_records *over[3] = {b, c, a};
    ck_assert_int_eq(juten_sim_records_join(over, 3, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "draws [40, 70) overlap", "[40, 50)"), "%s", diags_text(d));

    juten_diags_clear(d);
    juten_sim_records *shape[2] = {a, e};
    ck_assert_int_eq(juten_sim_records_join(shape, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "[50, 60)", "3 rules"), "%s", diags_text(d));

    juten_diags_clear(d);
    juten_sim_records *mode[2] = {a, f};
    ck_assert_int_eq(juten_sim_records_join(mode, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "without reoptimisation", NULL), "%s", diags_text(d));

    juten_sim_records *twice[2] = {a, a};
    ck_assert_int_eq(juten_sim_records_join(twice, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_sim_records_join(twice, 0, &j, d), JUTEN_ERR_USAGE);

    juten_sim_records_free(a);
    juten_sim_records_free(b);
    juten_sim_records_free(c);
    juten_sim_records_free(e);
    juten_sim_records_free(f);
    juten_diags_free(d);
}
END_TEST

/* ---- partial files ------------------------------------------------------ */

static const juten_partial_input inputs[] = {
    {"scenario", "s.ini", "aaaa0000000000000000000000000000000000000000000000000000000000aa"},
    {"measures", "m.csv", "bbbb0000000000000000000000000000000000000000000000000000000000bb"},
};
static const char *const ids[] = {"M01", "M02", "M03", "M04", "M05"};
static const unsigned char portfolio[] = {1, 0, 1, 1, 0};
static const juten_partial_setting settings[] = {{"draws", "200"}, {"portfolio", "nominal"}};

static juten_partial_manifest manifest(bool reopt)
{
    juten_partial_manifest mf;
    juten_partial_manifest_init(&mf);
    mf.scenario = "scenarios/x/s.ini";
    mf.n_inputs = 2;
    mf.inputs = inputs;
    mf.seed = UINT64_MAX - 5; /* beyond a signed 64-bit integer */
    mf.draws = 200;
    mf.reoptimise = reopt;
    mf.node_limit = 1000;
    mf.mip_gap = 1e-4;
    mf.time_limit = 0;
    mf.rules = 0x7f;
    mf.heuristic = true;
    mf.n_measures = 5;
    mf.measure_ids = ids;
    mf.portfolio = portfolio;
    mf.n_settings = 2;
    mf.settings = settings;
    return mf;
}

/* Write records r under manifest mf to name in the test directory. */
static const char *write_part(const char *name, const juten_partial_manifest *mf,
                              const juten_sim_records *r)
{
    const char *path = tu_path(name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_sim_partial_write(f, mf, r, d), JUTEN_OK);
    ck_assert_int_eq(fclose(f), 0);
    juten_diags_free(d);
    return path;
}

static juten_sim_partial *read_ok(const char *path)
{
    juten_sim_partial *p;
    juten_diags *d = juten_diags_create(0);
    juten_status st = juten_sim_partial_read(path, &p, d);
    ck_assert_msg(st == JUTEN_OK, "%s", diags_text(d));
    juten_diags_free(d);
    return p;
}

START_TEST(partial_round_trips_every_bit)
{
    for (int reopt = 0; reopt <= 1; reopt++) {
        juten_partial_manifest mf = manifest(reopt);
        mf.shard = 2;
        mf.shards = 3;
        mf.headroom = -0.0;
        juten_sim_records *r = synth(66, 67, 5, 3, reopt);
        const char *path = write_part("round.json", &mf, r);
        juten_sim_partial *p = read_ok(path);
        assert_same_records(r, juten_sim_partial_records(p));
        const juten_partial_manifest *m = juten_sim_partial_manifest(p);
        ck_assert_int_eq(m->format_version, JUTEN_PARTIAL_FORMAT);
        ck_assert_str_eq(m->juten_version, JUTEN_VERSION);
        ck_assert_str_eq(m->scenario, "scenarios/x/s.ini");
        ck_assert_int_eq(m->n_inputs, 2);
        ck_assert_str_eq(m->inputs[1].role, "measures");
        ck_assert_str_eq(m->inputs[1].sha256, inputs[1].sha256);
        ck_assert_uint_eq(m->seed, UINT64_MAX - 5);
        ck_assert_int_eq(m->draws, 200);
        ck_assert_int_eq(m->shard, 2);
        ck_assert_int_eq(m->shards, 3);
        ck_assert_int_eq(m->reoptimise, reopt);
        ck_assert_int_eq(m->node_limit, 1000);
        ck_assert(m->mip_gap == 1e-4);
        ck_assert(signbit(m->headroom) && m->headroom == 0);
        ck_assert(isnan(m->savings_rate));
        ck_assert_uint_eq(m->rules, 0x7f);
        ck_assert(m->heuristic);
        ck_assert_int_eq(m->n_measures, 5);
        ck_assert_str_eq(m->measure_ids[4], "M05");
        ck_assert(memcmp(m->portfolio, portfolio, 5) == 0);
        ck_assert_str_eq(juten_sim_partial_setting(p, "portfolio"), "nominal");
        ck_assert_ptr_null(juten_sim_partial_setting(p, "jobs"));
        ck_assert_str_eq(juten_sim_partial_path(p), path);
        juten_sim_partial_free(p);
        juten_sim_records_free(r);
    }
}
END_TEST

START_TEST(partial_read_refuses_what_is_not_a_part)
{
    juten_diags *d = juten_diags_create(0);
    juten_sim_partial *p = (juten_sim_partial *)1;

    ck_assert_int_eq(juten_sim_partial_read(tu_path("nowhere.json"), &p, d), JUTEN_ERR_NOFILE);
    ck_assert_ptr_null(p);
    ck_assert(diag_has(d, "nowhere.json", "cannot read"));

    juten_diags_clear(d);
    const char *csv = tu_write("table.csv", "id,cost\nM01,3\n", (size_t)-1);
    ck_assert_int_eq(juten_sim_partial_read(csv, &p, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "table.csv:1:", "not a partial result"), "%s", diags_text(d));

    juten_diags_clear(d);
    const char *js = tu_write("report.json", "{\"scenario\": \"FY2017\", \"status\": \"optimal\"}",
                              (size_t)-1);
    ck_assert_int_eq(juten_sim_partial_read(js, &p, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "report.json", "not a partial result"), "%s", diags_text(d));

    /* another format version, from a real part with its version changed */
    juten_partial_manifest mf = manifest(false);
    juten_sim_records *r = synth(0, 10, 5, 3, false);
    const char *path = write_part("v1.json", &mf, r);
    char *text = tu_read(path, NULL);
    char *v = strstr(text, "\"format_version\": 1");
    ck_assert_ptr_nonnull(v);
    v[strlen("\"format_version\": ")] = '7';
    const char *v7 = tu_write("v7.json", text, (size_t)-1);
    juten_diags_clear(d);
    ck_assert_int_eq(juten_sim_partial_read(v7, &p, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "v7.json", "format version 7"), "%s", diags_text(d));

    /* a damaged part: a record's number rewritten, then the file cut short */
    char *num = strstr(text, "\"0x");
    ck_assert_ptr_nonnull(num);
    v[strlen("\"format_version\": ")] = '1';
    num[1] = 'y';
    const char *bad = tu_write("bad.json", text, (size_t)-1);
    juten_diags_clear(d);
    ck_assert_int_eq(juten_sim_partial_read(bad, &p, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "bad.json", "damaged partial result"), "%s", diags_text(d));
    num[1] = '0';
    const char *cut = tu_write("cut.json", text, strlen(text) / 2);
    juten_diags_clear(d);
    ck_assert_int_eq(juten_sim_partial_read(cut, &p, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "cut.json", "not JSON"), "%s", diags_text(d));
    /* and the repaired text reads */
    juten_sim_partial_free(read_ok(tu_write("fixed.json", text, (size_t)-1)));

    free(text);
    juten_sim_records_free(r);
    juten_diags_free(d);
}
END_TEST

/* Three parts of one run read back and checked: the whole run's records,
 * in any order of the files. */
START_TEST(partial_check_joins_one_runs_parts)
{
    juten_partial_manifest mf = manifest(true);
    juten_sim_records *whole = synth(0, 200, 5, 3, true);
    juten_sim_records *r[3] = {synth(0, 66, 5, 3, true), synth(66, 67, 5, 3, true),
                               synth(133, 67, 5, 3, true)};
    juten_sim_partial *p[3];
    const char *names[3] = {"c1.json", "c2.json", "c3.json"};
    for (int i = 0; i < 3; i++)
        p[i] = read_ok(write_part(names[i], &mf, r[i]));
    juten_sim_partial *order[3] = {p[2], p[0], p[1]};
    juten_sim_records *j;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_sim_partial_check(order, 3, &j, d), JUTEN_OK);
    assert_same_records(whole, j);
    juten_sim_records_free(j);
    juten_diags_free(d);
    for (int i = 0; i < 3; i++) {
        juten_sim_partial_free(p[i]);
        juten_sim_records_free(r[i]);
    }
    juten_sim_records_free(whole);
}
END_TEST

START_TEST(partial_check_refuses_parts_of_other_runs_and_bad_tilings)
{
    juten_partial_manifest mf = manifest(false);
    juten_sim_records *r1 = synth(0, 66, 5, 3, false), *r2 = synth(66, 67, 5, 3, false),
                      *r3 = synth(133, 67, 5, 3, false), *rx = synth(60, 73, 5, 3, false);
    juten_sim_partial *p1 = read_ok(write_part("r1.json", &mf, r1));
    juten_sim_partial *p2 = read_ok(write_part("r2.json", &mf, r2));
    juten_sim_partial *p3 = read_ok(write_part("r3.json", &mf, r3));
    juten_sim_partial *px = read_ok(write_part("rx.json", &mf, rx));
    juten_diags *d = juten_diags_create(0);
    juten_sim_records *j;

    juten_sim_partial *missing_mid[2] = {p3, p1};
    ck_assert_int_eq(juten_sim_partial_check(missing_mid, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_ptr_null(j);
    ck_assert_msg(diag_has(d, "draws [66, 133) of the 200 are missing", "r3.json"), "%s",
                  diags_text(d));
    juten_diags_clear(d);
    juten_sim_partial *missing_end[2] = {p2, p1};
    ck_assert_int_eq(juten_sim_partial_check(missing_end, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "draws [133, 200) of the 200 are missing", NULL), "%s",
                  diags_text(d));
    juten_diags_clear(d);
    juten_sim_partial *missing_start[2] = {p3, p2};
    ck_assert_int_eq(juten_sim_partial_check(missing_start, 2, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "draws [0, 66) of the 200 are missing", NULL), "%s",
                  diags_text(d));

    juten_diags_clear(d);
    juten_sim_partial *over[4] = {p1, p2, px, p3};
    ck_assert_int_eq(juten_sim_partial_check(over, 4, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "overlap", "r1.json") && diag_has(d, "rx.json", "[60, 133)"),
                  "%s", diags_text(d));
    juten_diags_clear(d);
    juten_sim_partial *dup[4] = {p1, p2, p3, p2};
    ck_assert_int_eq(juten_sim_partial_check(dup, 4, &j, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "r2.json", "counted twice"), "%s", diags_text(d));

    /* each way a manifest can differ */
    const char *phrases[] = {"seed", "number of draws", "--reoptimise", "--node-limit", "--gap",
                             "input files (their sha256)", "portfolio simulated", "options",
                             "--headroom"};
    static const juten_partial_input other_inputs[] = {
        {"scenario", "s.ini", "aaaa0000000000000000000000000000000000000000000000000000000000aa"},
        {"measures", "m.csv", "cccc0000000000000000000000000000000000000000000000000000000000cc"},
    };
    static const unsigned char other_portfolio[] = {1, 0, 1, 1, 1};
    static const juten_partial_setting other_settings[] = {{"draws", "200"},
                                                           {"portfolio", "p.csv"}};
    for (int c = 0; c < 9; c++) {
        juten_partial_manifest m2 = manifest(false);
        juten_sim_records *rr = synth(66, 67, 5, 3, c == 2);
        switch (c) {
        case 0: m2.seed = 2; break;
        case 1: m2.draws = 201; break;
        case 2: m2.reoptimise = true; break;
        case 3: m2.node_limit = 0; break;
        case 4: m2.mip_gap = 0; break;
        case 5: m2.inputs = other_inputs; break;
        case 6: m2.portfolio = other_portfolio; break;
        case 7: m2.settings = other_settings; break;
        case 8: m2.headroom = 5; break;
        }
        juten_sim_partial *q = read_ok(write_part("other.json", &m2, rr));
        juten_sim_partial *set[3] = {p1, q, p3};
        juten_diags_clear(d);
        ck_assert_int_eq(juten_sim_partial_check(set, 3, &j, d), JUTEN_ERR_INPUT);
        ck_assert_msg(diag_has(d, "other.json", "another run than") &&
                          diag_has(d, phrases[c], "r1.json"),
                      "case %d: %s", c, diags_text(d));
        juten_sim_partial_free(q);
        juten_sim_records_free(rr);
    }

    juten_sim_partial_free(p1);
    juten_sim_partial_free(p2);
    juten_sim_partial_free(p3);
    juten_sim_partial_free(px);
    juten_sim_records_free(r1);
    juten_sim_records_free(r2);
    juten_sim_records_free(r3);
    juten_sim_records_free(rx);
    juten_diags_free(d);
}
END_TEST

/* Copy the FY2017 scenario's files into the test directory under dir. */
static const char *copy_fy2017(const char *dir)
{
    const char *d = tu_path(dir);
    mkdir(d, 0755);
    const char *files[] = {"scenario.ini", "measures.csv", "areas.csv", "ministries.csv"};
    char rel[256], dst[512];
    for (int i = 0; i < 4; i++) {
        snprintf(rel, sizeof rel, "scenarios/fy2017/%s", files[i]);
        size_t n;
        char *text = tu_read(tu_src(rel), &n);
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        tu_write(dst, text, n);
        free(text);
    }
    snprintf(dst, sizeof dst, "%s/scenario.ini", dir);
    return tu_path(dst);
}

/* A part's manifest filled from a real model and setup, then matched
 * against the model reloaded, and refused once a data file changed. */
START_TEST(partial_matches_the_model_it_came_from)
{
    const char *ini = copy_fy2017("fy");
    juten_model *m;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_model_load(ini, &m, d), JUTEN_OK);
    juten_sampler *s;
    ck_assert_int_eq(juten_sampler_create(m, NULL, &s, d), JUTEN_OK);
    int n = juten_model_measure_count(m);
    unsigned char *x = calloc((size_t)n, 1), *y = calloc((size_t)n, 1);
    x[0] = x[n - 1] = 1;
    juten_sim_setup su;
    juten_sim_setup_init(&su);
    su.model = m;
    su.sampler = s;
    su.portfolio = x;
    juten_partial_input store[8];
    const char **idstore = calloc((size_t)n, sizeof *idstore);
    juten_partial_manifest mf;
    juten_partial_manifest_init(&mf);
    ck_assert_int_le(juten_model_file_count(m), 8);
    juten_partial_manifest_fill(&mf, &su, store, idstore);
    mf.scenario = ini;
    ck_assert_int_eq(mf.n_inputs, juten_model_file_count(m));
    ck_assert_int_eq(mf.draws, juten_model_uncertainty(m)->draws);
    juten_sim_records *r = synth(0, mf.draws, n, 0, false);
    juten_sim_partial *p = read_ok(write_part("fy.json", &mf, r));
    ck_assert_int_eq(juten_sim_partial_match_model(p, m, y, d), JUTEN_OK);
    ck_assert(memcmp(x, y, (size_t)n) == 0);
    juten_model_free(m);

    /* a planner corrects a number in measures.csv after the shards ran */
    char *text = tu_read(tu_path("fy/measures.csv"), NULL);
    char *comma = strchr(strchr(text, '\n') + 1, ',');
    ck_assert_ptr_nonnull(comma);
    size_t len = strlen(text);
    char *edited = malloc(len + 2);
    memcpy(edited, text, (size_t)(comma - text));
    edited[comma - text] = ' '; /* a space before the first comma of the first row */
    memcpy(edited + (comma - text) + 1, comma, len - (size_t)(comma - text) + 1);
    tu_write("fy/measures.csv", edited, (size_t)-1);
    ck_assert_int_eq(juten_model_load(ini, &m, d), JUTEN_OK);
    juten_diags_clear(d);
    ck_assert_int_eq(juten_sim_partial_match_model(p, m, y, d), JUTEN_ERR_INPUT);
    ck_assert_msg(diag_has(d, "measures.csv", "has changed since") && diag_has(d, "fy.json", NULL),
                  "%s", diags_text(d));
    juten_model_free(m);
    free(text);
    free(edited);

    juten_sim_partial_free(p);
    juten_sim_records_free(r);
    juten_sampler_free(s);
    free(x);
    free(y);
    free(idstore);
    juten_diags_free(d);
}
END_TEST


/* ---- the command line --------------------------------------------------- */

#define FY2017 tu_src("scenarios/fy2017/scenario.ini")
#define RUN(...) tu_juten(NULL, NULL, (const char *const[]){__VA_ARGS__, NULL})

static void expect_ok(tu_run_result *r, const char *what)
{
    ck_assert_msg(r->status == 0, "%s: exit %d: %s", what, r->status, r->err);
}

/* The bytes of one run and of a merge are the same bytes. */
static void assert_same_bytes(const tu_run_result *whole, const tu_run_result *merged)
{
    ck_assert_msg(whole->out_len > 100, "empty output");
    ck_assert_msg(whole->out_len == merged->out_len &&
                      memcmp(whole->out, merged->out, whole->out_len) == 0,
                  "merge differs from the single run (%zu vs %zu bytes)\n--- single\n%.400s\n"
                  "--- merged\n%.400s",
                  whole->out_len, merged->out_len, whole->out, merged->out);
}

/* Three slices of scenario ini (draws 200, extra option opt or NULL) into
 * NAME-1.json ... NAME-3.json in the test directory. */
static void three_shards(const char *ini, const char *opt, const char *name)
{
    for (int k = 1; k <= 3; k++) {
        char shard[16], file[64];
        snprintf(shard, sizeof shard, "%d/3", k);
        snprintf(file, sizeof file, "%s-%d.json", name, k);
        const char *out = tu_path(file);
        tu_run_result r = opt ? RUN("simulate", ini, "--draws", "200", opt, "--quiet", "--shard",
                                    shard, "-o", out)
                              : RUN("simulate", ini, "--draws", "200", "--quiet", "--shard", shard,
                                    "-o", out);
        expect_ok(&r, shard);
        ck_assert_uint_eq(r.out_len, 0); /* the part went to the file */
        tu_run_free(&r);
    }
}

static const char *part(const char *name, int k)
{
    char file[64];
    snprintf(file, sizeof file, "%s-%d.json", name, k);
    return tu_path(file);
}

/* simulate --format json of FY2017 equals, byte for byte, three shards
 * merged with the parts given out of order; with and without
 * --reoptimise, and in the table and CSV forms too. */
START_TEST(merged_shards_equal_the_single_run)
{
    const char *opts[] = {NULL, "--reoptimise"};
    for (int o = 0; o < 2; o++) {
        const char *name = o ? "reopt" : "fixed";
        three_shards(FY2017, opts[o], name);
        const char *formats[] = {"json", "table", "csv"};
        for (int f = 0; f < (o ? 1 : 3); f++) {
            tu_run_result whole =
                opts[o] ? RUN("simulate", FY2017, "--draws", "200", opts[o], "--quiet",
                              "--format", formats[f])
                        : RUN("simulate", FY2017, "--draws", "200", "--quiet", "--format",
                              formats[f]);
            expect_ok(&whole, "simulate");
            tu_run_result merged = RUN("merge", part(name, 3), part(name, 1), part(name, 2),
                                       "--format", formats[f]);
            expect_ok(&merged, "merge");
            assert_same_bytes(&whole, &merged);
            tu_run_free(&whole);
            tu_run_free(&merged);
        }
        /* the slices are the contiguous ranges of the README */
        juten_sim_partial *p = read_ok(part(name, 2));
        ck_assert_uint_eq(juten_sim_partial_records(p)->first, 66);
        ck_assert_int_eq(juten_sim_partial_records(p)->count, 67);
        ck_assert_int_eq(juten_sim_partial_manifest(p)->reoptimise, o);
        juten_sim_partial_free(p);
    }
    /* -o FILE for merge, like every command */
    tu_run_result m = RUN("merge", part("fixed", 2), part("fixed", 1), part("fixed", 3),
                          "--format", "json", "-o", tu_path("merged.json"));
    expect_ok(&m, "merge -o");
    tu_run_result whole = RUN("simulate", FY2017, "--draws", "200", "--quiet", "--format", "json");
    size_t n;
    char *text = tu_read(tu_path("merged.json"), &n);
    ck_assert(text && n == whole.out_len && memcmp(text, whole.out, n) == 0);
    free(text);
    tu_run_free(&m);
    tu_run_free(&whole);
}
END_TEST

START_TEST(merge_refuses_parts_that_do_not_make_the_run)
{
    three_shards(FY2017, NULL, "ok");
    /* a missing part */
    tu_run_result r = RUN("merge", part("ok", 1), part("ok", 3), "--format", "json");
    ck_assert_int_eq(r.status, 65);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_msg(strstr(r.err, "draws [66, 133) of the 200 are missing"), "%s", r.err);
    tu_run_free(&r);
    /* an overlapping part: slice 2 of a split in two */
    tu_run_result h = RUN("simulate", FY2017, "--draws", "200", "--quiet", "--shard", "2/2", "-o",
                          tu_path("half-2.json"));
    expect_ok(&h, "2/2");
    tu_run_free(&h);
    r = RUN("merge", part("ok", 1), part("ok", 2), part("ok", 3), tu_path("half-2.json"));
    ck_assert_int_eq(r.status, 65);
    ck_assert_msg(strstr(r.err, "overlap") && strstr(r.err, "half-2.json"), "%s", r.err);
    tu_run_free(&r);
    /* a part from another seed */
    tu_run_result s = RUN("simulate", FY2017, "--draws", "200", "--seed", "2", "--quiet",
                          "--shard", "2/3", "-o", tu_path("seed2-2.json"));
    expect_ok(&s, "seed 2");
    tu_run_free(&s);
    r = RUN("merge", part("ok", 1), tu_path("seed2-2.json"), part("ok", 3));
    ck_assert_int_eq(r.status, 65);
    ck_assert_msg(strstr(r.err, "seed2-2.json") && strstr(r.err, "seed differs"), "%s", r.err);
    tu_run_free(&r);
    /* a file that is not a part, a part that is not there */
    r = RUN("merge", part("ok", 1), FY2017);
    ck_assert_int_eq(r.status, 65);
    ck_assert_msg(strstr(r.err, "scenario.ini:1:1") && strstr(r.err, "not a partial result"),
                  "%s", r.err);
    tu_run_free(&r);
    r = RUN("merge", part("ok", 1), tu_path("ok-9.json"), part("ok", 2));
    ck_assert_int_eq(r.status, 66);
    ck_assert_msg(strstr(r.err, "ok-9.json") && strstr(r.err, "cannot read"), "%s", r.err);
    tu_run_free(&r);

    /* a scenario file changed between the shards and the merge */
    const char *ini = copy_fy2017("edited");
    three_shards(ini, NULL, "edit");
    r = RUN("merge", part("edit", 1), part("edit", 2), part("edit", 3));
    expect_ok(&r, "merge before the edit");
    tu_run_free(&r);
    char *areas = tu_read(tu_path("edited/areas.csv"), NULL);
    size_t len = strlen(areas);
    char *more = malloc(len + 2);
    memcpy(more, areas, len);
    memcpy(more + len, "\n", 2); /* one more blank line: the data as before, other bytes */
    tu_write("edited/areas.csv", more, (size_t)-1);
    r = RUN("merge", part("edit", 1), part("edit", 2), part("edit", 3));
    ck_assert_int_eq(r.status, 65);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_msg(strstr(r.err, "areas.csv") && strstr(r.err, "has changed since"), "%s", r.err);
    tu_run_free(&r);
    /* --scenario names another copy with the same bytes: accepted */
    tu_write("edited/areas.csv", areas, (size_t)-1);
    const char *copy = copy_fy2017("copy");
    r = RUN("merge", part("edit", 1), part("edit", 2), part("edit", 3), "--scenario", copy);
    expect_ok(&r, "merge --scenario");
    tu_run_free(&r);
    free(areas);
    free(more);
}
END_TEST

START_TEST(shard_and_merge_usage_errors)
{
    struct {
        const char *shard, *msg;
    } bad[] = {{"0/3", "1 <= K <= N"},  {"4/3", "1 <= K <= N"}, {"1/x", "needs K/N"},
               {"3", "needs K/N"},     {"-1/3", "needs K/N"},  {"1/3/4", "needs K/N"},
               {"1 /3", "needs K/N"},  {"1/0", "1 <= K <= N"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tu_run_result r = RUN("simulate", FY2017, "--draws", "200", "--shard", bad[i].shard);
        ck_assert_msg(r.status == 64 && strstr(r.err, bad[i].msg), "%s: exit %d: %s",
                      bad[i].shard, r.status, r.err);
        tu_run_free(&r);
    }
    tu_run_result r = RUN("simulate", FY2017, "--draws", "5", "--shard", "1/6");
    ck_assert_msg(r.status == 64 && strstr(r.err, "at most 5 slices"), "%d %s", r.status, r.err);
    tu_run_free(&r);
    r = RUN("merge");
    ck_assert_int_eq(r.status, 64);
    ck_assert(strstr(r.err, "partial results to merge are required"));
    tu_run_free(&r);
    r = RUN("merge", "--draws", "5", "x.json");
    ck_assert_int_eq(r.status, 64);
    tu_run_free(&r);
    r = RUN("merge", "--help");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "Usage: juten merge PART...") && strstr(r.out, "--scenario FILE"));
    tu_run_free(&r);
    r = RUN("simulate", "--help");
    ck_assert(strstr(r.out, "--shard K/N") && strstr(r.out, "--mpi"));
    tu_run_free(&r);
#ifndef JUTEN_MPI_BUILD
    r = RUN("simulate", FY2017, "--draws", "20", "--mpi");
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "built without MPI") && strstr(r.err, "-DJUTEN_MPI=ON"), "%s",
                  r.err);
    tu_run_free(&r);
#endif
}
END_TEST

/* --time-limit is a limit per draw: the command's deadline (now + the
 * limit) never reaches the draws, which would otherwise stop unproven once
 * it passed, so that a long run differed from the same run in shards.
 * 300 reoptimised draws take seconds; each takes milliseconds. */
START_TEST(time_limit_is_per_draw_not_a_deadline)
{
    tu_run_result r = RUN("simulate", FY2017, "--draws", "300", "--reoptimise", "--time-limit",
                          "1", "--quiet", "--format", "json");
    expect_ok(&r, "simulate --time-limit 1");
    ck_assert_msg(strstr(r.out, "\"feasible_draws\": 300,") &&
                      strstr(r.out, "\"unproven_draws\": 0,"),
                  "draws cut by the command's deadline:\n%.3000s", r.out);
    tu_run_free(&r);
}
END_TEST

/* Run a command (no shell) in the test directory with extra environment
 * variables ("NAME=value", NULL-ended); stderr into err (freed by the
 * caller).  The exit status. */
static int run_env(const char *const *argv, const char *const *env, char **err)
{
    const char *errpath = tu_path("script.err");
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        for (const char *const *e = env; *e; e++)
            putenv((char *)*e);
        if (chdir(tu_tmpdir()) != 0 || !freopen(errpath, "w", stderr) ||
            !freopen("/dev/null", "w", stdout))
            _exit(127);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *err = tu_read(errpath, NULL);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The Slurm job's body without Slurm: run-local.sh sets the array
 * variables for each task of simulate.sbatch, then runs merge.sbatch; its
 * output is the single run's. */
START_TEST(slurm_body_runs_without_slurm)
{
    static char juten[4200], ini[4200], dir[4200], output[4200];
    snprintf(juten, sizeof juten, "JUTEN=%s", JUTEN_BINARY);
    snprintf(dir, sizeof dir, "JUTEN_PARTS_DIR=%s", tu_path("slurm"));
    snprintf(output, sizeof output, "JUTEN_OUTPUT=%s", tu_path("slurm.json"));
    snprintf(ini, sizeof ini, "%s", FY2017);
    const char *env[] = {juten, dir, output, "JUTEN_FORMAT=json", "JUTEN_PARALLEL=2", NULL};
    const char *argv[] = {"bash", tu_src("scripts/slurm/run-local.sh"), "3", ini,
                          "--draws", "200", "--reoptimise", NULL};
    char *err;
    int rc = run_env(argv, env, &err);
    ck_assert_msg(rc == 0, "run-local.sh: exit %d: %s", rc, err);
    free(err);
    struct stat st;
    ck_assert_int_eq(stat(tu_path("slurm/part-3.json"), &st), 0);
    tu_run_result whole = RUN("simulate", FY2017, "--draws", "200", "--reoptimise", "--quiet",
                              "--format", "json");
    expect_ok(&whole, "simulate");
    size_t n;
    char *text = tu_read(tu_path("slurm.json"), &n);
    ck_assert_ptr_nonnull(text);
    tu_run_result merged = {0, text, n, NULL, 0};
    assert_same_bytes(&whole, &merged);
    free(text);
    tu_run_free(&whole);

    /* the task body refuses to run outside an array, naming what is missing */
    const char *env2[] = {juten, "JUTEN_SCENARIO=x.ini", NULL};
    const char *argv2[] = {"bash", tu_src("scripts/slurm/simulate.sbatch"), NULL};
    rc = run_env(argv2, env2, &err);
    ck_assert_msg(rc != 0 && strstr(err, "SLURM_ARRAY_TASK_ID"), "exit %d: %s", rc, err);
    free(err);
    /* the merge job says which part a failed task did not write */
    snprintf(dir, sizeof dir, "JUTEN_PARTS_DIR=%s", tu_path("slurm"));
    const char *env3[] = {juten, dir, "JUTEN_SHARDS=4", "JUTEN_OUTPUT=four.txt", NULL};
    const char *argv3[] = {"bash", tu_src("scripts/slurm/merge.sbatch"), NULL};
    rc = run_env(argv3, env3, &err);
    ck_assert_msg(rc == 66 && strstr(err, "part-4.json"), "exit %d: %s", rc, err);
    free(err);
}
END_TEST

static Suite *shard_suite(void)
{
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("records");
    tcase_add_test(tc, join_tiles_parts_in_any_order);
    tcase_add_test(tc, join_refuses_gaps_overlaps_and_other_shapes);
    suite_add_tcase(s, tc);
    tc = tcase_create("partial");
    tcase_add_test(tc, partial_round_trips_every_bit);
    tcase_add_test(tc, partial_read_refuses_what_is_not_a_part);
    tcase_add_test(tc, partial_check_joins_one_runs_parts);
    tcase_add_test(tc, partial_check_refuses_parts_of_other_runs_and_bad_tilings);
    tcase_add_test(tc, partial_matches_the_model_it_came_from);
    suite_add_tcase(s, tc);
    tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, merged_shards_equal_the_single_run);
    tcase_add_test(tc, merge_refuses_parts_that_do_not_make_the_run);
    tcase_add_test(tc, shard_and_merge_usage_errors);
    tcase_add_test(tc, time_limit_is_per_draw_not_a_deadline);
    tcase_add_test(tc, slurm_body_runs_without_slurm);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(shard_suite()); }
