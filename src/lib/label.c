/*
 * Labels: QR asset labels as PNG, SVG or PDF sheets.  A sheet layout is a
 * plain-text template (labels/NAME.label, compiled in; or a consortium's own
 * file), checked line by line.  One layout of a label, in millimetres from
 * its top-left corner, is drawn by both the PDF and the SVG writers, so
 * the two cannot drift apart.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define PT_MM (25.4 / 72.0)
#define DEFAULT_SHEET "avery-l7160"
#define MAX_LINE 160

typedef struct sheet {
	char name[80];
	double page_w, page_h, label_w, label_h, margin_l, margin_t;
	double pitch_x, pitch_y, qr, padding, tag_pt, text_pt, dpi;
	double columns, rows;
} sheet;

enum kind { TEXT, POSITIVE, NONNEG, COUNT };

static const struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	int required;
} keys[] = {
	{ "name", TEXT, offsetof(sheet, name), 1 },
	{ "page_width_mm", POSITIVE, offsetof(sheet, page_w), 1 },
	{ "page_height_mm", POSITIVE, offsetof(sheet, page_h), 1 },
	{ "label_width_mm", POSITIVE, offsetof(sheet, label_w), 1 },
	{ "label_height_mm", POSITIVE, offsetof(sheet, label_h), 1 },
	{ "columns", COUNT, offsetof(sheet, columns), 1 },
	{ "rows", COUNT, offsetof(sheet, rows), 1 },
	{ "margin_left_mm", NONNEG, offsetof(sheet, margin_l), 1 },
	{ "margin_top_mm", NONNEG, offsetof(sheet, margin_t), 1 },
	{ "pitch_x_mm", POSITIVE, offsetof(sheet, pitch_x), 0 },
	{ "pitch_y_mm", POSITIVE, offsetof(sheet, pitch_y), 0 },
	{ "qr_size_mm", POSITIVE, offsetof(sheet, qr), 1 },
	{ "padding_mm", NONNEG, offsetof(sheet, padding), 0 },
	{ "printer_dpi", COUNT, offsetof(sheet, dpi), 0 },
	{ "tag_font_pt", POSITIVE, offsetof(sheet, tag_pt), 0 },
	{ "text_font_pt", POSITIVE, offsetof(sheet, text_pt), 0 },
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
                     const struct key *k, sheet *sh, const char *value)
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
static int check_fit(lend_db *db, const char *src, const sheet *s,
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

static int parse_sheet(sheet *s, lend_db *db, const char *src,
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

/* A shipped layout by name, or a .label file by path. */
static int load_sheet(sheet *s, lend_db *db, const char *name)
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
		sheet s;
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

/* ---- What goes on a label ------------------------------------------- */

typedef struct content {
	char *consortium, *contact, *url;
	lend_rows *devices; /* tag, member */
} content;

