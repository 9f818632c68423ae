/*
 * Events: the append-only record of every change.  Each public call that
 * writes records its events in its own transaction, so the log and the
 * data never disagree.  An event keeps only the fields that changed, and a
 * person's personal fields as a marker instead of their value: erasing a
 * borrower then leaves the log untouched and still true (DESIGN.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PERSONAL_MARK "[personal]"

typedef struct entity {
	const char *name;           /* as recorded in event.entity */
	const char *table;
	const char *const *personal; /* NULL-terminated */
} entity;

static const char *const none[] = { NULL };
static const char *const person[] = { "name", "phone", "email", "notes",
                                      NULL };

static const entity entities[] = {
	{ "device", "device", none },
	{ "member", "member", none },
	{ "site", "site", none },
	{ "user", "app_user", none },
	{ "grant", "funding_grant", none },
	{ "borrower", "borrower", person },
	{ "champion", "champion", person },
	{ "support", "support", none },
	{ "session", "support_session", none },
	{ "loan", "loan", none },
	{ "loan_item", "loan_item", none },
	{ "hold", "hold", none },
	{ "kit_part", "kit_part", none },
};

static const entity *find_entity(const char *name)
{
	size_t i;

	for (i = 0; i < LEND__NELEM(entities); i++)
		if (strcmp(entities[i].name, name) == 0)
			return &entities[i];
	return NULL;
}

static int is_personal(const entity *e, const char *column)
{
	const char *const *p;

	for (p = e->personal; *p; p++)
		if (strcmp(*p, column) == 0)
			return 1;
	return 0;
}

int lend__snapshot(lend_rows **out, lend_db *db, const char *entity_name,
                   int64_t id)
{
	const entity *e = find_entity(entity_name);
	char sql[128];

	if (!e)
		return lend__error(db, LEND_EDB, "event: unknown entity '%s'",
		                   entity_name);
	/* The table name comes from the fixed list above, never from input. */
	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", e->table);
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__I(id)));
}

static int same_value(const lend_rows *a, const lend_rows *b, size_t col)
{
	const char *x = lend_rows_text(a, 0, col);
	const char *y = lend_rows_text(b, 0, col);

	if (!x || !y)
		return x == y;
	return lend_rows_type(a, 0, col) == lend_rows_type(b, 0, col) &&
	       strcmp(x, y) == 0;
}

static void value_json(lend__buf *b, const lend_rows *r, size_t col,
                       int personal)
{
	const char *v = lend_rows_text(r, 0, col);
	int type = lend_rows_type(r, 0, col);

	if (!v)
		lend__buf_str(b, "null");
	else if (personal)
		lend__buf_json(b, PERSONAL_MARK);
	else if (type == LEND_INTEGER || type == LEND_REAL)
		lend__buf_str(b, v);
	else
		lend__buf_json(b, v);
}

/* The changed fields of OLD (may be NULL) and NOW as two JSON objects. */
static void diff(lend__buf *before, lend__buf *after, const entity *e,
                 const lend_rows *old, const lend_rows *now)
{
	size_t c, n = lend_rows_columns(now);
	int first = 1;

	lend__buf_str(before, "{");
	lend__buf_str(after, "{");
	for (c = 0; c < n; c++) {
		const char *name = lend_rows_name(now, c);
		int personal = is_personal(e, name);

		/* changed_at moves with every change: it says nothing. */
		if (strcmp(name, "changed_at") == 0)
			continue;
		if (old ? same_value(old, now, c) : !lend_rows_text(now, 0, c))
			continue;
		if (!first) {
			lend__buf_str(before, ",");
			lend__buf_str(after, ",");
		}
		first = 0;
		lend__buf_json(before, name);
		lend__buf_str(before, ":");
		if (old)
			value_json(before, old, c, personal);
		else
			lend__buf_str(before, "null");
		lend__buf_json(after, name);
		lend__buf_str(after, ":");
		value_json(after, now, c, personal);
	}
	lend__buf_str(before, "}");
	lend__buf_str(after, "}");
}

/* Join the members of the JSON object EXTRA to the object in B. */
static void join_extra(lend__buf *b, const char *extra)
{
	size_t n = strlen(extra);

	if (n < 3)
		return;
	b->len--; /* the closing brace */
	if (b->len > 1)
		lend__buf_str(b, ",");
	lend__buf_add(b, extra + 1, n - 1);
}

