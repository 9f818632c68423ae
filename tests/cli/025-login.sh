# Logins and the signature of the browser desk (issue 16): passwords from
# standard input, users disabled and enabled, the last enabled admin; a
# signature drawn at the desk stored with its loan and drawn on the
# agreement, bad images refused with nothing changed, and erasure taking
# the image while the event keeps only its hash.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry

# png W H [ROWS]: a signature-like RGBA PNG, a black stroke on clear, its
# data holding ROWS rows (H unless given), each chunk's CRC right.
png() {
	python3 - "$@" <<'PY'
import struct, sys, zlib
w, h = int(sys.argv[1]), int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else h
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
rows = b''
for y in range(n):
    row = bytearray(4 * w)
    for x in range(w):
        if abs(y - h // 2 - (x % 40 - 20) // 2) < 2:
            row[4 * x + 3] = 255
    rows += b'\0' + bytes(row)
sys.stdout.buffer.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR',
    struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0)) +
    chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
PY
}

t_begin 'a password from standard input, kept only as its hash'
echo 'correct horse battery' >pw
echo short >short
echo 'long enough' >long
t_run 0 lend user passwd sam <pw
t_eq '$argon2id$' "$(sqlite3 "$LEND_DB" "SELECT substr(password_hash, 1, 10) FROM app_user WHERE name = 'sam'")"
t_dump | grep -q 'correct horse' && t_diag 'the password is in the store'
t_eq '{"password":"set"}' "$(sqlite3 "$LEND_DB" "SELECT after FROM event WHERE action = 'passwd'")"
t_run 0 lend user show sam --json
t_eq '1 0' "$(jq -r '"\(.has_password) \(.disabled)"' "$T_OUT")"

t_begin 'bad passwords refused, never shown'
t_refuse 1 "lend: user: a password must be 8 to 128 bytes (this one has 5)" \
	lend user passwd sam <short
t_refuse 1 "lend: user: no password on standard input, or a line too long" \
	lend user passwd sam </dev/null
t_refuse 1 "lend: user: user 'sam' may set only their own password" \
	lend --as sam user passwd ada <long
t_refuse 1 "lend: user: user 'nobody' not found" \
	lend user passwd nobody <long
t_run 0 lend --as sam user passwd sam <long

t_begin 'a disabled user acts for nothing; enabled again, they do'
t_run 0 lend user disable sam
t_run 0 lend user list
t_eq 'sam   staff     RBH     1' "$(grep '^sam ' "$T_OUT")"
t_refuse 1 "lend: borrower: user 'sam' is disabled" lend --as sam borrower list
t_refuse 1 "lend: device: user 'sam' is disabled" \
	lend --as sam device add --kind tablet --make A --model B --member RBH --site HUB
t_run 0 lend user disable sam
t_run 0 lend user enable sam
t_run 0 lend --as sam borrower list

t_begin 'the last enabled admin stays'
t_refuse 1 "lend: user: 'ada' is the last enabled admin and may not be disabled" \
	lend user disable ada
t_refuse 1 "lend: user: user 'sam' is a staff and may not disable users" \
	lend --as sam user disable ada
lend user add eve --role admin >/dev/null
t_run 0 lend user disable eve
t_refuse 1 "lend: user: 'ada' is the last admin and must stay one" \
	lend user edit ada --role staff
t_run 0 lend user enable eve
t_run 0 lend user disable ada
t_run 0 lend --as eve user enable ada

lend device add --kind tablet --make Samsung --model 'Galaxy Tab' --member RBH \
	--site HUB >/dev/null                                       # RTL-00001
lend borrower add --name 'Siân Evans' --postcode OL11 --member RBH \
	--consent >/dev/null                                        # B-000001
loan=$(lend checkout B-000001 RTL-00001)
png 600 200 >sig.png
png 1201 100 >wide.png
png 300 401 >tall.png
head -c 100 sig.png >cut.png
png 600 200 199 >short.png
printf 'GIF89a not a png at all, not at all, no' >gif.png
python3 -c "import sys; sys.stdout.buffer.write(open('sig.png','rb').read() + b'\0' * 210000)" >big.png
sha=$(sha256sum sig.png | cut -d' ' -f1)

t_begin 'bad images refused with nothing changed'
t_refuse 1 "lend: sign: the signature is not a PNG image" \
	lend loan sign "$loan" --image gif.png
t_refuse 1 "lend: sign: the signature image is 1201 x 100 pixels; at most 1200 x 400" \
	lend loan sign "$loan" --image wide.png
t_refuse 1 "lend: sign: the signature image is 300 x 401 pixels; at most 1200 x 400" \
	lend loan sign "$loan" --image tall.png
