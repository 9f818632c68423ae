/*
 * Label sheet templates: plain text (labels/NAME.label, compiled in, or a
 * consortium's own file) of "key = value" lines, checked line by line,
 * each refusal naming the line of the key at fault.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "label.h"

#define DEFAULT_SHEET "avery-l7160"

/* What a key holds: LENGTH mm over 0, MARGIN mm of 0 or more, PAGE mm and
 * POINTS within [min, max], COUNT a whole number within them.  The limits
 * are libharu's (a page of 3 to 14400 points, a font of at most 600) or
 * tighter, so that no value a template holds can make libharu refuse. */
enum kind { TEXT, LENGTH, MARGIN, PAGE, POINTS, COUNT };

#define MM_MAX 5000 /* the largest page libharu draws, 14400 pt, is 5080 mm */

static const struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	int required;
	double min, max;
} keys[] = {
	{ "name", TEXT, offsetof(lend__sheet, name), 1, 1, 79 },
	{ "page_width_mm", PAGE, offsetof(lend__sheet, page_w), 1, 2, MM_MAX },
	{ "page_height_mm", PAGE, offsetof(lend__sheet, page_h), 1, 2, MM_MAX },
	{ "label_width_mm", LENGTH, offsetof(lend__sheet, label_w), 1, 0, MM_MAX },
	{ "label_height_mm", LENGTH, offsetof(lend__sheet, label_h), 1, 0,
	  MM_MAX },
	{ "columns", COUNT, offsetof(lend__sheet, columns), 1, 1, 10000 },
	{ "rows", COUNT, offsetof(lend__sheet, rows), 1, 1, 10000 },
	{ "margin_left_mm", MARGIN, offsetof(lend__sheet, margin_l), 1, 0,
	  MM_MAX },
	{ "margin_top_mm", MARGIN, offsetof(lend__sheet, margin_t), 1, 0,
	  MM_MAX },
	{ "pitch_x_mm", LENGTH, offsetof(lend__sheet, pitch_x), 0, 0, MM_MAX },
	{ "pitch_y_mm", LENGTH, offsetof(lend__sheet, pitch_y), 0, 0, MM_MAX },
	{ "qr_size_mm", LENGTH, offsetof(lend__sheet, qr), 1, 0, MM_MAX },
	{ "padding_mm", MARGIN, offsetof(lend__sheet, padding), 0, 0, MM_MAX },
	{ "printer_dpi", COUNT, offsetof(lend__sheet, dpi), 0, 1, 10000 },
	{ "tag_font_pt", POINTS, offsetof(lend__sheet, tag_pt), 0, 1, 600 },
	{ "text_font_pt", POINTS, offsetof(lend__sheet, text_pt), 0, 1, 600 },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]))
		*--e = '\0';
	return s;
}

/* Where a template's refusal is: its file and line, as text. */
typedef struct place {
	const char *src;
	char line[16];
} place;

static int refuse_number(lend_db *db, const place *at, const struct key *k,
                         const char *value)
{
	static const char *const why[] = {
		NULL, "template.length", "template.margin", "template.page_mm",
		"template.points", "template.count"
	};
	char min[32], max[32];

	snprintf(min, sizeof(min), "%g", k->min);
	snprintf(max, sizeof(max), "%g", k->max);
	return lend__fail(db, LEND_EINVAL, why[k->kind], "file", at->src,
	                  "line", at->line, "key", k->name, "value", value,
	                  "min", min, "max", max, NULL);
}

static int set_value(lend_db *db, const place *at, const struct key *k,
                     lend__sheet *sh, const char *value)
{
	char *end = NULL, len[32], max[32];
	double v;

	if (k->kind == TEXT) {
		if (!*value || lend__text_fault(value, 0, NULL))
			return lend__fail(db, LEND_EINVAL, *value ? "template.not_text"
			                  : "template.no_value", "file", at->src,
			                  "line", at->line, "key", k->name, "value",
			                  value, NULL);
		if (strlen(value) > (size_t)k->max) {
			snprintf(len, sizeof(len), "%zu", strlen(value));
			snprintf(max, sizeof(max), "%g", k->max);
			return lend__fail(db, LEND_EINVAL, "template.too_long",
			                  "file", at->src, "line", at->line, "key",
			                  k->name, "length", len, "max", max, NULL);
		}
		snprintf((char *)sh + k->offset, sizeof(sh->name), "%s", value);
		return 0;
	}
	errno = 0;
	v = strtod(value, &end);
	if (!*value || *end || errno || !isfinite(v) || v > k->max ||
	    (k->kind == LENGTH ? v <= 0 : v < k->min) ||
	    (k->kind == COUNT && v != floor(v)))
		return refuse_number(db, at, k, value);
	*(double *)(void *)((char *)sh + k->offset) = v;
	return 0;
}

