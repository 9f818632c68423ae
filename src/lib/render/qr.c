/*
 * QR codes: libqrencode behind one call.  Error correction M, 8-bit mode
 * and always case-sensitive (with case folding 'lnd-abc' scans as
 * 'LND-ABC').  A payload outside ASCII gets ECI 26 (UTF-8), or zbar reads
 * it as Shift-JIS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "render.h"

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static QRcode *encode_utf8(const char *s)
{
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	QRcode *qr = NULL;

	if (in && QRinput_appendECIheader(in, 26) == 0 &&
	    QRinput_append(in, QR_MODE_8, (int)strlen(s),
	                   (const unsigned char *)s) == 0)
		qr = QRcode_encodeInput(in);
	QRinput_free(in);
	return qr;
}

static int fail(lend__rerr *err, int code, const char *msg)
{
	if (!err->code) {
		err->code = code;
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
	}
	return code;
}

static int too_long(lend__rerr *err, const char *payload)
{
	if (!err->code) {
		err->code = LEND__R_INVAL;
		snprintf(err->msg, sizeof(err->msg), "qr: content '%.40s' is too "
		         "long for a QR code", payload);
	}
	return LEND__R_INVAL;
}

int lend__qr_make(lend__qr *out, lend__rerr *err, const char *payload)
{
	QRcode *qr;
	size_t n;

	if (!*payload)
		return fail(err, LEND__R_INVAL, "qr: empty content");
	errno = 0;
	qr = is_ascii(payload)
		? QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1)
		: encode_utf8(payload);
	if (!qr) {
		if (errno == ERANGE)
			return too_long(err, payload);
		return fail(err, LEND__R_NOMEM, "out of memory");
	}
	n = (size_t)qr->width * (size_t)qr->width;
	out->width = qr->width;
	if (!(out->dark = malloc(n))) {
		QRcode_free(qr);
		return fail(err, LEND__R_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		out->dark[i] = qr->data[i] & 1;
	QRcode_free(qr);
	return LEND__R_OK;
}

void lend__qr_free(lend__qr *qr)
{
	free(qr->dark);
	qr->dark = NULL;
	qr->width = 0;
}

void lend__qr_runs(const lend__qr *qr,
                   void (*run)(void *ctx, int row, int col, int len),
                   void *ctx)
{
	int row, col, start;

	for (row = 0; row < qr->width; row++) {
		const unsigned char *d = qr->dark + row * qr->width;

		for (col = 0; col < qr->width; col++) {
			if (!d[col])
				continue;
			for (start = col; col < qr->width && d[col]; col++)
				;
			run(ctx, row, start, col - start);
		}
	}
}
