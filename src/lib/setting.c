/*
 * Settings: the consortium's choices (its name, tag prefix, loan rules,
 * report threshold), each key with a type, a range and a default, so that
 * a typo is refused when it is set rather than found when a loan is due.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum type { NAME, TEXT, PREFIX, URL, INT, MM, CHOICE };

typedef struct key {
	const char *key;
	enum type type;
	const char *def;
	int64_t min, max; /* INT only */
	const char *about;
} key;

static const key keys[] = {
	{ "consortium.name", NAME, "", 0, 0,
	  "the consortium's name, printed on labels and documents" },
	{ "terms.version", NAME, "2026-1", 0, 0,
	  "version of the loan terms a borrower consents to and signs" },
	{ "terms.text.en", TEXT, "", 0, 0,
	  "loan terms in English (empty: the shipped text)" },
	{ "terms.text.cy", TEXT, "", 0, 0,
	  "loan terms in Welsh (empty: the shipped text)" },
	{ "privacy.text.en", TEXT, "", 0, 0,
	  "data protection notice in English (empty: the shipped text)" },
	{ "privacy.text.cy", TEXT, "", 0, 0,
	  "data protection notice in Welsh (empty: the shipped text)" },
	{ "consortium.phone", TEXT, "", 0, 0,
	  "the consortium's phone number, on slips when a site has none" },
	{ "font.regular", TEXT, "", 0, 0,
	  "TrueType font file for documents (empty: DejaVu Sans)" },
	{ "font.bold", TEXT, "", 0, 0,
	  "bold TrueType font file for documents (empty: DejaVu Sans Bold)" },
	{ "tag.prefix", PREFIX, "LND", 0, 0,
	  "prefix of allocated device tags, as in RTL-00042" },
	{ "tag.digits", INT, "5", 3, 8,
	  "digits of the number in an allocated tag" },
	{ "label.url", URL, "", 0, 0,
	  "QR content: a URL with {tag} in it, or empty for the tag alone" },
	{ "label.contact", TEXT, "", 0, 0,
	  "the 'if found' line printed on labels" },
	{ "label.offset_x_mm", MM, "0", 0, 0,
	  "moves label layouts right (negative: left) for a printer" },
	{ "label.offset_y_mm", MM, "0", 0, 0,
	  "moves label layouts down (negative: up) for a printer" },
	{ "loan.days.tablet", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.laptop", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.phone", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.hotspot", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.sim", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.accessory", INT, "28", 1, 366, "default loan days" },
	{ "loan.days.other", INT, "14", 1, 366, "default loan days" },
	{ "loan.limit", INT, "3", 1, 100,
	  "devices one borrower may have out at once" },
	{ "loan.renewals", INT, "2", 0, 50, "renewals allowed per loan" },
	{ "loan.overdue", CHOICE, "warn", 0, 0,
	  "a borrower with overdue items at check-out: allow, warn, or block "
	  "(unless --override)" },
	{ "renew.when_held", CHOICE, "refuse", 0, 0,
	  "renewing a device another borrower holds, or whose kind they wait "
	  "for with none free: refuse or allow" },
	{ "desk.idle_seconds", INT, "60", 1, 3600,
	  "seconds without a scan after which a desk's check-out ends" },
	{ "desk.undo_minutes", INT, "30", 0, 1440,
	  "minutes in which a check-out made in error may be voided" },
	{ "hold.reserve_days", INT, "3", 1, 60,
	  "days a returned device is kept for the next holder" },
	{ "report.threshold", INT, "5", 1, 100,
	  "report counts below this are suppressed" },
	{ "retention.months", INT, "24", 1, 240,
	  "months without a loan or support before a borrower is anonymised" },
	{ "remind.before_days", INT, "3", 0, 60,
	  "days before the due date a borrower is reminded (0: not)" },
	{ "remind.overdue_days", TEXT, "1,7,21", 0, 0,
	  "days overdue a borrower is reminded on, by commas" },
	{ "remind.outbox", TEXT, "", 0, 0,
	  "folder of text messages, letters and champions' lists (empty: "
	  "outbox/ beside the database)" },
	{ "smtp.url", TEXT, "", 0, 0,
	  "mail server for reminders: smtp://host:587 (STARTTLS when "
	  "offered) or smtps://host:465; empty: e-mails wait" },
	{ "smtp.from", TEXT, "", 0, 0, "sender address of reminders" },
	{ "smtp.user", TEXT, "", 0, 0, "login at the mail server" },
	{ "smtp.password_file", TEXT, "", 0, 0,
	  "file holding the mail server's password" },
	{ "sms.command", TEXT, "", 0, 0,
	  "program given each text message: the number as its argument, the "
	  "text on standard input (empty: the outbox only)" },
	{ "outcomes", TEXT, "got_online,public_services,work_or_training,"
	  "family_and_friends,health,money,digital_skills,none,"
	  "prefer_not_to_say", 0, 0,
	  "outcomes a borrower may tell at return, by commas" },
};

static const key *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < LEND__NELEM(keys); i++)
		if (strcmp(keys[i].key, name) == 0)
			return &keys[i];
	return NULL;
}

