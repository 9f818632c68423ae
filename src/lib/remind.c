/*
 * Reminders (issue 20): loans due within remind.before_days, and loans
 * overdue by each of remind.overdue_days, reminded once each in the
 * borrower's language by the channel they have: e-mail through the mail
 * server (mail.c), a text message in the outbox (and to sms.command), or
 * a letter on paper.  Each is recorded against the loan with the due
 * date it reminds of, so that a run twice sends nothing twice; a failed
 * one is tried again by the next run while it is still the one due.  The
 * run holds the write lock throughout, so two runs at once cannot both
 * send the same reminder.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mail.h"
#include "remind.h"

extern char **environ;

int lend__remind_row(lend__remind *r, const char *loan, const char *borrower,
                     const char *which, const char *channel,
                     const char *status, const char *detail)
{
	const char *v[] = { loan, borrower, which, channel, status, detail };
	long row = lend__rows_add(r->out);
	size_t c;

	for (c = 0; row >= 0 && c < LEND__NELEM(v); c++)
		if (lend__rows_set(r->out, (size_t)row, c, LEND_TEXT, v[c],
		                   strlen(v[c])))
			row = -1;
	if (row < 0)
		return lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (strcmp(status, "failed") == 0)
		r->failed++;
	return 0;
}

int lend__remind_file(lend__remind *r, int64_t borrower, const char *path)
{
	static const char sql[] =
		"INSERT INTO outbox_file (borrower_id, path, written_at) "
		"VALUES (?, ?, ?) ON CONFLICT (borrower_id, path) DO NOTHING";
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], *real = NULL;
	lend__buf b = { 0 };
	int rc;

	/* Absolute, so that an erasure run from another folder finds it. */
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
	         slash ? path : ".");
	if (!(real = realpath(dir, NULL)))
		return lend__fail(r->db, LEND_EDB, "remind.outbox_path", "file",
		                  path, "reason", strerror(errno), NULL);
	lend__buf_printf(&b, "%s/%s", real, slash ? slash + 1 : path);
	free(real);
	if (b.oom)
		rc = lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	else
		rc = lend__exec(r->db, sql, LEND__ARGS(LEND__I(borrower),
		                LEND__T(b.s), LEND__T(r->at)));
	lend__buf_free(&b);
	return rc;
}

int lend__remind_mail(lend__remind *r, const char *to, const char *subject,
                      const char *body, const char *id, char *err,
                      size_t size)
{
	const char *at = strchr(r->from, '@');
	char mid[256];
	lend__mail m = { 0 };
	lend__buf b = { 0 };
	int rc;

	snprintf(mid, sizeof(mid), "%s@%s", id, at ? at + 1 : "lend.invalid");
	m.url = r->url;
	m.user = r->user;
	m.password = r->password;
	m.from = r->from;
	m.to = to;
	m.subject = subject;
	m.body = body;
	m.at = r->at;
	m.message_id = mid;
	lend__mail_compose(&b, &m);
	if (b.oom) {
		snprintf(err, size, "out of memory");
		rc = -1;
	} else
		rc = lend__mail_send(&m, b.s, b.len, err, size);
	lend__buf_free(&b);
	return rc;
}

/* ---- Settings ------------------------------------------------------- */

/* remind.overdue_days, "1,7,21", largest first. */
static int overdue_days(lend__remind *r)
{
	char *list = NULL, *p, *end;
	size_t i, j;
	int rc = lend__setting_text(&list, r->db, "remind.overdue_days");

	for (p = list; rc == 0 && p && *p; p = *end ? end + 1 : end) {
		long n = strtol(p, &end, 10);

		if (end == p || n < 1 || n > 366 || (*end && *end != ',') ||
		    r->noverdue == LEND__NELEM(r->overdue))
			rc = lend__fail(r->db, LEND_EINVAL, "remind.overdue_days",
			                "value", list, NULL);
		else
			r->overdue[r->noverdue++] = (int)n;
	}
	for (i = 0; i < r->noverdue; i++)
		for (j = i + 1; j < r->noverdue; j++)
			if (r->overdue[j] > r->overdue[i]) {
				int t = r->overdue[i];

				r->overdue[i] = r->overdue[j];
				r->overdue[j] = t;
			}
	free(list);
	return rc;
}

