/*
 * The URL table (DESK.md): which method and path run which page, for which
 * roles.  A page a role may not see answers as a missing ref does, so that
 * a funder or a champion learns nothing from trying URLs.  Every POST but
 * the login and the language passes the origin and CSRF checks first.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

#define PUBLIC 0

struct route {
	const char *method;
	const char *pattern; /* '*' matches one segment, a ref */
	int roles;           /* PUBLIC: no session needed */
	int (*run)(struct req *r);
};

static const struct route routes[] = {
	{ "GET", "/", PUBLIC, route_home },
	{ "GET", "/login", PUBLIC, login_page },
	{ "POST", "/login", PUBLIC, login_post },
	{ "POST", "/lang", PUBLIC, lang_post },
	{ "POST", "/logout", R_ANY, logout_post },
	{ "GET", "/desk", R_DESK, desk_page },
	{ "POST", "/desk/scan", R_DESK, desk_scan },
	{ "POST", "/desk/end", R_DESK, desk_end },
	{ "POST", "/desk/site", R_DESK, desk_site },
	{ "POST", "/desk/mode", R_DESK, desk_mode },
	{ "POST", "/desk/outcome", R_DESK, desk_outcome },
	{ "GET", "/borrowers", R_PEOPLE, borrower_list },
	{ "GET", "/borrowers/new", R_PEOPLE, borrower_new },
	{ "POST", "/borrowers/new", R_PEOPLE, borrower_add },
	{ "GET", "/borrowers/*", R_PEOPLE, borrower_show },
	{ "GET", "/borrowers/*/edit", R_PEOPLE, borrower_edit },
	{ "POST", "/borrowers/*/edit", R_PEOPLE, borrower_edit_post },
	{ "POST", "/borrowers/*/consent", R_PEOPLE, borrower_consent },
	{ "GET", "/borrowers/*/card.pdf", R_PEOPLE, borrower_card },
	{ "POST", "/borrowers/*/session", R_PEOPLE, borrower_session },
	{ "POST", "/borrowers/*/hold", R_PEOPLE, hold_add },
	{ "GET", "/borrowers/*/export.pdf", R_ADMIN, admin_sar },
	{ "POST", "/borrowers/*/erase", R_ADMIN, admin_erase },
	{ "GET", "/my/borrowers", R_CHAMPION, my_borrowers },
	{ "GET", "/devices", R_DESK, device_list },
	{ "GET", "/devices/*", R_DESK, device_show },
	{ "GET", "/d/*", R_DESK, device_label_url },
	{ "POST", "/devices/*/status", R_DESK, device_status_post },
	{ "POST", "/devices/*/wipe", R_DESK, device_wipe_post },
	{ "GET", "/devices/*/label.pdf", R_DESK, device_label },
	{ "GET", "/loans/*", R_PEOPLE, loan_show },
	{ "POST", "/loans/*/renew", R_DESK, loan_renew },
	{ "GET", "/loans/*/slip.pdf", R_PEOPLE, loan_slip },
	{ "GET", "/loans/*/agreement.pdf", R_PEOPLE, loan_agreement },
	{ "GET", "/loans/*/sign", R_DESK, loan_sign_page },
	{ "POST", "/loans/*/sign", R_DESK, loan_sign_post },
	{ "POST", "/loans/*/signed", R_DESK, loan_signed_paper },
	{ "POST", "/loans/*/outcome", R_DESK, loan_outcome },
	{ "GET", "/holds", R_PEOPLE, hold_list },
	{ "POST", "/holds/*/cancel", R_PEOPLE, hold_cancel },
	{ "GET", "/overdue", R_DESK, overdue_page },
	{ "GET", "/admin/members", R_ADMIN, admin_members },
	{ "POST", "/admin/members", R_ADMIN, admin_member_add },
	{ "GET", "/admin/sites", R_ADMIN, admin_sites },
	{ "POST", "/admin/sites", R_ADMIN, admin_site_add },
	{ "GET", "/admin/users", R_ADMIN, admin_users },
	{ "POST", "/admin/users", R_ADMIN, admin_user_add },
	{ "POST", "/admin/users/*/password", R_ADMIN, admin_user_passwd },
	{ "POST", "/admin/users/*/disable", R_ADMIN, admin_user_disable },
	{ "GET", "/admin/settings", R_ADMIN, admin_settings },
	{ "POST", "/admin/settings", R_ADMIN, admin_setting_set },
	{ "GET", "/admin/import", R_ADMIN, admin_import },
	{ "POST", "/admin/import", R_ADMIN, admin_import_post },
	{ "POST", "/admin/import/confirm", R_ADMIN, admin_import_confirm },
	{ "GET", "/admin/backup", R_ADMIN, admin_backup },
	{ "GET", "/admin/retention", R_ADMIN, admin_retention },
	{ "GET", "/reports", R_ADMIN | R_FUNDER, report_page },
	{ "GET", "/reports/*", R_ADMIN | R_FUNDER, report_file },
};

