/*
 * lend's benchmarks through the library, each beside its baseline measured
 * in the same run: a figure line per measure, a bar line per quality bar
 * (DESIGN.md).  bench/run.sh adds the whole-process measures.
 *
 * Usage: bench DIR   (a scratch directory)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>

#include <hpdf.h>
#include <libpq-fe.h>
#include <qrencode.h>
#include <sqlite3.h>
#include <zlib.h>

#include "lend.h"

#define ADDS 400

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, lend_db *db)
{
	fprintf(stderr, "bench: %s: %s\n", what, db ? lend_errmsg(db) : "?");
	exit(1);
}

/* ---- PostgreSQL: the cluster run.sh started (tests/pg.sh), its socket's
 * directory in LEND_BENCH_PG. */

static PGconn *pg_admin(const char *dbname, const char *user)
{
	char info[600];
	PGconn *c;

	snprintf(info, sizeof(info), "host=%s dbname=%s user=%s",
	         getenv("LEND_BENCH_PG"), dbname, user);
	c = PQconnectdb(info);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench: %s", PQerrorMessage(c));
		exit(1);
	}
	return c;
}

static void pg_do(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench: %s", PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

/* A new empty database NAME, owned by lend; its URI into WHERE. */
static void pg_fresh(char *where, size_t size, const char *name)
{
	PGconn *c = pg_admin("postgres", "postgres");
	char sql[200];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	pg_do(c, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s OWNER lend", name);
	pg_do(c, sql);
	PQfinish(c);
	snprintf(where, size, "postgresql:///%s?host=%s&user=lend", name,
	         getenv("LEND_BENCH_PG"));
}

static lend_db *fresh(const char *dir, const char *name)
{
	lend_site_spec hub = { "HUB", "RBH", "Hub", NULL, NULL, NULL };
	char path[512];
	lend_db *db = NULL;

	if (strncmp(name, "pg:", 3) == 0)
		pg_fresh(path, sizeof(path), name + 3);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	remove(path);
	if (lend_db_create(&db, path, "Bench", "BEN", "ada") ||
	    lend_db_act_as(db, "ada") ||
	    lend_member_add(db, "RBH", "Member") || lend_site_add(db, &hub))
		die("set-up", db);
	return db;
}

/* The device every benchmark adds, owned by fresh()'s member and site. */
static lend_device_spec tablet(void)
{
	lend_device_spec d = { 0 };

	d.kind = "tablet";
	d.make = "Samsung";
	d.model = "Galaxy Tab A9+";
	d.member = "RBH";
	d.site = "HUB";
	return d;
}

/* Device adds through liblend, one transaction each. */
static double lib_adds(const char *dir)
{
	lend_db *db = fresh(dir, "lib.db");
	lend_device_spec d = { 0 };
	char tag[32];
	double t0;
	int i;

	d = tablet();
	d.tag = tag;
	t0 = now();
	for (i = 0; i < ADDS; i++) {
		char *out = NULL;

		snprintf(tag, sizeof(tag), "BEN-%05d", i);
		if (lend_device_add(&out, db, &d))
			die("device add", db);
		lend_free(out);
	}
	t0 = now() - t0;
	lend_close(db);
	return ADDS / t0;
}

static void exec(sqlite3 *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, err);
		exit(1);
	}
}

/* The same rows written by bare SQLite into the same schema, at the same
 * synchronous setting: the device, its event, one transaction each. */
