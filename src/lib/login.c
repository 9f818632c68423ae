/*
 * Logins of the browser desk (issue 16): passwords kept as argon2id
 * hashes (libsodium), and login sessions known by the SHA-256 of their
 * token, each with its anti-forgery token.  The server keeps the rate
 * limits and the cookies; the library keeps who may log in and how long
 * a session lasts, so that every interface meets the same rules.
 */
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 128
#define TOKEN_BYTES 32
#define HEX_LEN (2 * TOKEN_BYTES) /* a token, a CSRF token, a SHA-256 */
#define NAME_MAX_LEN 63           /* lend_login_check()'s NAME holds it */

/* An unknown name or a user without a password is verified against this
 * hash, made with the same (interactive) limits as every real one, so
 * that a refusal takes the same time whoever was named. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$UpkP1hOL4+eh9eZU4VPbng$"
	"Cy95OJKVFT0AsMYcNCfR0bJo3UlIflwDWZnC2sYyFxw";

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_rc = -1;

static void sodium_start(void)
{
	sodium_rc = sodium_init() < 0 ? -1 : 0;
}

/* libsodium started, once for the process whichever thread comes first. */
int lend__sodium(lend_db *db)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_rc == 0 ? 0 : lend__fail(db, LEND_EDB, "login.sodium",
	                                       NULL);
}

/* N random bytes as 2N lower-case hex digits in OUT. */
static void random_hex(char *out, size_t n)
{
	unsigned char bytes[TOKEN_BYTES];

	assert(n <= sizeof(bytes));
	randombytes_buf(bytes, n);
	sodium_bin2hex(out, 2 * n + 1, bytes, n);
	sodium_memzero(bytes, sizeof(bytes));
}

void lend__sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* A token as lend_login() gives them: 64 lower-case hex digits. */
static int is_token(const char *token)
{
	return token && strlen(token) == HEX_LEN &&
	       strspn(token, "0123456789abcdef") == HEX_LEN;
}

/* What a password must be: 8 to 128 bytes of text on one line.  The
 * message never shows it. */
static int check_password(lend_db *db, const char *password)
{
	char len[24];
	size_t n = password ? strlen(password) : 0, at;

	snprintf(len, sizeof(len), "%zu", n);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX)
		return lend__fail(db, LEND_EINVAL, "user.password_length",
		                  "length", len, NULL);
	if (lend__text_fault(password, 0, &at))
		return lend__fail(db, LEND_EINVAL, "user.password_text", NULL);
	return 0;
}

/* May the acting user set NAME's password: an admin, or NAME themself. */
static int passwd_actor(int64_t *actor, lend_db *db, const char *name)
{
	lend__scope s;
	int rc;

	if ((rc = lend__scope_get(&s, db, "user")))
		return rc;
	if (!(s.role & LEND__ADMIN) && strcmp(lend__actor_name(db), name) != 0)
		return lend__fail(db, LEND_EDENIED, "user.passwd_denied",
		                  "user", lend__actor_name(db), NULL);
	*actor = s.user;
	return 0;
}

int lend_user_passwd(lend_db *db, const char *name, const char *password)
{
	static const char sql[] =
		"UPDATE app_user SET password_hash = ? WHERE id = ?";
	char hash[crypto_pwhash_STRBYTES];
	int64_t actor = 0, id;
	int rc;

	assert(db);
	lend__reset(db);
	if ((rc = lend__sodium(db)) || (rc = check_password(db, password)))
		return rc;
	/* Hashed before the write lock is taken: it takes a while. */
	if (crypto_pwhash_str(hash, password, strlen(password),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = passwd_actor(&actor, db, name)) ||
	    (rc = lend__id(&id, db, "user", LEND__ENTITY_USER, name)) ||
	    (rc = lend__exec(db, sql, LEND__ARGS(LEND__T(hash), LEND__I(id)))) ||
	    /* A new password is often given because the old one got out:
	     * whoever logged in with it is logged out. */
	    (rc = lend__login_end_all(db, id)))
		goto done;
	/* The event says that it changed, never the hash. */
	rc = lend__event_json(db, NULL, actor, LEND__ENTITY_USER, id, "passwd",
	                      NULL, "{\"password\":\"set\"}");
done:
	sodium_memzero(hash, sizeof(hash));
	return lend__txn_end(db, rc);
}

