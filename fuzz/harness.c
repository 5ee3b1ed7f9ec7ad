/* The request fuzz targets' shared harness (see harness.h).
 *
 * Two seams are cut at link time, for the fuzz executables only
 * (fuzz/meson.build passes -Wl,--wrap=...):
 *   - libmicrohttpd's lookups of request values (MHD_lookup_connection_value,
 *     MHD_get_connection_values_n) answer from a fz_conn_t when the
 *     request's connection is one, so a request needs no socket;
 *   - router_match hands the API dispatcher a copy of the matched endpoint
 *     whose service call is checked_call, which traps when the service
 *     returns with its transaction open (api/dispatch.c would roll it back
 *     silently, so the fuzzers could not see it otherwise).
 * The connection (conn.c) is the first seam's. The pool's one SQLite
 * connection is found through an auto-extension, so the fixture can be
 * copied aside and put back (restore.c) without a hook in the product. */
#include "harness.h"
#include "conn.h"
#include "fixture.h"
#include "restore.h"

#include "api/endpoint.h"
#include "cli/cli.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "store/store.h"

#include <jansson.h>
#include <microhttpd.h>
#include <sanitizer/common_interface_defs.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const fz_who_names[FZ_NWHO] = {"anon", "admin", "manager", "mentor", "mentee", "member", "mentor2",
					   "mentee2"};
const route_t *__real_router_match(req_t *r, bool *path_known);
const route_t *__wrap_router_match(req_t *r, bool *path_known);

const char *const fz_auth_names[FZ_NAUTH] = {"cookie", "bearer", "bare"};

static app_t app;
static sqlite3 *live;     /* the pool's connection */
static sqlite3 *snapshot; /* the fixture, copied aside */
static int64_t changes_at_reset;
static bool in_input;

/* ---- the service check ---- */

static const api_endpoint_t *checked_ep;
static api_endpoint_t checked_copy;
static route_t checked_route;

static int checked_call(svc_t *s, const void *in, void *out)
{
	int st = checked_ep->call(s, in, out);
	if (db_in_tx(s->db))
		fz_fail("the service of %s returned %d with its transaction open", checked_ep->operation_id, st);
	return st;
}

const route_t *__wrap_router_match(req_t *r, bool *path_known)
{
	const route_t *rt = __real_router_match(r, path_known);
	if (!rt || !rt->data)
		return rt;
	const api_endpoint_t *ep = rt->data;
	if (ep < api_endpoints || ep >= api_endpoints + api_endpoints_count || !ep->call)
		return rt;
	checked_ep = ep;
	checked_copy = *ep;
	checked_copy.call = checked_call;
	checked_route = *rt;
	checked_route.data = &checked_copy;
	r->route_data = &checked_copy;
	return &checked_route;
}

/* ---- the database ---- */

/* What the current request wrote besides a credential's last use (a
 * bearer token or the calendar feed's secret records when it was used)
 * and a read receipt (opening a message thread marks it read, as a mail
 * client does; message_reads only moves a member's own read mark). */
static char wrote_table[64];

static void on_update(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)arg, (void)rowid;
	if (strcmp(db, "main"))
		return; /* the fixture's copy, while it is repaired from */
	fz_restore_touched(table);
	if (!strcmp(table, "message_reads"))
		return;
	if (op != SQLITE_UPDATE || (strcmp(table, "api_tokens") && strcmp(table, "calendar_tokens")))
		if (!wrote_table[0])
			snprintf(wrote_table, sizeof(wrote_table), "%s", table);
}

static int capture(sqlite3 *h, char **err, const struct sqlite3_api_routines *api)
{
	(void)err, (void)api;
	if (!live)
		live = h;
	return SQLITE_OK;
}

void fz_reset(void)
{
	if (sqlite3_total_changes64(live) == changes_at_reset)
		return;
	fz_restore();
	changes_at_reset = sqlite3_total_changes64(live);
}

app_t *fz_app(void)
{
	return &app;
}

db_t *fz_db_acquire(void)
{
	fz_reset();
	return db_pool_acquire(app.pool);
}

