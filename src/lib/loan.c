/*
 * Loans: what is out and to whom, renewal, signing, and the lists that
 * chase overdue items.  Lending is checkout.c's and return checkin.c's.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Loan REF, or the loan holding device REF. */
static int renew_target(int64_t *loan, lend_db *db, const char *ref)
{
	static const char by_tag[] =
		"SELECT i.loan_id FROM loan_item i JOIN device d "
		"ON d.id = i.device_id JOIN loan l ON l.id = i.loan_id "
		"JOIN borrower b ON b.id = l.borrower_id "
		"WHERE d.tag = ? AND i.returned_at IS NULL AND " LEND__SCOPE("b");
	char tag[LEND__REF_MAX];
	lend__scope s;
	int rc = lend__find(loan, db, LEND__ENTITY_LOAN, ref);

	if (rc != LEND_ENOTFOUND)
		return rc;
	if ((rc = lend__scope_get(&s, db, "renew")))
		return rc;
	lend__tag_normal(tag, sizeof(tag), ref);
	rc = lend__query_int(loan, db, by_tag, LEND__ARGS(LEND__T(tag),
	                     LEND__SCOPE_ARGS(&s)));
	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, rc, "renew.not_found", "ref",
		                  lend__is_text(ref) ? ref : "?", NULL);
	return rc;
}

static int renew_items(lend_db *db, int64_t loan, int days, const char *at,
                       int64_t actor)
{
	static const char items[] =
		"SELECT i.id, i.due_on, d.kind FROM loan_item i "
		"JOIN device d ON d.id = i.device_id "
		"WHERE i.loan_id = ? AND i.returned_at IS NULL";
	static const char set_due[] =
		"UPDATE loan_item SET due_on = ? WHERE id = ?";
	lend_rows *r = NULL, *old = NULL;
	char due[11], key[40];
	size_t i;
	int rc;

	if ((rc = lend__query_rows(&r, db, items, LEND__ARGS(LEND__I(loan)))))
		return rc;
	if (lend_rows_count(r) == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "renew.nothing_out", NULL);
	for (i = 0; i < lend_rows_count(r) && rc == 0; i++) {
		int64_t id = strtoll(lend_rows_get(r, i, "id"), NULL, 10);
		int64_t n = days;
		const char *from = lend_rows_get(r, i, "due_on");

		snprintf(key, sizeof(key), "loan.days.%s",
		         lend_rows_get(r, i, "kind"));
		if (n <= 0 && (rc = lend__setting_int(&n, db, key)))
			break;
		/* An overdue item renews from today, not from its old date. */
		if (lend__date_add(due, strncmp(from, at, 10) < 0 ? at : from,
		                   (int)n)) {
			snprintf(key, sizeof(key), "%d", LEND__YEAR_MAX);
			rc = lend__fail(db, LEND_EINVAL, "renew.too_late",
			                "year", key, NULL);
			break;
		}
		lend_rows_free(old);
		old = NULL;
		if ((rc = lend__snapshot(&old, db, LEND__ENTITY_LOAN_ITEM, id)) ||
		    (rc = lend__exec(db, set_due, LEND__ARGS(LEND__T(due),
		                                             LEND__I(id)))))
			break;
		rc = lend__event(db, at, actor, LEND__ENTITY_LOAN_ITEM, id, "renew",
		                 old, NULL);
	}
	lend_rows_free(old);
	lend_rows_free(r);
	return rc;
}

