/*
 * The import's shared state (import.c, import_field.c, import_device.c):
 * the file's columns and the fields they hold, the row being read, its
 * cells as typed and cleaned, and the problems found so far.
 */
#ifndef LEND_IMPORT_H
#define LEND_IMPORT_H

#include "internal.h"

#define IMPORT_FIELDS 28
#define IMPORT_CELL 512  /* a cleaned cell's room */
#define IMPORT_SHOWN 50  /* problems shown; --errors FILE has them all */

enum { F_REQUIRED = 1, F_DATE = 2 };

typedef struct lend__ifield {
	const char *name;     /* as export writes it, and --map names it */
	const char *synonyms; /* normalised header names, space-separated */
	unsigned flags;
} lend__ifield;

typedef struct lend__ivalue {  /* --value FIELD:FROM=TO */
	int field;
	const char *from, *to;
	size_t from_len;
} lend__ivalue;

typedef struct lend__import {
	lend_db *db;
	const lend_import_spec *spec;
	const lend__ifield *fields;
	int col[IMPORT_FIELDS];       /* the CSV column of each field, or -1 */
	char order[IMPORT_FIELDS];    /* a date column's: 'd', 'm' or 'y' */
	char head[IMPORT_FIELDS][64]; /* the column's heading, as in the file */
	const char *set[IMPORT_FIELDS]; /* --set */
	lend__ivalue *values;
	int64_t actor;
	size_t rows, added, skipped, updated, loans;
	size_t row;                   /* as a spreadsheet counts: header 1 */
	const char *raw[IMPORT_FIELDS]; /* the row's cells as typed */
	char v[IMPORT_FIELDS][IMPORT_CELL]; /* and cleaned: dates to ISO */
	int row_bad;                  /* problems in this row */
	int missing;                  /* required fields with no column */
	size_t problems;
	lend__buf errors;             /* every problem, as CSV */
	void *dev;                    /* import_device.c's */
	const char *memo[40];         /* field names asked for, by address */
	int memo_field[40];
} lend__import;

int lend__import_fields(lend__import *j);
int lend__import_field(const lend__import *j, const char *name);
/* The row's value of field NAME, or NULL when empty or absent. */
const char *lend__import_val(lend__import *j, const char *name);
/* The file as UTF-8 text: converted from --encoding, and checked. */
int lend__import_text(lend__import *j, char **data, size_t *len);
/* --set, --value and --dates, checked. */
int lend__import_options(lend__import *j);
/* Which column holds which field, the columns left out, those missing. */
int lend__import_header(lend__import *j, const lend__csv *c);
/* Each date column's order, from all its cells. */
int lend__import_dates(lend__import *j, const char *data, size_t len);
/* The row's cells into raw[] and v[]. */
void lend__import_take(lend__import *j, const lend__csv *c);
/* A problem of the row (in field F's column; -1 for the row), counted,
 * one of the first shown, every one kept for --errors: the message KEY
 * with its values (name, value, ..., NULL; four at most), told as the
 * notice import.problem_row, _column or _cell whose value "problem" is
 * it (its key in "problem_key"). */
void lend__import_problem(lend__import *j, int f, const char *key, ...);
/* N as text in BUF (IMPORT_NUM bytes), for a problem's value. */
#define IMPORT_NUM 24
const char *lend__import_num(char *buf, size_t n);
/* RC (a check's, the message on the handle) as a problem of field F's
 * column; returns RC when it is not a problem of the row (ENOMEM, EDB). */
int lend__import_failed(lend__import *j, int f, int rc);
/* The end: the problems' count as the error, --errors written. */
int lend__import_end(lend__import *j);

/* Devices (import_device.c). */
int lend__import_device_begin(lend__import *j);
int lend__import_device(lend__import *j);
int lend__import_device_end(lend__import *j);
void lend__import_device_free(lend__import *j);

#endif /* LEND_IMPORT_H */
