/* Credentials and sessions; see auth.h. */
#include "http/auth.h"
#include "core/secret.h"
#include "core/timeutil.h"
#include "store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int auth_init(void)
{
	return secret_init();
}

static secret_cost_t cost_of(const app_t *app)
{
	return (secret_cost_t){app->pw_ops, app->pw_mem};
}

int auth_hash_password(const app_t *app, const char *password, char out[crypto_pwhash_STRBYTES])
{
	return secret_hash_password(cost_of(app), password, out);
}

bool auth_verify_password(const char *hash, const char *password)
{
	return secret_verify_password(hash, password);
}

void auth_burn_verify(const app_t *app, const char *password)
{
	secret_burn_verify(cost_of(app), password);
}

void auth_new_secret(const char *prefix, char out[AUTH_SECRET_CHARS])
{
	secret_new(prefix, out);
}

void auth_secret_hash(const char *secret, char out[AUTH_HASH_HEX])
{
	secret_hash(secret, out);
}

static void set_who(req_t *r, const auth_row_t *row, bool cookie)
{
	if (!cookie && row->scope && strcmp(row->scope, "api") != 0) {
		/* A metrics token reads /metrics, a provisioning token /scim/v2,
		 * and each is nobody anywhere else. */
		r->who.metrics = !strcmp(row->scope, "metrics");
		r->who.provisioning = !strcmp(row->scope, "provisioning");
		if (r->who.provisioning)
			r->who.provisioner = row->user_id;
		return;
	}
	r->who.user_id = row->user_id;
	r->who.role = row->role;
	r->who.name = row->name;
	r->who.email = row->email;
	r->who.csrf = cookie ? row->csrf_token : NULL;
	r->who.via_cookie = cookie;
	r->who.session_id = row->session_id;
	r->who.token_id = row->token_id;
	r->who.must_setup = cookie && row->must_setup;
}

int auth_resolve(req_t *r)
{
	char hash[AUTH_HASH_HEX];
	auth_row_t *row = NULL;
	const char *authz = http_header(r, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		const char *tok = authz + 7;
		if (strlen(tok) >= AUTH_SECRET_CHARS)
			return DB_OK;
		auth_secret_hash(tok, hash);
		int st = store_token_lookup(r->db, r->arena, hash, time_now(), r->ip, &row);
		if (st == DB_OK && row)
			set_who(r, row, false);
		return st;
	}
	const char *cookie = http_cookie(r, AUTH_COOKIE);
	if (!cookie || strlen(cookie) >= AUTH_SECRET_CHARS)
		return DB_OK;
	auth_secret_hash(cookie, hash);
	int st = store_session_lookup(r->db, r->arena, hash, time_now(), r->ip, &row);
	if (st == DB_OK && row)
		set_who(r, row, true);
	return st;
}

/* The "host[:port]" of an origin "scheme://host[:port][/...]" without the
 * scheme's default port, lower-cased into out; false when s is not one. */
static bool origin_host(const char *s, char *out, size_t cap)
{
	const char *scheme_end = strstr(s, "://");
	if (!scheme_end || scheme_end == s)
		return false;
	bool https = (size_t)(scheme_end - s) == 5 && !strncasecmp(s, "https", 5);
	const char *h = scheme_end + 3;
	size_t n = strcspn(h, "/?#");
	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)h[i]);
	out[n] = '\0';
	const char *dflt = https ? ":443" : ":80";
	size_t dn = strlen(dflt);
	if (n > dn && !strcmp(out + n - dn, dflt))
		out[n - dn] = '\0';
	return true;
}

/* Whether host (from origin_host) is where this request was sent (its Host
 * header) or the server's public address (base_url). */
static bool our_host(req_t *r, const char *host)
{
	char mine[256];
	const char *h = http_header(r, "Host");
	if (h && strlen(h) < sizeof(mine) - 8) {
		char url[300];
		snprintf(url, sizeof(url), "http://%s", h);
		if (origin_host(url, mine, sizeof(mine)) && !strcmp(mine, host))
			return true;
	}
	return r->app->base_url && origin_host(r->app->base_url, mine, sizeof(mine)) && !strcmp(mine, host);
}

bool auth_same_origin(req_t *r)
{
	char host[256];
	const char *site = http_header(r, "Sec-Fetch-Site");
	if (site)
		return !strcmp(site, "same-origin") || !strcmp(site, "none");
	/* Browsers without Sec-Fetch-Site still send Origin on a cross-site
	 * POST; older ones at least a Referer. */
	const char *origin = http_header(r, "Origin");
	if (origin)
		return origin_host(origin, host, sizeof(host)) && our_host(r, host);
	const char *referer = http_header(r, "Referer");
	if (referer)
		return origin_host(referer, host, sizeof(host)) && our_host(r, host);
	return true; /* not a browser's form: a script, which has no victim's cookies to ride */
}

bool auth_csrf_ok(req_t *r)
{
	if (!r->who.via_cookie || !http_is_unsafe(r))
		return true;
	const char *sent = http_header(r, "X-CSRF-Token");
	if (!sent)
		sent = http_form(r, "_csrf");
	if (!sent || !r->who.csrf)
		return false;
	size_t n = strlen(r->who.csrf);
	return strlen(sent) == n && sodium_memcmp(sent, r->who.csrf, n) == 0;
}

bool auth_session_hash(req_t *r, char out[AUTH_HASH_HEX])
{
	const char *cookie = http_cookie(r, AUTH_COOKIE);
	if (!cookie || strlen(cookie) >= AUTH_SECRET_CHARS)
		return false;
	auth_secret_hash(cookie, out);
	return true;
}

static void set_cookie(req_t *r, const char *value, int max_age)
{
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", AUTH_COOKIE, value,
				 max_age, r->app->secure_cookies ? "; Secure" : ""));
}

void auth_session_cookie(req_t *r, const char *secret, int max_age, int64_t user_id)
{
	set_cookie(r, secret, max_age);
	r->who.user_id = user_id;
}

void auth_session_clear(req_t *r)
{
	set_cookie(r, "", 0);
}
