/*
 * The PostgreSQL store: its connection through libpq and how it is
 * configured, its transactions, and how the server's failures become our
 * codes and messages.  With the other pg*.c files, the only code in lend
 * that calls libpq.
 *
 * Writers are serialised as SQLite's BEGIN IMMEDIATE serialises them: each
 * transaction first takes one advisory lock of the database, so that two
 * desks checking out the same device never interleave, and no transaction
 * fails half-way for another's sake (no serialisation failure, no
 * deadlock, nothing to retry).  The partial unique index on open loan
 * items still stands behind it.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

/* The advisory lock every transaction takes: 'LEND' in ASCII. */
#define LOCK_KEY "1279610436"

/* Sent with the transaction's first statement (pg_statement.c). */
const char *const lend__pg_begin_sql[] = {
	"BEGIN", "SET LOCAL lock_timeout = '15s'",
	"SELECT pg_advisory_xact_lock(" LOCK_KEY ")", NULL
};

/* libpq's messages run over several lines: keep one. */
static void one_line(char *to, size_t size, const char *msg)
{
	size_t n = 0;

	for (; *msg && n + 1 < size; msg++) {
		if (*msg == '\n' || *msg == '\r') {
			if (msg[1] == '\0' || n + 3 >= size)
				break;
			to[n++] = ';';
			to[n++] = ' ';
			continue;
		}
		to[n++] = *msg;
	}
	to[n] = '\0';
}

/* SQLSTATE classes as our codes: a unique key, a trigger's refusal, any
 * other constraint, anything else. */
static int code_of(const char *state)
{
	if (!state)
		return LEND_EDB;
	if (strcmp(state, "23505") == 0)
		return LEND_EEXISTS;
	if (strcmp(state, "P0001") == 0)
		return LEND_ECONFLICT;
	if (strncmp(state, "23", 2) == 0)
		return LEND_EINVAL;
	if (strcmp(state, "53200") == 0)
		return LEND_ENOMEM;
	return LEND_EDB;
}