void fz_db_release(db_t *db)
{
	if (db_in_tx(db))
		fz_fail("a transaction was left open");
	db_pool_release(app.pool, db);
}

void fz_end_input(void)
{
	in_input = false;
}

/* ---- contracts ---- */

void fz_fail(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "fuzz: broken contract: %s\n", msg);
	/* Also where the sanitizers report: stderr may be closed
	 * (-close_fd_mask=2) or captured by the target. */
	__sanitizer_report_error_summary(msg);
	__builtin_trap();
}

bool fz_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!k || i + k > n)
			return false;
		uint32_t cp = k == 1 ? c : k == 2 ? c & 0x1f : k == 3 ? c & 0x0f : c & 0x07;
		for (size_t j = 1; j < k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < least[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k;
	}
	return true;
}

static const char *header_of(const req_t *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static void check_error_shape(const fz_req_t *q, const req_t *r, json_t *j)
{
	json_t *e = json_object_get(j, "error");
	if (!json_is_object(e) || !json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) || !*json_string_value(json_object_get(e, "code")))
		fz_fail("%s %s answered %d with an error not in the documented shape: %s", q->method, q->path,
			r->status, buf_cstr(&r->out));
	json_t *fields = json_object_get(e, "fields");
	if (fields) {
		const char *k;
		json_t *v;
		if (!json_is_object(fields) || json_object_size(fields) == 0)
			fz_fail("%s %s: error.fields is not an object of field problems: %s", q->method, q->path,
				buf_cstr(&r->out));
		json_object_foreach(fields, k, v) if (!json_is_string(v) || !*json_string_value(v))
			fz_fail("%s %s: error.fields[\"%s\"] is not a message: %s", q->method, q->path, k,
				buf_cstr(&r->out));
	}
	if (r->status == 422 && !fields && !json_object_get(e, "smart") && !json_object_get(e, "rows"))
		fz_fail("%s %s answered 422 without naming what is wrong: %s", q->method, q->path,
			buf_cstr(&r->out));
}

static bool is_json(const req_t *r)
{
	return r->content_type && strncmp(r->content_type, "application/json", 16) == 0;
}

static void check_api(const fz_req_t *q, const req_t *r)
{
	const api_endpoint_t *ep = r->route_data;
	bool endpoint = ep && ep >= api_endpoints && ep < api_endpoints + api_endpoints_count;
	if (ep == &checked_copy)
		ep = checked_ep, endpoint = true;
	if (r->status >= 400 || is_json(r)) {
		if (!is_json(r))
			fz_fail("%s %s answered %d as %s, not JSON", q->method, q->path, r->status,
				r->content_type ? r->content_type : "(no type)");
		json_error_t err;
		json_t *j = json_loadb(r->out.data ? r->out.data : "", r->out.len, JSON_REJECT_DUPLICATES, &err);
		if (!j)
			fz_fail("%s %s answered %d with invalid JSON (%s): %.400s", q->method, q->path, r->status,
				err.text, buf_cstr(&r->out));
		if (r->status >= 400)
			check_error_shape(q, r, j);
		json_decref(j);
	}
	if (endpoint && ep->call && r->status < 400 && r->status != ep->status)
		fz_fail("%s answered %d, but its declared status is %d", ep->operation_id, r->status, ep->status);
	if (r->status == 401 && !header_of(r, "WWW-Authenticate"))
		fz_fail("%s %s answered 401 without WWW-Authenticate", q->method, q->path);
}

