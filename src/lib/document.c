/*
 * Documents for a loan: the agreement signed at the desk (A4) and the slip
 * that goes home with the device (an 80 mm receipt or A6), in English,
 * Welsh or both.  Text flows through our own line breaker (libharu's
 * breaks UTF-8 sequences, NOTES-libs.md) and onto as many pages as it
 * needs; the agreement is laid out twice, once to count its pages and once
 * to draw them with "page N of M".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

enum { EN = 1, CY = 2 };

enum word {
	W_AGREEMENT, W_SLIP, W_BORROWER, W_MEMBER, W_ISSUED, W_BY, W_OUT,
	W_DUE, W_CHAMPION, W_DEVICES, W_TAG, W_KIND, W_MODEL, W_SERIAL,
	W_IMEI, W_TERMS, W_PRIVACY, W_SIGN_BORROWER, W_SIGN_STAFF, W_DATE,
	W_PAGE, W_OF, W_PART_OF, W_RETURN, W_HOURS, W_SIGNED, W_VERSION,
	W_NONE
};

static const char *const words[][2] = {
	[W_AGREEMENT] = { "Loan agreement", "Cytundeb benthyg" },
	[W_SLIP] = { "Loan slip", "Slip benthyg" },
	[W_BORROWER] = { "Borrower", "Benthyciwr" },
	[W_MEMBER] = { "Lent by", "Yn benthyg" },
	[W_ISSUED] = { "Issued at", "Rhoddwyd yn" },
	[W_BY] = { "by", "gan" },
	[W_OUT] = { "Out", "Allan" },
	[W_DUE] = { "Due back", "I'w dychwelyd erbyn" },
	[W_CHAMPION] = { "Digital champion", "Hyrwyddwr digidol" },
	[W_DEVICES] = { "Devices", "Dyfeisiau" },
	[W_TAG] = { "Tag", "Tag" },
	[W_KIND] = { "Kind", "Math" },
	[W_MODEL] = { "Make and model", "Gwneuthurwr a model" },
	[W_SERIAL] = { "Serial", "Rhif cyfresol" },
	[W_IMEI] = { "IMEI", "IMEI" },
	[W_TERMS] = { "Terms of the loan", "Telerau'r benthyciad" },
	[W_PRIVACY] = { "How we use your information",
	                "Sut rydym yn defnyddio eich gwybodaeth" },
	[W_SIGN_BORROWER] = { "Borrower's signature", "Llofnod y benthyciwr" },
	[W_SIGN_STAFF] = { "Staff signature", "Llofnod y staff" },
	[W_DATE] = { "Date", "Dyddiad" },
	[W_PAGE] = { "Page", "Tudalen" },
	[W_OF] = { "of", "o" },
	[W_PART_OF] = { "part of", "rhan o" },
	[W_RETURN] = { "Return to", "Dychwelwch i" },
	[W_HOURS] = { "Open", "Ar agor" },
	[W_SIGNED] = { "Signed at the desk on", "Llofnodwyd wrth y ddesg ar" },
	[W_VERSION] = { "version", "fersiwn" },
	[W_NONE] = { "none", "dim" },
};

static const char *const kinds[][3] = {
	{ "tablet", "tablet", "llechen" },
	{ "laptop", "laptop", "gliniadur" },
	{ "phone", "phone", "ffôn" },
	{ "hotspot", "hotspot", "man cyswllt" },
	{ "sim", "SIM", "cerdyn SIM" },
	{ "accessory", "accessory", "ategolyn" },
	{ "other", "other", "arall" },
};

typedef struct doc {
	lend_db *db;
	lend__pdf pdf;
	int langs;
	lend_rows *loan;  /* one row */
	lend_rows *items; /* a row an item */
	char *consortium, *version, *terms[2], *privacy[2];
	int64_t months;
	/* The flow: a cursor going down the pages, in points from the top. */
	int draw, page_no, pages, slip;
	HPDF_Page page;
	double w, h, margin, y, bottom;
} doc;

