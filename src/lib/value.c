/*
 * Values: the checks every field goes through before it reaches the
 * database (dates, times, codes, Luhn digits, UTF-8 text, money), each with
 * a message that names the field and the value.
 */
#define _POSIX_C_SOURCE 200809L

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "value.h"
#include "internal.h" /* lend__fail, lend__buf */

/* N digits at S as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *const lend__kinds[] = {
	"tablet", "laptop", "phone", "hotspot", "sim", "accessory", "other",
	NULL
};

const char *const lend__statuses[] = {
	"available", "on_loan", "quarantine", "repair", "lost", "retired",
	"gifted", NULL
};

/* ISO 639-1, the two-letter codes: preferred languages are checked
 * against them so that a typo never reaches a document. */
static const char iso639_1[] =
	"aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca "
	"ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj "
	"fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii "
	"ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la "
	"lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng "
	"nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa "
	"sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk "
	"tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

int lend__is_language(const char *s)
{
	const char *p;

	if (strlen(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' ||
	    s[1] > 'z')
		return 0;
	/* Each code is two letters and a separator; the last has the NUL. */
	for (p = iso639_1;; p += 3) {
		if (p[0] == s[0] && p[1] == s[1])
			return 1;
		if (!p[2])
			return 0;
	}
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An outward code: A9, A99, AA9, AA99, A9A or AA9A. */
static int is_outward(const char *s, size_t n)
{
	size_t letters = 0;

	while (letters < n && letters < 2 && is_upper(s[letters]))
		letters++;
	if (letters == 0 || letters == n || !is_digit(s[letters]))
		return 0;
	if (n == letters + 1)
		return 1;
	return n == letters + 2 &&
	       (is_digit(s[letters + 1]) || is_upper(s[letters + 1]));
}

int lend__postcode_district(char out[5], int *whole, const char *text)
{
	char s[16];
	size_t n = 0, i;

	for (i = 0; text[i]; i++) {
		char c = text[i];

		if (c == ' ')
			continue;
		if (n + 1 >= sizeof(s))
			return -1;
		s[n++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	s[n] = '\0';
	*whole = 0;
	/* An inward code is a digit and two letters: cut it off. */
	if (n >= 5 && is_digit(s[n - 3]) && is_upper(s[n - 2]) &&
	    is_upper(s[n - 1]) && is_outward(s, n - 3)) {
		n -= 3;
		*whole = 1;
	}
	if (n > 4 || !is_outward(s, n))
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Days since 1970-01-01 of a valid date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int lend__date_add(char out[11], const char *date, int days)
{
	int y = digits(date, 4), m = digits(date + 5, 2), d = digits(date + 8, 2);

	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	if (y < LEND__YEAR_MIN || y > LEND__YEAR_MAX) {
		snprintf(out, 11, "%s", y < LEND__YEAR_MIN ? "1900-01-01"
		                                          : "2199-12-31");
		return -1;
	}
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

void lend__now(char out[LEND__TIME_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, LEND__TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	                            30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int lend__is_date(const char *s)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	return y >= LEND__YEAR_MIN && y <= LEND__YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

int lend__parse_time(char out[LEND__TIME_LEN], const char *s)
{
	int hh = 0, mm = 0, ss = 0;
	const char *t;

	if (!s || strlen(s) < 10)
		return -1;
	{
		char date[11];

		memcpy(date, s, 10);
		date[10] = '\0';
		if (!lend__is_date(date))
			return -1;
	}
	t = s + 10;
	if (*t == 'T' || *t == ' ') {
		t++;
		if ((hh = digits(t, 2)) < 0 || t[2] != ':' ||
		    (mm = digits(t + 3, 2)) < 0)
			return -1;
		t += 5;
		if (*t == ':') {
			if ((ss = digits(t + 1, 2)) < 0)
				return -1;
			t += 3;
		}
		if (*t == 'Z')
			t++;
		if (hh > 23 || mm > 59 || ss > 59)
			return -1;
	}
	if (*t)
		return -1;
	snprintf(out, LEND__TIME_LEN, "%.10sT%02d:%02d:%02dZ", s, hh, mm, ss);
	return 0;
}

int lend__all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

int lend__luhn_ok(const char *s)
{
	size_t n = strlen(s), i;
	int sum = 0;

	for (i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';

		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

int lend__is_code(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max && s[0] != '-' && s[0] != '.' &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_.") == n;
}

/* Fields that hold free text over lines: notes, addresses, hours. */
static int is_free_text(const char *field)
{
	static const char *const free_text[] = { "notes", "note", "address",
	                                         "hours", "wipe method", NULL };
	const char *const *f;

	for (f = free_text; *f; f++)
		if (strcmp(field, *f) == 0)
			return 1;
	return 0;
}

/* The key of the refusal of text that holds WHY (lend__text_fault()). */
static const char *fault_key(const char *why)
{
	static const char *const keys[][2] = {
		{ "a line break", "value.line_break" },
		{ "a control character", "value.control" },
		{ "a bidirectional override", "value.bidi" },
		{ "a byte that is not UTF-8", "value.not_utf8" },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(why, keys[i][0]) == 0)
			return keys[i][1];
	return "value.noncharacter";
}

int lend__check_length(lend_db *db, const char *concern, const char *field,
                       const char *value, size_t max)
{
	size_t n = lend__text_chars(value);
	char len[24], most[24];

	if (n <= max)
		return 0;
	snprintf(len, sizeof(len), "%zu", n);
	snprintf(most, sizeof(most), "%zu", max);
	return lend__fail(db, LEND_EINVAL, "value.too_long", "concern", concern,
	                  "field", field, "length", len, "max", most, NULL);
}

int lend__check_date(lend_db *db, const char *concern, const char *field,
                     const char *value)
{
	char min[8], max[8];

	if (!value || lend__is_date(value))
		return 0;
	snprintf(min, sizeof(min), "%d", LEND__YEAR_MIN);
	snprintf(max, sizeof(max), "%d", LEND__YEAR_MAX);
	if (strlen(value) == 10 && value[4] == '-' && digits(value, 4) >= 0 &&
	    (digits(value, 4) < LEND__YEAR_MIN || digits(value, 4) > LEND__YEAR_MAX))
		return lend__fail(db, LEND_EINVAL, "value.years", "concern",
		                  concern, "field", field, "value", value, "min",
		                  min, "max", max, NULL);
	return lend__fail(db, LEND_EINVAL, "value.not_date", "concern", concern,
	                  "field", field, "value", value, NULL);
}

int lend__check_period(lend_db *db, const char *concern, const char *from,
                       const char *to)
{
	int y0 = digits(from, 4), m0 = digits(from + 5, 2);
	int y1 = digits(to, 4), m1 = digits(to + 5, 2);
	long days = days_from_civil(y1, m1, digits(to + 8, 2)) -
	            days_from_civil(y0, m0, digits(from + 8, 2)) + 1;

	char n[24], max[24];

	if (days <= LEND__PERIOD_DAYS_MAX)
		return 0;
	snprintf(n, sizeof(n), "%ld", days);
	snprintf(max, sizeof(max), "%d", LEND__PERIOD_DAYS_MAX);
	return lend__fail(db, LEND_EINVAL, "value.period", "concern", concern,
	                  "from", from, "to", to, "days", n, "max", max, NULL);
}

int lend__check_text(lend_db *db, const char *concern, const char *field,
                     const char *value, int required)
{
	int lines = is_free_text(field);
	const char *why;
	char byte[24];
	size_t at = 0;

	if (!value || !*value)
		return required ? lend__fail(db, LEND_EINVAL, "value.required",
		                             "concern", concern, "field", field,
		                             NULL) : 0;
	if ((why = lend__text_fault(value, lines, &at))) {
		snprintf(byte, sizeof(byte), "%zu", at + 1);
		return lend__fail(db, LEND_EINVAL, fault_key(why), "concern",
		                  concern, "field", field, "value", value, "byte",
		                  byte, NULL);
	}
	return lend__check_length(db, concern, field, value,
	                          lines ? LEND__TEXT_MAX : LEND__NAME_MAX);
}

int lend__check_code(lend_db *db, const char *concern, const char *field,
                     const char *value, size_t max)
{
	char len[24], most[24];

	if (!value || !*value)
		return lend__fail(db, LEND_EINVAL, "value.required", "concern",
		                  concern, "field", field, NULL);
	snprintf(len, sizeof(len), "%zu", strlen(value));
	snprintf(most, sizeof(most), "%zu", max);
	if (strlen(value) > max)
		return lend__fail(db, LEND_EINVAL, "value.code_long", "concern",
		                  concern, "field", field, "length", len, "max",
		                  most, NULL);
	if (*value == '-' || *value == '.')
		return lend__fail(db, LEND_EINVAL, "value.code_start", "concern",
		                  concern, "field", field, "value", value, NULL);
	if (!lend__is_code(value, max))
		return lend__fail(db, LEND_EINVAL, "value.code", "concern",
		                  concern, "field", field, "value", value, "max",
		                  most, NULL);
	return 0;
}

int lend__check_phone(lend_db *db, const char *concern, const char *field,
                      const char *value)
{
	const char *p = value;

	if (!value || !*value)
		return 0;
	if (*p == '+')
		p++;
	if (strspn(p, "0123456789 ") != strlen(p) ||
	    strspn(p, " ") == strlen(p))
		return lend__fail(db, LEND_EINVAL, "value.phone", "concern",
		                  concern, "field", field, "value", value, NULL);
	return 0;
}

int lend__check_email(lend_db *db, const char *concern, const char *value)
{
	const char *at;

	if (!value || !*value)
		return 0;
	at = strchr(value, '@');
	if (!lend__is_text(value) || !at || at == value || !at[1] ||
	    strchr(at + 1, '@') || strpbrk(value, " \t\n") ||
	    !strchr(at + 1, '.'))
		return lend__fail(db, LEND_EINVAL, "value.email", "concern",
		                  concern, "value", value, NULL);
	return 0;
}

int lend__check_language(lend_db *db, const char *concern,
                         const char *value)
{
	/* 'en+cy': English and Welsh both, the documents and reminders side
	 * by side (issue 20). */
	if (!value || !*value || lend__is_language(value) ||
	    strcmp(value, "en+cy") == 0)
		return 0;
	return lend__fail(db, LEND_EINVAL, "value.language", "concern",
	                  concern, "value", value, NULL);
}

int lend__check_one_of(lend_db *db, const char *concern, const char *field,
                       const char *value, const char *const *allowed)
{
	lend__buf list = { 0 };
	const char *const *a;
	char *s;
	int rc;

	for (a = allowed; *a; a++)
		if (strcmp(value, *a) == 0)
			return 0;
	for (a = allowed; *a; a++)
		lend__buf_printf(&list, "%s%s", a == allowed ? "" : ", ", *a);
	s = lend__buf_take(&list);
	rc = lend__fail(db, LEND_EINVAL, "value.one_of", "concern", concern,
	                "field", field, "value", value, "allowed", s ? s : "?",
	                NULL);
	free(s);
	return rc;
}

int lend__resolve_at(lend_db *db, const char *concern,
                     char out[LEND__TIME_LEN], const char *at)
{
	char now[LEND__TIME_LEN];

	lend__now(now);
	if (!at) {
		memcpy(out, now, LEND__TIME_LEN);
		return 0;
	}
	if (lend__parse_time(out, at) != 0)
		return lend__fail(db, LEND_EINVAL, "value.time", "concern",
		                  concern, "value", at, NULL);
	if (strcmp(out, now) > 0)
		return lend__fail(db, LEND_EINVAL, "value.time_future", "concern",
		                  concern, "value", at, NULL);
	return 0;
}

int lend_money_parse(int64_t *out, const char *text)
{
	const char *p = text;
	int64_t pounds = 0, pence = 0;
	int neg = 0, decimals = 0;

	if (!p)
		return LEND_EINVAL;
	if (*p == '-')
		neg = 1, p++;
	if (strncmp(p, "\xC2\xA3", 2) == 0) /* the pound sign */
		p += 2;
	if (*p < '0' || *p > '9')
		return LEND_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (pounds > (INT64_MAX / 100 - 9) / 10)
			return LEND_EINVAL;
		pounds = pounds * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++)
			if (decimals < 2)
				pence = pence * 10 + (*p - '0');
		if (decimals == 0 || decimals > 2)
			return LEND_EINVAL;
		if (decimals == 1)
			pence *= 10;
	}
	if (*p)
		return LEND_EINVAL;
	*out = (pounds * 100 + pence) * (neg ? -1 : 1);
	return 0;
}

int lend__resolve_on(lend_db *db, const char *concern, const char *field,
                     char out[11], const char *on)
{
	char now[LEND__TIME_LEN];
	int rc;

	lend__now(now);
	if (!on) {
		memcpy(out, now, 10);
		out[10] = '\0';
		return 0;
	}
	if ((rc = lend__check_date(db, concern, field, on)))
		return rc;
	if (strncmp(on, now, 10) > 0)
		return lend__fail(db, LEND_EINVAL, "value.future", "concern",
		                  concern, "field", field, "value", on, NULL);
	memcpy(out, on, 11);
	return 0;
}

/* The three numbers of a date typed as A/B/C (or with '.' or '-'), the
 * rest after it in *REST, and how many digits A has. */
static int date_parts(int n[3], int *adigits, const char **rest,
                      const char *s)
{
	int i, k;

	for (i = 0; i < 3; i++) {
		for (k = 0, n[i] = 0; s[k] >= '0' && s[k] <= '9' && k < 4; k++)
			n[i] = n[i] * 10 + (s[k] - '0');
		if (k == 0 || (s[k] >= '0' && s[k] <= '9'))
			return -1;
		if (i == 0)
			*adigits = k;
		s += k;
		if (i < 2 && *s != '/' && *s != '.' && *s != '-')
			return -1;
		if (i < 2)
			s++;
	}
	*rest = s;
	return 0;
}

char lend__date_order(const char *s)
{
	int n[3], a;
	const char *rest;

	if (date_parts(n, &a, &rest, s))
		return 0;
	if (a == 4)
		return 'y';
	if (n[0] > 12 && n[1] <= 12)
		return 'd';
	if (n[1] > 12 && n[0] <= 12)
		return 'm';
	return '?';
}

int lend__date_read(char *out, size_t size, const char *s, char order)
{
	int n[3], a, y, m, d;
	const char *rest;
	char iso[16], after[32];

	if (date_parts(n, &a, &rest, s))
		return -1;
	snprintf(after, sizeof(after), "%s", rest); /* S may be OUT */
	if (a == 4 || order == 'y')
		y = n[0], m = n[1], d = n[2];
	else if (order == 'm')
		m = n[0], d = n[1], y = n[2];
	else
		d = n[0], m = n[1], y = n[2];
	if (y < 100)
		y += 2000; /* two-digit years are this century's */
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	if (strlen(after) >= sizeof(after) - 1)
		return -1; /* a time after it too long to keep whole */
	if (!lend__is_date(iso) || (*after && *after != ' ' && *after != 'T'))
		return -1;
	snprintf(out, size, "%s%s", iso, after);
	return 0;
}

int lend__money_read(int64_t *pence, const char *s)
{
	char m[64];
	const char *comma = strrchr(s, ','), *dot = strrchr(s, '.');
	size_t k = 0;
	int decimal;

	/* A comma is a decimal comma when it cannot be a thousands separator:
	 * one or two digits after the last comma and no dot, or a comma after
	 * the last dot (1.234,56). */
	decimal = comma && (dot ? dot < comma : strlen(comma + 1) < 3 &&
	                    lend__all_digits(comma + 1));
	if (strncmp(s, "\xC2\xA3", 2) == 0) /* the pound sign */
		s += 2;
	for (; *s && k + 1 < sizeof(m); s++) {
		if (*s == ',' && decimal && s == comma)
			m[k++] = '.';
		else if (*s == ',' && !decimal && (strspn(s + 1, "0123456789") != 3))
			return LEND_EINVAL; /* not a thousands separator either */
		else if (*s != ',' && !(*s == '.' && decimal) && *s != ' ')
			m[k++] = *s;
	}
	m[k] = '\0';
	return lend_money_parse(pence, m);
}
