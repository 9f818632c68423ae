/*
 * A device's status and wipe, as staff record them.  These are the
 * registry's public calls whose consequences are circulation's: a device
 * on loan that is marked lost closes its loan item, and a device that
 * becomes available is reserved for the next hold, and one set aside for
 * a hold that leaves the shelf passes the hold on.  They live here, on
 * circulation's side, so that device.c (the registry) never calls loans
 * or holds; device.c still makes the move itself.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Move device TAG to TO, recording EXTRA (a JSON object) in the event,
 * with what the move means for its loan and the holds waiting for it. */
static int change_status(lend_db *db, const char *tag, const char *to,
                         const char *at_given, const char *action,
                         const char *extra)
{
	char at[LEND__TIME_LEN];
	lend__device d;
	lend__move m = { 0 };
	int64_t actor, id;
	int rc;

	if ((rc = lend__actor(&actor, db, "device",
	                      LEND__ADMIN | LEND__STAFF,
	                      "change a device's status")) ||
	    (rc = lend__id(&id, db, "device", LEND__ENTITY_DEVICE, tag)) ||
	    (rc = lend__device_get_id(&d, db, "device", id)) ||
	    (rc = lend__scope_device(db, "device", id, d.tag,
	                             strcmp(action, "wipe") == 0 ? "wipe"
	                             : "status")) ||
	    (rc = lend__resolve_at(db, "device", at, at_given)) ||
	    (rc = lend__hold_settle(db, at)) ||
	    (rc = lend__device_check_move(db, d.tag, d.status, to, action)) ||
	    (rc = lend__device_check_order(db, "device", d.tag, at,
	                                   d.changed_at)))
		return rc;
	/* A device on loan that is lost closes its loan item as lost. */
	if (strcmp(d.status, "on_loan") == 0 &&
	    (rc = lend__loan_item_close(db, d.id, "lost", NULL, at, actor)))
		return rc;
	m.to = to;
	m.action = action;
	m.at = at;
	m.extra = extra;
	m.actor = actor;
	if ((rc = lend__device_move(db, d.id, &m)))
		return rc;
	if (strcmp(to, "available") == 0)
		rc = lend__hold_reserve(db, d.id, d.tag, at, actor);
	else if (strcmp(d.status, "available") == 0)
		rc = lend__hold_displace(db, &d, to, at, actor);
	return rc;
}

/* {"KEY":VALUE} or NULL when VALUE is NULL; *out NULL means no memory. */
static int json_member(char **out, lend_db *db, const char *key,
                       const char *value)
{
	lend__buf b = { 0 };

	*out = NULL;
	if (!value)
		return 0;
	lend__buf_str(&b, "{");
	lend__buf_json(&b, key);
	lend__buf_str(&b, ":");
	lend__buf_json(&b, value);
	lend__buf_str(&b, "}");
	if (!(*out = lend__buf_take(&b)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	return 0;
}

int lend_device_status(lend_db *db, const char *tag, const char *status,
                       const char *note, const char *at)
{
	char *extra = NULL;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__check_one_of(db, "device", "status", status,
	                             lend__statuses)) ||
	    (rc = lend__check_text(db, "device", "note", note, 0)) ||
	    (rc = json_member(&extra, db, "note", note)))
		goto done;
	rc = change_status(db, tag, status, at, "status", extra);
done:
	free(extra);
	return lend__txn_end(db, rc);
}

int lend_device_wipe(lend_db *db, const char *tag, const char *method,
                     const char *at)
{
	char *extra = NULL;
	lend__device d;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__check_text(db, "device", "wipe method", method, 1)) ||
	    (rc = json_member(&extra, db, "method", method)))
		goto done;
	/* A tag not found is told by change_status(), after the role check. */
	rc = lend__device_find(&d, db, tag);
	if (rc == 0 && strcmp(d.status, "quarantine") != 0) {
		rc = lend__fail(db, LEND_ECONFLICT, "device.wipe_status", "tag",
		                tag, "status", d.status, NULL);
		goto done;
	}
	if (rc != 0 && rc != LEND_ENOTFOUND)
		goto done;
	rc = change_status(db, tag, "available", at, "wipe", extra);
done:
	free(extra);
	return lend__txn_end(db, rc);
}
