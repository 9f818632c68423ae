/*
 * The SQLite store: its connection and how it is configured, and how its
 * failures become our codes and messages.  With the other files of
 * store/, the only code in lend that calls sqlite3_*.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite.h"

/* The real problem behind a file's failure, in words, or NULL. */
static const char *file_problem(int src)
{
	switch (src & 0xff) {
	case SQLITE_FULL: return "the disk is full";
	case SQLITE_READONLY: return "the file or its folder is read-only";
	case SQLITE_CORRUPT: return "the file is damaged or truncated";
	case SQLITE_IOERR: return "the file cannot be read or written";
	case SQLITE_CANTOPEN: return "the file cannot be opened";
	case SQLITE_PERM: return "no permission to use the file";
	default: return NULL;
	}
}

/* Constraint failures mean the caller's checks missed a case; they still
 * come out as a clear refusal rather than a database error. */
int lend__store_sql_error(lend__store *s, int src)
{
	const char *msg = s->sql ? sqlite3_errmsg(s->sql) : "not open";

	switch (src) {
	case SQLITE_NOMEM:
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return lend__store_fail(s, LEND_EEXISTS, "database: %s", msg);
	case SQLITE_CONSTRAINT_TRIGGER:
		return lend__store_fail(s, LEND_ECONFLICT, "database: %s", msg);
	default:
		if ((src & 0xff) == SQLITE_CONSTRAINT)
			return lend__store_fail(s, LEND_EINVAL, "database: %s",
			                        msg);
		if ((src & 0xff) == SQLITE_IOERR && s->sql &&
		    sqlite3_system_errno(s->sql) == ENOSPC)
			src = SQLITE_FULL; /* a log or index that could not grow */
		if ((src & 0xff) == SQLITE_CANTOPEN && s->sql &&
		    sqlite3_db_filename(s->sql, "main") &&
		    access(sqlite3_db_filename(s->sql, "main"), W_OK) != 0 &&
		    (errno == EROFS || errno == EACCES))
			src = SQLITE_READONLY; /* its log cannot be made */
		if (file_problem(src))
			return lend__store_fail(s, LEND_EDB, "database: %s (%s)",
			                        file_problem(src), msg);
		return lend__store_fail(s, LEND_EDB, "database: %s", msg);
	}
}

int lend__store_script(lend__store *s, const char *sql)
{
	int src;

	if (!s->sql)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	src = sqlite3_exec(s->sql, sql, NULL, NULL, NULL);
	return src == SQLITE_OK ? 0 : lend__store_sql_error(s, src);
}

/* O_EXCL closes the race between two creations of the same file, and the
 * mode must be set before the first byte of personal data is written. */
int lend__sqlite_create(lend__store *s, const char *where,
                       const char *concern)
{
	int fd = open(where, O_WRONLY | O_CREAT | O_EXCL, 0600);

	s->errmsg[0] = '\0';
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return lend__store_fail(s, LEND_EEXISTS, "%s: '%s' already "
		                        "exists", concern, where);
	return lend__store_fail(s, LEND_EDB, "%s: cannot create '%s': %s",
	                        concern, where, strerror(errno));
}

/* SQLite would make a missing file, and read a directory as an empty
 * database: say what is there instead. */
