#!/usr/bin/env bash
# Installs what the browser tests need besides npm packages: Debian's chromium,
# driven by playwright-core (which downloads no browser of its own). Does
# nothing when /usr/bin/chromium is already there. Runs as root in CI; on a
# developer machine, run it with sudo or install chromium yourself.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "setup-test-deps: chromium is missing and this is not root; install Debian's 'chromium' package." >&2
    exit 1
  fi
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
echo "chromium: $(/usr/bin/chromium --version)"
