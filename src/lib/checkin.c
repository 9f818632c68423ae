/*
 * Check-in: devices coming back to quarantine, a kit with its parts (a
 * part listed missing is recorded lost), each closing its loan item and
 * the loan when nothing else is out, and the desk told who waits next.
 * A device is taken back at any desk, whoever's it is (issue 15): the
 * pool is shared and a borrower returns it where they can; what the desk
 * is told names only borrowers it sees (hold.c, scan.c).
 * The device's status is device.c's to move; this file asks it.
 */
#include <assert.h>
#include <string.h>
#include <stdlib.h>

#include "internal.h"

int lend__loan_item_close(lend_db *db, int64_t device, const char *outcome,
                          const char *condition, const char *at,
                          int64_t actor)
{
	static const char item_sql[] =
		"SELECT id FROM loan_item WHERE device_id = ? "
		"AND returned_at IS NULL";
	static const char close_item[] =
		"UPDATE loan_item SET returned_at = ?, outcome = ?, "
		"condition_in = ? WHERE id = ?";
	static const char close_loan[] =
		"UPDATE loan SET closed_at = ? WHERE id = "
		"(SELECT loan_id FROM loan_item WHERE id = ?) AND NOT EXISTS "
		"(SELECT 1 FROM loan_item i WHERE i.loan_id = loan.id "
		"AND i.returned_at IS NULL)";
	lend_rows *old = NULL;
	int64_t item;
	int rc;

	rc = lend__query_int(&item, db, item_sql, LEND__ARGS(LEND__I(device)));
	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__snapshot(&old, db, LEND__ENTITY_LOAN_ITEM, item)) ||
	    (rc = lend__exec(db, close_item, LEND__ARGS(LEND__T(at),
	                     LEND__T(outcome), LEND__T(condition),
	                     LEND__I(item)))) ||
	    (rc = lend__exec(db, close_loan, LEND__ARGS(LEND__T(at),
	                                                LEND__I(item)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_LOAN_ITEM, item, outcome, old,
	                 NULL);
done:
	lend_rows_free(old);
	return rc;
}

/* A JSON object {"note":NOTE} for the device's event; NULL when out of
 * memory. */
static char *note_extra(const char *note)
{
	lend__buf b = { 0 };

	lend__buf_str(&b, "{\"note\":");
	lend__buf_json(&b, note);
	lend__buf_str(&b, "}");
	return lend__buf_take(&b);
}

/* Device ID comes back (to quarantine) or is recorded lost. */
static int take_back(lend_db *db, int64_t id, int lost, const char *cond,
                     const char *note, const char *at, int64_t actor)
{
	lend__move m = { 0 };
	char *extra = NULL;
	int rc;

	if (note && !(extra = note_extra(note)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	m.to = lost ? "lost" : "quarantine";
	m.action = lost ? "lost" : "checkin";
	m.at = at;
	m.condition = lost ? NULL : cond;
	m.extra = extra;
	m.actor = actor;
	if ((rc = lend__loan_item_close(db, id, lost ? "lost" : "returned",
	                                lost ? NULL : cond, at, actor)) == 0)
		rc = lend__device_move(db, id, &m);
	free(extra);
	return rc;
}

/* TAG (as kept: upper case) is in LIST (as typed: any case). */
static int is_listed(const char *tag, const char *const *list, size_t n)
{
	char typed[LEND__REF_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		lend__tag_normal(typed, sizeof(typed), list[i]);
		if (strcmp(typed, tag) == 0)
			return 1;
	}
	return 0;
}

/* Check in device D, its parts too; *USED counts the missing parts met. */
static int checkin_one(lend_db *db, const lend_checkin_spec *s,
                       const lend__device *d, const char *at, int64_t actor,
                       size_t *used)
{
	static const char out_sql[] =
		"SELECT l.out_at FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE i.device_id = ? AND i.returned_at IS NULL";
	lend_rows *parts = NULL;
	char *out_at = NULL;
	size_t i;
	int rc;

	if (d->kit[0])
		return lend__fail(db, LEND_ECONFLICT, "checkin.kit_part", "tag",
		                  d->tag, "kit", d->kit, NULL);
	rc = lend__query_text(&out_at, db, out_sql, LEND__ARGS(LEND__I(d->id)));
	if (rc == LEND_ENOTFOUND && strcmp(d->status, "lost") == 0)
		return lend__fail(db, LEND_ECONFLICT, "checkin.lost", "tag",
		                  d->tag, NULL);
	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, LEND_ECONFLICT, "checkin.not_on_loan", "tag",
		                  d->tag, "status", d->status, NULL);
	if (rc || (rc = lend__device_check_order(db, "checkin", d->tag, at,
	                                   d->changed_at)) ||
	    (rc = lend__outcome_record(db, d->id, s->outcomes, s->noutcomes,
	                               at, actor)) ||
	    (rc = take_back(db, d->id, 0, s->condition, s->note, at, actor)) ||
	    (rc = lend__kit_parts(&parts, db, d->id)))
		goto done;
	for (i = 0; i < lend_rows_count(parts) && rc == 0; i++) {
		lend__device p;
		int lost;

		if ((rc = lend__device_get_id(&p, db, "checkin", strtoll(
		                              lend_rows_text(parts, i, 0), NULL,
		                              10))))
			break;
		if (strcmp(p.status, "on_loan") != 0)
			continue;
		lost = is_listed(p.tag, s->missing, s->nmissing);
		*used += (size_t)lost;
		rc = take_back(db, p.id, lost, s->condition, NULL, at, actor);
	}
	if (rc == 0)
		rc = lend__hold_next(db, d->id, d->tag);
done:
	free(out_at);
	lend_rows_free(parts);
	return rc;
}

int lend_loan_checkin(lend_db *db, const lend_checkin_spec *spec)
{
	char at[LEND__TIME_LEN];
	int64_t actor;
	size_t i, used = 0;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "checkin",
	                      LEND__ADMIN | LEND__STAFF,
	                      "check devices in")) ||
	    (rc = lend__resolve_at(db, "checkin", at, spec->at)) ||
	    (spec->condition &&
	     (rc = lend__check_one_of(db, "checkin", "condition",
	                              spec->condition, lend__conditions))) ||
	    (rc = lend__check_text(db, "checkin", "note", spec->note, 0)) ||
	    (rc = lend__outcome_check(db, "checkin", spec->outcomes,
	                              spec->noutcomes)) ||
	    (rc = lend__hold_settle(db, at)))
		goto done;
	if (spec->ntags == 0) {
		rc = lend__fail(db, LEND_EINVAL, "checkin.no_device", NULL);
		goto done;
	}
	for (i = 0; i < spec->ntags && rc == 0; i++) {
		lend__device d;

		if ((rc = lend__device_get(&d, db, "checkin", spec->tags[i])) == 0)
			rc = checkin_one(db, spec, &d, at, actor, &used);
	}
	if (rc == 0 && used != spec->nmissing)
		rc = lend__fail(db, LEND_EINVAL, "checkin.missing_not_part",
		                NULL);
done:
	return lend__txn_end(db, rc);
}

