/*
 * Labels: QR asset labels as PNG, SVG or PDF sheets, for the devices
 * chosen (tags, all, a member's, those added since a date).  The sheet is
 * a template (template.c), each label's layout is made once
 * (label_layout.c) and drawn by the writer of the format asked for.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"

/* ---- What goes on a label ------------------------------------------- */

typedef struct content {
	char *consortium, *contact, *url;
	lend_rows *devices; /* tag, member */
} content;

/* The devices TAGS names, in the order given: the order they are stuck
 * on. */
static int devices_by_tag(lend_rows **out, lend_db *db,
                          const lend_label_spec *spec)
{
	static const char one[] =
		"SELECT d.tag, m.code AS member FROM device d "
		"JOIN member m ON m.id = d.member_id WHERE d.tag = ?";
	lend_rows *r = NULL, *each = NULL;
	char tag[LEND__REF_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < spec->ntags; i++) {
		lend__tag_normal(tag, sizeof(tag), spec->tags[i]);
		if ((rc = lend__query_rows(i ? &each : &r, db, one,
		                           LEND__ARGS(LEND__T(tag)))))
			break;
		if (lend_rows_count(i ? each : r) == 0) {
			rc = lend__fail(db, LEND_ENOTFOUND, "label.not_found", "tag",
			                spec->tags[i], NULL);
			break;
		}
		if (i && (lend__rows_add(r) < 0 ||
		          lend__rows_set(r, i, 0, LEND_TEXT, tag, strlen(tag)) ||
		          lend__rows_set(r, i, 1, LEND_TEXT,
		                         lend_rows_text(each, 0, 1),
		                         strlen(lend_rows_text(each, 0, 1))))) {
			rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
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

/* A borrower's card (issue 15): their ref, the code carrying the ref
 * alone, and their member; through the scope, so a ref out of it is not
 * found as a missing one. */
static int select_card(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT b.ref, m.code AS member FROM borrower b "
		"JOIN member m ON m.id = b.member_id WHERE b.ref = ? AND "
		LEND__SCOPE("b");

	return lend__show_scoped(out, db, sql, "label", "borrower", ref);
}

static int select_devices(lend_rows **out, lend_db *db,
                          const lend_label_spec *spec)
{
	static const char many[] =
		"SELECT d.tag, m.code AS member FROM device d "
		"JOIN member m ON m.id = d.member_id "
		"WHERE (?1 = 1 AND d.status <> 'retired') OR m.code = ?2 "
		"OR d.added_at >= ?3 ORDER BY d.tag";
	lend_rows *r = NULL;
	int64_t id;
	int rc;

	if (spec->ntags == 0 && !spec->all && !spec->member && !spec->since)
		return lend__fail(db, LEND_EINVAL, "label.none_chosen", NULL);
	if ((spec->member && (rc = lend__id(&id, db, "label", LEND__ENTITY_MEMBER,
	                                           spec->member))) ||
	    (rc = lend__check_date(db, "label", "date", spec->since)))
		return rc;
	if (spec->ntags > 0)
		return devices_by_tag(out, db, spec);
	if ((rc = lend__query_rows(&r, db, many, LEND__ARGS(
	                           LEND__I(spec->all ? 1 : 0),
	                           LEND__T(spec->member),
	                           LEND__T(spec->since)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return lend__fail(db, LEND_ENOTFOUND, "label.none_match", NULL);
	}
	*out = r;
	return 0;
}

static void content_free(content *c)
{
	free(c->consortium);
	free(c->contact);
	free(c->url);
	lend_rows_free(c->devices);
	memset(c, 0, sizeof(*c));
}

/* *OUT, a copy of S. */
static int copy_text(char **out, lend_db *db, const char *s)
{
	if (!(*out = lend__strdup(s)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	return 0;
}

static int content_load(content *c, lend_db *db, const lend_label_spec *spec)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = lend__setting_text(&c->consortium, db, "consortium.name")) ||
	    (rc = lend__setting_text(&c->contact, db, "label.contact")) ||
	    (rc = spec->borrower
	          ? copy_text(&c->url, db, "")
	          : lend__setting_text(&c->url, db, "label.url")) ||
	    (rc = spec->borrower ? select_card(&c->devices, db, spec->borrower)
	                         : select_devices(&c->devices, db, spec)))
		content_free(c);
	return rc;
}

/* The QR content: the tag, or the consortium's URL with the tag in
 * every {tag}. */
static void payload(char *out, size_t size, const content *c,
                    const char *tag)
{
	const char *p = c->url, *mark;
	size_t len = 0;

	if (!*p || !strstr(p, "{tag}")) {
		snprintf(out, size, "%s", tag);
		return;
	}
	out[0] = '\0';
	for (; (mark = strstr(p, "{tag}")) && len < size; p = mark + 5)
		len += (size_t)snprintf(out + len, size - len, "%.*s%s",
		                        (int)(mark - p), p, tag);
	if (len < size)
		snprintf(out + len, size - len, "%s", p);
}

/* ---- Writers -------------------------------------------------------- */

typedef struct job {
	lend_db *db;
	const lend_label_spec *spec;
	lend__sheet sheet;
	content content;
	lend__pdf *pdf; /* the document, or only the font metrics for SVG */
	lend__png_scratch png;
	lend__buf file; /* one PNG or SVG, its memory kept between files */
	double offset_x, offset_y;
} job;

/* Label I's layout: its tag, the consortium, its member, the contact. */
static int lay_out(lend__layout *lo, job *j, size_t i)
{
	const content *c = &j->content;
	const char *tag = lend_rows_text(c->devices, i, 0);
	const char *texts[4];
	char data[512];

	payload(data, sizeof(data), c, tag);
	texts[0] = tag;
	texts[1] = c->consortium;
	texts[2] = lend_rows_text(c->devices, i, 1);
	texts[3] = c->contact;
	return lend__label_lay_out(lo, j->db, j->pdf, &j->sheet, data, texts);
}

static void progress(const job *j, size_t done)
{
	if (j->spec->progress)
		j->spec->progress(j->spec->progress_ctx, done,
		                  lend_rows_count(j->content.devices));
}

static int pdf_sheets(job *j, lend__buf *out)
{
	const lend__sheet *s = &j->sheet;
	size_t per_page = (size_t)(s->columns * s->rows), i;
	size_t n = lend_rows_count(j->content.devices);
	size_t first = j->spec->start > 1 ? (size_t)j->spec->start - 1 : 0;
	double page_h = LEND__MM(s->page_h);
	lend__page *page = NULL;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		size_t cell = first + i, at = cell % per_page;
		double cx = j->offset_x + s->margin_l +
		            (double)(at % (size_t)s->columns) * s->pitch_x;
		double cy = j->offset_y + s->margin_t +
		            (double)(at / (size_t)s->columns) * s->pitch_y;
		lend__layout lo;
		int k;

		if (i == 0 || at == 0)
			page = lend__pdf_page(j->pdf, LEND__MM(s->page_w), page_h);
		if ((rc = lay_out(&lo, j, i)))
			break;
		lend__pdf_qr(page, &lo.qr, LEND__MM(cx + lo.qr_x),
		             page_h - LEND__MM(cy + lo.qr_y + lo.qr.width *
		                               lo.module),
		             LEND__MM(lo.module));
		for (k = 0; k < lo.nlines; k++)
			lend__pdf_text(j->pdf, page, LEND__MM(cx + lo.lines[k].x),
			               page_h - LEND__MM(cy + lo.lines[k].y),
			               lo.lines[k].bold, lo.lines[k].pt,
			               lo.lines[k].text);
		lend__qr_free(&lo.qr);
		progress(j, i + 1);
	}
	return rc ? rc : lend__pdf_finish(j->pdf, j->db, out);
}

/* One label as SVG, sized in millimetres. */
static int svg_label(job *j, size_t i, lend__buf *out)
{
	const lend__sheet *s = &j->sheet;
	lend__sink sink = lend__buf_sink(out);
	lend__layout lo;
	int k, rc;

	if ((rc = lay_out(&lo, j, i)))
		return rc;
	lend__svg_begin(&sink, s->label_w, s->label_h);
	lend__svg_qr(&sink, &lo.qr, lo.qr_x, lo.qr_y, lo.module);
	for (k = 0; k < lo.nlines; k++)
		lend__svg_text(&sink, lo.lines[k].x, lo.lines[k].y,
		               lo.lines[k].pt * LEND__PT_MM, lo.lines[k].bold,
		               lo.lines[k].text);
	lend__svg_end(&sink);
	lend__qr_free(&lo.qr);
	return out->oom ? lend__fail(j->db, LEND_ENOMEM, "lend.out_of_memory",
	                             NULL) : 0;
}

/* One label as PNG: the code alone, about half a millimetre a module. */
static int png_label(job *j, size_t i, lend__buf *out)
{
	int dpi = j->spec->dpi > 0 ? j->spec->dpi : 300;
	int scale = (int)lround(dpi * 0.5 / 25.4);
	lend__sink sink = lend__buf_sink(out);
	lend__rerr err = { 0 };
	char data[512];
	lend__qr qr;
	int rc;

	payload(data, sizeof(data), &j->content,
	        lend_rows_text(j->content.devices, i, 0));
	if ((rc = lend__qr_encode(&qr, j->db, data)))
		return rc;
	if (lend__png(&sink, &err, &qr, scale < 3 ? 3 : scale, dpi, &j->png))
		rc = lend__render_error(j->db, &err);
	else if (out->oom)
		rc = lend__fail(j->db, LEND_ENOMEM, "lend.out_of_memory", NULL);
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
	char n[16], cells[32];
	int rc;

	memset(j, 0, sizeof(*j));
	j->db = db;
	j->spec = spec;
	lend__reset(db);
	if (strcmp(f, "pdf") && strcmp(f, "png") && strcmp(f, "svg"))
		return lend__fail(db, LEND_EINVAL, "label.format", "format", f,
		                  NULL);
	/* 0 is the default: the first cell, 300 dpi. */
	snprintf(n, sizeof(n), "%d", spec->start);
	if (spec->start < 0 || spec->start > 10000)
		return lend__fail(db, LEND_EINVAL, "label.start", "start", n,
		                  NULL);
	snprintf(n, sizeof(n), "%d", spec->dpi);
	if (spec->dpi < 0 || (spec->dpi > 0 && spec->dpi < 72) ||
	    spec->dpi > 2400)
		return lend__fail(db, LEND_EINVAL, "label.dpi", "dpi", n, NULL);
	if ((rc = lend__sheet_load(&j->sheet, db, spec->sheet)))
		return rc;
	snprintf(cells, sizeof(cells), "%g", j->sheet.columns * j->sheet.rows);
	snprintf(n, sizeof(n), "%d", spec->start);
	if (spec->start > j->sheet.columns * j->sheet.rows)
		return lend__fail(db, LEND_EINVAL, "label.start_past", "start", n,
		                  "cells", cells, "sheet", j->sheet.name, NULL);
	if ((rc = setting_mm(&j->offset_x, db, "label.offset_x_mm")) ||
	    (rc = setting_mm(&j->offset_y, db, "label.offset_y_mm")) ||
	    (rc = content_load(&j->content, db, spec)))
		return rc;
	if (strcmp(f, "png") != 0)
		rc = lend__pdf_open(&j->pdf, db, j->content.consortium);
	return rc;
}

static void job_end(job *j)
{
	content_free(&j->content);
	lend__pdf_free(j->pdf);
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
			return lend__fail(j->db, LEND_ENOMEM,
			                  "lend.out_of_memory", NULL);
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

