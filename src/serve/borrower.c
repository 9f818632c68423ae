/*
 * Borrowers: search, new, show, edit, consent, the card, a champion's
 * session log.  Who sees whom is the library's: a ref out of scope is
 * LEND_ENOTFOUND there, and the missing ref's page here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static const char *const list_cols[] = { "ref", "name", "postcode_district",
                                         "member", "language", "champion",
                                         NULL };

int borrower_list(struct req *r)
{
	const char *q = req_query(r, "q");
	lend_rows *rows = NULL;
	struct sbuf *b = &r->out;

	page_begin(r, "borrowers.title", NULL);
	sb_str(b, "<form method=\"get\" action=\"/borrowers\" role=\"search\">");
	input_text(r, "q", "borrowers.search", q, "search", 0);
	submit_button(r, "borrowers.find");
	sb_str(b, "</form><p>");
	link_to(r, "/borrowers/new", "borrowers.new");
	sb_str(b, "</p>\n");
	if (lend_borrower_list(&rows, r->db, q && *q ? q : NULL) == 0)
		rows_table(r, rows, list_cols, "ref", "/borrowers/");
	lend_rows_free(rows);
	page_end(r);
	return 0;
}

int my_borrowers(struct req *r)
{
	lend_rows *rows = NULL;
	int rc = lend_borrower_list(&rows, r->db, NULL);

	return list_page(r, "my.title", rc, rows, list_cols, "ref",
	                 "/borrowers/");
}

/* The fields of the new and edit forms, from ROW (or empty). */
static void fields(struct req *r, const lend_rows *row)
{
	static const char *const langs[] = { "en", "English", "cy", "Cymraeg",
	                                     "pl", "Polski", "ur", "اردو",
	                                     "ar", "العربية", NULL };
	lend_rows *members = NULL;
	const char *opts[64];
	size_t i, n = 0;

	input_text(r, "name", "field.name", rget(row, "name"),
	           "text", 1);
	input_text(r, "phone", "field.phone", rget(row, "phone"),
	           "tel", 0);
	input_text(r, "email", "field.email", rget(row, "email"),
	           "email", 0);
	input_text(r, "postcode", "field.postcode_district",
	           rget(row, "postcode_district"), "text", 0);
	if (lend_member_list(&members, r->db) == 0)
		for (i = 0; i < lend_rows_count(members) && n + 3 < NELEM(opts);
		     i++) {
			opts[n++] = lend_rows_get(members, i, "code");
			opts[n++] = lend_rows_get(members, i, "name");
		}
	opts[n] = NULL;
	input_select(r, "member", "field.member", opts, row
	             ? rget(row, "member") : r->member);
	input_select(r, "language", "field.language", langs,
	             row ? rget(row, "language") : r->lang);
	input_text(r, "notes", "field.notes", rget(row, "notes"),
	           "text", 0);
	lend_rows_free(members);
}

int borrower_new(struct req *r)
{
	struct sbuf *b = &r->out;

	page_begin(r, "borrowers.new", NULL);
	form_open(r, "/borrowers/new", NULL);
	fields(r, NULL);
	sb_str(b, "<p class=\"check\"><input type=\"checkbox\" id=\"f-consent\" "
	          "name=\"consent\" value=\"1\"> <label for=\"f-consent\">");
	ui_text(b, r->lang, "borrower.consent_now", NULL);
	sb_str(b, "</label></p>");
	submit_button(r, "borrowers.add");
	sb_str(b, "</form>");
	page_end(r);
	return 0;
}

static void spec_of(struct req *r, lend_borrower_spec *s, int adding)
{
	memset(s, 0, sizeof(*s));
	s->name = adding ? form_opt(r, "name") : req_form(r, "name");
	s->phone = adding ? form_opt(r, "phone") : req_form(r, "phone");
	s->email = adding ? form_opt(r, "email") : req_form(r, "email");
	s->postcode = adding ? form_opt(r, "postcode") : req_form(r, "postcode");
	s->member = form_opt(r, "member");
	s->language = form_opt(r, "language");
	s->notes = adding ? form_opt(r, "notes") : req_form(r, "notes");
	s->consent = req_form(r, "consent") != NULL;
}

int borrower_add(struct req *r)
{
	lend_borrower_spec s;
	char *ref = NULL, to[64];
	int rc;

	spec_of(r, &s, 1);
	write_lock();
	rc = locked(r, lend_borrower_add(&ref, r->db, &s));
	snprintf(to, sizeof(to), "/borrowers/%s", rc ? "new" : ref);
	lend_free(ref);
	return after_post(r, rc, to, "borrower.added");
}

int borrower_edit(struct req *r)
{
	lend_rows *row = NULL;
	char action[64];

	if (lend_borrower_show(&row, r->db, r->arg[0]))
		return not_found(r);
	page_begin(r, "borrower.edit", rget(row, "ref"));
	snprintf(action, sizeof(action), "/borrowers/%s/edit",
	         rget(row, "ref"));
	form_open(r, action, NULL);
	fields(r, row);
	submit_button(r, "borrower.save");
	sb_str(&r->out, "</form>");
	page_end(r);
	lend_rows_free(row);
	return 0;
}

int borrower_edit_post(struct req *r)
{
	lend_borrower_spec s;
	char to[64];
	int rc;

	spec_of(r, &s, 0);
	s.consent = 0;
	write_lock();
	rc = locked(r, lend_borrower_edit(r->db, r->arg[0], &s));
	snprintf(to, sizeof(to), "/borrowers/%s", r->arg[0]);
	return after_post(r, rc, to, "borrower.saved");
}

int borrower_consent(struct req *r)
{
	lend_borrower_spec s = { 0 };
	char to[64];
	int rc;

	s.consent = 1;
	write_lock();
	rc = locked(r, lend_borrower_edit(r->db, r->arg[0], &s));
	snprintf(to, sizeof(to), "/borrowers/%s", r->arg[0]);
	return after_post(r, rc, to, "borrower.consent_recorded");
}

int borrower_card(struct req *r)
{
	lend_label_spec s = { 0 };
	char *pdf = NULL;
	size_t len = 0;
	int rc;

	s.borrower = r->arg[0];
	s.format = "pdf";
	rc = lend_label_render(&pdf, &len, r->db, &s);
	return send_pdf(r, rc, pdf, len, "card");
}

int borrower_session(struct req *r)
{
	const char *m = req_form(r, "minutes");
	char to[64];
	int rc;

	write_lock();
	rc = locked(r, lend_session_log(r->db, r->arg[0], NULL,
	                                m ? atoi(m) : 0, req_form(r, "topic"),
	                                form_opt(r, "held_on")));
	snprintf(to, sizeof(to), "/borrowers/%s", r->arg[0]);
	return after_post(r, rc, to, "session.logged");
}
