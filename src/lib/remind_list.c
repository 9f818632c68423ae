/*
 * The reminders on paper: a letter, one A4 page, for a borrower with
 * neither e-mail nor phone (for the digitally excluded it is the channel
 * that reaches them), with their champion's name and number; and each
 * champion's list of the borrowers they support with something due or
 * overdue, by e-mail when they have an address, else on paper.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remind.h"
#include "words.h"

/* Who helps: the champion and their number, or the place to ring. */
static void helper_box(lend__doc *d, double width)
{
	lend__flow *f = &d->flow;
	char a[128], buf[512], who[256];

	lend__doc_join(who, sizeof(who), lend__doc_field(d, "champion"), ", ",
	               lend__doc_field(d, "champion_phone"));
	if (!*who)
		lend__doc_join(who, sizeof(who), lend__doc_field(d, "site_name"),
		               ", ", *lend__doc_field(d, "site_phone")
		               ? lend__doc_field(d, "site_phone") : d->phone);
	snprintf(buf, sizeof(buf), "%s: %s",
	         lend__doc_say(d, *lend__doc_field(d, "champion") ? "champion"
	                       : "return", a, sizeof(a)), who);
	f->y += 14;
	lend__flow_rule(f, f->y);
	f->y += 4;
	lend__flow_wrap(f, f->margin, width, 1, 13, 18, buf);
	lend__flow_rule(f, f->y + 6);
}

int lend__remind_letter(lend__buf *out, lend__doc *d, const char *subject,
                        const char *body, const char *today)
{
	lend__flow *f = &d->flow;
	double width;
	char buf[512], date[160];

	lend__flow_start(f, d->pdf, LEND__MM(210), LEND__MM(297), LEND__MM(22),
	                 LEND__MM(22));
	width = f->w - 2 * f->margin;
	lend__flow_page(f);
	lend__flow_wrap(f, f->margin, width, 1, 12, 16, d->consortium);
	f->y += 18;
	snprintf(buf, sizeof(buf), "%s (%s)", lend__doc_field(d, "borrower_name"),
	         lend__doc_field(d, "borrower"));
	lend__flow_wrap(f, f->margin, width, 0, 12, 16, buf);
	lend__flow_wrap(f, f->margin, width, 0, 11, 15,
	                lend__doc_date(d, today, date, sizeof(date)));
	f->y += 18;
	lend__flow_wrap(f, f->margin, width, 1, 13, 18, subject);
	f->y += 8;
	lend__flow_wrap(f, f->margin, width, 0, 10.5, 14, body);
	helper_box(d, width);
	return lend__pdf_finish(d->pdf, d->db, out);
}

/* ---- Champions' lists ----------------------------------------------- */

/* The borrowers each champion supports now with a loan due by ?1 (today
 * and remind.before_days) or overdue: only their own. */
static const char list_sql[] =
	"SELECT c.ref AS champion, c.name AS champion_name, c.email AS "
	"champion_email, b.ref AS borrower, b.name, b.phone, b.email, "
	"l.ref AS loan, min(i.due_on) AS due_on, c.id AS champion_id, "
	"b.id AS borrower_id "
	"FROM support s JOIN champion c ON c.id = s.champion_id "
	"JOIN borrower b ON b.id = s.borrower_id "
	"JOIN loan l ON l.borrower_id = b.id AND l.closed_at IS NULL "
	"JOIN loan_item i ON i.loan_id = l.id AND i.returned_at IS NULL "
	"WHERE s.ends_on IS NULL AND c.forgotten_at IS NULL "
	"AND b.forgotten_at IS NULL "
	"GROUP BY c.ref, c.name, c.email, b.ref, b.name, b.phone, b.email, l.ref, "
	"c.id, b.id "
	"HAVING min(i.due_on) <= ?1 ORDER BY c.ref, min(i.due_on), b.ref, l.ref";

/* Line I of ROWS: "2026-12-01 overdue  Name (B-000001), L-000001: phone,
 * email". */
