/*
 * The funder report's figures: what the devices did over a period, for
 * all members or one, for all grants or one, with no personal data, and
 * the disclosure control over them.  The PDF with charts, the CSV and the
 * JSON are written from the same figures (report_pdf.c, report_csv.c,
 * report_json.c).
 *
 * Every figure comes from one aggregate query over the period, so memory
 * stays flat however many loans there are.  The figures are one flat
 * list (figure, key, value); the three formats are written from it, so
 * they cannot disagree.  Counts of people and loans under the threshold
 * are suppressed, and one more cell of the same breakdown when a single
 * suppressed cell could be recovered from the total (disclosure.c); each
 * report issued is recorded and read beside those issued before
 * (report_history.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

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

static int add(lend__report *r, const char *name, const char *key,
               double value, int real, int people)
{
	lend__figure *f;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		lend__figure *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf)
			return lend__fail(r->db, LEND_ENOMEM, "report.no_memory",
			                  NULL);
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
static int query(lend_rows **out, lend__report *r, const char *sql)
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
static int devices(lend__report *r, lend_rows **pool)
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
static int loans(lend__report *r)
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
static int items(lend__report *r, const lend_rows *pool)
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
 * the breakdowns are summed here.  Truths are summed through CASE, here
 * and in monthly(): PostgreSQL sums a boolean only through the schema's
 * own aggregate, a function call a row. */
static int borrowers(lend__report *r)
{
	static const char sql[] = SCOPE
		"SELECT b.postcode_district, m.code, "
		"coalesce(b.language, 'unknown'), count(*), "
		"sum(CASE WHEN " BORROWED_EARLIER("b.id") " THEN 0 ELSE 1 END) "
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
		return lend__fail(r->db, LEND_ENOMEM, "report.no_memory", NULL);
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
static int percentiles(lend__report *r, const char *median, const char *p90,
                       const char *sql)
{
	lend_rows *rows = NULL;
	double m = 0, p = 0, n = 0;
	size_t i;
	int rc = query(&rows, r, sql), hide;

	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		if (num(rows, i, 1) == num(rows, i, 2))
			m = num(rows, i, 0);
		if (num(rows, i, 1) == num(rows, i, 3))
			p = num(rows, i, 0);
		n = num(rows, i, 4);
	}
	/* Over fewer than the threshold, a measure tells of each of them. */
	hide = n > 0 && n < (double)r->threshold ? LEND__UNDER_THRESHOLD : 0;
	if (rc == 0 && (rc = add(r, median, NULL, m, 1, 0)) == 0) {
		r->f[r->n - 1].suppressed = hide;
		if (p90 && (rc = add(r, p90, NULL, p, 1, 0)) == 0)
			r->f[r->n - 1].suppressed = hide;
	}
	lend_rows_free(rows);
	return rc;
}

#define RANKED(days, from) \
	"SELECT days, rank, (n + 1) / 2, (9 * n + 9) / 10, n FROM (" \
	"SELECT " days " AS days, row_number() OVER (ORDER BY " days ") " \
	" AS rank, count(*) OVER () AS n " from ") AS ranked " \
	"WHERE rank IN ((n + 1) / 2, (9 * n + 9) / 10)"

static int lengths(lend__report *r)
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

static int support(lend__report *r)
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

/* What borrowers said their loans helped with (issue 20), as people: a
 * borrower counts once under each outcome told of a loan in scope in the
 * period, so the cells add up to at least those who told any.  And the
 * devices given to their borrowers in the period. */
static int outcomes(lend__report *r)
{
	static const char sql[] = SCOPE
		"SELECT o.outcome, count(DISTINCT fl.borrower_id) "
		"FROM loan_outcome o JOIN fl ON fl.id = o.loan_id "
		"WHERE o.recorded_at BETWEEN ?1 AND ?2 "
		"GROUP BY o.outcome ORDER BY 2 DESC, 1";
	static const char people[] = SCOPE
		"SELECT count(DISTINCT fl.borrower_id), (SELECT count(*) FROM gift g "
		" JOIN fd ON fd.id = g.device_id WHERE g.given_at BETWEEN ?1 AND ?2) "
		"FROM loan_outcome o JOIN fl ON fl.id = o.loan_id "
		"WHERE o.recorded_at BETWEEN ?1 AND ?2";
	lend_rows *rows = NULL, *told = NULL;
	int rc = query(&told, r, people), covers = (int)r->n + 1, group;
	size_t i;

	if (rc || (rc = query(&rows, r, sql)) ||
	    (rc = add(r, "devices_gifted", NULL, num(told, 0, 1), 0, 1)) ||
	    (rc = add(r, "outcome_borrowers", NULL, num(told, 0, 0), 0, 1)))
		goto done;
	covers++;
	group = ++r->groups;
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		rc = add(r, "outcome", lend_rows_text(rows, i, 0), num(rows, i, 1),
		         0, 1);
		r->f[r->n - 1].group = group;
		r->f[r->n - 1].total = -1;
		r->f[r->n - 1].covers = covers;
	}
