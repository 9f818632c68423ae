/*
 * Devices: the pool's assets, their tags, the SIM details that run out,
 * and their status, which this file alone writes (lend__device_move):
 * circulation asks it to move a device and never writes the column
 * itself.  The status_transition table and its trigger enforce the moves
 * for every writer; the checks here come first so that a refusal names
 * both states.  The registry calls no circulation: what a move means for
 * loans and holds is device_status.c's.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TAG_MAX 32

const char *const lend__conditions[] = { "new", "good", "fair", "poor",
                                         "damaged", NULL };

#define DEVICE_SELECT \
	"SELECT d.tag, d.kind, d.make, d.model, d.serial, d.imei, d.iccid, " \
	"d.phone_number, d.network, d.data_allowance, d.plan_expires_on, " \
	"m.code AS member, s.code AS site, g.code AS \"grant\", " \
	"d.purchased_on, d.cost_pence, d.status, d.condition, d.notes, " \
	"d.added_at, d.changed_at, " \
	"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id " \
	" WHERE p.part_id = d.id) AS kit, " \
	"(SELECT group_concat(t.tag, ',') FROM (SELECT pd.tag FROM kit_part p " \
	" JOIN device pd ON pd.id = p.part_id WHERE p.kit_id = d.id " \
	" ORDER BY pd.tag) t) AS parts " \
	"FROM device d JOIN member m ON m.id = d.member_id " \
	"JOIN site s ON s.id = d.site_id " \
	"LEFT JOIN funding_grant g ON g.id = d.grant_id "

static int given(const char *s)
{
	return s && *s;
}

static int check_digits(lend_db *db, const char *field, const char *value,
                        size_t min, size_t max)
{
	char lo[24], hi[24];
	size_t n;

	if (!given(value))
		return 0;
	snprintf(lo, sizeof(lo), "%zu", min);
	snprintf(hi, sizeof(hi), "%zu", max);
	n = strlen(value);
	if (!lend__all_digits(value) || n < min || n > max) {
		if (min == max)
			return lend__fail(db, LEND_EINVAL, "device.digits",
			                  "field", field, "value",
			                  lend__is_text(value) ? value : "?",
			                  "n", lo, NULL);
		return lend__fail(db, LEND_EINVAL, "device.digits_between",
		                  "field", field, "value",
		                  lend__is_text(value) ? value : "?", "min", lo,
		                  "max", hi, NULL);
	}
	if (!lend__luhn_ok(value))
		return lend__fail(db, LEND_EINVAL, "device.check_digit",
		                  "field", field, "value", value, NULL);
	return 0;
}

static int check_cost(lend_db *db, const int64_t *cost)
{
	if (cost && *cost < 0) {
		int64_t p = -*cost;
		char text[32];

		snprintf(text, sizeof(text), "-%lld.%02lld",
		         (long long)(p / 100), (long long)(p % 100));
		return lend__fail(db, LEND_EINVAL, "device.cost_negative",
		                  "cost", text, NULL);
	}
	return 0;
}

/* Fields that every device must have: required when adding, and never
 * cleared by an edit. */
static int check_required(lend_db *db, const lend_device_spec *d, int adding)
{
	int rc;

	if (adding && !d->kind)
		return lend__fail(db, LEND_EINVAL, "device.no_kind", NULL);
	if (d->kind &&
	    (rc = lend__check_one_of(db, "device", "kind", d->kind,
	                             lend__kinds)))
		return rc;
	if (((adding || d->make) &&
	     (rc = lend__check_text(db, "device", "make", d->make, 1))) ||
	    ((adding || d->model) &&
	     (rc = lend__check_text(db, "device", "model", d->model, 1))))
		return rc;
	if (adding && !d->member)
		return lend__fail(db, LEND_EINVAL, "device.no_member", NULL);
	if (adding && !d->site)
		return lend__fail(db, LEND_EINVAL, "device.no_site", NULL);
	return 0;
}

