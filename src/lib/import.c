/*
 * Import from the consortium's old spreadsheet: devices, borrowers and
 * champions from CSV.  Headers are matched with their common synonyms
 * ('Asset Tag', 'Serial No'), dates may be UK style, money may carry a
 * pound sign.  All or nothing: in one transaction each row is checked and
 * written as it is read (devices to a stage, written together at the end,
 * device.c), every bad one is reported, and if there is any the whole
 * transaction is rolled back, so nothing is written.  Importing the same
 * file twice adds nothing the second time.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_FIELDS 24

typedef struct field {
	const char *name;     /* as export writes it, and --map names it */
	const char *synonyms; /* normalised header names, space-separated */
} field;

static const field device_fields[] = {
	{ "tag", "tag assettag asset assetno assetnumber assetid" },
	{ "kind", "kind type devicetype category" },
	{ "make", "make manufacturer brand" },
	{ "model", "model modelname" },
	{ "serial", "serial serialno serialnumber sn" },
	{ "imei", "imei" },
	{ "iccid", "iccid simserial" },
	{ "number", "number phonenumber mobilenumber msisdn" },
	{ "network", "network carrier operator" },
	{ "allowance", "allowance dataallowance data" },
	{ "plan_expires", "planexpires planexpiry planend contractend" },
	{ "member", "member owner organisation organization org" },
	{ "site", "site location homesite" },
	{ "grant", "grant fundedby funding" },
	{ "purchased", "purchased purchasedate purchasedon dateofpurchase" },
	{ "cost", "cost price value costpence" },
	{ "condition", "condition" },
	{ "notes", "notes comments" },
	{ "added", "added addedon dateadded addedat inpoolsince" },
	{ NULL, NULL }
};

static const field borrower_fields[] = {
	{ "ref", "ref borrowerref borrowerid" },
	{ "name", "name fullname borrower borrowername" },
	{ "phone", "phone telephone tel mobile phonenumber" },
	{ "email", "email emailaddress" },
	{ "postcode", "postcode postalcode district postcodedistrict" },
	{ "member", "member referredby referrer referringmember "
	            "referringorganisation organisation" },
	{ "language", "language preferredlanguage lang" },
	{ "consent_at", "consentat consentdate consent consentgiven" },
	{ "consent_terms", "consentterms termsversion terms" },
	{ "notes", "notes comments" },
	{ NULL, NULL }
};

typedef struct job {
	lend_db *db;
	const lend_import_spec *spec;
	const field *fields;
	int col[MAX_FIELDS];  /* the CSV column of each field, or -1 */
	int64_t actor;
	size_t rows, bad, added, skipped;
	/* A row's values, cleaned: dates to ISO, money to pence. */
	char v[MAX_FIELDS][512];
} job;

static void normalise(char *out, size_t size, const char *header)
{
	size_t n = 0;

	for (; *header && n + 1 < size; header++)
		if (isalnum((unsigned char)*header))
			out[n++] = (char)tolower((unsigned char)*header);
	out[n] = '\0';
}