done:
	lend_rows_free(told);
	lend_rows_free(rows);
	return rc;
}

int lend__figure_find(const lend__report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0 && !r->f[i].key[0])
			return (int)i;
	return -1;
}

/* Month by month, every month of the period, empty ones too. */
static int monthly(lend__report *r)
{
	/* A borrower counts in a month at their first loan of it: lag() over
	 * their loans in time order, which the index loan_borrower_out gives
	 * without a sort or a set of every borrower. */
	static const char sql[] = SCOPE
		"SELECT month, count(*), sum(CASE WHEN first THEN 1 ELSE 0 END) "
		"FROM (SELECT "
		" substr(out_at, 1, 7) AS month, coalesce(lag(substr(out_at, 1, 7)) "
		" OVER (PARTITION BY borrower_id ORDER BY out_at), '') "
		" <> substr(out_at, 1, 7) AS first "
		" FROM fl WHERE out_at BETWEEN ?1 AND ?2) AS m GROUP BY 1 ORDER BY 1";
	lend_rows *rows = NULL;
	char month[8];
	int y, m, rc = query(&rows, r, sql), pass;
	int loans = ++r->groups, people = ++r->groups;
	size_t first = r->n, k;

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
			                            : lend__figure_find(r, "loans_started");
			/* A month's borrowers add up to at least the period's. */
			r->f[r->n - 1].covers = pass ? lend__figure_find(
				r, "unique_borrowers") + 1 : 0;
			if (++m > 12)
				m = 1, y++;
		}
	}
	/* A month's loans are at least its borrowers. */
	for (k = 0; rc == 0 && k < (r->n - first) / 2; k++)
		r->f[first + k].floor = (int)(first + (r->n - first) / 2 + k) + 1;
	lend_rows_free(rows);
	return rc;
}

/* A measure (median, percentile, hours) over fewer people or loans than
 * the threshold says something of each: it is hidden as they would be. */
static void suppress_measure(lend__report *r, const char *measure,
                             const char *base)
{
	int m = lend__figure_find(r, measure), b = lend__figure_find(r, base);

	if (m >= 0 && b >= 0 && r->f[b].value < (double)r->threshold)
		r->f[m].suppressed = LEND__UNDER_THRESHOLD;
}

/* Returning borrowers are the unique less the new: when they are fewer
 * than the threshold, the new are withheld. */
static void suppress_returning(lend__report *r)
{
	int u = lend__figure_find(r, "unique_borrowers");
	int n = lend__figure_find(r, "new_borrowers");
	double back = r->f[u].value - r->f[n].value;

	if (back >= 1 && back < (double)r->threshold && !r->f[n].suppressed)
		r->f[n].suppressed = LEND__WITHHELD;
}

/* The index figure I will have once the figures before it that are left
 * out are gone. */
static int moved(const lend__report *r, int i)
{
	int j, k = i;

	for (j = 0; j < i; j++)
		k -= r->f[j].suppressed == LEND__LEFT_OUT;
	return k;
}

/* A breakdown too small to show at all is left out of every output. */
static void leave_out(lend__report *r)
{
	size_t i, k = 0;

	for (i = 0; i < r->n; i++) {
		if (r->f[i].total >= 0)
			r->f[i].total = moved(r, r->f[i].total);
		if (r->f[i].covers)
			r->f[i].covers = moved(r, r->f[i].covers - 1) + 1;
	}
	for (i = 0; i < r->n; i++)
		if (r->f[i].suppressed != LEND__LEFT_OUT)
			r->f[k++] = r->f[i];
	r->n = k;
}

