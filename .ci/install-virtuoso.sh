#!/usr/bin/env bash
# Install Debian's Virtuoso 7.2 (virtuoso-t, isql-vt) non-interactively for the test suite.
#
# The tests run their own private Virtuoso instances (tests/servers.py), so the system service
# this package ships must not run: it would hold ports 8890/1111 and a database under /var/lib.
# It is kept from starting during the install (policy-rc.d) and stopped and disabled afterwards
# in case it started anyway.
set -euo pipefail

if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
    echo "virtuoso already installed: $(command -v virtuoso-t)"
    exit 0
fi

# shellcheck source=.ci/apt.sh
source "$(dirname "$0")/apt.sh"

# Answer the package's dba-password prompt with nothing, as an unattended install would; the
# system instance is never used. The private instances use a fresh database's dba/dba account.
run debconf-set-selections <<'SELECTIONS'
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password
virtuoso-opensource-7 virtuoso-opensource-7/register-odbc-dsn boolean false
SELECTIONS

keep_services_stopped install-virtuoso.sh
apt_install virtuoso-opensource

if [ -x /etc/init.d/virtuoso-opensource-7 ]; then
    run /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    run update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true
fi

echo "installed: $(command -v virtuoso-t) ($(virtuoso-t -? 2>&1 | sed -n 2p))"
