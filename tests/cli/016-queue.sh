# Holds and renewals that keep the queue moving (issue 13): each numbered
# point of the issue on dates back-dated with --at, as the paper fallback
# enters them, every refusal leaving the database as it was.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
ago() { date -u -d "-$1" +%Y-%m-%dT%H:%M:%SZ; }
day() { date -u -d "$1" +%Y-%m-%d; }
dev() {
	tag=$1 kind=$2
	shift 2
	lend device add --tag "$tag" --kind "$kind" --make Acme --model M \
		--member RBH --site HUB --at "$(ago '60 days')" "$@" >/dev/null
}
for n in 1 2 3 4 5; do
	lend borrower add --name "Person $n" --postcode OL11 --member RBH \
		--consent --at "$(ago '60 days')" >/dev/null
done
A=B-000001 B=B-000002 C=B-000003 W=B-000004 E=B-000005
dev LAP-1 laptop
dev P1 phone
dev P2 phone
dev HS-1 hotspot
dev HS-2 hotspot
dev ACC-1 accessory
dev ACC-2 accessory
dev ACC-3 accessory

t_begin '1. a lapsed reservation expires and the device goes to the next in line'
lend checkout $A LAP-1 --at "$(ago '40 days')" >/dev/null
lend hold add $B --kind laptop --at "$(ago '39 days')" >/dev/null   # H-000001
lend hold add $C --kind laptop --at "$(ago '38 days')" >/dev/null   # H-000002
t_run 0 lend checkin LAP-1 --at "$(ago '30 days')"
t_eq "lend: note: LAP-1: next for $B (hold H-000001) once wiped (lend device wipe LAP-1)" "$(cat "$T_ERR")"
t_run 0 lend device wipe LAP-1 --method reset --at "$(ago '30 days')"
t_eq "lend: note: LAP-1: set aside for $B (hold H-000001) until $(day '-27 days'); put it by for them" "$(cat "$T_ERR")"
# Days later a walk-in may not have it: it passed to C, the next in line.
t_refuse 1 "lend: checkout: device 'LAP-1' is reserved for $C until $(day '+3 days')T23:59:59Z" \
	lend checkout $W LAP-1
t_run 0 lend hold list --json
t_eq "lend: note: H-000001: $B did not collect LAP-1 by $(day '-27 days'); the hold expired
lend: note: LAP-1: set aside for $C (hold H-000002) until $(day '+3 days'); put it by for them" "$(cat "$T_ERR")"
t_eq 'H-000001 expired null|H-000002 reserved LAP-1' \
	"$(jq -r '[.[] | "\(.ref) \(.status) \(.reserved_device)"] | join("|")' "$T_OUT")"
t_eq expired "$(lend hold list | awk '$1 == "H-000001" { print $5 }')"
t_run 0 lend hold add $B --kind laptop                              # B queues again
t_eq H-000003 "$(cat "$T_OUT")"

t_begin '1. cancelling a reserved hold passes its device on, or to the shelf'
t_run 0 lend hold cancel H-000002
t_eq "lend: note: LAP-1: set aside for $B (hold H-000003) until $(day '+3 days'); put it by for them" "$(cat "$T_ERR")"
t_run 0 lend hold cancel H-000003
t_eq "lend: note: LAP-1: nobody else waits for it; back on the shelf" "$(cat "$T_ERR")"
t_refuse 1 "lend: hold: hold 'H-000001' is already expired" lend hold cancel H-000001

t_begin '2. renewal is refused while another borrower holds the device'
lend checkout $A P1 --at "$(ago '20 days')" >/dev/null
loan=$(lend loan list --borrower $A --open --json | jq -r '.[0].ref')
lend hold add $E --device P1 >/dev/null                             # H-000004
t_refuse 1 "lend: renew: $E (hold H-000004) holds device 'P1'; check it in for them (lend checkin P1)" \
	lend renew P1
lend hold cancel H-000004

