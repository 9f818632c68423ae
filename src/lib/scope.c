/*
 * Scope: which borrowers the acting user sees and acts on (DESIGN.md, "Who
 * sees whom").  One predicate, LEND__SCOPE() in internal.h, is SQL that
 * every query reading or taking a borrower joins, so that lists filter in
 * the database; here are its parameters, the finders of the records that
 * belong to a borrower (a loan, a hold), the record of a card scanned at a
 * desk, and the check that staff change only their own member's devices.
 * A record out of scope is answered exactly as a missing one.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int lend__scope_get(lend__scope *out, lend_db *db, const char *concern)
{
	const char *name = lend__actor_name(db);
	char now[LEND__TIME_LEN];
	const lend_rows *r = NULL;
	lend_rows *own = NULL;
	const char *v;
	int rc;

	/* Fail closed: nobody reads personal data. */
	if (!name)
		return lend__fail(db, LEND_EDENIED, "scope.no_user", "concern",
		                  concern, NULL);
	if ((rc = lend__actor_row(&r, &own, db, name)))
		return rc;
	if (lend_rows_count(r) == 0)
		rc = lend__fail(db, LEND_EDENIED, "scope.user_not_found",
		                "concern", concern, "user", name, NULL);
	else if (strcmp(lend_rows_get(r, 0, "disabled"), "0") != 0)
		rc = lend__fail(db, LEND_EDENIED, "user.actor_disabled",
		                "concern", concern, "user", name, NULL);
	if (rc)
		goto done;
	memset(out, 0, sizeof(*out));
	out->user = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
	v = lend_rows_get(r, 0, "role");
	out->role = strcmp(v, "admin") == 0 ? LEND__ADMIN
	          : strcmp(v, "staff") == 0 ? LEND__STAFF
	          : strcmp(v, "champion") == 0 ? LEND__CHAMPION : LEND__FUNDER;
	if ((v = lend_rows_get(r, 0, "member_id")))
		out->member = strtoll(v, NULL, 10);
	if ((v = lend_rows_get(r, 0, "champion_id")))
		out->champion = strtoll(v, NULL, 10);
	lend__now(now);
	memcpy(out->today, now, 10);
	out->today[10] = '\0';
done:
	lend_rows_free(own);
	return rc;
}

/* The finders of the records a borrower owns, each through the predicate:
 * the same text for every key, so the statement cache keeps them. */
static const char *scoped_sql(enum lend__entity e)
{
	static const char borrower[] =
		"SELECT b.id FROM borrower b WHERE b.ref = ? AND "
		LEND__SCOPE("b");
	static const char loan[] =
		"SELECT l.id FROM loan l JOIN borrower b ON b.id = l.borrower_id "
		"WHERE l.ref = ? AND " LEND__SCOPE("b");
	static const char hold[] =
		"SELECT h.id FROM hold h JOIN borrower b ON b.id = h.borrower_id "
		"WHERE h.ref = ? AND " LEND__SCOPE("b");

	switch (e) {
	case LEND__ENTITY_BORROWER: return borrower;
	case LEND__ENTITY_LOAN: return loan;
	case LEND__ENTITY_HOLD: return hold;
	default: return NULL;
	}
}

int lend__scope_find(int64_t *out, lend_db *db, enum lend__entity e,
                     const char *key)
{
	const char *sql = scoped_sql(e);
	lend__scope s;
	int rc;

	if (!sql)
		return LEND_ENOTFOUND;
	if ((rc = lend__scope_get(&s, db, lend__entity_name(e))))
		return rc;
	return lend__query_int(out, db, sql,
	                       LEND__ARGS(LEND__T(key), LEND__SCOPE_ARGS(&s)));
}

void lend__scope_or_nobody(lend__scope *out, lend_db *db)
{
	char now[LEND__TIME_LEN];

	if (lend__scope_get(out, db, "scope") != 0) {
		lend__error_clear(db);
		memset(out, 0, sizeof(*out));
		lend__now(now);
		memcpy(out->today, now, 10);
		out->today[10] = '\0';
	}
}

