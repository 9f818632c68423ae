/* The browser desk's reading of what a request carries (src/serve/form.c):
 * the input's first line is a Content-Type, the rest a body read as that
 * type, as a URL-encoded form, as multipart with a fixed boundary, as a
 * Cookie header, as Accept-Language, as the signature pad's data URL and
 * as a path.  Every field read must lie within the input, NUL-ended. */
#include "fuzz.h"
#include "serve.h"

static void check(const struct form *f, size_t size)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (!f->f[i].name || !f->f[i].value || f->f[i].len > size ||
		    f->f[i].value[f->f[i].len] != '\0' ||
		    strlen(f->f[i].name) > size)
			abort();
		if (form_get(f, f->f[i].name) == NULL)
			abort();
	}
}

static void each(const char *ctype, const char *body, size_t len,
                 size_t size)
{
	struct form f = { 0 };

	form_body(&f, ctype, body, len);
	check(&f, size);
	form_free(&f);
	form_multipart(&f, body, len, "multipart/form-data; boundary=XyZ");
	check(&f, size);
	form_free(&f);
	form_urlencoded(&f, body, len);
	check(&f, size);
	form_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = f_string(data, size), *nl = memchr(s, '\n', size);
	const char *ctype = s, *body = nl ? nl + 1 : s;
	size_t len = nl ? size - (size_t)(nl + 1 - s) : size;
	struct form f = { 0 };
	unsigned char *png = NULL;
	size_t n = 0;
	char *segs[8], *copy;
	const char *lang;

	if (nl)
		*nl = '\0';
	each(ctype, body, len, size);
	form_cookies(&f, body);
	check(&f, size);
	form_free(&f);
	lang = lang_pick(body);
	if (strcmp(lang, "en") && strcmp(lang, "cy"))
		abort();
	if (data_url_png(&png, &n, body, 200 * 1024) == 0 &&
	    (n > 200 * 1024 || n > len))
		abort();
	free(png);
	if (!(copy = strdup(body)))
		abort();
	path_split(copy, segs, 8);
	free(copy);
	free(s);
	return 0;
}
