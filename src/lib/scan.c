/*
 * The desk's grammar, a step at a time: the state in (the check-out in
 * progress), a scanned line in, the state and the result out, and the
 * lines to show as the handle's notices, each with its key and values.
 * Nothing is kept in the handle, so a desk in a browser keeps the state
 * in its session and a terminal in a variable.
 *
 * A borrower card opens a check-out, telling the name and what they have
 * out, or refusing them there (consent, overdue items under
 * loan.overdue=block, the loan limit); tags join it, with what they are
 * and when they are due; a tag the same borrower has out comes back (a
 * swap); an empty line, "done", another card or desk.idle_seconds
 * without a scan end it.  A lone tag of a device on loan checks it in; a
 * loan ref tells what is still out; "undo" voids the last check-out.  A
 * label holding the URL form stands for its tag.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* SRC into the array DST, cut to fit. */
#define COPY(dst, src) copy_to((dst), sizeof(dst), (src))

static void copy_to(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	n = n < size ? n : size - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A and B the same word, ignoring the case of ASCII letters. */
static int same_word(const char *a, const char *b)
{
	for (; *a && tolower((unsigned char)*a) == *b; a++, b++)
		;
	return !*a && !*b;
}

/* The device a tag names, with who has it now. */
typedef struct scanned {
	char tag[40], kind[16], make[64], model[64], status[16];
	char loan[32], borrower[32]; /* its open loan, or "" */
} scanned;

int lend_scan_begin(lend_db *db, lend_scan_state *out, long long now)
{
	int64_t actor;
	int rc;

	assert(db && out);
	lend__reset(db);
	if ((rc = lend__actor(&actor, db, "scan", LEND__ADMIN | LEND__STAFF,
	                      "lend devices")))
		return rc;
	memset(out, 0, sizeof(*out));
	out->last = now;
	return 0;
}

static void count_text(char *buf, size_t size, long long n)
{
	snprintf(buf, size, "%lld", n);
}

/* End the check-out of S, if any, telling how it ended. */
static void end_checkout(lend_db *db, lend_scan_state *s,
                         lend_scan_result *res)
{
	char n[16];

	if (!s->borrower[0])
		return;
	if (s->lent) {
		count_text(n, sizeof(n), s->lent);
		lend__note(db, "scan.done", "borrower", s->borrower, "lent", n,
		           "loan", s->loan, NULL);
		COPY(s->last_loan, s->loan);
		COPY(res->offer, s->loan);
	} else {
		lend__note(db, "scan.ended", "borrower", s->borrower, NULL);
	}
	s->borrower[0] = s->loan[0] = '\0';
	s->lent = 0;
}

/* What borrower B has out and overdue at NOW (top-level devices). */
static int borrower_out(lend_db *db, const char *ref, const char *now,
                        char out[16], char late[16])
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(CASE WHEN i.due_on < ? THEN 1 "
		"ELSE 0 END), 0) FROM loan_item i JOIN loan l ON l.id = i.loan_id "
		"JOIN borrower b ON b.id = l.borrower_id WHERE b.ref = ? "
		"AND i.returned_at IS NULL "
		"AND i.device_id NOT IN (SELECT part_id FROM kit_part)";
	char today[11];
	lend_rows *r = NULL;
	int rc;

	COPY(today, now);
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(today),
	                                                   LEND__T(ref)))))
		return rc;
	copy_to(out, 16, lend_rows_text(r, 0, 0));
	copy_to(late, 16, lend_rows_text(r, 0, 1));
	lend_rows_free(r);
	return 0;
}

/* The checks of a borrower's card, before any device: erased, consent,
 * overdue items (loan.overdue), the loan limit. */
static int check_card(lend_db *db, const lend_rows *b, const char *now,
                      char out[16], char late[16], char limit_s[16])
{
	const char *ref = lend_rows_get(b, 0, "ref");
	const char *name = lend_rows_get(b, 0, "name");
	int64_t id, limit;
	int rc;

	if (strcmp(name, LEND__ERASED) == 0)
		return lend__fail(db, LEND_ECONFLICT, "scan.card_erased",
		                  "borrower", ref, NULL);
	if (!lend_rows_get(b, 0, "consent_at"))
		return lend__fail(db, LEND_ECONFLICT, "scan.card_no_consent",
		                  "name", name, "borrower", ref, NULL);
	if ((rc = lend__id(&id, db, "scan", LEND__ENTITY_BORROWER, ref)) ||
	    (rc = lend__loan_check_overdue(db, "scan", ref, id, now, 0)) ||
	    (rc = borrower_out(db, ref, now, out, late)) ||
	    (rc = lend__setting_int(&limit, db, "loan.limit")))
		return rc;
	count_text(limit_s, 16, limit);
	if (strtoll(out, NULL, 10) >= limit)
		return lend__fail(db, LEND_ECONFLICT, "scan.card_limit", "name",
		                  name, "borrower", ref, "out", out, "limit",
		                  limit_s, NULL);
	return 0;
}

