#!/bin/sh
# run-fuzzers.sh BUILD_DIR SECONDS [FUZZER…]
#
# Builds one libFuzzer binary per document parser with clang (-fsanitize=fuzzer,address,undefined)
# into BUILD_DIR/fuzz, seeds each from the committed fixtures, runs each for SECONDS, and fails on the
# first crash, leak, sanitizer report or timeout. BUILD_DIR is a configured meson build directory (for
# its config.h). Crash inputs are kept in BUILD_DIR/fuzz/<name>/ as crash-*, leak-*, timeout-*.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [FUZZER...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$build/fuzz
all="xml-safe moh-envelope moh-tables civil-status population-soap identifiers document xmldsig
     employer-list"
fuzzers=${*:-$all}
cc=${CLANG:-clang}

if [ ! -f "$build/config.h" ]; then
  echo "$0: $build has no config.h; run meson setup first" >&2
  exit 2
fi
command -v "$cc" >/dev/null || { echo "$0: $cc not found" >&2; exit 2; }

# The parsers are the documents layer; it stands on base only, so those two layers are all a
# fuzzer links.
core=$(cd "$root/app/core" && ls base/*.c documents/*.c)
includes="-I$root/app/core/base -I$root/app/core/documents"
pkgs="glib-2.0 gio-2.0 json-glib-1.0 libxml-2.0 xmlsec1-openssl openssl"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

mkdir -p "$out/objects"
# The parsers, instrumented once and shared by every target.
objects=""
for f in $core; do
  o=$out/objects/$(basename "${f%.c}").o
  "$cc" $flags -fsanitize=fuzzer-no-link -c "$root/app/core/$f" -o "$o" -I"$build" $includes \
    $(pkg-config --cflags $pkgs) -DG_LOG_DOMAIN='"claimdesk-documents"'
  objects="$objects $o"
done

# seeds NAME DIR: copies the committed fixtures the target should start from.
seeds () {
  mkdir -p "$2"
  case $1 in
    identifiers) cp "$here/corpus/identifiers/"* "$2/" ;;
    civil-status) cp "$root/tests/data/documents/"*.json "$root/tests/data/hostile/"*.json "$2/" ;;
    population-soap) cp "$root/tests/data/documents/population-"*.xml "$root/tests/data/hostile/"*soap* "$2/" ;;
    moh-tables) cp "$root/tests/data/documents/xml"*.xml \
                  "$root/tests/data/real-documents/"*-alone.xml "$2/" ;;
    moh-envelope) cp "$root/tests/data/documents/envelope-"*.xml \
                    "$root/tests/data/hostile/"*envelope* "$here/corpus/xmldsig/"* \
                    "$root/tests/data/real-documents/"pc-*.xml "$2/" ;;
    xmldsig) cp "$root/tests/data/documents/signed-"*.xml "$here/corpus/xmldsig/"* \
               "$root/tests/data/real-documents/"dsig-*.xml \
               "$root/tests/data/real-documents/einvoice-"*.xml "$2/" ;;
    employer-list) cp "$here/corpus/employer-list/"* "$root/tests/data/lists/"* "$2/" ;;
    *) cp "$root/tests/data/documents/"* "$root/tests/data/hostile/"* "$2/" ;;
  esac
}

status=0
for name in $fuzzers; do
  bin=$out/fuzz-$name
  work=$out/$name
  "$cc" $flags "$here/fuzz-$name.c" $objects -o "$bin" -I"$build" $includes \
    $(pkg-config --cflags --libs $pkgs) -lm
  rm -rf "$work"
  mkdir -p "$work/corpus"
  seeds "$name" "$work/seeds"
  echo "== fuzz-$name for ${seconds}s"
  if ! CLAIMDESK_DATADIR="$root/data" G_DEBUG=fatal-criticals \
       ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
       "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=131072 \
         -dict="$here/xml.dict" -artifact_prefix="$work/" -print_final_stats=1 \
         "$work/corpus" "$work/seeds" > "$work/log" 2>&1; then
    echo "fuzz-$name FAILED; see $work/log and $work/crash-* / leak-* / timeout-*"
    tail -n 40 "$work/log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$work/log" | tail -n 2
  fi
done
exit $status
