/*
 * The funder report as a PDF: a cover and the headline figures, the
 * charts, the breakdowns as tables, the method, and every figure as the
 * CSV and JSON have them.  A suppressed count reads "<5" (the threshold)
 * and its bar is drawn hollow at the threshold's length.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drawing.h"
#include "report.h"
#include "words.h"

#define R(f) ((const lend__report *)(f)->ctx)

/* A figure as the PDF shows it: "<5" when suppressed. */
static const char *shown(const lend__report *r, const lend__figure *f,
                         char *buf, size_t size)
{
	if (f->suppressed)
		snprintf(buf, size, "<%lld", (long long)r->threshold);
	else
		lend__figure_text(buf, size, f);
	return buf;
}

/* The page number, centred at the foot. */
static void footer(lend__flow *f)
{
	char num[32];

	snprintf(num, sizeof(num), "%d", f->page_no);
	lend__pdf_text(f->pdf, f->page, f->w / 2, f->margin / 2, 0, 8, num);
}

static void title(lend__flow *f, const char *s)
{
	lend__flow_need(f, 60);
	f->y += 24;
	lend__flow_text(f, f->margin, f->y, 1, 13, s);
	f->y += 8;
}

static void row(lend__flow *f, const double *x, const char *const *cells,
                int n, int bold)
{
	lend__flow_cells(f, x, cells, n, bold, 9, 13);
}

static const struct label {
	const char *name, *text;
} labels[] = {
	{ "devices_added", "Devices added to the pool" },
	{ "loans_started", "Loans started" },
	{ "loans_returned", "Loans returned" },
	{ "loans_open_at_end", "Loans open at the end" },
	{ "unique_borrowers", "Borrowers (unique)" },
	{ "new_borrowers", "New borrowers" },
	{ "items_overdue_at_end", "Items overdue at the end" },
	{ "items_lost", "Items lost" },
	{ "loan_days_median", "Loan length, median (days)" },
	{ "loan_days_p90", "Loan length, 90th percentile (days)" },
	{ "champions_active", "Digital champions active" },
	{ "support_sessions", "Support sessions" },
	{ "support_hours", "Support hours" },
	{ "hold_wait_days_median", "Wait for a device, median (days)" },
	{ "devices_gifted", "Devices given to their borrowers" },
	{ "outcome_borrowers", "Borrowers who told an outcome at return" },
};

static void pool_totals(lend__flow *f, const double *x)
{
	const lend__report *r = R(f);
	const char *cells[2];
	char v[32];
	size_t i;
	int k;

	for (k = 0; k < 2; k++) {
		double total = 0;

		for (i = 0; i < r->n; i++)
			if (strcmp(r->f[i].name, k ? "pool_end" : "pool_start") == 0)
				total += r->f[i].value;
		snprintf(v, sizeof(v), "%.0f", total);
		cells[0] = k ? "Devices in the pool at the end"
		             : "Devices in the pool at the start";
		cells[1] = v;
		row(f, x, cells, 2, 0);
	}
}

static void headlines(lend__flow *f)
{
	static const double x[] = { 0, 300 };
	const lend__report *r = R(f);
	char v[32];
	const char *cells[2];
	size_t i;

	title(f, "Headline figures");
	pool_totals(f, x);
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		int k = lend__figure_find(r, labels[i].name);

		cells[0] = labels[i].text;
		cells[1] = k >= 0 ? shown(r, &r->f[k], v, sizeof(v)) : "";
		row(f, x, cells, 2, 0);
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, "utilisation_percent") == 0 &&
		    strcmp(r->f[i].key, "all") == 0) {
			cells[0] = "Utilisation, all devices (%)";
			cells[1] = shown(r, &r->f[i], v, sizeof(v));
			row(f, x, cells, 2, 0);
		}
}

/* The figures called NAME, as indexes; at most MAX. */
static size_t pick(const lend__report *r, const char *name, size_t *out,
                   size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->n && n < max; i++)
		if (strcmp(r->f[i].name, name) == 0 &&
		    strcmp(r->f[i].key, "all") != 0)
			out[n++] = i;
	return n;
}

