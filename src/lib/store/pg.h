/*
 * The insides of the PostgreSQL store, shared by pg*.c and no others: the
 * connection, its prepared statements, and how the server's failures
 * become our codes (lend__pg_X implements lend__store_X).
 */
#ifndef LEND_STORE_PG_H
#define LEND_STORE_PG_H

#include "pg_api.h"

#include "impl.h"

/* Statements of one prepared form, kept for the connection's life and
 * found again by the caller's SQL pointer, as SQLite's store keeps them. */
typedef struct lend__pg_stmt {
	const char *key; /* the caller's SQL pointer */
	char *sql;       /* its text, to tell a reused address */
	char name[16];   /* the server's name for it: "lend_N" */
	int write;       /* not a SELECT: runs inside a savepoint */
	int returning;   /* "RETURNING id" added: last_id reads it */
} lend__pg_stmt;

/* Parameters a statement takes at most. */
#define LEND__PG_ARGS 64

/* A prepared statement NAME with its N values as libpq takes them; put
 * off, its values are copied into DATA. */
typedef struct lend__pg_call {
	char name[16];
	int n;
	char *data;
	const char *values[LEND__PG_ARGS];
	int lengths[LEND__PG_ARGS], formats[LEND__PG_ARGS];
} lend__pg_call;
#define LEND__PG_LATER 8

/* A read ahead (lend__pg_read_ahead) and, once sent, its result. */
typedef struct lend__pg_ahead {
	lend__pg_call call;
	int sent;
	PGresult *res;
} lend__pg_ahead;
#define LEND__PG_AHEAD 8

struct lend__pg {
	PGconn *conn;
	lend__pg_stmt cache[LEND__STMT_CACHE];
	size_t cache_next;
	unsigned serial;
	int64_t changes, last_id;
	int savepoint; /* the open transaction holds savepoint lend_w */
	/* A transaction begun whose BEGIN is not sent yet: it goes with the
	 * transaction's first statement, in the same round trip. */
	int begin_pending;
	/* Writes whose result nobody reads, put off until the next statement
	 * or the commit, and sent ahead of it in the same round trip; reads
	 * ahead, sent so too, their results kept until asked for
	 * (pg_pipeline.c). */
	lend__pg_call later[LEND__PG_LATER];
	int nlater;
	lend__pg_ahead ahead[LEND__PG_AHEAD];
	int nahead;
};

/* The statements that begin a transaction, NULL after the last. */
extern const char *const lend__pg_begin_sql[];

/* Set S's message from RES (or the connection) and return our code.
 * Clears RES. */
int lend__pg_error(lend__store *s, PGresult *res);
/* Send what was put off, a transaction's BEGIN, the writes and the reads
 * ahead, if anything was: before anything that does not go through the
 * statements' pipeline. */
int lend__pg_settle(lend__store *s);
/* In a transaction, put off the write SQL (store.h's exec_later); out of
 * one, run it now. */
int lend__pg_exec_later(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n);
/* In a transaction, queue the read SQL to go with the next round trip
 * (store.h's read_ahead); out of one, nothing. */
int lend__pg_read_ahead(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n);

/* pg_pipeline.c.  Run call K (or the statement TEXT; neither: nothing
 * more) after what was put off, in one round trip, with GUARD inside a
 * savepoint: K's result in *OUT, or the code of the first statement that
 * failed (the rest were not run). */
int lend__pg_pipelined(PGresult **out, lend__store *s, const lend__pg_call *k,
                       const char *text, int guard);
/* Whether anything waits to be sent: a BEGIN, a write, a read ahead. */
int lend__pg_queued(const lend__store *s);
/* Whether RES is a failure. */
int lend__pg_failed(const PGresult *res);
/* In a transaction: prepare TEXT as NAME inside a savepoint, so that a
 * statement the server refuses leaves the transaction as it was, in one
 * round trip with the savepoint and its release.  The prepare's result. */
PGresult *lend__pg_prepare_guarded(lend__store *s, const char *name,
                                   const char *text, int nparam,
                                   const Oid *types);
/* Put off the write K, its values copied: every read ahead is forgotten. */
int lend__pg_later_add(lend__store *s, const lend__pg_call *k);
/* Forget the writes put off: the transaction ends without them. */
void lend__pg_later_drop(lend__store *s);
/* Commit the open transaction, the writes put off sent with it. */
int lend__pg_commit_later(PGresult **out, lend__store *s);
/* Queue the read K ahead, its values copied (once: the same read queued
 * twice is one). */
int lend__pg_ahead_add(lend__store *s, const lend__pg_call *k);
/* The result of the read K if it was read ahead: 1 with it in *OUT (the
 * caller's to clear), 0 when it was not, or an error's code. */
int lend__pg_ahead_take(PGresult **out, lend__store *s,
                        const lend__pg_call *k);
/* Forget every read ahead: a write makes them stale. */
void lend__pg_ahead_drop(lend__store *s);
/* Run SQL, which may hold several statements and takes no parameters. */
int lend__pg_script(lend__store *s, const char *sql);
/* Rewrite SQL in SQLite's dialect as PostgreSQL takes it (pg_sql.c):
 * '?' and '?N' become '$N', and the few forms listed there change. *NPARAM
 * gets the number of parameters.  NULL when out of memory. */
char *lend__pg_translate(const char *sql, int *nparam);

int lend__pg_exec(lend__store *s, const char *sql, const lend__arg *a,
                  size_t n);
int64_t lend__pg_last_id(lend__store *s);
int64_t lend__pg_changes(lend__store *s);
int lend__pg_query_int(int64_t *out, lend__store *s, const char *sql,
                       const lend__arg *a, size_t n);
int lend__pg_query_text(char **out, lend__store *s, const char *sql,
                        const lend__arg *a, size_t n);
int lend__pg_query_rows(lend_rows **out, lend__store *s, const char *sql,
                        const lend__arg *a, size_t n);
int lend__pg_begin(lend__store *s);
int lend__pg_commit(lend__store *s);
int lend__pg_rollback(lend__store *s);
int lend__pg_in_txn(const lend__store *s);
int lend__pg_inspect(lend__store_info *out, lend__store *s);
int lend__pg_migrate(lend__store *s);
int lend__pg_check(lend_rows **out, lend__store *s);
int lend__pg_sync_ids(lend__store *s);

/* The PostgreSQL schema, generated from db/pg/NNN-name.sql. */
extern const lend__migration lend__pg_migrations[];
extern const size_t lend__pg_nmigrations;

#endif /* LEND_STORE_PG_H */
