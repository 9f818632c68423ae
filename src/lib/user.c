/*
 * Users: staff logins, their roles, and the check that the acting user may
 * make a change before the change is made.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const roles[] = { "admin", "staff", "champion", "funder",
                                     NULL };

static unsigned role_bit(const char *role)
{
	size_t i;

	for (i = 0; roles[i]; i++)
		if (strcmp(roles[i], role) == 0)
			return 1u << i;
	return 0;
}

int lend__actor(int64_t *out, lend_db *db, const char *concern,
                unsigned allowed, const char *what)
{
	static const char sql[] =
		"SELECT id, role FROM app_user WHERE name = ?";
	const char *name = lend__actor_name(db);
	lend_rows *r = NULL;
	const char *role;
	int rc;

	if (!name)
		return lend__error(db, LEND_EDENIED, "%s: no acting user (give "
		                   "--as USER or set LEND_USER)", concern);
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(name)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		rc = lend__error(db, LEND_EDENIED, "%s: acting user '%s' not "
		                 "found", concern, name);
		goto done;
	}
	role = lend_rows_get(r, 0, "role");
	if (!(role_bit(role) & allowed)) {
		rc = lend__error(db, LEND_EDENIED, "%s: user '%s' is %s %s and "
		                 "may not %s", concern, name,
		                 role[0] == 'a' ? "an" : "a", role, what);
		goto done;
	}
	*out = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
done:
	lend_rows_free(r);
	return rc;
}

/* The member a user of ROLE belongs to: required for staff and champions,
 * who act for one organisation; optional for the coordinator and funders. */
static int user_member(int64_t *out, lend_db *db, const char *role,
                       const char *member)
{
	if (member && *member)
		return lend__id(out, db, "user", LEND__ENTITY_MEMBER, member);
	if (strcmp(role, "staff") == 0 || strcmp(role, "champion") == 0)
		return lend__error(db, LEND_EINVAL, "user: a %s needs a member "
		                   "(--member CODE)", role);
	*out = 0;
	return 0;
}

/* A full name, when given: text a document can print. */
static int check_full_name(lend_db *db, const char *full_name)
{
	if (full_name && (!*full_name || !lend__is_text(full_name) ||
	                  strlen(full_name) > 200))
		return lend__error(db, LEND_EINVAL, "user: full name '%s' must be "
		                   "1 to 200 characters of text",
		                   lend__is_text(full_name) ? full_name : "?");
	return 0;
}

/* A champion user logs in as one champion record (issue 15), whose
 * member is theirs; one login per champion. */
static int user_champion(int64_t *out, int64_t *member, lend_db *db,
                         const lend_user_spec *spec)
{
	static const char sql[] =
		"SELECT c.member_id, (SELECT u.name FROM app_user u "
		"WHERE u.champion_id = c.id) AS login FROM champion c "
		"WHERE c.id = ?";
	lend_rows *r = NULL;
	int rc;

	*out = 0;
	if (strcmp(spec->role, "champion") != 0) {
		if (spec->champion)
			return lend__error(db, LEND_EINVAL, "user: only a "
			                   "champion user has a champion record");
		return 0;
	}
	/* Without one, the user sees no borrower until it is given. */
	if (!spec->champion)
		return 0;
	if ((rc = lend__id(out, db, "user", LEND__ENTITY_CHAMPION,
	                   spec->champion)) ||
	    (rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__I(*out)))))
		return rc;
	if (lend_rows_get(r, 0, "login"))
		rc = lend__error(db, LEND_EEXISTS, "user: champion '%s' already "
		                 "logs in as '%s'", spec->champion,
		                 lend_rows_get(r, 0, "login"));
	else if (*member && *member != strtoll(lend_rows_get(r, 0, "member_id"),
	                                       NULL, 10))
		rc = lend__error(db, LEND_EINVAL, "user: champion '%s' belongs "
		                 "to another member", spec->champion);
	else
		*member = strtoll(lend_rows_get(r, 0, "member_id"), NULL, 10);
	lend_rows_free(r);
	return rc;
}

