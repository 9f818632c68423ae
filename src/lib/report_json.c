/*
 * The funder report as JSON: what it covers, the threshold, and every
 * figure, a suppressed one with a null value.
 */
#include "report.h"

void lend__report_json(const lend__report *r, lend__buf *b)
{
	char v[32];
	size_t i;

	lend__buf_str(b, "{\"consortium\":");
	lend__buf_json(b, r->consortium);
	lend__buf_printf(b, ",\"from\":\"%s\",\"to\":\"%s\",\"member\":",
	                 r->from, r->to);
	lend__buf_json(b, r->member);
	lend__buf_str(b, ",\"grant\":");
	lend__buf_json(b, r->grant);
	lend__buf_printf(b, ",\"threshold\":%lld,\"figures\":[",
	                 (long long)r->threshold);
	for (i = 0; i < r->n; i++) {
		const lend__figure *f = &r->f[i];

		lend__figure_text(v, sizeof(v), f);
		lend__buf_printf(b, "%s{\"figure\":\"%s\",\"key\":", i ? "," : "",
		                 f->name);
		lend__buf_json(b, f->key[0] ? f->key : NULL);
		lend__buf_printf(b, ",\"value\":%s,\"suppressed\":%s}",
		                 f->suppressed ? "null" : v,
		                 f->suppressed ? "true" : "false");
	}
	lend__buf_str(b, "]}\n");
}