static void list_line(lend__buf *b, const lend__remind *r,
                      const lend_rows *rows, size_t i)
{
	const char *due = lend_rows_get(rows, i, "due_on");
	const char *phone = lend_rows_get(rows, i, "phone");
	const char *email = lend_rows_get(rows, i, "email");
	char state[64], none[64], how[320];

	lend__words(state, sizeof(state), "remind", "en",
	            strcmp(due, r->today) < 0 ? "overdue" : "due_soon");
	lend__words(none, sizeof(none), "remind", "en", "none");
	lend__doc_join(how, sizeof(how), phone, ", ", email);
	lend__buf_printf(b, "%s %s  %s (%s), %s: %s\n", due, state,
	                 lend_rows_get(rows, i, "name"),
	                 lend_rows_get(rows, i, "borrower"),
	                 lend_rows_get(rows, i, "loan"), *how ? how : none);
}

/* The list TEXT of the champion of row FIRST as a PDF in the outbox, its
 * name in PATH. */
static int list_pdf(lend__remind *r, const lend_rows *rows, size_t first,
                    const char *text, char *path, size_t size)
{
	lend__pdf *pdf = NULL;
	lend__flow f;
	lend__buf out = { 0 };
	char title[128], buf[256];
	int rc;

	snprintf(path, size, "%s/champion-%s-%s.pdf", r->outbox,
	         lend_rows_get(rows, first, "champion"), r->today);
	lend__words(title, sizeof(title), "remind", "en", "champion_list");
	if ((rc = lend__pdf_open(&pdf, r->db, title)))
		return rc;
	lend__flow_start(&f, pdf, LEND__MM(210), LEND__MM(297), LEND__MM(18),
	                 LEND__MM(18));
	lend__flow_page(&f);
	lend__flow_wrap(&f, f.margin, f.w - 2 * f.margin, 1, 14, 20, title);
	snprintf(buf, sizeof(buf), "%s (%s), %s",
	         lend_rows_get(rows, first, "champion_name"),
	         lend_rows_get(rows, first, "champion"), r->today);
	lend__flow_wrap(&f, f.margin, f.w - 2 * f.margin, 0, 11, 16, buf);
	f.y += 8;
	lend__flow_wrap(&f, f.margin, f.w - 2 * f.margin, 0, 10, 14, text);
	rc = lend__pdf_finish(pdf, r->db, &out);
	lend__pdf_free(pdf);
	return lend__buf_file(r->db, path, &out, rc);
}

/* The file PATH of the list of rows FIRST to END names each of their
 * borrowers: erasing one removes it. */
static int list_files(lend__remind *r, const lend_rows *rows, size_t first,
                      size_t end, const char *path)
{
	size_t i;
	int rc = 0;

	for (i = first; i < end && rc == 0; i++)
		rc = lend__remind_file(r, strtoll(lend_rows_get(rows, i,
		                       "borrower_id"), NULL, 10), path);
	return rc;
}

/* Record how champion ID's list of today went, a new one or AGAIN a
 * failed one's id, and its event on the champion. */
static int list_record(lend__remind *r, int64_t id, const char *channel,
                       const char *error, int64_t again)
{
	static const char add[] =
		"INSERT INTO champion_list (champion_id, day, channel, status, "
		"attempts, created_at, sent_at, error) VALUES (?, ?, ?, ?, 1, ?, "
		"?, ?)";
	static const char retry[] =
		"UPDATE champion_list SET channel = ?, status = ?, attempts = "
		"attempts + 1, sent_at = ?, error = ? WHERE id = ?";
	const char *status = error ? "failed" : "delivered";
	char after[160];
	int rc;

	if (again)
		rc = lend__exec(r->db, retry, LEND__ARGS(LEND__T(channel),
		                LEND__T(status), LEND__T(error ? NULL : r->at),
		                LEND__T(error), LEND__I(again)));
	else
		rc = lend__exec(r->db, add, LEND__ARGS(LEND__I(id),
		                LEND__T(r->today), LEND__T(channel),
		                LEND__T(status), LEND__T(r->at),
		                LEND__T(error ? NULL : r->at), LEND__T(error)));
	snprintf(after, sizeof(after), "{\"day\":\"%s\",\"channel\":\"%s\","
	         "\"status\":\"%s\"}", r->today, channel, status);
	if (rc == 0)
		rc = lend__event_json(r->db, r->at, r->actor,
		                      LEND__ENTITY_CHAMPION, id, "remind_list", NULL,
		                      after);
	return rc;
}

