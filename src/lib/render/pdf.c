/*
 * PDF through libharu.  The error handler records the first error and
 * returns: libharu then refuses every later call on the document, and
 * lend__pdf_save() reports it.  Handles that could be NULL after an
 * error (pages, fonts) are checked before use, since libharu dereferences
 * them and crashes.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "render.h"

struct lend__pdf {
	HPDF_Doc doc;
	HPDF_Font regular, bold;
	HPDF_STATUS error, detail; /* the first error libharu reported */
};

#define PAGE(p) ((HPDF_Page)(void *)(p))

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	lend__pdf *p = data;

	if (!p->error) {
		p->error = error;
		p->detail = detail;
	}
}

static int fail(lend__rerr *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(lend__rerr *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err->code) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* A document is dated only from SOURCE_DATE_EPOCH: the same database and
 * the same epoch give the same bytes, and without it no date is written
 * at all (libharu adds none, and no /ID unless encrypting). */
static void set_date(lend__pdf *p)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	HPDF_Date d = { 0, 0, 0, 0, 0, 0, 'Z', 0, 0 };
	time_t t;
	struct tm tm;
	char *end = NULL;

	if (!e || !*e)
		return;
	t = (time_t)strtoll(e, &end, 10);
	if (*end || !gmtime_r(&t, &tm))
		return;
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
}

/* The ToUnicode map of a font whose codes are Unicode code points:
 * libharu 2.3.0 writes its encoding map there (begincidrange), which
 * poppler warns about on every run and readers may misread for search
 * and copy.  A range may not cross its last byte, hence 256 ranges. */
static void cmap_ranges(HPDF_Stream s)
{
	char line[40];
	int hi, n;

	for (hi = 0; hi < 256; hi += n) {
		n = 256 - hi < 100 ? 256 - hi : 100;
		snprintf(line, sizeof(line), "%d beginbfrange\n", n);
		HPDF_Stream_WriteStr(s, line);
		for (int i = hi; i < hi + n; i++) {
			snprintf(line, sizeof(line),
			         "<%02X00> <%02XFF> <%02X00>\n", i, i, i);
			HPDF_Stream_WriteStr(s, line);
		}
		HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
}

static void identity_to_unicode(lend__pdf *p, HPDF_Font font)
{
	HPDF_Dict map;

	if (!HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) ||
	    !(map = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref)))
		return;
	map->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Stream_WriteStr(map->stream,
		"/CIDInit /ProcSet findresource begin\n12 dict begin\n"
		"begincmap\n/CIDSystemInfo << /Registry (Adobe) "
		"/Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	cmap_ranges(map->stream);
	HPDF_Stream_WriteStr(map->stream, "endcmap\nCMapName currentdict "
		"/CMap defineresource pop\nend\nend\n");
	HPDF_Dict_Add(font, "ToUnicode", map);
}

static HPDF_Font load_font(lend__pdf *p, const char *file)
{
	const char *name = HPDF_LoadTTFontFromFile(p->doc, file, HPDF_TRUE);
	HPDF_Font font = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;

	if (font)
		identity_to_unicode(p, font);
	return font;
}

int lend__pdf_new(lend__pdf **out, lend__rerr *err,
                  const lend__pdf_spec *spec)
{
	lend__pdf *p = calloc(1, sizeof(*p));

	*out = p;
	if (!p || !(p->doc = HPDF_New(on_error, p)))
		return fail(err, LEND__R_NOMEM, "out of memory");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	/* UTF-8 encodings first: GetFont(..., "UTF-8") fails before. */
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	if (!(p->regular = load_font(p, spec->regular)) ||
	    !(p->bold = load_font(p, spec->bold)))
		return fail(err, LEND__R_FONT, "pdf: cannot load the font '%s'",
		            p->regular ? spec->bold : spec->regular);
	set_date(p);
	if (spec->title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, spec->title);
	if (spec->creator)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, spec->creator);
	return LEND__R_OK;
}

void lend__pdf_free(lend__pdf *p)
{
	if (!p)
		return;
	if (p->doc)
		HPDF_Free(p->doc);
	free(p);
}

int lend__pdf_save(lend__pdf *p, const lend__sink *out, lend__rerr *err)
{
	HPDF_UINT32 size;
	char *data;

	if (!p->error)
		HPDF_SaveToStream(p->doc);
	if (p->error)
		return fail(err, LEND__R_FAIL, "pdf: libharu error 0x%04X "
		            "(detail %u)", (unsigned)p->error,
		            (unsigned)p->detail);
	size = HPDF_GetStreamSize(p->doc);
	if (!(data = malloc(size ? size : 1)))
		return fail(err, LEND__R_NOMEM, "out of memory");
	if (HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)data, &size) != HPDF_OK &&
	    p->error != HPDF_STREAM_EOF) {
		free(data);
		return fail(err, LEND__R_FAIL, "pdf: cannot read the document "
		            "back");
	}
	out->write(out->ctx, data, size);
	free(data);
	return LEND__R_OK;
}

lend__page *lend__pdf_page(lend__pdf *p, double w, double h)
{
	HPDF_Page page = p->error ? NULL : HPDF_AddPage(p->doc);

	if (page) {
		HPDF_Page_SetWidth(page, (HPDF_REAL)w);
		HPDF_Page_SetHeight(page, (HPDF_REAL)h);
	}
	return (lend__page *)(void *)page;
}

