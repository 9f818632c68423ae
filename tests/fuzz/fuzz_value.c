/* The value parsers and field checks, and the message each refusal
 * leaves: the input is the value. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lend_db *db = f_open();
	char *s = f_string(data, size), out[64], t[LEND__TIME_LEN];
	int whole;
	int64_t pence;
	char order = lend__date_order(s);

	(void)lend__is_language(s);
	(void)lend__postcode_district(out, &whole, s);
	(void)lend__parse_time(t, s);
	(void)lend__date_read(out, sizeof(out), s, order ? order : 'd');
	(void)lend__money_read(&pence, s);
	(void)lend_money_parse(&pence, s);
	(void)lend__text_chars(s);
	if (lend__is_date(s))
		(void)lend__date_add(out, s, (int)(size * 977));
	lend_db_act_as(db, "ada");
	if (lend__check_text(db, "fuzz", "name", s, 1))
		f_check(db);
	lend_db_act_as(db, "ada");
	if (lend__check_text(db, "fuzz", "notes", s, 1))
		f_check(db);
	lend_db_act_as(db, "ada");
	if (lend__check_code(db, "fuzz", "code", s, 32) ||
	    lend__check_date(db, "fuzz", "date", s) ||
	    lend__check_phone(db, "fuzz", "phone", s) ||
	    lend__check_email(db, "fuzz", s) ||
	    lend__check_language(db, "fuzz", s))
		f_check(db);
	lend_db_act_as(db, "ada");
	lend__fail(db, LEND_EINVAL, "checkout.not_available", "tag", s,
	           "status", s, NULL);
	f_check(db);
	free(s);
	return 0;
}
