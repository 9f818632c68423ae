/* A fresh lend database in a temporary directory, for unit tests. */
#ifndef LEND_TEST_UTIL_H
#define LEND_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lend.h"

static char t_dir[256];
static char t_path[300];

/* Create a database with an admin "ada" acting, members RBH and LIB and a
 * site HUB; returns NULL on failure. */
static lend_db *t_fresh(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	lend_site_spec hub = { "HUB", "RBH", "Riverside Hub", NULL, NULL, NULL };
	lend_db *db = NULL;

	snprintf(t_dir, sizeof(t_dir), "%s/lend-unit-XXXXXX", tmp);
	if (!mkdtemp(t_dir))
		return NULL;
	snprintf(t_path, sizeof(t_path), "%s/lend.db", t_dir);
	if (lend_db_create(&db, t_path, "Test Consortium", "TST", "ada") ||
	    lend_db_act_as(db, "ada") ||
	    lend_member_add(db, "RBH", "Rochdale Boroughwide Housing") ||
	    lend_member_add(db, "LIB", "Rochdale Libraries") ||
	    lend_site_add(db, &hub)) {
		fprintf(stderr, "# set-up: %s\n", db ? lend_errmsg(db) : "?");
		lend_close(db);
		return NULL;
	}
	return db;
}

static void t_cleanup(lend_db *db)
{
	char f[340];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	size_t i;

	lend_close(db);
	for (i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", t_path, suffix[i]);
		unlink(f);
	}
	rmdir(t_dir);
}

#endif
