/*
 * The layout of one label, in millimetres from its top-left corner: the
 * QR code on the left, the lines beside it fitted to the room there.  The
 * PDF and the SVG writers draw the same layout, so they cannot drift
 * apart.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "label.h"

/* Cut S to fit WIDTH mm, ending with an ellipsis, on a UTF-8 boundary. */
static void fit(lend__pdf *m, lend__line *l, double width)
{
	size_t n = strlen(l->text);

	if (lend__pdf_width(m, l->bold, l->pt, l->text) * LEND__PT_MM <= width)
		return;
	while (n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)l->text[n] & 0xC0) == 0x80);
		snprintf(l->text + n, sizeof(l->text) - n, "\xE2\x80\xA6");
		if (lend__pdf_width(m, l->bold, l->pt, l->text) * LEND__PT_MM <= width)
			return;
	}
}

/* Module size: the code fills qr_size_mm; on a thermal printer each
 * module is a whole number of dots, or rows of the code come out uneven
 * and scanners stumble. */
static double module_size(const lend__sheet *s, int width)
{
	double m = s->qr / (width + 2 * LEND__QR_QUIET), dot;

	if (s->dpi <= 0)
		return m;
	dot = 25.4 / s->dpi;
	return floor(m / dot) >= 1 ? floor(m / dot) * dot : dot;
}

/* Break TEXT at the last space before WIDTH into L and a second line L2;
 * returns 2 when it did, 1 when TEXT fits or has no space to break at. */
static int wrap(lend__pdf *m, lend__line *l, lend__line *l2, const char *text,
                double width)
{
	size_t n;

	snprintf(l->text, sizeof(l->text), "%s", text);
	if (lend__pdf_width(m, l->bold, l->pt, l->text) * LEND__PT_MM <= width)
		return 1;
	for (n = strlen(l->text); n > 0; n--) {
		if (l->text[n] != ' ')
			continue;
		l->text[n] = '\0';
		if (lend__pdf_width(m, l->bold, l->pt, l->text) * LEND__PT_MM <= width) {
			*l2 = *l;
			snprintf(l2->text, sizeof(l2->text), "%s", text + n + 1);
			fit(m, l2, width);
			return 2;
		}
	}
	snprintf(l->text, sizeof(l->text), "%s", text);
	fit(m, l, width);
	return 1;
}

/* The text lines beside the code: the tag, then the consortium, member
 * and contact, each wrapped onto a second line when WRAPPING (a cut phone
 * number is no use on an "if found" line).  Returns their height. */
static double set_lines(lend__layout *lo, lend__pdf *m, const lend__sheet *s,
                        const char *const *texts, double x, double width,
                        int wrapping)
{
	double height = 0;
	int k, got;

	lo->nlines = 0;
	for (k = 0; k < 4; k++) {
		lend__line *l = &lo->lines[lo->nlines];

		if (!texts[k] || !*texts[k] || width <= 0)
			continue;
		memset(l, 0, sizeof(*l));
		l->bold = k == 0;
		l->pt = k == 0 ? s->tag_pt : s->text_pt;
		l->x = x;
		if (k == 0) {
			/* The tag is what staff read and type: it shrinks to fit,
			 * and is never cut. */
			snprintf(l->text, sizeof(l->text), "%s", texts[k]);
			while (l->pt > 3 && lend__pdf_width(m, 1, l->pt, l->text) *
			       LEND__PT_MM > width)
				l->pt *= 0.9;
			got = 1;
		} else if (wrapping) {
			got = wrap(m, l, l + 1, texts[k], width);
		} else {
			snprintf(l->text, sizeof(l->text), "%s", texts[k]);
			fit(m, l, width);
			got = 1;
		}
		height += got * l->pt * LEND__PT_MM * 1.25;
		lo->nlines += got;
	}
	return height;
}

int lend__label_lay_out(lend__layout *lo, lend_db *db, lend__pdf *metrics,
                        const lend__sheet *s, const char *payload,
                        const char *const *texts)
{
	double x, width, height = 0, y;
	int k, rc;

	memset(lo, 0, sizeof(*lo));
	if ((rc = lend__qr_encode(&lo->qr, db, payload)))
		return rc;
	lo->module = module_size(s, lo->qr.width);
	lo->qr_x = s->padding + LEND__QR_QUIET * lo->module;
	lo->qr_y = (s->label_h - lo->qr.width * lo->module) / 2;
	x = s->padding + s->qr + s->padding;
	width = s->label_w - x - s->padding;
	height = set_lines(lo, metrics, s, texts, x, width, 1);
	if (height > s->label_h - 2 * s->padding)
		height = set_lines(lo, metrics, s, texts, x, width, 0);
	/* The text block sits in the middle of the label's height. */
	y = (s->label_h - height) / 2;
	for (k = 0; k < lo->nlines; k++) {
		y += lo->lines[k].pt * LEND__PT_MM * (k ? 1.25 : 1.0);
		lo->lines[k].y = y;
	}
	return 0;
}
