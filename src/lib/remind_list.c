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
	"l.ref AS loan, min(i.due_on) AS due_on "
	"FROM support s JOIN champion c ON c.id = s.champion_id "
	"JOIN borrower b ON b.id = s.borrower_id "
	"JOIN loan l ON l.borrower_id = b.id AND l.closed_at IS NULL "
	"JOIN loan_item i ON i.loan_id = l.id AND i.returned_at IS NULL "
	"WHERE s.ends_on IS NULL AND c.forgotten_at IS NULL "
	"AND b.forgotten_at IS NULL "
	"GROUP BY c.ref, c.name, c.email, b.ref, b.name, b.phone, b.email, l.ref "
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

/* Champion FIRST's list, rows FIRST to END: e-mailed, or on paper. */
static int one_list(lend__remind *r, const lend_rows *rows, size_t first,
                    size_t end)
{
	const char *email = lend_rows_get(rows, first, "champion_email");
	const char *ref = lend_rows_get(rows, first, "champion");
	char title[128], id[160], err[256], path[1024];
	lend__buf b = { 0 };
	size_t i;
	int rc = 0;

	for (i = first; i < end; i++)
		list_line(&b, r, rows, i);
	if (b.oom || !b.s) {
		lend__buf_free(&b);
		return lend__error(r->db, LEND_ENOMEM, "out of memory");
	}
	lend__words(title, sizeof(title), "remind", "en", "champion_list");
	if (r->spec->dry_run)
		rc = lend__remind_row(r, "", ref, "champion_list", email && *r->url
		                      ? "email" : "letter", "would send", "");
	else if (email && *r->url) {
		snprintf(id, sizeof(id), "list-%s-%s", ref, r->today);
		rc = lend__remind_mail(r, email, title, b.s, id, err, sizeof(err))
		     ? lend__remind_row(r, "", ref, "champion_list", "email",
		                        "failed", err)
		     : lend__remind_row(r, "", ref, "champion_list", "email",
		                        "delivered", "");
	} else if ((rc = list_pdf(r, rows, first, b.s, path,
	                          sizeof(path))) == 0)
		rc = lend__remind_row(r, "", ref, "champion_list", "letter",
		                      "delivered", path);
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
