/*
 * The insides shared by the store's implementations: the handle, the
 * table of operations chosen when it connects (SQLite in sqlite*.c and
 * the other files without a prefix, PostgreSQL in pg*.c), and the
 * message every failure leaves.  store.c dispatches through the table.
 */
#ifndef LEND_STORE_IMPL_H
#define LEND_STORE_IMPL_H

#include "store.h"

/* Prepared statements are kept for the connection's life: a check-out
 * runs a dozen small statements and preparing them costs more than
 * running them. */
#define LEND__STMT_CACHE 256

/* A writer waits this long for another process's transaction; a busy
 * desk should see a short pause, never "database is locked". */
#define LEND__BUSY_TIMEOUT_MS 15000

typedef struct lend__store_ops {
	int (*create)(lend__store *s, const char *where, const char *concern);
	int (*connect)(lend__store *s, const char *where, int readonly);
	int (*query_only)(lend__store *s);
	int (*durable)(lend__store *s);
	void (*disconnect)(lend__store *s);
	void (*remove)(const char *where);
	int (*exec)(lend__store *s, const char *sql, const lend__arg *a,
	            size_t n);
	int (*exec_later)(lend__store *s, const char *sql, const lend__arg *a,
	                  size_t n);
	int (*read_ahead)(lend__store *s, const char *sql, const lend__arg *a,
	                  size_t n);
	int (*stage_table)(lend__store *s, const char *name,
	                   const char *table, const char *cols);
	int64_t (*last_id)(lend__store *s);
	int64_t (*changes)(lend__store *s);
	int (*query_int)(int64_t *out, lend__store *s, const char *sql,
	                 const lend__arg *a, size_t n);
	int (*query_text)(char **out, lend__store *s, const char *sql,
	                  const lend__arg *a, size_t n);
	int (*query_rows)(lend_rows **out, lend__store *s, const char *sql,
	                  const lend__arg *a, size_t n);
	int (*begin)(lend__store *s);
	int (*commit)(lend__store *s);
	int (*rollback)(lend__store *s);
	int (*in_txn)(const lend__store *s);
	int (*inspect)(lend__store_info *out, lend__store *s);
	int (*migrate)(lend__store *s);
	int (*check)(lend_rows **out, lend__store *s);
	int (*sync_ids)(lend__store *s);
	int (*backup)(lend__store *s, const char *path, const char *concern);
	int (*stage)(char *staged, size_t size, lend__store *from,
	             const char *where, const char *concern);
} lend__store_ops;

extern const lend__store_ops lend__sqlite_ops;
extern const lend__store_ops lend__pg_ops;

struct lend__pg; /* pg.h */

struct lend__store {
	const lend__store_ops *ops; /* NULL until connected: SQLite's */
	char errmsg[512];
	/* SQLite's connection and its statement cache. */
	struct sqlite3 *sql;
	struct sqlite3_stmt *cache[LEND__STMT_CACHE];
	const char *cache_key[LEND__STMT_CACHE]; /* the caller's SQL pointer */
	size_t cache_next;
	/* PostgreSQL's connection, its cache and counts (pg.h). */
	struct lend__pg *pg;
};

/* Set S's message and return CODE. */
int lend__store_fail(lend__store *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LEND_STORE_IMPL_H */
