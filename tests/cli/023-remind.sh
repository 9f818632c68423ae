# Reminders (issue 20) against a real mail server on 127.0.0.1: a Welsh
# e-mail decoded back to its exact text, sent once; a refusal left to
# retry; a text message in the outbox; a Welsh letter; no mail server.
. "$LEND_TOP/tests/cli/lib.sh"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
t_registry
lend settings set consortium.phone '01706 000000'
lend device add --kind tablet --make Samsung --model 'Galaxy Tab' --member RBH \
	--site HUB >/dev/null                                   # RTL-00001
lend device add --kind laptop --make Lenovo --model IdeaPad --member RBH \
	--site HUB >/dev/null                                   # RTL-00002
lend device add --kind phone --make Nokia --model G21 --member RBH \
	--site HUB >/dev/null                                   # RTL-00003
lend borrower add --name 'Siân Ŵynne' --postcode OL11 --member RBH \
	--language cy --email sian@example.org --consent >/dev/null   # B-000001
lend borrower add --name 'Pat Phone' --postcode OL11 --member RBH \
	--phone '07700 900123' --consent >/dev/null                    # B-000002
lend borrower add --name 'Gwenllïan Neb' --postcode OL11 --member RBH \
	--language cy --consent >/dev/null                             # B-000003
lend champion add --name 'Dafydd ap Gruffydd' --member RBH \
	--phone '07700 900111' >/dev/null                              # C-0001
lend support assign B-000003 C-0001
due=$(date -u -d '+20 days' +%Y-%m-%d)
late=$(date -u -d '+27 days' +%Y-%m-%d)   # 7 days overdue
lend checkout B-000001 RTL-00001 --due "$due" >/dev/null
lend checkout B-000002 RTL-00002 --due "$due" >/dev/null
lend checkout B-000003 RTL-00003 --due "$due" >/dev/null

# The mail server, stopped at the end whatever happens.
mkdir mail
$PY "$LEND_TOP/tests/cli/smtp_sink.py" mail 2>mail/log &
sink=$!
trap 'kill $sink 2>/dev/null; t_finish' EXIT
i=0
while [ ! -f mail/port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat mail/port)

t_begin 'no mail server: e-mails wait, unrecorded, in one clear line'
t_run 1 lend remind --as-of "$late"
t_eq 'lend: note: remind: 1 e-mail waits: no mail server (settings smtp.url and smtp.from); they go with the first run that has one' "$(cat "$T_ERR")"
t_eq 'waiting' "$(lend --json remind --as-of "$late" --dry-run | jq -r '.[0].status' | sed 's/would send/waiting/')"
t_eq 0 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM reminder WHERE channel = 'email'")"
ls mail/mail-*.eml >/dev/null 2>&1 && t_diag 'a mail was sent'

t_begin 'a borrower with only a phone gets a text message in the outbox'
f=outbox/sms-L-000002-overdue_7.txt
[ -f "$f" ] || t_diag "no $f"
t_eq '07700 900123' "$(head -n 1 "$f")"
d=$(date -u -d "$due" +%d/%m/%Y)
t_eq "Rochdale Tech Lending: your loan L-000002 was due back on $d. Please return it to Riverside Hub, or ring 01706 000000" "$(sed -n 2p "$f")"
[ "$(sed -n 2p "$f" | wc -m)" -le 161 ] || t_diag 'longer than 160'

t_begin 'one with neither gets a letter in Welsh, with their champion'
f=outbox/letter-L-000003-overdue_7.pdf
t=$(pdftotext "$f" - 2>/dev/null | tr '\n' ' ')
for s in 'Gwenllïan Neb (B-000003)' 'Annwyl Gwenllïan Neb' \
	"Roedd eich benthyciad L-000003 gan Rochdale Tech Lending" \
	'Hyrwyddwr digidol: Dafydd ap Gruffydd, 07700 900111'; do
	case $t in *"$s"*) ;; *) t_diag "missing '$s'" ;; esac
