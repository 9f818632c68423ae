/* Disclosure control in the funder report: lend__suppress(), the rule
 * that keeps a count under the threshold from pointing at a person.
 * Each case lists its figures and whether each must come out hidden. */
#include "t.h"
#include "report.h"

#define THRESHOLD 5
#define NONE (-1)

typedef struct cell {
	double value;
	int group;  /* the breakdown it is a cell of; 0: none */
	int total;  /* the index of its breakdown's total; NONE: not shown */
	int people; /* a count that could point at a person */
	int hidden; /* expected */
} cell;

/* The index of the first figure whose suppression is not as expected,
 * or -1 when all are. */
static int first_wrong(const cell *c, size_t n)
{
	lend__figure f[16];
	size_t i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < n; i++) {
		snprintf(f[i].name, sizeof(f[i].name), "figure_%zu", i);
		f[i].value = c[i].value;
		f[i].group = c[i].group;
		f[i].total = c[i].total;
		f[i].people = c[i].people;
	}
	lend__suppress(f, n, THRESHOLD);
	for (i = 0; i < n; i++)
		if (f[i].suppressed != c[i].hidden)
			return (int)i;
	return -1;
}

#define CHECK(cells) \
	T_EQ_INT(first_wrong(cells, sizeof(cells) / sizeof(cells[0])), -1)

/* From 1 to the threshold less one: hidden.  None is not a person; a
 * measure, or volunteers, are never hidden. */
T_TEST(primary)
{
	static const cell c[] = {
		{ 0, 0, NONE, 1, 0 },
		{ 1, 0, NONE, 1, 1 },
		{ THRESHOLD - 1, 0, NONE, 1, 1 },
		{ THRESHOLD, 0, NONE, 1, 0 },
		{ 2, 0, NONE, 0, 0 },
	};

	CHECK(c);
}

/* One hidden cell next to a shown total is the total minus the others:
 * the smallest other count is withheld with it (2: not "<5"). */
T_TEST(secondary)
{
	static const cell c[] = {
		{ 40, 0, NONE, 1, 0 },
		{ 20, 1, 0, 1, 0 },
		{ 9, 1, 0, 1, 0 },
		{ 3, 1, 0, 1, 1 },
		{ 8, 1, 0, 1, 2 },
	};

	CHECK(c);
}

/* A cell of 0 has nothing to protect or give away: the next is hidden. */
T_TEST(secondary_skips_zero)
{
	static const cell c[] = {
		{ 30, 0, NONE, 1, 0 },
		{ 2, 1, 0, 1, 1 },
		{ 0, 1, 0, 1, 0 },
		{ 28, 1, 0, 1, 2 },
	};

	CHECK(c);
}

/* Two hidden cells already hide each other. */
T_TEST(two_hidden)
{
	static const cell c[] = {
		{ 30, 0, NONE, 1, 0 },
		{ 1, 1, 0, 1, 1 },
		{ 2, 1, 0, 1, 1 },
		{ 27, 1, 0, 1, 0 },
	};

	CHECK(c);
}

/* A hidden total gives nothing away, nor does a breakdown without one. */
T_TEST(no_total)
{
	static const cell hidden_total[] = {
		{ 12, 0, NONE, 1, 0 },
		{ 4, 0, NONE, 1, 1 },
		{ 1, 1, 1, 1, 1 },
		{ 3, 1, 1, 1, 1 },
	};
	static const cell none_shown[] = {
		{ 1, 1, NONE, 1, 1 },
		{ 29, 1, NONE, 1, 0 },
	};

	CHECK(hidden_total);
	CHECK(none_shown);
}

/* Each breakdown is judged on its own cells, even side by side; of two
 * equal smallest counts the first is hidden, and only one. */
T_TEST(groups_and_ties)
{
	static const cell c[] = {
		{ 30, 0, NONE, 1, 0 },
		{ 2, 1, 0, 1, 1 },
		{ 14, 1, 0, 1, 2 },
		{ 14, 1, 0, 1, 0 },
		{ 10, 2, 0, 1, 0 },
		{ 20, 2, 0, 1, 0 },
	};

	CHECK(c);
}

/* Hidden cells that sum to little pin each other: two "<5" districts
 * beside a shown one under a shown total of 12 sum to 2, so each is 1;
 * the shown one is withheld too. */
T_TEST(hidden_cells_that_pin_each_other)
{
	static const cell c[] = {
		{ 12, 0, NONE, 1, 0 },
		{ 1, 1, 0, 1, 1 },
		{ 1, 1, 0, 1, 1 },
		{ 10, 1, 0, 1, 2 },
	};

	CHECK(c);
}

/* Three months of "<5" under a total of 12 are 4 each, the total shown
 * or not (other figures and reports bound it): with no shown cell left,
 * the breakdown is left out. */
T_TEST(breakdown_left_out_when_no_cell_is_left)
{
	static const cell c[] = {
		{ 12, 0, NONE, 1, 0 },
		{ 4, 1, 0, 1, 3 },
		{ 4, 1, 0, 1, 3 },
		{ 4, 1, 0, 1, 3 },
	};

	CHECK(c);
}

/* Two breakdowns of one total are judged each against the total, known
 * or not: one that cannot hide its small counts is left out, and the
 * other stays as it is. */
T_TEST(breakdowns_share_their_total)
{
	static const cell c[] = {
		{ 12, 0, NONE, 1, 0 },
		{ 4, 1, 0, 1, 3 },
		{ 4, 1, 0, 1, 3 },
		{ 4, 1, 0, 1, 3 },
		{ 6, 2, 0, 1, 0 },
		{ 6, 2, 0, 1, 0 },
	};

	CHECK(c);
}
