/* The PostgreSQL store's dialect hook (store/pg_sql.c): lend's SQL in the
 * forms SQLite and PostgreSQL share, rewritten where they differ. */
#include "t.h"

#include "store/pg.h"

static int nparam;

/* SQL as the PostgreSQL store prepares it ("" when out of memory), and
 * in NPARAM the number of its parameters. */
static const char *pg(const char *sql)
{
	static char out[1024];
	char *text = lend__pg_translate(sql, &nparam);

	snprintf(out, sizeof(out), "%s", text ? text : "");
	free(text);
	return out;
}

T_TEST(placeholders_numbered_as_sqlite_numbers_them)
{
	T_EQ_STR(pg("SELECT ?, ?3, ? FROM t WHERE a = '?'"),
	         "SELECT $1, $3, $4 FROM t WHERE a = '?'");
	T_EQ_INT(nparam, 4);
}

T_TEST(two_argument_min_and_max_are_least_and_greatest)
{
	T_EQ_STR(pg("SELECT max(a, min(b, ?)), max(c), min(f(d, e)), "
	            "admin(x, y), 'max(1, 2)' FROM t"),
	         "SELECT greatest(a, least(b, $1)), max(c), min(f(d, e)), "
	         "admin(x, y), 'max(1, 2)' FROM t");
}

T_TEST(julianday_written_out)
{
	T_EQ_STR(pg("SELECT julianday(max(a, ?1)) - julianday(b) FROM t"),
	         "SELECT (CAST(extract(epoch FROM CAST(greatest(a, $1) "
	         "AS timestamp)) AS double precision) / 86400.0 + 2440587.5) - "
	         "(CAST(extract(epoch FROM CAST(b AS timestamp)) AS double "
	         "precision) / 86400.0 + 2440587.5) FROM t");
	T_EQ_INT(nparam, 1);
}

T_TEST(julianday_many_times_fits)
{
	char sql[2048], *text;
	int i;

	sql[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(sql, i ? "+julianday(a)" : "SELECT julianday(a)");
	T_OK((text = lend__pg_translate(sql, &nparam)) != NULL);
	T_OK(strstr(text, "julianday") == NULL);
	free(text);
}
