/*
 * What goes to the PostgreSQL server in one round trip (libpq's pipeline
 * mode).  A check-out runs some thirty statements, and a round trip to a
 * server costs more than most of them take to run, so the store sends
 * together what need not wait for an answer:
 *
 *   - a transaction's BEGIN, put off until its first statement;
 *   - the writes whose result nobody reads, put off until the next
 *     statement or the commit: a failure of one is the failure of the
 *     statement it went with;
 *   - the reads a caller says it will ask for next (read ahead), whose
 *     results wait here until it does.  A write makes them stale: any
 *     write forgets every read ahead, sent or not.
 *
 * In a transaction each write runs inside a savepoint: SQLite fails the
 * statement alone, where PostgreSQL would fail the whole transaction, and
 * an import goes on past a refused row.  The savepoint goes in the same
 * round trip as its write.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "pg.h"

/* Statements one round trip sends at most: the BEGIN's (3), each write
 * put off with its savepoint and the release of the one before, a
 * savepoint and release before the reads ahead, the reads, and the
 * statement with its own savepoint and release. */
#define PIPE_MAX (3 + 3 * LEND__PG_LATER + 2 + LEND__PG_AHEAD + 3)

/* A round trip being sent: where each statement's result goes (NULL:
 * nowhere, but a failure is reported). */
typedef struct trip {
	PGresult **dest[PIPE_MAX];
	int n;
	int ok;
} trip;

static void sent(trip *p, int ok, PGresult **dest)
{
	p->ok &= ok;
	p->dest[p->n++] = dest;
}