/* Whether PATH matches PATTERN, the refs matched kept in R->arg. */
static int match(struct req *r, const char *pattern)
{
	char pat[128], *ps[8], *rs[8];
	int np, nr, i, na = 0;

	snprintf(pat, sizeof(pat), "%s", pattern);
	snprintf(r->argbuf, sizeof(r->argbuf), "%s", r->path);
	np = path_split(pat, ps, 8);
	nr = path_split(r->argbuf, rs, 8);
	if (np != nr || nr < 0)
		return 0;
	for (i = 0; i < np; i++) {
		if (strcmp(ps[i], "*") == 0) {
			if (!ref_ok(rs[i]) || na == 2)
				return 0;
			r->arg[na++] = rs[i];
		} else if (strcmp(ps[i], rs[i]) != 0) {
			return 0;
		}
	}
	return 1;
}

/* A path with a trailing slash or an empty segment is not a page. */
static int tidy(const char *path)
{
	return path[0] == '/' && !strstr(path, "//") &&
	       (path[1] == '\0' || path[strlen(path) - 1] != '/');
}

static int guarded(struct req *r, const struct route *rt)
{
	if (session_check(r)) {
		if (strcmp(r->path, "/desk/scan") == 0 && r->post) {
			r->status = 401;
			r->ctype_out = "application/json";
			sb_str(&r->out, "{\"kind\":\"error\",\"text\":\"");
			sb_json(&r->out, ui_raw(r->lang, "login.again"));
			sb_str(&r->out, "\",\"href\":\"/login\"}");
			return 0;
		}
		return redirect(r, "/login");
	}
	if (!(rt->roles & r->role))
		return not_found(r);
	if (r->post && post_check(r))
		return forbidden(r);
	return rt->run(r);
}

int route(struct req *r)
{
	const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	size_t i;

	r->routed = strncmp(r->path, "/static/", 8) == 0;
	if (strcmp(r->path, "/healthz") == 0) {
		r->routed = 1;
		r->ctype_out = "text/plain; charset=utf-8";
		sb_str(&r->out, "ok\n");
		return 0;
	}
	if (strcmp(r->path, "/favicon.ico") == 0) {
		r->status = 204;
		r->cached = 1;
		return 0;
	}
	if (strncmp(r->path, "/static/", 8) == 0 && strcmp(m, "GET") == 0)
		return static_file(r, r->path + 8);
	if (!tidy(r->path))
		return not_found(r);
	for (i = 0; i < NELEM(routes); i++) {
		if (strcmp(routes[i].method, m) || !match(r, routes[i].pattern))
			continue;
		r->routed = 1;
		if (routes[i].roles == PUBLIC) {
			if (strcmp(r->path, "/lang") == 0 ||
			    strcmp(r->path, "/login") == 0)
				session_check(r);
			return routes[i].run(r);
		}
		return guarded(r, &routes[i]);
	}
	/* A path that is no page answers as a missing ref, logged in or not:
	 * a session first, so that nothing is learnt without one. */
	if (session_check(r))
		return redirect(r, "/login");
	return not_found(r);
}
