/*
 * The store's front: which implementation a place names, and the calls of
 * store.h passed on to it.  A place that starts "postgresql://" or
 * "postgres://", or whose first word is a libpq keyword=value pair
 * ("host=/run/postgresql dbname=lend"), is a PostgreSQL database; anything
 * else is the path of a SQLite file.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impl.h"

int lend__store_is_server(const char *where)
{
	const char *p = where;

	if (strncmp(where, "postgresql://", 13) == 0 ||
	    strncmp(where, "postgres://", 11) == 0)
		return 1;
	while (*p && (islower((unsigned char)*p) || *p == '_'))
		p++;
	return p > where && *p == '=';
}

static const lend__store_ops *ops_for(const char *where)
{
	return lend__store_is_server(where) ? &lend__pg_ops : &lend__sqlite_ops;
}

/* Before it connects a store says "not open" as SQLite's does. */
static const lend__store_ops *O(const lend__store *s)
{
	return s->ops ? s->ops : &lend__sqlite_ops;
}

int lend__store_fail(lend__store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

const char *lend__store_errmsg(const lend__store *s)
{
	return s->errmsg;
}

lend__store *lend__store_new(void)
{
	return calloc(1, sizeof(lend__store));
}

int lend__store_create(lend__store *s, const char *where,
                       const char *concern)
{
	s->ops = ops_for(where);
	return s->ops->create(s, where, concern);
}

int lend__store_connect(lend__store *s, const char *where, int readonly)
{
	s->ops = ops_for(where);
	return s->ops->connect(s, where, readonly);
}

int lend__store_query_only(lend__store *s) { return O(s)->query_only(s); }
int lend__store_durable(lend__store *s) { return O(s)->durable(s); }
void lend__store_disconnect(lend__store *s) { O(s)->disconnect(s); }

void lend__store_close(lend__store *s)
{
	if (!s)
		return;
	lend__store_disconnect(s);
	free(s);
}

void lend__store_remove(const char *where)
{
	ops_for(where)->remove(where);
}

int lend__store_exec(lend__store *s, const char *sql, const lend__arg *a,
                     size_t n)
{
	return O(s)->exec(s, sql, a, n);
}

int lend__store_exec_later(lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	return O(s)->exec_later(s, sql, a, n);
}

int lend__store_read_ahead(lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	return O(s)->read_ahead(s, sql, a, n);
}

int lend__store_stage_table(lend__store *s, const char *name,
                            const char *table, const char *cols)
{
	return O(s)->stage_table(s, name, table, cols);
}

int64_t lend__store_last_id(lend__store *s) { return O(s)->last_id(s); }
int64_t lend__store_changes(lend__store *s) { return O(s)->changes(s); }

int lend__store_query_int(int64_t *out, lend__store *s, const char *sql,
                          const lend__arg *a, size_t n)
{
	return O(s)->query_int(out, s, sql, a, n);
}

int lend__store_query_text(char **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	return O(s)->query_text(out, s, sql, a, n);
}

int lend__store_query_rows(lend_rows **out, lend__store *s, const char *sql,
                           const lend__arg *a, size_t n)
{
	return O(s)->query_rows(out, s, sql, a, n);
}

int lend__store_begin(lend__store *s) { return O(s)->begin(s); }
int lend__store_commit(lend__store *s) { return O(s)->commit(s); }
int lend__store_rollback(lend__store *s) { return O(s)->rollback(s); }
int lend__store_in_txn(const lend__store *s) { return O(s)->in_txn(s); }

int lend__store_inspect(lend__store_info *out, lend__store *s)
{
	return O(s)->inspect(out, s);
}

int lend__store_migrate(lend__store *s) { return O(s)->migrate(s); }

int lend__store_check(lend_rows **out, lend__store *s)
{
	return O(s)->check(out, s);
}

int lend__store_sync_ids(lend__store *s) { return O(s)->sync_ids(s); }

int lend__store_is_file(const lend__store *s)
{
	return O(s) == &lend__sqlite_ops;
}

int lend__store_backup(lend__store *s, const char *path,
                       const char *concern)
{
	return O(s)->backup(s, path, concern);
}

/* What is restored is a file; where it goes decides who refuses. */
int lend__store_stage(char *staged, size_t size, lend__store *from,
                      const char *where, const char *concern)
{
	return ops_for(where)->stage(staged, size, from, where, concern);
}
