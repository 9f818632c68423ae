/*
 * The desk's static files, compiled in (src/serve/static/): the scan queue
 * and the signature pad (no inline script: the CSP forbids it) and the
 * style sheet.
 */
#include <string.h>

#include "serve.h"

static const struct {
	const char *file, *stem, *ctype;
} files[] = {
	{ "desk.js", "desk", "text/javascript; charset=utf-8" },
	{ "sign.js", "sign", "text/javascript; charset=utf-8" },
	{ "style.css", "style", "text/css; charset=utf-8" },
};

int static_file(struct req *r, const char *name)
{
	size_t i, j;

	for (i = 0; i < NELEM(files); i++) {
		if (strcmp(name, files[i].file))
			continue;
		for (j = 0; j < serve_nstatic; j++) {
			if (strcmp(serve_static[j].name, files[i].stem))
				continue;
			r->ctype_out = files[i].ctype;
			r->cached = 1;
			sb_str(&r->out, serve_static[j].text);
			return 0;
		}
	}
	r->status = 404;
	r->ctype_out = "text/plain; charset=utf-8";
	sb_str(&r->out, "404 not found\n");
	return 0;
}