static double bare_adds(const char *dir)
{
	static const char dev[] =
		"INSERT INTO device (tag, kind, make, model, member_id, site_id, "
		"added_at, changed_at) VALUES (?, 'tablet', 'Samsung', "
		"'Galaxy Tab A9+', 1, 1, ?, ?)";
	static const char ev[] =
		"INSERT INTO event (at, recorded_at, actor_id, entity, "
		"entity_id, action, after) VALUES (?, ?, 1, 'device', ?, "
		"'create', '{}')";
	char path[512], tag[32];
	sqlite3 *s = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;
	const char *at = "2026-01-01T00:00:00Z";
	double t0;
	int i;

	lend_close(fresh(dir, "bare.db"));
	snprintf(path, sizeof(path), "%s/bare.db", dir);
	if (sqlite3_open(path, &s) != SQLITE_OK)
		return 0;
	exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON");
	sqlite3_prepare_v2(s, dev, -1, &a, NULL);
	sqlite3_prepare_v2(s, ev, -1, &b, NULL);
	t0 = now();
	for (i = 0; i < ADDS; i++) {
		snprintf(tag, sizeof(tag), "BEN-%05d", i);
		exec(s, "BEGIN IMMEDIATE");
		sqlite3_bind_text(a, 1, tag, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(a, 3, at, -1, SQLITE_STATIC);
		sqlite3_step(a);
		sqlite3_reset(a);
		sqlite3_bind_text(b, 1, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(b, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(b, 3, sqlite3_last_insert_rowid(s));
		sqlite3_step(b);
		sqlite3_reset(b);
		exec(s, "COMMIT");
	}
	t0 = now() - t0;
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(s);
	return ADDS / t0;
}

#define CHECKOUTS 400
#define BORROWERS 4 /* loan.limit is at most 100 */

/* A database with CHECKOUTS devices and BORROWERS consenting borrowers. */
static lend_db *stocked(const char *dir, const char *name)
{
	lend_db *db = fresh(dir, name);
	lend_device_spec d = { 0 };
	lend_borrower_spec b = { 0 };
	char *out = NULL;
	int i;

	d = tablet();
	b.name = "Bench Borrower";
	b.postcode = "OL11";
	b.member = "RBH";
	b.consent = 1;
	if (lend_setting_set(db, "loan.limit", "100"))
		die("settings", db);
	for (i = 0; i < CHECKOUTS; i++) {
		if (lend_device_add(&out, db, &d))
			die("device add", db);
		lend_free(out);
	}
	for (i = 0; i < BORROWERS; i++) {
		if (lend_borrower_add(&out, db, &b))
			die("borrower add", db);
		lend_free(out);
	}
	return db;
}

static double lib_checkouts_in(const char *dir, const char *name)
{
	lend_db *db = stocked(dir, name);
	lend_checkout_spec c = { 0 };
	char tag[32], borrower[32];
	const char *tags[1] = { tag };
	double t0;
	int i;

	c.tags = tags;
	c.ntags = 1;
	c.borrower = borrower;
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++) {
		char *ref = NULL;

		snprintf(tag, sizeof(tag), "BEN-%05d", i + 1);
		snprintf(borrower, sizeof(borrower), "B-%06d", i % BORROWERS + 1);
		if (lend_loan_checkout(&ref, db, &c))
			die("checkout", db);
		lend_free(ref);
	}
	t0 = now() - t0;
	lend_close(db);
	return CHECKOUTS / t0;
}

static double lib_checkouts(const char *dir)
{
	return lib_checkouts_in(dir, "lib-loans.db");
}

static double lib_checkouts_pg(const char *dir)
{
	return lib_checkouts_in(dir, "pg:lib_loans");
}

/* The same check-outs as scanned at a desk: the borrower's card already
 * read, each tag a line through the scan step (issue 15). */
static double lib_scans(const char *dir)
{
	lend_db *db = stocked(dir, "scan-loans.db");
	lend_scan_state s;
	lend_scan_result res;
	char tag[32];
	double t0;
	int i;

	if (lend_scan_begin(db, &s, 0))
		die("scan", db);
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++) {
		snprintf(tag, sizeof(tag), "BEN-%05d", i + 1);
		snprintf(s.borrower, sizeof(s.borrower), "B-%06d",
		         i % BORROWERS + 1);
		s.loan[0] = '\0';
		s.last = 0;
		if (lend_scan_step(db, &s, tag, 0, &s, &res))
			die("scan", db);
	}
	t0 = now() - t0;
	lend_close(db);
	return CHECKOUTS / t0;
}

/* The rows a check-out writes, by bare SQLite: the loan number, the loan,
 * its item, the device's status and two events, one transaction each. */
static const char bare_checkout_sql[] =
	"BEGIN IMMEDIATE;"
	"UPDATE counter SET next = next + 1 WHERE name = 'loan';"
	"INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at) "
	" VALUES ('L-' || (SELECT next FROM counter WHERE name = 'loan'), "
	" ?1, 1, 1, '2026-01-01T00:00:00Z');"
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'loan', last_insert_rowid(), 'create', "
	" '{}');"
	"INSERT INTO loan_item (loan_id, device_id, due_on) VALUES "
	" ((SELECT max(id) FROM loan), ?2, '2026-02-01');"
	"UPDATE device SET status = 'on_loan' WHERE id = ?2;"
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, before, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'device', ?2, 'checkout', "
	" '{\"status\":\"available\"}', '{\"status\":\"on_loan\"}');"
	"COMMIT;";

static double bare_checkouts(const char *dir)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st[9] = { 0 };
	const char *tail = bare_checkout_sql;
	char path[512];
	size_t n = 0, k;
	double t0;
	int i;

	lend_close(stocked(dir, "bare-loans.db"));
	snprintf(path, sizeof(path), "%s/bare-loans.db", dir);
	if (sqlite3_open(path, &s) != SQLITE_OK)
		return 0;
	exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON");
	while (*tail && n < 9)
		if (sqlite3_prepare_v2(s, tail, -1, &st[n], &tail) == SQLITE_OK &&
		    st[n])
			n++;
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++)
		for (k = 0; k < n; k++) {
			int p = sqlite3_bind_parameter_count(st[k]);

			if (p >= 1)
				sqlite3_bind_int(st[k], 1, i % BORROWERS + 1);
			if (p >= 2)
				sqlite3_bind_int(st[k], 2, i + 1);
			if (sqlite3_step(st[k]) != SQLITE_DONE) {
				fprintf(stderr, "bench: %s\n", sqlite3_errmsg(s));
				exit(1);
			}
			sqlite3_reset(st[k]);
		}
	t0 = now() - t0;
	for (k = 0; k < n; k++)
		sqlite3_finalize(st[k]);
	sqlite3_close(s);
	return CHECKOUTS / t0;
}

