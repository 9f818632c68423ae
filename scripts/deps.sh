#!/bin/sh
# Install whatever lend needs to build, test and benchmark, and nothing else.
# Idempotent: packages already present are left alone, and apt-get runs only
# when something is missing.  Not as root, it prints the one command to run
# and fails, because a build that half-works without a library is worse.
# Then the browser tests' npm packages, pinned by tests/browser's lockfile,
# when they are missing or older than it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

build="gcc make pkg-config libsqlite3-dev libpq-dev libqrencode-dev
libhpdf-dev zlib1g-dev libcurl4-openssl-dev fonts-dejavu-core
python3-fonttools libsodium-dev libmicrohttpd-dev"
# postgresql: the suite's second run, on a throwaway cluster (tests/pg.sh).
test="sqlite3 zbar-tools poppler-utils qpdf jq librsvg2-bin pngcheck
groff-base qrencode time mupdf-tools postgresql clang valgrind
python3-aiosmtpd"
# The desk (lend serve): its browser tests and its load bench.
test="$test chromium wrk nodejs npm"

# Whether package P is there.  A Node.js from NodeSource bundles npm and
# conflicts with Debian's npm package: its npm command counts.
have() {
	[ "$1" = npm ] && command -v npm >/dev/null 2>&1 && return 0
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
		grep -q 'install ok installed'
}

# The browser tests' node_modules, from the lockfile (npm ci), when missing
# or older than it.
browser_modules() {
	b=$top/tests/browser
	[ -f "$b/node_modules/.package-lock.json" ] &&
		[ "$b/node_modules/.package-lock.json" -nt "$b/package-lock.json" ] &&
		return 0
	echo "deps: npm ci in tests/browser" >&2
	(cd "$b" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

missing=""
for p in $build $test; do
	have "$p" || missing="$missing $p"
done

if [ -z "$missing" ]; then
	browser_modules
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; as root run:" >&2
	echo "apt-get install -y$missing" >&2
	exit 1
fi

echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086 # the list is meant to split
apt-get install -y -q --no-install-recommends $missing >&2
browser_modules
