/*
 * liblend: the equipment-lending library of a consortium of community
 * organisations.  Everything the lend program does goes through this file.
 *
 * Conventions.  A function that can fail returns 0 or a negative LEND_E*
 * code and leaves one line describing the failure in lend_errmsg(db), such
 * as "device: tag 'RTL-00042' not found".  Results come back through the
 * first parameter, named out, which is written only on success.  Every call
 * that changes the database runs in one transaction: on failure nothing of
 * it is written.  Changes are made by the acting user (lend_db_act_as), and
 * each one is checked against that user's role and recorded as an event.
 *
 * Each function's comment lists every code it returns, in one form:
 * "Returns 0, LEND_ENOTFOUND (no such tag), LEND_EDENIED, LEND_ENOMEM,
 * LEND_EDB."  A change returns LEND_EDENIED when no user acts, the acting
 * user is unknown or their role does not allow it; any call that reads or
 * writes the database can return LEND_ENOMEM and LEND_EDB (also a file
 * that cannot be read or written, a locked database, a write on a handle
 * opened LEND_OPEN_QUERY_ONLY).  A constraint of the schema that the
 * library's own checks did not foresee is refused as LEND_EEXISTS,
 * LEND_EINVAL or LEND_ECONFLICT, with SQLite's words as the message.
 * Ownership is said as "Caller owns *out; free with lend_free()" or
 * "String owned by DB; valid until the next call on DB".
 *
 * Text is UTF-8.  Dates are 'YYYY-MM-DD'; times are ISO-8601 UTC,
 * 'YYYY-MM-DDTHH:MM:SSZ'.  Money is integer pence.
 */
#ifndef LEND_H
#define LEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LEND_VERSION "0.1.0"

/* Result codes.  Kept few: each is something a caller would branch on. */
#define LEND_OK          0
#define LEND_ENOTFOUND (-1) /* no such record */
#define LEND_EEXISTS   (-2) /* a record or file with that name exists */
#define LEND_EINVAL    (-3) /* invalid value: the message names the field */
#define LEND_ECONFLICT (-4) /* not allowed in the record's current state */
#define LEND_EDENIED   (-5) /* the acting user's role does not allow it */
#define LEND_ENOMEM    (-6) /* out of memory */
#define LEND_EDB       (-7) /* database or file error */

/* A database handle.  Not to be shared between threads without a lock. */
typedef struct lend_db lend_db;

/* The rows of a list or a show: named columns of integers, text or NULL. */
typedef struct lend_rows lend_rows;

/* Fixed text of a result code, such as "not found".  Static storage. */
const char *lend_strerror(int code);

/* Free memory that liblend handed to the caller (strings from *out).
 * Accepts NULL. */
void lend_free(void *p);

/* ---- Opening and creating ------------------------------------------- */

/* Open the lend database at PATH.  FLAGS: 0, or LEND_OPEN_QUERY_ONLY to
 * refuse every write for the handle's lifetime.  An older database is
 * migrated to this version of the schema in one transaction; a newer one,
 * a directory, a missing file and a file that is not a lend database are
 * refused.
 * Returns 0, LEND_ENOTFOUND (no such file), LEND_EINVAL (not a lend
 * database, or newer than this library), LEND_ENOMEM, LEND_EDB.
 * *out is set even on failure (NULL only when out of memory) so that the
 * caller can read lend_errmsg(); always release it with lend_close(). */
#define LEND_OPEN_QUERY_ONLY 1
int lend_open(lend_db **out, const char *path, int flags);

/* Create a new lend database at PATH for a consortium called CONSORTIUM,
 * whose tags are allocated as PREFIX-00001, with a first user ADMIN of
 * role admin.  The file is created with mode 0600 (it holds personal
 * data).  On failure no file is left behind.
 * Returns 0, LEND_EEXISTS (PATH exists), LEND_EINVAL (a bad name or
 * prefix), LEND_ENOMEM, LEND_EDB.
 * *out is set as for lend_open(); always release it with lend_close(). */
int lend_db_create(lend_db **out, const char *path, const char *consortium,
                   const char *prefix, const char *admin);

/* Copy the database, while others go on using it, to a new file at PATH
 * (mode 0600), written under a temporary name and renamed.  Admin only.
 * Returns 0, LEND_EDENIED, LEND_ENOMEM, LEND_EDB (also PATH not
 * writable). */
int lend_db_backup(lend_db *db, const char *path);

/* Replace the database at PATH with the copy in BACKUP, which must be a
 * lend database of a version this library knows (an older one is
 * migrated as the handle opens it), as ACTOR, an admin of the database at
 * PATH (or of the backup, when PATH is missing or cannot be opened).
 * BACKUP is copied beside PATH and checked there with lend_doctor() (and
 * SQLite's integrity check) before it takes PATH's place; the restore is
 * recorded as an event in it, and the borrowers erased at PATH are erased
 * again in it.  The database replaced is checkpointed and kept beside it,
 * with its -wal and -shm, as PATH.before-restore-TIME (-2, -3... when the
 * name is taken), named in lend_notice().  Nobody may be using PATH
 * meanwhile.  Returns 0, LEND_EDENIED (no actor, not found, not an
 * admin), LEND_ENOTFOUND (backup), LEND_EINVAL (not a lend database,
 * newer, or the doctor finds problems in it: nothing is changed),
 * LEND_ENOMEM, LEND_EDB.  *out is a handle on the restored database,
 * opened as lend_open() opens one and acting as ACTOR, set even on
 * failure (NULL only when out of memory); always release it with
 * lend_close(). */
int lend_db_restore(lend_db **out, const char *path, const char *backup,
                    const char *actor);

/* Copy the database DB (a SQLite file, acting as an admin of it) into
 * the PostgreSQL database TO ("postgresql://...", or libpq's
 * "host=... dbname=..."), which must hold no tables, or only the schema a
 * copy that failed left (no user): its schema is made, then every table's
 * rows are copied in one transaction, ids kept, and the ids TO hands out
 * next follow them.  The copy is then checked: every table's row count,
 * and the funder report's JSON (all members, from the first event to
 * today), equal on both; lend_notice() says how many rows.  DB is only
 * read.  Returns 0, LEND_EDENIED (no actor, not an admin), LEND_EINVAL
 * (DB is not a file or TO not a PostgreSQL database, or TO's schema is
 * newer), LEND_EEXISTS (TO holds tables), LEND_ENOMEM, LEND_EDB (also TO
 * unreachable, or the check found a difference: TO keeps the copy). */
int lend_db_migrate_store(lend_db *db, const char *to);

/* Close DB, releasing everything it owns.  Accepts NULL. */
void lend_close(lend_db *db);

/* The message of the last failure on DB, one line without "lend: ", or ""
 * when the last call succeeded.  String owned by DB; valid until the next
 * call on DB. */
const char *lend_errmsg(const lend_db *db);

/* What the last call had to tell besides its result, one line each, or
 * "": a full postcode cut to its district, the next borrower waiting for a
 * returned device.  String owned by DB; valid until the next call on DB. */
const char *lend_notice(const lend_db *db);

/* A refusal or a notice as data, for an interface that speaks another
 * language than the English of lend_errmsg() and lend_notice(): a stable
 * key ("checkout.on_loan") and its values by name ("tag", "borrower",
 * "loan").  Each key has its English and Welsh text in liblend
 * (lend_info_text()).  Values are as given, but for one over 240 bytes, kept as its first 240
 * (on a character's boundary) and an ellipsis.
 * Strings owned by DB; valid until the next call on DB. */
#define LEND_INFO_MAX 8
typedef struct lend_info {
	const char *key;
	int code;                 /* the refusal's LEND_E* code; 0: a notice */
	size_t n;                 /* name/value pairs */
	const char *names[LEND_INFO_MAX];
	const char *values[LEND_INFO_MAX];
} lend_info;

