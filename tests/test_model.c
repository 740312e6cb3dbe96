/*
 * test_model.c -- the model suite: loading, validation and every error the
 * loader promises to report.
 *
 * Each error class is provoked on purpose in a small fixture written to a
 * temporary directory, and the test asserts the exact line and column
 * (columns count characters, so fixtures put Japanese text before the bad
 * cell) and that the message quotes the offending value.  Known answers:
 * the sha256 of "abc" is the FIPS 180-2 test vector (Appendix B.1); CP932
 * bytes for テスト are 83 65 83 58 83 67 (JIS X 0208 katakana row 5).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "juten_clock.h"
#include "testutil.h"
#include "model_int.h"
#include "load_int.h"
#include "testmodels.h"

static juten_diags *D;
static juten_model *M;

static void setup(void)
{
    D = juten_diags_create(0);
    M = NULL;
}

static void teardown(void)
{
    juten_model_free(M);
    juten_diags_free(D);
    M = NULL;
    D = NULL;
}

static juten_status load(const char *path)
{
    juten_model_free(M);
    M = NULL;
    juten_diags_clear(D);
    return juten_model_load(path, &M, D);
}

/* Print all diagnostics, to see what a failing test got. */
static void dump(void)
{
    for (size_t i = 0; i < juten_diags_count(D); i++) {
        char *s = juten_diag_format(juten_diags_get(D, i));
        fprintf(stderr, "  %s\n", s);
        free(s);
    }
}

/* The first diagnostic of severity sev whose message contains text. */
static const juten_diag *find(juten_severity sev, const char *text)
{
    for (size_t i = 0; i < juten_diags_count(D); i++) {
        const juten_diag *e = juten_diags_get(D, i);
        if (e->severity == sev && strstr(e->message, text))
            return e;
    }
    return NULL;
}

/* An error containing text, at file (NULL: any) line:col. */
#define ASSERT_ERROR_AT(fl_, ln_, cl_, text_)                                        \
    do {                                                                             \
        const char *want_ = (fl_);                                                   \
        const juten_diag *e_ = find(JUTEN_ERROR, text_);                             \
        if (e_ == NULL)                                                              \
            dump();                                                                  \
        ck_assert_msg(e_ != NULL, "no error containing <%s>", text_);                \
        if (want_ != NULL)                                                           \
            ck_assert_str_eq(e_->file, want_);                                       \
        ck_assert_msg(e_->line == (ln_) && e_->col == (cl_),                         \
                      "<%s> at %d:%d, expected %d:%d", e_->message, e_->line,        \
                      e_->col, (ln_), (cl_));                                        \
    } while (0)

static const char AREAS[] = "id,name,weight,min_share,max_share\n"
                            "economy,経済社会の活力,1,,\n"
                            "society,国民生活,2,0.1,0.6\n";
static const char MINISTRIES[] = "id,name,ceiling\n"
                                 "MIC,総務省,100\n"
                                 "METI,経済産業省,\n";
static const char HEAD[] = "id,name,area,cost,risk_reduction\n";

/* dir/{areas,ministries,measures}.csv and dir/scenario.ini (with `extra`
 * appended to the INI); returns the scenario's path. */
static const char *scenario(const char *dir, const char *measures, const char *extra)
{
    char name[256], ini[4096];
    snprintf(name, sizeof name, "%s/areas.csv", dir);
    tu_write(name, AREAS, (size_t)-1);
    snprintf(name, sizeof name, "%s/ministries.csv", dir);
    tu_write(name, MINISTRIES, (size_t)-1);
    snprintf(name, sizeof name, "%s/measures.csv", dir);
    tu_write(name, measures, (size_t)-1);
    snprintf(ini, sizeof ini,
             "[scenario]\nname = test round\nmeasures = measures.csv\n"
             "areas = areas.csv\nministries = ministries.csv\n%s", extra ? extra : "");
    snprintf(name, sizeof name, "%s/scenario.ini", dir);
    return tu_write(name, ini, (size_t)-1);
}

static char *path_in(const char *dir, const char *file)
{
    static char buf[4][4096];
    static int k;
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s", dir, file);
    char *b = buf[k++ % 4];
    snprintf(b, 4096, "%s", tu_path(rel));
    return b;
}

/* ---- a valid scenario ---------------------------------------------------- */

START_TEST(test_valid_scenario)
{
    const char *p = scenario(
        "valid",
        "id,name,area,cost,risk_reduction,saving,ministry,mandatory,requires,group,"
        "tags,cost_share,cost_low,cost_high,risk_low,risk_high\n"
        "M01,情報処理推進機構交付金,economy,45.5,70,0,METI,yes,,,incident-response,,40,50,60,80\n"
        "M02,GSOC運用,society,5,12,,MIC,no,M01,,incident-response;tokyo2020,\"MIC:0.5;METI:0.5\",,,,\n"
        "M03,テストベッド（総務省案）,economy,4,5.5,,MIC,,M01;M02,testbed,,,,,,\n"
        "M04,テストベッド（経産省案）,economy,3.6,4.6,,METI,TRUE,,testbed,tokyo2020,,,,,\n"
        "M05,統合による削減,society,0,-2,12.5,MIC,0,,,,,,,,\n",
        "currency = 億円\nheadroom = -1.5\nsavings_rate = 0.8\n"
        "[weights]\nsociety = 3.5\n[minimum_by_tag]\nincident-response = 10\n"
        "[force]\ninclude = M01, M03\nexclude = M05\n");
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_int_eq(juten_diags_errors(D), 0);
    ck_assert_str_eq(juten_model_name(M), "test round");
    ck_assert_str_eq(juten_model_currency(M), "億円");
    ck_assert_double_eq(M->headroom, -1.5);
    ck_assert_double_eq(M->savings_rate, 0.8);

    ck_assert_int_eq(juten_model_area_count(M), 2);
    ck_assert_str_eq(M->areas[0].id, "economy");
    ck_assert_str_eq(M->areas[0].name, "経済社会の活力");
    ck_assert_double_eq(M->areas[0].weight, 1);
    ck_assert_double_eq(M->areas[1].weight, 3.5); /* [weights] beats areas.csv */
    ck_assert(isnan(M->areas[0].min_share) && isnan(M->areas[0].max_share));
    ck_assert(isnan(M->areas[0].min_spend) && isnan(M->areas[1].max_spend));
    ck_assert_double_eq(M->areas[1].min_share, 0.1);
    ck_assert_double_eq(M->areas[1].max_share, 0.6);

    ck_assert_int_eq(juten_model_ministry_count(M), 2);
    ck_assert_double_eq(M->ministries[0].ceiling, 100);
    ck_assert(isinf(M->ministries[1].ceiling));

    ck_assert_int_eq(juten_model_measure_count(M), 5);
    ck_assert_str_eq(juten_model_measure_id(M, 2), "M03");
    ck_assert_int_eq(juten_model_find_measure(M, "M04"), 3);
    ck_assert_int_eq(juten_model_find_measure(M, "M99"), -1);
    ck_assert_ptr_null(juten_model_measure_id(M, 5));

    const juten_measure *m1 = &M->measures[0], *m2 = &M->measures[1],
                        *m3 = &M->measures[2], *m4 = &M->measures[3],
                        *m5 = &M->measures[4];
    ck_assert_str_eq(m1->name, "情報処理推進機構交付金");
    ck_assert_int_eq(m1->area, 0);
    ck_assert_int_eq(m1->ministry, 1);
    ck_assert_double_eq(m1->cost, 45.5);
    ck_assert_double_eq(m1->cost_lo, 40);
    ck_assert_double_eq(m1->cost_hi, 50);
    ck_assert_double_eq(m1->risk_lo, 60);
    ck_assert_double_eq(m1->risk_hi, 80);
    ck_assert_double_eq(m1->saving_lo, 0); /* absent: equal to the mode */
    ck_assert(m1->mandatory);
    ck_assert_int_eq(m1->force, JUTEN_FORCE_INCLUDE);
    ck_assert_int_eq(m1->line, 2);

    ck_assert_double_eq(m2->cost_lo, 5);
    ck_assert_double_eq(m2->cost_hi, 5);
    ck_assert(!m2->mandatory);
    ck_assert_int_eq(m2->n_requires, 1);
    ck_assert_int_eq(m2->requires[0], 0);
    ck_assert_int_eq(m2->n_shares, 2);
    ck_assert_int_eq(m2->shares[0].ministry, 0);
    ck_assert_double_eq(m2->shares[0].share, 0.5);
    ck_assert_double_eq(juten_measure_charge_share(m2, 0), 0.5); /* a fraction */
    ck_assert_double_eq(juten_measure_charge_share(m2, 1), 0.5);
    ck_assert_double_eq(juten_measure_charge_share(m1, 1), 1);
    ck_assert_double_eq(juten_measure_charge_share(m1, 0), 0);

    ck_assert_int_eq(m3->n_requires, 2);
    ck_assert_int_eq(m3->group, 0);
    ck_assert_int_eq(m4->group, 0);
    ck_assert_int_eq(M->n_groups, 1);
    ck_assert_str_eq(M->groups[0].id, "testbed");
    ck_assert(m4->mandatory);
    ck_assert_int_eq(m3->force, JUTEN_FORCE_INCLUDE);
    ck_assert_int_eq(m4->force, JUTEN_FORCE_NONE);
    ck_assert_int_eq(m5->force, JUTEN_FORCE_EXCLUDE);
    ck_assert_double_eq(m5->risk, -2);
    ck_assert_double_eq(m5->saving, 12.5);
    ck_assert_int_eq(m5->group, -1);

    ck_assert_int_eq(M->n_tags, 2);
    ck_assert_str_eq(M->tags[0].id, "incident-response");
    ck_assert_double_eq(M->tags[0].minimum, 10);
    ck_assert_str_eq(M->tags[1].id, "tokyo2020");
    ck_assert(isnan(M->tags[1].minimum));
    ck_assert_int_eq(m2->n_tags, 2);
    ck_assert_int_eq(m2->tags[1], 1);

    ck_assert_int_eq(M->n_files, 4);
    ck_assert_str_eq(M->files[0].role, "scenario");
    ck_assert_str_eq(M->files[0].path, p);
    ck_assert_str_eq(M->files[3].role, "measures");
    ck_assert_str_eq(M->files[3].path, path_in("valid", "measures.csv"));
    ck_assert_int_eq((int)strlen(M->files[3].sha256), 64);
}
END_TEST