/* "English / Cymraeg", or one of the two. */
static const char *say(doc *d, enum word w, char *buf, size_t size)
{
	if (d->langs == (EN | CY))
		snprintf(buf, size, "%s / %s", words[w][0], words[w][1]);
	else
		snprintf(buf, size, "%s", words[w][d->langs == CY]);
	return buf;
}

static const char *kind_name(doc *d, const char *kind, char *buf,
                             size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i][0], kind) == 0) {
			if (d->langs == (EN | CY) && strcmp(kinds[i][1],
			                                    kinds[i][2]) != 0)
				snprintf(buf, size, "%s / %s", kinds[i][1],
				         kinds[i][2]);
			else
				snprintf(buf, size, "%s",
				         kinds[i][d->langs == CY ? 2 : 1]);
			return buf;
		}
	return kind;
}

static const char *field(doc *d, const char *name)
{
	const char *v = lend_rows_get(d->loan, 0, name);

	return v ? v : "";
}

/* ---- The flow ------------------------------------------------------- */

static void header(doc *d);

static void new_page(doc *d)
{
	d->page_no++;
	d->page = d->draw ? lend__pdf_page(&d->pdf, d->w, d->h) : NULL;
	d->y = d->margin;
	header(d);
}

/* Room for HEIGHT more points, or a new page. */
static void need(doc *d, double height)
{
	if (d->y + height > d->h - d->bottom)
		new_page(d);
}

static void text_at(doc *d, double x, double y, int bold, double size,
                    const char *s)
{
	if (d->draw)
		lend__pdf_text(&d->pdf, d->page, x, d->h - y, bold, size, s);
}

static double width_of(doc *d, int bold, double size, const char *s,
                       size_t n)
{
	return lend__pdf_width_n(&d->pdf, bold, size, s, n);
}

static size_t fit_line(doc *d, int bold, double size, const char *s,
                       size_t n, double width)
{
	return lend__pdf_fit(&d->pdf, bold, size, s, n, width);
}

/* Draw TEXT wrapped into WIDTH from X, each line LEAD points below the
 * last, honouring newlines; a line that would pass the bottom goes on to
 * the next page.  Returns the number of lines. */
static int wrap(doc *d, double x, double width, int bold, double size,
                double lead, const char *text)
{
	const char *p = text;
	char line[1024];
	int lines = 0;

	while (*p) {
		size_t n = strcspn(p, "\n"), k;

		while (n > 0 || lines == 0) {
			k = n ? fit_line(d, bold, size, p, n, width) : 0;
			if (k >= sizeof(line))
				k = sizeof(line) - 1;
			memcpy(line, p, k);
			line[k] = '\0';
			need(d, lead);
			d->y += lead;
			text_at(d, x, d->y, bold, size, line);
			lines++;
			p += k;
			n -= k;
			while (n > 0 && *p == ' ')
				p++, n--;
			if (n == 0)
				break;
		}
		if (*p == '\n')
			p++;
	}
	return lines;
}

static void rule(doc *d, double y)
{
	if (!d->draw || !d->page)
		return;
	HPDF_Page_SetLineWidth(d->page, 0.5);
	HPDF_Page_MoveTo(d->page, (HPDF_REAL)d->margin, (HPDF_REAL)(d->h - y));
	HPDF_Page_LineTo(d->page, (HPDF_REAL)(d->w - d->margin),
	                 (HPDF_REAL)(d->h - y));
	HPDF_Page_Stroke(d->page);
}

/* The loan's QR code, SIZE points square, its top-left at X, Y. */
static void loan_qr(doc *d, double x, double y, double size)
{
	lend__qr qr;
	double module;

	if (!d->draw || lend__qr_encode(&qr, d->db, field(d, "ref")) != 0)
		return;
	module = size / (qr.width + 2 * LEND__QR_QUIET);
	lend__pdf_qr(d->page, &qr, x + LEND__QR_QUIET * module,
	             d->h - y - size + LEND__QR_QUIET * module, module);
	lend__qr_free(&qr);
}

