#!/bin/sh
# make bench: every figure and bar of DESIGN.md's quality table that exists
# so far, lend and its baseline measured in the same run.  Prints
# "figure NAME VALUE UNIT" and "bar NAME RATIO OP LIMIT ok|short" lines.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
dir=$(mktemp -d)
# The label files go to memory where there is a tmpfs: on a shared disk,
# creating a thousand files costs the filesystem more than lend, the bare
# libraries or the qrencode CLI spend on them, and the bars would measure
# the disk's mood (ext4's inode allocation was two thirds of the time).
out=$(mktemp -d /dev/shm/lend-bench-XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$dir" "$out"' EXIT
LEND=$build/lend

ms() {
	echo $(($(date +%s%N) / 1000000))
}

# bar NAME A B OP LIMIT: the bar line of the ratio A / B.
bar() {
	awk -v n="$1" -v a="$2" -v b="$3" -v op="$4" -v l="$5" 'BEGIN {
		r = a / b; ok = op == "<=" ? r <= l : r >= l
		printf "bar %s %.2f %s %.2f %s\n", n, r, op, l, ok ? "ok" : "short" }'
}

# pair NAME LEND_MS BASE_MS BASE_NAME UNIT DIVISOR: the two figures.
pair() {
	echo "figure $1 $(awk "BEGIN {printf \"%.2f\", $2 / $6}") $5"
	echo "figure $4 $(awk "BEGIN {printf \"%.2f\", $3 / $6}") $5"
}

# Each figure is the median of $ROUNDS rounds, lend and its baseline taking
# turns (bench.c does the same for its own figures).
ROUNDS=5

# median V1 V2 ...: the middle value.
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# PostgreSQL's bars run on a throwaway cluster (tests/pg.sh), as the
# suite's second run does; without the postgresql package they are skipped.
. "$top/tests/pg.sh"
if pg_bin >/dev/null && pg_start; then
	trap 'pg_stop; rm -rf "$dir" "$out"' EXIT
	export LEND_BENCH_PG="$LEND_TEST_PG"
else
	pg_stop
	echo "# PostgreSQL is not installed (Debian package postgresql): its bars are skipped"
fi
"$top/bench/bench" "$dir" "$out" > "$dir/bench.out"
grep -v '^#' "$dir/bench.out"

# The qrencode CLI, one process a label as a script would run it, against
# liblend's 1,000 PNG files measured above.
lib_s=$(sed -n 's/^# label-png-lib-seconds //p' "$dir/bench.out")
mkdir -p "$out/qrencode"
cli_all=
r=0
while [ $r -lt $ROUNDS ]; do
	t0=$(ms)
	i=1
	while [ $i -le 1000 ]; do
		tag=$(printf 'BEN-%05d' $i)
		qrencode -l M -s 6 -o "$out/qrencode/$tag.png" "$tag"
		i=$((i + 1))
	done
	cli_all="$cli_all $(($(ms) - t0))"
	r=$((r + 1))
done
# shellcheck disable=SC2086 # a list of numbers
cli_ms=$(median $cli_all)
echo "figure label-png-qrencode-cli $(awk "BEGIN {printf \"%.3f\", $cli_ms / 1000}") s_per_1000"
bar label-png-qrencode-cli-vs-lib "$cli_ms" "$(awk "BEGIN {print $lib_s * 1000}")" ">=" 10

