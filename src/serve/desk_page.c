/*
 * The desk's page: the scan box and its log, the desk's site and mode, the
 * end of a check-out (sign, slip, agreement), the outcomes after a return
 * and today's queue.  Works without JavaScript; desk.js queues the scans
 * with fetch() so that none is lost at scanner speed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "serve.h"

static void site_form(struct req *r)
{
	struct sbuf *b = &r->out;
	lend_rows *sites = NULL;
	size_t i;

	if (lend_site_list(&sites, r->db, r->member[0] ? r->member : NULL))
		return;
	form_open(r, "/desk/site", "inline");
	sb_str(b, "<label for=\"f-site\">");
	ui_text(b, r->lang, "desk.site", NULL);
	sb_str(b, "</label> <select id=\"f-site\" name=\"site\">");
	for (i = 0; i < lend_rows_count(sites); i++) {
		const char *code = lend_rows_get(sites, i, "code");

		sb_str(b, "<option value=\"");
		sb_attr(b, code);
		sb_str(b, strcmp(code, r->sess.site) ? "\">" : "\" selected>");
		sb_text(b, code);
		sb_str(b, " – ");
		sb_text(b, lend_rows_get(sites, i, "name"));
		sb_str(b, "</option>");
	}
	sb_str(b, "</select> <button>");
	ui_text(b, r->lang, "desk.site_choose", NULL);
	sb_str(b, "</button></form>\n");
	lend_rows_free(sites);
}

static void mode_form(struct req *r)
{
	struct sbuf *b = &r->out;

	form_open(r, "/desk/mode", "inline");
	sb_printf(b, "<input type=\"hidden\" name=\"returns_only\" "
	          "value=\"%d\"><button>", !r->sess.returns_only);
	ui_text(b, r->lang, r->sess.returns_only ? "desk.mode_all"
	                                         : "desk.mode_returns", NULL);
	sb_str(b, "</button></form>\n");
	if (r->sess.returns_only) {
		sb_str(b, "<p class=\"mode\">");
		ui_text(b, r->lang, "desk.returns_only", NULL);
		sb_str(b, "</p>\n");
	}
}

static void scan_form(struct req *r)
{
	struct sbuf *b = &r->out;

	sb_str(b, "<form id=\"scan\" method=\"post\" action=\"/desk/scan\">");
	csrf_field(r);
	sb_str(b, "<p class=\"field\"><label for=\"line\">");
	ui_text(b, r->lang, "desk.line", NULL);
	sb_str(b, "</label> <input id=\"line\" name=\"line\" autofocus "
	          "autocomplete=\"off\" spellcheck=\"false\"> <button>");
	ui_text(b, r->lang, "desk.enter", NULL);
	sb_str(b, "</button></p></form>\n");
	sb_str(b, "<form id=\"end\" method=\"post\" action=\"/desk/end\" "
	          "class=\"inline\">");
	csrf_field(r);
	sb_str(b, "<button>");
	ui_text(b, r->lang, "desk.done", NULL);
	sb_str(b, "</button> <button name=\"undo\" value=\"1\">");
	ui_text(b, r->lang, "desk.undo", NULL);
	sb_str(b, "</button></form>\n");
	if (r->sess.scan.borrower[0]) {
		sb_str(b, "<p class=\"current\">");
		ui_text(b, r->lang, "desk.in_progress", "borrower",
		        r->sess.scan.borrower, NULL);
		sb_str(b, " <a href=\"/borrowers/");
		sb_attr(b, r->sess.scan.borrower);
		sb_str(b, "\">");
		sb_text(b, r->sess.scan.borrower);
		sb_str(b, "</a></p>\n");
	}
}

static void log_list(struct req *r)
{
	struct sbuf *b = &r->out;
	int i;

	sb_str(b, "<h2>");
	ui_text(b, r->lang, "desk.log", NULL);
	sb_str(b, "</h2><ol id=\"log\" aria-live=\"polite\" data-open=\"");
	ui_attr(b, r->lang, "desk.open", NULL);
	sb_str(b, "\">");
	for (i = 0; i < r->sess.nlog; i++) {
		const struct logline *l = &r->sess.log[i];

		sb_printf(b, "<li class=\"%s\">", l->kind);
		sb_text(b, l->text);
		if (l->href[0]) {
			sb_str(b, " <a href=\"");
			sb_attr(b, l->href);
			sb_str(b, "\">");
			ui_text(b, r->lang, "desk.open", NULL);
			sb_str(b, "</a>");
		}
		sb_str(b, "</li>");
	}
	sb_str(b, "</ol>\n");
}

void loan_documents(struct req *r, const char *loan)
{
	static const char *const docs[][2] = {
		{ "sign", "loan.sign" },
		{ "slip.pdf?size=receipt80", "loan.slip80" },
		{ "slip.pdf?size=a6", "loan.slip_a6" },
		{ "agreement.pdf?lang=en", "loan.agreement_en" },
		{ "agreement.pdf?lang=cy", "loan.agreement_cy" },
		{ "agreement.pdf?lang=en%2Bcy", "loan.agreement_both" },
	};
	struct sbuf *b = &r->out;
	size_t i;

	sb_str(b, "<ul class=\"docs\">");
	for (i = 0; i < NELEM(docs); i++) {
		if (i == 0 && !(r->role & R_DESK))
			continue;
		sb_str(b, "<li><a href=\"/loans/");
		sb_attr(b, loan);
		sb_str(b, "/");
		sb_attr(b, docs[i][0]);
		sb_str(b, "\">");
		ui_text(b, r->lang, docs[i][1], NULL);
		sb_str(b, "</a></li>");
	}
	sb_str(b, "</ul>\n");
}

/* What goes in the box: the loan's items. */
static void checklist(struct req *r, const char *loan)
{
	lend_rows *items = NULL;
	size_t i;

	if (lend_loan_show(&items, r->db, loan))
		return;
	sb_str(&r->out, "<ul class=\"checklist\">");
	for (i = 0; i < lend_rows_count(items); i++) {
		sb_str(&r->out, "<li>");
		sb_text(&r->out, lend_rows_get(items, i, "tag"));
		sb_str(&r->out, " – ");
		sb_text(&r->out, lend_rows_get(items, i, "kind"));
		sb_str(&r->out, " ");
		sb_text(&r->out, lend_rows_get(items, i, "model"));
		sb_str(&r->out, "</li>");
	}
	sb_str(&r->out, "</ul>");
	lend_rows_free(items);
}

