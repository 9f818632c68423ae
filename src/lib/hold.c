/*
 * Holds: borrowers waiting for a device, or a kind of device, served first
 * come, first served.  When a device becomes available (after its wipe) it
 * is reserved for the first holder for hold.reserve_days, and check-out to
 * anyone else is refused meanwhile (loan.c).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The first waiting hold on device ID or its kind. */
static const char first_waiting[] =
	"SELECT h.id FROM hold h JOIN device d ON d.id = ?1 "
	"WHERE h.status = 'waiting' "
	"AND (h.device_id = d.id OR (h.device_id IS NULL AND h.kind = d.kind)) "
	"ORDER BY h.placed_at, h.id LIMIT 1";

int lend__hold_next(lend_db *db, int64_t id, const char *tag)
{
	static const char who[] =
		"SELECT b.ref || ' (hold ' || h.ref || ')' FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id WHERE h.id = ?";
	char *text = NULL;
	int64_t hold;
	int rc = lend__query_int(&hold, db, first_waiting,
	                         LEND__ARGS(LEND__I(id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__query_text(&text, db, who,
	                                 LEND__ARGS(LEND__I(hold)))))
		return rc;
	lend__notice(db, "%s: next for %s once wiped", tag, text);
	free(text);
	return 0;
}

int lend__hold_reserve(lend_db *db, int64_t id, const char *tag,
                       const char *at, int64_t actor)
{
	static const char reserve[] =
		"UPDATE hold SET status = 'reserved', reserved_device_id = ?, "
		"reserved_until = ? WHERE id = ?";
	static const char who[] =
		"SELECT b.ref FROM hold h JOIN borrower b ON b.id = h.borrower_id "
		"WHERE h.id = ?";
	char until[11], end[LEND__TIME_LEN], *ref = NULL;
	lend_rows *old = NULL;
	int64_t hold, days;
	int rc = lend__query_int(&hold, db, first_waiting,
	                         LEND__ARGS(LEND__I(id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__setting_int(&days, db, "hold.reserve_days")))
		return rc;
	lend__date_add(until, at, (int)days);
	snprintf(end, sizeof(end), "%sT23:59:59Z", until);
	if ((rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, hold)) ||
	    (rc = lend__exec(db, reserve, LEND__ARGS(LEND__I(id), LEND__T(end),
	                                             LEND__I(hold)))) ||
	    (rc = lend__event(db, at, actor, LEND__ENTITY_HOLD, hold, "reserve",
	                      old, NULL)) ||
	    (rc = lend__query_text(&ref, db, who, LEND__ARGS(LEND__I(hold)))))
		goto done;
	lend__notice(db, "%s: reserved for %s until %s", tag, ref, until);
done:
	free(ref);
	lend_rows_free(old);
	return rc;
}

int lend_hold_add(char **out, lend_db *db, const char *borrower,
                  const char *kind, const char *tag, const char *at)
{
	static const char dup[] =
		"SELECT h.ref FROM hold h WHERE h.borrower_id = ? "
		"AND h.status IN ('waiting', 'reserved') "
		"AND (h.kind = ? OR h.device_id = ?)";
	static const char add[] =
		"INSERT INTO hold (ref, borrower_id, kind, device_id, placed_at) "
		"VALUES (?, ?, ?, ?, ?)";
	char ref[32], now[LEND__TIME_LEN], *held = NULL;
	int64_t actor, b, device = 0, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "hold", LEND__ADMIN | LEND__STAFF |
	                      LEND__CHAMPION, "place holds")) ||
	    (rc = lend__resolve_at(db, "hold", now, at)) ||
	    (rc = lend__id(&b, db, "hold", LEND__ENTITY_BORROWER, borrower)))
		goto done;
	if ((kind == NULL) == (tag == NULL)) {
		rc = lend__error(db, LEND_EINVAL, "hold: give a kind or a device, "
		                 "one of the two");
		goto done;
	}
	if ((kind && (rc = lend__check_one_of(db, "hold", "kind", kind,
	                                      lend__kinds))) ||
	    (tag && (rc = lend__id(&device, db, "hold", LEND__ENTITY_DEVICE, tag))))
		goto done;
	rc = lend__query_text(&held, db, dup, LEND__ARGS(LEND__I(b),
	                      LEND__T(kind), device ? LEND__I(device)
	                                            : LEND__NUL));
	if (rc == 0) {
		rc = lend__error(db, LEND_ECONFLICT, "hold: %s already waits for "
		                 "%s '%s' (hold %s)", borrower,
		                 kind ? "kind" : "device", kind ? kind : tag, held);
		goto done;
	}
	if (rc != LEND_ENOTFOUND ||
	    (rc = lend__allocate(ref, sizeof(ref), db, "hold", "H", 6,
	                         lend__find_sql(LEND__ENTITY_HOLD))) ||
	    (rc = lend__insert(&id, db, add, LEND__ARGS(LEND__T(ref), LEND__I(b),
	                       LEND__T(kind), device ? LEND__I(device)
	                                             : LEND__NUL,
	                       LEND__T(now)))))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_HOLD, id, "create", NULL,
	                 NULL);
done:
	free(held);
	return lend__txn_end_copy(db, rc, out, ref);
}

int lend_hold_list(lend_rows **out, lend_db *db)
{
	static const char sql[] =
		"SELECT h.ref, b.ref AS borrower, h.kind, d.tag AS device, "
		"h.placed_at, h.status, r.tag AS reserved_device, "
		"h.reserved_until FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id "
		"LEFT JOIN device d ON d.id = h.device_id "
		"LEFT JOIN device r ON r.id = h.reserved_device_id "
		"WHERE h.status IN ('waiting', 'reserved') "
		"ORDER BY h.placed_at, h.id";

	assert(db);
	lend__reset(db);
	return lend__query_rows(out, db, sql, LEND__NO_ARGS);
}

int lend_hold_cancel(lend_db *db, const char *ref)
{
	static const char sql[] =
		"UPDATE hold SET status = 'cancelled', closed_at = ?, "
		"reserved_device_id = NULL, reserved_until = NULL WHERE id = ?";
	char now[LEND__TIME_LEN];
	lend_rows *old = NULL;
	int64_t actor, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "hold", LEND__ADMIN | LEND__STAFF |
	                      LEND__CHAMPION, "cancel holds")))
		goto done;
	rc = lend__find(&id, db, LEND__ENTITY_HOLD, ref);
	if (rc == LEND_ENOTFOUND)
		rc = lend__error(db, rc, "hold: hold '%s' not found",
		                 lend__is_text(ref) ? ref : "?");
	if (rc || (rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, id)))
		goto done;
	if (strcmp(lend_rows_get(old, 0, "status"), "waiting") != 0 &&
	    strcmp(lend_rows_get(old, 0, "status"), "reserved") != 0) {
		rc = lend__error(db, LEND_ECONFLICT, "hold: hold '%s' is already "
		                 "%s", ref, lend_rows_get(old, 0, "status"));
		goto done;
	}
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(now), LEND__I(id)))))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_HOLD, id, "cancel", old,
	                 NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}
