# A throwaway PostgreSQL cluster for the suite's second run, sourced by
# tests/run.sh: pg_start makes one in a temporary directory, listening on
# a Unix socket there only, and exports LEND_TEST_PG (the socket's
# directory) and LEND_PG_BIN; pg_stop stops it and removes it.  Roles:
# postgres (superuser, makes each test's database), lend (what lend runs
# as: no superuser, owner of its database), lendpw (password 'right',
# scram-sha-256, for the wrong-password test).  initdb refuses root: as
# root the cluster runs as the postgres user the package creates.

pg_bin() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d" && return 0
	done
	return 1
}

pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	pg_b=$(pg_bin) || return 1
	pg_d=$(mktemp -d /tmp/lend-pg-XXXXXX) || return 1
	chmod 755 "$pg_d"
	[ "$(id -u)" -eq 0 ] && chown postgres "$pg_d"
	pg_as "$pg_b/initdb" -D "$pg_d/data" -A trust -U postgres -E UTF8 \
		--locale=C --no-sync >"$pg_d/initdb.log" 2>&1 || return 1
	{
		echo 'local all lendpw scram-sha-256'
		cat "$pg_d/data/pg_hba.conf"
	} >"$pg_d/hba" && cat "$pg_d/hba" >"$pg_d/data/pg_hba.conf"
	pg_as "$pg_b/pg_ctl" -D "$pg_d/data" -l "$pg_d/server.log" -w \
		-o "-k $pg_d -c listen_addresses= -c fsync=off \
		    -c synchronous_commit=off -c max_connections=100" \
		start >/dev/null || return 1
	"$pg_b/psql" -q -h "$pg_d" -U postgres -d postgres -c \
		"CREATE ROLE lend LOGIN; CREATE ROLE lendpw LOGIN PASSWORD 'right'" \
		>/dev/null || return 1
	export LEND_TEST_PG="$pg_d" LEND_PG_BIN="$pg_b"
}

pg_stop() {
	[ -n "${pg_d:-}" ] || return 0
	pg_as "$pg_b/pg_ctl" -D "$pg_d/data" -m immediate -w stop \
		>/dev/null 2>&1
	rm -rf "$pg_d"
	pg_d=
}
