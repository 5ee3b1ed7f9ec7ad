/* Personal API tokens: made by their owner (or by an administrator for
 * someone, from the command line), listed with when and where they were
 * last used, revoked by their owner or an administrator. A token expires
 * after 90 days unless another life is asked for; one that never expires,
 * and one with the metrics scope (it reads /metrics and nothing else), are
 * for administrators to make on purpose. Only a token's hash is stored. */
#include "svc/svc.h"
#include "svc/token.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

static void token_out(svc_t *s, const row_token_t *r, Token_t *t)
{
	*t = (Token_t){.id = r->id, .user_id = r->user_id, .name = r->name, .scope = r->scope,
		       .created_at = r->created_at, .last_used_at = r->last_used_at,
		       .last_used_at_null = r->last_used_at_null, .last_used_ip = r->last_used_ip,
		       .expires_at = r->expires_at, .expires_at_null = r->expires_at_null,
		       .created_by = r->created_by, .created_by_null = r->created_by_null};
	int64_t at;
	const char *ip;
	if (store_usage_peek(USAGE_TOKEN, r->id, s->arena, &at, &ip) && (t->last_used_at_null || at > t->last_used_at)) {
		t->last_used_at = at;
		t->last_used_at_null = false;
		t->last_used_ip = ip;
	}
}

/* Makes a token for user_id: its secret in out, its hash stored, the
 * creation in the audit log. */
static int issue(svc_t *s, int64_t user_id, const svc_token_opts_t *o, TokenCreated_t *out)
{
	const char *scope = o->scope && *o->scope ? o->scope : "api";
	if (o->days < 0 && s->role != ROLE_ADMIN)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators can make a token that never expires");
	if (strcmp(scope, "api") != 0 && s->role != ROLE_ADMIN)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only administrators can make a %s token", scope);
	char secret[SECRET_CHARS], hash[SECRET_HASH_HEX];
	secret_new("mtd_", secret);
	secret_hash(secret, hash);
	int64_t now = time_now(), id = 0;
	int64_t expires = o->days < 0 ? 0 : now + (int64_t)(o->days ? o->days : SVC_TOKEN_DAYS) * 86400;
	int st = svc_begin(s);
	if (st)
		return st;
	store_token_new_t t = {.user_id = user_id, .name = o->name, .token_hash = hash, .scope = scope,
			       .created_at = now, .expires_at = expires, .created_by = user_id == s->uid ? 0 : s->uid};
	int db = store_token_insert(s->db, &t, &id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "token.create", "api_token", id,
				 arena_printf(s->arena, "%s (%s, %s) for user %lld", o->name, scope,
					      expires ? "expires" : "never expires", (long long)user_id));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (TokenCreated_t){.id = id, .name = o->name, .token = arena_strdup(s->arena, secret),
				.note = "shown once; store it safely", .scope = scope, .expires_at = expires,
				.expires_at_null = expires == 0};
	return SVC_OK;
}

int svc_token_create(svc_t *s, const in_createToken_t *in, TokenCreated_t *out)
{
	const TokenCreate_t *b = &in->body;
	svc_token_opts_t o = {.name = in->has_body && b->has_name ? b->name : "api",
			      .scope = in->has_body && b->has_scope ? b->scope : "api"};
	if (in->has_body && b->has_expires_in_days)
		o.days = b->expires_in_days_null ? -1 : (int)b->expires_in_days;
	return issue(s, s->uid, &o, out);
}

/* The active account with this email, or "not found". */
static int active_by_email(svc_t *s, const char *email, user_t **u)
{
	int db = store_user_by_email(s->db, s->arena, email, u, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!*u || !(*u)->active)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no active user with email %s", email);
	return SVC_OK;
}

int svc_token_create_for(svc_t *s, const char *email, const svc_token_opts_t *o, TokenCreated_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st || (st = active_by_email(s, email, &u)))
		return st;
	return issue(s, u->id, o, out);
}

/* The live tokens of user_id. */
static int list(svc_t *s, int64_t user_id, TokenList_t *out)
{
	row_token_t *rows;
	int n = 0;
	int db = sql_token_list(s->db, s->arena, user_id, time_now(), &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Token_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		token_out(s, &rows[i], &out->items.v[i]);
	out->next = NULL;
	return SVC_OK;
}

int svc_token_list(svc_t *s, TokenList_t *out)
{
	return list(s, s->uid, out);
}

int svc_token_list_user(svc_t *s, const in_listUserTokens_t *in, TokenList_t *out)
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
	return list(s, in->id, out);
}

int svc_token_list_email(svc_t *s, const char *email, TokenList_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st || (st = active_by_email(s, email, &u)))
		return st;
	return list(s, u->id, out);
}

int svc_token_revoke(svc_t *s, const in_revokeToken_t *in, TokenRevoked_t *out)
{
	row_token_t *t = NULL;
	int db = sql_token_get(s->db, s->arena, in->id, &t);
	if (db != DB_OK)
		return svc_db(s, db);
	/* Someone else's token, or a revoked one: the caller may not know it
	 * (administrators may revoke anyone's). */
	if (!t || (t->user_id != s->uid && s->role != ROLE_ADMIN))
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no active token %lld of yours", (long long)in->id);
	int st = svc_begin(s), changes = 0;
	if (st)
		return st;
	db = store_token_revoke(s->db, t->id, t->user_id, time_now(), &changes);
	if (db == DB_OK && changes)
		db = store_audit(s->db, s->uid, "token.revoke", "api_token", t->id,
				 arena_printf(s->arena, "%s of user %lld", t->name, (long long)t->user_id));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!changes)
		return svc_abort(s, svc_fail(s, SVC_NOT_FOUND, "not_found", "no active token %lld", (long long)in->id));
	if ((st = svc_commit(s)))
		return st;
	*out = (TokenRevoked_t){.id = in->id, .revoked = true};
	return SVC_OK;
}
