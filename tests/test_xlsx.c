/*
 * test_xlsx.c -- `--format xlsx`: the workbook of each command holds the
 * same values as its JSON output, as numbers with number formats, with
 * frozen header rows and names beside ids; the file goes through juten's
 * one writer (a symlink is written through, a missing directory is exit
 * 73); a terminal stdout is refused.  The real binary is run, and each
 * workbook is read back by tests/xlsx_read.py (openpyxl, Debian
 * python3-openpyxl).
 */
#define _XOPEN_SOURCE 700 /* posix_openpt and friends */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "juten_utf8.h"
#include "testutil.h"

#define FY2017 tu_src("scenarios/fy2017/scenario.ini")

static tu_run_result run(const char *const *args) { return tu_juten(NULL, NULL, args); }
#define RUN(...) run((const char *const[]){__VA_ARGS__, NULL})

static json_t *parse_json(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    ck_assert_msg(j != NULL, "bad JSON: %s (line %d)", e.text, e.line);
    return j;
}

/* A command's JSON output (exit 0 expected). */
#define JSON_OF(...) json_of(RUN(__VA_ARGS__, "--format", "json", "--quiet"))
static json_t *json_of(tu_run_result r)
{
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    json_t *j = parse_json(r.out);
    tu_run_free(&r);
    return j;
}

/* The Python that has openpyxl: $JUTEN_PYTHON, else Debian's. */
static const char *python(void)
{
    const char *p = getenv("JUTEN_PYTHON");
    if (p && *p)
        return p;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* The workbook at path as xlsx_read.py dumps it: {"sheets": [...]}. */
static json_t *read_book(const char *path)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' 2>&1", python(), tu_src("tests/xlsx_read.py"),
             path);
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    int st = pclose(p);
    ck_assert_msg(!(WIFEXITED(st) && WEXITSTATUS(st) == 3),
                  "the workbook cannot be read back: install the Debian package "
                  "python3-openpyxl (%s)", buf);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "xlsx_read.py failed on %s: %s", path,
                  buf);
    json_t *j = parse_json(buf);
    free(buf);
    return j;
}

/* Run a command with -o path (exit 0 expected) and read the workbook. */
#define BOOK_OF(path, ...) book_of(path, RUN(__VA_ARGS__, "-o", path, "--quiet"))
static json_t *book_of(const char *path, tu_run_result r)
{
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    tu_run_free(&r);
    return read_book(path);
}

static json_t *sheet(json_t *book, const char *name)
{
    json_t *s;
    size_t i;
    json_array_foreach(json_object_get(book, "sheets"), i, s)
        if (!strcmp(json_string_value(json_object_get(s, "name")), name))
            return s;
    ck_abort_msg("no sheet '%s'", name);
    return NULL;
}

static json_t *rows(json_t *book, const char *name)
{
    return json_object_get(sheet(book, name), "rows");
}

/* The column of header h in a sheet's first row. */
static size_t col(json_t *book, const char *name, const char *h)
{
    json_t *hd = json_array_get(rows(book, name), 0), *v;
    size_t i;
    json_array_foreach(hd, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), h))
            return i;
    ck_abort_msg("sheet '%s' has no column '%s'", name, h);
    return 0;
}

static json_t *cell(json_t *book, const char *name, size_t row, size_t c)
{
    return json_array_get(json_array_get(rows(book, name), row), c);
}

static const char *cell_type(json_t *book, const char *name, size_t row, size_t c)
{
    json_t *t = json_object_get(sheet(book, name), "types");
    return json_string_value(json_array_get(json_array_get(t, row), c));
}

static const char *cell_format(json_t *book, const char *name, size_t row, size_t c)
{
    json_t *t = json_object_get(sheet(book, name), "formats");
    return json_string_value(json_array_get(json_array_get(t, row), c));
}

/* The value of a numeric cell (the test fails on a text cell). */
static double num_cell(json_t *book, const char *name, size_t row, size_t c)
{
    json_t *v = cell(book, name, row, c);
    ck_assert_msg(json_is_number(v), "sheet '%s' row %zu column %zu is not a number", name, row,
                  c);
    return json_number_value(v);
}

/* The run sheet's value for item. */
static json_t *run_item(json_t *book, const char *item)
{
    json_t *r = rows(book, "run"), *row;
    size_t i;
    json_array_foreach(r, i, row) {
        json_t *k = json_array_get(row, 0);
        if (json_is_string(k) && !strcmp(json_string_value(k), item))
            return json_array_get(row, 1);
    }
    ck_abort_msg("the run sheet has no '%s'", item);
    return NULL;
}

static void assert_close(double a, double b, const char *what)
{
    ck_assert_msg(fabs(a - b) <= 1e-9 * (1 + fabs(b)), "%s: workbook %.15g, JSON %.15g", what, a,
                  b);
}

/* Every sheet's header row is frozen (the pane starts at A2). */
static void assert_frozen(json_t *book)
{
    json_t *s;
    size_t i;
    json_array_foreach(json_object_get(book, "sheets"), i, s) {
        json_t *fz = json_object_get(s, "frozen");
        ck_assert_msg(json_is_string(fz) && !strcmp(json_string_value(fz), "A2"),
                      "sheet '%s' has no frozen header row",
                      json_string_value(json_object_get(s, "name")));
    }
}

/* The run sheet names every input file of the JSON's run, with its sha256. */
static void assert_inputs(json_t *book, json_t *js)
{
    json_t *inputs = json_object_get(json_object_get(js, "run"), "inputs"), *in;
    size_t i;
    ck_assert(json_array_size(inputs) > 0);
    json_array_foreach(inputs, i, in) {
        const char *sha = json_string_value(json_object_get(in, "sha256"));
        const char *path = json_string_value(json_object_get(in, "path"));
        json_t *r = rows(book, "run"), *row;
        size_t k;
        bool found = false;
        json_array_foreach(r, k, row) {
            json_t *p = json_array_get(row, 1), *h = json_array_get(row, 2);
            if (json_is_string(p) && json_is_string(h) && !strcmp(json_string_value(p), path) &&
                !strcmp(json_string_value(h), sha))
                found = true;
        }
        ck_assert_msg(found, "the run sheet lacks %s with its sha256", path);
    }
}