/* The last failure's key and values.  Returns 0, or LEND_ENOTFOUND when
 * the last call succeeded. */
int lend_error_info(const lend_db *db, lend_info *out);
/* How many lines lend_notice() has; the key and values of line I.
 * lend_notice_info() returns 0, or LEND_ENOTFOUND when there is no line
 * I. */
size_t lend_notice_count(const lend_db *db);
int lend_notice_info(const lend_db *db, size_t i, lend_info *out);
/* INFO said in LANG ("en", "cy"; NULL: English) into BUF of SIZE bytes:
 * the key's text with the values put in ({name}, and {name|one|other}
 * for a count).  A key without text in LANG is said in English; one
 * without text at all by its value "line".  Returns BUF. */
const char *lend_info_text(char *buf, size_t size, const lend_info *info,
                           const char *lang);

/* Act as the user called NAME for the calls that follow (NULL: nobody:
 * every change, and every read of personal data, is refused with
 * LEND_EDENIED).  The user decides which borrowers DB sees (DESIGN.md,
 * "Who sees whom"): every call touching a borrower, loan, hold, support
 * span, session, export, document or history goes through one predicate,
 * and a ref out of scope is LEND_ENOTFOUND with a missing ref's message.
 * Refs and tags are matched in any case, B-12 as B-000012.  The name is
 * checked when a call is made; DB keeps its own copy of NAME.
 * Returns 0 or LEND_ENOMEM. */
int lend_db_act_as(lend_db *db, const char *name);

/* ---- Rows ----------------------------------------------------------- */

#define LEND_NULL    0
#define LEND_INTEGER 1
#define LEND_REAL    2
#define LEND_TEXT    3

size_t lend_rows_count(const lend_rows *rows);
size_t lend_rows_columns(const lend_rows *rows);
/* Name of column COL.  String owned by ROWS; valid until
 * lend_rows_free(ROWS). */
const char *lend_rows_name(const lend_rows *rows, size_t col);
/* Type of the value at ROW, COL: LEND_NULL, LEND_INTEGER, LEND_REAL or
 * LEND_TEXT. */
int lend_rows_type(const lend_rows *rows, size_t row, size_t col);
/* The value at ROW, COL as text (numbers in decimal), or NULL for a NULL.
 * String owned by ROWS; valid until lend_rows_free(ROWS). */
const char *lend_rows_text(const lend_rows *rows, size_t row, size_t col);
/* The value at ROW in the column called NAME, as lend_rows_text(); NULL
 * also when there is no such column.  String owned by ROWS; valid until
 * lend_rows_free(ROWS). */
const char *lend_rows_get(const lend_rows *rows, size_t row,
                          const char *name);
/* ROWS as JSON: an array of objects, or with LEND_JSON_OBJECT the first
 * row alone as an object.  Integers are numbers, NULL is null.
 * Returns 0 or LEND_ENOMEM.  Caller owns *out; free with lend_free(). */
#define LEND_JSON_OBJECT 1
int lend_rows_json(char **out, const lend_rows *rows, int flags);
/* Release ROWS.  Accepts NULL. */
void lend_rows_free(lend_rows *rows);

/* ---- Settings ------------------------------------------------------- */

/* The value of setting KEY ('loan.limit'), or its default when never set.
 * Returns 0, LEND_ENOTFOUND (unknown key), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_setting_get(char **out, lend_db *db, const char *key);

/* Every known setting: columns key, value, is_default, description.
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_setting_list(lend_rows **out, lend_db *db);

/* Setting KEY as one row of lend_setting_list().
 * Returns 0, LEND_ENOTFOUND (unknown key), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_setting_show(lend_rows **out, lend_db *db, const char *key);

/* Set KEY to VALUE, checked against the key's type.  Admin only.
 * Returns 0, LEND_ENOTFOUND (unknown key), LEND_EINVAL (ill-typed value),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_setting_set(lend_db *db, const char *key, const char *value);

/* ---- Members, sites, users, grants ---------------------------------- */

/* Add a member organisation.  Admin only.
 * Returns 0, LEND_EEXISTS (code), LEND_EINVAL (code, name), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_member_add(lend_db *db, const char *code, const char *name);
/* The same, with the member's PHONE (NULL or "" for none), which a loan
 * slip prints when the lending site has no phone of its own.
 * Returns as lend_member_add(), and LEND_EINVAL (phone). */
int lend_member_add_phone(lend_db *db, const char *code, const char *name,
                          const char *phone);
/* Rename member CODE and/or change its PHONE: NULL leaves either as it
 * is; a PHONE of "" clears it.  Admin only.
 * Returns 0, LEND_ENOTFOUND (member), LEND_EINVAL (name, phone),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_member_edit(lend_db *db, const char *code, const char *name,
                     const char *phone);
/* Every member, by code; columns code, name, sites, devices, created_at,
 * phone.
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_member_list(lend_rows **out, lend_db *db);
/* One member (one row, as lend_member_list()).
 * Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_member_show(lend_rows **out, lend_db *db, const char *code);

/* A site.  For lend_site_edit() a NULL field stays as it is and "" clears
 * an optional one. */
typedef struct lend_site_spec {
	const char *code;    /* required, unique */
	const char *member;  /* member code, required */
	const char *name;    /* required */
	const char *address; /* printed on slips */
	const char *hours;   /* opening hours, printed on slips */
	const char *phone;   /* phone number, printed on slips */
} lend_site_spec;

/* Add a site.  Admin only.
 * Returns 0, LEND_ENOTFOUND (member), LEND_EEXISTS (code), LEND_EINVAL,
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_site_add(lend_db *db, const lend_site_spec *spec);
/* Change site CODE (spec->code must be NULL: a code does not change).
 * Admin only.  Returns 0, LEND_ENOTFOUND (site, member), LEND_EINVAL (a
 * field, a code given), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_site_edit(lend_db *db, const char *code,
                   const lend_site_spec *changes);
/* Sites, by code, of member MEMBER or of all (NULL); columns code, member,
 * name, address, hours, phone, devices, created_at.
 * Returns 0, LEND_ENOTFOUND (member), LEND_EINVAL (an empty member code),
 * LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_site_list(lend_rows **out, lend_db *db, const char *member);
/* One site.  Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_site_show(lend_rows **out, lend_db *db, const char *code);

/* A user.  For lend_user_edit() a NULL field stays as it is. */
typedef struct lend_user_spec {
	const char *name;   /* login name, required, unique */
	const char *member; /* member code; may be NULL for admin and funder */
	const char *role;   /* admin, staff, champion or funder */
	const char *full_name; /* "Sam Patel", as documents name the user;
	                        * may be NULL (the login name stands in) */
	const char *champion;  /* a champion's ref, for role champion: the
	                        * record the user logs in as, whose member is
	                        * theirs; without one they see no borrower */
} lend_user_spec;

/* Add a user.  Admin only.  A champion user is linked to its champion
 * record: it sees the borrowers that champion supports now, and its
 * sessions are credited to it.
 * Returns 0, LEND_ENOTFOUND (member, champion), LEND_EEXISTS (name, a
 * champion with a login already), LEND_EINVAL (name, role, a member
 * missing for staff or champion, a champion given for another role), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_user_add(lend_db *db, const lend_user_spec *spec);
/* Change user NAME's member, role or full name (changes->name must be
 * NULL).
 * Admin only; the last admin cannot stop being one.
 * Returns 0, LEND_ENOTFOUND (user, member), LEND_EINVAL (role, a member
 * missing, a name given), LEND_ECONFLICT (last admin), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_user_edit(lend_db *db, const char *name,
                   const lend_user_spec *changes);
/* Every user, by name; columns name, full_name, role, member,
 * created_at, champion, disabled (1 or 0) and has_password (1 or 0).
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_user_list(lend_rows **out, lend_db *db);
/* One user, with lend_user_list()'s columns.  Returns 0, LEND_ENOTFOUND,
 * LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_user_show(lend_rows **out, lend_db *db, const char *name);

/* A grant, a source of funding.  For lend_grant_edit() a NULL field stays
 * as it is and "" clears the reference. */