static int unknown_key(lend_db *db, const char *name)
{
	return lend__fail(db, LEND_ENOTFOUND, "settings.unknown_key", "key",
	                  lend__is_text(name) ? name : "?", NULL);
}

/* Where a value is checked: the concern and field a message names. */
typedef struct place {
	const char *concern, *field;
} place;

/* VALUE refused with KEY ("settings.KEY"), and up to two more values by
 * name: N1 V1, N2 V2 (a NULL name ends them). */
static int bad(lend_db *db, const place *at, const char *value,
               const char *key, const char *n1, const char *v1,
               const char *n2, const char *v2)
{
	char k[48];

	snprintf(k, sizeof(k), "settings.%s", key);
	return lend__fail(db, LEND_EINVAL, k, "concern", at->concern, "field",
	                  at->field, "value", lend__is_text(value) ? value
	                  : "?", n1, v1, n2, v2, NULL);
}

static int check_int(lend_db *db, const place *at, const key *k,
                     const char *value)
{
	char *end;
	long long v;

	if (!lend__all_digits(value) || strlen(value) > 6)
		return bad(db, at, value, "not_whole", NULL, NULL, NULL,
		           NULL);
	v = strtoll(value, &end, 10);
	if (v < k->min || v > k->max) {
		char min[24], max[24];

		snprintf(min, sizeof(min), "%lld", (long long)k->min);
		snprintf(max, sizeof(max), "%lld", (long long)k->max);
		return bad(db, at, value, "out_of_range", "min", min, "max",
		           max);
	}
	return 0;
}

/* Millimetres with up to one decimal, within +-20: a printer that is off
 * by more than that needs mending, not an offset. */
static int check_mm(lend_db *db, const place *at, const char *value)
{
	int64_t tenths;
	const char *p = value;

	if (lend_money_parse(&tenths, p) != 0 || strstr(p, "\xC2\xA3") ||
	    (strchr(p, '.') && strlen(strchr(p, '.')) > 2))
		return bad(db, at, value, "not_mm", NULL, NULL, NULL, NULL);
	if (tenths < -2000 || tenths > 2000)
		return bad(db, at, value, "out_of_range", "min", "-20", "max",
		           "20");
	return 0;
}

/* The values a CHOICE key takes, "a|b|c". */
static const struct {
	const char *key, *choices;
} choices[] = {
	{ "loan.overdue", "allow|warn|block" },
	{ "renew.when_held", "refuse|allow" },
};

/* VALUE is one of K's choices, exactly. */
static int check_choice(lend_db *db, const place *at, const key *k,
                        const char *value)
{
	const char *p = NULL, *bar;
	size_t n = strlen(value);
	char list[80];
	size_t i;

	for (i = 0; i < LEND__NELEM(choices); i++)
		if (strcmp(choices[i].key, k->key) == 0)
			p = choices[i].choices;
	snprintf(list, sizeof(list), "%s", p ? p : "?");
	for (; p; p = bar ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		if ((bar ? (size_t)(bar - p) : strlen(p)) == n &&
		    strncmp(p, value, n) == 0 && n)
			return 0;
	}
	return bad(db, at, value, "not_one_of", "choices", list, NULL, NULL);
}

/* No value longer than its type's limit: a URL must leave a QR room for
 * its tag, a name must fit its line. */
