/*
 * The funder report: what the devices did over a period, for all members
 * or one, for all grants or one, as a PDF with charts and as CSV and JSON
 * of exactly the same figures, with no personal data in any of them.
 *
 * Every figure comes from one aggregate query over the period, so memory
 * stays flat however many loans there are.  The figures are one flat
 * list (figure, key, value); the three formats are written from it, so
 * they cannot disagree.  Counts of people and loans under the threshold
 * are suppressed, and one more cell of the same breakdown when a single
 * suppressed cell could be recovered from the total.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf.h"

/* Loan L lent a device in scope: a member's (?3), a grant's (?4), or any.
 * Without a filter the EXISTS is never evaluated. */
#define IN_SCOPE(l) \
	"((?3 IS NULL AND ?4 IS NULL) OR EXISTS (SELECT 1 FROM loan_item si " \
	" JOIN device sd ON sd.id = si.device_id WHERE si.loan_id = " l " " \
	" AND (?3 IS NULL OR sd.member_id = " \
	"  (SELECT id FROM member WHERE code = ?3)) " \
	" AND (?4 IS NULL OR sd.grant_id = " \
	"  (SELECT id FROM funding_grant WHERE code = ?4))))"

/* The devices in scope, the loans in scope, and their items.  ?1 is the
 * start of the period, ?2 its end.  min() and max() of two values are
 * SQLite's LEAST and GREATEST. */
#define SCOPE \
	"WITH fd AS (SELECT d.id, d.kind, d.added_at, d.left_at FROM device d " \
	" WHERE (?3 IS NULL OR d.member_id = " \
	"  (SELECT id FROM member WHERE code = ?3)) " \
	" AND (?4 IS NULL OR d.grant_id = " \
	"  (SELECT id FROM funding_grant WHERE code = ?4))), " \
	"fl AS (SELECT l.id, l.borrower_id, l.out_at, l.closed_at FROM loan l " \
	" WHERE " IN_SCOPE("l.id") "), " \
	"li AS (SELECT i.due_on, i.returned_at, i.outcome, l.out_at, fd.kind " \
	" FROM loan_item i JOIN fd ON fd.id = i.device_id " \
	" JOIN loan l ON l.id = i.loan_id) "

/* Borrower B (a column) had a loan in scope starting in the period, or
 * (EARLIER) before it: an index probe of loan_borrower_out.  Correlated
 * subqueries read the loan table, never the fl view: SQLite would
 * materialise fl and scan all of it for every borrower. */
#define BORROWED(b) \
	"EXISTS (SELECT 1 FROM loan x WHERE x.borrower_id = " b " " \
	"AND x.out_at BETWEEN ?1 AND ?2 AND " IN_SCOPE("x.id") ")"
#define BORROWED_EARLIER(b) \
	"EXISTS (SELECT 1 FROM loan x WHERE x.borrower_id = " b " " \
	"AND x.out_at < ?1 AND " IN_SCOPE("x.id") ")"

typedef struct figure {
	char name[32];
	char key[48];
	double value;
	int real;       /* a measure (days, %, hours), not a count */
	int people;     /* a count that could point at a person */
	int suppressed;
	int group;      /* cells of one breakdown share a group; 0: none */
	int total;      /* the breakdown's total, among the figures */
} figure;

typedef struct report {
	lend_db *db;
	const char *from, *to, *member, *grant;
	char start[LEND__TIME_LEN], end[LEND__TIME_LEN];
	char *consortium;
	int64_t threshold;
	figure *f;
	size_t n, cap;
	int groups;
} report;

static int add(report *r, const char *name, const char *key, double value,
               int real, int people)
{
	figure *f;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		figure *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf)
			return lend__error(r->db, LEND_ENOMEM, "out of memory");
		r->f = nf;
		r->cap = cap;
	}
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->key, sizeof(f->key), "%s", key ? key : "");
	f->value = real ? round(value * 10) / 10 : value;
	f->real = real;
	f->people = people;
	return 0;
}

/* Run SQL with the period's parameters. */
static int query(lend_rows **out, report *r, const char *sql)
{
	return lend__query_rows(out, r->db, sql, LEND__ARGS(LEND__T(r->start),
	                        LEND__T(r->end), LEND__T(r->member),
	                        LEND__T(r->grant)));
}

static double num(const lend_rows *rows, size_t row, size_t col)
{
	const char *v = lend_rows_text(rows, row, col);

	return v ? strtod(v, NULL) : 0;
}

/* ---- The figures ---------------------------------------------------- */

