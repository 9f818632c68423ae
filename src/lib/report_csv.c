/*
 * The funder report as CSV: one line a figure, a suppressed one with no
 * value, so that a spreadsheet reads the same figures as the PDF shows.
 */
#include "report.h"

void lend__report_csv(const lend__report *r, lend__buf *b)
{
	char v[32];
	size_t i;

	lend__buf_str(b, "figure,key,value,suppressed\r\n");
	for (i = 0; i < r->n; i++) {
		const lend__figure *f = &r->f[i];

		lend__figure_text(v, sizeof(v), f);
		/* Every cell through lend's one CSV cell writer (csv.c). */
		lend__csv_cell(b, f->name);
		lend__buf_str(b, ",");
		lend__csv_cell(b, f->key);
		lend__buf_str(b, ",");
		lend__csv_cell(b, f->suppressed ? "" : v);
		lend__buf_str(b, f->suppressed ? ",true\r\n" : ",false\r\n");
	}
}
