/*
 * The SQLite store's checks of itself: the file's integrity and the
 * references between rows, as SQLite verifies them.  What the rows mean
 * is checked by their callers.
 */
#include <string.h>

#include "sqlite.h"
#include "internal.h" /* the rows the checks hand back */

static const struct store_check {
	const char *name, *sql, *ok;
} checks[] = {
	{ "integrity", "PRAGMA integrity_check", "ok" },
	{ "foreign keys", "SELECT \"table\" || ' row ' || rowid || ' points "
	  "at a missing ' || parent FROM pragma_foreign_key_check", NULL },
};

static int add_finding(lend__store *s, lend_rows *r, const char *check,
                       const char *what)
{
	long row = lend__rows_add(r);

	if (row < 0 ||
	    lend__rows_set(r, (size_t)row, 0, LEND_TEXT, check,
	                   strlen(check)) ||
	    lend__rows_set(r, (size_t)row, 1, LEND_TEXT, what, strlen(what)))
		return lend__store_fail(s, LEND_ENOMEM, "out of memory");
	return 0;
}

/* Run check C and add a finding for each row it gives but OK. */
static int run(lend__store *s, lend_rows *r, const struct store_check *c)
{
	lend_rows *rows = NULL;
	size_t i;
	int rc = lend__store_query_rows(&rows, s, c->sql, LEND__NO_ARGS);

	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		const char *what = lend_rows_text(rows, i, 0);

		if (c->ok && what && strcmp(what, c->ok) == 0)
			continue;
		rc = add_finding(s, r, c->name, what ? what : "?");
	}
	lend_rows_free(rows);
	return rc;
}

int lend__sqlite_check(lend_rows **out, lend__store *s)
{
	lend_rows *r = lend__rows_new(2);
	size_t i;
	int rc = 0;

	s->errmsg[0] = '\0';
	if (!r || lend__rows_set_name(r, 0, "check") ||
	    lend__rows_set_name(r, 1, "finding"))
		rc = lend__store_fail(s, LEND_ENOMEM, "out of memory");
	for (i = 0; rc == 0 && i < sizeof(checks) / sizeof(checks[0]); i++)
		rc = run(s, r, &checks[i]);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}
