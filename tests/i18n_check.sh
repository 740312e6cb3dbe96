#!/bin/sh
# i18n_check.sh -- the Japanese catalogue is complete: every text the code
# marks with _(), N_() or P_() (xgettext over every source file) has a
# translation in po/ja.po that is neither missing nor fuzzy, po/ja.po holds no
# text the code no longer has, and every translation keeps its English's
# printf directives (msgfmt --check).  Lists what is wrong, exits 1 if any.
#   tests/i18n_check.sh [SOURCE_DIR]
set -eu
src=${1:-$(dirname "$0")/..}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
find base model solver sim report plots cli -name '*.c' | LC_ALL=C sort > "$tmp/files"
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
    --add-comments=TRANSLATORS: --files-from="$tmp/files" -o "$tmp/juten.pot" \
    --package-name=juten --msgid-bugs-address=none
msgmerge --quiet --no-fuzzy-matching --no-wrap po/ja.po "$tmp/juten.pot" -o "$tmp/merged.po"
fail=0
report() { # $1 what, $2 msgattrib option
    n=$(msgattrib $2 --no-wrap "$tmp/merged.po" | grep -c '^msgid ' || true)
    # the header entry (msgid "") is listed with any non-empty selection
    [ "$n" -gt 1 ] || return 0
    echo "po/ja.po: $(($n - 1)) $1:"
    msgattrib $2 --no-wrap "$tmp/merged.po" | grep -A1 '^#:' | grep '^msgid ' | sed 's/^/  /'
    fail=1
}
report "texts without a translation" --untranslated
report "fuzzy translations" --only-fuzzy
n=$(grep -c '^#~ msgid ' "$tmp/merged.po" || true)
if [ "$n" -gt 0 ]; then
    echo "po/ja.po: $n translations of texts the code no longer has:"
    grep '^#~ msgid ' "$tmp/merged.po" | sed 's/^#~ /  /'
    fail=1
fi
msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1 || fail=1
exit $fail