START_TEST(solve_workbook_equals_json)
{
    json_t *js = JSON_OF("solve", FY2017);
    const char *path = tu_path("solve.xlsx");
    json_t *b = BOOK_OF(path, "solve", FY2017, "--format", "xlsx");
    assert_frozen(b);
    assert_inputs(b, js);
    ck_assert_str_eq(json_string_value(run_item(b, "status")),
                     json_string_value(json_object_get(js, "status")));
    ck_assert_str_eq(json_string_value(run_item(b, "scenario")),
                     json_string_value(json_object_get(js, "scenario")));
    assert_close(json_number_value(run_item(b, "objective")),
                 json_number_value(json_object_get(js, "objective")), "objective");
    assert_close(json_number_value(run_item(b, "spend")),
                 json_number_value(json_object_get(js, "spend")), "spend");
    assert_close(json_number_value(run_item(b, "headroom")),
                 json_number_value(json_object_get(js, "headroom")), "headroom");

    /* the funded rows are exactly the JSON's selected ids, in order */
    json_t *sel = json_object_get(js, "selected");
    size_t cid = col(b, "portfolio", "id"), cf = col(b, "portfolio", "funded"),
           cc = col(b, "portfolio", "cost"), cn = col(b, "portfolio", "name");
    ck_assert_int_eq(col(b, "portfolio", "area name"), col(b, "portfolio", "area") + 1);
    json_t *pr = rows(b, "portfolio");
    size_t k = 0;
    int name_width = 0;
    for (size_t r = 1; r < json_array_size(pr); r++) {
        const char *id = json_string_value(cell(b, "portfolio", r, cid));
        int w = juten_utf8_width(json_string_value(cell(b, "portfolio", r, cn)));
        name_width = w > name_width ? w : name_width;
        ck_assert_str_eq(cell_type(b, "portfolio", r, cc), "n");
        if (strcmp(json_string_value(cell(b, "portfolio", r, cf)), "yes"))
            continue;
        ck_assert_msg(k < json_array_size(sel), "more funded rows than selected ids");
        ck_assert_str_eq(id, json_string_value(json_array_get(sel, k)));
        k++;
    }
    ck_assert_int_eq(k, json_array_size(sel));
    ck_assert_int_eq(json_array_size(pr), 1 + 70); /* every measure, funded or not */
    /* money with the data's one decimal; the names' column wide enough for
     * their CJK characters (two columns each) */
    ck_assert_str_eq(cell_format(b, "portfolio", 1, cc), "#,##0.0");
    json_t *wd = json_object_get(json_object_get(sheet(b, "portfolio"), "widths"), "B");
    ck_assert_int_eq(cn, 1);
    ck_assert_msg(json_number_value(wd) >= name_width, "name column %g wide, names need %d",
                  json_number_value(wd), name_width);

    /* each area's spend, and its share as a percent */
    json_t *areas = json_object_get(js, "areas"), *a;
    size_t i;
    size_t as = col(b, "areas", "spend"), ash = col(b, "areas", "share");
    ck_assert_int_eq(json_array_size(rows(b, "areas")), 1 + json_array_size(areas));
    json_array_foreach(areas, i, a) {
        ck_assert_str_eq(json_string_value(cell(b, "areas", i + 1, 0)),
                         json_string_value(json_object_get(a, "id")));
        ck_assert_str_eq(json_string_value(cell(b, "areas", i + 1, 1)),
                         json_string_value(json_object_get(a, "name")));
        assert_close(num_cell(b, "areas", i + 1, as),
                     json_number_value(json_object_get(a, "spend")), "area spend");
        ck_assert_str_eq(cell_format(b, "areas", i + 1, ash), "0.0%");
    }
    /* the other tables are there */
    json_t *mins = json_object_get(js, "ministries");
    ck_assert_int_eq(json_array_size(rows(b, "ministries")), 1 + json_array_size(mins));
    ck_assert_int_eq(json_array_size(rows(b, "rules at limit")),
                     1 + json_array_size(json_object_get(js, "binding")));
    ck_assert_int_eq(json_array_size(rows(b, "rule prices")),
                     1 + json_object_size(json_object_get(js, "rule_prices")));
    json_decref(b);
    json_decref(js);
}
END_TEST

START_TEST(rank_workbook_equals_json)
{
    json_t *js = JSON_OF("rank", FY2017, "--points", "20");
    const char *path = tu_path("rank.xlsx");
    json_t *b = BOOK_OF(path, "rank", FY2017, "--points", "20", "--format", "xlsx");
    assert_frozen(b);
    json_t *rk = json_object_get(js, "ranking"), *e;
    size_t i;
    ck_assert_int_eq(json_array_size(rows(b, "ranking")), 1 + json_array_size(rk));
    size_t cr = col(b, "ranking", "rank"), ci = col(b, "ranking", "id"),
           cn = col(b, "ranking", "name"), ce = col(b, "ranking", "entry_at");
    ck_assert_int_eq(cn, ci + 1);
    json_array_foreach(rk, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, "ranking", i + 1, ci)),
                         json_string_value(json_object_get(e, "id")));
        ck_assert_str_eq(json_string_value(cell(b, "ranking", i + 1, cn)),
                         json_string_value(json_object_get(e, "name")));
        ck_assert_int_eq((int)num_cell(b, "ranking", i + 1, cr),
                         json_integer_value(json_object_get(e, "rank")));
        json_t *at = json_object_get(e, "entry_at");
        if (json_is_number(at))
            assert_close(num_cell(b, "ranking", i + 1, ce), json_number_value(at), "entry_at");
        else
            ck_assert(json_is_null(cell(b, "ranking", i + 1, ce)));
    }
    json_decref(b);
    json_decref(js);
}
END_TEST