static int is_synonym(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int field_index(const field *fields, const char *name)
{
	int i;

	for (i = 0; fields[i].name; i++)
		if (strcmp(fields[i].name, name) == 0)
			return i;
	return -1;
}

/* Which column holds which field: --map COL=field first, then synonyms. */
static int map_header(job *j, const lend__csv *c)
{
	char norm[64], col_norm[64];
	size_t i, k;
	int f;

	for (f = 0; f < MAX_FIELDS; f++)
		j->col[f] = -1;
	for (k = 0; k < j->spec->nmap; k++) {
		const char *m = j->spec->map[k], *eq = strchr(m, '=');

		if (!eq || (f = field_index(j->fields, eq + 1)) < 0)
			return lend__error(j->db, LEND_EINVAL, "import: --map '%s' "
			                   "must be COLUMN=FIELD with a field of %s",
			                   lend__is_text(m) ? m : "?", j->spec->what);
		snprintf(norm, sizeof(norm), "%.*s", (int)(eq - m), m);
		normalise(col_norm, sizeof(col_norm), norm);
		for (i = 0; i < c->nfields; i++) {
			normalise(norm, sizeof(norm), lend__csv_field(c, i));
			if (strcmp(norm, col_norm) == 0)
				j->col[f] = (int)i;
		}
		if (j->col[f] < 0)
			return lend__error(j->db, LEND_EINVAL, "import: --map '%s': "
			                   "no column called that", m);
	}
	for (i = 0; i < c->nfields; i++) {
		normalise(norm, sizeof(norm), lend__csv_field(c, i));
		for (f = 0; j->fields[f].name; f++)
			if (j->col[f] < 0 && is_synonym(j->fields[f].synonyms, norm))
				j->col[f] = (int)i;
	}
	return 0;
}

/* dd/mm/yyyy (or d/m/yyyy) to ISO; ISO and anything else kept as it is,
 * for the field's own check to judge. */
static void uk_date(char *s, size_t size)
{
	int d, m, y, n = 0;
	char rest[64] = "";

	if (sscanf(s, "%d/%d/%d%n", &d, &m, &y, &n) == 3 && y >= 1900) {
		snprintf(rest, sizeof(rest), "%s", s + n);
		snprintf(s, size, "%04d-%02d-%02d%s", y, m, d, rest);
	}
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* The row's value of field NAME, or NULL when empty or absent. */
static const char *val(job *j, const char *name)
{
	int f = field_index(j->fields, name);

	return f >= 0 && j->v[f][0] ? j->v[f] : NULL;
}

static void take_row(job *j, const lend__csv *c)
{
	int f;

	for (f = 0; j->fields[f].name; f++) {
		const char *raw;
		char *t;

		if (j->col[f] < 0 || (size_t)j->col[f] >= c->nfields) {
			j->v[f][0] = '\0';
			continue;
		}
		raw = lend__csv_field(c, (size_t)j->col[f]);
		snprintf(j->v[f], sizeof(j->v[f]), "%s", raw);
		t = trim(j->v[f]);
		memmove(j->v[f], t, strlen(t) + 1);
		if (strstr(j->fields[f].name, "expires") ||
		    strstr(j->fields[f].name, "_at") ||
		    strstr(j->fields[f].name, "_on") ||
		    strcmp(j->fields[f].name, "purchased") == 0 ||
		    strcmp(j->fields[f].name, "added") == 0)
			uk_date(j->v[f], sizeof(j->v[f]));
	}
}

static const field champion_fields[] = {
	{ "ref", "ref championref championid" },
	{ "name", "name fullname champion championname" },
	{ "member", "member organisation organization employer" },
	{ "phone", "phone telephone tel mobile phonenumber" },
	{ "email", "email emailaddress" },
	{ "languages", "languages language langs" },
	{ NULL, NULL }
};

static const field loan_fields[] = {
	{ "loan", "loan loanref loanid" },
	{ "borrower", "borrower borrowerref" },
	{ "tag", "tag assettag device devicetag" },
	{ "site", "site location" },
	{ "issued_by", "issuedby staff user" },
	{ "champion", "champion championref" },
	{ "out_at", "outat out dateout lent lenton" },
	{ "due_on", "dueon due duedate" },
	{ "returned_at", "returnedat returned datereturned" },
	{ "outcome", "outcome" },
	{ "condition_out", "conditionout" },
	{ "condition_in", "conditionin" },
	{ NULL, NULL }
};

/* ---- Devices -------------------------------------------------------- */

static int device_row(job *j, lend_device_spec *d, int64_t *pence)
{
	const char *cost = val(j, "cost");
	char kind[32], money[64];
	size_t i, k = 0;

	memset(d, 0, sizeof(*d));
	d->tag = val(j, "tag");
	if ((d->kind = val(j, "kind"))) {
		snprintf(kind, sizeof(kind), "%s", d->kind);
		for (i = 0; kind[i]; i++)
			kind[i] = (char)tolower((unsigned char)kind[i]);
		snprintf(j->v[1], sizeof(j->v[1]), "%s", kind);
		d->kind = j->v[1];
	}
	d->make = val(j, "make");
	d->model = val(j, "model");
	d->serial = val(j, "serial");
	d->imei = val(j, "imei");
	d->iccid = val(j, "iccid");
	d->phone_number = val(j, "number");
	d->network = val(j, "network");
	d->data_allowance = val(j, "allowance");
	d->plan_expires_on = val(j, "plan_expires");
	d->member = val(j, "member");
	d->site = val(j, "site");
	d->grant = val(j, "grant");
	d->purchased_on = val(j, "purchased");
	d->condition = val(j, "condition");
	d->notes = val(j, "notes");
	d->added_at = val(j, "added");
	if (!cost)
		return 0;
	/* Spreadsheets write £1,249.99: drop the thousands' commas. */
	for (i = 0; cost[i] && k + 1 < sizeof(money); i++)
		if (cost[i] != ',')
			money[k++] = cost[i];
	money[k] = '\0';
	if (lend_money_parse(pence, money) != 0)
		return lend__error(j->db, LEND_EINVAL, "device: cost '%s' is not "
		                   "an amount of money", cost);
	d->cost_pence = pence;
	return 0;
}

/* A device without a tag that is here already, by its serial number.
 * (One with a tag is found when the staged devices are written.) */
static int serial_known(job *j, const lend_device_spec *d)
{
	int64_t id;

	return !d->tag && d->serial && lend__query_int(&id, j->db,
	       "SELECT id FROM device WHERE serial = ?",
	       LEND__ARGS(LEND__T(d->serial))) == 0;
}

static int device(job *j)
{
	lend_device_spec d;
	int64_t pence;
	char tag[64];
	int rc;

	if ((rc = device_row(j, &d, &pence)))
		return rc;
	if (serial_known(j, &d)) {
		j->skipped++;
		return 0;
	}
	/* Staged, to be written with the others in one statement; a tag that
	 * is there already is skipped then. */
	return lend__device_stage(tag, sizeof(tag), j->db, &d);
}

/* ---- Borrowers ------------------------------------------------------ */

static int consent_value(job *j, lend_borrower_spec *b, char *when,
                         const char **consent_at)
{
	const char *c = val(j, "consent_at");

	*consent_at = NULL;
	if (!c || strcmp(c, "no") == 0 || strcmp(c, "No") == 0)
		return 0;
	if (strcmp(c, "yes") == 0 || strcmp(c, "Yes") == 0 ||
	    strcmp(c, "YES") == 0 || strcmp(c, "y") == 0) {
		b->consent = 1;
		return 0;
	}
	if (lend__resolve_at(j->db, "borrower", when, c))
		return LEND_EINVAL;
	*consent_at = when;
	return 0;
}

static int borrower_known(job *j, const lend_borrower_spec *b,
                          const char *ref)
{
	static const char same[] =
		"SELECT b.id FROM borrower b JOIN member m ON m.id = b.member_id "
		"WHERE b.name = ? AND b.postcode_district = upper(replace(?, ' ', "
		"'')) AND m.code = ?";
	int64_t id;

	if (ref)
		return lend__find(&id, j->db, LEND__ENTITY_BORROWER, ref) == 0;
	return b->name && b->postcode && b->member &&
	       lend__query_int(&id, j->db, same, LEND__ARGS(LEND__T(b->name),
	                       LEND__T(b->postcode), LEND__T(b->member))) == 0;
}

static int borrower(job *j)
{
	lend_borrower_spec b = { 0 };
	char when[LEND__TIME_LEN], ref[32];
	const char *consent_at = NULL, *given = val(j, "ref");
	int rc;

	b.name = val(j, "name");
	b.phone = val(j, "phone");
	b.email = val(j, "email");
	b.postcode = val(j, "postcode");
	b.member = val(j, "member");
	b.language = val(j, "language");
	b.notes = val(j, "notes");
	if ((rc = consent_value(j, &b, when, &consent_at)))
		return rc;
	if (borrower_known(j, &b, given)) {
		j->skipped++;
		return 0;
	}
	if ((rc = lend__borrower_insert(ref, sizeof(ref), j->db, j->actor,
	                                given, &b, consent_at,
	                                val(j, "consent_terms"))))
		return rc;
	j->added++;
	return 0;
}

/* ---- Champions ------------------------------------------------------ */

static int champion(job *j)
{
	static const char same[] =
		"SELECT c.id FROM champion c JOIN member m ON m.id = c.member_id "
		"WHERE c.name = ? AND m.code = ?";
	lend_champion_spec ch = { 0 };
	const char *given = val(j, "ref");
	char ref[32];
	int64_t id;
	int rc;

	ch.name = val(j, "name");
	ch.member = val(j, "member");
	ch.phone = val(j, "phone");
	ch.email = val(j, "email");
	ch.languages = val(j, "languages");
	if (given ? lend__find(&id, j->db, LEND__ENTITY_CHAMPION, given) == 0
	          : ch.name && ch.member &&
	            lend__query_int(&id, j->db, same, LEND__ARGS(
	                            LEND__T(ch.name), LEND__T(ch.member))) == 0) {
		j->skipped++;
		return 0;
	}
	if ((rc = lend__champion_insert(ref, sizeof(ref), j->db, j->actor,
	                                given, &ch)))
		return rc;
	j->added++;
	return 0;
}

/* ---- Loans ---------------------------------------------------------- */

static int loan(job *j)
{
	lend__loan_row r;
	int skipped = 0, rc;

	r.ref = val(j, "loan");
	r.borrower = val(j, "borrower");
	r.tag = val(j, "tag");
	r.site = val(j, "site");
	r.issued_by = val(j, "issued_by");
	r.champion = val(j, "champion");
	r.out_at = val(j, "out_at");
	r.due_on = val(j, "due_on");
	r.returned_at = val(j, "returned_at");
	r.outcome = val(j, "outcome");
	r.condition_out = val(j, "condition_out");
	r.condition_in = val(j, "condition_in");
	if ((rc = lend__loan_import(&skipped, j->db, j->actor, &r)))
		return rc;
	if (skipped)
		j->skipped++;
	else
		j->added++;
	return 0;
}

/* ---- The pass -------------------------------------------------------- */

/* A bad row: its message, without the concern, after its row number. */
static void report_row(job *j, size_t row)
{
	const char *msg = lend_errmsg(j->db), *colon = strchr(msg, ':');

	lend__notice(j->db, "row %zu: %s", row, colon ? colon + 2 : msg);
	lend__error_clear(j->db);
	j->bad++;
}

static int utf8_record(const lend__csv *c)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (!lend__is_text(lend__csv_field(c, i)))
			return 0;
	return 1;
}

static int pass(job *j, const char *data, size_t len)
{
	lend__csv c;
	size_t row = 1; /* the header is row 1, as a spreadsheet counts */
	int rc = 0, r, done = 0;

	j->rows = j->added = j->skipped = 0;
	lend__csv_start(&c, data, len, 0);
	if ((r = lend__csv_next(&c)) <= 0) {
		lend__csv_free(&c);
		return lend__error(j->db, LEND_EINVAL, "import: '%s' has no "
		                   "header row", j->spec->path);
	}
	if ((rc = map_header(j, &c)))
		goto done;
	while (!done && (r = lend__csv_next(&c)) != 0) {
		row++;
		if (r == -2) {
			rc = lend__error(j->db, LEND_ENOMEM, "out of memory");
			break;
		}
		if (r == -1) {
			lend__error(j->db, LEND_EINVAL, "import: a quote is never "
			            "closed");
			report_row(j, row);
			done = 1;
			continue;
		}
		if (lend__csv_blank(&c))
			continue;
		j->rows++;
		if (!utf8_record(&c)) {
			lend__error(j->db, LEND_EINVAL, "import: not valid UTF-8 "
			            "text");
			report_row(j, row);
			continue;
		}
		take_row(j, &c);
		rc = strcmp(j->spec->what, "devices") == 0 ? device(j)
		   : strcmp(j->spec->what, "borrowers") == 0 ? borrower(j)
		   : strcmp(j->spec->what, "champions") == 0 ? champion(j)
		                                              : loan(j);
		if (rc == LEND_ENOMEM || rc == LEND_EDB)
			break;
		if (rc) {
			report_row(j, row);
			rc = 0;
		}
		if (j->spec->progress && row % 500 == 0)
			j->spec->progress(j->spec->progress_ctx, j->rows, 0);
	}
done:
	lend__csv_free(&c);
	return rc;
}


int lend_import(lend_import_result *out, lend_db *db,
                const lend_import_spec *spec)
{
	lend_import_result result = { 0, 0, 0 };
	job *j = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	assert(out && db && spec);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if (!(j = calloc(1, sizeof(*j)))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	j->db = db;
	j->spec = spec;
	if (strcmp(spec->what, "devices") == 0)
		j->fields = device_fields;
	else if (strcmp(spec->what, "borrowers") == 0)
		j->fields = borrower_fields;
	else if (strcmp(spec->what, "champions") == 0)
		j->fields = champion_fields;
	else if (strcmp(spec->what, "loans") == 0)
		j->fields = loan_fields;
	else {
		rc = lend__error(db, LEND_EINVAL, "import: unknown kind '%s' (one "
		                 "of: devices, borrowers, champions, loans)",
		                 lend__is_text(spec->what) ? spec->what : "?");
		goto done;
	}
	if ((rc = lend__actor(&j->actor, db, "import",
	                      LEND__ADMIN | LEND__STAFF, "import records")) ||
	    (rc = lend__read_file(&data, &len, db, "import", spec->path)))
		goto done;
	if ((!strcmp(spec->what, "devices") &&
	     (rc = lend__device_stage_begin(db))) ||
	    (rc = pass(j, data, len)))
		goto done;
	if (j->bad) {
		rc = lend__error(db, LEND_EINVAL, "import: %zu bad row%s in '%s'; "
		                 "nothing was written", j->bad,
		                 j->bad == 1 ? "" : "s", spec->path);
		goto done;
	}
	if (!strcmp(spec->what, "devices") &&
	    (rc = lend__device_stage_end(db, j->actor, &j->added,
	                                 &j->skipped)))
		goto done;
	result = (lend_import_result){ j->rows, j->added, j->skipped };
done:
	free(data);
	free(j);
	/* A dry run did all the work, and now undoes it. */
	rc = rc == 0 && spec->dry_run ? lend__txn_rollback(db)
	                              : lend__txn_end(db, rc);
	if (rc == 0)
		*out = result;
	return rc;
}
