/*
 * Statements on the PostgreSQL store: prepared once per connection and
 * found again by the caller's SQL pointer, run with their parameters as
 * text, and their values handed back typed as SQLite's store types them
 * (a boolean is the integer 1 or 0, a real prints as SQLite prints it).
 *
 * In a transaction, each statement that writes runs inside a savepoint:
 * SQLite fails the statement alone, where PostgreSQL would fail the whole
 * transaction, and an import goes on past a refused row.  The savepoint,
 * and a transaction's BEGIN put off until its first statement, go to the
 * server in one round trip with the statement (libpq's pipeline mode): a
 * check-out runs some thirty statements, and the round trips were most of
 * its time.  So do the writes whose result nobody reads, put
 * off until the next statement or the commit: a failure of one is the
 * failure of the statement it went with.
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

static PGresult *prepare_guarded(lend__store *s, const char *name,
                                 const char *text, int nparam,
                                 const Oid *types);

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
		      ? prepare_guarded(s, name, text, nparam, types)
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

	for (i = 0; i < LEND__STMT_CACHE; i++) {
		st = &s->pg->cache[i];
		if (st->sql && (st->key == sql || strcmp(st->sql, sql) == 0)
		    && strcmp(st->sql, sql) == 0) {
			st->key = sql;
			*out = st;
			return 0;
		}
	}
	if (lend__pg_settle(s))
		return LEND_EDB;
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

static int send_text(PGconn *c, const char *sql)
{
	return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

/* Send what goes ahead of a statement: the BEGIN put off, and with GUARD
 * (a write in a transaction) a savepoint just before it, so that its
 * failure undoes it alone.  How many statements were sent, or -1. */
static int send_ahead(lend__store *s, int guard)
{
	PGconn *c = s->pg->conn;
	const lend__pg_later *l;
	int k = 0, ok = 1, j;

	if (s->pg->begin_pending) {
		s->pg->begin_pending = 0;
		s->pg->savepoint = 0;
		for (; lend__pg_begin_sql[k]; k++)
			ok &= send_text(c, lend__pg_begin_sql[k]);
	}
	for (j = 0; j < s->pg->nlater; j++, k += 2) {
		l = &s->pg->later[j];
		if (s->pg->savepoint)
			ok &= send_text(c, "RELEASE SAVEPOINT lend_w"), k++;
		s->pg->savepoint = 1;
		ok &= send_text(c, "SAVEPOINT lend_w") &&
		      PQsendQueryPrepared(c, l->st->name, l->n, l->values,
		                          l->lengths, l->formats, 0);
	}
	lend__pg_later_drop(s);
	if (guard && s->pg->savepoint)
		ok &= send_text(c, "RELEASE SAVEPOINT lend_w"), k++;
	if (guard)
		ok &= send_text(c, "SAVEPOINT lend_w"), k++;
	s->pg->savepoint |= guard;
	return ok ? k : -1;
}

static int failed(const PGresult *res)
{
	return PQresultStatus(res) != PGRES_COMMAND_OK &&
	       PQresultStatus(res) != PGRES_TUPLES_OK;
}

/* The result of the pipeline's next statement (up to its NULL). */
static PGresult *next_result(PGconn *c)
{
	PGresult *res = PQgetResult(c), *more;

	while (res && (more = PQgetResult(c)))
		PQclear(more);
	return res;
}

/* In a transaction: prepare TEXT inside a savepoint, so that a statement
 * the server refuses leaves the transaction as it was, in one round trip
 * with the savepoint and its release.  The result of the prepare. */
static PGresult *prepare_guarded(lend__store *s, const char *name,
                                 const char *text, int nparam,
                                 const Oid *types)
{
	PGconn *c = s->pg->conn;
	PGresult *res = NULL;

	if (!PQenterPipelineMode(c))
		return NULL;
	if (send_text(c, "SAVEPOINT lend_p") &&
	    PQsendPrepare(c, name, text, nparam, types) &&
	    send_text(c, "RELEASE SAVEPOINT lend_p") && PQpipelineSync(c)) {
		PQclear(next_result(c));
		res = next_result(c);
		PQclear(next_result(c));
		PQclear(PQgetResult(c)); /* the sync */
	}
	PQexitPipelineMode(c);
	if (res && failed(res))
		PQclear(PQexec(c, "ROLLBACK TO SAVEPOINT lend_p; "
		               "RELEASE SAVEPOINT lend_p"));
	return res;
}

/* Run ST, or the statement TEXT (both NULL: nothing more), with its N
 * VALUES after what goes ahead of it, in one round trip: its result in
 * *OUT, or the code of the first statement that failed (the rest were not
 * run). */