done
t_eq 1 "$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')"

t_begin 'an overdue Welsh speaker gets one e-mail in Welsh, exactly'
lend settings set smtp.url "smtp://127.0.0.1:$port"
lend settings set smtp.from lending@example.org
t_run 0 lend remind --as-of "$late"
t_eq 'L-000001 email delivered' "$(awk 'NR == 2 {print $1, $4, $5}' "$T_OUT")"
t_eq 1 "$(ls mail/mail-*.eml 2>/dev/null | wc -l)"
long=$(LC_ALL=C date -u -d "$due" '+%u %-d %m %Y' | awk '{
	split("Llun Mawrth Mercher Iau Gwener Sadwrn Sul", d, " ")
	split("Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr", m, " ")
	print "Dydd " d[$1] " " $2 " " m[$3 + 0] " " $4 }')
cat >want.txt <<END
Annwyl Siân Ŵynne,

Roedd eich benthyciad L-000001 gan Rochdale Tech Lending i'w ddychwelyd erbyn $long:
- RTL-00001 Samsung Galaxy Tab (llechen)

Dewch ag ef yn ôl i Riverside Hub, 1 Smith Street, Rochdale cyn gynted â phosibl. Ar agor: Mon-Fri 9:00-17:00.

Os oes rhywbeth o'i le, neu os oes angen mwy o amser arnoch, ffoniwch 01706 000000: rydym yma i helpu.

Diolch yn fawr,
Rochdale Tech Lending
END
$PY - mail/mail-1.eml want.txt "Roedd eich benthyciad L-000001 i'w ddychwelyd erbyn $long" >check.txt <<'END'
import email, email.policy, sys
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
want = open(sys.argv[2], encoding='utf-8').read()
got = m.get_content().replace('\r\n', '\n')
print('subject', m['subject'] == sys.argv[3])
print('body', got == want)
print('type', m.get_content_type(), m.get_content_charset())
print('headers', all(m[h] for h in ('Date', 'Message-ID', 'From', 'To')))
print('ascii', all(b < 128 for b in raw))
END
t_eq 'subject True
body True
type text/plain utf-8
headers True
ascii True' "$(cat check.txt)"

t_begin 'a second run sends nothing'
t_run 0 lend remind --as-of "$late"
t_eq 1 "$(wc -l <"$T_OUT" | tr -d ' ')"
t_eq 1 "$(ls mail/mail-*.eml | wc -l)"

t_begin 'a server that refuses the message leaves the reminder to retry'
late21=$(date -u -d "$due +21 days" +%Y-%m-%d)
touch mail/refuse
t_run 1 lend remind --as-of "$late21"
t_eq 'lend: note: remind: 1 reminder failed; the next run tries again' "$(cat "$T_ERR")"
t_eq 'L-000001 failed the mail server answered 550' "$(awk '$1 == "L-000001" {print $1, $5, $6, $7, $8, $9, $10}' "$T_OUT")"
t_eq 'failed|1' "$(sqlite3 "$LEND_DB" "SELECT status, attempts FROM reminder WHERE which = 'overdue_21' AND channel = 'email'")"
rm mail/refuse
t_run 0 lend remind --as-of "$late21"
t_eq 'delivered|2' "$(sqlite3 "$LEND_DB" "SELECT status, attempts FROM reminder WHERE which = 'overdue_21' AND channel = 'email'")"
t_eq 2 "$(ls mail/mail-*.eml | wc -l)"

t_begin 'a champion gets the list of their own borrowers only'
t_run 0 lend remind --champions --as-of "$late21"
f=outbox/champion-C-0001-$late21.pdf
t=$(pdftotext "$f" - 2>/dev/null | tr '\n' ' ')
case $t in *'Gwenllïan Neb (B-000003), L-000003'*) ;; *) t_diag "missing borrower: $t" ;; esac
case $t in *'Siân'*|*'Pat Phone'*) t_diag 'another champion''s borrower' ;; esac

