/*
 * Erasing a borrower, for lend_borrower_forget() and the retention run.
 * Internal to liblend.
 */
#ifndef LEND_ERASURE_H
#define LEND_ERASURE_H

#include "internal.h"

/* A condition on borrower B (the alias) true when personal data is held
 * about them: for the doctor's check of the erased, and erasing again. */
#define LEND__PERSONAL_LEFT \
	"(b.phone IS NOT NULL OR b.email IS NOT NULL OR b.notes IS NOT NULL " \
	"OR b.name <> '" LEND__ERASED "' OR EXISTS (SELECT 1 FROM " \
	"support_session s WHERE s.borrower_id = b.id AND s.topic <> '" \
	LEND__ERASED "') OR EXISTS (SELECT 1 FROM event_note n " \
	"WHERE n.borrower_id = b.id) OR EXISTS (SELECT 1 FROM loan_signature " \
	"g JOIN loan gl ON gl.id = g.loan_id WHERE gl.borrower_id = b.id))"

/* Erase borrower ID (REF) in the caller's transaction, by ACTOR at NOW:
 * LEND_ECONFLICT when they have a loan open, or were erased already and
 * no personal data is left (else it is erased again). */
int lend__borrower_erase(lend_db *db, int64_t id, const char *ref,
                         int64_t actor, const char *now);

#endif