typedef struct lend_grant_spec {
	const char *code;      /* required, unique */
	const char *funder;    /* required */
	const char *programme; /* required */
	const char *reference; /* the funder's own reference */
	const char *starts_on; /* YYYY-MM-DD, required */
	const char *ends_on;   /* YYYY-MM-DD, required, not before starts_on */
} lend_grant_spec;

/* Add a grant.  Admin only.
 * Returns 0, LEND_EEXISTS (code), LEND_EINVAL (a field, dates out of
 * order), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_grant_add(lend_db *db, const lend_grant_spec *spec);
/* Change grant CODE (changes->code must be NULL).  Admin only.
 * Returns 0, LEND_ENOTFOUND (grant), LEND_EINVAL (a field, dates out of
 * order, a code given), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_grant_edit(lend_db *db, const char *code,
                    const lend_grant_spec *changes);
/* Every grant, by code; columns code, funder, programme, reference,
 * starts_on, ends_on, devices, created_at.
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_grant_list(lend_rows **out, lend_db *db);
/* One grant.  Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_grant_show(lend_rows **out, lend_db *db, const char *code);

/* ---- Devices -------------------------------------------------------- */

/* A device.  For lend_device_add() NULL means not given; for
 * lend_device_edit() NULL means unchanged and "" clears an optional
 * field. */
typedef struct lend_device_spec {
	const char *tag;  /* NULL: allocated from tag.prefix, as RTL-00042 */
	const char *kind; /* tablet laptop phone hotspot sim accessory other */
	const char *make;
	const char *model;
	const char *serial;
	const char *imei;            /* 15 digits, Luhn-checked */
	const char *iccid;           /* SIM: 19-20 digits, Luhn-checked */
	const char *phone_number;    /* SIM: its number */
	const char *network;         /* SIM: network operator */
	const char *data_allowance;  /* SIM: as sold, e.g. '20GB/month' */
	const char *plan_expires_on; /* SIM: YYYY-MM-DD */
	const char *member;          /* owner member code, required */
	const char *site;            /* home site code, required */
	const char *grant;           /* code of the grant that paid for it */
	const char *purchased_on;    /* YYYY-MM-DD */
	const int64_t *cost_pence;   /* NULL: not given; never negative */
	const char *condition;       /* new good fair poor damaged */
	const char *notes;
	/* When the device entered the pool (add only; NULL: now).  Reports
	 * count pool days from it, so stock moved from a spreadsheet can be
	 * back-dated.  Never in the future. */
	const char *added_at;
} lend_device_spec;

/* Add a device.  Admin or staff.  *out is the device's tag.
 * Returns 0, LEND_ENOTFOUND (member, site, grant), LEND_EEXISTS (tag),
 * LEND_EINVAL, LEND_EDENIED, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_device_add(char **out, lend_db *db, const lend_device_spec *spec);

/* Change device TAG.  A tag is printed on its label and never changes,
 * and status has its own call.  Admin or staff.
 * Returns 0, LEND_ENOTFOUND (device, member, site, grant), LEND_EINVAL (a
 * field, a tag or added_at given, nothing to change), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_device_edit(lend_db *db, const char *tag,
                     const lend_device_spec *changes);

/* Which devices lend_device_list() returns: each non-NULL field must
 * match. */
typedef struct lend_device_filter {
	const char *kind;
	const char *status;
	const char *member; /* member code */
	const char *site;   /* site code */
	const char *grant;  /* grant code */
} lend_device_filter;

/* Devices by tag; columns as lend_device_show().  FILTER may be NULL.
 * Returns 0, LEND_ENOTFOUND (a member, site or grant of the filter),
 * LEND_EINVAL (a kind or status of the filter, an empty code), LEND_ENOMEM,
 * LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_device_list(lend_rows **out, lend_db *db,
                     const lend_device_filter *filter);

/* Device TAG with every field: tag, kind, make, model, serial, imei,
 * iccid, phone_number, network, data_allowance, plan_expires_on, member,
 * site, grant, purchased_on, cost_pence, status, condition, notes,
 * added_at, changed_at, kit (the kit it is part of), parts (of a kit,
 * comma-separated tags).
 * Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_device_show(lend_rows **out, lend_db *db, const char *tag);

/* Move device TAG to STATUS: repair (from available or quarantine), lost
 * (from on_loan or available), retired (from any state but on_loan), or
 * quarantine (from repair, or a lost device found).  on_loan and
 * available have their own calls (check-out, wipe).  Marking a device on
 * loan lost closes its loan item as lost.  A device set aside for a hold
 * that leaves the shelf passes the hold to another device of its kind, or
 * back to waiting; the notices say so.  NOTE may be NULL.  AT is when
 * it happened (NULL: now; not before the device's last change).  Admin or
 * staff.  Returns 0, LEND_ENOTFOUND, LEND_EINVAL (unknown status, note,
 * bad time or one before the last change), LEND_ECONFLICT (transition not
 * allowed), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_device_status(lend_db *db, const char *tag, const char *status,
                       const char *note, const char *at);

/* Record that device TAG, in quarantine, was wiped by METHOD ('factory
 * reset', 'DBAN 3-pass') and make it available, set aside for the first
 * hold it can serve (with a notice).  AT as above.  Admin or
 * staff.  Returns 0, LEND_ENOTFOUND, LEND_EINVAL (method, bad time or one
 * before the last change), LEND_ECONFLICT (not in quarantine),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_device_wipe(lend_db *db, const char *tag, const char *method,
                     const char *at);

/* ---- Borrowers, champions, support --------------------------------- */

/* A borrower: the minimum of personal data.  For lend_borrower_edit() a
 * NULL field stays as it is and "" clears an optional one. */
typedef struct lend_borrower_spec {
	const char *name;     /* required */
	const char *phone;
	const char *email;
	/* The outward code ('OL11'); a full postcode is cut to it, with a
	 * notice, and never stored whole. */
	const char *postcode;
	const char *member;   /* referring member code, required */
	const char *language; /* preferred, ISO 639-1 ('cy'), or 'en+cy':
	                       * documents and reminders in both */
	const char *notes;
	int consent; /* record consent now: by the acting user, to the
	              * current terms.version */
	const char *at; /* when it happened (NULL: now) */
} lend_borrower_spec;

/* Add a borrower.  Admin, staff or champion.  *out is the new ref
 * ('B-000123').  Returns 0, LEND_ENOTFOUND (member), LEND_EINVAL,
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_borrower_add(char **out, lend_db *db,
                      const lend_borrower_spec *spec);
/* Change borrower REF.  Admin, staff or champion.
 * Returns 0, LEND_ENOTFOUND (borrower, member), LEND_EINVAL (a field,
 * nothing to change), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_borrower_edit(lend_db *db, const char *ref,
                       const lend_borrower_spec *changes);
/* Borrowers by ref whose name contains SEARCH or whose ref is SEARCH (NULL:
 * all); columns ref, name, postcode_district, member, language, champion.
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_borrower_list(lend_rows **out, lend_db *db, const char *search);
/* Borrower REF with every field, the current champion, past champions
 * and open loans.  Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_borrower_show(lend_rows **out, lend_db *db, const char *ref);

/* A digital champion. */
typedef struct lend_champion_spec {
	const char *name;      /* required */
	const char *member;    /* member code, required */
	const char *phone;
	const char *email;
	const char *languages; /* ISO 639-1 codes, comma-separated: 'cy,en' */
	const char *at;        /* when they joined (NULL: now) */
	const char *user;      /* NULL, or a login name to add for them, as
	                        * lend_user_add() with role champion */
} lend_champion_spec;

