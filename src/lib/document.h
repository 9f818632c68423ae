/*
 * What the loan's documents share (agreement.c, slip.c): the loan and its
 * items read once, the consortium's texts, the words in the borrower's
 * language or both, and the flow they are drawn on.  Internal to liblend.
 */
#ifndef LEND_DOCUMENT_H
#define LEND_DOCUMENT_H

#include "drawing.h"

enum { LEND__EN = 1, LEND__CY = 2 };

typedef struct lend__doc {
	lend_db *db;
	lend__pdf *pdf;
	lend__flow flow;
	int langs;        /* LEND__EN, LEND__CY or both */
	lend_rows *loan;  /* one row */
	lend_rows *items; /* a row an item */
	char *consortium, *version, *phone, *terms[2], *privacy[2];
	int64_t months;
	int pages;        /* counted by a first layout, for "page N of M" */
	unsigned char *signature; /* the PNG drawn at the desk, or NULL */
	size_t signature_len;     /* (agreement.c's: it loads and frees it) */
} lend__doc;

/* Read loan LOAN for a document of CONCERN in LANG ("en", "cy", "en+cy",
 * NULL for the borrower's).  Free D with lend__doc_free(), also on
 * failure. */
int lend__doc_load(lend__doc *d, lend_db *db, const char *concern,
                   const char *loan, const char *lang);
void lend__doc_free(lend__doc *d);
/* The loan's field NAME, or "". */
const char *lend__doc_field(lend__doc *d, const char *name);
/* Word KEY as "English / Cymraeg", or in the one language.  ONE: the
 * first language only. */
const char *lend__doc_say(lend__doc *d, const char *key, char *buf,
                          size_t size);
const char *lend__doc_say_one(lend__doc *d, const char *key, char *buf,
                              size_t size);
/* Word KEY of book BOOK (texts/BOOK-LANG.txt) as lend__doc_say() gives
 * a word of the documents' own. */
const char *lend__doc_say_book(lend__doc *d, const char *book,
                               const char *key, char *buf, size_t size);
/* TEMPLATE with each {NAMES[i]} replaced by VALUES[i] (N of them)
 * appended to B. */
void lend__doc_fill(lend__buf *b, const char *template,
                    const char *const *names, const char *const *values,
                    size_t n);
/* A device kind's name in the document's languages. */
const char *lend__doc_kind(lend__doc *d, const char *kind, char *buf,
                           size_t size);
/* "A, B", or whichever of the two is not empty. */
const char *lend__doc_join(char *buf, size_t size, const char *a,
                           const char *sep, const char *b);
/* Date ISO (YYYY-MM-DD, or a time that starts with one) written out in
 * the document's languages: "Monday 28 December 2026". */
const char *lend__doc_date(lend__doc *d, const char *iso, char *buf,
                           size_t size);
/* A document's date of issue, YYYY-MM-DD: today, or the day of
 * SOURCE_DATE_EPOCH, so that a document can be made again byte for byte. */
void lend__issue_date(char out[11]);
/* Days from 1970-01-01 to Y-M-DD. */
long lend__days_of(int y, int m, int dd);
/* "Monday 28 December 2026" in LANG ("en", "cy"), or ISO as it is when
 * not a date. */
void lend__long_date(char *buf, size_t size, const char *lang,
                     const char *iso);
/* The loan's QR code, SIZE points square, its top-left at X, Y. */
void lend__doc_qr(lend__doc *d, double x, double y, double size);

#endif
