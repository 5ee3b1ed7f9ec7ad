/* The missteps detector on its own: each rule at its threshold and just
 * below it, severities, the score, phases, and evidence links. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/health.h"
#include "core/phase.h"
#include "svc/health.h"

#define NOW 1767225600LL /* 2026-01-01 */
#define DAY 86400LL

static arena_t *a;
static health_thresholds_t t;

static void setup(void)
{
	a = arena_new();
	health_thresholds_default(&t);
}

static void teardown(void)
{
	arena_free(a);
}

TestSuite(detector, .init = setup, .fini = teardown);

/* A working relationship with recent contact and nothing wrong. */
static health_facts_t fine(void)
{
	return (health_facts_t){.rel_id = 7, .phase = PHASE_WORKING, .cadence_days = 14,
				.started_at = NOW - 100 * DAY, .last_contact_at = NOW - 3 * DAY,
				.agenda_by_mentor = 3, .agenda_by_mentee = 4, .meetings_by_mentor = 2,
				.meetings_by_mentee = 2, .first_active_due_on = "2026-03-01"};
}

static const health_flag_t *find(const health_result_t *r, health_flag_code_t c)
{
	for (int i = 0; i < r->nflags; i++)
		if (r->flags[i].code == c)
			return &r->flags[i];
	return NULL;
}

static health_result_t eval(const health_facts_t *f)
{
	health_result_t r;
	health_eval(f, &t, NOW, a, &r);
	return r;
}

Test(detector, healthy_scores_100)
{
	health_facts_t f = fine();
	health_result_t r = eval(&f);
	cr_assert_eq(r.nflags, 0);
	cr_assert_eq(r.score, 100);
	cr_assert(!r.at_risk);
}

Test(detector, gone_quiet_after_twice_the_cadence)
{
	health_facts_t f = fine();
	f.last_contact_at = NOW - 28 * DAY; /* exactly twice: not yet */
	health_result_t r = eval(&f);
	cr_assert_null(find(&r, HF_GONE_QUIET));
	f.last_contact_at = NOW - 29 * DAY;
	r = eval(&f);
	const health_flag_t *fl = find(&r, HF_GONE_QUIET);
	cr_assert_not_null(fl);
	cr_assert_eq(fl->severity, HS_MEDIUM);
	cr_assert_not_null(strstr(fl->message, "29 days"));
	f.last_contact_at = NOW - 60 * DAY;
	r = eval(&f);
	cr_assert_eq(find(&r, HF_GONE_QUIET)->severity, HS_HIGH);
	/* Nothing ever happened: counted from the start. */
	f.last_contact_at = 0;
	f.started_at = NOW - 30 * DAY;
	r = eval(&f);
	cr_assert_not_null(strstr(find(&r, HF_GONE_QUIET)->message, "since the relationship started"));
	/* Ended relationships are not quiet. */
	f.phase = PHASE_COMPLETED;
	r = eval(&f);
	cr_assert_null(find(&r, HF_GONE_QUIET));
	cr_assert(!r.at_risk);
}

Test(detector, schedule_imposed)
{
	health_facts_t f = fine();
	f.outside_mentee_hours = 1;
	health_result_t r = eval(&f);
	cr_assert_null(find(&r, HF_SCHEDULE_IMPOSED), "one is tolerated");
	f.mentor_reschedules = 1;
	r = eval(&f);
	cr_assert_not_null(find(&r, HF_SCHEDULE_IMPOSED));
	cr_assert_str_eq(find(&r, HF_SCHEDULE_IMPOSED)->message,
			 "1 meeting was set outside the mentee's availability and the mentor asked for 1 "
			 "reschedule: plan meetings around the mentee's schedule first.");
	f.outside_mentee_hours = 0;
	f.mentor_reschedules = 4;
	r = eval(&f);
	cr_assert_eq(find(&r, HF_SCHEDULE_IMPOSED)->severity, HS_HIGH);
	cr_assert_eq(find(&r, HF_SCHEDULE_IMPOSED)->message[0], 'T', "capitalised");
}

