/*
 * The render room: PDF (libharu), SVG, PNG (zlib) and QR codes
 * (libqrencode).  The only code that calls those libraries.  It knows no
 * database and reads no settings: callers hand it what to draw, the font
 * files included, and a sink for the bytes.  Failures come back as a
 * LEND__R* code with one line of text in a lend__rerr, for the caller to
 * report as it reports everything else.  Internal to liblend.
 */
#ifndef LEND_RENDER_H
#define LEND_RENDER_H

#include <stddef.h>

#define LEND__MM(x) ((x) * 72.0 / 25.4)

/* ---- Errors and output -------------------------------------------- */

enum {
	LEND__R_OK,
	LEND__R_NOMEM,   /* out of memory */
	LEND__R_INVAL,   /* the content cannot be drawn (a QR code too long) */
	LEND__R_FONT,    /* a font file would not load; msg names it */
	LEND__R_FAIL     /* the library failed */
};

/* What went wrong: the first failure only. */
typedef struct lend__rerr {
	int code;
	char msg[512];
} lend__rerr;

/* Where render writes bytes.  A sink that runs out of memory remembers
 * it; render never learns, and the caller checks its sink afterwards. */
typedef struct lend__sink {
	void (*write)(void *ctx, const char *s, size_t n);
	void *ctx;
} lend__sink;

/* ---- QR codes (qr.c) ------------------------------------------------ */

/* The quiet zone a QR code needs around it, in modules. */
#define LEND__QR_QUIET 4

/* A QR code: WIDTH x WIDTH modules, dark[y * width + x] 1 when dark; no
 * quiet zone. */
typedef struct lend__qr {
	int width;
	unsigned char *dark;
} lend__qr;

/* Encode PAYLOAD.  Returns LEND__R_OK, LEND__R_INVAL (empty, too long),
 * LEND__R_NOMEM. */
int lend__qr_make(lend__qr *out, lend__rerr *err, const char *payload);
void lend__qr_free(lend__qr *qr);
/* Call RUN for each horizontal run of dark modules, row by row from the
 * top, left to right: PDF and SVG draw a run as one rectangle. */
void lend__qr_runs(const lend__qr *qr,
                   void (*run)(void *ctx, int row, int col, int len),
                   void *ctx);

/* ---- PNG (png.c) ---------------------------------------------------- */

/* Buffers a batch of PNGs reuses: allocating and freeing them for each
 * image made the heap grow and shrink four times a label. */
typedef struct lend__png_scratch {
	unsigned char *img, *z;
	size_t img_cap, z_cap;
	void *deflate; /* a z_stream, reset between images */
} lend__png_scratch;

/* Write to OUT a 1-bit PNG of QR with its quiet zone, SCALE pixels a
 * module, DPI dots per inch recorded in pHYs.  Returns LEND__R_OK or
 * LEND__R_NOMEM. */
int lend__png(const lend__sink *out, lend__rerr *err, const lend__qr *qr,
              int scale, int dpi, lend__png_scratch *scratch);
void lend__png_scratch_free(lend__png_scratch *scratch);

/* The longest side of a PNG from outside that lend__png_check() takes. */
#define LEND__PNG_SIDE 4096
/* Whether PNG (LEN bytes), from outside, is whole and plain enough for
 * libharu to draw without libpng failing, which would abort the process:
 * every chunk's CRC, an 8-bit non-interlaced grey, grey+alpha, RGB or
 * RGBA header, and image data that inflates to exactly its rows
 * (png_read.c).  Returns LEND__R_OK, LEND__R_INVAL, LEND__R_NOMEM. */
int lend__png_check(lend__rerr *err, const unsigned char *png, size_t len);

/* ---- SVG (svg.c), sized in millimetres ------------------------------ */

/* The document W x H mm on a white ground; end it with lend__svg_end. */
void lend__svg_begin(const lend__sink *out, double w, double h);
/* QR's dark modules as one path, MODULE mm each, the code's top-left
 * corner (quiet zone excluded) at X, Y. */
