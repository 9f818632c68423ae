/*
 * What the commands share: option parsing on getopt_long, handing over to
 * subcommands, messages, and printing rows as aligned columns or JSON.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* getopt_long */

#include <assert.h>
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

/* "lend: " and FMT's line made safe as the library makes its own
 * (lend_text_line): a value given on the command line may hold escapes,
 * line breaks or 100 kB.  One that long is cut here first; the line shows
 * at most 120 characters of a value anyway. */
static void say_line(const char *fmt, va_list ap)
{
	char line[8192], out[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "lend: %s\n", lend_text_line(out, sizeof(out), line));
}

void cli_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_line(fmt, ap);
	va_end(ap);
}

int usage_error(struct cli *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	snprintf(line, sizeof(line), "%s: %s", c->name, fmt);
	va_start(ap, fmt);
	say_line(line, ap);
	va_end(ap);
	if (c->usage)
		print_usage(stderr, c->usage);
	return EXIT_USAGE;
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
	if (l->n == NELEM(l->v))
		return -1;
	l->v[l->n++] = value;
	return 0;
}

/* getopt_long's view of a command's options, --help and --json added.
 * An option of the command's own returns OWN_OPTION plus its index. */
#define OWN_OPTION 0x100
struct option_table {
	struct option longopts[MAX_OPTS + 3];
	char shorts[MAX_OPTS * 2 + 3];
	int n; /* options of the command's own */
};

static void build_option_table(struct option_table *t,
                               const struct opt *opts)
{
	size_t len = 0;
	int n;

	t->shorts[len++] = ':'; /* tell a missing value from a bad option */
	t->shorts[len++] = 'h';
	for (n = 0; opts && opts[n].name; n++) {
		assert((size_t)n + 3 < NELEM(t->longopts));
		/* A one-letter name is a short option too: -o FILE. */
		if (opts[n].name[1] == '\0') {
			t->shorts[len++] = opts[n].name[0];
			if (opts[n].kind != OPT_FLAG)
				t->shorts[len++] = ':';
		}
		t->longopts[n] = (struct option){
			opts[n].name,
			opts[n].kind == OPT_FLAG ? no_argument
			                         : required_argument,
			NULL, OWN_OPTION + n
		};
	}
	t->shorts[len] = '\0';
	t->longopts[n] = (struct option){ "help", no_argument, NULL, 'h' };
	t->longopts[n + 1] = (struct option){ "json", no_argument, NULL, 'j' };
	t->longopts[n + 2] = (struct option){ NULL, 0, NULL, 0 };
	t->n = n;
}

/* The index in OPTS of the option getopt_long returned as CH: its long
 * form gives it, its one-letter form is looked up. */
static int option_index(const struct option_table *t,
                        const struct opt *opts, int ch)
{
	int i;

	if (ch >= OWN_OPTION)
		return ch - OWN_OPTION;
	for (i = 0; i < t->n; i++)
		if (opts[i].name[0] == ch && opts[i].name[1] == '\0')
			break;
	return i;
}

/* Store VALUE, or note the flag, for the option O.  Returns -1 to go on,
 * or the exit status of a usage error. */
static int take_option(struct cli *c, const struct opt *o, const char *value)
{
	if (o->kind == OPT_STR)
		*(const char **)o->target = value;
	else if (o->kind == OPT_FLAG)
		*(int *)o->target = 1;
	else if (add_to_list(o->target, value))
		return usage_error(c, "too many --%s options", o->name);
	return -1;
}

/* Take every option of ARGV, leaving optind at the first positional
 * argument.  Returns -1 to go on, or the exit status of a usage error. */
static int read_options(struct cli *c, int argc, char **argv,
                        const struct option_table *t, const struct opt *opts,
                        int *help)
{
	int ch = -1, st = -1;

	hide_negative_numbers(argc, argv, '-', NEGATIVE);
	optind = 0; /* glibc: start afresh on a new argv */
	opterr = 0;
	while (st < 0 && (ch = getopt_long(argc, argv, t->shorts, t->longopts,
	                                   NULL)) != -1) {
		if (ch == ':' || ch == '?')
			break;
		if (ch == 'h')
			*help = 1;
		else if (ch == 'j')
			c->json = 1;
		else
			st = take_option(c, &opts[option_index(t, opts, ch)],
			                 optarg);
	}
	hide_negative_numbers(argc, argv, NEGATIVE, '-');
	if (ch == ':')
		return usage_error(c, "option '%s' needs a value",
		                   argv[optind - 1]);
	if (ch == '?')
		return usage_error(c, "unknown option '%s'", argv[optind - 1]);
	return st;
}

