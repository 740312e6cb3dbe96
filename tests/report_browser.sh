#!/bin/sh
# report_browser.sh -- the meeting report in a real browser: headless
# Chromium renders `juten report` of the bundled comparison to a PNG
# screenshot and to PDF (A4, the print style sheet).  Fails unless the
# screenshot shows a page (not blank), the PDF has a sensible number of A4
# pages whose text holds the report's headings, and the HTML refers to
# nothing outside itself (no http:, https: or src= beyond the SVG namespace
# identifiers).  Keeps the PNG and PDF in $JUTEN_REPORT_KEEP when set.
#   tests/report_browser.sh JUTEN_BINARY SOURCE_DIR
set -eu
juten=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "report_browser: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium is not installed (scripts/deps.sh installs it)"

"$juten" report "$src/scenarios/fy2017/meeting.ini" --no-confidence --draws 400 --quiet \
    -o "$tmp/report.html" 2> "$tmp/err" || { cat "$tmp/err" >&2; fail "juten report failed"; }

# nothing outside the page: the only addresses are the SVG namespaces
outside=$(grep -o -E '(https?:[^"'"'"' )<]*|src=)' "$tmp/report.html" |
          grep -v -E '^http://www\.w3\.org/(2000/svg|1999/xlink)$' || true)
[ -z "$outside" ] || fail "the page refers outside itself: $outside"
grep -q -i '<script' "$tmp/report.html" && fail "the page holds a script"
grep -q -i '<link' "$tmp/report.html" && fail "the page links another file"

# a fresh profile, no network at all: a page needing anything else shows it
browse() {
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$tmp/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --disable-background-networking --disable-extensions "$@" \
        "file://$tmp/report.html" >> "$tmp/chromium.log" 2>&1
}
browse --window-size=1280,2000 --screenshot="$tmp/report.png" ||
    { cat "$tmp/chromium.log" >&2; fail "chromium could not take the screenshot"; }
browse --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" ||
    { cat "$tmp/chromium.log" >&2; fail "chromium could not print the page"; }

/usr/bin/python3 - "$tmp/report.png" <<'PY' || fail "the screenshot looks blank"
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("L")
w, h = im.size
hist = im.histogram()
dark = sum(hist[:160]) / (w * h)          # ink: text, rules, bars
levels = sum(1 for c in hist if c > 0)
print(f"report_browser: screenshot {w}x{h}, {100 * dark:.1f}% ink, {levels} grey levels")
sys.exit(0 if w >= 1000 and dark > 0.01 and levels > 32 else 1)
PY

pages=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
size=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Page size: *//p')
echo "report_browser: PDF $pages pages, $size"
case "$size" in *"(A4)"*) ;; *) fail "the PDF pages are not A4: $size" ;; esac
[ "$pages" -ge 8 ] && [ "$pages" -le 40 ] || fail "the PDF has $pages pages, expected 8 to 40"
pdftotext "$tmp/report.pdf" "$tmp/report.txt"
for heading in "FY2017 request round" "The portfolio" "Decision record" "The scenarios side by side" \
               "The priority ranking" "How sure the numbers are"; do
    grep -q "$heading" "$tmp/report.txt" || fail "the printed page lacks \"$heading\""
done
# every section starts a page: some page's first line is the decision
# record's heading (page 1 names it too, in the contents)
awk 'BEGIN{RS="\f"} { split($0, l, "\n"); for (i = 1; i <= length(l); i++) if (l[i] != "") { print l[i]; break } }' \
    "$tmp/report.txt" | grep -q "^Decision record$" || fail "the decision record does not start a page"
if [ -n "${JUTEN_REPORT_KEEP:-}" ]; then
    mkdir -p "$JUTEN_REPORT_KEEP"
    cp "$tmp/report.png" "$tmp/report.pdf" "$tmp/report.html" "$JUTEN_REPORT_KEEP/"
fi
echo "report_browser: ok"
