/*
 * The documents' side of the render room: it reads the settings render
 * must not know (which fonts), and reports render's failures on the
 * handle, as every other failure is reported.
 */
#include <stdlib.h>

#include "drawing.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu/"

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
		return lend__error(db, LEND_ENOMEM, "%s", err->msg);
	case LEND__R_INVAL:
		return lend__error(db, LEND_EINVAL, "%s", err->msg);
	case LEND__R_FONT:
		return lend__error(db, LEND_EDB, "%s (fonts-dejavu-core, or the "
		                   "font.* settings)", err->msg);
	default:
		return lend__error(db, LEND_EDB, "%s", err->msg);
	}
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

int lend__pdf_open(lend__pdf **out, lend_db *db, const char *title)
{
	lend__pdf_spec spec = { NULL, NULL, title, "lend " LEND_VERSION };
	char *regular = NULL, *bold = NULL;
	lend__rerr err = { 0 };
	lend__pdf *p = NULL;
	int rc;

	if ((rc = font_file(&regular, db, "font.regular",
	                    FONT_DIR "DejaVuSans.ttf")) ||
	    (rc = font_file(&bold, db, "font.bold",
	                    FONT_DIR "DejaVuSans-Bold.ttf")))
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
	return out->oom ? lend__error(db, LEND_ENOMEM, "out of memory") : 0;
}

int lend__qr_encode(lend__qr *out, lend_db *db, const char *payload)
{
	lend__rerr err = { 0 };

	return lend__qr_make(out, &err, payload) ? lend__render_error(db, &err)
	                                         : 0;
}
