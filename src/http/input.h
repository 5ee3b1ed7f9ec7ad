/* A request's declared input, read at the edge: the path's segments, the
 * query string and the body (a JSON object, or a url-encoded form) into one
 * typed struct, before any handler runs. Which fields exist and their rules
 * come from the generated tables (core/schema.h); the walks are in
 * schema_io.c. */
#ifndef MENTORD_HTTP_INPUT_H
#define MENTORD_HTTP_INPUT_H
#include "core/schema.h"
#include "http/http.h"
#include "http/schema_io.h"

typedef enum {
	INPUT_OK,
	INPUT_NO_PATH,  /* a path segment breaks its parameter's rules: 404 */
	INPUT_BAD,      /* the body is not what the media type says: 400 (*code, *msg) */
} input_status_t;

/* Reads r into a new struct of type t (zeroed, in r->arena). body_type is
 * the declared media type ("application/json" or
 * "application/x-www-form-urlencoded"; NULL for none). Problems with fields
 * go into errs; the caller answers them (422, or the form again). */
input_status_t http_input(req_t *r, const sch_type_t *t, const char *body_type, bool body_required,
			  void **out, verr_t *errs, const char **code, const char **msg);

/* The query string's pairs (decoded; repeated names kept). */
int http_query_pairs(req_t *r, sch_pair_t **out);

#endif
