/*
 * test_report.c -- number formatting, aligned tables, CSV cells, and the
 * one output writer (atomic files, write-through of links,
 * FIFOs and devices, scratch space, cleanup on signals), each on known
 * answers.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_int.h"
#include "testutil.h"

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
    /* デジ decomposed (テ U+3099 シ U+3099, as macOS writes names): the
     * combining marks take no column, so it is as wide as デジ */
    ck_assert(juten_table_add(
        t, (const char *const[]){"M3", "テ\xE3\x82\x99シ\xE3\x82\x99", "1"}));
    const char *path = tu_path("table.txt");
    FILE *f = fopen(path, "w");
    juten_table_print(t, f, 2);
    fclose(f);
    juten_table_free(t);
    char *text = tu_read(path, NULL);
    ck_assert_str_eq(text, "  id   name      cost\n"
                           "  M1   内閣官房  28.7\n"
                           "  M22  NISC         4\n"
                           "  M3   テ\xE3\x82\x99シ\xE3\x82\x99         1\n");
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

START_TEST(decimals_from_the_data)
{
    ck_assert_int_eq(juten_decimals_of(6, 3), 0);
    ck_assert_int_eq(juten_decimals_of(1.2, 3), 1);
    ck_assert_int_eq(juten_decimals_of(15.45, 3), 2);
    ck_assert_int_eq(juten_decimals_of(0.1 + 0.2, 3), 1);   /* binary noise is not a decimal */
    ck_assert_int_eq(juten_decimals_of(9 * 0.15, 3), 2);    /* 1.35 */
    ck_assert_int_eq(juten_decimals_of(2.0 / 3.0, 3), 3);   /* capped */
    ck_assert_int_eq(juten_decimals_of(2.0 / 3.0, 6), 6);
    ck_assert_int_eq(juten_decimals_of(-43.5, 3), 1);
    ck_assert_int_eq(juten_decimals_of(123456789012.5, 3), 1); /* large: relative */
    ck_assert_int_eq(juten_decimals_of(NAN, 3), 3);
    ck_assert_int_eq(juten_decimals_widen(1, 15.45), 2);
    ck_assert_int_eq(juten_decimals_widen(2, 6), 2);
    ck_assert_int_eq(juten_decimals_widen(1, INFINITY), 1);

    /* a round: costs with one decimal, a ceiling with two, risk x weight
     * (4.5 x 1.3 = 5.85) two */
    tu_write("prec/areas.csv", "id,name,weight\nsociety,社会,1.3\neconomy,経済,1\n", (size_t)-1);
    tu_write("prec/ministries.csv", "id,name,ceiling\nCAS,内閣官房,45.25\nMIC,総務省,\n",
             (size_t)-1);
    tu_write("prec/measures.csv",
             "id,name,area,ministry,cost,risk_reduction,saving\n"
             "M1,a,society,CAS,6,4.5,0\n"
             "M2,b,economy,MIC,1.2,2,0\n"
             "S1,c,economy,MIC,0,0,8\n",
             (size_t)-1);
    const char *ini = tu_write("prec/s.ini",
                               "[scenario]\nmeasures = measures.csv\nareas = areas.csv\n"
                               "ministries = ministries.csv\n",
                               (size_t)-1);
    juten_model *m = NULL;
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_model_load(ini, &m, d), JUTEN_OK);
    juten_precision p;
    juten_precision_of(m, 0, 1, &p);
    ck_assert_int_eq(p.money, 2);   /* the ceiling 45.25 */
    ck_assert_int_eq(p.value, 2);
    ck_assert_int_eq(p.net, 2);
    juten_precision_of(m, 0.125, 0.7, &p); /* a headroom override counts */
    ck_assert_int_eq(p.money, 3);
    ck_assert_int_eq(p.net, 3);
    juten_model_free(m);
    juten_diags_free(d);
}
END_TEST

