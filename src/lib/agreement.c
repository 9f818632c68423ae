/*
 * The loan agreement signed at the desk: A4, in English, Welsh or both,
 * with the loan's QR code, the devices, the privacy notice, and the terms
 * with room for two signatures under them, on the same page.  It is laid out twice, once to count its
 * pages and once to draw them with "page N of M".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"

/* The agreement's header on every page. */
static void header(lend__flow *f)
{
	lend__doc *d = f->ctx;
	char buf[256], w1[64], w2[64];

	lend__flow_text(f, f->margin, f->y + 13, 1, 14, d->consortium);
	snprintf(buf, sizeof(buf), "%s %s \xC2\xB7 %s %s",
	         lend__doc_say(d, "agreement", w1, sizeof(w1)),
	         lend__doc_field(d, "ref"),
	         lend__doc_say(d, "borrower", w2, sizeof(w2)),
	         lend__doc_field(d, "borrower"));
	lend__flow_text(f, f->margin, f->y + 29, 0, 11, buf);
	if (f->page_no == 1)
		lend__doc_qr(d, f->w - f->margin - 72, f->y - 6, 72);
	f->y += f->page_no == 1 ? 74 : 34;
	lend__flow_rule(f, f->y);
	f->y += 6;
}

/* "Page N of M", centred at the foot. */
static void footer(lend__flow *f)
{
	lend__doc *d = f->ctx;
	char buf[256], w1[64], w2[64];

	snprintf(buf, sizeof(buf), "%s %d %s %d",
	         lend__doc_say(d, "page", w1, sizeof(w1)), f->page_no,
	         lend__doc_say(d, "of", w2, sizeof(w2)), d->pages);
	lend__flow_text(f, f->w / 2 - lend__pdf_width_n(f->pdf, 0, 10, buf,
	                strlen(buf)) / 2, f->h - f->margin / 2, 0, 10, buf);
}

static void heading(lend__doc *d, const char *key)
{
	lend__flow *f = &d->flow;
	char buf[128];

	lend__flow_need(f, 44);
	f->y += 10;
	lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, 1, 14, 18,
	                lend__doc_say(d, key, buf, sizeof(buf)));
	f->y += 3;
}

/* A label in bold and its value beside it, wrapped. */
static void pair(lend__doc *d, const char *key, const char *value,
                 double tab)
{
	lend__flow *f = &d->flow;
	char buf[128];
	double y0;

	if (!value || !*value)
		return;
	lend__flow_need(f, 16);
	y0 = f->y;
	lend__flow_text(f, f->margin, f->y + 15, 1, 12,
	                lend__doc_say(d, key, buf, sizeof(buf)));
	lend__flow_wrap(f, f->margin + tab, f->w - 2 * f->margin - tab, 0, 12,
	                16, value);
	if (f->y < y0 + 16)
		f->y = y0 + 16;
}

/* The column the values start at: past the widest label. */
static double label_tab(lend__doc *d)
{
	static const char *const labels[] = { "borrower", "member", "issued",
	                                      "out", "due", "champion" };
	char buf[128];
	double tab = 0, w;
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		lend__doc_say(d, labels[i], buf, sizeof(buf));
		if ((w = lend__pdf_width_n(d->pdf, 1, 12, buf, strlen(buf))) > tab)
			tab = w;
	}
	return tab + 12;
}

static void who_and_when(lend__doc *d)
{
	char buf[512], by[64], site[256], champion[256];
	double tab = label_tab(d);

	snprintf(buf, sizeof(buf), "%s (%s)",
	         lend__doc_field(d, "borrower_name"),
	         lend__doc_field(d, "borrower"));
	pair(d, "borrower", buf, tab);
	pair(d, "member", lend__doc_join(buf, sizeof(buf),
	     lend__doc_field(d, "member_name"), ", ", d->consortium), tab);
	lend__doc_join(site, sizeof(site), lend__doc_field(d, "site_name"),
	               ", ", lend__doc_field(d, "address"));
	snprintf(buf, sizeof(buf), "%s, %s %s", site,
	         lend__doc_say(d, "by", by, sizeof(by)),
	         lend__doc_field(d, "issued_by"));
	pair(d, "issued", buf, tab);
	pair(d, "out", lend__doc_date(d, lend__doc_field(d, "out_at"), buf,
	                              sizeof(buf)), tab);
	pair(d, "due", lend__doc_date(d, lend__doc_field(d, "due_on"), buf,
	                              sizeof(buf)), tab);
	lend__doc_join(champion, sizeof(champion),
	               lend__doc_field(d, "champion"), ", ",
	               lend__doc_field(d, "champion_phone"));
	lend__doc_join(buf, sizeof(buf), champion, ", ",
	               lend__doc_field(d, "champion_email"));
	pair(d, "champion", *buf ? buf : lend__doc_say(d, "none", by,
	                                               sizeof(by)), tab);
}

