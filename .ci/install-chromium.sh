#!/usr/bin/env bash
# Install Debian's Chromium non-interactively for tests/test_serve_browser.py, which loads the
# pages of `kg serve` in headless Chromium (screenshots, console errors). The test is skipped,
# saying why, when no chromium is on PATH.
set -euo pipefail

if command -v chromium >/dev/null; then
    echo "chromium already installed: $(command -v chromium)"
    exit 0
fi

# shellcheck source=.ci/apt.sh
source "$(dirname "$0")/apt.sh"
apt_install chromium fonts-dejavu-core
chromium --version
