/*
 * Messages: the one line a failure leaves on the handle, the notices a
 * call has to tell besides its result, and the fixed text of each code.
 * Each refusal and notice is also data, a key and its values, so that
 * another interface can say it in another language: the English line is
 * made from the key's text in texts/msg-en.txt.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"
#include "words.h"

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

#define QUOTED_KEEP 120/* characters of a long quoted value kept */
#define QUOTED_MAX 160 /* a quoted value longer than this is shortened */

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

char *lend_text_line(char *out, size_t size, const char *line)
{
	assert(out && size >= 8 && line);
	safe_line(out, size, line);
	return out;
}

/* ---- Keys and values -------------------------------------------------- */

static void said_start(lend__said *s, int code, const char *key)
{
	s->code = code;
	snprintf(s->key, sizeof(s->key), "%s", key);
	s->n = s->len = 0;
}

#define VALUE_KEEP 240 /* bytes of a long value kept, an ellipsis after */

/* NAME and VALUE added to S; a value over VALUE_KEEP bytes (a 100 kB name,
 * a long path) is kept shortened, on a character's boundary, rather than
 * left out, so that the line still names it. */
static void said_put(lend__said *s, const char *name, const char *value)
{
	size_t a = strlen(name) + 1, b = strlen(value ? value : "");
	int cut = b > VALUE_KEEP;

	if (cut)
		for (b = VALUE_KEEP; b > 0 && ((unsigned char)value[b] & 0xC0) ==
		     0x80; b--)
			;
	if (s->n >= LEND_INFO_MAX ||
	    s->len + a + b + 4 > sizeof(s->data))
		return;
	memcpy(s->data + s->len, name, a);
	memcpy(s->data + s->len + a, value ? value : "", b);
	if (cut)
		memcpy(s->data + s->len + a + b, "\xE2\x80\xA6", 3), b += 3;
	s->data[s->len + a + b] = '\0';
	s->len += a + b + 1;
	s->n++;
}

static void said_info(lend_info *out, const lend__said *s)
{
	const char *p = s->data;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->key = s->key;
	out->code = s->code;
	out->n = s->n;
	for (i = 0; i < s->n; i++) {
		out->names[i] = p;
		p += strlen(p) + 1;
		out->values[i] = p;
		p += strlen(p) + 1;
	}
}

/* The place of INFO's value called NAME (its first N bytes), or
 * INFO->n when there is none. */
static size_t value_named(const lend_info *info, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < info->n; i++)
		if (strlen(info->names[i]) == n &&
		    strncmp(info->names[i], name, n) == 0)
			break;
	return i;
}

static void fill(char *buf, size_t size, const char *text,
                 const lend_info *info, const char *lang, int nested);

/* INFO's value I into B, or, when INFO also has a value called NAME_key,
 * that key's text in LANG filled from INFO: a message within a message
 * (an import's problem, within its row and column). */
static void put_value(lend__buf *b, const lend_info *info, size_t i,
                      const char *lang, int nested)
{
	char name[64], text[512], line[768];
	size_t k;

	snprintf(name, sizeof(name), "%s_key", info->names[i]);
	k = value_named(info, name, strlen(name));
	if (nested || k == info->n ||
	    (!lend__words(text, sizeof(text), "msg", lang, info->values[k]) &&
	     !lend__words(text, sizeof(text), "msg", "en", info->values[k]))) {
		lend__buf_str(b, info->values[i]);
		return;
	}
	fill(line, sizeof(line), text, info, lang, 1);
	lend__buf_str(b, line);
}

/* TEXT in LANG with each {name} of INFO replaced by its value, and each
 * {name|one|other} by ONE when the value is 1, OTHER else; NESTED within
 * another's value. */
static void fill(char *buf, size_t size, const char *text,
                 const lend_info *info, const char *lang, int nested)
{
	lend__buf b = { 0 };
	const char *p = text;

	while (*p) {
		const char *open = strchr(p, '{'), *close, *bar;
		size_t i, n;

		close = open ? strchr(open, '}') : NULL;
		if (!close) {
			lend__buf_str(&b, p);
			break;
		}
		lend__buf_add(&b, p, (size_t)(open - p));
		bar = memchr(open, '|', (size_t)(close - open));
		n = (size_t)((bar ? bar : close) - open - 1);
		i = value_named(info, open + 1, n);
		if (i == info->n) {
			lend__buf_add(&b, open, (size_t)(close - open + 1));
		} else if (!bar) {
			put_value(&b, info, i, lang, nested);
		} else {
			const char *other = memchr(bar + 1, '|',
			                           (size_t)(close - bar - 1));

			if (!other)
				other = close;
			if (strcmp(info->values[i], "1") == 0)
				lend__buf_add(&b, bar + 1, (size_t)(other - bar - 1));
			else if (other < close)
				lend__buf_add(&b, other + 1,
				              (size_t)(close - other - 1));
		}
		p = close + 1;
	}
	snprintf(buf, size, "%s", b.oom || !b.s ? "" : b.s);
	lend__buf_free(&b);
}

