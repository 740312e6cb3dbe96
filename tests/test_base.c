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
#include <time.h>
#include <unistd.h>

#include "juten_clock.h"
#include "juten_file.h"
#include "juten_str.h"
#include "juten_utf8.h"
#include "testutil.h"

/* One decoding: bytes (n of them; SIZE_MAX: up to the NUL), the length
 * juten_utf8_decode must return (0: refused) and the code point. */
typedef struct decoding {
    const char *bytes;
    size_t n;
    int len;
    uint32_t cp;
} decoding;

static const decoding well_formed[] = {
    {"A", 1, 1, 'A'},
    {"\xC2\xA0", 2, 2, 0xA0},                 /* NO-BREAK SPACE */
    {"\xDF\xBF", 2, 2, 0x7FF},                /* last 2-byte */
    {"\xE0\xA0\x80", 3, 3, 0x800},            /* first 3-byte */
    {"日本", 6, 3, 0x65E5},
    {"\xED\x9F\xBF", 3, 3, 0xD7FF},           /* just below the surrogates */
    {"\xEE\x80\x80", 3, 3, 0xE000},           /* just above them */
    {"\xEF\xBB\xBF", 3, 3, 0xFEFF},           /* BOM */
    {"\xF0\x90\x80\x80", 4, 4, 0x10000},      /* 4-byte: the first */
    {"𠮷", 4, 4, 0x20BB7},                    /* a CJK Extension B kanji */
    {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},      /* an emoji */
    {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},     /* the last */
    {"内", SIZE_MAX, 3, 0x5185},              /* NUL-terminated, unbounded */
};

static const decoding ill_formed[] = {
    /* stray continuation bytes and bytes that never start a character */
    {"\x80", 1, 0, 0}, {"\xBF", 1, 0, 0}, {"\xF5\x80\x80\x80", 4, 0, 0}, {"\xFF", 1, 0, 0},
    /* overlongs: "/" as 2, 3 and 4 bytes, NUL as C0 80, U+07FF as 3 bytes,
     * U+FFFF as 4 bytes */
    {"\xC0\xAF", 2, 0, 0}, {"\xC1\xBF", 2, 0, 0}, {"\xC0\x80", 2, 0, 0},
    {"\xE0\x80\xAF", 3, 0, 0}, {"\xE0\x9F\xBF", 3, 0, 0},
    {"\xF0\x80\x80\xAF", 4, 0, 0}, {"\xF0\x8F\xBF\xBF", 4, 0, 0},
    /* surrogates, paired or not (CESU-8) */
    {"\xED\xA0\x80", 3, 0, 0}, {"\xED\xBF\xBF", 3, 0, 0}, {"\xED\xA0\xBD\xED\xB8\x80", 6, 0, 0},
    /* past U+10FFFF */
    {"\xF4\x90\x80\x80", 4, 0, 0},
    /* a continuation byte missing, or cut by the length or a NUL */
    {"\xE6\x97", 2, 0, 0}, {"\xE6\x97" "A", 3, 0, 0}, {"\xE6\x97\xA5", 2, 0, 0},
    {"\xF0\x9F\x98", SIZE_MAX, 0, 0}, {"\xC3", SIZE_MAX, 0, 0}, {"A", 0, 0, 0},
};

static void check_decodings(const decoding *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t cp = 0xDEADBEEF;
        int len = juten_utf8_decode(t[k].bytes, t[k].n, &cp);
        ck_assert_msg(len == t[k].len, "case %zu: length %d, want %d", k, len, t[k].len);
        /* a refused sequence leaves *cp alone */
        uint32_t want = t[k].len ? t[k].cp : 0xDEADBEEF;
        ck_assert_msg(cp == want, "case %zu: U+%04X, want U+%04X", k, (unsigned)cp,
                      (unsigned)want);
    }
}

START_TEST(utf8_decodes_well_formed_characters)
{
    check_decodings(well_formed, sizeof well_formed / sizeof well_formed[0]);
}
END_TEST

START_TEST(utf8_refuses_ill_formed_sequences)
{
    check_decodings(ill_formed, sizeof ill_formed / sizeof ill_formed[0]);
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

static const struct {
    uint32_t cp;
    int width;
} widths[] = {
    /* ASCII, Latin-1, controls shown as one; NUL none */
    {'a', 1}, {0xE9, 1}, {0x7F, 1}, {0, 0},
    /* CJK ideographs, kana, Hangul, Extension B, CJK punctuation: two */
    {0x4E00, 2}, {0x9FFF, 2}, {0x3042, 2} /* あ */, {0x30A2, 2} /* ア */, {0x30FB, 2} /* ・ */,
    {0xAC00, 2} /* 가 */, {0x20BB7, 2} /* 𠮷 */, {0x3000, 2} /* ideographic space */,
    {0x3001, 2} /* 、 */, {0x1F600, 2} /* emoji */, {0x1F680, 2} /* 🚀: past U+1F64F */,
    /* full-width forms two; half-width katakana and forms one */
    {0xFF01, 2} /* ！ */, {0xFF29, 2} /* Ｉ */, {0xFF60, 2}, {0xFFE5, 2} /* ￥ */,
    {0xFF61, 1} /* ｡ */, {0xFF76, 1} /* ｶ */, {0xFF9F, 1} /* ﾟ */, {0xFFE8, 1},
    {0xFF00, 1} /* unassigned */,
    /* combining marks and zero-width characters: none */
    {0x0301, 0} /* acute */, {0x3099, 0} /* combining voiced sound mark */, {0x309A, 0},
    {0x309B, 2} /* the spacing ゛ is wide */, {0x20DD, 0} /* enclosing circle */,
    {0x200B, 0} /* zero-width space */, {0x200D, 0} /* joiner */,
    {0xFE0F, 0} /* variation selector */, {0xE0100, 0} /* ideographic variation selector */,
    {0xFEFF, 0} /* BOM */, {0x00AD, 1} /* soft hyphen: shown */,
};

START_TEST(width_of_characters)
{
    for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++)
        ck_assert_msg(juten_utf8_cp_width(widths[k].cp) == widths[k].width,
                      "U+%04X: %d columns, want %d", (unsigned)widths[k].cp,
                      juten_utf8_cp_width(widths[k].cp), widths[k].width);
}
END_TEST