static int check_device(lend_db *db, const lend_device_spec *d, int adding)
{
	int rc;

	if ((rc = check_required(db, d, adding)))
		return rc;
	if (d->tag && (rc = lend__check_code(db, "device", "tag", d->tag,
	                                     TAG_MAX)))
		return rc;
	if ((rc = lend__check_text(db, "device", "serial", d->serial, 0)) ||
	    (rc = lend__check_text(db, "device", "network", d->network, 0)) ||
	    (rc = lend__check_text(db, "device", "data allowance",
	                           d->data_allowance, 0)) ||
	    (rc = lend__check_text(db, "device", "notes", d->notes, 0)) ||
	    (rc = check_digits(db, "imei", d->imei, 15, 15)) ||
	    (rc = check_digits(db, "iccid", d->iccid, 19, 20)) ||
	    (rc = lend__check_phone(db, "device", "number",
	                            d->phone_number)) ||
	    (given(d->plan_expires_on) &&
	     (rc = lend__check_date(db, "device", "plan expiry date",
	                            d->plan_expires_on))) ||
	    (given(d->purchased_on) &&
	     (rc = lend__check_date(db, "device", "purchase date",
	                            d->purchased_on))) ||
	    (rc = check_cost(db, d->cost_pence)))
		return rc;
	if (d->condition &&
	    (rc = lend__check_one_of(db, "device", "condition", d->condition,
	                             lend__conditions)))
		return rc;
	return 0;
}

static int allocate_tag(char *out, size_t size, lend_db *db, int staging)
{
	char *prefix = NULL;
	int64_t digits;
	int rc;

	if ((rc = lend__setting_text(&prefix, db, "tag.prefix")) ||
	    (rc = lend__setting_int(&digits, db, "tag.digits")))
		goto done;
	/* An import's allocated tags step over the tags it has staged too. */
	rc = lend__allocate(out, size, db, "device", prefix, (int)digits,
	                    staging ? "SELECT id FROM device WHERE tag = ?1 "
	                              "UNION ALL SELECT n FROM temp.device_import "
	                              "WHERE tag = ?1"
	                            : lend__find_sql(LEND__ENTITY_DEVICE));
done:
	free(prefix);
	return rc;
}

/* A tag given is checked by the insert itself: tag is the table's only
 * UNIQUE column, so a clash is the tag's (lend__device_insert). */
static int choose_tag(char *out, size_t size, lend_db *db, const char *tag,
                      int staging)
{
	if (!tag)
		return allocate_tag(out, size, db, staging);
	lend__tag_normal(out, size, tag);
	return 0;
}

/* Member, site and grant codes to ids; grant may be absent. */
static int owners(lend_db *db, const lend_device_spec *d, int64_t *member,
                  int64_t *site, int64_t *grant)
{
	int rc;

	if ((d->member && (rc = lend__id(member, db, "device", LEND__ENTITY_MEMBER,
	                                        d->member))) ||
	    (d->site && (rc = lend__id(site, db, "device", LEND__ENTITY_SITE, d->site))))
		return rc;
	*grant = 0;
	if (given(d->grant))
		return lend__id(grant, db, "device", LEND__ENTITY_GRANT, d->grant);
	return 0;
}

static lend__arg opt_text(const char *s)
{
	return given(s) ? LEND__T(s) : LEND__NUL;
}

#define DEVICE_COLUMNS \
	"tag, kind, make, model, serial, imei, iccid, phone_number, network, " \
	"data_allowance, plan_expires_on, member_id, site_id, grant_id, " \
	"purchased_on, cost_pence, condition, notes, added_at, changed_at"

/* An import's devices wait here, checked, to be written into device by
 * one INSERT ... SELECT: a row at a time, SQLite opens cursors on device
 * and its four indexes for every row, and the import takes twice as long
 * as the sqlite3 shell's .import. */
int lend__device_stage_begin(lend_db *db)
{
	int rc = lend__stage_table(db, "device_import", "device",
	                           DEVICE_COLUMNS);

	return rc ? rc : lend__exec(db, "DELETE FROM temp.device_import",
	                            LEND__NO_ARGS);
}

