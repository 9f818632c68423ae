/*
 * Statements on the PostgreSQL store: prepared once per connection and
 * found again by the caller's SQL pointer, run with their parameters as
 * text, and their values handed back typed as SQLite's store types them
 * (a boolean is the integer 1 or 0, a real prints as SQLite prints it).
 * What goes to the server together, in one round trip, is
 * pg_pipeline.c's.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"
#include "internal.h" /* the rows a query hands back */

#define MAX_ARGS LEND__PG_ARGS

enum { OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
       OID_TEXT = 25, OID_OID = 26, OID_FLOAT4 = 700, OID_FLOAT8 = 701,
       OID_NUMERIC = 1700, OID_BYTEA = 17 };

/* Whether an INSERT's table numbers its rows (an identity id), so that
 * the statement hands the new id back with RETURNING. */
static int numbers_rows(lend__store *s, const char *sql)
{
	const char *p = sql + strlen("INSERT INTO ");
	const char *values[1];
	char table[128];
	size_t n = strcspn(p, " (");
	PGresult *res;
	int yes;

	if (strncmp(sql, "INSERT INTO ", 12) != 0 || strstr(sql, "RETURNING") ||
	    n == 0 || n >= sizeof(table))
		return 0;
	memcpy(table, p, n);
	table[n] = '\0';
	values[0] = table;
	res = PQexecParams(s->pg->conn, "SELECT count(*) FROM pg_attribute "
	                   "WHERE attrelid = to_regclass($1) AND attname = 'id' "
	                   "AND attidentity <> ''", 1, NULL, values, NULL, NULL,
	                   0);
	yes = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	      strcmp(PQgetvalue(res, 0, 0), "1") == 0;
	PQclear(res);
	return yes;
}

/* Prepare TEXT as NAME, its parameters typed by the arguments given: an
 * integer as bigint, the rest left to the server, or, where the server
 * cannot tell (a bare "? IS NULL"), as text. */
static PGresult *prepare(lend__store *s, const char *name, const char *text,
                         int nparam, const lend__arg *a, size_t n)
{
	Oid types[MAX_ARGS];
	PGresult *res = NULL;
	const char *state;
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nparam; i++)
			types[i] = (size_t)i >= n ? (pass ? OID_TEXT : 0)
			         : a[i].type == LEND__ARG_INT ? OID_INT8
			         : a[i].type == LEND__ARG_BLOB ? OID_BYTEA
			         : pass ? OID_TEXT : 0;
		PQclear(res);
		res = lend__pg_in_txn(s)
		      ? lend__pg_prepare_guarded(s, name, text, nparam, types)
		      : PQprepare(s->pg->conn, name, text, nparam, types);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			return res;
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (!state || strncmp(state, "42", 2) != 0)
			break;
	}
	return res;
}

static int is_write(const char *sql)
{
	sql += strspn(sql, " \t\n");
	return strncmp(sql, "SELECT", 6) != 0 && strncmp(sql, "WITH", 4) != 0;
}

/* Prepare SQL into the cache slot ST. */
static int stmt_make(lend__store *s, lend__pg_stmt *st, const char *sql,
                     const lend__arg *a, size_t n)
{
	char *text, *full;
	int nparam, returning;
	PGresult *res;

	if (!(text = lend__pg_translate(sql, &nparam)))
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	if (nparam > MAX_ARGS) {
		free(text);
		return lend__store_fail(s, LEND_EINVAL, "database: more than "
		                        "%d parameters", MAX_ARGS);
	}
	if ((returning = numbers_rows(s, text)))
		strcat(text, " RETURNING id"); /* translate left room */
	full = strdup(sql);
	snprintf(st->name, sizeof(st->name), "lend_%u", ++s->pg->serial);
	res = prepare(s, st->name, text, nparam, a, n);
	free(text);
	if (!full || PQresultStatus(res) != PGRES_COMMAND_OK) {
		free(full);
		st->key = NULL;
		return full ? lend__pg_error(s, res)
		            : (PQclear(res), lend__store_fail(s, LEND_ENOMEM,
		                                              "out of memory"));
	}
	PQclear(res);
	st->sql = full;
	st->key = sql;
	st->write = is_write(sql);
	st->returning = returning;
	return 0;
}