/* The agreement's header on every page, its footer "Page N of M". */
static void header(doc *d)
{
	char buf[256], w1[64], w2[64];

	if (d->slip)
		return;
	text_at(d, d->margin, d->y + 12, 1, 13, d->consortium);
	snprintf(buf, sizeof(buf), "%s %s \xC2\xB7 %s %s",
	         say(d, W_AGREEMENT, w1, sizeof(w1)), field(d, "ref"),
	         say(d, W_BORROWER, w2, sizeof(w2)), field(d, "borrower"));
	text_at(d, d->margin, d->y + 26, 0, 9, buf);
	if (d->page_no == 1)
		loan_qr(d, d->w - d->margin - 72, d->y - 6, 72);
	d->y += d->page_no == 1 ? 74 : 34;
	rule(d, d->y);
	d->y += 6;
	snprintf(buf, sizeof(buf), "%s %d %s %d", say(d, W_PAGE, w1, sizeof(w1)),
	         d->page_no, say(d, W_OF, w2, sizeof(w2)), d->pages);
	text_at(d, d->w / 2 - width_of(d, 0, 8, buf, strlen(buf)) / 2,
	        d->h - d->margin / 2, 0, 8, buf);
}

static void heading(doc *d, enum word w)
{
	char buf[128];

	need(d, 40);
	d->y += 10;
	wrap(d, d->margin, d->w - 2 * d->margin, 1, 11, 15,
	     say(d, w, buf, sizeof(buf)));
	d->y += 3;
}

/* A label in bold and its value beside it, wrapped. */
static void pair(doc *d, enum word w, const char *value, double tab)
{
	char buf[128];
	double y0;

	if (!value || !*value)
		return;
	need(d, 13);
	y0 = d->y;
	text_at(d, d->margin, d->y + 12, 1, 9, say(d, w, buf, sizeof(buf)));
	wrap(d, d->margin + tab, d->w - 2 * d->margin - tab, 0, 9, 12, value);
	if (d->y < y0 + 12)
		d->y = y0 + 12;
}

/* ---- Agreement ------------------------------------------------------ */

static const char *join(char *buf, size_t size, const char *a,
                        const char *sep, const char *b)
{
	if (a && *a && b && *b)
		snprintf(buf, size, "%s%s%s", a, sep, b);
	else
		snprintf(buf, size, "%s", a && *a ? a : b ? b : "");
	return buf;
}

/* The column the values start at: past the widest label. */
static double label_tab(doc *d)
{
	static const enum word labels[] = { W_BORROWER, W_MEMBER, W_ISSUED,
	                                    W_OUT, W_DUE, W_CHAMPION };
	char buf[128];
	double tab = 0, w;
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		say(d, labels[i], buf, sizeof(buf));
		if ((w = width_of(d, 1, 9, buf, strlen(buf))) > tab)
			tab = w;
	}
	return tab + 12;
}

static void who_and_when(doc *d)
{
	char buf[512], by[64], site[256], champion[256];
	double tab = label_tab(d);

	snprintf(buf, sizeof(buf), "%s (%s)", field(d, "borrower_name"),
	         field(d, "borrower"));
	pair(d, W_BORROWER, buf, tab);
	pair(d, W_MEMBER, join(buf, sizeof(buf), field(d, "member_name"),
	                       ", ", d->consortium), tab);
	join(site, sizeof(site), field(d, "site_name"), ", ",
	     field(d, "address"));
	snprintf(buf, sizeof(buf), "%s, %s %s", site,
	         say(d, W_BY, by, sizeof(by)), field(d, "issued_by"));
	pair(d, W_ISSUED, buf, tab);
	snprintf(buf, sizeof(buf), "%.10s", field(d, "out_at"));
	pair(d, W_OUT, buf, tab);
	pair(d, W_DUE, field(d, "due_on"), tab);
	join(champion, sizeof(champion), field(d, "champion"), ", ",
	     field(d, "champion_phone"));
	join(buf, sizeof(buf), champion, ", ", field(d, "champion_email"));
	pair(d, W_CHAMPION, *buf ? buf : say(d, W_NONE, by, sizeof(by)), tab);
}

