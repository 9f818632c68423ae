#!/bin/sh
# Run every unit test and every end-to-end test against each build given
# (build, build/san...), on SQLite, then again on a throwaway PostgreSQL
# cluster (tests/pg.sh) where PostgreSQL is installed, and end with the
# line CI reads: N passed, N failed.
# Each test prints "ok - NAME" or "not ok - NAME"; anything else it prints
# is kept in the log and shown for failures.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0
# A sanitizer's finding must never pass for lend's own exit status 1.
export ASAN_OPTIONS=exitcode=86:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1

count() {
	label=$1
	shift
	out=$("$@" 2>&1)
	code=$?
	ok=$(printf '%s\n' "$out" | grep -c '^ok - ')
	bad=$(printf '%s\n' "$out" | grep -c '^not ok - ')
	# A script that died before reporting anything failed as a whole.
	if [ "$code" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1
		out="$out
not ok - $label exited $code"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ]; then
		printf '%s\n' "$out" | sed "s|^|[$label] |"
	else
		printf '%s: %d passed\n' "$label" "$ok"
	fi
}

# Every test of each build; STORE labels the results ("" or "pg:").
suite() {
store=$1
shift
for build in "$@"; do
	case $build in /*) ;; *) build=$top/$build ;; esac
	san=
	case $build in */san) san=1 ;; esac
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		count "$store${build#$top/}/$(basename "$t")" "$t"
	done
	for t in "$top"/tests/cli/[0-9]*.sh; do
		count "$store${build#$top/}/$(basename "$t")" \
			env LEND="$build/lend" LEND_BUILD="$build" LEND_SAN="$san" \
			LEND_TOP="$top" sh "$t"
	done
done
}

# Only the CLI scripts NAME... of BUILD, labelled by STORE as suite() does.
some() {
	store=$1
	build=$2
	shift 2
	case $build in /*) ;; *) build=$top/$build ;; esac
	san=
	case $build in */san) san=1 ;; esac
	for name in "$@"; do
		count "$store${build#$top/}/$name.sh" \
			env LEND="$build/lend" LEND_BUILD="$build" LEND_SAN="$san" \
			LEND_TOP="$top" sh "$top/tests/cli/$name.sh"
	done
}

suite "" "$@"
. "$top/tests/pg.sh"
if ! pg_bin >/dev/null; then
	echo "# PostgreSQL is not installed (Debian package postgresql):" \
		"the suite on PostgreSQL is skipped"
elif pg_start; then
	trap 'pg_stop; rm -f "$log"' EXIT
	trap 'exit 1' INT TERM
	# The first build only: the sanitizers look at lend's C, which is the
	# same whichever store it talks to, and a second sanitized pass would
	# double the time for nothing new.  But for the store's own C (pg*.c:
	# the pipeline, the dialect, the values read back), which only a
	# PostgreSQL store runs: a few scripts under the second build (build/san)
	# cover it, in some twenty seconds.
	suite pg: "$1"
	[ $# -lt 2 ] || some pg: "$2" 001-init 007-circulation 012-report
	pg_stop
else
	pg_stop
	echo "not ok - the PostgreSQL test cluster did not start"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