t_begin '2. renewal sets the free device of the kind aside, else is refused'
lend hold add $E --kind phone >/dev/null                            # H-000005
t_run 0 lend renew $loan
t_eq "lend: note: P2: set aside for $E (hold H-000005) until $(day '+3 days'); put it by for them" "$(cat "$T_ERR")"
lend hold add $W --kind phone >/dev/null                            # H-000006
t_refuse 1 "lend: renew: $W (hold H-000006) waits for a phone and no other is free; check in 'P1' for them (lend checkin P1)" \
	lend renew P1
t_refuse 1 "lend: settings: renew.when_held 'sometimes' is not one of refuse|allow" \
	lend settings set renew.when_held sometimes
lend settings set renew.when_held allow
t_run 0 lend renew P1
lend settings set renew.when_held refuse

t_begin '3. no hold on a device one has out; a second of the kind, once'
t_refuse 1 "lend: hold: $A has device 'P1' out on $loan; to keep it longer: lend renew $loan" \
	lend hold add $A --device P1
t_run 0 lend hold add $A --kind phone
t_eq H-000007 "$(cat "$T_OUT")"
t_refuse 1 "lend: hold: $A already waits for kind 'phone' (hold H-000007)" \
	lend hold add $A --kind phone
t_eq 'H-000005 reserved P2|H-000006 waiting null|H-000007 waiting null' \
	"$(lend hold list --json | jq -r '[.[] | select(.status != "expired") | "\(.ref) \(.status) \(.reserved_device)"] | join("|")')"

t_begin '4. a device set aside that leaves the shelf passes its hold on'
lend device status HS-1 repair --at "$(ago '5 hours')"
lend hold add $B --kind hotspot --at "$(ago '4 hours')" >/dev/null  # H-000008
lend device status HS-1 quarantine --at "$(ago '3 hours')"
t_run 0 lend device wipe HS-1 --method reset --at "$(ago '2 hours')"
t_eq "lend: note: HS-1: set aside for $B (hold H-000008) until $(day '+3 days'); put it by for them" "$(cat "$T_ERR")"
t_run 0 lend device status HS-1 repair --at "$(ago '1 hour')"
t_eq "lend: note: HS-1: repair, so $B (hold H-000008) passes to HS-2
lend: note: HS-2: set aside for $B (hold H-000008) until $(day '+3 days'); put it by for them" "$(cat "$T_ERR")"
t_run 0 lend device status HS-2 lost
t_eq "lend: note: HS-2: lost, so $B (hold H-000008) waits again, first in line; no other hotspot is on the shelf" "$(cat "$T_ERR")"
t_eq 'waiting null' "$(lend hold list --json | jq -r '.[] | select(.ref == "H-000008") | "\(.status) \(.reserved_device)"')"

t_begin '5. an available device does not go to a walk-in while someone waits'
lend hold add $C --kind laptop --at "$(ago '5 days')" >/dev/null    # H-000009
t_refuse 1 "lend: checkout: $C waits for a laptop since $(day '-5 days') (hold H-000009); lend 'LAP-1' to them, or give --override" \
	lend checkout $W LAP-1
t_run 0 lend checkout $W LAP-1 --override
t_eq "lend: note: LAP-1: lent by --override ahead of $C, who waits for a laptop since $(day '-5 days') (hold H-000009)" "$(cat "$T_ERR")"
dev LAP-2 laptop
t_run 0 lend checkout $C LAP-2                                      # first in line
t_eq 0 "$(lend hold list --json | jq '[.[] | select(.ref == "H-000009")] | length')"

t_begin '6. overdue items are told at check-out, or block it'
lend checkout $E ACC-1 --days 7 --at "$(ago '50 days')" >/dev/null
t_run 0 lend checkout $E ACC-2
t_eq "lend: note: checkout: $E has 1 item overdue, the oldest due $(day '-43 days') (43 days late; lend overdue lists them)" "$(cat "$T_ERR")"
lend settings set loan.overdue block
t_refuse 1 "lend: checkout: $E has 1 item overdue, the oldest due $(day '-43 days') (43 days late); bring it back first (lend overdue), or lend with lend checkout --override" \
	lend checkout $E ACC-3