/* A borrower's card: the check-out in progress ends, theirs begins. */
static int card(lend_db *db, lend_scan_state *s, const char *ref,
                lend_scan_result *res)
{
	char now[LEND__TIME_LEN], out[16], late[16], limit[16], room[16];
	char consent[11];
	lend_rows *b = NULL;
	int rc;

	end_checkout(db, s, res);
	lend__now(now);
	COPY(res->ref, ref);
	/* A card scanned puts its borrower in this desk's scope for the day
	 * (scope.c), so it is recorded before the borrower is looked up. */
	if ((rc = lend__scope_card(db, ref)) == 0 &&
	    (rc = lend_borrower_show(&b, db, ref)) == LEND_ENOTFOUND) {
		lend__error_clear(db);
		rc = lend__fail(db, rc, "scan.card_not_found", "borrower",
		                lend__is_text(ref) ? ref : "?", NULL);
	}
	if (rc || (rc = check_card(db, b, now, out, late, limit)))
		goto done;
	COPY(s->borrower, lend_rows_get(b, 0, "ref"));
	COPY(res->ref, s->borrower);
	count_text(room, sizeof(room),
	           strtoll(limit, NULL, 10) - strtoll(out, NULL, 10));
	COPY(consent, lend_rows_get(b, 0, "consent_at"));
	lend__note(db, "scan.card", "borrower", s->borrower, "name",
	           lend_rows_get(b, 0, "name"), "out", out, "overdue", late,
	           "room", room, "limit", limit, "consent", consent, NULL);
done:
	lend_rows_free(b);
	return rc;
}

/* Device TAG and who has it: LEND_ENOTFOUND, no message, when none. */
static int find_device(scanned *d, lend_db *db, const char *tag)
{
	static const char sql[] =
		"SELECT d.tag, d.kind, d.make, d.model, d.status, l.ref, b.ref "
		"FROM device d LEFT JOIN loan_item i ON i.device_id = d.id "
		"AND i.returned_at IS NULL LEFT JOIN loan l ON l.id = i.loan_id "
		"LEFT JOIN borrower b ON b.id = l.borrower_id WHERE d.tag = ?";
	lend_rows *r = NULL;
	int rc;

	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(tag)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return LEND_ENOTFOUND;
	}
	COPY(d->tag, lend_rows_text(r, 0, 0));
	COPY(d->kind, lend_rows_text(r, 0, 1));
	COPY(d->make, lend_rows_text(r, 0, 2));
	COPY(d->model, lend_rows_text(r, 0, 3));
	COPY(d->status, lend_rows_text(r, 0, 4));
	COPY(d->loan, lend_rows_text(r, 0, 5));
	COPY(d->borrower, lend_rows_text(r, 0, 6));
	lend_rows_free(r);
	return 0;
}

/* Device D comes back: a swap within the check-out, or a lone return. */
static int take_back(lend_db *db, const scanned *d, const char *key)
{
	lend_checkin_spec c = { 0 };
	const char *tag = d->tag;
	size_t first = lend_notice_count(db);
	/* Any desk takes a device back, but names only a borrower it sees;
	 * asked before the check-in closes the loan that may be the reason. */
	int seen = lend__scope_sees(db, d->borrower), rc;

	c.tags = &tag;
	c.ntags = 1;
	if ((rc = lend_loan_checkin(db, &c)))
		return rc;
	/* The device's own line first, then what the check-in told. */
	lend__note(db, seen ? key : "scan.back_unseen", "tag", d->tag,
	           "borrower", d->borrower, "loan", d->loan, NULL);
	lend__notes_move_last(db, first);
	return 0;
}

