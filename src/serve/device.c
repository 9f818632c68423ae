/*
 * Devices: the list with filters, a device's page (who has it and until
 * when, within scope), its status and wipe, its label; /d/TAG, the URL a
 * label's QR code holds, lands on the device's page.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

static const char *const kinds[] = {
	"", "filter.any", "tablet", "kind.tablet", "laptop", "kind.laptop",
	"phone", "kind.phone", "hotspot", "kind.hotspot", "sim", "kind.sim",
	"accessory", "kind.accessory", "other", "kind.other", NULL };
static const char *const statuses[] = {
	"", "filter.any", "available", "status.available",
	"on_loan", "status.on_loan", "quarantine", "status.quarantine",
	"repair", "status.repair", "lost", "status.lost",
	"retired", "status.retired", NULL };

int device_list(struct req *r)
{
	static const char *const cols[] = { "tag", "kind", "make", "model",
	                                    "member", "site", "status", NULL };
	lend_device_filter f = { 0 };
	lend_rows *rows = NULL;
	char err[600];

	f.kind = req_query(r, "kind") && *req_query(r, "kind")
	         ? req_query(r, "kind") : NULL;
	f.status = req_query(r, "status") && *req_query(r, "status")
	           ? req_query(r, "status") : NULL;
	page_begin(r, "devices.title", NULL);
	sb_str(&r->out, "<form method=\"get\" action=\"/devices\" "
	                "class=\"filters\">");
	input_select(r, "kind", "field.kind", kinds, f.kind);
	input_select(r, "status", "field.status", statuses, f.status);
	submit_button(r, "devices.filter");
	sb_str(&r->out, "</form>\n");
	if (lend_device_list(&rows, r->db, &f) == 0) {
		rows_table(r, rows, cols, "tag", "/devices/");
	} else {
		lib_error_text(err, sizeof(err), r);
		sb_str(&r->out, "<p class=\"flash error\" role=\"alert\">");
		sb_text(&r->out, err);
		sb_str(&r->out, "</p>");
	}
	lend_rows_free(rows);
	page_end(r);
	return 0;
}

/* The open loan holding TAG, within scope: who and until when. */
static void holder(struct req *r, const char *tag)
{
	lend_rows *loan = NULL;
	struct sbuf *b = &r->out;
	size_t i;

	if (lend_loan_list(&loan, r->db, NULL, 1))
		return;
	for (i = 0; i < lend_rows_count(loan); i++) {
		lend_rows *items = NULL;
		size_t j;

		if (lend_loan_show(&items, r->db, lend_rows_get(loan, i, "ref")))
			continue;
		for (j = 0; j < lend_rows_count(items); j++) {
			const char *t = lend_rows_get(items, j, "tag");

			if (!t || strcmp(t, tag) ||
			    lend_rows_get(items, j, "returned_at"))
				continue;
			sb_str(b, "<p class=\"holder\">");
			ui_text(b, r->lang, "device.out_to", "borrower",
			        lend_rows_get(items, j, "borrower"), "loan",
			        lend_rows_get(items, j, "ref"), "due",
			        lend_rows_get(items, j, "due_on"), NULL);
			sb_str(b, " <a href=\"/loans/");
			sb_attr(b, lend_rows_get(items, j, "ref"));
			sb_str(b, "\">");
			sb_text(b, lend_rows_get(items, j, "ref"));
			sb_str(b, "</a></p>");
		}
		lend_rows_free(items);
	}
	lend_rows_free(loan);
}

static void status_forms(struct req *r, const char *tag)
{
	static const char *const moves[] = {
		"repair", "status.repair", "quarantine", "status.quarantine",
		"lost", "status.lost", "retired", "status.retired", NULL };
	char to[80];

	heading(r, "device.change_status");
	snprintf(to, sizeof(to), "/devices/%s/status", tag);
	form_open(r, to, NULL);
	input_select(r, "status", "field.status", moves, NULL);
	input_text(r, "note", "field.note", NULL, "text", 0);
	submit_button(r, "device.set_status");
	sb_str(&r->out, "</form>\n");
	heading(r, "device.wipe");
	snprintf(to, sizeof(to), "/devices/%s/wipe", tag);
	form_open(r, to, NULL);
	input_text(r, "method", "device.wipe_method", NULL, "text", 1);
	submit_button(r, "device.wiped");
	sb_str(&r->out, "</form>\n");
}

int device_show(struct req *r)
{
	static const char *const cols[] = {
		"tag", "kind", "make", "model", "serial", "imei", "member", "site",
		"grant", "status", "condition", "kit", "parts", "notes",
		"added_at", "changed_at", NULL };
	lend_rows *row = NULL;
	const char *tag;
	char to[80];

	if (lend_device_show(&row, r->db, r->arg[0]))
		return not_found(r);
	tag = lend_rows_get(row, 0, "tag");
	page_begin(r, "device.title", tag);
	record_list(r, row, cols);
	if (strcmp(lend_rows_get(row, 0, "status"), "on_loan") == 0)
		holder(r, tag);
	snprintf(to, sizeof(to), "/devices/%s/label.pdf", tag);
	sb_str(&r->out, "<p>");
	link_to(r, to, "device.label");
	sb_str(&r->out, "</p>");
	status_forms(r, tag);
	page_end(r);
	lend_rows_free(row);
	return 0;
}

int device_label_url(struct req *r)
{
	char to[80];

	snprintf(to, sizeof(to), "/devices/%s", r->arg[0]);
	r->status = 302;
	snprintf(r->location, sizeof(r->location), "%s", to);
	return 0;
}

int device_status_post(struct req *r)
{
	char to[80];
	int rc;

	write_lock();
	rc = locked(r, lend_device_status(r->db, r->arg[0],
	                                  req_form(r, "status"),
	                                  form_opt(r, "note"), NULL));
	snprintf(to, sizeof(to), "/devices/%s", r->arg[0]);
	return after_post(r, rc, to, "device.status_set");
}

int device_wipe_post(struct req *r)
{
	char to[80];
	int rc;

	write_lock();
	rc = locked(r, lend_device_wipe(r->db, r->arg[0],
	                                req_form(r, "method"), NULL));
	snprintf(to, sizeof(to), "/devices/%s", r->arg[0]);
	return after_post(r, rc, to, "device.wipe_recorded");
}

int device_label(struct req *r)
{
	lend_label_spec s = { 0 };
	const char *tags[1];
	char *pdf = NULL;
	size_t len = 0;
	int rc;

	tags[0] = r->arg[0];
	s.tags = tags;
	s.ntags = 1;
	s.format = "pdf";
	s.sheet = req_query(r, "sheet");
	rc = lend_label_render(&pdf, &len, r->db, &s);
	return send_pdf(r, rc, pdf, len, "label");
}
