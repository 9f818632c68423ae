/*
 * The funder report as CSV: one line a figure, a suppressed one with no
 * value and the reason in its "suppressed" column, then the figure's
 * heading and key in plain words, so that a spreadsheet reads the same
 * figures as the PDF shows.
 */
#include "report_text.h"

void lend__report_csv(const lend__report *r, lend__buf *b)
{
	lend__report_names n;
	char v[32], of[160];
	size_t i;

	lend__report_names_load(&n, r);
	lend__buf_str(b, "figure,key,value,suppressed,heading,of\r\n");
	for (i = 0; i < r->n; i++) {
		const lend__figure *f = &r->f[i];
		const char *why = lend__hidden_word(f);

		lend__figure_text(v, sizeof(v), f);
		/* Every cell through lend's one CSV cell writer (csv.c), which
		 * keeps a spreadsheet from running a name as a formula. */
		lend__csv_cell(b, f->name);
		lend__buf_str(b, ",");
		lend__csv_cell(b, f->key);
		lend__buf_str(b, ",");
		lend__csv_cell(b, v);
		lend__buf_str(b, ",");
		lend__csv_cell(b, why ? why : "");
		lend__buf_str(b, ",");
		lend__csv_cell(b, lend__figure_heading(f->name));
		lend__buf_str(b, ",");
		lend__csv_cell(b, lend__figure_of(of, sizeof(of), &n, f));
		lend__buf_str(b, "\r\n");
	}
	lend__report_names_free(&n);
}
