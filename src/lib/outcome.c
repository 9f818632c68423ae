/*
 * Outcomes at return (issue 20): what a borrower says a loan helped them
 * with, from the consortium's short list (setting 'outcomes'), recorded
 * against the loan as a device comes back.  Never required, so a return
 * is never held up by it; a key not on the list is refused before
 * anything is written.
 */
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
			rc = lend__fail(db, LEND_EINVAL, "outcome.unknown",
			                "concern",
			                concern, "outcome", outcomes[i] &&
			                lend__is_text(outcomes[i]) ? outcomes[i]
			                : "?", "list", list, NULL);
	free(list);
	return rc;
}

int lend__outcome_record(lend_db *db, int64_t device,
                         const char *const *outcomes, size_t n,
                         const char *at, int64_t actor)
{
	static const char sql[] =
		"INSERT INTO loan_outcome (loan_id, outcome, recorded_at) "
		"SELECT i.loan_id, ?, ? FROM loan_item i WHERE i.device_id = ? "
		"AND i.returned_at IS NULL ON CONFLICT DO NOTHING";
	static const char loan_sql[] =
		"SELECT loan_id FROM loan_item WHERE device_id = ? "
		"AND returned_at IS NULL";
	lend__buf b = { 0 };
	int64_t loan;
	size_t i;
	char *after;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = lend__query_int(&loan, db, loan_sql,
	                          LEND__ARGS(LEND__I(device)))))
		return rc == LEND_ENOTFOUND ? 0 : rc;
	lend__buf_str(&b, "{\"outcomes\":[");
	for (i = 0; i < n && rc == 0; i++) {
		rc = lend__exec(db, sql, LEND__ARGS(LEND__T(outcomes[i]),
		                LEND__T(at), LEND__I(device)));
		lend__buf_str(&b, i ? "," : "");
		lend__buf_json(&b, outcomes[i]);
	}
	lend__buf_str(&b, "]}");
	if (!(after = lend__buf_take(&b)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (rc == 0)
		rc = lend__event_json(db, at, actor, LEND__ENTITY_LOAN, loan,
		                      "outcome", NULL, after);
	free(after);
	return rc;
}
