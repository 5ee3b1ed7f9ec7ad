/* In-process API calls for pages (see apicall.h). The sub-request shares the
 * arena, so strings taken from the result live as long as the page request. */
#include "web/apicall.h"

#include <stdlib.h>
#include <string.h>

void web_api(req_t *r, const char *method, const char *path, json_t *body, api_result_t *out)
{
	memset(out, 0, sizeof(*out));
	req_t sub = *r;
	memset(&sub.out, 0, sizeof(sub.out));
	sub.method = method;
	/* "path?query": the query is the sub-request's own, not the page's. */
	const char *q = strchr(path, '?');
	sub.path = q ? arena_strndup(r->arena, path, (size_t)(q - path)) : path;
	sub.query = q ? q + 1 : "";
	sub.api = true;
	sub.status = 500;
	sub.content_type = NULL;
	sub.nheaders = 0;
	sub.body = NULL;
	sub.body_len = 0;
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	if (text) {
		sub.body = arena_strdup(r->arena, text);
		sub.body_len = strlen(text);
		free(text);
	}
	bool known;
	const route_t *rt = router_match(&sub, &known);
	if (!rt) {
		out->status = 404;
		out->code = "not_found";
		out->message = "no such API route";
		return;
	}
	rt->fn(&sub);
	out->status = sub.status;
	out->body = json_loadb(buf_cstr(&sub.out), sub.out.len, 0, NULL);
	buf_free(&sub.out);
	if (out->status >= 400) {
		json_t *err = json_object_get(out->body, "error");
		out->code = arena_strdup(r->arena, json_string_value(json_object_get(err, "code")));
		out->message = arena_strdup(r->arena, json_string_value(json_object_get(err, "message")));
		if (!out->message)
			out->message = "something went wrong";
	}
}

void web_api_errors(const api_result_t *res, verr_t *errs, arena_t *a)
{
	json_t *err = json_object_get(res->body, "error");
	json_t *fields = json_object_get(err, "fields");
	const char *key;
	json_t *v;
	json_object_foreach(fields, key, v)
		verr_add(errs, arena_strdup(a, key), arena_strdup(a, json_string_value(v)));
	if (!errs->n && res->message)
		verr_add(errs, "form", res->message);
}

void api_result_free(api_result_t *res)
{
	json_decref(res->body);
	res->body = NULL;
}