START_TEST(fixed_percent_rate_and_one_line)
{
    char b[64];
    ck_assert_str_eq(juten_text_fixed(b, 6, 1), "6.0");
    ck_assert_str_eq(juten_text_fixed(b, 15.45, 2), "15.45");
    ck_assert_str_eq(juten_text_fixed(b, 1.2, 0), "1");
    ck_assert_str_eq(juten_text_fixed(b, -0.04, 1), "0.0"); /* never "-0.0" */
    ck_assert_str_eq(juten_text_fixed(b, -0.0, 0), "0");
    ck_assert_str_eq(juten_text_fixed(b, -2.25, 1), "-2.2"); /* round half to even */
    ck_assert_str_eq(juten_text_fixed(b, NAN, 2), "-");
    ck_assert_str_eq(juten_text_percent(b, 0.15), "15.0%");
    ck_assert_str_eq(juten_text_percent(b, 0.99777), "99.8%");
    ck_assert_str_eq(juten_text_percent(b, NAN), "-");
    ck_assert_str_eq(juten_text_rate(b, 1), "1");
    ck_assert_str_eq(juten_text_rate(b, 0.7), "0.7");
    ck_assert_str_eq(juten_text_rate(b, 0.638333), "0.638");
    char *o = juten_text_one_line("a\nb\r\nc\rd\te\x01");
    ck_assert_str_eq(o, "a\xE2\x86\xB5" "b\xE2\x86\xB5" "c\xE2\x86\xB5" "d e ");
    free(o);
    o = juten_text_one_line(NULL);
    ck_assert_str_eq(o, "");
    free(o);
    /* a table cell with a line break stays on its row */
    static const char *const hd[] = {"id", "name", "cost"};
    juten_table *t = juten_table_new(3, hd, "llr");
    ck_assert(juten_table_add(t, (const char *const[]){"M1", "一行目\n二行目", "6.0"}));
    ck_assert(juten_table_add(t, (const char *const[]){"M2", "tab\there", "15.5"}));
    const char *path = tu_path("nl.txt");
    FILE *f = fopen(path, "w");
    juten_table_print(t, f, 0);
    fclose(f);
    juten_table_free(t);
    char *text = tu_read(path, NULL);
    ck_assert_str_eq(text, "id  name           cost\n"
                           "M1  一行目\xE2\x86\xB5二行目   6.0\n"
                           "M2  tab here       15.5\n");
    free(text);
    /* CSV numbers: the decimals the table shows (fixed, never "-0"); a
     * rate's trailing zeros dropped */
    path = tu_path("num.csv");
    f = fopen(path, "w");
    const double v[] = {0.1 + 0.2, 1.23456789, 6, -0.0, 1e12, 2.0 / 3.0, NAN,
                        186.06 - 185.51, -1.4210854715202e-14, 123456789012.5, 0.126, INFINITY};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        juten_csv_number(f, v[i], i < 4 ? 1 : 2);
        fputc(';', f);
    }
    juten_csv_number(f, 53.6, 0);
    fputc(';', f);
    const double r[] = {1, 0.7, 0.638333, 0.6004, -0.0001};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        fputc(';', f);
        juten_csv_rate(f, r[i], 3);
    }
    fclose(f);
    text = tu_read(path, NULL);
    ck_assert_str_eq(text, "0.3;1.2;6.0;0.0;1000000000000.00;0.67;;0.55;0.00;123456789012.50;"
                           "0.13;;54;;1;0.7;0.638;0.6;0");
    free(text);
}
END_TEST

START_TEST(output_commit_and_abort)
{
    const char *dest = tu_write("o/result.txt", "old", (size_t)-1);
    juten_output *o = NULL;
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("new half", juten_file_stream(o));
    juten_file_close(o);
    char *text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "old"); /* aborted: untouched */
    free(text);
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("new", juten_file_stream(o));
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "new");
    free(text);
    /* the previous file's permissions are kept */
    chmod(dest, 0640);
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    fputs("again", juten_file_stream(o));
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
            fputs("0123456789", juten_file_stream(o));
        ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_ERR_IO);
    }
}
END_TEST

