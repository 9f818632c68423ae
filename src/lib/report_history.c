/*
 * The funder reports lend has issued (report_issue, report_issue_cell;
 * migration 014), and a new report read beside them: disclosure control
 * across reports of different or overlapping periods (issue 12).
 *
 * A reader who holds two reports of the same member and grant over
 * periods that overlap can take one from the other.  A month both periods
 * cover whole is the same cell in both; where one period holds the other,
 * a count of the longer less the same count of the shorter counts the
 * people or loans of the difference alone.  No fixed grid of periods
 * stops this (a half year less its first quarter is its second quarter),
 * and funders ask for quarters and for years.  So, as a statistical office
 * audits a new table against the tables it has released, lend keeps each
 * report's period and counts, shown or not (aggregates only), and reads a
 * new report beside the earlier ones whose periods overlap its own: each
 * report's sums (a withheld total taken as known, as in disclosure.c), the
 * relations above between reports of one member and grant, and between
 * reports of one period a member's or grant's counts at most the whole
 * consortium's and the members' loans adding up to it; bounds propagated
 * until they hold (report_bounds.c).  While that pins to one value a
 * count under the threshold, of any of the reports, or a difference of 1
 * to the threshold less one between two of them, the new report withholds
 * one more cell (the same count, else the smallest it shows of that
 * breakdown), leaves the breakdown out when none is left, and is refused,
 * naming the earlier report, when the count is a total or nothing is left
 * to hide.  The earlier report was issued first; the later one gives way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* A count as a reader holds it, of the new report (view 0) or of an
 * earlier one. */
typedef struct hcell {
	char name[32], key[48];
	int64_t value;
	int hidden, guard;
	size_t view;
	size_t fig; /* of the new report: its index among r->f */
	long var;   /* its variable; -1 when left out */
} hcell;

/* A report: its period, member and grant ("" for all), its cells. */
typedef struct hview {
	char from[11], to[11], member[24], grant[40];
	int64_t t; /* its threshold */
	size_t first, n;
} hview;

