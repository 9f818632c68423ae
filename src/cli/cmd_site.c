/* lend site: the places where devices are kept and handed over. */
#include <stdio.h>

#include "cli.h"

static int site_add(struct cli *c, int argc, char **argv)
{
	lend_site_spec s = { 0 };
	const struct opt opts[] = {
		{ "member", OPT_STR, &s.member },
		{ "address", OPT_STR, &s.address },
		{ "hours", OPT_STR, &s.hours },
		{ "phone", OPT_STR, &s.phone },
		OPT_END
	};
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	s.code = pos[0];
	s.name = pos[1];
	if (lend_site_add(c->db, &s))
		return fail(c);
	puts(s.code);
	return EXIT_OK;
}

static int site_edit(struct cli *c, int argc, char **argv)
{
	lend_site_spec s = { 0 };
	const struct opt opts[] = {
		{ "member", OPT_STR, &s.member },
		{ "name", OPT_STR, &s.name },
		{ "address", OPT_STR, &s.address },
		{ "hours", OPT_STR, &s.hours },
		{ "phone", OPT_STR, &s.phone },
		OPT_END
	};
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!s.member && !s.name && !s.address && !s.hours && !s.phone)
		return usage_error(c, "nothing to change");
	if (lend_site_edit(c->db, pos[0], &s))
		return fail(c);
	return EXIT_OK;
}

static int site_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "code", "member", "devices", "name",
	                                    NULL };
	const char *member = NULL;
	const struct opt opts[] = { { "member", OPT_STR, &member }, OPT_END };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_site_list(&rows, c->db, member))
		return fail(c);
	return print_table(c, rows, cols);
}

static int site_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_site_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static const struct subcommand subs[] = {
	{ "add", site_add, WRITE_DB,
	  "site add CODE --member M NAME [--address TEXT] [--hours TEXT] "
	  "[--phone TEXT]" },
	{ "edit", site_edit, WRITE_DB,
	  "site edit CODE [--member M] [--name NAME] "
	  "[--address TEXT] [--hours TEXT] [--phone TEXT]" },
	{ "list", site_list, READ_DB, "site list [--member M] [--json]" },
	{ "show", site_show, READ_DB, "site show CODE [--json]" },
	SUB_END
};

int cmd_site(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
