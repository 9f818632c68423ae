/*
 * Storage: opening, creating and migrating the database, transactions, and
 * the small query helpers through which every other file reaches SQLite.
 * This is the only file that calls sqlite3_*.
 */
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"

/* 'LEND' in ASCII: marks the file as ours, so that lend refuses to migrate
 * some other program's SQLite database into a lend one. */
#define LEND_APPLICATION_ID 0x4C454E44

/* Prepared statements are kept for the handle's life: a check-out runs a
 * dozen small statements and preparing them costs more than running them. */
#define STMT_CACHE 48

/* A writer waits this long for another process's transaction; a busy
 * desk should see a short pause, never "database is locked". */
#define BUSY_TIMEOUT_MS 15000

/* Ids of members, sites, grants and users by code: never deleted, their
 * codes never change, so a lookup made once holds for the handle's life,
 * but for a rollback of the transaction that made the record. */
#define MEMO 64

struct lend_db {
	sqlite3 *sql;
	char *actor;
	char errmsg[512];
	lend__buf notice;
	sqlite3_stmt *cache[STMT_CACHE];
	const char *cache_key[STMT_CACHE]; /* the caller's SQL pointer */
	size_t cache_next;
	struct memo {
		const char *sql; /* the lookup's static query */
		char name[40];
		int64_t id;
	} memo[MEMO];
	size_t memo_next;
};

const char *lend_strerror(int code)
{
	switch (code) {
	case LEND_OK: return "success";
	case LEND_ENOTFOUND: return "not found";
	case LEND_EEXISTS: return "already exists";
	case LEND_EINVAL: return "invalid value";
	case LEND_ECONFLICT: return "not allowed in the current state";
	case LEND_EDENIED: return "not allowed for this user's role";
	case LEND_ENOMEM: return "out of memory";
	case LEND_EDB: return "database error";
	default: return "unknown error";
	}
}

void lend_free(void *p)
{
	free(p);
}

