/*
 * Copies of the SQLite store as files: a backup taken while others go on
 * writing, and a restore that puts a copy in place of the file and keeps
 * the one it replaces.  SQLite's backup API copies a consistent snapshot,
 * and the copy stays in WAL mode.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite.h"

/* Copy the pages of FROM into DST. */
static int copy_pages(lend__store *s, sqlite3 *dst, sqlite3 *from,
                      const char *concern)
{
	sqlite3_backup *b;
	int src;

	if (!(b = sqlite3_backup_init(dst, "main", from, "main")))
		return lend__store_fail(s, LEND_EDB, "%s: %s", concern,
		                        sqlite3_errmsg(dst));
	src = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (src != SQLITE_DONE)
		return lend__store_fail(s, LEND_EDB, "%s: copy failed: %s",
		                        concern, sqlite3_errstr(src));
	return 0;
}

/* Copy FROM into a new file at PATH (mode 0600: it holds personal data),
 * through a temporary name; messages go on S. */
static int copy_to(lend__store *s, sqlite3 *from, const char *path,
                   const char *concern)
{
	char tmp[4096];
	sqlite3 *dst = NULL;
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return lend__store_fail(s, LEND_EDB, "%s: cannot write '%s': "
		                        "%s", concern, path, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = lend__store_fail(s, LEND_EDB, "%s: cannot write '%s'",
		                      concern, path);
		goto done;
	}
	rc = copy_pages(s, dst, from, concern);
done:
	/* Closing the copy checkpoints it into one file. */
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = lend__store_fail(s, LEND_EDB, "%s: cannot close '%s'",
		                      concern, path);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = lend__store_fail(s, LEND_EDB, "%s: cannot write '%s': %s",
		                      concern, path, strerror(errno));
	if (rc != 0)
		lend__store_remove(tmp);
	return rc;
}

int lend__sqlite_backup(lend__store *s, const char *path,
                       const char *concern)
{
	s->errmsg[0] = '\0';
	if (!s->sql)
		return lend__store_fail(s, LEND_EDB, "database: not open");
	return copy_to(s, s->sql, path, concern);
}

int lend__sqlite_restore(char *kept, size_t size, lend__store *from,
                        const char *where, const char *stamp,
                        const char *concern)
{
	int rc;

	from->errmsg[0] = '\0';
	if (!from->sql)
		return lend__store_fail(from, LEND_EDB, "database: not open");
	snprintf(kept, size, "%s.before-restore-%s", where, stamp);
	if (access(where, F_OK) != 0)
		kept[0] = '\0'; /* nothing to keep */
	else if (rename(where, kept) != 0)
		return lend__store_fail(from, LEND_EDB, "%s: cannot move '%s' "
		                        "aside: %s", concern, where,
		                        strerror(errno));
	rc = copy_to(from, from->sql, where, concern);
	if (rc != 0 && kept[0])
		rename(kept, where);
	return rc;
}
