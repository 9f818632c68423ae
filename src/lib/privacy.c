/*
 * A borrower's rights under UK GDPR: to see everything held about them
 * (subject access), to be erased, and to be kept no longer than needed
 * (retention).  Erasure replaces the personal fields and keeps what the
 * reports count (district, member, language, loans), so a funder's
 * figures do not change; the event log holds no personal value by design
 * (event.c) and stays as it is.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

static int forget(lend_db *db, int64_t id, const char *ref, int64_t actor,
                  const char *now)
{
	static const char open_sql[] =
		"SELECT ref FROM loan WHERE borrower_id = ? AND closed_at IS NULL "
		"ORDER BY ref LIMIT 1";
	static const char sql[] =
		"UPDATE borrower SET name = '" LEND__ERASED "', phone = NULL, "
		"email = NULL, notes = NULL, forgotten_at = ? WHERE id = ?";
	lend_rows *old = NULL;
	char *loan = NULL;
	int rc = lend__query_text(&loan, db, open_sql,
	                          LEND__ARGS(LEND__I(id)));

	if (rc == 0) {
		rc = lend__error(db, LEND_ECONFLICT, "borrower: %s has loan %s "
		                 "open; check it in before erasing them", ref,
		                 loan);
		goto done;
	}
	if (rc != LEND_ENOTFOUND ||
	    (rc = lend__snapshot(&old, db, "borrower", id)))
		goto done;
	if (lend_rows_get(old, 0, "forgotten_at")) {
		rc = lend__error(db, LEND_ECONFLICT, "borrower: %s was erased on "
		                 "%s", ref, lend_rows_get(old, 0, "forgotten_at"));
		goto done;
	}
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(now), LEND__I(id)))))
		goto done;
	rc = lend__event(db, now, actor, "borrower", id, "forget", old, NULL);
done:
	free(loan);
	lend_rows_free(old);
	return rc;
}

int lend_borrower_forget(lend_db *db, const char *ref)
{
	char now[LEND__TIME_LEN];
	int64_t actor, id;
	int rc;

	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN,
	                      "erase borrowers")) ||
	    (rc = lend__borrower_id(&id, db, "borrower", ref)))
		goto done;
	rc = forget(db, id, ref, actor, now);
done:
	return lend__txn_end(db, rc);
}

/* Borrowers to erase: not erased yet, nothing out, and no loan, support
 * or session since CUTOFF. */
static const char idle_sql[] =
	"SELECT b.id, b.ref FROM borrower b WHERE b.forgotten_at IS NULL "
	"AND b.created_at < ?1 "
	"AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id "
	" AND (l.closed_at IS NULL OR l.closed_at >= ?1 OR l.out_at >= ?1)) "
	"AND NOT EXISTS (SELECT 1 FROM support s WHERE s.borrower_id = b.id "
	" AND (s.ends_on IS NULL OR s.ends_on >= substr(?1, 1, 10))) "
	"AND NOT EXISTS (SELECT 1 FROM support_session x "
	" WHERE x.borrower_id = b.id AND x.held_on >= substr(?1, 1, 10)) "
	"ORDER BY b.ref";

int lend_retention_run(size_t *out, lend_db *db, int dry_run)
{
	char now[LEND__TIME_LEN], cutoff[64];
	lend_rows *idle = NULL;
	int64_t actor, months;
	size_t i;
	int rc, y, m, d;

	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "retention", LEND__ADMIN,
	                      "apply retention")) ||
	    (rc = lend__setting_int(&months, db, "retention.months")))
		goto done;
	/* The same day RETENTION months ago (the 28th at most, so that it
	 * exists in every month). */
	sscanf(now, "%4d-%2d-%2d", &y, &m, &d);
	m -= (int)months;
	while (m < 1)
		m += 12, y--;
	snprintf(cutoff, sizeof(cutoff), "%04d-%02d-%02d%s", y, m,
	         d > 28 ? 28 : d, now + 10);
	if ((rc = lend__query_rows(&idle, db, idle_sql,
	                           LEND__ARGS(LEND__T(cutoff)))))
		goto done;
	for (i = 0; !dry_run && rc == 0 && i < lend_rows_count(idle); i++)
		rc = forget(db, strtoll(lend_rows_text(idle, i, 0), NULL, 10),
		            lend_rows_text(idle, i, 1), actor, now);
	if (rc == 0)
		*out = lend_rows_count(idle);
done:
	lend_rows_free(idle);
	return lend__txn_end(db, rc);
}

/* ---- Subject access ------------------------------------------------- */

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

/* A plain PDF a person can read: each part, each record a block of
 * "field: value" lines. */
static int as_pdf(lend__buf *out, lend_db *db, lend_rows **rows,
                  const char *ref)
{
	lend__pdf p;
	HPDF_Page page = NULL;
	double w = LEND__MM(210), h = LEND__MM(297), m = LEND__MM(18), y = h;
	char line[600], title[80];
	size_t i, r, c;
	int rc = lend__pdf_new(&p, db, ref);

#define LINE(bold, size, text) do { \
		if (y - (size) * 1.5 < m || !page) { \
			page = lend__pdf_page(&p, w, h); \
			y = h - m; \
		} \
		y -= (size) * 1.5; \
		lend__pdf_text(&p, page, m, y, bold, size, text); \
	} while (0)

	if (rc == 0) {
		snprintf(title, sizeof(title), "Information held about %s", ref);
		LINE(1, 15, title);
		for (i = 0; i < NPARTS; i++) {
			y -= 8;
			LINE(1, 11, parts[i].name);
			if (lend_rows_count(rows[i]) == 0)
				LINE(0, 8, "(none)");
			for (r = 0; r < lend_rows_count(rows[i]); r++) {
				for (c = 0; c < lend_rows_columns(rows[i]); c++) {
					const char *v = lend_rows_text(rows[i], r, c);

					if (!v)
						continue;
					snprintf(line, sizeof(line), "%s: %.500s",
					         lend_rows_name(rows[i], c), v);
					LINE(0, 8, line);
				}
				y -= 4;
			}
		}
		rc = lend__pdf_finish(&p, out);
	}
#undef LINE
	lend__pdf_free(&p);
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
	    (rc = lend__borrower_id(&id, db, "borrower", ref)) ||
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
