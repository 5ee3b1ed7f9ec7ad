/* Logging in and out, and who am I (svc/auth.h). Only hashes of secrets
 * are stored: a session's secret exists in the answer that hands it out
 * and nowhere else. Every attempt first takes its slot in the throttle
 * (svc/throttle.c), before the (slow) password check, so parallel attempts
 * cannot pass a limit. */
#include "svc/svc.h"
#include "svc/auth.h"
#include "svc/oidc.h"
#include "svc/throttle.h"
#include "svc/two_factor.h"
#include "svc/user_view.h"
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

/* ---- logging in ---- */

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

/* A browser's name as the session list shows it: what a person needs to
 * know their session again fits in 200 bytes, and it is printable ASCII
 * (as User-Agent headers are), so no cut falls inside a character. */
static const char *agent_text(svc_t *s, const char *user_agent)
{
	char *out = arena_alloc(s->arena, 201), *o = out;
	for (const char *c = user_agent ? user_agent : ""; *c && o - out < 200; c++)
		if (*c >= 0x20 && *c < 0x7f)
			*o++ = *c;
	*o = '\0';
	return out;
}

int svc_auth_session_start(svc_t *s, const user_t *u, const char *user_agent, svc_login_t *out)
{
	char csrf[SECRET_CHARS], hash[SECRET_HASH_HEX];
	int64_t now = time_now();
	secret_new("", out->secret);
	secret_new("", csrf);
	secret_hash(out->secret, hash);
	out->max_age = SVC_SESSION_SECONDS;
	const char *ua = agent_text(s, user_agent);
	int db = sql_session_insert(s->db, hash, u->id, csrf, now, now + SVC_SESSION_SECONDS, s->ip ? s->ip : "", ua);
	if (db == DB_OK)
		db = sql_user_logged_in(s->db, u->id, now);
	/* Leftovers of the past go now and then: here, a login at a time. */
	if (db == DB_OK)
		db = sql_session_prune(s->db, now);
	if (db == DB_OK)
		db = sql_challenge_prune(s->db, now);
	if (db == DB_OK)
		db = sql_throttle_prune(s->db, now - SVC_THROTTLE_BACKOFF_WINDOW - 1);
	if (db != DB_OK)
		return svc_db(s, db);
	user_t fresh = *u;
	fresh.last_login_at = now;
	svc_user_view(&fresh, &out->result.user);
	out->result.csrf_token = arena_strdup(s->arena, csrf);
	return SVC_OK;
}

/* The second step's secret for a page's hidden field; only its hash is kept. */
static int challenge_new(svc_t *s, int64_t user_id, int64_t now, char out[SECRET_CHARS])
{
	char hash[SECRET_HASH_HEX];
	secret_new("", out);
	secret_hash(out, hash);
	return sql_challenge_insert(s->db, hash, user_id, now, now + SVC_CHALLENGE_SECONDS);
}

/* Releases the slot, starts the session and commits; on a database error
 * rolls back and answers it. */
static int finish(svc_t *s, const svc_throttle_t *k, const user_t *u, const char *user_agent,
		  svc_login_t *out)
{
	int db = svc_throttle_give_back(s, k);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	int st = svc_auth_session_start(s, u, user_agent, out);
	if (st)
		return svc_abort(s, st);
	return svc_commit(s);
}

int svc_auth_login(svc_t *s, const svc_login_in_t *in, svc_login_t *out)
{
	memset(out, 0, sizeof(*out));
	int64_t now = time_now();
	/* Single sign-on only: no password is checked, so none can be guessed. */
	if (svc_oidc_password_refused(in->email))
		return svc_fail(s, SVC_FORBIDDEN, "sso_only", "this organisation signs in with %s: use it instead of a password",
				svc_oidc_config()->provider_name);
	svc_throttle_t k = svc_throttle_keys(s, in->email);
	int st = svc_throttle_take(s, &k, now, &out->retry_after);
	if (st)
		return st;
	user_t *u = NULL;
	const char *hash = NULL;
	int db = store_user_by_email(s->db, s->arena, in->email, &u, &hash);
	if (db != DB_OK)
		return svc_db(s, db);
	/* A wrong password keeps its slot: that is the count. */
	if (!password_ok(s, u, hash, in->password))
		return svc_fail(s, SVC_UNAUTH, "bad_credentials", "wrong email or password");
	bool has_code = in->code && *in->code;
	if (u->two_factor && !has_code) {
		/* The password was right: no failure, but no session without the code. */
		if ((st = svc_begin(s)))
			return st;
		db = svc_throttle_give_back(s, &k);
		if (db == DB_OK && in->want_challenge)
			db = challenge_new(s, u->id, now, out->challenge);
		if (db != DB_OK)
			return svc_abort(s, svc_db(s, db));
		if ((st = svc_commit(s)))
			return st;
		return svc_fail(s, SVC_UNAUTH, "two_factor_required",
				"two-factor sign-in is on: send the code from your authenticator app (or a recovery code) as code");
	}
	if ((st = svc_begin(s)))
		return st;
	if (u->two_factor) {
		bool good = false;
		if ((st = svc_two_factor_verify(s, u->id, in->code, now, &good)))
			return svc_abort(s, st);
		if (!good) {
			svc_abort(s, SVC_OK);
			return svc_fail(s, SVC_UNAUTH, "bad_two_factor_code",
					"the two-factor code is wrong or was used already");
		}
	}
	return finish(s, &k, u, in->user_agent, out);
}

int svc_auth_login_code(svc_t *s, const char *challenge, const char *code, const char *user_agent,
			svc_login_t *out)
{
	memset(out, 0, sizeof(*out));
	int64_t now = time_now();
	char hash[SECRET_HASH_HEX];
	secret_hash(challenge ? challenge : "", hash);
	row_challenge_t *c = NULL;
	user_t *u = NULL;
	int db = sql_challenge_lookup(s->db, s->arena, hash, now, &c);
	if (db == DB_OK && c)
		db = store_user_get(s->db, s->arena, c->user_id, &u);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!c || !u || !u->active || c->attempts >= SVC_CHALLENGE_TRIES)
		return svc_fail(s, SVC_UNAUTH, "challenge_expired",
				"this sign-in has expired; enter your email and password again");
	svc_throttle_t k = svc_throttle_keys(s, u->email);
	int st = svc_throttle_take(s, &k, now, &out->retry_after);
	if (st || (st = svc_begin(s)))
		return st;
	bool good = false;
	if ((st = svc_two_factor_verify(s, u->id, code, now, &good)))
		return svc_abort(s, st);
	if (!good) {
		db = sql_challenge_attempt(s->db, c->id);
		if (db != DB_OK)
			return svc_abort(s, svc_db(s, db));
		if ((st = svc_commit(s)))
			return st;
		/* The page asks again with the same challenge. */
		memcpy(out->challenge, challenge, strnlen(challenge, SECRET_CHARS - 1));
		return svc_fail(s, SVC_UNAUTH, "bad_two_factor_code", "the two-factor code is wrong or was used already");
	}
	db = sql_challenge_delete(s->db, c->id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return finish(s, &k, u, user_agent, out);
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
	svc_user_view(u, &out->user);
	out->csrf_token = s->via_session ? s->csrf : NULL; /* null for a bearer token */
	out->auth = s->via_session ? "session" : "token";
	return SVC_OK;
}
