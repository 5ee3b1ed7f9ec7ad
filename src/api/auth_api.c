/* Logging in and out, who am I, and personal API tokens. */
#include "api/api.h"
#include "http/auth.h"
#include "core/timeutil.h"

#include <string.h>
#include <strings.h>

/* Login sets a cookie, so no other site may drive it (login CSRF): the body
 * must be JSON, which a cross-site form cannot send without a preflight,
 * and a browser's own cross-site marker is refused outright. */
static bool login_origin_ok(req_t *r)
{
	const char *ct = http_header(r, "Content-Type");
	const char *site = http_header(r, "Sec-Fetch-Site");
	if (site && !strcmp(site, "cross-site")) {
		resp_error(r, 403, "cross_site", "log in from mentord's own pages");
		return false;
	}
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		resp_error(r, 415, "unsupported_media_type", "send the credentials as application/json");
		return false;
	}
	return true;
}

static void login(req_t *r)
{
	if (!login_origin_ok(r))
		return;
	jin_t in;
	const char *email = NULL, *password = NULL;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "email", JIN_REQUIRED, 254, &email);
	jin_str(&in, "password", JIN_REQUIRED | JIN_RAW, 1024, &password);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	int retry = 0, st = DB_OK;
	switch (auth_login(r, email, password, &retry, &st)) {
	case LOGIN_OK:
		break;
	case LOGIN_LIMITED:
		resp_header(r, "Retry-After", arena_printf(r->arena, "%d", retry));
		resp_error(r, 429, "too_many_attempts", "too many failed logins; try again later");
		return;
	case LOGIN_BAD:
		resp_error(r, 401, "bad_credentials", "wrong email or password");
		return;
	default:
		resp_db(r, st);
		return;
	}
	user_t *u = NULL;
	if ((st = store_user_get(r->db, r->arena, r->who.user_id, &u)) != DB_OK || !u) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:s}", "user", api_user_json(u), "csrf_token", r->who.csrf));
}

static void logout(req_t *r)
{
	int st = auth_session_end(r);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	resp_json(r, 200, json_pack("{s:b}", "logged_out", 1));
}

static void me(req_t *r)
{
	user_t *u = NULL;
	int st = store_user_get(r->db, r->arena, r->who.user_id, &u);
	if (st != DB_OK || !u) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	json_t *body = json_pack("{s:o}", "user", api_user_json(u));
	json_object_set_new(body, "csrf_token", r->who.csrf ? json_string(r->who.csrf) : json_null());
	json_object_set_new(body, "auth", json_string(r->who.via_cookie ? "session" : "token"));
	resp_json(r, 200, body);
}

static void token_create(req_t *r)
{
	jin_t in;
	const char *name = "api";
	if (r->body_len) {
		if (!jin_open(&in, r))
			return;
		jin_str(&in, "name", JIN_OPTIONAL, 100, &name);
		jin_close(&in);
		if (jin_failed(&in))
			return;
	}
	char secret[AUTH_SECRET_CHARS], hash[AUTH_HASH_HEX];
	auth_new_secret("mtd_", secret);
	auth_secret_hash(secret, hash);
	int64_t id = 0;
	if (!api_begin(r))
		return;
	int st = store_token_insert(r->db, r->who.user_id, name, hash, &id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "token.create", "api_token", id, name);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	resp_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name", name,
				    "token", secret, "note", "shown once; store it safely"));
}

static void token_revoke(req_t *r)
{
	if (!api_begin(r))
		return;
	int changes = 0;
	int st = store_token_revoke(r->db, r->id[0], r->who.user_id, time_now(), &changes);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (changes == 0) {
		db_rollback(r->db);
		resp_error(r, 404, "not_found", "no active token %lld of yours", (long long)r->id[0]);
		return;
	}
	if (!api_commit(r))
		return;
	resp_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id[0], "revoked", 1));
}

void api_auth_register(void)
{
	static const route_t routes[] = {
		{"POST", "/api/v1/auth/login", login, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"POST", "/api/v1/auth/logout", logout, 0, NULL},
		{"GET", "/api/v1/me", me, 0, NULL},
		{"POST", "/api/v1/tokens", token_create, 0, NULL},
		{"DELETE", "/api/v1/tokens/{id}", token_revoke, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
