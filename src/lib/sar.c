/*
 * Subject access: everything held about a borrower, as JSON for a
 * machine or as a plain PDF a person can read, for their right under UK
 * GDPR to see it.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawing.h"

static const struct part {
	const char *name, *sql;
} parts[] = {
	{ "borrower",
	  "SELECT b.ref, b.name, b.phone, b.email, b.postcode_district, "
	  "m.code AS member, b.language, b.consent_at, b.consent_terms, "
	  "b.notes, b.created_at, b.forgotten_at FROM borrower b "
	  "JOIN member m ON m.id = b.member_id WHERE b.id = ?1" },
	{ "support",
	  "SELECT c.ref AS champion, c.name AS champion_name, s.starts_on, "
	  "s.ends_on FROM support s JOIN champion c ON c.id = s.champion_id "
	  "WHERE s.borrower_id = ?1 ORDER BY s.starts_on" },
	{ "sessions",
	  "SELECT x.held_on, x.minutes, x.topic, c.ref AS champion "
	  "FROM support_session x JOIN champion c ON c.id = x.champion_id "
	  "WHERE x.borrower_id = ?1 ORDER BY x.held_on" },
	{ "loans",
	  "SELECT l.ref AS loan, l.out_at, l.closed_at, l.signed_at, d.tag, "
	  "d.kind, d.make, d.model, i.due_on, i.returned_at, i.outcome "
	  "FROM loan l JOIN loan_item i ON i.loan_id = l.id "
	  "JOIN device d ON d.id = i.device_id WHERE l.borrower_id = ?1 "
	  "ORDER BY l.id, i.id" },
	{ "holds",
	  "SELECT ref, kind, placed_at, status, closed_at FROM hold "
	  "WHERE borrower_id = ?1 ORDER BY placed_at" },
	{ "events",
	  "SELECT e.at, e.entity, e.action, e.before, e.after FROM event e "
	  "WHERE (e.entity = 'borrower' AND e.entity_id = ?1) "
	  "OR (e.entity = 'loan' AND e.entity_id IN "
	  " (SELECT id FROM loan WHERE borrower_id = ?1)) "
	  "OR (e.entity = 'session' AND e.entity_id IN "
	  " (SELECT id FROM support_session WHERE borrower_id = ?1)) "
	  "ORDER BY e.at, e.id" },
};

#define NPARTS (sizeof(parts) / sizeof(parts[0]))

static int gather(lend_rows **rows, lend_db *db, int64_t id)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < NPARTS; i++)
		rc = lend__query_rows(&rows[i], db, parts[i].sql,
		                      LEND__ARGS(LEND__I(id)));
	return rc;
}

static int as_json(lend__buf *b, lend_rows **rows)
{
	char *json = NULL;
	size_t i;

	lend__buf_str(b, "{");
	for (i = 0; i < NPARTS; i++) {
		if (lend_rows_json(&json, rows[i], i == 0 ? LEND_JSON_OBJECT : 0))
			return LEND_ENOMEM;
		lend__buf_printf(b, "%s\"%s\":%s", i ? "," : "", parts[i].name,
		                 json);
		lend_free(json);
	}
	lend__buf_str(b, "}\n");
	return 0;
}

/* One record: a "field: value" line each field that has a value. */
static void record(lend__flow *f, const lend_rows *rows, size_t r)
{
	char line[600];
	size_t c;

	for (c = 0; c < lend_rows_columns(rows); c++) {
		const char *v = lend_rows_text(rows, r, c);

		if (!v)
			continue;
		snprintf(line, sizeof(line), "%s: %.500s", lend_rows_name(rows, c),
		         v);
		lend__flow_line(f, f->margin, 0, 8, 8 * 1.5, line);
	}
	f->y += 4;
}

/* A plain PDF a person can read: each part, each record a block of
 * "field: value" lines.  Lines are not wrapped: a long value runs on. */
static int as_pdf(lend__buf *out, lend_db *db, lend_rows **rows,
                  const char *ref)
{
	lend__pdf *p = NULL;
	lend__flow f;
	char title[80];
	size_t i, r;
	int rc = lend__pdf_open(&p, db, ref);

	if (rc)
		return rc;
	lend__flow_start(&f, p, LEND__MM(210), LEND__MM(297), LEND__MM(18),
	                 LEND__MM(18));
	lend__flow_page(&f);
	snprintf(title, sizeof(title), "Information held about %s", ref);
	lend__flow_line(&f, f.margin, 1, 15, 15 * 1.5, title);
	for (i = 0; i < NPARTS; i++) {
		f.y += 8;
		lend__flow_line(&f, f.margin, 1, 11, 11 * 1.5, parts[i].name);
		if (lend_rows_count(rows[i]) == 0)
			lend__flow_line(&f, f.margin, 0, 8, 8 * 1.5, "(none)");
		for (r = 0; r < lend_rows_count(rows[i]); r++)
			record(&f, rows[i], r);
	}
	rc = lend__pdf_finish(p, db, out);
	lend__pdf_free(p);
	return rc;
}

static int subject(lend__buf *out, lend_db *db, const char *ref,
                   const char *format)
{
	lend_rows *rows[NPARTS] = { 0 };
	int64_t actor, id;
	size_t i;
	int rc;

	lend__reset(db);
	if (strcmp(format, "json") && strcmp(format, "pdf"))
		return lend__error(db, LEND_EINVAL, "borrower: unknown format "
		                   "'%s' (one of: json, pdf)",
		                   lend__is_text(format) ? format : "?");
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN,
	                      "export a borrower's data")) ||
	    (rc = lend__id(&id, db, "borrower", LEND__ENTITY_BORROWER, ref)) ||
	    (rc = gather(rows, db, id)))
		goto done;
	rc = strcmp(format, "json") == 0 ? as_json(out, rows)
	                                 : as_pdf(out, db, rows, ref);
	if (rc == LEND_ENOMEM || out->oom)
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
done:
	for (i = 0; i < NPARTS; i++)
		lend_rows_free(rows[i]);
	return rc;
}

int lend_borrower_export(char **out, size_t *len, lend_db *db,
                         const char *ref, const char *format)
{
	lend__buf b = { 0 };
	int rc = subject(&b, db, ref, format ? format : "json");

	return lend__buf_out(out, len, db, &b, rc);
}

int lend_borrower_export_write(lend_db *db, const char *ref,
                               const char *format, const char *path)
{
	lend__buf b = { 0 };
	int rc = subject(&b, db, ref, format ? format : "json");

	return lend__buf_file(db, path, &b, rc);
}
