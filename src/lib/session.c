/*
 * Sessions: each support contact a champion logs (date, minutes, topic),
 * so a funder can be told the hours given without being told to whom.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* A session's topic is personal data (issue 12): an erased borrower is
 * given none again. */
static int refuse_erased(lend_db *db, int64_t b, const char *borrower)
{
	static const char sql[] =
		"SELECT forgotten_at FROM borrower WHERE id = ? "
		"AND forgotten_at IS NOT NULL";
	char *when = NULL;
	int rc = lend__query_text(&when, db, sql, LEND__ARGS(LEND__I(b)));

	if (rc == LEND_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = lend__fail(db, LEND_ECONFLICT, "session.erased",
		                "borrower", borrower, "on", when, NULL);
	free(when);
	return rc;
}

/* A champion user's sessions are their own (issue 15): *OUT is their
 * champion record, 0 for other roles. */
static int own_champion(int64_t *out, lend_db *db, const char *champion)
{
	lend__scope s;
	int64_t given;
	int rc;

	*out = 0;
	if ((rc = lend__scope_get(&s, db, "session")) ||
	    s.role != LEND__CHAMPION)
		return rc;
	if (!s.champion)
		return lend__fail(db, LEND_EDENIED, "session.no_record", "user",
		                  lend__actor_name(db), NULL);
	if (champion) {
		if ((rc = lend__id(&given, db, "session", LEND__ENTITY_CHAMPION,
		                   champion)))
			return rc;
		if (given != s.champion)
			return lend__fail(db, LEND_EDENIED, "session.not_own",
			                  "user", lend__actor_name(db),
			                  "champion", champion, NULL);
	}
	*out = s.champion;
	return 0;
}

int lend_session_log(lend_db *db, const char *borrower,
                     const char *champion, int minutes, const char *topic,
                     const char *held_on)
{
	static const char current_sql[] =
		"SELECT champion_id FROM support WHERE borrower_id = ? "
		"AND ends_on IS NULL";
	static const char sql[] =
		"INSERT INTO support_session (borrower_id, champion_id, held_on, "
		"minutes, topic, recorded_by, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)";
	char on[11], at[LEND__TIME_LEN], now[LEND__TIME_LEN], mins[16];
	int64_t actor, b, c = 0, id;
	int rc;

	assert(db);
	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "session", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION, "log sessions")) ||
	    (rc = lend__id(&b, db, "session", LEND__ENTITY_BORROWER, borrower)) ||
	    (rc = refuse_erased(db, b, borrower)) ||
	    (rc = lend__resolve_on(db, "session", "date", on, held_on)) ||
	    (rc = lend__check_text(db, "session", "topic", topic, 1)))
		goto done;
	snprintf(mins, sizeof(mins), "%d", minutes);
	if (minutes <= 0 || minutes > 1440) {
		rc = lend__fail(db, LEND_EINVAL, "session.minutes", "minutes",
		                mins, NULL);
		goto done;
	}
	if ((rc = own_champion(&c, db, champion)) != 0)
		goto done;
	if (c)
		rc = 0;
	else if (champion)
		rc = lend__id(&c, db, "session", LEND__ENTITY_CHAMPION, champion);
	else if ((rc = lend__query_int(&c, db, current_sql,
	                               LEND__ARGS(LEND__I(b)))) ==
	         LEND_ENOTFOUND)
		rc = lend__fail(db, LEND_EINVAL, "session.no_champion",
		                "borrower", borrower, NULL);
	if (rc != 0)
		goto done;
	snprintf(at, sizeof(at), "%sT00:00:00Z", on);
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__I(b), LEND__I(c),
	                       LEND__T(on), LEND__I(minutes), LEND__T(topic),
	                       LEND__I(actor), LEND__T(now)))))
		goto done;
	rc = lend__event(db, at, actor, LEND__ENTITY_SESSION, id, "log", NULL,
	                 NULL);
done:
	return lend__txn_end(db, rc);
}
