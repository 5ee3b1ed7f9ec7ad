/* The job runner's jobs: reminders before meetings and deadlines, nudges
 * when a relationship goes quiet or one side does all the talking,
 * keep-in-touch reminders for alumni, and the daily digests. A job never
 * remembers what it did in memory: each reminder occurrence has a unique
 * key in the outbox (the meeting occurrence, the due date, the quiet spell
 * and how many cadences it has lasted...), so a pass after a restart, or
 * two servers running the same pass, queue each reminder once. Several
 * servers on one PostgreSQL database do not even run a pass at the same
 * time: each job's pass holds the job's advisory lock (store_job_lock,
 * for the connection's session, across the pass's batches), and a server
 * that finds it taken skips its turn.
 *
 * A pass reads what is due without a transaction (between writes, an item's
 * reads share a read snapshot, renewed like a batch) and writes in short ones:
 * a write transaction is opened for the first mail and committed after
 * NOTIFY_BATCH items or NOTIFY_BATCH_MS milliseconds, whichever comes first, so
 * a pass over fifty thousand relationships never holds SQLite's write lock
 * for more than a few tens of milliseconds at a time, and requests' writes
 * queue behind a batch, not behind the pass. Batches are relaxed
 * transactions: every queued mail has its unique key, so they need not be
 * serializable, and must not fail on a conflict with the people writing
 * meanwhile. The last job of a pass is the watch the composition root
 * installed (notify_set_watch: the services' health watch), which writes
 * through the same batches. */
#include "notify/notify.h"
#include "notify/ical.h"
#include "notify/notices.h"
#include "notify/endings.h"
#include "notify/surveys.h"
#include "core/buf.h"
#include "core/phase.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	DAY = 86400,
	MEETING_LEAD = DAY,       /* remind a day before a meeting */
	GOAL_LEAD_DAYS = 3,       /* ... three days before a goal is due */
	ACTION_LEAD_DAYS = 2,     /* ... two days before an action item is due */
	VOICE_WINDOW = 28 * DAY,  /* who has spoken up, over the last four weeks */
	BALANCE_PERIOD = 14 * DAY /* at most one balance nudge a fortnight */
};

/* A job's state is its batch (notify.h): the pass's time, its arenas, what
 * it queued and the open write transaction. What one item needs (the
 * person, the mail's text) goes into the item's arena, freed when the item
 * is done: a pass over fifty thousand relationships queues a hundred
 * thousand mails, and kept every one's text in memory to its end (the
 * server's RSS rose to 196 MB during that pass; 89 MB now). */
typedef struct notify_batch {
	db_t *db;
	arena_t *a;        /* the pass's: the list it walks */
	arena_t *t;        /* the item's */
	int64_t now;
	int queued;
	bool in_tx;        /* a batch is open */
	int batch_items;   /* items written in it */
	int64_t batch_start_ms;
	int read_items;    /* items read in the current read snapshot */
	int64_t read_start_ms;
	/* A chunk's keys (run_items): noted while collecting, then those of
	 * them already queued, sorted, while prefetched. */
	bool collecting, prefetched;
	strlist_t keys;
	int capkeys;
	arena_t *k;        /* the chunk's keys and answer */
	strlist_t known;
} job_t;

static notify_watch_fn watch;

void notify_set_watch(notify_watch_fn fn)
{
	watch = fn;
}

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Opens the batch a write goes into, if none is open. */
static int batch_open(job_t *j)
{
	if (j->in_tx)
		return DB_OK;
	int st = db_begin_relaxed(j->db);
	if (st == DB_OK) {
		j->in_tx = true;
		j->batch_items = 0;
		j->batch_start_ms = mono_ms();
	}
	return st;
}

static int batch_commit(job_t *j)
{
	if (!j->in_tx)
		return DB_OK;
	j->in_tx = false;
	j->read_start_ms = 0; /* the next item opens a read snapshot */
	return db_commit(j->db);
}

/* After each item (a meeting, a goal, a relationship, a person's digest):
 * commits the batch when it is full or old, so the next waits its turn. */
static int item_done(job_t *j, int st)
{
	arena_free(j->t);
	j->t = arena_new();
	if (st != DB_OK)
		return st;
	if (!j->in_tx) {
		/* Between writes, the items' reads (is this mail queued already,
		 * who is the person) share a read snapshot, renewed as often as a
		 * batch: each read on its own took and released SQLite's read
		 * locks, system calls that were most of a quiet pass. */
		if (++j->read_items >= NOTIFY_BATCH || mono_ms() - j->read_start_ms >= NOTIFY_BATCH_MS) {
			db_read_end(j->db);
			db_read_begin(j->db);
			j->read_items = 0;
			j->read_start_ms = mono_ms();
		}
		return DB_OK;
	}
	if (++j->batch_items >= NOTIFY_BATCH || mono_ms() - j->batch_start_ms >= NOTIFY_BATCH_MS)
		return batch_commit(j);
	return DB_OK;
}

