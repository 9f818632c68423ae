/* The CSV reader, on the files spreadsheets write (RFC 4180). */
#include "t.h"
#include "internal.h"

/* Read DATA and keep every record's fields, joined by '|', and the line
 * each record started on; returns the reader's last result. */
static int read_all(char *out, size_t size, size_t *lines, const char *data)
{
	lend__csv c;
	size_t used = 0, n = 0, i;
	int rc;

	out[0] = '\0';
	lend__csv_start(&c, data, strlen(data), 0);
	while ((rc = lend__csv_next(&c)) == 1) {
		lines[n++] = c.record_line;
		for (i = 0; i < c.nfields; i++)
			used += (size_t)snprintf(out + used, size - used, "%s%s",
			                         i ? "|" : "",
			                         lend__csv_field(&c, i));
		used += (size_t)snprintf(out + used, size - used, "%s",
		                         lend__csv_blank(&c) ? "(blank)\n" : "\n");
	}
	lend__csv_free(&c);
	return rc;
}

/* DATA reads with result RC into the records EXPECTED. */
#define T_READS(data, rc, expected) do { \
	char t_got[256]; \
	size_t t_lines[8]; \
	T_EQ_INT(read_all(t_got, sizeof(t_got), t_lines, data), rc); \
	T_EQ_STR(t_got, expected); \
} while (0)

T_TEST(plain_fields)
{
	T_READS("tag,kind\nA-1,tablet\n", 0, "tag|kind\nA-1|tablet\n");
	T_READS("a,,c\nlast,no newline", 0, "a||c\nlast|no newline\n");
}

T_TEST(quoted_commas_and_doubled_quotes)
{
	T_READS("\"Smith, Jo\",\"say \"\"hi\"\"\",\"\"\n", 0,
	        "Smith, Jo|say \"hi\"|\n");
	/* A quote inside an unquoted field is only a character. */
	T_READS("5\" screen,x\n", 0, "5\" screen|x\n");
}

T_TEST(line_breaks_inside_quotes)
{
	/* CRLF inside a field is kept as LF, like a bare LF. */
	T_READS("a,\"one\ntwo\"\nb,\"three\r\nfour\"\r\n", 0,
	        "a|one\ntwo\nb|three\nfour\n");
}

T_TEST(crlf_records)
{
	T_READS("a,b\r\nc,d\r\n", 0, "a|b\nc|d\n");
}

T_TEST(byte_order_mark_skipped)
{
	T_READS("\xEF\xBB\xBFtag,kind\n", 0, "tag|kind\n");
	/* Only at the very start: elsewhere it is the field's text. */
	T_READS("x\n\xEF\xBB\xBFy\n", 0, "x\n\xEF\xBB\xBFy\n");
}

T_TEST(blank_lines)
{
	T_READS("a\n\r\n\nb\n", 0, "a\n(blank)\n(blank)\nb\n");
	/* A lone comma is two empty fields, not a blank line. */
	T_READS(",\n", 0, "|\n");
}

T_TEST(unterminated_quote)
{
	T_READS("a,b\nc,\"open\nd,e\n", -1, "a|b\n");
}

T_TEST(record_lines)
{
	char got[256];
	size_t lines[8];

	T_EQ_INT(read_all(got, sizeof(got), lines,
	                  "h1,h2\n\"x\ny\",z\r\n\nlast,\"a\r\nb\r\nc\"\nend"),
	         0);
	T_EQ_STR(got, "h1|h2\nx\ny|z\n(blank)\nlast|a\nb\nc\nend\n");
	T_EQ_INT(lines[0], 1);
	T_EQ_INT(lines[1], 2);
	T_EQ_INT(lines[2], 4);
	T_EQ_INT(lines[3], 5);
	T_EQ_INT(lines[4], 8);
}

T_TEST(empty_input)
{
	T_READS("", 0, "");
	T_READS("\xEF\xBB\xBF", 0, "");
}

T_TEST(cr_alone_ends_a_line)
{
	/* Excel's "CSV (Macintosh)": CR alone, mixed with the others. */
	T_READS("a,b\rc,d\r\ne,f\ng,\"h\ri\"\r", 0, "a|b\nc|d\ne|f\ng|h\ni\n");
}

T_TEST(separator_from_the_header)
{
	T_READS("tag;cost;x,y\nA;12,34;\"q;r\"\n", 0,
	        "tag|cost|x,y\nA|12,34|q;r\n");
	T_READS("tag\tkind\nA\tb,c\n", 0, "tag|kind\nA|b,c\n");
	T_READS("\"a;b\",c\n1,2\n", 0, "a;b|c\n1|2\n");
}

T_TEST(utf8_checked_whole)
{
	T_EQ_INT((int)lend__csv_bad_utf8("ok\xC3\xA9\n", 5), 5);
	T_EQ_INT((int)lend__csv_bad_utf8("ab\x8E", 3), 2);
	T_EQ_INT((int)lend__csv_bad_utf8("a\0b", 3), 1);
	T_EQ_INT((int)lend__csv_bad_utf8("a\xC3", 2), 1);
}

/* The one cell writer: quotes when needed, and never a formula. */
static void cell_is(const char *v, const char *want)
{
	lend__buf b = { 0 };

	lend__csv_cell(&b, v);
	lend__buf_str(&b, "");
	T_EQ_STR(b.s ? b.s : "", want);
	lend__buf_free(&b);
}

T_TEST(cells_written_safe)
{
	cell_is("plain", "plain");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("=1+2", "\"'=1+2\"");
	cell_is("+44 161", "\"'+44 161\"");
	cell_is("-5", "\"'-5\"");
	cell_is("@SUM(A1)", "\"'@SUM(A1)\"");
	cell_is("\tx", "\"'\tx\"");
	cell_is("\rx", "\"'\rx\"");
	cell_is("a=b", "a=b");
	cell_is(NULL, "");
}
