# Who sees whom (issue 15): every call that touches a borrower, called as
# each kind of user; a ref out of scope reads exactly as a missing one.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend member add OTH 'Other Trust' >/dev/null
lend site add OTS --member OTH 'Other Site' >/dev/null
lend user add lou --member LIB --role staff >/dev/null    # lends at CEN
lend user add oli --member OTH --role staff >/dev/null    # sees nothing
lend device add --kind tablet --make Samsung --model Tab --member RBH \
	--site HUB >/dev/null                                   # RTL-00001
lend device add --kind tablet --make Samsung --model Tab --member LIB \
	--site CEN >/dev/null                                   # RTL-00002
lend device add --kind tablet --make Samsung --model Tab --member RBH \
	--site HUB >/dev/null                                   # RTL-00003
lend borrower add --name 'Siân Wynne' --phone '07700 900123' \
	--email 'sian@example.org' --postcode OL11 --member RBH \
	--consent >/dev/null                                    # B-000001
lend borrower add --name 'Bob Hughes' --postcode M1 --member RBH \
	--consent >/dev/null                                    # B-000002
lend champion add --name 'Dafydd' --member RBH --user dafydd >/dev/null
lend champion add --name 'Ceri' --member RBH >/dev/null    # C-0002
lend user add ceri --role champion --champion c-2 >/dev/null
lend support assign B-000001 C-0001
lend support assign B-000002 C-0002
# B-000001 has a LIB device out at LIB's site: lou sees them.
lend checkout B-000001 RTL-00002 --site CEN >/dev/null     # L-000001
lend hold add B-000001 --kind laptop >/dev/null            # H-000001

# USER sees REF through CMD (exit 0), or CMD answers exactly as for the
# missing MISSING: same code, same message but for the ref (not found, or
# the role's refusal, which comes first for both).
sees() {
	user=$1
	shift
	t_run 0 lend --as "$user" "$@"
}
hidden() {
	user=$1 ref=$2 missing=$3
	shift 3
	t_run 1 lend --as "$user" "$@"
	said=$(cat "$T_ERR")
	set -- $(echo "$*" | sed "s/$ref/$missing/")
	t_run 1 lend --as "$user" "$@"
	t_eq "$(sed "s/$missing/$ref/" "$T_ERR")" "$said"
}

# Reads of B-000001 and its loan, by each kind of user.
reads() {
	how=$1 user=$2
	if [ "$how" = sees ]; then
		sees "$user" borrower show B-000001
		sees "$user" loan show L-000001
		sees "$user" history B-000001
		sees "$user" label --borrower B-000001 -o card.pdf
	else
		hidden "$user" B-000001 B-000099 borrower show B-000001
		hidden "$user" L-000001 L-000099 loan show L-000001
		hidden "$user" B-000001 B-000099 loan list --borrower B-000001
		hidden "$user" B-000001 B-000099 label --borrower B-000001 -o card.pdf
		hidden "$user" L-000001 L-000099 agreement L-000001 -o a.pdf
		hidden "$user" L-000001 L-000099 slip L-000001 -o s.pdf
		hidden "$user" L-000001 L-000099 renew L-000001
		hidden "$user" H-000001 H-000099 hold cancel H-000001
	fi
}
listed() {
	t_eq "$2" "$(lend --as "$1" borrower list --json | jq -r 'map(.ref) | join(",")')"
	t_eq "$3" "$(lend --as "$1" loan list --json | jq -r 'map(.ref) | join(",")')"
	t_eq "$4" "$(lend --as "$1" hold list --json | jq -r 'map(.ref) | join(",")')"
}

t_begin 'admin sees everyone'
reads sees ada
listed ada B-000001,B-000002 L-000001 H-000001
sees ada agreement L-000001 -o a.pdf
sees ada borrower export B-000001

t_begin "staff of the borrower's member see them"
reads sees sam
listed sam B-000001,B-000002 L-000001 H-000001
sees sam slip L-000001 -o s.pdf

t_begin 'staff where the borrower has an open loan see them, not the others'
reads sees lou
listed lou B-000001 L-000001 H-000001
hidden lou B-000002 B-000099 borrower show B-000002

t_begin 'staff of another member see nobody; a ref reads as missing'
reads hidden oli
listed oli '' '' ''
t_refuse 1 "lend: borrower: borrower 'B-000001' not found" \
	lend --as oli borrower show B-000001
t_refuse 1 "lend: borrower: borrower 'B-000099' not found" \
	lend --as oli borrower show B-000099
