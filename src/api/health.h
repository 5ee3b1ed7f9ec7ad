/* Program health as the API, the dashboard page, the reports and the CLI
 * share it: a program's relationships scored by the missteps detector
 * (core/health.h) from the rollups (store/store_health.h), with the figures
 * of the program manager's dashboard, and the JSON and CSV shapes built
 * from them. Everything is allocated in the arena passed in. */
#ifndef MENTORD_API_HEALTH_H
#define MENTORD_API_HEALTH_H
#include "api/api.h"
#include "svc/health.h"
#include "core/health.h"
#include "core/phase.h"

/* {score, at_risk, flags: [{code, title, severity, message, evidence: [{type, id, href}]}]} */
json_t *health_result_json(arena_t *a, const health_result_t *res);
/* The health member of a relationship's JSON (api_rel_json), or null if it
 * cannot be computed. */
json_t *health_rel_json(req_t *r, const relationship_t *rel);
json_t *health_thresholds_json(const health_thresholds_t *t);

/* The program report: outcomes and one row per relationship. */
int health_report_json(db_t *db, arena_t *a, const program_t *p, int64_t now, json_t **out);
/* The same rows as CSV (RFC 4180, header first) appended to out. */
int health_report_csv(db_t *db, arena_t *a, const program_t *p, int64_t now, buf_t *out);

void api_health_register(void);

#endif
