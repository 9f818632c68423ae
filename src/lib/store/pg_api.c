/*
 * libpq loaded on demand (see pg_api.h for why): dlopen at the first
 * PostgreSQL connection, each function found by name.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "pg_api.h"

lend__pq_api lend__pq;

int lend__pq_load(char *err, size_t size)
{
	static const char *const names[] = {
		"PQconnectdb", "PQfinish", "PQstatus", "PQtransactionStatus",
		"PQerrorMessage", "PQsetNoticeProcessor", "PQexec",
		"PQexecParams", "PQprepare", "PQexecPrepared", "PQresultStatus",
		"PQresultErrorField", "PQclear", "PQntuples", "PQnfields",
		"PQfname", "PQftype", "PQcmdStatus", "PQcmdTuples", "PQgetvalue",
		"PQgetisnull", "PQenterPipelineMode", "PQexitPipelineMode",
		"PQpipelineSync", "PQsendQueryParams", "PQsendQueryPrepared",
		"PQgetResult", "PQsendPrepare"
	};
	static void *lib;
	/* The table's members in the order of NAMES, all function pointers
	 * of one size. */
	char *slot = (char *)&lend__pq;
	size_t i, width = sizeof(lend__pq.connectdb);

	if (lib)
		return 0;
	/* Kept loaded (NODELETE): its TLS library cleans up at exit. */
	if (!(lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE))) {
		snprintf(err, size, "libpq could not be loaded (Debian package "
		         "libpq5)");
		return -1;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		void *sym = dlsym(lib, names[i]);

		if (!sym) {
			snprintf(err, size, "libpq lacks %s", names[i]);
			dlclose(lib);
			lib = NULL;
			return -1;
		}
		/* POSIX's way from dlsym's object pointer to a function's. */
		memcpy(slot + i * width, &sym, sizeof(sym));
	}
	return 0;
}
