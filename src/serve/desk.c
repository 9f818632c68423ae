/*
 * The desk (DESK.md, "Desk flow"): the scan box on the library's scan step,
 * its state kept in the session, the result log, today's queue at the
 * desk's site, the "returns only" mode, undo, and at a check-out's end the
 * signature, the slip and the agreement; after a check-in, the outcomes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "serve.h"

static int wants_json(struct req *r)
{
	const char *a = req_header(r, "Accept");

	return a && strstr(a, "application/json") != NULL;
}

/* The desk begins with the session, at the first site of the user's
 * member (or the first of all, for a user of none). */
int desk_ready(struct req *r)
{
	lend_rows *sites = NULL;

	if (!r->sess.desk_open) {
		if (lend_scan_begin(r->db, &r->sess.scan, (long long)time(NULL)))
			return -1;
		r->sess.desk_open = 1;
	}
	if (!r->sess.site[0] &&
	    lend_site_list(&sites, r->db, r->member[0] ? r->member : NULL) == 0 &&
	    lend_rows_count(sites) > 0)
		snprintf(r->sess.site, sizeof(r->sess.site), "%s",
		         lend_rows_get(sites, 0, "code"));
	lend_rows_free(sites);
	return 0;
}

/* The page a line is about: the loan in progress, or its ref. */
static void href_of(char *out, size_t size, const lend_scan_state *s,
                    const lend_scan_result *res)
{
	const char *ref = res->offer[0] ? res->offer : s->loan[0] ? s->loan
	                                                          : res->ref;

	out[0] = '\0';
	if (strncasecmp(ref, "B-", 2) == 0)
		snprintf(out, size, "/borrowers/%s", ref);
	else if (strncasecmp(ref, "L-", 2) == 0)
		snprintf(out, size, "/loans/%s", ref);
	else if (ref[0] && ref_ok(ref))
		snprintf(out, size, "/devices/%s", ref);
}

/* A loan something came back to, from the step's notices: its page, with
 * the outcomes form, is where the line leads. */
static void returned_loan(struct req *r, char *href, size_t size)
{
	size_t i, j;

	for (i = 0; i < lend_notice_count(r->db); i++) {
		lend_info info;

		if (lend_notice_info(r->db, i, &info) ||
		    (strcmp(info.key, "scan.back") && strcmp(info.key, "scan.swap")))
			continue;
		for (j = 0; j < info.n; j++)
			if (strcmp(info.names[j], "loan") == 0 &&
			    ref_ok(info.values[j])) {
				snprintf(r->sess.checked_in,
				         sizeof(r->sess.checked_in), "%s",
				         info.values[j]);
				snprintf(href, size, "/loans/%s", info.values[j]);
			}
	}
}

/* The line's answer: the desk page again, or JSON for desk.js, with the
 * check-out just ended (OFFER) when there is one, for its documents. */
static int answer(struct req *r, const char *kind, const char *text,
                  const char *href, const char *offer)
{
	sess_log(&r->sess, kind, text, href);
	sess_put(&r->sess);
	if (!wants_json(r))
		return redirect(r, "/desk");
	r->ctype_out = "application/json";
	sb_str(&r->out, "{\"kind\":\"");
	sb_str(&r->out, kind);
	sb_str(&r->out, "\",\"text\":\"");
	sb_json(&r->out, text);
	sb_str(&r->out, "\",\"href\":\"");
	sb_json(&r->out, href);
	if (offer && *offer) {
		sb_str(&r->out, "\",\"offer\":\"");
		sb_json(&r->out, offer);
	}
	sb_str(&r->out, "\"}");
	return 0;
}