START_TEST(frontier_workbook_equals_json)
{
    json_t *js = JSON_OF("frontier", FY2017, "--max-points", "15");
    const char *path = tu_path("frontier.xlsx");
    json_t *b = BOOK_OF(path, "frontier", FY2017, "--max-points", "15", "--format", "xlsx");
    assert_frozen(b);
    json_t *pts = json_object_get(js, "points"), *p;
    size_t i;
    ck_assert(json_array_size(pts) > 1);
    ck_assert_int_eq(json_array_size(rows(b, "points")), 1 + json_array_size(pts));
    size_t ca = col(b, "points", "at"), co = col(b, "points", "objective"),
           cj = col(b, "points", "joins");
    ck_assert_int_eq(col(b, "points", "joins (names)"), cj + 1);
    json_array_foreach(pts, i, p) {
        assert_close(num_cell(b, "points", i + 1, ca), json_number_value(json_object_get(p, "at")),
                     "at");
        assert_close(num_cell(b, "points", i + 1, co),
                     json_number_value(json_object_get(p, "objective")), "objective");
        /* the joins, as the JSON lists them */
        json_t *jn = json_object_get(p, "joins"), *id;
        size_t k;
        char want[4096] = "";
        json_array_foreach(jn, k, id) {
            if (k)
                strcat(want, "; ");
            strcat(want, json_string_value(id));
        }
        json_t *got = cell(b, "points", i + 1, cj);
        ck_assert_str_eq(json_is_string(got) ? json_string_value(got) : "", want);
    }
    json_decref(b);
    json_decref(js);
}
END_TEST

START_TEST(explain_workbook_equals_json)
{
    json_t *js = JSON_OF("explain", FY2017, "M02", "M21", "M60");
    const char *path = tu_path("explain.xlsx");
    json_t *b = BOOK_OF(path, "explain", FY2017, "M02", "M21", "M60", "--format", "xlsx");
    assert_frozen(b);
    json_t *ms = json_object_get(js, "measures"), *e;
    size_t i;
    ck_assert_int_eq(json_array_size(ms), 3);
    ck_assert_int_eq(json_array_size(rows(b, "measures")), 1 + 3);
    size_t cs = col(b, "measures", "selected"), cl = col(b, "measures", "loss");
    ck_assert_int_eq(col(b, "measures", "name"), 1);
    assert_close(json_number_value(run_item(b, "objective")),
                 json_number_value(json_object_get(js, "objective")), "objective");
    json_array_foreach(ms, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, "measures", i + 1, 0)),
                         json_string_value(json_object_get(e, "id")));
        ck_assert_str_eq(json_string_value(cell(b, "measures", i + 1, cs)),
                         json_is_true(json_object_get(e, "selected")) ? "yes" : "no");
        json_t *loss = json_object_get(e, "loss");
        if (json_is_number(loss) && json_is_true(json_object_get(e, "can_flip")))
            assert_close(num_cell(b, "measures", i + 1, cl), json_number_value(loss), "loss");
    }
    json_decref(b);
    json_decref(js);
}
END_TEST

START_TEST(alternatives_workbook_equals_json)
{
    json_t *js = JSON_OF("alternatives", FY2017, "-k", "3");
    const char *path = tu_path("alternatives.xlsx");
    json_t *b = BOOK_OF(path, "alternatives", FY2017, "-k", "3", "--format", "xlsx");
    assert_frozen(b);
    json_t *ps = json_object_get(js, "portfolios"), *p;
    size_t i;
    ck_assert_int_eq(json_array_size(rows(b, "alternatives")), 1 + json_array_size(ps));
    size_t co = col(b, "alternatives", "objective"), cad = col(b, "alternatives", "added"),
           crm = col(b, "alternatives", "removed");
    ck_assert_int_eq(col(b, "alternatives", "added (names)"), cad + 1);
    json_array_foreach(ps, i, p) {
        assert_close(num_cell(b, "alternatives", i + 1, co),
                     json_number_value(json_object_get(p, "objective")), "objective");
        const char *keys[2] = {"added", "removed"};
        size_t cols[2] = {cad, crm};
        for (int q = 0; q < 2; q++) {
            json_t *ids = json_object_get(json_object_get(p, "differs"), keys[q]), *id;
            size_t k;
            char want[4096] = "";
            json_array_foreach(ids, k, id) {
                if (k)
                    strcat(want, "; ");
                strcat(want, json_string_value(id));
            }
            json_t *got = cell(b, "alternatives", i + 1, cols[q]);
            ck_assert_str_eq(json_is_string(got) ? json_string_value(got) : "", want);
        }
    }
    json_decref(b);
    json_decref(js);
}
END_TEST

