/*
 * The funder report in plain words (report_text.h): what an analyst
 * reading the PDF, the CSV or the JSON needs in place of lend's own
 * names and codes.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_text.h"

static const char *const headings[][2] = {
	{ "pool_start", "Devices in the pool at the start" },
	{ "pool_end", "Devices in the pool at the end" },
	{ "devices_added", "Devices added to the pool" },
	{ "loans_started", "Loans started" },
	{ "loans_returned", "Loans returned" },
	{ "loans_open_at_end", "Loans open at the end" },
	{ "utilisation_percent", "Utilisation (%)" },
	{ "items_overdue_at_end", "Items overdue at the end" },
	{ "items_lost", "Items lost" },
	{ "unique_borrowers", "Borrowers (unique)" },
	{ "new_borrowers", "New borrowers" },
	{ "reach_postcode_district", "Borrowers by postcode district" },
	{ "reach_referring_member", "Borrowers by referring member" },
	{ "reach_language", "Borrowers by preferred language" },
	{ "loan_days_median", "Loan length, median (days)" },
	{ "loan_days_p90", "Loan length, 90th percentile (days)" },
	{ "hold_wait_days_median", "Wait for a device, median (days)" },
	{ "champions_active", "Digital champions active" },
	{ "support_sessions", "Support sessions" },
	{ "support_hours", "Support hours" },
	{ "monthly_loans_started", "Loans started in the month" },
	{ "monthly_unique_borrowers", "Borrowers in the month (unique)" },
	{ "devices_gifted", "Devices given to their borrowers" },
	{ "outcome_borrowers", "Borrowers who told an outcome at return" },
	{ "outcome", "What the loans helped with (borrowers)" },
};

static const char *const languages[][2] = {
	{ "en", "English" }, { "cy", "Welsh" }, { "ur", "Urdu" },
	{ "pl", "Polish" }, { "pa", "Punjabi" }, { "bn", "Bengali" },
	{ "ar", "Arabic" }, { "ro", "Romanian" }, { "so", "Somali" },
	{ "ku", "Kurdish" }, { "fa", "Persian" }, { "uk", "Ukrainian" },
	{ "ru", "Russian" }, { "zh", "Chinese" }, { "vi", "Vietnamese" },
	{ "gu", "Gujarati" }, { "ta", "Tamil" }, { "ti", "Tigrinya" },
	{ "pt", "Portuguese" }, { "es", "Spanish" }, { "fr", "French" },
	{ "tr", "Turkish" }, { "lt", "Lithuanian" }, { "ps", "Pashto" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const char *const (*t)[2], size_t n,
                          const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i][0], key) == 0)
			return t[i][1];
	return NULL;
}

const char *lend__figure_heading(const char *name)
{
	const char *s = lookup(headings, COUNT(headings), name);

	return s ? s : name;
}

const char *lend__hidden_word(const lend__figure *f)
{
	if (f->suppressed == LEND__UNDER_THRESHOLD)
		return "under_threshold";
	if (f->suppressed == LEND__WITHHELD)
		return "withheld";
	return NULL;
}

const char *lend__month_short(char *buf, size_t size, const char *ym)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int m = strlen(ym) == 7 ? atoi(ym + 5) : 0;

	if (m < 1 || m > 12)
		snprintf(buf, size, "%s", ym);
	else
		snprintf(buf, size, "%s %.4s", mon[m - 1], ym);
	return buf;
}

static const char *member_name(const lend__report_names *n, const char *code)
{
	size_t i;

	for (i = 0; n->members && i < lend_rows_count(n->members); i++)
		if (strcmp(lend_rows_text(n->members, i, 0), code) == 0)
			return lend_rows_text(n->members, i, 1);
	return code;
}

const char *lend__figure_of(char *buf, size_t size,
                            const lend__report_names *n,
                            const lend__figure *f)
{
	const char *s = f->key;

	if (strcmp(f->name, "reach_referring_member") == 0)
		s = member_name(n, f->key);
	else if (strcmp(f->name, "reach_language") == 0)
		s = lookup(languages, COUNT(languages), f->key);
	else if (strncmp(f->name, "monthly_", 8) == 0)
		return lend__month_short(buf, size, f->key);
	else if (strcmp(f->key, "all") == 0)
		s = "all devices";
	snprintf(buf, size, "%s", s ? s : f->key);
	return buf;
}

const char *lend__figure_mark(char *buf, size_t size, const lend__report *r,
                              const lend__figure *f)
{
	if (f->suppressed == LEND__WITHHELD)
		snprintf(buf, size, "w");
	else if (f->suppressed)
		snprintf(buf, size, "<%lld", (long long)r->threshold);
	else
		lend__figure_text(buf, size, f);
	return buf;
}

/* The warning when the period starts before the grant or ends after it:
 * its devices count only from the day they were added, so figures of the
 * months outside it read as nothing happened. */
static int grant_warning(lend__report_names *n, const lend__report *r)
{
	static const char sql[] = "SELECT starts_on, ends_on FROM funding_grant "
	                          "WHERE code = ?1";
	lend_rows *g = NULL;
	const char *s, *e;
	int rc = lend__query_rows(&g, r->db, sql, LEND__ARGS(LEND__T(r->grant)));

	if (rc == 0 && lend_rows_count(g) == 1) {
		s = lend_rows_text(g, 0, 0);
		e = lend_rows_text(g, 0, 1);
		if (strcmp(r->from, s) < 0 || strcmp(r->to, e) > 0)
			snprintf(n->warning, sizeof(n->warning), "Warning: the "
			         "period %s to %s runs outside grant %s, which runs "
			         "from %s to %s; figures outside the grant's dates "
			         "count none of its loans, and a median of none reads "
			         "0.0.", r->from, r->to, r->grant, s, e);
	}
	lend_rows_free(g);
	return rc;
}

int lend__report_names_load(lend__report_names *n, const lend__report *r)
{
	int rc;

	memset(n, 0, sizeof(*n));
	rc = lend__query_rows(&n->members, r->db, "SELECT code, name FROM member "
	                      "ORDER BY code", LEND__NO_ARGS);
	if (rc == 0 && r->member)
		snprintf(n->member_name, sizeof(n->member_name), "%s",
		         member_name(n, r->member));
	if (rc == 0 && r->grant)
		rc = grant_warning(n, r);
	return rc;
}

void lend__report_names_free(lend__report_names *n)
{
	lend_rows_free(n->members);
	n->members = NULL;
}
