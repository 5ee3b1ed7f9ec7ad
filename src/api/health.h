/* The program report as CSV (GET /api/v1/programs/{id}/report.csv, and
 * `mentord report --csv`): the one health operation whose answer is not
 * JSON. The report itself comes from svc_report_get (svc/report.c). */
#ifndef MENTORD_API_HEALTH_H
#define MENTORD_API_HEALTH_H
#include "core/buf.h"
#include "http/http.h"
#include "svc/svc.h"

/* The x-handler of getProgramReportCsv (src/api/openapi.json). */
void api_report_csv(req_t *r, const void *in);

/* Appends the report's rows to out as RFC 4180 CSV with CRLF line ends,
 * header first; text a spreadsheet would run as a formula is defused. */
void api_report_csv_write(buf_t *out, const ProgramReport_t *rep);

#endif
