/* The job runner at pinned times: each reminder and nudge is queued when it
 * is due, once (a second pass, as after a restart, queues nothing), and a
 * new occurrence (a moved meeting, the next week of a series, a longer
 * silence) is a new reminder. */
#include <criterion/criterion.h>
#include <string.h>

#include "nh.h"
#include "core/timeutil.h"

static void init(void)
{
	nh_setup(NULL, false);
}

static void fini(void)
{
	nh_teardown();
}

static int64_t at(const char *iso)
{
	int64_t t = 0;
	cr_assert(time_parse(iso, &t), "%s", iso);
	return t;
}

static void meeting(const char *starts, const char *rrule)
{
	nh_db_exec(nh_fmt("INSERT INTO meetings (relationship_id, starts_at, duration_min, channel, kind, rrule, "
			  "in_mentee_hours, in_mentor_hours, created_by, created_at, updated_at) "
			  "VALUES (%lld, %lld, 60, 'video', 'regular', %s, 1, 1, %lld, 0, 0)",
			  (long long)NH.rel, (long long)at(starts), rrule ? nh_fmt("'%s'", rrule) : "NULL",
			  (long long)NH.mentee));
}

Test(jobs, meeting_reminder_once_a_day_before, .init = init, .fini = fini)
{
	meeting("2030-01-10T10:00:00Z", NULL);
	cr_assert_eq(nh_jobs(at("2030-01-09T08:00:00Z")).meeting_reminders, 0, "26 h before: too early");
	cr_assert_eq(nh_jobs(at("2030-01-09T11:00:00Z")).meeting_reminders, 2, "23 h before: both members");
	cr_assert_eq(nh_jobs(at("2030-01-09T11:01:00Z")).meeting_reminders, 0, "queued once");
	cr_assert_eq(nh_jobs(at("2030-01-10T09:00:00Z")).meeting_reminders, 0);
	/* Moved: a new occurrence, a new reminder. */
	nh_db_exec(nh_fmt("UPDATE meetings SET starts_at = %lld", (long long)at("2030-01-10T12:00:00Z")));
	cr_assert_eq(nh_jobs(at("2030-01-10T09:00:00Z")).meeting_reminders, 2);
	/* Cancelled: nothing. */
	nh_db_exec(nh_fmt("UPDATE meetings SET starts_at = %lld, status = 'cancelled'",
			  (long long)at("2030-01-11T12:00:00Z")));
	cr_assert_eq(nh_jobs(at("2030-01-11T09:00:00Z")).meeting_reminders, 0);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'meeting_reminder'"), 4);
	/* Delivered as mail with the time in each person's zone. */
	cr_assert_geq(nh_deliver_all(), 4); /* and the gone-quiet nudges of 2030 */
	json_t *mine = nh_pick(nh_mail_json(), "meeting_reminder", "mentee@example.org");
	cr_assert_eq(json_array_size(mine), 2);
	const char *subj = json_string_value(json_object_get(json_array_get(mine, 0), "subject"));
	cr_assert_str_eq(subj, "Reminder: meeting with Marta Mentor, Thu 10 Jan 2030, 11:00 (Europe/Berlin)");
}

Test(jobs, series_reminds_each_occurrence, .init = init, .fini = fini)
{
	/* Weekly at 11:00 Berlin time from Tuesday 1 January 2030. */
	meeting("2030-01-01T10:00:00Z", "FREQ=WEEKLY;COUNT=10");
	cr_assert_eq(nh_jobs(at("2030-01-07T12:00:00Z")).meeting_reminders, 2);
	cr_assert_eq(nh_jobs(at("2030-01-07T13:00:00Z")).meeting_reminders, 0);
	cr_assert_eq(nh_jobs(at("2030-01-14T12:00:00Z")).meeting_reminders, 2);
	cr_assert_eq(nh_jobs(at("2030-04-01T10:00:00Z")).meeting_reminders, 0, "series has ended (COUNT=10)");
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'remind:meeting:%%:%lld:%%'",
				      (long long)at("2030-01-15T10:00:00Z"))), 2);
}

Test(jobs, goal_and_action_deadlines, .init = init, .fini = fini)
{
	nh_db_exec(nh_fmt("INSERT INTO goals (relationship_id, title, term, due_on, created_by, created_at, updated_at) "
			  "VALUES (%lld, 'Give a conference talk', 'long', '2030-01-12', %lld, 0, 0)",
			  (long long)NH.rel, (long long)NH.mentee));
	nh_db_exec(nh_fmt("INSERT INTO actions (relationship_id, title, owner_id, due_on, created_by, created_at, updated_at) "
			  "VALUES (%lld, 'Send slides', %lld, '2030-01-11', %lld, 0, 0)",
			  (long long)NH.rel, (long long)NH.mentor, (long long)NH.mentee));
	notify_job_stats_t s = nh_jobs(at("2030-01-05T09:00:00Z"));
	cr_assert_eq(s.goal_reminders + s.action_reminders, 0, "too early");
	s = nh_jobs(at("2030-01-09T09:00:00Z"));
	cr_assert_eq(s.goal_reminders, 2, "goal: mentee and mentor");
	cr_assert_eq(s.action_reminders, 1, "action: its owner");
	s = nh_jobs(at("2030-01-10T09:00:00Z"));
	cr_assert_eq(s.goal_reminders + s.action_reminders, 0, "once");
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'action_due' AND user_id = %lld",
				      (long long)NH.mentor)), 1);
	/* Done items are not reminded. */
	nh_db_exec("UPDATE actions SET due_on = '2030-02-02', status = 'done'");
	cr_assert_eq(nh_jobs(at("2030-02-01T09:00:00Z")).action_reminders, 0);
}

