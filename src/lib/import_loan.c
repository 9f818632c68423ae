/*
 * The import of loans past and present, one item a row: the loan is made
 * when its ref is new, an item already there is skipped, and an item still
 * out puts its device on loan as a check-out would.  Called by import.c,
 * in its transaction.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The item of R's loan for R's device, if there is one already. */
static int item_known(lend_db *db, const char *ref, int64_t device)
{
	static const char sql[] =
		"SELECT i.id FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE l.ref = ? AND i.device_id = ?";
	char kept[LEND__REF_MAX];
	int64_t id;

	if (!ref)
		return 0;
	lend__ref_normal(kept, sizeof(kept), ref);
	return lend__query_int(&id, db, sql, LEND__ARGS(LEND__T(kept),
	                       LEND__I(device))) == 0;
}

/* The loan R names, made now if it is new; REF (32 bytes) its ref. */
static int import_loan(int64_t *id, char *ref, lend_db *db, int64_t actor,
                       const lend__loan_row *r, int64_t borrower,
                       int64_t site, const char *out_at)
{
	static const char add[] =
		"INSERT INTO loan (ref, borrower_id, site_id, issued_by, "
		"champion_id, out_at) VALUES (?, ?, ?, ?, ?, ?)";
	int64_t issuer = actor, champion = 0;
	int rc;

	if (lend__find(id, db, LEND__ENTITY_LOAN, r->ref) == 0) {
		lend__ref_normal(ref, 32, r->ref);
		return 0;
	}
	if ((r->issued_by && (rc = lend__id(&issuer, db, "loan", LEND__ENTITY_USER,
	                                         r->issued_by))) ||
	    (r->champion && (rc = lend__id(&champion, db, "loan", LEND__ENTITY_CHAMPION,
	                                            r->champion))))
		return rc;
	if (r->ref) {
		if ((rc = lend__check_code(db, "loan", "ref", r->ref, 31)))
			return rc;
		lend__ref_normal(ref, 32, r->ref);
	} else if ((rc = lend__allocate(ref, 32, db, "loan", "L", 6,
	                                lend__find_sql(LEND__ENTITY_LOAN)))) {
		return rc;
	}
	if ((rc = lend__insert(id, db, add, LEND__ARGS(LEND__T(ref),
	                       LEND__I(borrower), LEND__I(site), LEND__I(issuer),
	                       champion ? LEND__I(champion) : LEND__NUL,
	                       LEND__T(out_at)))))
		return rc;
	return lend__event(db, out_at, actor, LEND__ENTITY_LOAN, *id, "create",
	                   NULL, NULL);
}

/* R's times and outcome, checked: OUT_AT, BACK (when returned) and
 * *OUTCOME ('returned' when R is back and names none). */
static int check_times(lend_db *db, const lend__loan_row *r, char *out_at,
                       char *back, const char **outcome)
{
	static const char *const outcomes[] = { "returned", "lost", NULL };
	int rc;

	*outcome = r->outcome;
	if (!r->out_at)
		return lend__fail(db, LEND_EINVAL, "loan.no_out_date", NULL);
	if ((rc = lend__resolve_at(db, "loan", out_at, r->out_at)) ||
	    (r->returned_at &&
	     (rc = lend__resolve_at(db, "loan", back, r->returned_at))) ||
	    (r->due_on && (rc = lend__check_date(db, "loan", "due date",
	                                         r->due_on))) ||
	    (r->outcome && (rc = lend__check_one_of(db, "loan", "outcome",
	                                            r->outcome, outcomes))))
		return rc;
	if (r->returned_at && strcmp(back, out_at) < 0)
		return lend__fail(db, LEND_EINVAL, "loan.back_before_out",
		                  "back", back, "out", out_at, NULL);
	if (!r->returned_at && r->outcome)
		return lend__fail(db, LEND_EINVAL, "loan.outcome_not_back",
		                  "outcome", r->outcome, NULL);
	if (r->returned_at && !r->outcome)
		*outcome = "returned";
	return 0;
}

/* R's due date (the kind's loan days when it gives none) and site (the
 * device's when it gives none). */
static int due_and_site(char due[11], int64_t *site, lend_db *db,
                        const lend__loan_row *r, const lend__device *d,
                        const char *out_at)
{
	lend_checkout_spec none = { 0 };
	int rc;

	if (r->due_on)
		snprintf(due, 11, "%s", r->due_on);
	else if ((rc = lend__loan_due_on(due, db, &none, d->kind, out_at)))
		return rc;
	if (r->site)
		return lend__id(site, db, "loan", LEND__ENTITY_SITE, r->site);
	*site = d->site;
	return 0;
}

int lend__loan_import(int *skipped, lend_db *db, int64_t actor,
                      const lend__loan_row *r)
{
	static const char item_sql[] =
		"INSERT INTO loan_item (loan_id, device_id, due_on, condition_out, "
		"condition_in, returned_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char close_sql[] =
		"UPDATE loan SET closed_at = (SELECT max(returned_at) FROM "
		"loan_item WHERE loan_id = ?1) WHERE id = ?1 AND NOT EXISTS "
		"(SELECT 1 FROM loan_item WHERE loan_id = ?1 AND returned_at IS NULL)";
	char out_at[LEND__TIME_LEN], back[LEND__TIME_LEN], due[11], ref[32];
	const char *outcome;
	int64_t borrower, site, loan, item;
	lend__device d;
	int rc;

	*skipped = 0;
	if ((rc = lend__id(&borrower, db, "loan", LEND__ENTITY_BORROWER, r->borrower)) ||
	    (rc = lend__device_get(&d, db, "loan", r->tag ? r->tag : "")))
		return rc;
	if (item_known(db, r->ref, d.id)) {
		*skipped = 1;
		return 0;
	}
	if ((rc = check_times(db, r, out_at, back, &outcome)) ||
	    (rc = due_and_site(due, &site, db, r, &d, out_at)))
		return rc;
	/* Still out: the device goes on loan, as a check-out would put it. */
	if (!r->returned_at) {
		if (strcmp(d.status, "available") != 0)
			return lend__loan_not_available(db, &d);
		if ((rc = lend__device_check_order(db, "loan", d.tag, out_at,
		                                   d.changed_at)))
			return rc;
	}
	if ((rc = import_loan(&loan, ref, db, actor, r, borrower, site,
	                      out_at)))
		return rc;
	if (r->returned_at)
		rc = lend__insert(&item, db, item_sql, LEND__ARGS(LEND__I(loan),
		                  LEND__I(d.id), LEND__T(due),
		                  LEND__T(r->condition_out), LEND__T(r->condition_in),
		                  LEND__T(back), LEND__T(outcome)));
	else
		rc = lend__loan_item_open(db, loan, ref, d.id, due,
		                          r->condition_out, out_at, actor);
	return rc ? rc : lend__exec(db, close_sql, LEND__ARGS(LEND__I(loan)));
}
