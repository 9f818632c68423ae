/* lend retention: erase borrowers kept past the retention period. */
#include <stdio.h>

#include "cli.h"

static int retention_run(struct cli *c, int argc, char **argv)
{
	int dry = 0, st;
	const struct opt opts[] = { { "dry-run", OPT_FLAG, &dry }, OPT_END };
	size_t n = 0;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_retention_run(&n, c->db, dry))
		return fail(c);
	printf("%s%zu borrower%s %s\n", dry ? "dry run: " : "", n,
	       n == 1 ? "" : "s", dry ? "would be erased" : "erased");
	return EXIT_OK;
}

static const struct subcommand retention_subs[] = {
	{ "run", retention_run, WRITE_DB, "retention run [--dry-run]" },
	SUB_END
};

int cmd_retention(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, retention_subs);
}