/* The prepared statement of SQL, from the cache or made now. */
static int stmt_get(lend__pg_stmt **out, lend__store *s, const char *sql,
                    const lend__arg *a, size_t n)
{
	lend__pg_stmt *st;
	char drop[48];
	size_t i;
	int rc;

	for (i = 0; i < LEND__STMT_CACHE; i++) {
		st = &s->pg->cache[i];
		if (st->sql && (st->key == sql || strcmp(st->sql, sql) == 0)
		    && strcmp(st->sql, sql) == 0) {
			st->key = sql;
			*out = st;
			return 0;
		}
	}
	if ((rc = lend__pg_settle(s)))
		return rc;
	st = &s->pg->cache[s->pg->cache_next];
	s->pg->cache_next = (s->pg->cache_next + 1) % LEND__STMT_CACHE;
	if (st->sql) {
		snprintf(drop, sizeof(drop), "DEALLOCATE %s", st->name);
		PQclear(PQexec(s->pg->conn, drop));
		free(st->sql);
		st->sql = NULL;
	}
	*out = st;
	return stmt_make(s, st, sql, a, n);
}

/* SQL's prepared statement, with its arguments checked. */
static int stmt_for(lend__pg_stmt **st, lend__store *s, const char *sql,
                    const lend__arg *a, size_t n)
{
	s->errmsg[0] = '\0';
	if (!s->pg || !s->pg->conn)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	if (n > MAX_ARGS)
		return lend__store_fail(s, LEND_EINVAL, "database: more than "
		                        "%d parameters", MAX_ARGS);
	return stmt_get(st, s, sql, a, n);
}

/* SQL's statement and a call of it with given values. */
typedef struct bound {
	lend__pg_stmt *st;
	lend__pg_call k;
	char ints[MAX_ARGS][24]; /* the integers' text, the call points in */
} bound;

/* B: SQL's statement and its call with A's N values as libpq takes them. */
static int bind(bound *b, lend__store *s, const char *sql,
                const lend__arg *a, size_t n)
{
	size_t i;
	int rc = stmt_for(&b->st, s, sql, a, n);

	if (rc)
		return rc;
	memcpy(b->k.name, b->st->name, sizeof(b->k.name));
	b->k.n = (int)n;
	b->k.data = NULL;
	for (i = 0; i < n; i++) {
		b->k.values[i] = a[i].type == LEND__ARG_TEXT ||
		                 a[i].type == LEND__ARG_BLOB ? a[i].s : NULL;
		/* A blob goes as binary, its length given; the rest as text. */
		b->k.formats[i] = a[i].type == LEND__ARG_BLOB;
		b->k.lengths[i] = b->k.formats[i] ? (int)a[i].i : 0;
		if (a[i].type == LEND__ARG_INT) {
			snprintf(b->ints[i], sizeof(b->ints[i]), "%lld",
			         (long long)a[i].i);
			b->k.values[i] = b->ints[i];
		}
	}
	return 0;
}

/* Run K, of statement ST: its result, or an error code. */
static int run_call(PGresult **out, lend__store *s, const lend__pg_stmt *st,
                    const lend__pg_call *k)
{
	PGresult *res = NULL;
	int rc, guard;

	if (!st->write && (rc = lend__pg_ahead_take(&res, s, k)) != 0) {
		if (rc < 0)
			return rc;
		if (lend__pg_failed(res))
			return lend__pg_error(s, res);
		*out = res;
		return 0;
	}
	if (st->write)
		lend__pg_ahead_drop(s);
	/* Writes put off go ahead of it: its failure must not undo them. */
	guard = (st->write || s->pg->nlater) && lend__pg_in_txn(s);
	if (guard || lend__pg_queued(s)) {
		rc = lend__pg_pipelined(&res, s, k, NULL, guard);
	} else {
		res = PQexecPrepared(s->pg->conn, k->name, k->n, k->values,
		                     k->lengths, k->formats, 0);
		rc = lend__pg_failed(res) ? lend__pg_error(s, res) : 0;
	}
	if (rc == 0) {
		if (st->write && *PQcmdTuples(res))
			s->pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
		if (st->returning && PQntuples(res) > 0)
			s->pg->last_id = strtoll(PQgetvalue(res,
			        PQntuples(res) - 1, 0), NULL, 10);
		*out = res;
		return 0;
	}
	if (guard)
		PQclear(PQexec(s->pg->conn, "ROLLBACK TO SAVEPOINT lend_w"));
	return rc;
}

/* Run SQL with its arguments: the result, or an error code. */
static int run(PGresult **out, lend__store *s, const char *sql,
               const lend__arg *a, size_t n)
{
	bound b;
	int rc = bind(&b, s, sql, a, n);

	return rc ? rc : run_call(out, s, b.st, &b.k);
}

int lend__pg_exec_later(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n)
{
	bound b;
	int rc;

	if (!s->pg || !lend__pg_in_txn(s))
		return lend__pg_exec(s, sql, a, n);
	return (rc = bind(&b, s, sql, a, n)) ? rc : lend__pg_later_add(s, &b.k);
}

