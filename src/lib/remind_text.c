/*
 * The words of a reminder: its subject and body (an e-mail, a letter) or
 * a text message, from texts/remind-LANG.txt filled in with the loan, in
 * the borrower's language, or English then Welsh for both; and how long
 * a text message is in the GSM alphabet, to split it as phones do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remind.h"
#include "words.h"

/* Template KEY of LANG with its "\n" made line breaks. */
static void template(char *buf, size_t size, const char *lang,
                     const char *key)
{
	char *p = buf;

	if (!lend__words(buf, size, "remind", lang, key))
		lend__words(buf, size, "remind", "en", key);
	while ((p = strstr(p, "\\n"))) {
		*p = '\n';
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
		p++;
	}
}

/* The devices out, a line each: "- RTL-00001 Samsung Galaxy Tab (tablet)". */
static void item_lines(lend__buf *b, lend__doc *d, const char *lang)
{
	char key[64], kind[96];
	size_t i;

	for (i = 0; i < lend_rows_count(d->items); i++) {
		if (lend_rows_get(d->items, i, "returned_at"))
			continue;
		snprintf(key, sizeof(key), "kind.%s",
		         lend_rows_get(d->items, i, "kind"));
		if (!lend__words(kind, sizeof(kind), "doc", lang, key))
			snprintf(kind, sizeof(kind), "%s",
			         lend_rows_get(d->items, i, "kind"));
		lend__buf_printf(b, "- %s %s %s (%s)\n",
		                 lend_rows_get(d->items, i, "tag"),
		                 lend_rows_get(d->items, i, "make"),
		                 lend_rows_get(d->items, i, "model"), kind);
	}
}

/* " or your digital champion NAME on NUMBER", or "". */
static void champion(char *buf, size_t size, lend__doc *d, const char *lang)
{
	static const char *const names[] = { "champion", "champion_phone" };
	const char *values[2] = { lend__doc_field(d, "champion"),
	                          lend__doc_field(d, "champion_phone") };
	char t[256];
	lend__buf b = { 0 };
	char *s;

	buf[0] = '\0';
	if (!*values[0])
		return;
	template(t, sizeof(t), lang, *values[1] ? "champion_phone" : "champion");
	lend__buf_str(&b, " ");
	lend__doc_fill(&b, t, names, values, 2);
	if ((s = lend__buf_take(&b)))
		snprintf(buf, size, "%s", s);
	free(s);
}

/* Template KEY of LANG filled in with D's loan, appended to OUT. */
static int fill(lend__buf *out, lend__doc *d, const char *lang,
                const char *key)
{
	static const char *const names[] = {
		"name", "ref", "consortium", "due", "short_due", "items", "site",
		"place", "hours", "phone", "champion"
	};
	const char *values[LEND__NELEM(names)];
	const char *due = lend__doc_field(d, "due_on");
	char t[2048], date[96], short_due[16], place[512], hours[256];
	char champ[256], open[256];
	lend__buf items = { 0 };

	lend__long_date(date, sizeof(date), lang, due);
	snprintf(short_due, sizeof(short_due), "%.2s/%.2s/%.4s", due + 8,
	         due + 5, due);
	lend__doc_join(place, sizeof(place), lend__doc_field(d, "site_name"),
	               ", ", lend__doc_field(d, "address"));
	hours[0] = '\0';
	if (*lend__doc_field(d, "hours")) {
		const char *hv = lend__doc_field(d, "hours");
		static const char *const hn[] = { "hours" };
		lend__buf hb = { 0 };
		char *s;

		template(open, sizeof(open), lang, "hours");
		lend__buf_str(&hb, " ");
		lend__doc_fill(&hb, open, hn, &hv, 1);
		if ((s = lend__buf_take(&hb)))
			snprintf(hours, sizeof(hours), "%s", s);
		free(s);
	}
	champion(champ, sizeof(champ), d, lang);
	item_lines(&items, d, lang);
	values[0] = lend__doc_field(d, "borrower_name");
	values[1] = lend__doc_field(d, "ref");
	values[2] = d->consortium;
	values[3] = date;
	values[4] = short_due;
	values[5] = items.s ? items.s : "";
	values[6] = lend__doc_field(d, "site_name");
	values[7] = place;
	values[8] = hours;
	/* A number to ring: the site's, the consortium's, the champion's. */
	values[9] = *lend__doc_field(d, "site_phone")
	            ? lend__doc_field(d, "site_phone") : *d->phone ? d->phone
	            : lend__doc_field(d, "champion_phone");
	values[10] = champ;
	template(t, sizeof(t), lang, key);
	lend__doc_fill(out, t, names, values, LEND__NELEM(names));
	lend__buf_free(&items);
	return 0;
}

/* KEY's text in each language of D: English, then Welsh after SEP. */
static char *both(lend__doc *d, const char *key, const char *sep)
{
	lend__buf b = { 0 };

	if (d->langs & LEND__EN)
		fill(&b, d, "en", key);
	if (d->langs == (LEND__EN | LEND__CY))
		lend__buf_str(&b, sep);
	if (d->langs & LEND__CY)
		fill(&b, d, "cy", key);
	return lend__buf_take(&b);
}

int lend__remind_text(char **subject, char **body, lend__doc *d,
                      const char *which, int sms)
{
	const char *kind = strcmp(which, "due_soon") == 0 ? "due_soon"
	                                                  : "overdue";
	char key[32];

	*subject = NULL;
	snprintf(key, sizeof(key), "subject.%s", kind);
	if (!sms && !(*subject = both(d, key, " / ")))
		return lend__fail(d->db, LEND_ENOMEM, "lend.out_of_memory",
		                  NULL);
	snprintf(key, sizeof(key), "%s.%s", sms ? "sms" : "body", kind);
	if (!(*body = both(d, key, sms ? "\n" : "\n\n---\n\n"))) {
		free(*subject);
		*subject = NULL;
		return lend__fail(d->db, LEND_ENOMEM, "lend.out_of_memory",
		                  NULL);
	}
	return 0;
}

/* GSM 03.38's basic characters beyond ASCII's, as UTF-8, and the
 * ASCII ones it lacks or holds in its extension (two each). */
static const char *const gsm_more[] = {
	"£", "¥", "è", "é", "ù", "ì", "ò", "Ç", "Ø", "ø", "Å", "å", "Δ", "Φ",
	"Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", "Æ", "æ", "ß", "É", "¤", "¡",
	"Ä", "Ö", "Ñ", "Ü", "§", "¿", "ä", "ö", "ñ", "ü", "à", NULL
};

long lend__sms_length(const char *s)
{
	long n = 0;

	while (*s) {
		size_t len = lend__utf8_len(s), i;
		int found = 0;

		if (len == 0)
			return -1;
		if (len == 1) {
			if (strchr("^{}\\[~]|", *s))
				n++;
			else if (*s == '`' || ((unsigned char)*s < 32 && *s != '\n' &&
			                       *s != '\r'))
				return -1;
			n++;
			s++;
			continue;
		}
		for (i = 0; gsm_more[i] && !found; i++)
			found = strlen(gsm_more[i]) == len &&
			        strncmp(gsm_more[i], s, len) == 0;
		if (!found)
			return -1;
		n++;
		s += len;
	}
	return n;
}