int lend__user_insert(lend_db *db, int64_t actor, const lend_user_spec *spec)
{
	static const char sql[] =
		"INSERT INTO app_user (name, member_id, role, created_at, "
		"full_name, champion_id) VALUES (?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t member = 0, champion = 0, id;
	int rc;

	lend__now(now);
	if ((rc = lend__check_code(db, "user", "name", spec->name, 64)))
		return rc;
	if (!spec->role)
		return lend__error(db, LEND_EINVAL, "user: role is required");
	if ((rc = lend__check_one_of(db, "user", "role", spec->role, roles)) ||
	    (spec->member && (rc = user_member(&member, db, spec->role,
	                                       spec->member))) ||
	    (rc = user_champion(&champion, &member, db, spec)) ||
	    (!member && (rc = user_member(&member, db, spec->role, NULL))) ||
	    (rc = lend__must_be_new(db, LEND__ENTITY_USER,
	                            "user", "name", spec->name)) ||
	    (rc = check_full_name(db, spec->full_name)) ||
	    (rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(spec->name),
	                       member ? LEND__I(member) : LEND__NUL,
	                       LEND__T(spec->role), LEND__T(now),
	                       spec->full_name ? LEND__T(spec->full_name)
	                                       : LEND__NUL,
	                       champion ? LEND__I(champion) : LEND__NUL))))
		return rc;
	return lend__event(db, now, actor, LEND__ENTITY_USER, id, "create",
	                   NULL, NULL);
}

int lend_user_add(lend_db *db, const lend_user_spec *spec)
{
	int64_t actor;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "user", LEND__ADMIN, "add users")) == 0)
		rc = lend__user_insert(db, actor, spec);
	return lend__txn_end(db, rc);
}

static int check_not_last_admin(lend_db *db, const char *name,
                                const char *new_role)
{
	static const char sql[] =
		"SELECT count(*) FROM app_user WHERE role = 'admin' "
		"AND name <> ?";
	int64_t others = 0;
	int rc;

	if (strcmp(new_role, "admin") == 0)
		return 0;
	if ((rc = lend__query_int(&others, db, sql,
	                          LEND__ARGS(LEND__T(name)))) != 0)
		return rc;
	if (others == 0)
		return lend__error(db, LEND_ECONFLICT, "user: '%s' is the last "
		                   "admin and must stay one", name);
	return 0;
}

int lend_user_edit(lend_db *db, const char *name,
                   const lend_user_spec *changes)
{
	static const char sql[] =
		"UPDATE app_user SET role = ?, member_id = ?, "
		"full_name = coalesce(?, full_name) WHERE id = ?";
	lend_rows *old = NULL;
	const char *role;
	int64_t actor, id, member = 0;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "user", LEND__ADMIN, "edit users")) ||
	    (rc = lend__id(&id, db, "user", LEND__ENTITY_USER, name)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_USER, id)))
		goto done;
	if (changes->name) {
		rc = lend__error(db, LEND_EINVAL, "user: a name does not "
		                 "change; add a new user instead");
		goto done;
	}
	role = changes->role ? changes->role : lend_rows_get(old, 0, "role");
	if ((rc = lend__check_one_of(db, "user", "role", role, roles)) ||
	    (rc = check_not_last_admin(db, name, role)) ||
	    (rc = check_full_name(db, changes->full_name)))
		goto done;
	if (changes->member)
		rc = user_member(&member, db, role, changes->member);
	else if (lend_rows_get(old, 0, "member_id"))
		member = strtoll(lend_rows_get(old, 0, "member_id"), NULL, 10);
	else
		rc = user_member(&member, db, role, NULL);
	if (rc != 0)
		goto done;
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(role),
	                     member ? LEND__I(member) : LEND__NUL,
	                     changes->full_name ? LEND__T(changes->full_name)
	                                        : LEND__NUL, LEND__I(id)))))
		goto done;
	rc = lend__event(db, NULL, actor, LEND__ENTITY_USER, id, "edit", old, NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

#define USER_SELECT \
	"SELECT u.name, u.full_name, u.role, m.code AS member, " \
	"u.created_at, c.ref AS champion " \
	"FROM app_user u LEFT JOIN member m ON m.id = u.member_id " \
	"LEFT JOIN champion c ON c.id = u.champion_id "

int lend_user_list(lend_rows **out, lend_db *db)
{
	assert(db);
	lend__reset(db);
	return lend__query_rows(out, db, USER_SELECT "ORDER BY u.name",
	                        LEND__NO_ARGS);
}

int lend_user_show(lend_rows **out, lend_db *db, const char *name)
{
	assert(db);
	return lend__show(out, db, USER_SELECT "WHERE u.name = ?", "user",
	                  "user", name);
}
