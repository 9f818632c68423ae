/*
 * What every page shares: its head and navigation, the language form, the
 * message of the last POST, tables of rows, labelled fields, and the
 * answers that are not pages (redirects, PDFs, the missing ref's page).
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

struct nav {
	const char *href, *key;
	int roles;
};
static const struct nav nav[] = {
	{ "/desk", "nav.desk", R_DESK },
	{ "/my/borrowers", "nav.my_borrowers", R_CHAMPION },
	{ "/borrowers", "nav.borrowers", R_PEOPLE },
	{ "/devices", "nav.devices", R_DESK },
	{ "/holds", "nav.holds", R_PEOPLE },
	{ "/overdue", "nav.overdue", R_DESK },
	{ "/admin/members", "nav.admin", R_ADMIN },
	{ "/reports", "nav.reports", R_ADMIN | R_FUNDER },
};

static void lang_form(struct req *r)
{
	struct sbuf *b = &r->out;

	sb_str(b, "<form class=\"lang\" method=\"post\" action=\"/lang\">");
	if (r->csrf[0])
		csrf_field(r);
	/* An error page names no path: a ref out of scope and a missing one
	 * get the same bytes. */
	sb_str(b, "<input type=\"hidden\" name=\"back\" value=\"");
	sb_attr(b, r->status >= 400 ? "/" : r->path);
	sb_str(b, "\"><button name=\"lang\" value=\"cy\" lang=\"cy\"");
	sb_str(b, strcmp(r->lang, "cy") == 0 ? " aria-pressed=\"true\"" : "");
	sb_str(b, ">Cymraeg</button> <button name=\"lang\" value=\"en\" "
	          "lang=\"en\"");
	sb_str(b, strcmp(r->lang, "en") == 0 ? " aria-pressed=\"true\"" : "");
	sb_str(b, ">English</button></form>");
}

static void navigation(struct req *r)
{
	struct sbuf *b = &r->out;
	size_t i;

	if (!r->user[0])
		return;
	sb_str(b, "<nav aria-label=\"");
	ui_attr(b, r->lang, "nav.label", NULL);
	sb_str(b, "\"><ul>");
	for (i = 0; i < NELEM(nav); i++) {
		if (!(nav[i].roles & r->role))
			continue;
		sb_printf(b, "<li><a href=\"%s\"%s>", nav[i].href,
		          r->status < 400 && strncmp(r->path, nav[i].href,
		                                     strlen(nav[i].href)) == 0
		          ? " aria-current=\"page\"" : "");
		ui_text(b, r->lang, nav[i].key, NULL);
		sb_str(b, "</a></li>");
	}
	sb_str(b, "</ul></nav><form class=\"logout\" method=\"post\" "
	          "action=\"/logout\">");
	csrf_field(r);
	sb_str(b, "<span class=\"who\">");
	ui_text(b, r->lang, "nav.signed_in", "user", r->user, NULL);
	sb_str(b, "</span> <button>");
	ui_text(b, r->lang, "nav.logout", NULL);
	sb_str(b, "</button></form>");
}

void page_begin(struct req *r, const char *title_key, const char *ref)
{
	struct sbuf *b = &r->out;

	r->ctype_out = "text/html; charset=utf-8";
	sb_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	          "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	          "content=\"width=device-width, initial-scale=1\"><title>",
	          r->lang);
	ui_text(b, r->lang, title_key, "ref", ref, NULL);
	sb_str(b, " – lend</title><link rel=\"icon\" href=\"data:,\">"
	          "<link rel=\"stylesheet\" "
	          "href=\"/static/style.css\"><script src=\"/static/desk.js\" "
	          "defer></script></head>\n<body><a class=\"skip\" "
	          "href=\"#main\">");
	ui_text(b, r->lang, "page.skip", NULL);
	sb_str(b, "</a><header><span class=\"brand\">lend</span>");
	navigation(r);
	lang_form(r);
	sb_str(b, "</header>\n<main id=\"main\" tabindex=\"-1\"><h1>");
	ui_text(b, r->lang, title_key, "ref", ref, NULL);
	sb_str(b, "</h1>\n");
	page_flash(r);
}

void page_end(struct req *r)
{
	sb_str(&r->out, "</main></body></html>\n");
}

void page_flash(struct req *r)
{
	if (!r->have_sess || !r->sess.flash[0])
		return;
	sb_printf(&r->out, "<p class=\"flash %s\" role=\"%s\">",
	          r->sess.flash_kind, strcmp(r->sess.flash_kind, "ok")
	          ? "alert" : "status");
	sb_text(&r->out, r->sess.flash);
	sb_str(&r->out, "</p>\n");
	r->sess.flash[0] = '\0';
	sess_put(&r->sess);
}

