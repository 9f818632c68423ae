# Helpers for the end-to-end tests: each script runs the real lend binary
# ($LEND) on databases in its own temporary directory.
#
#   t_begin NAME          start a test case; the previous one is reported
#   t_eq EXPECTED ACTUAL  compare two strings
#   t_run CODE CMD...     run CMD, stdout in $T_OUT, stderr in $T_ERR,
#                         and expect exit status CODE
#   t_refuse CODE 'MESSAGE' CMD...
#                         expect CMD to exit CODE with MESSAGE as its one
#                         line of stderr, leaving the database unchanged
#
# T_KEEP=DIR keeps a copy of the test's files there, for a post-mortem.
set -u
: "${LEND:?LEND must name the lend binary}"
: "${LEND_TOP:?LEND_TOP must name the source tree}"

T_DIR=$(mktemp -d)
T_OUT=$T_DIR/stdout
T_ERR=$T_DIR/stderr
t_name=
t_bad=0
cd "$T_DIR" || exit 1
export LEND_DB="$T_DIR/lend.db" LEND_USER=ada
unset LEND_NOW 2>/dev/null || true

t_report() {
	[ -n "$t_name" ] || return 0
	if [ "$t_bad" -eq 0 ]; then
		echo "ok - $t_name"
	else
		echo "not ok - $t_name"
	fi
}

t_begin() {
	t_report
	t_name=$1
	t_bad=0
}

t_finish() {
	[ -n "${T_KEEP:-}" ] && cp -r "$T_DIR"/. "$T_KEEP"/ 2>/dev/null
	t_report
	cd / && rm -rf "$T_DIR"
}
trap t_finish EXIT

t_diag() {
	echo "# $t_name: $*"
	t_bad=1
}

t_eq() {
	[ "$1" = "$2" ] || t_diag "expected '$1', got '$2'"
}

lend() {
	"$LEND" "$@"
}

t_run() {
	want=$1
	shift
	"$@" >"$T_OUT" 2>"$T_ERR"
	got=$?
	if [ "$got" -ne "$want" ]; then
		t_diag "'$*' exited $got, expected $want"
		sed 's/^/#   stderr: /' "$T_ERR"
	fi
}

t_sum() {
	if [ -f "$LEND_DB" ]; then
		sha256sum "$LEND_DB" | cut -d' ' -f1
	else
		echo none
	fi
}

t_refuse() {
	want=$1
	msg=$2
	shift 2
	before=$(t_sum)
	t_run "$want" "$@"
	t_eq "$msg" "$(head -n 1 "$T_ERR")"
	[ "$want" -eq 2 ] || t_eq 1 "$(wc -l <"$T_ERR" | tr -d ' ')"
	t_eq "$before" "$(t_sum)"
}

# A consortium to work on: two members, three sites, a grant, users of
# every role.
t_registry() {
	lend init --consortium 'Rochdale Tech Lending' --prefix RTL \
		--admin ada >/dev/null &&
	lend member add RBH 'Rochdale Boroughwide Housing' >/dev/null &&
	lend member add LIB 'Rochdale Libraries' >/dev/null &&
	lend site add HUB --member RBH 'Riverside Hub' \
		--address '1 Smith Street, Rochdale' \
		--hours 'Mon-Fri 9:00-17:00' >/dev/null &&
	lend site add CEN --member LIB 'Central Library' >/dev/null &&
	lend site add HEY --member LIB 'Heywood Library' >/dev/null &&
	lend grant add NLCF --funder 'National Lottery' \
		--programme 'Digital Inclusion' --from 2026-01-01 \
		--to 2026-12-31 >/dev/null &&
	lend user add sam --member RBH --role staff >/dev/null &&
	lend user add cara --member LIB --role champion >/dev/null &&
	lend user add fred --role funder >/dev/null
}

# t_undo_to DB VERSION: undo by hand, newest first, the migrations after
# VERSION of the SQLite file DB, as an older lend would have left it, so
# that a test can open it with this lend and watch it migrate.  A new
# migration adds its undoing here, and every such test follows.
t_undo_to() {
	t_undo_db=$1
	t_v=$(sqlite3 "$t_undo_db" 'PRAGMA user_version')
	while [ "$t_v" -gt "$2" ]; do
		case $t_v in
		8) t_undo='ALTER TABLE member DROP COLUMN phone' ;;
		7) t_undo='ALTER TABLE app_user DROP COLUMN full_name;
			ALTER TABLE site DROP COLUMN phone' ;;
		5) t_undo='DROP TABLE event_note' ;;
		4) t_undo='DROP INDEX hold_reserved; DROP INDEX device_imei;
			DROP INDEX device_iccid; DROP INDEX device_serial' ;;
		3) t_undo='DROP TRIGGER device_left; DROP INDEX loan_closed;
			DROP INDEX support_session_champion;
			ALTER TABLE device DROP COLUMN left_at;
			DROP INDEX loan_borrower_out;
			CREATE INDEX loan_borrower ON loan(borrower_id)' ;;
		2) t_undo="DROP INDEX hold_ref; DROP INDEX loan_item_due;
			ALTER TABLE hold DROP COLUMN ref;
			DELETE FROM counter WHERE name = 'hold'" ;;
		*) t_undo= ;;
		esac
		t_v=$((t_v - 1))
		sqlite3 "$t_undo_db" "$t_undo; PRAGMA user_version = $t_v" || return 1
	done
}
