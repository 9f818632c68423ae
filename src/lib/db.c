/*
 * The database as lend sees it: opening one and checking it is lend's,
 * creating one with its consortium and first admin, acting as a user,
 * closing, and the admin's backup and restore.  The store underneath
 * (store/) does the connecting, migrating and copying.
 */
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include "handle.h"
#include "erasure.h"

static lend_db *db_new(void)
{
	lend_db *db = calloc(1, sizeof(lend_db));

	if (db && !(db->store = lend__store_new())) {
		free(db);
		db = NULL;
	}
	return db;
}

const char *lend__actor_name(const lend_db *db)
{
	return db->actor;
}

int lend_db_act_as(lend_db *db, const char *name)
{
	char *copy = NULL;

	assert(db);
	lend__reset(db);
	if (name && !(copy = lend__strdup(name)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	free(db->actor);
	db->actor = copy;
	/* The transaction's reading of the user was of the one before. */
	lend_rows_free(db->actor_row);
	db->actor_row = NULL;
	return 0;
}

/* Is the store S at PATH lend's, and of a schema version we know?  Read
 * only: a file that is not ours is left exactly as it was.  FRESH accepts
 * an empty one.  CONCERN ("database" or "restore") starts the keys. */
static int identify(lend_db *db, lend__store *s, const char *path,
                    int fresh, const char *concern)
{
	lend__store_info info;
	const char *why;
	char key[32], version[24], newest[24];

	/* A file of some other kind fails at the first read; a full disk, a
	 * read-only folder or a truncated file say so. */
	if (lend__store_inspect(&info, s) != 0 &&
	    (why = lend__store_errmsg(s)) && strncmp(why, "database: ", 10) == 0 &&
	    !strstr(why, "not a database"))
		return lend__fail(db, LEND_EDB, lend__key(key, sizeof(key),
		                  concern, ".unreadable", ""), "path", path,
		                  "why", why + 10, NULL);
	if (lend__store_inspect(&info, s) != 0 ||
	    (!info.marked && !(fresh && info.empty)))
		return lend__fail(db, LEND_EINVAL, lend__key(key, sizeof(key),
		                  concern, ".not_lend", ""), "path", path,
		                  NULL);
	snprintf(version, sizeof(version), "%lld", (long long)info.version);
	snprintf(newest, sizeof(newest), "%d", info.newest);
	if (info.version > info.newest)
		return lend__fail(db, LEND_EINVAL, lend__key(key, sizeof(key),
		                  concern, ".too_new", ""), "path", path,
		                  "version", version, "newest", newest, NULL);
	return 0;
}

/* Connect to PATH, check it is ours (or FRESH and empty), and bring its
 * schema up to date.  On failure the handle is left unconnected, and says
 * so when used. */
static int attach(lend_db *db, const char *path, int fresh)
{
	lend__store *s = db->store;
	int rc = lend__store_connect(s, path, 0);

	if (rc == LEND_ENOTFOUND)
		rc = lend__fail(db, rc, "database.missing", "path", path, NULL);
	else
		rc = lend__from_store(db, rc);
	if (rc == 0 && (rc = identify(db, s, path, fresh, "database")) == 0 &&
	    (rc = lend__from_store(db, lend__store_durable(s))) == 0)
		rc = lend__from_store(db, lend__store_migrate(s));
	if (rc != 0)
		lend__store_disconnect(s);
	return rc;
}

int lend_open(lend_db **out, const char *path, int flags)
{
	lend_db *db;
	int rc;

	assert(out && path);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	if ((rc = attach(db, path, 0)) != 0)
		return rc;
	if (flags & LEND_OPEN_QUERY_ONLY)
		rc = lend__from_store(db, lend__store_query_only(db->store));
	return rc;
}

static int first_admin(lend_db *db, const char *consortium,
                       const char *prefix, const char *admin)
{
	static const char add_user[] =
		"INSERT INTO app_user (name, member_id, role, created_at) "
		"VALUES (?, NULL, 'admin', ?)";
	static const char add_counter[] =
		"INSERT INTO counter (name, next) VALUES "
		"('device', 1), ('borrower', 1), ('champion', 1), ('loan', 1)";
	char now[LEND__TIME_LEN];
	int64_t id;
	int rc;

	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__setting_store(db, "consortium.name", consortium)) ||
	    (rc = lend__setting_store(db, "tag.prefix", prefix)) ||
	    (rc = lend__exec(db, add_counter, LEND__NO_ARGS)) ||
	    (rc = lend__insert(&id, db, add_user, LEND__ARGS(LEND__T(admin),
	                                                     LEND__T(now)))))
		goto done;
	rc = lend__event(db, now, id, LEND__ENTITY_USER, id, "create", NULL, NULL);
done:
	return lend__txn_end(db, rc);
}

