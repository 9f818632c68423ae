/*
 * What the commands share: option parsing on getopt_long, opening the
 * database once the command line is known to be right, and printing rows
 * as aligned columns or JSON.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* getopt_long */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_OPTS 40

int fail(struct cli *c)
{
	fprintf(stderr, "lend: %s\n", c->db ? lend_errmsg(c->db)
	                                    : "out of memory");
	return EXIT_FAIL;
}

static void print_usage(FILE *f, const char *usage)
{
	const char *line = usage, *nl;
	int first = 1;

	for (; *line; line = nl ? nl + 1 : line + strlen(line)) {
		int len;

		nl = strchr(line, '\n');
		len = nl ? (int)(nl - line) : (int)strlen(line);
		/* A line starting with a space goes on with the one before. */
		if (*line == ' ')
			fprintf(f, "      %.*s\n", len, line);
		else
			fprintf(f, "%s lend %.*s\n", first ? "usage:" : "      ", len,
			        line);
		first = 0;
		if (!nl)
			break;
	}
}

int usage_error(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lend: %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c->usage)
		print_usage(stderr, c->usage);
	return EXIT_USAGE;
}

static int open_db(struct cli *c, enum access access)
{
	int rc;

	if (access == NO_DB)
		return -1;
	rc = lend_open(&c->db, c->db_path,
	               access == READ_DB ? LEND_OPEN_QUERY_ONLY : 0);
	if (rc == 0 && c->actor)
		rc = lend_db_act_as(c->db, c->actor);
	return rc == 0 ? -1 : fail(c);
}

/* getopt would read "-1.5" (settings set label.offset_x_mm -1.5) as
 * options.  lend has no short option but -h, so an argument of a dash and
 * a digit is always a value: mark it for the parse, then restore it.
 * getopt moves the pointers of argv, never the strings, so marking the
 * strings in place is safe. */
#define NEGATIVE '\001'
static void hide_negative_numbers(int argc, char **argv, char from, char to)
{
	int i;

	for (i = 1; i < argc; i++)
		if (argv[i][0] == from && argv[i][1] >= '0' && argv[i][1] <= '9')
			argv[i][0] = to;
}

static int add_to_list(struct strlist *l, const char *value)
{
	if (l->n == sizeof(l->v) / sizeof(l->v[0]))
		return -1;
	l->v[l->n++] = value;
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const struct opt *opts,
              char ***pos, int *npos, int min, int max, enum access access)
{
	struct option longopts[MAX_OPTS + 3];
	char shorts[MAX_OPTS * 2 + 3] = ":h";
	int help = 0, n = 0, i, ch;

	/* A one-letter name is a short option too: -o FILE. */
	for (; opts && opts[n].name; n++) {
		if (opts[n].name[1] == '\0') {
			size_t len = strlen(shorts);

			shorts[len] = opts[n].name[0];
			shorts[len + 1] = opts[n].kind == OPT_FLAG ? '\0' : ':';
			shorts[len + 2] = '\0';
		}
		longopts[n].name = opts[n].name;
		longopts[n].has_arg = opts[n].kind == OPT_FLAG ? no_argument
		                                               : required_argument;
		longopts[n].flag = NULL;
		longopts[n].val = 0x100 + n;
	}
	longopts[n] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n + 1] = (struct option){ "json", no_argument, NULL, 'j' };
	longopts[n + 2] = (struct option){ NULL, 0, NULL, 0 };
	hide_negative_numbers(argc, argv, '-', NEGATIVE);
	optind = 0; /* glibc: start afresh on a new argv */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		if (ch > 0 && ch < 0x100 && ch != 'h' && ch != 'j' && ch != ':' &&
		    ch != '?')
			for (i = 0; i < n; i++)
				if (opts[i].name[0] == ch && opts[i].name[1] == '\0')
					ch = 0x100 + i;
		if (ch == 'h')
			help = 1;
		else if (ch == 'j')
			c->json = 1;
		else if (ch == ':' || ch == '?')
			break;
		else if (opts[ch - 0x100].kind == OPT_STR)
			*(const char **)opts[ch - 0x100].target = optarg;
		else if (opts[ch - 0x100].kind == OPT_FLAG)
			*(int *)opts[ch - 0x100].target = 1;
		else if (add_to_list(opts[ch - 0x100].target, optarg))
			return usage_error(c, "too many --%s options",
			                   opts[ch - 0x100].name);
	}
	hide_negative_numbers(argc, argv, NEGATIVE, '-');
	if (ch == ':')
		return usage_error(c, "option '%s' needs a value",
		                   argv[optind - 1]);
	if (ch == '?')
		return usage_error(c, "unknown option '%s'", argv[optind - 1]);
	if (help) {
		print_usage(stdout, c->usage);
		return EXIT_OK;
	}
	i = argc - optind;
	if (i < min)
		return usage_error(c, "missing argument");
	if (i > max)
		return usage_error(c, "unexpected argument '%s'",
		                   argv[optind + max]);
	if (pos)
		*pos = argv + optind;
	if (npos)
		*npos = i;
	return open_db(c, access);
}

