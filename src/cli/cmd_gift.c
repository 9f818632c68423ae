/* lend gift: end a loan by giving its devices to the borrower. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The transfer of ownership printed again, to OUT. */
static int reprint(struct cli *c, const char *loan, const char *lang,
                   const char *out)
{
	char *data;
	size_t len;

	if (strcmp(out, "-") == 0)
		return lend_gift_render(&data, &len, c->db, loan, lang)
		       ? fail(c) : cli_stdout(data, len);
	return lend_gift_write(c->db, loan, lang, out) ? fail(c) : EXIT_OK;
}

int cmd_gift(struct cli *c, int argc, char **argv)
{
	static const char *const pdf[] = { "pdf", NULL };
	lend_gift_spec s = { 0 };
	const char *format = NULL;
	int again = 0, n, st;
	const struct opt opts[] = { { "reason", OPT_STR, &s.reason },
	                            { "at", OPT_STR, &s.at },
	                            { "lang", OPT_STR, &s.lang },
	                            { "reprint", OPT_FLAG, &again },
	                            { "o", OPT_STR, &s.path },
	                            { "output", OPT_STR, &s.path }, OPT_END };
	char **pos, *loan = NULL;

	c->usage = "gift LOAN|TAG --reason TEXT [--at DATETIME] "
	           "[--lang en|cy|en+cy] -o FILE.pdf\n"
	           "       lend gift LOAN --reprint [--lang en|cy|en+cy] "
	           "-o FILE.pdf|-";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!s.path)
		return usage_error(c, "-o FILE is required");
	if ((st = cli_output(c, &format, s.path, pdf)) >= 0)
		return st;
	if (again)
		return reprint(c, pos[0], s.lang, s.path);
	if (strcmp(s.path, "-") == 0)
		return usage_error(c, "the transfer goes to a file, not '-'");
	s.ref = pos[0];
	if (lend_gift_make(&loan, c->db, &s))
		return fail(c);
	printf("%s\n", loan);
	lend_free(loan);
	print_notices(c);
	return EXIT_OK;
}
