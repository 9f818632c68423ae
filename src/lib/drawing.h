/*
 * What the documents share to draw through the render room: a document
 * opened with the consortium's fonts (settings font.regular, font.bold),
 * the room's failures turned into the handle's message, its bytes into a
 * lend__buf.  Internal to liblend.
 */
#ifndef LEND_DRAWING_H
#define LEND_DRAWING_H

#include "internal.h"
#include "render/render.h"

/* A sink that appends to B (B->oom says when it ran out of memory). */
lend__sink lend__buf_sink(lend__buf *b);
/* Set DB's message from ERR and return its LEND_E* code. */
int lend__render_error(lend_db *db, const lend__rerr *err);
/* A new PDF titled TITLE, in the fonts the settings name, or DejaVu.
 * Caller owns *out; free with lend__pdf_free(). */
int lend__pdf_open(lend__pdf **out, lend_db *db, const char *title);
/* Append P's bytes to OUT. */
int lend__pdf_finish(lend__pdf *p, lend_db *db, lend__buf *out);
/* The QR code of PAYLOAD; free with lend__qr_free(). */
int lend__qr_encode(lend__qr *out, lend_db *db, const char *payload);

#endif