/* Add a champion.  Admin or staff (admin only with a user).  *out is the
 * new ref ('C-0001').
 * Returns 0, LEND_ENOTFOUND (member), LEND_EEXISTS (user), LEND_EINVAL,
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_champion_add(char **out, lend_db *db,
                      const lend_champion_spec *spec);
/* Champions by ref; columns ref, name, member, phone, email, languages,
 * borrowers (supported now, of those the acting user sees).
 * Returns 0, LEND_EDENIED (no acting user), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_champion_list(lend_rows **out, lend_db *db);
/* Champion REF, the borrowers supported now (refs, of those the acting
 * user sees) and the support sessions (count, minutes).  Returns 0,
 * LEND_ENOTFOUND, LEND_EDENIED (no acting user), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_champion_show(lend_rows **out, lend_db *db, const char *ref);

/* From FROM_ON (YYYY-MM-DD; NULL: today) CHAMPION supports BORROWER; the
 * previous champion's span ends that day, and stays in the history.
 * Admin, staff or champion.  Returns 0, LEND_ENOTFOUND (borrower,
 * champion), LEND_EINVAL (date), LEND_ECONFLICT (already their champion),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_support_assign(lend_db *db, const char *borrower,
                        const char *champion, const char *from_on);
/* BORROWER's current support ends on ON (YYYY-MM-DD; NULL: today): from
 * then their champion no longer sees them, and retention may erase them
 * once idle.  Admin, staff or champion, within their scope.
 * Returns 0, LEND_ENOTFOUND (borrower), LEND_EINVAL (date, before the
 * span began), LEND_ECONFLICT (no current support), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_support_end(lend_db *db, const char *borrower, const char *on);

/* Log a support session with BORROWER of MINUTES on TOPIC, held on HELD_ON
 * (NULL: today), by CHAMPION (NULL: the borrower's current champion).
 * Admin, staff or champion; a champion user's sessions are their own
 * (CHAMPION, when given, must be theirs: else LEND_EDENIED).  Returns 0, LEND_ENOTFOUND (borrower,
 * champion), LEND_EINVAL (no champion, minutes, topic, date),
 * LEND_ECONFLICT (the borrower was erased: a topic is personal data),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_session_log(lend_db *db, const char *borrower,
                     const char *champion, int minutes, const char *topic,
                     const char *held_on);

/* ---- Kits ----------------------------------------------------------- */

/* Make the devices PARTS (NPARTS tags) parts of the kit device KIT: they
 * go out and come back with it, never alone.  AT: when (NULL: now).
 * Admin or staff.
 * Returns 0, LEND_ENOTFOUND (a device), LEND_EINVAL (no parts, time),
 * LEND_ECONFLICT (a part already in a kit, a kit inside a kit, a device
 * on loan), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_kit_add(lend_db *db, const char *kit, const char *const *parts,
                 size_t nparts, const char *at);
/* The parts of kit KIT: tag, kind, make, model, status.
 * Returns 0, LEND_ENOTFOUND (no such kit), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_kit_show(lend_rows **out, lend_db *db, const char *kit);

/* ---- Loans ---------------------------------------------------------- */

/* A check-out: one loan of one or more devices to one borrower. */
typedef struct lend_checkout_spec {
	const char *borrower;     /* ref */
	const char *const *tags;  /* devices (a kit brings its parts) */
	size_t ntags;
	int days;                 /* loan days; 0: loan.days.KIND each */
	const char *due_on;       /* or a due date, not in the past */
	const char *site;         /* where (NULL: the first device's home) */
	const char *condition;    /* condition out (NULL: as recorded) */
	const char *at;           /* when (NULL: now) */
	const char *loan;         /* join this open loan of the borrower
	                           * instead of starting one (NULL) */
	int override;             /* staff lend ahead of a queue, or to a
	                           * borrower with overdue items under
	                           * loan.overdue=block (1), saying so */
} lend_checkout_spec;

/* Lend devices.  Refused, with the reason, when a device is not
 * available (on loan: which loan and borrower; to this borrower: the
 * renewal to run), is a kit part alone, or is reserved for another
 * borrower's hold; when another borrower waits for the device or its kind
 * ahead of this one (naming who and since when), unless OVERRIDE; when
 * the borrower has items overdue and loan.overdue is 'block', unless
 * OVERRIDE ('warn' adds a notice); when the borrower has not consented or
 * would pass loan.limit; when the due date is past.  Records
 * the issuing user, the site and the borrower's champion now.  Admin or
 * staff.  *out is the loan ref ('L-000123').
 * Returns 0, LEND_ENOTFOUND (borrower, device, site, loan), LEND_EINVAL (a
 * field, no device), LEND_ECONFLICT (each refusal above), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_loan_checkout(char **out, lend_db *db,
                       const lend_checkout_spec *spec);

/* A check-in. */
typedef struct lend_checkin_spec {
	const char *const *tags;    /* devices back (a kit brings its parts) */
	size_t ntags;
	const char *const *missing; /* kit parts not back: recorded as lost */
	size_t nmissing;
	const char *condition;      /* condition in */
	const char *note;
	const char *at;             /* when (NULL: now) */
	/* what the borrower says the loan helped with: keys of the setting
	 * 'outcomes', recorded against each loan checked in (none: none) */
	const char *const *outcomes;
	size_t noutcomes;
} lend_checkin_spec;

/* Take devices back into quarantine; a loan closes when all its items
 * are back.  The notice names the next borrower waiting for each device
 * and the wipe to run, when the acting user sees them (else it says the
 * device is kept for the next in line): staff of any member take a
 * device back, wherever it was lent.  An outcome not in the setting
 * 'outcomes' is refused with nothing done.
 * Admin or staff.  Returns 0, LEND_ENOTFOUND (a device), LEND_EINVAL (a
 * field, an outcome, no device), LEND_ECONFLICT (not on loan, a kit part alone),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_loan_checkin(lend_db *db, const lend_checkin_spec *spec);

/* Renew the open items of loan REF, or of the loan holding device REF,
 * by DAYS (0: loan.days.KIND) from their due date, up to loan.renewals.
 * With renew.when_held 'refuse' (the default), refused while another
 * borrower holds one of its devices, or waits for its kind and no other
 * device of the kind is on the shelf (those on it are set aside for them,
 * with a notice).  AT as above.  Admin or staff.  Returns 0,
 * LEND_ENOTFOUND (loan or device), LEND_EINVAL (days, time),
 * LEND_ECONFLICT (no renewals left, nothing out, held), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_loan_renew(lend_db *db, const char *ref, int days, const char *at);

/* Void loan REF, a check-out made in error, as if it never happened: its
 * devices go back to available without quarantine (they never left the
 * desk), the loan and its items are removed, and an event of the loan and
 * of each device records the void; the notice names the devices.  Only by
 * the user who made it, within desk.undo_minutes of its time, while
 * nothing of it came back and it was not renewed; a hold it fulfilled
 * stays fulfilled.  Admin or staff.  Returns 0, LEND_ENOTFOUND,
 * LEND_EINVAL (an empty ref), LEND_ECONFLICT (another user's, too late,
 * something back, renewed), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_loan_void(lend_db *db, const char *ref);

/* Loans, newest first, open ones only when OPEN_ONLY, of BORROWER when not
 * NULL; columns ref, borrower, out_at, due_on (earliest open), items,
 * open_items, closed_at.  Returns 0, LEND_ENOTFOUND (borrower),
 * LEND_EINVAL (an empty ref), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_loan_list(lend_rows **out, lend_db *db, const char *borrower,
                   int open_only);
/* Loan REF: one row per item with the loan's fields: ref, borrower, site,
 * issued_by, champion, out_at, renewals, closed_at, tag, kind, model,
 * part_of, due_on, returned_at, outcome, condition_out, condition_in.
 * Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_loan_show(lend_rows **out, lend_db *db, const char *ref);
/* Items out and due before AS_OF (YYYY-MM-DD; NULL: today), most late
 * first: tag, loan, borrower, due_on, days_late, champion,
 * champion_phone, champion_email.
 * Returns 0, LEND_EINVAL (AS_OF not a date), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_loan_overdue(lend_rows **out, lend_db *db, const char *as_of);

/* SIM plans ending within DAYS of today (or ended): tag, plan_expires_on,
 * days_left, phone_number, network, status, borrower (holding it),
 * champion, champion_phone.
 * Returns 0, LEND_EINVAL (DAYS not 0 to 3660), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_sim_expiring(lend_rows **out, lend_db *db, int days);

/* ---- Holds ---------------------------------------------------------- */