START_TEST(simulate_workbook_equals_json)
{
    json_t *js = JSON_OF("simulate", FY2017, "--draws", "200", "--seed", "7");
    const char *path = tu_path("simulate.xlsx");
    json_t *b = BOOK_OF(path, "simulate", FY2017, "--draws", "200", "--seed", "7", "--format",
                        "xlsx");
    assert_frozen(b);
    assert_inputs(b, js);
    json_t *off = json_object_get(js, "offset");
    ck_assert_str_eq(json_string_value(cell(b, "summary", 1, 0)), "offset probability");
    assert_close(num_cell(b, "summary", 1, 1), json_number_value(json_object_get(off, "probability")),
                 "offset probability");
    ck_assert_str_eq(cell_format(b, "summary", 1, 1), "0.0%");
    assert_close(json_number_value(run_item(b, "draws")), 200, "draws");
    ck_assert_str_eq(json_string_value(run_item(b, "seed")), "7");
    ck_assert_int_eq(json_array_size(rows(b, "rules")),
                     1 + json_object_size(json_object_get(js, "rules")) + 1);
    ck_assert_int_eq(json_array_size(rows(b, "drivers")),
                     1 + json_array_size(json_object_get(js, "drivers")));
    json_decref(b);
    json_decref(js);

    /* with --reoptimise: each measure's frequency, and the EVPPI */
    js = JSON_OF("simulate", FY2017, "--draws", "30", "--seed", "7", "--reoptimise");
    b = BOOK_OF(path, "simulate", FY2017, "--draws", "30", "--seed", "7", "--reoptimise",
                "--format", "xlsx");
    json_t *ms = json_object_get(js, "measures"), *e;
    size_t i;
    size_t cfq = col(b, "measures", "frequency"), ccl = col(b, "measures", "class");
    ck_assert_int_eq(json_array_size(rows(b, "measures")), 1 + json_array_size(ms));
    json_array_foreach(ms, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, "measures", i + 1, 0)),
                         json_string_value(json_object_get(e, "id")));
        assert_close(num_cell(b, "measures", i + 1, cfq),
                     json_number_value(json_object_get(e, "frequency")), "frequency");
        ck_assert_str_eq(json_string_value(cell(b, "measures", i + 1, ccl)),
                         json_string_value(json_object_get(e, "class")));
    }
    json_t *held = json_object_get(json_object_get(js, "regret_where_rules_hold"), "draws");
    json_t *sr = rows(b, "summary"), *row;
    bool seen = false;
    json_array_foreach(sr, i, row)
        if (!strcmp(json_string_value(json_array_get(row, 0)), "draws where every rule holds")) {
            assert_close(json_number_value(json_array_get(row, 1)), json_number_value(held),
                         "draws where every rule holds");
            seen = true;
        }
    ck_assert_msg(seen, "the summary lacks the draws where every rule holds");
    json_t *ev = json_object_get(js, "evppi");
    ck_assert_int_eq(json_array_size(rows(b, "EVPPI")), 1 + json_array_size(ev));
    if (json_array_size(ev) > 0)
        assert_close(num_cell(b, "EVPPI", 1, 3),
                     json_number_value(json_object_get(json_array_get(ev, 0), "value")),
                     "EVPPI");
    json_decref(b);
    json_decref(js);
}
END_TEST

/* -o to a symlink writes the workbook into its target; the link stays. */
START_TEST(symlink_is_written_through)
{
    const char *real = tu_write("real.xlsx", "old", (size_t)-1);
    const char *link = tu_path("link.xlsx");
    ck_assert_int_eq(symlink(real, link), 0);
    json_t *b = BOOK_OF(link, "solve", FY2017, "--no-prices", "--format", "xlsx");
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert_msg(S_ISLNK(st.st_mode), "the symlink was replaced");
    size_t len;
    char *data = tu_read(real, &len);
    ck_assert_msg(len > 100 && memcmp(data, "PK", 2) == 0, "the target holds no workbook");
    free(data);
    json_decref(b);
}
END_TEST

START_TEST(missing_directory_is_exit_73)
{
    const char *path = tu_path("no-such-dir/out.xlsx");
    tu_run_result r = RUN("solve", FY2017, "--no-prices", "--format", "xlsx", "-o", path,
                          "--quiet");
    ck_assert_msg(r.status == 73, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "no-such-dir"), "%s", r.err);
    tu_run_free(&r);
}
END_TEST

/* -o FILE.xlsx alone picks the workbook; another --format with it is a
 * usage error; the same run gives the same bytes. */
START_TEST(extension_picks_xlsx)
{
    const char *a = tu_path("a.xlsx"), *c = tu_path("c.xlsx");
    tu_run_result r = RUN("solve", FY2017, "--no-prices", "-o", a, "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    size_t la, lc;
    char *da = tu_read(a, &la);
    ck_assert(la > 100 && memcmp(da, "PK", 2) == 0);
    r = RUN("solve", FY2017, "--no-prices", "--format", "xlsx", "-o", c, "--quiet");
    ck_assert_msg(r.status == 0, "%s", r.err);
    tu_run_free(&r);
    char *dc = tu_read(c, &lc);
    ck_assert_msg(la == lc && memcmp(da, dc, la) == 0, "two runs gave different workbooks");
    free(da);
    free(dc);

    r = RUN("solve", FY2017, "--no-prices", "--format", "csv", "-o", tu_path("b.xlsx"));
    ck_assert_int_eq(r.status, 64);
    ck_assert_msg(strstr(r.err, "--format xlsx"), "%s", r.err);
    ck_assert_int_eq(access(tu_path("b.xlsx"), F_OK), -1);
    tu_run_free(&r);
}
END_TEST

/* A workbook to a terminal is refused before any solve (exit 64). */
START_TEST(terminal_is_refused)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert(master >= 0);
    ck_assert(grantpt(master) == 0 && unlockpt(master) == 0);
    const char *slave = ptsname(master);
    ck_assert(slave != NULL);
    const char *errpath = tu_path("tty.err");
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        int s = open(slave, O_RDWR | O_NOCTTY);
        int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (s < 0 || e < 0)
            _exit(99);
        dup2(s, STDOUT_FILENO);
        dup2(e, STDERR_FILENO);
        execl(JUTEN_BINARY, JUTEN_BINARY, "solve", FY2017, "--format", "xlsx", (char *)NULL);
        _exit(98);
    }
    int st;
    char buf[256];
    /* drain the terminal so the child never blocks on it */
    while (waitpid(pid, &st, WNOHANG) == 0)
        if (read(master, buf, sizeof buf) < 0 && errno != EINTR && errno != EAGAIN)
            break;
    if (waitpid(pid, &st, 0) < 0 && errno != ECHILD)
        ck_abort_msg("waitpid failed");
    close(master);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 64, "exit %d", WEXITSTATUS(st));
    char *err = tu_read(errpath, NULL);
    ck_assert_msg(strstr(err, "-o FILE.xlsx"), "%s", err);
    free(err);
}
END_TEST

