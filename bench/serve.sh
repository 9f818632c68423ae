#!/bin/sh
# The desk under load (issue 16), called by bench/run.sh: wrk on 127.0.0.1,
# 16 connections (a thread and a login each) for 10 s, each a desk posting
# scan lines to lend serve as its JavaScript queue does: a borrower's card,
# two tags (checked out), "done", the two tags again (checked in), then the
# next two devices.  Its baseline is bench/scan_pairs: the same lines
# through the library's scan step in one process, on a copy of the same
# database.  Then a desk page GET, 16 connections for 5 s.  Prints
# "figure" lines and "bar serve-scan-vs-lib RATIO >= 0.50 ok|short".
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
LEND=$build/lend
dir=$(mktemp -d)
. "$top/tests/browser/serve.sh"
trap 'serve_stop || true; rm -rf "$dir"' EXIT

if ! command -v wrk >/dev/null; then
	echo "# wrk is not installed (Debian package wrk): the desk's bench is skipped"
	exit 0
fi

# Sixteen borrowers at one hub, a staff user with a password, 1,000
# devices per desk: more than 10 s of scanning can use, since each comes
# back to quarantine.
export LEND_DB="$dir/serve.db" LEND_USER=ada
"$LEND" init --consortium Bench --prefix BEN --admin ada >/dev/null
"$LEND" member add RBH Member >/dev/null
"$LEND" site add HUB --member RBH Hub >/dev/null
"$LEND" user add sam --member RBH --role staff >/dev/null
echo 'bench password' | "$LEND" user passwd sam
"$LEND" settings set loan.limit 10
d=1
while [ $d -le 16 ]; do
	"$LEND" borrower add --name "Desk $d" --postcode OL11 --member RBH \
		--consent >/dev/null
	d=$((d + 1))
done
awk 'BEGIN { print "tag,kind,make,model,serial,member,site,purchased,cost"
	for (d = 1; d <= 16; d++)
		for (i = 1; i <= 1000; i++)
			printf "P%02d-%04d,tablet,Acme,Tab,,RBH,HUB,,\n", d, i
}' > "$dir/devices.csv"
"$LEND" import devices "$dir/devices.csv" >/dev/null
cp "$LEND_DB" "$dir/lib1.db"
cp "$LEND_DB" "$dir/lib2.db"

# The baseline, alone on the machine, 5 s before the server's run and 5 s
# after it: the faster of the two counts, since the cost of an fsync here
# moves with what else the machine writes.
baseline() {
	"$top/bench/scan_pairs" "$dir/lib$1.db" sam 5 | cut -d' ' -f1
}
lib_before=$(baseline 1)

serve_start "$LEND" "$LEND_DB" "$dir/serve.log" || {
	echo "# lend serve did not start:"
	sed 's/^/#   /' "$dir/serve.log"
	exit 1
}

# Sixteen logins, each "COOKIE CSRF": the login form's hidden fields sent
# back with the name and password, then the desk page's csrf field.
python3 - "$SERVE_URL" sam 'bench password' 16 > "$dir/sessions" <<'PY'
import re, sys, urllib.parse, urllib.request
url, name, password, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a):
        return None
opener = urllib.request.build_opener(NoRedirect)
def get(path, cookies):
    req = urllib.request.Request(url + path, headers={"Cookie": "; ".join(cookies)})
    try:
        r = opener.open(req)
    except urllib.error.HTTPError as e:
        r = e
    return r, r.read().decode()
def csrf_of(page):
    m = re.search(r'name="csrf"[^>]*value="([0-9a-f]+)"', page) or \
        re.search(r'value="([0-9a-f]+)"[^>]*name="csrf"', page)
    return m.group(1) if m else ""