/* BORROWER waits for a device of KIND, or for device TAG (one of the two
 * NULL), from AT (NULL: now; a paper form keeps its place in the queue).
 * Served first come, first served when one is wiped: the device is set
 * aside (reserved) for hold.reserve_days; a reservation not collected
 * expires and the device passes to the next hold.  Every call on holds or
 * devices settles lapsed reservations first.  Admin, staff or champion.
 * *out is the hold ref ('H-000001').
 * Returns 0, LEND_ENOTFOUND (borrower, device), LEND_EINVAL (kind, both or
 * neither of KIND and TAG, time), LEND_ECONFLICT (already waiting for
 * it, the borrower has the device out, a kit part), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_hold_add(char **out, lend_db *db, const char *borrower,
                  const char *kind, const char *tag, const char *at);
/* Holds waiting or reserved, and those expired in the week before, oldest
 * first: ref, borrower, kind, device, placed_at, status ('waiting',
 * 'reserved', 'expired'), reserved_device, reserved_until.  Reservations
 * whose days ran out by AS_OF (NULL: now) are first settled, in a write
 * transaction: each expires and its device passes to the next hold (the
 * notices say so).  Returns 0, LEND_EINVAL (time), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_hold_list(lend_rows **out, lend_db *db, const char *as_of);
/* Cancel hold REF at AT (NULL: now).  A device set aside for it passes to
 * the next hold in line or back to the shelf, with a notice.  Admin, staff
 * or champion.
 * Returns 0, LEND_ENOTFOUND, LEND_EINVAL (time), LEND_ECONFLICT (already
 * closed or expired), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_hold_cancel(lend_db *db, const char *ref, const char *at);

/* ---- Scanning ------------------------------------------------------- */

/* The desk's grammar, one scanned line at a time, with no state kept in
 * the handle: the caller keeps the state between lines (a terminal in a
 * variable, the browser desk in its session) and passes its clock.
 *
 * A borrower ref (a card) ends the check-out in progress and opens
 * theirs, telling their name, items out and overdue, consent and how
 * many more the loan limit allows, or refusing them there (erased, no
 * consent, overdue items under loan.overdue=block, at the limit).  A tag
 * then joins the check-out (the first opens the loan) with its kind,
 * model and due date, a kit with its parts counted; a tag the same
 * borrower has out on another loan comes back (a swap); one already in
 * this check-out is told so.  An empty line, "done", another card, or
 * desk.idle_seconds without a line end the check-out, which "undo" then
 * voids (lend_loan_void()).  A lone tag of a device on loan checks it in
 * (to quarantine, the next holder named); a quarantined device is told to
 * need a wipe; a loan ref tells what is still out; a label's URL
 * (label.url) stands for its tag. */
typedef struct lend_scan_state {
	char borrower[32];  /* the check-out in progress, or "" */
	char loan[32];      /* its loan once a device went out, or "" */
	int lent;           /* devices lent in it, kit parts counted */
	long long last;     /* the caller's clock at the last line, seconds */
	char last_loan[32]; /* the last check-out ended, for "undo" */
} lend_scan_state;

typedef struct lend_scan_result {
	int code;           /* 0, or the refusal's code (lend_error_info()) */
	int warn;           /* a line calls for attention: overdue items, a
	                     * device set aside for a hold, an override */
	char ref[32];       /* what the line was about: borrower, loan, tag */
	char offer[32];     /* a check-out just ended, to offer to void */
} lend_scan_result;

/* A desk opens at NOW: the acting user must be admin or staff.  Returns
 * 0, LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_scan_begin(lend_db *db, lend_scan_state *out, long long now);
/* Act on scanned LINE in state IN at NOW (seconds, the caller's clock);
 * OUT (which may be IN) is the state after it, even on a refusal, and RES
 * what happened.  The lines to show are the handle's notices in order
 * (lend_notice(), lend_notice_count(), lend_notice_info(): keys scan.*
 * and those of the calls made), then the refusal when there is one.
 * Returns 0, or the code of what failed, with its reason in
 * lend_errmsg(): LEND_ENOTFOUND, LEND_EINVAL, LEND_ECONFLICT,
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB; either way the desk goes on. */
int lend_scan_step(lend_db *db, const lend_scan_state *in, const char *line,
                   long long now, lend_scan_state *out,
                   lend_scan_result *res);

/* ---- Labels --------------------------------------------------------- */

/* Which labels to make, and how.  The devices are TAGS, or every device
 * not retired (ALL), or those of MEMBER, or those added on or after SINCE;
 * the selections combine. */
typedef struct lend_label_spec {
	const char *const *tags;
	size_t ntags;
	int all;
	const char *member;  /* member code */
	const char *since;   /* YYYY-MM-DD */
	const char *format;  /* "pdf" (default), "png" or "svg" */
	/* Sheet layout: a shipped name (lend_label_templates()) or the path
	 * of a .label file; default avery-l7160.  PNG ignores it. */
	const char *sheet;
	int start;           /* PDF: first label cell to use, from 1 */
	int dpi;             /* PNG: dots per inch, default 300 */
	/* Called after each label with the count so far, when not NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/* Instead of devices, the card of borrower BORROWER (a ref): the ref,
	 * their member and the consortium, the code carrying the ref alone.
	 * Within the acting user's scope: out of it, LEND_ENOTFOUND as a
	 * missing ref. */
	const char *borrower;
} lend_label_spec;

/* Make the labels of SPEC at PATH: one PDF of sheets, or a directory of
 * TAG.png or TAG.svg files (made if missing).  Each file is written under
 * a temporary name and renamed, so nothing is half-written.
 * Returns 0, LEND_ENOTFOUND (a tag, member or sheet), LEND_EINVAL (a bad
 * sheet file, format or selection), LEND_ENOMEM, LEND_EDB (also a file
 * error). */
int lend_label_write(lend_db *db, const lend_label_spec *spec,
                     const char *path);

/* The labels of SPEC in memory, for a program that serves them: the PDF,
 * or the first device's PNG or SVG, of *LEN bytes.
 * Returns 0, LEND_ENOTFOUND (a tag, member or sheet), LEND_EINVAL (a bad
 * sheet file, format or selection), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_label_render(char **out, size_t *len, lend_db *db,
                      const lend_label_spec *spec);

/* The shipped sheet layouts: name, description, page_mm, label_mm,
 * per_page.  Returns 0, LEND_EINVAL (a shipped layout that does not
 * parse: a build fault), LEND_ENOMEM.
 * Caller owns *out; free with lend_rows_free(). */
int lend_label_templates(lend_rows **out, lend_db *db);

/* ---- Loan documents ------------------------------------------------- */