static int select_devices(lend_rows **out, lend_db *db,
                          const lend_label_spec *spec)
{
	static const char one[] =
		"SELECT d.tag, m.code AS member FROM device d "
		"JOIN member m ON m.id = d.member_id WHERE d.tag = ?";
	static const char many[] =
		"SELECT d.tag, m.code AS member FROM device d "
		"JOIN member m ON m.id = d.member_id "
		"WHERE (?1 = 1 AND d.status <> 'retired') OR m.code = ?2 "
		"OR d.added_at >= ?3 ORDER BY d.tag";
	lend_rows *r = NULL, *each = NULL;
	int64_t id;
	size_t i;
	int rc;

	if (spec->ntags == 0 && !spec->all && !spec->member && !spec->since)
		return lend__error(db, LEND_EINVAL, "label: no devices chosen "
		                   "(give tags, --all, --member or --since)");
	if ((spec->member && (rc = lend__member_id(&id, db, "label",
	                                           spec->member))) ||
	    (rc = lend__check_date(db, "label", "date", spec->since)))
		return rc;
	if (spec->ntags == 0) {
		if ((rc = lend__query_rows(&r, db, many, LEND__ARGS(
		                           LEND__I(spec->all ? 1 : 0),
		                           LEND__T(spec->member),
		                           LEND__T(spec->since)))))
			return rc;
		if (lend_rows_count(r) == 0) {
			lend_rows_free(r);
			return lend__error(db, LEND_ENOTFOUND, "label: no device "
			                   "matches");
		}
		*out = r;
		return 0;
	}
	/* Tags keep the order they were given: the order they are stuck on. */
	for (i = 0; i < spec->ntags; i++) {
		if ((rc = lend__query_rows(i ? &each : &r, db, one,
		                           LEND__ARGS(LEND__T(spec->tags[i])))))
			break;
		if (lend_rows_count(i ? each : r) == 0) {
			rc = lend__error(db, LEND_ENOTFOUND, "label: device '%s' not "
			                 "found", lend__is_text(spec->tags[i]) ?
			                 spec->tags[i] : "?");
			break;
		}
		if (i && (lend__rows_add(r) < 0 ||
		          lend__rows_set(r, i, 0, LEND_TEXT, spec->tags[i],
		                         strlen(spec->tags[i])) ||
		          lend__rows_set(r, i, 1, LEND_TEXT,
		                         lend_rows_text(each, 0, 1),
		                         strlen(lend_rows_text(each, 0, 1))))) {
			rc = lend__error(db, LEND_ENOMEM, "out of memory");
			break;
		}
		lend_rows_free(each);
		each = NULL;
	}
	lend_rows_free(each);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

static void content_free(content *c)
{
	free(c->consortium);
	free(c->contact);
	free(c->url);
	lend_rows_free(c->devices);
	memset(c, 0, sizeof(*c));
}

static int content_load(content *c, lend_db *db, const lend_label_spec *spec)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = lend__setting_text(&c->consortium, db, "consortium.name")) ||
	    (rc = lend__setting_text(&c->contact, db, "label.contact")) ||
	    (rc = lend__setting_text(&c->url, db, "label.url")) ||
	    (rc = select_devices(&c->devices, db, spec)))
		content_free(c);
	return rc;
}

/* The QR content: the tag, or the consortium's URL with the tag in it. */
static void payload(char *out, size_t size, const content *c,
                    const char *tag)
{
	const char *mark = *c->url ? strstr(c->url, "{tag}") : NULL;

	if (!mark)
		snprintf(out, size, "%s", tag);
	else
		snprintf(out, size, "%.*s%s%s", (int)(mark - c->url), c->url, tag,
		         mark + 5);
}

/* ---- Layout --------------------------------------------------------- */

typedef struct line {
	double x, y, pt; /* baseline, mm from the label's top-left */
	int bold;
	char text[MAX_LINE];
} line;

typedef struct layout {
	lend__qr qr;
	double qr_x, qr_y, module; /* the code's top-left, quiet zone out */
	line lines[8];
	int nlines;
} layout;

/* Cut S to fit WIDTH mm, ending with an ellipsis, on a UTF-8 boundary. */
static void fit(lend__pdf *m, line *l, double width)
{
	size_t n = strlen(l->text);

	if (lend__pdf_width(m, l->bold, l->pt, l->text) * PT_MM <= width)
		return;
	while (n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)l->text[n] & 0xC0) == 0x80);
		snprintf(l->text + n, sizeof(l->text) - n, "\xE2\x80\xA6");
		if (lend__pdf_width(m, l->bold, l->pt, l->text) * PT_MM <= width)
			return;
	}
}

/* Module size: the code fills qr_size_mm; on a thermal printer each
 * module is a whole number of dots, or rows of the code come out uneven
 * and scanners stumble. */
static double module_size(const sheet *s, int width)
{
	double m = s->qr / (width + 2 * LEND__QR_QUIET), dot;

	if (s->dpi <= 0)
		return m;
	dot = 25.4 / s->dpi;
	return floor(m / dot) >= 1 ? floor(m / dot) * dot : dot;
}

/* Break TEXT at the last space before WIDTH into L and a second line L2;
 * returns 2 when it did, 1 when TEXT fits or has no space to break at. */
static int wrap(lend__pdf *m, line *l, line *l2, const char *text,
                double width)
{
	size_t n;

	snprintf(l->text, sizeof(l->text), "%s", text);
	if (lend__pdf_width(m, l->bold, l->pt, l->text) * PT_MM <= width)
		return 1;
	for (n = strlen(l->text); n > 0; n--) {
		if (l->text[n] != ' ')
			continue;
		l->text[n] = '\0';
		if (lend__pdf_width(m, l->bold, l->pt, l->text) * PT_MM <= width) {
			*l2 = *l;
			snprintf(l2->text, sizeof(l2->text), "%s", text + n + 1);
			fit(m, l2, width);
			return 2;
		}
	}
	snprintf(l->text, sizeof(l->text), "%s", text);
	fit(m, l, width);
	return 1;
}

