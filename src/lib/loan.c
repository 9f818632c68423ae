/*
 * Loans: check-out, check-in, renewal and the lists that chase them.  A
 * kit goes out and comes back with its parts, each an item of its own, so
 * the partial unique index on open items guards the parts too: a device
 * is never on two open loans, whoever writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const conditions[] = { "new", "good", "fair", "poor",
                                          "damaged", NULL };

/* One device of a check-out or check-in, as the checks need it. */
typedef struct device_row {
	int64_t id;
	char tag[40], kind[16], status[16], changed_at[LEND__TIME_LEN];
	char kit[40]; /* the kit it is part of, or "" */
	int64_t site;
} device_row;

static void copy_field(char *dst, size_t size, const lend_rows *r,
                       const char *col)
{
	const char *v = lend_rows_get(r, 0, col);

	snprintf(dst, size, "%s", v ? v : "");
}

static int get_device(device_row *d, lend_db *db, const char *concern,
                      const char *tag_or_id, int by_id)
{
	static const char by_tag[] =
		"SELECT d.id, d.tag, d.kind, d.status, d.changed_at, d.site_id, "
		"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		" WHERE p.part_id = d.id) AS kit FROM device d WHERE d.tag = ?";
	static const char by_key[] =
		"SELECT d.id, d.tag, d.kind, d.status, d.changed_at, d.site_id, "
		"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		" WHERE p.part_id = d.id) AS kit FROM device d "
		"WHERE d.id = CAST(? AS INTEGER)";
	lend_rows *r = NULL;
	int rc;

	if ((rc = lend__query_rows(&r, db, by_id ? by_key : by_tag,
	                           LEND__ARGS(LEND__T(tag_or_id)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return lend__error(db, LEND_ENOTFOUND, "%s: device '%s' not found",
		                   concern, lend__is_text(tag_or_id) ? tag_or_id
		                                                     : "?");
	}
	d->id = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
	d->site = strtoll(lend_rows_get(r, 0, "site_id"), NULL, 10);
	copy_field(d->tag, sizeof(d->tag), r, "tag");
	copy_field(d->kind, sizeof(d->kind), r, "kind");
	copy_field(d->status, sizeof(d->status), r, "status");
	copy_field(d->changed_at, sizeof(d->changed_at), r, "changed_at");
	copy_field(d->kit, sizeof(d->kit), r, "kit");
	lend_rows_free(r);
	return 0;
}

/* The ids of kit KIT's parts, as rows of one column. */
static int kit_parts(lend_rows **out, lend_db *db, int64_t kit)
{
	return lend__query_rows(out, db,
	                        "SELECT part_id FROM kit_part WHERE kit_id = ? "
	                        "ORDER BY part_id", LEND__ARGS(LEND__I(kit)));
}

/* Why device D cannot go out, as the desk needs to hear it. */
static int not_available(lend_db *db, const device_row *d)
{
	static const char holder[] =
		"SELECT l.ref AS loan, b.ref AS borrower FROM loan_item i "
		"JOIN loan l ON l.id = i.loan_id "
		"JOIN borrower b ON b.id = l.borrower_id "
		"WHERE i.device_id = ? AND i.returned_at IS NULL";
	lend_rows *r = NULL;
	int rc;

	if (strcmp(d->status, "on_loan") != 0)
		return lend__error(db, LEND_ECONFLICT, "checkout: device '%s' is "
		                   "not available (%s)", d->tag, d->status);
	if ((rc = lend__query_rows(&r, db, holder, LEND__ARGS(LEND__I(d->id)))))
		return rc;
	rc = lend__error(db, LEND_ECONFLICT, "checkout: device '%s' is on "
	                 "loan to %s (loan %s)", d->tag,
	                 lend_rows_count(r) ? lend_rows_get(r, 0, "borrower")
	                                    : "?",
	                 lend_rows_count(r) ? lend_rows_get(r, 0, "loan") : "?");
	lend_rows_free(r);
	return rc;
}

static int check_reserved(lend_db *db, const device_row *d, int64_t borrower,
                          const char *at)
{
	static const char sql[] =
		"SELECT b.ref || ' until ' || h.reserved_until FROM hold h "
		"JOIN borrower b ON b.id = h.borrower_id "
		"WHERE h.status = 'reserved' AND h.reserved_device_id = ? "
		"AND h.borrower_id <> ? AND h.reserved_until >= ?";
	char *who = NULL;
	int rc = lend__query_text(&who, db, sql, LEND__ARGS(LEND__I(d->id),
	                          LEND__I(borrower), LEND__T(at)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = lend__error(db, LEND_ECONFLICT, "checkout: device '%s' is "
		                 "reserved for %s", d->tag, who);
	free(who);
	return rc;
}

static int check_order(lend_db *db, const char *concern, const char *tag,
                       const char *at, const char *changed_at)
{
	if (strcmp(at, changed_at) < 0)
		return lend__error(db, LEND_EINVAL, "%s: time '%s' is before the "
		                   "last change to '%s' (%s)", concern, at, tag,
		                   changed_at);
	return 0;
}

/* Can device D (a kit with its parts) go out to BORROWER at AT? */
static int check_lendable(lend_db *db, const device_row *d, int64_t borrower,
                          const char *at)
{
	lend_rows *parts = NULL;
	size_t i;
	int rc;

	if (d->kit[0])
		return lend__error(db, LEND_ECONFLICT, "checkout: device '%s' is "
		                   "part of kit '%s'; lend the kit", d->tag,
		                   d->kit);
	if (strcmp(d->status, "available") != 0)
		return not_available(db, d);
	if ((rc = check_reserved(db, d, borrower, at)) ||
	    (rc = check_order(db, "checkout", d->tag, at, d->changed_at)) ||
	    (rc = kit_parts(&parts, db, d->id)))
		return rc;
	for (i = 0; i < lend_rows_count(parts) && rc == 0; i++) {
		device_row p;

		if ((rc = get_device(&p, db, "checkout",
		                     lend_rows_text(parts, i, 0), 1)) == 0 &&
		    strcmp(p.status, "available") != 0)
			rc = lend__error(db, LEND_ECONFLICT, "checkout: part '%s' "
			                 "of kit '%s' is not available (%s)", p.tag,
			                 d->tag, p.status);
	}
	lend_rows_free(parts);
	return rc;
}

typedef struct borrower_row {
	int64_t id;
	char consent_at[LEND__TIME_LEN];
	int forgotten;
} borrower_row;

static int get_borrower(borrower_row *b, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT id, consent_at, forgotten_at FROM borrower WHERE ref = ?";
	lend_rows *r = NULL;
	int rc;

	if (!ref)
		return lend__error(db, LEND_EINVAL, "checkout: borrower is "
		                   "required");
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(ref)))))
		return rc;
	if (lend_rows_count(r) == 0)
		rc = lend__error(db, LEND_ENOTFOUND, "checkout: borrower '%s' not "
		                 "found", lend__is_text(ref) ? ref : "?");
	else if (lend_rows_get(r, 0, "forgotten_at"))
		rc = lend__error(db, LEND_ECONFLICT, "checkout: borrower '%s' was "
		                 "erased", ref);
	else if (!lend_rows_get(r, 0, "consent_at"))
		rc = lend__error(db, LEND_ECONFLICT, "checkout: borrower '%s' has "
		                 "not given consent (lend borrower edit %s "
		                 "--consent)", ref, ref);
	if (rc == 0) {
		b->id = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
		copy_field(b->consent_at, sizeof(b->consent_at), r,
		           "consent_at");
	}
	lend_rows_free(r);
	return rc;
}

