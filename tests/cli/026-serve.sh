# The browser desk's server at the HTTP level (issue 16): lend serve on a
# free loopback port and a temporary database, driven by curl.  Headers on
# every answer, logins, CSRF and cross-origin POSTs refused with nothing
# changed, no page without a session, scope (a funder, staff of another
# member) answered exactly as a missing ref, hostile values inert, an
# oversized body refused unread, /healthz, and a clean stop.  The browser
# tests are 027 on.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry
lend user add tom --member LIB --role staff >/dev/null
for u in ada sam tom fred; do
	echo "password-of-$u" | lend user passwd "$u" || exit 1
done
lend device add --kind tablet --make Samsung --model Tab --member RBH \
	--site HUB >/dev/null
lend borrower add --name '<img src=x onerror=alert(1)>' --postcode OL11 \
	--member RBH --consent >/dev/null

t_begin 'a non-loopback address without TLS is refused'
t_run 2 lend serve --listen 0.0.0.0:0
t_eq "lend: serve: address '0.0.0.0:0' is not loopback: give --tls-cert and --tls-key" "$(cat "$T_ERR")"

# Uploads a server that died left behind: the one older than the idle
# timeout goes when the next server starts.
mkdir uploads
touch -d '2 hours ago' uploads/lend-import-old
touch uploads/lend-import-new
# $LEND itself, not the lend function: $! must be the server, which lend
# serve execs.
TMPDIR=$PWD/uploads "$LEND" serve --listen 127.0.0.1:0 >/dev/null \
	2>serve.log </dev/null &
srv=$!
trap 'kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; t_finish' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	port=$(sed -n 's|^lend serve: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' serve.log 2>/dev/null)
	[ -n "$port" ] && break
	sleep 0.25
done
U=http://127.0.0.1:$port

# get PATH [CURL ARGS...]: the body in $T_OUT, the headers in hdr, the
# status in $code.
get() {
	p=$1
	shift
	code=$(curl -s -o "$T_OUT" -D hdr -w '%{http_code}' "$@" "$U$p")
}
header() {
	tr -d '\r' <hdr | sed -n "s/^$1: //Ip"
}
# login NAME PASSWORD: the session's token; $code is set by status.
login() {
	get /login -d "name=$1&password=$2"
	tr -d '\r' <hdr | sed -n 's/^Set-Cookie: __Host-lend=\([0-9a-f]*\);.*/\1/p'
}
# What a refused POST must leave as it was: every event, borrower and loan.
# (Not the whole store: a session's last use moves with each request.)
state() {
	sqlite3 "$LEND_DB" "SELECT (SELECT count(*) FROM event) || ' ' ||
		(SELECT count(*) FROM borrower) || ' ' || (SELECT count(*) FROM loan)
		|| ' ' || (SELECT max(name) FROM borrower)"
}
status() {
	code=$(head -1 hdr | cut -d' ' -f2)
}

t_begin "an import's upload left by a server that died is removed"
t_eq 'lend-import-new' "$(ls uploads)"

t_begin 'healthz answers without a session'
get /healthz
t_eq '200 ok' "$code $(cat "$T_OUT")"

t_begin 'every answer carries the headers DESK.md lists'
get /login
t_eq 200 "$code"
t_eq "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" "$(header Content-Security-Policy)"
t_eq nosniff "$(header X-Content-Type-Options)"
t_eq same-origin "$(header Referrer-Policy)"
t_eq DENY "$(header X-Frame-Options)"
t_eq no-store "$(header Cache-Control)"
grep -q '<input id="f-name" name="name"' "$T_OUT" || t_diag 'no name field'
grep -q 'name="password"' "$T_OUT" || t_diag 'no password field'

t_begin 'no page without a session'
for p in /desk /borrowers /borrowers/B-000001 /loans/L-000001/slip.pdf \
	/admin/users /reports /no-such-page; do
	get "$p"
	t_eq "303 /login" "$code $(header Location)"
done
get /desk/scan -H 'Accept: application/json' -d line=B-000001
t_eq 401 "$code"

t_begin 'a wrong password is refused with no cookie, and logged without it'
get /login -d 'name=sam&password=wrong-password'
t_eq 403 "$code"
t_eq '' "$(header Set-Cookie)"
grep -q 'wrong-password' serve.log && t_diag 'the password is in the log'

t_begin 'a login sets the __Host- cookie: HttpOnly, SameSite=Strict, Secure'
sam=$(login sam password-of-sam)
status
t_eq 64 "${#sam}"
t_eq '303 /desk' "$code $(header Location)"
header Set-Cookie | grep -q '; Path=/; HttpOnly; SameSite=Strict; Secure$' ||
	t_diag "cookie: $(header Set-Cookie)"