START_TEST(test_sha256_known_answer)
{
    char hex[65];
    jm_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* the file record hashes the bytes as read (with the BOM and CRLF) */
    static const char bytes[] = "\xef\xbb\xbfid,name,area,cost,risk_reduction\r\nM1,n,a,1,1\r\n";
    ck_assert_int_eq(load(tu_write("sha/m.csv", bytes, sizeof bytes - 1)), JUTEN_OK);
    jm_sha256_hex(bytes, sizeof bytes - 1, hex);
    ck_assert_int_eq(M->n_files, 1);
    ck_assert_str_eq(M->files[0].sha256, hex);
}
END_TEST

/* ---- numbers -------------------------------------------------------------- */

static double num_ok(const char *s)
{
    double v = -12345;
    const char *why = jm_number_parse(s, strlen(s), &v);
    ck_assert_msg(why == NULL, "\"%s\" refused: %s", s, why ? why : "");
    return v;
}

static const char *num_bad(const char *s)
{
    double v;
    const char *why = jm_number_parse(s, strlen(s), &v);
    ck_assert_msg(why != NULL, "\"%s\" accepted as %g", s, v);
    return why;
}

START_TEST(test_numbers)
{
    ck_assert(num_ok("1,200") == 1200.0); /* exactly, not 1 as strtod reads it */
    ck_assert(num_ok("1,234,567.5") == 1234567.5);
    ck_assert(num_ok("１２．５") == 12.5);
    ck_assert(num_ok("１，２００") == 1200.0);
    ck_assert(num_ok("△3") == -3.0);
    ck_assert(num_ok("▲0.5") == -0.5);
    ck_assert(num_ok("－４") == -4.0);
    ck_assert(num_ok("\xe2\x88\x92" "2") == -2.0); /* U+2212 MINUS SIGN */
    ck_assert(num_ok(" 12.5 ") == 12.5);
    ck_assert(num_ok(".5") == 0.5);
    ck_assert(num_ok("5.") == 5.0);
    ck_assert(num_ok("+7") == 7.0);
    ck_assert(num_ok("1e3") == 1000.0);
    ck_assert(num_ok("2.5E-1") == 0.25);
    ck_assert(num_ok("-0") == 0.0);

    ck_assert(strstr(num_bad("12%"), "percentage"));
    ck_assert(strstr(num_bad("１２％"), "percentage"));
    ck_assert(strstr(num_bad("1,2"), "thousands separators"));
    ck_assert(strstr(num_bad("12,00"), "thousands separators"));
    ck_assert(strstr(num_bad("1,2000"), "thousands separators"));
    ck_assert(strstr(num_bad("12,5"), "decimal comma"));
    ck_assert(strstr(num_bad(",500"), "thousands separators"));
    ck_assert(strstr(num_bad("1.5,000"), "thousands separators"));
    ck_assert(strstr(num_bad("nan"), "finite"));
    ck_assert(strstr(num_bad("-inf"), "finite"));
    ck_assert(strstr(num_bad("Infinity"), "finite"));
    ck_assert(strstr(num_bad("0x10"), "hexadecimal"));
    ck_assert(strstr(num_bad("1e999"), "out of range"));
    ck_assert(strstr(num_bad("#N/A"), "spreadsheet error"));
    ck_assert(strstr(num_bad("¥100"), "currency"));
    ck_assert(strstr(num_bad("100円"), "currency"));
    ck_assert(strstr(num_bad("\\100"), "currency"));
    ck_assert(strstr(num_bad(""), "empty"));
    ck_assert(strstr(num_bad("   "), "empty"));
    num_bad("abc");
    num_bad("1 200");
    num_bad("1e");
    num_bad(".");
    num_bad("-");
    num_bad("3△");
    num_bad("△-3");
    num_bad("(3)");
    num_bad("12.5.1");
}
END_TEST

