#!/bin/sh
# check-install.sh MESON BUILD_DIR SOURCE_DIR cli|demo|first-run|gui-first-run
#
# Installs the build with `meson install --destdir` into a fresh folder, then runs the *installed*
# programs from a fresh HOME with an environment that names nothing of the build or source tree
# (no CLAIMDESK_*, no GSETTINGS_SCHEMA_DIR, no XDG_DATA_DIRS): they must find their data,
# translations and schemas from the install prefix on their own.
#
#   cli   (integration suite) what is installed — no private key outside the demo's folder, no
#         test CA where the workstation looks for trust anchors — and the installed claimdesk-cli:
#         translations, the rule pack, and a document signed under the TEST-ONLY CA rejected
#         (untrusted) by the workstation's trust anchors, while the demo's own anchors accept it.
#   demo  (gui suite, under xvfb-run) the installed `claimdesk --demo --screenshot DIR`: it starts,
#         finds its schema, its private gateway and the demo PKI, and saves its pictures; then the
#         installed `claimdesk` without --demo makes the office store on its first run.
#   first-run  (integration suite, under with-keyring.sh) an office's first run with the installed
#         claimdesk-cli against the reference gateway over HTTPS: the first administrator, central's
#         certificate imported, enrolment with a one-time code (the credentials into the keyring),
#         the connection check with the keyring's credentials, an officer added; the secret is in
#         no file under HOME.
#   gui-first-run  (gui suite, under with-keyring.sh and xvfb-run) the same first run with the
#         installed claimdesk, driven from outside over the accessibility bus (AT-SPI, by
#         tests/drive-first-run.py) as a person would: the first administrator on the sign-in
#         page, then the assistant (central's address over plain HTTP on loopback, the code, Enrol,
#         Accept and Save, every system reachable, Finish), then Quit. Central's certificate is
#         where an administrator drops it, the workstation's trust folder. Afterwards the installed
#         claimdesk-cli reaches every system with the keyring's credentials, and the secret is in
#         no file under HOME.
set -eu

meson=$1
build=$2
source=$3
mode=$4

fail () {
  echo "check-install.sh: $*" >&2
  exit 1
}

