/*
 * Messages: the one line a failure leaves on the handle, the notices a
 * call has to tell besides its result, and the fixed text of each code.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "handle.h"

const char *lend_strerror(int code)
{
	switch (code) {
	case LEND_OK: return "success";
	case LEND_ENOTFOUND: return "not found";
	case LEND_EEXISTS: return "already exists";
	case LEND_EINVAL: return "invalid value";
	case LEND_ECONFLICT: return "not allowed in the current state";
	case LEND_EDENIED: return "not allowed for this user's role";
	case LEND_ENOMEM: return "out of memory";
	case LEND_EDB: return "database error";
	default: return "unknown error";
	}
}

void lend_free(void *p)
{
	free(p);
}

int lend__error(lend_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	if (db->errmsg[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void lend__reset(lend_db *db)
{
	db->errmsg[0] = '\0';
	db->notice.len = 0;
	if (db->notice.s)
		db->notice.s[0] = '\0';
}

void lend__error_clear(lend_db *db)
{
	db->errmsg[0] = '\0';
}

void lend__notice(lend_db *db, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (db->notice.len)
		lend__buf_str(&db->notice, "\n");
	lend__buf_str(&db->notice, line);
}

const char *lend_notice(const lend_db *db)
{
	assert(db);
	return db->notice.s && !db->notice.oom ? db->notice.s : "";
}

const char *lend_errmsg(const lend_db *db)
{
	assert(db);
	return db->errmsg;
}
