/*
 * E-mail (mail.c): a UTF-8 text message made into MIME and handed to an
 * SMTP server through libcurl.  It knows no domain: the reminders
 * (remind.c) say what to send and to whom.  Internal to liblend.
 */
#ifndef LEND_MAIL_H
#define LEND_MAIL_H

#include "internal.h"

typedef struct lend__mail {
	const char *url;        /* smtp://host[:port] (STARTTLS when the
	                         * server offers it) or smtps://host[:port] */
	const char *user;       /* NULL: no login */
	const char *password;
	const char *from, *to;  /* bare addresses */
	const char *subject;    /* UTF-8, one line */
	const char *body;       /* UTF-8, lines ending in \n */
	const char *at;         /* ISO-8601 UTC time, for the Date header */
	const char *message_id; /* without the angle brackets */
} lend__mail;

/* M as an RFC 5322 message with MIME (text/plain; charset=UTF-8, base64,
 * the Subject as RFC 2047 encoded words) appended to B. */
void lend__mail_compose(lend__buf *b, const lend__mail *m);
/* Send DATA (LEN bytes) from M->from to M->to through M->url.  Returns
 * 0, or -1 with one line in ERR (SIZE bytes): the server's refusal
 * ("the mail server answered 550") or what failed on the way. */
int lend__mail_send(const lend__mail *m, const char *data, size_t len,
                    char *err, size_t size);

#endif
