# Documents people can read: names with every mark drawn, PDFs poppler and
# qpdf read without a word, sizes for older readers, dates written out,
# -o - and the refusals of an output that is not the format.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' \
	--member RBH --site HUB >/dev/null

# ink FILE: the dark pixels of FILE's first page at 150 dpi.
ink() {
	pdftoppm -r 150 -f 1 -l 1 -gray "$1" >"$1.pgm" 2>/dev/null
	python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 4) if d[:2] == b"P5" else []
print(sum(1 for b in parts[4] if b < 192) if len(parts) == 5 else 0)' "$1.pgm"
}

# agreement NAME FILE: the agreement of a loan to a borrower called NAME,
# in a database of its own, so that all else is the same (refs, QR code).
n=0
agreement() {
	n=$((n + 1))
	(export LEND_DB="$T_DIR/ink$n.db"
	t_registry &&
	lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' \
		--member RBH --site HUB >/dev/null &&
	lend borrower add --name "$1" --postcode OL11 --member RBH \
		--language en --consent >/dev/null &&
	lend checkout B-000001 RTL-00001 >/dev/null &&
	lend agreement L-000001 -o "$2")
}
more_ink() {
	agreement "$1" a.pdf && agreement "$2" b.pdf || t_diag "no agreement"
	a=$(ink a.pdf)
	b=$(ink b.pdf)
	[ "$a" -gt "$b" ] || t_diag "'$1' drew $a dark pixels, '$2' $b"
}

t_begin 'two marks on a letter weigh more than one (Vietnamese)'
more_ink 'Trần Thị Ễ Ở' 'Trân Thị Ê Ơ'
t_begin 'Greek and Cyrillic marks are drawn'
more_ink 'Γιώργος Ἀθηνᾶ Ῥόδου' 'Γιωργος Αθηνα Ροδου'
more_ink 'Йосип Ёлкин Ґаврилюк' 'Иосип Елкин Гаврилюк'

lend borrower add --name 'Siân Wynne' --postcode OL11 --member RBH \
	--language cy --consent >/dev/null
loan=$(lend checkout B-000001 RTL-00001)
due=$(lend loan show "$loan" --json | jq -r '.[0].due_on')

# sizes FILE: the font sizes of FILE's text, smallest first.
sizes() {
	mutool draw -F stext -o - "$1" 2>/dev/null |
		grep -o 'size="[0-9.]*"' | tr -dc '0-9.\n' | sort -n | uniq -c |
		sort -k1,1nr | awk '{print $2}'
}
t_begin 'agreement and slip: body at least 11 pt, nothing under 8'
for doc in agreement slip; do
	t_run 0 lend "$doc" "$loan" -o "$doc.pdf"
	body=$(sizes "$doc.pdf" | head -n 1)
	least=$(sizes "$doc.pdf" | sort -n | head -n 1)
	awk -v b="$body" -v l="$least" 'BEGIN {exit !(b >= 11 && l >= 8)}' ||
		t_diag "$doc: body $body pt, smallest $least pt"
done
body=$(sizes agreement.pdf | head -n 1)
t_eq 12 "$body"

t_begin 'dates are written out in English and Welsh'
en=$(LC_ALL=C date -u -d "$due" '+%A %-d %B %Y')
set -- $(LC_ALL=C date -u -d "$due" '+%u %-d %-m %Y')
cy_day=$(echo 'Llun Mawrth Mercher Iau Gwener Sadwrn Sul' | cut -d' ' -f"$1")
cy_month=$(echo 'Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr' | cut -d' ' -f"$3")
cy="Dydd $cy_day $2 $cy_month $4"
for doc in agreement slip; do
	t_run 0 lend "$doc" "$loan" --lang en -o en.pdf
	case $(pdftotext en.pdf - | tr '\n' ' ') in
	*"$en"*) ;; *) t_diag "$doc: no '$en'" ;; esac
	t_run 0 lend "$doc" "$loan" --lang cy -o cy.pdf
	case $(pdftotext cy.pdf - | tr '\n' ' ') in
	*"$cy"*) ;; *) t_diag "$doc: no '$cy'" ;; esac