/* "a; b; c" of a JSON array of strings. */
static void join_ids(char *out, size_t cap, json_t *ids)
{
    json_t *id;
    size_t k;
    out[0] = '\0';
    json_array_foreach(ids, k, id) {
        if (k)
            strncat(out, "; ", cap - strlen(out) - 1);
        strncat(out, json_string_value(id), cap - strlen(out) - 1);
    }
}

/* A numeric cell equal to a JSON number, or empty where the JSON has null. */
static void assert_num_or_empty(json_t *book, const char *name, size_t row, size_t c, json_t *v,
                                const char *what)
{
    if (json_is_number(v))
        assert_close(num_cell(book, name, row, c), json_number_value(v), what);
    else
        ck_assert_msg(json_is_null(cell(book, name, row, c)), "%s: a value where JSON has none",
                      what);
}

/* compare's workbook: the scenarios side by side, the measures funded in
 * some but not all (one TRUE/FALSE per scenario), areas, ministries, rule
 * prices, changes and the run, each equal to the JSON of the same run. */
START_TEST(compare_workbook_equals_json)
{
    const char *meeting = tu_src("scenarios/fy2017/meeting.ini");
    json_t *js = JSON_OF("compare", meeting, "--draws", "300", "--seed", "5");
    const char *path = tu_path("cmp.xlsx");
    json_t *b = BOOK_OF(path, "compare", meeting, "--draws", "300", "--seed", "5", "--format",
                        "xlsx");
    assert_frozen(b);
    json_t *sc = json_object_get(js, "scenarios"), *e;
    size_t i, n = json_array_size(sc);
    ck_assert_int_eq(n, 3);

    /* scenarios: one row each */
    const char *S = "scenarios";
    ck_assert_int_eq(json_array_size(rows(b, S)), 1 + n);
    size_t cnm = col(b, S, "name"), cfl = col(b, S, "file"), cst = col(b, S, "status"),
           cob = col(b, S, "objective"), csp = col(b, S, "spend"), csv = col(b, S, "savings"),
           cnt = col(b, S, "net"), chr = col(b, S, "headroom"), cse = col(b, S, "selected"),
           cfu = col(b, S, "funded"), cop = col(b, S, "offset probability");
    ck_assert_int_eq(col(b, S, "selected (names)"), cse + 1);
    json_array_foreach(sc, i, e) {
        ck_assert_int_eq((int)num_cell(b, S, i + 1, col(b, S, "#")), (int)i + 1);
        ck_assert_str_eq(json_string_value(cell(b, S, i + 1, cnm)),
                         json_string_value(json_object_get(e, "name")));
        ck_assert_str_eq(json_string_value(cell(b, S, i + 1, cfl)),
                         json_string_value(json_object_get(e, "file")));
        ck_assert_str_eq(json_string_value(cell(b, S, i + 1, cst)),
                         json_string_value(json_object_get(e, "status")));
        assert_num_or_empty(b, S, i + 1, cob, json_object_get(e, "objective"), "objective");
        assert_num_or_empty(b, S, i + 1, csp, json_object_get(e, "spend"), "spend");
        assert_num_or_empty(b, S, i + 1, csv, json_object_get(e, "savings"), "savings");
        assert_num_or_empty(b, S, i + 1, cnt, json_object_get(e, "net"), "net");
        assert_num_or_empty(b, S, i + 1, chr, json_object_get(e, "headroom"), "headroom");
        assert_num_or_empty(b, S, i + 1, cop, json_object_get(e, "offset_probability"),
                            "offset probability");
        json_t *sel = json_object_get(e, "selected");
        assert_close(num_cell(b, S, i + 1, cfu), (double)json_array_size(sel), "funded");
        char want[4096];
        join_ids(want, sizeof want, sel);
        ck_assert_str_eq(json_string_value(cell(b, S, i + 1, cse)), want);
    }
    ck_assert_str_eq(cell_format(b, S, 1, csp), "#,##0.0");
    ck_assert_str_eq(cell_format(b, S, 1, cob), "#,##0.00");
    ck_assert_str_eq(cell_format(b, S, 1, cop), "0.0%");
    ck_assert_str_eq(cell_type(b, S, 1, csp), "n");

    /* differences: id, name, one boolean per scenario */
    const char *D = "differences";
    json_t *df = json_object_get(js, "differences");
    ck_assert(json_array_size(df) > 0);
    ck_assert_int_eq(json_array_size(rows(b, D)), 1 + json_array_size(df));
    ck_assert_int_eq(col(b, D, "name"), col(b, D, "id") + 1);
    json_array_foreach(df, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, D, i + 1, 0)),
                         json_string_value(json_object_get(e, "id")));
        ck_assert_str_eq(json_string_value(cell(b, D, i + 1, 1)),
                         json_string_value(json_object_get(e, "name")));
        for (size_t k = 0; k < n; k++) {
            char h[32];
            snprintf(h, sizeof h, "funded in %zu", k + 1);
            size_t ck = col(b, D, h);
            ck_assert_str_eq(cell_type(b, D, i + 1, ck), "b");
            ck_assert_int_eq(json_is_true(cell(b, D, i + 1, ck)),
                             json_is_true(json_array_get(json_object_get(e, "funded"), k)));
        }
    }

    /* areas: spend, share and value of each scenario */
    const char *A = "areas";
    json_t *ar = json_object_get(js, "areas");
    ck_assert_int_eq(json_array_size(rows(b, A)), 1 + json_array_size(ar));
    json_array_foreach(ar, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, A, i + 1, 0)),
                         json_string_value(json_object_get(e, "id")));
        ck_assert_str_eq(json_string_value(cell(b, A, i + 1, 1)),
                         json_string_value(json_object_get(e, "name")));
        const char *q[3] = {"spend", "share", "value"};
        for (int w = 0; w < 3; w++)
            for (size_t k = 0; k < n; k++) {
                char h[32];
                snprintf(h, sizeof h, "%s %zu", q[w], k + 1);
                assert_num_or_empty(b, A, i + 1, col(b, A, h),
                                    json_array_get(json_object_get(e, q[w]), k), h);
            }
    }
    ck_assert_str_eq(cell_format(b, A, 1, col(b, A, "share 1")), "0.0%");

    /* ministries: each scenario's charge */
    const char *M = "ministries";
    json_t *mi = json_object_get(js, "ministries");
    ck_assert_int_eq(json_array_size(rows(b, M)), 1 + json_array_size(mi));
    json_array_foreach(mi, i, e) {
        ck_assert_str_eq(json_string_value(cell(b, M, i + 1, 0)),
                         json_string_value(json_object_get(e, "id")));
        ck_assert_str_eq(json_string_value(cell(b, M, i + 1, 1)),
                         json_string_value(json_object_get(e, "name")));
        for (size_t k = 0; k < n; k++) {
            char h[32];
            snprintf(h, sizeof h, "charge %zu", k + 1);
            assert_num_or_empty(b, M, i + 1, col(b, M, h),
                                json_array_get(json_object_get(e, "charge"), k), h);
        }
    }

    /* rule prices: every family of every scenario */
    const char *P = "rule prices";
    json_t *pr = rows(b, P), *row;
    size_t r;
    ck_assert_int_eq(json_array_size(pr),
                     1 + json_object_size(json_object_get(json_array_get(sc, 0), "rule_prices")));
    json_array_foreach(sc, i, e) {
        json_t *rp = json_object_get(e, "rule_prices"), *v;
        const char *fam;
        char h[32];
        snprintf(h, sizeof h, "price %zu", i + 1);
        size_t cp = col(b, P, h);
        json_object_foreach(rp, fam, v) {
            bool seen = false;
            json_array_foreach(pr, r, row)
                if (r > 0 && !strcmp(json_string_value(json_array_get(row, 0)), fam)) {
                    assert_num_or_empty(b, P, r, cp, v, fam);
                    seen = true;
                }
            ck_assert_msg(seen, "no row for the price of %s", fam);
        }
    }

    /* changes: one row per change of each scenario, in order */
    const char *C = "changes";
    json_t *chg = json_object_get(js, "changes");
    size_t cc = col(b, C, "change"), cn = col(b, C, "#");
    r = 1;
    json_array_foreach(chg, i, e) {
        json_t *ch;
        size_t k;
        json_array_foreach(json_object_get(e, "changes"), k, ch) {
            ck_assert_str_eq(json_string_value(cell(b, C, r, cc)), json_string_value(ch));
            ck_assert_int_eq((int)num_cell(b, C, r, cn),
                             json_integer_value(json_object_get(e, "scenario")));
            r++;
        }
    }
    ck_assert_int_eq(json_array_size(rows(b, C)), r);
    ck_assert(r > 2);

    /* run: the shared draws and seed, every scenario's inputs with sha256 */
    json_t *jrun = json_object_get(js, "run"), *sim = json_object_get(jrun, "simulation");
    assert_close(json_number_value(run_item(b, "draws")), 300, "draws");
    ck_assert_str_eq(json_string_value(run_item(b, "seed")), "5");
    ck_assert_int_eq(json_integer_value(json_object_get(sim, "seed")), 5);
    ck_assert_str_eq(json_string_value(run_item(b, "command")), "compare");
    json_t *ins = json_object_get(jrun, "inputs"), *list;
    ck_assert_int_eq(json_array_size(ins), n);
    json_array_foreach(ins, i, list) {
        json_t *in;
        size_t k;
        ck_assert(json_array_size(list) > 0);
        json_array_foreach(list, k, in) {
            const char *sha = json_string_value(json_object_get(in, "sha256"));
            const char *p = json_string_value(json_object_get(in, "path"));
            char role[160];
            snprintf(role, sizeof role, "%zu %s", i + 1,
                     json_string_value(json_object_get(in, "role")));
            bool found = false;
            json_array_foreach(rows(b, "run"), r, row)
                if (json_is_string(json_array_get(row, 2)) &&
                    !strcmp(json_string_value(json_array_get(row, 0)), role) &&
                    !strcmp(json_string_value(json_array_get(row, 1)), p) &&
                    !strcmp(json_string_value(json_array_get(row, 2)), sha))
                    found = true;
            ck_assert_msg(found, "the run sheet lacks %s (%s) with its sha256", p, role);
        }
    }
    json_decref(b);
    json_decref(js);

    /* two scenarios on the command line, -o FILE.xlsx alone, no prices:
     * no rule prices sheet, and the same run gives the same bytes */
    const char *p2 = tu_path("cmp2.xlsx"), *p3 = tu_path("cmp3.xlsx");
    b = BOOK_OF(p2, "compare", FY2017, tu_src("scenarios/fy2017/austerity.ini"), "--no-prices",
                "--draws", "50");
    json_t *sh;
    json_array_foreach(json_object_get(b, "sheets"), i, sh)
        ck_assert_str_ne(json_string_value(json_object_get(sh, "name")), "rule prices");
    ck_assert_int_eq(json_array_size(rows(b, "scenarios")), 3);
    json_decref(b);
    tu_run_result rr = RUN("compare", FY2017, tu_src("scenarios/fy2017/austerity.ini"),
                           "--no-prices", "--draws", "50", "-o", p3, "--quiet");
    ck_assert_msg(rr.status == 0, "%s", rr.err);
    tu_run_free(&rr);
    size_t l2, l3;
    char *d2 = tu_read(p2, &l2), *d3 = tu_read(p3, &l3);
    ck_assert_msg(l2 == l3 && memcmp(d2, d3, l2) == 0, "two runs gave different workbooks");
    free(d2);
    free(d3);
}
END_TEST

