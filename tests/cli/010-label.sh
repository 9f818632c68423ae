# QR labels: every code decodes to its content, in PNG, SVG and on every
# sheet; the geometry follows the template; bad templates are refused.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend settings set consortium.name 'Cymdeithas Benthyg Ŵyn' >/dev/null
lend settings set label.contact 'If found, please call 01706 555 010'

# 30 devices with assorted tags: allocated ones and given ones of every
# character a tag may hold, short and the longest.
for t in a-b X.1 lower-case z_9 ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 7; do
	lend device add --kind tablet --make A --model B --member LIB --site CEN \
		--tag "$t" >/dev/null
done
i=0
while [ $i -lt 24 ]; do
	lend device add --kind phone --make C --model D --member RBH --site HUB >/dev/null
	i=$((i + 1))
done
lend device list --json | jq -r '.[].tag' > tags.txt
t_eq 30 "$(wc -l < tags.txt | tr -d ' ')"
url() { sed 's|^|https://lend.example.org/d/|' tags.txt; }

# decode FILE...: the payloads zbar reads, one a line, in file order.
decode() {
	for f in "$@"; do
		zbarimg --nodbus --raw -q "$f" 2>/dev/null || echo "UNREAD $f"
	done
}

# cells PDF TEMPLATE-VALUES N DPI: rasterise each of the first N label
# cells on its own (zbar misses codes on a whole sheet) and decode them.
cells() {
	pdf=$1 ml=$2 mt=$3 px=$4 py=$5 lw=$6 lh=$7 cols=$8 per=$9 n=${10}
	k=0
	while [ $k -lt "$n" ]; do
		page=$((k / per + 1)) at=$((k % per))
		set -- $(awk -v ml="$ml" -v mt="$mt" -v px="$px" -v py="$py" \
			-v lw="$lw" -v lh="$lh" -v c=$((at % cols)) -v r=$((at / cols)) \
			'BEGIN { f = 300 / 25.4; printf "%d %d %d %d", (ml + c * px) * f,
			(mt + r * py) * f, lw * f, lh * f }')
		pdftoppm -r 300 -f $page -l $page -x "$1" -y "$2" -W "$3" -H "$4" \
			-png "$pdf" "cell" 2>/dev/null
		decode cell-*.png
		rm -f cell-*.png
		k=$((k + 1))
	done
}

t_begin 'every PNG decodes to its tag, and pngcheck passes'
t_run 0 lend label --all --format png -o png
t_eq "$(cat tags.txt)" "$(decode $(sed 's|.*|png/&.png|' tags.txt))"
t_eq 0 "$(pngcheck -q png/*.png >/dev/null 2>&1; echo $?)"
t_eq '300 dpi' "$(pngcheck -v png/RTL-00001.png | sed -n 's/.*\(300 dpi\).*/\1/p')"

t_begin 'every SVG, rendered, decodes to its tag'
t_run 0 lend label --all --format svg -o svg
for t in $(cat tags.txt); do
	rsvg-convert -d 300 -p 300 "svg/$t.svg" -o "svg/$t.png"
done
t_eq "$(cat tags.txt)" "$(decode $(sed 's|.*|svg/&.png|' tags.txt))"
grep -q '<text[^>]*>ABCDEFGHIJKLMNOPQRSTUVWXYZ012345</text>' \
	svg/ABCDEFGHIJKLMNOPQRSTUVWXYZ012345.svg || t_diag 'SVG holds no tag text'

# sheets WANT: every cell of an L7160 and an L7651 sheet decodes to WANT,
# in sheet order.
sheets() {
	t_run 0 lend label --all --template avery-l7160 -o l7160-$1.pdf
	t_eq 2 "$(pdfinfo l7160-$1.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')"
	t_eq "$2" "$(cells l7160-$1.pdf 7.25 15.15 66.04 38.1 63.5 38.1 3 21 30)"
	t_run 0 lend label --all --template avery-l7651 -o l7651-$1.pdf
	t_eq "$2" "$(cells l7651-$1.pdf 4.75 10.7 40.64 21.2 38.1 21.2 5 65 30)"
}

t_begin 'every cell of L7160 and L7651 sheets decodes, in sheet order'
sheets tag "$(cat tags.txt)"

t_begin 'with a URL template, every PNG, SVG and sheet cell decodes to its URL'
lend settings set label.url 'https://lend.example.org/d/{tag}'
t_run 0 lend label --all --format png -o png-url
t_eq "$(url)" "$(decode $(sed 's|.*|png-url/&.png|' tags.txt))"
t_run 0 lend label --all --format svg -o svg-url
for t in $(cat tags.txt); do
	rsvg-convert -d 300 -p 300 "svg-url/$t.svg" -o "svg-url/$t.png"
