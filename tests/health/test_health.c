/* Program health end to end: relationships that each show one misstep are
 * built through the store (activity with the clock pinned by MENTORD_NOW),
 * then the real server is asked over HTTP. Each flag must appear where its
 * misstep is and nowhere else, a healthy relationship must have none, the
 * report must carry the outcomes as JSON and CSV, no private text may leak
 * into any of it, and only the program's managers and administrators get in. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store/store.h"

/* 2026-01-01T00:00:00Z, when everything starts; checked 40 days later. */
#define T0 1767225600LL
#define DAY 86400LL
#define CHECK_AT (T0 + 40 * DAY)

static void at(int64_t t)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", (long long)t);
	setenv("MENTORD_NOW", s, 1);
}

enum { R_HEALTHY, R_QUIET, R_SCHEDULE, R_CREDIT, R_PUSHED, R_REPEATED, R_ONE_SIDED, R_OVERDUE,
       R_CORRECTED, R_COUNT };

static struct {
	int64_t program, other_program, rel[R_COUNT], mentor[R_COUNT], mentee[R_COUNT];
	int64_t outside_meeting, pushed_action, credited_idea, overdue_goal, repeated_feedback;
} F;

static db_t *db;

static void ok(int st)
{
	cr_assert_eq(st, DB_OK, "store: %s", db_errmsg(db));
}

static int64_t user(const char *email, const char *name)
{
	user_t u = {.email = email, .name = name, .role = ROLE_MEMBER, .active = true};
	int64_t id = 0;
	ok(store_user_insert(db, &u, NULL, &id));
	return id;
}

static int64_t meeting(int r, int64_t by, int64_t starts, bool in_mentee_hours)
{
	meeting_row_t m = {.relationship_id = F.rel[r], .starts_at = starts, .duration_min = 60,
			   .channel = "video", .kind = "regular", .status = "scheduled",
			   .in_mentee_hours = in_mentee_hours, .in_mentor_hours = true, .created_by = by};
	int64_t id = 0;
	ok(store_meeting_insert(db, &m, &id));
	return id;
}

static int64_t goal(int r, const char *due_on)
{
	goal_row_t g = {.relationship_id = F.rel[r], .title = "Lead the weekly demo", .outcome = "Runs it alone",
			.term = "short", .metric = "demos led", .due_on = due_on, .relevance = "growth",
			.status = "active", .has_baseline = true, .baseline = 0, .has_target = true, .target = 4};
	int64_t id = 0;
	ok(store_goal_insert(db, &g, F.mentee[r], &id));
	return id;
}

static void message(int r, int64_t by, const char *body)
{
	int64_t id;
	ok(store_message_add(db, F.rel[r], by, body, &id));
}

/* A balanced, well-kept relationship: both propose, meetings in the
 * mentee's hours, actions serve goals, goals on time, recent contact. */
static void healthy(int r)
{
	int64_t g = goal(r, "2026-06-30"), id;
	int64_t m1 = meeting(r, F.mentee[r], T0 + 2 * DAY, true);
	meeting(r, F.mentor[r], T0 + 16 * DAY, true);
	meeting(r, F.mentee[r], T0 + 30 * DAY, true);
	ok(store_agenda_add(db, m1, F.mentee[r], "How do I prepare a demo?", true, &id));
	ok(store_agenda_add(db, m1, F.mentor[r], "Review last week", false, &id));
	ok(store_action_add(db, F.rel[r], 0, "Draft the demo outline", F.mentee[r], "2026-01-20", g,
			    F.mentor[r], &id));
	ok(store_feedback_add(db, m1, F.mentor[r], F.mentee[r], 5, "SECRET-COMMENT great prep", "preparation",
			      &id));
	ok(store_goal_progress_add(db, g, 2, "half way", F.mentee[r], &id));
}

