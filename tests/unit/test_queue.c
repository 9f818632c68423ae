/*
 * The queue of holds against a reference model (issue 13): 2,000 random
 * check-outs, check-ins, wipes, renewals, holds placed and cancelled,
 * status changes and days passing, on six devices and four borrowers.
 * The model says which calls succeed and what the queue becomes; after
 * every step the holds and devices lend lists agree with it, and lend
 * doctor is clean.
 */
#define _DEFAULT_SOURCE
#include <time.h>

#include "t.h"
#include "util.h"

enum { AVAIL, ONLOAN, QUAR, REPAIR, LOST, RETIRED };
static const char *const st_name[] = { "available", "on_loan", "quarantine",
                                       "repair", "lost", "retired" };
enum { WAIT, RES, CLOSED, EXPIRED };

#define ND 6
#define NB 4
#define NH 2100

static const char *const tags[ND] = { "T1", "T2", "T3", "T4", "L1", "L2" };
static const int kinds[ND] = { 0, 0, 0, 0, 1, 1 };
static const char *const kind_name[2] = { "tablet", "laptop" };

typedef struct hold {
	int b, kind, dev;    /* kind -1 for a device's hold, dev -1 for a kind's */
	long placed;         /* the time it was placed */
	int st, res, until;  /* reserved device and its last day */
} hold;

typedef struct model {
	int st[ND], holder[ND];
	hold h[NH];
	int nh;
} model;

static long now_s;      /* seconds since the epoch of the current step */
static model m;

static int day_of(long t) { return (int)(t / 86400); }

static void iso(char out[21], long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int serves(const model *x, int h, int d)
{
	return x->h[h].st == WAIT && (x->h[h].dev == d ||
	       (x->h[h].dev < 0 && x->h[h].kind == kinds[d]));
}

/* The first waiting hold device D can serve, or -1. */
static int first_for(const model *x, int d)
{
	int i;

	for (i = 0; i < x->nh; i++)
		if (serves(x, i, d))
			return i;
	return -1;
}

static int reserved_for(const model *x, int d)
{
	int i;

	for (i = 0; i < x->nh; i++)
		if (x->h[i].st == RES && x->h[i].res == d)
			return i;
	return -1;
}

static void reserve(model *x, int h, int d)
{
	x->h[h].st = RES;
	x->h[h].res = d;
	x->h[h].until = day_of(now_s) + 3;
}

static void pass_on(model *x, int d)
{
	int h;

	if (x->st[d] == AVAIL && (h = first_for(x, d)) >= 0)
		reserve(x, h, d);
}

static void close_hold(model *x, int h, int how)
{
	int d = x->h[h].st == RES ? x->h[h].res : -1;

	x->h[h].st = how;
	if (d >= 0)
		pass_on(x, d);
}

static void settle(model *x)
{
	for (;;) {
		int i, best = -1;

		for (i = 0; i < x->nh; i++)
			if (x->h[i].st == RES && x->h[i].until < day_of(now_s) &&
			    (best < 0 || x->h[i].until < x->h[best].until))
				best = i;
		if (best < 0)
			return;
		close_hold(x, best, EXPIRED);
	}
}

/* A device of KIND on the shelf, set aside for nobody, not NOT. */
static int free_of_kind(const model *x, int kind, int not)
{
	int d;

	for (d = 0; d < ND; d++)
		if (d != not && kinds[d] == kind && x->st[d] == AVAIL &&
		    reserved_for(x, d) < 0)
			return d;
	return -1;
}

static int may_checkout(const model *x, int b, int d)
{
	int i, r = reserved_for(x, d), mine = -1;

	if (x->st[d] != AVAIL || (r >= 0 && x->h[r].b != b))
		return 0;
	if (r >= 0)
		return 1;
	for (i = 0; i < x->nh && mine < 0; i++)
		if (x->h[i].b == b && (x->h[i].st == WAIT || x->h[i].st == RES) &&
		    (x->h[i].dev == d || x->h[i].kind == kinds[d]))
			mine = i;
	for (i = 0; i < x->nh && (mine < 0 || i < mine); i++)
		if (x->h[i].b != b && serves(x, i, d))
			return 0;
	return 1;
}

static void checkout(model *x, int b, int d)
{
	int i, got = -1;

	x->st[d] = ONLOAN;
	x->holder[d] = b;
	for (i = 0; i < x->nh; i++)
		if (x->h[i].b == b && (x->h[i].st == WAIT || x->h[i].st == RES) &&
		    (x->h[i].res == d || x->h[i].dev == d ||
		     x->h[i].kind == kinds[d]) &&
		    (got < 0 || (x->h[i].st == RES && x->h[i].res == d)))
			got = i;
	if (got >= 0)
		close_hold(x, got, CLOSED);
}

static int renew(model *x, int d)
{
	int i, b = x->holder[d], h, f;

	for (i = 0; i < x->nh; i++)
		if (x->h[i].st == WAIT && x->h[i].dev == d && x->h[i].b != b)
			return 0;
	for (;;) {
		for (h = -1, i = 0; i < x->nh && h < 0; i++)
			if (x->h[i].st == WAIT && x->h[i].dev < 0 &&
			    x->h[i].kind == kinds[d] && x->h[i].b != b)
				h = i;
		if (h < 0)
			return 1;
		if ((f = free_of_kind(x, kinds[d], -1)) < 0)
			return 0;
		reserve(x, first_for(x, f), f);
	}
}

static int hold_add(model *x, int b, int kind, int d)
{
	int i;

	for (i = 0; i < x->nh; i++)
		if (x->h[i].b == b && (x->h[i].st == WAIT || x->h[i].st == RES) &&
		    ((kind >= 0 && x->h[i].kind == kind) ||
		     (d >= 0 && x->h[i].dev == d)))
			return 0;
	if (d >= 0 && x->st[d] == ONLOAN && x->holder[d] == b)
		return 0;
	x->h[x->nh].b = b;
	x->h[x->nh].kind = kind;
	x->h[x->nh].dev = d;
	x->h[x->nh].placed = now_s;
	x->h[x->nh].st = WAIT;
	x->h[x->nh].res = -1;
	x->nh++;
	return 1;
}

static int status_ok(int from, int to)
{
	static const int ok[][2] = { { AVAIL, REPAIR }, { QUAR, REPAIR },
		{ REPAIR, QUAR }, { ONLOAN, LOST }, { AVAIL, LOST },
		{ ONLOAN, QUAR },
		{ LOST, QUAR }, { AVAIL, RETIRED }, { QUAR, RETIRED },
		{ REPAIR, RETIRED }, { LOST, RETIRED } };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i][0] == from && ok[i][1] == to)
			return 1;
	return 0;
}