START_TEST(test_number_cells)
{
    /* "1,200" and "１２．５" in cells; "△3" rejected as a cost but accepted
     * as a risk reduction */
    const char *p = scenario("numcell",
                             "id,name,area,cost,risk_reduction\n"
                             "M01,名前,economy,\"1,200\",１２．５\n"
                             "M02,名前,economy,1,△3\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert(M->measures[0].cost == 1200.0);
    ck_assert(M->measures[0].risk == 12.5);
    ck_assert(M->measures[1].risk == -3.0);

    p = scenario("numcell2", "id,name,area,cost,risk_reduction\nM01,名前,economy,△3,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("numcell2", "measures.csv"), 2, 16, "\"△3\" is negative");
}
END_TEST

/* One bad value in each of several rows: every error listed, at its cell. */
START_TEST(test_bad_numbers)
{
    const char *p = scenario("badnum",
                             "id,name,area,cost,risk_reduction\n"
                             "M01,テスト施策,economy,12%,3\n"     /* 2 */
                             "M02,テスト,economy,nan,3\n"        /* 3 */
                             "M03,テスト,economy,1,inf\n"        /* 4 */
                             "M04,テスト,economy,0x10,1\n"       /* 5 */
                             "M05,テスト,economy,1e999,1\n"      /* 6 */
                             "M06,テスト,economy,#N/A,1\n"       /* 7 */
                             "M07,テスト,economy,,1\n"           /* 8 */
                             "M08,テスト,economy,abc,1\n"        /* 9 */
                             "M09,テスト,economy,\"1,2\",1\n",   /* 10 */
                             NULL);
    const char *f = path_in("badnum", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_ptr_null(M);
    ck_assert_int_eq(juten_diags_errors(D), 9);
    ASSERT_ERROR_AT(f, 2, 19, "column \"cost\": \"12%\" is not a number; expected a plain "
                              "decimal such as 12.5 (a percentage is not accepted");
    ASSERT_ERROR_AT(f, 3, 17, "column \"cost\": \"nan\" is not a finite number");
    ASSERT_ERROR_AT(f, 4, 19, "column \"risk_reduction\": \"inf\" is not a finite number");
    ASSERT_ERROR_AT(f, 5, 17, "\"0x10\" is not a number");
    ASSERT_ERROR_AT(f, 6, 17, "\"1e999\" is out of range");
    ASSERT_ERROR_AT(f, 7, 17, "\"#N/A\" is a spreadsheet error value");
    ASSERT_ERROR_AT(f, 8, 17, "column \"cost\": \"\" is empty; expected a number");
    ASSERT_ERROR_AT(f, 9, 17, "\"abc\" is not a number");
    ASSERT_ERROR_AT(f, 10, 17, "\"1,2\" has misplaced thousands separators");
}
END_TEST

START_TEST(test_negative_cost_saving)
{
    const char *p = scenario("neg",
                             "id,name,area,cost,risk_reduction,saving\n"
                             "M01,名前,economy,-3,1,0\n"
                             "M02,名前,economy,3,-1,-2.5\n", NULL);
    const char *f = path_in("neg", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 2);
    ASSERT_ERROR_AT(f, 2, 16, "column \"cost\": \"-3\" is negative");
    ASSERT_ERROR_AT(f, 3, 21, "column \"saving\": \"-2.5\" is negative");
}
END_TEST

START_TEST(test_three_point_order)
{
    const char *p = scenario("tri",
                             "id,name,area,cost,risk_reduction,cost_low,cost_high,"
                             "saving,saving_low,saving_high\n"
                             "M01,名前,economy,10,1,12,15,,,\n"  /* low above mode */
                             "M02,名前,economy,10,1,8,9,,,\n"    /* mode above high */
                             "M03,名前,economy,10,1,,,2,-1,3\n"  /* negative low saving */
                             "M04,名前,economy,10,1,,20,,,\n",   /* fine */
                             NULL);
    const char *f = path_in("tri", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 3);
    ASSERT_ERROR_AT(f, 2, 21, "column \"cost_low\": \"12\" is above the most likely value "
                              "\"10\" in column \"cost\"");
    ASSERT_ERROR_AT(f, 3, 23, "column \"cost_high\": \"9\" is below the most likely value");
    ASSERT_ERROR_AT(f, 4, 25, "column \"saving_low\": \"-1\" is negative");
}
END_TEST

/* ---- malformed CSV -------------------------------------------------------- */

START_TEST(test_csv_stray_quote)
{
    const char *p = scenario("quote", "id,name,area,cost,risk_reduction\n"
                                      "M01,名前,economy,1,1\n"
                                      "M02,情報\"セキュリティ,economy,1,1\n"
                                      "M03,名前,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("quote", "measures.csv"), 3, 7,
                    "a double quote inside the unquoted value \"情報\"セキュリティ\"");
}
END_TEST

START_TEST(test_csv_unterminated_quote)
{
    const char *p = scenario("unterm", "id,name,area,cost,risk_reduction\n"
                                       "M01,名前,economy,1,1\n"
                                       "M02,\"名前,economy,1,1\n"
                                       "M03,名前,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("unterm", "measures.csv"), 3, 5, "is never closed");
}
END_TEST

START_TEST(test_csv_quoted_newline_positions)
{
    /* a quoted value spanning lines: later rows keep their real line numbers */
    const char *p = scenario("qnl", "id,name,area,cost,risk_reduction\n"
                                    "M01,\"二行\n目の名前\",economy,1,1\n"
                                    "M02,\"a \"\"b\"\"\",economy,x,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("qnl", "measures.csv"), 4, 23, "\"x\" is not a number");
    juten_diags_clear(D);
    p = scenario("qnl2", "id,name,area,cost,risk_reduction\n"
                         "M01,\"二行\n目の名前\",economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_str_eq(M->measures[0].name, "二行\n目の名前");
}
END_TEST

START_TEST(test_csv_nul_byte)
{
    static const char data[] = "id,name,area,cost,risk_reduction\nM01,名\0前,economy,1,1\n";
    scenario("nul", "", NULL);
    tu_write("nul/measures.csv", data, sizeof data - 1);
    ck_assert_int_eq(load(tu_path("nul/scenario.ini")), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("nul", "measures.csv"), 2, 6, "NUL byte");
}
END_TEST

START_TEST(test_csv_field_count)
{
    const char *p = scenario("count", "id,name,area,cost,risk_reduction\n"
                                      "M01,名前,economy,1,1,7\n"
                                      "M02,名前,economy,1\n"
                                      "M03,名前,economy,1,1\n", NULL);
    const char *f = path_in("count", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 2);
    ASSERT_ERROR_AT(f, 2, 20, "row has 6 fields but the header has 5; expected 5 fields");
    ASSERT_ERROR_AT(f, 3, 17, "row has 4 fields but the header has 5; expected 5 fields");
}
END_TEST

START_TEST(test_csv_columns)
{
    /* missing required column */
    const char *p = scenario("cols1", "id,name,area,cost\nM01,a,economy,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("cols1", "measures.csv"), 1, 1,
                    "missing required column \"risk_reduction\"");

    /* duplicate column; an unknown column is only a warning; header names
     * are case-insensitive and trimmed */
    p = scenario("cols2", " ID ,Name,area,cost,risk_reduction,Cost,note\n"
                          "M01,a,economy,1,1,2,x\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("cols2", "measures.csv"), 1, 36,
                    "column \"Cost\" appears twice (first as column 4)");
    const juten_diag *w = find(JUTEN_WARNING, "ignored column \"note\": juten does not read it");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->line, 1);
    ck_assert_int_eq(w->col, 41);

    p = scenario("cols3", "id,name,area,cost,risk_reduction,note\nM01,a,economy,1,1,x\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_int_eq(juten_diags_warnings(D), 1);
    ck_assert_ptr_nonnull(find(JUTEN_WARNING, "\"note\""));
}
END_TEST

START_TEST(test_empty_and_header_only)
{
    const char *p = scenario("empty", "", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("empty", "measures.csv"), 1, 1, "the file is empty");

    p = scenario("hdronly", "\n# illustrative figures\nid,name,area,cost,risk_reduction\n\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("hdronly", "measures.csv"), 3, 1,
                    "has a header row but no measures");
}
END_TEST

/* ---- references ------------------------------------------------------------ */

START_TEST(test_duplicate_id)
{
    const char *p = scenario("dup", "id,name,area,cost,risk_reduction\n"
                                    "M01,a,economy,1,1\n"
                                    "M02,a,economy,1,1\n"
                                    " M01 ,a,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("dup", "measures.csv"), 4, 2,
                    "column \"id\": \"M01\" is used twice: first on line 2");
}
END_TEST

START_TEST(test_unknown_references)
{
    const char *p = scenario("refs",
                             "id,name,area,cost,risk_reduction,ministry,requires,cost_share\n"
                             "M01,名前,economy,1,1,MIC,,\n"
                             "M02,名前,secrity,1,1,MIC,,\n"          /* unknown area */
                             "M03,名前,economy,1,1,MOF,,\n"          /* unknown ministry */
                             "M04,名前,economy,1,1,MIC,M01;M99,\n"   /* unknown required id */
                             "M05,名前,economy,1,1,MIC,,MIC:0.5;NPA:0.5\n", /* cost_share */
                             NULL);
    const char *f = path_in("refs", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 4);
    ASSERT_ERROR_AT(f, 3, 8, "column \"area\": \"secrity\" is not an area id in areas.csv; "
                             "expected one of: economy, society");
    ASSERT_ERROR_AT(f, 4, 20, "column \"ministry\": \"MOF\" is not a ministry id in "
                              "ministries.csv; expected one of: MIC, METI");
    ASSERT_ERROR_AT(f, 5, 24, "column \"requires\": \"M99\" is not a measure id");
    ASSERT_ERROR_AT(f, 6, 25, "column \"cost_share\": \"NPA\" in \"MIC:0.5;NPA:0.5\" is "
                              "not a ministry id");
}
END_TEST

START_TEST(test_dependency_cycle)
{
    const char *p = scenario("cycle", "id,name,area,cost,risk_reduction,requires\n"
                                      "M01,名前,economy,1,1,M02\n"
                                      "M02,名前,economy,1,1,M01\n"
                                      "M03,名前,economy,1,1,M03\n"
                                      "M04,名前,economy,1,1,M01\n", NULL);
    const char *f = path_in("cycle", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 2);
    ASSERT_ERROR_AT(f, 2, 20, "dependency cycle: M01 -> M02 -> M01");
    ASSERT_ERROR_AT(f, 4, 20, "\"M03\" names the measure itself (\"M03\"); a measure "
                              "cannot require itself");
}
END_TEST

START_TEST(test_cost_share_sum_and_mandatory)
{
    const char *p = scenario("share", "id,name,area,cost,risk_reduction,cost_share,mandatory\n"
                                      "M01,名前,economy,1,1,MIC:0.5;METI:0.4,no\n"
                                      "M02,名前,economy,1,1,MIC:0.7;METI:0.3,maybe\n"
                                      "M03,名前,economy,1,1,MIC:1,Yes\n", NULL);
    const char *f = path_in("share", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 2);
    ASSERT_ERROR_AT(f, 2, 20, "column \"cost_share\": \"MIC:0.5;METI:0.4\" has shares "
                              "adding up to 0.9; expected them to add up to 1");
    ASSERT_ERROR_AT(f, 3, 37, "column \"mandatory\": \"maybe\" is not yes or no");
}
END_TEST

START_TEST(test_all_errors_listed)
{
    /* three different bad rows: three errors, not just the first */
    const char *p = scenario("three", "id,name,area,cost,risk_reduction\n"
                                      "M01,a,economy,x,1\n"
                                      "M02,a,economy,1,1\n"
                                      "M03,a,nowhere,1,1\n"
                                      "M04,a,economy,-1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 3);
    ck_assert_int_eq(juten_diags_count(D), 3);
}
END_TEST

START_TEST(test_error_cap)
{
    size_t cap = 200000;
    char *csv = malloc(cap);
    size_t o = (size_t)snprintf(csv, cap, "%s", HEAD);
    for (int i = 1; i <= 80; i++)
        o += (size_t)snprintf(csv + o, cap - o, "M%02d,a,economy,bad%d,1\n", i, i);
    const char *p = scenario("cap", csv, NULL);
    free(csv);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 80);
    ck_assert_int_eq(juten_diags_count(D), 50);
    ck_assert_int_eq(juten_diags_dropped(D), 30);
}
END_TEST

/* ---- the scenario file ----------------------------------------------------- */

START_TEST(test_ini_errors)
{
    const char *p = scenario("ini", "id,name,area,cost,risk_reduction\nM01,a,economy,1,1\n",
                             "headroom = lots\n"          /* 6 */
                             "savings_rate = -0.5\n"      /* 7 */
                             "colour = blue\n"            /* 8 */
                             "[weights]\n"                /* 9 */
                             "economy = -1\n"             /* 10 */
                             "nowhere = 2\n"              /* 11 */
                             "[minimum_by_tag]\n"         /* 12 */
                             "incident-response = 12%\n"  /* 13 */
                             "[extras]\n"                 /* 14 */
                             "x = 1\n");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 7);
    ASSERT_ERROR_AT(p, 6, 12, "[scenario] headroom: \"lots\" is not a number");
    ASSERT_ERROR_AT(p, 7, 16, "[scenario] savings_rate: \"-0.5\" is negative");
    ASSERT_ERROR_AT(p, 8, 1, "unknown key \"colour\" in [scenario]");
    ASSERT_ERROR_AT(p, 10, 11, "[weights] economy: \"-1\" is negative");
    ASSERT_ERROR_AT(p, 11, 1, "[weights] \"nowhere\" is not an area id in areas.csv");
    ASSERT_ERROR_AT(p, 13, 21, "[minimum_by_tag] incident-response: \"12%\" is not a number");
    ASSERT_ERROR_AT(p, 14, 2, "unknown section \"[extras]\"");
}
END_TEST

START_TEST(test_ini_syntax)
{
    tu_write("inisyn/s.ini",
             "name = outside\n"                 /* 1: before any section */
             "[scenario\n"                      /* 2 */
             "[scenario]\n"                     /* 3 */
             "measures = m.csv\n"               /* 4 */
             "  areas = a.csv\n"                /* 5: indented: continuation */
             "headroom\n"                       /* 6: no '=' */
             "headroom = 1\n"                   /* 7 */
             "headroom = 2\n",                  /* 8: twice */
             (size_t)-1);
    tu_write("inisyn/m.csv", "id,name,area,cost,risk_reduction\nM01,a,economy,1,1\n", (size_t)-1);
    const char *p = tu_path("inisyn/s.ini");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 1, 1, "key \"name\" is outside any section");
    ASSERT_ERROR_AT(p, 2, 1, "section header \"[scenario\" has no closing \"]\"");
    ASSERT_ERROR_AT(p, 5, 3, "\"areas = a.csv\" is indented");
    ASSERT_ERROR_AT(p, 6, 1, "\"headroom\" is not a key = value line");
    ASSERT_ERROR_AT(p, 8, 1, "key \"headroom\" in [scenario] is set twice in this file "
                             "(first on line 7)");
    ASSERT_ERROR_AT(p, 3, 1, "the scenario names no areas file");
}
END_TEST

START_TEST(test_ini_savings_rate_warning)
{
    const char *p = scenario("rate", "id,name,area,cost,risk_reduction\nM01,a,economy,1,1\n",
                             "savings_rate = 1.25\n");
    ck_assert_int_eq(load(p), JUTEN_OK);
    const juten_diag *w = find(JUTEN_WARNING, "\"1.25\" is above 1");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->line, 6);
    ck_assert_int_eq(w->col, 16);
    ck_assert_double_eq(M->savings_rate, 1.25);
}
END_TEST

START_TEST(test_force_errors)
{
    const char *p = scenario("force", "id,name,area,cost,risk_reduction,mandatory\n"
                                      "M01,a,economy,1,1,\n"
                                      "M02,a,economy,1,1,\n"
                                      "M03,a,economy,1,1,yes\n",
                             "[force]\n"                       /* 6 */
                             "include = M01, M99\n"            /* 7 */
                             "exclude = M02,\n"                /* 8 */
                             "   M01 ; a comment\n"            /* 9: continues */
                             "exclude = M03\n");               /* 10 */
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 7, 16, "[force] include: \"M99\" is not a measure id in measures.csv");
    ASSERT_ERROR_AT(p, 9, 4, "[force] exclude: \"M01\" is also in the include list");
    ASSERT_ERROR_AT(p, 10, 11, "excludes measure M03, which is mandatory");
    ck_assert_int_eq(juten_diags_errors(D), 3);
}
END_TEST