static const struct {
    const char *s;
    int width;
} string_widths[] = {
    {"", 0}, {"abc", 3}, {"内閣官房", 8}, {"ＩＰＡ", 6}, {"ｶﾀｶﾅ", 4}, {"GSOC監視", 8},
    {"テスト・対策", 12},
    {"\xE3\x82\xAB\xE3\x82\x99", 2}, /* decomposed ガ (カ + U+3099), as macOS writes names */
    {"e\xCC\x81", 1},
    {"\xE8\x91\x9B\xF3\xA0\x84\x81", 2}, /* 葛 with a variation selector: one kanji */
    {"a\xFF\xC0\xAF", 4},                /* a byte that is no character: one column */
};

START_TEST(width_of_strings_and_fit)
{
    for (size_t k = 0; k < sizeof string_widths / sizeof string_widths[0]; k++)
        ck_assert_msg(juten_utf8_width(string_widths[k].s) == string_widths[k].width,
                      "\"%s\": %d columns, want %d", string_widths[k].s,
                      juten_utf8_width(string_widths[k].s), string_widths[k].width);
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
    /* our own reader, opened first (non-blocking), so the writer's open
     * does not wait and the bytes can be read back here */
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(rd, 0);
    juten_file *f = NULL;
    ck_assert_int_eq(juten_file_open(fifo, 0, &f, NULL), JUTEN_FILE_OK);
    put(f, "piped");
    ck_assert_int_eq(juten_file_commit(f, NULL), JUTEN_FILE_OK);
    juten_file_close(f);
    char got[64] = {0};
    ck_assert_int_eq(read(rd, got, sizeof got - 1), 5);
    close(rd);
    ck_assert_str_eq(got, "piped");
    struct stat st;
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode)); /* never replaced by a regular file */
    ck_assert(!has_tmp(tu_tmpdir()));

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

START_TEST(str_grows_as_text_is_appended)
{
    juten_str b = JUTEN_STR_INIT;
    char *s = juten_str_take(&b);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, ""); /* nothing appended: an empty string, not NULL */
    free(s);
    /* 500 ids: many times the first capacity, so it grows several times */
    char want[4000] = "";
    size_t n = 0;
    for (int k = 0; k < 500; k++) {
        ck_assert(juten_str_printf(&b, "%sM%02d", k ? ", " : "", k));
        n += (size_t)sprintf(want + n, "%sM%02d", k ? ", " : "", k);
    }
    ck_assert(juten_str_printf(&b, " and %d more", 7));
    sprintf(want + n, " and %d more", 7);
    ck_assert_uint_eq(b.len, strlen(want));
    s = juten_str_take(&b);
    ck_assert_str_eq(s, want);
    free(s);
    ck_assert_ptr_null(b.s); /* taken: empty again */
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(str_after_a_failure_stays_failed)
{
    juten_str b = JUTEN_STR_INIT;
    ck_assert(juten_str_printf(&b, "%s", "M01"));
    b.failed = true; /* as after a failed realloc: the text is gone */
    free(b.s);
    b.s = NULL;
    ck_assert(!juten_str_printf(&b, ", %s", "M02"));
    ck_assert_ptr_null(juten_str_take(&b));
    ck_assert(!b.failed); /* take resets it */
}
END_TEST

static Suite *base_suite(void)
{
    const TTest *tests[] = {
        utf8_decodes_well_formed_characters, utf8_refuses_ill_formed_sequences,
        utf8_encodes_and_counts,             utf8_cut_keeps_whole_characters,
        width_of_characters,                 width_of_strings_and_fit,
        writer_regular_file_is_replaced_atomically, writer_writes_through_a_symlink,
        writer_writes_through_a_fifo,        clock_is_monotonic_seconds,
        str_grows_as_text_is_appended,       str_after_a_failure_stays_failed,
    };
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("base");
    for (size_t k = 0; k < sizeof tests / sizeof tests[0]; k++)
        tcase_add_test(tc, tests[k]);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(base_suite());
}
