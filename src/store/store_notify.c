/* Notification storage (see store_notify.h), composed from the named
 * statements of sql/notify.sql: settings, the outbox with its claim/lease
 * protocol, meeting notices, calendar-feed tokens, and the queries behind
 * reminders and nudges. Rows come back as the typed records of
 * store_notify.h, allocated in the caller's arena. */
#include "store/store_base.h"
#include "store/store_notify.h"
#include "store/stmts.h"
#include "core/phase.h"
#include "core/timeutil.h"

#include <string.h>

/* Safety bounds on what one job pass reads. */
enum { DUE_MAX = 10000, RHYTHM_MAX = 100000 };

/* ---- settings ---- */

int store_notify_person(db_t *db, arena_t *a, int64_t user_id, notify_person_t **out)
{
	row_notify_person_t *r;
	*out = NULL;
	int st = sql_notify_person(db, a, user_id, &r);
	if (st != DB_OK || !r)
		return st;
	notify_person_t *p = arena_alloc(a, sizeof(*p));
	*p = (notify_person_t){.id = r->id, .email = r->email, .name = r->name, .timezone = r->timezone,
			       .active = r->active,
			       .settings = {.user_id = r->id, .mode = r->mode, .digest_hour = (int)r->digest_hour,
					    .meetings = r->meetings, .messages = r->messages,
					    .reminders = r->reminders, .nudges = r->nudges,
					    .thank_you = r->thank_you}};
	*out = p;
	return DB_OK;
}

int store_notify_settings_put(db_t *db, const notify_settings_t *n)
{
	return sql_notify_settings_put(db, n->user_id, n->mode, n->digest_hour, n->meetings, n->messages,
				       n->reminders, n->nudges, n->thank_you, time_now());
}

/* ---- the outbox ---- */

int store_outbox_key_known(db_t *db, const char *dedup_key, bool *known)
{
	int64_t one = 0;
	*known = false;
	return sql_outbox_key_known(db, dedup_key, &one, known);
}

int store_outbox_keys_known(db_t *db, arena_t *a, const strlist_t *keys, strlist_t *known)
{
	row_outbox_key_t *rows;
	int n = 0;
	int st = sql_outbox_keys_known(db, a, store_texts_json(a, keys), &rows, &n);
	*known = (strlist_t){arena_alloc(a, sizeof(*known->v) * (size_t)(n + 1)), 0};
	for (int i = 0; st == DB_OK && i < n; i++)
		known->v[known->n++] = rows[i].dedup_key;
	return st;
}

int store_outbox_insert(db_t *db, const outbox_row_t *o, int64_t *id)
{
	bool found = false;
	*id = 0;
	int st = sql_outbox_insert(db, o->user_id > 0 ? o->user_id : 0, o->to_addr, o->to_name ? o->to_name : "",
				   o->category, o->kind, o->dedup_key, o->message_id, o->subject, o->body,
				   o->ics, o->ics_method, o->status ? o->status : "pending", o->next_attempt_at,
				   o->created_at, id, &found);
	if (st == DB_OK && !found)
		*id = 0;
	return st;
}

static void from_outbox(const row_outbox_t *r, outbox_row_t *o)
{
	*o = (outbox_row_t){.id = r->id, .user_id = r->user_id, .to_addr = r->to_addr, .to_name = r->to_name,
			    .category = r->category, .kind = r->kind, .dedup_key = r->dedup_key,
			    .message_id = r->message_id, .subject = r->subject, .body = r->body, .ics = r->ics,
			    .ics_method = r->ics_method, .status = r->status, .last_error = r->last_error,
			    .attempts = (int)r->attempts, .next_attempt_at = r->next_attempt_at,
			    .lease_until = r->lease_until, .created_at = r->created_at, .sent_at = r->sent_at};
}

/* One row of a statement's answer as a record, *out NULL when none. */
static int one_outbox(int st, arena_t *a, const row_outbox_t *r, outbox_row_t **out)
{
	*out = NULL;
	if (st != DB_OK || !r)
		return st;
	*out = arena_alloc(a, sizeof(**out));
	from_outbox(r, *out);
	return DB_OK;
}

