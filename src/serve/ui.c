/*
 * The words of the desk's pages in English and Welsh: texts/ui-en.txt and
 * texts/ui-cy.txt, "key = text" with named placeholders ({name}), since
 * Welsh word order differs, and plural forms chosen by a count: two in
 * English ({n|one|other}), six in Welsh ({n|zero|one|two|few|many|other}).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

struct entry {
	const char *key;
	const char *text;
};
struct table {
	const char *lang;
	char *copy;
	struct entry *e;
	size_t n;
};
static struct table tables[2] = { { "en", NULL, NULL, 0 },
                                  { "cy", NULL, NULL, 0 } };

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
	              ((const struct entry *)b)->key);
}

/* Split TEXT's lines "key = text" into T (keys sorted). */
static int parse(struct table *t, const char *text)
{
	char *line, *next, *eq;
	size_t cap = 0;

	if (!(t->copy = strdup(text)))
		return -1;
	for (line = t->copy; line && *line; line = next) {
		char *k, *v, *end;

		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (*line == '#' || !(eq = strstr(line, " = ")))
			continue;
		*eq = '\0';
		k = line;
		v = eq + 3;
		for (end = v + strlen(v); end > v && end[-1] == '\r'; end--)
			end[-1] = '\0';
		if (t->n == cap) {
			struct entry *p = realloc(t->e, (cap = cap ? cap * 2 : 256) *
			                                    sizeof(*p));
			if (!p)
				return -1;
			t->e = p;
		}
		t->e[t->n].key = k;
		t->e[t->n++].text = v;
	}
	qsort(t->e, t->n, sizeof(*t->e), by_key);
	return 0;
}

int ui_load(void)
{
	size_t i, j;

	for (i = 0; i < NELEM(tables); i++) {
		char stem[8];

		snprintf(stem, sizeof(stem), "ui-%s", tables[i].lang);
		for (j = 0; j < serve_nui; j++)
			if (strcmp(serve_ui[j].name, stem) == 0 &&
			    parse(&tables[i], serve_ui[j].text))
				return -1;
	}
	return 0;
}

void ui_unload(void)
{
	size_t i;

	for (i = 0; i < NELEM(tables); i++) {
		free(tables[i].copy);
		free(tables[i].e);
		tables[i].copy = NULL;
		tables[i].e = NULL;
		tables[i].n = 0;
	}
}

static const char *lookup(const struct table *t, const char *key)
{
	struct entry k = { key, NULL }, *e;

	e = t->n ? bsearch(&k, t->e, t->n, sizeof(k), by_key) : NULL;
	return e ? e->text : NULL;
}

const char *ui_raw(const char *lang, const char *key)
{
	const char *s = NULL;

	if (lang && strcmp(lang, "cy") == 0)
		s = lookup(&tables[1], key);
	if (!s)
		s = lookup(&tables[0], key);
	return s ? s : key;
}

/* Which of NFORMS plural forms a count N takes: CLDR's rules for English
 * (one, other) and Welsh (zero, one, two, few, many, other). */
static int plural(long n, int nforms)
{
	if (nforms == 6) {
		static const int cy[7] = { 0, 1, 2, 3, 5, 5, 4 };

		return n >= 0 && n <= 6 ? cy[n] : 5;
	}
	return n == 1 ? 0 : nforms - 1;
}

/* Put form I of the '|'-separated FORMS (N bytes) through ESC. */
static void form_i(struct sbuf *b, const char *forms, size_t n, long count,
                   void (*esc)(struct sbuf *, const char *))
{
	int nforms = 1, i, want;
	size_t k, start = 0;
	char tmp[256];

	for (k = 0; k < n; k++)
		nforms += forms[k] == '|';
	want = plural(count, nforms);
	for (i = 0, k = 0; k <= n; k++) {
		if (k == n || forms[k] == '|') {
			if (i++ == want) {
				snprintf(tmp, sizeof(tmp), "%.*s",
				         (int)(k - start), forms + start);
				esc(b, tmp);
				return;
			}
			start = k + 1;
		}
	}
}