/* The pool, one scan of the devices: at the start and the end by kind,
 * devices added, and device-days in the pool for utilisation. */
static int devices(report *r, lend_rows **pool)
{
	static const char sql[] = SCOPE
		"SELECT kind, "
		"sum(CASE WHEN added_at <= ?1 AND (left_at IS NULL OR left_at > ?1) "
		" THEN 1 ELSE 0 END), "
		"sum(CASE WHEN added_at <= ?2 AND (left_at IS NULL OR left_at > ?2) "
		" THEN 1 ELSE 0 END), "
		"sum(CASE WHEN added_at BETWEEN ?1 AND ?2 THEN 1 ELSE 0 END), "
		"sum(max(0, julianday(min(coalesce(left_at, ?2), ?2)) "
		" - julianday(max(added_at, ?1)))) "
		"FROM fd WHERE added_at <= ?2 GROUP BY kind ORDER BY kind";
	static const char *const names[] = { "pool_start", "pool_end" };
	double added = 0;
	size_t i, k;
	int rc = query(pool, r, sql), group;

	for (k = 0; rc == 0 && k < 2; k++) {
		group = ++r->groups;
		for (i = 0; rc == 0 && i < lend_rows_count(*pool); i++) {
			rc = add(r, names[k], lend_rows_text(*pool, i, 0),
			         num(*pool, i, 1 + k), 0, 0);
			r->f[r->n - 1].group = group;
			r->f[r->n - 1].total = -1;
		}
	}
	for (i = 0; rc == 0 && i < lend_rows_count(*pool); i++)
		added += num(*pool, i, 3);
	return rc ? rc : add(r, "devices_added", NULL, added, 0, 0);
}

/* Loans, one scan: started, returned, open at the end. */
static int loans(report *r)
{
	static const char sql[] = SCOPE
		"SELECT sum(CASE WHEN out_at BETWEEN ?1 AND ?2 THEN 1 ELSE 0 END), "
		"sum(CASE WHEN closed_at BETWEEN ?1 AND ?2 THEN 1 ELSE 0 END), "
		"sum(CASE WHEN out_at <= ?2 AND (closed_at IS NULL "
		" OR closed_at > ?2) THEN 1 ELSE 0 END) FROM fl";
	lend_rows *rows = NULL;
	int rc = query(&rows, r, sql);

	if (rc == 0 &&
	    (rc = add(r, "loans_started", NULL, num(rows, 0, 0), 0, 1)) == 0 &&
	    (rc = add(r, "loans_returned", NULL, num(rows, 0, 1), 0, 1)) == 0)
		rc = add(r, "loans_open_at_end", NULL, num(rows, 0, 2), 0, 1);
	lend_rows_free(rows);
	return rc;
}

/* Items, one scan of those that overlap the period: device-days on loan
 * by kind, items overdue at the end, items lost in the period.  POOL
 * holds the device-days in the pool by kind, for utilisation. */
static int items(report *r, const lend_rows *pool)
{
	static const char sql[] = SCOPE
		"SELECT kind, sum(max(0, julianday(min(coalesce(returned_at, ?2), "
		"?2)) - julianday(max(out_at, ?1)))), "
		"sum(CASE WHEN (returned_at IS NULL OR returned_at > ?2) "
		" AND due_on < substr(?2, 1, 10) THEN 1 ELSE 0 END), "
		"sum(CASE WHEN outcome = 'lost' AND returned_at <= ?2 "
		" THEN 1 ELSE 0 END) "
		"FROM li WHERE out_at <= ?2 "
		"AND (returned_at IS NULL OR returned_at >= ?1) GROUP BY kind";
	lend_rows *rows = NULL;
	double overdue = 0, lost = 0, all_loan = 0, all_pool = 0;
	size_t i, j;
	int rc = query(&rows, r, sql);

	for (i = 0; rc == 0 && i < lend_rows_count(pool); i++) {
		double days = 0, in = num(pool, i, 4);

		for (j = 0; j < lend_rows_count(rows); j++)
			if (strcmp(lend_rows_text(rows, j, 0),
			           lend_rows_text(pool, i, 0)) == 0)
				days = num(rows, j, 1);
		all_loan += days;
		all_pool += in;
		rc = add(r, "utilisation_percent", lend_rows_text(pool, i, 0),
		         in > 0 ? 100 * days / in : 0, 1, 0);
	}
	for (j = 0; rc == 0 && j < lend_rows_count(rows); j++) {
		overdue += num(rows, j, 2);
		lost += num(rows, j, 3);
	}
	if (rc == 0 &&
	    (rc = add(r, "utilisation_percent", "all", all_pool > 0 ?
	              100 * all_loan / all_pool : 0, 1, 0)) == 0 &&
	    (rc = add(r, "items_overdue_at_end", NULL, overdue, 0, 1)) == 0)
		rc = add(r, "items_lost", NULL, lost, 0, 1);
	lend_rows_free(rows);
	return rc;
}