# interleave NAME: ROUNDS rounds of NAME_lend R and NAME_base R taking
# turns, each printing its milliseconds; sets lend_ms and base_ms to the
# medians.
interleave() {
	lend_all=
	base_all=
	r=0
	while [ $r -lt $ROUNDS ]; do
		lend_all="$lend_all $("${1}_lend" $r)"
		base_all="$base_all $("${1}_base" $r)"
		r=$((r + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	lend_ms=$(median $lend_all)
	# shellcheck disable=SC2086
	base_ms=$(median $base_all)
}

# Whole processes: `lend device add` beside the sqlite3 shell writing the
# same device and event in one transaction on the same kind of database.
runs=60
export LEND_DB="$dir/cli.db" LEND_USER=ada
"$LEND" init --consortium Bench --prefix BEN --admin ada >/dev/null
"$LEND" member add RBH Member >/dev/null
"$LEND" site add HUB --member RBH Hub >/dev/null
cp "$dir/cli.db" "$dir/sh.db"

add_lend() {
	t0=$(ms)
	i=0
	while [ $i -lt $runs ]; do
		"$LEND" device add --kind tablet --make Samsung --model Tab \
			--member RBH --site HUB >/dev/null
		i=$((i + 1))
	done
	echo $(($(ms) - t0))
}

add_base() {
	t0=$(ms)
	i=0
	while [ $i -lt $runs ]; do
		sqlite3 "$dir/sh.db" "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
INSERT INTO device (tag, kind, make, model, member_id, site_id, added_at, changed_at)
VALUES ('SH-$1-$i', 'tablet', 'Samsung', 'Tab', 1, 1, strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ'));
INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, action, after)
VALUES (strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ'), 1, 'device', last_insert_rowid(), 'create', '{}');
COMMIT;" >/dev/null
		i=$((i + 1))
	done
	echo $(($(ms) - t0))
}

interleave add
pair device-add-cli "$lend_ms" "$base_ms" device-add-sqlite3-cli ms "$runs"
bar device-add-cli-vs-sqlite3 "$lend_ms" "$base_ms" "<=" 1.5

# Whole processes again, for a check-out: `lend checkout` beside the
# sqlite3 shell running the same transaction (bench.c's bare_checkout_sql
# with the values written in) on the same kind of database.  Each round
# lends devices of its own, spread over borrowers kept under loan.limit.
"$LEND" settings set loan.limit 100
for b in 1 2 3 4; do
	"$LEND" borrower add --name Bench --postcode OL11 --member RBH \
		--consent >/dev/null
done
r=0
while [ $r -lt $ROUNDS ]; do
	i=0
	while [ $i -lt $runs ]; do
		"$LEND" device add --kind tablet --make A --model B --member RBH \
			--site HUB --tag "CO-$r-$i" >/dev/null
		i=$((i + 1))
	done
	r=$((r + 1))
done
cp "$dir/cli.db" "$dir/sh.db"

checkout_lend() {
	t0=$(ms)
	i=0
	while [ $i -lt $runs ]; do
		"$LEND" checkout "B-00000$((i % 4 + 1))" "CO-$1-$i" >/dev/null
		i=$((i + 1))
	done
	echo $(($(ms) - t0))
}

checkout_base() {
	first=$(sqlite3 "$dir/sh.db" "SELECT id FROM device WHERE tag = 'CO-$1-0'")
	t0=$(ms)
	i=0
	while [ $i -lt $runs ]; do
		dev=$((first + i))
		sqlite3 "$dir/sh.db" "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
BEGIN IMMEDIATE;
UPDATE counter SET next = next + 1 WHERE name = 'loan';
INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at)
VALUES ('L-' || (SELECT next FROM counter WHERE name = 'loan'), $((i % 4 + 1)), 1, 1, strftime('%Y-%m-%dT%H:%M:%SZ'));
INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, action, after)
VALUES (strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ'), 1, 'loan', last_insert_rowid(), 'create', '{}');
INSERT INTO loan_item (loan_id, device_id, due_on) VALUES ((SELECT max(id) FROM loan), $dev, '2027-01-01');
UPDATE device SET status = 'on_loan' WHERE id = $dev;
INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, action, before, after)
VALUES (strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ'), 1, 'device', $dev, 'checkout', '{\"status\":\"available\"}', '{\"status\":\"on_loan\"}');
COMMIT;" >/dev/null
		i=$((i + 1))
	done
	echo $(($(ms) - t0))
}

interleave checkout
pair checkout-cli "$lend_ms" "$base_ms" checkout-sqlite3-cli ms "$runs"
bar checkout-cli-vs-sqlite3 "$lend_ms" "$base_ms" "<=" 1.5

# The funder report on 100,000 devices, 200,000 borrowers and 1,000,000
# loans, beside the same figures in plain SQL run by the sqlite3 shell;
# and its peak memory at 100,000 and at 1,000,000 loans, which should be
# the same: every figure is an aggregate the database streams.
report_db() {
	LEND_DB="$dir/report-$1.db" "$LEND" init --consortium Bench --prefix R \
		--admin ada >/dev/null
	LEND_DB="$dir/report-$1.db" "$LEND" member add M1 One >/dev/null
	LEND_DB="$dir/report-$1.db" "$LEND" site add S1 --member M1 Site >/dev/null
	sqlite3 "$dir/report-$1.db" -cmd ".parameter set @loans $1" \
		< "$top/bench/gen-report.sql"
}
report_db 100000
report_db 1000000
peak() {
	/usr/bin/time -f %M "$LEND" --db "$dir/report-$1.db" report \
		--from 2026-01-01 --to 2026-06-30 -o "$dir/report-$1.json" 2>&1 >/dev/null
}
rss_1m_all=
rss_100k_all=
report_lend() {
	t0=$(ms)
	peak 1000000 > "$dir/rss-1m"
	echo $(($(ms) - t0))
}
report_base() {
	t0=$(ms)
	sqlite3 "$dir/report-1000000.db" < "$top/bench/report-baseline.sql" >/dev/null
	echo $(($(ms) - t0))
	peak 100000 > "$dir/rss-100k"
}
lend_all=
base_all=
r=0
while [ $r -lt $ROUNDS ]; do
	lend_all="$lend_all $(report_lend)"
	rss_1m_all="$rss_1m_all $(cat "$dir/rss-1m")"
	base_all="$base_all $(report_base)"
	rss_100k_all="$rss_100k_all $(cat "$dir/rss-100k")"
	r=$((r + 1))
done
# shellcheck disable=SC2086 # lists of numbers
{
	report_ms=$(median $lend_all)
	sql_ms=$(median $base_all)
	rss_1m=$(median $rss_1m_all)
	rss_100k=$(median $rss_100k_all)
}
pair report-1m-loans "$report_ms" "$sql_ms" report-1m-loans-sqlite3-cli s 1000
bar report-vs-sqlite3 "$report_ms" "$sql_ms" "<=" 2
echo "figure report-peak-rss-100k-loans $rss_100k KiB"
echo "figure report-peak-rss-1m-loans $rss_1m KiB"
bar report-rss-1m-vs-100k "$rss_1m" "$rss_100k" "<=" 1.1

# The same report on PostgreSQL: the same consortium, row for row, written
# once into a database of the throwaway cluster (bench/gen-report-pg.sql,
# then VACUUM ANALYZE as autovacuum would), lend report beside the same
# figures in PostgreSQL's own plain SQL run by psql.  Three rounds: each
# takes seconds, and make bench keeps under five minutes.
if [ -n "${LEND_BENCH_PG:-}" ]; then
	pg_report="postgresql:///report_pg?host=$LEND_BENCH_PG&user=lend"
	"$LEND_PG_BIN/createdb" -h "$LEND_BENCH_PG" -U postgres -O lend report_pg
	LEND_DB=$pg_report "$LEND" init --consortium Bench --prefix R \
		--admin ada >/dev/null
	LEND_DB=$pg_report "$LEND" member add M1 One >/dev/null
	LEND_DB=$pg_report "$LEND" site add S1 --member M1 Site >/dev/null
	"$LEND_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -v loans=1000000 \
		-h "$LEND_BENCH_PG" -U lend -d report_pg \
		-f "$top/bench/gen-report-pg.sql" >/dev/null
	pg_report_lend() {
		t0=$(ms)
		LEND_DB=$pg_report "$LEND" report --from 2026-01-01 --to 2026-06-30 \
			-o "$dir/report-pg.json" >/dev/null
		echo $(($(ms) - t0))
	}
	pg_report_base() {
		t0=$(ms)
		"$LEND_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LEND_BENCH_PG" \
			-U lend -d report_pg -f "$top/bench/report-baseline-pg.sql" \
			>/dev/null
		echo $(($(ms) - t0))
	}
	rounds_all=$ROUNDS
	ROUNDS=3
	interleave pg_report
	ROUNDS=$rounds_all
	cmp -s "$dir/report-pg.json" "$dir/report-1000000.json" ||
		echo "bench: the report on PostgreSQL differs from SQLite's" >&2
	pair report-1m-loans-postgresql "$lend_ms" "$base_ms" \
		report-1m-loans-psql s 1000
	bar report-postgresql-vs-psql "$lend_ms" "$base_ms" "<=" 2
fi

# Import of 100,000 devices from CSV, all or nothing, beside the sqlite3
# shell's .import of the same file into the same schema (through a staging
# table, as the file's columns are not the table's), its foreign keys
# enforced as lend enforces them.  Each round imports into a fresh copy.
awk 'BEGIN { print "tag,kind,make,model,serial,member,site,purchased,cost"
	for (i = 1; i <= 100000; i++)
		printf "BIG-%06d,tablet,Samsung,Tab A9,SN%07d,RBH,HUB,15/01/2025,249.99\n", i, i
}' > "$dir/big.csv"
LEND_DB="$dir/imp.db" "$LEND" init --consortium B --prefix R --admin ada >/dev/null
LEND_DB="$dir/imp.db" "$LEND" member add RBH R >/dev/null
LEND_DB="$dir/imp.db" "$LEND" site add HUB --member RBH H >/dev/null

import_lend() {
	cp "$dir/imp.db" "$dir/imp-lend.db"
	t0=$(ms)
	LEND_DB="$dir/imp-lend.db" "$LEND" import devices "$dir/big.csv" >/dev/null
	echo $(($(ms) - t0))
	rm -f "$dir/imp-lend.db"*
}

import_base() {
	cp "$dir/imp.db" "$dir/imp-sqlite3.db"
	t0=$(ms)
	sqlite3 "$dir/imp-sqlite3.db" <<SQL
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
.mode csv
.import $dir/big.csv staging
INSERT INTO device (tag, kind, make, model, serial, member_id, site_id,
	purchased_on, cost_pence, added_at, changed_at)
SELECT tag, kind, make, model, serial,
	(SELECT id FROM member WHERE code = s.member),
	(SELECT id FROM site WHERE code = s.site),
	substr(purchased, 7, 4) || '-' || substr(purchased, 4, 2) || '-' ||
	substr(purchased, 1, 2), CAST(round(cost * 100) AS INTEGER),
	strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ')
FROM staging s;
DROP TABLE staging;
SQL
	echo $(($(ms) - t0))
	rm -f "$dir/imp-sqlite3.db"*
}

interleave import
pair import-100k-devices "$lend_ms" "$base_ms" import-100k-devices-sqlite3-import s 1000
bar import-vs-sqlite3-import "$lend_ms" "$base_ms" "<=" 2
sh "$top/bench/serve.sh" "$build"
