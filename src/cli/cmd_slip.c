/* lend slip: the loan slip PDF that goes home with the borrower. */
#include <string.h>

#include "cli.h"

int cmd_slip(struct cli *c, int argc, char **argv)
{
	static const char *const pdf[] = { "pdf", NULL };
	const char *size = NULL, *lang = NULL, *out = NULL, *format = NULL;
	const struct opt opts[] = { { "size", OPT_STR, &size },
	                            { "lang", OPT_STR, &lang },
	                            { "o", OPT_STR, &out },
	                            { "output", OPT_STR, &out }, OPT_END };
	char **pos, *data;
	size_t len;
	int n, st;

	c->usage = "slip LOAN [--size receipt80|a6] [--lang en|cy|en+cy] "
	           "-o FILE.pdf|-";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!out)
		return usage_error(c, "-o FILE is required");
	if ((st = cli_output(c, &format, out, pdf)) >= 0)
		return st;
	if (strcmp(out, "-") == 0)
		return lend_slip_render(&data, &len, c->db, pos[0], size, lang)
		       ? fail(c) : cli_stdout(data, len);
	if (lend_slip_write(c->db, pos[0], size, lang, out))
		return fail(c);
	return EXIT_OK;
}