/* The same writes by bare libpq, prepared once, one transaction each;
 * the value each takes: 0 none, 1 the borrower, 2 the device. */
static const int bare_pg_arg[] = { 0, 0, 1, 0, 2, 2, 2, 0 };
static const char *const bare_pg_sql[] = {
	"BEGIN",
	"UPDATE counter SET next = next + 1 WHERE name = 'loan'",
	"INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at) "
	" VALUES ('L-' || (SELECT next FROM counter WHERE name = 'loan'), "
	" $1, 1, 1, '2026-01-01T00:00:00Z') RETURNING id",
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'loan', lastval(), 'create', '{}')",
	"INSERT INTO loan_item (loan_id, device_id, due_on) VALUES "
	" ((SELECT max(id) FROM loan), $1, '2026-02-01')",
	"UPDATE device SET status = 'on_loan' WHERE id = $1",
	"INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, "
	" action, before, after) VALUES ('2026-01-01T00:00:00Z', "
	" '2026-01-01T00:00:00Z', 1, 'device', $1, 'checkout', "
	" '{\"status\":\"available\"}', '{\"status\":\"on_loan\"}')",
	"COMMIT",
};
#define BARE_PG (sizeof(bare_pg_sql) / sizeof(bare_pg_sql[0]))

static double bare_checkouts_pg(const char *dir)
{
	PGconn *c;
	char name[16], b[16], d[16];
	const char *v[2] = { b, d };
	double t0;
	size_t k;
	int i;

	lend_close(stocked(dir, "pg:bare_loans"));
	c = pg_admin("bare_loans", "lend");
	for (k = 0; k < BARE_PG; k++) {
		snprintf(name, sizeof(name), "s%zu", k);
		PQclear(PQprepare(c, name, bare_pg_sql[k], 0, NULL));
	}
	t0 = now();
	for (i = 0; i < CHECKOUTS; i++)
		for (k = 0; k < BARE_PG; k++) {
			PGresult *r;

			snprintf(name, sizeof(name), "s%zu", k);
			snprintf(b, sizeof(b), "%d", i % BORROWERS + 1);
			snprintf(d, sizeof(d), "%d", i + 1);
			r = PQexecPrepared(c, name, bare_pg_arg[k] > 0,
			                   v + (bare_pg_arg[k] == 2), NULL,
			                   NULL, 0);
			if (PQresultStatus(r) != PGRES_COMMAND_OK &&
			    PQresultStatus(r) != PGRES_TUPLES_OK) {
				fprintf(stderr, "bench: %s", PQerrorMessage(c));
				exit(1);
			}
			PQclear(r);
		}
	t0 = now() - t0;
	PQfinish(c);
	return CHECKOUTS / t0;
}

