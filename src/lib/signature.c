/*
 * The signature drawn at the desk (issue 16): a PNG from the browser's
 * signature pad, checked before it is stored with its loan, read back for
 * the agreement (agreement.c draws it), and erased with its borrower
 * (erasure.c).  The event of the signing keeps only its SHA-256.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "render/render.h"

#define WIDTH_MAX 1200 /* pixels */
#define HEIGHT_MAX 400
/* The signature, IHDR's length and type, width, height, depth, colour
 * type, compression, filter, interlace, and its CRC. */
#define PNG_HEAD 33

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

/* PNG (LEN bytes) is one lend stores: the 8-byte signature, an IHDR first
 * of at most WIDTH_MAX x HEIGHT_MAX, LEN at most LEND_SIGNATURE_MAX, and a
 * picture libharu reads, so that every agreement can draw it. */
static int check_png(lend_db *db, const unsigned char *png, size_t len)
{
	static const unsigned char magic[8] = { 0x89, 'P', 'N', 'G',
	                                        '\r', '\n', 0x1A, '\n' };
	char n[24], w[24], h[24];
	lend__rerr err = { 0, "" };

	snprintf(n, sizeof(n), "%zu", len);
	if (len > LEND_SIGNATURE_MAX)
		return lend__fail(db, LEND_EINVAL, "sign.png_size", "length", n,
		                  NULL);
	if (!png || len < PNG_HEAD || memcmp(png, magic, 8) != 0 ||
	    be32(png + 8) != 13 || memcmp(png + 12, "IHDR", 4) != 0)
		return lend__fail(db, LEND_EINVAL, "sign.not_png", NULL);
	snprintf(w, sizeof(w), "%lu", be32(png + 16));
	snprintf(h, sizeof(h), "%lu", be32(png + 20));
	if (be32(png + 16) == 0 || be32(png + 16) > WIDTH_MAX ||
	    be32(png + 20) == 0 || be32(png + 20) > HEIGHT_MAX)
		return lend__fail(db, LEND_EINVAL, "sign.png_dimensions", "width",
		                  w, "height", h, NULL);
	if (lend__pdf_png_check(&err, png, len) == LEND__R_NOMEM)
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	if (err.code)
		return lend__fail(db, LEND_EINVAL, "sign.png_unreadable", NULL);
	return 0;
}

/* Store PNG with loan ID, signed as the loan's row says. */
static int store(lend_db *db, int64_t id, const unsigned char *png,
                 size_t len, const char *sha)
{
	static const char sql[] =
		"INSERT INTO loan_signature (loan_id, png, sha256, signed_at) "
		"SELECT id, ?, ?, signed_at FROM loan WHERE id = ?";

	return lend__exec(db, sql, LEND__ARGS(LEND__B(png, len), LEND__T(sha),
	                                      LEND__I(id)));
}

int lend_loan_sign_image(lend_db *db, const char *loan,
                         const unsigned char *png, size_t len,
                         const char *at)
{
	char sha[65], extra[96];
	int64_t actor, id;
	int rc;

	assert(db);
	if ((rc = lend__txn_begin(db)) != 0)
		return rc;
	if ((rc = lend__actor(&actor, db, "sign", LEND__ADMIN | LEND__STAFF,
	                      "record signatures")) ||
	    (rc = lend__sodium(db)))
		goto done;
	if ((rc = lend__scope_find(&id, db, LEND__ENTITY_LOAN,
	                           loan ? loan : "")) == LEND_ENOTFOUND)
		rc = lend__fail(db, LEND_ENOTFOUND, "sign.loan_not_found", "loan",
		                loan && lend__is_text(loan) ? loan : "?", NULL);
	if (rc || (rc = check_png(db, png, len)))
		goto done;
	lend__sha256_hex(sha, png, len);
	snprintf(extra, sizeof(extra), "{\"signature_sha256\":\"%s\"}", sha);
	if ((rc = lend__loan_sign(db, actor, id, loan, at, extra)) == 0)
		rc = store(db, id, png, len, sha);
done:
	return lend__txn_end(db, rc);
}

static int hex_value(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10
	     : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
}

void lend__unhex(unsigned char *out, const char *hex, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (unsigned char)(hex_value(hex[2 * i]) << 4 |
		                         hex_value(hex[2 * i + 1]));
}

int lend__signature_load(unsigned char **out, size_t *len, lend_db *db,
                         const char *ref)
{
	/* As hex, which both stores give alike (db/pg/013 defines hex()). */
	static const char sql[] =
		"SELECT hex(s.png) FROM loan_signature s JOIN loan l "
		"ON l.id = s.loan_id WHERE l.ref = ?";
	unsigned char *png;
	char *hex = NULL;
	size_t n;
	int rc = lend__query_text(&hex, db, sql, LEND__ARGS(LEND__T(ref)));

	*out = NULL;
	*len = 0;
	if (rc)
		return rc == LEND_ENOTFOUND ? 0 : rc;
	n = strlen(hex) / 2;
	if (!(png = malloc(n ? n : 1))) {
		free(hex);
		return lend__fail(db, LEND_ENOMEM, "lend.out_of_memory", NULL);
	}
	lend__unhex(png, hex, n);
	free(hex);
	*out = png;
	*len = n;
	return 0;
}
