/*
 * The documents' side of the render room: it reads the settings render
 * must not know (which fonts), and reports render's failures on the
 * handle, as every other failure is reported.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <unistd.h>

#include "drawing.h"

/* Where the fonts are: DejaVu with its composite glyphs decomposed, as
 * the build makes it (scripts/decompose-font.py) and `make install` puts
 * it, or else as Debian ships it (which libharu draws wrong in
 * Vietnamese). */
#ifndef LEND_DATA_FONTS
#define LEND_DATA_FONTS "/usr/local/share/lend/fonts/"
#endif
#ifndef LEND_BUILD_FONTS
#define LEND_BUILD_FONTS "build/fonts/"
#endif
static const char *const font_dirs[] = { LEND_DATA_FONTS, LEND_BUILD_FONTS,
                                         "/usr/share/fonts/truetype/dejavu/" };

static void buf_write(void *ctx, const char *s, size_t n)
{
	lend__buf_add(ctx, s, n);
}

lend__sink lend__buf_sink(lend__buf *b)
{
	lend__sink s = { buf_write, b };

	return s;
}

int lend__render_error(lend_db *db, const lend__rerr *err)
{
	switch (err->code) {
	case LEND__R_NOMEM:
		return lend__fail(db, LEND_ENOMEM, "render.message", "message",
		                  err->msg, NULL);
	case LEND__R_INVAL:
		return lend__fail(db, LEND_EINVAL, "render.message", "message",
		                  err->msg, NULL);
	case LEND__R_FONT:
		return lend__fail(db, LEND_EDB, "render.font", "message",
		                  err->msg, NULL);
	default:
		return lend__fail(db, LEND_EDB, "render.message", "message",
		                  err->msg, NULL);
	}
}

/* The font file setting KEY names, or FILE in the first of font_dirs
 * that has it (the last one as a last resort). */
static int font_file(char **out, lend_db *db, const char *key,
                     const char *file)
{
	size_t i, last = sizeof(font_dirs) / sizeof(font_dirs[0]) - 1;
	int rc = lend__setting_text(out, db, key);

	if (rc != 0 || **out)
		return rc;
	free(*out);
	for (i = 0; i <= last; i++) {
		lend__buf b = { 0 };

		lend__buf_printf(&b, "%s%s", font_dirs[i], file);
		if (!(*out = lend__buf_take(&b)))
			return lend__fail(db, LEND_ENOMEM,
			                  "lend.out_of_memory", NULL);
		if (i == last || access(*out, R_OK) == 0)
			break;
		free(*out);
	}
	return 0;
}

int lend__pdf_open(lend__pdf **out, lend_db *db, const char *title)
{
	lend__pdf_spec spec = { NULL, NULL, title, "lend " LEND_VERSION };
	char *regular = NULL, *bold = NULL;
	lend__rerr err = { 0 };
	lend__pdf *p = NULL;
	int rc;

	if ((rc = font_file(&regular, db, "font.regular",
	                    "DejaVuSans.ttf")) ||
	    (rc = font_file(&bold, db, "font.bold",
	                    "DejaVuSans-Bold.ttf")))
		goto done;
	spec.regular = regular;
	spec.bold = bold;
	if (lend__pdf_new(&p, &err, &spec))
		rc = lend__render_error(db, &err);
done:
	free(regular);
	free(bold);
	if (rc == 0)
		*out = p;
	else
		lend__pdf_free(p);
	return rc;
}

int lend__pdf_finish(lend__pdf *p, lend_db *db, lend__buf *out)
{
	lend__sink sink = lend__buf_sink(out);
	lend__rerr err = { 0 };

	if (lend__pdf_save(p, &sink, &err))
		return lend__render_error(db, &err);
	return out->oom ? lend__fail(db, LEND_ENOMEM,
	                             "lend.out_of_memory", NULL) : 0;
}

int lend__qr_encode(lend__qr *out, lend_db *db, const char *payload)
{
	lend__rerr err = { 0 };

	return lend__qr_make(out, &err, payload) ? lend__render_error(db, &err)
	                                         : 0;
}
