/*
 * Growable strings, for JSON and for messages longer than a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int grow(lend__buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	if (!(s = realloc(b->s, cap))) {
		b->oom = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void lend__buf_add(lend__buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void lend__buf_str(lend__buf *b, const char *s)
{
	lend__buf_add(b, s, strlen(s));
}

void lend__buf_printf(lend__buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void lend__buf_json(lend__buf *b, const char *s)
{
	const unsigned char *p;

	if (!s) {
		lend__buf_str(b, "null");
		return;
	}
	lend__buf_add(b, "\"", 1);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': lend__buf_str(b, "\\\""); break;
		case '\\': lend__buf_str(b, "\\\\"); break;
		case '\n': lend__buf_str(b, "\\n"); break;
		case '\r': lend__buf_str(b, "\\r"); break;
		case '\t': lend__buf_str(b, "\\t"); break;
		default:
			if (*p < 0x20)
				lend__buf_printf(b, "\\u%04x", *p);
			else
				lend__buf_add(b, (const char *)p, 1);
		}
	}
	lend__buf_add(b, "\"", 1);
}

char *lend__buf_take(lend__buf *b)
{
	char *s = b->oom ? NULL : b->s;

	if (!s && !b->oom)
		s = lend__strdup("");
	if (b->oom)
		free(b->s);
	memset(b, 0, sizeof(*b));
	return s;
}

void lend__buf_free(lend__buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

char *lend__strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	return d ? memcpy(d, s, n) : NULL;
}