S="Cookie: __Host-lend=$sam"
get /desk -H "$S"
t_eq 200 "$code"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T_OUT" | head -1)
t_eq 64 "${#csrf}"
grep -q '<form id="scan" method="post" action="/desk/scan">' "$T_OUT" ||
	t_diag 'no scan form'
grep -q '<input id="line" name="line" autofocus' "$T_OUT" || t_diag 'no box'
grep -q '<ol id="log" aria-live="polite"' "$T_OUT" || t_diag 'no log'

t_begin 'a POST without the CSRF token, or with a wrong one, changes nothing'
before=$(state)
get /desk/scan -H "$S" -d line=B-000001
t_eq 403 "$code"
get /desk/scan -H "$S" -d "line=B-000001&csrf=$(echo "$csrf" | tr 0-9a-f a-f0-9)"
t_eq 403 "$code"
get /borrowers/new -H "$S" -d 'name=Forged&postcode=OL11&member=RBH'
t_eq 403 "$code"
t_eq "$before" "$(state)"

t_begin 'a POST from another origin changes nothing'
get /borrowers/new -H "$S" -H 'Origin: http://evil.example' \
	-d "name=Forged&postcode=OL11&member=RBH&csrf=$csrf"
t_eq 403 "$code"
get /borrowers/new -H "$S" -H 'Sec-Fetch-Site: cross-site' \
	-d "name=Forged&postcode=OL11&member=RBH&csrf=$csrf"
t_eq 403 "$code"
get /login -H 'Origin: http://evil.example' -d 'name=sam&password=password-of-sam'
t_eq 403 "$code"
t_eq "$before" "$(state)"

# scan LINE: one line through the desk as JSON.
scan() {
	get /desk/scan -H "$S" -H 'Accept: application/json' \
		-H "Origin: $U" -H "X-CSRF: $csrf" --data-urlencode "line=$1"
}

t_begin 'the scan queue: a card, a tag, done; JSON with kind, text, href'
scan B-000001
t_eq 200 "$code"
t_eq 'ok /borrowers/B-000001' "$(jq -r '"\(.kind) \(.href)"' "$T_OUT")"
jq -r .text "$T_OUT" | grep -q '^B-000001: <img src=x onerror=alert(1)>; 0 out' ||
	t_diag "text: $(cat "$T_OUT")"
scan RTL-00001
t_eq 'ok /loans/L-000001' "$(jq -r '"\(.kind) \(.href)"' "$T_OUT")"
scan ''
t_eq "ok B-000001: check-out done, 1 device on L-000001 (scan 'undo' to void it)" \
	"$(jq -r '"\(.kind) \(.text)"' "$T_OUT")"
scan 'RTL-99999'
t_eq error "$(jq -r .kind "$T_OUT")"

t_begin 'hostile values are inert text on the desk, the borrower page and in JSON'
scan '"><script>alert(1)</script>'
grep -q '<script>' "$T_OUT" && t_diag 'raw <script> in the JSON'
for p in /desk /borrowers/B-000001 /borrowers /loans/L-000001; do
	get "$p" -H "$S"
	t_eq 200 "$code"
	grep -q '<img src=x' "$T_OUT" && t_diag "$p: raw <img>"
	grep -q '<script>alert' "$T_OUT" && t_diag "$p: raw <script>"
done
get /desk -H "$S"
grep -q '&lt;img src=x onerror=alert(1)&gt;' "$T_OUT" || t_diag 'name not escaped'
grep -q '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\|"&gt;&lt;script&gt;alert(1)&lt;/script&gt;' "$T_OUT" ||
	t_diag 'scan line not shown escaped'

t_begin 'a device: its label URL lands on its page, which says who has it'
get /d/RTL-00001 -H "$S"
t_eq '302 /devices/RTL-00001' "$code $(header Location)"
get /devices/RTL-00001 -H "$S"
grep -q '<p class="holder">On loan to B-000001 on L-000001, due ' "$T_OUT" ||
	t_diag 'no holder'

t_begin 'PDFs are served inline, personal pages no-store'
get /loans/L-000001/slip.pdf?size=receipt80 -H "$S"
t_eq '200 application/pdf' "$code $(header Content-Type)"
header Content-Disposition | grep -q '^inline' || t_diag 'not inline'
t_eq no-store "$(header Cache-Control)"

t_begin 'staff of another member get the missing-ref page for a borrower'
tom=$(login tom password-of-tom)
T="Cookie: __Host-lend=$tom"
get /borrowers/B-999999 -H "$T"
t_eq 404 "$code"
cp "$T_OUT" missing.html
for p in /borrowers/B-000001 /borrowers/b-1 /borrowers/B-000001/card.pdf; do
	get "$p" -H "$T"
	t_eq 404 "$code"
	cmp -s missing.html "$T_OUT" || t_diag "$p differs from a missing ref's page"
done
get '/borrowers?q=img' -H "$T"
grep -q 'B-000001' "$T_OUT" && t_diag 'found by search'
get /devices/RTL-00001 -H "$T"
t_eq 200 "$code"
grep -q 'B-000001' "$T_OUT" && t_diag 'the holder shown out of scope'