/* The devices table: a header row on each page it runs onto. */
static const double cols_mm[] = { 27, 22, 52, 35, 38 };

#define CELL_LEAD 11

/* How many lines TEXT takes in WIDTH: the measure of a table row, taken
 * before the row is placed so that a row never splits across pages. */
static int count_lines(doc *d, int bold, double size, const char *text,
                       double width)
{
	const char *p = text;
	int lines = 0;

	while (*p || lines == 0) {
		size_t n = strcspn(p, "\n"), k;

		do {
			k = n ? fit_line(d, bold, size, p, n, width) : 0;
			lines++;
			p += k;
			n -= k;
			while (n > 0 && *p == ' ')
				p++, n--;
		} while (n > 0);
		if (*p == '\n')
			p++;
		if (!*p)
			break;
	}
	return lines;
}

static double row_height(doc *d, const char *const *cells, int bold)
{
	double h = 0;
	size_t c;

	for (c = 0; c < 5; c++) {
		double ch = count_lines(d, bold, 8, cells[c],
		                        LEND__MM(cols_mm[c]) - 4) * CELL_LEAD;

		if (ch > h)
			h = ch;
	}
	return h + 3;
}

static void table_row(doc *d, const char *const *cells, int bold)
{
	double x = d->margin, top = d->y, h = row_height(d, cells, bold);
	size_t c;

	for (c = 0; c < 5; c++) {
		d->y = top;
		wrap(d, x, LEND__MM(cols_mm[c]) - 4, bold, 8, CELL_LEAD, cells[c]);
		x += LEND__MM(cols_mm[c]);
	}
	d->y = top + h;
}

static void devices(doc *d)
{
	char h[5][64], kind[64], model[256], of[64];
	const char *head[5], *cells[5];
	size_t i, n = lend_rows_count(d->items);

	heading(d, W_DEVICES);
	head[0] = say(d, W_TAG, h[0], sizeof(h[0]));
	head[1] = say(d, W_KIND, h[1], sizeof(h[1]));
	head[2] = say(d, W_MODEL, h[2], sizeof(h[2]));
	head[3] = say(d, W_SERIAL, h[3], sizeof(h[3]));
	head[4] = say(d, W_IMEI, h[4], sizeof(h[4]));
	for (i = 0; i < n; i++) {
		const char *part = lend_rows_get(d->items, i, "part_of");
		double rh, hh = row_height(d, head, 1);

		join(model, sizeof(model), lend_rows_get(d->items, i, "make"),
		     " ", lend_rows_get(d->items, i, "model"));
		if (part) {
			size_t len = strlen(model);

			snprintf(model + len, sizeof(model) - len, " (%s %s)",
			         say(d, W_PART_OF, of, sizeof(of)), part);
		}
		cells[0] = lend_rows_get(d->items, i, "tag");
		cells[1] = kind_name(d, lend_rows_get(d->items, i, "kind"), kind,
		                     sizeof(kind));
		cells[2] = model;
		cells[3] = lend_rows_get(d->items, i, "serial");
		cells[4] = lend_rows_get(d->items, i, "imei");
		cells[3] = cells[3] ? cells[3] : "";
		cells[4] = cells[4] ? cells[4] : "";
		rh = row_height(d, cells, 0);
		if (i == 0 || d->y + rh > d->h - d->bottom) {
			if (d->y + hh + rh > d->h - d->bottom)
				new_page(d);
			table_row(d, head, 1);
		}
		table_row(d, cells, 0);
	}
}

static void passage(doc *d, enum word w, char *const *text)
{
	int l;

	heading(d, w);
	for (l = 0; l < 2; l++) {
		if (!(d->langs & (l ? CY : EN)))
			continue;
		wrap(d, d->margin, d->w - 2 * d->margin, 0, 9, 12, text[l]);
		d->y += 6;
	}
}

