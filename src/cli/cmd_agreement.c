/* lend agreement: the loan agreement PDF, to sign. */
#include <string.h>

#include "cli.h"

int cmd_agreement(struct cli *c, int argc, char **argv)
{
	static const char *const pdf[] = { "pdf", NULL };
	const char *lang = NULL, *out = NULL, *format = NULL;
	const struct opt opts[] = { { "lang", OPT_STR, &lang },
	                            { "o", OPT_STR, &out },
	                            { "output", OPT_STR, &out }, OPT_END };
	char **pos, *data;
	size_t len;
	int n, st;

	c->usage = "agreement LOAN [--lang en|cy|en+cy] -o FILE.pdf|-";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!out)
		return usage_error(c, "-o FILE is required");
	if ((st = cli_output(c, &format, out, pdf)) >= 0)
		return st;
	if (strcmp(out, "-") == 0)
		return lend_agreement_render(&data, &len, c->db, pos[0], lang)
		       ? fail(c) : cli_stdout(data, len);
	if (lend_agreement_write(c->db, pos[0], lang, out))
		return fail(c);
	return EXIT_OK;
}