/* ---- Labels ---------------------------------------------------------- */

#define LABELS 1000

static lend_db *labelled(const char *dir)
{
	lend_db *db = fresh(dir, "labels.db");
	lend_device_spec d = { 0 };
	char *out = NULL;
	int i;

	d = tablet();
	for (i = 0; i < LABELS; i++) {
		if (lend_device_add(&out, db, &d))
			die("device add", db);
		lend_free(out);
	}
	return db;
}

static double lib_labels(lend_db *db, const char *format, const char *sheet,
                         const char *path)
{
	lend_label_spec s = { 0 };
	double t0 = now();

	s.all = 1;
	s.format = format;
	s.sheet = sheet;
	if (lend_label_write(db, &s, path))
		die("labels", db);
	return now() - t0;
}

static void be32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *d,
                  unsigned long n)
{
	unsigned char b[8];
	uLong crc = crc32(crc32(0, Z_NULL, 0), (const Bytef *)type, 4);

	if (n)
		crc = crc32(crc, d, (uInt)n);
	be32(b, n);
	memcpy(b + 4, type, 4);
	fwrite(b, 1, 8, f);
	fwrite(d, 1, n, f);
	be32(b, crc);
	fwrite(b, 1, 4, f);
}

/* The baseline: libqrencode and zlib writing the same codes as 1-bit PNG
 * files, 6 pixels a module, with nothing of lend around them. */
static double bare_pngs(const char *dir)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	                                      0x1A, '\n' };
	char path[512], tag[32];
	double t0 = now();
	int i;

	snprintf(path, sizeof(path), "%s/bare-png", dir);
	mkdir(path, 0755);
	for (i = 0; i < LABELS; i++) {
		QRcode *qr;
		int w, side, stride, x, y, scale = 6;
		unsigned char ihdr[13] = { 0 }, phys[9], *img, *z;
		uLongf zn;
		FILE *f;

		snprintf(tag, sizeof(tag), "BEN-%05d", i + 1);
		qr = QRcode_encodeString(tag, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		w = qr->width;
		side = (w + 8) * scale;
		stride = 1 + (side + 7) / 8;
		img = malloc((size_t)(stride * side));
		memset(img, 0xFF, (size_t)(stride * side));
		for (y = 0; y < side; y++) {
			img[y * stride] = 0;
			for (x = 0; x < side; x++) {
				int mx = x / scale - 4, my = y / scale - 4;

				if (mx >= 0 && my >= 0 && mx < w && my < w &&
				    (qr->data[my * w + mx] & 1))
					img[y * stride + 1 + x / 8] &=
						(unsigned char)~(0x80 >> (x % 8));
			}
		}
		zn = compressBound((uLong)(stride * side));
		z = malloc(zn);
		compress2(z, &zn, img, (uLong)(stride * side), 9);
		be32(ihdr, (unsigned long)side);
		be32(ihdr + 4, (unsigned long)side);
		ihdr[8] = 1;
		be32(phys, 11811);
		be32(phys + 4, 11811);
		phys[8] = 1;
		snprintf(path, sizeof(path), "%s/bare-png/%s.png", dir, tag);
		f = fopen(path, "wb");
		fwrite(sig, 1, 8, f);
		chunk(f, "IHDR", ihdr, 13);
		chunk(f, "pHYs", phys, 9);
		chunk(f, "IDAT", z, zn);
		chunk(f, "IEND", NULL, 0);
		fclose(f);
		free(img);
		free(z);
		QRcode_free(qr);
	}
	return now() - t0;
}

