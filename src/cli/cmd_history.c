/* lend history: the events of a device or another record, oldest first. */
#include "cli.h"

int cmd_history(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "at", "actor", "action", "before",
	                                    "after", NULL };
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	c->usage = "history TAG|CODE|USER [--json]";
	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_event_list(&rows, c->db, pos[0]))
		return fail(c);
	return print_table(c, rows, cols);
}
