/*
 * Sites: the places where devices are kept and handed over.  Their address
 * and opening hours are printed on loan slips, so they are kept current.
 */
#include <assert.h>
#include <string.h>

#include "internal.h"

#define SITE_SELECT \
	"SELECT s.code, m.code AS member, s.name, s.address, s.hours, " \
	"s.phone, " \
	"(SELECT count(*) FROM device d WHERE d.site_id = s.id) AS devices, " \
	"s.created_at FROM site s JOIN member m ON m.id = s.member_id "

static int check_site(lend_db *db, const lend_site_spec *s, int adding)
{
	int rc;

	if (adding && (rc = lend__check_code(db, "site", "code", s->code, 16)))
		return rc;
	if ((adding || s->name) &&
	    (rc = lend__check_text(db, "site", "name", s->name, 1)))
		return rc;
	if ((rc = lend__check_text(db, "site", "address", s->address, 0)) ||
	    (rc = lend__check_text(db, "site", "hours", s->hours, 0)) ||
	    (rc = lend__check_text(db, "site", "phone", s->phone, 0)))
		return rc;
	return 0;
}

int lend_site_add(lend_db *db, const lend_site_spec *spec)
{
	static const char sql[] =
		"INSERT INTO site (code, member_id, name, address, hours, "
		"created_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t actor, member, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "site", LEND__ADMIN, "add sites")) ||
	    (rc = check_site(db, spec, 1)) ||
	    (rc = lend__id(&member, db, "site", LEND__ENTITY_MEMBER, spec->member)))
		goto done;
	if ((rc = lend__must_be_new(db, LEND__ENTITY_SITE,
	                            "site", "code", spec->code)))
		goto done;
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(spec->code),
	                       LEND__I(member), LEND__T(spec->name),
	                       LEND__T(spec->address && *spec->address ?
	                               spec->address : NULL),
	                       LEND__T(spec->hours && *spec->hours ?
	                               spec->hours : NULL),
	                       LEND__T(now),
	                       LEND__T(spec->phone && *spec->phone ?
	                               spec->phone : NULL)))))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_SITE, id, "create", NULL,
	                 NULL);
done:
	return lend__txn_end(db, rc);
}

int lend_site_edit(lend_db *db, const char *code,
                   const lend_site_spec *changes)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	int64_t actor, id, member;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "site", LEND__ADMIN, "edit sites")) ||
	    (rc = lend__id(&id, db, "site", LEND__ENTITY_SITE, code)) ||
	    (rc = check_site(db, changes, 0)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_SITE, id)))
		goto done;
	if (changes->code) {
		rc = lend__fail(db, LEND_EINVAL, "site.code_fixed", NULL);
		goto done;
	}
	if (changes->member) {
		if ((rc = lend__id(&member, db, "site", LEND__ENTITY_MEMBER, changes->member)))
			goto done;
		lend__set_add(&set, "member_id", LEND__I(member));
	}
	lend__set_text(&set, "name", changes->name);
	lend__set_text(&set, "address", changes->address);
	lend__set_text(&set, "hours", changes->hours);
	lend__set_text(&set, "phone", changes->phone);
	rc = lend__edit(db, NULL, actor, LEND__ENTITY_SITE, id, &set, old);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_site_list(lend_rows **out, lend_db *db, const char *member)
{
	int64_t id;
	int rc;

	assert(db);
	lend__reset(db);
	if (member && (rc = lend__id(&id, db, "site", LEND__ENTITY_MEMBER, member)))
		return rc;
	return lend__query_rows(out, db, SITE_SELECT
	                        "WHERE (? IS NULL OR m.code = ?) "
	                        "ORDER BY s.code",
	                        LEND__ARGS(LEND__T(member), LEND__T(member)));
}

int lend_site_show(lend_rows **out, lend_db *db, const char *code)
{
	assert(db);
	return lend__show(out, db, SITE_SELECT "WHERE s.code = ?", "site",
	                  "site", code);
}