/* The baseline: bare libharu drawing the same 1,000 codes on L7651 sheets
 * as the NOTES advise (a rectangle a dark module, one fill), with the tag
 * beside each in the same embedded font: the cost of the codes and the
 * text, without lend's layout. */
static double bare_sheets(const char *dir)
{
	const double mm = 72.0 / 25.4;
	char path[512], tag[32];
	HPDF_Doc pdf;
	HPDF_Page page = NULL;
	HPDF_Font font;
	double t0 = now();
	int i;

	pdf = HPDF_New(NULL, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	font = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf,
	       "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	       HPDF_TRUE), "UTF-8");
	for (i = 0; i < LABELS; i++) {
		int at = i % 65, c = at % 5, r = at / 5, x, y, w;
		double cx = (4.75 + c * 40.64) * mm, cy = (10.7 + r * 21.2) * mm;
		double m;
		QRcode *qr;

		if (at == 0) {
			page = HPDF_AddPage(pdf);
			HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
			                  HPDF_PAGE_PORTRAIT);
		}
		snprintf(tag, sizeof(tag), "BEN-%05d", i + 1);
		qr = QRcode_encodeString(tag, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		w = qr->width;
		m = 18 * mm / (w + 8);
		for (y = 0; y < w; y++)
			for (x = 0; x < w; x++)
				if (qr->data[y * w + x] & 1)
					HPDF_Page_Rectangle(page,
					    (HPDF_REAL)(cx + (x + 5) * m),
					    (HPDF_REAL)(841.89 - cy - (y + 5) * m),
					    (HPDF_REAL)m, (HPDF_REAL)m);
		HPDF_Page_Fill(page);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 6.5);
		HPDF_Page_TextOut(page, (HPDF_REAL)(cx + 20 * mm),
		                  (HPDF_REAL)(841.89 - cy - 8 * mm), tag);
		HPDF_Page_EndText(page);
		QRcode_free(qr);
	}
	snprintf(path, sizeof(path), "%s/bare.pdf", dir);
	HPDF_SaveToFile(pdf, path);
	HPDF_Free(pdf);
	return now() - t0;
}

/* ---- Documents ------------------------------------------------------- */

#define AGREEMENTS 40

/* Agreements a second, through the library in one process: a loan of a
 * kit and a phone to a borrower with a champion. */
static double agreements(const char *dir)
{
	lend_db *db = stocked(dir, "docs.db");
	lend_champion_spec ch = { 0 };
	lend_checkout_spec c = { 0 };
	const char *tags[] = { "BEN-00001", "BEN-00002" };
	char *ref = NULL, *loan = NULL, *pdf = NULL;
	size_t len;
	double t0;
	int i;

	ch.name = "Dafydd ap Gruffydd";
	ch.member = "RBH";
	ch.phone = "07700 900111";
	c.borrower = "B-000001";
	c.tags = tags;
	c.ntags = 2;
	if (lend_champion_add(&ref, db, &ch) ||
	    lend_support_assign(db, "B-000001", ref, NULL) ||
	    lend_loan_checkout(&loan, db, &c))
		die("set-up", db);
	t0 = now();
	for (i = 0; i < AGREEMENTS; i++) {
		if (lend_agreement_render(&pdf, &len, db, loan, "en+cy"))
			die("agreement", db);
		lend_free(pdf);
	}
	t0 = now() - t0;
	lend_free(ref);
	lend_free(loan);
	lend_close(db);
	return AGREEMENTS / t0;
}

static void bar(const char *name, double ratio, const char *op, double limit)
{
	int ok = strcmp(op, ">=") == 0 ? ratio >= limit : ratio <= limit;

	printf("bar %s %.2f %s %.2f %s\n", name, ratio, op, limit,
	       ok ? "ok" : "short");
}