int cli_parse(struct cli *c, int argc, char **argv, const struct opt *opts,
              char ***pos, int *npos, int min, int max)
{
	struct option_table t;
	int help = 0, n, st;

	build_option_table(&t, opts);
	if ((st = read_options(c, argc, argv, &t, opts, &help)) >= 0)
		return st;
	if (help) {
		print_usage(stdout, c->usage);
		return EXIT_OK;
	}
	n = argc - optind;
	if (n < min)
		return usage_error(c, "missing argument");
	if (n > max)
		return usage_error(c, "unexpected argument '%s'",
		                   argv[optind + max]);
	if (pos)
		*pos = argv + optind;
	if (npos)
		*npos = n;
	return c->open_db(c);
}

int cli_subcommand(struct cli *c, int argc, char **argv,
                   const struct subcommand *subs)
{
	char all[2048] = "";
	const char *cmd = argv[0];
	const struct subcommand *s;

	for (s = subs; s->name; s++) {
		size_t len = strlen(all);

		snprintf(all + len, sizeof(all) - len, "%s%s", len ? "\n" : "",
		         s->usage);
	}
	c->usage = all;
	if (argc < 2)
		return usage_error(c, "missing subcommand");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_usage(stdout, all);
		return EXIT_OK;
	}
	for (s = subs; s->name; s++)
		if (strcmp(argv[1], s->name) == 0) {
			snprintf(c->name, sizeof(c->name), "%s %s", cmd, s->name);
			c->usage = s->usage;
			if (s->access < c->access)
				c->access = s->access;
			return s->run(c, argc - 1, argv + 1);
		}
	return usage_error(c, "unknown subcommand '%s'", argv[1]);
}

const char *shown(const char *value)
{
	static char ring[4][300];
	static int next;

	next = (next + 1) % 4;
	return lend_text_shown(ring[next], sizeof(ring[next]), value);
}

int parse_int(int *out, const char *concern, const char *field,
              const char *text, int min, int max)
{
	char *end = NULL;
	long v = strtol(text, &end, 10);

	if (!*text || *end || v < min || v > max) {
		fprintf(stderr, "lend: %s: %s '%s' must be %d to %d\n", concern,
		        field, shown(text), min, max);
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
	for (ncols = 0; cols[ncols] && ncols < NELEM(w); ncols++) {
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

/* The extension of PATH's last component, without its dot, or "". */
static const char *extension(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	return dot && (!slash || dot > slash) && dot != path ? dot + 1 : "";
}

int cli_output(struct cli *c, const char **format, const char *out,
               const char *const *formats)
{
	const char *ext = strcmp(out, "-") == 0 ? "" : extension(out);
	size_t i, known = 0, format_known = 0;

	for (i = 0; formats[i]; i++) {
		known |= strcmp(ext, formats[i]) == 0;
		format_known |= *format && strcmp(*format, formats[i]) == 0;
	}
	if (*format && !format_known)
		return -1; /* the library names the formats it knows */
	if (*ext && !known) {
		fprintf(stderr, "lend: %s: output '%s' is not a", c->name,
		        shown(out));
		for (i = 0; formats[i]; i++)
			fprintf(stderr, "%s .%s", i == 0 ? "" : formats[i + 1]
			        ? "," : " or", formats[i]);
		fprintf(stderr, " file\n");
		return EXIT_USAGE;
	}
	if (*ext && *format && strcmp(*format, ext) != 0) {
		cli_say("%s: output '%s' does not match --format '%s'", c->name,
		    out, *format);
		return EXIT_USAGE;
	}
	if (!*format)
		*format = *ext ? ext : formats[0];
	return -1;
}

int cli_stdout(char *data, size_t len)
{
	size_t done = fwrite(data, 1, len, stdout);

	lend_free(data);
	if (done != len || fflush(stdout) != 0) {
		fprintf(stderr, "lend: cannot write to standard output\n");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
