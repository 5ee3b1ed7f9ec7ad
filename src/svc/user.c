/* Accounts: administrators create, change and deactivate them; managers
 * read them (to enrol people) and browse the people directory; members see
 * only themselves. Nothing is ever deleted: a deactivated account keeps its
 * history, loses its sessions and tokens, and cannot log in; its live
 * relationships end as the organisation's doing (svc_offboard, the same as
 * SCIM's deactivation). The API, the
 * people pages and `mentord user add` / `mentord init` all come through
 * here. */
#include "svc/svc.h"
#include "svc/invite.h"
#include "svc/user.h"
#include "svc/offboard.h"
#include "svc/sso.h"
#include "svc/user_view.h"
#include "notify/notify.h"

#include <string.h>
#include <strings.h>

/* Loads user id, or answers "not found". */
static int load(svc_t *s, int64_t id, user_t **out)
{
	int st = store_user_get(s->db, s->arena, id, out);
	if (st != DB_OK)
		return svc_db(s, st);
	return *out ? SVC_OK : svc_not_found(s, "user", id);
}

/* The account as saved, for the answer of a write. */
static int answer(svc_t *s, int64_t id, User_t *out)
{
	user_t *u;
	int st = store_user_get(s->db, s->arena, id, &u);
	if (st != DB_OK || !u)
		return svc_db(s, st == DB_OK ? DB_ERROR : st);
	svc_user_view(u, out);
	return SVC_OK;
}

/* Argon2id takes a while and much memory: done before any transaction, so
 * it never holds the write lock. */
static int hash_password(svc_t *s, const char *password, char hash[crypto_pwhash_STRBYTES])
{
	if (secret_hash_password(s->pw_cost, password, hash) == 0)
		return SVC_OK;
	return svc_fail(s, SVC_BUSY, "busy", "cannot hash the password now; try again");
}

int svc_user_list(svc_t *s, const in_listUsers_t *in, UserList_t *out)
{
	int st = svc_require_role(s, ROLE_MANAGER);
	if (st)
		return st;
	int64_t after;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 50, n;
	user_t *items;
	store_people_filter_t f = {.q = in->has_q ? in->q : NULL, .role = in->has_role ? in->role : NULL,
				   .status = in->has_status ? in->status : NULL};
	st = store_user_list(s->db, s->arena, &f, after, limit, &items, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	out->items.v = arena_alloc(s->arena, sizeof(User_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		svc_user_view(&items[i], &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? items[n - 1].id : 0);
	return SVC_OK;
}

int svc_user_create(svc_t *s, const in_createUser_t *in, User_t *out)
{
	const UserCreate_t *b = &in->body;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	user_t u = {.email = b->email, .name = b->name, .role = ROLE_MEMBER, .active = true};
	if (b->has_role)
		u.role = (role_t)role_parse(b->role);
	bool with_password = b->has_password && !b->password_null;
	if (with_password && svc_sso_password_refused(u.email))
		svc_field(s, "password", "passwords are switched off here (single sign-on only): only the break-glass "
			  "administrator has one");
	if ((st = svc_check(s)))
		return st;
	char hash[crypto_pwhash_STRBYTES];
	if (with_password && (st = hash_password(s, b->password, hash)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	user_t *existing = NULL;
	int64_t id = 0;
	int db = store_user_by_email(s->db, s->arena, u.email, &existing, NULL);
	if (db == DB_OK && existing)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "email_taken", "a user with email %s already exists",
					     u.email));
	if (db == DB_OK)
		db = store_user_insert(s->db, &u, with_password ? hash : NULL, &id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "user.create", "user", id, u.email);
	/* Without a password the person is invited to choose one. */
	if (db == DB_OK && !with_password && (!b->has_send_invitation || b->send_invitation))
		db = svc_invite_queue(s, id, NULL, NULL, NULL);
	if (db == DB_CONSTRAINT) /* taken between the look and the insert */
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "email_taken", "a user with email %s already exists",
					     u.email));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, id, out);
}

int svc_user_get(svc_t *s, const in_getUser_t *in, User_t *out)
{
	if (s->role < ROLE_MANAGER && in->id != s->uid)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "you can only see your own account");
	user_t *u;
	int st = load(s, in->id, &u);
	if (st)
		return st;
	svc_user_view(u, out);
	return SVC_OK;
}

/* The audit lines of an account's change: one per kind of change, so the
 * log can be read by action. */
static int audit_update(svc_t *s, const user_t *was, const user_t *u, bool password, int ended)
{
	int db = DB_OK;
	if (strcmp(was->email, u->email) || strcmp(was->name, u->name))
		db = store_audit(s->db, s->uid, "user.update", "user", u->id, u->email);
	if (db == DB_OK && was->role != u->role)
		db = store_audit(s->db, s->uid, "user.role", "user", u->id,
				 arena_printf(s->arena, "%s: %s to %s", u->email, role_name(was->role), role_name(u->role)));
	if (db == DB_OK && was->active != u->active)
		db = store_audit(s->db, s->uid, u->active ? "user.reactivate" : "user.deactivate", "user", u->id,
				 u->active ? u->email :
				 arena_printf(s->arena, "%s: sessions and tokens ended, %d relationships ended", u->email,
					      ended));
	if (db == DB_OK && password)
		db = store_audit(s->db, s->uid, "user.password_set", "user", u->id, u->email);
	return db;
}

