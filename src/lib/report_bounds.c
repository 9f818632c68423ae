/*
 * What a reader of the funder reports can work out from them: integer
 * variables within bounds under linear constraints, bounds propagated
 * until they hold (lend__bounds_pinned).  Used to read a new report
 * beside the reports issued before it (report_history.c).  Propagation
 * alone, as for one report (disclosure.c): sound, and what a reader with
 * pencil and paper gets; the property test searches further.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct lend__bterm {
	int c;
	size_t v;
};

struct lend__blin {
	size_t first, n;
	int eq;
	int64_t k;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size, int *oom)
{
	void *q;

	if (*oom)
		return NULL;
	if (n < *cap)
		return p;
	if (!(q = realloc(p, (*cap ? *cap * 2 : 64) * size))) {
		*oom = 1;
		return NULL;
	}
	*cap = *cap ? *cap * 2 : 64;
	return q;
}

long lend__bounds_var(lend__bounds *s, int64_t lo, int64_t hi, int protect,
                      size_t cell)
{
	lend__bvar *v = grow(s->v, &s->capv, s->nv, sizeof(*v), &s->oom);

	if (!v)
		return -1;
	s->v = v;
	v[s->nv].lo = lo;
	v[s->nv].hi = hi;
	v[s->nv].protect = protect;
	v[s->nv].cell = v[s->nv].other = cell;
	return (long)s->nv++;
}

void lend__bounds_lin(lend__bounds *s, int eq, int64_t k)
{
	struct lend__blin *l = grow(s->l, &s->capl, s->nl, sizeof(*l), &s->oom);

	if (!l)
		return;
	s->l = l;
	l[s->nl].first = s->nt;
	l[s->nl].n = 0;
	l[s->nl].eq = eq;
	l[s->nl++].k = k;
}

void lend__bounds_term(lend__bounds *s, int c, long v)
{
	struct lend__bterm *t = grow(s->t, &s->capt, s->nt, sizeof(*t),
	                             &s->oom);

	if (!t || v < 0)
		return;
	s->t = t;
	t[s->nt].c = c;
	t[s->nt++].v = (size_t)v;
	s->l[s->nl - 1].n++;
}

void lend__bounds_at_most(lend__bounds *s, long x, long y)
{
	if (x < 0 || y < 0)
		return;
	lend__bounds_lin(s, 0, 0);
	lend__bounds_term(s, 1, x);
	lend__bounds_term(s, -1, y);
}

void lend__bounds_diff(lend__bounds *s, long d, long x, long y)
{
	if (x < 0 || y < 0)
		return;
	lend__bounds_lin(s, 1, 0);
	lend__bounds_term(s, 1, x);
	lend__bounds_term(s, -1, y);
	if (d >= 0)
		lend__bounds_term(s, -1, d);
}

/* Which constraints each variable is in: USE[AT[v]] to USE[AT[v + 1]]. */
typedef struct uses {
	size_t *at, *use;
	size_t *work;
	char *queued;
	/* While probing, each bound changed before it changed: undone
	 * after the probe. */
	int probing;
	size_t *tv, ntrail, captrail;
	int64_t *tlo, *thi;
} uses;

/* Keep V's bounds on the trail before they change; -1 when out of
 * memory. */
static int keep(uses *u, const lend__bounds *s, size_t v)
{
	if (!u->probing)
		return 0;
	if (u->ntrail == u->captrail) {
		size_t cap = u->captrail ? u->captrail * 2 : 256;
		size_t *tv = realloc(u->tv, cap * sizeof(*tv));
		int64_t *tlo = tv ? realloc(u->tlo, cap * sizeof(*tlo)) : NULL;
		int64_t *thi = tlo ? realloc(u->thi, cap * sizeof(*thi)) : NULL;

		if (tv)
			u->tv = tv;
		if (tlo)
			u->tlo = tlo;
		if (!thi)
			return -1;
		u->thi = thi;
		u->captrail = cap;
	}
	u->tv[u->ntrail] = v;
	u->tlo[u->ntrail] = s->v[v].lo;
	u->thi[u->ntrail++] = s->v[v].hi;
	return 0;
}

/* Undo every change since the probe began. */
static void undo(uses *u, lend__bounds *s)
{
	while (u->ntrail > 0) {
		u->ntrail--;
		s->v[u->tv[u->ntrail]].lo = u->tlo[u->ntrail];
		s->v[u->tv[u->ntrail]].hi = u->thi[u->ntrail];
	}
}

/* The least and the most the sum of L can be. */
static void sum_range(const lend__bounds *s, const struct lend__blin *l,
                      int64_t *lo, int64_t *hi)
{
	size_t j;

	*lo = *hi = 0;
	for (j = l->first; j < l->first + l->n; j++) {
		const lend__bvar *v = &s->v[s->t[j].v];

		*lo += s->t[j].c > 0 ? v->lo : -v->hi;
		*hi += s->t[j].c > 0 ? v->hi : -v->lo;
	}
}

/* Narrow each variable of L by the others: 1 when one narrowed, -1 when
 * L cannot hold. */
