#!/usr/bin/env bash
# Installs what the editor end-to-end tests need (npm test runs it first, as
# its pretest; .ci/run too):
#   - Debian's chromium, to drive the workbench (the webview tests use it too);
#   - code-server 4.100.3 (a real VS Code 1.100.3 served to a browser, about
#     300 MB) from the npm registry into .cache/code-server (git-ignored), with,
#     only while installing it, Debian's ripgrep (code-server's own install
#     would fetch rg from GitHub; it gets Debian's rg through @vscode/ripgrep's
#     download cache in the temporary folder, removed afterwards) and
#     libkrb5-dev and pkg-config (the headers its kerberos addon builds against).
# Does nothing that is already done: a second run takes a moment; a fresh
# machine needs 1-3 minutes, with a progress line every 15 s.
#
# Without root (and without password-less sudo), missing Debian packages are
# not installed: it prints the apt-get command to run, and the editor and
# browser tests skip themselves while the others run. In CI (CI set) anything
# missing is an error. A failed download ends with one line saying what failed
# and where its log is.
set -euo pipefail
cd "$(dirname "$0")/../.."
SETUP_NAME=setup-e2e
SETUP_SKIPS="the editor end-to-end tests (test/e2e)"
source test/support/setup-lib.sh

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep's version as pinned by that code-server, and the tarball name it looks for.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
PREFIX="${RELEASE_FLOW_E2E_CACHE:-$PWD/.cache/code-server}"
BIN="$PREFIX/node_modules/.bin/code-server"

code_server_ready() { [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; }

say "[1/2] chromium (Debian), for the browser and editor tests"
ensure_debian_packages chromium

if code_server_ready; then
  say "[2/2] code-server $CODE_SERVER_VERSION: installed in ${PREFIX#"$PWD"/}"
  exit 0
fi

say "[2/2] code-server $CODE_SERVER_VERSION: not installed yet; installing it into ${PREFIX#"$PWD"/}"
ensure_debian_packages ripgrep libkrb5-dev pkg-config

cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
made_cache=""
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && [ ! -f "$cache/$RIPGREP_TARBALL" ]; then
  mkdir -p "$cache"
  tar czf "$cache/$RIPGREP_TARBALL" -C "$(dirname "$(command -v rg)")" rg
  made_cache=yes
fi

mkdir -p "$PREFIX"
# A package.json of its own keeps this install out of the project's lockfile and node_modules.
[ -f "$PREFIX/package.json" ] || echo '{ "private": true, "description": "code-server for the e2e tests (test/support/setup-e2e.sh)" }' > "$PREFIX/package.json"
log=$(mktemp "${TMPDIR:-/tmp}/setup-e2e-npm.XXXXXX.log")
started=$(date +%s)
say "  npm install code-server@$CODE_SERVER_VERSION (about 300 MB from the npm registry; 1-3 minutes; log: $log)..."
# code-server's postinstall refuses to run as root without these.
( cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund --loglevel=warn "code-server@$CODE_SERVER_VERSION" ) >"$log" 2>&1 &
installer=$!
while kill -0 "$installer" 2>/dev/null; do
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    kill -0 "$installer" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$installer" 2>/dev/null; then
    say "  ... $(du -sm "$PREFIX" 2>/dev/null | cut -f1) MB in ${PREFIX#"$PWD"/} after $(elapsed "$started")"
  fi
done
status=0
wait "$installer" || status=$?
[ -n "$made_cache" ] && rm -rf "$cache"
if [ "$status" -ne 0 ] || ! code_server_ready; then
  # npm's own words: its error code and the first line that is not a stack frame or a field (code, syscall, errno).
  code=$(sed -n 's/^npm \(error\|ERR!\) code //p' "$log" | head -1)
  detail=$(grep -E '^npm (error|ERR!) ' "$log" | grep -vE '^npm (error|ERR!) +(at |code |syscall |errno |A complete log)' | head -1 | sed -E 's/^npm (error|ERR!) //')
  reason="${code:+$code: }$detail"
  give_up "installing code-server $CODE_SERVER_VERSION failed (${reason:-exit $status}; log: $log)." "Check that the npm registry is reachable, then run 'bash test/support/setup-e2e.sh' again."
fi
rm -f "$log"
say "code-server installed: $("$BIN" --version | head -1) in $(elapsed "$started")"
