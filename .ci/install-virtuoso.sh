#!/usr/bin/env bash
# Install Debian's Virtuoso 7.2 (virtuoso-t, isql-vt) non-interactively for the test suite.
#
# The tests start their own private Virtuoso instance (tests/servers.py), so the system
# service the package ships must not run: it would hold ports 8890/1111 and a database
# under /var/lib. We keep it from starting during install (policy-rc.d) and disable it
# afterwards in case it was started anyway (e.g. on a host with a permissive policy).
set -euo pipefail

if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
    echo "virtuoso already installed: $(command -v virtuoso-t)"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
run() { "${SUDO[@]}" "$@"; }

# An empty dba password is what the package expects when nobody answers its prompt; the
# postinst then keeps the system daemon disabled (RUN=no). Our private instances use the
# built-in dba/dba account of a freshly created database, not this one.
run debconf-set-selections <<'SEL'
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password
virtuoso-opensource-7 virtuoso-opensource-7/http-server-port string 8890
virtuoso-opensource-7 virtuoso-opensource-7/db-server-port string 1111
virtuoso-opensource-7 virtuoso-opensource-7/register-odbc-dsn boolean false
SEL

POLICY=/usr/sbin/policy-rc.d
TEMP_POLICY=""
if [ ! -e "$POLICY" ]; then
    TEMP_POLICY="$POLICY"
    printf '#!/bin/sh\nexit 101\n' | run tee "$POLICY" >/dev/null
    run chmod 755 "$POLICY"
fi
cleanup() { if [ -n "$TEMP_POLICY" ]; then run rm -f "$TEMP_POLICY"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
run apt-get update -q
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource

# Belt and braces: never leave the system instance running or enabled.
if [ -x /etc/init.d/virtuoso-opensource-7 ]; then
    run /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi
if [ -f /etc/default/virtuoso-opensource-7 ]; then
    run sed -i 's/^RUN=.*/RUN=no/' /etc/default/virtuoso-opensource-7
fi
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    run systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
fi

echo "installed: $(command -v virtuoso-t) ($(virtuoso-t -? 2>&1 | head -n 2 | tail -n 1))"