/* The text lines beside the code: the tag, then the consortium, member
 * and contact, each wrapped onto a second line when WRAPPING (a cut phone
 * number is no use on an "if found" line).  Returns their height. */
static double set_lines(layout *lo, lend__pdf *m, const sheet *s,
                        const char *const *texts, double x, double width,
                        int wrapping)
{
	double height = 0;
	int k, got;

	lo->nlines = 0;
	for (k = 0; k < 4; k++) {
		line *l = &lo->lines[lo->nlines];

		if (!texts[k] || !*texts[k] || width <= 0)
			continue;
		memset(l, 0, sizeof(*l));
		l->bold = k == 0;
		l->pt = k == 0 ? s->tag_pt : s->text_pt;
		l->x = x;
		if (k == 0) {
			/* The tag is what staff read and type: it shrinks to fit,
			 * and is never cut. */
			snprintf(l->text, sizeof(l->text), "%s", texts[k]);
			while (l->pt > 3 && lend__pdf_width(m, 1, l->pt, l->text) *
			       PT_MM > width)
				l->pt *= 0.9;
			got = 1;
		} else if (wrapping) {
			got = wrap(m, l, l + 1, texts[k], width);
		} else {
			snprintf(l->text, sizeof(l->text), "%s", texts[k]);
			fit(m, l, width);
			got = 1;
		}
		height += got * l->pt * PT_MM * 1.25;
		lo->nlines += got;
	}
	return height;
}

static int lay_out(layout *lo, lend_db *db, lend__pdf *metrics,
                   const sheet *s, const content *c, size_t i)
{
	const char *tag = lend_rows_text(c->devices, i, 0);
	const char *texts[4];
	char data[512];
	double x, width, height = 0, y;
	int k, rc;

	payload(data, sizeof(data), c, tag);
	memset(lo, 0, sizeof(*lo));
	if ((rc = lend__qr_encode(&lo->qr, db, data)))
		return rc;
	lo->module = module_size(s, lo->qr.width);
	lo->qr_x = s->padding + LEND__QR_QUIET * lo->module;
	lo->qr_y = (s->label_h - lo->qr.width * lo->module) / 2;
	texts[0] = tag;
	texts[1] = c->consortium;
	texts[2] = lend_rows_text(c->devices, i, 1);
	texts[3] = c->contact;
	x = s->padding + s->qr + s->padding;
	width = s->label_w - x - s->padding;
	height = set_lines(lo, metrics, s, texts, x, width, 1);
	if (height > s->label_h - 2 * s->padding)
		height = set_lines(lo, metrics, s, texts, x, width, 0);
	/* The text block sits in the middle of the label's height. */
	y = (s->label_h - height) / 2;
	for (k = 0; k < lo->nlines; k++) {
		y += lo->lines[k].pt * PT_MM * (k ? 1.25 : 1.0);
		lo->lines[k].y = y;
	}
	return 0;
}

/* ---- Writers -------------------------------------------------------- */

typedef struct job {
	lend_db *db;
	const lend_label_spec *spec;
	sheet sheet;
	content content;
	lend__pdf pdf; /* the document, or only the font metrics for SVG */
	lend__png_scratch png;
	lend__buf file; /* one PNG or SVG, its memory kept between files */
	double offset_x, offset_y;
} job;

static void progress(const job *j, size_t done)
{
	if (j->spec->progress)
		j->spec->progress(j->spec->progress_ctx, done,
		                  lend_rows_count(j->content.devices));
}

