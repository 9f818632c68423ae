/* Label templates: a .label file of any content, loaded as a sheet. */
#include "fuzz.h"
#include "label.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lend__sheet sheet;
	lend_db *db = f_open();
	const char *path = f_file(data, size, "input.label");

	lend_db_act_as(db, "ada"); /* also clears the last message */
	if (lend__sheet_load(&sheet, db, path) != 0)
		f_check(db);
	return 0;
}
