/* Notification storage (see store_notify.h): settings, the outbox with its
 * claim/lease protocol, meeting notices, calendar-feed tokens, and the
 * queries behind reminders and nudges. */
#include "store/store_base.h"
#include "store/store_notify.h"
#include "core/phase.h"
#include "core/timeutil.h"

#include <string.h>

static const char *dup(arena_t *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* ---- settings ---- */

#define PERSON_SELECT "SELECT u.id, u.email, u.name, u.active, COALESCE(p.timezone, 'UTC'), " \
	"COALESCE(s.mode, 'immediate'), COALESCE(s.digest_hour, 8), COALESCE(s.meetings, 1), " \
	"COALESCE(s.messages, 1), COALESCE(s.reminders, 1), COALESCE(s.nudges, 1), " \
	"COALESCE(s.thank_you, 1) FROM users u LEFT JOIN profiles p ON p.user_id = u.id " \
	"LEFT JOIN notification_settings s ON s.user_id = u.id "

int store_notify_person(db_t *db, arena_t *a, int64_t user_id, notify_person_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, PERSON_SELECT "WHERE u.id = $1", DB_ARGS(DB_INT(user_id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		notify_person_t *p = arena_alloc(a, sizeof(*p));
		p->id = db_col_int(s, 0);
		p->email = dup(a, db_col_text(s, 1));
		p->name = dup(a, db_col_text(s, 2));
		p->active = db_col_int(s, 3) != 0;
		p->timezone = dup(a, db_col_text(s, 4));
		notify_settings_t *n = &p->settings;
		n->user_id = p->id;
		n->mode = dup(a, db_col_text(s, 5));
		n->digest_hour = (int)db_col_int(s, 6);
		n->meetings = db_col_int(s, 7) != 0;
		n->messages = db_col_int(s, 8) != 0;
		n->reminders = db_col_int(s, 9) != 0;
		n->nudges = db_col_int(s, 10) != 0;
		n->thank_you = db_col_int(s, 11) != 0;
		*out = p;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_notify_settings_put(db_t *db, const notify_settings_t *n)
{
	return db_exec(db,
		"INSERT INTO notification_settings (user_id, mode, digest_hour, meetings, messages, "
		"reminders, nudges, thank_you, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
		"ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, digest_hour = excluded.digest_hour, "
		"meetings = excluded.meetings, messages = excluded.messages, reminders = excluded.reminders, "
		"nudges = excluded.nudges, thank_you = excluded.thank_you, updated_at = excluded.updated_at",
		DB_ARGS(DB_INT(n->user_id), DB_TEXT(n->mode), DB_INT(n->digest_hour), DB_INT(n->meetings),
			DB_INT(n->messages), DB_INT(n->reminders), DB_INT(n->nudges), DB_INT(n->thank_you),
			DB_INT(time_now())));
}

/* ---- the outbox ---- */

int store_outbox_insert(db_t *db, const outbox_row_t *o, int64_t *id)
{
	bool found = false;
	*id = 0;
	int st = db_query_int(db, id, &found,
		"INSERT INTO outbox (user_id, to_addr, to_name, category, kind, dedup_key, message_id, "
		"subject, body, ics, ics_method, status, next_attempt_at, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
		"ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
		DB_ARGS(DB_OPT_INT(o->user_id > 0, o->user_id), DB_TEXT(o->to_addr),
			DB_TEXT(o->to_name ? o->to_name : ""), DB_TEXT(o->category), DB_TEXT(o->kind),
			DB_TEXT(o->dedup_key), DB_TEXT(o->message_id), DB_TEXT(o->subject),
			DB_TEXT(o->body), DB_TEXT(o->ics), DB_TEXT(o->ics_method),
			DB_TEXT(o->status ? o->status : "pending"), DB_INT(o->next_attempt_at),
			DB_INT(o->created_at)));
	if (st == DB_OK && !found)
		*id = 0;
	return st;
}

#define OUTBOX_COLS "id, COALESCE(user_id, 0), to_addr, to_name, category, kind, dedup_key, " \
	"message_id, subject, body, ics, ics_method, status, last_error, attempts, next_attempt_at, " \
	"COALESCE(lease_until, 0), created_at, COALESCE(sent_at, 0)"

static void row_outbox(db_stmt_t *s, arena_t *a, outbox_row_t *o)
{
	o->id = db_col_int(s, 0);
	o->user_id = db_col_int(s, 1);
	o->to_addr = dup(a, db_col_text(s, 2));
	o->to_name = dup(a, db_col_text(s, 3));
	o->category = dup(a, db_col_text(s, 4));
	o->kind = dup(a, db_col_text(s, 5));
	o->dedup_key = dup(a, db_col_text(s, 6));
	o->message_id = dup(a, db_col_text(s, 7));
	o->subject = dup(a, db_col_text(s, 8));
	o->body = dup(a, db_col_text(s, 9));
	o->ics = dup(a, db_col_text(s, 10));
	o->ics_method = dup(a, db_col_text(s, 11));
	o->status = dup(a, db_col_text(s, 12));
	o->last_error = dup(a, db_col_text(s, 13));
	o->attempts = (int)db_col_int(s, 14);
	o->next_attempt_at = db_col_int(s, 15);
	o->lease_until = db_col_int(s, 16);
	o->created_at = db_col_int(s, 17);
	o->sent_at = db_col_int(s, 18);
}

/* Loads at most max rows of a query selecting OUTBOX_COLS. */
static int load_rows(db_t *db, arena_t *a, int max, outbox_row_t **items, int *n, const char *sql,
		     const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(outbox_row_t) * (size_t)(max > 0 ? max : 1));
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = 0;
	while (*n < max && (rc = db_step(s)) == 1)
		row_outbox(s, a, &(*items)[(*n)++]);
	db_done(s);
	return *n < max && rc < 0 ? rc : DB_OK;
}

int store_outbox_claim(db_t *db, arena_t *a, int64_t now, int64_t lease_until, outbox_row_t **out)
{
	outbox_row_t *rows;
	int n = 0;
	*out = NULL;
	/* The oldest due row first; an expired lease counts as due. */
	int st = load_rows(db, a, 1, &rows, &n,
		"UPDATE outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1 "
		"WHERE id = (SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1) "
		"OR (status = 'sending' AND lease_until <= $1) ORDER BY next_attempt_at, id LIMIT 1) "
		"RETURNING " OUTBOX_COLS,
		DB_ARGS(DB_INT(now), DB_INT(lease_until)));
	if (st == DB_OK && n == 1)
		*out = rows;
	return st;
}

int store_outbox_sent(db_t *db, int64_t id, int64_t lease, int64_t at)
{
	return db_exec(db, "UPDATE outbox SET status = 'sent', sent_at = $3, lease_until = NULL, "
			   "last_error = NULL WHERE id = $1 AND status = 'sending' AND lease_until = $2",
		       DB_ARGS(DB_INT(id), DB_INT(lease), DB_INT(at)));
}

int store_outbox_retry(db_t *db, int64_t id, int64_t lease, int64_t next_attempt_at, const char *err)
{
	return db_exec(db, "UPDATE outbox SET status = 'pending', next_attempt_at = $3, lease_until = NULL, "
			   "last_error = $4 WHERE id = $1 AND status = 'sending' AND lease_until = $2",
		       DB_ARGS(DB_INT(id), DB_INT(lease), DB_INT(next_attempt_at), DB_TEXT(err)));
}

int store_outbox_failed(db_t *db, int64_t id, int64_t lease, const char *err)
{
	return db_exec(db, "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $3 "
			   "WHERE id = $1 AND status = 'sending' AND lease_until = $2",
		       DB_ARGS(DB_INT(id), DB_INT(lease), DB_TEXT(err)));
}

int store_outbox_get(db_t *db, arena_t *a, int64_t id, outbox_row_t **out)
{
	outbox_row_t *rows;
	int n = 0;
	*out = NULL;
	int st = load_rows(db, a, 1, &rows, &n, "SELECT " OUTBOX_COLS " FROM outbox WHERE id = $1",
			   DB_ARGS(DB_INT(id)));
	if (st == DB_OK && n == 1)
		*out = rows;
	return st;
}

int store_outbox_held_users(db_t *db, arena_t *a, int64_t **ids, int *n)
{
	db_stmt_t *s;
	int cap = 64;
	*n = 0;
	*ids = arena_alloc(a, sizeof(int64_t) * (size_t)cap);
	int st = db_query(db, &s, "SELECT DISTINCT user_id FROM outbox WHERE status = 'held' "
				  "AND user_id IS NOT NULL ORDER BY user_id", DB_NOARGS);
	if (st != DB_OK)
		return st;
	int rc = 0;
	while ((rc = db_step(s)) == 1) {
		if (*n == cap) {
			int64_t *bigger = arena_alloc(a, sizeof(int64_t) * (size_t)cap * 2);
			memcpy(bigger, *ids, sizeof(int64_t) * (size_t)cap);
			*ids = bigger;
			cap *= 2;
		}
		(*ids)[(*n)++] = db_col_int(s, 0);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_outbox_held_list(db_t *db, arena_t *a, int64_t user_id, int limit, outbox_row_t **items,
			   int *n)
{
	return load_rows(db, a, limit, items, n,
			 "SELECT " OUTBOX_COLS " FROM outbox WHERE user_id = $1 AND status = 'held' "
			 "ORDER BY id LIMIT $2", DB_ARGS(DB_INT(user_id), DB_INT(limit)));
}

int store_outbox_digested(db_t *db, int64_t user_id, int64_t upto, int64_t digest_id)
{
	return db_exec(db, "UPDATE outbox SET status = 'digested', digest_id = $3 "
			   "WHERE user_id = $1 AND status = 'held' AND id <= $2",
		       DB_ARGS(DB_INT(user_id), DB_INT(upto), DB_INT(digest_id)));
}

int store_outbox_count(db_t *db, const char *status, int64_t *n)
{
	return db_query_int(db, n, NULL, "SELECT COUNT(*) FROM outbox WHERE ($1 IS NULL OR status = $1)",
			    DB_ARGS(DB_TEXT(status)));
}

/* ---- meeting notices ---- */

int store_meeting_notice_get(db_t *db, int64_t meeting_id, int *sequence, bool *found)
{
	int64_t v = 0;
	int st = db_query_int(db, &v, found, "SELECT sequence FROM meeting_notices WHERE meeting_id = $1",
			      DB_ARGS(DB_INT(meeting_id)));
	*sequence = (int)v;
	return st;
}

int store_meeting_notice_put(db_t *db, int64_t meeting_id, int sequence, const char *status)
{
	return db_exec(db,
		"INSERT INTO meeting_notices (meeting_id, sequence, status, at) VALUES ($1, $2, $3, $4) "
		"ON CONFLICT (meeting_id) DO UPDATE SET sequence = excluded.sequence, "
		"status = excluded.status, at = excluded.at",
		DB_ARGS(DB_INT(meeting_id), DB_INT(sequence), DB_TEXT(status), DB_INT(time_now())));
}

/* ---- calendar-feed tokens ---- */

int store_calendar_token_set(db_t *db, int64_t user_id, const char *token_hash)
{
	return db_exec(db,
		"INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3) "
		"ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, "
		"created_at = excluded.created_at, last_used_at = NULL",
		DB_ARGS(DB_INT(user_id), DB_TEXT(token_hash), DB_INT(time_now())));
}

int store_calendar_token_delete(db_t *db, int64_t user_id, int *changes)
{
	return db_exec_changes(db, changes, "DELETE FROM calendar_tokens WHERE user_id = $1",
			       DB_ARGS(DB_INT(user_id)));
}

int store_calendar_token_lookup(db_t *db, const char *token_hash, int64_t now, int64_t *user_id)
{
	bool found = false;
	*user_id = 0;
	int st = db_query_int(db, user_id, &found,
		"SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id "
		"WHERE t.token_hash = $1 AND u.active = 1", DB_ARGS(DB_TEXT(token_hash)));
	if (st != DB_OK || !found) {
		*user_id = 0;
		return st;
	}
	/* Calendar clients poll; note the use at hour granularity only. */
	return db_exec(db, "UPDATE calendar_tokens SET last_used_at = $2 WHERE user_id = $1 "
			   "AND (last_used_at IS NULL OR last_used_at < $2 - 3600)",
		       DB_ARGS(DB_INT(*user_id), DB_INT(now)));
}

/* ---- meetings for invitations, the feed and reminders ---- */

#define NM_SELECT "SELECT m.id, m.relationship_id, m.starts_at, m.duration_min, m.channel, m.kind, " \
	"m.rrule, m.status, m.sequence, m.created_by, r.mentor_id, r.mentee_id, mu.name, mu.email, " \
	"me.name, me.email, p.name, COALESCE(pe.timezone, 'UTC') FROM meetings m " \
	"JOIN relationships r ON r.id = m.relationship_id JOIN programs p ON p.id = r.program_id " \
	"JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id " \
	"LEFT JOIN profiles pe ON pe.user_id = r.mentee_id "

static void row_nm(db_stmt_t *s, arena_t *a, notify_meeting_t *x)
{
	meeting_row_t *m = &x->m;
	m->id = db_col_int(s, 0);
	m->relationship_id = db_col_int(s, 1);
	m->starts_at = db_col_int(s, 2);
	m->duration_min = (int)db_col_int(s, 3);
	m->channel = dup(a, db_col_text(s, 4));
	m->kind = dup(a, db_col_text(s, 5));
	m->rrule = dup(a, db_col_text(s, 6));
	m->status = dup(a, db_col_text(s, 7));
	m->sequence = (int)db_col_int(s, 8);
	m->created_by = db_col_int(s, 9);
	x->mentor_id = db_col_int(s, 10);
	x->mentee_id = db_col_int(s, 11);
	x->mentor_name = dup(a, db_col_text(s, 12));
	x->mentor_email = dup(a, db_col_text(s, 13));
	x->mentee_name = dup(a, db_col_text(s, 14));
	x->mentee_email = dup(a, db_col_text(s, 15));
	x->program_name = dup(a, db_col_text(s, 16));
	x->mentee_timezone = dup(a, db_col_text(s, 17));
}

static int load_nm(db_t *db, arena_t *a, int max, notify_meeting_t **items, int *n, const char *sql,
		   const db_val_t *args, int nargs)
{
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(notify_meeting_t) * (size_t)(max > 0 ? max : 1));
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = 0;
	while (*n < max && (rc = db_step(s)) == 1)
		row_nm(s, a, &(*items)[(*n)++]);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_notify_meeting(db_t *db, arena_t *a, int64_t meeting_id, notify_meeting_t **out)
{
	notify_meeting_t *items;
	int n = 0;
	*out = NULL;
	int st = load_nm(db, a, 1, &items, &n, NM_SELECT "WHERE m.id = $1", DB_ARGS(DB_INT(meeting_id)));
	if (st == DB_OK && n == 1)
		*out = items;
	return st;
}

int store_feed_meetings(db_t *db, arena_t *a, int64_t user_id, int64_t since, int limit,
			notify_meeting_t **items, int *n)
{
	return load_nm(db, a, limit, items, n, NM_SELECT
		"WHERE (r.mentor_id = $1 OR r.mentee_id = $1) AND (m.starts_at >= $2 OR m.rrule IS NOT NULL) "
		"ORDER BY m.starts_at, m.id LIMIT $3",
		DB_ARGS(DB_INT(user_id), DB_INT(since), DB_INT(limit)));
}

int store_due_meetings(db_t *db, arena_t *a, int64_t from, int64_t to, notify_meeting_t **items,
		       int *n)
{
	return load_nm(db, a, 10000, items, n, NM_SELECT
		"WHERE m.status = 'scheduled' AND m.starts_at <= $2 "
		"AND (m.starts_at > $1 OR m.rrule IS NOT NULL) ORDER BY m.id",
		DB_ARGS(DB_INT(from), DB_INT(to)));
}

/* ---- deadlines ---- */

static int load_due(db_t *db, arena_t *a, notify_due_t **items, int *n, const char *sql,
		    const db_val_t *args, int nargs)
{
	enum { MAX = 10000 };
	db_stmt_t *s;
	*n = 0;
	*items = arena_alloc(a, sizeof(notify_due_t) * MAX);
	int st = db_query(db, &s, sql, args, nargs);
	if (st != DB_OK)
		return st;
	int rc = 0;
	while (*n < MAX && (rc = db_step(s)) == 1) {
		notify_due_t *d = &(*items)[(*n)++];
		d->id = db_col_int(s, 0);
		d->relationship_id = db_col_int(s, 1);
		d->owner_id = db_col_int(s, 2);
		d->mentor_id = db_col_int(s, 3);
		d->mentee_id = db_col_int(s, 4);
		d->title = dup(a, db_col_text(s, 5));
		d->due_on = dup(a, db_col_text(s, 6));
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_due_goals(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		    int *n)
{
	/* A goal is the mentee's: owner_id is the mentee. */
	return load_due(db, a, items, n,
		"SELECT g.id, g.relationship_id, r.mentee_id, r.mentor_id, r.mentee_id, g.title, g.due_on "
		"FROM goals g JOIN relationships r ON r.id = g.relationship_id "
		"WHERE g.status = 'active' AND g.due_on IS NOT NULL AND g.due_on BETWEEN $1 AND $2 "
		"AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') ORDER BY g.id",
		DB_ARGS(DB_TEXT(from), DB_TEXT(to)));
}

int store_due_actions(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		      int *n)
{
	return load_due(db, a, items, n,
		"SELECT x.id, x.relationship_id, x.owner_id, r.mentor_id, r.mentee_id, x.title, x.due_on "
		"FROM actions x JOIN relationships r ON r.id = x.relationship_id "
		"WHERE x.status = 'open' AND x.due_on BETWEEN $1 AND $2 "
		"AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') ORDER BY x.id",
		DB_ARGS(DB_TEXT(from), DB_TEXT(to)));
}

/* ---- rhythm ---- */

int store_rel_rhythms(db_t *db, arena_t *a, bool alumni, int64_t now, int64_t since,
		      notify_rhythm_t **items, int *n)
{
	enum { MAX = 100000 };
	db_stmt_t *s;
	*n = 0;
	int st = db_query(db, &s,
		"SELECT r.id, r.mentor_id, r.mentee_id, r.phase, COALESCE(ag.cadence_days, p.cadence_days), "
		"COALESCE(r.keep_in_touch_days, -1), r.created_at, COALESCE(r.completed_at, 0), "
		"(SELECT COALESCE(MAX(m.starts_at), 0) FROM meetings m WHERE m.relationship_id = r.id "
		"  AND m.status <> 'cancelled' AND m.starts_at <= $1), "
		"(SELECT COALESCE(MAX(g.created_at), 0) FROM messages g WHERE g.relationship_id = r.id), "
		"(SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = r.id "
		"  AND m.status = 'scheduled' AND (m.starts_at > $1 OR m.rrule IS NOT NULL)), "
		"(SELECT COUNT(*) FROM messages g WHERE g.relationship_id = r.id "
		"  AND g.author_id = r.mentor_id AND g.created_at >= $2) + "
		"(SELECT COUNT(*) FROM agenda_items ai JOIN meetings m ON m.id = ai.meeting_id "
		"  WHERE m.relationship_id = r.id AND ai.author_id = r.mentor_id AND ai.created_at >= $2), "
		"(SELECT COUNT(*) FROM messages g WHERE g.relationship_id = r.id "
		"  AND g.author_id = r.mentee_id AND g.created_at >= $2) + "
		"(SELECT COUNT(*) FROM agenda_items ai JOIN meetings m ON m.id = ai.meeting_id "
		"  WHERE m.relationship_id = r.id AND ai.author_id = r.mentee_id AND ai.created_at >= $2) "
		"FROM relationships r JOIN programs p ON p.id = r.program_id "
		"LEFT JOIN agreements ag ON ag.relationship_id = r.id "
		"WHERE ($3 = 0 AND r.phase IN ('getting_to_know', 'goal_setting', 'working')) "
		"   OR ($3 = 1 AND r.phase IN ('completed', 'alumni') AND r.keep_in_touch_days > 0) "
		"ORDER BY r.id",
		DB_ARGS(DB_INT(now), DB_INT(since), DB_INT(alumni)));
	if (st != DB_OK)
		return st;
	int cap = 256, rc = 0;
	*items = arena_alloc(a, sizeof(notify_rhythm_t) * (size_t)cap);
	while (*n < MAX && (rc = db_step(s)) == 1) {
		if (*n == cap) {
			notify_rhythm_t *bigger = arena_alloc(a, sizeof(notify_rhythm_t) * (size_t)cap * 2);
			memcpy(bigger, *items, sizeof(notify_rhythm_t) * (size_t)cap);
			*items = bigger;
			cap *= 2;
		}
		notify_rhythm_t *x = &(*items)[(*n)++];
		x->id = db_col_int(s, 0);
		x->mentor_id = db_col_int(s, 1);
		x->mentee_id = db_col_int(s, 2);
		int ph = phase_parse(db_col_text(s, 3));
		x->phase = ph < 0 ? PHASE_GETTING_TO_KNOW : ph;
		x->cadence_days = (int)db_col_int(s, 4);
		x->keep_in_touch_days = (int)db_col_int(s, 5);
		x->created_at = db_col_int(s, 6);
		x->completed_at = db_col_int(s, 7);
		x->last_meeting = db_col_int(s, 8);
		x->last_message = db_col_int(s, 9);
		x->meeting_ahead = db_col_int(s, 10) > 0;
		x->mentor_voice = db_col_int(s, 11);
		x->mentee_voice = db_col_int(s, 12);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}
