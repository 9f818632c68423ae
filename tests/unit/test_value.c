/* Field checks: dates, times, Luhn, money, UTF-8, codes. */
#include "t.h"
#include "internal.h"

T_TEST(dates)
{
	T_OK(lend__is_date("2026-02-28"));
	T_OK(lend__is_date("2024-02-29"));
	T_OK(!lend__is_date("2026-02-29"));
	T_OK(!lend__is_date("2026-02-30"));
	T_OK(!lend__is_date("2000-13-01"));
	T_OK(!lend__is_date("2026-1-01"));
	T_OK(!lend__is_date("26-01-01xx"));
	T_OK(lend__is_date("2000-02-29"));
	T_OK(!lend__is_date("1900-02-29"));
}

T_TEST(times)
{
	char t[LEND__TIME_LEN];

	T_EQ_INT(lend__parse_time(t, "2026-05-01"), 0);
	T_EQ_STR(t, "2026-05-01T00:00:00Z");
	T_EQ_INT(lend__parse_time(t, "2026-05-01T09:30"), 0);
	T_EQ_STR(t, "2026-05-01T09:30:00Z");
	T_EQ_INT(lend__parse_time(t, "2026-05-01 09:30:15Z"), 0);
	T_EQ_STR(t, "2026-05-01T09:30:15Z");
	T_EQ_INT(lend__parse_time(t, "2026-05-01T24:00"), -1);
	T_EQ_INT(lend__parse_time(t, "2026-05-01T09:30+01:00"), -1);
	T_EQ_INT(lend__parse_time(t, "2026-02-30T09:30"), -1);
	T_EQ_INT(lend__parse_time(t, "today"), -1);
}

T_TEST(luhn)
{
	T_OK(lend__luhn_ok("356938035643809"));
	T_OK(!lend__luhn_ok("356938035643808"));
	T_OK(lend__luhn_ok("8944100030301537004"));
	T_OK(lend__luhn_ok("79927398713"));
}

T_TEST(money)
{
	int64_t p = 7;

	T_EQ_INT(lend_money_parse(&p, "249.99"), 0);
	T_EQ_INT(p, 24999);
	T_EQ_INT(lend_money_parse(&p, "\xC2\xA3" "249.9"), 0);
	T_EQ_INT(p, 24990);
	T_EQ_INT(lend_money_parse(&p, "12"), 0);
	T_EQ_INT(p, 1200);
	T_EQ_INT(lend_money_parse(&p, "-5.50"), 0);
	T_EQ_INT(p, -550);
	p = 7;
	T_EQ_INT(lend_money_parse(&p, "12.345"), LEND_EINVAL);
	T_EQ_INT(lend_money_parse(&p, "12."), LEND_EINVAL);
	T_EQ_INT(lend_money_parse(&p, "1,000"), LEND_EINVAL);
	T_EQ_INT(lend_money_parse(&p, ""), LEND_EINVAL);
	T_EQ_INT(lend_money_parse(&p, "99999999999999999999"), LEND_EINVAL);
	T_EQ_INT(p, 7); /* untouched on failure */
}

T_TEST(text)
{
	T_OK(lend__is_text("Si\xC3\xA2n \xC5\xB4ynne-\xC5\x81ukasiewicz"));
	T_OK(lend__is_text("line\nbreak\tand tab"));
	T_OK(!lend__is_text("Tab \xC3\x28"));        /* broken sequence */
	T_OK(!lend__is_text("\xC0\xAF"));            /* overlong '/' */
	T_OK(!lend__is_text("\xED\xA0\x80"));        /* a surrogate */
	T_OK(!lend__is_text("bell\a"));
	T_OK(lend__is_text("\xF0\x9F\x98\x80"));     /* valid, if unprintable */
}

T_TEST(codes)
{
	T_OK(lend__is_code("RTL-00042", 32));
	T_OK(!lend__is_code("RTL 42", 32));
	T_OK(!lend__is_code("", 32));
	T_OK(!lend__is_code("ABCDEFGHIJKLMNOPQ", 16));
	T_OK(!lend__is_code("caf\xC3\xA9", 16));
}

static const char *read_date(const char *s, char order)
{
	static char out[64];

	return lend__date_read(out, sizeof(out), s, order) ? "bad" : out;
}

T_TEST(dates_as_typed)
{
	T_EQ_INT(lend__date_order("1/23/23"), 'm');
	T_EQ_INT(lend__date_order("23/1/23"), 'd');
	T_EQ_INT(lend__date_order("10/1/2022"), '?');
	T_EQ_INT(lend__date_order("2022-01-10"), 'y');
	T_EQ_INT(lend__date_order("Jan 5"), 0);
	T_EQ_STR(read_date("1/23/23", 'm'), "2023-01-23");
	T_EQ_STR(read_date("10/1/2022", 'm'), "2022-10-01");
	T_EQ_STR(read_date("10/1/2022", 'd'), "2022-01-10");
	T_EQ_STR(read_date("31.12.24 09:30", 'd'), "2024-12-31 09:30");
	T_EQ_STR(read_date("2024-02-30", 'd'), "bad");
	T_EQ_STR(read_date("31/13/2024", 'd'), "bad");
}

static int64_t money_typed(const char *s)
{
	int64_t p = -1;

	return lend__money_read(&p, s) ? -999 : p;
}

T_TEST(money_as_typed)
{
	T_OK(money_typed("12,34") == 1234);
	T_OK(money_typed("12,5") == 1250);
	T_OK(money_typed("1,234") == 123400);
	T_OK(money_typed("1,234.56") == 123456);
	T_OK(money_typed("1.234,56") == 123456);
	T_OK(money_typed("\xC2\xA3" "1,249.99") == 124999);
	T_OK(money_typed("12,3456") == -999);
	T_OK(money_typed("249.99") == 24999);
}