/* The make and model, and the kit it is part of. */
static const char *model_of(lend__doc *d, size_t i, char *buf, size_t size)
{
	const char *part = lend_rows_get(d->items, i, "part_of");
	char of[64];

	lend__doc_join(buf, size, lend_rows_get(d->items, i, "make"), " ",
	               lend_rows_get(d->items, i, "model"));
	if (part) {
		size_t len = strlen(buf);

		snprintf(buf + len, size - len, " (%s %s)",
		         lend__doc_say(d, "part_of", of, sizeof(of)), part);
	}
	return buf;
}

static void devices(lend__doc *d)
{
	static const double cols_mm[] = { 26, 24, 48, 34, 42 };
	static const char *const keys[] = { "tag", "kind", "model", "serial",
	                                    "imei" };
	char h[5][64], kind[64], model[256];
	const char *head[5], *cells[5];
	double widths[5];
	lend__table t = { 5, widths, head, 11, 14, 4, 3, 0 };
	size_t i, n = lend_rows_count(d->items);

	heading(d, "devices");
	for (i = 0; i < 5; i++) {
		head[i] = lend__doc_say(d, keys[i], h[i], sizeof(h[i]));
		widths[i] = LEND__MM(cols_mm[i]);
	}
	for (i = 0; i < n; i++) {
		const char *serial = lend_rows_get(d->items, i, "serial");
		const char *imei = lend_rows_get(d->items, i, "imei");

		cells[0] = lend_rows_get(d->items, i, "tag");
		cells[1] = lend__doc_kind(d, lend_rows_get(d->items, i, "kind"),
		                          kind, sizeof(kind));
		cells[2] = model_of(d, i, model, sizeof(model));
		cells[3] = serial ? serial : "";
		cells[4] = imei ? imei : "";
		lend__flow_table_row(&d->flow, &t, cells);
	}
}

static void passage(lend__doc *d, const char *key, char *const *text)
{
	lend__flow *f = &d->flow;
	int l;

	heading(d, key);
	for (l = 0; l < 2; l++) {
		if (!(d->langs & (l ? LEND__CY : LEND__EN)))
			continue;
		lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, 0, 12, 16,
		                text[l]);
		f->y += 6;
	}
}

static void signed_line(lend__doc *d)
{
	lend__flow *f = &d->flow;
	char a[96], b[96], v[64], date[128], buf[512];

	snprintf(buf, sizeof(buf), "%s %s, %s %s (%s %s)",
	         lend__doc_say(d, "signed", a, sizeof(a)),
	         lend__doc_date(d, lend__doc_field(d, "signed_at"), date,
	                        sizeof(date)),
	         lend__doc_say(d, "by", b, sizeof(b)),
	         lend__doc_field(d, "signed_by"),
	         lend__doc_say_one(d, "version", v, sizeof(v)),
	         lend__doc_field(d, "terms_version"));
	lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, 0, 11, 14, buf);
	f->y += 16;
}

/* A line to sign above, who signs and the date beside it. */
static void sign_here(lend__doc *d, const char *who, const char *name)
{
	lend__flow *f = &d->flow;
	char a[96], b[96];

	lend__flow_rule(f, f->y);
	lend__flow_text(f, f->margin, f->y + 13, 0, 11,
	                lend__doc_say(d, who, a, sizeof(a)));
	lend__flow_text(f, f->margin + 300, f->y + 13, 0, 11,
	                lend__doc_say(d, "date", b, sizeof(b)));
	lend__flow_text(f, f->margin, f->y + 28, 1, 12,
	                lend__doc_field(d, name));
	/* The signature drawn at the desk, standing on the borrower's line. */
	if (d->signature && strcmp(who, "sign_borrower") == 0)
		lend__flow_png(f, d->signature, d->signature_len, f->margin + 4,
		               f->y - 50, 280, 48);
}

