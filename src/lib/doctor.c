/*
 * Doctor: what the schema cannot promise on its own, checked.  The store's
 * own checks (integrity, foreign keys), then the invariants that span rows:
 * a device on loan has an open item and one with an open item is on loan,
 * a loan is closed exactly when all its items are back, every device has
 * the event of its creation, an erased borrower keeps nothing personal.
 * Each finding says how to mend it.
 */
#include <assert.h>
#include <string.h>

#include "internal.h"
#include "erasure.h"

/* How to mend what the store's own checks find, by the check's name. */
static const struct store_fix {
	const char *check, *fix;
} store_fixes[] = {
	{ "integrity", "restore the last good backup (lend restore)" },
	{ "foreign keys", "restore a backup, or mend the row by hand" },
};

static const struct check {
	const char *name, *sql, *fix;
} checks[] = {
	{ "device on loan without an open item",
	  "SELECT tag FROM device d WHERE status = 'on_loan' AND NOT EXISTS "
	  "(SELECT 1 FROM loan_item i WHERE i.device_id = d.id "
	  "AND i.returned_at IS NULL) ORDER BY tag",
	  "lend device status TAG lost, or lend checkout it again" },
	{ "open item on a device that is not on loan",
	  "SELECT d.tag || ' (' || d.status || ', loan ' || l.ref || ')' "
	  "FROM loan_item i JOIN device d ON d.id = i.device_id "
	  "JOIN loan l ON l.id = i.loan_id WHERE i.returned_at IS NULL "
	  "AND d.status <> 'on_loan' ORDER BY d.tag",
	  "lend checkin TAG to close the item" },
	{ "loan closed with items still out",
	  "SELECT ref FROM loan l WHERE closed_at IS NOT NULL AND EXISTS "
	  "(SELECT 1 FROM loan_item i WHERE i.loan_id = l.id "
	  "AND i.returned_at IS NULL) ORDER BY ref",
	  "lend checkin the items still out" },
	{ "loan open with every item back",
	  "SELECT ref FROM loan l WHERE closed_at IS NULL AND NOT EXISTS "
	  "(SELECT 1 FROM loan_item i WHERE i.loan_id = l.id "
	  "AND i.returned_at IS NULL) ORDER BY ref",
	  "set loan.closed_at to its last item's return (a bug: report it)" },
	{ "device without the event of its creation",
	  "SELECT tag FROM device d WHERE NOT EXISTS (SELECT 1 FROM event e "
	  "WHERE e.entity = 'device' AND e.entity_id = d.id "
	  "AND e.action = 'create') ORDER BY tag",
	  "the device was written around lend; check its history" },
	{ "kit part out of step with its kit",
	  "SELECT p.tag || ' (' || p.status || '), kit ' || k.tag || ' (' || "
	  "k.status || ')' FROM kit_part x JOIN device k ON k.id = x.kit_id "
	  "JOIN device p ON p.id = x.part_id WHERE k.status = 'on_loan' "
	  "AND p.status NOT IN ('on_loan', 'lost') ORDER BY p.tag",
	  "check the kit in with --missing for the parts not back" },
	{ "erased borrower still holding personal data",
	  "SELECT ref FROM borrower b WHERE forgotten_at IS NOT NULL AND "
	  LEND__PERSONAL_LEFT " ORDER BY ref",
	  "lend borrower forget REF again" },
};

static int add_finding(lend_rows *r, lend_db *db, const char *check,
                       const char *what, const char *fix)
{
	const char *v[3] = { check, what, fix };
	long row = lend__rows_add(r);
	size_t c;

	if (row < 0)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (c = 0; c < 3; c++)
		if (lend__rows_set(r, (size_t)row, c, LEND_TEXT, v[c],
		                   strlen(v[c])))
			return lend__fail(db, LEND_ENOMEM,
			                  "lend.out_of_memory", NULL);
	return 0;
}

/* Run SQL and add a finding for each row it gives, its first column the
 * thing at fault. */
static int run(lend_rows *out, lend_db *db, const char *check,
               const char *sql, const char *fix)
{
	lend_rows *rows = NULL;
	size_t i;
	int rc = lend__query_rows(&rows, db, sql, LEND__NO_ARGS);

	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		const char *what = lend_rows_text(rows, i, 0);

		rc = add_finding(out, db, check, what ? what : "?", fix);
	}
	lend_rows_free(rows);
	return rc;
}

static const char *store_fix(const char *check)
{
	size_t i;

	for (i = 0; i < LEND__NELEM(store_fixes); i++)
		if (strcmp(store_fixes[i].check, check) == 0)
			return store_fixes[i].fix;
	return "restore a backup";
}

/* The store's findings, each with how to mend it. */
static int store_findings(lend_rows *out, lend_db *db)
{
	lend_rows *found = NULL;
	size_t i;
	int rc = lend__check_store(&found, db);

	for (i = 0; rc == 0 && i < lend_rows_count(found); i++) {
		const char *check = lend_rows_text(found, i, 0);

		rc = add_finding(out, db, check, lend_rows_text(found, i, 1),
		                 store_fix(check));
	}
	lend_rows_free(found);
	return rc;
}

int lend_doctor(lend_rows **out, lend_db *db)
{
	static const char *const cols[] = { "check", "finding", "fix" };
	lend_rows *r = lend__rows_new(3);
	size_t i;
	int rc = 0;

	assert(out && db);
	lend__reset(db);
	if (!r)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (i = 0; i < 3 && rc == 0; i++)
		if (lend__rows_set_name(r, i, cols[i]))
			rc = lend__fail(db, LEND_ENOMEM,
			                "lend.out_of_memory", NULL);
	if (rc == 0)
		rc = store_findings(r, db);
	for (i = 0; rc == 0 && i < LEND__NELEM(checks); i++)
		rc = run(r, db, checks[i].name, checks[i].sql, checks[i].fix);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

int lend_temporaries_sweep(lend_db *db, const char *dir, size_t *removed)
{
	assert(db && dir);
	lend__reset(db);
	return lend__sweep_temps(db, dir, 3600, removed);
}

int lend_db_is_server(const char *where)
{
	return where && lend__store_is_server(where);
}
