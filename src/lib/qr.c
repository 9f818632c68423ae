/*
 * QR codes: libqrencode behind one call.  Error correction M, 8-bit mode
 * and always case-sensitive (with case folding 'lnd-abc' scans as
 * 'LND-ABC', NOTES-libs.md).  A payload outside ASCII gets ECI 26 (UTF-8),
 * or zbar reads it as Shift-JIS.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "internal.h"

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

int lend__qr_encode(lend__qr *out, lend_db *db, const char *payload)
{
	QRcode *qr;
	size_t n;

	if (!*payload)
		return lend__error(db, LEND_EINVAL, "qr: empty content");
	errno = 0;
	qr = is_ascii(payload)
		? QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1)
		: encode_utf8(payload);
	if (!qr) {
		if (errno == ERANGE)
			return lend__error(db, LEND_EINVAL, "qr: content '%.40s' "
			                   "is too long for a QR code", payload);
		return lend__error(db, LEND_ENOMEM, "out of memory");
	}
	n = (size_t)qr->width * (size_t)qr->width;
	out->width = qr->width;
	if (!(out->dark = malloc(n))) {
		QRcode_free(qr);
		return lend__error(db, LEND_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		out->dark[i] = qr->data[i] & 1;
	QRcode_free(qr);
	return 0;
}

void lend__qr_free(lend__qr *qr)
{
	free(qr->dark);
	qr->dark = NULL;
	qr->width = 0;
}