/* ---- CSV numbers with the table's decimals ------------------------------- */

/* Cell c of row r (0: the header) of CSV text, unquoted, into out; false
 * past the end. */
static bool csv_at(const char *text, int r, int c, char *out, size_t cap)
{
    const char *p = text;
    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    int row = 0, cl = 0;
    size_t n = 0;
    bool q = false;
    out[0] = '\0';
    for (; *p; p++) {
        if (q) {
            if (*p == '"' && p[1] == '"')
                p++;
            else if (*p == '"') {
                q = false;
                continue;
            }
        } else if (*p == '"') {
            q = true;
            continue;
        } else if (*p == ',') {
            if (row == r && cl == c)
                return true;
            cl++;
            continue;
        } else if (*p == '\r' || *p == '\n') {
            if (row == r && cl == c)
                return true;
            if (*p == '\r' && p[1] == '\n')
                p++;
            row++;
            cl = 0;
            continue;
        }
        if (row == r && cl == c && n + 1 < cap) {
            out[n++] = *p;
            out[n] = '\0';
        }
    }
    return row == r && cl == c;
}

/* The column of header h in CSV text. */
static int csv_col(const char *text, const char *h)
{
    char buf[256];
    for (int c = 0; csv_at(text, 0, c, buf, sizeof buf); c++)
        if (!strcmp(buf, h))
            return c;
    ck_abort_msg("the CSV has no column %s", h);
    return -1;
}

