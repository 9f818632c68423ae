# Refs and tags in any case, B-12 for B-000012; borrowers found by any part
# of the name ignoring case and accents, phone, email or district; a
# borrower's card; lower-case tags folded by migration 009 (issue 15).
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend device add --kind tablet --make Samsung --model Tab --member RBH \
	--site HUB --tag rtl-x1 >/dev/null
lend borrower add --name 'Siân Wynne' --phone '07700 900123' \
	--email 'Sian.W@example.org' --postcode OL11 --member RBH \
	--consent >/dev/null
lend borrower add --name 'Ōwen Ŷork' --postcode M1 --member LIB \
	--consent >/dev/null

t_begin 'refs and tags are kept in upper case and typed in any'
t_eq RTL-X1 "$(lend device show rtl-x1 --json | jq -r .tag)"
t_run 0 lend checkout b-1 rtl-x1
t_eq L-000001 "$(cat "$T_OUT")"
t_eq B-000001 "$(lend loan show l-1 --json | jq -r '.[0].borrower')"
t_eq B-000001 "$(lend borrower show B-01 --json | jq -r .ref)"
t_run 0 lend checkin Rtl-X1
t_refuse 1 "lend: borrower: borrower 'b-9' not found" lend borrower show b-9

t_begin 'a borrower is found by any part of the name, phone, email, district'
for q in sian SIAN Siân 'siân w' wynne 900123 '07700 900 123' \
	sian.w@example OL11 ol11 b-1; do
	t_eq B-000001 "$(lend borrower list "$q" --json | jq -r 'map(.ref) | join(",")')"
done
t_eq B-000002 "$(lend borrower list 'owen york' --json | jq -r 'map(.ref) | join(",")')"
t_eq '' "$(lend borrower list 'nobody' --json | jq -r 'map(.ref) | join(",")')"
t_eq '' "$(lend borrower list '%' --json | jq -r 'map(.ref) | join(",")')"
t_eq 'sian wynne|owen york' \
	"$(sqlite3 "$LEND_DB" "SELECT group_concat(name_folded, '|') FROM borrower")"

t_begin "a borrower's card carries the ref alone"
t_run 0 lend label --borrower b-1 --format png -o cards/
t_eq B-000001.png "$(ls cards)"
if command -v zbarimg >/dev/null; then
	t_eq B-000001 "$(zbarimg -q --raw cards/B-000001.png 2>/dev/null)"
fi
t_run 0 lend label --borrower B-000001 -o card.pdf
t_refuse 1 "lend: label: borrower 'B-9' not found" \
	lend label --borrower B-9 -o card.pdf

t_begin 'migration 009 folds tags to upper case, refusing to merge two'
if ! t_sqlite_only 'it builds an older SQLite file by hand'; then
cp "$LEND_DB" old.db
t_undo_to old.db 8
sqlite3 old.db "UPDATE device SET tag = 'rtl-x1';
	INSERT INTO device (tag, kind, make, model, member_id, site_id, added_at,
		changed_at) SELECT 'Rtl-X1', kind, make, model, member_id, site_id,
		added_at, changed_at FROM device"
t_refuse 1 "lend: database: tags that differ only in case would become one device: Rtl-X1, rtl-x1; give one of each pair another tag, then open again" \
	lend --db old.db device list
sqlite3 old.db "UPDATE device SET tag = 'rtl-x2' WHERE tag = 'Rtl-X1'"
t_run 0 lend --db old.db device list
t_eq 'RTL-X1,RTL-X2' "$(sqlite3 old.db "SELECT group_concat(tag) FROM (SELECT tag FROM device ORDER BY tag)")"
t_eq 'sian wynne|owen york' \
	"$(sqlite3 old.db "SELECT group_concat(name_folded, '|') FROM borrower")"
fi
