/*
 * Check-out: lending devices to a borrower, the checks a desk needs to
 * hear first (consent, availability, reservations, the loan limit) and
 * the loan they go out on.  A kit goes out with its parts, each an item
 * of its own, so the partial unique index on open items guards the parts
 * too: a device is never on two open loans, whoever writes.  The device's
 * status is device.c's to move; this file asks it.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int lend__loan_not_available(lend_db *db, const lend__device *d)
{
	static const char holder[] =
		"SELECT l.ref AS loan, b.ref AS borrower FROM loan_item i "
		"JOIN loan l ON l.id = i.loan_id "
		"JOIN borrower b ON b.id = l.borrower_id "
		"WHERE i.device_id = ? AND i.returned_at IS NULL";
	lend_rows *r = NULL;
	int rc;

	if (strcmp(d->status, "on_loan") != 0)
		return lend__fail(db, LEND_ECONFLICT, "checkout.not_available",
		                  "tag", d->tag, "status", d->status, NULL);
	if ((rc = lend__query_rows(&r, db, holder, LEND__ARGS(LEND__I(d->id)))))
		return rc;
	/* Staff of any member may meet a device out with another member's
	 * borrower: they are told it is out, not to whom. */
	if (!lend_rows_count(r) ||
	    !lend__scope_sees(db, lend_rows_get(r, 0, "borrower")))
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.on_loan_unseen",
		                "tag", d->tag, NULL);
	else
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.on_loan", "tag",
		                d->tag, "borrower", lend_rows_get(r, 0, "borrower"),
		                "loan", lend_rows_get(r, 0, "loan"), NULL);
	lend_rows_free(r);
	return rc;
}

static int check_reserved(lend_db *db, const lend__device *d, int64_t borrower,
                          const char *at)
{
	static const char sql[] =
		"SELECT b.ref, h.reserved_until FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id "
		"WHERE h.status = 'reserved' AND h.reserved_device_id = ? "
		"AND h.borrower_id <> ? AND h.reserved_until >= ?";
	lend_rows *who = NULL;
	int rc = lend__query_rows(&who, db, sql, LEND__ARGS(LEND__I(d->id),
	                          LEND__I(borrower), LEND__T(at)));

	if (rc == 0 && lend_rows_count(who) &&
	    lend__scope_sees(db, lend_rows_text(who, 0, 0)))
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.reserved", "tag",
		                d->tag, "borrower", lend_rows_text(who, 0, 0),
		                "until", lend_rows_text(who, 0, 1), NULL);
	else if (rc == 0 && lend_rows_count(who))
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.reserved_unseen",
		                "tag", d->tag, "until", lend_rows_text(who, 0, 1),
		                NULL);
	lend_rows_free(who);
	return rc;
}

/* First come, first served: device D, on the shelf, goes to BORROWER
 * only if no other borrower waits for it or its kind from before their
 * own hold on it (issue 13), unless staff OVERRIDE, which is told. */