/* Loan limit: top-level devices out (kit parts ride along). */
static int check_limit(lend_db *db, const char *ref, int64_t borrower,
                       size_t adding)
{
	static const char sql[] =
		"SELECT count(*) FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE l.borrower_id = ? AND i.returned_at IS NULL "
		"AND i.device_id NOT IN (SELECT part_id FROM kit_part)";
	int64_t out = 0, limit = 0;
	int rc;

	if ((rc = lend__query_int(&out, db, sql, LEND__ARGS(LEND__I(borrower)))) ||
	    (rc = lend__setting_int(&limit, db, "loan.limit")))
		return rc;
	if (out + (int64_t)adding > limit)
		return lend__error(db, LEND_ECONFLICT, "checkout: borrower '%s' "
		                   "has %lld device%s out; with %zu more the loan "
		                   "limit of %lld is passed", ref, (long long)out,
		                   out == 1 ? "" : "s", adding, (long long)limit);
	return 0;
}

static int due_date(char out[11], lend_db *db, const lend_checkout_spec *s,
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

	if (s->days < 0 || s->days > 3660)
		return lend__error(db, LEND_EINVAL, "checkout: days '%d' must be 1 "
		                   "to 3660", s->days);
	if (!s->due_on)
		return 0;
	if ((rc = lend__check_date(db, "checkout", "due date", s->due_on)))
		return rc;
	if (strncmp(s->due_on, at, 10) < 0)
		return lend__error(db, LEND_EINVAL, "checkout: due date '%s' is in "
		                   "the past", s->due_on);
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

/* Put device ID on loan LOAN until DUE. */
static int lend_item(lend_db *db, int64_t loan, const char *loan_ref,
                     int64_t id, const char *due, const char *condition,
                     const char *at, int64_t actor)
{
	static const char item_sql[] =
		"INSERT INTO loan_item (loan_id, device_id, due_on, condition_out) "
		"VALUES (?, ?, ?, (SELECT coalesce(?, condition) FROM device "
		"WHERE id = ?))";
	static const char device_sql[] =
		"UPDATE device SET status = 'on_loan', changed_at = ?, "
		"condition = coalesce(?, condition) WHERE id = ?";
	lend_rows *old = NULL;
	char *extra = NULL;
	int64_t item;
	int rc;

	if ((rc = lend__snapshot(&old, db, "device", id)) ||
	    (rc = lend__insert(&item, db, item_sql, LEND__ARGS(LEND__I(loan),
	                       LEND__I(id), LEND__T(due), LEND__T(condition),
	                       LEND__I(id)))) ||
	    (rc = lend__exec(db, device_sql, LEND__ARGS(LEND__T(at),
	                     LEND__T(condition), LEND__I(id)))))
		goto done;
	if (!(extra = loan_extra(loan_ref))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	rc = lend__event(db, at, actor, "device", id, "checkout", old, extra);
done:
	free(extra);
	lend_rows_free(old);
	return rc;
}

/* The borrower's own hold on this device, or on its kind, is served. */
static int fulfil_hold(lend_db *db, int64_t borrower, const device_row *d,
                       const char *at, int64_t actor)
{
	static const char find[] =
		"SELECT id FROM hold WHERE borrower_id = ? "
		"AND status IN ('waiting', 'reserved') "
		"AND (reserved_device_id = ? OR device_id = ? OR kind = ?) "
		"ORDER BY reserved_device_id = ? DESC, placed_at LIMIT 1";
	static const char close[] =
		"UPDATE hold SET status = 'fulfilled', closed_at = ?, "
		"reserved_device_id = NULL, reserved_until = NULL WHERE id = ?";
	lend_rows *old = NULL;
	int64_t hold;
	int rc = lend__query_int(&hold, db, find, LEND__ARGS(LEND__I(borrower),
	                         LEND__I(d->id), LEND__I(d->id),
	                         LEND__T(d->kind), LEND__I(d->id)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__snapshot(&old, db, "hold", hold)) ||
	    (rc = lend__exec(db, close, LEND__ARGS(LEND__T(at),
	                                           LEND__I(hold)))))
		goto done;
	rc = lend__event(db, at, actor, "hold", hold, "fulfil", old, NULL);
done:
	lend_rows_free(old);
	return rc;
}

/* Lend device D (and its parts) on LOAN. */
static int lend_device(lend_db *db, const lend_checkout_spec *s,
                       int64_t loan, const char *ref, const device_row *d,
                       int64_t borrower, const char *at, int64_t actor)
{
	lend_rows *parts = NULL;
	char due[11];
	size_t i;
	int rc;

	if ((rc = due_date(due, db, s, d->kind, at)) ||
	    (rc = lend_item(db, loan, ref, d->id, due, s->condition, at,
	                    actor)) ||
	    (rc = kit_parts(&parts, db, d->id)))
		goto done;
	for (i = 0; i < lend_rows_count(parts) && rc == 0; i++)
		rc = lend_item(db, loan, ref,
		               strtoll(lend_rows_text(parts, i, 0), NULL, 10),
		               due, NULL, at, actor);
	if (rc == 0)
		rc = fulfil_hold(db, borrower, d, at, actor);
done:
	lend_rows_free(parts);
	return rc;
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
		"FROM support WHERE borrower_id = ? AND ends_on IS NULL), ?)";
	int rc;

	if (s->loan) {
		rc = lend__query_int(id, db, joined, LEND__ARGS(LEND__T(s->loan),
		                     LEND__I(borrower)));
		if (rc == LEND_ENOTFOUND)
			return lend__error(db, LEND_ECONFLICT, "checkout: loan '%s' "
			                   "is not an open loan of %s", s->loan,
			                   s->borrower);
		snprintf(ref, size, "%s", s->loan);
		return rc;
	}
	if ((rc = lend__allocate(ref, size, db, "loan", "L", 6,
	                         "SELECT id FROM loan WHERE ref = ?")) ||
	    (rc = lend__insert(id, db, add, LEND__ARGS(LEND__T(ref),
	                       LEND__I(borrower), LEND__I(site), LEND__I(actor),
	                       LEND__I(borrower), LEND__T(at)))))
		return rc;
	return lend__event(db, at, actor, "loan", *id, "create", NULL, NULL);
}

static int checkout(char *ref, size_t size, lend_db *db,
                    const lend_checkout_spec *s, device_row *devs)
{
	char at[LEND__TIME_LEN];
	borrower_row b;
	int64_t actor, site = 0, loan;
	size_t i, j;
	int rc;

	if ((rc = lend__actor(&actor, db, "checkout",
	                      LEND__ADMIN | LEND__STAFF, "lend devices")) ||
	    (rc = get_borrower(&b, db, s->borrower)) ||
	    (rc = lend__resolve_at(db, "checkout", at, s->at)) ||
	    (rc = check_due(db, s, at)))
		return rc;
	if (strcmp(at, b.consent_at) < 0)
		return lend__error(db, LEND_EINVAL, "checkout: time '%s' is before "
		                   "%s gave consent (%s)", at, s->borrower,
		                   b.consent_at);
	if (s->ntags == 0)
		return lend__error(db, LEND_EINVAL, "checkout: no device given");
	if (s->condition && (rc = lend__check_one_of(db, "checkout",
	                                             "condition", s->condition,
	                                             conditions)))
		return rc;
	for (i = 0; i < s->ntags; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(s->tags[i], s->tags[j]) == 0)
				return lend__error(db, LEND_EINVAL, "checkout: device "
				                   "'%s' is given twice", s->tags[i]);
		if ((rc = get_device(&devs[i], db, "checkout", s->tags[i], 0)) ||
		    (rc = check_lendable(db, &devs[i], b.id, at)))
			return rc;
	}
	if ((rc = check_limit(db, s->borrower, b.id, s->ntags)))
		return rc;
	if (s->site)
		rc = lend__site_id(&site, db, "checkout", s->site);
	else
		site = devs[0].site;
	if (rc || (rc = open_loan(&loan, ref, size, db, s, b.id, site, at,
	                          actor)))
		return rc;
	for (i = 0; i < s->ntags && rc == 0; i++)
		rc = lend_device(db, s, loan, ref, &devs[i], b.id, at, actor);
	return rc;
}

int lend_loan_checkout(char **out, lend_db *db,
                       const lend_checkout_spec *spec)
{
	device_row *devs = NULL;
	char ref[32];
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if (!(devs = calloc(spec->ntags ? spec->ntags : 1, sizeof(*devs)))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	rc = checkout(ref, sizeof(ref), db, spec, devs);
done:
	free(devs);
	return lend__txn_end_copy(db, rc, out, ref);
}

/* ---- Check-in ------------------------------------------------------- */

int lend__loan_item_close(lend_db *db, int64_t device, const char *outcome,
                          const char *condition, const char *at,
                          int64_t actor)
{
	static const char item_sql[] =
		"SELECT id FROM loan_item WHERE device_id = ? "
		"AND returned_at IS NULL";
	static const char close_item[] =
		"UPDATE loan_item SET returned_at = ?, outcome = ?, "
		"condition_in = ? WHERE id = ?";
	static const char close_loan[] =
		"UPDATE loan SET closed_at = ? WHERE id = "
		"(SELECT loan_id FROM loan_item WHERE id = ?) AND NOT EXISTS "
		"(SELECT 1 FROM loan_item i WHERE i.loan_id = loan.id "
		"AND i.returned_at IS NULL)";
	lend_rows *old = NULL;
	int64_t item;
	int rc;

	rc = lend__query_int(&item, db, item_sql, LEND__ARGS(LEND__I(device)));
	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc || (rc = lend__snapshot(&old, db, "loan_item", item)) ||
	    (rc = lend__exec(db, close_item, LEND__ARGS(LEND__T(at),
	                     LEND__T(outcome), LEND__T(condition),
	                     LEND__I(item)))) ||
	    (rc = lend__exec(db, close_loan, LEND__ARGS(LEND__T(at),
	                                                LEND__I(item)))))
		goto done;
	rc = lend__event(db, at, actor, "loan_item", item, outcome, old, NULL);
done:
	lend_rows_free(old);
	return rc;
}

/* Device ID comes back (to quarantine) or is recorded lost. */
static int take_back(lend_db *db, int64_t id, int lost, const char *cond,
                     const char *note, const char *at, int64_t actor)
{
	static const char sql[] =
		"UPDATE device SET status = ?, changed_at = ?, "
		"condition = coalesce(?, condition) WHERE id = ?";
	const char *status = lost ? "lost" : "quarantine";
	lend__buf extra = { 0 };
	lend_rows *old = NULL;
	char *x = NULL;
	int rc;

	if (note) {
		lend__buf_str(&extra, "{\"note\":");
		lend__buf_json(&extra, note);
		lend__buf_str(&extra, "}");
		if (!(x = lend__buf_take(&extra)))
			return lend__error(db, LEND_ENOMEM, "out of memory");
	}
	if ((rc = lend__snapshot(&old, db, "device", id)) ||
	    (rc = lend__loan_item_close(db, id, lost ? "lost" : "returned",
	                                lost ? NULL : cond, at, actor)) ||
	    (rc = lend__exec(db, sql, LEND__ARGS(LEND__T(status), LEND__T(at),
	                     lost ? LEND__NUL : LEND__T(cond), LEND__I(id)))))
		goto done;
	rc = lend__event(db, at, actor, "device", id, lost ? "lost" : "checkin",
	                 old, x);
done:
	free(x);
	lend_rows_free(old);
	return rc;
}

static int is_listed(const char *tag, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], tag) == 0)
			return 1;
	return 0;
}

