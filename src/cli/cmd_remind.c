/* lend remind: remind borrowers, or their champions, of what is due. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_remind(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "loan", "borrower", "which",
	                                    "channel", "status", "detail",
	                                    NULL };
	lend_remind_spec s = { 0 };
	const struct opt opts[] = { { "as-of", OPT_STR, &s.as_of },
	                            { "dry-run", OPT_FLAG, &s.dry_run },
	                            { "champions", OPT_FLAG, &s.champions },
	                            OPT_END };
	const char *slash = c->db_path ? strrchr(c->db_path, '/') : NULL;
	char outbox[4096];
	lend_rows *rows;
	size_t i;
	int n, st, bad = 0;
	char **pos;

	c->usage = "remind [--as-of DATE] [--dry-run] [--champions]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 0, 0)) >= 0)
		return st;
	/* outbox/ beside the database, unless remind.outbox names one; a
	 * server has no folder of ours, so there it is the current one. */
	if (lend_db_is_server(c->db_path))
		slash = NULL;
	snprintf(outbox, sizeof(outbox), "%.*soutbox",
	         slash ? (int)(slash - c->db_path + 1) : 0,
	         slash ? c->db_path : "");
	s.outbox = outbox;
	if (lend_remind_run(&rows, c->db, &s))
		return fail(c);
	for (i = 0; i < lend_rows_count(rows); i++) {
		const char *status = lend_rows_get(rows, i, "status");

		bad |= strcmp(status, "failed") == 0 ||
		       strcmp(status, "waiting") == 0;
	}
	print_notices(c);
	st = print_table(c, rows, cols);
	return st != EXIT_OK ? st : bad ? EXIT_FAIL : EXIT_OK;
}
