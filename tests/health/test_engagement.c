/* Engagement end to end (issue 14, item 6): who answers and how fast, and
 * the hours of mentoring. Messages are written through the store with the
 * clock pinned (MENTORD_NOW), meetings held, then the real server is asked
 * over HTTP: the reply medians in the health data, the slow_replies flag
 * and its threshold in the health settings, the hours per relationship,
 * per mentor and per program in the report as JSON and CSV. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store/store.h"

/* 2026-01-01T00:00:00Z, when everything starts; checked 40 days later. */
#define T0 1767225600LL
#define HOUR 3600LL
#define DAY 86400LL
#define CHECK_AT (T0 + 40 * DAY)

static void at(int64_t t)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", (long long)t);
	setenv("MENTORD_NOW", s, 1);
}

/* R_FAST and R_SLOW share their mentor; R_OTHER has its own. */
enum { R_FAST, R_SLOW, R_OTHER, R_COUNT };

static struct {
	int64_t program, rel[R_COUNT], mentor[R_COUNT], mentee[R_COUNT], held_later;
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

static int64_t meeting(int r, int64_t starts, int minutes, const char *status)
{
	meeting_row_t m = {.relationship_id = F.rel[r], .starts_at = starts, .duration_min = minutes,
			   .channel = "video", .kind = "regular", .status = status,
			   .in_mentee_hours = true, .in_mentor_hours = true, .created_by = F.mentee[r]};
	int64_t id = 0;
	ok(store_meeting_insert(db, &m, &id)); /* scheduled, as every new meeting */
	if (strcmp(status, "scheduled")) {
		meeting_row_t *got;
		arena_t *a = arena_new();
		ok(store_meeting_get(db, a, id, &got));
		got->status = status;
		ok(store_meeting_update(db, got));
		arena_free(a);
	}
	return id;
}

static void message(int r, int64_t by, int64_t when)
{
	at(when);
	int64_t id;
	ok(store_message_add(db, F.rel[r], by, "SECRET-MESSAGE", &id));
}

/* A conversation: the mentee writes (twice at first: the wait counts from
 * the first unanswered message), then three times the mentor answers
 * after `wait` and the mentee an hour later. */
static void rounds(int r, int64_t wait)
{
	int64_t t = T0 + DAY;
	message(r, F.mentee[r], t);
	message(r, F.mentee[r], t + HOUR / 2);
	for (int i = 0; i < 3; i++) {
		message(r, F.mentor[r], t += wait);
		message(r, F.mentee[r], t += HOUR);
	}
}

static void build(void)
{
	at(T0);
	db = db_pool_acquire(H.app.pool);
	ok(db_begin(db));
	program_t p = {.name = "Engagement cohort", .description = "", .kind = "one_to_one",
		       .starts_on = "2026-01-01", .ends_on = "2026-12-31", .matching = "optimal", .cadence_days = 14,
		       .max_mentors_per_mentee = 2, .weights_json = "{}"};
	ok(store_program_insert(db, &p, H.mgr1, &F.program));
	ok(store_program_set_managers(db, F.program, &H.mgr1, 1));
	F.mentor[R_FAST] = F.mentor[R_SLOW] = user("mentor-a@example.org", "Mentor A");
	F.mentor[R_OTHER] = user("mentor-b@example.org", "Mentor B");
	for (int r = 0; r < R_COUNT; r++) {
		F.mentee[r] = H.member[r]; /* member1@ .. member3@, who can log in */
		relationship_t rel = {.program_id = F.program, .mentor_id = F.mentor[r], .mentee_id = F.mentee[r],
				      .origin = "manual"};
		ok(store_rel_insert(db, &rel, H.mgr1, &F.rel[r]));
	}
	/* Held: 60 + 90 minutes in R_FAST, 30 in R_SLOW (marked held after
	 * being scheduled, its duration corrected twice), 45 in R_OTHER; a
	 * cancelled one counts nothing. */
	meeting(R_FAST, T0 + 2 * DAY, 60, "held");
	meeting(R_FAST, T0 + 9 * DAY, 90, "held");
	meeting(R_FAST, T0 + 16 * DAY, 120, "cancelled");
	F.held_later = meeting(R_SLOW, T0 + 3 * DAY, 30, "scheduled");
	meeting(R_OTHER, T0 + 4 * DAY, 45, "held");
	meeting_row_t *m;
	arena_t *a = arena_new();
	ok(store_meeting_get(db, a, F.held_later, &m));
	m->status = "held";
	ok(store_meeting_update(db, m));
	m->duration_min = 40; /* corrected: the held minutes follow */
	ok(store_meeting_update(db, m));
	m->duration_min = 30;
	ok(store_meeting_update(db, m));
	arena_free(a);

	rounds(R_FAST, 2 * HOUR);  /* the mentor answers in 2 hours (3 in the first round) */
	rounds(R_SLOW, 4 * DAY);   /* in 4 days: slower than the default 72 hours */
	message(R_OTHER, F.mentor[R_OTHER], T0 + DAY); /* a single, unanswered message */
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

TestSuite(engagement, .init = setup, .fini = teardown);

static const char *path(const char *fmt, int64_t id)
{
	return h_fmt(fmt, (long long)id);
}

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

static double num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(json_object_get(o, a), b);
	cr_assert(json_is_number(v), "%s.%s is not a number", a, b);
	return json_number_value(v);
}

static h_resp_t *health_of(void)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET",
			       path("/api/v1/programs/%lld/health?limit=100", F.program), NULL);
	h_expect_status(resp, 200);
	return resp;
}

