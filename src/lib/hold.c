/*
 * Holds: borrowers waiting for a device, or a kind of device, served first
 * come, first served.  When a device becomes available (after its wipe) it
 * is set aside (reserved) for the first holder it can serve, for
 * hold.reserve_days; check-out to anyone else is refused meanwhile
 * (checkout.c).  A reservation ends when its days run out (the hold
 * expires), or its hold is cancelled or served, and its device then passes
 * to the next hold in line or back to the shelf.  No timer runs: every call
 * that reads or changes holds settles the lapsed ones first (issue 13).
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

/* Who holds hold ID, as the desk reads it: "B-000002 (hold H-000001)". */
static const char who_sql[] =
	"SELECT b.ref || ' (hold ' || h.ref || ')' FROM hold h "
	"JOIN borrower b ON b.id = h.borrower_id WHERE h.id = ?";
static const char holder_sql[] =
	"SELECT b.ref FROM hold h JOIN borrower b ON b.id = h.borrower_id "
	"WHERE h.id = ?";

/* How a message names the holder of hold ID: as who_sql when the acting
 * user sees them, else by the hold's ref alone, under the key's _unseen
 * form (a desk of any member meets other members' holds).  *NAME is the
 * value's name to give, "who" or "hold"; the caller frees *TEXT. */
static int who_of(char **text, const char **name, lend_db *db, int64_t hold)
{
	static const char hold_sql[] = "SELECT ref FROM hold WHERE id = ?";
	int rc = lend__query_text(text, db, holder_sql, LEND__ARGS(LEND__I(hold)));
	int seen = rc == 0 && lend__scope_sees(db, *text);

	free(*text);
	*text = NULL;
	if (rc)
		return rc;
	*name = seen ? "who" : "hold";
	return lend__query_text(text, db, seen ? who_sql : hold_sql,
	                        LEND__ARGS(LEND__I(hold)));
}

/* KEY, or its _unseen form when NAME says the holder is not seen. */
static const char *seen_key(char *buf, size_t size, const char *key,
                            const char *name)
{
	snprintf(buf, size, "%s%s", key, strcmp(name, "who") ? "_unseen" : "");
	return buf;
}

int lend__hold_next(lend_db *db, int64_t id, const char *tag)
{
	char *text = NULL;
	int64_t hold;
	int rc = lend__query_int(&hold, db, first_waiting,
	                         LEND__ARGS(LEND__I(id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__query_text(&text, db, holder_sql,
	                                 LEND__ARGS(LEND__I(hold)))))
		return rc;
	/* A desk of any member takes a device back (checkin.c): it is told
	 * who is next only when it may see them. */
	if (!lend__scope_sees(db, text)) {
		lend__note(db, "hold.next_unseen", "tag", tag, NULL);
		free(text);
		return 0;
	}
	free(text);
	if ((rc = lend__query_text(&text, db, who_sql,
	                           LEND__ARGS(LEND__I(hold)))))
		return rc;
	lend__note(db, "hold.next", "tag", tag, "who", text, NULL);
	free(text);
	return 0;
}

/* Set device ID (TAG) aside for hold HOLD from AT: its reservation runs
 * to the end of the day hold.reserve_days later. */
static int reserve_for(lend_db *db, int64_t hold, int64_t id,
                       const char *tag, const char *at, int64_t actor)
{
	static const char reserve[] =
		"UPDATE hold SET status = 'reserved', reserved_device_id = ?, "
		"reserved_until = ? WHERE id = ?";
	char until[11], end[LEND__TIME_LEN], *who = NULL, key[40];
	const char *name = "who";
	lend_rows *old = NULL;
	int64_t days;
	int rc;

	if ((rc = lend__setting_int(&days, db, "hold.reserve_days")))
		return rc;
	lend__date_add(until, at, (int)days);
	snprintf(end, sizeof(end), "%sT23:59:59Z", until);
	if ((rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, hold)) ||
	    (rc = lend__exec(db, reserve, LEND__ARGS(LEND__I(id), LEND__T(end),
	                                             LEND__I(hold)))) ||
	    (rc = lend__event(db, at, actor, LEND__ENTITY_HOLD, hold, "reserve",
	                      old, NULL)) ||
	    (rc = who_of(&who, &name, db, hold)))
		goto done;
	lend__note(db, seen_key(key, sizeof(key), "hold.set_aside", name), "tag",
	           tag, name, who, "until", until, NULL);
done:
	free(who);
	lend_rows_free(old);
	return rc;
}

