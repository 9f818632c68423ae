/* lend doctor: check the database and say how to mend it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* --fix: the temporaries a killed write left beside the database and in
 * the current folder, over an hour old. */
static int sweep(struct cli *c)
{
	const char *slash = strrchr(c->db_path, '/');
	char dir[4096];
	size_t here = 0, there = 0;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - c->db_path) +
	         (slash == c->db_path) : 1, slash ? c->db_path : ".");
	if (lend_db_is_server(c->db_path))
		strcpy(dir, "."); /* a server keeps no file beside us */
	if ((strcmp(dir, ".") && lend_temporaries_sweep(c->db, dir, &there)) ||
	    lend_temporaries_sweep(c->db, ".", &here))
		return fail(c);
	if (here + there)
		fprintf(stderr, "lend: doctor: removed %zu temporary file%s\n",
		        here + there, here + there == 1 ? "" : "s");
	return -1;
}

int cmd_doctor(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "check", "finding", "fix", NULL };
	lend_rows *rows = NULL;
	size_t found;
	int st, fix = 0;
	const struct opt opts[] = { { "fix", OPT_FLAG, &fix }, OPT_END };

	c->usage = "doctor [--fix] [--json]";
	if ((st = cli_parse(c, argc, argv, opts, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (fix && (st = sweep(c)) >= 0)
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
