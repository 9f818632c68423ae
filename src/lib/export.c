/*
 * Export: devices, borrowers, loans and events as CSV (RFC 4180, CRLF;
 * "excel": with a UTF-8 byte-order mark too) or JSON.
 * Device and borrower columns are named as import reads them, so that an
 * export imported into a fresh database exports the same again.  An
 * export holding personal data is the coordinator's to make.
 */
#include <assert.h>
#include <string.h>

#include "internal.h"

static const struct what {
	const char *name;
	unsigned roles;
	const char *sql; /* loans: through the scope (LEND__SCOPE) */
} whats[] = {
	{ "devices", LEND__ADMIN | LEND__STAFF,
	  "SELECT d.tag, d.kind, d.make, d.model, d.serial, d.imei, d.iccid, "
	  "d.phone_number AS number, d.network, d.data_allowance AS allowance, "
	  "d.plan_expires_on AS plan_expires, m.code AS member, "
	  "s.code AS site, g.code AS \"grant\", d.purchased_on AS purchased, "
	  /* printf() is SQLite's; PostgreSQL would use to_char(). */
	  "CASE WHEN d.cost_pence IS NOT NULL THEN printf('%d.%02d', "
	  " d.cost_pence / 100, d.cost_pence % 100) END AS cost, "
	  "d.condition, d.notes, d.added_at AS added "
	  "FROM device d JOIN member m ON m.id = d.member_id "
	  "JOIN site s ON s.id = d.site_id "
	  "LEFT JOIN funding_grant g ON g.id = d.grant_id ORDER BY d.tag" },
	{ "borrowers", LEND__ADMIN,
	  "SELECT b.ref, b.name, b.phone, b.email, "
	  "b.postcode_district AS postcode, m.code AS member, b.language, "
	  "b.consent_at, b.consent_terms, b.notes "
	  "FROM borrower b JOIN member m ON m.id = b.member_id ORDER BY b.ref" },
	{ "loans", LEND__ADMIN | LEND__STAFF,
	  "SELECT l.ref AS loan, b.ref AS borrower, d.tag, s.code AS site, "
	  "u.name AS issued_by, c.ref AS champion, l.out_at, i.due_on, "
	  "i.returned_at, i.outcome, i.condition_out, i.condition_in "
	  "FROM loan_item i JOIN loan l ON l.id = i.loan_id "
	  "JOIN borrower b ON b.id = l.borrower_id "
	  "JOIN device d ON d.id = i.device_id JOIN site s ON s.id = l.site_id "
	  "JOIN app_user u ON u.id = l.issued_by "
	  "LEFT JOIN champion c ON c.id = l.champion_id WHERE "
	  LEND__SCOPE("b") "ORDER BY l.id, i.id" },
	{ "events", LEND__ADMIN,
	  "SELECT e.id, e.at, e.recorded_at, u.name AS actor, e.entity, "
	  "e.entity_id, e.action, e.before, e.after FROM event e "
	  "LEFT JOIN app_user u ON u.id = e.actor_id ORDER BY e.id" },
};

static void csv(lend__buf *b, const lend_rows *r)
{
	size_t i, c, n = lend_rows_columns(r);

	for (c = 0; c < n; c++) {
		if (c)
			lend__buf_str(b, ",");
		lend__csv_cell(b, lend_rows_name(r, c));
	}
	lend__buf_str(b, "\r\n");
	for (i = 0; i < lend_rows_count(r); i++) {
		for (c = 0; c < n; c++) {
			if (c)
				lend__buf_str(b, ",");
			lend__csv_cell(b, lend_rows_text(r, i, c));
		}
		lend__buf_str(b, "\r\n");
	}
}

static int make(lend__buf *out, lend_db *db, const char *name,
                const char *format)
{
	const struct what *w = NULL;
	lend_rows *rows = NULL;
	char *json = NULL;
	lend__scope scope;
	int64_t actor;
	size_t i;
	int rc;

	lend__reset(db);
	for (i = 0; i < sizeof(whats) / sizeof(whats[0]); i++)
		if (strcmp(whats[i].name, name) == 0)
			w = &whats[i];
	if (!w)
		return lend__fail(db, LEND_EINVAL, "export.kind", "kind",
		                  lend__is_text(name) ? name : "?", NULL);
	if (strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "excel"))
		return lend__fail(db, LEND_EINVAL, "export.format", "format",
		                  lend__is_text(format) ? format : "?", NULL);
	if ((rc = lend__actor(&actor, db, "export", w->roles,
	                      "export this")) ||
	    (rc = lend__scope_get(&scope, db, "export")) ||
	    (rc = w->roles & LEND__STAFF && strcmp(name, "loans") == 0
	     ? lend__query_rows(&rows, db, w->sql,
	                        LEND__ARGS(LEND__SCOPE_ARGS(&scope)))
	     : lend__query_rows(&rows, db, w->sql, LEND__NO_ARGS)))
		return rc;
	if (strcmp(format, "json") != 0) {
		/* Excel reads UTF-8 only after a byte-order mark. */
		if (strcmp(format, "excel") == 0)
			lend__buf_str(out, "\xEF\xBB\xBF");
		csv(out, rows);
	} else if ((rc = lend_rows_json(&json, rows, 0)) == 0) {
		lend__buf_str(out, json);
		lend__buf_str(out, "\n");
		lend_free(json);
	}
	lend_rows_free(rows);
	if (rc || out->oom)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	return 0;
}

int lend_export_render(char **out, size_t *len, lend_db *db,
                       const char *what, const char *format)
{
	lend__buf b = { 0 };
	int rc;

	assert(db);
	rc = make(&b, db, what, format ? format : "csv");
	return lend__buf_out(out, len, db, &b, rc);
}

int lend_export_write(lend_db *db, const char *what, const char *format,
                      const char *path)
{
	lend__buf b = { 0 };
	int rc;

	assert(db);
	rc = make(&b, db, what, format ? format : "csv");
	return lend__buf_file(db, path, &b, rc);
}
