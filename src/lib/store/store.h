/*
 * The store: where lend's records live, seen as a connection that runs
 * SQL with bound parameters, in transactions, on a schema it keeps up to
 * date.  It knows nothing of what the records mean.  The handle is opaque
 * and no database library's type appears here, so that a second store (a
 * PostgreSQL server through libpq) can implement this same header.
 *
 * Every call that can fail returns 0 or a negative LEND_E* code and leaves
 * one line in lend__store_errmsg(); the callers on the lend_db side copy
 * it into the handle's message.
 */
#ifndef LEND_STORE_H
#define LEND_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lend.h"

typedef struct lend__store lend__store;

/* ---- Parameters ------------------------------------------------------ */

enum { LEND__ARG_NULL, LEND__ARG_INT, LEND__ARG_TEXT, LEND__ARG_BLOB };

/* One bound parameter, the Nth for the Nth placeholder.  Text NULL binds
 * SQL NULL.  A blob is S's I bytes (BLOB in SQLite, BYTEA in PostgreSQL).
 * Values enter SQL only this way, never formatted into it. */
typedef struct lend__arg {
	int type;
	int64_t i;
	const char *s;
} lend__arg;

#define LEND__T(x) ((lend__arg){ LEND__ARG_TEXT, 0, (x) })
#define LEND__I(x) ((lend__arg){ LEND__ARG_INT, (x), NULL })
#define LEND__NUL ((lend__arg){ LEND__ARG_NULL, 0, NULL })
#define LEND__B(p, n) \
	((lend__arg){ LEND__ARG_BLOB, (int64_t)(n), (const char *)(p) })
/* The parameters of one statement, as an (array, count) pair. */
#define LEND__ARGS(...) \
	((const lend__arg[]){ __VA_ARGS__ }), \
	(sizeof((const lend__arg[]){ __VA_ARGS__ }) / sizeof(lend__arg))
#define LEND__NO_ARGS NULL, 0

/* ---- Connection (store.c, sqlite.c, pg.c) -----------------------------
 * WHERE names the store: "postgresql://..." or "postgres://..." (a libpq
 * URI), or a libpq keyword=value string whose first word is name=value
 * ("host=/run/postgresql dbname=lend"), is a PostgreSQL database; anything
 * else is the path of a SQLite file. */

/* Whether WHERE names a PostgreSQL database rather than a file. */
int lend__store_is_server(const char *where);
/* Whether S is connected to (or will make) a file: backups, restores and
 * the file's own checks exist only there. */
int lend__store_is_file(const lend__store *s);

/* A store not yet connected; NULL when out of memory. */
lend__store *lend__store_new(void);
/* Make an empty store at WHERE, readable by its owner only (it will hold
 * personal data), failing if anything is there already.  CONCERN starts
 * the messages.  Returns 0, LEND_EEXISTS, LEND_EDB. */
int lend__store_create(lend__store *s, const char *where,
                       const char *concern);
/* Connect S to the store at WHERE, for reading and writing or, with
 * READONLY, for reading only.  Returns 0, LEND_ENOTFOUND (nothing at
 * WHERE), LEND_EINVAL (WHERE is a directory), LEND_ENOMEM, LEND_EDB. */
int lend__store_connect(lend__store *s, const char *where, int readonly);
/* Refuse every write from now on, for the connection's life. */
int lend__store_query_only(lend__store *s);
/* Make the store durable and open to readers during a write.  Only on a
 * store known to be lend's: for SQLite it rewrites the file's header. */
int lend__store_durable(lend__store *s);
/* Close the connection; S stays, and says "not open" when used. */
void lend__store_disconnect(lend__store *s);
/* Disconnect S and release it.  Accepts NULL. */
void lend__store_close(lend__store *s);
/* Remove the store at WHERE: what a failed creation left behind. */
void lend__store_remove(const char *where);

/* The message of S's last failure, "" after a call that succeeded.
 * String owned by S; valid until the next call on S. */
const char *lend__store_errmsg(const lend__store *s);

/* ---- Statements (statement.c) ----------------------------------------
 * SQL is usually a static string: the store may keep its prepared form
 * for the connection's life, found again by the string's address.  Its
 * placeholders are '?', taken in order; a store whose server numbers them
 * ($1, $2) rewrites them when it prepares the statement. */

/* Run SQL to completion. */
int lend__store_exec(lend__store *s, const char *sql, const lend__arg *a,
                     size_t n);
/* Run the write SQL, whose result nobody reads (neither its id nor its
 * count), now or, in a transaction on a server, with the next statement
 * or the commit, saving a round trip: its failure is then that one's. */
int lend__store_exec_later(lend__store *s, const char *sql,
                           const lend__arg *a, size_t n);
/* Say that the read SQL with these arguments comes soon, before any
 * write: in a transaction on a server it goes with the next round trip,
 * and its result waits for the query that asks for it.  A write first
 * makes it stale, and that query then reads afresh.  Nothing on SQLite,
 * whose reads cost no round trip. */