void lend__svg_qr(const lend__sink *out, const lend__qr *qr, double x,
                  double y, double module);
/* UTF-8 TEXT in DejaVu Sans, SIZE mm high, its baseline at X, Y. */
void lend__svg_text(const lend__sink *out, double x, double y, double size,
                    int bold, const char *text);
void lend__svg_end(const lend__sink *out);

/* ---- PDF (pdf.c), in points from the bottom-left -------------------- */

typedef struct lend__pdf lend__pdf;
typedef struct lend__page lend__page;

/* The fonts and the words a document is made with. */
typedef struct lend__pdf_spec {
	const char *regular, *bold; /* TrueType files, embedded */
	const char *title, *creator;
} lend__pdf_spec;

/* A new document.  Dated only from SOURCE_DATE_EPOCH: the same data and
 * epoch give the same bytes.  Returns LEND__R_OK, LEND__R_NOMEM,
 * LEND__R_FONT.  Free with lend__pdf_free(), also on failure. */
int lend__pdf_new(lend__pdf **out, lend__rerr *err,
                  const lend__pdf_spec *spec);
void lend__pdf_free(lend__pdf *p);
/* Write the document to OUT.  Returns LEND__R_OK or the first failure
 * of any call on the document. */
int lend__pdf_save(lend__pdf *p, const lend__sink *out, lend__rerr *err);

/* A new page of W x H points, or NULL once the document has failed;
 * every drawing call does nothing on a NULL page. */
lend__page *lend__pdf_page(lend__pdf *p, double w, double h);
/* Draw UTF-8 text S with its baseline at X, Y. */
void lend__pdf_text(lend__pdf *p, lend__page *page, double x, double y,
                    int bold, double size, const char *s);
/* Width of S in points.  Measuring marks the glyphs for embedding. */
double lend__pdf_width(lend__pdf *p, int bold, double size, const char *s);
/* Width of the first N bytes of S in points. */
double lend__pdf_width_n(lend__pdf *p, int bold, double size, const char *s,
                         size_t n);
/* The bytes of the next line of S (N bytes, no newline) that fit WIDTH:
 * up to the last space that fits, or, for a word longer than the line, as
 * many whole UTF-8 characters as fit (at least one).  libharu's own
 * MeasureText splits UTF-8 sequences. */
size_t lend__pdf_fit(lend__pdf *p, int bold, double size, const char *s,
                     size_t n, double width);
/* Fill and stroke in grey G (0 black, 1 white). */
void lend__pdf_gray(lend__page *page, double g);
/* A rectangle, filled or outlined. */
void lend__pdf_box(lend__page *page, double x, double y, double w, double h,
                   int fill);
/* A line half a point wide from X0, Y to X1, Y. */
void lend__pdf_rule(lend__page *page, double x0, double x1, double y);
/* QR's dark modules, MODULE points each, the code's bottom-left corner
 * (quiet zone excluded) at X, Y. */
void lend__pdf_qr(lend__page *page, const lend__qr *qr, double x, double y,
                  double module);

/* The picture of PNG (LEN bytes) scaled to fit W x H points, keeping
 * its proportions, its bottom-left corner at X, Y.  Nothing is drawn
 * for one lend__png_check() refuses; one libharu cannot read fails the
 * document: check it first with lend__pdf_png_check(). */
void lend__pdf_png(lend__pdf *p, lend__page *page, const unsigned char *png,
                   size_t len, double x, double y, double w, double h);
/* Whether PNG (LEN bytes) passes lend__png_check() and libharu reads it,
 * tried on a document of its own.
 * Returns LEND__R_OK, LEND__R_INVAL, LEND__R_NOMEM. */
int lend__pdf_png_check(lend__rerr *err, const unsigned char *png,
                        size_t len);

/* ---- The flow (flow.c): pages that fill from the top ---------------- */