static void signatures(doc *d)
{
	char a[96], b[96], buf[256];
	double line = d->margin + 250;

	need(d, 110);
	d->y += 30;
	if (lend_rows_get(d->loan, 0, "signed_at")) {
		snprintf(buf, sizeof(buf), "%s %.10s, %s %s (%s %s)",
		         say(d, W_SIGNED, a, sizeof(a)), field(d, "signed_at"),
		         say(d, W_BY, b, sizeof(b)), field(d, "signed_by"),
		         words[W_VERSION][d->langs == CY], field(d, "terms_version"));
		wrap(d, d->margin, d->w - 2 * d->margin, 0, 9, 12, buf);
		d->y += 16;
	}
	rule(d, d->y); /* the borrower signs above this line */
	text_at(d, d->margin, d->y + 11, 0, 8, say(d, W_SIGN_BORROWER, a,
	                                           sizeof(a)));
	text_at(d, line, d->y + 11, 0, 8, say(d, W_DATE, b, sizeof(b)));
	text_at(d, d->margin, d->y + 22, 0, 8, field(d, "borrower_name"));
	d->y += 50;
	rule(d, d->y);
	text_at(d, d->margin, d->y + 11, 0, 8, say(d, W_SIGN_STAFF, a,
	                                           sizeof(a)));
	text_at(d, line, d->y + 11, 0, 8, say(d, W_DATE, b, sizeof(b)));
	text_at(d, d->margin, d->y + 22, 0, 8, field(d, "issued_by"));
	d->y += 26;
}

static void agreement_pages(doc *d)
{
	char title[128], version[96];

	d->page_no = 0;
	d->slip = 0;
	new_page(d);
	wrap(d, d->margin, d->w - 2 * d->margin, 1, 16, 20,
	     say(d, W_AGREEMENT, title, sizeof(title)));
	d->y += 6;
	who_and_when(d);
	devices(d);
	passage(d, W_TERMS, d->terms);
	snprintf(version, sizeof(version), "(%s %s)",
	         words[W_VERSION][d->langs == CY], d->version);
	wrap(d, d->margin, d->w - 2 * d->margin, 0, 7, 10, version);
	passage(d, W_PRIVACY, d->privacy);
	signatures(d);
}

/* ---- Slip ----------------------------------------------------------- */

static void slip_body(doc *d)
{
	char a[128], b[128], buf[512];
	double width = d->w - 2 * d->margin, qr = LEND__MM(28);
	size_t i;

	d->page_no = 0;
	d->slip = 1;
	new_page(d);
	wrap(d, d->margin, width, 1, 10, 13, d->consortium);
	wrap(d, d->margin, width, 0, 8, 11, say(d, W_SLIP, a, sizeof(a)));
	wrap(d, d->margin, width, 1, 16, 20, field(d, "ref"));
	snprintf(buf, sizeof(buf), "%s (%s)", field(d, "borrower_name"),
	         field(d, "borrower"));
	wrap(d, d->margin, width, 0, 9, 12, buf);
	d->y += 6;
	wrap(d, d->margin, width, 1, 9, 12, say(d, W_DEVICES, a, sizeof(a)));
	for (i = 0; i < lend_rows_count(d->items); i++) {
		const char *part = lend_rows_get(d->items, i, "part_of");

		snprintf(buf, sizeof(buf), "%s%s  %s %s", part ? "  + " : "",
		         lend_rows_get(d->items, i, "tag"),
		         lend_rows_get(d->items, i, "make"),
		         lend_rows_get(d->items, i, "model"));
		wrap(d, d->margin, width, 0, 8, 11, buf);
	}
	d->y += 6;
	wrap(d, d->margin, width, 1, 9, 12, say(d, W_DUE, a, sizeof(a)));
	wrap(d, d->margin, width, 1, 14, 18, field(d, "due_on"));
	d->y += 6;
	wrap(d, d->margin, width, 1, 9, 12, say(d, W_CHAMPION, a, sizeof(a)));
	join(a, sizeof(a), field(d, "champion"), ", ",
	     field(d, "champion_phone"));
	join(buf, sizeof(buf), a, ", ", field(d, "champion_email"));
	wrap(d, d->margin, width, 0, 8, 11, *buf ? buf : say(d, W_NONE, b,
	                                                      sizeof(b)));
	d->y += 6;
	wrap(d, d->margin, width, 1, 9, 12, say(d, W_RETURN, a, sizeof(a)));
	wrap(d, d->margin, width, 0, 8, 11, join(buf, sizeof(buf),
	     field(d, "site_name"), ", ", field(d, "address")));
	if (*field(d, "hours")) {
		snprintf(buf, sizeof(buf), "%s: %s", say(d, W_HOURS, a, sizeof(a)),
		         field(d, "hours"));
		wrap(d, d->margin, width, 0, 8, 11, buf);
	}
	need(d, qr + 8);
	d->y += 8;
	loan_qr(d, d->w / 2 - qr / 2, d->y, qr);
	d->y += qr;
}

