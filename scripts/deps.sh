#!/bin/sh
# Install whatever lend needs to build, test and benchmark, and nothing else.
# Idempotent: packages already present are left alone, and apt-get runs only
# when something is missing.  Not as root, it prints the one command to run
# and fails, because a build that half-works without a library is worse.
set -eu

build="gcc make pkg-config libsqlite3-dev libpq-dev libqrencode-dev
libhpdf-dev zlib1g-dev libcurl4-openssl-dev fonts-dejavu-core
python3-fonttools"
# postgresql: the suite's second run, on a throwaway cluster (tests/pg.sh).
test="sqlite3 zbar-tools poppler-utils qpdf jq librsvg2-bin pngcheck
groff-base qrencode time mupdf-tools postgresql clang valgrind
python3-aiosmtpd"

missing=""
for p in $build $test; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

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
