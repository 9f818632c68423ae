/* lend grant: the grants that fund devices. */
#include <stdio.h>

#include "cli.h"

#define GRANT_OPTS(g) \
	{ "funder", OPT_STR, &(g).funder }, \
	{ "programme", OPT_STR, &(g).programme }, \
	{ "reference", OPT_STR, &(g).reference }, \
	{ "from", OPT_STR, &(g).starts_on }, \
	{ "to", OPT_STR, &(g).ends_on }

static int grant_add(struct cli *c, int argc, char **argv)
{
	lend_grant_spec g = { 0 };
	const struct opt opts[] = { GRANT_OPTS(g), OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	g.code = pos[0];
	if (lend_grant_add(c->db, &g))
		return fail(c);
	puts(g.code);
	return EXIT_OK;
}

static int grant_edit(struct cli *c, int argc, char **argv)
{
	lend_grant_spec g = { 0 };
	const struct opt opts[] = { GRANT_OPTS(g), OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!g.funder && !g.programme && !g.reference && !g.starts_on &&
	    !g.ends_on)
		return usage_error(c, "nothing to change");
	if (lend_grant_edit(c->db, pos[0], &g))
		return fail(c);
	return EXIT_OK;
}

static int grant_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "code", "starts_on", "ends_on",
	                                    "devices", "funder", "programme",
	                                    NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_grant_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int grant_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_grant_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static const struct subcommand subs[] = {
	{ "add", grant_add, WRITE_DB, "grant add CODE --funder F --programme P "
	  "--from DATE --to DATE [--reference R]" },
	{ "edit", grant_edit, WRITE_DB,
	  "grant edit CODE [--funder F] [--programme P] "
	  "[--from DATE] [--to DATE] [--reference R]" },
	{ "list", grant_list, READ_DB, "grant list [--json]" },
	{ "show", grant_show, READ_DB, "grant show CODE [--json]" },
	SUB_END
};

int cmd_grant(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
