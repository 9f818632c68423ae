#define _POSIX_C_SOURCE 200809L
/* Messages by key: English and Welsh hold the same keys with the same
 * values, and a refusal gives its key and values as well as its line. */
#include "t.h"
#include "util.h"
#include "internal.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The "key|name,name," signature of each line of BOOK, one per line, in
 * the book's order, each value named once in order of name, into OUT (SIZE bytes). */
static int signatures(char *out, size_t size, const char *book)
{
	const char *p = NULL;
	size_t i, len = 0;

	for (i = 0; i < lend__ntexts; i++)
		if (strcmp(lend__texts[i].name, book) == 0)
			p = lend__texts[i].text;
	if (!p)
		return -1;
	out[0] = '\0';
	for (; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t line = strcspn(p, "\n"), eq = strcspn(p, "=\n");
		const char *q;

		if (*p == '#' || eq >= line)
			continue;
		char names[16][32];
		size_t n = 0, j;

		len += (size_t)snprintf(out + len, size - len, "%.*s|",
		                        (int)strcspn(p, " ="), p);
		for (q = p + eq; n < 16 && (q = strchr(q, '{')) &&
		     q < p + line; q++)
			snprintf(names[n++], sizeof(names[0]), "%.*s",
			         (int)strcspn(q + 1, "|}"), q + 1);
		qsort(names, n, sizeof(names[0]), by_name);
		for (j = 0; j < n; j++)
			if (j == 0 || strcmp(names[j], names[j - 1]) != 0)
				len += (size_t)snprintf(out + len, size - len,
				                        "%s,", names[j]);
		len += (size_t)snprintf(out + len, size - len, "\n");
		if (len >= size)
			return -1;
	}
	return 0;
}

T_TEST(welsh_has_every_key_and_value)
{
	static char en[32768], cy[32768];
	char *a, *b, *sa, *sb;

	T_EQ_INT(signatures(en, sizeof(en), "msg-en"), 0);
	T_EQ_INT(signatures(cy, sizeof(cy), "msg-cy"), 0);
	T_OK(strlen(en) > 1000);
	/* Line by line, so that a failure names the key. */
	for (a = strtok_r(en, "\n", &sa), b = strtok_r(cy, "\n", &sb); a || b;
	     a = strtok_r(NULL, "\n", &sa), b = strtok_r(NULL, "\n", &sb))
		T_EQ_STR(b, a);
}

T_TEST(refusal_has_key_values_and_both_languages)
{
	lend_db *db = t_fresh();
	lend_checkout_spec c = { 0 };
	const char *tags[1] = { "TST-00001" };
	lend_info info;
	char line[512], *ref = NULL;

	T_OK(db != NULL);
	c.borrower = "B-000042";
	c.tags = tags;
	c.ntags = 1;
	T_EQ_INT(lend_loan_checkout(&ref, db, &c), LEND_ENOTFOUND);
	T_EQ_STR(lend_errmsg(db), "checkout: borrower 'B-000042' not found");
	T_EQ_INT(lend_error_info(db, &info), 0);
	T_EQ_STR(info.key, "checkout.borrower_not_found");
	T_EQ_INT(info.code, LEND_ENOTFOUND);
	T_EQ_INT(info.n, 1);
	T_EQ_STR(info.names[0], "borrower");
	T_EQ_STR(info.values[0], "B-000042");
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "en"),
	         lend_errmsg(db));
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "cy"),
	         "benthyg: ni chafwyd hyd i'r benthyciwr 'B-000042'");
	/* A key made of the kind of record looked up, its field named. */
	T_EQ_INT(lend_member_add(db, "RBH", "Again"), LEND_EEXISTS);
	T_EQ_INT(lend_error_info(db, &info), 0);
	T_EQ_STR(info.key, "lookup.member_exists");
	T_EQ_STR(lend_errmsg(db), "member: code 'RBH' already exists");
	T_EQ_INT(info.n, 3);
	T_EQ_STR(info.names[2], "value");
	T_EQ_STR(info.values[2], "RBH");
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "cy"),
	         "member: mae'r cod 'RBH' yn bodoli'n barod");
	t_cleanup(db);
}

T_TEST(plural_and_missing_values)
{
	lend_info info = { 0 };
	char line[256];

	info.key = "checkout.limit";
	info.n = 4;
	info.names[0] = "borrower", info.values[0] = "B-000001";
	info.names[1] = "out", info.values[1] = "1";
	info.names[2] = "adding", info.values[2] = "2";
	info.names[3] = "limit", info.values[3] = "2";
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "en"),
	         "checkout: borrower 'B-000001' has 1 device out; with 2 more "
	         "the loan limit of 2 is passed");
	info.values[1] = "3";
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, NULL),
	         "checkout: borrower 'B-000001' has 3 devices out; with 2 more "
	         "the loan limit of 2 is passed");
	info.n = 1;
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "en"),
	         "checkout: borrower 'B-000001' has {out} {out|device|devices} "
	         "out; with {adding} more the loan limit of {limit} is passed");
}

/* NAME and VALUE added to INFO. */
static void put(lend_info *info, const char *name, const char *value)
{
	info->names[info->n] = name;
	info->values[info->n++] = value;
}

T_TEST(a_message_within_a_message)
{
	static const char *const pairs[] = { "row", "3", "column", "Kind",
		"problem", "(English)", "problem_key", "import.quantity",
		"value", "lots" };
	lend_info info = { 0 };
	char line[256];
	size_t i;

	/* An import's problem said within its row and column, both in the
	 * language asked for. */
	info.key = "import.problem_cell";
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i += 2)
		put(&info, pairs[i], pairs[i + 1]);
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "en"),
	         "row 3, column 'Kind': 'lots' is not a quantity (1 to 9999)");
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "cy"),
	         "rhes 3, colofn 'Kind': nid yw 'lots' yn nifer (1 i 9999)");
	/* An unknown inner key: the value as given. */
	info.values[3] = "import.no_such_key";
	T_EQ_STR(lend_info_text(line, sizeof(line), &info, "cy"),
	         "rhes 3, colofn 'Kind': (English)");
}
