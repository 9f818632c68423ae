/*
 * Helpers shared inside liblend, with the headers of the store
 * (store/store.h) and of values (value.h), so that a concern file needs
 * only this one.  Nothing here is exported: the linker version script
 * keeps lend__* local to the shared library.
 */
#ifndef LEND_INTERNAL_H
#define LEND_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "lend.h"
#include "store/store.h" /* the store, and lend__arg for SQL parameters */
#include "value.h"       /* values and their checks */

#define LEND__NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Growable strings (buf.c) --------------------------------------- */

/* A string under construction.  A failed allocation sets oom and makes
 * every later call a no-op, so callers check once, at lend__buf_take(). */
typedef struct lend__buf {
	char *s;
	size_t len, cap;
	int oom;
} lend__buf;

void lend__buf_add(lend__buf *b, const char *s, size_t n);
void lend__buf_str(lend__buf *b, const char *s);
void lend__buf_printf(lend__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* S as a quoted, escaped JSON string ("null" for NULL). */
void lend__buf_json(lend__buf *b, const char *s);
/* The string, now owned by the caller (free()), or NULL when out of
 * memory; B is left empty either way. */
char *lend__buf_take(lend__buf *b);
void lend__buf_free(lend__buf *b);

char *lend__strdup(const char *s);

/* ---- Rows (rows.c) -------------------------------------------------- */

lend_rows *lend__rows_new(size_t ncols);
int lend__rows_set_name(lend_rows *r, size_t col, const char *name);
/* Append an empty row; returns its index, or -1 when out of memory. */
long lend__rows_add(lend_rows *r);
int lend__rows_set(lend_rows *r, size_t row, size_t col, int type,
                   const char *text, size_t len);

/* ---- Messages (error.c) --------------------------------------------- */

/* Forget the message but not the notices: for checks that collect
 * every problem, not just the first. */
void lend__error_clear(lend_db *db);
/* Forget the previous call's message: every public entry point starts so. */
void lend__reset(lend_db *db);
/* A refusal as a key and its values: name, value, ..., NULL (values are
 * text).  The line of lend_errmsg() is the key's English text from
 * texts/msg-en.txt with the values put in; lend_error_info() gives the
 * key and values.  Unless a message is set already.  Returns CODE. */
int lend__fail(lend_db *db, int code, const char *key, ...);
/* The key made of A, B and C in KEY (SIZE bytes), for a message whose
 * key depends on a value: lend__key(k, sizeof(k), "lookup.", "loan",
 * "_not_found").  Returns KEY. */
const char *lend__key(char *key, size_t size, const char *a, const char *b,
                      const char *c);
/* The refusal of another handle FROM, key, values and line, as DB's with
 * CODE, unless DB has one already.  Returns CODE. */
int lend__fail_from(lend_db *db, const lend_db *from, int code);
/* A notice as a key and its values, as lend__fail(). */
void lend__note(lend_db *db, const char *key, ...);
/* A notice made of IN's key and values, copied. */
void lend__note_info(lend_db *db, const lend_info *in);
/* While KEEP, lend__reset() forgets the message but keeps the notices: for
 * a call made of other public calls whose lines it tells together
 * (scan.c). */
void lend__notes_keep(lend_db *db, int keep);
/* The last notice moves to place FIRST, before those told after it. */
void lend__notes_move_last(lend_db *db, size_t first);

/* ---- Statements and transactions on a handle (query.c) --------------
 * The store's calls (store/store.h) on DB's store, each leaving the
 * store's message as DB's.  Parameters are lend__arg arrays, made with
 * LEND__ARGS(LEND__T(text), LEND__I(number), LEND__NUL). */

/* Begin a transaction that takes the write lock first, so a writer never
 * fails half-way because another got in before it.  Resets the message. */
int lend__txn_begin(lend_db *db);
/* The open transaction's cache of the stored settings (setting.c's) and
 * of the acting user's row (user.c's), NULL until read; no cache (NULL)
 * outside a transaction.  The ends of a transaction free them. */
lend_rows **lend__txn_settings(lend_db *db);
lend_rows **lend__txn_actor(lend_db *db);
/* Commit when RC is 0, else roll back; returns RC or the commit's error. */
int lend__txn_end(lend_db *db, int rc);
/* Roll back the open transaction on purpose, as a dry run does after
 * doing all its work.  Returns 0, or LEND_EDB. */
int lend__txn_rollback(lend_db *db);

/* lend__txn_end(), then on success a copy of VALUE (a new ref) in *OUT:
 * a caller never holds a ref whose record was rolled back. */
int lend__txn_end_copy(lend_db *db, int rc, char **out, const char *value);

/* The id SQL found for NAME earlier on this handle (1), or 0. */
int lend__memo_get(int64_t *out, lend_db *db, const char *sql,
                   const char *name);
void lend__memo_put(lend_db *db, const char *sql, const char *name,
                    int64_t id);

/* Rows the last INSERT, UPDATE or DELETE changed. */
int64_t lend__changes(lend_db *db);

/* Run SQL to completion. */
int lend__exec(lend_db *db, const char *sql, const lend__arg *a, size_t n);
/* Run the write SQL whose result nobody reads, perhaps with the next
 * statement or the commit (store.h): a failure may be reported there. */
int lend__exec_later(lend_db *db, const char *sql, const lend__arg *a,
                     size_t n);
/* Say that the read SQL with these arguments comes soon, before any write
 * (store.h): on a server it goes with the next round trip. */
int lend__read_ahead(lend_db *db, const char *sql, const lend__arg *a,
                     size_t n);
/* Run an INSERT and give the new row's id. */
int lend__insert(int64_t *out, lend_db *db, const char *sql,
                 const lend__arg *a, size_t n);
/* First column of the first row.  LEND_ENOTFOUND, with no message set,
 * when there is no row or the value is NULL: the caller knows what was
 * looked for and says so. */
int lend__query_int(int64_t *out, lend_db *db, const char *sql,
                    const lend__arg *a, size_t n);
int lend__query_text(char **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n);
/* Every row of SQL. */
int lend__query_rows(lend_rows **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n);

/* The store's checks of itself, for lend_doctor(): rows of check and
 * finding, as lend__store_check() gives them. */
int lend__check_store(lend_rows **out, lend_db *db);
/* lend__store_stage_table() on DB's store. */
int lend__stage_table(lend_db *db, const char *name, const char *table,
                      const char *cols);

/* The columns an edit changes, with their new values. */
#define LEND__SET_MAX 32
typedef struct lend__set {
	const char *cols[LEND__SET_MAX];
	lend__arg args[LEND__SET_MAX + 1];
	size_t n;
} lend__set;

void lend__set_add(lend__set *set, const char *col, lend__arg value);
/* An edit's text field: NULL leaves the column alone, "" clears it. */
void lend__set_text(lend__set *set, const char *col, const char *value);
/* UPDATE TABLE SET the columns of SET WHERE id = ID.  Table and column
 * names come from the callers' fixed lists, never from input.  An empty
 * SET changes nothing. */
int lend__update(lend_db *db, const char *table, int64_t id,
                 lend__set *set);

/* ---- The handle (db.c) ---------------------------------------------- */

/* The acting user's name, or NULL. */
const char *lend__actor_name(const lend_db *db);

/* ---- Erasure (erasure.c) -------------------------------------------- */

/* The name an erased borrower keeps (doctor.c checks it). */
#define LEND__ERASED "erased"

/* ---- Who may do what (user.c) --------------------------------------- */

#define LEND__ADMIN    1u
#define LEND__STAFF    2u
#define LEND__CHAMPION 4u
#define LEND__FUNDER   8u

/* Check that the acting user exists and has one of ROLES; give their id.
 * WHAT completes "may not ...": "add devices".  Returns 0, LEND_EDENIED,
 * LEND_ENOTFOUND. */
int lend__actor(int64_t *out, lend_db *db, const char *concern,
                unsigned roles, const char *what);
/* The row of the acting user NAME (id, role, member_id, champion_id,
 * disabled; no row when there is none) in *OUT: the transaction's, kept
 * by the handle, or outside one a row the caller frees, also put in
 * *OWN. */
int lend__actor_row(const lend_rows **out, lend_rows **own, lend_db *db,
                    const char *name);

/* lend_user_add() of SPEC by ACTOR in the caller's transaction: for
 * lend_champion_add() too. */
int lend__user_insert(lend_db *db, int64_t actor,
                      const lend_user_spec *spec);

/* ---- Signatures (loan.c, signature.c) ------------------------------ */

/* lend_loan_sign() of loan ID (LOAN as given) by ACTOR at AT (NULL: now),
 * in the caller's transaction; EXTRA joins the event as lend__event()'s. */
int lend__loan_sign(lend_db *db, int64_t actor, int64_t id, const char *loan,
                    const char *at, const char *extra);
/* The signature image stored with loan REF: *OUT (caller frees) and its
 * *LEN bytes, or *OUT NULL when there is none. */
int lend__signature_load(unsigned char **out, size_t *len, lend_db *db,
                         const char *ref);
/* N bytes from the 2N hex digits at HEX (either case) into OUT. */
void lend__unhex(unsigned char *out, const char *hex, size_t n);

/* ---- Logins (login.c) ---------------------------------------------- */

/* libsodium started, once per process whichever thread comes first:
 * LEND_EDB when it cannot start. */
int lend__sodium(lend_db *db);
/* The SHA-256 of LEN bytes at DATA as 64 lower-case hex digits (libsodium
 * started first). */
void lend__sha256_hex(char out[65], const void *data, size_t len);
/* End every open login session of user ID, in the caller's transaction. */
int lend__login_end_all(lend_db *db, int64_t id);

/* ---- Entities (entity.c) -------------------------------------------- */

/* The kinds of record events name and lend__find() finds. */
enum lend__entity {
	LEND__ENTITY_DEVICE,
	LEND__ENTITY_MEMBER,
	LEND__ENTITY_SITE,
	LEND__ENTITY_USER,
	LEND__ENTITY_GRANT,
	LEND__ENTITY_BORROWER,
	LEND__ENTITY_CHAMPION,
	LEND__ENTITY_SUPPORT,
	LEND__ENTITY_SESSION,
	LEND__ENTITY_LOAN,
	LEND__ENTITY_LOAN_ITEM,
	LEND__ENTITY_HOLD,
	LEND__ENTITY_KIT_PART,
	LEND__ENTITY_SETTING, /* no row of its own: lend__event_json() only */
	LEND__ENTITY_DATABASE, /* the same: a restore */
	LEND__NENTITIES
};

/* E's name as events record it ('device', 'loan_item'...). */
const char *lend__entity_name(enum lend__entity e);
/* The table holding E's rows, or NULL when it has none. */
const char *lend__entity_table(enum lend__entity e);
/* "SELECT id FROM <table> WHERE <key> = ?": E's id from the name people
 * give it (a tag, a code, a ref), or NULL when they give it none.  Fixed
 * text, for lend__allocate() too. */
const char *lend__find_sql(enum lend__entity e);
/* COLUMN of E holds a person's personal value (name, phone...). */
int lend__entity_is_personal(enum lend__entity e, const char *column);

/* ---- Lookups and new names (lookup.c) ------------------------------- */

/* The id of E's record that people call KEY (a tag, a code, a ref):
 * LEND_ENOTFOUND with no message set when there is none, for a caller to
 * whom that is no error. */
int lend__find(int64_t *out, lend_db *db, enum lend__entity e,
               const char *key);
/* The id of E's record called NAME: "CONCERN: member 'X' not found"
 * and LEND_ENOTFOUND when there is none, "CONCERN: member is required"
 * and LEND_EINVAL when NAME is empty. */
int lend__id(int64_t *out, lend_db *db, const char *concern,
             enum lend__entity e, const char *name);
/* The longest ref or tag people give, with its NUL. */
#define LEND__REF_MAX 64
/* KEY as refs and tags are kept: in upper case, a ref's number padded to
 * its width (B-12 is B-000012).  "" when KEY does not fit in SIZE. */
void lend__ref_normal(char *out, size_t size, const char *key);
/* KEY in upper case: a device's tag. */
void lend__tag_normal(char *out, size_t size, const char *key);
/* Allocate the next PREFIX-000042 from COUNTER (DIGITS wide), stepping
 * over any that EXISTS_SQL finds in use. */
int lend__allocate(char *out, size_t size, lend_db *db, const char *counter,
                   const char *prefix, int digits, const char *exists_sql);

/* The X_ahead() functions: X's first read (or only read) is coming, with
 * these arguments: a server may send it ahead (lend__read_ahead()). */
int lend__allocate_ahead(lend_db *db, const char *counter);
int lend__device_get_ahead(lend_db *db, const char *tag);
int lend__hold_settle_ahead(lend_db *db, const char *at);
int lend__loan_check_overdue_ahead(lend_db *db, int64_t id, const char *at);
int lend__setting_ahead(lend_db *db);
/* LEND_EEXISTS with "CONCERN: FIELD 'VALUE' already exists" when entity
 * E has a record called VALUE. */
int lend__must_be_new(lend_db *db, enum lend__entity e, const char *concern,
                      const char *field, const char *value);
/* The rows of SQL, whose one parameter is KEY, for a show: "CONCERN: WHAT
 * 'KEY' not found" and LEND_ENOTFOUND when there are none. */
int lend__show(lend_rows **out, lend_db *db, const char *sql,
               const char *concern, const char *what, const char *key);
/* lend__show() of a borrower's record: SQL ends with LEND__SCOPE(), so a
 * record out of the acting user's scope is "not found" as a missing one. */
int lend__show_scoped(lend_rows **out, lend_db *db, const char *sql,
                      const char *concern, const char *what,
                      const char *key);

/* ---- Who sees whom (scope.c) ---------------------------------------- */

/* The acting user as the scope predicate needs them. */
typedef struct lend__scope {
	int64_t user, member, champion; /* 0: none */
	unsigned role;                  /* LEND__ADMIN... */
	char today[11];
} lend__scope;

/* The one predicate (DESIGN.md, "Who sees whom"): borrower B (an alias of
 * the borrower table in the query) is in the acting user's scope.  Its two
 * parameters, the user's id and today's date, come from
 * LEND__SCOPE_ARGS() in that order: place the fragment after every
 * numbered parameter (?1, ?2) of the query, or plain ones in text order.
 * Standard SQL, so PostgreSQL runs it too. */
#define LEND__SCOPE(b) \
	"EXISTS (SELECT 1 FROM app_user su WHERE su.id = ? AND (" \
	" su.role = 'admin'" \
	" OR (su.role = 'staff' AND (" b ".member_id = su.member_id" \
	"  OR EXISTS (SELECT 1 FROM loan sl JOIN site ss ON ss.id = sl.site_id" \
	"   WHERE sl.borrower_id = " b ".id AND sl.closed_at IS NULL" \
	"   AND (ss.member_id = su.member_id OR EXISTS (SELECT 1" \
	"    FROM loan_item si JOIN device sd ON sd.id = si.device_id" \
	"    WHERE si.loan_id = sl.id AND si.returned_at IS NULL" \
	"    AND sd.member_id = su.member_id)))" \
	"  OR EXISTS (SELECT 1 FROM card_scan sc" \
	"   WHERE sc.borrower_id = " b ".id AND sc.user_id = su.id" \
	"   AND sc.scanned_on = ?)))" \
	" OR (su.role = 'champion' AND EXISTS (SELECT 1 FROM support sp" \
	"  WHERE sp.borrower_id = " b ".id AND sp.champion_id = su.champion_id" \
	"  AND sp.ends_on IS NULL)))) "
#define LEND__SCOPE_ARGS(s) LEND__I((s)->user), LEND__T((s)->today)

/* The acting user, for the predicate: "CONCERN: no acting user" and
 * LEND_EDENIED when there is none or no such user (fail closed). */
int lend__scope_get(lend__scope *out, lend_db *db, const char *concern);
/* E's records go through the predicate (borrower, loan, hold). */
int lend__scope_is_scoped(enum lend__entity e);
/* lend__find() of a scoped entity: LEND_ENOTFOUND, no message, when KEY
 * is missing or out of scope; LEND_EDENIED when nobody acts. */
int lend__scope_find(int64_t *out, lend_db *db, enum lend__entity e,
                     const char *key);
/* The acting user, or nobody (user 0, who sees no borrower) when none:
 * for a read that is not itself personal but may name a borrower. */
void lend__scope_or_nobody(lend__scope *out, lend_db *db);
/* Does the acting user see the borrower called REF?  1 or 0 (nobody
 * acting, or no such borrower: 0); never a message. */
int lend__scope_sees(lend_db *db, const char *ref);
/* The hook of the desk: the card of borrower REF was scanned by the
 * acting user, who sees that borrower for the rest of the day when they
 * are staff.  Nothing done for an unknown card or another role. */
int lend__scope_card(lend_db *db, const char *ref);
/* Staff change only their own member's devices: LEND_EDENIED naming
 * device TAG (id DEVICE) and WHAT ("edit", "wipe", "status": the key
 * scope.device_WHAT) otherwise. */
int lend__scope_device(lend_db *db, const char *concern, int64_t device,
                       const char *tag, const char *what);
/* A document's loan LOAN, through the scope: "CONCERN: loan 'X' not
 * found" as a missing one when out of it; OUT (SIZE bytes) receives the
 * ref as kept (L-12 is L-000012). */
int lend__scope_loan(char *out, size_t size, lend_db *db, const char *concern,
                     const char *loan);
/* Staff (as S says) lend only at their own member's sites: LEND_EDENIED
 * naming site SITE otherwise. */
int lend__scope_site(lend_db *db, const lend__scope *s, const char *concern,
                     int64_t site);

/* ---- Folding for search (fold.c) ------------------------------------ */

/* S in lower case without accents ("Siân" -> "sian"), for
 * borrower.name_folded and the searches that match it; caller frees;
 * NULL when out of memory. */
char *lend__fold(const char *s);

/* ---- Events (event.c) ----------------------------------------------- */

/* The row of entity E with ID, for an event. */
int lend__snapshot(lend_rows **out, lend_db *db, enum lend__entity e,
                   int64_t id);
/* Record that ACTOR did ACTION to entity E's ID at AT (NULL: now).  BEFORE is
 * the snapshot taken before the change, NULL for a creation; the row is
 * read again now and the event keeps only the fields that changed, with a
 * person's personal values replaced by a marker.  EXTRA, when not NULL,
 * is a JSON object whose members join "after" (a note, a method). */
int lend__event(lend_db *db, const char *at, int64_t actor,
                enum lend__entity e, int64_t id, const char *action,
                const lend_rows *before, const char *extra);
/* lend__event() with the row as it is now, ROW, given: an INSERT's or an
 * UPDATE's RETURNING *, which saves reading it again. */
int lend__event_row(lend_db *db, const char *at, int64_t actor,
                    enum lend__entity e, int64_t id, const char *action,
                    const lend_rows *before, const lend_rows *row,
                    const char *extra);
/* Write SET to entity E's row ID and record the edit, BEFORE being the
 * snapshot taken first: the one way a record is edited. */
int lend__edit(lend_db *db, const char *at, int64_t actor,
               enum lend__entity e, int64_t id, lend__set *set,
               const lend_rows *before);
/* Record an event whose before and after JSON the caller has made, for
 * what has no row of its own (a setting).  ID 0 records NULL. */
int lend__event_json(lend_db *db, const char *at, int64_t actor,
                     enum lend__entity e, int64_t id, const char *action,
                     const char *before, const char *after);

/* ---- Devices (device.c): reading one and moving its status ---------- */

/* One device as circulation's checks need it. */
typedef struct lend__device {
	int64_t id;
	int64_t site;
	char tag[40], kind[16], status[16], changed_at[LEND__TIME_LEN];
	char kit[40]; /* the kit it is part of, or "" */
	int parts;    /* a kit: it has parts */
} lend__device;

/* Device TAG: LEND_ENOTFOUND with no message set when there is none. */
int lend__device_find(lend__device *out, lend_db *db, const char *tag);
/* Device TAG (or ID): "CONCERN: device 'TAG' not found" and
 * LEND_ENOTFOUND when there is none. */
int lend__device_get(lend__device *out, lend_db *db, const char *concern,
                     const char *tag);
int lend__device_get_id(lend__device *out, lend_db *db, const char *concern,
                        int64_t id);

/* The one back-dating check: a change at AT may not land before the
 * device's last change (CHANGED_AT), or the history would tell a story
 * that cannot have happened.  "CONCERN: time ..." and LEND_EINVAL. */
int lend__device_check_order(lend_db *db, const char *concern,
                             const char *tag, const char *at,
                             const char *changed_at);
/* May device TAG go FROM -> TO for ACTION?  Only a check-out puts a
 * device on loan and only a wipe makes a quarantined one available; the
 * rest is the status_transition table.  LEND_ECONFLICT naming both. */
int lend__device_check_move(lend_db *db, const char *tag, const char *from,
                            const char *to, const char *action);

/* A device's conditions, NULL-terminated. */
extern const char *const lend__conditions[];

/* A move of a device's status. */
typedef struct lend__move {
	const char *to;        /* the new status */
	const char *action;    /* the event's: status, wipe, checkout... */
	const char *at;        /* when, checked by the caller */
	const char *condition; /* the new condition, or NULL to keep it */
	const char *extra;     /* JSON object joined to the event, or NULL */
	int64_t actor;
} lend__move;

/* The only writer of a device's status: check that device ID may make
 * move M, make it and record its event, in the caller's transaction.
 * The caller has checked the time with lend__device_check_order(), with
 * its own checks, so that its concern names a refusal before anything is
 * written. */
int lend__device_move(lend_db *db, int64_t id, const lend__move *m);

/* ---- Records made by imports as by hand (device.c, borrower.c,
 *      champion.c) ---------------------------------------------------- */

/* Add a device in the caller's transaction; TAG (SIZE bytes) receives
 * its tag, *ID its id.  Its creation event is the caller's to write, with
 * lend__device_events(). */
int lend__device_insert(char *tag, size_t size, int64_t *id, lend_db *db,
                        const lend_device_spec *spec);
/* lend_device_edit() of device ID in the caller's transaction, by ACTOR:
 * an import's --update. */
int lend__device_update(lend_db *db, int64_t actor, int64_t id,
                        const lend_device_spec *changes);
/* An import's devices, staged: begin clears the stage; stage checks a
 * device and stages it; end writes the stage into device with one
 * statement, skipping tags already there or staged twice, and writes their
 * creation events.  All in the caller's transaction. */
int lend__device_stage_begin(lend_db *db);
int lend__device_stage(char *tag, size_t size, lend_db *db,
                       const lend_device_spec *spec);
int lend__device_stage_end(lend_db *db, int64_t actor, size_t *added,
                           size_t *skipped);
/* The creation events of devices FIRST to LAST (ids), at their added_at,
 * by ACTOR, in one statement. */
int lend__device_events(lend_db *db, int64_t actor, int64_t first,
                        int64_t last);
/* Add a borrower in the caller's transaction, with REF when not NULL (an
 * import keeps its refs); OUT (SIZE bytes) receives the ref.  CONSENT_AT
 * and TERMS, when not NULL, are a consent recorded earlier. */
int lend__borrower_insert(char *out, size_t size, lend_db *db,
                          int64_t actor, const char *ref,
                          const lend_borrower_spec *spec,
                          const char *consent_at, const char *terms);

/* Add a champion in the caller's transaction, with REF when not NULL; OUT
 * (SIZE bytes) receives the ref. */
int lend__champion_insert(char *out, size_t size, lend_db *db,
                          int64_t actor, const char *ref,
                          const lend_champion_spec *spec);

/* One item of a loan, past or present, as an import reads it. */
typedef struct lend__loan_row {
	const char *ref, *borrower, *tag, *site, *issued_by, *champion;
	const char *out_at, *due_on, *returned_at, *outcome;
	const char *condition_out, *condition_in;
} lend__loan_row;

/* Write R (import_loan.c): its loan is made when new, and an item still
 * out puts its device on loan, as a check-out would.  An item already
 * there sets *SKIPPED instead.  In the caller's transaction, for ACTOR. */
int lend__loan_import(int *skipped, lend_db *db, int64_t actor,
                      const lend__loan_row *r);

/* ---- Circulation (checkout.c, checkin.c, kit.c, hold.c) ------------- */

/* Put device ID on loan LOAN (ref LOAN_REF) until DUE, its condition
 * CONDITION when not NULL, through device.c's move. */
int lend__loan_item_open(lend_db *db, int64_t loan, const char *loan_ref,
                         int64_t id, const char *due, const char *condition,
                         const char *at, int64_t actor);
/* Why device D, not available, cannot go out: its status, or the loan
 * and borrower that have it.  LEND_ECONFLICT. */
int lend__loan_not_available(lend_db *db, const lend__device *d);
/* The due date of a device of KIND going out at AT: S's date, or S's
 * days, or the kind's loan days. */
int lend__loan_due_on(char out[11], lend_db *db, const lend_checkout_spec *s,
                      const char *kind, const char *at);
/* The ids of kit KIT's parts, as rows of one column. */
int lend__kit_parts(lend_rows **out, lend_db *db, int64_t kit);

/* Close device DEVICE's open loan item with OUTCOME ('returned', 'lost'),
 * and its loan when nothing else is out.  No open item: nothing done. */
int lend__loan_item_close(lend_db *db, int64_t device, const char *outcome,
                          const char *condition, const char *at,
                          int64_t actor);
/* Add a notice naming the next borrower waiting for device ID. */
int lend__hold_next(lend_db *db, int64_t id, const char *tag);
/* Device ID is available again at AT: reserve it for the first waiting
 * hold on it or its kind, for hold.reserve_days, with a notice. */
int lend__hold_reserve(lend_db *db, int64_t id, const char *tag,
                       const char *at, int64_t actor);
/* Close hold ID as STATUS ('fulfilled', 'cancelled', 'expired'), its
 * event ACTION; the device it had set aside, still on the shelf, passes to
 * the next hold in line or back to the shelf, with a notice. */
int lend__hold_close(lend_db *db, int64_t id, const char *status,
                     const char *action, const char *at, int64_t actor);
/* Expire the reservations whose days ran out before AT, each device
 * passing on: the first thing every call on holds or devices does, so
 * that no timer is needed. */
int lend__hold_settle(lend_db *db, const char *at);
/* Device D, set aside for a hold, leaves the shelf for TO: the hold
 * passes to another device of its kind, or waits again. */
int lend__hold_displace(lend_db *db, const lend__device *d, const char *to,
                        const char *at, int64_t actor);
/* May loan LOAN be renewed at AT, with renew.when_held?  Refused
 * (LEND_ECONFLICT, naming the hold) while another borrower holds one of
 * its devices, or waits for its kind with no other on the shelf; devices
 * on the shelf are set aside for those who wait. */
int lend__hold_check_renew(lend_db *db, int64_t loan, const char *at,
                           int64_t actor);
/* Borrower ID (REF) has items overdue at AT: with loan.overdue 'warn' a
 * notice, with 'block' LEND_ECONFLICT unless OVERRIDE (then a notice);
 * CONCERN names the message. */
int lend__loan_check_overdue(lend_db *db, const char *concern,
                             const char *ref, int64_t id, const char *at,
                             int override);

/* ---- Outcomes at return (outcome.c) --------------------------------- */

/* Each of OUTCOMES (N) is a key of the setting 'outcomes': else
 * "CONCERN: unknown outcome 'X' (one of: ...)" and LEND_EINVAL. */
int lend__outcome_check(lend_db *db, const char *concern,
                        const char *const *outcomes, size_t n);
/* Record OUTCOMES (N, checked) against the loan holding device DEVICE
 * open, with its event; nothing when it holds none.  In the caller's
 * transaction. */
int lend__outcome_record(lend_db *db, int64_t device,
                         const char *const *outcomes, size_t n,
                         const char *at, int64_t actor);

/* ---- Settings (setting.c) ------------------------------------------- */

/* Check VALUE for KEY and store it, without role check or event: for
 * lend_db_create() and lend_setting_set(). */
int lend__setting_store(lend_db *db, const char *key, const char *value);
int lend__setting_int(int64_t *out, lend_db *db, const char *key);
/* lend_setting_get() without forgetting the call's messages so far. */
int lend__setting_text(char **out, lend_db *db, const char *key);
/* Check VALUE for setting KEY, naming CONCERN and FIELD in the message:
 * lend init checks its prefix before it creates a file. */
int lend__setting_check(lend_db *db, const char *concern,
                        const char *field, const char *key,
                        const char *value);

/* ---- CSV (csv.c) ----------------------------------------------------- */

typedef struct lend__csv {
	const char *p, *end;
	size_t line;        /* the line the reader is on */
	size_t record_line; /* the line the last record started on */
	char *buf;          /* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t *start;      /* where field i + 1 starts in buf */
	size_t nfields, fcap;
	char sep;           /* ',', ';' or '\t' */
} lend__csv;

/* Read CSV from DATA (LEN bytes), skipping a UTF-8 byte-order mark; the
 * separator is the one of ',', ';' and tab found most in the first line
 * outside quotes (',' when none), or SEP when it is not 0. */
void lend__csv_start(lend__csv *c, const char *data, size_t len, char sep);
/* The next record: 1, or 0 at the end, -1 for an unterminated quote, -2
 * when out of memory.  Lines end in LF, CRLF or CR alone, in any mix. */
int lend__csv_next(lend__csv *c);
const char *lend__csv_field(const lend__csv *c, size_t i);
/* The record is an empty line. */
int lend__csv_blank(const lend__csv *c);
void lend__csv_free(lend__csv *c);
/* Where DATA (LEN bytes) stops being UTF-8 text: the offset of the first
 * byte that is not UTF-8 or is NUL, or LEN when there is none. */
size_t lend__csv_bad_utf8(const char *data, size_t len);
/* Cell V (NULL: empty) as CSV with separator ',': quoted when it holds a
 * comma, quote or line break, and, as every CSV lend writes, with a '
 * before a leading =, +, -, @, tab or CR, so that a spreadsheet shows it
 * as text and never runs it as a formula. */
void lend__csv_cell(lend__buf *b, const char *v);

/* ---- Files (file.c) ------------------------------------------------- */

/* Temporaries are made beside their target under this prefix, so that
 * lend doctor --fix can find the ones a kill left behind. */
#define LEND__TEMP_PREFIX ".lend-tmp-"

/* Write LEN bytes of DATA to PATH through a temporary file and a rename;
 * PATH may only be a regular file or nothing yet. */
int lend__write_file(lend_db *db, const char *path, const char *data,
                     size_t len);
/* The whole of the file at PATH, NUL-terminated; *LEN (when LEN is not
 * NULL) its length.  Caller frees *out. */
int lend__read_file(char **out, size_t *len, lend_db *db,
                    const char *concern, const char *path);
/* What a document maker left in B, when RC is 0: handed to the caller as
 * *OUT (LEN bytes), or written to PATH.  B is freed; returns RC or the
 * failure to hand it over. */
int lend__buf_out(char **out, size_t *len, lend_db *db, lend__buf *b,
                  int rc);
int lend__buf_file(lend_db *db, const char *path, lend__buf *b, int rc);
/* Make directory PATH, or accept it when it is one already. */
int lend__make_dir(lend_db *db, const char *path);
/* 0 when PATH does not exist or is a regular file; else "CONCERN: will
 * not replace 'PATH': it is a device..." and LEND_EINVAL. */
int lend__check_target(lend_db *db, const char *concern, const char *path);
/* A mkstemp() template for a temporary beside PATH (malloc'd, or NULL). */
char *lend__temp_name(const char *path);
/* Remove the temporaries in DIR last changed over AGE seconds ago. */
int lend__sweep_temps(lend_db *db, const char *dir, long age, size_t *swept);

/* ---- Files compiled in (generated by the build) --------------------- */

typedef struct lend__file {
	const char *name; /* the file's stem */
	const char *text;
} lend__file;

/* labels/NAME.label */
extern const lend__file lend__templates[];
extern const size_t lend__ntemplates;
/* texts/NAME.txt: the loan terms and data protection notice */
extern const lend__file lend__texts[];
extern const size_t lend__ntexts;

#endif /* LEND_INTERNAL_H */