int lend__event_json(lend_db *db, const char *at, int64_t actor,
                     const char *entity_name, int64_t id,
                     const char *action, const char *before,
                     const char *after)
{
	static const char sql[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, "
		"entity_id, action, before, after) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];

	lend__now(now);
	return lend__exec(db, sql, LEND__ARGS(LEND__T(at ? at : now),
	                  LEND__T(now), actor ? LEND__I(actor) : LEND__NUL,
	                  LEND__T(entity_name), id ? LEND__I(id) : LEND__NUL,
	                  LEND__T(action), LEND__T(before), LEND__T(after)));
}

int lend__event(lend_db *db, const char *at, int64_t actor,
                const char *entity_name, int64_t id, const char *action,
                const lend_rows *before, const char *extra)
{
	const entity *e = find_entity(entity_name);
	lend__buf b = { 0 }, a = { 0 };
	lend_rows *row = NULL;
	char *bs = NULL, *as = NULL;
	int rc;

	if (!e)
		return lend__error(db, LEND_EDB, "event: unknown entity '%s'",
		                   entity_name);
	if ((rc = lend__snapshot(&row, db, entity_name, id)) != 0)
		goto done;
	if (lend_rows_count(row) == 0) {
		/* Deleted in this transaction: nothing is left to compare. */
		lend__buf_str(&b, "{}");
		lend__buf_str(&a, "{}");
	} else {
		diff(&b, &a, e, before && lend_rows_count(before) ? before
		                                                 : NULL, row);
	}
	if (extra)
		join_extra(&a, extra);
	if (before)
		bs = lend__buf_take(&b);
	as = lend__buf_take(&a);
	if ((before && !bs) || !as) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	rc = lend__event_json(db, at, actor, entity_name, id, action, bs, as);
done:
	lend__buf_free(&b);
	lend__buf_free(&a);
	lend_rows_free(row);
	free(bs);
	free(as);
	return rc;
}

/* Which record REF names: a device tag first (the common case, scanned
 * from a label), then member, site and grant codes, then a user name. */
static int resolve_ref(const char **entity_out, int64_t *id, lend_db *db,
                       const char *ref)
{
	static const struct {
		const char *entity, *sql;
	} kinds[] = {
		{ "device", "SELECT id FROM device WHERE tag = ?" },
		{ "member", "SELECT id FROM member WHERE code = ?" },
		{ "site", "SELECT id FROM site WHERE code = ?" },
		{ "grant", "SELECT id FROM funding_grant WHERE code = ?" },
		{ "user", "SELECT id FROM app_user WHERE name = ?" },
		{ "loan", "SELECT id FROM loan WHERE ref = ?" },
		{ "borrower", "SELECT id FROM borrower WHERE ref = ?" },
		{ "champion", "SELECT id FROM champion WHERE ref = ?" },
		{ "hold", "SELECT id FROM hold WHERE ref = ?" },
	};
	size_t i;
	int rc;

	for (i = 0; i < LEND__NELEM(kinds); i++) {
		rc = lend__query_int(id, db, kinds[i].sql,
		                     LEND__ARGS(LEND__T(ref)));
		if (rc != LEND_ENOTFOUND) {
			*entity_out = kinds[i].entity;
			return rc;
		}
	}
	return lend__error(db, LEND_ENOTFOUND, "history: no device, member, "
	                   "site, grant, user, loan, borrower, champion or "
	                   "hold called '%s'", ref);
}

int lend_event_list(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT e.at, e.recorded_at, u.name AS actor, e.entity, "
		"?1 AS ref, e.action, e.before, e.after "
		"FROM event e LEFT JOIN app_user u ON u.id = e.actor_id "
		"WHERE (e.entity = ?2 AND e.entity_id = ?3) "
		/* A loan's history holds its items' too. */
		"OR (?2 = 'loan' AND e.entity = 'loan_item' AND e.entity_id IN "
		" (SELECT id FROM loan_item WHERE loan_id = ?3)) "
		"ORDER BY e.at, e.id";
	const char *entity_name = NULL;
	int64_t id = 0;
	int rc;

	lend__reset(db);
	if ((rc = resolve_ref(&entity_name, &id, db, ref)) != 0)
		return rc;
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(ref),
	                        LEND__T(entity_name), LEND__I(id)));
}
