/*
 * Logging in and out, the session cookie, and the checks every POST
 * passes: same origin (Origin, Sec-Fetch-Site) and the session's CSRF
 * token.  Login failures are counted per name and per address: past ten
 * in a minute each further attempt is slowed.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"
#include "http.h"

#define COOKIE "__Host-lend"

static const char *const role_names[] = { "admin", "staff", "champion",
                                          "funder" };

static const char *home(int role)
{
	return role & R_DESK ? "/desk" : role & R_CHAMPION ? "/my/borrowers"
	                                                   : "/reports";
}

/* Act as NAME and read their role and member from the library. */
static int who(struct req *r, const char *name)
{
	lend_rows *u = NULL;
	const char *role, *member;
	size_t i;

	r->role = 0;
	if (lend_db_act_as(r->db, name) || lend_user_show(&u, r->db, name))
		return -1;
	role = lend_rows_get(u, 0, "role");
	member = lend_rows_get(u, 0, "member");
	for (i = 0; role && i < NELEM(role_names); i++)
		if (strcmp(role, role_names[i]) == 0)
			r->role = 1 << i;
	snprintf(r->member, sizeof(r->member), "%s", member ? member : "");
	lend_rows_free(u);
	return r->role ? 0 : -1;
}

/* The library's check of login TOKEN and the user's role, or the ones
 * made in this second: acting as the user, with their role and member. */
static int check(struct req *r, const char *tok, char name[64],
                 char csrf[65])
{
	long long now = (long long)time(NULL);
	int rc;

	if (sess_find(tok, &r->sess) == 0 && r->sess.checked_at == now &&
	    r->sess.user[0]) {
		memcpy(name, r->sess.user, 64);
		memcpy(csrf, r->sess.csrf, 65);
		r->role = r->sess.role;
		snprintf(r->member, sizeof(r->member), "%s", r->sess.member);
		return lend_db_act_as(r->db, name);
	}
	write_lock();
	rc = lend_login_check(r->db, tok, now, serve_idle_seconds, name, csrf);
	write_unlock();
	if (rc || (rc = who(r, name)))
		return rc;
	sess_get(tok, &r->sess);
	r->sess.checked_at = now;
	memcpy(r->sess.user, name, 64);
	memcpy(r->sess.csrf, csrf, 65);
	r->sess.role = r->role;
	snprintf(r->sess.member, sizeof(r->sess.member), "%s", r->member);
	sess_put(&r->sess);
	return 0;
}

int session_check(struct req *r)
{
	const char *tok = form_get(&r->cookies, COOKIE);
	char name[64], csrf[65];

	if (!tok || strlen(tok) != 64 || strspn(tok, "0123456789abcdef") != 64)
		return -1;
	if (!r->db)
		r->db = pool_take();
	if (check(r, tok, name, csrf)) {
		lend_db_act_as(r->db, NULL);
		return -1;
	}
	snprintf(r->token, sizeof(r->token), "%s", tok);
	snprintf(r->user, sizeof(r->user), "%s", name);
	snprintf(r->csrf, sizeof(r->csrf), "%s", csrf);
	r->have_sess = 1;
	return 0;
}

/* Whether Origin names this server: scheme and the Host header. */
static int same_origin(struct req *r)
{
	const char *origin = req_header(r, "Origin");
	const char *site = req_header(r, "Sec-Fetch-Site");
	const char *host = req_header(r, "Host");
	char want[300];

	if (site && strcmp(site, "same-origin") != 0)
		return 0;
	if (!origin)
		return 1;
	snprintf(want, sizeof(want), "%s://%s", http_tls ? "https" : "http",
	         host ? host : "");
	return host && strcmp(origin, want) == 0;
}

int post_check(struct req *r)
{
	const char *t = req_form(r, "csrf");

	if (!same_origin(r))
		return -1;
	if (!r->have_sess)
		return 0;
	if (!t)
		t = req_header(r, "X-CSRF");
	if (!t || strlen(t) != 64 || strlen(r->csrf) != 64 ||
	    sodium_memcmp(t, r->csrf, 64) != 0)
		return -1;
	return 0;
}