static void offer(struct req *r)
{
	struct sbuf *b = &r->out;

	/* desk.js fills this in for a check-out ended without a reload. */
	sb_str(b, "<template id=\"offer-links\">");
	loan_documents(r, "__LOAN__");
	sb_str(b, "</template>\n");
	if (!r->sess.offer[0])
		return;
	sb_str(b, "<section class=\"offer\" aria-labelledby=\"offer-h\">"
	          "<h2 id=\"offer-h\">");
	ui_text(b, r->lang, "desk.offer", "loan", r->sess.offer, NULL);
	sb_str(b, "</h2>");
	loan_documents(r, r->sess.offer);
	sb_str(b, "<p>");
	ui_text(b, r->lang, "desk.checklist", NULL);
	sb_str(b, " <a href=\"/loans/");
	sb_attr(b, r->sess.offer);
	sb_str(b, "\">");
	sb_text(b, r->sess.offer);
	sb_str(b, "</a></p>");
	checklist(r, r->sess.offer);
	sb_str(b, "</section>\n");
}

void outcome_form(struct req *r, const char *loan, const char *action)
{
	struct sbuf *b = &r->out;
	char *list = NULL, *p, *next;

	if (lend_setting_get(&list, r->db, "outcomes"))
		return;
	form_open(r, action, "outcomes");
	sb_str(b, "<fieldset><legend>");
	ui_text(b, r->lang, "outcome.legend", "loan", loan, NULL);
	sb_str(b, "</legend>");
	for (p = list; p && *p; p = next) {
		char key[80];

		if ((next = strchr(p, ',')))
			*next++ = '\0';
		snprintf(key, sizeof(key), "outcome.%s", p);
		sb_str(b, "<p class=\"check\"><input type=\"checkbox\" "
		          "name=\"outcome\" id=\"o-");
		sb_attr(b, p);
		sb_str(b, "\" value=\"");
		sb_attr(b, p);
		sb_str(b, "\"> <label for=\"o-");
		sb_attr(b, p);
		sb_str(b, "\">");
		sb_text(b, strcmp(ui_raw(r->lang, key), key) ? ui_raw(r->lang, key)
		                                             : p);
		sb_str(b, "</label></p>");
	}
	sb_str(b, "</fieldset><p><button>");
	ui_text(b, r->lang, "outcome.save", NULL);
	sb_str(b, "</button>");
	if (strcmp(action, "/desk/outcome") == 0) {
		sb_str(b, " <button name=\"skip\" value=\"1\">");
		ui_text(b, r->lang, "outcome.skip", NULL);
		sb_str(b, "</button>");
	}
	sb_str(b, "</p></form>\n");
	lend_free(list);
}

static void queue(struct req *r)
{
	static const char *const cols[] = { "what", "ref", "tag", "borrower",
	                                    "name", "due_on", "since", NULL };
	lend_rows *q = NULL;

	sb_str(&r->out, "<h2>");
	ui_text(&r->out, r->lang, "desk.queue", "site", r->sess.site, NULL);
	sb_str(&r->out, "</h2>");
	if (lend_desk_queue(&q, r->db, r->sess.site[0] ? r->sess.site : NULL,
	                    NULL) == 0)
		rows_table(r, q, cols, NULL, NULL);
	lend_rows_free(q);
}

int desk_page(struct req *r)
{
	if (!r->sess.desk_open || !r->sess.site[0]) {
		write_lock();
		if (desk_ready(r) == 0)
			sess_put(&r->sess);
		write_unlock();
	}
	page_begin(r, "desk.title", NULL);
	site_form(r);
	mode_form(r);
	scan_form(r);
	offer(r);
	if (r->sess.checked_in[0])
		outcome_form(r, r->sess.checked_in, "/desk/outcome");
	log_list(r);
	queue(r);
	page_end(r);
	return 0;
}