static int narrow(lend__bounds *s, uses *u, const struct lend__blin *l)
{
	int64_t lo, hi, nlo, nhi;
	size_t j;
	int changed = 0;

	sum_range(s, l, &lo, &hi);
	if (lo > l->k || (l->eq && hi < l->k))
		return -1;
	for (j = l->first; j < l->first + l->n; j++) {
		lend__bvar *v = &s->v[s->t[j].v];
		int up = s->t[j].c > 0;
		int64_t rlo = lo - (up ? v->lo : -v->hi);
		int64_t rhi = hi - (up ? v->hi : -v->lo);

		nlo = up ? (l->eq ? l->k - rhi : v->lo) : rlo - l->k;
		nhi = up ? l->k - rlo : (l->eq ? rhi - l->k : v->hi);
		nlo = nlo > v->lo ? nlo : v->lo;
		nhi = nhi < v->hi ? nhi : v->hi;
		if (nlo > nhi)
			return -1;
		if (nlo != v->lo || nhi != v->hi) {
			if (keep(u, s, s->t[j].v) < 0)
				return -1;
			v->lo = nlo;
			v->hi = nhi;
			changed = 1;
			sum_range(s, l, &lo, &hi);
		}
	}
	return changed;
}

static int uses_make(uses *u, const lend__bounds *s)
{
	size_t j, v;

	u->at = calloc(s->nv + 1, sizeof(*u->at));
	u->use = malloc((s->nt + 1) * sizeof(*u->use));
	u->work = malloc((s->nl + 1) * sizeof(*u->work));
	u->queued = calloc(s->nl + 1, 1);
	if (!u->at || !u->use || !u->work || !u->queued)
		return -1;
	for (j = 0; j < s->nt; j++)
		u->at[s->t[j].v + 1]++;
	for (v = 0; v < s->nv; v++)
		u->at[v + 1] += u->at[v];
	for (j = 0; j < s->nl; j++) {
		size_t k;

		for (k = s->l[j].first; k < s->l[j].first + s->l[j].n; k++)
			u->use[u->at[s->t[k].v]++] = j;
	}
	for (v = s->nv; v > 0; v--)
		u->at[v] = u->at[v - 1];
	u->at[0] = 0;
	return 0;
}

static void uses_free(uses *u)
{
	free(u->at);
	free(u->use);
	free(u->work);
	free(u->queued);
	free(u->tv);
	free(u->tlo);
	free(u->thi);
}

/* Propagate from the constraints of variable V (every constraint when V
 * is -1) until the bounds hold: 0, or -1 when they cannot.  A bound
 * creeping one by one round a cycle is stopped after a while: taken as
 * holding. */
static int settle(lend__bounds *s, uses *u, long v)
{
	size_t n = 0, j, head = 0, steps = 0;
	int rc = 0;

	if (v < 0)
		for (j = 0; j < s->nl; j++)
			u->work[n++] = j, u->queued[j] = 1;
	else
		for (j = u->at[v]; j < u->at[v + 1]; j++)
			if (!u->queued[u->use[j]])
				u->work[n++] = u->use[j], u->queued[u->use[j]] = 1;
	while (n > 0) {
		size_t l = u->work[head], k;

		head = (head + 1) % (s->nl + 1);
		n--;
		u->queued[l] = 0;
		if (++steps > 64 * (s->nl + 16))
			rc = 0;
		else if ((rc = narrow(s, u, &s->l[l])) < 0)
			break;
		for (k = s->l[l].first; rc > 0 && k < s->l[l].first + s->l[l].n;
		     k++) {
			size_t x = s->t[k].v, i;

			for (i = u->at[x]; i < u->at[x + 1]; i++)
				if (!u->queued[u->use[i]]) {
					u->queued[u->use[i]] = 1;
					u->work[(head + n++) % (s->nl + 1)] = u->use[i];
				}
		}
	}
	while (n > 0) { /* left by a failure: unqueue */
		u->queued[u->work[head]] = 0;
		head = (head + 1) % (s->nl + 1);
		n--;
	}
	return rc < 0 ? -1 : 0;
}

/* Whether variable V can take another value than the one it must: a
 * probe of each value of its bounds (up to a few), the bounds propagated
 * from it.  Pinned when exactly one value holds. */
static int pinned(lend__bounds *s, uses *u, size_t v)
{
	int64_t a, lo = s->v[v].lo, hi = s->v[v].hi;
	int held = 0;

	if (lo >= hi)
		return 1;
	if (hi - lo > 16)
		return 0;
	u->probing = 1;
	for (a = lo; a <= hi && held < 2; a++) {
		if (keep(u, s, v) < 0)
			break;
		s->v[v].lo = s->v[v].hi = a;
		held += settle(s, u, (long)v) == 0;
		undo(u, s);
	}
	u->probing = 0;
	return held < 2;
}

long lend__bounds_pinned(lend__bounds *s, size_t from)
{
	uses u;
	size_t i;
	long found = (long)s->nv;

	memset(&u, 0, sizeof(u));
	if (uses_make(&u, s) < 0)
		s->oom = 1, found = -1;
	else if (settle(s, &u, -1) < 0)
		found = -1;
	for (i = from; found == (long)s->nv && i < s->nv; i++)
		if (s->v[i].protect && pinned(s, &u, i))
			found = (long)i;
	uses_free(&u);
	return found;
}

void lend__bounds_clear(lend__bounds *s)
{
	s->nv = s->nt = s->nl = 0;
}

void lend__bounds_free(lend__bounds *s)
{
	free(s->v);
	free(s->t);
	free(s->l);
}
