/* lend loan, hold, kit, sim: loans and what waits or goes with them. */
#include <stdio.h>

#include "cli.h"

static int loan_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "borrower", "out_at",
	                                    "due_on", "items", "open_items",
	                                    NULL };
	const char *borrower = NULL;
	int open = 0, st;
	const struct opt opts[] = { { "borrower", OPT_STR, &borrower },
	                            { "open", OPT_FLAG, &open }, OPT_END };
	lend_rows *rows = NULL;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0, READ_DB)) >= 0)
		return st;
	if (lend_loan_list(&rows, c->db, borrower, open))
		return fail(c);
	return print_table(c, rows, cols);
}

static int loan_show(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "kind", "model", "part_of",
	                                    "due_on", "returned_at", "outcome",
	                                    NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1, READ_DB)) >= 0)
		return st;
	if (lend_loan_show(&rows, c->db, pos[0]))
		return fail(c);
	if (!c->json)
		printf("%s to %s at %s by %s, champion %s, out %s, renewed %s, "
		       "%s, %s%s\n\n", pos[0], lend_rows_get(rows, 0, "borrower"),
		       lend_rows_get(rows, 0, "site"),
		       lend_rows_get(rows, 0, "issued_by"),
		       lend_rows_get(rows, 0, "champion")
		               ? lend_rows_get(rows, 0, "champion") : "none",
		       lend_rows_get(rows, 0, "out_at"),
		       lend_rows_get(rows, 0, "renewals"),
		       lend_rows_get(rows, 0, "closed_at") ? "closed" : "open",
		       lend_rows_get(rows, 0, "signed_at") ? "signed " : "not signed",
		       lend_rows_get(rows, 0, "signed_at") ?
		       lend_rows_get(rows, 0, "signed_at") : "");
	return print_table(c, rows, cols);
}

static int loan_sign(struct cli *c, int argc, char **argv)
{
	const char *at = NULL;
	const struct opt opts[] = { { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1, WRITE_DB)) >= 0)
		return st;
	if (lend_loan_sign(c->db, pos[0], at))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand loan_subs[] = {
	{ "list", loan_list, "loan list [--open] [--borrower B] [--json]" },
	{ "show", loan_show, "loan show LOAN [--json]" },
	{ "sign", loan_sign, "loan sign LOAN [--at DATETIME]" },
};

int cmd_loan(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, loan_subs, 3);
}

static int hold_add(struct cli *c, int argc, char **argv)
{
	const char *kind = NULL, *device = NULL, *at = NULL;
	const struct opt opts[] = { { "kind", OPT_STR, &kind },
	                            { "device", OPT_STR, &device },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos, *ref = NULL;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1, WRITE_DB)) >= 0)
		return st;
	if ((kind == NULL) == (device == NULL))
		return usage_error(c, "give --kind or --device, one of the two");
	if (lend_hold_add(&ref, c->db, pos[0], kind, device, at))
		return fail(c);
	puts(ref);
	lend_free(ref);
	return EXIT_OK;
}

static int hold_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "borrower", "kind", "device",
	                                    "status", "reserved_device",
	                                    "reserved_until", "placed_at",
	                                    NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0, READ_DB)) >= 0)
		return st;
	if (lend_hold_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int hold_cancel(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1, WRITE_DB)) >= 0)
		return st;
	if (lend_hold_cancel(c->db, pos[0]))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand hold_subs[] = {
	{ "add", hold_add, "hold add BORROWER (--kind K | --device TAG) "
	  "[--at DATETIME]" },
	{ "list", hold_list, "hold list [--json]" },
	{ "cancel", hold_cancel, "hold cancel HOLD" },
};

int cmd_hold(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, hold_subs, 3);
}

static int kit_add(struct cli *c, int argc, char **argv)
{
	const char *at = NULL;
	const struct opt opts[] = { { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 100, WRITE_DB)) >= 0)
		return st;
	if (lend_kit_add(c->db, pos[0], (const char *const *)pos + 1,
	                 (size_t)n - 1, at))
		return fail(c);
	return EXIT_OK;
}

static int kit_show(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "kind", "status", "make",
	                                    "model", NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1, READ_DB)) >= 0)
		return st;
	if (lend_kit_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_table(c, rows, cols);
}

static const struct subcommand kit_subs[] = {
	{ "add", kit_add, "kit add KIT PART... [--at DATETIME]" },
	{ "show", kit_show, "kit show KIT [--json]" },
};

int cmd_kit(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, kit_subs, 2);
}

static int sim_expiring(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "plan_expires_on",
	                                    "days_left", "status", "borrower",
	                                    "champion", "champion_phone", NULL };
	const char *within = NULL;
	const struct opt opts[] = { { "within", OPT_STR, &within }, OPT_END };
	lend_rows *rows = NULL;
	int st, days = 30;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0, READ_DB)) >= 0)
		return st;
	if (within && parse_int(&days, "sim", "within", within, 0, 3660))
		return EXIT_FAIL;
	if (lend_sim_expiring(&rows, c->db, days))
		return fail(c);
	return print_table(c, rows, cols);
}

static const struct subcommand sim_subs[] = {
	{ "expiring", sim_expiring, "sim expiring [--within DAYS] [--json]" },
};

int cmd_sim(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, sim_subs, 1);
}
