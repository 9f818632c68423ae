# Letters people can read: the subject access export as a dated covering
# page in the borrower's language then wrapped tables; the slip's phone
# from the site, else the member, else the consortium.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
export SOURCE_DATE_EPOCH=1798416000 # Monday 28 December 2026
lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9+' \
	--member RBH --site HUB >/dev/null
lend device add --kind phone --make Nokia --model 'G22' \
	--member LIB --site CEN >/dev/null
lend borrower add --name 'Siân Wynne' --postcode OL11 --member RBH \
	--language cy --consent --notes "$(printf 'Long notes %.0s' $(seq 1 40))" >/dev/null
lend borrower add --name 'Jo Bloggs' --postcode OL12 --member LIB \
	--language en --consent >/dev/null
lend checkout B-000001 RTL-00001 >/dev/null
lend checkout B-000002 RTL-00002 >/dev/null

t_begin 'the subject access letter: Welsh cover, date of issue, plain headings'
t_run 0 lend borrower export B-000001 -o cy.pdf
pdftotext -f 1 -l 1 cy.pdf - 2>/dev/null | tr '\n' ' ' > cover.txt
grep -q 'Yr wybodaeth sydd gennym amdanoch' cover.txt || t_diag 'no Welsh title'
grep -q 'Dyddiad cyhoeddi: Dydd Llun 28 Rhagfyr 2026' cover.txt || t_diag "no Welsh date of issue: $(head -c 200 cover.txt)"
grep -q 'Annwyl Siân Wynne' cover.txt || t_diag 'not addressed to the borrower'
t_run 0 lend borrower export B-000002 -o en.pdf
pdftotext en.pdf - 2>/dev/null | tr '\n' ' ' > en.txt
grep -q 'Date of issue: Monday 28 December 2026' en.txt || t_diag 'no English date of issue'
grep -q 'Information Commissioner' en.txt || t_diag 'no word of the right to complain'
grep -q 'Postcode district' en.txt || t_diag 'no plain heading'
grep -q 'postcode_district\|consent_at\|T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' en.txt &&
	t_diag 'a snake_case key or a UTC timestamp in the letter'

t_begin 'every line of the subject access letter lies within the page'
# No word's right edge past the right margin (20 mm of 595 points).
for f in cy.pdf en.pdf; do
	pdftotext -bbox "$f" - 2>/dev/null |
		awk -F'"' '/<word / {for (i = 1; i < NF; i++) if ($i ~ /xMax=$/) x = $(i + 1);
			if (x + 0 > 595 - 56.7 + 1) {print x; bad++}} END {exit bad > 0}' >/dev/null ||
		t_diag "$f: a word past the right margin"
done
pdftotext cy.pdf - 2>/dev/null | tr '\n' ' ' | grep -q 'Long notes Long notes' ||
	t_diag 'the long notes are not all there'
t_eq 40 "$(pdftotext cy.pdf - 2>/dev/null | tr '\n' ' ' | grep -o 'Long notes' | wc -l | tr -d ' ')"

t_begin "a slip rings the site, else the site's member, else the consortium"
lend settings set consortium.phone '0300 000 0000' >/dev/null
lend site edit HUB --phone '01706 111 111' >/dev/null
lend member edit LIB --phone '01706 222 222' >/dev/null
lend slip L-000001 -o hub.pdf
lend slip L-000002 -o cen.pdf
pdftotext hub.pdf - 2>/dev/null | grep -q '01706 111 111' || t_diag 'no site phone'
pdftotext cen.pdf - 2>/dev/null | grep -q '01706 222 222' || t_diag 'no member phone'
lend member edit LIB --phone '' >/dev/null
lend slip L-000002 -o none.pdf
pdftotext none.pdf - 2>/dev/null | grep -q '0300 000 0000' || t_diag 'no consortium phone'
t_eq '' "$(lend member show LIB --json | jq -r '.phone // ""')"

t_begin 'member phones: add, edit, refusals leave the database as it was'
t_run 0 lend member add CCC 'Castlemere Community Centre' --phone '01706 333 333'
t_eq '01706 333 333' "$(lend member show CCC --json | jq -r '.phone')"
t_refuse 2 "lend: member edit: nothing to change" lend member edit CCC
t_refuse 1 "lend: member: member 'NOPE' not found" lend member edit NOPE --phone 1
