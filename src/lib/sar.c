/*
 * Subject access: everything held about a borrower, as JSON for a
 * machine or as a letter a person can read, for their right under UK
 * GDPR to see it: a dated covering page in their language (English or
 * Welsh) saying what is held and why, then each part as a table of plain
 * headings and values, dates written out in UK time, every line wrapped.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "drawing.h"
#include "words.h"

static const struct part {
	const char *name, *sql;
} parts[] = {
	{ "borrower",
	  "SELECT b.ref, b.name, b.phone, b.email, b.postcode_district, "
	  "m.name AS member, b.language, b.consent_at, b.consent_terms, "
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

/* The letter's state: the borrower's language, the page's text width. */
typedef struct letter {
	lend_db *db;
	const char *lang;
	lend__flow f;
	double width;
} letter;

/* Word KEY of the letter in its language, or KEY itself. */
static const char *say(const letter *l, const char *key, char *buf,
                       size_t size)
{
	const char *s = lend__words(buf, size, "sar", l->lang, key);

	return s ? s : key;
}

/* The day of the last Sunday of month M of Y, in days since 1970. */
static long last_sunday(int y, int m)
{
	long d = lend__days_of(y, m, 31);

	return d - ((d % 7 + 7) % 7 + 3 + 1) % 7;
}

/* A UTC time ("2026-07-01T09:30:00Z") in UK time, written out:
 * "Wednesday 1 July 2026, 10:30"; any other text as it is. */
static void uk_time(char *buf, size_t size, const char *lang, const char *v)
{
	int y, m, d, hh, mm, n = 0;
	long day, mins;
	char iso[11], date[96];

	if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%*2dZ%n", &y, &m, &d, &hh, &mm,
	           &n) != 5 || n != 20) {
		lend__long_date(buf, size, lang, v);
		return;
	}
	day = lend__days_of(y, m, d);
	mins = day * 1440 + hh * 60 + mm;
	/* British Summer Time: from 01:00 UTC on March's last Sunday to
	 * 01:00 UTC on October's. */
	if (mins >= last_sunday(y, 3) * 1440 + 60 &&
	    mins < last_sunday(y, 10) * 1440 + 60)
		mins += 60;
	lend__date_add(iso, "1970-01-01", (int)(mins / 1440));
	lend__long_date(date, sizeof(date), lang, iso);
	snprintf(buf, size, "%s, %02ld:%02ld", date, mins % 1440 / 60,
	         mins % 60);
}

/* Word KEY of the letter, or NULL when it has none. */
static const char *field_word(const letter *l, const char *name, size_t n,
                              char *buf, size_t size)
{
	char key[80];

	snprintf(key, sizeof(key), "field.%.*s", (int)n, name);
	return lend__words(buf, size, "sar", l->lang, key);
}

/* A change's flat JSON ({"status":"on_loan","at":"...Z"}) as plain
 * lines "Status: on_loan", times in UK time. */
static void plain_json(const letter *l, char *buf, size_t size,
                       const char *v)
{
	const char *p = v, *k, *ke, *w;
	char val[512], out[512], word[96];
	size_t n = 0, vn;

	buf[0] = '\0';
	while (n + 1 < size && (k = strchr(p, '"')) &&
	       (ke = strchr(k + 1, '"')) && ke[1] == ':') {
		p = ke + 2;
		if (*p == '"') {
			for (vn = 1; p[vn] && (p[vn] != '"' || p[vn - 1] == '\\');)
				vn++;
			snprintf(val, sizeof(val), "%.*s", (int)(vn - 1), p + 1);
			p += vn + (p[vn] == '"');
		} else {
			vn = strcspn(p, ",}");
			snprintf(val, sizeof(val), "%.*s", (int)vn, p);
			p += vn;
		}
		uk_time(out, sizeof(out), l->lang, val);
		w = field_word(l, k + 1, (size_t)(ke - k - 1), word, sizeof(word));
		n += (size_t)snprintf(buf + n, size - n, "%s%.*s: %s", n ? "\n" : "",
		                      w ? (int)strlen(w) : (int)(ke - k - 1),
		                      w ? w : k + 1, out);
		if (n >= size)
			break;
	}
}

