/*
 * Logins of the browser desk (issue 16): passwords, the one refusal and
 * its timing, sessions and their idle end, logout, CSRF tokens, and what
 * the database keeps (never a token in clear).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

#include "internal.h" /* lend__query_rows, to read what is stored */
#include "t.h"
#include "util.h"

#define NOW 1800000000LL
#define IDLE 1800

/* A database where admin ada has a password, and staff sam too. */
static lend_db *fresh_login(void)
{
	lend_user_spec sam = { "sam", "RBH", "staff", NULL, NULL };
	lend_db *db = t_fresh();

	if (!db || lend_user_add(db, &sam) ||
	    lend_user_passwd(db, "ada", "correct horse") ||
	    lend_user_passwd(db, "sam", "battery staple")) {
		fprintf(stderr, "# set-up: %s\n", db ? lend_errmsg(db) : "?");
		t_cleanup(db);
		return NULL;
	}
	return db;
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

T_TEST(login_with_the_password_set)
{
	lend_db *db = fresh_login();
	char token[65], name[64], csrf[65];

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	T_OK(is_hex64(token));
	T_EQ_INT(lend_login_check(db, token, NOW + 5, IDLE, name, csrf), 0);
	T_EQ_STR(name, "sam");
	T_OK(is_hex64(csrf));
	t_cleanup(db);
}

T_TEST(login_refused_as_one)
{
	lend_db *db = fresh_login();
	lend_user_spec fay = { "fay", NULL, "funder", NULL, NULL };
	lend_info info;
	char token[65] = "unchanged";

	T_OK(db);
	T_EQ_INT(lend_user_add(db, &fay), 0);
	T_EQ_INT(lend_login(db, "sam", "battery stapler", NOW, token),
	         LEND_EDENIED);
	T_EQ_INT(lend_error_info(db, &info), 0);
	T_EQ_STR(info.key, "login.refused");
	T_EQ_INT(lend_login(db, "nobody", "battery staple", NOW, token),
	         LEND_EDENIED);
	T_EQ_STR(lend_errmsg(db),
	         "login: wrong name or password, or the user may not log in");
	/* A user without a password. */
	T_EQ_INT(lend_login(db, "fay", "battery staple", NOW, token),
	         LEND_EDENIED);
	T_EQ_STR(token, "unchanged");
	T_EQ_INT(lend_login(db, "", "x", NOW, token), LEND_EINVAL);
	T_EQ_INT(lend_login(db, "sam", "", NOW, token), LEND_EINVAL);
	t_cleanup(db);
}

/* A refusal is an event naming the name given, never the password. */
T_TEST(login_failure_recorded_without_password)
{
	lend_db *db = fresh_login();
	lend_rows *r = NULL;
	char token[65];

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "hunter2 hunter2", NOW, token),
	         LEND_EDENIED);
	T_EQ_INT(lend__query_rows(&r, db, "SELECT after FROM event WHERE "
	                          "action = 'login_failed'", LEND__NO_ARGS), 0);
	T_EQ_INT(lend_rows_count(r), 1);
	T_OK(strstr(lend_rows_text(r, 0, 0), "\"sam\""));
	T_OK(!strstr(lend_rows_text(r, 0, 0), "hunter2"));
	lend_rows_free(r);
	t_cleanup(db);
}