int lend__pg_error(lend__store *s, PGresult *res)
{
	char line[400];
	const char *msg = NULL, *state = NULL;
	int code;

	if (res) {
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	if (!msg && s->pg && s->pg->conn)
		msg = PQerrorMessage(s->pg->conn);
	one_line(line, sizeof(line), msg && *msg ? msg : "not open");
	code = code_of(state);
	if (state && strcmp(state, "55P03") == 0)
		lend__store_fail(s, code, "database: still busy after %d s; "
		                 "try again", LEND__BUSY_TIMEOUT_MS / 1000);
	else if (code == LEND_ENOMEM)
		lend__store_fail(s, code, "out of memory");
	else
		lend__store_fail(s, code, "database: %s", line);
	PQclear(res);
	return code;
}

int lend__pg_script(lend__store *s, const char *sql)
{
	PGresult *res;
	int rc;

	if (!s->pg || !s->pg->conn)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	if ((rc = lend__pg_settle(s)))
		return rc;
	lend__pg_ahead_drop(s); /* SQL may write */
	res = PQexec(s->pg->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		return lend__pg_error(s, res);
	PQclear(res);
	return 0;
}

/* Notices ("relation exists, skipping") are not lend's to print. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* WHERE as it may be shown: a password in it is not. */
static void shown(char *to, size_t size, const char *where)
{
	const char *at = strchr(where, '@'), *colon;
	const char *pw = strstr(where, "password=");

	snprintf(to, size, "%s", where);
	if (lend__store_is_server(where) && strncmp(where, "postgres", 8) == 0
	    && at && (colon = strchr(strstr(where, "://") + 3, ':')) &&
	    colon < at)
		snprintf(to, size, "%.*s:***%s", (int)(colon - where), where,
		         at);
	else if (pw)
		snprintf(to, size, "%.*spassword=***", (int)(pw - where),
		         where);
}

static int lend__pg_connect(lend__store *s, const char *where, int readonly)
{
	char name[300], why[300];

	s->errmsg[0] = '\0';
	if (!s->pg && !(s->pg = calloc(1, sizeof(*s->pg))))
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	if (lend__pq_load(why, sizeof(why)))
		return lend__store_fail(s, LEND_EDB, "database: %s", why);
	s->pg->conn = PQconnectdb(where);
	if (!s->pg->conn)
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	if (PQstatus(s->pg->conn) != CONNECTION_OK) {
		shown(name, sizeof(name), where);
		one_line(why, sizeof(why), PQerrorMessage(s->pg->conn));
		lend__store_fail(s, LEND_EDB, "database: cannot connect to "
		                 "'%s': %s", name, why);
		PQfinish(s->pg->conn);
		s->pg->conn = NULL;
		return LEND_EDB;
	}
	PQsetNoticeProcessor(s->pg->conn, quiet, NULL);
	return lend__pg_script(s, readonly ?
		"SET TimeZone = 'UTC'; SET client_min_messages = warning; "
		"SET default_transaction_read_only = on" :
		"SET TimeZone = 'UTC'; SET client_min_messages = warning");
}

static void lend__pg_disconnect(lend__store *s)
{
	size_t i;

	if (!s->pg)
		return;
	lend__pg_later_drop(s);
	lend__pg_ahead_drop(s);
	for (i = 0; i < LEND__STMT_CACHE; i++)
		free(s->pg->cache[i].sql);
	PQfinish(s->pg->conn);
	free(s->pg);
	s->pg = NULL;
}

/* A server database is made by its administrator (createdb); lend init
 * only checks that it is empty, and migrate then fills it. */
static int lend__pg_create(lend__store *s, const char *where,
                           const char *concern)
{
	lend__store_info info;
	char name[300];
	int rc;

	if ((rc = lend__pg_connect(s, where, 0)) == 0 &&
	    (rc = lend__pg_inspect(&info, s)) == 0 && !info.empty) {
		shown(name, sizeof(name), where);
		rc = lend__store_fail(s, LEND_EEXISTS, "%s: '%s' already holds "
		                      "tables", concern, name);
	}
	lend__pg_disconnect(s);
	return rc;
}

/* Nothing to remove: the schema a failed init made is in the database. */
static void lend__pg_remove(const char *where)
{
	(void)where;
}

static int lend__pg_query_only(lend__store *s)
{
	s->errmsg[0] = '\0';
	return lend__pg_script(s, "SET default_transaction_read_only = on");
}

/* The server is durable by itself. */
static int lend__pg_durable(lend__store *s)
{
	s->errmsg[0] = '\0';
	return 0;
}

/* The BEGIN, its lock and its timeout wait for the first statement and
 * go in the same round trip (lend__pg_begin_sql); a lock not had by then
 * fails that statement as it failed BEGIN. */
int lend__pg_begin(lend__store *s)
{
	s->errmsg[0] = '\0';
	if (!s->pg || !s->pg->conn)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	s->pg->savepoint = 0;
	s->pg->begin_pending = 1;
	return 0;
}

/* COMMIT of a transaction a failure ended says ROLLBACK, not an error.
 * One that ran no statement was never begun. */
int lend__pg_commit(lend__store *s)
{
	PGresult *res;
	int rc;

	s->errmsg[0] = '\0';
	if (!s->pg || !s->pg->conn)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	lend__pg_ahead_drop(s);
	if (s->pg->nlater) {
		res = NULL;
		if ((rc = lend__pg_commit_later(&res, s)))
			return rc;
	} else if (s->pg->begin_pending) {
		s->pg->begin_pending = 0;
		return 0;
	} else if (PQresultStatus(res = PQexec(s->pg->conn, "COMMIT")) !=
	           PGRES_COMMAND_OK)
		return lend__pg_error(s, res);
	if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		PQclear(res);
		return lend__store_fail(s, LEND_EDB, "database: the transaction "
		                        "failed and was rolled back");
	}
	PQclear(res);
	return 0;
}

int lend__pg_rollback(lend__store *s)
{
	PGresult *res;
	int rc = 0;

	lend__pg_later_drop(s);
	lend__pg_ahead_drop(s);
	if (!lend__pg_in_txn(s))
		return 0;
	if (s->pg->begin_pending) {
		s->pg->begin_pending = 0;
		return 0;
	}
	res = PQexec(s->pg->conn, "ROLLBACK");
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		PQclear(res);
	else if (s->errmsg[0])
		PQclear(res), rc = LEND_EDB;
	else
		rc = lend__pg_error(s, res);
	return rc;
}

int lend__pg_in_txn(const lend__store *s)
{
	PGTransactionStatusType t;

	if (!s->pg || !s->pg->conn)
		return 0;
	if (s->pg->begin_pending)
		return 1;
	t = PQtransactionStatus(s->pg->conn);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

static int lend__pg_backup(lend__store *s, const char *path,
                           const char *concern)
{
	(void)path;
	return lend__store_fail(s, LEND_EINVAL, "%s: a PostgreSQL database is "
	                        "backed up with pg_dump (see lend(1))",
	                        concern);
}

/* The first step of a restore (store.h): refused. */
static int lend__pg_stage(char *staged, size_t size, lend__store *from,
                          const char *where, const char *concern)
{
	(void)where;
	if (size)
		staged[0] = '\0';
	return lend__store_fail(from, LEND_EINVAL, "%s: a PostgreSQL database "
	                        "is restored with pg_restore (see lend(1))",
	                        concern);
}

/* The columns' types are TABLE's, copied with no constraint. */
static int stage_table(lend__store *s, const char *name, const char *table,
                       const char *cols)
{
	char sql[2048];
	PGresult *res;
	int there, rc;

	s->errmsg[0] = '\0';
	if ((rc = lend__pg_settle(s)))
		return rc;
	snprintf(sql, sizeof(sql), "SELECT to_regclass('pg_temp.%s')", name);
	res = PQexec(s->pg->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return lend__pg_error(s, res);
	there = !PQgetisnull(res, 0, 0);
	PQclear(res);
	if (there)
		return 0;
	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE %s AS SELECT %s FROM %s "
	         "WHERE false; ALTER TABLE pg_temp.%s ADD COLUMN n BIGINT "
	         "GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", name, cols,
	         table, name);
	return lend__pg_script(s, sql);
}

const lend__store_ops lend__pg_ops = {
	lend__pg_create, lend__pg_connect, lend__pg_query_only,
	lend__pg_durable, lend__pg_disconnect, lend__pg_remove,
	lend__pg_exec, lend__pg_exec_later, lend__pg_read_ahead, stage_table, lend__pg_last_id,
	lend__pg_changes,
	lend__pg_query_int, lend__pg_query_text, lend__pg_query_rows,
	lend__pg_begin, lend__pg_commit, lend__pg_rollback, lend__pg_in_txn,
	lend__pg_inspect, lend__pg_migrate, lend__pg_check, lend__pg_sync_ids,
	lend__pg_backup, lend__pg_stage,
};
