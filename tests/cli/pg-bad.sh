# Bad PostgreSQL databases, sourced by 001-init.sh on PostgreSQL only: each
# is refused with one clear line, and nothing is written.
pg_sum() {
	"$LEND_PG_BIN/pg_dump" -h "$LEND_TEST_PG" -U postgres "$1" |
		grep -v '^\\\(un\)\{0,1\}restrict' | sha256sum
}

t_begin 'a PostgreSQL server that is down is one clear line'
t_run 1 lend --db "postgresql:///x?host=$T_DIR/nowhere" member list
t_eq 1 "$(wc -l <"$T_ERR" | tr -d ' ')"
grep -q "^lend: database: cannot connect to 'postgresql:///x?host=$T_DIR/nowhere': " \
	"$T_ERR" || t_diag "$(cat "$T_ERR")"

t_begin 'a wrong password is one clear line, the password not shown'
t_run 1 lend --db "postgresql://lendpw:wrong@/$T_PG?host=$LEND_TEST_PG" member list
t_eq 1 "$(wc -l <"$T_ERR" | tr -d ' ')"
grep -q 'password authentication failed' "$T_ERR" || t_diag "$(cat "$T_ERR")"
grep -q wrong "$T_ERR" && t_diag "the password is shown: $(cat "$T_ERR")"

t_begin "a database of another application is refused, unchanged"
"$LEND_PG_BIN/createdb" -h "$LEND_TEST_PG" -U postgres -O lend "${T_PG}_other"
other="host=$LEND_TEST_PG user=lend dbname=${T_PG}_other"
"$LEND_PG_BIN/psql" -q -h "$LEND_TEST_PG" -U lend -d "${T_PG}_other" \
	-c 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1)'
other_sum=$(pg_sum "${T_PG}_other")
LEND_DB=$other t_refuse 1 "lend: database: '$other' is not a lend database" \
	lend member list
LEND_DB=$other t_refuse 1 "lend: init: '$other' already exists; lend init never touches an existing file" \
	lend init --consortium X --prefix X --admin ada
t_eq "$other_sum" "$(pg_sum "${T_PG}_other")"
"$LEND_PG_BIN/dropdb" -h "$LEND_TEST_PG" -U postgres "${T_PG}_other"

t_begin 'a PostgreSQL schema of a newer lend is refused, unchanged'
pg_newest=$(sqlite3 "$LEND_DB" 'SELECT max(version) FROM lend_schema')
sqlite3 "$LEND_DB" "INSERT INTO lend_schema (version, name) VALUES (99, 'future')"
t_refuse 1 "lend: database: '$LEND_DB' has schema version 99, newer than this lend's $pg_newest; use a newer lend" \
	lend member list
sqlite3 "$LEND_DB" 'DELETE FROM lend_schema WHERE version = 99'
t_run 0 lend member list
