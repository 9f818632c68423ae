/* lend scan: the desk at a terminal, or scanner lines piped in. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define GREEN "32"
#define YELLOW "33"
#define RED "31"

struct desk {
	int tty;    /* a person at a terminal: prompt and bell */
	int colour; /* and NO_COLOR is not set */
	int failed; /* a line failed */
};

static void say(const struct desk *d, const char *colour, const char *text,
                int bell)
{
	if (d->colour)
		printf("\033[%sm%s\033[0m", colour, text);
	else
		printf("%s", text);
	printf("%s\n", bell && d->tty ? "\a" : "");
}

/* The lines of one step: what was done, then what was refused. */
static void show(struct desk *d, lend_db *db, int rc)
{
	char line[1024], err[1100];
	size_t i;

	for (i = 0; i < lend_notice_count(db); i++) {
		lend_info info;

		lend_notice_info(db, i, &info);
		say(d, strncmp(info.key, "scan.", 5) ? YELLOW : GREEN,
		    lend_info_text(line, sizeof(line), &info, "en"), 0);
	}
	if (rc) {
		snprintf(err, sizeof(err), "error: %s", lend_errmsg(db));
		say(d, RED, err, 1);
		d->failed = 1;
	}
}

int cmd_scan(struct cli *c, int argc, char **argv)
{
	struct desk d = { 0 };
	lend_scan_state s;
	lend_scan_result res;
	const char *nc = getenv("NO_COLOR");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int st, rc;

	c->usage = "scan";
	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_scan_begin(c->db, &s, (long long)time(NULL)))
		return fail(c);
	d.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	d.colour = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (d.tty)
		printf("ready: scan a borrower card, a device or a loan; an "
		       "empty line or 'done' ends a check-out, Ctrl-D the desk\n");
	/* Errors never end the session: the desk scans on.  Output is
	 * flushed a line at a time so that a screen keeps up. */
	for (;;) {
		if (d.tty)
			printf("> ");
		fflush(stdout);
		if ((n = getline(&line, &cap, stdin)) < 0)
			break;
		if (strlen(line) != (size_t)n) {
			/* A NUL would cut the line short: it is not what the
			 * scanner read, so it is refused, not acted on. */
			say(&d, RED, "error: scan: the line holds a NUL byte", 1);
			d.failed = 1;
			continue;
		}
		rc = lend_scan_step(c->db, &s, line, (long long)time(NULL), &s,
		                    &res);
		/* Idle counts from when the desk last finished a line: a slow
		 * line (a busy disk) is no pause of the volunteer's. */
		s.last = (long long)time(NULL);
		show(&d, c->db, rc);
	}
	if (d.tty)
		printf("\n");
	free(line);
	rc = lend_scan_step(c->db, &s, "", (long long)time(NULL), &s, &res);
	show(&d, c->db, rc);
	fflush(stdout);
	return d.failed ? EXIT_FAIL : EXIT_OK;
}
