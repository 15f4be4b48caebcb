#!/bin/sh
# Every user-visible string is translated into Vietnamese, and no file with such strings is missing
# from po/POTFILES.in. Run by meson as a core test: check-translations.sh SOURCE_ROOT
set -eu
root=$1
po=$root/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# 1. Files that hold translatable strings must be listed (the gateway is an English-only dev tool).
grep -v '^#' "$po/POTFILES.in" | sed '/^$/d' | sort > "$tmp/listed"
( cd "$root" && grep -lE '(^|[^A-Za-z0-9_])N?_ ?\(|translatable="yes"' \
    app/core/*/*.c app/demo/*.c app/cli/*.c app/gtk/*.c app/gtk/*/*.c ui/*.ui ui/gtk/*.ui 2>/dev/null ) | sort > "$tmp/found"
missing=$(comm -13 "$tmp/listed" "$tmp/found")
if [ -n "$missing" ]; then
  echo "not in po/POTFILES.in: $missing"
  status=1
fi
for f in $(cat "$tmp/listed"); do
  [ -f "$root/$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; status=1; }
done

# 2. A fresh template from the sources, made as meson's glib preset makes it.
( cd "$root" && xgettext --package-name=claimdesk --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --files-from="$po/POTFILES.in" -o "$tmp/claimdesk.pot" )

# 3. Every string of the template has a Vietnamese translation (msgcmp fails on untranslated ones).
for lang in $(grep -v '^#' "$po/LINGUAS"); do
  if ! msgcmp "$po/$lang.po" "$tmp/claimdesk.pot" 2> "$tmp/msgcmp"; then
    echo "po/$lang.po lacks translations:"; cat "$tmp/msgcmp"; status=1
  fi
  stats=$(msgfmt --check --statistics -o /dev/null "$po/$lang.po" 2>&1)
  echo "po/$lang.po: $stats"
  case "$stats" in
    *fuzzy*|*untranslated*) echo "po/$lang.po has fuzzy or untranslated messages"; status=1 ;;
  esac
done
exit $status
