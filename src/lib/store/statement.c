/*
 * Statements on the SQLite store: the cache of prepared statements, the
 * binding of parameters, and the runs that hand back nothing, one value or
 * every row.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "sqlite.h"
#include "internal.h" /* the rows a query hands back */

/* A prepared statement for SQL, reset and cleared, from the cache. */
static int stmt_get(sqlite3_stmt **out, lend__store *s, const char *sql)
{
	sqlite3_stmt *st;
	size_t i;
	int src;

	/* Most SQL is a static string, so its address finds it; the text is
	 * still compared, since a freed buffer's address can come back with
	 * other SQL in it. */
	for (i = 0; i < LEND__STMT_CACHE; i++)
		if (s->cache_key[i] == sql && s->cache[i] &&
		    strcmp(sqlite3_sql(s->cache[i]), sql) == 0) {
			*out = s->cache[i];
			return 0;
		}
	for (i = 0; i < LEND__STMT_CACHE; i++) {
		st = s->cache[i];
		if (st && strcmp(sqlite3_sql(st), sql) == 0) {
			s->cache_key[i] = sql;
			*out = st;
			return 0;
		}
	}
	if (!s->sql)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	src = sqlite3_prepare_v3(s->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                         &st, NULL);
	if (src != SQLITE_OK)
		return lend__store_sql_error(s, src);
	i = s->cache_next;
	s->cache_next = (i + 1) % LEND__STMT_CACHE;
	sqlite3_finalize(s->cache[i]);
	s->cache[i] = st;
	s->cache_key[i] = sql;
	*out = st;
	return 0;
}

static void stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int bind_args(lend__store *s, sqlite3_stmt *st, const lend__arg *a,
                     size_t n)
{
	size_t i;
	int src = SQLITE_OK;

	for (i = 0; i < n && src == SQLITE_OK; i++) {
		int pos = (int)i + 1;

		if (a[i].type == LEND__ARG_INT)
			src = sqlite3_bind_int64(st, pos, a[i].i);
		else if (a[i].type == LEND__ARG_TEXT && a[i].s)
			src = sqlite3_bind_text(st, pos, a[i].s, -1,
			                        SQLITE_STATIC);
		else if (a[i].type == LEND__ARG_BLOB && a[i].s)
			src = sqlite3_bind_blob64(st, pos, a[i].s,
			                          (sqlite3_uint64)a[i].i,
			                          SQLITE_STATIC);
		else
			src = sqlite3_bind_null(st, pos);
	}
	return src == SQLITE_OK ? 0 : lend__store_sql_error(s, src);
}

/* Prepare SQL and bind its parameters; the message is cleared first, as
 * every statement run starts here. */
static int stmt_start(sqlite3_stmt **out, lend__store *s, const char *sql,
                      const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	s->errmsg[0] = '\0';
	if ((rc = stmt_get(&st, s, sql)) != 0)
		return rc;
	if ((rc = bind_args(s, st, a, n)) != 0) {
		stmt_done(st);
		return rc;
	}
	*out = st;
	return 0;
}

static int step_error(lend__store *s)
{
	return lend__store_sql_error(s, sqlite3_extended_errcode(s->sql));
}

int lend__sqlite_exec(lend__store *s, const char *sql, const lend__arg *a,
                     size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc, src;

	if ((rc = stmt_start(&st, s, sql, a, n)) != 0)
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		;
	rc = src == SQLITE_DONE ? 0 : step_error(s);
	stmt_done(st);
	return rc;
}

int64_t lend__sqlite_last_id(lend__store *s)
{
	return s->sql ? sqlite3_last_insert_rowid(s->sql) : 0;
}

int64_t lend__sqlite_changes(lend__store *s)
{
	return s->sql ? sqlite3_changes64(s->sql) : 0;
}

/* Step SQL to its first row: 1 with a row, 0 without, or an error. */
static int first_row(sqlite3_stmt **out, lend__store *s, const char *sql,
                     const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc, src;

	if ((rc = stmt_start(&st, s, sql, a, n)) != 0)
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = st;
		return 1;
	}
	rc = src == SQLITE_ROW || src == SQLITE_DONE ? 0 : step_error(s);
	stmt_done(st);
	return rc;
}

int lend__sqlite_query_int(int64_t *out, lend__store *s, const char *sql,
                          const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc = first_row(&st, s, sql, a, n);

	if (rc <= 0)
		return rc == 0 ? LEND_ENOTFOUND : rc;
	*out = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return 0;
}

int lend__sqlite_query_text(char **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	const char *value;
	char *text;
	int rc = first_row(&st, s, sql, a, n);

	if (rc <= 0)
		return rc == 0 ? LEND_ENOTFOUND : rc;
	/* NULL here is SQLite out of memory: the value itself is not NULL. */
	value = (const char *)sqlite3_column_text(st, 0);
	text = value ? strdup(value) : NULL;
	stmt_done(st);
	if (!text)
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	*out = text;
	return 0;
}

static int row_to_rows(lend_rows *r, sqlite3_stmt *st, size_t ncols)
{
	long row = lend__rows_add(r);
	size_t c;

	if (row < 0)
		return LEND_ENOMEM;
	for (c = 0; c < ncols; c++) {
		int type;
		const unsigned char *text;

		switch (sqlite3_column_type(st, (int)c)) {
		case SQLITE_NULL: type = LEND_NULL; break;
		case SQLITE_INTEGER: type = LEND_INTEGER; break;
		case SQLITE_FLOAT: type = LEND_REAL; break;
		default: type = LEND_TEXT; break;
		}
		text = sqlite3_column_text(st, (int)c);
		if (lend__rows_set(r, (size_t)row, c, type, (const char *)text,
		                   (size_t)sqlite3_column_bytes(st, (int)c)))
			return LEND_ENOMEM;
	}
	return 0;
}

static lend_rows *named_rows(sqlite3_stmt *st, size_t ncols)
{
	lend_rows *r = lend__rows_new(ncols);
	size_t c;

	for (c = 0; r && c < ncols; c++)
		if (lend__rows_set_name(r, c, sqlite3_column_name(st, (int)c))) {
			lend_rows_free(r);
			r = NULL;
		}
	return r;
}

int lend__sqlite_query_rows(lend_rows **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	lend_rows *r = NULL;
	size_t ncols;
	int rc, src;

	if ((rc = stmt_start(&st, s, sql, a, n)) != 0)
		return rc;
	ncols = (size_t)sqlite3_column_count(st);
	if (!(r = named_rows(st, ncols))) {
		rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
		goto done;
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if (row_to_rows(r, st, ncols)) {
			rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
			goto done;
		}
	if (src != SQLITE_DONE)
		rc = step_error(s);
done:
	stmt_done(st);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}
