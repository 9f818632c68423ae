/*
 * The baseline of bench/serve.sh (issue 16): the desk's scan lines sent to
 * lend serve by wrk, run through the library's scan step in one process
 * instead, on a copy of the same database.  Sixteen desks take turns, as
 * wrk's sixteen connections do: desk D scans its borrower's card, two
 * tags, "done", then the same two tags again (checked in), each pair of
 * devices once.  Prints the lines per second after SECONDS of it.
 *
 * usage: scan_pairs DB USER SECONDS
 * The borrowers are B-000001 to B-000016 and the tags of desk D
 * (1 to 16) are PDD-0001, PDD-0002...: bench/serve.sh makes them.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lend.h"

#define DESKS 16
#define LINES 6 /* a cycle: card, tag, tag, done, tag, tag */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Line STEP of cycle N of desk D (from 1), into LINE. */
static void line_of(char *line, size_t size, int d, long n, int step)
{
	long pair = 2 * n + 1;

	switch (step) {
	case 0: snprintf(line, size, "B-%06d", d); break;
	case 1: case 4: snprintf(line, size, "P%02d-%04ld", d, pair); break;
	case 2: case 5: snprintf(line, size, "P%02d-%04ld", d, pair + 1); break;
	default: snprintf(line, size, "done"); break;
	}
}

int main(int argc, char **argv)
{
	lend_db *db = NULL;
	lend_scan_state s[DESKS];
	lend_scan_result res;
	char line[32];
	long lines = 0, errors = 0, n;
	double t0, seconds;
	int d, step, rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: scan_pairs DB USER SECONDS\n");
		return 2;
	}
	seconds = atof(argv[3]);
	if (lend_open(&db, argv[1], 0) || lend_db_act_as(db, argv[2])) {
		fprintf(stderr, "scan_pairs: %s\n", lend_errmsg(db));
		goto done;
	}
	for (d = 0; d < DESKS; d++)
		if (lend_scan_begin(db, &s[d], (long long)time(NULL)))
			goto done;
	t0 = now();
	for (n = 0; now() - t0 < seconds; n++)
		for (step = 0; step < LINES; step++)
			for (d = 0; d < DESKS; d++) {
				line_of(line, sizeof(line), d + 1, n, step);
				if (lend_scan_step(db, &s[d], line,
				                   (long long)time(NULL), &s[d],
				                   &res) && errors++ == 0)
					fprintf(stderr, "scan_pairs: %s: %s\n",
					        line, lend_errmsg(db));
				lines++;
			}
	printf("%.1f %ld %ld\n", lines / (now() - t0), lines, errors);
	rc = errors != 0;
done:
	if (rc && lines == 0)
		fprintf(stderr, "scan_pairs: %s\n", lend_errmsg(db));
	lend_close(db);
	return rc;
}
