/*
 * Import from the consortium's old spreadsheet or Snipe-IT's export:
 * devices (import_device.c), borrowers, champions and loans from CSV,
 * their columns found by import_field.c.  All or nothing: in one
 * transaction each row is checked and written as it is read (devices to a
 * stage, written together at the end, device.c), every problem of every
 * row is reported, and if there is any the whole transaction is rolled
 * back, so nothing is written.  Importing the same file twice adds nothing
 * the second time.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

typedef lend__import job;

#define val lend__import_val

/* ---- Borrowers ------------------------------------------------------ */

/* The row's name, or its First Name and Last Name joined. */
static const char *name(job *j)
{
	const char *first = val(j, "first_name"), *last = val(j, "last_name");
	int f = lend__import_field(j, "name");

	if (val(j, "name") || (!first && !last))
		return val(j, "name");
	snprintf(j->v[f], IMPORT_CELL, "%s%s%s", first ? first : "",
	         first && last ? " " : "", last ? last : "");
	return j->v[f];
}

/* Consent: yes, no, or the date it was given (with the terms of the day
 * when the file names none). */
static int consent_value(job *j, lend_borrower_spec *b, char *when,
                         const char **consent_at, char **terms)
{
	const char *c = val(j, "consent_at");
	int f = lend__import_field(j, "consent_at"), i, rc = 0;
	char low[8];

	*consent_at = NULL;
	if (!c && val(j, "consent_terms")) {
		f = lend__import_field(j, "consent_terms");
		lend__import_problem(j, f, "import.terms_no_consent", "value",
		                     j->raw[f], NULL);
	}
	if (!c)
		return 0;
	for (i = 0; c[i] && i < 7; i++)
		low[i] = (char)tolower((unsigned char)c[i]);
	low[i] = '\0';
	if (!strcmp(low, "no") || !strcmp(low, "n") || !strcmp(low, "false"))
		return 0;
	if (!strcmp(low, "yes") || !strcmp(low, "y") || !strcmp(low, "true")) {
		b->consent = 1;
		return 0;
	}
	if (lend__parse_time(when, c) != 0) {
		lend__import_problem(j, f, "import.consent", "value", j->raw[f],
		                     NULL);
		return 0;
	}
	if ((rc = lend__import_failed(j, f, lend__resolve_at(j->db, "borrower",
	                                                    when, c))))
		return rc;
	*consent_at = when;
	if (!val(j, "consent_terms"))
		rc = lend__setting_text(terms, j->db, "terms.version");
	return rc;
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

/* The member a person is with, a problem when it is none. */
static void member_known(job *j)
{
	int f = lend__import_field(j, "member");
	int64_t id;

	if (val(j, "member") &&
	    lend__find(&id, j->db, LEND__ENTITY_MEMBER, j->v[f]) != 0)
		lend__import_problem(j, f, "import.no_member", "value",
		                     j->raw[f], NULL);
}

static int borrower(job *j)
{
	lend_borrower_spec b = { 0 };
	char when[LEND__TIME_LEN], ref[32], *terms = NULL;
	const char *consent_at = NULL, *given = val(j, "ref");
	int rc;

	b.name = name(j);
	b.phone = val(j, "phone");
	b.email = val(j, "email");
	b.postcode = val(j, "postcode");
	b.member = val(j, "member");
	b.language = val(j, "language");
	b.notes = val(j, "notes");
	member_known(j);
	if ((rc = consent_value(j, &b, when, &consent_at, &terms)) ||
	    j->row_bad || j->missing)
		goto done;
	if (borrower_known(j, &b, given)) {
		j->skipped++;
		goto done;
	}
	if ((rc = lend__import_failed(j, -1, lend__borrower_insert(ref,
	          sizeof(ref), j->db, j->actor, given, &b, consent_at,
	          terms ? terms : val(j, "consent_terms")))) || j->row_bad)
		goto done;
	j->added++;
done:
	free(terms);
	return rc;
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

	ch.name = name(j);
	ch.member = val(j, "member");
	ch.phone = val(j, "phone");
	ch.email = val(j, "email");
	ch.languages = val(j, "languages");
	member_known(j);
	if (j->row_bad || j->missing)
		return 0;
	if (given ? lend__find(&id, j->db, LEND__ENTITY_CHAMPION, given) == 0
	          : ch.name && ch.member &&
	            lend__query_int(&id, j->db, same, LEND__ARGS(
	                            LEND__T(ch.name), LEND__T(ch.member))) == 0) {
		j->skipped++;
		return 0;
	}
	if ((rc = lend__import_failed(j, -1, lend__champion_insert(ref,
	          sizeof(ref), j->db, j->actor, given, &ch))) || j->row_bad)
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
	if ((rc = lend__import_failed(j, -1, lend__loan_import(&skipped, j->db,
	                                                      j->actor, &r))) ||
	    j->row_bad)
		return rc;
	if (skipped)
		j->skipped++;
	else
		j->added++;
	return 0;
}

/* ---- The pass -------------------------------------------------------- */

/* Every cell holds something. */
static int blank(const lend__csv *c)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (*lend__csv_field(c, i))
			return 0;
	return 1;
}

