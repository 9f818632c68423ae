/*
 * Values (value.c): the time, dates, codes, postcodes and text as lend
 * accepts them, and the field checks that name the field and the value
 * in their message.
 */
#ifndef LEND_VALUE_H
#define LEND_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "lend.h"

#define LEND__TIME_LEN 21 /* 'YYYY-MM-DDTHH:MM:SSZ' and its NUL */

/* Input limits, in one place: the CLI, imports and the API meet the same
 * ones, and each refusal names the field, the limit and the length. */
#define LEND__NAME_MAX 200        /* characters: names and other one-line text */
#define LEND__TEXT_MAX 4000       /* characters: notes, addresses, hours */
#define LEND__URL_MAX 300         /* bytes: label.url, so a QR holds it and a tag */
#define LEND__SETTING_MAX 20000   /* bytes: any other setting's value */
#define LEND__TEMPLATE_MAX 65536  /* bytes: a label template file */
#define LEND__LINE_MAX 255        /* bytes: one line from a scanner */
#define LEND__YEAR_MIN 1900       /* dates: years 1900 to 2199 */
#define LEND__YEAR_MAX 2199
#define LEND__PERIOD_DAYS_MAX 3660 /* a report's period: ten years */

/* The current time, ISO-8601 UTC. */
void lend__now(char out[LEND__TIME_LEN]);
int lend__is_date(const char *s);
/* DATE (valid, YYYY-MM-DD) plus DAYS: 0, or -1 when the sum falls
 * outside the years lend keeps (OUT then holds the nearest end). */
int lend__date_add(char out[11], const char *date, int days);
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
/* Valid UTF-8 with no control characters (C0 but newline and tab, C1),
 * bidirectional overrides or U+FFFE/U+FFFF: invalid bytes would print as
 * the wrong letters on a PDF, and the others forge lines. */
int lend__is_text(const char *s);
/* What is wrong with S as text ("a control character"...), NULL when
 * nothing; LINES lets newline and tab through; *AT the byte offset. */
const char *lend__text_fault(const char *s, int lines, size_t *at);
/* The length of the character at S when it is printable on one line (no
 * control character, override or noncharacter), else 0. */
size_t lend__printable_len(const char *s);
/* The character at *S as a message shows it (itself, or \xNN for a byte
 * that may not be shown) in UNIT; *S moves past it.  Returns its length. */
size_t lend__shown_char(char unit[8], const char **s);
/* UNIT (K bytes) added to OUT at *LEN, or an ellipsis and -1 when it and
 * the NUL would not fit in SIZE. */
int lend__shown_add(char *out, size_t *len, size_t size, const char *unit,
                    size_t k);
/* The characters (code points) of valid UTF-8 S. */
size_t lend__text_chars(const char *s);
/* The length of the UTF-8 sequence at S (NUL-terminated), 0 when there is
 * none. */
size_t lend__utf8_len(const char *s);

/* Field checks that set "CONCERN: FIELD 'VALUE' ..." and return
 * LEND_EINVAL.  NULL values pass (optional fields). */
int lend__check_date(lend_db *db, const char *concern, const char *field,
                     const char *value);
/* Text: one line of at most LEND__NAME_MAX characters, or for notes,
 * note, address, hours and wipe method lines of at most LEND__TEXT_MAX. */
int lend__check_text(lend_db *db, const char *concern, const char *field,
                     const char *value, int required);
/* VALUE (valid UTF-8) at most MAX characters. */
int lend__check_length(lend_db *db, const char *concern, const char *field,
                       const char *value, size_t max);
/* FROM..TO (valid dates) at most LEND__PERIOD_DAYS_MAX days. */
int lend__check_period(lend_db *db, const char *concern, const char *from,
                       const char *to);
int lend__check_code(lend_db *db, const char *concern, const char *field,
                     const char *value, size_t max);
int lend__check_phone(lend_db *db, const char *concern, const char *field,
                      const char *value);
int lend__check_email(lend_db *db, const char *concern, const char *value);
/* A borrower's language: an ISO 639-1 code, or "en+cy" for both. */
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

/* A date typed day, month and year with '/', '.' or '-' between: 'y' when
 * it begins with a four-digit year, 'd' when it can only be day first,
 * 'm' when only month first, '?' either, 0 not such a date. */
char lend__date_order(const char *s);
/* S read in ORDER ('d' day/month/year, 'm' month/day/year, 'y'
 * year/month/day; a four-digit first number is always a year) to
 * YYYY-MM-DD, a time after it kept; two-digit years are 20YY.  ISO dates
 * pass as they are.  Returns 0 or -1. */
int lend__date_read(char *out, size_t size, const char *s, char order);
/* Money as spreadsheets type it: '£1,234.56', '1234.5', '12,34' (a decimal
 * comma when it cannot be a thousands separator: one or two digits after
 * the last comma, or a comma after the last dot, '1.234,56').  Returns 0 or
 * LEND_EINVAL. */
int lend__money_read(int64_t *pence, const char *s);

extern const char *const lend__kinds[];     /* NULL-terminated */
extern const char *const lend__statuses[];  /* NULL-terminated */

#endif /* LEND_VALUE_H */
