/*
 * The growing string pages are written into, and the one escaping function
 * for text and the one for attributes through which every value passes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = realloc(b->p, cap))) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sb_str(struct sbuf *b, const char *s)
{
	if (s)
		sb_add(b, s, strlen(s));
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
	} else if ((size_t)n < sizeof(small)) {
		sb_add(b, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);

		if (!big) {
			b->oom = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_add(b, big, (size_t)n);
		free(big);
	}
}

/* Escape the characters of S that QUOTES says (text: & < >; attribute:
 * also " and '), dropping other control characters than tab and line
 * breaks, which have no business in a page. */
static void escape(struct sbuf *b, const char *s, int quotes)
{
	const char *run;

	if (!s)
		return;
	for (run = s; *s; s++) {
		const char *rep = NULL;
		unsigned char ch = (unsigned char)*s;

		if (ch == '&')
			rep = "&amp;";
		else if (ch == '<')
			rep = "&lt;";
		else if (ch == '>')
			rep = "&gt;";
		else if (quotes && ch == '"')
			rep = "&quot;";
		else if (quotes && ch == '\'')
			rep = "&#39;";
		else if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ||
		         ch == 0x7f)
			rep = "";
		if (rep) {
			sb_add(b, run, (size_t)(s - run));
			sb_str(b, rep);
			run = s + 1;
		}
	}
	sb_add(b, run, (size_t)(s - run));
}

void sb_text(struct sbuf *b, const char *s)
{
	escape(b, s, 0);
}

void sb_attr(struct sbuf *b, const char *s)
{
	escape(b, s, 1);
}

void sb_json(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			sb_printf(b, "\\%c", ch);
		else if (ch == '\n')
			sb_str(b, "\\n");
		else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
			sb_printf(b, "\\u%04x", ch);
		else
			sb_add(b, s, 1);
	}
}

void sb_free(struct sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