int lend__hold_reserve(lend_db *db, int64_t id, const char *tag,
                       const char *at, int64_t actor)
{
	int64_t hold;
	int rc = lend__query_int(&hold, db, first_waiting,
	                         LEND__ARGS(LEND__I(id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	return rc ? rc : reserve_for(db, hold, id, tag, at, actor);
}

/* Device ID's reservation ended: if it is still on the shelf it goes to
 * the next hold in line, or back to the shelf, and the desk is told. */
static int pass_on(lend_db *db, int64_t id, const char *at, int64_t actor)
{
	lend__device d;
	int64_t hold;
	int rc;

	if ((rc = lend__device_get_id(&d, db, "hold", id)) ||
	    strcmp(d.status, "available") != 0)
		return rc;
	rc = lend__query_int(&hold, db, first_waiting, LEND__ARGS(LEND__I(id)));
	if (rc == LEND_ENOTFOUND) {
		lend__note(db, "hold.back_on_shelf", "tag", d.tag, NULL);
		return 0;
	}
	return rc ? rc : reserve_for(db, hold, id, d.tag, at, actor);
}

int lend__hold_close(lend_db *db, int64_t id, const char *status,
                     const char *action, const char *at, int64_t actor)
{
	static const char close[] =
		"UPDATE hold SET status = ?, closed_at = ?, "
		"reserved_device_id = NULL, reserved_until = NULL WHERE id = ?";
	const char *reserved;
	lend_rows *old = NULL;
	int64_t device = 0;
	int rc;

	if ((rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, id)))
		return rc;
	reserved = lend_rows_get(old, 0, "reserved_device_id");
	if (reserved)
		device = strtoll(reserved, NULL, 10);
	if ((rc = lend__exec(db, close, LEND__ARGS(LEND__T(status), LEND__T(at),
	                                           LEND__I(id)))) ||
	    (rc = lend__event(db, at, actor, LEND__ENTITY_HOLD, id, action, old,
	                      NULL)))
		goto done;
	if (device)
		rc = pass_on(db, device, at, actor);
done:
	lend_rows_free(old);
	return rc;
}

static const char lapsed[] =
	"SELECT h.id, h.ref, b.ref AS borrower, d.tag, "
	"substr(h.reserved_until, 1, 10) AS until FROM hold h "
	"JOIN borrower b ON b.id = h.borrower_id "
	"JOIN device d ON d.id = h.reserved_device_id "
	"WHERE h.status = 'reserved' AND h.reserved_until < ? "
	"ORDER BY h.reserved_until, h.id LIMIT 1";

int lend__hold_settle_ahead(lend_db *db, const char *at)
{
	return lend__read_ahead(db, lapsed, LEND__ARGS(LEND__T(at)));
}

int lend__hold_settle(lend_db *db, const char *at)
{
	lend_rows *r = NULL;
	int rc;

	/* A device passed on is reserved from AT, to a day after it: the
	 * loop ends when no reservation lapsed before AT is left. */
	for (;;) {
		lend_rows_free(r);
		r = NULL;
		if ((rc = lend__query_rows(&r, db, lapsed,
		                           LEND__ARGS(LEND__T(at)))) ||
		    lend_rows_count(r) == 0)
			break;
		lend__note(db, "hold.expired", "hold", lend_rows_get(r, 0,
		           "ref"),
		           "borrower", lend_rows_get(r, 0, "borrower"), "tag",
		           lend_rows_get(r, 0, "tag"), "until",
		           lend_rows_get(r, 0, "until"), NULL);
		/* The passing of time closes it, not a user: no actor. */
		if ((rc = lend__hold_close(db, strtoll(lend_rows_get(r, 0, "id"),
		                                       NULL, 10), "expired",
		                           "expire", at, 0)))
			break;
	}
	lend_rows_free(r);
	return rc;
}

/* An available device of KIND, set aside for nobody and not a kit's
 * part, other than NOT: the first by id. */
static const char free_of_kind[] =
	"SELECT d.id FROM device d WHERE d.status = 'available' "
	"AND d.kind = ?1 AND d.id <> ?2 "
	"AND d.id NOT IN (SELECT part_id FROM kit_part) "
	"AND d.id NOT IN (SELECT reserved_device_id FROM hold "
	"WHERE status = 'reserved') ORDER BY d.id LIMIT 1";

/* The hold device D was set aside for, which leaves the shelf for TO
 * (repair, lost, retired): a hold for its kind passes to another device
 * of the kind on the shelf, else it waits again, first in line still. */
int lend__hold_displace(lend_db *db, const lend__device *d, const char *to,
                        const char *at, int64_t actor)
{
	static const char reserved[] =
		"SELECT id, kind FROM hold WHERE status = 'reserved' "
		"AND reserved_device_id = ?";
	static const char wait[] =
		"UPDATE hold SET status = 'waiting', reserved_device_id = NULL, "
		"reserved_until = NULL WHERE id = ?";
	lend_rows *r = NULL, *old = NULL;
	lend__device other;
	char *who = NULL, key[40];
	const char *name = "who";
	int64_t hold, next = 0;
	int rc;

	if ((rc = lend__query_rows(&r, db, reserved,
	                           LEND__ARGS(LEND__I(d->id)))) ||
	    lend_rows_count(r) == 0)
		goto done;
	hold = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
	if (lend_rows_get(r, 0, "kind"))
		rc = lend__query_int(&next, db, free_of_kind, LEND__ARGS(
		                     LEND__T(d->kind), LEND__I(d->id)));
	if ((rc && rc != LEND_ENOTFOUND) ||
	    (rc = who_of(&who, &name, db, hold)))
		goto done;
	if (next) {
		if ((rc = lend__device_get_id(&other, db, "device", next)))
			goto done;
		lend__note(db, seen_key(key, sizeof(key), "hold.passes", name),
		           "tag", d->tag, "status", to, name, who, "other",
		           other.tag, NULL);
		rc = reserve_for(db, hold, next, other.tag, at, actor);
		goto done;
	}
	if ((rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, hold)) ||
	    (rc = lend__exec(db, wait, LEND__ARGS(LEND__I(hold)))) ||
	    (rc = lend__event(db, at, actor, LEND__ENTITY_HOLD, hold, "unreserve",
	                      old, NULL)))
		goto done;
	lend__note(db, seen_key(key, sizeof(key), "hold.waits_again", name),
	           "tag", d->tag, "status", to, name, who, "kind", d->kind, NULL);
done:
	free(who);
	lend_rows_free(old);
	lend_rows_free(r);
	return rc;
}

/* Renewing loan item's device D keeps it from those who wait: refused
 * while another borrower holds D, or while more wait for its kind than
 * the shelf has free devices for; those it has are set aside for them. */
static int renew_one(lend_db *db, const lend__device *d, int64_t borrower,
                     const char *at, int64_t actor)
{
	static const char by_name[] =
		"SELECT h.id FROM hold h WHERE h.status = 'waiting' "
		"AND h.device_id = ? AND h.borrower_id <> ? "
		"ORDER BY h.placed_at, h.id LIMIT 1";
	static const char by_kind[] =
		"SELECT h.id FROM hold h WHERE h.status = 'waiting' "
		"AND h.kind = ? AND h.borrower_id <> ? "
		"ORDER BY h.placed_at, h.id LIMIT 1";
	char *who = NULL, key[40];
	const char *name = "who";
	int64_t hold, next;
	int rc = lend__query_int(&hold, db, by_name,
	                         LEND__ARGS(LEND__I(d->id), LEND__I(borrower)));

	if (rc == 0 && (rc = who_of(&who, &name, db, hold)) == 0)
		rc = lend__fail(db, LEND_ECONFLICT, seen_key(key, sizeof(key),
		                "renew.held", name), name, who, "tag", d->tag, NULL);
	while (rc == LEND_ENOTFOUND &&
	       (rc = lend__query_int(&hold, db, by_kind, LEND__ARGS(
	                             LEND__T(d->kind), LEND__I(borrower)))) == 0) {
		rc = lend__query_int(&next, db, free_of_kind,
		                     LEND__ARGS(LEND__T(d->kind), LEND__I(0)));
		if (rc == 0) {
			lend__device other;

			if ((rc = lend__device_get_id(&other, db, "renew", next)) ||
			    (rc = lend__hold_reserve(db, next, other.tag, at,
			                             actor)))
				break;
			rc = LEND_ENOTFOUND;
		} else if (rc == LEND_ENOTFOUND &&
		           (rc = who_of(&who, &name, db, hold)) == 0)
			rc = lend__fail(db, LEND_ECONFLICT, seen_key(key, sizeof(key),
			                "renew.waited", name), name, who, "kind",
			                d->kind, "tag", d->tag, NULL);
	}
	free(who);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

int lend__hold_check_renew(lend_db *db, int64_t loan, const char *at,
                           int64_t actor)
{
	static const char items[] =
		"SELECT i.device_id, l.borrower_id FROM loan_item i "
		"JOIN loan l ON l.id = i.loan_id WHERE i.loan_id = ? "
		"AND i.returned_at IS NULL "
		"AND i.device_id NOT IN (SELECT part_id FROM kit_part) "
		"ORDER BY i.id";
	lend_rows *r = NULL;
	char *when = NULL;
	size_t i;
	int rc;

	if ((rc = lend__setting_text(&when, db, "renew.when_held")) ||
	    strcmp(when, "allow") == 0 ||
	    (rc = lend__query_rows(&r, db, items, LEND__ARGS(LEND__I(loan)))))
		goto done;
	for (i = 0; i < lend_rows_count(r) && rc == 0; i++) {
		lend__device d;

		if ((rc = lend__device_get_id(&d, db, "renew", strtoll(
		                              lend_rows_text(r, i, 0), NULL,
		                              10))) == 0)
			rc = renew_one(db, &d, strtoll(lend_rows_text(r, i, 1),
			                               NULL, 10), at, actor);
	}
done:
	free(when);
	lend_rows_free(r);
	return rc;
}

/* Checks of a new hold of borrower B (REF) on KIND or DEVICE (TAG): not
 * twice in the queue, not on a device they have out, not on a part. */
static int check_new(lend_db *db, int64_t b, const char *ref,
                     const char *kind, int64_t device, const char *tag)
{
	static const char dup[] =
		"SELECT h.ref FROM hold h WHERE h.borrower_id = ? "
		"AND h.status IN ('waiting', 'reserved') "
		"AND (h.kind = ? OR h.device_id = ?)";
	static const char has_it[] =
		"SELECT l.ref FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE i.device_id = ? AND l.borrower_id = ? "
		"AND i.returned_at IS NULL";
	static const char part[] =
		"SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		"WHERE p.part_id = ?";
	char *text = NULL;
	int rc = lend__query_text(&text, db, dup, LEND__ARGS(LEND__I(b),
	                          LEND__T(kind), device ? LEND__I(device)
	                                                : LEND__NUL));

	if (rc == 0)
		rc = lend__fail(db, LEND_ECONFLICT, kind ? "hold.waits_for_kind"
		                : "hold.waits_for_device", "borrower", ref, kind
		                ? "kind" : "tag", kind ? kind : tag, "hold",
		                text, NULL);
	if (rc == LEND_ENOTFOUND && device &&
	    (rc = lend__query_text(&text, db, has_it, LEND__ARGS(
	                           LEND__I(device), LEND__I(b)))) == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "hold.has_it", "borrower",
		                ref, "tag", tag, "loan", text, NULL);
	if (rc == LEND_ENOTFOUND && device &&
	    (rc = lend__query_text(&text, db, part,
	                           LEND__ARGS(LEND__I(device)))) == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "hold.kit_part", "tag", tag,
		                "kit", text, NULL);
	free(text);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

int lend_hold_add(char **out, lend_db *db, const char *borrower,
                  const char *kind, const char *tag, const char *at)
{
	static const char add[] =
		"INSERT INTO hold (ref, borrower_id, kind, device_id, placed_at) "
		"VALUES (?, ?, ?, ?, ?)";
	char ref[32], now[LEND__TIME_LEN];
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
		rc = lend__fail(db, LEND_EINVAL, "hold.kind_or_device", NULL);
		goto done;
	}
	if ((kind && (rc = lend__check_one_of(db, "hold", "kind", kind,
	                                      lend__kinds))) ||
	    (tag && (rc = lend__id(&device, db, "hold", LEND__ENTITY_DEVICE,
	                           tag))) ||
	    (rc = lend__hold_settle(db, now)) ||
	    (rc = check_new(db, b, borrower, kind, device, tag)) ||
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
	return lend__txn_end_copy(db, rc, out, ref);
}

int lend_hold_list(lend_rows **out, lend_db *db, const char *as_of)
{
	/* Expired holds stay on the list for a week, so that the desk can
	 * ring the borrower who missed theirs. */
	static const char sql[] =
		"SELECT h.ref, b.ref AS borrower, h.kind, d.tag AS device, "
		"h.placed_at, h.status, r.tag AS reserved_device, "
		"h.reserved_until FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id "
		"LEFT JOIN device d ON d.id = h.device_id "
		"LEFT JOIN device r ON r.id = h.reserved_device_id "
		"WHERE (h.status IN ('waiting', 'reserved') "
		"OR (h.status = 'expired' "
		"AND h.closed_at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-7 days'))) "
		"AND " LEND__SCOPE("b") "ORDER BY h.placed_at, h.id";
	char now[LEND__TIME_LEN];
	lend_rows *r = NULL;
	lend__scope s;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__scope_get(&s, db, "hold")) ||
	    (rc = lend__resolve_at(db, "hold", now, as_of)) ||
	    (rc = lend__hold_settle(db, now)))
		goto done;
	rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(now),
	                      LEND__SCOPE_ARGS(&s)));
done:
	rc = lend__txn_end(db, rc);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

int lend_hold_cancel(lend_db *db, const char *ref, const char *at)
{
	char now[LEND__TIME_LEN];
	lend_rows *old = NULL;
	const char *status;
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "hold", LEND__ADMIN | LEND__STAFF |
	                      LEND__CHAMPION, "cancel holds")) ||
	    (rc = lend__resolve_at(db, "hold", now, at)))
		goto done;
	rc = lend__find(&id, db, LEND__ENTITY_HOLD, ref);
	if (rc == LEND_ENOTFOUND)
		rc = lend__fail(db, rc, "hold.not_found", "hold",
		                lend__is_text(ref) ? ref : "?", NULL);
	if (rc || (rc = lend__hold_settle(db, now)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_HOLD, id)))
		goto done;
	status = lend_rows_get(old, 0, "status");
	if (strcmp(status, "waiting") != 0 && strcmp(status, "reserved") != 0) {
		rc = lend__fail(db, LEND_ECONFLICT, "hold.closed", "hold", ref,
		                "status", status, NULL);
		goto done;
	}
	rc = lend__hold_close(db, id, "cancelled", "cancel", now, actor);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}
