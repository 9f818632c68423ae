# Two lend processes check out the same 50 devices at once, each to its
# own borrower: no device on two loans, no "database is locked".
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend settings set loan.limit 100
i=0
while [ $i -lt 50 ]; do
	lend device add --kind tablet --make A --model B --member RBH --site HUB >/dev/null
	i=$((i + 1))
done
lend borrower add --name One --postcode OL11 --member RBH --consent >/dev/null
lend borrower add --name Two --postcode OL12 --member RBH --consent >/dev/null
tags=$(lend device list --json | jq -r '[.[].tag] | join(" ")')

# Each process lends the devices one check-out at a time, in opposite
# orders, so that they meet in the middle.
race() {
	for t in $1; do
		"$LEND" checkout "$2" "$t"
	done > "out.$2" 2> "err.$2"
}
reversed=$(echo $tags | tr ' ' '\n' | tac | tr '\n' ' ')
race "$tags" B-000001 &
race "$reversed" B-000002 &
wait

t_begin 'every device ends on exactly one open loan'
t_eq 50 "$(sqlite3 "$LEND_DB" 'SELECT count(*) FROM loan_item WHERE returned_at IS NULL')"
t_eq 50 "$(sqlite3 "$LEND_DB" 'SELECT count(DISTINCT device_id) FROM loan_item WHERE returned_at IS NULL')"
t_eq 50 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM device WHERE status = 'on_loan'")"
t_eq 50 "$(cat out.B-000001 out.B-000002 | wc -l | tr -d ' ')"

t_begin 'no process saw the database locked'
t_eq 0 "$(cat err.B-000001 err.B-000002 | grep -ci 'locked\|busy')"

t_begin 'the loser of each device got the not-available message'
lost=$(cat err.B-000001 err.B-000002 | wc -l | tr -d ' ')
t_eq 50 "$lost"
t_eq "$lost" "$(cat err.B-000001 err.B-000002 | grep -c "^lend: checkout: device 'RTL-[0-9]*' is on loan to B-00000[12] (loan L-[0-9]*)$")"
