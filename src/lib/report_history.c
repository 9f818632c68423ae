/*
 * The funder reports lend has issued (report_issue, report_issue_cell;
 * migration 014), and a new report read beside them: disclosure control
 * across reports of different or overlapping periods (issue 12).
 *
 * A reader who holds two reports of the same member and grant over
 * periods that overlap can take one from the other.  A month both periods
 * cover whole is the same cell in both; where one period holds the other,
 * a count of the longer less the same count of the shorter counts the
 * people or loans of the difference alone, and such differences add up as
 * the counts do.  No fixed grid of periods stops this (a half year less
 * its first quarter is its second quarter), and funders ask for quarters
 * and for years.  So, as a statistical office audits a new table against
 * the tables it has released, lend keeps each report's period and counts,
 * shown or not (aggregates only), and reads a new report beside the
 * earlier ones of its member and grant whose periods overlap its own:
 * each report's sums, those relations, and what each report shows or
 * hides, bounds propagated until they hold.  While that pins a count
 * under the threshold to one value (a report's, or a difference between
 * two), the new report withholds one more cell of that breakdown, the
 * smallest it shows, and leaves the breakdown out when none is left; when
 * the count is a total, which other figures bound and so is taken as
 * known, the new report is refused, naming the earlier one.  The earlier
 * report was issued first, so the later one gives way.  Reports of other
 * members and grants over the same period are guarded apart
 * (disclosure.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define BIG ((int64_t)1 << 40)

/* A count as a reader holds it, of the new report (view 0) or of an
 * earlier one. */
typedef struct hcell {
	char name[32], key[48];
	int64_t value;
	int hidden, guard;
	size_t view;
	size_t fig; /* the new report's: its index among r->f */
	long var;   /* its variable; -1 when left out */
} hcell;

typedef struct hview {
	char from[11], to[11];
	size_t first, n; /* its cells */
} hview;

/* Linear constraints, sum(c * x) = K or <= K, over integer intervals. */
typedef struct hterm {
	int c;
	size_t v;
} hterm;

typedef struct hlin {
	size_t first, n;
	int eq;
	int64_t k;
} hlin;

typedef struct hvar {
	int64_t lo, hi;
	int protect; /* a count under the threshold: never one value */
	size_t cell;  /* the cell it is, or of a difference, the newer */
	size_t other; /* of a difference, the older; else CELL */
} hvar;

typedef struct hsys {
	hvar *v;
	hterm *t;
	hlin *l;
	size_t nv, nt, nl, capv, capt, capl;
	int oom;
} hsys;

typedef struct history {
	lend__report *r;
	hcell *c;
	hview *w;
	size_t nc, nw, capc;
	hsys s;
} history;

/* ---- How counts relate, by name (report.c makes them) -------------- */

/* The cells of a breakdown add up to its total (EQ), or to at least it. */
static const struct {
	const char *cells, *total;
	int eq;
} sums[] = {
	{ "reach_postcode_district", "unique_borrowers", 1 },
	{ "reach_referring_member", "unique_borrowers", 1 },
	{ "reach_language", "unique_borrowers", 1 },
	{ "monthly_loans_started", "loans_started", 1 },
	{ "monthly_unique_borrowers", "unique_borrowers", 0 },
	{ "outcome", "outcome_borrowers", 0 },
};

/* A total, taken as known even when hidden: other figures bound it. */
static int is_total_name(const char *name)
{
	return strcmp(name, "unique_borrowers") == 0 ||
	       strcmp(name, "loans_started") == 0 ||
	       strcmp(name, "outcome_borrowers") == 0;
}

static int is_breakdown(const char *name)
{
	size_t k;

	for (k = 0; k < LEND__NELEM(sums); k++)
		if (strcmp(name, sums[k].cells) == 0)
			return 1;
	return 0;
}

/* ---- The system ----------------------------------------------------- */