int lend__device_stage_end(lend_db *db, int64_t actor, size_t *added,
                           size_t *skipped)
{
	static const char known[] =
		"DELETE FROM temp.device_import WHERE tag IN (SELECT tag FROM device)";
	static const char last_sql[] = "SELECT coalesce(max(id), 0) FROM device";
	static const char write[] =
		"INSERT INTO device (" DEVICE_COLUMNS ") SELECT " DEVICE_COLUMNS
		" FROM temp.device_import ORDER BY n";
	int64_t before = 0, after = 0;
	int rc;

	if ((rc = lend__exec(db, known, LEND__NO_ARGS)))
		return rc;
	*skipped += (size_t)lend__changes(db);
	if ((rc = lend__exec(db, write, LEND__NO_ARGS)) ||
	    (rc = lend__query_int(&after, db, last_sql, LEND__NO_ARGS)))
		return rc;
	/* The new ids run up to the largest; a PostgreSQL sequence may have
	 * skipped numbers a rolled-back import took, so count the rows. */
	*added = (size_t)lend__changes(db);
	before = after - (int64_t)*added;
	if (after > before &&
	    (rc = lend__device_events(db, actor, before + 1, after)))
		return rc;
	return lend__exec(db, "DELETE FROM temp.device_import", LEND__NO_ARGS);
}

/* An IMEI and an ICCID name one device of the pool, a serial one device
 * of its make (issue 13; the schema holds it too): the message names the
 * device that has it.  SELF, and a device of SPEC's own tag (an import
 * run again skips it), are not others.  MAKE is the device's make. */
static int check_unique(lend_db *db, const lend_device_spec *spec,
                        const char *make, int64_t self)
{
	/* One text per column, so that each finds its row by its index: a
	 * CASE over the three would read the whole pool for every device. */
#define OTHER "SELECT tag FROM device WHERE id <> ?1 AND (?2 IS NULL OR " \
	"tag <> ?2) AND "
	static const char *const sql[] = {
		OTHER "imei = ?3 LIMIT 1", OTHER "iccid = ?3 LIMIT 1",
		OTHER "serial = ?3 AND make = ?4 LIMIT 1" };
#undef OTHER
	const char *fields[] = { "imei", "iccid", "serial" };
	const char *values[] = { spec->imei, spec->iccid, spec->serial };
	char *other = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		if (!given(values[i]) || (i == 2 && !make))
			continue;
		rc = i < 2
		     ? lend__query_text(&other, db, sql[i], LEND__ARGS(LEND__I(self),
		                        opt_text(spec->tag), LEND__T(values[i])))
		     : lend__query_text(&other, db, sql[i], LEND__ARGS(LEND__I(self),
		                        opt_text(spec->tag), LEND__T(values[i]),
		                        LEND__T(make)));
		if (rc == 0)
			rc = lend__fail(db, LEND_EEXISTS, i == 2
			                ? "device.serial_taken"
			                : "device.number_taken", "field",
			                fields[i], "value", values[i], "other",
			                other, NULL);
		else if (rc == LEND_ENOTFOUND)
			rc = 0;
		free(other);
		other = NULL;
	}
	return rc;
}

/* Check SPEC and write it with SQL (into device, or into the import's
 * stage), its tag chosen into TAG. */
