/*
 * The funder report as JSON: what it covers, the threshold, and every
 * figure, a suppressed one with a null value and the reason, each with
 * its heading and key in plain words (lend(1) lists the keys).
 */
#include "report_text.h"

void lend__report_json(const lend__report *r, lend__buf *b)
{
	lend__report_names n;
	char v[32], of[160];
	size_t i;

	lend__report_names_load(&n, r);
	lend__buf_str(b, "{\"consortium\":");
	lend__buf_json(b, r->consortium);
	lend__buf_printf(b, ",\"from\":\"%s\",\"to\":\"%s\",\"member\":",
	                 r->from, r->to);
	lend__buf_json(b, r->member);
	lend__buf_str(b, ",\"member_name\":");
	lend__buf_json(b, r->member ? n.member_name : NULL);
	lend__buf_str(b, ",\"grant\":");
	lend__buf_json(b, r->grant);
	lend__buf_str(b, ",\"warning\":");
	lend__buf_json(b, n.warning[0] ? n.warning : NULL);
	lend__buf_printf(b, ",\"threshold\":%lld,\"figures\":[",
	                 (long long)r->threshold);
	for (i = 0; i < r->n; i++) {
		const lend__figure *f = &r->f[i];

		lend__figure_text(v, sizeof(v), f);
		lend__buf_printf(b, "%s{\"figure\":\"%s\",\"key\":", i ? "," : "",
		                 f->name);
		lend__buf_json(b, f->key[0] ? f->key : NULL);
		lend__buf_printf(b, ",\"value\":%s,\"suppressed\":",
		                 f->suppressed ? "null" : v);
		lend__buf_json(b, lend__hidden_word(f));
		lend__buf_str(b, ",\"heading\":");
		lend__buf_json(b, lend__figure_heading(f->name));
		lend__buf_str(b, ",\"of\":");
		lend__buf_json(b, f->key[0] ? lend__figure_of(of, sizeof(of), &n, f)
		                            : NULL);
		lend__buf_str(b, "}");
	}
	lend__buf_str(b, "]}\n");
	lend__report_names_free(&n);
}