static void build(void)
{
	at(T0);
	db = db_pool_acquire(H.app.pool);
	ok(db_begin(db));
	program_t p = {.name = "Health cohort", .description = "", .kind = "one_to_one", .starts_on = "2026-01-01",
		       .ends_on = "2026-12-31", .matching = "optimal", .cadence_days = 14,
		       .max_mentors_per_mentee = 2, .weights_json = "{}"};
	ok(store_program_insert(db, &p, H.mgr1, &F.program));
	ok(store_program_set_managers(db, F.program, &H.mgr1, 1));
	p.name = "Another cohort";
	ok(store_program_insert(db, &p, H.mgr2, &F.other_program));
	ok(store_program_set_managers(db, F.other_program, &H.mgr2, 1));
	/* member1 takes part (as a mentee) so the refusal is 403, not 404. */
	participant_t part = {.program_id = F.program, .user_id = H.member[0], .role = "mentee", .capacity = 1};
	int64_t pid;
	ok(store_participant_insert(db, &part, &pid));
	for (int r = 0; r < R_COUNT; r++) {
		char e[64], n[64];
		snprintf(e, sizeof(e), "mentor%d@example.org", r);
		snprintf(n, sizeof(n), r == R_QUIET ? "=HYPERLINK(\"x\")" : "Mentor %d", r);
		F.mentor[r] = user(e, n);
		snprintf(e, sizeof(e), "mentee%d@example.org", r);
		snprintf(n, sizeof(n), "Mentee %d", r);
		F.mentee[r] = user(e, n);
		relationship_t rel = {.program_id = F.program, .mentor_id = F.mentor[r], .mentee_id = F.mentee[r],
				      .origin = "manual"};
		ok(store_rel_insert(db, &rel, H.mgr1, &F.rel[r]));
	}
	int64_t id, m1, m2, c;

	healthy(R_HEALTHY);

	/* gone quiet: a goal on time, but nothing at all since the start. */
	goal(R_QUIET, "2026-06-30");

	/* schedule imposed: two meetings outside the mentee's hours, one
	 * reschedule the mentor asked for. */
	healthy(R_SCHEDULE);
	F.outside_meeting = meeting(R_SCHEDULE, F.mentor[R_SCHEDULE], T0 + 20 * DAY, false);
	m2 = meeting(R_SCHEDULE, F.mentor[R_SCHEDULE], T0 + 22 * DAY, false);
	ok(store_reschedule_add(db, m2, T0 + 21 * DAY, T0 + 22 * DAY, F.mentor[R_SCHEDULE], "SECRET-REASON"));

	/* credit taken: the mentee's idea now credited to the mentor, and a
	 * win by the mentor built on it. */
	healthy(R_CREDIT);
	ok(store_concern_add(db, F.rel[R_CREDIT], F.mentee[R_CREDIT], "Demos run long", "", &c));
	ok(store_idea_add(db, c, F.mentee[R_CREDIT], "SECRET-IDEA timebox each demo", &F.credited_idea));
	ok(store_idea_credit(db, F.credited_idea, F.mentee[R_CREDIT], F.mentor[R_CREDIT], F.mentee[R_CREDIT]));
	ok(store_win_add(db, F.rel[R_CREDIT], F.mentor[R_CREDIT], "Demos are short now", 0, F.credited_idea, &id));

	/* mentor's projects pushed: two action items for the mentee, no goal. */
	healthy(R_PUSHED);
	ok(store_action_add(db, F.rel[R_PUSHED], 0, "Migrate my team's wiki", F.mentee[R_PUSHED], "2026-02-01", 0,
			    F.mentor[R_PUSHED], &F.pushed_action));
	ok(store_action_add(db, F.rel[R_PUSHED], 0, "Fix my build scripts", F.mentee[R_PUSHED], "2026-02-01", 0,
			    F.mentor[R_PUSHED], &id));

	/* repeated mistakes: the same tag in two feedbacks to the mentee and
	 * no corrective action after the first. */
	healthy(R_REPEATED);
	m1 = meeting(R_REPEATED, F.mentee[R_REPEATED], T0 + 5 * DAY, true);
	m2 = meeting(R_REPEATED, F.mentor[R_REPEATED], T0 + 12 * DAY, true);
	ok(store_feedback_add(db, m1, F.mentor[R_REPEATED], F.mentee[R_REPEATED], 3, "SECRET-COMMENT one",
			      "Listening,SECRET-TAG", &F.repeated_feedback));
	ok(store_feedback_add(db, m2, F.mentor[R_REPEATED], F.mentee[R_REPEATED], 3, "SECRET-COMMENT two",
			      "listening", &id));

	/* the same, corrected: an action item for the mentee after the first. */
	healthy(R_CORRECTED);
	m1 = meeting(R_CORRECTED, F.mentee[R_CORRECTED], T0 + 5 * DAY, true);
	m2 = meeting(R_CORRECTED, F.mentor[R_CORRECTED], T0 + 12 * DAY, true);
	ok(store_feedback_add(db, m1, F.mentor[R_CORRECTED], F.mentee[R_CORRECTED], 3, "", "listening", &id));
	ok(store_action_add(db, F.rel[R_CORRECTED], 0, "Summarise back before answering", F.mentee[R_CORRECTED],
			    "2026-02-01", 0, F.mentee[R_CORRECTED], &id));
	ok(store_feedback_add(db, m2, F.mentor[R_CORRECTED], F.mentee[R_CORRECTED], 4, "", "listening", &id));

	/* one-sided: the mentor starts every meeting and agenda item. */
	goal(R_ONE_SIDED, "2026-06-30");
	for (int i = 0; i < 4; i++) {
		m1 = meeting(R_ONE_SIDED, F.mentor[R_ONE_SIDED], T0 + (3 + 7 * i) * DAY, true);
		ok(store_agenda_add(db, m1, F.mentor[R_ONE_SIDED], "My topic", false, &id));
	}

	/* overdue goals: an active goal due three weeks before the check. */
	healthy(R_OVERDUE);
	F.overdue_goal = goal(R_OVERDUE, "2026-01-20");

	/* Recent contact for everyone but the quiet pair. */
	at(CHECK_AT - DAY);
	for (int r = 0; r < R_COUNT; r++)
		if (r != R_QUIET)
			message(r, F.mentee[r], "SECRET-MESSAGE see you soon");
	ok(db_commit(db));
	db_pool_release(H.app.pool, db);
	db = NULL;
	at(CHECK_AT);
}