Test(engagement, reply_medians_per_side)
{
	h_resp_t *resp = health_of();
	json_t *fast = json_object_get(item(resp, R_FAST), "response_times");
	/* The mentor's waits: 2 h each, the first counted from the first of
	 * the mentee's two unanswered messages. */
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(fast, "mentor"), "replies")), 3);
	cr_assert_float_eq(num(fast, "mentor", "median_hours"), 2.0, 0.01);
	/* The mentee: an hour each time. */
	json_t *mentee = json_object_get(fast, "mentee");
	cr_assert_eq(json_integer_value(json_object_get(mentee, "replies")), 3, "%s", resp->body);
	cr_assert_float_eq(num(fast, "mentee", "median_hours"), 1.0, 0.01);
	json_t *slow = json_object_get(item(resp, R_SLOW), "response_times");
	cr_assert_float_eq(num(slow, "mentor", "median_hours"), 96.0, 0.01);
	json_t *other = json_object_get(item(resp, R_OTHER), "response_times");
	cr_assert(json_is_null(json_object_get(json_object_get(other, "mentor"), "median_hours")));
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(other, "mentee"), "replies")), 0);
	/* The relationship's own health carries them too. */
	resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/relationships/%lld", F.rel[R_SLOW]), NULL);
	h_expect_status(resp, 200);
	cr_assert_float_eq(json_number_value(h_at(resp, "health.response_times.mentor.median_hours")), 96.0, 0.01);
}

Test(engagement, slow_replies_flag_and_its_threshold)
{
	h_resp_t *resp = health_of();
	json_t *f = flag(item(resp, R_SLOW), "slow_replies");
	cr_assert_not_null(f, "%s", resp->body);
	cr_assert_str_eq(json_string_value(json_object_get(f, "severity")), "low");
	const char *msg = json_string_value(json_object_get(f, "message"));
	cr_assert(strstr(msg, "The mentor takes 4 days (the median of 3 replies)"), "%s", msg);
	cr_assert_null(flag(item(resp, R_FAST), "slow_replies"));
	cr_assert_null(flag(item(resp, R_OTHER), "slow_replies"));
	cr_assert_eq(h_int(resp, "summary.flags.slow_replies"), 1);
	cr_assert_null(strstr(resp->body, "SECRET-MESSAGE"), "no message text in the health data");

	h_client_t *m = h_as("mgr1@example.org");
	const char *p = path("/api/v1/programs/%lld/health-settings", F.program);
	resp = h_req(m, "GET", p, NULL);
	cr_assert_eq(h_int(resp, "slow_reply_hours"), 72);
	h_expect_field(h_req(m, "PUT", p, "{\"slow_reply_hours\": 0}"), "slow_reply_hours");
	h_expect_field(h_req(m, "PUT", p, "{\"slow_reply_hours\": 721}"), "slow_reply_hours");
	h_expect_field(h_req(m, "PUT", p, "{\"slow_reply_hours\": \"soon\"}"), "slow_reply_hours");
	resp = h_req(m, "PUT", p, "{\"slow_reply_hours\": 100}");
	h_expect_status(resp, 200);
	cr_assert_eq(h_int(resp, "slow_reply_hours"), 100);
	cr_assert_null(flag(item(health_of(), R_SLOW), "slow_replies"), "96 hours are within 100");
	resp = h_req(m, "PUT", p, "{\"slow_reply_hours\": 1}");
	h_expect_status(resp, 200);
	resp = health_of();
	cr_assert_not_null(flag(item(resp, R_FAST), "slow_replies"), "2 hours are more than 1");
	/* A mentee refused. */
	h_expect_refused(h_req(h_as("member1@example.org"), "PUT", p, "{\"slow_reply_hours\": 5}"));
}