Test(jobs, gone_quiet_after_twice_the_cadence, .init = init, .fini = fini)
{
	int64_t t0 = at("2030-01-01T09:00:00Z");
	nh_db_exec(nh_fmt("UPDATE relationships SET created_at = %lld", (long long)t0));
	nh_db_exec(nh_fmt("INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, "
			  "duration_weeks, confidentiality, updated_at) VALUES (%lld, 'p', 'r', 7, 26, 'c', 0)",
			  (long long)NH.rel));
	/* The agreement's 7 days win over the program's 14: quiet after 14 days. */
	cr_assert_eq(nh_jobs(t0 + 13 * 86400).gone_quiet, 0);
	cr_assert_eq(nh_jobs(t0 + 15 * 86400).gone_quiet, 2);
	cr_assert_eq(nh_jobs(t0 + 16 * 86400).gone_quiet, 0, "once per quiet spell");
	cr_assert_eq(nh_jobs(t0 + 29 * 86400).gone_quiet, 2, "again after another two cadences");
	/* A message ends the silence. */
	nh_db_exec(nh_fmt("INSERT INTO messages (relationship_id, author_id, body, created_at) VALUES (%lld, %lld, 'hi', %lld)",
			  (long long)NH.rel, (long long)NH.mentee, (long long)(t0 + 30 * 86400)));
	cr_assert_eq(nh_jobs(t0 + 31 * 86400).gone_quiet, 0);
	/* A meeting ahead is not silence either. */
	meeting("2030-03-30T10:00:00Z", NULL);
	cr_assert_eq(nh_jobs(t0 + 60 * 86400).gone_quiet, 0);
}

Test(jobs, nudge_the_quiet_side, .init = init, .fini = fini)
{
	int64_t t0 = at("2030-01-01T09:00:00Z");
	for (int i = 0; i < 5; i++)
		nh_db_exec(nh_fmt("INSERT INTO messages (relationship_id, author_id, body, created_at) "
				  "VALUES (%lld, %lld, 'from the mentor', %lld)",
				  (long long)NH.rel, (long long)NH.mentor, (long long)(t0 + i * 3600)));
	notify_job_stats_t s = nh_jobs(t0 + 86400);
	cr_assert_eq(s.unbalanced, 1);
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'unbalanced' AND user_id = %lld",
				      (long long)NH.mentee)), 1, "the mentee is the quiet side");
	cr_assert_eq(nh_jobs(t0 + 2 * 86400).unbalanced, 0, "at most once a fortnight");
	/* Balanced again: no nudge. */
	for (int i = 0; i < 5; i++)
		nh_db_exec(nh_fmt("INSERT INTO messages (relationship_id, author_id, body, created_at) "
				  "VALUES (%lld, %lld, 'from the mentee', %lld)",
				  (long long)NH.rel, (long long)NH.mentee, (long long)(t0 + 20 * 86400)));
	cr_assert_eq(nh_jobs(t0 + 21 * 86400).unbalanced, 0);
}

Test(jobs, agenda_items_count_as_speaking_up, .init = init, .fini = fini)
{
	/* Items go in through the API, which files each under its meeting's
	 * relationship (migration 0200: the job counts them by relationship),
	 * and are then dated into the four weeks the job looks at. */
	int64_t t0 = at("2030-01-01T09:00:00Z");
	meeting("2030-01-05T10:00:00Z", NULL);
	int64_t m = nh_db_int("SELECT MAX(id) FROM meetings");
	for (int i = 0; i < 5; i++)
		cr_assert_eq(nh_http(NH.mentor_token, "POST", nh_fmt("/api/v1/meetings/%lld/agenda", (long long)m),
				     "{\"text\":\"a topic of mine\"}", NULL, NULL), 201);
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM agenda_items WHERE relationship_id = %lld",
				      (long long)NH.rel)), 5);
	nh_db_exec(nh_fmt("UPDATE agenda_items SET created_at = %lld", (long long)t0));
	cr_assert_eq(nh_jobs(t0 + 86400).unbalanced, 1, "the mentor proposed all five");
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'unbalanced' AND user_id = %lld",
				      (long long)NH.mentee)), 1, "the mentee is the quiet side");
	/* The mentee's questions, older than four weeks, do not count... */
	for (int i = 0; i < 5; i++)
		cr_assert_eq(nh_http(NH.mentee_token, "POST", nh_fmt("/api/v1/meetings/%lld/agenda", (long long)m),
				     "{\"text\":\"a question\"}", NULL, NULL), 201);
	nh_db_exec(nh_fmt("UPDATE agenda_items SET created_at = %lld WHERE author_id = %lld",
			  (long long)(t0 - 40 * 86400), (long long)NH.mentee));
	cr_assert_eq(nh_jobs(t0 + 15 * 86400).unbalanced, 1, "a fortnight later, still one-sided");
	/* ...recent ones balance the pair (a new fortnight: a nudge is due
	 * again if either side is still quiet). */
	nh_db_exec(nh_fmt("UPDATE agenda_items SET created_at = %lld", (long long)(t0 + 20 * 86400)));
	cr_assert_eq(nh_jobs(t0 + 29 * 86400).unbalanced, 0);
}

