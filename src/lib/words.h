/*
 * Words compiled in from texts/BOOK-LANG.txt ("doc-cy"): the words of
 * documents now, of the browser desk later.  Internal to liblend.
 */
#ifndef LEND_WORDS_H
#define LEND_WORDS_H

#include <stddef.h>

/* KEY's text in BOOK for LANG ("en", "cy") copied into BUF (SIZE bytes),
 * or NULL when the book or the key is missing. */
const char *lend__words(char *buf, size_t size, const char *book,
                        const char *lang, const char *key);

#endif