static void cookie(struct req *r, int i, const char *name,
                   const char *value, long max_age)
{
	char age[32] = "";

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	snprintf(r->set_cookie[i], sizeof(r->set_cookie[i]),
	         "%s=%s; Path=/; %sSameSite=Strict; Secure%s", name, value,
	         strcmp(name, COOKIE) == 0 ? "HttpOnly; " : "", age);
}

static int login_form(struct req *r, const char *error)
{
	struct sbuf *b = &r->out;

	page_begin(r, "login.title", NULL);
	if (error) {
		sb_str(b, "<p class=\"flash error\" role=\"alert\">");
		sb_text(b, error);
		sb_str(b, "</p>");
	}
	sb_str(b, "<form method=\"post\" action=\"/login\" class=\"login\">");
	input_text(r, "name", "login.name", req_form(r, "name"), "text", 1);
	sb_str(b, "<p class=\"field\"><label for=\"f-password\">");
	ui_text(b, r->lang, "login.password", NULL);
	sb_str(b, "</label> <input id=\"f-password\" name=\"password\" "
	          "type=\"password\" required autocomplete=\"current-password\">"
	          "</p>");
	submit_button(r, "login.submit");
	sb_str(b, "</form>");
	page_end(r);
	return 0;
}

int login_page(struct req *r)
{
	return login_form(r, NULL);
}

int login_post(struct req *r)
{
	const char *name = req_form(r, "name"), *pw = req_form(r, "password");
	char token[65], text[600];
	int rc, n;

	if (same_origin(r) != 1)
		return forbidden(r);
	if (!name || !pw) {
		r->status = 400;
		return login_form(r, ui_raw(r->lang, "login.missing"));
	}
	/* The eleventh failure in a minute, and each after it, waits. */
	if ((n = limit_failures(name, r->addr)) >= 10)
		sleep((unsigned)(n - 8 > 10 ? 10 : n - 8));
	/* The gate first: a burst of logins waits there, not holding the
	 * desks' handles.  A handle may be had already, taken to read the
	 * cookie of an earlier login (session_check()). */
	hash_enter();
	if (!r->db)
		r->db = pool_take();
	rc = lend_login(r->db, name, pw, (long long)time(NULL), token);
	hash_leave();
	if (rc) {
		if (rc == LEND_EDENIED || rc == LEND_EINVAL)
			limit_fail(name, r->addr);
		lib_error_text(text, sizeof(text), r);
		r->status = 403;
		return login_form(r, text);
	}
	cookie(r, 0, COOKIE, token, -1);
	snprintf(r->user, sizeof(r->user), "%s", name);
	if (who(r, name))
		return redirect(r, "/login");
	sodium_memzero(token, sizeof(token));
	return redirect(r, home(r->role));
}

int logout_post(struct req *r)
{
	if (r->token[0]) {
		write_lock();
		lend_logout(r->db, r->token);
		write_unlock();
		sess_drop(r->token);
	}
	cookie(r, 0, COOKIE, "", 0);
	return redirect(r, "/login");
}

/* A path of this server only: no backslash and no control character
 * (a browser drops a tab, so "/\t/evil.example" would leave the site). */
static int local_path(const char *p)
{
	for (; *p; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int lang_post(struct req *r)
{
	const char *lang = req_form(r, "lang"), *back = req_form(r, "back");

	if (same_origin(r) != 1)
		return forbidden(r);
	if (lang && (strcmp(lang, "cy") == 0 || strcmp(lang, "en") == 0))
		cookie(r, 1, "lang", lang, 365L * 24 * 3600);
	if (!back || back[0] != '/' || back[1] == '/' || !local_path(back))
		back = "/";
	return redirect(r, back);
}

int route_home(struct req *r)
{
	if (session_check(r))
		return redirect(r, "/login");
	return redirect(r, home(r->role));
}
