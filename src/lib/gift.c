/*
 * Loan to gift (issue 20): a loan ends by giving its devices to the
 * borrower.  Each device (a kit whole, with its parts) leaves the pool as
 * 'gifted', its loan item closes, a gift row keeps when, by whom and a
 * SIM's plan end, and a transfer of ownership in the borrower's language
 * is drawn for signing.  The reason is the move's note (event_note), so
 * that erasing the borrower removes it.  device.c makes the moves.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "words.h"

/* The devices a gift of loan LOAN gives: its open items that are not kit
 * parts (a kit brings them), or device TAG's alone. */
static const char items_sql[] =
	"SELECT d.id, d.tag FROM loan_item i JOIN device d ON d.id = i.device_id "
	"WHERE i.loan_id = ?1 AND i.returned_at IS NULL AND (?2 IS NULL "
	"OR d.tag = ?2) AND NOT EXISTS (SELECT 1 FROM kit_part p "
	"WHERE p.part_id = d.id) ORDER BY i.id";

/* The loan REF names, or the one holding device REF open; *TAG is set to
 * REF when it is a device. */
static int which_loan(int64_t *loan, const char **tag, lend_db *db,
                      const char *ref)
{
	static const char open_sql[] =
		"SELECT loan_id FROM loan_item WHERE device_id = ? "
		"AND returned_at IS NULL";
	lend__device d;
	int rc = lend__find(loan, db, LEND__ENTITY_LOAN, ref);

	*tag = NULL;
	if (rc != LEND_ENOTFOUND)
		return rc;
	if ((rc = lend__device_find(&d, db, ref)) == LEND_ENOTFOUND)
		return lend__fail(db, LEND_ENOTFOUND, "gift.not_found", "ref",
		                  ref, NULL);
	if (rc)
		return rc;
	if (d.kit[0])
		return lend__fail(db, LEND_ECONFLICT, "gift.kit_part", "tag",
		                  d.tag, "kit", d.kit, NULL);
	rc = lend__query_int(loan, db, open_sql, LEND__ARGS(LEND__I(d.id)));
	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, LEND_ECONFLICT, "gift.not_on_loan", "tag",
		                  d.tag, "status", d.status, NULL);
	*tag = ref;
	return rc;
}

/* Staff give away only their own member's devices, as they retire only
 * those (DESIGN.md); an admin any. */
