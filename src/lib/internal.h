/*
 * Helpers shared inside liblend.  Nothing here is exported: the linker
 * version script keeps lend__* local to the shared library.
 */
#ifndef LEND_INTERNAL_H
#define LEND_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "lend.h"

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

/* ---- Storage (db.c): the only file that calls sqlite3_* -------------- */

enum { LEND__ARG_NULL, LEND__ARG_INT, LEND__ARG_TEXT };

/* One bound parameter.  Text NULL binds SQL NULL. */
typedef struct lend__arg {
	int type;
	int64_t i;
	const char *s;
} lend__arg;

#define LEND__T(x) ((lend__arg){ LEND__ARG_TEXT, 0, (x) })
#define LEND__I(x) ((lend__arg){ LEND__ARG_INT, (x), NULL })
#define LEND__NUL ((lend__arg){ LEND__ARG_NULL, 0, NULL })
/* The parameters of one statement, as an (array, count) pair. */
#define LEND__ARGS(...) \
	((const lend__arg[]){ __VA_ARGS__ }), \
	LEND__NELEM(((const lend__arg[]){ __VA_ARGS__ }))
#define LEND__NO_ARGS NULL, 0

struct lend_db;

/* Set DB's message, unless one is already set (the first error is the
 * true one), and return CODE. */