/* The loan agreement of loan LOAN as an A4 PDF: consortium and member,
 * borrower, every device and kit part, where, when and by whom it was
 * issued, the due date, the champion and how to reach them, the terms, the
 * data protection notice, signature lines and a QR code of the loan ref.
 * LANG is "en", "cy" or "en+cy"; NULL means the borrower's preferred
 * language where a text exists, else English.  The same database and
 * SOURCE_DATE_EPOCH give the same bytes.  Written to PATH under a
 * temporary name and renamed.  Returns 0, LEND_ENOTFOUND (loan),
 * LEND_EINVAL (no loan, language), LEND_ENOMEM, LEND_EDB (also file,
 * font). */
int lend_agreement_write(lend_db *db, const char *loan, const char *lang,
                         const char *path);
/* The same PDF in memory, of *LEN bytes.  Returns 0, LEND_ENOTFOUND
 * (loan), LEND_EINVAL (no loan, language), LEND_ENOMEM, LEND_EDB (also
 * font).  Caller owns *out; free with lend_free(). */
int lend_agreement_render(char **out, size_t *len, lend_db *db,
                          const char *loan, const char *lang);

/* The loan slip that goes home with the device: loan ref, borrower,
 * devices, due date, champion, where and when to return, the loan's QR
 * code.  SIZE is "receipt80" (80 mm wide, as long as it needs; NULL) or
 * "a6"; LANG as for the agreement.  Returns 0, LEND_ENOTFOUND (loan),
 * LEND_EINVAL (no loan, language, size), LEND_ENOMEM, LEND_EDB (also file,
 * font). */
int lend_slip_write(lend_db *db, const char *loan, const char *size,
                    const char *lang, const char *path);
/* The same PDF in memory, of *LEN bytes.  Returns 0, LEND_ENOTFOUND
 * (loan), LEND_EINVAL (no loan, language, size), LEND_ENOMEM, LEND_EDB
 * (also font).  Caller owns *out; free with lend_free(). */
int lend_slip_render(char **out, size_t *len, lend_db *db, const char *loan,
                     const char *size, const char *lang);

/* Record that the agreement of loan LOAN was signed at the desk at AT
 * (NULL: now), witnessed by the acting user, to the terms.version in
 * force.  Admin or staff.  Returns 0, LEND_ENOTFOUND, LEND_EINVAL (time),
 * LEND_ECONFLICT (already signed), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_loan_sign(lend_db *db, const char *loan, const char *at);

/* ---- Logins and the desk -------------------------------------------- */

/* What the browser desk (lend serve) needs beyond the calls above: logins
 * and their sessions, the signature drawn on screen, outcomes told after
 * a return, and the desk's work queue.  lend_login(), lend_login_check()
 * and lend_logout() need no acting user and may be called at once from
 * several threads, each on its own handle. */

/* Set user NAME's password, kept only as its argon2id hash (libsodium
 * crypto_pwhash_str, interactive limits); the event says it was set,
 * never what it is; every login session of the user ends.  Admin, or the
 * user themself.  PASSWORD is 8 to 128 bytes of UTF-8 text on one line; no
 * message shows it.
 * Returns 0, LEND_ENOTFOUND (user), LEND_EINVAL (password), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
int lend_user_passwd(lend_db *db, const char *name, const char *password);

/* Disable (DISABLED non-zero) or enable user NAME.  A disabled user cannot
 * log in, their open login sessions end, and a handle acting as them
 * (lend_db_act_as()) is refused every call with LEND_EDENIED; nothing of
 * theirs is deleted.  Doing it twice changes nothing.  Admin only; the
 * last enabled admin cannot be disabled.
 * Returns 0, LEND_ENOTFOUND (user), LEND_ECONFLICT (last enabled admin),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_user_disable(lend_db *db, const char *name, int disabled);

/* Check NAME and PASSWORD and open a login session at NOW (seconds since
 * the epoch, the caller's clock).  TOKEN receives 64 lower-case hex digits
 * and a NUL (32 random bytes); the database keeps only their SHA-256.  An
 * unknown name, a wrong password, a disabled user and a user without a
 * password are one refusal, LEND_EDENIED with key "login.refused", after
 * the same time spent (an unknown name is verified against a dummy hash).
 * A refusal is recorded as an event naming the name given, never the
 * password; a login as one naming the user.  Needs no acting user.
 * Returns 0, LEND_EDENIED, LEND_EINVAL (NAME or PASSWORD empty, NAME over
 * 63 bytes, PASSWORD over 128), LEND_ENOMEM, LEND_EDB. */
int lend_login(lend_db *db, const char *name, const char *password,
               long long now, char token[65]);

/* The login session of TOKEN at NOW: open, and used within IDLE_SECONDS
 * before NOW.  NAME (64 bytes) receives its user's login name, CSRF (65
 * bytes) the session's anti-forgery token (64 hex digits, random, kept
 * with the session).  Its last use becomes NOW.  A session idle too long
 * or of a user disabled since is ended.  Neither buffer is written unless
 * the call succeeds.
 * Returns 0, LEND_ENOTFOUND (no such session, ended, idle too long: one
 * answer, key "login.no_session"), LEND_ENOMEM, LEND_EDB. */
int lend_login_check(lend_db *db, const char *token, long long now,
                     int idle_seconds, char name[64], char csrf[65]);

/* End the login session of TOKEN (nothing happens when none is open).
 * Returns 0, LEND_ENOMEM, LEND_EDB. */
int lend_logout(lend_db *db, const char *token);

/* Store the signature drawn at the desk for loan LOAN, PNG bytes PNG of
 * LEN bytes, and record the agreement signed (as lend_loan_sign()) at AT
 * (NULL: now).  The PNG is checked first: its 8-byte signature, an IHDR
 * of at most 1200 x 400 pixels, LEN at most LEND_SIGNATURE_MAX.  The
 * agreement (lend_agreement_render(), lend_agreement_write()) draws it on
 * the borrower's signature line.  Erasing the borrower erases the image;
 * the event keeps only its SHA-256.  Admin or staff, within scope.
 * Returns 0, LEND_ENOTFOUND (loan, or out of scope), LEND_EINVAL (not a
 * PNG, too large, time), LEND_ECONFLICT (already signed), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB. */
#define LEND_SIGNATURE_MAX 204800 /* bytes (200 KB): a signature's PNG */
int lend_loan_sign_image(lend_db *db, const char *loan,
                         const unsigned char *png, size_t len,
                         const char *at);

/* Record OUTCOMES (N of them, each a key of the setting 'outcomes') for
 * loan LOAN, returned or being returned: what the borrower says the loan
 * helped with, as lend_checkin()'s outcomes do.  Adds to any recorded; an
 * outcome given twice is counted once.  Admin or staff, within scope.
 * Returns 0, LEND_ENOTFOUND (loan, or out of scope), LEND_EINVAL (an
 * outcome, none given), LEND_ECONFLICT (every item still out),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_loan_outcome(lend_db *db, const char *loan,
                      const char *const *outcomes, size_t n);

/* Today's work at the desk of site SITE (a site code; NULL: every site of
 * the acting user's member, or every site for a user of no member) as of
 * AS_OF (YYYY-MM-DD; NULL: today): one row per item, ordered by what,
 * then due_on and since, then ref; columns
 *   what      'due' (a loan item due back on AS_OF or overdue), 'hold' (a
 *             hold ready to collect), 'wipe' (a device in quarantine
 *             awaiting its wipe),
 *   ref       the loan, hold or device ref,   tag   the device's tag (or
 *             NULL),
 *   borrower  the borrower's ref, only within the caller's scope (else
 *             NULL),
 *   name      the borrower's name, only within scope (else NULL),
 *   due_on    for 'due', the due date (YYYY-MM-DD), else NULL,
 *   since     when the hold became ready or the device went to
 *             quarantine, else NULL.
 * Admin or staff.  Returns 0, LEND_ENOTFOUND (site), LEND_EINVAL (date),
 * LEND_EDENIED, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_desk_queue(lend_rows **out, lend_db *db, const char *site,
                    const char *as_of);

/* ---- Reminders ------------------------------------------------------ */