/* One line through the library's scan step, under the write lock. */
static int step(struct req *r, const char *line)
{
	lend_scan_result res;
	struct sbuf text = { 0 };
	char href[64] = "", err[600];
	const char *kind;
	int rc;

	memset(&res, 0, sizeof(res));
	if (desk_ready(r)) {
		lib_error_text(err, sizeof(err), r);
		return answer(r, "error", err, "", NULL);
	}
	if (r->sess.returns_only && !r->sess.scan.borrower[0] &&
	    strncasecmp(line + strspn(line, " \t"), "B-", 2) == 0)
		return answer(r, "warn", ui_raw(r->lang, "desk.returns_only_card"),
		              "", NULL);
	rc = lend_scan_step(r->db, &r->sess.scan, line, (long long)time(NULL),
	                    &r->sess.scan, &res);
	r->sess.scan.last = (long long)time(NULL);
	lib_notices(&text, r);
	if (rc) {
		lib_error_text(err, sizeof(err), r);
		if (text.len)
			sb_str(&text, "\n");
		sb_str(&text, err);
	}
	kind = rc ? "error" : res.warn ? "warn" : "ok";
	href_of(href, sizeof(href), &r->sess.scan, &res);
	if (res.offer[0])
		snprintf(r->sess.offer, sizeof(r->sess.offer), "%s", res.offer);
	returned_loan(r, href, sizeof(href));
	rc = answer(r, kind, text.oom ? "" : text.len ? text.p : "", href,
	            res.offer);
	sb_free(&text);
	return rc;
}

/* The session as the last writer left it: two scans of one login may
 * have been read before either took the lock. */
static void fresh(struct req *r)
{
	sess_find(r->token, &r->sess);
}

/* LINE through the scan step, on the handle kept for scans. */
static int scan(struct req *r, const char *line)
{
	lend_db *own = r->db;
	int rc;

	write_lock();
	if ((r->db = pool_scan_begin(r->user))) {
		fresh(r);
		rc = step(r, line);
		pool_scan_end();
	} else {
		rc = answer(r, "error", lend_strerror(LEND_ENOMEM), "", NULL);
	}
	r->db = own;
	write_unlock();
	return rc;
}

int desk_scan(struct req *r)
{
	const char *line = req_form(r, "line");

	return scan(r, line ? line : "");
}

int desk_end(struct req *r)
{
	return scan(r, req_form(r, "undo") ? "undo" : "done");
}

int desk_site(struct req *r)
{
	const char *site = req_form(r, "site");
	lend_rows *row = NULL;

	if (!site || lend_site_show(&row, r->db, site))
		return after_post(r, site ? -1 : 0, "/desk", NULL);
	snprintf(r->sess.site, sizeof(r->sess.site), "%s",
	         lend_rows_get(row, 0, "code"));
	lend_rows_free(row);
	sess_put(&r->sess);
	return redirect(r, "/desk");
}

int desk_mode(struct req *r)
{
	const char *m = req_form(r, "returns_only");

	r->sess.returns_only = m && strcmp(m, "1") == 0;
	sess_put(&r->sess);
	return redirect(r, "/desk");
}

/* The outcome fields of the form, NULL-ended, at most N. */
static size_t outcomes_of(struct req *r, const char **out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < r->form.n && k < n; i++)
		if (strcmp(r->form.f[i].name, "outcome") == 0)
			out[k++] = r->form.f[i].value;
	return k;
}

int record_outcomes(struct req *r, const char *loan, const char *back)
{
	const char *o[32];
	size_t n = outcomes_of(r, o, NELEM(o));
	int rc;

	write_lock();
	rc = lend_loan_outcome(r->db, loan, o, n);
	write_unlock();
	return after_post(r, rc, back, "outcome.saved");
}

int desk_outcome(struct req *r)
{
	char loan[32];

	snprintf(loan, sizeof(loan), "%s", r->sess.checked_in);
	r->sess.checked_in[0] = '\0';
	if (req_form(r, "skip") || !loan[0]) {
		sess_put(&r->sess);
		return redirect(r, "/desk");
	}
	return record_outcomes(r, loan, "/desk");
}