t_refuse 1 "lend: checkout: borrower 'B-000002' not found" \
	lend --as oli checkout B-000002 RTL-00003
t_refuse 1 "lend: session: borrower 'B-000001' not found" \
	lend --as oli session log B-000001 --minutes 10 --topic x

t_begin 'a champion sees the borrowers they support now, and no other'
reads sees dafydd
listed dafydd B-000001 L-000001 H-000001
hidden dafydd B-000002 B-000099 borrower show B-000002
listed ceri B-000002 '' ''
reads hidden ceri

t_begin 'a funder sees no personal data'
reads hidden fred
listed fred '' '' ''
t_refuse 1 "lend: export: user 'fred' is a funder and may not export this" \
	lend --as fred export loans -o l.csv

t_begin 'nobody reads nothing (fail closed)'
for cmd in 'borrower list' 'borrower show B-000001' 'loan list' \
	'loan show L-000001' 'overdue' 'hold list'; do
	t_run 1 env -u LEND_USER "$LEND" $cmd
	t_eq "no acting user" "$(grep -o 'no acting user' "$T_ERR")"
done

t_begin 'exports and overdue filter in the database'
t_eq 2 "$(lend --as lou export loans -o - | wc -l)"
t_eq 1 "$(lend --as oli export loans -o - | wc -l)"
t_eq 0 "$(lend --as oli overdue --as-of 2099-01-01 --json | jq length)"
t_eq 1 "$(lend --as lou overdue --as-of 2099-01-01 --json | jq length)"

# The loan ref of RTL-00002 in its history as USER reads it.
device_loan() {
	lend --as "$1" history RTL-00002 --json | jq -r '.[1].after | fromjson | .loan'
}
t_begin "a device's history names its loan only to those who see the borrower"
for u in ada sam lou dafydd; do
	t_eq "$u L-000001" "$u $(device_loan $u)"
done
for u in oli ceri fred; do
	t_eq "$u [personal]" "$u $(device_loan $u)"
done
t_eq '[personal]' "$(env -u LEND_USER "$LEND" history RTL-00002 --json |
	jq -r '.[1].after | fromjson | .loan')"

# The borrowers of C-0001 and C-0002 in champion list, and of C-0001 in
# champion show, as USER sees them.
supported() {
	t_eq "$1: $2 $3" "$1: $(lend --as "$1" champion list --json |
		jq -r 'map(.borrowers // "-") | join("|")') $(lend --as "$1" \
		champion show C-0001 --json | jq -r '.borrowers // "-"')"
}
t_begin 'champion list and show name only the borrowers the caller sees'
supported ada 'B-000001|B-000002' B-000001
supported sam 'B-000001|B-000002' B-000001
supported lou 'B-000001|-' B-000001
supported oli '-|-' -
supported dafydd 'B-000001|-' B-000001
supported ceri '-|B-000002' -
supported fred '-|-' -
for cmd in 'champion list' 'champion show C-0001'; do
	t_run 1 env -u LEND_USER "$LEND" $cmd
	t_eq "no acting user" "$(grep -o 'no acting user' "$T_ERR")"
done

t_begin 'a device comes back at any desk, which is told only of borrowers it sees'
lend hold add B-000002 --kind tablet >/dev/null            # H-000002
# USER scans back the next device, lent to B-000001 at CEN (loan LOAN).
scan_back() {
	lend device add --kind tablet --make Samsung --model Tab --member RBH \
		--site HUB >/dev/null
	tag=$(lend device list --json | jq -r '.[-1].tag')
	lend checkout B-000001 "$tag" --site CEN --override >/dev/null 2>&1
	t_run 0 sh -c "printf '%s\n' $tag | \"$LEND\" --as $1 scan"
	t_eq "$1: $2" "$1: $(cat "$T_OUT")"
}
scan_back ada "RTL-00004: back from B-000001 (L-000002), to quarantine
RTL-00004: next for B-000002 (hold H-000002) once wiped (lend device wipe RTL-00004)"
scan_back sam "RTL-00005: back from B-000001 (L-000003), to quarantine
RTL-00005: next for B-000002 (hold H-000002) once wiped (lend device wipe RTL-00005)"
scan_back lou "RTL-00006: back from B-000001 (L-000004), to quarantine
RTL-00006: kept for the next in line once wiped (lend device wipe RTL-00006)"
scan_back oli "RTL-00007: back, to quarantine
RTL-00007: kept for the next in line once wiped (lend device wipe RTL-00007)"
lend device add --kind tablet --make Samsung --model Tab --member RBH \
	--site HUB >/dev/null                                   # RTL-00008