/* Check in device D, its parts too; *USED counts the missing parts met. */
static int checkin_one(lend_db *db, const lend_checkin_spec *s,
                       const device_row *d, const char *at, int64_t actor,
                       size_t *used)
{
	static const char out_sql[] =
		"SELECT l.out_at FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE i.device_id = ? AND i.returned_at IS NULL";
	lend_rows *parts = NULL;
	char *out_at = NULL;
	size_t i;
	int rc;

	if (d->kit[0])
		return lend__error(db, LEND_ECONFLICT, "checkin: device '%s' is "
		                   "part of kit '%s'; check in the kit", d->tag,
		                   d->kit);
	rc = lend__query_text(&out_at, db, out_sql, LEND__ARGS(LEND__I(d->id)));
	if (rc == LEND_ENOTFOUND)
		return lend__error(db, LEND_ECONFLICT, "checkin: device '%s' is "
		                   "not on loan (%s)", d->tag, d->status);
	if (rc || (rc = check_order(db, "checkin", d->tag, at, d->changed_at)) ||
	    (rc = take_back(db, d->id, 0, s->condition, s->note, at, actor)) ||
	    (rc = kit_parts(&parts, db, d->id)))
		goto done;
	for (i = 0; i < lend_rows_count(parts) && rc == 0; i++) {
		device_row p;
		int lost;

		if ((rc = get_device(&p, db, "checkin",
		                     lend_rows_text(parts, i, 0), 1)))
			break;
		if (strcmp(p.status, "on_loan") != 0)
			continue;
		lost = is_listed(p.tag, s->missing, s->nmissing);
		*used += (size_t)lost;
		rc = take_back(db, p.id, lost, s->condition, NULL, at, actor);
	}
	if (rc == 0)
		rc = lend__hold_next(db, d->id, d->tag);
done:
	free(out_at);
	lend_rows_free(parts);
	return rc;
}