static void setup(void)
{
	h_setup();
	build();
}

static void teardown(void)
{
	unsetenv("MENTORD_NOW");
	h_teardown();
}

TestSuite(health, .init = setup, .fini = teardown);

static const char *path(const char *fmt, int64_t id)
{
	return h_fmt(fmt, (long long)id);
}

/* The health item of relationship r in a /health answer. */
static json_t *item(h_resp_t *resp, int r)
{
	json_t *items = h_at(resp, "items"), *it;
	size_t i;
	json_array_foreach(items, i, it)
		if (json_integer_value(json_object_get(it, "relationship_id")) == F.rel[r])
			return it;
	cr_assert_fail("relationship %d is not in the answer: %s", r, resp->body);
	return NULL;
}

static json_t *flag(json_t *health, const char *code)
{
	json_t *flags = json_object_get(health, "flags"), *f;
	size_t i;
	json_array_foreach(flags, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "code")), code))
			return f;
	return NULL;
}

static const char *codes(json_t *health)
{
	json_t *flags = json_object_get(health, "flags"), *f;
	size_t i;
	char *s = h_fmt("%s", "");
	json_array_foreach(flags, i, f)
		s = h_fmt("%s%s ", s, json_string_value(json_object_get(f, "code")));
	return s;
}

static bool has_href(json_t *f, const char *href)
{
	json_t *ev = json_object_get(f, "evidence"), *e;
	size_t i;
	json_array_foreach(ev, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "href")), href))
			return true;
	return false;
}

