#!/usr/bin/env python3
"""gen_width.py -- print the range tables of base/utf8.c from Python's
Unicode database, so the table is derived, not typed by hand.

Wide (2 columns): East_Asian_Width W or F, plus the planes that
EastAsianWidth.txt makes wide by default (U+20000..U+2FFFD, U+30000..U+3FFFD).
Zero width: general categories Mn, Me and Cf (combining marks, variation
selectors, zero-width joiners), except U+00AD SOFT HYPHEN, which terminals
show; plus the conjoining Hangul vowels and finals U+1160..U+11FF.
Unassigned code points between two ranges of the same kind join them.

Usage: python3 base/gen_width.py  (paste the output into base/utf8.c)
"""
import sys
import unicodedata as ud


def kind(cp):
    if 0x20000 <= cp <= 0x2FFFD or 0x30000 <= cp <= 0x3FFFD:
        return 'wide'
    ch = chr(cp)
    cat = ud.category(ch)
    if cat == 'Cn':
        return None
    if cp == 0xAD:
        return 'one'
    if cat in ('Mn', 'Me', 'Cf') or 0x1160 <= cp <= 0x11FF:
        return 'zero'
    if ud.east_asian_width(ch) in ('W', 'F'):
        return 'wide'
    return 'one'


def ranges(want):
    out = []
    start = last = None
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            k = 'one'
        else:
            k = kind(cp)
        if k == want:
            if start is None:
                start = cp
            last = cp
        elif k is not None and start is not None:
            out.append((start, last))
            start = None
    if start is not None:
        out.append((start, last))
    return out


def emit(name, rs):
    print('static const cp_range %s[] = {' % name)
    line = '   '
    for a, b in rs:
        item = ' {0x%04X, 0x%04X},' % (a, b)
        if len(line) + len(item) > 96:
            print(line)
            line = '   '
        line += item
    print(line)
    print('};')


print('/* Unicode %s (Python %d.%d unicodedata) */' % (ud.unidata_version, *sys.version_info[:2]))
emit('zero_width', ranges('zero'))
emit('double_width', ranges('wide'))