static const char *value_text(const letter *l, const char *col,
                              const char *v, char *buf, size_t size)
{
	if (strcmp(col, "before") == 0 || strcmp(col, "after") == 0)
		plain_json(l, buf, size, v);
	else if (strcmp(col, "language") == 0)
		snprintf(buf, size, "%s", strcmp(v, "cy") == 0 ? "Cymraeg" :
		         strcmp(v, "en") == 0 ? "English" : v);
	else
		uk_time(buf, size, l->lang, v);
	return buf;
}

/* One record: a row of heading and value each field that has a value. */
static void record(letter *l, lend__table *t, const lend_rows *rows,
                   size_t r)
{
	char key[64], head[96], v[2048];
	const char *cells[2];
	size_t c;

	/* A record starts where it can end, at least its first few lines. */
	lend__flow_need(&l->f, 15 * (double)(lend_rows_columns(rows) < 6 ?
	                                     lend_rows_columns(rows) : 6));
	for (c = 0; c < lend_rows_columns(rows); c++) {
		const char *s = lend_rows_text(rows, r, c);

		if (!s || !*s)
			continue;
		snprintf(key, sizeof(key), "field.%s", lend_rows_name(rows, c));
		cells[0] = say(l, key, head, sizeof(head));
		cells[1] = value_text(l, lend_rows_name(rows, c), s, v, sizeof(v));
		lend__flow_table_row(&l->f, t, cells);
	}
	l->f.y += 8;
}

static void para(letter *l, int bold, const char *s)
{
	lend__flow_wrap(&l->f, l->f.margin, l->width, bold, 12, 17, s);
	l->f.y += 8;
}

/* KEY's words with {NAME} replaced by VALUE. */
static const char *fill(const letter *l, const char *key, const char *name,
                        const char *value, char *buf, size_t size)
{
	char text[1024];
	const char *s = say(l, key, text, sizeof(text)), *at = strstr(s, name);

	if (!at)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.*s%s%s", (int)(at - s), s, value,
		         at + strlen(name));
	return buf;
}

/* What is held: each part's heading and how many records it has. */
static void held(letter *l, lend_rows **rows)
{
	char key[32], w[128], line[160];
	size_t i;

	para(l, 1, say(l, "held", w, sizeof(w)));
	for (i = 0; i < NPARTS; i++) {
		snprintf(key, sizeof(key), "part.%s", parts[i].name);
		snprintf(line, sizeof(line), "%s: %zu", say(l, key, w, sizeof(w)),
		         lend_rows_count(rows[i]));
		lend__flow_line(&l->f, l->f.margin + 12, 0, 12, 17, line);
	}
	l->f.y += 10;
}

/* The covering page: who from, the date of issue, what is held and why,
 * how to put it right, how to reach us. */
static int covering(letter *l, lend_rows **rows, const char *today)
{
	char *org = NULL, *phone = NULL, buf[1200], w[256];
	int64_t months = 0;
	int rc;

	if ((rc = lend__setting_text(&org, l->db, "consortium.name")) ||
	    (rc = lend__setting_text(&phone, l->db, "consortium.phone")) ||
	    (rc = lend__setting_int(&months, l->db, "retention.months")))
		goto done;
	lend__flow_line(&l->f, l->f.margin, 1, 16, 22, org);
	lend__flow_line(&l->f, l->f.margin, 1, 14, 24, say(l, "title", w,
	                                                  sizeof(w)));
	snprintf(buf, sizeof(buf), "%s: %s", say(l, "issued", w, sizeof(w)),
	         today);
	lend__flow_line(&l->f, l->f.margin, 0, 12, 24, buf);
	l->f.y += 16;
	snprintf(buf, sizeof(buf), "%s %s,", say(l, "dear", w, sizeof(w)),
	         lend_rows_get(rows[0], 0, "name"));
	para(l, 0, buf);
	para(l, 0, say(l, "p1", buf, sizeof(buf)));
	para(l, 0, say(l, "p2", buf, sizeof(buf)));
	snprintf(w, sizeof(w), "%lld", (long long)months);
	para(l, 0, fill(l, "p3", "{months}", w, buf, sizeof(buf)));
	held(l, rows);
	para(l, 0, say(l, "p4", buf, sizeof(buf)));
	if (phone && *phone)
		para(l, 0, fill(l, "contact", "{phone}", phone, buf, sizeof(buf)));
	para(l, 0, say(l, "yours", buf, sizeof(buf)));
	para(l, 0, org);
done:
	free(org);
	free(phone);
	return rc;
}