START_TEST(test_force_long_list)
{
    /* libinih reads at most 200 bytes a line; longer lists and names must
     * still be read whole */
    char csv[40000], ini[8000], name[1024];
    size_t o = (size_t)snprintf(csv, sizeof csv, "%s", HEAD);
    size_t k = (size_t)snprintf(ini, sizeof ini, "[force]\ninclude = ");
    for (int i = 0; i < 300; i++) {
        o += (size_t)snprintf(csv + o, sizeof csv - o, "M%03d,a,economy,1,1\n", i);
        if (i < 250)
            k += (size_t)snprintf(ini + k, sizeof ini - k, "%sM%03d", i ? ", " : "", i);
    }
    snprintf(ini + k, sizeof ini - k, " ; comment\nexclude = M299\n");
    const char *p = scenario("longforce", csv, ini);
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    int inc = 0;
    for (int i = 0; i < M->n_measures; i++)
        inc += M->measures[i].force == JUTEN_FORCE_INCLUDE;
    ck_assert_int_eq(inc, 250);
    ck_assert_int_eq(M->measures[249].force, JUTEN_FORCE_INCLUDE);
    ck_assert_int_eq(M->measures[299].force, JUTEN_FORCE_EXCLUDE);

    /* a 100-character Japanese name (300 bytes) */
    size_t n = 0;
    for (int i = 0; i < 20; i++)
        n += (size_t)snprintf(name + n, sizeof name - n, "長い名前だ");
    snprintf(ini, sizeof ini, "[scenario]\nname = %s ; comment\nmeasures = m.csv\n"
                              "areas = a.csv\nheadroom = x\n", name);
    tu_write("longname/m.csv", "id,name,area,cost,risk_reduction\nM01,a,a,1,1\n", (size_t)-1);
    tu_write("longname/a.csv", "id,name,weight\na,A,1\n", (size_t)-1);
    p = tu_write("longname/s.ini", ini, (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 5, 12, "\"x\" is not a number"); /* lines still counted right */
    tu_write("longname/s.ini", ini, strlen(ini) - strlen("headroom = x\n"));
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_str_eq(juten_model_name(M), name);
}
END_TEST

START_TEST(test_missing_data_file)
{
    tu_write("nofile/s.ini", "[scenario]\nmeasures = nothere.csv\nareas = a.csv\n", (size_t)-1);
    tu_write("nofile/a.csv", "id,name,weight\na,A,1\n", (size_t)-1);
    const char *p = tu_path("nofile/s.ini");
    ck_assert_int_eq(load(p), JUTEN_ERR_NOFILE);
    ck_assert_ptr_null(M);
    ASSERT_ERROR_AT(p, 2, 12, "cannot read the measures file");
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, path_in("nofile", "nothere.csv")));
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "No such file or directory"));

    ck_assert_int_eq(load(tu_path("nofile/absent.ini")), JUTEN_ERR_NOFILE);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "absent.ini"));
    ck_assert_int_eq(juten_model_load(NULL, &M, D), JUTEN_ERR_USAGE);
    ck_assert_int_eq(juten_model_load("x", NULL, D), JUTEN_ERR_USAGE);
}
END_TEST

START_TEST(test_base_inheritance)
{
    tu_write("fy2017/areas.csv", AREAS, (size_t)-1);
    tu_write("fy2017/measures.csv", "id,name,area,cost,risk_reduction,tags\n"
                                    "M01,a,economy,1,1,ir\n"
                                    "M02,b,society,2,2,\n"
                                    "M03,c,society,3,3,\n", (size_t)-1);
    tu_write("fy2017/scenario.ini", "[scenario]\nname = FY2017\nmeasures = measures.csv\n"
                                    "areas = areas.csv\nheadroom = 5\ncurrency = 億円\n"
                                    "[weights]\neconomy = 2\nsociety = 3\n"
                                    "[minimum_by_tag]\nir = 1\n[force]\ninclude = M01\n",
             (size_t)-1);
    tu_write("whatif/more.ini", "[scenario]\nbase = ../fy2017/scenario.ini\nheadroom = 7\n"
                                "[weights]\nsociety = 4\n[force]\nexclude = M02\n",
             (size_t)-1);
    const char *p = tu_path("whatif/more.ini");
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_str_eq(juten_model_name(M), "FY2017");    /* inherited */
    ck_assert_str_eq(juten_model_currency(M), "億円");
    ck_assert_double_eq(M->headroom, 7);                 /* overridden */
    ck_assert_double_eq(M->areas[0].weight, 2);          /* base's [weights] */
    ck_assert_double_eq(M->areas[1].weight, 4);          /* merged key by key */
    ck_assert_double_eq(M->tags[0].minimum, 1);
    ck_assert_int_eq(M->measures[0].force, JUTEN_FORCE_INCLUDE); /* accumulated */
    ck_assert_int_eq(M->measures[1].force, JUTEN_FORCE_EXCLUDE);
    ck_assert_int_eq(M->n_files, 4);
    ck_assert_str_eq(M->files[0].path, p);
    ck_assert_str_eq(M->files[1].role, "scenario");
    ck_assert(strstr(M->files[1].path, "whatif/../fy2017/scenario.ini"));
    ck_assert(strstr(M->files[3].path, "whatif/../fy2017/measures.csv"));

    /* a derived file's data paths are relative to itself */
    tu_write("whatif/measures.csv", "id,name,area,cost,risk_reduction\nW01,a,economy,1,1\n",
             (size_t)-1);
    tu_write("whatif/own.ini", "[scenario]\nbase = ../fy2017/scenario.ini\n"
                               "measures = measures.csv\nname = own\n[force]\ninclude = W01\n",
             (size_t)-1);
    st = load(tu_path("whatif/own.ini"));
    ck_assert_int_eq(st, JUTEN_ERR_INPUT); /* the base forces M01, absent here */
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "\"M01\" is not a measure id"));
}
END_TEST