Test(jobs, keep_in_touch_for_alumni, .init = init, .fini = fini)
{
	int64_t t0 = at("2030-01-01T09:00:00Z");
	nh_db_exec(nh_fmt("UPDATE relationships SET phase = 'alumni', keep_in_touch_days = 30, completed_at = %lld, "
			  "created_at = %lld", (long long)t0, (long long)(t0 - 200 * 86400)));
	notify_job_stats_t s = nh_jobs(t0 + 29 * 86400);
	cr_assert_eq(s.keep_in_touch + s.gone_quiet, 0);
	cr_assert_eq(nh_jobs(t0 + 31 * 86400).keep_in_touch, 2);
	cr_assert_eq(nh_jobs(t0 + 32 * 86400).keep_in_touch, 0);
	cr_assert_eq(nh_jobs(t0 + 61 * 86400).keep_in_touch, 2, "every 30 days without contact");
	/* Turned off: nothing. */
	nh_db_exec("UPDATE relationships SET keep_in_touch_days = 0");
	cr_assert_eq(nh_jobs(t0 + 200 * 86400).keep_in_touch, 0);
}

Test(jobs, settings_silence_a_category, .init = init, .fini = fini)
{
	nh_db_exec(nh_fmt("INSERT INTO notification_settings (user_id, reminders, updated_at) VALUES (%lld, 0, 0)",
			  (long long)NH.mentor));
	meeting("2030-01-10T10:00:00Z", NULL);
	cr_assert_eq(nh_jobs(at("2030-01-09T11:00:00Z")).meeting_reminders, 1, "only the mentee wants reminders");
}

/* A pass over many relationships writes in short batches (jobs.c), and a
 * pass cut short (as by kill -9 between two batches, here by losing the
 * last batches' rows) is completed by the next one without anything queued
 * twice: each nudge's key is unique in the outbox. */
Test(jobs, many_relationships_in_batches_each_nudge_once, .init = init, .fini = fini)
{
	enum { PAIRS = 150 };
	int64_t t0 = at("2030-01-01T09:00:00Z");
	nh_db_exec(nh_fmt("UPDATE relationships SET created_at = %lld", (long long)t0));
	for (int i = 0; i < PAIRS - 1; i++) {
		nh_db_exec(nh_fmt("INSERT INTO users (email, name, role, active, created_at, updated_at) VALUES "
				  "('m%d@example.org', 'M %d', 'member', 1, 0, 0), ('e%d@example.org', 'E %d', 'member', 1, 0, 0)",
				  i, i, i, i));
		nh_db_exec(nh_fmt("INSERT INTO relationships (program_id, mentor_id, mentee_id, phase, created_at, updated_at) "
				  "SELECT %lld, (SELECT id FROM users WHERE email = 'm%d@example.org'), "
				  "(SELECT id FROM users WHERE email = 'e%d@example.org'), 'working', %lld, %lld",
				  (long long)NH.program, i, i, (long long)t0, (long long)t0));
	}
	int64_t t = t0 + 30 * 86400;
	cr_assert_eq(nh_jobs(t).gone_quiet, 2 * PAIRS, "both members of every quiet pair");
	/* ... and writes nothing: it asks the outbox before making a mail,
	 * so it opens no write batch either. */
	db_t *db = db_pool_acquire(NH.app.pool);
	uint64_t commits = 0, after = 0, conflicts = 0;
	db_tx_counts(db, &commits, &conflicts);
	notify_job_stats_t again;
	cr_assert_eq(notify_jobs_run(db, t + 60, &again), DB_OK);
	db_tx_counts(db, &after, &conflicts);
	db_pool_release(NH.app.pool, db);
	cr_assert_eq(again.gone_quiet, 0, "a second pass queues nothing");
	cr_assert_eq(after, commits, "a second pass committed %llu transactions", (unsigned long long)(after - commits));
	/* Lose the later batches, as a crash between two commits would. */
	nh_db_exec("DELETE FROM outbox WHERE kind = 'gone_quiet' AND id > (SELECT MIN(id) + 99 FROM outbox "
		   "WHERE kind = 'gone_quiet')");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'gone_quiet'"), 100);
	cr_assert_eq(nh_jobs(t + 120).gone_quiet, 2 * PAIRS - 100, "the rest, and only the rest");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'gone_quiet'"), 2 * PAIRS);
	cr_assert_eq(nh_db_int("SELECT COUNT(DISTINCT dedup_key) FROM outbox WHERE kind = 'gone_quiet'"), 2 * PAIRS);
}
