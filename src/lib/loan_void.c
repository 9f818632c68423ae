/*
 * Undoing a check-out made in error (a device scanned for the wrong
 * person, a borrower scanned by mistake): by the user who made it, within
 * desk.undo_minutes, before anything of it came back or was renewed.  The
 * loan goes as if it never happened: its devices back on the shelf without
 * quarantine (they never left the desk), its rows removed; the events keep
 * the check-out and record the void.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Seconds since 1970 of time T ('YYYY-MM-DDTHH:MM:SSZ'). */
static long long seconds_of(const char *t)
{
	int y = atoi(t), m = atoi(t + 5), d = atoi(t + 8);
	long long days;

	y -= m <= 2;
	days = 365LL * y + y / 4 - y / 100 + y / 400 +
	       (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 719469;
	return days * 86400 + atoi(t + 11) * 3600 + atoi(t + 14) * 60 +
	       atoi(t + 17);
}

/* May ACTOR void loan L (a row of loan_sql) at NOW? */
static int check_void(lend_db *db, const lend_rows *l, int64_t actor,
                      const char *now)
{
	const char *ref = lend_rows_get(l, 0, "ref");
	int64_t minutes;
	char n[24];
	int rc;

	if (strtoll(lend_rows_get(l, 0, "issued_by"), NULL, 10) != actor)
		return lend__fail(db, LEND_ECONFLICT, "loan.void_other_user",
		                  "loan", ref, "user", lend_rows_get(l, 0, "user"),
		                  NULL);
	if ((rc = lend__setting_int(&minutes, db, "desk.undo_minutes")))
		return rc;
	snprintf(n, sizeof(n), "%lld", (long long)minutes);
	if (seconds_of(now) - seconds_of(lend_rows_get(l, 0, "out_at")) >
	    minutes * 60)
		return lend__fail(db, LEND_ECONFLICT, "loan.void_too_late", "loan",
		                  ref, "out_at", lend_rows_get(l, 0, "out_at"),
		                  "minutes", n, NULL);
	if (strcmp(lend_rows_get(l, 0, "back"), "0") != 0)
		return lend__fail(db, LEND_ECONFLICT, "loan.void_closed", "loan",
		                  ref, NULL);
	if (strcmp(lend_rows_get(l, 0, "renewals"), "0") != 0)
		return lend__fail(db, LEND_ECONFLICT, "loan.void_renewed", "loan",
		                  ref, NULL);
	return 0;
}

/* Every device of loan LOAN (REF) back on the shelf, its tags in TAGS. */
static int put_back(lend__buf *tags, lend_db *db, int64_t loan,
                    const char *ref, const char *now, int64_t actor)
{
	static const char items[] =
		"SELECT device_id FROM loan_item WHERE loan_id = ? ORDER BY id";
	lend__move m = { 0 };
	lend__buf extra = { 0 };
	lend_rows *r = NULL;
	size_t i;
	int rc;

	lend__buf_str(&extra, "{\"loan\":");
	lend__buf_json(&extra, ref);
	lend__buf_str(&extra, "}");
	m.to = "available";
	m.action = "void";
	m.at = now;
	m.extra = extra.s;
	m.actor = actor;
	if (extra.oom)
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	else
		rc = lend__query_rows(&r, db, items, LEND__ARGS(LEND__I(loan)));
	for (i = 0; rc == 0 && i < lend_rows_count(r); i++) {
		lend__device d;

		if ((rc = lend__device_get_id(&d, db, "loan", strtoll(
		                              lend_rows_text(r, i, 0), NULL, 10))) ||
		    (rc = lend__device_check_order(db, "loan", d.tag, now,
		                                   d.changed_at)) ||
		    (rc = lend__device_move(db, d.id, &m)))
			break;
		if (!d.kit[0])
			lend__buf_printf(tags, "%s%s", tags->len ? ", " : "", d.tag);
	}
	lend_rows_free(r);
	lend__buf_free(&extra);
	return rc;
}

static int void_loan(lend_db *db, const char *ref, const char *now,
                     int64_t actor)
{
	static const char loan_sql[] =
		"SELECT l.id, l.ref, l.issued_by, u.name AS user, l.out_at, "
		"l.renewals, (SELECT count(*) FROM loan_item i WHERE i.loan_id "
		"= l.id AND i.returned_at IS NOT NULL) AS back, (SELECT count(*) "
		"FROM loan_item i WHERE i.loan_id = l.id AND i.device_id NOT IN "
		"(SELECT part_id FROM kit_part)) AS devices FROM loan l "
		"JOIN app_user u ON u.id = l.issued_by WHERE l.ref = ?";
	lend_rows *l = NULL;
	lend__buf tags = { 0 };
	int64_t id = 0;
	int rc;

	if ((rc = lend__query_rows(&l, db, loan_sql, LEND__ARGS(LEND__T(ref)))))
		return rc;
	if (lend_rows_count(l) == 0)
		rc = lend__fail(db, LEND_ENOTFOUND, "loan.void_not_found", "loan",
		                lend__is_text(ref) ? ref : "?", NULL);
	else if ((rc = check_void(db, l, actor, now)) == 0)
		id = strtoll(lend_rows_get(l, 0, "id"), NULL, 10);
	if (rc == 0 && (rc = put_back(&tags, db, id, ref, now, actor)) == 0 &&
	    (rc = lend__event(db, now, actor, LEND__ENTITY_LOAN, id, "void",
	                      NULL, NULL)) == 0 &&
	    (rc = lend__exec(db, "DELETE FROM loan_item WHERE loan_id = ?",
	                     LEND__ARGS(LEND__I(id)))) == 0 &&
	    (rc = lend__exec(db, "DELETE FROM loan WHERE id = ?",
	                     LEND__ARGS(LEND__I(id)))) == 0)
		lend__note(db, "loan.voided", "loan", ref, "n",
		           lend_rows_get(l, 0, "devices"), "tags",
		           tags.oom || !tags.s ? "" : tags.s, NULL);
	lend__buf_free(&tags);
	lend_rows_free(l);
	return rc;
}

int lend_loan_void(lend_db *db, const char *ref)
{
	char now[LEND__TIME_LEN];
	int64_t actor;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	lend__now(now);
	if ((rc = lend__actor(&actor, db, "loan", LEND__ADMIN | LEND__STAFF,
	                      "void loans")) == 0)
		rc = lend__check_text(db, "loan", "loan", ref, 1);
	if (rc == 0)
		rc = void_loan(db, ref, now, actor);
	return lend__txn_end(db, rc);
}
