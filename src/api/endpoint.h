/* The JSON API's endpoint table, generated from src/api/openapi.json by
 * tools/gen_api.py (build/src/api/endpoints.c), and the one dispatcher that
 * serves every entry: input read and checked at the edge into the
 * operation's typed struct (400/422 naming each field), the service called
 * with it, its typed result written as the declared JSON, its refusal as
 * the declared error. Operations whose answer is not JSON (a CSV report, an
 * .ics file, the login that sets a cookie) name a hand-written handler
 * instead (x-handler), which gets the same checked input. */
#ifndef MENTORD_API_ENDPOINT_H
#define MENTORD_API_ENDPOINT_H
#include "http/http.h"
#include "svc/svc.h"

typedef struct api_endpoint {
	const char *method, *pattern, *operation_id;
	int flags;                  /* ROUTE_PUBLIC, ROUTE_NO_CSRF */
	const sch_type_t *in;       /* path, query and body; NULL when none */
	const sch_type_t *out;      /* the success body; NULL for handlers */
	const char *body_type;      /* the request body's media type, or NULL */
	bool body_required;
	int status;                 /* the success status */
	int (*call)(svc_t *s, const void *in, void *out);
	void (*handler)(req_t *r, const void *in);
} api_endpoint_t;

extern const api_endpoint_t api_endpoints[];
extern const int api_endpoints_count;

/* Adds every endpoint to the router. */
void api_routes(void);

/* A service context for the request: who asks, its database connection,
 * its arena. */
void api_svc(req_t *r, svc_t *s);
/* Answers a refusal from a service (s->err, s->fields) with its status. */
void api_refuse(req_t *r, svc_t *s, int status);
/* Answers status with v written as JSON of type t. */
void api_reply(req_t *r, int status, const sch_type_t *t, const void *v);

#endif