int redirect(struct req *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", location);
	r->ctype_out = "text/plain; charset=utf-8";
	sb_str(&r->out, "see other\n");
	return 0;
}

static int error_page(struct req *r, int status, const char *key)
{
	sb_free(&r->out);
	r->out.oom = 0;
	r->status = status;
	page_begin(r, key, NULL);
	sb_str(&r->out, "<p>");
	ui_text(&r->out, r->lang, "error.explain", NULL);
	sb_str(&r->out, "</p>");
	page_end(r);
	return 0;
}

int not_found(struct req *r)
{
	return error_page(r, 404, "error.not_found");
}

int forbidden(struct req *r)
{
	return error_page(r, 403, "error.forbidden");
}

int server_error(struct req *r)
{
	return error_page(r, 500, "error.server");
}

void lib_error_text(char *buf, size_t size, struct req *r)
{
	lend_info info;

	if (lend_error_info(r->db, &info) == 0)
		lend_info_text(buf, size, &info, r->lang);
	else
		snprintf(buf, size, "%s", lend_errmsg(r->db));
}

void lib_notices(struct sbuf *b, struct req *r)
{
	size_t i, n = lend_notice_count(r->db);
	char line[600];

	for (i = 0; i < n; i++) {
		lend_info info;

		if (lend_notice_info(r->db, i, &info))
			continue;
		if (b->len)
			sb_str(b, "\n");
		sb_str(b, lend_info_text(line, sizeof(line), &info, r->lang));
	}
}

int after_post(struct req *r, int rc, const char *location,
               const char *ok_key)
{
	char text[600];
	struct sbuf n = { 0 };

	if (rc) {
		lib_error_text(text, sizeof(text), r);
		sess_flash(&r->sess, "error", text);
	} else {
		lib_notices(&n, r);
		if (!n.len && ok_key)
			sb_str(&n, ui_raw(r->lang, ok_key));
		if (n.len && !n.oom)
			sess_flash(&r->sess, "ok", n.p);
	}
	sb_free(&n);
	sess_put(&r->sess);
	return redirect(r, location);
}

