/*
 * An import's devices: each row's cells checked one by one, every
 * problem named; Snipe-IT's statuses read; a tag twice in the file, or in
 * the database with other values, found; Quantity with --expand.  Rows
 * pass to the registry's stage (device.c), written together at the end;
 * then the statuses are moved, and the rows checked out become open loans
 * through the historical-loan import (import_loan.c).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

typedef struct after {  /* what is done once the devices are written */
	size_t row;
	char tag[64], status[16], borrower[40], out_at[LEND__TIME_LEN], due[11];
} after;

typedef struct seen_tag {
	char *tag;
	size_t row;
	uint64_t sum;  /* of the row's cells: identical rows are one */
} seen_tag;

typedef struct dev {
	seen_tag *tags;
	size_t ntags, cap;
	after *a;
	size_t na, acap;
	int64_t known;  /* devices in the database before */
	char ok[4][64]; /* member, site, grant, borrower found last */
} dev;

/* Snipe-IT's status labels and lend's, to lend's; "deployed" is out. */
static const char *const status_words[][2] = {
	{ "ready to deploy", "available" }, { "available", "available" },
	{ "ready", "available" }, { "deployed", "deployed" },
	{ "on loan", "deployed" }, { "on_loan", "deployed" },
	{ "checked out", "deployed" }, { "pending", "repair" },
	{ "undeployable", "repair" }, { "broken", "repair" },
	{ "repair", "repair" }, { "in repair", "repair" },
	{ "archived", "retired" }, { "retired", "retired" },
	{ "lost/stolen", "lost" }, { "lost", "lost" }, { "stolen", "lost" },
};

int lend__import_device_begin(lend__import *j)
{
	dev *d = calloc(1, sizeof(dev));

	if (!(j->dev = d))
		return lend__fail(j->db, LEND_ENOMEM,
		                  "lend.out_of_memory", NULL);
	return lend__query_int(&d->known, j->db, "SELECT count(*) FROM device",
	                       LEND__NO_ARGS);
}

void lend__import_device_free(lend__import *j)
{
	dev *d = j->dev;
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->cap; i++)
		free(d->tags[i].tag);
	free(d->tags);
	free(d->a);
	free(d);
	j->dev = NULL;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ 0xFF) * 1099511628211u;
}

/* The row that had TAG before, 0 when none; the row is remembered. */
static size_t tag_seen(lend__import *j, const char *tag, uint64_t sum,
                       uint64_t *before)
{
	dev *d = j->dev;
	size_t i, h;

	if (d->ntags * 2 >= d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		seen_tag *t = calloc(cap, sizeof(*t)), *old = d->tags;

		if (!t)
			return 0;
		for (i = 0; i < d->cap; i++)
			if (old[i].tag) {
				for (h = fnv(14695981039346656037u, old[i].tag) % cap;
				     t[h].tag; h = (h + 1) % cap)
					;
				t[h] = old[i];
			}
		free(old);
		d->tags = t;
		d->cap = cap;
	}
	for (h = fnv(14695981039346656037u, tag) % d->cap; d->tags[h].tag;
	     h = (h + 1) % d->cap)
		if (strcmp(d->tags[h].tag, tag) == 0) {
			*before = d->tags[h].sum;
			return d->tags[h].row;
		}
	if ((d->tags[h].tag = malloc(strlen(tag) + 1))) {
		memcpy(d->tags[h].tag, tag, strlen(tag) + 1);
		d->tags[h].row = j->row;
		d->tags[h].sum = sum;
		d->ntags++;
	}
	return 0;
}

static int field(lend__import *j, const char *name)
{
	return lend__import_field(j, name);
}

/* Field NAME's cell, or NULL; with its column F in *F. */
static const char *cell(lend__import *j, const char *name, int *f)
{
	*f = field(j, name);
	return lend__import_val(j, name);
}

