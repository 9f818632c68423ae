/*
 * Disclosure control over the funder report's figures (lend__suppress),
 * apart from the figures themselves (report.c).
 */
#include "report.h"

/* As statistical offices do it: primary suppression of every count of
 * people or loans from 1 to the threshold less one, then complementary
 * suppression until no hidden count can be worked out from what is shown.
 * A reader knows a shown cell exactly, a cell shown "<5" to be 1 to
 * threshold - 1, a withheld cell to be at least the threshold (only
 * counts that would be shown are withheld), and that the cells of a
 * breakdown add up to its total, and that a month's loans are at least
 * its borrowers.
 *
 * The total is taken as known even when it is hidden: other figures of
 * the report bound it (new borrowers below the unique, loans started
 * above them, the months' borrowers around them), and so do the reports
 * of the other members and grants, which add up to the whole
 * consortium's.  Judged against a known total a breakdown stands on its
 * own cells (a sum of whole-number ranges is a whole range, so the
 * bounds are exact): while some count under the threshold is pinned to
 * one value, the smallest shown count of the breakdown is withheld too,
 * and when none is left the breakdown is left out of the report. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNBOUNDED 1e18

/* What a reader knows of figure F alone: its value, or a range. */
static void range(const lend__figure *f, int64_t t, double *lo, double *hi)
{
	if (f->suppressed == LEND__UNDER_THRESHOLD)
		*lo = 1, *hi = (double)t - 1;
	else if (f->suppressed == LEND__WITHHELD)
		*lo = (double)t, *hi = UNBOUNDED;
	else if (f->suppressed == LEND__LEFT_OUT)
		*lo = 0, *hi = UNBOUNDED;
	else
		*lo = *hi = f->value;
}

static int narrow(double *lo, double *hi, double nlo, double nhi)
{
	int changed = nlo > *lo || nhi < *hi;

	*lo = nlo > *lo ? nlo : *lo;
	*hi = nhi < *hi ? nhi : *hi;
	return changed;
}

/* A month's borrowers are at most its loans, so the borrowers of the
 * months of the group G to E other than J are at most the loans of the
 * period less J's month's loans: what a reader gets from the two
 * breakdowns together, which bounds each cell apart does not. */
static double loans_but(const lend__figure *f, size_t g, size_t e, size_t j,
                        const double *lo)
{
	size_t k;

	(void)e; /* the loans are listed before the borrowers */
	for (k = 0; k < g; k++)
		if (f[k].floor == (int)j + 1 && f[k].total >= 0)
			return f[f[k].total].value - lo[k];
	return UNBOUNDED;
}

/* Narrow the cells of the group G to E by their sum: the total (taken as
 * known) or, COVERS, at least it. */
static int by_sum(const lend__figure *f, size_t g, size_t e, double *lo,
                  double *hi)
{
	int cover = f[g].total < 0, changed = 0;
	double tot = f[cover ? f[g].covers - 1 : f[g].total].value;
	double slo = 0, shi = 0;
	size_t j;

	for (j = g; j < e; j++) {
		slo += lo[j];
		shi = hi[j] >= UNBOUNDED || shi >= UNBOUNDED ? UNBOUNDED
		                                              : shi + hi[j];
	}
	for (j = g; j < e; j++) {
		double olo = slo - lo[j];
		double ohi = shi >= UNBOUNDED ? UNBOUNDED : shi - hi[j];
		double cap = cover ? loans_but(f, g, e, j, lo) : UNBOUNDED;

		ohi = cap < ohi ? cap : ohi;

		changed |= narrow(&lo[j], &hi[j], tot - ohi,
		                  cover ? UNBOUNDED : tot - olo);
	}
	return changed;
}

static size_t group_end(const lend__figure *f, size_t n, size_t i)
{
	size_t e;

	for (e = i + 1; f[i].group && e < n && f[e].group == f[i].group; e++)
		;
	return e;
}

/* The first count under the threshold a reader can pin to one value,
 * bounds propagated over every breakdown's sum and every FLOOR until
 * they hold; N when none (or on no memory, -1 cast). */
static size_t first_pinned(const lend__figure *f, size_t n, int64_t t)
{
	double *lo = malloc(2 * n * sizeof(*lo) + 1), *hi = lo + n;
	size_t i, e, found = n;
	int changed = 1, rounds;

	if (!lo)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		range(&f[i], t, &lo[i], &hi[i]);
	for (rounds = 0; changed && rounds < 64; rounds++) {
		changed = 0;
		for (i = 0; i < n; i = e) {
			e = group_end(f, n, i);
			if (f[i].group && (f[i].total >= 0 || f[i].covers) &&
			    f[i].suppressed != LEND__LEFT_OUT)
				changed |= by_sum(f, i, e, lo, hi);
		}
		for (i = 0; i < n; i++)
			if (f[i].floor && f[i].suppressed != LEND__LEFT_OUT &&
			    f[f[i].floor - 1].suppressed != LEND__LEFT_OUT) {
				size_t u = (size_t)f[i].floor - 1;

				changed |= narrow(&lo[i], &hi[i], lo[u], UNBOUNDED);
				changed |= narrow(&lo[u], &hi[u], 0, hi[i]);
			}
	}
	for (i = 0; i < n && found == n; i++)
		if ((f[i].suppressed == LEND__UNDER_THRESHOLD || f[i].guard) &&
		    lo[i] >= hi[i])
			found = i;
	free(lo);
	return found;
}

