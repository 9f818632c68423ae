/* lend init: create a database for a consortium. */
#include <stdio.h>

#include "cli.h"

int cmd_init(struct cli *c, int argc, char **argv)
{
	const char *consortium = NULL, *prefix = NULL, *admin = NULL;
	const struct opt opts[] = {
		{ "consortium", OPT_STR, &consortium },
		{ "prefix", OPT_STR, &prefix },
		{ "admin", OPT_STR, &admin },
		OPT_END
	};
	int st;

	c->usage = "init --consortium NAME --prefix PREFIX --admin USER";
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (!consortium || !prefix || !admin)
		return usage_error(c, "--consortium, --prefix and --admin are "
		                   "required");
	if (lend_db_create(&c->db, c->db_path, consortium, prefix, admin))
		return fail(c);
	printf("created %s\n", c->db_path);
	return EXIT_OK;
}
