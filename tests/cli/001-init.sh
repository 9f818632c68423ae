# lend init, opening databases, the command line itself.
. "$LEND_TOP/tests/cli/lib.sh"

t_begin 'init creates a private database and prints its path'
t_run 0 lend init --consortium 'Rochdale Tech Lending' --prefix RTL --admin ada
t_eq "created $LEND_DB" "$(cat "$T_OUT")"
t_eq 600 "$(stat -c %a "$LEND_DB")"
t_eq 'Rochdale Tech Lending' "$(lend settings get consortium.name)"
t_eq RTL "$(lend settings get tag.prefix)"
t_eq admin "$(lend user show ada --json | jq -r .role)"
t_eq wal "$(sqlite3 "$LEND_DB" 'PRAGMA journal_mode')"

t_begin 'init never touches an existing file'
t_refuse 1 "lend: init: '$LEND_DB' already exists; lend init never touches an existing file" \
	lend init --consortium X --prefix X --admin bob

t_begin 'init with a bad prefix leaves no file behind'
t_refuse 1 "lend: init: prefix 'rt-l' must be 1 to 8 capital letters or digits" \
	lend --db new.db init --consortium X --prefix rt-l --admin bob
t_eq no "$(test -e new.db && echo yes || echo no)"

t_begin 'init needs every option'
t_refuse 2 'lend: init: --consortium, --prefix and --admin are required' \
	lend --db new.db init --consortium X

t_begin 'a missing database is named, with the way to create one'
t_refuse 1 "lend: database: 'nope.db' does not exist (create it with lend init)" \
	lend --db nope.db member list

t_begin 'a directory is refused'
mkdir adir
t_refuse 1 "lend: database: 'adir' is a directory" lend --db adir member list

t_begin 'a database from a newer lend is refused, unchanged'
newest=$(sqlite3 "$LEND_DB" 'PRAGMA user_version')
cp "$LEND_DB" newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
LEND_DB=newer.db t_refuse 1 "lend: database: 'newer.db' has schema version 99, newer than this lend's $newest; use a newer lend" \
	lend member list

t_begin 'an SQLite file of another program is refused, unchanged'
sqlite3 other.db 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1)'
LEND_DB=other.db t_refuse 1 "lend: database: 'other.db' is not a lend database" \
	lend member list

t_begin 'a file that is not SQLite is refused, unchanged'
printf 'name,tag\nx,y\n' > devices.csv
LEND_DB=devices.csv t_refuse 1 "lend: database: 'devices.csv' is not a lend database" \
	lend member list

t_begin 'an older schema is migrated on open'
# Version 0 of a file marked as lend's: what a crash between creating the
# file and writing the schema would leave.
sqlite3 old.db "PRAGMA application_id = $((0x4C454E44))"
t_run 0 lend --db old.db member list
t_eq "$newest" "$(sqlite3 old.db 'PRAGMA user_version')"
t_eq 1 "$(sqlite3 old.db "SELECT count(*) FROM sqlite_schema WHERE name = 'device'")"
# A real version 1: migrations 011, 007, 005, 004, 003 and 002 undone by hand.
cp "$LEND_DB" v1.db
sqlite3 v1.db "DROP TABLE reminder; DROP TABLE loan_outcome; DROP TABLE gift;
	DELETE FROM status_transition WHERE to_status = 'gifted';
	DELETE FROM device_status WHERE name = 'gifted';
	DROP TABLE event_note;
	ALTER TABLE app_user DROP COLUMN full_name; ALTER TABLE site DROP COLUMN phone;
	DROP TRIGGER device_left; DROP INDEX loan_closed;
	DROP INDEX support_session_champion; ALTER TABLE device DROP COLUMN left_at;
	DROP INDEX loan_borrower_out; CREATE INDEX loan_borrower ON loan(borrower_id);
	DROP INDEX hold_ref; DROP INDEX loan_item_due;
	DROP INDEX hold_reserved; DROP INDEX device_imei; DROP INDEX device_iccid;
	DROP INDEX device_serial;
	ALTER TABLE hold DROP COLUMN ref; DELETE FROM counter WHERE name = 'hold';
	PRAGMA user_version = 1"
t_run 0 lend --db v1.db hold list
t_eq "$newest" "$(sqlite3 v1.db 'PRAGMA user_version')"
t_eq 1 "$(sqlite3 v1.db "SELECT count(*) FROM sqlite_schema WHERE name = 'loan_borrower_out'")"
t_eq 1 "$(sqlite3 v1.db "SELECT next FROM counter WHERE name = 'hold'")"

t_begin 'unknown command, option and subcommand are usage errors'
t_refuse 2 "lend: unknown command 'frobnicate' (lend help lists them)" lend frobnicate
t_refuse 2 "lend: unknown option '--colour'" lend --colour member list
t_refuse 2 "lend: device add: unknown option '--colour'" \
	lend device add --colour red
t_eq 'usage: lend device add --kind K --make M --model M --member M --site S [--tag T]' \
	"$(sed -n 2p "$T_ERR")"
t_refuse 2 "lend: member: unknown subcommand 'remove'" lend member remove X
t_refuse 2 "lend: member show: missing argument" lend member show
t_refuse 2 "lend: member show: unexpected argument 'B'" lend member show A B
t_refuse 2 "lend: device add: option '--kind' needs a value" lend device add --kind

t_begin 'help lists every command, and each command has --help'
t_run 0 lend help
cp "$T_OUT" help.txt
for cmd in init settings member site user grant device history; do
	grep -q "^  $cmd " help.txt || t_diag "help does not list $cmd"
	t_run 0 lend "$cmd" --help
	grep -q "^usage: lend $cmd" "$T_OUT" || t_diag "$cmd --help: no usage"
	t_run 0 lend help "$cmd"
	grep -q "^usage: lend $cmd" "$T_OUT" || t_diag "help $cmd: no usage"
done
t_run 0 lend device add --help
t_eq '' "$(cat "$T_ERR")"

t_begin 'a write error on stdout fails the command'
if [ -w /dev/full ]; then
	t_run 1 sh -c "'$LEND' help > /dev/full"
	grep -q '^lend: error writing output' "$T_ERR" ||
		t_diag "no write error reported"
fi

t_begin 'a change without an acting user is refused'
LEND_USER= t_refuse 1 'lend: member: no acting user (give --as USER or set LEND_USER)' \
	lend member add OX 'Oxfam'
t_refuse 1 "lend: member: acting user 'zed' not found" \
	lend --as zed member add OX 'Oxfam'
