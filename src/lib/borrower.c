/*
 * Borrowers: the people who borrow, with as little personal data as the
 * lending needs.  A postcode is kept as its district only, consent is
 * recorded with who took it and to which terms, and events never copy a
 * personal value (event.c).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BORROWER_COLUMNS \
	"b.ref, b.name, b.phone, b.email, b.postcode_district, " \
	"m.code AS member, b.language, b.consent_at, " \
	"u.name AS consent_by, b.consent_terms, b.notes, b.created_at, " \
	"(SELECT c.ref FROM support s JOIN champion c ON c.id = s.champion_id " \
	" WHERE s.borrower_id = b.id AND s.ends_on IS NULL) AS champion "
#define BORROWER_FROM \
	"FROM borrower b JOIN member m ON m.id = b.member_id " \
	"LEFT JOIN app_user u ON u.id = b.consent_by "

static int check_borrower(lend_db *db, const lend_borrower_spec *b,
                          int adding, char district[5])
{
	int rc, whole = 0;

	if (((adding || b->name) &&
	     (rc = lend__check_text(db, "borrower", "name", b->name, 1))) ||
	    (rc = lend__check_phone(db, "borrower", "phone", b->phone)) ||
	    (rc = lend__check_email(db, "borrower", b->email)) ||
	    (rc = lend__check_language(db, "borrower", b->language)) ||
	    (rc = lend__check_text(db, "borrower", "notes", b->notes, 0)))
		return rc;
	district[0] = '\0';
	if (!adding && !b->postcode)
		return 0;
	if (!b->postcode || !*b->postcode)
		return lend__error(db, LEND_EINVAL, "borrower: postcode district "
		                   "is required (--postcode OL11)");
	if (lend__postcode_district(district, &whole, b->postcode) != 0)
		return lend__error(db, LEND_EINVAL, "borrower: postcode '%s' is "
		                   "not a UK postcode district (like OL11, M1, "
		                   "CF10)", lend__is_text(b->postcode)
		                   ? b->postcode : "?");
	if (whole)
		lend__notice(db, "borrower: postcode cut to its district '%s'; "
		             "the whole postcode is not kept", district);
	return 0;
}

static lend__arg opt(const char *s)
{
	return s && *s ? LEND__T(s) : LEND__NUL;
}

int lend__borrower_insert(char *out, size_t size, lend_db *db,
                          int64_t actor, const char *ref,
                          const lend_borrower_spec *spec,
                          const char *consent_at, const char *terms_given)
{
	static const char sql[] =
		"INSERT INTO borrower (ref, name, phone, email, "
		"postcode_district, member_id, language, consent_at, "
		"consent_by, consent_terms, notes, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	char district[5], at[LEND__TIME_LEN];
	char *terms = NULL;
	const char *when = NULL;
	int64_t member, id;
	int rc;

	if ((rc = check_borrower(db, spec, 1, district)) ||
	    (rc = lend__id(&member, db, "borrower", LEND__ENTITY_MEMBER, spec->member)) ||
	    (rc = lend__resolve_at(db, "borrower", at, spec->at)))
		goto done;
	if (consent_at) {
		when = consent_at;
	} else if (spec->consent) {
		when = at;
		if ((rc = lend__setting_text(&terms, db, "terms.version")))
			goto done;
	}
	if (ref) {
		if ((rc = lend__check_code(db, "borrower", "ref", ref, 32)) ||
		    (rc = lend__must_be_new(db, LEND__ENTITY_BORROWER,
		                            "borrower", "ref", ref)))
			goto done;
		snprintf(out, size, "%s", ref);
	} else if ((rc = lend__allocate(out, size, db, "borrower", "B", 6,
	                         lend__find_sql(LEND__ENTITY_BORROWER)))) {
		goto done;
	}
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(out),
	                       LEND__T(spec->name), opt(spec->phone),
	                       opt(spec->email), LEND__T(district),
	                       LEND__I(member), opt(spec->language),
	                       LEND__T(when), when ? LEND__I(actor) : LEND__NUL,
	                       LEND__T(when ? (terms_given ? terms_given : terms)
	                                    : NULL),
	                       opt(spec->notes), LEND__T(at)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_BORROWER, id, "create", NULL,
	                 NULL);
done:
	free(terms);
	return rc;
}

int lend_borrower_add(char **out, lend_db *db,
                      const lend_borrower_spec *spec)
{
	char ref[32];
	int64_t actor;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION,
	                      "add borrowers")) == 0)
		rc = lend__borrower_insert(ref, sizeof(ref), db, actor, NULL, spec,
		                           NULL, NULL);
	return lend__txn_end_copy(db, rc, out, ref);
}

/* An erased borrower is given no personal data again (issue 12): what the
 * reports count (district, member, language) may still be corrected. */