Test(detector, credit_taken_is_high)
{
	health_facts_t f = fine();
	f.mentor_wins_on_mentee_ideas = 1;
	health_result_t r = eval(&f);
	cr_assert_eq(find(&r, HF_CREDIT_TAKEN)->severity, HS_HIGH);
	cr_assert_eq(r.score, 100 - health_penalty(HS_HIGH));
	cr_assert(r.at_risk, "a high flag puts a relationship at risk by default");
}

Test(detector, projects_pushed_and_overdue)
{
	health_facts_t f = fine();
	f.unlinked_mentee_actions = 1;
	health_result_t r = eval(&f);
	cr_assert_null(find(&r, HF_PROJECTS_PUSHED));
	f.unlinked_mentee_actions = 2;
	f.first_active_due_on = "2025-12-31";
	r = eval(&f);
	cr_assert_not_null(find(&r, HF_PROJECTS_PUSHED));
	const health_flag_t *o = find(&r, HF_OVERDUE_GOALS);
	cr_assert_not_null(o);
	cr_assert_not_null(strstr(o->message, "1 day ago"));
	t.overdue_grace_days = 1;
	r = eval(&f);
	cr_assert_null(find(&r, HF_OVERDUE_GOALS), "within the grace period");
	cr_assert_eq(r.score, 100 - health_penalty(HS_MEDIUM));
}

Test(detector, repeated_mistakes_name_no_tag)
{
	health_facts_t f = fine();
	f.repeated_tags = 2;
	f.repeated_worst = 3;
	f.repeated_to_mentee = true;
	health_result_t r = eval(&f);
	const health_flag_t *fl = find(&r, HF_REPEATED_MISTAKES);
	cr_assert_not_null(fl);
	cr_assert_not_null(strstr(fl->message, "3 feedbacks to the mentee"));
	cr_assert_not_null(strstr(fl->message, "2 different tags"));
}

Test(detector, one_sided_nudges_the_quiet_side)
{
	health_facts_t f = fine();
	f.agenda_by_mentor = 0;
	f.meetings_by_mentor = 1;
	f.agenda_by_mentee = 5;
	f.meetings_by_mentee = 3;
	health_result_t r = eval(&f);
	const health_flag_t *fl = find(&r, HF_ONE_SIDED);
	cr_assert_not_null(fl);
	cr_assert_not_null(strstr(fl->message, "The mentee proposed 8 of the 9"));
	cr_assert_not_null(strstr(fl->message, "nudge the mentor"));
	cr_assert_eq(fl->severity, HS_LOW);
	f.agenda_by_mentee = 1;
	f.meetings_by_mentee = 3;
	r = eval(&f);
	cr_assert_null(find(&r, HF_ONE_SIDED), "too few items to judge");
}

Test(detector, score_floor_and_evidence)
{
	health_ev_list_t ev[HF_COUNT] = {0};
	health_facts_t f = fine();
	f.ev = ev;
	f.last_contact_at = NOW - 90 * DAY;
	f.outside_mentee_hours = 9;
	f.ideas_credit_moved = 1;
	f.unlinked_mentee_actions = 9;
	f.repeated_tags = 1;
	f.repeated_worst = 9;
	f.first_active_due_on = "2025-01-01";
	health_result_t r = eval(&f);
	cr_assert_eq(r.nflags, 6);
	cr_assert_eq(r.score, 0);
	ev[HF_CREDIT_TAKEN] = (health_ev_list_t){.v = {{HE_IDEA, 5, 3}}, .n = 1};
	const health_flag_t *fl = find(&r, HF_CREDIT_TAKEN);
	cr_assert_eq(fl->ev->n, 1);
	cr_assert_str_eq(health_ev_href(a, &fl->ev->v[0]), "/api/v1/concerns/3/ideas");
	health_ev_t g = {HE_GOAL, 4, 0}, m = {HE_FEEDBACK, 8, 2};
	cr_assert_str_eq(health_ev_href(a, &g), "/api/v1/goals/4");
	cr_assert_str_eq(health_ev_href(a, &m), "/api/v1/meetings/2/feedback");
}