static h_resp_t *health_of(void)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET",
			       path("/api/v1/programs/%lld/health?limit=100", F.program), NULL);
	h_expect_status(resp, 200);
	return resp;
}

/* Exactly this flag (or none) on relationship r. */
static void expect_only(h_resp_t *resp, int r, const char *code)
{
	json_t *it = item(resp, r);
	size_t n = json_array_size(json_object_get(it, "flags"));
	if (!code) {
		cr_assert_eq(n, 0, "relationship %d should be healthy, has: %s", r, codes(it));
		/* A pair that has not met yet has no score, never a 100. */
		if (!strcmp(json_string_value(json_object_get(it, "state")), "not_started"))
			cr_assert(json_is_null(json_object_get(it, "score")));
		else
			cr_assert_eq(json_integer_value(json_object_get(it, "score")), 100);
		return;
	}
	json_t *f = flag(it, code);
	cr_assert_not_null(f, "relationship %d lacks %s; has: %s", r, code, codes(it));
	cr_assert_eq(n, 1, "relationship %d should only have %s; has: %s", r, code, codes(it));
	const char *msg = json_string_value(json_object_get(f, "message"));
	cr_assert(msg && strlen(msg) > 20, "a flag is explained in words");
	cr_assert_lt(json_integer_value(json_object_get(it, "score")), 100);
}

Test(health, each_misstep_flags_only_its_relationship)
{
	h_resp_t *resp = health_of();
	expect_only(resp, R_HEALTHY, NULL);
	expect_only(resp, R_CORRECTED, NULL);
	expect_only(resp, R_QUIET, "gone_quiet");
	expect_only(resp, R_SCHEDULE, "schedule_imposed");
	expect_only(resp, R_CREDIT, "credit_taken");
	expect_only(resp, R_PUSHED, "projects_pushed");
	expect_only(resp, R_REPEATED, "repeated_mistakes");
	expect_only(resp, R_ONE_SIDED, "one_sided");
	expect_only(resp, R_OVERDUE, "overdue_goals");
	cr_assert_eq(h_int(resp, "summary.relationships"), R_COUNT);
	cr_assert_eq(h_int(resp, "summary.flags.gone_quiet"), 1);
	cr_assert_eq(h_int(resp, "summary.flags.credit_taken"), 1);
	/* At risk before never met before the rest; scores lowest first. */
	json_t *items = h_at(resp, "items");
	for (size_t i = 1; i < json_array_size(items); i++) {
		json_t *a = json_array_get(items, i - 1), *b = json_array_get(items, i);
		if (json_is_integer(json_object_get(a, "score")) && json_is_integer(json_object_get(b, "score")))
			cr_assert_leq(json_integer_value(json_object_get(a, "score")),
				      json_integer_value(json_object_get(b, "score")));
	}
	/* The quiet pair never met: not started, unscored, and at risk for it. */
	json_t *quiet = item(resp, R_QUIET);
	cr_assert_str_eq(json_string_value(json_object_get(quiet, "state")), "at_risk");
	cr_assert(json_is_null(json_object_get(quiet, "score")));
	cr_assert_str_eq(json_string_value(json_object_get(item(resp, R_HEALTHY), "state")), "on_track");
	cr_assert_eq(h_int(resp, "summary.not_started"), 1);
}

