/*
 * HTTP through libmicrohttpd: a request's body gathered up to its limit
 * (413 without reading the rest), its query, cookies and form parsed, the
 * route run, the answer sent with the headers every response carries
 * (DESK.md), and one log line per request: method, path, status, time,
 * user, never personal data.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "serve.h"
#include "http.h"

#define BODY_LIMIT (1u << 20)
#define IMPORT_LIMIT (20u << 20)

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'";

int http_tls;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *req_header(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_form(const struct req *r, const char *name)
{
	return form_get(&r->form, name);
}

const char *req_query(const struct req *r, const char *name)
{
	return form_get(&r->query, name);
}

static void client_addr(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(r->addr, sizeof(r->addr), "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		          r->addr, sizeof(r->addr));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)sa)->sin6_addr,
		          r->addr, sizeof(r->addr));
}

static struct req *req_new(struct MHD_Connection *c, const char *url,
                           const char *method)
{
	struct req *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->conn = c;
	snprintf(r->method, sizeof(r->method), "%s", method);
	r->post = strcmp(method, "POST") == 0;
	snprintf(r->path, sizeof(r->path), "%s", url);
	r->limit = strcmp(r->path, "/admin/import") == 0 ? IMPORT_LIMIT
	                                                 : BODY_LIMIT;
	r->status = 200;
	r->data_fd = -1;
	r->lang = "en";
	r->started_ms = now_ms();
	client_addr(r);
	return r;
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *value)
{
	(void)kind;
	form_add(cls, key, value);
	return MHD_YES;
}

static void common_headers(struct MHD_Response *resp, const struct req *r)
{
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	                        "same-origin");
	MHD_add_response_header(resp, "Cache-Control", r->cached
	                        ? "max-age=300" : "no-store");
	if (http_tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        "max-age=31536000");
}

static struct MHD_Response *body_of(struct req *r)
{
	struct MHD_Response *resp;
	struct stat st;

	if (r->data_fd >= 0 && fstat(r->data_fd, &st) == 0) {
		resp = MHD_create_response_from_fd((uint64_t)st.st_size,
		                                   r->data_fd);
		if (resp)
			r->data_fd = -1;
		return resp;
	}
	if (r->data) {
		resp = MHD_create_response_from_buffer_with_free_callback(
			r->data_len, r->data, lend_free);
		if (resp)
			r->data = NULL;
		return resp;
	}
	resp = MHD_create_response_from_buffer(r->out.len, r->out.p,
	                                       MHD_RESPMEM_MUST_FREE);
	if (resp)
		r->out.p = NULL;
	return resp;
}

static enum MHD_Result send_answer(struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;
	size_t i;

	if (r->out.oom) {
		sb_free(&r->out);
		r->out.oom = 0;
		r->status = 500;
		r->ctype_out = "text/plain; charset=utf-8";
		sb_str(&r->out, "500 out of memory\n");
	}
	if (!(resp = body_of(r)))
		return MHD_NO;
	common_headers(resp, r);
	MHD_add_response_header(resp, "Content-Type", r->ctype_out
	                        ? r->ctype_out : "text/html; charset=utf-8");
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition",
		                        r->disposition);
	for (i = 0; i < NELEM(r->set_cookie); i++)
		if (r->set_cookie[i][0])
			MHD_add_response_header(resp, "Set-Cookie",
			                        r->set_cookie[i]);
	ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	r->done = 1;
	return ok;
}

/* A short answer to a request not run: 405, 413, 400. */
static enum MHD_Result refuse(struct req *r, int status, const char *text)
{
	r->status = status;
	r->ctype_out = "text/plain; charset=utf-8";
	sb_str(&r->out, text);
	return send_answer(r);
}

static void run(struct req *r)
{
	const char *cookie = req_header(r, "Cookie");
	const char *lang;

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_query,
	                          &r->query);
	if (cookie)
		form_cookies(&r->cookies, cookie);
	lang = form_get(&r->cookies, "lang");
	if (lang && (strcmp(lang, "cy") == 0 || strcmp(lang, "en") == 0))
		r->lang = strcmp(lang, "cy") == 0 ? "cy" : "en";
	else
		r->lang = lang_pick(req_header(r, "Accept-Language"));
	r->ctype = req_header(r, "Content-Type");
	if (r->post && r->len &&
	    form_body(&r->form, r->ctype, r->body ? r->body : "", r->len)) {
		refuse(r, 400, "400 the form could not be read\n");
		return;
	}
	route(r);
	pool_give(r->db);
	r->db = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)version;
	if (!r) {
		const char *cl;

		if (!(r = req_new(c, url, method)))
			return MHD_NO;
		*con_cls = r;
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && !r->post)
			return refuse(r, 405, "405 method not allowed\n");
		cl = req_header(r, "Content-Length");
		if (r->post && cl && strtoull(cl, NULL, 10) > r->limit)
			return refuse(r, 413, "413 the request is too large\n");
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		char *p;

		*upload_size = 0;
		if (r->done)
			return MHD_YES;
		if (r->len + n > r->limit)
			return refuse(r, 413, "413 the request is too large\n");
		if (!(p = realloc(r->body, r->len + n + 1)))
			return MHD_NO;
		r->body = p;
		memcpy(r->body + r->len, upload, n);
		r->len += n;
		r->body[r->len] = '\0';
		return MHD_YES;
	}
	if (r->done)
		return MHD_YES;
	run(r);
	if (!r->done)
		return send_answer(r);
	return MHD_YES;
}

static void log_line(const struct req *r)
{
	char path[200], user[80];

	/* A path that is no page's is not logged: it could hold anything a
	 * person typed. */
	lend_text_shown(path, sizeof(path), r->routed ? r->path : "(other)");
	lend_text_shown(user, sizeof(user), r->user[0] ? r->user : "-");
	/* A request that ended unanswered (the client left, the server
	 * stopped) has no status: 0. */
	fprintf(stderr, "%s %s %d %lldms %s\n", r->method, path,
	        r->done ? r->status : 0, now_ms() - r->started_ms, user);
}

static void on_completed(void *cls, struct MHD_Connection *c,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (!r)
		return;
	log_line(r);
	pool_give(r->db);
	form_free(&r->query);
	form_free(&r->form);
	form_free(&r->cookies);
	free(r->body);
	sb_free(&r->out);
	lend_free(r->data);
	if (r->data_fd >= 0)
		close(r->data_fd);
	free(r);
	*con_cls = NULL;
}

void *http_start(const struct http_opts *o)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
	                 MHD_USE_INTERNAL_POLLING_THREAD;

	http_tls = o->cert != NULL;
	if (o->cert)
		flags |= MHD_USE_TLS;
	if (o->addr->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, o->addr,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		o->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, o->cert,
		MHD_OPTION_HTTPS_MEM_KEY, o->key, MHD_OPTION_END);
}

int http_port(void *daemon)
{
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);

	return di ? (int)di->port : 0;
}

void http_stop(void *daemon)
{
	MHD_stop_daemon(daemon);
}