static int pipelined(PGresult **out, lend__store *s, const lend__pg_stmt *st,
                     const char *text, int n, const char *const *values,
                     const int *lengths, const int *formats, int guard)
{
	PGconn *c = s->pg->conn;
	PGresult *res, *bad = NULL;
	int k, i, lost = 0, last = st || text;

	if (!PQenterPipelineMode(c))
		return lend__pg_error(s, NULL);
	k = send_ahead(s, guard);
	if (k < 0 || (st && !PQsendQueryPrepared(c, st->name, n, values, lengths,
	                                         formats, 0)) ||
	    (text && !send_text(c, text)) || !PQpipelineSync(c)) {
		PQexitPipelineMode(c);
		return lend__pg_error(s, NULL); /* the connection is gone */
	}
	for (i = 0; i < k + last && !lost; i++) {
		if (!(res = next_result(c)))
			lost = 1;
		else if (!bad && failed(res))
			bad = res;
		else if (!bad && last && i == k)
			*out = res;
		else
			PQclear(res);
	}
	if (!lost)
		PQclear(PQgetResult(c)); /* the sync */
	PQexitPipelineMode(c);
	return bad || lost ? lend__pg_error(s, bad) : 0;
}

int lend__pg_settle(lend__store *s)
{
	PGresult *res = NULL;

	if (!s->pg || (!s->pg->begin_pending && !s->pg->nlater))
		return 0;
	return pipelined(&res, s, NULL, NULL, 0, NULL, NULL, NULL, 0);
}

int lend__pg_commit_later(PGresult **out, lend__store *s)
{
	return pipelined(out, s, NULL, "COMMIT", 0, NULL, NULL, NULL, 0);
}

void lend__pg_later_drop(lend__store *s)
{
	int j;

	for (j = 0; s->pg && j < s->pg->nlater; j++)
		free(s->pg->later[j].data);
	if (s->pg)
		s->pg->nlater = 0;
}

/* Put off ST with its N VALUES, copied. */
static int later_add(lend__store *s, const lend__pg_stmt *st,
                     const char *const *values, const int *lengths,
                     const int *formats, int n)
{
	lend__pg_later *l = &s->pg->later[s->pg->nlater];
	size_t len[MAX_ARGS], size = 1;
	char *p;
	int i;

	for (i = 0; i < n; i++)
		size += len[i] = !values[i] ? 0 : formats[i] ? (size_t)lengths[i]
		                                : strlen(values[i]) + 1;
	if (!(l->data = malloc(size)))
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	for (p = l->data, i = 0; i < n; p += len[i], i++) {
		l->values[i] = values[i] ? memcpy(p, values[i], len[i]) : NULL;
		l->lengths[i] = lengths[i];
		l->formats[i] = formats[i];
	}
	l->st = st;
	l->n = n;
	s->pg->nlater++;
	return 0;
}

/* A's N values as libpq takes them, an integer's text in INTS. */
static void bind(const char **values, int *lengths, int *formats,
                 char ints[][24], const lend__arg *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		values[i] = a[i].type == LEND__ARG_TEXT ||
		            a[i].type == LEND__ARG_BLOB ? a[i].s : NULL;
		/* A blob goes as binary, its length given; the rest as text. */
		formats[i] = a[i].type == LEND__ARG_BLOB;
		lengths[i] = formats[i] ? (int)a[i].i : 0;
		if (a[i].type == LEND__ARG_INT) {
			snprintf(ints[i], sizeof(ints[i]), "%lld",
			         (long long)a[i].i);
			values[i] = ints[i];
		}
	}
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

/* Run SQL with its arguments: the result, or an error code. */
static int run(PGresult **out, lend__store *s, const char *sql,
               const lend__arg *a, size_t n)
{
	char ints[MAX_ARGS][24];
	const char *values[MAX_ARGS];
	int lengths[MAX_ARGS], formats[MAX_ARGS];
	lend__pg_stmt *st;
	PGresult *res;
	int rc, guard;

	if ((rc = stmt_for(&st, s, sql, a, n)) != 0)
		return rc;
	bind(values, lengths, formats, ints, a, n);
	/* Writes put off go ahead of it: its failure must not undo them. */
	guard = (st->write || s->pg->nlater) && lend__pg_in_txn(s);
	if (guard || s->pg->begin_pending) {
		res = NULL;
		rc = pipelined(&res, s, st, NULL, (int)n, values, lengths,
		               formats, guard);
	} else {
		res = PQexecPrepared(s->pg->conn, st->name, (int)n, values,
		                     lengths, formats, 0);
		rc = failed(res) ? lend__pg_error(s, res) : 0;
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

int lend__pg_exec_later(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n)
{
	char ints[MAX_ARGS][24];
	const char *values[MAX_ARGS];
	int lengths[MAX_ARGS], formats[MAX_ARGS];
	lend__pg_stmt *st;
	int rc;

	if (!s->pg || !lend__pg_in_txn(s))
		return lend__pg_exec(s, sql, a, n);
	if ((s->pg->nlater == LEND__PG_LATER && (rc = lend__pg_settle(s))) ||
	    (rc = stmt_for(&st, s, sql, a, n)))
		return rc;
	bind(values, lengths, formats, ints, a, n);
	return later_add(s, st, values, lengths, formats, (int)n);
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
