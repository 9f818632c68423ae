/*
 * PDF through libharu.  The error handler records the first error and
 * returns: libharu then refuses every later call on the document, and
 * lend__pdf_finish() reports it.  Handles that could be NULL after an
 * error (pages, fonts) are checked before use, since libharu dereferences
 * them (NOTES-libs.md).
 */
#include <stdlib.h>
#include <string.h>

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

static HPDF_Font load_font(lend__pdf *p, const char *file)
{
	const char *name = HPDF_LoadTTFontFromFile(p->doc, file, HPDF_TRUE);

	return name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
}

int lend__pdf_new(lend__pdf *p, lend_db *db, const char *title)
{
	memset(p, 0, sizeof(*p));
	p->db = db;
	if (!(p->doc = HPDF_New(on_error, p)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	/* UTF-8 encodings first: GetFont(..., "UTF-8") fails before. */
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->regular = load_font(p, FONT_DIR "DejaVuSans.ttf");
	p->bold = load_font(p, FONT_DIR "DejaVuSans-Bold.ttf");
	if (!p->regular || !p->bold)
		return lend__error(db, LEND_EDB, "pdf: cannot load the DejaVu "
		                   "fonts from " FONT_DIR " (fonts-dejavu-core)");
	if (title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "lend " LEND_VERSION);
	return 0;
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
