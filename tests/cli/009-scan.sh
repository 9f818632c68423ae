# lend scan: a scripted desk session of 20 lines.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend settings set label.url 'https://lend.example.org/d/{tag}'
for i in 1 2 3 4 5; do
	lend device add --kind tablet --make A --model B --member RBH --site HUB >/dev/null
done
lend borrower add --name One --postcode OL11 --member RBH --consent >/dev/null
lend borrower add --name Two --postcode OL12 --member RBH --consent >/dev/null
due=$(date -u -d '+28 days' +%Y-%m-%d)
today=$(date -u +%Y-%m-%d)

t_begin 'a scripted session gives the expected lines and state'
printf '%s\r\n' \
	'B-000001' 'RTL-00001' 'https://lend.example.org/d/RTL-00002' '' \
	'B-000002' 'RTL-00002' 'RTL-00003' 'B-000001' \
	'RTL-00004' '' \
	'RTL-00001' 'https://lend.example.org/d/RTL-00004' \
	'L-000001' 'NOPE-9' 'RTL-00005' '   ' 'B-999999' \
	"$(printf 'bad\377')" 'L-000003' 'RTL-00002' > session.txt
t_eq 20 "$(wc -l < session.txt | tr -d ' ')"
# Five lines were refused: the desk says so by its exit status.
t_run 1 sh -c "'$LEND' scan < session.txt"
cat > want.txt <<W
B-000001: One; 0 out, 0 overdue; 3 more allowed (limit 3); consent given $today; scan the devices
RTL-00001: tablet A B, out to B-000001 on L-000001, due $due
RTL-00002: tablet A B, out to B-000001 on L-000001, due $due
B-000001: check-out done, 2 devices on L-000001 (scan 'undo' to void it)
B-000002: Two; 0 out, 0 overdue; 3 more allowed (limit 3); consent given $today; scan the devices
error: checkout: device 'RTL-00002' is on loan to B-000001 (loan L-000001)
RTL-00003: tablet A B, out to B-000002 on L-000002, due $due
B-000002: check-out done, 1 device on L-000002 (scan 'undo' to void it)
B-000001: One; 2 out, 0 overdue; 1 more allowed (limit 3); consent given $today; scan the devices
RTL-00004: tablet A B, out to B-000001 on L-000003, due $due
B-000001: check-out done, 1 device on L-000003 (scan 'undo' to void it)
RTL-00001: back from B-000001 (L-000001), to quarantine
RTL-00004: back from B-000001 (L-000003), to quarantine
L-000001: B-000001, 1 of 2 out: RTL-00002 (due $due)
error: scan: 'NOPE-9' is not a borrower, loan or device
error: scan: device 'RTL-00005' is not on loan; scan a borrower first to lend it
error: scan: borrower 'B-999999' not found
error: scan: the line is not valid UTF-8 text
L-000003: B-000001, all 1 back
RTL-00002: back from B-000001 (L-000001), to quarantine
W
diff want.txt "$T_OUT" > diff.txt || t_diag "scan output differs: $(cat diff.txt)"

t_begin 'the database holds what the session did'
t_eq 'RTL-00003' "$(sqlite3 "$LEND_DB" "SELECT d.tag FROM loan_item i JOIN device d ON d.id = i.device_id WHERE i.returned_at IS NULL")"
t_eq 'quarantine quarantine on_loan quarantine available' \
	"$(lend device list --json | jq -r '[.[].status] | join(" ")')"
t_eq 3 "$(sqlite3 "$LEND_DB" 'SELECT count(*) FROM loan')"