t_begin 'a second champions run that day writes nothing again (one list a champion a day)'
sum=$(cksum <"$f")
t_run 0 lend remind --champions --as-of "$late21"
t_eq 1 "$(wc -l <"$T_OUT" | tr -d ' ')"
t_eq "$sum" "$(cksum <"$f")"
t_eq 'letter|delivered|1' "$(sqlite3 "$LEND_DB" "SELECT channel, status, attempts FROM champion_list")"
t_eq 1 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM event WHERE action = 'remind_list'")"

t_begin 'a borrower who chose en+cy: both languages in one text message, and in documents'
lend device add --kind tablet --make Samsung --model 'Galaxy Tab' --member RBH \
	--site HUB >/dev/null                                   # RTL-00004
t_run 0 lend borrower add --name 'Rhys Dwyieithog' --postcode OL11 --member RBH \
	--language en+cy --phone '07700 900124' --consent       # B-000004
lend checkout B-000004 RTL-00004 --due "$due" >/dev/null    # L-000004
t_eq 'en+cy' "$(lend --json borrower show B-000004 | jq -r .language)"
t_run 0 lend remind --as-of "$late"
t=$(for p in outbox/sms-L-000004-overdue_7*.txt; do sed 1d "$p"; done | tr -d '\n')
case $t in "Rochdale Tech Lending: your loan L-000004 was due back on $d."*"Rochdale Tech Lending: roedd eich benthyciad L-000004 i'w ddychwelyd erbyn $d."*) ;;
	*) t_diag "not English then Welsh: $t" ;; esac
t_run 0 lend agreement L-000004 -o both.pdf
t=$(pdftotext both.pdf - 2>/dev/null | tr '\n' ' ')
case $t in *'Loan agreement'*'Cytundeb benthyg'*) ;; *) t_diag "agreement not in both: $t" ;; esac
t_refuse 1 "lend: borrower: language 'en+xx' is not an ISO 639-1 code (like en, cy, pl, ur)" \
	lend borrower edit B-000004 --language en+xx
printf 'name,postcode,member,language\nCerys Ddwy,OL12,RBH,en+cy\n' >both.csv
t_run 0 lend import borrowers both.csv
t_eq 'en+cy' "$(sqlite3 "$LEND_DB" "SELECT language FROM borrower WHERE name = 'Cerys Ddwy'")"

t_begin 'erasing a borrower removes their outbox files still there, from any folder'
ls outbox/sms-L-000002-* >/dev/null 2>&1 || t_diag 'no text message to remove'
lend checkin RTL-00002 >/dev/null
lend checkin RTL-00003 >/dev/null
mv outbox/sms-L-000002-overdue_7.txt taken.txt   # a gateway took this one
t_run 0 sh -c "cd / && '$LEND' borrower forget B-000002 --yes"
t_eq '' "$(ls outbox | grep L-000002)"
t_eq 0 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM outbox_file f JOIN borrower b ON b.id = f.borrower_id WHERE b.ref = 'B-000002'")"
# A champion's list names B-000003 too: it goes with their letters.
t_run 0 lend borrower forget B-000003 --yes
t_eq '' "$(ls outbox | grep -e L-000003 -e champion-)"
t_eq 'sms-L-000004-overdue_7-1.txt' "$(ls outbox | grep L-000004 | head -n 1)"

t_begin 'bad input: a bad date, a bad setting, not an admin'
t_refuse 1 "lend: remind: as-of date '2027-02-30' is not a date (YYYY-MM-DD)" \
	lend remind --as-of 2027-02-30
lend settings set remind.overdue_days 'x,7'
t_refuse 1 "lend: remind: setting remind.overdue_days 'x,7' is not a list of days (like 1,7,21)" \
	lend remind
lend settings set remind.overdue_days '1,7,21'
t_refuse 1 "lend: remind: user 'sam' is a staff and may not send reminders" \
	lend --as sam remind
