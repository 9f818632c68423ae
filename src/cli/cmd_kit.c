/* lend kit: devices lent and returned together as one. */
#include "cli.h"

static int kit_add(struct cli *c, int argc, char **argv)
{
	const char *at = NULL;
	const struct opt opts[] = { { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 100)) >= 0)
		return st;
	if (lend_kit_add(c->db, pos[0], (const char *const *)pos + 1,
	                 (size_t)n - 1, at))
		return fail(c);
	return EXIT_OK;
}

static int kit_show(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "kind", "status", "make",
	                                    "model", NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_kit_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_table(c, rows, cols);
}

static const struct subcommand kit_subs[] = {
	{ "add", kit_add, WRITE_DB, "kit add KIT PART... [--at DATETIME]" },
	{ "show", kit_show, READ_DB, "kit show KIT [--json]" },
	SUB_END
};

int cmd_kit(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, kit_subs);
}
