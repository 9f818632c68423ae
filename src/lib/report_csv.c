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
		/* Keys are codes, districts and languages: no commas or quotes
		 * (lend checks them), so no quoting is needed. */
		lend__buf_printf(b, "%s,%s,%s,%s\r\n", f->name, f->key,
		                 f->suppressed ? "" : v,
		                 f->suppressed ? "true" : "false");
	}
}
