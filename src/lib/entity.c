/*
 * Entities: the kinds of record the library keeps, in one table: the name
 * an event records, the table that holds them, the name people give one
 * by (a tag, a code, a ref) and which of their fields are personal.  An
 * enum names them, so a misspelt entity is a compile error, not a failed
 * event at run time.
 */
#include <string.h>

#include "internal.h"

typedef struct entity {
	const char *name;            /* as recorded in event.entity */
	const char *table;           /* NULL: no row of its own */
	const char *find_sql;        /* its id from the name people give */
	const char *const *personal; /* NULL-terminated */
} entity;

static const char *const none[] = { NULL };
static const char *const person[] = { "name", "phone", "email", "notes",
                                      "name_folded", NULL };
/* A session's topic is free text about the borrower ("helped Sian with
 * her claim"). */
static const char *const session[] = { "topic", NULL };

/* The finders' SQL is fixed text, so the statement cache and the lookup
 * memo, keyed by its address, keep it. */
static const entity entities[LEND__NENTITIES] = {
	[LEND__ENTITY_DEVICE] = { "device", "device",
		"SELECT id FROM device WHERE tag = ?", none },
	[LEND__ENTITY_MEMBER] = { "member", "member",
		"SELECT id FROM member WHERE code = ?", none },
	[LEND__ENTITY_SITE] = { "site", "site",
		"SELECT id FROM site WHERE code = ?", none },
	[LEND__ENTITY_USER] = { "user", "app_user",
		"SELECT id FROM app_user WHERE name = ?", none },
	[LEND__ENTITY_GRANT] = { "grant", "funding_grant",
		"SELECT id FROM funding_grant WHERE code = ?", none },
	[LEND__ENTITY_BORROWER] = { "borrower", "borrower",
		"SELECT id FROM borrower WHERE ref = ?", person },
	[LEND__ENTITY_CHAMPION] = { "champion", "champion",
		"SELECT id FROM champion WHERE ref = ?", person },
	[LEND__ENTITY_SUPPORT] = { "support", "support", NULL, none },
	[LEND__ENTITY_SESSION] = { "session", "support_session", NULL, session },
	[LEND__ENTITY_LOAN] = { "loan", "loan",
		"SELECT id FROM loan WHERE ref = ?", none },
	[LEND__ENTITY_LOAN_ITEM] = { "loan_item", "loan_item", NULL, none },
	[LEND__ENTITY_HOLD] = { "hold", "hold",
		"SELECT id FROM hold WHERE ref = ?", none },
	[LEND__ENTITY_KIT_PART] = { "kit_part", "kit_part", NULL, none },
	[LEND__ENTITY_SETTING] = { "setting", NULL, NULL, none },
	[LEND__ENTITY_DATABASE] = { "database", NULL, NULL, none },
};

/* An entity added to the enum but not to the table has no name. */
static int known(enum lend__entity e)
{
	return (unsigned)e < LEND__NENTITIES && entities[e].name;
}

const char *lend__entity_name(enum lend__entity e)
{
	return known(e) ? entities[e].name : "?";
}

const char *lend__entity_table(enum lend__entity e)
{
	return known(e) ? entities[e].table : NULL;
}

const char *lend__find_sql(enum lend__entity e)
{
	return known(e) ? entities[e].find_sql : NULL;
}

int lend__entity_is_personal(enum lend__entity e, const char *column)
{
	const char *const *p;

	if (!known(e))
		return 0;
	for (p = entities[e].personal; *p; p++)
		if (strcmp(*p, column) == 0)
			return 1;
	return 0;
}
