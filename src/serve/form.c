/*
 * What a request carries, read without libmicrohttpd so that a fuzzer can
 * run it alone (tests/fuzz/fuzz_form.c): URL-encoded forms and query
 * strings, multipart uploads, cookies, Accept-Language, the signature
 * pad's data URL and a path's segments.  Every value is kept as bytes with
 * a NUL after them; what they mean is the library's to check.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

#define MAX_FIELDS 4096

static int add(struct form *f, const char *name, size_t nlen,
               const char *value, size_t vlen, const char *filename)
{
	struct field *fl;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct field *p;

		if (f->n >= MAX_FIELDS ||
		    !(p = realloc(f->f, cap * sizeof(*p))))
			return -1;
		f->f = p;
		f->cap = cap;
	}
	fl = &f->f[f->n];
	fl->name = malloc(nlen + 1);
	fl->value = malloc(vlen + 1);
	fl->filename = filename ? strdup(filename) : NULL;
	if (!fl->name || !fl->value || (filename && !fl->filename)) {
		free(fl->name);
		free(fl->value);
		free(fl->filename);
		return -1;
	}
	memcpy(fl->name, name, nlen);
	fl->name[nlen] = '\0';
	memcpy(fl->value, value, vlen);
	fl->value[vlen] = '\0';
	fl->len = vlen;
	f->n++;
	return 0;
}

int form_add(struct form *f, const char *name, const char *value)
{
	return add(f, name, strlen(name), value ? value : "",
	           value ? strlen(value) : 0, NULL);
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode S of N bytes in place ('+' is a space); the new length. */
static size_t decode(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 &&
		           hex(s[i + 2]) >= 0) {
			s[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

int form_urlencoded(struct form *f, const char *data, size_t len)
{
	char *copy = malloc(len + 1), *p, *end;
	int rc = 0;

	if (!copy)
		return -1;
	memcpy(copy, data, len);
	copy[len] = '\0';
	for (p = copy, end = copy + len; p < end && rc == 0;) {
		char *amp = memchr(p, '&', (size_t)(end - p)), *eq;
		size_t n = amp ? (size_t)(amp - p) : (size_t)(end - p);
		size_t nl, vl;

		eq = memchr(p, '=', n);
		nl = eq ? (size_t)(eq - p) : n;
		vl = eq ? n - nl - 1 : 0;
		if (n) {
			nl = decode(p, nl);
			vl = eq ? decode(eq + 1, vl) : 0;
			rc = add(f, p, nl, eq ? eq + 1 : "", vl, NULL);
		}
		p += n + 1;
	}
	free(copy);
	return rc;
}

/* The value of parameter KEY ("boundary", "name") in header text H of N
 * bytes, quoted or not, into OUT of SIZE bytes.  Returns 0 or -1. */
static int param(char *out, size_t size, const char *h, size_t n,
                 const char *key)
{
	size_t k = strlen(key), i, o = 0;

	for (i = 0; i + k < n; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') &&
		    strncasecmp(h + i, key, k) == 0 && h[i + k] == '=')
			break;
	}
	if (i + k >= n)
		return -1;
	i += k + 1;
	if (i < n && h[i] == '"') {
		for (i++; i < n && h[i] != '"' && o + 1 < size; i++)
			out[o++] = h[i];
		if (i >= n || h[i] != '"')
			return -1;
	} else {
		for (; i < n && h[i] != ';' && h[i] != ' ' && h[i] != '\r' &&
		       o + 1 < size; i++)
			out[o++] = h[i];
	}
	out[o] = '\0';
	return o ? 0 : -1;
}

static const char *find(const char *h, size_t n, const char *needle,
                        size_t k)
{
	size_t i;

	for (i = 0; k && i + k <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, k) == 0)
			return h + i;
	return NULL;
}

