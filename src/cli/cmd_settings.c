/* lend settings: read and change the consortium's settings. */
#include <stdio.h>

#include "cli.h"

/* With a key, its value alone (or its record with --json), so that a
 * script can write $(lend settings get loan.limit). */
static int settings_get(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "key", "value", NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 0, 1)) >= 0)
		return st;
	if (n == 0) {
		if (lend_setting_list(&rows, c->db))
			return fail(c);
		return print_table(c, rows, cols);
	}
	if (lend_setting_show(&rows, c->db, pos[0]))
		return fail(c);
	if (c->json)
		return print_record(c, rows);
	puts(lend_rows_get(rows, 0, "value"));
	lend_rows_free(rows);
	return EXIT_OK;
}

static int settings_set(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 2, 2)) >= 0)
		return st;
	if (lend_setting_set(c->db, pos[0], pos[1]))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand subs[] = {
	{ "get", settings_get, READ_DB, "settings get [KEY] [--json]" },
	{ "set", settings_set, WRITE_DB, "settings set KEY VALUE" },
	SUB_END
};

int cmd_settings(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
