# Shared by setup-test-deps.sh and setup-e2e.sh (sourced, not run): progress
# lines, Debian packages through apt-get, and one clear line when something
# cannot be installed.
#
# Without root: apt-get runs through `sudo -n` when sudo works without a
# password; otherwise nothing is installed, the missing packages and the
# command to install them are printed, and the tests that need them skip
# themselves (in CI, CI set, that is an error instead).

SETUP_NAME="${SETUP_NAME:-setup}"
SETUP_START=$(date +%s)

say() { echo "$SETUP_NAME: $*"; }

elapsed() { echo "$(( $(date +%s) - ${1:-$SETUP_START} )) s"; }

# give_up "why" "what to do": one line on stderr; an error in CI, otherwise the
# tests that need what is missing skip themselves and the other tests still run.
give_up() {
  echo "$SETUP_NAME: $1${2:+ $2}" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  echo "$SETUP_NAME: ${SETUP_SKIPS:-the tests that need it} will be skipped on this machine; the other tests still run." >&2
  exit 0
}

# The Debian packages among "$@" that are not installed, space-separated.
missing_debian_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[*]}"
}

# The last error line apt-get printed (E: ...), for the one-line message.
apt_error() {
  grep -E '^(E|Err):' "$1" | tail -1 | sed 's/^E: //'
}

# ensure_debian_packages PKG...: installs those missing with apt-get (update,
# then install), waiting up to 2 minutes for another apt to release its lock.
# Its output goes to a log; a failure ends with give_up and apt's own reason.
ensure_debian_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    give_up "not a Debian system, so $* cannot be installed here." "Install them with your system's package manager (chromium as /usr/bin/chromium)."
  fi
  local missing
  missing=$(missing_debian_packages "$@")
  if [ -z "$missing" ]; then
    say "Debian packages $*: installed"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      give_up "missing Debian packages ($missing), and this is not root nor can sudo run without a password." "Install them once: sudo apt-get install $missing"
    fi
  fi
  local log started
  log=$(mktemp "${TMPDIR:-/tmp}/$SETUP_NAME-apt.XXXXXX.log")
  started=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  say "installing Debian packages: $missing (apt-get update, then apt-get install; up to a few minutes, log: $log)..."
  if ! $sudo apt-get -o DPkg::Lock::Timeout=120 update -q >"$log" 2>&1; then
    give_up "apt-get update failed: $(apt_error "$log") (log: $log)." "Install $missing yourself (sudo apt-get install $missing), then run npm test again."
  fi
  say "  package lists updated ($(elapsed "$started"))"
  if ! $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -q $missing >>"$log" 2>&1; then
    give_up "apt-get install $missing failed: $(apt_error "$log") (log: $log)." "Install them yourself (sudo apt-get install $missing), then run npm test again."
  fi
  rm -f "$log"
  say "installed $missing in $(elapsed "$started")"
}
