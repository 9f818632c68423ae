/*
 * PNG by hand over zlib: a 1-bit greyscale image of a QR code with its
 * quiet zone, and a pHYs chunk so that it prints at its physical size.
 * A QR code needs none of what libpng offers, and this is 100 lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "render.h"

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void chunk(const lend__sink *b, const char *type,
                  const unsigned char *data, uint32_t len)
{
	unsigned char head[8], tail[4];
	uLong crc = crc32(0, Z_NULL, 0);

	be32(head, len);
	memcpy(head + 4, type, 4);
	crc = crc32(crc, (const Bytef *)type, 4);
	if (len)
		crc = crc32(crc, data, len);
	be32(tail, (uint32_t)crc);
	b->write(b->ctx, (const char *)head, 8);
	if (len)
		b->write(b->ctx, (const char *)data, len);
	b->write(b->ctx, (const char *)tail, 4);
}

/* The rows of the image: a filter byte (0, none), then the pixels, most
 * significant bit leftmost, 0 black.  Each row of modules is drawn once
 * and copied SCALE times: a label is a few thousand pixels, and a batch
 * of them should cost little more than zlib. */
static int reserve(unsigned char **p, size_t *cap, size_t n)
{
	unsigned char *q;

	if (n <= *cap)
		return 0;
	if (!(q = realloc(*p, n)))
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static unsigned char *raster(lend__png_scratch *sc, const lend__qr *qr,
                             int scale, size_t *size, uint32_t *side)
{
	int quiet = LEND__QR_QUIET, modules = qr->width + 2 * quiet, my, mx;
	uint32_t w = (uint32_t)(modules * scale), x;
	size_t stride = 1 + (w + 7) / 8;
	unsigned char *img, *row;

	if (reserve(&sc->img, &sc->img_cap, stride * w))
		return NULL;
	img = sc->img;
	memset(img, 0xFF, stride * w);
	for (my = 0; my < modules; my++) {
		const unsigned char *d = qr->dark +
		                         (my - quiet) * qr->width;
		int k;

		row = img + (size_t)my * (size_t)scale * stride;
		row[0] = 0;
		if (my >= quiet && my < quiet + qr->width)
			for (mx = 0; mx < qr->width; mx++) {
				if (!d[mx])
					continue;
				for (x = (uint32_t)((mx + quiet) * scale);
				     x < (uint32_t)((mx + quiet + 1) * scale); x++)
					row[1 + x / 8] &= (unsigned char)~(0x80 >> (x % 8));
			}
		for (k = 1; k < scale; k++)
			memcpy(row + (size_t)k * stride, row, stride);
	}
	*size = stride * w;
	*side = w;
	return img;
}

void lend__png_scratch_free(lend__png_scratch *sc)
{
	if (sc->deflate) {
		deflateEnd(sc->deflate);
		free(sc->deflate);
	}
	free(sc->img);
	free(sc->z);
	memset(sc, 0, sizeof(*sc));
}

/* compress2() would set up and tear down deflate's 256 KB of state for
 * every label; one stream, reset, serves a whole batch. */
static int squeeze(lend__png_scratch *sc, const unsigned char *in,
                   size_t n, uLongf *zlen)
{
	z_stream *zs = sc->deflate;

	if (!zs) {
		if (!(zs = calloc(1, sizeof(*zs))))
			return -1;
		if (deflateInit(zs, Z_DEFAULT_COMPRESSION) != Z_OK) {
			free(zs);
			return -1;
		}
		sc->deflate = zs;
	} else if (deflateReset(zs) != Z_OK) {
		return -1;
	}
	zs->next_in = (Bytef *)(uintptr_t)in;
	zs->avail_in = (uInt)n;
	zs->next_out = sc->z;
	zs->avail_out = (uInt)sc->z_cap;
	if (deflate(zs, Z_FINISH) != Z_STREAM_END)
		return -1;
	*zlen = zs->total_out;
	return 0;
}

static int fail(lend__rerr *err, const char *msg)
{
	if (!err->code) {
		err->code = LEND__R_NOMEM;
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
	}
	return LEND__R_NOMEM;
}

int lend__png(const lend__sink *out, lend__rerr *err, const lend__qr *qr,
              int scale, int dpi, lend__png_scratch *sc)
{
	static const unsigned char signature[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
	};
	unsigned char ihdr[13], phys[9], *img;
	size_t size = 0;
	uLongf zlen;
	uint32_t side = 0, ppm = (uint32_t)(dpi / 0.0254 + 0.5);

	if (!(img = raster(sc, qr, scale, &size, &side)) ||
	    reserve(&sc->z, &sc->z_cap, compressBound((uLong)size)))
		return fail(err, "out of memory");
	if (squeeze(sc, img, size, &zlen) != 0)
		return fail(err, "png: compression failed");
	be32(ihdr, side);
	be32(ihdr + 4, side);
	ihdr[8] = 1;  /* bit depth */
	ihdr[9] = 0;  /* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	be32(phys, ppm);
	be32(phys + 4, ppm);
	phys[8] = 1;  /* pixels per metre */
	out->write(out->ctx, (const char *)signature, 8);
	chunk(out, "IHDR", ihdr, 13);
	chunk(out, "pHYs", phys, 9);
	chunk(out, "IDAT", sc->z, (uint32_t)zlen);
	chunk(out, "IEND", NULL, 0);
	return LEND__R_OK;
}
