# shellcheck shell=bash
# Sourced by the .ci/install-*.sh scripts: non-interactive apt-get as root or through sudo.
#
#   run CMD...                   run a command as root
#   keep_services_stopped NAME   until the script exits, packages may not start services
#                                (policy-rc.d), since the tests run private instances
#   apt_install PKG...           update the package lists (once per CI run: .ci/run sets
#                                APT_UPDATED_STAMP) and install
#
# Other installs may hold the dpkg lock (CI steps, unattended upgrades): apt-get waits for it.

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
run() { "${SUDO[@]}" "$@"; }

APT=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)

apt_install() {
    if [ -z "${APT_UPDATED_STAMP:-}" ] || [ ! -e "$APT_UPDATED_STAMP" ]; then
        run "${APT[@]}" update
        if [ -n "${APT_UPDATED_STAMP:-}" ]; then touch "$APT_UPDATED_STAMP"; fi
    fi
    run "${APT[@]}" install -y --no-install-recommends "$@"
}

POLICY=/usr/sbin/policy-rc.d
TEMPORARY_POLICY=""
keep_services_stopped() {
    if [ ! -e "$POLICY" ]; then
        TEMPORARY_POLICY="$POLICY"
        printf '#!/bin/sh\n# installed by %s for the duration of apt-get\nexit 101\n' "$1" | run tee "$POLICY" >/dev/null
        run chmod 755 "$POLICY"
    fi
    trap remove_temporary_policy EXIT
}
remove_temporary_policy() { if [ -n "$TEMPORARY_POLICY" ]; then run rm -f "$TEMPORARY_POLICY"; fi; }