static int check_queue(lend_db *db, const lend__device *d, int64_t borrower,
                       int override)
{
	static const char sql[] =
		"WITH mine (placed_at, id) AS (SELECT CASE WHEN "
		" reserved_device_id = ?1 THEN '' ELSE placed_at END, id FROM hold "
		" WHERE borrower_id = ?3 AND status IN ('waiting', 'reserved') "
		" AND (device_id = ?1 OR kind = ?2 OR reserved_device_id = ?1) "
		" UNION ALL SELECT '9999', 0 ORDER BY 1, 2 LIMIT 1) "
		"SELECT b.ref, h.ref AS hold, h.placed_at FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id, mine m "
		"WHERE h.status = 'waiting' AND h.borrower_id <> ?3 "
		"AND (h.device_id = ?1 OR (h.device_id IS NULL AND h.kind = ?2)) "
		"AND (h.placed_at, h.id) < (m.placed_at, m.id) "
		"ORDER BY h.placed_at, h.id LIMIT 1";
	lend_rows *r = NULL;
	char since[11], key[48];
	int rc, seen;

	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__I(d->id),
	                           LEND__T(d->kind), LEND__I(borrower)))) ||
	    lend_rows_count(r) == 0)
		goto done;
	snprintf(since, sizeof(since), "%.10s", lend_rows_get(r, 0,
	                                                      "placed_at"));
	/* The one waiting is named only to a desk that may see them. */
	seen = lend__scope_sees(db, lend_rows_text(r, 0, 0));
	snprintf(key, sizeof(key), "checkout.queue%s%s",
	         override ? "_override" : "", seen ? "" : "_unseen");
	if (override)
		lend__note(db, key, "tag", d->tag, "kind", d->kind, "since", since,
		           "hold", lend_rows_get(r, 0, "hold"), seen ? "borrower"
		           : NULL, lend_rows_text(r, 0, 0), NULL);
	else
		rc = lend__fail(db, LEND_ECONFLICT, key, "tag", d->tag, "kind",
		                d->kind, "since", since, "hold",
		                lend_rows_get(r, 0, "hold"), seen ? "borrower"
		                : NULL, lend_rows_text(r, 0, 0), NULL);
done:
	lend_rows_free(r);
	return rc;
}

/* Device D is on loan to BORROWER already: the desk means a renewal. */
static int check_own(lend_db *db, const lend__device *d, int64_t borrower)
{
	static const char sql[] =
		"SELECT l.ref FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE i.device_id = ? AND l.borrower_id = ? "
		"AND i.returned_at IS NULL";
	char *loan = NULL;
	int rc = lend__query_text(&loan, db, sql, LEND__ARGS(LEND__I(d->id),
	                          LEND__I(borrower)));

	if (rc == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.already_out", "tag",
		                d->tag, "loan", loan, NULL);
	free(loan);
	return rc == LEND_ENOTFOUND ? 0 : rc;
}

/* A device a check-out lends, with what its checks found. */
typedef struct lending {
	lend__device d;
	lend_rows *parts; /* a kit's parts, lent with it */
	int64_t held;     /* how many holds name it or its kind */
} lending;

/* Whether any hold, waiting or reserved, names device D or its kind: in
 * *HELD.  Mostly none does, and one count by the status index says so
 * where the reservation, queue and fulfilment queries would each take a
 * look (on a server, a round trip each). */
static const char held_sql[] =
	"SELECT count(*) FROM hold WHERE status IN ('waiting', 'reserved') "
	"AND (device_id = ?1 OR reserved_device_id = ?1 OR kind = ?2)";

static int check_held(int64_t *held, lend_db *db, const lend__device *d)
{
	return lend__query_int(held, db, held_sql, LEND__ARGS(LEND__I(d->id),
	                                                      LEND__T(d->kind)));
}

/* Can device D (a kit with its parts, read into *PARTS for the lending)
 * go out to BORROWER at AT?  *HELD gets how many holds name it or its
 * kind. */
static int check_lendable(lend_db *db, const lend__device *d, int64_t borrower,
                          const char *at, int override, lend_rows **parts,
                          int64_t *held)
{
	size_t i;
	int rc;

	if (d->kit[0])
		return lend__fail(db, LEND_ECONFLICT, "checkout.kit_part", "tag",
		                  d->tag, "kit", d->kit, NULL);
	if (strcmp(d->status, "available") != 0)
		return (rc = check_own(db, d, borrower)) ? rc
		       : lend__loan_not_available(db, d);
	if ((rc = check_held(held, db, d)) ||
	    (*held && (rc = check_reserved(db, d, borrower, at))) ||
	    (*held && (rc = check_queue(db, d, borrower, override))) ||
	    (rc = lend__device_check_order(db, "checkout", d->tag, at,
	                                   d->changed_at)) ||
	    (d->parts && (rc = lend__kit_parts(parts, db, d->id))))
		return rc;
	for (i = 0; *parts && i < lend_rows_count(*parts) && rc == 0; i++) {
		lend__device p;

		if ((rc = lend__device_get_id(&p, db, "checkout", strtoll(
		                              lend_rows_text(*parts, i, 0), NULL,
		                              10))) == 0 &&
		    strcmp(p.status, "available") != 0)
			rc = lend__fail(db, LEND_ECONFLICT,
			                "checkout.part_not_available", "tag", p.tag,
			                "kit", d->tag, "status", p.status, NULL);
	}
	return rc;
}

