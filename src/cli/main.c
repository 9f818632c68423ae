/*
 * lend: the command line of liblend.  This file reads the global options,
 * finds the command in the table and runs it, then closes the database and
 * makes sure everything printed reached its destination.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *summary;
};

static int cmd_help(struct cli *c, int argc, char **argv);

static const struct command commands[] = {
	{ "init", cmd_init, "create a database for a consortium" },
	{ "settings", cmd_settings, "read and change the consortium's settings" },
	{ "member", cmd_member, "member organisations" },
	{ "site", cmd_site, "sites where devices are kept and handed over" },
	{ "user", cmd_user, "staff logins and their roles" },
	{ "grant", cmd_grant, "grants that fund devices" },
	{ "device", cmd_device, "devices: add, list, show, edit, status, wipe" },
	{ "borrower", cmd_borrower, "borrowers: add, list, show, edit, export, "
	  "forget" },
	{ "champion", cmd_champion, "digital champions: add, list, show" },
	{ "support", cmd_support, "assign a champion to a borrower" },
	{ "session", cmd_session, "log a support session" },
	{ "checkout", cmd_checkout, "lend devices to a borrower" },
	{ "checkin", cmd_checkin, "take devices back" },
	{ "renew", cmd_renew, "renew a loan" },
	{ "overdue", cmd_overdue, "items out past their due date" },
	{ "loan", cmd_loan, "loans: list, show, sign" },
	{ "hold", cmd_hold, "borrowers waiting for a device: add, list, cancel" },
	{ "kit", cmd_kit, "kits of devices lent together: add, show" },
	{ "sim", cmd_sim, "SIM plans running out" },
	{ "scan", cmd_scan, "act on lines from a USB scanner" },
	{ "label", cmd_label, "QR asset labels: PNG, SVG, PDF sheets" },
	{ "agreement", cmd_agreement, "the loan agreement PDF, to sign" },
	{ "slip", cmd_slip, "the loan slip PDF that goes home" },
	{ "report", cmd_report, "the funder's usage report: PDF, CSV, JSON" },
	{ "import", cmd_import, "devices, borrowers, champions, loans from CSV" },
	{ "export", cmd_export, "devices, borrowers, loans, events as CSV or JSON" },
	{ "backup", cmd_backup, "copy the database while it is in use" },
	{ "restore", cmd_restore, "put a backup back, keeping the old file" },
	{ "doctor", cmd_doctor, "check the database and say how to mend it" },
	{ "retention", cmd_retention, "erase borrowers kept past retention" },
	{ "history", cmd_history, "the events of a device or other record" },
	{ "help", cmd_help, "list the commands, or show one's usage" },
};

static const char global_usage[] =
	"usage: lend [--db PATH] [--as USER] [--json] COMMAND [ARGS...]\n"
	"       lend help [COMMAND]\n";

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;
	size_t i;

	if (argc > 2)
		return usage_error(c, "unexpected argument '%s'", argv[2]);
	if (argc == 2 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		char *args[] = { argv[1], "--help", NULL };

		if (!(cmd = find(argv[1])))
			return usage_error(c, "unknown command '%s'", argv[1]);
		snprintf(c->name, sizeof(c->name), "%s", cmd->name);
		return cmd->run(c, 2, args);
	}
	fputs(global_usage, stdout);
	puts("\ncommands:");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	puts("\nlend help COMMAND, or lend COMMAND --help, for its usage; "
	     "man lend for more.");
	return EXIT_OK;
}

/* Take "--opt VALUE" or "--opt=VALUE" at argv[*i]. */
static int global_value(const char **out, int argc, char **argv, int *i,
                        const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "lend: option '%s' needs a value\n%s", opt,
		        global_usage);
		return -1;
	}
	*out = argv[++*i];
	return 1;
}

#define DONE (-2)

/* Read the options before the command.  Returns the index of the command,
 * -1 after a usage error, or DONE when --help or --version was done. */
static int global_options(struct cli *c, int argc, char **argv)
{
	int i, r;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if ((r = global_value(&c->db_path, argc, argv, &i, "--db")) ||
		    (r = global_value(&c->actor, argc, argv, &i, "--as"))) {
			if (r < 0)
				return -1;
		} else if (strcmp(argv[i], "--json") == 0) {
			c->json = 1;
		} else if (strcmp(argv[i], "--help") == 0 ||
		           strcmp(argv[i], "-h") == 0) {
			cmd_help(c, 1, argv);
			return DONE;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("lend %s\n", LEND_VERSION);
			return DONE;
		} else {
			fprintf(stderr, "lend: unknown option '%s'\n%s", argv[i],
			        global_usage);
			return -1;
		}
	}
	return i;
}

/* A write error (a full disk, a closed pipe) must not pass for success. */
static int flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	fprintf(stderr, "lend: error writing output: %s\n", strerror(errno));
	return EXIT_FAIL;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	const struct command *cmd;
	int i, status;

	c.db_path = getenv("LEND_DB") ? getenv("LEND_DB") : "lend.db";
	c.actor = getenv("LEND_USER");
	if (c.actor && !*c.actor)
		c.actor = NULL;
	if ((i = global_options(&c, argc, argv)) == DONE)
		return flush_stdout();
	if (i < 0)
		return EXIT_USAGE;
	if (i == argc) {
		fprintf(stderr, "lend: no command given\n%s", global_usage);
		return EXIT_USAGE;
	}
	if (!(cmd = find(argv[i]))) {
		fprintf(stderr, "lend: unknown command '%s' (lend help lists "
		        "them)\n", argv[i]);
		return EXIT_USAGE;
	}
	snprintf(c.name, sizeof(c.name), "%s", cmd->name);
	status = cmd->run(&c, argc - i, argv + i);
	lend_close(c.db);
	if (flush_stdout() != EXIT_OK && status == EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
