/*
 * PNG from outside (a signature drawn in a browser, issue 16), checked
 * through before libharu sees it: libharu hands libpng an error handler
 * that returns, and libpng then aborts the process on the first error (a
 * CRC, a broken zlib stream, missing rows).  So every chunk's CRC, the
 * header, and the image data inflated to exactly its rows, each with a
 * known filter, are checked here, where zlib lives; what is left for
 * libpng to find are warnings, which libharu reports as errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "render.h"

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int bad(lend__rerr *err, const char *msg)
{
	if (!err->code) {
		err->code = LEND__R_INVAL;
		snprintf(err->msg, sizeof(err->msg), "png: %s", msg);
	}
	return LEND__R_INVAL;
}

/* Bytes a pixel of 8-bit colour type TYPE takes, or 0 for one we do not
 * take (a palette, other depths, interlacing: a canvas makes none). */
static size_t pixel_bytes(const unsigned char *ihdr)
{
	if (ihdr[8] != 8 || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] != 0)
		return 0;
	switch (ihdr[9]) {
	case 0: return 1;
	case 2: return 3;
	case 4: return 2;
	case 6: return 4;
	default: return 0;
	}
}

/* Inflate the IDAT chunks of PNG (LEN bytes, chunks from offset 8) into
 * OUT, which must come out exactly SIZE bytes. */
static int inflate_idat(const unsigned char *png, size_t len,
                        unsigned char *out, size_t size)
{
	z_stream z;
	size_t at = 8;
	int zrc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_out = out;
	z.avail_out = (uInt)size;
	while (at + 12 <= len && zrc == Z_OK) {
		uint32_t n = get32(png + at);

		if (memcmp(png + at + 4, "IDAT", 4) == 0 && n) {
			z.next_in = (Bytef *)(uintptr_t)(png + at + 8);
			z.avail_in = n;
			zrc = inflate(&z, Z_NO_FLUSH);
			if (zrc == Z_BUF_ERROR)
				zrc = Z_DATA_ERROR; /* more rows than the header */
		}
		at += 12 + (size_t)n;
	}
	inflateEnd(&z);
	return zrc == Z_STREAM_END && z.avail_out == 0 ? 0 : -1;
}

/* Walk the chunks: each within LEN, its CRC right, IHDR first and once,
 * no critical chunk but IHDR, IDAT and IEND, IEND last. */
static int walk(lend__rerr *err, const unsigned char *png, size_t len)
{
	size_t at = 8;
	int idat = 0;

	while (at + 12 <= len) {
		uint32_t n = get32(png + at);
		const unsigned char *type = png + at + 4;

		if (n > len - at - 12)
			return bad(err, "a chunk runs past the end");
		if ((uint32_t)crc32(crc32(0, Z_NULL, 0), type, n + 4) !=
		    get32(png + at + 8 + n))
			return bad(err, "a chunk's CRC is wrong");
		if ((at == 8) != (memcmp(type, "IHDR", 4) == 0))
			return bad(err, "IHDR is not the first chunk");
		if (memcmp(type, "IDAT", 4) == 0)
			idat = 1;
		else if (memcmp(type, "IEND", 4) == 0)
			return at + 12 == len && idat ? 0
			       : bad(err, "IEND is not last, or no IDAT");
		else if (!(type[0] & 0x20) && memcmp(type, "IHDR", 4) != 0)
			return bad(err, "an unknown critical chunk");
		at += 12 + (size_t)n;
	}
	return bad(err, "no IEND");
}

int lend__png_check(lend__rerr *err, const unsigned char *png, size_t len)
{
	static const unsigned char magic[8] = { 0x89, 'P', 'N', 'G',
	                                        '\r', '\n', 0x1A, '\n' };
	uint32_t w, h, y;
	size_t px, row;
	unsigned char *raw;
	int rc = LEND__R_OK;

	if (len < 8 + 25 || memcmp(png, magic, 8) != 0 || get32(png + 8) != 13)
		return bad(err, "not a PNG");
	if ((rc = walk(err, png, len)))
		return rc;
	w = get32(png + 16);
	h = get32(png + 20);
	if (!(px = pixel_bytes(png + 16)) || w == 0 || h == 0 ||
	    w > LEND__PNG_SIDE || h > LEND__PNG_SIDE)
		return bad(err, "not an 8-bit, non-interlaced image we take");
	row = 1 + (size_t)w * px;
	if (!(raw = malloc(row * h))) {
		err->code = err->code ? err->code : LEND__R_NOMEM;
		return LEND__R_NOMEM;
	}
	if (inflate_idat(png, len, raw, row * h) != 0)
		rc = bad(err, "the image data is not its rows");
	for (y = 0; rc == 0 && y < h; y++)
		if (raw[(size_t)y * row] > 4)
			rc = bad(err, "a row has an unknown filter");
	free(raw);
	return rc;
}