int lend__error(lend_db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The name an erased borrower keeps (privacy.c; doctor.c checks it). */
#define LEND__ERASED "erased"

/* Forget the message but not the notices: for checks that collect
 * every problem, not just the first. */
void lend__error_clear(lend_db *db);
/* Add a line to what the call has to tell besides its result. */
void lend__notice(lend_db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forget the previous call's message: every public entry point starts so. */
void lend__reset(lend_db *db);

/* BEGIN IMMEDIATE: take the write lock first, so a writer never fails
 * half-way with SQLITE_BUSY_SNAPSHOT (NOTES-libs.md).  Resets the message. */
int lend__txn_begin(lend_db *db);
/* Commit when RC is 0, else roll back; returns RC or the commit's error. */
int lend__txn_end(lend_db *db, int rc);

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

/* The acting user's name, or NULL. */
const char *lend__actor_name(const lend_db *db);

/* ---- Values (value.c) ----------------------------------------------- */

#define LEND__TIME_LEN 21 /* 'YYYY-MM-DDTHH:MM:SSZ' and its NUL */

/* The current time, ISO-8601 UTC. */
void lend__now(char out[LEND__TIME_LEN]);
int lend__is_date(const char *s);
/* DATE (valid, YYYY-MM-DD) plus DAYS. */
void lend__date_add(char out[11], const char *date, int days);
/* Accept 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM[:SS][Z]' (space for T too) and
 * write the canonical form.  Returns 0 or -1. */
int lend__parse_time(char out[LEND__TIME_LEN], const char *s);
int lend__luhn_ok(const char *digits);
int lend__is_language(const char *s);
/* The district of a UK postcode: 'ol11 1ab' and 'OL11' give 'OL11', and
 * *WHOLE says whether an inward code was cut off.  Returns 0 or -1. */
int lend__postcode_district(char out[5], int *whole, const char *text);
int lend__all_digits(const char *s);
/* Letters, digits and '-', '_', '.': what may go into a code or a tag,
 * which end up in QR codes and file names. */
int lend__is_code(const char *s, size_t max);
/* Valid UTF-8 with no control characters: invalid bytes would print as
 * the wrong letters on a PDF (NOTES-libs.md). */
int lend__is_text(const char *s);

/* Field checks that set "CONCERN: FIELD 'VALUE' ..." and return
 * LEND_EINVAL.  NULL values pass (optional fields). */
int lend__check_date(lend_db *db, const char *concern, const char *field,
                     const char *value);
int lend__check_text(lend_db *db, const char *concern, const char *field,
                     const char *value, int required);
int lend__check_code(lend_db *db, const char *concern, const char *field,
                     const char *value, size_t max);
int lend__check_phone(lend_db *db, const char *concern, const char *field,
                      const char *value);
int lend__check_email(lend_db *db, const char *concern, const char *value);
int lend__check_language(lend_db *db, const char *concern,
                         const char *value);
/* When something happened: AT, or now when NULL; never in the future. */
int lend__resolve_at(lend_db *db, const char *concern,
                     char out[LEND__TIME_LEN], const char *at);
int lend__check_one_of(lend_db *db, const char *concern, const char *field,
                       const char *value, const char *const *allowed);

extern const char *const lend__kinds[];     /* NULL-terminated */
extern const char *const lend__statuses[];  /* NULL-terminated */

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

/* ---- Lookups (lookup.c) --------------------------------------------- */

/* The id of the record called NAME: message "CONCERN: member 'X' not
 * found" and LEND_ENOTFOUND when there is none. */
int lend__member_id(int64_t *out, lend_db *db, const char *concern,
                    const char *code);
int lend__site_id(int64_t *out, lend_db *db, const char *concern,
                  const char *code);
int lend__grant_id(int64_t *out, lend_db *db, const char *concern,
                   const char *code);
int lend__device_id(int64_t *out, lend_db *db, const char *concern,
                    const char *tag);
int lend__user_id(int64_t *out, lend_db *db, const char *concern,
                  const char *name);
int lend__borrower_id(int64_t *out, lend_db *db, const char *concern,
                      const char *ref);
int lend__champion_id(int64_t *out, lend_db *db, const char *concern,
                      const char *ref);
int lend__loan_id(int64_t *out, lend_db *db, const char *concern,
                  const char *ref);
/* The rows of SQL, whose one parameter is KEY, for a show: "CONCERN: WHAT
 * 'KEY' not found" and LEND_ENOTFOUND when there are none. */
int lend__show(lend_rows **out, lend_db *db, const char *sql,
               const char *concern, const char *what, const char *key);

/* ---- Events (event.c) ----------------------------------------------- */

/* The row of ENTITY ('device', 'member'...) with ID, for an event. */
int lend__snapshot(lend_rows **out, lend_db *db, const char *entity,
                   int64_t id);
/* Record that ACTOR did ACTION to ENTITY ID at AT (NULL: now).  BEFORE is
 * the snapshot taken before the change, NULL for a creation; the row is
 * read again now and the event keeps only the fields that changed, with a
 * person's personal values replaced by a marker.  EXTRA, when not NULL,
 * is a JSON object whose members join "after" (a note, a method). */
int lend__event(lend_db *db, const char *at, int64_t actor,
                const char *entity, int64_t id, const char *action,
                const lend_rows *before, const char *extra);
/* Record an event whose before and after JSON the caller has made, for
 * what has no row of its own (a setting).  ID 0 records NULL. */
int lend__event_json(lend_db *db, const char *at, int64_t actor,
                     const char *entity, int64_t id, const char *action,
                     const char *before, const char *after);

/* ---- Records made by imports as by hand ------------------------------ */

/* Add a device in the caller's transaction; TAG (SIZE bytes) receives
 * its tag, *ID its id.  Its creation event is the caller's to write, with
 * lend__device_events(). */
int lend__device_insert(char *tag, size_t size, int64_t *id, lend_db *db,
                        const lend_device_spec *spec);
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

/* ---- Circulation (loan.c, hold.c) ---------------------------------- */

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

/* One item of a loan, past or present, as an import reads it. */
typedef struct lend__loan_row {
	const char *ref, *borrower, *tag, *site, *issued_by, *champion;
	const char *out_at, *due_on, *returned_at, *outcome;
	const char *condition_out, *condition_in;
} lend__loan_row;

/* Write R: its loan is made when new, and an item still out puts its
 * device on loan, as a check-out would.  An item already there sets
 * *SKIPPED instead.  In the caller's transaction, for ACTOR. */
int lend__loan_import(int *skipped, lend_db *db, int64_t actor,
                      const lend__loan_row *r);

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
/* Allocate the next PREFIX-000042 from COUNTER (DIGITS wide), stepping
 * over any that EXISTS_SQL finds in use. */
int lend__allocate(char *out, size_t size, lend_db *db, const char *counter,
                   const char *prefix, int digits, const char *exists_sql);
/* LEND_EEXISTS with "CONCERN: FIELD 'VALUE' already exists" when SQL,
 * given VALUE, finds a row. */
int lend__must_be_new(lend_db *db, const char *sql, const char *concern,
                      const char *field, const char *value);

/* ---- CSV (csv.c) ----------------------------------------------------- */

typedef struct lend__csv {
	const char *p, *end;
	size_t line;        /* the line the reader is on */
	size_t record_line; /* the line the last record started on */
	char *buf;          /* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t *start;      /* where field i + 1 starts in buf */
	size_t nfields, fcap;
} lend__csv;

/* Read CSV from DATA (LEN bytes), skipping a UTF-8 byte-order mark. */
void lend__csv_start(lend__csv *c, const char *data, size_t len);
/* The next record: 1, or 0 at the end, -1 for an unterminated quote, -2
 * when out of memory. */
int lend__csv_next(lend__csv *c);
const char *lend__csv_field(const lend__csv *c, size_t i);
/* The record is an empty line. */
int lend__csv_blank(const lend__csv *c);
void lend__csv_free(lend__csv *c);

/* ---- Files (file.c) ------------------------------------------------- */

/* Write LEN bytes of DATA to PATH through a temporary file and a rename. */
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

/* ---- Schema (generated from db/ by the build) ----------------------- */

typedef struct lend__migration {
	int version;
	const char *name;
	const char *sql;
} lend__migration;

extern const lend__migration lend__migrations[];
extern const size_t lend__nmigrations;

#endif /* LEND_INTERNAL_H */