typedef struct history {
	lend__report *r;
	hcell *c;
	hview *w;
	size_t nc, nw, capc;
	lend_rows *members; /* every member's code */
	lend__bounds s;
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

/* Loans are shared out among the members: a device is one member's. */
static int is_partitioned(const char *name)
{
	return strcmp(name, "loans_started") == 0 ||
	       strcmp(name, "monthly_loans_started") == 0 ||
	       strcmp(name, "loans_returned") == 0 ||
	       strcmp(name, "loans_open_at_end") == 0 ||
	       strcmp(name, "items_overdue_at_end") == 0 ||
	       strcmp(name, "items_lost") == 0;
}

/* ---- The reports ---------------------------------------------------- */

static int no_memory(history *h)
{
	return lend__fail(h->r->db, LEND_ENOMEM, "report.no_memory", NULL);
}

static hcell *cell_new(history *h, size_t view)
{
	hcell *c = h->c;

	if (h->nc == h->capc) {
		h->capc = h->capc ? h->capc * 2 : 256;
		if (!(c = realloc(h->c, h->capc * sizeof(*c))))
			return NULL;
		h->c = c;
	}
	c = &h->c[h->nc++];
	memset(c, 0, sizeof(*c));
	c->view = view;
	c->var = -1;
	return c;
}

static int by_name(const void *a, const void *b)
{
	const hcell *x = a, *y = b;
	int d = strcmp(x->name, y->name);

	return d ? d : strcmp(x->key, y->key);
}

/* The cell NAME, KEY of view V, or NULL. */
static hcell *find(history *h, size_t v, const char *name, const char *key)
{
	hcell k;

	snprintf(k.name, sizeof(k.name), "%s", name);
	snprintf(k.key, sizeof(k.key), "%s", key);
	return bsearch(&k, h->c + h->w[v].first, h->w[v].n, sizeof(k),
	               by_name);
}

static hview *view_new(history *h, const char *from, const char *to,
                       const char *member, const char *grant)
{
	hview *w = &h->w[h->nw++];

	snprintf(w->from, sizeof(w->from), "%s", from);
	snprintf(w->to, sizeof(w->to), "%s", to);
	snprintf(w->member, sizeof(w->member), "%s", member ? member : "");
	snprintf(w->grant, sizeof(w->grant), "%s", grant ? grant : "");
	w->first = h->nc;
	return w;
}

/* View 0: the new report's counts. */
static int add_new(history *h)
{
	lend__report *r = h->r;
	hview *w = view_new(h, r->from, r->to, r->member, r->grant);
	hcell *c;
	size_t i;

	w->t = r->threshold;
	for (i = 0; i < r->n; i++) {
		if (!r->f[i].people || r->f[i].real)
			continue;
		if (!(c = cell_new(h, 0)))
			return no_memory(h);
		snprintf(c->name, sizeof(c->name), "%s", r->f[i].name);
		snprintf(c->key, sizeof(c->key), "%s", r->f[i].key);
		c->value = (int64_t)(r->f[i].value + 0.5);
		c->fig = i;
		w->n++;
	}
	qsort(h->c + w->first, w->n, sizeof(*h->c), by_name);
	return 0;
}

/* One row of an earlier report's counts, in a view of its own when it
 * is the first of its report. */
static int add_row(history *h, const lend_rows *rows, size_t i)
{
	hview *w = &h->w[h->nw - 1];
	hcell *c;

	if (h->nw == 1 || i == 0 || strcmp(lend_rows_text(rows, i, 0),
	                                   lend_rows_text(rows, i - 1, 0))) {
		if (h->nw > 1)
			qsort(h->c + w->first, w->n, sizeof(*h->c), by_name);
		w = view_new(h, lend_rows_text(rows, i, 1),
		             lend_rows_text(rows, i, 2), lend_rows_text(rows, i, 3),
		             lend_rows_text(rows, i, 4));
		w->t = strtoll(lend_rows_text(rows, i, 10), NULL, 10);
	}
	if (!(c = cell_new(h, h->nw - 1)))
		return no_memory(h);
	snprintf(c->name, sizeof(c->name), "%s", lend_rows_text(rows, i, 5));
	snprintf(c->key, sizeof(c->key), "%s", lend_rows_text(rows, i, 6));
	c->value = strtoll(lend_rows_text(rows, i, 7), NULL, 10);
	c->hidden = atoi(lend_rows_text(rows, i, 8));
	c->guard = atoi(lend_rows_text(rows, i, 9));
	w->n++;
	return 0;
}

/* The earlier reports whose periods overlap the new one's, newest first;
 * of several of one member, grant and period, the newest, which was read
 * beside the others when it was issued. */
static int load(history *h)
{
	static const char sql[] =
		"SELECT i.id, i.from_on, i.to_on, coalesce(m.code, ''), "
		"coalesce(g.code, ''), c.figure, c.cell, c.value, c.hidden, "
		"c.guard, i.threshold FROM report_issue i "
		"LEFT JOIN member m ON m.id = i.member_id "
		"LEFT JOIN funding_grant g ON g.id = i.grant_id "
		"JOIN report_issue_cell c ON c.issue_id = i.id "
		"WHERE i.id IN (SELECT max(id) FROM report_issue "
		" WHERE from_on <= ?2 AND to_on >= ?1 "
		" GROUP BY member_id, grant_id, from_on, to_on) "
		"ORDER BY i.id DESC";
	static const char codes[] = "SELECT code FROM member ORDER BY code";
	lend__report *r = h->r;
	lend_rows *rows = NULL;
	size_t i, nw = 1;
	int rc = lend__query_rows(&rows, r->db, sql, LEND__ARGS(
		LEND__T(r->from), LEND__T(r->to)));

	if (rc == 0)
		rc = lend__query_rows(&h->members, r->db, codes, LEND__NO_ARGS);
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++)
		nw += i == 0 || strcmp(lend_rows_text(rows, i, 0),
		                       lend_rows_text(rows, i - 1, 0));
	if (rc == 0 && !(h->w = calloc(nw, sizeof(*h->w))))
		rc = no_memory(h);
	if (rc == 0)
		rc = add_new(h);
	for (i = 0; rc == 0 && i < lend_rows_count(rows); i++)
		rc = add_row(h, rows, i);
	if (rc == 0 && h->nw > 1)
		qsort(h->c + h->w[h->nw - 1].first, h->w[h->nw - 1].n,
		      sizeof(*h->c), by_name);
	lend_rows_free(rows);
	return rc;
}

