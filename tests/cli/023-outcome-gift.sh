# Outcomes at return and loan to gift (issue 20): outcomes in the
# report's PDF, CSV and JSON with the same numbers, under disclosure
# control; a gift leaves the pool, is counted, has its transfer of
# ownership, and keeps no name once the borrower is erased.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend settings set consortium.phone '01706 000000'
for i in 1 2 3 4 5 6; do
	lend device add --kind tablet --make Samsung --model 'Galaxy Tab' \
		--member RBH --site HUB >/dev/null            # RTL-00001..6
	lend borrower add --name "Borrower $i" --postcode OL11 --member RBH \
		--consent >/dev/null                           # B-000001..6
	lend checkout B-00000$i RTL-0000$i >/dev/null
done
year=$(date -u +%Y)

t_begin 'an unknown outcome is refused with nothing done'
t_refuse 1 "lend: checkin: unknown outcome 'bogus' (one of: got_online,public_services,work_or_training,family_and_friends,health,money,digital_skills,none,prefer_not_to_say)" \
	lend checkin RTL-00001 --outcome got_online --outcome bogus

t_begin 'outcomes recorded at check-in, never required'
for i in 1 2 3 4 5; do
	t_run 0 lend checkin RTL-0000$i --outcome got_online
done
t_run 1 lend checkin RTL-00001 --outcome money
t_run 0 lend checkin RTL-00006 --outcome money --outcome got_online
t_eq 7 "$(sqlite3 "$LEND_DB" 'SELECT count(*) FROM loan_outcome')"

t_begin 'the report counts them as people, the same in CSV, JSON and PDF'
lend report --from "$year-01-01" --to "$year-12-31" -o r.csv
lend report --from "$year-01-01" --to "$year-12-31" -o r.json
lend report --from "$year-01-01" --to "$year-12-31" -o r.pdf
t_eq 'outcome,got_online,6,
outcome,money,,under_threshold' "$(grep '^outcome,' r.csv | tr -d '\r' | cut -d, -f1-4)"
t_eq 'outcome_borrowers,,6,' "$(grep '^outcome_borrowers,' r.csv | tr -d '\r' | cut -d, -f1-4)"
t_eq 'got_online 6 null
money null under_threshold' "$(jq -r '.figures[] | select(.figure == "outcome") | "\(.key) \(.value) \(.suppressed)"' r.json)"
pdf=$(pdftotext -layout r.pdf - 2>/dev/null)
printf '%s\n' "$pdf" | grep -q 'Borrowers who told an outcome at return  *6$' ||
	t_diag 'no outcome_borrowers 6 in the PDF'
printf '%s\n' "$pdf" | grep -q 'Got online  *6$' || t_diag 'no "Got online 6" in the PDF'
printf '%s\n' "$pdf" | grep -q 'Managed money online  *<5$' ||
	t_diag 'no "Managed money online <5" in the PDF'
case $pdf in *'Got online'*'Managed money online'*) ;; *) t_diag 'no outcome table' ;; esac

# A kit, a SIM with a data plan, and one more tablet, for the gifts.
lend device add --kind laptop --make Lenovo --model IdeaPad --member RBH \
	--site HUB >/dev/null                                   # RTL-00007
lend device add --kind accessory --make Anker --model Charger --member RBH \
	--site HUB >/dev/null                                   # RTL-00008
lend kit add RTL-00007 RTL-00008
lend device add --kind sim --make EE --model 'Data SIM' --member RBH --site HUB \
	--iccid 8944110068239462513 --plan-expires 2027-03-31 >/dev/null  # RTL-00009
lend borrower add --name 'Siân Ŵynne-Łukasiewicz' --postcode OL11 --member RBH \
	--language cy --consent >/dev/null                      # B-000007
loan=$(lend checkout B-000007 RTL-00007 RTL-00009)

t_begin 'bad input: not on loan, a kit part alone, no reason, a status'
t_refuse 1 "lend: gift: device 'RTL-00001' is not on loan (quarantine)" \
	lend gift RTL-00001 --reason 'moving away' -o g.pdf
