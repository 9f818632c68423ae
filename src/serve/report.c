/*
 * The funder's report: the form (period, member, grant) and the report
 * as PDF, CSV or JSON, with exactly the same figures (the library's).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "serve.h"

static void spec_of(struct req *r, lend_report_spec *s, char *from,
                    char *to)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(to, 11, "%Y-%m-%d", &tm);
	snprintf(from, 11, "%.4s-01-01", to);
	memset(s, 0, sizeof(*s));
	s->from = req_query(r, "from") && *req_query(r, "from")
	          ? req_query(r, "from") : from;
	s->to = req_query(r, "to") && *req_query(r, "to") ? req_query(r, "to")
	                                                  : to;
	s->member = req_query(r, "member") && *req_query(r, "member")
	            ? req_query(r, "member") : NULL;
	s->grant = req_query(r, "grant") && *req_query(r, "grant")
	           ? req_query(r, "grant") : NULL;
}

/* The query string of S for the file links. */
static void query_of(struct sbuf *b, const lend_report_spec *s)
{
	sb_str(b, "?from=");
	sb_attr(b, s->from);
	sb_str(b, "&amp;to=");
	sb_attr(b, s->to);
	if (s->member) {
		sb_str(b, "&amp;member=");
		sb_attr(b, s->member);
	}
	if (s->grant) {
		sb_str(b, "&amp;grant=");
		sb_attr(b, s->grant);
	}
}

int report_page(struct req *r)
{
	static const char *const files[][2] = { { "report.pdf", "report.pdf" },
	                                        { "report.csv", "report.csv" },
	                                        { "report.json", "report.json" } };
	lend_report_spec s;
	char from[11], to[11];
	size_t i;

	spec_of(r, &s, from, to);
	page_begin(r, "report.title", NULL);
	sb_str(&r->out, "<form method=\"get\" action=\"/reports\">");
	input_text(r, "from", "report.from", s.from, "date", 1);
	input_text(r, "to", "report.to", s.to, "date", 1);
	input_text(r, "member", "field.member", s.member, "text", 0);
	input_text(r, "grant", "field.grant", s.grant, "text", 0);
	submit_button(r, "report.show");
	sb_str(&r->out, "</form><ul class=\"docs\">");
	for (i = 0; i < NELEM(files); i++) {
		sb_str(&r->out, "<li><a href=\"/reports/");
		sb_str(&r->out, files[i][0]);
		query_of(&r->out, &s);
		sb_str(&r->out, "\">");
		ui_text(&r->out, r->lang, files[i][1], NULL);
		sb_str(&r->out, "</a></li>");
	}
	sb_str(&r->out, "</ul>");
	page_end(r);
	return 0;
}

int report_file(struct req *r)
{
	static const char *const types[][3] = {
		{ "report.pdf", "pdf", "application/pdf" },
		{ "report.csv", "csv", "text/csv; charset=utf-8" },
		{ "report.json", "json", "application/json" } };
	lend_report_spec s;
	char from[11], to[11], *data = NULL, err[600];
	size_t i, len = 0;

	for (i = 0; i < NELEM(types); i++)
		if (strcmp(r->arg[0], types[i][0]) == 0)
			break;
	if (i == NELEM(types))
		return not_found(r);
	spec_of(r, &s, from, to);
	s.format = types[i][1];
	if (lend_report_render(&data, &len, r->db, &s)) {
		lib_error_text(err, sizeof(err), r);
		r->status = 400;
		page_begin(r, "report.title", NULL);
		sb_str(&r->out, "<p class=\"flash error\" role=\"alert\">");
		sb_text(&r->out, err);
		sb_str(&r->out, "</p>");
		page_end(r);
		return 0;
	}
	return send_data(r, data, len, types[i][2], types[i][0]);
}
