/*
 * test_report.c -- display widths, number formatting, aligned tables, CSV
 * cells and atomic output files, each on known answers.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_int.h"
#include "testutil.h"

START_TEST(display_width)
{
    ck_assert_int_eq(juten_text_width(""), 0);
    ck_assert_int_eq(juten_text_width("abc"), 3);
    ck_assert_int_eq(juten_text_width("内閣官房"), 8);            /* CJK: 2 each */
    ck_assert_int_eq(juten_text_width("ＩＰＡ"), 6);              /* full-width Latin */
    ck_assert_int_eq(juten_text_width("ｶﾀｶﾅ"), 4);                /* half-width kana: 1 */
    ck_assert_int_eq(juten_text_width("GSOC監視"), 8);
    ck_assert_int_eq(juten_text_width("テスト・対策"), 12);
    int w;
    ck_assert_uint_eq(juten_text_fit("内閣官房", 5, &w), 6); /* two characters fit */
    ck_assert_int_eq(w, 4);
}
END_TEST

START_TEST(amounts)
{
    char b[64];
    ck_assert_str_eq(juten_text_amount(b, 12.5, 3), "12.5");
    ck_assert_str_eq(juten_text_amount(b, 12.0, 3), "12");
    ck_assert_str_eq(juten_text_amount(b, 0.1 + 0.2, 3), "0.3");
    ck_assert_str_eq(juten_text_amount(b, -0.0001, 3), "0");
    ck_assert_str_eq(juten_text_amount(b, -2.25, 3), "-2.25");
    ck_assert_str_eq(juten_text_amount(b, 1200, 3), "1200");
    ck_assert_str_eq(juten_text_amount(b, 0.0 / 0.0, 3), "-");
}
END_TEST

START_TEST(table_aligns_by_display_width)
{
    static const char *const hd[] = {"id", "name", "cost"};
    juten_table *t = juten_table_new(3, hd, "llr");
    ck_assert_ptr_nonnull(t);
    ck_assert(juten_table_add(t, (const char *const[]){"M1", "内閣官房", "28.7"}));
    ck_assert(juten_table_add(t, (const char *const[]){"M22", "NISC", "4"}));
    const char *path = tu_path("table.txt");
    FILE *f = fopen(path, "w");
    juten_table_print(t, f, 2);
    fclose(f);
    juten_table_free(t);
    char *text = tu_read(path, NULL);
    ck_assert_str_eq(text, "  id   name      cost\n"
                           "  M1   内閣官房  28.7\n"
                           "  M22  NISC         4\n");
    free(text);
}
END_TEST

START_TEST(table_cuts_long_cells)
{
    static const char *const hd[] = {"name", "x"};
    juten_table *t = juten_table_new(2, hd, "ll");
    juten_table_set_max_width(t, 0, 7);
    ck_assert(juten_table_add(t, (const char *const[]){"情報セキュリティ対策", "1"}));
    const char *path = tu_path("cut.txt");
    FILE *f = fopen(path, "w");
    juten_table_print(t, f, 0);
    fclose(f);
    juten_table_free(t);
    char *text = tu_read(path, NULL);
    /* 3 CJK characters (6 columns) + ellipsis (1 column) = 7 columns */
    ck_assert_str_eq(text, "name     x\n情報セ…  1\n");
    free(text);
}
END_TEST

static char *csv_of(const char *s, bool text)
{
    const char *path = tu_path("cell.csv");
    FILE *f = fopen(path, "w");
    juten_csv_cell(f, s, text);
    fclose(f);
    return tu_read(path, NULL);
}

START_TEST(csv_cells)
{
    static const struct { const char *in; bool text; const char *out; } cases[] = {
        {"plain", true, "plain"},
        {"a,b", true, "\"a,b\""},
        {"say \"hi\"", true, "\"say \"\"hi\"\"\""},
        {"=1+1", true, "\"'=1+1\""},
        {"+81", true, "\"'+81\""},
        {"-x", true, "\"'-x\""},
        {"@SUM(A1)", true, "\"'@SUM(A1)\""},
        {"-3.5", false, "-3.5"},     /* numbers we write are not guarded */
        {"改行\nあり", true, "\"改行\nあり\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csv_of(cases[i].in, cases[i].text);
        ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: %s", i, got);
        free(got);
    }
}
END_TEST

START_TEST(output_commit_and_abort)
{
    const char *dest = tu_write("o/result.txt", "old", (size_t)-1);
    juten_output *o = NULL;
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("new half", juten_output_file(o));
    juten_output_abort(o);
    char *text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "old"); /* aborted: untouched */
    free(text);
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("new", juten_output_file(o));
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "new");
    free(text);
    /* the previous file's permissions are kept */
    chmod(dest, 0640);
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("again", juten_output_file(o));
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    struct stat st;
    ck_assert_int_eq(stat(dest, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
    /* a directory is refused */
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_output_open(tu_tmpdir(), &o, d), JUTEN_ERR_CANTCREAT);
    ck_assert_int_eq(juten_diags_errors(d), 1);
    juten_diags_free(d);
    /* a full disk is an I/O error at commit, and the target survives */
    if (access("/dev/full", W_OK) == 0) {
        ck_assert_int_eq(juten_output_open("/dev/full", &o, NULL), JUTEN_OK);
        for (int i = 0; i < 10000; i++)
            fputs("0123456789", juten_output_file(o));
        ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_ERR_IO);
    }
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, display_width);
    tcase_add_test(tc, amounts);
    tcase_add_test(tc, table_aligns_by_display_width);
    tcase_add_test(tc, table_cuts_long_cells);
    tcase_add_test(tc, csv_cells);
    tcase_add_test(tc, output_commit_and_abort);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    tu_tmpdir(); /* shared by the forked tests, removed below */
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_cleanup();
    return failed ? 1 : 0;
}