/* Names in dir (excluding . and ..), joined by spaces, into buf. */
static const char *listing(const char *dir, char *buf, size_t cap)
{
    buf[0] = 0;
    DIR *dd = opendir(dir);
    if (!dd)
        return "(cannot open)";
    struct dirent *e;
    while ((e = readdir(dd)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        strncat(buf, e->d_name, cap - strlen(buf) - 2);
        strncat(buf, " ", cap - strlen(buf) - 1);
    }
    closedir(dd);
    return buf;
}

static void write_all(juten_output *o, const char *text, int times)
{
    for (int i = 0; i < times; i++)
        fputs(text, juten_file_stream(o));
}

START_TEST(output_writes_through_what_it_must_not_replace)
{
    mkdir(tu_path("sp"), 0755);
    /* a symlink: its target gets the content, the link stays */
    const char *target = tu_write("sp/real.txt", "old", (size_t)-1);
    char link[4096];
    snprintf(link, sizeof link, "%s", tu_path("sp/link.txt"));
    ck_assert_int_eq(symlink("real.txt", link), 0);
    juten_output *o = NULL;
    ck_assert_int_eq(juten_output_open(link, &o, NULL), JUTEN_OK);
    write_all(o, "new", 1);
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    char *text = tu_read(target, NULL);
    ck_assert_str_eq(text, "new");
    free(text);

    /* our own file (a chart's .dat): a planted symlink is replaced by the
     * file, and what it points to is never written */
    ck_assert_int_eq(juten_output_open_flags(link, JUTEN_OUTPUT_OWN_FILE, &o, NULL), JUTEN_OK);
    write_all(o, "ours", 1);
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    text = tu_read(target, NULL);
    ck_assert_str_eq(text, "new");
    free(text);
    text = tu_read(link, NULL);
    ck_assert_str_eq(text, "ours");
    free(text);

    /* a FIFO: written through to its reader, still a FIFO afterwards */
    char fifo[4096];
    snprintf(fifo, sizeof fifo, "%s", tu_path("sp/fifo"));
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    pid_t reader = fork();
    if (reader == 0) {
        int fd = open(fifo, O_RDONLY);
        char b[64];
        ssize_t n = read(fd, b, sizeof b);
        if (n > 0)
            (void)!write(pfd[1], b, (size_t)n);
        _exit(0);
    }
    close(pfd[1]);
    ck_assert_int_eq(juten_output_open(fifo, &o, NULL), JUTEN_OK);
    write_all(o, "through", 1);
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    char got[64] = {0};
    ck_assert_int_gt(read(pfd[0], got, sizeof got - 1), 0);
    close(pfd[0]);
    waitpid(reader, NULL, 0);
    ck_assert_str_eq(got, "through");
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    /* ... and refused as our own file: it is not ours to write into */
    juten_diags *d = juten_diags_create(0);
    ck_assert_int_eq(juten_output_open_flags(fifo, JUTEN_OUTPUT_OWN_FILE, &o, d),
                     JUTEN_ERR_CANTCREAT);
    ck_assert_int_eq(juten_diags_errors(d), 1);
    juten_diags_free(d);
    ck_assert(juten_file_is_stream(fifo));
    ck_assert(!juten_file_is_stream(link));

    /* private device nodes (root only): never replaced; a full device is
     * an I/O error (74), not "cannot create" */
    char dev_null[4096], dev_full[4096];
    snprintf(dev_null, sizeof dev_null, "%s", tu_path("sp/mynull"));
    snprintf(dev_full, sizeof dev_full, "%s", tu_path("sp/myfull"));
    if (mknod(dev_null, S_IFCHR | 0666, makedev(1, 3)) == 0 &&
        mknod(dev_full, S_IFCHR | 0666, makedev(1, 7)) == 0) {
        ck_assert_int_eq(juten_output_open(dev_null, &o, NULL), JUTEN_OK);
        write_all(o, "0123456789", 10000);
        ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
        ck_assert_int_eq(juten_output_open(dev_full, &o, NULL), JUTEN_OK);
        write_all(o, "x", 1); /* even a little: the flush fails */
        ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_ERR_IO);
        ck_assert_int_eq(lstat(dev_null, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert_int_eq(lstat(dev_full, &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        ck_assert(juten_file_is_stream(dev_null));
    }
    char names[1024];
    ck_assert_msg(!strstr(listing(tu_path("sp"), names, sizeof names), ".tmp-"), "%s", names);
}
END_TEST

/* The one diagnostic d holds: its file and its sentence. */
static void assert_told(juten_diags *d, const char *file, const char *message)
{
    ck_assert_uint_eq(juten_diags_count(d), 1);
    const juten_diag *g = juten_diags_get(d, 0);
    ck_assert_int_eq(g->severity, JUTEN_ERROR);
    if (file)
        ck_assert_str_eq(g->file, file);
    else
        ck_assert_ptr_null(g->file);
    ck_assert_str_eq(g->message, message);
    juten_diags_clear(d);
}

START_TEST(output_failures_are_told_in_sentences)
{
    juten_diags *d = juten_diags_create(0);
    juten_output *o = NULL;
    const char *dir = tu_tmpdir();
    ck_assert_int_eq(juten_output_open(dir, &o, d), JUTEN_ERR_CANTCREAT);
    assert_told(d, dir, "cannot write output: it is a directory");
    char missing[4096];
    snprintf(missing, sizeof missing, "%s", tu_path("no-such-dir/out.txt"));
    ck_assert_int_eq(juten_output_open(missing, &o, d), JUTEN_ERR_CANTCREAT);
    assert_told(d, missing, "cannot create output file: No such file or directory");
    char dangling[4096];
    snprintf(dangling, sizeof dangling, "%s", tu_path("told-link"));
    ck_assert_int_eq(symlink("no-such-dir/x", dangling), 0);
    ck_assert_int_eq(juten_output_open(dangling, &o, d), JUTEN_ERR_CANTCREAT);
    assert_told(d, dangling, "cannot open for writing: No such file or directory");
    char fifo[4096];
    snprintf(fifo, sizeof fifo, "%s", tu_path("told-fifo"));
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(juten_output_open_flags(fifo, JUTEN_OUTPUT_OWN_FILE, &o, d),
                     JUTEN_ERR_CANTCREAT);
    assert_told(d, fifo,
                "cannot write this file: it is a FIFO, socket or device, and juten keeps its "
                "own regular file under this name; move it away");
    char src[4096];
    snprintf(src, sizeof src, "%s", tu_path("no-such-source"));
    ck_assert_int_eq(juten_output_open(tu_path("told.txt"), &o, d), JUTEN_OK);
    ck_assert_int_eq(juten_output_copy_from(o, src, d), JUTEN_ERR_IO);
    assert_told(d, src, "cannot read the file to copy: No such file or directory");
    juten_file_close(o);
    if (access("/dev/full", W_OK) == 0) {
        ck_assert_int_eq(juten_output_open("/dev/full", &o, d), JUTEN_OK);
        fputs("x", juten_file_stream(o));
        ck_assert_int_eq(juten_output_commit(o, d), JUTEN_ERR_IO);
        assert_told(d, "/dev/full", "writing /dev/full failed: No space left on device");
    }
    /* a scratch directory in a $TMPDIR that is not there */
    char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", missing, 1);
    juten_scratch *sc = NULL;
    ck_assert_int_eq(juten_scratch_create(&sc, d), JUTEN_ERR_CANTCREAT);
    assert_told(d, missing, "cannot create a scratch directory: No such file or directory");
    if (old)
        setenv("TMPDIR", old, 1);
    else
        unsetenv("TMPDIR");
    free(old);
    juten_diags_free(d);
}
END_TEST

START_TEST(scratch_and_copy)
{
    mkdir(tu_path("scr"), 0755);
    mkdir(tu_path("scr/tmp"), 0700);
    char tmpdir[4096];
    snprintf(tmpdir, sizeof tmpdir, "%s", tu_path("scr/tmp"));
    char *saved = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", tmpdir, 1);
    juten_scratch *s = NULL;
    ck_assert_int_eq(juten_scratch_create(&s, NULL), JUTEN_OK);
    ck_assert(strncmp(juten_file_scratch_dir(s), tmpdir, strlen(tmpdir)) == 0);
    struct stat st;
    ck_assert_int_eq(stat(juten_file_scratch_dir(s), &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_ptr_null(juten_file_scratch_path(s, "a b"));  /* plain names only */
    ck_assert_ptr_null(juten_file_scratch_path(s, "../x"));
    const char *f = juten_file_scratch_path(s, "model.lp");
    ck_assert_ptr_nonnull(f);
    FILE *w = fopen(f, "w");
    fputs("\\* written by name *\\\n", w);
    fclose(w);
    const char *dest = tu_path("scr/model.lp");
    juten_output *o = NULL;
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_output_copy_from(o, f, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_output_commit(o, NULL), JUTEN_OK);
    char *text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "\\* written by name *\\\n");
    free(text);
    /* a source that cannot be read is an I/O error; the target is kept */
    ck_assert_int_eq(juten_output_open(dest, &o, NULL), JUTEN_OK);
    ck_assert_int_eq(juten_output_copy_from(o, tu_path("scr/none"), NULL), JUTEN_ERR_IO);
    juten_file_close(o);
    juten_file_scratch_remove(s);
    char names[1024];
    ck_assert_str_eq(listing(tmpdir, names, sizeof names), "");
    /* a TMPDIR with characters a script could misread: /tmp instead */
    setenv("TMPDIR", "/tmp/it's here", 1);
    ck_assert_int_eq(juten_scratch_create(&s, NULL), JUTEN_OK);
    ck_assert(strncmp(juten_file_scratch_dir(s), "/tmp/juten-", 11) == 0);
    juten_file_scratch_remove(s);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}
END_TEST

START_TEST(signal_removes_temporary_files)
{
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        char dir[4096], tmpdir[4200];
        snprintf(dir, sizeof dir, "%s/sig%zu", tu_tmpdir(), k);
        snprintf(tmpdir, sizeof tmpdir, "%s/tmp", dir);
        mkdir(dir, 0755);
        mkdir(tmpdir, 0700);
        int pfd[2];
        ck_assert_int_eq(pipe(pfd), 0);
        pid_t pid = fork();
        if (pid == 0) {
            /* an export in progress: the target's temporary file and a
             * scratch file written by name both exist */
            setenv("TMPDIR", tmpdir, 1);
            juten_file_catch_signals();
            char dest[4300];
            snprintf(dest, sizeof dest, "%s/model.lp", dir);
            juten_output *o = NULL;
            juten_scratch *s = NULL;
            if (juten_output_open(dest, &o, NULL) != JUTEN_OK ||
                juten_scratch_create(&s, NULL) != JUTEN_OK)
                _exit(2);
            FILE *f = fopen(juten_file_scratch_path(s, "model.lp"), "w");
            fputs("half", f);
            fclose(f);
            (void)!write(pfd[1], "r", 1);
            for (;;)
                pause();
        }
        close(pfd[1]);
        char c;
        ck_assert_int_eq(read(pfd[0], &c, 1), 1);
        close(pfd[0]);
        char names[1024];
        ck_assert_msg(strstr(listing(dir, names, sizeof names), ".model.lp.tmp-"), "%s", names);
        kill(pid, sigs[k]);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        /* died of the signal, as without the handler */
        ck_assert(WIFSIGNALED(status));
        ck_assert_int_eq(WTERMSIG(status), sigs[k]);
        ck_assert_str_eq(listing(dir, names, sizeof names), "tmp ");
        ck_assert_str_eq(listing(tmpdir, names, sizeof names), "");
    }
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, amounts);
    tcase_add_test(tc, table_aligns_by_display_width);
    tcase_add_test(tc, table_cuts_long_cells);
    tcase_add_test(tc, csv_cells);
    tcase_add_test(tc, decimals_from_the_data);
    tcase_add_test(tc, fixed_percent_rate_and_one_line);
    tcase_add_test(tc, output_commit_and_abort);
    tcase_add_test(tc, output_writes_through_what_it_must_not_replace);
    tcase_add_test(tc, output_failures_are_told_in_sentences);
    tcase_add_test(tc, scratch_and_copy);
    tcase_add_test(tc, signal_removes_temporary_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(report_suite());
}