t_refuse 1 "lend: gift: device 'RTL-00008' is part of kit 'RTL-00007'; a kit is given whole" \
	lend gift RTL-00008 --reason 'moving away' -o g.pdf
t_refuse 1 "lend: gift: reason is required" lend gift "$loan" -o g.pdf
t_refuse 1 "lend: gift: loan or device 'L-999999' not found" \
	lend gift L-999999 --reason x -o g.pdf
lend user add lib1 --member LIB --role staff >/dev/null
# Another member's staff cannot see the loan at all: it reads as missing.
t_refuse 1 "lend: gift: loan or device '$loan' not found" \
	lend --as lib1 gift "$loan" --reason x -o g.pdf
t_refuse 1 "lend: device: 'RTL-00007' is given to its borrower by lend gift, not by a status" \
	lend device status RTL-00007 gifted
[ -f g.pdf ] && t_diag 'a refused gift left its file'

t_begin 'a gift: the kit whole and the SIM, gifted, with the plan kept'
t_run 0 lend gift "$loan" --reason 'moving to college' -o g.pdf
t_eq "$loan" "$(cat "$T_OUT")"
for t in RTL-00007 RTL-00008 RTL-00009; do
	t_eq gifted "$(lend device show $t --json | jq -r '.status')"
done
t_eq '2027-03-31' "$(sqlite3 "$LEND_DB" "SELECT g.plan_expires_on FROM gift g JOIN device d ON d.id = g.device_id WHERE d.tag = 'RTL-00009'")"
t_eq '' "$(lend loan list --json | jq -r ".[] | select(.ref == \"$loan\") | .closed_at | select(. == null)")"

t_begin 'the transfer names the borrower and the devices, in Welsh'
t=$(pdftotext g.pdf - 2>/dev/null | tr '\n' ' ')
for s in 'Trosglwyddo perchnogaeth' 'Siân Ŵynne-Łukasiewicz (B-000007)' \
	'RTL-00007' 'Lenovo IdeaPad' 'RTL-00008' 'RTL-00009' '2027-03-31' \
	'Rochdale Boroughwide Housing' 'Nid ydym yn cadw unrhyw ddata'; do
	case $t in *"$s"*) ;; *) t_diag "missing '$s'" ;; esac
done
t_eq 1 "$(pdfinfo g.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"
t_run 0 lend gift "$loan" --reprint --lang en -o en.pdf
case $(pdftotext en.pdf - 2>/dev/null) in *'Transfer of ownership'*) ;;
	*) t_diag 'no English transfer' ;; esac

t_begin 'the report counts the gifts and leaves them out of the pool'
lend settings set report.threshold 1
lend report --from "$year-01-01" --to "$year-12-31" -o g.csv
t_eq 'devices_gifted,,3,' "$(grep '^devices_gifted,' g.csv | tr -d '\r' | cut -d, -f1-4)"
t_eq 'pool_end,accessory,0,
pool_end,laptop,0,
pool_end,sim,0,
pool_end,tablet,6,' "$(grep '^pool_end,' g.csv | tr -d '\r' | cut -d, -f1-4)"

t_begin 'erasing the borrower keeps the gift counted and no name anywhere'
t_run 0 lend borrower forget B-000007 --yes
lend report --from "$year-01-01" --to "$year-12-31" -o after.csv
t_eq 'devices_gifted,,3,' "$(grep '^devices_gifted,' after.csv | tr -d '\r' | cut -d, -f1-4)"
dump=$(sqlite3 "$LEND_DB" .dump)
case $dump in *'Siân'*|*'Łukasiewicz'*|*'moving to college'*)
	t_diag 'the name or the reason is still in the database' ;; esac
t_run 0 lend gift "$loan" --reprint -o again.pdf
case $(pdftotext again.pdf - 2>/dev/null) in *'Siân'*) t_diag 'name in the transfer' ;; esac