for _ in range(n):
    r, page = get("/login", [])
    cookies = [c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or []]
    form = {"name": name, "password": password}
    token = csrf_of(page)
    if token:
        form["csrf"] = token
    req = urllib.request.Request(url + "/login", data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": "; ".join(cookies), "Origin": url, "Sec-Fetch-Site": "same-origin"})
    try:
        r = opener.open(req)
    except urllib.error.HTTPError as e:
        r = e
    session = [c.split(";")[0] for c in r.headers.get_all("Set-Cookie") or []
               if c.startswith("__Host-lend=")]
    if not session:
        sys.exit("login refused: status %d" % r.status)
    r, page = get("/desk", session)
    if not csrf_of(page):
        sys.exit("no csrf field on /desk (status %d)" % r.status)
    print(session[0], csrf_of(page))
PY

cat > "$dir/scan.lua" <<'LUA'
-- One desk per thread: its session, its borrower and its devices.
local sessions = {}
for l in io.lines(os.getenv("SESSIONS")) do
	local c, t = l:match("^(%S+) (%S+)$")
	sessions[#sessions + 1] = { c, t }
end
local threads = {}

function setup(thread)
	local n = #threads + 1
	thread:set("desk", n)
	thread:set("cookie", sessions[n][1])
	thread:set("csrf", sessions[n][2])
	threads[n] = thread
end

function init(args)
	cycle, step, errors, first = 0, 0, 0, ""
	wrk.headers["Cookie"] = cookie
	wrk.headers["X-CSRF"] = csrf
	wrk.headers["Accept"] = "application/json"
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	wrk.headers["Origin"] = os.getenv("SERVE_URL")
	wrk.headers["Sec-Fetch-Site"] = "same-origin"
end

-- The line of this desk's (cycle, step); the step moves on with each
-- answer, not each request() call: wrk asks for one request it never
-- sends, and a sequence moved on by it would start with a tag.
function request()
	local pair, line = 2 * cycle + 1
	if step == 0 then
		line = string.format("B-%06d", desk)
	elseif step == 1 or step == 4 then
		line = string.format("P%02d-%04d", desk, pair)
	elseif step == 2 or step == 5 then
		line = string.format("P%02d-%04d", desk, pair + 1)
	else
		line = "done"
	end
	return wrk.format("POST", "/desk/scan", nil, "line=" .. line .. "&csrf=" .. csrf)
end

function response(status, headers, body)
	local kind = body:match('"kind"%s*:%s*"(%a+)"')
	if status ~= 200 or kind == nil or kind == "error" then
		errors = errors + 1
		if first == "" then
			first = status .. " " .. body:sub(1, 200):gsub("%s+", " ")
		end
	end
	step = step + 1
	if step == 6 then
		step, cycle = 0, cycle + 1
	end
end

function done(summary, latency, requests)
	local errs = summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout
	for _, t in ipairs(threads) do
		errs = errs + t:get("errors")
		if t:get("first") ~= "" then
			io.write("first-error ", t:get("first"), "\n")
		end
	end
	io.write(string.format("rate %.1f\n", summary.requests / (summary.duration / 1e6)))
	io.write(string.format("p50 %.2f\n", latency:percentile(50) / 1000))
	io.write(string.format("p99 %.2f\n", latency:percentile(99) / 1000))
	io.write(string.format("errors %d\n", errs))
end
LUA

cat > "$dir/get.lua" <<'LUA'
-- The desk page, as a browser asks for it.
function init(args)
	local l = io.lines(os.getenv("SESSIONS"))()
	wrk.headers["Cookie"] = l:match("^(%S+)")
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("p99 %.2f\n", latency:percentile(99) / 1000))
	io.write(string.format("errors %d\n", e.connect + e.read + e.write +
		e.timeout + e.status))
end
LUA

export SESSIONS="$dir/sessions" SERVE_URL
wrk -t16 -c16 -d10s -s "$dir/scan.lua" "$SERVE_URL/desk/scan" > "$dir/scan.out"
wrk -t2 -c16 -d5s -s "$dir/get.lua" "$SERVE_URL/desk" > "$dir/get.out"
serve_stop || echo "# lend serve did not stop cleanly"
lib_after=$(baseline 2)
lib_rate=$(awk -v a="$lib_before" -v b="$lib_after" 'BEGIN { print (a + 0 > b + 0 ? a : b) }')
echo "figure serve-scan-lib-baseline $lib_rate lines_per_s"

grep '^first-error' "$dir/scan.out" | head -n 3 | sed 's/^/# /'
val() {
	sed -n "s/^$1 //p" "$2"
}
rate=$(val rate "$dir/scan.out")
echo "figure serve-scan-throughput $rate lines_per_s"
echo "figure serve-scan-p50 $(val p50 "$dir/scan.out") ms"
echo "figure serve-scan-p99 $(val p99 "$dir/scan.out") ms"
echo "figure serve-scan-errors $(val errors "$dir/scan.out") count"
echo "figure serve-desk-get-p99 $(val p99 "$dir/get.out") ms"
echo "figure serve-desk-get-errors $(val errors "$dir/get.out") count"
# Errors make the bar short whatever the rate: a lost scan is no speed.
awk -v a="$rate" -v b="$lib_rate" -v e="$(val errors "$dir/scan.out")" 'BEGIN {
	r = a / b
	ok = (r >= 0.5 && e == 0) ? "ok" : "short"
	printf "bar serve-scan-vs-lib %.2f >= 0.50 %s\n", r, ok }'
