/* lend overdue: items out past their due date, with whom to call. */
#include "cli.h"

int cmd_overdue(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "loan", "borrower", "due_on",
	                                    "days_late", "champion",
	                                    "champion_phone", "champion_name",
	                                    NULL };
	const char *as_of = NULL;
	const struct opt opts[] = { { "as-of", OPT_STR, &as_of }, OPT_END };
	lend_rows *rows = NULL;
	int st;

	c->usage = "overdue [--as-of DATE] [--json]";
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_loan_overdue(&rows, c->db, as_of))
		return fail(c);
	return print_table(c, rows, cols);
}