static void check_page(const fz_req_t *q, const req_t *r)
{
	if (r->status == 301 || r->status == 302 || r->status == 303 || r->status == 307) {
		const char *loc = header_of(r, "Location");
		if (!loc || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\' || strpbrk(loc, "\r\n"))
			fz_fail("%s %s redirects off the site: %s", q->method, q->path, loc ? loc : "(none)");
		return;
	}
	if (!fz_utf8(r->out.data ? r->out.data : "", r->out.len))
		fz_fail("%s %s answered %d with text that is not UTF-8", q->method, q->path, r->status);
	bool html = r->content_type && strncmp(r->content_type, "text/html", 9) == 0;
	if (html && r->out.len && memmem(r->out.data, r->out.len, "<fz", 3))
		fz_fail("%s %s: text from the request reached the page unescaped (\"<fz\" in the HTML)", q->method,
			q->path);
}

/* ---- requests ---- */

typedef struct cred {
	const char *cookie, *csrf, *bearer;
} cred_t;

static cred_t creds[FZ_NCRED];
static req_t cur;
static fz_resp_t resp;
static char *body_copy;

const char *fz_csrf(fz_who_t who)
{
	return who > FZ_ANON && (int)who < FZ_NCRED && creds[who].csrf ? creds[who].csrf : "";
}

static void finish_current(void)
{
	if (cur.arena) {
		buf_free(&cur.out);
		arena_free(cur.arena);
	}
	memset(&cur, 0, sizeof(cur));
	free(body_copy);
	body_copy = NULL;
}

static bool is_safe(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

const fz_resp_t *fz_run(const fz_req_t *q)
{
	if (!in_input) {
		fz_reset();
		in_input = true;
	}
	finish_current();
	req_t *r = &cur;
	r->arena = arena_new();
	void *conn = fz_conn_reset();
	for (int i = 0; i < q->nhdr; i++)
		fz_conn_header(r->arena, q->hdr[i].name, q->hdr[i].value);
	if (q->content_type)
		fz_conn_header(r->arena, "Content-Type", q->content_type);
	const cred_t *c = q->who > FZ_ANON && (int)q->who < FZ_NCRED ? &creds[q->who] : NULL;
	if (c && q->auth == FZ_BEARER && c->bearer)
		fz_conn_header(r->arena, "Authorization", arena_printf(r->arena, "Bearer %s", c->bearer));
	if (c && q->auth != FZ_BEARER && c->cookie)
		fz_conn_header(r->arena, "Cookie", arena_printf(r->arena, "%s=%s", AUTH_COOKIE, c->cookie));
	if (c && q->auth == FZ_COOKIE && c->csrf)
		fz_conn_header(r->arena, "X-CSRF-Token", c->csrf);
	fz_conn_query(r->arena, q->query);

	/* The server reads the body into a NUL-terminated buffer. */
	if (q->body_len) {
		body_copy = xmalloc(q->body_len + 1);
		memcpy(body_copy, q->body, q->body_len);
		body_copy[q->body_len] = '\0';
	}
	r->app = &app;
	r->conn = conn;
	r->method = q->method;
	r->path = q->path;
	r->ip = "192.0.2.1";
	r->status = 500;
	r->body = body_copy;
	r->body_len = q->body_len;
	wrote_table[0] = '\0';
	if (q->body_len > app.max_body) {
		resp_error(r, 413, "too_large", "too large"); /* the server answers before dispatching */
	} else {
		http_dispatch(r);
	}
	/* A streamed answer (resp_stream) is read to its end here, as
	 * libmicrohttpd would send it, so its whole body meets the checks. */
	if (r->stream) {
		int more;
		while ((more = r->stream(r->stream_state, &r->out)) > 0)
			;
		if (more < 0)
			fz_fail("%s %s: its streamed answer failed part way", q->method, q->path);
		r->stream = NULL;
	}
	if (r->db) {
		if (db_in_tx(r->db))
			fz_fail("%s %s left a transaction open", q->method, q->path);
		db_pool_release(app.pool, r->db);
		r->db = NULL;
	}
	if (r->status == 500 || r->status < 200 || r->status > 599)
		fz_fail("%s %s answered %d: %.600s", q->method, q->path, r->status, buf_cstr(&r->out));
	if (r->api)
		check_api(q, r);
	else
		check_page(q, r);
	if (is_safe(q->method) && wrote_table[0])
		fz_fail("%s %s wrote to the database (%s)", q->method, q->path, wrote_table);
	resp = (fz_resp_t){.status = r->status, .content_type = r->content_type, .body = buf_cstr(&r->out),
			   .len = r->out.len, .location = header_of(r, "Location"), .req = r};
	return &resp;
}

/* ---- the cast's credentials ---- */

static void log_in(int who, const char *email)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, FZ_PASSWORD);
	fz_req_t q = {.method = "POST", .path = "/api/v1/auth/login", .body = body, .body_len = strlen(body),
		      .content_type = "application/json"};
	const fz_resp_t *a = fz_run(&q);
	const char *set = header_of(a->req, "Set-Cookie");
	json_t *j = json_loadb(a->body, a->len, 0, NULL);
	const char *csrf = json_string_value(json_object_get(j, "csrf_token"));
	if (a->status != 200 || !set || !csrf) {
		fprintf(stderr, "fuzz: logging in as %s failed (%d): %s\n", email, a->status, a->body);
		abort();
	}
	const char *v = set + strlen(AUTH_COOKIE) + 1;
	creds[who].cookie = xstrndup(v, strcspn(v, ";"));
	creds[who].csrf = xstrdup(csrf);
	json_decref(j);

	fz_req_t t = {.method = "POST", .path = "/api/v1/tokens", .who = who, .auth = FZ_COOKIE};
	a = fz_run(&t);
	j = json_loadb(a->body, a->len, 0, NULL);
	const char *tok = json_string_value(json_object_get(j, "token"));
	if (a->status != 201 || !tok) {
		fprintf(stderr, "fuzz: a token for %s failed (%d): %s\n", email, a->status, a->body);
		abort();
	}
	creds[who].bearer = xstrdup(tok);
	json_decref(j);
}