int lend_loan_renew(lend_db *db, const char *ref, int days, const char *at)
{
	static const char bump[] =
		"UPDATE loan SET renewals = renewals + 1 WHERE id = ?";
	char when[LEND__TIME_LEN], n[24];
	lend_rows *old = NULL;
	int64_t actor, loan, limit;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "renew", LEND__ADMIN | LEND__STAFF,
	                      "renew loans")) ||
	    (rc = lend__resolve_at(db, "renew", when, at)) ||
	    (rc = lend__hold_settle(db, when)) ||
	    (rc = renew_target(&loan, db, ref)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_LOAN, loan)) ||
	    (rc = lend__setting_int(&limit, db, "loan.renewals")))
		goto done;
	snprintf(n, sizeof(n), "%d", days);
	if (days < 0 || days > 3660) {
		rc = lend__fail(db, LEND_EINVAL, "renew.days", "days", n, NULL);
		goto done;
	}
	snprintf(n, sizeof(n), "%lld", (long long)limit);
	if (strtoll(lend_rows_get(old, 0, "renewals"), NULL, 10) >= limit) {
		rc = lend__fail(db, LEND_ECONFLICT, "renew.limit", "loan",
		                lend_rows_get(old, 0, "ref"), "renewals",
		                lend_rows_get(old, 0, "renewals"), "limit", n,
		                NULL);
		goto done;
	}
	if ((rc = lend__hold_check_renew(db, loan, when, actor)) ||
	    (rc = renew_items(db, loan, days, when, actor)) ||
	    (rc = lend__exec(db, bump, LEND__ARGS(LEND__I(loan)))))
		goto done;
	rc = lend__event(db, when, actor, LEND__ENTITY_LOAN, loan, "renew", old,
	                 NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

/* Kit parts ride with their kit: the kit alone is counted. */
static const char overdue_sql[] =
	"SELECT count(*) AS n, min(i.due_on) AS due, "
	"CAST(julianday(substr(?2, 1, 10)) - julianday(min(i.due_on)) "
	"AS INTEGER) AS late FROM loan_item i "
	"JOIN loan l ON l.id = i.loan_id WHERE l.borrower_id = ?1 "
	"AND i.returned_at IS NULL AND i.due_on < substr(?2, 1, 10) "
	"AND i.device_id NOT IN (SELECT part_id FROM kit_part)";

int lend__loan_check_overdue_ahead(lend_db *db, int64_t id, const char *at)
{
	return lend__read_ahead(db, overdue_sql, LEND__ARGS(LEND__I(id),
	                                                    LEND__T(at)));
}

int lend__loan_check_overdue(lend_db *db, const char *concern,
                             const char *ref, int64_t id, const char *at,
                             int override)
{
	lend_rows *r = NULL;
	char *mode = NULL;
	const char *n;
	int rc;

	if ((rc = lend__setting_text(&mode, db, "loan.overdue")) ||
	    strcmp(mode, "allow") == 0 ||
	    (rc = lend__query_rows(&r, db, overdue_sql,
	                           LEND__ARGS(LEND__I(id), LEND__T(at)))))
		goto done;
	n = lend_rows_text(r, 0, 0);
	if (strcmp(n, "0") == 0)
		goto done;
	if (strcmp(mode, "block") == 0 && !override)
		rc = lend__fail(db, LEND_ECONFLICT, "loan.overdue_block",
		                "concern", concern, "borrower", ref, "n", n, "due",
		                lend_rows_text(r, 0, 1), "late",
		                lend_rows_text(r, 0, 2), NULL);
	else
		lend__note(db, "loan.overdue_warn", "concern", concern,
		           "borrower", ref, "n", n, "due", lend_rows_text(r, 0, 1),
		           "late", lend_rows_text(r, 0, 2), NULL);
done:
	free(mode);
	lend_rows_free(r);
	return rc;
}

int lend_loan_list(lend_rows **out, lend_db *db, const char *borrower,
                   int open_only)
{
	static const char sql[] =
		"SELECT l.ref, b.ref AS borrower, l.out_at, "
		"(SELECT min(i.due_on) FROM loan_item i WHERE i.loan_id = l.id "
		" AND i.returned_at IS NULL) AS due_on, "
		"(SELECT count(*) FROM loan_item i WHERE i.loan_id = l.id) "
		" AS items, "
		"(SELECT count(*) FROM loan_item i WHERE i.loan_id = l.id "
		" AND i.returned_at IS NULL) AS open_items, l.closed_at "
		"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
		"WHERE (?1 = 0 OR b.id = ?1) "
		"AND (?2 = 0 OR l.closed_at IS NULL) AND " LEND__SCOPE("b")
		"ORDER BY l.id DESC";
	int64_t id = 0;
	lend__scope s;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = lend__scope_get(&s, db, "loan")) ||
	    (borrower && (rc = lend__id(&id, db, "loan", LEND__ENTITY_BORROWER,
	                                borrower))))
		return rc;
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__I(id),
	                        LEND__I(open_only ? 1 : 0), LEND__SCOPE_ARGS(&s)));
}

