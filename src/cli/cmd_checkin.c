/* lend checkin: take devices back, noting their condition and missing parts. */
#include "cli.h"

int cmd_checkin(struct cli *c, int argc, char **argv)
{
	lend_checkin_spec s = { 0 };
	struct strlist missing = { { NULL }, 0 }, outcomes = { { NULL }, 0 };
	const struct opt opts[] = {
		{ "condition", OPT_STR, &s.condition },
		{ "note", OPT_STR, &s.note },
		{ "missing", OPT_LIST, &missing },
		{ "outcome", OPT_LIST, &outcomes },
		{ "at", OPT_STR, &s.at },
		OPT_END
	};
	char **pos;
	int n, st;

	c->usage = "checkin TAG... [--condition C] [--note TEXT] "
	           "[--missing PART]... [--outcome KEY]... [--at DATETIME]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1000)) >= 0)
		return st;
	s.tags = (const char *const *)pos;
	s.ntags = (size_t)n;
	s.missing = missing.v;
	s.nmissing = missing.n;
	s.outcomes = outcomes.v;
	s.noutcomes = outcomes.n;
	if (lend_loan_checkin(c->db, &s))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}
