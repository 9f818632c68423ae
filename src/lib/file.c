/*
 * Files: written whole or not at all.  Each goes to a temporary name in
 * the same directory and is renamed over the target, so a reader never
 * sees half a PDF and a failure leaves nothing behind.  Every file is
 * 0600: most hold personal data, and one rule is one that holds.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* A file may replace only a regular file: rename() over a device node, a
 * symlink or a directory would replace the node itself. */
int lend__check_target(lend_db *db, const char *concern, const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : lend__fail(db, LEND_EDB,
		                          "file.cannot_write", "concern",
		                          concern,
		                          "path", path, "why", strerror(errno),
		                          NULL);
	if (S_ISREG(st.st_mode))
		return 0;
	return lend__fail(db, LEND_EINVAL, S_ISLNK(st.st_mode) ? "file.is_link"
	                  : S_ISDIR(st.st_mode) ? "file.is_directory"
	                  : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
	                  ? "file.is_device" : "file.is_special", "concern",
	                  concern, "path", path, NULL);
}

char *lend__temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t size = dir + sizeof(LEND__TEMP_PREFIX) + 7;
	char *tmp = malloc(size);

	if (tmp)
		snprintf(tmp, size, "%.*s" LEND__TEMP_PREFIX "XXXXXX", (int)dir,
		         path);
	return tmp;
}

int lend__sweep_temps(lend_db *db, const char *dir, long age, size_t *swept)
{
	size_t plen = strlen(LEND__TEMP_PREFIX), removed = 0;
	time_t before = time(NULL) - age;
	struct dirent *e;
	lend__buf name = { 0 };
	DIR *d = opendir(dir);

	if (!d)
		return lend__fail(db, LEND_EDB, "doctor.cannot_read_folder",
		                  "path", dir, "why", strerror(errno), NULL);
	while ((e = readdir(d))) {
		struct stat st;

		if (strncmp(e->d_name, LEND__TEMP_PREFIX, plen) != 0)
			continue;
		name.len = 0;
		lend__buf_printf(&name, "%s/%s", dir, e->d_name);
		if (!name.oom && lstat(name.s, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < before && unlink(name.s) == 0)
			removed++;
	}
	closedir(d);
	lend__buf_free(&name);
	if (swept)
		*swept = removed;
	return 0;
}

int lend__write_file(lend_db *db, const char *path, const char *data,
                     size_t len)
{
	char *tmp = NULL;
	int fd = -1, rc;

	if ((rc = lend__check_target(db, "file", path)))
		return rc;
	if (!(tmp = lend__temp_name(path)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = lend__fail(db, LEND_EDB, "file.cannot_write", "concern",
		                "file", "path", path, "why", strerror(errno),
		                NULL);
		free(tmp);
		return rc;
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = lend__fail(db, LEND_EDB, "file.cannot_write",
			                "concern", "file", "path", path, "why",
			                strerror(errno), NULL);
			break;
		}
		data += w;
		len -= (size_t)w;
	}
	/* Exports, agreements, slips and subject access files hold personal
	 * data: 0600 whatever the umask, as the database and its backups.
	 * mkstemp makes it so; fchmod says it, should a libc differ. */
	if (rc == 0 && fchmod(fd, 0600) != 0)
		rc = lend__fail(db, LEND_EDB, "file.cannot_protect", "path",
		                path, "why", strerror(errno), NULL);
	if (close(fd) != 0 && rc == 0)
		rc = lend__fail(db, LEND_EDB, "file.cannot_write", "concern",
		                "file", "path", path, "why", strerror(errno),
		                NULL);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = lend__fail(db, LEND_EDB, "file.cannot_write", "concern",
		                "file", "path", path, "why", strerror(errno),
		                NULL);
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
		return lend__fail(db,
		                  errno == ENOENT ? LEND_ENOTFOUND : LEND_EDB,
		                  "file.cannot_read", "concern", concern,
		                  "path", path, "why", strerror(errno), NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lend__buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	if (!(*out = lend__buf_take(&b)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	return 0;
}

int lend__buf_out(char **out, size_t *len, lend_db *db, lend__buf *b,
                  int rc)
{
	if (rc == 0) {
		*len = b->len;
		if (!(*out = lend__buf_take(b)))
			rc = lend__fail(db, LEND_ENOMEM,
			                "lend.out_of_memory", NULL);
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
	if (errno == EEXIST)
		return lend__fail(db, LEND_EDB, "file.dir_in_the_way", "path",
		                  path, NULL);
	return lend__fail(db, LEND_EDB, "file.cannot_make_dir", "path", path,
	                  "why", strerror(errno), NULL);
}
