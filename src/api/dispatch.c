/* The dispatcher of every generated endpoint (see endpoint.h). */
#include "api/endpoint.h"
#include "http/input.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dispatch(req_t *r);

void api_routes(void)
{
	route_t *routes = calloc((size_t)api_endpoints_count, sizeof(*routes));
	for (int i = 0; i < api_endpoints_count; i++)
		routes[i] = (route_t){api_endpoints[i].method, api_endpoints[i].pattern, dispatch,
				      api_endpoints[i].flags, &api_endpoints[i]};
	router_add(routes, api_endpoints_count);
	free(routes);
}

void api_svc(req_t *r, svc_t *s)
{
	svc_init(s, r->db, r->arena, r->who.user_id, r->who.role, r->who.name, r->who.email, r->ip,
		 (secret_cost_t){r->app->pw_ops, r->app->pw_mem});
	s->via_session = r->who.via_cookie;
	s->csrf = r->who.csrf;
}

void api_reply(req_t *r, int status, const sch_type_t *t, const void *v)
{
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->out);
	sch_write_json(&r->out, t, v);
}

/* The fields of a refusal as the Error schema's map. */
static void fields_of(req_t *r, const verr_t *v, Error_error_t *e)
{
	if (v->n == 0)
		return;
	kvlist_t *l = &e->fields;
	l->key = arena_alloc(r->arena, sizeof(char *) * (size_t)v->n);
	l->str = arena_alloc(r->arena, sizeof(char *) * (size_t)v->n);
	for (int i = 0; i < v->n; i++) {
		l->key[i] = v->e[i].field;
		l->str[i] = v->e[i].msg;
	}
	l->n = v->n;
	e->has_fields = true;
}

void api_refuse(req_t *r, svc_t *s, int status)
{
	if (status == SVC_ERROR) {
		/* Through the JSON writer, so a crafted path cannot forge log lines. */
		buf_t line = BUF_INIT;
		buf_puts(&line, "{\"level\":\"error\",\"msg\":\"service error\",\"path\":");
		sch_write_string(&line, r->path);
		buf_puts(&line, ",\"detail\":");
		sch_write_string(&line, s->detail);
		buf_puts(&line, "}\n");
		fputs(line.data, stderr);
		buf_free(&line);
	}
	if (status == SVC_BUSY)
		resp_header(r, "Retry-After", "1");
	if (status == SVC_UNAUTH)
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"mentord\"");
	Error_t body = {.error = s->err};
	if (!body.error.code)
		body.error.code = "internal";
	if (!body.error.message)
		body.error.message = "internal error";
	fields_of(r, &s->fields, &body.error);
	api_reply(r, status, &sch_Error, &body);
}

static void dispatch(req_t *r)
{
	const api_endpoint_t *ep = r->route_data;
	void *in = NULL;
	if (ep->in) {
		verr_t errs = {0};
		const char *code = "bad_request", *msg = "bad request";
		switch (http_input(r, ep->in, ep->body_type, ep->body_required, &in, &errs, &code, &msg)) {
		case INPUT_NO_PATH:
			resp_error(r, 404, "not_found", "no such resource: %s", r->path);
			return;
		case INPUT_BAD:
			resp_error(r, 400, code, "%s", msg);
			return;
		case INPUT_OK:
			break;
		}
		if (errs.n) {
			resp_invalid(r, &errs);
			return;
		}
	}
	if (ep->handler) {
		ep->handler(r, in);
		return;
	}
	svc_t s;
	api_svc(r, &s);
	void *out = ep->out ? arena_alloc(r->arena, ep->out->size) : NULL;
	int st = ep->call(&s, in, out);
	if (db_in_tx(r->db))
		db_rollback(r->db); /* a service that forgot to finish loses its writes, never half */
	if (st != SVC_OK)
		api_refuse(r, &s, st);
	else
		api_reply(r, ep->status, ep->out, out);
}