static void *grow(void *p, size_t *cap, size_t n, size_t size, int *oom)
{
	void *q;

	if (n < *cap)
		return p;
	if (!(q = realloc(p, (*cap ? *cap * 2 : 64) * size))) {
		*oom = 1;
		return NULL;
	}
	*cap = *cap ? *cap * 2 : 64;
	return q;
}

static long var_new(hsys *s, int64_t lo, int64_t hi, int protect,
                    size_t cell)
{
	hvar *v = grow(s->v, &s->capv, s->nv, sizeof(*v), &s->oom);

	if (!v)
		return -1;
	s->v = v;
	v[s->nv].lo = lo;
	v[s->nv].hi = hi;
	v[s->nv].protect = protect;
	v[s->nv].cell = v[s->nv].other = cell;
	return (long)s->nv++;
}

static void term(hsys *s, int c, long v)
{
	hterm *t = grow(s->t, &s->capt, s->nt, sizeof(*t), &s->oom);

	if (!t)
		return;
	s->t = t;
	t[s->nt].c = c;
	t[s->nt++].v = (size_t)v;
	s->l[s->nl - 1].n++;
}

static void lin(hsys *s, int eq, int64_t k)
{
	hlin *l = grow(s->l, &s->capl, s->nl, sizeof(*l), &s->oom);

	if (!l)
		return;
	s->l = l;
	l[s->nl].first = s->nt;
	l[s->nl].n = 0;
	l[s->nl].eq = eq;
	l[s->nl++].k = k;
}

/* X <= Y, both variables. */
static void at_most(hsys *s, long x, long y)
{
	if (x < 0 || y < 0 || s->oom)
		return;
	lin(s, 0, 0);
	if (!s->oom) {
		term(s, 1, x);
		term(s, -1, y);
	}
}

static void bounds(const hsys *s, const hlin *l, int64_t *lo, int64_t *hi)
{
	size_t j;

	*lo = *hi = 0;
	for (j = l->first; j < l->first + l->n; j++) {
		const hvar *v = &s->v[s->t[j].v];

		*lo += s->t[j].c > 0 ? v->lo : -v->hi;
		*hi += s->t[j].c > 0 ? v->hi : -v->lo;
	}
}

/* Narrow each variable of L by the others; 1 if one narrowed, -1 when
 * L cannot hold. */
static int narrow_lin(hsys *s, const hlin *l)
{
	int64_t lo, hi, nlo, nhi;
	size_t j;
	int changed = 0;

	bounds(s, l, &lo, &hi);
	if (lo > l->k || (l->eq && hi < l->k))
		return -1;
	for (j = l->first; j < l->first + l->n; j++) {
		hvar *v = &s->v[s->t[j].v];
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
			v->lo = nlo;
			v->hi = nhi;
			changed = 1;
			bounds(s, l, &lo, &hi);
		}
	}
	return changed;
}

/* Propagate every bound until they hold: the first protected variable
 * pinned to one value, S->nv when none, or -1 when the constraints
 * cannot hold (taken as pinned: refused). */
static long first_pinned(hsys *s)
{
	size_t i, round;
	int changed = 1, rc;

	for (round = 0; changed && round < 256; round++) {
		changed = 0;
		for (i = 0; i < s->nl; i++) {
			if ((rc = narrow_lin(s, &s->l[i])) < 0)
				return -1;
			changed |= rc;
		}
	}
	for (i = 0; i < s->nv; i++)
		if (s->v[i].protect && s->v[i].lo >= s->v[i].hi)
			return (long)i;
	return (long)s->nv;
}

/* ---- The counts of the reports -------------------------------------- */

static hcell *cell_new(history *h, size_t view)
{
	hcell *c = grow(h->c, &h->capc, h->nc, sizeof(*c), &h->s.oom);

	if (!c)
		return NULL;
	h->c = c;
	c = &h->c[h->nc++];
	memset(c, 0, sizeof(*c));
	c->view = view;
	c->var = -1;
	return c;
}