/* Device D joins the check-out of S. */
static int lend_one(lend_db *db, lend_scan_state *s, const scanned *d,
                    lend_scan_result *res)
{
	static const char sql[] =
		"SELECT i.due_on, (SELECT count(*) FROM kit_part p "
		"WHERE p.kit_id = d.id) FROM loan_item i JOIN device d "
		"ON d.id = i.device_id WHERE d.tag = ? AND i.returned_at IS NULL";
	lend_checkout_spec c = { 0 };
	const char *tag = d->tag;
	lend_rows *r = NULL;
	char *ref = NULL;
	int rc;

	c.borrower = s->borrower;
	c.tags = &tag;
	c.ntags = 1;
	c.loan = s->loan[0] ? s->loan : NULL;
	if ((rc = lend_loan_checkout(&ref, db, &c)))
		return rc;
	COPY(s->loan, ref);
	COPY(res->ref, ref);
	lend_free(ref);
	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(tag)))))
		return rc;
	s->lent += 1 + atoi(lend_rows_text(r, 0, 1));
	lend__note(db, atoi(lend_rows_text(r, 0, 1)) ? "scan.kit" : "scan.item",
	           "tag", d->tag, "kind", d->kind, "make", d->make, "model",
	           d->model, "borrower", s->borrower, "loan", s->loan, "due",
	           lend_rows_text(r, 0, 0), "parts", lend_rows_text(r, 0, 1),
	           NULL);
	lend_rows_free(r);
	return 0;
}

/* A lone tag: a device on loan comes back; any other is told why not. */
static int lone_tag(lend_db *db, const scanned *d)
{
	if (d->loan[0])
		return take_back(db, d, "scan.back");
	if (strcmp(d->status, "quarantine") == 0)
		return lend__fail(db, LEND_ECONFLICT, "scan.needs_wipe", "tag",
		                  d->tag, NULL);
	if (strcmp(d->status, "available") == 0)
		return lend__fail(db, LEND_ECONFLICT, "scan.not_on_loan", "tag",
		                  d->tag, NULL);
	return lend__fail(db, LEND_ECONFLICT, "scan.unavailable", "tag",
	                  d->tag, "status", d->status, NULL);
}

static int tag_line(lend_db *db, lend_scan_state *s, const char *tag,
                    const char *line, lend_scan_result *res)
{
	scanned d;
	int rc;

	if ((rc = find_device(&d, db, tag)) == LEND_ENOTFOUND)
		return lend__fail(db, rc, "scan.unknown", "line", line, NULL);
	if (rc)
		return rc;
	COPY(res->ref, d.tag);
	if (!s->borrower[0])
		return lone_tag(db, &d);
	if (d.loan[0] && strcmp(d.loan, s->loan) == 0) {
		lend__note(db, "scan.again", "tag", d.tag, "loan", d.loan, NULL);
		return 0;
	}
	if (d.loan[0] && strcmp(d.borrower, s->borrower) == 0)
		return take_back(db, &d, "scan.swap");
	return lend_one(db, s, &d, res);
}

static int show_loan(lend_db *db, const char *ref, lend_scan_result *res)
{
	lend_rows *r = NULL;
	lend__buf list = { 0 };
	char open_s[16], all[16];
	size_t i, open = 0;
	int rc;

	if ((rc = lend_loan_show(&r, db, ref)))
		return rc;
	for (i = 0; i < lend_rows_count(r); i++) {
		if (lend_rows_get(r, i, "returned_at"))
			continue;
		lend__buf_printf(&list, "%s%s (due %s)", open++ ? ", " : "",
		                 lend_rows_get(r, i, "tag"),
		                 lend_rows_get(r, i, "due_on"));
	}
	COPY(res->ref, lend_rows_get(r, 0, "ref"));
	count_text(open_s, sizeof(open_s), (long long)open);
	count_text(all, sizeof(all), (long long)lend_rows_count(r));
	lend__note(db, open ? "scan.loan_out" : "scan.loan_back", "loan",
	           res->ref, "borrower", lend_rows_get(r, 0, "borrower"),
	           "open", open_s, "items", all, "list",
	           list.s && !list.oom ? list.s : "", NULL);
	lend__buf_free(&list);
	lend_rows_free(r);
	return 0;
}

/* "undo": the check-out in progress, or the last one, is voided. */
static int undo(lend_db *db, lend_scan_state *s, lend_scan_result *res)
{
	char loan[32];
	int rc;

	COPY(loan, s->borrower[0] ? s->loan : s->last_loan);
	if (!loan[0])
		return lend__fail(db, LEND_ECONFLICT, "scan.nothing_to_undo",
		                  NULL);
	COPY(res->ref, loan);
	if ((rc = lend_loan_void(db, loan)) == 0) {
		s->borrower[0] = s->loan[0] = s->last_loan[0] = '\0';
		s->lent = 0;
	}
	return rc;
}

