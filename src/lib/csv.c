/*
 * CSV as spreadsheets write it (RFC 4180): quoted fields with commas,
 * quotes and line breaks inside, CRLF, LF or CR alone (Excel's "CSV
 * (Macintosh)"), a UTF-8 byte-order mark, and commas, semicolons or tabs
 * between fields.  Records are read one at a time from a buffer, into a
 * buffer reused for every record.  And the one writer of a CSV cell.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The separator of the first line: the most used of ',', ';' and tab
 * outside quotes. */
static char find_sep(const char *p, const char *end)
{
	size_t n[3] = { 0, 0, 0 };
	int quoted = 0;

	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
	}
	if (n[1] > n[0] && n[1] >= n[2])
		return ';';
	return n[2] > n[0] ? '\t' : ',';
}

void lend__csv_start(lend__csv *c, const char *data, size_t len, char sep)
{
	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + len;
	c->line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	c->sep = sep ? sep : find_sep(c->p, c->end);
}

static int push(lend__csv *c, char ch)
{
	if (c->len + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char *b = realloc(c->buf, cap);

		if (!b)
			return -1;
		c->buf = b;
		c->cap = cap;
	}
	c->buf[c->len++] = ch;
	return 0;
}

static int end_field(lend__csv *c)
{
	if (c->nfields == c->fcap) {
		size_t cap = c->fcap ? c->fcap * 2 : 16;
		size_t *f = realloc(c->start, cap * sizeof(*f));

		if (!f)
			return -1;
		c->start = f;
		c->fcap = cap;
	}
	if (push(c, '\0'))
		return -1;
	c->start[c->nfields++] = c->len; /* the next field's start */
	return 0;
}

int lend__csv_next(lend__csv *c)
{
	int quoted = 0, in_quotes = 0;

	c->len = 0;
	c->nfields = 0;
	c->record_line = c->line;
	if (c->p >= c->end)
		return 0;
	while (c->p < c->end) {
		char ch = *c->p++;

		if (in_quotes) {
			if (ch == '"' && c->p < c->end && *c->p == '"') {
				c->p++;
				if (push(c, '"'))
					return -2;
			} else if (ch == '"') {
				in_quotes = 0;
			} else if (ch == '\r') {
				/* a line break in a field is kept as LF */
				if (c->p < c->end && *c->p == '\n')
					continue;
				c->line++;
				if (push(c, '\n'))
					return -2;
			} else {
				if (ch == '\n')
					c->line++;
				if (push(c, ch))
					return -2;
			}
			continue;
		}
		if (ch == '"' && !quoted && (c->len == 0 ||
		    c->buf[c->len - 1] == '\0')) {
			in_quotes = quoted = 1;
		} else if (ch == c->sep) {
			if (end_field(c))
				return -2;
			quoted = 0;
		} else if (ch == '\r' && c->p < c->end && *c->p == '\n') {
			continue;
		} else if (ch == '\n' || ch == '\r') {
			c->line++;
			break;
		} else if (push(c, ch)) {
			return -2;
		}
	}
	if (in_quotes)
		return -1;
	if (end_field(c))
		return -2;
	return 1;
}

const char *lend__csv_field(const lend__csv *c, size_t i)
{
	return i == 0 ? c->buf : c->buf + c->start[i - 1];
}

int lend__csv_blank(const lend__csv *c)
{
	return c->nfields == 1 && c->buf[0] == '\0';
}

void lend__csv_free(lend__csv *c)
{
	free(c->buf);
	free(c->start);
	memset(c, 0, sizeof(*c));
}

size_t lend__csv_bad_utf8(const char *data, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		char seq[5] = { 0 }; /* DATA need not end in a NUL */

		if ((unsigned char)data[i] < 0x80) {
			if (data[i] == '\0')
				return i;
			i++;
			continue;
		}
		memcpy(seq, data + i, len - i < 4 ? len - i : 4);
		if ((n = lend__utf8_len(seq)) == 0)
			return i;
		i += n;
	}
	return len;
}

void lend__csv_cell(lend__buf *b, const char *v)
{
	int formula;

	if (!v)
		return;
	formula = *v && strchr("=+-@\t\r", *v);
	if (!formula && !strpbrk(v, ",\"\r\n")) {
		lend__buf_str(b, v);
		return;
	}
	lend__buf_str(b, formula ? "\"'" : "\"");
	for (; *v; v++) {
		if (*v == '"')
			lend__buf_str(b, "\"");  /* a quote is written twice */
		lend__buf_add(b, v, 1);
	}
	lend__buf_str(b, "\"");
}
