/* lend borrower: the people who borrow. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* Erasure cannot be undone: at a terminal the ref is typed again; with no
 * terminal to ask, --yes says it. */
static int confirm_forget(const char *ref)
{
	char line[128];
	size_t n;

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "lend: borrower: erasing '%s' cannot be undone; "
		        "give --yes to erase without a terminal to ask\n",
		        shown(ref));
		return -1;
	}
	fprintf(stderr, "Erase %s for good? Type the ref to confirm: ",
	        shown(ref));
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (strcmp(line, ref) == 0)
		return 0;
	fprintf(stderr, "lend: borrower: '%s' is not '%s'; nothing erased\n",
	        shown(line), shown(ref));
	return -1;
}

static int borrower_forget(struct cli *c, int argc, char **argv)
{
	int n, st, yes = 0;
	const struct opt opts[] = {
		{ "yes", OPT_FLAG, &yes }, OPT_END
	};
	char **pos;


	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!yes && confirm_forget(pos[0]))
		return EXIT_FAIL;
	if (lend_borrower_forget(c->db, pos[0]))
		return fail(c);
	print_notices(c); /* an outbox file that could not be removed */
	printf("%s erased: name, phone, email and notes, the topics of their "
	       "sessions and the notes given with their loans\n", pos[0]);
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
	{ "forget", borrower_forget, WRITE_DB, "borrower forget REF [--yes]" },
	SUB_END
};

int cmd_borrower(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