int lend_loan_checkin(lend_db *db, const lend_checkin_spec *spec)
{
	char at[LEND__TIME_LEN];
	int64_t actor;
	size_t i, used = 0;
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "checkin",
	                      LEND__ADMIN | LEND__STAFF,
	                      "check devices in")) ||
	    (rc = lend__resolve_at(db, "checkin", at, spec->at)) ||
	    (spec->condition &&
	     (rc = lend__check_one_of(db, "checkin", "condition",
	                              spec->condition, conditions))) ||
	    (rc = lend__check_text(db, "checkin", "note", spec->note, 0)))
		goto done;
	if (spec->ntags == 0) {
		rc = lend__error(db, LEND_EINVAL, "checkin: no device given");
		goto done;
	}
	for (i = 0; i < spec->ntags && rc == 0; i++) {
		device_row d;

		if ((rc = get_device(&d, db, "checkin", spec->tags[i], 0)) == 0)
			rc = checkin_one(db, spec, &d, at, actor, &used);
	}
	if (rc == 0 && used != spec->nmissing)
		rc = lend__error(db, LEND_EINVAL, "checkin: a --missing device is "
		                 "not a part out with the kits checked in");
done:
	return lend__txn_end(db, rc);
}

/* ---- Renewal and lists ---------------------------------------------- */

