/*
 * The coordinator's records: members, sites, users (with their passwords
 * and disabling: users are disabled, never deleted) and settings.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

static void admin_nav(struct req *r)
{
	static const char *const links[][2] = {
		{ "/admin/members", "nav.members" }, { "/admin/sites", "nav.sites" },
		{ "/admin/users", "nav.users" }, { "/admin/settings", "nav.settings" },
		{ "/admin/import", "nav.import" }, { "/admin/backup", "nav.backup" },
		{ "/admin/retention", "nav.retention" } };
	size_t i;

	sb_str(&r->out, "<nav class=\"sub\" aria-label=\"");
	ui_attr(&r->out, r->lang, "nav.admin", NULL);
	sb_str(&r->out, "\"><ul>");
	for (i = 0; i < NELEM(links); i++) {
		sb_str(&r->out, "<li>");
		link_to(r, links[i][0], links[i][1]);
		sb_str(&r->out, "</li>");
	}
	sb_str(&r->out, "</ul></nav>\n");
}

void admin_begin(struct req *r, const char *title_key)
{
	page_begin(r, title_key, NULL);
	admin_nav(r);
}

int admin_members(struct req *r)
{
	static const char *const cols[] = { "code", "name", "phone", "sites",
	                                    "devices", NULL };
	static const char *const heads[] = { "field.code", "field.name",
	                                     "field.phone", "field.sites",
	                                     "field.devices" };
	lend_rows *rows = NULL;

	admin_begin(r, "members.title");
	if (lend_member_list(&rows, r->db) == 0)
		rows_table(r, rows, cols, heads, NULL, NULL);
	lend_rows_free(rows);
	heading(r, "members.add");
	form_open(r, "/admin/members", NULL);
	input_text(r, "code", "field.code", NULL, "text", 1);
	input_text(r, "name", "field.name", NULL, "text", 1);
	input_text(r, "phone", "field.phone", NULL, "tel", 0);
	submit_button(r, "members.add");
	sb_str(&r->out, "</form>");
	page_end(r);
	return 0;
}

int admin_member_add(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_member_add_phone(r->db, req_form(r, "code"),
	                                     req_form(r, "name"),
	                                     form_opt(r, "phone")));
	return after_post(r, rc, "/admin/members", "admin.saved");
}

int admin_sites(struct req *r)
{
	static const char *const cols[] = { "code", "member", "name", "address",
	                                    "hours", "phone", "devices", NULL };
	static const char *const heads[] = { "field.code", "field.member",
	                                     "field.name", "field.address",
	                                     "field.hours", "field.phone",
	                                     "field.devices" };
	lend_rows *rows = NULL;

	admin_begin(r, "sites.title");
	if (lend_site_list(&rows, r->db, NULL) == 0)
		rows_table(r, rows, cols, heads, NULL, NULL);
	lend_rows_free(rows);
	heading(r, "sites.add");
	form_open(r, "/admin/sites", NULL);
	input_text(r, "code", "field.code", NULL, "text", 1);
	input_text(r, "member", "field.member", NULL, "text", 1);
	input_text(r, "name", "field.name", NULL, "text", 1);
	input_text(r, "address", "field.address", NULL, "text", 0);
	input_text(r, "hours", "field.hours", NULL, "text", 0);
	input_text(r, "phone", "field.phone", NULL, "tel", 0);
	submit_button(r, "sites.add");
	sb_str(&r->out, "</form>");
	page_end(r);
	return 0;
}

int admin_site_add(struct req *r)
{
	lend_site_spec s = { 0 };
	int rc;

	s.code = req_form(r, "code");
	s.member = req_form(r, "member");
	s.name = req_form(r, "name");
	s.address = form_opt(r, "address");
	s.hours = form_opt(r, "hours");
	s.phone = form_opt(r, "phone");
	write_lock();
	rc = locked(r, lend_site_add(r->db, &s));
	return after_post(r, rc, "/admin/sites", "admin.saved");
}

static void user_row(struct req *r, const lend_rows *rows, size_t i)
{
	struct sbuf *b = &r->out;
	const char *name = lend_rows_get(rows, i, "name");
	const char *dis = lend_rows_get(rows, i, "disabled");
	int disabled = dis && strcmp(dis, "1") == 0;
	char to[120], id[80];

	sb_str(b, "<tr><td>");
	sb_text(b, name);
	sb_str(b, "</td><td>");
	sb_text(b, lend_rows_get(rows, i, "full_name"));
	sb_str(b, "</td><td>");
	sb_text(b, lend_rows_get(rows, i, "role"));
	sb_str(b, "</td><td>");
	sb_text(b, lend_rows_get(rows, i, "member"));
	sb_str(b, "</td><td>");
	snprintf(to, sizeof(to), "/admin/users/%s/password", name);
	snprintf(id, sizeof(id), "pw-%zu", i);
	form_open(r, to, "inline");
	sb_printf(b, "<label for=\"%s\">", id);
	ui_text(b, r->lang, "users.new_password", "user", name, NULL);
	sb_printf(b, "</label> <input id=\"%s\" name=\"password\" "
	          "type=\"password\" autocomplete=\"new-password\" required> "
	          "<button>", id);
	ui_text(b, r->lang, "users.set_password", NULL);
	sb_str(b, "</button></form></td><td>");
	snprintf(to, sizeof(to), "/admin/users/%s/disable", name);
	form_open(r, to, "inline");
	sb_printf(b, "<input type=\"hidden\" name=\"disabled\" value=\"%d\">"
	          "<button>", !disabled);
	ui_text(b, r->lang, disabled ? "users.enable" : "users.disable", NULL);
	sb_str(b, "</button></form></td></tr>\n");
}

int admin_users(struct req *r)
{
	static const char *const heads[] = { "field.name", "field.full_name",
	                                     "field.role", "field.member",
	                                     "field.password", "field.disabled" };
	static const char *const roles[] = { "staff", "role.staff", "champion",
	                                     "role.champion", "funder",
	                                     "role.funder", "admin", "role.admin",
	                                     NULL };
	lend_rows *rows = NULL;
	size_t i;

	admin_begin(r, "users.title");
	if (lend_user_list(&rows, r->db) == 0) {
		sb_str(&r->out, "<div class=\"scroll\"><table><thead><tr>");
		for (i = 0; i < NELEM(heads); i++) {
			sb_str(&r->out, "<th scope=\"col\">");
			ui_text(&r->out, r->lang, heads[i], NULL);
			sb_str(&r->out, "</th>");
		}
		sb_str(&r->out, "</tr></thead><tbody>");
		for (i = 0; i < lend_rows_count(rows); i++)
			user_row(r, rows, i);
		sb_str(&r->out, "</tbody></table></div>\n");
	}
	lend_rows_free(rows);
	heading(r, "users.add");
	form_open(r, "/admin/users", NULL);
	input_text(r, "name", "field.name", NULL, "text", 1);
	input_text(r, "full_name", "field.full_name", NULL, "text", 0);
	input_select(r, "role", "field.role", roles, "staff");
	input_text(r, "member", "field.member", NULL, "text", 0);
	input_text(r, "champion", "field.champion", NULL, "text", 0);
	submit_button(r, "users.add");
	sb_str(&r->out, "</form>");
	page_end(r);
	return 0;
}

int admin_user_add(struct req *r)
{
	lend_user_spec u = { 0 };
	int rc;

	u.name = req_form(r, "name");
	u.full_name = form_opt(r, "full_name");
	u.role = req_form(r, "role");
	u.member = form_opt(r, "member");
	u.champion = form_opt(r, "champion");
	write_lock();
	rc = locked(r, lend_user_add(r->db, &u));
	return after_post(r, rc, "/admin/users", "admin.saved");
}

int admin_user_passwd(struct req *r)
{
	int rc;

	hash_enter();
	write_lock();
	rc = locked(r, lend_user_passwd(r->db, r->arg[0],
	                                req_form(r, "password")));
	hash_leave();
	return after_post(r, rc, "/admin/users", "users.password_set");
}

int admin_user_disable(struct req *r)
{
	const char *d = req_form(r, "disabled");
	int rc;

	write_lock();
	rc = locked(r, lend_user_disable(r->db, r->arg[0],
	                                 d && strcmp(d, "1") == 0));
	return after_post(r, rc, "/admin/users", "admin.saved");
}

int admin_settings(struct req *r)
{
	static const char *const cols[] = { "key", "value", "is_default",
	                                    "description", NULL };
	static const char *const heads[] = { "field.key", "field.value",
	                                     "field.is_default",
	                                     "field.description" };
	lend_rows *rows = NULL;

	admin_begin(r, "settings.title");
	if (lend_setting_list(&rows, r->db) == 0)
		rows_table(r, rows, cols, heads, NULL, NULL);
	lend_rows_free(rows);
	heading(r, "settings.change");
	form_open(r, "/admin/settings", NULL);
	input_text(r, "key", "field.key", NULL, "text", 1);
	input_text(r, "value", "field.value", NULL, "text", 0);
	submit_button(r, "settings.set");
	sb_str(&r->out, "</form>");
	page_end(r);
	return 0;
}

int admin_setting_set(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_setting_set(r->db, req_form(r, "key"),
	                                req_form(r, "value")));
	return after_post(r, rc, "/admin/settings", "admin.saved");
}
