/* lend report: the funder's usage report, PDF, CSV or JSON. */
#include <string.h>

#include "cli.h"

int cmd_report(struct cli *c, int argc, char **argv)
{
	lend_report_spec s = { 0 };
	static const char *const formats[] = { "pdf", "csv", "json", NULL };
	const char *out = NULL;
	char *data;
	size_t len;
	const struct opt opts[] = {
		{ "from", OPT_STR, &s.from },
		{ "to", OPT_STR, &s.to },
		{ "member", OPT_STR, &s.member },
		{ "grant", OPT_STR, &s.grant },
		{ "format", OPT_STR, &s.format },
		{ "o", OPT_STR, &out },
		{ "output", OPT_STR, &out },
		OPT_END
	};
	int st;

	c->usage = "report --from DATE --to DATE [--member M] [--grant G] "
	           "[--format pdf|csv|json] -o FILE|-";
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (!out)
		return usage_error(c, "-o FILE is required");
	if (!s.from || !s.to)
		return usage_error(c, "--from and --to are required");
	if ((st = cli_output(c, &s.format, out, formats)) >= 0)
		return st;
	if (strcmp(out, "-") == 0)
		return lend_report_render(&data, &len, c->db, &s) ? fail(c)
		       : cli_stdout(data, len);
	if (lend_report_write(c->db, &s, out))
		return fail(c);
	return EXIT_OK;
}
