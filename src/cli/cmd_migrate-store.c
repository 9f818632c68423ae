/* lend migrate-store: copy a SQLite database into PostgreSQL (admins). */
#include "cli.h"

int cmd_migrate_store(struct cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	const struct opt opts[] = {
		{ "from", OPT_STR, &from },
		{ "to", OPT_STR, &to },
		OPT_END
	};
	int st;

	c->usage = "migrate-store --from FILE --to postgresql://...";
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (!from || !to)
		return usage_error(c, "--from and --to are required");
	if (lend_open(&c->db, from, LEND_OPEN_QUERY_ONLY) ||
	    lend_db_act_as(c->db, c->actor) || lend_db_migrate_store(c->db, to))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}
