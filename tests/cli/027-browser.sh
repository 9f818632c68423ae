# The browser desk end to end (issue 16): lend serve on a free loopback
# port with a small consortium whose users have passwords, driven in
# Debian's headless Chromium by playwright-core (tests/browser/*.mjs):
# the desk's work, every page checked by axe-core in English and Welsh,
# then the attacks, last since the eleventh wrong password slows the
# address for what follows.  Skipped where Chromium or the npm packages
# are missing (scripts/deps.sh installs both, as CI does).
. "$LEND_TOP/tests/cli/lib.sh"
. "$LEND_TOP/tests/browser/serve.sh"
browser=$LEND_TOP/tests/browser

t_begin 'the desk in a browser'
if t_sqlite_only 'the tests read the SQLite file beside the server'; then
	exit 0
fi
why=
[ -x /usr/bin/chromium ] || why='no /usr/bin/chromium (Debian package chromium)'
command -v node >/dev/null || why='no node (Debian package nodejs)'
[ -d "$browser/node_modules/playwright-core" ] &&
	[ -d "$browser/node_modules/axe-core" ] ||
	why=${why:-'no tests/browser/node_modules (scripts/deps.sh runs npm ci)'}
if [ -n "$why" ]; then
	t_name="$t_name # skip: $why"
	exit 0
fi

# Two members, a staff user of each, two champions with logins (chloe
# supports Siân and the borrower whose name is an attack; colin supports
# someone else), a funder; a kit, a laptop waited for, two loans.
t_registry
lend settings set loan.limit 10
lend user add lena --member LIB --role staff >/dev/null
lend champion add --name 'Chloe Evans' --member RBH --user chloe >/dev/null
lend champion add --name 'Colin Ward' --member RBH --user colin >/dev/null
for u in ada sam lena chloe colin fred; do
	echo "$u desk password" | lend user passwd "$u" ||
		t_diag "lend user passwd $u failed"
done
for i in 1 2 3; do
	lend device add --kind tablet --make Samsung --model 'Galaxy Tab A9' \
		--member RBH --site HUB >/dev/null
done
lend device add --kind laptop --make Lenovo --model 'IdeaPad 1' \
	--member RBH --site HUB >/dev/null
lend device add --kind tablet --make Lenovo --model 'Tab M10' \
	--member LIB --site CEN >/dev/null
lend device add --kind tablet --make Lenovo --model 'Tab M10' \
	--member RBH --site HUB >/dev/null
for t in KIT-1 KIT-1A KIT-1B; do
	lend device add --tag $t --kind accessory --make Anker --model 'Kit' \
		--member RBH --site HUB >/dev/null
done
lend kit add KIT-1 KIT-1A KIT-1B >/dev/null
lend borrower add --name 'Siân Prys-Ŵynne' --postcode OL11 \
	--member RBH --language cy --consent >/dev/null
lend borrower add --name '<img src=x onerror=alert(1)>' --postcode OL12 \
	--member RBH --consent >/dev/null
lend borrower add --name 'Hodan Warsame' --postcode OL16 --member RBH \
	--consent >/dev/null
lend support assign B-000001 C-0001
lend support assign B-000002 C-0001
lend support assign B-000003 C-0002
lend checkout B-000002 RTL-00003 RTL-00004 >/dev/null
lend checkout B-000001 RTL-00006 >/dev/null
lend hold add B-000003 --kind laptop >/dev/null
[ "$(lend loan list --json | jq -r '[.[].ref] | sort | join(" ")')" = 'L-000001 L-000002' ] ||
	t_diag "the fixture's loans are not L-000001 and L-000002"

if ! serve_start "$LEND" "$LEND_DB" serve.log; then
	t_diag 'lend serve did not answer /healthz within 15 s'
	sed 's/^/#   serve: /' serve.log
	serve_stop
	exit 1
fi
export LEND_URL=$SERVE_URL LEND_TMP=$T_DIR/browser
mkdir -p "$LEND_TMP"
# Each script prints its own "ok - "/"not ok - " lines; all of them in
# under about three minutes.
for s in desk a11y attacks; do
	(cd "$browser" && timeout 150 node "$s.mjs") ||
		t_diag "tests/browser/$s.mjs exited $?"
	# A server that died is a failure; the next script gets a new one, so
	# that one crash does not hide what the rest would find.
	serve_alive && continue
	serve_stop
	t_diag "lend serve died during $s.mjs (exit $?): $(tail -n 1 serve.log)"
	cat serve.log >> serve-dead.log
	serve_start "$LEND" "$LEND_DB" serve.log || break
	LEND_URL=$SERVE_URL
done
serve_stop || t_diag "lend serve exited $? on SIGTERM"
cat serve.log >> serve-dead.log && mv serve-dead.log serve.log
grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' serve.log |
	sed 's/^/#   serve: /' | grep . && t_diag 'the sanitizers found something'
# The log: one line a request, no personal data.
grep -n -e 'Siân' -e 'Prys' -e 'onerror' -e 'desk password' serve.log |
	sed 's/^/#   serve log: /' | grep . && t_diag 'personal data in the log'
[ -z "${T_KEEP:-}" ] || cp serve.log "$T_KEEP/"
