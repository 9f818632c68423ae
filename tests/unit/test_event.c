/* The event log, through the public API: an event keeps only the fields
 * that changed, and a person's personal values never, only a marker. */
#define _POSIX_C_SOURCE 200809L
#include "t.h"
#include "util.h"

/* Column COL of the last event of REF, copied into OUT ("(null)" for
 * NULL); -1 when REF has no event. */
static int last_event(char *out, size_t size, lend_db *db, const char *ref,
                      const char *col)
{
	lend_rows *r = NULL;
	const char *v;
	size_t n;

	if (lend_event_list(&r, db, ref) || (n = lend_rows_count(r)) == 0) {
		lend_rows_free(r);
		return -1;
	}
	v = lend_rows_get(r, n - 1, col);
	snprintf(out, size, "%s", v ? v : "(null)");
	lend_rows_free(r);
	return 0;
}

static lend_db *with_device(void)
{
	lend_db *db = t_fresh();
	lend_device_spec d = { 0 };
	char *tag = NULL;

	if (!db)
		return NULL;
	d.kind = "tablet";
	d.make = "Samsung";
	d.model = "Tab A";
	d.serial = "SN-1";
	d.member = "RBH";
	d.site = "HUB";
	if (lend_device_add(&tag, db, &d)) {
		fprintf(stderr, "# set-up: %s\n", lend_errmsg(db));
		t_cleanup(db);
		return NULL;
	}
	lend_free(tag);
	return db;
}

T_TEST(creation_lists_given_fields)
{
	lend_db *db = with_device();
	char after[512];

	T_OK(db);
	T_EQ_INT(last_event(after, sizeof(after), db, "TST-00001", "action"), 0);
	T_EQ_STR(after, "create");
	T_EQ_INT(last_event(after, sizeof(after), db, "TST-00001", "before"), 0);
	T_EQ_STR(after, "(null)");
	T_EQ_INT(last_event(after, sizeof(after), db, "TST-00001", "after"), 0);
	T_OK(strstr(after, "\"model\":\"Tab A\",\"serial\":\"SN-1\","));
	/* Fields never given stay out of a creation. */
	T_OK(!strstr(after, "\"notes\""));
	T_OK(!strstr(after, "\"imei\""));
	t_cleanup(db);
}

T_TEST(edit_keeps_only_changed_fields)
{
	lend_db *db = with_device();
	lend_device_spec ch = { 0 };
	char v[512];

	T_OK(db);
	ch.model = "Tab A8";
	ch.notes = "cracked corner";
	T_EQ_INT(lend_device_edit(db, "TST-00001", &ch), 0);
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "action"), 0);
	T_EQ_STR(v, "edit");
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "before"), 0);
	T_EQ_STR(v, "{\"model\":\"Tab A\",\"notes\":null}");
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "after"), 0);
	T_EQ_STR(v, "{\"model\":\"Tab A8\",\"notes\":\"cracked corner\"}");
	/* A field given again with the value it has is no change. */
	ch.notes = NULL;
	ch.condition = "fair";
	T_EQ_INT(lend_device_edit(db, "TST-00001", &ch), 0);
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "before"), 0);
	T_EQ_STR(v, "{\"condition\":\"good\"}");
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "after"), 0);
	T_EQ_STR(v, "{\"condition\":\"fair\"}");
	t_cleanup(db);
}

T_TEST(status_change_keeps_status_and_note)
{
	lend_db *db = with_device();
	char v[512];

	T_OK(db);
	T_EQ_INT(lend_device_status(db, "TST-00001", "repair", "screen",
	                            NULL), 0);
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "action"), 0);
	T_EQ_STR(v, "status");
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "before"), 0);
	T_EQ_STR(v, "{\"status\":\"available\"}");
	T_EQ_INT(last_event(v, sizeof(v), db, "TST-00001", "after"), 0);
	T_EQ_STR(v, "{\"status\":\"repair\",\"note\":\"screen\"}");
	t_cleanup(db);
}

/* Pieces of the personal values given below, searched for in the log. */
static const char *const personal[] = {
	"Si\xC3\xA2n", "Wynne", "07700", "900123", "sian", "example.org",
	"afternoons",
};

T_TEST(borrower_values_never_logged)
{
	lend_db *db = t_fresh();
	lend_borrower_spec b = { 0 }, ch = { 0 };
	char *ref = NULL, *log = NULL, v[512];
	const char *found = NULL;
	size_t len, i;

	T_OK(db);
	b.name = "Si\xC3\xA2n Wynne";
	b.phone = "07700 900123";
	b.email = "sian@example.org";
	b.postcode = "OL11";
	b.member = "RBH";
	b.consent = 1;
	T_EQ_INT(lend_borrower_add(&ref, db, &b), 0);
	T_EQ_INT(last_event(v, sizeof(v), db, ref, "after"), 0);
	T_OK(strstr(v, "\"name\":\"[personal]\",\"phone\":\"[personal]\","
	            "\"email\":\"[personal]\",\"postcode_district\":\"OL11\""));
	ch.name = "Si\xC3\xA2n Wynne-Jones";
	ch.email = "sian.wj@example.org";
	ch.notes = "prefers afternoons";
	ch.language = "cy";
	T_EQ_INT(lend_borrower_edit(db, ref, &ch), 0);
	T_EQ_INT(last_event(v, sizeof(v), db, ref, "before"), 0);
	T_EQ_STR(v, "{\"name\":\"[personal]\",\"email\":\"[personal]\","
	         "\"language\":null,\"notes\":null}");
	T_EQ_INT(last_event(v, sizeof(v), db, ref, "after"), 0);
	T_EQ_STR(v, "{\"name\":\"[personal]\",\"email\":\"[personal]\","
	         "\"language\":\"cy\",\"notes\":\"[personal]\"}");
	/* Nowhere in the whole log either. */
	T_EQ_INT(lend_export_render(&log, &len, db, "events", "json"), 0);
	for (i = 0; i < sizeof(personal) / sizeof(personal[0]); i++)
		if (!found && strstr(log, personal[i]))
			found = personal[i];
	lend_free(log);
	lend_free(ref);
	T_EQ_STR(found ? found : "(none)", "(none)");
	t_cleanup(db);
}
