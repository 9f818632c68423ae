/* lend user: staff logins and their roles. */
#include <stdio.h>

#include "cli.h"

static int user_add(struct cli *c, int argc, char **argv)
{
	lend_user_spec u = { 0 };
	const struct opt opts[] = { { "member", OPT_STR, &u.member },
	                            { "role", OPT_STR, &u.role },
	                            { "name", OPT_STR, &u.full_name },
	                            { "champion", OPT_STR, &u.champion },
	                            OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!u.role)
		return usage_error(c, "--role is required");
	u.name = pos[0];
	if (lend_user_add(c->db, &u))
		return fail(c);
	puts(u.name);
	return EXIT_OK;
}

static int user_edit(struct cli *c, int argc, char **argv)
{
	lend_user_spec u = { 0 };
	const struct opt opts[] = { { "member", OPT_STR, &u.member },
	                            { "role", OPT_STR, &u.role },
	                            { "name", OPT_STR, &u.full_name }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!u.member && !u.role && !u.full_name)
		return usage_error(c, "nothing to change");
	if (lend_user_edit(c->db, pos[0], &u))
		return fail(c);
	return EXIT_OK;
}

static int user_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "name", "role", "member", NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_user_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int user_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_user_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static const struct subcommand subs[] = {
	{ "add", user_add, WRITE_DB,
	  "user add NAME [--member M] --role admin|staff|champion|funder "
	  "[--name 'FULL NAME']\n    [--champion C]" },
	{ "edit", user_edit, WRITE_DB,
	  "user edit NAME [--member M] [--role ROLE] [--name 'FULL NAME']" },
	{ "list", user_list, READ_DB, "user list [--json]" },
	{ "show", user_show, READ_DB, "user show NAME [--json]" },
	SUB_END
};

int cmd_user(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
