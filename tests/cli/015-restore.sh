#!/bin/sh
# Restore after a crash (issue 12): the live database is checkpointed and
# kept with its -wal and -shm under a name no other restore takes; the
# backup is checked before it takes its place; admins only, recorded.
. "$LEND_TOP/tests/cli/lib.sh"

t_registry
lend device add --kind tablet --make A --model B --member RBH --site HUB >/dev/null
lend borrower add --name 'Gwen Parry' --postcode OL11 --member RBH --consent >/dev/null
if [ -z "$T_PG" ]; then
	lend backup nightly.db >/dev/null
else
	# A backup is a file of SQLite; on PostgreSQL lend makes none.
	LEND_DB=file.db t_registry && LEND_DB=file.db lend backup nightly.db >/dev/null
fi

pg_why='restore puts a file of SQLite in place; pg_restore restores PostgreSQL'
if [ -n "$T_PG" ]; then
t_begin 'on PostgreSQL, backup and restore refuse, naming pg_dump and pg_restore'
t_refuse 1 "lend: backup: a PostgreSQL database is backed up with pg_dump (see lend(1))" \
	lend backup again.db
t_refuse 1 "lend: restore: a PostgreSQL database is restored with pg_restore (see lend(1))" \
	lend restore nightly.db
fi

t_begin 'a writer killed mid-transaction: restore keeps every committed one'
if ! t_sqlite_only "$pg_why"; then
# Another connection stays open, as a desk PC's would: the commits below
# stay in the log (-wal), not the file, when the power goes.
mkfifo hold
sqlite3 "$LEND_DB" < hold >/dev/null 2>&1 &
holder=$!
exec 3>hold
echo 'SELECT count(*) FROM device;' >&3
for t in 1 2 3; do
	lend device add --kind phone --make C --model D --member LIB --site CEN --tag "KEEP-$t" >/dev/null
done
lend member add OXF 'Oxfam' >/dev/null
[ "$(stat -c %s "$LEND_DB-wal" 2>/dev/null || echo 0)" -gt 0 ] || t_diag 'nothing in the log'
awk 'BEGIN { print "tag,kind,make,model,member,site"
	for (i = 1; i <= 60000; i++) printf "BIG-%06d,tablet,A,B,RBH,HUB\n", i }' > big.csv
"$LEND" import devices big.csv >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 1500 ] && [ "$(stat -c %s "$LEND_DB-wal" 2>/dev/null || echo 0)" -lt 400000 ]; do
	sleep 0.02
	i=$((i + 1))
done
kill -9 $pid $holder 2>/dev/null
wait $pid 2>/dev/null
wait $holder 2>/dev/null
exec 3>&-
[ -f "$LEND_DB-wal" ] || t_diag 'the crash left no log'
t_run 0 lend restore nightly.db
kept=$(sed -n "s/^lend: note: restore: the database replaced is kept as '\(.*\)'$/\1/p" "$T_ERR")
[ -f "$kept" ] || t_diag "no kept file: $(cat "$T_ERR")"
t_eq ok "$(sqlite3 "$LEND_DB" 'PRAGMA integrity_check')"
t_run 0 lend doctor
t_eq 'no problems found' "$(cat "$T_OUT")"
t_eq 1 "$(lend device list --json | jq length)"
# The kept copy opens whole, with every committed transaction, none of
# the killed one.
t_eq ok "$(sqlite3 "$kept" 'PRAGMA integrity_check')"
t_eq 3 "$(sqlite3 "$kept" "SELECT count(*) FROM device WHERE tag LIKE 'KEEP-%'")"
t_eq 1 "$(sqlite3 "$kept" "SELECT count(*) FROM member WHERE code = 'OXF'")"
t_eq 0 "$(sqlite3 "$kept" "SELECT count(*) FROM device WHERE tag LIKE 'BIG-%'")"
t_eq 0 "$(LEND_DB=$kept lend doctor >/dev/null 2>&1; echo $?)"
t_eq 600 "$(stat -c %a "$kept")"
t_eq 600 "$(stat -c %a "$LEND_DB")"
fi

t_begin 'the restore is an event of the database restored'
if ! t_sqlite_only "$pg_why"; then
t_eq 'restore|ada' "$(sqlite3 "$LEND_DB" "SELECT e.action || '|' || u.name FROM event e JOIN app_user u ON u.id = e.actor_id WHERE e.entity = 'database'")"
t_eq nightly.db "$(sqlite3 "$LEND_DB" "SELECT json_extract(after, '$.backup') FROM event WHERE entity = 'database'")"
fi

t_begin 'restores in the same second keep every replaced database'
if ! t_sqlite_only "$pg_why"; then
rm -f "$LEND_DB".before-restore-*
for i in 1 2 3; do
	lend member add "M$i" "Member $i" >/dev/null
	lend restore nightly.db 2>/dev/null
done
t_eq 3 "$(ls "$LEND_DB".before-restore-* | grep -c -v -- '-wal$\|-shm$')"
for i in 1 2 3; do
	t_eq 1 "$(for f in "$LEND_DB".before-restore-*; do sqlite3 "$f" "SELECT count(*) FROM member WHERE code = 'M$i'"; done | grep -c 1)"
done
fi

t_begin 'only an admin that exists may restore'
t_refuse 1 "lend: restore: user 'sam' is a staff and may not restore backups" \
	lend --as sam restore nightly.db
t_refuse 1 "lend: restore: acting user 'nobody' not found" \
	lend --as nobody restore nightly.db
t_refuse 1 'lend: restore: no acting user (give --as USER or set LEND_USER)' \
	env LEND_USER= "$LEND" restore nightly.db

t_begin 'a backup the doctor finds fault with is refused, nothing changed'
if ! t_sqlite_only "$pg_why"; then
cp nightly.db bad.db
sqlite3 bad.db "INSERT INTO device (tag, kind, make, model, member_id, site_id, added_at, changed_at) VALUES ('RAW-1', 'tablet', 'a', 'b', 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
t_refuse 1 "lend: restore: backup 'bad.db' has 1 problems (device without the event of its creation: RAW-1); nothing was changed" \
	lend restore bad.db
t_eq '' "$(ls | grep restoring)"
fi

t_begin 'a restore brings no erased borrower back'
if ! t_sqlite_only "$pg_why"; then
ref=$(lend borrower list Gwen --json | jq -r '.[0].ref')
t_run 0 lend borrower forget "$ref" --yes
t_run 0 lend restore nightly.db
t_eq 'erased' "$(lend borrower show "$ref" --json | jq -r .name)"
t_eq 0 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM borrower WHERE name LIKE '%Parry%'")"
fi
