/*
 * Erasing a borrower, for lend_borrower_forget() and the retention run.
 * Internal to liblend.
 */
#ifndef LEND_ERASURE_H
#define LEND_ERASURE_H

#include "internal.h"

/* Erase borrower ID (REF) in the caller's transaction, by ACTOR at NOW:
 * LEND_ECONFLICT when they have a loan open or were erased already. */
int lend__borrower_erase(lend_db *db, int64_t id, const char *ref,
                         int64_t actor, const char *now);

#endif
