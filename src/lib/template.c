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

#include "label.h"

#define DEFAULT_SHEET "avery-l7160"

enum kind { TEXT, POSITIVE, NONNEG, COUNT };

static const struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	int required;
} keys[] = {
	{ "name", TEXT, offsetof(lend__sheet, name), 1 },
	{ "page_width_mm", POSITIVE, offsetof(lend__sheet, page_w), 1 },
	{ "page_height_mm", POSITIVE, offsetof(lend__sheet, page_h), 1 },
	{ "label_width_mm", POSITIVE, offsetof(lend__sheet, label_w), 1 },
	{ "label_height_mm", POSITIVE, offsetof(lend__sheet, label_h), 1 },
	{ "columns", COUNT, offsetof(lend__sheet, columns), 1 },
	{ "rows", COUNT, offsetof(lend__sheet, rows), 1 },
	{ "margin_left_mm", NONNEG, offsetof(lend__sheet, margin_l), 1 },
	{ "margin_top_mm", NONNEG, offsetof(lend__sheet, margin_t), 1 },
	{ "pitch_x_mm", POSITIVE, offsetof(lend__sheet, pitch_x), 0 },
	{ "pitch_y_mm", POSITIVE, offsetof(lend__sheet, pitch_y), 0 },
	{ "qr_size_mm", POSITIVE, offsetof(lend__sheet, qr), 1 },
	{ "padding_mm", NONNEG, offsetof(lend__sheet, padding), 0 },
	{ "printer_dpi", COUNT, offsetof(lend__sheet, dpi), 0 },
	{ "tag_font_pt", POSITIVE, offsetof(lend__sheet, tag_pt), 0 },
	{ "text_font_pt", POSITIVE, offsetof(lend__sheet, text_pt), 0 },
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

static int set_value(lend_db *db, const char *src, int line,
                     const struct key *k, lend__sheet *sh, const char *value)
{
	char *end = NULL;
	double v;

	if (k->kind == TEXT) {
		if (!*value || !lend__is_text(value))
			return lend__error(db, LEND_EINVAL, "label: '%s' line %d: "
			                   "key '%s' needs a value", src, line,
			                   k->name);
		snprintf((char *)sh + k->offset, sizeof(sh->name), "%s", value);
		return 0;
	}
	errno = 0;
	v = strtod(value, &end);
	if (!*value || *end || errno || !isfinite(v) ||
	    (k->kind == POSITIVE && v <= 0) || (k->kind == NONNEG && v < 0) ||
	    (k->kind == COUNT && (v < 1 || v != floor(v) || v > 10000)))
		return lend__error(db, LEND_EINVAL, "label: '%s' line %d: key "
		                   "'%s': '%s' must be %s", src, line, k->name,
		                   lend__is_text(value) ? value : "?",
		                   k->kind == COUNT ? "a whole number from 1"
		                   : k->kind == NONNEG ? "a length of 0 or more"
		                                       : "a positive length");
	*(double *)(void *)((char *)sh + k->offset) = v;
	return 0;
}

/* Does the layout fit?  Each refusal names the line of the key at fault. */
static int check_fit(lend_db *db, const char *src, const lend__sheet *s,
                     const int *lines)
{
	if (s->pitch_x < s->label_w || s->pitch_y < s->label_h)
		return lend__error(db, LEND_EINVAL, "label: '%s' line %d: key "
		                   "'%s': labels would overlap (pitch less than the "
		                   "label)", src, lines[s->pitch_x < s->label_w ?
		                   9 : 10], s->pitch_x < s->label_w ? "pitch_x_mm"
		                                                   : "pitch_y_mm");
	if (s->margin_l + (s->columns - 1) * s->pitch_x + s->label_w >
	    s->page_w + 0.01)
		return lend__error(db, LEND_EINVAL, "label: '%s' line %d: key "
		                   "'columns': %g labels of %g mm from %g mm do "
		                   "not fit a page %g mm wide", src, lines[5],
		                   s->columns, s->label_w, s->margin_l, s->page_w);
	if (s->margin_t + (s->rows - 1) * s->pitch_y + s->label_h >
	    s->page_h + 0.01)
		return lend__error(db, LEND_EINVAL, "label: '%s' line %d: key "
		                   "'rows': %g labels of %g mm from %g mm do not "
		                   "fit a page %g mm high", src, lines[6], s->rows,
		                   s->label_h, s->margin_t, s->page_h);
	if (s->qr + 2 * s->padding > s->label_h + 0.01 ||
	    s->qr + 2 * s->padding > s->label_w + 0.01)
		return lend__error(db, LEND_EINVAL, "label: '%s' line %d: key "
		                   "'qr_size_mm': %g mm with %g mm padding does not "
		                   "fit a %g x %g mm label", src, lines[11], s->qr,
		                   s->padding, s->label_w, s->label_h);
	return 0;
}

static int parse_sheet(lend__sheet *s, lend_db *db, const char *src,
                       const char *text)
{
	int lines[NKEYS] = { 0 }, n = 0, rc = 0;
	char *copy = lend__strdup(text), *line, *next;
	size_t i;

	if (!copy)
		return lend__error(db, LEND_ENOMEM, "out of memory");
	memset(s, 0, sizeof(*s));
	for (line = copy; line && rc == 0; line = next) {
		char *eq, *key, *hash;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		if (!*trim(line))
			continue;
		if (!(eq = strchr(line, '='))) {
			rc = lend__error(db, LEND_EINVAL, "label: '%s' line %d: "
			                 "expected 'key = value'", src, n);
			break;
		}
		*eq = '\0';
		key = trim(line);
		for (i = 0; i < NKEYS && strcmp(keys[i].name, key) != 0; i++)
			;
		if (i == NKEYS)
			rc = lend__error(db, LEND_EINVAL, "label: '%s' line %d: "
			                 "unknown key '%s'", src, n,
			                 lend__is_text(key) ? key : "?");
		else if ((rc = set_value(db, src, n, &keys[i], s,
		                         trim(eq + 1))) == 0)
			lines[i] = n;
	}
	for (i = 0; i < NKEYS && rc == 0; i++)
		if (keys[i].required && !lines[i])
			rc = lend__error(db, LEND_EINVAL, "label: '%s': missing key "
			                 "'%s'", src, keys[i].name);
	free(copy);
	if (rc)
		return rc;
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
	rc = lend__error(db, LEND_ENOTFOUND, "label: unknown template '%s' "
	                 "(known: %s)", lend__is_text(name) ? name : "?",
	                 known ? known : "?");
	free(known);
	return rc;
}

int lend__sheet_load(lend__sheet *s, lend_db *db, const char *name)
{
	char *text = NULL;
	size_t i;
	int rc;

	if (!name)
		name = DEFAULT_SHEET;
	if (strchr(name, '/') || strstr(name, ".label")) {
		if ((rc = lend__read_file(&text, NULL, db, "label", name)) == 0)
			rc = parse_sheet(s, db, name, text);
		free(text);
		return rc;
	}
	for (i = 0; i < lend__ntemplates; i++)
		if (strcmp(lend__templates[i].name, name) == 0)
			return parse_sheet(s, db, name, lend__templates[i].text);
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
		return lend__error(db, LEND_ENOMEM, "out of memory");
	for (c = 0; c < 5 && rc == 0; c++)
		if (lend__rows_set_name(r, c, cols[c]))
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
	for (i = 0; i < lend__ntemplates && rc == 0; i++) {
		lend__sheet s;
		long row;

		if ((rc = parse_sheet(&s, db, lend__templates[i].name,
		                      lend__templates[i].text)))
			break;
		snprintf(v[0], sizeof(v[0]), "%s", lend__templates[i].name);
		snprintf(v[1], sizeof(v[1]), "%s", s.name);
		snprintf(v[2], sizeof(v[2]), "%gx%g", s.page_w, s.page_h);
		snprintf(v[3], sizeof(v[3]), "%gx%g", s.label_w, s.label_h);
		snprintf(v[4], sizeof(v[4]), "%g", s.columns * s.rows);
		if ((row = lend__rows_add(r)) < 0)
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
		for (c = 0; c < 5 && rc == 0; c++)
			if (lend__rows_set(r, (size_t)row, c, c == 4 ? LEND_INTEGER
			                   : LEND_TEXT, v[c], strlen(v[c])))
				rc = lend__error(db, LEND_ENOMEM, "out of memory");
	}
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}
