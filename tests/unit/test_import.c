/* The import's header mapping, through lend_import(): the headers an old
 * spreadsheet has, in any case and spacing, --map for the rest, and the
 * all-or-nothing rule. */
#define _POSIX_C_SOURCE 200809L
#include "t.h"
#include "util.h"

static char csv_path[340];

/* Write TEXT to a CSV file beside the database. */
static int csv(const char *text)
{
	FILE *f;

	snprintf(csv_path, sizeof(csv_path), "%s/in.csv", t_dir);
	if (!(f = fopen(csv_path, "w")))
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void csv_cleanup(lend_db *db)
{
	unlink(csv_path);
	t_cleanup(db);
}

static long long devices(lend_db *db)
{
	lend_rows *r = NULL;
	long long n;

	if (lend_device_list(&r, db, NULL))
		return -1;
	n = (long long)lend_rows_count(r);
	lend_rows_free(r);
	return n;
}

static int import(lend_import_result *res, lend_db *db, const char *what,
                  const char *const *map, size_t nmap, int dry_run)
{
	lend_import_spec s = { 0 };

	s.what = what;
	s.path = csv_path;
	s.map = map;
	s.nmap = nmap;
	s.dry_run = dry_run;
	return lend_import(res, db, &s);
}

/* A field of device TAG, copied into OUT ("(null)" for NULL). */
static int field(char *out, size_t size, lend_db *db, const char *tag,
                 const char *name)
{
	lend_rows *r = NULL;
	const char *v;

	if (lend_device_show(&r, db, tag))
		return -1;
	v = lend_rows_get(r, 0, name);
	snprintf(out, size, "%s", v ? v : "(null)");
	lend_rows_free(r);
	return 0;
}

/* Device TAG's fields are WANT, pairs of a column and its value. */
#define T_FIELDS(db, tag, want) do { \
	char t_v[64]; \
	size_t t_i; \
	for (t_i = 0; t_i < sizeof(want) / sizeof(want[0]); t_i++) { \
		T_EQ_INT(field(t_v, sizeof(t_v), db, tag, want[t_i][0]), 0); \
		T_EQ_STR(t_v, want[t_i][1]); \
	} \
} while (0)

T_TEST(device_synonyms_in_any_case)
{
	static const char *const a1[][2] = {
		{ "kind", "tablet" }, { "make", "Samsung" }, { "model", "Tab A8" },
		{ "serial", "SN1" }, { "member", "RBH" }, { "site", "HUB" },
		{ "cost_pence", "124999" }, { "notes", "cracked" },
	};
	static const char *const a2[][2] = { { "notes", "(null)" } };
	lend_db *db = t_fresh();
	lend_import_result res = { 0 };

	T_OK(db);
	/* Colour is no field of lend's: the column is left alone. */
	T_OK(csv("Asset Tag,TYPE,Manufacturer,model name,Serial Number,"
	         "Owner,Location,Price,Comments,Colour\r\n"
	         "A-1,Tablet,Samsung,Tab A8,SN1,RBH,HUB,\"\xC2\xA3" "1,249.99\","
	         "cracked,red\r\n"
	         "A-2,laptop,Lenovo,X1,SN2,RBH,HUB,,,blue\r\n") == 0);
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 0), 0);
	T_EQ_INT(res.rows, 2);
	T_EQ_INT(res.added, 2);
	T_EQ_INT(res.skipped, 0);
	T_FIELDS(db, "A-1", a1);
	T_FIELDS(db, "A-2", a2);
	csv_cleanup(db);
}

T_TEST(device_other_synonyms)
{
	/* A UK date is read day first. */
	static const char *const b1[][2] = {
		{ "kind", "phone" }, { "make", "Nokia" }, { "serial", "N-77" },
		{ "member", "LIB" }, { "purchased_on", "2025-01-31" },
		{ "added_at", "2025-02-01T00:00:00Z" },
	};
	lend_db *db = t_fresh();
	lend_import_result res = { 0 };

	T_OK(db);
	T_OK(csv("ASSET_NO,Category,BRAND,Model,S/N,Organisation,Home Site,"
	         "Purchase Date,Date Added\n"
	         "B-1,phone,Nokia,G21,N-77,LIB,HUB,31/01/2025,"
	         "2025-02-01\n") == 0);
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 0), 0);
	T_EQ_INT(res.added, 1);
	T_FIELDS(db, "B-1", b1);
	csv_cleanup(db);
}

