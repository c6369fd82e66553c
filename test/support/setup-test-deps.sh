#!/usr/bin/env bash
# Installs what the browser tests need besides npm packages: Debian's chromium
# (as /usr/bin/chromium), driven by playwright-core, which downloads no browser
# of its own. Does nothing when it is already installed. As root, or through
# sudo when it needs no password; otherwise it prints the command to run and
# the browser tests skip themselves (CI: an error). See test/support/setup-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
SETUP_NAME=setup-test-deps
SETUP_SKIPS="the browser tests (test/webview, test/e2e)"
source test/support/setup-lib.sh

ensure_debian_packages chromium
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'installed')"