done
t_eq "$(url)" "$(decode $(sed 's|.*|svg-url/&.png|' tags.txt))"
sheets url "$(url)"

t_begin 'Brother and Dymo labels decode at 203 dpi'
for tpl in brother-dk-22205 brother-dk-11204 dymo-11354; do
	t_run 0 lend label --all --template $tpl -o $tpl.pdf
	pdftoppm -r 203 -png $tpl.pdf $tpl 2>/dev/null
	t_eq "$(url)" "$(decode $tpl-*.png)"
done

# tag_cells PDF: for each tag word on page 1, the cell of an L7160 sheet
# its box lies wholly inside (or 'outside').
tag_cells() {
	pdftotext -f 1 -l 1 -bbox "$1" - 2>/dev/null |
	sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\([^<]*\)<.*/\1 \2 \3 \4 \5/p' |
	grep -F -w -f tags.txt |
	awk '{ f = 25.4 / 72; x0 = $1 * f; y0 = $2 * f; x1 = $3 * f; y1 = $4 * f
		c = int((x0 - 7.25) / 66.04); r = int((y0 - 15.15) / 38.1)
		cx = 7.25 + c * 66.04; cy = 15.15 + r * 38.1
		if (x0 >= cx && x1 <= cx + 63.5 && y0 >= cy && y1 <= cy + 38.1)
			print $5, r * 3 + c + 1
		else
			print $5, "outside" }'
}

t_begin 'on an L7160 sheet each tag lies inside its template cell'
lend settings set label.url ''
t_run 0 lend label --all -o cells.pdf
tag_cells cells.pdf | sort -k2 -n > got.txt
head -21 tags.txt | awk '{print $0, NR}' > want.txt
t_eq "$(cat want.txt)" "$(cat got.txt)"

t_begin '--start 5 puts the first label in cell 5'
t_run 0 lend label --all --start 5 -o start.pdf
t_eq "$(head -1 tags.txt) 5" "$(tag_cells start.pdf | sort -k2 -n | head -1)"
t_eq 30 "$(pdftotext -bbox start.pdf - 2>/dev/null | sed -n 's/.*">\([^<]*\)<\/word>/\1/p' |
	grep -c -x -F -f tags.txt)"