int lend__scope_sees(lend_db *db, const char *ref)
{
	int64_t id;
	int rc;

	if (!ref || !*ref)
		return 0;
	rc = lend__scope_find(&id, db, LEND__ENTITY_BORROWER, ref);
	if (rc != 0)
		lend__error_clear(db);
	return rc == 0;
}

int lend__scope_is_scoped(enum lend__entity e)
{
	return scoped_sql(e) != NULL;
}

int lend__scope_card(lend_db *db, const char *ref)
{
	static const char find_sql[] =
		"SELECT id FROM borrower WHERE ref = ?";
	static const char seen_sql[] =
		"SELECT id FROM card_scan WHERE borrower_id = ? AND user_id = ? "
		"AND scanned_on = ?";
	static const char add_sql[] =
		"INSERT INTO card_scan (borrower_id, user_id, scanned_on) "
		"VALUES (?, ?, ?)";
	char key[LEND__REF_MAX];
	lend__scope s;
	int64_t b, seen;
	int rc;

	if (lend__scope_get(&s, db, "scan") != 0 || s.role != LEND__STAFF) {
		lend__error_clear(db);
		return 0;
	}
	lend__ref_normal(key, sizeof(key), ref);
	if ((rc = lend__query_int(&b, db, find_sql, LEND__ARGS(LEND__T(key)))))
		return rc == LEND_ENOTFOUND ? 0 : rc;
	rc = lend__query_int(&seen, db, seen_sql, LEND__ARGS(LEND__I(b),
	                     LEND__I(s.user), LEND__T(s.today)));
	if (rc != LEND_ENOTFOUND)
		return rc;
	return lend__exec(db, add_sql, LEND__ARGS(LEND__I(b), LEND__I(s.user),
	                                          LEND__T(s.today)));
}

int lend__scope_device(lend_db *db, const char *concern, int64_t device,
                       const char *tag, const char *what)
{
	static const char sql[] =
		"SELECT d.member_id FROM device d WHERE d.id = ?";
	lend__scope s;
	int64_t member;
	char key[48];
	int rc;

	if ((rc = lend__scope_get(&s, db, concern)))
		return rc;
	if (s.role != LEND__STAFF)
		return 0;
	if ((rc = lend__query_int(&member, db, sql, LEND__ARGS(LEND__I(device)))))
		return rc;
	if (member != s.member)
		return lend__fail(db, LEND_EDENIED, lend__key(key, sizeof(key),
		                  "scope.device_", what, ""), "concern",
		                  concern, "tag", tag, NULL);
	return 0;
}

int lend__scope_site(lend_db *db, const lend__scope *s, const char *concern,
                     int64_t site)
{
	static const char sql[] =
		"SELECT member_id, code FROM site WHERE id = ?";
	lend_rows *r = NULL;
	int rc;

	if (s->role != LEND__STAFF)
		return 0;
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__I(site)))))
		return rc;
	if (lend_rows_count(r) == 1 &&
	    strtoll(lend_rows_get(r, 0, "member_id"), NULL, 10) != s->member)
		rc = lend__fail(db, LEND_EDENIED, "scope.site", "concern",
		                concern,
		                "site", lend_rows_get(r, 0, "code"), NULL);
	lend_rows_free(r);
	return rc;
}

int lend__scope_loan(char *out, size_t size, lend_db *db, const char *concern,
                     const char *loan)
{
	int64_t id;
	int rc;

	lend__reset(db);
	if (!loan)
		return lend__fail(db, LEND_EINVAL, "lookup.loan_required",
		                  "concern", concern, NULL);
	rc = lend__find(&id, db, LEND__ENTITY_LOAN, loan);
	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, rc, "lookup.loan_not_found", "concern",
		                  concern, "name",
		                  lend__is_text(loan) ? loan : "?", NULL);
	if (rc == 0)
		lend__ref_normal(out, size, loan);
	return rc;
}