void lend__pdf_text(lend__pdf *p, lend__page *page, double x, double y,
                    int bold, double size, const char *s)
{
	HPDF_Font f = bold ? p->bold : p->regular;

	if (!page || !f || !*s)
		return;
	HPDF_Page_BeginText(PAGE(page));
	HPDF_Page_SetFontAndSize(PAGE(page), f, (HPDF_REAL)size);
	HPDF_Page_TextOut(PAGE(page), (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(PAGE(page));
}

double lend__pdf_width(lend__pdf *p, int bold, double size, const char *s)
{
	HPDF_Font f = bold ? p->bold : p->regular;
	HPDF_TextWidth tw;

	if (!f || !*s)
		return 0;
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
	return tw.width * size / 1000.0;
}

double lend__pdf_width_n(lend__pdf *p, int bold, double size, const char *s,
                         size_t n)
{
	char buf[1024];

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return lend__pdf_width(p, bold, size, buf);
}

/* A word longer than the line: as many whole UTF-8 characters as fit,
 * at least one. */
static size_t fit_chars(lend__pdf *p, int bold, double size, const char *s,
                        size_t n, double width)
{
	size_t end = 0, i;

	for (i = 1; i <= n; i++) {
		if (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (lend__pdf_width_n(p, bold, size, s, i) > width)
			break;
		end = i;
	}
	if (end == 0)
		for (end = 1; end < n && ((unsigned char)s[end] & 0xC0) == 0x80;
		     end++)
			;
	return end;
}

size_t lend__pdf_fit(lend__pdf *p, int bold, double size, const char *s,
                     size_t n, double width)
{
	size_t end = 0, i;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ' ')
			continue;
		if (lend__pdf_width_n(p, bold, size, s, i) > width)
			break;
		end = i;
		if (i == n)
			return n;
	}
	return end > 0 ? end : fit_chars(p, bold, size, s, n, width);
}

void lend__pdf_gray(lend__page *page, double g)
{
	if (!page)
		return;
	HPDF_Page_SetGrayFill(PAGE(page), (HPDF_REAL)g);
	HPDF_Page_SetGrayStroke(PAGE(page), (HPDF_REAL)g);
}

void lend__pdf_box(lend__page *page, double x, double y, double w, double h,
                   int fill)
{
	if (!page)
		return;
	HPDF_Page_Rectangle(PAGE(page), (HPDF_REAL)x, (HPDF_REAL)y,
	                    (HPDF_REAL)w, (HPDF_REAL)h);
	if (fill)
		HPDF_Page_Fill(PAGE(page));
	else
		HPDF_Page_Stroke(PAGE(page));
}

void lend__pdf_rule(lend__page *page, double x0, double x1, double y)
{
	if (!page)
		return;
	HPDF_Page_SetLineWidth(PAGE(page), 0.5);
	HPDF_Page_MoveTo(PAGE(page), (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(PAGE(page), (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(PAGE(page));
}

typedef struct qr_at {
	HPDF_Page page;
	double x, y, module;
	int width;
} qr_at;

static void qr_run(void *ctx, int row, int col, int len)
{
	const qr_at *q = ctx;
	double top = q->y + (q->width - 1 - row) * q->module;

	HPDF_Page_Rectangle(q->page, (HPDF_REAL)(q->x + col * q->module),
	                    (HPDF_REAL)top, (HPDF_REAL)(len * q->module),
	                    (HPDF_REAL)q->module);
}

/* A run of dark modules is one rectangle, all filled at once: fewer
 * operators to write and to read back than one a module. */
void lend__pdf_qr(lend__page *page, const lend__qr *qr, double x, double y,
                  double module)
{
	qr_at q = { PAGE(page), x, y, module, qr->width };

	if (!page)
		return;
	HPDF_Page_SetGrayFill(q.page, 0);
	lend__qr_runs(qr, qr_run, &q);
	HPDF_Page_Fill(q.page);
}

/* ---- Pictures ------------------------------------------------------- */

/* PNG's LEN bytes as an image of P, or NULL once the document has failed
 * (libharu refuses every call after its first error). */
static HPDF_Image load_png(lend__pdf *p, const unsigned char *png,
                           size_t len)
{
	if (p->error || len > 0xFFFFFFFFu)
		return NULL;
	return HPDF_LoadPngImageFromMem(p->doc, (const HPDF_BYTE *)png,
	                                (HPDF_UINT)len);
}

void lend__pdf_png(lend__pdf *p, lend__page *page, const unsigned char *png,
                   size_t len, double x, double y, double w, double h)
{
	lend__rerr err = { 0, "" };
	HPDF_Image img;
	double iw, ih, scale;

	if (!page || lend__png_check(&err, png, len) != LEND__R_OK ||
	    !(img = load_png(p, png, len)))
		return;
	iw = HPDF_Image_GetWidth(img);
	ih = HPDF_Image_GetHeight(img);
	if (iw <= 0 || ih <= 0)
		return;
	scale = w / iw < h / ih ? w / iw : h / ih;
	HPDF_Page_DrawImage(PAGE(page), img, (HPDF_REAL)x, (HPDF_REAL)y,
	                    (HPDF_REAL)(iw * scale), (HPDF_REAL)(ih * scale));
}

int lend__pdf_png_check(lend__rerr *err, const unsigned char *png,
                        size_t len)
{
	lend__pdf p = { NULL, NULL, NULL, 0, 0 };
	int ok, rc;

	if ((rc = lend__png_check(err, png, len)) != LEND__R_OK)
		return rc;
	if (!(p.doc = HPDF_New(on_error, &p)))
		return fail(err, LEND__R_NOMEM, "out of memory");
	ok = load_png(&p, png, len) != NULL && !p.error;
	HPDF_Free(p.doc);
	if (!ok)
		return fail(err, LEND__R_INVAL, "pdf: libharu cannot read the "
		            "PNG (error 0x%04X)", (unsigned)p.error);
	return LEND__R_OK;
}