/* Make the file, refusing one that exists: lend init never touches it. */
static int create_file(lend_db *db, const char *path)
{
	int rc = lend__store_create(db->store, path, "init");

	if (rc == LEND_EEXISTS)
		return lend__fail(db, rc, "init.exists", "path", path, NULL);
	return lend__from_store(db, rc);
}

int lend_db_create(lend_db **out, const char *path, const char *consortium,
                   const char *prefix, const char *admin)
{
	lend_db *db;
	int rc;

	assert(out && path);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	/* Check the values before creating anything, so that a typo leaves
	 * no file behind. */
	if ((rc = lend__check_text(db, "init", "consortium", consortium, 1)) ||
	    (rc = lend__check_code(db, "init", "admin", admin, 64)))
		return rc;
	if ((rc = lend__setting_check(db, "init", "prefix", "tag.prefix",
	                              prefix ? prefix : "")))
		return rc;
	if ((rc = create_file(db, path)) != 0)
		return rc;
	rc = attach(db, path, 1);
	if (rc == 0)
		rc = first_admin(db, consortium, prefix, admin);
	if (rc != 0) {
		lend__store_disconnect(db->store);
		lend__store_remove(path);
	}
	return rc;
}

void lend_close(lend_db *db)
{
	if (!db)
		return;
	lend__store_close(db->store);
	lend_rows_free(db->settings);
	lend_rows_free(db->actor_row);
	free(db->actor);
	lend__buf_free(&db->notice);
	free(db->notes);
	free(db);
}

int lend_db_backup(lend_db *db, const char *path)
{
	int64_t actor;
	int rc;

	assert(db && path);
	lend__reset(db);
	if ((rc = lend__actor(&actor, db, "backup", LEND__ADMIN,
	                      "make backups")) ||
	    (rc = lend__check_target(db, "backup", path)))
		return rc;
	return lend__from_store(db, lend__store_backup(db->store, path,
	                                               "backup"));
}

/* Connect read only to BACKUP, which must be a lend database of a version
 * we know: opening it as lend_open() does would migrate it. */
static int open_backup(lend__store **out, lend_db *db, const char *backup)
{
	lend__store *from = lend__store_new();
	int rc;

	if (!from)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (lend__store_connect(from, backup, 1) != 0)
		rc = lend__fail(db, LEND_ENOTFOUND, "restore.cannot_open",
		                "path", backup, NULL);
	else
		rc = identify(db, from, backup, 0, "restore");
	if (rc == 0)
		*out = from;
	else
		lend__store_close(from);
	return rc;
}

/* Open the live database at PATH as ACTOR, who must be an admin of it,
 * and fold its log into its file.  *LIVE is NULL when there is none, or
 * it cannot be opened (the reason for a restore): the backup's admins
 * decide then.  *ERASED lists the refs of the borrowers erased in it. */
static int open_live(lend_db **live, lend_rows **erased, lend_db *db,
                     const char *path, const char *actor)
{
	static const char sql[] =
		"SELECT ref FROM borrower WHERE forgotten_at IS NOT NULL";
	int64_t id;
	int rc = lend_open(live, path, 0);

	if (rc != 0) {
		lend_close(*live);
		*live = NULL;
		return rc == LEND_ENOMEM ? lend__fail(db, rc,
		                         "lend.out_of_memory", NULL) : 0;
	}
	if ((rc = lend_db_act_as(*live, actor)) ||
	    (rc = lend__actor(&id, *live, "restore", LEND__ADMIN,
	                      "restore backups")) ||
	    (rc = lend__query_rows(erased, *live, sql, LEND__NO_ARGS)) ||
	    (rc = lend__from_store(*live, lend__store_checkpoint((*live)->store))))
		lend__fail_from(db, *live, rc);
	return rc;
}

/* Copy BACKUP beside PATH as STAGED and open it on DB (an older one is
 * migrated: the copy is ours), and refuse it unless the doctor, with
 * SQLite's integrity check, finds nothing wrong with it. */
static int stage(lend_db *db, char *staged, size_t size, const char *path,
                 const char *backup)
{
	lend__store *from = NULL;
	lend_rows *found = NULL;
	char n[24];
	int rc;

	if ((rc = open_backup(&from, db, backup)))
		return rc;
	if ((rc = lend__store_stage(staged, size, from, path, "restore")))
		rc = lend__fail(db, rc, "database.store", "message",
		                lend__store_errmsg(from), NULL);
	lend__store_close(from);
	if (rc || (rc = attach(db, staged, 0)) || (rc = lend_doctor(&found, db)))
		return rc;
	snprintf(n, sizeof(n), "%zu", lend_rows_count(found));
	if (lend_rows_count(found) > 0)
		rc = lend__fail(db, LEND_EINVAL, "restore.problems", "path",
		                backup, "n", n, "check",
		                lend_rows_text(found, 0, 0), "problem",
		                lend_rows_text(found, 0, 1), NULL);
	lend_rows_free(found);
	return rc;
}