START_TEST(test_base_cycle)
{
    tu_write("bcycle/a.ini", "[scenario]\nbase = b.ini\nmeasures = m.csv\n", (size_t)-1);
    tu_write("bcycle/b.ini", "[scenario]\nbase = ./a.ini\nareas = ar.csv\n", (size_t)-1);
    tu_write("bcycle/m.csv", "id,name,area,cost,risk_reduction\nM01,a,a,1,1\n", (size_t)-1);
    tu_write("bcycle/ar.csv", "id,name,weight\na,A,1\n", (size_t)-1);
    const char *b = path_in("bcycle", "b.ini");
    ck_assert_int_eq(load(tu_path("bcycle/a.ini")), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(b, 2, 8, "base scenarios form a cycle");
    ck_assert_int_eq(juten_diags_errors(D), 1);
}
END_TEST

/* ---- direct CSV and encodings --------------------------------------------- */

START_TEST(test_direct_csv)
{
    const char *p = tu_write("direct/round.csv",
                             "id,name,area,cost,risk_reduction,ministry\n"
                             "M01,a,economy,1,2,MIC\n"
                             "M02,b,society,2,3,\n"
                             "M03,c,economy,2,3,METI\n"
                             ",,,,,\n"
                             ",,,\"\",,\n", (size_t)-1); /* rows Excel leaves behind */
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_int_eq(M->n_measures, 3);
    const juten_diag *n = find(JUTEN_NOTICE, "every area gets weight 1");
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(juten_model_name(M), "round");
    ck_assert_int_eq(M->n_areas, 2);
    ck_assert_str_eq(M->areas[1].id, "society");
    ck_assert_double_eq(M->areas[0].weight, 1);
    ck_assert_double_eq(M->areas[1].weight, 1);
    ck_assert_int_eq(M->n_ministries, 2); /* created in order of appearance */
    ck_assert_str_eq(M->ministries[1].id, "METI");
    ck_assert(isinf(M->ministries[1].ceiling));
    ck_assert_int_eq(M->measures[1].ministry, -1);
    ck_assert_double_eq(M->headroom, 0);
    ck_assert_double_eq(M->savings_rate, 1);
    ck_assert_str_eq(M->files[0].role, "measures");
}
END_TEST

START_TEST(test_utf8_bom)
{
    const char *p = tu_write("bom/m.csv",
                             "\xef\xbb\xbfid,name,area,cost,risk_reduction\r\nM01,名前,a,1,x\r\n",
                             (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 2, 12, "\"x\" is not a number"); /* BOM not counted */
    ck_assert_ptr_null(find(JUTEN_NOTICE, "converted"));
    tu_write("bom/ok.csv", "\xef\xbb\xbfid,name,area,cost,risk_reduction\r\nM01,名前,a,1,2\r\n",
             (size_t)-1);
    ck_assert_int_eq(load(tu_path("bom/ok.csv")), JUTEN_OK);
    ck_assert_str_eq(M->measures[0].id, "M01");
    ck_assert_str_eq(M->measures[0].name, "名前");
}
END_TEST

START_TEST(test_cp932)
{
    /* テスト in CP932, and 経済 (8C 6F 8D CF) as an area name */
    const char *p = tu_write("cp932/m.csv",
                             "id,name,area,cost,risk_reduction\n"
                             "M01,\x83\x65\x83\x58\x83\x67,\x8c\x6f\x8d\xcf,1,2\n",
                             (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_OK);
    const juten_diag *n = find(JUTEN_NOTICE, "converted from CP932 (Shift_JIS, as Japanese "
                                             "Excel saves CSV)");
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(n->file, p);
    ck_assert_str_eq(M->measures[0].name, "テスト");
    ck_assert_str_eq(M->areas[0].id, "経済");
}
END_TEST

START_TEST(test_utf16le)
{
    /* "id,name,area,cost,risk_reduction\nM01,テスト,a,1,2\n" in UTF-16LE */
    const char *src = "id,name,area,cost,risk_reduction\nM01,テスト,a,1,2\n";
    unsigned char buf[512];
    size_t n = 0;
    buf[n++] = 0xFF;
    buf[n++] = 0xFE;
    for (const unsigned char *s = (const unsigned char *)src; *s;) {
        unsigned cp;
        if (*s < 0x80)
            cp = *s++;
        else { /* three-byte UTF-8 (katakana) */
            cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            s += 3;
        }
        buf[n++] = (unsigned char)(cp & 0xFF);
        buf[n++] = (unsigned char)(cp >> 8);
    }
    const char *p = tu_write("u16/m.csv", (const char *)buf, n);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_ptr_nonnull(find(JUTEN_NOTICE, "converted from UTF-16LE"));
    ck_assert_str_eq(M->measures[0].name, "テスト");
    ck_assert_double_eq(M->measures[0].risk, 2);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    /* valid UTF-8 (テ) followed by a stray byte: not CP932 either */
    const char *p = tu_write("badutf/m.csv",
                             "id,name,area,cost,risk_reduction\nM01,テ\xff,a,1,2\n", (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 2, 6, "invalid UTF-8: byte 0xFF");
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "CSV UTF-8"));
}
END_TEST

START_TEST(test_scenario_encodings)
{
    /* a CP932 scenario file with a UTF-8 BOM data file */
    tu_write("inienc/a.csv", "\xef\xbb\xbfid,name,weight\na,A,1\n", (size_t)-1);
    tu_write("inienc/m.csv", "id,name,area,cost,risk_reduction\nM01,n,a,1,1\n", (size_t)-1);
    const char *p = tu_write("inienc/s.ini",
                             "[scenario]\nname = \x83\x65\x83\x58\x83\x67\nmeasures = m.csv\n"
                             "areas = a.csv\n", (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_str_eq(juten_model_name(M), "テスト");
    ck_assert_ptr_nonnull(find(JUTEN_NOTICE, "CP932"));
}
END_TEST

/* ---- models built in code ---------------------------------------------------- */

static juten_model *code_model(int n)
{
    juten_model *m = juten_model_alloc();
    m->n_areas = 1;
    m->areas = calloc(1, sizeof *m->areas);
    m->areas[0] = (juten_area){strdup("economy"), strdup("経済"), 1, NAN, NAN, NAN, NAN};
    m->n_ministries = 1;
    m->ministries = calloc(1, sizeof *m->ministries);
    m->ministries[0] = (juten_ministry){strdup("MIC"), strdup("総務省"), INFINITY};
    m->n_measures = n;
    m->measures = calloc((size_t)n, sizeof *m->measures);
    for (int i = 0; i < n; i++) {
        juten_measure *me = &m->measures[i];
        char id[16];
        snprintf(id, sizeof id, "M%02d", i + 1);
        me->id = strdup(id);
        me->name = strdup("名前");
        me->area = 0;
        me->ministry = 0;
        me->group = -1;
        me->cost = 2;
        me->risk = 3;
        me->cost_lo = me->cost_hi = me->risk_lo = me->risk_hi = NAN;
        me->saving_lo = me->saving_hi = NAN;
    }
    return m;
}

START_TEST(test_finish_code_model)
{
    juten_model *m = code_model(3);
    m->measures[1].cost_hi = 4;
    ck_assert_int_eq(juten_model_finish(m, D), JUTEN_OK);
    ck_assert_double_eq(m->measures[0].cost_lo, 2); /* filled from the mode */
    ck_assert_double_eq(m->measures[1].cost_lo, 2);
    ck_assert_double_eq(m->measures[1].cost_hi, 4);
    ck_assert_int_eq(juten_model_find_measure(m, "M03"), 2);
    ck_assert_str_eq(juten_model_name(m), "");
    juten_model_free(m);

    m = code_model(4);
    m->measures[0].cost = -1;
    m->measures[1].risk = NAN;
    m->measures[2].requires = malloc(sizeof(int));
    m->measures[2].requires[0] = 2;
    m->measures[2].n_requires = 1;
    free(m->measures[3].id);
    m->measures[3].id = strdup("M01");
    m->measures[3].line = 9;
    ck_assert_int_eq(juten_model_finish(m, D), JUTEN_ERR_INPUT);
    const juten_diag *e = find(JUTEN_ERROR, "measure \"M01\": cost -1 is negative");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_null(e->file);
    ck_assert_int_eq(e->line, 0);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "measure \"M02\": risk_reduction nan is not a finite"));
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "measure \"M03\": requires M03 names the measure itself"));
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "is used by measure #1 and #4"));
    ck_assert_int_eq(juten_diags_errors(D), 4);
    juten_model_free(m);

    /* a cycle and bad indices */
    juten_diags_clear(D);
    m = code_model(3);
    for (int i = 0; i < 3; i++) {
        m->measures[i].requires = malloc(sizeof(int));
        m->measures[i].requires[0] = (i + 1) % 3;
        m->measures[i].n_requires = 1;
    }
    m->measures[1].area = 5;
    m->measures[2].shares = malloc(2 * sizeof(juten_share));
    m->measures[2].shares[0] = (juten_share){0, 0.6};
    m->measures[2].shares[1] = (juten_share){0, 0.4};
    m->measures[2].n_shares = 2;
    ck_assert_int_eq(juten_model_finish(m, D), JUTEN_ERR_INPUT);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "dependency cycle: M01 -> M02 -> M03 -> M01"));
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "measure \"M02\": area 5 is not an area index"));
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "names ministry MIC twice"));
    juten_model_free(m);
}
END_TEST

START_TEST(test_large_chain)
{
    /* 20 000 measures in one dependency chain: the cycle check must not
     * recurse; and the loader finds the one back edge */
    size_t cap = 20000 * 32 + 64;
    char *csv = malloc(cap);
    size_t o = (size_t)snprintf(csv, cap, "id,name,area,cost,risk_reduction,requires\n");
    for (int i = 0; i < 20000; i++)
        o += (size_t)snprintf(csv + o, cap - o, "M%d,n,economy,1,1,M%d\n", i, (i + 1) % 20000);
    const char *p = scenario("chain", csv, NULL);
    free(csv);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ASSERT_ERROR_AT(path_in("chain", "measures.csv"), 2, 18,
                    "dependency cycle: M0 -> M1 -> M2 -> M3 -> M4 -> M5 -> ... (19989 more)");
}
END_TEST


/* ---- headers: misspellings, Japanese names, [columns] ------------------------ */

START_TEST(test_header_misspelt)
{
    /* a misspelt optional column used to be a warning, and the dependency,
     * ceiling or saving it held silently vanished from the model */
    const char *p = scenario("misspelt",
                             "id,name,area,cost,risk_reduction,requries,Ministry_id,savings,"
                             "備考,tag\n"
                             "M01,a,economy,1,1,,MIC,0,メモ,\n"
                             "M02,b,economy,1,1,M01,MIC,0,,\n", NULL);
    const char *f = path_in("misspelt", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(f, 1, 34, "unknown column \"requries\"; did you mean \"requires\"?");
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "[columns] requires = requries"));
    ASSERT_ERROR_AT(f, 1, 43, "unknown column \"Ministry_id\"; did you mean \"ministry\"?");
    ASSERT_ERROR_AT(f, 1, 55, "unknown column \"savings\"; did you mean \"saving\"?");
    ASSERT_ERROR_AT(f, 1, 66, "unknown column \"tag\"; did you mean \"tags\"?");
    ck_assert_int_eq(juten_diags_errors(D), 4);
    /* a planner's own column stays a warning, listed once */
    const juten_diag *w = find(JUTEN_WARNING, "ignored column \"備考\"");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(w->line, 1);
    ck_assert_int_eq(w->col, 63);
    ck_assert_int_eq(juten_diags_warnings(D), 1);

    /* several ignored columns: one warning listing them all */
    p = scenario("ignored", "id,name,area,cost,risk_reduction,備考,担当課,memo\n"
                            "M01,a,economy,1,1,x,y,z\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_OK);
    ck_assert_int_eq(juten_diags_warnings(D), 1);
    ck_assert_ptr_nonnull(find(JUTEN_WARNING, "ignored columns \"備考\", \"担当課\", \"memo\""));

}
END_TEST