const char *lend_info_text(char *buf, size_t size, const lend_info *info,
                           const char *lang)
{
	char text[512];
	size_t i;

	assert(buf && size && info);
	if (!lang)
		lang = "en";
	if (lend__words(text, sizeof(text), "msg", lang, info->key) ||
	    lend__words(text, sizeof(text), "msg", "en", info->key)) {
		fill(buf, size, text, info, lang, 0);
		return buf;
	}
	for (i = 0; i < info->n; i++)
		if (strcmp(info->names[i], "line") == 0)
			break;
	snprintf(buf, size, "%s", i < info->n ? info->values[i] : info->key);
	return buf;
}

/* ---- Refusals ---------------------------------------------------------- */

/* S's pairs from AP, then its English line into BUF. */
static void said_fill(char *buf, size_t size, lend__said *s, va_list ap)
{
	const char *name;
	lend_info info;
	char line[1024];

	while ((name = va_arg(ap, const char *)) != NULL)
		said_put(s, name, va_arg(ap, const char *));
	said_info(&info, s);
	/* The values are kept as given (a long one shortened); the line
	 * shows them safely. */
	safe_line(buf, size, lend_info_text(line, sizeof(line), &info, "en"));
}

int lend__fail(lend_db *db, int code, const char *key, ...)
{
	va_list ap;

	if (db->errmsg[0] == '\0') {
		said_start(&db->err, code, key);
		va_start(ap, key);
		said_fill(db->errmsg, sizeof(db->errmsg), &db->err, ap);
		va_end(ap);
	}
	return code;
}

const char *lend__key(char *key, size_t size, const char *a, const char *b,
                      const char *c)
{
	snprintf(key, size, "%s%s%s", a, b, c);
	return key;
}

int lend__fail_from(lend_db *db, const lend_db *from, int code)
{
	if (db->errmsg[0] == '\0' && from->errmsg[0]) {
		memcpy(db->errmsg, from->errmsg, sizeof(db->errmsg));
		db->err = from->err;
		db->err.code = code;
	}
	return code;
}

void lend__notes_keep(lend_db *db, int keep)
{
	db->keep_notes = keep;
}

void lend__reset(lend_db *db)
{
	db->errmsg[0] = '\0';
	db->err.key[0] = '\0';
	if (db->keep_notes)
		return;
	db->nnotes = 0;
	db->notice.len = 0;
	if (db->notice.s)
		db->notice.s[0] = '\0';
}

void lend__error_clear(lend_db *db)
{
	db->errmsg[0] = '\0';
	db->err.key[0] = '\0';
}

/* ---- Notices ----------------------------------------------------------- */

/* A new notice's place, or NULL when out of memory (the line is still
 * told). */
static lend__said *note_new(lend_db *db)
{
	if (db->nnotes == db->capnotes) {
		size_t cap = db->capnotes ? 2 * db->capnotes : 8;
		lend__said *n = realloc(db->notes, cap * sizeof(*n));

		if (!n)
			return NULL;
		db->notes = n;
		db->capnotes = cap;
	}
	return &db->notes[db->nnotes++];
}

static void notice_line(lend_db *db, const char *line)
{
	if (db->notice.len)
		lend__buf_str(&db->notice, "\n");
	lend__buf_str(&db->notice, line);
}

void lend__note(lend_db *db, const char *key, ...)
{
	lend__said tmp, *s = note_new(db);
	char line[512];
	va_list ap;

	if (!s)
		s = &tmp;
	said_start(s, 0, key);
	va_start(ap, key);
	said_fill(line, sizeof(line), s, ap);
	va_end(ap);
	notice_line(db, line);
}

void lend__note_info(lend_db *db, const lend_info *in)
{
	lend__said tmp, *s = note_new(db);
	lend_info info;
	char text[1024], line[512];
	size_t i;

	if (!s)
		s = &tmp;
	said_start(s, 0, in->key);
	for (i = 0; i < in->n; i++)
		said_put(s, in->names[i], in->values[i]);
	said_info(&info, s);
	safe_line(line, sizeof(line), lend_info_text(text, sizeof(text), &info,
	                                             "en"));
	notice_line(db, line);
}

void lend__notes_move_last(lend_db *db, size_t first)
{
	lend__said last;
	lend_info info;
	char line[512];
	size_t i;

	if (first + 1 >= db->nnotes)
		return;
	last = db->notes[db->nnotes - 1];
	memmove(&db->notes[first + 1], &db->notes[first],
	        (db->nnotes - 1 - first) * sizeof(last));
	db->notes[first] = last;
	db->notice.len = 0;
	for (i = 0; i < db->nnotes; i++) {
		said_info(&info, &db->notes[i]);
		notice_line(db, lend_info_text(line, sizeof(line), &info, "en"));
	}
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

int lend_error_info(const lend_db *db, lend_info *out)
{
	assert(db && out);
	if (!db->errmsg[0] || !db->err.key[0])
		return LEND_ENOTFOUND;
	said_info(out, &db->err);
	return 0;
}

size_t lend_notice_count(const lend_db *db)
{
	assert(db);
	return db->nnotes;
}

int lend_notice_info(const lend_db *db, size_t i, lend_info *out)
{
	assert(db && out);
	if (i >= db->nnotes)
		return LEND_ENOTFOUND;
	said_info(out, &db->notes[i]);
	return 0;
}