static int pdf_sheets(job *j, lend__buf *out)
{
	const sheet *s = &j->sheet;
	size_t per_page = (size_t)(s->columns * s->rows), i;
	size_t n = lend_rows_count(j->content.devices);
	size_t first = j->spec->start > 1 ? (size_t)j->spec->start - 1 : 0;
	double page_h = LEND__MM(s->page_h);
	HPDF_Page page = NULL;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		size_t cell = first + i, at = cell % per_page;
		double cx = j->offset_x + s->margin_l +
		            (double)(at % (size_t)s->columns) * s->pitch_x;
		double cy = j->offset_y + s->margin_t +
		            (double)(at / (size_t)s->columns) * s->pitch_y;
		layout lo;
		int k;

		if (i == 0 || at == 0)
			page = lend__pdf_page(&j->pdf, LEND__MM(s->page_w), page_h);
		if ((rc = lay_out(&lo, j->db, &j->pdf, s, &j->content, i)))
			break;
		lend__pdf_qr(page, &lo.qr, LEND__MM(cx + lo.qr_x),
		             page_h - LEND__MM(cy + lo.qr_y + lo.qr.width *
		                               lo.module),
		             LEND__MM(lo.module));
		for (k = 0; k < lo.nlines; k++)
			lend__pdf_text(&j->pdf, page, LEND__MM(cx + lo.lines[k].x),
			               page_h - LEND__MM(cy + lo.lines[k].y),
			               lo.lines[k].bold, lo.lines[k].pt,
			               lo.lines[k].text);
		lend__qr_free(&lo.qr);
		progress(j, i + 1);
	}
	return rc ? rc : lend__pdf_finish(&j->pdf, out);
}

static void xml_text(lend__buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': lend__buf_str(b, "&amp;"); break;
		case '<': lend__buf_str(b, "&lt;"); break;
		case '>': lend__buf_str(b, "&gt;"); break;
		case '"': lend__buf_str(b, "&quot;"); break;
		default: lend__buf_add(b, s, 1);
		}
}

/* One label as SVG, sized in millimetres: a white ground, the code as one
 * path (a rectangle a run of dark modules), the text as text. */
static int svg_label(job *j, size_t i, lend__buf *out)
{
	const sheet *s = &j->sheet;
	layout lo;
	int row, col, start, k, rc;

	if ((rc = lay_out(&lo, j->db, &j->pdf, s, &j->content, i)))
		return rc;
	lend__buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	                 "width=\"%gmm\" height=\"%gmm\" viewBox=\"0 0 %g %g\">\n"
	                 "<rect width=\"100%%\" height=\"100%%\" "
	                 "fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
	                 s->label_w, s->label_h, s->label_w, s->label_h);
	for (row = 0; row < lo.qr.width; row++)
		for (col = 0; col < lo.qr.width; col++) {
			if (!lo.qr.dark[row * lo.qr.width + col])
				continue;
			for (start = col; col < lo.qr.width &&
			     lo.qr.dark[row * lo.qr.width + col]; col++)
				;
			lend__buf_printf(out, "M%.3f %.3fh%.3fv%.3fh-%.3fz",
			                 lo.qr_x + start * lo.module,
			                 lo.qr_y + row * lo.module,
			                 (col - start) * lo.module, lo.module,
			                 (col - start) * lo.module);
		}
	lend__buf_str(out, "\"/>\n");
	for (k = 0; k < lo.nlines; k++) {
		lend__buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" "
		                 "font-family=\"DejaVu Sans\" font-size=\"%.2f\"%s>",
		                 lo.lines[k].x, lo.lines[k].y,
		                 lo.lines[k].pt * PT_MM,
		                 lo.lines[k].bold ? " font-weight=\"bold\"" : "");
		xml_text(out, lo.lines[k].text);
		lend__buf_str(out, "</text>\n");
	}
	lend__buf_str(out, "</svg>\n");
	lend__qr_free(&lo.qr);
	return out->oom ? lend__error(j->db, LEND_ENOMEM, "out of memory") : 0;
}

/* One label as PNG: the code alone, about half a millimetre a module. */
static int png_label(job *j, size_t i, lend__buf *out)
{
	int dpi = j->spec->dpi > 0 ? j->spec->dpi : 300;
	int scale = (int)lround(dpi * 0.5 / 25.4);
	char data[512];
	lend__qr qr;
	int rc;

	payload(data, sizeof(data), &j->content,
	        lend_rows_text(j->content.devices, i, 0));
	if ((rc = lend__qr_encode(&qr, j->db, data)))
		return rc;
	rc = lend__png(out, j->db, &qr, scale < 3 ? 3 : scale, dpi, &j->png);
	lend__qr_free(&qr);
	return rc;
}