/* A breakdown being summed: keys and their counts. */
typedef struct tally {
	char key[48];
	double n;
} tally;

static void count_in(tally *t, size_t *n, size_t max, const char *key,
                     double v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(t[i].key, key) == 0) {
			t[i].n += v;
			return;
		}
	if (*n < max) {
		snprintf(t[*n].key, sizeof(t[*n].key), "%s", key);
		t[(*n)++].n = v;
	}
}

static int by_count(const void *a, const void *b)
{
	const tally *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->key, y->key);
}

/* The borrowers of the period, in one scan of the borrower table (each
 * checked with an index probe): unique, new (no loan in scope before the
 * period), and reach by district, referring member and language.  The
 * query groups by all three at once, a few hundred groups at most, and
 * the breakdowns are summed here. */
static int borrowers(report *r)
{
	static const char sql[] = SCOPE
		"SELECT b.postcode_district, m.code, "
		"coalesce(b.language, 'unknown'), count(*), "
		"sum(NOT " BORROWED_EARLIER("b.id") ") "
		"FROM borrower b JOIN member m ON m.id = b.member_id "
		"WHERE " BORROWED("b.id") " GROUP BY 1, 2, 3";
	static const char *const names[] = {
		"reach_postcode_district", "reach_referring_member",
		"reach_language"
	};
	enum { MAX = 512 };
	tally *t = calloc(3 * MAX, sizeof(*t));
	lend_rows *rows = NULL;
	double unique = 0, fresh = 0;
	size_t n[3] = { 0 }, i, k;
	int rc, total, group;

	if (!t)
		return lend__error(r->db, LEND_ENOMEM, "out of memory");
	rc = query(&rows, r, sql);
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		for (k = 0; k < 3; k++)
			count_in(t + k * MAX, &n[k], MAX, lend_rows_text(rows, i, k),
			         num(rows, i, 3));
		unique += num(rows, i, 3);
		fresh += num(rows, i, 4);
	}
	total = (int)r->n;
	if (rc == 0 && (rc = add(r, "unique_borrowers", NULL, unique, 0, 1)) == 0)
		rc = add(r, "new_borrowers", NULL, fresh, 0, 1);
	for (k = 0; rc == 0 && k < 3; k++) {
		qsort(t + k * MAX, n[k], sizeof(*t), by_count);
		group = ++r->groups;
		for (i = 0; rc == 0 && i < n[k]; i++) {
			rc = add(r, names[k], t[k * MAX + i].key, t[k * MAX + i].n,
			         0, 1);
			r->f[r->n - 1].group = group;
			r->f[r->n - 1].total = total;
		}
	}
	lend_rows_free(rows);
	free(t);
	return rc;
}

/* The median and 90th percentile (nearest rank) of the day counts SQL
 * lists, in one sort. */
static int percentiles(report *r, const char *median, const char *p90,
                       const char *sql)
{
	lend_rows *rows = NULL;
	double m = 0, p = 0;
	size_t i;
	int rc = query(&rows, r, sql);

	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		if (num(rows, i, 1) == num(rows, i, 2))
			m = num(rows, i, 0);
		if (num(rows, i, 1) == num(rows, i, 3))
			p = num(rows, i, 0);
	}
	if (rc == 0 && (rc = add(r, median, NULL, m, 1, 0)) == 0 && p90)
		rc = add(r, p90, NULL, p, 1, 0);
	lend_rows_free(rows);
	return rc;
}

#define RANKED(days, from) \
	"SELECT days, rank, (n + 1) / 2, (9 * n + 9) / 10 FROM (" \
	"SELECT " days " AS days, row_number() OVER (ORDER BY " days ") " \
	" AS rank, count(*) OVER () AS n " from ") " \
	"WHERE rank IN ((n + 1) / 2, (9 * n + 9) / 10)"