Test(health, flags_link_to_their_evidence)
{
	h_resp_t *resp = health_of();
	json_t *f = flag(item(resp, R_SCHEDULE), "schedule_imposed");
	cr_assert(has_href(f, path("/api/v1/meetings/%lld", F.outside_meeting)), "%s", resp->body);
	cr_assert_str_eq(json_string_value(json_object_get(f, "severity")), "medium");
	cr_assert_not_null(strstr(json_string_value(json_object_get(f, "message")), "2 meetings were set outside"));
	f = flag(item(resp, R_PUSHED), "projects_pushed");
	cr_assert(has_href(f, path("/api/v1/relationships/%lld/actions", F.rel[R_PUSHED])));
	json_t *ev = json_array_get(json_object_get(f, "evidence"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(ev, "type")), "action");
	f = flag(item(resp, R_CREDIT), "credit_taken");
	cr_assert_eq(json_array_size(json_object_get(f, "evidence")), 2, "the idea and the win");
	cr_assert_str_eq(json_string_value(json_object_get(f, "severity")), "high");
	f = flag(item(resp, R_OVERDUE), "overdue_goals");
	cr_assert(has_href(f, path("/api/v1/goals/%lld", F.overdue_goal)));
	f = flag(item(resp, R_REPEATED), "repeated_mistakes");
	cr_assert_eq(json_array_size(json_object_get(f, "evidence")), 2, "both feedbacks: %s", resp->body);
	f = flag(item(resp, R_QUIET), "gone_quiet");
	cr_assert_not_null(strstr(json_string_value(json_object_get(f, "message")), "40 days"));
	f = flag(item(resp, R_ONE_SIDED), "one_sided");
	cr_assert_not_null(strstr(json_string_value(json_object_get(f, "message")), "nudge the mentee"));
}

Test(health, nothing_private_leaks)
{
	h_client_t *m = h_as("mgr1@example.org");
	const char *paths[] = {"/api/v1/programs/%lld/health?limit=100", "/api/v1/programs/%lld/report",
			       "/api/v1/programs/%lld/report.csv", "/programs/%lld/dashboard"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		h_resp_t *resp = h_req(m, "GET", path(paths[i], F.program), NULL);
		h_expect_status(resp, 200);
		cr_assert_null(strstr(resp->body, "SECRET"), "%s leaks private text", paths[i]);
		cr_assert_null(strcasestr(resp->body, "listening"), "%s quotes a feedback tag", paths[i]);
	}
}

Test(health, relationship_json_carries_health)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/relationships/%lld", F.rel[R_CREDIT]),
			       NULL);
	h_expect_status(resp, 200);
	json_t *health = h_at(resp, "health");
	cr_assert(json_is_object(health), "%s", resp->body);
	cr_assert_not_null(flag(health, "credit_taken"));
	cr_assert_lt(h_int(resp, "health.score"), 100);
	resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/relationships/%lld", F.rel[R_HEALTHY]), NULL);
	cr_assert_eq(h_int(resp, "health.score"), 100);
	cr_assert_eq(json_array_size(h_at(resp, "health.flags")), 0);
}

Test(health, report_json)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/programs/%lld/report", F.program),
			       NULL);
	h_expect_status(resp, 200);
	cr_assert_eq(h_int(resp, "program.id"), F.program);
	cr_assert_eq(h_int(resp, "relationships.total"), R_COUNT);
	cr_assert_eq(h_int(resp, "relationships.active"), R_COUNT);
	cr_assert_eq(h_int(resp, "relationships.by_phase.getting_to_know"), R_COUNT);
	cr_assert_eq(json_array_size(h_at(resp, "items")), R_COUNT);
	/* healthy() ran in 7 relationships: 3 meetings each, plus the extras. */
	cr_assert_eq(h_int(resp, "meeting_regularity.meetings"), 7 * 3 + 2 + 4 + 4);
	cr_assert_eq(h_int(resp, "meeting_regularity.contact.gone_quiet"), 1);
	cr_assert_eq(h_int(resp, "goal_completion.goals"), R_COUNT + 1);
	cr_assert_eq(h_int(resp, "goal_completion.relationships_with_overdue_goals"), 1);
	cr_assert_eq(h_int(resp, "satisfaction.feedback.ratings"), 7 + 4);
	cr_assert_eq(h_int(resp, "skill_growth.goals_with_progress"), 7);
	cr_assert(json_real_value(h_at(resp, "skill_growth.average_progress_pct")) > 49.9);
	cr_assert_not_null(h_str(resp, "skill_growth.note"));
	cr_assert_eq(h_int(resp, "health.flags.one_sided"), 1);
	json_t *months = h_at(resp, "meeting_regularity.per_month");
	cr_assert_eq(json_array_size(months), 12);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(months, 11), "month")), "2026-02");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(months, 10), "meetings")), 7 * 3 + 2 + 4 + 4);
}