done
today=$(LC_ALL=C date -u '+%A %-d %B %Y')
lend agreement "$loan" --lang en -o en.pdf
case $(pdftotext en.pdf - | tr '\n' ' ') in
*"$today"*) ;; *) t_diag "no out date '$today'" ;; esac

t_begin 'staff are named by their full name; a slip gives a phone'
lend user edit ada --name 'Ada Lovelace'
lend settings set consortium.phone '01706 555 010'
t_run 0 lend agreement "$loan" -o a.pdf
case $(pdftotext a.pdf - | tr '\n' ' ') in
*'Ada Lovelace'*) ;; *) t_diag 'no full name on the agreement' ;; esac
t_run 0 lend slip "$loan" --lang en -o s.pdf
case $(pdftotext s.pdf - | tr '\n' ' ') in
*'Phone: 01706 555 010'*) ;; *) t_diag 'no phone on the slip' ;; esac
lend site edit HUB --phone '01706 555 020'
t_run 0 lend slip "$loan" --lang en -o s.pdf
case $(pdftotext s.pdf - | tr '\n' ' ') in
*'Phone: 01706 555 020'*) ;; *) t_diag 'the site phone not first' ;; esac

t_begin '-o - writes to standard output, and no file called -'
t_run 0 lend agreement "$loan" -o -
t_eq '%PDF' "$(head -c 4 "$T_OUT")"
t_run 0 lend slip "$loan" -o -
t_eq '%PDF' "$(head -c 4 "$T_OUT")"
t_run 0 lend report --from 2025-01-01 --to 2025-12-31 --format csv -o -
[ -s "$T_OUT" ] || t_diag 'no CSV report on stdout'
t_run 0 lend export devices -o -
t_eq tag "$(head -c 3 "$T_OUT")"
t_run 0 lend label RTL-00001 --format pdf -o -
t_eq '%PDF' "$(head -c 4 "$T_OUT")"
[ -e ./- ] && t_diag "a file called '-'"

t_begin 'an output that is not the format is refused, the database as it was'
t_refuse 2 "lend: report: output 'r.xlsx' is not a .pdf, .csv or .json file" \
	lend report --from 2025-01-01 --to 2025-12-31 -o r.xlsx
t_refuse 2 "lend: report: output 'r.csv' does not match --format 'pdf'" \
	lend report --from 2025-01-01 --to 2025-12-31 --format pdf -o r.csv
t_refuse 2 "lend: agreement: output 'a.docx' is not a .pdf file" \
	lend agreement "$loan" -o a.docx
t_refuse 2 "lend: slip: output 's.png' is not a .pdf file" \
	lend slip "$loan" -o s.png
t_refuse 2 "lend: export: output 'd.xlsx' is not a .csv or .json file" \
	lend export devices -o d.xlsx
t_refuse 2 "lend: label: output 'l.pdf' does not match --format 'png'" \
	lend label RTL-00001 --format png -o l.pdf
for f in r.xlsx r.csv a.docx s.png d.xlsx l.pdf; do
	[ -e "$f" ] && t_diag "$f was written"
done

t_begin 'every PDF of the demo reads without a word on stderr'
sh "$LEND_TOP/scripts/demo.sh" "$LEND" demo >/dev/null 2>demo.err ||
	t_diag "the demo failed: $(tail -n 1 demo.err)"
for f in demo/*.pdf; do
	pdftotext "$f" /dev/null 2>>tools.err
	pdffonts "$f" >/dev/null 2>>tools.err
	qpdf --check "$f" >/dev/null 2>>tools.err || t_diag "qpdf: $f"
	pdffonts "$f" 2>/dev/null | tail -n +3 | awk '$(NF-2) != "yes" {exit 1}' ||
		t_diag "$f: a font without its Unicode map"
done
t_eq '' "$(cat tools.err)"
[ "$(ls demo/*.pdf | wc -l)" -ge 6 ] || t_diag 'the demo wrote too few PDFs'
