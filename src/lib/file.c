/*
 * Files: written whole or not at all.  Each goes to a temporary name in
 * the same directory and is renamed over the target, so a reader never
 * sees half a PDF and a failure leaves nothing behind.  Every file is
 * 0600: most hold personal data, and one rule is one that holds.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int lend__write_file(lend_db *db, const char *path, const char *data,
                     size_t len)
{
	char *tmp = NULL;
	size_t n = strlen(path);
	int fd = -1, rc = 0;

	if (!(tmp = malloc(n + 16)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = lend__error(db, LEND_EDB, "file: cannot write '%s': %s",
		                 path, strerror(errno));
		free(tmp);
		return rc;
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = lend__error(db, LEND_EDB, "file: cannot write '%s': "
			                 "%s", path, strerror(errno));
			break;
		}
		data += w;
		len -= (size_t)w;
	}
	/* Exports, agreements, slips and subject access files hold personal
	 * data: 0600 whatever the umask, as the database and its backups.
	 * mkstemp makes it so; fchmod says it, should a libc differ. */
	if (rc == 0 && fchmod(fd, 0600) != 0)
		rc = lend__error(db, LEND_EDB, "file: '%s': %s", path,
		                 strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = lend__error(db, LEND_EDB, "file: cannot write '%s': %s",
		                 path, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = lend__error(db, LEND_EDB, "file: cannot write '%s': %s",
		                 path, strerror(errno));
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int lend__read_file(char **out, size_t *len, lend_db *db,
                    const char *concern, const char *path)
{
	lend__buf b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return lend__error(db, errno == ENOENT ? LEND_ENOTFOUND : LEND_EDB,
		                   "%s: cannot read '%s': %s", concern, path,
		                   strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lend__buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	if (!(*out = lend__buf_take(&b)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	return 0;
}

int lend__buf_out(char **out, size_t *len, lend_db *db, lend__buf *b,
                  int rc)
{
	if (rc == 0) {
		*len = b->len;
		if (!(*out = lend__buf_take(b)))
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
	}
	lend__buf_free(b);
	return rc;
}

int lend__buf_file(lend_db *db, const char *path, lend__buf *b, int rc)
{
	if (rc == 0)
		rc = lend__write_file(db, path, b->s, b->len);
	lend__buf_free(b);
	return rc;
}

int lend__make_dir(lend_db *db, const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return lend__error(db, LEND_EDB, "file: cannot make directory '%s': %s",
	                   path, errno == EEXIST ? "a file is in the way"
	                                         : strerror(errno));
}
