/*
 * The insides of the SQLite store, shared by its files and no others: how
 * its failures become our codes, and its implementation of store.h's
 * calls (lend__sqlite_X implements lend__store_X).
 */
#ifndef LEND_STORE_SQLITE_H
#define LEND_STORE_SQLITE_H

#include <sqlite3.h>

#include "impl.h"

/* Turn SQLite's result SRC into our code, with SQLite's message. */
int lend__store_sql_error(lend__store *s, int src);
/* Run SQL, which may hold several statements and takes no parameters. */
int lend__store_script(lend__store *s, const char *sql);

int lend__sqlite_create(lend__store *s, const char *where,
                        const char *concern);
int lend__sqlite_connect(lend__store *s, const char *where, int readonly);
int lend__sqlite_query_only(lend__store *s);
int lend__sqlite_durable(lend__store *s);
void lend__sqlite_disconnect(lend__store *s);
void lend__sqlite_remove(const char *where);
int lend__sqlite_exec(lend__store *s, const char *sql, const lend__arg *a,
                      size_t n);
int64_t lend__sqlite_last_id(lend__store *s);
int64_t lend__sqlite_changes(lend__store *s);
int lend__sqlite_query_int(int64_t *out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n);
int lend__sqlite_query_text(char **out, lend__store *s, const char *sql,
                            const lend__arg *a, size_t n);
int lend__sqlite_query_rows(lend_rows **out, lend__store *s,
                            const char *sql, const lend__arg *a, size_t n);
int lend__sqlite_begin(lend__store *s);
int lend__sqlite_commit(lend__store *s);
int lend__sqlite_rollback(lend__store *s);
int lend__sqlite_in_txn(const lend__store *s);
int lend__sqlite_inspect(lend__store_info *out, lend__store *s);
int lend__sqlite_migrate(lend__store *s);
int lend__sqlite_check(lend_rows **out, lend__store *s);
int lend__sqlite_backup(lend__store *s, const char *path,
                        const char *concern);
int lend__sqlite_stage(char *staged, size_t size, lend__store *from,
                       const char *where, const char *concern);

#endif /* LEND_STORE_SQLITE_H */
