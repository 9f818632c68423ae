/* The PostgreSQL store's dialect hook (store/pg_sql.c): lend's SQL in the
 * forms SQLite and PostgreSQL share, rewritten where they differ. */
#include "t.h"

#include "store/pg.h"

/* SQL as the PostgreSQL store prepares it, into OUT. */
static int pg(char *out, size_t size, const char *sql, int *nparam)
{
	char *text = lend__pg_translate(sql, nparam);

	if (!text)
		return -1;
	snprintf(out, size, "%s", text);
	free(text);
	return 0;
}

T_TEST(placeholders_numbered_as_sqlite_numbers_them)
{
	char out[256];
	int n = 0;

	T_OK(pg(out, sizeof(out), "SELECT ?, ?3, ? FROM t WHERE a = '?'",
	        &n) == 0);
	T_EQ_STR(out, "SELECT $1, $3, $4 FROM t WHERE a = '?'");
	T_EQ_INT(n, 4);
}

T_TEST(two_argument_min_and_max_are_least_and_greatest)
{
	char out[256];
	int n = 0;

	T_OK(pg(out, sizeof(out), "SELECT max(a, min(b, ?)), max(c), "
	        "min(f(d, e)), admin(x, y), 'max(1, 2)' FROM t", &n) == 0);
	T_EQ_STR(out, "SELECT greatest(a, least(b, $1)), max(c), "
	         "min(f(d, e)), admin(x, y), 'max(1, 2)' FROM t");
}

T_TEST(julianday_written_out)
{
	char out[512];
	int n = 0;

	T_OK(pg(out, sizeof(out), "SELECT julianday(max(a, ?1)) - "
	        "julianday(b) FROM t", &n) == 0);
	T_EQ_STR(out, "SELECT (CAST(extract(epoch FROM CAST(greatest(a, $1) "
	         "AS timestamp)) AS double precision) / 86400.0 + 2440587.5) - "
	         "(CAST(extract(epoch FROM CAST(b AS timestamp)) AS double "
	         "precision) / 86400.0 + 2440587.5) FROM t");
	T_EQ_INT(n, 1);
}

T_TEST(julianday_many_times_fits)
{
	char sql[2048], *text;
	int i, n = 0;

	sql[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(sql, i ? "+julianday(a)" : "SELECT julianday(a)");
	T_OK((text = lend__pg_translate(sql, &n)) != NULL);
	T_OK(strstr(text, "julianday") == NULL);
	free(text);
}
