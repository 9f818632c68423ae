/* Starting and stopping the HTTP daemon (http.c), for main.c. */
#ifndef LEND_SERVE_HTTP_H
#define LEND_SERVE_HTTP_H

#include <sys/socket.h>

struct http_opts {
	const struct sockaddr *addr;
	const char *cert, *key; /* PEM text, or NULL: plain HTTP */
	int max_connections;
	int per_ip;             /* 0: no limit per address */
	int timeout;            /* seconds a connection may stay idle */
};
extern int http_tls;
/* Idle minutes before a login ends (main.c's --idle). */
extern int serve_idle_seconds;
void *http_start(const struct http_opts *o);
int http_port(void *daemon);
void http_stop(void *daemon);

#endif
