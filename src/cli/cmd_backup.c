/* lend backup: copy the database while others go on using it. */
#include "cli.h"

int cmd_backup(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	c->usage = "backup FILE";
	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_db_backup(c->db, pos[0]))
		return fail(c);
	return EXIT_OK;
}
