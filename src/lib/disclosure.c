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
 * breakdown add up to its total, which other breakdowns share.  From
 * these the bounds of every hidden figure follow, a breakdown at a time
 * (a sum of whole-number ranges is a whole range, so the bounds are
 * exact); while some count under the threshold is pinned to one value,
 * the smallest shown count of its breakdown is withheld too, or its
 * total when none is left. */

#define UNBOUNDED 1e18

static void range(const lend__figure *f, int64_t t, double *lo, double *hi)
{
	if (f->suppressed == LEND__UNDER_THRESHOLD)
		*lo = 1, *hi = (double)t - 1;
	else if (f->suppressed == LEND__WITHHELD)
		*lo = (double)t, *hi = UNBOUNDED;
	else
		*lo = *hi = f->value;
}

/* The range of the total of the group starting at G: its own, narrowed by
 * the sums of every breakdown of it. */
static void total_range(const lend__figure *f, size_t n, size_t g,
                        int64_t t, double *lo, double *hi)
{
	size_t i;

	range(&f[f[g].total], t, lo, hi);
	for (i = 0; i < n; i++) {
		double slo = 0, shi = 0, a, b;
		size_t j;

		if (f[i].total != f[g].total || (i && f[i - 1].group == f[i].group))
			continue;
		for (j = i; j < n && f[j].group == f[i].group; j++) {
			range(&f[j], t, &a, &b);
			slo += a;
			shi = b >= UNBOUNDED || shi >= UNBOUNDED ? UNBOUNDED : shi + b;
		}
		*lo = slo > *lo ? slo : *lo;
		*hi = shi < *hi ? shi : *hi;
	}
}

/* Is some count under the threshold in the group G to E pinned? */
static int pinned(const lend__figure *f, size_t n, size_t g, size_t e,
                  int64_t t)
{
	double tlo, thi, slo = 0, shi = 0, a, b;
	size_t j;

	total_range(f, n, g, t, &tlo, &thi);
	if (f[f[g].total].suppressed == LEND__UNDER_THRESHOLD && tlo >= thi)
		return 1;
	for (j = g; j < e; j++) {
		range(&f[j], t, &a, &b);
		slo += a;
		shi = b >= UNBOUNDED || shi >= UNBOUNDED ? UNBOUNDED : shi + b;
	}
	for (j = g; j < e; j++) {
		double olo, ohi, lo, hi;

		if (f[j].suppressed != LEND__UNDER_THRESHOLD)
			continue;
		range(&f[j], t, &a, &b);
		olo = slo - a;
		ohi = shi >= UNBOUNDED ? UNBOUNDED : shi - b;
		lo = tlo - ohi > 1 ? tlo - ohi : 1;
		hi = thi - olo < (double)t - 1 ? thi - olo : (double)t - 1;
		if (lo >= hi)
			return 1;
	}
	return 0;
}

/* Withhold one more figure of the group G to E: its smallest shown count
 * above 0, else its total.  0 when nothing is left to withhold. */
static int withhold(lend__figure *f, size_t g, size_t e)
{
	size_t j, best = (size_t)-1;

	for (j = g; j < e; j++)
		if (!f[j].suppressed && f[j].value > 0 &&
		    (best == (size_t)-1 || f[j].value < f[best].value))
			best = j;
	if (best == (size_t)-1 && !f[f[g].total].suppressed &&
	    f[f[g].total].value > 0)
		best = (size_t)f[g].total;
	if (best == (size_t)-1)
		return 0;
	f[best].suppressed = LEND__WITHHELD;
	return 1;
}

/* Withhold a cell of another breakdown of the total of the group at G:
 * when the total is withheld, one shown in full would still give it. */
static int withhold_beside(lend__figure *f, size_t n, size_t g)
{
	size_t i, e;

	for (i = 0; i < n; i = e) {
		for (e = i + 1; f[i].group && e < n && f[e].group == f[i].group;
		     e++)
			;
		if (f[i].group && f[i].group != f[g].group &&
		    f[i].total == f[g].total && withhold(f, i, e))
			return 1;
	}
	return 0;
}

void lend__suppress(lend__figure *f, size_t n, int64_t threshold)
{
	size_t i, e;
	int changed = 1;

	for (i = 0; i < n; i++)
		if (f[i].people && f[i].value >= 1 &&
		    f[i].value < (double)threshold)
			f[i].suppressed = LEND__UNDER_THRESHOLD;
	while (changed) {
		changed = 0;
		for (i = 0; i < n; i = e) {
			for (e = i + 1; f[i].group && e < n &&
			     f[e].group == f[i].group; e++)
				;
			if (f[i].group && f[i].total >= 0 &&
			    pinned(f, n, i, e, threshold) &&
			    (withhold(f, i, e) || withhold_beside(f, n, i)))
				changed = 1;
		}
	}
}

