/* Users: accounts and roles. Emails are stored lower-cased so uniqueness is
 * case-insensitive on every backend. */
#include "store/store_base.h"
#include "store/store_directory.h"
#include "core/timeutil.h"

#include <string.h>

#define USER_COLS "id, email, name, role, active, password_hash IS NOT NULL, created_at, updated_at"

static user_t *row_user(db_stmt_t *s, arena_t *a)
{
	user_t *u = arena_alloc(a, sizeof(*u));
	u->id = db_col_int(s, 0);
	u->email = arena_strdup(a, db_col_text(s, 1));
	u->name = arena_strdup(a, db_col_text(s, 2));
	int r = role_parse(db_col_text(s, 3));
	u->role = r < 0 ? ROLE_MEMBER : (role_t)r;
	u->active = db_col_int(s, 4) != 0;
	u->has_password = db_col_int(s, 5) != 0;
	u->created_at = db_col_int(s, 6);
	u->updated_at = db_col_int(s, 7);
	return u;
}

int store_user_insert(db_t *db, const user_t *u, const char *password_hash, int64_t *id)
{
	int64_t now = time_now();
	bool found;
	return db_query_int(db, id, &found,
		"INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at) "
		"VALUES (lower($1), $2, $3, $4, 1, $5, $5) RETURNING id",
		DB_ARGS(DB_TEXT(u->email), DB_TEXT(u->name), DB_TEXT(role_name(u->role)),
			DB_TEXT(password_hash), DB_INT(now)));
}

int store_user_get(db_t *db, arena_t *a, int64_t id, user_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, "SELECT " USER_COLS " FROM users WHERE id = $1",
			  DB_ARGS(DB_INT(id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1)
		*out = row_user(s, a);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_user_by_email(db_t *db, arena_t *a, const char *email, user_t **out,
			const char **password_hash)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, "SELECT " USER_COLS ", password_hash FROM users WHERE email = lower($1)",
			  DB_ARGS(DB_TEXT(email)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		*out = row_user(s, a);
		if (password_hash)
			*password_hash = arena_strdup(a, db_col_text(s, 8));
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_user_list(db_t *db, arena_t *a, const char *q, int64_t after, int limit,
		    user_t **items, int *n)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(user_t) * (size_t)(limit > 0 ? limit : 1));
	const char *pattern = store_like_pattern(a, q);
	int st = db_query(db, &s,
		"SELECT " USER_COLS " FROM users WHERE id > $1 "
		"AND ($2 IS NULL OR lower(name) LIKE $2 ESCAPE '\\' OR email LIKE $2 ESCAPE '\\') "
		"ORDER BY id LIMIT $3",
		DB_ARGS(DB_INT(after), DB_TEXT(pattern), DB_INT(limit)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1)
		(*items)[(*n)++] = *row_user(s, a);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_user_update(db_t *db, const user_t *u)
{
	return db_exec(db,
		"UPDATE users SET email = lower($2), name = $3, role = $4, active = $5, updated_at = $6 "
		"WHERE id = $1",
		DB_ARGS(DB_INT(u->id), DB_TEXT(u->email), DB_TEXT(u->name), DB_TEXT(role_name(u->role)),
			DB_INT(u->active ? 1 : 0), DB_INT(time_now())));
}

int store_user_set_password(db_t *db, int64_t id, const char *password_hash)
{
	int st = db_exec(db, "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
			 DB_ARGS(DB_INT(id), DB_TEXT(password_hash), DB_INT(time_now())));
	if (st != DB_OK)
		return st;
	/* A new password ends every existing session. */
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1", DB_ARGS(DB_INT(id)));
}

int store_user_deactivate(db_t *db, int64_t id)
{
	int64_t now = time_now();
	int st = db_exec(db, "UPDATE users SET active = 0, updated_at = $2 WHERE id = $1",
			 DB_ARGS(DB_INT(id), DB_INT(now)));
	if (st == DB_OK)
		st = db_exec(db, "DELETE FROM sessions WHERE user_id = $1", DB_ARGS(DB_INT(id)));
	if (st == DB_OK)
		st = db_exec(db, "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
			     DB_ARGS(DB_INT(id), DB_INT(now)));
	return st;
}

int store_user_count(db_t *db, int64_t *n)
{
	return db_query_int(db, n, NULL, "SELECT COUNT(*) FROM users", DB_NOARGS);
}

int store_audit(db_t *db, int64_t actor_id, const char *action, const char *object_type,
		int64_t object_id, const char *detail)
{
	return db_exec(db,
		"INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) "
		"VALUES ($1, $2, $3, $4, $5, $6)",
		DB_ARGS(DB_INT(time_now()), DB_OPT_INT(actor_id, actor_id), DB_TEXT(action),
			DB_TEXT(object_type), DB_OPT_INT(object_id, object_id), DB_TEXT(detail ? detail : "")));
}
