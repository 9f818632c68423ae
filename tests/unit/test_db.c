/* Opening, creating, errors, rows, and the one-transaction rule. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>

#include "t.h"
#include "util.h"

static long long count(lend_db *db, const char *ref)
{
	lend_rows *r = NULL;
	long long n;

	if (lend_event_list(&r, db, ref))
		return -1;
	n = (long long)lend_rows_count(r);
	lend_rows_free(r);
	return n;
}

T_TEST(open_missing)
{
	lend_db *db = NULL;

	T_EQ_INT(lend_open(&db, "/nonexistent/lend.db", 0), LEND_ENOTFOUND);
	T_OK(db != NULL);
	T_EQ_STR(lend_errmsg(db), "database: '/nonexistent/lend.db' does not "
	         "exist (create it with lend init)");
	lend_close(db);
	lend_close(NULL);
}

T_TEST(create_and_reopen)
{
	lend_db *db = t_fresh(), *again = NULL;
	char *v = NULL;

	T_OK(db);
	T_EQ_INT(lend_open(&again, t_path, LEND_OPEN_QUERY_ONLY), 0);
	T_EQ_INT(lend_setting_get(&v, again, "tag.prefix"), 0);
	T_EQ_STR(v, "TST");
	lend_free(v);
	T_EQ_INT(lend_db_act_as(again, "ada"), 0);
	/* A query-only handle refuses to write, whatever the role. */
	T_EQ_INT(lend_member_add(again, "OX", "Oxfam"), LEND_EDB);
	lend_close(again);
	lend_close(db);
	db = NULL;
	T_EQ_INT(lend_db_create(&db, t_path, "X", "X", "bob"), LEND_EEXISTS);
	lend_close(db);
	t_cleanup(NULL);
}

T_TEST(errors_are_kept_and_cleared)
{
	lend_db *db = t_fresh();
	lend_rows *r = (lend_rows *)&r; /* must stay as it is on failure */

	T_OK(db);
	T_EQ_INT(lend_member_show(&r, db, "NOPE"), LEND_ENOTFOUND);
	T_EQ_STR(lend_errmsg(db), "member: member 'NOPE' not found");
	T_OK(r == (lend_rows *)&r);
	T_EQ_INT(lend_member_list(&r, db), 0);
	T_EQ_STR(lend_errmsg(db), "");
	T_EQ_INT(lend_rows_count(r), 2);
	lend_rows_free(r);
	T_EQ_STR(lend_strerror(LEND_ECONFLICT), "not allowed in the current "
	         "state");
	t_cleanup(db);
}

T_TEST(rows_and_json)
{
	lend_db *db = t_fresh();
	lend_rows *r = NULL;
	char *json = NULL;

	T_OK(db);
	T_EQ_INT(lend_member_add(db, "Q\"T", "Quote \"and\" \\ slash"),
	         LEND_EINVAL);
	T_EQ_INT(lend_member_add(db, "QT", "Quote \"and\" \\ slash"), 0);
	T_EQ_INT(lend_member_show(&r, db, "QT"), 0);
	T_EQ_INT(lend_rows_columns(r), 6);
	T_EQ_STR(lend_rows_name(r, 0), "code");
	T_EQ_INT(lend_rows_type(r, 0, 2), LEND_INTEGER);
	T_EQ_STR(lend_rows_get(r, 0, "name"), "Quote \"and\" \\ slash");
	T_OK(lend_rows_get(r, 0, "nonesuch") == NULL);
	T_EQ_INT(lend_rows_json(&json, r, LEND_JSON_OBJECT), 0);
	T_OK(strstr(json, "\"name\":\"Quote \\\"and\\\" \\\\ slash\","));
	T_OK(strstr(json, "\"sites\":0,"));
	lend_free(json);
	lend_rows_free(r);
	t_cleanup(db);
}

/* A refused change writes neither the record nor its event. */
T_TEST(refusals_write_nothing)
{
	lend_db *db = t_fresh();
	lend_device_spec d = { 0 };
	char *tag = NULL;

	T_OK(db);
	d.kind = "tablet";
	d.make = "Samsung";
	d.model = "Tab";
	d.member = "RBH";
	d.site = "HUB";
	T_EQ_INT(lend_device_add(&tag, db, &d), 0);
	T_EQ_STR(tag, "TST-00001");
	lend_free(tag);
	tag = NULL;
	d.imei = "356938035643808";
	T_EQ_INT(lend_device_add(&tag, db, &d), LEND_EINVAL);
	T_OK(tag == NULL);
	T_EQ_INT(lend_device_status(db, "TST-00001", "available", NULL, NULL),
	         LEND_ECONFLICT);
	T_EQ_STR(lend_errmsg(db), "device: 'TST-00001' is already available");
	T_EQ_INT(count(db, "TST-00001"), 1);
	T_EQ_INT(lend_device_status(db, "TST-00001", "lost", "left on bus",
	                            NULL), 0);
	T_EQ_INT(count(db, "TST-00001"), 2);
	/* The counter moved on, so the next allocated tag is new. */
	d.imei = NULL;
	T_EQ_INT(lend_device_add(&tag, db, &d), 0);
	T_EQ_STR(tag, "TST-00002");
	lend_free(tag);
	t_cleanup(db);
}

