/* Labels in memory: lend_label_render, for a program that serves them. */
#define _POSIX_C_SOURCE 200809L
#include "t.h"
#include "util.h"

static lend_db *with_devices(void)
{
	lend_db *db = t_fresh();
	lend_device_spec d = { 0 };
	char *tag = NULL;
	int i;

	if (!db)
		return NULL;
	d.kind = "tablet";
	d.make = "A";
	d.model = "B";
	d.member = "RBH";
	d.site = "HUB";
	for (i = 0; i < 3; i++) {
		if (lend_device_add(&tag, db, &d)) {
			lend_close(db);
			return NULL;
		}
		lend_free(tag);
	}
	return db;
}

T_TEST(render_formats)
{
	lend_db *db = with_devices();
	lend_label_spec s = { 0 };
	char *out = NULL;
	size_t len = 0;

	T_OK(db);
	s.all = 1;
	T_EQ_INT(lend_label_render(&out, &len, db, &s), 0);
	T_OK(len > 1000 && memcmp(out, "%PDF-", 5) == 0);
	lend_free(out);
	s.format = "png";
	T_EQ_INT(lend_label_render(&out, &len, db, &s), 0);
	T_OK(len > 50 && memcmp(out, "\x89PNG\r\n\x1a\n", 8) == 0);
	lend_free(out);
	s.format = "svg";
	T_EQ_INT(lend_label_render(&out, &len, db, &s), 0);
	T_OK(strstr(out, "<svg") && strstr(out, ">TST-00001</text>"));
	T_EQ_INT(strlen(out), len);
	lend_free(out);
	t_cleanup(db);
}

T_TEST(refusals)
{
	lend_db *db = with_devices();
	lend_label_spec s = { 0 };
	const char *tags[] = { "TST-00002", "NOPE" };
	char *out = (char *)&s;
	size_t len = 7;

	T_OK(db);
	s.tags = tags;
	s.ntags = 2;
	T_EQ_INT(lend_label_render(&out, &len, db, &s), LEND_ENOTFOUND);
	T_EQ_STR(lend_errmsg(db), "label: device 'NOPE' not found");
	T_OK(out == (char *)&s && len == 7);
	s.ntags = 1;
	s.format = "gif";
	T_EQ_INT(lend_label_render(&out, &len, db, &s), LEND_EINVAL);
	T_EQ_STR(lend_errmsg(db), "label: unknown format 'gif' (one of: pdf, "
	         "png, svg)");
	s.format = NULL;
	s.start = 22;
	T_EQ_INT(lend_label_render(&out, &len, db, &s), LEND_EINVAL);
	t_cleanup(db);
}

T_TEST(templates)
{
	lend_db *db = t_fresh();
	lend_rows *r = NULL;

	T_OK(db);
	T_EQ_INT(lend_label_templates(&r, db), 0);
	T_EQ_INT(lend_rows_count(r), 7);
	T_EQ_STR(lend_rows_get(r, 0, "name"), "avery-l7160");
	T_EQ_STR(lend_rows_get(r, 0, "per_page"), "21");
	lend_rows_free(r);
	t_cleanup(db);
}