static void status(model *x, int d, int to)
{
	int h = reserved_for(x, d), f;

	x->st[d] = to;
	if (h < 0)
		return;
	if (x->h[h].dev < 0 && (f = free_of_kind(x, kinds[d], d)) >= 0) {
		reserve(x, h, f);
		return;
	}
	x->h[h].st = WAIT;
	x->h[h].res = -1;
}

/* One random step on DB and on the model: 1 when lend did as the model
 * said, else 0 with the reason on stderr. */
static int step(lend_db *db, unsigned r)
{
	char at[21], ref[16], *out = NULL;
	int d = (int)(r >> 8) % ND, b = (int)(r >> 12) % NB, ok, rc = 0;
	model x = m;
	lend_checkout_spec c = { 0 };
	lend_checkin_spec in = { 0 };
	const char *tag = tags[d];
	char borrower[16];

	now_s += 60;
	iso(at, now_s);
	snprintf(borrower, sizeof(borrower), "B-%06d", b + 1);
	switch (r % 10) {
	case 0: /* days pass */
		now_s += 86400 * (long)(1 + (r >> 4) % 2);
		return 1;
	case 1: case 2:
		settle(&x);
		c.borrower = borrower;
		c.tags = &tag;
		c.ntags = 1;
		c.at = at;
		c.override = (r >> 16) % 8 == 0;
		ok = x.st[d] == AVAIL && (c.override ? (reserved_for(&x, d) < 0 ||
		     x.h[reserved_for(&x, d)].b == b) : may_checkout(&x, b, d));
		if (ok)
			checkout(&x, b, d);
		rc = lend_loan_checkout(&out, db, &c);
		lend_free(out);
		break;
	case 3:
		settle(&x);
		in.tags = &tag;
		in.ntags = 1;
		in.at = at;
		if ((ok = x.st[d] == ONLOAN))
			x.st[d] = QUAR;
		rc = lend_loan_checkin(db, &in);
		break;
	case 4:
		settle(&x);
		if ((ok = x.st[d] == QUAR)) {
			x.st[d] = AVAIL;
			pass_on(&x, d);
		}
		rc = lend_device_wipe(db, tag, "reset", at);
		break;
	case 5:
		settle(&x);
		ok = x.st[d] == ONLOAN && renew(&x, d);
		rc = lend_loan_renew(db, tag, 0, at);
		break;
	case 6:
		settle(&x);
		if ((r >> 16) % 2)
			ok = hold_add(&x, b, kinds[d], -1);
		else
			ok = hold_add(&x, b, -1, d);
		rc = lend_hold_add(&out, db, borrower, (r >> 16) % 2 ?
		                   kind_name[kinds[d]] : NULL,
		                   (r >> 16) % 2 ? NULL : tag, at);
		lend_free(out);
		break;
	case 7:
		settle(&x);
		if (x.nh == 0)
			return 1;
		{
			int h = (int)((r >> 16) % (unsigned)x.nh);

			if ((ok = x.h[h].st == WAIT || x.h[h].st == RES))
				close_hold(&x, h, CLOSED);
			snprintf(ref, sizeof(ref), "H-%06d", h + 1);
			rc = lend_hold_cancel(db, ref, at);
		}
		break;
	default: {
		static const int to[] = { REPAIR, QUAR, LOST, RETIRED, REPAIR };
		int t = to[(r >> 16) % 5];

		/* Few retirements, or the pool is soon empty. */
		if (t == RETIRED && (r >> 20) % 4)
			t = QUAR;
		settle(&x);
		if ((ok = status_ok(x.st[d], t)))
			status(&x, d, t);
		rc = lend_device_status(db, tag, st_name[t], NULL, at);
		if ((rc == 0) != ok)
			fprintf(stderr, "# %s -> %s\n", st_name[m.st[d]], st_name[t]);
	}
	}
	if ((rc == 0) != ok) {
		fprintf(stderr, "# step %u at %s on %s by %s: lend says %d "
		        "(%s), the model %d\n", r % 10, at, tag, borrower, rc,
		        rc ? lend_errmsg(db) : "", ok);
		return 0;
	}
	if (ok)
		m = x;
	return 1;
}

