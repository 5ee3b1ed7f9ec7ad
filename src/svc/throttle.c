/* The throttle of password and code checks (see throttle.h). Its counters
 * are in the database, so the limits hold across app servers; each attempt
 * takes its slot under every counter in one short transaction before the
 * (slow) check, one upsert per counter, so parallel attempts are ordered by
 * the database and none can pass a limit. */
#include "svc/svc.h"
#include "svc/throttle.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <ctype.h>

svc_throttle_t svc_throttle_keys(svc_t *s, const char *email)
{
	char *e = arena_strdup(s->arena, email ? email : "");
	for (char *c = e; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	const char *ip = s->ip ? s->ip : "";
	return (svc_throttle_t){arena_printf(s->arena, "ei:%s|%s", e, ip), arena_printf(s->arena, "i:%s", ip),
				 arena_printf(s->arena, "e:%s", e)};
}

/* Seconds an attempt on an email with n recent failures waits after the
 * last one: none up to SVC_THROTTLE_BACKOFF_FREE, then doubling from one. */
static int64_t backoff(int64_t n)
{
	if (n < SVC_THROTTLE_BACKOFF_FREE)
		return 0;
	int64_t shift = n - SVC_THROTTLE_BACKOFF_FREE;
	return shift >= 6 ? SVC_THROTTLE_BACKOFF_MAX : (int64_t)1 << shift;
}

static int limited(svc_t *s, int64_t wait, int *retry_after)
{
	svc_abort(s, SVC_OK);
	*retry_after = wait < 1 ? 1 : (int)wait;
	return svc_fail(s, SVC_LIMITED, "too_many_attempts", "too many failed logins; try again later");
}

int svc_throttle_take(svc_t *s, const svc_throttle_t *k, int64_t now, int *retry_after)
{
	/* Relaxed (PostgreSQL's READ COMMITTED): each upsert locks its row and
	 * counts from the latest committed value, always in the same order
	 * (pair, address, email), so parallel attempts queue on the rows
	 * instead of failing as serialization conflicts (25 parallel wrong
	 * passwords got 503s besides the 429s when this was SERIALIZABLE). */
	int st = svc_db(s, db_begin_relaxed(s->db));
	if (st)
		return st;
	row_throttle_t *c = NULL;
	int db = sql_throttle_get(s->db, s->arena, k->email, &c);
	if (db == DB_OK && c && c->first_at >= now - SVC_THROTTLE_BACKOFF_WINDOW) {
		int64_t until = c->last_at + backoff(c->failures);
		if (now < until)
			return limited(s, until - now, retry_after);
	}
	if (db == DB_OK)
		db = sql_throttle_hit(s->db, s->arena, k->pair, now, now - SVC_THROTTLE_WINDOW, &c);
	if (db == DB_OK && c && c->failures > SVC_THROTTLE_MAX_PER_EMAIL)
		return limited(s, c->first_at + SVC_THROTTLE_WINDOW - now, retry_after);
	if (db == DB_OK)
		db = sql_throttle_hit(s->db, s->arena, k->addr, now, now - SVC_THROTTLE_WINDOW, &c);
	if (db == DB_OK && c && c->failures > SVC_THROTTLE_MAX_PER_IP)
		return limited(s, c->first_at + SVC_THROTTLE_WINDOW - now, retry_after);
	if (db == DB_OK)
		db = sql_throttle_hit(s->db, s->arena, k->email, now, now - SVC_THROTTLE_BACKOFF_WINDOW, &c);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_throttle_give_back(svc_t *s, const svc_throttle_t *k)
{
	int db = sql_throttle_clear(s->db, k->pair);
	if (db == DB_OK)
		db = sql_throttle_release(s->db, k->addr);
	if (db == DB_OK)
		db = sql_throttle_release(s->db, k->email);
	return db;
}

int svc_throttle_attempt(svc_t *s, const char *email, int *retry_after)
{
	svc_throttle_t k = svc_throttle_keys(s, email);
	return svc_throttle_take(s, &k, time_now(), retry_after);
}

int svc_throttle_attempt_ok(svc_t *s, const char *email)
{
	svc_throttle_t k = svc_throttle_keys(s, email);
	return svc_db(s, svc_throttle_give_back(s, &k));
}
