/* Settings: "KEY=VALUE", set and read back; what is set must be safe to
 * print on a label or a document. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lend_db *db = f_open();
	char *s = f_string(data, size), *eq = strchr(s, '='), *got = NULL;

	if (eq) {
		*eq = '\0';
		if (lend_setting_set(db, s, eq + 1) != 0)
			f_check(db);
		else if (lend_setting_get(&got, db, s) != 0 || !lend__is_text(got))
			abort();
		lend_free(got);
	}
	free(s);
	return 0;
}