int svc_user_update(svc_t *s, const in_updateUser_t *in, User_t *out)
{
	const UserPatch_t *b = &in->body;
	user_t *u;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st || (st = load(s, in->id, &u)))
		return st;
	user_t was = *u;
	if (b->has_email)
		u->email = b->email;
	if (b->has_name)
		u->name = b->name;
	if (b->has_role)
		u->role = (role_t)role_parse(b->role);
	if (b->has_active)
		u->active = b->active;
	/* The last administrator could otherwise lock everyone out. */
	if (u->id == s->uid && (u->role != ROLE_ADMIN || !u->active))
		svc_field(s, "role", "you cannot demote or deactivate yourself");
	if (b->has_password && svc_sso_password_refused(u->email))
		svc_field(s, "password", "passwords are switched off here (single sign-on only): only the break-glass "
			  "administrator has one");
	if ((st = svc_check(s)))
		return st;
	char hash[crypto_pwhash_STRBYTES];
	if (b->has_password && (st = hash_password(s, b->password, hash)))
		return st;
	if ((st = svc_begin(s)))
		return st;
	int db = store_user_update(s->db, u);
	/* A password set by an administrator ends the person's sessions and
	 * revokes their tokens, as any new password does. */
	if (db == DB_OK && b->has_password)
		db = store_user_set_password(s->db, u->id, hash, NULL, NULL);
	if (db == DB_OK && b->has_password && u->id != s->uid)
		db = notify_password_changed(s->db, s->arena, u->id, "set by an administrator");
	int ended = 0;
	if (db == DB_OK && !u->active && was.active)
		db = svc_offboard(s, u->id, u->name, &ended);
	/* Links already mailed went to the old address. */
	if (db == DB_OK && strcasecmp(was.email, u->email) != 0)
		db = store_user_links_revoke(s->db, u->id);
	if (db == DB_OK)
		db = audit_update(s, &was, u, b->has_password, ended);
	if (db == DB_CONSTRAINT)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "email_taken", "another user has email %s", u->email));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, u->id, out);
}

int svc_user_sign_out(svc_t *s, const in_signOutUser_t *in, SignedOut_t *out)
{
	user_t *u;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st || (st = load(s, in->id, &u)) || (st = svc_begin(s)))
		return st;
	store_signout_t so;
	int db = store_user_sign_out(s->db, u->id, &so);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "user.sign_out", "user", u->id,
				 arena_printf(s->arena, "%s: %d sessions ended, %d tokens revoked", u->email,
					      so.sessions, so.tokens));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (SignedOut_t){.sessions_ended = so.sessions, .tokens_revoked = so.tokens};
	return SVC_OK;
}

int svc_user_deactivate(svc_t *s, const in_deactivateUser_t *in, User_t *out)
{
	user_t *u;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	if (in->id == s->uid)
		return svc_fail(s, SVC_CONFLICT, "conflict", "you cannot deactivate yourself");
	if ((st = load(s, in->id, &u)) || (st = svc_begin(s)))
		return st;
	int ended = 0;
	int db = svc_offboard(s, u->id, u->name, &ended);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "user.deactivate", "user", u->id,
				 arena_printf(s->arena, "%s: sessions and tokens ended, %d relationships ended", u->email,
					      ended));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, u->id, out);
}

int svc_user_directory(svc_t *s, const store_people_filter_t *f, int64_t after, int limit, svc_people_t *out)
{
	*out = (svc_people_t){0};
	if (s->role < ROLE_MANAGER)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden",
				"only administrators and program managers can browse people");
	int st = store_people_search(s->db, s->arena, f, after, limit, &out->items, &out->n);
	if (st != DB_OK)
		return svc_db(s, st);
	if (out->n == limit)
		out->next = out->items[out->n - 1].id;
	return SVC_OK;
}

int svc_user_person(svc_t *s, int64_t id, svc_person_t *out)
{
	*out = (svc_person_t){.self = id == s->uid};
	if (s->role < ROLE_MANAGER && !out->self)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "you can only see your own profile");
	int st = store_user_get(s->db, s->arena, id, &out->user);
	if (st == DB_OK && !out->user)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "there is no person with this number");
	if (st == DB_OK)
		st = store_profile_get(s->db, s->arena, id, &out->profile);
	if (st == DB_OK && out->profile && out->profile->manager_id)
		st = store_user_get(s->db, s->arena, out->profile->manager_id, &out->manager);
	return st == DB_OK ? SVC_OK : svc_db(s, st);
}

int svc_user_find(svc_t *s, const char *email, user_t **out)
{
	*out = NULL;
	int st = svc_require_role(s, ROLE_MANAGER);
	if (st)
		return st;
	int db = store_user_by_email(s->db, s->arena, email, out, NULL);
	if (db != DB_OK)
		return svc_db(s, db);
	return *out ? SVC_OK : svc_fail(s, SVC_NOT_FOUND, "not_found", "no user with email %s", email);
}
