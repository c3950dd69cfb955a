#!/usr/bin/env bash
# Usage: bash .ci/with-keyring.sh <command...>
#
# Runs the command where a real OS keychain answers, without ever touching the developer's own.
# On Linux with dbus-run-session and gnome-keyring-daemon: a private D-Bus session bus and a
# throwaway gnome-keyring, unlocked with a random password, whose keyring files, control socket and
# runtime dir live in a temp folder deleted afterwards. Only the daemon sees those XDG paths, so a
# real keyring daemon of the desktop session is neither reused, unlocked nor replaced.
# Elsewhere (macOS, Windows, Linux without gnome-keyring) the command runs directly against the OS
# keychain; the tests then use test-only service names (workphone-desk-test-<random>) and delete
# their entries when they finish.
# Exits with the command's own status.
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/with-keyring.sh <command...>" >&2
  exit 2
fi

# Nested use (npm test → a script that calls us again) stays in the session we already made.
if [ "${WORKPHONE_TEST_KEYRING:-}" = "1" ]; then
  exec "$@"
fi

if [ "$(uname -s)" != "Linux" ] || ! command -v dbus-run-session >/dev/null 2>&1 \
  || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: no private gnome-keyring here; the OS keychain will be used, with test-only service names (workphone-desk-test-*)." >&2
  exec "$@"
fi

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/workphone-keyring.XXXXXX")" || exit 1
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/data" "$keyring_home/run" "$keyring_home/control"
chmod 700 "$keyring_home/run" "$keyring_home/control"

# The password only guards a keyring that lives as long as this run.
keyring_password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

# Inside the private bus: start the daemon unlocked, wait until it owns org.freedesktop.secrets
# (otherwise D-Bus activation could start a second, locked daemon on the first keytar call), then
# replace the shell with the command so its exit status is ours.
inner='
  printf %s "$WORKPHONE_KEYRING_PASSWORD" \
    | XDG_DATA_HOME="$WORKPHONE_KEYRING_HOME/data" XDG_RUNTIME_DIR="$WORKPHONE_KEYRING_HOME/run" \
      gnome-keyring-daemon --unlock --components=secrets \
        --control-directory="$WORKPHONE_KEYRING_HOME/control" >/dev/null || {
    echo "with-keyring: gnome-keyring-daemon did not start" >&2
    exit 70
  }
  unset WORKPHONE_KEYRING_PASSWORD
  if command -v dbus-send >/dev/null 2>&1; then
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
      tries=$((tries + 1))
      if [ "$tries" -ge 100 ]; then
        echo "with-keyring: the keyring never appeared on the private bus" >&2
        exit 70
      fi
      sleep 0.05
    done
  fi
  exec "$@"
'

WORKPHONE_TEST_KEYRING=1 \
  WORKPHONE_KEYRING_HOME="$keyring_home" \
  WORKPHONE_KEYRING_PASSWORD="$keyring_password" \
  dbus-run-session -- sh -c "$inner" with-keyring "$@"
status=$?
exit "$status"
