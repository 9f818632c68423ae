/*
 * The insides of a lend_db handle, for the files that make up the handle
 * and no others: db.c (its life), error.c (its messages) and query.c (its
 * statements and transactions).  Concern files see only internal.h.
 */
#ifndef LEND_HANDLE_H
#define LEND_HANDLE_H

#include "internal.h"

/* Ids of members, sites, grants and users by code: never deleted, their
 * codes never change, so a lookup made once holds for the handle's life,
 * but for a rollback of the transaction that made the record. */
#define LEND__MEMO 64

/* A refusal or a notice as data: its key and its name/value pairs, kept
 * as "name\0value\0..." in DATA (error.c). */
typedef struct lend__said {
	int code;
	char key[48];
	size_t n;
	size_t len;
	char data[1024];
} lend__said;

struct lend_db {
	lend__store *store;
	char *actor;
	char errmsg[512];
	lend__buf notice;
	lend__said err;      /* the refusal of errmsg, key and values */
	lend__said *notes;   /* the notices, a line of notice each */
	size_t nnotes, capnotes;
	int keep_notes;      /* lend__notes_keep() */
	struct lend__memo {
		const char *sql; /* the lookup's static query */
		char name[40];
		int64_t id;
	} memo[LEND__MEMO];
	size_t memo_next;
	/* Read once in a transaction and dropped when it ends (NULL until
	 * read): every stored setting (setting.c's, dropped too when one is
	 * written), and the acting user's row (user.c's). */
	lend_rows *settings;
	lend_rows *actor_row;
};

/* RC, after copying the store's message into DB's when RC is a failure
 * and the store said something. */
int lend__from_store(lend_db *db, int rc);

#endif /* LEND_HANDLE_H */
