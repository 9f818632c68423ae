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

/* Copy FROM into the empty file TMP, named PATH in messages. */
static int copy_file(lend__store *s, sqlite3 *from, const char *tmp,
                     const char *path, const char *concern)
{
	sqlite3 *dst = NULL;
	int rc = 0;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		rc = lend__store_fail(s, LEND_EDB, "%s: cannot write '%s'",
		                      concern, path);
	else
		rc = copy_pages(s, dst, from, concern);
	/* Closing the copy checkpoints it into one file. */
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = lend__store_fail(s, LEND_EDB, "%s: cannot close '%s'",
		                      concern, path);
	return rc;
}

/* A new empty file (mode 0600) named .lend-tmp-SUFFIX-XXXXXX beside PATH
 * in TMP: the prefix lets lend doctor --fix sweep what a kill left. */
static int make_temp(lend__store *s, char *tmp, size_t size,
                     const char *path, const char *suffix,
                     const char *concern)
{
	const char *slash = strrchr(path, '/');
	int fd, dir = slash ? (int)(slash - path) + 1 : 0;

	snprintf(tmp, size, "%.*s.lend-tmp-%s-XXXXXX", dir, path, suffix);
	if ((fd = mkstemp(tmp)) < 0)
		return lend__store_fail(s, LEND_EDB, "%s: cannot write '%s': "
		                        "%s", concern, path, strerror(errno));
	close(fd);
	return 0;
}

/* Copy FROM into a new file at PATH (mode 0600: it holds personal data),
 * through a temporary name; messages go on S. */
static int copy_to(lend__store *s, sqlite3 *from, const char *path,
                   const char *concern)
{
	char tmp[4096];
	int rc = make_temp(s, tmp, sizeof(tmp), path, "tmp", concern);

	if (rc == 0 && (rc = copy_file(s, from, tmp, path, concern)) == 0 &&
	    rename(tmp, path) != 0)
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

int lend__sqlite_stage(char *staged, size_t size, lend__store *from,
                       const char *where, const char *concern)
{
	int rc;

	from->errmsg[0] = '\0';
	if (!from->sql)
		return lend__store_fail(from, LEND_EDB, "database: not open");
	if ((rc = make_temp(from, staged, size, where, "restoring",
	                    concern)) == 0 &&
	    (rc = copy_file(from, from->sql, staged, where, concern)) != 0)
		lend__store_remove(staged);
	return rc;
}

int lend__store_checkpoint(lend__store *s)
{
	if (!lend__store_is_file(s))
		return 0; /* a server's log is its own */
	return lend__store_script(s, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* The files of the store at WHERE: itself, its log and its index. */
static const char *const parts[] = { "", "-wal", "-shm" };

/* Link the files of WHERE to KEPT, KEPT-wal, KEPT-shm, none of which may
 * exist: 0, or EEXIST when a name is taken (all undone), or errno. */
static int link_all(const char *where, const char *kept)
{
	char from[4200], to[4200];
	size_t i, j;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(from, sizeof(from), "%s%s", where, parts[i]);
		snprintf(to, sizeof(to), "%s%s", kept, parts[i]);
		if (i > 0 && access(from, F_OK) != 0)
			continue;
		if (link(from, to) != 0) {
			int e = errno;

			for (j = 0; j < i; j++) {
				snprintf(to, sizeof(to), "%s%s", kept, parts[j]);
				snprintf(from, sizeof(from), "%s%s", where, parts[j]);
				if (j == 0 || access(from, F_OK) == 0)
					unlink(to);
			}
			return e;
		}
	}
	return 0;
}

int lend__store_set_aside(char *kept, size_t size, lend__store *s,
                          const char *where, const char *stamp,
                          const char *concern)
{
	char name[4200];
	int n, e = EEXIST;
	size_t i;

	s->errmsg[0] = '\0';
	kept[0] = '\0';
	if (access(where, F_OK) != 0)
		return 0; /* nothing to keep */
	/* link() never takes a name that exists: two restores in the same
	 * second keep theirs under two names. */
	for (n = 1; n < 1000 && e == EEXIST; n++) {
		if (n == 1)
			snprintf(kept, size, "%s.before-restore-%s", where, stamp);
		else
			snprintf(kept, size, "%s.before-restore-%s-%d", where,
			         stamp, n);
		e = link_all(where, kept);
	}
	if (e != 0) {
		kept[0] = '\0';
		return lend__store_fail(s, LEND_EDB, "%s: cannot move '%s' "
		                        "aside: %s", concern, where, strerror(e));
	}
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", where, parts[i]);
		unlink(name);
	}
	return 0;
}

int lend__store_put(lend__store *s, const char *staged, const char *where,
                    const char *concern)
{
	if (rename(staged, where) == 0)
		return 0;
	return lend__store_fail(s, LEND_EDB, "%s: cannot put '%s' in place: %s",
	                        concern, where, strerror(errno));
}
