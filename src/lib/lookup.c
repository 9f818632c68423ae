/*
 * Lookups: from the names people type (a member code, a tag) to row ids.
 * lend__find() is the one finder, quiet when there is no such record;
 * lend__id() adds the "not found" message every caller would otherwise
 * write again.
 */
#include <stdio.h>

#include "internal.h"

int lend__find(int64_t *out, lend_db *db, enum lend__entity e,
               const char *key)
{
	const char *sql = lend__find_sql(e);
	int rc;

	if (!sql || !key)
		return LEND_ENOTFOUND;
	if (lend__memo_get(out, db, sql, key))
		return 0;
	rc = lend__query_int(out, db, sql, LEND__ARGS(LEND__T(key)));
	if (rc == 0)
		lend__memo_put(db, sql, key, *out);
	return rc;
}

int lend__id(int64_t *out, lend_db *db, const char *concern,
             enum lend__entity e, const char *name)
{
	const char *what = lend__entity_name(e);
	int rc;

	if (!name || !*name)
		return lend__error(db, LEND_EINVAL, "%s: %s is required",
		                   concern, what);
	rc = lend__find(out, db, e, name);
	if (rc == LEND_ENOTFOUND)
		return lend__error(db, rc, "%s: %s '%s' not found", concern,
		                   what, lend__is_text(name) ? name : "?");
	return rc;
}

int lend__show(lend_rows **out, lend_db *db, const char *sql,
               const char *concern, const char *what, const char *key)
{
	lend_rows *r = NULL;
	int rc;

	lend__reset(db);
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(key)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return lend__error(db, LEND_ENOTFOUND, "%s: %s '%s' not found",
		                   concern, what, lend__is_text(key) ? key : "?");
	}
	*out = r;
	return 0;
}

int lend__must_be_new(lend_db *db, enum lend__entity e, const char *concern,
                      const char *field, const char *value)
{
	int64_t id;
	int rc = lend__find(&id, db, e, value);

	if (rc == 0)
		return lend__error(db, LEND_EEXISTS, "%s: %s '%s' already exists",
		                   concern, field, value);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

/* The counter only moves forward, so a number is never handed out twice,
 * and a reference someone gave by hand is stepped over, not clashed with. */
int lend__allocate(char *out, size_t size, lend_db *db, const char *counter,
                   const char *prefix, int digits, const char *exists_sql)
{
	static const char next_sql[] =
		"SELECT next FROM counter WHERE name = ?";
	static const char bump_sql[] =
		"UPDATE counter SET next = ? WHERE name = ?";
	int64_t next, id;
	int rc;

	if ((rc = lend__query_int(&next, db, next_sql,
	                          LEND__ARGS(LEND__T(counter)))))
		return rc == LEND_ENOTFOUND
			? lend__error(db, LEND_EDB, "database: no counter '%s'",
			              counter) : rc;
	for (;; next++) {
		snprintf(out, size, "%s-%0*lld", prefix, digits,
		         (long long)next);
		rc = lend__query_int(&id, db, exists_sql,
		                     LEND__ARGS(LEND__T(out)));
		if (rc == LEND_ENOTFOUND)
			break;
		if (rc != 0)
			return rc;
	}
	return lend__exec(db, bump_sql, LEND__ARGS(LEND__I(next + 1),
	                                           LEND__T(counter)));
}
