# Loan agreement and slip: every field back from pdftotext, Welsh, many
# pages, the loan's QR, identical bytes, refusals leaving no file.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' --member RBH \
	--site HUB --serial R9XT30AB --imei 356938035643809 >/dev/null      # RTL-00001
lend device add --kind accessory --make Anker --model 'USB-C charger' \
	--member RBH --site HUB >/dev/null                                   # RTL-00002
lend kit add RTL-00001 RTL-00002
lend borrower add --name 'Siân Ŵynne-Łukasiewicz' --postcode OL11 --member RBH \
	--language cy --consent >/dev/null
lend champion add --name 'Dafydd ap Gruffydd' --member RBH --phone '07700 900111' \
	--email dafydd@example.org >/dev/null
lend support assign B-000001 C-0001
loan=$(lend checkout B-000001 RTL-00001)
due=$(lend loan show "$loan" --json | jq -r '.[0].due_on')
# Dates are written out: "Monday 28 December 2026".
long_due=$(LC_ALL=C date -u -d "$due" '+%A %-d %B %Y')

text() {
	pdftotext "$@" - 2>/dev/null | tr '\n' ' ' | tr -s ' '
}
has() {
	case $1 in *"$2"*) ;; *) t_diag "missing '$2'" ;; esac
}

t_begin 'the English agreement gives back every field'
t_run 0 lend agreement "$loan" --lang en -o en.pdf
t=$(text en.pdf)
for s in 'Rochdale Tech Lending' 'Rochdale Boroughwide Housing' "$loan" \
	'Siân Ŵynne-Łukasiewicz (B-000001)' 'RTL-00001' 'tablet' \
	'Samsung Galaxy Tab A9+' 'R9XT30AB' '356938035643809' 'RTL-00002' \
	'accessory' 'Anker USB-C charger (part of RTL-00001)' 'Riverside Hub' \
	'1 Smith Street, Rochdale' 'by ada' "$(LC_ALL=C date -u '+%A %-d %B %Y')" "$long_due" \
	'Dafydd ap Gruffydd, 07700 900111, dafydd@example.org' \
	'Terms of the loan' 'The device is lent to you free of charge' \
	'How we use your information' 'for 24 months after your last loan' \
	'Information Commissioner' "Borrower's signature" 'Staff signature' \
	'version 2026-1' 'Page 1 of '; do
	has "$t" "$s"
done

# embedded FILE: every font of FILE is embedded, and there is one at least.
embedded() {
	pdffonts "$1" 2>/dev/null | tail -n +3 |
		awk '{n++; if ($(NF-4) != "yes") bad++} END {print (n && !bad) ? 1 : 0}'
}
t_eq 1 "$(embedded en.pdf)"

t_begin 'Welsh: --lang cy, by default for a Welsh speaker, and both'
t_run 0 lend agreement "$loan" --lang cy -o cy.pdf
t=$(text cy.pdf)
for s in 'Cytundeb benthyg' "Telerau'r benthyciad" 'Rhoddir y ddyfais ar fenthyg' \
	'Sut rydym yn defnyddio eich gwybodaeth' 'llechen' 'Tudalen 1 o ' \
	'Llofnod y benthyciwr'; do
	has "$t" "$s"
done
case $t in *'Terms of the loan'*) t_diag 'English in the Welsh agreement' ;; esac
t_run 0 lend agreement "$loan" -o default.pdf
cmp -s cy.pdf default.pdf || t_diag 'a cy borrower did not get Welsh by default'
t_run 0 lend agreement "$loan" --lang en+cy -o both.pdf
t=$(text both.pdf)
for s in 'Loan agreement / Cytundeb benthyg' 'The device is lent to you' \
	'Rhoddir y ddyfais ar fenthyg' 'Page / Tudalen 1 of / o '; do
	has "$t" "$s"
done
lend borrower edit B-000001 --language pl
t_run 0 lend agreement "$loan" -o pl.pdf
has "$(text pl.pdf)" 'Loan agreement'
lend borrower edit B-000001 --language cy

t_begin 'a loan of 40 devices runs onto numbered pages listing all 40'
lend settings set loan.limit 100
i=0
while [ $i -lt 40 ]; do
	lend device add --kind phone --make Nokia --model 'G22 (4/128GB)' \
		--member RBH --site HUB --serial "SN-$i" >/dev/null
	i=$((i + 1))
done
big=$(lend checkout B-000001 $(lend device list --kind phone --json | jq -r '.[].tag'))
t_run 0 lend agreement "$big" --lang en -o big.pdf
pages=$(pdfinfo big.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 2 ] || t_diag "only $pages page"
t_eq 40 "$(pdftotext big.pdf - 2>/dev/null | grep -c '^SN-[0-9]*$')"
p=1
while [ $p -le "$pages" ]; do
	has "$(text -f $p -l $p big.pdf)" "Page $p of $pages"
	has "$(text -f $p -l $p big.pdf)" "Loan agreement $big"
	p=$((p + 1))
