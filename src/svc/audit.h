/* Reading the audit log (svc/audit.c): what its CSV export, the audit page
 * and the command line share beyond the API's listAudit. */
#ifndef MENTORD_SVC_AUDIT_H
#define MENTORD_SVC_AUDIT_H
#include "svc/svc.h"

#define SVC_AUDIT_EXPORT_MAX 100000

/* What narrows the log: a person (who acted, or the account acted on; 0
 * for anyone) and an action (one, or a prefix ending in a dot; NULL or ""
 * for any). */
typedef struct svc_audit_filter {
	int64_t person_id;
	const char *action;
} svc_audit_filter_t;

/* Administrators only: at most limit entries older than the entry before
 * (0: the newest), newest first; out->next continues. */
int svc_audit_page(svc_t *s, const svc_audit_filter_t *f, int64_t before, int limit, AuditList_t *out);

#endif
