/*
 * Words by key.  A book is a text file of "key = text" lines, one a
 * language, compiled in by the build; '#' starts a comment line.  Books
 * are small and read seldom, so each lookup reads its book afresh: no
 * table to build, to lock or to free.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "words.h"

static const char *book_text(const char *book, const char *lang)
{
	char name[64];
	size_t i;

	snprintf(name, sizeof(name), "%s-%s", book, lang);
	for (i = 0; i < lend__ntexts; i++)
		if (strcmp(lend__texts[i].name, name) == 0)
			return lend__texts[i].text;
	return NULL;
}

/* The start and length of S without its spaces at either end. */
static const char *trimmed(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t'))
		s++, (*n)--;
	while (*n > 0 && strchr(" \t\r", s[*n - 1]))
		(*n)--;
	return s;
}

const char *lend__words(char *buf, size_t size, const char *book,
                        const char *lang, const char *key)
{
	const char *p = book_text(book, lang);

	for (; p && *p; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t line = strcspn(p, "\n"), eq = strcspn(p, "=\n"), kn = eq;
		size_t vn = line - eq - 1;
		const char *k, *v;

		if (eq >= line)
			continue;
		k = trimmed(p, &kn);
		if (*k == '#' || kn != strlen(key) || strncmp(k, key, kn) != 0)
			continue;
		v = trimmed(p + eq + 1, &vn);
		snprintf(buf, size, "%.*s", (int)vn, v);
		return buf;
	}
	return NULL;
}