static int lengths(report *r)
{
	static const char loans[] = SCOPE RANKED(
		"julianday(returned_at) - julianday(out_at)",
		"FROM li WHERE outcome = 'returned' "
		"AND returned_at BETWEEN ?1 AND ?2");
	static const char holds[] = SCOPE RANKED(
		"julianday(h.closed_at) - julianday(h.placed_at)",
		"FROM hold h WHERE h.status = 'fulfilled' "
		"AND h.closed_at BETWEEN ?1 AND ?2 AND ((?3 IS NULL AND ?4 IS NULL) "
		"OR " BORROWED("h.borrower_id") ")");
	int rc = percentiles(r, "loan_days_median", "loan_days_p90", loans);

	return rc ? rc : percentiles(r, "hold_wait_days_median", NULL, holds);
}

static int support(report *r)
{
	static const char sql[] = SCOPE
		"SELECT count(DISTINCT s.champion_id), count(*), "
		"coalesce(sum(s.minutes), 0) / 60.0 FROM support_session s "
		"WHERE s.held_on BETWEEN substr(?1, 1, 10) AND substr(?2, 1, 10) "
		"AND ((?3 IS NULL AND ?4 IS NULL) OR " BORROWED("s.borrower_id") ")";
	lend_rows *rows = NULL;
	int rc = query(&rows, r, sql);

	if (rc == 0 &&
	    /* Champions are volunteers, not the people the threshold
	     * protects: their number is shown whatever it is. */
	    (rc = add(r, "champions_active", NULL, num(rows, 0, 0), 0, 0)) == 0 &&
	    (rc = add(r, "support_sessions", NULL, num(rows, 0, 1), 0, 1)) == 0)
		rc = add(r, "support_hours", NULL, num(rows, 0, 2), 1, 0);
	lend_rows_free(rows);
	return rc;
}

static int find(const report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0 && !r->f[i].key[0])
			return (int)i;
	return -1;
}

/* Month by month, every month of the period, empty ones too. */
static int monthly(report *r)
{
	/* A borrower counts in a month at their first loan of it: lag() over
	 * their loans in time order, which the index loan_borrower_out gives
	 * without a sort or a set of every borrower. */
	static const char sql[] = SCOPE
		"SELECT month, count(*), sum(first) FROM (SELECT "
		" substr(out_at, 1, 7) AS month, coalesce(lag(substr(out_at, 1, 7)) "
		" OVER (PARTITION BY borrower_id ORDER BY out_at), '') "
		" <> substr(out_at, 1, 7) AS first "
		" FROM fl WHERE out_at BETWEEN ?1 AND ?2) GROUP BY 1 ORDER BY 1";
	lend_rows *rows = NULL;
	char month[8];
	int y, m, rc = query(&rows, r, sql), pass;
	int loans = ++r->groups, people = ++r->groups;

	for (pass = 0; pass < 2 && rc == 0; pass++) {
		y = atoi(r->from);
		m = atoi(r->from + 5);
		for (;;) {
			double v = 0;
			size_t i;

			snprintf(month, sizeof(month), "%04d-%02d", y, m);
			if (strncmp(month, r->to, 7) > 0 || rc != 0)
				break;
			for (i = 0; i < lend_rows_count(rows); i++)
				if (strcmp(lend_rows_text(rows, i, 0), month) == 0)
					v = num(rows, i, pass + 1);
			rc = add(r, pass ? "monthly_unique_borrowers"
			                 : "monthly_loans_started", month, v, 0, 1);
			r->f[r->n - 1].group = pass ? people : loans;
			r->f[r->n - 1].total = pass ? -1
			                            : find(r, "loans_started");
			if (++m > 12)
				m = 1, y++;
		}
	}
	lend_rows_free(rows);
	return rc;
}

/* Primary suppression of small counts, then secondary: in a breakdown
 * whose total is shown, a lone suppressed cell would be the total minus
 * the others, so the smallest other count is suppressed too. */
static void suppress(report *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		if (r->f[i].people && r->f[i].value >= 1 &&
		    r->f[i].value < (double)r->threshold)
			r->f[i].suppressed = 1;
	for (i = 0; i < r->n; i++) {
		figure *f = &r->f[i];
		size_t hidden = 0, smallest = (size_t)-1;

		if (!f->group || f->total < 0 || (i && r->f[i - 1].group ==
		                                   f->group))
			continue;
		for (j = i; j < r->n && r->f[j].group == f->group; j++) {
			if (r->f[j].suppressed)
				hidden++;
			else if (r->f[j].value > 0 && (smallest == (size_t)-1 ||
			         r->f[j].value < r->f[smallest].value))
				smallest = j;
		}
		if (hidden == 1 && !r->f[f->total].suppressed &&
		    smallest != (size_t)-1)
			r->f[smallest].suppressed = 1;
	}
}

