/* lend loan: list and show loans, record a signed agreement. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
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

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
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

/* The bytes of file PATH, up to 1 MB (the library says what it takes):
 * *OUT (free it) and *LEN, or -1 with a message. */
static int read_file(unsigned char **out, size_t *len, const char *path)
{
	enum { MAX = 1 << 20 };
	FILE *f = fopen(path, "rb");
	int err = f ? 0 : errno;
	unsigned char *b = malloc(MAX + 1);
	size_t n = 0;

	if (f && b)
		n = fread(b, 1, MAX + 1, f);
	if (!f || !b || ferror(f) || n > MAX) {
		fprintf(stderr, "lend: loan: image '%s': %s\n", shown(path),
		        !f ? strerror(err)
		        : !b ? "out of memory" : n > MAX ? "larger than 1 MB"
		        : "cannot read");
		if (f)
			fclose(f);
		free(b);
		return -1;
	}
	fclose(f);
	*out = b;
	*len = n;
	return 0;
}

static int loan_sign(struct cli *c, int argc, char **argv)
{
	const char *at = NULL, *image = NULL;
	const struct opt opts[] = { { "at", OPT_STR, &at },
	                            { "image", OPT_STR, &image }, OPT_END };
	unsigned char *png = NULL;
	size_t len = 0;
	char **pos;
	int n, st, rc;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!image)
		rc = lend_loan_sign(c->db, pos[0], at);
	else if (read_file(&png, &len, image))
		return EXIT_FAIL;
	else
		rc = lend_loan_sign_image(c->db, pos[0], png, len, at);
	free(png);
	return rc ? fail(c) : EXIT_OK;
}

static int loan_void(struct cli *c, int argc, char **argv)
{
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_loan_void(c->db, pos[0]))
		return fail(c);
	print_notices(c);
	return EXIT_OK;
}

static const struct subcommand loan_subs[] = {
	{ "list", loan_list, READ_DB,
	  "loan list [--open] [--borrower B] [--json]" },
	{ "show", loan_show, READ_DB, "loan show LOAN [--json]" },
	{ "sign", loan_sign, WRITE_DB, "loan sign LOAN [--at DATETIME] [--image FILE.png]" },
	{ "void", loan_void, WRITE_DB, "loan void LOAN" },
	SUB_END
};

int cmd_loan(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, loan_subs);
}
