/*
 * A few assertions for lend's unit tests.  Each test is a function run by
 * T_RUN, which prints "ok - NAME" or "not ok - NAME" for tests/run.sh to
 * count; a failed assertion prints its file, line and expression and ends
 * the test, not the program.
 */
#ifndef LEND_T_H
#define LEND_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed;  /* the current test failed */
static int t_status;  /* the program's exit status */

#define T_FAIL(...) do { \
	fprintf(stderr, "# %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	t_failed = 1; \
	return; \
} while (0)

#define T_OK(expr) do { \
	if (!(expr)) T_FAIL("expected %s", #expr); \
} while (0)

#define T_EQ_INT(a, b) do { \
	long long t_a = (long long)(a), t_b = (long long)(b); \
	if (t_a != t_b) \
		T_FAIL("%s == %lld, expected %s == %lld", #a, t_a, #b, t_b); \
} while (0)

#define T_EQ_STR(a, b) do { \
	const char *t_a = (a), *t_b = (b); \
	if (!t_a || !t_b || strcmp(t_a, t_b) != 0) \
		T_FAIL("%s == \"%s\", expected \"%s\"", #a, \
		       t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
} while (0)

#define T_RUN(fn) do { \
	t_failed = 0; \
	fn(); \
	printf("%s - %s: %s\n", t_failed ? "not ok" : "ok", __FILE__, #fn); \
	if (t_failed) \
		t_status = 1; \
} while (0)

#endif /* LEND_T_H */
