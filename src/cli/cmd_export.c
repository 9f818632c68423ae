/* lend export: devices, borrowers, loans or events as CSV or JSON. */
#include <string.h>

#include "cli.h"

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const char *const formats[] = { "csv", "json", NULL };
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
	           "[--excel] [-o FILE|-]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (out && (st = cli_output(c, &format, out, formats)) >= 0)
		return st;
	if (excel && format && strcmp(format, "csv") != 0)
		return usage_error(c, "--excel is a form of CSV, not '%s'",
		                   format);
	if (excel)  /* CSV with a byte-order mark, for Excel */
		format = "excel";
	if (out && strcmp(out, "-") != 0)
		return lend_export_write(c->db, pos[0], format, out) ? fail(c)
		                                                     : EXIT_OK;
	if (lend_export_render(&data, &len, c->db, pos[0], format))
		return fail(c);
	return cli_stdout(data, len);
}
