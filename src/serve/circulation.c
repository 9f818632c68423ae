/*
 * Holds (the queue of borrowers waiting, a hold added from a borrower's
 * page, a cancel) and the overdue list, filtered by site and member.
 */
#include <stdio.h>
#include <string.h>

#include "serve.h"

int hold_list(struct req *r)
{
	static const char *const cols[] = { "ref", "borrower", "kind", "device",
	                                    "placed_at", "status",
	                                    "reserved_device", "reserved_until",
	                                    NULL };
	lend_rows *rows = NULL;
	int rc;

	/* Listing holds settles lapsed reservations first: a write. */
	write_lock();
	rc = locked(r, lend_hold_list(&rows, r->db, NULL));
	return list_page(r, "holds.title", rc, rows, cols, "borrower",
	                 "/borrowers/");
}

int hold_add(struct req *r)
{
	char *ref = NULL, to[80];
	int rc;

	write_lock();
	rc = locked(r, lend_hold_add(&ref, r->db, r->arg[0],
	                             form_opt(r, "kind"), form_opt(r, "tag"),
	                             NULL));
	lend_free(ref);
	snprintf(to, sizeof(to), "/borrowers/%s", r->arg[0]);
	return after_post(r, rc, to, "hold.added");
}

int hold_cancel(struct req *r)
{
	int rc;

	write_lock();
	rc = locked(r, lend_hold_cancel(r->db, r->arg[0], NULL));
	return after_post(r, rc, "/holds", "hold.cancelled");
}

/* Whether overdue row I is at SITE and of MEMBER (each "" for any): the
 * loan's site and the device's owner. */
static int wanted(struct req *r, const lend_rows *rows, size_t i,
                  const char *site, const char *member)
{
	lend_rows *loan = NULL, *dev = NULL;
	int ok = 1;

	if (*site && (lend_loan_show(&loan, r->db, lend_rows_get(rows, i, "loan"))
	              || strcmp(site, lend_rows_get(loan, 0, "site") ?
	                              lend_rows_get(loan, 0, "site") : "")))
		ok = 0;
	if (ok && *member &&
	    (lend_device_show(&dev, r->db, lend_rows_get(rows, i, "tag")) ||
	     strcmp(member, lend_rows_get(dev, 0, "member"))))
		ok = 0;
	lend_rows_free(loan);
	lend_rows_free(dev);
	return ok;
}

static void overdue_rows(struct req *r, const lend_rows *rows,
                         const char *site, const char *member)
{
	static const char *const cols[] = { "tag", "loan", "borrower", "due_on",
	                                    "days_late", "champion",
	                                    "champion_phone", NULL };
	struct sbuf *b = &r->out;
	size_t i, j, n = 0;

	table_head(r, cols);
	for (i = 0; i < lend_rows_count(rows); i++) {
		if (!wanted(r, rows, i, site, member))
			continue;
		n++;
		sb_str(b, "<tr>");
		for (j = 0; cols[j]; j++) {
			const char *v = lend_rows_get(rows, i, cols[j]);

			sb_str(b, "<td>");
			if (v && j == 1) {
				sb_str(b, "<a href=\"/loans/");
				sb_attr(b, v);
				sb_str(b, "\">");
			}
			sb_text(b, v ? v : "");
			sb_str(b, v && j == 1 ? "</a></td>" : "</td>");
		}
		sb_str(b, "</tr>");
	}
	sb_str(b, "</tbody></table></div>\n");
	if (!n)
		table_none(r);
}

int overdue_page(struct req *r)
{
	const char *site = req_query(r, "site"), *member = req_query(r, "member");
	lend_rows *rows = NULL;

	page_begin(r, "overdue.title", NULL);
	sb_str(&r->out, "<form method=\"get\" action=\"/overdue\" "
	                "class=\"filters\">");
	input_text(r, "site", "field.site", site, "text", 0);
	input_text(r, "member", "field.member", member, "text", 0);
	submit_button(r, "devices.filter");
	sb_str(&r->out, "</form>\n");
	if (lend_loan_overdue(&rows, r->db, NULL) == 0)
		overdue_rows(r, rows, site ? site : "", member ? member : "");
	lend_rows_free(rows);
	page_end(r);
	return 0;
}
