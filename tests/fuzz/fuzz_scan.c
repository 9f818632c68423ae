/* Scanner lines: the input split at newlines, each line a scan. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lend_db *db = f_open();
	lend_scan *scan = NULL;
	char *s = f_string(data, size), *line, *next;
	const char *said;

	if (lend_scan_new(&scan, db) != 0)
		abort();
	for (line = s; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (lend_scan_line(&said, scan, line) != 0)
			f_check(db);
		else if (said)
			f_check_line(said);
	}
	lend_scan_free(scan);
	free(s);
	return 0;
}
