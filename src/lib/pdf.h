/*
 * PDF documents through libharu, for labels, agreements, slips and
 * reports: embedded DejaVu fonts, UTF-8 text, vector QR codes, saving to
 * memory.  Internal to liblend.
 */
#ifndef LEND_PDF_H
#define LEND_PDF_H

#include <hpdf.h>

#include "internal.h"

#define LEND__MM(x) ((x) * 72.0 / 25.4)

typedef struct lend__pdf {
	HPDF_Doc doc;
	lend_db *db;
	HPDF_Font regular, bold;
	HPDF_STATUS error, detail; /* the first error libharu reported */
} lend__pdf;

/* A new document with the regular and bold fonts loaded. */
int lend__pdf_new(lend__pdf *p, lend_db *db, const char *title);
/* A new page of W x H points, or NULL once the document has failed. */
HPDF_Page lend__pdf_page(lend__pdf *p, double w, double h);
/* Draw UTF-8 text S with its baseline at X, Y. */
void lend__pdf_text(lend__pdf *p, HPDF_Page page, double x, double y,
                    int bold, double size, const char *s);
/* Width of S in points. */
double lend__pdf_width(lend__pdf *p, int bold, double size, const char *s);
/* Width of the first N bytes of S in points. */
double lend__pdf_width_n(lend__pdf *p, int bold, double size, const char *s,
                         size_t n);
/* The bytes of the next line of S (N bytes, no newline) that fit WIDTH:
 * up to the last space that fits, or, for a word longer than the line, as
 * many whole UTF-8 characters as fit (at least one).  libharu's own
 * MeasureText splits UTF-8 sequences (NOTES-libs.md). */
size_t lend__pdf_fit(lend__pdf *p, int bold, double size, const char *s,
                     size_t n, double width);
/* Draw QR's dark modules as filled rectangles, MODULE points each, the
 * code's bottom-left corner (quiet zone excluded) at X, Y. */
void lend__pdf_qr(HPDF_Page page, const lend__qr *qr, double x, double y,
                  double module);
/* Save the document into OUT.  Returns 0 or the first error as a code
 * with a message. */
int lend__pdf_finish(lend__pdf *p, lend__buf *out);
void lend__pdf_free(lend__pdf *p);

#endif