t_run 0 sh -c "printf '$E\n' | \"\$LEND\" scan"
t_eq "error: scan: $E has 1 item overdue, the oldest due $(day '-43 days') (43 days late); bring it back first (lend overdue), or lend with lend checkout --override" \
	"$(head -n 1 "$T_OUT")"
t_run 0 lend checkout $E ACC-3 --override
t_eq "lend: note: checkout: $E has 1 item overdue, the oldest due $(day '-43 days') (43 days late; lend overdue lists them)" "$(cat "$T_ERR")"
lend settings set loan.overdue warn
t_run 0 sh -c "printf '$E\n' | \"\$LEND\" scan"
t_eq "$E: check-out started; scan the devices
scan: $E has 1 item overdue, the oldest due $(day '-43 days') (43 days late; lend overdue lists them)" \
	"$(head -n 2 "$T_OUT")"
lend settings set loan.overdue allow
t_run 0 lend checkin ACC-3
lend device wipe ACC-3 --method reset
t_run 0 lend checkout $E ACC-3
t_eq '' "$(cat "$T_ERR")"

t_begin '7. an IMEI, an ICCID, a serial of a make: one device each'
dev PH-1 phone --imei 356938035643809 --serial S1
dev SIM-1 sim --iccid 8944100030301537004
t_refuse 1 "lend: device: imei '356938035643809' is already on device 'PH-1'" \
	dev PH-2 phone --imei 356938035643809
t_refuse 1 "lend: device: iccid '8944100030301537004' is already on device 'SIM-1'" \
	dev SIM-2 sim --iccid 8944100030301537004
t_refuse 1 "lend: device: serial 'S1' is already on device 'PH-1' of the same make" \
	dev PH-2 phone --serial S1
t_run 0 lend device add --tag PH-3 --kind phone --make Other --model M \
	--member RBH --site HUB --serial S1
t_refuse 1 "lend: device: serial 'S1' is already on device 'PH-1' of the same make" \
	lend device edit PH-3 --make Acme
t_run 0 lend device edit PH-1 --imei 356938035643809

t_begin '7. the migration keeps the first of a pair and notes the other'
cp "$LEND_DB" v3.db
newest=$(sqlite3 "$LEND_DB" 'PRAGMA user_version')
# Version 3: migration 004 and those after it undone by hand.
sqlite3 v3.db "DROP TABLE reminder; DROP TABLE loan_outcome; DROP TABLE gift;
	DELETE FROM status_transition WHERE to_status = 'gifted';
	DELETE FROM device_status WHERE name = 'gifted';
	DROP INDEX device_imei; DROP INDEX device_iccid;
	DROP INDEX device_serial; DROP INDEX hold_reserved;
	DROP TABLE event_note;
	ALTER TABLE app_user DROP COLUMN full_name; ALTER TABLE site DROP COLUMN phone;
	UPDATE device SET imei = '356938035643809', serial = 'S1' WHERE tag = 'SIM-1';
	PRAGMA user_version = 3"
t_run 0 lend --db v3.db device show SIM-1 --json
t_eq 'null null IMEI 356938035643809 is also on PH-1. Serial S1 is also on PH-1.' \
	"$(jq -r '"\(.imei) \(.serial) \(.notes)"' "$T_OUT")"
t_eq "$newest" "$(sqlite3 v3.db 'PRAGMA user_version')"
t_eq 1 "$(sqlite3 v3.db "SELECT count(*) FROM event WHERE action = 'edit' AND actor_id IS NULL")"

t_begin '8. the desk is told: a device already out, a lost one checked in'
t_refuse 1 "lend: checkout: device 'P1' is already out to this borrower on $loan; to keep it longer: lend renew $loan" \
	lend checkout $A P1
lend device status ACC-1 lost
t_refuse 1 "lend: checkin: device 'ACC-1' is not on loan (lost); if it was found: lend device status ACC-1 quarantine" \
	lend checkin ACC-1

t_begin 'doctor is clean after it all'
t_run 0 lend doctor
