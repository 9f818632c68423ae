/*
 * What the reminders share (remind.c, remind_text.c, remind_list.c):
 * the run, its settings, and the texts of one reminder in the borrower's
 * language or both.  Internal to liblend.
 */
#ifndef LEND_REMIND_H
#define LEND_REMIND_H

#include "document.h"

typedef struct lend__remind {
	lend_db *db;
	const lend_remind_spec *spec;
	char at[LEND__TIME_LEN]; /* the run's time */
	char today[11];          /* the day it reminds as of */
	int64_t actor, before;   /* remind.before_days */
	int overdue[16];         /* remind.overdue_days, largest first */
	size_t noverdue;
	char *url, *from, *user, *password, *outbox, *sms;
	lend_rows *out;          /* a row a reminder */
	size_t waiting;          /* e-mails kept for want of a mail server */
	size_t failed;
} lend__remind;

/* The subject and body of reminder WHICH ("due_soon", "overdue_7") of
 * the loan D holds, in its languages; SMS: the text message, in *BODY.
 * Caller frees both. */
int lend__remind_text(char **subject, char **body, lend__doc *d,
                      const char *which, int sms);
/* The GSM length of UTF-8 text S: its characters when all are in the
 * GSM 03.38 alphabet (those of its extension count two), else -1 (the
 * message goes as UCS-2). */
long lend__sms_length(const char *s);
/* Draw the letter of D: SUBJECT and BODY, the champion's name and
 * number, on one A4 page, into OUT. */
int lend__remind_letter(lend__buf *out, lend__doc *d, const char *subject,
                        const char *body, const char *today);
/* Write each champion's list of borrowers with something due or overdue
 * (lend remind --champions). */
int lend__remind_champions(lend__remind *r);
/* A row of R->out: LOAN, BORROWER, WHICH, CHANNEL, STATUS, DETAIL. */
int lend__remind_row(lend__remind *r, const char *loan, const char *borrower,
                     const char *which, const char *channel,
                     const char *status, const char *detail);
/* Record that the outbox file PATH, just written, names BORROWER: its
 * erasure removes it. */
int lend__remind_file(lend__remind *r, int64_t borrower, const char *path);
/* Send BODY to TO through the mail server: 0, or -1 with ERR. */
int lend__remind_mail(lend__remind *r, const char *to, const char *subject,
                      const char *body, const char *id, char *err,
                      size_t size);

#endif
