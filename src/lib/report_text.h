/*
 * The funder report in plain words, shared by its three outputs: a plain
 * heading for each figure, its key as a reader knows it (a member's name,
 * a month, a language), the mark of a hidden figure, and the warning when
 * the period runs outside a grant's dates.  Internal to liblend.
 */
#ifndef LEND_REPORT_TEXT_H
#define LEND_REPORT_TEXT_H

#include "report.h"

/* What the report reads of the register to name things: the members'
 * names, the report's member and grant, the grant's dates. */
typedef struct lend__report_names {
	lend_rows *members;      /* code, name */
	char member_name[160];   /* the report's member, "" for all */
	char warning[400];       /* the period outside the grant's dates */
} lend__report_names;

int lend__report_names_load(lend__report_names *n, const lend__report *r);
void lend__report_names_free(lend__report_names *n);

/* "under_threshold", "withheld", or NULL for a figure shown. */
const char *lend__hidden_word(const lend__figure *f);
/* The figure NAME as a heading ("Reach by referring member"). */
const char *lend__figure_heading(const char *name);
/* F's key in plain words ("Rochdale Libraries", "Jan 2026", "Urdu"),
 * "" for none. */
const char *lend__figure_of(char *buf, size_t size,
                            const lend__report_names *n,
                            const lend__figure *f);
/* F as the PDF shows it: its value, "<5" under the threshold, "w" when
 * withheld. */
const char *lend__figure_mark(char *buf, size_t size, const lend__report *r,
                              const lend__figure *f);
/* "Jan 2026" of "2026-01". */
const char *lend__month_short(char *buf, size_t size, const char *ym);

#endif