START_TEST(test_header_close_variants)
{
    /* separators, and a unit in brackets after a known name, are close;
     * a column close to one that is read from another header is not a
     * misspelling that loses data, so only ignored */
    const char *p = scenario("close3", "id,name,area,cost,risk_reduction,cost-share,measure_id,"
                                       "削減額（億円）,要求額（前年度）\n"
                                       "M01,a,economy,1,1,,x,0,3\n", NULL);
    const char *f = path_in("close3", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(f, 1, 34, "unknown column \"cost-share\"; did you mean \"cost_share\"?");
    ASSERT_ERROR_AT(f, 1, 56, "unknown column \"削減額（億円）\"; did you mean \"削減額\" (saving)?");
    ck_assert_int_eq(juten_diags_errors(D), 2);
    ck_assert_ptr_nonnull(find(JUTEN_WARNING, "ignored columns \"measure_id\", \"要求額（前年度）\""));

    /* an _id suffix, when the column it names is absent */
    p = scenario("close4", "Measure_ID,name,area,cost,risk_reduction\nM01,a,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("close4", "measures.csv"), 1, 1,
                    "unknown column \"Measure_ID\"; did you mean \"id\"?");
    ck_assert_int_eq(juten_diags_errors(D), 1); /* not also "missing column id" */
}
END_TEST

START_TEST(test_header_japanese)
{
    /* the planners' own headers, with full-width letters and blanks
     * (U+3000, U+00A0) around them */
    tu_write("jahead/areas.csv", "分野,分野名,重み,下限割合,上限割合,下限額,上限額\n"
                                 "economy,経済,1,0.1,0.6,,50\n", (size_t)-1);
    tu_write("jahead/ministries.csv", "府省庁,府省庁名,上限\nMIC,総務省,40\n", (size_t)-1);
    tu_write("jahead/measures.csv",
             "施策番号,施策名,分野,府省庁,要求額,リスク低減,削減額,必須,前提,排他グループ,"
             "タグ,負担割合,費用下限,費用上限,リスク低減下限,リスク低減上限,削減額下限,"
             "\xe3\x80\x80節減額上限\xc2\xa0\n"
             "M01,基盤,economy,MIC,5,12,1,○,,g1,ir,,4,6,10,14,0.5,2\n"
             "M02,強化,economy,MIC,3,4,0,×,M01,g2,,MIC:1,,,,,,\n", (size_t)-1);
    const char *p = tu_write("jahead/s.ini", "[scenario]\nmeasures = measures.csv\n"
                             "areas = areas.csv\nministries = ministries.csv\n", (size_t)-1);
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_int_eq(juten_diags_warnings(D), 0);
    const juten_measure *a = &M->measures[0], *b = &M->measures[1];
    ck_assert_str_eq(a->id, "M01");
    ck_assert_double_eq(a->cost, 5);
    ck_assert_double_eq(a->risk, 12);
    ck_assert_double_eq(a->saving, 1);
    ck_assert(a->mandatory);
    ck_assert(!b->mandatory);
    ck_assert_int_eq(b->n_requires, 1);
    ck_assert_int_eq(a->n_tags, 1);
    ck_assert_int_ge(a->group, 0);
    ck_assert_int_eq(b->n_shares, 1);
    ck_assert_double_eq(a->cost_lo, 4);
    ck_assert_double_eq(a->risk_hi, 14);
    ck_assert_double_eq(a->saving_lo, 0.5);
    ck_assert_double_eq(a->saving_hi, 2);
    ck_assert_double_eq(M->areas[0].weight, 1);
    ck_assert_double_eq(M->areas[0].max_share, 0.6);
    ck_assert_double_eq(M->areas[0].max_spend, 50);
    ck_assert_double_eq(M->ministries[0].ceiling, 40);

    /* full-width ASCII headers; messages name the header as written */
    tu_write("jahead/measures.csv", "ｉｄ,ＮＡＭＥ,area,要求額,risk_reduction\n"
                                    "M01,a,economy,-1,1\n", (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("jahead", "measures.csv"), 2, 15,
                    "column \"要求額\" (cost): \"-1\" is negative");
}
END_TEST

START_TEST(test_columns_section)
{
    const char *hdr = "番号,名前,area,要求額（億円）,効果,削減額(千円)\n"
                      "M01,a,economy,5,1,0\n";
    const char *p = scenario("colsec", hdr,
                             "[columns]\n"                       /* 6 */
                             "id = 番号\n"                       /* 7 */
                             "measures.name = 名前\n"            /* 8 */
                             "cost = 要求額（億円）\n"           /* 9 */
                             "risk_reduction = 効果\n"           /* 10 */
                             "saving = 削減額(千円)\n");          /* 11 */
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_double_eq(M->measures[0].cost, 5);
    ck_assert_str_eq(M->measures[0].name, "a");

    /* unknown fields and tables are errors, with a suggestion; so is a
     * mapping that matches no header */
    p = scenario("colsec2", hdr,
                 "[columns]\n"                    /* 6 */
                 "id = 番号\n"                    /* 7 */
                 "name = 名前\n"                  /* 8 */
                 "cots = 要求額（億円）\n"        /* 9 */
                 "risk_reduction = 効果\n"        /* 10 */
                 "saving = 節減額(千円)\n"        /* 11: no such header */
                 "budget.cost = x\n"              /* 12 */
                 "weigth = 重み\n");              /* 13 */
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 9, 1, "[columns] \"cots\" is not a field juten reads (did you mean \"cost\"?)");
    ASSERT_ERROR_AT(p, 12, 1, "[columns] \"budget.cost\": \"budget\" is not a table");
    ASSERT_ERROR_AT(p, 13, 1, "[columns] \"weigth\" is not a field juten reads (did you mean \"weight\"?)");
    ASSERT_ERROR_AT(p, 11, 10, "[columns] measures.saving: no column of measures.csv has the "
                               "header \"節減額(千円)\"");

    /* inherited through base =, and overridden key by key */
    scenario("colsec3", hdr, "[columns]\nid = 番号\nname = 名前\ncost = 違う\n"
                             "risk_reduction = 効果\nsaving = 削減額(千円)\n");
    p = tu_write("colsec3/top.ini", "[scenario]\nbase = scenario.ini\n"
                                    "[columns]\ncost = 要求額（億円）\n", (size_t)-1);
    st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_double_eq(M->measures[0].cost, 5);

    /* areas.csv columns too */
    tu_write("colsec4/a.csv", "コード,名,ウェイト\neconomy,経済,2\n", (size_t)-1);
    tu_write("colsec4/m.csv", "id,name,area,cost,risk_reduction\nM01,a,economy,1,1\n", (size_t)-1);
    p = tu_write("colsec4/s.ini", "[scenario]\nmeasures = m.csv\nareas = a.csv\n[columns]\n"
                                  "areas.id = コード\nareas.name = 名\nweight = ウェイト\n",
                 (size_t)-1);
    st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_double_eq(M->areas[0].weight, 2);
}
END_TEST

/* ---- names in the scenario that match nothing -------------------------------- */

START_TEST(test_scenario_unknown_names)
{
    /* a floor for a tag no measure carries can never be met: it used to
     * pass check and make solve say "infeasible" */
    const char *p = scenario("unames", "id,name,area,cost,risk_reduction,tags\n"
                                       "GSOC-01,a,economy,1,1,tokyo2020\n"
                                       "GSOC-02,a,society,1,1,\n",
                             "[weights]\n"                  /* 6 */
                             "socity = 2\n"                 /* 7 */
                             "[minimum_by_tag]\n"           /* 8 */
                             "tokyo-2020 = 30\n"            /* 9 */
                             "nothing-like-it = 0\n"        /* 10 */
                             "[force]\n"                    /* 11 */
                             "include = GSOC01, XYZ\n");    /* 12 */
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 7, 1, "[weights] \"socity\" is not an area id in areas.csv "
                             "(did you mean \"society\"?)");
    ASSERT_ERROR_AT(p, 9, 1, "[minimum_by_tag] \"tokyo-2020\": no measure has this tag, so "
                             "the minimum can never be met (did you mean \"tokyo2020\"?)");
    ASSERT_ERROR_AT(p, 10, 1, "[minimum_by_tag] \"nothing-like-it\": no measure has this tag, so "
                              "the minimum applies to nothing; expected a tag");
    ASSERT_ERROR_AT(p, 12, 11, "[force] include: \"GSOC01\" is not a measure id in measures.csv "
                               "(did you mean \"GSOC-01\"?)");
    ASSERT_ERROR_AT(p, 12, 19, "[force] include: \"XYZ\" is not a measure id in measures.csv; "
                               "expected ids");
    ck_assert_int_eq(juten_diags_errors(D), 5);
}
END_TEST

/* ---- cells as Excel writes them ----------------------------------------------- */

START_TEST(test_share_percent)
{
    double v;
    ck_assert_ptr_null(jm_number_parse_share("15%", 3, &v));
    ck_assert_double_eq(v, 0.15);
    ck_assert_ptr_null(jm_number_parse_share("33.3 %", 6, &v));
    ck_assert_double_eq(v, 0.333);
    ck_assert_ptr_null(jm_number_parse_share("１２．５％", strlen("１２．５％"), &v));
    ck_assert_double_eq(v, 0.125);
    ck_assert_ptr_null(jm_number_parse_share("0.2", 3, &v));
    ck_assert_double_eq(v, 0.2);
    ck_assert_ptr_nonnull(jm_number_parse_share("1e1%", 4, &v));
    ck_assert_ptr_nonnull(jm_number_parse_share("%15", 3, &v));
    ck_assert_ptr_nonnull(jm_number_parse_share("15%%", 4, &v));
    /* amounts still refuse a percentage */
    ck_assert_ptr_nonnull(jm_number_parse("15%", 3, &v));

    tu_write("pct/a.csv", "id,name,weight,min_share,max_share\n"
                          "economy,経済,1,15%,６０％\nsociety,社会,1,,\n", (size_t)-1);
    tu_write("pct/m.csv", "id,name,area,cost,risk_reduction,cost_share\n"
                          "M01,a,economy,1,1,\"MIC:50%;METI:50%\"\n"
                          "M02,a,society,1,1,\n", (size_t)-1);
    const char *p = tu_write("pct/s.ini", "[scenario]\nmeasures = m.csv\nareas = a.csv\n"
                             "savings_rate = 80%\n", (size_t)-1);
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_double_eq(M->areas[0].min_share, 0.15);
    ck_assert_double_eq(M->areas[0].max_share, 0.6);
    ck_assert_double_eq(M->measures[0].shares[0].share, 0.5);
    ck_assert_double_eq(M->savings_rate, 0.8);

    /* a percentage in a money column is refused with a hint */
    p = scenario("pctcost", "id,name,area,cost,risk_reduction\nM01,a,economy,12%,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("pctcost", "measures.csv"), 2, 15,
                    "column \"cost\": \"12%\" is not a number; expected a plain decimal such "
                    "as 12.5 (a percentage is not accepted in this column");
}
END_TEST