/* The cell NAME, KEY of view V, or NULL. */
static hcell *find(history *h, size_t v, const char *name, const char *key)
{
	size_t i;

	for (i = h->w[v].first; i < h->w[v].first + h->w[v].n; i++)
		if (strcmp(h->c[i].name, name) == 0 &&
		    (!key || strcmp(h->c[i].key, key) == 0))
			return &h->c[i];
	return NULL;
}

/* View 0: the new report's counts. */
static int add_new(history *h)
{
	lend__report *r = h->r;
	hcell *c;
	size_t i;

	h->w[0].first = h->nc;
	snprintf(h->w[0].from, sizeof(h->w[0].from), "%s", r->from);
	snprintf(h->w[0].to, sizeof(h->w[0].to), "%s", r->to);
	for (i = 0; i < r->n; i++) {
		if (!r->f[i].people || r->f[i].real)
			continue;
		if (!(c = cell_new(h, 0)))
			return lend__fail(r->db, LEND_ENOMEM, "report.no_memory",
			                  NULL);
		snprintf(c->name, sizeof(c->name), "%s", r->f[i].name);
		snprintf(c->key, sizeof(c->key), "%s", r->f[i].key);
		c->value = (int64_t)(r->f[i].value + 0.5);
		c->fig = i;
	}
	h->w[0].n = h->nc - h->w[0].first;
	return 0;
}

/* The earlier reports of the same member and grant whose periods
 * overlap the new one's, newest first; of several over one period, the
 * newest, which was read beside the others when it was issued. */
static int load(history *h)
{
	static const char sql[] =
		"SELECT i.from_on, i.to_on, c.figure, c.cell, c.value, c.hidden, "
		"c.guard FROM report_issue i "
		"JOIN report_issue_cell c ON c.issue_id = i.id "
		"WHERE i.id IN (SELECT max(id) FROM report_issue "
		" WHERE ((?3 IS NULL AND member_id IS NULL) OR member_id = "
		"  (SELECT id FROM member WHERE code = ?3)) "
		" AND ((?4 IS NULL AND grant_id IS NULL) OR grant_id = "
		"  (SELECT id FROM funding_grant WHERE code = ?4)) "
		" AND from_on <= ?2 AND to_on >= ?1 GROUP BY from_on, to_on) "
		"ORDER BY i.id DESC, c.figure, c.cell";
	lend__report *r = h->r;
	lend_rows *rows = NULL;
	size_t i, nw = 1;
	hcell *c;
	int rc = lend__query_rows(&rows, r->db, sql, LEND__ARGS(
		LEND__T(r->from), LEND__T(r->to), LEND__T(r->member),
		LEND__T(r->grant)));

	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++)
		nw += i == 0 || strcmp(lend_rows_text(rows, i, 0),
		                       lend_rows_text(rows, i - 1, 0)) ||
		      strcmp(lend_rows_text(rows, i, 1),
		             lend_rows_text(rows, i - 1, 1));
	if (rc == 0 && !(h->w = calloc(nw, sizeof(*h->w))))
		rc = lend__fail(r->db, LEND_ENOMEM, "report.no_memory", NULL);
	if (rc == 0 && (rc = add_new(h)) == 0)
		h->nw = 1;
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++) {
		hview *w = &h->w[h->nw - 1];

		if (h->nw == 1 || strcmp(w->from, lend_rows_text(rows, i, 0)) ||
		    strcmp(w->to, lend_rows_text(rows, i, 1))) {
			w = &h->w[h->nw++];
			snprintf(w->from, sizeof(w->from), "%s",
			         lend_rows_text(rows, i, 0));
			snprintf(w->to, sizeof(w->to), "%s",
			         lend_rows_text(rows, i, 1));
			w->first = h->nc;
		}
		if (!(c = cell_new(h, h->nw - 1))) {
			rc = lend__fail(r->db, LEND_ENOMEM, "report.no_memory", NULL);
			break;
		}
		snprintf(c->name, sizeof(c->name), "%s", lend_rows_text(rows, i, 2));
		snprintf(c->key, sizeof(c->key), "%s", lend_rows_text(rows, i, 3));
		c->value = strtoll(lend_rows_text(rows, i, 4), NULL, 10);
		c->hidden = atoi(lend_rows_text(rows, i, 5));
		c->guard = atoi(lend_rows_text(rows, i, 6));
		w->n++;
	}
	lend_rows_free(rows);
	return rc;
}

