/*
 * The lend program: what every command file shares.  A command parses its
 * arguments, calls one liblend function and prints the result; everything
 * else lives in the library.
 */
#ifndef LEND_CLI_H
#define LEND_CLI_H

#include <stddef.h>

#include "lend.h"

/* Exit statuses, as documented in lend(1). */
#define EXIT_OK    0
#define EXIT_FAIL  1 /* the operation failed: not found, refused, I/O */
#define EXIT_USAGE 2 /* the command line was wrong */

/* The number of elements of the array A (not of a pointer). */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What a command does with the database: nothing (init and restore make
 * their own, help needs none), read it, or write it.  In that order, so
 * that the narrower of two modes is the smaller. */
enum access { NO_DB, READ_DB, WRITE_DB };

struct cli {
	const char *db_path;
	const char *actor;
	int json;
	lend_db *db;
	char name[64];      /* "device add", for messages */
	const char *usage;  /* usage lines of the running command */
	enum access access; /* from the dispatch table of the running command */
	/* Opens db as access says; cli_parse calls it once the command line
	 * is known to be right.  Returns -1 to go on, or the exit status. */
	int (*open_db)(struct cli *c);
};

/* A line of the dispatch table in main.c, which a NULL name ends.  ACCESS
 * is the most the command does with the database; SUMMARY is its line in
 * lend help. */
struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	enum access access;
	const char *summary;
};
extern const struct command commands[];
extern const char global_usage[];

/* The command called NAME in the dispatch table, or NULL. */
const struct command *find_command(const char *name);
/* Run CMD on ARGV (ARGV[0] is its name), with its name and database mode. */
int run_command(struct cli *c, const struct command *cmd, int argc,
                char **argv);

/* An option of a command.  STR options store their argument in *target
 * (const char *); FLAG options set *target (int) to 1; LIST options, which
 * may be given again, append to *target (struct strlist). */
enum opt_kind { OPT_STR, OPT_FLAG, OPT_LIST };
struct strlist {
	const char *v[64];
	size_t n;
};
struct opt {
	const char *name;
	enum opt_kind kind;
	void *target;
};
#define OPT_END { NULL, OPT_STR, NULL }

/* Parse ARGV (ARGV[0] is the command's name) against OPTS, adding --help
 * and --json; leave the positional arguments in *POS and their number in
 * *NPOS, which must lie in [MIN, MAX]; then have c->open_db open the
 * database, so that a usage error is told before a database that does not
 * open, and --help needs none.  Returns -1 to go on, or the exit status to
 * return at once (after --help, a usage error or a database that does not
 * open). */
int cli_parse(struct cli *c, int argc, char **argv, const struct opt *opts,
              char ***pos, int *npos, int min, int max);

/* A command with subcommands: "device add", "device list"...  ACCESS is
 * what the subcommand does with the database: it narrows the command's
 * mode in the dispatch table, never widens it.  SUB_END ends a table. */
struct subcommand {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	enum access access;
	const char *usage; /* after "usage: lend " */
};
#define SUB_END { NULL, NULL, NO_DB, NULL }
int cli_subcommand(struct cli *c, int argc, char **argv,
                   const struct subcommand *subs);

/* A whole number from the command line, MIN to MAX; prints
 * "lend: CONCERN: FIELD 'TEXT' must be MIN to MAX" and returns -1 when it
 * is not one. */
int parse_int(int *out, const char *concern, const char *field,
              const char *text, int min, int max);
/* Print what the library had to tell besides its result, on stderr. */
void print_notices(struct cli *c);

/* Where a command's -o goes: OUT is a file, a folder or "-" (standard
 * output).  FORMATS are the command's formats, NULL-ended, the first the
 * default.  An extension that is none of them, or that does not match
 * *FORMAT (--format, or NULL), is refused with one line on stderr.  Sets
 * *FORMAT; returns -1 to go on, or the exit status. */
int cli_output(struct cli *c, const char **format, const char *out,
               const char *const *formats);
/* Write LEN bytes of DATA on standard output and lend_free() it; returns
 * EXIT_OK or EXIT_FAIL. */
int cli_stdout(char *data, size_t len);

/* Print the library's message: "lend: device: tag 'X' not found". */
int fail(struct cli *c);
/* VALUE safe to print in a message (lend_text_shown), in one of four
 * buffers used in turn. */
const char *shown(const char *value);
/* Print "lend: NAME: problem" and the usage; returns EXIT_USAGE. */
int usage_error(struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print ROWS as a table of COLS (NULL-terminated), or as a JSON array of
 * every column with --json, and free them. */
int print_table(struct cli *c, lend_rows *rows, const char *const *cols);
/* Print the first row of ROWS, a field a line, or as a JSON object, and
 * free them. */
int print_record(struct cli *c, lend_rows *rows);

/* Commands (cmd_*.c). */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_settings(struct cli *c, int argc, char **argv);
int cmd_member(struct cli *c, int argc, char **argv);
int cmd_site(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_grant(struct cli *c, int argc, char **argv);
int cmd_device(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_borrower(struct cli *c, int argc, char **argv);
int cmd_champion(struct cli *c, int argc, char **argv);
int cmd_support(struct cli *c, int argc, char **argv);
int cmd_session(struct cli *c, int argc, char **argv);
int cmd_checkout(struct cli *c, int argc, char **argv);
int cmd_checkin(struct cli *c, int argc, char **argv);
int cmd_gift(struct cli *c, int argc, char **argv);
int cmd_remind(struct cli *c, int argc, char **argv);
int cmd_renew(struct cli *c, int argc, char **argv);
int cmd_overdue(struct cli *c, int argc, char **argv);
int cmd_loan(struct cli *c, int argc, char **argv);
int cmd_hold(struct cli *c, int argc, char **argv);
int cmd_kit(struct cli *c, int argc, char **argv);
int cmd_sim(struct cli *c, int argc, char **argv);
int cmd_scan(struct cli *c, int argc, char **argv);
int cmd_label(struct cli *c, int argc, char **argv);
int cmd_agreement(struct cli *c, int argc, char **argv);
int cmd_slip(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_migrate_store(struct cli *c, int argc, char **argv);
int cmd_doctor(struct cli *c, int argc, char **argv);
int cmd_retention(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv);

#endif /* LEND_CLI_H */
