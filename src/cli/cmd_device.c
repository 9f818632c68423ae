/* lend device: add, list, show, edit devices and move their status. */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* The options add and edit share: every field but the tag and the time
 * the device entered the pool. */
#define DEVICE_OPTS(d, cost) \
	{ "kind", OPT_STR, &(d).kind }, \
	{ "make", OPT_STR, &(d).make }, \
	{ "model", OPT_STR, &(d).model }, \
	{ "serial", OPT_STR, &(d).serial }, \
	{ "imei", OPT_STR, &(d).imei }, \
	{ "iccid", OPT_STR, &(d).iccid }, \
	{ "number", OPT_STR, &(d).phone_number }, \
	{ "network", OPT_STR, &(d).network }, \
	{ "allowance", OPT_STR, &(d).data_allowance }, \
	{ "plan-expires", OPT_STR, &(d).plan_expires_on }, \
	{ "member", OPT_STR, &(d).member }, \
	{ "site", OPT_STR, &(d).site }, \
	{ "grant", OPT_STR, &(d).grant }, \
	{ "purchased", OPT_STR, &(d).purchased_on }, \
	{ "cost", OPT_STR, &(cost) }, \
	{ "condition", OPT_STR, &(d).condition }, \
	{ "notes", OPT_STR, &(d).notes }

/* "249.99" from the command line into the spec's pence. */
static int parse_cost(lend_device_spec *d, int64_t *pence,
                      const char *text)
{
	if (!text)
		return -1;
	if (lend_money_parse(pence, text) != 0) {
		fprintf(stderr, "lend: device: cost '%s' is not an amount of "
		        "money (like 249.99)\n", shown(text));
		return EXIT_FAIL;
	}
	d->cost_pence = pence;
	return -1;
}

static int device_add(struct cli *c, int argc, char **argv)
{
	lend_device_spec d = { 0 };
	const char *cost = NULL;
	const struct opt opts[] = {
		DEVICE_OPTS(d, cost),
		{ "tag", OPT_STR, &d.tag },
		{ "at", OPT_STR, &d.added_at },
		OPT_END
	};
	char *tag = NULL;
	int64_t pence;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if ((st = parse_cost(&d, &pence, cost)) >= 0)
		return st;
	if (lend_device_add(&tag, c->db, &d))
		return fail(c);
	puts(tag);
	lend_free(tag);
	return EXIT_OK;
}

static int device_edit(struct cli *c, int argc, char **argv)
{
	lend_device_spec d = { 0 };
	const char *cost = NULL;
	const struct opt opts[] = { DEVICE_OPTS(d, cost), OPT_END };
	int64_t pence;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if ((st = parse_cost(&d, &pence, cost)) >= 0)
		return st;
	if (lend_device_edit(c->db, pos[0], &d))
		return fail(c);
	return EXIT_OK;
}

static int device_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "tag", "kind", "status", "member",
	                                    "site", "make", "model", NULL };
	lend_device_filter f = { 0 };
	const struct opt opts[] = {
		{ "kind", OPT_STR, &f.kind },
		{ "status", OPT_STR, &f.status },
		{ "member", OPT_STR, &f.member },
		{ "site", OPT_STR, &f.site },
		{ "grant", OPT_STR, &f.grant },
		OPT_END
	};
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_device_list(&rows, c->db, &f))
		return fail(c);
	return print_table(c, rows, cols);
}

static int device_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_device_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

static int device_status(struct cli *c, int argc, char **argv)
{
	const char *note = NULL, *at = NULL;
	const struct opt opts[] = { { "note", OPT_STR, &note },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	if (lend_device_status(c->db, pos[0], pos[1], note, at))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

static int device_wipe(struct cli *c, int argc, char **argv)
{
	const char *method = NULL, *at = NULL;
	const struct opt opts[] = { { "method", OPT_STR, &method },
	                            { "at", OPT_STR, &at }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!method)
		return usage_error(c, "--method is required");
	if (lend_device_wipe(c->db, pos[0], method, at))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

static const struct subcommand subs[] = {
	{ "add", device_add, WRITE_DB, "device add --kind K --make M --model M "
	  "--member M --site S [--tag T]\n"
	  "    [--serial S] [--imei N] [--iccid N] [--number N] [--network N]\n"
	  "    [--allowance TEXT] [--plan-expires DATE] [--grant G] "
	  "[--cost 249.99]\n"
	  "    [--purchased DATE] [--condition C] [--notes TEXT] "
	  "[--at DATETIME]" },
	{ "edit", device_edit, WRITE_DB,
	  "device edit TAG [--kind K] [--make M] "
	  "[--model M] [--member M] [--site S] ...\n"
	  "    (the options of device add but --tag and --at; \"\" clears "
	  "a field)" },
	{ "list", device_list, READ_DB, "device list [--kind K] [--status S] "
	  "[--member M] [--site S] [--grant G] [--json]" },
	{ "show", device_show, READ_DB, "device show TAG [--json]" },
	{ "status", device_status, WRITE_DB, "device status TAG "
	  "repair|quarantine|lost|retired [--note TEXT] [--at DATETIME]" },
	{ "wipe", device_wipe, WRITE_DB, "device wipe TAG --method TEXT "
	  "[--at DATETIME]" },
	SUB_END
};

int cmd_device(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
