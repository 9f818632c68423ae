/*
 * What the desk keeps between requests of one login, in memory: the scan
 * state, the desk's site and mode, the result log, the message of the last
 * POST and an import awaiting confirmation.  Kept by the SHA-256 of the
 * login token, never the token.  The login itself (who, since when, its
 * CSRF token) is the library's, in the database.  And the login failures
 * of the last minute, per name and per address, for the rate limit.
 */
#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "serve.h"

#define MAX_SESS 512

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct sess table[MAX_SESS];

static void key_of(char key[65], const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(key, 65, h, sizeof(h));
}

static struct sess *slot(const char *key, int make)
{
	struct sess *oldest = &table[0];
	size_t i;

	for (i = 0; i < MAX_SESS; i++) {
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
		if (table[i].used < oldest->used)
			oldest = &table[i];
	}
	if (!make)
		return NULL;
	if (oldest->import_path[0])
		unlink(oldest->import_path);
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	return oldest;
}

/* An import's upload holds people's details: a login idle past the
 * timeout (whose session the library has ended) takes its file with it.
 * Called under MU. */
static void drop_idle(long long now)
{
	size_t i;

	for (i = 0; i < MAX_SESS; i++)
		if (table[i].key[0] && now - table[i].used > serve_idle_seconds) {
			if (table[i].import_path[0])
				unlink(table[i].import_path);
			memset(&table[i], 0, sizeof(table[i]));
		}
}

void sess_get(const char *token, struct sess *out)
{
	char key[65];
	struct sess *s;

	key_of(key, token);
	pthread_mutex_lock(&mu);
	drop_idle((long long)time(NULL));
	s = slot(key, 1);
	s->used = (long long)time(NULL);
	*out = *s;
	pthread_mutex_unlock(&mu);
}

int sess_find(const char *token, struct sess *out)
{
	char key[65];
	struct sess *s;

	key_of(key, token);
	pthread_mutex_lock(&mu);
	if ((s = slot(key, 0)))
		*out = *s;
	pthread_mutex_unlock(&mu);
	return s ? 0 : -1;
}

void sess_put(const struct sess *s)
{
	struct sess *t;

	pthread_mutex_lock(&mu);
	if ((t = slot(s->key, 1)))
		*t = *s;
	pthread_mutex_unlock(&mu);
}

void sess_drop(const char *token)
{
	char key[65];
	struct sess *s;

	key_of(key, token);
	pthread_mutex_lock(&mu);
	if ((s = slot(key, 0))) {
		if (s->import_path[0])
			unlink(s->import_path);
		memset(s, 0, sizeof(*s));
	}
	pthread_mutex_unlock(&mu);
}

void sess_sweep_uploads(void)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR")
	                  ? getenv("TMPDIR") : "/tmp";
	char path[512];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
		return;
	/* Left by a server that died: older than any login could still use. */
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "lend-import-", 12) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    time(NULL) - st.st_mtime > serve_idle_seconds)
			unlink(path);
	}
	closedir(d);
}

void sess_end_all(void)
{
	size_t i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < MAX_SESS; i++)
		if (table[i].import_path[0])
			unlink(table[i].import_path);
	memset(table, 0, sizeof(table));
	pthread_mutex_unlock(&mu);
}

void sess_log(struct sess *s, const char *kind, const char *text,
              const char *href)
{
	struct logline *l;

	if (s->nlog == LOG_LINES) {
		memmove(&s->log[0], &s->log[1], sizeof(s->log[0]) * (LOG_LINES - 1));
		s->nlog--;
	}
	l = &s->log[s->nlog++];
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	snprintf(l->text, sizeof(l->text), "%s", text);
	snprintf(l->href, sizeof(l->href), "%s", href ? href : "");
}

void sess_flash(struct sess *s, const char *kind, const char *text)
{
	snprintf(s->flash_kind, sizeof(s->flash_kind), "%s", kind);
	snprintf(s->flash, sizeof(s->flash), "%s", text);
}

/* ---- Login failures ------------------------------------------------- */

#define MAX_KEYS 1024
#define PER_KEY 32
struct fails {
	char key[80];
	long long at[PER_KEY]; /* a ring of failure times */
	int next;
};
static struct fails fails[MAX_KEYS];
static int nfails_next;

static struct fails *fails_of(const char *key, int make)
{
	int i;

	for (i = 0; i < MAX_KEYS; i++)
		if (strcmp(fails[i].key, key) == 0)
			return &fails[i];
	if (!make)
		return NULL;
	i = nfails_next++ % MAX_KEYS;
	memset(&fails[i], 0, sizeof(fails[i]));
	snprintf(fails[i].key, sizeof(fails[i].key), "%s", key);
	return &fails[i];
}

static int recent(const char *key, long long now)
{
	struct fails *f = fails_of(key, 0);
	int i, n = 0;

	for (i = 0; f && i < PER_KEY; i++)
		n += f->at[i] && now - f->at[i] < 60;
	return n;
}

int limit_failures(const char *name, const char *addr)
{
	char k[80];
	long long now = (long long)time(NULL);
	int a, b;

	pthread_mutex_lock(&mu);
	snprintf(k, sizeof(k), "n:%.64s", name ? name : "");
	a = recent(k, now);
	snprintf(k, sizeof(k), "a:%.64s", addr);
	b = recent(k, now);
	pthread_mutex_unlock(&mu);
	return a > b ? a : b;
}

void limit_fail(const char *name, const char *addr)
{
	char k[80];
	struct fails *f;
	long long now = (long long)time(NULL);

	pthread_mutex_lock(&mu);
	snprintf(k, sizeof(k), "n:%.64s", name ? name : "");
	f = fails_of(k, 1);
	f->at[f->next++ % PER_KEY] = now;
	snprintf(k, sizeof(k), "a:%.64s", addr);
	f = fails_of(k, 1);
	f->at[f->next++ % PER_KEY] = now;
	pthread_mutex_unlock(&mu);
}
