/* Invitations: an account made without a password (by an administrator, a
 * CSV import, provisioning) gets a mail with a single-use link, valid 7
 * days, that sets the password and signs the person in. Only the link's
 * hash is stored. Administrators and program managers see who has not
 * accepted yet (GET /users?status=invited) and send the invitation again,
 * which makes a new link and stops the old ones; administrators may revoke
 * it. Every step is in the audit log. */
#include "svc/svc.h"
#include "svc/invite.h"
#include "svc/link.h"
#include "svc/password.h"
#include "core/timeutil.h"
#include "notify/notify.h"
#include "store/stmts.h"

#include <string.h>

int svc_invite_queue(svc_t *s, int64_t user_id, const char *inviter, const char **link, int64_t *expires_at)
{
	char token[SECRET_CHARS], hash[SECRET_HASH_HEX];
	int64_t now = time_now(), expires = now + SVC_INVITE_SECONDS, id = 0;
	secret_new("", token);
	secret_hash(token, hash);
	int db = sql_link_revoke_all(s->db, user_id, "invite", now, NULL);
	if (db == DB_OK)
		db = sql_link_insert(s->db, user_id, "invite", hash, s->uid, now, expires, &id, NULL);
	if (db == DB_OK)
		db = notify_invitation(s->db, s->arena, user_id, id, token, expires, inviter ? inviter : s->name);
	char until[32];
	time_format(expires, until, sizeof(until));
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "invitation.send", "user", user_id,
				 arena_printf(s->arena, "link valid until %s", until));
	if (db == DB_OK && link)
		*link = notify_account_link(s->arena, "invite", token);
	if (expires_at)
		*expires_at = expires;
	sodium_memzero(token, sizeof(token));
	return db;
}

int svc_invite_queue_new(svc_t *s, int n, const int64_t *user_ids)
{
	if (n <= 0)
		return DB_OK;
	int64_t now = time_now(), expires = now + SVC_INVITE_SECONDS;
	char (*tokens)[SECRET_CHARS] = arena_alloc(s->arena, sizeof(*tokens) * (size_t)n);
	const char **tok = arena_alloc(s->arena, sizeof(char *) * (size_t)n);
	int64_t *link_ids = arena_alloc(s->arena, sizeof(int64_t) * (size_t)n);
	store_list_t links, audit;
	store_list_init(&links);
	for (int i = 0; i < n; i++) {
		char hash[SECRET_HASH_HEX];
		secret_new("", tokens[i]);
		secret_hash(tokens[i], hash);
		tok[i] = tokens[i];
		store_list_row(&links);
		store_list_int(&links, user_ids[i]);
		store_list_text(&links, hash);
	}
	/* New accounts have no earlier link to revoke. */
	row_import_made_t *made;
	int nmade;
	int db = sql_import_links_insert(s->db, s->arena, "invite", s->uid, now, expires,
					 store_list_json(&links, s->arena), &made, &nmade);
	for (int i = 0; db == DB_OK && i < n; i++) {
		int k = 0;
		while (k < nmade && made[k].user_id != user_ids[i])
			k++;
		if (k == nmade)
			db = DB_ERROR;
		else
			link_ids[i] = made[k].id;
	}
	if (db == DB_OK)
		db = notify_invitations(s->db, s->arena, n, user_ids, link_ids, tok, expires, s->name);
	char until[32];
	time_format(expires, until, sizeof(until));
	const char *detail = arena_printf(s->arena, "link valid until %s", until);
	store_list_init(&audit);
	for (int i = 0; i < n; i++) {
		store_list_row(&audit);
		store_list_int(&audit, user_ids[i]);
		store_list_text(&audit, detail);
	}
	const char *rows = store_list_json(&audit, s->arena);
	if (db == DB_OK)
		db = sql_import_audit_insert(s->db, now, s->uid, "invitation.send", "user", rows);
	sodium_memzero(tokens, sizeof(*tokens) * (size_t)n);
	return db;
}

/* Sends u's invitation in one transaction, if u may still be invited. */
static int send_to(svc_t *s, const user_t *u, const char **link, InvitationSent_t *out)
{
	if (!u->active)
		return svc_fail(s, SVC_CONFLICT, "conflict", "%s is deactivated; reactivate the account first", u->email);
	if (strcmp(user_status(u), "invited") != 0)
		return svc_fail(s, SVC_CONFLICT, "already_active",
				"%s has already accepted: they sign in with their password (a reset link helps if they forgot it)",
				u->email);
	int64_t expires = 0;
	int st = svc_begin(s);
	if (st)
		return st;
	int db = svc_invite_queue(s, u->id, NULL, link, &expires);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (InvitationSent_t){.user_id = u->id, .email = u->email, .invited_at = time_now(), .expires_at = expires};
	return SVC_OK;
}

int svc_invite_send(svc_t *s, const in_sendInvitation_t *in, InvitationSent_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_MANAGER);
	if (st)
		return st;
	int db = store_user_get(s->db, s->arena, in->id, &u);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u)
		return svc_not_found(s, "user", in->id);
	return send_to(s, u, NULL, out);
}

int svc_invite_send_email(svc_t *s, const char *email, const char **link, InvitationSent_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_MANAGER);
	if (st)
		return st;
	int db = store_user_by_email(s->db, s->arena, email, &u, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no user with email %s", email);
	return send_to(s, u, link, out);
}

int svc_invite_revoke(svc_t *s, const in_revokeInvitation_t *in, InvitationRevoked_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	int db = store_user_get(s->db, s->arena, in->id, &u);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u)
		return svc_not_found(s, "user", in->id);
	if ((st = svc_begin(s)))
		return st;
	int n = 0;
	db = sql_link_revoke_all(s->db, u->id, "invite", time_now(), &n);
	if (db == DB_OK && n)
		db = store_audit(s->db, s->uid, "invitation.revoke", "user", u->id, u->email);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (InvitationRevoked_t){.user_id = u->id, .revoked = n};
	return SVC_OK;
}

int svc_invite_get(svc_t *s, const in_getInvitation_t *in, InvitationInfo_t *out)
{
	svc_link_t l;
	int st = svc_link_check(s, "invite", in->token, &l);
	if (st)
		return st;
	*out = (InvitationInfo_t){.email = l.user->email, .name = l.user->name, .expires_at = l.expires_at};
	return SVC_OK;
}

int svc_invite_accept(svc_t *s, const char *token, const char *password, const char *user_agent, svc_login_t *out)
{
	memset(out, 0, sizeof(*out));
	svc_link_t l;
	char hash[crypto_pwhash_STRBYTES];
	int st = svc_link_check(s, "invite", token, &l);
	if (st || (st = svc_password_hash(s, password, hash)) || (st = svc_begin(s)))
		return st;
	if ((st = svc_link_spend(s, &l, hash, NULL))) /* also ends any session and token: there are none yet */
		return svc_abort(s, st);
	int db = store_audit(s->db, l.user->id, "invitation.accept", "user", l.user->id, l.user->email);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	l.user->has_password = true;
	if ((st = svc_auth_session_start(s, l.user, user_agent, out)))
		return svc_abort(s, st);
	return svc_commit(s);
}
