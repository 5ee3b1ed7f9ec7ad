/* Sessions, personal API tokens and the login-failure ledger behind rate
 * limiting (store_base.h), composed from the named statements of
 * sql/auth.sql. Kept in the database, not in process memory, so several app
 * servers share them. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "store/store_usage.h"
#include "core/timeutil.h"

static auth_row_t *from_row(arena_t *a, const row_credential_t *c, bool is_session)
{
	auth_row_t *r = arena_alloc(a, sizeof(*r));
	int role = role_parse(c->role);
	*r = (auth_row_t){.user_id = c->user_id, .session_id = is_session ? c->id : 0,
			  .token_id = is_session ? 0 : c->id, .role = role < 0 ? ROLE_MEMBER : (role_t)role,
			  .name = c->name, .email = c->email, .csrf_token = c->csrf_token};
	return r;
}

int store_session_insert(db_t *db, const char *token_hash, int64_t user_id,
			 const char *csrf_token, int64_t expires_at)
{
	return sql_session_insert(db, token_hash, user_id, csrf_token, time_now(), expires_at);
}

int store_session_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now,
			 auth_row_t **out)
{
	row_credential_t *c;
	*out = NULL;
	int st = sql_session_lookup(db, a, token_hash, now, &c);
	if (st == DB_OK && c)
		*out = from_row(a, c, true);
	return st;
}

int store_session_delete(db_t *db, const char *token_hash)
{
	return sql_session_delete(db, token_hash);
}

int store_token_insert(db_t *db, int64_t user_id, const char *name, const char *token_hash,
		       int64_t *id)
{
	return sql_token_insert(db, user_id, name, token_hash, time_now(), id, NULL);
}

int store_token_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now,
		       auth_row_t **out)
{
	row_credential_t *c;
	*out = NULL;
	int st = sql_token_lookup(db, a, token_hash, &c);
	if (st != DB_OK || !c)
		return st;
	*out = from_row(a, c, false);
	store_usage_note(USAGE_TOKEN, c->id, c->last_used_at, now);
	return DB_OK;
}

int store_token_revoke(db_t *db, int64_t id, int64_t user_id, int64_t now, int *changes)
{
	return sql_token_revoke(db, id, user_id, now, changes);
}

int store_login_failure_add(db_t *db, const char *email, const char *ip, int64_t at)
{
	return sql_login_failure_add(db, email, ip, at);
}

int store_login_failure_count(db_t *db, const char *email, const char *ip, int64_t since,
			      int64_t *by_email, int64_t *by_ip)
{
	*by_email = *by_ip = 0;
	int st = sql_login_failures_of(db, email, ip, since, by_email, NULL);
	return st == DB_OK ? sql_login_failures_from(db, ip, since, by_ip, NULL) : st;
}

int store_login_failure_clear(db_t *db, const char *email, int64_t before)
{
	int st = sql_login_failures_clear(db, email);
	return st == DB_OK ? sql_login_failures_prune(db, before) : st;
}