int cli_subcommand(struct cli *c, int argc, char **argv,
                   const struct subcommand *subs, size_t n)
{
	char all[2048] = "";
	const char *cmd = argv[0];
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(all);

		snprintf(all + len, sizeof(all) - len, "%s%s", len ? "\n" : "",
		         subs[i].usage);
	}
	c->usage = all;
	if (argc < 2)
		return usage_error(c, "missing subcommand");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_usage(stdout, all);
		return EXIT_OK;
	}
	for (i = 0; i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			snprintf(c->name, sizeof(c->name), "%s %s", cmd,
			         subs[i].name);
			c->usage = subs[i].usage;
			return subs[i].run(c, argc - 1, argv + 1);
		}
	return usage_error(c, "unknown subcommand '%s'", argv[1]);
}

int parse_int(int *out, const char *concern, const char *field,
              const char *text, int min, int max)
{
	char *end = NULL;
	long v = strtol(text, &end, 10);

	if (!*text || *end || v < min || v > max) {
		fprintf(stderr, "lend: %s: %s '%s' must be %d to %d\n", concern,
		        field, text, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

void print_notices(struct cli *c)
{
	const char *p = lend_notice(c->db), *nl;

	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		fprintf(stderr, "lend: note: %.*s\n",
		        nl ? (int)(nl - p) : (int)strlen(p), p);
		if (!nl)
			break;
	}
}

/* ---- Printing ------------------------------------------------------- */

/* Width on a terminal, counting one column per UTF-8 character: good
 * enough for the Latin, Greek and Cyrillic names lend mostly holds. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static const char *cell(const lend_rows *r, size_t row, const char *col)
{
	const char *v = lend_rows_get(r, row, col);

	return v ? v : "-";
}

static int print_json(struct cli *c, lend_rows *rows, int flags)
{
	char *json = NULL;
	int rc = lend_rows_json(&json, rows, flags);

	lend_rows_free(rows);
	if (rc != 0) {
		fprintf(stderr, "lend: %s: out of memory\n", c->name);
		return EXIT_FAIL;
	}
	puts(json);
	lend_free(json);
	return EXIT_OK;
}

static void upper(char *dst, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	dst[i] = '\0';
}

int print_table(struct cli *c, lend_rows *rows, const char *const *cols)
{
	size_t w[32] = { 0 }, ncols, i, r, n = lend_rows_count(rows);
	char head[64];

	if (c->json)
		return print_json(c, rows, 0);
	for (ncols = 0; cols[ncols] && ncols < 32; ncols++) {
		w[ncols] = width(cols[ncols]);
		for (r = 0; r < n; r++)
			if (width(cell(rows, r, cols[ncols])) > w[ncols])
				w[ncols] = width(cell(rows, r, cols[ncols]));
	}
	for (i = 0; i < ncols; i++) {
		upper(head, sizeof(head), cols[i]);
		printf("%s%-*s", i ? "  " : "", i + 1 < ncols ? (int)w[i] : 0,
		       head);
	}
	putchar('\n');
	for (r = 0; r < n; r++) {
		for (i = 0; i < ncols; i++) {
			const char *v = cell(rows, r, cols[i]);

			printf("%s%s", i ? "  " : "", v);
			if (i + 1 < ncols)
				printf("%*s", (int)(w[i] - width(v)), "");
		}
		putchar('\n');
	}
	lend_rows_free(rows);
	return EXIT_OK;
}

int print_record(struct cli *c, lend_rows *rows)
{
	size_t i, w = 0, n = lend_rows_columns(rows);

	if (c->json)
		return print_json(c, rows, LEND_JSON_OBJECT);
	for (i = 0; i < n; i++)
		if (width(lend_rows_name(rows, i)) > w)
			w = width(lend_rows_name(rows, i));
	for (i = 0; i < n && lend_rows_count(rows); i++) {
		const char *v = lend_rows_text(rows, 0, i);
		const char *name = lend_rows_name(rows, i);

		if (v)
			printf("%s:%*s %s\n", name, (int)(w - width(name)), "",
			       v);
	}
	lend_rows_free(rows);
	return EXIT_OK;
}
