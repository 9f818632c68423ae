/*
 * The desk's calls (issue 16): today's queue at a site, borrowers named
 * only within scope; outcomes told after a return.
 */
#define _POSIX_C_SOURCE 200809L
#include "t.h"
#include "util.h"

static int add_device(lend_db *db, const char *tag, const char *member,
                      const char *site)
{
	lend_device_spec s = { 0 };
	char *out = NULL;
	int rc;

	s.tag = tag;
	s.kind = "tablet";
	s.make = "Acme";
	s.model = "Tab";
	s.member = member;
	s.site = site;
	rc = lend_device_add(&out, db, &s);
	lend_free(out);
	return rc;
}

static int add_borrower(lend_db *db, const char *name)
{
	lend_borrower_spec s = { 0 };
	char *out = NULL;
	int rc;

	s.name = name;
	s.postcode = "OL11";
	s.member = "RBH";
	s.consent = 1;
	rc = lend_borrower_add(&out, db, &s);
	lend_free(out);
	return rc;
}

static int lend_one(lend_db *db, const char *borrower, const char *tag)
{
	lend_checkout_spec s = { 0 };
	const char *tags[1];
	char *out = NULL;
	int rc;

	tags[0] = tag;
	s.borrower = borrower;
	s.tags = tags;
	s.ntags = 1;
	rc = lend_loan_checkout(&out, db, &s);
	lend_free(out);
	return rc;
}

static int take_back(lend_db *db, const char *tag)
{
	lend_checkin_spec s = { 0 };
	const char *tags[1];

	tags[0] = tag;
	s.tags = tags;
	s.ntags = 1;
	return lend_loan_checkin(db, &s);
}

/* At HUB (RBH): T1 out to B-000001 (L-000001), T2 back from B-000002
 * (L-000002) and in quarantine, T3 back from B-000001 (L-000003), wiped
 * and set aside for B-000002's hold H-000001.  At CEN (LIB): T5
 * on the shelf.  Staff sam of RBH, lou of LIB, champion cara. */
static lend_db *fresh_desk(void)
{
	lend_site_spec cen = { "CEN", "LIB", "Central Library", NULL, NULL,
	                       NULL };
	lend_user_spec sam = { "sam", "RBH", "staff", NULL, NULL };
	lend_user_spec lou = { "lou", "LIB", "staff", NULL, NULL };
	lend_user_spec cara = { "cara", "LIB", "champion", NULL, NULL };
	lend_db *db = t_fresh();
	char *hold = NULL;

	if (!db || lend_site_add(db, &cen) || lend_user_add(db, &sam) ||
	    lend_user_add(db, &lou) || lend_user_add(db, &cara) ||
	    add_device(db, "T1", "RBH", "HUB") ||
	    add_device(db, "T2", "RBH", "HUB") ||
	    add_device(db, "T3", "RBH", "HUB") ||
	    add_device(db, "T5", "LIB", "CEN") ||
	    add_borrower(db, "Siân Evans") || add_borrower(db, "Tomasz Nowak") ||
	    lend_one(db, "B-000001", "T1") || lend_one(db, "B-000002", "T2") ||
	    take_back(db, "T2") || lend_one(db, "B-000001", "T3") ||
	    lend_hold_add(&hold, db, "B-000002", NULL, "T3", NULL) ||
	    take_back(db, "T3") ||
	    lend_device_wipe(db, "T3", "factory reset", NULL)) {
		fprintf(stderr, "# set-up: %s\n", db ? lend_errmsg(db) : "?");
		t_cleanup(db);
		return NULL;
	}
	lend_free(hold);
	return db;
}

#define FAR "2199-12-31" /* every open item is due by then */