static int setting_mm(double *out, lend_db *db, const char *key)
{
	char *v = NULL;
	int rc = lend__setting_text(&v, db, key);

	if (rc == 0)
		*out = strtod(v, NULL);
	free(v);
	return rc;
}

static int job_start(job *j, lend_db *db, const lend_label_spec *spec)
{
	const char *f = spec->format ? spec->format : "pdf";
	int rc;

	memset(j, 0, sizeof(*j));
	j->db = db;
	j->spec = spec;
	lend__reset(db);
	if (strcmp(f, "pdf") && strcmp(f, "png") && strcmp(f, "svg"))
		return lend__error(db, LEND_EINVAL, "label: unknown format '%s' "
		                   "(one of: pdf, png, svg)",
		                   lend__is_text(f) ? f : "?");
	if (spec->start < 0 || spec->start > 10000)
		return lend__error(db, LEND_EINVAL, "label: start '%d' must be 1 "
		                   "or more", spec->start);
	if (spec->dpi < 0 || spec->dpi > 2400)
		return lend__error(db, LEND_EINVAL, "label: dpi '%d' must be 72 "
		                   "to 2400", spec->dpi);
	if ((rc = load_sheet(&j->sheet, db, spec->sheet)))
		return rc;
	if (spec->start > j->sheet.columns * j->sheet.rows)
		return lend__error(db, LEND_EINVAL, "label: start '%d' is past "
		                   "the %g labels of a %s sheet", spec->start,
		                   j->sheet.columns * j->sheet.rows, j->sheet.name);
	if ((rc = setting_mm(&j->offset_x, db, "label.offset_x_mm")) ||
	    (rc = setting_mm(&j->offset_y, db, "label.offset_y_mm")) ||
	    (rc = content_load(&j->content, db, spec)))
		return rc;
	if (strcmp(f, "png") != 0)
		rc = lend__pdf_new(&j->pdf, db, j->content.consortium);
	return rc;
}

static void job_end(job *j)
{
	content_free(&j->content);
	lend__pdf_free(&j->pdf);
	lend__png_scratch_free(&j->png);
	lend__buf_free(&j->file);
}

static const char *format_of(const lend_label_spec *spec)
{
	return spec->format ? spec->format : "pdf";
}

int lend_label_render(char **out, size_t *len, lend_db *db,
                      const lend_label_spec *spec)
{
	lend__buf b = { 0 };
	const char *f = format_of(spec);
	job j;
	int rc;

	if ((rc = job_start(&j, db, spec)) == 0)
		rc = strcmp(f, "pdf") == 0 ? pdf_sheets(&j, &b)
		   : strcmp(f, "svg") == 0 ? svg_label(&j, 0, &b)
		                           : png_label(&j, 0, &b);
	job_end(&j);
	return lend__buf_out(out, len, db, &b, rc);
}

/* PNG or SVG: a file per device in directory PATH. */
static int write_each(job *j, const char *path, const char *ext)
{
	size_t i, n = lend_rows_count(j->content.devices);
	int rc = lend__make_dir(j->db, path);

	for (i = 0; i < n && rc == 0; i++) {
		lend__buf b = { 0 };
		char *file = NULL;
		const char *tag = lend_rows_text(j->content.devices, i, 0);

		lend__buf_printf(&b, "%s/%s.%s", path, tag, ext);
		if (!(file = lend__buf_take(&b)))
			return lend__error(j->db, LEND_ENOMEM, "out of memory");
		j->file.len = 0;
		rc = strcmp(ext, "svg") == 0 ? svg_label(j, i, &j->file)
		                             : png_label(j, i, &j->file);
		if (rc == 0)
			rc = lend__write_file(j->db, file, j->file.s, j->file.len);
		free(file);
		progress(j, i + 1);
	}
	return rc;
}

int lend_label_write(lend_db *db, const lend_label_spec *spec,
                     const char *path)
{
	lend__buf b = { 0 };
	const char *f = format_of(spec);
	job j;
	int rc;

	if ((rc = job_start(&j, db, spec)) == 0 && strcmp(f, "pdf") != 0)
		rc = write_each(&j, path, f);
	else if (rc == 0)
		rc = lend__buf_file(db, path, &b, pdf_sheets(&j, &b));
	job_end(&j);
	lend__buf_free(&b);
	return rc;
}
