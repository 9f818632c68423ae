/*
 * What the loan's documents share: the loan read once with its items and
 * the consortium's texts, the words in English, Welsh or both (from
 * texts/doc-*.txt), and the loan's QR code.  The agreement (agreement.c)
 * and the slip (slip.c) lay themselves out on the render room's flow.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "words.h"

const char *lend__doc_field(lend__doc *d, const char *name)
{
	const char *v = lend_rows_get(d->loan, 0, name);

	return v ? v : "";
}

static const char *word_in(char *buf, size_t size, const char *book,
                           const char *lang, const char *key)
{
	const char *w = lend__words(buf, size, book, lang, key);

	return w ? w : key;
}

static const char *word(char *buf, size_t size, const char *lang,
                        const char *key)
{
	return word_in(buf, size, "doc", lang, key);
}

const char *lend__doc_say_book(lend__doc *d, const char *book,
                               const char *key, char *buf, size_t size)
{
	char en[128], cy[128];

	if (d->langs == (LEND__EN | LEND__CY))
		snprintf(buf, size, "%s / %s",
		         word_in(en, sizeof(en), book, "en", key),
		         word_in(cy, sizeof(cy), book, "cy", key));
	else
		snprintf(buf, size, "%s", word_in(en, sizeof(en), book,
		         d->langs == LEND__CY ? "cy" : "en", key));
	return buf;
}

const char *lend__doc_say(lend__doc *d, const char *key, char *buf,
                          size_t size)
{
	return lend__doc_say_book(d, "doc", key, buf, size);
}

void lend__doc_fill(lend__buf *b, const char *template,
                    const char *const *names, const char *const *values,
                    size_t n)
{
	const char *p = template;

	while (*p) {
		size_t i, len = strcspn(p, "{");

		lend__buf_add(b, p, len);
		p += len;
		if (!*p)
			break;
		for (i = 0; i < n; i++) {
			len = strlen(names[i]);
			if (strncmp(p + 1, names[i], len) == 0 && p[len + 1] == '}')
				break;
		}
		if (i == n) {
			lend__buf_add(b, p++, 1);
			continue;
		}
		lend__buf_str(b, values[i] ? values[i] : "");
		p += len + 2;
	}
}

const char *lend__doc_say_one(lend__doc *d, const char *key, char *buf,
                              size_t size)
{
	return word(buf, size, d->langs == LEND__CY ? "cy" : "en", key);
}

const char *lend__doc_kind(lend__doc *d, const char *kind, char *buf,
                           size_t size)
{
	char key[64], en[128], cy[128];

	snprintf(key, sizeof(key), "kind.%s", kind);
	if (!lend__words(en, sizeof(en), "doc", "en", key) ||
	    !lend__words(cy, sizeof(cy), "doc", "cy", key))
		return kind;
	if (d->langs == (LEND__EN | LEND__CY) && strcmp(en, cy) != 0)
		snprintf(buf, size, "%s / %s", en, cy);
	else
		snprintf(buf, size, "%s", d->langs == LEND__CY ? cy : en);
	return buf;
}

const char *lend__doc_join(char *buf, size_t size, const char *a,
                           const char *sep, const char *b)
{
	if (a && *a && b && *b)
		snprintf(buf, size, "%s%s%s", a, sep, b);
	else
		snprintf(buf, size, "%s", a && *a ? a : b ? b : "");
	return buf;
}

/* Days since 1970-01-01 of Y-M-D (Howard Hinnant's days_from_civil). */
void lend__issue_date(char out[11])
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

long lend__days_of(int y, int m, int dd)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void lend__long_date(char *buf, size_t size, const char *lang,
                     const char *iso)
{
	char wd[32], mo[32], key[16];
	int y, m, dd, n = 0;
	long days;

	if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &dd, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || dd < 1 || dd > 31) {
		snprintf(buf, size, "%s", iso);
		return;
	}
	days = lend__days_of(y, m, dd);
	snprintf(key, sizeof(key), "day.%ld", ((days % 7 + 7) % 7 + 3) % 7 + 1);
	word(wd, sizeof(wd), lang, key);
	snprintf(key, sizeof(key), "month.%d", m);
	word(mo, sizeof(mo), lang, key);
	snprintf(buf, size, "%s %d %s %d", wd, dd, mo, y);
}

const char *lend__doc_date(lend__doc *d, const char *iso, char *buf,
                           size_t size)
{
	char en[128], cy[128];

	if (!iso || !*iso)
		return "";
	lend__long_date(en, sizeof(en), "en", iso);
	lend__long_date(cy, sizeof(cy), "cy", iso);
	if (d->langs == (LEND__EN | LEND__CY))
		snprintf(buf, size, "%s / %s", en, cy);
	else
		snprintf(buf, size, "%s", d->langs == LEND__CY ? cy : en);
	return buf;
}

void lend__doc_qr(lend__doc *d, double x, double y, double size)
{
	lend__qr qr;

	if (!d->flow.drawing ||
	    lend__qr_encode(&qr, d->db, lend__doc_field(d, "ref")) != 0)
		return;
	lend__flow_qr(&d->flow, &qr, x, y, size);
	lend__qr_free(&qr);
}