/* Each part under its heading, each record a table of heading and value
 * that wraps at the page's edge. */
static void records(letter *l, lend_rows **rows)
{
	const double widths[] = { 190, l->width - 190 };
	char key[32], w[128], h0[64], h1[64];
	const char *head[2];
	size_t i, r;

	head[0] = say(l, "what", h0, sizeof(h0));
	head[1] = say(l, "value", h1, sizeof(h1));
	for (i = 0; i < NPARTS; i++) {
		lend__table t = { 2, widths, head, 11, 15, 8, 3, 0 };

		snprintf(key, sizeof(key), "part.%s", parts[i].name);
		lend__flow_need(&l->f, 80);
		l->f.y += 10;
		lend__flow_line(&l->f, l->f.margin, 1, 14, 20,
		                say(l, key, w, sizeof(w)));
		if (lend_rows_count(rows[i]) == 0)
			lend__flow_line(&l->f, l->f.margin, 0, 11, 16,
			                say(l, "none", w, sizeof(w)));
		for (r = 0; r < lend_rows_count(rows[i]); r++)
			record(l, &t, rows[i], r);
	}
}

/* The page number, centred at the foot. */
static void footer(lend__flow *f)
{
	char num[32];

	snprintf(num, sizeof(num), "%d", f->page_no);
	lend__pdf_text(f->pdf, f->page, f->w / 2, f->margin / 2, 0, 10, num);
}

/* The letter and the records, in the borrower's language. */
static int as_pdf(lend__buf *out, lend_db *db, lend_rows **rows,
                  const char *ref)
{
	const char *lang = lend_rows_get(rows[0], 0, "language");
	lend__pdf *p = NULL;
	letter l;
	char today[96], iso[11];
	int rc = lend__pdf_open(&p, db, ref);

	if (rc)
		return rc;
	memset(&l, 0, sizeof(l));
	l.db = db;
	l.lang = lang && strcmp(lang, "cy") == 0 ? "cy" : "en";
	lend__issue_date(iso);
	lend__long_date(today, sizeof(today), l.lang, iso);
	lend__flow_start(&l.f, p, LEND__MM(210), LEND__MM(297), LEND__MM(20),
	                 LEND__MM(20));
	l.f.footer = footer;
	l.width = l.f.w - 2 * l.f.margin;
	lend__flow_page(&l.f);
	if ((rc = covering(&l, rows, today)) == 0) {
		lend__flow_page(&l.f);
		records(&l, rows);
		rc = lend__pdf_finish(p, db, out);
	}
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
		return lend__fail(db, LEND_EINVAL, "borrower.export_format",
		                  "format",
		                  lend__is_text(format) ? format : "?", NULL);
	if ((rc = lend__actor(&actor, db, "borrower", LEND__ADMIN,
	                      "export a borrower's data")) ||
	    (rc = lend__id(&id, db, "borrower", LEND__ENTITY_BORROWER, ref)) ||
	    (rc = gather(rows, db, id)))
		goto done;
	rc = strcmp(format, "json") == 0 ? as_json(out, rows)
	                                 : as_pdf(out, db, rows, ref);
	if (rc == LEND_ENOMEM || out->oom)
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
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