/* ---- Rounds ---------------------------------------------------------- */

/* Each figure is the median of ROUNDS rounds, lend and its baseline taking
 * turns, so that one busy moment of a shared machine moves one round of
 * each side, not the verdict. */
#define ROUNDS 5

typedef double (*measure)(const char *dir);

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, ROUNDS, sizeof(*v), by_value);
	return v[ROUNDS / 2];
}

static void rounds(const char *dir, measure lib, measure bare, double *lib_m,
                   double *bare_m)
{
	double a[ROUNDS], b[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++) {
		a[r] = lib(dir);
		b[r] = bare(dir);
	}
	*lib_m = median(a);
	*bare_m = median(b);
}

/* The labels' database, made once for every round. */
static lend_db *label_db;

static double lib_png(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/lib-png", dir);
	return lib_labels(label_db, "png", NULL, path);
}

static double lib_sheet(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/lib.pdf", dir);
	return lib_labels(label_db, "pdf", "avery-l7651", path);
}

static void circulation(const char *dir)
{
	double lib, bare;

	rounds(dir, lib_adds, bare_adds, &lib, &bare);
	printf("figure device-add-lib %.0f per_s\n", lib);
	printf("figure device-add-bare-sqlite %.0f per_s\n", bare);
	bar("device-add-lib-vs-sqlite", lib / bare, ">=", 0.5);
	rounds(dir, lib_checkouts, bare_checkouts, &lib, &bare);
	printf("figure checkout-lib %.0f per_s\n", lib);
	printf("figure checkout-bare-sqlite %.0f per_s\n", bare);
	bar("checkout-lib-vs-sqlite", lib / bare, ">=", 0.5);
	rounds(dir, lib_scans, lib_checkouts, &lib, &bare);
	printf("figure scan-step %.0f per_s\n", lib);
	printf("figure checkout-direct %.0f per_s\n", bare);
	bar("scan-step-vs-checkout", bare / lib, "<=", 1.2);
	if (!getenv("LEND_BENCH_PG"))
		return;
	rounds(dir, lib_checkouts_pg, bare_checkouts_pg, &lib, &bare);
	printf("figure checkout-lib-postgresql %.0f per_s\n", lib);
	printf("figure checkout-bare-libpq %.0f per_s\n", bare);
	bar("checkout-lib-vs-libpq", lib / bare, ">=", 0.5);
}

/* The labels' database in DIR, the files they make in OUT. */
static void labels(const char *dir, const char *out)
{
	double png, sheet, bare_png, bare_sheet;

	label_db = labelled(dir);
	rounds(out, lib_png, bare_pngs, &png, &bare_png);
	rounds(out, lib_sheet, bare_sheets, &sheet, &bare_sheet);
	lend_close(label_db);
	printf("figure label-png-lib %.3f s_per_1000\n", png);
	printf("figure label-png-bare %.3f s_per_1000\n", bare_png);
	bar("label-png-lib-vs-bare", png / bare_png, "<=", 1.5);
	printf("figure label-sheet-l7651-lib %.3f s_per_1000\n", sheet);
	printf("figure label-sheet-l7651-bare-libharu %.3f s_per_1000\n",
	       bare_sheet);
	bar("label-sheet-lib-vs-libharu", sheet / bare_sheet, "<=", 1.5);
	bar("label-sheet-seconds", sheet, "<=", 0.5);
	/* For run.sh's comparison with the qrencode CLI. */
	printf("# label-png-lib-seconds %.6f\n", png);
}

int main(int argc, char **argv)
{
	double docs[ROUNDS];
	int r;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: bench DIR [LABELS-DIR]\n");
		return 2;
	}
	circulation(argv[1]);
	labels(argv[1], argc == 3 ? argv[2] : argv[1]);
	for (r = 0; r < ROUNDS; r++)
		docs[r] = agreements(argv[1]);
	printf("figure agreements-lib %.1f per_s\n", median(docs));
	return 0;
}
