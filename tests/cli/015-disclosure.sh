# The funder report attacked: random small consortia built through lend,
# every report a funder can ask for, and a solver (disclosure_solver.py)
# that must pin no suppressed count, find no difference under the
# threshold and no measure over too few.  The seed is printed; replay a
# failure with LEND_SEED=N.
. "$LEND_TOP/tests/cli/lib.sh"
seed=${LEND_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
rounds=8
[ -n "${LEND_SAN:-}" ] && rounds=2
t_begin "the report gives away no count under the threshold (seed $seed)"
python3 "$LEND_TOP/tests/cli/disclosure_solver.py" "$LEND" "$seed" "$rounds" \
	>"$T_OUT" 2>"$T_ERR"
sed -n 's/^# /# /p' "$T_OUT"
grep -q '^ok - ' "$T_OUT" || { t_diag "solver: $(tail -n 1 "$T_OUT") $(cat "$T_ERR")"; }
