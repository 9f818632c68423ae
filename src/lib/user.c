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

/* A transaction reads the row once: lend__actor and lend__scope_get both
 * ask for it, and on a server each read is a round trip. */
int lend__actor_row(const lend_rows **out, lend_rows **own, lend_db *db,
                    const char *name)
{
	static const char sql[] =
		"SELECT id, role, member_id, champion_id, disabled FROM app_user "
		"WHERE name = ?";
	lend_rows **kept = lend__txn_actor(db);
	int rc;

	*own = NULL;
	if (kept && *kept) {
		*out = *kept;
		return 0;
	}
	if ((rc = lend__query_rows(kept ? kept : own, db, sql,
	                           LEND__ARGS(LEND__T(name)))))
		return rc;
	*out = kept ? *kept : *own;
	return 0;
}

int lend__actor(int64_t *out, lend_db *db, const char *concern,
                unsigned allowed, const char *what)
{
	const char *name = lend__actor_name(db);
	const lend_rows *r = NULL;
	lend_rows *own = NULL;
	const char *role;
	int rc;

	if (!name)
		return lend__fail(db, LEND_EDENIED, "user.no_actor", "concern",
		                  concern, NULL);
	if ((rc = lend__actor_row(&r, &own, db, name)))
		return rc;
	if (lend_rows_count(r) == 0) {
		rc = lend__fail(db, LEND_EDENIED, "user.actor_not_found",
		                "concern", concern, "user", name, NULL);
		goto done;
	}
	role = lend_rows_get(r, 0, "role");
	if (strcmp(lend_rows_get(r, 0, "disabled"), "0") != 0) {
		rc = lend__fail(db, LEND_EDENIED, "user.actor_disabled",
		                "concern", concern, "user", name, NULL);
		goto done;
	}
	if (!(role_bit(role) & allowed)) {
		rc = lend__fail(db, LEND_EDENIED, role[0] == 'a' ?
		                "user.role_denied_an" : "user.role_denied",
		                "concern", concern, "user", name, "role", role,
		                "what", what, NULL);
		goto done;
	}
	*out = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
done:
	lend_rows_free(own);
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
		return lend__fail(db, LEND_EINVAL, "user.member_needed", "role",
		                  role, NULL);
	*out = 0;
	return 0;
}

/* A full name, when given: text a document can print. */
static int check_full_name(lend_db *db, const char *full_name)
{
	if (full_name && (!*full_name || !lend__is_text(full_name) ||
	                  strlen(full_name) > 200))
		return lend__fail(db, LEND_EINVAL, "user.full_name", "name",
		                  lend__is_text(full_name) ? full_name : "?",
		                  NULL);
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
			return lend__fail(db, LEND_EINVAL,
			                  "user.champion_role", NULL);
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
		rc = lend__fail(db, LEND_EEXISTS, "user.champion_taken",
		                "champion", spec->champion, "user",
		                lend_rows_get(r, 0, "login"), NULL);
	else if (*member && *member != strtoll(lend_rows_get(r, 0, "member_id"),
	                                       NULL, 10))
		rc = lend__fail(db, LEND_EINVAL, "user.champion_member",
		                "champion", spec->champion, NULL);
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
		return lend__fail(db, LEND_EINVAL, "user.no_role", NULL);
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

/* Whether NAME is the one enabled admin: someone must stay able to
 * manage the users. */
static int is_last_admin(int *out, lend_db *db, const char *name)
{
	static const char sql[] =
		"SELECT count(*) FROM app_user WHERE role = 'admin' "
		"AND disabled = 0 AND name <> ?";
	static const char self_sql[] =
		"SELECT count(*) FROM app_user WHERE role = 'admin' "
		"AND disabled = 0 AND name = ?";
	int64_t others = 0, self = 0;
	int rc;

	if ((rc = lend__query_int(&others, db, sql,
	                          LEND__ARGS(LEND__T(name)))) ||
	    (rc = lend__query_int(&self, db, self_sql,
	                          LEND__ARGS(LEND__T(name)))))
		return rc;
	*out = others == 0 && self == 1;
	return 0;
}

static int check_not_last_admin(lend_db *db, const char *name,
                                const char *new_role)
{
	int last = 0, rc;

	if (strcmp(new_role, "admin") == 0)
		return 0;
	if ((rc = is_last_admin(&last, db, name)))
		return rc;
	if (last)
		return lend__fail(db, LEND_ECONFLICT, "user.last_admin",
		                  "user", name, NULL);
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
		rc = lend__fail(db, LEND_EINVAL, "user.rename", NULL);
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
	"u.created_at, c.ref AS champion, u.disabled, " \
	"CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password " \
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

int lend_user_disable(lend_db *db, const char *name, int disabled)
{
	static const char sql[] =
		"UPDATE app_user SET disabled = ? WHERE id = ?";
	lend_rows *old = NULL;
	int64_t actor, id;
	int rc, last = 0;

	assert(db);
	disabled = disabled != 0;
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "user", LEND__ADMIN,
	                      "disable users")) ||
	    (rc = lend__id(&id, db, "user", LEND__ENTITY_USER, name)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_USER, id)) ||
	    (disabled && (rc = is_last_admin(&last, db, name))))
		goto done;
	if (last) {
		rc = lend__fail(db, LEND_ECONFLICT, "user.last_admin_disable",
		                "user", name, NULL);
		goto done;
	}
	if (strtol(lend_rows_get(old, 0, "disabled"), NULL, 10) == disabled)
		goto done;
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__I(disabled),
	                                         LEND__I(id)))) ||
	    (disabled && (rc = lend__login_end_all(db, id))))
		goto done;
	rc = lend__event(db, NULL, actor, LEND__ENTITY_USER, id,
	                 disabled ? "disable" : "enable", old, NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}