static int write_device(char *tag, size_t size, int64_t *id, lend_db *db,
                        const lend_device_spec *spec, const char *sql,
                        int staging)
{
	char at[LEND__TIME_LEN];
	int64_t member = 0, site = 0, grant = 0;
	int rc;

	if ((rc = check_device(db, spec, 1)) ||
	    (rc = check_unique(db, spec, spec->make, 0)) ||
	    (rc = lend__resolve_at(db, "device", at, spec->added_at)) ||
	    (rc = owners(db, spec, &member, &site, &grant)) ||
	    (rc = choose_tag(tag, size, db, spec->tag, staging)))
		return rc;
	rc = lend__insert(id, db, sql, LEND__ARGS(LEND__T(tag),
		LEND__T(spec->kind), LEND__T(spec->make), LEND__T(spec->model),
		opt_text(spec->serial), opt_text(spec->imei),
		opt_text(spec->iccid), opt_text(spec->phone_number),
		opt_text(spec->network), opt_text(spec->data_allowance),
		opt_text(spec->plan_expires_on), LEND__I(member),
		LEND__I(site), grant ? LEND__I(grant) : LEND__NUL,
		opt_text(spec->purchased_on),
		spec->cost_pence ? LEND__I(*spec->cost_pence) : LEND__NUL,
		LEND__T(spec->condition ? spec->condition : "good"),
		opt_text(spec->notes), LEND__T(at), LEND__T(at)));
	if (rc == LEND_EEXISTS) {
		lend__error_clear(db);
		return lend__fail(db, rc, "device.tag_exists", "tag", tag,
		                  NULL);
	}
	return rc;
}

int lend__device_insert(char *tag, size_t size, int64_t *id, lend_db *db,
                        const lend_device_spec *spec)
{
	static const char sql[] =
		"INSERT INTO device (" DEVICE_COLUMNS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?)";

	return write_device(tag, size, id, db, spec, sql, 0);
}

int lend__device_stage(char *tag, size_t size, lend_db *db,
                       const lend_device_spec *spec)
{
	static const char sql[] =
		"INSERT INTO temp.device_import (" DEVICE_COLUMNS ") "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?)";
	int64_t n;

	return write_device(tag, size, &n, db, spec, sql, 1);
}

/* A column as a JSON member ",\"name\":value", or nothing when NULL,
 * as lend__event() leaves NULLs out of a creation. */
#define MEMBER(col) \
	", CASE WHEN d." col " IS NULL THEN '' ELSE ',\"" col "\":' || " \
	"json_quote(d." col ") END"

/* The creation events of devices FIRST to LAST, in one statement: an
 * import of 100,000 devices would spend half its time building them a row
 * at a time.  One format() rather than a chain of || copies each event's
 * text once, not once per member.  format() with %s alone reads alike in
 * SQLite (3.38 and later) and PostgreSQL; json_quote() is SQLite's, and
 * the PostgreSQL schema defines it. */
int lend__device_events(lend_db *db, int64_t actor, int64_t first,
                        int64_t last)
{
	static const char sql[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
		"action, after) SELECT d.added_at, ?, ?, 'device', d.id, 'create', "
		"format('{\"id\":%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s}', d.id"
		MEMBER("tag") MEMBER("kind")
		MEMBER("make") MEMBER("model") MEMBER("serial") MEMBER("imei")
		MEMBER("iccid") MEMBER("phone_number") MEMBER("network")
		MEMBER("data_allowance") MEMBER("plan_expires_on")
		MEMBER("member_id") MEMBER("site_id") MEMBER("grant_id")
		MEMBER("purchased_on") MEMBER("cost_pence") MEMBER("status")
		MEMBER("condition") MEMBER("notes") MEMBER("added_at") ") "
		"FROM device d WHERE d.id BETWEEN ? AND ? ORDER BY d.id";
	char now[LEND__TIME_LEN];

	lend__now(now);
	return lend__exec(db, sql, LEND__ARGS(LEND__T(now), LEND__I(actor),
	                                      LEND__I(first), LEND__I(last)));
}

int lend_device_add(char **out, lend_db *db, const lend_device_spec *spec)
{
	char tag[TAG_MAX + 16];
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "device",
	                      LEND__ADMIN | LEND__STAFF, "add devices")) == 0 &&
	    (rc = lend__device_insert(tag, sizeof(tag), &id, db, spec)) == 0)
		rc = lend__device_events(db, actor, id, id);
	return lend__txn_end_copy(db, rc, out, tag);
}

