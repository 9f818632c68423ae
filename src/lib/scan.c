/*
 * Scanning at the desk: a USB scanner types a label's content and Enter.
 * A borrower ref starts a check-out that the tags after it join (the first
 * tag opens the loan, the next ones join it, so each scan is answered at
 * once); a lone tag of a device on loan checks it in; a loan ref shows
 * what is still out.  A label holding the URL form stands for its tag.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct lend_scan {
	lend_db *db;
	char *url;          /* label.url: its text before and after {tag} */
	char borrower[32];  /* check-out in progress, or "" */
	char loan[32];      /* its loan once the first device went out */
	int lent;
	char line[256];
	char said[512];
};

int lend_scan_new(lend_scan **out, lend_db *db)
{
	lend_scan *s;

	assert(db);
	if (!(s = calloc(1, sizeof(*s))))
		return LEND_ENOMEM;
	s->db = db;
	if (lend__setting_text(&s->url, db, "label.url") != 0)
		s->url = NULL;
	*out = s;
	return 0;
}

static const char *say(lend_scan *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *say(lend_scan *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->said, sizeof(s->said), fmt, ap);
	va_end(ap);
	return s->said;
}

/* The tag inside a label's URL, or LINE itself. */
static const char *tag_of(lend_scan *s, const char *line)
{
	const char *mark = s->url ? strstr(s->url, "{tag}") : NULL;
	size_t pre, post, n = strlen(line);

	if (!mark)
		return line;
	pre = (size_t)(mark - s->url);
	post = strlen(mark + 5);
	if (n > pre + post && strncmp(line, s->url, pre) == 0 &&
	    strcmp(line + n - post, mark + 5) == 0) {
		memmove(s->line, line + pre, n - pre - post);
		s->line[n - pre - post] = '\0';
	}
	return s->line;
}

static int is_ref(const char *line, char letter)
{
	return line[0] == letter && line[1] == '-' && line[2] &&
	       lend__all_digits(line + 2);
}

static const char *end_checkout(lend_scan *s)
{
	if (!s->borrower[0])
		return say(s, "%s", "");
	if (s->lent)
		say(s, "%s: check-out done, %d device%s on %s", s->borrower,
		    s->lent, s->lent == 1 ? "" : "s", s->loan);
	else
		say(s, "%s: check-out ended, nothing lent", s->borrower);
	s->borrower[0] = s->loan[0] = '\0';
	s->lent = 0;
	return s->said;
}

/* The next borrower's scan ends the check-out in progress: both are told,
 * a line each. */
static int start_checkout(const char **out, lend_scan *s, const char *ref)
{
	char ended[256], now[LEND__TIME_LEN];
	int64_t id;
	int rc;

	snprintf(ended, sizeof(ended), "%s", end_checkout(s));
	lend__reset(s->db);
	lend__now(now);
	/* Overdue items are told (or block) before any device is scanned. */
	if ((rc = lend__id(&id, s->db, "scan", LEND__ENTITY_BORROWER, ref)) ||
	    (rc = lend__loan_check_overdue(s->db, "scan", ref, id, now, 0)))
		return rc;
	if (strlen(ref) >= sizeof(s->borrower))
		return lend__error(s->db, LEND_EINVAL, "scan: ref too long");
	memcpy(s->borrower, ref, strlen(ref) + 1);
	*out = say(s, "%s%s%s: check-out started; scan the devices%s%s", ended,
	           *ended ? "\n" : "", ref, *lend_notice(s->db) ? "\n" : "",
	           lend_notice(s->db));
	return 0;
}

static int add_to_checkout(const char **out, lend_scan *s, const char *tag)
{
	lend_checkout_spec c = { 0 };
	lend_rows *r = NULL;
	char *ref = NULL;
	int rc;

	c.borrower = s->borrower;
	c.tags = &tag;
	c.ntags = 1;
	c.loan = s->loan[0] ? s->loan : NULL;
	if ((rc = lend_loan_checkout(&ref, s->db, &c)))
		return rc;
	if (strlen(ref) < sizeof(s->loan))
		memcpy(s->loan, ref, strlen(ref) + 1);
	s->lent++;
	lend_free(ref);
	rc = lend__query_rows(&r, s->db, "SELECT i.due_on FROM loan_item i "
	                      "JOIN device d ON d.id = i.device_id "
	                      "WHERE d.tag = ? AND i.returned_at IS NULL",
	                      LEND__ARGS(LEND__T(tag)));
	*out = say(s, "%s: out to %s on %s, due %s", tag, s->borrower, s->loan,
	           rc == 0 && lend_rows_count(r) ? lend_rows_text(r, 0, 0)
	                                         : "?");
	lend_rows_free(r);
	return 0;
}

