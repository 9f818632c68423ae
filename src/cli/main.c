/*
 * lend: the command line of liblend.  This file holds the dispatch table,
 * reads the global options, finds the command in the table and runs it,
 * opening the database as the table says, then closes the database and
 * makes sure everything printed reached its destination.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct command commands[] = {
	{ "init", cmd_init, NO_DB,
	  "create a database for a consortium" },
	{ "settings", cmd_settings, WRITE_DB,
	  "read and change the consortium's settings" },
	{ "member", cmd_member, WRITE_DB,
	  "member organisations" },
	{ "site", cmd_site, WRITE_DB,
	  "sites where devices are kept and handed over" },
	{ "user", cmd_user, WRITE_DB,
	  "staff logins and their roles" },
	{ "grant", cmd_grant, WRITE_DB,
	  "grants that fund devices" },
	{ "device", cmd_device, WRITE_DB,
	  "devices: add, list, show, edit, status, wipe" },
	{ "borrower", cmd_borrower, WRITE_DB,
	  "borrowers: add, list, show, edit, export, forget" },
	{ "champion", cmd_champion, WRITE_DB,
	  "digital champions: add, list, show" },
	{ "support", cmd_support, WRITE_DB,
	  "assign a champion to a borrower" },
	{ "session", cmd_session, WRITE_DB,
	  "log a support session" },
	{ "checkout", cmd_checkout, WRITE_DB,
	  "lend devices to a borrower" },
	{ "checkin", cmd_checkin, WRITE_DB,
	  "take devices back" },
	{ "renew", cmd_renew, WRITE_DB,
	  "renew a loan" },
	{ "overdue", cmd_overdue, READ_DB,
	  "items out past their due date" },
	{ "remind", cmd_remind, WRITE_DB,
	  "remind borrowers of what is due or overdue" },
	{ "gift", cmd_gift, WRITE_DB,
	  "end a loan by giving the devices to the borrower" },
	{ "loan", cmd_loan, WRITE_DB,
	  "loans: list, show, sign" },
	{ "hold", cmd_hold, WRITE_DB,
	  "borrowers waiting for a device: add, list, cancel" },
	{ "kit", cmd_kit, WRITE_DB,
	  "kits of devices lent together: add, show" },
	{ "sim", cmd_sim, READ_DB,
	  "SIM plans running out" },
	{ "scan", cmd_scan, WRITE_DB,
	  "act on lines from a USB scanner" },
	{ "label", cmd_label, READ_DB,
	  "QR asset labels: PNG, SVG, PDF sheets" },
	{ "agreement", cmd_agreement, READ_DB,
	  "the loan agreement PDF, to sign" },
	{ "slip", cmd_slip, READ_DB,
	  "the loan slip PDF that goes home" },
	{ "report", cmd_report, READ_DB,
	  "the funder's usage report: PDF, CSV, JSON" },
	{ "import", cmd_import, WRITE_DB,
	  "devices, borrowers, champions, loans from CSV" },
	{ "export", cmd_export, READ_DB,
	  "devices, borrowers, loans, events as CSV or JSON" },
	{ "backup", cmd_backup, READ_DB,
	  "copy the database while it is in use" },
	{ "restore", cmd_restore, NO_DB,
	  "put a backup back, keeping the old file" },
	{ "migrate-store", cmd_migrate_store, NO_DB,
	  "copy a SQLite database into PostgreSQL, and check the copy" },
	{ "doctor", cmd_doctor, READ_DB,
	  "check the database and say how to mend it" },
	{ "retention", cmd_retention, WRITE_DB,
	  "erase borrowers kept past retention" },
	{ "history", cmd_history, READ_DB,
	  "the events of a device or other record" },
	{ "serve", cmd_serve, NO_DB,
	  "the browser desk: an HTTP server for staff and champions" },
	{ "help", cmd_help, NO_DB,
	  "list the commands, or show one's usage" },
	{ NULL, NULL, NO_DB, NULL }
};

const char global_usage[] =
	"usage: lend [--db PATH] [--as USER] [--json] COMMAND [ARGS...]\n"
	"       lend help [COMMAND]\n";

const struct command *find_command(const char *name)
{
	const struct command *cmd;

	for (cmd = commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

/* Open the database as the running command's mode says: read-only for a
 * command that only reads, so that a slip in the library cannot write. */
static int open_db(struct cli *c)
{
	int rc;

	if (c->access == NO_DB)
		return -1;
	rc = lend_open(&c->db, c->db_path,
	               c->access == READ_DB ? LEND_OPEN_QUERY_ONLY : 0);
	if (rc == 0 && c->actor)
		rc = lend_db_act_as(c->db, c->actor);
	return rc == 0 ? -1 : fail(c);
}

int run_command(struct cli *c, const struct command *cmd, int argc,
                char **argv)
{
	snprintf(c->name, sizeof(c->name), "%s", cmd->name);
	c->access = cmd->access;
	c->open_db = open_db;
	return cmd->run(c, argc, argv);
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
			fprintf(stderr, "lend: unknown option '%s'\n%s",
			        shown(argv[i]), global_usage);
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
	if (!(cmd = find_command(argv[i]))) {
		fprintf(stderr, "lend: unknown command '%s' (lend help lists "
		        "them)\n", shown(argv[i]));
		return EXIT_USAGE;
	}
	status = run_command(&c, cmd, argc - i, argv + i);
	lend_close(c.db);
	if (flush_stdout() != EXIT_OK && status == EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
