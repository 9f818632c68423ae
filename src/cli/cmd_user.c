/* lend user: staff logins, their roles, passwords and whether they may
 * log in. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static int user_add(struct cli *c, int argc, char **argv)
{
	lend_user_spec u = { 0 };
	const struct opt opts[] = { { "member", OPT_STR, &u.member },
	                            { "role", OPT_STR, &u.role },
	                            { "name", OPT_STR, &u.full_name },
	                            { "champion", OPT_STR, &u.champion },
	                            OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!u.role)
		return usage_error(c, "--role is required");
	u.name = pos[0];
	if (lend_user_add(c->db, &u))
		return fail(c);
	puts(u.name);
	return EXIT_OK;
}

static int user_edit(struct cli *c, int argc, char **argv)
{
	lend_user_spec u = { 0 };
	const struct opt opts[] = { { "member", OPT_STR, &u.member },
	                            { "role", OPT_STR, &u.role },
	                            { "name", OPT_STR, &u.full_name }, OPT_END };
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!u.member && !u.role && !u.full_name)
		return usage_error(c, "nothing to change");
	if (lend_user_edit(c->db, pos[0], &u))
		return fail(c);
	return EXIT_OK;
}

static int user_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "name", "role", "member",
	                                    "disabled", NULL };
	lend_rows *rows = NULL;
	int st;

	if ((st = cli_parse(c, argc, argv, NULL, NULL, NULL, 0, 0)) >= 0)
		return st;
	if (lend_user_list(&rows, c->db))
		return fail(c);
	return print_table(c, rows, cols);
}

static int user_show(struct cli *c, int argc, char **argv)
{
	lend_rows *rows = NULL;
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_user_show(&rows, c->db, pos[0]))
		return fail(c);
	return print_record(c, rows);
}

/* One line of IN into BUF (SIZE bytes), without its line end: 0, or -1
 * at the end of input or when the line does not fit. */
static int read_line(char *buf, size_t size, FILE *in)
{
	size_t n;

	if (!fgets(buf, (int)size, in))
		return -1;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(in))
		return -1;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Ask for a line at the terminal with PROMPT, without echo. */
static int ask_hidden(char *buf, size_t size, const char *prompt)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(buf, size, stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password: the first line of standard input, or, at a terminal,
 * typed twice the same. */
static int read_password(char *buf, size_t size)
{
	char again[256];
	int same;

	if (!isatty(STDIN_FILENO)) {
		if (read_line(buf, size, stdin) == 0)
			return 0;
		fprintf(stderr, "lend: user: no password on standard input, "
		        "or a line too long\n");
		return -1;
	}
	if (ask_hidden(buf, size, "New password: ") ||
	    ask_hidden(again, sizeof(again), "Again: "))
		return fprintf(stderr, "lend: user: no password given\n"), -1;
	same = strcmp(buf, again) == 0;
	memset(again, 0, sizeof(again));
	if (!same)
		fprintf(stderr, "lend: user: the passwords differ\n");
	return same ? 0 : -1;
}

static int user_passwd(struct cli *c, int argc, char **argv)
{
	char password[256];
	char **pos;
	int n, st, rc;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (read_password(password, sizeof(password)))
		return EXIT_FAIL;
	rc = lend_user_passwd(c->db, pos[0], password);
	memset(password, 0, sizeof(password));
	return rc ? fail(c) : EXIT_OK;
}

static int user_able(struct cli *c, int argc, char **argv, int disabled)
{
	char **pos;
	int n, st;

	if ((st = cli_parse(c, argc, argv, NULL, &pos, &n, 1, 1)) >= 0)
		return st;
	if (lend_user_disable(c->db, pos[0], disabled))
		return fail(c);
	return EXIT_OK;
}

static int user_disable(struct cli *c, int argc, char **argv)
{
	return user_able(c, argc, argv, 1);
}

static int user_enable(struct cli *c, int argc, char **argv)
{
	return user_able(c, argc, argv, 0);
}

static const struct subcommand subs[] = {
	{ "add", user_add, WRITE_DB,
	  "user add NAME [--member M] --role admin|staff|champion|funder "
	  "[--name 'FULL NAME']\n    [--champion C]" },
	{ "edit", user_edit, WRITE_DB,
	  "user edit NAME [--member M] [--role ROLE] [--name 'FULL NAME']" },
	{ "passwd", user_passwd, WRITE_DB, "user passwd NAME" },
	{ "disable", user_disable, WRITE_DB, "user disable NAME" },
	{ "enable", user_enable, WRITE_DB, "user enable NAME" },
	{ "list", user_list, READ_DB, "user list [--json]" },
	{ "show", user_show, READ_DB, "user show NAME [--json]" },
	SUB_END
};

int cmd_user(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, subs);
}
