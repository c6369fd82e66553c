#!/usr/bin/env bash
# Installs what the editor end-to-end tests need: code-server 4.100.3 (a real
# VS Code 1.100.3 served to a browser) into .cache/code-server, and the Debian
# packages its install and the tests use (chromium to drive it, the kerberos
# headers its native addon builds against, ripgrep for its search).
# Does nothing that is already done, so a second run takes a moment; a fresh
# clone needs about a minute. The npm registry and Debian's packages only:
# code-server's own install would fetch ripgrep from GitHub, so it is handed
# Debian's rg through @vscode/ripgrep's download cache instead.
#
# In CI (CI set) anything missing is an error. On a developer machine that
# cannot install these (not Debian, not root), it says so and leaves the e2e
# tests to skip themselves, so that the other tests still run.
set -euo pipefail
cd "$(dirname "$0")/../.."

give_up() {
  echo "setup-e2e: $1" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  echo "setup-e2e: the editor end-to-end tests will be skipped on this machine." >&2
  exit 0
}

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep's version as pinned by that code-server, and the tarball name it looks for.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
PREFIX="${RELEASE_FLOW_E2E_CACHE:-$PWD/.cache/code-server}"
BIN="$PREFIX/node_modules/.bin/code-server"

start=$(date +%s)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in chromium ripgrep libkrb5-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; else
      give_up "missing Debian packages (${missing[*]}) and no root to install them: sudo apt-get install ${missing[*]}"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
elif [ ! -x /usr/bin/chromium ] || ! command -v rg >/dev/null 2>&1; then
  give_up "not a Debian system: install chromium (as /usr/bin/chromium) and ripgrep yourself."
fi

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then
  echo "code-server: $("$BIN" --version | head -1) (cached in ${PREFIX#"$PWD"/})"
  exit 0
fi

cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && [ ! -f "$cache/$RIPGREP_TARBALL" ]; then
  mkdir -p "$cache"
  tar czf "$cache/$RIPGREP_TARBALL" -C "$(dirname "$(command -v rg)")" rg
fi

mkdir -p "$PREFIX"
# A package.json of its own keeps this install out of the project's lockfile and node_modules.
[ -f "$PREFIX/package.json" ] || echo '{ "private": true, "description": "code-server for the e2e tests (test/support/setup-e2e.sh)" }' > "$PREFIX/package.json"
# code-server's postinstall refuses to run as root without these.
( cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" ) \
  || give_up "installing code-server $CODE_SERVER_VERSION failed (see above)."

"$BIN" --version | head -1
echo "setup-e2e: code-server installed in $(( $(date +%s) - start )) s"