Test(health, report_csv)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/programs/%lld/report.csv", F.program),
			       NULL);
	h_expect_status(resp, 200);
	cr_assert_not_null(strstr(h_header(resp, "Content-Type"), "text/csv"));
	const char *head = "relationship_id,mentor_id,mentor_name,mentee_id,mentee_name,phase,state,score,";
	cr_assert_eq(strncmp(resp->body, head, strlen(head)), 0, "%s", resp->body);
	int lines = 0;
	for (const char *c = resp->body; *c; c++)
		lines += *c == '\n';
	cr_assert_eq(lines, R_COUNT + 1, "%s", resp->body);
	/* The quiet mentor's name looks like a formula: quoted and defused. */
	cr_assert_not_null(strstr(resp->body, "\"'=HYPERLINK(\"\"x\"\")\""), "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, ",\"gone_quiet\",40,"), "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, ",\"schedule_imposed\","), "%s", resp->body);
}

Test(health, settings_change_the_flags)
{
	h_client_t *m = h_as("mgr1@example.org");
	const char *p = path("/api/v1/programs/%lld/health-settings", F.program);
	h_resp_t *resp = h_req(m, "GET", p, NULL);
	h_expect_status(resp, 200);
	cr_assert_eq(h_int(resp, "repeat_min"), 2);
	cr_assert(!json_is_true(h_at(resp, "custom")));
	h_expect_field(h_req(m, "PUT", p, "{\"quiet_factor\": 0.5}"), "quiet_factor");
	h_expect_field(h_req(m, "PUT", p, "{\"repeat_min\": 1}"), "repeat_min");
	h_expect_field(h_req(m, "PUT", p, "{\"bogus\": 1}"), "bogus");
	resp = h_req(m, "PUT", p, "{\"repeat_min\": 3, \"schedule_min\": 4, \"quiet_factor\": 3}");
	h_expect_status(resp, 200);
	cr_assert_eq(h_int(resp, "repeat_min"), 3);
	cr_assert(json_is_true(h_at(resp, "custom")));
	resp = health_of();
	expect_only(resp, R_REPEATED, NULL);
	expect_only(resp, R_SCHEDULE, NULL);
	expect_only(resp, R_QUIET, NULL);
	expect_only(resp, R_CREDIT, "credit_taken");
}

Test(health, settings_input_is_checked_at_the_edge)
{
	h_client_t *m = h_as("mgr1@example.org");
	const char *p = path("/api/v1/programs/%lld/health-settings", F.program);
	/* A number that is not a number, and a field that is not a setting. */
	h_resp_t *resp = h_req(m, "PUT", p, "{\"quiet_factor\": \"x\"}");
	h_expect_field(resp, "quiet_factor");
	cr_assert_not_null(strstr(h_str(resp, "error.fields.quiet_factor"), "number"), "%s", resp->body);
	resp = h_req(m, "PUT", p, "{\"repeat_min\": 3, \"colour\": \"red\"}");
	h_expect_field(resp, "colour");
	h_expect_field(h_req(m, "PUT", p, "{\"agenda_balance\": 1.5}"), "agenda_balance");
	h_expect_field(h_req(m, "PUT", p, "{\"overdue_grace_days\": 2.5}"), "overdue_grace_days");
	h_expect_status(h_req(m, "PUT", p, "[1]"), 400);
	/* Nothing of it was saved. */
	resp = h_req(m, "GET", p, NULL);
	cr_assert_eq(h_int(resp, "repeat_min"), 2);
	cr_assert(!json_is_true(h_at(resp, "custom")));
	/* What a GET answers can be sent back as it is. */
	h_expect_status(h_req(m, "PUT", p, resp->body), 200);
}