START_TEST(test_mandatory_marks_and_blanks)
{
    const char *p = scenario("marks", "id,name,area,cost,risk_reduction,mandatory\n"
                                      "M01,a,economy,1,1,○\n"
                                      "M02,a,economy,1,1,×\n"
                                      "M03,a,economy,1,1,はい\n"
                                      "M04,a,economy,1,1,いいえ\n"
                                      "M05,a,economy,1,1,有\n"
                                      "M06,a,economy,1,1,無\n"
                                      "M07,a,economy,1,1,◯\n"
                                      "M08,a,economy,1,1,✓\n"
                                      "M09,a,economy,1,1,ＹＥＳ\n"
                                      /* NBSP and U+3000 around cells are blanks */
                                      "\xc2\xa0M10\xc2\xa0,a,\xe3\x80\x80" "economy,"
                                      "\xc2\xa0" "12\xc2\xa0,1,\xe3\x80\x80○\xc2\xa0\n", NULL);
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    static const bool want[10] = {true, false, true, false, true, false, true, true, true, true};
    for (int i = 0; i < 10; i++)
        ck_assert_msg(M->measures[i].mandatory == want[i], "row %d", i + 2);
    ck_assert_str_eq(M->measures[9].id, "M10");
    ck_assert_double_eq(M->measures[9].cost, 12);

    /* an invisible character inside a value is shown as what it is */
    p = scenario("marks2", "id,name,area,cost,risk_reduction,mandatory\n"
                           "M01,a,economy,1\xc2\xa0" "2,1,△\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    const char *f = path_in("marks2", "measures.csv");
    ASSERT_ERROR_AT(f, 2, 15, "column \"cost\": \"1<U+00A0>2\" is not a number");
    ASSERT_ERROR_AT(f, 2, 21, "column \"mandatory\": \"△\" is not yes or no; expected yes/no, "
                              "true/false, 1/0, ○/×, はい/いいえ or 有/無");
}
END_TEST

/* UTF-8 (BMP only) to UTF-16LE with a byte-order mark; returns the length. */
static size_t to_utf16le(const char *src, unsigned char *buf, size_t cap)
{
    size_t n = 0;
    buf[n++] = 0xFF;
    buf[n++] = 0xFE;
    for (const unsigned char *s = (const unsigned char *)src; *s && n + 2 <= cap;) {
        unsigned cp;
        if (*s < 0x80)
            cp = *s++;
        else if ((*s & 0xE0) == 0xC0) {
            cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
            s += 2;
        } else {
            cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            s += 3;
        }
        buf[n++] = (unsigned char)(cp & 0xFF);
        buf[n++] = (unsigned char)(cp >> 8);
    }
    return n;
}

START_TEST(test_unicode_text_tsv)
{
    /* Excel's "Unicode text": UTF-16LE, BOM, TAB-separated, CRLF, and
     * empty cells that must keep their place */
    unsigned char buf[2048];
    size_t n = to_utf16le("id\tname\tarea\tcost\trisk_reduction\ttags\tsaving\r\n"
                          "M01\tテスト\teconomy\t1\t2\t\t3\r\n"
                          "M02\t\"a\tb\"\teconomy\t1,200\t2\tx\t\r\n", buf, sizeof buf);
    const char *p = tu_write("tsv/m.csv", (const char *)buf, n);
    juten_status st = load(p);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_ptr_nonnull(find(JUTEN_NOTICE, "read as tab-separated text"));
    ck_assert_str_eq(M->measures[0].name, "テスト");
    ck_assert_int_eq(M->measures[0].n_tags, 0);
    ck_assert_double_eq(M->measures[0].saving, 3);
    ck_assert_str_eq(M->measures[1].name, "a\tb");
    ck_assert_double_eq(M->measures[1].cost, 1200);
    ck_assert_int_eq(M->measures[1].n_tags, 1);

    /* positions count tab-separated fields */
    n = to_utf16le("id\tname\tarea\tcost\trisk_reduction\r\n"
                   "M01\tテスト\teconomy\tx\t2\r\n", buf, sizeof buf);
    p = tu_write("tsv/m2.csv", (const char *)buf, n);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(p, 2, 17, "column \"cost\": \"x\" is not a number");
}
END_TEST

START_TEST(test_title_row)
{
    /* Excel keeps a title row above the header, padded with commas */
    const char *p = scenario("title", "平成29年度 要求一覧,,,,\n"
                                      "id,name,area,cost,risk_reduction\n"
                                      "M01,a,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(path_in("title", "measures.csv"), 1, 1,
                    "the first row \"平成29年度 要求一覧\" is not a header row");
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "start it with # to make it a comment"));
    ck_assert_int_eq(juten_diags_errors(D), 1);
    ck_assert_int_eq(juten_diags_warnings(D), 0);
    p = scenario("title", "# 平成29年度 要求一覧,,,,\n"
                          "id,name,area,cost,risk_reduction\n"
                          "M01,a,economy,1,1\n", NULL);
    ck_assert_int_eq(load(p), JUTEN_OK);
}
END_TEST

/* ---- limits ------------------------------------------------------------------- */

START_TEST(test_input_not_regular_or_too_big)
{
    /* /dev/zero used to be read, doubling a buffer, until memory ran out */
    tu_write("devzero/a.csv", "id,name,weight\na,A,1\n", (size_t)-1);
    const char *p = tu_write("devzero/s.ini", "[scenario]\nmeasures = /dev/zero\nareas = a.csv\n",
                             (size_t)-1);
    ck_assert_int_eq(load(p), JUTEN_ERR_NOFILE);
    ASSERT_ERROR_AT(p, 2, 12, "cannot read the measures file \"/dev/zero\": it is a character "
                              "device, not a regular file");
    ck_assert_int_eq(load("/dev/zero"), JUTEN_ERR_NOFILE);
    ck_assert_int_eq(load(tu_path("devzero")), JUTEN_ERR_NOFILE);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "it is a directory"));

    /* larger than the cap: refused before reading (a sparse file) */
    const char *big = tu_write("devzero/big.csv", "id", 2);
    FILE *fp = fopen(big, "r+b");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(fseeko(fp, (off_t)JM_INPUT_MAX, SEEK_SET), 0);
    ck_assert_int_eq(fputc('\n', fp), '\n');
    fclose(fp);
    tu_write("devzero/s2.ini", "[scenario]\nmeasures = big.csv\nareas = a.csv\n", (size_t)-1);
    ck_assert_int_eq(load(tu_path("devzero/s2.ini")), JUTEN_ERR_NOFILE);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "big.csv\": it is larger than 256 MiB, the most "
                                            "juten reads"));
    remove(big);

    /* a FIFO is read until its writer closes it */
    const char *fifo = tu_path("devzero/pipe.csv");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        alarm(30); /* never outlive a failed test */
        FILE *w = fopen(fifo, "w");
        if (w) {
            fputs("id,name,area,cost,risk_reduction\nM01,a,a,1,1\n", w);
            fclose(w);
        }
        _exit(0);
    }
    tu_write("devzero/s3.ini", "[scenario]\nmeasures = pipe.csv\nareas = a.csv\n", (size_t)-1);
    juten_status st = load(tu_path("devzero/s3.ini"));
    int ws;
    waitpid(pid, &ws, 0);
    if (st != JUTEN_OK)
        dump();
    ck_assert_int_eq(st, JUTEN_OK);
    ck_assert_int_eq(M->n_measures, 1);
}
END_TEST

START_TEST(test_extreme_values)
{
    /* 1e308 made the totals infinite; 5e-324 broke GLPK's scaling */
    const char *p = scenario("extreme", "id,name,area,cost,risk_reduction,saving,cost_high\n"
                                        "M01,名前,economy,1e308,1,0,\n"
                                        "M02,名前,economy,5e-324,1,0,\n"
                                        "M03,名前,economy,1,-2e12,1e-10,\n"
                                        "M04,名前,economy,1,1,0,1e13\n"
                                        "M05,名前,economy,1e12,-1e12,0.000000001,\n",
                             "[weights]\neconomy = 1e7\n[minimum_by_tag]\n");
    const char *f = path_in("extreme", "measures.csv");
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    ASSERT_ERROR_AT(f, 2, 16, "column \"cost\": \"1e308\" is too large; juten accepts values "
                              "up to 1e12 in absolute value");
    ASSERT_ERROR_AT(f, 3, 16, "column \"cost\": \"5e-324\" is too small; a value that is not 0 "
                              "must be at least 1e-9");
    ASSERT_ERROR_AT(f, 4, 18, "column \"risk_reduction\": \"-2e12\" is too large");
    ASSERT_ERROR_AT(f, 4, 24, "column \"saving\": \"1e-10\" is too small");
    ASSERT_ERROR_AT(f, 5, 22, "column \"cost_high\": \"1e13\" is too large");
    ASSERT_ERROR_AT(p, 7, 11, "[weights] economy: \"1e7\" is too large; juten accepts values "
                              "up to 1e6");
    ck_assert_int_eq(juten_diags_errors(D), 6);

    /* the same bounds for a model built in code */
    juten_model *m = juten_model_alloc();
    m->n_areas = 1;
    m->areas = calloc(1, sizeof *m->areas);
    m->areas[0] = (juten_area){strdup("a"), strdup("A"), 1, NAN, NAN, NAN, NAN};
    m->n_measures = 1;
    m->measures = calloc(1, sizeof *m->measures);
    m->measures[0].id = strdup("M01");
    m->measures[0].cost = 2e12;
    m->measures[0].risk = 1;
    m->measures[0].ministry = m->measures[0].group = -1;
    m->measures[0].cost_lo = m->measures[0].cost_hi = NAN;
    m->measures[0].risk_lo = m->measures[0].risk_hi = NAN;
    m->measures[0].saving_lo = m->measures[0].saving_hi = NAN;
    juten_diags_clear(D);
    ck_assert_int_eq(juten_model_finish(m, D), JUTEN_ERR_INPUT);
    ck_assert_ptr_nonnull(find(JUTEN_ERROR, "measure \"M01\": cost 2000000000000 is too large"));
    juten_model_free(m);
}
END_TEST

START_TEST(test_force_list_linear)
{
    /* a [force] line of 300 000 ids took quadratic time (each id's column
     * was counted from the start of the line): 20 s in a release build */
    enum { N = 300000 };
    char *ini = malloc((size_t)N * 6 + 256);
    size_t o = (size_t)sprintf(ini, "[scenario]\nname = test round\nmeasures = measures.csv\n"
                                    "areas = areas.csv\nministries = ministries.csv\n"
                                    "[force]\nexclude = ");
    for (int i = 0; i < N; i++)
        o += (size_t)sprintf(ini + o, "%sM%02d", i ? ", " : "", i % 50);
    sprintf(ini + o, ", M77\n");
    char csv[4096];
    size_t c = (size_t)snprintf(csv, sizeof csv, "%s", HEAD);
    for (int i = 0; i < 50; i++)
        c += (size_t)snprintf(csv + c, sizeof csv - c, "M%02d,a,economy,1,1\n", i);
    scenario("forcelin", csv, NULL);
    const char *p = tu_write("forcelin/scenario.ini", ini, (size_t)-1);
    free(ini);
    double t0 = juten_clock_monotonic();
    ck_assert_int_eq(load(p), JUTEN_ERR_INPUT);
    double secs = juten_clock_monotonic() - t0;
    ck_assert_msg(secs < 5, "a 300 000-id [force] line took %.1f s", secs);
    /* the one unknown id, at the very end of the line: its column is right */
    ASSERT_ERROR_AT(p, 7, 11 + 5 * N, "[force] exclude: \"M77\" is not a measure id");
}
END_TEST