static int gather(report *r)
{
	lend_rows *pool = NULL;
	int rc;

	if ((rc = devices(r, &pool)) || (rc = loans(r)) ||
	    (rc = borrowers(r)) || (rc = items(r, pool)) ||
	    (rc = lengths(r)) || (rc = support(r)) || (rc = monthly(r)))
		goto done;
	suppress(r);
done:
	lend_rows_free(pool);
	return rc;
}

/* ---- CSV and JSON --------------------------------------------------- */

/* A figure as the CSV and JSON give it (a suppressed one has none). */
static void value_text(char *buf, size_t size, const figure *f)
{
	if (f->suppressed)
		buf[0] = '\0';
	else if (f->real)
		snprintf(buf, size, "%.1f", f->value);
	else
		snprintf(buf, size, "%.0f", f->value);
}

static void csv(report *r, lend__buf *b)
{
	char v[32];
	size_t i;

	lend__buf_str(b, "figure,key,value,suppressed\r\n");
	for (i = 0; i < r->n; i++) {
		const figure *f = &r->f[i];

		value_text(v, sizeof(v), f);
		/* Keys are codes, districts and languages: no commas or quotes
		 * (lend checks them), so no quoting is needed. */
		lend__buf_printf(b, "%s,%s,%s,%s\r\n", f->name, f->key,
		                 f->suppressed ? "" : v,
		                 f->suppressed ? "true" : "false");
	}
}

static void json(report *r, lend__buf *b)
{
	char v[32];
	size_t i;

	lend__buf_str(b, "{\"consortium\":");
	lend__buf_json(b, r->consortium);
	lend__buf_printf(b, ",\"from\":\"%s\",\"to\":\"%s\",\"member\":",
	                 r->from, r->to);
	lend__buf_json(b, r->member);
	lend__buf_str(b, ",\"grant\":");
	lend__buf_json(b, r->grant);
	lend__buf_printf(b, ",\"threshold\":%lld,\"figures\":[",
	                 (long long)r->threshold);
	for (i = 0; i < r->n; i++) {
		const figure *f = &r->f[i];

		value_text(v, sizeof(v), f);
		lend__buf_printf(b, "%s{\"figure\":\"%s\",\"key\":", i ? "," : "",
		                 f->name);
		lend__buf_json(b, f->key[0] ? f->key : NULL);
		lend__buf_printf(b, ",\"value\":%s,\"suppressed\":%s}",
		                 f->suppressed ? "null" : v,
		                 f->suppressed ? "true" : "false");
	}
	lend__buf_str(b, "]}\n");
}

/* ---- PDF ------------------------------------------------------------ */

typedef struct page {
	report *r;
	lend__pdf pdf;
	HPDF_Page pg;
	double w, h, m, y; /* y: points from the top */
	int number;
} page;

/* A figure as the PDF shows it: "<5" when suppressed. */
static const char *shown(const report *r, const figure *f, char *buf,
                         size_t size)
{
	if (f->suppressed)
		snprintf(buf, size, "<%lld", (long long)r->threshold);
	else
		value_text(buf, size, f);
	return buf;
}

static void new_page(page *p)
{
	char num[32];

	p->pg = lend__pdf_page(&p->pdf, p->w, p->h);
	p->y = p->m;
	p->number++;
	snprintf(num, sizeof(num), "%d", p->number);
	lend__pdf_text(&p->pdf, p->pg, p->w / 2, p->m / 2, 0, 8, num);
}

static void text(page *p, double x, int bold, double size, const char *s)
{
	lend__pdf_text(&p->pdf, p->pg, x, p->h - p->y, bold, size, s);
}

static void room(page *p, double need)
{
	if (p->y + need > p->h - p->m)
		new_page(p);
}

static void title(page *p, const char *s)
{
	room(p, 60);
	p->y += 24;
	text(p, p->m, 1, 13, s);
	p->y += 8;
}

static void para(page *p, double size, const char *s)
{
	size_t n = strlen(s), k;
	double width = p->w - 2 * p->m;
	char line[512];

	while (n > 0) {
		k = lend__pdf_fit(&p->pdf, 0, size, s, n, width);
		snprintf(line, sizeof(line), "%.*s", (int)k, s);
		room(p, size * 1.4);
		p->y += size * 1.4;
		text(p, p->m, 0, size, line);
		s += k;
		n -= k;
		while (n > 0 && *s == ' ')
			s++, n--;
	}
}