T_TEST(desk_queue_of_every_site)
{
	lend_db *db = fresh_desk();
	lend_rows *r = NULL;

	T_OK(db);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, FAR), 0);
	T_EQ_INT(lend_rows_count(r), 3);
	T_EQ_STR(lend_rows_get(r, 0, "what"), "due");
	T_EQ_STR(lend_rows_get(r, 0, "ref"), "L-000001");
	T_EQ_STR(lend_rows_get(r, 0, "tag"), "T1");
	T_EQ_STR(lend_rows_get(r, 0, "borrower"), "B-000001");
	T_EQ_STR(lend_rows_get(r, 0, "name"), "Siân Evans");
	T_OK(lend_rows_get(r, 0, "due_on") != NULL);
	T_EQ_STR(lend_rows_get(r, 1, "what"), "hold");
	T_EQ_STR(lend_rows_get(r, 1, "ref"), "H-000001");
	T_EQ_STR(lend_rows_get(r, 1, "tag"), "T3");
	T_EQ_STR(lend_rows_get(r, 1, "borrower"), "B-000002");
	T_OK(lend_rows_get(r, 1, "since") != NULL);
	T_EQ_STR(lend_rows_get(r, 2, "what"), "wipe");
	T_EQ_STR(lend_rows_get(r, 2, "ref"), "T2");
	T_OK(lend_rows_get(r, 2, "borrower") == NULL);
	lend_rows_free(r);
	/* Today nothing is due yet: a loan runs for days. */
	T_EQ_INT(lend_desk_queue(&r, db, "HUB", NULL), 0);
	T_EQ_INT(lend_rows_count(r), 2);
	lend_rows_free(r);
	t_cleanup(db);
}

T_TEST(desk_queue_names_only_within_scope)
{
	lend_db *db = fresh_desk();
	lend_rows *r = NULL;

	T_OK(db);
	/* Staff of LIB: their own sites, where nothing waits. */
	T_EQ_INT(lend_db_act_as(db, "lou"), 0);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, FAR), 0);
	T_EQ_INT(lend_rows_count(r), 0);
	lend_rows_free(r);
	/* HUB's queue, asked for, without RBH's borrowers. */
	T_EQ_INT(lend_desk_queue(&r, db, "HUB", FAR), 0);
	T_EQ_INT(lend_rows_count(r), 3);
	T_EQ_STR(lend_rows_get(r, 0, "ref"), "L-000001");
	T_OK(lend_rows_get(r, 0, "borrower") == NULL);
	T_OK(lend_rows_get(r, 0, "name") == NULL);
	T_OK(lend_rows_get(r, 1, "borrower") == NULL);
	lend_rows_free(r);
	/* Staff of RBH see their own. */
	T_EQ_INT(lend_db_act_as(db, "sam"), 0);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, FAR), 0);
	T_EQ_INT(lend_rows_count(r), 3);
	T_EQ_STR(lend_rows_get(r, 0, "name"), "Siân Evans");
	lend_rows_free(r);
	T_EQ_INT(lend_desk_queue(&r, db, "NOPE", NULL), LEND_ENOTFOUND);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, "2026-02-30"), LEND_EINVAL);
	T_EQ_INT(lend_db_act_as(db, "cara"), 0);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, NULL), LEND_EDENIED);
	T_EQ_INT(lend_db_act_as(db, NULL), 0);
	T_EQ_INT(lend_desk_queue(&r, db, NULL, NULL), LEND_EDENIED);
	t_cleanup(db);
}

T_TEST(outcomes_after_return)
{
	lend_db *db = fresh_desk();
	const char *twice[] = { "got_online", "money", "got_online" };
	const char *bogus[] = { "bogus" };
	lend_rows *r = NULL;

	T_OK(db);
	T_EQ_INT(lend_loan_outcome(db, "L-000002", twice, 3), 0);
	T_EQ_INT(lend_loan_outcome(db, "L-000002", twice, 1), 0);
	T_EQ_INT(lend_event_list(&r, db, "L-000002"), 0);
	T_EQ_STR(lend_rows_get(r, lend_rows_count(r) - 1, "action"), "outcome");
	lend_rows_free(r);
	T_EQ_INT(lend_loan_outcome(db, "L-000001", twice, 1), LEND_ECONFLICT);
	T_EQ_STR(lend_errmsg(db), "outcome: loan 'L-000001' has nothing back "
	         "yet; record outcomes as it is returned");
	T_EQ_INT(lend_loan_outcome(db, "L-000002", bogus, 1), LEND_EINVAL);
	T_EQ_INT(lend_loan_outcome(db, "L-000002", bogus, 0), LEND_EINVAL);
	T_EQ_INT(lend_loan_outcome(db, "L-000009", twice, 1), LEND_ENOTFOUND);
	/* Out of scope is answered as missing. */
	T_EQ_INT(lend_db_act_as(db, "lou"), 0);
	T_EQ_INT(lend_loan_outcome(db, "L-000002", twice, 1), LEND_ENOTFOUND);
	T_EQ_STR(lend_errmsg(db), "outcome: loan 'L-000002' not found");
	T_EQ_INT(lend_db_act_as(db, "cara"), 0);
	T_EQ_INT(lend_loan_outcome(db, "L-000002", twice, 1), LEND_EDENIED);
	t_cleanup(db);
}
