/* A fresh lend database in a temporary directory, for unit tests; with
 * LEND_TEST_PG set (tests/pg.sh), a fresh database of that PostgreSQL
 * cluster instead, dropped by t_cleanup(). */
#ifndef LEND_TEST_UTIL_H
#define LEND_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lend.h"

static char t_dir[256];
static char t_path[600];
static char t_pgname[64];

/* Make a database of the test cluster at LEND_TEST_PG and name it in
 * t_path; 0 when there is no cluster to use. */
static int t_pg_fresh(void)
{
	const char *host = getenv("LEND_TEST_PG"), *bin = getenv("LEND_PG_BIN");
	static unsigned n;
	char cmd[1024];

	if (!host || !*host || !bin)
		return 0;
	snprintf(t_pgname, sizeof(t_pgname), "unit_%ld_%u", (long)getpid(),
	         n++);
	snprintf(cmd, sizeof(cmd), "'%s/createdb' -h '%s' -U postgres -O lend "
	         "%s", bin, host, t_pgname);
	if (system(cmd) != 0)
		return -1;
	snprintf(t_path, sizeof(t_path), "postgresql:///%s?host=%s&user=lend",
	         t_pgname, host);
	return 1;
}

static void t_pg_drop(void)
{
	char cmd[1024];

	if (!t_pgname[0])
		return;
	snprintf(cmd, sizeof(cmd), "'%s/dropdb' -h '%s' -U postgres --force %s",
	         getenv("LEND_PG_BIN"), getenv("LEND_TEST_PG"), t_pgname);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not drop %s\n", t_pgname);
	t_pgname[0] = '\0';
}

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
	if (t_pg_fresh() < 0)
		return NULL;
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
	char f[640];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	size_t i;

	lend_close(db);
	for (i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", t_path, suffix[i]);
		unlink(f);
	}
	rmdir(t_dir);
	t_pg_drop();
}

#endif