Test(detector, thresholds_are_checked)
{
	verr_t errs = {0};
	health_thresholds_check(&t, &errs);
	cr_assert_eq(errs.n, 0);
	t.quiet_factor = 0.5;
	t.agenda_balance = 0.5;
	t.repeat_min = 1;
	t.at_risk_below = 101;
	health_thresholds_check(&t, &errs);
	cr_assert(verr_has(&errs, "quiet_factor") && verr_has(&errs, "agenda_balance") &&
		  verr_has(&errs, "repeat_min") && verr_has(&errs, "at_risk_below"));
}

Test(detector, slow_replies_names_the_slower_side)
{
	health_facts_t f = fine();
	f.replies[HEALTH_MENTOR] = 4;
	f.reply_median[HEALTH_MENTOR] = 5 * 86400;
	f.replies[HEALTH_MENTEE] = 4;
	f.reply_median[HEALTH_MENTEE] = 80 * 3600;
	health_result_t r = eval(&f);
	const health_flag_t *fl = find(&r, HF_SLOW_REPLIES);
	cr_assert_not_null(fl);
	cr_assert_eq(fl->severity, HS_LOW);
	cr_assert_not_null(strstr(fl->message, "The mentor takes 5 days (the median of 4 replies)"), "%s", fl->message);
	cr_assert_eq(r.score, 92);
	cr_assert_eq(r.reply_median[HEALTH_MENTEE], 80 * 3600, "the figures travel with the result");
	f.reply_median[HEALTH_MENTOR] = 30 * 3600;
	r = eval(&f);
	fl = find(&r, HF_SLOW_REPLIES);
	cr_assert_not_null(strstr(fl->message, "The mentee takes 3 days"), "%s", fl->message);
	f.replies[HEALTH_MENTEE] = HEALTH_SLOW_MIN_REPLIES - 1;
	r = eval(&f);
	cr_assert_null(find(&r, HF_SLOW_REPLIES), "too few replies to judge");
	t.slow_reply_hours = 0;
	verr_t errs = {0};
	health_thresholds_check(&t, &errs);
	cr_assert(verr_has(&errs, "slow_reply_hours"));
}

/* The dashboard and a page of the health API put only their first rows in
 * order: those must be the first of the whole order, ties (by score, then
 * by id) included, whatever the page. */
Test(order, the_first_rows_are_those_of_the_whole_order)
{
	enum { N = 3000 };
	static health_row_t rows[N];
	static health_brief_t brief[N];
	uint32_t x = 12345;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		rows[i].rel_id = i + 1;
		brief[i] = (health_brief_t){.started = (x >> 8) % 5 != 0, .at_risk = (x >> 12) % 3 == 0,
					    .score = (int16_t)((x >> 16) % 40)}; /* many ties */
	}
	health_program_t hp = {.n = N, .rows = rows, .brief = brief};
	arena_t *ar = arena_new();
	for (int risk = 0; risk < 2; risk++) {
		int n_all;
		const int *all = health_program_order(ar, &hp, risk, N, &n_all);
		const int firsts[] = {0, 1, 2, 25, 50, 999, n_all - 1, n_all, n_all + 7};
		for (size_t k = 0; k < sizeof(firsts) / sizeof(firsts[0]); k++) {
			int n;
			const int *some = health_program_order(ar, &hp, risk, firsts[k], &n);
			cr_assert_eq(n, n_all, "every eligible relationship is counted");
			int m = firsts[k] < n ? firsts[k] : n;
			for (int i = 0; i < m; i++)
				cr_assert_eq(some[i], all[i], "first %d, at risk only %d: position %d", firsts[k], risk, i);
			/* The rest are the others, each once. */
			static bool seen[N];
			memset(seen, 0, sizeof(seen));
			for (int i = 0; i < n; i++) {
				cr_assert(!seen[some[i]]);
				seen[some[i]] = true;
			}
		}
	}
	arena_free(ar);
}
