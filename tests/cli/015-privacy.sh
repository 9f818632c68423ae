#!/bin/sh
# Erasure leaves no name behind (issue 12): a name written into every
# free-text field lend has is found nowhere after `borrower forget` -- not
# in the database or its log, the events, any export, a backup made after,
# nor another borrower's subject access export.  And every file lend
# writes holding personal data is 0600 whatever the umask, with no
# temporary file left beside it.
. "$LEND_TOP/tests/cli/lib.sh"

NAME='Zyxwvu Qwerty'
t_registry
lend champion add --name 'Jo Bloggs' --member RBH >/dev/null
for t in 1 2 3; do
	lend device add --kind tablet --make A --model B --member RBH --site HUB \
		--tag "TAB-$t" >/dev/null
done
A=$(lend borrower add --name "$NAME" --phone 07700900123 \
	--email zyxwvu@example.org --postcode OL11 --member RBH --consent \
	--notes "$NAME needs large print")
O=$(lend borrower add --name 'Other Person' --postcode OL12 --member RBH \
	--consent --notes "met $NAME at the hub")

t_begin 'the name goes into every free-text field'
t_run 0 lend support assign "$A" C-0001
t_run 0 lend session log "$A" --minutes 30 --topic "Helped $NAME with her UC claim"
t_run 0 lend checkout "$A" TAB-1 --days 7
L=$(cat "$T_OUT")
t_run 0 lend loan sign "$L"
t_run 0 lend checkin TAB-1 --condition fair --note "$NAME says sorry"
t_run 0 lend device status TAB-1 repair --note "$NAME reported the fault"
t_run 0 lend hold add "$A" --kind laptop
[ "$({ t_dump; cat "$LEND_DB-wal" 2>/dev/null; } | grep -c -a "$NAME")" -gt 0 ] ||
	t_diag 'the name was never written'
# What O's own record says of A is O's: it is cleared with an edit.
t_run 0 lend borrower edit "$O" --notes 'met someone at the hub'
t_run 0 lend session log "$A" --minutes 15 --topic "$NAME again"

t_begin 'forget: the name is nowhere'
t_run 0 lend borrower forget "$A" --yes
sqlite3 "$LEND_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
lend backup after.db >/dev/null 2>&1 # SQLite's; PostgreSQL's is pg_dump
t_dump > store.dump
lend export events -o events.csv
lend export events --format json -o events.json
lend export borrowers -o borrowers.csv
lend export loans -o loans.csv
lend export devices -o devices.csv
lend borrower export "$O" -o sar.json
lend borrower export "$O" --format pdf -o sar.pdf
for f in store.dump "$LEND_DB-wal" after.db events.csv events.json \
	borrowers.csv loans.csv devices.csv sar.json; do
	[ -f "$f" ] || continue
	n=$(grep -c -a -e "$NAME" -e Zyxwvu -e 07700900123 "$f")
	[ "$n" -eq 0 ] || t_diag "$(basename "$f") still holds the name ($n)"
done
lend history "$A" >hist.txt 2>&1
grep -q -e "$NAME" -e Zyxwvu hist.txt && t_diag 'history still holds the name'

t_begin 'an erased borrower is given no session'
t_refuse 1 "lend: session: $A was erased on $(sqlite3 "$LEND_DB" \
	"SELECT forgotten_at FROM borrower WHERE ref = '$A'"); no personal data is kept about them again" \
	lend session log "$A" --minutes 15 --topic 'anything'

# Every file of personal data is 0600 and written whole under its name.
files_of() {
	L2=$(lend checkout "$O" "$2" --days 7)
	lend export borrowers -o "$1/borrowers.csv" &&
	lend export borrowers --format json -o "$1/borrowers.json" &&
	lend export events -o "$1/events.csv" &&
	lend export loans -o "$1/loans.csv" &&
	lend borrower export "$O" -o "$1/sar.json" &&
	lend borrower export "$O" --format pdf -o "$1/sar.pdf" &&
	lend agreement "$L2" -o "$1/agreement.pdf" &&
	lend slip "$L2" -o "$1/slip.pdf" &&
	{ [ -n "$T_PG" ] || lend backup "$1/backup.db"; } &&
	lend checkin "$2" --condition good >/dev/null
}
for mask in 022 077; do
	tag=TAB-M$mask
	lend device add --kind tablet --make A --model B --member RBH --site HUB \
		--tag $tag >/dev/null
	t_begin "umask $mask: personal files are 0600, no temporary file left"
	mkdir "out$mask"
	(umask $mask && files_of "out$mask" $tag) >/dev/null 2>"out$mask.err" ||
		t_diag "$(cat "out$mask.err")"
	backup=' backup.db'
	[ -n "$T_PG" ] && backup=
	t_eq "agreement.pdf$backup borrowers.csv borrowers.json events.csv loans.csv sar.json sar.pdf slip.pdf" \
		"$(ls -A "out$mask" | tr '\n' ' ' | sed 's/ $//')"
	for f in "out$mask"/*; do
		t_eq "$(basename "$f") 600" "$(basename "$f") $(stat -c %a "$f")"
	done
done

t_begin 'retention run --dry-run lists the refs it would erase and why'
R=$(lend borrower add --name 'Idle Person' --postcode OL16 --member LIB --consent)
sqlite3 "$LEND_DB" "UPDATE borrower SET created_at = '2020-03-02T10:00:00Z' WHERE ref = '$R'"
before=$(t_sum)
t_run 0 lend retention run --dry-run
t_eq "$R: idle since 2020-03-02, over retention.months (24)
dry run: 1 borrower would be erased" "$(cat "$T_OUT")"
t_run 0 lend --json retention run --dry-run
t_eq "$R 2020-03-02 24" "$(jq -r '.[] | "\(.ref) \(.idle_since) \(.retention_months)"' "$T_OUT")"
t_eq "$before" "$(t_sum)"
t_run 0 lend retention run
t_eq '1 borrower erased' "$(cat "$T_OUT")"
t_eq erased "$(lend borrower show "$R" --json | jq -r .name)"
