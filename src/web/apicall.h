/* Pages as clients of the API, in process: a form handler turns its fields
 * into the JSON body the API takes and calls the API handler directly, with
 * the same identity, database connection and arena, so a page accepts and
 * refuses exactly what the API does (phases, privacy, SMART, transactions)
 * without a second copy of any rule. The caller has already passed the
 * page's own authentication and CSRF check. */
#ifndef MENTORD_WEB_APICALL_H
#define MENTORD_WEB_APICALL_H
#include <jansson.h>
#include "core/verr.h"
#include "http/http.h"

typedef struct api_result {
	int status;
	json_t *body;        /* the parsed response (owned: api_result_free), or NULL */
	const char *message; /* error.message when status >= 400, else NULL */
	const char *code;    /* error.code when status >= 400 */
} api_result_t;

/* Calls METHOD path (e.g. "/api/v1/relationships/4/goals" or
 * "/api/v1/relationships?program_id=3") with body (may be NULL; not stolen).
 * The handler sees only the query given in path, never the page's. */
void web_api(req_t *r, const char *method, const char *path, json_t *body, api_result_t *out);
/* Copies error.fields of a 422 (and error.smart for goals) into errs. */
void web_api_errors(const api_result_t *res, verr_t *errs, arena_t *a);
void api_result_free(api_result_t *res);

#endif