T_TEST(borrower_synonyms)
{
	lend_db *db = t_fresh();
	lend_import_result res = { 0 };
	lend_rows *r = NULL;

	T_OK(db);
	T_OK(csv("Full Name,Telephone,E-mail Address,Post Code,Referred By,"
	         "Preferred Language\n"
	         "Ann Jones,07700 900456,ann@example.org,OL11,LIB,cy\n") == 0);
	T_EQ_INT(import(&res, db, "borrowers", NULL, 0, 0), 0);
	T_EQ_INT(res.added, 1);
	T_EQ_INT(lend_borrower_show(&r, db, "B-000001"), 0);
	T_EQ_STR(lend_rows_get(r, 0, "name"), "Ann Jones");
	T_EQ_STR(lend_rows_get(r, 0, "phone"), "07700 900456");
	T_EQ_STR(lend_rows_get(r, 0, "email"), "ann@example.org");
	T_EQ_STR(lend_rows_get(r, 0, "postcode_district"), "OL11");
	T_EQ_STR(lend_rows_get(r, 0, "member"), "LIB");
	T_EQ_STR(lend_rows_get(r, 0, "language"), "cy");
	lend_rows_free(r);
	csv_cleanup(db);
}

T_TEST(map_names_a_column)
{
	lend_db *db = t_fresh();
	lend_import_result res = { 0 };
	const char *map[] = { "kit id=tag" };
	const char *unknown_field[] = { "Kit ID=colour" };
	const char *no_column[] = { "Box=tag" };
	char v[64];

	T_OK(db);
	/* The map wins over a synonym: Asset Tag is not read. */
	T_OK(csv("Asset Tag,Kit ID,Kind,Make,Model,Owner,Site\n"
	         "OLD-1,K-1,tablet,Apple,iPad,RBH,HUB\n") == 0);
	T_EQ_INT(import(&res, db, "devices", map, 1, 0), 0);
	T_EQ_INT(res.added, 1);
	T_EQ_INT(field(v, sizeof(v), db, "K-1", "model"), 0);
	T_EQ_STR(v, "iPad");
	T_EQ_INT(field(v, sizeof(v), db, "OLD-1", "model"), -1);
	T_EQ_INT(import(&res, db, "devices", unknown_field, 1, 0), LEND_EINVAL);
	T_EQ_STR(lend_errmsg(db), "import: --map 'Kit ID=colour' must be "
	         "COLUMN=FIELD with a field of devices");
	T_EQ_INT(import(&res, db, "devices", no_column, 1, 0), LEND_EINVAL);
	T_EQ_STR(lend_errmsg(db), "import: --map 'Box=tag': no column called "
	         "that");
	T_EQ_INT(devices(db), 1);
	csv_cleanup(db);
}

T_TEST(missing_required_column)
{
	lend_db *db = t_fresh();
	lend_import_result res = { 7, 7, 7, 7, 7 };
	char msg[512];

	T_OK(db);
	T_OK(csv("Tag,Make,Model,Owner,Site\n"
	         "C-1,Apple,iPad,RBH,HUB\nC-2,Apple,iPad,RBH,HUB\n") == 0);
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 0), LEND_EINVAL);
	snprintf(msg, sizeof(msg), "import: 1 problem in '%s'; nothing was "
	         "written", csv_path);
	T_EQ_STR(lend_errmsg(db), msg);
	/* One line for the column, none for each row. */
	T_OK(strncmp(lend_notice(db), "row 1: no column for kind: a column "
	             "headed kind/type/devicetype/category", 60) == 0);
	T_OK(!strchr(lend_notice(db), '\n'));
	T_EQ_INT(res.rows, 7); /* untouched on failure */
	T_EQ_INT(devices(db), 0);
	T_EQ_INT(import(&res, db, "gadgets", NULL, 0, 0), LEND_EINVAL);
	T_EQ_STR(lend_errmsg(db), "import: unknown kind 'gadgets' (one of: "
	         "devices, borrowers, champions, loans)");
	csv_cleanup(db);
}

T_TEST(dry_run_changes_nothing)
{
	lend_db *db = t_fresh();
	lend_import_result res = { 0 };

	T_OK(db);
	T_OK(csv("tag,kind,make,model,member,site\n"
	         "D-1,tablet,Apple,iPad,RBH,HUB\n"
	         "D-2,tablet,Apple,iPad,RBH,HUB\n") == 0);
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 1), 0);
	T_EQ_INT(res.rows, 2);
	T_EQ_INT(res.added, 2);
	T_EQ_INT(devices(db), 0);
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 0), 0);
	T_EQ_INT(devices(db), 2);
	/* Again: nothing new to add. */
	T_EQ_INT(import(&res, db, "devices", NULL, 0, 1), 0);
	T_EQ_INT(res.added, 0);
	T_EQ_INT(res.skipped, 2);
	csv_cleanup(db);
}
