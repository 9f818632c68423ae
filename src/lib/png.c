/*
 * PNG by hand over zlib: a 1-bit greyscale image of a QR code with its
 * quiet zone, and a pHYs chunk so that it prints at its physical size.
 * A QR code needs none of what libpng offers, and this is 100 lines.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void chunk(lend__buf *b, const char *type, const unsigned char *data,
                  uint32_t len)
{
	unsigned char head[8], tail[4];
	uLong crc = crc32(0, Z_NULL, 0);

	be32(head, len);
	memcpy(head + 4, type, 4);
	crc = crc32(crc, (const Bytef *)type, 4);
	if (len)
		crc = crc32(crc, data, len);
	be32(tail, (uint32_t)crc);
	lend__buf_add(b, (const char *)head, 8);
	if (len)
		lend__buf_add(b, (const char *)data, len);
	lend__buf_add(b, (const char *)tail, 4);
}

/* The rows of the image: a filter byte (0, none), then the pixels, most
 * significant bit leftmost, 0 black. */
static unsigned char *raster(const lend__qr *qr, int scale, size_t *size,
                             uint32_t *side)
{
	int quiet = LEND__QR_QUIET;
	uint32_t w = (uint32_t)((qr->width + 2 * quiet) * scale);
	size_t stride = 1 + (w + 7) / 8, y;
	unsigned char *img = malloc(stride * w);

	if (!img)
		return NULL;
	memset(img, 0xFF, stride * w);
	for (y = 0; y < w; y++) {
		unsigned char *row = img + y * stride;
		int my = (int)y / scale - quiet;
		uint32_t x;

		row[0] = 0;
		if (my < 0 || my >= qr->width)
			continue;
		for (x = 0; x < w; x++) {
			int mx = (int)x / scale - quiet;

			if (mx >= 0 && mx < qr->width &&
			    qr->dark[my * qr->width + mx])
				row[1 + x / 8] &= (unsigned char)~(0x80 >> (x % 8));
		}
	}
	*size = stride * w;
	*side = w;
	return img;
}

int lend__png(lend__buf *out, lend_db *db, const lend__qr *qr, int scale,
              int dpi)
{
	static const unsigned char signature[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
	};
	unsigned char ihdr[13], phys[9], *img = NULL, *z = NULL;
	size_t size = 0;
	uLongf zlen;
	uint32_t side = 0, ppm = (uint32_t)(dpi / 0.0254 + 0.5);
	int rc = 0;

	if (!(img = raster(qr, scale, &size, &side)) ||
	    !(z = malloc(compressBound((uLong)size)))) {
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
		goto done;
	}
	zlen = compressBound((uLong)size);
	if (compress2(z, &zlen, img, (uLong)size, Z_BEST_COMPRESSION) != Z_OK) {
		rc = lend__error(db, LEND_ENOMEM, "png: compression failed");
		goto done;
	}
	be32(ihdr, side);
	be32(ihdr + 4, side);
	ihdr[8] = 1;  /* bit depth */
	ihdr[9] = 0;  /* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	be32(phys, ppm);
	be32(phys + 4, ppm);
	phys[8] = 1;  /* pixels per metre */
	lend__buf_add(out, (const char *)signature, 8);
	chunk(out, "IHDR", ihdr, 13);
	chunk(out, "pHYs", phys, 9);
	chunk(out, "IDAT", z, (uint32_t)zlen);
	chunk(out, "IEND", NULL, 0);
	if (out->oom)
		rc = lend__error(db, LEND_ENOMEM, "out of memory");
done:
	free(img);
	free(z);
	return rc;
}