/* X as a message shows a number. */
static const char *num(char buf[32], double x)
{
	snprintf(buf, 32, "%g", x);
	return buf;
}

/* LINES' line of key I, for AT. */
static const place *key_line(place *at, const int *lines, size_t i)
{
	snprintf(at->line, sizeof(at->line), "%d", lines[i]);
	return at;
}

/* Does the layout fit?  Each refusal names the line of the key at fault. */
static int check_fit(lend_db *db, const char *src, const lend__sheet *s,
                     const int *lines)
{
	place at = { src, "" };
	char a[32], b[32], c[32], d[32];
	int x = s->pitch_x < s->label_w;

	if (x || s->pitch_y < s->label_h)
		return lend__fail(db, LEND_EINVAL, "template.overlap", "file", src,
		                  "line", key_line(&at, lines, x ? 9 : 10)->line,
		                  "key", keys[x ? 9 : 10].name, NULL);
	if (s->margin_l + (s->columns - 1) * s->pitch_x + s->label_w >
	    s->page_w + 0.01)
		return lend__fail(db, LEND_EINVAL, "template.too_wide", "file", src,
		                  "line", key_line(&at, lines, 5)->line, "n",
		                  num(a, s->columns), "size", num(b, s->label_w),
		                  "margin", num(c, s->margin_l), "page",
		                  num(d, s->page_w), NULL);
	if (s->margin_t + (s->rows - 1) * s->pitch_y + s->label_h >
	    s->page_h + 0.01)
		return lend__fail(db, LEND_EINVAL, "template.too_high", "file", src,
		                  "line", key_line(&at, lines, 6)->line, "n",
		                  num(a, s->rows), "size", num(b, s->label_h),
		                  "margin", num(c, s->margin_t), "page",
		                  num(d, s->page_h), NULL);
	if (s->qr + 2 * s->padding > s->label_h + 0.01 ||
	    s->qr + 2 * s->padding > s->label_w + 0.01)
		return lend__fail(db, LEND_EINVAL, "template.qr_too_big", "file",
		                  src, "line", key_line(&at, lines, 11)->line, "qr",
		                  num(a, s->qr), "padding", num(b, s->padding),
		                  "width", num(c, s->label_w), "height",
		                  num(d, s->label_h), NULL);
	return 0;
}

/* The line "key = value" LINE (its comment cut) at AT: a known key, given
 * once, with a value it may hold. */
static int parse_line(lend__sheet *s, lend_db *db, const place *at,
                      char *line, int *lines)
{
	char *eq = strchr(line, '='), *key, first[16];
	size_t i;

	if (!eq)
		return lend__fail(db, LEND_EINVAL, "template.syntax", "file",
		                  at->src, "line", at->line, NULL);
	*eq = '\0';
	key = trim(line);
	for (i = 0; i < NKEYS && strcmp(keys[i].name, key) != 0; i++)
		;
	if (i == NKEYS)
		return lend__fail(db, LEND_EINVAL, "template.unknown_key", "file",
		                  at->src, "line", at->line, "key", key, NULL);
	if (lines[i]) {
		snprintf(first, sizeof(first), "%d", lines[i]);
		return lend__fail(db, LEND_EINVAL, "template.twice", "file",
		                  at->src, "line", at->line, "key", key, "first",
		                  first, NULL);
	}
	lines[i] = atoi(at->line);
	return set_value(db, at, &keys[i], s, trim(eq + 1));
}

/* The defaults of the keys LINES says were not given. */
static void defaults(lend__sheet *s, const int *lines)
{
	if (!lines[9])
		s->pitch_x = s->label_w;
	if (!lines[10])
		s->pitch_y = s->label_h;
	if (!lines[12])
		s->padding = 1.5;
	if (!lines[14])
		s->tag_pt = 10;
	if (!lines[15])
		s->text_pt = 6;
}

