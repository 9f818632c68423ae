/*
 * Support: which champion supports which borrower, over spans of dates
 * with the history kept, so a borrower's documents name the champion of
 * the day and a report can count the support given.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int lend_support_assign(lend_db *db, const char *borrower,
                        const char *champion, const char *from_on)
{
	static const char current_sql[] =
		"SELECT id FROM support WHERE borrower_id = ? AND ends_on IS NULL";
	static const char end_sql[] =
		"UPDATE support SET ends_on = ? WHERE id = ?";
	static const char add_sql[] =
		"INSERT INTO support (borrower_id, champion_id, starts_on) "
		"VALUES (?, ?, ?)";
	lend_rows *old = NULL;
	char from[11], at[LEND__TIME_LEN];
	int64_t actor, b, c, span, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "support", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION,
	                      "assign champions")) ||
	    (rc = lend__id(&b, db, "support", LEND__ENTITY_BORROWER, borrower)) ||
	    (rc = lend__id(&c, db, "support", LEND__ENTITY_CHAMPION, champion)) ||
	    (rc = lend__resolve_on(db, "support", "date", from, from_on)))
		goto done;
	snprintf(at, sizeof(at), "%sT00:00:00Z", from);
	rc = lend__query_int(&span, db, current_sql, LEND__ARGS(LEND__I(b)));
	if (rc == 0) {
		if ((rc = lend__snapshot(&old, db, LEND__ENTITY_SUPPORT, span)))
			goto done;
		if (strtoll(lend_rows_get(old, 0, "champion_id"), NULL, 10) == c) {
			rc = lend__fail(db, LEND_ECONFLICT, "support.already",
			                "champion", champion, "borrower",
			                borrower, NULL);
			goto done;
		}
		if (strcmp(from, lend_rows_get(old, 0, "starts_on")) < 0) {
			rc = lend__fail(db, LEND_EINVAL,
			                "support.before_current",
			                "date", from, "began",
			                lend_rows_get(old, 0, "starts_on"),
			                NULL);
			goto done;
		}
		if ((rc = lend__exec(db, end_sql, LEND__ARGS(LEND__T(from),
		                                             LEND__I(span)))) ||
		    (rc = lend__event(db, at, actor, LEND__ENTITY_SUPPORT, span, "end",
		                      old, NULL)))
			goto done;
	} else if (rc != LEND_ENOTFOUND) {
		goto done;
	}
	if ((rc = lend__insert(&id, db, add_sql, LEND__ARGS(LEND__I(b),
	                       LEND__I(c), LEND__T(from)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_SUPPORT, id, "assign", NULL,
	                 NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_support_end(lend_db *db, const char *borrower, const char *on)
{
	static const char current_sql[] =
		"SELECT id FROM support WHERE borrower_id = ? AND ends_on IS NULL";
	static const char end_sql[] =
		"UPDATE support SET ends_on = ? WHERE id = ?";
	lend_rows *old = NULL;
	char day[11], at[LEND__TIME_LEN];
	int64_t actor, b, span;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "support", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION, "end support")) ||
	    (rc = lend__id(&b, db, "support", LEND__ENTITY_BORROWER, borrower)) ||
	    (rc = lend__resolve_on(db, "support", "date", day, on)))
		goto done;
	rc = lend__query_int(&span, db, current_sql, LEND__ARGS(LEND__I(b)));
	if (rc == LEND_ENOTFOUND)
		rc = lend__fail(db, LEND_ECONFLICT, "support.none_now",
		                "borrower", borrower, NULL);
	if (rc || (rc = lend__snapshot(&old, db, LEND__ENTITY_SUPPORT, span)))
		goto done;
	if (strcmp(day, lend_rows_get(old, 0, "starts_on")) < 0) {
		rc = lend__fail(db, LEND_EINVAL, "support.before_start", "date",
		                day, "began", lend_rows_get(old, 0,
		                "starts_on"), NULL);
		goto done;
	}
	snprintf(at, sizeof(at), "%sT00:00:00Z", day);
	if ((rc = lend__exec(db, end_sql, LEND__ARGS(LEND__T(day),
	                                             LEND__I(span)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_SUPPORT, span, "end", old,
	                 NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}