Test(health, the_list_pages_lowest_score_first)
{
	h_client_t *m = h_as("mgr1@example.org");
	h_resp_t *all = health_of(), *page;
	json_t *items = h_at(all, "items");
	cr_assert_eq(json_array_size(items), R_COUNT);
	cr_assert(json_is_null(h_at(all, "next")));
	/* Pages of four follow the same order as the whole list. */
	const char *cursor = NULL;
	size_t seen = 0;
	do {
		page = h_req(m, "GET", cursor ? h_fmt("/api/v1/programs/%lld/health?limit=4&cursor=%s",
						      (long long)F.program, cursor)
					      : path("/api/v1/programs/%lld/health?limit=4", F.program), NULL);
		h_expect_status(page, 200);
		json_t *it;
		size_t i;
		json_array_foreach(h_at(page, "items"), i, it) {
			json_t *want = json_array_get(items, seen++);
			cr_assert_eq(json_integer_value(json_object_get(it, "relationship_id")),
				     json_integer_value(json_object_get(want, "relationship_id")));
			cr_assert_not_null(json_string_value(json_object_get(json_object_get(it, "mentee"), "name")));
		}
		cursor = h_str(page, "next");
	} while (cursor);
	cr_assert_eq(seen, R_COUNT);
	/* Only the relationships at risk. */
	page = h_req(m, "GET", path("/api/v1/programs/%lld/health?at_risk=1", F.program), NULL);
	h_expect_status(page, 200);
	json_t *it;
	size_t i;
	json_array_foreach(h_at(page, "items"), i, it)
		cr_assert(json_is_true(json_object_get(it, "at_risk")), "%s", page->body);
	cr_assert_eq((int64_t)json_array_size(h_at(page, "items")), h_int(page, "summary.at_risk"));
	h_expect_field(h_req(m, "GET", path("/api/v1/programs/%lld/health?cursor=x", F.program), NULL), "cursor");
	/* A cursor past the end, however far: an empty page. */
	page = h_req(m, "GET", path("/api/v1/programs/%lld/health?cursor=99999999999999999999", F.program), NULL);
	h_expect_status(page, 200);
	cr_assert_eq(json_array_size(h_at(page, "items")), 0);
	cr_assert(json_is_null(h_at(page, "next")));
}

Test(health, only_managers_and_admins)
{
	const char *paths[] = {"/api/v1/programs/%lld/health", "/api/v1/programs/%lld/report",
			       "/api/v1/programs/%lld/report.csv", "/api/v1/programs/%lld/health-settings"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *p = path(paths[i], F.program);
		h_expect_status(h_req(h_as("admin@example.org"), "GET", p, NULL), 200);
		h_expect_status(h_req(h_as("member1@example.org"), "GET", p, NULL), 403);
		/* Not part of the program: its existence is not confirmed
		 * (api_program_access), for members and other managers alike. */
		h_expect_status(h_req(h_as("member2@example.org"), "GET", p, NULL), 404);
		h_expect_status(h_req(h_as("mgr2@example.org"), "GET", p, NULL), 404);
	}
	h_expect_status(h_req(h_as("mgr2@example.org"), "PUT", path("/api/v1/programs/%lld/health-settings",
		F.program), "{\"repeat_min\": 5}"), 404);
	h_expect_status(h_req(h_as("mgr1@example.org"), "GET", "/api/v1/programs/9999/health", NULL), 404);
	/* The page: 403 for a participant, 404 for anyone else. */
	h_expect_status(h_req(h_as("member1@example.org"), "GET", path("/programs/%lld/dashboard", F.program), NULL),
			403);
	h_expect_status(h_req(h_as("member2@example.org"), "GET", path("/programs/%lld/dashboard", F.program), NULL),
			404);
	h_expect_status(h_req(h_as("mgr2@example.org"), "GET", path("/programs/%lld/dashboard", F.program), NULL),
			404);
	/* Another program's manager enrolled here as a mentor sees the program
	 * but may not manage it: 403. */
	db = db_pool_acquire(H.app.pool);
	participant_t part = {.program_id = F.program, .user_id = H.mgr2, .role = "mentor", .capacity = 1};
	int64_t pid;
	ok(store_participant_insert(db, &part, &pid));
	db_pool_release(H.app.pool, db);
	db = NULL;
	h_expect_status(h_req(h_as("mgr2@example.org"), "GET", path("/api/v1/programs/%lld/health", F.program), NULL),
			403);
}