static int refuse_erased(lend_db *db, const char *ref, const lend_rows *old,
                         const lend_borrower_spec *c)
{
	const char *when = lend_rows_get(old, 0, "forgotten_at");

	if (!when || !(c->name || c->phone || c->email || c->notes ||
	               c->consent))
		return 0;
	return lend__error(db, LEND_ECONFLICT, "borrower: %s was erased on %s; "
	                   "no personal data is kept about them again", ref,
	                   when);
}

int lend_borrower_edit(lend_db *db, const char *ref,
                       const lend_borrower_spec *changes)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	char district[5], at[LEND__TIME_LEN], *terms = NULL;
	int64_t actor, id, member;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION,
	                      "edit borrowers")) ||
	    (rc = lend__id(&id, db, "borrower", LEND__ENTITY_BORROWER, ref)) ||
	    (rc = check_borrower(db, changes, 0, district)) ||
	    (rc = lend__resolve_at(db, "borrower", at, changes->at)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_BORROWER, id)) ||
	    (rc = refuse_erased(db, ref, old, changes)))
		goto done;
	if (changes->member) {
		if ((rc = lend__id(&member, db, "borrower", LEND__ENTITY_MEMBER,
		                          changes->member)))
			goto done;
		lend__set_add(&set, "member_id", LEND__I(member));
	}
	lend__set_text(&set, "name", changes->name);
	lend__set_text(&set, "phone", changes->phone);
	lend__set_text(&set, "email", changes->email);
	lend__set_text(&set, "language", changes->language);
	lend__set_text(&set, "notes", changes->notes);
	if (district[0])
		lend__set_add(&set, "postcode_district", LEND__T(district));
	if (changes->consent) {
		if ((rc = lend__setting_text(&terms, db, "terms.version")))
			goto done;
		lend__set_add(&set, "consent_at", LEND__T(at));
		lend__set_add(&set, "consent_by", LEND__I(actor));
		lend__set_add(&set, "consent_terms", LEND__T(terms));
	}
	if (set.n == 0) {
		rc = lend__error(db, LEND_EINVAL, "borrower: nothing to change");
		goto done;
	}
	rc = lend__edit(db, at, actor, LEND__ENTITY_BORROWER, id, &set, old);
done:
	free(terms);
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_borrower_list(lend_rows **out, lend_db *db, const char *search)
{
	static const char sql[] =
		"SELECT b.ref, b.name, b.postcode_district, m.code AS member, "
		"b.language, (SELECT c.ref FROM support s JOIN champion c "
		"ON c.id = s.champion_id WHERE s.borrower_id = b.id "
		"AND s.ends_on IS NULL) AS champion " BORROWER_FROM
		"WHERE ?1 IS NULL OR b.ref = ?1 OR b.name LIKE '%' || ?1 || '%' "
		"ORDER BY b.ref";

	assert(db);
	lend__reset(db);
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(search)));
}

int lend_borrower_show(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT " BORROWER_COLUMNS ", "
		"(SELECT c.name FROM support s JOIN champion c "
		" ON c.id = s.champion_id WHERE s.borrower_id = b.id "
		" AND s.ends_on IS NULL) AS champion_name, "
		"(SELECT group_concat(x.ref, ',') FROM (SELECT c.ref "
		" FROM support s JOIN champion c ON c.id = s.champion_id "
		" WHERE s.borrower_id = b.id AND s.ends_on IS NOT NULL "
		" ORDER BY s.starts_on) x) AS past_champions, "
		"(SELECT group_concat(x.ref, ',') FROM (SELECT l.ref FROM loan l "
		" WHERE l.borrower_id = b.id AND l.closed_at IS NULL "
		" ORDER BY l.ref) x) AS open_loans "
		BORROWER_FROM "WHERE b.ref = ?";

	assert(db);
	return lend__show(out, db, sql, "borrower", "borrower", ref);
}