typedef struct borrower_row {
	int64_t id;
	char consent_at[LEND__TIME_LEN];
	int forgotten;
} borrower_row;

/* Borrower REF through SCOPE, as lend__find() finds one (out of it reads
 * as missing), and what the checks need of them, in one query. */
static int get_borrower(borrower_row *b, lend_db *db, const char *ref,
                        const lend__scope *scope)
{
	static const char sql[] =
		"SELECT b.id, b.consent_at, b.forgotten_at FROM borrower b "
		"WHERE b.ref = ? AND " LEND__SCOPE("b");
	char key[LEND__REF_MAX];
	lend_rows *r = NULL;
	int rc;

	if (!ref)
		return lend__fail(db, LEND_EINVAL, "checkout.no_borrower", NULL);
	lend__ref_normal(key, sizeof(key), ref);
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(key),
	                           LEND__SCOPE_ARGS(scope)))))
		return rc;
	if (lend_rows_count(r) == 0)
		rc = lend__fail(db, LEND_ENOTFOUND, "checkout.borrower_not_found",
		                "borrower", lend__is_text(ref) ? ref : "?", NULL);
	else if (lend_rows_get(r, 0, "forgotten_at"))
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.erased", "borrower",
		                ref, NULL);
	else if (!lend_rows_get(r, 0, "consent_at"))
		rc = lend__fail(db, LEND_ECONFLICT, "checkout.no_consent",
		                "borrower", ref, NULL);
	if (rc == 0) {
		b->id = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
		snprintf(b->consent_at, sizeof(b->consent_at), "%s",
		         lend_rows_get(r, 0, "consent_at"));
	}
	lend_rows_free(r);
	return rc;
}

/* Loan limit: top-level devices out (kit parts ride along).  Counted as
 * the borrower's items less those returned, not filtered on "returned_at
 * IS NULL": on a PostgreSQL database without statistics yet (just filled)
 * that filter made the planner take the open items for a handful and join
 * every one of them to every loan of the borrower. */
static const char limit_sql[] =
	"SELECT count(*) - count(i.returned_at) FROM loan l "
	"JOIN loan_item i ON i.loan_id = l.id WHERE l.borrower_id = ? "
	"AND i.device_id NOT IN (SELECT part_id FROM kit_part)";

static int check_limit(lend_db *db, const char *ref, int64_t borrower,
                       size_t adding)
{
	int64_t out = 0, limit = 0;
	char n[3][24];
	int rc;

	if ((rc = lend__query_int(&out, db, limit_sql,
	                          LEND__ARGS(LEND__I(borrower)))) ||
	    (rc = lend__setting_int(&limit, db, "loan.limit")))
		return rc;
	if (out + (int64_t)adding <= limit)
		return 0;
	snprintf(n[0], sizeof(n[0]), "%lld", (long long)out);
	snprintf(n[1], sizeof(n[1]), "%zu", adding);
	snprintf(n[2], sizeof(n[2]), "%lld", (long long)limit);
	return lend__fail(db, LEND_ECONFLICT, "checkout.limit", "borrower", ref,
	                  "out", n[0], "adding", n[1], "limit", n[2], NULL);
}

