/* Sessions, personal API tokens and the login-failure ledger behind rate
 * limiting. Kept in the database, not in process memory, so several app
 * servers share them. */
#include "store/store_base.h"
#include "core/timeutil.h"

/* Both queries select: id, user id, role, name, email, csrf token. */
static int lookup(db_t *db, arena_t *a, const char *sql, const db_val_t *args, int nargs,
		  auth_row_t **out, bool is_session)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		auth_row_t *r = arena_alloc(a, sizeof(*r));
		if (is_session)
			r->session_id = db_col_int(s, 0);
		else
			r->token_id = db_col_int(s, 0);
		r->user_id = db_col_int(s, 1);
		int role = role_parse(db_col_text(s, 2));
		r->role = role < 0 ? ROLE_MEMBER : (role_t)role;
		r->name = arena_strdup(a, db_col_text(s, 3));
		r->email = arena_strdup(a, db_col_text(s, 4));
		r->csrf_token = arena_strdup(a, db_col_text(s, 5));
		*out = r;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_session_insert(db_t *db, const char *token_hash, int64_t user_id,
			 const char *csrf_token, int64_t expires_at)
{
	return db_exec(db,
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
		"VALUES ($1, $2, $3, $4, $5)",
		DB_ARGS(DB_TEXT(token_hash), DB_INT(user_id), DB_TEXT(csrf_token),
			DB_INT(time_now()), DB_INT(expires_at)));
}

int store_session_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now,
			 auth_row_t **out)
{
	return lookup(db, a,
		"SELECT s.id, u.id, u.role, u.name, u.email, s.csrf_token FROM sessions s "
		"JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
		DB_ARGS(DB_TEXT(token_hash), DB_INT(now)), out, true);
}

int store_session_delete(db_t *db, const char *token_hash)
{
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = $1", DB_ARGS(DB_TEXT(token_hash)));
}

int store_token_insert(db_t *db, int64_t user_id, const char *name, const char *token_hash,
		       int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
		"VALUES ($1, $2, $3, $4) RETURNING id",
		DB_ARGS(DB_INT(user_id), DB_TEXT(name), DB_TEXT(token_hash),
			DB_INT(time_now())));
}

int store_token_lookup(db_t *db, arena_t *a, const char *token_hash, int64_t now,
		       auth_row_t **out)
{
	int st = lookup(db, a,
		"SELECT t.id, u.id, u.role, u.name, u.email, '' FROM api_tokens t "
		"JOIN users u ON u.id = t.user_id "
		"WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1",
		DB_ARGS(DB_TEXT(token_hash)), out, false);
	if (st != DB_OK || !*out)
		return st;
	/* Recorded at minute granularity so a busy script does not write on
	 * every request. */
	return db_exec(db, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 "
			   "AND (last_used_at IS NULL OR last_used_at < $2 - 60)",
		       DB_ARGS(DB_INT((*out)->token_id), DB_INT(now)));
}

int store_login_failure_add(db_t *db, const char *email, const char *ip, int64_t at)
{
	return db_exec(db, "INSERT INTO login_failures (email, ip, at) VALUES (lower($1), $2, $3)",
		       DB_ARGS(DB_TEXT(email), DB_TEXT(ip), DB_INT(at)));
}

int store_login_failure_count(db_t *db, const char *email, const char *ip, int64_t since,
			      int64_t *by_email, int64_t *by_ip)
{
	int st = db_query_int(db, by_email, NULL,
		"SELECT COUNT(*) FROM login_failures WHERE email = lower($1) AND ip = $2 AND at >= $3",
		DB_ARGS(DB_TEXT(email), DB_TEXT(ip), DB_INT(since)));
	if (st != DB_OK)
		return st;
	return db_query_int(db, by_ip, NULL,
		"SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at >= $2",
		DB_ARGS(DB_TEXT(ip), DB_INT(since)));
}

int store_login_failure_clear(db_t *db, const char *email, int64_t before)
{
	int st = db_exec(db, "DELETE FROM login_failures WHERE email = lower($1)",
			 DB_ARGS(DB_TEXT(email)));
	if (st != DB_OK)
		return st;
	return db_exec(db, "DELETE FROM login_failures WHERE at < $1", DB_ARGS(DB_INT(before)));
}

int store_token_revoke(db_t *db, int64_t id, int64_t user_id, int64_t now, int *changes)
{
	return db_exec_changes(db, changes,
		"UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
		DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(now)));
}