/* A row of cells at the given x offsets. */
static void row(page *p, const double *x, const char *const *cells, int n,
                int bold)
{
	int i;

	room(p, 13);
	p->y += 13;
	for (i = 0; i < n; i++)
		text(p, p->m + x[i], bold, 9, cells[i]);
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
};

static void headlines(page *p)
{
	static const double x[] = { 0, 300 };
	report *r = p->r;
	char v[32];
	const char *cells[2];
	size_t i;
	int k;

	title(p, "Headline figures");
	for (k = 0; k < 2; k++) {
		double total = 0;

		for (i = 0; i < r->n; i++)
			if (strcmp(r->f[i].name, k ? "pool_end" : "pool_start") == 0)
				total += r->f[i].value;
		snprintf(v, sizeof(v), "%.0f", total);
		cells[0] = k ? "Devices in the pool at the end"
		             : "Devices in the pool at the start";
		cells[1] = v;
		row(p, x, cells, 2, 0);
	}
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		int f = find(r, labels[i].name);

		cells[0] = labels[i].text;
		cells[1] = f >= 0 ? shown(r, &r->f[f], v, sizeof(v)) : "";
		row(p, x, cells, 2, 0);
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, "utilisation_percent") == 0 &&
		    strcmp(r->f[i].key, "all") == 0) {
			cells[0] = "Utilisation, all devices (%)";
			cells[1] = shown(r, &r->f[i], v, sizeof(v));
			row(p, x, cells, 2, 0);
		}
}

/* The figures called NAME, as indexes; at most MAX. */
static size_t pick(const report *r, const char *name, size_t *out,
                   size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->n && n < max; i++)
		if (strcmp(r->f[i].name, name) == 0 &&
		    strcmp(r->f[i].key, "all") != 0)
			out[n++] = i;
	return n;
}

static void set_gray(page *p, double g)
{
	if (p->pg) {
		HPDF_Page_SetGrayFill(p->pg, (HPDF_REAL)g);
		HPDF_Page_SetGrayStroke(p->pg, (HPDF_REAL)g);
	}
}

static void box(page *p, double x, double y, double w, double h, int fill)
{
	if (!p->pg)
		return;
	HPDF_Page_Rectangle(p->pg, (HPDF_REAL)x, (HPDF_REAL)(p->h - y - h),
	                    (HPDF_REAL)w, (HPDF_REAL)h);
	if (fill)
		HPDF_Page_Fill(p->pg);
	else
		HPDF_Page_Stroke(p->pg);
}

/* An axis top of four round steps (1, 2 or 5 times a power of ten) at
 * or above V, so that the ticks read as whole numbers. */
static double nice_max(double v)
{
	static const double steps[] = { 1, 2, 5 };
	double power = 1;
	int i;

	for (;;) {
		for (i = 0; i < 3; i++)
			if (4 * steps[i] * power >= v)
				return 4 * steps[i] * power;
		power *= 10;
	}
}

/* Monthly loans as vertical bars, with an axis, ticks and values; a
 * suppressed month is an empty bar marked "<5". */
static void month_bars(page *p)
{
	size_t idx[64], n = pick(p->r, "monthly_loans_started", idx, 64), i;
	double top, x0 = p->m + 30, ch = 140, cw = p->w - 2 * p->m - 30, max = 0;
	char v[32];

	title(p, "Loans started, month by month");
	room(p, ch + 40);
	top = p->y + 10;
	for (i = 0; i < n; i++)
		if (p->r->f[idx[i]].value > max && !p->r->f[idx[i]].suppressed)
			max = p->r->f[idx[i]].value;
	max = nice_max(max > 0 ? max : (double)p->r->threshold);
	set_gray(p, 0);
	for (i = 0; i <= 4; i++) {
		double y = top + ch - ch * (double)i / 4;

		snprintf(v, sizeof(v), "%.0f", max * (double)i / 4);
		lend__pdf_text(&p->pdf, p->pg, p->m, p->h - y - 3, 0, 7, v);
		set_gray(p, 0.85);
		box(p, x0, y, cw, 0.3, 1);
		set_gray(p, 0);
	}
	for (i = 0; i < n; i++) {
		const figure *f = &p->r->f[idx[i]];
		double bw = cw / (double)n, bh = f->suppressed
		            ? ch * (double)p->r->threshold / max : ch * f->value / max;
		double x = x0 + bw * (double)i + bw * 0.15;

		if (f->suppressed)
			box(p, x, top + ch - bh, bw * 0.7, bh, 0);
		else {
			set_gray(p, 0.35);
			box(p, x, top + ch - bh, bw * 0.7, bh, 1);
			set_gray(p, 0);
		}
		lend__pdf_text(&p->pdf, p->pg, x, p->h - (top + ch - bh) + 3, 0, 6,
		               shown(p->r, f, v, sizeof(v)));
		lend__pdf_text(&p->pdf, p->pg, x, p->h - top - ch - 10, 0, 6,
		               f->key + 2); /* "YY-MM" */
	}
	p->y = top + ch + 16;
}