int lend__loan_due_on(char out[11], lend_db *db, const lend_checkout_spec *s,
                      const char *kind, const char *at)
{
	char key[40];
	int64_t days = s->days;
	int rc;

	if (s->due_on) {
		memcpy(out, s->due_on, 11);
		return 0;
	}
	if (days <= 0) {
		snprintf(key, sizeof(key), "loan.days.%s", kind);
		if ((rc = lend__setting_int(&days, db, key)))
			return rc;
	}
	lend__date_add(out, at, (int)days);
	return 0;
}

static int check_due(lend_db *db, const lend_checkout_spec *s,
                     const char *at)
{
	int rc;

	char days[16];

	if (s->days < 0 || s->days > 3660) {
		snprintf(days, sizeof(days), "%d", s->days);
		return lend__fail(db, LEND_EINVAL, "checkout.days", "days", days,
		                  NULL);
	}
	if (!s->due_on)
		return 0;
	if ((rc = lend__check_date(db, "checkout", "due date", s->due_on)))
		return rc;
	if (strncmp(s->due_on, at, 10) < 0)
		return lend__fail(db, LEND_EINVAL, "checkout.due_past", "due",
		                  s->due_on, NULL);
	return 0;
}

/* A JSON object {"loan":"L-000001"} for the device's event. */
static char *loan_extra(const char *ref)
{
	lend__buf b = { 0 };

	lend__buf_str(&b, "{\"loan\":");
	lend__buf_json(&b, ref);
	lend__buf_str(&b, "}");
	return lend__buf_take(&b);
}