typedef struct lend__flow lend__flow;

/* A page cursor over a document of W x H points pages; Y counts down
 * from the top.  DRAWING 0 lays out without drawing, to measure: no page
 * is made and nothing is drawn. */
struct lend__flow {
	lend__pdf *pdf;
	lend__page *page;
	double w, h, margin, bottom, y;
	int drawing, page_no;
	/* Called on each new page in this order, when not NULL. */
	void (*header)(lend__flow *f);
	void (*footer)(lend__flow *f);
	void *ctx;
};

void lend__flow_start(lend__flow *f, lend__pdf *pdf, double w, double h,
                      double margin, double bottom);
/* A new page: the cursor at the top margin, then header and footer. */
void lend__flow_page(lend__flow *f);
/* Room for HEIGHT more points, or a new page. */
void lend__flow_need(lend__flow *f, double height);
/* Text S with its baseline Y points from the top. */
void lend__flow_text(lend__flow *f, double x, double y, int bold,
                     double size, const char *s);
/* One line, not wrapped, LEAD points below the cursor: on the next page
 * when it would pass the bottom. */
void lend__flow_line(lend__flow *f, double x, int bold, double size,
                     double lead, const char *s);
/* TEXT wrapped into WIDTH from X, line after line, honouring newlines.
 * Returns the number of lines. */
int lend__flow_wrap(lend__flow *f, double x, double width, int bold,
                    double size, double lead, const char *text);
/* How many lines lend__flow_wrap() would take, without moving. */
int lend__flow_count(lend__flow *f, int bold, double size, double width,
                     const char *text);
/* Cells at offsets X from the margin on one line LEAD below the cursor. */
void lend__flow_cells(lend__flow *f, const double *x, const char *const *cells,
                      int n, int bold, double size, double lead);
/* A rule across the page between the margins at Y from the top. */
void lend__flow_rule(lend__flow *f, double y);
/* Grey for what follows, and a box with its top-left at X, Y. */
void lend__flow_gray(lend__flow *f, double g);
void lend__flow_box(lend__flow *f, double x, double y, double w, double h,
                    int fill);
/* QR SIZE points square with its quiet zone, its top-left at X, Y. */
void lend__flow_qr(lend__flow *f, const lend__qr *qr, double x, double y,
                   double size);

/* lend__pdf_png() in the box W x H points whose top-left is at X, Y. */
void lend__flow_png(lend__flow *f, const unsigned char *png, size_t len,
                    double x, double y, double w, double h);

/* A table whose rows wrap within their columns and never split across
 * pages; the header row is repeated on each page the table runs onto. */
typedef struct lend__table {
	int ncols;
	const double *widths;    /* points, each column's */
	const char *const *head; /* the header row, in bold */
	double size, lead;       /* font size, line lead */
	double pad, gap;         /* kept right of a cell, below a row */
	int rows;                /* rows drawn so far */
} lend__table;

/* Add a row of T's NCOLS CELLS, with the header first when needed. */
void lend__flow_table_row(lend__flow *f, lend__table *t,
                          const char *const *cells);

/* ---- Charts (chart.c) ---------------------------------------------- */

/* A bar: its length in the chart's units, the text at its end and under
 * or beside it; a HOLLOW bar is outlined (a value not shown). */
typedef struct lend__bar {
	double value;
	const char *shown, *key;
	int hollow;
} lend__bar;

/* Vertical bars under a scale of MAX in four ticks, HEIGHT points high. */
void lend__flow_vbars(lend__flow *f, const lend__bar *bars, size_t n,
                      double max, double height);
/* Horizontal bars, one a line, scaled to MAX. */
void lend__flow_hbars(lend__flow *f, const lend__bar *bars, size_t n,
                      double max);
/* An axis top of four round steps (1, 2 or 5 times a power of ten) at
 * or above V, so that the ticks read as whole numbers. */
double lend__chart_max(double v);

#endif /* LEND_RENDER_H */