/* Horizontal bars of the figures NAME, scaled to MAX (0: the largest). */
static void hbars(page *p, const char *heading, const char *name, double max,
                  const char *unit)
{
	size_t idx[32], n = pick(p->r, name, idx, 32), i;
	double x0 = p->m + 90, cw = p->w - 2 * p->m - 130;
	char v[32], text_v[40];

	title(p, heading);
	if (max <= 0) {
		for (i = 0; i < n; i++)
			if (p->r->f[idx[i]].value > max)
				max = p->r->f[idx[i]].value;
		max = nice_max(max);
	}
	for (i = 0; i < n; i++) {
		const figure *f = &p->r->f[idx[i]];
		double bw = cw * (f->suppressed ? (double)p->r->threshold
		                                : f->value) / max;

		room(p, 14);
		p->y += 14;
		text(p, p->m, 0, 8, f->key);
		if (f->suppressed) {
			box(p, x0, p->y - 9, bw, 10, 0);
		} else {
			set_gray(p, 0.35);
			box(p, x0, p->y - 9, bw, 10, 1);
			set_gray(p, 0);
		}
		snprintf(text_v, sizeof(text_v), "%s%s",
		         shown(p->r, f, v, sizeof(v)), unit);
		text(p, x0 + bw + 4, 0, 8, text_v);
	}
}

static void table(page *p, const char *heading, const char *name,
                  const char *column)
{
	static const double x[] = { 0, 200 };
	size_t idx[256], n = pick(p->r, name, idx, 256), i;
	const char *cells[2];
	char v[32];

	title(p, heading);
	cells[0] = column;
	cells[1] = "count";
	row(p, x, cells, 2, 1);
	for (i = 0; i < n; i++) {
		cells[0] = p->r->f[idx[i]].key;
		cells[1] = shown(p->r, &p->r->f[idx[i]], v, sizeof(v));
		row(p, x, cells, 2, 0);
	}
}

static void cover(page *p, const char *today)
{
	report *r = p->r;
	char buf[256];

	p->y += 30;
	text(p, p->m, 1, 20, r->consortium);
	p->y += 26;
	text(p, p->m, 1, 15, "Usage report");
	p->y += 22;
	snprintf(buf, sizeof(buf), "Period: %s to %s", r->from, r->to);
	text(p, p->m, 0, 10, buf);
	p->y += 14;
	snprintf(buf, sizeof(buf), "Devices: %s%s%s%s",
	         r->member ? "member " : "", r->member ? r->member : "",
	         r->member && r->grant ? ", " : "",
	         r->grant ? "" : r->member ? "" : "all members, all grants");
	if (r->grant) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "grant %s", r->grant);
	}
	text(p, p->m, 0, 10, buf);
	p->y += 14;
	snprintf(buf, sizeof(buf), "Generated on %s", today);
	text(p, p->m, 0, 10, buf);
	p->y += 6;
}

static void method(page *p)
{
	char buf[700];

	title(p, "Method and disclosure control");
	snprintf(buf, sizeof(buf), "Counts of people and loans from 1 to %lld "
	         "are shown as <%lld, and where one such count could be worked "
	         "out from a total and the other counts, the next smallest count "
	         "is hidden too. The report holds no name, reference, contact "
	         "detail or individual date. Utilisation is device-days on loan "
	         "divided by device-days in the pool (from the day a device was "
	         "added until it was retired or lost). Loan lengths are of items "
	         "returned in the period. Borrowers are counted once each, by "
	         "the loans they started in the period.",
	         (long long)p->r->threshold - 1, (long long)p->r->threshold);
	para(p, 9, buf);
}

/* Every figure, as the CSV and JSON have them: the numbers can be read
 * back from the PDF and compared. */