/* The template SRC, LEN bytes of TEXT (a NUL among them refused). */
static int parse_sheet(lend__sheet *s, lend_db *db, const char *src,
                       const char *text, size_t len)
{
	int lines[NKEYS] = { 0 }, n = 0, rc = 0;
	char *copy = lend__strdup(text), *line, *next;
	place at = { src, "" };
	size_t i;

	if (!copy)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	memset(s, 0, sizeof(*s));
	for (line = copy; line && rc == 0; line = next) {
		char *hash;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		snprintf(at.line, sizeof(at.line), "%d", ++n);
		/* A NUL would end the line early and hide what follows. */
		if (!next && (size_t)(line - copy) + strlen(line) < len)
			rc = lend__fail(db, LEND_EINVAL, "template.nul", "file", src,
			                "line", at.line, NULL);
		else if ((hash = strchr(line, '#')))
			*hash = '\0';
		if (rc == 0 && *trim(line))
			rc = parse_line(s, db, &at, line, lines);
	}
	for (i = 0; i < NKEYS && rc == 0; i++)
		if (keys[i].required && !lines[i])
			rc = lend__fail(db, LEND_EINVAL, "template.missing", "file",
			                src, "key", keys[i].name, NULL);
	free(copy);
	if (rc)
		return rc;
	defaults(s, lines);
	return check_fit(db, src, s, lines);
}

static int unknown_sheet(lend_db *db, const char *name)
{
	lend__buf b = { 0 };
	char *known;
	size_t i;
	int rc;

	for (i = 0; i < lend__ntemplates; i++)
		lend__buf_printf(&b, "%s%s", i ? ", " : "",
		                 lend__templates[i].name);
	known = lend__buf_take(&b);
	rc = lend__fail(db, LEND_ENOTFOUND, "template.unknown", "name", name,
	                "known", known ? known : "?", NULL);
	free(known);
	return rc;
}

/* The template file PATH into *OUT (*LEN bytes), refused past
 * LEND__TEMPLATE_MAX bytes without reading further: a path may name a
 * device that never ends. */
static int read_template(char **out, size_t *len, lend_db *db,
                         const char *path)
{
	char size[32], max[32];
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	struct stat st;
	size_t n = 0;

	if (!f)
		return lend__fail(db, errno == ENOENT ? LEND_ENOTFOUND : LEND_EDB,
		                  "template.cannot_read", "file", path, "reason",
		                  strerror(errno), NULL);
	if ((text = malloc(LEND__TEMPLATE_MAX + 2)) != NULL)
		n = fread(text, 1, LEND__TEMPLATE_MAX + 1, f);
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		st.st_size = 0;
	fclose(f);
	if (!text)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	text[n] = '\0';
	if (n > LEND__TEMPLATE_MAX) {
		free(text);
		snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
		snprintf(max, sizeof(max), "%d", LEND__TEMPLATE_MAX);
		return lend__fail(db, LEND_EINVAL, st.st_size ? "template.too_big"
		                  : "template.endless", "file", path, "size", size,
		                  "max", max, NULL);
	}
	*out = text;
	*len = n;
	return 0;
}

int lend__sheet_load(lend__sheet *s, lend_db *db, const char *name)
{
	char *text = NULL;
	size_t i, len = 0;
	int rc;

	if (!name)
		name = DEFAULT_SHEET;
	if (strchr(name, '/') || strstr(name, ".label")) {
		if ((rc = read_template(&text, &len, db, name)) == 0)
			rc = parse_sheet(s, db, name, text, len);
		free(text);
		return rc;
	}
	for (i = 0; i < lend__ntemplates; i++)
		if (strcmp(lend__templates[i].name, name) == 0)
			return parse_sheet(s, db, name, lend__templates[i].text,
			                   strlen(lend__templates[i].text));
	return unknown_sheet(db, name);
}

int lend_label_templates(lend_rows **out, lend_db *db)
{
	static const char *const cols[] = { "name", "description", "page_mm",
	                                    "label_mm", "per_page" };
	lend_rows *r = NULL;
	char v[5][96];
	size_t i, c;
	int rc = 0;

	lend__reset(db);
	if (!(r = lend__rows_new(5)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (c = 0; c < 5 && rc == 0; c++)
		if (lend__rows_set_name(r, c, cols[c]))
			rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (i = 0; i < lend__ntemplates && rc == 0; i++) {
		lend__sheet s;
		long row;

		if ((rc = parse_sheet(&s, db, lend__templates[i].name,
		                      lend__templates[i].text,
		                      strlen(lend__templates[i].text))))
			break;
		snprintf(v[0], sizeof(v[0]), "%s", lend__templates[i].name);
		snprintf(v[1], sizeof(v[1]), "%s", s.name);
		snprintf(v[2], sizeof(v[2]), "%gx%g", s.page_w, s.page_h);
		snprintf(v[3], sizeof(v[3]), "%gx%g", s.label_w, s.label_h);
		snprintf(v[4], sizeof(v[4]), "%g", s.columns * s.rows);
		if ((row = lend__rows_add(r)) < 0)
			rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		for (c = 0; c < 5 && rc == 0; c++)
			if (lend__rows_set(r, (size_t)row, c, c == 4 ? LEND_INTEGER
			                   : LEND_TEXT, v[c], strlen(v[c])))
				rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	}
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}