/* Monthly loans as vertical bars, with an axis, ticks and values; a
 * suppressed month is an empty bar marked "<5". */
static void month_bars(lend__flow *f)
{
	const lend__report *r = R(f);
	size_t idx[64], n = pick(r, "monthly_loans_started", idx, 64), i;
	lend__bar bars[64];
	char v[64][32];
	double max = 0;

	title(f, "Loans started, month by month");
	for (i = 0; i < n; i++)
		if (r->f[idx[i]].value > max && !r->f[idx[i]].suppressed)
			max = r->f[idx[i]].value;
	max = lend__chart_max(max > 0 ? max : (double)r->threshold);
	for (i = 0; i < n; i++) {
		const lend__figure *fig = &r->f[idx[i]];

		bars[i].hollow = fig->suppressed;
		bars[i].value = fig->suppressed ? (double)r->threshold
		                                : fig->value;
		bars[i].shown = shown(r, fig, v[i], sizeof(v[i]));
		bars[i].key = fig->key + 2; /* "YY-MM" */
	}
	lend__flow_vbars(f, bars, n, max, 140);
}

/* Horizontal bars of the figures NAME, scaled to MAX (0: the largest). */
static void hbars(lend__flow *f, const char *heading, const char *name,
                  double max, const char *unit)
{
	const lend__report *r = R(f);
	size_t idx[32], n = pick(r, name, idx, 32), i;
	lend__bar bars[32];
	char v[32], text_v[32][40];

	title(f, heading);
	if (max <= 0) {
		for (i = 0; i < n; i++)
			if (r->f[idx[i]].value > max)
				max = r->f[idx[i]].value;
		max = lend__chart_max(max);
	}
	for (i = 0; i < n; i++) {
		const lend__figure *fig = &r->f[idx[i]];

		bars[i].hollow = fig->suppressed;
		bars[i].value = fig->suppressed ? (double)r->threshold
		                                : fig->value;
		snprintf(text_v[i], sizeof(text_v[i]), "%s%s",
		         shown(r, fig, v, sizeof(v)), unit);
		bars[i].shown = text_v[i];
		bars[i].key = fig->key;
	}
	lend__flow_hbars(f, bars, n, max);
}

static void table(lend__flow *f, const char *heading, const char *name,
                  const char *column)
{
	static const double x[] = { 0, 200 };
	const lend__report *r = R(f);
	size_t idx[256], n = pick(r, name, idx, 256), i;
	const char *cells[2];
	char v[32];

	title(f, heading);
	cells[0] = column;
	cells[1] = "count";
	row(f, x, cells, 2, 1);
	for (i = 0; i < n; i++) {
		cells[0] = r->f[idx[i]].key;
		cells[1] = shown(r, &r->f[idx[i]], v, sizeof(v));
		row(f, x, cells, 2, 0);
	}
}

/* The outcomes borrowers told (issue 20), by their English labels
 * (texts/outcome-en.txt); a consortium's own key reads as it is. */
static void outcome_table(lend__flow *f)
{
	static const double x[] = { 0, 300 };
	const lend__report *r = R(f);
	size_t idx[64], n = pick(r, "outcome", idx, 64), i;
	const char *cells[2] = { "outcome", "borrowers" };
	char v[32], label[128];

	title(f, "What the loans helped with, as borrowers told it");
	row(f, x, cells, 2, 1);
	for (i = 0; i < n; i++) {
		const char *key = r->f[idx[i]].key;

		cells[0] = lend__words(label, sizeof(label), "outcome", "en", key)
		           ? label : key;
		cells[1] = shown(r, &r->f[idx[i]], v, sizeof(v));
		row(f, x, cells, 2, 0);
	}
}

