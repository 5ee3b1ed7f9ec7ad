/* What the SCIM fuzz targets (fuzz_scim_filter.c, fuzz_scim_patch.c) share:
 * a SCIM request as the fixture's provisioning token, and the contract
 * every SCIM answer keeps besides the harness's own (harness.h):
 * application/scim+json; valid JSON; an error is SCIM's {"schemas":
 * [...:Error], "status": "<the status>", "detail", "scimType"?}; a 204 has
 * no body. */
#ifndef MENTORD_FUZZ_SCIM_CHECK_H
#define MENTORD_FUZZ_SCIM_CHECK_H
#include "harness.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs method path?query with body as the provisioning token; returns the
 * answer's JSON (NULL for a 204), which the caller frees. */
static inline json_t *scim_run(const char *method, const char *path, const char *query, const char *body,
			       size_t len)
{
	static char auth[160];
	if (!auth[0])
		snprintf(auth, sizeof(auth), "Bearer %s", fz_provisioning_token());
	fz_req_t q = {.method = method, .path = path, .query = query, .body = body, .body_len = len,
		      .content_type = body ? "application/scim+json" : NULL, .who = FZ_ANON};
	q.hdr[q.nhdr].name = "Authorization";
	q.hdr[q.nhdr++].value = auth;
	const fz_resp_t *a = fz_run(&q);
	if (a->status == 204) {
		if (a->len)
			fz_fail("%s %s answered 204 with a body", method, path);
		return NULL;
	}
	if (!a->content_type || strcmp(a->content_type, "application/scim+json"))
		fz_fail("%s %s answered %d as %s", method, path, a->status, a->content_type ? a->content_type : "(none)");
	json_error_t err;
	json_t *j = json_loadb(a->body, a->len, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		fz_fail("%s %s answered invalid JSON (%s): %.300s", method, path, err.text, a->body);
	if (a->status >= 400) {
		const char *st = json_string_value(json_object_get(j, "status"));
		json_t *schemas = json_object_get(j, "schemas");
		json_t *type = json_object_get(j, "scimType");
		if (!st || atoi(st) != a->status || !json_is_string(json_object_get(j, "detail")) ||
		    strcmp(json_string_value(json_array_get(schemas, 0)) ? json_string_value(json_array_get(schemas, 0)) : "",
			   "urn:ietf:params:scim:api:messages:2.0:Error") ||
		    (type && !json_is_string(type)))
			fz_fail("%s %s: not SCIM's error: %.300s", method, path, a->body);
	}
	json_object_set_new(j, "_status", json_integer(a->status));
	return j;
}

#endif
