/*
 * test_base.c -- juten_base on known answers: the UTF-8 decoder (invalid
 * bytes, overlongs, surrogates, 4-byte characters, cut sequences), the
 * display-width table (CJK, full-width, half-width katakana, combining
 * marks), the safe writer on a regular file, a symlink and a FIFO, and the
 * monotonic clock.  Only base headers are included: base stands alone.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "juten_clock.h"
#include "juten_file.h"
#include "juten_utf8.h"
#include "testutil.h"

/* Decode s (n bytes): the length returned, and the code point in *cp. */
static int dec(const char *s, size_t n, uint32_t *cp)
{
    *cp = 0xDEADBEEF;
    return juten_utf8_decode(s, n, cp);
}

START_TEST(utf8_decodes_well_formed_characters)
{
    uint32_t cp;
    ck_assert_int_eq(dec("A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 'A');
    ck_assert_int_eq(dec("\xC2\xA0", 2, &cp), 2); /* NO-BREAK SPACE */
    ck_assert_uint_eq(cp, 0xA0);
    ck_assert_int_eq(dec("\xDF\xBF", 2, &cp), 2); /* last 2-byte */
    ck_assert_uint_eq(cp, 0x7FF);
    ck_assert_int_eq(dec("\xE0\xA0\x80", 3, &cp), 3); /* first 3-byte */
    ck_assert_uint_eq(cp, 0x800);
    ck_assert_int_eq(dec("日本", 6, &cp), 3);
    ck_assert_uint_eq(cp, 0x65E5);
    ck_assert_int_eq(dec("\xED\x9F\xBF", 3, &cp), 3); /* just below the surrogates */
    ck_assert_uint_eq(cp, 0xD7FF);
    ck_assert_int_eq(dec("\xEE\x80\x80", 3, &cp), 3); /* just above them */
    ck_assert_uint_eq(cp, 0xE000);
    ck_assert_int_eq(dec("\xEF\xBB\xBF", 3, &cp), 3); /* BOM */
    ck_assert_uint_eq(cp, 0xFEFF);
    /* 4-byte: first, a CJK Extension B kanji (𠮷), an emoji, the last */
    ck_assert_int_eq(dec("\xF0\x90\x80\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x10000);
    ck_assert_int_eq(dec("𠮷", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x20BB7);
    ck_assert_int_eq(dec("\xF0\x9F\x98\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
    ck_assert_int_eq(dec("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x10FFFF);
    /* NUL-terminated, unbounded */
    ck_assert_int_eq(dec("内", SIZE_MAX, &cp), 3);
    ck_assert_uint_eq(cp, 0x5185);
}
END_TEST

START_TEST(utf8_refuses_ill_formed_sequences)
{
    uint32_t cp;
    /* stray continuation bytes and bytes that never start a character */
    ck_assert_int_eq(dec("\x80", 1, &cp), 0);
    ck_assert_int_eq(dec("\xBF", 1, &cp), 0);
    ck_assert_int_eq(dec("\xF5\x80\x80\x80", 4, &cp), 0);
    ck_assert_int_eq(dec("\xFF", 1, &cp), 0);
    ck_assert_uint_eq(cp, 0xDEADBEEF); /* left alone */
    /* overlongs: "/" as 2, 3 and 4 bytes, NUL as C0 80, U+07FF as 3 bytes,
     * U+FFFF as 4 bytes */
    ck_assert_int_eq(dec("\xC0\xAF", 2, &cp), 0);
    ck_assert_int_eq(dec("\xC1\xBF", 2, &cp), 0);
    ck_assert_int_eq(dec("\xC0\x80", 2, &cp), 0);
    ck_assert_int_eq(dec("\xE0\x80\xAF", 3, &cp), 0);
    ck_assert_int_eq(dec("\xE0\x9F\xBF", 3, &cp), 0);
    ck_assert_int_eq(dec("\xF0\x80\x80\xAF", 4, &cp), 0);
    ck_assert_int_eq(dec("\xF0\x8F\xBF\xBF", 4, &cp), 0);
    /* surrogates, paired or not (CESU-8) */
    ck_assert_int_eq(dec("\xED\xA0\x80", 3, &cp), 0);
    ck_assert_int_eq(dec("\xED\xBF\xBF", 3, &cp), 0);
    ck_assert_int_eq(dec("\xED\xA0\xBD\xED\xB8\x80", 6, &cp), 0);
    /* past U+10FFFF */
    ck_assert_int_eq(dec("\xF4\x90\x80\x80", 4, &cp), 0);
    /* a continuation byte missing, or cut by the length or a NUL */
    ck_assert_int_eq(dec("\xE6\x97", 2, &cp), 0);
    ck_assert_int_eq(dec("\xE6\x97" "A", 3, &cp), 0);
    ck_assert_int_eq(dec("\xE6\x97\xA5", 2, &cp), 0);
    ck_assert_int_eq(dec("\xF0\x9F\x98", SIZE_MAX, &cp), 0);
    ck_assert_int_eq(dec("\xC3", SIZE_MAX, &cp), 0);
    ck_assert_int_eq(dec("A", 0, &cp), 0);
    ck_assert_uint_eq(cp, 0xDEADBEEF);

    /* the walker moves one byte past what it refuses */
    const char s[] = "a\xC0\xAF" "日\xED\xA0\x80";
    size_t i = 0, n = sizeof s - 1;
    long want[] = {'a', -1, -1, 0x65E5, -1, -1, -1};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ck_assert_int_eq(juten_utf8_next(s, n, &i), want[k]);
    ck_assert_uint_eq(i, n);
}
END_TEST

START_TEST(utf8_encodes_and_counts)
{
    uint32_t cps[] = {0x24, 0x7F, 0x80, 0x7FF, 0x800, 0x3042, 0xFFFD, 0xFFFF, 0x10000, 0x20BB7,
                      0x10FFFF};
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char b[4];
        int n = juten_utf8_encode(cps[k], b);
        ck_assert_int_gt(n, 0);
        uint32_t back;
        ck_assert_int_eq(juten_utf8_decode(b, (size_t)n, &back), n);
        ck_assert_uint_eq(back, cps[k]);
    }
    char b[4];
    ck_assert_int_eq(juten_utf8_encode(0x3042, b), 3);
    ck_assert(memcmp(b, "あ", 3) == 0);
    ck_assert_int_eq(juten_utf8_encode(0xD800, b), 0);
    ck_assert_int_eq(juten_utf8_encode(0xDFFF, b), 0);
    ck_assert_int_eq(juten_utf8_encode(0x110000, b), 0);

    ck_assert_uint_eq(juten_utf8_count("", 0), 0);
    ck_assert_uint_eq(juten_utf8_count("abc", 3), 3);
    ck_assert_uint_eq(juten_utf8_count("内閣官房", 12), 4);
    ck_assert_uint_eq(juten_utf8_count("a𠮷b", 6), 3);
}
END_TEST

START_TEST(utf8_cut_keeps_whole_characters)
{
    const char *s = "ab日本𠮷";           /* 2 + 3 + 3 + 4 bytes */
    ck_assert_uint_eq(juten_utf8_cut(s, 0), 0);
    ck_assert_uint_eq(juten_utf8_cut(s, 2), 2);
    ck_assert_uint_eq(juten_utf8_cut(s, 3), 2);  /* one byte of 日 */
    ck_assert_uint_eq(juten_utf8_cut(s, 4), 2);  /* two bytes of 日 */
    ck_assert_uint_eq(juten_utf8_cut(s, 5), 5);  /* 日 whole: kept */
    ck_assert_uint_eq(juten_utf8_cut(s, 8), 8);
    ck_assert_uint_eq(juten_utf8_cut(s, 9), 8);
    ck_assert_uint_eq(juten_utf8_cut(s, 11), 8); /* three bytes of 𠮷 */
    ck_assert_uint_eq(juten_utf8_cut(s, 12), 12);
    /* bytes that are no character are not the cut's to judge */
    ck_assert_uint_eq(juten_utf8_cut("a\x80\x80", 3), 3);
}
END_TEST

START_TEST(width_of_characters)
{
    /* ASCII, Latin-1, controls shown as one */
    ck_assert_int_eq(juten_utf8_cp_width('a'), 1);
    ck_assert_int_eq(juten_utf8_cp_width(0xE9), 1);
    ck_assert_int_eq(juten_utf8_cp_width(0), 0);
    /* CJK ideographs, kana, Hangul, Extension B: two */
    ck_assert_int_eq(juten_utf8_cp_width(0x4E00), 2);
    ck_assert_int_eq(juten_utf8_cp_width(0x9FFF), 2);
    ck_assert_int_eq(juten_utf8_cp_width(0x3042), 2);  /* あ */
    ck_assert_int_eq(juten_utf8_cp_width(0x30A2), 2);  /* ア */
    ck_assert_int_eq(juten_utf8_cp_width(0x30FB), 2);  /* ・ */
    ck_assert_int_eq(juten_utf8_cp_width(0xAC00), 2);  /* 가 */
    ck_assert_int_eq(juten_utf8_cp_width(0x20BB7), 2); /* 𠮷 */
    ck_assert_int_eq(juten_utf8_cp_width(0x3000), 2);  /* ideographic space */
    ck_assert_int_eq(juten_utf8_cp_width(0x3001), 2);  /* 、 */
    ck_assert_int_eq(juten_utf8_cp_width(0x1F600), 2); /* emoji */
    ck_assert_int_eq(juten_utf8_cp_width(0x1F680), 2); /* 🚀: past the old U+1F64F end */
    /* full-width forms two, half-width katakana and forms one */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF01), 2);  /* ！ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF29), 2);  /* Ｉ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF60), 2);
    ck_assert_int_eq(juten_utf8_cp_width(0xFFE5), 2);  /* ￥ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF61), 1);  /* ｡ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF76), 1);  /* ｶ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF9F), 1);  /* ﾟ */
    ck_assert_int_eq(juten_utf8_cp_width(0xFFE8), 1);  /* half-width forms */
    ck_assert_int_eq(juten_utf8_cp_width(0xFF00), 1);  /* unassigned */
    /* combining marks and zero-width characters: none */
    ck_assert_int_eq(juten_utf8_cp_width(0x0301), 0);  /* acute */
    ck_assert_int_eq(juten_utf8_cp_width(0x3099), 0);  /* combining voiced sound mark */
    ck_assert_int_eq(juten_utf8_cp_width(0x309A), 0);
    ck_assert_int_eq(juten_utf8_cp_width(0x309B), 2);  /* the spacing ゛ is wide */
    ck_assert_int_eq(juten_utf8_cp_width(0x20DD), 0);  /* enclosing circle */
    ck_assert_int_eq(juten_utf8_cp_width(0x200B), 0);  /* zero-width space */
    ck_assert_int_eq(juten_utf8_cp_width(0x200D), 0);  /* joiner */
    ck_assert_int_eq(juten_utf8_cp_width(0xFE0F), 0);  /* variation selector */
    ck_assert_int_eq(juten_utf8_cp_width(0xE0100), 0); /* ideographic variation selector */
    ck_assert_int_eq(juten_utf8_cp_width(0xFEFF), 0);  /* BOM */
    ck_assert_int_eq(juten_utf8_cp_width(0x00AD), 1);  /* soft hyphen: shown */
}
END_TEST

START_TEST(width_of_strings_and_fit)
{
    ck_assert_int_eq(juten_utf8_width(""), 0);
    ck_assert_int_eq(juten_utf8_width("abc"), 3);
    ck_assert_int_eq(juten_utf8_width("内閣官房"), 8);
    ck_assert_int_eq(juten_utf8_width("ＩＰＡ"), 6);
    ck_assert_int_eq(juten_utf8_width("ｶﾀｶﾅ"), 4);
    ck_assert_int_eq(juten_utf8_width("GSOC監視"), 8);
    ck_assert_int_eq(juten_utf8_width("テスト・対策"), 12);
    /* decomposed ガ (カ + U+3099), as macOS writes names: two columns */
    ck_assert_int_eq(juten_utf8_width("\xE3\x82\xAB\xE3\x82\x99"), 2);
    ck_assert_int_eq(juten_utf8_width("e\xCC\x81"), 1);
    /* 葛 with a variation selector: still one kanji */
    ck_assert_int_eq(juten_utf8_width("\xE8\x91\x9B\xF3\xA0\x84\x81"), 2);
    /* a byte that is no character shows as one column each */
    ck_assert_int_eq(juten_utf8_width("a\xFF\xC0\xAF"), 4);

    int w;
    ck_assert_uint_eq(juten_utf8_fit("内閣官房", 5, &w), 6); /* two characters fit */
    ck_assert_int_eq(w, 4);
    ck_assert_uint_eq(juten_utf8_fit("内閣官房", 8, &w), 12);
    ck_assert_int_eq(w, 8);
    ck_assert_uint_eq(juten_utf8_fit("内閣官房", 1, &w), 0);
    ck_assert_int_eq(w, 0);
    ck_assert_uint_eq(juten_utf8_fit("ab", 0, &w), 0);
    /* the combining mark stays with its base */
    ck_assert_uint_eq(juten_utf8_fit("\xE3\x82\xAB\xE3\x82\x99" "x", 2, &w), 6);
    ck_assert_int_eq(w, 2);
}
END_TEST

/* ---- the writer ---- */

static void put(juten_file *f, const char *text)
{
    fputs(text, juten_file_stream(f));
}

static int has_tmp(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c '\\.tmp-' >/dev/null", dir);
    return system(cmd) == 0;
}

START_TEST(writer_regular_file_is_replaced_atomically)
{
    const char *dest = tu_write("reg.txt", "old", (size_t)-1);
    chmod(dest, 0640);
    juten_file *f = NULL;
    juten_file_error e;
    ck_assert_int_eq(juten_file_open(dest, 0, &f, &e), JUTEN_FILE_OK);
    put(f, "half");
    char *text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "old"); /* nothing shows before the commit */
    free(text);
    juten_file_close(f); /* not committed: the old file stays */
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "old");
    free(text);

    ck_assert_int_eq(juten_file_open(dest, 0, &f, &e), JUTEN_FILE_OK);
    put(f, "new");
    ck_assert_int_eq(juten_file_commit(f, &e), JUTEN_FILE_OK);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_NONE);
    juten_file_close(f);
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "new");
    free(text);
    struct stat st;
    ck_assert_int_eq(stat(dest, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640); /* the old file's mode is kept */
    ck_assert(!has_tmp(tu_tmpdir()));
    ck_assert(!juten_file_is_stream(dest));

    /* a directory: refused, told as such */
    ck_assert_int_eq(juten_file_open(tu_tmpdir(), 0, &f, &e), JUTEN_FILE_CANTCREAT);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_DIRECTORY);
    ck_assert_str_eq(e.path, tu_tmpdir());
    ck_assert_ptr_null(f);
    /* a missing directory: the temporary file cannot be made */
    ck_assert_int_eq(juten_file_open(tu_path("none/x.txt"), 0, &f, &e), JUTEN_FILE_CANTCREAT);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_CREATE);
    ck_assert_int_eq(e.err, ENOENT);
    /* a source that cannot be read */
    ck_assert_int_eq(juten_file_open(dest, 0, &f, &e), JUTEN_FILE_OK);
    ck_assert_int_eq(juten_file_copy_from(f, tu_path("none.txt"), &e), JUTEN_FILE_IO);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_READ);
    juten_file_close(f);
    text = tu_read(dest, NULL);
    ck_assert_str_eq(text, "new");
    free(text);
}
END_TEST