static int load_settings(lend__remind *r)
{
	char *file = NULL;
	size_t len = 0;
	int rc;

	if ((rc = lend__setting_int(&r->before, r->db, "remind.before_days")) ||
	    (rc = overdue_days(r)) ||
	    (rc = lend__setting_text(&r->url, r->db, "smtp.url")) ||
	    (rc = lend__setting_text(&r->from, r->db, "smtp.from")) ||
	    (rc = lend__setting_text(&r->user, r->db, "smtp.user")) ||
	    (rc = lend__setting_text(&r->sms, r->db, "sms.command")) ||
	    (rc = lend__setting_text(&r->outbox, r->db, "remind.outbox")) ||
	    (rc = lend__setting_text(&file, r->db, "smtp.password_file")))
		goto done;
	if (!*r->outbox) {
		free(r->outbox);
		r->outbox = lend__strdup(r->spec->outbox ? r->spec->outbox
		                                         : "outbox");
	}
	if (*file && (rc = lend__read_file(&r->password, &len, r->db,
	                                   "remind", file)) == 0)
		r->password[strcspn(r->password, "\r\n")] = '\0';
	if (rc == 0 && !r->outbox)
		rc = lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
done:
	free(file);
	return rc;
}

/* ---- Channels ------------------------------------------------------- */

/* A reminder being sent: its loan and what it reminds of. */
typedef struct one {
	int64_t loan_id, borrower_id;
	const char *loan, *borrower, *which, *due_on, *phone, *email;
	char name[160]; /* of its files: "L-000001-overdue_7" */
} one;

/* Hand TEXT to sms.command with NUMBER as its argument, run without a
 * shell.  The text is in the pipe before the program starts (a text
 * message is far smaller than a pipe holds), so that a program that
 * never reads cannot stop lend. */
