/* Operational endpoints outside /api/v1 (x-handler in openapi.json, since
 * their answers are not the usual JSON-or-Error): liveness with a database
 * round trip, whose 503 still carries the Health body; Prometheus metrics
 * in the text format, for a bearer token with the metrics scope; and the
 * OpenAPI document built into the binary. */
#include "api/endpoint.h"
#include "api/handlers.h"
#include "core/embed.h"
#include "http/metrics.h"
#include "svc/auth.h"

void api_get_health(req_t *r, const void *in)
{
	(void)in;
	svc_t s;
	api_svc(r, &s);
	if (svc_auth_ping(&s) != SVC_OK) {
		api_reply(r, 503, &sch_Health, &(Health_t){.status = "unavailable", .database = "down"});
		return;
	}
	api_reply(r, 200, &sch_Health, &(Health_t){.status = "ok", .database = db_pool_backend(r->app->pool),
						   .version = MENTORD_VERSION, .has_version = true});
}

void api_get_metrics(req_t *r, const void *in)
{
	(void)in;
	/* The user count and the login counters are nobody's business but the
	 * monitoring's: a bearer token with the metrics scope only. */
	if (!r->who.metrics) {
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"mentord\", scope=\"metrics\"");
		resp_error(r, 401, "unauthenticated", "send a bearer token with the metrics scope");
		return;
	}
	buf_t out = BUF_INIT;
	metrics_render(r, &out);
	resp_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf_cstr(&out), out.len);
	buf_free(&out);
}

void api_get_openapi(req_t *r, const void *in)
{
	(void)in;
	const struct embed_file *f = embed_find("api/openapi.json");
	if (!f) {
		resp_error(r, 404, "not_found", "no OpenAPI document in this build");
		return;
	}
	resp_text(r, 200, "application/json", f->data, f->len);
}