/* The devices and the open holds lend lists are the model's. */
static int agree(lend_db *db)
{
	char at[21], want[64];
	lend_rows *r = NULL;
	size_t i, open = 0;
	int d, h, good = 1;

	for (d = 0; d < ND && good; d++) {
		if (lend_device_show(&r, db, tags[d]))
			return 0;
		good = strcmp(lend_rows_get(r, 0, "status"), st_name[m.st[d]]) == 0;
		if (!good)
			fprintf(stderr, "# %s is %s, the model says %s\n", tags[d],
			        lend_rows_get(r, 0, "status"), st_name[m.st[d]]);
		lend_rows_free(r);
	}
	iso(at, now_s);
	settle(&m);
	if (!good || lend_hold_list(&r, db, at))
		return 0;
	for (h = 0; h < m.nh; h++)
		open += m.h[h].st == WAIT || m.h[h].st == RES;
	for (i = 0; i < lend_rows_count(r) && good; i++) {
		const char *ref = lend_rows_get(r, i, "ref");
		const char *res = lend_rows_get(r, i, "reserved_device");

		h = atoi(ref + 2) - 1;
		snprintf(want, sizeof(want), "%s %s",
		         m.h[h].st == WAIT ? "waiting" : m.h[h].st == RES ?
		         "reserved" : m.h[h].st == EXPIRED ? "expired" : "closed",
		         m.h[h].st == RES ? tags[m.h[h].res] : "-");
		snprintf(at, sizeof(at), "%s %s", lend_rows_get(r, i, "status"),
		         res ? res : "-");
		if (strcmp(want, at) != 0) {
			fprintf(stderr, "# %s is '%s', the model says '%s'\n", ref,
			        at, want);
			good = 0;
		}
		open -= strcmp(lend_rows_get(r, i, "status"), "expired") != 0;
	}
	lend_rows_free(r);
	if (good && open != 0)
		fprintf(stderr, "# %zu open holds of the model are not listed\n",
		        open);
	return good && open == 0;
}

static int doctor_clean(lend_db *db)
{
	lend_rows *r = NULL;
	int n;

	if (lend_doctor(&r, db))
		return 0;
	n = (int)lend_rows_count(r);
	if (n)
		fprintf(stderr, "# doctor: %s\n", lend_rows_text(r, 0, 1));
	lend_rows_free(r);
	return n == 0;
}

T_TEST(model_2000_steps)
{
	lend_db *db = t_fresh();
	char at[21];
	unsigned seed = 13;
	int i, d;

	T_OK(db);
	now_s = (long)time(NULL) / 86400 * 86400 - 400L * 86400;
	iso(at, now_s);
	T_OK(lend_setting_set(db, "loan.renewals", "50") == 0);
	T_OK(lend_setting_set(db, "loan.limit", "10") == 0);
	T_OK(lend_setting_set(db, "loan.overdue", "allow") == 0);
	for (i = 0; i < NB; i++) {
		lend_borrower_spec s = { 0 };
		char *ref = NULL;

		s.name = "Person";
		s.postcode = "OL11";
		s.member = "RBH";
		s.consent = 1;
		s.at = at;
		T_OK(lend_borrower_add(&ref, db, &s) == 0);
		lend_free(ref);
	}
	for (d = 0; d < ND; d++) {
		lend_device_spec s = { 0 };
		char *tag = NULL;

		s.tag = tags[d];
		s.kind = kind_name[kinds[d]];
		s.make = "Acme";
		s.model = "M";
		s.member = "RBH";
		s.site = "HUB";
		s.added_at = at;
		T_OK(lend_device_add(&tag, db, &s) == 0);
		lend_free(tag);
	}
	for (i = 0; i < 2000; i++) {
		seed = seed * 1103515245u + 12345u;
		if (!step(db, seed >> 4) || !agree(db) ||
		    (i % 100 == 99 && !doctor_clean(db)))
			T_FAIL("step %d went apart from the model", i);
	}
	T_OK(doctor_clean(db));
	t_cleanup(db);
}