/* A run of reminders. */
typedef struct lend_remind_spec {
	const char *as_of;  /* the day to remind as of, YYYY-MM-DD (NULL:
	                     * today) */
	int dry_run;        /* say what would be sent; send and record none */
	int champions;      /* write each champion's list instead */
	const char *outbox; /* the folder of text messages, letters and lists
	                     * when the setting remind.outbox is empty (NULL:
	                     * "outbox"); made when needed */
} lend_remind_spec;

/* Remind borrowers of loans due within remind.before_days and of loans
 * overdue by each of remind.overdue_days, once each, in the borrower's
 * language: by e-mail through the mail server of the settings smtp.*
 * (MIME, UTF-8), else a text message in the outbox (one file a part,
 * "NUMBER\nTEXT", also handed to sms.command), else a letter (PDF, one
 * page) in the outbox.  Each is recorded against the loan, so that a
 * run twice sends nothing twice; a failed one is tried again by the next
 * run.  E-mails wait, unrecorded, while no mail server is set.  With
 * SPEC->champions, each champion gets the list of the borrowers they
 * support with something due or overdue, by e-mail when they have an
 * address and there is a mail server, else as a PDF in the outbox; once
 * a champion a day (the day reminded as of), recorded as reminders are,
 * so that a second run that day writes none again and a failed one is
 * tried again.  Every outbox file is recorded with the borrowers it
 * names, for lend_borrower_forget().
 * *out has a row a reminder or list: loan, borrower, which (due_soon,
 * overdue_N, champion_list), channel (email, sms, letter), status
 * (delivered, failed, waiting, would send), detail (the file, or why it
 * failed); lend_notice() says in one line each what waits and what
 * failed.  Admin.  Returns 0, LEND_EINVAL (date, setting), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB (also a file).
 * Caller owns *out; free with lend_rows_free(). */
int lend_remind_run(lend_rows **out, lend_db *db,
                    const lend_remind_spec *spec);

/* ---- Loan to gift --------------------------------------------------- */

/* A loan that ends by giving its devices to the borrower. */
typedef struct lend_gift_spec {
	const char *ref;    /* a loan ref (all it has out), or the tag of a
	                     * device on loan (a kit whole, with its parts) */
	const char *reason; /* why: required; kept as the change's note, so
	                     * that erasing the borrower removes it */
	const char *at;     /* when (NULL: now) */
	const char *lang;   /* of the transfer: as for the agreement */
	const char *path;   /* where the transfer of ownership PDF is written
	                     * (NULL: not written) */
} lend_gift_spec;

/* Give the devices of loan or device SPEC->ref to the borrower: each
 * leaves the pool as 'gifted' (an end state), its loan item closes, and
 * a gift is recorded with a SIM's data plan end; the transfer of
 * ownership PDF (what, from which member, that the borrower now owns it
 * and that no data is kept on it), in the borrower's language, is written
 * to SPEC->path.  *out is the loan's ref.  Admin, or staff of the
 * member owning each device.  Returns 0, LEND_ENOTFOUND (loan or device),
 * LEND_EINVAL (no ref, no reason, time, language), LEND_ECONFLICT (not on
 * loan, a kit part alone, nothing out, a change back-dated before the
 * device's last), LEND_EDENIED, LEND_ENOMEM, LEND_EDB (also the file).
 * Nothing is given, and no file left, unless all is.
 * Caller owns *out; free with lend_free(). */
int lend_gift_make(char **out, lend_db *db, const lend_gift_spec *spec);
/* The transfer of ownership of what loan LOAN gave, again, in LANG (as
 * for the agreement), of *LEN bytes.  Returns 0, LEND_ENOTFOUND (loan,
 * or it gave nothing), LEND_EINVAL (no loan, language), LEND_ENOMEM,
 * LEND_EDB (also font).  Caller owns *out; free with lend_free(). */
int lend_gift_render(char **out, size_t *len, lend_db *db, const char *loan,
                     const char *lang);
/* The same written to PATH under a temporary name and renamed.  Returns
 * as lend_gift_render(), LEND_EDB also for the file. */
int lend_gift_write(lend_db *db, const char *loan, const char *lang,
                    const char *path);

/* ---- Funder report -------------------------------------------------- */

/* A usage report for funders: devices in the pool, loans, borrowers,
 * utilisation, loan length, overdue and lost, champions and support,
 * waiting on holds, reach by district, member and language, month by
 * month.  No name, ref, contact, individual date or serial appears;
 * counts of people and loans under report.threshold are suppressed. */
typedef struct lend_report_spec {
	const char *from;   /* YYYY-MM-DD, the first day */
	const char *to;     /* YYYY-MM-DD, the last day */
	const char *member; /* only this member's devices (NULL: all) */
	const char *grant;  /* only this grant's devices (NULL: all) */
	/* "pdf", "csv" or "json"; NULL: from PATH's extension, else pdf */
	const char *format;
} lend_report_spec;

/* Write the report to PATH under a temporary name and rename it.  The
 * report is recorded as issued, and read beside the reports issued before
 * over overlapping periods (lend(1)), so DB must be writable.
 * Returns 0, LEND_ENOTFOUND (member, grant), LEND_EINVAL (dates, format),
 * LEND_EDENIED (it would give away a count under the threshold beside the
 * other members' reports or those issued before), LEND_ENOMEM, LEND_EDB
 * (also a file error). */
int lend_report_write(lend_db *db, const lend_report_spec *spec,
                      const char *path);
/* The report in memory (format as given, else PDF), of *LEN bytes,
 * recorded as lend_report_write() records it.
 * Returns 0, LEND_ENOTFOUND (member, grant), LEND_EINVAL (dates, format),
 * LEND_EDENIED (as lend_report_write()), LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_report_render(char **out, size_t *len, lend_db *db,
                       const lend_report_spec *spec);

/* ---- Import and export ---------------------------------------------- */

/* An import from CSV (RFC 4180: quoted fields, commas, quotes and line
 * breaks in them; lines ending in LF, CRLF or CR alone; a UTF-8 byte-order
 * mark; commas, semicolons or tabs between fields, found from the header).
 * The file is UTF-8, or is converted from ENCODING. */
typedef struct lend_import_spec {
	const char *what;        /* "devices", "borrowers", "champions" or
	                          * "loans" (an item a row) */
	const char *path;
	int dry_run;             /* check and count, write nothing */
	const char *const *map;  /* "COLUMN=field", for headers lend does not
	                          * recognise */
	size_t nmap;
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	char sep;                /* ',', ';' or '\t'; 0: the header's */
	const char *encoding;    /* NULL or "utf-8", "windows-1252",
	                          * "mac-roman", "latin1" (through iconv) */
	const char *errors_path; /* when there are problems, all of them are
	                          * written here as CSV: row, column, value,
	                          * problem */
	const char *const *set;  /* "FIELD=VALUE": the value of a field the
	                          * file lacks, or of its empty cells */
	size_t nset;
	const char *const *values; /* "FIELD:FROM=TO": a cell FROM (any case)
	                            * read as TO */
	size_t nvalues;
	const char *dates;       /* "dmy", "mdy" or "ymd"; NULL: each date
	                          * column's order is found from its cells */
	int update;              /* devices: a tag already there with other
	                          * values is changed to the file's */
	int expand;              /* devices: Quantity N > 1 makes N devices,
	                          * tags allocated */
} lend_import_spec;