static void edit_set(lend__set *set, const lend_device_spec *c,
                     int64_t member, int64_t site, int64_t grant)
{
	lend__set_text(set, "kind", c->kind);
	lend__set_text(set, "make", c->make);
	lend__set_text(set, "model", c->model);
	lend__set_text(set, "serial", c->serial);
	lend__set_text(set, "imei", c->imei);
	lend__set_text(set, "iccid", c->iccid);
	lend__set_text(set, "phone_number", c->phone_number);
	lend__set_text(set, "network", c->network);
	lend__set_text(set, "data_allowance", c->data_allowance);
	lend__set_text(set, "plan_expires_on", c->plan_expires_on);
	lend__set_text(set, "purchased_on", c->purchased_on);
	lend__set_text(set, "condition", c->condition);
	lend__set_text(set, "notes", c->notes);
	if (c->member)
		lend__set_add(set, "member_id", LEND__I(member));
	if (c->site)
		lend__set_add(set, "site_id", LEND__I(site));
	if (c->grant)
		lend__set_add(set, "grant_id", grant ? LEND__I(grant)
		                                     : LEND__NUL);
	if (c->cost_pence)
		lend__set_add(set, "cost_pence", LEND__I(*c->cost_pence));
}

/* An edit's IMEI, ICCID and serial, checked against the pool; a new
 * make checks the serial the device keeps. */
static int check_edit_unique(lend_db *db, const lend_device_spec *c,
                             const lend_rows *old, int64_t id)
{
	lend_device_spec u = *c;

	u.tag = NULL;
	if (!c->serial && c->make)
		u.serial = lend_rows_get(old, 0, "serial");
	return check_unique(db, &u, c->make ? c->make
	                            : lend_rows_get(old, 0, "make"), id);
}

int lend__device_update(lend_db *db, int64_t actor, int64_t id,
                        const lend_device_spec *changes)
{
	lend__set set = { 0 };
	lend_rows *old = NULL;
	int64_t member = 0, site = 0, grant = 0;
	char now[LEND__TIME_LEN];
	int rc;

	lend__now(now);
	if (changes->tag || changes->added_at)
		return lend__fail(db, LEND_EINVAL, changes->tag
		                  ? "device.tag_fixed" : "device.added_fixed",
		                  NULL);
	if ((rc = check_device(db, changes, 0)) ||
	    (rc = owners(db, changes, &member, &site, &grant)) ||
	    (rc = lend__snapshot(&old, db, LEND__ENTITY_DEVICE, id)) ||
	    (rc = check_edit_unique(db, changes, old, id)))
		goto done;
	edit_set(&set, changes, member, site, grant);
	if (set.n == 0) {
		rc = lend__fail(db, LEND_EINVAL, "device.no_change", NULL);
		goto done;
	}
	lend__set_add(&set, "changed_at", LEND__T(now));
	rc = lend__edit(db, now, actor, LEND__ENTITY_DEVICE, id, &set, old);
done:
	lend_rows_free(old);
	return rc;
}

int lend_device_edit(lend_db *db, const char *tag,
                     const lend_device_spec *changes)
{
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "device",
	                      LEND__ADMIN | LEND__STAFF, "edit devices")) ||
	    (rc = lend__id(&id, db, "device", LEND__ENTITY_DEVICE, tag)) ||
	    (rc = lend__scope_device(db, "device", id, tag, "edit")))
		return lend__txn_end(db, rc);
	return lend__txn_end(db, lend__device_update(db, actor, id, changes));
}

