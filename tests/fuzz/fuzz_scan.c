/* Scanner lines: the input split at newlines, each line a step of the
 * desk, one second apart, so that an idle end can come too. */
#include "fuzz.h"

/* Each line of the desk's notices is one safe line. */
static void check_notices(const char *notices)
{
	char *all = strdup(notices), *line, *next;

	if (!all)
		abort();
	for (line = all; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		f_check_line(line);
	}
	free(all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lend_db *db = f_open();
	lend_scan_state state;
	lend_scan_result res;
	char *s = f_string(data, size), *line, *next;
	long long now = 1000;

	if (lend_scan_begin(db, &state, now) != 0)
		abort();
	for (line = s; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (lend_scan_step(db, &state, line, ++now, &state, &res) != 0)
			f_check(db);
		else
			check_notices(lend_notice(db));
	}
	free(s);
	return 0;
}
