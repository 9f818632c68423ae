/*
 * The flow every document is drawn through: a cursor going down the
 * pages, in points from the top, that starts a new page (with its header
 * and footer) when what comes next would pass the bottom margin.  Lines
 * are broken here, at spaces and on UTF-8 boundaries, since libharu's own
 * breaking splits UTF-8 sequences.  With drawing off the same layout runs
 * without a page, to measure: a document that says "page N of M" or is as
 * long as a receipt is laid out twice.
 */
#include <string.h>

#include "render.h"

void lend__flow_start(lend__flow *f, lend__pdf *pdf, double w, double h,
                      double margin, double bottom)
{
	memset(f, 0, sizeof(*f));
	f->pdf = pdf;
	f->w = w;
	f->h = h;
	f->margin = margin;
	f->bottom = bottom;
	f->drawing = 1;
}

void lend__flow_page(lend__flow *f)
{
	f->page_no++;
	f->page = f->drawing ? lend__pdf_page(f->pdf, f->w, f->h) : NULL;
	f->y = f->margin;
	if (f->header)
		f->header(f);
	if (f->footer)
		f->footer(f);
}

void lend__flow_need(lend__flow *f, double height)
{
	if (f->y + height > f->h - f->bottom)
		lend__flow_page(f);
}

void lend__flow_text(lend__flow *f, double x, double y, int bold,
                     double size, const char *s)
{
	if (f->drawing)
		lend__pdf_text(f->pdf, f->page, x, f->h - y, bold, size, s);
}

void lend__flow_line(lend__flow *f, double x, int bold, double size,
                     double lead, const char *s)
{
	lend__flow_need(f, lead);
	f->y += lead;
	lend__flow_text(f, x, f->y, bold, size, s);
}

int lend__flow_wrap(lend__flow *f, double x, double width, int bold,
                    double size, double lead, const char *text)
{
	const char *p = text;
	char line[1024];
	int lines = 0;

	while (*p) {
		size_t n = strcspn(p, "\n"), k;

		while (n > 0 || lines == 0) {
			k = n ? lend__pdf_fit(f->pdf, bold, size, p, n, width) : 0;
			if (k >= sizeof(line))
				k = sizeof(line) - 1;
			memcpy(line, p, k);
			line[k] = '\0';
			lend__flow_line(f, x, bold, size, lead, line);
			lines++;
			p += k;
			n -= k;
			while (n > 0 && *p == ' ')
				p++, n--;
			if (n == 0)
				break;
		}
		if (*p == '\n')
			p++;
	}
	return lines;
}

int lend__flow_count(lend__flow *f, int bold, double size, double width,
                     const char *text)
{
	const char *p = text;
	int lines = 0;

	while (*p || lines == 0) {
		size_t n = strcspn(p, "\n"), k;

		do {
			k = n ? lend__pdf_fit(f->pdf, bold, size, p, n, width) : 0;
			lines++;
			p += k;
			n -= k;
			while (n > 0 && *p == ' ')
				p++, n--;
		} while (n > 0);
		if (*p == '\n')
			p++;
		if (!*p)
			break;
	}
	return lines;
}

void lend__flow_cells(lend__flow *f, const double *x, const char *const *cells,
                      int n, int bold, double size, double lead)
{
	int i;

	lend__flow_need(f, lead);
	f->y += lead;
	for (i = 0; i < n; i++)
		lend__flow_text(f, f->margin + x[i], f->y, bold, size, cells[i]);
}

void lend__flow_rule(lend__flow *f, double y)
{
	if (f->drawing)
		lend__pdf_rule(f->page, f->margin, f->w - f->margin, f->h - y);
}

void lend__flow_gray(lend__flow *f, double g)
{
	if (f->drawing)
		lend__pdf_gray(f->page, g);
}

void lend__flow_box(lend__flow *f, double x, double y, double w, double h,
                    int fill)
{
	if (f->drawing)
		lend__pdf_box(f->page, x, f->h - y - h, w, h, fill);
}

void lend__flow_qr(lend__flow *f, const lend__qr *qr, double x, double y,
                   double size)
{
	double module = size / (qr->width + 2 * LEND__QR_QUIET);

	if (f->drawing)
		lend__pdf_qr(f->page, qr, x + LEND__QR_QUIET * module,
		             f->h - y - size + LEND__QR_QUIET * module, module);
}

void lend__flow_png(lend__flow *f, const unsigned char *png, size_t len,
                    double x, double y, double w, double h)
{
	if (f->drawing)
		lend__pdf_png(f->pdf, f->page, png, len, x, f->h - y - h, w, h);
}

/* ---- Tables --------------------------------------------------------- */

/* A row's height, measured before it is placed so that it never splits
 * across pages: its tallest cell, and a gap. */
static double row_height(lend__flow *f, const lend__table *t,
                         const char *const *cells, int bold)
{
	double h = 0;
	int c;

	for (c = 0; c < t->ncols; c++) {
		double ch = lend__flow_count(f, bold, t->size, t->widths[c] -
		                             t->pad, cells[c]) * t->lead;

		if (ch > h)
			h = ch;
	}
	return h + t->gap;
}

static void draw_row(lend__flow *f, const lend__table *t,
                     const char *const *cells, int bold)
{
	double x = f->margin, top = f->y, h = row_height(f, t, cells, bold);
	int c;

	for (c = 0; c < t->ncols; c++) {
		f->y = top;
		lend__flow_wrap(f, x, t->widths[c] - t->pad, bold, t->size,
		                t->lead, cells[c]);
		x += t->widths[c];
	}
	f->y = top + h;
}

void lend__flow_table_row(lend__flow *f, lend__table *t,
                          const char *const *cells)
{
	double hh = row_height(f, t, t->head, 1);
	double rh = row_height(f, t, cells, 0);

	if (t->rows == 0 || f->y + rh > f->h - f->bottom) {
		if (f->y + hh + rh > f->h - f->bottom)
			lend__flow_page(f);
		draw_row(f, t, t->head, 1);
	}
	draw_row(f, t, cells, 0);
	t->rows++;
}