/* ---- Loading -------------------------------------------------------- */

static const char loan_sql[] =
	"SELECT l.ref, l.out_at, l.signed_at, l.terms_version, "
	"coalesce(su.full_name, su.name) AS signed_by, b.ref AS borrower, "
	"b.name AS borrower_name, "
	"b.language, m.name AS member_name, s.name AS site_name, s.address, "
	"s.hours, coalesce(s.phone, m.phone) AS site_phone, "
	"coalesce(u.full_name, u.name) AS issued_by, c.name AS champion, "
	"c.phone AS champion_phone, c.email AS champion_email, "
	"coalesce((SELECT min(i.due_on) FROM loan_item i WHERE i.loan_id = l.id "
	" AND i.returned_at IS NULL), (SELECT min(i.due_on) FROM loan_item i "
	" WHERE i.loan_id = l.id)) AS due_on "
	"FROM loan l JOIN borrower b ON b.id = l.borrower_id "
	"JOIN site s ON s.id = l.site_id JOIN member m ON m.id = s.member_id "
	"JOIN app_user u ON u.id = l.issued_by "
	"LEFT JOIN champion c ON c.id = l.champion_id "
	"LEFT JOIN app_user su ON su.id = l.signed_by WHERE l.ref = ?";

static const char items_sql[] =
	"SELECT d.tag, d.kind, d.make, d.model, d.serial, d.imei, "
	"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
	" WHERE p.part_id = d.id) AS part_of, i.due_on, i.returned_at "
	"FROM loan_item i JOIN device d ON d.id = i.device_id "
	"WHERE i.loan_id = ? ORDER BY i.id";

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
static int passage_text(char **out, lend__doc *d, const char *key,
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
		return lend__fail(d->db, LEND_ENOMEM,
		                  "lend.out_of_memory", NULL);
	return 0;
}

static int choose_langs(lend__doc *d, const char *concern, const char *lang)
{
	const char *pref = lend__doc_field(d, "language");

	if (!lang)
		d->langs = strcmp(pref, "cy") == 0 ? LEND__CY
		         : strcmp(pref, "en+cy") == 0 ? LEND__EN | LEND__CY
		                                      : LEND__EN;
	else if (strcmp(lang, "en") == 0)
		d->langs = LEND__EN;
	else if (strcmp(lang, "cy") == 0)
		d->langs = LEND__CY;
	else if (strcmp(lang, "en+cy") == 0 || strcmp(lang, "cy+en") == 0)
		d->langs = LEND__EN | LEND__CY;
	else
		return lend__fail(d->db, LEND_EINVAL, "document.language",
		                  "concern", concern, "language",
		                  lend__is_text(lang) ? lang : "?", NULL);
	return 0;
}

static int load_texts(lend__doc *d)
{
	int rc;

	if ((rc = lend__setting_text(&d->consortium, d->db,
	                             "consortium.name")) ||
	    (rc = lend__setting_text(&d->version, d->db, "terms.version")) ||
	    (rc = lend__setting_text(&d->phone, d->db, "consortium.phone")) ||
	    (rc = lend__setting_int(&d->months, d->db, "retention.months")) ||
	    (rc = passage_text(&d->terms[0], d, "terms.text.en", "terms-en")) ||
	    (rc = passage_text(&d->terms[1], d, "terms.text.cy", "terms-cy")) ||
	    (rc = passage_text(&d->privacy[0], d, "privacy.text.en",
	                       "privacy-en")))
		return rc;
	return passage_text(&d->privacy[1], d, "privacy.text.cy", "privacy-cy");
}

int lend__doc_load(lend__doc *d, lend_db *db, const char *concern,
                   const char *loan, const char *lang)
{
	int64_t id;
	int rc;

	memset(d, 0, sizeof(*d));
	d->db = db;
	lend__reset(db);
	if (!loan)
		return lend__fail(db, LEND_EINVAL, "lookup.loan_required",
		                  "concern", concern, NULL);
	if ((rc = lend__query_rows(&d->loan, db, loan_sql,
	                           LEND__ARGS(LEND__T(loan)))))
		return rc;
	if (lend_rows_count(d->loan) == 0)
		return lend__fail(db, LEND_ENOTFOUND, "lookup.loan_not_found",
		                  "concern", concern, "name",
		                  lend__is_text(loan) ? loan : "?", NULL);
	if ((rc = choose_langs(d, concern, lang)) ||
	    (rc = lend__find(&id, db, LEND__ENTITY_LOAN, loan)) ||
	    (rc = lend__query_rows(&d->items, db, items_sql,
	                           LEND__ARGS(LEND__I(id)))) ||
	    (rc = load_texts(d)))
		return rc;
	return lend__pdf_open(&d->pdf, db, loan);
}

void lend__doc_free(lend__doc *d)
{
	lend_rows_free(d->loan);
	lend_rows_free(d->items);
	free(d->consortium);
	free(d->version);
	free(d->phone);
	free(d->terms[0]);
	free(d->terms[1]);
	free(d->privacy[0]);
	free(d->privacy[1]);
	lend__pdf_free(d->pdf);
}