/* The height of the signatures: kept on the page of the terms. */
#define SIGN_HEIGHT 150.0
/* Room above the borrower's line for the signature drawn at the desk. */
#define SIGN_IMAGE 40.0

static void signatures(lend__doc *d)
{
	lend__flow *f = &d->flow;

	f->y += 30;
	if (lend_rows_get(d->loan, 0, "signed_at"))
		signed_line(d);
	if (d->signature)
		f->y += SIGN_IMAGE;
	sign_here(d, "sign_borrower", "borrower_name");
	f->y += 56;
	sign_here(d, "sign_staff", "issued_by");
	f->y += 34;
}

/* The terms and the signatures under them, on one page: a new page
 * first when they would not fit on this one but fit on the next. */
static void terms_and_signatures(lend__doc *d)
{
	lend__flow *f = &d->flow;
	double width = f->w - 2 * f->margin, need = 44 + SIGN_HEIGHT + 16 +
	               (d->signature ? SIGN_IMAGE : 0);
	double room = f->h - f->bottom - f->y, page;
	char version[96], v[64];
	int l;

	for (l = 0; l < 2; l++)
		if (d->langs & (l ? LEND__CY : LEND__EN))
			need += 16.0 * lend__flow_count(f, 0, 12, width,
			                                d->terms[l]) + 6;
	page = f->h - f->bottom - f->margin - (f->page_no == 1 ? 80 : 40);
	if (need > room && need <= page)
		lend__flow_page(f);
	passage(d, "terms", d->terms);
	snprintf(version, sizeof(version), "(%s %s)",
	         lend__doc_say_one(d, "version", v, sizeof(v)), d->version);
	lend__flow_wrap(f, f->margin, width, 0, 10, 14, version);
	signatures(d);
}

static void agreement_pages(lend__doc *d)
{
	lend__flow *f = &d->flow;
	char title[128];

	f->page_no = 0;
	lend__flow_page(f);
	lend__flow_wrap(f, f->margin, f->w - 2 * f->margin, 1, 18, 24,
	                lend__doc_say(d, "agreement", title, sizeof(title)));
	f->y += 6;
	who_and_when(d);
	devices(d);
	passage(d, "privacy", d->privacy);
	terms_and_signatures(d);
}

static int agreement(lend__buf *out, lend_db *db, const char *loan,
                     const char *lang)
{
	char ref[LEND__REF_MAX];
	lend__doc d;
	int rc = lend__scope_loan(ref, sizeof(ref), db, "agreement", loan);

	if (rc)
		return rc;
	if ((rc = lend__doc_load(&d, db, "agreement", ref, lang)) == 0 &&
	    (rc = lend__signature_load(&d.signature, &d.signature_len, db,
	                               ref)) == 0) {
		lend__flow_start(&d.flow, d.pdf, LEND__MM(210), LEND__MM(297),
		                 LEND__MM(18), LEND__MM(22));
		d.flow.header = header;
		d.flow.footer = footer;
		d.flow.ctx = &d;
		d.flow.drawing = 0;
		agreement_pages(&d);
		d.pages = d.flow.page_no;
		d.flow.drawing = 1;
		agreement_pages(&d);
		rc = lend__pdf_finish(d.pdf, db, out);
	}
	free(d.signature);
	lend__doc_free(&d);
	return rc;
}

int lend_agreement_render(char **out, size_t *len, lend_db *db,
                          const char *loan, const char *lang)
{
	lend__buf b = { 0 };

	return lend__buf_out(out, len, db, &b, agreement(&b, db, loan, lang));
}

int lend_agreement_write(lend_db *db, const char *loan, const char *lang,
                         const char *path)
{
	lend__buf b = { 0 };
	int rc = agreement(&b, db, loan, lang);

	return lend__buf_file(db, path, &b, rc);
}
