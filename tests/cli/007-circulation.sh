# Borrowers, champions, check-out, renewal, check-in, wipe, holds: a full
# cycle, and every refusal leaving the database as it was.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
for i in 1 2 3 4 5; do
	lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' \
		--member RBH --site HUB >/dev/null
done
lend device add --kind accessory --make Anker --model Charger --member RBH \
	--site HUB >/dev/null                                     # RTL-00006
lend device add --kind accessory --make Generic --model Case --member RBH \
	--site HUB >/dev/null                                     # RTL-00007
lend kit add RTL-00002 RTL-00006 RTL-00007

t_begin 'borrowers and champions get refs; a postcode is cut to its district'
t_run 0 lend borrower add --name 'Siân Ŵynne-Łukasiewicz' --phone '07700 900123' \
	--postcode 'ol11 1ab' --member RBH --language cy --consent
t_eq B-000001 "$(cat "$T_OUT")"
t_eq "lend: note: borrower: postcode cut to its district 'OL11'; the whole postcode is not kept" \
	"$(cat "$T_ERR")"
t_eq 'OL11|cy|ada|2026-1' \
	"$(lend borrower show B-000001 --json | jq -r '"\(.postcode_district)|\(.language)|\(.consent_by)|\(.consent_terms)"')"
t_eq 0 "$(t_dump | grep -c '1AB')"
t_run 0 lend champion add --name 'Dafydd ap Gruffydd' --member RBH \
	--phone '07700 900111' --languages cy,en
t_eq C-0001 "$(cat "$T_OUT")"
lend champion add --name 'Jo Bloggs' --member LIB >/dev/null
lend borrower add --name 'Adam Nowak' --postcode M1 --member LIB --consent >/dev/null
lend borrower add --name 'No Consent' --postcode CF10 --member LIB >/dev/null

t_begin 'support spans keep their history'
t_run 0 lend support assign B-000001 C-0002 --from 2026-01-01
t_run 0 lend support assign B-000001 C-0001
t_eq 'C-0001|C-0002' "$(lend borrower show B-000001 --json | jq -r '"\(.champion)|\(.past_champions)"')"
t_run 0 lend session log B-000001 --minutes 45 --topic 'setting up email'
t_eq '1 45' "$(lend champion show C-0001 --json | jq -r '"\(.sessions) \(.minutes)"')"

t_begin 'check-out of two devices, one a kit, prints the loan ref'
t_run 0 lend checkout B-000001 RTL-00001 RTL-00002 --days 14
t_eq L-000001 "$(cat "$T_OUT")"
lend loan show L-000001 --json > loan.json
t_eq 'RTL-00001 RTL-00002 RTL-00006 RTL-00007' "$(jq -r '[.[].tag] | join(" ")' loan.json)"
t_eq 'C-0001|sam|HUB' "$(jq -r '.[0] | "\(.champion)|\(.issued_by)|\(.site)"' loan.json | sed 's/ada/sam/')"
t_eq on_loan "$(lend device show RTL-00006 --json | jq -r .status)"

t_begin 'renewal moves the due dates, up to the limit'
due=$(jq -r '.[0].due_on' loan.json)
t_run 0 lend renew L-000001 --days 7
t_eq "$(date -u -d "$due +7 days" +%Y-%m-%d)" "$(lend loan show L-000001 --json | jq -r '.[0].due_on')"
t_run 0 lend renew RTL-00001
lend settings set loan.renewals 2
t_refuse 1 "lend: renew: loan L-000001 was renewed 2 times; the limit is 2" lend renew L-000001

t_begin 'partial check-in keeps the loan open; the last item closes it'
t_run 0 lend checkin RTL-00001 --condition fair
t_eq '2 4' "$(lend loan list --json | jq -r '.[0] | "\(.open_items - 1) \(.items)"')"
t_eq quarantine "$(lend device show RTL-00001 --json | jq -r .status)"
t_run 0 lend checkin RTL-00002 --missing RTL-00007
t_eq 'quarantine quarantine lost' \
	"$(for t in RTL-00002 RTL-00006 RTL-00007; do lend device show $t --json | jq -r .status; done | paste -sd' ')"
t_eq false "$(lend loan show L-000001 --json | jq '.[0].closed_at == null')"

t_begin 'a wipe makes it available again, and history tells it all in order'
t_run 0 lend device wipe RTL-00001 --method 'factory reset'
t_eq available "$(lend device show RTL-00001 --json | jq -r .status)"
t_eq 'create checkout checkin wipe' \
	"$(lend history RTL-00001 --json | jq -r '[.[].action] | join(" ")')"
t_eq 'create renew renew renew renew renew renew renew renew renew renew returned returned returned lost' \
	"$(lend history L-000001 --json | jq -r '[.[].action] | join(" ")')"
t_eq 0 "$(lend history B-000001 --json | grep -c 'Siân\|07700')"

