/* lend checkout: lend devices to a borrower at the desk. */
#include <stdio.h>

#include "cli.h"

int cmd_checkout(struct cli *c, int argc, char **argv)
{
	lend_checkout_spec s = { 0 };
	const char *days = NULL;
	const struct opt opts[] = {
		{ "days", OPT_STR, &days },
		{ "due", OPT_STR, &s.due_on },
		{ "site", OPT_STR, &s.site },
		{ "condition", OPT_STR, &s.condition },
		{ "at", OPT_STR, &s.at },
		{ "override", OPT_FLAG, &s.override },
		OPT_END
	};
	char **pos, *ref = NULL;
	int n, st;

	c->usage = "checkout BORROWER TAG... [--days N | --due DATE] [--site S] "
	           "[--condition C] [--override] [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 1000)) >= 0)
		return st;
	if (days && s.due_on)
		return usage_error(c, "give --days or --due, not both");
	if (days && parse_int(&s.days, "checkout", "days", days, 1, 3660))
		return EXIT_FAIL;
	s.borrower = pos[0];
	s.tags = (const char *const *)pos + 1;
	s.ntags = (size_t)n - 1;
	if (lend_loan_checkout(&ref, c->db, &s))
		return fail(c);
	puts(ref);
	lend_free(ref);
	print_notices(c);
	return EXIT_OK;
}
