/*
 * E-mail: the one file that calls libcurl.  A message is composed as
 * RFC 5322 with MIME: UTF-8 text in base64 (no line of it can be too
 * long, whatever the language), the Subject as RFC 2047 encoded words,
 * a Date and a Message-ID, so that every mail reader shows Welsh as it
 * was written.  Sending asks for TLS when the URL does: STARTTLS where
 * the server offers it on smtp://, TLS from the start on smtps://.
 * libcurl is loaded when a message is sent, not when lend starts.
 */
#define _POSIX_C_SOURCE 200809L
/* libcurl's calls are made through pointers (see load()), never its
 * macros that check their arguments' types. */
#define CURL_DISABLE_TYPECHECK

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "mail.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(lend__buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		char q[4] = { b64[s[i] >> 2], b64[(s[i] & 3) << 4 | s[i + 1] >> 4],
		              b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6],
		              b64[s[i + 2] & 63] };

		lend__buf_add(b, q, 4);
	}
	if (n - i == 1) {
		char q[4] = { b64[s[i] >> 2], b64[(s[i] & 3) << 4], '=', '=' };

		lend__buf_add(b, q, 4);
	} else if (n - i == 2) {
		char q[4] = { b64[s[i] >> 2], b64[(s[i] & 3) << 4 | s[i + 1] >> 4],
		              b64[(s[i + 1] & 15) << 2], '=' };

		lend__buf_add(b, q, 4);
	}
}

/* The Subject as encoded words of at most 75 characters, each holding
 * whole UTF-8 characters, folded onto lines of their own. */
static void subject(lend__buf *b, const char *s)
{
	size_t n = strlen(s);

	lend__buf_str(b, "Subject:");
	while (n > 0) {
		size_t take = n < 45 ? n : 45;

		while (take < n && ((unsigned char)s[take] & 0xC0) == 0x80)
			take--;
		lend__buf_str(b, " =?UTF-8?B?");
		base64(b, (const unsigned char *)s, take);
		lend__buf_str(b, "?=\r\n");
		s += take;
		n -= take;
	}
}

/* ISO-8601 UTC time AT as an RFC 5322 date: "Tue, 01 Dec 2026 09:00:00
 * +0000". */
static void date(lend__buf *b, const char *at)
{
	static const char *const days[] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	                                    "Tue", "Wed" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	                                      "Jun", "Jul", "Aug", "Sep", "Oct",
	                                      "Nov", "Dec" };
	int y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
	long era, yoe, doy, days_since;

	sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
	if (mo < 1 || mo > 12)
		mo = 1;
	/* Days since 1970-01-01, a Thursday (Hinnant's days_from_civil). */
	era = (y - (mo <= 2) >= 0 ? y - (mo <= 2) : y - (mo <= 2) - 399) / 400;
	yoe = y - (mo <= 2) - era * 400;
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	days_since = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	             719468;
	lend__buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	                 days[((days_since % 7) + 7) % 7], d, months[mo - 1], y,
	                 h, mi, s);
}

void lend__mail_compose(lend__buf *b, const lend__mail *m)
{
	const char *p = m->body;
	lend__buf crlf = { 0 };
	size_t i;

	lend__buf_printf(b, "From: <%s>\r\nTo: <%s>\r\n", m->from, m->to);
	subject(b, m->subject);
	date(b, m->at);
	lend__buf_printf(b, "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n"
	                 "Content-Type: text/plain; charset=UTF-8\r\n"
	                 "Content-Transfer-Encoding: base64\r\n\r\n",
	                 m->message_id);
	/* Text lines end in CRLF on the wire (RFC 5322), inside the base64
	 * too, as mail readers expect of text/plain. */
	for (; *p; p++) {
		if (*p == '\n')
			lend__buf_add(&crlf, "\r", 1);
		lend__buf_add(&crlf, p, 1);
	}
	for (i = 0; i < crlf.len; i += 57) {
		base64(b, (const unsigned char *)crlf.s + i,
		       crlf.len - i < 57 ? crlf.len - i : 57);
		lend__buf_str(b, "\r\n");
	}
	if (crlf.oom)
		b->oom = 1;
	lend__buf_free(&crlf);
}

typedef struct reader {
	const char *p;
	size_t left;
} reader;

static size_t read_cb(char *out, size_t size, size_t n, void *ctx)
{
	reader *r = ctx;
	size_t len = size * n < r->left ? size * n : r->left;

	memcpy(out, r->p, len);
	r->p += len;
	r->left -= len;
	return len;
}