/* Loan REF, or the loan holding device REF. */
static int renew_target(int64_t *loan, lend_db *db, const char *ref)
{
	static const char by_tag[] =
		"SELECT i.loan_id FROM loan_item i JOIN device d "
		"ON d.id = i.device_id WHERE d.tag = ? AND i.returned_at IS NULL";
	int rc = lend__query_int(loan, db, "SELECT id FROM loan WHERE ref = ?",
	                         LEND__ARGS(LEND__T(ref)));

	if (rc != LEND_ENOTFOUND)
		return rc;
	rc = lend__query_int(loan, db, by_tag, LEND__ARGS(LEND__T(ref)));
	if (rc == LEND_ENOTFOUND)
		return lend__error(db, rc, "renew: no open loan or device on "
		                   "loan called '%s'", lend__is_text(ref) ? ref
		                                                        : "?");
	return rc;
}

static int renew_items(lend_db *db, int64_t loan, int days, const char *at,
                       int64_t actor)
{
	static const char items[] =
		"SELECT i.id, i.due_on, d.kind FROM loan_item i "
		"JOIN device d ON d.id = i.device_id "
		"WHERE i.loan_id = ? AND i.returned_at IS NULL";
	static const char set_due[] =
		"UPDATE loan_item SET due_on = ? WHERE id = ?";
	lend_rows *r = NULL, *old = NULL;
	char due[11], key[40];
	size_t i;
	int rc;

	if ((rc = lend__query_rows(&r, db, items, LEND__ARGS(LEND__I(loan)))))
		return rc;
	if (lend_rows_count(r) == 0)
		rc = lend__error(db, LEND_ECONFLICT, "renew: nothing is out on "
		                 "this loan");
	for (i = 0; i < lend_rows_count(r) && rc == 0; i++) {
		int64_t id = strtoll(lend_rows_get(r, i, "id"), NULL, 10);
		int64_t n = days;
		const char *from = lend_rows_get(r, i, "due_on");

		snprintf(key, sizeof(key), "loan.days.%s",
		         lend_rows_get(r, i, "kind"));
		if (n <= 0 && (rc = lend__setting_int(&n, db, key)))
			break;
		/* An overdue item renews from today, not from its old date. */
		lend__date_add(due, strncmp(from, at, 10) < 0 ? at : from, (int)n);
		lend_rows_free(old);
		old = NULL;
		if ((rc = lend__snapshot(&old, db, "loan_item", id)) ||
		    (rc = lend__exec(db, set_due, LEND__ARGS(LEND__T(due),
		                                             LEND__I(id)))))
			break;
		rc = lend__event(db, at, actor, "loan_item", id, "renew", old,
		                 NULL);
	}
	lend_rows_free(old);
	lend_rows_free(r);
	return rc;
}

