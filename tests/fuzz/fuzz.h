/*
 * What every fuzz harness shares: a database made once (tests/unit's
 * t_fresh, in a temporary folder removed at exit), the input as a
 * NUL-terminated string, a file holding it, and the one property every
 * refusal must have: its message is one line of printable UTF-8 under
 * 512 bytes.  A breach aborts, which libFuzzer and the driver report.
 */
#ifndef LEND_FUZZ_H
#define LEND_FUZZ_H
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lend_db *f_db;

static void f_end(void)
{
	char f[340];

	snprintf(f, sizeof(f), "%s/input", t_dir);
	unlink(f);
	t_cleanup(f_db);
}

/* The database, made on first use. */
static inline lend_db *f_open(void)
{
	if (!f_db) {
		if (!(f_db = t_fresh()))
			abort();
		atexit(f_end);
	}
	return f_db;
}

/* DATA as a string (cut at its first NUL, as a C caller would see it). */
static inline char *f_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* DATA written whole to a file beside the database; its path. */
static inline const char *f_file(const uint8_t *data, size_t size,
                          const char *name)
{
	static char path[400];
	FILE *f;

	f_open();
	snprintf(path, sizeof(path), "%s/%s", t_dir, name);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size ||
	    fclose(f) != 0)
		abort();
	return path;
}

/* The message (or notice line) M is one safe line. */
static inline void f_check_line(const char *m)
{
	size_t n = strlen(m);
	const char *p;

	if (n >= 512)
		abort();
	for (p = m; *p; ) {
		size_t k = lend__printable_len(p);

		if (k == 0)
			abort();
		p += k;
	}
}

static inline void f_check(lend_db *db)
{
	f_check_line(lend_errmsg(db));
}

#endif
