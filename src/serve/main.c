/*
 * lend-serve: the browser desk's server, which `lend serve` runs.  Reads
 * the options, refuses a non-loopback address without TLS, opens the pool
 * of library handles and serves until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "serve.h"
#include "http.h"

static const char usage[] =
	"usage: lend serve [--listen ADDRESS:PORT] [--tls-cert FILE "
	"--tls-key FILE]\n"
	"                  [--db PATH] [--idle MINUTES] [--per-ip N]\n";

int serve_idle_seconds = 30 * 60;

struct opts {
	const char *listen, *cert, *key, *db, *idle, *per_ip;
};

/* TEXT as it may be shown in a message. */
static const char *shown(const char *text)
{
	static char buf[200];

	return lend_text_shown(buf, sizeof(buf), text);
}

/* A whole number MIN to MAX from option NAME's TEXT into *OUT; else the
 * message, and -1. */
static int number(int *out, const char *name, const char *text, int min,
                  int max)
{
	char *end;
	long n = strtol(text, &end, 10);

	if (text[0] < '0' || text[0] > '9' || *end || n < min || n > max) {
		fprintf(stderr, "lend: serve: %s '%s' must be %d to %d\n", name,
		        shown(text), min, max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int parse(struct opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char **t = NULL;
		const char *a = argv[i], *eq = strchr(a, '=');
		char opt[16];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		/* --opt VALUE or --opt=VALUE, as lend's other options. */
		snprintf(opt, sizeof(opt), "%.*s", eq ? (int)(eq - a) : 15, a);
		a = opt;
		t = !strcmp(a, "--listen") ? &o->listen
		  : !strcmp(a, "--tls-cert") ? &o->cert
		  : !strcmp(a, "--tls-key") ? &o->key
		  : !strcmp(a, "--db") ? &o->db
		  : !strcmp(a, "--idle") ? &o->idle
		  : !strcmp(a, "--per-ip") ? &o->per_ip : NULL;
		if (!t || (!eq && i + 1 >= argc)) {
			fprintf(stderr, "lend: serve: %s '%s'%s\n%s", t ? "option"
			        : "unknown option", shown(argv[i]),
			        t ? " needs a value" : "", usage);
			return 2;
		}
		*t = eq ? eq + 1 : argv[++i];
	}
	if (!o->cert != !o->key) {
		fprintf(stderr, "lend: serve: --tls-cert and --tls-key go "
		        "together\n%s", usage);
		return 2;
	}
	return -1;
}

/* ADDRESS:PORT ([v6]:PORT) into SS; *LOOPBACK says if it is one. */
static int address(struct sockaddr_storage *ss, int *loopback,
                   const char *text)
{
	char host[128];
	const char *colon = strrchr(text, ':');
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (!colon || (size_t)(colon - text) >= sizeof(host))
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port < 0 || port > 65535)
		return -1;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - text), text);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		host[strlen(host) - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		*loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
		return 0;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		*loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
		return 0;
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && n < 1 << 20 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1))) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
		}
	}
	fclose(f);
	return p;
}

/* Enough file descriptors for the connections the daemon allows. */
static int descriptors(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max > 4096 ? 4096 : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 200;
	return rl.rlim_cur > 1100 ? 1000 : (int)rl.rlim_cur - 100;
}

static int setup(struct opts *o, struct http_opts *h,
                 struct sockaddr_storage *ss)
{
	int loopback = 0, minutes = 30;

	if (address(ss, &loopback, o->listen)) {
		fprintf(stderr, "lend: serve: listen address '%s' is not "
		        "ADDRESS:PORT\n%s", shown(o->listen), usage);
		return 2;
	}
	if (!loopback && !o->cert) {
		fprintf(stderr, "lend: serve: address '%s' is not loopback: give "
		        "--tls-cert and --tls-key\n", shown(o->listen));
		return 2;
	}
	if ((o->idle && number(&minutes, "--idle", o->idle, 1, 24 * 60)) ||
	    (o->per_ip && number(&h->per_ip, "--per-ip", o->per_ip, 0, 10000)))
		return 2;
	serve_idle_seconds = minutes * 60;
	h->addr = (const struct sockaddr *)ss;
	h->timeout = 60;
	h->max_connections = descriptors();
	if (o->cert && (!(h->cert = slurp(o->cert)) ||
	                !(h->key = slurp(o->key)))) {
		fprintf(stderr, "lend: serve: cannot read '%s'\n",
		        shown(h->cert ? o->key : o->cert));
		return 1;
	}
	return -1;
}

static int serve(struct http_opts *h, const char *listen)
{
	sigset_t set;
	void *d;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!(d = http_start(h))) {
		fprintf(stderr, "lend: serve: cannot listen there (in use?)\n");
		return 1;
	}
	fprintf(stderr, "lend serve: listening on %s://%.*s:%d/\n",
	        h->cert ? "https" : "http",
	        (int)(strrchr(listen, ':') - listen), listen, http_port(d));
	sigwait(&set, &sig);
	fprintf(stderr, "lend serve: stopping\n");
	http_stop(d);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { "127.0.0.1:8080", NULL, NULL, NULL, NULL, NULL };
	struct http_opts h = { 0 };
	struct sockaddr_storage ss;
	int st;

	o.db = getenv("LEND_DB") && *getenv("LEND_DB") ? getenv("LEND_DB")
	                                               : "lend.db";
	if ((st = parse(&o, argc, argv)) >= 0 || (st = setup(&o, &h, &ss)) >= 0)
		return st;
	if (sodium_init() < 0 || ui_load()) {
		fprintf(stderr, "lend: serve: cannot start (libsodium, texts)\n");
		return 1;
	}
	serve_where = o.db;
	sess_sweep_uploads();
	if (pool_open(o.db, 8) == 0)
		st = serve(&h, o.listen);
	else
		st = 1;
	sess_end_all();
	pool_close();
	ui_unload();
	free((char *)h.cert);
	free((char *)h.key);
	return st;
}