/* ---- Loading -------------------------------------------------------- */

static const char loan_sql[] =
	"SELECT l.ref, l.out_at, l.signed_at, l.terms_version, "
	"su.name AS signed_by, b.ref AS borrower, b.name AS borrower_name, "
	"b.language, m.name AS member_name, s.name AS site_name, s.address, "
	"s.hours, u.name AS issued_by, c.name AS champion, "
	"c.phone AS champion_phone, c.email AS champion_email, "
	"(SELECT min(i.due_on) FROM loan_item i WHERE i.loan_id = l.id) "
	" AS due_on "
	"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
	"JOIN site s ON s.id = l.site_id JOIN member m ON m.id = s.member_id "
	"JOIN app_user u ON u.id = l.issued_by "
	"LEFT JOIN champion c ON c.id = l.champion_id "
	"LEFT JOIN app_user su ON su.id = l.signed_by WHERE l.ref = ?";

static const char items_sql[] =
	"SELECT d.tag, d.kind, d.make, d.model, d.serial, d.imei, "
	"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
	" WHERE p.part_id = d.id) AS part_of, i.due_on "
	"FROM loan_item i JOIN device d ON d.id = i.device_id "
	"WHERE i.loan_id = (SELECT id FROM loan WHERE ref = ?) ORDER BY i.id";

static const char *shipped(const char *name)
{
	size_t i;

	for (i = 0; i < lend__ntexts; i++)
		if (strcmp(lend__texts[i].name, name) == 0)
			return lend__texts[i].text;
	return "";
}

/* The consortium's own text (setting KEY) or the shipped one, with
 * {months} filled in from retention.months. */
static int passage_text(char **out, doc *d, const char *key,
                        const char *file)
{
	lend__buf b = { 0 };
	char *own = NULL;
	const char *p, *mark;
	int rc = lend__setting_text(&own, d->db, key);

	if (rc)
		return rc;
	p = *own ? own : shipped(file);
	while ((mark = strstr(p, "{months}"))) {
		lend__buf_add(&b, p, (size_t)(mark - p));
		lend__buf_printf(&b, "%lld", (long long)d->months);
		p = mark + 8;
	}
	lend__buf_str(&b, p);
	free(own);
	if (!(*out = lend__buf_take(&b)))
		return lend__error(d->db, LEND_ENOMEM, "out of memory");
	return 0;
}

static int choose_langs(doc *d, const char *concern, const char *lang)
{
	const char *pref = field(d, "language");

	if (!lang)
		d->langs = strcmp(pref, "cy") == 0 ? CY : EN;
	else if (strcmp(lang, "en") == 0)
		d->langs = EN;
	else if (strcmp(lang, "cy") == 0)
		d->langs = CY;
	else if (strcmp(lang, "en+cy") == 0 || strcmp(lang, "cy+en") == 0)
		d->langs = EN | CY;
	else
		return lend__error(d->db, LEND_EINVAL, "%s: unknown language "
		                   "'%s' (one of: en, cy, en+cy)", concern,
		                   lend__is_text(lang) ? lang : "?");
	return 0;
}

