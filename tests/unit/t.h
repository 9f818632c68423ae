/*
 * A few assertions for lend's unit tests.  A test is written once, as
 * T_TEST(name) { ... }, and registers itself before main() runs: when
 * main() listed the tests by hand, one written but never listed was
 * skipped without a word (issue 11).  main() is defined here, so a test
 * program is one .c file.  Each test prints "ok - FILE: NAME" or
 * "not ok - FILE: NAME" for tests/run.sh to count; a failed assertion
 * prints its file, line and expression and ends the test, not the program.
 */
#ifndef LEND_T_H
#define LEND_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed;  /* the current test failed */

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

typedef struct t_case {
	const char *file, *name;
	int line;
	void (*fn)(void);
	struct t_case *next;
} t_case;

static t_case *t_cases; /* kept by line: constructors run in any order */

static void t_register(t_case *c)
{
	t_case **p = &t_cases;

	while (*p && (*p)->line < c->line)
		p = &(*p)->next;
	c->next = *p;
	*p = c;
}

/* The constructor attribute is GCC's and Clang's; -pedantic accepts it. */
#define T_TEST(name) \
	static void name(void); \
	static t_case t_case_##name = { __FILE__, #name, __LINE__, name, 0 }; \
	__attribute__((constructor)) static void t_register_##name(void) \
	{ t_register(&t_case_##name); } \
	static void name(void)

int main(void)
{
	const t_case *c;
	int status = !t_cases; /* no test at all is a broken file, not a pass */

	if (!t_cases)
		printf("not ok - no tests registered\n");
	for (c = t_cases; c; c = c->next) {
		t_failed = 0;
		c->fn();
		printf("%s - %s: %s\n", t_failed ? "not ok" : "ok", c->file,
		       c->name);
		status |= t_failed;
	}
	return status;
}

#endif /* LEND_T_H */
