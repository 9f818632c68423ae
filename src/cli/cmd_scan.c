/* lend scan: read a USB scanner's lines and act on each. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_scan(struct cli *c, int argc, char **argv)
{
	lend_scan *scan = NULL;
	const char *said;
	char line[1024];
	int st;

	c->usage = "scan";
	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_scan_new(&scan, c->db)) {
		fprintf(stderr, "lend: scan: out of memory\n");
		return EXIT_FAIL;
	}
	/* Errors never end the session: the desk scans on.  Output is
	 * flushed a line at a time so that a screen keeps up. */
	while (fgets(line, sizeof(line), stdin)) {
		if (lend_scan_line(&said, scan, line) == 0) {
			if (*said)
				printf("%s\n", said);
		} else {
			printf("error: %s\n", lend_errmsg(c->db));
		}
		fflush(stdout);
	}
	if (lend_scan_line(&said, scan, "") == 0 && *said)
		printf("%s\n", said);
	lend_scan_free(scan);
	return EXIT_OK;
}
