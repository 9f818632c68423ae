# The schema holds its rules against any writer, not only against lend:
# raw SQL through the sqlite3 shell (psql on PostgreSQL: lib.sh) meets the
# same constraints.  Each check takes either engine's words.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend device add --kind tablet --make A --model B --member RBH --site HUB >/dev/null
lend device add --kind laptop --make C --model D --member RBH --site HUB >/dev/null

sql() {
	sqlite3 -bail -cmd 'PRAGMA foreign_keys = ON' "$LEND_DB" "$@"
}

sql "INSERT INTO borrower (ref, name, postcode_district, member_id, created_at)
     VALUES ('B-000001', 'Test Person', 'OL11', 1, '2026-01-01T00:00:00Z');
     INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at)
     VALUES ('L-000001', 1, 1, 1, '2026-01-02T00:00:00Z'),
            ('L-000002', 1, 1, 1, '2026-01-02T00:00:00Z');
     INSERT INTO loan_item (loan_id, device_id, due_on)
     VALUES (1, 1, '2026-02-01');"

t_begin 'a second open loan item for a device fails on the index'
t_run 19 sql "INSERT INTO loan_item (loan_id, device_id, due_on) VALUES (2, 1, '2026-02-01')"
grep -qE 'UNIQUE constraint failed: loan_item.device_id|unique constraint "loan_item_open"' "$T_ERR" ||
	t_diag "no unique failure: $(cat "$T_ERR")"
t_eq 1 "$(sql 'SELECT count(*) FROM loan_item WHERE device_id = 1')"

t_begin 'once the first item is returned, the device may go out again'
t_run 0 sql "UPDATE loan_item SET returned_at = '2026-01-10T00:00:00Z', outcome = 'returned' WHERE id = 1;
             INSERT INTO loan_item (loan_id, device_id, due_on) VALUES (2, 1, '2026-02-01')"

t_begin 'events cannot be updated or deleted'
n=$(sql 'SELECT count(*) FROM event')
t_run 19 sql "UPDATE event SET action = 'forged'"
grep -q 'event is append-only' "$T_ERR" || t_diag "update: $(cat "$T_ERR")"
t_run 19 sql 'DELETE FROM event'
grep -q 'event is append-only' "$T_ERR" || t_diag "delete: $(cat "$T_ERR")"
t_eq "$n" "$(sql 'SELECT count(*) FROM event')"

t_begin 'an unknown device kind fails on a CHECK'
t_run 19 sql "INSERT INTO device (tag, kind, make, model, member_id, site_id, added_at, changed_at)
             VALUES ('X-1', 'toaster', 'A', 'B', 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
grep -qE 'CHECK constraint failed|violates check constraint' "$T_ERR" || t_diag "$(cat "$T_ERR")"

t_begin 'status moves outside the transition table fail on the trigger'
t_run 0 sql "UPDATE device SET status = 'retired' WHERE id = 2"
t_run 19 sql "UPDATE device SET status = 'available' WHERE id = 2"
grep -q 'device status transition not allowed' "$T_ERR" || t_diag "$(cat "$T_ERR")"

t_begin 'STRICT tables refuse ill-typed values, foreign keys hold'
t_run 19 sql "UPDATE device SET cost_pence = '12.50' WHERE id = 1"
t_run 19 sql "UPDATE device SET member_id = 99 WHERE id = 1"
grep -qE 'FOREIGN KEY constraint failed|violates foreign key constraint' "$T_ERR" || t_diag "$(cat "$T_ERR")"
t_run 19 sql "UPDATE device SET cost_pence = -1 WHERE id = 1"

t_begin 'lend still opens the database and it is consistent'
t_run 0 lend device list
if [ -z "$T_PG" ]; then
	t_eq ok "$(sql 'PRAGMA integrity_check')"
	t_eq '' "$(sql 'PRAGMA foreign_key_check')"
fi
