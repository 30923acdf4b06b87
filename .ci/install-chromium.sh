#!/usr/bin/env bash
# Install Debian's Chromium non-interactively for tests/test_serve_browser.py, which loads the
# pages of `kg serve` in headless Chromium (screenshots, console errors). The test is skipped,
# saying why, when no chromium is on PATH.
set -euo pipefail

if command -v chromium >/dev/null; then
    echo "chromium already installed: $(command -v chromium)"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends chromium fonts-dejavu-core
chromium --version
