/*
 * Rows: the result of a list or a show, as named columns of text values
 * with their types, so that a caller can print a table or JSON without
 * knowing the query behind it.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct cell {
	int type;
	char *text;
} cell;

struct lend_rows {
	size_t ncols, nrows, cap;
	char **names;
	cell *cells; /* nrows * ncols, row-major */
};

lend_rows *lend__rows_new(size_t ncols)
{
	lend_rows *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->ncols = ncols;
	if (ncols && !(r->names = calloc(ncols, sizeof(char *)))) {
		free(r);
		return NULL;
	}
	return r;
}

int lend__rows_set_name(lend_rows *r, size_t col, const char *name)
{
	assert(col < r->ncols);
	free(r->names[col]);
	return (r->names[col] = lend__strdup(name)) ? 0 : -1;
}

long lend__rows_add(lend_rows *r)
{
	if (r->nrows == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		cell *c = realloc(r->cells, cap * r->ncols * sizeof(cell));

		if (!c && r->ncols)
			return -1;
		r->cells = c;
		r->cap = cap;
	}
	memset(r->cells + r->nrows * r->ncols, 0, r->ncols * sizeof(cell));
	return (long)r->nrows++;
}

int lend__rows_set(lend_rows *r, size_t row, size_t col, int type,
                   const char *text, size_t len)
{
	cell *c = &r->cells[row * r->ncols + col];

	assert(row < r->nrows && col < r->ncols);
	free(c->text);
	c->text = NULL;
	c->type = text ? type : LEND_NULL;
	if (!text)
		return 0;
	if (!(c->text = malloc(len + 1)))
		return -1;
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	return 0;
}

size_t lend_rows_count(const lend_rows *rows)
{
	assert(rows);
	return rows->nrows;
}

size_t lend_rows_columns(const lend_rows *rows)
{
	assert(rows);
	return rows->ncols;
}

const char *lend_rows_name(const lend_rows *rows, size_t col)
{
	assert(rows && col < rows->ncols);
	return rows->names[col];
}

int lend_rows_type(const lend_rows *rows, size_t row, size_t col)
{
	assert(rows && row < rows->nrows && col < rows->ncols);
	return rows->cells[row * rows->ncols + col].type;
}

const char *lend_rows_text(const lend_rows *rows, size_t row, size_t col)
{
	assert(rows && row < rows->nrows && col < rows->ncols);
	return rows->cells[row * rows->ncols + col].text;
}

const char *lend_rows_get(const lend_rows *rows, size_t row,
                          const char *name)
{
	size_t c;

	assert(rows && name);
	for (c = 0; c < rows->ncols; c++)
		if (strcmp(rows->names[c], name) == 0)
			return lend_rows_text(rows, row, c);
	return NULL;
}

static void row_json(lend__buf *b, const lend_rows *r, size_t row)
{
	size_t c;

	lend__buf_str(b, "{");
	for (c = 0; c < r->ncols; c++) {
		const cell *v = &r->cells[row * r->ncols + c];

		if (c)
			lend__buf_str(b, ",");
		lend__buf_json(b, r->names[c]);
		lend__buf_str(b, ":");
		if (v->type == LEND_INTEGER || v->type == LEND_REAL)
			lend__buf_str(b, v->text);
		else
			lend__buf_json(b, v->text);
	}
	lend__buf_str(b, "}");
}

int lend_rows_json(char **out, const lend_rows *rows, int flags)
{
	lend__buf b = { 0 };
	size_t i;
	char *s;

	assert(out && rows);
	if (flags & LEND_JSON_OBJECT) {
		if (rows->nrows)
			row_json(&b, rows, 0);
		else
			lend__buf_str(&b, "null");
	} else {
		lend__buf_str(&b, "[");
		for (i = 0; i < rows->nrows; i++) {
			if (i)
				lend__buf_str(&b, ",");
			row_json(&b, rows, i);
		}
		lend__buf_str(&b, "]");
	}
	if (!(s = lend__buf_take(&b)))
		return LEND_ENOMEM;
	*out = s;
	return 0;
}

void lend_rows_free(lend_rows *rows)
{
	size_t i;

	if (!rows)
		return;
	for (i = 0; i < rows->nrows * rows->ncols; i++)
		free(rows->cells[i].text);
	for (i = 0; i < rows->ncols; i++)
		free(rows->names[i]);
	free(rows->cells);
	free(rows->names);
	free(rows);
}
