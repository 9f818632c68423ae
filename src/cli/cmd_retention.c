/* lend retention: erase borrowers kept past the retention period. */
#include <stdio.h>

#include "cli.h"

static int retention_run(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "idle_since",
	                                    "retention_months", NULL };
	int dry = 0, st;
	const struct opt opts[] = { { "dry-run", OPT_FLAG, &dry }, OPT_END };
	lend_rows *rows = NULL;
	size_t n, i;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_retention_run(&rows, c->db, dry))
		return fail(c);
	print_notices(c); /* an outbox file that could not be removed */
	n = lend_rows_count(rows);
	if (dry && c->json)
		return print_table(c, rows, cols);
	for (i = 0; dry && i < n; i++)
		printf("%s: idle since %s, over retention.months (%s)\n",
		       lend_rows_text(rows, i, 0), lend_rows_text(rows, i, 1),
		       lend_rows_text(rows, i, 2));
	lend_rows_free(rows);
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
