/* Opening, creating, errors, rows, and the one-transaction rule. */
#define _POSIX_C_SOURCE 200809L
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
	T_EQ_INT(lend_rows_columns(r), 5);
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
	lend_user_spec fred = { "fred", NULL, "funder" };
	lend_user_spec sam = { "sam", "RBH", "staff" };

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
