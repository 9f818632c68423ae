/*
 * The pool of library handles: each request takes one, acts as its user
 * and gives it back acting as nobody.  One mutex serialises the writes of
 * the whole process, and a gate lets two password hashes run at once.
 *
 * The desk's scans, its busiest writes, run on one more handle kept for
 * them.  A connection that sees another's write reads its pages afresh
 * (SQLite drops its page cache), so a scan on whichever handle a request
 * took spent much of its time, under the lock, reading again what the
 * scan before it had read.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "serve.h"

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cv = PTHREAD_COND_INITIALIZER;
static lend_db **handles;
static int nhandles, nfree;
static lend_db *scan_db;

static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hashing;

int pool_open(const char *where, int n)
{
	int i;

	if (!(handles = calloc((size_t)n, sizeof(*handles))))
		return -1;
	for (i = 0; i < n; i++) {
		int rc = lend_open(&handles[i], where, 0);

		nhandles++;
		if (rc) {
			fprintf(stderr, "lend: serve: %s\n", handles[i]
			        ? lend_errmsg(handles[i]) : lend_strerror(rc));
			return -1;
		}
	}
	nfree = n;
	if (lend_open(&scan_db, where, 0)) {
		fprintf(stderr, "lend: serve: %s\n", scan_db
		        ? lend_errmsg(scan_db) : "out of memory");
		return -1;
	}
	return 0;
}

void pool_close(void)
{
	int i;

	for (i = 0; i < nhandles; i++)
		lend_close(handles[i]);
	free(handles);
	handles = NULL;
	nhandles = nfree = 0;
	lend_close(scan_db);
	scan_db = NULL;
}

lend_db *pool_take(void)
{
	lend_db *db;

	pthread_mutex_lock(&pool_mu);
	while (nfree == 0)
		pthread_cond_wait(&pool_cv, &pool_mu);
	db = handles[--nfree];
	pthread_mutex_unlock(&pool_mu);
	return db;
}

void pool_give(lend_db *db)
{
	if (!db)
		return;
	/* Fail closed: a handle waiting in the pool acts as nobody. */
	lend_db_act_as(db, NULL);
	pthread_mutex_lock(&pool_mu);
	handles[nfree++] = db;
	pthread_cond_signal(&pool_cv);
	pthread_mutex_unlock(&pool_mu);
}

void write_lock(void)
{
	pthread_mutex_lock(&write_mu);
}

void write_unlock(void)
{
	pthread_mutex_unlock(&write_mu);
}

lend_db *pool_scan_begin(const char *user)
{
	return lend_db_act_as(scan_db, user) ? NULL : scan_db;
}

void pool_scan_end(void)
{
	lend_db_act_as(scan_db, NULL);
}

void hash_enter(void)
{
	pthread_mutex_lock(&hash_mu);
	while (hashing >= 2)
		pthread_cond_wait(&hash_cv, &hash_mu);
	hashing++;
	pthread_mutex_unlock(&hash_mu);
}

void hash_leave(void)
{
	pthread_mutex_lock(&hash_mu);
	hashing--;
	pthread_cond_signal(&hash_cv);
	pthread_mutex_unlock(&hash_mu);
}
