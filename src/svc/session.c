/* A person's login sessions: listed with where and when each was last used
 * (the one asking marked current), ended one at a time or all but the one
 * asking ("sign out everywhere else", optionally with every API token);
 * administrators see anyone's. The session asking is known by its CSRF
 * token, which the services see (svc_t.csrf) and which is unique to it. */
#include "svc/svc.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

static int list(svc_t *s, int64_t user_id, bool mine, SessionList_t *out)
{
	row_session_t *rows;
	int n = 0;
	int db = sql_session_list(s->db, s->arena, user_id, time_now(), &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Session_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		const row_session_t *r = &rows[i];
		out->items.v[i] = (Session_t){.id = r->id, .created_at = r->created_at, .last_seen_at = r->last_seen_at,
					      .ip = r->ip, .user_agent = r->user_agent, .expires_at = r->expires_at,
					      .current = mine && s->via_session && s->csrf &&
							 !strcmp(r->csrf_token, s->csrf)};
		int64_t at;
		const char *ip;
		if (store_usage_peek(USAGE_SESSION, r->id, s->arena, &at, &ip) && at > r->last_seen_at) {
			out->items.v[i].last_seen_at = at;
			out->items.v[i].ip = ip;
		}
	}
	out->next = NULL;
	return SVC_OK;
}

int svc_session_list(svc_t *s, SessionList_t *out)
{
	return list(s, s->uid, true, out);
}

int svc_session_list_user(svc_t *s, const in_listUserSessions_t *in, SessionList_t *out)
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
	return list(s, in->id, in->id == s->uid, out);
}

int svc_session_end(svc_t *s, const in_endSession_t *in, SessionEnded_t *out)
{
	int st = svc_begin(s), changes = 0;
	if (st)
		return st;
	int db = sql_session_end_one(s->db, in->id, s->uid, &changes);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!changes)
		return svc_abort(s, svc_fail(s, SVC_NOT_FOUND, "not_found", "no live session %lld of yours",
					     (long long)in->id));
	if ((st = svc_commit(s)))
		return st;
	*out = (SessionEnded_t){.id = in->id, .ended = true};
	return SVC_OK;
}

int svc_session_end_others(svc_t *s, const in_endOtherSessions_t *in, SignedOut_t *out)
{
	int st = svc_begin(s), sessions = 0, tokens = 0;
	if (st)
		return st;
	bool with_tokens = in->has_tokens && in->tokens;
	int db = sql_session_end_others(s->db, s->uid, s->via_session && s->csrf ? s->csrf : "", &sessions);
	if (db == DB_OK && with_tokens)
		db = sql_token_revoke_all(s->db, s->uid, time_now(), &tokens);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "session.sign_out_others", "user", s->uid,
				 arena_printf(s->arena, "%d sessions ended, %d tokens revoked", sessions, tokens));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (SignedOut_t){.sessions_ended = sessions, .tokens_revoked = tokens};
	return SVC_OK;
}