/* Withhold the smallest shown count above 0 of the group G to E; else
 * leave the group out.  0 when it already is. */
static int withhold(lend__figure *f, size_t g, size_t e)
{
	size_t j, best = (size_t)-1;

	for (j = g; j < e; j++)
		if (!f[j].suppressed && f[j].value > 0 &&
		    (best == (size_t)-1 || f[j].value < f[best].value))
			best = j;
	if (best != (size_t)-1) {
		f[best].suppressed = LEND__WITHHELD;
		return 1;
	}
	if (f[g].suppressed == LEND__LEFT_OUT)
		return 0;
	for (j = g; j < e; j++)
		f[j].suppressed = LEND__LEFT_OUT;
	return 1;
}

void lend__suppress(lend__figure *f, size_t n, int64_t threshold)
{
	size_t i, g;

	for (i = 0; i < n; i++)
		if (f[i].people && f[i].value >= 1 &&
		    f[i].value < (double)threshold)
			f[i].suppressed = LEND__UNDER_THRESHOLD;
	/* Each round withholds a cell or leaves a breakdown out, so this
	 * ends; a pinned count in no breakdown cannot be (its own total). */
	while ((i = first_pinned(f, n, threshold)) < n && f[i].group) {
		for (g = i; g > 0 && f[g - 1].group == f[i].group; g--)
			;
		if (!withhold(f, g, group_end(f, n, g)))
			break;
	}
	if (i != (size_t)-1)
		return;
	/* With no memory to judge them, no breakdown is shown. */
	for (i = 0; i < n; i++)
		if (f[i].group)
			f[i].suppressed = LEND__LEFT_OUT;
}

/* ---- A member's or a grant's report beside the others ---------------- */

