/*
 * Retention: borrowers are kept no longer than needed.  Those idle for
 * retention.months (nothing out, no loan, support or session since) are
 * erased as lend_borrower_forget() erases one.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "erasure.h"

/* Borrowers to erase: not erased yet, nothing out, and no loan, support
 * or session since CUTOFF (?1); with the day they have been idle since
 * (their last loan, support, session or their record's making) and the
 * setting (?2) that decides. */
static const char idle_sql[] =
	/* Two-argument max() twice over: the form both stores share. */
	"SELECT b.ref, substr(max(max(b.created_at, "
	" coalesce((SELECT max(coalesce(l.closed_at, l.out_at)) FROM loan l "
	"  WHERE l.borrower_id = b.id), '')), max("
	" coalesce((SELECT max(s.ends_on) FROM support s "
	"  WHERE s.borrower_id = b.id), ''), "
	" coalesce((SELECT max(x.held_on) FROM support_session x "
	"  WHERE x.borrower_id = b.id), ''))), 1, 10) AS idle_since, "
	"?2 AS retention_months FROM borrower b WHERE b.forgotten_at IS NULL "
	"AND b.created_at < ?1 "
	"AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id "
	" AND (l.closed_at IS NULL OR l.closed_at >= ?1 OR l.out_at >= ?1)) "
	"AND NOT EXISTS (SELECT 1 FROM support s WHERE s.borrower_id = b.id "
	" AND (s.ends_on IS NULL OR s.ends_on >= substr(?1, 1, 10))) "
	"AND NOT EXISTS (SELECT 1 FROM support_session x "
	" WHERE x.borrower_id = b.id AND x.held_on >= substr(?1, 1, 10)) "
	"ORDER BY b.ref";

/* Erase the borrowers of IDLE. */
static int erase(lend_db *db, const lend_rows *idle, int64_t actor,
                 const char *now)
{
	size_t i;
	int64_t id;
	int rc = 0;

	for (i = 0; rc == 0 && i < lend_rows_count(idle); i++)
		if ((rc = lend__id(&id, db, "retention", LEND__ENTITY_BORROWER,
		                   lend_rows_text(idle, i, 0))) == 0)
			rc = lend__borrower_erase(db, id, lend_rows_text(idle, i, 0),
			                          actor, now);
	return rc;
}

int lend_retention_run(lend_rows **out, lend_db *db, int dry_run)
{
	char now[LEND__TIME_LEN], cutoff[64];
	lend_rows *idle = NULL;
	int64_t actor, months;
	int rc, y, m, d;

	*out = NULL;
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "retention", LEND__ADMIN,
	                      "apply retention")) ||
	    (rc = lend__setting_int(&months, db, "retention.months")))
		goto done;
	/* The same day RETENTION months ago (the 28th at most, so that it
	 * exists in every month). */
	sscanf(now, "%4d-%2d-%2d", &y, &m, &d);
	m -= (int)months;
	while (m < 1)
		m += 12, y--;
	snprintf(cutoff, sizeof(cutoff), "%04d-%02d-%02d%s", y, m,
	         d > 28 ? 28 : d, now + 10);
	if ((rc = lend__query_rows(&idle, db, idle_sql,
	                           LEND__ARGS(LEND__T(cutoff), LEND__I(months)))))
		goto done;
	if (!dry_run)
		rc = erase(db, idle, actor, now);
done:
	if (rc == 0)
		*out = idle;
	else
		lend_rows_free(idle);
	return lend__txn_end(db, rc);
}