t_refuse 1 "lend: sign: the signature image has $(stat -c %s big.png) bytes; at most 204800 (200 KB)" \
	lend loan sign "$loan" --image big.png
t_refuse 1 "lend: sign: the signature PNG image cannot be read" \
	lend loan sign "$loan" --image cut.png
t_refuse 1 "lend: sign: the signature PNG image cannot be read" \
	lend loan sign "$loan" --image short.png
t_refuse 1 "lend: sign: loan 'L-999999' not found" \
	lend loan sign L-999999 --image sig.png
t_refuse 1 "lend: sign: user 'fred' is a funder and may not record signatures" \
	lend --as fred loan sign "$loan" --image sig.png

t_begin 'out of scope is not found'
t_refuse 1 "lend: sign: user 'cara' is a champion and may not record signatures" \
	lend --as cara loan sign "$loan" --image sig.png
lend user add lou --member LIB --role staff >/dev/null
t_refuse 1 "lend: sign: loan '$loan' not found" \
	lend --as lou loan sign "$loan" --image sig.png

t_begin 'a signature stored with the loan and drawn on the agreement'
lend agreement "$loan" -o before.pdf
t_eq 0 "$(pdfimages -list before.pdf | tail -n +3 | wc -l)"
t_run 0 lend --as sam loan sign "$loan" --image sig.png
t_eq "$sha" "$(sqlite3 "$LEND_DB" 'SELECT sha256 FROM loan_signature')"
t_eq "$(stat -c %s sig.png)" "$(sqlite3 "$LEND_DB" 'SELECT length(png) FROM loan_signature')"
t_run 0 lend agreement "$loan" -o after.pdf
t_eq '600 200' "$(pdfimages -list after.pdf | awk 'NR > 2 && $3 == "image" { print $4, $5 }')"
t_run 0 lend loan show "$loan"
grep -q 'signed 20' "$T_OUT" || t_diag 'the loan does not say it was signed'
t_refuse 1 "lend: sign: loan $loan was signed on $(sqlite3 "$LEND_DB" 'SELECT signed_at FROM loan')" \
	lend loan sign "$loan" --image sig.png

t_begin 'erasure takes the image; the event keeps only its hash'
lend checkin RTL-00001 >/dev/null
t_run 0 lend borrower forget B-000001 --yes
t_eq 0 "$(sqlite3 "$LEND_DB" 'SELECT count(*) FROM loan_signature')"
sign_event=$(sqlite3 "$LEND_DB" "SELECT after FROM event WHERE action = 'sign'")
case $sign_event in
*"\"signature_sha256\":\"$sha\""*) ;;
*) t_diag "the signing's event has no hash: $sign_event" ;;
esac
t_eq 0 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM event WHERE after LIKE '%PNG%' OR after LIKE '%89504E47%'")"
t_run 0 lend agreement "$loan" -o erased.pdf
t_eq 0 "$(pdfimages -list erased.pdf | tail -n +3 | wc -l)"
t_run 0 lend doctor


t_begin 'migrate-store copies sessions and signature images to PostgreSQL'
if [ -z "$T_PG" ]; then
	t_name="$t_name # skip on SQLite: it needs the suite's PostgreSQL cluster"
else
	f=$T_DIR/file.db
	lend --db "$f" init --consortium C --prefix RTL --admin ada >/dev/null
	lend --db "$f" member add RBH R >/dev/null
	lend --db "$f" site add HUB --member RBH Hub >/dev/null
	lend --db "$f" device add --kind tablet --make A --model B --member RBH \
		--site HUB >/dev/null
	lend --db "$f" borrower add --name 'Siân' --postcode OL11 --member RBH \
		--consent >/dev/null
	lend --db "$f" checkout B-000001 RTL-00001 >/dev/null
	lend --db "$f" loan sign L-000001 --image sig.png
	lend --db "$f" user passwd ada <pw
	"$LEND_PG_BIN/createdb" -h "$LEND_TEST_PG" -U postgres -O lend "${T_PG}_m"
	to="postgresql:///${T_PG}_m?host=$LEND_TEST_PG&user=lend"
	t_run 0 lend migrate-store --from "$f" --to "$to"
	t_eq "$sha" "$(lend --db "$to" agreement L-000001 -o m.pdf && pdfimages -list m.pdf >/dev/null && "$LEND_PG_BIN/psql" -X -At -h "$LEND_TEST_PG" -U lend -d "${T_PG}_m" -c "SELECT encode(sha256(png), 'hex') FROM loan_signature")"
	t_eq '600 200' "$(pdfimages -list m.pdf | awk 'NR > 2 && $3 == "image" { print $4, $5 }')"
	"$LEND_PG_BIN/dropdb" -h "$LEND_TEST_PG" -U postgres --force "${T_PG}_m"
fi