int lend__report_collect(lend__report *r)
{
	lend_rows *pool = NULL;
	int rc;

	if ((rc = devices(r, &pool)) == 0 && (rc = loans(r)) == 0 &&
	    (rc = borrowers(r)) == 0 && (rc = items(r, pool)) == 0 &&
	    (rc = lengths(r)) == 0 && (rc = support(r)) == 0 &&
	    (rc = outcomes(r)) == 0)
		rc = monthly(r);
	lend_rows_free(pool);
	return rc;
}

/* The figures, read outside a transaction so that a long report holds
 * no lock; then, unless not ISSUED, with the write lock, read beside the
 * reports issued before and recorded as issued: the transaction is left
 * open, for the caller to commit once the report is written. */
static int gather(lend__report *r, const char *format, int issued)
{
	int rc;

	if ((rc = lend__report_collect(r)) || (rc = lend__report_guard(r)))
		return rc;
	lend__suppress(r->f, r->n, r->threshold);
	suppress_returning(r);
	suppress_measure(r, "support_hours", "support_sessions");
	if (issued && ((rc = lend__txn_begin(r->db)) ||
	    (rc = lend__report_history(r, format))))
		return rc;
	leave_out(r);
	return 0;
}

void lend__figure_text(char *buf, size_t size, const lend__figure *f)
{
	if (f->suppressed)
		buf[0] = '\0';
	else if (f->real)
		snprintf(buf, size, "%.1f", f->value);
	else
		snprintf(buf, size, "%.0f", f->value);
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

static int check(lend__report *r, const lend_report_spec *s, const char *format)
{
	int64_t id;
	int rc;

	if (!s->from || !s->to)
		return lend__fail(r->db, LEND_EINVAL, "report.no_period", NULL);
	if ((rc = lend__check_date(r->db, "report", "from date", s->from)) ||
	    (rc = lend__check_date(r->db, "report", "to date", s->to)))
		return rc;
	if (strcmp(s->to, s->from) < 0)
		return lend__fail(r->db, LEND_EINVAL, "report.to_before_from",
		                  "to", s->to, "from", s->from, NULL);
	if ((rc = lend__check_period(r->db, "report", s->from, s->to)))
		return rc;
	if (strcmp(format, "pdf") && strcmp(format, "csv") &&
	    strcmp(format, "json"))
		return lend__fail(r->db, LEND_EINVAL, "report.format", "format",
		                  lend__is_text(format) ? format : "?", NULL);
	if ((s->member && (rc = lend__id(&id, r->db, "report", LEND__ENTITY_MEMBER,
	                                        s->member))) ||
	    (s->grant && (rc = lend__id(&id, r->db, "report", LEND__ENTITY_GRANT,
	                                      s->grant))))
		return rc;
	return 0;
}

static int make(lend__buf *out, lend_db *db, const lend_report_spec *s,
                const char *format, int issued)
{
	lend__report r;
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
	    (rc = gather(&r, format, issued)))
		goto done;
	if (strcmp(format, "csv") == 0)
		lend__report_csv(&r, out);
	else if (strcmp(format, "json") == 0)
		lend__report_json(&r, out);
	else
		rc = lend__report_pdf(&r, out);
	if (rc == 0 && out->oom)
		rc = lend__fail(db, LEND_ENOMEM, "report.no_memory", NULL);
done:
	free(r.consortium);
	free(r.f);
	return rc ? lend__txn_end(db, rc) : 0;
}

int lend_report_write(lend_db *db, const lend_report_spec *spec,
                      const char *path)
{
	lend__buf b = { 0 };
	int rc = make(&b, db, spec, format_of(spec, path), 1), wrote;

	wrote = (rc = lend__buf_file(db, path, &b, rc)) == 0;
	/* Recorded only once written; not recorded, not given. */
	if ((rc = lend__txn_end(db, rc)) && wrote)
		remove(path);
	return rc;
}

int lend_report_render(char **out, size_t *len, lend_db *db,
                       const lend_report_spec *spec)
{
	lend__buf b = { 0 };
	int rc = make(&b, db, spec, format_of(spec, NULL), 1);

	return lend__buf_out(out, len, db, &b, lend__txn_end(db, rc));
}

int lend__report_unissued(char **out, size_t *len, lend_db *db,
                          const lend_report_spec *spec)
{
	lend__buf b = { 0 };
	int rc = make(&b, db, spec, format_of(spec, NULL), 0);

	return lend__buf_out(out, len, db, &b, rc);
}