static void check_kind(lend__import *j)
{
	int f, i;
	const char *v = cell(j, "kind", &f);
	char *k = j->v[f];
	size_t n;

	if (!v)
		return;
	for (n = 0; k[n]; n++)
		k[n] = (char)tolower((unsigned char)k[n]);
	for (i = 0; lend__kinds[i] && strcmp(lend__kinds[i], k); i++)
		;
	if (!lend__kinds[i] && n > 1 && k[n - 1] == 's') { /* Laptops */
		k[n - 1] = '\0';
		for (i = 0; lend__kinds[i] && strcmp(lend__kinds[i], k); i++)
			;
	}
	if (!lend__kinds[i])
		lend__import_problem(j, f, "import.kind_unknown", "value",
		                     j->raw[f], NULL);
}

static void check_digits(lend__import *j, const char *name, const char *what,
                         size_t min, size_t max)
{
	int f;
	const char *v = cell(j, name, &f);
	char lo[IMPORT_NUM], got[IMPORT_NUM];
	size_t n;

	if (!v)
		return;
	n = strlen(v);
	if (!lend__all_digits(v))
		lend__import_problem(j, f, "import.not_digits", "value",
		                     j->raw[f], "what", what, "min",
		                     lend__import_num(lo, min), NULL);
	else if (n < min || n > max)
		lend__import_problem(j, f, max > min ? "import.digits_or_20"
		                     : "import.digits", "value", j->raw[f], "n",
		                     lend__import_num(got, n), "what", what,
		                     "min", lend__import_num(lo, min), NULL);
	else if (!lend__luhn_ok(v))
		lend__import_problem(j, f, "import.check_digit", "value",
		                     j->raw[f], NULL);
}

/* Member, site and grant codes, the one found last remembered. */
static void check_code(lend__import *j, const char *name, int e, int slot)
{
	dev *d = j->dev;
	int f;
	const char *v = cell(j, name, &f);
	char key[32];
	int64_t id;

	if (!v || strcmp(d->ok[slot], v) == 0)
		return;
	if (lend__find(&id, j->db, (enum lend__entity)e, v) == 0)
		snprintf(d->ok[slot], sizeof(d->ok[slot]), "%s", v);
	else
		lend__import_problem(j, f, lend__key(key, sizeof(key),
		                     "import.no_", name, ""), "value",
		                     j->raw[f], NULL);
}

static void check_cells(lend__import *j, int64_t *pence, int *has_cost)
{
	static const char *const dates[] = { "purchased", "plan_expires",
	                                     "added", "out_at", "due_on" };
	static const char *const need[] = { "make", "model" };
	const char *v;
	char key[32];
	size_t i;
	int f;

	check_kind(j);
	check_digits(j, "imei", "IMEI", 15, 15);
	check_digits(j, "iccid", "ICCID", 19, 20);
	check_code(j, "member", LEND__ENTITY_MEMBER, 0);
	check_code(j, "site", LEND__ENTITY_SITE, 1);
	check_code(j, "grant", LEND__ENTITY_GRANT, 2);
	for (i = 0; i < 2; i++)
		if (!cell(j, need[i], &f) && j->col[f] >= 0)
			lend__import_problem(j, f, lend__key(key, sizeof(key),
			                     "import.empty_", need[i], ""),
			                     NULL);
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if ((v = cell(j, dates[i], &f)) && lend__parse_time(
		    (char[LEND__TIME_LEN]){ 0 }, v) != 0)
			lend__import_problem(j, f, "import.not_date", "value",
			                     j->raw[f], NULL);
	if ((v = cell(j, "tag", &f)) && !lend__is_code(v, 32))
		lend__import_problem(j, f, "import.not_tag", "value",
		                     j->raw[f], NULL);
	if ((v = cell(j, "condition", &f)))
		lend__import_failed(j, f, lend__check_one_of(j->db, "device",
		                    "condition", v, lend__conditions));
	if ((v = cell(j, "number", &f)))
		lend__import_failed(j, f, lend__check_phone(j->db, "device",
		                    "number", v));
	*has_cost = 0;
	if ((v = cell(j, "cost", &f))) {
		if (lend__money_read(pence, v) != 0)
			lend__import_problem(j, f, "import.not_money", "value",
			                     j->raw[f], NULL);
		else if (*pence < 0)
			lend__import_problem(j, f, "import.cost_negative",
			                     "value", j->raw[f], NULL);
		*has_cost = 1;
	}
}

