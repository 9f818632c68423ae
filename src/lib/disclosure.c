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

#include <stdlib.h>

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