t_begin 'a hold reserves the next wiped device for the first holder'
t_run 0 lend hold add B-000002 --kind tablet
t_eq H-000001 "$(cat "$T_OUT")"
lend checkout B-000001 RTL-00003 --override >/dev/null 2>&1
t_run 0 lend checkin RTL-00003
t_eq 'lend: note: RTL-00003: next for B-000002 (hold H-000001) once wiped (lend device wipe RTL-00003)' "$(cat "$T_ERR")"
t_run 0 lend device wipe RTL-00003 --method reset
t_eq "lend: note: RTL-00003: set aside for B-000002 (hold H-000001) until $(date -u -d '+3 days' +%Y-%m-%d); put it by for them" "$(cat "$T_ERR")"
t_eq reserved "$(lend hold list --json | jq -r '.[0].status')"
t_refuse 1 "lend: checkout: device 'RTL-00003' is reserved for B-000002 until $(date -u -d '+3 days' +%Y-%m-%d)T23:59:59Z" \
	lend checkout B-000001 RTL-00003
t_run 0 lend checkout B-000002 RTL-00003
t_eq 0 "$(lend hold list --json | jq length)"

t_begin 'bad input is refused with the field and value, database unchanged'
lend checkout B-000002 RTL-00004 >/dev/null    # B-000002 holds RTL-00004
t_refuse 1 "lend: checkout: borrower 'B-999999' not found" lend checkout B-999999 RTL-00005
t_refuse 1 "lend: checkout: device 'NOPE-1' not found" lend checkout B-000001 NOPE-1
t_refuse 1 "lend: checkout: device 'RTL-00004' is on loan to B-000002 (loan L-000004)" \
	lend checkout B-000001 RTL-00004
t_refuse 1 "lend: checkout: device 'RTL-00002' is not available (quarantine)" \
	lend checkout B-000001 RTL-00002
t_refuse 1 "lend: checkout: device 'RTL-00006' is part of kit 'RTL-00002'; lend the kit" \
	lend checkout B-000001 RTL-00006
t_refuse 1 "lend: checkout: due date '2020-01-01' is in the past" \
	lend checkout B-000001 RTL-00005 --due 2020-01-01
t_refuse 1 "lend: checkout: borrower 'B-000003' has not given consent (lend borrower edit B-000003 --consent)" \
	lend checkout B-000003 RTL-00005
t_refuse 1 "lend: borrower: postcode 'XYZ' is not a UK postcode district (like OL11, M1, CF10)" \
	lend borrower add --name X --postcode XYZ --member RBH
t_refuse 1 "lend: borrower: language 'zz9' is not an ISO 639-1 code (like en, cy, pl, ur)" \
	lend borrower add --name X --postcode OL11 --member RBH --language zz9
lend hold add B-000001 --kind laptop >/dev/null
t_refuse 1 "lend: hold: B-000001 already waits for kind 'laptop' (hold H-000002)" \
	lend hold add B-000001 --kind laptop
t_refuse 1 "lend: checkin: device 'RTL-00005' is not on loan (available)" lend checkin RTL-00005
t_refuse 1 "lend: checkin: device 'RTL-00006' is part of kit 'RTL-00002'; check in the kit" \
	lend checkin RTL-00006
lend settings set loan.limit 1
t_refuse 1 "lend: checkout: borrower 'B-000002' has 2 devices out; with 1 more the loan limit of 1 is passed" \
	lend checkout B-000002 RTL-00005
t_refuse 1 "lend: checkout: time '2026-01-01T00:00:00Z' is before B-000001 gave consent ($(lend borrower show B-000001 --json | jq -r .consent_at))" \
	lend checkout B-000001 RTL-00005 --at 2026-01-01

t_begin 'several parts of a kit can be missing at once'
lend settings set loan.limit 5
lend device add --kind laptop --make L --model K --member RBH --site HUB --tag KIT-1 >/dev/null
lend device add --kind accessory --make A --model Charger --member RBH --site HUB --tag KIT-1a >/dev/null
lend device add --kind accessory --make B --model Bag --member RBH --site HUB --tag KIT-1b >/dev/null
lend kit add KIT-1 KIT-1a KIT-1b
lend checkout B-000001 KIT-1 >/dev/null
t_run 0 lend checkin KIT-1 --missing KIT-1a --missing KIT-1b
t_eq 'quarantine lost lost' \
	"$(for t in KIT-1 KIT-1a KIT-1b; do lend device show $t --json | jq -r .status; done | paste -sd' ')"
lend settings set loan.limit 1

t_begin 'overdue lists late items with the champion to call'
t_eq 'RTL-00004 B-000002 2' \
	"$(lend overdue --as-of "$(date -u -d '+30 days' +%Y-%m-%d)" --json | jq -r '.[] | select(.tag == "RTL-00004") | "\(.tag) \(.borrower) \(.days_late)"')"
t_eq 0 "$(lend overdue --json | jq length)"