lend checkout B-000001 RTL-00008 --site CEN --override >/dev/null 2>&1
t_run 0 lend --as oli checkin RTL-00008
t_eq 'lend: note: RTL-00008: kept for the next in line once wiped (lend device wipe RTL-00008)' "$(cat "$T_ERR")"
for u in dafydd ceri fred; do
	t_run 1 lend --as $u checkin RTL-00002
	t_eq '' "$(grep -o 'B-0000[0-9]*' "$T_ERR")"
done
t_run 1 env -u LEND_USER "$LEND" checkin RTL-00002
t_eq '' "$(grep -o 'B-0000[0-9]*' "$T_ERR")"
t_run 0 lend hold cancel H-000002

t_begin 'a card scanned at a desk puts its borrower in scope for the day'
hidden oli B-000002 B-000099 borrower show B-000002
printf 'B-000002\n' | lend --as oli scan >/dev/null 2>&1
sees oli borrower show B-000002
hidden lou B-000002 B-000099 borrower show B-000002

t_begin "staff lend at their own sites, change only their member's devices"
t_refuse 1 "lend: checkout: site 'HUB' belongs to another member; staff lend at their own member's sites" \
	lend --as oli checkout B-000002 RTL-00003
t_refuse 1 "lend: device: device 'RTL-00003' belongs to another member; staff may edit only their own member's devices" \
	lend --as lou device edit RTL-00003 --notes x
t_refuse 1 "lend: device: device 'RTL-00003' belongs to another member; staff may change the status of only their own member's devices" \
	lend --as lou device status RTL-00003 retired
t_run 0 lend --as sam device edit RTL-00003 --notes 'spare charger'

t_begin "a champion's sessions are their own"
t_run 0 lend --as dafydd session log B-000001 --minutes 30 --topic 'email'
t_eq C-0001 "$(sqlite3 "$LEND_DB" "SELECT c.ref FROM support_session s JOIN champion c ON c.id = s.champion_id ORDER BY s.id DESC LIMIT 1")"
t_refuse 1 "lend: session: user 'dafydd' logs their own sessions only, not champion 'C-0002''s" \
	lend --as dafydd session log B-000001 --minutes 30 --topic x --champion C-0002
t_eq 'dafydd|champion|C-0001' "$(lend user show dafydd --json | jq -r '"\(.name)|\(.role)|\(.champion)"')"
t_refuse 1 "lend: user: champion 'C-0001' already logs in as 'dafydd'" \
	lend user add dai --role champion --champion C-0001

t_begin 'support end: the champion no longer sees the borrower'
t_run 0 lend --as dafydd support end B-000001
t_eq '' "$(lend --as dafydd borrower list --json | jq -r 'map(.ref) | join(",")')"
t_refuse 1 "lend: support: B-000001 has no champion now" \
	lend support end B-000001

t_begin "a desk of another member is told a device is out or held, not for whom"
lend borrower add --name 'Olwen Parry' --postcode M2 --member OTH \
	--consent >/dev/null                                    # B-000003
lap=$(lend device add --kind laptop --make Dell --model E5 --member OTH \
	--site OTS)
t_refuse 1 "lend: checkout: device 'RTL-00002' is on loan" \
	lend --as oli checkout B-000003 RTL-00002 --site OTS
since=$(sqlite3 "$LEND_DB" "SELECT substr(placed_at, 1, 10) FROM hold WHERE ref = 'H-000001'")
t_refuse 1 "lend: checkout: another borrower waits for a laptop since $since (hold H-000001); lend '$lap' to them, or give --override" \
	lend --as oli checkout B-000003 "$lap" --site OTS
t_run 0 lend --as oli checkout B-000003 "$lap" --site OTS --override
t_eq "lend: note: $lap: lent by --override ahead of another borrower, who waits for a laptop since $since (hold H-000001)" \
	"$(cat "$T_ERR")"
# Back and wiped, the laptop is set aside for B-000001's hold: oli is not
# told whose, and may not lend it.
t_run 0 lend --as oli checkin "$lap"
t_run 0 lend --as oli device wipe "$lap" --method 'factory reset'
until=$(sqlite3 "$LEND_DB" "SELECT substr(reserved_until, 1, 10) FROM hold WHERE ref = 'H-000001'")
t_eq "lend: note: $lap: set aside for hold H-000001 until $until; put it by for them" \
	"$(cat "$T_ERR")"
t_refuse 1 "lend: checkout: device '$lap' is reserved for another borrower until ${until}T23:59:59Z" \
	lend --as oli checkout B-000003 "$lap" --site OTS