/* ---- What a reader holding them all knows --------------------------- */

/* Each count's variable: a shown count is known, a count under the
 * threshold is 1 to the threshold less one, a withheld one at least the
 * threshold; a total is known even when hidden (by_sum() does so). */
static void cell_vars(history *h)
{
	int64_t t = h->r->threshold;
	size_t i;

	for (i = 0; i < h->nc; i++) {
		hcell *c = &h->c[i];
		int64_t lo = c->value, hi = c->value;

		if (c->view == 0) {
			c->hidden = h->r->f[c->fig].suppressed;
			c->guard = h->r->f[c->fig].guard;
		}
		c->var = -1;
		if (c->hidden == LEND__LEFT_OUT)
			continue;
		if (!is_total_name(c->name) && c->hidden == LEND__UNDER_THRESHOLD)
			lo = 1, hi = t - 1;
		else if (!is_total_name(c->name) && c->hidden == LEND__WITHHELD)
			lo = c->value < t ? 1 : t, hi = BIG;
		c->var = var_new(&h->s, lo, hi, !is_total_name(c->name) &&
		                 (c->hidden == LEND__UNDER_THRESHOLD || c->guard),
		                 i);
	}
}

/* A report's own sums: a breakdown's cells add up to its total (or to at
 * least it); a month's borrowers are at most its loans and the period's;
 * the new borrowers at most all. */
static void within(history *h, size_t v)
{
	hsys *s = &h->s;
	const hview *w = &h->w[v];
	hcell *u = find(h, v, "unique_borrowers", ""), *tot, *o;
	size_t k, i;

	for (k = 0; k < LEND__NELEM(sums); k++) {
		int out = 0, n = 0;

		if (!(tot = find(h, v, sums[k].total, "")) || tot->var < 0)
			continue;
		for (i = w->first; i < w->first + w->n; i++)
			if (strcmp(h->c[i].name, sums[k].cells) == 0)
				n++, out |= h->c[i].var < 0;
		if (out || (!n && !sums[k].eq))
			continue;
		lin(s, sums[k].eq, 0);
		for (i = w->first; !s->oom && i < w->first + w->n; i++)
			if (strcmp(h->c[i].name, sums[k].cells) == 0)
				term(s, sums[k].eq ? 1 : -1, h->c[i].var);
		if (!s->oom)
			term(s, sums[k].eq ? -1 : 1, tot->var);
	}
	if ((o = find(h, v, "new_borrowers", "")) && u)
		at_most(s, o->var, u->var);
	for (i = w->first; i < w->first + w->n; i++)
		if (strcmp(h->c[i].name, "monthly_unique_borrowers") == 0) {
			o = find(h, v, "monthly_loans_started", h->c[i].key);
			if (o)
				at_most(s, h->c[i].var, o->var);
			if (u)
				at_most(s, h->c[i].var, u->var);
		}
}

/* Whether the month KEY (YYYY-MM) lies wholly in the period of W. */
static int whole_month(const hview *w, const char *key)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	                            30, 31 };
	int y = atoi(key), m = atoi(key + 5);
	int last = m >= 1 && m <= 12 ? days[m - 1] : 31;
	char first[11], end[11];

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		last = 29;
	snprintf(first, sizeof(first), "%.7s-01", key);
	snprintf(end, sizeof(end), "%.7s-%02d", key, last);
	return strcmp(w->from, first) <= 0 && strcmp(w->to, end) >= 0;
}

enum { UNRELATED, SAME, NESTED };

