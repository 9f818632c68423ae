/*
 * Text: UTF-8 as lend accepts it in a field (no control character, bidi
 * override or noncharacter that could forge a line) and as it shows a
 * value in a message (everything else escaped as \xNN).
 */
#include <stdio.h>
#include <string.h>

#include "value.h"

/* Length of the UTF-8 sequence at P, or 0 when it is not one: overlong
 * forms, surrogates and values past U+10FFFF are refused too. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned c = p[0];
	size_t n, i;
	unsigned long v;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, v = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	return n;
}

size_t lend__utf8_len(const char *s)
{
	return utf8_seq((const unsigned char *)s);
}

/* The code point of the UTF-8 sequence of N bytes at P. */
static unsigned long code_point(const unsigned char *p, size_t n)
{
	static const unsigned char lead[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	unsigned long v = p[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		v = (v << 6) | (p[i] & 0x3F);
	return v;
}

/* Why code point V may not stand in text (LINES: newline and tab may). */
static const char *char_fault(unsigned long v, int lines)
{
	if ((v == '\n' || v == '\t') && lines)
		return NULL;
	if (v == '\n' || v == '\r')
		return "a line break";
	if (v < 0x20 || (v >= 0x7F && v <= 0x9F))
		return "a control character";
	if ((v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069))
		return "a bidirectional override";
	if (v == 0xFFFE || v == 0xFFFF)
		return "a noncharacter (U+FFFE or U+FFFF)";
	return NULL;
}

const char *lend__text_fault(const char *s, int lines, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq(p);
		const char *why = n ? char_fault(code_point(p, n), lines)
		                    : "a byte that is not UTF-8";

		if (why) {
			if (at)
				*at = (size_t)(p - (const unsigned char *)s);
			return why;
		}
		p += n;
	}
	return NULL;
}

size_t lend__printable_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = utf8_seq(p);

	return n && !char_fault(code_point(p, n), 0) ? n : 0;
}

size_t lend__text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int lend__is_text(const char *s)
{
	return lend__text_fault(s, 1, NULL) == NULL;
}

size_t lend__shown_char(char unit[8], const char **s)
{
	size_t n = lend__printable_len(*s);

	if (n > 0) {
		memcpy(unit, *s, n);
		*s += n;
		return n;
	}
	return (size_t)snprintf(unit, 8, "\\x%02x", (unsigned char)*(*s)++);
}

int lend__shown_add(char *out, size_t *len, size_t size, const char *unit,
                    size_t k)
{
	if (*len + k + 4 > size) {
		memcpy(out + *len, "\xE2\x80\xA6", 3);
		*len += 3;
		return -1;
	}
	memcpy(out + *len, unit, k);
	*len += k;
	return 0;
}

char *lend_text_shown(char *out, size_t size, const char *value)
{
	size_t len = 0, chars = 0, k;
	char unit[8];

	for (; *value; chars++) {
		k = lend__shown_char(unit, &value);
		if (lend__shown_add(out, &len, chars == 64 ? 0 : size, unit, k))
			break;
	}
	out[len] = '\0';
	return out;
}
