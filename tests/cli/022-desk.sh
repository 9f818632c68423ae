# The desk at a terminal (issue 15): a scanned session in a pseudo-terminal
# at scanner speed, the lines it prints and the database after; undoing a
# check-out; every message key said in English and Welsh.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend settings set desk.idle_seconds 1
lend settings set loan.limit 3
ago() { date -u -d "-$1" +%Y-%m-%dT%H:%M:%SZ; }
for i in 1 2 3 4 5; do
	lend device add --kind tablet --make Acme --model Tab --member RBH \
		--site HUB --at "$(ago '60 days')" >/dev/null
done
for t in KIT-1 KIT-1A KIT-1B ACC-1 ACC-2 ACC-3 OLD-1; do
	lend device add --tag $t --kind accessory --make Acme --model Bag \
		--member RBH --site HUB --at "$(ago '60 days')" >/dev/null
done
lend kit add KIT-1 KIT-1A KIT-1B >/dev/null
for n in One Two Four Five; do
	lend borrower add --name "$n" --postcode OL11 --member RBH --consent \
		--at "$(ago '60 days')" >/dev/null
done
lend borrower add --name Three --postcode OL11 --member RBH >/dev/null
# B-000003 Four has an item overdue; B-000004 Five is at the loan limit;
lend checkout B-000003 RTL-00005 --at "$(ago '40 days')" >/dev/null
lend checkout B-000004 ACC-1 ACC-2 ACC-3 >/dev/null
lend settings set loan.overdue block
due=$(date -u -d '+28 days' +%Y-%m-%d)
today=$(date -u -d '-60 days' +%Y-%m-%d)

# The scanner types a line every 5 ms; a pause of 2.6 s lets the
# check-out go idle.  Output is read until the desk ends.
cat > drive.py <<'PY'
import os, pty, sys, time
lines = open(sys.argv[1]).read().split('\n')[:-1]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out = b''
def drain(wait):
    global out
    end = time.time() + wait
    while time.time() < end:
        try:
            import select
            r, _, _ = select.select([fd], [], [], 0.001)
            if r:
                out += os.read(fd, 65536)
        except OSError:
            return
drain(0.3)
for line in lines:
    if line == '<pause>':
        drain(2.6)
        continue
    os.write(fd, line.encode() + b'\r')
    drain(0.005)
drain(1.0)
os.write(fd, b'\x04')
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
PY
cat > session.txt <<'S'
B-000001
RTL-00001
KIT-1

b-000001
RTL-00001
RTL-00002
<pause>
RTL-00003
KIT-1
RTL-00001
B-000001
RTL-00004
done
undo
B-000005
B-000003
B-000004
L-000003
S

t_begin 'a scanned session at a terminal prints each result on its line'
t_run 1 python3 drive.py session.txt "$LEND" scan
# The terminal echoes each scanned line; the desk's lines follow.  Drop
# the colour, the bell, the prompts and the echoes to compare the rest.
tr -d '\r\007' < "$T_OUT" | sed -e 's/\x1b\[[0-9]*m//g' -e 's/^\(> \)*//' |
	grep -v -x -F -f session.txt | grep -v '^$' > got.txt
cat > want.txt <<W
ready: scan a borrower card, a device or a loan; an empty line or 'done' ends a check-out, Ctrl-D the desk
B-000001: One; 0 out, 0 overdue; 3 more allowed (limit 3); consent given $today; scan the devices
RTL-00001: tablet Acme Tab, out to B-000001 on L-000003, due $due
KIT-1: kit of 2 parts (accessory Acme Bag), out to B-000001 on L-000003, due $due
B-000001: check-out done, 4 devices on L-000003 (scan 'undo' to void it)
B-000001: One; 2 out, 0 overdue; 1 more allowed (limit 3); consent given $today; scan the devices
RTL-00001: back from B-000001 (L-000003) in the check-out, to quarantine
RTL-00002: tablet Acme Tab, out to B-000001 on L-000004, due $due
B-000001: no scan in 1 second; the check-out is closed
B-000001: check-out done, 1 device on L-000004 (scan 'undo' to void it)
error: scan: device 'RTL-00003' is not on loan; scan a borrower first to lend it
KIT-1: back from B-000001 (L-000003), to quarantine
error: scan: device 'RTL-00001' is in quarantine: wipe it before it is lent again (lend device wipe RTL-00001 --method METHOD)
B-000001: One; 1 out, 0 overdue; 2 more allowed (limit 3); consent given $today; scan the devices
RTL-00004: tablet Acme Tab, out to B-000001 on L-000005, due $due
B-000001: check-out done, 1 device on L-000005 (scan 'undo' to void it)
L-000005: voided; 1 device back on the shelf as if never lent: RTL-00004
error: scan: Three (B-000005) has not given consent; record it first (lend borrower edit B-000005 --consent)
error: scan: B-000003 has 1 item overdue, the oldest due $(date -u -d '-12 days' +%Y-%m-%d) (12 days late); bring it back first (lend overdue), or lend with lend checkout --override
error: scan: Five (B-000004) has 3 devices out, the loan limit of 3; check one in first
L-000003: B-000001, all 4 back
W
diff want.txt got.txt > diff.txt || t_diag "the desk's lines differ: $(cat diff.txt)"
grep -q "$(printf '\033\\[32m')B-000001: One" "$T_OUT" || t_diag 'no colour'
grep -q "$(printf '\007')" "$T_OUT" || t_diag 'no bell on an error'
grep -q '^> ' "$T_OUT" || t_diag 'no prompt'

