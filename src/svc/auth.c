/* Logging in and out, who am I, and personal API tokens (svc/auth.h). Only
 * hashes of secrets are stored: a session's or a token's secret exists in
 * the answer that hands it out and nowhere else. Failed logins go to a
 * ledger in the database, so the rate limit holds across app servers. */
#include "svc/svc.h"
#include "svc/auth.h"
#include "svc/user.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

int svc_auth_ping(svc_t *s)
{
	int64_t one = 0;
	bool found = false;
	if (sql_ping(s->db, &one, &found) == DB_OK && found && one == 1)
		return SVC_OK;
	return svc_fail(s, SVC_BUSY, "unavailable", "the database does not answer");
}

/* Too many recent failures for this email from this address, or from the
 * address at all. */
static int check_rate(svc_t *s, const char *email, int64_t now, int *retry_after)
{
	int64_t by_email = 0, by_ip = 0;
	int st = store_login_failure_count(s->db, email, s->ip, now - SVC_LOGIN_WINDOW, &by_email, &by_ip);
	if (st != DB_OK)
		return svc_db(s, st);
	if (by_email < SVC_LOGIN_MAX_PER_EMAIL && by_ip < SVC_LOGIN_MAX_PER_IP)
		return SVC_OK;
	*retry_after = SVC_LOGIN_WINDOW;
	return svc_fail(s, SVC_LIMITED, "too_many_attempts", "too many failed logins; try again later");
}

/* Whether the password is this active account's; as slow for an unknown
 * email as for a wrong password, so timing tells no one which emails exist. */
static bool password_ok(svc_t *s, const user_t *u, const char *hash, const char *password)
{
	if (!u || !hash) {
		secret_burn_verify(s->pw_cost, password);
		return false;
	}
	return secret_verify_password(hash, password) && u->active;
}

/* Writes a new session for u and fills the login's answer. */
static int start_session(svc_t *s, const user_t *u, int64_t now, svc_login_t *out)
{
	char csrf[SECRET_CHARS], hash[SECRET_HASH_HEX];
	secret_new("", out->secret);
	secret_new("", csrf);
	secret_hash(out->secret, hash);
	out->max_age = SVC_SESSION_SECONDS;
	int st = store_session_insert(s->db, hash, u->id, csrf, now + SVC_SESSION_SECONDS);
	if (st != DB_OK)
		return st;
	svc_user_out(u, &out->result.user);
	out->result.csrf_token = arena_strdup(s->arena, csrf);
	return DB_OK;
}

int svc_auth_login(svc_t *s, const LoginRequest_t *in, svc_login_t *out)
{
	memset(out, 0, sizeof(*out));
	int64_t now = time_now();
	int st = check_rate(s, in->email, now, &out->retry_after);
	if (st)
		return st;
	user_t *u = NULL;
	const char *hash = NULL;
	int db = store_user_by_email(s->db, s->arena, in->email, &u, &hash);
	if (db != DB_OK)
		return svc_db(s, db);
	bool ok = password_ok(s, u, hash, in->password);
	if ((st = svc_begin(s)))
		return st;
	if (!ok) {
		/* The failure is recorded whatever the answer: that is the limit. */
		db = store_login_failure_add(s->db, in->email, s->ip, now);
		if (db != DB_OK)
			return svc_abort(s, svc_db(s, db));
		if ((st = svc_commit(s)))
			return st;
		return svc_fail(s, SVC_UNAUTH, "bad_credentials", "wrong email or password");
	}
	db = store_login_failure_clear(s->db, in->email, now - SVC_LOGIN_WINDOW);
	if (db == DB_OK)
		db = start_session(s, u, now, out);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_auth_logout(svc_t *s, const char *session_hash, LoggedOut_t *out)
{
	out->logged_out = true;
	if (!session_hash)
		return SVC_OK;
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_session_delete(s->db, session_hash);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_auth_me(svc_t *s, Me_t *out)
{
	user_t *u;
	int st = store_user_get(s->db, s->arena, s->uid, &u);
	if (st != DB_OK || !u)
		return svc_db(s, st == DB_OK ? DB_ERROR : st);
	svc_user_out(u, &out->user);
	out->csrf_token = s->via_session ? s->csrf : NULL; /* null for a bearer token */
	out->auth = s->via_session ? "session" : "token";
	return SVC_OK;
}

/* Makes a token for user_id: its secret in out, its hash stored. */
static int issue(svc_t *s, int64_t user_id, const char *name, TokenCreated_t *out)
{
	char secret[SECRET_CHARS], hash[SECRET_HASH_HEX];
	secret_new("mtd_", secret);
	secret_hash(secret, hash);
	int64_t id = 0;
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_token_insert(s->db, user_id, name, hash, &id);
	if (db == DB_OK)
		db = store_audit(s->db, user_id, "token.create", "api_token", id, name);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (TokenCreated_t){.id = id, .name = name, .token = arena_strdup(s->arena, secret),
				.note = "shown once; store it safely"};
	return SVC_OK;
}

int svc_token_create(svc_t *s, const in_createToken_t *in, TokenCreated_t *out)
{
	const char *name = in->has_body && in->body.has_name ? in->body.name : "api";
	return issue(s, s->uid, name, out);
}

int svc_token_create_for(svc_t *s, const char *email, const char *name, TokenCreated_t *out)
{
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	user_t *u = NULL;
	int db = store_user_by_email(s->db, s->arena, email, &u, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u || !u->active)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no active user with email %s", email);
	return issue(s, u->id, name, out);
}

int svc_token_revoke(svc_t *s, const in_revokeToken_t *in, TokenRevoked_t *out)
{
	int st = svc_begin(s);
	if (st)
		return st;
	int changes = 0;
	int db = store_token_revoke(s->db, in->id, s->uid, time_now(), &changes);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	/* Someone else's token, or a revoked one: the caller may not know it. */
	if (changes == 0)
		return svc_abort(s, svc_fail(s, SVC_NOT_FOUND, "not_found", "no active token %lld of yours",
					     (long long)in->id));
	if ((st = svc_commit(s)))
		return st;
	*out = (TokenRevoked_t){.id = in->id, .revoked = true};
	return SVC_OK;
}