/* ---- a chunk's keys, asked for at once ---- */

/* A job that walks many items (every live relationship) asked for each
 * mail's key on its own whether it was queued already: on PostgreSQL a
 * round trip each, most of a quiet pass over 50,000 relationships. Now
 * run_items runs a chunk's items once with send_to only noting their keys,
 * asks which of those are queued in one statement, and runs the items
 * again with send_to looking the answer up. An item decides from its row
 * and the pass's time alone, so both runs find the same mails due. */
enum { KEY_CHUNK = 500 };

typedef int (*item_fn)(job_t *j, const void *item, notify_job_stats_t *s);

static int by_key(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int note_key(job_t *j, const char *key)
{
	if (j->keys.n == j->capkeys) {
		j->capkeys = j->capkeys ? 2 * j->capkeys : 2 * KEY_CHUNK;
		j->keys.v = xrealloc(j->keys.v, sizeof(*j->keys.v) * (size_t)j->capkeys);
	}
	j->keys.v[j->keys.n++] = arena_strdup(j->k, key);
	return DB_OK;
}

static int run_items(job_t *j, const void *items, size_t size, int n, item_fn fn, notify_job_stats_t *s)
{
	int st = DB_OK;
	for (int from = 0; st == DB_OK && from < n; from += KEY_CHUNK) {
		int to = n - from < KEY_CHUNK ? n : from + KEY_CHUNK;
		j->k = arena_new();
		j->keys.n = 0;
		j->collecting = true;
		for (int i = from; st == DB_OK && i < to; i++) {
			st = fn(j, (const char *)items + (size_t)i * size, s);
			arena_free(j->t);
			j->t = arena_new();
		}
		j->collecting = false;
		if (st == DB_OK)
			st = store_outbox_keys_known(j->db, j->k, &j->keys, &j->known);
		if (st == DB_OK) {
			qsort(j->known.v, (size_t)j->known.n, sizeof(*j->known.v), by_key);
			j->prefetched = true;
		}
		for (int i = from; st == DB_OK && i < to; i++)
			st = item_done(j, fn(j, (const char *)items + (size_t)i * size, s));
		j->prefetched = false;
		arena_free(j->k);
		j->k = NULL;
	}
	free(j->keys.v);
	j->keys = (strlist_t){0};
	j->capkeys = 0;
	return st;
}

static int send_to(job_t *j, int64_t user_id, const char *category, const char *kind,
		   const char *key, const char *subject, const char *body)
{
	/* Most of what a pass finds due was queued by an earlier pass: asking
	 * first (a read) spares the mail's making and a write batch whose
	 * insert would do nothing. A pass over 50,000 quiet relationships
	 * took seconds of CPU and write turns every minute for none. */
	bool known = false;
	int st = DB_OK;
	if (j->collecting)
		return note_key(j, key);
	if (j->prefetched)
		known = bsearch(&key, j->known.v, (size_t)j->known.n, sizeof(*j->known.v), by_key) != NULL;
	else
		st = store_outbox_key_known(j->db, key, &known);
	if (st != DB_OK || known)
		return st;
	notify_person_t *to = NULL;
	st = store_notify_person(j->db, j->t, user_id, &to);
	if (st != DB_OK || !to)
		return st;
	notify_mail_t m = {.category = category, .kind = kind, .dedup_key = key, .subject = subject,
			   .body = body};
	int64_t id = 0;
	if ((st = batch_open(j)) != DB_OK)
		return st;
	st = notify_enqueue(j->db, j->t, to, &m, &id);
	if (st == DB_OK && id)
		j->queued++;
	return st;
}

static const char *rel_link(job_t *j, int64_t rel_id)
{
	return notice_link(j->t, arena_printf(j->t, "/relationships/%lld", (long long)rel_id));
}

static const char *date_at(arena_t *a, int64_t t)
{
	char iso[32];
	time_format(t, iso, sizeof(iso));
	return arena_strndup(a, iso, 10);
}

/* ---- meetings ---- */

static int meeting_reminders(job_t *j)
{
	notify_meeting_t *ms;
	int n = 0;
	int st = store_due_meetings(j->db, j->a, j->now, j->now + MEETING_LEAD, &ms, &n);
	for (int i = 0; st == DB_OK && i < n; i++) {
		const notify_meeting_t *nm = &ms[i];
		const char *anchor = nm->m.rrule ? nm->mentee_timezone : "UTC";
		int64_t occ = 0;
		if (!ical_next_occurrence(&nm->m, ical_zone_known(anchor) ? anchor : "UTC", j->now, &occ) ||
		    occ > j->now + MEETING_LEAD)
			continue;
		for (int k = 0; st == DB_OK && k < 2; k++) {
			int64_t uid = k ? nm->mentor_id : nm->mentee_id;
			const char *other = k ? nm->mentee_name : nm->mentor_name;
			notify_person_t *p = NULL;
			st = store_notify_person(j->db, j->t, uid, &p);
			if (st != DB_OK || !p)
				break;
			const char *when = notice_when(j->t, occ, p->timezone);
			st = send_to(j, uid, "reminders", "meeting_reminder",
				arena_printf(j->t, "remind:meeting:%lld:%lld:%lld", (long long)nm->m.id,
					     (long long)occ, (long long)uid),
				arena_printf(j->t, "Reminder: meeting with %s, %s", other, when),
				arena_printf(j->t, "You meet %s on %s (%d minutes, %s).\n\n"
					     "Add your questions to the agenda beforehand: %s\n", other, when,
					     nm->m.duration_min, nm->m.channel,
					     notice_link(j->t, arena_printf(j->t, "/meetings/%lld",
									    (long long)nm->m.id))));
		}
		st = item_done(j, st);
	}
	return st;
}

/* ---- deadlines ---- */

static int deadline_reminders(job_t *j, bool goals, int *count)
{
	notify_due_t *ds;
	int n = 0, before = j->queued;
	const char *from = date_at(j->a, j->now);
	const char *to = date_at(j->a, j->now + (goals ? GOAL_LEAD_DAYS : ACTION_LEAD_DAYS) * DAY);
	int st = goals ? store_due_goals(j->db, j->a, from, to, &ds, &n)
		       : store_due_actions(j->db, j->a, from, to, &ds, &n);
	for (int i = 0; st == DB_OK && i < n; i++) {
		const notify_due_t *d = &ds[i];
		const char *what = goals ? "goal" : "action item";
		/* A goal concerns both; an action item its owner. */
		int64_t who[2] = {d->owner_id, goals ? d->mentor_id : 0};
		for (int k = 0; st == DB_OK && k < 2; k++) {
			if (!who[k])
				continue;
			st = send_to(j, who[k], "reminders", goals ? "goal_due" : "action_due",
				arena_printf(j->t, "remind:%s:%lld:%s:%lld", goals ? "goal" : "action",
					     (long long)d->id, d->due_on, (long long)who[k]),
				arena_printf(j->t, "Due %s: %s", d->due_on, d->title),
				arena_printf(j->t, "The %s \"%s\" is due on %s.\n\n%s\n", what, d->title,
					     d->due_on, rel_link(j, d->relationship_id)));
		}
		st = item_done(j, st);
	}
	*count += j->queued - before;
	return st;
}

/* ---- rhythm: gone quiet, unbalanced, keep in touch ---- */

static int64_t max3(int64_t a, int64_t b, int64_t c)
{
	int64_t m = a > b ? a : b;
	return m > c ? m : c;
}

static int gone_quiet(job_t *j, const notify_rhythm_t *r, int *count)
{
	int64_t last = max3(r->created_at, r->last_meeting, r->last_message);
	int64_t gap = 2LL * (r->cadence_days > 0 ? r->cadence_days : 14) * DAY;
	if (r->meeting_ahead || j->now - last < gap)
		return DB_OK;
	/* Once per quiet spell and per further stretch of twice the cadence. */
	int64_t stretch = (j->now - last) / gap;
	int st = DB_OK, before = j->queued;
	int days = (int)((j->now - last) / DAY);
	for (int k = 0; st == DB_OK && k < 2; k++) {
		int64_t uid = k ? r->mentor_id : r->mentee_id;
		st = send_to(j, uid, "nudges", "gone_quiet",
			arena_printf(j->t, "nudge:quiet:%lld:%lld:%lld:%lld", (long long)r->id, (long long)last,
				     (long long)stretch, (long long)uid),
			"Your mentoring relationship has gone quiet",
			arena_printf(j->t, "It has been %d days since you last met or wrote; you agreed to "
				     "connect every %d days.\nA short message or a coffee keeps it going: %s\n",
				     days, r->cadence_days, rel_link(j, r->id)));
	}
	*count += j->queued - before;
	return st;
}

static int unbalanced(job_t *j, const notify_rhythm_t *r, int *count)
{
	int64_t total = r->mentor_voice + r->mentee_voice;
	bool mentee_quiet = r->mentee_voice * 5 <= total;
	bool mentor_quiet = r->mentor_voice * 5 <= total;
	if (total < 4 || (!mentee_quiet && !mentor_quiet))
		return DB_OK;
	int64_t uid = mentee_quiet ? r->mentee_id : r->mentor_id;
	const char *hint = mentee_quiet
		? "Mentoring works best when you lead: bring a question to the next agenda, or tell your "
		  "mentor what you tried since you last met."
		: "Your mentee has been doing the talking lately: ask how things are going, or share "
		  "something you learned from them.";
	int before = j->queued;
	int st = send_to(j, uid, "nudges", "unbalanced",
		arena_printf(j->t, "nudge:balance:%lld:%lld:%lld", (long long)r->id, (long long)uid,
			     (long long)(j->now / BALANCE_PERIOD)),
		"Your turn to speak up",
		arena_printf(j->t, "Over the last four weeks you wrote or proposed %lld of %lld messages and "
			     "agenda items.\n%s\n\n%s\n", (long long)(mentee_quiet ? r->mentee_voice
										   : r->mentor_voice),
			     (long long)total, hint, rel_link(j, r->id)));
	*count += j->queued - before;
	return st;
}

static int keep_in_touch(job_t *j, const notify_rhythm_t *r, int *count)
{
	int64_t last = max3(r->completed_at, r->last_meeting, r->last_message);
	if (r->created_at > last)
		last = r->created_at;
	int64_t period = (int64_t)r->keep_in_touch_days * DAY;
	if (period <= 0 || j->now - last < period)
		return DB_OK;
	int64_t stretch = (j->now - last) / period;
	int st = DB_OK, before = j->queued;
	for (int k = 0; st == DB_OK && k < 2; k++) {
		int64_t uid = k ? r->mentor_id : r->mentee_id;
		st = send_to(j, uid, "nudges", "keep_in_touch",
			arena_printf(j->t, "nudge:keep:%lld:%lld:%lld:%lld", (long long)r->id, (long long)last,
				     (long long)stretch, (long long)uid),
			"Time for a coffee?",
			arena_printf(j->t, "You asked to keep in touch every %d days, and it has been %d.\n"
				     "Suggest an informal coffee: %s\n", r->keep_in_touch_days,
				     (int)((j->now - last) / DAY), rel_link(j, r->id)));
	}
	*count += j->queued - before;
	return st;
}

static int live_rhythm(job_t *j, const void *item, notify_job_stats_t *s)
{
	const notify_rhythm_t *r = item;
	int st = gone_quiet(j, r, &s->gone_quiet);
	if (st == DB_OK && r->phase == PHASE_WORKING)
		st = unbalanced(j, r, &s->unbalanced);
	return st;
}

static int alumni_rhythm(job_t *j, const void *item, notify_job_stats_t *s)
{
	return keep_in_touch(j, item, &s->keep_in_touch);
}

static int rhythms(job_t *j, notify_job_stats_t *s)
{
	/* Two lists, one after the other: each in its own arena, so the pass
	 * never holds both (50,000 relationships: 14 MB and 4 MB). */
	notify_rhythm_t *rs;
	int n = 0;
	arena_t *list = arena_new();
	int st = store_rel_rhythms(j->db, list, false, j->now, j->now - VOICE_WINDOW, &rs, &n);
	if (st == DB_OK)
		st = run_items(j, rs, sizeof(*rs), n, live_rhythm, s);
	arena_free(list);
	list = arena_new();
	if (st == DB_OK)
		st = store_rel_rhythms(j->db, list, true, j->now, j->now - VOICE_WINDOW, &rs, &n);
	if (st == DB_OK)
		st = run_items(j, rs, sizeof(*rs), n, alumni_rhythm, s);
	arena_free(list);
	return st;
}

/* ---- digests ---- */

static int digest_one(job_t *j, int64_t user_id, int *count)
{
	notify_person_t *p = NULL;
	int st = store_notify_person(j->db, j->t, user_id, &p);
	if (st != DB_OK || !p)
		return st;
	local_time_t lt;
	if (!tz_to_local(p->timezone, j->now, &lt) && !tz_to_local("UTC", j->now, &lt))
		return DB_OK;
	if (lt.minute / 60 < p->settings.digest_hour)
		return DB_OK;
	outbox_row_t *rows;
	int n = 0;
	st = store_outbox_held_list(j->db, j->t, user_id, 200, &rows, &n);
	if (st != DB_OK || n == 0)
		return st;
	buf_t b = BUF_INIT;
	buf_printf(&b, "Your mentoring updates (%d):\n", n);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "\n— %s —\n\n%s", rows[i].subject, rows[i].body);
	char date[16];
	snprintf(date, sizeof(date), "%04d-%02d-%02d", lt.year, lt.month, lt.day);
	notify_mail_t m = {.category = "digest", .kind = "digest",
			   .dedup_key = arena_printf(j->t, "digest:%lld:%s", (long long)user_id, date),
			   .subject = arena_printf(j->t, "Your mentoring digest for %s", date),
			   .body = arena_strdup(j->t, buf_cstr(&b))};
	buf_free(&b);
	int64_t id = 0;
	if ((st = batch_open(j)) != DB_OK)
		return st;
	st = notify_enqueue(j->db, j->t, p, &m, &id);
	/* No id: today's digest went out already; the rest waits for tomorrow. */
	if (st == DB_OK && id) {
		st = store_outbox_digested(j->db, user_id, rows[n - 1].id, id);
		(*count)++;
	}
	return st;
}

