/*
 * SVG, written as text into a sink: a label's QR code as one path (a
 * rectangle a run of dark modules) and its lines as text, sized in
 * millimetres so that it prints at its size.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static void put(const lend__sink *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Every piece of markup is short: numbers and fixed words, never text. */
static void put(const lend__sink *out, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		out->write(out->ctx, buf, (size_t)n < sizeof(buf) ? (size_t)n
		                                               : sizeof(buf) - 1);
}

static void put_s(const lend__sink *out, const char *s)
{
	out->write(out->ctx, s, strlen(s));
}

static void xml_text(const lend__sink *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': put_s(out, "&amp;"); break;
		case '<': put_s(out, "&lt;"); break;
		case '>': put_s(out, "&gt;"); break;
		case '"': put_s(out, "&quot;"); break;
		default: out->write(out->ctx, s, 1);
		}
}

void lend__svg_begin(const lend__sink *out, double w, double h)
{
	put(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%gmm\" height=\"%gmm\" viewBox=\"0 0 %g %g\">\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
	    w, h, w, h);
}

typedef struct qr_at {
	const lend__sink *out;
	double x, y, module;
} qr_at;

static void qr_run(void *ctx, int row, int col, int len)
{
	const qr_at *q = ctx;

	put(q->out, "M%.3f %.3fh%.3fv%.3fh-%.3fz", q->x + col * q->module,
	    q->y + row * q->module, len * q->module, q->module,
	    len * q->module);
}

void lend__svg_qr(const lend__sink *out, const lend__qr *qr, double x,
                  double y, double module)
{
	qr_at q = { out, x, y, module };

	put_s(out, "<path fill=\"#000\" d=\"");
	lend__qr_runs(qr, qr_run, &q);
	put_s(out, "\"/>\n");
}

void lend__svg_text(const lend__sink *out, double x, double y, double size,
                    int bold, const char *text)
{
	put(out, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"DejaVu Sans\" "
	    "font-size=\"%.2f\"%s>", x, y, size,
	    bold ? " font-weight=\"bold\"" : "");
	xml_text(out, text);
	put_s(out, "</text>\n");
}

void lend__svg_end(const lend__sink *out)
{
	put_s(out, "</svg>\n");
}