static int may_give(lend_db *db, int64_t actor, int64_t device,
                    const char *tag)
{
	static const char sql[] =
		"SELECT m.code FROM device d JOIN member m ON m.id = d.member_id "
		"JOIN app_user u ON u.id = ?2 WHERE d.id = ?1 AND u.role = 'staff' "
		"AND u.member_id <> d.member_id";
	char *owner = NULL;
	int rc = lend__query_text(&owner, db, sql,
	                          LEND__ARGS(LEND__I(device), LEND__I(actor)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = lend__fail(db, LEND_EDENIED, "gift.other_member", "tag",
		                tag, "member", owner, NULL);
	free(owner);
	return rc;
}

/* Give device ID (on loan LOAN) away, and its parts with it. */
static int give_one(lend_db *db, int64_t loan, int64_t id, const char *at,
                    int64_t actor, const char *extra)
{
	static const char gift_sql[] =
		"INSERT INTO gift (loan_id, device_id, plan_expires_on, given_by, "
		"given_at) SELECT ?, id, plan_expires_on, ?, ? FROM device "
		"WHERE id = ?";
	lend__move m = { 0 };
	lend__device d;
	int rc;

	if ((rc = lend__device_get_id(&d, db, "gift", id)) ||
	    (rc = may_give(db, actor, id, d.tag)) ||
	    (rc = lend__device_check_order(db, "gift", d.tag, at, d.changed_at)) ||
	    (rc = lend__loan_item_close(db, id, "returned", NULL, at, actor)))
		return rc;
	m.to = "gifted";
	m.action = "gift";
	m.at = at;
	m.extra = extra;
	m.actor = actor;
	if ((rc = lend__device_move(db, id, &m)) ||
	    (rc = lend__exec(db, gift_sql, LEND__ARGS(LEND__I(loan),
	                     LEND__I(actor), LEND__T(at), LEND__I(id)))))
		return rc;
	return 0;
}

/* Give device ID and the parts of it still on loan. */
static int give_kit(lend_db *db, int64_t loan, int64_t id, const char *at,
                    int64_t actor, const char *extra)
{
	lend_rows *parts = NULL;
	size_t i;
	int rc = give_one(db, loan, id, at, actor, extra);

	if (rc == 0)
		rc = lend__kit_parts(&parts, db, id);
	for (i = 0; rc == 0 && i < lend_rows_count(parts); i++) {
		int64_t part = strtoll(lend_rows_text(parts, i, 0), NULL, 10);
		lend__device p;

		if ((rc = lend__device_get_id(&p, db, "gift", part)) == 0 &&
		    strcmp(p.status, "on_loan") == 0)
			rc = give_one(db, loan, part, at, actor, NULL);
	}
	lend_rows_free(parts);
	return rc;
}

/* {"note":REASON}, or NULL when out of memory. */
static char *reason_extra(const char *reason)
{
	lend__buf b = { 0 };

	lend__buf_str(&b, "{\"note\":");
	lend__buf_json(&b, reason);
	lend__buf_str(&b, "}");
	return lend__buf_take(&b);
}

static int give(char **loan_ref, lend_db *db, const lend_gift_spec *s,
                const char *at, int64_t actor)
{
	lend_rows *devs = NULL;
	const char *tag;
	char *extra = NULL;
	int64_t loan;
	size_t i;
	int rc;

	if ((rc = which_loan(&loan, &tag, db, s->ref)) ||
	    (rc = lend__query_rows(&devs, db, items_sql,
	                           LEND__ARGS(LEND__I(loan), LEND__T(tag)))) ||
	    (rc = lend__query_text(loan_ref, db, "SELECT ref FROM loan "
	                           "WHERE id = ?", LEND__ARGS(LEND__I(loan)))))
		goto done;
	if (lend_rows_count(devs) == 0) {
		rc = lend__fail(db, LEND_ECONFLICT, "gift.nothing_out", "loan",
		                *loan_ref, NULL);
		goto done;
	}
	if (!(extra = reason_extra(s->reason))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	for (i = 0; rc == 0 && i < lend_rows_count(devs); i++)
		rc = give_kit(db, loan, strtoll(lend_rows_text(devs, i, 0), NULL,
		              10), at, actor, extra);
done:
	free(extra);
	lend_rows_free(devs);
	return rc;
}

/* ---- The transfer of ownership -------------------------------------- */

static const char gifts_sql[] =
	"SELECT d.tag, d.kind, d.make, d.model, d.serial, d.imei, "
	"g.plan_expires_on, m.name AS member, g.given_at, "
	"coalesce(u.full_name, u.name) AS given_by "
	"FROM gift g JOIN device d ON d.id = g.device_id "
	"JOIN member m ON m.id = d.member_id JOIN app_user u ON u.id = g.given_by "
	"WHERE g.loan_id = (SELECT id FROM loan WHERE ref = ?) ORDER BY g.id";

/* A device given, as a line: tag, kind, make and model, serial, IMEI, a
 * SIM's plan end. */
static void device_line(lend__doc *d, const lend_rows *g, size_t i,
                        double width)
{
	const char *serial = lend_rows_get(g, i, "serial");
	const char *imei = lend_rows_get(g, i, "imei");
	const char *plan = lend_rows_get(g, i, "plan_expires_on");
	char kind[128], w[128], buf[640];

	snprintf(buf, sizeof(buf), "%s  %s  %s %s%s%s%s%s",
	         lend_rows_get(g, i, "tag"),
	         lend__doc_kind(d, lend_rows_get(g, i, "kind"), kind,
	                        sizeof(kind)),
	         lend_rows_get(g, i, "make"), lend_rows_get(g, i, "model"),
	         serial ? ", " : "", serial ? serial : "", imei ? ", IMEI " : "",
	         imei ? imei : "");
	if (plan)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ", %s %s",
		         lend__doc_say_book(d, "gift", "plan", w, sizeof(w)), plan);
	lend__flow_wrap(&d->flow, d->flow.margin, width, 0, 11, 15, buf);
}

/* The statement in each language of the document, filled in. */
static void statement(lend__doc *d, const lend_rows *g, double width)
{
	static const char *const names[] = { "member", "name", "date" };
	static const char *const langs[] = { "en", "cy" };
	char text[1024], date[128];
	int k;

	for (k = 0; k < 2; k++) {
		const char *values[3];
		lend__buf b = { 0 };
		char *s;

		if (!(d->langs & (k ? LEND__CY : LEND__EN)))
			continue;
		lend__long_date(date, sizeof(date), langs[k],
		                    lend_rows_get(g, 0, "given_at"));
		values[0] = lend_rows_get(g, 0, "member");
		values[1] = lend__doc_field(d, "borrower_name");
		values[2] = date;
		lend__words(text, sizeof(text), "gift", langs[k], "statement");
		lend__doc_fill(&b, text, names, values, 3);
		lend__buf_str(&b, "\n\n");
		lend__words(text, sizeof(text), "gift", langs[k], "no_data");
		lend__buf_str(&b, text);
		if ((s = lend__buf_take(&b)))
			lend__flow_wrap(&d->flow, d->flow.margin, width, 0, 11, 15, s);
		free(s);
		d->flow.y += 12;
	}
}

static void sign_line(lend__doc *d, const char *who, const char *name)
{
	lend__flow *f = &d->flow;
	char a[128], b[64];

	f->y += 40;
	lend__flow_rule(f, f->y);
	lend__flow_text(f, f->margin, f->y + 13, 0, 10,
	                lend__doc_say_book(d, "gift", who, a, sizeof(a)));
	lend__flow_text(f, f->margin + 300, f->y + 13, 0, 10,
	                lend__doc_say_book(d, "gift", "date", b, sizeof(b)));
	lend__flow_text(f, f->margin, f->y + 28, 1, 11, name);
	f->y += 30;
}

static void transfer_page(lend__doc *d, const lend_rows *g)
{
	lend__flow *f = &d->flow;
	double width = f->w - 2 * f->margin;
	char a[128], buf[512];
	size_t i;

	lend__flow_page(f);
	lend__flow_wrap(f, f->margin, width, 1, 12, 16, d->consortium);
	lend__flow_wrap(f, f->margin, width, 1, 20, 28,
	                lend__doc_say_book(d, "gift", "title", a, sizeof(a)));
	snprintf(buf, sizeof(buf), "%s: %s", lend__doc_say_book(d, "gift",
	         "loan", a, sizeof(a)), lend__doc_field(d, "ref"));
	lend__flow_wrap(f, f->margin, width, 0, 11, 15, buf);
	f->y += 10;
	snprintf(buf, sizeof(buf), "%s: %s", lend__doc_say_book(d, "gift",
	         "from", a, sizeof(a)), lend_rows_get(g, 0, "member"));
	lend__flow_wrap(f, f->margin, width, 0, 12, 16, buf);
	snprintf(buf, sizeof(buf), "%s: %s (%s)", lend__doc_say_book(d, "gift",
	         "to", a, sizeof(a)), lend__doc_field(d, "borrower_name"),
	         lend__doc_field(d, "borrower"));
	lend__flow_wrap(f, f->margin, width, 0, 12, 16, buf);
	f->y += 10;
	lend__flow_wrap(f, f->margin, width, 1, 12, 16,
	                lend__doc_say_book(d, "gift", "devices", a, sizeof(a)));
	for (i = 0; i < lend_rows_count(g); i++)
		device_line(d, g, i, width);
	f->y += 10;
	statement(d, g, width);
	sign_line(d, "sign_borrower", lend__doc_field(d, "borrower_name"));
	sign_line(d, "sign_staff", lend_rows_get(g, 0, "given_by"));
}

/* The transfer of ownership of what loan LOAN gave, into OUT. */
static int transfer(lend__buf *out, lend_db *db, const char *loan,
                    const char *lang)
{
	lend_rows *g = NULL;
	lend__doc d;
	int rc = lend__doc_load(&d, db, "gift", loan, lang);

	if (rc == 0 && (rc = lend__query_rows(&g, db, gifts_sql,
	                                      LEND__ARGS(LEND__T(loan)))) == 0 &&
	    lend_rows_count(g) == 0)
		rc = lend__fail(db, LEND_ENOTFOUND, "gift.none_given", "loan",
		                loan, NULL);
	if (rc == 0) {
		lend__flow_start(&d.flow, d.pdf, LEND__MM(210), LEND__MM(297),
		                 LEND__MM(20), LEND__MM(20));
		transfer_page(&d, g);
		rc = lend__pdf_finish(d.pdf, db, out);
	}
	lend_rows_free(g);
	lend__doc_free(&d);
	return rc;
}

int lend_gift_make(char **out, lend_db *db, const lend_gift_spec *spec)
{
	char at[LEND__TIME_LEN];
	char *loan = NULL;
	lend__buf b = { 0 };
	int64_t actor;
	int rc, written = 0;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "gift", LEND__ADMIN | LEND__STAFF,
	                      "give devices away")) ||
	    (rc = lend__resolve_at(db, "gift", at, spec->at)) ||
	    (rc = lend__check_text(db, "gift", "reason", spec->reason, 1)))
		goto done;
	if (!spec->ref || !*spec->ref) {
		rc = lend__fail(db, LEND_EINVAL, "gift.no_loan", NULL);
		goto done;
	}
	if ((rc = lend__hold_settle(db, at)) ||
	    (rc = give(&loan, db, spec, at, actor)) ||
	    (rc = transfer(&b, db, loan, spec->lang)))
		goto done;
	/* The paper is written before the commit and removed if the commit
	 * fails: never a gift without its transfer, nor the reverse. */
	if (spec->path && (rc = lend__buf_file(db, spec->path, &b, 0)) == 0)
		written = 1;
done:
	lend__buf_free(&b);
	rc = lend__txn_end(db, rc);
	if (rc != 0 && written)
		unlink(spec->path);
	if (rc == 0)
		*out = loan;
	else
		free(loan);
	return rc;
}

int lend_gift_render(char **out, size_t *len, lend_db *db, const char *loan,
                     const char *lang)
{
	lend__buf b = { 0 };
	int rc;

	assert(db);
	lend__reset(db);
	rc = transfer(&b, db, loan, lang);
	return lend__buf_out(out, len, db, &b, rc);
}

int lend_gift_write(lend_db *db, const char *loan, const char *lang,
                    const char *path)
{
	lend__buf b = { 0 };
	int rc;

	assert(db);
	lend__reset(db);
	rc = transfer(&b, db, loan, lang);
	return lend__buf_file(db, path, &b, rc);
}