/* How the count NAME, KEY of two reports relate: the same cell (SAME),
 * the one over the longer period at least the other's (NESTED), or
 * neither.  Counts at the end of the period are the same for the same
 * last day; the new borrowers grow with a period from the same day. */
static int relation(const hview *a, const hview *b, const char *name,
                    const char *key)
{
	if (strcmp(a->from, b->from) == 0 && strcmp(a->to, b->to) == 0)
		return SAME;
	if (strncmp(name, "monthly_", 8) == 0)
		return whole_month(a, key) && whole_month(b, key) ? SAME : NESTED;
	if (strcmp(name, "loans_open_at_end") == 0 ||
	    strcmp(name, "items_overdue_at_end") == 0)
		return strcmp(a->to, b->to) == 0 ? SAME : UNRELATED;
	if (strcmp(name, "new_borrowers") == 0 && strcmp(a->from, b->from))
		return UNRELATED;
	return NESTED;
}

/* The difference D = X - Y of two counts, a variable of its own: a count
 * of people or loans when X's period holds Y's (at least 0), protected
 * while it is 1 to the threshold less one. */
static void difference(history *h, const hcell *x, const hcell *y,
                       int nested)
{
	int64_t d = x->value - y->value, t = h->r->threshold;
	int64_t ad = d < 0 ? -d : d;
	long v;

	if (nested && d < 0)
		nested = 0; /* the counts changed since: the change is guarded */
	v = var_new(&h->s, nested ? 0 : -BIG, BIG, ad >= 1 && ad < t,
	            (size_t)(x->view < y->view ? x - h->c : y - h->c));
	if (v < 0)
		return;
	h->s.v[v].other = (size_t)(x->view < y->view ? y - h->c : x - h->c);
	lin(&h->s, 1, 0);
	if (h->s.oom)
		return;
	term(&h->s, 1, v);
	term(&h->s, -1, x->var);
	term(&h->s, 1, y->var);
}

static int holds(const hview *a, const hview *b)
{
	return strcmp(a->from, b->from) <= 0 && strcmp(a->to, b->to) >= 0;
}

/* The relations between the counts of views A and B. */
static void between(history *h, size_t a, size_t b)
{
	const hview *wa = &h->w[a], *wb = &h->w[b];
	size_t i;

	for (i = wa->first; !h->s.oom && i < wa->first + wa->n; i++) {
		hcell *x = &h->c[i], *y = find(h, b, x->name, x->key);
		int rel;

		if (!y || x->var < 0 || y->var < 0)
			continue;
		rel = relation(wa, wb, x->name, x->key);
		if (rel == SAME && x->value == y->value) {
			lin(&h->s, 1, 0);
			if (!h->s.oom) {
				term(&h->s, 1, x->var);
				term(&h->s, -1, y->var);
			}
		} else if (rel == SAME) {
			difference(h, x, y, 0);
		} else if (rel == NESTED && holds(wa, wb)) {
			difference(h, x, y, 1);
		} else if (rel == NESTED && holds(wb, wa)) {
			difference(h, y, x, 1);
		}
	}
}

static int build(history *h)
{
	size_t a, b;

	h->s.nv = h->s.nt = h->s.nl = 0;
	cell_vars(h);
	for (a = 0; a < h->nw; a++)
		within(h, a);
	for (a = 0; a < h->nw; a++)
		for (b = a + 1; b < h->nw; b++)
			between(h, a, b);
	return h->s.oom ? lend__fail(h->r->db, LEND_ENOMEM, "report.no_memory",
	                             NULL) : 0;
}

/* ---- Hiding more, or refusing --------------------------------------- */

static void withhold_fig(lend__report *r, size_t i)
{
	r->f[i].suppressed = LEND__WITHHELD;
}

/* Hide one more count of the new report so that the count of cell C is
 * not pinned: the same count when shown, else the smallest shown cell of
 * its breakdown, else the breakdown left out.  0 when nothing is left to
 * hide (or C is a total, taken as known). */
