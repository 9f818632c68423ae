/*
 * A borrower's page: the record, their loans and holds, and what can be
 * done from it: edit, consent, the card, a hold, a champion's session, and
 * for the coordinator the subject access PDF and erasure.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

static void loans(struct req *r, const char *ref)
{
	static const char *const cols[] = { "ref", "out_at", "due_on", "items",
	                                    "open_items", "closed_at", NULL };
	lend_rows *rows = NULL;

	heading(r, "borrower.loans");
	if (lend_loan_list(&rows, r->db, ref, 0) == 0)
		rows_table(r, rows, cols, "ref", "/loans/");
	lend_rows_free(rows);
}

static void hold_cancel_form(struct req *r, const char *hold)
{
	char to[80];

	snprintf(to, sizeof(to), "/holds/%s/cancel", hold);
	sb_str(&r->out, " ");
	form_open(r, to, "inline");
	sb_str(&r->out, "<button>");
	ui_text(&r->out, r->lang, "hold.cancel", "hold", hold, NULL);
	sb_str(&r->out, "</button></form>");
}

static void holds(struct req *r, const char *ref)
{
	struct sbuf *b = &r->out;
	lend_rows *rows = NULL;
	size_t i, n = 0;

	heading(r, "borrower.holds");
	write_lock();
	if (locked(r, lend_hold_list(&rows, r->db, NULL)) == 0) {
		sb_str(b, "<ul>");
		for (i = 0; i < lend_rows_count(rows); i++) {
			const char *who = lend_rows_get(rows, i, "borrower");
			const char *kind = lend_rows_get(rows, i, "kind");

			if (!who || strcmp(who, ref))
				continue;
			n++;
			sb_str(b, "<li>");
			ui_text(b, r->lang, "hold.line", "hold",
			        lend_rows_get(rows, i, "ref"), "what",
			        kind ? kind : lend_rows_get(rows, i, "device"),
			        "status", lend_rows_get(rows, i, "status"), NULL);
			hold_cancel_form(r, lend_rows_get(rows, i, "ref"));
			sb_str(b, "</li>");
		}
		sb_str(b, "</ul>");
	}
	if (!n) {
		sb_str(b, "<p class=\"none\">");
		ui_text(b, r->lang, "table.none", NULL);
		sb_str(b, "</p>");
	}
	lend_rows_free(rows);
}

static void action(struct req *r, const char *ref, const char *what,
                   const char *key)
{
	char to[80];

	snprintf(to, sizeof(to), "/borrowers/%s/%s", ref, what);
	form_open(r, to, "inline");
	sb_str(&r->out, "<button>");
	ui_text(&r->out, r->lang, key, NULL);
	sb_str(&r->out, "</button></form>\n");
}

static void forms(struct req *r, const char *ref, const lend_rows *row)
{
	static const char *const kinds[] = {
		"tablet", "kind.tablet", "laptop", "kind.laptop",
		"phone", "kind.phone", "hotspot", "kind.hotspot",
		"sim", "kind.sim", NULL };
	char to[80];

	if (!lend_rows_get(row, 0, "consent_at"))
		action(r, ref, "consent", "borrower.consent");
	heading(r, "borrower.hold_new");
	snprintf(to, sizeof(to), "/borrowers/%s/hold", ref);
	form_open(r, to, NULL);
	input_select(r, "kind", "field.kind", kinds, "tablet");
	submit_button(r, "hold.add");
	sb_str(&r->out, "</form>\n");
	if (lend_rows_get(row, 0, "champion")) {
		heading(r, "session.title");
		snprintf(to, sizeof(to), "/borrowers/%s/session", ref);
		form_open(r, to, NULL);
		input_text(r, "minutes", "session.minutes", NULL, "number", 1);
		input_text(r, "topic", "session.topic", NULL, "text", 1);
		input_text(r, "held_on", "session.held_on", NULL, "date", 0);
		submit_button(r, "session.log");
		sb_str(&r->out, "</form>\n");
	}
}

static void coordinator(struct req *r, const char *ref)
{
	struct sbuf *b = &r->out;
	char to[80];

	if (!(r->role & R_ADMIN))
		return;
	heading(r, "borrower.data_protection");
	snprintf(to, sizeof(to), "/borrowers/%s/export.pdf", ref);
	sb_str(b, "<p>");
	link_to(r, to, "borrower.sar");
	sb_str(b, "</p>");
	snprintf(to, sizeof(to), "/borrowers/%s/erase", ref);
	form_open(r, to, NULL);
	sb_str(b, "<p class=\"field\"><label for=\"f-confirm\">");
	ui_text(b, r->lang, "borrower.erase_confirm", "ref", ref, NULL);
	sb_str(b, "</label> <input id=\"f-confirm\" name=\"confirm\" "
	          "autocomplete=\"off\" required></p>");
	submit_button(r, "borrower.erase");
	sb_str(b, "</form>\n");
}

int borrower_show(struct req *r)
{
	static const char *const cols[] = {
		"ref", "name", "phone", "email", "postcode_district", "member",
		"language", "consent_at", "consent_by", "consent_terms",
		"notes", "champion", "champion_name", "past_champions",
		"open_loans", "created_at", NULL };
	lend_rows *row = NULL;
	const char *ref;
	char to[80];

	if (lend_borrower_show(&row, r->db, r->arg[0]))
		return not_found(r);
	ref = lend_rows_get(row, 0, "ref");
	page_begin(r, "borrower.title", ref);
	record_list(r, row, cols);
	sb_str(&r->out, "<p class=\"actions\">");
	snprintf(to, sizeof(to), "/borrowers/%s/edit", ref);
	link_to(r, to, "borrower.edit");
	sb_str(&r->out, " ");
	snprintf(to, sizeof(to), "/borrowers/%s/card.pdf", ref);
	link_to(r, to, "borrower.card");
	sb_str(&r->out, "</p>");
	loans(r, ref);
	holds(r, ref);
	forms(r, ref, row);
	coordinator(r, ref);
	page_end(r);
	lend_rows_free(row);
	return 0;
}
