#!/usr/bin/env bash
# Install Debian's Apache httpd (apache2, with mod_rewrite and mod_headers) non-interactively for
# tests/test_w3id.py, which checks deploy/w3id/.htaccess against a real httpd.
#
# The test runs its own private httpd (own config, loopback port, files in a temporary folder),
# so the system service this package ships must not run: it would hold port 80 and serve
# /var/www. It is kept from starting during the install (policy-rc.d) and stopped and disabled
# afterwards in case it started anyway.
set -euo pipefail

MODULES=/usr/lib/apache2/modules
if command -v apache2 >/dev/null && [ -f "$MODULES/mod_rewrite.so" ] && [ -f "$MODULES/mod_headers.so" ]; then
    echo "apache2 already installed: $(command -v apache2)"
    exit 0
fi

# shellcheck source=.ci/apt.sh
source "$(dirname "$0")/apt.sh"

keep_services_stopped install-apache.sh
apt_install apache2

# Whichever init system is present: stop the system instances (the server and its cache
# cleaner) and keep them from starting at boot. `systemctl disable` works without a running
# systemd (containers) and also updates the SysV links; `stop` only where systemd runs.
SERVICES=(apache2 apache-htcacheclean)
if command -v systemctl >/dev/null; then
    run systemctl disable "${SERVICES[@]}" >/dev/null 2>&1 || true
    if [ -d /run/systemd/system ]; then
        run systemctl stop "${SERVICES[@]}" >/dev/null 2>&1 || true
    fi
fi
for service in "${SERVICES[@]}"; do
    if [ -x "/etc/init.d/$service" ]; then
        run "/etc/init.d/$service" stop >/dev/null 2>&1 || true
        run update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
done

echo "installed: $(command -v apache2) ($(apache2 -v | sed -n 1p))"
