/* lend export: devices, borrowers, loans or events as CSV or JSON. */
#include <stdio.h>

#include "cli.h"

int cmd_export(struct cli *c, int argc, char **argv)
{
	const char *format = NULL, *out = NULL;
	int excel = 0;
	const struct opt opts[] = { { "format", OPT_STR, &format },
	                            { "excel", OPT_FLAG, &excel },
	                            { "o", OPT_STR, &out },
	                            { "output", OPT_STR, &out }, OPT_END };
	char **pos, *data = NULL;
	size_t len = 0;
	int n, st;

	c->usage = "export devices|borrowers|loans|events [--format csv|json] "
	           "[--excel] [-o FILE]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (excel)  /* CSV with a byte-order mark, for Excel */
		format = "excel";
	if (out)
		return lend_export_write(c->db, pos[0], format, out) ? fail(c)
		                                                     : EXIT_OK;
	if (lend_export_render(&data, &len, c->db, pos[0], format))
		return fail(c);
	fwrite(data, 1, len, stdout);
	lend_free(data);
	return EXIT_OK;
}
