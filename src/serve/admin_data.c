/*
 * The coordinator's data: an import uploaded, checked (the dry run's report
 * of every problem) and confirmed; a backup downloaded; retention's dry
 * run; a borrower's subject access PDF and erasure with typed
 * confirmation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

const char *serve_where;

static const char *const whats[] = {
	"devices", "import.devices", "borrowers", "import.borrowers",
	"champions", "import.champions", "loans", "import.loans", NULL };

int admin_import(struct req *r)
{
	struct sbuf *b = &r->out;

	admin_begin(r, "import.title");
	sb_str(b, "<form method=\"post\" action=\"/admin/import\" "
	          "enctype=\"multipart/form-data\">");
	csrf_field(r);
	input_select(r, "what", "import.what", whats, "devices");
	sb_str(b, "<p class=\"field\"><label for=\"f-file\">");
	ui_text(b, r->lang, "import.file", NULL);
	sb_str(b, "</label> <input id=\"f-file\" name=\"file\" type=\"file\" "
	          "accept=\".csv,text/csv\" required></p>");
	submit_button(r, "import.check");
	sb_str(b, "</form>");
	page_end(r);
	return 0;
}

static int save_upload(struct req *r, const struct field *f)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR")
	                  ? getenv("TMPDIR") : "/tmp";
	char path[256];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/lend-import-XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		return -1;
	n = write(fd, f->value, f->len);
	close(fd);
	if (n < 0 || (size_t)n != f->len) {
		unlink(path);
		return -1;
	}
	if (r->sess.import_path[0])
		unlink(r->sess.import_path);
	snprintf(r->sess.import_path, sizeof(r->sess.import_path), "%s", path);
	return 0;
}

static void report(struct req *r, int rc, const lend_import_result *res)
{
	struct sbuf *b = &r->out, notes = { 0 };
	char text[600];
	char n[5][24];

	lib_notices(&notes, r);
	if (rc) {
		lib_error_text(text, sizeof(text), r);
		sb_str(b, "<p class=\"flash error\" role=\"alert\">");
		sb_text(b, text);
		sb_str(b, "</p>");
	} else {
		snprintf(n[0], sizeof(n[0]), "%zu", res->rows);
		snprintf(n[1], sizeof(n[1]), "%zu", res->added);
		snprintf(n[2], sizeof(n[2]), "%zu", res->skipped);
		snprintf(n[3], sizeof(n[3]), "%zu", res->updated);
		snprintf(n[4], sizeof(n[4]), "%zu", res->loans);
		sb_str(b, "<p role=\"status\">");
		ui_text(b, r->lang, "import.would", "rows", n[0], "added", n[1],
		        "skipped", n[2], "updated", n[3], "loans", n[4], NULL);
		sb_str(b, "</p>");
	}
	if (notes.len && !notes.oom) {
		sb_str(b, "<pre class=\"problems\">");
		sb_text(b, notes.p);
		sb_str(b, "</pre>");
	}
	sb_free(&notes);
}

int admin_import_post(struct req *r)
{
	const struct field *f = form_field(&r->form, "file");
	const char *what = req_form(r, "what");
	lend_import_spec s = { 0 };
	lend_import_result res = { 0 };
	int rc;

	if (!f || !what || save_upload(r, f)) {
		sess_flash(&r->sess, "error", ui_raw(r->lang, "import.no_file"));
		sess_put(&r->sess);
		return redirect(r, "/admin/import");
	}
	snprintf(r->sess.import_what, sizeof(r->sess.import_what), "%s", what);
	s.what = what;
	s.path = r->sess.import_path;
	s.dry_run = 1;
	rc = lend_import(&res, r->db, &s);
	admin_begin(r, "import.report");
	report(r, rc, &res);
	if (rc == 0) {
		form_open(r, "/admin/import/confirm", NULL);
		submit_button(r, "import.confirm");
		sb_str(&r->out, "</form>");
	}
	page_end(r);
	sess_put(&r->sess);
	return 0;
}

int admin_import_confirm(struct req *r)
{
	lend_import_spec s = { 0 };
	lend_import_result res = { 0 };
	int rc;

	if (!r->sess.import_path[0])
		return redirect(r, "/admin/import");
	s.what = r->sess.import_what;
	s.path = r->sess.import_path;
	write_lock();
	rc = locked(r, lend_import(&res, r->db, &s));
	unlink(r->sess.import_path);
	r->sess.import_path[0] = '\0';
	return after_post(r, rc, "/admin/import", "import.done");
}

/* The copy is made in a folder of its own, opened, and removed before it
 * is streamed: nothing is left behind, whatever the client does. */
int admin_backup(struct req *r)
{
	const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR")
	                  ? getenv("TMPDIR") : "/tmp";
	char dir[256], path[300], day[16];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (lend_db_is_server(serve_where)) {
		admin_begin(r, "backup.title");
		sb_str(&r->out, "<p>");
		ui_text(&r->out, r->lang, "backup.server", NULL);
		sb_str(&r->out, "</p>");
		page_end(r);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/lend-backup-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return server_error(r);
	snprintf(path, sizeof(path), "%s/lend.db", dir);
	rc = lend_db_backup(r->db, path);
	if (rc == 0)
		r->data_fd = open(path, O_RDONLY);
	unlink(path);
	rmdir(dir);
	if (rc || r->data_fd < 0)
		return rc == LEND_EDENIED ? not_found(r) : server_error(r);
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	r->ctype_out = "application/vnd.sqlite3";
	snprintf(r->disposition, sizeof(r->disposition),
	         "attachment; filename=\"lend-backup-%s.db\"", day);
	return 0;
}

int admin_retention(struct req *r)
{
	static const char *const cols[] = { "ref", "idle_since",
	                                    "retention_months", NULL };
	lend_rows *rows = NULL;

	admin_begin(r, "retention.title");
	sb_str(&r->out, "<p>");
	ui_text(&r->out, r->lang, "retention.explain", NULL);
	sb_str(&r->out, "</p>");
	if (lend_retention_run(&rows, r->db, 1) == 0)
		rows_table(r, rows, cols, "ref", "/borrowers/");
	lend_rows_free(rows);
	page_end(r);
	return 0;
}

int admin_sar(struct req *r)
{
	char *pdf = NULL;
	size_t len = 0;
	int rc = lend_borrower_export(&pdf, &len, r->db, r->arg[0], "pdf");

	return send_pdf(r, rc, pdf, len, "subject-access");
}

int admin_erase(struct req *r)
{
	const char *confirm = req_form(r, "confirm");
	char to[80];
	int rc;

	snprintf(to, sizeof(to), "/borrowers/%s", r->arg[0]);
	if (!confirm || strcmp(confirm, r->arg[0]) != 0) {
		sess_flash(&r->sess, "error", ui_raw(r->lang, "erase.mismatch"));
		sess_put(&r->sess);
		return redirect(r, to);
	}
	write_lock();
	rc = locked(r, lend_borrower_forget(r->db, r->arg[0]));
	return after_post(r, rc, to, "erase.done");
}