work=$(mktemp -d "$build/install-check-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
dest=$work/dest
home=$work/home
mkdir -p "$home"

"$meson" install -C "$build" --destdir "$dest" --no-rebuild >"$work/install.log" 2>&1 \
  || { cat "$work/install.log" >&2; fail "meson install --destdir failed"; }

# The configured prefix and folders, as the binaries were built with them.
eval "$("$meson" introspect --buildoptions "$build" | python3 -c '
import json, os, sys
options = {o["name"]: o["value"] for o in json.load(sys.stdin)}
prefix = options["prefix"]
for name in ("bindir", "datadir"):
    print("%s=%s" % (name, os.path.join(prefix, options[name])))
')"
bin=$dest$bindir
share=$dest$datadir
pkgdata=$share/claimdesk
[ -x "$bin/claimdesk-cli" ] || fail "no claimdesk-cli in $bin"

# Post-install steps do not run under --destdir; a package's triggers compile the schemas, and so
# does this.
if [ -d "$share/glib-2.0/schemas" ] && [ ! -f "$share/glib-2.0/schemas/gschemas.compiled" ]; then
  glib-compile-schemas "$share/glib-2.0/schemas"
fi

# The installed programs run with this environment only.
run () {
  env -i HOME="$home" PATH=/usr/bin:/bin TZ=UTC LANG=C.UTF-8 "$@"
}

case $mode in
  cli)
    # Private keys: only the demo's, in its own folder (its gateway signs with them).
    keys=$(cd "$dest" && find . -name '*.key.pem' | sed 's|^\.||')
    [ -n "$keys" ] || fail "the demo's facility keys are not installed"
    for key in $keys; do
      case "$dest$key" in
        "$pkgdata/demo/"*) ;;
        *) fail "a private key is installed outside the demo's folder: $key" ;;
      esac
    done
    # No certificate anywhere else either, and nothing left where the test CA used to be.
    others=$(find "$dest" -name '*.pem' ! -path "$pkgdata/demo/*")
    [ -z "$others" ] || fail "PEM files installed outside the demo's folder: $others"
    [ ! -e "$pkgdata/pki" ] || fail "$pkgdata/pki is installed"

    out=$(run "$bin/claimdesk-cli" --version) || fail "claimdesk-cli --version failed"
    case "$out" in claimdesk-cli\ *) ;; *) fail "claimdesk-cli --version said: $out" ;; esac

    # Translations, from the installed locale folder.
    if ! locale -a 2>/dev/null | grep -qiE '^vi_VN\.utf-?8$'; then
      fail "the vi_VN.UTF-8 locale is missing (tools/quickstart generates it)"
    fi
    out=$(run env LANG=vi_VN.UTF-8 LC_ALL=vi_VN.UTF-8 "$bin/claimdesk-cli" --help)
    echo "$out" | grep -q 'Các lệnh:' || fail "claimdesk-cli --help is not in Vietnamese: $out"

    # The rule pack, from the installed data folder.
    facts=$source/tests/data/rules/ex05-sick-child-under-3.facts.json
    out=$(run "$bin/claimdesk-cli" evaluate "$facts") || fail "claimdesk-cli evaluate failed"
    echo "$out" | grep -q '"total":1250000' || fail "claimdesk-cli evaluate said: $out"
    # …and from no other: without the installed pack, there is none (never the source tree's).
    mv "$pkgdata/rules" "$work/rules"
    status=0
    run "$bin/claimdesk-cli" evaluate "$facts" >/dev/null 2>&1 || status=$?
    [ $status -eq 3 ] || fail "claimdesk-cli evaluate found a rule pack outside its install: $status"
    mv "$work/rules" "$pkgdata/rules"

    # A document signed under the old TEST-ONLY CA: untrusted by the workstation's anchors (its
    # own folder under the fresh HOME, empty), valid only against the demo's.
    signed=$source/tests/data/documents/signed-envelope-79001.xml
    out=$(run "$bin/claimdesk-cli" parse-document --verify "$signed") \
      || fail "claimdesk-cli parse-document --verify failed"
    echo "$out" | grep -q '"status" : "untrusted"' \
      || fail "an installed copy does not reject the test CA's signature: $out"
    out=$(run "$bin/claimdesk-cli" parse-document --trust-dir "$pkgdata/demo/pki/trust" "$signed")
    echo "$out" | grep -q '"status" : "valid"' \
      || fail "the demo's trust anchors do not accept the test CA's signature: $out"
    [ ! -e "$home/.local/share/claimdesk/trust" ] \
      || fail "reading the trust anchors made their folder"
    echo "install: no private key outside share/claimdesk/demo; the installed CLI found its data" \
         "and translations and rejected the test CA's signature"
    ;;
  first-run)
    [ "${CLAIMDESK_TEST_SECRET_SERVICE:-}" = running ] || fail "first-run runs under with-keyring.sh"
    # The keyring is on the session bus: the installed programs are given that, and nothing else.
    krun () {
      env -i HOME="$home" PATH=/usr/bin:/bin TZ=UTC LANG=C.UTF-8 \
          DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" "$@"
    }
    pki=$source/data/pki
    code=FIRST-RUN-4417
    # The reference gateway (a test tool, from the build) plays central over HTTPS.
    "$build/app/gateway/claimdesk-gateway" --listen 127.0.0.1:0 --port-file "$work/gateway.url" \
        --tls-certificate "$pki/tls/gateway.cert.pem" --tls-key "$pki/tls/gateway.key.pem" \
        --pki-dir "$pki" --people 50 --enrolment-code "$code" >"$work/gateway.log" 2>&1 &
    gateway=$!
    trap 'kill $gateway 2>/dev/null; rm -rf "$work"' EXIT
    tries=0
    while [ ! -s "$work/gateway.url" ]; do
      tries=$((tries + 1))
      [ $tries -lt 100 ] || { cat "$work/gateway.log" >&2; fail "the gateway did not start"; }
      sleep 0.1
    done
    central=$(cat "$work/gateway.url")
    # Where the workstation keeps the office store (it makes the folder 0700; the CLI expects it).
    store=$home/.local/share/claimdesk/office.db
    mkdir -p -m 700 "$(dirname "$store")"
    ca=$pki/trust/claimdesk-test-ca.pem

    printf '%s\n' 'quản trị văn phòng' \
      | krun "$bin/claimdesk-cli" user add --db "$store" --login quantri \
          --full-name 'Trần Quản Trị' --role admin >"$work/out" 2>&1 \
      || { cat "$work/out" >&2; fail "the first administrator could not be made"; }
    # Central's certificate, sent with the code: the installed copy trusts nothing before it.
    krun "$bin/claimdesk-cli" trust-anchors --db "$store" --import "$ca" >"$work/out" 2>&1 \
      || { cat "$work/out" >&2; fail "trust-anchors --import failed"; }
    krun "$bin/claimdesk-cli" enrol --central "$central" --code "$code" --db "$store" \
        --ca-file "$ca" >"$work/enrol" 2>&1 \
      || { cat "$work/enrol" >&2; fail "enrol failed"; }
    grep -q "keyring" "$work/enrol" || fail "enrol did not say the credentials are in the keyring"
    # The credentials come from the keyring now: no file is given.
    krun "$bin/claimdesk-cli" connection-check --db "$store" --ca-file "$ca" --officer quantri \
        --json >"$work/check" 2>&1 \
      || { cat "$work/check" >&2; fail "connection-check failed"; }
    [ "$(grep -c '"status" : "ok"' "$work/check")" -eq 4 ] \
      || { cat "$work/check" >&2; fail "not every system is reachable"; }
    printf '%s\n%s\n' 'quản trị văn phòng' 'một-lần-2026-cb' \
      | krun "$bin/claimdesk-cli" user add --db "$store" --login cb01 --full-name 'Lê Cán Bộ' \
          --role officer --as quantri --one-time >"$work/out" 2>&1 \
      || { cat "$work/out" >&2; fail "an officer could not be added"; }
    # The secret itself, from the keyring, is in no file under HOME.
    office=$(sed -n 's/.*office \([A-Z0-9-]*\) .*/\1/p' "$work/enrol" | head -n 1)
    secret=$(krun "$bin/claimdesk-cli" secret lookup --kind office-credential --central "$central" \
               --account "$office" --reveal) || fail "the keyring holds no credentials for $office"
    secret=${secret#*:}
    [ -n "$secret" ] || fail "an empty secret"
    if grep -rqF -- "$secret" "$home"; then
      fail "the office's secret is in a file under HOME: $(grep -rlF -- "$secret" "$home")"
    fi
    echo "first-run: the installed claimdesk-cli made the store, enrolled with the keyring, and" \
         "reached every system"
    ;;
  demo)
    [ -n "${DISPLAY:-}" ] || fail "the demo check runs under xvfb-run"
    shots=$work/shots
    status=0
    run env DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" GDK_BACKEND=x11 GSK_RENDERER=cairo \
        GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none \
        timeout 240 "$bin/claimdesk" --demo --screenshot "$shots" \
        >"$work/out" 2>"$work/err" || status=$?
    if [ $status -ne 0 ]; then
      cat "$work/err" >&2
      fail "the installed claimdesk --demo --screenshot exited with $status"
    fi
    # Its private gateway started (it needs the demo's facility keys), and the tour finished.
    grep -q 'claimdesk-gateway: listening on https://127.0.0.1:' "$work/err" \
      || { cat "$work/err" >&2; fail "the installed demo's gateway did not start"; }
    for picture in sign-in list claim new-claim search approval preferences; do
      [ -s "$shots/$picture.png" ] || fail "the installed demo saved no $picture.png"
    done
    # Without --demo, from the same fresh HOME: the first run makes the office store where an
    # office keeps it (a folder only its user can enter) and waits for the first administrator.
    # It runs until stopped; a missing schema or data would end it before.
    status=0
    run env DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" GDK_BACKEND=x11 GSK_RENDERER=cairo \
        GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none \
        timeout 8 "$bin/claimdesk" >"$work/out" 2>"$work/err" || status=$?
    [ $status -eq 124 ] || { cat "$work/err" >&2; fail "the installed claimdesk exited with $status"; }
    store=$home/.local/share/claimdesk/office.db
    [ -s "$store" ] || { cat "$work/err" >&2; fail "the installed claimdesk made no office store"; }
    [ "$(stat -c %a "$(dirname "$store")")" = 700 ] || fail "the store's folder is not 0700"
    if grep -E 'CRITICAL|WARNING|claimdesk: ' "$work/err"; then
      fail "the installed claimdesk complained on its first run"
    fi
    echo "install-demo: the installed claimdesk --demo started its gateway and saved its pictures;" \
         "without --demo it made the office store"
    ;;
  gui-first-run)
    [ "${CLAIMDESK_TEST_SECRET_SERVICE:-}" = running ] \
      || fail "gui-first-run runs under with-keyring.sh"
    [ -n "${DISPLAY:-}" ] || fail "gui-first-run runs under xvfb-run"
    # pyatspi is the distribution's (python3-pyatspi): its own Python, whatever python3 is first
    # on PATH.
    python=
    for candidate in /usr/bin/python3 python3; do
      if "$candidate" -c 'import pyatspi' 2>/dev/null; then python=$candidate; break; fi
    done
    [ -n "$python" ] \
      || fail "pyatspi is missing (python3-pyatspi, gir1.2-atspi-2.0; tools/quickstart installs them)"
    launcher=
    for candidate in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
      [ -x "$candidate" ] && { launcher=$candidate; break; }
    done
    [ -n "$launcher" ] || fail "no at-spi-bus-launcher (at-spi2-core)"
    pki=$source/data/pki
    code=GUI-FIRST-RUN-5521
    login=quantri
    # The reference gateway (a test tool, from the build) plays central over plain HTTP on
    # loopback, which the URL policy accepts: the installed copy needs no TLS CA for it.
    "$build/app/gateway/claimdesk-gateway" --listen 127.0.0.1:0 --port-file "$work/gateway.url" \
        --pki-dir "$pki" --people 50 --enrolment-code "$code" >"$work/gateway.log" 2>&1 &
    gateway=$!
    bus=
    app=
    stop_all () {
      [ -z "$app" ] || kill "$app" 2>/dev/null || true
      [ -z "$bus" ] || kill "$bus" 2>/dev/null || true
      kill "$gateway" 2>/dev/null || true
      wait 2>/dev/null || true
      rm -rf "$work"
    }
    trap stop_all EXIT
    tries=0
    while [ ! -s "$work/gateway.url" ]; do
      tries=$((tries + 1))
      [ $tries -lt 100 ] || { cat "$work/gateway.log" >&2; fail "the gateway did not start"; }
      sleep 0.1
    done
    central=$(cat "$work/gateway.url")
    case "$central" in http://127.0.0.1:*) ;; *) fail "the gateway is not on plain HTTP: $central" ;; esac
    # Central's certificate, where an administrator drops it: the workstation's trust folder.
    store=$home/.local/share/claimdesk/office.db
    mkdir -p -m 700 "$(dirname "$store")"
    mkdir -p "$home/.local/share/claimdesk/trust"
    cp "$pki/trust/claimdesk-test-ca.pem" "$home/.local/share/claimdesk/trust/"

    # The accessibility bus, in this session (its registry is started on it on demand).
    env -u G_DEBUG -u MALLOC_CHECK_ -u G_SLICE "$launcher" --launch-immediately \
        >"$work/a11y.log" 2>&1 &
    bus=$!
    tries=0
    until gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
            --method org.a11y.Bus.GetAddress >/dev/null 2>&1; do
      tries=$((tries + 1))
      if [ $tries -ge 200 ] || ! kill -0 "$bus" 2>/dev/null; then
        cat "$work/a11y.log" >&2
        fail "the accessibility bus did not come up"
      fi
      sleep 0.05
    done

    # The installed claimdesk, without --demo, from the fresh HOME, with GTK's AT-SPI backend.
    env -i HOME="$home" PATH=/usr/bin:/bin TZ=UTC LANG=C.UTF-8 LANGUAGE= \
        DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" \
        DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" \
        GDK_BACKEND=x11 GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GTK_A11Y=atspi \
        timeout 300 "$bin/claimdesk" >"$work/app.out" 2>"$work/app.err" &
    app=$!
    status=0
    "$python" "$source/tests/drive-first-run.py" --pid "$app" --central "$central" --code "$code" \
        --login "$login" --full-name 'Tran Quan Tri' --password 'quan-tri-van-phong-2026' \
      || status=$?
    if [ $status -ne 0 ]; then
      echo "--- claimdesk's errors:" >&2
      cat "$work/app.err" >&2
      fail "the driver could not take the installed claimdesk through its first run ($status)"
    fi
    status=0
    wait "$app" || status=$?
    app=
    [ $status -eq 0 ] || { cat "$work/app.err" >&2; fail "the installed claimdesk exited with $status"; }
    if grep -E 'CRITICAL|claimdesk: ' "$work/app.err"; then
      fail "the installed claimdesk complained on its first run"
    fi

    # What the first run left: the store, the credentials in the keyring (the CLI uses them),
    # and the secret in no file.
    [ -s "$store" ] || fail "the installed claimdesk made no office store"
    [ "$(stat -c %a "$(dirname "$store")")" = 700 ] || fail "the store's folder is not 0700"
    krun () {
      env -i HOME="$home" PATH=/usr/bin:/bin TZ=UTC LANG=C.UTF-8 \
          DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" "$@"
    }
    krun "$bin/claimdesk-cli" connection-check --db "$store" --officer "$login" --json \
        >"$work/check" 2>&1 \
      || { cat "$work/check" >&2; fail "connection-check failed after the GUI's first run"; }
    [ "$(grep -c '"status" : "ok"' "$work/check")" -eq 4 ] \
      || { cat "$work/check" >&2; fail "not every system is reachable with the keyring's credentials"; }
    office=BHXH-079-BT   # the reference gateway's office (GW_DEFAULT_OFFICE_CODE)
    secret=$(krun "$bin/claimdesk-cli" secret lookup --kind office-credential --central "$central" \
               --account "$office" --reveal) || fail "the keyring holds no credentials for $office"
    secret=${secret#*:}
    [ -n "$secret" ] || fail "an empty secret"
    if grep -rqF -- "$secret" "$home"; then
      fail "the office's secret is in a file under HOME: $(grep -rlF -- "$secret" "$home")"
    fi
    echo "gui-first-run: the installed claimdesk, driven over AT-SPI, made the first administrator," \
         "enrolled (credentials in the keyring), saved central's configuration and reached every" \
         "system; the installed claimdesk-cli reaches them with the keyring's credentials"
    ;;
  *)
    fail "usage: check-install.sh MESON BUILD_DIR SOURCE_DIR cli|demo|first-run|gui-first-run"
    ;;
esac
