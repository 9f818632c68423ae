# The coordinator's duties: import from a spreadsheet, export round trips,
# backup under load, doctor, erasure.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry

# rows N PREFIX [BAD]: a spreadsheet's export of N devices: BOM, CRLF,
# quoted commas and line breaks, UK dates, pound amounts with thousands'
# commas.  With BAD, seven rows each have one fault (row 1 is the header).
rows() {
	awk -v n="$1" -v p="$2" -v bad="${3:-}" 'BEGIN {
		printf "\357\273\277Asset Tag,Type,Manufacturer,Model,Serial No,"
		printf "Owner,Location,Purchase Date,Cost,Notes\r\n"
		split("Tablet laptop Phone hotspot SIM accessory", k, " ")
		for (i = 1; i <= n; i++) {
			tag = sprintf("%s-%05d", p, i); kind = k[i % 6 + 1]
			make = "Samsung"; member = i % 2 ? "RBH" : "LIB"
			date = sprintf("%02d/%02d/2025", i % 28 + 1, i % 12 + 1)
			cost = sprintf("\"£1,%03d.%02d\"", i % 1000, i % 100)
			if (bad && i == 10) kind = "toaster"
			if (bad && i == 501) member = "NOPE"
			if (bad && i == 1302) date = "31/02/2025"
			if (bad && i == 2003) cost = "-5"
			if (bad && i == 3004) make = ""
			if (bad && i == 4005) cost = "\"12,3456\""
			if (bad && i == 4996) tag = p " 4996"
			printf "%s,%s,%s,\"Tab, 10 inch\",SN%s%06d,%s,%s,%s,%s,", tag, \
				kind, make, p, i, member, (i % 2 ? "HUB" : "CEN"), date, cost
			printf "\"line one, with a comma\r\nline two \"\"quoted\"\"\"\r\n"
		}
	}'
}

t_begin 'a 5,000-row spreadsheet CSV loads every row'
rows 5000 IMP > devices.csv
t_run 0 lend import devices devices.csv
t_eq '5000 rows: 5000 added, 0 already there' "$(cat "$T_OUT")"
t_eq 5000 "$(lend device list --json | jq '[.[] | select(.tag | startswith("IMP-"))] | length')"
t_eq 'IMP-00007|laptop|Tab, 10 inch|2025-08-08|100707|line one, with a comma
line two "quoted"' \
	"$(lend device show IMP-00007 --json | jq -r '"\(.tag)|\(.kind)|\(.model)|\(.purchased_on)|\(.cost_pence)|\(.notes)"')"
t_run 0 lend import devices devices.csv
t_eq '5000 rows: 0 added, 5000 already there' "$(cat "$T_OUT")"

t_begin 'seven bad rows are all reported, and nothing is written'
rows 5000 NEW bad > bad.csv
before=$(t_sum)
t_run 1 lend import devices bad.csv
t_eq "$before" "$(t_sum)"
t_eq "lend: import: row 11, column 'Type': 'toaster' is not a kind (tablet, laptop, phone, hotspot, sim, accessory, other); map it with --value kind:toaster=KIND
lend: import: row 502, column 'Owner': 'NOPE' is no member in lend; map it with --value member:NOPE=CODE
lend: import: row 1303, column 'Purchase Date': '31/02/2025' is not a date (read day/month/year)
lend: import: row 2004, column 'Cost': '-5' is negative; a cost is 0 or more
lend: import: row 3005, column 'Manufacturer': empty; a device needs its make
lend: import: row 4006, column 'Cost': '12,3456' is not an amount of money (as 1234.56, 1,234.56 or 12,34)
lend: import: row 4997, column 'Asset Tag': 'NEW 4996' is not a tag: letters, digits, '-', '_' and '.', at most 32
lend: import: 7 problems in 'bad.csv'; nothing was written" "$(cat "$T_ERR")"
t_eq 0 "$(lend device list --json | jq '[.[] | select(.tag | startswith("NEW-"))] | length')"