static int check_length(lend_db *db, const place *at, const key *k,
                        const char *value)
{
	size_t max = k->type == URL ? LEND__URL_MAX : k->type == NAME ?
	             LEND__NAME_MAX : LEND__SETTING_MAX;
	char len[24], most[24];

	if (strlen(value) <= max)
		return 0;
	snprintf(len, sizeof(len), "%zu", strlen(value));
	snprintf(most, sizeof(most), "%zu", max);
	return bad(db, at, value, "too_long", "bytes", len, "max", most);
}

static int check_value(lend_db *db, const place *at, const key *k,
                       const char *value)
{
	const char *why = lend__text_fault(value, k->type == TEXT, NULL);
	int rc;

	if (why && strcmp(why, "a byte that is not UTF-8") == 0)
		return bad(db, at, value, "not_utf8", NULL, NULL, NULL, NULL);
	if (why)
		return bad(db, at, value, k->type == TEXT ? "control_text"
		           : "control_line", NULL, NULL, NULL, NULL);
	if ((rc = check_length(db, at, k, value)))
		return rc;
	switch (k->type) {
	case NAME:
		return *value ? 0 : bad(db, at, value, "empty", NULL, NULL,
		                        NULL, NULL);
	case TEXT:
		return 0;
	case PREFIX:
		if (!*value || strlen(value) > 8 ||
		    strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
		    strlen(value))
			return bad(db, at, value, "prefix", NULL, NULL, NULL,
			           NULL);
		return 0;
	case URL:
		if (*value && (!strstr(value, "{tag}") ||
		               (strncmp(value, "https://", 8) != 0 &&
		                strncmp(value, "http://", 7) != 0)))
			return bad(db, at, value, "url", NULL, NULL, NULL,
			           NULL);
		return 0;
	case INT:
		return check_int(db, at, k, value);
	case MM:
		return check_mm(db, at, value);
	case CHOICE:
		return check_choice(db, at, k, value);
	}
	return 0;
}

int lend__setting_check(lend_db *db, const char *concern,
                        const char *field, const char *name,
                        const char *value)
{
	const key *k = find_key(name);
	place at = { concern, field };

	if (!k)
		return unknown_key(db, name);
	return check_value(db, &at, k, value);
}

/* A setting written: the transaction's cache of them is stale. */
static void forget(lend_db *db)
{
	lend_rows **all = lend__txn_settings(db);

	if (all) {
		lend_rows_free(*all);
		*all = NULL;
	}
}

int lend__setting_store(lend_db *db, const char *name, const char *value)
{
	static const char sql[] =
		"INSERT INTO setting (key, value) VALUES (?, ?) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	const key *k = find_key(name);
	place at = { "settings", name };
	int rc;

	if (!k)
		return unknown_key(db, name);
	if ((rc = check_value(db, &at, k, value)) != 0)
		return rc;
	forget(db);
	return lend__exec(db, sql, LEND__ARGS(LEND__T(name), LEND__T(value)));
}

static const char all_sql[] = "SELECT key, value FROM setting";

int lend__setting_ahead(lend_db *db)
{
	lend_rows **all = lend__txn_settings(db);

	return all && !*all ? lend__read_ahead(db, all_sql, LEND__NO_ARGS) : 0;
}

/* The value stored for NAME, LEND_ENOTFOUND without one.  In a
 * transaction every stored setting is read at the first: a check-out
 * reads three, and on a server each read is a round trip. */
static int stored(char **out, lend_db *db, const char *name)
{
	lend_rows **all = lend__txn_settings(db);
	size_t i;
	int rc;

	if (!all)
		return lend__query_text(out, db, "SELECT value FROM setting "
		                        "WHERE key = ?", LEND__ARGS(LEND__T(name)));
	if (!*all && (rc = lend__query_rows(all, db, all_sql, LEND__NO_ARGS)))
		return rc;
	for (i = 0; i < lend_rows_count(*all); i++)
		if (strcmp(lend_rows_text(*all, i, 0), name) == 0) {
			if (!lend_rows_text(*all, i, 1))
				return LEND_ENOTFOUND;
			if (!(*out = lend__strdup(lend_rows_text(*all, i, 1))))
				return lend__fail(db, LEND_ENOMEM,
				                  "lend.out_of_memory", NULL);
			return 0;
		}
	return LEND_ENOTFOUND;
}

int lend_setting_get(char **out, lend_db *db, const char *name)
{
	assert(db);
	lend__reset(db);
	return lend__setting_text(out, db, name);
}

