/*
 * The schema of the PostgreSQL store: what a database holds before lend
 * uses it, the migrations compiled in from db/pg/ that bring it up to
 * date, the store's own checks, and the identity sequences after a copy.
 * PostgreSQL has no user_version: the table lend_schema keeps one row per
 * migration applied, and its presence marks the database as lend's.  A
 * migration of db/pg/NNN-name.sql is the twin of db/NNN-name.sql and has
 * its number.
 */
#include <stdio.h>
#include <string.h>

#include "pg.h"
#include "internal.h" /* the rows the checks hand back */

static const char marked_sql[] =
	"SELECT to_regclass('lend_schema') IS NOT NULL";
static const char version_sql[] =
	"SELECT coalesce(max(version), 0) FROM lend_schema";
/* Relations, sequences and functions in the schema lend would use. */
static const char objects_sql[] =
	"SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n "
	"ON n.oid = c.relnamespace WHERE n.nspname = current_schema()) + "
	"(SELECT count(*) FROM pg_proc p JOIN pg_namespace n "
	"ON n.oid = p.pronamespace WHERE n.nspname = current_schema())";

static int newest(void)
{
	return lend__pg_migrations[lend__pg_nmigrations - 1].version;
}

int lend__pg_inspect(lend__store_info *out, lend__store *s)
{
	lend__store_info info = { 0, 0, 0, 0 };
	int64_t marked = 0, objects = 0;
	int rc;

	if ((rc = lend__pg_query_int(&marked, s, marked_sql, LEND__NO_ARGS)) ||
	    (marked && (rc = lend__pg_query_int(&info.version, s, version_sql,
	                                        LEND__NO_ARGS))) ||
	    (rc = lend__pg_query_int(&objects, s, objects_sql, LEND__NO_ARGS)))
		return rc;
	info.marked = marked != 0;
	info.empty = objects == 0;
	info.newest = newest();
	*out = info;
	return 0;
}

/* Apply the migrations newer than FROM and record each; in the caller's
 * transaction. */
static int apply(lend__store *s, int64_t from)
{
	static const char record[] =
		"INSERT INTO lend_schema (version, name) VALUES (?, ?)";
	size_t i;
	int rc;

	for (i = 0; i < lend__pg_nmigrations; i++) {
		const lend__migration *m = &lend__pg_migrations[i];

		if (m->version <= from)
			continue;
		if (lend__pg_script(s, m->sql) != 0)
			return lend__store_fail(s, LEND_EDB, "database: "
			                        "migration pg/%03d-%s failed: %s",
			                        m->version, m->name,
			                        s->errmsg + strlen("database: "));
		if ((rc = lend__pg_exec(s, record, LEND__ARGS(
		             LEND__I(m->version), LEND__T(m->name)))) != 0)
			return rc;
	}
	return 0;
}

static int version_of(int64_t *out, lend__store *s)
{
	int64_t marked = 0;
	int rc = lend__pg_query_int(&marked, s, marked_sql, LEND__NO_ARGS);

	*out = 0;
	if (rc == 0 && marked)
		rc = lend__pg_query_int(out, s, version_sql, LEND__NO_ARGS);
	return rc;
}

int lend__pg_migrate(lend__store *s)
{
	int64_t version = 0;
	int rc;

	if ((rc = version_of(&version, s)) != 0 || version >= newest())
		return rc;
	if ((rc = lend__pg_begin(s)) != 0)
		return rc;
	/* Read again under the lock: another process may have migrated the
	 * database meanwhile. */
	if ((rc = version_of(&version, s)) == 0 && version < newest())
		rc = apply(s, version);
	if (rc == 0 && (rc = lend__pg_commit(s)) == 0)
		return 0;
	lend__pg_rollback(s);
	return rc;
}

/* The server keeps its own pages and enforces every foreign key as rows
 * change: what is left to check is that the schema is the one this lend
 * knows. */
int lend__pg_check(lend_rows **out, lend__store *s)
{
	lend_rows *r = lend__rows_new(2);
	int64_t version = 0;
	char what[80];
	long row;
	int rc = 0;

	s->errmsg[0] = '\0';
	if (!r || lend__rows_set_name(r, 0, "check") ||
	    lend__rows_set_name(r, 1, "finding"))
		rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
	if (rc == 0 && (rc = version_of(&version, s)) == 0 &&
	    version != newest()) {
		snprintf(what, sizeof(what), "schema version %lld, expected %d",
		         (long long)version, newest());
		if ((row = lend__rows_add(r)) < 0 ||
		    lend__rows_set(r, (size_t)row, 0, LEND_TEXT, "schema", 6) ||
		    lend__rows_set(r, (size_t)row, 1, LEND_TEXT, what,
		                   strlen(what)))
			rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
	}
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

int lend__pg_sync_ids(lend__store *s)
{
	static const char sql[] =
		"SELECT setval(pg_get_serial_sequence(c.relname, 'id'), "
		"coalesce((xpath('/row/m/text()', query_to_xml(format("
		"'SELECT max(id) AS m FROM %I', c.relname), false, true, '')))"
		"[1]::text::bigint, 0) + 1, false) "
		"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
		"JOIN pg_namespace n ON n.oid = c.relnamespace "
		"WHERE n.nspname = current_schema() AND a.attname = 'id' "
		"AND a.attidentity <> ''";

	return lend__pg_exec(s, sql, LEND__NO_ARGS);
}
