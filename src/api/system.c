/* Operational endpoints outside /api/v1: liveness with a database round
 * trip, Prometheus metrics, and the OpenAPI document built into the binary. */
#include "api/api.h"
#include "core/embed.h"
#include "http/metrics.h"

static void healthz(req_t *r)
{
	int64_t one = 0;
	int st = db_query_int(r->db, &one, NULL, "SELECT 1", DB_NOARGS);
	if (st != DB_OK || one != 1) {
		resp_json(r, 503, json_pack("{s:s, s:s}", "status", "unavailable", "database", "down"));
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "database",
				    db_pool_backend(r->app->pool), "version", MENTORD_VERSION));
}

static void metrics(req_t *r)
{
	buf_t out = BUF_INIT;
	metrics_render(r, &out);
	resp_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf_cstr(&out), out.len);
	buf_free(&out);
}

static void openapi(req_t *r)
{
	const struct embed_file *f = embed_find("api/openapi.json");
	if (!f) {
		resp_error(r, 404, "not_found", "no OpenAPI document in this build");
		return;
	}
	resp_text(r, 200, "application/json", f->data, f->len);
}

void api_system_register(void)
{
	static const route_t routes[] = {
		{"GET", "/healthz", healthz, ROUTE_PUBLIC, NULL},
		{"GET", "/metrics", metrics, ROUTE_PUBLIC, NULL},
		{"GET", "/api/openapi.json", openapi, ROUTE_PUBLIC, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
