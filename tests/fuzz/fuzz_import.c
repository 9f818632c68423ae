/* The importer, dry: the first byte picks what is imported and the date
 * order, the rest is the file. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const what[] = { "devices", "borrowers",
	                                    "champions", "loans" };
	static const char *const dates[] = { NULL, "dmy", "mdy", "ymd" };
	lend_import_spec spec = { 0 };
	lend_import_result res;
	lend_db *db = f_open();
	const char *n, *p;

	if (size < 1)
		return 0;
	spec.what = what[data[0] & 3];
	spec.dates = dates[(data[0] >> 2) & 3];
	spec.dry_run = 1;
	spec.expand = (data[0] >> 4) & 1;
	spec.path = f_file(data + 1, size - 1, "input");
	if (lend_import(&res, db, &spec) != 0)
		f_check(db);
	/* Every notice line is one safe line too. */
	for (p = lend_notice(db); *p; p = *n ? n + 1 : n) {
		char line[600];

		n = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
		if ((size_t)(n - p) >= sizeof(line))
			abort();
		memcpy(line, p, (size_t)(n - p));
		line[n - p] = '\0';
		f_check_line(line);
	}
	return 0;
}
