/* lend borrower: the people who borrow. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define BORROWER_OPTS(b) \
	{ "name", OPT_STR, &(b).name }, \
	{ "phone", OPT_STR, &(b).phone }, \
	{ "email", OPT_STR, &(b).email }, \
	{ "postcode", OPT_STR, &(b).postcode }, \
	{ "member", OPT_STR, &(b).member }, \
	{ "language", OPT_STR, &(b).language }, \
	{ "notes", OPT_STR, &(b).notes }, \
	{ "consent", OPT_FLAG, &(b).consent }, \
	{ "at", OPT_STR, &(b).at }

static int borrower_add(struct cli *c, int argc, char **argv)
{
	lend_borrower_spec b = { 0 };
	const struct opt opts[] = { BORROWER_OPTS(b), OPT_END };
	char *ref = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_borrower_add(&ref, c->db, &b))
		return fail(c);
	print_notices(c);
	puts(ref);
	lend_free(ref);
	return EXIT_OK;
}

static int borrower_edit(struct cli *c, int argc, char **argv)
{
	lend_borrower_spec b = { 0 };
	const struct opt opts[] = { BORROWER_OPTS(b), OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_borrower_edit(c->db, pos[0], &b))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

static int borrower_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "ref", "postcode_district",
	                                    "member", "language", "champion",
	                                    "name", NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 0, 1)) >= 0)
		return st;
	if (lend_borrower_list(&rows, c->db, n ? pos[0] : NULL))
		return fail(c);
	return print_table(c, rows, cols);
}

static int borrower_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_borrower_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

/* Subject access: to stdout, or a file; the format follows its name. */
static int borrower_export(struct cli *c, int argc, char **argv)
{
	static const char *const formats[] = { "json", "pdf", NULL };
	const char *format = NULL, *out = NULL;
	const struct opt opts[] = { { "format", OPT_STR, &format },
	                            { "o", OPT_STR, &out },
	                            { "output", OPT_STR, &out }, OPT_END };
	char **pos, *data = NULL;
	size_t len = 0;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (out && (st = cli_output(c, &format, out, formats)) >= 0)
		return st;
	if (out && strcmp(out, "-") != 0)
		return lend_borrower_export_write(c->db, pos[0], format, out)
		       ? fail(c) : EXIT_OK;
	if (lend_borrower_export(&data, &len, c->db, pos[0], format))
		return fail(c);
	fwrite(data, 1, len, stdout);
	lend_free(data);
	return EXIT_OK;
}

static int borrower_forget(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_borrower_forget(c->db, pos[0]))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand subs[] = {
	{ "add", borrower_add, WRITE_DB,
	  "borrower add --name N [--phone P] [--email E] "
	  "--postcode D --member M\n"
	  "    [--language L] [--notes TEXT] [--consent] [--at DATETIME]" },
	{ "edit", borrower_edit, WRITE_DB,
	  "borrower edit REF [--name N] [--phone P] "
	  "[--email E] [--postcode D] [--member M]\n"
	  "    [--language L] [--notes TEXT] [--consent] [--at DATETIME]" },
	{ "list", borrower_list, READ_DB, "borrower list [SEARCH] [--json]" },
	{ "show", borrower_show, READ_DB, "borrower show REF [--json]" },
	{ "export", borrower_export, READ_DB,
	  "borrower export REF [--format json|pdf] [-o FILE]" },
	{ "forget", borrower_forget, WRITE_DB, "borrower forget REF" },
	SUB_END
};

int cmd_borrower(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
