/*
 * libpq, loaded when a PostgreSQL store is first opened (pg_api.c) rather
 * than linked: linked, its twenty-odd libraries (TLS, Kerberos, LDAP) were
 * loaded by every lend process, SQLite's included, and tripled the cost of
 * a command.  The PQ* names used in the store call through this table.
 */
#ifndef LEND_PG_API_H
#define LEND_PG_API_H

#include <stddef.h>

#include <libpq-fe.h>

typedef struct lend__pq_api {
	PGconn *(*connectdb)(const char *);
	void (*finish)(PGconn *);
	ConnStatusType (*status)(const PGconn *);
	PGTransactionStatusType (*transaction_status)(const PGconn *);
	char *(*error_message)(const PGconn *);
	PQnoticeProcessor (*set_notice_processor)(PGconn *, PQnoticeProcessor,
	                                          void *);
	PGresult *(*exec)(PGconn *, const char *);
	PGresult *(*exec_params)(PGconn *, const char *, int, const Oid *,
	                         const char *const *, const int *,
	                         const int *, int);
	PGresult *(*prepare)(PGconn *, const char *, const char *, int,
	                     const Oid *);
	PGresult *(*exec_prepared)(PGconn *, const char *, int,
	                           const char *const *, const int *,
	                           const int *, int);
	ExecStatusType (*result_status)(const PGresult *);
	char *(*result_error_field)(const PGresult *, int);
	void (*clear)(PGresult *);
	int (*ntuples)(const PGresult *);
	int (*nfields)(const PGresult *);
	char *(*fname)(const PGresult *, int);
	Oid (*ftype)(const PGresult *, int);
	char *(*cmd_status)(PGresult *);
	char *(*cmd_tuples)(PGresult *);
	char *(*getvalue)(const PGresult *, int, int);
	int (*getisnull)(const PGresult *, int, int);
	/* Pipeline mode (libpq 14 and later). */
	int (*enter_pipeline_mode)(PGconn *);
	int (*exit_pipeline_mode)(PGconn *);
	int (*pipeline_sync)(PGconn *);
	int (*send_query_params)(PGconn *, const char *, int, const Oid *,
	                         const char *const *, const int *,
	                         const int *, int);
	int (*send_query_prepared)(PGconn *, const char *, int,
	                           const char *const *, const int *,
	                           const int *, int);
	PGresult *(*get_result)(PGconn *);
	int (*send_prepare)(PGconn *, const char *, const char *, int,
	                    const Oid *);
} lend__pq_api;

extern lend__pq_api lend__pq;

/* Load libpq once; 0, or -1 with why in ERR (SIZE bytes). */
int lend__pq_load(char *err, size_t size);

#define PQconnectdb lend__pq.connectdb
#define PQfinish lend__pq.finish
#define PQstatus lend__pq.status
#define PQtransactionStatus lend__pq.transaction_status
#define PQerrorMessage lend__pq.error_message
#define PQsetNoticeProcessor lend__pq.set_notice_processor
#define PQexec lend__pq.exec
#define PQexecParams lend__pq.exec_params
#define PQprepare lend__pq.prepare
#define PQexecPrepared lend__pq.exec_prepared
#define PQresultStatus lend__pq.result_status
#define PQresultErrorField lend__pq.result_error_field
#define PQclear lend__pq.clear
#define PQntuples lend__pq.ntuples
#define PQnfields lend__pq.nfields
#define PQfname lend__pq.fname
#define PQftype lend__pq.ftype
#define PQcmdStatus lend__pq.cmd_status
#define PQcmdTuples lend__pq.cmd_tuples
#define PQgetvalue lend__pq.getvalue
#define PQgetisnull lend__pq.getisnull
#define PQenterPipelineMode lend__pq.enter_pipeline_mode
#define PQexitPipelineMode lend__pq.exit_pipeline_mode
#define PQpipelineSync lend__pq.pipeline_sync
#define PQsendQueryParams lend__pq.send_query_params
#define PQsendQueryPrepared lend__pq.send_query_prepared
#define PQgetResult lend__pq.get_result
#define PQsendPrepare lend__pq.send_prepare

#endif /* LEND_PG_API_H */
