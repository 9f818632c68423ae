/*
 * Loans: a loan's page, renewal, the slip and the agreement as PDFs served
 * inline, the signature pad (a PNG data URL, checked here and again by the
 * library) or "signed the paper copy", and the outcomes told at return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

int loan_show(struct req *r)
{
	static const char *const head[] = { "ref", "borrower", "site",
	                                    "issued_by", "champion", "out_at",
	                                    "renewals", "closed_at", NULL };
	static const char *const cols[] = { "tag", "kind", "model", "part_of",
	                                    "due_on", "returned_at",
	                                    "condition_out", "condition_in",
	                                    NULL };
	lend_rows *rows = NULL;
	const char *ref;
	char to[80];

	if (lend_loan_show(&rows, r->db, r->arg[0]))
		return not_found(r);
	ref = lend_rows_get(rows, 0, "ref");
	page_begin(r, "loan.title", ref);
	record_list(r, rows, head);
	if (lend_rows_get(rows, 0, "borrower")) {
		snprintf(to, sizeof(to), "/borrowers/%s",
		         lend_rows_get(rows, 0, "borrower"));
		sb_str(&r->out, "<p>");
		link_to(r, to, "loan.borrower");
		sb_str(&r->out, "</p>");
	}
	heading(r, "loan.items");
	rows_table(r, rows, cols, "tag", "/devices/");
	heading(r, "loan.documents");
	loan_documents(r, ref);
	if (r->role & R_DESK) {
		snprintf(to, sizeof(to), "/loans/%s/renew", ref);
		form_open(r, to, "inline");
		sb_str(&r->out, "<button>");
		ui_text(&r->out, r->lang, "loan.renew", NULL);
		sb_str(&r->out, "</button></form>\n");
		snprintf(to, sizeof(to), "/loans/%s/outcome", ref);
		outcome_form(r, ref, to);
	}
	page_end(r);
	lend_rows_free(rows);
	return 0;
}

static int back_to_loan(struct req *r, int rc, const char *ok_key)
{
	char to[80];

	snprintf(to, sizeof(to), "/loans/%s", r->arg[0]);
	return after_post(r, rc, to, ok_key);
}

int loan_renew(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_loan_renew(r->db, r->arg[0], 0, NULL));
	return back_to_loan(r, rc, "loan.renewed");
}

int loan_outcome(struct req *r)
{
	char to[80];

	snprintf(to, sizeof(to), "/loans/%s", r->arg[0]);
	return record_outcomes(r, r->arg[0], to);
}

/* A language of documents from the query: en, cy, en+cy; NULL the
 * borrower's own. */
static const char *doc_lang(struct req *r)
{
	const char *l = req_query(r, "lang");

	return l && *l ? l : NULL;
}

int loan_slip(struct req *r)
{
	char *pdf = NULL;
	size_t len = 0;
	const char *size = req_query(r, "size");
	int rc = lend_slip_render(&pdf, &len, r->db, r->arg[0],
	                          size && *size ? size : NULL, doc_lang(r));

	return send_pdf(r, rc, pdf, len, "slip");
}

int loan_agreement(struct req *r)
{
	char *pdf = NULL;
	size_t len = 0;
	int rc = lend_agreement_render(&pdf, &len, r->db, r->arg[0],
	                               doc_lang(r));

	return send_pdf(r, rc, pdf, len, "agreement");
}

int loan_sign_page(struct req *r)
{
	lend_rows *rows = NULL;
	struct sbuf *b = &r->out;
	char to[80];

	if (lend_loan_show(&rows, r->db, r->arg[0]))
		return not_found(r);
	page_begin(r, "sign.title", lend_rows_get(rows, 0, "ref"));
	snprintf(to, sizeof(to), "/loans/%s/sign",
	         lend_rows_get(rows, 0, "ref"));
	sb_str(b, "<p>");
	ui_text(b, r->lang, "sign.explain", NULL);
	sb_str(b, "</p>");
	form_open(r, to, "sign");
	sb_str(b, "<p><canvas id=\"pad\" width=\"600\" height=\"200\" "
	          "role=\"img\" aria-label=\"");
	ui_attr(b, r->lang, "sign.pad", NULL);
	sb_str(b, "\"></canvas></p><input type=\"hidden\" id=\"png\" "
	          "name=\"png\"><p><button type=\"button\" id=\"clear\">");
	ui_text(b, r->lang, "sign.clear", NULL);
	sb_str(b, "</button> <button type=\"submit\">");
	ui_text(b, r->lang, "sign.save", NULL);
	sb_str(b, "</button></p></form><script src=\"/static/sign.js\" "
	          "defer></script>\n");
	snprintf(to, sizeof(to), "/loans/%s/signed",
	         lend_rows_get(rows, 0, "ref"));
	form_open(r, to, NULL);
	submit_button(r, "sign.paper");
	sb_str(b, "</form>\n");
	page_end(r);
	lend_rows_free(rows);
	return 0;
}

int loan_sign_post(struct req *r)
{
	unsigned char *png = NULL;
	size_t len = 0;
	int rc;

	/* The prefix, the base64 and the length here; the PNG signature and
	 * its IHDR's size in the library, which stores it. */
	if (data_url_png(&png, &len, req_form(r, "png"),
	                 LEND_SIGNATURE_MAX)) {
		sess_flash(&r->sess, "error", ui_raw(r->lang, "sign.bad"));
		sess_put(&r->sess);
		return redirect(r, r->path);
	}
	write_lock();
	rc = locked(r, lend_loan_sign_image(r->db, r->arg[0], png, len, NULL));
	free(png);
	return back_to_loan(r, rc, "sign.saved");
}

int loan_signed_paper(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_loan_sign(r->db, r->arg[0], NULL));
	return back_to_loan(r, rc, "sign.saved");
}
