/* lend support: assign a champion to a borrower, or end the support. */
#include "cli.h"

static int support_assign(struct cli *c, int argc, char **argv)
{
	const char *from = NULL;
	const struct opt opts[] = { { "from", OPT_STR, &from }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	if (lend_support_assign(c->db, pos[0], pos[1], from))
		return fail(c);
	return EXIT_OK;
}

static int support_end(struct cli *c, int argc, char **argv)
{
	const char *on = NULL;
	const struct opt opts[] = { { "on", OPT_STR, &on }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_support_end(c->db, pos[0], on))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand support_subs[] = {
	{ "assign", support_assign, WRITE_DB,
	  "support assign BORROWER CHAMPION [--from DATE]" },
	{ "end", support_end, WRITE_DB, "support end BORROWER [--on DATE]" },
	SUB_END
};

int cmd_support(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, support_subs);
}