/* The row's status, read; "deployed" when it is out. */
static const char *status(lend__import *j)
{
	int f;
	const char *v = cell(j, "status", &f);
	char w[32];
	size_t i;

	if (!v)
		return "available";
	for (i = 0; v[i] && i + 1 < sizeof(w); i++)
		w[i] = (char)tolower((unsigned char)v[i]);
	w[i] = '\0';
	for (i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (strcmp(status_words[i][0], w) == 0)
			return status_words[i][1];
	lend__import_problem(j, f, "import.status_unknown", "value", j->raw[f],
	                     NULL);
	return "available";
}

/* The borrower the row is checked out to, by ref or name, into REF. */
static void borrower(lend__import *j, char *ref, size_t size, const char *st)
{
	static const char count[] =
		"SELECT count(*) FROM borrower WHERE name = ?1 AND forgotten_at IS NULL";
	static const char by_name[] =
		"SELECT ref FROM borrower WHERE name = ?1 AND forgotten_at IS NULL";
	int f;
	const char *v = cell(j, "checked_out_to", &f);
	char *found = NULL;
	int64_t id, n = 0;

	*ref = '\0';
	if (!v) {
		if (strcmp(st, "deployed") == 0)
			lend__import_problem(j, field(j, "status"),
			                     "import.out_no_borrower", "value",
			                     j->raw[field(j, "status")], NULL);
		return;
	}
	if (strcmp(st, "available") && strcmp(st, "deployed")) {
		lend__import_problem(j, f, "import.borrower_not_out", "value",
		                     j->raw[f], "status", st, NULL);
		return;
	}
	if (lend__find(&id, j->db, LEND__ENTITY_BORROWER, v) == 0) {
		snprintf(ref, size, "%s", v);
		return;
	}
	lend__error_clear(j->db);
	if (lend__query_int(&n, j->db, count, LEND__ARGS(LEND__T(v))) == 0 &&
	    n == 1 && lend__query_text(&found, j->db, by_name,
	                               LEND__ARGS(LEND__T(v))) == 0)
		snprintf(ref, size, "%s", found);
	else
		lend__import_problem(j, f, n > 1 ? "import.borrower_ambiguous"
		                     : "import.borrower_unknown", "value",
		                     j->raw[f], NULL);
	free(found);
	lend__error_clear(j->db);
}

static void spec_of(lend__import *j, lend_device_spec *d)
{
	memset(d, 0, sizeof(*d));
	d->tag = lend__import_val(j, "tag");
	d->kind = lend__import_val(j, "kind");
	d->make = lend__import_val(j, "make");
	d->model = lend__import_val(j, "model");
	d->serial = lend__import_val(j, "serial");
	d->imei = lend__import_val(j, "imei");
	d->iccid = lend__import_val(j, "iccid");
	d->phone_number = lend__import_val(j, "number");
	d->network = lend__import_val(j, "network");
	d->data_allowance = lend__import_val(j, "allowance");
	d->plan_expires_on = lend__import_val(j, "plan_expires");
	d->member = lend__import_val(j, "member");
	d->site = lend__import_val(j, "site");
	d->grant = lend__import_val(j, "grant");
	d->purchased_on = lend__import_val(j, "purchased");
	d->condition = lend__import_val(j, "condition");
	d->notes = lend__import_val(j, "notes");
	/* A device out since a date was in the pool by then. */
	d->added_at = lend__import_val(j, "added");
	if (!d->added_at)
		d->added_at = lend__import_val(j, "out_at");
}

/* Device TAG in the database: identical (skipped), other values (a
 * problem naming each, or --update), 1 when it is there. */
static int compare(lend__import *j, const lend_device_spec *d,
                   const int64_t *pence)
{
	static const char sql[] =
		"SELECT d.id, d.kind, d.make, d.model, d.serial, d.imei, d.iccid, "
		"d.phone_number AS number, d.network, d.data_allowance AS allowance,"
		" d.plan_expires_on AS plan_expires, m.code AS member, "
		"s.code AS site, g.code AS \"grant\", d.purchased_on AS purchased, "
		"d.cost_pence AS cost, d.condition, d.notes FROM device d "
		"JOIN member m ON m.id = d.member_id JOIN site s ON s.id = d.site_id "
		"LEFT JOIN funding_grant g ON g.id = d.grant_id WHERE d.tag = ?";
	lend_device_spec ch = { 0 };
	lend_rows *r = NULL;
	const char *have;
	char money[32];
	int f, differ = 0;

	if (!d->tag || !((dev *)j->dev)->known ||
	    lend__query_rows(&r, j->db, sql, LEND__ARGS(LEND__T(d->tag))) ||
	    lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return 0;
	}
	snprintf(money, sizeof(money), "%lld", pence ? (long long)*pence : 0LL);
	for (f = 1; f < (int)lend_rows_columns(r); f++) {
		const char *name = lend_rows_name(r, f), *want = lend__import_val(j,
		                   name);
		int k = field(j, name);

		if (strcmp(name, "cost") == 0)
			want = pence ? money : NULL;
		have = lend_rows_get(r, 0, name);
		if (!want || (have && strcmp(have, want) == 0))
			continue;
		differ++;
		if (!j->spec->update)
			lend__import_problem(j, k, have ? "import.differs"
			                     : "import.differs_nothing",
			                     "value",
			                     j->raw[k], "tag", d->tag, "have",
			                     have ? have : "", NULL);
	}
	if (differ && j->spec->update) {
		ch = *d;
		ch.tag = ch.added_at = NULL;
		ch.cost_pence = pence;
		if (lend__import_failed(j, -1, lend__device_update(j->db,
		    j->actor, atoll(lend_rows_get(r, 0, "id")), &ch)) == 0 &&
		    !j->row_bad)
			j->updated++;
	} else if (!differ) {
		j->skipped++;
	}
	lend_rows_free(r);
	return 1;
}

/* A device without a tag that is here already, by its serial number.
 * (One with a tag is found by compare().) */
static int serial_known(lend__import *j, const lend_device_spec *d)
{
	int64_t id;

	if (d->tag || !d->serial || !((dev *)j->dev)->known ||
	    lend__query_int(&id, j->db, "SELECT id FROM device WHERE serial = ?",
	                    LEND__ARGS(LEND__T(d->serial))) != 0)
		return 0;
	j->skipped++;
	return 1;
}

/* Row checks that name other rows: a tag twice, a quantity. */
static size_t copies(lend__import *j, const lend_device_spec *d, int *same)
{
	int f, q = field(j, "quantity"), t = field(j, "tag");
	const char *v = lend__import_val(j, "quantity");
	uint64_t sum = 14695981039346656037u, before = 0;
	char tag[64], num[IMPORT_NUM];
	size_t row, n = 1;

	*same = 0;
	if (v && (!lend__all_digits(v) || strlen(v) > 4 || atoi(v) < 1))
		lend__import_problem(j, q, "import.quantity", "value",
		                     j->raw[q], NULL);
	else if (v && (n = (size_t)atoi(v)) > 1 && !j->spec->expand)
		lend__import_problem(j, q, "import.expand", "value", j->raw[q],
		                     "n", lend__import_num(num, n), NULL);
	if (!d->tag)
		return n;
	/* Tags are compared as stored, so "big-1" and "BIG-1" are one (a
	 * tag too long for TAG is refused by check_cells() already). */
	lend__tag_normal(tag, sizeof(tag), d->tag);
	if (!*tag)
		snprintf(tag, sizeof(tag), "%.63s", d->tag);
	for (f = 0; j->fields[f].name; f++)
		sum = fnv(sum, f == t ? tag : j->v[f]);
	if ((row = tag_seen(j, tag, sum, &before)) && before == sum)
		*same = 1; /* the same row twice */
	else if (row)
		lend__import_problem(j, t, "import.tag_twice", "value",
		                     j->raw[t],
		                     "other_row", lend__import_num(num, row),
		                     NULL);
	return n;
}

static int remember(lend__import *j, const char *tag, const char *st,
                    const char *ref)
{
	dev *d = j->dev;
	after *a;

	if (!strcmp(st, "available") && !*ref)
		return 0;
	if (d->na == d->acap) {
		size_t cap = d->acap ? d->acap * 2 : 64;

		if (!(a = realloc(d->a, cap * sizeof(*a))))
			return lend__fail(j->db, LEND_ENOMEM,
			                  "lend.out_of_memory", NULL);
		d->a = a;
		d->acap = cap;
	}
	a = &d->a[d->na++];
	memset(a, 0, sizeof(*a));
	a->row = j->row;
	snprintf(a->tag, sizeof(a->tag), "%s", tag);
	snprintf(a->status, sizeof(a->status), "%s", st);
	snprintf(a->borrower, sizeof(a->borrower), "%s", ref);
	snprintf(a->out_at, sizeof(a->out_at), "%s",
	         lend__import_val(j, "out_at") ? j->v[field(j, "out_at")] : "");
	snprintf(a->due, sizeof(a->due), "%s",
	         lend__import_val(j, "due_on") ? j->v[field(j, "due_on")] : "");
	return 0;
}

int lend__import_device(lend__import *j)
{
	lend_device_spec d;
	int64_t pence;
	char tag[64], ref[40];
	const char *st;
	size_t n, i;
	int has_cost, same, rc;

	check_cells(j, &pence, &has_cost);
	st = status(j);
	borrower(j, ref, sizeof(ref), st);
	spec_of(j, &d);
	d.cost_pence = has_cost ? &pence : NULL;
	n = copies(j, &d, &same);
	if (same) {
		j->skipped++;
		return 0;
	}
	if (j->row_bad || j->missing || compare(j, &d, d.cost_pence) ||
	    serial_known(j, &d))
		return 0;
	if (*ref && n > 1)
		lend__import_problem(j, field(j, "quantity"), "import.out_one",
		                     "value", j->raw[field(j, "quantity")],
		                     NULL);
	for (i = 0; i < n && !j->row_bad; i++) {
		if (i == 1)
			d.tag = NULL; /* the others' tags allocated */
		if ((rc = lend__import_failed(j, -1, lend__device_stage(tag,
		                              sizeof(tag), j->db, &d))) ||
		    (!j->row_bad && (rc = remember(j, tag, st, ref))))
			return rc;
	}
	return 0;
}

/* The statuses and loans of the rows, once the devices are written. */
int lend__import_device_end(lend__import *j)
{
	dev *d = j->dev;
	char now[LEND__TIME_LEN];
	int64_t id;
	size_t i;
	int rc = 0, skipped;

	lend__now(now);
	for (i = 0; i < d->na && rc == 0; i++) {
		const after *a = &d->a[i];
		lend__loan_row r = { 0 };
		lend__move m = { a->status, "status", now, NULL, NULL, j->actor };

		j->row = a->row;
		r.tag = a->tag;
		r.borrower = a->borrower;
		r.out_at = *a->out_at ? a->out_at : now;
		r.due_on = *a->due ? a->due : NULL;
		if ((rc = lend__find(&id, j->db, LEND__ENTITY_DEVICE, a->tag)))
			break;
		if (*a->borrower) {
			rc = lend__import_failed(j, field(j, "checked_out_to"),
			                         lend__loan_import(&skipped, j->db,
			                                           j->actor, &r));
			j->loans += !j->row_bad;
		} else if (strcmp(a->status, "deployed") != 0) {
			rc = lend__import_failed(j, field(j, "status"),
			                         lend__device_move(j->db, id, &m));
		}
		j->row_bad = 0;
	}
	return rc;
}
