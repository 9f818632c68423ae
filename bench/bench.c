/*
 * lend's benchmarks through the library, each beside its baseline measured
 * in the same run: a figure line per measure, a bar line per quality bar
 * (DESIGN.md).  bench/run.sh adds the whole-process measures.
 *
 * Usage: bench DIR   (a scratch directory)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "lend.h"

#define ADDS 400

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, lend_db *db)
{
	fprintf(stderr, "bench: %s: %s\n", what, db ? lend_errmsg(db) : "?");
	exit(1);
}

static lend_db *fresh(const char *dir, const char *name)
{
	lend_site_spec hub = { "HUB", "RBH", "Hub", NULL, NULL };
	char path[512];
	lend_db *db = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	remove(path);
	if (lend_db_create(&db, path, "Bench", "BEN", "ada") ||
	    lend_db_act_as(db, "ada") ||
	    lend_member_add(db, "RBH", "Member") || lend_site_add(db, &hub))
		die("set-up", db);
	return db;
}

/* Device adds through liblend, one transaction each. */
static double lib_adds(const char *dir)
{
	lend_db *db = fresh(dir, "lib.db");
	lend_device_spec d = { 0 };
	char tag[32];
	double t0;
	int i;

	d.kind = "tablet";
	d.make = "Samsung";
	d.model = "Galaxy Tab A9+";
	d.member = "RBH";
	d.site = "HUB";
	d.tag = tag;
	t0 = now();
	for (i = 0; i < ADDS; i++) {
		char *out = NULL;

		snprintf(tag, sizeof(tag), "BEN-%05d", i);
		if (lend_device_add(&out, db, &d))
			die("device add", db);
		lend_free(out);
	}
	t0 = now() - t0;
	lend_close(db);
	return ADDS / t0;
}

static void exec(sqlite3 *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, err);
		exit(1);
	}
}

/* The same rows written by bare SQLite into the same schema, at the same
 * synchronous setting: the device, its event, one transaction each. */
