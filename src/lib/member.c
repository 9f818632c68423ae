/*
 * Members: the organisations of the consortium, which own devices, employ
 * staff and champions, and refer borrowers.
 */
#include <assert.h>

#include "internal.h"

#define MEMBER_SELECT \
	"SELECT m.code, m.name, " \
	"(SELECT count(*) FROM site s WHERE s.member_id = m.id) AS sites, " \
	"(SELECT count(*) FROM device d WHERE d.member_id = m.id) AS devices, " \
	"m.created_at, m.phone FROM member m "

int lend_member_add(lend_db *db, const char *code, const char *name)
{
	return lend_member_add_phone(db, code, name, NULL);
}

int lend_member_add_phone(lend_db *db, const char *code, const char *name,
                          const char *phone)
{
	static const char sql[] = "INSERT INTO member (code, name, created_at, "
	                          "phone) VALUES (?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t actor, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "member", LEND__ADMIN,
	                      "add members")) ||
	    (rc = lend__check_code(db, "member", "code", code, 16)) ||
	    (rc = lend__check_text(db, "member", "name", name, 1)) ||
	    (rc = lend__check_text(db, "member", "phone", phone, 0)))
		goto done;
	if ((rc = lend__must_be_new(db, LEND__ENTITY_MEMBER,
	                            "member", "code", code)))
		goto done;
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(code),
	                       LEND__T(name), LEND__T(now),
	                       LEND__T(phone && *phone ? phone : NULL)))))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_MEMBER, id, "create", NULL,
	                 NULL);
done:
	return lend__txn_end(db, rc);
}

int lend_member_edit(lend_db *db, const char *code, const char *name,
                     const char *phone)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "member", LEND__ADMIN,
	                      "edit members")) ||
	    (rc = lend__id(&id, db, "member", LEND__ENTITY_MEMBER, code)) ||
	    (name && (rc = lend__check_text(db, "member", "name", name, 1))) ||
	    (rc = lend__check_text(db, "member", "phone", phone, 0)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_MEMBER, id)))
		goto done;
	if (name)
		lend__set_add(&set, "name", LEND__T(name));
	lend__set_text(&set, "phone", phone);
	rc = lend__edit(db, NULL, actor, LEND__ENTITY_MEMBER, id, &set, old);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_member_list(lend_rows **out, lend_db *db)
{
	assert(db);
	lend__reset(db);
	return lend__query_rows(out, db, MEMBER_SELECT "ORDER BY m.code",
	                        LEND__NO_ARGS);
}

int lend_member_show(lend_rows **out, lend_db *db, const char *code)
{
	assert(db);
	return lend__show(out, db, MEMBER_SELECT "WHERE m.code = ?", "member",
	                  "member", code);
}
