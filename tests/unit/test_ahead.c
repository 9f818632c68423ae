/*
 * Reads sent ahead (lend__read_ahead, issue 19): on PostgreSQL a read
 * ahead goes with the next round trip and its result waits for the query
 * that asks for it; on SQLite it is nothing.  On either store the query
 * reads what it would have read without it: a write in between, sent at
 * once or put off, makes the result stale, and other arguments are
 * another read.
 */
#define _DEFAULT_SOURCE
#include "t.h"
#include "util.h"

#include "internal.h"

static const char next_sql[] = "SELECT next FROM counter WHERE name = ?";
static const char bump_sql[] =
	"UPDATE counter SET next = next + ? WHERE name = ?";

static int ahead(lend_db *db, const char *name)
{
	return lend__read_ahead(db, next_sql, LEND__ARGS(LEND__T(name)));
}

/* Add BY to counter "loan", at once or put off (LATER). */
static int bump(lend_db *db, int by, int later)
{
	return (later ? lend__exec_later : lend__exec)(db, bump_sql,
	        LEND__ARGS(LEND__I(by), LEND__T("loan")));
}

static int64_t next_of(lend_db *db, const char *name)
{
	int64_t n = -1;

	if (lend__query_int(&n, db, next_sql, LEND__ARGS(LEND__T(name))))
		return -1;
	return n;
}

/* Counter "loan" read ahead and sent, with the read of "hold": 0, or -1
 * when either failed. */
static int sent_ahead(lend_db *db)
{
	return ahead(db, "loan") == 0 && next_of(db, "hold") > 0 ? 0 : -1;
}

/* A fresh database, its counter "loan" in *LOAN, a transaction begun;
 * NULL when any of it failed. */
static lend_db *begun(int64_t *loan)
{
	lend_db *db = t_fresh();

	if (db && ((*loan = next_of(db, "loan")) < 0 || lend__txn_begin(db))) {
		t_cleanup(db);
		db = NULL;
	}
	return db;
}

T_TEST(a_read_ahead_reads_what_the_query_reads)
{
	lend_db *db = t_fresh();
	int64_t loan, hold;

	T_OK(db != NULL);
	loan = next_of(db, "loan");
	hold = next_of(db, "hold");
	T_EQ_INT(lend__txn_begin(db), 0);
	T_EQ_INT(ahead(db, "loan"), 0);
	/* The same read twice is one; another argument is another read. */
	T_EQ_INT(ahead(db, "loan"), 0);
	T_EQ_INT(ahead(db, "hold"), 0);
	T_EQ_INT(next_of(db, "hold"), hold);
	T_EQ_INT(next_of(db, "loan"), loan);
	T_EQ_INT(next_of(db, "loan"), loan);
	T_EQ_INT(lend__txn_end(db, 0), 0);
	t_cleanup(db);
}

T_TEST(a_write_makes_a_read_ahead_stale)
{
	int64_t loan;
	lend_db *db = begun(&loan);

	T_OK(db != NULL);
	/* Sent with a round trip, then a write. */
	T_EQ_INT(sent_ahead(db), 0);
	T_EQ_INT(bump(db, 5, 0), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 5);
	/* Sent with a round trip, then a write put off. */
	T_EQ_INT(sent_ahead(db), 0);
	T_EQ_INT(bump(db, 10, 1), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 15);
	loan += 10;
	/* Not sent yet, then a write put off. */
	T_EQ_INT(ahead(db, "loan"), 0);
	T_EQ_INT(bump(db, 2, 1), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 7);
	/* A read ahead after the write put off reads it. */
	T_EQ_INT(bump(db, 1, 1), 0);
	T_EQ_INT(ahead(db, "loan"), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 8);
	T_EQ_INT(lend__txn_end(db, 0), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 8);
	t_cleanup(db);
}

T_TEST(a_read_ahead_ends_with_its_transaction)
{
	int64_t loan;
	lend_db *db = begun(&loan);

	T_OK(db != NULL);
	T_EQ_INT(sent_ahead(db), 0);
	T_EQ_INT(lend__txn_rollback(db), 0);
	/* Written by another transaction, read by a query outside one. */
	T_EQ_INT(lend__txn_begin(db), 0);
	T_EQ_INT(bump(db, 3, 0), 0);
	T_EQ_INT(lend__txn_end(db, 0), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 3);
	/* Outside a transaction it is nothing. */
	T_EQ_INT(ahead(db, "loan"), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 3);
	t_cleanup(db);
}

/* A write put off that the server refuses fails the statement it went
 * with, and is undone alone: the transaction goes on. */
T_TEST(a_write_put_off_that_fails_is_undone_alone)
{
	static const char twice[] =
		"INSERT INTO counter (name, next) VALUES (?, 1)";
	/* Text no other test runs: prepared now, after the write put off. */
	static const char first_use[] =
		"SELECT next + 0 FROM counter WHERE name = ?";
	lend_db *db = t_fresh();
	int64_t loan, n = 0;
	int put_off, read;

	T_OK(db != NULL);
	loan = next_of(db, "loan");
	T_EQ_INT(lend__txn_begin(db), 0);
	T_EQ_INT(bump(db, 1, 0), 0);
	put_off = lend__exec_later(db, twice, LEND__ARGS(LEND__T("loan")));
	read = lend__query_int(&n, db, first_use, LEND__ARGS(LEND__T("loan")));
	/* SQLite refuses the write at once, PostgreSQL with the read. */
	T_EQ_INT(put_off ? put_off : read, LEND_EEXISTS);
	T_EQ_INT(bump(db, 1, 0), 0);
	T_EQ_INT(lend__txn_end(db, 0), 0);
	T_EQ_INT(next_of(db, "loan"), loan + 2);
	t_cleanup(db);
}