/* A refused login, as an event naming the name given (when it is text);
 * then the one refusal, whatever the reason. */
static int refuse_login(lend_db *db, const char *name, int64_t user)
{
	lend__buf b = { 0 };
	char *after;
	int rc;

	lend__buf_str(&b, "{\"name\":");
	lend__buf_json(&b, lend__is_text(name) ? name : "?");
	lend__buf_str(&b, "}");
	if (!(after = lend__buf_take(&b)))
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if ((rc = lend__txn_begin(db)) == 0)
		rc = lend__txn_end(db, lend__event_json(db, NULL, 0,
		                   LEND__ENTITY_USER, user, "login_failed",
		                   NULL, after));
	free(after);
	return rc ? rc : lend__fail(db, LEND_EDENIED, "login.refused", NULL);
}

/* Open a session for user USER at NOW: TOKEN receives its token. */
static int open_session(lend_db *db, int64_t user, long long now,
                        char token[65])
{
	static const char sql[] =
		"INSERT INTO login_session (token_hash, user_id, csrf, "
		"created_at, last_used_at) VALUES (?, ?, ?, ?, ?)";
	char tok[HEX_LEN + 1], hash[65], csrf[HEX_LEN + 1];
	int rc;

	random_hex(tok, TOKEN_BYTES);
	random_hex(csrf, TOKEN_BYTES);
	lend__sha256_hex(hash, tok, HEX_LEN);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__exec(db, sql, LEND__ARGS(LEND__T(hash), LEND__I(user),
	                     LEND__T(csrf), LEND__I(now), LEND__I(now)))) == 0)
		rc = lend__event_json(db, NULL, user, LEND__ENTITY_USER, user,
		                      "login", NULL, NULL);
	if ((rc = lend__txn_end(db, rc)) == 0)
		memcpy(token, tok, sizeof(tok));
	sodium_memzero(tok, sizeof(tok));
	return rc;
}

int lend_login(lend_db *db, const char *name, const char *password,
               long long now, char token[65])
{
	static const char sql[] =
		"SELECT id, password_hash, disabled FROM app_user WHERE name = ?";
	char hash[crypto_pwhash_STRBYTES] = { 0 };
	lend_rows *r = NULL;
	int64_t user = 0;
	int rc, ok, real = 0;

	assert(db && token);
	lend__reset(db);
	if (!name || !*name || strlen(name) > NAME_MAX_LEN || !password ||
	    !*password || strlen(password) > PASSWORD_MAX)
		return lend__fail(db, LEND_EINVAL, "login.invalid", NULL);
	if ((rc = lend__sodium(db)) ||
	    (rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(name)))))
		return rc;
	if (lend_rows_count(r) == 1) {
		user = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
		real = lend_rows_get(r, 0, "password_hash") != NULL;
	}
	/* Always one verification, so that no reason is quicker to tell;
	 * the schema keeps a hash shorter than the buffer. */
	snprintf(hash, sizeof(hash), "%s",
	         real ? lend_rows_get(r, 0, "password_hash") : dummy_hash);
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 &&
	     real && strcmp(lend_rows_get(r, 0, "disabled"), "0") == 0;
	lend_rows_free(r);
	if (!ok)
		return refuse_login(db, name, user);
	return open_session(db, user, now, token);
}

/* The open session whose token hashes to HASH: its id, user's name and
 * state in *OUT.  LEND_ENOTFOUND, no message, when there is none. */
