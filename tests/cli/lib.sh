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
#
# With LEND_TEST_PG set (tests/pg.sh), LEND_DB is instead a fresh database
# of that PostgreSQL cluster, made for this script and dropped after, and
# t_sum hashes its rows rather than a file.  t_sqlite_only REASON marks a
# test that is about the SQLite file itself: on PostgreSQL it is skipped
# with its reason, as a passing "ok - ... # skip" line.
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
T_PG=
if [ -n "${LEND_TEST_PG:-}" ]; then
	T_PG=t_$(basename "$T_DIR" | tr -c 'a-zA-Z0-9\n' _ | tr 'A-Z' 'a-z')
	"$LEND_PG_BIN/createdb" -h "$LEND_TEST_PG" -U postgres -O lend "$T_PG" ||
		exit 1
	LEND_DB="postgresql:///$T_PG?host=$LEND_TEST_PG&user=lend"
fi
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
	[ -z "$T_PG" ] || "$LEND_PG_BIN/dropdb" -h "$LEND_TEST_PG" -U postgres \
		--force "$T_PG"
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

# On PostgreSQL: every row of every table, in a canonical order.
t_sum() {
	if [ -n "$T_PG" ]; then
		"$LEND_PG_BIN/pg_dump" -h "$LEND_TEST_PG" -U postgres \
			--data-only --inserts "$T_PG" | grep '^INSERT' | sort |
			sha256sum | cut -d' ' -f1
	elif [ -f "$LEND_DB" ]; then
		sha256sum "$LEND_DB" | cut -d' ' -f1
	else
		echo none
	fi
}

# On PostgreSQL, `sqlite3 "$LEND_DB" SQL` (SQL as arguments or on stdin,
# -bail and -cmd ignored) runs SQL through psql instead, prints rows as the
# sqlite3 shell does (values separated by '|'), leaves PRAGMAs out, and
# exits 19 as the shell does where a constraint or a trigger refuses.
# Any other file is still SQLite's.
if [ -n "$T_PG" ]; then
	sqlite3() {
		t_args=
		t_sql=
		t_db=
		while [ $# -gt 0 ]; do
			case $1 in
			-bail) ;;
			-cmd) shift ;;
			*) if [ -z "$t_db" ]; then t_db=$1; else t_sql="$t_sql$1;"; fi ;;
			esac
			shift
		done
		if [ "$t_db" != "$LEND_DB" ]; then
			command sqlite3 "$t_db" "$t_sql"
			return
		fi
		[ -n "$t_sql" ] || t_sql=$(cat)
		t_sql=$(printf '%s\n' "$t_sql" | sed 's/PRAGMA [^;]*;\{0,1\}//g')
		printf '%s\n' "$t_sql" | "$LEND_PG_BIN/psql" -X -q -At -F '|' \
			-v ON_ERROR_STOP=1 -h "$LEND_TEST_PG" -U lend -d "$T_PG" \
			2>"$T_DIR/psql.err"
		t_code=$?
		cat "$T_DIR/psql.err" >&2
		[ "$t_code" -eq 0 ] && return 0
		grep -qE 'violates|not allowed|append-only|invalid input syntax' "$T_DIR/psql.err" &&
			return 19
		return 1
	}
fi

# The store's bytes as they are (SQLite) or its rows as SQL (PostgreSQL),
# to grep for what must not be in it.
t_dump() {
	if [ -n "$T_PG" ]; then
		"$LEND_PG_BIN/pg_dump" -h "$LEND_TEST_PG" -U postgres "$T_PG"
	else
		cat "$LEND_DB"
	fi
}

# Whether a transaction is writing to the store and has not committed:
# SQLite's log has grown past 400 kB, or a PostgreSQL transaction holds a
# transaction id.
t_writing() {
	if [ -n "$T_PG" ]; then
		[ "$("$LEND_PG_BIN/psql" -X -At -h "$LEND_TEST_PG" -U postgres \
			-d "$T_PG" -c "SELECT count(*) FROM pg_stat_activity WHERE
			datname = current_database() AND backend_xid IS NOT NULL")" \
			-gt 0 ]
	else
		[ "$(stat -c %s "$LEND_DB-wal" 2>/dev/null || echo 0)" -ge 400000 ]
	fi
}

# Skip the rest of the current test case on PostgreSQL: 0 there, so that
# the caller can `t_sqlite_only WHY || { ...SQLite file checks... }`.
t_sqlite_only() {
	[ -n "$T_PG" ] || return 1
	t_name="$t_name # skip on PostgreSQL: $1"
	return 0
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
		13) t_undo='DROP TABLE loan_signature; DROP TABLE login_session;
			ALTER TABLE app_user DROP COLUMN disabled;
			ALTER TABLE app_user DROP COLUMN password_hash' ;;
		11) t_undo="DROP TABLE reminder; DROP TABLE loan_outcome;
			DROP TABLE gift;
			DELETE FROM status_transition WHERE to_status = 'gifted';
			DELETE FROM device_status WHERE name = 'gifted'" ;;
		10) t_undo="DELETE FROM status_transition WHERE
			from_status = 'on_loan' AND to_status = 'available'" ;;
		9) t_undo='DROP TABLE card_scan; DROP INDEX support_borrower_current;
			ALTER TABLE borrower DROP COLUMN name_folded' ;;
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
