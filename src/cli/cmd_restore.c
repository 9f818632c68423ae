/* lend restore: put a backup back, keeping the old file (admins). */
#include "cli.h"

int cmd_restore(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	c->usage = "restore FILE";
	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_db_restore(&c->db, c->db_path, pos[0], c->actor))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}