static int digests(job_t *j, notify_job_stats_t *s)
{
	int64_t *ids;
	int n = 0;
	int st = store_outbox_held_users(j->db, j->a, &ids, &n);
	for (int i = 0; st == DB_OK && i < n; i++)
		st = item_done(j, digest_one(j, ids[i], &s->digests));
	return st;
}

int notify_batch_open(notify_batch_t *b)
{
	return batch_open(b);
}

int notify_batch_done(notify_batch_t *b, int st)
{
	return item_done(b, st);
}

/* ---- one pass ---- */

typedef int (*job_fn)(job_t *j, notify_job_stats_t *s);

static int job_meetings(job_t *j, notify_job_stats_t *s)
{
	int before = j->queued, st = meeting_reminders(j);
	s->meeting_reminders += j->queued - before;
	return st;
}

static int job_goals(job_t *j, notify_job_stats_t *s)
{
	return deadline_reminders(j, true, &s->goal_reminders);
}

static int job_actions(job_t *j, notify_job_stats_t *s)
{
	return deadline_reminders(j, false, &s->action_reminders);
}

static int job_endings(job_t *j, notify_job_stats_t *s)
{
	return notify_endings_run(j->db, j, j->now, &s->ending_reminders);
}

static int job_surveys(job_t *j, notify_job_stats_t *s)
{
	return notify_surveys_run(j->db, j, j->now, &s->survey_requests);
}

