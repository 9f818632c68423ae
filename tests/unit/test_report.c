/* Disclosure control in the funder report: lend__suppress(), the rule
 * that keeps a count under the threshold from pointing at a person. */
#include "t.h"
#include "report.h"

#define THRESHOLD 5

/* A count of people: in GROUP (0: none), with the breakdown's total at
 * index TOTAL (-1: none shown). */
static lend__figure count(const char *key, double value, int group,
                          int total)
{
	lend__figure f;

	memset(&f, 0, sizeof(f));
	snprintf(f.name, sizeof(f.name), "%s", group ? "reach" : "loans");
	snprintf(f.key, sizeof(f.key), "%s", key);
	f.value = value;
	f.people = 1;
	f.group = group;
	f.total = total;
	return f;
}

static void primary(void)
{
	lend__figure f[5];

	f[0] = count("", 0, 0, -1);
	f[1] = count("", 1, 0, -1);
	f[2] = count("", THRESHOLD - 1, 0, -1);
	f[3] = count("", THRESHOLD, 0, -1);
	f[4] = count("", 2, 0, -1);
	f[4].people = 0; /* a measure, or volunteers: never hidden */
	lend__suppress(f, 5, THRESHOLD);
	T_EQ_INT(f[0].suppressed, 0); /* none is not a person */
	T_EQ_INT(f[1].suppressed, 1);
	T_EQ_INT(f[2].suppressed, 1);
	T_EQ_INT(f[3].suppressed, 0);
	T_EQ_INT(f[4].suppressed, 0);
}

/* One hidden cell next to a shown total is the total minus the others:
 * the smallest other count above 0 is hidden with it. */
static void secondary(void)
{
	lend__figure f[5];

	f[0] = count("", 40, 0, -1);     /* the total */
	f[1] = count("OL11", 20, 1, 0);
	f[2] = count("OL12", 9, 1, 0);
	f[3] = count("OL16", 3, 1, 0);
	f[4] = count("OL15", 8, 1, 0);
	lend__suppress(f, 5, THRESHOLD);
	T_EQ_INT(f[0].suppressed, 0);
	T_EQ_INT(f[1].suppressed, 0);
	T_EQ_INT(f[2].suppressed, 0);
	T_EQ_INT(f[3].suppressed, 1);
	T_EQ_INT(f[4].suppressed, 1);
}

static void secondary_skips_zero(void)
{
	lend__figure f[4];

	f[0] = count("", 30, 0, -1);
	f[1] = count("cy", 2, 1, 0);
	f[2] = count("unknown", 0, 1, 0); /* nothing to protect or recover */
	f[3] = count("en", 28, 1, 0);
	lend__suppress(f, 4, THRESHOLD);
	T_EQ_INT(f[1].suppressed, 1);
	T_EQ_INT(f[2].suppressed, 0);
	T_EQ_INT(f[3].suppressed, 1);
}

/* Two hidden cells already hide each other; a hidden total gives
 * nothing away; a breakdown with no total shown needs nothing more. */
static void no_secondary(void)
{
	lend__figure two[4], hidden_total[3], no_total[3];

	two[0] = count("", 30, 0, -1);
	two[1] = count("a", 1, 1, 0);
	two[2] = count("b", 2, 1, 0);
	two[3] = count("c", 27, 1, 0);
	lend__suppress(two, 4, THRESHOLD);
	T_EQ_INT(two[3].suppressed, 0);

	hidden_total[0] = count("", 4, 0, -1);
	hidden_total[1] = count("a", 1, 1, 0);
	hidden_total[2] = count("b", 3, 1, 0);
	lend__suppress(hidden_total, 3, THRESHOLD);
	T_EQ_INT(hidden_total[0].suppressed, 1);
	T_EQ_INT(hidden_total[2].suppressed, 1); /* small in its own right */

	no_total[0] = count("", 30, 0, -1);
	no_total[1] = count("a", 1, 1, -1);
	no_total[2] = count("b", 29, 1, -1);
	lend__suppress(no_total, 3, THRESHOLD);
	T_EQ_INT(no_total[1].suppressed, 1);
	T_EQ_INT(no_total[2].suppressed, 0);
}

/* Each breakdown is judged on its own cells, even side by side. */
static void groups_apart(void)
{
	lend__figure f[5];

	f[0] = count("", 30, 0, -1);
	f[1] = count("a", 2, 1, 0);
	f[2] = count("b", 28, 1, 0);
	f[3] = count("x", 10, 2, 0);
	f[4] = count("y", 20, 2, 0);
	lend__suppress(f, 5, THRESHOLD);
	T_EQ_INT(f[1].suppressed, 1);
	T_EQ_INT(f[2].suppressed, 1);
	T_EQ_INT(f[3].suppressed, 0);
	T_EQ_INT(f[4].suppressed, 0);
}

/* Ties: the first of the smallest is hidden, and only one. */
static void ties(void)
{
	lend__figure f[4];

	f[0] = count("", 25, 0, -1);
	f[1] = count("a", 1, 1, 0);
	f[2] = count("b", 12, 1, 0);
	f[3] = count("c", 12, 1, 0);
	lend__suppress(f, 4, THRESHOLD);
	T_EQ_INT(f[2].suppressed, 1);
	T_EQ_INT(f[3].suppressed, 0);
}

int main(void)
{
	T_RUN(primary);
	T_RUN(secondary);
	T_RUN(secondary_skips_zero);
	T_RUN(no_secondary);
	T_RUN(groups_apart);
	T_RUN(ties);
	return t_status;
}
