#!/bin/sh
# The layering of app/ written down and checked from the sources. Run by meson as a core test:
# check-layers.sh SOURCE_ROOT
#
# The build already refuses most of this (a layer's include path holds only itself and the layers
# below, and store_dep puts a sqlite3.h that is an #error in front of everything above the store);
# this says it in one place and also catches what an include path cannot, such as a header of a
# higher layer copied by hand or a -private.h shared across modules.
set -eu
root=$1
cd "$root"
status=0

fail () {
  echo "$1"
  status=1
}

# The headers a file includes by name ("cd-….h"), one per line.
includes () {
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}

# 1. SQLite belongs to the store: nothing else includes its header or calls its API.
for f in $(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h[">]' \
             app tests --include='*.c' --include='*.h' || true); do
  case "$f" in
    app/core/store/no-sqlite/*) ;;
    app/core/store/*) ;;
    *) fail "$f includes sqlite3.h: only app/core/store may (use cd-statement.h)" ;;
  esac
done
for hit in $(grep -rnoE '(^|[^A-Za-z0-9_])sqlite3_[a-z0-9_]+[[:space:]]*\(' \
               app tests --include='*.c' --include='*.h' | cut -d: -f1 | sort -u || true); do
  case "$hit" in
    app/core/store/*) ;;
    *) fail "$hit calls SQLite directly: only app/core/store may (use cd-statement.h)" ;;
  esac
done
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*"cd-database-private\.h"' app tests || true); do
  case "$f" in
    app/core/store/*.c) ;;
    *) fail "$f includes cd-database-private.h, which is for the store's own files" ;;
  esac
done

# 1b. The keyring belongs to cd-secrets: only it includes libsecret, and only through its fence
#     (app/core/net/cd-secret-fence.h); everything else uses cd-secrets.h.
secret_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](libsecret/|cd-secret-fence\.h)'
for f in $(grep -rlE "$secret_include" app tests --include='*.c' --include='*.h' || true); do
  case "$f" in
    app/core/net/cd-secrets.c) ;;
    app/core/net/cd-secret-fence.h) ;;
    *) fail "$f includes libsecret: only app/core/net/cd-secrets.c may (use cd-secrets.h)" ;;
  esac
done
if grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<libsecret/' \
     app/core/net/cd-secrets.c; then
  fail "app/core/net/cd-secrets.c includes libsecret directly: include cd-secret-fence.h"
fi

# 1c. The demo's TEST-ONLY PKI is read by the demo, the reference gateway and the test-facility key
#     of the CLI's sign-document only; a production path (the trust store above all) never reads
#     it (docs/packaging.md).
for hit in $(grep -rnoE 'cd_data_dir_demo_pki[[:space:]]*\(' app --include='*.c' | cut -d: -f1 \
               | sort -u || true); do
  case "$hit" in
    app/core/base/cd-data-dir.c) ;;
    app/core/documents/cd-xmldsig.c) ;;  # cd_signing_key_new_for_test_facility only
    app/gateway/*) ;;
    app/demo/*) ;;
    app/gtk/cd-demo-mode.c) ;;
    *) fail "$hit reads the demo's TEST-ONLY PKI (cd_data_dir_demo_pki): only the demo may" ;;
  esac
done

# 2. Each core layer includes only itself and the layers below (app/core/meson.build).
below () {
  case "$1" in
    base) echo "base" ;;
    rules) echo "rules base" ;;
    documents) echo "documents base" ;;
    net) echo "net documents base" ;;
    store) echo "store base" ;;
    workflow) echo "workflow store base" ;;
    evidence) echo "evidence rules net documents workflow store base" ;;
    sync) echo "sync net documents workflow store base" ;;
    setup) echo "setup net documents workflow store base" ;;
    letters) echo "letters workflow store base" ;;
    packs) echo "packs rules net documents base" ;;
    context) echo "context evidence sync packs rules net documents workflow store base" ;;
    *) echo "" ;;
  esac
}

layer_of () {
  for dir in app/core/*/; do
    if [ -f "$dir$1" ]; then
      basename "$dir"
      return
    fi
  done
  [ -f "app/demo/$1" ] && { echo demo; return; }
  [ -n "$(find app/gtk -name "$1" -print -quit)" ] && { echo gtk; return; }
  echo ""
}

for dir in app/core/*/; do
  layer=$(basename "$dir")
  allowed=$(below "$layer")
  if [ -z "$allowed" ]; then
    fail "app/core/$layer is not in the layer order of tests/check-layers.sh"
    continue
  fi
  for f in "$dir"*.c "$dir"*.h; do
    [ -f "$f" ] || continue
    for header in $(includes "$f"); do
      case "$header" in
        config.h) continue ;;
      esac
      owner=$(layer_of "$header")
      [ -n "$owner" ] || continue
      case " $allowed " in
        *" $owner "*) ;;
        *) fail "$f ($layer) includes $header of $owner, a layer it does not sit on" ;;
      esac
    done
  done
done

# 3. The demo library sits above core; core, the demo and the CLI never include the front end.
for f in app/core/*/*.[ch] app/demo/*.[ch] app/cli/*.[ch]; do
  for header in $(includes "$f"); do
    owner=$(layer_of "$header")
    case "$f:$owner" in
      app/core/*:demo) fail "$f includes $header of app/demo, which sits above core" ;;
      *:gtk) fail "$f includes $header of app/gtk, the front end" ;;
    esac
  done
done

# 4. A -private.h is shared by the .c files of its own folder (one module split over several files,
#    HACKING.md), never by a header, another folder or a test.
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*"cd-[a-z-]*-private\.h"' app tests || true); do
  for header in $(includes "$f" | grep -- '-private\.h$'); do
    home=$(dirname "$(find app -name "$header" -print -quit)")
    case "$f" in
      "$home"/*.c) ;;
      *) fail "$f includes $header, which only the .c files of $home may include" ;;
    esac
  done
done

# 5. No two core modules include each other: a pair that needs each other is one module, or the
#    part both need is a module of its own below them (cd-x509 under cd-trust-store and cd-xmldsig).
#    A module is its .c and .h files; a -private.h is its module's inside, which rule 4 keeps in.
edges=$(for f in app/core/*/*.[ch]; do
          case "$f" in *-private.h) continue ;; esac
          from=$(basename "$f" | sed 's/\.[ch]$//')
          for header in $(includes "$f"); do
            case "$header" in *-private.h) continue ;; esac
            to=${header%.h}
            [ "$from" = "$to" ] || [ -z "$(layer_of "$header")" ] || echo "$from $to"
          done
        done | sort -u)
for pair in $(echo "$edges" | awk '{ seen[$1 " " $2] = 1 }
                                   END { for (e in seen) { split (e, m, " ");
                                           if (m[1] < m[2] && ((m[2] " " m[1]) in seen))
                                             print m[1] "<->" m[2] } }'); do
  fail "${pair%%<->*} and ${pair##*<->} include each other: move what both need into a module below"
done

if [ $status -eq 0 ]; then
  echo "layers: sqlite3.h in the store only; libsecret in cd-secrets only; the demo PKI read by the"\
       "demo only; every include points down;"\
       "-private.h kept private;"\
       "no two modules include each other"
fi
exit $status
