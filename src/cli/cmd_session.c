/* lend session: log a champion's support session with a borrower. */
#include "cli.h"

static int session_log(struct cli *c, int argc, char **argv)
{
	const char *minutes = NULL, *topic = NULL, *date = NULL, *who = NULL;
	const struct opt opts[] = {
		{ "minutes", OPT_STR, &minutes },
		{ "topic", OPT_STR, &topic },
		{ "date", OPT_STR, &date },
		{ "champion", OPT_STR, &who },
		OPT_END
	};
	char **pos;
	int n, st, m;

	if ((st = cli_parse(c, argc, argv, opts, &pos, &n, 1, 1)) >= 0)
		return st;
	if (!minutes || !topic)
		return usage_error(c, "--minutes and --topic are required");
	if (parse_int(&m, "session", "minutes", minutes, 1, 1440))
		return EXIT_FAIL;
	if (lend_session_log(c->db, pos[0], who, m, topic, date))
		return fail(c);
	return EXIT_OK;
}

static const struct subcommand session_subs[] = {
	{ "log", session_log, WRITE_DB,
	  "session log BORROWER --minutes N --topic TEXT "
	  "[--date DATE] [--champion C]" },
	SUB_END
};

int cmd_session(struct cli *c, int argc, char **argv)
{
	return cli_subcommand(c, argc, argv, session_subs);
}