/* Champion FIRST's list, rows FIRST to END, in TEXT: e-mailed, or on
 * paper; AGAIN is a failed list's id. */
static int send_list(lend__remind *r, const lend_rows *rows, size_t first,
                     size_t end, const char *text, int64_t again)
{
	const char *email = lend_rows_get(rows, first, "champion_email");
	const char *ref = lend_rows_get(rows, first, "champion");
	int64_t id = strtoll(lend_rows_get(rows, first, "champion_id"), NULL,
	                     10);
	char title[128], mid[160], err[256], path[1024];
	int rc;

	lend__words(title, sizeof(title), "remind", "en", "champion_list");
	if (r->spec->dry_run)
		return lend__remind_row(r, "", ref, "champion_list",
		                        email && *r->url ? "email" : "letter",
		                        "would send", "");
	if (email && *r->url) {
		int failed;

		snprintf(mid, sizeof(mid), "list-%s-%s", ref, r->today);
		failed = lend__remind_mail(r, email, title, text, mid, err,
		                           sizeof(err)) != 0;
		if ((rc = list_record(r, id, "email", failed ? err : NULL,
		                      again)))
			return rc;
		return lend__remind_row(r, "", ref, "champion_list", "email",
		                        failed ? "failed" : "delivered",
		                        failed ? err : "");
	}
	if ((rc = list_pdf(r, rows, first, text, path, sizeof(path))) ||
	    (rc = list_files(r, rows, first, end, path)) ||
	    (rc = list_record(r, id, "letter", NULL, again)))
		return rc;
	return lend__remind_row(r, "", ref, "champion_list", "letter",
	                        "delivered", path);
}

/* Champion FIRST's list, rows FIRST to END, unless today's went already. */
static int one_list(lend__remind *r, const lend_rows *rows, size_t first,
                    size_t end)
{
	static const char done_sql[] =
		"SELECT id, status FROM champion_list WHERE champion_id = ? AND "
		"day = ?";
	const char *id = lend_rows_get(rows, first, "champion_id");
	lend_rows *done = NULL;
	lend__buf b = { 0 };
	int64_t again = 0;
	size_t i;
	int rc;

	if ((rc = lend__query_rows(&done, r->db, done_sql, LEND__ARGS(
	                           LEND__I(strtoll(id, NULL, 10)),
	                           LEND__T(r->today)))))
		return rc;
	if (lend_rows_count(done) > 0) {
		int sent = strcmp(lend_rows_get(done, 0, "status"),
		                  "delivered") == 0;

		again = sent ? 0 : strtoll(lend_rows_text(done, 0, 0), NULL, 10);
		lend_rows_free(done);
		if (sent)
			return 0;
	} else
		lend_rows_free(done);
	for (i = first; i < end; i++)
		list_line(&b, r, rows, i);
	if (b.oom || !b.s)
		rc = lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	else
		rc = send_list(r, rows, first, end, b.s, again);
	lend__buf_free(&b);
	return rc;
}

int lend__remind_champions(lend__remind *r)
{
	lend_rows *rows = NULL;
	char by[11];
	size_t i, first = 0;
	int rc;

	lend__date_add(by, r->today, (int)r->before);
	if ((rc = lend__query_rows(&rows, r->db, list_sql,
	                           LEND__ARGS(LEND__T(by)))))
		return rc;
	for (i = 1; rc == 0 && i <= lend_rows_count(rows); i++)
		if (i == lend_rows_count(rows) ||
		    strcmp(lend_rows_get(rows, i, "champion"),
		           lend_rows_get(rows, first, "champion")) != 0) {
			rc = one_list(r, rows, first, i);
			first = i;
		}
	lend_rows_free(rows);
	return rc;
}
