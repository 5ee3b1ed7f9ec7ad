/* The program report's answers that are not a JSON tree built in memory:
 * GET /api/v1/programs/{id}/report (JSON) and .../report.csv stream the
 * report a few hundred rows at a time as the client reads it (resp_stream),
 * so a report of any size is never held whole; `mentord report` writes the
 * same CSV rows. The report itself is svc_report_open/svc_report_row
 * (svc/report.c): counts and dates only, no message, note or feedback text. */
#ifndef MENTORD_API_HEALTH_H
#define MENTORD_API_HEALTH_H
#include "core/buf.h"
#include "http/http.h"
#include "svc/svc.h"

/* The x-handlers of getProgramReport and getProgramReportCsv. */
void api_report_json(req_t *r, const void *in);
void api_report_csv(req_t *r, const void *in);

/* RFC 4180 CSV with CRLF line ends: the header line, and one row's line;
 * text a spreadsheet would run as a formula is defused. */
void api_report_csv_header(buf_t *out);
void api_report_csv_row(buf_t *out, const ReportRow_t *row);

#endif
