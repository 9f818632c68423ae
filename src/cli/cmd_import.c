/* lend import: devices, borrowers, champions and loans from CSV. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void show_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	(void)total;
	fprintf(stderr, "\rimport: %zu rows checked", done);
}

/* Each bad row on a line of its own, then the count. */
static int bad_rows(struct cli *c)
{
	const char *p = lend_notice(c->db), *nl;

	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		fprintf(stderr, "lend: import: %.*s\n",
		        nl ? (int)(nl - p) : (int)strlen(p), p);
		if (!nl)
			break;
	}
	return fail(c);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	lend_import_spec s = { 0 };
	lend_import_result r = { 0 };
	struct strlist map = { { NULL }, 0 };
	const struct opt opts[] = {
		{ "dry-run", OPT_FLAG, &s.dry_run },
		{ "map", OPT_LIST, &map },
		OPT_END
	};
	char **pos;
	int n, st;

	c->usage = "import devices|borrowers|champions|loans FILE.csv "
	           "[--dry-run]\n"
	           "    [--map COLUMN=field]...";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	s.what = pos[0];
	s.path = pos[1];
	s.map = map.v;
	s.nmap = map.n;
	if (isatty(STDERR_FILENO))
		s.progress = show_progress;
	if (lend_import(&r, c->db, &s))
		return bad_rows(c);
	if (s.progress)
		fputc('\n', stderr);
	printf("%s%zu rows: %zu added, %zu already there\n",
	       s.dry_run ? "dry run, nothing written: " : "", r.rows, r.added,
	       r.skipped);
	return EXIT_OK;
}
