/*
 * Kits: a device with parts (a tablet, its charger and case) that go out
 * and come back together.  A part belongs to one kit, a kit is not a part,
 * and a part is never lent alone (checkout.c).
 */
#include <assert.h>
#include <stdlib.h>

#include "internal.h"

int lend__kit_parts(lend_rows **out, lend_db *db, int64_t kit)
{
	return lend__query_rows(out, db,
	                        "SELECT part_id FROM kit_part WHERE kit_id = ? "
	                        "ORDER BY part_id", LEND__ARGS(LEND__I(kit)));
}

/* A part is never lent alone, so a device that a hold names, or that is
 * set aside for one, cannot become a part (issue 13). */
static int check_held(lend_db *db, int64_t part, const char *tag)
{
	static const char sql[] =
		"SELECT ref FROM hold WHERE status IN ('waiting', 'reserved') "
		"AND (device_id = ?1 OR reserved_device_id = ?1) LIMIT 1";
	char *hold = NULL;
	int rc = lend__query_text(&hold, db, sql, LEND__ARGS(LEND__I(part)));

	if (rc == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "kit.held", "tag", tag,
		                "hold", hold, NULL);
	free(hold);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

static int check_part(lend_db *db, int64_t kit, int64_t part,
                      const char *tag)
{
	static const char in_kit[] =
		"SELECT count(*) FROM kit_part WHERE part_id = ?";
	static const char has_parts[] =
		"SELECT count(*) FROM kit_part WHERE kit_id = ?";
	static const char on_loan[] =
		"SELECT count(*) FROM device WHERE id = ? AND status = 'on_loan'";
	int64_t n = 0;
	int rc;

	if (part == kit)
		return lend__fail(db, LEND_ECONFLICT, "kit.itself", "tag", tag,
		                  NULL);
	if ((rc = lend__query_int(&n, db, in_kit, LEND__ARGS(LEND__I(part)))))
		return rc;
	if (n)
		return lend__fail(db, LEND_ECONFLICT, "kit.part_already", "tag",
		                  tag, NULL);
	if ((rc = lend__query_int(&n, db, has_parts,
	                          LEND__ARGS(LEND__I(part)))))
		return rc;
	if (n)
		return lend__fail(db, LEND_ECONFLICT, "kit.part_is_kit", "tag",
		                  tag, NULL);
	if ((rc = lend__query_int(&n, db, on_loan, LEND__ARGS(LEND__I(part)))))
		return rc;
	if (n)
		return lend__fail(db, LEND_ECONFLICT, "kit.part_on_loan", "tag",
		                  tag, NULL);
	return check_held(db, part, tag);
}

int lend_kit_add(lend_db *db, const char *kit, const char *const *parts,
                 size_t nparts, const char *at)
{
	static const char add[] =
		"INSERT INTO kit_part (kit_id, part_id) VALUES (?, ?)";
	static const char kit_status[] =
		"SELECT count(*) FROM device WHERE id = ? AND (status = 'on_loan' "
		"OR id IN (SELECT part_id FROM kit_part))";
	char when[LEND__TIME_LEN], *extra = NULL;
	int64_t actor, k, p, n = 0;
	lend__buf b = { 0 };
	size_t i;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "kit", LEND__ADMIN | LEND__STAFF,
	                      "make kits")) ||
	    (rc = lend__resolve_at(db, "kit", when, at)) ||
	    (rc = lend__id(&k, db, "kit", LEND__ENTITY_DEVICE, kit)) ||
	    (rc = lend__query_int(&n, db, kit_status, LEND__ARGS(LEND__I(k)))))
		goto done;
	if (n) {
		rc = lend__fail(db, LEND_ECONFLICT, "kit.not_free", "tag", kit,
		                NULL);
		goto done;
	}
	lend__buf_str(&b, "{\"kit\":");
	lend__buf_json(&b, kit);
	lend__buf_str(&b, "}");
	if (!(extra = lend__buf_take(&b)))
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	else if (nparts == 0)
		rc = lend__fail(db, LEND_EINVAL, "kit.no_part", NULL);
	for (i = 0; i < nparts && rc == 0; i++) {
		if ((rc = lend__id(&p, db, "kit", LEND__ENTITY_DEVICE, parts[i])) ||
		    (rc = check_part(db, k, p, parts[i])) ||
		    (rc = lend__exec(db, add, LEND__ARGS(LEND__I(k), LEND__I(p)))))
			break;
		/* The part's row does not change: the event says which kit. */
		rc = lend__event_json(db, when, actor, LEND__ENTITY_DEVICE, p, "kit",
		                      NULL, extra);
	}
done:
	free(extra);
	return lend__txn_end(db, rc);
}

int lend_kit_show(lend_rows **out, lend_db *db, const char *kit)
{
	static const char sql[] =
		"SELECT d.tag, d.kind, d.make, d.model, d.status FROM kit_part p "
		"JOIN device k ON k.id = p.kit_id JOIN device d ON d.id = p.part_id "
		"WHERE k.tag = ? ORDER BY d.tag";

	assert(db);
	return lend__show(out, db, sql, "kit", "kit", kit);
}
