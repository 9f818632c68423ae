/*
 * Champions: the volunteers who support borrowers.  Who supports whom is
 * support.c's, the contacts they log session.c's.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The borrowers champion C supports now, of those the caller sees (issue
 * 15): a join placed after every other parameter, for LEND__SCOPE(). */
#define CURRENT_BORROWERS \
	"LEFT JOIN (SELECT x.champion_id, group_concat(x.ref, ',') " \
	" AS borrowers FROM (SELECT s.champion_id, b.ref FROM support s " \
	" JOIN borrower b ON b.id = s.borrower_id WHERE s.ends_on IS NULL " \
	" AND " LEND__SCOPE("b") " ORDER BY s.champion_id, b.ref) x " \
	" GROUP BY x.champion_id) cb ON cb.champion_id = c.id "

static int check_languages(lend_db *db, const char *list)
{
	char code[8];
	const char *p = list, *comma;
	size_t n;

	if (!list || !*list)
		return 0;
	for (;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n >= sizeof(code))
			n = sizeof(code) - 1;
		memcpy(code, p, n);
		code[n] = '\0';
		if (!lend__is_language(code))
			return lend__fail(db, LEND_EINVAL, "champion.language",
			                  "language", lend__is_text(code) ?
			                  code : "?", NULL);
		if (!comma)
			return 0;
	}
}

int lend__champion_insert(char *out, size_t size, lend_db *db,
                          int64_t actor, const char *ref,
                          const lend_champion_spec *spec)
{
	static const char sql[] =
		"INSERT INTO champion (ref, member_id, name, phone, email, "
		"languages, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t member, id;
	int rc;

	if ((rc = lend__resolve_at(db, "champion", now, spec->at)) ||
	    (rc = lend__check_text(db, "champion", "name", spec->name, 1)) ||
	    (rc = lend__check_phone(db, "champion", "phone", spec->phone)) ||
	    (rc = lend__check_email(db, "champion", spec->email)) ||
	    (rc = check_languages(db, spec->languages)) ||
	    (rc = lend__id(&member, db, "champion", LEND__ENTITY_MEMBER, spec->member)))
		return rc;
	if (ref) {
		if ((rc = lend__check_code(db, "champion", "ref", ref, 32)))
			return rc;
		lend__ref_normal(out, size, ref);
		if ((rc = lend__must_be_new(db, LEND__ENTITY_CHAMPION,
		                            "champion", "ref", out)))
			return rc;
	} else if ((rc = lend__allocate(out, size, db, "champion", "C", 4,
	                         lend__find_sql(LEND__ENTITY_CHAMPION)))) {
		return rc;
	}
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(out),
	                       LEND__I(member), LEND__T(spec->name),
	                       LEND__T(spec->phone && *spec->phone ?
	                               spec->phone : NULL),
	                       LEND__T(spec->email && *spec->email ?
	                               spec->email : NULL),
	                       LEND__T(spec->languages && *spec->languages ?
	                               spec->languages : NULL),
	                       LEND__T(now)))))
		return rc;
	return lend__event(db, now, actor, LEND__ENTITY_CHAMPION, id, "create",
	                   NULL, NULL);
}

int lend_champion_add(char **out, lend_db *db,
                      const lend_champion_spec *spec)
{
	char ref[32];
	int64_t actor;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "champion", spec->user ? LEND__ADMIN
	                      : LEND__ADMIN | LEND__STAFF, spec->user
	                      ? "add champions with a login"
	                      : "add champions")) == 0 &&
	    (rc = lend__champion_insert(ref, sizeof(ref), db, actor, NULL,
	                                spec)) == 0 && spec->user) {
		lend_user_spec u = { 0 };

		u.name = spec->user;
		u.role = "champion";
		u.champion = ref;
		rc = lend__user_insert(db, actor, &u);
	}
	return lend__txn_end_copy(db, rc, out, ref);
}

int lend_champion_list(lend_rows **out, lend_db *db)
{
	static const char sql[] =
		"SELECT c.ref, c.name, m.code AS member, c.phone, c.email, "
		"c.languages, cb.borrowers "
		"FROM champion c JOIN member m ON m.id = c.member_id "
		CURRENT_BORROWERS "ORDER BY c.ref";
	lend__scope s;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = lend__scope_get(&s, db, "champion")))
		return rc;
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__SCOPE_ARGS(&s)));
}

int lend_champion_show(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT c.ref, c.name, m.code AS member, c.phone, c.email, "
		"c.languages, c.created_at, cb.borrowers, "
		"(SELECT count(*) FROM support_session x "
		" WHERE x.champion_id = c.id) AS sessions, "
		"(SELECT coalesce(sum(x.minutes), 0) FROM support_session x "
		" WHERE x.champion_id = c.id) AS minutes "
		"FROM champion c JOIN member m ON m.id = c.member_id "
		"AND c.ref = ? " CURRENT_BORROWERS;

	assert(db);
	return lend__show_scoped(out, db, sql, "champion", "champion", ref);
}
