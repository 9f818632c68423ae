/*
 * Hand-listed tests (T_RUN in the file's own main()), for a test file not
 * yet written with T_TEST.  The Makefile force-includes it for such files
 * only; delete it, and its Makefile line, once none is left.
 */
#define T_LEGACY_MAIN 1

static int t_status;

#define T_RUN(fn) do { \
	t_failed = 0; \
	fn(); \
	printf("%s - %s: %s\n", t_failed ? "not ok" : "ok", __FILE__, #fn); \
	if (t_failed) \
		t_status = 1; \
} while (0)
