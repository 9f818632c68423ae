/*
 * Events: the append-only record of every change.  Each public call that
 * writes records its events in its own transaction, so the log and the
 * data never disagree.  An event keeps only the fields that changed, and a
 * person's personal fields as a marker instead of their value: erasing a
 * borrower then leaves the log untouched and still true, with no personal
 * value left to erase from it.  Free text (a session's topic, a note given
 * with a change) counts as personal: a note is kept in event_note, beside
 * its event, where an erasure finds it.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PERSONAL_MARK "[personal]"

int (lend__snapshot)(lend_rows **out, lend_db *db, enum lend__entity e,
                     int64_t id)
{
	const char *table = lend__entity_table(e);
	char sql[128];

	if (!table)
		return lend__fail(db, LEND_EDB, "event.no_table", "entity",
		                  lend__entity_name(e), NULL);
	/* The table name comes from the fixed list in entity.c, never from
	 * input. */
	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table);
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
static void diff(lend__buf *before, lend__buf *after, enum lend__entity e,
                 const lend_rows *old, const lend_rows *now)
{
	size_t c, n = lend_rows_columns(now);
	int first = 1;

	lend__buf_str(before, "{");
	lend__buf_str(after, "{");
	for (c = 0; c < n; c++) {
		const char *name = lend_rows_name(now, c);
		int personal = lend__entity_is_personal(e, name);

		/* changed_at moves with every change, and name_folded with
		 * the name: they say nothing. */
		if (strcmp(name, "changed_at") == 0 ||
		    strcmp(name, "name_folded") == 0)
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

/* A note given with a change (a check-in, a status change) is free text,
 * often about a person: the event says that a note was given, and the
 * note is kept beside it in event_note with the borrower it is about (of
 * the loan, or of the device's last loan), whom an erasure removes it
 * with.  AFTER is the event's own object, the note still in it. */
static int keep_note(lend_db *db, enum lend__entity e, int64_t id,
                     const char *after)
{
	static const char sql[] =
		"INSERT INTO event_note (event_id, borrower_id, note) "
		"SELECT last_insert_rowid(), CASE ?2 "
		" WHEN 'borrower' THEN ?3 "
		" WHEN 'loan' THEN (SELECT borrower_id FROM loan WHERE id = ?3) "
		" WHEN 'loan_item' THEN (SELECT l.borrower_id FROM loan_item i "
		"  JOIN loan l ON l.id = i.loan_id WHERE i.id = ?3) "
		" WHEN 'device' THEN (SELECT l.borrower_id FROM loan_item i "
		"  JOIN loan l ON l.id = i.loan_id WHERE i.device_id = ?3 "
		"  ORDER BY i.id DESC LIMIT 1) END, json_extract(?1, '$.note') "
		"WHERE json_type(?1, '$.note') = 'text'";

	return lend__exec(db, sql, LEND__ARGS(LEND__T(after),
	                  LEND__T(lend__entity_name(e)), LEND__I(id)));
}

int lend__event_json(lend_db *db, const char *at, int64_t actor,
                     enum lend__entity e, int64_t id, const char *action,
                     const char *before, const char *after)
{
	static const char sql[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, "
		"entity_id, action, before, after) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	static const char noted[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, "
		"entity_id, action, before, after) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN json_type(?8, '$.note') "
		"= 'text' THEN json_set(?8, '$.note', '" PERSONAL_MARK "') "
		"ELSE ?8 END)";
	char now[LEND__TIME_LEN];
	int note = after && strstr(after, "\"note\":"), rc;

	lend__now(now);
	/* Without a note, nothing reads what the insert did: it can go to a
	 * server with the next statement. */
	rc = (note ? lend__exec : lend__exec_later)(db, note ? noted : sql, LEND__ARGS(LEND__T(at ? at : now),
	                LEND__T(now), actor ? LEND__I(actor) : LEND__NUL,
	                LEND__T(lend__entity_name(e)),
	                id ? LEND__I(id) : LEND__NUL,
	                LEND__T(action), LEND__T(before), LEND__T(after)));
	return rc || !note ? rc : keep_note(db, e, id, after);
}

int (lend__event)(lend_db *db, const char *at, int64_t actor,
                  enum lend__entity e, int64_t id, const char *action,
                  const lend_rows *before, const char *extra)
{
	lend_rows *row = NULL;
	int rc = lend__snapshot(&row, db, e, id);

	if (rc == 0)
		rc = lend__event_row(db, at, actor, e, id, action, before, row,
		                     extra);
	lend_rows_free(row);
	return rc;
}

int lend__event_row(lend_db *db, const char *at, int64_t actor,
                    enum lend__entity e, int64_t id, const char *action,
                    const lend_rows *before, const lend_rows *row,
                    const char *extra)
{
	lend__buf b = { 0 }, a = { 0 };
	char *bs = NULL, *as = NULL;
	int rc;

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
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	rc = lend__event_json(db, at, actor, e, id, action, bs, as);
done:
	lend__buf_free(&b);
	lend__buf_free(&a);
	free(bs);
	free(as);
	return rc;
}

/* Which record REF names: a device tag first (the common case, scanned
 * from a label), then member, site and grant codes, then a user name. */
static int resolve_ref(enum lend__entity *entity_out, int64_t *id,
                       lend_db *db, const char *ref)
{
	static const enum lend__entity order[] = {
		LEND__ENTITY_DEVICE, LEND__ENTITY_MEMBER, LEND__ENTITY_SITE,
		LEND__ENTITY_GRANT, LEND__ENTITY_USER, LEND__ENTITY_LOAN,
		LEND__ENTITY_BORROWER, LEND__ENTITY_CHAMPION, LEND__ENTITY_HOLD,
	};
	size_t i;
	int rc;

	for (i = 0; i < LEND__NELEM(order); i++) {
		rc = lend__find(id, db, order[i], ref);
		if (rc != LEND_ENOTFOUND) {
			*entity_out = order[i];
			return rc;
		}
	}
	return lend__fail(db, LEND_ENOTFOUND, "history.not_found", "ref", ref,
	                  NULL);
}

int lend_event_list(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"WITH ev AS (SELECT e.*, (?2 = 'device' AND EXISTS (SELECT 1 "
		" FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		" JOIN borrower b ON b.id = l.borrower_id "
		" WHERE i.device_id = ?3 AND l.out_at <= e.at "
		" AND (i.returned_at IS NULL OR i.returned_at >= e.at) AND NOT "
		LEND__SCOPE("b") ")) AS hidden FROM event e "
		"WHERE (e.entity = ?2 AND e.entity_id = ?3) "
		/* A loan's history holds its items' too. */
		"OR (?2 = 'loan' AND e.entity = 'loan_item' AND e.entity_id IN "
		" (SELECT id FROM loan_item WHERE loan_id = ?3))) "
		"SELECT e.at, e.recorded_at, u.name AS actor, e.entity, "
		"?1 AS ref, e.action, e.before, CASE "
		/* A device's loan to a borrower the caller may not see shows
		 * neither its ref nor its note (issue 15). */
		"WHEN e.hidden AND json_extract(e.after, '$.loan') IS NOT NULL "
		"THEN json_set(e.after, '$.loan', '" PERSONAL_MARK "') "
		"WHEN e.hidden OR n.note IS NULL THEN e.after "
		"ELSE json_set(e.after, '$.note', n.note) END "
		"AS after FROM ev e LEFT JOIN app_user u ON u.id = e.actor_id "
		/* A note is shown from where it is kept, until erased. */
		"LEFT JOIN event_note n ON n.event_id = e.id "
		"ORDER BY e.at, e.id";
	enum lend__entity e = LEND__ENTITY_DEVICE;
	lend__scope s;
	int64_t id = 0;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = resolve_ref(&e, &id, db, ref)) != 0)
		return rc;
	lend__scope_or_nobody(&s, db);
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(ref),
	                        LEND__T(lend__entity_name(e)), LEND__I(id),
	                        LEND__SCOPE_ARGS(&s)));
}

int lend__edit(lend_db *db, const char *at, int64_t actor,
               enum lend__entity e, int64_t id, lend__set *set,
               const lend_rows *before)
{
	int rc = lend__update(db, lend__entity_table(e), id, set);

	return rc ? rc : lend__event(db, at, actor, e, id, "edit", before,
	                             NULL);
}
