/* Credentials and sessions; see auth.h. */
#include "http/auth.h"
#include "core/secret.h"
#include "core/timeutil.h"
#include "store/store.h"
#include "http/metrics.h"

#include <string.h>

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
	r->who.user_id = row->user_id;
	r->who.role = row->role;
	r->who.name = row->name;
	r->who.email = row->email;
	r->who.csrf = cookie ? row->csrf_token : NULL;
	r->who.via_cookie = cookie;
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
		int st = store_token_lookup(r->db, r->arena, hash, time_now(), &row);
		if (st == DB_OK && row)
			set_who(r, row, false);
		return st;
	}
	const char *cookie = http_cookie(r, AUTH_COOKIE);
	if (!cookie || strlen(cookie) >= AUTH_SECRET_CHARS)
		return DB_OK;
	auth_secret_hash(cookie, hash);
	int st = store_session_lookup(r->db, r->arena, hash, time_now(), &row);
	if (st == DB_OK && row)
		set_who(r, row, true);
	return st;
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

int auth_session_start(req_t *r, int64_t user_id)
{
	char secret[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS], hash[AUTH_HASH_HEX];
	auth_new_secret("", secret);
	auth_new_secret("", csrf);
	auth_secret_hash(secret, hash);
	int st = store_session_insert(r->db, hash, user_id, csrf, time_now() + AUTH_SESSION_SECONDS);
	if (st != DB_OK)
		return st;
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
				 AUTH_COOKIE, secret, AUTH_SESSION_SECONDS,
				 r->app->secure_cookies ? "; Secure" : ""));
	r->who.csrf = arena_strdup(r->arena, csrf);
	return DB_OK;
}

int auth_session_end(req_t *r)
{
	const char *cookie = http_cookie(r, AUTH_COOKIE);
	int st = DB_OK;
	if (cookie && strlen(cookie) < AUTH_SECRET_CHARS) {
		char hash[AUTH_HASH_HEX];
		auth_secret_hash(cookie, hash);
		st = store_session_delete(r->db, hash);
	}
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", AUTH_COOKIE,
				 r->app->secure_cookies ? "; Secure" : ""));
	return st;
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

int auth_login_allowed(req_t *r, const char *email, bool *allowed, int *retry_after)
{
	int64_t by_email = 0, by_ip = 0;
	int st = store_login_failure_count(r->db, email, r->ip, time_now() - AUTH_LOGIN_WINDOW,
					   &by_email, &by_ip);
	*allowed = st == DB_OK && by_email < AUTH_LOGIN_MAX_PER_EMAIL && by_ip < AUTH_LOGIN_MAX_PER_IP;
	*retry_after = *allowed ? 0 : AUTH_LOGIN_WINDOW;
	return st;
}

login_result_t auth_login(req_t *r, const char *email, const char *password, int *retry_after,
			  int *db_status)
{
	bool allowed;
	user_t *u = NULL;
	const char *hash = NULL;
	int st = auth_login_allowed(r, email, &allowed, retry_after);
	if (st != DB_OK)
		goto db_fail;
	if (!allowed)
		return LOGIN_LIMITED;
	st = store_user_by_email(r->db, r->arena, email, &u, &hash);
	if (st != DB_OK)
		goto db_fail;
	bool ok;
	if (u && hash)
		ok = auth_verify_password(hash, password);
	else
		auth_burn_verify(r->app, password), ok = false;
	ok = ok && u->active;
	if ((st = db_begin(r->db)) != DB_OK)
		goto db_fail;
	if (!ok) {
		st = store_login_failure_add(r->db, email, r->ip, time_now());
		if (st == DB_OK)
			st = db_commit(r->db);
		if (st != DB_OK)
			goto db_fail;
		metrics_login(false);
		return LOGIN_BAD;
	}
	st = store_login_failure_clear(r->db, email, time_now() - AUTH_LOGIN_WINDOW);
	if (st == DB_OK)
		st = auth_session_start(r, u->id);
	if (st == DB_OK)
		st = db_commit(r->db);
	if (st != DB_OK)
		goto db_fail;
	r->who.user_id = u->id;
	r->who.role = u->role;
	r->who.name = u->name;
	r->who.email = u->email;
	r->who.via_cookie = true;
	metrics_login(true);
	return LOGIN_OK;
db_fail:
	db_rollback(r->db);
	*db_status = st;
	return LOGIN_ERROR;
}
