/*
 * Outcomes at return (issue 20): what a borrower says a loan helped them
 * with, from the consortium's short list (setting 'outcomes'), recorded
 * against the loan as a device comes back.  Never required, so a return
 * is never held up by it; a key not on the list is refused before
 * anything is written.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* KEY is one of the comma-separated LIST. */
static int listed(const char *list, const char *key)
{
	size_t n = strlen(key);
	const char *p = list;

	while (p && *p) {
		size_t len = strcspn(p, ",");

		while (len && (p[len - 1] == ' '))
			len--;
		if (len == n && strncmp(p, key, n) == 0)
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 + strspn(p + 1, " ") : NULL;
	}
	return 0;
}

int lend__outcome_check(lend_db *db, const char *concern,
                        const char *const *outcomes, size_t n)
{
	char *list = NULL;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = lend__setting_text(&list, db, "outcomes")))
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		if (!outcomes[i] || !*outcomes[i] || !listed(list, outcomes[i]))
			rc = lend__error(db, LEND_EINVAL, "%s: unknown outcome '%s' "
			                 "(one of: %s)", concern,
			                 outcomes[i] && lend__is_text(outcomes[i])
			                 ? outcomes[i] : "?", list);
	free(list);
	return rc;
}

/* Record OUTCOMES (N, checked) for loan LOAN, and their event. */
static int record_loan(lend_db *db, int64_t loan, const char *const *outcomes,
                       size_t n, const char *at, int64_t actor)
{
	static const char sql[] =
		"INSERT INTO loan_outcome (loan_id, outcome, recorded_at) "
		"VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
	lend__buf b = { 0 };
	size_t i;
	char *after;
	int rc = 0;

	lend__buf_str(&b, "{\"outcomes\":[");
	for (i = 0; i < n && rc == 0; i++) {
		rc = lend__exec(db, sql, LEND__ARGS(LEND__I(loan),
		                LEND__T(outcomes[i]), LEND__T(at)));
		lend__buf_str(&b, i ? "," : "");
		lend__buf_json(&b, outcomes[i]);
	}
	lend__buf_str(&b, "]}");
	if (!(after = lend__buf_take(&b)))
		return lend__error(db, LEND_ENOMEM, "out of memory");
	if (rc == 0)
		rc = lend__event_json(db, at, actor, LEND__ENTITY_LOAN, loan,
		                      "outcome", NULL, after);
	free(after);
	return rc;
}

int lend__outcome_record(lend_db *db, int64_t device,
                         const char *const *outcomes, size_t n,
                         const char *at, int64_t actor)
{
	static const char loan_sql[] =
		"SELECT loan_id FROM loan_item WHERE device_id = ? "
		"AND returned_at IS NULL";
	int64_t loan;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = lend__query_int(&loan, db, loan_sql,
	                          LEND__ARGS(LEND__I(device)))))
		return rc == LEND_ENOTFOUND ? 0 : rc;
	return record_loan(db, loan, outcomes, n, at, actor);
}

/* Outcomes are told at a return: loan ID has an item back. */
static int check_returned(lend_db *db, int64_t id, const char *loan)
{
	static const char sql[] =
		"SELECT count(*) FROM loan_item WHERE loan_id = ? "
		"AND returned_at IS NOT NULL";
	int64_t back = 0;
	int rc;

	if ((rc = lend__query_int(&back, db, sql, LEND__ARGS(LEND__I(id)))))
		return rc;
	if (back == 0)
		return lend__fail(db, LEND_ECONFLICT, "outcome.still_out", "loan",
		                  loan, NULL);
	return 0;
}

int lend_loan_outcome(lend_db *db, const char *loan,
                      const char *const *outcomes, size_t n)
{
	char now[LEND__TIME_LEN];
	int64_t actor, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "outcome", LEND__ADMIN | LEND__STAFF,
	                      "record outcomes")))
		goto done;
	if ((rc = lend__scope_find(&id, db, LEND__ENTITY_LOAN,
	                           loan ? loan : "")) == LEND_ENOTFOUND)
		rc = lend__fail(db, LEND_ENOTFOUND, "outcome.loan_not_found",
		                "loan", loan && lend__is_text(loan) ? loan : "?",
		                NULL);
	if (rc)
		goto done;
	if (n == 0)
		rc = lend__fail(db, LEND_EINVAL, "outcome.none", NULL);
	else if ((rc = lend__outcome_check(db, "outcome", outcomes, n)) == 0 &&
	         (rc = check_returned(db, id, loan)) == 0)
		rc = record_loan(db, id, outcomes, n, now, actor);
done:
	return lend__txn_end(db, rc);
}
