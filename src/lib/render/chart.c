/*
 * Bar charts on the flow.  A bar whose value is not shown is drawn hollow,
 * as long as the caller says (a report draws it at the threshold), so the
 * chart says "small" without saying how small.  The grey of text is the
 * grey of fills in PDF, so it goes back to black after each bar.
 */
#include <stdio.h>
#include <string.h>

#include "render.h"

double lend__chart_max(double v)
{
	static const double steps[] = { 1, 2, 5 };
	double power = 1;
	int i;

	for (;;) {
		for (i = 0; i < 3; i++)
			if (4 * steps[i] * power >= v)
				return 4 * steps[i] * power;
		power *= 10;
	}
}

static void bar(lend__flow *f, const lend__bar *b, double x, double y,
                double w, double h)
{
	if (b->hollow) {
		lend__flow_box(f, x, y, w, h, 0);
	} else {
		lend__flow_gray(f, 0.35);
		lend__flow_box(f, x, y, w, h, 1);
		lend__flow_gray(f, 0);
	}
}

static void ticks(lend__flow *f, double top, double x0, double cw,
                  double ch, double max)
{
	char v[32];
	int i;

	lend__flow_gray(f, 0);
	for (i = 0; i <= 4; i++) {
		double y = top + ch - ch * (double)i / 4;

		snprintf(v, sizeof(v), "%.0f", max * (double)i / 4);
		lend__pdf_text(f->pdf, f->page, f->margin, f->h - y - 3, 0, 8, v);
		lend__flow_gray(f, 0.85);
		lend__flow_box(f, x0, y, cw, 0.3, 1);
		lend__flow_gray(f, 0);
	}
}

/* S centred on CX with its baseline at Y from the foot; when SPLIT, at
 * its first space onto two lines ("Jan" over "2026"). */
static void centred(lend__flow *f, double cx, double y, int split,
                    const char *s)
{
	const char *sp = strchr(s, ' ');
	char head[32];

	if (!split || !sp || (size_t)(sp - s) >= sizeof(head)) {
		lend__pdf_text(f->pdf, f->page,
		               cx - lend__pdf_width(f->pdf, 0, 8, s) / 2, y, 0, 8, s);
		return;
	}
	snprintf(head, sizeof(head), "%.*s", (int)(sp - s), s);
	centred(f, cx, y, 0, head);
	centred(f, cx, y - 10, 0, sp + 1);
}

/* Whether any key is wider than a bar's room, so all go on two lines. */
static int split_keys(lend__flow *f, const lend__bar *bars, size_t n,
                      double w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lend__pdf_width(f->pdf, 0, 8, bars[i].key) > w)
			return 1;
	return 0;
}

void lend__flow_vbars(lend__flow *f, const lend__bar *bars, size_t n,
                      double max, double height)
{
	double top, x0 = f->margin + 30, ch = height;
	double cw = f->w - 2 * f->margin - 30;
	size_t i;
	int split = n && split_keys(f, bars, n, cw / (double)n * 0.95);

	lend__flow_need(f, ch + 50);
	top = f->y + 14;
	ticks(f, top, x0, cw, ch, max);
	for (i = 0; i < n; i++) {
		double bw = cw / (double)n, bh = ch * bars[i].value / max;
		double x = x0 + bw * (double)i + bw * 0.15;

		bar(f, &bars[i], x, top + ch - bh, bw * 0.7, bh);
		if (f->drawing) {
			centred(f, x + bw * 0.35, f->h - (top + ch - bh) + 3, 0,
			        bars[i].shown);
			centred(f, x + bw * 0.35, f->h - top - ch - 11, split,
			        bars[i].key);
		}
	}
	f->y = top + ch + 28;
}

void lend__flow_hbars(lend__flow *f, const lend__bar *bars, size_t n,
                      double max)
{
	double x0 = f->margin + 90, cw = f->w - 2 * f->margin - 130;
	size_t i;

	for (i = 0; i < n; i++) {
		double bw = cw * bars[i].value / max;

		lend__flow_line(f, f->margin, 0, 9, 15, bars[i].key);
		bar(f, &bars[i], x0, f->y - 9, bw, 10);
		lend__flow_text(f, x0 + bw + 4, f->y, 0, 9, bars[i].shown);
	}
}