int lend__error(lend_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	if (db->errmsg[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void lend__reset(lend_db *db)
{
	db->errmsg[0] = '\0';
	db->notice.len = 0;
	if (db->notice.s)
		db->notice.s[0] = '\0';
}

void lend__error_clear(lend_db *db)
{
	db->errmsg[0] = '\0';
}

void lend__notice(lend_db *db, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (db->notice.len)
		lend__buf_str(&db->notice, "\n");
	lend__buf_str(&db->notice, line);
}

const char *lend_notice(const lend_db *db)
{
	assert(db);
	return db->notice.s && !db->notice.oom ? db->notice.s : "";
}

const char *lend_errmsg(const lend_db *db)
{
	assert(db);
	return db->errmsg;
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

/* Turn an SQLite failure into our code and a message.  Constraint
 * failures mean the C checks missed a case; they still come out as a
 * clear refusal rather than a database error. */
static int sql_error(lend_db *db, int src)
{
	const char *msg = sqlite3_errmsg(db->sql);

	switch (src) {
	case SQLITE_NOMEM:
		return lend__error(db, LEND_ENOMEM, "out of memory");
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return lend__error(db, LEND_EEXISTS, "database: %s", msg);
	case SQLITE_CONSTRAINT_TRIGGER:
		return lend__error(db, LEND_ECONFLICT, "database: %s", msg);
	default:
		if ((src & 0xff) == SQLITE_CONSTRAINT)
			return lend__error(db, LEND_EINVAL, "database: %s", msg);
		return lend__error(db, LEND_EDB, "database: %s", msg);
	}
}

static lend_db *db_new(void)
{
	return calloc(1, sizeof(lend_db));
}

/* A prepared statement for SQL, reset and cleared, from the cache. */
static int stmt_get(sqlite3_stmt **out, lend_db *db, const char *sql)
{
	sqlite3_stmt *st;
	size_t i;
	int src;

	/* Most SQL is a static string, so its address finds it; the text is
	 * still compared, since a freed buffer's address can come back with
	 * other SQL in it. */
	for (i = 0; i < STMT_CACHE; i++)
		if (db->cache_key[i] == sql && db->cache[i] &&
		    strcmp(sqlite3_sql(db->cache[i]), sql) == 0) {
			*out = db->cache[i];
			return 0;
		}
	for (i = 0; i < STMT_CACHE; i++) {
		st = db->cache[i];
		if (st && strcmp(sqlite3_sql(st), sql) == 0) {
			db->cache_key[i] = sql;
			*out = st;
			return 0;
		}
	}
	src = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                         &st, NULL);
	if (src != SQLITE_OK)
		return sql_error(db, src);
	i = db->cache_next;
	db->cache_next = (i + 1) % STMT_CACHE;
	sqlite3_finalize(db->cache[i]);
	db->cache[i] = st;
	db->cache_key[i] = sql;
	*out = st;
	return 0;
}

static void stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int bind_args(lend_db *db, sqlite3_stmt *st, const lend__arg *a,
                     size_t n)
{
	size_t i;
	int src = SQLITE_OK;

	for (i = 0; i < n && src == SQLITE_OK; i++) {
		int pos = (int)i + 1;

		if (a[i].type == LEND__ARG_INT)
			src = sqlite3_bind_int64(st, pos, a[i].i);
		else if (a[i].type == LEND__ARG_TEXT && a[i].s)
			src = sqlite3_bind_text(st, pos, a[i].s, -1,
			                        SQLITE_STATIC);
		else
			src = sqlite3_bind_null(st, pos);
	}
	return src == SQLITE_OK ? 0 : sql_error(db, src);
}

/* Prepare SQL and bind its parameters. */
static int stmt_start(sqlite3_stmt **out, lend_db *db, const char *sql,
                      const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = stmt_get(&st, db, sql)) != 0)
		return rc;
	if ((rc = bind_args(db, st, a, n)) != 0) {
		stmt_done(st);
		return rc;
	}
	*out = st;
	return 0;
}

int lend__exec(lend_db *db, const char *sql, const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc, src;

	if ((rc = stmt_start(&st, db, sql, a, n)) != 0)
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		;
	rc = src == SQLITE_DONE ? 0 : sql_error(db, sqlite3_extended_errcode(db->sql));
	stmt_done(st);
	return rc;
}

int64_t lend__changes(lend_db *db)
{
	return sqlite3_changes64(db->sql);
}

int lend__insert(int64_t *out, lend_db *db, const char *sql,
                 const lend__arg *a, size_t n)
{
	int rc = lend__exec(db, sql, a, n);

	if (rc == 0)
		*out = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

void lend__set_add(lend__set *set, const char *col, lend__arg value)
{
	assert(set->n < LEND__SET_MAX);
	set->cols[set->n] = col;
	set->args[set->n] = value;
	set->n++;
}

void lend__set_text(lend__set *set, const char *col, const char *value)
{
	if (value)
		lend__set_add(set, col, *value ? LEND__T(value) : LEND__NUL);
}

int lend__update(lend_db *db, const char *table, int64_t id,
                 lend__set *set)
{
	lend__buf sql = { 0 };
	char *s;
	size_t i;
	int rc;

	if (set->n == 0)
		return 0;
	lend__buf_printf(&sql, "UPDATE %s SET ", table);
	for (i = 0; i < set->n; i++)
		lend__buf_printf(&sql, "%s%s = ?", i ? ", " : "", set->cols[i]);
	lend__buf_str(&sql, " WHERE id = ?");
	if (!(s = lend__buf_take(&sql)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	set->args[set->n] = LEND__I(id);
	rc = lend__exec(db, s, set->args, set->n + 1);
	free(s);
	return rc;
}

/* Step SQL to its first row: 1 with a row, 0 without, or an error. */
static int first_row(sqlite3_stmt **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc, src;

	if ((rc = stmt_start(&st, db, sql, a, n)) != 0)
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = st;
		return 1;
	}
	rc = src == SQLITE_ROW || src == SQLITE_DONE
		? 0 : sql_error(db, sqlite3_extended_errcode(db->sql));
	stmt_done(st);
	return rc;
}

int lend__query_int(int64_t *out, lend_db *db, const char *sql,
                    const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc = first_row(&st, db, sql, a, n);

	if (rc <= 0)
		return rc == 0 ? LEND_ENOTFOUND : rc;
	*out = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return 0;
}

int lend__query_text(char **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	char *s;
	int rc = first_row(&st, db, sql, a, n);

	if (rc <= 0)
		return rc == 0 ? LEND_ENOTFOUND : rc;
	s = lend__strdup((const char *)sqlite3_column_text(st, 0));
	stmt_done(st);
	if (!s)
		return lend__error(db, LEND_ENOMEM, "out of memory");
	*out = s;
	return 0;
}

static int row_to_rows(lend_rows *r, sqlite3_stmt *st, size_t ncols)
{
	long row = lend__rows_add(r);
	size_t c;

	if (row < 0)
		return LEND_ENOMEM;
	for (c = 0; c < ncols; c++) {
		int type;
		const unsigned char *text;

		switch (sqlite3_column_type(st, (int)c)) {
		case SQLITE_NULL: type = LEND_NULL; break;
		case SQLITE_INTEGER: type = LEND_INTEGER; break;
		case SQLITE_FLOAT: type = LEND_REAL; break;
		default: type = LEND_TEXT; break;
		}
		text = sqlite3_column_text(st, (int)c);
		if (lend__rows_set(r, (size_t)row, c, type, (const char *)text,
		                   (size_t)sqlite3_column_bytes(st, (int)c)))
			return LEND_ENOMEM;
	}
	return 0;
}

int lend__query_rows(lend_rows **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n)
{
	sqlite3_stmt *st = NULL;
	lend_rows *r = NULL;
	size_t c, ncols;
	int rc, src;

	if ((rc = stmt_start(&st, db, sql, a, n)) != 0)
		return rc;
	ncols = (size_t)sqlite3_column_count(st);
	if (!(r = lend__rows_new(ncols))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	for (c = 0; c < ncols; c++)
		if (lend__rows_set_name(r, c, sqlite3_column_name(st, (int)c))) {
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
			goto done;
		}
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if (row_to_rows(r, st, ncols)) {
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
			goto done;
		}
	if (src != SQLITE_DONE)
		rc = sql_error(db, sqlite3_extended_errcode(db->sql));
done:
	stmt_done(st);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

int lend__txn_begin(lend_db *db)
{
	int src;

	lend__reset(db);
	src = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (src == SQLITE_BUSY)
		return lend__error(db, LEND_EDB,
		                   "database: still busy after %d s; try again",
		                   BUSY_TIMEOUT_MS / 1000);
	return src == SQLITE_OK ? 0 : sql_error(db, src);
}

int lend__txn_end_copy(lend_db *db, int rc, char **out, const char *value)
{
	char *copy = NULL;

	if (rc == 0 && !(copy = lend__strdup(value)))
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
	rc = lend__txn_end(db, rc);
	if (rc == 0)
		*out = copy;
	else
		free(copy);
	return rc;
}

int lend__memo_get(int64_t *out, lend_db *db, const char *sql,
                   const char *name)
{
	size_t i;

	for (i = 0; i < MEMO; i++)
		if (db->memo[i].sql == sql && strcmp(db->memo[i].name, name) == 0) {
			*out = db->memo[i].id;
			return 1;
		}
	return 0;
}

void lend__memo_put(lend_db *db, const char *sql, const char *name,
                    int64_t id)
{
	struct memo *m = &db->memo[db->memo_next];

	if (strlen(name) >= sizeof(m->name))
		return;
	db->memo_next = (db->memo_next + 1) % MEMO;
	m->sql = sql;
	memcpy(m->name, name, strlen(name) + 1);
	m->id = id;
}

int lend__txn_end(lend_db *db, int rc)
{
	int src;

	if (sqlite3_get_autocommit(db->sql))
		return rc;
	if (rc == 0) {
		src = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
		if (src == SQLITE_OK)
			return 0;
		rc = sql_error(db, src);
	}
	/* After a failed statement SQLite may already have rolled back;
	 * a second ROLLBACK is then an error we have no use for. */
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	memset(db->memo, 0, sizeof(db->memo));
	return rc;
}

/* ---- Opening -------------------------------------------------------- */

static int pragma_int(lend_db *db, const char *pragma, int64_t *out)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
	return lend__query_int(out, db, sql, LEND__NO_ARGS);
}

/* Bring the schema from version FROM to the newest, in the caller's
 * transaction.  user_version is transactional, so a failed migration
 * leaves the old version in place along with the old schema. */
static int migrate(lend_db *db, int64_t from)
{
	char sql[64];
	size_t i;
	int src;

	for (i = 0; i < lend__nmigrations; i++) {
		const lend__migration *m = &lend__migrations[i];

		if (m->version <= from)
			continue;
		src = sqlite3_exec(db->sql, m->sql, NULL, NULL, NULL);
		if (src != SQLITE_OK)
			return lend__error(db, LEND_EDB,
			                   "database: migration %03d-%s failed: %s",
			                   m->version, m->name,
			                   sqlite3_errmsg(db->sql));
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	         lend__migrations[lend__nmigrations - 1].version);
	return lend__exec(db, sql, LEND__NO_ARGS);
}

/* Is the file at PATH ours, and of a schema version we know?  Read only:
 * a file that is not ours is left exactly as it was.  A file that is not
 * SQLite at all fails at the first read. */
static int identify(int64_t *version, lend_db *db, const char *path,
                    int fresh)
{
	int newest = lend__migrations[lend__nmigrations - 1].version;
	int64_t app = 0, objects = 0;
	int rc;

	if ((rc = pragma_int(db, "application_id", &app)) ||
	    (rc = pragma_int(db, "user_version", version)) ||
	    (rc = lend__query_int(&objects, db,
	                          "SELECT count(*) FROM sqlite_schema",
	                          LEND__NO_ARGS))) {
		lend__reset(db);
		return lend__error(db, LEND_EINVAL, "database: '%s' is not a "
		                   "lend database", path);
	}
	if (app != LEND_APPLICATION_ID && !(fresh && objects == 0))
		return lend__error(db, LEND_EINVAL,
		                   "database: '%s' is not a lend database", path);
	if (*version > newest)
		return lend__error(db, LEND_EINVAL,
		                   "database: '%s' has schema version %lld, newer "
		                   "than this lend's %d; use a newer lend", path,
		                   (long long)*version, newest);
	return 0;
}

/* Bring an older schema up to date in one transaction. */
static int upgrade(lend_db *db, int64_t version)
{
	char sql[64];
	int rc;

	if (version >= lend__migrations[lend__nmigrations - 1].version)
		return 0;
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	         LEND_APPLICATION_ID);
	if ((rc = lend__exec(db, sql, LEND__NO_ARGS)) == 0)
		rc = migrate(db, version);
	return lend__txn_end(db, rc);
}

/* Per-connection settings.  Foreign keys are per connection and ignored
 * inside a transaction, so they are set here, first. */
static int configure(lend_db *db, int flags)
{
	int src;

	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	src = sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL,
	                   NULL);
	if (src == SQLITE_OK && (flags & LEND_OPEN_QUERY_ONLY))
		src = sqlite3_exec(db->sql, "PRAGMA query_only = ON",
		                   NULL, NULL, NULL);
	return src == SQLITE_OK ? 0 : sql_error(db, src);
}

/* WAL lets readers run during a check-out; FULL makes a finished check-out
 * survive a power cut.  Set only on a file known to be ours: switching
 * journal mode rewrites the file's header. */
static int journal(lend_db *db)
{
	static const char sql[] =
		"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
	int src = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return src == SQLITE_OK ? 0 : sql_error(db, src);
}

static int db_connect(lend_db *db, const char *path, int sqlite_flags)
{
	int src = sqlite3_open_v2(path, &db->sql, sqlite_flags, NULL);

	if (src == SQLITE_OK)
		return 0;
	if (src == SQLITE_NOMEM || !db->sql)
		return lend__error(db, LEND_ENOMEM, "out of memory");
	return lend__error(db, LEND_EDB, "database: cannot open '%s': %s",
	                   path, sqlite3_errmsg(db->sql));
}

/* Connect to PATH, check it is ours (or FRESH and empty), and bring its
 * schema up to date. */
static int attach(lend_db *db, const char *path, int fresh)
{
	int64_t version = 0;
	int rc;

	if ((rc = db_connect(db, path, SQLITE_OPEN_READWRITE)) ||
	    (rc = configure(db, 0)) ||
	    (rc = identify(&version, db, path, fresh)) ||
	    (rc = journal(db)))
		return rc;
	return upgrade(db, version);
}

int lend_open(lend_db **out, const char *path, int flags)
{
	lend_db *db;
	struct stat st;
	int rc;

	assert(out && path);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return lend__error(db, LEND_ENOTFOUND,
			                   "database: '%s' does not exist "
			                   "(create it with lend init)", path);
		return lend__error(db, LEND_EDB, "database: '%s': %s", path,
		                   strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return lend__error(db, LEND_EINVAL,
		                   "database: '%s' is a directory", path);
	if ((rc = attach(db, path, 0)) != 0)
		return rc;
	return configure(db, flags);
}

static void remove_files(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	size_t i;

	for (i = 0; i < LEND__NELEM(suffix); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		unlink(name);
	}
}

/* Create PATH with mode 0600, failing if it exists: O_EXCL closes the race
 * between two lend init runs, and the mode must be set before the first
 * byte of personal data is written. */
static int create_file(lend_db *db, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return lend__error(db, LEND_EEXISTS,
		                   "init: '%s' already exists; lend init never "
		                   "touches an existing file", path);
	return lend__error(db, LEND_EDB, "init: cannot create '%s': %s", path,
	                   strerror(errno));
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
	rc = lend__event(db, now, id, "user", id, "create", NULL, NULL);
done:
	return lend__txn_end(db, rc);
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
		sqlite3_close(db->sql);
		db->sql = NULL;
		remove_files(path);
	}
	return rc;
}

void lend_close(lend_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i]);
	sqlite3_close(db->sql);
	free(db->actor);
	lend__buf_free(&db->notice);
	free(db);
}