static int send_text(PGconn *c, const char *sql)
{
	return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

static int send_call(PGconn *c, const lend__pg_call *k)
{
	return PQsendQueryPrepared(c, k->name, k->n, k->values, k->lengths,
	                           k->formats, 0);
}

/* The savepoint a write in a transaction runs in, the one before it
 * released. */
static void send_savepoint(lend__store *s, trip *p)
{
	PGconn *c = s->pg->conn;

	if (s->pg->savepoint)
		sent(p, send_text(c, "RELEASE SAVEPOINT lend_w"), NULL);
	sent(p, send_text(c, "SAVEPOINT lend_w"), NULL);
	s->pg->savepoint = 1;
}

/* Whether a read ahead waits to be sent. */
static int queued_reads(const lend__store *s)
{
	int j;

	for (j = 0; j < s->pg->nahead; j++)
		if (!s->pg->ahead[j].sent)
			return 1;
	return 0;
}

int lend__pg_queued(const lend__store *s)
{
	return s->pg && (s->pg->begin_pending || s->pg->nlater ||
	                 queued_reads(s));
}

/* Send what was put off: the BEGIN, the writes, the reads ahead not sent
 * yet; with GUARD (a write in a transaction), the savepoint of the
 * statement that follows. */
static void send_queued(lend__store *s, trip *p, int guard)
{
	PGconn *c = s->pg->conn;
	lend__pg_ahead *a;
	int j;

	if (s->pg->begin_pending) {
		s->pg->begin_pending = 0;
		s->pg->savepoint = 0;
		for (j = 0; lend__pg_begin_sql[j]; j++)
			sent(p, send_text(c, lend__pg_begin_sql[j]), NULL);
	}
	for (j = 0; j < s->pg->nlater; j++) {
		send_savepoint(s, p);
		sent(p, send_call(c, &s->pg->later[j]), NULL);
	}
	/* A read ahead that failed must not take the last write with it when
	 * the statement's failure is undone to the savepoint. */
	if (s->pg->nlater && queued_reads(s))
		send_savepoint(s, p);
	lend__pg_later_drop(s);
	for (j = 0; j < s->pg->nahead; j++) {
		a = &s->pg->ahead[j];
		if (a->sent)
			continue;
		a->sent = 1;
		sent(p, send_call(c, &a->call), &a->res);
	}
	if (guard)
		send_savepoint(s, p);
}

int lend__pg_failed(const PGresult *res)
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

PGresult *lend__pg_prepare_guarded(lend__store *s, const char *name,
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
	if (res && lend__pg_failed(res))
		PQclear(PQexec(c, "ROLLBACK TO SAVEPOINT lend_p; "
		               "RELEASE SAVEPOINT lend_p"));
	return res;
}

int lend__pg_pipelined(PGresult **out, lend__store *s, const lend__pg_call *k,
                       const char *text, int guard)
{
	PGconn *c = s->pg->conn;
	PGresult *res, *bad = NULL;
	trip p = { { 0 }, 0, 1 };
	int i, lost = 0;

	if (!PQenterPipelineMode(c))
		return lend__pg_error(s, NULL);
	send_queued(s, &p, guard);
	if (k)
		sent(&p, send_call(c, k), out);
	if (text)
		sent(&p, send_text(c, text), out);
	if (!p.ok || !PQpipelineSync(c)) {
		PQexitPipelineMode(c);
		return lend__pg_error(s, NULL); /* the connection is gone */
	}
	for (i = 0; i < p.n && !lost; i++) {
		if (!(res = next_result(c)))
			lost = 1;
		else if (!bad && lend__pg_failed(res))
			bad = res;
		else if (!bad && p.dest[i])
			*p.dest[i] = res;
		else
			PQclear(res);
	}
	if (!lost)
		PQclear(PQgetResult(c)); /* the sync */
	PQexitPipelineMode(c);
	if (!bad && !lost)
		return 0;
	/* The transaction failed: what was read ahead of the failure is not
	 * to be handed out after it. */
	lend__pg_ahead_drop(s);
	return lend__pg_error(s, bad);
}

int lend__pg_settle(lend__store *s)
{
	PGresult *res = NULL;
	int writes, rc;

	if (!lend__pg_queued(s))
		return 0;
	writes = s->pg->nlater > 0;
	rc = lend__pg_pipelined(&res, s, NULL, NULL, 0);
	/* A write put off that failed is undone alone, as run_call() undoes
	 * its statement: the transaction goes on. */
	if (rc && writes && lend__pg_in_txn(s))
		PQclear(PQexec(s->pg->conn, "ROLLBACK TO SAVEPOINT lend_w"));
	return rc;
}

int lend__pg_commit_later(PGresult **out, lend__store *s)
{
	return lend__pg_pipelined(out, s, NULL, "COMMIT", 0);
}

/* Copy the call's values into its own DATA. */
static int call_copy(lend__store *s, lend__pg_call *to,
                     const lend__pg_call *from)
{
	size_t len[LEND__PG_ARGS], size = 1;
	char *p;
	int i;

	for (i = 0; i < from->n; i++)
		size += len[i] = !from->values[i] ? 0
		               : from->formats[i] ? (size_t)from->lengths[i]
		               : strlen(from->values[i]) + 1;
	if (!(to->data = malloc(size)))
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	for (p = to->data, i = 0; i < from->n; p += len[i], i++) {
		to->values[i] = from->values[i]
		                ? memcpy(p, from->values[i], len[i]) : NULL;
		to->lengths[i] = from->lengths[i];
		to->formats[i] = from->formats[i];
	}
	memcpy(to->name, from->name, sizeof(to->name));
	to->n = from->n;
	return 0;
}

static int same_call(const lend__pg_call *a, const lend__pg_call *b)
{
	int i;

	if (strcmp(a->name, b->name) != 0 || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		const char *x = a->values[i], *y = b->values[i];

		if (!x || !y) {
			if (x != y)
				return 0;
		} else if (a->formats[i] != b->formats[i] ||
		           (a->formats[i] ? a->lengths[i] != b->lengths[i] ||
		                            memcmp(x, y, (size_t)a->lengths[i])
		                          : strcmp(x, y) != 0)) {
			return 0;
		}
	}
	return 1;
}

int lend__pg_later_add(lend__store *s, const lend__pg_call *k)
{
	int rc;

	lend__pg_ahead_drop(s);
	if (s->pg->nlater == LEND__PG_LATER && (rc = lend__pg_settle(s)))
		return rc;
	if ((rc = call_copy(s, &s->pg->later[s->pg->nlater], k)))
		return rc;
	s->pg->nlater++;
	return 0;
}

void lend__pg_later_drop(lend__store *s)
{
	int j;

	for (j = 0; s->pg && j < s->pg->nlater; j++)
		free(s->pg->later[j].data);
	if (s->pg)
		s->pg->nlater = 0;
}

int lend__pg_ahead_add(lend__store *s, const lend__pg_call *k)
{
	lend__pg_ahead *a;
	int j, rc;

	for (j = 0; j < s->pg->nahead; j++)
		if (same_call(&s->pg->ahead[j].call, k))
			return 0;
	if (s->pg->nahead == LEND__PG_AHEAD)
		return 0; /* read then as any other */
	a = &s->pg->ahead[s->pg->nahead];
	if ((rc = call_copy(s, &a->call, k)))
		return rc;
	a->sent = 0;
	a->res = NULL;
	s->pg->nahead++;
	return 0;
}

/* Forget read ahead J, its result kept (by the caller) or cleared. */
static void ahead_forget(lend__store *s, int j, int keep)
{
	lend__pg_ahead *a = &s->pg->ahead[j];

	if (!keep)
		PQclear(a->res);
	free(a->call.data);
	*a = s->pg->ahead[--s->pg->nahead];
}

int lend__pg_ahead_take(PGresult **out, lend__store *s,
                        const lend__pg_call *k)
{
	int j, rc;

	for (j = 0; j < s->pg->nahead; j++)
		if (same_call(&s->pg->ahead[j].call, k))
			break;
	if (j == s->pg->nahead)
		return 0;
	if (!s->pg->ahead[j].sent && (rc = lend__pg_settle(s)))
		return rc;
	/* A read that went with a statement that failed has no result: it
	 * is run again as any other. */
	if (!(*out = s->pg->ahead[j].res)) {
		ahead_forget(s, j, 0);
		return 0;
	}
	ahead_forget(s, j, 1);
	return 1;
}

void lend__pg_ahead_drop(lend__store *s)
{
	while (s->pg && s->pg->nahead)
		ahead_forget(s, s->pg->nahead - 1, 0);
}