static void today_text(char *buf, size_t size)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static void cover(lend__flow *f)
{
	const lend__report *r = R(f);
	char buf[256], today[16];

	today_text(today, sizeof(today));
	f->y += 30;
	lend__flow_text(f, f->margin, f->y, 1, 20, r->consortium);
	f->y += 26;
	lend__flow_text(f, f->margin, f->y, 1, 15, "Usage report");
	f->y += 22;
	snprintf(buf, sizeof(buf), "Period: %s to %s", r->from, r->to);
	lend__flow_text(f, f->margin, f->y, 0, 10, buf);
	f->y += 14;
	snprintf(buf, sizeof(buf), "Devices: %s%s%s%s",
	         r->member ? "member " : "", r->member ? r->member : "",
	         r->member && r->grant ? ", " : "",
	         r->grant ? "" : r->member ? "" : "all members, all grants");
	if (r->grant) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "grant %s", r->grant);
	}
	lend__flow_text(f, f->margin, f->y, 0, 10, buf);
	f->y += 14;
	snprintf(buf, sizeof(buf), "Generated on %s", today);
	lend__flow_text(f, f->margin, f->y, 0, 10, buf);
	f->y += 6;
}

static void method(lend__flow *f)
{
	char buf[700];

	title(f, "Method and disclosure control");
	snprintf(buf, sizeof(buf), "Counts of people and loans from 1 to %lld "
	         "are shown as <%lld, and where one such count could be worked "
	         "out from a total and the other counts, the next smallest count "
	         "is hidden too. The report holds no name, reference, contact "
	         "detail or individual date. Utilisation is device-days on loan "
	         "divided by device-days in the pool (from the day a device was "
	         "added until it was retired or lost). Loan lengths are of items "
	         "returned in the period. Borrowers are counted once each, by "
	         "the loans they started in the period.",
	         (long long)R(f)->threshold - 1, (long long)R(f)->threshold);
	lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, 0, 9, 9 * 1.4, buf);
}

/* Every figure, as the CSV and JSON have them: the numbers can be read
 * back from the PDF and compared. */
static void all_figures(lend__flow *f)
{
	static const double x[] = { 0, 170, 330 };
	static const char *const head[] = { "figure", "key", "value" };
	const lend__report *r = R(f);
	const char *cells[3];
	char v[32];
	size_t i;

	title(f, "All figures");
	row(f, x, head, 3, 1);
	for (i = 0; i < r->n; i++) {
		cells[0] = r->f[i].name;
		cells[1] = r->f[i].key[0] ? r->f[i].key : "-";
		cells[2] = shown(r, &r->f[i], v, sizeof(v));
		row(f, x, cells, 3, 0);
	}
}

static void pages(lend__flow *f)
{
	lend__flow_page(f);
	cover(f);
	headlines(f);
	lend__flow_page(f);
	month_bars(f);
	hbars(f, "Utilisation by kind (%)", "utilisation_percent", 100, "%");
	hbars(f, "Reach by postcode district (borrowers)",
	      "reach_postcode_district", 0, "");
	lend__flow_page(f);
	table(f, "Devices in the pool at the start, by kind", "pool_start",
	      "kind");
	table(f, "Devices in the pool at the end, by kind", "pool_end",
	      "kind");
	table(f, "Reach by referring member", "reach_referring_member",
	      "member");
	table(f, "Reach by preferred language", "reach_language", "language");
	table(f, "Unique borrowers, month by month",
	      "monthly_unique_borrowers", "month");
	outcome_table(f);
	method(f);
	all_figures(f);
}

int lend__report_pdf(lend__report *r, lend__buf *out)
{
	lend__pdf *p = NULL;
	lend__flow f;
	int rc = lend__pdf_open(&p, r->db, "Usage report");

	if (rc)
		return rc;
	lend__flow_start(&f, p, LEND__MM(210), LEND__MM(297), LEND__MM(18),
	                 LEND__MM(18));
	f.footer = footer;
	f.ctx = r;
	pages(&f);
	rc = lend__pdf_finish(p, r->db, out);
	lend__pdf_free(p);
	return rc;
}