/* The read-only accessors of juten_model.h give exactly the layout's
 * numbers (reports, charts and the CLI read nothing else), and "nothing"
 * (NULL, NAN, -1, 0, false) out of range instead of reading past an end.
 * A random round has every kind of rule; fy2017 has input files. */
static void check_accessors(const juten_model *m)
{
    ck_assert_double_eq(juten_model_headroom(m), m->headroom);
    ck_assert_double_eq(juten_model_savings_rate(m), m->savings_rate);
    for (int i = 0; i < m->n_measures; i++) {
        const juten_measure *me = &m->measures[i];
        ck_assert_str_eq(juten_model_measure_name(m, i), me->name);
        ck_assert_int_eq(juten_model_measure_area(m, i), me->area);
        ck_assert_int_eq(juten_model_measure_ministry(m, i), me->ministry);
        ck_assert_double_eq(juten_model_measure_cost(m, i), me->cost);
        ck_assert_double_eq(juten_model_measure_risk(m, i), me->risk);
        ck_assert_double_eq(juten_model_measure_saving(m, i), me->saving);
        ck_assert_double_eq(juten_model_measure_cost_lo(m, i), me->cost_lo);
        ck_assert_double_eq(juten_model_measure_cost_hi(m, i), me->cost_hi);
        ck_assert_double_eq(juten_model_measure_risk_lo(m, i), me->risk_lo);
        ck_assert_double_eq(juten_model_measure_risk_hi(m, i), me->risk_hi);
        ck_assert_double_eq(juten_model_measure_saving_lo(m, i), me->saving_lo);
        ck_assert_double_eq(juten_model_measure_saving_hi(m, i), me->saving_hi);
        ck_assert(juten_model_measure_mandatory(m, i) == me->mandatory);
        ck_assert_int_eq(juten_model_measure_force(m, i), (int)me->force);
        ck_assert_int_eq(juten_model_measure_group(m, i), me->group);
        ck_assert_int_eq(juten_model_measure_line(m, i), me->line);
        ck_assert_int_eq(juten_model_measure_requires_count(m, i), me->n_requires);
        for (int q = 0; q < me->n_requires; q++)
            ck_assert_int_eq(juten_model_measure_requires(m, i, q), me->requires[q]);
        ck_assert_int_eq(juten_model_measure_requires(m, i, me->n_requires), -1);
        ck_assert_int_eq(juten_model_measure_tag_count(m, i), me->n_tags);
        for (int q = 0; q < me->n_tags; q++)
            ck_assert_int_eq(juten_model_measure_tag(m, i, q), me->tags[q]);
        ck_assert_int_eq(juten_model_measure_tag(m, i, -1), -1);
        ck_assert_int_eq(juten_model_measure_share_count(m, i), me->n_shares);
        for (int q = 0; q < me->n_shares; q++) {
            ck_assert_int_eq(juten_model_measure_share_ministry(m, i, q), me->shares[q].ministry);
            ck_assert_double_eq(juten_model_measure_share(m, i, q), me->shares[q].share);
        }
        ck_assert(isnan(juten_model_measure_share(m, i, me->n_shares)));
        for (int k = 0; k < m->n_ministries; k++)
            ck_assert_double_eq(juten_model_measure_charge_share(m, i, k),
                                juten_measure_charge_share(me, k));
    }
    for (int a = 0; a < m->n_areas; a++) {
        const juten_area *ar = &m->areas[a];
        ck_assert_str_eq(juten_model_area_id(m, a), ar->id);
        ck_assert_str_eq(juten_model_area_name(m, a), ar->name);
        ck_assert_double_eq(juten_model_area_weight(m, a), ar->weight);
        /* NAN (no rule) must stay NAN, so compare bit patterns' meaning */
        ck_assert(isnan(ar->min_share) ? isnan(juten_model_area_min_share(m, a))
                                       : juten_model_area_min_share(m, a) == ar->min_share);
        ck_assert(isnan(ar->max_share) ? isnan(juten_model_area_max_share(m, a))
                                       : juten_model_area_max_share(m, a) == ar->max_share);
        ck_assert(isnan(ar->min_spend) ? isnan(juten_model_area_min_spend(m, a))
                                       : juten_model_area_min_spend(m, a) == ar->min_spend);
        ck_assert(isnan(ar->max_spend) ? isnan(juten_model_area_max_spend(m, a))
                                       : juten_model_area_max_spend(m, a) == ar->max_spend);
    }
    for (int k = 0; k < m->n_ministries; k++) {
        ck_assert_str_eq(juten_model_ministry_id(m, k), m->ministries[k].id);
        ck_assert_str_eq(juten_model_ministry_name(m, k), m->ministries[k].name);
        ck_assert(juten_model_ministry_ceiling(m, k) == m->ministries[k].ceiling);
    }
    ck_assert_int_eq(juten_model_tag_count(m), m->n_tags);
    for (int t = 0; t < m->n_tags; t++) {
        ck_assert_str_eq(juten_model_tag_id(m, t), m->tags[t].id);
        ck_assert(isnan(m->tags[t].minimum) ? isnan(juten_model_tag_minimum(m, t))
                                            : juten_model_tag_minimum(m, t) == m->tags[t].minimum);
    }
    ck_assert_int_eq(juten_model_group_count(m), m->n_groups);
    for (int g = 0; g < m->n_groups; g++)
        ck_assert_str_eq(juten_model_group_id(m, g), m->groups[g].id);
    ck_assert_int_eq(juten_model_file_count(m), m->n_files);
    for (int f = 0; f < m->n_files; f++) {
        ck_assert_str_eq(juten_model_file_role(m, f), m->files[f].role);
        ck_assert_str_eq(juten_model_file_path(m, f), m->files[f].path);
        ck_assert_str_eq(juten_model_file_sha256(m, f), m->files[f].sha256);
    }
    /* out of range: nothing, never a read past the end */
    int n = m->n_measures;
    ck_assert_ptr_null(juten_model_measure_name(m, n));
    ck_assert_ptr_null(juten_model_measure_name(m, -1));
    ck_assert(isnan(juten_model_measure_cost(m, n)));
    ck_assert_int_eq(juten_model_measure_area(m, -1), -1);
    ck_assert(!juten_model_measure_mandatory(m, n));
    ck_assert_int_eq(juten_model_measure_tag_count(m, n), 0);
    ck_assert_ptr_null(juten_model_area_id(m, m->n_areas));
    ck_assert(isnan(juten_model_area_weight(m, -1)));
    ck_assert_ptr_null(juten_model_ministry_id(m, m->n_ministries));
    ck_assert(isnan(juten_model_ministry_ceiling(m, -1)));
    ck_assert_ptr_null(juten_model_tag_id(m, m->n_tags));
    ck_assert_ptr_null(juten_model_group_id(m, m->n_groups));
    ck_assert_ptr_null(juten_model_file_sha256(m, m->n_files));
}

START_TEST(test_public_accessors)
{
    ck_assert_int_eq(juten_model_load(tu_src("scenarios/fy2017/scenario.ini"), &M, D), JUTEN_OK);
    ck_assert_int_gt(M->n_files, 0);
    check_accessors(M);
    juten_model_free(M);
    M = NULL;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        M = tm_random_model(seed, 1, 12);
        ck_assert_ptr_nonnull(M);
        check_accessors(M);
        juten_model_free(M);
        M = NULL;
    }
    ck_assert_ptr_null(juten_model_measure_name(NULL, 0));
    ck_assert(isnan(juten_model_headroom(NULL)));
    ck_assert_int_eq(juten_model_file_count(NULL), 0);
}
END_TEST

static Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_valid_scenario);
    tcase_add_test(tc, test_sha256_known_answer);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_number_cells);
    tcase_add_test(tc, test_bad_numbers);
    tcase_add_test(tc, test_negative_cost_saving);
    tcase_add_test(tc, test_three_point_order);
    tcase_add_test(tc, test_csv_stray_quote);
    tcase_add_test(tc, test_csv_unterminated_quote);
    tcase_add_test(tc, test_csv_quoted_newline_positions);
    tcase_add_test(tc, test_csv_nul_byte);
    tcase_add_test(tc, test_csv_field_count);
    tcase_add_test(tc, test_csv_columns);
    tcase_add_test(tc, test_empty_and_header_only);
    tcase_add_test(tc, test_duplicate_id);
    tcase_add_test(tc, test_unknown_references);
    tcase_add_test(tc, test_dependency_cycle);
    tcase_add_test(tc, test_cost_share_sum_and_mandatory);
    tcase_add_test(tc, test_all_errors_listed);
    tcase_add_test(tc, test_error_cap);
    tcase_add_test(tc, test_ini_errors);
    tcase_add_test(tc, test_ini_syntax);
    tcase_add_test(tc, test_ini_savings_rate_warning);
    tcase_add_test(tc, test_force_errors);
    tcase_add_test(tc, test_force_long_list);
    tcase_add_test(tc, test_missing_data_file);
    tcase_add_test(tc, test_base_inheritance);
    tcase_add_test(tc, test_base_cycle);
    tcase_add_test(tc, test_direct_csv);
    tcase_add_test(tc, test_utf8_bom);
    tcase_add_test(tc, test_cp932);
    tcase_add_test(tc, test_utf16le);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_scenario_encodings);
    tcase_add_test(tc, test_finish_code_model);
    tcase_add_test(tc, test_large_chain);
    tcase_add_test(tc, test_header_misspelt);
    tcase_add_test(tc, test_header_close_variants);
    tcase_add_test(tc, test_header_japanese);
    tcase_add_test(tc, test_columns_section);
    tcase_add_test(tc, test_scenario_unknown_names);
    tcase_add_test(tc, test_share_percent);
    tcase_add_test(tc, test_mandatory_marks_and_blanks);
    tcase_add_test(tc, test_unicode_text_tsv);
    tcase_add_test(tc, test_title_row);
    tcase_add_test(tc, test_input_not_regular_or_too_big);
    tcase_add_test(tc, test_extreme_values);
    tcase_add_test(tc, test_force_list_linear);
    tcase_add_test(tc, test_public_accessors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(model_suite());
}
