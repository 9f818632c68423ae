#!/bin/sh
# make check-valgrind: the unit tests, the fuzz harnesses over their seeds
# and a representative subset of the CLI tests under valgrind's memcheck;
# any error or any definite or indirect leak fails.  Usage: valgrind.sh BUILD
#
# The CLI subset: the whole suite under memcheck takes far longer than
# CI's budget (every lend call is 20-50 times slower), and most scripts
# repeat the same paths.  These cover every layer: the registry and its
# refusals (002), devices (003), circulation (007), scanning (009), labels
# in every format (010), documents (011), the report (012), the queue (016)
# and the hostile sweep (024-sweep, sampled).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
case $build in /*) ;; *) build=$top/$build ;; esac
cli=${VALGRIND_CLI:-"002-registry 003-device 007-circulation 009-scan
010-label 011-documents 012-report 016-queue 024-sweep"}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
vg="valgrind -q --error-exitcode=99 --leak-check=full
--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
--track-origins=no --log-file=$logs/vg.%p"
failed=0
passed=0

# A lend that runs under memcheck, for the CLI tests.
wrap=$logs/lend
printf '#!/bin/sh\nexec %s %s "$@"\n' "$(echo "$vg" | tr '\n' ' ')" \
	"$build/lend" >"$wrap"
chmod +x "$wrap"

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	if $vg "$t" >/dev/null 2>&1; then
		passed=$((passed + 1))
		echo "ok - $(basename "$t")"
	else
		failed=$((failed + 1))
		echo "not ok - $(basename "$t")"
	fi
done
for t in "$build"/fuzz/fuzz_*; do
	case $t in *.d) continue ;; esac
	n=$(basename "$t")
	if $vg "$t" "$top/tests/fuzz/corpus/$n" "$top/tests/fuzz/regress/$n" \
		>/dev/null 2>&1; then
		passed=$((passed + 1))
		echo "ok - $n"
	else
		failed=$((failed + 1))
		echo "not ok - $n"
	fi
done
for name in $cli; do
	out=$(env LEND="$wrap" LEND_BUILD="$build" LEND_SAN=vg \
		LEND_TOP="$top" sh "$top/tests/cli/$name.sh" 2>&1)
	ok=$(printf '%s\n' "$out" | grep -c '^ok - ')
	bad=$(printf '%s\n' "$out" | grep -c '^not ok - ')
	passed=$((passed + ok))
	failed=$((failed + bad))
	echo "$name: $ok passed, $bad failed"
	[ "$bad" -eq 0 ] || printf '%s\n' "$out" | grep -A3 '^not ok\|^#' | head -20
done
# Every memcheck report, from any process, is a failure.
errors=$(cat "$logs"/vg.* 2>/dev/null | grep -c 'ERROR SUMMARY: [1-9]\|definitely lost\|indirectly lost\|Invalid \|uninitialised')
if [ "$errors" -gt 0 ]; then
	failed=$((failed + 1))
	cat "$logs"/vg.* | head -60
	echo "not ok - memcheck: $errors reports"
fi
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
