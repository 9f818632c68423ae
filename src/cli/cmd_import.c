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

static int sep_of(struct cli *c, const char *sep, char *out)
{
	if (!sep)
		return 0;
	if (!strcmp(sep, ",") || !strcmp(sep, ";"))
		*out = sep[0];
	else if (!strcmp(sep, "tab") || !strcmp(sep, "\t"))
		*out = '\t';
	else {
		fprintf(stderr, "lend: import: --sep '%s' is not one of ',', ';', "
		        "tab\n", shown(sep));
		return -1;
	}
	(void)c;
	return 0;
}

/* The notices of a good import: the columns not read. */
static void notices(struct cli *c)
{
	const char *p = lend_notice(c->db);

	if (p && *p)
		fprintf(stderr, "lend: import: %s\n", p);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	lend_import_spec s = { 0 };
	lend_import_result r = { 0 };
	struct strlist map = { { NULL }, 0 }, set = { { NULL }, 0 },
	               val = { { NULL }, 0 };
	const char *sep = NULL;
	const struct opt opts[] = {
		{ "dry-run", OPT_FLAG, &s.dry_run },
		{ "map", OPT_LIST, &map },
		{ "set", OPT_LIST, &set },
		{ "value", OPT_LIST, &val },
		{ "sep", OPT_STR, &sep },
		{ "encoding", OPT_STR, &s.encoding },
		{ "errors", OPT_STR, &s.errors_path },
		{ "dates", OPT_STR, &s.dates },
		{ "update", OPT_FLAG, &s.update },
		{ "expand", OPT_FLAG, &s.expand },
		OPT_END
	};
	char **pos;
	int n, st;

	c->usage = "import devices|borrowers|champions|loans FILE.csv "
	           "[--dry-run]\n"
	           "    [--map COLUMN=field]... [--set FIELD=VALUE]... "
	           "[--value FIELD:FROM=TO]...\n"
	           "    [--sep ,|;|tab] [--encoding windows-1252|mac-roman|latin1]"
	           "\n    [--dates dmy|mdy|ymd] [--errors FILE] [--update] "
	           "[--expand]";
	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 2, 2)) >= 0)
		return st;
	if (sep_of(c, sep, &s.sep))
		return EXIT_USAGE;
	s.what = pos[0];
	s.path = pos[1];
	s.map = map.v;
	s.nmap = map.n;
	s.set = set.v;
	s.nset = set.n;
	s.values = val.v;
	s.nvalues = val.n;
	if (isatty(STDERR_FILENO))
		s.progress = show_progress;
	if (lend_import(&r, c->db, &s))
		return bad_rows(c);
	if (s.progress)
		fputc('\n', stderr);
	notices(c);
	printf("%s%zu rows: %zu added, %zu already there", s.dry_run ?
	       "dry run, nothing written: " : "", r.rows, r.added, r.skipped);
	if (r.updated)
		printf(", %zu updated", r.updated);
	if (r.loans)
		printf(", %zu on loan", r.loans);
	putchar('\n');
	return EXIT_OK;
}