/* ---- What a reader holding them all knows --------------------------- */

/* Each count's variable: a shown count is known, a count under the
 * threshold is 1 to the threshold less one, a withheld one at least the
 * threshold, but a withheld total is taken as known (disclosure.c). */
static void cell_vars(history *h)
{
	size_t i;

	for (i = 0; i < h->nc; i++) {
		hcell *c = &h->c[i];
		int64_t lo = c->value, hi = c->value, t = h->w[c->view].t;

		if (c->view == 0) {
			c->hidden = h->r->f[c->fig].suppressed;
			c->guard = h->r->f[c->fig].guard;
		}
		c->var = -1;
		if (c->hidden == LEND__LEFT_OUT)
			continue;
		if (c->hidden == LEND__UNDER_THRESHOLD)
			lo = 1, hi = t - 1;
		else if (c->hidden == LEND__WITHHELD && !is_total_name(c->name))
			lo = c->value < t ? 1 : t, hi = LEND__BIG;
		c->var = lend__bounds_var(&h->s, lo, hi, c->guard ||
		                          c->hidden == LEND__UNDER_THRESHOLD, i);
	}
}

/* The sum of the breakdown K of view V: its cells add up to its total
 * (or to at least it). */
static void sum_of(history *h, size_t v, size_t k)
{
	const hview *w = &h->w[v];
	const hcell *tot = find(h, v, sums[k].total, "");
	size_t i;
	int n = 0, out = 0, sign = sums[k].eq ? 1 : -1;

	for (i = w->first; i < w->first + w->n; i++)
		if (strcmp(h->c[i].name, sums[k].cells) == 0)
			n++, out |= h->c[i].var < 0;
	if (!tot || tot->var < 0 || out || (!n && !sums[k].eq))
		return;
	lend__bounds_lin(&h->s, sums[k].eq, 0);
	for (i = w->first; i < w->first + w->n; i++)
		if (strcmp(h->c[i].name, sums[k].cells) == 0)
			lend__bounds_term(&h->s, sign, h->c[i].var);
	lend__bounds_term(&h->s, -sign, tot->var);
}

/* A report's own sums; a month's borrowers at most its loans and the
 * period's; the new borrowers at most all. */
