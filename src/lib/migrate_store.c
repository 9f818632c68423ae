/*
 * Moving a consortium from its SQLite file to a PostgreSQL database
 * (issue 19): every table's rows copied across in one transaction, ids
 * kept, the identity sequences moved past them, then the copy checked:
 * every table's row count, and the funder report's JSON for the whole
 * history, equal on both.  Through the store interface alone, so that it
 * names neither engine.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "handle.h"

#define CONCERN "migrate-store"

/* Every table, each after those it references (db/NNN-name.sql). */
static const char *const tables[] = {
	"setting", "counter", "member", "site", "champion", "app_user",
	"funding_grant", "device_status", "status_transition", "device",
	"kit_part", "borrower", "support", "support_session", "loan",
	"loan_item", "hold", "event", "event_note", "card_scan",
	"loan_outcome", "gift", "reminder", "login_session", "loan_signature",
};
/* The one blob column (a signature's PNG): read as hex, which both stores
 * give alike, and written back as bytes. */
#define BLOB_COLUMN "png"
static const char blob_select[] =
	"SELECT loan_id, hex(png) AS png, sha256, signed_at FROM loan_signature";
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* The same statement, built for TABLE (its name is ours, never input). */
static char *table_sql(const char *fmt, const char *table)
{
	lend__buf b = { 0 };

	lend__buf_printf(&b, fmt, table);
	if (b.oom) {
		lend__buf_free(&b);
		return NULL;
	}
	return b.s;
}

/* "INSERT INTO TABLE (c1, c2...) VALUES (?, ?...)" for ROWS' columns. */
static char *insert_sql(const char *table, const lend_rows *rows)
{
	lend__buf b = { 0 };
	size_t i, n = lend_rows_columns(rows);

	lend__buf_printf(&b, "INSERT INTO %s (", table);
	for (i = 0; i < n; i++)
		lend__buf_printf(&b, "%s%s", i ? ", " : "",
		                 lend_rows_name(rows, i));
	lend__buf_str(&b, ") VALUES (");
	for (i = 0; i < n; i++)
		lend__buf_str(&b, i ? ", ?" : "?");
	lend__buf_str(&b, ")");
	if (b.oom) {
		lend__buf_free(&b);
		return NULL;
	}
	return b.s;
}

/* Insert row R of ROWS into TO with SQL. */
static int copy_row(lend__store *to, const char *sql, const lend_rows *rows,
                    size_t r, lend__arg *a)
{
	size_t i, n = lend_rows_columns(rows);
	unsigned char *blob = NULL;
	int rc;

	for (i = 0; i < n; i++) {
		const char *v = lend_rows_text(rows, r, i);

		if (!v)
			a[i] = LEND__NUL;
		else if (strcmp(lend_rows_name(rows, i), BLOB_COLUMN) == 0) {
			if (!(blob = malloc(strlen(v) / 2 + 1)))
				return LEND_ENOMEM;
			lend__unhex(blob, v, strlen(v) / 2);
			a[i] = LEND__B(blob, strlen(v) / 2);
		}
		else if (lend_rows_type(rows, r, i) == LEND_INTEGER)
			a[i] = LEND__I(strtoll(v, NULL, 10));
		else
			a[i] = LEND__T(v);
	}
	rc = lend__store_exec(to, sql, a, n);
	free(blob);
	return rc;
}