/* libcurl's calls, found when a message is sent: linked in, libcurl and
 * the TLS and other libraries it needs would be loaded by every lend
 * process, and a check-out at the command line would take three times as
 * long to start (make bench). */
typedef struct curl_api {
	void *lib;
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	void (*cleanup)(CURL *);
	const char *(*strerror)(CURLcode);
	struct curl_slist *(*append)(struct curl_slist *, const char *);
	void (*free_all)(struct curl_slist *);
} curl_api;

/* Load libcurl into API; 0, or -1 with ERR. */
static int load(curl_api *api, char *err, size_t size)
{
	static const char *const names[] = {
		"curl_global_init", "curl_global_cleanup", "curl_easy_init",
		"curl_easy_setopt", "curl_easy_perform", "curl_easy_getinfo",
		"curl_easy_cleanup", "curl_easy_strerror", "curl_slist_append",
		"curl_slist_free_all"
	};
	void (**fn[])(void) = {
		(void (**)(void))&api->global_init,
		(void (**)(void))&api->global_cleanup,
		(void (**)(void))&api->easy_init, (void (**)(void))&api->setopt,
		(void (**)(void))&api->perform, (void (**)(void))&api->getinfo,
		(void (**)(void))&api->cleanup, (void (**)(void))&api->strerror,
		(void (**)(void))&api->append, (void (**)(void))&api->free_all
	};
	size_t i;

	/* Kept loaded once loaded (NODELETE): the TLS library beneath it
	 * cleans up at exit, and must still be there then. */
	api->lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!api->lib)
		api->lib = dlopen("libcurl-gnutls.so.4",
		                  RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	for (i = 0; api->lib && i < sizeof(names) / sizeof(names[0]); i++) {
		void *sym = dlsym(api->lib, names[i]);

		if (!sym)
			break;
		/* POSIX's way from dlsym's object pointer to a function's. */
		memcpy(fn[i], &sym, sizeof(sym));
	}
	if (api->lib && i == sizeof(names) / sizeof(names[0]))
		return 0;
	snprintf(err, size, "libcurl could not be loaded (Debian package "
	         "libcurl4)");
	if (api->lib)
		dlclose(api->lib);
	return -1;
}

/* Set the options of a send of R from M to RCPT. */
static void options(const curl_api *a, CURL *c, const lend__mail *m,
                    struct curl_slist *rcpt, reader *r, char *errbuf,
                    char *from)
{
	a->setopt(c, CURLOPT_URL, m->url);
	a->setopt(c, CURLOPT_NOSIGNAL, 1L);
	a->setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	a->setopt(c, CURLOPT_TIMEOUT, 60L);
	a->setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (strncmp(m->url, "smtp://", 7) == 0)
		a->setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (m->user && *m->user) {
		a->setopt(c, CURLOPT_USERNAME, m->user);
		a->setopt(c, CURLOPT_PASSWORD, m->password ? m->password : "");
	}
	a->setopt(c, CURLOPT_MAIL_FROM, from);
	a->setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	a->setopt(c, CURLOPT_READFUNCTION, read_cb);
	a->setopt(c, CURLOPT_READDATA, r);
	a->setopt(c, CURLOPT_UPLOAD, 1L);
}

int lend__mail_send(const lend__mail *m, const char *data, size_t len,
                    char *err, size_t size)
{
	char errbuf[CURL_ERROR_SIZE] = "", from[320], to[320];
	struct curl_slist *rcpt = NULL;
	reader r = { data, len };
	curl_api a;
	long code = 0;
	CURLcode res = CURLE_OUT_OF_MEMORY;
	CURL *c = NULL;

	snprintf(from, sizeof(from), "<%s>", m->from);
	snprintf(to, sizeof(to), "<%s>", m->to);
	if (load(&a, err, size) != 0)
		return -1;
	if (a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, size, "libcurl did not start");
		dlclose(a.lib);
		return -1;
	}
	if ((c = a.easy_init()) && (rcpt = a.append(NULL, to))) {
		options(&a, c, m, rcpt, &r, errbuf, from);
		res = a.perform(c);
		a.getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	}
	if (res != CURLE_OK && code >= 400)
		snprintf(err, size, "the mail server answered %ld", code);
	else if (res != CURLE_OK)
		snprintf(err, size, "%s", *errbuf ? errbuf : a.strerror(res));
	a.free_all(rcpt);
	if (c)
		a.cleanup(c);
	a.global_cleanup();
	dlclose(a.lib);
	return res == CURLE_OK ? 0 : -1;
}