int lend_device_list(lend_rows **out, lend_db *db,
                     const lend_device_filter *filter)
{
	static const char sql[] = DEVICE_SELECT
		"WHERE (?1 IS NULL OR d.kind = ?1) "
		"AND (?2 IS NULL OR d.status = ?2) "
		"AND (?3 IS NULL OR m.code = ?3) "
		"AND (?4 IS NULL OR s.code = ?4) "
		"AND (?5 IS NULL OR g.code = ?5) "
		"ORDER BY d.tag";
	static const lend_device_filter all = { 0 };
	const lend_device_filter *f = filter ? filter : &all;
	int64_t id;
	int rc;

	assert(db);
	lend__reset(db);
	if ((f->kind && (rc = lend__check_one_of(db, "device", "kind",
	                                         f->kind, lend__kinds))) ||
	    (f->status && (rc = lend__check_one_of(db, "device", "status",
	                                           f->status,
	                                           lend__statuses))) ||
	    (f->member && (rc = lend__id(&id, db, "device", LEND__ENTITY_MEMBER,
	                                        f->member))) ||
	    (f->site && (rc = lend__id(&id, db, "device", LEND__ENTITY_SITE, f->site))) ||
	    (f->grant && (rc = lend__id(&id, db, "device", LEND__ENTITY_GRANT, f->grant))))
		return rc;
	return lend__query_rows(out, db, sql, LEND__ARGS(LEND__T(f->kind),
	                        LEND__T(f->status), LEND__T(f->member),
	                        LEND__T(f->site), LEND__T(f->grant)));
}

int lend_device_show(lend_rows **out, lend_db *db, const char *tag)
{
	assert(db);
	return lend__show(out, db, DEVICE_SELECT "WHERE d.tag = ?", "device",
	                  "device", tag);
}

/* ---- Reading a device ------------------------------------------------ */

static void copy_field(char *dst, size_t size, const lend_rows *r,
                       const char *col)
{
	const char *v = lend_rows_get(r, 0, col);

	snprintf(dst, size, "%s", v ? v : "");
}

static const char by_tag[] =
	"SELECT d.id, d.tag, d.kind, d.status, d.changed_at, d.site_id, "
	"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
	" WHERE p.part_id = d.id) AS kit, EXISTS (SELECT 1 FROM kit_part p "
	" WHERE p.kit_id = d.id) AS parts FROM device d WHERE d.tag = ?";

int lend__device_get_ahead(lend_db *db, const char *tag)
{
	char key[LEND__REF_MAX];

	if (!tag)
		return 0;
	lend__tag_normal(key, sizeof(key), tag);
	return lend__read_ahead(db, by_tag, LEND__ARGS(LEND__T(key)));
}

/* The device whose tag (or id) is KEY into *OUT, or LEND_ENOTFOUND with
 * no message set. */
static int read_device(lend__device *out, lend_db *db, lend__arg key,
                       int by_id)
{
	static const char by_key[] =
		"SELECT d.id, d.tag, d.kind, d.status, d.changed_at, d.site_id, "
		"(SELECT k.tag FROM kit_part p JOIN device k ON k.id = p.kit_id "
		" WHERE p.part_id = d.id) AS kit, EXISTS (SELECT 1 FROM kit_part p "
		" WHERE p.kit_id = d.id) AS parts FROM device d WHERE d.id = ?";
	lend_rows *r = NULL;
	char tag[LEND__REF_MAX];
	int rc;

	if (!by_id && key.s) {
		lend__tag_normal(tag, sizeof(tag), key.s);
		key.s = tag;
	}
	if ((rc = lend__query_rows(&r, db, by_id ? by_key : by_tag,
	                           LEND__ARGS(key))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return LEND_ENOTFOUND;
	}
	out->id = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
	out->site = strtoll(lend_rows_get(r, 0, "site_id"), NULL, 10);
	copy_field(out->tag, sizeof(out->tag), r, "tag");
	copy_field(out->kind, sizeof(out->kind), r, "kind");
	copy_field(out->status, sizeof(out->status), r, "status");
	copy_field(out->changed_at, sizeof(out->changed_at), r, "changed_at");
	copy_field(out->kit, sizeof(out->kit), r, "kit");
	out->parts = strcmp(lend_rows_get(r, 0, "parts"), "0") != 0;
	lend_rows_free(r);
	return 0;
}

int lend__device_find(lend__device *out, lend_db *db, const char *tag)
{
	return read_device(out, db, LEND__T(tag), 0);
}

int lend__device_get(lend__device *out, lend_db *db, const char *concern,
                     const char *tag)
{
	int rc = read_device(out, db, LEND__T(tag), 0);

	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, rc, "device.not_found", "concern",
		                  concern,
		                  "tag", lend__is_text(tag) ? tag : "?", NULL);
	return rc;
}