Test(engagement, mentoring_hours_in_the_report)
{
	h_resp_t *resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/programs/%lld/report", F.program),
			       NULL);
	h_expect_status(resp, 200);
	/* 60 + 90 + 30 + 45 minutes = 3.75 hours, in 3 relationships, 2 mentors. */
	cr_assert_float_eq(json_number_value(h_at(resp, "mentoring_hours.total")), 3.8, 0.01, "%s", resp->body);
	cr_assert_eq(h_int(resp, "mentoring_hours.relationships"), 3);
	cr_assert_eq(h_int(resp, "mentoring_hours.mentors"), 2);
	cr_assert_float_eq(json_number_value(h_at(resp, "mentoring_hours.average_per_relationship")), 1.3, 0.01);
	cr_assert_float_eq(json_number_value(h_at(resp, "mentoring_hours.average_per_mentor")), 1.9, 0.01);
	cr_assert_eq(h_int(resp, "response_times.slow_replies"), 1);
	cr_assert_eq(h_int(resp, "response_times.relationships"), 2);
	json_t *items = h_at(resp, "items"), *it;
	size_t i;
	int seen = 0;
	json_array_foreach(items, i, it) {
		int64_t id = json_integer_value(json_object_get(it, "relationship_id"));
		double hours = json_number_value(json_object_get(it, "mentoring_hours"));
		double mentor = json_number_value(json_object_get(it, "mentor_hours"));
		if (id == F.rel[R_FAST]) {
			cr_assert_float_eq(hours, 2.5, 0.01);
			cr_assert_float_eq(mentor, 3.0, 0.01, "Mentor A held 2.5 + 0.5 hours");
			seen++;
		} else if (id == F.rel[R_SLOW]) {
			cr_assert_float_eq(hours, 0.5, 0.01, "held after the fact counts");
			cr_assert_float_eq(mentor, 3.0, 0.01);
			cr_assert_float_eq(json_number_value(json_object_get(it, "mentor_reply_hours")), 96.0, 0.01);
			seen++;
		} else if (id == F.rel[R_OTHER]) {
			cr_assert_float_eq(hours, 0.8, 0.01);
			cr_assert(json_is_null(json_object_get(it, "mentor_reply_hours")));
			seen++;
		}
	}
	cr_assert_eq(seen, 3);

	resp = h_req(h_as("mgr1@example.org"), "GET", path("/api/v1/programs/%lld/report.csv", F.program), NULL);
	h_expect_status(resp, 200);
	/* These four columns side by side; the survey columns follow them. */
	cr_assert_not_null(strstr(resp->body, ",mentoring_hours,mentor_hours,mentor_reply_hours,mentee_reply_hours,"),
			   "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, ",2.5,3.0,2.0,1.0,"), "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, ",0.8,0.8,,,"), "%s", resp->body);

	/* The report page shows the hours. */
	resp = h_req(h_as("mgr1@example.org"), "GET", path("/programs/%lld/report", F.program), NULL);
	h_expect_status(resp, 200);
	cr_assert_not_null(strstr(resp->body, "Mentoring hours"), "%s", resp->body);
	cr_assert_not_null(strstr(resp->body, "3.8 (meetings held), in 3 relationships with 2 mentors"), "%s",
			   resp->body);
	/* Not for a member. */
	h_expect_refused(h_req(h_as("member1@example.org"), "GET", path("/api/v1/programs/%lld/report", F.program),
			       NULL));
}