int lend_loan_renew(lend_db *db, const char *ref, int days, const char *at)
{
	static const char bump[] =
		"UPDATE loan SET renewals = renewals + 1 WHERE id = ?";
	char when[LEND__TIME_LEN];
	lend_rows *old = NULL;
	int64_t actor, loan, limit;
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "renew", LEND__ADMIN | LEND__STAFF,
	                      "renew loans")) ||
	    (rc = lend__resolve_at(db, "renew", when, at)) ||
	    (rc = renew_target(&loan, db, ref)) ||
	    (rc = lend__snapshot(&old, db, "loan", loan)) ||
	    (rc = lend__setting_int(&limit, db, "loan.renewals")))
		goto done;
	if (days < 0 || days > 3660) {
		rc = lend__error(db, LEND_EINVAL, "renew: days '%d' must be 1 to "
		                 "3660", days);
		goto done;
	}
	if (strtoll(lend_rows_get(old, 0, "renewals"), NULL, 10) >= limit) {
		rc = lend__error(db, LEND_ECONFLICT, "renew: loan %s was renewed "
		                 "%s times; the limit is %lld",
		                 lend_rows_get(old, 0, "ref"),
		                 lend_rows_get(old, 0, "renewals"),
		                 (long long)limit);
		goto done;
	}
	if ((rc = renew_items(db, loan, days, when, actor)) ||
	    (rc = lend__exec(db, bump, LEND__ARGS(LEND__I(loan)))))
		goto done;
	rc = lend__event(db, when, actor, "loan", loan, "renew", old, NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

int lend_loan_list(lend_rows **out, lend_db *db, const char *borrower,
                   int open_only)
{
	static const char sql[] =
		"SELECT l.ref, b.ref AS borrower, l.out_at, "
		"(SELECT min(i.due_on) FROM loan_item i WHERE i.loan_id = l.id "
		" AND i.returned_at IS NULL) AS due_on, "
		"(SELECT count(*) FROM loan_item i WHERE i.loan_id = l.id) "
		" AS items, "
		"(SELECT count(*) FROM loan_item i WHERE i.loan_id = l.id "
		" AND i.returned_at IS NULL) AS open_items, l.closed_at "
		"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
		"WHERE (?1 IS NULL OR b.ref = ?1) "
		"AND (?2 = 0 OR l.closed_at IS NULL) ORDER BY l.id DESC";
	int64_t id;
	int rc;

	lend__reset(db);
	if (borrower && (rc = lend__borrower_id(&id, db, "loan", borrower)))
		return rc;
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(borrower),
	                        LEND__I(open_only ? 1 : 0)));
}

int lend_loan_show(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT l.ref, b.ref AS borrower, s.code AS site, "
		"u.name AS issued_by, c.ref AS champion, l.out_at, l.renewals, "
		"l.signed_at, l.closed_at, d.tag, d.kind, d.model, "
		"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		" WHERE p.part_id = d.id) AS part_of, i.due_on, i.returned_at, "
		"i.outcome, i.condition_out, i.condition_in "
		"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
		"JOIN site s ON s.id = l.site_id "
		"JOIN app_user u ON u.id = l.issued_by "
		"LEFT JOIN champion c ON c.id = l.champion_id "
		"JOIN loan_item i ON i.loan_id = l.id "
		"JOIN device d ON d.id = i.device_id "
		"WHERE l.ref = ? ORDER BY i.id";

	return lend__show(out, db, sql, "loan", "loan", ref);
}

