/*
 * Erasure: a borrower's right to be forgotten.  The personal fields are
 * replaced, and the free text about them goes too: their sessions' topics
 * and the notes given with changes to their loans and the devices they
 * had (event_note).  What the reports count (district, member, language,
 * loans, sessions) is kept, so a funder's figures do not change; the
 * event log holds no personal value by design (event.c) and stays as it
 * is.  Erasing again removes whatever personal data came back around lend
 * (the doctor's advice); with nothing left it is refused.
 */
#include <stdlib.h>

#include "internal.h"
#include "erasure.h"

/* Clear borrower ID's personal data and the free text about them. */
static int clear(lend_db *db, int64_t id, const char *now)
{
	static const char person[] =
		"UPDATE borrower SET name = '" LEND__ERASED "', "
		"name_folded = '" LEND__ERASED "', phone = NULL, "
		"email = NULL, notes = NULL, "
		"forgotten_at = coalesce(forgotten_at, ?1) WHERE id = ?2";
	static const char topics[] =
		"UPDATE support_session SET topic = '" LEND__ERASED "' "
		"WHERE borrower_id = ? AND topic <> '" LEND__ERASED "'";
	static const char notes[] = "DELETE FROM event_note WHERE borrower_id = ?";
	/* A picture of their hand (issue 16); the event keeps its hash. */
	static const char signatures[] =
		"DELETE FROM loan_signature WHERE loan_id IN "
		"(SELECT id FROM loan WHERE borrower_id = ?)";
	int rc;

	if ((rc = lend__exec(db, person, LEND__ARGS(LEND__T(now), LEND__I(id)))) ||
	    (rc = lend__exec(db, topics, LEND__ARGS(LEND__I(id)))) ||
	    (rc = lend__exec(db, signatures, LEND__ARGS(LEND__I(id)))))
		return rc;
	return lend__exec(db, notes, LEND__ARGS(LEND__I(id)));
}

int lend__borrower_erase(lend_db *db, int64_t id, const char *ref,
                         int64_t actor, const char *now)
{
	static const char open_sql[] =
		"SELECT ref FROM loan WHERE borrower_id = ? AND closed_at IS NULL "
		"ORDER BY ref LIMIT 1";
	static const char left_sql[] =
		"SELECT ref FROM borrower b WHERE id = ? AND " LEND__PERSONAL_LEFT;
	lend_rows *old = NULL;
	char *loan = NULL;
	int rc = lend__query_text(&loan, db, open_sql,
	                          LEND__ARGS(LEND__I(id)));

	if (rc == 0) {
		rc = lend__error(db, LEND_ECONFLICT, "borrower: %s has loan %s "
		                 "open; check it in before erasing them", ref,
		                 loan);
		goto done;
	}
	if (rc != LEND_ENOTFOUND ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_BORROWER, id)))
		goto done;
	free(loan);
	loan = NULL;
	/* Erased already: again only if personal data came back. */
	if (lend_rows_get(old, 0, "forgotten_at") &&
	    (rc = lend__query_text(&loan, db, left_sql,
	                           LEND__ARGS(LEND__I(id)))) != 0) {
		if (rc == LEND_ENOTFOUND)
			rc = lend__error(db, LEND_ECONFLICT, "borrower: %s was "
			                 "erased on %s; nothing personal is left",
			                 ref, lend_rows_get(old, 0, "forgotten_at"));
		goto done;
	}
	if ((rc = clear(db, id, now)))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_BORROWER, id, "forget", old, NULL);
done:
	free(loan);
	lend_rows_free(old);
	return rc;
}

int lend_borrower_forget(lend_db *db, const char *ref)
{
	char now[LEND__TIME_LEN];
	int64_t actor, id;
	int rc;

	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN,
	                      "erase borrowers")) ||
	    (rc = lend__id(&id, db, "borrower", LEND__ENTITY_BORROWER, ref)))
		goto done;
	rc = lend__borrower_erase(db, id, ref, actor, now);
done:
	return lend__txn_end(db, rc);
}

