# Devices: adding, tags, checks on every field, status moves, history.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry

# A valid IMEI and ICCID (Luhn check digit right).
IMEI=356938035643809
ICCID=8944100030301537004

t_begin 'tags are allocated from the prefix, or given'
t_run 0 lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' \
	--member RBH --site HUB --imei $IMEI --cost 249.99 --grant NLCF \
	--purchased 2026-01-15 --serial R9XT30
t_eq RTL-00001 "$(cat "$T_OUT")"
t_run 0 lend device add --kind laptop --make Lenovo --model 'IdeaPad 1' \
	--member LIB --site CEN --tag RTL-00002
t_eq RTL-00002 "$(cat "$T_OUT")"
t_run 0 lend device add --kind phone --make Nokia --model G22 --member LIB --site CEN
t_eq RTL-00003 "$(cat "$T_OUT")"
t_run 0 lend device add --kind laptop --make Dell --model 'Latitude 5400' \
	--member LIB --site HEY --tag OLD-17
t_eq OLD-17 "$(cat "$T_OUT")"

t_begin 'a SIM records what runs out'
t_run 0 lend device add --kind sim --make Vodafone --model 'Data SIM' \
	--member RBH --site HUB --iccid $ICCID --number '+44 7700 900123' \
	--network Vodafone --allowance '30GB/month' --plan-expires 2027-03-31 \
	--cost £10
sim=$(cat "$T_OUT")
t_eq "$ICCID|+44 7700 900123|Vodafone|30GB/month|2027-03-31|1000" \
	"$(lend device show "$sim" --json | jq -r '"\(.iccid)|\(.phone_number)|\(.network)|\(.data_allowance)|\(.plan_expires_on)|\(.cost_pence)"')"

t_begin 'device show --json holds every field'
lend device show RTL-00001 --json > show.json
t_eq 'added_at changed_at condition cost_pence data_allowance grant iccid imei kind kit make member model network notes parts phone_number plan_expires_on purchased_on serial site status tag' \
	"$(jq -r 'keys | join(" ")' show.json)"
t_eq 'RTL-00001|tablet|Samsung|Galaxy Tab A9+|R9XT30|356938035643809|RBH|HUB|NLCF|2026-01-15|24999|available|good' \
	"$(jq -r '[.tag,.kind,.make,.model,.serial,.imei,.member,.site,.grant,.purchased_on,.cost_pence,.status,.condition] | map(tostring) | join("|")' show.json)"

t_begin 'device list filters and parses as JSON'
lend device list --json | jq . >/dev/null || t_diag 'device list --json does not parse'
t_eq 5 "$(lend device list --json | jq length)"
t_eq 'OLD-17 RTL-00002' "$(lend device list --kind laptop --json | jq -r '[.[].tag] | join(" ")')"
t_eq 'OLD-17 RTL-00002 RTL-00003' "$(lend device list --member LIB --json | jq -r '[.[].tag] | join(" ")')"
t_eq RTL-00001 "$(lend device list --grant NLCF --json | jq -r '.[].tag')"
t_eq 'TAG        KIND    STATUS     MEMBER  SITE  MAKE     MODEL' \
	"$(lend device list --site HUB --kind tablet | sed -n 1p)"
t_eq 'RTL-00001  tablet  available  RBH     HUB   Samsung  Galaxy Tab A9+' \
	"$(lend device list --site HUB --kind tablet | sed -n 2p)"
t_refuse 1 "lend: device: unknown status 'broken' (one of: available, on_loan, quarantine, repair, lost, retired, gifted)" \
	lend device list --status broken

t_begin 'bad input is refused with the field and the value, unchanged'
add() { lend device add --kind tablet --make A --model B --member RBH --site HUB "$@"; }
t_refuse 1 "lend: device: tag 'RTL-00001' already exists" add --tag RTL-00001
t_refuse 1 "lend: device: member 'XYZ' not found" \
	lend device add --kind tablet --make A --model B --member XYZ --site HUB
t_refuse 1 "lend: device: site 'NOWHERE' not found" \
	lend device add --kind tablet --make A --model B --member RBH --site NOWHERE
t_refuse 1 "lend: device: grant 'G9' not found" add --grant G9
t_refuse 1 "lend: device: unknown kind 'toaster' (one of: tablet, laptop, phone, hotspot, sim, accessory, other)" \
	lend device add --kind toaster --make A --model B --member RBH --site HUB
t_refuse 1 "lend: device: purchase date '2026-02-30' is not a date (YYYY-MM-DD)" \
	add --purchased 2026-02-30
t_refuse 1 "lend: device: cost '-5.00' is negative" add --cost -5
t_refuse 1 "lend: device: cost '12.345' is not an amount of money (like 249.99)" \
	add --cost 12.345
t_refuse 1 "lend: device: imei '356938035643808' fails its check digit" \
	add --imei 356938035643808
