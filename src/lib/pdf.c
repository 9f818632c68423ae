/*
 * PDF through libharu.  The error handler records the first error and
 * returns: libharu then refuses every later call on the document, and
 * lend__pdf_finish() reports it.  Handles that could be NULL after an
 * error (pages, fonts) are checked before use, since libharu dereferences
 * them (NOTES-libs.md).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu/"

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	lend__pdf *p = data;

	if (!p->error) {
		p->error = error;
		p->detail = detail;
	}
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

static HPDF_Font load_font(lend__pdf *p, const char *file)
{
	const char *name = HPDF_LoadTTFontFromFile(p->doc, file, HPDF_TRUE);

	return name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
}

/* The font file setting KEY names, or the shipped DEFAULT. */
static int font_file(char **out, lend_db *db, const char *key,
                     const char *fallback)
{
	int rc = lend__setting_text(out, db, key);

	if (rc == 0 && !**out) {
		free(*out);
		if (!(*out = lend__strdup(fallback)))
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
	}
	return rc;
}

int lend__pdf_new(lend__pdf *p, lend_db *db, const char *title)
{
	char *regular = NULL, *bold = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	p->db = db;
	if (!(p->doc = HPDF_New(on_error, p)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	/* UTF-8 encodings first: GetFont(..., "UTF-8") fails before. */
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	if ((rc = font_file(&regular, db, "font.regular",
	                    FONT_DIR "DejaVuSans.ttf")) ||
	    (rc = font_file(&bold, db, "font.bold",
	                    FONT_DIR "DejaVuSans-Bold.ttf")))
		goto done;
	if (!(p->regular = load_font(p, regular)) ||
	    !(p->bold = load_font(p, bold))) {
		rc = lend__error(db, LEND_EDB, "pdf: cannot load the font '%s' "
		                 "(fonts-dejavu-core, or the font.* settings)",
		                 p->regular ? bold : regular);
		goto done;
	}
	set_date(p);
	if (title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "lend " LEND_VERSION);
done:
	free(regular);
	free(bold);
	return rc;
}

HPDF_Page lend__pdf_page(lend__pdf *p, double w, double h)
{
	HPDF_Page page = p->error ? NULL : HPDF_AddPage(p->doc);

	if (page) {
		HPDF_Page_SetWidth(page, (HPDF_REAL)w);
		HPDF_Page_SetHeight(page, (HPDF_REAL)h);
	}
	return page;
}

void lend__pdf_text(lend__pdf *p, HPDF_Page page, double x, double y,
                    int bold, double size, const char *s)
{
	HPDF_Font f = bold ? p->bold : p->regular;

	if (!page || !f || !*s)
		return;
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, f, (HPDF_REAL)size);
	HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(page);
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
	if (end > 0)
		return end;
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

/* A run of dark modules is one rectangle: fewer operators to write and
 * to read back than one a module. */
void lend__pdf_qr(HPDF_Page page, const lend__qr *qr, double x, double y,
                  double module)
{
	int row, col, start;

	if (!page)
		return;
	HPDF_Page_SetGrayFill(page, 0);
	for (row = 0; row < qr->width; row++) {
		const unsigned char *d = qr->dark + row * qr->width;
		double top = y + (qr->width - 1 - row) * module;

		for (col = 0; col < qr->width; col++) {
			if (!d[col])
				continue;
			for (start = col; col < qr->width && d[col]; col++)
				;
			HPDF_Page_Rectangle(page, (HPDF_REAL)(x + start * module),
			                    (HPDF_REAL)top,
			                    (HPDF_REAL)((col - start) * module),
			                    (HPDF_REAL)module);
		}
	}
	HPDF_Page_Fill(page);
}

int lend__pdf_finish(lend__pdf *p, lend__buf *out)
{
	HPDF_UINT32 size;
	char *data;

	if (!p->error)
		HPDF_SaveToStream(p->doc);
	if (p->error)
		return lend__error(p->db, LEND_EDB, "pdf: libharu error 0x%04X "
		                   "(detail %u)", (unsigned)p->error,
		                   (unsigned)p->detail);
	size = HPDF_GetStreamSize(p->doc);
	if (!(data = malloc(size ? size : 1)))
		return lend__error(p->db, LEND_ENOMEM, "out of memory");
	if (HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)data, &size) != HPDF_OK &&
	    p->error != HPDF_STREAM_EOF) {
		free(data);
		return lend__error(p->db, LEND_EDB, "pdf: cannot read the "
		                   "document back");
	}
	lend__buf_add(out, data, size);
	free(data);
	return out->oom ? lend__error(p->db, LEND_ENOMEM, "out of memory") : 0;
}

void lend__pdf_free(lend__pdf *p)
{
	if (p->doc)
		HPDF_Free(p->doc);
	p->doc = NULL;
}