t_begin '--dry-run writes nothing; --map names a column lend does not know'
printf 'Kit ID,kind,make,model,member,site\nODD-1,tablet,A,B,RBH,HUB\n' > odd.csv
before=$(t_sum)
t_run 0 lend import devices odd.csv --map 'Kit ID=tag' --dry-run
t_eq 'dry run, nothing written: 1 rows: 1 added, 0 already there' "$(cat "$T_OUT")"
t_eq "$before" "$(t_sum)"
t_run 0 lend import devices odd.csv --map 'Kit ID=tag'
t_eq ODD-1 "$(lend device show ODD-1 --json | jq -r .tag)"

t_begin 'champions import from CSV, once'
printf 'Champion,Organisation,Telephone,Email,Languages\r\nDafydd ap Gruffydd,RBH,07700 900111,d@example.org,"cy,en"\r\nJo Bloggs,LIB,,,en\r\n' > champions.csv
t_run 0 lend import champions champions.csv
t_eq '2 rows: 2 added, 0 already there' "$(cat "$T_OUT")"
t_eq 'cy,en' "$(lend champion list --json | jq -r '.[] | select(.name == "Dafydd ap Gruffydd") | .languages')"
t_run 0 lend import champions champions.csv
t_eq '2 rows: 0 added, 2 already there' "$(cat "$T_OUT")"

t_begin 'export, import into a fresh database, export: the same files'
lend borrower add --name 'Siân Ŵynne' --phone '07700 900123' --email s@example.org \
	--postcode 'OL11 1AB' --member RBH --language cy --consent >/dev/null 2>&1
lend borrower add --name 'Adam, "the" Nowak' --postcode M1 --member LIB >/dev/null
t_run 0 lend export devices -o d1.csv
t_run 0 lend export borrowers -o b1.csv
fresh=$T_DIR/fresh.db
LEND_DB=$fresh t_registry
LEND_DB=$fresh t_run 0 lend import devices d1.csv
LEND_DB=$fresh t_run 0 lend import borrowers b1.csv
LEND_DB=$fresh lend export devices -o d2.csv
LEND_DB=$fresh lend export borrowers -o b2.csv
cmp -s d1.csv d2.csv || t_diag "devices differ: $(diff d1.csv d2.csv | head -3)"
cmp -s b1.csv b2.csv || t_diag "borrowers differ: $(diff b1.csv b2.csv | head -3)"
t_run 0 lend export devices --format json
jq -e 'length == 5001' "$T_OUT" >/dev/null || t_diag 'devices JSON'

t_begin 'a kill -9 part-way through an import of 100,000 devices changes nothing'
awk 'BEGIN { print "tag,kind,make,model,member,site"
	for (i = 1; i <= 100000; i++) printf "BIG-%06d,tablet,A,B,RBH,HUB\n", i }' > big.csv
sqlite3 "$LEND_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(t_sum)
count=$(lend device list --json | jq length)
# The binary itself, not the shell function: $! must be lend's own pid.
"$LEND" import devices big.csv >/dev/null 2>&1 &
pid=$!
# Kill it once it is writing (its log grows), well before its commit.
i=0
while [ $i -lt 1500 ] && ! t_writing; do
	sleep 0.02
	i=$((i + 1))
done
[ $i -lt 1500 ] || t_diag 'the import never started writing'
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_eq 0 "$(kill -0 $pid 2>/dev/null && echo 1 || echo 0)"
t_eq "$before" "$(t_sum)"
t_eq "$count" "$(lend device list --json | jq length)"
t_eq 0 "$(lend device list --json | jq '[.[] | select(.tag | startswith("BIG-"))] | length')"

