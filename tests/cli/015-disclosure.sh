# The funder report attacked: random small consortia built through lend,
# every report a funder can ask for over several periods in turn (nested,
# overlapping, adjacent), and a solver (disclosure_solver.py) that must pin
# no suppressed count and no difference between two reports under the
# threshold, and find no measure over too few.  It prints how many member
# reports lend refused.
# By default a fixed list of consortia, SEED:FIRST:ROUNDS (consortia
# FIRST to ROUNDS - 1 of the seed), so CI cannot fail at random: the ones
# that once leaked (26863, 18316, 39224, 124) and others checked clean.
# LEND_SEED=N explores seed N (8 consortia), LEND_SEED=random a new one;
# a failure prints the command to replay it.
. "$LEND_TOP/tests/cli/lib.sh"
case ${LEND_SEED:-} in
'') cases="26863:2:3 18316:3:4 39224:6:7 124:1:2 101:0:2 117:0:2 133:0:1"
    [ -n "${LEND_SAN:-}" ] && cases="26863:2:3 18316:3:4" ;;
random) cases="$(od -An -N2 -tu2 /dev/urandom | tr -d ' '):0:8" ;;
*) cases="$LEND_SEED:0:8" ;;
esac
for c in $cases; do
	seed=${c%%:*}
	rest=${c#*:}
	t_begin "the report gives away no count under the threshold (seed $seed, consortia ${rest%%:*}..)"
	python3 "$LEND_TOP/tests/cli/disclosure_solver.py" "$LEND" "$seed" \
		"${rest#*:}" "${rest%%:*}" >"$T_OUT" 2>"$T_ERR"
	sed -n 's/^# /# /p' "$T_OUT"
	grep -q '^ok - ' "$T_OUT" ||
		t_diag "solver: $(tail -n 1 "$T_OUT") $(cat "$T_ERR")"
done