void csrf_field(struct req *r)
{
	sb_str(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	sb_attr(&r->out, r->csrf);
	sb_str(&r->out, "\">");
}

void form_open(struct req *r, const char *action, const char *cls)
{
	sb_str(&r->out, "<form method=\"post\" action=\"");
	sb_attr(&r->out, action);
	sb_str(&r->out, "\"");
	if (cls)
		sb_printf(&r->out, " class=\"%s\"", cls);
	sb_str(&r->out, ">");
	csrf_field(r);
}

void table_head(struct req *r, const char *const *cols)
{
	struct sbuf *b = &r->out;
	size_t j;

	sb_str(b, "<div class=\"scroll\"><table><thead><tr>");
	for (j = 0; cols[j]; j++) {
		char key[64];

		snprintf(key, sizeof(key), "field.%s", cols[j]);
		sb_str(b, "<th scope=\"col\">");
		ui_text(b, r->lang, key, NULL);
		sb_str(b, "</th>");
	}
	sb_str(b, "</tr></thead><tbody>\n");
}

void table_none(struct req *r)
{
	sb_str(&r->out, "<p class=\"none\">");
	ui_text(&r->out, r->lang, "table.none", NULL);
	sb_str(&r->out, "</p>\n");
}

void rows_table(struct req *r, const lend_rows *rows,
                const char *const *cols, const char *link,
                const char *prefix)
{
	struct sbuf *b = &r->out;
	size_t i, j;

	if (!rows || lend_rows_count(rows) == 0) {
		table_none(r);
		return;
	}
	table_head(r, cols);
	for (i = 0; i < lend_rows_count(rows); i++) {
		sb_str(b, "<tr>");
		for (j = 0; cols[j]; j++) {
			const char *v = lend_rows_get(rows, i, cols[j]);

			sb_str(b, "<td>");
			if (v && link && strcmp(cols[j], link) == 0) {
				sb_str(b, "<a href=\"");
				sb_attr(b, prefix);
				sb_attr(b, v);
				sb_str(b, "\">");
				sb_text(b, v);
				sb_str(b, "</a>");
			} else {
				sb_text(b, v ? v : "");
			}
			sb_str(b, "</td>");
		}
		sb_str(b, "</tr>\n");
	}
	sb_str(b, "</tbody></table></div>\n");
}

int list_page(struct req *r, const char *title_key, int rc, lend_rows *rows,
              const char *const *cols, const char *link, const char *prefix)
{
	page_begin(r, title_key, NULL);
	if (rc == 0)
		rows_table(r, rows, cols, link, prefix);
	lend_rows_free(rows);
	page_end(r);
	return 0;
}

int send_pdf(struct req *r, int rc, char *pdf, size_t len,
             const char *what)
{
	char name[80];

	if (rc) {
		lend_free(pdf);
		return not_found(r);
	}
	snprintf(name, sizeof(name), "%s-%s.pdf", r->arg[0], what);
	return send_data(r, pdf, len, "application/pdf", name);
}

void input_text(struct req *r, const char *name, const char *label_key,
                const char *value, const char *type, int required)
{
	struct sbuf *b = &r->out;

	sb_printf(b, "<p class=\"field\"><label for=\"f-%s\">", name);
	ui_text(b, r->lang, label_key, NULL);
	sb_printf(b, "</label> <input id=\"f-%s\" name=\"%s\" type=\"%s\"%s",
	          name, name, type ? type : "text",
	          required ? " required" : "");
	if (value) {
		sb_str(b, " value=\"");
		sb_attr(b, value);
		sb_str(b, "\"");
	}
	sb_str(b, "></p>\n");
}

void input_select(struct req *r, const char *name, const char *label_key,
                  const char *const *options, const char *selected)
{
	struct sbuf *b = &r->out;
	size_t i;

	sb_printf(b, "<p class=\"field\"><label for=\"f-%s\">", name);
	ui_text(b, r->lang, label_key, NULL);
	sb_printf(b, "</label> <select id=\"f-%s\" name=\"%s\">", name, name);
	for (i = 0; options[i]; i += 2) {
		sb_str(b, "<option value=\"");
		sb_attr(b, options[i]);
		sb_str(b, "\"");
		if (selected && strcmp(selected, options[i]) == 0)
			sb_str(b, " selected");
		sb_str(b, ">");
		if (strchr(options[i + 1], '.'))
			ui_text(b, r->lang, options[i + 1], NULL);
		else
			sb_text(b, options[i + 1]);
		sb_str(b, "</option>");
	}
	sb_str(b, "</select></p>\n");
}

void submit_button(struct req *r, const char *label_key)
{
	sb_str(&r->out, "<p><button type=\"submit\">");
	ui_text(&r->out, r->lang, label_key, NULL);
	sb_str(&r->out, "</button></p>\n");
}

int send_data(struct req *r, char *data, size_t len, const char *ctype,
              const char *filename)
{
	r->data = data;
	r->data_len = len;
	r->ctype_out = ctype;
	snprintf(r->disposition, sizeof(r->disposition), "%s; filename=\"%s\"",
	         strncmp(ctype, "application/pdf", 15) == 0 ? "inline"
	                                                    : "attachment",
	         filename);
	return 0;
}

int ref_ok(const char *ref)
{
	size_t n = 0;

	for (; ref && ref[n]; n++)
		if (!((ref[n] >= 'A' && ref[n] <= 'Z') ||
		      (ref[n] >= 'a' && ref[n] <= 'z') ||
		      (ref[n] >= '0' && ref[n] <= '9') || ref[n] == '-' ||
		      ref[n] == '_' || ref[n] == '.'))
			return 0;
	return n > 0 && n < 32;
}

void record_list(struct req *r, const lend_rows *rows,
                 const char *const *cols)
{
	struct sbuf *b = &r->out;
	size_t j;

	sb_str(b, "<dl class=\"record\">");
	for (j = 0; cols[j]; j++) {
		const char *v = lend_rows_get(rows, 0, cols[j]);
		char key[64];

		snprintf(key, sizeof(key), "field.%s", cols[j]);
		sb_str(b, "<dt>");
		ui_text(b, r->lang, key, NULL);
		sb_str(b, "</dt><dd>");
		sb_text(b, v && *v ? v : "–");
		sb_str(b, "</dd>");
	}
	sb_str(b, "</dl>\n");
}

void heading(struct req *r, const char *key)
{
	sb_str(&r->out, "<h2>");
	ui_text(&r->out, r->lang, key, NULL);
	sb_str(&r->out, "</h2>\n");
}

void link_to(struct req *r, const char *href, const char *key)
{
	sb_str(&r->out, "<a href=\"");
	sb_attr(&r->out, href);
	sb_str(&r->out, "\">");
	ui_text(&r->out, r->lang, key, NULL);
	sb_str(&r->out, "</a>");
}

/* A form field's value, NULL when absent or empty (an optional field not
 * given). */
const char *form_opt(struct req *r, const char *name)
{
	const char *v = req_form(r, name);

	return v && *v ? v : NULL;
}

int locked(struct req *r, int rc)
{
	(void)r;
	write_unlock();
	return rc;
}

const char *rget(const lend_rows *row, const char *name)
{
	return row ? lend_rows_get(row, 0, name) : NULL;
}
