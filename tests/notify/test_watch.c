/* The health watch at pinned times (issue 13): a relationship that becomes
 * at risk is announced to the program's managers once per change into at
 * risk (not every pass), again after it recovers and falls back; a misstep
 * flagged for the first time gets one gentle note to each of the pair; a
 * pass redone after a restart queues nothing twice (the dedup keys). */
#include <criterion/criterion.h>
#include <string.h>

#include "nh.h"
#include "core/timeutil.h"
#include "svc/health_watch.h"

static int64_t manager;

static void init(void)
{
	nh_setup(NULL, false);
	notify_set_watch(svc_health_watch_run);
	nh_db_exec("INSERT INTO users (email, name, role, active, created_at, updated_at) "
		   "VALUES ('pm@example.org', 'Petra Manager', 'manager', 1, 0, 0)");
	manager = nh_db_int("SELECT id FROM users WHERE email = 'pm@example.org'");
	nh_db_exec(nh_fmt("INSERT INTO program_managers (program_id, user_id) VALUES (%lld, %lld)",
			  (long long)NH.program, (long long)manager));
}

static void fini(void)
{
	notify_set_watch(NULL);
	nh_teardown();
}

static int64_t at(const char *iso)
{
	int64_t t = 0;
	cr_assert(time_parse(iso, &t), "%s", iso);
	return t;
}

/* The relationship began at t (its health rollup too). */
static void set_start(int64_t t)
{
	nh_db_exec(nh_fmt("UPDATE relationships SET created_at = %lld", (long long)t));
	nh_db_exec(nh_fmt("UPDATE health_activity SET started_at = %lld", (long long)t));
}

static int64_t mails(const char *kind)
{
	return nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE kind = '%s'", kind));
}

Test(watch, at_risk_once_per_change_and_each_misstep_once, .init = init, .fini = fini)
{
	int64_t t0 = at("2030-01-01T09:00:00Z");
	set_start(t0);
	nh_db_exec(nh_fmt("INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, "
			  "duration_weeks, confidentiality, updated_at) VALUES (%lld, 'p', 'r', 7, 26, 'c', 0)",
			  (long long)NH.rel));
	cr_assert_eq(nh_jobs(t0 + 86400).at_risk, 0, "a new pair is not at risk");
	/* Two weeks without a word: gone quiet, so at risk. */
	cr_assert_eq(nh_jobs(t0 + 15 * 86400).at_risk, 1, "the one manager hears of it");
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM outbox WHERE kind = 'at_risk' AND user_id = %lld",
				      (long long)manager)), 1);
	cr_assert_eq(nh_jobs(t0 + 16 * 86400).at_risk, 0, "still at risk: no second mail");
	cr_assert_eq(nh_jobs(t0 + 17 * 86400).at_risk, 0);

	/* A goal past its date: a new misstep, one note to each of the pair. */
	nh_db_exec(nh_fmt("INSERT INTO goals (relationship_id, title, term, due_on, created_by, created_at, updated_at) "
			  "VALUES (%lld, 'Lead a meeting', 'short', '2030-01-05', %lld, %lld, %lld)",
			  (long long)NH.rel, (long long)NH.mentee, (long long)t0, (long long)t0));
	notify_job_stats_t s = nh_jobs(t0 + 18 * 86400);
	cr_assert_eq(s.missteps, 1, "one flag");
	cr_assert_eq(s.at_risk, 0);
	cr_assert_eq(mails("misstep_flagged"), 2, "mentor and mentee");
	cr_assert_eq(nh_jobs(t0 + 19 * 86400).missteps, 0, "each flag once");

	/* A pass cut short by a restart, redone: the watch forgets what it
	 * wrote, but the mail's keys hold. */
	nh_db_exec("UPDATE health_watch SET state = 'not_started', flags = 0, at_risk_count = 0");
	nh_jobs(t0 + 19 * 86400 + 60);
	cr_assert_eq(mails("at_risk"), 1, "no double announcement");
	cr_assert_eq(mails("misstep_flagged"), 2, "no double note");

	/* Recovers (the goal is achieved, a message ends the silence), then
	 * falls back: a second announcement. */
	nh_db_exec("UPDATE goals SET status = 'achieved'");
	nh_db_exec(nh_fmt("INSERT INTO messages (relationship_id, author_id, body, created_at) VALUES (%lld, %lld, 'hi', %lld)",
			  (long long)NH.rel, (long long)NH.mentee, (long long)(t0 + 20 * 86400)));
	cr_assert_eq(nh_jobs(t0 + 20 * 86400 + 60).at_risk, 0);
	cr_assert_eq(nh_db_int("SELECT state = 'at_risk' FROM health_watch"), 0, "recovered");
	cr_assert_eq(nh_jobs(t0 + 40 * 86400).at_risk, 1, "at risk again: announced again");
	cr_assert_eq(mails("at_risk"), 2);
}

Test(watch, relationships_from_before_the_watch_are_not_announced, .init = init, .fini = fini)
{
	int64_t t0 = at("2030-01-01T09:00:00Z");
	set_start(t0);
	nh_db_exec("UPDATE health_watch SET state = NULL"); /* as after the upgrade */
	cr_assert_eq(nh_jobs(t0 + 40 * 86400).at_risk, 0, "already at risk before: recorded quietly");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM health_watch WHERE state = 'at_risk'"), 1);
	cr_assert_eq(mails("at_risk"), 0);
}