done

t_begin 'the QR on the agreement and both slips decodes to the loan ref'
t_run 0 lend slip "$loan" --lang en -o receipt.pdf
t_run 0 lend slip "$loan" --size a6 -o a6.pdf
t_eq '226.772 x' "$(pdfinfo receipt.pdf 2>/dev/null | sed -n 's/^Page size: *\([0-9.]* x\).*/\1/p')"
t_eq '297.638 x 419.528' "$(pdfinfo a6.pdf 2>/dev/null | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p')"
for f in en receipt a6; do
	pdftoppm -r 300 -f 1 -l 1 -png $f.pdf qr-$f 2>/dev/null
	t_eq "$loan" "$(zbarimg --nodbus --raw -q qr-$f-1.png 2>/dev/null)"
done
t=$(text receipt.pdf)
for s in "$loan" 'Siân Ŵynne-Łukasiewicz (B-000001)' 'RTL-00001 Samsung Galaxy Tab A9+' \
	'+ RTL-00002' "$long_due" 'Dafydd ap Gruffydd, 07700 900111' 'Riverside Hub' \
	'Mon-Fri 9:00-17:00'; do
	has "$t" "$s"
done
t_eq "$loan: B-000001, 2 of 2 out: RTL-00001 (due $due), RTL-00002 (due $due)" \
	"$(printf '%s\n' "$(zbarimg --nodbus --raw -q qr-receipt-1.png 2>/dev/null)" | lend scan)"

t_begin 'qpdf passes; the same SOURCE_DATE_EPOCH gives the same bytes'
for f in *.pdf; do
	qpdf --check "$f" >/dev/null 2>&1 || t_diag "qpdf --check fails on $f"
done
SOURCE_DATE_EPOCH=1767225600 lend agreement "$loan" -o one.pdf
SOURCE_DATE_EPOCH=1767225600 lend agreement "$loan" -o two.pdf
cmp -s one.pdf two.pdf || t_diag 'two agreements differ'
SOURCE_DATE_EPOCH=1767225600 lend slip "$loan" -o s1.pdf
SOURCE_DATE_EPOCH=1767225600 lend slip "$loan" -o s2.pdf
cmp -s s1.pdf s2.pdf || t_diag 'two slips differ'
t_eq 'Thu Jan  1 00:00:00 2026 UTC' "$(pdfinfo one.pdf 2>/dev/null | sed -n 's/^CreationDate: *//p')"

t_begin 'signing is recorded, shown, and printed on the agreement'
t_run 0 lend loan sign "$loan"
lend loan show "$loan" | head -1 | grep -q ', signed 20' || t_diag 'loan show does not say signed'
t_eq 'ada|2026-1' "$(sqlite3 "$LEND_DB" "SELECT u.name || '|' || l.terms_version FROM loan l JOIN app_user u ON u.id = l.signed_by WHERE l.ref = '$loan'")"
t_refuse 1 "lend: sign: loan $loan was signed on $(lend loan show "$loan" --json | jq -r '.[0].signed_at')" \
	lend loan sign "$loan"
# The agreement printed before the signing says nothing of it.
case $(text en.pdf) in *'Signed at the desk'*) t_diag 'unsigned agreement says signed' ;; esac
lend agreement "$loan" --lang en -o signed.pdf
has "$(text signed.pdf)" 'Signed at the desk on'

t_begin 'bad input: one line, non-zero exit, no file left behind'
t_refuse 1 "lend: agreement: loan 'L-999999' not found" \
	lend agreement L-999999 -o bad.pdf
t_refuse 1 "lend: agreement: unknown language 'fr' (one of: en, cy, en+cy)" \
	lend agreement "$loan" --lang fr -o bad.pdf
t_refuse 1 "lend: slip: unknown size 'a4' (one of: receipt80, a6)" \
	lend slip "$loan" --size a4 -o bad.pdf
t_refuse 1 "lend: slip: loan 'NOPE' not found" lend slip NOPE -o bad.pdf
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	t_run 1 lend agreement "$loan" -o ro/x.pdf
fi
t_run 1 lend agreement "$loan" -o /nonexistent/x.pdf
grep -q "^lend: file: cannot write '/nonexistent/x.pdf'" "$T_ERR" || t_diag "$(cat "$T_ERR")"
t_eq '' "$(ls bad.pdf 2>/dev/null; ls -A ro; ls ./*.tmp-* ./.lend-tmp-* 2>/dev/null)"
t_refuse 2 'lend: agreement: -o FILE is required' lend agreement "$loan"
