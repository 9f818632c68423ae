/* lend label: QR asset labels as PNG, SVG or PDF sheets. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Progress on a terminal only: a pipe or a log gets silence. */
static void show_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	if (done == total || done % 25 == 0)
		fprintf(stderr, "\rlabels: %zu/%zu%s", done, total,
		        done == total ? "\n" : "");
}

static int list_templates(struct cli *c)
{
	static const char *const cols[] = { "name", "page_mm", "label_mm",
	                                    "per_page", "description", NULL };
	lend_rows *rows = NULL;

	if (lend_label_templates(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

int cmd_label(struct cli *c, int argc, char **argv)
{
	static const char *const formats[] = { "png", "svg", "pdf", NULL };
	lend_label_spec s = { 0 };
	char *data;
	size_t len;
	const char *out = NULL, *start = NULL, *dpi = NULL;
	int templates = 0;
	const struct opt opts[] = {
		{ "all", OPT_FLAG, &s.all },
		{ "member", OPT_STR, &s.member },
		{ "since", OPT_STR, &s.since },
		{ "borrower", OPT_STR, &s.borrower },
		{ "format", OPT_STR, &s.format },
		{ "template", OPT_STR, &s.sheet },
		{ "start", OPT_STR, &start },
		{ "dpi", OPT_STR, &dpi },
		{ "o", OPT_STR, &out },
		{ "output", OPT_STR, &out },
		{ "templates", OPT_FLAG, &templates },
		OPT_END
	};
	char **pos;
	int n, st;

	c->usage = "label (TAG... | --all | --member M | --since DATE | "
	           "--borrower B) [--format png|svg|pdf]\n"
	           "    [--template NAME|FILE] [--start N] [--dpi N] -o PATH|-\n"
	           "label --templates [--json]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 0, 10000)) >= 0)
		return st;
	if (templates)
		return list_templates(c);
	if (!out)
		return usage_error(c, "-o PATH is required");
	if ((start && parse_int(&s.start, "label", "start", start, 1, 10000)) ||
	    (dpi && parse_int(&s.dpi, "label", "dpi", dpi, 72, 2400)))
		return EXIT_FAIL;
	s.tags = (const char *const *)pos;
	s.ntags = (size_t)n;
	if ((st = cli_output(c, &s.format, out, formats)) >= 0)
		return st;
	if (strcmp(out, "-") == 0)
		return lend_label_render(&data, &len, c->db, &s) ? fail(c)
		       : cli_stdout(data, len);
	if (isatty(STDERR_FILENO))
		s.progress = show_progress;
	if (lend_label_write(c->db, &s, out))
		return fail(c);
	return EXIT_OK;
}