static int check_file(lend__store *s, const char *where)
{
	struct stat st;

	if (stat(where, &st) != 0) {
		if (errno == ENOENT)
			return lend__store_fail(s, LEND_ENOTFOUND, "database: "
			                        "'%s' does not exist", where);
		return lend__store_fail(s, LEND_EDB, "database: '%s': %s",
		                        where, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return lend__store_fail(s, LEND_EINVAL, "database: '%s' is a "
		                        "directory", where);
	return 0;
}

/* Foreign keys are per connection and ignored inside a transaction, so
 * they are switched on here, first.  secure_delete: an erasure (issue 12)
 * must not leave a name in the freed space of a page, where anyone with
 * the file (or a backup copied from it) could read it; some SQLite builds
 * have it on by default, others not, so it is asked for. */
static int configure(lend__store *s)
{
	/* lend's SQL asks for RETURNING (3.35) and format() (3.38). */
	if (sqlite3_libversion_number() < 3038000)
		return lend__store_fail(s, LEND_EDB, "database: SQLite 3.38 or "
		                        "later is needed, not %s",
		                        sqlite3_libversion());
	sqlite3_extended_result_codes(s->sql, 1);
	sqlite3_busy_timeout(s->sql, LEND__BUSY_TIMEOUT_MS);
	return lend__store_script(s, "PRAGMA foreign_keys = ON; "
	                          "PRAGMA secure_delete = ON");
}

int lend__sqlite_connect(lend__store *s, const char *where, int readonly)
{
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	int rc, src;

	s->errmsg[0] = '\0';
	if ((rc = check_file(s, where)) != 0)
		return rc;
	src = sqlite3_open_v2(where, &s->sql, flags, NULL);
	if (src != SQLITE_OK) {
		if (src == SQLITE_NOMEM || !s->sql)
			rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
		else
			rc = lend__store_fail(s, LEND_EDB, "database: cannot "
			                      "open '%s': %s", where,
			                      sqlite3_errmsg(s->sql));
		lend__store_disconnect(s);
		return rc;
	}
	return configure(s);
}

int lend__sqlite_query_only(lend__store *s)
{
	s->errmsg[0] = '\0';
	return lend__store_script(s, "PRAGMA query_only = ON");
}

/* WAL lets readers run during a check-out; FULL makes a finished check-out
 * survive a power cut. */
int lend__sqlite_durable(lend__store *s)
{
	s->errmsg[0] = '\0';
	return lend__store_script(s, "PRAGMA journal_mode = WAL; "
	                          "PRAGMA synchronous = FULL;");
}

void lend__sqlite_disconnect(lend__store *s)
{
	size_t i;

	for (i = 0; i < LEND__STMT_CACHE; i++) {
		sqlite3_finalize(s->cache[i]);
		s->cache[i] = NULL;
		s->cache_key[i] = NULL;
	}
	/* Closing the last connection checkpoints the WAL into the file. */
	sqlite3_close(s->sql);
	s->sql = NULL;
}

void lend__sqlite_remove(const char *where)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", where, suffix[i]);
		unlink(name);
	}
}

static int stage_table(lend__store *s, const char *name, const char *table,
                       const char *cols)
{
	char sql[2048];

	(void)table;
	s->errmsg[0] = '\0';
	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE IF NOT EXISTS %s "
	         "(n INTEGER PRIMARY KEY, %s)", name, cols);
	return lend__store_script(s, sql);
}

static int no_sync(lend__store *s)
{
	(void)s;
	return 0;
}

/* A read costs SQLite no round trip: nothing to send ahead. */
static int no_read_ahead(lend__store *s, const char *sql, const lend__arg *a,
                         size_t n)
{
	(void)s;
	(void)sql;
	(void)a;
	(void)n;
	return 0;
}

const lend__store_ops lend__sqlite_ops = {
	lend__sqlite_create, lend__sqlite_connect, lend__sqlite_query_only,
	lend__sqlite_durable, lend__sqlite_disconnect, lend__sqlite_remove,
	lend__sqlite_exec, lend__sqlite_exec, no_read_ahead, stage_table,
	lend__sqlite_last_id, lend__sqlite_changes,
	lend__sqlite_query_int, lend__sqlite_query_text,
	lend__sqlite_query_rows, lend__sqlite_begin, lend__sqlite_commit,
	lend__sqlite_rollback, lend__sqlite_in_txn, lend__sqlite_inspect,
	lend__sqlite_migrate, lend__sqlite_check, no_sync,
	lend__sqlite_backup, lend__sqlite_stage,
};