T_TEST(roles)
{
	lend_db *db = t_fresh();
	lend_user_spec fred = { "fred", NULL, "funder", NULL, NULL };
	lend_user_spec sam = { "sam", "RBH", "staff", NULL, NULL };

	T_OK(db);
	T_EQ_INT(lend_user_add(db, &fred), 0);
	T_EQ_INT(lend_user_add(db, &sam), 0);
	T_EQ_INT(lend_db_act_as(db, "fred"), 0);
	T_EQ_INT(lend_setting_set(db, "loan.limit", "5"), LEND_EDENIED);
	T_EQ_INT(lend_db_act_as(db, "sam"), 0);
	T_EQ_INT(lend_member_add(db, "OX", "Oxfam"), LEND_EDENIED);
	T_EQ_STR(lend_errmsg(db), "member: user 'sam' is a staff and may not "
	         "add members");
	T_EQ_INT(lend_db_act_as(db, NULL), 0);
	T_EQ_INT(lend_member_add(db, "OX", "Oxfam"), LEND_EDENIED);
	t_cleanup(db);
}

T_TEST(settings)
{
	lend_db *db = t_fresh();
	lend_rows *r = NULL;
	char *v = NULL;

	T_OK(db);
	T_EQ_INT(lend_setting_get(&v, db, "loan.days.other"), 0);
	T_EQ_STR(v, "14");
	lend_free(v);
	T_EQ_INT(lend_setting_set(db, "loan.days.other", "21"), 0);
	T_EQ_INT(lend_setting_show(&r, db, "loan.days.other"), 0);
	T_EQ_STR(lend_rows_get(r, 0, "value"), "21");
	T_EQ_STR(lend_rows_get(r, 0, "is_default"), "0");
	lend_rows_free(r);
	T_EQ_INT(lend_setting_set(db, "loan.days.other", "0"), LEND_EINVAL);
	T_EQ_INT(lend_setting_get(&v, db, "no.such"), LEND_ENOTFOUND);
	t_cleanup(db);
}

/* Remove a database file and what SQLite keeps beside it. */
static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char f[400];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", path, suffix[i]);
		unlink(f);
	}
}

static size_t members(lend_db *db)
{
	lend_rows *r = NULL;
	size_t n;

	if (lend_member_list(&r, db))
		return 0;
	n = lend_rows_count(r);
	lend_rows_free(r);
	return n;
}

/* The handle lend_db_restore() gives back works on the database restored:
 * it once said "out of memory" to every call. */
T_TEST(restore_gives_a_working_handle)
{
	lend_db *db = t_fresh(), *back = NULL;
	char snap[320], into[320], kept[400];
	const char *note;

	/* Skipped on PostgreSQL: backups are files of SQLite. */
	if (getenv("LEND_TEST_PG")) {
		t_cleanup(db);
		return;
	}

	T_OK(db);
	snprintf(snap, sizeof(snap), "%s/snap.db", t_dir);
	snprintf(into, sizeof(into), "%s/into.db", t_dir);
	T_EQ_INT(lend_db_backup(db, snap), 0);
	T_EQ_INT(lend_db_restore(&back, into, snap, "ada"), 0);
	T_EQ_STR(lend_notice(back), "");
	T_EQ_INT(lend_db_act_as(back, "ada"), 0);
	T_EQ_INT(members(back), 2);
	T_EQ_INT(lend_member_add(back, "OX", "Oxfam"), 0);
	T_EQ_INT(members(back), 3);
	lend_close(back);
	back = NULL;
	/* Over a database: the one replaced is kept, and named. */
	T_EQ_INT(lend_db_restore(&back, into, snap, "ada"), 0);
	note = lend_notice(back);
	T_OK(sscanf(note, "restore: the database replaced is kept as '%399[^']",
	            kept) == 1);
	T_EQ_INT(lend_db_act_as(back, "ada"), 0);
	T_EQ_INT(members(back), 2);
	lend_close(back);
	remove_db(kept);
	remove_db(into);
	remove_db(snap);
	t_cleanup(db);
}