static double bare_adds(const char *dir)
{
	static const char dev[] =
		"INSERT INTO device (tag, kind, make, model, member_id, site_id, "
		"added_at, changed_at) VALUES (?, 'tablet', 'Samsung', "
		"'Galaxy Tab A9+', 1, 1, ?, ?)";
	static const char ev[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, "
		"entity_id, action, after) VALUES (?, ?, 1, 'device', ?, "
		"'create', '{}')";
	char path[512], tag[32];
	sqlite3 *s = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;
	const char *at = "2026-01-01T00:00:00Z";
	double t0;
	int i;

	lend_close(fresh(dir, "bare.db"));
	snprintf(path, sizeof(path), "%s/bare.db", dir);
	if (sqlite3_open(path, &s) != SQLITE_OK)
		return 0;
	exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON");
	sqlite3_prepare_v2(s, dev, -1, &a, NULL);
	sqlite3_prepare_v2(s, ev, -1, &b, NULL);
	t0 = now();
	for (i = 0; i < ADDS; i++) {
		snprintf(tag, sizeof(tag), "BEN-%05d", i);
		exec(s, "BEGIN IMMEDIATE");
		sqlite3_bind_text(a, 1, tag, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 3, at, -1, SQLITE_STATIC);
		sqlite3_step(a);
		sqlite3_reset(a);
		sqlite3_bind_text(b, 1, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(b, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(b, 3, sqlite3_last_insert_rowid(s));
		sqlite3_step(b);
		sqlite3_reset(b);
		exec(s, "COMMIT");
	}
	t0 = now() - t0;
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(s);
	return ADDS / t0;
}

#define CHECKOUTS 400
#define BORROWERS 4 /* loan.limit is at most 100 */

/* A database with CHECKOUTS devices and BORROWERS consenting borrowers. */
static lend_db *stocked(const char *dir, const char *name)
{
	lend_db *db = fresh(dir, name);
	lend_device_spec d = { 0 };
	lend_borrower_spec b = { 0 };
	char *out = NULL;
	int i;

	d.kind = "tablet";
	d.make = "Samsung";
	d.model = "Tab";
	d.member = "RBH";
	d.site = "HUB";
	b.name = "Bench Borrower";
	b.postcode = "OL11";
	b.member = "RBH";
	b.consent = 1;
	if (lend_setting_set(db, "loan.limit", "100"))
		die("settings", db);
	for (i = 0; i < CHECKOUTS; i++) {
		if (lend_device_add(&out, db, &d))
			die("device add", db);
		lend_free(out);
	}
	for (i = 0; i < BORROWERS; i++) {
		if (lend_borrower_add(&out, db, &b))
			die("borrower add", db);
		lend_free(out);
	}
	return db;
}

static double lib_checkouts(const char *dir)
{
	lend_db *db = stocked(dir, "lib-loans.db");
	lend_checkout_spec c = { 0 };
	char tag[32], borrower[32];
	const char *tags[1] = { tag };
	double t0;
	int i;

	c.tags = tags;
	c.ntags = 1;
	c.borrower = borrower;
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++) {
		char *ref = NULL;

		snprintf(tag, sizeof(tag), "BEN-%05d", i + 1);
		snprintf(borrower, sizeof(borrower), "B-%06d", i % BORROWERS + 1);
		if (lend_loan_checkout(&ref, db, &c))
			die("checkout", db);
		lend_free(ref);
	}
	t0 = now() - t0;
	lend_close(db);
	return CHECKOUTS / t0;
}

/* The rows a check-out writes, by bare SQLite: the loan number, the loan,
 * its item, the device's status and two events, one transaction each. */
static const char bare_checkout_sql[] =
	"BEGIN IMMEDIATE;"
	"UPDATE counter SET next = next + 1 WHERE name = 'loan';"
	"INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at) "
	" VALUES ('L-' || (SELECT next FROM counter WHERE name = 'loan'), "
	" ?1, 1, 1, '2026-01-01T00:00:00Z');"
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'loan', last_insert_rowid(), 'create', "
	" '{}');"
	"INSERT INTO loan_item (loan_id, device_id, due_on) VALUES "
	" ((SELECT max(id) FROM loan), ?2, '2026-02-01');"
	"UPDATE device SET status = 'on_loan' WHERE id = ?2;"
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, before, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'device', ?2, 'checkout', "
	" '{\"status\":\"available\"}', '{\"status\":\"on_loan\"}');"
	"COMMIT;";

static double bare_checkouts(const char *dir)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st[9] = { 0 };
	const char *tail = bare_checkout_sql;
	char path[512];
	size_t n = 0, k;
	double t0;
	int i;

	lend_close(stocked(dir, "bare-loans.db"));
	snprintf(path, sizeof(path), "%s/bare-loans.db", dir);
	if (sqlite3_open(path, &s) != SQLITE_OK)
		return 0;
	exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON");
	while (*tail && n < 9)
		if (sqlite3_prepare_v2(s, tail, -1, &st[n], &tail) == SQLITE_OK &&
		    st[n])
			n++;
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++)
		for (k = 0; k < n; k++) {
			int p = sqlite3_bind_parameter_count(st[k]);

			if (p >= 1)
				sqlite3_bind_int(st[k], 1, i % BORROWERS + 1);
			if (p >= 2)
				sqlite3_bind_int(st[k], 2, i + 1);
			if (sqlite3_step(st[k]) != SQLITE_DONE) {
				fprintf(stderr, "bench: %s\n", sqlite3_errmsg(s));
				exit(1);
			}
			sqlite3_reset(st[k]);
		}
	t0 = now() - t0;
	for (k = 0; k < n; k++)
		sqlite3_finalize(st[k]);
	sqlite3_close(s);
	return CHECKOUTS / t0;
}

static void bar(const char *name, double ratio, const char *op, double limit)
{
	int ok = strcmp(op, ">=") == 0 ? ratio >= limit : ratio <= limit;

	printf("bar %s %.2f %s %.2f %s\n", name, ratio, op, limit,
	       ok ? "ok" : "short");
}

int main(int argc, char **argv)
{
	double lib, bare;

	if (argc != 2) {
		fprintf(stderr, "usage: bench DIR\n");
		return 2;
	}
	lib = lib_adds(argv[1]);
	bare = bare_adds(argv[1]);
	printf("figure device-add-lib %.0f per_s\n", lib);
	printf("figure device-add-bare-sqlite %.0f per_s\n", bare);
	bar("device-add-lib-vs-sqlite", lib / bare, ">=", 0.5);
	lib = lib_checkouts(argv[1]);
	bare = bare_checkouts(argv[1]);
	printf("figure checkout-lib %.0f per_s\n", lib);
	printf("figure checkout-bare-sqlite %.0f per_s\n", bare);
	bar("checkout-lib-vs-sqlite", lib / bare, ">=", 0.5);
	return 0;
}
