/*
 * The insides of the SQLite store, shared by its files and no others: the
 * connection, its statement cache and its last message.
 */
#ifndef LEND_STORE_SQLITE_H
#define LEND_STORE_SQLITE_H

#include <sqlite3.h>

#include "store.h"

/* Prepared statements are kept for the connection's life: a check-out
 * runs a dozen small statements and preparing them costs more than
 * running them. */
#define LEND__STMT_CACHE 48

/* A writer waits this long for another process's transaction; a busy
 * desk should see a short pause, never "database is locked". */
#define LEND__BUSY_TIMEOUT_MS 15000

struct lend__store {
	sqlite3 *sql;
	char errmsg[512];
	sqlite3_stmt *cache[LEND__STMT_CACHE];
	const char *cache_key[LEND__STMT_CACHE]; /* the caller's SQL pointer */
	size_t cache_next;
};

/* Set S's message and return CODE. */
int lend__store_fail(lend__store *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Turn SQLite's result SRC into our code, with SQLite's message. */
int lend__store_sql_error(lend__store *s, int src);
/* Run SQL, which may hold several statements and takes no parameters. */
int lend__store_script(lend__store *s, const char *sql);

#endif /* LEND_STORE_SQLITE_H */
