/* lend serve: the browser desk.  The server is its own program,
 * lend-serve, so that every other command starts without libmicrohttpd:
 * this runs it, found beside the running lend or where it is installed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef LEND_LIBEXEC
#define LEND_LIBEXEC "/usr/local/libexec/lend"
#endif

/* lend-serve in the folder of /proc/self/exe, into PATH. */
static int beside(char *path, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	self[n] = '\0';
	if (!(slash = strrchr(self, '/')))
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(path, size, "%s/lend-serve", self) >= size)
		return -1;
	return access(path, X_OK);
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	char path[PATH_MAX + 16];
	char **args = calloc((size_t)argc + 3, sizeof(*args));
	int i, n = 0;

	if (!args) {
		fprintf(stderr, "lend: serve: out of memory\n");
		return EXIT_FAIL;
	}
	if (beside(path, sizeof(path)))
		snprintf(path, sizeof(path), "%s/lend-serve", LEND_LIBEXEC);
	args[n++] = path;
	if (c->db_path) {
		args[n++] = "--db";
		args[n++] = (char *)c->db_path;
	}
	for (i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(stdout);
	execv(path, args);
	fprintf(stderr, "lend: serve: cannot run '%s': %s\n", path,
	        strerror(errno));
	free(args);
	return EXIT_FAIL;
}