static void all_figures(page *p)
{
	static const double x[] = { 0, 170, 330 };
	const char *cells[3];
	char v[32];
	size_t i;

	title(p, "All figures");
	cells[0] = "figure";
	cells[1] = "key";
	cells[2] = "value";
	row(p, x, cells, 3, 1);
	for (i = 0; i < p->r->n; i++) {
		cells[0] = p->r->f[i].name;
		cells[1] = p->r->f[i].key[0] ? p->r->f[i].key : "-";
		cells[2] = shown(p->r, &p->r->f[i], v, sizeof(v));
		row(p, x, cells, 3, 0);
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

static int pdf(report *r, lend__buf *out)
{
	page p;
	char today[16];
	int rc;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.w = LEND__MM(210);
	p.h = LEND__MM(297);
	p.m = LEND__MM(18);
	today_text(today, sizeof(today));
	if ((rc = lend__pdf_new(&p.pdf, r->db, "Usage report")) == 0) {
		new_page(&p);
		cover(&p, today);
		headlines(&p);
		new_page(&p);
		month_bars(&p);
		hbars(&p, "Utilisation by kind (%)", "utilisation_percent", 100,
		      "%");
		hbars(&p, "Reach by postcode district (borrowers)",
		      "reach_postcode_district", 0, "");
		new_page(&p);
		table(&p, "Devices in the pool at the start, by kind",
		      "pool_start", "kind");
		table(&p, "Devices in the pool at the end, by kind", "pool_end",
		      "kind");
		table(&p, "Reach by referring member", "reach_referring_member",
		      "member");
		table(&p, "Reach by preferred language", "reach_language",
		      "language");
		table(&p, "Unique borrowers, month by month",
		      "monthly_unique_borrowers", "month");
		method(&p);
		all_figures(&p);
		rc = lend__pdf_finish(&p.pdf, out);
	}
	lend__pdf_free(&p.pdf);
	return rc;
}

/* ---- Public --------------------------------------------------------- */

static const char *format_of(const lend_report_spec *s, const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if (s->format)
		return s->format;
	if (n > 4 && strcmp(path + n - 4, ".csv") == 0)
		return "csv";
	if (n > 5 && strcmp(path + n - 5, ".json") == 0)
		return "json";
	return "pdf";
}

static int check(report *r, const lend_report_spec *s, const char *format)
{
	int64_t id;
	int rc;

	if (!s->from || !s->to)
		return lend__error(r->db, LEND_EINVAL, "report: --from and --to "
		                   "are required");
	if ((rc = lend__check_date(r->db, "report", "from date", s->from)) ||
	    (rc = lend__check_date(r->db, "report", "to date", s->to)))
		return rc;
	if (strcmp(s->to, s->from) < 0)
		return lend__error(r->db, LEND_EINVAL, "report: to date '%s' is "
		                   "before the from date '%s'", s->to, s->from);
	if (strcmp(format, "pdf") && strcmp(format, "csv") &&
	    strcmp(format, "json"))
		return lend__error(r->db, LEND_EINVAL, "report: unknown format "
		                   "'%s' (one of: pdf, csv, json)",
		                   lend__is_text(format) ? format : "?");
	if ((s->member && (rc = lend__member_id(&id, r->db, "report",
	                                        s->member))) ||
	    (s->grant && (rc = lend__grant_id(&id, r->db, "report",
	                                      s->grant))))
		return rc;
	return 0;
}

static int make(lend__buf *out, lend_db *db, const lend_report_spec *s,
                const char *format)
{
	report r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.db = db;
	lend__reset(db);
	if ((rc = check(&r, s, format)))
		return rc;
	r.from = s->from;
	r.to = s->to;
	r.member = s->member;
	r.grant = s->grant;
	snprintf(r.start, sizeof(r.start), "%sT00:00:00Z", s->from);
	snprintf(r.end, sizeof(r.end), "%sT23:59:59Z", s->to);
	if ((rc = lend__setting_text(&r.consortium, db, "consortium.name")) ||
	    (rc = lend__setting_int(&r.threshold, db, "report.threshold")) ||
	    (rc = gather(&r)))
		goto done;
	if (strcmp(format, "csv") == 0)
		csv(&r, out);
	else if (strcmp(format, "json") == 0)
		json(&r, out);
	else
		rc = pdf(&r, out);
	if (rc == 0 && out->oom)
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
done:
	free(r.consortium);
	free(r.f);
	return rc;
}

int lend_report_write(lend_db *db, const lend_report_spec *spec,
                      const char *path)
{
	lend__buf b = { 0 };
	int rc = make(&b, db, spec, format_of(spec, path));

	return lend__buf_file(db, path, &b, rc);
}

int lend_report_render(char **out, size_t *len, lend_db *db,
                       const lend_report_spec *spec)
{
	lend__buf b = { 0 };
	int rc = make(&b, db, spec, format_of(spec, NULL));

	return lend__buf_out(out, len, db, &b, rc);
}
