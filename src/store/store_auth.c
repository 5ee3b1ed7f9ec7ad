/* Sessions and personal API tokens as a request presents them
 * (store_base.h), composed from the named statements of sql/auth.sql. Kept
 * in the database, not in process memory, so several app servers share
 * them. The time and place of last use is only noted here (store_usage.h)
 * and written in batches off the request path, at most once a minute per
 * credential, so a request that presents a credential never writes. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "store/store_usage.h"
#include "core/timeutil.h"

static role_t role_of(const char *s)
{
	int r = role_parse(s);
	return r < 0 ? ROLE_MEMBER : (role_t)r;
}

int store_session_insert(db_t *db, const char *token_hash, int64_t user_id, const char *csrf_token,
			 int64_t expires_at, const char *ip, const char *user_agent)
{
	return sql_session_insert(db, token_hash, user_id, csrf_token, time_now(), expires_at, ip ? ip : "",
				  user_agent ? user_agent : "");
}

int store_session_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now, const char *ip,
			 auth_row_t **out)
{
	row_session_cred_t *c;
	*out = NULL;
	int st = sql_session_lookup(db, a, token_hash, now, &c);
	if (st != DB_OK || !c)
		return st;
	auth_row_t *r = arena_alloc(a, sizeof(*r));
	*r = (auth_row_t){.user_id = c->user_id, .session_id = c->id, .role = role_of(c->role), .name = c->name,
			  .email = c->email, .csrf_token = c->csrf_token, .scope = "api",
			  .must_setup = c->must_setup};
	*out = r;
	store_usage_note(USAGE_SESSION, c->id, c->last_seen_at, now, ip);
	return DB_OK;
}

int store_session_delete(db_t *db, const char *token_hash)
{
	return sql_session_delete(db, token_hash);
}

int store_token_insert(db_t *db, const store_token_new_t *t, int64_t *id)
{
	return sql_token_insert(db, t->user_id, t->name, t->token_hash, t->created_at ? t->created_at : time_now(),
				t->scope ? t->scope : "api",
				t->expires_at, t->created_by, id, NULL);
}

int store_token_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now, const char *ip,
		       auth_row_t **out)
{
	row_token_cred_t *c;
	*out = NULL;
	int st = sql_token_lookup(db, a, token_hash, now, &c);
	if (st != DB_OK || !c)
		return st;
	auth_row_t *r = arena_alloc(a, sizeof(*r));
	*r = (auth_row_t){.user_id = c->user_id, .token_id = c->id, .role = role_of(c->role), .name = c->name,
			  .email = c->email, .csrf_token = "", .scope = c->scope};
	*out = r;
	store_usage_note(USAGE_TOKEN, c->id, c->last_used_at_null ? 0 : c->last_used_at, now, ip);
	return DB_OK;
}

int store_token_revoke(db_t *db, int64_t id, int64_t user_id, int64_t now, int *changes)
{
	return sql_token_revoke(db, id, user_id, now, changes);
}