T_TEST(login_disabled_user)
{
	lend_db *db = fresh_login();
	lend_rows *r = NULL;
	char token[65], name[64], csrf[65];

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	T_EQ_INT(lend_user_disable(db, "sam", 1), 0);
	/* The open session ended, a new one is refused, and a handle acting
	 * as sam may do nothing, not even read. */
	T_EQ_INT(lend_login_check(db, token, NOW + 1, IDLE, name, csrf),
	         LEND_ENOTFOUND);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token),
	         LEND_EDENIED);
	T_EQ_INT(lend_db_act_as(db, "sam"), 0);
	T_EQ_INT(lend_borrower_list(&r, db, NULL), LEND_EDENIED);
	T_EQ_STR(lend_errmsg(db), "borrower: user 'sam' is disabled");
	T_EQ_INT(lend_db_act_as(db, "ada"), 0);
	T_EQ_INT(lend_user_show(&r, db, "sam"), 0);
	T_EQ_STR(lend_rows_get(r, 0, "disabled"), "1");
	T_EQ_STR(lend_rows_get(r, 0, "has_password"), "1");
	lend_rows_free(r);
	T_EQ_INT(lend_user_disable(db, "sam", 0), 0);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	t_cleanup(db);
}

T_TEST(last_enabled_admin_stays)
{
	lend_db *db = fresh_login();
	lend_user_spec eve = { "eve", NULL, "admin", NULL, NULL };

	T_OK(db);
	T_EQ_INT(lend_user_disable(db, "ada", 1), LEND_ECONFLICT);
	T_EQ_INT(lend_user_add(db, &eve), 0);
	T_EQ_INT(lend_user_disable(db, "eve", 1), 0);
	T_EQ_INT(lend_user_disable(db, "ada", 1), LEND_ECONFLICT);
	T_EQ_INT(lend_user_disable(db, "eve", 0), 0);
	T_EQ_INT(lend_user_disable(db, "ada", 1), 0);
	t_cleanup(db);
}

/* An unknown name costs the same hash as a wrong password: neither is
 * more than twice as quick as the other (medians of three). */
T_TEST(login_unknown_name_takes_as_long)
{
	lend_db *db = fresh_login();
	double t[2][3], m[2], x;
	char token[65];
	int i, k, j;

	T_OK(db);
	for (i = 0; i < 3; i++)
		for (k = 0; k < 2; k++) {
			t[k][i] = seconds();
			T_EQ_INT(lend_login(db, k ? "nobody" : "sam", "wrong one!",
			                    NOW, token), LEND_EDENIED);
			t[k][i] = seconds() - t[k][i];
		}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 3; i++)
			for (j = i + 1; j < 3; j++)
				if (t[k][j] < t[k][i])
					x = t[k][i], t[k][i] = t[k][j], t[k][j] = x;
		m[k] = t[k][1];
	}
	T_OK(m[0] < 2 * m[1] && m[1] < 2 * m[0]);
	t_cleanup(db);
}

T_TEST(login_session_idle_and_logout)
{
	lend_db *db = fresh_login();
	char token[65], name[64], csrf[65];

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	/* Each use moves the idle end on. */
	T_EQ_INT(lend_login_check(db, token, NOW + IDLE, IDLE, name, csrf), 0);
	T_EQ_INT(lend_login_check(db, token, NOW + 2 * IDLE, IDLE, name, csrf),
	         0);
	T_EQ_INT(lend_login_check(db, token, NOW + 3 * IDLE + 1, IDLE, name,
	                          csrf), LEND_ENOTFOUND);
	/* Once ended, it stays ended. */
	T_EQ_INT(lend_login_check(db, token, NOW + 2 * IDLE, IDLE, name, csrf),
	         LEND_ENOTFOUND);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	T_EQ_INT(lend_logout(db, token), 0);
	T_EQ_INT(lend_login_check(db, token, NOW, IDLE, name, csrf),
	         LEND_ENOTFOUND);
	T_EQ_INT(lend_logout(db, token), 0);
	T_EQ_INT(lend_logout(db, "not a token"), 0);
	T_EQ_INT(lend_login_check(db, "zz", NOW, IDLE, name, csrf),
	         LEND_ENOTFOUND);
	t_cleanup(db);
}

