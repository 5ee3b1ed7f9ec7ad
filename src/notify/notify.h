/* Notifications: email through a transactional outbox, calendar invitations,
 * and the reminders and nudges of the job runner.
 *
 * Every notification is a row in the outbox table, written by the same
 * transaction as the change that causes it (notify_meeting,
 * notify_message, notify_thank_you are called by the handlers before they
 * commit). A delivery worker thread claims due rows under a lease, sends
 * them over SMTP with libcurl and records the outcome; a job runner thread
 * adds reminders and nudges, each under a unique key so it is queued once.
 * See docs/notify.md for the delivery guarantees. */
#ifndef MENTORD_NOTIFY_H
#define MENTORD_NOTIFY_H
#include <stdbool.h>
#include <stdint.h>
#include <curl/curl.h>
#include "core/arena.h"
#include "core/model.h"
#include "store/store.h"

typedef struct notify_config {
	const char *smtp_url;      /* smtp://host:587 or smtps://host:465; NULL/"" = keep mail queued */
	const char *smtp_user;     /* AUTH user; NULL = no AUTH */
	const char *smtp_password;
	const char *smtp_tls;      /* "auto" (STARTTLS required unless the host is loopback),
	                            * "starttls" (always required), "off" */
	int smtp_timeout;          /* seconds for one SMTP exchange */
	const char *mail_from;     /* envelope and From: address */
	const char *base_url;      /* links in mail, e.g. https://mentoring.example.org */
	int poll_ms;               /* how often an idle worker looks for due mail */
	int job_interval;          /* seconds between job-runner passes */
	int retry_base, retry_cap; /* backoff: base * 2^(attempt-1) seconds, at most cap */
	int max_attempts;          /* then the row is marked failed */
} notify_config_t;

void notify_config_defaults(notify_config_t *c);
/* Installs the process-wide configuration (copied). Call before the threads
 * start and before the first request. */
void notify_configure(const notify_config_t *c);
const notify_config_t *notify_config(void);
/* The lease a claimed message holds: longer than one SMTP exchange. */
int64_t notify_lease_seconds(const notify_config_t *c);

/* ---- hooks, called inside the caller's open transaction ---- */

/* Sends the invitation, update or cancellation of a meeting to both members
 * if its SEQUENCE is newer than the last one announced (held meetings are
 * recorded, not announced). Idempotent. */
int notify_meeting(db_t *db, arena_t *a, int64_t meeting_id);
/* A new message in the relationship's thread, to the other member. */
int notify_message(db_t *db, arena_t *a, const relationship_t *rel, int64_t author_id,
		   int64_t message_id, const char *body);
/* A thank-you note written at closing, to the other member. */
int notify_thank_you(db_t *db, arena_t *a, const relationship_t *rel, int64_t author_id,
		     const char *note);

/* Account mail (notify/account.c), sent whatever the person's settings and
 * at once, never held for a digest. token is the single-use link's secret
 * (only its hash is stored; the mail's copy is removed from the outbox once
 * delivered); expires_at its end; inviter who invited (NULL: mentord). */
int notify_invitation(db_t *db, arena_t *a, int64_t user_id, int64_t link_id, const char *token,
		      int64_t expires_at, const char *inviter);
/* The invitations of n new accounts at once (an import's batch), each as
 * notify_invitation would queue it: user_ids[i]'s link link_ids[i] with the
 * secret tokens[i]; a few statements whatever n. */
int notify_invitations(db_t *db, arena_t *a, int n, const int64_t *user_ids, const int64_t *link_ids,
		       const char *const *tokens, int64_t expires_at, const char *inviter);
int notify_password_reset(db_t *db, arena_t *a, int64_t user_id, int64_t link_id, const char *token,
			  int64_t expires_at);
/* "Your password was changed" (how: "changed", "reset", "set by an
 * administrator"), so a person learns of a change they did not make. */
