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

/* A text field of an admin form. */
struct input {
	const char *name, *key, *type;
	int required;
};

/* An admin page: ROWS (freed; RC what reading them returned) as a table
 * of COLS, then a form posting IN's fields to ACTION, headed ADD_KEY. */
static int admin_list(struct req *r, const char *title, int rc,
                      lend_rows *rows, const char *const *cols,
                      const char *action, const char *add_key,
                      const struct input *in)
{
	admin_begin(r, title);
	if (rc == 0)
		rows_table(r, rows, cols, NULL, NULL);
	lend_rows_free(rows);
	heading(r, add_key);
	form_open(r, action, NULL);
	for (; in->name; in++)
		input_text(r, in->name, in->key, NULL, in->type, in->required);
	submit_button(r, add_key);
	sb_str(&r->out, "</form>");
	page_end(r);
	return 0;
}

int admin_members(struct req *r)
{
	static const char *const cols[] = { "code", "name", "phone", "sites",
	                                    "devices", NULL };
	static const struct input in[] = {
		{ "code", "field.code", "text", 1 },
		{ "name", "field.name", "text", 1 },
		{ "phone", "field.phone", "tel", 0 }, { NULL, NULL, NULL, 0 } };
	lend_rows *rows = NULL;
	int rc = lend_member_list(&rows, r->db);

	return admin_list(r, "members.title", rc, rows, cols, "/admin/members",
	                  "members.add", in);
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
	static const struct input in[] = {
		{ "code", "field.code", "text", 1 },
		{ "member", "field.member", "text", 1 },
		{ "name", "field.name", "text", 1 },
		{ "address", "field.address", "text", 0 },
		{ "hours", "field.hours", "text", 0 },
		{ "phone", "field.phone", "tel", 0 }, { NULL, NULL, NULL, 0 } };
	lend_rows *rows = NULL;
	int rc = lend_site_list(&rows, r->db, NULL);

	return admin_list(r, "sites.title", rc, rows, cols, "/admin/sites",
	                  "sites.add", in);
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
	static const char *const cols[] = { "name", "full_name", "role",
	                                    "member", "password", "disabled",
	                                    NULL };
	static const char *const roles[] = { "staff", "role.staff", "champion",
	                                     "role.champion", "funder",
	                                     "role.funder", "admin", "role.admin",
	                                     NULL };
	lend_rows *rows = NULL;
	size_t i;

	admin_begin(r, "users.title");
	if (lend_user_list(&rows, r->db) == 0) {
		table_head(r, cols);
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

	/* Not under the write lock: the library hashes first (about 73 ms,
	 * which would stall every desk) and its own write is short. */
	hash_enter();
	rc = lend_user_passwd(r->db, r->arg[0], req_form(r, "password"));
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
	static const struct input in[] = {
		{ "key", "field.key", "text", 1 },
		{ "value", "field.value", "text", 0 }, { NULL, NULL, NULL, 0 } };
	lend_rows *rows = NULL;
	int rc = lend_setting_list(&rows, r->db);

	return admin_list(r, "settings.title", rc, rows, cols,
	                  "/admin/settings", "settings.change", in);
}

int admin_setting_set(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_setting_set(r->db, req_form(r, "key"),
	                                req_form(r, "value")));
	return after_post(r, rc, "/admin/settings", "admin.saved");
}
