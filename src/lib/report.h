/*
 * The funder report's figures, shared by the figures (report.c) and the
 * outputs written from them (report_csv.c, report_json.c,
 * report_pdf.c).  Internal to liblend.
 */
#ifndef LEND_REPORT_H
#define LEND_REPORT_H

#include "internal.h"

/* Why a figure is not shown.  A count under the threshold reads "<5";
 * a cell hidden only so that no other can be worked out from it is
 * withheld, and says so, since "<5" would be untrue of it. */
enum lend__hidden {
	LEND__SHOWN = 0,
	LEND__UNDER_THRESHOLD = 1, /* primary suppression */
	LEND__WITHHELD = 2,        /* complementary suppression */
	LEND__LEFT_OUT = 3         /* a breakdown too small to show at all;
	                            * report.c drops it before any output */
};

typedef struct lend__figure {
	char name[32];
	char key[48];
	double value;
	int real;       /* a measure (days, %, hours), not a count */
	int people;     /* a count that could point at a person */
	int suppressed; /* an enum lend__hidden */
	int group;      /* cells of one breakdown share a group; 0: none */
	int total;      /* the breakdown's total, among the figures; -1 none */
	int covers;     /* with no total: 1 + the index of a count the group
	                 * adds up to at least (borrowers of each month and
	                 * of the period); 0 */
	int floor;      /* 1 + the index of a count this one is at least (the
	                 * loans of a month, its borrowers); 0 */
	int guard;      /* withheld so that the whole consortium's less this
	                 * is not shown: kept from being worked out as a
	                 * count under the threshold is */
} lend__figure;

typedef struct lend__report {
	lend_db *db;
	const char *from, *to, *member, *grant;
	char start[LEND__TIME_LEN], end[LEND__TIME_LEN];
	char *consortium;
	int64_t threshold;
	lend__figure *f;
	size_t n, cap;
	int groups;
} lend__report;

/* Disclosure control over the N figures F (disclosure.c).  Primary: a
 * count of people or loans from 1 to THRESHOLD - 1 is LEND__UNDER_THRESHOLD.
 * Complementary: while a hidden count of a breakdown (cells of one group,
 * listed together) could be worked out to one value from the shown cells
 * and its total (taken as known, as other figures or reports may give
 * it), the smallest shown count is LEND__WITHHELD; when none is left, the
 * whole breakdown is LEND__LEFT_OUT. */
void lend__suppress(lend__figure *f, size_t n, int64_t threshold);

/* Every figure of R, before any is suppressed (report.c). */
int lend__report_collect(lend__report *r);
/* For a member's or a grant's report, withhold and guard the counts the
 * whole's or the other members' reports would give away, or refuse it
 * (disclosure.c). */
int lend__report_guard(lend__report *r);

/* What a reader can work out (report_bounds.c): integer variables within
 * bounds, under linear constraints sum(c * x) = K or <= K with each c +1
 * or -1.  A failed allocation sets oom and makes later calls no-ops. */
#define LEND__BIG ((int64_t)1 << 40)

typedef struct lend__bvar {
	int64_t lo, hi;
	int protect;  /* a count under the threshold: never one value */
	size_t cell;  /* what it stands for, to the caller */
	size_t other; /* of a difference of two cells, the second; else CELL */
} lend__bvar;

typedef struct lend__bounds {
	lend__bvar *v;
	struct lend__bterm *t;
	struct lend__blin *l;
	size_t nv, nt, nl, capv, capt, capl;
	int oom;
} lend__bounds;

/* A new variable within LO to HI; its index, or -1 when out of memory. */
long lend__bounds_var(lend__bounds *s, int64_t lo, int64_t hi, int protect,
                      size_t cell);
/* Start a constraint: = K when EQ, else <= K; then add its terms. */
void lend__bounds_lin(lend__bounds *s, int eq, int64_t k);
void lend__bounds_term(lend__bounds *s, int c, long v);
/* X <= Y; nothing when either is -1. */
void lend__bounds_at_most(lend__bounds *s, long x, long y);
/* X - Y = 0, or, with D not -1, D = X - Y. */
void lend__bounds_diff(lend__bounds *s, long d, long x, long y);
/* Propagate the bounds until they hold: the first protected variable
 * from FROM on pinned to one value (each value of its bounds probed),
 * S->nv when none, -1 when they cannot all hold. */
long lend__bounds_pinned(lend__bounds *s, size_t from);
/* Forget the variables and constraints, keeping the memory. */
void lend__bounds_clear(lend__bounds *s);
void lend__bounds_free(lend__bounds *s);

/* Read the new report R beside the reports issued before it of the same
 * member and grant over overlapping periods: withhold more of its counts,
 * or refuse it (LEND_EDENIED), while together they would pin a count
 * under the threshold; then record it as issued in FORMAT
 * (report_history.c).  In the caller's transaction. */
int lend__report_history(lend__report *r, const char *format);

/* The report as lend_report_render() gives it, but neither read beside
 * the reports issued before nor recorded as issued: for comparing two
 * stores of one consortium (migrate_store.c), a report no one is given. */
int lend__report_unissued(char **out, size_t *len, lend_db *db,
                          const lend_report_spec *spec);

/* The index of the figure NAME with no key, or -1. */
int lend__figure_find(const lend__report *r, const char *name);
/* A figure as the CSV and JSON give it ("" when suppressed). */
void lend__figure_text(char *buf, size_t size, const lend__figure *f);

void lend__report_csv(const lend__report *r, lend__buf *out);
void lend__report_json(const lend__report *r, lend__buf *out);
int lend__report_pdf(lend__report *r, lend__buf *out);

#endif
