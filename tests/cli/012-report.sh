# The funder report: headline figures recomputed with independent SQL, no
# borrower anywhere in it, suppression that cannot be undone, and the
# PDF's figures equal to the CSV's.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend champion add --name 'Jo Bloggs' --member RBH >/dev/null
lend champion add --name 'Ann Other' --member LIB >/dev/null

# A generated year: 40 devices, 60 borrowers (three of them in M24), 180
# loans of 20 days, one device at a time, some lost, the last wave open.
sqlite3 -bail "$LEND_DB" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO device (tag, kind, make, model, member_id, site_id, added_at,
	changed_at, serial)
SELECT printf('GEN-%03d', i),
	CASE i % 4 WHEN 0 THEN 'tablet' WHEN 1 THEN 'laptop' WHEN 2 THEN 'phone'
	ELSE 'sim' END, 'Make', 'Model', 1 + i % 2, 1 + i % 3,
	printf('2025-%02d-15T09:00:00Z', 1 + i % 12),
	printf('2025-%02d-15T09:00:00Z', 1 + i % 12), printf('SERIAL-%03d', i)
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO borrower (ref, name, postcode_district, member_id, language,
	consent_at, consent_by, consent_terms, created_at, phone)
SELECT printf('B-%06d', i), printf('Borrower Person%02d', i),
	CASE WHEN i <= 3 THEN 'M24' WHEN i <= 23 THEN 'OL11' WHEN i <= 43
	THEN 'OL12' ELSE 'OL16' END, 1 + i % 2,
	CASE i % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'ur' ELSE 'pl' END,
	'2025-12-01T09:00:00Z', 1, '2026-1', '2025-12-01T09:00:00Z',
	printf('0770090%04d', i)
FROM n;
WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 179)
INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at, closed_at)
SELECT printf('L-%06d', k + 1), k % 60 + 1, 1, 1,
	strftime('%Y-%m-%dT10:00:00Z', '2026-01-05', printf('+%d days', (k / 40) * 30 + k % 7)),
	CASE WHEN k >= 160 THEN NULL ELSE
	strftime('%Y-%m-%dT15:00:00Z', '2026-01-05', printf('+%d days', (k / 40) * 30 + k % 7 + 10 + k % 11)) END
FROM n;
INSERT INTO loan_item (loan_id, device_id, due_on, returned_at, outcome)
SELECT l.id, (l.id - 1) % 40 + 1, date(l.out_at, '+14 days'), l.closed_at,
	CASE WHEN l.closed_at IS NULL THEN NULL WHEN l.id % 37 = 0 THEN 'lost'
	ELSE 'returned' END