/* One part of a multipart body: its headers, a blank line, its bytes. */
static int part(struct form *f, const char *p, size_t n)
{
	const char *body = find(p, n, "\r\n\r\n", 4), *cd;
	char name[128], file[256];
	size_t hn;

	if (!body)
		return -1;
	hn = (size_t)(body - p);
	body += 4;
	if (!(cd = find(p, hn, "form-data", 9)))
		return -1;
	if (param(name, sizeof(name), cd, hn - (size_t)(cd - p), "name"))
		return -1;
	if (param(file, sizeof(file), cd, hn - (size_t)(cd - p), "filename"))
		return add(f, name, strlen(name), body,
		           n - (size_t)(body - p), NULL);
	return add(f, name, strlen(name), body, n - (size_t)(body - p), file);
}

int form_multipart(struct form *f, const char *data, size_t len,
                   const char *ctype)
{
	char b[80] = "\r\n--";
	const char *p, *next, *end = data + len;
	size_t bl;

	if (param(b + 4, sizeof(b) - 4, ctype, strlen(ctype), "boundary"))
		return -1;
	bl = strlen(b);
	/* The first boundary has no line break before it. */
	if (len < bl - 2 || memcmp(data, b + 2, bl - 2) != 0)
		return -1;
	for (p = data + bl - 2;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		if (!(next = find(p, (size_t)(end - p), b, bl)))
			return -1;
		if (part(f, p, (size_t)(next - p)))
			return -1;
		p = next + bl;
	}
}

int form_cookies(struct form *f, const char *header)
{
	const char *p = header;

	while (p && *p) {
		const char *semi = strchr(p, ';'), *eq;
		size_t n = semi ? (size_t)(semi - p) : strlen(p);

		while (n && *p == ' ') {
			p++;
			n--;
		}
		eq = memchr(p, '=', n);
		if (eq && eq > p &&
		    add(f, p, (size_t)(eq - p), eq + 1, n - (size_t)(eq - p) - 1,
		        NULL))
			return -1;
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

int form_body(struct form *f, const char *ctype, const char *data,
              size_t len)
{
	if (!ctype || strncasecmp(ctype, "application/x-www-form-urlencoded",
	                          33) == 0)
		return form_urlencoded(f, data, len);
	if (strncasecmp(ctype, "multipart/form-data", 19) == 0)
		return form_multipart(f, data, len, ctype);
	return -1;
}

const struct field *form_field(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return &f->f[i];
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	const struct field *fl = form_field(f, name);

	return fl ? fl->value : NULL;
}

void form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
		free(f->f[i].filename);
	}
	free(f->f);
	f->f = NULL;
	f->n = f->cap = 0;
}

/* The first of cy and en in the header's order: weights are rarely other
 * than descending, and a Welsh speaker's browser lists cy first. */
const char *lang_pick(const char *accept)
{
	const char *p = accept;

	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncasecmp(p, "cy", 2) == 0 &&
		    (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
			return "cy";
		if (strncasecmp(p, "en", 2) == 0 &&
		    (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ','))
			return "en";
		p = strchr(p, ',');
	}
	return "en";
}

static int b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int data_url_png(unsigned char **out, size_t *len, const char *url,
                 size_t max)
{
	static const char prefix[] = "data:image/png;base64,";
	const char *s;
	unsigned char *p;
	size_t n, i, o = 0;
	unsigned acc = 0;
	int bits = 0, pad = 0;

	if (!url || strncmp(url, prefix, sizeof(prefix) - 1) != 0)
		return -1;
	s = url + sizeof(prefix) - 1;
	n = strlen(s);
	if (n == 0 || n % 4 || n / 4 * 3 > max + 2 || !(p = malloc(n / 4 * 3)))
		return -1;
	for (i = 0; i < n; i++) {
		int v = b64((unsigned char)s[i]);

		if (s[i] == '=' && i >= n - 2) {
			pad++;
			continue;
		}
		if (v < 0 || pad) {
			free(p);
			return -1;
		}
		acc = (acc << 6) | (unsigned)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			p[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (o > max) {
		free(p);
		return -1;
	}
	*out = p;
	*len = o;
	return 0;
}

int path_split(char *copy, char **seg, int max)
{
	int n = 0;
	char *p = copy;

	while (*p == '/')
		p++;
	while (*p) {
		if (n == max)
			return -1;
		seg[n++] = p;
		if (!(p = strchr(p, '/')))
			break;
		*p++ = '\0';
	}
	return n;
}