int store_outbox_claim(db_t *db, arena_t *a, int64_t now, int64_t lease_until, outbox_row_t **out)
{
	row_outbox_t *r;
	int st = sql_outbox_claim(db, a, now, lease_until, &r);
	return one_outbox(st, a, r, out);
}

int store_job_lock(db_t *db, int job, bool *mine)
{
	int64_t one = 0;
	return sql_job_lock(db, job, &one, mine);
}

int store_job_unlock(db_t *db, int job)
{
	int64_t one = 0;
	bool found = false;
	return sql_job_unlock(db, job, &one, &found);
}

int store_outbox_sent(db_t *db, int64_t id, int64_t lease, int64_t at)
{
	return sql_outbox_sent(db, id, lease, at);
}

int store_outbox_retry(db_t *db, int64_t id, int64_t lease, int64_t next_attempt_at, const char *err)
{
	return sql_outbox_retry(db, id, lease, next_attempt_at, err);
}

int store_outbox_failed(db_t *db, int64_t id, int64_t lease, const char *err)
{
	return sql_outbox_failed(db, id, lease, err);
}

int store_outbox_get(db_t *db, arena_t *a, int64_t id, outbox_row_t **out)
{
	row_outbox_t *r;
	int st = sql_outbox_get(db, a, id, &r);
	return one_outbox(st, a, r, out);
}

int store_outbox_held_users(db_t *db, arena_t *a, int64_t **ids, int *n)
{
	row_held_user_t *rows;
	int st = sql_outbox_held_users(db, a, &rows, n);
	*ids = arena_alloc(a, sizeof(int64_t) * (size_t)(*n + 1));
	for (int i = 0; st == DB_OK && i < *n; i++)
		(*ids)[i] = rows[i].user_id;
	return st;
}

int store_outbox_held_list(db_t *db, arena_t *a, int64_t user_id, int limit, outbox_row_t **items,
			   int *n)
{
	row_outbox_t *rows;
	int st = sql_outbox_held_list(db, a, user_id, limit, &rows, n);
	*items = arena_alloc(a, sizeof(outbox_row_t) * (size_t)(*n + 1));
	for (int i = 0; st == DB_OK && i < *n; i++)
		from_outbox(&rows[i], &(*items)[i]);
	return st;
}

int store_outbox_digested(db_t *db, int64_t user_id, int64_t upto, int64_t digest_id)
{
	return sql_outbox_digested(db, user_id, upto, digest_id);
}

int store_outbox_count(db_t *db, const char *status, int64_t *n)
{
	*n = 0;
	return sql_outbox_count(db, status, n, NULL);
}

/* ---- meeting notices ---- */

int store_meeting_notice_get(db_t *db, int64_t meeting_id, int *sequence, bool *found)
{
	int64_t v = 0;
	int st = sql_meeting_notice_get(db, meeting_id, &v, found);
	*sequence = (int)v;
	return st;
}

int store_meeting_notice_put(db_t *db, int64_t meeting_id, int sequence, const char *status)
{
	return sql_meeting_notice_put(db, meeting_id, sequence, status, time_now());
}

/* ---- calendar-feed tokens ---- */

int store_calendar_token_set(db_t *db, int64_t user_id, const char *token_hash)
{
	return sql_calendar_token_set(db, user_id, token_hash, time_now());
}

int store_calendar_token_delete(db_t *db, int64_t user_id, int *changes)
{
	return sql_calendar_token_delete(db, user_id, changes);
}

int store_calendar_token_lookup(db_t *db, const char *token_hash, int64_t now, int64_t *user_id)
{
	bool found = false;
	*user_id = 0;
	int st = sql_calendar_token_lookup(db, token_hash, user_id, &found);
	if (st != DB_OK || !found) {
		*user_id = 0;
		return st;
	}
	return sql_calendar_token_used(db, *user_id, now);
}

/* ---- meetings for invitations, the feed and reminders ---- */

static void from_meeting(const row_notify_meeting_t *r, notify_meeting_t *x)
{
	*x = (notify_meeting_t){
		.m = {.id = r->id, .relationship_id = r->relationship_id, .starts_at = r->starts_at,
		      .duration_min = (int)r->duration_min, .channel = r->channel, .kind = r->kind,
		      .rrule = r->rrule, .status = r->status, .sequence = (int)r->sequence,
		      .created_by = r->created_by},
		.mentor_id = r->mentor_id, .mentee_id = r->mentee_id, .mentor_name = r->mentor_name,
		.mentor_email = r->mentor_email, .mentee_name = r->mentee_name, .mentee_email = r->mentee_email,
		.program_name = r->program_name, .mentee_timezone = r->mentee_timezone};
}