int lend__device_get_id(lend__device *out, lend_db *db, const char *concern,
                        int64_t id)
{
		int rc = read_device(out, db, LEND__I(id), 1);
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)id);
	if (rc == LEND_ENOTFOUND)
		return lend__fail(db, rc, "device.id_not_found", "concern",
		                  concern, "id", num, NULL);
	return rc;
}

/* ---- Status --------------------------------------------------------- */

int lend__device_check_order(lend_db *db, const char *concern,
                             const char *tag, const char *at,
                             const char *changed_at)
{
	if (strcmp(at, changed_at) < 0)
		return lend__fail(db, LEND_EINVAL, "device.time_order",
		                  "concern",
		                  concern, "at", at, "tag", tag, "changed",
		                  changed_at, NULL);
	return 0;
}

int lend__device_check_move(lend_db *db, const char *tag, const char *from,
                            const char *to, const char *action)
{
	static const char sql[] =
		"SELECT count(*) FROM status_transition "
		"WHERE from_status = ? AND to_status = ?";
	int64_t allowed = 0;
	char pair[40];
	int rc;

	if (strcmp(from, to) == 0)
		return lend__fail(db, LEND_ECONFLICT, "device.already", "tag",
		                  tag, "status", to, NULL);
	if (strcmp(to, "on_loan") == 0 && strcmp(action, "checkout") != 0)
		return lend__fail(db, LEND_ECONFLICT,
		                  "device.on_loan_by_checkout",
		                  "tag", tag, NULL);
	/* A check-out voided never left the desk (lend_loan_void). */
	if ((strcmp(from, "on_loan") == 0 && strcmp(to, "available") == 0) !=
	    (strcmp(action, "void") == 0))
		return lend__fail(db, LEND_ECONFLICT, "device.back_by_void",
		                  "tag", tag, NULL);
	if (strcmp(to, "gifted") == 0 && strcmp(action, "gift") != 0)
		return lend__fail(db, LEND_ECONFLICT, "device.gifted_by_gift",
		                  "tag", tag, NULL);
	if (strcmp(action, "wipe") != 0 && strcmp(to, "available") == 0 &&
	    strcmp(from, "quarantine") == 0)
		return lend__fail(db, LEND_ECONFLICT,
		                  "device.available_by_wipe", "tag", tag, NULL);
	/* The transitions are the schema's: asked once a handle. */
	snprintf(pair, sizeof(pair), "%s>%s", from, to);
	if (!lend__memo_get(&allowed, db, sql, pair)) {
		if ((rc = lend__query_int(&allowed, db, sql,
		                          LEND__ARGS(LEND__T(from), LEND__T(to)))))
			return rc;
		lend__memo_put(db, sql, pair, allowed);
	}
	if (!allowed)
		return lend__fail(db, LEND_ECONFLICT, "device.move", "tag", tag,
		                  "from", from, "to", to, NULL);
	return 0;
}

int lend__device_move(lend_db *db, int64_t id, const lend__move *m)
{
	static const char sql[] =
		"UPDATE device SET status = ?, changed_at = ?, "
		"condition = coalesce(?, condition) WHERE id = ?";
	lend_rows *old = NULL;
	int rc;

	if ((rc = lend__snapshot(&old, db, LEND__ENTITY_DEVICE, id)) ||
	    (rc = lend__device_check_move(db, lend_rows_get(old, 0, "tag"),
	                                  lend_rows_get(old, 0, "status"),
	                                  m->to, m->action)) ||
	    (rc = lend__exec_later(db, sql, LEND__ARGS(LEND__T(m->to),
	                           LEND__T(m->at), LEND__T(m->condition),
	                           LEND__I(id)))))
		goto done;
	/* The update goes to a server with the event's reading of the row. */
	rc = lend__event(db, m->at, m->actor, LEND__ENTITY_DEVICE, id, m->action,
	                 old, m->extra);
done:
	lend_rows_free(old);
	return rc;
}