int lend_loan_show(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT l.ref, b.ref AS borrower, s.code AS site, "
		"u.name AS issued_by, c.ref AS champion, l.out_at, l.renewals, "
		"l.signed_at, l.closed_at, d.tag, d.kind, d.model, "
		"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		" WHERE p.part_id = d.id) AS part_of, i.due_on, i.returned_at, "
		"i.outcome, i.condition_out, i.condition_in "
		"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
		"JOIN site s ON s.id = l.site_id "
		"JOIN app_user u ON u.id = l.issued_by "
		"LEFT JOIN champion c ON c.id = l.champion_id "
		"JOIN loan_item i ON i.loan_id = l.id "
		"JOIN device d ON d.id = i.device_id "
		"WHERE l.ref = ? AND " LEND__SCOPE("b") "ORDER BY i.id";

	assert(db);
	return lend__show_scoped(out, db, sql, "loan", "loan", ref);
}

int lend_loan_overdue(lend_rows **out, lend_db *db, const char *as_of)
{
	/* julianday() is SQLite's; PostgreSQL subtracts dates directly. */
	static const char sql[] =
		"SELECT d.tag, l.ref AS loan, b.ref AS borrower, i.due_on, "
		"CAST(julianday(?1) - julianday(i.due_on) AS INTEGER) "
		" AS days_late, c.ref AS champion, c.name AS champion_name, "
		"c.phone AS champion_phone, c.email AS champion_email "
		"FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"JOIN device d ON d.id = i.device_id "
		"JOIN borrower b ON b.id = l.borrower_id "
		"LEFT JOIN support s ON s.borrower_id = b.id AND s.ends_on IS NULL "
		"LEFT JOIN champion c ON c.id = s.champion_id "
		"WHERE i.returned_at IS NULL AND i.due_on < ?1 AND "
		LEND__SCOPE("b") "ORDER BY i.due_on, d.tag";
	lend__scope s;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = lend__scope_get(&s, db, "overdue")) ||
	    (as_of && (rc = lend__check_date(db, "overdue", "date", as_of))))
		return rc;
	return lend__query_rows(out, db, sql,
	                        LEND__ARGS(LEND__T(as_of ? as_of : s.today),
	                                   LEND__SCOPE_ARGS(&s)));
}

int lend__loan_sign(lend_db *db, int64_t actor, int64_t id, const char *loan,
                    const char *at, const char *extra)
{
	static const char sql[] =
		"UPDATE loan SET signed_at = ?, signed_by = ?, terms_version = ? "
		"WHERE id = ?";
	char when[LEND__TIME_LEN], *terms = NULL;
	lend_rows *old = NULL;
	int rc;

	if ((rc = lend__resolve_at(db, "sign", when, at)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_LOAN, id)) ||
	    (rc = lend__setting_text(&terms, db, "terms.version")))
		goto done;
	if (lend_rows_get(old, 0, "signed_at")) {
		rc = lend__fail(db, LEND_ECONFLICT, "sign.signed", "loan", loan,
		                "at", lend_rows_get(old, 0, "signed_at"), NULL);
		goto done;
	}
	if (strcmp(when, lend_rows_get(old, 0, "out_at")) < 0) {
		rc = lend__fail(db, LEND_EINVAL, "sign.before_out", "at", when,
		                "out", lend_rows_get(old, 0, "out_at"), NULL);
		goto done;
	}
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(when), LEND__I(actor),
	                                         LEND__T(terms), LEND__I(id)))))
		goto done;
	rc = lend__event(db, when, actor, LEND__ENTITY_LOAN, id, "sign", old,
	                 extra);
done:
	free(terms);
	lend_rows_free(old);
	return rc;
}

int lend_loan_sign(lend_db *db, const char *loan, const char *at)
{
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "sign", LEND__ADMIN | LEND__STAFF,
	                      "record signatures")) == 0 &&
	    (rc = lend__id(&id, db, "sign", LEND__ENTITY_LOAN, loan)) == 0)
		rc = lend__loan_sign(db, actor, id, loan, at, NULL);
	return lend__txn_end(db, rc);
}

