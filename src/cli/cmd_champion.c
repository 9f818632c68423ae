/* lend champion: the digital champions who support borrowers. */
#include <stdio.h>

#include "cli.h"

static int champion_add(struct cli *c, int argc, char **argv)
{
	lend_champion_spec ch = { 0 };
	const struct opt opts[] = {
		{ "name", OPT_STR, &ch.name },
		{ "member", OPT_STR, &ch.member },
		{ "phone", OPT_STR, &ch.phone },
		{ "email", OPT_STR, &ch.email },
		{ "languages", OPT_STR, &ch.languages },
		{ "at", OPT_STR, &ch.at },
		{ "user", OPT_STR, &ch.user },
		OPT_END
	};
	char *ref = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_champion_add(&ref, c->db, &ch))
		return fail(c);
	puts(ref);
	lend_free(ref);
	return EXIT_OK;
}

static int champion_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "member", "languages",
	                                    "borrowers", "name", NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_champion_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int champion_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_champion_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static const struct subcommand champion_subs[] = {
	{ "add", champion_add, WRITE_DB,
	  "champion add --name N --member M [--phone P] "
	  "[--email E] [--languages cy,en]\n"
	  "    [--at DATETIME] [--user NAME]" },
	{ "list", champion_list, READ_DB, "champion list [--json]" },
	{ "show", champion_show, READ_DB, "champion show REF [--json]" },
	SUB_END
};

int cmd_champion(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, champion_subs);
}
