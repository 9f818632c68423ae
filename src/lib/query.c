/*
 * Statements and transactions on a handle: the lend__ calls through which
 * every concern file reaches the store, each passing the store's message
 * on to the handle; the memo of ids by code; and the UPDATE of an edit.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"

int lend__from_store(lend_db *db, int rc)
{
	const char *msg;

	if (rc == 0)
		return 0;
	msg = lend__store_errmsg(db->store);
	if (msg[0])
		lend__fail(db, rc, "database.store", "message", msg, NULL);
	return rc;
}

int lend__exec(lend_db *db, const char *sql, const lend__arg *a, size_t n)
{
	return lend__from_store(db, lend__store_exec(db->store, sql, a, n));
}

int lend__exec_later(lend_db *db, const char *sql, const lend__arg *a,
                     size_t n)
{
	return lend__from_store(db, lend__store_exec_later(db->store, sql, a,
	                                                   n));
}

int lend__read_ahead(lend_db *db, const char *sql, const lend__arg *a,
                     size_t n)
{
	return lend__from_store(db, lend__store_read_ahead(db->store, sql, a,
	                                                   n));
}

int64_t lend__changes(lend_db *db)
{
	return lend__store_changes(db->store);
}

int lend__insert(int64_t *out, lend_db *db, const char *sql,
                 const lend__arg *a, size_t n)
{
	int rc = lend__exec(db, sql, a, n);

	if (rc == 0)
		*out = lend__store_last_id(db->store);
	return rc;
}

int lend__query_int(int64_t *out, lend_db *db, const char *sql,
                    const lend__arg *a, size_t n)
{
	return lend__from_store(db, lend__store_query_int(out, db->store, sql,
	                                                  a, n));
}

int lend__query_text(char **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n)
{
	return lend__from_store(db, lend__store_query_text(out, db->store,
	                                                   sql, a, n));
}

int lend__query_rows(lend_rows **out, lend_db *db, const char *sql,
                     const lend__arg *a, size_t n)
{
	return lend__from_store(db, lend__store_query_rows(out, db->store,
	                                                   sql, a, n));
}

void lend__set_add(lend__set *set, const char *col, lend__arg value)
{
	assert(set->n < LEND__SET_MAX);
	set->cols[set->n] = col;
	set->args[set->n] = value;
	set->n++;
}

void lend__set_text(lend__set *set, const char *col, const char *value)
{
	if (value)
		lend__set_add(set, col, *value ? LEND__T(value) : LEND__NUL);
}

int lend__update(lend_db *db, const char *table, int64_t id,
                 lend__set *set)
{
	lend__buf sql = { 0 };
	char *s;
	size_t i;
	int rc;

	if (set->n == 0)
		return 0;
	lend__buf_printf(&sql, "UPDATE %s SET ", table);
	for (i = 0; i < set->n; i++)
		lend__buf_printf(&sql, "%s%s = ?", i ? ", " : "", set->cols[i]);
	lend__buf_str(&sql, " WHERE id = ?");
	if (!(s = lend__buf_take(&sql)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	set->args[set->n] = LEND__I(id);
	rc = lend__exec(db, s, set->args, set->n + 1);
	free(s);
	return rc;
}

int lend__memo_get(int64_t *out, lend_db *db, const char *sql,
                   const char *name)
{
	size_t i;

	for (i = 0; i < LEND__MEMO; i++)
		if (db->memo[i].sql == sql && strcmp(db->memo[i].name, name) == 0) {
			*out = db->memo[i].id;
			return 1;
		}
	return 0;
}

void lend__memo_put(lend_db *db, const char *sql, const char *name,
                    int64_t id)
{
	struct lend__memo *m = &db->memo[db->memo_next];

	if (strlen(name) >= sizeof(m->name))
		return;
	db->memo_next = (db->memo_next + 1) % LEND__MEMO;
	m->sql = sql;
	memcpy(m->name, name, strlen(name) + 1);
	m->id = id;
}

/* A rollback may have undone the record a memo names. */
static void memo_forget(lend_db *db)
{
	memset(db->memo, 0, sizeof(db->memo));
}

lend_rows **lend__txn_settings(lend_db *db)
{
	return lend__store_in_txn(db->store) ? &db->settings : NULL;
}

lend_rows **lend__txn_actor(lend_db *db)
{
	return lend__store_in_txn(db->store) ? &db->actor_row : NULL;
}

static void txn_cache_forget(lend_db *db)
{
	lend_rows_free(db->settings);
	lend_rows_free(db->actor_row);
	db->settings = NULL;
	db->actor_row = NULL;
}

int lend__txn_begin(lend_db *db)
{
	lend__reset(db);
	txn_cache_forget(db);
	return lend__from_store(db, lend__store_begin(db->store));
}

int lend__txn_end(lend_db *db, int rc)
{
	txn_cache_forget(db);
	if (!lend__store_in_txn(db->store))
		return rc;
	if (rc == 0) {
		rc = lend__from_store(db, lend__store_commit(db->store));
		if (rc == 0)
			return 0;
	}
	/* The failure that brought us here is the one to report. */
	lend__store_rollback(db->store);
	memo_forget(db);
	return rc;
}

int lend__txn_rollback(lend_db *db)
{
	int rc = lend__from_store(db, lend__store_rollback(db->store));

	txn_cache_forget(db);
	memo_forget(db);
	return rc;
}

int lend__stage_table(lend_db *db, const char *name, const char *table,
                      const char *cols)
{
	return lend__from_store(db, lend__store_stage_table(db->store, name,
	                                                   table, cols));
}

int lend__check_store(lend_rows **out, lend_db *db)
{
	return lend__from_store(db, lend__store_check(out, db->store));
}

int lend__txn_end_copy(lend_db *db, int rc, char **out, const char *value)
{
	char *copy = NULL;

	if (rc == 0 && !(copy = lend__strdup(value)))
		rc = lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	rc = lend__txn_end(db, rc);
	if (rc == 0)
		*out = copy;
	else
		free(copy);
	return rc;
}
