/* lend sim: SIM plans running out. */
#include "cli.h"

static int sim_expiring(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "plan_expires_on",
	                                    "days_left", "status", "borrower",
	                                    "champion", "champion_phone", NULL };
	const char *within = NULL;
	const struct opt opts[] = { { "within", OPT_STR, &within }, OPT_END };
	lend_rows *rows = NULL;
	int st, days = 30;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (within && parse_int(&days, "sim", "within", within, 0, 3660))
		return EXIT_FAIL;
	if (lend_sim_expiring(&rows, c->db, days))
		return fail(c);
	return print_table(c, rows, cols);
}

static const struct subcommand sim_subs[] = {
	{ "expiring", sim_expiring, READ_DB,
	  "sim expiring [--within DAYS] [--json]" },
	SUB_END
};

int cmd_sim(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, sim_subs);
}
