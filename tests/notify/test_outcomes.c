/* The job runner's jobs of issue 14 at pinned times, delivered to a real
 * SMTP sink and read back by the independent reader: the reminder 14 days
 * before a relationship's agreed end or its program's end (the earlier
 * one, once per end date, to both members, pointing at the closing
 * guides). */
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

/* The relationship started at t0 with an agreement of `weeks` (0: none). */
static void started(int64_t t0, int weeks)
{
	nh_db_exec(nh_fmt("UPDATE relationships SET created_at = %lld", (long long)t0));
	if (weeks)
		nh_db_exec(nh_fmt("INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, "
				  "duration_weeks, confidentiality, updated_at) VALUES (%lld, 'Grow', 'Growth', 14, %d, "
				  "'Between us', 0)", (long long)NH.rel, weeks));
}

static const char *text_of(json_t *mail)
{
	return json_string_value(json_object_get(mail, "text"));
}

Test(outcomes, ending_reminder_two_weeks_before_the_agreed_end, .init = init, .fini = fini)
{
	int64_t t0 = at("2026-03-02T09:00:00Z");
	started(t0, 10); /* ends on 2026-05-11, 09:00 */
	cr_assert_eq(nh_jobs(at("2026-04-26T09:00:00Z")).ending_reminders, 0, "15 days before: too early");
	cr_assert_eq(nh_jobs(at("2026-04-27T10:00:00Z")).ending_reminders, 2, "14 days before: both members");
	cr_assert_eq(nh_jobs(at("2026-04-28T10:00:00Z")).ending_reminders, 0, "queued once");
	cr_assert_eq(nh_jobs(at("2026-05-12T10:00:00Z")).ending_reminders, 0, "past the end: nothing");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'ending'"), 2);
	cr_assert_geq(nh_deliver_all(), 2); /* and the other jobs' nudges */
	json_t *mails = nh_mail_json();
	json_t *to_mentee = nh_pick(mails, "ending", "mentee@example.org");
	cr_assert_eq(json_array_size(to_mentee), 1, "%s", json_dumps(mails, 0));
	const char *text = text_of(json_array_get(to_mentee, 0));
	cr_assert(strstr(text, "Marta Mentor runs until 2026-05-11, in 14 days"), "%s", text);
	cr_assert(strstr(text, "https://mentoring.example.org/guides?phase=closing"), "%s", text);
	cr_assert(strstr(text, nh_fmt("https://mentoring.example.org/relationships/%lld", (long long)NH.rel)), "%s", text);
	cr_assert_eq(json_array_size(nh_pick(mails, "ending", "mentor@example.org")), 1);
}

Test(outcomes, ending_reminder_for_the_program_end_when_it_comes_first, .init = init, .fini = fini)
{
	int64_t t0 = at("2026-03-02T09:00:00Z");
	started(t0, 40);
	nh_db_exec(nh_fmt("UPDATE programs SET ends_on = '2026-06-30' WHERE id = %lld", (long long)NH.program));
	cr_assert_eq(nh_jobs(at("2026-06-15T09:00:00Z")).ending_reminders, 0);
	cr_assert_eq(nh_jobs(at("2026-06-16T09:00:00Z")).ending_reminders, 2);
	cr_assert_eq(nh_jobs(at("2026-06-20T09:00:00Z")).ending_reminders, 0);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'ending'"), 2);
	cr_assert_geq(nh_deliver_all(), 2);
	json_t *m = nh_pick(nh_mail_json(), "ending", "mentor@example.org");
	cr_assert_eq(json_array_size(m), 1);
	const char *text = text_of(json_array_get(m, 0));
	cr_assert(strstr(text, "The program Pilot ends on 2026-06-30, in 14 days, and your mentoring with Jonas Müller"),
		  "%s", text);
}

Test(outcomes, no_ending_reminder_once_closing_or_without_reminders, .init = init, .fini = fini)
{
	int64_t t0 = at("2026-03-02T09:00:00Z");
	started(t0, 10);
	nh_db_exec(nh_fmt("INSERT INTO notification_settings (user_id, reminders, updated_at) VALUES (%lld, 0, 0)",
			  (long long)NH.mentor));
	cr_assert_eq(nh_jobs(at("2026-04-28T09:00:00Z")).ending_reminders, 1, "only the mentee wants reminders");
	nh_db_exec("DELETE FROM outbox");
	nh_db_exec("UPDATE relationships SET phase = 'closing'");
	cr_assert_eq(nh_jobs(at("2026-04-29T09:00:00Z")).ending_reminders, 0, "already closing");
	/* A relationship without an agreement, in a program without an end near: nothing. */
	nh_db_exec("UPDATE relationships SET phase = 'working'");
	nh_db_exec("DELETE FROM agreements");
	cr_assert_eq(nh_jobs(at("2026-05-05T09:00:00Z")).ending_reminders, 0);
}
