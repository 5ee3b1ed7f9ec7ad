/* Passwords: "forgot password" mails a single-use link (1 hour) and answers
 * the same whether or not the email has an account; following the link
 * sets a new password. A signed-in person changes theirs with the current
 * one. Any new password ends every other session of the person, revokes
 * every API token and every pending reset link (store_user_set_password),
 * and a notice goes by mail, so whoever knew the old password, or stole a
 * session and minted a token with it, is out. */
#include "svc/svc.h"
#include "svc/password.h"
#include "svc/throttle.h"
#include "svc/link.h"
#include "svc/sso.h"
#include "core/timeutil.h"
#include "notify/notify.h"
#include "store/stmts.h"

#include <string.h>

int svc_password_hash(svc_t *s, const char *password, char hash[crypto_pwhash_STRBYTES])
{
	if (secret_hash_password(s->pw_cost, password, hash) == 0)
		return SVC_OK;
	return svc_fail(s, SVC_BUSY, "busy", "cannot hash the password now; try again");
}

/* Makes a reset link for u and queues its mail, inside the caller's
 * transaction. */
static int reset_queue(svc_t *s, const user_t *u, const char **link)
{
	char token[SECRET_CHARS], hash[SECRET_HASH_HEX];
	int64_t now = time_now(), id = 0;
	secret_new("", token);
	secret_hash(token, hash);
	int db = sql_link_insert(s->db, u->id, "reset", hash, s->uid, now, now + SVC_RESET_SECONDS, &id, NULL);
	if (db == DB_OK)
		db = notify_password_reset(s->db, s->arena, u->id, id, token, now + SVC_RESET_SECONDS);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "password.reset_request", "user", u->id, u->email);
	if (db == DB_OK && link)
		*link = notify_account_link(s->arena, "reset", token);
	sodium_memzero(token, sizeof(token));
	return db;
}

int svc_password_reset_request(svc_t *s, const in_requestPasswordReset_t *in, PasswordResetRequested_t *out)
{
	*out = (PasswordResetRequested_t){.sent = true,
		.message = "If an account has this email, a link to choose a new password is on its way. It works once, "
			   "for one hour."};
	user_t *u = NULL;
	int64_t recent = 0;
	bool found = false;
	int db = store_user_by_email(s->db, s->arena, in->body.email, &u, NULL);
	if (db == DB_OK && u && u->active)
		db = sql_link_recent_count(s->db, u->id, "reset", time_now() - 3600, &recent, &found);
	if (db != DB_OK)
		return svc_db(s, db);
	/* Nobody, mail enough for one hour, or someone who may not use a
	 * password (single sign-on only): the same answer, nothing sent. */
	if (!u || !u->active || recent >= SVC_RESET_PER_HOUR || svc_sso_password_refused(u->email))
		return SVC_OK;
	int st = svc_begin(s);
	if (st)
		return st;
	if ((db = reset_queue(s, u, NULL)) != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_password_reset_send(svc_t *s, const char *email, const char **link)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	int db = store_user_by_email(s->db, s->arena, email, &u, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u || !u->active)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no active user with email %s", email);
	if (svc_sso_password_refused(u->email))
		return svc_fail(s, SVC_FORBIDDEN, "sso_only",
				"passwords are switched off here (single sign-on only): %s signs in with %s, so a reset "
				"link would not work", u->email, svc_sso_provider_name());
	if ((st = svc_begin(s)))
		return st;
	if ((db = reset_queue(s, u, link)) != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_password_reset_check(svc_t *s, const char *token, const char **email)
{
	svc_link_t l;
	int st = svc_link_check(s, "reset", token, &l);
	if (!st)
		*email = l.user->email;
	return st;
}

int svc_password_reset_complete(svc_t *s, const in_completePasswordReset_t *in, PasswordResetDone_t *out)
{
	svc_link_t l;
	char hash[crypto_pwhash_STRBYTES];
	int st = svc_link_check(s, "reset", in->body.token, &l);
	if (st || (st = svc_password_hash(s, in->body.password, hash)) || (st = svc_begin(s)))
		return st;
	store_signout_t so;
	if ((st = svc_link_spend(s, &l, hash, &so)))
		return svc_abort(s, st);
	int db = store_audit(s->db, l.user->id, "password.reset", "user", l.user->id,
			     arena_printf(s->arena, "%s: %d sessions ended, %d tokens revoked", l.user->email, so.sessions,
					  so.tokens));
	if (db == DB_OK)
		db = notify_password_changed(s->db, s->arena, l.user->id, "reset with a link sent by mail");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (PasswordResetDone_t){.password_set = true, .two_factor = l.user->two_factor};
	return SVC_OK;
}

int svc_password_change(svc_t *s, const in_changePassword_t *in, PasswordChanged_t *out)
{
	const PasswordChange_t *b = &in->body;
	user_t *u = NULL;
	const char *old = NULL;
	int retry = 0;
	int db = store_user_get(s->db, s->arena, s->uid, &u);
	if (db == DB_OK && u)
		db = store_user_by_email(s->db, s->arena, u->email, &u, &old);
	if (db != DB_OK || !u)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	/* A stolen session must not guess the password at leisure: wrong
	 * current passwords count as failed logins. */
	int st = svc_throttle_attempt(s, u->email, &retry);
	if (st)
		return st;
	if (!old || !secret_verify_password(old, b->current_password)) {
		svc_field(s, "current_password", "is not your current password");
		return svc_check(s);
	}
	char hash[crypto_pwhash_STRBYTES];
	if ((st = svc_password_hash(s, b->new_password, hash)) || (st = svc_begin(s)))
		return st;
	if ((st = svc_throttle_attempt_ok(s, u->email)))
		return svc_abort(s, st);
	store_signout_t so;
	db = store_user_set_password(s->db, u->id, hash, s->via_session ? s->csrf : NULL, &so);
	if (db == DB_OK)
		db = store_audit(s->db, u->id, "password.change", "user", u->id,
				 arena_printf(s->arena, "%s: %d other sessions ended, %d tokens revoked", u->email,
					      so.sessions, so.tokens));
	if (db == DB_OK)
		db = notify_password_changed(s->db, s->arena, u->id, "changed from a signed-in session");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (PasswordChanged_t){.changed = true, .sessions_ended = so.sessions, .tokens_revoked = so.tokens};
	return SVC_OK;
}