int lend__loan_item_open(lend_db *db, int64_t loan, const char *loan_ref,
                         int64_t id, const char *due, const char *condition,
                         const char *at, int64_t actor)
{
	static const char item_sql[] =
		"INSERT INTO loan_item (loan_id, device_id, due_on, condition_out) "
		"VALUES (?, ?, ?, (SELECT coalesce(?, condition) FROM device "
		"WHERE id = ?))";
	lend__move m = { 0 };
	char *extra = NULL;
	int rc;

	/* Nothing reads the item's id: the insert can go to a server with
	 * the device's move. */
	if ((rc = lend__exec_later(db, item_sql, LEND__ARGS(LEND__I(loan),
	                           LEND__I(id), LEND__T(due),
	                           LEND__T(condition), LEND__I(id)))))
		return rc;
	if (!(extra = loan_extra(loan_ref)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	m.to = "on_loan";
	m.action = "checkout";
	m.at = at;
	m.condition = condition;
	m.extra = extra;
	m.actor = actor;
	rc = lend__device_move(db, id, &m);
	free(extra);
	return rc;
}

/* The borrower's own hold on this device, or on its kind, is served
 * (check_held() found some hold that names one or the other). */
static int fulfil_hold(lend_db *db, int64_t borrower, const lend__device *d,
                       const char *at, int64_t actor)
{
	static const char find[] =
		"SELECT id FROM hold WHERE borrower_id = ? "
		"AND status IN ('waiting', 'reserved') "
		"AND (reserved_device_id = ? OR device_id = ? OR kind = ?) "
		/* Not "= ? DESC": PostgreSQL sorts its NULLs first there. */
		"ORDER BY CASE WHEN reserved_device_id = ? THEN 0 ELSE 1 END, "
		"placed_at, id LIMIT 1";
	int64_t hold = 0;
	int rc = lend__query_int(&hold, db, find, LEND__ARGS(LEND__I(borrower),
	                         LEND__I(d->id), LEND__I(d->id), LEND__T(d->kind),
	                         LEND__I(d->id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	/* Served with another device than the one set aside for it, the hold
	 * lets that one go to the next in line. */
	return rc ? rc : lend__hold_close(db, hold, "fulfilled", "fulfil", at,
	                                  actor);
}

/* Lend device L and its parts on LOAN. */
static int lend_with_parts(lend_db *db, const lend_checkout_spec *s,
                           int64_t loan, const char *ref, const lending *l,
                           int64_t borrower, const char *at, int64_t actor)
{
	const lend__device *d = &l->d;
	const lend_rows *parts = l->parts;
	char due[11];
	size_t i;
	int rc;

	if ((rc = lend__loan_due_on(due, db, s, d->kind, at)) ||
	    (rc = lend__loan_item_open(db, loan, ref, d->id, due, s->condition,
	                               at, actor)))
		return rc;
	for (i = 0; parts && i < lend_rows_count(parts) && rc == 0; i++)
		rc = lend__loan_item_open(db, loan, ref,
		                          strtoll(lend_rows_text(parts, i, 0),
		                                  NULL, 10), due, NULL, at, actor);
	return rc || !l->held ? rc : fulfil_hold(db, borrower, d, at, actor);
}

/* A new loan, or the open loan S->loan of the same borrower. */
static int open_loan(int64_t *id, char *ref, size_t size, lend_db *db,
                     const lend_checkout_spec *s, int64_t borrower,
                     int64_t site, const char *at, int64_t actor)
{
	static const char joined[] =
		"SELECT id FROM loan WHERE ref = ? AND borrower_id = ? "
		"AND closed_at IS NULL";
	static const char add[] =
		"INSERT INTO loan (ref, borrower_id, site_id, issued_by, "
		"champion_id, out_at) VALUES (?, ?, ?, ?, (SELECT champion_id "
		"FROM support WHERE borrower_id = ? AND ends_on IS NULL), ?) "
		"RETURNING *"; /* for its event: a server's round trip saved */
	lend_rows *row = NULL;
	const char *v;
	int rc;

	if (s->loan) {
		rc = lend__query_int(id, db, joined, LEND__ARGS(LEND__T(s->loan),
		                     LEND__I(borrower)));
		if (rc == LEND_ENOTFOUND)
			return lend__fail(db, LEND_ECONFLICT,
			                  "checkout.not_open_loan", "loan", s->loan,
			                  "borrower", s->borrower, NULL);
		snprintf(ref, size, "%s", s->loan);
		return rc;
	}
	if ((rc = lend__allocate(ref, size, db, "loan", "L", 6,
	                         lend__find_sql(LEND__ENTITY_LOAN))) ||
	    (rc = lend__query_rows(&row, db, add, LEND__ARGS(LEND__T(ref),
	                           LEND__I(borrower), LEND__I(site),
	                           LEND__I(actor), LEND__I(borrower),
	                           LEND__T(at)))))
		return rc;
	v = lend_rows_get(row, 0, "id");
	*id = v ? strtoll(v, NULL, 10) : 0;
	rc = lend__event_row(db, at, actor, LEND__ENTITY_LOAN, *id, "create",
	                     NULL, row, NULL);
	lend_rows_free(row);
	return rc;
}

/* Staff lend at their own member's sites, devices that are there. */
static int check_sites(lend_db *db, const lend__scope *scope, int64_t site,
                       const lending *lent, size_t n)
{
	size_t i;
	int rc;

	if (scope->role != LEND__STAFF)
		return 0;
	rc = lend__scope_site(db, scope, "checkout", site);
	for (i = 0; i < n && rc == 0; i++)
		if (lent[i].d.site != site)
			rc = lend__scope_site(db, scope, "checkout",
			                      lent[i].d.site);
	return rc;
}

/* On a server, a check-out's reads were most of its time, each a round
 * trip: those that need only what is known already go ahead together
 * (lend__read_ahead()).  With the borrower's: the reservations' sweep and
 * the devices. */
static int devices_ahead(lend_db *db, const lend_checkout_spec *s,
                         const char *at)
{
	size_t i;
	int rc = lend__hold_settle_ahead(db, at);

	for (i = 0; i < s->ntags && rc == 0; i++)
		rc = lend__device_get_ahead(db, s->tags[i]);
	return rc;
}

/* With the first check of device D: the holds that name it and, for the
 * first device, the loan limit's count, the overdue items and the loan
 * number. */
static int checks_ahead(lend_db *db, const lend_checkout_spec *s,
                        const lend__device *d, int64_t borrower,
                        const char *at, int first)
{
	int rc = lend__read_ahead(db, held_sql, LEND__ARGS(LEND__I(d->id),
	                                                   LEND__T(d->kind)));

	if (rc || !first)
		return rc;
	if ((rc = lend__read_ahead(db, limit_sql,
	                           LEND__ARGS(LEND__I(borrower)))) ||
	    (rc = lend__loan_check_overdue_ahead(db, borrower, at)))
		return rc;
	return s->loan ? 0 : lend__allocate_ahead(db, "loan");
}

/* The check-out of S's devices, read into LENT. */
static int checkout(char *ref, size_t size, lend_db *db,
                    const lend_checkout_spec *s, lending *lent)
{
	char at[LEND__TIME_LEN];
	borrower_row b;
	lend__scope scope;
	int64_t actor, site = 0, loan;
	size_t i, j;
	int rc;

	if ((rc = lend__setting_ahead(db)) ||
	    (rc = lend__actor(&actor, db, "checkout",
	                      LEND__ADMIN | LEND__STAFF, "lend devices")) ||
	    (rc = lend__scope_get(&scope, db, "checkout")) ||
	    (rc = lend__resolve_at(db, "checkout", at, s->at)) ||
	    (rc = devices_ahead(db, s, at)) ||
	    (rc = get_borrower(&b, db, s->borrower, &scope)) ||
	    (rc = check_due(db, s, at)) ||
	    (rc = lend__hold_settle(db, at)))
		return rc;
	if (strcmp(at, b.consent_at) < 0)
		return lend__fail(db, LEND_EINVAL, "checkout.before_consent", "at",
		                  at, "borrower", s->borrower, "consent",
		                  b.consent_at, NULL);
	if (s->ntags == 0)
		return lend__fail(db, LEND_EINVAL, "checkout.no_device", NULL);
	if (s->condition && (rc = lend__check_one_of(db, "checkout",
	                                             "condition", s->condition,
	                                             lend__conditions)))
		return rc;
	for (i = 0; i < s->ntags; i++) {
		if ((rc = lend__device_get(&lent[i].d, db, "checkout",
		                           s->tags[i])))
			return rc;
		for (j = 0; j < i; j++)
			if (lent[i].d.id == lent[j].d.id)
				return lend__fail(db, LEND_EINVAL,
				                  "checkout.twice",
				                  "tag", s->tags[i], NULL);
		if ((rc = checks_ahead(db, s, &lent[i].d, b.id, at, i == 0)) ||
		    (rc = check_lendable(db, &lent[i].d, b.id, at, s->override,
		                         &lent[i].parts, &lent[i].held)))
			return rc;
	}
	if ((rc = check_limit(db, s->borrower, b.id, s->ntags)) ||
	    (rc = lend__loan_check_overdue(db, "checkout", s->borrower, b.id,
	                                   at, s->override)))
		return rc;
	if (s->site)
		rc = lend__id(&site, db, "checkout", LEND__ENTITY_SITE, s->site);
	else
		site = lent[0].d.site;
	if (rc || (rc = check_sites(db, &scope, site, lent, s->ntags)) ||
	    (rc = open_loan(&loan, ref, size, db, s, b.id, site, at,
	                          actor)))
		return rc;
	for (i = 0; i < s->ntags && rc == 0; i++)
		rc = lend_with_parts(db, s, loan, ref, &lent[i], b.id, at,
		                     actor);
	return rc;
}

int lend_loan_checkout(char **out, lend_db *db,
                       const lend_checkout_spec *spec)
{
	size_t n = spec->ntags ? spec->ntags : 1, i;
	lending *lent = NULL;
	char ref[32];
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if (!(lent = calloc(n, sizeof(*lent)))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	rc = checkout(ref, sizeof(ref), db, spec, lent);
	for (i = 0; i < n; i++)
		lend_rows_free(lent[i].parts);
done:
	free(lent);
	return lend__txn_end_copy(db, rc, out, ref);
}