static void put(struct sbuf *b, const char *text, const char **names,
                const char **values, size_t nv,
                void (*esc)(struct sbuf *, const char *))
{
	const char *p = text, *open, *close;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		const char *bar = memchr(open, '|', (size_t)(close - open));
		size_t nl = (size_t)((bar ? bar : close) - open - 1), i;
		char tmp[1024];

		snprintf(tmp, sizeof(tmp), "%.*s", (int)(open - p), p);
		esc(b, tmp);
		for (i = 0; i < nv; i++)
			if (strlen(names[i]) == nl &&
			    strncmp(names[i], open + 1, nl) == 0)
				break;
		if (i == nv)
			esc(b, "?");
		else if (bar)
			form_i(b, bar + 1, (size_t)(close - bar - 1),
			       strtol(values[i] ? values[i] : "0", NULL, 10), esc);
		else
			esc(b, values[i] ? values[i] : "");
		p = close + 1;
	}
	esc(b, p);
}

static void say(struct sbuf *b, const char *lang, const char *key,
                va_list ap, void (*esc)(struct sbuf *, const char *))
{
	const char *names[8], *values[8], *n;
	size_t nv = 0;

	while (nv < NELEM(names) && (n = va_arg(ap, const char *))) {
		names[nv] = n;
		values[nv++] = va_arg(ap, const char *);
	}
	put(b, ui_raw(lang, key), names, values, nv, esc);
}

void ui_text(struct sbuf *b, const char *lang, const char *key, ...)
{
	va_list ap;

	va_start(ap, key);
	say(b, lang, key, ap, sb_text);
	va_end(ap);
}

void ui_attr(struct sbuf *b, const char *lang, const char *key, ...)
{
	va_list ap;

	va_start(ap, key);
	say(b, lang, key, ap, sb_attr);
	va_end(ap);
}

/* The placeholder names of TEXT, sorted and joined, into OUT. */
static void names_of(char *out, size_t size, const char *text)
{
	const char *p = text, *open, *close;
	char got[32][40];
	size_t n = 0, i, j;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}')) &&
	       n < NELEM(got)) {
		const char *bar = memchr(open, '|', (size_t)(close - open));

		snprintf(got[n++], sizeof(got[0]), "%.*s",
		         (int)((bar ? bar : close) - open - 1), open + 1);
		p = close + 1;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(got[j - 1], got[j]) > 0; j--) {
			char t[40];

			memcpy(t, got[j], sizeof(t));
			memcpy(got[j], got[j - 1], sizeof(t));
			memcpy(got[j - 1], t, sizeof(t));
		}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(got[i], got[i - 1]))
			snprintf(out + strlen(out), size - strlen(out), "%s,",
			         got[i]);
}

static int missing(const struct table *a, const struct table *b)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < a->n; i++) {
		const char *t = lookup(b, a->e[i].key);
		char na[512], nb[512];

		if (!t) {
			fprintf(stderr, "ui-%s has no key %s\n", b->lang,
			        a->e[i].key);
			bad++;
			continue;
		}
		names_of(na, sizeof(na), a->e[i].text);
		names_of(nb, sizeof(nb), t);
		if (strcmp(na, nb) && a == &tables[0]) {
			fprintf(stderr, "%s: placeholders {%s} in ui-%s, {%s} in "
			        "ui-%s\n", a->e[i].key, na, a->lang, nb, b->lang);
			bad++;
		}
	}
	return bad;
}

int ui_compare(const char *a, const char *b)
{
	int bad;

	ui_unload();
	if (parse(&tables[0], a) || parse(&tables[1], b))
		return -1;
	bad = missing(&tables[0], &tables[1]) + missing(&tables[1], &tables[0]);
	ui_unload();
	return bad;
}
