/*
 * Messages: the one line a failure leaves on the handle, the notices a
 * call has to tell besides its result, and the fixed text of each code.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define QUOTED_KEEP 48 /* characters of a long quoted value kept */
#define QUOTED_MAX 64  /* a quoted value longer than this is shortened */

/* Where the quoted value at P (after its opening quote) should be cut,
 * or NULL when it is short enough to show whole. */
static const char *cut_at(const char *p)
{
	const char *end = strchr(p, '\'');
	size_t chars = 0;

	for (; *p && p != end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == QUOTED_KEEP)
			break;
	if (!*p || p == end)
		return NULL;
	for (p++; *p && p != end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > QUOTED_MAX)
			return p;
	return NULL;
}

/* IN as one safe line in OUT: printable UTF-8 kept, every other byte
 * shown as \xNN (a newline as \x0a), a quoted value over QUOTED_MAX
 * characters shortened with an ellipsis, and the line cut with one
 * rather than mid-character when it is too long. */
static void safe_line(char *out, size_t size, const char *in)
{
	size_t len = 0, n;
	int quoted = 0;
	const char *cut = NULL;
	char unit[8];

	while (*in) {
		if (cut && in == cut) {
			in = strchr(in, '\'') ? strchr(in, '\'') : in + strlen(in);
			memcpy(unit, "\xE2\x80\xA6", 3);
			n = 3, cut = NULL;
		} else {
			if (*in == '\'' && (quoted = !quoted))
				cut = cut_at(in + 1);
			n = lend__shown_char(unit, &in);
		}
		if (lend__shown_add(out, &len, size, unit, n))
			break;
	}
	out[len] = '\0';
}

/* FMT and AP formatted whole, then made one safe line in OUT. */
static void format_line(char *out, size_t size, const char *fmt, va_list ap)
{
	char small[512], *line = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small) && (line = malloc((size_t)n + 1)))
		vsnprintf(line, (size_t)n + 1, fmt, again);
	else
		line = small;
	va_end(again);
	safe_line(out, size, line);
	if (line != small)
		free(line);
}

int lend__error(lend_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	if (db->errmsg[0] == '\0') {
		va_start(ap, fmt);
		format_line(db->errmsg, sizeof(db->errmsg), fmt, ap);
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
	format_line(line, sizeof(line), fmt, ap);
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
