/*
 * Folding text for search: a borrower found by "sian" whatever the case
 * or accents of "Siân" (issue 15).  Folded in C into a stored column
 * (borrower.name_folded), not by an engine's function, so that SQLite and
 * PostgreSQL find the same people; db/009's migration folds existing names
 * with the same table.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Latin letters with accents, in UTF-8, and the letter they fold to:
 * Welsh's circumflexes, graves and diaereses first of all, and the
 * letters of the languages a UK borrower's name is most often written in. */
static const struct {
	const char *utf8;
	char base;
} letters[] = {
	{ "\xc3\xa0", 'a' }, /* à */
	{ "\xc3\x80", 'a' }, /* À */
	{ "\xc3\xa1", 'a' }, /* á */
	{ "\xc3\x81", 'a' }, /* Á */
	{ "\xc3\xa2", 'a' }, /* â */
	{ "\xc3\x82", 'a' }, /* Â */
	{ "\xc3\xa3", 'a' }, /* ã */
	{ "\xc3\x83", 'a' }, /* Ã */
	{ "\xc3\xa4", 'a' }, /* ä */
	{ "\xc3\x84", 'a' }, /* Ä */
	{ "\xc3\xa5", 'a' }, /* å */
	{ "\xc3\x85", 'a' }, /* Å */
	{ "\xc4\x81", 'a' }, /* ā */
	{ "\xc4\x80", 'a' }, /* Ā */
	{ "\xc4\x83", 'a' }, /* ă */
	{ "\xc4\x82", 'a' }, /* Ă */
	{ "\xc4\x85", 'a' }, /* ą */
	{ "\xc4\x84", 'a' }, /* Ą */
	{ "\xc3\xa7", 'c' }, /* ç */
	{ "\xc3\x87", 'c' }, /* Ç */
	{ "\xc4\x87", 'c' }, /* ć */
	{ "\xc4\x86", 'c' }, /* Ć */
	{ "\xc4\x8d", 'c' }, /* č */
	{ "\xc4\x8c", 'c' }, /* Č */
	{ "\xc4\x8f", 'd' }, /* ď */
	{ "\xc4\x8e", 'd' }, /* Ď */
	{ "\xc4\x91", 'd' }, /* đ */
	{ "\xc4\x90", 'd' }, /* Đ */
	{ "\xc3\xa8", 'e' }, /* è */
	{ "\xc3\x88", 'e' }, /* È */
	{ "\xc3\xa9", 'e' }, /* é */
	{ "\xc3\x89", 'e' }, /* É */
	{ "\xc3\xaa", 'e' }, /* ê */
	{ "\xc3\x8a", 'e' }, /* Ê */
	{ "\xc3\xab", 'e' }, /* ë */
	{ "\xc3\x8b", 'e' }, /* Ë */
	{ "\xc4\x93", 'e' }, /* ē */
	{ "\xc4\x92", 'e' }, /* Ē */
	{ "\xc4\x97", 'e' }, /* ė */
	{ "\xc4\x96", 'e' }, /* Ė */
	{ "\xc4\x99", 'e' }, /* ę */
	{ "\xc4\x98", 'e' }, /* Ę */
	{ "\xc4\x9b", 'e' }, /* ě */
	{ "\xc4\x9a", 'e' }, /* Ě */
	{ "\xe1\xba\xbd", 'e' }, /* ẽ */
	{ "\xe1\xba\xbc", 'e' }, /* Ẽ */
	{ "\xc3\xac", 'i' }, /* ì */
	{ "\xc3\x8c", 'i' }, /* Ì */
	{ "\xc3\xad", 'i' }, /* í */
	{ "\xc3\x8d", 'i' }, /* Í */
	{ "\xc3\xae", 'i' }, /* î */
	{ "\xc3\x8e", 'i' }, /* Î */
	{ "\xc3\xaf", 'i' }, /* ï */
	{ "\xc3\x8f", 'i' }, /* Ï */
	{ "\xc4\xab", 'i' }, /* ī */
	{ "\xc4\xaa", 'i' }, /* Ī */
	{ "\xc4\xb1", 'i' }, /* ı */
	{ "\x49", 'i' }, /* I */
	{ "\xc5\x82", 'l' }, /* ł */
	{ "\xc5\x81", 'l' }, /* Ł */
	{ "\xc4\xbe", 'l' }, /* ľ */
	{ "\xc4\xbd", 'l' }, /* Ľ */
	{ "\xc3\xb1", 'n' }, /* ñ */
	{ "\xc3\x91", 'n' }, /* Ñ */
	{ "\xc5\x84", 'n' }, /* ń */
	{ "\xc5\x83", 'n' }, /* Ń */
	{ "\xc5\x88", 'n' }, /* ň */
	{ "\xc5\x87", 'n' }, /* Ň */
	{ "\xc3\xb2", 'o' }, /* ò */
	{ "\xc3\x92", 'o' }, /* Ò */
	{ "\xc3\xb3", 'o' }, /* ó */
	{ "\xc3\x93", 'o' }, /* Ó */
	{ "\xc3\xb4", 'o' }, /* ô */
	{ "\xc3\x94", 'o' }, /* Ô */
	{ "\xc3\xb5", 'o' }, /* õ */
	{ "\xc3\x95", 'o' }, /* Õ */
	{ "\xc3\xb6", 'o' }, /* ö */
	{ "\xc3\x96", 'o' }, /* Ö */
	{ "\xc3\xb8", 'o' }, /* ø */
	{ "\xc3\x98", 'o' }, /* Ø */
	{ "\xc5\x8d", 'o' }, /* ō */
	{ "\xc5\x8c", 'o' }, /* Ō */
	{ "\xc5\x91", 'o' }, /* ő */
	{ "\xc5\x90", 'o' }, /* Ő */
	{ "\xc5\x95", 'r' }, /* ŕ */
	{ "\xc5\x94", 'r' }, /* Ŕ */
	{ "\xc5\x99", 'r' }, /* ř */
	{ "\xc5\x98", 'r' }, /* Ř */
	{ "\xc5\x9b", 's' }, /* ś */
	{ "\xc5\x9a", 's' }, /* Ś */
	{ "\xc5\xa1", 's' }, /* š */
	{ "\xc5\xa0", 's' }, /* Š */
	{ "\xc5\x9f", 's' }, /* ş */
	{ "\xc5\x9e", 's' }, /* Ş */
	{ "\xc5\xa5", 't' }, /* ť */
	{ "\xc5\xa4", 't' }, /* Ť */
	{ "\xc5\xa3", 't' }, /* ţ */
	{ "\xc5\xa2", 't' }, /* Ţ */
	{ "\xc3\xb9", 'u' }, /* ù */
	{ "\xc3\x99", 'u' }, /* Ù */
	{ "\xc3\xba", 'u' }, /* ú */
	{ "\xc3\x9a", 'u' }, /* Ú */
	{ "\xc3\xbb", 'u' }, /* û */
	{ "\xc3\x9b", 'u' }, /* Û */
	{ "\xc3\xbc", 'u' }, /* ü */
	{ "\xc3\x9c", 'u' }, /* Ü */
	{ "\xc5\xab", 'u' }, /* ū */
	{ "\xc5\xaa", 'u' }, /* Ū */
	{ "\xc5\xaf", 'u' }, /* ů */
	{ "\xc5\xae", 'u' }, /* Ů */
	{ "\xc5\xb1", 'u' }, /* ű */
	{ "\xc5\xb0", 'u' }, /* Ű */
	{ "\xc5\xb5", 'w' }, /* ŵ */
	{ "\xc5\xb4", 'w' }, /* Ŵ */
	{ "\xe1\xba\x81", 'w' }, /* ẁ */
	{ "\xe1\xba\x80", 'w' }, /* Ẁ */
	{ "\xe1\xba\x83", 'w' }, /* ẃ */
	{ "\xe1\xba\x82", 'w' }, /* Ẃ */
	{ "\xe1\xba\x85", 'w' }, /* ẅ */
	{ "\xe1\xba\x84", 'w' }, /* Ẅ */
	{ "\xc3\xbd", 'y' }, /* ý */
	{ "\xc3\x9d", 'y' }, /* Ý */
	{ "\xc3\xbf", 'y' }, /* ÿ */
	{ "\xc5\xb8", 'y' }, /* Ÿ */
	{ "\xc5\xb7", 'y' }, /* ŷ */
	{ "\xc5\xb6", 'y' }, /* Ŷ */
	{ "\xe1\xbb\xb3", 'y' }, /* ỳ */
	{ "\xe1\xbb\xb2", 'y' }, /* Ỳ */
	{ "\xc5\xba", 'z' }, /* ź */
	{ "\xc5\xb9", 'z' }, /* Ź */
	{ "\xc5\xbc", 'z' }, /* ż */
	{ "\xc5\xbb", 'z' }, /* Ż */
	{ "\xc5\xbe", 'z' }, /* ž */
	{ "\xc5\xbd", 'z' }, /* Ž */
};

char *lend__fold(const char *s)
{
	size_t n = strlen(s), i, k;
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			*o++ = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
			                            : (char)c;
			i++;
			continue;
		}
		for (k = 0; k < LEND__NELEM(letters); k++) {
			size_t len = strlen(letters[k].utf8);

			if (strncmp(s + i, letters[k].utf8, len) == 0) {
				*o++ = letters[k].base;
				i += len;
				break;
			}
		}
		if (k == LEND__NELEM(letters))
			*o++ = s[i++];
	}
	*o = '\0';
	return out;
}