static char *provisioning;

const char *fz_provisioning_token(void)
{
	return provisioning;
}

/* The identity provider's token (SCIM), made on purpose by the administrator. */
static void provisioning_token(void)
{
	static const char body[] = "{\"name\":\"scim\",\"scope\":\"provisioning\",\"expires_in_days\":null}";
	fz_req_t t = {.method = "POST", .path = "/api/v1/tokens", .who = FZ_ADMIN, .auth = FZ_COOKIE, .body = body,
		      .body_len = strlen(body), .content_type = "application/json"};
	const fz_resp_t *a = fz_run(&t);
	json_t *j = json_loadb(a->body, a->len, 0, NULL);
	const char *tok = json_string_value(json_object_get(j, "token"));
	if (a->status != 201 || !tok) {
		fprintf(stderr, "fuzz: the provisioning token failed (%d): %s\n", a->status, a->body);
		abort();
	}
	provisioning = xstrdup(tok);
	json_decref(j);
}

void fz_init(void)
{
	char *err = NULL;
	/* A fixed "now", so an input does the same whenever it is replayed. */
	setenv("MENTORD_NOW", FZ_NOW, 0);
	json_set_alloc_funcs(xmalloc, free);
	if (auth_init() != 0)
		abort();
	app.pw_ops = crypto_pwhash_OPSLIMIT_MIN;
	app.pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	app.max_body = 1 << 20;
	app.listen = "127.0.0.1:0";
	sqlite3_auto_extension((void (*)(void))capture);
	if (db_pool_open("sqlite::memory:", 1, &app.pool, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	sqlite3_cancel_auto_extension((void (*)(void))capture);
	if (live)
		sqlite3_update_hook(live, on_update, NULL);
	db_t *db = db_pool_acquire(app.pool);
	if (!live || store_migrate(db, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err ? err : "no connection seen");
		abort();
	}
	db_pool_release(app.pool, db);
	serve_compose(&app);
	fixture_admin(&app);
	in_input = true; /* the fixture builds on itself: no reset between its requests */
	log_in(FZ_ADMIN, fixture_email(FZ_ADMIN));
	fixture_build(log_in);
	provisioning_token();
	in_input = false;
	if (sqlite3_open(":memory:", &snapshot) != SQLITE_OK)
		abort();
	fz_restore_copy(snapshot, "main", live);
	fz_restore_install(live, snapshot);
	changes_at_reset = sqlite3_total_changes64(live);
	finish_current();
}
