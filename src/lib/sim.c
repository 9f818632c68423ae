/*
 * SIMs: the data plans that run out, and who holds the SIM when one does,
 * so a champion can be asked to help before the borrower is cut off.
 */
#include <assert.h>
#include <stdio.h>

#include "internal.h"

int lend_sim_expiring(lend_rows **out, lend_db *db, int days)
{
	static const char sql[] =
		"SELECT d.tag, d.plan_expires_on, "
		"CAST(julianday(d.plan_expires_on) - julianday(?1) AS INTEGER) "
		" AS days_left, d.phone_number, d.network, d.status, "
		"b.ref AS borrower, c.ref AS champion, c.name AS champion_name, "
		"c.phone AS champion_phone "
		"FROM device d "
		"LEFT JOIN loan_item i ON i.device_id = d.id "
		" AND i.returned_at IS NULL "
		"LEFT JOIN loan l ON l.id = i.loan_id "
		"LEFT JOIN borrower b ON b.id = l.borrower_id "
		"LEFT JOIN support s ON s.borrower_id = b.id AND s.ends_on IS NULL "
		"LEFT JOIN champion c ON c.id = s.champion_id "
		"WHERE d.plan_expires_on IS NOT NULL AND d.status <> 'retired' "
		"AND d.plan_expires_on <= ?2 ORDER BY d.plan_expires_on, d.tag";
	char today[LEND__TIME_LEN], until[11], n[16];

	assert(db);
	lend__reset(db);
	snprintf(n, sizeof(n), "%d", days);
	if (days < 0 || days > 3660)
		return lend__fail(db, LEND_EINVAL, "sim.days", "days", n, NULL);
	lend__now(today);
	today[10] = '\0';
	lend__date_add(until, today, days);
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(today),
	                                                 LEND__T(until)));
}

