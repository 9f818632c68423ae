/*
 * Champions: the volunteers who support borrowers.  Support spans say who
 * supported whom and when, history kept; sessions log each contact, so a
 * funder can be told the hours given without being told to whom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CURRENT_BORROWERS \
	"(SELECT group_concat(x.ref, ',') FROM (SELECT b.ref FROM support s " \
	" JOIN borrower b ON b.id = s.borrower_id WHERE s.champion_id = c.id " \
	" AND s.ends_on IS NULL ORDER BY b.ref) x) AS borrowers "

static int check_languages(lend_db *db, const char *list)
{
	char code[8];
	const char *p = list, *comma;
	size_t n;

	if (!list || !*list)
		return 0;
	for (;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n >= sizeof(code))
			n = sizeof(code) - 1;
		memcpy(code, p, n);
		code[n] = '\0';
		if (!lend__is_language(code))
			return lend__error(db, LEND_EINVAL, "champion: language "
			                   "'%s' is not an ISO 639-1 code (like en, "
			                   "cy, pl, ur)", lend__is_text(code) ?
			                   code : "?");
		if (!comma)
			return 0;
	}
}

int lend__champion_insert(char *out, size_t size, lend_db *db,
                          int64_t actor, const char *ref,
                          const lend_champion_spec *spec)
{
	static const char sql[] =
		"INSERT INTO champion (ref, member_id, name, phone, email, "
		"languages, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	char now[LEND__TIME_LEN];
	int64_t member, id;
	int rc;

	if ((rc = lend__resolve_at(db, "champion", now, spec->at)) ||
	    (rc = lend__check_text(db, "champion", "name", spec->name, 1)) ||
	    (rc = lend__check_phone(db, "champion", "phone", spec->phone)) ||
	    (rc = lend__check_email(db, "champion", spec->email)) ||
	    (rc = check_languages(db, spec->languages)) ||
	    (rc = lend__member_id(&member, db, "champion", spec->member)))
		return rc;
	if (ref) {
		if ((rc = lend__check_code(db, "champion", "ref", ref, 32)) ||
		    (rc = lend__must_be_new(db,
		                            "SELECT id FROM champion WHERE ref = ?",
		                            "champion", "ref", ref)))
			return rc;
		snprintf(out, size, "%s", ref);
	} else if ((rc = lend__allocate(out, size, db, "champion", "C", 4,
	                         "SELECT id FROM champion WHERE ref = ?"))) {
		return rc;
	}
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__T(out),
	                       LEND__I(member), LEND__T(spec->name),
	                       LEND__T(spec->phone && *spec->phone ?
	                               spec->phone : NULL),
	                       LEND__T(spec->email && *spec->email ?
	                               spec->email : NULL),
	                       LEND__T(spec->languages && *spec->languages ?
	                               spec->languages : NULL),
	                       LEND__T(now)))))
		return rc;
	return lend__event(db, now, actor, "champion", id, "create", NULL, NULL);
}

int lend_champion_add(char **out, lend_db *db,
                      const lend_champion_spec *spec)
{
	char ref[32];
	int64_t actor;
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "champion",
	                      LEND__ADMIN | LEND__STAFF, "add champions")) == 0)
		rc = lend__champion_insert(ref, sizeof(ref), db, actor, NULL, spec);
	return lend__txn_end_copy(db, rc, out, ref);
}

int lend_champion_list(lend_rows **out, lend_db *db)
{
	static const char sql[] =
		"SELECT c.ref, c.name, m.code AS member, c.phone, c.email, "
		"c.languages, " CURRENT_BORROWERS
		"FROM champion c JOIN member m ON m.id = c.member_id "
		"ORDER BY c.ref";

	lend__reset(db);
	return lend__query_rows(out, db, sql, LEND__NO_ARGS);
}

int lend_champion_show(lend_rows **out, lend_db *db, const char *ref)
{
	static const char sql[] =
		"SELECT c.ref, c.name, m.code AS member, c.phone, c.email, "
		"c.languages, c.created_at, " CURRENT_BORROWERS ", "
		"(SELECT count(*) FROM support_session x "
		" WHERE x.champion_id = c.id) AS sessions, "
		"(SELECT coalesce(sum(x.minutes), 0) FROM support_session x "
		" WHERE x.champion_id = c.id) AS minutes "
		"FROM champion c JOIN member m ON m.id = c.member_id "
		"WHERE c.ref = ?";

	return lend__show(out, db, sql, "champion", "champion", ref);
}

/* Today's date, or ON checked. */
static int resolve_date(lend_db *db, const char *concern, const char *field,
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
		return lend__error(db, LEND_EINVAL, "%s: %s '%s' is in the "
		                   "future", concern, field, on);
	memcpy(out, on, 11);
	return 0;
}