int lend__pg_read_ahead(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n)
{
	bound b;
	int rc;

	if (!s->pg || !lend__pg_in_txn(s))
		return 0;
	if ((rc = bind(&b, s, sql, a, n)))
		return rc;
	return b.st->write ? 0 : lend__pg_ahead_add(s, &b.k);
}

int lend__pg_exec(lend__store *s, const char *sql, const lend__arg *a,
                  size_t n)
{
	PGresult *res = NULL;
	int rc = run(&res, s, sql, a, n);

	PQclear(res);
	return rc;
}

int64_t lend__pg_last_id(lend__store *s)
{
	return s->pg ? s->pg->last_id : 0;
}

int64_t lend__pg_changes(lend__store *s)
{
	return s->pg ? s->pg->changes : 0;
}

/* A real as SQLite prints one: 15 digits, and ".0" when whole. */
static const char *real_text(char *buf, size_t size, const char *v)
{
	snprintf(buf, size, "%.15g", strtod(v, NULL));
	if (!strpbrk(buf, ".eni"))
		strcat(buf, ".0");
	return buf;
}

/* The value at ROW, COL of RES as SQLite's store gives it: its type, and
 * its text in *TEXT (perhaps in BUF, of 40 bytes). */
static int cell(const char **text, char *buf, PGresult *res, int row,
                int col)
{
	const char *v = PQgetvalue(res, row, col);

	*text = v;
	if (PQgetisnull(res, row, col))
		return LEND_NULL;
	switch (PQftype(res, col)) {
	case OID_BOOL:
		*text = *v == 't' ? "1" : "0";
		return LEND_INTEGER;
	case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID:
		return LEND_INTEGER;
	case OID_NUMERIC:
		if (!strchr(v, '.'))
			return LEND_INTEGER;
		/* fall through */
	case OID_FLOAT4: case OID_FLOAT8:
		*text = real_text(buf, 40, v);
		return LEND_REAL;
	default:
		return LEND_TEXT;
	}
}

/* Run SQL to its first row: the result with a row whose first value is
 * not NULL, LEND_ENOTFOUND without, or an error. */
static int first_value(PGresult **out, const char **text, char *buf,
                       lend__store *s, const char *sql, const lend__arg *a,
                       size_t n)
{
	PGresult *res = NULL;
	int rc = run(&res, s, sql, a, n), type;

	if (rc != 0)
		return rc;
	if (PQntuples(res) < 1 || PQnfields(res) < 1 ||
	    (type = cell(text, buf, res, 0, 0)) == LEND_NULL) {
		PQclear(res);
		return LEND_ENOTFOUND;
	}
	*out = res;
	return type;
}

int lend__pg_query_int(int64_t *out, lend__store *s, const char *sql,
                       const lend__arg *a, size_t n)
{
	PGresult *res = NULL;
	const char *text;
	char buf[40];
	int type = first_value(&res, &text, buf, s, sql, a, n);

	if (type < 0)
		return type;
	*out = type == LEND_REAL ? (int64_t)strtod(text, NULL)
	                         : strtoll(text, NULL, 10);
	PQclear(res);
	return 0;
}

int lend__pg_query_text(char **out, lend__store *s, const char *sql,
                        const lend__arg *a, size_t n)
{
	PGresult *res = NULL;
	const char *text;
	char buf[40], *copy;
	int type = first_value(&res, &text, buf, s, sql, a, n);

	if (type < 0)
		return type;
	copy = strdup(text);
	PQclear(res);
	if (!copy)
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	*out = copy;
	return 0;
}

static lend_rows *to_rows(PGresult *res)
{
	int ncols = PQnfields(res), r, c;
	lend_rows *rows = lend__rows_new((size_t)ncols);
	const char *text;
	char buf[40];
	long row;

	for (c = 0; rows && c < ncols; c++)
		if (lend__rows_set_name(rows, (size_t)c, PQfname(res, c)))
			goto fail;
	for (r = 0; rows && r < PQntuples(res); r++) {
		if ((row = lend__rows_add(rows)) < 0)
			goto fail;
		for (c = 0; c < ncols; c++) {
			int type = cell(&text, buf, res, r, c);

			if (lend__rows_set(rows, (size_t)row, (size_t)c, type,
			                   type == LEND_NULL ? NULL : text,
			                   strlen(text)))
				goto fail;
		}
	}
	return rows;
fail:
	lend_rows_free(rows);
	return NULL;
}

int lend__pg_query_rows(lend_rows **out, lend__store *s, const char *sql,
                        const lend__arg *a, size_t n)
{
	PGresult *res = NULL;
	lend_rows *rows;
	int rc = run(&res, s, sql, a, n);

	if (rc != 0)
		return rc;
	rows = to_rows(res);
	PQclear(res);
	if (!rows)
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	*out = rows;
	return 0;
}
