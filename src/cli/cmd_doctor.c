/* lend doctor: check the database and say how to mend it. */
#include <stdio.h>

#include "cli.h"

int cmd_doctor(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "check", "finding", "fix", NULL };
	lend_rows *rows = NULL;
	size_t found;
	int st;

	c->usage = "doctor [--json]";
	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_doctor(&rows, c->db))
		return fail(c);
	found = lend_rows_count(rows);
	if (found == 0 && !c->json) {
		lend_rows_free(rows);
		puts("no problems found");
		return EXIT_OK;
	}
	print_table(c, rows, cols);
	if (found)
		fprintf(stderr, "lend: doctor: %zu problem%s found\n", found,
		        found == 1 ? "" : "s");
	return found ? EXIT_FAIL : EXIT_OK;
}