static int session_find(lend_rows **out, lend_db *db, const char *hash)
{
	static const char sql[] =
		"SELECT s.id, s.csrf, s.last_used_at, u.name, u.disabled "
		"FROM login_session s JOIN app_user u ON u.id = s.user_id "
		"WHERE s.token_hash = ? AND s.ended_at IS NULL";
	lend_rows *r = NULL;
	int rc;

	if ((rc = lend__query_rows(&r, db, sql, LEND__ARGS(LEND__T(hash)))))
		return rc;
	if (lend_rows_count(r) == 0) {
		lend_rows_free(r);
		return LEND_ENOTFOUND;
	}
	*out = r;
	return 0;
}

/* Write the session ID's last use (or, with END, its end) at NOW. */
static int session_touch(lend_db *db, int64_t id, long long now, int end)
{
	static const char used_sql[] =
		"UPDATE login_session SET last_used_at = ? WHERE id = ? "
		"AND last_used_at < ?";
	static const char end_sql[] =
		"UPDATE login_session SET ended_at = ? WHERE id = ? "
		"AND ended_at IS NULL";
	int rc;

	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	rc = end ? lend__exec(db, end_sql, LEND__ARGS(LEND__I(now), LEND__I(id)))
	         : lend__exec(db, used_sql, LEND__ARGS(LEND__I(now), LEND__I(id),
	                                               LEND__I(now)));
	return lend__txn_end(db, rc);
}

int lend_login_check(lend_db *db, const char *token, long long now,
                     int idle_seconds, char name[64], char csrf[65])
{
	lend_rows *r = NULL;
	char hash[65];
	long long last;
	int64_t id;
	int rc, stale;

	assert(db && name && csrf);
	lend__reset(db);
	if (!is_token(token))
		return lend__fail(db, LEND_ENOTFOUND, "login.no_session", NULL);
	if ((rc = lend__sodium(db)))
		return rc;
	lend__sha256_hex(hash, token, HEX_LEN);
	if ((rc = session_find(&r, db, hash)) == LEND_ENOTFOUND)
		return lend__fail(db, LEND_ENOTFOUND, "login.no_session", NULL);
	if (rc != 0)
		return rc;
	id = strtoll(lend_rows_get(r, 0, "id"), NULL, 10);
	last = strtoll(lend_rows_get(r, 0, "last_used_at"), NULL, 10);
	stale = now - last > idle_seconds ||
	        strcmp(lend_rows_get(r, 0, "disabled"), "0") != 0 ||
	        strlen(lend_rows_get(r, 0, "name")) > NAME_MAX_LEN;
	/* A request in the same second as the last writes nothing. */
	if (stale || now > last)
		rc = session_touch(db, id, now, stale);
	if (rc == 0 && stale)
		rc = lend__fail(db, LEND_ENOTFOUND, "login.no_session", NULL);
	if (rc == 0) {
		strcpy(name, lend_rows_get(r, 0, "name"));
		memcpy(csrf, lend_rows_get(r, 0, "csrf"), HEX_LEN + 1);
	}
	lend_rows_free(r);
	return rc;
}

int lend_logout(lend_db *db, const char *token)
{
	static const char sql[] =
		"UPDATE login_session SET ended_at = ? WHERE token_hash = ? "
		"AND ended_at IS NULL";
	char hash[65];
	int rc;

	assert(db);
	lend__reset(db);
	if (!is_token(token))
		return 0;
	if ((rc = lend__sodium(db)))
		return rc;
	lend__sha256_hex(hash, token, HEX_LEN);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	rc = lend__exec(db, sql, LEND__ARGS(LEND__I((int64_t)time(NULL)),
	                                    LEND__T(hash)));
	return lend__txn_end(db, rc);
}

/* End every open session of user ID, in the caller's transaction: the
 * user was disabled. */
int lend__login_end_all(lend_db *db, int64_t id)
{
	static const char sql[] =
		"UPDATE login_session SET ended_at = ? WHERE user_id = ? "
		"AND ended_at IS NULL";

	return lend__exec(db, sql, LEND__ARGS(LEND__I((int64_t)time(NULL)),
	                                      LEND__I(id)));
}