static int job_watch(job_t *j, notify_job_stats_t *s)
{
	return watch ? watch(j->db, j->now, j, s) : DB_OK;
}

int notify_jobs_run(db_t *db, int64_t now, notify_job_stats_t *stats)
{
	/* A job's index is its lock's number: new jobs go at the end. */
	static const job_fn jobs[] = {job_meetings, job_goals, job_actions, rhythms, digests, job_watch, job_endings,
					 job_surveys};
	memset(stats, 0, sizeof(*stats));
	int first_err = DB_OK;
	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		job_t j = {.db = db, .a = arena_new(), .t = arena_new(), .now = now};
		notify_job_stats_t s = {0};
		bool mine = false;
		int st = store_job_lock(db, (int)i, &mine);
		if (st == DB_OK && mine) {
			st = jobs[i](&j, &s);
			if (st == DB_OK)
				st = batch_commit(&j);
			else if (j.in_tx)
				db_rollback(db); /* the open batch only: the ones before it stand */
			db_read_end(db);
			store_job_unlock(db, (int)i);
		}
		arena_free(j.t);
		arena_free(j.a);
		if (st == DB_OK) {
			stats->meeting_reminders += s.meeting_reminders;
			stats->goal_reminders += s.goal_reminders;
			stats->action_reminders += s.action_reminders;
			stats->gone_quiet += s.gone_quiet;
			stats->unbalanced += s.unbalanced;
			stats->keep_in_touch += s.keep_in_touch;
			stats->digests += s.digests;
			stats->at_risk += s.at_risk;
			stats->missteps += s.missteps;
			stats->ending_reminders += s.ending_reminders;
			stats->survey_requests += s.survey_requests;
		} else if (first_err == DB_OK) {
			first_err = st; /* one failing job does not stop the others */
		}
	}
	return first_err;
}
