/*
 * The funder report as a PDF: a cover that says how to read it and the
 * headline figures, the charts, the breakdowns as tables, the method,
 * and every figure as the CSV and JSON have them.  A count under the
 * threshold reads "<5", one withheld so that no other can be worked out
 * reads "w", and the bar of either is drawn hollow at the threshold's
 * length.  Members are named, months written "Jan 2026".
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "drawing.h"
#include "report_text.h"
#include "words.h"

/* What the pages draw from: the figures and the names of things. */
typedef struct pdf_ctx {
	const lend__report *r;
	lend__report_names names;
} pdf_ctx;

#define R(f) (((const pdf_ctx *)(f)->ctx)->r)
#define NAMES(f) (&((const pdf_ctx *)(f)->ctx)->names)

/* A figure as the PDF shows it: "<5" or "w" when hidden. */
static const char *shown(const lend__report *r, const lend__figure *f,
                         char *buf, size_t size)
{
	return lend__figure_mark(buf, size, r, f);
}

/* The page number, centred at the foot. */
static void footer(lend__flow *f)
{
	char num[32];

	snprintf(num, sizeof(num), "%d", f->page_no);
	lend__pdf_text(f->pdf, f->page, f->w / 2, f->margin / 2, 0, 9, num);
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
	lend__flow_cells(f, x, cells, n, bold, 10, 14);
}

/* The headline figures, in the order a reader looks for them. */
static const char *const headline[] = {
	"devices_added", "loans_started", "loans_returned",
	"loans_open_at_end", "unique_borrowers", "new_borrowers",
	"items_overdue_at_end", "items_lost", "loan_days_median",
	"loan_days_p90", "champions_active", "support_sessions",
	"support_hours", "hold_wait_days_median", "devices_gifted",
	"outcome_borrowers",
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
		cells[0] = lend__figure_heading(k ? "pool_end" : "pool_start");
		cells[1] = v;
		row(f, x, cells, 2, 0);
	}
}