/* The figure NAME, KEY of R, or -1. */
static int figure_key(const lend__report *r, const char *name,
                      const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0 && strcmp(r->f[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Whether figure I is a breakdown's total, or a sum its months cover. */
static int is_total(const lend__report *r, size_t i)
{
	size_t j;

	for (j = 0; j < r->n; j++)
		if ((r->f[j].group && r->f[j].total == (int)i) ||
		    r->f[j].covers == (int)i + 1)
			return 1;
	return 0;
}

/* Withhold figure I and guard it; refuse the report when it is a total,
 * which its breakdowns add up to. */
static int withhold_guarded(lend__report *r, size_t i)
{
	char t[24];

	r->f[i].suppressed = LEND__WITHHELD;
	r->f[i].guard = 1;
	if (!is_total(r, i))
		return 0;
	snprintf(t, sizeof(t), "%lld", (long long)r->threshold);
	return r->member
	       ? lend__fail(r->db, LEND_EDENIED, "report.member_all_but",
	                    "member", r->member, "threshold", t, "figure",
	                    r->f[i].name, NULL)
	       : lend__fail(r->db, LEND_EDENIED, "report.grant_all_but", "grant",
	                    r->grant, "threshold", t, "figure", r->f[i].name,
	                    NULL);
}

/* A report for one member or grant, taken from the whole consortium's
 * over the same period, gives the people counted in the whole but not in
 * it: every count whose complement (the whole's less its own) is 1 to
 * the threshold less one is withheld and guarded (complementary
 * suppression keeps it from being worked out, as for a count under the
 * threshold), and a report whose total of borrowers or loans has such a
 * complement is refused, since its breakdowns add up to that total.  The
 * whole's figures are read for this alone: the whole report never
 * depends on which others are asked for. */
/* Loans are shared out among the members (a device is one member's), so
 * the whole's loans less every other member's are this member's: while
 * another member's count of loans is under the threshold, so hidden in
 * its report, the same count of each member's report is withheld and
 * guarded too (a month's loans, or the loans returned, open, overdue,
 * lost), and a member's report whose loans started would be shown beside
 * it is refused. */
/* Whether a member's own count J under the threshold could be worked out
 * as the whole's (W, shown) less what the other members' reports show of
 * it, each known exactly or known to lie in 1 to the threshold less one
 * (SUM_LO to SUM_HI in all): the report is refused, since nothing it
 * could hide would help. */
static int pinned_by_others(const lend__report *r, size_t j, double w,
                            double sum_lo, double sum_hi)
{
	double t = (double)r->threshold, lo, hi;

	if (r->f[j].value < 1 || r->f[j].value >= t || w < t)
		return 0;
	lo = w - sum_hi > 1 ? w - sum_hi : 1;
	hi = w - sum_lo < t - 1 ? w - sum_lo : t - 1;
	return lo >= hi;
}

static int given_away(lend__report *r, size_t i)
{
	char t[24];

	snprintf(t, sizeof(t), "%lld", (long long)r->threshold);
	return lend__fail(r->db, LEND_EDENIED, "report.given_away", "member",
	                  r->member, "threshold", t, "figure", r->f[i].name,
	                  NULL);
}

static int is_shared(const char *name)
{
	static const char *const shared[] = {
		"loans_started", "loans_returned", "loans_open_at_end",
		"items_overdue_at_end", "items_lost", "monthly_loans_started"
	};
	size_t k;

	for (k = 0; k < sizeof(shared) / sizeof(*shared); k++)
		if (strcmp(name, shared[k]) == 0)
			return 1;
	return 0;
}

/* Another member's report O beside R: its small counts withheld in R
 * too, and its share of each count added to SUM_LO and SUM_HI as a
 * reader would know it when R's own count is under the threshold (the
 * only case pinned_by_others() judges): then O's report, beside R,
 * withholds O's count of the threshold or more (or O is refused), so it
 * adds the threshold to SUM_LO and no bound to SUM_HI.  Taking it as
 * shown refused a third of the member reports of small consortia for
 * counts that were never given away. */
static int beside_other(lend__report *r, const lend__report *o,
                        double *sum_lo, double *sum_hi)
{
	double t = (double)r->threshold;
	size_t i;
	int rc = 0, j;

	for (i = 0; rc == 0 && i < o->n; i++) {
		double v = o->f[i].value;

		if (!is_shared(o->f[i].name) ||
		    (j = figure_key(r, o->f[i].name, o->f[i].key)) < 0)
			continue;
		sum_lo[j] += v >= t ? t : v >= 1 ? 1 : 0;
		sum_hi[j] += v >= t ? UNBOUNDED : v >= 1 ? t - 1 : 0;
		if (v >= 1 && v < t && r->f[j].value >= t)
			rc = withhold_guarded(r, (size_t)j);
	}
	return rc;
}

static int guard_shares(lend__report *r)
{
	static const char sql[] = "SELECT code FROM member WHERE code <> ?1";
	lend__report o = *r, w = *r;
	lend_rows *codes = NULL;
	double *sum_lo = NULL, *sum_hi = NULL;
	size_t i, m;
	int rc, k;

	if (!r->member || r->grant)
		return 0;
	w.member = NULL;
	w.f = NULL;
	w.n = w.cap = 0;
	w.groups = 0;
	if (!(sum_lo = calloc(r->n, sizeof(*sum_lo))) ||
	    !(sum_hi = calloc(r->n, sizeof(*sum_hi)))) {
		rc = lend__fail(r->db, LEND_ENOMEM, "report.no_memory", NULL);
		goto done;
	}
	if ((rc = lend__report_collect(&w)) ||
	    (rc = lend__query_rows(&codes, r->db, sql,
	                           LEND__ARGS(LEND__T(r->member)))))
		goto done;
	for (m = 0; rc == 0 && m < lend_rows_count(codes); m++) {
		o = *r;
		o.member = lend_rows_text(codes, m, 0);
		o.f = NULL;
		o.n = o.cap = 0;
		o.groups = 0;
		if ((rc = lend__report_collect(&o)) == 0)
			rc = beside_other(r, &o, sum_lo, sum_hi);
		free(o.f);
	}
	for (i = 0; rc == 0 && i < r->n; i++)
		if (is_shared(r->f[i].name) &&
		    (k = figure_key(&w, r->f[i].name, r->f[i].key)) >= 0 &&
		    pinned_by_others(r, i, w.f[k].value, sum_lo[i], sum_hi[i]))
			rc = given_away(r, i);
done:
	free(w.f);
	free(sum_lo);
	free(sum_hi);
	lend_rows_free(codes);
	return rc;
}

static int guard_complements(lend__report *r)
{
	lend__report w = *r;
	size_t i;
	int rc, k;

	if (!r->member && !r->grant)
		return 0;
	w.member = w.grant = NULL;
	w.f = NULL;
	w.n = w.cap = 0;
	w.groups = 0;
	rc = lend__report_collect(&w);
	for (i = 0; rc == 0 && i < r->n; i++) {
		double d;

		if (!r->f[i].people || r->f[i].value < (double)r->threshold ||
		    (k = figure_key(&w, r->f[i].name, r->f[i].key)) < 0)
			continue;
		d = w.f[k].value - r->f[i].value;
		if (d < 1 || d >= (double)r->threshold)
			continue;
		rc = withhold_guarded(r, i);
	}
	free(w.f);
	return rc;
}

int lend__report_guard(lend__report *r)
{
	int rc = guard_complements(r);

	return rc ? rc : guard_shares(r);
}
