/* lend member: the consortium's member organisations. */
#include <stdio.h>

#include "cli.h"

static int member_add(struct cli *c, int argc, char **argv)
{
	const char *phone = NULL;
	const struct opt opts[] = { { "phone", OPT_STR, &phone }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	if (lend_member_add_phone(c->db, pos[0], pos[1], phone))
		return fail(c);
	puts(pos[0]);
	return EXIT_OK;
}

static int member_edit(struct cli *c, int argc, char **argv)
{
	const char *name = NULL, *phone = NULL;
	const struct opt opts[] = { { "name", OPT_STR, &name },
	                            { "phone", OPT_STR, &phone }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!name && !phone)
		return usage_error(c, "nothing to change");
	if (lend_member_edit(c->db, pos[0], name, phone))
		return fail(c);
	return EXIT_OK;
}

static int member_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "code", "sites", "devices", "name",
	                                    NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_member_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int member_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_member_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static const struct subcommand subs[] = {
	{ "add", member_add, WRITE_DB, "member add CODE NAME [--phone PHONE]" },
	{ "edit", member_edit, WRITE_DB,
	  "member edit CODE [--name NAME] [--phone PHONE]" },
	{ "list", member_list, READ_DB, "member list [--json]" },
	{ "show", member_show, READ_DB, "member show CODE [--json]" },
	SUB_END
};

int cmd_member(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
