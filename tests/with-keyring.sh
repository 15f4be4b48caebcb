#!/bin/sh
# with-keyring.sh [--no-keyring] COMMAND [ARGS…]
#
# Runs COMMAND against a real Secret Service: a private D-Bus session bus (dbus-run-session, with
# tests/dbus-session.conf, which starts nothing on demand) and gnome-keyring-daemon on it, in a
# private HOME made for this run under $G_TEST_BUILDDIR (else $TMPDIR). With --no-keyring the bus
# is there but no keyring runs on it. COMMAND sees:
#   HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_RUNTIME_DIR  under the private HOME
#   CLAIMDESK_TEST_HOME              that HOME, for tests that look at every file written there
#   CLAIMDESK_TEST_SECRET_SERVICE    "running" or "absent"
# The daemon is stopped when COMMAND ends (and dies with the bus if this script is killed); the
# private HOME is removed. The exit status is COMMAND's.
#
# The keyring is unlocked with a non-empty password on purpose: gnome-keyring makes no login
# keyring for an empty one (storing then fails), and a keyring without a password would be written
# unencrypted, which would defeat the test that the secret is in no file in plain text.
set -eu

if [ "${1:-}" = "--in-session" ]; then
  # Second half, inside dbus-run-session: start the keyring, wait for it on the bus, run COMMAND.
  shift
  mode=$1
  shift
  daemon=
  stop_daemon () {
    if [ -n "$daemon" ]; then
      kill "$daemon" 2>/dev/null || true
      wait "$daemon" 2>/dev/null || true
      daemon=
    fi
  }
  trap stop_daemon EXIT
  trap 'exit 143' TERM INT
  if [ "$mode" = running ]; then
    # Our G_DEBUG / MALLOC_CHECK_ settings are for our programs, not for the keyring.
    printf '%s' 'claimdesk-test-keyring' \
      | env -u G_DEBUG -u MALLOC_CHECK_ -u G_SLICE gnome-keyring-daemon --foreground --unlock \
          --components=secrets >"$XDG_RUNTIME_DIR/gnome-keyring.log" 2>&1 &
    daemon=$!
    tries=0
    until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
            --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null \
          | grep -q true; do
      tries=$((tries + 1))
      if [ $tries -ge 200 ] || ! kill -0 "$daemon" 2>/dev/null; then
        echo "with-keyring.sh: gnome-keyring-daemon did not come up on the session bus" >&2
        cat "$XDG_RUNTIME_DIR/gnome-keyring.log" >&2 || true
        exit 1
      fi
      sleep 0.05
    done
  fi
  status=0
  "$@" || status=$?
  stop_daemon
  exit $status
fi

mode=running
if [ "${1:-}" = "--no-keyring" ]; then
  mode=absent
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: with-keyring.sh [--no-keyring] COMMAND [ARGS…]" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
base=${G_TEST_BUILDDIR:-${TMPDIR:-/tmp}}
home=$(mktemp -d "$base/keyring-home-XXXXXX")
trap 'rm -rf "$home"' EXIT
trap 'exit 143' TERM INT
mkdir -p "$home/.local/share" "$home/.config" "$home/.cache" "$home/runtime"
chmod 700 "$home/runtime"
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
       XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" \
       CLAIMDESK_TEST_HOME="$home" CLAIMDESK_TEST_SECRET_SERVICE="$mode"
unset DBUS_SESSION_BUS_ADDRESS
status=0
dbus-run-session --config-file="$here/dbus-session.conf" -- "$here/with-keyring.sh" --in-session \
  "$mode" "$@" || status=$?
exit $status