Test(health, dashboard_page)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET", path("/programs/%lld/dashboard", F.program), NULL);
	h_expect_status(resp, 200);
	const char *b = resp->body;
	cr_assert_not_null(strstr(b, "<h1>Program health</h1>"));
	cr_assert_not_null(strstr(b, "role=\"img\""));
	cr_assert_not_null(strstr(b, "<title id=\"phases-title\">"));
	cr_assert_not_null(strstr(b, "<desc id=\"phases-desc\">"));
	cr_assert_not_null(strstr(b, "Relationships at risk"));
	cr_assert_not_null(strstr(b, "Mentee 3"), "the pair whose credit was taken is listed at risk");
	cr_assert_null(strstr(b, "style="), "no inline styles (CSP)");
	cr_assert_null(strstr(b, "<script"), "no script");
	int svgs = 0, tables = 0;
	for (const char *c = b; (c = strstr(c, "<svg")); c++)
		svgs++;
	for (const char *c = b; (c = strstr(c, "<table")); c++)
		tables++;
	cr_assert_eq(svgs, 10, "ten charts");
	cr_assert_geq(tables, svgs, "a data table beside every chart");
}

Test(health, dashboard_thresholds_form)
{
	h_client_t *m = h_as("mgr1@example.org");
	const char *form = path("/programs/%lld/dashboard/thresholds", F.program);
	static const char bad[] = "quiet_factor=3&at_risk_below=lots";
	h_resp_t *resp = h_req_ct(m, "POST", form, "application/x-www-form-urlencoded", bad, sizeof(bad) - 1);
	h_expect_status(resp, 422);
	cr_assert_not_null(strstr(resp->body, "The thresholds were not saved. At risk below: "), "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, "value=\"lots\""), "what was typed is kept");
	cr_assert(!json_is_true(h_at(h_req(m, "GET", path("/api/v1/programs/%lld/health-settings", F.program), NULL),
				     "custom")), "nothing was saved");
	static const char good[] = "at_risk_below=70&quiet_factor=&repeat_min=3";
	resp = h_req_ct(m, "POST", form, "application/x-www-form-urlencoded", good, sizeof(good) - 1);
	h_expect_status(resp, 303);
	cr_assert_not_null(strstr(h_header(resp, "Location"), "saved=1"));
	resp = h_req(m, "GET", path("/api/v1/programs/%lld/health-settings", F.program), NULL);
	cr_assert_eq(h_int(resp, "at_risk_below"), 70);
	cr_assert_eq(h_int(resp, "repeat_min"), 3);
	cr_assert(json_real_value(h_at(resp, "quiet_factor")) == 2.0, "a field left empty keeps its value");
	/* Only the program's managers. */
	resp = h_req_ct(h_as("member1@example.org"), "POST", form, "application/x-www-form-urlencoded", good,
			sizeof(good) - 1);
	h_expect_status(resp, 403);
	resp = h_req(m, "GET", path("/programs/%lld/dashboard?saved=1", F.program), NULL);
	cr_assert_not_null(strstr(resp->body, "The thresholds have been saved."));
}