typedef struct lend_import_result {
	size_t rows;    /* records read */
	size_t added;   /* records added (or that would be, dry) */
	size_t skipped; /* records already there: by tag, or serial, for
	                 * devices; by ref, or name, district and member, for
	                 * borrowers; by ref, or name and member, for
	                 * champions; by loan and tag, for loans */
	size_t updated; /* devices changed (UPDATE) */
	size_t loans;   /* devices rows checked out, made open loans */
} lend_import_result;

/* Import records.  The columns lend will not read are a first notice,
 * naming --map.  Every row is checked first, and every problem of every
 * row is found in one pass; when there are any, the first 50 are lines of
 * lend_notice() ("row 18, column 'IMEI': '35693803564380' has 14 digits;
 * an IMEI has 15"), the message counts them, all of them go to
 * ERRORS_PATH when given, and nothing is written.  A file that is not
 * UTF-8 text is refused whole, naming its first bad row and ENCODING.
 * Otherwise every record is written in one transaction.  Devices: a status
 * (lend's, or Snipe-IT's: Ready to Deploy, Deployed, Pending, Undeployable,
 * Broken, Archived, Lost/Stolen) is carried over; a device checked out to
 * a borrower (by ref or name, in the database) becomes an open loan; a
 * tag twice in the file, or in the database with other values (without
 * UPDATE), is a problem.  A loan's item still out puts its device on loan,
 * as a check-out would; a loan closes when all its items are back.  Admin
 * or staff.
 * Returns 0, LEND_ENOTFOUND (file), LEND_EINVAL (problems, kind, an
 * option, no header row, not UTF-8), LEND_EDENIED, LEND_ENOMEM, LEND_EDB
 * (also a file error).  *out is written only on success (with DRY_RUN
 * too). */
int lend_import(lend_import_result *out, lend_db *db,
                const lend_import_spec *spec);

/* Export WHAT ("devices", "borrowers", "loans", "events") as FORMAT
 * ("csv", the default; "excel", CSV with a UTF-8 byte-order mark; or
 * "json").  CSV lines end in CRLF, and a cell beginning with =, +, -, @,
 * tab or CR has a ' put before it, so that a spreadsheet never runs it
 * (lend_import() takes the ' off again).  Devices and borrowers have the
 * columns lend_import() reads.  Borrowers and events are the admin's to export;
 * devices and loans staff's too.  *out has *LEN bytes.
 * Returns 0, LEND_EINVAL (kind, format), LEND_EDENIED, LEND_ENOMEM,
 * LEND_EDB.  Caller owns *out; free with lend_free(). */
int lend_export_render(char **out, size_t *len, lend_db *db,
                       const char *what, const char *format);
/* The same, written to PATH under a temporary name and renamed.
 * Returns 0, LEND_EINVAL (kind, format), LEND_EDENIED, LEND_ENOMEM,
 * LEND_EDB (also a file error). */
int lend_export_write(lend_db *db, const char *what, const char *format,
                      const char *path);

/* ---- Data protection ------------------------------------------------ */

/* Everything held about borrower REF (subject access): the record, support,
 * sessions, loans, holds and the events naming them, as FORMAT "json"
 * (NULL) or "pdf", for a person to read, of *LEN bytes.  Admin only.
 * Returns 0, LEND_ENOTFOUND, LEND_EINVAL (format), LEND_EDENIED,
 * LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_free(). */
int lend_borrower_export(char **out, size_t *len, lend_db *db,
                         const char *ref, const char *format);

/* The same, written to PATH (mode 0644: the person takes it away)
 * under a temporary name and renamed.  Returns 0, LEND_ENOTFOUND,
 * LEND_EINVAL (format), LEND_EDENIED, LEND_ENOMEM, LEND_EDB (also a file
 * error). */
int lend_borrower_export_write(lend_db *db, const char *ref,
                               const char *format, const char *path);

/* Erase borrower REF: name, phone, email and notes are replaced; what
 * reports count (district, member, language, loans) is kept, so their
 * totals do not change.  The outbox files lend wrote that name them
 * (text messages, letters, champions' lists) are removed where they still
 * are; one that cannot be removed is told in lend_notice() and kept on the
 * list, so that erasing again tries it again.  Refused while a loan is
 * open.  Admin only.
 * Returns 0, LEND_ENOTFOUND, LEND_ECONFLICT (a loan open, or erased
 * already), LEND_EDENIED, LEND_ENOMEM, LEND_EDB. */
int lend_borrower_forget(lend_db *db, const char *ref);

/* Erase every borrower with nothing out and no loan, support or session
 * for retention.months; with DRY_RUN only list them.  *out (the caller
 * frees it with lend_rows_free(); NULL on error) holds a row for each
 * borrower erased, or to be erased: ref, idle_since (the day of their
 * last loan, support, session or record, YYYY-MM-DD) and
 * retention_months.  Admin only.  Returns 0, LEND_EDENIED, LEND_ENOMEM,
 * LEND_EDB. */
int lend_retention_run(lend_rows **out, lend_db *db, int dry_run);

/* VALUE as it may be shown on one line of a message: printable UTF-8 kept,
 * control characters, bidi overrides, noncharacters and invalid bytes as
 * \xNN, cut with an ellipsis after 64 characters or when SIZE (at least
 * 8) runs out.  Returns OUT. */
char *lend_text_shown(char *out, size_t size, const char *value);

/* LINE as one line of a message, made as lend makes its own: printable
 * UTF-8 kept, control characters, bidi overrides, noncharacters and
 * invalid bytes as \xNN (a newline too), a value in single quotes over
 * 160 characters shortened to its first 120 and an ellipsis, and the
 * whole cut with an ellipsis, on a character's boundary, when SIZE (at
 * least 8) runs out.  For a program's own messages that show values it
 * was given, such as lend's usage errors.  Returns OUT. */
char *lend_text_line(char *out, size_t size, const char *line);

/* ---- Doctor ---------------------------------------------------------- */

/* Check the database: the store's own integrity and foreign key checks,
 * and the invariants the schema cannot express (a device on loan has an open
 * item, a loan is closed when all is back, every device has its creation
 * event, an erased borrower holds nothing personal).  *out has a row for
 * each finding (check, finding, fix), none when all is well.
 * Returns 0, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_doctor(lend_rows **out, lend_db *db);

/* Remove the temporary files (named .lend-tmp-*) in folder DIR that were
 * last changed over an hour ago: what a killed write leaves beside its
 * target.  Younger ones may belong to a write still going on.  *removed
 * (when not NULL) is how many went.  Returns 0, or LEND_EDB when DIR
 * cannot be read. */
int lend_temporaries_sweep(lend_db *db, const char *dir, size_t *removed);

/* Whether WHERE (as given to lend_open()) names a PostgreSQL database
 * rather than a SQLite file: a server has no folder of its own to sweep,
 * back up or restore.  Returns 1 or 0. */
int lend_db_is_server(const char *where);

/* ---- History -------------------------------------------------------- */

/* The events of one record, oldest first: REF is a device tag, a member,
 * site or grant code, a user name, or a loan, borrower, champion or hold
 * ref, tried in that order; a loan's events include its items'.
 * Columns at, recorded_at, actor, entity, ref, action, before, after
 * (before and after are JSON objects of the changed fields only, or NULL;
 * a person's name, phone, email and notes appear as "[personal]", never
 * as their value; so do the loan and note of a device's event while it
 * was lent to a borrower the acting user does not see).
 * Returns 0, LEND_ENOTFOUND, LEND_ENOMEM, LEND_EDB.
 * Caller owns *out; free with lend_rows_free(). */
int lend_event_list(lend_rows **out, lend_db *db, const char *ref);

/* ---- Values --------------------------------------------------------- */

/* Parse an amount of money, '249.99', '£249.99', '249' or '-5.50', into
 * pence.  Returns 0 or LEND_EINVAL (not an amount, more than two decimals,
 * out of range). */
int lend_money_parse(int64_t *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* LEND_H */
