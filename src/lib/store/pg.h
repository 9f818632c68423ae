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

/* A write put off (lend__pg_exec_later), its values copied into DATA. */
typedef struct lend__pg_later {
	const lend__pg_stmt *st;
	int n;
	char *data;
	const char *values[LEND__PG_ARGS];
	int lengths[LEND__PG_ARGS], formats[LEND__PG_ARGS];
} lend__pg_later;
#define LEND__PG_LATER 8

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
	 * or the commit, and sent ahead of it in the same round trip. */
	lend__pg_later later[LEND__PG_LATER];
	int nlater;
};

/* The statements that begin a transaction, NULL after the last. */
extern const char *const lend__pg_begin_sql[];

/* Set S's message from RES (or the connection) and return our code.
 * Clears RES. */
int lend__pg_error(lend__store *s, PGresult *res);
/* Send what was put off, a transaction's BEGIN and the writes, if
 * anything was: before anything that does not go through the statements'
 * pipeline. */
int lend__pg_settle(lend__store *s);
/* In a transaction, put off the write SQL (store.h's exec_later); out of
 * one, run it now. */
int lend__pg_exec_later(lend__store *s, const char *sql, const lend__arg *a,
                        size_t n);
/* Forget the writes put off: the transaction ends without them. */
void lend__pg_later_drop(lend__store *s);
/* Commit the open transaction, the writes put off sent with it. */
int lend__pg_commit_later(PGresult **out, lend__store *s);
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
