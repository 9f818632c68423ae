/*
 * Values (value.c): the time, dates, codes, postcodes and text as lend
 * accepts them, and the field checks that name the field and the value
 * in their message.
 */
#ifndef LEND_VALUE_H
#define LEND_VALUE_H

#include <stddef.h>

#include "lend.h"

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
 * the wrong letters on a PDF. */
int lend__is_text(const char *s);
/* The length of the UTF-8 sequence at S (NUL-terminated), 0 when there is
 * none. */
size_t lend__utf8_len(const char *s);

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
/* Today's date, or ON checked (a date, not in the future) into OUT:
 * "CONCERN: FIELD ..." and LEND_EINVAL when it is not. */
int lend__resolve_on(lend_db *db, const char *concern, const char *field,
                     char out[11], const char *on);
int lend__check_one_of(lend_db *db, const char *concern, const char *field,
                       const char *value, const char *const *allowed);

extern const char *const lend__kinds[];     /* NULL-terminated */
extern const char *const lend__statuses[];  /* NULL-terminated */

#endif /* LEND_VALUE_H */