static int take_back(const char **out, lend_scan *s, const char *tag)
{
	static const char holder[] =
		"SELECT l.ref, b.ref FROM loan_item i JOIN loan l "
		"ON l.id = i.loan_id JOIN borrower b ON b.id = l.borrower_id "
		"JOIN device d ON d.id = i.device_id "
		"WHERE d.tag = ? AND i.returned_at IS NULL";
	lend_checkin_spec c = { 0 };
	lend_rows *r = NULL;
	int rc;

	lend__reset(s->db);
	if ((rc = lend__query_rows(&r, s->db, holder, LEND__ARGS(LEND__T(tag)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		int64_t id;

		lend_rows_free(r);
		if (lend__id(&id, s->db, "scan", LEND__ENTITY_DEVICE, tag) == 0)
			return lend__error(s->db, LEND_ECONFLICT, "scan: device "
			                   "'%s' is not on loan; scan a borrower "
			                   "first to lend it", tag);
		lend__reset(s->db);
		return lend__error(s->db, LEND_ENOTFOUND, "scan: '%s' is not a "
		                   "borrower, loan or device", tag);
	}
	c.tags = &tag;
	c.ntags = 1;
	if ((rc = lend_loan_checkin(s->db, &c)) == 0)
		*out = say(s, "%s: back from %s (%s), to quarantine%s%s", tag,
		           lend_rows_text(r, 0, 1), lend_rows_text(r, 0, 0),
		           *lend_notice(s->db) ? "; " : "", lend_notice(s->db));
	lend_rows_free(r);
	return rc;
}

static int show_loan(const char **out, lend_scan *s, const char *ref)
{
	lend_rows *r = NULL;
	char list[300] = "";
	size_t i, open = 0;
	int rc;

	if ((rc = lend_loan_show(&r, s->db, ref)))
		return rc;
	for (i = 0; i < lend_rows_count(r); i++) {
		size_t len = strlen(list);

		if (lend_rows_get(r, i, "returned_at"))
			continue;
		open++;
		snprintf(list + len, sizeof(list) - len, "%s%s (due %s)",
		         len ? ", " : "", lend_rows_get(r, i, "tag"),
		         lend_rows_get(r, i, "due_on"));
	}
	*out = open ? say(s, "%s: %s, %zu of %zu out: %s", ref,
	                  lend_rows_get(r, 0, "borrower"), open,
	                  lend_rows_count(r), list)
	            : say(s, "%s: %s, all %zu back", ref,
	                  lend_rows_get(r, 0, "borrower"), lend_rows_count(r));
	lend_rows_free(r);
	return 0;
}

int lend_scan_line(const char **out, lend_scan *s, const char *text)
{
	char line[256];
	const char *tag;
	size_t n;

	assert(s);
	lend__reset(s->db);
	if (strlen(text) >= sizeof(line))
		return lend__error(s->db, LEND_EINVAL, "scan: the line is %zu "
		                   "bytes long, at most %zu", strlen(text),
		                   sizeof(line) - 1);
	/* A scanner may end its line with CR; people add spaces. */
	snprintf(line, sizeof(line), "%s", text);
	for (n = strlen(line); n && strchr(" \t\r\n", line[n - 1]); n--)
		line[n - 1] = '\0';
	for (tag = line; *tag == ' ' || *tag == '\t'; tag++)
		;
	lend__reset(s->db);
	if (!*tag) {
		*out = end_checkout(s);
		return 0;
	}
	if (!lend__is_text(tag))
		return lend__error(s->db, LEND_EINVAL, "scan: the line is not "
		                   "valid UTF-8 text");
	if (is_ref(tag, 'B'))
		return start_checkout(out, s, tag);
	if (is_ref(tag, 'L'))
		return show_loan(out, s, tag);
	snprintf(s->line, sizeof(s->line), "%s", tag);
	tag = tag_of(s, tag);
	if (s->borrower[0])
		return add_to_checkout(out, s, tag);
	return take_back(out, s, tag);
}

void lend_scan_free(lend_scan *s)
{
	if (!s)
		return;
	free(s->url);
	free(s);
}