int lend_support_assign(lend_db *db, const char *borrower,
                        const char *champion, const char *from_on)
{
	static const char current_sql[] =
		"SELECT id FROM support WHERE borrower_id = ? AND ends_on IS NULL";
	static const char end_sql[] =
		"UPDATE support SET ends_on = ? WHERE id = ?";
	static const char add_sql[] =
		"INSERT INTO support (borrower_id, champion_id, starts_on) "
		"VALUES (?, ?, ?)";
	lend_rows *old = NULL;
	char from[11], at[LEND__TIME_LEN];
	int64_t actor, b, c, span, id;
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "support", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION,
	                      "assign champions")) ||
	    (rc = lend__borrower_id(&b, db, "support", borrower)) ||
	    (rc = lend__champion_id(&c, db, "support", champion)) ||
	    (rc = resolve_date(db, "support", "date", from, from_on)))
		goto done;
	snprintf(at, sizeof(at), "%sT00:00:00Z", from);
	rc = lend__query_int(&span, db, current_sql, LEND__ARGS(LEND__I(b)));
	if (rc == 0) {
		if ((rc = lend__snapshot(&old, db, "support", span)))
			goto done;
		if (strtoll(lend_rows_get(old, 0, "champion_id"), NULL, 10) == c) {
			rc = lend__error(db, LEND_ECONFLICT, "support: %s already "
			                 "supports %s", champion, borrower);
			goto done;
		}
		if (strcmp(from, lend_rows_get(old, 0, "starts_on")) < 0) {
			rc = lend__error(db, LEND_EINVAL, "support: date '%s' is "
			                 "before the current support began (%s)",
			                 from, lend_rows_get(old, 0, "starts_on"));
			goto done;
		}
		if ((rc = lend__exec(db, end_sql, LEND__ARGS(LEND__T(from),
		                                             LEND__I(span)))) ||
		    (rc = lend__event(db, at, actor, "support", span, "end", old,
		                      NULL)))
			goto done;
	} else if (rc != LEND_ENOTFOUND) {
		goto done;
	}
	if ((rc = lend__insert(&id, db, add_sql, LEND__ARGS(LEND__I(b),
	                       LEND__I(c), LEND__T(from)))))
		goto done;
	rc = lend__event(db, at, actor, "support", id, "assign", NULL, NULL);
done:
	lend_rows_free(old);
	return lend__txn_end(db, rc);
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
	char on[11], at[LEND__TIME_LEN], now[LEND__TIME_LEN];
	int64_t actor, b, c = 0, id;
	int rc;

	lend__now(now);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "session", LEND__ADMIN |
	                      LEND__STAFF | LEND__CHAMPION, "log sessions")) ||
	    (rc = lend__borrower_id(&b, db, "session", borrower)) ||
	    (rc = resolve_date(db, "session", "date", on, held_on)) ||
	    (rc = lend__check_text(db, "session", "topic", topic, 1)))
		goto done;
	if (minutes <= 0 || minutes > 1440) {
		rc = lend__error(db, LEND_EINVAL, "session: minutes '%d' must be "
		                 "1 to 1440", minutes);
		goto done;
	}
	if (champion)
		rc = lend__champion_id(&c, db, "session", champion);
	else if ((rc = lend__query_int(&c, db, current_sql,
	                               LEND__ARGS(LEND__I(b)))) ==
	         LEND_ENOTFOUND)
		rc = lend__error(db, LEND_EINVAL, "session: %s has no champion; "
		                 "give --champion C", borrower);
	if (rc != 0)
		goto done;
	snprintf(at, sizeof(at), "%sT00:00:00Z", on);
	if ((rc = lend__insert(&id, db, sql, LEND__ARGS(LEND__I(b), LEND__I(c),
	                       LEND__T(on), LEND__I(minutes), LEND__T(topic),
	                       LEND__I(actor), LEND__T(now)))))
		goto done;
	rc = lend__event(db, at, actor, "session", id, "log", NULL, NULL);
done:
	return lend__txn_end(db, rc);
}
