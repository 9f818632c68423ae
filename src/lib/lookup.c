/*
 * Lookups: from the names people type (a member code, a tag) to row ids.
 * lend__find() is the one finder, quiet when there is no such record;
 * lend__id() adds the "not found" message every caller would otherwise
 * write again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Refs and tags are kept in upper case and typed in any (issue 15), and
 * the number of a ref may come without its leading zeros: B-12 is
 * B-000012.  Other keys (member codes, user names) are kept as given. */
static const struct {
	char prefix;
	int digits;
} widths[] = { { 'B', 6 }, { 'L', 6 }, { 'H', 6 }, { 'C', 4 } };

void lend__tag_normal(char *out, size_t size, const char *key)
{
	size_t i, n = strlen(key);

	if (n >= size) {
		snprintf(out, size, "%s", "");
		return;
	}
	for (i = 0; i <= n; i++)
		out[i] = key[i] >= 'a' && key[i] <= 'z'
		         ? (char)(key[i] - 'a' + 'A') : key[i];
}

void lend__ref_normal(char *out, size_t size, const char *key)
{
	size_t i, n = strlen(key), d;

	lend__tag_normal(out, size, key);
	if (n >= size || n < 3 || out[1] != '-' || n - 2 > 6)
		return;
	for (d = 2; d < n; d++)
		if (out[d] < '0' || out[d] > '9')
			return;
	for (i = 0; i < LEND__NELEM(widths); i++)
		if (widths[i].prefix == out[0] &&
		    (int)(n - 2) < widths[i].digits &&
		    (size_t)widths[i].digits + 3 <= size)
			snprintf(out + 2, size - 2, "%0*lld", widths[i].digits,
			         strtoll(key + 2, NULL, 10));
}

static int is_ref(enum lend__entity e)
{
	return e == LEND__ENTITY_DEVICE || e == LEND__ENTITY_BORROWER ||
	       e == LEND__ENTITY_CHAMPION || e == LEND__ENTITY_LOAN ||
	       e == LEND__ENTITY_HOLD;
}

int lend__find(int64_t *out, lend_db *db, enum lend__entity e,
               const char *key)
{
	const char *sql = lend__find_sql(e);
	char norm[LEND__REF_MAX];
	int rc;

	if (!sql || !key)
		return LEND_ENOTFOUND;
	if (e == LEND__ENTITY_DEVICE) {
		lend__tag_normal(norm, sizeof(norm), key);
		key = norm;
	} else if (is_ref(e)) {
		lend__ref_normal(norm, sizeof(norm), key);
		key = norm;
	}
	if (lend__scope_is_scoped(e))
		return lend__scope_find(out, db, e, key);
	if (lend__memo_get(out, db, sql, key))
		return 0;
	rc = lend__query_int(out, db, sql, LEND__ARGS(LEND__T(key)));
	if (rc == 0)
		lend__memo_put(db, sql, key, *out);
	return rc;
}

/* NAME, a WHAT, refused as missing: the same words whether it is or
 * is out of the caller's scope. */
static int not_found(lend_db *db, const char *concern, const char *what,
                     const char *name)
{
	char key[48];

	return lend__fail(db, LEND_ENOTFOUND, lend__key(key, sizeof(key),
	                  "lookup.", what, "_not_found"), "concern", concern,
	                  "name", lend__is_text(name) ? name : "?", NULL);
}

int lend__id(int64_t *out, lend_db *db, const char *concern,
             enum lend__entity e, const char *name)
{
	const char *what = lend__entity_name(e);
	char key[48];
	int rc;

	if (!name || !*name)
		return lend__fail(db, LEND_EINVAL, lend__key(key, sizeof(key),
		                  "lookup.", what, "_required"), "concern",
		                  concern, NULL);
	rc = lend__find(out, db, e, name);
	if (rc == LEND_ENOTFOUND)
		return not_found(db, concern, what, name);
	return rc;
}

/* The kinds of record whose names are refs or tags, by WHAT. */
static int names_ref(const char *what)
{
	static const char *const refs[] = { "device", "borrower", "champion",
	                                    "loan", "hold", "kit" };
	size_t i;

	for (i = 0; i < LEND__NELEM(refs); i++)
		if (strcmp(what, refs[i]) == 0)
			return 1;
	return 0;
}

static int show(lend_rows **out, lend_db *db, const char *sql,
                const char *concern, const char *what, const char *key,
                const lend__scope *scope)
{
	lend_rows *r = NULL;
	char norm[LEND__REF_MAX];
	int rc;

	if (!key)
		key = "";
	if (strcmp(what, "device") == 0 || strcmp(what, "kit") == 0)
		lend__tag_normal(norm, sizeof(norm), key);
	else
		lend__ref_normal(norm, sizeof(norm), key);
	if ((rc = scope
	     ? lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(norm),
	                        LEND__SCOPE_ARGS(scope)))
	     : lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(
	                        names_ref(what) ? norm : key)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return not_found(db, concern, what, key);
	}
	*out = r;
	return 0;
}

int lend__show(lend_rows **out, lend_db *db, const char *sql,
               const char *concern, const char *what, const char *key)
{
	lend__reset(db);
	return show(out, db, sql, concern, what, key, NULL);
}

int lend__show_scoped(lend_rows **out, lend_db *db, const char *sql,
                      const char *concern, const char *what, const char *key)
{
	lend__scope s;
	int rc;

	lend__reset(db);
	if ((rc = lend__scope_get(&s, db, concern)))
		return rc;
	return show(out, db, sql, concern, what, key, &s);
}

int lend__must_be_new(lend_db *db, enum lend__entity e, const char *concern,
                      const char *field, const char *value)
{
	int64_t id;
	char key[48];
	int rc = lend__find(&id, db, e, value);

	if (rc == 0)
		return lend__fail(db, LEND_EEXISTS, lend__key(key, sizeof(key),
		                  "lookup.", lend__entity_name(e), "_exists"),
		                  "concern", concern, "field", field, "value",
		                  value, NULL);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

/* The counter only moves forward, so a number is never handed out twice,
 * and a reference someone gave by hand is stepped over, not clashed with. */
static const char next_sql[] = "SELECT next FROM counter WHERE name = ?";

int lend__allocate_ahead(lend_db *db, const char *counter)
{
	return lend__read_ahead(db, next_sql, LEND__ARGS(LEND__T(counter)));
}

int lend__allocate(char *out, size_t size, lend_db *db, const char *counter,
                   const char *prefix, int digits, const char *exists_sql)
{
	static const char bump_sql[] =
		"UPDATE counter SET next = ? WHERE name = ?";
	int64_t next, id;
	int rc;

	if ((rc = lend__query_int(&next, db, next_sql,
	                          LEND__ARGS(LEND__T(counter)))))
		return rc == LEND_ENOTFOUND
			? lend__fail(db, LEND_EDB, "database.no_counter",
			             "counter", counter, NULL) : rc;
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
	/* Nothing reads what the bump did: it can go with what comes next. */
	return lend__exec_later(db, bump_sql, LEND__ARGS(LEND__I(next + 1),
	                                                 LEND__T(counter)));
}
