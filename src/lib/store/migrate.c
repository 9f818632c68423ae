/*
 * The schema of the SQLite store: what a file holds before lend uses it,
 * and the migrations compiled in from db/ that bring it up to date.  The
 * file is marked with an application id and its schema version is kept
 * in the header's version field, which is transactional: a migration
 * that fails leaves the old version along with the old schema.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sqlite.h"

/* 'LEND' in ASCII: marks the file as ours, so that lend refuses to migrate
 * some other program's SQLite database into a lend one. */
#define APPLICATION_ID 0x4C454E44

/* SQLite's name for the header field that keeps the schema version. */
#define VERSION_PRAGMA "PRAGMA user_version"

static int newest(void)
{
	return lend__migrations[lend__nmigrations - 1].version;
}

int lend__sqlite_inspect(lend__store_info *out, lend__store *s)
{
	lend__store_info info = { 0, 0, 0, 0 };
	int64_t app = 0, objects = 0;
	int rc;

	if ((rc = lend__store_query_int(&app, s, "PRAGMA application_id",
	                                LEND__NO_ARGS)) ||
	    (rc = lend__store_query_int(&info.version, s, VERSION_PRAGMA,
	                                LEND__NO_ARGS)) ||
	    (rc = lend__store_query_int(&objects, s,
	                                "SELECT count(*) FROM sqlite_schema",
	                                LEND__NO_ARGS)))
		return rc;
	info.marked = app == APPLICATION_ID;
	info.empty = objects == 0;
	info.newest = newest();
	*out = info;
	return 0;
}

/* Migration 009 keeps tags in upper case (issue 15): where two devices'
 * tags differ only in case, which one a scan meant is for a person to
 * say, so the migration is refused with their list, before it runs. */
static int refuse_merged_tags(lend__store *s, int64_t from)
{
	static const char sql[] =
		"SELECT l FROM (SELECT group_concat(tag, ', ') AS l FROM (SELECT "
		"d.tag FROM device d WHERE EXISTS (SELECT 1 FROM device e "
		"WHERE e.id <> d.id AND upper(e.tag) = upper(d.tag)) "
		"ORDER BY upper(d.tag), d.tag)) WHERE l IS NOT NULL";
	char *list = NULL;
	int rc;

	if (from < 1 || from >= 9 || newest() < 9)
		return 0;
	rc = lend__store_query_text(&list, s, sql, LEND__NO_ARGS);
	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = lend__store_fail(s, LEND_ECONFLICT, "database: tags that "
		                      "differ only in case would become one "
		                      "device: %s; give one of each pair another "
		                      "tag, then open again", list);
	free(list);
	return rc;
}

/* Apply the migrations newer than FROM, then mark the file and record
 * the newest version; in the caller's transaction. */
static int apply(lend__store *s, int64_t from)
{
	char sql[64];
	size_t i;
	int rc;

	if ((rc = refuse_merged_tags(s, from)) != 0)
		return rc;
	for (i = 0; i < lend__nmigrations; i++) {
		const lend__migration *m = &lend__migrations[i];

		if (m->version <= from)
			continue;
		if (lend__store_script(s, m->sql) != 0)
			return lend__store_fail(s, LEND_EDB, "database: "
			                        "migration %03d-%s failed: %s",
			                        m->version, m->name,
			                        sqlite3_errmsg(s->sql));
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	         APPLICATION_ID);
	if ((rc = lend__store_exec(s, sql, LEND__NO_ARGS)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), VERSION_PRAGMA " = %d", newest());
	return lend__store_exec(s, sql, LEND__NO_ARGS);
}

int lend__sqlite_migrate(lend__store *s)
{
	int64_t version = 0;
	int rc;

	/* Up to date, the common case: no write lock taken. */
	if ((rc = lend__store_query_int(&version, s, VERSION_PRAGMA,
	                                LEND__NO_ARGS)) != 0 ||
	    version >= newest())
		return rc;
	if ((rc = lend__store_begin(s)) != 0)
		return rc;
	/* Read again under the lock: another process may have migrated the
	 * file meanwhile. */
	if ((rc = lend__store_query_int(&version, s, VERSION_PRAGMA,
	                                LEND__NO_ARGS)) == 0 &&
	    version < newest())
		rc = apply(s, version);
	if (rc == 0 && (rc = lend__store_commit(s)) == 0)
		return 0;
	lend__store_rollback(s);
	return rc;
}
