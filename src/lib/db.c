/*
 * The database as lend sees it: opening one and checking it is lend's,
 * creating one with its consortium and first admin, acting as a user,
 * closing, and the admin's backup and restore.  The store underneath
 * (store/) does the connecting, migrating and copying.
 */
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <stdlib.h>

#include "handle.h"

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
		return lend__error(db, LEND_ENOMEM, "out of memory");
	free(db->actor);
	db->actor = copy;
	return 0;
}

/* Is the store S at PATH lend's, and of a schema version we know?  Read
 * only: a file that is not ours is left exactly as it was.  FRESH accepts
 * an empty one.  PREFIX starts the messages. */
static int identify(lend_db *db, lend__store *s, const char *path,
                    int fresh, const char *prefix)
{
	lend__store_info info;

	/* A file of some other kind fails at the first read. */
	if (lend__store_inspect(&info, s) != 0 ||
	    (!info.marked && !(fresh && info.empty)))
		return lend__error(db, LEND_EINVAL, "%sdatabase: '%s' is not a "
		                   "lend database", prefix, path);
	if (info.version > info.newest)
		return lend__error(db, LEND_EINVAL,
		                   "%sdatabase: '%s' has schema version %lld, "
		                   "newer than this lend's %d; use a newer lend",
		                   prefix, path, (long long)info.version,
		                   info.newest);
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
		rc = lend__error(db, rc, "database: '%s' does not exist "
		                 "(create it with lend init)", path);
	else
		rc = lend__from_store(db, rc);
	if (rc == 0 && (rc = identify(db, s, path, fresh, "")) == 0 &&
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
		return lend__error(db, rc, "init: '%s' already exists; lend "
		                   "init never touches an existing file", path);
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
	free(db->actor);
	lend__buf_free(&db->notice);
	free(db);
}

int lend_db_backup(lend_db *db, const char *path)
{
	int64_t actor;
	int rc;

	assert(db && path);
	lend__reset(db);
	if ((rc = lend__actor(&actor, db, "backup", LEND__ADMIN,
	                      "make backups")))
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
		return lend__error(db, LEND_ENOMEM, "out of memory");
	if (lend__store_connect(from, backup, 1) != 0)
		rc = lend__error(db, LEND_ENOTFOUND, "restore: cannot open '%s'",
		                 backup);
	else
		rc = identify(db, from, backup, 0, "restore: ");
	if (rc == 0)
		*out = from;
	else
		lend__store_close(from);
	return rc;
}

int lend_db_restore(lend_db **out, const char *path, const char *backup)
{
	char kept[4096], stamp[LEND__TIME_LEN];
	lend__store *from = NULL;
	lend_db *db;
	int rc;

	assert(out && path && backup);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	if ((rc = open_backup(&from, db, backup)) != 0)
		goto done;
	lend__now(stamp);
	rc = lend__store_restore(kept, sizeof(kept), from, path, stamp,
	                         "restore");
	if (rc != 0) {
		lend__error(db, rc, "%s", lend__store_errmsg(from));
		goto done;
	}
	if (kept[0])
		lend__notice(db, "restore: the database replaced is kept as "
		             "'%s'", kept);
	/* The handle given back is on the database restored, as lend_open()
	 * gives one (issue 11: it was left unconnected, and every call on it
	 * said "out of memory"). */
	rc = attach(db, path, 0);
done:
	lend__store_close(from);
	return rc;
}
