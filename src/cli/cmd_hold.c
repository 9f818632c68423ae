/* lend hold: borrowers waiting for a device kind or a given device. */
#include <stdio.h>

#include "cli.h"

static int hold_add(struct cli *c, int argc, char **argv)
{
	const char *kind = NULL, *device = NULL, *at = NULL;
	const struct opt opts[] = { { "kind", OPT_STR, &kind },
	                            { "device", OPT_STR, &device },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos, *ref = NULL;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if ((kind == NULL) == (device == NULL))
		return usage_error(c, "give --kind or --device, one of the two");
	if (lend_hold_add(&ref, c->db, pos[0], kind, device, at))
		return fail(c);
	puts(ref);
	lend_free(ref);
	print_notices(c);
	return EXIT_OK;
}

static int hold_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "borrower", "kind", "device",
	                                    "status", "reserved_device",
	                                    "reserved_until", "placed_at",
	                                    NULL };
	const char *as_of = NULL;
	const struct opt opts[] = { { "as-of", OPT_STR, &as_of }, OPT_END };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_hold_list(&rows, c->db, as_of))
		return fail(c);
	print_notices(c);
	return print_table(c, rows, cols);
}

static int hold_cancel(struct cli *c, int argc, char **argv)
{
	const char *at = NULL;
	const struct opt opts[] = { { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_hold_cancel(c->db, pos[0], at))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

static const struct subcommand hold_subs[] = {
	{ "add", hold_add, WRITE_DB,
	  "hold add BORROWER (--kind K | --device TAG) "
	  "[--at DATETIME]" },
	{ "list", hold_list, WRITE_DB,
	  "hold list [--as-of DATETIME] [--json]" },
	{ "cancel", hold_cancel, WRITE_DB, "hold cancel HOLD [--at DATETIME]" },
	SUB_END
};

int cmd_hold(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, hold_subs);
}