/* A headline as read: a median of nothing says there was nothing. */
static const char *headline_text(const lend__report *r, const lend__figure *g,
                                 char *buf, size_t size)
{
	if (!g->suppressed && g->value == 0 &&
	    strcmp(g->name, "hold_wait_days_median") == 0)
		return "no holds served";
	if (!g->suppressed && g->value == 0 &&
	    strncmp(g->name, "loan_days_", 10) == 0)
		return "no loans returned";
	return shown(r, g, buf, size);
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
	for (i = 0; i < sizeof(headline) / sizeof(headline[0]); i++) {
		int k = lend__figure_find(r, headline[i]);

		cells[0] = lend__figure_heading(headline[i]);
		cells[1] = k >= 0 ? headline_text(r, &r->f[k], v, sizeof(v)) : "";
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
	char v[64][32], month[64][16];
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
		bars[i].key = lend__month_short(month[i], sizeof(month[i]),
		                                fig->key);
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
	char v[32], text_v[32][40], of[32][160];

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
		bars[i].key = lend__figure_of(of[i], sizeof(of[i]), NAMES(f), fig);
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
	char v[32], of[160];

	title(f, heading);
	cells[0] = column;
	cells[1] = "Count";
	row(f, x, cells, 2, 1);
	for (i = 0; i < n; i++) {
		cells[0] = lend__figure_of(of, sizeof(of), NAMES(f), &r->f[idx[i]]);
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
	const char *cells[2] = { "What it helped with", "Borrowers" };
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

/* "1 January 2026" of "2026-01-01". */
static const char *day_text(char *buf, size_t size, const char *iso)
{
	static const char *const months[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September", "October",
		"November", "December" };
	int m = strlen(iso) == 10 ? atoi(iso + 5) : 0;

	if (m < 1 || m > 12)
		snprintf(buf, size, "%s", iso);
	else
		snprintf(buf, size, "%d %s %.4s", atoi(iso + 8), months[m - 1], iso);
	return buf;
}

static const char *today_text(char *buf, size_t size)
{
	char iso[11];

	lend__issue_date(iso);
	return day_text(buf, size, iso);
}

static void para(lend__flow *f, int bold, const char *s)
{
	lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, bold, 10, 14, s);
	f->y += 4;
}

/* Who and what the report covers, and the warning of a grant's dates. */
static void covers(lend__flow *f)
{
	const lend__report *r = R(f);
	const lend__report_names *n = NAMES(f);
	char buf[512], a[40], b[40];

	snprintf(buf, sizeof(buf), "Period: %s to %s",
	         day_text(a, sizeof(a), r->from), day_text(b, sizeof(b), r->to));
	para(f, 0, buf);
	if (r->member)
		snprintf(buf, sizeof(buf), "Devices of member %s (%s)%s%s",
		         n->member_name, r->member, r->grant ? ", grant " : "",
		         r->grant ? r->grant : "");
	else if (r->grant)
		snprintf(buf, sizeof(buf), "Devices of grant %s", r->grant);
	else
		snprintf(buf, sizeof(buf), "Devices: all members, all grants");
	para(f, 0, buf);
	snprintf(buf, sizeof(buf), "Issued on %s", today_text(a, sizeof(a)));
	para(f, 0, buf);
	if (n->warning[0])
		para(f, 1, n->warning);
}

static void cover(lend__flow *f)
{
	const lend__report *r = R(f);
	char buf[900];
	long long t = (long long)r->threshold;

	f->y += 30;
	lend__flow_text(f, f->margin, f->y, 1, 20, r->consortium);
	f->y += 26;
	lend__flow_text(f, f->margin, f->y, 1, 15, "Usage report");
	f->y += 8;
	covers(f);
	title(f, "How to read this report");
	snprintf(buf, sizeof(buf), "No figure here can point at a person. A "
	         "count of people or loans from 1 to %lld is not shown: it reads "
	         "<%lld. Where such a count could be worked out from a total and "
	         "the counts beside it, another count is withheld as well: it "
	         "reads w (withheld), and may be of any size. A median or "
	         "percentile over fewer than %lld loans or holds reads <%lld "
	         "too. In the charts, a hollow bar is a count not shown (<%lld "
	         "or w), drawn at the length of %lld whatever its size; a filled "
	         "bar is drawn to scale. The last table lists every figure "
	         "in the order of the CSV and JSON files, which say in their "
	         "suppressed column under_threshold (<%lld) or withheld (w).",
	         t - 1, t, t, t, t, t, t);
	para(f, 0, buf);
	f->y += 6;
}

static void method(lend__flow *f)
{
	char buf[700];

	title(f, "Method and disclosure control");
	snprintf(buf, sizeof(buf), "Counts of people and loans from 1 to %lld "
	         "are shown as <%lld, and where one such count could be worked "
	         "out from a total and the other counts, the next smallest count "
	         "is withheld (w). The report holds no name, reference, contact "
	         "detail or individual date. Utilisation is device-days on loan "
	         "divided by device-days in the pool (from the day a device was "
	         "added until it was retired or lost). Loan lengths are of items "
	         "returned in the period. Borrowers are counted once each, by "
	         "the loans they started in the period.",
	         (long long)R(f)->threshold - 1, (long long)R(f)->threshold);
	para(f, 0, buf);
}

/* Every figure, in the order of the CSV and JSON, under the headings
 * they give it: the numbers can be read back from the PDF and compared. */
static void all_figures(lend__flow *f)
{
	static const double x[] = { 0, 230, 430 };
	static const char *const head[] = { "Figure", "Of", "Value" };
	const lend__report *r = R(f);
	const char *cells[3];
	char v[32], of[160];
	size_t i;

	title(f, "All figures");
	row(f, x, head, 3, 1);
	for (i = 0; i < r->n; i++) {
		cells[0] = lend__figure_heading(r->f[i].name);
		cells[1] = lend__figure_of(of, sizeof(of), NAMES(f), &r->f[i]);
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
	hbars(f, "Utilisation by kind of device (%)", "utilisation_percent",
	      100, "%");
	hbars(f, "Borrowers by postcode district", "reach_postcode_district",
	      0, "");
	lend__flow_page(f);
	table(f, "Devices in the pool at the start, by kind", "pool_start",
	      "Kind of device");
	table(f, "Devices in the pool at the end, by kind", "pool_end",
	      "Kind of device");
	table(f, "Borrowers by referring member", "reach_referring_member",
	      "Member");
	table(f, "Borrowers by preferred language", "reach_language",
	      "Language");
	table(f, "Borrowers, month by month (unique)",
	      "monthly_unique_borrowers", "Month");
	outcome_table(f);
	method(f);
	all_figures(f);
}

int lend__report_pdf(lend__report *r, lend__buf *out)
{
	lend__pdf *p = NULL;
	lend__flow f;
	pdf_ctx c;
	int rc = lend__report_names_load(&c.names, r);

	c.r = r;
	if (rc || (rc = lend__pdf_open(&p, r->db, "Usage report"))) {
		lend__report_names_free(&c.names);
		return rc;
	}
	lend__flow_start(&f, p, LEND__MM(210), LEND__MM(297), LEND__MM(18),
	                 LEND__MM(18));
	f.footer = footer;
	f.ctx = &c;
	pages(&f);
	rc = lend__pdf_finish(p, r->db, out);
	lend__pdf_free(p);
	lend__report_names_free(&c.names);
	return rc;
}