static int meetings_of(int st, arena_t *a, const row_notify_meeting_t *rows, int n, notify_meeting_t **items)
{
	*items = arena_alloc(a, sizeof(notify_meeting_t) * (size_t)(n + 1));
	for (int i = 0; st == DB_OK && i < n; i++)
		from_meeting(&rows[i], &(*items)[i]);
	return st;
}

int store_notify_meeting(db_t *db, arena_t *a, int64_t meeting_id, notify_meeting_t **out)
{
	row_notify_meeting_t *r;
	*out = NULL;
	int st = sql_notify_meeting(db, a, meeting_id, &r);
	if (st != DB_OK || !r)
		return st;
	*out = arena_alloc(a, sizeof(**out));
	from_meeting(r, *out);
	return DB_OK;
}

int store_feed_meetings(db_t *db, arena_t *a, int64_t user_id, int64_t since, int limit,
			notify_meeting_t **items, int *n)
{
	row_notify_meeting_t *rows;
	int st = sql_feed_meetings(db, a, user_id, since, limit, &rows, n);
	return meetings_of(st, a, rows, *n, items);
}

int store_due_meetings(db_t *db, arena_t *a, int64_t from, int64_t to, notify_meeting_t **items,
		       int *n)
{
	row_notify_meeting_t *rows;
	int st = sql_due_meetings(db, a, from, to, DUE_MAX, &rows, n);
	return meetings_of(st, a, rows, *n, items);
}

/* ---- deadlines ---- */

static int dues_of(int st, arena_t *a, const row_notify_due_t *rows, int n, notify_due_t **items)
{
	*items = arena_alloc(a, sizeof(notify_due_t) * (size_t)(n + 1));
	for (int i = 0; st == DB_OK && i < n; i++)
		(*items)[i] = (notify_due_t){.id = rows[i].id, .relationship_id = rows[i].relationship_id,
					     .owner_id = rows[i].owner_id, .mentor_id = rows[i].mentor_id,
					     .mentee_id = rows[i].mentee_id, .title = rows[i].title,
					     .due_on = rows[i].due_on};
	return st;
}

int store_due_goals(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		    int *n)
{
	row_notify_due_t *rows;
	int st = sql_due_goals(db, a, from, to, DUE_MAX, &rows, n);
	return dues_of(st, a, rows, *n, items);
}

int store_due_actions(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		      int *n)
{
	row_notify_due_t *rows;
	int st = sql_due_actions(db, a, from, to, DUE_MAX, &rows, n);
	return dues_of(st, a, rows, *n, items);
}

/* ---- rhythm ---- */

int store_rel_rhythms(db_t *db, arena_t *a, bool alumni, int64_t now, int64_t since,
		      notify_rhythm_t **items, int *n)
{
	row_notify_rhythm_t *rows;
	int st = sql_rel_rhythms(db, a, now, since, alumni, RHYTHM_MAX, &rows, n);
	*items = arena_alloc(a, sizeof(notify_rhythm_t) * (size_t)(*n + 1));
	for (int i = 0; st == DB_OK && i < *n; i++) {
		const row_notify_rhythm_t *r = &rows[i];
		int ph = phase_parse(r->phase);
		(*items)[i] = (notify_rhythm_t){
			.id = r->id, .mentor_id = r->mentor_id, .mentee_id = r->mentee_id,
			.phase = ph < 0 ? PHASE_GETTING_TO_KNOW : ph, .cadence_days = (int)r->cadence_days,
			.keep_in_touch_days = (int)r->keep_in_touch_days, .created_at = r->created_at,
			.completed_at = r->completed_at, .last_meeting = r->last_meeting,
			.last_message = r->last_message, .meeting_ahead = r->meetings_ahead > 0,
			.mentor_voice = r->mentor_voice, .mentee_voice = r->mentee_voice};
	}
	return st;
}