int lend_loan_overdue(lend_rows **out, lend_db *db, const char *as_of)
{
	/* julianday() is SQLite's; PostgreSQL subtracts dates directly. */
	static const char sql[] =
		"SELECT d.tag, l.ref AS loan, b.ref AS borrower, i.due_on, "
		"CAST(julianday(?1) - julianday(i.due_on) AS INTEGER) "
		" AS days_late, c.ref AS champion, c.name AS champion_name, "
		"c.phone AS champion_phone, c.email AS champion_email "
		"FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"JOIN device d ON d.id = i.device_id "
		"JOIN borrower b ON b.id = l.borrower_id "
		"LEFT JOIN support s ON s.borrower_id = b.id AND s.ends_on IS NULL "
		"LEFT JOIN champion c ON c.id = s.champion_id "
		"WHERE i.returned_at IS NULL AND i.due_on < ?1 "
		"ORDER BY i.due_on, d.tag";
	char today[LEND__TIME_LEN];
	int rc;

	lend__reset(db);
	lend__now(today);
	today[10] = '\0';
	if (as_of && (rc = lend__check_date(db, "overdue", "date", as_of)))
		return rc;
	return lend__query_rows(out, db, sql,
	                        LEND__ARGS(LEND__T(as_of ? as_of : today)));
}

int lend_sim_expiring(lend_rows **out, lend_db *db, int days)
{
	static const char sql[] =
		"SELECT d.tag, d.plan_expires_on, "
		"CAST(julianday(d.plan_expires_on) - julianday(?1) AS INTEGER) "
		" AS days_left, d.phone_number, d.network, d.status, "
		"b.ref AS borrower, c.ref AS champion, c.name AS champion_name, "
		"c.phone AS champion_phone "
		"FROM device d "
		"LEFT JOIN loan_item i ON i.device_id = d.id "
		" AND i.returned_at IS NULL "
		"LEFT JOIN loan l ON l.id = i.loan_id "
		"LEFT JOIN borrower b ON b.id = l.borrower_id "
		"LEFT JOIN support s ON s.borrower_id = b.id AND s.ends_on IS NULL "
		"LEFT JOIN champion c ON c.id = s.champion_id "
		"WHERE d.plan_expires_on IS NOT NULL AND d.status <> 'retired' "
		"AND d.plan_expires_on <= ?2 ORDER BY d.plan_expires_on, d.tag";
	char today[LEND__TIME_LEN], until[11];

	lend__reset(db);
	if (days < 0 || days > 3660)
		return lend__error(db, LEND_EINVAL, "sim: days '%d' must be 0 to "
		                   "3660", days);
	lend__now(today);
	today[10] = '\0';
	lend__date_add(until, today, days);
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(today),
	                                                 LEND__T(until)));
}

int lend_loan_sign(lend_db *db, const char *loan, const char *at)
{
	static const char sql[] =
		"UPDATE loan SET signed_at = ?, signed_by = ?, terms_version = ? "
		"WHERE id = ?";
	char when[LEND__TIME_LEN], *terms = NULL;
	lend_rows *old = NULL;
	int64_t actor, id;
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "sign", LEND__ADMIN | LEND__STAFF,
	                      "record signatures")) ||
	    (rc = lend__loan_id(&id, db, "sign", loan)) ||
	    (rc = lend__resolve_at(db, "sign", when, at)) ||
	    (rc = lend__snapshot(&old, db, "loan", id)) ||
	    (rc = lend__setting_text(&terms, db, "terms.version")))
		goto done;
	if (lend_rows_get(old, 0, "signed_at")) {
		rc = lend__error(db, LEND_ECONFLICT, "sign: loan %s was signed on "
		                 "%s", loan, lend_rows_get(old, 0, "signed_at"));
		goto done;
	}
	if (strcmp(when, lend_rows_get(old, 0, "out_at")) < 0) {
		rc = lend__error(db, LEND_EINVAL, "sign: time '%s' is before the "
		                 "loan went out (%s)", when,
		                 lend_rows_get(old, 0, "out_at"));
		goto done;
	}
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(when), LEND__I(actor),
	                                         LEND__T(terms), LEND__I(id)))))
		goto done;
	rc = lend__event(db, when, actor, "loan", id, "sign", old, NULL);
done:
	free(terms);
	lend_rows_free(old);
	return lend__txn_end(db, rc);
}

/* ---- Import of loans past and present -------------------------------- */

/* The item of R's loan for R's device, if there is one already. */
static int item_known(lend_db *db, const char *ref, int64_t device)
{
	static const char sql[] =
		"SELECT i.id FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"WHERE l.ref = ? AND i.device_id = ?";
	int64_t id;

	return ref && lend__query_int(&id, db, sql, LEND__ARGS(LEND__T(ref),
	                              LEND__I(device))) == 0;
}

