/* Accounts, their roles, and the audit log, as the domain's records
 * (core/model.h), composed from the named statements of sql/user.sql and
 * sql/auth.sql. Emails are stored lower-cased so uniqueness is
 * case-insensitive on every backend. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "store/store_directory.h"
#include "core/timeutil.h"

static role_t role_of(const char *s)
{
	int r = role_parse(s);
	return r < 0 ? ROLE_MEMBER : (role_t)r;
}

static void from_row(const row_user_t *r, user_t *u)
{
	*u = (user_t){.id = r->id, .email = r->email, .name = r->name, .role = role_of(r->role),
		      .active = r->active, .has_password = r->has_password, .created_at = r->created_at,
		      .updated_at = r->updated_at, .last_login_at = r->last_login_at,
		      .two_factor = r->two_factor, .invited_at = r->invited_at,
		      .invite_expires_at = r->invite_expires_at};
}

int store_user_insert(db_t *db, const user_t *u, const char *password_hash, int64_t *id)
{
	return sql_user_insert(db, u->email, u->name, role_name(u->role), password_hash, time_now(), id, NULL);
}

int store_user_get(db_t *db, arena_t *a, int64_t id, user_t **out)
{
	row_user_t *r;
	*out = NULL;
	int st = sql_user_get(db, a, id, &r);
	if (st == DB_OK && r) {
		*out = arena_alloc(a, sizeof(user_t));
		from_row(r, *out);
	}
	return st;
}

int store_user_by_email(db_t *db, arena_t *a, const char *email, user_t **out,
			const char **password_hash)
{
	row_user_login_t *r;
	*out = NULL;
	int st = sql_user_by_email(db, a, email, &r);
	if (st != DB_OK || !r)
		return st;
	row_user_t u = {.id = r->id, .email = r->email, .name = r->name, .role = r->role, .active = r->active,
			.has_password = r->has_password, .created_at = r->created_at, .updated_at = r->updated_at,
			.last_login_at = r->last_login_at, .two_factor = r->two_factor};
	*out = arena_alloc(a, sizeof(user_t));
	from_row(&u, *out);
	if (password_hash)
		*password_hash = r->password_hash;
	return DB_OK;
}

int store_user_list(db_t *db, arena_t *a, const store_people_filter_t *f, int64_t after, int limit,
		    user_t **items, int *n)
{
	row_user_t *rows;
	const char *role = f->role && *f->role ? f->role : NULL, *status = f->status && *f->status ? f->status : NULL;
	int st = sql_user_list(db, a, after, store_like_pattern(a, f->q), role, status, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(user_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(&rows[i], &(*items)[i]);
	return DB_OK;
}

int store_user_update(db_t *db, const user_t *u)
{
	return sql_user_update(db, u->id, u->email, u->name, role_name(u->role), u->active, time_now(), NULL);
}

int store_user_set_password(db_t *db, int64_t id, const char *password_hash, const char *keep_csrf,
			    store_signout_t *out)
{
	int64_t now = time_now();
	store_signout_t none;
	if (!out)
		out = &none;
	*out = (store_signout_t){0};
	int st = sql_user_set_password(db, id, password_hash, now);
	/* A new password ends every other session, revokes every token and
	 * every pending link (a reset, an invitation still unused): whoever
	 * knew the old password, or holds an old mail, is out. */
	if (st == DB_OK)
		st = sql_session_end_others(db, id, keep_csrf ? keep_csrf : "", &out->sessions);
	if (st == DB_OK)
		st = sql_token_revoke_all(db, id, now, &out->tokens);
	if (st == DB_OK)
		st = store_user_links_revoke(db, id);
	return st;
}

int store_user_links_revoke(db_t *db, int64_t id)
{
	int64_t now = time_now();
	int st = sql_link_revoke_all(db, id, "reset", now, NULL);
	return st == DB_OK ? sql_link_revoke_all(db, id, "invite", now, NULL) : st;
}

int store_user_sign_out(db_t *db, int64_t id, store_signout_t *out)
{
	store_signout_t none;
	if (!out)
		out = &none;
	*out = (store_signout_t){0};
	int st = sql_session_end_all(db, id, &out->sessions);
	return st == DB_OK ? sql_token_revoke_all(db, id, time_now(), &out->tokens) : st;
}

int store_user_deactivate(db_t *db, int64_t id)
{
	int64_t now = time_now();
	int st = sql_user_deactivate(db, id, now);
	if (st == DB_OK)
		st = sql_session_end_all(db, id, NULL);
	if (st == DB_OK)
		st = sql_token_revoke_all(db, id, now, NULL);
	/* A pending invitation of someone who left must not let them in. */
	if (st == DB_OK)
		st = store_user_links_revoke(db, id);
	return st;
}

int store_user_count(db_t *db, int64_t *n)
{
	*n = 0;
	return sql_user_count(db, n, NULL);
}

int store_audit(db_t *db, int64_t actor_id, const char *action, const char *object_type,
		int64_t object_id, const char *detail)
{
	return sql_audit_insert(db, time_now(), actor_id, action, object_type, object_id, detail ? detail : "");
}