FROM loan l;
UPDATE device SET status = 'on_loan' WHERE id IN
	(SELECT device_id FROM loan_item WHERE returned_at IS NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO support_session (borrower_id, champion_id, held_on, minutes,
	topic, recorded_by, created_at)
SELECT i % 60 + 1, 1 + i % 2, date('2026-01-10', printf('+%d days', i)),
	15 + i % 4 * 15, 'email', 1, '2026-01-10T00:00:00Z' FROM n;
SQL

FROM=2026-01-01 TO=2026-06-30
S="'${FROM}T00:00:00Z'" E="'${TO}T23:59:59Z'"
q() {
	sqlite3 "$LEND_DB" "$1"
}
t_run 0 lend report --from $FROM --to $TO -o r.json
t_run 0 lend report --from $FROM --to $TO -o r.csv
t_run 0 lend report --from $FROM --to $TO -o r.pdf
fig() {
	jq -r --arg f "$1" --arg k "${2:-}" '.figures[] |
		select(.figure == $f and (.key // "") == $k) |
		if .suppressed then .suppressed else .value end' r.json
}

t_begin 'each headline figure equals independent SQL'
t_eq "$(q "SELECT count(*) FROM loan WHERE out_at BETWEEN $S AND $E")" "$(fig loans_started)"
t_eq "$(q "SELECT count(*) FROM loan WHERE closed_at BETWEEN $S AND $E")" "$(fig loans_returned)"
t_eq "$(q "SELECT count(*) FROM loan WHERE out_at <= $E AND (closed_at IS NULL OR closed_at > $E)")" \
	"$(fig loans_open_at_end)"
t_eq "$(q "SELECT count(DISTINCT borrower_id) FROM loan WHERE out_at BETWEEN $S AND $E")" \
	"$(fig unique_borrowers)"
t_eq "$(q "SELECT count(*) FROM borrower b WHERE (SELECT min(out_at) FROM loan l WHERE l.borrower_id = b.id) BETWEEN $S AND $E")" \
	"$(fig new_borrowers)"
t_eq "$(q "SELECT count(*) FROM loan_item i JOIN loan l ON l.id = i.loan_id WHERE l.out_at <= $E AND (i.returned_at IS NULL OR i.returned_at > $E) AND i.due_on < '$TO'")" \
	"$(fig items_overdue_at_end)"
t_eq "$(q "SELECT count(*) FROM device WHERE added_at BETWEEN $S AND $E")" "$(fig devices_added)"
t_eq "$(q "SELECT count(*) FROM support_session WHERE held_on BETWEEN '$FROM' AND '$TO'")" \
	"$(fig support_sessions)"
t_eq "$(q "SELECT printf('%.1f', sum(minutes) / 60.0) FROM support_session WHERE held_on BETWEEN '$FROM' AND '$TO'")" \
	"$(fig support_hours)"
t_eq "$(q "SELECT count(DISTINCT champion_id) FROM support_session WHERE held_on BETWEEN '$FROM' AND '$TO'")" \
	"$(fig champions_active)"
lost=$(q "SELECT count(*) FROM loan_item WHERE outcome = 'lost' AND returned_at BETWEEN $S AND $E")
if [ "$lost" -ge 5 ]; then t_eq "$lost" "$(fig items_lost)"; else t_eq under_threshold "$(fig items_lost)"; fi
# The median loan, by nearest rank, from the sorted lengths in awk.
t_eq "$(q "SELECT julianday(returned_at) - julianday(l.out_at) FROM loan_item i JOIN loan l ON l.id = i.loan_id WHERE outcome = 'returned' AND returned_at BETWEEN $S AND $E" |
	sort -g | awk '{v[NR] = $1} END {k = int(NR * 0.5); if (k < NR * 0.5) k++; printf "%.1f", v[k]}')" \
	"$(fig loan_days_median)"
t_eq "$(q "SELECT count(*) FROM device WHERE added_at <= $S")" \
	"$(jq '[.figures[] | select(.figure == "pool_start") | .value] | add' r.json)"
t_eq "$(q "SELECT sum(CASE WHEN kind = 'tablet' THEN 1 ELSE 0 END) FROM device WHERE added_at <= $E")" \
	"$(fig pool_end tablet)"
# Utilisation over all: device-days on loan / device-days in the pool.
t_eq "$(q "SELECT printf('%.1f', 100.0 * (SELECT sum(max(0, julianday(min(coalesce(i.returned_at, $E), $E)) - julianday(max(l.out_at, $S)))) FROM loan_item i JOIN loan l ON l.id = i.loan_id) / (SELECT sum(julianday($E) - julianday(max(added_at, $S))) FROM device))")" \
	"$(fig utilisation_percent all)"

t_begin 'no borrower name, ref or phone appears in the PDF, CSV or JSON'
pdftotext -layout r.pdf - 2>/dev/null | tr -d '\f' > r.txt
q "SELECT name FROM borrower UNION ALL SELECT ref FROM borrower UNION ALL SELECT phone FROM borrower" > people.txt
t_eq 180 "$(wc -l < people.txt | tr -d ' ')"
t_eq 0 "$(cat r.txt r.csv r.json | grep -c -F -f people.txt)"
t_eq 0 "$(cat r.txt r.csv r.json | grep -c 'SERIAL-\|L-0000\|2026-0[1-6]-[0-9][0-9]T')"

t_begin 'a district of 3 shows <5 and cannot be recovered from the total'
t_eq under_threshold "$(fig reach_postcode_district M24)"
grep -q '^ *M24  *<5 *$' r.txt || t_diag 'the PDF does not show M24 as <5'
hidden=$(jq '[.figures[] | select(.figure == "reach_postcode_district" and .suppressed)] | length' r.json)
[ "$hidden" -ge 2 ] || t_diag "only $hidden district suppressed: total minus the rest gives it away"
t_eq withheld "$(fig reach_postcode_district OL16)"
grep -q '^ *OL16  *w *$' r.txt || t_diag 'the PDF does not show OL16 as w (withheld)'
t_eq 'Borrowers by postcode district,OL16,,withheld' \
	"$(tr -d '\r' < r.csv | awk -F, '$2 == "OL16" {print $5 "," $6 "," $3 "," $4}' | head -1)"

t_begin 'the PDF figures equal the CSV figures; qpdf passes'
t_eq 0 "$(qpdf --check r.pdf >/dev/null 2>&1; echo $?)"
# The PDF's columns are two spaces or more apart: heading, of, value.
tr -d '\f' < r.txt | sed -n '/^ *All figures/,$p' | sed 's/^ *//' |
	awk -F '   *' 'NR > 2 && NF >= 2 && $1 !~ /^[0-9]+$/ {print $1 "|" (NF == 3 ? $2 : "") "|" $NF}' > pdf.txt
jq -r '.figures[] | "\(.heading)|\(.of // "")"' r.json > json.txt
tail -n +2 r.csv | tr -d '\r' | awk -F, '{print $1 "," $2 "," ($4 == "withheld" ? "w" : $4 != "" ? "<5" : $3)}' > csv.txt
t_eq "$(wc -l < csv.txt | tr -d ' ')" "$(wc -l < pdf.txt | tr -d ' ')"
# Values as the PDF prints them: the CSV's, in the JSON's headings.
cut -d, -f3 csv.txt > marks.txt
paste -d'|' json.txt marks.txt > want.txt
diff want.txt pdf.txt > figs.diff || t_diag "PDF and CSV differ: $(head -3 figs.diff)"
# JSON numbers as jq prints them (48.0 is 48) against the CSV's.
t_eq "$(jq -r '.figures[] | "\(.figure),\(.key // ""),\(if .suppressed then "" else .value end)"' r.json)" \
	"$(tail -n +2 r.csv | tr -d '\r' | awk -F, '{print $1 "," $2 "," ($3 == "" ? "" : $3 + 0)}')"
t_eq "$(jq -r '.figures[] | .suppressed // ""' r.json)" \
	"$(tail -n +2 r.csv | tr -d '\r' | cut -d, -f4)"

t_begin 'a member or grant narrows the devices; formats follow the extension'
t_run 0 lend report --from $FROM --to $TO --member LIB -o lib.json
t_eq LIB "$(jq -r .member lib.json)"
t_eq "$(q "SELECT count(DISTINCT l.id) FROM loan l JOIN loan_item i ON i.loan_id = l.id JOIN device d ON d.id = i.device_id WHERE d.member_id = 2 AND l.out_at BETWEEN $S AND $E")" \
	"$(jq -r '.figures[] | select(.figure == "loans_started") | .value' lib.json)"
t_run 0 lend report --from $FROM --to $TO --format csv -o -
t_eq 'figure,key,value,suppressed,heading,of' "$(head -1 "$T_OUT" | tr -d '\r')"
SOURCE_DATE_EPOCH=1767225600 lend report --from $FROM --to $TO -o a.pdf
SOURCE_DATE_EPOCH=1767225600 lend report --from $FROM --to $TO -o b.pdf
cmp -s a.pdf b.pdf || t_diag 'two reports differ'

t_begin 'bad input is refused, no file left'
t_refuse 1 "lend: report: to date '2025-01-01' is before the from date '$FROM'" \
	lend report --from $FROM --to 2025-01-01 -o bad.pdf
t_refuse 1 "lend: report: from date '2026-02-30' is not a date (YYYY-MM-DD)" \
	lend report --from 2026-02-30 --to $TO -o bad.pdf
t_refuse 1 "lend: report: member 'NOPE' not found" \
	lend report --from $FROM --to $TO --member NOPE -o bad.pdf
t_refuse 1 "lend: report: unknown format 'xls' (one of: pdf, csv, json)" \
	lend report --from $FROM --to $TO --format xls -o bad.pdf
t_refuse 2 "lend: report: --from and --to are required" lend report -o bad.pdf
t_eq '' "$(ls bad.pdf ./*.tmp-* ./.lend-tmp-* 2>/dev/null)"

t_begin 'the cover says how to read the marks; months, names and no holds in words'
grep -q 'How to read this report' r.txt || t_diag 'no "How to read this report" on the cover'
grep -q 'reads w (withheld)' r.txt || t_diag 'the cover does not explain w'
grep -q 'hollow bar' r.txt || t_diag 'the cover does not explain hollow bars'
grep -q '^ *OL11  *[0-9][0-9]* *$' r.txt || t_diag 'no OL11 line'
t_eq 'Jan 2026 Feb 2026 Mar 2026 Apr 2026 May 2026 Jun 2026' \
	"$(pdftotext -f 2 -l 2 -layout r.pdf - 2>/dev/null | grep 'Jan 2026' | tr -s ' ' | sed 's/^ //; s/ $//')"
grep -q '^ *Rochdale Libraries  *[0-9<w]' r.txt || t_diag 'member LIB not named'
grep -q 'reach_\|monthly_\|25-12' r.txt && t_diag 'an internal name or a YY-MM in the PDF'
grep -q '^ *Wait for a device, median (days)  *no holds served *$' r.txt ||
	t_diag 'no "no holds served"'
t_eq 'Borrowers by referring member,Rochdale Libraries' \
	"$(tr -d '\r' < r.csv | awk -F, '$1 == "reach_referring_member" && $2 == "LIB" {print $5 "," $6}')"

t_begin 'a period outside a grant is warned of, in the PDF and the JSON'
lend grant add LATE --funder 'Good Things Fund' --programme 'Devices' \
	--from 2026-04-01 --to 2027-03-31 >/dev/null
t_run 0 lend report --from $FROM --to $TO --grant LATE -o late.pdf
pdftotext late.pdf - 2>/dev/null | tr '\n' ' ' | grep -q 'Warning: the period 2026-01-01 to 2026-06-30 runs outside grant LATE' ||
	t_diag 'no warning of the grant dates in the PDF'
t_run 0 lend report --from $FROM --to $TO --grant LATE -o late.json
jq -e '.warning | test("runs outside grant LATE")' late.json >/dev/null || t_diag 'no warning in the JSON'
t_run 0 lend report --from 2026-04-01 --to $TO --grant LATE -o in.json
t_eq null "$(jq .warning in.json)"

t_begin 'each report is recorded; one beside an earlier report gives nothing away'
t_eq "$FROM $TO json" "$(q "SELECT from_on, to_on, format FROM report_issue WHERE member_id IS NULL AND grant_id IS NULL ORDER BY id LIMIT 1" | tr '|' ' ')"
q "SELECT figure || ',' || cell FROM report_issue_cell" | grep -q 'Borrower\|B-0' &&
	t_diag 'a name or a ref in the record'
# The half year less all but its last seven weeks' days: the three loans
# of 11 May and after, and their borrowers, would be its difference.
t_refuse 1 "lend: report: beside the report for $FROM to $TO issued before for the same member and grant, this one would give away a count under 5 (loans_started); ask for that period again, or for one that differs from it by more" \
	lend report --from $FROM --to 2026-05-10 -o near.json
t_eq '' "$(ls near.json 2>/dev/null)"
# Its first quarter differs by a whole quarter: issued, and the months it
# shares with the half year are the same cells, shown or hidden alike.
t_run 0 lend report --from $FROM --to 2026-03-31 -o q1.json
t_eq "$(jq -c '[.figures[] | select(.figure == "monthly_loans_started" and .key <= "2026-03") | [.key, .value, .suppressed]]' r.json)" \
	"$(jq -c '[.figures[] | select(.figure == "monthly_loans_started") | [.key, .value, .suppressed]]' q1.json)"
