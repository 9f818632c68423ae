/* lend backup, restore, doctor, retention: the coordinator's upkeep. */
#include <stdio.h>

#include "cli.h"

int cmd_backup(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	c->usage = "backup FILE";
	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1, READ_DB)) >= 0)
		return st;
	if (lend_db_backup(c->db, pos[0]))
		return fail(c);
	return EXIT_OK;
}

int cmd_restore(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	c->usage = "restore FILE";
	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1, NO_DB)) >= 0)
		return st;
	if (lend_db_restore(&c->db, c->db_path, pos[0]))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

int cmd_doctor(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "check", "finding", "fix", NULL };
	lend_rows *rows = NULL;
	size_t found;
	int st;

	c->usage = "doctor [--json]";
	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0, READ_DB)) >= 0)
		return st;
	if (lend_doctor(&rows, c->db))
		return fail(c);
	found = lend_rows_count(rows);
	if (found == 0 && !c->json) {
		lend_rows_free(rows);
		puts("no problems found");
		return EXIT_OK;
	}
	print_table(c, rows, cols);
	if (found)
		fprintf(stderr, "lend: doctor: %zu problem%s found\n", found,
		        found == 1 ? "" : "s");
	return found ? EXIT_FAIL : EXIT_OK;
}

static int retention_run(struct cli *c, int argc, char **argv)
{
	int dry = 0, st;
	const struct opt opts[] = { { "dry-run", OPT_FLAG, &dry }, OPT_END };
	size_t n = 0;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0, WRITE_DB)) >= 0)
		return st;
	if (lend_retention_run(&n, c->db, dry))
		return fail(c);
	printf("%s%zu borrower%s %s\n", dry ? "dry run: " : "", n,
	       n == 1 ? "" : "s", dry ? "would be erased" : "erased");
	return EXIT_OK;
}

static const struct subcommand retention_subs[] = {
	{ "run", retention_run, "retention run [--dry-run]" },
};

int cmd_retention(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, retention_subs, 1);
}
