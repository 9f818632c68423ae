/* The browser desk's words: texts/ui-en.txt and texts/ui-cy.txt hold the
 * same keys with the same placeholders, and what the pages say of them
 * is escaped, with Welsh and English plural forms chosen by a count. */
#include "t.h"
#include "serve.h"

static const char *book(const char *stem)
{
	size_t i;

	for (i = 0; i < serve_nui; i++)
		if (strcmp(serve_ui[i].name, stem) == 0)
			return serve_ui[i].text;
	return NULL;
}

T_TEST(welsh_and_english_have_the_same_keys_and_placeholders)
{
	T_OK(book("ui-en") && book("ui-cy"));
	T_EQ_INT(ui_compare(book("ui-en"), book("ui-cy")), 0);
	T_OK(strlen(book("ui-en")) > 4000);
}

T_TEST(a_key_missing_or_a_placeholder_changed_is_found)
{
	T_EQ_INT(ui_compare("a = x {n}\nb = y\n", "a = x {n}\nb = y\n"), 0);
	T_EQ_INT(ui_compare("a = x {n}\nb = y\n", "a = x {m}\nb = y\n"), 1);
	T_EQ_INT(ui_compare("a = x\nb = y\n", "a = x\n"), 1);
	T_EQ_INT(ui_compare("a = x\n", "a = x\nc = z\n"), 1);
}

T_TEST(values_are_escaped_and_plurals_chosen)
{
	struct sbuf b = { 0 };

	T_EQ_INT(ui_load(), 0);
	ui_text(&b, "en", "nav.signed_in", "user", "<b>&\"", NULL);
	T_EQ_STR(b.p, "Signed in as &lt;b&gt;&amp;\"");
	sb_free(&b);
	ui_attr(&b, "en", "nav.signed_in", "user", "\"'", NULL);
	T_EQ_STR(b.p, "Signed in as &quot;&#39;");
	sb_free(&b);
	ui_text(&b, "en", "import.would", "rows", "1", "added", "1", "skipped",
	        "0", "updated", "0", "loans", "2", NULL);
	T_EQ_STR(b.p, "1 row read: 1 to add, 0 already there, 0 to change, "
	              "2 open loans.");
	sb_free(&b);
	ui_text(&b, "cy", "import.would", "rows", "2", "added", "2", "skipped",
	        "0", "updated", "0", "loans", "2", NULL);
	T_EQ_STR(b.p, "Darllenwyd 2 res: 2 i'w hychwanegu, 0 yno'n barod, 0 "
	              "i'w newid, 2 fenthyciad agored.");
	sb_free(&b);
	ui_text(&b, "cy", "no.such.key", NULL);
	T_EQ_STR(b.p, "no.such.key");
	sb_free(&b);
	ui_unload();
}

T_TEST(forms_queries_and_cookies_are_read_as_sent)
{
	static const char mp[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"what\"\r\n\r\n"
		"devices\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		"filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\ntag\r\nX\0Y\r\n"
		"--XyZ--\r\n";
	struct form f = { 0 };

	T_EQ_INT(form_urlencoded(&f, "line=B-1&n=%3Cimg+x%3E&bad=%zz&e=&k", 35),
	         0);
	T_EQ_STR(form_get(&f, "line"), "B-1");
	T_EQ_STR(form_get(&f, "n"), "<img x>");
	T_EQ_STR(form_get(&f, "bad"), "%zz");
	T_EQ_STR(form_get(&f, "e"), "");
	T_EQ_STR(form_get(&f, "k"), "");
	T_OK(form_get(&f, "none") == NULL);
	form_free(&f);
	T_EQ_INT(form_multipart(&f, mp, sizeof(mp) - 1,
	                        "multipart/form-data; boundary=XyZ"), 0);
	T_EQ_STR(form_get(&f, "what"), "devices");
	T_EQ_INT(form_field(&f, "file")->len, 8);
	T_EQ_STR(form_field(&f, "file")->filename, "a.csv");
	form_free(&f);
	T_EQ_INT(form_multipart(&f, mp, 20, "multipart/form-data; boundary=XyZ"),
	         -1);
	form_free(&f);
	T_EQ_INT(form_cookies(&f, "__Host-lend=abc; lang=cy;x"), 0);
	T_EQ_STR(form_get(&f, "__Host-lend"), "abc");
	T_EQ_STR(form_get(&f, "lang"), "cy");
	form_free(&f);
	T_EQ_STR(lang_pick("cy-GB,en;q=0.5"), "cy");
	T_EQ_STR(lang_pick("fr, en-GB"), "en");
	T_EQ_STR(lang_pick("cyx, de"), "en");
	T_EQ_STR(lang_pick(NULL), "en");
}

T_TEST(a_data_url_is_checked_before_it_is_decoded)
{
	unsigned char *png = NULL;
	size_t len = 0;

	T_EQ_INT(data_url_png(&png, &len, "data:image/png;base64,iVBORw0KGgo=",
	                      100), 0);
	T_EQ_INT(len, 8);
	T_OK(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
	free(png);
	T_EQ_INT(data_url_png(&png, &len, "data:image/gif;base64,iVBO", 100), -1);
	T_EQ_INT(data_url_png(&png, &len, "data:image/png;base64,iV!O", 100), -1);
	T_EQ_INT(data_url_png(&png, &len, "data:image/png;base64,iVBORw0KGgo=",
	                      4), -1);
	T_EQ_INT(data_url_png(&png, &len, "data:image/png;base64,", 100), -1);
}
