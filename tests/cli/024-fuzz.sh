#!/bin/sh
# The fuzz harnesses' seed corpora and every crash kept in
# tests/fuzz/regress/ go once through each harness, built with a plain
# main() (tests/fuzz/driver.c) in this build: a crash found by make fuzz
# stays fixed.
. "$(dirname "$0")/lib.sh"
for bin in "$LEND_BUILD"/fuzz/fuzz_*; do
	case $bin in *.d) continue ;; esac
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	t_begin "$name: its seeds and kept crashes run clean"
	out=$("$bin" "$LEND_TOP/tests/fuzz/corpus/$name" \
		"$LEND_TOP/tests/fuzz/regress/$name" 2>&1) ||
		t_diag "$(printf '%s\n' "$out" | tail -5 | tr '\n' ' ')"
done
t_begin "a harness for each of csv, import, template, scan, value, settings"
t_eq 7 "$(ls "$LEND_BUILD"/fuzz/fuzz_* 2>/dev/null | grep -v "\\.d$" | wc -l | tr -d ' ')"
