/*
 * Labels, shared by the template parser (template.c), the layout of one
 * label (label_layout.c) and the writers (label.c).  Internal to liblend.
 */
#ifndef LEND_LABEL_H
#define LEND_LABEL_H

#include "drawing.h"

#define LEND__LABEL_LINE 160
/* Millimetres in a point. */
#define LEND__PT_MM (25.4 / 72.0)

/* A sheet of labels, in millimetres. */
typedef struct lend__sheet {
	char name[80];
	double page_w, page_h, label_w, label_h, margin_l, margin_t;
	double pitch_x, pitch_y, qr, padding, tag_pt, text_pt, dpi;
	double columns, rows;
} lend__sheet;

/* The sheet NAME: a shipped template by name, or a .label file by path
 * (NULL: the default). */
int lend__sheet_load(lend__sheet *s, lend_db *db, const char *name);

typedef struct lend__line {
	double x, y, pt; /* baseline, mm from the label's top-left */
	int bold;
	char text[LEND__LABEL_LINE];
} lend__line;

typedef struct lend__layout {
	lend__qr qr;
	double qr_x, qr_y, module; /* the code's top-left, quiet zone out */
	lend__line lines[8];
	int nlines;
} lend__layout;

/* Lay out a label of sheet S: PAYLOAD's QR code and TEXTS (the tag, the
 * consortium, the member, the contact; NULL or "" left out) measured with
 * METRICS' fonts.  Free LO->qr with lend__qr_free(). */
int lend__label_lay_out(lend__layout *lo, lend_db *db, lend__pdf *metrics,
                        const lend__sheet *s, const char *payload,
                        const char *const *texts);

#endif
