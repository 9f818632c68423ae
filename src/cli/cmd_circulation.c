/* lend checkout, checkin, renew, overdue: the desk's daily work. */
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
		OPT_END
	};
	char **pos, *ref = NULL;
	int n, st;

	c->usage = "checkout BORROWER TAG... [--days N | --due DATE] [--site S] "
	           "[--condition C] [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 1000, WRITE_DB)) >= 0)
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
	return EXIT_OK;
}

int cmd_checkin(struct cli *c, int argc, char **argv)
{
	lend_checkin_spec s = { 0 };
	struct strlist missing = { { NULL }, 0 };
	const struct opt opts[] = {
		{ "condition", OPT_STR, &s.condition },
		{ "note", OPT_STR, &s.note },
		{ "missing", OPT_LIST, &missing },
		{ "at", OPT_STR, &s.at },
		OPT_END
	};
	char **pos;
	int n, st;

	c->usage = "checkin TAG... [--condition C] [--note TEXT] "
	           "[--missing PART]... [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1000, WRITE_DB)) >= 0)
		return st;
	s.tags = (const char *const *)pos;
	s.ntags = (size_t)n;
	s.missing = missing.v;
	s.nmissing = missing.n;
	if (lend_loan_checkin(c->db, &s))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

int cmd_renew(struct cli *c, int argc, char **argv)
{
	const char *days = NULL, *at = NULL;
	const struct opt opts[] = { { "days", OPT_STR, &days },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st, d = 0;

	c->usage = "renew LOAN|TAG [--days N] [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1, WRITE_DB)) >= 0)
		return st;
	if (days && parse_int(&d, "renew", "days", days, 1, 3660))
		return EXIT_FAIL;
	if (lend_loan_renew(c->db, pos[0], d, at))
		return fail(c);
	return EXIT_OK;
}

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
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0, READ_DB)) >= 0)
		return st;
	if (lend_loan_overdue(&rows, c->db, as_of))
		return fail(c);
	return print_table(c, rows, cols);
}