int lend__store_read_ahead(lend__store *s, const char *sql,
                           const lend__arg *a, size_t n);
/* Make, unless it is there, the temporary table NAME for staging rows of
 * TABLE: a key n numbering rows as they are added, then TABLE's columns
 * COLS (names separated by ", ") without its constraints.  A dialect
 * hook: SQLite takes columns without types, PostgreSQL copies them. */
int lend__store_stage_table(lend__store *s, const char *name,
                            const char *table, const char *cols);
/* The id of the row the last INSERT added. */
int64_t lend__store_last_id(lend__store *s);
/* Rows the last INSERT, UPDATE or DELETE changed. */
int64_t lend__store_changes(lend__store *s);
/* First column of the first row.  LEND_ENOTFOUND, with no message, when
 * there is no row or the value is NULL. */
int lend__store_query_int(int64_t *out, lend__store *s, const char *sql,
                          const lend__arg *a, size_t n);
/* The same as text; caller frees *out. */
int lend__store_query_text(char **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n);
/* Every row of SQL, with its column names.  Caller owns *out; free with
 * lend_rows_free(). */
int lend__store_query_rows(lend_rows **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n);

/* ---- Transactions (txn.c) -------------------------------------------- */

/* Begin a transaction that holds the write lock from its start, so that
 * it never fails half-way because another writer got in first.  Waits a
 * while for a writer already in; LEND_EDB when it is still busy. */
int lend__store_begin(lend__store *s);
int lend__store_commit(lend__store *s);
/* Undo the open transaction, if one is still open.  The message of an
 * earlier failure stays.  Returns 0, or LEND_EDB. */
int lend__store_rollback(lend__store *s);
/* Whether a transaction is open: a failed statement may have ended it. */
int lend__store_in_txn(const lend__store *s);

/* ---- Schema (migrate.c) ---------------------------------------------- */

/* What a store holds before lend uses it. */
typedef struct lend__store_info {
	int marked;      /* marked as lend's own */
	int empty;       /* holds nothing at all */
	int64_t version; /* its schema version, 0 when none */
	int newest;      /* the newest version this library knows */
} lend__store_info;

/* Read what S holds, changing nothing.  A failure means S is not a
 * store of this kind at all. */
int lend__store_inspect(lend__store_info *out, lend__store *s);
/* Mark S as lend's and bring its schema to the newest version, in one
 * transaction: a failed step leaves the old schema and version. */
int lend__store_migrate(lend__store *s);

/* One step of the schema, generated from db/NNN-name.sql by the build. */
typedef struct lend__migration {
	int version;
	const char *name;
	const char *sql;
} lend__migration;

extern const lend__migration lend__migrations[];
extern const size_t lend__nmigrations;

/* ---- Checks (check.c) ----------------------------------------------- */

/* The store's own checks of itself (the file's integrity, references
 * between rows): each problem found, a row of two columns, check (the
 * check's name: "integrity", "foreign keys") and finding.  Caller owns
 * *out; free with lend_rows_free().  Returns 0, LEND_ENOMEM, LEND_EDB. */
int lend__store_check(lend_rows **out, lend__store *s);

/* After rows were copied in with their ids: make the ids the store hands
 * out next follow the largest copied (PostgreSQL's identity sequences);
 * nothing to do on SQLite. */
int lend__store_sync_ids(lend__store *s);

/* ---- Copies (backup.c) ------------------------------------------------
 * Copies of the whole store as a file.  A store that cannot make them (a
 * server, backed up by its own tools) returns LEND_EINVAL and says so.
 * CONCERN starts the messages of these calls: "backup", "restore". */

/* Copy S, while others go on writing, to a new file at PATH (mode 0600)
 * through a temporary name.  Returns 0, LEND_EINVAL, LEND_EDB. */
int lend__store_backup(lend__store *s, const char *path,
                       const char *concern);
/* A restore, in steps that leave the store at WHERE whole between them.
 * Stage: copy FROM to a new file beside WHERE (mode 0600), whose name
 * STAGED (SIZE bytes) receives, for the caller to open and check.
 * Checkpoint: fold S's log into its file, so that the file alone holds
 * every committed transaction.  Set aside: keep WHERE with its -wal and
 * -shm as WHERE.before-restore-STAMP (then -2, -3...: a name no other
 * restore can take), named in KEPT, "" when there was nothing; messages
 * on S.  Put: rename STAGED to WHERE.  Each returns 0 or LEND_EDB;
 * staging towards a server (WHERE a PostgreSQL database) returns
 * LEND_EINVAL, saying to use pg_restore, and a checkpoint there does
 * nothing. */
int lend__store_stage(char *staged, size_t size, lend__store *from,
                      const char *where, const char *concern);
int lend__store_checkpoint(lend__store *s);
int lend__store_set_aside(char *kept, size_t size, lend__store *s,
                          const char *where, const char *stamp,
                          const char *concern);
int lend__store_put(lend__store *s, const char *staged, const char *where,
                    const char *concern);

#endif /* LEND_STORE_H */