int notify_password_changed(db_t *db, arena_t *a, int64_t user_id, const char *how);
/* "Two-factor sign-in was turned off" (by: NULL for the person, else the
 * administrator's name). */
int notify_two_factor_off(db_t *db, arena_t *a, int64_t user_id, const char *by);
/* The link of an account mail: base_url + "/invite?token=..." or
 * "/reset-password?token=..." (purpose "invite" or "reset"); owned by a. */
const char *notify_account_link(arena_t *a, const char *purpose, const char *token);

/* One email for one person. category is one of the settings' names
 * (meetings, messages, reminders, nudges, thank_you) or "account"; dedup_key (optional)
 * makes the row unique, so a reminder is queued once. The person's settings
 * decide: a disabled category writes nothing; digest mode holds the row for
 * the daily digest, except calendar mail (ics set), which is immediate.
 * *id (optional) gets the row id, 0 when nothing was written. */
typedef struct notify_mail {
	const char *category, *kind, *dedup_key, *subject, *body;
	const char *ics, *ics_method; /* a text/calendar part, METHOD REQUEST or CANCEL */
} notify_mail_t;
int notify_enqueue(db_t *db, arena_t *a, const notify_person_t *to, const notify_mail_t *m,
		   int64_t *id);

/* ---- delivery ---- */

/* Claims, sends and records at most one due message with db (taken from
 * the pool by the caller) over curl, an easy handle the caller keeps between
 * calls so one SMTP connection serves many messages. *did says whether there
 * was one. */
int notify_deliver_one(db_t *db, CURL *curl, bool *did);

/* ---- the job runner ---- */

typedef struct notify_job_stats {
	int meeting_reminders, goal_reminders, action_reminders, gone_quiet, unbalanced,
	    keep_in_touch, digests;
	int ending_reminders; /* notify/endings.h */
	int at_risk, missteps; /* the watch's mail (notify_set_watch) */
	int survey_requests;  /* notify/surveys.h */
} notify_job_stats_t;
/* One pass of every job at time now: queues what is due, each under its
 * unique key, in short transactions (batches, below). */
int notify_jobs_run(db_t *db, int64_t now, notify_job_stats_t *stats);

/* The batches a pass writes in: a write transaction opened by the first
 * write and committed after NOTIFY_BATCH items or NOTIFY_BATCH_MS
 * milliseconds, whichever comes first, so a pass never holds the write
 * lock for long. A job calls notify_batch_open before it writes and
 * notify_batch_done after each item (a relationship, a person...), passing
 * its status through. */
enum { NOTIFY_BATCH = 64, NOTIFY_BATCH_MS = 40 };
typedef struct notify_batch notify_batch_t;
int notify_batch_open(notify_batch_t *b);
int notify_batch_done(notify_batch_t *b, int st);

/* A watch the job runner runs at the end of each pass, after its own jobs,
 * with the pass's time and batch: the health watch of the services (which
 * notify may not include), handed in by the composition root. It adds to
 * stats->at_risk and stats->missteps the mail it queued. */
typedef int (*notify_watch_fn)(db_t *db, int64_t now, notify_batch_t *batch, notify_job_stats_t *stats);
/* Installs the watch (NULL: none). Call before the threads start. */
void notify_set_watch(notify_watch_fn fn);

/* ---- the threads ---- */

typedef struct notify_threads notify_threads_t;
/* Connections the threads take from the pool while they run. */
enum { NOTIFY_DB_CONNECTIONS = 2 };
/* Starts the delivery worker (only if smtp_url is set) and the job runner
 * on pool. Returns -1 if a thread cannot start. */
int notify_start(db_pool_t *pool, notify_threads_t **out);
/* Asks the threads to stop, lets an SMTP exchange in flight finish, joins. */
void notify_stop(notify_threads_t *t);
/* How many passes the job runner has finished (tests wait for the first,
 * which runs as the threads start). */
unsigned long notify_job_passes(notify_threads_t *t);

#endif