static int row(job *j, const lend__csv *c)
{
	j->rows++;
	j->row_bad = 0;
	lend__import_take(j, c);
	return !strcmp(j->spec->what, "devices") ? lend__import_device(j)
	     : !strcmp(j->spec->what, "borrowers") ? borrower(j)
	     : !strcmp(j->spec->what, "champions") ? champion(j) : loan(j);
}

static int pass(job *j, const char *data, size_t len)
{
	lend__csv c;
	int rc = 0, r;

	lend__csv_start(&c, data, len, j->spec->sep);
	j->row = 1; /* the header is row 1, as a spreadsheet counts */
	if ((r = lend__csv_next(&c)) <= 0 || blank(&c)) {
		lend__csv_free(&c);
		return lend__fail(j->db, LEND_EINVAL, "import.no_header",
		                  "path", j->spec->path, NULL);
	}
	if ((rc = lend__import_header(j, &c)) ||
	    (rc = lend__import_dates(j, data, len)))
		goto done;
	while (rc == 0 && (r = lend__csv_next(&c)) != 0) {
		j->row++;
		if (r == -2) {
			rc = lend__fail(j->db, LEND_ENOMEM,
			                "lend.out_of_memory", NULL);
		} else if (r == -1) {
			lend__import_problem(j, -1, "import.open_quote", NULL);
			break;
		} else if (!blank(&c)) {
			rc = row(j, &c);
		}
		if (j->spec->progress && j->row % 500 == 0)
			j->spec->progress(j->spec->progress_ctx, j->rows, 0);
	}
done:
	lend__csv_free(&c);
	return rc;
}

static int run(job *j)
{
	char *data = NULL;
	size_t len = 0;
	int dev = !strcmp(j->spec->what, "devices"), rc;

	if ((rc = lend__import_fields(j)) || (rc = lend__import_options(j)) ||
	    (rc = lend__actor(&j->actor, j->db, "import",
	                      LEND__ADMIN | LEND__STAFF, "import records")) ||
	    (rc = lend__read_file(&data, &len, j->db, "import", j->spec->path)) ||
	    (rc = lend__import_text(j, &data, &len)) ||
	    (dev && ((rc = lend__device_stage_begin(j->db)) ||
	             (rc = lend__import_device_begin(j)))) ||
	    (rc = pass(j, data, len)) || (rc = lend__import_end(j)))
		goto done;
	if (dev && ((rc = lend__device_stage_end(j->db, j->actor, &j->added,
	                                         &j->skipped)) ||
	            (rc = lend__import_device_end(j)) ||
	            (rc = lend__import_end(j))))
		goto done;
done:
	free(data);
	return rc;
}

int lend_import(lend_import_result *out, lend_db *db,
                const lend_import_spec *spec)
{
	lend_import_result result = { 0, 0, 0, 0, 0 };
	job *j = NULL;
	int rc;

	assert(out && db && spec);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if (!(j = calloc(1, sizeof(*j)))) {
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
		goto done;
	}
	j->db = db;
	j->spec = spec;
	if ((rc = run(j)) == 0)
		result = (lend_import_result){ j->rows, j->added, j->skipped,
		                               j->updated, j->loans };
	lend__import_device_free(j);
	lend__buf_free(&j->errors);
	free(j->values);
done:
	free(j);
	/* A dry run did all the work, and now undoes it. */
	rc = rc == 0 && spec->dry_run ? lend__txn_rollback(db)
	                              : lend__txn_end(db, rc);
	if (rc == 0)
		*out = result;
	return rc;
}