t_refuse 1 "lend: device: imei '12345' must be 15 digits" add --imei 12345
t_refuse 1 "lend: device: iccid '8944100030301537002' fails its check digit" \
	add --iccid 8944100030301537002
t_refuse 1 "lend: device: number 'call me' is not a phone number" add --number 'call me'
t_refuse 1 "lend: device: unknown condition 'mint' (one of: new, good, fair, poor, damaged)" \
	add --condition mint
t_refuse 1 "lend: device: time '2099-01-01' is in the future" add --at 2099-01-01
t_refuse 1 "lend: device: time 'yesterday' is not a date and time (YYYY-MM-DDTHH:MM:SSZ)" \
	add --at yesterday
t_refuse 1 "lend: device: make is required" \
	lend device add --kind tablet --model B --member RBH --site HUB
t_refuse 1 "lend: device: model 'Tab \\xc3(' holds a byte that is not UTF-8 (byte 5)" add --model "$(printf 'Tab \303\050')"
t_refuse 1 "lend: device: tag 'RTL 9' must be 1 to 32 letters, digits, '-', '_' or '.'" \
	add --tag 'RTL 9'

t_begin 'a back-dated device enters the pool then'
t_run 0 add --at 2025-04-01
t=$(cat "$T_OUT")
t_eq 2025-04-01T00:00:00Z "$(lend device show "$t" --json | jq -r .added_at)"
t_eq 2025-04-01T00:00:00Z "$(lend history "$t" --json | jq -r '.[0].at')"

t_begin 'edit changes fields, keeps the tag, and clears with ""'
t_run 0 lend device edit RTL-00001 --condition fair --serial '' --site HUB
t_eq 'fair|null' "$(lend device show RTL-00001 --json | jq -r '"\(.condition)|\(.serial)"')"
t_refuse 1 "lend: device: make is required" lend device edit RTL-00001 --make ''
t_refuse 1 "lend: device: imei '1' must be 15 digits" lend device edit RTL-00001 --imei 1
t_refuse 1 "lend: device: device 'NOPE' not found" lend device edit NOPE --condition poor

t_begin 'status moves only along the defined transitions'
t_run 0 lend device status RTL-00002 repair --note 'hinge'
t_refuse 1 "lend: device: 'RTL-00002' cannot go from repair to available" \
	lend device status RTL-00002 available
t_refuse 1 "lend: device: 'RTL-00002' cannot go from repair to lost" \
	lend device status RTL-00002 lost
t_refuse 1 "lend: device: 'RTL-00002' is already repair" \
	lend device status RTL-00002 repair
t_refuse 1 "lend: device: 'RTL-00002' goes on loan by lend checkout, not by a status" \
	lend device status RTL-00002 on_loan
t_run 0 lend device status RTL-00002 quarantine
t_refuse 1 "lend: device: 'RTL-00002' becomes available when it is wiped (lend device wipe)" \
	lend device status RTL-00002 available
t_refuse 1 "lend: device: 'RTL-00003' is available; only a device in quarantine is wiped" \
	lend device wipe RTL-00003 --method 'factory reset'
t_run 0 lend device wipe RTL-00002 --method 'factory reset'
t_eq available "$(lend device show RTL-00002 --json | jq -r .status)"
t_run 0 lend device status RTL-00003 retired
t_refuse 1 "lend: device: 'RTL-00003' cannot go from retired to available" \
	lend device status RTL-00003 available
changed=$(lend device show RTL-00002 --json | jq -r .changed_at)
t_refuse 1 "lend: device: time '2020-01-01T00:00:00Z' is before the last change to 'RTL-00002' ($changed)" \
	lend device status RTL-00002 lost --at 2020-01-01

t_begin 'history shows every event of a device, in order'
t_eq 'create status status wipe' \
	"$(lend history RTL-00002 --json | jq -r '[.[].action] | join(" ")')"
t_eq '{"status":"repair","note":"hinge"}' \
	"$(lend history RTL-00002 --json | jq -c '.[1].after | fromjson')"
t_eq '{"status":"available","method":"factory reset"}' \
	"$(lend history RTL-00002 --json | jq -c '.[3].after | fromjson')"
t_eq 'ada ada ada ada' "$(lend history RTL-00002 --json | jq -r '[.[].actor] | join(" ")')"
t_run 0 lend history RTL-00002
t_eq 'AT                    ACTOR  ACTION  BEFORE                   AFTER' \
	"$(sed -n 1p "$T_OUT")"
t_refuse 1 "lend: history: no device, member, site, grant, user, loan, borrower, champion or hold called 'ZZZ'" \
	lend history ZZZ

t_begin 'every change wrote exactly one event in its transaction'
devices=$(sqlite3 "$LEND_DB" 'SELECT count(*) FROM device')
creates=$(sqlite3 "$LEND_DB" "SELECT count(*) FROM event WHERE entity = 'device' AND action = 'create'")
t_eq "$devices" "$creates"
