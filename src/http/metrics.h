/* Process-wide counters exported at GET /metrics in the Prometheus text
 * format. Updates are lock-free atomics, cheap enough for every request. */
#ifndef MENTORD_METRICS_H
#define MENTORD_METRICS_H
#include "core/buf.h"
#include "http/http.h"

void metrics_request_done(int status, double seconds);
void metrics_in_flight(int delta);
void metrics_login(bool ok);
/* A request run again after its transactions lost a conflict. */
void metrics_tx_retry(void);
/* Appends the exposition text; reads a few gauges from the database. */
void metrics_render(req_t *r, buf_t *out);

#endif