START_TEST(writer_writes_through_a_symlink)
{
    const char *target = tu_write("real.txt", "old", (size_t)-1);
    char link[4096];
    snprintf(link, sizeof link, "%s", tu_path("link.txt"));
    ck_assert_int_eq(symlink("real.txt", link), 0);
    juten_file *f = NULL;
    ck_assert_int_eq(juten_file_open(link, 0, &f, NULL), JUTEN_FILE_OK);
    put(f, "through");
    ck_assert_int_eq(juten_file_commit(f, NULL), JUTEN_FILE_OK);
    juten_file_close(f);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode)); /* the link stays a link */
    char *text = tu_read(target, NULL);
    ck_assert_str_eq(text, "through");
    free(text);

    /* the caller's own file: the link is replaced, its target untouched */
    ck_assert_int_eq(juten_file_open(link, JUTEN_FILE_OWN, &f, NULL), JUTEN_FILE_OK);
    put(f, "ours");
    ck_assert_int_eq(juten_file_commit(f, NULL), JUTEN_FILE_OK);
    juten_file_close(f);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    text = tu_read(target, NULL);
    ck_assert_str_eq(text, "through");
    free(text);

    /* a dangling link: written through to a new file where it points */
    char dangling[4096];
    snprintf(dangling, sizeof dangling, "%s", tu_path("dangling.txt"));
    ck_assert_int_eq(symlink("made.txt", dangling), 0);
    ck_assert_int_eq(juten_file_open(dangling, 0, &f, NULL), JUTEN_FILE_OK);
    put(f, "made");
    ck_assert_int_eq(juten_file_commit(f, NULL), JUTEN_FILE_OK);
    juten_file_close(f);
    ck_assert_int_eq(lstat(dangling, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    text = tu_read(tu_path("made.txt"), NULL);
    ck_assert_str_eq(text, "made");
    free(text);
    ck_assert(!has_tmp(tu_tmpdir()));
}
END_TEST

START_TEST(writer_writes_through_a_fifo)
{
    char fifo[4096];
    snprintf(fifo, sizeof fifo, "%s", tu_path("fifo"));
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert(juten_file_is_stream(fifo));
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
    juten_file *f = NULL;
    ck_assert_int_eq(juten_file_open(fifo, 0, &f, NULL), JUTEN_FILE_OK);
    put(f, "piped");
    ck_assert_int_eq(juten_file_commit(f, NULL), JUTEN_FILE_OK);
    juten_file_close(f);
    char got[64] = {0};
    ck_assert_int_gt(read(pfd[0], got, sizeof got - 1), 0);
    close(pfd[0]);
    waitpid(reader, NULL, 0);
    ck_assert_str_eq(got, "piped");
    struct stat st;
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode)); /* never replaced by a regular file */

    /* the caller's own file: a FIFO there is refused */
    juten_file_error e;
    ck_assert_int_eq(juten_file_open(fifo, JUTEN_FILE_OWN, &f, &e), JUTEN_FILE_CANTCREAT);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_NOT_OWN);

    /* a device written through; /dev/full fails at commit, as I/O */
    ck_assert(juten_file_is_stream("/dev/null"));
    ck_assert_int_eq(juten_file_open("/dev/full", 0, &f, &e), JUTEN_FILE_OK);
    put(f, "x");
    ck_assert_int_eq(juten_file_commit(f, &e), JUTEN_FILE_IO);
    ck_assert_int_eq(e.what, JUTEN_FILE_FAIL_WRITE);
    ck_assert_int_eq(e.err, ENOSPC);
    ck_assert_str_eq(e.path, "/dev/full");
    juten_file_close(f);
    ck_assert_int_eq(lstat("/dev/full", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
}
END_TEST

START_TEST(clock_is_monotonic_seconds)
{
    double a = juten_clock_monotonic();
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    double b = juten_clock_monotonic();
    ck_assert(b - a >= 0.019);
    ck_assert(b - a < 5);
    struct timespec mono;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    /* the same clock as CLOCK_MONOTONIC, in seconds */
    double c = (double)mono.tv_sec + 1e-9 * (double)mono.tv_nsec;
    ck_assert(c >= b && c - b < 1);
}
END_TEST

static Suite *base_suite(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("base");
    tcase_add_test(tc, utf8_decodes_well_formed_characters);
    tcase_add_test(tc, utf8_refuses_ill_formed_sequences);
    tcase_add_test(tc, utf8_encodes_and_counts);
    tcase_add_test(tc, utf8_cut_keeps_whole_characters);
    tcase_add_test(tc, width_of_characters);
    tcase_add_test(tc, width_of_strings_and_fit);
    tcase_add_test(tc, writer_regular_file_is_replaced_atomically);
    tcase_add_test(tc, writer_writes_through_a_symlink);
    tcase_add_test(tc, writer_writes_through_a_fifo);
    tcase_add_test(tc, clock_is_monotonic_seconds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    tu_tmpdir();
    SRunner *sr = srunner_create(base_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_cleanup();
    return failed ? 1 : 0;
}