t_begin 'a funder reaches no borrower: the same page as a missing ref'
fred=$(login fred password-of-fred)
t_eq '/reports' "$(header Location)"
F="Cookie: __Host-lend=$fred"
get /borrowers/B-999999 -H "$F"
t_eq 404 "$code"
cp "$T_OUT" missing.html
for p in /borrowers/B-000001 /borrowers /loans/L-000001 \
	/loans/L-000001/agreement.pdf /desk /my/borrowers; do
	get "$p" -H "$F"
	t_eq 404 "$code"
	cmp -s missing.html "$T_OUT" || t_diag "$p differs from a missing ref's page"
done
get /reports/report.json -H "$F"
t_eq 200 "$code"

t_begin 'a body over the limit is answered 413 without being read'
head -c 2000000 /dev/zero | tr '\0' a >big
get /desk/scan -H "$S" -H "Origin: $U" --data-binary @big
t_eq 413 "$code"
get /healthz
t_eq 200 "$code"

t_begin 'the language: a form on every page, remembered in a cookie'
get /lang -H "$S" -H "Origin: $U" -d "lang=cy&back=/desk&csrf=$csrf"
t_eq '303 /desk' "$code $(header Location)"
header Set-Cookie | grep -q '^lang=cy; Path=/' || t_diag "$(header Set-Cookie)"
get /desk -H "$S; lang=cy"
grep -q '<html lang="cy">' "$T_OUT" || t_diag 'not Welsh'
grep -q '<button name="lang" value="en" lang="en">English</button>' "$T_OUT" ||
	t_diag 'no English button'
get /desk -H "$S" -H 'Accept-Language: cy-GB, en;q=0.5'
grep -q '<html lang="cy">' "$T_OUT" || t_diag 'Accept-Language not followed'

t_begin 'the log has a line per request, without query or personal data'
get '/borrowers?q=Secret+Name' -H "$S"
grep -q '^GET /borrowers 200 [0-9]*ms sam$' serve.log || t_diag 'no log line'
grep -q 'Secret\|img src' serve.log && t_diag 'personal data in the log'

# (023-outcome-gift shows the report counting what loan_outcome holds.)
t_begin 'a lone tag checks in, and the desk records the outcomes told (issue 20)'
scan RTL-00001
t_eq ok "$(jq -r .kind "$T_OUT")"
get /desk -H "$S"
grep -q 'name="outcome"' "$T_OUT" || t_diag 'no outcomes form after the check-in'
get /desk/outcome -H "$S" -H "Origin: $U" \
	-d "outcome=digital_skills&outcome=money&csrf=$csrf"
t_eq '303 /desk' "$code $(header Location)"
t_eq 'L-000001 digital_skills
L-000001 money' "$(sqlite3 "$LEND_DB" "SELECT l.ref || ' ' || o.outcome FROM loan_outcome o JOIN loan l ON l.id = o.loan_id ORDER BY o.outcome")"

t_begin 'logins sent with a stale cookie give back every handle they take'
stale="Cookie: __Host-lend=$(printf '%064d' 7)"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	get /login -m 10 -H "$stale" -H "Origin: $U" -d 'name=tom&password=password-of-tom'
	[ "$code" = 303 ] || { t_diag "login $i with a stale cookie: $code"; break; }
done
get /healthz -m 10
t_eq 200 "$code"
get /desk -m 10 -H "$S"
t_eq 200 "$code"

t_begin 'a new password ends the sessions logged in with the old one'
tom=$(login tom password-of-tom)
get /borrowers -H "Cookie: __Host-lend=$tom"
t_eq 200 "$code"
echo 'another-password-of-tom' | lend user passwd tom
sleep 1.2 # the server reads a session again once a second
get /borrowers -H "Cookie: __Host-lend=$tom"
t_eq '303 /login' "$code $(header Location)"

t_begin 'logging out ends the session'
get /logout -H "$S" -H "Origin: $U" -d "csrf=$csrf"
t_eq '303 /login' "$code $(header Location)"
get /desk -H "$S"
t_eq '303 /login' "$code $(header Location)"

t_begin 'the eleventh wrong password in a minute is slowed'
for i in 1 2 3 4 5 6 7 8 9 10; do
	get /login -d 'name=tom&password=not-his-password'
done
t_eq 403 "$code"
start=$(date +%s)
get /login -d 'name=tom&password=not-his-password'
t_eq 403 "$code"
[ $(($(date +%s) - start)) -ge 1 ] || t_diag 'the eleventh was not slowed'

t_begin 'SIGTERM stops the server cleanly'
kill -TERM "$srv"
wait "$srv"
t_eq 0 "$?"
grep -q '^lend serve: stopping$' serve.log || t_diag 'no stop line'