t_begin 'a printer offset moves the whole layout'
lend settings set label.offset_x_mm 2
lend settings set label.offset_y_mm -1.5
t_run 0 lend label RTL-00001 -o offset.pdf
lend settings set label.offset_x_mm 0
lend settings set label.offset_y_mm 0
t_run 0 lend label RTL-00001 -o plain.pdf
a=$(pdftotext -bbox offset.pdf - 2>/dev/null | grep '>RTL-00001<' | sed 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*/\1 \2/')
b=$(pdftotext -bbox plain.pdf - 2>/dev/null | grep '>RTL-00001<' | sed 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*/\1 \2/')
t_eq '2.0 -1.5' "$(echo "$a $b" | awk '{ f = 25.4 / 72; printf "%.1f %.1f", ($1 - $3) * f, ($2 - $4) * f }')"
t_eq '595.276 x 841.89' "$(pdfinfo plain.pdf 2>/dev/null | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p')"

t_begin 'bad templates are refused naming the file, the line and the key'
printf 'name = X\npage_width_mm = 210\n' > missing.label
t_refuse 1 "lend: label: 'missing.label': missing key 'page_height_mm'" \
	lend label RTL-00001 --template missing.label -o bad.pdf
sed 's/^label_width_mm = 63.5/label_width_mm = -63.5/' "$LEND_TOP/labels/avery-l7160.label" > negative.label
t_refuse 1 "lend: label: 'negative.label' line 5: key 'label_width_mm': '-63.5' must be a positive length, at most 5000 mm" \
	lend label RTL-00001 --template negative.label -o bad.pdf
sed 's/^columns = 3/columns = 4/' "$LEND_TOP/labels/avery-l7160.label" > wide.label
t_refuse 1 "lend: label: 'wide.label' line 7: key 'columns': 4 labels of 63.5 mm from 7.25 mm do not fit a page 210 mm wide" \
	lend label RTL-00001 --template wide.label -o bad.pdf
{ cat "$LEND_TOP/labels/avery-l7160.label"; echo 'colour = red'; } > unknown.label
t_refuse 1 "lend: label: 'unknown.label' line 17: unknown key 'colour'" \
	lend label RTL-00001 --template unknown.label -o bad.pdf
t_refuse 1 "lend: label: unknown template 'avery-l9999' (known: avery-l7160, avery-l7163, avery-l7173, avery-l7651, brother-dk-11204, brother-dk-22205, dymo-11354)" \
	lend label RTL-00001 --template avery-l9999 -o bad.pdf
t_eq no "$(test -e bad.pdf && echo yes || echo no)"

t_begin 'no template value reaches libharu to be refused there (issue 18)'
# libharu draws pages of 3 to 14400 points and fonts up to 600 points; a
# template past them was refused as "pdf: libharu error 0x1054".
sed 's/^page_width_mm = 210/page_width_mm = 6000/' "$LEND_TOP/labels/avery-l7160.label" > huge.label
t_refuse 1 "lend: label: 'huge.label' line 3: key 'page_width_mm': '6000' must be 2 to 5000 mm" \
	lend label RTL-00001 --template huge.label -o bad.pdf
sed 's/^text_font_pt = .*/text_font_pt = 1000/' "$LEND_TOP/labels/avery-l7160.label" > font.label
t_refuse 1 "lend: label: 'font.label' line 16: key 'text_font_pt': '1000' must be 1 to 600 pt" \
	lend label RTL-00001 --template font.label -o bad.pdf
{ cat "$LEND_TOP/labels/avery-l7160.label"; echo 'printer_dpi = 300.5'; } > dpi.label
t_refuse 1 "lend: label: 'dpi.label' line 17: key 'printer_dpi': '300.5' must be a whole number from 1 to 10000" \
	lend label RTL-00001 --template dpi.label -o bad.pdf
{ cat "$LEND_TOP/labels/avery-l7160.label"; echo 'columns = 2'; } > twice.label
t_refuse 1 "lend: label: 'twice.label' line 17: key 'columns' is given again (first on line 7)" \
	lend label RTL-00001 --template twice.label -o bad.pdf
printf 'name = A\0B\n' > nul.label
t_refuse 1 "lend: label: 'nul.label' line 1: holds a NUL byte" \
	lend label RTL-00001 --template nul.label -o bad.pdf
sed "s/^name = .*/name = Ann$(printf '\033')[31m/" "$LEND_TOP/labels/avery-l7160.label" > esc.label
t_refuse 1 "lend: label: 'esc.label' line 2: key 'name': 'Ann\\x1b[31m' is not one line of printable text" \
	lend label RTL-00001 --template esc.label -o bad.pdf
t_eq no "$(test -e bad.pdf && echo yes || echo no)"

t_begin 'a template file past 64 kB is refused naming the file, the limit and the size'
{ cat "$LEND_TOP/labels/avery-l7160.label"; head -c 70000 /dev/zero | tr '\0' '#'; } > big.label
size=$(wc -c < big.label | tr -d ' ')
t_refuse 1 "lend: label: 'big.label' is $size bytes long, at most 65536" \
	lend label RTL-00001 --template big.label -o bad.pdf
t_refuse 1 "lend: label: '/dev/zero' holds more than 65536 bytes" \
	lend label RTL-00001 --template /dev/zero -o bad.pdf
t_eq no "$(test -e bad.pdf && echo yes || echo no)"

t_begin 'other refusals: unknown device, no selection, unwritable path'
t_refuse 1 "lend: label: device 'NOPE' not found" lend label NOPE -o bad.pdf
t_refuse 1 "lend: label: no devices chosen (give tags, --all, --member or --since)" \
	lend label -o bad.pdf
t_refuse 2 "lend: label: -o PATH is required" lend label RTL-00001
t_run 1 lend label RTL-00001 -o /nonexistent/dir/x.pdf
grep -q "^lend: file: cannot write '/nonexistent/dir/x.pdf'" "$T_ERR" ||
	t_diag "unwritable: $(cat "$T_ERR")"
t_eq '' "$(ls ./*.tmp-* ./.lend-tmp-* 2>/dev/null)"

t_begin 'label --templates lists the shipped layouts with their sizes'
t_run 0 lend label --templates --json
t_eq 'avery-l7160 63.5x38.1 21|avery-l7651 38.1x21.2 65|dymo-11354 57x32 1' \
	"$(jq -r '.[] | select(.name == "avery-l7160" or .name == "avery-l7651" or .name == "dymo-11354") | "\(.name) \(.label_mm) \(.per_page)"' "$T_OUT" | paste -sd'|')"

t_begin 'qpdf --check passes on every PDF, pngcheck on every PNG made'
for f in *.pdf; do
	qpdf --check "$f" >/dev/null 2>&1 || t_diag "qpdf --check fails on $f"
done
t_eq 60 "$(ls png/*.png png-url/*.png | wc -l | tr -d ' ')"
pngcheck -q png/*.png png-url/*.png >/dev/null 2>&1 || t_diag 'pngcheck fails'
