#!/bin/sh
# make fuzz: each libFuzzer harness in BUILD/fuzz for SECONDS, from a copy
# of its seed corpus (tests/fuzz/corpus/NAME) with its dictionary.  A
# crash is copied to tests/fuzz/regress/NAME/, where the normal build's
# driver runs it in make check from then on (tests/cli/024-fuzz.sh), and
# the run fails.  Usage: run.sh BUILD SECONDS
set -u
build=$1
seconds=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
failed=0
for bin in "$build"/libfuzzer/fuzz_*; do
	case $bin in *.d) continue ;; esac
	name=$(basename "$bin")
	short=${name#fuzz_}
	work=$build/corpus/$name
	mkdir -p "$work" "$build/artifacts"
	cp "$top/tests/fuzz/corpus/$name"/* "$work"/ 2>/dev/null
	dict=
	[ -f "$top/tests/fuzz/$short.dict" ] && dict=-dict=$top/tests/fuzz/$short.dict
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$name-" $dict \
		"$work" >"$build/$name.log" 2>&1
	code=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log")
	if [ "$code" -eq 0 ]; then
		echo "fuzz: $name clean, ${runs:-?} runs in ${seconds}s"
	else
		failed=1
		mkdir -p "$top/tests/fuzz/regress/$name"
		for a in "$build/artifacts/$name"-*; do
			[ -f "$a" ] && cp "$a" "$top/tests/fuzz/regress/$name/" &&
				echo "fuzz: $name: kept $(basename "$a") in tests/fuzz/regress/$name"
		done
		echo "fuzz: $name FAILED (exit $code); see $build/$name.log"
		grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$build/$name.log"
	fi
done
exit $failed
