/*
 * Transactions on the SQLite store.  Every write takes the write lock at
 * its start (BEGIN IMMEDIATE): a deferred transaction that reads, then
 * writes after another writer has committed, fails at once with
 * SQLITE_BUSY_SNAPSHOT whatever the busy timeout, where an immediate one
 * waits its turn.
 */
#include "sqlite.h"

int lend__sqlite_begin(lend__store *s)
{
	int src;

	s->errmsg[0] = '\0';
	if (!s->sql)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	src = sqlite3_exec(s->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (src == SQLITE_BUSY)
		return lend__store_fail(s, LEND_EDB, "database: still busy "
		                        "after %d s; try again",
		                        LEND__BUSY_TIMEOUT_MS / 1000);
	return src == SQLITE_OK ? 0 : lend__store_sql_error(s, src);
}

int lend__sqlite_commit(lend__store *s)
{
	s->errmsg[0] = '\0';
	return lend__store_script(s, "COMMIT");
}

/* The message of the failure that led here is kept: a rollback is most
 * often the cleanup after one. */
int lend__sqlite_rollback(lend__store *s)
{
	int src;

	/* After a failed statement SQLite may already have rolled back; a
	 * second ROLLBACK is then an error we have no use for. */
	if (!lend__store_in_txn(s))
		return 0;
	src = sqlite3_exec(s->sql, "ROLLBACK", NULL, NULL, NULL);
	if (src == SQLITE_OK)
		return 0;
	if (s->errmsg[0])
		return LEND_EDB;
	return lend__store_sql_error(s, src);
}

int lend__sqlite_in_txn(const lend__store *s)
{
	return s->sql && !sqlite3_get_autocommit(s->sql);
}