int lend__setting_text(char **out, lend_db *db, const char *name)
{
	const key *k = find_key(name);
	char *v = NULL;
	int rc;

	if (!k)
		return unknown_key(db, name);
	rc = stored(&v, db, name);
	if (rc == LEND_ENOTFOUND) {
		if (!(v = lend__strdup(k->def)))
			return lend__fail(db, LEND_ENOMEM,
			                  "lend.out_of_memory", NULL);
		rc = 0;
	}
	if (rc == 0)
		*out = v;
	return rc;
}

int lend__setting_int(int64_t *out, lend_db *db, const char *name)
{
	char *v = NULL;
	int rc = lend__setting_text(&v, db, name);

	if (rc == 0)
		*out = strtoll(v, NULL, 10);
	free(v);
	return rc;
}

/* Append KEY's row (key, value, is_default, description) to R. */
static int add_key_row(lend_rows *r, lend_db *db, const key *k)
{
	char *v = NULL;
	const char *value;
	long row;
	int rc = stored(&v, db, k->key), is_default;

	if (rc != 0 && rc != LEND_ENOTFOUND)
		return rc;
	is_default = rc == LEND_ENOTFOUND;
	value = is_default ? k->def : v;
	rc = 0;
	if ((row = lend__rows_add(r)) < 0 ||
	    lend__rows_set(r, (size_t)row, 0, LEND_TEXT, k->key,
	                   strlen(k->key)) ||
	    lend__rows_set(r, (size_t)row, 1, LEND_TEXT, value, strlen(value)) ||
	    lend__rows_set(r, (size_t)row, 2, LEND_INTEGER,
	                   is_default ? "1" : "0", 1) ||
	    lend__rows_set(r, (size_t)row, 3, LEND_TEXT, k->about,
	                   strlen(k->about)))
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	free(v);
	return rc;
}

/* Rows of the keys from FIRST for N keys. */
static int key_rows(lend_rows **out, lend_db *db, const key *first, size_t n)
{
	static const char *const cols[] = { "key", "value", "is_default",
	                                    "description" };
	lend_rows *r = NULL;
	size_t i;
	int rc = 0;

	if (!(r = lend__rows_new(LEND__NELEM(cols))))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	for (i = 0; i < LEND__NELEM(cols) && rc == 0; i++)
		if (lend__rows_set_name(r, i, cols[i]))
			rc = lend__fail(db, LEND_ENOMEM,
			                "lend.out_of_memory", NULL);
	for (i = 0; i < n && rc == 0; i++)
		rc = add_key_row(r, db, &first[i]);
	if (rc == 0)
		*out = r;
	else
		lend_rows_free(r);
	return rc;
}

int lend_setting_list(lend_rows **out, lend_db *db)
{
	assert(db);
	lend__reset(db);
	return key_rows(out, db, keys, LEND__NELEM(keys));
}

int lend_setting_show(lend_rows **out, lend_db *db, const char *name)
{
	const key *k = find_key(name);

	assert(db);
	lend__reset(db);
	if (!k)
		return unknown_key(db, name);
	return key_rows(out, db, k, 1);
}

static void key_value_json(lend__buf *b, const char *name,
                           const char *value)
{
	lend__buf_str(b, "{\"key\":");
	lend__buf_json(b, name);
	lend__buf_str(b, ",\"value\":");
	lend__buf_json(b, value);
	lend__buf_str(b, "}");
}

int lend_setting_set(lend_db *db, const char *name, const char *value)
{
	lend__buf before = { 0 }, after = { 0 };
	char *old = NULL, *b = NULL, *a = NULL;
	int64_t actor;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "settings", LEND__ADMIN,
	                      "change settings")) ||
	    (rc = lend__setting_text(&old, db, name)) ||
	    (rc = lend__setting_store(db, name, value)))
		goto done;
	key_value_json(&before, name, old);
	key_value_json(&after, name, value);
	if (!(b = lend__buf_take(&before)) || !(a = lend__buf_take(&after))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	rc = lend__event_json(db, NULL, actor, LEND__ENTITY_SETTING, 0, "set", b,
	                      a);
done:
	lend__buf_free(&before);
	lend__buf_free(&after);
	free(old);
	free(b);
	free(a);
	return lend__txn_end(db, rc);
}