/* The loan R names, made now if it is new; REF (32 bytes) its ref. */
static int import_loan(int64_t *id, char *ref, lend_db *db, int64_t actor,
                       const lend__loan_row *r, int64_t borrower,
                       int64_t site, const char *out_at)
{
	static const char add[] =
		"INSERT INTO loan (ref, borrower_id, site_id, issued_by, "
		"champion_id, out_at) VALUES (?, ?, ?, ?, ?, ?)";
	int64_t issuer = actor, champion = 0;
	int rc;

	if (r->ref && lend__query_int(id, db, "SELECT id FROM loan WHERE ref = ?",
	                              LEND__ARGS(LEND__T(r->ref))) == 0) {
		snprintf(ref, 32, "%s", r->ref);
		return 0;
	}
	if ((r->issued_by && (rc = lend__user_id(&issuer, db, "loan",
	                                         r->issued_by))) ||
	    (r->champion && (rc = lend__champion_id(&champion, db, "loan",
	                                            r->champion))))
		return rc;
	if (r->ref) {
		if ((rc = lend__check_code(db, "loan", "ref", r->ref, 31)))
			return rc;
		snprintf(ref, 32, "%s", r->ref);
	} else if ((rc = lend__allocate(ref, 32, db, "loan", "L", 6,
	                                "SELECT id FROM loan WHERE ref = ?"))) {
		return rc;
	}
	if ((rc = lend__insert(id, db, add, LEND__ARGS(LEND__T(ref),
	                       LEND__I(borrower), LEND__I(site), LEND__I(issuer),
	                       champion ? LEND__I(champion) : LEND__NUL,
	                       LEND__T(out_at)))))
		return rc;
	return lend__event(db, out_at, actor, "loan", *id, "create", NULL, NULL);
}

int lend__loan_import(int *skipped, lend_db *db, int64_t actor,
                      const lend__loan_row *r)
{
	static const char item_sql[] =
		"INSERT INTO loan_item (loan_id, device_id, due_on, condition_out, "
		"condition_in, returned_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char close_sql[] =
		"UPDATE loan SET closed_at = (SELECT max(returned_at) FROM "
		"loan_item WHERE loan_id = ?1) WHERE id = ?1 AND NOT EXISTS "
		"(SELECT 1 FROM loan_item WHERE loan_id = ?1 AND returned_at IS NULL)";
	static const char *const outcomes[] = { "returned", "lost", NULL };
	char out_at[LEND__TIME_LEN], back[LEND__TIME_LEN], due[11], ref[32];
	const char *outcome = r->outcome;
	int64_t borrower, site, loan, item;
	device_row d;
	int rc;

	*skipped = 0;
	if ((rc = lend__borrower_id(&borrower, db, "loan", r->borrower)) ||
	    (rc = get_device(&d, db, "loan", r->tag ? r->tag : "", 0)))
		return rc;
	if (item_known(db, r->ref, d.id)) {
		*skipped = 1;
		return 0;
	}
	if (!r->out_at)
		return lend__error(db, LEND_EINVAL, "loan: out date is required");
	if ((rc = lend__resolve_at(db, "loan", out_at, r->out_at)) ||
	    (r->returned_at &&
	     (rc = lend__resolve_at(db, "loan", back, r->returned_at))) ||
	    (r->due_on && (rc = lend__check_date(db, "loan", "due date",
	                                         r->due_on))) ||
	    (outcome && (rc = lend__check_one_of(db, "loan", "outcome", outcome,
	                                         outcomes))))
		return rc;
	if (r->returned_at && strcmp(back, out_at) < 0)
		return lend__error(db, LEND_EINVAL, "loan: returned '%s' is before "
		                   "it went out (%s)", back, out_at);
	if (!r->returned_at && outcome)
		return lend__error(db, LEND_EINVAL, "loan: outcome '%s' needs a "
		                   "return date", outcome);
	if (r->returned_at && !outcome)
		outcome = "returned";
	if (r->due_on) {
		snprintf(due, sizeof(due), "%s", r->due_on);
	} else {
		lend_checkout_spec none = { 0 };

		if ((rc = due_date(due, db, &none, d.kind, out_at)))
			return rc;
	}
	if (r->site)
		rc = lend__site_id(&site, db, "loan", r->site);
	else
		site = d.site;
	/* Still out: the device goes on loan, as a check-out would put it. */
	if (rc == 0 && !r->returned_at) {
		if (strcmp(d.status, "available") != 0)
			return not_available(db, &d);
		rc = check_order(db, "loan", d.tag, out_at, d.changed_at);
	}
	if (rc || (rc = import_loan(&loan, ref, db, actor, r, borrower, site,
	                            out_at)))
		return rc;
	if (r->returned_at)
		rc = lend__insert(&item, db, item_sql, LEND__ARGS(LEND__I(loan),
		                  LEND__I(d.id), LEND__T(due),
		                  LEND__T(r->condition_out), LEND__T(r->condition_in),
		                  LEND__T(back), LEND__T(outcome)));
	else
		rc = lend_item(db, loan, ref, d.id, due, r->condition_out, out_at,
		               actor);
	return rc ? rc : lend__exec(db, close_sql, LEND__ARGS(LEND__I(loan)));
}
