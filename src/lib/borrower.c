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
		return lend__fail(db, LEND_EINVAL, "borrower.no_postcode",
		                  NULL);
	if (lend__postcode_district(district, &whole, b->postcode) != 0)
		return lend__fail(db, LEND_EINVAL, "borrower.bad_postcode",
		                  "postcode", lend__is_text(b->postcode)
		                  ? b->postcode : "?", NULL);
	if (whole)
		lend__note(db, "borrower.postcode_cut", "district", district,
		           NULL);
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
		"consent_by, consent_terms, notes, created_at, name_folded) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	char district[5], at[LEND__TIME_LEN];
	char *terms = NULL, *folded = NULL;
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
		if ((rc = lend__check_code(db, "borrower", "ref", ref, 32)))
			goto done;
		lend__ref_normal(out, size, ref);
		if ((rc = lend__must_be_new(db, LEND__ENTITY_BORROWER,
		                            "borrower", "ref", out)))
			goto done;
	} else if ((rc = lend__allocate(out, size, db, "borrower", "B", 6,
	                         lend__find_sql(LEND__ENTITY_BORROWER)))) {
		goto done;
	}
	if (!(folded = lend__fold(spec->name))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(out),
	                       LEND__T(spec->name), opt(spec->phone),
	                       opt(spec->email), LEND__T(district),
	                       LEND__I(member), opt(spec->language),
	                       LEND__T(when), when ? LEND__I(actor) : LEND__NUL,
	                       LEND__T(when ? (terms_given ? terms_given : terms)
	                                    : NULL),
	                       opt(spec->notes), LEND__T(at),
	                       LEND__T(folded)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_BORROWER, id, "create", NULL,
	                 NULL);
done:
	free(folded);
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
	return lend__fail(db, LEND_ECONFLICT, "borrower.erased", "borrower",
	                  ref, "on", when, NULL);
}

int lend_borrower_edit(lend_db *db, const char *ref,
                       const lend_borrower_spec *changes)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	char district[5], at[LEND__TIME_LEN], *terms = NULL, *folded = NULL;
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
	if (changes->name && !(folded = lend__fold(changes->name))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	lend__set_text(&set, "name_folded", folded);
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
		rc = lend__fail(db, LEND_EINVAL, "borrower.no_change", NULL);
		goto done;
	}
	rc = lend__edit(db, at, actor, LEND__ENTITY_BORROWER, id, &set, old);
done:
	free(folded);
	free(terms);
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

/* The patterns of a search for Q: its folded text anywhere in the name,
 * its digits anywhere in the phone, Q anywhere in the email (all LIKE
 * patterns with '\\' escaping), and Q as a postcode district and a ref. */
typedef struct search {
	char *name, *phone, *email, *district, *ref;
} search;

static char *like_pattern(const char *s, int digits_only)
{
	lend__buf b = { 0 };

	lend__buf_str(&b, "%");
	for (; *s; s++) {
		if (digits_only && (*s < '0' || *s > '9'))
			continue;
		if (*s == '%' || *s == '_' || *s == '\\')
			lend__buf_add(&b, "\\", 1);
		lend__buf_add(&b, s, 1);
	}
	lend__buf_str(&b, "%");
	return lend__buf_take(&b);
}

static int search_make(search *q, lend_db *db, const char *text)
{
	char *folded = lend__fold(text);
	size_t n = strlen(text);

	memset(q, 0, sizeof(*q));
	q->name = folded ? like_pattern(folded, 0) : NULL;
	q->phone = like_pattern(text, 1);
	q->email = folded ? like_pattern(folded, 0) : NULL;
	q->district = malloc(n + 1);
	q->ref = malloc(LEND__REF_MAX);
	free(folded);
	if (!q->name || !q->phone || !q->email || !q->district || !q->ref)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	lend__tag_normal(q->district, n + 1, text);
	lend__ref_normal(q->ref, LEND__REF_MAX, text);
	/* Fewer than three digits would match most phones. */
	if (strlen(q->phone) < 5)
		q->phone[0] = '\0';
	return 0;
}

static void search_free(search *q)
{
	free(q->name);
	free(q->phone);
	free(q->email);
	free(q->district);
	free(q->ref);
}

int lend_borrower_list(lend_rows **out, lend_db *db, const char *query)
{
	static const char sql[] =
		"SELECT b.ref, b.name, b.postcode_district, m.code AS member, "
		"b.language, (SELECT c.ref FROM support s JOIN champion c "
		"ON c.id = s.champion_id WHERE s.borrower_id = b.id "
		"AND s.ends_on IS NULL) AS champion " BORROWER_FROM
		"WHERE (?1 = 0 OR b.ref = ?2 OR b.name_folded LIKE ?3 ESCAPE '\\' "
		"OR replace(replace(b.phone, ' ', ''), '+44', '0') LIKE ?4 "
		"ESCAPE '\\' OR lower(b.email) LIKE ?5 ESCAPE '\\' "
		"OR b.postcode_district = ?6) AND " LEND__SCOPE("b")
		"ORDER BY b.ref";
	search q = { 0 };
	lend__scope scope;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = lend__scope_get(&scope, db, "borrower")) ||
	    (query && (rc = search_make(&q, db, query))))
		goto done;
	rc = lend__query_rows(out, db, sql, LEND__ARGS(LEND__I(query != NULL),
	                      LEND__T(q.ref), LEND__T(q.name), LEND__T(q.phone),
	                      LEND__T(q.email), LEND__T(q.district),
	                      LEND__SCOPE_ARGS(&scope)));
done:
	search_free(&q);
	return rc;
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
		BORROWER_FROM "WHERE b.ref = ? AND " LEND__SCOPE("b");

	assert(db);
	return lend__show_scoped(out, db, sql, "borrower", "borrower", ref);
}
