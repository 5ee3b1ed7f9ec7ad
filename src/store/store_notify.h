/* Storage for notifications: per-person settings, the outbox the delivery
 * worker drains, the calendar notices sent per meeting, personal
 * calendar-feed tokens (hashes only), and the read-only queries the job
 * runner uses to find reminders and nudges that are due. Part of the store
 * interface (store.h includes it); same conventions as store.h: writes never
 * open transactions, the caller's unit of work does. */
#ifndef MENTORD_STORE_NOTIFY_H
#define MENTORD_STORE_NOTIFY_H
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/db.h"
#include "store/store_rel.h"

/* What a person wants to receive, and how. */
typedef struct notify_settings {
	int64_t user_id;
	const char *mode; /* "immediate" | "digest" */
	int digest_hour;  /* 0..23 in the person's time zone */
	bool meetings, messages, reminders, nudges, thank_you;
} notify_settings_t;

/* A recipient: the user, the time zone of their profile, their settings. */
typedef struct notify_person {
	int64_t id;
	const char *email, *name, *timezone;
	bool active;
	notify_settings_t settings;
} notify_person_t;

/* One row of the outbox. */
typedef struct outbox_row {
	int64_t id, user_id;
	const char *to_addr, *to_name, *category, *kind, *dedup_key, *message_id;
	const char *subject, *body, *ics, *ics_method, *status, *last_error;
	int attempts;
	int64_t next_attempt_at, lease_until, created_at, sent_at;
} outbox_row_t;

/* *out is NULL when the user does not exist; settings default when unset. */
int store_notify_person(db_t *db, arena_t *a, int64_t user_id, notify_person_t **out);
int store_notify_settings_put(db_t *db, const notify_settings_t *s);

/* Inserts o (status and next_attempt_at as given). A row with the same
 * dedup_key already present makes this a no-op with *id = 0. */
int store_outbox_insert(db_t *db, const outbox_row_t *o, int64_t *id);
/* Whether a mail with this dedup_key is in the outbox (a read). */
int store_outbox_key_known(db_t *db, const char *dedup_key, bool *known);
/* Which of keys are in the outbox, in one read: known (from a) holds them,
 * in no order. */
int store_outbox_keys_known(db_t *db, arena_t *a, const strlist_t *keys, strlist_t *known);
/* Claims the next due row: pending with next_attempt_at <= now, or sending
 * with an expired lease. Sets it to sending until lease_until and counts the
 * attempt. *out is NULL when nothing is due. Run it in its own transaction. */
int store_outbox_claim(db_t *db, arena_t *a, int64_t now, int64_t lease_until, outbox_row_t **out);
/* Outcomes. Each only touches the row while the claim that set lease_until
 * = lease still holds it, so a worker whose lease ran out and was taken over
 * cannot overwrite the new owner's outcome. */
int store_outbox_sent(db_t *db, int64_t id, int64_t lease, int64_t at);
int store_outbox_retry(db_t *db, int64_t id, int64_t lease, int64_t next_attempt_at, const char *err);
int store_outbox_failed(db_t *db, int64_t id, int64_t lease, const char *err);
int store_outbox_get(db_t *db, arena_t *a, int64_t id, outbox_row_t **out);
/* Rows held for a digest: the users who have some, then one user's rows. */
int store_outbox_held_users(db_t *db, arena_t *a, int64_t **ids, int *n);
int store_outbox_held_list(db_t *db, arena_t *a, int64_t user_id, int limit, outbox_row_t **items,
			   int *n);
/* Marks held rows of user_id with id <= upto as bundled into digest_id. */
int store_outbox_digested(db_t *db, int64_t user_id, int64_t upto, int64_t digest_id);
/* Counts the rows with a status; for metrics and tests. */
int store_outbox_count(db_t *db, const char *status, int64_t *n);

/* The SEQUENCE last announced to a meeting's attendees (*found false if none). */
int store_meeting_notice_get(db_t *db, int64_t meeting_id, int *sequence, bool *found);
int store_meeting_notice_put(db_t *db, int64_t meeting_id, int sequence, const char *status);

/* Calendar-feed tokens: set replaces the person's token, delete revokes it. */
int store_calendar_token_set(db_t *db, int64_t user_id, const char *token_hash);
int store_calendar_token_delete(db_t *db, int64_t user_id, int *changes);
/* *user_id is 0 when no live token has this hash (or its owner is inactive). */
int store_calendar_token_lookup(db_t *db, const char *token_hash, int64_t now, int64_t *user_id);

/* Whether this process may run job number `job` now: false while another
 * server runs the same job. Taken outside any transaction and held by the
 * connection (PostgreSQL's session advisory lock) until store_job_unlock,
 * across the pass's batches. */
int store_job_lock(db_t *db, int job, bool *mine);
int store_job_unlock(db_t *db, int job);

/* A meeting with what an invitation or reminder needs to say about it. */
typedef struct notify_meeting {
	meeting_row_t m;
	int64_t mentor_id, mentee_id;
	const char *mentor_name, *mentor_email, *mentee_name, *mentee_email, *program_name;
	const char *mentee_timezone;
} notify_meeting_t;
int store_notify_meeting(db_t *db, arena_t *a, int64_t meeting_id, notify_meeting_t **out);
/* Meetings of a person's relationships for the feed: series, and single
 * meetings starting at or after since; at most limit. */
int store_feed_meetings(db_t *db, arena_t *a, int64_t user_id, int64_t since, int limit,
			notify_meeting_t **items, int *n);
/* Scheduled meetings that may have an occurrence in (from, to]: single
 * meetings starting then, and every series that started before to. */
int store_due_meetings(db_t *db, arena_t *a, int64_t from, int64_t to, notify_meeting_t **items,
		       int *n);

/* Open goals and action items due between two dates (YYYY-MM-DD, inclusive). */
typedef struct notify_due {
	int64_t id, relationship_id, owner_id, mentor_id, mentee_id;
	const char *title, *due_on;
} notify_due_t;
int store_due_goals(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		    int *n);
int store_due_actions(db_t *db, arena_t *a, const char *from, const char *to, notify_due_t **items,
		      int *n);

/* A relationship's rhythm: when the pair last met or wrote, whether a meeting
 * is ahead, and who has been speaking up since `since` (messages sent and
 * agenda items proposed). cadence_days is the agreement's, else the
 * program's. */
typedef struct notify_rhythm {
	int64_t id, mentor_id, mentee_id;
	int phase, cadence_days, keep_in_touch_days; /* -1 = not set */
	int64_t created_at, completed_at, last_meeting, last_message;
	bool meeting_ahead;
	int64_t mentor_voice, mentee_voice;
} notify_rhythm_t;
/* Relationships in an active phase (alumni = false) or completed/alumni
 * ones with keep-in-touch set (alumni = true). */
int store_rel_rhythms(db_t *db, arena_t *a, bool alumni, int64_t now, int64_t since,
		      notify_rhythm_t **items, int *n);

#endif
