/* The CSV reader: any bytes, every field read back, no overrun. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = { 0, ',', ';', '\t' };
	lend__csv c;
	size_t i, fields = 0;
	int r;

	(void)lend__csv_bad_utf8((const char *)data, size);
	lend__csv_start(&c, (const char *)data, size,
	                seps[size ? data[0] % 4 : 0]);
	while ((r = lend__csv_next(&c)) > 0) {
		for (i = 0; i < c.nfields; i++)
			fields += strlen(lend__csv_field(&c, i));
		(void)lend__csv_blank(&c);
	}
	lend__csv_free(&c);
	return fields == (size_t)-1;
}
