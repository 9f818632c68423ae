#!/bin/sh
# Build a sample consortium in OUT (default demo-out): four members, six
# sites, two grants, users of every role and sixty devices bought over the
# past year, with their QR labels, then print what was made, the desk's
# demo logins and the command that opens the desk on it.  Run by `make
# demo`; safe to run again, since it starts from an empty OUT/lend.db each
# time.
set -eu

LEND=${1:-build/lend}
OUT=${2:-demo-out}
given=$LEND
case $LEND in /*) ;; *) LEND=$(pwd)/$LEND ;; esac

mkdir -p "$OUT"
rm -f "$OUT/lend.db" "$OUT/lend.db-wal" "$OUT/lend.db-shm"
export LEND_DB="$OUT/lend.db" LEND_USER=coordinator

lend() {
	"$LEND" "$@"
}

# A 15-digit number from a 14-digit body and its Luhn check digit, as
# IMEIs and ICCIDs carry.
luhn() {
	echo "$1" | awk '{
		n = length($0); s = 0
		for (i = n; i >= 1; i--) {
			d = substr($0, i, 1) + 0
			if ((n - i) % 2 == 0) { d *= 2; if (d > 9) d -= 9 }
			s += d
		}
		printf "%s%d\n", $0, (10 - s % 10) % 10
	}'
}

lend init --consortium 'Rochdale Tech Lending Partnership' --prefix RTL \
	--admin coordinator >/dev/null
lend settings set label.contact 'If found, please call 01706 555 010' 
lend settings set label.url 'https://lend.example.org/d/{tag}'
lend settings set consortium.phone '01706 555 010'

lend member add RBH 'Rochdale Boroughwide Housing' >/dev/null
lend member add LIB 'Rochdale Libraries' >/dev/null
lend member add RRS 'Rochdale Refugee Support' >/dev/null
lend member add CCC 'Castlemere Community Centre' >/dev/null

lend site add RBH-HQ --member RBH 'Number One Riverside' \
	--address '1 Smith Street, Rochdale OL16 1XU' \
	--hours 'Mon-Fri 9:00-17:00' --phone '01706 555 020' >/dev/null
lend site add RBH-KIR --member RBH 'Kirkholt Neighbourhood Hub' \
	--address 'Kirkholt, Rochdale OL11' --hours 'Tue, Thu 10:00-15:00' >/dev/null
lend site add LIB-CEN --member LIB 'Central Library' \
	--address 'Number One Riverside, Rochdale' \
	--hours 'Mon-Sat 9:00-17:00' >/dev/null
lend site add LIB-HEY --member LIB 'Heywood Library' \
	--address 'Church Street, Heywood OL10' --hours 'Mon-Fri 10:00-16:00' >/dev/null
lend site add RRS-DRP --member RRS 'Drop-in at St Chad’s' \
	--address 'Sparrow Hill, Rochdale OL16' --hours 'Wed 13:00-16:00' >/dev/null
lend site add CCC-MAIN --member CCC 'Castlemere Centre' \
	--address 'Tweedale Street, Rochdale OL11' --hours 'Mon-Thu 9:30-14:30' >/dev/null

# Dates run back from today, so that the demo always shows a last year.
day() {
	date -u -d "$1" +%Y-%m-%d
}
lottery_from=$(day '-13 months')
council_from=$(day '-6 months')
lend grant add NLCF-DI --funder 'The National Lottery Community Fund' \
	--programme 'Digital Inclusion' --reference 'NLCF-DI-0417' \
	--from "$lottery_from" --to "$(day '+2 years')" >/dev/null
lend grant add RMBC-DC --funder 'Rochdale Borough Council' \
	--programme 'Digital Champions' --from "$council_from" \
	--to "$(day '+6 months')" >/dev/null

lend user edit coordinator --name 'Rhiannon Pritchard'
lend user add sam --member RBH --role staff --name 'Sam Patel' >/dev/null
lend user add priya --member LIB --role staff --name 'Priya Sharma' >/dev/null
lend user add funder --role funder >/dev/null

# Sixty devices, bought month by month over the past year: the kinds,
# makes and models a lending library really holds.
models='tablet|Samsung|Galaxy Tab A9+
tablet|Lenovo|Tab M10 (3rd Gen)
laptop|Lenovo|IdeaPad 1 14
laptop|Acer|Chromebook 314
phone|Nokia|G22
phone|Samsung|Galaxy A15
hotspot|TP-Link|M7350
sim|Vodafone|Data SIM 30GB
sim|Three|Data SIM 25GB
accessory|Anker|USB-C charger 20W'
sites='RBH-HQ RBH-KIR LIB-CEN LIB-HEY RRS-DRP CCC-MAIN'
i=0
while [ $i -lt 60 ]; do
	line=$(echo "$models" | sed -n "$((i % 10 + 1))p")
	kind=${line%%|*}
	rest=${line#*|}
	make=${rest%%|*}
	model=${rest#*|}
	site=$(echo $sites | cut -d' ' -f$((i % 6 + 1)))
	member=${site%%-*}
	added=$(day "-$((365 - i * 6)) days")
	grant=NLCF-DI
	[ $((i % 3)) -eq 0 ] && ! [ "$added" \< "$council_from" ] && grant=RMBC-DC
	set -- --kind "$kind" --make "$make" --model "$model" \
		--member "$member" --site "$site" --grant "$grant" \
		--at "${added}T10:00:00Z" --purchased "$added"
	case $kind in
	phone) set -- "$@" --imei "$(luhn 35693803$(printf %06d $i))" --cost 159.00 ;;
	sim) set -- "$@" --iccid "$(luhn 894410003030$(printf %06d $i))" \
		--network "$make" --allowance "${model#Data SIM }/month" \
		--plan-expires "$(day "+$((i * 3)) days")" --cost 10 ;;
	tablet) set -- "$@" --serial "R9X$(printf %05d $i)" --cost 249.99 ;;
	laptop) set -- "$@" --serial "PF$(printf %06d $i)" --cost 329.00 ;;
	*) set -- "$@" --cost 19.99 ;;
	esac
	lend device add "$@" >/dev/null
	i=$((i + 1))
done

lend device status RTL-00007 repair --note 'screen cracked' >/dev/null
lend device status RTL-00013 retired --note 'battery swollen' >/dev/null

# Champions and borrowers: the names and languages of Rochdale.
lend champion add --name 'Dafydd ap Gruffydd' --member RRS --phone '07700 900111' \
	--email dafydd@example.org --languages cy,en --at "$(day '-13 months')" >/dev/null
# His login: at the desk he sees the borrowers he supports.
lend user add dafydd --member RRS --role champion --name 'Dafydd ap Gruffydd' \
	--champion C-0001 >/dev/null
lend champion add --name 'Agnieszka Nowak' --member LIB --phone '07700 900112' \
	--languages pl,en --at "$(day '-13 months')" >/dev/null
lend champion add --name 'Imran Hussain' --member RBH --phone '07700 900113' \
	--languages ur,en --at "$(day '-13 months')" >/dev/null
lend champion add --name 'Jean Whitworth' --member CCC --email jean@example.org \
	--languages en --at "$(day '-13 months')" >/dev/null
borrowers='Siân Ŵynne-Łukasiewicz|OL11 3AB|RRS|cy
Margaret Hollins|OL12|LIB|en
Tomasz Wiśniewski|OL16|LIB|pl
Shabana Begum|OL11|RBH|ur
Ahmed Hassan|OL12|RRS|ar
Hodan Warsame|OL16|RRS|so
Peter Schofield|OL10|LIB|en
Zofia Kowalczyk|OL11|CCC|pl
Gwen Hughes|OL15|CCC|cy
Mohammed Iqbal|OL12|RBH|ur
Doreen Taylor|OL16|RBH|en
Oleksandr Shevchenko|OL11|RRS|uk
Yasmin Akhtar|OL12|RBH|ur
Brian Ashworth|OL10|LIB|en
Fatima Zahra|OL16|RRS|ar
Kevin Lord|OL11|CCC|en
Ewa Lewandowska|OL12|LIB|pl
Samina Kauser|OL16|RBH|ur
Dylan Morgan|OL15|CCC|cy
Abdi Farah|OL11|RRS|so
Joan Butterworth|OL12|LIB|en
Grzegorz Zieliński|OL16|CCC|pl
Nasreen Bibi|OL11|RBH|ur
Alan Greenwood|OL10|LIB|en'
n=0
echo "$borrowers" | while IFS='|' read -r name postcode member lang; do
	n=$((n + 1))
	since=$(day "-$((400 - n * 3)) days")
	b=$(lend borrower add --name "$name" --postcode "$postcode" --member "$member" \
		--language "$lang" --consent --at "${since}T09:00:00Z" 2>/dev/null)
	lend support assign "$b" "C-000$(((n - 1) % 4 + 1))" --from "$since"
done

# A year of lending, three days at a time: the desk lends, takes back and
# wipes, noting what the loan helped with as the borrower tells it;
# champions log sessions; one device never comes back.
outcomes='got_online public_services work_or_training family_and_friends
health money digital_skills prefer_not_to_say none'
: > "$OUT/.open"
step=0
while [ $step -lt 120 ]; do
	d=$(day "-$((360 - step * 3)) days")
	# Devices due back today come back, are wiped, and can go out again.
	while IFS=' ' read -r tag back; do
		if [ "$back" -le $step ]; then
			lend checkin "$tag" --at "${d}T11:00:00Z" --outcome \
				"$(echo $outcomes | cut -d' ' -f$((back % 9 + 1)))" \
				--outcome "$(echo $outcomes | cut -d' ' -f$((back % 3 + 1)))" \
				>/dev/null 2>&1
			lend device wipe "$tag" --method 'factory reset' \
				--at "${d}T12:00:00Z" >/dev/null 2>&1
		else
			echo "$tag $back"
		fi
	done < "$OUT/.open" > "$OUT/.open.next"
	mv "$OUT/.open.next" "$OUT/.open"
	b=$(printf 'B-%06d' $((step * 7 % 24 + 1)))
	tag=$(lend device list --status available --json |
		jq -r --arg d "$d" '[.[] | select(.added_at <= $d and .kind != "accessory")] |
			if length > 0 then .[('$step' * 5) % length].tag else empty end')
	if [ -n "$tag" ] && lend checkout "$b" "$tag" --at "${d}T10:00:00Z" \
		>/dev/null 2>&1; then
		back=$((step + 5 + step % 9))
		[ $((step % 17)) -eq 5 ] && back=9999     # never comes back
		echo "$tag $back" >> "$OUT/.open"
		[ $((step % 6)) -eq 0 ] && lend renew "$tag" --at "${d}T16:00:00Z" >/dev/null 2>&1
	fi
	lend session log "$b" --minutes $((20 + step % 5 * 10)) \
		--topic 'getting online' --date "$d" >/dev/null 2>&1
	step=$((step + 1))
done
rm -f "$OUT/.open"
lost=$(lend loan list --open --json | jq -r '.[-1].ref')
lost_tag=$(lend loan show "$lost" --json | jq -r '.[0].tag')
lend device status "$lost_tag" lost --note 'borrower moved away' >/dev/null

# Five loans end as gifts: the devices are the borrowers' now, each with
# its transfer of ownership to sign.
for g in $(lend loan list --open --json | jq -r '.[0:5][] | .ref'); do
	lend gift "$g" --reason 'the borrower needs it to keep a job' \
		-o "$OUT/gift-$g.pdf" >/dev/null
done
# Reminders of what is due or overdue: text messages for those with a
# phone, letters for those with neither, in demo-out/outbox/ (no mail
# server in the demo), and each champion's list.
rm -rf "$OUT/outbox"
for b in B-000002 B-000006 B-000011 B-000017 B-000021; do
	lend borrower edit "$b" --phone "07700 9002${b#B-0000}"
done
lend remind >/dev/null
lend remind --champions >/dev/null

# Today's loan for a borrower whose name is not ASCII: its documents.
tablet=$(lend device list --status available --kind tablet --json | jq -r '.[0].tag')
loan=$(lend checkout B-000001 "$tablet")
lend agreement "$loan" --lang en -o "$OUT/agreement-en.pdf"
lend agreement "$loan" --lang cy -o "$OUT/agreement-cy.pdf"
lend slip "$loan" -o "$OUT/slip.pdf"
# A slip printed again after part of a loan came back marks it returned.
set -- $(lend device list --status available --json |
	jq -r '[.[] | select(.kind == "phone" or .kind == "accessory")] | .[0:2][] | .tag')
two=$(lend checkout B-000002 "$1" "$2")
lend checkin "$2" >/dev/null
lend slip "$two" -o "$OUT/slip-reprint.pdf"
# What lend holds about a borrower, for a subject access request.
lend borrower export B-000001 -o "$OUT/sar.pdf"
# Two borrowers wait for a device of a kind.
lend hold add B-000004 --kind laptop >/dev/null
lend hold add B-000009 --kind tablet >/dev/null

# The funder report over the twelve months.
from=$(day '-1 year +1 day')
to=$(day 'now')
for f in pdf csv json; do
	lend report --from "$from" --to "$to" -o "$OUT/report.$f"
done

# Labels: an A4 sheet of every device, and a few PNG and SVG files.
lend label --all --template avery-l7160 -o "$OUT/labels.pdf"
rm -rf "$OUT/labels-png" "$OUT/labels-svg"
lend label RTL-00001 RTL-00002 RTL-00003 --format png -o "$OUT/labels-png"
lend label RTL-00001 RTL-00002 RTL-00003 --format svg -o "$OUT/labels-svg"

echo "demo: a sample consortium in $OUT/lend.db"
echo
lend member list
echo
lend site list
echo
lend grant list
echo
echo "labels: $OUT/labels.pdf (Avery L7160), $OUT/labels-png/, $OUT/labels-svg/"
echo "loan $loan for $(lend borrower show B-000001 --json | jq -r .name):" \
	"$OUT/agreement-en.pdf, $OUT/agreement-cy.pdf, $OUT/slip.pdf"
echo "funder report, $from to $to: $OUT/report.pdf, report.csv, report.json"
echo "reminders: $(ls "$OUT/outbox" | grep -c '^sms-') text messages," \
	"$(ls "$OUT/outbox" | grep -c '^letter-') letters," \
	"$(ls "$OUT/outbox" | grep -c '^champion-') champions' lists in $OUT/outbox/"
echo "gifts: $(ls "$OUT" | grep '^gift-' | tr '\n' ' ')"
echo "a year of lending: $(lend loan list --json | jq length) loans," \
	"$(lend loan list --open --json | jq length) open," \
	"$(lend overdue --json | jq length) items overdue"
echo
echo "lend doctor: $(lend doctor)"
echo
echo "devices by kind and status:"
lend device list --json | jq -r '.[] | "\(.kind) \(.status)"' | sort | uniq -c |
	awk '{printf "  %-10s %-10s %3d\n", $2, $3, $1}'

# The desk's logins: the coordinator, staff of two members, a champion and
# a funder, each with a password that is only for the demo.
echo
echo "the desk (lend serve), demo logins:"
for u in coordinator:admin sam:'staff, Rochdale Boroughwide Housing' \
	priya:'staff, Rochdale Libraries' dafydd:'champion, Rochdale Refugee Support' \
	funder:'funder, the report only'; do
	name=${u%%:*}
	echo "$name-demo-pass" | lend user passwd "$name"
	printf '  %-12s %-22s %s\n' "$name" "$name-demo-pass" "${u#*:}"
done
echo
echo "open the desk: $given serve --listen 127.0.0.1:8080 --db $OUT/lend.db"
echo "then browse http://127.0.0.1:8080/ (loopback only; any other address needs --tls-cert and --tls-key)"