/* Copy every row of TABLE from DB into TO, adding their count to *N. */
static int copy_table(lend_db *db, lend__store *to, const char *table,
                      int64_t *n)
{
	char *select = strcmp(table, "loan_signature") == 0
	               ? lend__strdup(blob_select)
	               : table_sql("SELECT * FROM %s", table);
	char *insert = NULL;
	lend_rows *rows = NULL;
	lend__arg *a = NULL;
	size_t r;
	int rc;

	if (!select)
		return lend__error(db, LEND_ENOMEM, "out of memory");
	if ((rc = lend__query_rows(&rows, db, select, LEND__NO_ARGS)))
		goto done;
	if (!(insert = insert_sql(table, rows)) ||
	    !(a = calloc(lend_rows_columns(rows) + 1, sizeof(*a)))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	for (r = 0; rc == 0 && r < lend_rows_count(rows); r++)
		if ((rc = copy_row(to, insert, rows, r, a)))
			rc = lend__error(db, rc, CONCERN ": table %s: %s", table,
			                 lend__store_errmsg(to));
	*n += (int64_t)lend_rows_count(rows);
done:
	free(a);
	free(insert);
	free(select);
	lend_rows_free(rows);
	return rc;
}

/* Empty TO's tables (what its schema put there: statuses, counters) and
 * copy DB's into them, in one transaction. */
static int copy_all(lend_db *db, lend__store *to, int64_t *n)
{
	size_t i;
	int rc = lend__store_begin(to);
	char *sql;

	for (i = NTABLES; rc == 0 && i-- > 0;) {
		sql = table_sql("DELETE FROM %s", tables[i]);
		rc = sql ? lend__store_exec(to, sql, LEND__NO_ARGS)
		         : LEND_ENOMEM;
		free(sql);
	}
	if (rc != 0)
		rc = lend__error(db, rc, "%s", rc == LEND_ENOMEM ?
		                 "out of memory" : lend__store_errmsg(to));
	for (i = 0; rc == 0 && i < NTABLES; i++)
		rc = copy_table(db, to, tables[i], n);
	if (rc == 0 && ((rc = lend__store_sync_ids(to)) ||
	                (rc = lend__store_commit(to))))
		rc = lend__error(db, rc, "%s", lend__store_errmsg(to));
	if (rc != 0)
		lend__store_rollback(to);
	return rc;
}

/* Connect to WHERE, which must hold nothing, or a lend schema no one has
 * used (no user: what a copy that failed leaves), and bring its schema
 * to this lend's version. */
static int prepare(lend_db *db, lend__store *to, const char *where)
{
	lend__store_info info;
	int64_t users = 0;
	int rc = lend__store_connect(to, where, 0);

	if (rc != 0)
		return lend__error(db, rc, "%s", lend__store_errmsg(to));
	if ((rc = lend__store_inspect(&info, to)) != 0)
		return lend__error(db, rc, CONCERN ": '%s' is not a database "
		                   "lend can use", where);
	if (info.marked && (rc = lend__store_query_int(&users, to,
	                    "SELECT count(*) FROM app_user", LEND__NO_ARGS)))
		return lend__error(db, rc, "%s", lend__store_errmsg(to));
	if (!info.empty && !(info.marked && users == 0))
		return lend__error(db, LEND_EEXISTS, CONCERN ": '%s' already "
		                   "holds tables; it copies into an empty "
		                   "database only", where);
	if (info.version > info.newest)
		return lend__error(db, LEND_EINVAL, CONCERN ": '%s' has schema "
		                   "version %lld, newer than this lend's %d",
		                   where, (long long)info.version, info.newest);
	if ((rc = lend__store_migrate(to)) != 0)
		return lend__error(db, rc, "%s", lend__store_errmsg(to));
	return 0;
}

/* The count of TABLE's rows in DB into *N. */
static int count_rows(int64_t *n, lend_db *db, const char *table)
{
	char *sql = table_sql("SELECT count(*) FROM %s", table);
	int rc;

	if (!sql)
		return lend__error(db, LEND_ENOMEM, "out of memory");
	rc = lend__query_int(n, db, sql, LEND__NO_ARGS);
	free(sql);
	return rc;
}

/* The funder report as JSON, from the first day anything was recorded
 * to today, all members. */
static int report_json(char **out, size_t *len, lend_db *db)
{
	static const char first[] =
		"SELECT coalesce(min(at), '2000-01-01') FROM event";
	char *from = NULL, today[LEND__TIME_LEN], floor[11];
	lend_report_spec spec = { 0 };
	int rc;

	lend__now(today);
	today[10] = '\0';
	if ((rc = lend__query_text(&from, db, first, LEND__NO_ARGS)))
		return lend__error(db, rc, CONCERN ": the first event");
	from[10] = '\0';
	/* A report covers ten years at most: the oldest are left out. */
	lend__date_add(floor, today, -3650);
	spec.from = strcmp(from, today) >= 0 ? today
	            : strcmp(from, floor) < 0 ? floor : from;
	spec.to = today;
	spec.format = "json";
	rc = lend_report_render(out, len, db, &spec);
	free(from);
	return rc;
}

/* Compare what DB (the file) and TO (its copy) hold: every table's count,
 * and the report. */
static int verify(lend_db *db, lend_db *to, const char *where)
{
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0, i;
	int64_t m = 0, n = 0;
	int rc = 0;

	for (i = 0; rc == 0 && i < NTABLES; i++) {
		if ((rc = count_rows(&m, db, tables[i])) ||
		    (rc = count_rows(&n, to, tables[i])))
			return lend__error(db, rc, "%s", lend_errmsg(to));
		if (m != n)
			return lend__error(db, LEND_EDB, CONCERN ": table %s has "
			                   "%lld rows in the file, %lld in '%s'",
			                   tables[i], (long long)m, (long long)n,
			                   where);
	}
	if ((rc = report_json(&a, &alen, db)) ||
	    (rc = report_json(&b, &blen, to)))
		rc = lend__error(db, rc, "%s", lend_errmsg(to));
	else if (alen != blen || memcmp(a, b, alen) != 0)
		rc = lend__error(db, LEND_EDB, CONCERN ": the funder report "
		                 "differs between the file and '%s'", where);
	lend_free(a);
	lend_free(b);
	return rc;
}

int lend_db_migrate_store(lend_db *db, const char *to)
{
	lend__store *dst;
	lend_db *copy = NULL;
	int64_t actor, rows = 0;
	int rc;

	assert(db && to);
	lend__reset(db);
	if ((rc = lend__actor(&actor, db, CONCERN, LEND__ADMIN,
	                      "move the database")))
		return rc;
	if (!lend__store_is_file(db->store) || !lend__store_is_server(to))
		return lend__error(db, LEND_EINVAL, CONCERN ": it copies a "
		                   "SQLite file into a PostgreSQL database "
		                   "(postgresql://...), not '%s'", to);
	if (!(dst = lend__store_new()))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	if ((rc = prepare(db, dst, to)) == 0)
		rc = copy_all(db, dst, &rows);
	lend__store_close(dst);
	if (rc != 0)
		return rc;
	if ((rc = lend_open(&copy, to, 0)) != 0)
		rc = lend__error(db, rc, "%s", copy ? lend_errmsg(copy)
		                                    : "out of memory");
	else if ((rc = verify(db, copy, to)) == 0)
		lend__notice(db, CONCERN ": %zu tables, %lld rows copied; their "
		             "counts and the funder report are equal",
		             NTABLES, (long long)rows);
	lend_close(copy);
	return rc;
}