t_begin 'a backup taken while devices go in and out restores to a sound database'
lend device add --kind tablet --make A --model B --member RBH --site HUB --tag BUSY-1 >/dev/null
lend borrower edit B-000002 --consent >/dev/null
( i=0; while [ $i -lt 40 ]; do
	lend checkout B-000002 BUSY-1 >/dev/null 2>&1
	lend checkin BUSY-1 >/dev/null 2>&1
	lend device wipe BUSY-1 --method reset >/dev/null 2>&1
	i=$((i + 1))
done ) &
busy=$!
sleep 0.3
# On PostgreSQL the check-outs still run: the cases below use their loans.
if t_sqlite_only 'a backup is a file of SQLite; pg_dump backs up PostgreSQL'; then
	wait $busy
else
t_run 0 lend backup snapshot.db
wait $busy
t_eq 600 "$(stat -c %a snapshot.db)"
t_run 0 lend --db restored.db restore snapshot.db
t_run 0 lend --db restored.db doctor
t_eq 'no problems found' "$(cat "$T_OUT")"
t_eq ok "$(sqlite3 restored.db 'PRAGMA integrity_check')"
fi

t_begin 'loans past and present import, and round-trip through a fresh database'
t_run 0 lend export devices -o d3.csv
t_run 0 lend export borrowers -o b3.csv
t_run 0 lend export loans -o l1.csv
[ "$(wc -l < l1.csv)" -gt 10 ] || t_diag 'too few loans to test with'
fresh2=$T_DIR/fresh2.db
LEND_DB=$fresh2 t_registry
LEND_DB=$fresh2 lend import devices d3.csv >/dev/null
LEND_DB=$fresh2 lend import borrowers b3.csv >/dev/null
LEND_DB=$fresh2 t_run 0 lend import loans l1.csv
LEND_DB=$fresh2 lend export loans -o l2.csv
cmp -s l1.csv l2.csv || t_diag "loans differ: $(diff l1.csv l2.csv | head -3)"
LEND_DB=$fresh2 t_run 0 lend import loans l1.csv
t_eq "$(($(wc -l < l1.csv) - 1)) rows: 0 added, $(($(wc -l < l1.csv) - 1)) already there" "$(cat "$T_OUT")"
# A loan before the device was in the pool is refused; one since, open,
# puts the device on loan.
printf 'loan,borrower,tag,out_at,due_on\nOLD-L1,B-000002,IMP-00002,01/03/2026,2026-04-01\n' > early.csv
LEND_DB=$fresh2 t_run 1 lend import loans early.csv
grep -q "^lend: import: row 2: time '2026-03-01T00:00:00Z' is before the last change to 'IMP-00002'" "$T_ERR" ||
	t_diag "$(cat "$T_ERR")"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'loan,borrower,tag,out_at,due_on\nOLD-L1,B-000002,IMP-00002,%s,2099-01-01\n' "$now" > open.csv
LEND_DB=$fresh2 t_run 0 lend import loans open.csv
t_eq on_loan "$(LEND_DB=$fresh2 lend device show IMP-00002 --json | jq -r .status)"
t_eq "$now|null" "$(LEND_DB=$fresh2 lend loan show OLD-L1 --json | jq -r '.[0] | "\(.out_at)|\(.closed_at)"')"
LEND_DB=$fresh2 t_run 0 lend doctor

t_begin 'restore keeps the database it replaces, and refuses what is not lend'
# The snapshot is the backup above, which PostgreSQL makes with pg_dump.
if ! t_sqlite_only 'it restores the backup above, a file of SQLite'; then
t_run 0 lend --db restored.db restore snapshot.db
grep -q "^lend: note: restore: the database replaced is kept as 'restored.db.before-restore-" "$T_ERR" ||
	t_diag "no note of the kept file: $(cat "$T_ERR")"
t_eq 1 "$(ls restored.db.before-restore-* | wc -l | tr -d ' ')"
echo 'not a database' > junk.db
t_run 1 lend --db restored.db restore junk.db
grep -q "is not a lend database" "$T_ERR" || t_diag "$(cat "$T_ERR")"
fi

