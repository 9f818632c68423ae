/* lend renew: push a loan's due date on. */
#include "cli.h"

int cmd_renew(struct cli *c, int argc, char **argv)
{
	const char *days = NULL, *at = NULL;
	const struct opt opts[] = { { "days", OPT_STR, &days },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st, d = 0;

	c->usage = "renew LOAN|TAG [--days N] [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (days && parse_int(&d, "renew", "days", days, 1, 3660))
		return EXIT_FAIL;
	if (lend_loan_renew(c->db, pos[0], d, at))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}
