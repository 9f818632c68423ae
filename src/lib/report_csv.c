/*
 * The funder report as CSV: one line a figure, a suppressed one with no
 * value and the reason in its "suppressed" column, then the figure's
 * heading and key in plain words, so that a spreadsheet reads the same
 * figures as the PDF shows.
 */
#include <string.h>

#include "report_text.h"

/* S as a CSV cell: quoted when it holds a comma, a quote or a newline. */
static void cell(lend__buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		lend__buf_str(b, s);
		return;
	}
	lend__buf_str(b, "\"");
	for (; *s; s++)
		lend__buf_add(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	lend__buf_str(b, "\"");
}

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
		/* Keys are codes, districts and languages: no commas or quotes
		 * (lend checks them), so no quoting is needed. */
		lend__buf_printf(b, "%s,%s,%s,%s,", f->name, f->key, v,
		                 why ? why : "");
		cell(b, lend__figure_heading(f->name));
		lend__buf_str(b, ",");
		cell(b, lend__figure_of(of, sizeof(of), &n, f));
		lend__buf_str(b, "\r\n");
	}
	lend__report_names_free(&n);
}