/* Erase again in the copy the borrowers ERASED in the live database since
 * the backup, so that a restore brings no erased person back. */
static int erase_again(lend_db *db, const lend_rows *erased, int64_t actor,
                       const char *now)
{
	static const char sql[] =
		"SELECT id FROM borrower WHERE ref = ? AND forgotten_at IS NULL";
	size_t i;
	int64_t id;
	int rc = 0;

	for (i = 0; rc == 0 && erased && i < lend_rows_count(erased); i++) {
		const char *ref = lend_rows_text(erased, i, 0);

		rc = lend__query_int(&id, db, sql, LEND__ARGS(LEND__T(ref)));
		if (rc == LEND_ENOTFOUND)
			rc = 0;
		else if (rc == 0)
			rc = lend__borrower_erase(db, id, ref, actor, now);
	}
	return rc;
}

/* Record the restore in the copy, by ACTOR (an admin of it when there is
 * no LIVE database to ask), and erase again whom the live one erased. */
static int record(lend_db *db, const char *backup, int live,
                  const lend_rows *erased)
{
	static const char user_sql[] = "SELECT id FROM app_user WHERE name = ?";
	char now[LEND__TIME_LEN];
	lend__buf after = { 0 };
	int64_t actor = 0;
	int rc;

	lend__now(now);
	if ((rc = lend__txn_begin(db)))
		return rc;
	if (!live)
		rc = lend__actor(&actor, db, "restore", LEND__ADMIN,
		                 "restore backups");
	else if ((rc = lend__query_int(&actor, db, user_sql, LEND__ARGS(
	                               LEND__T(lend__actor_name(db))))) ==
	         LEND_ENOTFOUND)
		rc = 0; /* an admin added since the backup */
	lend__buf_str(&after, "{\"backup\":");
	lend__buf_json(&after, backup);
	lend__buf_str(&after, ",\"by\":");
	lend__buf_json(&after, lend__actor_name(db));
	lend__buf_str(&after, "}");
	if (rc == 0 && after.oom)
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (rc == 0 && (rc = erase_again(db, erased, actor, now)) == 0)
		rc = lend__event_json(db, now, actor, LEND__ENTITY_DATABASE, 0,
		                      "restore", NULL, after.s);
	lend__buf_free(&after);
	return lend__txn_end(db, rc);
}

/* Keep the live database (closed, its log folded in) aside and put the
 * copy STAGED, closed, in its place. */
static int swap(lend_db *db, lend_db *live, const char *path,
                const char *staged)
{
	char kept[4200], stamp[LEND__TIME_LEN];
	int rc;

	lend__now(stamp);
	lend__store_disconnect(db->store);
	if (live)
		lend__store_disconnect(live->store);
	if ((rc = lend__store_set_aside(kept, sizeof(kept), db->store, path,
	                                stamp, "restore")) ||
	    (rc = lend__store_put(db->store, staged, path, "restore")))
		return lend__fail(db, rc, "database.store", "message",
		                  lend__store_errmsg(db->store), NULL);
	if (kept[0])
		lend__note(db, "restore.kept", "path", kept, NULL);
	return 0;
}

int lend_db_restore(lend_db **out, const char *path, const char *backup,
                    const char *actor)
{
	char staged[4096] = "";
	lend_rows *erased = NULL;
	lend_db *db, *live = NULL;
	int rc;

	assert(out && path && backup);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	if ((rc = lend_db_act_as(db, actor)))
		return rc;
	if (!actor)
		return lend__fail(db, LEND_EDENIED, "restore.no_user", NULL);
	if ((rc = open_live(&live, &erased, db, path, actor)) ||
	    (rc = stage(db, staged, sizeof(staged), path, backup)) ||
	    (rc = record(db, backup, live != NULL, erased)) ||
	    (rc = swap(db, live, path, staged)))
		goto done;
	staged[0] = '\0';
	/* The handle given back is on the database restored, as lend_open()
	 * gives one (issue 11: it was left unconnected, and every call on it
	 * said "out of memory"). */
	rc = attach(db, path, 0);
done:
	if (rc != 0 && staged[0]) {
		lend__store_disconnect(db->store);
		lend__store_remove(staged);
	}
	lend_rows_free(erased);
	lend_close(live);
	return rc;
}
