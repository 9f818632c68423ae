/*
 * The desk's work queue (issue 16; DESK.md, "the desk is a place"): what
 * the staff at a site have to do today, in one list: loan items due back
 * or overdue, holds ready to collect, devices waiting for their wipe.
 * Borrowers are named only within the acting user's scope.
 */
#include <assert.h>

#include "internal.h"

/* The sites of the queue: ?1 a site's id (or -1), ?2 a member's (or -1),
 * ?3 0 for every site; plain parameters, taken in text order. */
#define SITES(col) \
	col " IN (SELECT qs.id FROM site qs WHERE qs.id = ? " \
	"OR qs.member_id = ? OR ? = 0) "
/* 1 when borrower b is in scope, else 0, as an integer on both stores. */
#define SEEN "CASE WHEN " LEND__SCOPE("b") "THEN 1 ELSE 0 END AS seen"

static const char queue_sql[] =
	"SELECT what, ref, tag, CASE WHEN seen = 1 THEN borrower END AS borrower, "
	"CASE WHEN seen = 1 THEN name END AS name, due_on, since FROM ("
	"SELECT 'due' AS what, l.ref AS ref, d.tag AS tag, b.ref AS borrower, "
	"b.name AS name, i.due_on AS due_on, NULL AS since, " SEEN
	" FROM loan_item i JOIN loan l ON l.id = i.loan_id "
	"JOIN device d ON d.id = i.device_id "
	"JOIN borrower b ON b.id = l.borrower_id "
	"WHERE i.returned_at IS NULL AND i.due_on <= ? AND " SITES("l.site_id")
	"UNION ALL "
	"SELECT 'hold', h.ref, d.tag, b.ref, b.name, NULL, "
	"max(coalesce((SELECT max(e.at) FROM event e WHERE e.entity = 'hold' "
	"AND e.entity_id = h.id AND e.action = 'reserve'), d.changed_at), "
	"d.changed_at), " SEEN
	" FROM hold h JOIN device d ON d.id = h.reserved_device_id "
	"JOIN borrower b ON b.id = h.borrower_id "
	"WHERE h.status = 'reserved' AND d.status = 'available' AND "
	SITES("d.site_id")
	"UNION ALL "
	"SELECT 'wipe', d.tag, d.tag, NULL, NULL, NULL, d.changed_at, 0 "
	"FROM device d WHERE d.status = 'quarantine' AND " SITES("d.site_id")
	") q ORDER BY what, due_on, since, ref";

int lend_desk_queue(lend_rows **out, lend_db *db, const char *site,
                    const char *as_of)
{
	lend__scope s;
	int64_t actor, site_id = -1, member = -1, any = 1;
	int rc;

	assert(db && out);
	lend__reset(db);
	if ((rc = lend__actor(&actor, db, "desk", LEND__ADMIN | LEND__STAFF,
	                      "see the desk's queue")) ||
	    (rc = lend__scope_get(&s, db, "desk")) ||
	    (rc = lend__check_date(db, "desk", "date", as_of)) ||
	    (site && (rc = lend__id(&site_id, db, "desk", LEND__ENTITY_SITE,
	                            site))))
		return rc;
	if (!site && s.member)
		member = s.member;
	else if (!site)
		any = 0;
	return lend__query_rows(out, db, queue_sql, LEND__ARGS(
		LEND__SCOPE_ARGS(&s), LEND__T(as_of ? as_of : s.today),
		LEND__I(site_id), LEND__I(member), LEND__I(any),
		LEND__SCOPE_ARGS(&s),
		LEND__I(site_id), LEND__I(member), LEND__I(any),
		LEND__I(site_id), LEND__I(member), LEND__I(any)));
}
