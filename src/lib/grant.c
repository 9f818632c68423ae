/*
 * Grants: the funding sources that paid for devices.  A funder's report
 * can be limited to one grant, so each device records the grant behind it.
 */
#include <assert.h>
#include <string.h>

#include "internal.h"

#define GRANT_SELECT \
	"SELECT g.code, g.funder, g.programme, g.reference, g.starts_on, " \
	"g.ends_on, " \
	"(SELECT count(*) FROM device d WHERE d.grant_id = g.id) AS devices, " \
	"g.created_at FROM funding_grant g "

static int check_grant(lend_db *db, const lend_grant_spec *g, int adding)
{
	int rc;

	if (adding && (rc = lend__check_code(db, "grant", "code", g->code, 32)))
		return rc;
	if (((adding || g->funder) &&
	     (rc = lend__check_text(db, "grant", "funder", g->funder, 1))) ||
	    ((adding || g->programme) &&
	     (rc = lend__check_text(db, "grant", "programme", g->programme,
	                            1))) ||
	    (rc = lend__check_text(db, "grant", "reference", g->reference, 0)))
		return rc;
	if (adding && !g->starts_on)
		return lend__fail(db, LEND_EINVAL, "grant.no_start", NULL);
	if (adding && !g->ends_on)
		return lend__fail(db, LEND_EINVAL, "grant.no_end", NULL);
	if ((rc = lend__check_date(db, "grant", "start date", g->starts_on)) ||
	    (rc = lend__check_date(db, "grant", "end date", g->ends_on)))
		return rc;
	return 0;
}

/* The end must not come before the start, counting unchanged dates too. */
static int check_span(lend_db *db, const char *from, const char *to)
{
	if (strcmp(to, from) < 0)
		return lend__fail(db, LEND_EINVAL, "grant.end_before_start",
		                  "to", to, "from", from, NULL);
	return 0;
}

int lend_grant_add(lend_db *db, const lend_grant_spec *spec)
{
	static const char sql[] =
		"INSERT INTO funding_grant (code, funder, programme, reference, "
		"starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t actor, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "grant", LEND__ADMIN, "add grants")) ||
	    (rc = check_grant(db, spec, 1)) ||
	    (rc = check_span(db, spec->starts_on, spec->ends_on)))
		goto done;
	if ((rc = lend__must_be_new(db, LEND__ENTITY_GRANT,
	                            "grant", "code", spec->code)))
		goto done;
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(spec->code),
	                       LEND__T(spec->funder), LEND__T(spec->programme),
	                       LEND__T(spec->reference && *spec->reference ?
	                               spec->reference : NULL),
	                       LEND__T(spec->starts_on), LEND__T(spec->ends_on),
	                       LEND__T(now)))))
		goto done;
	rc = lend__event(db, now, actor, LEND__ENTITY_GRANT, id, "create", NULL,
	                 NULL);
done:
	return lend__txn_end(db, rc);
}

int lend_grant_edit(lend_db *db, const char *code,
                    const lend_grant_spec *changes)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "grant", LEND__ADMIN,
	                      "edit grants")) ||
	    (rc = lend__id(&id, db, "grant", LEND__ENTITY_GRANT, code)) ||
	    (rc = check_grant(db, changes, 0)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_GRANT, id)))
		goto done;
	if (changes->code) {
		rc = lend__fail(db, LEND_EINVAL, "grant.code_fixed", NULL);
		goto done;
	}
	if ((rc = check_span(db, changes->starts_on ? changes->starts_on :
	                     lend_rows_get(old, 0, "starts_on"),
	                     changes->ends_on ? changes->ends_on :
	                     lend_rows_get(old, 0, "ends_on"))))
		goto done;
	lend__set_text(&set, "funder", changes->funder);
	lend__set_text(&set, "programme", changes->programme);
	lend__set_text(&set, "reference", changes->reference);
	lend__set_text(&set, "starts_on", changes->starts_on);
	lend__set_text(&set, "ends_on", changes->ends_on);
	rc = lend__edit(db, NULL, actor, LEND__ENTITY_GRANT, id, &set, old);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_grant_list(lend_rows **out, lend_db *db)
{
	assert(db);
	lend__reset(db);
	return lend__query_rows(out, db, GRANT_SELECT "ORDER BY g.code",
	                        LEND__NO_ARGS);
}

int lend_grant_show(lend_rows **out, lend_db *db, const char *code)
{
	assert(db);
	return lend__show(out, db, GRANT_SELECT "WHERE g.code = ?", "grant",
	                  "grant", code);
}
