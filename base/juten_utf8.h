/*
 * juten_utf8.h -- UTF-8 for everything juten reads and prints: decoding one
 * character with its validity, encoding, counting characters, cutting a
 * byte buffer without splitting a character, and the display width of a
 * character or string in terminal columns (East Asian wide and full-width
 * characters take two, combining marks none).
 *
 * Part of juten_base: it includes nothing from the rest of juten.
 */
#ifndef JUTEN_UTF8_H
#define JUTEN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the character at s[0..len).  Returns its length (1 to 4) and sets
 * *cp, or returns 0 (and leaves *cp alone) when s does not start with a
 * well-formed UTF-8 character: a stray continuation byte, a byte that never
 * starts one (C0, C1, F5..FF), a missing continuation byte, an overlong
 * form, a surrogate (U+D800..U+DFFF), a value past U+10FFFF, or a sequence
 * cut short by len.  len 0 returns 0.  For a NUL-terminated string len may
 * be SIZE_MAX: a NUL is never a continuation byte, so nothing past it is
 * read. */
int juten_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* The character at s[*i] (bounded by len), *i moved past it; -1 for a byte
 * that does not start a well-formed character (*i moved by that one byte). */
long juten_utf8_next(const char *s, size_t len, size_t *i);

/* Write cp as UTF-8 into out (room for 4 bytes); returns the length, or 0
 * for a surrogate or a value past U+10FFFF. */
int juten_utf8_encode(uint32_t cp, char *out);

/* Characters in s[0..len): bytes that are not continuation bytes, which is
 * what an editor's column counts in valid text. */
size_t juten_utf8_count(const char *s, size_t len);

/* The length of s[0..n) without a character cut short at its end (for a
 * buffer filled up to its size): n, or the start of that last character. */
size_t juten_utf8_cut(const char *s, size_t n);

/* Columns the code point takes on a terminal: 0 for combining marks,
 * format characters (zero-width joiners, variation selectors) and NUL, 2 for
 * East Asian Wide and Fullwidth characters, 1 otherwise (half-width katakana
 * included).  From the Unicode tables, never from the locale (wcwidth()
 * changes with LANG, and output must not). */
int juten_utf8_cp_width(uint32_t cp);

/* Columns of the NUL-terminated string s; a byte that is not part of a
 * well-formed character counts one column (it is shown as one). */
int juten_utf8_width(const char *s);

/* Bytes of s (whole characters only) that fit in max_w columns; *width gets
 * their columns.  Zero-width characters after the last one that fits stay
 * with it. */
size_t juten_utf8_fit(const char *s, int max_w, int *width);

#endif