T_TEST(login_csrf_differs_per_session)
{
	lend_db *db = fresh_login();
	char t1[65], t2[65], name[64], c1[65], c2[65];

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, t1), 0);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, t2), 0);
	T_OK(strcmp(t1, t2) != 0);
	T_EQ_INT(lend_login_check(db, t1, NOW, IDLE, name, c1), 0);
	T_EQ_INT(lend_login_check(db, t2, NOW, IDLE, name, c2), 0);
	T_OK(strcmp(c1, c2) != 0);
	t_cleanup(db);
}

/* The table holds the token's SHA-256, never the token; the user's row
 * an argon2id hash, never the password. */
T_TEST(login_token_never_stored_in_clear)
{
	lend_db *db = fresh_login();
	lend_rows *r = NULL;
	char token[65], hash[65];
	size_t i, c;

	T_OK(db);
	T_EQ_INT(lend_login(db, "sam", "battery staple", NOW, token), 0);
	T_EQ_INT(lend__query_rows(&r, db, "SELECT * FROM login_session",
	                          LEND__NO_ARGS), 0);
	T_EQ_INT(lend_rows_count(r), 1);
	for (i = 0; i < lend_rows_count(r); i++)
		for (c = 0; c < lend_rows_columns(r); c++)
			T_OK(!lend_rows_text(r, i, c) ||
			     !strstr(lend_rows_text(r, i, c), token));
	lend__sha256_hex(hash, token, 64);
	T_EQ_STR(lend_rows_get(r, 0, "token_hash"), hash);
	lend_rows_free(r);
	T_EQ_INT(lend__query_rows(&r, db, "SELECT password_hash FROM app_user "
	                          "WHERE name = 'sam'", LEND__NO_ARGS), 0);
	T_OK(strncmp(lend_rows_text(r, 0, 0), "$argon2id$", 10) == 0);
	T_OK(!strstr(lend_rows_text(r, 0, 0), "battery"));
	lend_rows_free(r);
	t_cleanup(db);
}

T_TEST(passwd_rules)
{
	lend_db *db = fresh_login();
	char token[65];

	T_OK(db);
	T_EQ_INT(lend_user_passwd(db, "sam", "short"), LEND_EINVAL);
	T_EQ_STR(lend_errmsg(db), "user: a password must be 8 to 128 bytes "
	         "(this one has 5)");
	T_EQ_INT(lend_user_passwd(db, "sam", "tab\there!"), LEND_EINVAL);
	T_EQ_INT(lend_user_passwd(db, "nobody", "long enough"), LEND_ENOTFOUND);
	/* Staff set their own password, no one else's. */
	T_EQ_INT(lend_db_act_as(db, "sam"), 0);
	T_EQ_INT(lend_user_passwd(db, "ada", "long enough"), LEND_EDENIED);
	T_EQ_INT(lend_user_passwd(db, "sam", "long enough"), 0);
	T_EQ_INT(lend_login(db, "sam", "long enough", NOW, token), 0);
	t_cleanup(db);
}

/* lend_login() from several threads at once, each on its own handle, as
 * the server's pool calls it: every login and check succeeds. */
static void *login_thread(void *arg)
{
	lend_db *db = NULL;
	char token[65], name[64], csrf[65];
	int i, *bad = arg;

	if (lend_open(&db, t_path, 0)) {
		*bad = 1;
		lend_close(db);
		return NULL;
	}
	for (i = 0; i < 3; i++)
		if (lend_login(db, "sam", "battery staple", NOW, token) ||
		    lend_login_check(db, token, NOW + 1, IDLE, name, csrf) ||
		    strcmp(name, "sam") != 0)
			*bad = 1;
	lend_close(db);
	return NULL;
}

T_TEST(login_from_several_threads)
{
	lend_db *db = fresh_login();
	pthread_t th[4];
	int bad[4] = { 0 }, i;

	T_OK(db);
	for (i = 0; i < 4; i++)
		T_EQ_INT(pthread_create(&th[i], NULL, login_thread, &bad[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		T_EQ_INT(bad[i], 0);
	}
	t_cleanup(db);
}