static int sms_command(const char *cmd, const char *number, const char *text,
                       char *err, size_t size)
{
	char *copy = lend__strdup(cmd), *argv[18], *tok, *save = NULL;
	posix_spawn_file_actions_t fa;
	size_t argc = 0, len = strlen(text);
	int fd[2], st = -1;
	pid_t pid;

	if (!copy || len > 4096 || pipe(fd) != 0) {
		free(copy);
		snprintf(err, size, "sms.command could not be started");
		return -1;
	}
	for (tok = strtok_r(copy, " ", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc++] = (char *)number;
	argv[argc] = NULL;
	if (write(fd[1], text, len) != (ssize_t)len)
		len = 0;
	close(fd[1]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[0], 0);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	if (len && posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		st = 0;
	else
		snprintf(err, size, "sms.command '%s' failed", argv[0]);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[0]);
	free(copy);
	return st == 0 ? 0 : -1;
}

/* How many characters of S fit a part of LIMIT units; *UNITS the units. */
static size_t sms_take(const char *s, long limit, int ucs2)
{
	size_t n = 0;
	long units = 0;

	while (s[n]) {
		size_t len = lend__utf8_len(s + n);
		long cost = ucs2 ? 1 : (len == 1 && strchr("^{}\\[~]|", s[n]))
		                       ? 2 : 1;

		if (len == 0 || units + cost > limit)
			break;
		units += cost;
		n += len;
	}
	return n;
}

/* The text message in the outbox: one file a part, each "NUMBER\nTEXT\n",
 * split as phones split it (160 GSM characters, else 153 a part; 70 and
 * 67 when it needs UCS-2); then to sms.command when there is one. */
static int send_sms(lend__remind *r, const one *o, const char *text,
                    char *detail, size_t size)
{
	int ucs2 = lend__sms_length(text) < 0;
	long part = ucs2 ? 67 : 153;
	size_t left = strlen(text), k;
	int single = sms_take(text, ucs2 ? 70 : 160, ucs2) == left, rc;
	const char *p = text;

	for (k = 1; *p; k++) {
		size_t n = single ? left : sms_take(p, part, ucs2);
		lend__buf b = { 0 };

		if (n == 0)
			break;
		if (single)
			snprintf(detail, size, "%s/sms-%s.txt", r->outbox, o->name);
		else
			snprintf(detail, size, "%s/sms-%s-%zu.txt", r->outbox,
			         o->name, k);
		lend__buf_printf(&b, "%s\n%.*s\n", o->phone, (int)n, p);
		if ((rc = lend__buf_file(r->db, detail, &b, 0)) ||
		    (rc = lend__remind_file(r, o->borrower_id, detail)))
			return rc;
		p += n;
		left -= n;
	}
	if (*r->sms && sms_command(r->sms, o->phone, text, detail, size))
		return 1;
	return 0;
}

/* The letter on paper in the outbox. */
static int send_letter(lend__remind *r, const one *o, lend__doc *d,
                       const char *subject, const char *body, char *detail,
                       size_t size)
{
	lend__buf b = { 0 };
	int rc = lend__remind_letter(&b, d, subject, body, r->today);

	snprintf(detail, size, "%s/letter-%s.pdf", r->outbox, o->name);
	if ((rc = lend__buf_file(r->db, detail, &b, rc)) == 0)
		rc = lend__remind_file(r, o->borrower_id, detail);
	return rc;
}

/* ---- One reminder --------------------------------------------------- */

/* Record how reminder O went (a new one, or another attempt) and its
 * event on the loan. */
static int record(lend__remind *r, const one *o, const char *channel,
                  int ok, const char *error, int64_t again)
{
	static const char add[] =
		"INSERT INTO reminder (loan_id, which, due_on, channel, status, "
		"attempts, created_at, sent_at, error) VALUES (?, ?, ?, ?, ?, 1, "
		"?, ?, ?)";
	static const char retry[] =
		"UPDATE reminder SET channel = ?, status = ?, attempts = attempts "
		"+ 1, sent_at = ?, error = ? WHERE id = ?";
	const char *status = ok ? "delivered" : "failed";
	lend__buf b = { 0 };
	char *after;
	int rc;

	if (again)
		rc = lend__exec(r->db, retry, LEND__ARGS(LEND__T(channel),
		                LEND__T(status), LEND__T(ok ? r->at : NULL),
		                LEND__T(error), LEND__I(again)));
	else
		rc = lend__exec(r->db, add, LEND__ARGS(LEND__I(o->loan_id),
		                LEND__T(o->which), LEND__T(o->due_on),
		                LEND__T(channel), LEND__T(status), LEND__T(r->at),
		                LEND__T(ok ? r->at : NULL), LEND__T(error)));
	lend__buf_printf(&b, "{\"which\":\"%s\",\"due_on\":\"%s\",\"channel\":"
	                 "\"%s\",\"status\":\"%s\"}", o->which, o->due_on,
	                 channel, status);
	if (!(after = lend__buf_take(&b)))
		return lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (rc == 0)
		rc = lend__event_json(r->db, r->at, r->actor, LEND__ENTITY_LOAN,
		                      o->loan_id, "remind", NULL, after);
	free(after);
	return rc;
}

/* Send reminder O by CHANNEL with the loan's document D: 0 sent, 1
 * failed (DETAIL says why), or an error of the database or a file. */
static int deliver(lend__remind *r, const one *o, const char *channel,
                   lend__doc *d, char *detail, size_t size)
{
	char *subject = NULL, *body = NULL, id[256];
	int sms = strcmp(channel, "sms") == 0, rc;

	detail[0] = '\0';
	if ((rc = lend__remind_text(&subject, &body, d, o->which, sms)))
		return rc;
	if (strcmp(channel, "email") == 0) {
		snprintf(id, sizeof(id), "reminder-%s-%s", o->name, o->due_on);
		rc = lend__remind_mail(r, o->email, subject, body, id, detail,
		                       size) ? 1 : 0;
	} else if ((rc = lend__make_dir(r->db, r->outbox)) == 0)
		rc = sms ? send_sms(r, o, body, detail, size)
		         : send_letter(r, o, d, subject, body, detail, size);
	free(subject);
	free(body);
	return rc;
}

/* Remind of O unless done already; AGAIN is a failed one's id. */
static int remind_one(lend__remind *r, const one *o, int64_t again)
{
	const char *channel = o->email ? "email" : o->phone ? "sms" : "letter";
	char detail[1024];
	lend__doc d;
	int rc;

	memset(&d, 0, sizeof(d));
	if (r->spec->dry_run)
		return lend__remind_row(r, o->loan, o->borrower, o->which, channel,
		                        "would send", "");
	if (o->email && (!*r->url || !*r->from)) {
		r->waiting++;
		return lend__remind_row(r, o->loan, o->borrower, o->which, channel,
		                        "waiting", *r->url ? "no smtp.from"
		                                           : "no smtp.url");
	}
	if ((rc = lend__doc_load(&d, r->db, "remind", o->loan, NULL)) == 0 &&
	    (rc = deliver(r, o, channel, &d, detail, sizeof(detail))) >= 0) {
		int sent = rc == 0;

		if ((rc = record(r, o, channel, sent, sent ? NULL : detail,
		                 again)) == 0)
			rc = lend__remind_row(r, o->loan, o->borrower, o->which,
			                      channel, sent ? "delivered" : "failed",
			                      detail);
	}
	lend__doc_free(&d);
	return rc;
}

/* ---- The run -------------------------------------------------------- */

/* The open loans due by ?1 (today and remind.before_days) or overdue,
 * with the earliest due date of what is still out. */
static const char loans_sql[] =
	"SELECT l.id, l.ref, b.ref AS borrower, b.phone, b.email, "
	"min(i.due_on) AS due_on, b.id AS borrower_id FROM loan l "
	"JOIN loan_item i ON i.loan_id = l.id AND i.returned_at IS NULL "
	"JOIN borrower b ON b.id = l.borrower_id WHERE l.closed_at IS NULL "
	"GROUP BY l.id, l.ref, b.ref, b.phone, b.email, b.id "
	"HAVING min(i.due_on) <= ?1 ORDER BY l.id";

/* Which reminder a loan due on DUE needs today ("due_soon",
 * "overdue_7"), into BUF; 0 when none. */
static int which_of(const lend__remind *r, const char *due, char *buf,
                    size_t size)
{
	char day[11];
	size_t i;

	if (strcmp(due, r->today) >= 0) {
		snprintf(buf, size, "due_soon");
		return r->before > 0;
	}
	for (i = 0; i < r->noverdue; i++) {
		lend__date_add(day, r->today, -r->overdue[i]);
		if (strcmp(due, day) <= 0) {
			snprintf(buf, size, "overdue_%d", r->overdue[i]);
			return 1;
		}
	}
	return 0;
}

/* Remind of loan row I of ROWS, unless it was done already. */
static int loan_reminder(lend__remind *r, const lend_rows *rows, size_t i)
{
	static const char done_sql[] =
		"SELECT id, status FROM reminder WHERE loan_id = ? AND which = ? "
		"AND due_on = ?";
	lend_rows *done = NULL;
	char which[32];
	int64_t again = 0;
	one o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.due_on = lend_rows_get(rows, i, "due_on");
	if (!which_of(r, o.due_on, which, sizeof(which)))
		return 0;
	o.loan_id = strtoll(lend_rows_text(rows, i, 0), NULL, 10);
	o.borrower_id = strtoll(lend_rows_get(rows, i, "borrower_id"), NULL, 10);
	o.loan = lend_rows_get(rows, i, "ref");
	o.borrower = lend_rows_get(rows, i, "borrower");
	o.which = which;
	o.phone = lend_rows_get(rows, i, "phone");
	o.email = lend_rows_get(rows, i, "email");
	snprintf(o.name, sizeof(o.name), "%s-%s", o.loan, which);
	if ((rc = lend__query_rows(&done, r->db, done_sql,
	                           LEND__ARGS(LEND__I(o.loan_id), LEND__T(which),
	                                      LEND__T(o.due_on)))))
		return rc;
	if (lend_rows_count(done) > 0) {
		if (strcmp(lend_rows_get(done, 0, "status"), "delivered") == 0) {
			lend_rows_free(done);
			return 0;
		}
		again = strtoll(lend_rows_text(done, 0, 0), NULL, 10);
	}
	lend_rows_free(done);
	return remind_one(r, &o, again);
}

static int reminders(lend__remind *r)
{
	lend_rows *rows = NULL;
	char by[11];
	size_t i;
	int rc;

	lend__date_add(by, r->today, (int)r->before);
	if ((rc = lend__query_rows(&rows, r->db, loans_sql,
	                           LEND__ARGS(LEND__T(by)))))
		return rc;
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++)
		rc = loan_reminder(r, rows, i);
	lend_rows_free(rows);
	return rc;
}