/* The first row whose column key holds want (-1: none). */
static int csv_row(const char *text, const char *key, const char *want)
{
    char buf[1024];
    int c = csv_col(text, key);
    for (int r = 1; csv_at(text, r, c, buf, sizeof buf); r++)
        if (!strcmp(buf, want))
            return r;
    return -1;
}

static int decimals_of(const char *num)
{
    const char *dot = strchr(num, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

/* Every non-empty cell of column h has d decimals (at least one row has one). */
static void assert_column_decimals(const char *what, const char *text, const char *h, int d)
{
    char buf[256];
    int c = csv_col(text, h), seen = 0;
    for (int r = 1; csv_at(text, r, c, buf, sizeof buf); r++) {
        if (!*buf)
            continue;
        ck_assert_msg(decimals_of(buf) == d && strspn(buf, "-0123456789.") == strlen(buf),
                      "%s: %s '%s' in row %d, the table has %d decimals", what, h, buf, r, d);
        seen++;
    }
    ck_assert_msg(seen > 0, "%s: no %s", what, h);
}

/* The cell of column h in row r. */
static const char *csv_get(const char *text, int r, const char *h)
{
    static char buf[1024];
    ck_assert_msg(r > 0 && csv_at(text, r, csv_col(text, h), buf, sizeof buf), "no row %d", r);
    return buf;
}

/* The CSV tables carry names beside their ids (new columns at the end). */
START_TEST(csv_has_names)
{
    tu_run_result r = RUN("solve", FY2017, "--no-prices", "--format", "csv");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "weighted_value,area_name,ministry_name\r\n"), "%.200s", r.out);
    ck_assert(strstr(r.out, ",経済社会の活力の向上及び持続的発展,経済産業省\r\n"));
    tu_run_free(&r);
    r = RUN("explain", FY2017, "M01", "--no-prices", "--format", "csv");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "optimal_headroom,name\r\n"), "%.300s", r.out);
    ck_assert(strstr(r.out, ",情報処理推進機構交付金\r\n"));
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "-k", "2", "--format", "csv");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "added_names,removed_names,differ_by,without,selected_names,"
                                "without_names\r\n") &&
                      strstr(r.out, "M39 (サイバー犯罪に関する国際捜査協力の強化)"),
                  "%.300s", r.out);
    tu_run_free(&r);
    r = RUN("frontier", FY2017, "--max-points", "5", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "selected,joins_names,leaves_names,selected_names\r\n"), "%.300s",
                  r.out);
    ck_assert(strstr(r.out, "IoTセキュリティ"));
    /* every row's selected ids have their names, in the same order */
    {
        char ids[4096], names[16384];
        int cs = csv_col(r.out, "selected"), cn = csv_col(r.out, "selected_names");
        int rows_seen = 0;
        for (int k = 1; csv_at(r.out, k, cs, ids, sizeof ids); k++) {
            ck_assert(csv_at(r.out, k, cn, names, sizeof names));
            int n_ids = *ids ? 1 : 0, n_names = *names ? 1 : 0;
            for (const char *q = ids; *q; q++)
                n_ids += *q == ';';
            for (const char *q = names; *q; q++)
                n_names += *q == ';';
            ck_assert_msg(n_ids == n_names && n_ids > 0, "row %d: %s / %s", k, ids, names);
            rows_seen++;
        }
        ck_assert_int_ge(rows_seen, 2);
    }
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "-k", "2", "--without", "M52", "--format", "csv");
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(csv_get(r.out, 1, "without"), "M52");
    ck_assert_str_eq(csv_get(r.out, 1, "without_names"),
                     "東京2020大会に向けたサイバーセキュリティ対処調整センターの構築");
    ck_assert(strstr(csv_get(r.out, 1, "selected_names"), "IoTセキュリティ総合対策"));
    tu_run_free(&r);
    /* simulate and compare: the long tables' name column */
    r = RUN("simulate", FY2017, "--draws", "50", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "portfolio,M03,IoTセキュリティ総合対策,,1,,\r\n"));
    tu_run_free(&r);
    r = RUN("compare", FY2017, tu_src("scenarios/fy2017/austerity.ini"), "--no-prices",
            "--draws", "50", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, ",M17,マイナンバー制度における特定個人情報の監視・監督,funded,") &&
                      strstr(r.out, ",CAS,内閣官房,charge,"),
                  "%s", r.out);
    tu_run_free(&r);
    r = RUN("rank", FY2017, "--points", "5", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "ratio,area_name\r\n"), "%.300s", r.out);
    tu_run_free(&r);
}
END_TEST