t_begin 'doctor finds an invariant broken with raw SQL, and exits 1'
t_run 0 lend doctor
sqlite3 "$LEND_DB" "UPDATE loan SET closed_at = NULL WHERE id = (SELECT min(id) FROM loan WHERE closed_at IS NOT NULL)"
t_run 1 lend doctor
grep -q '^loan open with every item back  *L-0' "$T_OUT" || t_diag "$(cat "$T_OUT")"
t_eq 'lend: doctor: 1 problem found' "$(cat "$T_ERR")"
sqlite3 "$LEND_DB" "UPDATE loan SET closed_at = (SELECT max(returned_at) FROM loan_item i WHERE i.loan_id = loan.id) WHERE closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM loan_item i WHERE i.loan_id = loan.id AND i.returned_at IS NULL)"
t_run 0 lend doctor

t_begin 'after forget no personal value is left in the file; report totals hold'
lend borrower add --name 'Zebedee Quuxworth' --phone '07700 987654' \
	--email zebedee@example.org --notes 'uses a screen reader' \
	--postcode OL16 --member RBH --language cy --consent >/dev/null
z=$(lend borrower list Zebedee --json | jq -r '.[0].ref')
lend settings set loan.limit 10 >/dev/null
loan=$(lend checkout "$z" IMP-00001)
t_refuse 1 "lend: borrower: $z has loan $loan open; check it in before erasing them" \
	lend borrower forget "$z" --yes
lend checkin IMP-00001 >/dev/null
day=$(date -u +%Y-%m-%d)
lend report --from 2026-01-01 --to "$day" -o before.json
t_run 0 lend borrower forget "$z" --yes
lend report --from 2026-01-01 --to "$day" -o after.json
t_eq "$(jq -c .figures before.json)" "$(jq -c .figures after.json)"
# On PostgreSQL: no row holds them (freeing the pages is VACUUM's work).
[ -n "$T_PG" ] || sqlite3 "$LEND_DB" 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;' >/dev/null
t_eq 0 "$({ t_dump; cat "$LEND_DB-wal" 2>/dev/null; } | strings | grep -c 'Quuxworth\|987654\|zebedee@\|screen reader')"
t_eq 'erased|null|OL16' "$(lend borrower show "$z" --json | jq -r '"\(.name)|\(.phone)|\(.postcode_district)"')"
t_run 0 lend doctor

t_begin 'subject access gives everything held, as JSON and PDF'
t_run 0 lend borrower export B-000001
t_eq 'Siân Ŵynne|07700 900123|cy' "$(jq -r '.borrower | "\(.name)|\(.phone)|\(.language)"' "$T_OUT")"
t_eq 'borrower events holds loans sessions support' "$(jq -r 'keys | join(" ")' "$T_OUT")"
t_run 0 lend borrower export B-000001 -o sar.pdf
t_eq 0 "$(qpdf --check sar.pdf >/dev/null 2>&1; echo $?)"
pdftotext -layout sar.pdf - 2>/dev/null | grep -q '^ *Enw  *Siân Ŵynne' || t_diag 'the PDF lacks the name'

t_begin 'retention erases only borrowers idle for retention.months'
t_run 0 lend retention run --dry-run
t_eq 'dry run: 0 borrowers would be erased' "$(cat "$T_OUT")"
sqlite3 "$LEND_DB" "UPDATE borrower SET created_at = '2020-01-01T00:00:00Z' WHERE ref = 'B-000002'"
t_run 0 lend retention run --dry-run
t_eq 'dry run: 0 borrowers would be erased' "$(cat "$T_OUT")"
sqlite3 "$LEND_DB" "UPDATE borrower SET created_at = '2020-01-01T00:00:00Z' WHERE ref = 'B-000001'"
t_run 0 lend retention run
t_eq '1 borrower erased' "$(cat "$T_OUT")"
t_eq erased "$(lend borrower show B-000001 --json | jq -r .name)"