static int doc_load(doc *d, lend_db *db, const char *concern,
                    const char *loan, const char *lang)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->db = db;
	lend__reset(db);
	if (!loan)
		return lend__error(db, LEND_EINVAL, "%s: loan is required",
		                   concern);
	if ((rc = lend__query_rows(&d->loan, db, loan_sql,
	                           LEND__ARGS(LEND__T(loan)))))
		return rc;
	if (lend_rows_count(d->loan) == 0)
		return lend__error(db, LEND_ENOTFOUND, "%s: loan '%s' not found",
		                   concern, lend__is_text(loan) ? loan : "?");
	if ((rc = choose_langs(d, concern, lang)) ||
	    (rc = lend__query_rows(&d->items, db, items_sql,
	                           LEND__ARGS(LEND__T(loan)))) ||
	    (rc = lend__setting_text(&d->consortium, db, "consortium.name")) ||
	    (rc = lend__setting_text(&d->version, db, "terms.version")) ||
	    (rc = lend__setting_int(&d->months, db, "retention.months")) ||
	    (rc = passage_text(&d->terms[0], d, "terms.text.en", "terms-en")) ||
	    (rc = passage_text(&d->terms[1], d, "terms.text.cy", "terms-cy")) ||
	    (rc = passage_text(&d->privacy[0], d, "privacy.text.en",
	                       "privacy-en")) ||
	    (rc = passage_text(&d->privacy[1], d, "privacy.text.cy",
	                       "privacy-cy")))
		return rc;
	return lend__pdf_new(&d->pdf, db, loan);
}

static void doc_free(doc *d)
{
	lend_rows_free(d->loan);
	lend_rows_free(d->items);
	free(d->consortium);
	free(d->version);
	free(d->terms[0]);
	free(d->terms[1]);
	free(d->privacy[0]);
	free(d->privacy[1]);
	lend__pdf_free(&d->pdf);
}

static int agreement(lend__buf *out, lend_db *db, const char *loan,
                     const char *lang)
{
	doc d;
	int rc = doc_load(&d, db, "agreement", loan, lang);

	if (rc == 0) {
		d.w = LEND__MM(210);
		d.h = LEND__MM(297);
		d.margin = LEND__MM(18);
		d.bottom = LEND__MM(22);
		d.draw = 0;
		agreement_pages(&d);
		d.pages = d.page_no;
		d.draw = 1;
		agreement_pages(&d);
		rc = lend__pdf_finish(&d.pdf, out);
	}
	doc_free(&d);
	return rc;
}

static int slip(lend__buf *out, lend_db *db, const char *loan,
                const char *size, const char *lang)
{
	doc d;
	int rc = doc_load(&d, db, "slip", loan, lang);
	int receipt = !size || strcmp(size, "receipt80") == 0;

	if (rc == 0 && !receipt && strcmp(size, "a6") != 0)
		rc = lend__error(db, LEND_EINVAL, "slip: unknown size '%s' (one "
		                 "of: receipt80, a6)",
		                 lend__is_text(size) ? size : "?");
	if (rc == 0) {
		d.margin = LEND__MM(receipt ? 4 : 8);
		d.w = LEND__MM(receipt ? 80 : 105);
		d.h = receipt ? 1e6 : LEND__MM(148);
		d.bottom = d.margin;
		/* A receipt is as long as what is on it: measure, then print. */
		d.draw = 0;
		slip_body(&d);
		if (receipt)
			d.h = d.y + d.margin;
		d.draw = 1;
		slip_body(&d);
		rc = lend__pdf_finish(&d.pdf, out);
	}
	doc_free(&d);
	return rc;
}

/* ---- Public --------------------------------------------------------- */

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