/* CSV numbers have the decimals the table of the same command shows (FY2017:
 * money one, values two; a share or probability shown as a percent with one
 * decimal three as a fraction), not 15 digits. */
START_TEST(csv_has_the_table_decimals)
{
    /* solve: the M03 row as the table shows it (6.0 and 8.50) */
    tu_run_result t = RUN("solve", FY2017, "--no-prices", "--quiet");
    ck_assert_int_eq(t.status, 0);
    ck_assert_msg(strstr(t.out, "6.0") && strstr(t.out, "8.50"), "%s", t.out);
    tu_run_free(&t);
    tu_run_result r = RUN("solve", FY2017, "--no-prices", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    int m03 = csv_row(r.out, "id", "M03");
    ck_assert_str_eq(csv_get(r.out, m03, "cost"), "6.0");
    ck_assert_str_eq(csv_get(r.out, m03, "weighted_value"), "8.50");
    ck_assert_str_eq(csv_get(r.out, m03, "weight"), "1");
    assert_column_decimals("solve", r.out, "cost", 1);
    assert_column_decimals("solve", r.out, "saving", 1);
    assert_column_decimals("solve", r.out, "risk_reduction", 2);
    assert_column_decimals("solve", r.out, "weighted_value", 2);
    tu_run_free(&r);

    /* compare: the figures of the table; a net of -1.4e-14 is 0.0 */
    r = RUN("compare", tu_src("scenarios/fy2017/meeting.ini"), "--draws", "100", "--format",
            "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "FY2017 request round,objective,186.06\r\n") &&
                      strstr(r.out, "FY2017 request round,spend,120.0\r\n") &&
                      strstr(r.out, "FY2017 request round,net,0.0\r\n") &&
                      strstr(r.out, ",society,国民が安全で安心して暮らせる社会の実現,spend,53.6\r\n") &&
                      strstr(r.out, ",society,国民が安全で安心して暮らせる社会の実現,share,0.447\r\n") &&
                      strstr(r.out, ",MIC,総務省,charge,15.45\r\n") &&
                      strstr(r.out, ",offset,,price,213.07\r\n"),
                  "%s", r.out);
    int op = csv_row(r.out, "field", "offset_probability");
    ck_assert_int_eq(decimals_of(csv_get(r.out, op, "value")), 4); /* the table's 16.79% */
    tu_run_free(&r);

    /* simulate: money one more (two), probabilities three */
    r = RUN("simulate", FY2017, "--draws", "100", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    int pr = csv_row(r.out, "item", "probability");
    ck_assert_int_eq(decimals_of(csv_get(r.out, pr, "value")), 3);
    ck_assert_int_eq(decimals_of(csv_get(r.out, pr, "ci_low")), 3);
    int nm = csv_row(r.out, "section", "net");
    ck_assert_int_eq(decimals_of(csv_get(r.out, nm, "value")), 2);
    ck_assert_str_eq(csv_get(r.out, csv_row(r.out, "item", "seed"), "value"), "20160831");
    tu_run_free(&r);

    /* frontier, rank, explain, alternatives */
    r = RUN("frontier", FY2017, "--max-points", "5", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    assert_column_decimals("frontier", r.out, "at", 1);
    assert_column_decimals("frontier", r.out, "objective", 2);
    assert_column_decimals("frontier", r.out, "lp_bound", 2);
    tu_run_free(&r);
    r = RUN("rank", FY2017, "--points", "5", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    assert_column_decimals("rank", r.out, "entry_at", 1);
    tu_run_free(&r);
    r = RUN("explain", FY2017, "M52", "M02", "--no-prices", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    assert_column_decimals("explain", r.out, "objective", 2);
    assert_column_decimals("explain", r.out, "loss", 2);
    assert_column_decimals("explain", r.out, "break_even_cost", 1);
    tu_run_free(&r);
    r = RUN("alternatives", FY2017, "-k", "3", "--format", "csv", "--quiet");
    ck_assert_int_eq(r.status, 0);
    assert_column_decimals("alternatives", r.out, "objective", 2);
    assert_column_decimals("alternatives", r.out, "gap_to_best", 2);
    assert_column_decimals("alternatives", r.out, "spend", 1);
    assert_column_decimals("alternatives", r.out, "net", 1);
    tu_run_free(&r);
}
END_TEST

static Suite *xlsx_suite(void)
{
    Suite *s = suite_create("xlsx");
    TCase *tc = tcase_create("xlsx");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, solve_workbook_equals_json);
    tcase_add_test(tc, rank_workbook_equals_json);
    tcase_add_test(tc, frontier_workbook_equals_json);
    tcase_add_test(tc, explain_workbook_equals_json);
    tcase_add_test(tc, alternatives_workbook_equals_json);
    tcase_add_test(tc, simulate_workbook_equals_json);
    tcase_add_test(tc, symlink_is_written_through);
    tcase_add_test(tc, missing_directory_is_exit_73);
    tcase_add_test(tc, extension_picks_xlsx);
    tcase_add_test(tc, terminal_is_refused);
    tcase_add_test(tc, compare_workbook_equals_json);
    tcase_add_test(tc, csv_has_names);
    tcase_add_test(tc, csv_has_the_table_decimals);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(xlsx_suite()); }