static void within(history *h, size_t v)
{
	const hview *w = &h->w[v];
	hcell *u = find(h, v, "unique_borrowers", ""), *o;
	size_t k, i;

	for (k = 0; k < LEND__NELEM(sums); k++)
		sum_of(h, v, k);
	if ((o = find(h, v, "new_borrowers", "")) && u)
		lend__bounds_at_most(&h->s, o->var, u->var);
	for (i = w->first; i < w->first + w->n; i++)
		if (strcmp(h->c[i].name, "monthly_unique_borrowers") == 0) {
			long m = h->c[i].var;

			o = find(h, v, "monthly_loans_started", h->c[i].key);
			if (o)
				lend__bounds_at_most(&h->s, m, o->var);
			if (u)
				lend__bounds_at_most(&h->s, m, u->var);
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

static int holds(const hview *a, const hview *b)
{
	return strcmp(a->from, b->from) <= 0 && strcmp(a->to, b->to) >= 0;
}

static int same_period(const hview *a, const hview *b)
{
	return strcmp(a->from, b->from) == 0 && strcmp(a->to, b->to) == 0;
}

enum { UNRELATED, SAME, NESTED };

/* How the count NAME, KEY of two reports of one member and grant relate:
 * the same cell, the one over the longer period at least the other's, or
 * neither.  Counts at the end of the period are the same for the same
 * last day; the new borrowers grow with a period from the same day. */
static int relation(const hview *a, const hview *b, const char *name,
                    const char *key)
{
	if (same_period(a, b))
		return SAME;
	if (strncmp(name, "monthly_", 8) == 0)
		return whole_month(a, key) && whole_month(b, key) ? SAME : NESTED;
	if (strcmp(name, "loans_open_at_end") == 0 ||
	    strcmp(name, "items_overdue_at_end") == 0)
		return strcmp(a->to, b->to) == 0 ? SAME : UNRELATED;
	if (strcmp(name, "new_borrowers") == 0 && strcmp(a->from, b->from))
		return UNRELATED;
	return holds(a, b) || holds(b, a) ? NESTED : UNRELATED;
}

/* The difference X - Y of two counts as a variable of its own: a count
 * of people or loans when X's period holds Y's (at least 0), protected
 * while it is 1 to the threshold less one.  Counts that should be the
 * same but are not (changed since) give their change so. */
static void difference(history *h, const hcell *x, const hcell *y,
                       int nested)
{
	int64_t d = x->value - y->value, t = h->r->threshold;
	int64_t ad = d < 0 ? -d : d;
	size_t cx = (size_t)(x - h->c), cy = (size_t)(y - h->c);
	long v;

	if (nested && d < 0)
		nested = 0;
	v = lend__bounds_var(&h->s, nested ? 0 : -LEND__BIG, LEND__BIG,
	                     ad >= 1 && ad < t, x->view < y->view ? cx : cy);
	if (v < 0)
		return;
	h->s.v[v].other = x->view < y->view ? cy : cx;
	lend__bounds_diff(&h->s, v, x->var, y->var);
}

/* Two reports of one member and grant: their cells merged in order. */
static void across_periods(history *h, size_t a, size_t b)
{
	const hview *wa = &h->w[a], *wb = &h->w[b];
	size_t i = wa->first, j = wb->first;

	while (i < wa->first + wa->n && j < wb->first + wb->n) {
		hcell *x = &h->c[i], *y = &h->c[j];
		int d = by_name(x, y), rel;

		i += d <= 0;
		j += d >= 0;
		if (d || x->var < 0 || y->var < 0)
			continue;
		rel = relation(wa, wb, x->name, x->key);
		if (rel == SAME && x->value == y->value)
			lend__bounds_diff(&h->s, -1, x->var, y->var);
		else if (rel != UNRELATED)
			difference(h, holds(wa, wb) ? x : y, holds(wa, wb) ? y : x,
			           rel == NESTED);
	}
}

/* Whether a report for scope A counts all that one for B counts. */
static int covers(const hview *a, const hview *b)
{
	return (!a->member[0] || strcmp(a->member, b->member) == 0) &&
	       (!a->grant[0] || strcmp(a->grant, b->grant) == 0);
}

/* Two reports of one period, A's scope holding B's: B's counts at most
 * A's (but the new borrowers: new to a member, not to all).  Here and
 * below, a relation the counts do not keep (they changed between the
 * reports) is left out, so that the true counts always meet them all. */
static void across_scopes(history *h, size_t a, size_t b)
{
	const hview *wb = &h->w[b];
	size_t j;

	for (j = wb->first; j < wb->first + wb->n; j++) {
		const hcell *y = &h->c[j], *x = find(h, a, y->name, y->key);

		if (x && strcmp(y->name, "new_borrowers") &&
		    y->value <= x->value)
			lend__bounds_at_most(&h->s, y->var, x->var);
	}
}

/* The whole consortium's report W: its loans are the members' (each
 * member's report of the period, or a count unknown). */
static void shared_out(history *h, size_t w)
{
	const hview *ww = &h->w[w];
	size_t i, m, v;

	for (i = ww->first; i < ww->first + ww->n; i++) {
		const hcell *x = &h->c[i], *y[64];
		int64_t sum = 0;
		size_t n = lend_rows_count(h->members), known = 0;

		if (x->var < 0 || !is_partitioned(x->name) || n > 64)
			continue;
		for (m = 0; m < n; m++) {
			const char *code = lend_rows_text(h->members, m, 0);

			for (v = 0, y[m] = NULL; v < h->nw && !y[m]; v++)
				if (same_period(&h->w[v], ww) && !h->w[v].grant[0] &&
				    strcmp(h->w[v].member, code) == 0)
					y[m] = find(h, v, x->name, x->key);
			if (y[m] && y[m]->var >= 0)
				sum += y[m]->value, known++;
		}
		if (sum > x->value || (known == n && sum != x->value))
			continue;
		lend__bounds_lin(&h->s, 1, 0);
		lend__bounds_term(&h->s, -1, x->var);
		for (m = 0; m < n; m++)
			lend__bounds_term(&h->s, 1, y[m] && y[m]->var >= 0 ? y[m]->var
			                  : lend__bounds_var(&h->s, 0, LEND__BIG, 0, i));
	}
}

static int build(history *h)
{
	size_t a, b;

	lend__bounds_clear(&h->s);
	cell_vars(h);
	for (a = 0; a < h->nw; a++) {
		within(h, a);
		if (!h->w[a].member[0] && !h->w[a].grant[0])
			shared_out(h, a);
		for (b = a + 1; b < h->nw; b++) {
			const hview *wa = &h->w[a], *wb = &h->w[b];

			if (strcmp(wa->member, wb->member) == 0 &&
			    strcmp(wa->grant, wb->grant) == 0)
				across_periods(h, a, b);
			else if (same_period(wa, wb) && covers(wa, wb))
				across_scopes(h, a, b);
			else if (same_period(wa, wb) && covers(wb, wa))
				across_scopes(h, b, a);
		}
	}
	return h->s.oom ? no_memory(h) : 0;
}

/* ---- Hiding more, or refusing --------------------------------------- */

/* Hide one more count of the new report so that cell C's count is not
 * pinned: the same count when shown, else the smallest shown cell of its
 * breakdown (1), else the breakdown left out (2).  0 when nothing is left
 * to hide, or C is a total, taken as known. */
static int hide_more(history *h, const hcell *c)
{
	lend__report *r = h->r;
	const hcell *n = c->view == 0 ? c : find(h, 0, c->name, c->key);
	size_t i, best = (size_t)-1;
	int left = 0;

	if (is_total_name(c->name))
		return 0;
	if (n && !r->f[n->fig].suppressed && n->value > 0) {
		r->f[n->fig].suppressed = LEND__WITHHELD;
		return 1;
	}
	for (i = 0; is_breakdown(c->name) && i < r->n; i++)
		if (strcmp(r->f[i].name, c->name) == 0 && !r->f[i].suppressed &&
		    r->f[i].value > 0 &&
		    (best == (size_t)-1 || r->f[i].value < r->f[best].value))
			best = i;
	if (best != (size_t)-1) {
		r->f[best].suppressed = LEND__WITHHELD;
		return 1;
	}
	for (i = 0; is_breakdown(c->name) && i < r->n; i++)
		if (strcmp(r->f[i].name, c->name) == 0 &&
		    r->f[i].suppressed != LEND__LEFT_OUT) {
			r->f[i].suppressed = LEND__LEFT_OUT;
			left = 2;
		}
	return left;
}

/* Refuse the new report, naming the earlier report of variable P (the
 * newest when the reports cannot all hold). */
static int refuse(history *h, long p)
{
	const hview *w = &h->w[1];
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
		"threshold, format, issued_at) VALUES (?1, ?2, "
		"(SELECT id FROM member WHERE code = ?3), "
		"(SELECT id FROM funding_grant WHERE code = ?4), ?5, ?6, ?7)";
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
	                  LEND__I(r->threshold), LEND__T(format),
	                  LEND__T(now)));
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
	long p = 0;
	int rc, more;

	memset(&h, 0, sizeof(h));
	h.r = r;
	rc = load(&h);
	/* Each round hides one more count or leaves a breakdown out, so
	 * this ends.  Hiding more pins nothing that was not, so each round
	 * goes on from the count the last one found, unless a breakdown was
	 * left out (the variables after it are numbered anew). */
	while (rc == 0 && h.nw > 1 && (rc = build(&h)) == 0 &&
	       (p = lend__bounds_pinned(&h.s, (size_t)p)) != (long)h.s.nv) {
		if (p < 0 || !(more = hide_more(&h, &h.c[h.s.v[p].cell])))
			rc = refuse(&h, p);
		else if (more > 1)
			p = 0;
	}
	if (rc == 0)
		rc = record(r, format);
	free(h.c);
	free(h.w);
	lend_rows_free(h.members);
	lend__bounds_free(&h.s);
	return rc;
}
