/*
 * lend-serve, the browser desk (DESK.md): what its files share.  The
 * server reaches liblend only through lend.h; libmicrohttpd is called in
 * http.c alone, libsodium in main.c, sess.c and login.c.
 */
#ifndef LEND_SERVE_H
#define LEND_SERVE_H


#include <stddef.h>

#include "lend.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- A growing string (buf.c) -------------------------------------- */

struct sbuf {
	char *p;
	size_t len, cap;
	int oom; /* an append failed: the text is cut, the request a 500 */
};
void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_str(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* S as HTML text (& < > escaped) and as an attribute's value (also the
 * quotes): every value reaches a page through one of these. */
void sb_text(struct sbuf *b, const char *s);
void sb_attr(struct sbuf *b, const char *s);
/* S as a JSON string's contents. */
void sb_json(struct sbuf *b, const char *s);
void sb_free(struct sbuf *b);

/* ---- Forms, queries, cookies (form.c: no libmicrohttpd, fuzzed) ----- */

struct field {
	char *name;
	char *value;    /* NUL-terminated; a file's bytes may hold NULs */
	size_t len;
	char *filename; /* a multipart file part's name, or NULL */
};
struct form {
	struct field *f;
	size_t n, cap;
};
/* Add the fields of DATA (LEN bytes) to F: application/x-www-form-
 * urlencoded (also a query string), multipart/form-data as CTYPE says,
 * or a Cookie header (name=value; ...).  Return 0, or -1 when out of
 * memory or malformed. */
int form_urlencoded(struct form *f, const char *data, size_t len);
int form_multipart(struct form *f, const char *data, size_t len,
                   const char *ctype);
int form_cookies(struct form *f, const char *header);
int form_add(struct form *f, const char *name, const char *value);
int form_body(struct form *f, const char *ctype, const char *data,
              size_t len);
/* The first field NAME's value (or the field), or NULL. */
const char *form_get(const struct form *f, const char *name);
const struct field *form_field(const struct form *f, const char *name);
void form_free(struct form *f);
/* "cy" or "en" from an Accept-Language header (NULL: "en"). */
const char *lang_pick(const char *accept);
/* Decode the base64 of a data URL "data:image/png;base64,..." into *OUT
 * (malloc'd) of *LEN bytes, at most MAX.  Returns 0, or -1. */
int data_url_png(unsigned char **out, size_t *len, const char *url,
                 size_t max);
/* A path's segments: SEG[0..n) point into COPY (the path copied). */
int path_split(char *copy, char **seg, int max);

/* ---- UI texts (ui.c) and static files, compiled in ------------------ */

/* texts/ui-LANG.txt and src/serve/static/NAME.EXT, by stem (embed.sh). */
typedef struct serve_file {
	const char *name;
	const char *text;
} serve_file;
extern const serve_file serve_ui[];
extern const size_t serve_nui;
extern const serve_file serve_static[];
extern const size_t serve_nstatic;

int ui_load(void);
void ui_unload(void);
/* Key KEY's text in LANG, or the key itself when it has none. */
const char *ui_raw(const char *lang, const char *key);
/* KEY's text in LANG with its {placeholders} put in from the NULL-ended
 * name/value pairs, escaped as text (ui_text) or for an attribute
 * (ui_attr).  {n|one|other} (English) and {n|zero|one|two|few|many|other}
 * (Welsh) choose a plural form by the value of n. */
void ui_text(struct sbuf *b, const char *lang, const char *key, ...);
void ui_attr(struct sbuf *b, const char *lang, const char *key, ...);
/* The keys and placeholders of a UI file, for the test holding en and
 * cy to the same: returns how many keys differ, printing each. */
int ui_compare(const char *a, const char *b);

/* ---- The pool of library handles (pool.c) --------------------------- */

int pool_open(const char *where, int n);
void pool_close(void);
lend_db *pool_take(void);
void pool_give(lend_db *db);
/* One writer at a time in the whole process (DESK.md: SQLite's busy
 * handler alone gave seconds of p99 with 16 writers). */
void write_lock(void);
void write_unlock(void);
/* The handle kept for the desk's scans, acting as USER, for the holder
 * of the write lock; pool_scan_end() has it act as nobody again. */
lend_db *pool_scan_begin(const char *user);
void pool_scan_end(void);
/* At most two password hashes at once. */
void hash_enter(void);
void hash_leave(void);

/* ---- Sessions kept in memory (sess.c) ------------------------------ */