/* The tag inside a label's URL (label.url), or LINE itself. */
static const char *tag_of(lend_db *db, const char *line, char *buf,
                          size_t size)
{
	char *url = NULL, *mark;
	size_t pre, post, n = strlen(line);

	if (!strchr(line, '/') || lend__setting_text(&url, db, "label.url") ||
	    !(mark = strstr(url, "{tag}"))) {
		free(url);
		return line;
	}
	pre = (size_t)(mark - url);
	post = strlen(mark + 5);
	if (n > pre + post && n - pre - post < size &&
	    strncmp(line, url, pre) == 0 &&
	    strcmp(line + n - post, mark + 5) == 0) {
		memcpy(buf, line + pre, n - pre - post);
		buf[n - pre - post] = '\0';
		line = buf;
	}
	free(url);
	return line;
}

/* A ref of LETTER ('B', 'L'), in either case, into REF in upper case. */
static int is_ref(const char *line, char letter, char *ref, size_t size)
{
	if (toupper((unsigned char)line[0]) != letter || line[1] != '-' ||
	    !line[2] || !lend__all_digits(line + 2) || strlen(line) >= size)
		return 0;
	snprintf(ref, size, "%c%s", letter, line + 1);
	return 1;
}

/* Has S's check-out had no scan for desk.idle_seconds by NOW?  Then it
 * ends first. */
static int idle_end(lend_db *db, lend_scan_state *s, long long now,
                    lend_scan_result *res)
{
	int64_t idle;
	char n[16];
	int rc;

	/* desk.idle_seconds is at least 1: lines at scanner speed need not
	 * read it. */
	if (!s->borrower[0] || now - s->last < 1)
		return 0;
	if ((rc = lend__setting_int(&idle, db, "desk.idle_seconds")))
		return rc;
	if (now - s->last < idle)
		return 0;
	count_text(n, sizeof(n), idle);
	lend__note(db, "scan.idle", "borrower", s->borrower, "seconds", n,
	           NULL);
	end_checkout(db, s, res);
	return 0;
}

static int act(lend_db *db, lend_scan_state *s, const char *line,
               lend_scan_result *res)
{
	char ref[32], buf[256];

	if (!*line || same_word(line, "done")) {
		end_checkout(db, s, res);
		return 0;
	}
	if (!lend__is_text(line))
		return lend__fail(db, LEND_EINVAL, "scan.not_text", NULL);
	if (same_word(line, "undo"))
		return undo(db, s, res);
	if (is_ref(line, 'B', ref, sizeof(ref)))
		return card(db, s, ref, res);
	if (is_ref(line, 'L', ref, sizeof(ref)))
		return show_loan(db, ref, res);
	return tag_line(db, s, tag_of(db, line, buf, sizeof(buf)), line, res);
}

/* TEXT refused for being longer than MAX bytes. */
static int too_long(lend_db *db, const char *text, size_t max)
{
	char n[24], most[24];

	snprintf(n, sizeof(n), "%zu", strlen(text));
	snprintf(most, sizeof(most), "%zu", max);
	return lend__fail(db, LEND_EINVAL, "scan.too_long", "bytes", n, "max",
	                  most, NULL);
}

int lend_scan_step(lend_db *db, const lend_scan_state *in, const char *text,
                   long long now, lend_scan_state *out,
                   lend_scan_result *res)
{
	lend_scan_state s = *in;
	char line[256];
	const char *p;
	size_t n;
	int rc;

	assert(db && in && text && out && res);
	lend__reset(db);
	memset(res, 0, sizeof(*res));
	*out = *in;
	/* Refused whole, never cut: a cut line could name another tag. */
	if (strlen(text) >= sizeof(line))
		return res->code = too_long(db, text, sizeof(line) - 1);
	/* A scanner may end its line with CR; people add spaces. */
	for (p = text; *p == ' ' || *p == '\t'; p++)
		;
	snprintf(line, sizeof(line), "%s", p);
	for (n = strlen(line); n && strchr(" \t\r\n", line[n - 1]); n--)
		line[n - 1] = '\0';
	lend__notes_keep(db, 1);
	if ((rc = idle_end(db, &s, now, res)) == 0)
		rc = act(db, &s, line, res);
	lend__notes_keep(db, 0);
	s.last = now;
	res->code = rc;
	for (n = 0; n < lend_notice_count(db) && !res->warn; n++) {
		lend_info info;

		lend_notice_info(db, n, &info);
		res->warn = strncmp(info.key, "scan.", 5) != 0;
	}
	*out = s;
	return rc;
}