static int start(lend__remind *r)
{
	static const char *const cols[] = { "loan", "borrower", "which",
	                                    "channel", "status", "detail" };
	size_t i;
	int rc;

	if ((rc = lend__actor(&r->actor, r->db, "remind", LEND__ADMIN,
	                      "send reminders")) ||
	    (rc = lend__resolve_at(r->db, "remind", r->at, NULL)) ||
	    (rc = lend__check_date(r->db, "remind", "as-of date",
	                           r->spec->as_of)) ||
	    (rc = load_settings(r)))
		return rc;
	snprintf(r->today, sizeof(r->today), "%.10s",
	         r->spec->as_of ? r->spec->as_of : r->at);
	if (!(r->out = lend__rows_new(LEND__NELEM(cols))))
		return lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (i = 0; i < LEND__NELEM(cols); i++)
		if (lend__rows_set_name(r->out, i, cols[i]))
			return lend__fail(r->db, LEND_ENOMEM, "lend.out_of_memory",
			                  NULL);
	return 0;
}

/* What the run has to say besides its rows: one line each. */
static void tell(lend__remind *r)
{
	char n[24];

	snprintf(n, sizeof(n), "%zu", r->waiting);
	if (r->waiting)
		lend__note(r->db, "remind.waiting", "n", n, NULL);
	snprintf(n, sizeof(n), "%zu", r->failed);
	if (r->failed)
		lend__note(r->db, "remind.failed", "n", n, NULL);
}

int lend_remind_run(lend_rows **out, lend_db *db, const lend_remind_spec *spec)
{
	lend__remind r;
	int rc;

	assert(out && db && spec);
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.spec = spec;
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = start(&r)) == 0)
		rc = spec->champions ? lend__remind_champions(&r) : reminders(&r);
	rc = rc == 0 && spec->dry_run ? lend__txn_rollback(db)
	                              : lend__txn_end(db, rc);
	if (rc == 0) {
		tell(&r);
		*out = r.out;
	} else
		lend_rows_free(r.out);
	free(r.url);
	free(r.from);
	free(r.user);
	free(r.password);
	free(r.outbox);
	free(r.sms);
	return rc;
}