#define LOG_LINES 20
struct logline {
	char kind[8]; /* ok, warn, error */
	char text[600];
	char href[64];
};
struct sess {
	char key[65];          /* SHA-256 of the login token, hex */
	long long used;
	/* The library's answer for the login, and the user's role and
	 * member, kept for the second it was given in: a burst of scans
	 * checks them once (lend_login_check(), lend_user_show()). */
	long long checked_at;
	char user[64];
	char csrf[65];
	int role;
	char member[32];
	int desk_open;         /* scan is a desk begun */
	lend_scan_state scan;
	char site[32];         /* the desk's site */
	int returns_only;
	char offer[32];        /* a check-out just ended: sign, print */
	char checked_in[32];   /* a loan something came back to: outcomes */
	struct logline log[LOG_LINES];
	int nlog;
	char flash[600];       /* what the last POST said, for the next page */
	char flash_kind[8];
	char import_path[256]; /* an uploaded file awaiting confirmation */
	char import_what[16];
};
/* Copy the session of login TOKEN into *OUT (a new one when unknown);
 * sess_find() makes none: it returns -1 when there is none. */
void sess_get(const char *token, struct sess *out);
int sess_find(const char *token, struct sess *out);
void sess_put(const struct sess *s);
void sess_drop(const char *token);
void sess_log(struct sess *s, const char *kind, const char *text,
              const char *href);
void sess_flash(struct sess *s, const char *kind, const char *text);
void sess_end_all(void);
/* Remove the import uploads ($TMPDIR/lend-import-*) a server that died
 * left behind, once older than the idle timeout. */
void sess_sweep_uploads(void);

/* Login failures in the last minute, per name and per address. */
int limit_failures(const char *name, const char *addr);
void limit_fail(const char *name, const char *addr);

/* ---- A request (http.c) -------------------------------------------- */

enum role { R_ADMIN = 1, R_STAFF = 2, R_CHAMPION = 4, R_FUNDER = 8 };
#define R_DESK (R_ADMIN | R_STAFF)
#define R_PEOPLE (R_ADMIN | R_STAFF | R_CHAMPION)
#define R_ANY (R_ADMIN | R_STAFF | R_CHAMPION | R_FUNDER)

struct req {
	void *conn;
	char method[8];        /* GET, HEAD, POST or another, cut */
	char path[512];        /* without the query */
	int post;
	char *body;
	size_t len, limit;
	struct form query, form, cookies;
	const char *ctype;
	char addr[64];
	const char *lang;      /* en, cy */
	long long started_ms;
	/* The session, once checked. */
	lend_db *db;
	char token[65];
	char user[64];
	char csrf[65];
	int role;
	char member[32];
	struct sess sess;
	int have_sess;
	const char *arg[2];    /* the refs a route's * matched */
	char argbuf[512];
	/* The answer. */
	int status;
	struct sbuf out;
	const char *ctype_out;
	char location[600];
	char *data;            /* a PDF or file: lend_free()d */
	size_t data_len;
	int data_fd;           /* or a file to stream (backup), or -1 */
	char disposition[128];
	char set_cookie[2][200];
	int cached;            /* a static file: may be cached */
	int done;              /* answered */
	int routed;            /* the path is a page's: it may be logged */
};
/* The header NAME of the request, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* A field of the form (POST) or of the query (GET). */
const char *req_form(const struct req *r, const char *name);
const char *req_query(const struct req *r, const char *name);

/* ---- Answers (page.c) ------------------------------------------------ */

/* The page's head (title from the UI key TITLE), the navigation and the
 * language form, and <main> with its <h1>; page_end closes it. */
void page_begin(struct req *r, const char *title_key, const char *ref);
void page_end(struct req *r);
/* The flash of the last POST, if any, as a status line. */
void page_flash(struct req *r);
/* Redirect after a POST (303) to LOCATION. */
int redirect(struct req *r, const char *location);
/* The page of a missing ref: a ref out of scope gets exactly this. */
int not_found(struct req *r);
int forbidden(struct req *r);
int server_error(struct req *r);
/* The library's last refusal (or notice I) said in the page's language. */
void lib_error_text(char *buf, size_t size, struct req *r);
void lib_notices(struct sbuf *b, struct req *r);
/* After a library call: a notice or the refusal flashed for the next
 * page, then 303 to LOCATION.  RC is the call's result. */
int after_post(struct req *r, int rc, const char *location,
               const char *ok_key);
/* The hidden csrf field of every form. */
void csrf_field(struct req *r);
/* ROWS as a table of the columns COLS, each headed by the UI key
 * "field.COL"; a column LINK (or NULL) is a link to PREFIX/value.
 * table_head() opens such a table, table_none() says it is empty. */
void rows_table(struct req *r, const lend_rows *rows,
                const char *const *cols, const char *link,
                const char *prefix);
void table_head(struct req *r, const char *const *cols);
void table_none(struct req *r);
/* A page TITLE_KEY of ROWS (freed) as rows_table() shows them, or empty
 * when RC, the call that read them, failed. */
