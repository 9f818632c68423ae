/* lend help: list the commands, or show one's usage. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_help(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;

	if (argc > 2)
		return usage_error(c, "unexpected argument '%s'", argv[2]);
	if (argc == 2 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		char *args[] = { argv[1], "--help", NULL };

		if (!(cmd = find_command(argv[1])))
			return usage_error(c, "unknown command '%s'", argv[1]);
		return run_command(c, cmd, 2, args);
	}
	fputs(global_usage, stdout);
	puts("\ncommands:");
	for (cmd = commands; cmd->name; cmd++)
		printf("  %-10s %s\n", cmd->name, cmd->summary);
	puts("\nlend help COMMAND, or lend COMMAND --help, for its usage; "
	     "man lend for more.");
	return EXIT_OK;
}