static int hide_more(history *h, const hcell *c)
{
	lend__report *r = h->r;
	const hcell *n = c->view == 0 ? c : find(h, 0, c->name, c->key);
	size_t i, best = (size_t)-1;
	int left = 0;

	if (is_total_name(c->name))
		return 0;
	if (n && !r->f[n->fig].suppressed && n->value > 0) {
		withhold_fig(r, n->fig);
		return 1;
	}
	if (!is_breakdown(c->name))
		return 0;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, c->name) == 0 && !r->f[i].suppressed &&
		    r->f[i].value > 0 &&
		    (best == (size_t)-1 || r->f[i].value < r->f[best].value))
			best = i;
	if (best != (size_t)-1) {
		withhold_fig(r, best);
		return 1;
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, c->name) == 0 &&
		    r->f[i].suppressed != LEND__LEFT_OUT) {
			r->f[i].suppressed = LEND__LEFT_OUT;
			left = 1;
		}
	return left;
}

/* Refuse the new report, naming the earlier one of variable P (the
 * newest when the reports cannot all hold). */
static int refuse(history *h, long p)
{
	const hview *w = &h->w[h->nw > 1 ? 1 : 0];
	const char *figure = "?";
	char t[24];

	if (p >= 0) {
		const hcell *c = &h->c[h->s.v[p].cell];
		const hcell *o = &h->c[h->s.v[p].other];

		w = &h->w[c->view ? c->view : o->view ? o->view : 1];
		figure = c->name;
	}
	snprintf(t, sizeof(t), "%lld", (long long)h->r->threshold);
	return lend__fail(h->r->db, LEND_EDENIED, "report.beside_earlier",
	                  "from", w->from, "to", w->to, "threshold", t,
	                  "figure", figure, NULL);
}

/* Record the new report and its counts as shown. */
static int record(lend__report *r, const char *format)
{
	static const char issue[] =
		"INSERT INTO report_issue (from_on, to_on, member_id, grant_id, "
		"format, issued_at) VALUES (?1, ?2, "
		"(SELECT id FROM member WHERE code = ?3), "
		"(SELECT id FROM funding_grant WHERE code = ?4), ?5, ?6)";
	static const char cell[] =
		"INSERT INTO report_issue_cell (issue_id, figure, cell, value, "
		"hidden, guard) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	char now[LEND__TIME_LEN];
	int64_t id;
	size_t i;
	int rc;

	lend__now(now);
	rc = lend__insert(&id, r->db, issue, LEND__ARGS(LEND__T(r->from),
	                  LEND__T(r->to), LEND__T(r->member), LEND__T(r->grant),
	                  LEND__T(format), LEND__T(now)));
	for (i = 0; rc == 0 && i < r->n; i++)
		if (r->f[i].people && !r->f[i].real)
			rc = lend__exec(r->db, cell, LEND__ARGS(LEND__I(id),
			                LEND__T(r->f[i].name), LEND__T(r->f[i].key),
			                LEND__I((int64_t)(r->f[i].value + 0.5)),
			                LEND__I(r->f[i].suppressed),
			                LEND__I(r->f[i].guard)));
	return rc;
}

int lend__report_history(lend__report *r, const char *format)
{
	history h;
	long p;
	int rc;

	memset(&h, 0, sizeof(h));
	h.r = r;
	rc = load(&h);
	/* Each round hides one more count or leaves a breakdown out, so
	 * this ends. */
	while (rc == 0 && h.nw > 1 && (rc = build(&h)) == 0 &&
	       (p = first_pinned(&h.s)) != (long)h.s.nv)
		if (p < 0 || !hide_more(&h, &h.c[h.s.v[p].cell]))
			rc = refuse(&h, p);
	if (rc == 0)
		rc = record(r, format);
	free(h.c);
	free(h.w);
	free(h.s.v);
	free(h.s.t);
	free(h.s.l);
	return rc;
}
