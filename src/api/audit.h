/* The audit log as CSV (GET /api/v1/audit.csv, `mentord audit --csv`,
 * and the audit page's download); the entries come from svc_audit_page. */
#ifndef MENTORD_API_AUDIT_H
#define MENTORD_API_AUDIT_H
#include "core/buf.h"
#include "http/http.h"
#include "svc/audit.h"

/* Appends every entry f selects (at most SVC_AUDIT_EXPORT_MAX, newest
 * first) to out as CSV with its header; SVC_OK or the service's refusal. */
int api_audit_csv_write(svc_t *s, const svc_audit_filter_t *f, buf_t *out);

#endif