/* ---- Backup and restore --------------------------------------------- */

/* Copy the database SRC into a new file at PATH (mode 0600: it holds
 * personal data), through a temporary name.  SQLite's backup API copies a
 * consistent snapshot while others go on writing. */
static int copy_to(lend_db *db, sqlite3 *src, const char *path,
                   const char *concern)
{
	char tmp[4096];
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int fd, src_rc, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return lend__error(db, LEND_EDB, "%s: cannot write '%s': %s",
		                   concern, path, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = lend__error(db, LEND_EDB, "%s: cannot write '%s'", concern,
		                 path);
		goto done;
	}
	if (!(b = sqlite3_backup_init(dst, "main", src, "main"))) {
		rc = lend__error(db, LEND_EDB, "%s: %s", concern,
		                 sqlite3_errmsg(dst));
		goto done;
	}
	src_rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (src_rc != SQLITE_DONE)
		rc = lend__error(db, LEND_EDB, "%s: copy failed: %s", concern,
		                 sqlite3_errstr(src_rc));
done:
	/* Closing the copy checkpoints it into one file. */
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = lend__error(db, LEND_EDB, "%s: cannot close '%s'", concern,
		                 path);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = lend__error(db, LEND_EDB, "%s: cannot write '%s': %s",
		                 concern, path, strerror(errno));
	if (rc != 0)
		remove_files(tmp);
	return rc;
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
	return copy_to(db, db->sql, path, "backup");
}

