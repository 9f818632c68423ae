/*
 * The slip that goes home with the device: an 80 mm receipt or A6, in
 * English, Welsh or both: the loan, what is out, when it is due back, who
 * helps and where to return it, and the loan's QR code.  A receipt is as
 * long as what is on it, so it is laid out once to measure, then drawn.
 */
#include <stdio.h>
#include <string.h>

#include "document.h"

/* A word in bold over its value. */
static void titled(lend__doc *d, const char *key, double width, int bold,
                   double size, double lead, const char *value)
{
	lend__flow *f = &d->flow;
	char a[128];

	lend__flow_wrap(f, f->margin, width, 1, 11, 15,
	                lend__doc_say(d, key, a, sizeof(a)));
	lend__flow_wrap(f, f->margin, width, bold, size, lead, value);
}

/* What went out; on a slip printed again, what came back is marked. */
static void items(lend__doc *d, double width)
{
	lend__flow *f = &d->flow;
	char a[128], back[128], buf[512];
	size_t i;

	lend__flow_wrap(f, f->margin, width, 1, 11, 15,
	                lend__doc_say(d, "devices", a, sizeof(a)));
	lend__doc_say(d, "returned", a, sizeof(a));
	for (i = 0; i < lend_rows_count(d->items); i++) {
		const char *part = lend_rows_get(d->items, i, "part_of");
		const char *ret = lend_rows_get(d->items, i, "returned_at");

		snprintf(buf, sizeof(buf), "%s%s  %s %s%s%s %s",
		         part ? "  + " : "", lend_rows_get(d->items, i, "tag"),
		         lend_rows_get(d->items, i, "make"),
		         lend_rows_get(d->items, i, "model"), ret ? " (" : "",
		         ret ? a : "", ret ? lend__doc_date(d, ret, back,
		                                            sizeof(back)) : "");
		if (!ret)
			buf[strlen(buf) - 1] = '\0';
		else
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			         ")");
		lend__flow_wrap(f, f->margin, width, 0, 11, 15, buf);
	}
	f->y += 6;
}

/* A number to ring: the site's, else its member's (document.c gives the
 * first of the two as site_phone), else the consortium's. */
static void phone(lend__doc *d, double width)
{
	const char *site = lend__doc_field(d, "site_phone");
	char a[64], buf[256];

	if (!*site && !*d->phone)
		return;
	snprintf(buf, sizeof(buf), "%s: %s",
	         lend__doc_say(d, "phone", a, sizeof(a)), *site ? site : d->phone);
	lend__flow_wrap(&d->flow, d->flow.margin, width, 1, 12, 16, buf);
}

static void where_to_return(lend__doc *d, double width)
{
	lend__flow *f = &d->flow;
	char a[128], buf[512];

	lend__doc_join(buf, sizeof(buf), lend__doc_field(d, "site_name"), ", ",
	               lend__doc_field(d, "address"));
	titled(d, "return", width, 0, 11, 15, buf);
	if (*lend__doc_field(d, "hours")) {
		snprintf(buf, sizeof(buf), "%s: %s",
		         lend__doc_say(d, "hours", a, sizeof(a)),
		         lend__doc_field(d, "hours"));
		lend__flow_wrap(f, f->margin, width, 0, 11, 15, buf);
	}
	phone(d, width);
}

static void slip_body(lend__doc *d)
{
	lend__flow *f = &d->flow;
	char a[128], b[128], buf[512];
	double width = f->w - 2 * f->margin, qr = LEND__MM(28);

	f->page_no = 0;
	lend__flow_page(f);
	lend__flow_wrap(f, f->margin, width, 1, 12, 16, d->consortium);
	lend__flow_wrap(f, f->margin, width, 0, 11, 15,
	                lend__doc_say(d, "slip", a, sizeof(a)));
	lend__flow_wrap(f, f->margin, width, 1, 18, 22,
	                lend__doc_field(d, "ref"));
	snprintf(buf, sizeof(buf), "%s (%s)",
	         lend__doc_field(d, "borrower_name"),
	         lend__doc_field(d, "borrower"));
	lend__flow_wrap(f, f->margin, width, 0, 12, 16, buf);
	f->y += 6;
	items(d, width);
	titled(d, "due", width, 1, 16, 20, lend__doc_date(d,
	       lend__doc_field(d, "due_on"), b, sizeof(b)));
	f->y += 6;
	lend__doc_join(a, sizeof(a), lend__doc_field(d, "champion"), ", ",
	               lend__doc_field(d, "champion_phone"));
	lend__doc_join(buf, sizeof(buf), a, ", ",
	               lend__doc_field(d, "champion_email"));
	titled(d, "champion", width, 0, 11, 15, *buf ? buf
	       : lend__doc_say(d, "none", b, sizeof(b)));
	f->y += 6;
	where_to_return(d, width);
	lend__flow_need(f, qr + 8);
	f->y += 8;
	lend__doc_qr(d, f->w / 2 - qr / 2, f->y, qr);
	f->y += qr;
}

static int slip(lend__buf *out, lend_db *db, const char *loan,
                const char *size, const char *lang)
{
	char ref[LEND__REF_MAX];
	lend__doc d;
	int rc = lend__scope_loan(ref, sizeof(ref), db, "slip", loan);
	int receipt = !size || strcmp(size, "receipt80") == 0;

	if (rc)
		return rc;
	rc = lend__doc_load(&d, db, "slip", ref, lang);
	if (rc == 0 && !receipt && strcmp(size, "a6") != 0)
		rc = lend__fail(db, LEND_EINVAL, "slip.size", "size",
		                lend__is_text(size) ? size : "?", NULL);
	if (rc == 0) {
		lend__flow_start(&d.flow, d.pdf, LEND__MM(receipt ? 80 : 105),
		                 receipt ? 1e6 : LEND__MM(148),
		                 LEND__MM(receipt ? 4 : 8),
		                 LEND__MM(receipt ? 4 : 8));
		d.flow.drawing = 0;
		slip_body(&d);
		if (receipt)
			d.flow.h = d.flow.y + d.flow.margin;
		d.flow.drawing = 1;
		slip_body(&d);
		rc = lend__pdf_finish(d.pdf, db, out);
	}
	lend__doc_free(&d);
	return rc;
}

int lend_slip_render(char **out, size_t *len, lend_db *db, const char *loan,
                     const char *size, const char *lang)
{
	lend__buf b = { 0 };

	return lend__buf_out(out, len, db, &b, slip(&b, db, loan, size, lang));
}

int lend_slip_write(lend_db *db, const char *loan, const char *size,
                    const char *lang, const char *path)
{
	lend__buf b = { 0 };
	int rc = slip(&b, db, loan, size, lang);

	return lend__buf_file(db, path, &b, rc);
}