int list_page(struct req *r, const char *title_key, int rc, lend_rows *rows,
              const char *const *cols, const char *link, const char *prefix);
/* PDF of LEN bytes inline as REF-WHAT.pdf (REF the route's), or when RC,
 * the call that made it, failed, the missing ref's page. */
int send_pdf(struct req *r, int rc, char *pdf, size_t len,
             const char *what);
/* A labelled text input, and a labelled select of OPTIONS (NULL-ended
 * value, UI key pairs) with SELECTED chosen. */
void input_text(struct req *r, const char *name, const char *label_key,
                const char *value, const char *type, int required);
void input_select(struct req *r, const char *name, const char *label_key,
                  const char *const *options, const char *selected);
void submit_button(struct req *r, const char *label_key);
/* The first row of ROWS as a list of COLS, each named by "field.COL". */
void record_list(struct req *r, const lend_rows *rows,
                 const char *const *cols);
void heading(struct req *r, const char *key);
/* The first row's NAME of ROW, or NULL when there is no ROW. */
const char *rget(const lend_rows *row, const char *name);
void link_to(struct req *r, const char *href, const char *key);
const char *form_opt(struct req *r, const char *name);
/* Release the write lock and return RC: write_lock(); rc = locked(r, f()). */
int locked(struct req *r, int rc);
/* A form's opening tag, posting to ACTION, with the csrf field. */
void form_open(struct req *r, const char *action, const char *cls);
/* Serve lend_*_render()'s bytes DATA of LEN as a PDF (or CTYPE) inline. */
int send_data(struct req *r, char *data, size_t len, const char *ctype,
              const char *filename);
/* A ref from the path, e.g. "B-000123", checked to be a printable word. */
int ref_ok(const char *ref);

/* ---- Routes and pages ---------------------------------------------- */

int route(struct req *r);
int static_file(struct req *r, const char *name);

int route_home(struct req *r);
int login_page(struct req *r);
int login_post(struct req *r);
int logout_post(struct req *r);
int lang_post(struct req *r);
/* Check the session cookie; 0 when logged in (R's user, role, csrf). */
int session_check(struct req *r);
/* A POST's Origin / Sec-Fetch-Site and csrf token; 0 when good. */
int post_check(struct req *r);

int desk_page(struct req *r);
int desk_scan(struct req *r);
int desk_end(struct req *r);
int desk_site(struct req *r);
int desk_mode(struct req *r);
int desk_outcome(struct req *r);
int desk_ready(struct req *r);
/* Record the form's outcome fields for LOAN; then 303 to BACK. */
int record_outcomes(struct req *r, const char *loan, const char *back);
/* The outcomes form for LOAN posting to ACTION. */
void outcome_form(struct req *r, const char *loan, const char *action);
/* The links a finished check-out offers: sign, slip, agreement. */
void loan_documents(struct req *r, const char *loan);

int borrower_list(struct req *r);
int borrower_new(struct req *r);
int borrower_add(struct req *r);
int borrower_show(struct req *r);
int borrower_edit(struct req *r);
int borrower_edit_post(struct req *r);
int borrower_consent(struct req *r);
int borrower_card(struct req *r);
int borrower_session(struct req *r);
int my_borrowers(struct req *r);

int device_list(struct req *r);
int device_show(struct req *r);
int device_label_url(struct req *r);
int device_status_post(struct req *r);
int device_wipe_post(struct req *r);
int device_label(struct req *r);

int loan_show(struct req *r);
int loan_renew(struct req *r);
int loan_slip(struct req *r);
int loan_agreement(struct req *r);
int loan_sign_page(struct req *r);
int loan_sign_post(struct req *r);
int loan_signed_paper(struct req *r);
int loan_outcome(struct req *r);
int hold_list(struct req *r);
int hold_add(struct req *r);
int hold_cancel(struct req *r);
int overdue_page(struct req *r);

/* An admin page's head and the admin's own navigation. */
void admin_begin(struct req *r, const char *title_key);
/* The database lend-serve serves (--db, LEND_DB). */
extern const char *serve_where;
int admin_members(struct req *r);
int admin_member_add(struct req *r);
int admin_sites(struct req *r);
int admin_site_add(struct req *r);
int admin_users(struct req *r);
int admin_user_add(struct req *r);
int admin_user_passwd(struct req *r);
int admin_user_disable(struct req *r);
int admin_settings(struct req *r);
int admin_setting_set(struct req *r);
int admin_import(struct req *r);
int admin_import_post(struct req *r);
int admin_import_confirm(struct req *r);
int admin_backup(struct req *r);
int admin_retention(struct req *r);
int admin_sar(struct req *r);
int admin_erase(struct req *r);
int report_page(struct req *r);
int report_file(struct req *r);

#endif /* LEND_SERVE_H */