int lend_db_restore(lend_db **out, const char *path, const char *backup)
{
	char kept[4096], stamp[LEND__TIME_LEN];
	lend_db *db, *from;
	int rc;

	assert(out && path && backup);
	if (!(db = db_new())) {
		*out = NULL;
		return LEND_ENOMEM;
	}
	*out = db;
	/* The backup must be a lend database of a version we know; opening
	 * it would migrate it, so it is only identified, read-only. */
	if (!(from = db_new()))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	if (sqlite3_open_v2(backup, &from->sql, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = lend__error(db, LEND_ENOTFOUND, "restore: cannot open '%s'",
		                 backup);
	} else {
		int64_t version = 0;

		rc = identify(&version, from, backup, 0);
		if (rc)
			lend__error(db, rc, "restore: %s", lend_errmsg(from));
	}
	if (rc == 0) {
		/* The database replaced stays beside, under the time. */
		lend__now(stamp);
		snprintf(kept, sizeof(kept), "%s.before-restore-%s", path, stamp);
		if (access(path, F_OK) != 0)
			kept[0] = '\0'; /* nothing to keep */
		else if (rename(path, kept) != 0)
			rc = lend__error(db, LEND_EDB, "restore: cannot move '%s' "
			                 "aside: %s", path, strerror(errno));
	}
	if (rc == 0 && (rc = copy_to(db, from->sql, path, "restore")) != 0 &&
	    kept[0])
		rename(kept, path);
	if (rc == 0 && kept[0])
		lend__notice(db, "restore: the database replaced is kept as "
		             "'%s'", kept);
	lend_close(from);
	return rc;
}