t_begin 'the database holds what the desk did, and the undo left no trace of a loan'
t_eq 'RTL-00001 quarantine|RTL-00002 on_loan|RTL-00003 available|RTL-00004 available|KIT-1 quarantine|KIT-1A quarantine|KIT-1B quarantine' \
	"$(sqlite3 "$LEND_DB" "SELECT group_concat(tag || ' ' || status, '|') FROM (SELECT tag, status FROM device WHERE tag IN ('RTL-00001','RTL-00002','RTL-00003','RTL-00004','KIT-1','KIT-1A','KIT-1B') ORDER BY id) AS d")"
t_eq 0 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM loan WHERE ref = 'L-000005'")"
t_eq 'checkout void' "$(sqlite3 "$LEND_DB" "SELECT group_concat(action, ' ') FROM (SELECT e.action FROM event e JOIN device d ON d.id = e.entity_id WHERE e.entity = 'device' AND d.tag = 'RTL-00004' AND e.action <> 'create' ORDER BY e.id) AS a")"
t_eq 1 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM event WHERE entity = 'loan' AND action = 'void'")"
t_run 0 lend doctor

t_begin 'without colour when NO_COLOR is set, and still the bell'
printf 'RTL-00003\n' > s2.txt
NO_COLOR=1 t_run 1 python3 drive.py s2.txt "$LEND" scan
grep -q "$(printf '\033')" "$T_OUT" && t_diag 'colour despite NO_COLOR'
grep -q "$(printf '\007')" "$T_OUT" || t_diag 'no bell'

t_begin 'the desk does not start without an acting user'
t_run 1 sh -c "printf 'B-000001\n' | LEND_USER= '$LEND' scan"
t_eq "lend: scan: no acting user (give --as USER or set LEND_USER)" "$(cat "$T_ERR")"
t_eq '' "$(cat "$T_OUT")"

t_begin 'a void by another user, too late, or after a return is refused, unchanged'
ref=$(lend checkout B-000002 RTL-00003)
t_refuse 1 "lend: loan: loan '$ref' was made by ada; only they may void it (check its devices in instead)" \
	lend --as sam loan void "$ref"
t_refuse 1 "lend: loan: loan 'L-999999' not found" lend loan void L-999999
t_run 0 lend checkin RTL-00003
t_refuse 1 "lend: loan: loan '$ref' has devices back already; check the others in instead" \
	lend loan void "$ref"
ref=$(lend checkout B-000002 OLD-1 --at "$(ago '31 minutes')")
t_refuse 1 "lend: loan: loan '$ref' went out at $(sqlite3 "$LEND_DB" "SELECT out_at FROM loan WHERE ref = '$ref'"), more than 30 minutes ago; check its devices in instead" \
	lend loan void "$ref"
t_refuse 1 "lend: device: 'OLD-1' goes back from on_loan to available only when its check-out is voided (lend loan void)" \
	lend device status OLD-1 available

t_begin 'a lone tag someone waits for says who is next'
lend hold add B-000002 --device RTL-00002 >/dev/null
t_run 0 sh -c "printf 'RTL-00002\n' | '$LEND' scan"
t_eq "RTL-00002: back from B-000001 (L-000004), to quarantine
RTL-00002: next for B-000002 (hold H-000001) once wiped (lend device wipe RTL-00002)" "$(cat "$T_OUT")"

t_begin 'every key the library uses has its English and Welsh text'
grep -ho 'lend__\(fail\|note\)(db, [^"]*"[a-z_]*\.[a-z_]*"' "$LEND_TOP"/src/lib/*.c |
	sed 's/.*"\(.*\)"/\1/' | sort -u > keys.txt
[ "$(wc -l < keys.txt)" -gt 50 ] || t_diag "only $(wc -l < keys.txt) keys found"
for lang in en cy; do
	sed -n 's/^\([a-z_]*\.[a-z_]*\) = .*/\1/p' "$LEND_TOP/texts/msg-$lang.txt" |
		sort -u > has-$lang.txt
	missing=$(comm -23 keys.txt has-$lang.txt | tr '\n' ' ')
	[ -z "$missing" ] || t_diag "no $lang text for: $missing"
done