/* A failed restore's handle says it is not open, rather than "out of
 * memory". */
T_TEST(failed_restore_handle)
{
	lend_db *back = NULL;
	lend_rows *r = NULL;

	T_EQ_INT(lend_db_restore(&back, "/nonexistent/into.db",
	                         "/nonexistent/snap.db", "ada"), LEND_ENOTFOUND);
	T_OK(back != NULL);
	T_EQ_STR(lend_errmsg(back), "restore: cannot open "
	         "'/nonexistent/snap.db'");
	T_EQ_INT(lend_member_list(&r, back), LEND_EDB);
	T_EQ_STR(lend_errmsg(back), "database: not open");
	T_OK(r == NULL);
	lend_close(back);
}

/* Write TEXT to NAME in the test's directory; PATH receives its name. */
static int write_csv(char *path, size_t size, const char *name,
                     const char *text)
{
	FILE *f;

	snprintf(path, size, "%s/%s", t_dir, name);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs(text, f);
	return fclose(f);
}

static size_t devices(lend_db *db)
{
	lend_rows *r = NULL;
	size_t n;

	if (lend_device_list(&r, db, NULL))
		return 99;
	n = lend_rows_count(r);
	lend_rows_free(r);
	return n;
}

/* A dry run counts what it would add, writes nothing, and leaves no
 * transaction open; a failed import leaves *out as it was. */
T_TEST(import_dry_run_and_failure)
{
	static const char good[] =
		"tag,kind,make,model,member,site\n"
		"DRY-1,tablet,A,B,RBH,HUB\n"
		"DRY-2,laptop,A,C,RBH,HUB\n";
	static const char bad[] =
		"tag,kind,make,model,member,site\n"
		"BAD-1,toaster,A,B,RBH,HUB\n";
	lend_db *db = t_fresh();
	lend_import_spec spec = { 0 };
	lend_import_result res = { 7, 7, 7, 7, 7 };
	char path[400], bad_path[400];

	T_OK(db);
	T_EQ_INT(write_csv(path, sizeof(path), "good.csv", good), 0);
	T_EQ_INT(write_csv(bad_path, sizeof(bad_path), "bad.csv", bad), 0);
	spec.what = "devices";
	spec.path = path;
	spec.dry_run = 1;
	T_EQ_INT(lend_import(&res, db, &spec), 0);
	T_EQ_INT(res.rows, 2);
	T_EQ_INT(res.added, 2);
	T_EQ_INT(devices(db), 0);
	/* No transaction lingers: the next write starts its own. */
	T_EQ_INT(lend_member_add(db, "OX", "Oxfam"), 0);
	res.rows = res.added = res.skipped = 7;
	spec.path = bad_path;
	spec.dry_run = 0;
	T_EQ_INT(lend_import(&res, db, &spec), LEND_EINVAL);
	T_OK(res.rows == 7 && res.added == 7 && res.skipped == 7);
	spec.path = path;
	T_EQ_INT(lend_import(&res, db, &spec), 0);
	T_EQ_INT(res.added, 2);
	T_EQ_INT(devices(db), 2);
	unlink(path);
	unlink(bad_path);
	t_cleanup(db);
}

/* The store's own checks come out of lend_doctor() with how to mend
 * them: a reference broken behind lend's back. */
T_TEST(doctor_reports_store_findings)
{
	lend_db *db = t_fresh();
	lend_rows *r = NULL;
	sqlite3 *raw = NULL;

	/* Skipped on PostgreSQL: it breaks a SQLite file with sqlite3. */
	if (getenv("LEND_TEST_PG")) {
		t_cleanup(db);
		return;
	}

	T_OK(db);
	T_EQ_INT(lend_doctor(&r, db), 0);
	T_EQ_INT(lend_rows_count(r), 0);
	lend_rows_free(r);
	r = NULL;
	T_EQ_INT(sqlite3_open(t_path, &raw), SQLITE_OK);
	T_EQ_INT(sqlite3_exec(raw, "UPDATE site SET member_id = 999",
	                      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	T_EQ_INT(lend_doctor(&r, db), 0);
	T_EQ_INT(lend_rows_count(r), 1);
	T_EQ_STR(lend_rows_get(r, 0, "check"), "foreign keys");
	T_EQ_STR(lend_rows_get(r, 0, "finding"),
	         "site row 1 points at a missing member");
	T_EQ_STR(lend_rows_get(r, 0, "fix"),
	         "restore a backup, or mend the row by hand");
	lend_rows_free(r);
	t_cleanup(db);
}
